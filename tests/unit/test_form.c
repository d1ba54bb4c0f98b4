/* test_form.c — unit tests of form.c: each field type's parse and message
 * (form_parse, with a fixed day for birth dates), and form_check on a
 * request built by hand: what was typed is kept, a refused or absent
 * field has no value, the first message of a field is the one shown, a
 * parameter that was not valid UTF-8 is refused before anything else. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "form.h"

#define TODAY "2026-06-15"

static int arena_setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* form_parse accepts sq as spec, with the normalised value want. */
static void parses(struct arena *a, struct field_spec spec, const char *sq, const char *want)
{
	const char *val = "unset";
	const char *err = form_parse(a, &spec, sq, TODAY, &val);
	if (err)
		fail_msg("%s refused: %s", sq, err);
	assert_non_null(val);
	assert_string_equal(val, want);
}

/* form_parse refuses sq as spec with the message want (NULL: refused
 * without a message, the field simply has no value). */
static void refuses(struct arena *a, struct field_spec spec, const char *sq, const char *want)
{
	const char *val = "unset";
	const char *err = form_parse(a, &spec, sq, TODAY, &val);
	assert_null(val);
	if (!want) {
		assert_null(err);
		return;
	}
	if (!err)
		fail_msg("%s accepted", sq);
	assert_string_equal(err, want);
}

#define DATE_MSG "Saisissez une date valide au format JJ/MM/AAAA."

static void test_parse_text_and_name(void **state)
{
	struct arena *a = *state;
	struct field_spec text = { "t", F_TEXT, true, 0, 5 }, name = { "n", F_NAME, true, 0, 10 };
	parses(a, text, "abcde", "abcde");
	parses(a, text, "éèàùç", "éèàùç");          /* code points, not bytes */
	refuses(a, text, "abcdef", "Ce texte est trop long.");
	parses(a, name, "D'Aubigné", "D'Aubigné");
	refuses(a, name, "Jean-Baptiste", "Ce nom est trop long.");
	refuses(a, name, "R2D2", "Saisissez un nom en lettres (les tirets et apostrophes sont acceptés).");
	/* 0: the default of 200 code points. */
	struct field_spec deflt = { "t", F_TEXT, true, 0, 0 };
	char longest[202];
	memset(longest, 'x', 200);
	longest[200] = '\0';
	parses(a, deflt, longest, longest);
	longest[200] = 'x';
	longest[201] = '\0';
	refuses(a, deflt, longest, "Ce texte est trop long.");
}

static void test_parse_dates(void **state)
{
	struct arena *a = *state;
	struct field_spec date = { "d", F_DATE, true, 0, 0 }, birth = { "b", F_BIRTH, true, 0, 0 };
	parses(a, date, "29/02/2028", "2028-02-29");
	parses(a, date, "2030-01-31", "2030-01-31");
	refuses(a, date, "30/02/2028", DATE_MSG);
	refuses(a, date, "demain", DATE_MSG);
	parses(a, birth, "15/06/1980", "1980-06-15");
	parses(a, birth, TODAY, TODAY);
	parses(a, birth, "1896-06-15", "1896-06-15");         /* 130 years to the day */
	refuses(a, birth, "31/02/1980", DATE_MSG);            /* not a date first */
	refuses(a, birth, "2026-06-16", "Cette date de naissance n'est pas plausible.");
	refuses(a, birth, "1896-06-14", "Cette date de naissance n'est pas plausible.");
}

static void test_parse_normalised(void **state)
{
	struct arena *a = *state;
	parses(a, (struct field_spec){ "p", F_PHONE, true, 0, 0 }, "06 12 34 56 78", "+33612345678");
	refuses(a, (struct field_spec){ "p", F_PHONE, true, 0, 0 }, "061234567",
		"Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.");
	parses(a, (struct field_spec){ "e", F_EMAIL, true, 0, 0 }, "Nom@Exemple.FR", "Nom@exemple.fr");
	refuses(a, (struct field_spec){ "e", F_EMAIL, true, 0, 0 }, "nom@exemple",
		"Saisissez une adresse électronique valide, par exemple nom@exemple.fr.");
	parses(a, (struct field_spec){ "a", F_PREDEMANDE, true, 0, 0 }, "ab12-cd34 ef", "AB12CD34EF");
	refuses(a, (struct field_spec){ "a", F_PREDEMANDE, true, 0, 0 }, "AB12CD34E",
		"Le numéro de pré-demande compte 10 lettres ou chiffres.");
	parses(a, (struct field_spec){ "c", F_CODE, true, 0, 0 }, "123 456", "123456");
	refuses(a, (struct field_spec){ "c", F_CODE, true, 0, 0 }, "12345", "Le code compte 6 chiffres.");
	parses(a, (struct field_spec){ "r", F_REF, true, 0, 0 }, "k7qm-3xpa", "K7QM3XPA");
	refuses(a, (struct field_spec){ "r", F_REF, true, 0, 0 }, "K7QM3XP1",
		"La référence compte 8 caractères, par exemple K7QM3XPA.");
}

static void test_parse_int(void **state)
{
	struct arena *a = *state;
	struct field_spec n = { "n", F_INT, true, 1, 5 };
	parses(a, n, "1", "1");
	parses(a, n, "5", "5");
	parses(a, n, "05", "5");
	refuses(a, n, "0", "Saisissez un nombre entre 1 et 5.");
	refuses(a, n, "6", "Saisissez un nombre entre 1 et 5.");
	refuses(a, n, "2.5", "Saisissez un nombre entre 1 et 5.");
	struct field_spec big = { "id", F_INT, true, 1, 9000000000000000000L };
	parses(a, big, "8999999999999999999", "8999999999999999999");
	refuses(a, big, "9000000000000000001", "Saisissez un nombre entre 1 et 9000000000000000000.");
}

