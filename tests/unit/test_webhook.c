/* test_webhook.c — unit tests of the pure parts of webhook.c: the
 * signature header against a vector computed apart (OpenSSL's command
 * line, below) and against libsodium's HMAC, which URLs an endpoint may
 * have, what an HTTP status means; and the sealing of secrets (crypto.c)
 * the endpoints' secrets are stored with. */
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
#include "webhook.h"

#define SECRET "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define BODY "{\"id\": \"e1\", \"type\": \"booking.confirmed\"}"

/* printf '%s' '1700000000.{"id": "e1", "type": "booking.confirmed"}' \
 *   | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef */
static void test_signature_vector(void **state)
{
	(void)state;
	char sig[WEBHOOK_SIG_MAX];
	webhook_signature(SECRET, 1700000000, BODY, strlen(BODY), sig);
	assert_string_equal(sig, "t=1700000000,v1=2da4136222a9ebb7ee55507898ecd59a8b365de29a27cf5f133714764d2df9bf");
}

/* The same through libsodium, for another time and body. */
static void test_signature_sodium(void **state)
{
	(void)state;
	const char *body = "{\"data\": {\"site\": \"Hôtel de ville d'Annecy\"}}";
	char sig[WEBHOOK_SIG_MAX], msg[200], hex[65], want[WEBHOOK_SIG_MAX];
	webhook_signature(SECRET, 1765100000, body, strlen(body), sig);
	snprintf(msg, sizeof(msg), "1765100000.%s", body);
	crypto_auth_hmacsha256_state st;
	unsigned char mac[32];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)SECRET, strlen(SECRET));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	snprintf(want, sizeof(want), "t=1765100000,v1=%s", hex);
	assert_string_equal(sig, want);
	/* Another secret, another signature. */
	webhook_signature("f" SECRET, 1765100000, body, strlen(body), sig);
	assert_string_not_equal(sig, want);
}

static void test_urls(void **state)
{
	(void)state;
	assert_true(webhook_url_ok("https://example.org/hooks/creneau", false));
	assert_true(webhook_url_ok("https://example.org:8443/h?x=1", false));
	assert_false(webhook_url_ok("http://example.org/hooks", false));
	assert_false(webhook_url_ok("http://example.org/hooks", true));
	assert_false(webhook_url_ok("http://127.0.0.1:9000/h", false));
	assert_true(webhook_url_ok("http://127.0.0.1:9000/h", true));
	assert_true(webhook_url_ok("http://localhost/h", true));
	assert_true(webhook_url_ok("http://127.0.0.1", true));
	/* Not loopback, though it starts like it. */
	assert_false(webhook_url_ok("http://127.0.0.1.example.org/h", true));
	assert_false(webhook_url_ok("http://localhost.example.org/h", true));
	assert_false(webhook_url_ok("http://localhost@example.org/h", true));
	/* No credentials, no host-less URL, no spaces or other schemes. */
	assert_false(webhook_url_ok("https://user:pw@example.org/h", false));
	assert_false(webhook_url_ok("https:///h", false));
	assert_false(webhook_url_ok("https://:443/h", false));
	assert_false(webhook_url_ok("https://exa mple.org/", false));
	assert_false(webhook_url_ok("ftp://example.org/", true));
	assert_false(webhook_url_ok("file:///etc/passwd", true));
	assert_false(webhook_url_ok("HTTPS://example.org/", false));
	assert_false(webhook_url_ok("", false));
	assert_false(webhook_url_ok(NULL, true));
	char longu[600];
	memset(longu, 'a', sizeof(longu) - 1);
	longu[sizeof(longu) - 1] = '\0';
	memcpy(longu, "https://", 8);
	assert_false(webhook_url_ok(longu, false));
}

static void test_classify(void **state)
{
	(void)state;
	assert_int_equal(webhook_classify(200), WEBHOOK_OK);
	assert_int_equal(webhook_classify(204), WEBHOOK_OK);
	assert_int_equal(webhook_classify(410), WEBHOOK_GONE);
	assert_int_equal(webhook_classify(400), WEBHOOK_FAIL);
	assert_int_equal(webhook_classify(404), WEBHOOK_FAIL);
	assert_int_equal(webhook_classify(408), WEBHOOK_RETRY);
	assert_int_equal(webhook_classify(429), WEBHOOK_RETRY);
	assert_int_equal(webhook_classify(500), WEBHOOK_RETRY);
	assert_int_equal(webhook_classify(503), WEBHOOK_RETRY);
	assert_int_equal(webhook_classify(301), WEBHOOK_RETRY);
	assert_int_equal(webhook_classify(0), WEBHOOK_RETRY);
}

static char dir[] = "/tmp/creneau-webhook-XXXXXX";

static void test_seal(void **state)
{
	(void)state;
	char conf[256], secret[256];
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	FILE *f = fopen(secret, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", SECRET);
	fclose(f);
	snprintf(conf, sizeof(conf), "%s/creneau.conf", dir);
	f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "socket_dir = %s\nsecret_file = %s\n", dir, secret);
	fclose(f);
	config_load(conf);
	char hex[crypto_secretbox_NONCEBYTES * 2 + crypto_secretbox_MACBYTES * 2 + 2 * 64 + 1];
	assert_int_equal(crypto_sealed_hex_len(64), sizeof(hex));
	crypto_seal("webhook-seal", (const unsigned char *)SECRET, 64, hex);
	assert_int_equal(strlen(hex), sizeof(hex) - 1);
	assert_null(strstr(hex, SECRET));
	char out[65] = "";
	assert_true(crypto_unseal("webhook-seal", hex, (unsigned char *)out, 64));
	out[64] = '\0';
	assert_string_equal(out, SECRET);
	/* Another domain's key does not open it; a changed byte neither. */
	assert_false(crypto_unseal("totp-seal", hex, (unsigned char *)out, 64));
	hex[60] = hex[60] == '0' ? '1' : '0';
	assert_false(crypto_unseal("webhook-seal", hex, (unsigned char *)out, 64));
	assert_false(crypto_unseal("webhook-seal", "abcd", (unsigned char *)out, 64));
	/* Two seals of the same secret differ (a random nonce each). */
	char h1[sizeof(hex)], h2[sizeof(hex)];
	crypto_seal("webhook-seal", (const unsigned char *)SECRET, 64, h1);
	crypto_seal("webhook-seal", (const unsigned char *)SECRET, 64, h2);
	assert_string_not_equal(h1, h2);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) && sodium_init() >= 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char p[300];
	snprintf(p, sizeof(p), "%s/secret", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/creneau.conf", dir);
	unlink(p);
	rmdir(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signature_vector),
		cmocka_unit_test(test_signature_sodium),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_seal),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
