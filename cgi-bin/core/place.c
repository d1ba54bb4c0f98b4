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
		/* Both through an index: the primary key, and the full-text index
		 * on the space-separated postcodes (sql/004_free_slots.sql). */
		if (db_exec(a, &r, "SELECT insee, name, postcodes, dept, lat, lon, population, insee = ? AS exact"
			    " FROM ref_communes WHERE insee = ?"
			    " UNION SELECT insee, name, postcodes, dept, lat, lon, population, insee = ?"
			    " FROM ref_communes WHERE MATCH (postcodes) AGAINST (? IN BOOLEAN MODE)"
			    " ORDER BY exact DESC, population DESC LIMIT ?",
			    "ssssi", sq, sq, sq, sq, lim) >= 0)
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

/* ------------------------------------------------------------ free time
 * Every search below reads free places through the index ix_slot_free
 * (device_id, has_free_regular, start_utc) of sql/004_free_slots.sql:
 * has_free_regular is a stored column (booked_regular < cap_regular) that
 * InnoDB keeps in the very UPDATE that takes or gives back a place, so the
 * index is exact inside the booking transaction and needs no cache of its
 * own. The device ids are always constants of the query (a padded IN
 * list): joined to devices, MariaDB would read the index by (device, free)
 * only and walk each device's whole history, past slots included. */

#define DEV_BATCH 32     /* device ids per query (the IN lists below) */
#define RUN_BATCH 48     /* free slots read at a time when a run needs several */

/* A device offering the procedure, with the window its commune opens. */
struct dev_window {
	long long device_id, site_id;
	time_t from, until;
	int mpp;             /* minutes per person of the procedure */
};

/* The ids of d[0..n) padded with 0 (no device has id 0) to DEV_BATCH. */
static void dev_ids(const struct dev_window *d, size_t n, long long *p)
{
	for (size_t i = 0; i < DEV_BATCH; i++)
		p[i] = i < n ? d[i].device_id : 0;
}

/* Free regular slots of up to DEV_BATCH devices in [from, until), by
 * device then start: id, device_id, start, end, slot minutes. */
static bool free_rows(struct arena *a, const struct dev_window *d, size_t n, time_t from, time_t until,
                      struct db_res *r)
{
	char f[20], u[20];
	long long id[DEV_BATCH];
	dt_format_sql(from, f);
	dt_format_sql(until, u);
	dev_ids(d, n, id);
	return db_exec(a, r, "SELECT id, device_id, start_utc, end_utc, TIMESTAMPDIFF(MINUTE, start_utc, end_utc)"
		       " FROM slots FORCE INDEX (ix_slot_free) WHERE device_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		       " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		       " AND has_free_regular = 1 AND start_utc >= ? AND start_utc < ?"
		       " ORDER BY device_id, start_utc",
		       "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiss",
		       id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11],
		       id[12], id[13], id[14], id[15], id[16], id[17], id[18], id[19], id[20], id[21], id[22],
		       id[23], id[24], id[25], id[26], id[27], id[28], id[29], id[30], id[31], f, u) >= 0;
}

/* The active devices of an active site offering the procedure, with the
 * window from the commune's notice to its horizon (one query).
 * Arena-owned; 0 when there are none. */
static size_t site_devices(struct arena *a, long long site_id, long long procedure_id,
                           struct dev_window **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, "SELECT d.id, c.min_notice_hours, c.horizon_days, p.minutes_per_person"
		    " FROM sites si JOIN communes c ON c.id = si.commune_id"
		    " JOIN devices d ON d.site_id = si.id AND d.active = 1"
		    " JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?"
		    " JOIN procedures p ON p.id = dp.procedure_id"
		    " WHERE si.id = ? AND si.active = 1 ORDER BY d.id",
		    "ii", procedure_id, site_id) < 0 || r.nrows == 0)
		return 0;
	time_t now = time(NULL);
	struct dev_window *d = arena_alloc(a, r.nrows * sizeof(*d));
	for (size_t i = 0; i < r.nrows; i++) {
		d[i].device_id = db_int(&r, i, 0);
		d[i].site_id = site_id;
		d[i].from = now + (time_t)db_int(&r, i, 1) * 3600;
		d[i].until = now + (time_t)(db_int(&r, i, 2) + 1) * 86400;
		d[i].mpp = (int)db_int(&r, i, 3);
	}
	*out = d;
	return r.nrows;
}

