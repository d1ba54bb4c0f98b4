/* test_keptdays.c — unit tests of keptdays.c: a site page's free slots of
 * one device and day, kept in memory the public workers share. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "freegen.h"
#include "keptdays.h"

static struct arena *arena;
static const time_t midnight = 1798758000;    /* 2027-01-01 00:00 in Paris */

static int setup(void **state)
{
	(void)state;
	arena = arena_new();
	return keptdays_init() ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

/* n slots of `minutes` from 9:00, ids from `first`. */
static void day_of(struct free_slot *fs, size_t n, long long first, int minutes)
{
	for (size_t i = 0; i < n; i++) {
		fs[i].id = first + (long long)i;
		fs[i].start = midnight + 9 * 3600 + (time_t)i * minutes * 60;
		fs[i].end = fs[i].start + minutes * 60;
		fs[i].free = 1;
	}
}

static void test_round_trip(void **state)
{
	(void)state;
	struct free_slot fs[5], *got = NULL;
	size_t n = 99;
	day_of(fs, 5, 4000000000LL, 20);            /* ids beyond 32 bits: kept from a base */
	fs[3].id += 7;                                /* ids need not follow each other */
	fs[0].id += 20;                               /* nor the times */
	time_t now = time(NULL);
	keptdays_put(17, 20820, 5, midnight, fs, 5, now);
	assert_true(keptdays_get(arena, 17, 20820, 5, midnight, now, &got, &n));
	assert_int_equal(n, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(got[i].id, fs[i].id);
		assert_int_equal(got[i].start, fs[i].start);
		assert_int_equal(got[i].end, fs[i].end);
		assert_int_equal(got[i].free, 1);
	}
	/* An empty day is kept too: nothing free, no statement. */
	keptdays_put(17, 20821, 5, midnight + 86400, fs, 0, now);
	assert_true(keptdays_get(arena, 17, 20821, 5, midnight + 86400, now, &got, &n));
	assert_int_equal(n, 0);
}

static void test_what_is_not_kept(void **state)
{
	(void)state;
	struct free_slot fs[KEPTDAYS_SLOTS + 1], *got;
	size_t n;
	time_t now = time(NULL);
	day_of(fs, KEPTDAYS_SLOTS + 1, 100, 10);
	keptdays_put(18, 20820, 9, midnight, fs, 3, now);
	assert_false(keptdays_get(arena, 18, 20820, 10, midnight, now, &got, &n));   /* newer version */
	assert_false(keptdays_get(arena, 18, 20821, 9, midnight, now, &got, &n));    /* another day */
	assert_false(keptdays_get(arena, 19, 20820, 9, midnight, now, &got, &n));    /* another device */
	assert_false(keptdays_get(arena, 18, 20820, 9, midnight, now + FREEGEN_TTL, &got, &n));  /* too old */
	assert_false(keptdays_get(arena, 18, 20820, 0, midnight, now, &got, &n));    /* no counters */
	keptdays_put(20, 20820, 0, midnight, fs, 3, now);
	assert_false(keptdays_get(arena, 20, 20820, 0, midnight, now, &got, &n));
	keptdays_put(21, 20820, 4, midnight, fs, KEPTDAYS_SLOTS + 1, now);         /* too many */
	assert_false(keptdays_get(arena, 21, 20820, 4, midnight, now, &got, &n));
	keptdays_put(22, 20820, 4, midnight, fs, KEPTDAYS_SLOTS, now);             /* just fits */
	assert_true(keptdays_get(arena, 22, 20820, 4, midnight, now, &got, &n));
	assert_int_equal(n, KEPTDAYS_SLOTS);
	/* Ids too far apart for the entry's 12 bits: read every time. */
	day_of(fs, 3, 100, 10);
	fs[2].id = 100 + 4096;
	keptdays_put(24, 20820, 4, midnight, fs, 3, now);
	assert_false(keptdays_get(arena, 24, 20820, 4, midnight, now, &got, &n));
	fs[2].id = 100 + 4095;
	keptdays_put(24, 20820, 4, midnight, fs, 3, now);
	assert_true(keptdays_get(arena, 24, 20820, 4, midnight, now, &got, &n));
	assert_int_equal(got[2].id, 100 + 4095);
	/* Written by a worker whose clock turned a second before this one's. */
	assert_true(keptdays_get(arena, 24, 20820, 4, midnight, now - 1, &got, &n));
	/* A slot before the day's midnight cannot be written from it. */
	fs[0].start = midnight - 600;
	keptdays_put(23, 20820, 4, midnight, fs, 2, now);
	assert_false(keptdays_get(arena, 23, 20820, 4, midnight, now, &got, &n));
}

/* What a forked worker keeps, another finds. */
static void test_shared_with_workers(void **state)
{
	(void)state;
	time_t now = time(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct free_slot fs[4];
		day_of(fs, 4, 555, 30);
		keptdays_put(31, 20900, 77, midnight, fs, 4, now);
		_exit(0);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	struct free_slot *got;
	size_t n;
	assert_true(keptdays_get(arena, 31, 20900, 77, midnight, now, &got, &n));
	assert_int_equal(n, 4);
	assert_int_equal(got[3].id, 558);
	assert_int_equal(got[3].start, midnight + 9 * 3600 + 90 * 60);
}

/* Two processes rewrite one entry as fast as they can, each version with
 * its own slots, while this one reads it: every read that succeeds gives
 * exactly the slots of the version asked, never a mix. */
#define VERSIONS 4
static size_t count_of(int v) { return (size_t)(v * 13) % KEPTDAYS_SLOTS + 1; }
static void version_day(int v, struct free_slot *fs)
{
	day_of(fs, count_of(v), (long long)v * 1000, 5 + v);
}

static void test_never_half_written(void **state)
{
	(void)state;
	pid_t w[2];
	time_t now = time(NULL);
	for (int k = 0; k < 2; k++) {
		w[k] = fork();
		assert_true(w[k] >= 0);
		if (w[k] == 0) {
			struct free_slot fs[KEPTDAYS_SLOTS];
			for (unsigned i = 0;; i++) {
				int v = 1 + (int)((i + (unsigned)k) % VERSIONS);
				version_day(v, fs);
				keptdays_put(41, 21000, (unsigned long long)v, midnight, fs, count_of(v), now);
			}
		}
	}
	long hits = 0, reads = 0, wrong = 0;
	struct free_slot want[KEPTDAYS_SLOTS];
	time_t until = time(NULL) + 2;
	while (time(NULL) < until) {
		for (int v = 1; v <= VERSIONS; v++, reads++) {
			struct free_slot *got;
			size_t n;
			if (!keptdays_get(arena, 41, 21000, (unsigned long long)v, midnight, now, &got, &n))
				continue;
			hits++;
			version_day(v, want);
			bool same = n == count_of(v);
			for (size_t i = 0; same && i < n; i++)
				same = got[i].id == want[i].id && got[i].start == want[i].start && got[i].end == want[i].end;
			wrong += !same;
		}
		arena_reset(arena);
	}
	for (int k = 0; k < 2; k++) {
		kill(w[k], SIGKILL);
		waitpid(w[k], NULL, 0);
	}
	print_message("%ld reads, %ld found, %ld wrong\n", reads, hits, wrong);
	assert_int_equal(wrong, 0);
	assert_true(hits > 1000);           /* the readers did meet the writers' entries */
	assert_true(hits < reads);          /* and also met them mid-write or at another version */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_what_is_not_kept),
		cmocka_unit_test(test_shared_with_workers),
		cmocka_unit_test(test_never_half_written),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
