/* test_stats.c — unit tests of the pure half of stats.c: how the rows of
 * each group's query become its tables (stats_shape: the day query's
 * days, weeks, cancellations and rates; the sites and their devices; the
 * fill per level; durations; lead times; tables taken as they are), with
 * the headers of stats_header, and the period's bounds (stats_period). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "datetime.h"
#include "stats.h"

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

/* A result of nrows rows of ncols cells (NULL for SQL NULL), as db_exec
 * would give. */
static struct db_res rows_of(struct arena *a, size_t ncols, size_t nrows, const char *const *cells)
{
	struct db_res r = { nrows, ncols, arena_alloc(a, (nrows * ncols + 1) * sizeof(char *)) };
	for (size_t i = 0; i < nrows * ncols; i++)
		r.cells[i] = arena_strdup(a, cells[i]);
	return r;
}

/* Every table with its header, all wanted: tabs[i] is &out[i]. */
static void all_tables(struct arena *a, struct stats_table *out, struct stats_table **tabs)
{
	for (size_t i = 0; i < STATS_NKEYS; i++) {
		assert_true(stats_header(a, stats_keys[i], &out[i]));
		tabs[i] = &out[i];
	}
}

static size_t index_of(const char *key)
{
	for (size_t i = 0; i < STATS_NKEYS; i++)
		if (strcmp(stats_keys[i], key) == 0)
			return i;
	fail_msg("no table %s", key);
	return 0;
}

/* Table t has the rows want (row-major, t->ncols each, NULL for none). */
static void table_is(const struct stats_table *t, size_t nrows, const char *const *want)
{
	assert_int_equal(t->nrows, nrows);
	for (size_t i = 0; i < nrows * t->ncols; i++) {
		if (!want[i]) {
			assert_null(t->cells[i]);
			continue;
		}
		if (!t->cells[i])
			fail_msg("%s: cell %zu is NULL, not %s", t->key, i, want[i]);
		assert_string_equal(t->cells[i], want[i]);
	}
}

static void test_headers(void **state)
{
	struct arena *a = *state;
	struct stats_table t;
	assert_true(stats_header(a, "annulations", &t));
	assert_string_equal(t.key, "annulations");
	assert_string_equal(t.title, "Annulations et absences par semaine");
	assert_string_equal(t.chart, "line");
	assert_int_equal(t.ncols, 7);
	assert_string_equal(t.cols[0], "Semaine");
	assert_string_equal(t.cols[6], "Taux d'absence (%)");
	assert_int_equal(t.nrows, 0);
	assert_false(stats_header(a, "rendez-vous", &t));
	/* Every key has its header. */
	for (size_t i = 0; i < STATS_NKEYS; i++)
		assert_true(stats_header(a, stats_keys[i], &t));
}

/* The day query's rows: week, day, confirmed, their persons, all,
 * cancelled by the person, by the commune, no-shows, cancellation rate,
 * no-show rate, confirmed and over; days, then the week (day NULL), the
 * period (week NULL) last. */
static const char *const DAY_ROWS[] = {
	"2024-S10", "2024-03-04", "2", "3", "3", "1", "0", "0", "33.3", "0.0", "2",
	"2024-S10", "2024-03-05", "0", "0", "1", "0", "1", "0", "100.0", "0.0", "0",
	"2024-S10", NULL, "2", "3", "4", "1", "1", "0", "50.0", "0.0", "2",
	"2024-S11", "2024-03-12", "1", "1", "2", "1", "0", "1", "50.0", "100.0", "1",
	"2024-S11", NULL, "1", "1", "2", "1", "0", "1", "50.0", "100.0", "1",
	"2024-S12", "2024-03-18", "0", "0", "1", "1", "0", "0", "100.0", "0", "0",
	"2024-S12", NULL, "0", "0", "1", "1", "0", "0", "100.0", "0", "0",
	NULL, NULL, "3", "4", "7", "3", "1", "1", "57.1", "33.3", "3",
};

