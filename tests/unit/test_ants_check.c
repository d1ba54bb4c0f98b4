/* test_ants_check.c — what a number's ANTS status means at booking: the
 * refusal words (ants_check_refusal, what the worker records) and the
 * French message the form shows (ants_check_message), including an
 * appointment of ours (not a refusal: the platform's own rule speaks). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ants_check.h"
#include "ants_coord.h"

#define OURS "https://rdv.example.fr"

static struct ants_app app(enum ants_app_status st, const char *url)
{
	struct ants_app a;
	memset(&a, 0, sizeof(a));
	a.status = st;
	if (url) {
		a.n = 1;
		a.where[0].meeting_point = "Mairie de Lyon 3e";
		a.where[0].appointment_date = "2027-03-02 10:30:00";
		a.where[0].management_url = url;
	}
	return a;
}

static void refusals(void **state)
{
	(void)state;
	struct ants_app a = app(ANTS_APP_VALIDATED, NULL);
	assert_null(ants_check_refusal(&a, OURS));
	a = app(ANTS_APP_CONSUMED, NULL);
	assert_string_equal(ants_check_refusal(&a, OURS), "consumed");
	a = app(ANTS_APP_EXPIRED, NULL);
	assert_string_equal(ants_check_refusal(&a, OURS), "expired");
	a = app(ANTS_APP_UNKNOWN, NULL);
	assert_string_equal(ants_check_refusal(&a, OURS), "unknown");
	a = app(ANTS_APP_ERROR, NULL);
	assert_string_equal(ants_check_refusal(&a, OURS), "no status");
	/* Declared: ours only is no refusal; another editor's, or none named, is. */
	a = app(ANTS_APP_DECLARED, OURS "/rdv/ABCD2345?t=00");
	assert_null(ants_check_refusal(&a, OURS));
	a = app(ANTS_APP_DECLARED, "https://autre.example/rdv/1");
	assert_string_equal(ants_check_refusal(&a, OURS), "declared elsewhere");
	a = app(ANTS_APP_DECLARED, NULL);
	assert_string_equal(ants_check_refusal(&a, OURS), "declared elsewhere");
	/* No base URL set: nothing can be ours. */
	a = app(ANTS_APP_DECLARED, OURS "/rdv/ABCD2345?t=00");
	assert_string_equal(ants_check_refusal(&a, ""), "declared elsewhere");
	/* One of ours and one elsewhere: refused. */
	a.n = 2;
	a.where[1].management_url = "https://autre.example/rdv/2";
	assert_string_equal(ants_check_refusal(&a, OURS), "declared elsewhere");
}

static void messages(void **state)
{
	(void)state;
	struct arena *ar = arena_new();
	struct ants_app a = app(ANTS_APP_VALIDATED, NULL);
	assert_null(ants_check_message(ar, &a, OURS));
	a = app(ANTS_APP_CONSUMED, NULL);
	assert_non_null(strstr(ants_check_message(ar, &a, OURS), "déjà servi"));
	a = app(ANTS_APP_DECLARED, "https://autre.example/rdv/1");
	const char *m = ants_check_message(ar, &a, OURS);
	assert_non_null(strstr(m, "Mairie de Lyon 3e"));
	assert_non_null(strstr(m, "à 10:30"));
	assert_non_null(strstr(m, "https://autre.example/rdv/1"));
	a = app(ANTS_APP_DECLARED, OURS "/rdv/ABCD2345?t=00");
	assert_null(ants_check_message(ar, &a, OURS));
	arena_free(ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals),
		cmocka_unit_test(messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
