/* test_agenda.c — unit tests of the pure parts of agenda.c that the staff
 * pages use: a device agenda's day, view and neighbours (agenda_nav_parse),
 * its quota grid by local hour (agenda_hours), and what the free-times page
 * searches for each role (agenda_free_query). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "agenda.h"
#include "auth.h"
#include "datetime.h"

#define YMD(o, f1, f2, f3, yy, mm, dd) do { \
	assert_int_equal((o).f1, yy); assert_int_equal((o).f2, mm); assert_int_equal((o).f3, dd); \
} while (0)

static int setup_paris(void **state)
{
	(void)state;
	dt_init("Europe/Paris");
	return 0;
}

static void nav_today_by_default(void **state)
{
	(void)state;
	struct agenda_nav n;
	assert_true(agenda_nav_parse(NULL, NULL, 2027, 3, 26, &n));
	assert_false(n.week);
	YMD(n, y, mo, d, 2027, 3, 26);
	YMD(n, py, pm, pd, 2027, 3, 25);
	YMD(n, ny, nm, nd, 2027, 3, 27);
	/* An emptied field is no date either. */
	assert_true(agenda_nav_parse("", NULL, 2027, 3, 26, &n));
	YMD(n, y, mo, d, 2027, 3, 26);
}

static void nav_day_as_typed(void **state)
{
	(void)state;
	struct agenda_nav n;
	assert_true(agenda_nav_parse("2027-04-02", NULL, 2027, 3, 26, &n));
	YMD(n, y, mo, d, 2027, 4, 2);
	/* As French people write it, a single digit included. */
	assert_true(agenda_nav_parse("1/8/2024", NULL, 2027, 3, 26, &n));
	YMD(n, y, mo, d, 2024, 8, 1);
	/* The day before the first of March of a leap year. */
	assert_true(agenda_nav_parse("01/03/2028", "jour", 2027, 3, 26, &n));
	assert_false(n.week);
	YMD(n, py, pm, pd, 2028, 2, 29);
	YMD(n, ny, nm, nd, 2028, 3, 2);
}

static void nav_week_steps_seven_days(void **state)
{
	(void)state;
	struct agenda_nav n;
	assert_true(agenda_nav_parse("2027-12-29", "semaine", 2027, 3, 26, &n));
	assert_true(n.week);
	YMD(n, y, mo, d, 2027, 12, 29);
	YMD(n, py, pm, pd, 2027, 12, 22);
	YMD(n, ny, nm, nd, 2028, 1, 5);
	/* Only "semaine" is the week. */
	assert_true(agenda_nav_parse("2027-12-29", "Semaine", 2027, 3, 26, &n));
	assert_false(n.week);
	YMD(n, ny, nm, nd, 2027, 12, 30);
}

static void nav_refuses_a_bad_date(void **state)
{
	(void)state;
	struct agenda_nav n = { .y = 1 };
	assert_false(agenda_nav_parse("2027-02-29", NULL, 2027, 3, 26, &n));
	assert_false(agenda_nav_parse("31/04/2027", "semaine", 2027, 3, 26, &n));
	assert_false(agenda_nav_parse("demain", NULL, 2027, 3, 26, &n));
	assert_false(agenda_nav_parse("2027-4-2", NULL, 2027, 3, 26, &n));
	assert_int_equal(n.y, 1);
}

static struct agenda_slot slot_at(int y, int mo, int d, int h, int mi, int c0, int c1, int c2, int b0, int b1,
				  int b2)
{
	struct agenda_slot s = { .cap = { c0, c1, c2 }, .booked = { b0, b1, b2 } };
	assert_true(dt_local_to_utc(y, mo, d, h, mi, &s.start));
	s.end = s.start + 15 * 60;
	return s;
}

static void hours_sum_each_local_hour(void **state)
{
	(void)state;
	struct agenda_slot s[] = {
		slot_at(2027, 7, 14, 9, 0, 4, 1, 1, 2, 0, 0),
		slot_at(2027, 7, 14, 9, 45, 4, 1, 1, 4, 1, 0),
		slot_at(2027, 7, 14, 14, 0, 3, 0, 2, 0, 0, 1),
	};
	struct agenda_hour h[24];
	agenda_hours(s, 3, h);
	for (int i = 0; i < 24; i++)
		assert_int_equal(h[i].used, i == 9 || i == 14);
	/* Local hours, not UTC (9:00 in summer is 7:00 UTC). */
	assert_int_equal(h[9].cap[LEVEL_REGULAR], 8);
	assert_int_equal(h[9].booked[LEVEL_REGULAR], 6);
	assert_int_equal(h[9].cap[LEVEL_URGENT], 2);
	assert_int_equal(h[9].booked[LEVEL_URGENT], 1);
	assert_int_equal(h[9].cap[LEVEL_EXTREME], 2);
	assert_int_equal(h[9].booked[LEVEL_EXTREME], 0);
	assert_int_equal(h[14].cap[LEVEL_EXTREME], 2);
	assert_int_equal(h[14].booked[LEVEL_EXTREME], 1);
	assert_int_equal(h[7].cap[LEVEL_REGULAR], 0);
}

