/* public_search.c — steps 1 to 3 of the journey: the sites nearest to the
 * person with their earliest free time, then a site's free times by day. */
#include "datetime.h"
#include "form.h"
#include "i18n.h"
#include "page.h"
#include "place.h"
#include "public.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec search_fields[] = {
	{ "procedure", F_TEXT, true, 0, 20 },
	{ "personnes", F_INT, true, 1, 5 },
	{ "lieu", F_TEXT, false, 0, 100 },
	{ "insee", F_TEXT, false, 0, 5 },
	{ "lat", F_TEXT, false, 0, 20 },
	{ "lon", F_TEXT, false, 0, 20 },
	{ "tri", F_TEXT, false, 0, 10 },
};

/* The home form again, with the messages and the typed values. */
static int search_form_again(struct request *r, struct form *f, int status)
{
	tpl_dict *d = page_new(r, _("Prendre rendez-vous en mairie"));
	pub_procedure_options(r, d, form_typed(f, "procedure"));
	long party = form_int(f, "personnes", 1);
	for (int i = 1; i <= 5; i++) {
		tpl_dict *o = tpl_section(d, "PARTY_OPTION");
		tpl_set_int(o, "N", i);
		if (i == party)
			tpl_show(o, "SELECTED");
	}
	form_fill(f, d);
	return page_render(r, d, "home", status);
}

static void fmt_km(char *out, size_t n, double km)
{
	if (km < 10)
		snprintf(out, n, "%.1f km", km);
	else
		snprintf(out, n, "%.0f km", km);
	/* French decimal comma. */
	if (!str_eq(i18n_lang(), "en"))
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
}

static int cmp_earliest(const void *x, const void *y)
{
	const struct site_hit *a = x, *b = y;
	if (a->has_free != b->has_free)
		return a->has_free ? -1 : 1;
	if (!a->has_free)
		return (a->km > b->km) - (a->km < b->km);
	return (a->earliest > b->earliest) - (a->earliest < b->earliest);
}


