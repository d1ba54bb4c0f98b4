/* stats.c — see stats.h. Every query filters through the same clause so a
 * commune administrator's figures can never include another commune. */
#include "stats.h"
#include "datetime.h"
#include "i18n.h"
#include "labels.h"
#include "pickup.h"
#include "place.h"
#include "scope.h"
#include "slots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const stats_keys[] = {
	"par_jour", "par_semaine", "par_site", "par_appareil", "remplissage", "canaux",
	"communes_origine", "partenaires", "durees", "etapes", "annulations", "taux",
	"delai_reservation", "delai_prochain", "messages", "ants", "retraits", "liste_attente",
	"satisfaction", "reclamations", "urgences", "assistance_canaux", "assistance_appelants", "assistance_sujets",
	"assistance_suivi", NULL,
};
_Static_assert(ARRAY_LEN(stats_keys) == STATS_NKEYS + 1, "STATS_NKEYS counts stats_keys[]");

#define B_FROM " FROM bookings b JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id" \
	" JOIN communes c ON c.id = si.commune_id"
#define B_WHERE " WHERE b.start_utc >= ? AND b.start_utc < ? AND" SCOPE_COMMUNE_SQL("c.id") " AND (? = 0 OR si.id = ?)" \
	" AND (? = 0 OR d.id = ?) AND (? = 0 OR b.procedure_id = ?) AND (? = '' OR b.channel = ?)"
#define B_FMT "ssiiiiiiiiss"
#define B_ARGS(f) (f)->from, (f)->until, (f)->commune_id, (f)->commune_id, (f)->site_id, (f)->site_id, \
	(f)->device_id, (f)->device_id, (f)->procedure_id, (f)->procedure_id, (f)->channel, (f)->channel
#define LOCAL(x) "CONVERT_TZ(" x ", '+00:00', 'Europe/Paris')"

bool stats_period(struct stats_filter *f, const char *from_day, const char *to_day)
{
	int y1, m1, d1, y2, m2, d2;
	if (!dt_parse_ymd(from_day, &y1, &m1, &d1) || !dt_parse_ymd(to_day, &y2, &m2, &d2))
		return false;
	int span = dt_days_between(y1, m1, d1, y2, m2, d2);
	if (span < 0 || span > 3 * 366)
		return false;
	time_t a, b;
	dt_add_days(&y2, &m2, &d2, 1);
	if (!dt_local_to_utc(y1, m1, d1, 0, 0, &a) || !dt_local_to_utc(y2, m2, d2, 0, 0, &b))
		return false;
	dt_format_sql(a, f->from);
	dt_format_sql(b, f->until);
	snprintf(f->from_day, sizeof(f->from_day), "%s", from_day);
	snprintf(f->to_day, sizeof(f->to_day), "%s", to_day);
	return true;
}

static void set_cols(struct arena *a, struct stats_table *t, const char *const *cols, size_t n)
{
	t->cols = arena_alloc(a, n * sizeof(char *));
	for (size_t i = 0; i < n; i++)
		t->cols[i] = gettext(cols[i]);
	t->ncols = n;
}

static char *pct(struct arena *a, long long part, long long whole)
{
	return whole > 0 ? arena_printf(a, "%.1f", 100.0 * (double)part / (double)whole) : arena_strdup(a, "0.0");
}

