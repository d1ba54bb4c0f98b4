/* place.c — see place.h. */
#include "place.h"
#include "booking.h"
#include "catalog.h"
#include "datetime.h"
#include "freegen.h"
#include "db.h"
#include "geo.h"
#include "keptdays.h"
#include "slots.h"
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
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

/* Postcodes and INSEE codes already looked up by this worker: the
 * reference list of communes changes only with a migration (and a
 * restart), and a département's people type a few hundred codes. */
#define CODE_MEMO 1024
static struct {
	char code[6];
	size_t max, n;
	struct commune_match *m;
} memo[CODE_MEMO];
static size_t nmemo;
static struct arena *memo_arena;

static size_t memo_find(const char *code, size_t max, struct commune_match **out)
{
	for (size_t i = 0; i < nmemo; i++)
		if (memo[i].max == max && strcmp(memo[i].code, code) == 0) {
			*out = memo[i].m;
			return memo[i].n;
		}
	return (size_t)-1;
}

static void memo_add(const char *code, size_t max, const struct commune_match *m, size_t n)
{
	if (nmemo == CODE_MEMO || !memo_arena) {
		if (memo_arena)
			arena_free(memo_arena);
		memo_arena = arena_new();
		nmemo = 0;
	}
	struct commune_match *c = arena_alloc(memo_arena, (n + 1) * sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		c[i] = m[i];
		c[i].insee = arena_strdup(memo_arena, m[i].insee);
		c[i].name = arena_strdup(memo_arena, m[i].name);
		c[i].postcodes = arena_strdup(memo_arena, m[i].postcodes);
		c[i].dept = arena_strdup(memo_arena, m[i].dept);
	}
	snprintf(memo[nmemo].code, sizeof(memo[nmemo].code), "%s", code);
	memo[nmemo].max = max;
	memo[nmemo].n = n;
	memo[nmemo].m = c;
	nmemo++;
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
		struct commune_match *m;
		n = memo_find(sq, max, &m);
		if (n != (size_t)-1) {
			/* The caller owns its copy (the memo may be flushed). */
			struct commune_match *c = arena_alloc(a, (n + 1) * sizeof(*c));
			for (size_t i = 0; i < n; i++) {
				c[i] = m[i];
				c[i].insee = arena_strdup(a, m[i].insee);
				c[i].name = arena_strdup(a, m[i].name);
				c[i].postcodes = arena_strdup(a, m[i].postcodes);
				c[i].dept = arena_strdup(a, m[i].dept);
			}
			*out = c;
		} else {
			n = 0;
			/* Both through an index: the primary key, and the full-text
			 * index on the space-separated postcodes (sql/004_free_slots.sql).
			 * What people type is a postcode: the communes of that
			 * postcode come first, and the commune whose INSEE code it
			 * also is (74150 is Loisin, postcode 74140) only when no
			 * commune has that postcode. */
			if (db_exec(a, &r, "SELECT insee, name, postcodes, dept, lat, lon, population, 0 AS by_postcode"
				    " FROM ref_communes WHERE insee = ?"
				    " AND NOT EXISTS (SELECT 1 FROM ref_communes p WHERE MATCH (p.postcodes) AGAINST (? IN BOOLEAN MODE))"
				    " UNION SELECT insee, name, postcodes, dept, lat, lon, population, 1"
				    " FROM ref_communes WHERE MATCH (postcodes) AGAINST (? IN BOOLEAN MODE)"
				    " ORDER BY by_postcode DESC, population DESC, insee LIMIT ?",
				    "sssi", sq, sq, sq, lim) >= 0) {
				n = fill_matches(a, &r, out);
				memo_add(sq, max, *out, n);
			}
		}
	} else if (*key) {
		if (db_exec(a, &r, "SELECT insee, name, postcodes, dept, lat, lon FROM ref_communes"
			    " WHERE name_key LIKE CONCAT(?, '%')"
			    " ORDER BY name_key = ? DESC, dept = '74' DESC, population DESC, insee LIMIT ?",
			    "ssi", key, key, lim) >= 0)
			n = fill_matches(a, &r, out);
	}
	free(sq);
	free(key);
	return n;
}

bool place_day_closed(long long site_id, long long procedure_id, int y, int mo, int d)
{
	const struct catalog *c = catalog_cached();
	int wd = dt_weekday(y, mo, d);
	if (!c || wd < 1 || wd > 7)
		return false;
	for (size_t i = 0; i < c->ndevices; i++) {
		const struct cat_device *dv = &c->devices[i];
		if (!dv->active || !dv->site->active || dv->site->id != site_id || !cat_device_offers(dv, procedure_id))
			continue;
		if (dv->closes[wd] <= dv->opens[wd])
			continue;                   /* never open that weekday */
		time_t from, until;
		if (!dt_local_to_utc(y, mo, d, dv->opens[wd] / 60, dv->opens[wd] % 60, &from) ||
		    !dt_local_to_utc(y, mo, d, dv->closes[wd] / 60, dv->closes[wd] % 60, &until))
			return false;
		/* Open unless its closures (by start) cover the opening hours. */
		time_t t = from;
		for (size_t k = 0; k < dv->nclosures && t < until; k++)
			if (dv->closures[k].from <= t && dv->closures[k].until > t)
				t = dv->closures[k].until;
		if (t < until)
			return false;
	}
	return true;
}