static int search_page(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	form_check_all(&f, search_fields, ARRAY_LEN(search_fields));
	struct procedure_info proc;
	if (form_value(&f, "procedure") && !place_procedure_cached(form_value(&f, "procedure"), r->lang, &proc))
		form_fail(&f, "procedure", _("Choisissez une démarche dans la liste."));
	long party = form_int(&f, "personnes", 1);
	if (!f.nerrors && party > proc.max_party)
		form_fail(&f, "personnes", arena_printf(r->arena,
			P_("Pour cette démarche, un rendez-vous concerne au plus %d personne.",
			   "Pour cette démarche, un rendez-vous concerne au plus %d personnes.", (unsigned long)proc.max_party),
			proc.max_party));

	double lat = 0, lon = 0;
	const char *where = NULL;
	bool have_point = false, located = true;
	const char *picked = NULL;     /* INSEE of the commune searched from */
	if (form_value(&f, "lat") && form_value(&f, "lon")) {
		if (valid_latlon(form_value(&f, "lat"), form_value(&f, "lon"), &lat, &lon)) {
			have_point = true;
			where = _("votre position");
		} else
			form_fail(&f, "lieu", _("La position reçue n'est pas valable : saisissez votre commune."));
	}
	struct commune_match *m = NULL;
	size_t nm = 0;
	if (!have_point && !f.nerrors) {
		const char *q = form_value(&f, "insee") ? form_value(&f, "insee") : form_value(&f, "lieu");
		if (!q)
			form_fail(&f, "lieu", _("Indiquez votre commune ou votre code postal, ou utilisez votre position."));
		else {
			nm = place_resolve(r->arena, q, 20, &m);
			if (nm == 0)
				form_fail(&f, "lieu", _("Nous ne trouvons pas cette commune : vérifiez l'orthographe ou saisissez le code postal."));
		}
	}
	if (f.nerrors)
		return search_form_again(r, &f, 400);

	if (!have_point) {
		/* One candidate, or one whose name is exactly what was typed. */
		size_t pick = nm;
		if (nm == 1)
			pick = 0;
		else if (!form_value(&f, "insee")) {
			size_t exact = 0, at = 0;
			char *typed = text_fold(form_value(&f, "lieu"));
			for (size_t i = 0; i < nm; i++) {
				char *k = text_fold(m[i].name);
				if (strcmp(k, typed) == 0) {
					exact++;
					at = i;
				}
				free(k);
			}
			free(typed);
			if (exact == 1)
				pick = at;
		}
		if (pick == nm) {
			tpl_dict *d = page_new(r, _("Précisez votre commune"));
			tpl_set(d, "PROCEDURE", proc.code);
			tpl_set_int(d, "PARTY", party);
			for (size_t i = 0; i < nm; i++) {
				tpl_dict *c = tpl_section(d, "CHOICE");
				tpl_set(c, "INSEE", m[i].insee);
				tpl_set(c, "NAME", m[i].name);
				tpl_set(c, "POSTCODES", *m[i].postcodes ? m[i].postcodes : _("ancienne commune"));
				tpl_set(c, "DEPT", m[i].dept);
			}
			return page_render(r, d, "choose_commune", 200);
		}
		lat = m[pick].lat;
		lon = m[pick].lon;
		located = m[pick].located;
		picked = m[pick].insee;
		where = arena_printf(r->arena, "%s (%s)", m[pick].name, m[pick].dept);
	}

	struct site_hit *h;
	bool stale;
	size_t n = place_sites(r->arena, proc.id, (int)party, located, lat, lon, 10, &h, &stale);
	if (stale)
		return RETRY;
	/* Without coordinates for the commune, the earliest first is the only
	 * honest order. */
	bool by_date = str_eq(form_value(&f, "tri"), "date") || !located;
	if (by_date)
		qsort(h, n, sizeof(*h), cmp_earliest);

	tpl_dict *d = page_new(r, _("Lieux de rendez-vous proches"));
	tpl_set(d, "PROCEDURE", proc.code);
	tpl_set(d, "PROCEDURE_NAME", proc.name);
	page_set_party(d, party);
	tpl_set(d, "WHERE", where);
	tpl_setf(d, "LAT", "%.5f", lat);
	tpl_setf(d, "LON", "%.5f", lon);
	const char *base = arena_printf(r->arena, "procedure=%s&personnes=%ld", proc.code, party);
	const char *loc = have_point ? arena_printf(r->arena, "lat=%.5f&lon=%.5f", lat, lon)
		: arena_printf(r->arena, "insee=%s", picked);
	tpl_set(d, "SORT_DISTANCE_URL", arena_printf(r->arena, "/recherche?%s&%s&tri=distance", base, loc));
	tpl_set(d, "SORT_DATE_URL", arena_printf(r->arena, "/recherche?%s&%s&tri=date", base, loc));
	if (located) {
		tpl_show(d, by_date ? "SORTED_BY_DATE" : "SORTED_BY_DISTANCE");
		tpl_show(d, "MAP");
	} else
		tpl_show(d, "NO_DISTANCE");
	for (size_t i = 0; i < n; i++) {
		tpl_dict *s = tpl_section(d, "SITE");
		char km[32], date[64], hm[32];
		fmt_km(km, sizeof(km), h[i].km);
		tpl_set_int(s, "ID", h[i].site_id);
		tpl_set(s, "NAME", h[i].name);
		tpl_set(s, "ADDRESS", h[i].address);
		tpl_set(s, "POSTCODE", h[i].postcode);
		tpl_set(s, "CITY", h[i].city);
		if (h[i].km >= 0)
			tpl_set(tpl_section(s, "HAS_DISTANCE"), "DISTANCE", km);
		tpl_setf(s, "SITE_LAT", "%.5f", h[i].lat);
		tpl_setf(s, "SITE_LON", "%.5f", h[i].lon);
		tpl_set(s, "SITE_URL", arena_printf(r->arena, "/site/%lld?%s", h[i].site_id, base));
		if (h[i].has_free) {
			i18n_date(h[i].earliest, date, sizeof(date));
			i18n_time(h[i].earliest, hm, sizeof(hm));
			tpl_dict *e = tpl_section(s, "EARLIEST");
			tpl_set(e, "DATE", date);
			tpl_set(e, "TIME", hm);
			tpl_set(e, "BOOK_URL", arena_printf(r->arena, "/reserver?creneau=%lld&%s",
							  h[i].earliest_slot, base));
		} else
			tpl_show(s, "NO_FREE");
	}
	if (n == 0)
		tpl_show(d, "NO_SITE");
	return page_render(r, d, "search", 200);
}

int h_search(struct request *r, char **args)
{
	return pub_retry(r, args, search_page);
}

#define DAYS_SHOWN 14

