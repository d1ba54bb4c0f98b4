/* place.c — see place.h. */
#include "place.h"
#include "datetime.h"
#include "db.h"
#include "geo.h"
#include "slots.h"
#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static size_t fill_matches(struct arena *a, const struct db_res *r, struct commune_match **out)
{
	struct commune_match *m = arena_alloc(a, (r->nrows + 1) * sizeof(*m));
	for (size_t i = 0; i < r->nrows; i++) {
		m[i].insee = db_val(r, i, 0);
		m[i].name = db_val(r, i, 1);
		m[i].postcodes = db_val(r, i, 2);
		m[i].dept = db_val(r, i, 3);
		m[i].lat = db_double(r, i, 4);
		m[i].lon = db_double(r, i, 5);
		m[i].located = db_val(r, i, 4) != NULL;
	}
	*out = m;
	return r->nrows;
}

size_t place_resolve(struct arena *a, const char *q, size_t max, struct commune_match **out)
{
	struct db_res r;
	*out = NULL;
	char *sq = text_squash(q);
	char *key = text_fold(sq);
	size_t n = 0;
	long long lim = (long long)max;
	if (all_digits(sq, 5)) {
		/* A postcode, or an INSEE code (they differ, e.g. Annecy 74000 / 74010). */
		if (db_exec(a, &r, "SELECT insee, name, postcodes, dept, lat, lon FROM ref_communes"
			    " WHERE (insee = ? OR CONCAT(' ', postcodes, ' ') LIKE CONCAT('% ', ?, ' %'))"
			    " ORDER BY insee = ? DESC, population DESC LIMIT ?",
			    "sssi", sq, sq, sq, lim) >= 0)
			n = fill_matches(a, &r, out);
	} else if (*key) {
		if (db_exec(a, &r, "SELECT insee, name, postcodes, dept, lat, lon FROM ref_communes"
			    " WHERE name_key LIKE CONCAT(?, '%')"
			    " ORDER BY name_key = ? DESC, dept = '74' DESC, population DESC LIMIT ?",
			    "ssi", key, key, lim) >= 0)
			n = fill_matches(a, &r, out);
	}
	free(sq);
	free(key);
	return n;
}

static size_t fill_procs(struct arena *a, const struct db_res *r, struct procedure_info **out)
{
	struct procedure_info *p = arena_alloc(a, (r->nrows + 1) * sizeof(*p));
	for (size_t i = 0; i < r->nrows; i++) {
		p[i].id = db_int(r, i, 0);
		p[i].code = db_val(r, i, 1);
		p[i].name = db_val(r, i, 2);
		p[i].documents = db_val(r, i, 3);
		p[i].minutes = (int)db_int(r, i, 4);
		p[i].max_party = (int)db_int(r, i, 5);
		p[i].needs_predemande = db_int(r, i, 6) != 0;
	}
	*out = p;
	return r->nrows;
}

size_t place_procedures(struct arena *a, const char *lang, struct procedure_info **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, "SELECT p.id, p.code, IF(? = 'en', p.name_en, p.name_fr),"
		    " IF(? = 'en', p.documents_en, p.documents_fr), p.minutes_per_person, p.max_party,"
		    " p.needs_predemande FROM procedures p"
		    " WHERE EXISTS (SELECT 1 FROM device_procedures dp JOIN devices d ON d.id = dp.device_id"
		    "   AND d.active = 1 WHERE dp.procedure_id = p.id)"
		    " ORDER BY p.sort_order, p.id", "ss", lang, lang) < 0)
		return 0;
	return fill_procs(a, &r, out);
}

bool place_procedure(struct arena *a, const char *code, const char *lang, struct procedure_info *out)
{
	struct db_res r;
	struct procedure_info *p;
	if (!code || db_exec(a, &r, "SELECT p.id, p.code, IF(? = 'en', p.name_en, p.name_fr),"
			     " IF(? = 'en', p.documents_en, p.documents_fr), p.minutes_per_person,"
			     " p.max_party, p.needs_predemande FROM procedures p WHERE p.code = ?",
			     "sss", lang, lang, code) < 0 || r.nrows != 1)
		return false;
	fill_procs(a, &r, &p);
	*out = p[0];
	return true;
}

bool place_site(struct arena *a, long long site_id, struct site_info *out)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT s.id, s.commune_id, s.name, s.address, s.postcode, s.city, s.access_info,"
		    " c.name, s.lat, s.lon, c.min_notice_hours, c.horizon_days FROM sites s"
		    " JOIN communes c ON c.id = s.commune_id WHERE s.id = ? AND s.active = 1",
		    "i", site_id) < 0 || r.nrows != 1)
		return false;
	out->id = db_int(&r, 0, 0);
	out->commune_id = db_int(&r, 0, 1);
	out->name = db_val(&r, 0, 2);
	out->address = db_val(&r, 0, 3);
	out->postcode = db_val(&r, 0, 4);
	out->city = db_val(&r, 0, 5);
	out->access_info = db_val(&r, 0, 6);
	out->commune_name = db_val(&r, 0, 7);
	out->lat = db_double(&r, 0, 8);
	out->lon = db_double(&r, 0, 9);
	out->min_notice_hours = (int)db_int(&r, 0, 10);
	out->horizon_days = (int)db_int(&r, 0, 11);
	return true;
}