/* Calls fn for every free run of the party on the devices of one site
 * within [from, until) clipped to the commune's window, device by device
 * and in time order within a device; fn returns false to stop. The run
 * length comes from the length of the device's first free slot. */
typedef bool (*run_fn)(void *ctx, long long slot_id, time_t start);
static void each_run(struct arena *a, const struct dev_window *d, size_t nd, int party,
                     time_t from, time_t until, run_fn fn, void *ctx)
{
	time_t f = from > d[0].from ? from : d[0].from;
	time_t u = until < d[0].until ? until : d[0].until;
	if (f >= u)
		return;
	for (size_t b = 0; b < nd; b += DEV_BATCH) {
		size_t nb = nd - b < DEV_BATCH ? nd - b : DEV_BATCH;
		struct db_res r;
		if (!free_rows(a, d + b, nb, f, u, &r))
			return;
		size_t i = 0;
		while (i < r.nrows) {
			/* One device's rows. */
			size_t j = i;
			long long dev = db_int(&r, i, 1);
			while (j < r.nrows && db_int(&r, j, 1) == dev)
				j++;
			struct free_slot *fs = xcalloc(j - i, sizeof(*fs));
			for (size_t t = i; t < j; t++) {
				fs[t - i].id = db_int(&r, t, 0);
				dt_parse_sql(db_val(&r, t, 2), &fs[t - i].start);
				dt_parse_sql(db_val(&r, t, 3), &fs[t - i].end);
				fs[t - i].free = 1;
			}
			int k = slots_needed(party, d[b].mpp, (int)db_int(&r, i, 4));
			bool more = true;
			for (size_t t = 0; more && k > 0 && t + (size_t)k <= j - i; t++) {
				long at = slots_find_run(fs + t, j - i - t, k);
				if (at < 0)
					break;
				t += (size_t)at;
				more = fn(ctx, fs[t].id, fs[t].start);
			}
			free(fs);
			if (!more)
				return;
			i = j;
		}
	}
}

/* The earliest run of k free slots on one device from `from` (its first
 * free slot) to the end of its window: reads its free slots RUN_BATCH at
 * a time until a run fits. */
static bool first_run(struct arena *a, const struct dev_window *d, time_t from, int k,
                      long long *slot_id, time_t *start)
{
	struct free_slot fs[RUN_BATCH];
	char u[20];
	if (k < 1 || k > RUN_BATCH)
		return false;
	dt_format_sql(d->until, u);
	while (from < d->until) {
		char f[20];
		struct db_res r;
		dt_format_sql(from, f);
		if (db_exec(a, &r, "SELECT id, start_utc, end_utc"
			    " FROM slots FORCE INDEX (ix_slot_free) WHERE device_id = ? AND has_free_regular = 1"
			    " AND start_utc >= ? AND start_utc < ? ORDER BY start_utc LIMIT ?",
			    "issi", d->device_id, f, u, (long long)RUN_BATCH) < 0 || r.nrows == 0)
			return false;
		for (size_t t = 0; t < r.nrows; t++) {
			fs[t].id = db_int(&r, t, 0);
			dt_parse_sql(db_val(&r, t, 1), &fs[t].start);
			dt_parse_sql(db_val(&r, t, 2), &fs[t].end);
			fs[t].free = 1;
		}
		long at = slots_find_run(fs, r.nrows, k);
		if (at >= 0) {
			*slot_id = fs[at].id;
			*start = fs[at].start;
			return true;
		}
		if (r.nrows < RUN_BATCH)
			return false;
		/* A run may straddle two batches: go on from the last k - 1 slots. */
		time_t next = fs[r.nrows - (size_t)(k > 1 ? k - 1 : 1)].start;
		if (next <= from)
			next = fs[r.nrows - 1].start;
		if (next <= from)
			return false;
		from = next;
	}
	return false;
}

