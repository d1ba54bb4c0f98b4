/* csrf.c — see csrf.h. */
#include "csrf.h"
#include "crypto.h"
#include "request.h"

#include <string.h>

static const char *cookie_name(const struct request *r)
{
	/* __Host- pins the cookie to this host, path / and https. */
	return r->https ? "__Host-csrf" : "csrf";
}

static bool well_formed(const char *v)
{
	if (!v || strlen(v) != 32)
		return false;
	for (; *v; v++)
		if (!((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'f')))
			return false;
	return true;
}

void csrf_prepare(struct request *r)
{
	const char *c = req_cookie(r, cookie_name(r));
	char fresh[33];
	if (!well_formed(c)) {
		crypto_random_hex(fresh, 16);
		c = fresh;
		resp_cookie(r, cookie_name(r), c, 0);
	}
	char *tok = arena_alloc(r->arena, 65);
	crypto_hmac_hex("csrf", c, tok);
	r->csrf = tok;
}

bool csrf_check(const struct request *r)
{
	const char *c = req_cookie(r, cookie_name(r));
	const char *f = req_form(r, "csrf");
	if (!well_formed(c) || !f || strlen(f) != 64)
		return false;
	char want[65];
	crypto_hmac_hex("csrf", c, want);
	return str_ct_eq(want, f);
}
