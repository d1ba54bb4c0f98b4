/* test_datetime.c — unit tests of datetime.c: local/UTC conversion across
 * the Europe/Paris daylight-saving changes, SQL text, civil dates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "datetime.h"

/* Expected instants are computed with timegm, independently of the code
 * under test. */
static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

static int setup_paris(void **state)
{
	(void)state;
	dt_init("Europe/Paris");
	return 0;
}

static void test_winter_summer(void **state)
{
	(void)state;
	time_t t;
	assert_true(dt_local_to_utc(2025, 1, 15, 9, 0, &t));
	assert_int_equal(t, utc(2025, 1, 15, 8, 0, 0));
	assert_true(dt_local_to_utc(2025, 7, 14, 10, 30, &t));
	assert_int_equal(t, utc(2025, 7, 14, 8, 30, 0));
	assert_true(dt_local_to_utc(2024, 12, 31, 23, 59, &t));
	assert_int_equal(t, utc(2024, 12, 31, 22, 59, 0));
	assert_true(dt_local_to_utc(2025, 1, 1, 0, 0, &t));
	assert_int_equal(t, utc(2024, 12, 31, 23, 0, 0));
}

static void test_spring_forward(void **state)
{
	(void)state;
	time_t t = 12345;
	/* 2025-03-30: 02:00 CET jumps to 03:00 CEST (01:00 UTC). */
	assert_true(dt_local_to_utc(2025, 3, 30, 1, 59, &t));
	assert_int_equal(t, utc(2025, 3, 30, 0, 59, 0));
	assert_false(dt_local_to_utc(2025, 3, 30, 2, 0, &t));
	assert_false(dt_local_to_utc(2025, 3, 30, 2, 30, &t));
	assert_false(dt_local_to_utc(2025, 3, 30, 2, 59, &t));
	assert_true(dt_local_to_utc(2025, 3, 30, 3, 0, &t));
	assert_int_equal(t, utc(2025, 3, 30, 1, 0, 0));
	assert_true(dt_local_to_utc(2025, 3, 30, 12, 0, &t));
	assert_int_equal(t, utc(2025, 3, 30, 10, 0, 0));
	/* Not the change's date: 02:30 exists. */
	assert_true(dt_local_to_utc(2025, 3, 29, 2, 30, &t));
	assert_int_equal(t, utc(2025, 3, 29, 1, 30, 0));
}

static void test_fall_back(void **state)
{
	(void)state;
	time_t t;
	/* 2025-10-26: 03:00 CEST goes back to 02:00 CET (01:00 UTC); the
	 * 02:xx hour happens twice and the first (summer) one is wanted. */
	assert_true(dt_local_to_utc(2025, 10, 26, 1, 30, &t));
	assert_int_equal(t, utc(2025, 10, 25, 23, 30, 0));
	assert_true(dt_local_to_utc(2025, 10, 26, 2, 0, &t));
	assert_int_equal(t, utc(2025, 10, 26, 0, 0, 0));
	assert_true(dt_local_to_utc(2025, 10, 26, 2, 30, &t));
	assert_int_equal(t, utc(2025, 10, 26, 0, 30, 0));
	assert_true(dt_local_to_utc(2025, 10, 26, 2, 59, &t));
	assert_int_equal(t, utc(2025, 10, 26, 0, 59, 0));
	assert_true(dt_local_to_utc(2025, 10, 26, 3, 0, &t));
	assert_int_equal(t, utc(2025, 10, 26, 2, 0, 0));
}

static void test_local_to_utc_invalid(void **state)
{
	(void)state;
	time_t t;
	assert_false(dt_local_to_utc(2025, 2, 29, 9, 0, &t));
	assert_false(dt_local_to_utc(2025, 13, 1, 9, 0, &t));
	assert_false(dt_local_to_utc(2025, 0, 1, 9, 0, &t));
	assert_false(dt_local_to_utc(2025, 4, 31, 9, 0, &t));
	assert_false(dt_local_to_utc(2025, 1, 1, 24, 0, &t));
	assert_false(dt_local_to_utc(2025, 1, 1, 9, 60, &t));
	assert_false(dt_local_to_utc(2025, 1, 1, -1, 0, &t));
	assert_true(dt_local_to_utc(2024, 2, 29, 9, 0, &t));
}

