/* scope.h — the tenancy rule, in one place: which communes' records and
 * which bookings a signed-in person may see. The platform administrator
 * sees every commune; the staff of an equipped commune see their
 * commune's sites, devices and the bookings on them; a partner town hall
 * sees only the bookings it made. The same rule is written once for C
 * (scope_has_*) and once for SQL (SCOPE_*_SQL with their parameters), and
 * the statistics use it for the commune they cover. */
#ifndef CRENEAU_SCOPE_H
#define CRENEAU_SCOPE_H
#include <stdbool.h>

struct staff;

struct scope {
	long long commune;   /* 0: every commune; -1: none (a partner) */
	long long partner;   /* the partner commune whose bookings are seen; -1: none */
};

/* The scope of a signed-in person. */
struct scope scope_of(const struct staff *s);
/* One commune (0: every commune), as the statistics' filter pins it. */
struct scope scope_commune(long long commune_id);

bool scope_has_commune(const struct scope *s, long long commune_id);
/* A booking on commune_id's devices, made by partner_commune_id (0: by
 * nobody's partner). */
bool scope_has_booking(const struct scope *s, long long commune_id, long long partner_commune_id);

/* "col is a commune of the scope": parameters SCOPE_COMMUNE_FMT with
 * SCOPE_COMMUNE_ARGS(&scope). */
#define SCOPE_COMMUNE_SQL(col) " (? = 0 OR " col " = ?)"
#define SCOPE_COMMUNE_FMT "ii"
#define SCOPE_COMMUNE_ARGS(s) (s)->commune, (s)->commune

/* "the booking (its device's commune ccol, its partner pcol) is seen". */
#define SCOPE_BOOKING_SQL(ccol, pcol) " (? = 0 OR " ccol " = ? OR " pcol " = ?)"
#define SCOPE_BOOKING_FMT "iii"
#define SCOPE_BOOKING_ARGS(s) (s)->commune, (s)->commune, (s)->partner

#endif
