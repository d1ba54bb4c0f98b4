/* route.h — a program's route table (struct route, request.h): matching a
 * path against a pattern, the sign-in guard the table's roles call for,
 * and the check of a table at start-up. Pure but for the guard pointer;
 * dispatching (which also checks CSRF) is the serving path's (serve.c). */
#ifndef CRENEAU_ROUTE_H
#define CRENEAU_ROUTE_H
#include <stdbool.h>
#include <stddef.h>
#include "request.h"

/* At most this many "*" segments in a pattern reach a handler. */
#define ROUTE_MAX_ARGS 8

/* Called before a handler whose route has roles != 0: returns 0 to let it
 * run, or the status of the page it rendered instead (sign-in, 403). The
 * program sets it before server_run(); a table with roles and no guard is
 * refused there (routes_check). */
extern int (*route_guard)(struct request *r, unsigned roles);

/* True when path matches pattern, "*" standing for exactly one non-empty
 * segment. The segments are copied into a (arena-owned) and stored in
 * args[0..maxargs); more "*" than maxargs is no match. */
bool route_match(struct arena *a, const char *pattern, const char *path,
                 char **args, size_t maxargs);

/* False, with a log_error naming the first offending route, when a route
 * has no method, no handler, or a pattern that does not start with "/",
 * or when it names roles and have_guard is false (its pages would open to
 * anyone). Logs nothing when the table is good. */
bool routes_check(const struct route *routes, size_t n, bool have_guard);

#endif