static void test_utc_to_local(void **state)
{
	(void)state;
	struct tm tm;
	dt_utc_to_local(utc(2025, 10, 26, 0, 30, 0), &tm);
	assert_int_equal(tm.tm_hour, 2);
	assert_int_equal(tm.tm_min, 30);
	assert_int_equal(tm.tm_isdst, 1);
	dt_utc_to_local(utc(2025, 10, 26, 1, 30, 0), &tm);
	assert_int_equal(tm.tm_hour, 2);
	assert_int_equal(tm.tm_min, 30);
	assert_int_equal(tm.tm_isdst, 0);
	dt_utc_to_local(utc(2025, 1, 15, 8, 0, 0), &tm);
	assert_int_equal(tm.tm_year, 125);
	assert_int_equal(tm.tm_mon, 0);
	assert_int_equal(tm.tm_mday, 15);
	assert_int_equal(tm.tm_hour, 9);
}

static void test_other_zone(void **state)
{
	(void)state;
	time_t t;
	dt_init("UTC");
	assert_true(dt_local_to_utc(2025, 3, 30, 2, 30, &t));
	assert_int_equal(t, utc(2025, 3, 30, 2, 30, 0));
	dt_init("America/New_York");
	/* US change: 2025-03-09 02:00 EST -> 03:00 EDT. */
	assert_false(dt_local_to_utc(2025, 3, 9, 2, 30, &t));
	assert_true(dt_local_to_utc(2025, 11, 2, 1, 30, &t));
	assert_int_equal(t, utc(2025, 11, 2, 5, 30, 0));      /* EDT first */
	dt_init("Europe/Paris");
	assert_true(dt_local_to_utc(2025, 1, 15, 9, 0, &t));
	assert_int_equal(t, utc(2025, 1, 15, 8, 0, 0));
}

static void test_sql_roundtrip(void **state)
{
	(void)state;
	time_t t;
	char buf[20];
	assert_true(dt_parse_sql("2025-03-30 01:00:00", &t));
	assert_int_equal(t, utc(2025, 3, 30, 1, 0, 0));
	dt_format_sql(t, buf);
	assert_string_equal(buf, "2025-03-30 01:00:00");

	assert_true(dt_parse_sql("1970-01-01 00:00:00", &t));
	assert_int_equal(t, 0);
	assert_true(dt_parse_sql("2024-02-29 23:59:59", &t));
	assert_int_equal(t, utc(2024, 2, 29, 23, 59, 59));
	dt_format_sql(t, buf);
	assert_string_equal(buf, "2024-02-29 23:59:59");
	assert_true(dt_parse_sql("1969-12-31 23:59:59", &t));
	assert_int_equal(t, -1);
	dt_format_sql(t, buf);
	assert_string_equal(buf, "1969-12-31 23:59:59");
	assert_true(dt_parse_sql("2100-01-01 12:00:00", &t));
	assert_int_equal(t, utc(2100, 1, 1, 12, 0, 0));

	/* Formatting is UTC whatever the process zone. */
	dt_format_sql(utc(2025, 7, 14, 8, 30, 15), buf);
	assert_string_equal(buf, "2025-07-14 08:30:15");
	dt_format_sql(0, buf);
	assert_string_equal(buf, "1970-01-01 00:00:00");

	/* A run of instants survives the round trip. */
	for (time_t x = utc(2023, 12, 30, 0, 0, 0); x < utc(2025, 1, 3, 0, 0, 0); x += 86400 / 3 + 7) {
		time_t y;
		dt_format_sql(x, buf);
		assert_int_equal(strlen(buf), 19);
		assert_true(dt_parse_sql(buf, &y));
		assert_int_equal(x, y);
	}
}

