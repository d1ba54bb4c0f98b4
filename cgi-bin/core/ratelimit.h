/* ratelimit.h — sliding-window limits kept in the database (table
 * rate_events), shared by every worker. Keys are HMAC'ed before storage,
 * so no contact or address is written in clear. */
#ifndef CRENEAU_RATELIMIT_H
#define CRENEAU_RATELIMIT_H
#include <stdbool.h>
#include "util.h"

/* Counts one event for (bucket, key) unless `max` events already happened
 * in the last `window` seconds. Returns true when allowed (and counted).
 * On a database error it allows: a limit must not lock people out. */
bool ratelimit_hit(struct arena *a, const char *bucket, const char *key, int window, int max);
/* Same check without counting. */
bool ratelimit_ok(struct arena *a, const char *bucket, const char *key, int window, int max);
/* Counts one event without checking, for a caller that checked with
 * ratelimit_ok() (or read the count itself with the key's hash): inside
 * the transaction of the action it limits, so the event is stored with
 * the action or not at all. Returns false on a database error. */
bool ratelimit_record(struct arena *a, const char *bucket, const char *key);
/* Events of (bucket, key) in the last `window` seconds, and in *age_ms the
 * milliseconds since the latest; -1 on a database error. */
long long ratelimit_recent(struct arena *a, const char *bucket, const char *key, int window, long long *age_ms);
/* Forgets the events of (bucket, key): a successful sign-in or a new
 * password clears the account's failures. */
bool ratelimit_clear(struct arena *a, const char *bucket, const char *key);
/* The stored form of a key (rate_events.key_hash): out >= 65 bytes. */
void ratelimit_key(const char *key, char *out);

#endif
