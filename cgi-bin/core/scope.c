/* scope.c — see scope.h. */
#include "scope.h"
#include "auth.h"

struct scope scope_of(const struct staff *s)
{
	struct scope sc = { -1, -1 };
	if (!s)
		return sc;
	if (s->role == ROLE_PLATFORM_ADMIN)
		sc.commune = 0;
	else if (s->role == ROLE_PARTNER)
		sc.partner = s->commune_id > 0 ? s->commune_id : -1;
	else if (s->role != ROLE_NONE && s->commune_id > 0)
		sc.commune = s->commune_id;
	return sc;
}

struct scope scope_commune(long long commune_id)
{
	struct scope sc = { commune_id > 0 ? commune_id : 0, -1 };
	return sc;
}

bool scope_has_commune(const struct scope *s, long long commune_id)
{
	return s->commune == 0 || (commune_id > 0 && s->commune == commune_id);
}

bool scope_has_booking(const struct scope *s, long long commune_id, long long partner_commune_id)
{
	return scope_has_commune(s, commune_id) || (partner_commune_id > 0 && s->partner == partner_commune_id);
}
