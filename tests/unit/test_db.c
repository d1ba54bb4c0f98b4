/* test_db.c — unit tests of db.c without a server: how each bind-type
 * letter binds (db_bind_params), and the sticky failure of a unit of work
 * where no statement reaches the server (a bad format, too many
 * parameters, every statement after a failure, db_begin and db_commit
 * then). Nothing here may connect: each statement is refused first. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <mysql.h>
#include <string.h>

#include "db.h"

static void test_bind_numbers(void **state)
{
	(void)state;
	const union db_param pv[] = { { .i = -42 }, { .u = 18446744073709551615ULL }, { .d = 2.5 } };
	MYSQL_BIND b[3];
	unsigned long len[3];
	char isnull[3];
	memset(b, 0x5a, sizeof(b));
	assert_true(db_bind_params("iud", pv, 3, b, len, isnull));
	assert_int_equal(b[0].buffer_type, MYSQL_TYPE_LONGLONG);
	assert_false(b[0].is_unsigned);
	assert_int_equal(*(const long long *)b[0].buffer, -42);
	assert_int_equal(b[1].buffer_type, MYSQL_TYPE_LONGLONG);
	assert_true(b[1].is_unsigned);
	assert_true(*(const unsigned long long *)b[1].buffer == 18446744073709551615ULL);
	assert_int_equal(b[2].buffer_type, MYSQL_TYPE_DOUBLE);
	assert_false(b[2].is_unsigned);
	assert_true(*(const double *)b[2].buffer == 2.5);
	for (int i = 0; i < 3; i++) {
		assert_ptr_equal(b[i].is_null, &isnull[i]);
		assert_int_equal(isnull[i], 0);
		assert_null(b[i].length);      /* fixed-size types: no length */
		assert_int_equal(b[i].buffer_length, 0);
	}
}

static void test_bind_strings(void **state)
{
	(void)state;
	const union db_param pv[] = { { .s = "Annecy" }, { .s = NULL }, { .s = "" }, { .s = "é" } };
	MYSQL_BIND b[4];
	unsigned long len[4];
	char isnull[4];
	assert_true(db_bind_params("ssss", pv, 4, b, len, isnull));
	assert_int_equal(b[0].buffer_type, MYSQL_TYPE_STRING);
	assert_ptr_equal(b[0].buffer, pv[0].s);
	assert_int_equal(len[0], 6);
	assert_ptr_equal(b[0].length, &len[0]);
	assert_int_equal(b[0].buffer_length, 6);
	assert_int_equal(isnull[0], 0);
	/* A NULL string binds SQL NULL. */
	assert_int_equal(b[1].buffer_type, MYSQL_TYPE_NULL);
	assert_int_equal(isnull[1], 1);
	assert_ptr_equal(b[1].is_null, &isnull[1]);
	assert_null(b[1].buffer);
	/* The empty string is not NULL. */
	assert_int_equal(b[2].buffer_type, MYSQL_TYPE_STRING);
	assert_int_equal(isnull[2], 0);
	assert_int_equal(len[2], 0);
	assert_int_equal(len[3], 2);               /* bytes, not characters */
}

static void test_bind_refused(void **state)
{
	(void)state;
	const union db_param pv[] = { { .i = 1 }, { .i = 2 } };
	MYSQL_BIND b[2];
	unsigned long len[2];
	char isnull[2];
	assert_false(db_bind_params("ix", pv, 2, b, len, isnull));
	assert_false(db_bind_params("S", pv, 1, b, len, isnull));
	assert_true(db_bind_params("", pv, 0, b, len, isnull));
}

static void test_bad_format_fails_the_unit(void **state)
{
	struct arena *a = *state;
	db_unit_begin();
	assert_false(db_failed());
	struct db_res r;
	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(db_exec(a, &r, "SELECT ?", "x", 1LL), -1);
	assert_true(db_failed());
	assert_int_equal(r.nrows, 0);              /* never a stale result */
	assert_null(r.cells);
	/* Every later statement is refused without running... */
	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(db_exec(a, &r, "SELECT 1", ""), -1);
	assert_int_equal(db_errno(), DB_ERR_FAILED);
	assert_int_equal(r.nrows, 0);
	const union db_param pv[] = { { .i = 1 } };
	assert_int_equal(db_execv(a, NULL, "SELECT ?", "i", pv), -1);
	assert_int_equal(db_errno(), DB_ERR_FAILED);
	assert_int_equal(db_stream(NULL, NULL, "SELECT 1", ""), -1);
	assert_int_equal(db_errno(), DB_ERR_FAILED);
	/* ...no transaction starts, and a commit says the unit failed. */
	assert_false(db_begin());
	assert_int_equal(db_errno(), DB_ERR_FAILED);
	assert_false(db_in_tx());
	assert_false(db_commit());
	assert_false(db_retryable());
	/* The next unit starts clean. */
	db_unit_begin();
	assert_false(db_failed());
	assert_true(db_commit());
}

static void test_stream_bad_format(void **state)
{
	(void)state;
	db_unit_begin();
	assert_int_equal(db_stream(NULL, NULL, "SELECT ?", "q", 1LL), -1);
	assert_true(db_failed());
	db_unit_begin();
}

static void test_too_many_params(void **state)
{
	struct arena *a = *state;
	char fmt[130];
	memset(fmt, 'i', 129);
	fmt[129] = '\0';
	db_unit_begin();
	assert_int_equal(db_exec(a, NULL, "SELECT 1", fmt), -1);
	assert_true(db_failed());
	db_unit_begin();
}

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bind_numbers),
		cmocka_unit_test(test_bind_strings),
		cmocka_unit_test(test_bind_refused),
		cmocka_unit_test_setup_teardown(test_bad_format_fails_the_unit, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_stream_bad_format, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_too_many_params, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