static void test_sql_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "2025-03-30", "2025-03-30 01:00", "2025-03-30T01:00:00",
		"2025-03-30 01:00:00Z", "2025-03-30 01:00:00.000000",
		"2025-3-30 01:00:00", "2025-03-30 1:00:00", "2025-13-01 00:00:00",
		"2025-02-29 00:00:00", "2025-04-31 00:00:00", "2025-01-01 24:00:00",
		"2025-01-01 23:60:00", "2025-01-01 23:00:60", "2025/01/01 00:00:00",
		"2025-01-01 00-00-00", "abcd-ef-gh ij:kl:mn", " 2025-01-01 00:00:0",
		"2025-01-01  0:00:00", "+025-01-01 00:00:00", "0000-01-01 00:00:00",
	};
	time_t t = 777;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (dt_parse_sql(bad[i], &t))
			fail_msg("accepted: \"%s\"", bad[i]);
	}
	assert_int_equal(t, 777);
	assert_false(dt_parse_sql(NULL, &t));
}

static void test_parse_ymd(void **state)
{
	(void)state;
	int y = 0, m = 0, d = 0;
	assert_true(dt_parse_ymd("2024-02-29", &y, &m, &d));
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_true(dt_parse_ymd("2000-02-29", &y, &m, &d));
	assert_true(dt_parse_ymd("1999-12-31", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-1-01", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-01-1", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-13-01", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-00-01", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-02-30", &y, &m, &d));
	assert_false(dt_parse_ymd("2023-02-29", &y, &m, &d));
	assert_false(dt_parse_ymd("1900-02-29", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-04-31", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-01-00", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-01-01 ", &y, &m, &d));
	assert_false(dt_parse_ymd("2024/01/01", &y, &m, &d));
	assert_false(dt_parse_ymd("01/01/2024", &y, &m, &d));
	assert_false(dt_parse_ymd("2024-01-0a", &y, &m, &d));
	assert_false(dt_parse_ymd("", &y, &m, &d));
	assert_false(dt_parse_ymd(NULL, &y, &m, &d));
	/* Outputs untouched on failure. */
	assert_int_equal(y, 1999);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(dt_weekday(2024, 1, 1), 1);      /* Monday */
	assert_int_equal(dt_weekday(2025, 11, 22), 6);    /* Saturday */
	assert_int_equal(dt_weekday(2025, 3, 30), 7);     /* Sunday */
	assert_int_equal(dt_weekday(2025, 10, 26), 7);
	assert_int_equal(dt_weekday(1970, 1, 1), 4);      /* Thursday */
	assert_int_equal(dt_weekday(1969, 12, 31), 3);
	assert_int_equal(dt_weekday(2000, 2, 29), 2);     /* Tuesday */
	assert_int_equal(dt_weekday(1789, 7, 14), 2);
	assert_int_equal(dt_weekday(2024, 2, 29), 4);
	/* Seven consecutive days cover 1..7 in order. */
	for (int i = 0; i < 7; i++)
		assert_int_equal(dt_weekday(2024, 1, 1 + i), 1 + i);
}

static void check_add(int y, int m, int d, int n, int wy, int wm, int wd)
{
	dt_add_days(&y, &m, &d, n);
	assert_int_equal(y, wy);
	assert_int_equal(m, wm);
	assert_int_equal(d, wd);
}

static void test_add_days(void **state)
{
	(void)state;
	check_add(2024, 1, 31, 1, 2024, 2, 1);
	check_add(2024, 2, 28, 1, 2024, 2, 29);
	check_add(2024, 2, 29, 1, 2024, 3, 1);
	check_add(2023, 2, 28, 1, 2023, 3, 1);
	check_add(2024, 12, 31, 1, 2025, 1, 1);
	check_add(2025, 1, 1, -1, 2024, 12, 31);
	check_add(2024, 3, 1, -1, 2024, 2, 29);
	check_add(2100, 3, 1, -1, 2100, 2, 28);
	check_add(2000, 3, 1, -1, 2000, 2, 29);
	check_add(2024, 1, 1, 366, 2025, 1, 1);
	check_add(2025, 1, 1, 365, 2026, 1, 1);
	check_add(2025, 6, 15, 0, 2025, 6, 15);
	check_add(2025, 3, 24, 7, 2025, 3, 31);
	check_add(2025, 1, 1, -3653, 2015, 1, 1);
	check_add(1970, 1, 1, -1, 1969, 12, 31);
}

static void test_days_between(void **state)
{
	(void)state;
	assert_int_equal(dt_days_between(2024, 1, 1, 2024, 1, 1), 0);
	assert_int_equal(dt_days_between(2024, 1, 1, 2024, 1, 2), 1);
	assert_int_equal(dt_days_between(2024, 1, 2, 2024, 1, 1), -1);
	assert_int_equal(dt_days_between(2024, 1, 1, 2025, 1, 1), 366);
	assert_int_equal(dt_days_between(2025, 1, 1, 2026, 1, 1), 365);
	assert_int_equal(dt_days_between(2024, 2, 28, 2024, 3, 1), 2);
	assert_int_equal(dt_days_between(2023, 2, 28, 2023, 3, 1), 1);
	assert_int_equal(dt_days_between(1970, 1, 1, 2000, 1, 1), 10957);
	/* Crossing a DST change is still a whole number of days. */
	assert_int_equal(dt_days_between(2025, 3, 29, 2025, 3, 31), 2);
	/* Consistent with dt_add_days. */
	int y = 2023, m = 11, d = 17;
	dt_add_days(&y, &m, &d, 500);
	assert_int_equal(dt_days_between(2023, 11, 17, y, m, d), 500);
}

static void test_today(void **state)
{
	(void)state;
	int y, m, d;
	time_t before = time(NULL);
	dt_today_local(&y, &m, &d);
	struct tm tm;
	localtime_r(&before, &tm);
	/* Allow for a midnight between the two calls. */
	int diff = dt_days_between(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, y, m, d);
	assert_true(diff == 0 || diff == 1);
	assert_true(y >= 2024);
	assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
}

/* The next local midnight: 24 hours on most days, 23 on the day of the
 * spring change, 25 on the autumn one, as dt_local_to_utc() says. */
static void test_next_midnight(void **state)
{
	(void)state;
	static const int days[][3] = { { 2025, 1, 15 }, { 2025, 3, 29 }, { 2025, 3, 30 }, { 2025, 3, 31 },
				       { 2025, 10, 25 }, { 2025, 10, 26 }, { 2025, 12, 31 }, { 2024, 2, 28 } };
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		int y = days[i][0], m = days[i][1], d = days[i][2], y2 = y, m2 = m, d2 = d;
		dt_add_days(&y2, &m2, &d2, 1);
		time_t a, b;
		assert_true(dt_local_to_utc(y, m, d, 0, 0, &a));
		assert_true(dt_local_to_utc(y2, m2, d2, 0, 0, &b));
		assert_int_equal(dt_next_midnight(a), b);
	}
	time_t a;
	assert_true(dt_local_to_utc(2025, 3, 30, 0, 0, &a));
	assert_int_equal(dt_next_midnight(a) - a, 23 * 3600);
	assert_true(dt_local_to_utc(2025, 10, 26, 0, 0, &a));
	assert_int_equal(dt_next_midnight(a) - a, 25 * 3600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_winter_summer),
		cmocka_unit_test(test_next_midnight),
		cmocka_unit_test(test_spring_forward),
		cmocka_unit_test(test_fall_back),
		cmocka_unit_test(test_local_to_utc_invalid),
		cmocka_unit_test(test_utc_to_local),
		cmocka_unit_test(test_other_zone),
		cmocka_unit_test(test_sql_roundtrip),
		cmocka_unit_test(test_sql_malformed),
		cmocka_unit_test(test_parse_ymd),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_days_between),
		cmocka_unit_test(test_today),
	};
	return cmocka_run_group_tests(tests, setup_paris, NULL);
}
