/* urgency.h — urgent appointments: why one was granted and by whom
 * (booking_urgency), and the requests citizens make online when their
 * title expires soon or for another justified urgency (urgency_requests):
 * confirmed by a one-time code, queued for the commune, then granted (a
 * real booking on the urgent level, made by booking_create so the
 * database still decides capacity) or refused with a reason; the person
 * is told either way through the outbox. */
#ifndef CRENEAU_URGENCY_H
#define CRENEAU_URGENCY_H
#include <stdbool.h>
#include <time.h>
#include "booking.h"
#include "util.h"

/* The reasons, as stored ("expiring", "travel", "lost", "health"). */
#define URGENCY_NREASONS 4
extern const char *const urgency_reasons[URGENCY_NREASONS];
/* The French label of a stored reason (gettext'ed); "" when unknown. */
const char *urgency_reason_label(const char *code);
bool urgency_reason_valid(const char *code);
/* Whether the reason needs a date (the title's expiry, the travel's). */
bool urgency_reason_dated(const char *code);

/* Records, inside the booking's transaction, why an agent booked on the
 * urgent or extreme level and who did (request_id: the online request it
 * answers, 0 for none). False on a database error. */
bool urgency_record(struct arena *a, long long booking_id, const char *reason, const char *detail,
                    long long staff_id, long long request_id);
/* The urgency of a booking: 1 found (reason, detail, granting staff's
 * name, when), 0 none, -1 on a database error. Arena strings. */
int urgency_of_booking(struct arena *a, long long booking_id, const char **reason, const char **detail,
                       const char **by, time_t *at);

/* A site one may ask an urgent appointment at (equipped communes). */
struct urgency_site {
	long long id, commune_id;
	const char *name, *city, *commune_name;
};
/* Active sites of equipped communes, by commune then name; -1 on error. */
long urgency_sites(struct arena *a, struct urgency_site **out);

struct urgency_new {
	long long site_id, procedure_id;
	const char *reason, *due_date;           /* due_date YYYY-MM-DD or NULL */
	const char *explanation;                 /* NULL when none */
	struct person person;
	const char *phone, *email;               /* normalised, NULL when absent */
	const char *channel;                     /* "sms" or "email": where the code goes */
	const char *lang, *base_url;
};

struct urgency_view {
	long long id, commune_id, site_id, procedure_id, booking_id, decided_by;
	char ref[9];
	const char *status;                      /* pending_code, waiting, granted, refused */
	const char *reason, *due_date, *explanation, *refusal;
	const char *last_name, *first_names, *birth_date;
	const char *phone, *email, *channel, *lang;
	const char *procedure_code, *procedure_name, *site_name, *commune_name, *decided_by_name;
	const char *booking_ref;
	time_t created, submitted, decided;
	const char *code_hash;
	int code_attempts;
	bool code_live;                          /* the code has not expired */
};

/* Creates a request waiting for its code, the code's message queued and
 * the contact's send counted, in one transaction. code: the code in clear
 * (>= 7). False on a database error. */
bool urgency_submit(struct arena *a, const struct urgency_new *n, struct urgency_view *out, char *code);
/* By reference (id 0) or id; false when not found (or *err on a database
 * error). */
bool urgency_load(struct arena *a, long long id, const char *ref, struct urgency_view *v, bool *err);

/* The signed link of the request's pages ("code", "status"); out >= 25. */
void urgency_token(const struct urgency_view *v, const char *purpose, char *out);
bool urgency_token_ok(const struct urgency_view *v, const char *purpose, const char *tok);

enum urg_code { UCODE_OK, UCODE_WRONG, UCODE_EXPIRED, UCODE_LOCKED, UCODE_ERROR };
/* The typed code: right, the request joins its commune's queue; wrong,
 * the try is counted with the address's (*left: tries left). */
enum urg_code urgency_confirm_code(struct arena *a, const struct urgency_view *v, const char *code,
                                   const char *remote_addr, int *left);

/* A commune's requests: waiting ones first (oldest first), then the
 * latest decided ones; at most max. -1 on a database error. */
long urgency_queue(struct arena *a, long long commune_id, int max, struct urgency_view **out);

enum urg_decide { UDEC_OK, UDEC_STATE, UDEC_GONE, UDEC_DUPLICATE, UDEC_INVALID, UDEC_ERROR };
/* An agent grants the request the urgent-level run starting at slot_id:
 * a confirmed booking for the person (booking_create, level urgent, the
 * commune's notice ignored), the request granted (only while waiting: a
 * second agent gets UDEC_STATE), the urgency recorded, the convocation
 * queued and the audit line, in one transaction. *ref: the booking's. */
enum urg_decide urgency_grant(struct arena *a, const struct urgency_view *v, long long slot_id,
                              long long staff_id, const char *base_url, char *ref);
/* An agent refuses it with a reason: the person is told (outbox). */
enum urg_decide urgency_refuse(struct arena *a, const struct urgency_view *v, const char *reason,
                               long long staff_id, const char *base_url);

#endif