size_t place_pick(const struct commune_match *m, size_t n, const char *typed)
{
	if (n == 1)
		return 0;
	if (n == 0 || !typed)
		return n;
	size_t exact = 0, at = n;
	char *t = text_fold(typed);
	for (size_t i = 0; i < n; i++) {
		char *k = text_fold(m[i].name);
		if (strcmp(k, t) == 0) {
			exact++;
			at = i;
		}
		free(k);
	}
	free(t);
	return exact == 1 ? at : n;
}

size_t place_resolve_insee(struct arena *a, const char *insee, struct commune_match **out)
{
	struct db_res r;
	*out = NULL;
	if (!insee || !all_digits(insee, 5) ||
	    db_exec(a, &r, "SELECT insee, name, postcodes, dept, lat, lon FROM ref_communes WHERE insee = ?",
		    "s", insee) < 0)
		return 0;
	return fill_matches(a, &r, out);
}

/* ------------------------------------------------------------ catalog */

static void proc_info(const struct cat_procedure *p, const char *lang, struct procedure_info *out)
{
	bool en = str_eq(lang, "en");
	out->id = p->id;
	out->code = p->code;
	out->name = en ? p->name_en : p->name_fr;
	out->documents = en ? p->documents_en : p->documents_fr;
	out->minutes = p->minutes;
	out->max_party = p->max_party;
	out->needs_predemande = p->needs_predemande;
}

size_t place_procedures(struct arena *a, const char *lang, struct procedure_info **out)
{
	const struct catalog *c = catalog_get();
	size_t n = 0;
	*out = arena_alloc(a, ((c ? c->nprocedures : 0) + 1) * sizeof(**out));
	for (size_t i = 0; c && i < c->nprocedures; i++)
		if (c->procedures[i].offered)
			proc_info(&c->procedures[i], lang, &(*out)[n++]);
	return n;
}

static bool procedure_from(const struct catalog *c, const char *code, const char *lang,
                           struct procedure_info *out)
{
	const struct cat_procedure *p = catalog_procedure(c, code);
	if (!p)
		return false;
	proc_info(p, lang, out);
	return true;
}

bool place_procedure(struct arena *a, const char *code, const char *lang, struct procedure_info *out)
{
	(void)a;
	return procedure_from(catalog_get(), code, lang, out);
}

bool place_procedure_cached(const char *code, const char *lang, struct procedure_info *out)
{
	/* Not in the copy: perhaps added since. */
	return procedure_from(catalog_cached(), code, lang, out) ||
	       procedure_from(catalog_get(), code, lang, out);
}

bool place_site(struct arena *a, long long site_id, struct site_info *out)
{
	(void)a;
	const struct cat_site *s = catalog_site(catalog_cached(), site_id);
	if (!s || !s->active)
		s = catalog_site(catalog_get(), site_id);     /* perhaps added since */
	if (!s || !s->active)
		return false;
	out->id = s->id;
	out->commune_id = s->commune->id;
	out->name = s->name;
	out->address = s->address;
	out->postcode = s->postcode;
	out->city = s->city;
	out->access_info = s->access_info;
	out->commune_name = s->commune->name;
	out->lat = s->lat;
	out->lon = s->lon;
	out->min_notice_hours = s->commune->min_notice_hours;
	out->horizon_days = s->commune->horizon_days;
	return true;
}

/* ---------------------------------------------------------- free runs
 *
 * has_free_regular is a stored column (booked_regular < cap_regular) that
 * InnoDB keeps in the very UPDATE that takes or gives back a place, so the
 * index (device_id, has_free_regular, start_utc, end_utc) is exact inside
 * the booking transaction and needs no cache of its own. The device ids
 * are always constants of the query: joined to devices, MariaDB would read
 * the index by (device, free) only and walk each device's whole history.
 *
 * Each statement of the public pages also brings the catalog's version
 * (first row), so the devices it was built from are known to be current. */

#define DEV_BATCH 32     /* device ids per query (the IN lists below) */
#define RUN_BATCH 48     /* free slots read at a time when a run needs several */
#define RUN_MAX 8        /* longest run looked for in one statement */

/* A device offering the procedure, with the window its commune opens. */
struct dev_window {
	long long device_id, site_id;
	time_t from, until;
	int mpp;             /* minutes per person of the procedure */
	int slot_minutes;    /* of its opening rules, 0 when unknown */
};

/* The instants a commune's public may book at `now`: from its notice to
 * the end of its horizon. */
static void commune_window(const struct cat_commune *cm, time_t now, time_t *from, time_t *until)
{
	*from = now + (time_t)cm->min_notice_hours * 3600;
	*until = now + (time_t)(cm->horizon_days + 1) * 86400;
}

/* The active devices offering the procedure, at one site (site_id) or at
 * every active site (0), by site. Arena-owned. */
static size_t windows(struct arena *a, const struct catalog *c, long long site_id, long long procedure_id,
                      struct dev_window **out)
{
	const struct cat_procedure *p = catalog_procedure_id(c, procedure_id);
	*out = arena_alloc(a, ((c ? c->ndevices : 0) + 1) * sizeof(**out));
	if (!p)
		return 0;
	time_t now = time(NULL);
	size_t n = 0;
	for (size_t i = 0; i < c->ndevices; i++) {
		const struct cat_device *d = &c->devices[i];
		if (!d->active || !d->site->active || (site_id && d->site->id != site_id) ||
		    !cat_device_offers(d, procedure_id))
			continue;
		struct dev_window *w = &(*out)[n++];
		w->device_id = d->id;
		w->site_id = d->site->id;
		commune_window(d->site->commune, now, &w->from, &w->until);
		w->mpp = p->minutes;
		w->slot_minutes = d->slot_minutes;
	}
	return n;
}

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

