/* test_i18n.c — unit tests of the plural forms (i18n_plural): the French
 * rule for the French msgids (0 and 1 singular), English from the compiled
 * catalogue of LOCALEDIR, and the language put back as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "build/locale"
#endif

static int setup(void **state)
{
	(void)state;
	i18n_init(LOCALEDIR);
	return 0;
}

static const char *party(unsigned long n, char *buf, size_t sz)
{
	snprintf(buf, sz, P_("%ld personne", "%ld personnes", n), (long)n);
	return buf;
}

static void test_french(void **state)
{
	(void)state;
	char b[64];
	i18n_use("fr");
	assert_string_equal(party(0, b, sizeof(b)), "0 personne");
	assert_string_equal(party(1, b, sizeof(b)), "1 personne");
	assert_string_equal(party(2, b, sizeof(b)), "2 personnes");
	assert_string_equal(party(9, b, sizeof(b)), "9 personnes");
	snprintf(b, sizeof(b), P_("Ce code n'est pas le bon. Il vous reste %d essai.",
				  "Ce code n'est pas le bon. Il vous reste %d essais.", 1), 1);
	assert_string_equal(b, "Ce code n'est pas le bon. Il vous reste 1 essai.");
}

static void test_english(void **state)
{
	(void)state;
	char b[64];
	i18n_use("en");
	/* The catalogue must be there: a msgid coming back means it is not. */
	assert_string_equal(party(0, b, sizeof(b)), "0 people");
	assert_string_equal(party(1, b, sizeof(b)), "1 person");
	assert_string_equal(party(2, b, sizeof(b)), "2 people");
	snprintf(b, sizeof(b), P_("Ce code n'est pas le bon. Il vous reste %d essai.",
				  "Ce code n'est pas le bon. Il vous reste %d essais.", 3), 3);
	assert_string_equal(b, "This code is not correct. You have 3 attempts left.");
	/* Switching back gives French again (gettext's cache is dropped). */
	i18n_use("fr");
	assert_string_equal(party(2, b, sizeof(b)), "2 personnes");
	assert_string_equal(i18n_lang(), "fr");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_french),
		cmocka_unit_test(test_english),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