static int site_page(struct request *r, char **args)
{
	long site_id;
	struct site_info si;
	if (!valid_int(args[0], 1, 1000000000, &site_id) || !place_site(r->arena, site_id, &si))
		return page_error(r, 404, _("Ce lieu de rendez-vous n'existe pas."));
	struct form f;
	form_init(&f, r);
	static const struct field_spec fields[] = {
		{ "procedure", F_TEXT, true, 0, 20 },
		{ "personnes", F_INT, true, 1, 5 },
		{ "jour", F_DATE, false, 0, 0 },
		{ "debut", F_DATE, false, 0, 0 },
	};
	form_check_all(&f, fields, ARRAY_LEN(fields));
	struct procedure_info proc;
	if (form_value(&f, "procedure") && !place_procedure_cached(form_value(&f, "procedure"), r->lang, &proc))
		form_fail(&f, "procedure", _("Choisissez une démarche dans la liste."));
	if (f.nerrors)
		return search_form_again(r, &f, 400);
	long party = form_int(&f, "personnes", 1);
	if (party > proc.max_party)
		party = proc.max_party;

	int ty, tm, td, y, mo, d;
	dt_today_local(&ty, &tm, &td);
	int ly = ty, lm = tm, ld = td;
	dt_add_days(&ly, &lm, &ld, si.horizon_days);
	/* The strip of days starts at ?debut= (or today), never in the past. */
	y = ty; mo = tm; d = td;
	if (form_value(&f, "debut")) {
		dt_parse_ymd(form_value(&f, "debut"), &y, &mo, &d);
		if (dt_days_between(ty, tm, td, y, mo, d) < 0) {
			y = ty; mo = tm; d = td;
		}
	}
	int jy = 0, jm = 0, jd = 0;
	if (form_value(&f, "jour")) {
		dt_parse_ymd(form_value(&f, "jour"), &jy, &jm, &jd);
		if (dt_days_between(ty, tm, td, jy, jm, jd) < 0 || dt_days_between(ly, lm, ld, jy, jm, jd) > 0) {
			char last[64];
			i18n_date_ymd(ly, lm, ld, last, sizeof(last));
			form_fail(&f, "jour", arena_printf(r->arena,
				_("Choisissez un jour entre aujourd'hui et le %s."), last));
			jy = 0;
		} else if (!form_value(&f, "debut")) {
			y = jy; mo = jm; d = jd;
		}
	}

	/* The strip and the chosen day's times in one statement; without a
	 * chosen day, the first open day of the strip, read next. */
	bool has[DAYS_SHOWN];
	struct free_time *ft = NULL;
	size_t nft = 0;
	if (!place_site_days(r->arena, site_id, proc.id, (int)party, y, mo, d, DAYS_SHOWN, has,
			     jy, jm, jd, &ft, &nft))
		return RETRY;
	if (!jy)
		for (int i = 0; i < DAYS_SHOWN; i++)
			if (has[i]) {
				jy = y; jm = mo; jd = d;
				dt_add_days(&jy, &jm, &jd, i);
				nft = place_free_times(r->arena, site_id, proc.id, (int)party, jy, jm, jd, &ft);
				break;
			}

	tpl_dict *t = page_new(r, arena_printf(r->arena, _("Horaires disponibles — %s"), si.name));
	form_fill(&f, t);
	tpl_set(t, "SITE_NAME", si.name);
	tpl_set(t, "ADDRESS", si.address);
	tpl_set(t, "POSTCODE", si.postcode);
	tpl_set(t, "CITY", si.city);
	tpl_set(t, "ACCESS_INFO", si.access_info);
	tpl_set(t, "PROCEDURE", proc.code);
	tpl_set(t, "PROCEDURE_NAME", proc.name);
	page_set_party(t, party);
	const char *base = arena_printf(r->arena, "/site/%ld?procedure=%s&personnes=%ld", site_id, proc.code, party);
	for (int i = 0; i < DAYS_SHOWN; i++) {
		int yy = y, mm = mo, dd = d;
		dt_add_days(&yy, &mm, &dd, i);
		char label[64];
		i18n_date_short_ymd(yy, mm, dd, label, sizeof(label));
		tpl_dict *s = tpl_section(t, "DAY");
		tpl_set(s, "LABEL", label);
		tpl_set(s, "URL", arena_printf(r->arena, "%s&debut=%04d-%02d-%02d&jour=%04d-%02d-%02d",
						base, y, mo, d, yy, mm, dd));
		if (yy == jy && mm == jm && dd == jd)
			tpl_show(s, "CURRENT");
		tpl_show(s, has[i] ? "OPEN" : "FULL");
	}
	/* Previous and next fortnights, within today .. the horizon. */
	int py = y, pm = mo, pd = d, ny = y, nm = mo, nd = d;
	dt_add_days(&py, &pm, &pd, -DAYS_SHOWN);
	dt_add_days(&ny, &nm, &nd, DAYS_SHOWN);
	if (dt_days_between(ty, tm, td, y, mo, d) > 0) {
		if (dt_days_between(ty, tm, td, py, pm, pd) < 0) {
			py = ty; pm = tm; pd = td;
		}
		tpl_set(tpl_section(t, "PREV"), "URL",
			arena_printf(r->arena, "%s&debut=%04d-%02d-%02d", base, py, pm, pd));
	}
	if (dt_days_between(ny, nm, nd, ly, lm, ld) >= 0)
		tpl_set(tpl_section(t, "NEXT"), "URL",
			arena_printf(r->arena, "%s&debut=%04d-%02d-%02d", base, ny, nm, nd));

	if (jy) {
		char label[64];
		i18n_date_ymd(jy, jm, jd, label, sizeof(label));
		tpl_set(t, "DAY_LABEL", label);
		tpl_show(t, "HAS_DAY");
	}
	for (size_t i = 0; i < nft; i++) {
		char hm[32];
		i18n_time(ft[i].start, hm, sizeof(hm));
		tpl_dict *s = tpl_section(t, "TIME");
		tpl_set(s, "LABEL", hm);
		tpl_set(s, "URL", arena_printf(r->arena, "/reserver?creneau=%lld&procedure=%s&personnes=%ld",
					       ft[i].slot_id, proc.code, party));
	}
	if (jy && nft == 0)
		tpl_show(t, "NO_TIME");
	if (!jy)
		tpl_show(t, "NO_DAY");
	return page_render(r, t, "site", f.nerrors ? 400 : 200);
}

int h_site(struct request *r, char **args)
{
	return pub_retry(r, args, site_page);
}