/* The first free slot of a device from a time: MIN over the index, which
 * MariaDB reads while it plans the statement (one dive, no other plan
 * possible), for MIN_BATCH devices per statement. */
#define MIN_FREE "(SELECT MIN(start_utc) FROM slots WHERE device_id = ? AND has_free_regular = 1" \
	" AND start_utc >= ?)"
#define MIN_FREE4 MIN_FREE ", " MIN_FREE ", " MIN_FREE ", " MIN_FREE
#define MIN_BATCH 24
static const char min_free_sql[] = "SELECT " MIN_FREE4 ", " MIN_FREE4 ", " MIN_FREE4 ", "
	MIN_FREE4 ", " MIN_FREE4 ", " MIN_FREE4;

/* A slot by device and start: a unique key lookup, EQ_BATCH per statement. */
#define SLOT_AT "(SELECT id, device_id, start_utc, TIMESTAMPDIFF(MINUTE, start_utc, end_utc)" \
	" FROM slots WHERE device_id = ? AND start_utc = ?)"
#define SLOT_AT4 SLOT_AT " UNION ALL " SLOT_AT " UNION ALL " SLOT_AT " UNION ALL " SLOT_AT
#define EQ_BATCH 10
static const char slot_at_sql[] = SLOT_AT4 " UNION ALL " SLOT_AT4 " UNION ALL " SLOT_AT " UNION ALL " SLOT_AT;

/* A device's first free slot (from its window's start), then the slot
 * itself and the run it starts. */
struct first {
	const struct dev_window *w;
	time_t start;          /* first free slot, 0 = none in the window */
	long long slot_id;     /* the earliest run's first slot, once known */
	time_t run_start;
	int len;               /* minutes of the first free slot, once read */
	bool done;
};

static int cmp_first(const void *x, const void *y)
{
	const struct first *a = x, *b = y;
	if (a->w->site_id != b->w->site_id)
		return (a->w->site_id > b->w->site_id) - (a->w->site_id < b->w->site_id);
	if (a->start != b->start)
		return (a->start > b->start) - (a->start < b->start);
	return (a->w->device_id > b->w->device_id) - (a->w->device_id < b->w->device_id);
}

/* Fills f[i].start for f[0..n). */
static void first_free(struct arena *a, struct first *f, size_t n)
{
	for (size_t b = 0; b < n; b += MIN_BATCH) {
		long long id[MIN_BATCH];
		char from[MIN_BATCH][20];
		size_t nb = n - b < MIN_BATCH ? n - b : MIN_BATCH;
		for (size_t i = 0; i < MIN_BATCH; i++) {
			id[i] = i < nb ? f[b + i].w->device_id : 0;
			dt_format_sql(i < nb ? f[b + i].w->from : 0, from[i]);
		}
		struct db_res r;
#define P(i) id[i], from[i]
		if (db_exec(a, &r, min_free_sql, "isisisisisisisisisisisisisisisisisisisisisisisis",
			    P(0), P(1), P(2), P(3), P(4), P(5), P(6), P(7), P(8), P(9), P(10), P(11), P(12),
			    P(13), P(14), P(15), P(16), P(17), P(18), P(19), P(20), P(21), P(22), P(23)) < 0 ||
		    r.nrows != 1)
			continue;
#undef P
		for (size_t i = 0; i < nb; i++) {
			time_t t;
			const char *v = db_val(&r, 0, i);
			f[b + i].start = v && dt_parse_sql(v, &t) && t < f[b + i].w->until ? t : 0;
		}
	}
}

/* The slot id and length at f[i].start for the entries to[0..n) (indexes
 * into f); then, unless party is 0, the earliest run of each: the slot
 * itself when one slot holds the party, else a walk from it. */
