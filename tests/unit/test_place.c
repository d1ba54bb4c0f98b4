/* test_place.c — unit tests of the pure part of place_page.c: the dates
 * of a site's page (the strip's first day, the chosen day, the horizon). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "place.h"

#define YMD(o, f, yy, mm, dd) do { \
	assert_int_equal((o).f##y, yy); assert_int_equal((o).f##m, mm); assert_int_equal((o).f##d, dd); \
} while (0)

static void no_dates_start_today(void **state)
{
	(void)state;
	struct strip_dates o;
	place_strip_dates(2027, 3, 26, 60, NULL, NULL, &o);
	assert_int_equal(o.y, 2027);
	assert_int_equal(o.mo, 3);
	assert_int_equal(o.d, 26);
	assert_int_equal(o.jy, 0);
	assert_false(o.day_refused);
	/* The horizon crosses the end of March and of April. */
	YMD(o, l, 2027, 5, 25);
}

static void chosen_day_starts_the_strip(void **state)
{
	(void)state;
	struct strip_dates o;
	place_strip_dates(2027, 3, 26, 60, NULL, "2027-04-02", &o);
	assert_int_equal(o.y, 2027);
	assert_int_equal(o.mo, 4);
	assert_int_equal(o.d, 2);
	YMD(o, j, 2027, 4, 2);
	assert_false(o.day_refused);
}

static void debut_keeps_the_strip(void **state)
{
	(void)state;
	struct strip_dates o;
	place_strip_dates(2027, 3, 26, 60, "2027-03-28", "2027-04-02", &o);
	assert_int_equal(o.mo, 3);
	assert_int_equal(o.d, 28);
	YMD(o, j, 2027, 4, 2);
}

static void debut_in_the_past_is_today(void **state)
{
	(void)state;
	struct strip_dates o;
	place_strip_dates(2027, 3, 26, 60, "2026-12-01", NULL, &o);
	assert_int_equal(o.y, 2027);
	assert_int_equal(o.mo, 3);
	assert_int_equal(o.d, 26);
}

static void day_outside_the_window_is_refused(void **state)
{
	(void)state;
	struct strip_dates o;
	/* Yesterday. */
	place_strip_dates(2027, 3, 26, 60, NULL, "2027-03-25", &o);
	assert_true(o.day_refused);
	assert_int_equal(o.jy, 0);
	assert_int_equal(o.d, 26);
	/* The last day is allowed, the day after is not. */
	place_strip_dates(2027, 3, 26, 60, NULL, "2027-05-25", &o);
	assert_false(o.day_refused);
	YMD(o, j, 2027, 5, 25);
	place_strip_dates(2027, 3, 26, 60, NULL, "2027-05-26", &o);
	assert_true(o.day_refused);
	assert_int_equal(o.mo, 3);
	/* Today itself, and a horizon of 0 days. */
	place_strip_dates(2027, 12, 31, 0, NULL, "2027-12-31", &o);
	assert_false(o.day_refused);
	YMD(o, l, 2027, 12, 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_dates_start_today),
		cmocka_unit_test(chosen_day_starts_the_strip),
		cmocka_unit_test(debut_keeps_the_strip),
		cmocka_unit_test(debut_in_the_past_is_today),
		cmocka_unit_test(day_outside_the_window_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
