/* outbox.h — messages to people (SMS, email), queued in the database in
 * the same transaction as the change that causes them and delivered by the
 * notification worker (notify.c). Without a provider configured, the
 * worker delivers to the local outbox page (/outbox). */
#ifndef CRENEAU_OUTBOX_H
#define CRENEAU_OUTBOX_H
#include <stdbool.h>
#include "util.h"

struct booking_view;

/* Queues one message. idem_key makes a repeat a no-op (same booking and
 * kind). deadline_s: seconds after which it is worthless (0 = none).
 * Returns false on a database error other than a duplicate key. */
bool outbox_add(struct arena *a, const char *idem_key, const char *kind, const char *channel,
                const char *recipient, const char *subject, const char *body,
                long long booking_id, long long commune_id, const char *lang, int deadline_s);

/* The messages of a booking, in the booking's language, to its phone (SMS)
 * and/or email. kind: "code" (with code), "confirmed", "cancelled",
 * "moved". channel_pref "sms" or "email" for codes. */
bool outbox_booking(struct arena *a, const struct booking_view *v, const char *kind,
                    const char *code, const char *channel_pref, const char *base_url);

#endif
