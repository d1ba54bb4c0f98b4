/* stats.c — the statistics section (creneau-stats, under /stats/), for
 * commune administrators (their commune) and the platform administrator
 * (every commune, or one at a time): figures over a period and filters,
 * each as a chart and an accessible table, each exportable as CSV. */
#include "auth.h"
#include "config.h"
#include "audit.h"
#include "csv.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "log.h"
#include "page.h"
#include "scope.h"
#include "server.h"
#include "stats.h"
#include "validate.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R_ADMINS ((1u << ROLE_COMMUNE_ADMIN) | (1u << ROLE_PLATFORM_ADMIN))

static int s_overview(struct request *r, char **args);
static int s_export(struct request *r, char **args);

static const struct route routes[] = {
	{ "GET", "/stats/",         s_overview, R_ADMINS },
	{ "GET", "/stats",          s_overview, R_ADMINS },
	{ "GET", "/stats/export/*", s_export,   R_ADMINS },
};

static struct staff current;

static int guard(struct request *r, unsigned roles)
{
	if (!auth_current(r, &current))
		return resp_redirect(r, arena_printf(r->arena, "/agent/connexion?suite=%s",
						     http_url_encode(r->arena, "/stats/")));
	r->user = &current;
	if (!(roles & (1u << current.role)))
		return page_error(r, 403, _("Les statistiques sont réservées aux administrateurs."));
	return 0;
}

static const struct field_spec filter_fields[] = {
	{ "du", F_DATE, false, 0, 0 },
	{ "au", F_DATE, false, 0, 0 },
	{ "commune", F_INT, false, 0, 1000000 },
	{ "lieu", F_INT, false, 0, 1000000000 },
	{ "appareil", F_INT, false, 0, 1000000000 },
	{ "procedure", F_INT, false, 0, 1000000 },
	{ "canal", F_TEXT, false, 0, 10 },
	{ "sep", F_TEXT, false, 0, 1 },
};

/* Reads and checks the filters; a commune administrator is pinned to its
 * commune whatever the query says, and a site or device of another
 * commune selects nothing. */
static bool read_filter(struct request *r, struct form *f, struct stats_filter *flt)
{
	struct staff *s = r->user;
	memset(flt, 0, sizeof(*flt));
	form_check_all(f, filter_fields, ARRAY_LEN(filter_fields));
	int y, m, d;
	dt_today_local(&y, &m, &d);
	char today[11], start[11];
	snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
	dt_add_days(&y, &m, &d, -30);
	snprintf(start, sizeof(start), "%04d-%02d-%02d", y, m, d);
	const char *from = form_value(f, "du") ? form_value(f, "du") : start;
	const char *to = form_value(f, "au") ? form_value(f, "au") : today;
	if (!f->nerrors && !stats_period(flt, from, to))
		form_fail(f, "au", _("La période doit aller d'une date à une date postérieure, sur trois ans au plus."));
	flt->commune_id = s->role == ROLE_PLATFORM_ADMIN ? form_int(f, "commune", 0) : s->commune_id;
	flt->site_id = form_int(f, "lieu", 0);
	flt->device_id = form_int(f, "appareil", 0);
	flt->procedure_id = form_int(f, "procedure", 0);
	const char *ch = form_value(f, "canal");
	flt->channel = "";
	if (ch && (str_eq(ch, "web") || str_eq(ch, "phone") || str_eq(ch, "counter") ||
		   str_eq(ch, "partner") || str_eq(ch, "voice")))
		flt->channel = ch;
	else if (ch)
		form_fail(f, "canal", _("Choisissez un canal dans la liste."));
	const char *price = config_get("sms_price", "0.07");
	flt->sms_price = strtod(price, NULL);
	return f->nerrors == 0;
}

/* The query string of the current filters, to carry into links. */
static const char *filter_query(struct request *r, const struct stats_filter *f)
{
	return arena_printf(r->arena, "du=%s&au=%s&commune=%lld&lieu=%lld&appareil=%lld&procedure=%lld&canal=%s",
			    f->from_day, f->to_day, f->commune_id, f->site_id, f->device_id, f->procedure_id,
			    http_url_encode(r->arena, f->channel));
}

/* Options of a filter's select. */
static void options(tpl_dict *d, const char *section, const struct stats_choice *c, size_t n, long long selected)
{
	for (size_t i = 0; i < n; i++) {
		tpl_dict *o = tpl_section(d, section);
		tpl_set_int(o, "ID", c[i].id);
		tpl_set(o, "NAME", c[i].name);
		if (c[i].id == selected)
			tpl_show(o, "SELECTED");
	}
}

