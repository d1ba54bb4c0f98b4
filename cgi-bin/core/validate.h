/* validate.h — validators for the values people type. Pure functions:
 * they never touch the database. Normalised outputs go to caller buffers. */
#ifndef CRENEAU_VALIDATE_H
#define CRENEAU_VALIDATE_H
#include <stdbool.h>
#include <stddef.h>

/* French or international mobile/landline number -> E.164 in out (>= 17
 * bytes). Accepts "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78",
 * "0033612345678", "+41 79 123 45 67" (8..15 digits after +), spaces, dots
 * and hyphens as separators. French numbers must have 10 digits starting
 * with 0[1-9]. Returns false on anything else. */
bool valid_phone(const char *in, char *out, size_t outsz);

/* True when the number (E.164) can receive SMS: French mobiles (+336,
 * +337 but the reserved +3370), the overseas departments' mobile ranges, or any number
 * of another country (the gateway decides). */
bool phone_is_mobile(const char *e164);

/* Pragmatic email check: one @, local part 1..64 of [A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]
 * without leading/trailing/double dots, domain of >= 2 dot-separated labels
 * of [A-Za-z0-9-] (not starting/ending with -), total <= 254. Lower-cases
 * the domain into out (>= 255 bytes). */
bool valid_email(const char *in, char *out, size_t outsz);

/* A date typed as YYYY-MM-DD (from <input type=date>) or DD/MM/YYYY: a real
 * calendar date (leap years). Writes YYYY-MM-DD into out (>= 11 bytes). */
bool valid_date(const char *in, char *out, size_t outsz);

/* Birth date: valid_date, not in the future relative to today_ymd
 * ("YYYY-MM-DD"), and not more than 130 years before it. */
bool valid_birth_date(const char *in, const char *today_ymd, char *out, size_t outsz);

/* ANTS pre-application number: exactly 10 letters or digits once spaces
 * and hyphens are removed; upper-cased into out (>= 11 bytes). */
bool valid_predemande(const char *in, char *out, size_t outsz);

/* Booking reference: 8 characters of REF_ALPHABET (case-insensitive,
 * spaces and hyphens ignored); upper-cased into out (>= 9 bytes). */
#define REF_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
bool valid_ref(const char *in, char *out, size_t outsz);

/* Whole decimal integer in [min, max], no sign other than '-', no spaces,
 * no trailing garbage. */
bool valid_int(const char *in, long min, long max, long *out);

/* Six-digit one-time code (spaces ignored). out >= 7 bytes. */
bool valid_code(const char *in, char *out, size_t outsz);

/* Latitude/longitude as decimal text within their ranges. */
bool valid_latlon(const char *lat, const char *lon, double *la, double *lo);

#endif
