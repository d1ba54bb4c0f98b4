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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_counter),
		cmocka_unit_test(test_all_devices),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_other_process),
		cmocka_unit_test(test_discard),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