static int s_overview(struct request *r, char **args)
{
	(void)args;
	struct staff *s = r->user;
	struct form f;
	form_init(&f, r);
	struct stats_filter flt;
	bool ok = read_filter(r, &f, &flt);
	tpl_dict *d = staff_page_new(r, _("Statistiques"), s);
	form_fill(&f, d);
	/* Dates shown the French way, as the labels ask for them. */
	if (flt.from_day[0]) {
		tpl_setf(d, "V_DU", "%.2s/%.2s/%.4s", flt.from_day + 8, flt.from_day + 5, flt.from_day);
		tpl_setf(d, "V_AU", "%.2s/%.2s/%.4s", flt.to_day + 8, flt.to_day + 5, flt.to_day);
	}
	/* The choices of the communes the page covers: the platform's pick, or
	 * the administrator's own commune. */
	struct scope sc = scope_commune(flt.commune_id);
	struct stats_choices ch;
	if (!stats_choices(r->arena, &sc, r->lang, &ch)) {
		tpl_free(d);
		return page_unavailable(r);
	}
	if (s->role == ROLE_PLATFORM_ADMIN) {
		struct scope all = scope_of(s);
		struct stats_choices every;
		if (!stats_choices(r->arena, &all, r->lang, &every)) {
			tpl_free(d);
			return page_unavailable(r);
		}
		options(tpl_section(d, "PLATFORM"), "COMMUNE_OPTION", every.communes, every.ncommunes, flt.commune_id);
	} else
		tpl_set(d, "COMMUNE_NAME", s->commune_name);
	options(d, "SITE_OPTION", ch.sites, ch.nsites, flt.site_id);
	options(d, "DEVICE_OPTION", ch.devices, ch.ndevices, flt.device_id);
	options(d, "PROCEDURE_OPTION", ch.procedures, ch.nprocedures, flt.procedure_id);
	static const char *channels[] = { "web", "phone", "counter", "partner", "voice" };
	for (size_t i = 0; i < ARRAY_LEN(channels); i++) {
		tpl_dict *o = tpl_section(d, "CHANNEL_OPTION");
		tpl_set(o, "ID", channels[i]);
		tpl_set(o, "NAME", label_of(channels[i]));
		if (str_eq(flt.channel, channels[i]))
			tpl_show(o, "SELECTED");
	}
	if (!ok)
		return page_render(r, d, "stats", 400);
	const char *q = filter_query(r, &flt);
	tpl_set(d, "EXPORT_BOOKINGS", arena_printf(r->arena, "/stats/export/rendez-vous.csv?%s", q));
	tpl_set(d, "EXPORT_BOOKINGS_SC", arena_printf(r->arena, "/stats/export/rendez-vous.csv?%s&sep=%%3B", q));
	struct stats_table tables[STATS_NKEYS];
	bool done[STATS_NKEYS];
	size_t ntables = stats_tables(r->arena, &flt, tables, done);
	for (size_t k = 0; k < ntables; k++)
		if (!done[k]) {
			/* A figure missing is not a figure of zero. */
			log_error("stats table %s failed", stats_keys[k]);
			tpl_free(d);
			return page_unavailable(r);
		}
	for (size_t k = 0; k < ntables; k++) {
		const struct stats_table t = tables[k];
		tpl_dict *x = tpl_section(d, "TABLE");
		tpl_set(x, "KEY", t.key);
		tpl_set(x, "TITLE", t.title);
		tpl_set(x, "CHART", t.chart);
		tpl_set(x, "CSV", arena_printf(r->arena, "/stats/export/%s.csv?%s", t.key, q));
		tpl_set(x, "CSV_SC", arena_printf(r->arena, "/stats/export/%s.csv?%s&sep=%%3B", t.key, q));
		for (size_t c = 0; c < t.ncols; c++)
			tpl_set(tpl_section(x, "COL"), "NAME", t.cols[c]);
		for (size_t i = 0; i < t.nrows; i++) {
			char **cells = t.cells + i * t.ncols;
			tpl_dict *row = tpl_section(x, "ROW");
			/* Codes become words on the page (the channel table). */
			bool coded = str_eq(t.key, "canaux") || str_eq(t.key, "reclamations") || str_eq(t.key, "assistance_appelants");
			tpl_set(row, "HEAD", coded ? label_of(cells[0]) : cells[0] ? cells[0] : "");
			for (size_t c = 1; c < t.ncols; c++) {
				tpl_dict *cell = tpl_section(row, "CELL");
				if (cells[c]) {
					/* The help desk's channels, as words too. */
					bool word = c == 1 && str_eq(t.key, "assistance_canaux");
					tpl_set(cell, "V", word ? label_of(cells[c]) : cells[c]);
					continue;
				}
				/* No value: said in words, and a gap in the chart. */
				tpl_set(cell, "V", str_eq(t.key, "delai_prochain") ? _("aucun créneau libre") : "—");
				tpl_show(cell, "NA");
			}
		}
		if (t.nrows == 0)
			tpl_show(x, "EMPTY");
	}
	return page_render(r, d, "stats", 200);
}