/* Free regular slots of the site's devices offering the procedure in
 * [from, until), ordered by device then start, at most limit rows. */
static size_t free_slots(struct arena *a, long long site_id, long long procedure_id, time_t from,
                         time_t until, long long after_device, long long limit,
                         struct db_res *r)
{
	char f[20], u[20];
	dt_format_sql(from, f);
	dt_format_sql(until, u);
	if (db_exec(a, r, "SELECT s.id, s.device_id, s.start_utc, s.end_utc,"
		    " TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc) FROM slots s"
		    " JOIN devices d ON d.id = s.device_id AND d.active = 1 AND d.site_id = ?"
		    " JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?"
		    " WHERE s.start_utc >= ? AND s.start_utc < ? AND s.device_id > ?"
		    " AND s.booked_regular < s.cap_regular"
		    " ORDER BY s.device_id, s.start_utc LIMIT ?",
		    "iissii", site_id, procedure_id, f, u, after_device, limit) < 0)
		return 0;
	return r->nrows;
}

static int minutes_of(struct arena *a, long long procedure_id)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT minutes_per_person FROM procedures WHERE id = ?", "i", procedure_id) < 0)
		return 0;
	return (int)db_int(&r, 0, 0);
}

/* Calls fn for every free run of the party within [from, until). */
typedef bool (*run_fn)(void *ctx, long long slot_id, time_t start);
static void each_run(struct arena *a, long long site_id, long long procedure_id, int party,
                     time_t from, time_t until, run_fn fn, void *ctx)
{
	int mpp = minutes_of(a, procedure_id);
	struct db_res r;
	size_t n = free_slots(a, site_id, procedure_id, from, until, 0, 20000, &r);
	size_t i = 0;
	while (i < n) {
		/* One device's rows. */
		size_t j = i;
		long long dev = db_int(&r, i, 1);
		while (j < n && db_int(&r, j, 1) == dev)
			j++;
		struct free_slot *fs = xcalloc(j - i, sizeof(*fs));
		for (size_t t = i; t < j; t++) {
			fs[t - i].id = db_int(&r, t, 0);
			dt_parse_sql(db_val(&r, t, 2), &fs[t - i].start);
			dt_parse_sql(db_val(&r, t, 3), &fs[t - i].end);
			fs[t - i].free = 1;
		}
		int k = slots_needed(party, mpp, (int)db_int(&r, i, 4));
		for (size_t t = 0; k > 0 && t + (size_t)k <= j - i; t++) {
			long at = slots_find_run(fs + t, j - i - t, k);
			if (at < 0)
				break;
			t += (size_t)at;
			if (!fn(ctx, fs[t].id, fs[t].start))
				break;
		}
		free(fs);
		i = j;
	}
}

struct earliest_ctx { time_t best; long long slot; };
static bool take_earliest(void *p, long long slot_id, time_t start)
{
	struct earliest_ctx *c = p;
	if (!c->slot || start < c->best) {
		c->best = start;
		c->slot = slot_id;
	}
	return false;   /* runs come in time order per device: the first is its earliest */
}

static int cmp_km(const void *x, const void *y)
{
	const struct site_hit *a = x, *b = y;
	return (a->km > b->km) - (a->km < b->km);
}

size_t place_sites(struct arena *a, long long procedure_id, int party, bool located,
                   double lat, double lon, size_t max, struct site_hit **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, "SELECT DISTINCT s.id, s.name, s.address, s.postcode, s.city, c.name, s.lat, s.lon,"
		    " c.min_notice_hours, c.horizon_days FROM sites s JOIN communes c ON c.id = s.commune_id"
		    " JOIN devices d ON d.site_id = s.id AND d.active = 1"
		    " JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?"
		    " WHERE s.active = 1", "i", procedure_id) < 0)
		return 0;
	struct site_hit *h = arena_alloc(a, (r.nrows + 1) * sizeof(*h));
	for (size_t i = 0; i < r.nrows; i++) {
		h[i].site_id = db_int(&r, i, 0);
		h[i].name = db_val(&r, i, 1);
		h[i].address = db_val(&r, i, 2);
		h[i].postcode = db_val(&r, i, 3);
		h[i].city = db_val(&r, i, 4);
		h[i].commune_name = db_val(&r, i, 5);
		h[i].lat = db_double(&r, i, 6);
		h[i].lon = db_double(&r, i, 7);
		h[i].km = located ? geo_distance_km(lat, lon, h[i].lat, h[i].lon) : -1;
	}
	qsort(h, r.nrows, sizeof(*h), cmp_km);
	size_t n = !located || r.nrows < max ? r.nrows : max;
	time_t now = time(NULL);
	for (size_t i = 0; i < n; i++) {
		size_t row = 0;
		for (; row < r.nrows; row++)
			if (db_int(&r, row, 0) == h[i].site_id)
				break;
		time_t from = now + db_int(&r, row, 8) * 3600;
		time_t until = now + (db_int(&r, row, 9) + 1) * 86400;
		struct earliest_ctx c = { 0, 0 };
		each_run(a, h[i].site_id, procedure_id, party, from, until, take_earliest, &c);
		h[i].has_free = c.slot != 0;
		h[i].earliest = c.best;
		h[i].earliest_slot = c.slot;
	}
	*out = h;
	return n;
}

