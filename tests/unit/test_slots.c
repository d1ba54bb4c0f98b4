/* test_slots.c — unit tests of slots.c: cutting opening rules into UTC
 * slots (including both Europe/Paris DST Sundays), merging, the number of
 * slots a party needs and the search for consecutive free slots. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "datetime.h"
#include "slots.h"

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

static int setup_paris(void **state)
{
	(void)state;
	dt_init("Europe/Paris");
	return 0;
}

static struct slot_rule rule(int wd, int sh, int sm, int eh, int em, int len,
                             int c0, int c1, int c2)
{
	struct slot_rule r = {
		.weekday = wd,
		.start_min = sh * 60 + sm,
		.end_min = eh * 60 + em,
		.slot_minutes = len,
		.cap = { c0, c1, c2 },
	};
	return r;
}

static void assert_sorted_distinct(const struct slot *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		assert_true(s[i].start < s[i + 1].start);
}

static void test_monday_morning(void **state)
{
	(void)state;
	/* 2025-01-13 is a Monday, in winter time (UTC+1). */
	struct slot_rule r = rule(1, 8, 30, 12, 0, 15, 2, 1, 0);
	size_t n = 99;
	struct slot *s = slots_generate(&r, 1, 2025, 1, 13, 7, &n);
	assert_non_null(s);
	assert_int_equal(n, 14);
	time_t first = utc(2025, 1, 13, 7, 30);
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(s[k].start, first + (time_t)k * 900);
		assert_int_equal(s[k].end, s[k].start + 900);
		assert_int_equal(s[k].cap[LEVEL_REGULAR], 2);
		assert_int_equal(s[k].cap[LEVEL_URGENT], 1);
		assert_int_equal(s[k].cap[LEVEL_EXTREME], 0);
	}
	assert_int_equal(s[13].end, utc(2025, 1, 13, 11, 0));
	free(s);

	/* A week starting on Wednesday still finds the next Monday. */
	s = slots_generate(&r, 1, 2025, 1, 15, 7, &n);
	assert_int_equal(n, 14);
	assert_int_equal(s[0].start, utc(2025, 1, 20, 7, 30));
	free(s);

	/* Summer: the same wall time is two hours before in UTC. */
	s = slots_generate(&r, 1, 2025, 6, 16, 1, &n);
	assert_int_equal(n, 14);
	assert_int_equal(s[0].start, utc(2025, 6, 16, 6, 30));
	free(s);

	/* Two weeks: two Mondays. */
	s = slots_generate(&r, 1, 2025, 1, 13, 14, &n);
	assert_int_equal(n, 28);
	assert_int_equal(s[14].start, utc(2025, 1, 20, 7, 30));
	assert_sorted_distinct(s, n);
	free(s);
}

static void test_partial_last_slot(void **state)
{
	(void)state;
	/* 09:00-10:40 by 30: 09:00, 09:30, 10:00; 10:30 would end at 11:00. */
	struct slot_rule r = rule(1, 9, 0, 10, 40, 30, 1, 0, 0);
	size_t n;
	struct slot *s = slots_generate(&r, 1, 2025, 1, 13, 1, &n);
	assert_int_equal(n, 3);
	assert_int_equal(s[0].start, utc(2025, 1, 13, 8, 0));
	assert_int_equal(s[2].start, utc(2025, 1, 13, 9, 0));
	assert_int_equal(s[2].end, utc(2025, 1, 13, 9, 30));
	free(s);

	/* Shorter than one slot: nothing. */
	r = rule(1, 9, 0, 9, 20, 30, 1, 0, 0);
	s = slots_generate(&r, 1, 2025, 1, 13, 1, &n);
	assert_int_equal(n, 0);
	free(s);

	/* Up to midnight. */
	r = rule(1, 23, 0, 24, 0, 30, 1, 0, 0);
	s = slots_generate(&r, 1, 2025, 1, 13, 1, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[1].end, utc(2025, 1, 13, 23, 0));
	free(s);
}