bool stats_header(struct arena *a, const char *key, struct stats_table *t)
{
	static const struct {
		const char *key, *title, *chart;
		size_t ncols;
		const char *cols[11];
	} heads[] = {
		{ "par_jour", N_("Rendez-vous par jour"), "line", 3, { N_("Jour"), N_("Rendez-vous"), N_("Personnes") } },
		{ "par_semaine", N_("Rendez-vous par semaine"), "bar", 3, { N_("Semaine"), N_("Rendez-vous"), N_("Personnes") } },
		{ "par_site", N_("Rendez-vous par lieu"), "bar", 3, { N_("Commune"), N_("Lieu"), N_("Rendez-vous") } },
		{ "par_appareil", N_("Rendez-vous par appareil"), "bar", 4,
		  { N_("Commune"), N_("Lieu"), N_("Appareil"), N_("Rendez-vous") } },
		{ "remplissage", N_("Remplissage des créneaux offerts"), "bar", 4,
		  { N_("Niveau"), N_("Places offertes"), N_("Places réservées"), N_("Remplissage (%)") } },
		{ "canaux", N_("Part de chaque canal"), "pie", 3, { N_("Canal"), N_("Rendez-vous"), N_("Part (%)") } },
		{ "communes_origine", N_("Communes de résidence des demandeurs"), "bar", 4,
		  { N_("Code INSEE"), N_("Commune de résidence"), N_("Rendez-vous"), N_("Dont pris par une mairie partenaire") } },
		{ "partenaires", N_("Rendez-vous pris par les mairies partenaires"), "bar", 3,
		  { N_("Mairie partenaire"), N_("Rendez-vous pris"), N_("Personnes") } },
		{ "durees", N_("Durée des rendez-vous et attente au guichet"), "", 3,
		  { N_("Mesure"), N_("Minutes"), N_("Rendez-vous mesurés") } },
		{ "etapes", N_("Temps des étapes du pointage"), "bar", 4,
		  { N_("Lieu"), N_("Étape"), N_("Minutes après l'arrivée (moyenne)"), N_("Passages") } },
		{ "annulations", N_("Annulations et absences par semaine"), "line", 7,
		  { N_("Semaine"), N_("Rendez-vous"), N_("Annulés par la personne"), N_("Annulés par la mairie"), N_("Absences"),
		    N_("Taux d'annulation (%)"), N_("Taux d'absence (%)") } },
		{ "taux", N_("Taux d'annulation et d'absence sur la période"), "", 3, { N_("Mesure"), N_("Nombre"), N_("Taux (%)") } },
		{ "delai_reservation", N_("Délai entre la réservation et le rendez-vous"), "", 3,
		  { N_("Mesure"), N_("Jours"), N_("Rendez-vous") } },
		{ "delai_prochain", N_("Délai jusqu'au premier créneau libre, jour par jour"), "line", 4,
		  { N_("Jour"), N_("Lieu"), N_("Démarche"), N_("Délai jusqu'au premier créneau libre (jours)") } },
		{ "messages", N_("Messages envoyés"), "bar", 5,
		  { N_("Mois"), N_("Canal"), N_("Messages envoyés"), N_("Segments SMS"), N_("Coût estimé (€)") } },
		{ "ants", N_("Déclarations à l'ANTS (numéros de pré-demande)"), "bar", 5,
		  { N_("Mois"), N_("Opération"), N_("Faites"), N_("En attente"), N_("Échouées") } },
		{ "retraits", N_("Rendez-vous de retrait des titres"), "bar", 7,
		  { N_("Mois"), N_("Retraits pris"), N_("Dont proposés au dépôt"), N_("Honorés"), N_("Déplacés"),
		    N_("Annulés"), N_("Absences") } },
		{ "liste_attente", N_("Liste d'attente"), "bar", 6,
		  { N_("Mois"), N_("Inscriptions"), N_("Propositions"), N_("Propositions acceptées"), N_("Départs de la liste"),
		    N_("Inscriptions terminées sans rendez-vous") } },
		{ "satisfaction", N_("Enquête de satisfaction"), "bar", 11,
		  { N_("Mois"), N_("Commune"), N_("Lieu"), N_("Réponses"), N_("Satisfaits (%)"), N_("Moyennement satisfaits (%)"),
		    N_("Pas satisfaits (%)"), N_("Prise de rendez-vous facile (%)"), N_("Informations claires (%)"),
		    N_("Attente satisfaisante (%)"), N_("Ont dû appeler (%)") } },
		{ "reclamations", N_("Réclamations par canal et par sujet"), "bar", 6,
		  { N_("Canal"), N_("Sujet"), N_("Réclamations reçues"), N_("Répondues dans le délai"),
		    N_("Part répondue dans le délai (%)"), N_("Délai médian de réponse (jours)") } },
		{ "urgences", N_("Demandes de rendez-vous urgent faites en ligne"), "bar", 6,
		  { N_("Mois"), N_("Demandes"), N_("Accordées"), N_("Refusées"),
		    N_("Délai pour accorder, médiane (heures)"), N_("Délai pour accorder, moyenne (heures)") } },
		{ "assistance_canaux", N_("Tickets d'assistance par mois et par canal"), "bar", 3,
		  { N_("Mois"), N_("Canal"), N_("Tickets") } },
		{ "assistance_appelants", N_("Qui appelle le centre d'assistance"), "pie", 3,
		  { N_("Type d'appelant"), N_("Tickets"), N_("Part (%)") } },
		{ "assistance_sujets", N_("Tickets d'assistance par sujet"), "bar", 4,
		  { N_("Code du sujet"), N_("Sujet"), N_("Tickets"), N_("Part (%)") } },
		{ "assistance_suivi", N_("Suivi des tickets d'assistance"), "line", 6,
		  { N_("Mois"), N_("Tickets"), N_("Clos immédiatement (%)"), N_("Délégués (%)"),
		    N_("Première réponse, médiane (heures ouvrées)"), N_("Résolution, médiane (heures ouvrées)") } },
	};
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < ARRAY_LEN(heads); i++)
		if (str_eq(key, heads[i].key)) {
			t->key = heads[i].key;
			t->title = gettext(heads[i].title);
			t->chart = heads[i].chart;
			set_cols(a, t, heads[i].cols, heads[i].ncols);
			return true;
		}
	return false;
}

static size_t key_index(const char *key)
{
	size_t i = 0;
	while (stats_keys[i] && !str_eq(stats_keys[i], key))
		i++;
	return i;
}

/* Appends row i of r to t, as the columns cols of r (t->ncols of them);
 * t->cells must have room. */
static void add_row(struct stats_table *t, const struct db_res *r, size_t i, const size_t *cols)
{
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = r->cells[i * r->ncols + cols[c]];
	t->nrows++;
}

static void make_room(struct arena *a, struct stats_table *t, size_t nrows)
{
	if (t) {
		t->cells = arena_alloc(a, (nrows * t->ncols + 1) * sizeof(char *));
		t->nrows = 0;
	}
}

/* A table of rows built here, ncols each (as its header says). */
static char **cells_of(struct arena *a, struct stats_table *t, size_t nrows)
{
	t->nrows = nrows;
	t->cells = arena_alloc(a, nrows * t->ncols * sizeof(char *));
	return t->cells;
}

/* The shapes: how the rows of a group's query become its tables. Each
 * gets the group's first table (NULL when not wanted) and all of them,
 * tabs[i] for stats_keys[i]. */

/* The rows as the query gives them. */
static void as_is(struct arena *a, const struct db_res *r, struct stats_table *t, struct stats_table *const *tabs)
{
	(void)a, (void)tabs;
	t->nrows = r->nrows;
	t->cells = r->cells;
}

