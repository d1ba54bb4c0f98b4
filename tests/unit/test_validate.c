/* test_validate.c — unit tests of validate.c: phones, emails, dates,
 * ANTS numbers, booking references, integers, codes, coordinates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "validate.h"

static void phone_ok(const char *in, const char *want)
{
	char out[20];
	memset(out, 'x', sizeof(out));
	if (!valid_phone(in, out, sizeof(out)))
		fail_msg("phone refused: %s", in);
	assert_string_equal(out, want);
}

static void phone_ko(const char *in)
{
	char out[20];
	if (valid_phone(in, out, sizeof(out)))
		fail_msg("phone accepted: %s -> %s", in, out);
}

static void test_phone_french(void **state)
{
	(void)state;
	phone_ok("0612345678", "+33612345678");
	phone_ok("06 12 34 56 78", "+33612345678");
	phone_ok("06.12.34.56.78", "+33612345678");
	phone_ok("06-12-34-56-78", "+33612345678");
	phone_ok("04 50 33 65 00", "+33450336500");
	phone_ok("09 87 65 43 21", "+33987654321");
	phone_ok("+33 6 12 34 56 78", "+33612345678");
	phone_ok("+33612345678", "+33612345678");
	phone_ok("0033612345678", "+33612345678");
	phone_ok("00 33 6 12 34 56 78", "+33612345678");
	phone_ok(" 07 12 34 56 78 ", "+33712345678");
	/* The trunk zero written after +33 is tolerated. */
	phone_ok("+33 06 12 34 56 78", "+33612345678");
	phone_ok("0033 06 12 34 56 78", "+33612345678");
}

static void test_phone_international(void **state)
{
	(void)state;
	phone_ok("+41 79 123 45 67", "+41791234567");
	phone_ok("0041791234567", "+41791234567");
	phone_ok("+1 415 555 2671", "+14155552671");
	phone_ok("+352 621 123 456", "+352621123456");
	phone_ok("+12345678", "+12345678");               /* 8 digits */
	phone_ok("+123456789012345", "+123456789012345"); /* 15 digits */
	phone_ko("+1234567");                             /* 7 digits */
	phone_ko("+1234567890123456");                    /* 16 digits */
	phone_ko("+0123456789");                          /* no country 0 */
	phone_ko("000123456789");
}

static void test_phone_refused(void **state)
{
	(void)state;
	phone_ko("");
	phone_ko("   ");
	phone_ko("+");
	phone_ko("061234567");            /* 9 digits */
	phone_ko("06123456789");          /* 11 digits */
	phone_ko("0012345678");           /* 0 followed by 0 */
	phone_ko("00 12 34 56 78");
	phone_ko("6123456789");           /* no leading 0 */
	phone_ko("06 12 34 56 7a");
	phone_ko("O612345678");           /* letter O */
	phone_ko("phone");
	phone_ko("06/12/34/56/78");
	phone_ko("06 12 34 56 78 ext 2");
	phone_ko("+33 6 12 34 56");       /* +33 too short */
	phone_ko("+33 6 12 34 56 78 9");  /* +33 too long */
	phone_ko("+33 0 0 12 34 56 78");  /* +33 then 00 */
	phone_ko("+33 (0)6 12 34 56 78"); /* only spaces, dots, hyphens */
	phone_ko("+33612345678+");
	phone_ko("06+12345678");
	phone_ko("++33612345678");
	phone_ko("0612345678901234567890123456789012345");
	char out[20];
	assert_false(valid_phone(NULL, out, sizeof(out)));
}

static void test_phone_buffer(void **state)
{
	(void)state;
	char small[12], exact[13], big17[17];
	assert_false(valid_phone("0612345678", small, sizeof(small)));
	assert_true(valid_phone("0612345678", exact, sizeof(exact)));
	assert_string_equal(exact, "+33612345678");
	assert_true(valid_phone("+123456789012345", big17, sizeof(big17)));
	assert_false(valid_phone("+123456789012345", big17, 16));
}