static void test_days_weeks_cancellations_rates(void **state)
{
	struct arena *a = *state;
	struct stats_table out[STATS_NKEYS], *tabs[STATS_NKEYS];
	all_tables(a, out, tabs);
	struct db_res r = rows_of(a, 11, 8, DAY_ROWS);
	assert_true(stats_shape(a, "par_jour", &r, tabs));
	/* Days and weeks with confirmed appointments only... */
	table_is(&out[index_of("par_jour")], 2, (const char *const[]){ "2024-03-04", "2", "3", "2024-03-12", "1", "1" });
	table_is(&out[index_of("par_semaine")], 2, (const char *const[]){ "2024-S10", "2", "3", "2024-S11", "1", "1" });
	/* ...cancellations every week that had any appointment. */
	table_is(&out[index_of("annulations")], 3, (const char *const[]){
		"2024-S10", "4", "1", "1", "0", "50.0", "0.0",
		"2024-S11", "2", "1", "0", "1", "50.0", "100.0",
		"2024-S12", "1", "1", "0", "0", "100.0", "0",
	});
	/* The period's rates: of all appointments, no-shows of past ones. */
	table_is(&out[index_of("taux")], 3, (const char *const[]){
		"Annulés par la personne", "3", "42.9",
		"Annulés par la mairie", "1", "14.3",
		"Absences (rendez-vous passés)", "1", "33.3",
	});
}

static void test_days_one_table_wanted(void **state)
{
	struct arena *a = *state;
	struct stats_table *tabs[STATS_NKEYS] = { 0 }, rates;
	assert_true(stats_header(a, "taux", &rates));
	tabs[index_of("taux")] = &rates;
	struct db_res r = rows_of(a, 11, 8, DAY_ROWS);
	assert_true(stats_shape(a, "par_jour", &r, tabs));
	assert_int_equal(rates.nrows, 3);
	assert_string_equal(rates.cells[1], "3");
}

static void test_days_nothing(void **state)
{
	struct arena *a = *state;
	struct stats_table out[STATS_NKEYS], *tabs[STATS_NKEYS];
	all_tables(a, out, tabs);
	struct db_res r = { 0, 11, NULL };
	assert_true(stats_shape(a, "par_jour", &r, tabs));
	assert_int_equal(out[index_of("par_jour")].nrows, 0);
	assert_int_equal(out[index_of("par_semaine")].nrows, 0);
	assert_int_equal(out[index_of("annulations")].nrows, 0);
	/* No row at all: every count is 0, and so is every rate. */
	table_is(&out[index_of("taux")], 3, (const char *const[]){
		"Annulés par la personne", "0", "0.0",
		"Annulés par la mairie", "0", "0.0",
		"Absences (rendez-vous passés)", "0", "0.0",
	});
}

static void test_sites_and_devices(void **state)
{
	struct arena *a = *state;
	struct stats_table out[STATS_NKEYS], *tabs[STATS_NKEYS];
	all_tables(a, out, tabs);
	/* site, device, commune, site, device names, count; subtotals with
	 * device NULL. */
	struct db_res r = rows_of(a, 6, 5, (const char *const[]){
		"1", NULL, "Annecy", "Hôtel de ville", NULL, "8",
		"1", "1", "Annecy", "Hôtel de ville", "DR 1", "5",
		"1", "2", "Annecy", "Hôtel de ville", "DR 2", "3",
		"2", NULL, "Annecy", "Seynod", NULL, "1",
		"2", "3", "Annecy", "Seynod", "DR 3", "1",
	});
	assert_true(stats_shape(a, "par_site", &r, tabs));
	table_is(&out[index_of("par_site")], 2, (const char *const[]){
		"Annecy", "Hôtel de ville", "8", "Annecy", "Seynod", "1",
	});
	table_is(&out[index_of("par_appareil")], 3, (const char *const[]){
		"Annecy", "Hôtel de ville", "DR 1", "5",
		"Annecy", "Hôtel de ville", "DR 2", "3",
		"Annecy", "Seynod", "DR 3", "1",
	});
	/* The devices alone. */
	struct stats_table *only[STATS_NKEYS] = { 0 };
	only[index_of("par_appareil")] = &out[index_of("par_appareil")];
	assert_true(stats_shape(a, "par_site", &r, only));
	assert_int_equal(out[index_of("par_appareil")].nrows, 3);
}

static void test_fill_per_level(void **state)
{
	struct arena *a = *state;
	struct stats_table out[STATS_NKEYS], *tabs[STATS_NKEYS];
	all_tables(a, out, tabs);
	struct db_res r = rows_of(a, 6, 1, (const char *const[]){ "40", "10", "3", "3", "0", "0" });
	assert_true(stats_shape(a, "remplissage", &r, tabs));
	table_is(&out[index_of("remplissage")], 3, (const char *const[]){
		"normal", "40", "10", "25.0",
		"urgence", "3", "3", "100.0",
		"extrême urgence", "0", "0", "0.0",
	});
}

