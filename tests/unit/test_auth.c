/* test_auth.c — unit tests of the pure parts of auth.c: the password rules
 * (auth_password_problem: 12 to 128 characters counted as characters, no
 * composition rules, common passwords and the account's own address
 * refused, non-UTF-8 refused), the role names (auth_role_of /
 * auth_role_name), and the Argon2id hashes (auth_hash_password, checked
 * with libsodium: verifiable, salted, at least the INTERACTIVE limits, and
 * re-hashed when the limits change). Nothing here touches the database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"

static const char *problem(const char *pw)
{
	return auth_password_problem(pw, NULL);
}

/* n copies of the UTF-8 sequence u. */
static char *repeat(const char *u, size_t n)
{
	size_t l = strlen(u);
	char *s = malloc(l * n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * l, u, l);
	s[l * n] = '\0';
	return s;
}

/* n characters cycling over a varied set (never common, never one letter). */
static char *varied(size_t n)
{
	static const char set[] = "kq7Zr2mWx9Lp4Tb8Nv";
	char *s = malloc(n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = set[i % (sizeof(set) - 1)];
	s[n] = '\0';
	return s;
}

static void test_length_bounds(void **state)
{
	(void)state;
	char *s11 = varied(11), *s12 = varied(12), *s128 = varied(128), *s129 = varied(129);
	assert_non_null(problem(""));
	assert_non_null(problem("court"));
	assert_non_null(problem(s11));
	assert_null(problem(s12));
	assert_null(problem(s128));
	assert_non_null(problem(s129));
	/* The messages say which bound. */
	assert_non_null(strstr(problem(s11), "12"));
	assert_non_null(strstr(problem(s129), "128"));
	free(s11);
	free(s12);
	free(s128);
	free(s129);
}

static void test_length_counts_characters(void **state)
{
	(void)state;
	/* 11 accented letters are 22 bytes, still 11 characters: too short. */
	assert_non_null(problem("àéèêëîïôöùû"));
	/* 12 characters, some of them 2 or 3 bytes: long enough. */
	assert_null(problem("Été€Noël§Ça!"));
	/* 128 two-byte characters (256 bytes) are accepted, 129 are not. */
	char *a = malloc(2 * 129 + 1);
	assert_non_null(a);
	a[0] = '\0';
	static const char *const letters[] = { "é", "à", "ç", "ô", "ü", "ñ", "ø" };
	for (int i = 0; i < 128; i++)
		strcat(a, letters[i % 7]);
	assert_null(problem(a));
	strcat(a, "é");
	assert_non_null(problem(a));
	free(a);
}

static void test_no_composition_rules(void **state)
{
	(void)state;
	/* Long passphrases of plain lower-case words are fine. */
	assert_null(problem("correct cheval agrafe batterie"));
	assert_null(problem("le lac d'annecy est bleu ce matin"));
	assert_null(problem("zq8!Lw#4pT0v"));
	assert_null(problem("abcdefghijkm"));
	assert_null(problem("Les Mairies De Haute-Savoie Accueillent Le Public"));
}

static void test_common_refused(void **state)
{
	(void)state;
	static const char *const common[] = {
		"motdepasse123", "MotDePasse123", "MOTDEPASSE123", "azerty123456", "password1234",
		"123456789012", "qwerty123456", "administrateur", "bienvenue123", "azertyuiop123",
	};
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
		const char *p = problem(common[i]);
		if (!p)
			fail_msg("common password accepted: %s", common[i]);
		assert_non_null(strstr(p, "courant"));
	}
}

static void test_one_repeated_character_refused(void **state)
{
	(void)state;
	assert_non_null(problem("aaaaaaaaaaaaaaaa"));
	assert_non_null(problem("            "));
	assert_non_null(problem("000000000000000"));
	char *e = repeat("é", 14);
	/* One repeated character, whatever its encoding length. */
	const char *p = problem(e);
	free(e);
	assert_non_null(p);
}

static void test_own_address_refused(void **state)
{
	(void)state;
	const char *email = "jean.dupont@mairie-annecy.fr";
	assert_non_null(auth_password_problem("jean.dupont2024", email));
	assert_non_null(auth_password_problem("JEAN.DUPONT!!", email));
	/* The whole address is the account's own address too. */
	assert_non_null(auth_password_problem("jean.dupont@mairie-annecy.fr", email));
	assert_non_null(auth_password_problem("Jean.Dupont@Mairie-Annecy.fr", email));
	/* A real passphrase is fine, and another address's name is not refused. */
	assert_null(auth_password_problem("les montagnes de savoie en hiver", email));
	assert_null(auth_password_problem("jean.dupont2024", "marie.curie@mairie-annecy.fr"));
	/* No address (or an empty one) does not crash. */
	assert_null(auth_password_problem("les montagnes de savoie en hiver", ""));
	assert_null(auth_password_problem("les montagnes de savoie en hiver", "pas-une-adresse"));
}