/* A CSV export streams its rows; the status line waits for the first of
 * them, so a statement that fails before any row still gets its 503. */
struct csv_out {
	struct request *r;
	struct sbuf line;
	char sep;
	const char *filename;
	const char *const *cols;
	size_t ncols;
	bool begun;
};

static void csv_begin(struct csv_out *o)
{
	/* A UTF-8 byte order mark lets French spreadsheets read accents. */
	static const char bom[] = "\xEF\xBB\xBF";
	if (o->begun)
		return;
	o->begun = true;
	resp_stream_begin(o->r, 200, "text/csv; charset=utf-8", o->filename);
	resp_stream_write(o->r, bom, 3);
	o->line.len = 0;
	o->line.s[0] = '\0';
	csv_line(&o->line, o->cols, o->ncols, o->sep);
	resp_stream_write(o->r, o->line.s, o->line.len);
}

static bool stream_row(void *p, char **cells, size_t n)
{
	struct csv_out *o = p;
	csv_begin(o);
	o->line.len = 0;
	o->line.s[0] = '\0';
	csv_line(&o->line, (const char *const *)cells, n, o->sep);
	resp_stream_write(o->r, o->line.s, o->line.len);
	return true;
}

static int s_export(struct request *r, char **args)
{
	struct form f;
	form_init(&f, r);
	struct stats_filter flt;
	if (!read_filter(r, &f, &flt))
		return page_error(r, 400, _("La période ou un filtre n'est pas valable."));
	char sep = str_eq(form_value(&f, "sep"), ";") ? ';' : ',';
	const char *name = args[0];
	size_t nl = strlen(name);
	if (nl < 5 || strcmp(name + nl - 4, ".csv") != 0)
		return page_error(r, 404, _("Cet export n'existe pas."));
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)(nl - 4), name);
	/* Who took which figures out, before anything is sent. */
	struct staff *me = r->user;
	if (!audit(r->arena, me->id, me->commune_id, "csv_export", "stats", key,
		   arena_printf(r->arena, "du=%s au=%s commune=%lld lieu=%lld appareil=%lld", flt.from_day, flt.to_day,
				flt.commune_id, flt.site_id, flt.device_id)))
		return page_unavailable(r);
	struct csv_out o = { r, { 0 }, sep, arena_printf(r->arena, "creneau-%s-%s-%s.csv", key, flt.from_day, flt.to_day),
			     NULL, 0, false };
	sbuf_init(&o.line);
	int status = 200;
	if (str_eq(key, "rendez-vous")) {
		const char **cols = arena_alloc(r->arena, STATS_BOOKING_NCOLS * sizeof(*cols));
		for (size_t i = 0; i < STATS_BOOKING_NCOLS; i++)
			cols[i] = gettext(stats_booking_cols[i]);
		o.cols = cols;
		o.ncols = STATS_BOOKING_NCOLS;
		if (stats_stream_bookings(&flt, stream_row, &o) < 0) {
			if (o.begun)
				log_error("bookings export failed midway");
			else
				status = page_unavailable(r);
		} else
			csv_begin(&o);     /* no row: the header line alone */
		sbuf_free(&o.line);
		return status;
	}
	struct stats_table t;
	if (!stats_table(r->arena, key, &flt, &t)) {
		sbuf_free(&o.line);
		if (db_failed())
			return page_unavailable(r);
		return page_error(r, 404, _("Cet export n'existe pas."));
	}
	o.cols = t.cols;
	o.ncols = t.ncols;
	csv_begin(&o);
	for (size_t i = 0; i < t.nrows; i++)
		stream_row(&o, t.cells + i * t.ncols, t.ncols);
	sbuf_free(&o.line);
	return status;
}

static bool child_init(void)
{
	db_keep_prepared(false);   /* see db.h */
	/* It only reads: its account may not change a booking (stack.sh
	 * grants it SELECT, and the session's idle clock and the audit log). */
	db_account("stats_");
	db_connect();
	return true;
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	err_page = page_error;
	route_guard = guard;
	if (!tpl_init(config_get("templates_dir", "templates"), i18n_langs))
		return 1;
	char sock[512];
	snprintf(sock, sizeof(sock), "%s/stats.sock", config_get("socket_dir", "var/run"));
	return server_run(sock, (int)config_int("stats_workers", 2), child_init, routes, ARRAY_LEN(routes));
}