/* The last row of the day query, the period's: rates of its counts. */
static void rates_of(struct arena *a, const struct db_res *s, struct stats_table *rates)
{
	/* No row at all when nothing matches: every count is 0. */
	size_t last = s->nrows ? s->nrows - 1 : 0;
	long long all = db_int(s, last, 4), byp = db_int(s, last, 5), byc = db_int(s, last, 6);
	long long noshow = db_int(s, last, 7), past = db_int(s, last, 10);
	char **c = cells_of(a, rates, 3);
	c[0] = arena_strdup(a, _("Annulés par la personne"));
	c[1] = arena_printf(a, "%lld", byp);
	c[2] = pct(a, byp, all);
	c[3] = arena_strdup(a, _("Annulés par la mairie"));
	c[4] = arena_printf(a, "%lld", byc);
	c[5] = pct(a, byc, all);
	c[6] = arena_strdup(a, _("Absences (rendez-vous passés)"));
	c[7] = arena_printf(a, "%lld", noshow);
	c[8] = pct(a, noshow, past);
}

/* Day rows (with confirmed ones: par_jour), week rows with day NULL
 * (par_semaine if confirmed ones, annulations), the period's last. */
static void by_day(struct arena *a, const struct db_res *s, struct stats_table *days, struct stats_table *const *tabs)
{
	struct stats_table *weeks = tabs[key_index("par_semaine")];
	struct stats_table *cancels = tabs[key_index("annulations")], *rates = tabs[key_index("taux")];
	static const size_t dcols[] = { 1, 2, 3 }, wcols[] = { 0, 2, 3 }, ccols[] = { 0, 4, 5, 6, 7, 8, 9 };
	make_room(a, days, s->nrows);
	make_room(a, weeks, s->nrows);
	make_room(a, cancels, s->nrows);
	for (size_t i = 0; i < s->nrows; i++) {
		if (!db_val(s, i, 0))
			continue;   /* the period's totals */
		bool confirmed = db_int(s, i, 2) > 0;
		if (db_val(s, i, 1)) {
			if (days && confirmed)
				add_row(days, s, i, dcols);
		} else {
			if (weeks && confirmed)
				add_row(weeks, s, i, wcols);
			if (cancels)
				add_row(cancels, s, i, ccols);
		}
	}
	if (rates)
		rates_of(a, s, rates);
}

/* Device rows (par_appareil), then the sites' subtotals, device NULL
 * (par_site). */
static void by_site(struct arena *a, const struct db_res *s, struct stats_table *sites, struct stats_table *const *tabs)
{
	struct stats_table *devices = tabs[key_index("par_appareil")];
	static const size_t scols[] = { 2, 3, 5 }, dcols[] = { 2, 3, 4, 5 };
	make_room(a, sites, s->nrows);
	make_room(a, devices, s->nrows);
	for (size_t i = 0; i < s->nrows; i++) {
		if (!db_val(s, i, 1)) {
			if (sites)
				add_row(sites, s, i, scols);
		} else if (devices)
			add_row(devices, s, i, dcols);
	}
}

/* One row of places offered and booked per level, in enum level's order. */
static void by_level(struct arena *a, const struct db_res *s, struct stats_table *t, struct stats_table *const *tabs)
{
	(void)tabs;
	char **c = cells_of(a, t, 3);
	for (int i = 0; i < 3; i++) {
		long long cap = db_int(s, 0, (size_t)i * 2), bk = db_int(s, 0, (size_t)i * 2 + 1);
		c[i * 4] = arena_strdup(a, label_of(level_code((enum level)i)));
		c[i * 4 + 1] = arena_printf(a, "%lld", cap);
		c[i * 4 + 2] = arena_printf(a, "%lld", bk);
		c[i * 4 + 3] = pct(a, bk, cap);
	}
}

/* Mean and median of the service, then of the wait, with the number of
 * appointments measured for each. */
static void durations(struct arena *a, const struct db_res *s, struct stats_table *t, struct stats_table *const *tabs)
{
	(void)tabs;
	const char *lab[] = { _("Durée moyenne"), _("Durée médiane"), _("Attente moyenne (arrivée → début)"),
		_("Attente médiane (arrivée → début)") };
	char **c = cells_of(a, t, 4);
	for (int i = 0; i < 4; i++) {
		size_t base = i < 2 ? 0 : 3;
		c[i * 3] = arena_strdup(a, lab[i]);
		c[i * 3 + 1] = arena_strdup(a, db_val(s, 0, base + (size_t)(i % 2)));
		c[i * 3 + 2] = arena_strdup(a, db_val(s, 0, base + 2));
	}
}

static void lead_times(struct arena *a, const struct db_res *s, struct stats_table *t, struct stats_table *const *tabs)
{
	(void)tabs;
	char **c = cells_of(a, t, 2);
	c[0] = arena_strdup(a, _("Délai moyen"));
	c[1] = arena_strdup(a, db_val(s, 0, 0));
	c[2] = arena_strdup(a, db_val(s, 0, 2));
	c[3] = arena_strdup(a, _("Délai médian"));
	c[4] = arena_strdup(a, db_val(s, 0, 1));
	c[5] = arena_strdup(a, db_val(s, 0, 2));
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* One row of the complaints' table from a group of replies (days, ns of
 * them, sorted here) among n complaints, ontime of them answered in time. */
static void complaint_row(struct arena *a, char **c, const char *channel, const char *subject, long long n,
                          long long ontime, double *days, size_t nd)
{
	c[0] = (char *)channel;
	c[1] = (char *)subject;
	c[2] = arena_printf(a, "%lld", n);
	c[3] = arena_printf(a, "%lld", ontime);
	c[4] = pct(a, ontime, n);
	if (nd == 0) {
		c[5] = NULL;
		return;
	}
	qsort(days, nd, sizeof(*days), cmp_double);
	double med = nd % 2 ? days[nd / 2] : (days[nd / 2 - 1] + days[nd / 2]) / 2;
	c[5] = arena_printf(a, "%.1f", med);
}

/* The complaints of the period, one row each (channel, subject, answered
 * in time, days to the reply or NULL), ordered by channel and subject:
 * a row per channel and subject, then the period's ("total", no subject).
 * The median is taken here: MariaDB's MEDIAN is a window function only. */
