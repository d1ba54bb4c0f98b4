/* totp.h — time-based one-time passwords (RFC 6238 over RFC 4226's HOTP,
 * HMAC-SHA1, 6 digits, 30-second steps) and what an authenticator app
 * reads at enrolment: the key in base32 (RFC 4648) and the otpauth URI.
 * Pure functions: the database side is mfa.h. */
#ifndef CRENEAU_TOTP_H
#define CRENEAU_TOTP_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define TOTP_KEY_BYTES 20          /* 160 bits, RFC 4226's recommendation */
#define TOTP_STEP 30
#define TOTP_B32_MAX 64            /* base32 of a key up to 40 bytes, plus NUL */

/* The 6-digit code of a step into out (>= 7 bytes). */
void totp_code(const unsigned char *key, size_t keylen, long long step, char *out);
/* The step of an instant. */
long long totp_step(time_t t);
/* The step in now-1 .. now+1 (one step of clock drift either way) whose
 * code is `code` and that is later than last_step (each code once);
 * -1 when none. Compared in constant time. */
long long totp_match(const unsigned char *key, size_t keylen, const char *code, time_t now, long long last_step);
/* Base32 without padding into out, cut at outsz (TOTP_B32_MAX holds a
 * key of up to 40 bytes). */
void totp_base32(const unsigned char *in, size_t n, char *out, size_t outsz);
/* Decodes base32 (upper or lower case, spaces ignored); the number of
 * bytes, or -1 when the text is not base32 or does not fit. */
int totp_base32_decode(const char *in, unsigned char *out, size_t outsz);
/* otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30,
 * the label and issuer percent-encoded; malloc'ed, the caller frees. */
char *totp_uri(const char *issuer, const char *account, const char *secret_b32);

#endif