/* Calls fn for each run of k free slots among one device's free slots fs
 * (in time order), k from the first slot's length, with the run's first
 * slot and the start of its last one; false when fn stopped. */
typedef bool (*run_fn)(void *ctx, long long slot_id, time_t start, time_t last);
static bool runs_of(struct free_slot *fs, size_t n, int party, int mpp, run_fn fn, void *ctx)
{
	if (!n)
		return true;
	int k = slots_needed(party, mpp, (int)((fs[0].end - fs[0].start) / 60));
	for (size_t t = 0; k > 0 && t + (size_t)k <= n; t++) {
		long at = slots_find_run(fs + t, n - t, k);
		if (at < 0)
			break;
		t += (size_t)at;
		if (!fn(ctx, fs[t].id, fs[t].start, fs[t + (size_t)k - 1].start))
			return false;
	}
	return true;
}

/* Calls fn for every free run of the party on the devices of one site
 * within [from, until) clipped to the commune's window, device by device
 * and in time order within a device; fn returns false to stop. */
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
			size_t j;
			struct free_slot *fs = booking_device_rows(&r, i, &j);
			bool more = runs_of(fs, j - i, party, d[b].mpp, fn, ctx);
			free(fs);
			if (!more)
				return;
			i = j;
		}
	}
}

/* The earliest run of k free slots on one device from `from` to the end
 * of its window: reads its free slots RUN_BATCH at a time until a run
 * fits. For devices whose runs a single statement cannot find. */
