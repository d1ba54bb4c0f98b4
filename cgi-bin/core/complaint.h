/* complaint.h — the complaints register of each commune (issue #21 §2):
 * complaints received on every channel (the public form, confirmed by a
 * one-time code sent to the contact; an email or a paper letter typed in
 * by an agent; the form filled in at the desk), each with a subject (the
 * commune's categories), a status, an owner, a reply deadline (the
 * commune's complaint_reply_days after receipt) and its full history.
 * The acknowledgement and the reply go through the outbox by email (or
 * SMS for the acknowledgement), or as printed letters.
 *
 * Every change is one transaction with its history line and its audit
 * line. The commune check is the caller's (agent_can_commune). */
#ifndef CRENEAU_COMPLAINT_H
#define CRENEAU_COMPLAINT_H
#include <stdbool.h>
#include <time.h>
#include "util.h"

#define COMPLAINT_BODY_MAX 4000
#define COMPLAINT_REPLY_MAX 8000

struct complaint_new {
	long long commune_id;
	const char *channel;             /* web, email, courrier, guichet */
	long long subject_id;            /* 0: none yet */
	const char *booking_ref;         /* NULL: none */
	const char *name, *email, *phone, *address;   /* NULL when absent; phone E.164 */
	const char *body;
	const char *code_channel;        /* web: "sms" or "email", where the code goes */
	const char *lang;
	const char *base_url;
};

struct complaint_view {
	long long id, commune_id, subject_id, owner_id;
	char ref[9];
	const char *channel, *status, *booking_ref, *name, *email, *phone, *address, *body;
	const char *code_channel, *lang, *secret, *subject, *owner_name;
	const char *commune_name, *commune_phone, *commune_email;
	time_t created, received, deadline, answered, closed;
	bool overdue, purged;
};

struct complaint_event {
	const char *at, *who, *kind, *from_status, *to_status, *reply_channel, *text;
	time_t at_t;
};

struct complaint_subject {
	long long id;
	const char *label;
	bool active;
};

/* Whether a string is a channel / status a staff member may set. */
bool complaint_channel_ok(const char *c);
bool complaint_status_ok(const char *s);

/* A public complaint waiting for its code (pending_code), with the code's
 * message and the contact's send counted, in one transaction; or a
 * complaint typed in by staff member `by` (received at once, its
 * acknowledgement queued to the contact when there is one, audited).
 * out: the complaint as loaded; code (>= 7 bytes): the code in clear for
 * a public one. False on a database error. */
bool complaint_create_public(struct arena *a, const struct complaint_new *n, struct complaint_view *out, char *code);
bool complaint_create_staff(struct arena *a, long long by, const struct complaint_new *n, struct complaint_view *out);

/* By reference or id; false when not found (*err on a database error). */
bool complaint_load(struct arena *a, const char *ref, struct complaint_view *v, bool *err);
bool complaint_load_id(struct arena *a, long long id, struct complaint_view *v, bool *err);

/* The signed link of the public pages (24 hex), as the waiting list's. */
void complaint_token(const struct complaint_view *v, const char *purpose, char *out);
bool complaint_token_ok(const struct complaint_view *v, const char *purpose, const char *tok);

enum complaint_code { CCODE_OK, CCODE_WRONG, CCODE_EXPIRED, CCODE_LOCKED, CCODE_ERROR };
/* The typed code of a pending complaint, in one transaction: right, it is
 * received (deadline set, history, acknowledgement queued); wrong, the
 * try is counted with the address's (*left: tries left). */
enum complaint_code complaint_confirm_code(struct arena *a, const struct complaint_view *v, const char *code,
                                           const char *remote_addr, const char *base_url, int *left);

/* The register's list: the scope's commune (0: every commune), a status
 * ("" all but pending_code, "ouvertes": not answered nor closed), overdue
 * only; newest first, at most max. -1 on a database error. */
long complaint_list(struct arena *a, long long commune_id, const char *status, bool overdue_only, int max,
                    struct complaint_view **out);
/* Open complaints past their deadline (not answered, not closed). */
long complaint_overdue_count(struct arena *a, long long commune_id);

long complaint_history(struct arena *a, long long id, struct complaint_event **out);

/* Staff changes, each one transaction with its history and audit lines. */
bool complaint_set_status(struct arena *a, long long by, const struct complaint_view *v, const char *status,
                          const char *note);
bool complaint_assign(struct arena *a, long long by, const struct complaint_view *v, long long owner_id,
                      long long subject_id);
bool complaint_note(struct arena *a, long long by, const struct complaint_view *v, const char *text);
/* The reply: recorded, the complaint answered; by email (queued to the
 * contact) or as a letter (printed from its page). */
bool complaint_reply(struct arena *a, long long by, const struct complaint_view *v, const char *how,
                     const char *text, const char *base_url);
/* The last reply's text, date and way (NULL when none). */
bool complaint_last_reply(struct arena *a, long long id, const char **text, time_t *at, const char **how);

/* The commune's subjects (active ones only when asked); -1 on error. */
long complaint_subjects(struct arena *a, long long commune_id, bool active_only, struct complaint_subject **out);
/* 1 when the subject is an active one of the commune, 0 not, -1 error. */
int complaint_subject_of(struct arena *a, long long commune_id, long long subject_id);
enum subject_add { SUBJECT_OK, SUBJECT_EXISTS, SUBJECT_ERROR };
enum subject_add complaint_subject_add(struct arena *a, long long by, long long commune_id, const char *label);
bool complaint_subject_retire(struct arena *a, long long by, long long commune_id, long long subject_id);
/* The staff who may own the commune's complaints (agents and administrators). */
struct complaint_owner { long long id; const char *name; };
long complaint_owners(struct arena *a, long long commune_id, struct complaint_owner **out);
/* The commune's reply delay in days (-1 on error), and setting it. */
int complaint_reply_days(struct arena *a, long long commune_id);
bool complaint_set_reply_days(struct arena *a, long long by, long long commune_id, int days);

#endif
