/* test_request.c — unit tests of the request's pure parts: the Cookie
 * header parser (pairs, spaces, empty values, pieces without '=', the cap,
 * a very long header), the urlencoded parser's basics, route matching, and
 * the start-up check of a route table (roles need a guard). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "request.h"
#include "route.h"

static int arena_setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void cookie_is(const struct param *p, const char *name, const char *value)
{
	assert_string_equal(p->name, name);
	assert_string_equal(p->value, value);
}

static void test_cookies_simple(void **state)
{
	struct param *p;
	assert_int_equal(http_parse_cookies(*state, "session=abc", &p), 1);
	cookie_is(&p[0], "session", "abc");
	assert_int_equal(http_parse_cookies(*state, "a=1;b=2;c=3", &p), 3);
	cookie_is(&p[0], "a", "1");
	cookie_is(&p[1], "b", "2");
	cookie_is(&p[2], "c", "3");
	/* A value may hold '=' (base64 padding): only the first one splits. */
	assert_int_equal(http_parse_cookies(*state, "t=YQ==", &p), 1);
	cookie_is(&p[0], "t", "YQ==");
}

static void test_cookies_spaces(void **state)
{
	struct param *p;
	/* The usual "; " separator and leading spaces are skipped... */
	assert_int_equal(http_parse_cookies(*state, "  a=1;  b=2 ;;; c=3", &p), 3);
	cookie_is(&p[0], "a", "1");
	/* ...but nothing else is trimmed: what the browser sent stays. */
	cookie_is(&p[1], "b", "2 ");
	cookie_is(&p[2], "c", "3");
	assert_int_equal(http_parse_cookies(*state, "a = 1", &p), 1);
	cookie_is(&p[0], "a ", " 1");
}

static void test_cookies_empty_and_odd(void **state)
{
	struct param *p;
	assert_int_equal(http_parse_cookies(*state, NULL, &p), 0);
	assert_int_equal(http_parse_cookies(*state, "", &p), 0);
	assert_int_equal(http_parse_cookies(*state, " ; ;", &p), 0);
	assert_int_equal(http_parse_cookies(*state, "a=; b=2", &p), 2);
	cookie_is(&p[0], "a", "");
	cookie_is(&p[1], "b", "2");
	/* A piece without '=' or with an empty name is dropped, the rest
	 * kept. */
	assert_int_equal(http_parse_cookies(*state, "flag; =x; b=2; novalue", &p), 1);
	cookie_is(&p[0], "b", "2");
	assert_int_equal(http_parse_cookies(*state, "noequals", &p), 0);
}

static void test_cookies_cap(void **state)
{
	char h[512] = "";
	for (int i = 0; i < HTTP_MAX_COOKIES + 5; i++) {
		char one[32];
		snprintf(one, sizeof(one), "%sc%d=v%d", i ? "; " : "", i, i);
		strcat(h, one);
	}
	struct param *p;
	assert_int_equal(http_parse_cookies(*state, h, &p), HTTP_MAX_COOKIES);
	cookie_is(&p[0], "c0", "v0");
	cookie_is(&p[HTTP_MAX_COOKIES - 1], "c7", "v7");
	/* Ignored pieces do not count towards the cap. */
	assert_int_equal(http_parse_cookies(*state, "x; y; z; lang=en", &p), 1);
	cookie_is(&p[0], "lang", "en");
}

static void test_cookies_long_header(void **state)
{
	/* One cookie of 100 kB, then a normal one: both whole. */
	size_t big = 100 * 1024;
	char *h = arena_alloc(*state, big + 64);
	memcpy(h, "big=", 4);
	memset(h + 4, 'x', big);
	strcpy(h + 4 + big, "; session=s1");
	struct param *p;
	assert_int_equal(http_parse_cookies(*state, h, &p), 2);
	assert_string_equal(p[0].name, "big");
	assert_int_equal(strlen(p[0].value), big);
	cookie_is(&p[1], "session", "s1");
	/* Many short pieces over a long header stop at the cap. */
	size_t n = 64 * 1024;
	char *m = arena_alloc(*state, n + 1);
	for (size_t i = 0; i + 4 <= n; i += 4)
		memcpy(m + i, "a=b;", 4);
	assert_int_equal(http_parse_cookies(*state, m, &p), HTTP_MAX_COOKIES);
	cookie_is(&p[HTTP_MAX_COOKIES - 1], "a", "b");
}

static void test_urlencoded(void **state)
{
	struct param *p;
	bool bad = false;
	const char *bad_name = NULL;
	const char *s = "a=1&b=h%C3%A9+l%C3%A0&c&&d=%41%2&e=x;f=%00";
	size_t n = http_parse_urlencoded(*state, s, strlen(s), &p, &bad, &bad_name);
	assert_int_equal(n, 6);
	assert_false(bad);
	assert_null(bad_name);
	cookie_is(&p[0], "a", "1");
	cookie_is(&p[1], "b", "h\xc3\xa9 l\xc3\xa0");
	cookie_is(&p[2], "c", "");
	cookie_is(&p[3], "d", "A%2");     /* a malformed escape stays literal */
	cookie_is(&p[4], "e", "x");       /* ';' separates too */
	cookie_is(&p[5], "f", "%00");     /* a NUL never cuts a value */

	/* Bad bytes empty the value and flag the request with its name. */
	s = "ok=1&nom=%FF%FE&note=a%0Ab&ctl=%01";
	n = http_parse_urlencoded(*state, s, strlen(s), &p, &bad, &bad_name);
	assert_int_equal(n, 4);
	assert_true(bad);
	assert_string_equal(bad_name, "nom");
	cookie_is(&p[1], "nom", "");
	cookie_is(&p[2], "note", "a\nb");  /* newlines are text */
	cookie_is(&p[3], "ctl", "");

	/* A name with bad bytes drops the pair. */
	bad = false;
	bad_name = NULL;
	s = "%FF=1&b=2";
	n = http_parse_urlencoded(*state, s, strlen(s), &p, &bad, &bad_name);
	assert_int_equal(n, 1);
	assert_true(bad);
	assert_null(bad_name);
	cookie_is(&p[0], "b", "2");

	/* Only the length given is read. */
	n = http_parse_urlencoded(*state, "a=1&b=2", 3, &p, NULL, NULL);
	assert_int_equal(n, 1);
	cookie_is(&p[0], "a", "1");
}

