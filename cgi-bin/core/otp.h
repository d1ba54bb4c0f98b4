/* otp.h — one-time codes that confirm a booking or open its management
 * page. Stored as HMAC(secret, booking|code) only; a code works once,
 * expires after OTP_TTL seconds, and dies after OTP_MAX_TRIES wrong tries.
 * Issuing a new code retires the previous ones of the same purpose. */
#ifndef CRENEAU_OTP_H
#define CRENEAU_OTP_H
#include "util.h"

#define OTP_TTL (10 * 60)
#define OTP_MAX_TRIES 5

enum otp_status { OTP_OK, OTP_WRONG, OTP_EXPIRED, OTP_LOCKED, OTP_ERROR };

/* Creates a code for (booking, purpose) and writes it in clear into code
 * (>= 7 bytes) for the message; only its hash is stored. Call inside the
 * transaction that queues the message. Returns false on a database error. */
bool otp_issue(struct arena *a, long long booking_id, const char *purpose, char *code);
/* The same for a booking that has no code of this purpose yet (a hold
 * just created): there is no earlier code to retire, so no statement. */
bool otp_issue_first(struct arena *a, long long booking_id, const char *purpose, char *code);
/* Checks a typed code inside the caller's transaction (whose commit keeps
 * the code used, or the wrong try counted): the newest unused code of the
 * booking and purpose, in time, fewer than OTP_MAX_TRIES wrong tries.
 * *left gets the tries left after a wrong one. */
enum otp_status otp_use(struct arena *a, long long booking_id, const char *purpose,
                        const char *code, int *left);
/* The stored form of a booking's code (otp_codes.code_hash): out >= 65
 * bytes. For a statement that uses a code along with other changes. */
void otp_hash(long long booking_id, const char *code, char *out);
/* The condition on otp_codes o of a code that may be used: the newest
 * unused one of (booking, purpose), this hash, in time, fewer than the
 * given tries. Parameters: booking, purpose, hash, tries, booking,
 * purpose. */
#define OTP_USABLE \
	" o.booking_id = ? AND o.purpose = ? AND o.used_utc IS NULL AND o.code_hash = ? AND o.attempts < ?" \
	" AND o.expires_utc > UTC_TIMESTAMP() AND o.id = (SELECT MAX(o2.id) FROM otp_codes o2" \
	"  WHERE o2.booking_id = ? AND o2.purpose = ? AND o2.used_utc IS NULL)"
/* Checks a typed code in a transaction of its own; *left gets the tries
 * left after a wrong one. */
enum otp_status otp_verify(struct arena *a, long long booking_id, const char *purpose,
                           const char *code, int *left);

#endif
