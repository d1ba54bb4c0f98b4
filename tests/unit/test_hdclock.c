/* test_hdclock.c — the help desk's opening hours (hdclock.h): 8:30–16:30
 * on working days, Europe/Paris, French public holidays closed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "datetime.h"
#include "hdclock.h"

static time_t at(int y, int mo, int d, int h, int mi)
{
	time_t t;
	assert_true(dt_local_to_utc(y, mo, d, h, mi, &t));
	return t;
}

static void test_easter(void **state)
{
	(void)state;
	int mo, d;
	hd_easter(2024, &mo, &d);
	assert_int_equal(mo * 100 + d, 331);
	hd_easter(2025, &mo, &d);
	assert_int_equal(mo * 100 + d, 420);
	hd_easter(2026, &mo, &d);
	assert_int_equal(mo * 100 + d, 405);
	hd_easter(2027, &mo, &d);
	assert_int_equal(mo * 100 + d, 328);
}

static void test_holidays(void **state)
{
	(void)state;
	assert_true(hd_holiday(2026, 1, 1));
	assert_true(hd_holiday(2026, 7, 14));
	assert_true(hd_holiday(2026, 4, 6));    /* Easter Monday */
	assert_true(hd_holiday(2026, 5, 14));   /* Ascension */
	assert_true(hd_holiday(2026, 5, 25));   /* Whit Monday */
	assert_true(hd_holiday(2026, 11, 11));
	assert_false(hd_holiday(2026, 4, 7));
	assert_false(hd_holiday(2026, 12, 7));
	assert_false(hd_working_day(2026, 12, 5));   /* Saturday */
	assert_false(hd_working_day(2026, 12, 6));   /* Sunday */
	assert_true(hd_working_day(2026, 12, 7));    /* Monday */
	assert_false(hd_working_day(2026, 12, 25));  /* Friday, Christmas */
}

static void test_business_seconds(void **state)
{
	(void)state;
	/* Within one day. */
	assert_int_equal(hd_business_seconds(at(2026, 12, 7, 9, 0), at(2026, 12, 7, 10, 0)), 3600);
	/* Before the opening and after the closing count nothing. */
	assert_int_equal(hd_business_seconds(at(2026, 12, 7, 7, 0), at(2026, 12, 7, 8, 30)), 0);
	assert_int_equal(hd_business_seconds(at(2026, 12, 7, 16, 30), at(2026, 12, 7, 23, 0)), 0);
	assert_int_equal(hd_business_seconds(at(2026, 12, 7, 6, 0), at(2026, 12, 7, 20, 0)), 8 * 3600);
	/* Friday 16:00 to Monday 9:00: 30 min + 30 min. */
	assert_int_equal(hd_business_seconds(at(2026, 12, 4, 16, 0), at(2026, 12, 7, 9, 0)), 3600);
	/* A whole week: 5 × 8 h. */
	assert_int_equal(hd_business_seconds(at(2026, 11, 30, 0, 0), at(2026, 12, 7, 0, 0)), 40 * 3600);
	/* Christmas Friday counts nothing: Thu 24 16:00 -> Mon 28 9:00 = 30 + 30 min. */
	assert_int_equal(hd_business_seconds(at(2026, 12, 24, 16, 0), at(2026, 12, 28, 9, 0)), 3600);
	/* Across the autumn daylight-saving change (25 October 2026). */
	assert_int_equal(hd_business_seconds(at(2026, 10, 23, 16, 0), at(2026, 10, 26, 9, 0)), 3600);
	/* Reversed or empty. */
	assert_int_equal(hd_business_seconds(at(2026, 12, 7, 10, 0), at(2026, 12, 7, 9, 0)), 0);
	assert_true(hd_open_at(at(2026, 12, 7, 8, 30)));
	assert_false(hd_open_at(at(2026, 12, 7, 16, 30)));
	assert_false(hd_open_at(at(2026, 12, 5, 10, 0)));
}

int main(void)
{
	dt_init("Europe/Paris");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_business_seconds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