static bool walk_run(struct arena *a, const struct dev_window *d, time_t from, int k,
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

/* The earliest runs of k slots: the first run_limit(k) free slots of each
 * device from its window's start, one single-table subquery per device
 * (each an index dive and a short read in order; cheap to plan, unlike
 * joins, and no GROUP BY whose plan MariaDB may turn into a scan of every
 * free slot), the runs found among them here; a device whose first free
 * slots hold no run walks on (walk_run). The statement texts
 * are built once per process (the statement cache is keyed by address). */
static const size_t run_sizes[] = { 1, 2, 4, 8, 12, 16, 24, 32 };
#define NSIZES (sizeof(run_sizes) / sizeof(run_sizes[0]))
static const char *run_sql[RUN_MAX + 1][NSIZES];

static int run_limit(int k)
{
	if (k == 1)
		return 1;
	return k * 8 > RUN_BATCH ? RUN_BATCH : k * 8;
}

static const char *run_stmt(int k, size_t si)
{
	if (!run_sql[k][si]) {
		struct sbuf b;
		sbuf_init(&b);
		/* The first row brings the catalog's version. */
		sbuf_adds(&b, "SELECT (" CATALOG_VERSION_ROW "), NULL, NULL, NULL, NULL");
		for (size_t i = 0; i < run_sizes[si]; i++)
			sbuf_printf(&b, " UNION ALL (SELECT device_id, id, start_utc, end_utc, NULL"
				    " FROM slots FORCE INDEX (ix_slot_free) WHERE device_id = ? AND has_free_regular = 1"
				    " AND start_utc >= ? AND start_utc < ? ORDER BY start_utc LIMIT %d)", run_limit(k));
		run_sql[k][si] = sbuf_take(&b);
	}
	return run_sql[k][si];
}

/* The earliest run of each window's device. */
struct first {
	long long slot_id;   /* 0: none in the window */
	time_t start;
};

/* The earliest run among a device's first free slots, rows [j, e) of r
 * (device, id, start, end): found, walked on from there, or left to the
 * caller (*need = 0) when the booking would count another number of slots
 * than k (the first slot's length differs from the device's rules). */
static void device_run(struct arena *a, const struct dev_window *x, const struct db_res *r, size_t j,
                       size_t e, int k, int party, struct first *out, int *need)
{
	struct free_slot fs[RUN_BATCH];
	size_t m = 0;
	for (size_t t = j; t < e && m < RUN_BATCH; t++, m++) {
		fs[m].id = db_int(r, t, 1);
		fs[m].free = 1;
		if (!dt_parse_sql(db_val(r, t, 2), &fs[m].start) || !dt_parse_sql(db_val(r, t, 3), &fs[m].end))
			return;
	}
	/* The booking takes slots_needed() slots by the first slot's length. */
	if (!m || slots_needed(party, x->mpp, (int)((fs[0].end - fs[0].start) / 60)) != k) {
		*need = 0;
		return;
	}
	long at = slots_find_run(fs, m, k);
	if (at >= 0) {
		out->slot_id = fs[at].id;
		out->start = fs[at].start;
	} else if (k > 1 && m == (size_t)run_limit(k)) {
		walk_run(a, x, fs[m - (size_t)k + 1].start, k, &out->slot_id, &out->start);
	}
}

/* Runs one run statement for w[at[0..n)] (n <= 32) with runs of k slots.
 * Devices whose run it cannot vouch for (slots of another length than
 * their rules say) get k = 0 in need[]: the caller walks them. False when
 * the catalog changed or on a database error (*stale tells which);
 * *verified once the version was compared. */
static bool run_batch(struct arena *a, const struct dev_window *w, const size_t *at, size_t n, int k,
                      int party, struct first *out, int *need, bool *stale, bool *verified)
{
	size_t si = 0;
	while (run_sizes[si] < n)
		si++;
	size_t np = run_sizes[si];
	char *fmt = arena_alloc(a, np * 3 + 1);
	union db_param *pv = arena_alloc(a, np * 3 * sizeof(*pv));
	char (*when)[20] = arena_alloc(a, np * 2 * sizeof(*when));
	for (size_t i = 0; i < np; i++) {
		memcpy(fmt + 3 * i, "iss", 3);
		dt_format_sql(i < n ? w[at[i]].from : 0, when[2 * i]);
		dt_format_sql(i < n ? w[at[i]].until : 0, when[2 * i + 1]);
		pv[3 * i].i = i < n ? w[at[i]].device_id : 0;
		pv[3 * i + 1].s = when[2 * i];
		pv[3 * i + 2].s = when[2 * i + 1];
	}
	const char *sql = run_stmt(k, si);
	struct db_res r;
	if (db_execv(a, &r, sql, fmt, pv) < 0)
		return false;
	*verified = true;
	for (size_t j = 0; j < r.nrows;) {
		if (!db_val(&r, j, 1)) {
			if (!catalog_seen_text(db_val(&r, j, 0))) {
				*stale = true;
				return false;
			}
			j++;
			continue;
		}
		/* One device's rows (one row for k = 1), in time order. */
		long long dev = db_int(&r, j, 0);
		size_t e = j;
		while (e < r.nrows && db_val(&r, e, 1) && db_int(&r, e, 0) == dev)
			e++;
		size_t i = 0;
		while (i < n && w[at[i]].device_id != dev)
			i++;
		if (i < n)
			device_run(a, &w[at[i]], &r, j, e, k, party, &out[at[i]], &need[at[i]]);
		j = e;
	}
	return true;
}

/* What this worker read of each device's earliest run, kept while the
 * device's free places have not changed (freegen.h): a search whose
 * devices are all known asks MariaDB nothing about free places. */
#define KEPT_RUNS 4096
#define KEPT_PROBE 8       /* entries looked at for a key (linear probing) */
static struct kept_run {
	long long device_id;
	int minutes;                 /* party x minutes per person */
	unsigned long long version;  /* freegen_version() before the read */
	time_t from, at;             /* the window's start it was read from; when */
	long long slot_id;
	time_t start;
} kept_runs[KEPT_RUNS];

/* The table is touched once, at a worker's first page: its memory is
 * then what it stays (a worker that grows is a leak, to make bench). */
static void kept_init(void)
{
	static bool done;
	if (!done) {
		memset(kept_runs, 0, sizeof(kept_runs));
		done = true;
	}
}

/* The entry of the key, or the one to overwrite for it (the oldest of
 * its probe sequence). */
static struct kept_run *kept_run_of(long long device_id, int minutes)
{
	unsigned long long h = ((unsigned long long)device_id * 2654435761u) ^ ((unsigned)minutes * 40503u);
	struct kept_run *oldest = NULL;
	for (int i = 0; i < KEPT_PROBE; i++) {
		struct kept_run *k = &kept_runs[(h + (unsigned)i) % KEPT_RUNS];
		if (k->device_id == device_id && k->minutes == minutes)
			return k;
		if (!oldest || k->at < oldest->at)
			oldest = k;
	}
	return oldest;
}

/* A kept run still the earliest of the window w: nothing changed on the
 * device since, and the window only moved forward without passing it. */
static bool kept_run_holds(const struct kept_run *k, const struct dev_window *w, int minutes,
                           unsigned long long version, time_t now)
{
	return version && k->version == version && k->device_id == w->device_id && k->minutes == minutes &&
	       k->slot_id && k->from <= w->from && k->start >= w->from && k->start < w->until &&
	       now - k->at < FREEGEN_TTL;
}

/* The earliest run of the party for each window: one statement per run
 * length (usually one in all). False when the catalog changed; *verified
 * when a statement compared its version. */
static bool first_runs(struct arena *a, const struct dev_window *w, size_t n, int party, struct first *out,
                       bool *verified)
{
	int *need = arena_alloc(a, (n + 1) * sizeof(*need));
	size_t *at = arena_alloc(a, (n + 1) * sizeof(*at));
	unsigned long long *ver = arena_alloc(a, (n + 1) * sizeof(*ver));
	bool stale = false;
	time_t now = time(NULL);
	kept_init();
	for (size_t i = 0; i < n; i++) {
		out[i].slot_id = 0;
		/* The version is taken before the statement: a change committed
		 * after it moves the version, and what is read is not kept. */
		ver[i] = freegen_version(w[i].device_id);
		const struct kept_run *kr = kept_run_of(w[i].device_id, party * w[i].mpp);
		if (kept_run_holds(kr, &w[i], party * w[i].mpp, ver[i], now)) {
			out[i].slot_id = kr->slot_id;
			out[i].start = kr->start;
			need[i] = -1;
			continue;
		}
		/* Unknown slot length: the first free slot tells it (k = 1). */
		int k = w[i].slot_minutes ? slots_needed(party, w[i].mpp, w[i].slot_minutes) : 1;
		need[i] = k >= 1 && k <= RUN_MAX ? k : 0;
	}
	for (int k = 1; k <= RUN_MAX; k++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (need[i] == k)
				at[m++] = i;
		for (size_t b = 0; b < m; b += DEV_BATCH) {
			size_t nb = m - b < DEV_BATCH ? m - b : DEV_BATCH;
			if (!run_batch(a, w, at + b, nb, k, party, out, need, &stale, verified) && stale)
				return false;
		}
	}
	/* The rest walk their free slots, the run length read from the
	 * first one. */
	for (size_t i = 0; i < n; i++) {
		if (need[i])
			continue;
		char f[20], u[20];
		struct db_res r;
		dt_format_sql(w[i].from, f);
		dt_format_sql(w[i].until, u);
		if (db_exec(a, &r, "SELECT id, start_utc, TIMESTAMPDIFF(MINUTE, start_utc, end_utc)"
			    " FROM slots FORCE INDEX (ix_slot_free) WHERE device_id = ? AND has_free_regular = 1"
			    " AND start_utc >= ? AND start_utc < ? ORDER BY start_utc LIMIT 1",
			    "iss", w[i].device_id, f, u) < 0 || r.nrows != 1)
			continue;
		time_t s0;
		if (!dt_parse_sql(db_val(&r, 0, 1), &s0))
			continue;
		int k = slots_needed(party, w[i].mpp, (int)db_int(&r, 0, 2));
		if (k == 1) {
			out[i].slot_id = db_int(&r, 0, 0);
			out[i].start = s0;
		} else {
			walk_run(a, &w[i], s0, k, &out[i].slot_id, &out[i].start);
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (need[i] < 0 || !out[i].slot_id || !ver[i])
			continue;
		struct kept_run *kr = kept_run_of(w[i].device_id, party * w[i].mpp);
		kr->device_id = w[i].device_id;
		kr->minutes = party * w[i].mpp;
		kr->version = ver[i];
		kr->from = w[i].from;
		kr->at = now;
		kr->slot_id = out[i].slot_id;
		kr->start = out[i].start;
	}
	return true;
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
                   double lat, double lon, size_t max, struct site_hit **out, bool *stale)
{
	const struct catalog *c = catalog_cached();
	*out = NULL;
	*stale = false;
	struct dev_window *all;
	size_t nall = windows(a, c, 0, procedure_id, &all);
	if (!nall) {
		/* No statement to bring the version along: ask for it. */
		const struct catalog *now = catalog_get();
		*stale = now != c;
		return 0;
	}
	/* The sites, once each (all[] is by site). */
	struct site_hit *h = arena_alloc(a, (nall + 1) * sizeof(*h));
	size_t ns = 0;
	for (size_t i = 0; i < nall; i++) {
		if (ns && h[ns - 1].site_id == all[i].site_id)
			continue;
		const struct cat_site *s = catalog_site(c, all[i].site_id);
		struct site_hit *x = &h[ns++];
		x->site_id = s->id;
		x->name = s->name;
		x->address = s->address;
		x->postcode = s->postcode;
		x->city = s->city;
		x->commune_name = s->commune->name;
		x->lat = s->lat;
		x->lon = s->lon;
		x->km = located ? geo_distance_km(lat, lon, s->lat, s->lon) : -1;
	}
	qsort(h, ns, sizeof(*h), cmp_km);
	size_t n = !located || ns < max ? ns : max;

	/* The devices of the n sites kept. */
	struct dev_window *w = arena_alloc(a, (nall + 1) * sizeof(*w));
	size_t nw = 0;
	for (size_t i = 0; i < nall; i++) {
		bool kept = n == ns;
		for (size_t j = 0; j < n && !kept; j++)
			kept = h[j].site_id == all[i].site_id;
		if (kept)
			w[nw++] = all[i];
	}
	struct first *f = arena_alloc(a, (nw + 1) * sizeof(*f));
	bool verified = false;
	if (!first_runs(a, w, nw, party, f, &verified) || (!verified && catalog_get() != c)) {
		*stale = true;
		return 0;
	}
	/* A site's answer: the earliest run of its devices (the first device
	 * in catalog order on a tie). */
	for (size_t i = 0; i < nw; i++) {
		if (!f[i].slot_id)
			continue;
		for (size_t j = 0; j < n; j++) {
			struct site_hit *x = &h[j];
			if (x->site_id != w[i].site_id)
				continue;
			if (!x->has_free || f[i].start < x->earliest) {
				x->has_free = true;
				x->earliest = f[i].start;
				x->earliest_slot = f[i].slot_id;
			}
			break;
		}
	}
	*out = h;
	return n;
}

/* ----------------------------------------------------- a site's days */

struct times_ctx { struct free_time *t; size_t n, cap; };
static bool collect(void *p, long long slot_id, time_t start, time_t last)
{
	(void)last;
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

/* Day i of the strip holds the instants [bound[i], bound[i + 1]). */
struct days_ctx { const time_t *bound; int days; bool *has; };
static bool mark_day(void *p, long long slot_id, time_t start, time_t last)
{
	(void)slot_id;
	(void)last;
	struct days_ctx *c = p;
	for (int i = 0; i < c->days; i++)
		if (start >= c->bound[i] && start < c->bound[i + 1]) {
			c->has[i] = true;
			break;
		}
	return true;
}

static bool day_bounds(int y, int mo, int d, time_t *from, time_t *until)
{
	int y2 = y, m2 = mo, d2 = d;
	dt_add_days(&y2, &m2, &d2, 1);
	/* Midnight always exists in Europe/Paris (changes happen at 2-3 am). */
	return dt_local_to_utc(y, mo, d, 0, 0, from) && dt_local_to_utc(y2, m2, d2, 0, 0, until);
}

/* The misses' statement: the free slots of up to STRIP_DEV devices in one
 * range of time, read from the index alone, each row with the catalog's
 * version (one row of NULLs when none is free). A LEFT JOIN on the
 * one-row version table costs less than a UNION with it. */
#define STRIP_DAYS PLACE_STRIP_MAX
#define STRIP_DEV 16
#define Q4 "?, ?, ?, ?"
#define Q16 Q4 ", " Q4 ", " Q4 ", " Q4
static const char site_sql[] =
	"SELECT cv.v, s.device_id, s.id, s.start_utc, TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc)"
	" FROM catalog_version cv LEFT JOIN slots s FORCE INDEX (ix_slot_free) ON s.device_id IN (" Q16 ")"
	" AND s.has_free_regular = 1 AND s.start_utc >= ? AND s.start_utc < ?";

/* A free slot read with its device. */
struct dev_slot {
	long long device_id;
	struct free_slot s;
};

static int cmp_dev_slot(const void *x, const void *y)
{
	const struct dev_slot *a = x, *b = y;
	if (a->device_id != b->device_id)
		return (a->device_id > b->device_id) - (a->device_id < b->device_id);
	return (a->s.start > b->s.start) - (a->s.start < b->s.start);
}

/* The first of the rows [b, e) (one device's, in time order) starting at
 * or after t. */
static size_t first_at(const struct dev_slot *r, size_t b, size_t e, time_t t)
{
	while (b < e) {
		size_t mid = b + (e - b) / 2;
		if (r[mid].s.start < t)
			b = mid + 1;
		else
			e = mid;
	}
	return b;
}

/* One local day of the page: the strip's days, then the chosen day when
 * it is not among them. */
struct page_day {
	int num;                /* freegen_day_of() */
	time_t from, until;     /* its instants */
	int strip;              /* index in the strip, or -1 */
	bool chosen;
};

/* One device's free slots of one page day. */
struct cell {
	struct free_slot *fs;
	size_t n;
	bool known;
	unsigned long long version;  /* when read now: before the statement */
};

static bool first_run_found(void *p, long long slot_id, time_t start, time_t last)
{
	(void)slot_id;
	(void)start;
	(void)last;
	*(bool *)p = true;
	return false;
}

/* Reads the cells not kept in one statement and keeps what it read. */
static bool read_cells(struct arena *a, const struct catalog *cat, const struct dev_window *dw, size_t nd,
                       const struct page_day *pd, size_t npd, struct cell *cell, time_t now)
{
	time_t lo = 0, hi = 0;
	long long id[STRIP_DEV] = { 0 };
	for (size_t i = 0; i < nd; i++)
		for (size_t k = 0; k < npd; k++) {
			if (cell[i * npd + k].known)
				continue;
			id[i] = dw[i].device_id;
			if (!lo || pd[k].from < lo)
				lo = pd[k].from;
			if (pd[k].until > hi)
				hi = pd[k].until;
		}
	if (!lo)
		return catalog_get() == cat;
	char fs[20], us[20];
	dt_format_sql(lo, fs);
	dt_format_sql(hi, us);
	struct db_res r;
	if (db_exec(a, &r, site_sql, "iiiiiiiiiiiiiiii" "ss", id[0], id[1], id[2], id[3], id[4], id[5], id[6],
		    id[7], id[8], id[9], id[10], id[11], id[12], id[13], id[14], id[15], fs, us) < 0)
		return true;      /* the page shows no free time rather than fail */
	if (r.nrows < 1 || !catalog_seen_text(db_val(&r, 0, 0)))
		return false;
	size_t ns = r.nrows;
	/* The rows by device then time, each cell a stretch of them. */
	struct dev_slot *all = arena_alloc(a, (ns + 1) * sizeof(*all));
	size_t m = 0;
	for (size_t j = 0; j < r.nrows; j++) {
		if (!db_val(&r, j, 2))
			continue;          /* the row of NULLs: nothing free */
		all[m].s.id = db_int(&r, j, 2);
		if (!dt_parse_sql(db_val(&r, j, 3), &all[m].s.start))
			continue;
		all[m].s.end = all[m].s.start + (time_t)db_int(&r, j, 4) * 60;
		all[m].s.free = 1;
		all[m].device_id = db_int(&r, j, 1);
		m++;
	}
	/* The index gives them in that order already, as a rule. */
	bool sorted = true;
	for (size_t j = 1; j < m && sorted; j++)
		sorted = cmp_dev_slot(&all[j - 1], &all[j]) <= 0;
	if (!sorted)
		qsort(all, m, sizeof(*all), cmp_dev_slot);
	for (size_t i = 0; i < nd; i++) {
		/* This device's stretch of rows. */
		size_t db = 0, de = m;
		while (db < de) {
			size_t mid = db + (de - db) / 2;
			if (all[mid].device_id < dw[i].device_id)
				db = mid + 1;
			else
				de = mid;
		}
		de = db;
		while (de < m && all[de].device_id == dw[i].device_id)
			de++;
		for (size_t k = 0; k < npd; k++) {
			struct cell *c = &cell[i * npd + k];
			if (c->known)
				continue;
			size_t b = first_at(all, db, de, pd[k].from), e = first_at(all, b, de, pd[k].until);
			c->fs = arena_alloc(a, (e - b + 1) * sizeof(*c->fs));
			for (size_t j = b; j < e; j++)
				c->fs[c->n++] = all[j].s;
			c->known = true;
			keptdays_put(dw[i].device_id, pd[k].num, c->version, pd[k].from, c->fs, c->n, now);
		}
	}
	return true;
}

bool place_site_days(struct arena *a, long long site_id, long long procedure_id, int party,
                     int y, int mo, int d, int days, bool *has,
                     int jy, int jm, int jd, struct free_time **times, size_t *ntimes)
{
	const struct catalog *c = catalog_cached();
	if (times) {
		*times = arena_alloc(a, sizeof(**times));
		*ntimes = 0;
	}
	if (days > 0)
		memset(has, 0, (size_t)days * sizeof(*has));
	if (days <= 0 || days > STRIP_DAYS)
		return true;
	time_t bound[STRIP_DAYS + 1];
	for (int i = 0; i <= days; i++) {
		int yy = y, mm = mo, dd = d;
		dt_add_days(&yy, &mm, &dd, i);
		if (!dt_local_to_utc(yy, mm, dd, 0, 0, &bound[i]))
			return true;
	}
	struct page_day pd[STRIP_DAYS + 1];
	size_t npd = 0;
	int day0 = dt_days_between(1970, 1, 1, y, mo, d);
	for (int i = 0; i < days; i++)
		pd[npd++] = (struct page_day){ day0 + i, bound[i], bound[i + 1], i, false };
	time_t dfrom = 0, duntil = 0;
	if (times && jy && !day_bounds(jy, jm, jd, &dfrom, &duntil))
		dfrom = duntil = 0;
	if (dfrom < duntil) {
		int num = dt_days_between(1970, 1, 1, jy, jm, jd);
		size_t k = 0;
		while (k < npd && pd[k].num != num)
			k++;
		if (k == npd)
			pd[npd++] = (struct page_day){ num, dfrom, duntil, -1, false };
		pd[k].chosen = true;
	}
	struct dev_window *dw;
	size_t nd = windows(a, c, site_id, procedure_id, &dw);
	if (!nd) {
		const struct catalog *now = catalog_get();
		return now == c;
	}
	struct days_ctx dc = { bound, days, has };
	struct times_ctx tc = { NULL, 0, 0 };
	if (nd > STRIP_DEV) {
		/* A site this large reads its slots (no version in them). */
		if (catalog_get() != c)
			return false;
		each_run(a, dw, nd, party, bound[0], bound[days], mark_day, &dc);
		if (dfrom < duntil)
			each_run(a, dw, nd, party, dfrom, duntil, collect, &tc);
		goto times;
	}
	/* The commune's window (the same for every device of the site). */
	time_t wf = dw[0].from, wu = dw[0].until, now = time(NULL);
	struct cell *cell = arena_alloc(a, nd * npd * sizeof(*cell));
	memset(cell, 0, nd * npd * sizeof(*cell));
	for (size_t i = 0; i < nd; i++)
		for (size_t k = 0; k < npd; k++) {
			struct cell *x = &cell[i * npd + k];
			if (pd[k].until <= wf || pd[k].from >= wu) {
				x->known = true;        /* outside the window: nothing to show */
				continue;
			}
			/* Versions are taken before the statement (see first_runs). */
			x->version = freegen_day_version(dw[i].device_id, pd[k].num);
			x->known = keptdays_get(a, dw[i].device_id, pd[k].num, x->version, pd[k].from, now,
						&x->fs, &x->n);
		}
	if (!read_cells(a, c, dw, nd, pd, npd, cell, now))
		return false;
	/* The strip and the chosen day's times, from each device's runs
	 * within the window. */
	for (size_t i = 0; i < nd; i++)
		for (size_t k = 0; k < npd; k++) {
			struct cell *x = &cell[i * npd + k];
			size_t b = 0, e = x->n;
			while (b < e && x->fs[b].start < wf)
				b++;
			while (e > b && x->fs[e - 1].start >= wu)
				e--;
			if (b == e)
				continue;
			if (pd[k].strip >= 0 && !has[pd[k].strip])
				runs_of(x->fs + b, e - b, party, dw[i].mpp, first_run_found, &has[pd[k].strip]);
			if (pd[k].chosen)
				runs_of(x->fs + b, e - b, party, dw[i].mpp, collect, &tc);
		}
times:
	if (times) {
		if (tc.n > 1)
			qsort(tc.t, tc.n, sizeof(*tc.t), cmp_time);
		struct free_time *t = arena_alloc(a, (tc.n + 1) * sizeof(*t));
		if (tc.n)
			memcpy(t, tc.t, tc.n * sizeof(*t));
		*times = t;
		*ntimes = tc.n;
	}
	free(tc.t);
	return true;
}

/* ------------------------------------------- a site's runs over days */

bool place_site_window(long long site_id, time_t now, time_t *from, time_t *until)
{
	const struct cat_site *s = catalog_site(catalog_cached(), site_id);
	if (!s || !s->active)
		return false;
	commune_window(s->commune, now, from, until);
	return true;
}

/* 1 + the versions of the days [day0, day0 + ndays) of the site's devices
 * offering the procedure (in the catalog c); 0 when one cannot be used.
 * Counters only grow: the sum moves whenever one of them does. */
static unsigned long long days_token(const struct catalog *c, long long site_id, long long procedure_id,
                                     int day0, int ndays)
{
	unsigned long long t = 1;
	for (size_t i = 0; c && i < c->ndevices; i++) {
		const struct cat_device *d = &c->devices[i];
		if (!d->active || !d->site->active || d->site->id != site_id || !cat_device_offers(d, procedure_id))
			continue;
		for (int k = 0; k < ndays; k++) {
			unsigned long long v = freegen_day_version(d->id, day0 + k);
			if (!v)
				return 0;
			t += v;
		}
	}
	return t;
}

unsigned long long place_site_days_token(long long site_id, long long procedure_id, int y, int mo, int d,
                                         int ndays)
{
	return days_token(catalog_cached(), site_id, procedure_id, dt_days_between(1970, 1, 1, y, mo, d), ndays);
}

struct runs_ctx { struct site_run *r; size_t n, cap; };
static bool collect_run(void *p, long long slot_id, time_t start, time_t last)
{
	struct runs_ctx *c = p;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->r = xrealloc(c->r, c->cap * sizeof(*c->r));
	}
	c->r[c->n].slot_id = slot_id;
	c->r[c->n].start = start;
	c->r[c->n].last = last;
	c->r[c->n].seq = c->n;
	c->n++;
	return true;
}

/* By start; on the same start, the device met first (catalog order). */
static int cmp_run(const void *x, const void *y)
{
	const struct site_run *a = x, *b = y;
	if (a->start != b->start)
		return (a->start > b->start) - (a->start < b->start);
	return (a->seq > b->seq) - (a->seq < b->seq);
}

bool place_site_runs(struct arena *a, long long site_id, long long procedure_id, int party,
                     int y, int mo, int d, int ndays, struct site_run **runs, size_t *nruns,
                     unsigned long long *token)
{
	const struct catalog *c = catalog_cached();
	*runs = arena_alloc(a, sizeof(**runs));
	*nruns = 0;
	*token = 0;
	if (ndays <= 0 || ndays > SITE_RUNS_DAYS)
		return true;
	int day0 = dt_days_between(1970, 1, 1, y, mo, d);
	/* Taken before anything is read (see first_runs): a change committed
	 * meanwhile moves it later, and what is kept is read again. */
	unsigned long long tok = days_token(c, site_id, procedure_id, day0, ndays);
	struct page_day *pd = arena_alloc(a, (size_t)ndays * sizeof(*pd));
	time_t midnight;
	if (!dt_local_to_utc(y, mo, d, 0, 0, &midnight))
		return true;
	for (int i = 0; i < ndays; i++) {
		pd[i].from = midnight;
		pd[i].until = midnight = dt_next_midnight(midnight);
		pd[i].num = day0 + i;
		pd[i].strip = i;
		pd[i].chosen = false;
	}
	size_t npd = (size_t)ndays;
	struct dev_window *dw;
	size_t nd = windows(a, c, site_id, procedure_id, &dw);
	if (!nd) {
		if (catalog_get() != c)
			return false;
		*token = tok;
		return true;
	}
	struct runs_ctx rc = { NULL, 0, 0 };
	if (nd > STRIP_DEV) {
		/* A site this large reads its slots (no version in them). */
		if (catalog_get() != c)
			return false;
		each_run(a, dw, nd, party, pd[0].from, pd[npd - 1].until, collect_run, &rc);
	} else {
		time_t wf = dw[0].from, wu = dw[0].until, now = time(NULL);
		struct cell *cell = arena_alloc(a, nd * npd * sizeof(*cell));
		for (size_t i = 0; i < nd; i++)
			for (size_t k = 0; k < npd; k++) {
				struct cell *x = &cell[i * npd + k];
				if (pd[k].until <= wf || pd[k].from >= wu) {
					x->known = true;        /* outside the window: nothing to offer */
					continue;
				}
				x->version = freegen_day_version(dw[i].device_id, pd[k].num);
				x->known = keptdays_get(a, dw[i].device_id, pd[k].num, x->version, pd[k].from, now,
							&x->fs, &x->n);
			}
		if (!read_cells(a, c, dw, nd, pd, npd, cell, now)) {
			free(rc.r);
			return false;
		}
		for (size_t i = 0; i < nd; i++)
			for (size_t k = 0; k < npd; k++)
				runs_of(cell[i * npd + k].fs, cell[i * npd + k].n, party, dw[i].mpp, collect_run, &rc);
	}
	/* One run per start time, the first device's. */
	if (rc.n > 1)
		qsort(rc.r, rc.n, sizeof(*rc.r), cmp_run);
	struct site_run *out = arena_alloc(a, (rc.n + 1) * sizeof(*out));
	size_t n = 0;
	for (size_t i = 0; i < rc.n; i++)
		if (!n || out[n - 1].start != rc.r[i].start)
			out[n++] = rc.r[i];
	free(rc.r);
	*runs = out;
	*nruns = n;
	*token = tok;
	return true;
}

size_t place_free_times(struct arena *a, long long site_id, long long procedure_id, int party,
                        int y, int mo, int d, struct free_time **out)
{
	size_t n = 0;
	bool none[1];
	catalog_get();
	if (!place_site_days(a, site_id, procedure_id, party, y, mo, d, 1, none, y, mo, d, out, &n))
		place_site_days(a, site_id, procedure_id, party, y, mo, d, 1, none, y, mo, d, out, &n);
	return n;
}

void place_free_days(struct arena *a, long long site_id, long long procedure_id, int party,
                     int y, int mo, int d, int days, bool *has)
{
	catalog_get();
	if (!place_site_days(a, site_id, procedure_id, party, y, mo, d, days, has, 0, 0, 0, NULL, NULL))
		place_site_days(a, site_id, procedure_id, party, y, mo, d, days, has, 0, 0, 0, NULL, NULL);
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
