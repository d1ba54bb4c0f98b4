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


/* The procedure's errors on the search form: unknown (p NULL), or a
 * party above its maximum. */
static void procedure_errors(struct request *r, struct form *f, const struct procedure_info *p, long party)
{
	if (!p)
		form_fail(f, "procedure", _("Choisissez une démarche dans la liste."));
	else if (party > p->max_party)
		form_fail(f, "personnes", arena_printf(r->arena,
			P_("Pour cette démarche, un rendez-vous concerne au plus %d personne.",
			   "Pour cette démarche, un rendez-vous concerne au plus %d personnes.", (unsigned long)p->max_party),
			p->max_party));
}

/* Where the person searches from: a point, or one commune among the
 * candidates of what was typed. */
struct origin {
	bool have_point, located;
	double lat, lon;
	const char *where;          /* for the page's heading */
	const char *picked;         /* INSEE of the commune searched from */
	struct commune_match *m;    /* the candidates when none was picked */
	size_t nm;
};

/* Reads the place fields; an error goes on the form. */
static void read_origin(struct request *r, struct form *f, struct origin *o)
{
	memset(o, 0, sizeof(*o));
	o->located = true;
	if (form_value(f, "lat") && form_value(f, "lon")) {
		if (valid_latlon(form_value(f, "lat"), form_value(f, "lon"), &o->lat, &o->lon)) {
			o->have_point = true;
			o->where = _("votre position");
		} else
			form_fail(f, "lieu", _("La position reçue n'est pas valable : saisissez votre commune."));
		return;
	}
	const char *q = form_value(f, "insee") ? form_value(f, "insee") : form_value(f, "lieu");
	if (!q) {
		form_fail(f, "lieu", _("Indiquez votre commune ou votre code postal, ou utilisez votre position."));
		return;
	}
	o->nm = form_value(f, "insee") ? place_resolve_insee(r->arena, q, &o->m) : place_resolve(r->arena, q, 20, &o->m);
	if (o->nm == 0) {
		form_fail(f, "lieu", _("Nous ne trouvons pas cette commune : vérifiez l'orthographe ou saisissez le code postal."));
		return;
	}
	/* One candidate, or one whose name is exactly what was typed. */
	size_t pick = o->nm == 1 ? 0 : form_value(f, "insee") ? o->nm : place_pick(o->m, o->nm, form_value(f, "lieu"));
	if (pick == o->nm)
		return;
	o->lat = o->m[pick].lat;
	o->lon = o->m[pick].lon;
	o->located = o->m[pick].located;
	o->picked = o->m[pick].insee;
	o->where = arena_printf(r->arena, "%s (%s)", o->m[pick].name, o->m[pick].dept);
}

/* Several communes match what was typed: the person picks one. */
static int choose_commune(struct request *r, const char *procedure, long party, const struct origin *o)
{
	tpl_dict *d = page_new(r, _("Précisez votre commune"));
	tpl_set(d, "PROCEDURE", procedure);
	tpl_set_int(d, "PARTY", party);
	for (size_t i = 0; i < o->nm; i++) {
		tpl_dict *c = tpl_section(d, "CHOICE");
		tpl_set(c, "INSEE", o->m[i].insee);
		tpl_set(c, "NAME", o->m[i].name);
		tpl_set(c, "POSTCODES", *o->m[i].postcodes ? o->m[i].postcodes : _("ancienne commune"));
		tpl_set(c, "DEPT", o->m[i].dept);
	}
	return page_render(r, d, "choose_commune", 200);
}

/* Beyond this, "near" would mislead: the page says how far instead. */
#define NEAR_KM 30.0

static void fill_site_hit(struct request *r, tpl_dict *s, const struct site_hit *h, const char *base)
{
	char km[32], date[64], hm[32];
	fmt_km(km, sizeof(km), h->km);
	tpl_set_int(s, "ID", h->site_id);
	tpl_set(s, "NAME", h->name);
	tpl_set(s, "ADDRESS", h->address);
	tpl_set(s, "POSTCODE", h->postcode);
	tpl_set(s, "CITY", h->city);
	if (h->km >= 0)
		tpl_set(tpl_section(s, "HAS_DISTANCE"), "DISTANCE", km);
	tpl_setf(s, "SITE_LAT", "%.5f", h->lat);
	tpl_setf(s, "SITE_LON", "%.5f", h->lon);
	tpl_set(s, "SITE_URL", arena_printf(r->arena, "/site/%lld?%s", h->site_id, base));
	if (h->has_free) {
		i18n_date(h->earliest, date, sizeof(date));
		i18n_time(h->earliest, hm, sizeof(hm));
		tpl_dict *e = tpl_section(s, "EARLIEST");
		tpl_set(e, "DATE", date);
		tpl_set(e, "TIME", hm);
		tpl_set(e, "BOOK_URL", arena_printf(r->arena, "/reserver?creneau=%lld&%s", h->earliest_slot, base));
	} else {
		tpl_show(s, "NO_FREE");
		tpl_set(s, "WAITLIST_URL", arena_printf(r->arena, "/liste?%s&site=%lld", base, h->site_id));
	}
}