static void complaints_of(struct arena *a, const struct db_res *r, struct stats_table *t,
                          struct stats_table *const *tabs)
{
	(void)tabs;
	size_t ngroups = 0;
	for (size_t i = 0; i < r->nrows; i++)
		if (i == 0 || !str_eq(db_val(r, i, 0), db_val(r, i - 1, 0)) || !str_eq(db_val(r, i, 1), db_val(r, i - 1, 1)))
			ngroups++;
	char **c = cells_of(a, t, ngroups + (r->nrows ? 1 : 0));
	double *all = arena_alloc(a, (r->nrows + 1) * sizeof(double));
	double *grp = arena_alloc(a, (r->nrows + 1) * sizeof(double));
	size_t nall = 0, row = 0;
	long long tot_ontime = 0;
	for (size_t i = 0; i < r->nrows;) {
		size_t j = i, nd = 0;
		long long ontime = 0;
		while (j < r->nrows && str_eq(db_val(r, j, 0), db_val(r, i, 0)) && str_eq(db_val(r, j, 1), db_val(r, i, 1))) {
			ontime += db_int(r, j, 2);
			if (db_val(r, j, 3)) {
				grp[nd++] = db_double(r, j, 3);
				all[nall++] = db_double(r, j, 3);
			}
			j++;
		}
		tot_ontime += ontime;
		complaint_row(a, c + row * t->ncols, r->cells[i * r->ncols], r->cells[i * r->ncols + 1],
			      (long long)(j - i), ontime, grp, nd);
		row++;
		i = j;
	}
	if (r->nrows)
		complaint_row(a, c + row * t->ncols, arena_strdup(a, "total"), NULL, (long long)r->nrows, tot_ontime,
			      all, nall);
}

/* What a query's parameters are bound from, each in its own order. */
enum source {
	BOOKINGS,    /* B_WHERE */
	SLOTS,       /* the period's slots of the commune, site, device */
	SNAPSHOTS,   /* the local days of the commune, site, procedure (delays, survey answers) */
	ANTS,        /* the period's rows of the commune (ANTS declarations, waiting list events) */
	COUNTERS,    /* the SMS price, the months of the commune */
};

/* One query per group of tables: the group's first table (its key), the
 * others its rows give, its SQL and how its rows are shaped. Tables of
 * one group come from one pass over the bookings: the subtotals (WITH
 * ROLLUP) of a group's rows are the same aggregates over the same rows
 * as a query of their own would give. */
