/* route.c — see route.h. */
#include "route.h"
#include "log.h"

#include <string.h>

int (*route_guard)(struct request *r, unsigned roles);

bool route_match(struct arena *a, const char *pattern, const char *path,
                 char **args, size_t maxargs)
{
	size_t na = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '*') {
			const char *e = strchr(s, '/');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			if (len == 0 || na >= maxargs)
				return false;
			args[na++] = arena_strndup(a, s, len);
			s += len;
			p++;
		} else if (*p == *s) {
			p++;
			s++;
		} else
			return false;
	}
	return *p == '\0' && *s == '\0';
}

bool routes_check(const struct route *routes, size_t n, bool have_guard)
{
	for (size_t i = 0; i < n; i++) {
		const struct route *rt = &routes[i];
		const char *pat = rt->pattern ? rt->pattern : "(null)";
		if (!rt->pattern || rt->pattern[0] != '/') {
			log_error("route %zu (%s): the pattern must start with \"/\"", i, pat);
			return false;
		}
		if (!rt->method || !rt->fn) {
			log_error("route %zu (%s): no %s", i, pat, rt->method ? "handler" : "method");
			return false;
		}
		if (rt->roles && !have_guard) {
			/* The dispatcher skips the guard when there is none: the
			 * page would answer anyone. */
			log_error("route %zu (%s %s) names roles but the program sets no route_guard",
				  i, rt->method, pat);
			return false;
		}
	}
	return true;
}
