/* outbox.h — messages to people (SMS, email), queued in the database in
 * the same transaction as the change that causes them, and the database
 * side of their delivery by the notification worker (notify.c): claims,
 * leases, final statuses, counters, reminders.
 *
 * A message's life: 'pending' (due at next_try_utc) -> 'sending' (a worker
 * holds a lease on it) -> 'sent' | 'failed' | 'expired', or back to
 * 'pending' after a failed attempt (growing back-off) or a lost lease.
 * Its idem_key is unique: queueing the same message twice (same booking
 * and kind, same start time for a reminder) is a no-op. */
#ifndef CRENEAU_OUTBOX_H
#define CRENEAU_OUTBOX_H
#include <stdbool.h>
#include <time.h>
#include "util.h"

struct booking_view;

/* ---------------------------------------------------------- queue side */

/* Queues one message (no HTML part: the worker derives one from body).
 * deadline_s: seconds after which it is worthless (0 = none). SMS bodies
 * are folded to the GSM alphabet and their segments counted. Returns false
 * on a database error other than a duplicate key. */
bool outbox_add(struct arena *a, const char *idem_key, const char *kind, const char *channel,
                const char *recipient, const char *subject, const char *body,
                long long booking_id, long long commune_id, const char *lang, int deadline_s);

/* Everything outbox_add() takes, plus the HTML part, the iCalendar
 * attachment and an absolute deadline. */
struct outbox_new {
	const char *idem_key, *kind, *channel, *recipient, *subject, *body, *body_html, *ics, *lang;
	long long booking_id, commune_id;
	time_t deadline;                 /* UTC; 0 = none */
};
bool outbox_insert(struct arena *a, const struct outbox_new *m);

/* The messages of a booking, rendered from templates/msg_*.tpl in the
 * booking's language, to its phone (SMS) and/or email. kind:
 *   "code"       with code; one message, by SMS when channel_pref is
 *                "sms" (or there is no email), else by email
 *   "confirmed"  email with the .ics; deadline: the appointment's start
 *   "reminder"   deadline: the start (the worker queues these itself)
 *   "moved"      email with the updated .ics; deadline: the new start
 *   "cancelled"  (by the person, or by staff on the person's behalf)
 *   "cancelled_commune"  the commune cancelled it: `code` is then the
 *                rebooking link (NULL: base_url/?procedure=CODE)
 *   "noshow"     the letter to a person who did not come
 * Call it inside the transaction of the change. */
bool outbox_booking(struct arena *a, const struct booking_view *v, const char *kind,
                    const char *code, const char *channel_pref, const char *base_url);

/* Cancellation by the commune, with the link where the person can book
 * again (keep it short: it goes into the SMS) and an optional reason
 * (emails only). NULL rebook_url: the default of outbox_booking(). */
bool outbox_cancelled_commune(struct arena *a, const struct booking_view *v, const char *rebook_url,
                              const char *reason, const char *base_url);

/* The letter to a person who did not come (the staff program calls it
 * when it records the no-show). */
bool outbox_noshow(struct arena *a, const struct booking_view *v, const char *base_url);

/* Queues the reminders that are due: confirmed bookings starting within
 * their commune's reminder_hours and not yet reminded for that start time
 * (a move re-arms the reminder). Never for a past start. At most max
 * bookings per call; returns how many got reminders, -1 on error. Runs
 * its own transactions: call it outside any. */
int outbox_queue_reminders(struct arena *a, const char *base_url, int max);

/* ------------------------------------------------------- delivery side */

/* A claimed message (arena strings). */
struct outbox_msg {
	long long id, booking_id, commune_id;
	const char *idem_key, *kind, *channel, *recipient, *subject, *body, *body_html, *ics, *lang;
	int attempts;        /* provider calls before this one */
	int segments;
};

/* Takes up to max due messages for `worker` (SELECT ... FOR UPDATE SKIP
 * LOCKED, then status 'sending' with a lease of lease_s seconds, in one
 * transaction, so no two workers take the same one). Those past their
 * deadline are marked expired instead (*expired counts them). Returns the
 * number claimed (*out, arena), -1 on a database error. */
int outbox_claim(struct arena *a, const char *worker, int max, int lease_s,
                 struct outbox_msg **out, int *expired);

enum outbox_go {
	OUTBOX_GO,        /* lease renewed, attempt counted: call the provider */
	OUTBOX_LOST,      /* no longer ours (lease expired and taken back) */
	OUTBOX_EXPIRED,   /* its deadline passed: marked expired */
	OUTBOX_OBSOLETE   /* a reminder whose booking moved or was cancelled: marked expired */
};
/* Committed right before calling the provider: renews the lease for one
 * send and counts the attempt, only if the message is still ours and
 * still worth sending. */
enum outbox_go outbox_begin_attempt(struct arena *a, const struct outbox_msg *m, const char *worker,
                                    int lease_s);

/* The provider accepted it: status 'sent' with its answer, and the
 * monthly counter of its commune, in one transaction (counted once even if
 * two workers both reach here after a lost lease). */
bool outbox_mark_sent(struct arena *a, const struct outbox_msg *m, const char *transport,
                      const char *answer);

/* The attempt failed: back to 'pending' for a retry in delay_s seconds,
 * or 'failed' when final. Only while the worker still holds it. */
bool outbox_mark_failed(struct arena *a, const struct outbox_msg *m, const char *worker, bool final,
                        int delay_s, const char *transport, const char *answer);

/* Gives back a claimed message not attempted (the worker is stopping). */
void outbox_release(struct arena *a, const struct outbox_msg *m, const char *worker);

/* Leases that ran out belong to workers that died: their messages become
 * 'pending' again (and are sent with the same idempotency key). Returns
 * how many, -1 on error. */
int outbox_recover(struct arena *a);

/* The reference given to providers for a message: 32 hex characters,
 * HMAC of its idempotency key under the application secret (stable across
 * workers and retries, meaningless outside). out >= 33 bytes. */
void outbox_provider_ref(const char *idem_key, char *out);

#endif
