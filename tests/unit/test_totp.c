/* test_totp.c — unit tests of totp.c (RFC 6238's SHA-1 vectors, cut to
 * 6 digits as RFC 4226 does; the window of one step either way; each code
 * once; base32 of RFC 4648; the otpauth URI) and of qr.c (a QR code's
 * three finder patterns in the SVG). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qr.h"
#include "totp.h"

static const unsigned char key[] = "12345678901234567890";

static void rfc6238_vectors(void **state)
{
	(void)state;
	/* RFC 6238 appendix B, SHA-1: 8-digit values, whose last 6 digits
	 * are the 6-digit code. */
	static const struct { long long t; const char *code; } v[] = {
		{ 59, "287082" }, { 1111111109, "081804" }, { 1111111111, "050471" },
		{ 1234567890, "005924" }, { 2000000000, "279037" }, { 20000000000LL, "353130" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char c[7];
		totp_code(key, 20, totp_step((time_t)v[i].t), c);
		assert_string_equal(c, v[i].code);
	}
}

static void window_and_once(void **state)
{
	(void)state;
	time_t now = 1234567890;
	long long st = totp_step(now);
	char prev[7], cur[7], next[7], far[7];
	totp_code(key, 20, st - 1, prev);
	totp_code(key, 20, st, cur);
	totp_code(key, 20, st + 1, next);
	totp_code(key, 20, st + 2, far);
	assert_int_equal(totp_match(key, 20, cur, now, 0), st);
	assert_int_equal(totp_match(key, 20, prev, now, 0), st - 1);
	assert_int_equal(totp_match(key, 20, next, now, 0), st + 1);
	assert_int_equal(totp_match(key, 20, far, now, 0), -1);
	/* A step already used, or older than one used, is refused. */
	assert_int_equal(totp_match(key, 20, cur, now, st), -1);
	assert_int_equal(totp_match(key, 20, prev, now, st), -1);
	assert_int_equal(totp_match(key, 20, next, now, st), st + 1);
	/* Not six digits. */
	assert_int_equal(totp_match(key, 20, "12345", now, 0), -1);
	assert_int_equal(totp_match(key, 20, NULL, now, 0), -1);
}

static void base32(void **state)
{
	(void)state;
	/* RFC 4648 section 10, without the padding. */
	static const struct { const char *in, *out; } v[] = {
		{ "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" }, { "foob", "MZXW6YQ" },
		{ "fooba", "MZXW6YTB" }, { "foobar", "MZXW6YTBOI" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char out[TOTP_B32_MAX];
		totp_base32((const unsigned char *)v[i].in, strlen(v[i].in), out, sizeof(out));
		assert_string_equal(out, v[i].out);
		unsigned char back[16];
		int n = totp_base32_decode(v[i].out, back, sizeof(back));
		assert_int_equal(n, (int)strlen(v[i].in));
		assert_memory_equal(back, v[i].in, (size_t)n);
	}
	char out[TOTP_B32_MAX];
	totp_base32(key, 20, out, sizeof(out));
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	unsigned char back[20];
	assert_int_equal(totp_base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", back, sizeof(back)), 20);
	assert_memory_equal(back, key, 20);
	assert_int_equal(totp_base32_decode("GEZ1", back, sizeof(back)), -1);
	assert_int_equal(totp_base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV", back, sizeof(back)), -1);
}

static void uri(void **state)
{
	(void)state;
	char *u = totp_uri("Créneau", "anne.o'neil@mairie.fr", "GEZDGNBV");
	assert_string_equal(u, "otpauth://totp/Cr%C3%A9neau:anne.o%27neil%40mairie.fr?secret=GEZDGNBV"
			       "&issuer=Cr%C3%A9neau&algorithm=SHA1&digits=6&period=30");
	free(u);
}

/* Whether the module (x, y) of the SVG is dark: its "M x y" is in the path. */
static bool dark(const char *svg, int x, int y)
{
	char m[32];
	snprintf(m, sizeof(m), "M%d %dh", x + 4, y + 4);
	return strstr(svg, m) != NULL;
}

static void qr_finder_patterns(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	assert_true(qr_svg(&b, "otpauth://totp/Cr%C3%A9neau:a%40b.fr?secret=GEZDGNBVGY3TQOJQ&issuer=Cr%C3%A9neau"));
	assert_non_null(strstr(b.s, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_null(strstr(b.s, "style"));
	assert_null(strstr(b.s, "script"));
	int size = 0;
	assert_int_equal(sscanf(strstr(b.s, "viewBox=\"0 0 "), "viewBox=\"0 0 %d", &size), 1);
	int w = size - 8;
	assert_true(w >= 21 && (w - 17) % 4 == 0);   /* a QR version's width */
	/* The three 7×7 finder patterns: a dark ring, a light ring, a dark
	 * 3×3 centre; the fourth corner has none. */
	const int corner[3][2] = { { 0, 0 }, { w - 7, 0 }, { 0, w - 7 } };
	for (int c = 0; c < 3; c++)
		for (int dy = 0; dy < 7; dy++)
			for (int dx = 0; dx < 7; dx++) {
				bool ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
				bool centre = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
				assert_int_equal(dark(b.s, corner[c][0] + dx, corner[c][1] + dy), ring || centre);
			}
	bool all = true;
	for (int dy = 0; dy < 7; dy++)
		for (int dx = 0; dx < 7; dx++)
			all = all && dark(b.s, w - 7 + dx, w - 7 + dy);
	assert_false(all);
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6238_vectors),
		cmocka_unit_test(window_and_once),
		cmocka_unit_test(base32),
		cmocka_unit_test(uri),
		cmocka_unit_test(qr_finder_patterns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
