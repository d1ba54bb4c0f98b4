/* staff.h — staff accounts as administrators manage them: the list of a
 * scope, invitations (the account exists without a password; a link to
 * choose one goes out by email), disabling, and the password reset by
 * link. Sign-in and sessions are auth.h's. Each change is one
 * transaction with its audit line and its message. */
#ifndef CRENEAU_STAFF_H
#define CRENEAU_STAFF_H
#include <stdbool.h>
#include "auth.h"
#include "scope.h"
#include "util.h"

struct staff_row {
	long long id;
	const char *name, *email, *role, *commune, *last_login;   /* commune, last_login NULL when none */
	bool active;
	bool totp;        /* a second factor is enrolled */
};
/* The accounts of the scope's communes (every account for the platform). */
long staff_list(struct arena *a, const struct scope *s, struct staff_row **out);

struct staff_account {
	long long id, commune_id;
	enum role role;
	const char *email;
	bool active;
};
/* 1 found, 0 none, -1 database error. */
int staff_get(struct arena *a, long long id, struct staff_account *out);

enum staff_status { STAFF_OK, STAFF_DUPLICATE, STAFF_GONE, STAFF_ERROR };
/* Creates the account (commune_id 0 for a platform administrator) and
 * queues the invitation, valid 48 hours. */
enum staff_status staff_invite(struct arena *a, long long by, const char *name, const char *email, enum role role,
                               long long commune_id, const char *lang, const char *base_url, long long *id);
/* Disables the account and ends its sessions. */
bool staff_disable(struct arena *a, long long by, long long id, long long commune_id);
/* Queues a reset link (30 minutes) when an active account has this
 * address; the same answer otherwise (false only on a database error). */
bool staff_send_reset(struct arena *a, const char *email, const char *lang, const char *base_url);
/* Uses the link's token and sets the password, in one transaction:
 * STAFF_GONE when the token is no longer valid. */
enum staff_status staff_reset_password(struct arena *a, const char *token, const char *password);

#endif