static int render_search(struct request *r, struct form *f, const struct site_search *ss, const struct origin *o)
{
	/* Without coordinates for the commune, the earliest first is the only
	 * honest order. */
	bool by_date = str_eq(form_value(f, "tri"), "date") || !o->located;
	if (by_date)
		qsort(ss->hits, ss->nhits, sizeof(*ss->hits), cmp_earliest);
	/* The nearest of the hits (they may be sorted by date). */
	double nearest = -1;
	for (size_t i = 0; i < ss->nhits; i++)
		if (ss->hits[i].km >= 0 && (nearest < 0 || ss->hits[i].km < nearest))
			nearest = ss->hits[i].km;
	bool near = o->located && nearest >= 0 && nearest <= NEAR_KM;
	const char *title = near ? _("Lieux de rendez-vous proches") : _("Lieux de rendez-vous");
	tpl_dict *d = page_new(r, title);
	tpl_set(d, "TITLE", title);
	tpl_set(d, "NEAR_WHERE", arena_printf(r->arena, text_elides(o->where) ? _("près d'%s") : _("près de %s"), o->where));
	if (o->located && nearest > NEAR_KM) {
		char km[32];
		fmt_km(km, sizeof(km), nearest);
		tpl_set(tpl_section(d, "FAR"), "DISTANCE", km);
	}
	tpl_set(d, "PROCEDURE", ss->proc.code);
	tpl_set(d, "PROCEDURE_NAME", ss->proc.name);
	page_set_party(d, ss->party);
	tpl_set(d, "WHERE", o->where);
	tpl_setf(d, "LAT", "%.5f", o->lat);
	tpl_setf(d, "LON", "%.5f", o->lon);
	const char *base = arena_printf(r->arena, "procedure=%s&personnes=%d", ss->proc.code, ss->party);
	const char *loc = o->have_point ? arena_printf(r->arena, "lat=%.5f&lon=%.5f", o->lat, o->lon)
		: arena_printf(r->arena, "insee=%s", o->picked);
	tpl_set(d, "SORT_DISTANCE_URL", arena_printf(r->arena, "/recherche?%s&%s&tri=distance", base, loc));
	tpl_set(d, "SORT_DATE_URL", arena_printf(r->arena, "/recherche?%s&%s&tri=date", base, loc));
	if (o->located) {
		tpl_show(d, by_date ? "SORTED_BY_DATE" : "SORTED_BY_DISTANCE");
		tpl_show(d, "MAP");
	} else
		tpl_show(d, "NO_DISTANCE");
	for (size_t i = 0; i < ss->nhits; i++)
		fill_site_hit(r, tpl_section(d, "SITE"), &ss->hits[i], base);
	if (ss->nhits == 0)
		tpl_show(d, "NO_SITE");
	else
		tpl_set(tpl_section(d, "WAITLIST"), "URL", arena_printf(r->arena, "/liste?%s&%s", base, loc));
	return page_render(r, d, "search", 200);
}

int h_search(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	form_check_all(&f, search_fields, ARRAY_LEN(search_fields));
	long party = form_int(&f, "personnes", 1);
	/* The copy as it is for the errors; place_search() reads it again. */
	struct procedure_info proc;
	if (form_value(&f, "procedure"))
		procedure_errors(r, &f, place_procedure_cached(form_value(&f, "procedure"), r->lang, &proc)
				 ? &proc : NULL, party);
	struct origin o;
	if (!f.nerrors)
		read_origin(r, &f, &o);
	if (f.nerrors)
		return search_form_again(r, &f, 400);
	if (!o.have_point && !o.picked)
		return choose_commune(r, proc.code, party, &o);

	struct site_search ss = { .procedure = proc.code, .lang = r->lang, .party = (int)party,
				  .located = o.located, .lat = o.lat, .lon = o.lon, .max = 10 };
	if (!place_search(r->arena, &ss))
		return page_unavailable(r);
	procedure_errors(r, &f, ss.proc_found ? &ss.proc : NULL, party);
	if (f.nerrors)
		return search_form_again(r, &f, 400);
	return render_search(r, &f, &ss, &o);
}

#define DAYS_SHOWN 14