struct times_ctx { struct free_time *t; size_t n, cap; };
static bool collect(void *p, long long slot_id, time_t start)
{
	struct times_ctx *c = p;
	for (size_t i = 0; i < c->n; i++)
		if (c->t[i].start == start)
			return true;       /* same time on another device: show once */
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->t = xrealloc(c->t, c->cap * sizeof(*c->t));
	}
	c->t[c->n].slot_id = slot_id;
	c->t[c->n].start = start;
	c->n++;
	return true;
}

static int cmp_time(const void *x, const void *y)
{
	const struct free_time *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

static bool day_bounds(int y, int mo, int d, time_t *from, time_t *until)
{
	int y2 = y, m2 = mo, d2 = d;
	dt_add_days(&y2, &m2, &d2, 1);
	/* Midnight always exists in Europe/Paris (changes happen at 2-3 am). */
	return dt_local_to_utc(y, mo, d, 0, 0, from) && dt_local_to_utc(y2, m2, d2, 0, 0, until);
}

size_t place_free_times(struct arena *a, long long site_id, long long procedure_id, int party,
                        int y, int mo, int d, struct free_time **out)
{
	*out = NULL;
	struct site_info si;
	time_t from, until;
	if (!place_site(a, site_id, &si) || !day_bounds(y, mo, d, &from, &until))
		return 0;
	time_t now = time(NULL), first = now + (time_t)si.min_notice_hours * 3600;
	time_t last = now + (time_t)(si.horizon_days + 1) * 86400;
	if (from < first)
		from = first;
	if (until > last)
		until = last;
	if (from >= until)
		return 0;
	struct times_ctx c = { NULL, 0, 0 };
	each_run(a, site_id, procedure_id, party, from, until, collect, &c);
	qsort(c.t, c.n, sizeof(*c.t), cmp_time);
	struct free_time *t = arena_alloc(a, (c.n + 1) * sizeof(*t));
	if (c.n)
		memcpy(t, c.t, c.n * sizeof(*t));
	free(c.t);
	*out = t;
	return c.n;
}

struct days_ctx { time_t base; int days; bool *has; int y, mo, d; };
static bool mark_day(void *p, long long slot_id, time_t start)
{
	(void)slot_id;
	struct days_ctx *c = p;
	struct tm tm;
	dt_utc_to_local(start, &tm);
	int i = dt_days_between(c->y, c->mo, c->d, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (i >= 0 && i < c->days)
		c->has[i] = true;
	return true;
}

void place_free_days(struct arena *a, long long site_id, long long procedure_id, int party,
                     int y, int mo, int d, int days, bool *has)
{
	memset(has, 0, (size_t)days * sizeof(*has));
	struct site_info si;
	time_t from, until, dummy;
	int ye = y, me = mo, de = d;
	dt_add_days(&ye, &me, &de, days);
	if (!place_site(a, site_id, &si) || !day_bounds(y, mo, d, &from, &dummy) ||
	    !dt_local_to_utc(ye, me, de, 0, 0, &until))
		return;
	time_t now = time(NULL), first = now + (time_t)si.min_notice_hours * 3600;
	time_t last = now + (time_t)(si.horizon_days + 1) * 86400;
	if (from < first)
		from = first;
	if (until > last)
		until = last;
	if (from >= until)
		return;
	struct days_ctx c = { from, days, has, y, mo, d };
	each_run(a, site_id, procedure_id, party, from, until, mark_day, &c);
}

bool place_slot(struct arena *a, long long slot_id, long long procedure_id, struct slot_info *out)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT s.id, si.id, s.device_id, s.start_utc, si.name, si.address, si.postcode,"
		    " si.city, c.name, dp.procedure_id IS NOT NULL, s.cap_regular - s.booked_regular"
		    " FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1"
		    " JOIN sites si ON si.id = d.site_id AND si.active = 1"
		    " JOIN communes c ON c.id = si.commune_id"
		    " LEFT JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?"
		    " WHERE s.id = ?", "ii", procedure_id, slot_id) < 0 || r.nrows != 1)
		return false;
	out->slot_id = db_int(&r, 0, 0);
	out->site_id = db_int(&r, 0, 1);
	out->device_id = db_int(&r, 0, 2);
	dt_parse_sql(db_val(&r, 0, 3), &out->start);
	out->site_name = db_val(&r, 0, 4);
	out->address = db_val(&r, 0, 5);
	out->postcode = db_val(&r, 0, 6);
	out->city = db_val(&r, 0, 7);
	out->commune_name = db_val(&r, 0, 8);
	out->offered = db_int(&r, 0, 9) != 0;
	out->free_regular = (int)db_int(&r, 0, 10);
	return true;
}
