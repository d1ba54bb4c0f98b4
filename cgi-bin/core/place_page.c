/* place_page.c — what the search and site pages show, read from one
 * catalog: the pages' reads start again here, not in their handlers, when
 * a statement saw a newer catalog (place.h). */
#include "place.h"
#include "catalog.h"
#include "datetime.h"

#include <string.h>

bool place_search(struct arena *a, struct site_search *s)
{
	for (int i = 0; i < CATALOG_TRIES; i++) {
		s->hits = NULL;
		s->nhits = 0;
		s->proc_found = s->procedure && place_procedure_cached(s->procedure, s->lang, &s->proc);
		if (!s->proc_found || s->party > s->proc.max_party)
			return true;
		bool stale;
		s->nhits = place_sites(a, s->proc.id, s->party, s->located, s->lat, s->lon, s->max,
				       &s->hits, &stale);
		if (!stale)
			return true;
	}
	return false;
}

void place_strip_dates(int ty, int tm, int td, int horizon_days, const char *debut, const char *jour,
                       struct strip_dates *o)
{
	memset(o, 0, sizeof(*o));
	o->ly = ty;
	o->lm = tm;
	o->ld = td;
	dt_add_days(&o->ly, &o->lm, &o->ld, horizon_days);
	o->y = ty;
	o->mo = tm;
	o->d = td;
	if (debut && dt_parse_ymd(debut, &o->y, &o->mo, &o->d) &&
	    dt_days_between(ty, tm, td, o->y, o->mo, o->d) < 0) {
		o->y = ty;
		o->mo = tm;
		o->d = td;
	}
	int jy, jm, jd;
	if (!jour || !dt_parse_ymd(jour, &jy, &jm, &jd))
		return;
	if (dt_days_between(ty, tm, td, jy, jm, jd) < 0 || dt_days_between(o->ly, o->lm, o->ld, jy, jm, jd) > 0) {
		o->day_refused = true;
		return;
	}
	o->jy = jy;
	o->jm = jm;
	o->jd = jd;
	if (!debut) {
		o->y = jy;
		o->mo = jm;
		o->d = jd;
	}
}

/* One try of place_site_view: false when the catalog changed meanwhile. */
static bool site_view_once(struct arena *a, struct site_view *v)
{
	v->times = NULL;
	v->ntimes = 0;
	v->site_found = place_site(a, v->site_id, &v->site);
	v->proc_found = v->site_found && v->procedure && place_procedure_cached(v->procedure, v->lang, &v->proc);
	if (!v->proc_found)
		return true;
	if (v->party > v->proc.max_party)
		v->party = v->proc.max_party;
	int ty, tm, td;
	dt_today_local(&ty, &tm, &td);
	place_strip_dates(ty, tm, td, v->site.horizon_days, v->debut, v->jour, &v->dates);
	struct strip_dates *s = &v->dates;
	if (!place_site_days(a, v->site_id, v->proc.id, v->party, s->y, s->mo, s->d, v->days, v->has,
			     s->jy, s->jm, s->jd, &v->times, &v->ntimes))
		return false;
	/* Without a chosen day, the first open day of the strip, read next. */
	if (!s->jy)
		for (int i = 0; i < v->days; i++)
			if (v->has[i]) {
				s->jy = s->y;
				s->jm = s->mo;
				s->jd = s->d;
				dt_add_days(&s->jy, &s->jm, &s->jd, i);
				v->ntimes = place_free_times(a, v->site_id, v->proc.id, v->party,
							     s->jy, s->jm, s->jd, &v->times);
				break;
			}
	return true;
}

bool place_site_view(struct arena *a, struct site_view *v)
{
	if (v->days < 0 || v->days > PLACE_STRIP_MAX)
		v->days = PLACE_STRIP_MAX;
	int asked = v->party;
	for (int i = 0; i < CATALOG_TRIES; i++) {
		v->party = asked;
		if (site_view_once(a, v))
			return true;
	}
	return false;
}