static const struct query {
	const char *key;
	const char *also[3];
	enum source source;
	const char *sql;
	void (*shape)(struct arena *a, const struct db_res *r, struct stats_table *t, struct stats_table *const *tabs);
} queries[] = {
	/* One pass over the confirmed and cancelled appointments, by local
	 * day, then rolled up by week and over the period (see by_day).
	 * Columns: 0 week, 1 day, 2 confirmed, 3 their persons, 4 all,
	 * 5 cancelled by the person, 6 by the commune, 7 no-shows,
	 * 8 cancellation rate, 9 no-show rate, 10 confirmed and over. */
	{ "par_jour", { "par_semaine", "annulations", "taux" }, BOOKINGS,
	  "SELECT * FROM (SELECT DATE_FORMAT(x.day, '%x-S%v') AS wk, x.day, SUM(x.nc) AS nc, SUM(x.pc) AS pc,"
	  " SUM(x.n) AS n, SUM(x.byp) AS byp, SUM(x.byc) AS byc, SUM(x.ns) AS ns,"
	  " ROUND(100 * SUM(x.ncan) / SUM(x.n), 1) AS rc,"
	  " COALESCE(ROUND(100 * SUM(x.ns) / NULLIF(SUM(x.nc), 0), 1), 0) AS rn, SUM(x.past) AS past"
	  " FROM (SELECT DATE(" LOCAL("b.start_utc") ") AS day, COUNT(*) AS n, SUM(b.status = 'confirmed') AS nc,"
	  " SUM(IF(b.status = 'confirmed', b.party_size, 0)) AS pc,"
	  " SUM(b.cancelled_by <=> 'person') AS byp, SUM(b.cancelled_by <=> 'commune') AS byc,"
	  " SUM(b.attendance = 'noshow') AS ns, SUM(b.status = 'cancelled') AS ncan,"
	  " SUM(b.status = 'confirmed' AND b.end_utc < UTC_TIMESTAMP()) AS past"
	  B_FROM B_WHERE " AND b.status IN ('confirmed', 'cancelled') GROUP BY day) x"
	  " GROUP BY wk, x.day WITH ROLLUP) r ORDER BY r.wk IS NULL, r.wk, r.day", by_day },
	/* Device rows, then the sites' subtotals (device NULL). */
	{ "par_site", { "par_appareil" }, BOOKINGS,
	  "SELECT * FROM (SELECT x.sid, x.did, x.cname, x.sname, x.dname, SUM(x.n) AS n FROM"
	  " (SELECT si.id AS sid, d.id AS did, c.name AS cname, si.name AS sname, d.name AS dname, COUNT(*) AS n"
	  B_FROM B_WHERE " AND b.status = 'confirmed' GROUP BY d.id) x GROUP BY x.sid, x.did WITH ROLLUP) r"
	  " WHERE r.sid IS NOT NULL ORDER BY r.cname, r.sname, r.dname", by_site },
	{ "remplissage", { NULL }, SLOTS,
	  "SELECT COALESCE(SUM(s.cap_regular), 0), COALESCE(SUM(s.booked_regular), 0),"
	  " COALESCE(SUM(s.cap_urgent), 0), COALESCE(SUM(s.booked_urgent), 0),"
	  " COALESCE(SUM(s.cap_extreme), 0), COALESCE(SUM(s.booked_extreme), 0)"
	  " FROM slots s JOIN devices d ON d.id = s.device_id JOIN sites si ON si.id = d.site_id"
	  " WHERE s.start_utc >= ? AND s.start_utc < ? AND" SCOPE_COMMUNE_SQL("si.commune_id")
	  " AND (? = 0 OR si.id = ?) AND (? = 0 OR d.id = ?)", by_level },
	{ "canaux", { NULL }, BOOKINGS,
	  "SELECT b.channel, COUNT(*), ROUND(100 * COUNT(*) / SUM(COUNT(*)) OVER (), 1)" B_FROM B_WHERE
	  " AND b.status = 'confirmed' GROUP BY b.channel ORDER BY COUNT(*) DESC, b.channel", as_is },
	/* Counted first, then named: one look-up per home commune, not per
	 * appointment. */
	{ "communes_origine", { NULL }, BOOKINGS,
	  "SELECT x.home_insee, COALESCE(rc.name, '?'), x.n, x.np FROM"
	  " (SELECT b.home_insee, COUNT(*) AS n, SUM(b.partner_commune_id IS NOT NULL) AS np" B_FROM B_WHERE
	  " AND b.status = 'confirmed' GROUP BY b.home_insee) x LEFT JOIN ref_communes rc ON rc.insee = x.home_insee"
	  " ORDER BY x.n DESC, rc.name, x.home_insee LIMIT 500", as_is },
	{ "partenaires", { NULL }, BOOKINGS,
	  "SELECT pc.name, COUNT(*), SUM(b.party_size)" B_FROM
	  " JOIN communes pc ON pc.id = b.partner_commune_id" B_WHERE " AND b.status = 'confirmed'"
	  " GROUP BY pc.id ORDER BY COUNT(*) DESC, pc.name", as_is },
	/* Both measures in one pass: TIMESTAMPDIFF is NULL when a time is
	 * missing, and AVG, MEDIAN and COUNT(x) skip NULLs, so each keeps to
	 * the appointments that have both of its times. */
	{ "durees", { NULL }, BOOKINGS,
	  "SELECT ROUND(AVG(x) / 60, 1), ROUND(MAX(mx) / 60, 1), COUNT(x),"
	  " ROUND(AVG(y) / 60, 1), ROUND(MAX(my) / 60, 1), COUNT(y) FROM"
	  " (SELECT TIMESTAMPDIFF(SECOND, b.started_utc, b.finished_utc) AS x,"
	  "  MEDIAN(TIMESTAMPDIFF(SECOND, b.started_utc, b.finished_utc)) OVER () AS mx,"
	  "  TIMESTAMPDIFF(SECOND, b.arrived_utc, b.started_utc) AS y,"
	  "  MEDIAN(TIMESTAMPDIFF(SECOND, b.arrived_utc, b.started_utc)) OVER () AS my"
	  B_FROM B_WHERE " AND b.started_utc IS NOT NULL AND (b.finished_utc IS NOT NULL OR b.arrived_utc IS NOT NULL)) t",
	  durations },
	{ "etapes", { NULL }, BOOKINGS,
	  "SELECT si.name, bs.name, ROUND(AVG(TIMESTAMPDIFF(SECOND, b.arrived_utc, bs.at_utc)) / 60, 1),"
	  " COUNT(*)" B_FROM " JOIN booking_steps bs ON bs.booking_id = b.id" B_WHERE
	  " AND b.arrived_utc IS NOT NULL GROUP BY si.id, bs.position, bs.name ORDER BY si.name, bs.position", as_is },
	{ "delai_reservation", { NULL }, BOOKINGS,
	  "SELECT ROUND(AVG(x), 1), ROUND(MAX(med), 1), COUNT(*) FROM"
	  " (SELECT TIMESTAMPDIFF(MINUTE, b.created_utc, b.start_utc) / 1440 AS x,"
	  "  MEDIAN(TIMESTAMPDIFF(MINUTE, b.created_utc, b.start_utc) / 1440) OVER () AS med"
	  B_FROM B_WHERE " AND b.status = 'confirmed') t", lead_times },
	/* NULL: nothing free over the horizon (the page says so). */
	{ "delai_prochain", { NULL }, SNAPSHOTS,
	  "SELECT ds.day, si.name, p.code, ROUND(ds.delay_hours / 24, 1) FROM delay_snapshots ds"
	  " JOIN sites si ON si.id = ds.site_id JOIN procedures p ON p.id = ds.procedure_id"
	  " WHERE ds.day >= ? AND ds.day <= ? AND" SCOPE_COMMUNE_SQL("si.commune_id") " AND (? = 0 OR si.id = ?)"
	  " AND (? = 0 OR ds.procedure_id = ?) ORDER BY ds.day, si.name, p.code", as_is },
	/* From the monthly counters the worker keeps (outlive the outbox). */
	{ "messages", { NULL }, COUNTERS,
	  "SELECT DATE_FORMAT(m.month, '%Y-%m'), m.channel, SUM(m.sent),"
	  " SUM(IF(m.channel = 'sms', m.segments, 0)), ROUND(SUM(IF(m.channel = 'sms', m.segments, 0)) * ?, 2)"
	  " FROM message_counts m WHERE m.month >= DATE_FORMAT(?, '%Y-%m-01') AND m.month <= ?"
	  " AND" SCOPE_COMMUNE_SQL("m.commune_id") " GROUP BY m.month, m.channel ORDER BY m.month, m.channel", as_is },
	/* Per month queued and operation (create: declared, delete: withdrawn). */
	{ "ants", { NULL }, ANTS,
	  "SELECT DATE_FORMAT(q.created_utc, '%Y-%m') AS mo, q.op, SUM(q.status = 'done'),"
	  " SUM(q.status IN ('pending', 'sending')), SUM(q.status = 'failed') FROM ants_queue q"
	  " WHERE q.created_utc >= ? AND q.created_utc < ? AND" SCOPE_COMMUNE_SQL("q.commune_id")
	  " GROUP BY mo, q.op ORDER BY mo, q.op", as_is },
	/* The pickups (retrait) per local month of the appointment: taken,
	 * proposed at filing (linked to it), kept (the person came), moved
	 * at least once, cancelled, no-shows. */
	{ "retraits", { NULL }, BOOKINGS,
	  "SELECT DATE_FORMAT(" LOCAL("b.start_utc") ", '%Y-%m') AS mo, COUNT(*), SUM(b.pickup_for IS NOT NULL),"
	  " SUM(b.attendance IN ('arrived', 'started', 'finished')), SUM(b.moved_count > 0),"
	  " SUM(b.status = 'cancelled'), SUM(b.attendance = 'noshow')"
	  B_FROM " JOIN procedures p ON p.id = b.procedure_id" B_WHERE " AND p.code = '" PICKUP_PROCEDURE "'"
	  " AND b.status IN ('confirmed', 'cancelled') GROUP BY mo ORDER BY mo", as_is },
	/* The waiting list's events per month (they outlive the entries). */
	{ "liste_attente", { NULL }, ANTS,
	  "SELECT DATE_FORMAT(e.at_utc, '%Y-%m') AS mo, SUM(e.kind = 'joined'), SUM(e.kind = 'offered'),"
	  " SUM(e.kind = 'taken'), SUM(e.kind = 'left'), SUM(e.kind = 'expired') FROM waitlist_events e"
	  " WHERE e.at_utc >= ? AND e.at_utc < ? AND" SCOPE_COMMUNE_SQL("e.commune_id") " GROUP BY mo ORDER BY mo", as_is },
	/* The survey's answers per month of the appointment and site (the
	 * answers hold no day: the period takes whole months). The shares
	 * of the best answer of each question, and of those who called. */
	{ "satisfaction", { NULL }, SNAPSHOTS,
	  "SELECT DATE_FORMAT(sa.month, '%Y-%m') AS mo, c.name, si.name, COUNT(*),"
	  " ROUND(100 * SUM(sa.overall = 1) / COUNT(*), 1), ROUND(100 * SUM(sa.overall = 2) / COUNT(*), 1),"
	  " ROUND(100 * SUM(sa.overall = 3) / COUNT(*), 1), ROUND(100 * SUM(sa.ease = 1) / COUNT(*), 1),"
	  " ROUND(100 * SUM(sa.clarity = 1) / COUNT(*), 1), ROUND(100 * SUM(sa.waiting = 1) / COUNT(*), 1),"
	  " ROUND(100 * SUM(sa.called) / COUNT(*), 1)"
	  " FROM survey_answers sa JOIN sites si ON si.id = sa.site_id JOIN communes c ON c.id = sa.commune_id"
	  " WHERE sa.month >= DATE_FORMAT(?, '%Y-%m-01') AND sa.month <= ? AND" SCOPE_COMMUNE_SQL("sa.commune_id")
	  " AND (? = 0 OR si.id = ?) AND (? = 0 OR sa.procedure_id = ?)"
	  " GROUP BY mo, c.id, c.name, si.id, si.name ORDER BY mo, c.name, si.name", as_is },
	/* The complaints received in the period (complaints_of groups them;
	 * the rows outlive the purge of the person's data). */
	{ "reclamations", { NULL }, ANTS,
	  "SELECT c.channel, s.label, (c.answered_utc IS NOT NULL AND c.answered_utc <= c.deadline_utc),"
	  " IF(c.answered_utc IS NULL, NULL, TIMESTAMPDIFF(MINUTE, c.received_utc, c.answered_utc) / 1440)"
	  " FROM complaints c LEFT JOIN complaint_subjects s ON s.id = c.subject_id"
	  " WHERE c.received_utc >= ? AND c.received_utc < ? AND" SCOPE_COMMUNE_SQL("c.commune_id")
	  " AND c.status <> 'pending_code' ORDER BY c.channel, s.label IS NULL, s.label", complaints_of },
	/* The urgent requests confirmed online, per month they were sent:
	 * granted, refused, and the hours from sending to the grant (median
	 * and average of the granted ones). Their rows outlive the purge of
	 * their personal data. */
	{ "urgences", { NULL }, ANTS,
	  "SELECT t.mo, COUNT(*), SUM(t.status = 'granted'), SUM(t.status = 'refused'),"
	  " COALESCE(ROUND(MAX(t.med), 1), 0), COALESCE(ROUND(AVG(t.h), 1), 0) FROM"
	  " (SELECT DATE_FORMAT(" LOCAL("u.submitted_utc") ", '%Y-%m') AS mo, u.status,"
	  "  IF(u.status = 'granted', TIMESTAMPDIFF(MINUTE, u.submitted_utc, u.decided_utc) / 60, NULL) AS h,"
	  "  MEDIAN(IF(u.status = 'granted', TIMESTAMPDIFF(MINUTE, u.submitted_utc, u.decided_utc) / 60, NULL))"
	  "   OVER (PARTITION BY DATE_FORMAT(" LOCAL("u.submitted_utc") ", '%Y-%m')) AS med"
	  "  FROM urgency_requests u WHERE u.submitted_utc >= ? AND u.submitted_utc < ? AND"
	  SCOPE_COMMUNE_SQL("u.commune_id") ") t GROUP BY t.mo ORDER BY t.mo", as_is },
	/* The help desk's tickets (sql/025) by the local month they were
	 * opened; a commune's figures are the tickets about it. The delays
	 * are the opening-hours seconds stored when they happened. */
	{ "assistance_canaux", { NULL }, ANTS,
	  "SELECT DATE_FORMAT(" LOCAL("t.created_utc") ", '%Y-%m') AS mo, t.channel, COUNT(*) FROM hd_tickets t"
	  " WHERE t.created_utc >= ? AND t.created_utc < ? AND" SCOPE_COMMUNE_SQL("t.commune_id")
	  " GROUP BY mo, t.channel ORDER BY mo, t.channel", as_is },
	{ "assistance_appelants", { NULL }, ANTS,
	  "SELECT t.caller_type, COUNT(*), ROUND(100 * COUNT(*) / SUM(COUNT(*)) OVER (), 1) FROM hd_tickets t"
	  " WHERE t.created_utc >= ? AND t.created_utc < ? AND" SCOPE_COMMUNE_SQL("t.commune_id")
	  " GROUP BY t.caller_type ORDER BY COUNT(*) DESC, t.caller_type", as_is },
	{ "assistance_sujets", { NULL }, ANTS,
	  "SELECT tp.code, tp.name, COUNT(*), ROUND(100 * COUNT(*) / SUM(COUNT(*)) OVER (), 1) FROM hd_tickets t"
	  " JOIN hd_topics tp ON tp.id = t.topic_id"
	  " WHERE t.created_utc >= ? AND t.created_utc < ? AND" SCOPE_COMMUNE_SQL("t.commune_id")
	  " GROUP BY tp.id ORDER BY COUNT(*) DESC, tp.code", as_is },
	{ "assistance_suivi", { NULL }, ANTS,
	  "SELECT mo, COUNT(*), ROUND(100 * SUM(o = 'closed_at_once') / COUNT(*), 1), ROUND(100 * SUM(o = 'delegated') / COUNT(*), 1),"
	  " ROUND(MAX(mf) / 3600, 2), ROUND(MAX(mr) / 3600, 2) FROM"
	  " (SELECT DATE_FORMAT(" LOCAL("t.created_utc") ", '%Y-%m') AS mo, t.outcome AS o,"
	  "  MEDIAN(t.first_answer_bs) OVER (PARTITION BY DATE_FORMAT(" LOCAL("t.created_utc") ", '%Y-%m')) AS mf,"
	  "  MEDIAN(t.resolution_bs) OVER (PARTITION BY DATE_FORMAT(" LOCAL("t.created_utc") ", '%Y-%m')) AS mr"
	  "  FROM hd_tickets t WHERE t.created_utc >= ? AND t.created_utc < ? AND" SCOPE_COMMUNE_SQL("t.commune_id") ") x"
	  " GROUP BY mo ORDER BY mo", as_is },
};

