/* test_helpdesk.c — the pure parts of the help desk (helpdesk.h): the
 * ticket reference found in an email's subject, a reference typed alone,
 * and the closed lists of channels, callers and states. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "helpdesk.h"

static void test_ref_in(void **state)
{
	(void)state;
	assert_int_equal(hd_ref_in("[HD-000123] Ma question"), 123);
	assert_int_equal(hd_ref_in("Re: Fwd: [hd-000042] suite"), 42);
	assert_int_equal(hd_ref_in("RE : [Créneau] [HD-7] x"), 7);
	assert_int_equal(hd_ref_in("[HD-] vide"), 0);
	assert_int_equal(hd_ref_in("[HD-12 pas fermé"), 0);
	assert_int_equal(hd_ref_in("HD-000123 sans crochets"), 0);
	assert_int_equal(hd_ref_in("[HD-12a]"), 0);
	assert_int_equal(hd_ref_in(""), 0);
	assert_int_equal(hd_ref_in(NULL), 0);
	/* At most 12 digits: a longer run is no reference. */
	assert_int_equal(hd_ref_in("[HD-1234567890123]"), 0);
}

static void test_ref_parse(void **state)
{
	(void)state;
	assert_int_equal(hd_ref_parse("HD-000123"), 123);
	assert_int_equal(hd_ref_parse("hd-5"), 5);
	assert_int_equal(hd_ref_parse("77"), 77);
	assert_int_equal(hd_ref_parse(" 12 "), 12);
	assert_int_equal(hd_ref_parse("12x"), 0);
	assert_int_equal(hd_ref_parse("HD-"), 0);
	assert_int_equal(hd_ref_parse(NULL), 0);
}

static void test_lists(void **state)
{
	(void)state;
	assert_true(hd_channel_ok("phone") && hd_channel_ok("email") && hd_channel_ok("desk") && hd_channel_ok("form"));
	assert_false(hd_channel_ok("fax") || hd_channel_ok(NULL) || hd_channel_ok(""));
	assert_true(hd_caller_ok("citizen") && hd_caller_ok("agent") && hd_caller_ok("partner") && hd_caller_ok("other"));
	assert_false(hd_caller_ok("robot"));
	assert_true(hd_state_ok("waiting") && hd_state_ok("closed"));
	assert_false(hd_state_ok("all"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ref_in),
		cmocka_unit_test(test_ref_parse),
		cmocka_unit_test(test_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