/* A raw NUL byte in a body: the value it is in is emptied and flagged
 * (it would otherwise end the C string and pass a cut value); in a name,
 * the pair is dropped. */
static void test_urlencoded_raw_nul(void **state)
{
	struct param *p;
	bool bad = false;
	const char *bad_name = NULL;
	static const char s[] = "a=1&nom=Dup\0ont&x\0y=2&z=3";
	size_t n = http_parse_urlencoded(*state, s, sizeof(s) - 1, &p, &bad, &bad_name);
	assert_int_equal(n, 3);
	assert_true(bad);
	assert_string_equal(bad_name, "nom");
	cookie_is(&p[0], "a", "1");
	cookie_is(&p[1], "nom", "");
	cookie_is(&p[2], "z", "3");
}

static void test_urlencoded_cap(void **state)
{
	size_t len = (HTTP_MAX_PARAMS + 50) * 4;
	char *s = arena_alloc(*state, len + 1);
	for (size_t i = 0; i < len; i += 4)
		memcpy(s + i, "k=v&", 4);
	struct param *p;
	assert_int_equal(http_parse_urlencoded(*state, s, len, &p, NULL, NULL), HTTP_MAX_PARAMS);
	/* What the serving path compares with the cap to refuse the rest. */
	assert_int_equal(http_count_params(s, len), HTTP_MAX_PARAMS + 50);
	assert_int_equal(http_count_params("a=1&&b;c=", 9), 3);
	assert_int_equal(http_count_params("", 0), 0);
}

static void test_route_match(void **state)
{
	char *args[ROUTE_MAX_ARGS] = {0};
	assert_true(route_match(*state, "/rdv/*", "/rdv/ABCD2345", args, ROUTE_MAX_ARGS));
	assert_string_equal(args[0], "ABCD2345");
	assert_true(route_match(*state, "/rdv/*/annuler", "/rdv/X1/annuler", args, ROUTE_MAX_ARGS));
	assert_string_equal(args[0], "X1");
	assert_false(route_match(*state, "/rdv/*", "/rdv/", args, ROUTE_MAX_ARGS));
	assert_false(route_match(*state, "/rdv/*", "/rdv/a/b", args, ROUTE_MAX_ARGS));
	assert_false(route_match(*state, "/rdv", "/rdv/", args, ROUTE_MAX_ARGS));
	assert_true(route_match(*state, "/", "/", args, ROUTE_MAX_ARGS));
	assert_false(route_match(*state, "/*/*", "/a/b", args, 1));
}

static int h_dummy(struct request *r, char **args)
{
	(void)r;
	(void)args;
	return 200;
}

static void test_routes_check(void **state)
{
	(void)state;
	const struct route open_only[] = {
		{ "GET", "/", h_dummy, 0 },
		{ "POST", "/reserver", h_dummy, 0 },
	};
	assert_true(routes_check(open_only, ARRAY_LEN(open_only), false));
	assert_true(routes_check(open_only, ARRAY_LEN(open_only), true));
	assert_true(routes_check(NULL, 0, false));

	const struct route with_roles[] = {
		{ "GET", "/agent/connexion", h_dummy, 0 },
		{ "GET", "/agent/", h_dummy, 1 },
	};
	/* Roles without a guard would serve the page to anyone. */
	assert_false(routes_check(with_roles, ARRAY_LEN(with_roles), false));
	assert_true(routes_check(with_roles, ARRAY_LEN(with_roles), true));

	const struct route no_fn[] = { { "GET", "/", NULL, 0 } };
	assert_false(routes_check(no_fn, 1, true));
	const struct route relative[] = { { "GET", "agent/", h_dummy, 0 } };
	assert_false(routes_check(relative, 1, true));
	const struct route empty[] = { { "GET", "", h_dummy, 0 } };
	assert_false(routes_check(empty, 1, true));
	const struct route no_pattern[] = { { "GET", NULL, h_dummy, 0 } };
	assert_false(routes_check(no_pattern, 1, true));
	const struct route no_method[] = { { NULL, "/", h_dummy, 0 } };
	assert_false(routes_check(no_method, 1, true));
	/* A bad route after good ones is still found. */
	const struct route late[] = {
		{ "GET", "/", h_dummy, 0 },
		{ "GET", "/x", h_dummy, 0 },
		{ "GET", "/y", NULL, 0 },
	};
	assert_false(routes_check(late, ARRAY_LEN(late), true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cookies_simple, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_spaces, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_empty_and_odd, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_cap, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_long_header, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_raw_nul, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_cap, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_route_match, arena_setup, arena_teardown),
		cmocka_unit_test(test_routes_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