static void fill_strip(struct request *r, tpl_dict *t, const struct site_view *v, const char *base)
{
	const struct strip_dates *s = &v->dates;
	for (int i = 0; i < v->days; i++) {
		int yy = s->y, mm = s->mo, dd = s->d;
		dt_add_days(&yy, &mm, &dd, i);
		char label[64];
		i18n_date_short_ymd(yy, mm, dd, label, sizeof(label));
		tpl_dict *x = tpl_section(t, "DAY");
		/* A day past the horizon is not bookable yet: no link. */
		if (dt_days_between(s->ly, s->lm, s->ld, yy, mm, dd) > 0) {
			tpl_set(tpl_section(x, "BEYOND"), "LABEL", label);
			continue;
		}
		x = tpl_section(x, "LINK");
		tpl_set(x, "LABEL", label);
		tpl_set(x, "URL", arena_printf(r->arena, "%s&debut=%04d-%02d-%02d&jour=%04d-%02d-%02d",
						base, s->y, s->mo, s->d, yy, mm, dd));
		if (yy == s->jy && mm == s->jm && dd == s->jd)
			tpl_show(x, "CURRENT");
		if (v->has[i])
			tpl_show(x, "OPEN");
		else
			tpl_show(x, place_day_closed(v->site.id, v->proc.id, yy, mm, dd) ? "CLOSED" : "FULL");
	}
	/* Previous and next strips, within today .. the horizon. */
	int ty, tm, td;
	dt_today_local(&ty, &tm, &td);
	int py = s->y, pm = s->mo, pd = s->d, ny = s->y, nm = s->mo, nd = s->d;
	dt_add_days(&py, &pm, &pd, -v->days);
	dt_add_days(&ny, &nm, &nd, v->days);
	if (dt_days_between(ty, tm, td, s->y, s->mo, s->d) > 0) {
		if (dt_days_between(ty, tm, td, py, pm, pd) < 0) {
			py = ty; pm = tm; pd = td;
		}
		tpl_set(tpl_section(t, "PREV"), "URL",
			arena_printf(r->arena, "%s&debut=%04d-%02d-%02d", base, py, pm, pd));
	}
	if (dt_days_between(ny, nm, nd, s->ly, s->lm, s->ld) >= 0)
		tpl_set(tpl_section(t, "NEXT"), "URL",
			arena_printf(r->arena, "%s&debut=%04d-%02d-%02d", base, ny, nm, nd));
}

static int render_site(struct request *r, struct form *f, const struct site_view *v)
{
	const struct site_info *si = &v->site;
	tpl_dict *t = page_new(r, arena_printf(r->arena, _("Horaires disponibles — %s"), si->name));
	form_fill(f, t);
	tpl_set(t, "SITE_NAME", si->name);
	tpl_set(t, "ADDRESS", si->address);
	tpl_set(t, "POSTCODE", si->postcode);
	tpl_set(t, "CITY", si->city);
	tpl_set_int(t, "SITE_ID", si->id);
	tpl_set(t, "ACCESS_INFO", si->access_info);
	tpl_set(t, "PROCEDURE", v->proc.code);
	tpl_set(t, "PROCEDURE_NAME", v->proc.name);
	page_set_party(t, v->party);
	const char *base = arena_printf(r->arena, "/site/%lld?procedure=%s&personnes=%d", si->id, v->proc.code, v->party);
	fill_strip(r, t, v, base);
	const struct strip_dates *s = &v->dates;
	if (s->jy) {
		char label[64];
		i18n_date_ymd(s->jy, s->jm, s->jd, label, sizeof(label));
		tpl_set(t, "DAY_LABEL", label);
		tpl_show(t, "HAS_DAY");
	}
	for (size_t i = 0; i < v->ntimes; i++) {
		char hm[32];
		i18n_time(v->times[i].start, hm, sizeof(hm));
		tpl_dict *x = tpl_section(t, "TIME");
		tpl_set(x, "LABEL", hm);
		tpl_set(x, "URL", arena_printf(r->arena, "/reserver?creneau=%lld&procedure=%s&personnes=%d",
					       v->times[i].slot_id, v->proc.code, v->party));
	}
	if (s->jy && v->ntimes == 0)
		tpl_show(t, "NO_TIME");
	if (!s->jy)
		tpl_show(t, "NO_DAY");
	return page_render(r, t, "site", f->nerrors ? 400 : 200);
}

int h_site(struct request *r, char **args)
{
	long site_id;
	if (!valid_int(args[0], 1, 1000000000, &site_id))
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
	struct site_view v = { .site_id = site_id, .procedure = form_value(&f, "procedure"), .lang = r->lang,
			       .debut = form_value(&f, "debut"), .jour = form_value(&f, "jour"),
			       .party = (int)form_int(&f, "personnes", 1), .days = DAYS_SHOWN };
	if (!place_site_view(r->arena, &v))
		return page_unavailable(r);
	if (!v.site_found)
		return page_error(r, 404, _("Ce lieu de rendez-vous n'existe pas."));
	if (form_value(&f, "procedure") && !v.proc_found)
		form_fail(&f, "procedure", _("Choisissez une démarche dans la liste."));
	if (f.nerrors)
		return search_form_again(r, &f, 400);
	if (v.dates.day_refused) {
		char last[64];
		i18n_date_ymd(v.dates.ly, v.dates.lm, v.dates.ld, last, sizeof(last));
		form_fail(&f, "jour", arena_printf(r->arena, _("Choisissez un jour entre aujourd'hui et le %s."), last));
	}
	return render_site(r, &f, &v);
}