static void test_phone_mobile(void **state)
{
	(void)state;
	assert_true(phone_is_mobile("+33612345678"));
	assert_true(phone_is_mobile("+33712345678"));
	assert_true(phone_is_mobile("+33798765432"));
	assert_false(phone_is_mobile("+33700000001"));   /* reserved ranges */
	assert_true(phone_is_mobile("+262692123456"));   /* La Réunion */
	assert_false(phone_is_mobile("+262262123456"));  /* a landline there */
	assert_true(phone_is_mobile("+596696123456"));
	assert_false(phone_is_mobile("+590590123456"));
	assert_false(phone_is_mobile("+33112345678"));
	assert_false(phone_is_mobile("+33450336500"));
	assert_false(phone_is_mobile("+33912345678"));
	assert_false(phone_is_mobile("+33812345678"));
	assert_true(phone_is_mobile("+41791234567"));
	assert_true(phone_is_mobile("+14155552671"));
	assert_true(phone_is_mobile("+32470123456"));
	assert_false(phone_is_mobile("0612345678"));
	assert_false(phone_is_mobile(""));
	assert_false(phone_is_mobile("+"));
	assert_false(phone_is_mobile(NULL));
}

static void email_ok(const char *in, const char *want)
{
	char out[255];
	if (!valid_email(in, out, sizeof(out)))
		fail_msg("email refused: %s", in);
	assert_string_equal(out, want);
}

static void email_ko(const char *in)
{
	char out[255];
	if (valid_email(in, out, sizeof(out)))
		fail_msg("email accepted: %s", in);
}

static void test_email(void **state)
{
	(void)state;
	email_ok("jean.dupont@example.org", "jean.dupont@example.org");
	email_ok("Jean.Dupont@Mairie-Annecy.FR", "Jean.Dupont@mairie-annecy.fr");
	email_ok("a+tag@sub.domain.example.com", "a+tag@sub.domain.example.com");
	email_ok("o'brien@example.ie", "o'brien@example.ie");
	email_ok("x@a.b", "x@a.b");
	email_ok("!#$%&'*+/=?^_`{|}~-@example.org", "!#$%&'*+/=?^_`{|}~-@example.org");
	email_ko("");
	email_ko("jean.dupont.example.org");       /* no @ */
	email_ko("jean@dupont@example.org");       /* two @ */
	email_ko(".jean@example.org");             /* leading dot */
	email_ko("jean.@example.org");             /* trailing dot */
	email_ko("jean..dupont@example.org");      /* double dot */
	email_ko("jean@localhost");                /* no dot in domain */
	email_ko("jean@example..org");
	email_ko("jean@.example.org");
	email_ko("jean@example.org.");
	email_ko("jean@-example.org");
	email_ko("jean@example-.org");
	email_ko("@example.org");
	email_ko("jean@");
	email_ko("jean dupont@example.org");
	email_ko("jean@exa mple.org");
	email_ko("jean@exam_ple.org");
	email_ko("jéan@example.org");
	email_ko("jean@example.org\n");
	email_ko("<jean@example.org>");
	char out[255];
	assert_false(valid_email(NULL, out, sizeof(out)));
}

