/* test_json.c — the JSON writer: string escaping (quotes, controls,
 * U+2028/2029, bytes that are not UTF-8), numbers, and the commas and
 * colons of nested objects and arrays. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static char *escaped(const char *s)
{
	struct sbuf b;
	sbuf_init(&b);
	json_escape(&b, s);
	sbuf_addc(&b, '\0');
	return sbuf_take(&b);
}

static void check_escape(const char *in, const char *want)
{
	char *got = escaped(in);
	assert_string_equal(got, want);
	free(got);
}

static void escapes(void **state)
{
	(void)state;
	check_escape("Hôtel de ville d'Annecy", "Hôtel de ville d'Annecy");
	check_escape("say \"hi\" \\ back", "say \\\"hi\\\" \\\\ back");
	check_escape("a\nb\rc\td\be\ff", "a\\nb\\rc\\td\\be\\ff");
	check_escape("x\x01y\x1fz", "x\\u0001y\\u001fz");
	check_escape("</script>&", "</script>&");
	check_escape(NULL, "");
	/* JavaScript's line ends, and 4-byte UTF-8 kept. */
	check_escape("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c\xF0\x9F\x98\x80", "a\\u2028b\\u2029c\xF0\x9F\x98\x80");
}

static void invalid_utf8(void **state)
{
	(void)state;
	/* A lone continuation byte, a Latin-1 é, an overlong '/', a
	 * surrogate, a cut sequence at the end. */
	check_escape("a\x80z", "a\\ufffdz");
	check_escape("caf\xE9", "caf\\ufffd");
	check_escape("\xC0\xAF", "\\ufffd\\ufffd");
	check_escape("\xED\xA0\x80", "\\ufffd\\ufffd\\ufffd");
	check_escape("ok\xE2\x82", "ok\\ufffd\\ufffd");
}

static void nesting(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	struct json j;
	json_init(&j, &b);
	json_object(&j);
	json_key(&j, "12");
	json_array(&j);
	json_object(&j);
	json_key(&j, "datetime");
	json_string(&j, "2027-03-29T09:00Z");
	json_key(&j, "n");
	json_int(&j, -3);
	json_object_end(&j);
	json_raw(&j, "{\"x\":1}", 7);
	json_array_end(&j);
	json_key(&j, "empty");
	json_array(&j);
	json_array_end(&j);
	json_key(&j, "k\"ey");
	json_null(&j);
	json_key(&j, "ok");
	json_bool(&j, true);
	json_key(&j, "s");
	json_string(&j, NULL);
	json_object_end(&j);
	sbuf_addc(&b, '\0');
	assert_string_equal(b.s, "{\"12\":[{\"datetime\":\"2027-03-29T09:00Z\",\"n\":-3},{\"x\":1}],"
			    "\"empty\":[],\"k\\\"ey\":null,\"ok\":true,\"s\":null}");
	assert_int_equal(j.depth, 0);
	sbuf_free(&b);
}

static void numbers(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	struct json j;
	json_init(&j, &b);
	json_array(&j);
	json_double(&j, 45.8992);
	json_double(&j, 6.1294);
	json_double(&j, 0.1 + 0.2);
	json_double(&j, -2.5e-7);
	json_double(&j, 1.0 / 0.0);
	json_double(&j, 3);
	json_array_end(&j);
	sbuf_addc(&b, '\0');
	assert_string_equal(b.s, "[45.8992,6.1294,0.30000000000000004,-2.5e-07,null,3]");
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes),
		cmocka_unit_test(invalid_utf8),
		cmocka_unit_test(nesting),
		cmocka_unit_test(numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