static const struct query *query_of(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(queries); i++)
		if (str_eq(queries[i].key, key))
			return &queries[i];
	return NULL;
}

/* The first table of key's group: the one whose query computes it. */
static const char *leader(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(queries); i++)
		for (size_t j = 0; j < ARRAY_LEN(queries[i].also) && queries[i].also[j]; j++)
			if (str_eq(queries[i].also[j], key))
				return queries[i].key;
	return key;
}

/* Runs q with the filter's values bound in its source's order. */
static long long run(struct arena *a, struct db_res *r, const struct query *q, const struct stats_filter *f)
{
	switch (q->source) {
	case BOOKINGS:
		return db_exec(a, r, q->sql, B_FMT, B_ARGS(f));
	case SLOTS:
		return db_exec(a, r, q->sql, "ssiiiiii", f->from, f->until, f->commune_id, f->commune_id,
			       f->site_id, f->site_id, f->device_id, f->device_id);
	case SNAPSHOTS:
		return db_exec(a, r, q->sql, "ssiiiiii", f->from_day, f->to_day, f->commune_id, f->commune_id,
			       f->site_id, f->site_id, f->procedure_id, f->procedure_id);
	case COUNTERS:
		return db_exec(a, r, q->sql, "dssii", f->sms_price, f->from_day, f->to_day, f->commune_id, f->commune_id);
	case ANTS:
		return db_exec(a, r, q->sql, "ssii", f->from, f->until, f->commune_id, f->commune_id);
	}
	return -1;
}