static void test_durations(void **state)
{
	struct arena *a = *state;
	struct stats_table out[STATS_NKEYS], *tabs[STATS_NKEYS];
	all_tables(a, out, tabs);
	/* mean, median, count of the service; the same of the wait. */
	struct db_res r = rows_of(a, 6, 1, (const char *const[]){ "30.0", "20.0", "3", NULL, NULL, "0" });
	assert_true(stats_shape(a, "durees", &r, tabs));
	table_is(&out[index_of("durees")], 4, (const char *const[]){
		"Durée moyenne", "30.0", "3",
		"Durée médiane", "20.0", "3",
		"Attente moyenne (arrivée → début)", NULL, "0",
		"Attente médiane (arrivée → début)", NULL, "0",
	});
}

static void test_lead_times(void **state)
{
	struct arena *a = *state;
	struct stats_table out[STATS_NKEYS], *tabs[STATS_NKEYS];
	all_tables(a, out, tabs);
	struct db_res r = rows_of(a, 3, 1, (const char *const[]){ "10.2", "9.4", "13" });
	assert_true(stats_shape(a, "delai_reservation", &r, tabs));
	table_is(&out[index_of("delai_reservation")], 2, (const char *const[]){
		"Délai moyen", "10.2", "13", "Délai médian", "9.4", "13",
	});
}

static void test_as_they_are(void **state)
{
	struct arena *a = *state;
	struct stats_table out[STATS_NKEYS], *tabs[STATS_NKEYS];
	all_tables(a, out, tabs);
	struct db_res r = rows_of(a, 3, 2, (const char *const[]){ "web", "3", "75.0", "phone", "1", "25.0" });
	static const char *const plain[] = {
		"canaux", "communes_origine", "partenaires", "etapes", "delai_prochain", "messages",
	};
	for (size_t k = 0; k < sizeof(plain) / sizeof(plain[0]); k++) {
		assert_true(stats_shape(a, plain[k], &r, tabs));
		assert_int_equal(out[index_of(plain[k])].nrows, 2);
		assert_ptr_equal(out[index_of(plain[k])].cells, r.cells);
	}
}

static void test_groups(void **state)
{
	struct arena *a = *state;
	struct stats_table out[STATS_NKEYS], *tabs[STATS_NKEYS];
	all_tables(a, out, tabs);
	struct db_res r = { 0, 3, NULL };
	/* Tables computed by another's query have no query of their own. */
	static const char *const followers[] = { "par_semaine", "annulations", "taux", "par_appareil", "nope" };
	for (size_t k = 0; k < sizeof(followers) / sizeof(followers[0]); k++)
		assert_false(stats_shape(a, followers[k], &r, tabs));
}

static void test_period(void **state)
{
	(void)state;
	struct stats_filter f;
	memset(&f, 0, sizeof(f));
	/* Local days: winter time, then across the change to summer time. */
	assert_true(stats_period(&f, "2024-03-04", "2024-03-17"));
	assert_string_equal(f.from, "2024-03-03 23:00:00");
	assert_string_equal(f.until, "2024-03-17 23:00:00");
	assert_string_equal(f.from_day, "2024-03-04");
	assert_string_equal(f.to_day, "2024-03-17");
	assert_true(stats_period(&f, "2024-03-30", "2024-03-31"));
	assert_string_equal(f.from, "2024-03-29 23:00:00");
	assert_string_equal(f.until, "2024-03-31 22:00:00");
	assert_true(stats_period(&f, "2024-01-01", "2024-01-01"));
	assert_true(stats_period(&f, "2021-01-01", "2023-12-31"));   /* 3 years */
	assert_false(stats_period(&f, "2020-01-01", "2023-12-31"));
	assert_false(stats_period(&f, "2024-03-05", "2024-03-04"));
	assert_false(stats_period(&f, "2024-02-30", "2024-03-04"));
	assert_false(stats_period(&f, "04/03/2024", "2024-03-04"));
}

int main(void)
{
	dt_init("Europe/Paris");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_headers, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_days_weeks_cancellations_rates, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_days_one_table_wanted, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_days_nothing, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_sites_and_devices, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_fill_per_level, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_durations, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_lead_times, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_as_they_are, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_groups, arena_setup, arena_teardown),
		cmocka_unit_test(test_period),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
