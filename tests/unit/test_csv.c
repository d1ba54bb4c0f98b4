/* test_csv.c — the CSV writer: quoting, separators, formula guard. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

static char *line(const char *const *f, size_t n, char sep)
{
	struct sbuf b;
	sbuf_init(&b);
	csv_line(&b, f, n, sep);
	return sbuf_take(&b);
}

static void plain(void **state)
{
	(void)state;
	const char *f[] = { "Annecy", "12", "3.5" };
	char *s = line(f, 3, ',');
	assert_string_equal(s, "Annecy,12,3.5\r\n");
	free(s);
}

static void quoting(void **state)
{
	(void)state;
	const char *f[] = { "a,b", "say \"hi\"", "two\nlines", NULL, "" };
	char *s = line(f, 5, ',');
	assert_string_equal(s, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\r\n");
	free(s);
}

static void semicolon(void **state)
{
	(void)state;
	const char *f[] = { "Évian-les-Bains", "a;b", "1,5", "54.5", "v1.2" };
	char *s = line(f, 5, ';');
	/* With ';' a comma needs no quoting, a semicolon does, and decimals
	 * take a comma; text with a dot is left alone. */
	assert_string_equal(s, "Évian-les-Bains;\"a;b\";1,5;54,5;v1.2\r\n");
	free(s);
}

static void formula_guard(void **state)
{
	(void)state;
	const char *f[] = { "=HYPERLINK(\"x\")", "+33612345678", "-12", "@SUM(A1)", "-" };
	char *s = line(f, 5, ',');
	assert_string_equal(s, "\"'=HYPERLINK(\"\"x\"\")\",+33612345678,-12,\"'@SUM(A1)\",\"'-\"\r\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain),
		cmocka_unit_test(quoting),
		cmocka_unit_test(semicolon),
		cmocka_unit_test(formula_guard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
