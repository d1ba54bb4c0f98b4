/* test_freegen.c — unit tests of freegen.c: the counters every program
 * shares through a mapped file (the transaction side, where db_commit()
 * moves them, is proved end to end by tests/http/catalog.test.mjs). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "datetime.h"
#include "freegen.h"

static char dir[] = "/tmp/creneau-freegen-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	char conf[256], secret[256];
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	FILE *f = fopen(secret, "w");
	if (!f)
		return -1;
	fprintf(f, "%064d\n", 0);      /* config_load() wants a secret */
	fclose(f);
	snprintf(conf, sizeof(conf), "%s/creneau.conf", dir);
	f = fopen(conf, "w");
	if (!f)
		return -1;
	fprintf(f, "socket_dir = %s\nsecret_file = %s\n", dir, secret);
	fclose(f);
	config_load(conf);
	dt_init("Europe/Paris");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_device_counter(void **state)
{
	(void)state;
	unsigned long long a = freegen_version(7), b = freegen_version(8);
	assert_true(a > 0 && b > 0);
	freegen_touch(7);        /* no transaction under way: at once */
	assert_true(freegen_version(7) > a);
	assert_int_equal(freegen_version(8), b);   /* another device: unmoved */
}

static void test_all_devices(void **state)
{
	(void)state;
	unsigned long long a = freegen_version(3), b = freegen_version(40000);
	freegen_touch(0);
	assert_true(freegen_version(3) > a);
	assert_true(freegen_version(40000) > b);
}

static void test_out_of_range(void **state)
{
	(void)state;
	/* 0 means "keep nothing": ids the file has no counter for. */
	assert_int_equal(freegen_version(0), 0);
	assert_int_equal(freegen_version(-5), 0);
	assert_int_equal(freegen_version(FREEGEN_DEVICES), 0);
}

static void test_other_process(void **state)
{
	(void)state;
	unsigned long long a = freegen_version(12);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freegen_touch(12);
		_exit(0);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_true(freegen_version(12) > a);      /* seen through the shared file */
}

static void test_discard(void **state)
{
	(void)state;
	unsigned long long a = freegen_version(21);
	freegen_discard();       /* nothing noted: nothing moves */
	freegen_commit();
	assert_int_equal(freegen_version(21), a);
}

/* Local days: midnight in Paris is 22:00 or 23:00 UTC. */
static void test_day_of(void **state)
{
	(void)state;
	time_t t;
	assert_true(dt_parse_sql("2026-03-29 22:30:00", &t));     /* 00:30 on the 30th (summer time) */
	assert_int_equal(freegen_day_of(t), dt_days_between(1970, 1, 1, 2026, 3, 30));
	assert_true(dt_parse_sql("2026-03-29 21:59:00", &t));     /* 23:59 on the 29th */
	assert_int_equal(freegen_day_of(t), dt_days_between(1970, 1, 1, 2026, 3, 29));
	assert_true(dt_parse_sql("2026-12-31 23:00:00", &t));     /* midnight, 1 January (winter time) */
	assert_int_equal(freegen_day_of(t), dt_days_between(1970, 1, 1, 2027, 1, 1));
}

/* A booking moves its own day and the device, not the device's other
 * days nor the same day of another device. */
static void test_run_moves_its_day(void **state)
{
	(void)state;
	time_t start, end;
	assert_true(dt_parse_sql("2026-12-01 09:00:00", &start));
	end = start + 40 * 60;
	int day = freegen_day_of(start);
	unsigned long long d = freegen_day_version(31, day), next = freegen_day_version(31, day + 1),
			   other = freegen_day_version(32, day), dev = freegen_version(31);
	assert_true(d > 0 && next > 0 && other > 0);
	freegen_touch_run(31, start, end);
	assert_true(freegen_day_version(31, day) > d);
	assert_true(freegen_version(31) > dev);                   /* the search's counter too */
	assert_int_equal(freegen_day_version(31, day + 1), next);
	assert_int_equal(freegen_day_version(32, day), other);
}

/* A run across midnight moves both days. */
static void test_run_across_midnight(void **state)
{
	(void)state;
	time_t start;
	assert_true(dt_parse_sql("2026-12-01 22:40:00", &start));  /* 23:40 local */
	int day = freegen_day_of(start);
	unsigned long long d1 = freegen_day_version(33, day), d2 = freegen_day_version(33, day + 1);
	freegen_touch_run(33, start, start + 40 * 60);
	assert_true(freegen_day_version(33, day) > d1);
	assert_true(freegen_day_version(33, day + 1) > d2);
}

/* New rules or a closure may change any day: every day of the device
 * moves, not the other devices'. */
static void test_whole_device(void **state)
{
	(void)state;
	unsigned long long a = freegen_day_version(34, 20000), b = freegen_day_version(34, 20500),
			   c = freegen_day_version(35, 20000);
	freegen_touch(34);
	assert_true(freegen_day_version(34, 20000) > a);
	assert_true(freegen_day_version(34, 20500) > b);
	assert_int_equal(freegen_day_version(35, 20000), c);
	assert_int_equal(freegen_day_version(0, 20000), 0);        /* no counter: keep nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_counter),
		cmocka_unit_test(test_all_devices),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_other_process),
		cmocka_unit_test(test_discard),
		cmocka_unit_test(test_day_of),
		cmocka_unit_test(test_run_moves_its_day),
		cmocka_unit_test(test_run_across_midnight),
		cmocka_unit_test(test_whole_device),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
