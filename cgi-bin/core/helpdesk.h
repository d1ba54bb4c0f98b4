/* helpdesk.h — the help desk's tickets (sql/025): every call, email or
 * desk question written down with its channel, caller type, topic,
 * optional commune and booking reference, and one of three outcomes when
 * it is opened: closed at once (answered on the spot), open (with an
 * owner), or delegated to a second-line group. Later: waiting for the
 * caller (the SLA clock pauses), resolved, closed; a reply from the
 * caller reopens it. Each change is a line of the ticket's history, in
 * the transaction of the change; answers sent to the caller go through
 * the outbox with the reference ("[HD-000123]") in the subject, which is
 * how an emailed reply finds its ticket again (hd_mail_in).
 *
 * SLA timers count the help desk's opening hours (hdclock.h) minus the
 * pauses: the first answer within helpdesk_sla_first_minutes (240) and
 * the resolution within helpdesk_sla_resolution_minutes (960). */
#ifndef CRENEAU_HELPDESK_H
#define CRENEAU_HELPDESK_H
#include <stdbool.h>
#include <time.h>
#include "util.h"

struct staff;

#define HD_SUBJECT_MAX 200
#define HD_BODY_MAX 20000

/* "HD-000123" (arena). */
char *hd_ref(struct arena *a, long long id);
/* The ticket id of the first "[HD-nnnnnn]" in s (a subject), else 0. */
long long hd_ref_in(const char *s);
/* A reference typed alone ("HD-000123", "hd-123", "123"): its id, else 0. */
long long hd_ref_parse(const char *s);

bool hd_channel_ok(const char *c);       /* phone email desk form */
bool hd_caller_ok(const char *c);        /* citizen agent partner other */
bool hd_state_ok(const char *s);         /* open delegated waiting resolved closed */

struct hd_topic { long long id; const char *code, *name; };
long hd_topics(struct arena *a, struct hd_topic **out);
/* The topic of that code, else 0 (-1 on a database error). */
long long hd_topic_by_code(struct arena *a, const char *code);

/* A new topic: 1 added, 0 the code exists, -1 database error. */
int hd_topic_add(struct arena *a, const char *code, const char *name);

struct hd_group {
	long long id, topic_id, commune_id;   /* 0: none */
	int line;
	const char *name, *topic, *commune, *members;   /* members: names, comma-separated */
};
/* Groups of the platform and, when commune > 0, of that commune; all of
 * them when commune < 0. */
long hd_groups(struct arena *a, long long commune, struct hd_group **out);
int hd_group_get(struct arena *a, long long id, struct hd_group *out);
/* The commune's second line for a topic: created when missing. Its id,
 * 0 on a database error. */
long long hd_commune_group(struct arena *a, long long commune, long long topic, const char *name);
/* Sets the members of a group (staff ids; audited by the caller). */
bool hd_group_set_members(struct arena *a, long long group, const long long *staff, int n);
bool hd_is_member(struct arena *a, long long group, long long staff_id);

struct hd_new {
	const char *channel, *caller_type, *caller_name, *caller_email, *subject, *body, *booking_ref;
	long long topic_id, commune_id;     /* commune 0: none */
	const char *outcome;                /* closed_at_once, open, delegated */
	long long owner_id, group_id;       /* open: owner (0: nobody yet); delegated: group */
	long long opened_by;                /* the staff member, 0: the mail gateway */
	const char *answer;                 /* closed_at_once: what was answered (history) */
};
/* Opens a ticket with its 'created' history line (and, closed at once,
 * the answer given as a note); *id. Own transaction. False on a database
 * error. */
bool hd_create(struct arena *a, const struct hd_new *n, long long *id);

struct hd_ticket {
	long long id, topic_id, commune_id, owner_id, group_id, opened_by, group_commune;
	const char *ref, *channel, *caller_type, *caller_name, *caller_email, *subject, *body, *booking_ref;
	const char *outcome, *state, *topic, *commune, *owner, *group, *opener;
	time_t created, first_answer, resolved, waiting_since;
	long long first_answer_bs, resolution_bs, paused_bs;   /* -1: not yet */
	/* SLA, computed at read time */
	long long elapsed_bs;          /* opening-hours seconds so far, pauses out */
	bool first_overdue, resolution_overdue;
};
/* 1 found, 0 not, -1 database error. */
int hd_get(struct arena *a, long long id, struct hd_ticket *out);

struct hd_event {
	const char *at, *who, *kind, *body, *detail;
	const char *target;      /* assign: the owner's name; delegate: the group's */
	bool internal;
};
long hd_events(struct arena *a, long long ticket, struct hd_event **out);

/* Who may see a ticket: the operators and the platform; the person who
 * opened it; the members of the group it is delegated to. Who may work
 * on it (notes, states): the operators, the platform, the group's
 * members. */
bool hd_staff_runs(const struct staff *s);
bool hd_can_see(struct arena *a, const struct staff *s, const struct hd_ticket *t);
bool hd_can_work(struct arena *a, const struct staff *s, const struct hd_ticket *t);

/* A note: internal (staff only) or sent to the caller by email through
 * the outbox (then it counts as the first answer when it is one). An
 * opener's note (not one who works on it) is the caller's own reply:
 * history kind 'incoming', and it reopens a waiting or resolved ticket.
 * Own transaction. */
bool hd_note(struct arena *a, const struct hd_ticket *t, long long staff_id, const char *body, bool internal,
             bool from_caller);
/* A change of state (open, waiting, resolved, closed): pauses/resumes the
 * clock, records resolution. Own transaction. */
bool hd_set_state(struct arena *a, const struct hd_ticket *t, long long staff_id, const char *state);
/* The owner (open) or the group (delegated). */
bool hd_assign(struct arena *a, const struct hd_ticket *t, long long staff_id, long long owner_id);
bool hd_delegate(struct arena *a, const struct hd_ticket *t, long long staff_id, long long group_id);

struct hd_filter {
	const char *state;      /* "" every open one (not resolved/closed), "all", or a state */
	long long group_id;     /* 0: any */
	bool mine;              /* owner = the person */
	const char *q;          /* reference, subject or caller, "" none */
};
/* The tickets s may see that pass f, newest first, at most max. */
long hd_list(struct arena *a, const struct staff *s, const struct hd_filter *f, int max, struct hd_ticket **out);

/* One email received (mailin.c decoded it): a reply to the ticket whose
 * reference is in the subject when its caller wrote it (the sender's
 * address is the ticket's), else a new ticket (channel email, topic
 * helpdesk_mail_topic). *id the ticket, *appended whether it was a
 * reply. */
bool hd_mail_in(struct arena *a, const char *from_addr, const char *from_name, const char *subject,
                const char *text, long long *id, bool *appended);

#endif
