/* auth.h — staff accounts: passwords (libsodium Argon2id, re-hashed when
 * the limits change), sessions (a 256-bit random token in a cookie, only
 * its SHA-256 in the database, 30 minutes idle, 12 hours at most), the
 * password rules (12..128 characters, no composition rules, the most
 * common passwords refused) and sign-in throttling. */
#ifndef CRENEAU_AUTH_H
#define CRENEAU_AUTH_H
#include <stdbool.h>
#include "request.h"

/* ROLE_HELPDESK: an operator of the platform's help desk (no commune, as
 * the platform administrator; sees the tickets, not the bookings).
 * ROLE_TECH: the platform's technical staff ("technique"), who set the
 * public service status (core/status.h) and see no commune's data. */
enum role { ROLE_NONE = 0, ROLE_AGENT, ROLE_COMMUNE_ADMIN, ROLE_PARTNER, ROLE_PLATFORM_ADMIN, ROLE_HELPDESK, ROLE_TECH };
/* Roles of the platform itself: no commune (staff.commune_id NULL). */
static inline bool auth_role_platform(enum role r)
{
	return r == ROLE_PLATFORM_ADMIN || r == ROLE_HELPDESK || r == ROLE_TECH;
}

struct staff {
	long long id;
	long long commune_id;      /* 0 for the platform administrator and the help desk */
	enum role role;
	const char *email, *name, *commune_name;
	bool commune_equipped;
};

#define SESSION_IDLE (30 * 60)
#define SESSION_MAX (12 * 3600)
#define PASSWORD_MIN 12
#define PASSWORD_MAX 128

enum role auth_role_of(const char *s);
const char *auth_role_name(enum role r);

/* Hash for storage (crypto_pwhash_str, INTERACTIVE limits or more).
 * out >= crypto_pwhash_STRBYTES. Returns false on failure (memory). */
bool auth_hash_password(const char *pw, char *out, size_t outsz);

/* NULL when acceptable, else a French message (translated). */
const char *auth_password_problem(const char *pw, const char *email);

enum login_status { LOGIN_OK, LOGIN_BAD, LOGIN_THROTTLED, LOGIN_ERROR };
/* Where a session stands: signed in, or the password was right and the
 * second factor is awaited (a code, or the enrolment of a key first). */
enum auth_mfa { AUTH_MFA_DONE, AUTH_MFA_CODE, AUTH_MFA_ENROL };
struct login_info {
	struct staff staff;
	enum auth_mfa mfa;       /* the new session's state */
	int wait_s;              /* LOGIN_THROTTLED by the account's slowing down */
};
/* Checks email/password. Throttled per (account, address) and per
 * address; per account failures slow the next tries down (at most a
 * minute) instead of locking the account; the 10th failure in an hour
 * tells the person by email. Failures and throttling are audited. On
 * success, re-hashes when needed and starts a session (a fresh token:
 * rotation at sign-in) in the state info->mfa: administrators, and the
 * agents of a commune that requires it, need a second factor (mfa.h).
 * Logs without the password or the whole address. */
enum login_status auth_login(struct request *r, const char *email, const char *pw, struct login_info *info);

/* The signed-in staff member of this request (cookie -> session, second
 * factor passed), or false. Slides the idle timeout. */
bool auth_current(struct request *r, struct staff *s);
/* The session whatever its state, for the second factor's pages. */
bool auth_pending(struct request *r, struct staff *s, enum auth_mfa *mfa);
/* The second factor passed: the session is replaced by a signed-in one. */
bool auth_mfa_passed(struct request *r, const struct staff *s);
/* Ends the session on the server and clears the cookie. */
void auth_logout(struct request *r);
/* Ends every session of a staff member (password change, disabling). */
void auth_logout_all(struct arena *a, long long staff_id);

/* One-time link tokens (password reset, invitation): ttl_s seconds. The
 * clear token goes into out (>= 65 bytes) for the message. */
bool auth_issue_token(struct arena *a, long long staff_id, int ttl_s, char *out);
/* Consumes a token: returns the staff id, or 0 when unknown/used/expired. */
long long auth_use_token(struct arena *a, const char *token);
/* Checks a token without consuming it. */
long long auth_peek_token(struct arena *a, const char *token);
/* Sets the password and ends every session (inside the caller's
 * transaction when there is one). */
bool auth_set_password(struct arena *a, long long staff_id, const char *pw);

/* A staff page: the staff header with the menu of the person's role
 * (s may be NULL on the sign-in pages). Defined in auth.c. */
struct tpl_dict;
struct tpl_dict *staff_page_new(struct request *r, const char *title, const struct staff *s);

#endif