static void hours_of_a_closed_day(void **state)
{
	(void)state;
	struct agenda_hour h[24];
	h[3].used = true;
	h[3].cap[0] = 9;
	agenda_hours(NULL, 0, h);
	for (int i = 0; i < 24; i++) {
		assert_false(h[i].used);
		assert_int_equal(h[i].cap[0], 0);
	}
}

static void hours_on_a_fall_back_day(void **state)
{
	(void)state;
	/* 2027-10-31: 02:00-03:00 happens twice; both are one row. */
	struct agenda_slot s[2] = { slot_at(2027, 10, 31, 2, 30, 2, 0, 0, 1, 0, 0) };
	s[1] = s[0];
	s[1].start += 3600;
	s[1].booked[0] = 0;
	struct agenda_hour h[24];
	agenda_hours(s, 2, h);
	assert_true(h[2].used);
	assert_false(h[3].used);
	assert_int_equal(h[2].cap[LEVEL_REGULAR], 4);
	assert_int_equal(h[2].booked[LEVEL_REGULAR], 1);
}

static void free_query_agent(void **state)
{
	(void)state;
	struct staff agent = { .role = ROLE_AGENT, .commune_id = 12 };
	struct free_query q;
	/* An agent may use the reserved quotas, in its own commune only. */
	agenda_free_query(&agent, 5, 3, "urgent", NULL, 44, 2027, 3, 26, &q);
	assert_int_equal(q.party, 3);
	assert_true(q.level_choice);
	assert_int_equal(q.level, LEVEL_URGENT);
	YMD(q, y, mo, d, 2027, 3, 26);
	assert_false(q.wide);
	assert_int_equal(q.commune, 12);
	/* Unknown or absent level: the public quota. */
	agenda_free_query(&agent, 5, 1, "vip", "2027-04-02", 0, 2027, 3, 26, &q);
	assert_int_equal(q.level, LEVEL_REGULAR);
	YMD(q, y, mo, d, 2027, 4, 2);
	agenda_free_query(&agent, 5, 1, NULL, NULL, 0, 2027, 3, 26, &q);
	assert_int_equal(q.level, LEVEL_REGULAR);
	struct staff admin = { .role = ROLE_COMMUNE_ADMIN, .commune_id = 7 };
	agenda_free_query(&admin, 5, 1, "extreme", NULL, 44, 2027, 3, 26, &q);
	assert_int_equal(q.level, LEVEL_EXTREME);
	assert_false(q.wide);
	assert_int_equal(q.commune, 7);
}

static void free_query_partner(void **state)
{
	(void)state;
	struct staff partner = { .role = ROLE_PARTNER, .commune_id = 30 };
	struct free_query q;
	/* The public quota only, whatever was sent; any equipped commune. */
	agenda_free_query(&partner, 5, 2, "extreme", NULL, 44, 2027, 3, 26, &q);
	assert_false(q.level_choice);
	assert_int_equal(q.level, LEVEL_REGULAR);
	assert_true(q.wide);
	assert_int_equal(q.commune, 44);
	agenda_free_query(&partner, 5, 2, NULL, NULL, 0, 2027, 3, 26, &q);
	assert_int_equal(q.commune, 0);
}

static void free_query_platform(void **state)
{
	(void)state;
	struct staff platform = { .role = ROLE_PLATFORM_ADMIN, .commune_id = 0 };
	struct free_query q;
	agenda_free_query(&platform, 5, 1, "urgent", NULL, 0, 2027, 3, 26, &q);
	assert_true(q.level_choice);
	assert_int_equal(q.level, LEVEL_URGENT);
	assert_true(q.wide);
	assert_int_equal(q.commune, 0);
	agenda_free_query(&platform, 5, 1, "urgent", NULL, 9, 2027, 3, 26, &q);
	assert_int_equal(q.commune, 9);
}

static void free_query_caps_the_party(void **state)
{
	(void)state;
	struct staff agent = { .role = ROLE_AGENT, .commune_id = 12 };
	struct free_query q;
	agenda_free_query(&agent, 2, 5, NULL, NULL, 0, 2027, 3, 26, &q);
	assert_int_equal(q.party, 2);
	agenda_free_query(&agent, 2, 2, NULL, NULL, 0, 2027, 3, 26, &q);
	assert_int_equal(q.party, 2);
	agenda_free_query(&agent, 1, 1, NULL, NULL, 0, 2027, 3, 26, &q);
	assert_int_equal(q.party, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nav_today_by_default),
		cmocka_unit_test(nav_day_as_typed),
		cmocka_unit_test(nav_week_steps_seven_days),
		cmocka_unit_test(nav_refuses_a_bad_date),
		cmocka_unit_test(hours_sum_each_local_hour),
		cmocka_unit_test(hours_of_a_closed_day),
		cmocka_unit_test(hours_on_a_fall_back_day),
		cmocka_unit_test(free_query_agent),
		cmocka_unit_test(free_query_partner),
		cmocka_unit_test(free_query_platform),
		cmocka_unit_test(free_query_caps_the_party),
	};
	return cmocka_run_group_tests(tests, setup_paris, NULL);
}