static void test_spring_forward(void **state)
{
	(void)state;
	/* Sunday 2025-03-30, 01:00-04:00 local by 30: 02:00 and 02:30 do
	 * not exist. */
	struct slot_rule r = rule(7, 1, 0, 4, 0, 30, 1, 0, 0);
	size_t n;
	struct slot *s = slots_generate(&r, 1, 2025, 3, 30, 1, &n);
	assert_int_equal(n, 4);
	assert_int_equal(s[0].start, utc(2025, 3, 30, 0, 0));   /* 01:00 CET */
	assert_int_equal(s[1].start, utc(2025, 3, 30, 0, 30));  /* 01:30 CET */
	assert_int_equal(s[2].start, utc(2025, 3, 30, 1, 0));   /* 03:00 CEST */
	assert_int_equal(s[3].start, utc(2025, 3, 30, 1, 30));  /* 03:30 CEST */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(s[i].end - s[i].start, 1800);
	/* 01:30 CET + 30 real minutes is exactly 03:00 CEST. */
	assert_int_equal(s[1].end, s[2].start);
	free(s);
}

static void test_fall_back(void **state)
{
	(void)state;
	/* Sunday 2025-10-26, 01:00-04:00 local by 30: the 02:xx wall times
	 * are taken at their first (summer) occurrence. */
	struct slot_rule r = rule(7, 1, 0, 4, 0, 30, 1, 0, 0);
	size_t n;
	struct slot *s = slots_generate(&r, 1, 2025, 10, 26, 1, &n);
	assert_int_equal(n, 6);
	assert_int_equal(s[0].start, utc(2025, 10, 25, 23, 0));  /* 01:00 CEST */
	assert_int_equal(s[1].start, utc(2025, 10, 25, 23, 30)); /* 01:30 CEST */
	assert_int_equal(s[2].start, utc(2025, 10, 26, 0, 0));   /* 02:00 CEST */
	assert_int_equal(s[3].start, utc(2025, 10, 26, 0, 30));  /* 02:30 CEST */
	assert_int_equal(s[4].start, utc(2025, 10, 26, 2, 0));   /* 03:00 CET */
	assert_int_equal(s[5].start, utc(2025, 10, 26, 2, 30));  /* 03:30 CET */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(s[i].end - s[i].start, 1800);
	assert_sorted_distinct(s, n);
	for (size_t i = 0; i + 1 < n; i++)
		assert_true(s[i].end <= s[i + 1].start);
	free(s);
}

static void test_real_durations_across_dst(void **state)
{
	(void)state;
	/* A whole Sunday by 15 minutes. */
	struct slot_rule r = rule(7, 0, 0, 24, 0, 15, 1, 0, 0);
	size_t n;
	struct slot *s = slots_generate(&r, 1, 2025, 3, 30, 1, &n);
	assert_int_equal(n, 96 - 4);              /* 02:00..02:45 skipped */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(s[i].end - s[i].start, 900);
	assert_sorted_distinct(s, n);
	free(s);

	s = slots_generate(&r, 1, 2025, 10, 26, 1, &n);
	assert_int_equal(n, 96);                  /* each wall time once */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(s[i].end - s[i].start, 900);
	assert_sorted_distinct(s, n);
	free(s);

	/* A slot straddling the change keeps its real length: 01:45 CET
	 * by 60 minutes ends at 03:45 CEST, one real hour later. */
	r = rule(7, 1, 45, 3, 0, 60, 1, 0, 0);
	s = slots_generate(&r, 1, 2025, 3, 30, 1, &n);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].start, utc(2025, 3, 30, 0, 45));
	assert_int_equal(s[0].end, utc(2025, 3, 30, 1, 45));
	free(s);
}

