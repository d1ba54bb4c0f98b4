/* mfa.h — the staff's second factor: a TOTP key per account (totp.h),
 * sealed in the database; enrolment; the check of a code at sign-in, each
 * code once; ten recovery codes for a lost phone; and the reset of a
 * colleague's key by an administrator. Every change is one transaction
 * with its audit line. */
#ifndef CRENEAU_MFA_H
#define CRENEAU_MFA_H
#include <stdbool.h>
#include "totp.h"
#include "util.h"

#define MFA_RECOVERY_CODES 10
#define MFA_RECOVERY_LEN 11          /* "abcde-fghjk" */

enum mfa_result { MFA_OK, MFA_BAD, MFA_THROTTLED, MFA_ERROR };

/* The key being enrolled, in base32 into b32 (TOTP_B32_MAX): made and
 * sealed at the first call, the same until confirmed or reset, so that a
 * reloaded page shows the same QR code. False on a database error. */
bool mfa_enrol_secret(struct arena *a, long long staff_id, char *b32);
/* Confirms the enrolment with a first code of the pending key: the key
 * becomes the account's, ten recovery codes replace any older ones
 * (clear into codes, shown once), audited. MFA_BAD for a wrong code. */
enum mfa_result mfa_enrol_confirm(struct arena *a, long long staff_id, long long commune_id, const char *code,
                                  char codes[MFA_RECOVERY_CODES][MFA_RECOVERY_LEN + 1]);
/* The sign-in's second step: a TOTP code of the account's key (a step
 * at most once) or an unused recovery code (then used up). Throttled per
 * account (10 tries in 10 minutes); failures and recovery codes used are
 * audited. */
enum mfa_result mfa_check(struct arena *a, long long staff_id, long long commune_id, const char *code);
/* 1 when the account has a key, 0 when not, -1 on a database error. */
int mfa_enabled(struct arena *a, long long staff_id);
/* Unused recovery codes left, -1 on a database error. */
int mfa_recovery_left(struct arena *a, long long staff_id);
/* Clears a colleague's key and recovery codes and ends their sessions:
 * they enrol again at their next sign-in. Audited as `by`. */
bool mfa_reset(struct arena *a, long long by, long long staff_id, long long commune_id);

/* The stored form of a recovery code as typed (case, spaces and dashes
 * ignored) into out (>= 65 bytes); false when it cannot be one. */
bool mfa_recovery_hash(const char *typed, char *out);

#endif
