/* test_text.c — unit tests of text.c: UTF-8 validity, search-key folding
 * and person-name validation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text.h"

static void check_fold(const char *in, const char *want)
{
	char *got = text_fold(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void check_squash(const char *in, const char *want)
{
	char *got = text_squash(in);
	assert_string_equal(got, want);
	free(got);
}

static bool valid(const char *s, bool nl)
{
	return text_valid_utf8(s, strlen(s), nl);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(valid("", false));
	assert_true(valid("Annecy", false));
	assert_true(valid("Hénaff Œuvre ß ’ 李 😀", false));
	assert_true(valid("\xF4\x8F\xBF\xBF", false));           /* U+10FFFF */
	assert_true(valid("\xEF\xBF\xBD", false));               /* U+FFFD */
	assert_true(text_valid_utf8(NULL, 0, false));
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	assert_false(valid("\xC0\xAF", false));                  /* overlong '/' */
	assert_false(valid("\xC1\xBF", false));
	assert_false(valid("\xE0\x80\xAF", false));              /* overlong 3 */
	assert_false(valid("\xF0\x80\x80\xAF", false));          /* overlong 4 */
	assert_false(valid("a\xED\xA0\x80z", false));            /* surrogate */
	assert_false(valid("\xED\xBF\xBF", false));
	assert_false(valid("\xF4\x90\x80\x80", false));          /* > U+10FFFF */
	assert_false(valid("\xF5\x80\x80\x80", false));
	assert_false(valid("caf\xC3", false));                   /* truncated */
	assert_false(valid("\xE2\x80", false));
	assert_false(valid("\xE2\x80z", false));
	assert_false(valid("\x80", false));                      /* lone cont. */
	assert_false(valid("Jos\xE9", false));                   /* Latin-1 */
	assert_false(valid("\xFF", false));
	/* The length bounds the check, even if a sequence continues. */
	assert_false(text_valid_utf8("\xC3\xA9", 1, false));
	assert_true(text_valid_utf8("\xC3\xA9", 2, false));
}

static void test_utf8_controls(void **state)
{
	(void)state;
	assert_false(valid("a\tb", false));
	assert_false(valid("a\nb", false));
	assert_false(valid("a\rb", false));
	assert_true(valid("a\tb\r\nc", true));
	assert_false(valid("a\x01z", true));
	assert_false(valid("a\x1b[0m", true));
	assert_false(valid("a\x7f", true));                      /* DEL */
	assert_false(valid("a\xC2\x85", true));                  /* NEL (C1) */
	assert_false(valid("a\xC2\x9F", false));
	assert_true(valid("a\xC2\xA0", false));                  /* NBSP ok */
	assert_false(text_valid_utf8("a\0b", 3, true));          /* NUL */
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_len(""), 0);
	assert_int_equal(text_utf8_len("abc"), 3);
	assert_int_equal(text_utf8_len("Zoë"), 3);
	assert_int_equal(text_utf8_len("N’Diaye"), 7);
	assert_int_equal(text_utf8_len("李😀"), 2);
	assert_int_equal(text_utf8_len(NULL), 0);
}

static void test_fold_examples(void **state)
{
	(void)state;
	check_fold("Saint-Julien-en-Genevois", "saint julien en genevois");
	check_fold("  D'Aubigné  ", "d aubigne");
	check_fold("Le Hénaff", "le henaff");
	check_fold("Marie-Ève", "marie eve");
	check_fold("Zoë", "zoe");
	check_fold("N’Diaye", "n diaye");
	check_fold("L’Haÿ-les-Roses", "l hay les roses");
	check_fold("Évian-les-Bains", "evian les bains");
	check_fold("Faÿ-lès-Nemours", "fay les nemours");
	check_fold("ANNECY", "annecy");
	check_fold("Rue 12", "rue 12");
	check_fold("", "");
	check_fold(NULL, "");
}

static void test_fold_latin1(void **state)
{
	(void)state;
	check_fold("àâäáãå çéèêë íìîï ñ óòôöõø úùûü ýÿ",
	           "aaaaaa ceeee iiii n oooooo uuuu yy");
	check_fold("ÀÂÄÁÃÅ ÇÉÈÊË ÍÌÎÏ Ñ ÓÒÔÖÕØ ÚÙÛÜ Ý",
	           "aaaaaa ceeee iiii n oooooo uuuu y");
	check_fold("Æ æ Œ œ ß Þ ð", "ae ae oe oe ss th d");
	check_fold("Lætitia Cœur Straße", "laetitia coeur strasse");
	check_fold("ŒUVRE", "oeuvre");
	check_fold("a×b÷c", "a b c");      /* not letters */
	check_fold("«Brasserie»", "brasserie");
}

static void test_fold_latin_ext(void **state)
{
	(void)state;
	check_fold("Łódź", "lodz");
	check_fold("Wałęsa", "walesa");
	check_fold("Şahin Ağaoğlu", "sahin agaoglu");
	check_fold("Ştefan Ţepeş", "stefan tepes");
	check_fold("Ștefan Țepeș", "stefan tepes");   /* comma below */
	check_fold("Dvořák", "dvorak");
	check_fold("Čapek Šťastný Žižka", "capek stastny zizka");
	check_fold("ĞİıŁŃŐŰŸŽ", "giilnouyz");
	check_fold("Āčēģīķļņōŗšūž", "acegiklnorsuz");
	check_fold("Ĳssel", "ijssel");
	check_fold("GROẞ", "gross");
}

