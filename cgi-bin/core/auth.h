/* auth.h — staff accounts: passwords (libsodium Argon2id, re-hashed when
 * the limits change), sessions (a 256-bit random token in a cookie, only
 * its SHA-256 in the database, 30 minutes idle, 12 hours at most), the
 * password rules (12..128 characters, no composition rules, the most
 * common passwords refused) and sign-in throttling. */
#ifndef CRENEAU_AUTH_H
#define CRENEAU_AUTH_H
#include <stdbool.h>
#include "request.h"

enum role { ROLE_NONE = 0, ROLE_AGENT, ROLE_COMMUNE_ADMIN, ROLE_PARTNER, ROLE_PLATFORM_ADMIN };

struct staff {
	long long id;
	long long commune_id;      /* 0 for the platform administrator */
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
/* Checks email/password, throttled per account and per address; re-hashes
 * when needed; on success fills *s and starts a session (sets the cookie,
 * a fresh token: rotation at sign-in). Logs success and failure without
 * the password. */
enum login_status auth_login(struct request *r, const char *email, const char *pw, struct staff *s);

/* The signed-in staff member of this request (cookie -> session), or
 * false. Slides the idle timeout. */
bool auth_current(struct request *r, struct staff *s);
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
