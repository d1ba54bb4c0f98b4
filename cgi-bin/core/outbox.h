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
 *   "pickup"     the appointment to collect a title, booked when its
 *                application was filed (email with the .ics)
 *   "pickup_moved"  the title is late: the pickup has a new time
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

/* The satisfaction survey's invitation (survey.h), with its signed link:
 * one message, by SMS to a mobile, else by email; worthless after a week.
 * Call it inside the transaction that records the draw. */
bool outbox_survey(struct arena *a, const struct booking_view *v, const char *survey_url, const char *base_url);

/* Queues the reminders that are due: confirmed bookings starting within
 * their commune's reminder_hours and not yet reminded for that start time
 * (a move re-arms the reminder). Never for a past start. At most max
 * bookings per call; returns how many got reminders, -1 on error. Runs
 * its own transactions: call it outside any. */
int outbox_queue_reminders(struct arena *a, const char *base_url, int max);

/* ------------------------------------------------------- delivery side */

/* Where a claimed message stands in its batch. */
enum outbox_state {
	OUTBOX_HELD,       /* ours, not tried yet */
	OUTBOX_ACCEPTED,   /* the provider accepted it: 'sent' at the next outbox_record() */
	OUTBOX_LATE,       /* its deadline passed: 'expired' at the next outbox_record() */
	OUTBOX_DONE,       /* recorded in the database */
	OUTBOX_LOST        /* no longer ours (our lease ran out and it was taken back) */
};

/* Longest provider answer stored (outbox.provider_answer, sql/010): a
 * fixed-width column, so that recording an outcome rewrites nothing else. */
#define OUTBOX_ANSWER_LEN 255

/* A claimed message (arena strings). */
struct outbox_msg {
	long long id, booking_id, commune_id;
	const char *idem_key, *kind, *channel, *recipient, *subject, *body, *body_html, *ics, *lang;
	const char *commune_email;   /* Reply-To of emails; set by outbox_commune_emails() */
	int attempts;                /* including this one (counted by the claim) */
	int segments;
	long long deadline_ms;       /* outbox_clock_ms() from which it is worthless */
	enum outbox_state state;
	const char *transport, *answer;   /* OUTBOX_ACCEPTED: what to record */
};

/* The messages one worker claimed at once, and what is known of its lease
 * on them without asking the database. */
struct outbox_batch {
	const char *worker;          /* claimed_by */
	int lease_s;
	struct outbox_msg *m;        /* arena */
	int n;
	long long lease_end_ms;      /* outbox_clock_ms(): every HELD message is ours until then */
	long long unrecorded_ms;     /* when the oldest ACCEPTED/LATE one was decided; 0: none */
};

/* Milliseconds of CLOCK_BOOTTIME: steady, and it keeps counting while the
 * process is stopped or the machine sleeps. */
long long outbox_clock_ms(void);

/* Takes up to max due messages for `worker`, in one transaction (SELECT
 * ... FOR UPDATE SKIP LOCKED, so no two workers take the same one): those
 * past their deadline are marked expired (*expired counts them), the
 * others 'sending' with a lease of lease_s seconds and their attempt
 * counted, each with one UPDATE for the lot. Returns the number claimed
 * (b, arena), -1 on a database error. */
int outbox_claim(struct arena *a, const char *worker, int max, int lease_s,
                 struct outbox_batch *b, int *expired);

/* Sets commune_email on the batch's emails (one query). */
void outbox_commune_emails(struct arena *a, struct outbox_batch *b);

/* True once the message's deadline (read at the claim) has passed: it
 * must not be sent; outbox_late() records that. */
bool outbox_past_deadline(const struct outbox_msg *m);
void outbox_late(struct outbox_batch *b, struct outbox_msg *m);

/* Called right before a provider call: makes sure the lease on every HELD
 * message of the batch lasts need_s seconds more. When it would not, what
 * was decided is recorded (outbox_record) and the lease of the rest (with
 * whatever could not be recorded) renewed with one conditional UPDATE;
 * HELD messages no longer ours become OUTBOX_LOST, never to be sent by
 * us. Returns false on a database error: then nothing is sure, the batch
 * must stop. */
bool outbox_hold(struct arena *a, struct outbox_batch *b, int need_s);

enum outbox_go {
	OUTBOX_GO,        /* still worth sending */
	OUTBOX_SKIP,      /* no longer ours, or the database failed: not sent */
	OUTBOX_OBSOLETE   /* a reminder whose booking moved or was cancelled: marked expired */
};
/* A reminder's check against its booking's current start and status
 * (its deadline is the start it announces). */
enum outbox_go outbox_check_reminder(struct arena *a, struct outbox_msg *m, const char *worker);

/* The provider accepted the message: kept for outbox_record(). */
void outbox_accepted(struct arena *a, struct outbox_batch *b, struct outbox_msg *m,
                     const char *transport, const char *answer);

/* Records the ACCEPTED messages 'sent' (each with its transport and
 * answer) with the monthly counters of their communes, and the LATE ones
 * 'expired', in one transaction. A message already 'sent' (by a second
 * worker, after a lost lease) is left as it is and not counted again.
 * Returns false on a database error (they stay as they were: the next
 * call tries again). */
bool outbox_record(struct arena *a, struct outbox_batch *b);
/* True when something decided waits for outbox_record() since a second. */
bool outbox_record_due(const struct outbox_batch *b);

/* The attempt failed: back to 'pending' for a retry in delay_s seconds,
 * or 'failed' when final. Only while the worker still holds it. */
bool outbox_mark_failed(struct arena *a, struct outbox_msg *m, const char *worker, bool final,
                        int delay_s, const char *transport, const char *answer);

/* Gives back the HELD messages, not attempted (the worker is stopping):
 * 'pending' again, their attempt uncounted. */
void outbox_release(struct arena *a, struct outbox_batch *b);

/* Leases that ran out belong to workers that died: their messages become
 * 'pending' again (and are sent with the same idempotency key). Returns
 * how many, -1 on error. */
int outbox_recover(struct arena *a);

/* The reference given to providers for a message: 32 hex characters,
 * HMAC of its idempotency key under the application secret (stable across
 * workers and retries, meaningless outside). out >= 33 bytes. */
void outbox_provider_ref(const char *idem_key, char *out);

#endif