static void resolve_runs(struct arena *a, struct first *f, const size_t *to, size_t n, int party)
{
	for (size_t b = 0; b < n; b += EQ_BATCH) {
		long long id[EQ_BATCH];
		char at[EQ_BATCH][20];
		size_t nb = n - b < EQ_BATCH ? n - b : EQ_BATCH;
		for (size_t i = 0; i < EQ_BATCH; i++) {
			id[i] = i < nb ? f[to[b + i]].w->device_id : 0;
			dt_format_sql(i < nb ? f[to[b + i]].start : 0, at[i]);
		}
		struct db_res r;
#define P(i) id[i], at[i]
		if (db_exec(a, &r, slot_at_sql, "isisisisisisisisisis",
			    P(0), P(1), P(2), P(3), P(4), P(5), P(6), P(7), P(8), P(9)) < 0)
			continue;
#undef P
		for (size_t i = 0; i < nb; i++) {
			struct first *x = &f[to[b + i]];
			x->done = true;
			for (size_t j = 0; j < r.nrows; j++) {
				if (db_int(&r, j, 1) != x->w->device_id)
					continue;
				long long slot = db_int(&r, j, 0);
				time_t start = x->start;
				x->len = (int)db_int(&r, j, 3);
				if (party < 1)
					continue;          /* the lengths were all that was asked */
				int k = slots_needed(party, x->w->mpp, x->len);
				if (k == 1 || first_run(a, x->w, start, k, &slot, &start)) {
					x->slot_id = slot;
					x->run_start = start;
				}
			}
		}
	}
}

static int cmp_hit_id(const void *x, const void *y)
{
	const struct site_hit *a = *(struct site_hit *const *)x, *b = *(struct site_hit *const *)y;
	return (a->site_id > b->site_id) - (a->site_id < b->site_id);
}

/* Nearest first; equal distances (or none known) in site order. */
static int cmp_km(const void *x, const void *y)
{
	const struct site_hit *a = x, *b = y;
	if (a->km != b->km)
		return (a->km > b->km) - (a->km < b->km);
	return (a->site_id > b->site_id) - (a->site_id < b->site_id);
}