bool stats_shape(struct arena *a, const char *key, const struct db_res *r, struct stats_table *const *tabs)
{
	const struct query *q = query_of(key);
	if (!q)
		return false;
	q->shape(a, r, tabs[key_index(key)], tabs);
	return true;
}

/* Computes the tables of key's group that tabs asks for (tabs[i] for
 * stats_keys[i], NULL when not wanted, header already set). */
static bool compute(struct arena *a, const char *key, const struct stats_filter *f, struct stats_table *const *tabs)
{
	const struct query *q = query_of(key);
	struct db_res r;
	if (!q || run(a, &r, q, f) < 0)
		return false;
	return stats_shape(a, key, &r, tabs);
}

bool stats_table(struct arena *a, const char *key, const struct stats_filter *f, struct stats_table *t)
{
	if (!stats_header(a, key, t))
		return false;
	struct stats_table *tabs[STATS_NKEYS] = { 0 };
	tabs[key_index(key)] = t;
	return compute(a, leader(key), f, tabs);
}

size_t stats_tables(struct arena *a, const struct stats_filter *f, struct stats_table *out, bool *ok)
{
	struct stats_table *tabs[STATS_NKEYS];
	for (size_t i = 0; i < STATS_NKEYS; i++) {
		stats_header(a, stats_keys[i], &out[i]);
		tabs[i] = &out[i];
	}
	for (size_t i = 0; i < STATS_NKEYS; i++)
		if (str_eq(leader(stats_keys[i]), stats_keys[i])) {
			bool done = compute(a, stats_keys[i], f, tabs);
			for (size_t j = 0; j < STATS_NKEYS; j++)
				if (str_eq(leader(stats_keys[j]), stats_keys[i]))
					ok[j] = done;
		}
	return STATS_NKEYS;
}

