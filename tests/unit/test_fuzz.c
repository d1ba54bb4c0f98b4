/* test_fuzz.c — every parser of untrusted input, fed many random and
 * mutated inputs. The build runs this under AddressSanitizer and UBSan, so
 * an out-of-bounds read or write, or undefined behaviour, fails the run;
 * the assertions check the parsers' own promises on every input. A fixed
 * seed keeps failures reproducible. Parsers covered: urlencoded bodies and
 * percent-decoding, Cookie headers, text and field validators, CSV. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "datetime.h"
#include "request.h"
#include "text.h"
#include "validate.h"

#define ROUNDS 20000

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(void)
{
	/* xorshift64*: fast, deterministic, good enough to explore inputs. */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 2685821657736338717ULL) >> 32);
}

/* Bytes drawn mostly from characters that matter to the parsers. */
static size_t random_input(char *buf, size_t cap)
{
	static const char alphabet[] = "%&=+;:/ .-_@'\"<>abcXYZ0123456789\xc3\xa9\xe2\x80\x99\xff\xfe\x80\x01\t\n\r";
	size_t n = rnd() % cap;
	for (size_t i = 0; i < n; i++)
		buf[i] = (rnd() % 8) ? alphabet[rnd() % (sizeof(alphabet) - 1)] : (char)(rnd() & 0xff);
	buf[n] = '\0';
	return n;
}

static void urlencoded(void **st)
{
	(void)st;
	char buf[512];
	struct arena *a = arena_new();
	for (int i = 0; i < ROUNDS; i++) {
		size_t n = random_input(buf, sizeof(buf) - 1);
		struct param *p;
		bool bad = false;
		const char *bad_name = NULL;
		size_t k = http_parse_urlencoded(a, buf, n, &p, &bad, &bad_name);
		assert_true(k <= HTTP_MAX_PARAMS);
		/* Every value a handler sees is valid UTF-8 without controls. */
		for (size_t j = 0; j < k; j++) {
			assert_true(text_valid_utf8(p[j].value, strlen(p[j].value), true));
			assert_true(text_valid_utf8(p[j].name, strlen(p[j].name), false));
		}
		char *d = http_url_decode(a, buf, n, true);
		assert_true(strlen(d) <= n);
		(void)http_url_encode(a, d);
		arena_reset(a);
	}
	arena_free(a);
}

static void cookies(void **st)
{
	(void)st;
	char buf[512];
	struct arena *a = arena_new();
	for (int i = 0; i < ROUNDS; i++) {
		random_input(buf, sizeof(buf) - 1);
		struct param *p;
		size_t k = http_parse_cookies(a, buf, &p);
		assert_true(k <= HTTP_MAX_COOKIES);
		/* Each cookie is a non-empty name without '=', ';' or a leading
		 * space, and a value without ';', both copied from the header. */
		size_t total = 0;
		for (size_t j = 0; j < k; j++) {
			size_t nl = strlen(p[j].name), vl = strlen(p[j].value);
			assert_true(nl > 0);
			assert_true(p[j].name[0] != ' ');
			assert_null(strpbrk(p[j].name, "=;"));
			assert_null(strchr(p[j].value, ';'));
			total += nl + 1 + vl;
		}
		assert_true(total <= strlen(buf));
		arena_reset(a);
	}
	arena_free(a);
}

static void text_and_validators(void **st)
{
	(void)st;
	char buf[300], out[300];
	for (int i = 0; i < ROUNDS; i++) {
		size_t n = random_input(buf, sizeof(buf) - 1);
		(void)text_valid_utf8(buf, n, true);
		char *f = text_fold(buf);
		/* A folded key is plain lower-case ASCII words. */
		for (const char *c = f; *c; c++)
			assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == ' ');
		free(f);
		free(text_squash(buf));
		(void)text_valid_person_name(buf, 100);
		if (valid_phone(buf, out, 20))
			assert_true(out[0] == '+' && strlen(out) <= 16);
		(void)valid_email(buf, out, 255);
		if (valid_date(buf, out, 11))
			assert_int_equal(strlen(out), 10);
		(void)valid_birth_date(buf, "2026-11-22", out, 11);
		if (valid_predemande(buf, out, 11))
			assert_int_equal(strlen(out), 10);
		if (valid_ref(buf, out, 9))
			assert_int_equal(strlen(out), 8);
		long v;
		if (valid_int(buf, -5, 5, &v))
			assert_true(v >= -5 && v <= 5);
		(void)valid_code(buf, out, 7);
		double la, lo;
		if (valid_latlon(buf, buf, &la, &lo))
			assert_true(la >= -90 && la <= 90);
		int y, m, d;
		(void)dt_parse_ymd(buf, &y, &m, &d);
		time_t t;
		(void)dt_parse_sql(buf, &t);
	}
}

static void csv_writer(void **st)
{
	(void)st;
	char buf[200];
	for (int i = 0; i < ROUNDS / 4; i++) {
		random_input(buf, sizeof(buf) - 1);
		const char *f[] = { buf, "x", buf };
		struct sbuf b;
		sbuf_init(&b);
		csv_line(&b, f, 3, (rnd() & 1) ? ';' : ',');
		/* A line ends with CRLF and its quotes are balanced. */
		assert_true(b.len >= 2 && b.s[b.len - 2] == '\r' && b.s[b.len - 1] == '\n');
		size_t quotes = 0;
		for (size_t j = 0; j < b.len; j++)
			quotes += b.s[j] == '"';
		assert_int_equal(quotes % 2, 0);
		sbuf_free(&b);
	}
}

int main(void)
{
	dt_init("Europe/Paris");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urlencoded),
		cmocka_unit_test(cookies),
		cmocka_unit_test(text_and_validators),
		cmocka_unit_test(csv_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
