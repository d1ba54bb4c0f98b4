/* csrf.h — CSRF tokens for every state-changing POST. The browser holds a
 * random value in an HttpOnly cookie; forms carry HMAC(secret, value). A
 * forged cross-site form cannot know the HMAC, and SameSite=Lax keeps the
 * cookie off cross-site POSTs anyway. Stateless: nothing in the database. */
#ifndef CRENEAU_CSRF_H
#define CRENEAU_CSRF_H
#include <stdbool.h>

struct request;
/* Reads or creates the cookie and sets r->csrf (the form token). */
void csrf_prepare(struct request *r);
/* True when the POSTed "csrf" field matches the cookie. */
bool csrf_check(const struct request *r);

#endif