const char *const stats_booking_cols[] = {
	N_("Référence"), N_("Début (heure locale)"), N_("État"), N_("Démarche"), N_("Personnes"), N_("Canal"),
	N_("Niveau"), N_("Commune"), N_("Lieu"), N_("Appareil"), N_("Commune de résidence (INSEE)"),
	N_("Mairie partenaire"), N_("Présence"), N_("Réservé le (UTC)"), N_("Annulé par"),
};

long long stats_stream_bookings(const struct stats_filter *f, db_row_fn fn, void *ctx)
{
	return db_stream(fn, ctx, "SELECT b.ref, DATE_FORMAT(" LOCAL("b.start_utc") ", '%Y-%m-%d %H:%i'), b.status,"
			 " p.code, b.party_size, b.channel, b.level, c.name, si.name, d.name, b.home_insee, pc.name,"
			 " b.attendance, b.created_utc, b.cancelled_by"
			 B_FROM " JOIN procedures p ON p.id = b.procedure_id LEFT JOIN communes pc ON pc.id = b.partner_commune_id"
			 B_WHERE " AND b.status IN ('confirmed', 'cancelled') ORDER BY b.start_utc, b.id", B_FMT, B_ARGS(f));
}

size_t stats_current_delays(struct arena *a, const char *lang, bool titles_only, struct delay_row **out)
{
	*out = NULL;
	struct procedure_info *procs;
	size_t np = place_procedures(a, lang, &procs);
	size_t cap = 64, n = 0;
	struct delay_row *rows = arena_alloc(a, cap * sizeof(*rows));
	time_t now = time(NULL);
	for (size_t p = 0; p < np; p++) {
		/* Titles: the procedures that need a capture device. */
		if (titles_only && !procs[p].needs_predemande && !str_eq(procs[p].code, "RETRAIT"))
			continue;
		struct site_hit *h;
		bool stale;
		size_t nh = place_sites(a, procs[p].id, 1, false, 0, 0, 1000, &h, &stale);
		if (stale)      /* the catalog changed meanwhile: once more */
			nh = place_sites(a, procs[p].id, 1, false, 0, 0, 1000, &h, &stale);
		for (size_t i = 0; i < nh; i++) {
			if (n == cap) {
				struct delay_row *nr = arena_alloc(a, cap * 2 * sizeof(*rows));
				memcpy(nr, rows, cap * sizeof(*rows));
				rows = nr;
				cap *= 2;
			}
			struct delay_row *d = &rows[n++];
			d->site_id = h[i].site_id;
			d->procedure_id = procs[p].id;
			d->site_name = h[i].name;
			d->commune_name = h[i].commune_name;
			d->procedure_name = procs[p].name;
			d->has_free = h[i].has_free;
			d->earliest = h[i].earliest;
			d->days = h[i].has_free ? (double)(h[i].earliest - now) / 86400.0 : -1;
		}
	}
	*out = rows;
	return n;
}

long stats_snapshot_delays(struct arena *a)
{
	struct delay_row *d;
	size_t n = stats_current_delays(a, "fr", false, &d);
	int y, m, dd;
	dt_today_local(&y, &m, &dd);
	char day[11];
	snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, dd);
	for (size_t i = 0; i < n; i++)
		if (db_exec(a, NULL, "INSERT INTO delay_snapshots (day, site_id, procedure_id, delay_hours)"
			    " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE delay_hours = VALUES(delay_hours)",
			    "siis", day, d[i].site_id, d[i].procedure_id,
			    d[i].has_free ? arena_printf(a, "%ld", (long)(d[i].days * 24 + 0.5)) : NULL) < 0)
			return -1;
	return (long)n;
}

static struct stats_choice *choices_of(struct arena *a, const struct db_res *q, size_t *n)
{
	struct stats_choice *v = arena_alloc(a, (q->nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q->nrows; i++) {
		v[i].id = db_int(q, i, 0);
		v[i].name = db_val(q, i, 1);
	}
	*n = q->nrows;
	return v;
}

bool stats_choices(struct arena *a, const struct scope *s, const char *lang, struct stats_choices *out)
{
	struct db_res c, si, d, p;
	memset(out, 0, sizeof(*out));
	if (db_exec(a, &c, "SELECT id, name FROM communes WHERE equipped = 1 AND" SCOPE_COMMUNE_SQL("id")
		    " ORDER BY name", SCOPE_COMMUNE_FMT, SCOPE_COMMUNE_ARGS(s)) < 0 ||
	    db_exec(a, &si, "SELECT id, name FROM sites WHERE" SCOPE_COMMUNE_SQL("commune_id") " ORDER BY name",
		    SCOPE_COMMUNE_FMT, SCOPE_COMMUNE_ARGS(s)) < 0 ||
	    db_exec(a, &d, "SELECT d.id, CONCAT(d.name, ' — ', si.name) FROM devices d JOIN sites si ON si.id = d.site_id"
		    " WHERE" SCOPE_COMMUNE_SQL("si.commune_id") " ORDER BY si.name, d.name",
		    SCOPE_COMMUNE_FMT, SCOPE_COMMUNE_ARGS(s)) < 0 ||
	    db_exec(a, &p, "SELECT id, IF(? = 'en', name_en, name_fr) FROM procedures ORDER BY sort_order", "s", lang) < 0)
		return false;
	out->communes = choices_of(a, &c, &out->ncommunes);
	out->sites = choices_of(a, &si, &out->nsites);
	out->devices = choices_of(a, &d, &out->ndevices);
	out->procedures = choices_of(a, &p, &out->nprocedures);
	return true;
}