static void test_invalid_utf8_refused(void **state)
{
	(void)state;
	assert_non_null(problem("Jos\xE9 mot de passe assez long"));   /* Latin-1 */
	assert_non_null(problem("mot de passe \xC0\xAF assez long"));  /* overlong */
	assert_non_null(problem("mot de passe \xED\xA0\x80 assez long")); /* surrogate */
	assert_non_null(problem("mot de passe tronqu\xC3"));
}

static void test_roles_round_trip(void **state)
{
	(void)state;
	const enum role roles[] = { ROLE_AGENT, ROLE_COMMUNE_ADMIN, ROLE_PARTNER, ROLE_PLATFORM_ADMIN };
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		const char *n = auth_role_name(roles[i]);
		assert_non_null(n);
		assert_true(strlen(n) > 0);
		assert_int_equal(auth_role_of(n), roles[i]);
	}
	/* The names the database's ENUM holds. */
	assert_string_equal(auth_role_name(ROLE_AGENT), "agent");
	assert_string_equal(auth_role_name(ROLE_COMMUNE_ADMIN), "commune_admin");
	assert_string_equal(auth_role_name(ROLE_PARTNER), "partner");
	assert_string_equal(auth_role_name(ROLE_PLATFORM_ADMIN), "platform_admin");
	/* Anything else is no role. */
	assert_int_equal(auth_role_of(NULL), ROLE_NONE);
	assert_int_equal(auth_role_of(""), ROLE_NONE);
	assert_int_equal(auth_role_of("Agent"), ROLE_NONE);
	assert_int_equal(auth_role_of("admin"), ROLE_NONE);
	assert_int_equal(auth_role_of("agent "), ROLE_NONE);
	assert_string_equal(auth_role_name(ROLE_NONE), "");
	assert_string_equal(auth_role_name((enum role)99), "");
	assert_string_equal(auth_role_name((enum role)-1), "");
}

static void test_hash_argon2id_verifies(void **state)
{
	(void)state;
	const char *pw = "une phrase de passe pour la mairie";
	char h[crypto_pwhash_STRBYTES];
	assert_true(auth_hash_password(pw, h, sizeof(h)));
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_int_equal(crypto_pwhash_str_verify(h, pw, strlen(pw)), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(h, "une phrase de passe pour la mairiE", strlen(pw)), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(h, "", 0), 0);
	/* The clear password is not in the hash. */
	assert_null(strstr(h, "phrase"));
}

static void test_hash_salted(void **state)
{
	(void)state;
	const char *pw = "la meme phrase deux fois";
	char a[crypto_pwhash_STRBYTES], b[crypto_pwhash_STRBYTES];
	assert_true(auth_hash_password(pw, a, sizeof(a)));
	assert_true(auth_hash_password(pw, b, sizeof(b)));
	assert_string_not_equal(a, b);
	assert_int_equal(crypto_pwhash_str_verify(b, pw, strlen(pw)), 0);
}

static void test_hash_limits(void **state)
{
	(void)state;
	const char *pw = "des limites au moins interactives";
	char h[crypto_pwhash_STRBYTES];
	assert_true(auth_hash_password(pw, h, sizeof(h)));
	unsigned long m = 0, t = 0;
	const char *p = strstr(h, "$m=");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "$m=%lu,t=%lu", &m, &t), 2);
	assert_true(m * 1024UL >= crypto_pwhash_MEMLIMIT_INTERACTIVE);
	assert_true(t >= crypto_pwhash_OPSLIMIT_INTERACTIVE);
	/* With no setting, the INTERACTIVE limits exactly: no re-hash needed. */
	assert_int_equal(crypto_pwhash_str_needs_rehash(h, crypto_pwhash_OPSLIMIT_INTERACTIVE,
							crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	/* When the limits change, the stored hash is due for a re-hash. */
	assert_int_not_equal(crypto_pwhash_str_needs_rehash(h, crypto_pwhash_OPSLIMIT_INTERACTIVE + 1,
							    crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	char weak[crypto_pwhash_STRBYTES];
	assert_int_equal(crypto_pwhash_str(weak, pw, strlen(pw), crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_not_equal(crypto_pwhash_str_needs_rehash(weak, crypto_pwhash_OPSLIMIT_INTERACTIVE,
							    crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
}

static void test_hash_small_buffer(void **state)
{
	(void)state;
	char small[16];
	assert_false(auth_hash_password("une phrase de passe", small, sizeof(small)));
}

static int setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length_bounds),
		cmocka_unit_test(test_length_counts_characters),
		cmocka_unit_test(test_no_composition_rules),
		cmocka_unit_test(test_common_refused),
		cmocka_unit_test(test_one_repeated_character_refused),
		cmocka_unit_test(test_own_address_refused),
		cmocka_unit_test(test_invalid_utf8_refused),
		cmocka_unit_test(test_roles_round_trip),
		cmocka_unit_test(test_hash_argon2id_verifies),
		cmocka_unit_test(test_hash_salted),
		cmocka_unit_test(test_hash_limits),
		cmocka_unit_test(test_hash_small_buffer),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