static void test_fold_separators(void **state)
{
	(void)state;
	check_fold("Jean   Pierre", "jean pierre");
	check_fold("Jean - Pierre", "jean pierre");
	check_fold("O''Brien", "o brien");
	check_fold("--Jean--", "jean");
	check_fold("'’-. ,;", "");
	check_fold("Jean\tPierre\n", "jean pierre");
	check_fold("a\x01\x02z", "a z");
	check_fold("a\x7f" "b", "a b");
	check_fold("Dupont (née Martin)", "dupont nee martin");
	check_fold("李 Li", "li");
	check_fold("Li😀Wang", "li wang");
}

static void test_fold_decomposed(void **state)
{
	(void)state;
	/* NFD input: the combining marks vanish without splitting words. */
	check_fold("He\xCC\x81le\xCC\x80ne", "helene");
	check_fold("Zoe\xCC\x88", "zoe");
	check_fold("\xCC\x81" "a", "a");
}

static void test_fold_invalid(void **state)
{
	(void)state;
	check_fold("\xC0\xAF" "ab", "ab");                   /* overlong */
	check_fold("a\xC0\xAF" "b", "a b");
	check_fold("a\xE0\x80\xAF" "b", "a b");
	check_fold("a\xED\xA0\x80" "b", "a b");              /* surrogate */
	check_fold("a\xF4\x90\x80\x80" "b", "a b");          /* > U+10FFFF */
	check_fold("caf\xC3", "caf");                        /* truncated */
	check_fold("caf\xC3" "x", "caf x");
	check_fold("caf\xE2\x80", "caf");
	check_fold("Jos\xE9 Luis", "jos luis");              /* Latin-1 é */
	check_fold("\x80\x80\x80", "");
	check_fold("\xFF\xFE" "a", "a");
	check_fold("\xF0", "");
}

static void test_squash(void **state)
{
	(void)state;
	check_squash("", "");
	check_squash("   ", "");
	check_squash("  Jean  ", "Jean");
	check_squash("Jean \t\n Pierre", "Jean Pierre");
	check_squash("a b  c   d", "a b c d");
	check_squash("Le  Hénaff", "Le Hénaff");
	check_squash("\r\nx\v\f", "x");
	check_squash(NULL, "");
}

static void test_name_accepted(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"Le Hénaff", "D'Artagnan", "N’Diaye", "Marie-Ève", "Zoë",
		"Jean-Pierre", "O’Connor", "St. John", "Müller", "Łukasz",
		"Œdipe", "Straßburger", "Иванов", "Παπαδόπουλος", "محمد",
		"李", "Zoe\xCC\x88", "  Jean   Pierre  ", "A", "Jean\tPierre",
		"Ἀθηνᾶ",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (!text_valid_person_name(ok[i], 100))
			fail_msg("refused: %s", ok[i]);
	}
}

static void test_name_refused(void **state)
{
	(void)state;
	static const char *const ko[] = {
		"", "   ", "1234", "<script>", "<script>alert(1)</script>",
		"Jean2", "jean@example.org", "--", "'", ".", "Jean 😀",
		"Jean\x01", "Jos\xE9", "a\xC0\xAF", "Robert'); DROP TABLE",
		"Jean_Pierre", "Jean/Pierre", "Jean&Co",
	};
	for (size_t i = 0; i < sizeof(ko) / sizeof(ko[0]); i++) {
		if (text_valid_person_name(ko[i], 100))
			fail_msg("accepted: %s", ko[i]);
	}
	assert_false(text_valid_person_name(NULL, 100));
}

static void test_name_length(void **state)
{
	(void)state;
	char buf[512];
	memset(buf, 'a', 200);
	buf[200] = '\0';
	assert_false(text_valid_person_name(buf, 100));
	assert_true(text_valid_person_name(buf, 200));
	buf[100] = '\0';
	assert_true(text_valid_person_name(buf, 100));
	buf[99] = '\0';
	assert_true(text_valid_person_name(buf, 99));
	assert_false(text_valid_person_name(buf, 98));

	/* The limit is in code points, not bytes: 100 × "é" is 200 bytes. */
	buf[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(buf, "é");
	assert_true(text_valid_person_name(buf, 100));
	assert_false(text_valid_person_name(buf, 99));

	/* Surrounding and repeated spaces are squashed before counting. */
	assert_true(text_valid_person_name("   Ab   Cd   ", 5));
	assert_false(text_valid_person_name("   Ab   Cd   ", 4));
	assert_false(text_valid_person_name("Zoë", 0));
}

/* "de" elided before a vowel or a mute h, accented capitals included. */
static void test_elides(void **state)
{
	(void)state;
	assert_true(text_elides("Annecy"));
	assert_true(text_elides("\xc3\x89vian-les-Bains"));   /* Évian */
	assert_true(text_elides("Habère-Poche"));
	assert_true(text_elides("\xc5\x92uilly"));             /* Œuilly */
	assert_false(text_elides("Thonon-les-Bains"));
	assert_false(text_elides("Sevrier"));
	assert_false(text_elides(""));
	assert_false(text_elides(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_controls),
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_fold_examples),
		cmocka_unit_test(test_fold_latin1),
		cmocka_unit_test(test_fold_latin_ext),
		cmocka_unit_test(test_fold_separators),
		cmocka_unit_test(test_fold_decomposed),
		cmocka_unit_test(test_fold_invalid),
		cmocka_unit_test(test_squash),
		cmocka_unit_test(test_name_accepted),
		cmocka_unit_test(test_name_refused),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_elides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