size_t place_sites(struct arena *a, long long procedure_id, int party, bool located,
                   double lat, double lon, size_t max, struct site_hit **out)
{
	struct db_res r;
	*out = NULL;
	/* One row per device offering the procedure, by site. */
	if (db_exec(a, &r, "SELECT STRAIGHT_JOIN s.id, s.name, s.address, s.postcode, s.city, c.name, s.lat, s.lon,"
		    " c.min_notice_hours, c.horizon_days, d.id, p.minutes_per_person"
		    " FROM device_procedures dp JOIN procedures p ON p.id = dp.procedure_id"
		    " JOIN devices d ON d.id = dp.device_id AND d.active = 1"
		    " JOIN sites s ON s.id = d.site_id AND s.active = 1"
		    " JOIN communes c ON c.id = s.commune_id"
		    " WHERE dp.procedure_id = ?", "i", procedure_id) < 0)
		return 0;
	struct site_hit *h = arena_alloc(a, (r.nrows + 1) * sizeof(*h));
	size_t ns = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		long long sid = db_int(&r, i, 0);
		bool known = false;
		for (size_t j = ns; j-- > 0 && !known;)
			known = h[j].site_id == sid;
		if (known)
			continue;
		struct site_hit *x = &h[ns++];
		memset(x, 0, sizeof(*x));
		x->site_id = sid;
		x->name = db_val(&r, i, 1);
		x->address = db_val(&r, i, 2);
		x->postcode = db_val(&r, i, 3);
		x->city = db_val(&r, i, 4);
		x->commune_name = db_val(&r, i, 5);
		x->lat = db_double(&r, i, 6);
		x->lon = db_double(&r, i, 7);
		x->km = located ? geo_distance_km(lat, lon, x->lat, x->lon) : -1;
	}
	qsort(h, ns, sizeof(*h), cmp_km);
	size_t n = !located || ns < max ? ns : max;

	/* The devices of the n sites kept, with their commune's window. */
	time_t now = time(NULL);
	struct dev_window *d = arena_alloc(a, (r.nrows + 1) * sizeof(*d));
	struct first *f = arena_alloc(a, (r.nrows + 1) * sizeof(*f));
	size_t nd = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		long long sid = db_int(&r, i, 0);
		bool kept = n == ns;
		for (size_t j = 0; j < n && !kept; j++)
			kept = h[j].site_id == sid;
		if (!kept)
			continue;
		d[nd].device_id = db_int(&r, i, 10);
		d[nd].site_id = sid;
		d[nd].from = now + (time_t)db_int(&r, i, 8) * 3600;
		d[nd].until = now + (time_t)(db_int(&r, i, 9) + 1) * 86400;
		d[nd].mpp = (int)db_int(&r, i, 11);
		memset(&f[nd], 0, sizeof(f[nd]));
		f[nd].w = &d[nd];
		nd++;
	}
	first_free(a, f, nd);
	/* By site, earliest first (then device order, as a tie): a site's
	 * answer is its first device whose run starts at its first free slot;
	 * a device needing a longer run may find it later than another
	 * device's, so the candidates are settled in rounds. */
	qsort(f, nd, sizeof(*f), cmp_first);
	size_t *to = arena_alloc(a, (nd + 1) * sizeof(*to));
	for (;;) {
		size_t nt = 0;
		for (size_t i = 0; i < nd;) {
			size_t j = i;
			while (j < nd && f[j].w->site_id == f[i].w->site_id)
				j++;
			/* The site is settled when its best run found so far starts
			 * no later than every device still to look at. */
			time_t best = 0;
			for (size_t t = i; t < j; t++)
				if (f[t].done && f[t].slot_id && (!best || f[t].run_start < best))
					best = f[t].run_start;
			for (size_t t = i; t < j; t++)
				if (!f[t].done && f[t].start && (!best || f[t].start < best)) {
					to[nt++] = t;
					break;
				}
			i = j;
		}
		if (!nt)
			break;
		resolve_runs(a, f, to, nt, party);
	}
	/* f is in site order: each site's entries follow each other. */
	struct site_hit **by_id = arena_alloc(a, (n + 1) * sizeof(*by_id));
	for (size_t j = 0; j < n; j++)
		by_id[j] = &h[j];
	qsort(by_id, n, sizeof(*by_id), cmp_hit_id);
	for (size_t i = 0; i < nd; i++) {
		if (!f[i].slot_id)
			continue;
		struct site_hit key = { .site_id = f[i].w->site_id }, *kp = &key;
		struct site_hit **x = bsearch(&kp, by_id, n, sizeof(*by_id), cmp_hit_id);
		if (x && (!(*x)->has_free || f[i].run_start < (*x)->earliest)) {
			(*x)->has_free = true;
			(*x)->earliest = f[i].run_start;
			(*x)->earliest_slot = f[i].slot_id;
		}
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
	struct dev_window *dw;
	time_t from, until;
	if (!day_bounds(y, mo, d, &from, &until))
		return 0;
	size_t nd = site_devices(a, site_id, procedure_id, &dw);
	if (!nd)
		return 0;
	struct times_ctx c = { NULL, 0, 0 };
	each_run(a, dw, nd, party, from, until, collect, &c);
	qsort(c.t, c.n, sizeof(*c.t), cmp_time);
	struct free_time *t = arena_alloc(a, (c.n + 1) * sizeof(*t));
	if (c.n)
		memcpy(t, c.t, c.n * sizeof(*t));
	free(c.t);
	*out = t;
	return c.n;
}

/* Day i of the strip holds the instants [bound[i], bound[i + 1]). */
struct days_ctx { const time_t *bound; int days; bool *has; };
static bool mark_day(void *p, long long slot_id, time_t start)
{
	(void)slot_id;
	struct days_ctx *c = p;
	for (int i = 0; i < c->days; i++)
		if (start >= c->bound[i] && start < c->bound[i + 1]) {
			c->has[i] = true;
			break;
		}
	return true;
}

/* The strip of days, without sending every slot: for each device and day
 * with a free slot, the day (INTERVAL() finds it among the strip's bounds,
 * in seconds since the epoch) and its first free slot, read from the index
 * alone. STRIP_DEV devices and STRIP_DAYS days at most. */
#define STRIP_DAYS 28
#define STRIP_DEV 16
#define Q4 "?, ?, ?, ?"
#define Q16 Q4 ", " Q4 ", " Q4 ", " Q4
static const char strip_sql[] =
	"SELECT device_id, INTERVAL(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', start_utc), "
	Q16 ", " Q4 ", " Q4 ", " Q4 ", ?) - 1 AS day, MIN(start_utc)"
	" FROM slots FORCE INDEX (ix_slot_free) WHERE device_id IN (" Q16 ")"
	" AND has_free_regular = 1 AND start_utc >= ? AND start_utc < ? GROUP BY device_id, day";

