/* test_crypto.c — unit tests of crypto.c: the HMAC under the application
 * secret, against OpenSSL's command line and libsodium's own HMAC, and
 * after the secret changes (the keyed context is kept per process). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "crypto.h"

static char dir[] = "/tmp/creneau-crypto-XXXXXX";

/* Writes a settings file whose secret is the given hex, and loads it. */
static void load_secret(const char *hex)
{
	char conf[256], secret[256];
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	FILE *f = fopen(secret, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", hex);
	fclose(f);
	snprintf(conf, sizeof(conf), "%s/creneau.conf", dir);
	f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "socket_dir = %s\nsecret_file = %s\n", dir, secret);
	fclose(f);
	config_load(conf);
}

/* hex(HMAC-SHA256(key, domain "|" msg)) by libsodium. */
static void sodium_hmac(const unsigned char *key, size_t klen, const char *domain, const char *msg, char *out)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[32];
	crypto_auth_hmacsha256_init(&st, key, klen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)domain, strlen(domain));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"|", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 65, mac, sizeof(mac));
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) && sodium_init() >= 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_known_vector(void **state)
{
	(void)state;
	/* printf 'csrf|abc' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0001...1f */
	load_secret("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	char out[65];
	crypto_hmac_hex("csrf", "abc", out);
	assert_string_equal(out, "aae5b514bda9bf87c7a619de46239469cc7036407f4c0f5f659ea56d86db7538");
	/* Twice: the kept context is copied, never consumed. */
	crypto_hmac_hex("csrf", "abc", out);
	assert_string_equal(out, "aae5b514bda9bf87c7a619de46239469cc7036407f4c0f5f659ea56d86db7538");
}

static void test_matches_libsodium(void **state)
{
	(void)state;
	unsigned char key[64];
	char hex[129];
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(i * 7 + 3);
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	load_secret(hex);
	/* Short, empty and long messages (the old code joined them in a
	 * 1 kB buffer and went to the heap beyond). */
	static char longmsg[5000];
	memset(longmsg, 'x', sizeof(longmsg) - 1);
	const char *msgs[] = { "", "a", "12345:AB12CD34", longmsg };
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		char got[65], want[65];
		crypto_hmac_hex("manage", msgs[i], got);
		sodium_hmac(key, sizeof(key), "manage", msgs[i], want);
		assert_string_equal(got, want);
	}
	/* The domain separates uses of the same secret. */
	char a[65], b[65];
	crypto_hmac_hex("hold", "1", a);
	crypto_hmac_hex("manage", "1", b);
	assert_string_not_equal(a, b);
}

static void test_secret_change(void **state)
{
	(void)state;
	char before[65], after[65], want[65];
	load_secret("1111111111111111111111111111111111111111111111111111111111111111");
	crypto_hmac_hex("csrf", "token", before);
	load_secret("2222222222222222222222222222222222222222222222222222222222222222");
	crypto_hmac_hex("csrf", "token", after);
	unsigned char key[32];
	memset(key, 0x22, sizeof(key));
	sodium_hmac(key, sizeof(key), "csrf", "token", want);
	assert_string_not_equal(before, after);
	assert_string_equal(after, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vector),
		cmocka_unit_test(test_matches_libsodium),
		cmocka_unit_test(test_secret_change),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