static void test_validity_dates(void **state)
{
	(void)state;
	/* Mondays of 2025-01: 13, 20, 27, then 2025-02-03. */
	struct slot_rule r = rule(1, 9, 0, 10, 0, 60, 1, 0, 0);
	r.valid_from_ymd = 20250120;
	r.valid_to_ymd = 20250127;
	size_t n;
	struct slot *s = slots_generate(&r, 1, 2025, 1, 13, 28, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].start, utc(2025, 1, 20, 8, 0));
	assert_int_equal(s[1].start, utc(2025, 1, 27, 8, 0));
	free(s);

	r.valid_from_ymd = 0;
	r.valid_to_ymd = 20250113;
	s = slots_generate(&r, 1, 2025, 1, 13, 28, &n);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].start, utc(2025, 1, 13, 8, 0));
	free(s);

	r.valid_from_ymd = 20250121;
	r.valid_to_ymd = 0;
	s = slots_generate(&r, 1, 2025, 1, 13, 28, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].start, utc(2025, 1, 27, 8, 0));
	assert_int_equal(s[1].start, utc(2025, 2, 3, 8, 0));
	free(s);

	/* A rule that ended before the range. */
	r.valid_from_ymd = 20240101;
	r.valid_to_ymd = 20241231;
	s = slots_generate(&r, 1, 2025, 1, 13, 28, &n);
	assert_int_equal(n, 0);
	free(s);
}

static void test_merge(void **state)
{
	(void)state;
	struct slot_rule r[2] = {
		rule(1, 9, 0, 10, 0, 15, 1, 0, 0),
		rule(1, 9, 30, 11, 0, 15, 2, 1, 1),
	};
	size_t n;
	struct slot *s = slots_generate(r, 2, 2025, 1, 13, 1, &n);
	assert_int_equal(n, 8);
	assert_sorted_distinct(s, n);
	assert_int_equal(s[0].start, utc(2025, 1, 13, 8, 0));
	assert_int_equal(s[0].cap[0], 1);
	assert_int_equal(s[0].cap[1], 0);
	assert_int_equal(s[1].cap[0], 1);
	for (int i = 2; i < 4; i++) {           /* 09:30, 09:45: both rules */
		assert_int_equal(s[i].cap[0], 3);
		assert_int_equal(s[i].cap[1], 1);
		assert_int_equal(s[i].cap[2], 1);
	}
	for (int i = 4; i < 8; i++) {
		assert_int_equal(s[i].cap[0], 2);
		assert_int_equal(s[i].cap[1], 1);
		assert_int_equal(s[i].cap[2], 1);
	}
	assert_int_equal(s[7].end, utc(2025, 1, 13, 10, 0));
	free(s);

	/* The same rule twice doubles the capacity. */
	struct slot_rule twice[2] = {
		rule(3, 14, 0, 15, 0, 20, 1, 2, 3),
		rule(3, 14, 0, 15, 0, 20, 1, 2, 3),
	};
	s = slots_generate(twice, 2, 2025, 1, 15, 1, &n);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(s[i].cap[0], 2);
		assert_int_equal(s[i].cap[1], 4);
		assert_int_equal(s[i].cap[2], 6);
	}
	free(s);

	/* Different lengths on the same start: one slot, the shorter end
	 * kept so it still abuts the next one. */
	struct slot_rule mixed[2] = {
		rule(1, 9, 0, 10, 0, 30, 1, 0, 0),
		rule(1, 9, 0, 10, 0, 15, 1, 0, 0),
	};
	s = slots_generate(mixed, 2, 2025, 1, 13, 1, &n);
	assert_int_equal(n, 4);
	assert_sorted_distinct(s, n);
	assert_int_equal(s[0].start, utc(2025, 1, 13, 8, 0));
	assert_int_equal(s[0].end, utc(2025, 1, 13, 8, 15));
	assert_int_equal(s[0].cap[0], 2);
	assert_int_equal(s[1].cap[0], 1);
	assert_int_equal(s[2].cap[0], 2);
	free(s);

	/* Huge capacities saturate instead of overflowing. */
	struct slot_rule big[2] = {
		rule(1, 9, 0, 10, 0, 60, INT_MAX, 0, 0),
		rule(1, 9, 0, 10, 0, 60, INT_MAX, 0, 0),
	};
	s = slots_generate(big, 2, 2025, 1, 13, 1, &n);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].cap[0], INT_MAX);
	free(s);
}