void place_free_days(struct arena *a, long long site_id, long long procedure_id, int party,
                     int y, int mo, int d, int days, bool *has)
{
	if (days <= 0)
		return;
	memset(has, 0, (size_t)days * sizeof(*has));
	time_t *bound = arena_alloc(a, ((size_t)days + 1) * sizeof(*bound));
	for (int i = 0; i <= days; i++) {
		int yy = y, mm = mo, dd = d;
		dt_add_days(&yy, &mm, &dd, i);
		if (!dt_local_to_utc(yy, mm, dd, 0, 0, &bound[i]))
			return;
	}
	struct dev_window *dw;
	size_t nd = site_devices(a, site_id, procedure_id, &dw);
	if (!nd)
		return;
	struct days_ctx c = { bound, days, has };
	time_t f = bound[0] > dw[0].from ? bound[0] : dw[0].from;
	time_t u = bound[days] < dw[0].until ? bound[days] : dw[0].until;
	if (f >= u)
		return;
	if (nd > STRIP_DEV || nd > EQ_BATCH || days > STRIP_DAYS) {
		each_run(a, dw, nd, party, bound[0], bound[days], mark_day, &c);
		return;
	}
	long long b[STRIP_DAYS + 1], id[STRIP_DEV];
	for (int i = 0; i <= STRIP_DAYS; i++)
		b[i] = i <= days ? (long long)bound[i] : (long long)bound[days] + (i - days);
	for (size_t i = 0; i < STRIP_DEV; i++)
		id[i] = i < nd ? dw[i].device_id : 0;
	char fs[20], us[20];
	dt_format_sql(f, fs);
	dt_format_sql(u, us);
	struct db_res r;
	if (db_exec(a, &r, strip_sql, "iiiiiiiiiiiiiiiiiiiiiiiiiiiii" "iiiiiiiiiiiiiiii" "ss",
		    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		    b[14], b[15], b[16], b[17], b[18], b[19], b[20], b[21], b[22], b[23], b[24], b[25], b[26],
		    b[27], b[28], id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10],
		    id[11], id[12], id[13], id[14], id[15], fs, us) < 0)
		return;
	/* Each device's first free slot, whose length gives the run length
	 * (as in each_run): when one slot holds the party, every day with a
	 * free slot has a free run; otherwise the device is read slot by slot. */
	struct first *fr = arena_alloc(a, nd * sizeof(*fr));
	size_t *to = arena_alloc(a, nd * sizeof(*to));
	size_t nt = 0;
	for (size_t i = 0; i < nd; i++) {
		memset(&fr[i], 0, sizeof(fr[i]));
		fr[i].w = &dw[i];
		for (size_t j = 0; j < r.nrows; j++) {
			time_t t;
			if (db_int(&r, j, 0) == dw[i].device_id && dt_parse_sql(db_val(&r, j, 2), &t) &&
			    (!fr[i].start || t < fr[i].start))
				fr[i].start = t;
		}
		if (fr[i].start)
			to[nt++] = i;
	}
	if (!nt)
		return;
	/* Only the lengths are wanted: party 1 asks for the slot itself. */
	resolve_runs(a, fr, to, nt, 0);
	struct dev_window *slow = arena_alloc(a, nd * sizeof(*slow));
	size_t nslow = 0;
	for (size_t t = 0; t < nt; t++) {
		struct first *x = &fr[to[t]];
		if (!x->len)
			continue;
		if (slots_needed(party, x->w->mpp, x->len) != 1) {
			slow[nslow++] = *x->w;
			continue;
		}
		for (size_t j = 0; j < r.nrows; j++) {
			long long day = db_int(&r, j, 1);
			if (db_int(&r, j, 0) == x->w->device_id && day >= 0 && day < days)
				has[day] = true;
		}
	}
	if (nslow)
		each_run(a, slow, nslow, party, bound[0], bound[days], mark_day, &c);
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