static void test_parse_absent_and_checkbox(void **state)
{
	struct arena *a = *state;
	struct field_spec opt = { "t", F_TEXT, false, 0, 0 }, req = { "t", F_PHONE, true, 0, 0 };
	refuses(a, opt, "", NULL);
	refuses(a, req, "", "Ce champ est obligatoire.");
	struct field_spec box = { "c", F_CHECK, false, 0, 0 }, must = { "c", F_CHECK, true, 0, 0 };
	parses(a, box, "1", "1");
	refuses(a, box, "", NULL);
	refuses(a, box, "on", NULL);                 /* not ticked, and it need not be */
	parses(a, must, "1", "1");
	refuses(a, must, "", "Cette case doit être cochée.");
	refuses(a, must, "on", "Cette case doit être cochée.");
}

/* A POST request whose body held the pairs of kv (name, value, ... NULL). */
static struct request *post(struct arena *a, const char *const *kv)
{
	struct request *r = arena_alloc(a, sizeof(*r));
	r->arena = a;
	r->method = "POST";
	r->form = arena_alloc(a, 8 * sizeof(*r->form));
	for (; kv[0]; kv += 2, r->nform++) {
		r->form[r->nform].name = arena_strdup(a, kv[0]);
		r->form[r->nform].value = arena_strdup(a, kv[1]);
	}
	return r;
}

static void test_check_keeps_typed(void **state)
{
	struct arena *a = *state;
	static const char *const kv[] = { "tel", "  06 12  34 56 78 ", "nb", " 3 ", "x", "abc", NULL };
	struct form f;
	form_init(&f, post(a, kv));
	static const struct field_spec specs[] = {
		{ "tel", F_PHONE, true, 0, 0 }, { "nb", F_INT, true, 1, 5 }, { "absent", F_TEXT, false, 0, 0 },
	};
	assert_true(form_check_all(&f, specs, 3));
	assert_string_equal(form_value(&f, "tel"), "+33612345678");
	assert_string_equal(form_typed(&f, "tel"), "  06 12  34 56 78 ");
	assert_int_equal(form_int(&f, "nb", -1), 3);
	assert_string_equal(form_typed(&f, "nb"), " 3 ");
	assert_null(form_value(&f, "absent"));
	assert_string_equal(form_typed(&f, "absent"), "");
	assert_null(form_error(&f, "absent"));
	assert_null(form_value(&f, "x"));         /* never checked */
	assert_int_equal(f.nerrors, 0);
}

static void test_check_errors(void **state)
{
	struct arena *a = *state;
	static const char *const kv[] = { "nb", "9", "nom", "Anne", NULL };
	struct form f;
	form_init(&f, post(a, kv));
	const struct field_spec nb = { "nb", F_INT, true, 1, 5 }, nom = { "nom", F_NAME, true, 0, 40 };
	const struct field_spec must = { "ok", F_CHECK, true, 0, 0 };
	assert_null(form_check(&f, &nb));
	assert_string_equal(form_error(&f, "nb"), "Saisissez un nombre entre 1 et 5.");
	assert_null(form_check(&f, &must));
	assert_string_equal(form_error(&f, "ok"), "Cette case doit être cochée.");
	assert_int_equal(f.nerrors, 2);
	/* A rule of the handler's own on a field that passed... */
	assert_string_equal(form_check(&f, &nom), "Anne");
	form_fail(&f, "nom", "Déjà inscrite.");
	assert_null(form_value(&f, "nom"));
	assert_int_equal(f.nerrors, 3);
	/* ...stays the message shown when the field is checked again. */
	assert_null(form_check(&f, &nom));
	assert_string_equal(form_error(&f, "nom"), "Déjà inscrite.");
	assert_int_equal(f.nerrors, 3);
	assert_false(form_check_all(&f, &nb, 1));
	assert_int_equal(f.nerrors, 3);
}

static void test_check_bad_encoding(void **state)
{
	struct arena *a = *state;
	static const char *const kv[] = { "nom", "Anne", "ville", "Annecy", NULL };
	struct form f;
	struct request *r = post(a, kv);
	r->bad_param = "nom";
	form_init(&f, r);
	const struct field_spec nom = { "nom", F_NAME, false, 0, 40 }, ville = { "ville", F_TEXT, true, 0, 40 };
	assert_null(form_check(&f, &nom));
	assert_string_equal(form_error(&f, "nom"), "Le texte envoyé contient des caractères non valides.");
	assert_string_equal(form_check(&f, &ville), "Annecy");
	assert_int_equal(f.nerrors, 1);
}

static void test_check_get(void **state)
{
	struct arena *a = *state;
	struct request *r = arena_alloc(a, sizeof(*r));
	r->arena = a;
	r->method = "GET";
	r->args = arena_alloc(a, sizeof(*r->args));
	r->args[0] = (struct param){ "ref", "k7qm3xpa" };
	r->nargs = 1;
	struct form f;
	form_init(&f, r);
	const struct field_spec ref = { "ref", F_REF, true, 0, 0 };
	assert_string_equal(form_check(&f, &ref), "K7QM3XPA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse_text_and_name, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_parse_dates, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_parse_normalised, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_parse_int, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_parse_absent_and_checkbox, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_check_keeps_typed, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_check_errors, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_check_bad_encoding, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_check_get, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