static void test_order_across_days(void **state)
{
	(void)state;
	/* Rules listed out of order still give chronological output. */
	struct slot_rule r[3] = {
		rule(5, 14, 0, 15, 0, 30, 1, 0, 0),     /* Friday */
		rule(2, 9, 0, 10, 0, 30, 1, 0, 0),      /* Tuesday */
		rule(2, 8, 0, 9, 0, 30, 1, 0, 0),       /* Tuesday, earlier */
	};
	size_t n;
	struct slot *s = slots_generate(r, 3, 2025, 1, 13, 7, &n);
	assert_int_equal(n, 6);
	assert_sorted_distinct(s, n);
	assert_int_equal(s[0].start, utc(2025, 1, 14, 7, 0));
	assert_int_equal(s[2].start, utc(2025, 1, 14, 8, 0));
	assert_int_equal(s[4].start, utc(2025, 1, 17, 13, 0));
	free(s);
}

static void test_invalid_rules(void **state)
{
	(void)state;
	struct slot_rule r[] = {
		rule(1, 9, 0, 10, 0, 0, 1, 0, 0),       /* slot_minutes 0 */
		rule(1, 9, 0, 10, 0, -15, 1, 0, 0),     /* negative length */
		rule(1, 10, 0, 10, 0, 15, 1, 0, 0),     /* start == end */
		rule(1, 11, 0, 10, 0, 15, 1, 0, 0),     /* start > end */
		rule(0, 9, 0, 10, 0, 15, 1, 0, 0),      /* weekday 0 */
		rule(8, 9, 0, 10, 0, 15, 1, 0, 0),      /* weekday 8 */
		rule(1, -1, 0, 10, 0, 15, 1, 0, 0),     /* before midnight */
		rule(1, 23, 0, 25, 0, 15, 1, 0, 0),     /* past midnight */
		rule(1, 9, 0, 10, 0, 15, -1, 0, 0),     /* negative capacity */
		rule(1, 14, 0, 15, 0, 30, 1, 0, 0),     /* the only valid one */
	};
	size_t n;
	struct slot *s = slots_generate(r, sizeof(r) / sizeof(r[0]), 2025, 1, 13, 7, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].start, utc(2025, 1, 13, 13, 0));
	assert_int_equal(s[1].start, utc(2025, 1, 13, 13, 30));
	assert_int_equal(s[0].cap[0], 1);
	free(s);
}

static void test_empty_inputs(void **state)
{
	(void)state;
	struct slot_rule r = rule(1, 9, 0, 10, 0, 15, 1, 0, 0);
	size_t n = 99;
	struct slot *s = slots_generate(&r, 0, 2025, 1, 13, 7, &n);
	assert_non_null(s);
	assert_int_equal(n, 0);
	free(s);
	s = slots_generate(&r, 1, 2025, 1, 13, 0, &n);
	assert_int_equal(n, 0);
	free(s);
	s = slots_generate(&r, 1, 2025, 1, 13, -5, &n);
	assert_int_equal(n, 0);
	free(s);
	s = slots_generate(NULL, 0, 2025, 1, 13, 7, &n);
	assert_int_equal(n, 0);
	free(s);
	/* An impossible start date is refused, not rolled over. */
	s = slots_generate(&r, 1, 2025, 2, 31, 7, &n);
	assert_int_equal(n, 0);
	free(s);
	s = slots_generate(&r, 1, 2025, 13, 1, 7, &n);
	assert_int_equal(n, 0);
	free(s);
	/* A week with no Monday rule day in it: a Tuesday..Sunday span. */
	s = slots_generate(&r, 1, 2025, 1, 14, 6, &n);
	assert_int_equal(n, 0);
	free(s);
}

