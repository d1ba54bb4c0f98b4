/* message.h — the texts of the messages sent to people (SMS, email subject,
 * plain-text and HTML bodies, the iCalendar attachment), rendered from the
 * templates templates/msg_*.tpl in the booking's language, and the SMS
 * arithmetic: the GSM 03.38 alphabet, segments, and fitting a text into one
 * segment. Needs tpl_init() and i18n_init() done; no database access. */
#ifndef CRENEAU_MESSAGE_H
#define CRENEAU_MESSAGE_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "util.h"

enum msg_kind {
	MSG_CODE,               /* one-time code (confirm a hold, manage a booking) */
	MSG_CONFIRMED,          /* booking confirmed (email carries the .ics) */
	MSG_REMINDER,           /* before the appointment (communes.reminder_hours) */
	MSG_MOVED,              /* new time (email carries the updated .ics) */
	MSG_CANCELLED,          /* cancelled by the person */
	MSG_CANCELLED_COMMUNE,  /* cancelled by the commune, with a rebooking link */
	MSG_NOSHOW,             /* letter to a person who did not come */
	MSG_PICKUP,             /* the appointment to collect a title, booked at filing */
	MSG_PICKUP_MOVED,       /* the title is late: the pickup moved */
	MSG_WAIT_CODE,          /* code that confirms joining the waiting list */
	MSG_WAIT_JOINED,        /* on the waiting list, with the link to leave it */
	MSG_WAIT_OFFER,         /* a freed time held for a waiting person (offer_url, until) */
	MSG_SURVEY,             /* the satisfaction survey's invitation (survey_url), after the appointment */
	MSG_COMPLAINT_CODE,     /* code that confirms a complaint sent from the public form */
	MSG_COMPLAINT_ACK,      /* a complaint is registered: its reference, the reply date (reply_by) */
	MSG_COMPLAINT_REPLY,    /* the commune's reply to a complaint (reply) */
	MSG_URG_REFUSED,        /* an urgent appointment asked online is refused (reason) */
	MSG_KIND_COUNT
};

/* "code", "confirmed", "reminder", "moved", "cancelled",
 * "cancelled_commune", "noshow", "pickup", "pickup_moved", "wait_code",
 * "wait_joined", "wait_offer", "survey", "complaint_code", "complaint_ack",
 * "complaint_reply", "urgency_refused" (the outbox.kind values). */
const char *msg_kind_name(enum msg_kind k);
bool msg_kind_parse(const char *name, enum msg_kind *out);

#define MSG_MAX_PERSONS 5

/* What a message shows, already in the message's language (procedure name
 * and documents included). Strings are borrowed; NULL reads as empty. */
struct msg_values {
	enum msg_kind kind;
	const char *lang;                 /* "fr" or "en" */
	const char *ref;                  /* booking reference (8 chars) */
	const char *code;                 /* MSG_CODE */
	bool code_to_manage;              /* MSG_CODE: to manage a booking, not to confirm a request */
	int code_minutes;                 /* MSG_CODE: how long it lasts (0: 10) */
	time_t start, end;                /* UTC */
	const char *procedure;
	int party;
	const char *persons[MSG_MAX_PERSONS];   /* "Prénoms NOM" */
	int npersons;
	const char *documents;            /* one per line */
	const char *site, *address, *postcode, *city, *access_info;
	double lat, lon;                  /* 0, 0 when unknown */
	const char *commune, *commune_phone, *commune_email;
	const char *base_url;             /* "https://rdv.example.fr", no trailing slash */
	const char *manage_url;           /* signed link to the booking's page */
	const char *rebook_url;           /* MSG_CANCELLED_COMMUNE (and the default elsewhere) */
	const char *reason;               /* MSG_CANCELLED_COMMUNE, optional */
	const char *offer_url, *leave_url;  /* the waiting list's signed links */
	const char *survey_url;           /* MSG_SURVEY: the survey's signed link */
	time_t until;                     /* MSG_WAIT_OFFER: the end of the hold */
	const char *reply_by;             /* MSG_COMPLAINT_ACK: the date of the reply at the latest */
	const char *reply;                /* MSG_COMPLAINT_REPLY: the reply's text (may hold lines) */
	int sequence;                     /* iCalendar SEQUENCE: times the booking moved */
	time_t now;                       /* DTSTAMP; 0 = time(NULL) */
	unsigned parts;                   /* MSG_PART_*: what to render; 0 = all */
};

/* The parts of a message a caller needs: a code goes by one channel only,
 * and the SMS's shortening rounds and the email's three templates and
 * calendar are the bulk of a booking page's work. */
#define MSG_PART_SMS   1u
#define MSG_PART_EMAIL 2u

/* Rendered texts, arena-owned. */
struct msg_rendered {
	char *sms;           /* folded to GSM 03.38 when possible; fits one segment
	                        whenever shortening the site/commune names can make it */
	int sms_segments;
	char *subject;       /* one line */
	char *text;          /* text/plain body, '\n' line ends */
	char *html;          /* text/html body */
	char *ics;           /* iCalendar (CRLF), NULL unless confirmed/moved */
};

/* Renders the parts of a message named by v->parts (every part when 0);
 * the others stay NULL. Returns false (and logs) when a template is
 * missing or fails. Switches the gettext language for the call and
 * restores it. */
bool msg_render(struct arena *a, const struct msg_values *v, struct msg_rendered *out);

/* ------------------------------------------------------------------ SMS */
#define SMS_GSM_SINGLE 160     /* septets in one segment */
#define SMS_GSM_MULTI 153      /* per segment of a concatenated SMS */
#define SMS_UCS2_SINGLE 70     /* UTF-16 code units */
#define SMS_UCS2_MULTI 67

/* Replaces characters outside the GSM 03.38 alphabet (basic set and
 * extension table) by their usual GSM spelling: â->a, ç->c, œ->oe,
 * ’->', « »->", …->..., non-breaking spaces->space, and so on. A character
 * with no such spelling (李, emoji) is kept, and makes the text UCS-2.
 * Invalid UTF-8 bytes become '?'. Arena string. */
char *msg_gsm_fold(struct arena *a, const char *utf8);

/* How a text travels: *ucs2 false for GSM-7, where *units counts septets
 * (an extension character such as € [ ] { } costs two), true for UCS-2,
 * where it counts UTF-16 code units. Returns the number of segments: one
 * up to 160 septets / 70 units, else segments of 153 / 67 filled greedily
 * without splitting an escape sequence or a surrogate pair. 0 for "". */
int msg_sms_segments(const char *utf8, int *units, bool *ucs2);

/* Plain text -> a small HTML document (escaped, paragraphs, links), for
 * emails queued without an HTML part. Arena string. */
char *msg_text_to_html(struct arena *a, const char *text, const char *lang);

#endif