static void test_email_lengths(void **state)
{
	(void)state;
	char in[400], out[300];
	/* 300 characters in all. */
	memset(in, 'a', 288);
	strcpy(in + 288, "@example.org");
	assert_int_equal(strlen(in), 300);
	assert_false(valid_email(in, out, sizeof(out)));

	/* Local part: 64 is the limit. */
	memset(in, 'a', 64);
	strcpy(in + 64, "@example.org");
	assert_true(valid_email(in, out, sizeof(out)));
	memset(in, 'a', 65);
	strcpy(in + 65, "@example.org");
	assert_false(valid_email(in, out, sizeof(out)));

	/* 254 in all is accepted, 255 is not (labels of 63). */
	char lab[64];
	memset(lab, 'b', 63);
	lab[63] = '\0';
	snprintf(in, sizeof(in), "%.59s@%s.%s.%s.%s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	         lab, lab, lab, "cc");
	assert_int_equal(strlen(in), 254);
	assert_true(valid_email(in, out, sizeof(out)));
	snprintf(in, sizeof(in), "%.60s@%s.%s.%s.%s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	         lab, lab, lab, "cc");
	assert_int_equal(strlen(in), 255);
	assert_false(valid_email(in, out, sizeof(out)));

	/* A label of 64 is too long. */
	snprintf(in, sizeof(in), "a@%sb.org", lab);
	assert_false(valid_email(in, out, sizeof(out)));

	/* The output must fit. */
	assert_false(valid_email("jean@example.org", out, 16));
	assert_true(valid_email("jean@example.org", out, 17));
}

static void date_ok(const char *in, const char *want)
{
	char out[11];
	if (!valid_date(in, out, sizeof(out)))
		fail_msg("date refused: %s", in);
	assert_string_equal(out, want);
}

static void date_ko(const char *in)
{
	char out[11];
	if (valid_date(in, out, sizeof(out)))
		fail_msg("date accepted: %s", in);
}

static void test_date(void **state)
{
	(void)state;
	date_ok("2024-02-29", "2024-02-29");
	date_ok("2000-02-29", "2000-02-29");
	date_ok("2024-12-31", "2024-12-31");
	date_ok("15/08/2024", "2024-08-15");
	date_ok("01/01/1950", "1950-01-01");
	date_ok("1/8/2024", "2024-08-01");
	date_ok("29/02/2024", "2024-02-29");
	date_ko("2023-02-29");
	date_ko("1900-02-29");
	date_ko("31/04/2024");
	date_ko("2024-04-31");
	date_ko("2024-13-01");
	date_ko("2024-00-10");
	date_ko("2024-01-00");
	date_ko("2024-1-01");
	date_ko("24-01-01");
	date_ko("2024/01/01");
	date_ko("15/08/24");
	date_ko("15-08-2024");
	date_ko("32/01/2024");
	date_ko("001/01/2024");
	date_ko("15/08/2024 ");
	date_ko(" 2024-08-15");
	date_ko("2024-08-15x");
	date_ko("hier");
	date_ko("");
	date_ko("//");
	char small[10];
	assert_false(valid_date(NULL, small, sizeof(small)));
	assert_false(valid_date("2024-08-15", small, sizeof(small)));
}

static void test_birth_date(void **state)
{
	(void)state;
	char out[11];
	assert_true(valid_birth_date("15/08/1980", "2025-06-01", out, sizeof(out)));
	assert_string_equal(out, "1980-08-15");
	assert_true(valid_birth_date("2025-06-01", "2025-06-01", out, sizeof(out)));
	assert_false(valid_birth_date("2025-06-02", "2025-06-01", out, sizeof(out)));
	assert_false(valid_birth_date("2030-01-01", "2025-06-01", out, sizeof(out)));
	/* 130 years exactly is allowed, one day more is not, 131 years no. */
	assert_true(valid_birth_date("1895-06-01", "2025-06-01", out, sizeof(out)));
	assert_false(valid_birth_date("1895-05-31", "2025-06-01", out, sizeof(out)));
	assert_false(valid_birth_date("1894-06-01", "2025-06-01", out, sizeof(out)));
	assert_true(valid_birth_date("1894-03-01", "2024-02-29", out, sizeof(out)));
	assert_false(valid_birth_date("1894-02-28", "2024-02-29", out, sizeof(out)));
	assert_false(valid_birth_date("2023-02-29", "2025-06-01", out, sizeof(out)));
	assert_false(valid_birth_date("1980-08-15", "garbage", out, sizeof(out)));
	assert_false(valid_birth_date("1980-08-15", NULL, out, sizeof(out)));
}

static void test_predemande(void **state)
{
	(void)state;
	char out[11];
	assert_true(valid_predemande("AB12CD34EF", out, sizeof(out)));
	assert_string_equal(out, "AB12CD34EF");
	assert_true(valid_predemande("ab12cd34ef", out, sizeof(out)));
	assert_string_equal(out, "AB12CD34EF");
	assert_true(valid_predemande("AB12 CD34 EF", out, sizeof(out)));
	assert_string_equal(out, "AB12CD34EF");
	assert_true(valid_predemande("ab-12-cd-34-ef", out, sizeof(out)));
	assert_string_equal(out, "AB12CD34EF");
	assert_true(valid_predemande("1234567890", out, sizeof(out)));
	assert_false(valid_predemande("AB12CD34E", out, sizeof(out)));     /* 9 */
	assert_false(valid_predemande("AB12CD34EF1", out, sizeof(out)));   /* 11 */
	assert_false(valid_predemande("AB12CD34E_", out, sizeof(out)));
	assert_false(valid_predemande("AB12CD34É", out, sizeof(out)));
	assert_false(valid_predemande("AB12.CD34EF", out, sizeof(out)));
	assert_false(valid_predemande("", out, sizeof(out)));
	assert_false(valid_predemande("  --  ", out, sizeof(out)));
	assert_false(valid_predemande("AB12CD34EFAB12CD34EFAB12CD34EF", out, sizeof(out)));
	assert_false(valid_predemande(NULL, out, sizeof(out)));
	assert_false(valid_predemande("AB12CD34EF", out, 10));
}

static void test_ref(void **state)
{
	(void)state;
	char out[9];
	assert_true(valid_ref("ABCD2345", out, sizeof(out)));
	assert_string_equal(out, "ABCD2345");
	assert_true(valid_ref("abcd-2345", out, sizeof(out)));
	assert_string_equal(out, "ABCD2345");
	assert_true(valid_ref(" hjkm npqr ", out, sizeof(out)));
	assert_string_equal(out, "HJKMNPQR");
	assert_true(valid_ref("Z9Z9Z9Z9", out, sizeof(out)));
	/* Characters left out of the alphabet because they look alike. */
	assert_false(valid_ref("ABCD234O", out, sizeof(out)));
	assert_false(valid_ref("ABCD2340", out, sizeof(out)));
	assert_false(valid_ref("ABCD2341", out, sizeof(out)));
	assert_false(valid_ref("ABCD234I", out, sizeof(out)));
	assert_false(valid_ref("abcd234i", out, sizeof(out)));
	assert_false(valid_ref("ABCD234", out, sizeof(out)));
	assert_false(valid_ref("ABCD23456", out, sizeof(out)));
	assert_false(valid_ref("ABCD+345", out, sizeof(out)));
	assert_false(valid_ref("", out, sizeof(out)));
	assert_false(valid_ref(NULL, out, sizeof(out)));
	assert_false(valid_ref("ABCD2345", out, 8));
}

static void test_int(void **state)
{
	(void)state;
	long v = 0;
	assert_true(valid_int("5", 0, 10, &v));
	assert_int_equal(v, 5);
	assert_true(valid_int("0", 0, 10, &v));
	assert_int_equal(v, 0);
	assert_true(valid_int("10", 0, 10, &v));
	assert_true(valid_int("-3", -5, 5, &v));
	assert_int_equal(v, -3);
	assert_true(valid_int("007", 0, 10, &v));
	assert_int_equal(v, 7);
	assert_false(valid_int("11", 0, 10, &v));
	assert_false(valid_int("-1", 0, 10, &v));
	assert_false(valid_int("5x", 0, 10, &v));
	assert_false(valid_int("x5", 0, 10, &v));
	assert_false(valid_int("", 0, 10, &v));
	assert_false(valid_int(" 5", 0, 10, &v));
	assert_false(valid_int("5 ", 0, 10, &v));
	assert_false(valid_int("+5", 0, 10, &v));
	assert_false(valid_int("-", -5, 5, &v));
	assert_false(valid_int("--5", -5, 5, &v));
	assert_false(valid_int("5.0", 0, 10, &v));
	assert_false(valid_int("0x5", 0, 10, &v));
	assert_false(valid_int("99999999999999999999", 0, 10, &v));
	assert_false(valid_int("99999999999999999999", LONG_MIN, LONG_MAX, &v));
	assert_false(valid_int("-99999999999999999999", LONG_MIN, LONG_MAX, &v));
	assert_true(valid_int("9223372036854775807", 0, LONG_MAX, &v));
	assert_int_equal(v, LONG_MAX);
	assert_false(valid_int(NULL, 0, 10, &v));
	/* v is untouched by a refusal. */
	v = 42;
	assert_false(valid_int("abc", 0, 10, &v));
	assert_int_equal(v, 42);
}

static void test_code(void **state)
{
	(void)state;
	char out[7];
	assert_true(valid_code("123456", out, sizeof(out)));
	assert_string_equal(out, "123456");
	assert_true(valid_code("12 34 56", out, sizeof(out)));
	assert_string_equal(out, "123456");
	assert_true(valid_code(" 000000 ", out, sizeof(out)));
	assert_string_equal(out, "000000");
	assert_false(valid_code("12345", out, sizeof(out)));
	assert_false(valid_code("1234567", out, sizeof(out)));
	assert_false(valid_code("12345a", out, sizeof(out)));
	assert_false(valid_code("12-34-56", out, sizeof(out)));
	assert_false(valid_code("", out, sizeof(out)));
	assert_false(valid_code(NULL, out, sizeof(out)));
	assert_false(valid_code("123456", out, 6));
}

static void test_latlon(void **state)
{
	(void)state;
	double la = 0, lo = 0;
	assert_true(valid_latlon("45.8992", "6.1294", &la, &lo));
	assert_float_equal(la, 45.8992, 1e-12);
	assert_float_equal(lo, 6.1294, 1e-12);
	assert_true(valid_latlon("-33.8688", "151.2093", &la, &lo));
	assert_float_equal(la, -33.8688, 1e-12);
	assert_true(valid_latlon("90", "-180", &la, &lo));
	assert_true(valid_latlon("-90.0", "180.000", &la, &lo));
	assert_true(valid_latlon("0", "0", &la, &lo));
	assert_true(valid_latlon("+45.5", "6", &la, &lo));
	assert_true(valid_latlon("45.123456789012345678", "6.1", &la, &lo));
	assert_float_equal(la, 45.123456789012345678, 1e-12);
	assert_false(valid_latlon("90.0001", "0", &la, &lo));
	assert_false(valid_latlon("-91", "0", &la, &lo));
	assert_false(valid_latlon("0", "180.5", &la, &lo));
	assert_false(valid_latlon("0", "-181", &la, &lo));
	assert_false(valid_latlon("1000", "0", &la, &lo));
	assert_false(valid_latlon("", "6.1", &la, &lo));
	assert_false(valid_latlon("45.8992", "", &la, &lo));
	assert_false(valid_latlon("45,8992", "6.1294", &la, &lo));
	assert_false(valid_latlon("45.", "6.1", &la, &lo));
	assert_false(valid_latlon(".5", "6.1", &la, &lo));
	assert_false(valid_latlon("nan", "6.1", &la, &lo));
	assert_false(valid_latlon("inf", "6.1", &la, &lo));
	assert_false(valid_latlon("1e1", "6.1", &la, &lo));
	assert_false(valid_latlon(" 45", "6.1", &la, &lo));
	assert_false(valid_latlon("45 ", "6.1", &la, &lo));
	assert_false(valid_latlon("0x10", "6.1", &la, &lo));
	assert_false(valid_latlon("-", "6.1", &la, &lo));
	assert_false(valid_latlon(NULL, "6.1", &la, &lo));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_french),
		cmocka_unit_test(test_phone_international),
		cmocka_unit_test(test_phone_refused),
		cmocka_unit_test(test_phone_buffer),
		cmocka_unit_test(test_phone_mobile),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_email_lengths),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_birth_date),
		cmocka_unit_test(test_predemande),
		cmocka_unit_test(test_ref),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_latlon),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