static void test_many_slots(void **state)
{
	(void)state;
	/* A year of 5-minute slots every day forces the array to grow. */
	struct slot_rule r[7];
	for (int i = 0; i < 7; i++)
		r[i] = rule(i + 1, 8, 0, 18, 0, 5, 1, 0, 0);
	size_t n;
	struct slot *s = slots_generate(r, 7, 2025, 1, 1, 365, &n);
	assert_int_equal(n, 365 * 120);
	assert_sorted_distinct(s, n);
	free(s);
}

static void test_needed(void **state)
{
	(void)state;
	assert_int_equal(slots_needed(1, 15, 15), 1);
	assert_int_equal(slots_needed(3, 15, 15), 3);
	assert_int_equal(slots_needed(1, 20, 15), 2);
	assert_int_equal(slots_needed(2, 5, 15), 1);
	assert_int_equal(slots_needed(4, 5, 15), 2);
	assert_int_equal(slots_needed(1, 1, 60), 1);
	assert_int_equal(slots_needed(2, 30, 15), 4);
	assert_int_equal(slots_needed(0, 15, 15), 0);
	assert_int_equal(slots_needed(-1, 15, 15), 0);
	assert_int_equal(slots_needed(1, 0, 15), 0);
	assert_int_equal(slots_needed(1, -5, 15), 0);
	assert_int_equal(slots_needed(1, 15, 0), 0);
	assert_int_equal(slots_needed(1, 15, -15), 0);
	assert_int_equal(slots_needed(INT_MAX, INT_MAX, 1), INT_MAX);
	assert_int_equal(slots_needed(INT_MAX, 2, INT_MAX), 2);
}

static void fill(struct free_slot *s, size_t n, time_t t0, int len_min)
{
	for (size_t i = 0; i < n; i++) {
		s[i].id = (long long)i + 100;
		s[i].start = t0 + (time_t)i * len_min * 60;
		s[i].end = s[i].start + len_min * 60;
		s[i].free = 1;
	}
}

static void test_find_run(void **state)
{
	(void)state;
	struct free_slot s[8];
	time_t t0 = utc(2025, 1, 13, 8, 0);
	fill(s, 8, t0, 15);

	assert_int_equal(slots_find_run(s, 8, 1), 0);
	assert_int_equal(slots_find_run(s, 8, 3), 0);
	assert_int_equal(slots_find_run(s, 8, 8), 0);
	assert_int_equal(slots_find_run(s, 8, 9), -1);   /* k > n */
	assert_int_equal(slots_find_run(s, 8, 0), -1);
	assert_int_equal(slots_find_run(s, 8, -2), -1);
	assert_int_equal(slots_find_run(s, 0, 1), -1);
	assert_int_equal(slots_find_run(NULL, 0, 1), -1);

	/* A full slot breaks a run. */
	s[2].free = 0;
	assert_int_equal(slots_find_run(s, 8, 1), 0);
	assert_int_equal(slots_find_run(s, 8, 2), 0);
	assert_int_equal(slots_find_run(s, 8, 3), 3);
	assert_int_equal(slots_find_run(s, 8, 5), 3);    /* run at the end */
	assert_int_equal(slots_find_run(s, 8, 6), -1);
	s[0].free = 0;
	assert_int_equal(slots_find_run(s, 8, 1), 1);
	s[1].free = -1;                                  /* overbooked */
	assert_int_equal(slots_find_run(s, 8, 1), 3);
	s[0].free = s[1].free = s[2].free = 3;

	/* A gap in time breaks a run even if every slot is free. */
	for (size_t i = 4; i < 8; i++) {
		s[i].start += 3600;
		s[i].end += 3600;
	}
	assert_int_equal(slots_find_run(s, 8, 4), 0);
	assert_int_equal(slots_find_run(s, 8, 5), -1);
	s[1].free = 0;
	assert_int_equal(slots_find_run(s, 8, 3), 4);
	assert_int_equal(slots_find_run(s, 8, 4), 4);    /* at the end */
	assert_int_equal(slots_find_run(s, 8, 2), 2);

	/* Overlapping rather than abutting slots do not chain either. */
	fill(s, 3, t0, 15);
	s[1].start -= 60;
	assert_int_equal(slots_find_run(s, 3, 2), 1);
	assert_int_equal(slots_find_run(s, 3, 3), -1);
	assert_int_equal(slots_find_run(s, 3, 1), 0);
}

static void test_find_run_on_generated(void **state)
{
	(void)state;
	/* The fall-back Sunday: 02:30 CEST is followed by 03:00 CET an hour
	 * and a half later, so no run crosses it. */
	struct slot_rule r = rule(7, 1, 0, 4, 0, 30, 1, 0, 0);
	size_t n;
	struct slot *g = slots_generate(&r, 1, 2025, 10, 26, 1, &n);
	assert_int_equal(n, 6);
	struct free_slot f[6];
	for (size_t i = 0; i < n; i++) {
		f[i].id = (long long)i;
		f[i].start = g[i].start;
		f[i].end = g[i].end;
		f[i].free = 1;
	}
	assert_int_equal(slots_find_run(f, n, 4), 0);
	assert_int_equal(slots_find_run(f, n, 5), -1);
	f[0].free = 0;
	assert_int_equal(slots_find_run(f, n, 2), 1);
	f[2].free = 0;
	assert_int_equal(slots_find_run(f, n, 2), 4);
	free(g);

	/* The spring-forward Sunday: 01:30 CET then 03:00 CEST abut. */
	g = slots_generate(&r, 1, 2025, 3, 30, 1, &n);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		f[i].start = g[i].start;
		f[i].end = g[i].end;
		f[i].free = 1;
	}
	assert_int_equal(slots_find_run(f, n, 4), 0);
	free(g);
}

/* A band reserved for minors gives its regular places to the minors'
 * pool (cap_minors), never to the regular one; merged with an ordinary
 * band at the same start, each pool keeps its own places. */
static void test_minors_band(void **state)
{
	(void)state;
	struct slot_rule r[2] = {
		rule(1, 9, 0, 9, 30, 15, 2, 1, 0),
		rule(1, 9, 0, 9, 15, 15, 1, 0, 0),
	};
	r[0].minors_only = true;
	size_t n;
	struct slot *s = slots_generate(r, 2, 2025, 1, 13, 1, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].cap_minors, 2);
	assert_int_equal(s[0].cap[0], 1);       /* the ordinary band's place */
	assert_int_equal(s[0].cap[1], 1);       /* the urgent level stays */
	assert_int_equal(s[1].cap_minors, 2);
	assert_int_equal(s[1].cap[0], 0);
	free(s);
	/* An ordinary band has no minors' places. */
	r[0].minors_only = false;
	s = slots_generate(r, 1, 2025, 1, 13, 1, &n);
	assert_int_equal(s[0].cap_minors, 0);
	assert_int_equal(s[0].cap[0], 2);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monday_morning),
		cmocka_unit_test(test_partial_last_slot),
		cmocka_unit_test(test_spring_forward),
		cmocka_unit_test(test_fall_back),
		cmocka_unit_test(test_real_durations_across_dst),
		cmocka_unit_test(test_validity_dates),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_minors_band),
		cmocka_unit_test(test_order_across_days),
		cmocka_unit_test(test_invalid_rules),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_many_slots),
		cmocka_unit_test(test_needed),
		cmocka_unit_test(test_find_run),
		cmocka_unit_test(test_find_run_on_generated),
	};
	return cmocka_run_group_tests(tests, setup_paris, NULL);
}
