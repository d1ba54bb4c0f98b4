/* catalog.c — see catalog.h. */
#include "catalog.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "serve.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* One loaded copy and the arena that owns it. */
struct copy {
	struct catalog cat;
	struct arena *arena;
};

static struct copy *cur;
static struct copy *retired[4];   /* replaced during this request */
static size_t nretired;
static bool checked;              /* version asked during this request */

static void retire(struct copy *c)
{
	if (!c)
		return;
	if (nretired == sizeof(retired) / sizeof(retired[0])) {
		/* Four reloads in one request: the oldest copy cannot be in use
		 * by then (each caller starts again from the newest). */
		arena_free(retired[0]->arena);
		free(retired[0]);
		memmove(retired, retired + 1, (nretired - 1) * sizeof(retired[0]));
		nretired--;
	}
	retired[nretired++] = c;
}

static const char *dup(struct arena *a, const struct db_res *r, size_t i, size_t j)
{
	const char *v = db_val(r, i, j);
	return arena_strdup(a, v ? v : "");
}

static int cmp_ll(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

/* The version in the database; false when it cannot be read. */
static bool db_version(struct arena *a, unsigned long long *out)
{
	struct db_res v;
	if (db_exec(a, &v, CATALOG_VERSION_ROW, "") < 0 || v.nrows != 1 || !db_val(&v, 0, 0))
		return false;
	*out = strtoull(db_val(&v, 0, 0), NULL, 10);
	return true;
}

/* Reads the whole catalog; NULL on a database error. The version is read
 * first: a change committed meanwhile leaves a copy newer than its
 * version, which the next check reloads again (never the reverse). */
static struct copy *load(void)
{
	struct arena *tmp = arena_new();
	struct arena *a = arena_new();
	struct copy *c = xcalloc(1, sizeof(*c));
	c->arena = a;
	struct db_res p, co, s, d, dp, cl, oh;
	if (!db_version(tmp, &c->cat.version) ||
	    db_exec(tmp, &p, "SELECT p.id, p.code, p.name_fr, p.name_en, p.documents_fr, p.documents_en,"
		    " p.minutes_per_person, p.max_party, p.needs_predemande,"
		    " EXISTS (SELECT 1 FROM device_procedures dp JOIN devices d ON d.id = dp.device_id"
		    "   AND d.active = 1 WHERE dp.procedure_id = p.id), p.lock_groups"
		    " FROM procedures p ORDER BY p.sort_order, p.id", "") < 0 ||
	    db_exec(tmp, &co, "SELECT id, insee, name, min_notice_hours, horizon_days, phone, email,"
		    " cancel_limit_hours, ants_on_error = 'block' FROM communes ORDER BY id", "") < 0 ||
	    db_exec(tmp, &s, "SELECT id, commune_id, name, address, postcode, city, access_info, lat, lon, active"
		    " FROM sites ORDER BY id", "") < 0 ||
	    db_exec(tmp, &d, "SELECT d.id, d.site_id, d.active, d.name,"
		    " (SELECT IF(MIN(o.slot_minutes) = MAX(o.slot_minutes), MIN(o.slot_minutes), 0)"
		    "  FROM opening_rules o WHERE o.device_id = d.id)"
		    " FROM devices d ORDER BY d.site_id, d.id", "") < 0 ||
	    /* Each device's opening hours per weekday, seasons aside. */
	    db_exec(tmp, &oh, "SELECT device_id, weekday, TIME_TO_SEC(MIN(start_time)) DIV 60,"
		    " TIME_TO_SEC(MAX(end_time)) DIV 60 FROM opening_rules GROUP BY device_id, weekday"
		    " ORDER BY device_id, weekday", "") < 0 ||
	    /* What is still to come: a closure over is of no use to a page. */
	    db_exec(tmp, &cl, "SELECT device_id, start_utc, end_utc FROM closures"
		    " WHERE end_utc > UTC_TIMESTAMP() - INTERVAL 1 DAY ORDER BY device_id, start_utc", "") < 0 ||
	    db_exec(tmp, &dp, "SELECT device_id, procedure_id FROM device_procedures"
		    " ORDER BY device_id, procedure_id", "") < 0) {
		log_error("catalog: cannot load");
		arena_free(tmp);
		arena_free(a);
		free(c);
		return NULL;
	}
	struct catalog *k = &c->cat;

	struct cat_procedure *pr = arena_alloc(a, (p.nrows + 1) * sizeof(*pr));
	for (size_t i = 0; i < p.nrows; i++) {
		pr[i].id = db_int(&p, i, 0);
		pr[i].code = dup(a, &p, i, 1);
		pr[i].name_fr = dup(a, &p, i, 2);
		pr[i].name_en = dup(a, &p, i, 3);
		pr[i].documents_fr = dup(a, &p, i, 4);
		pr[i].documents_en = dup(a, &p, i, 5);
		pr[i].minutes = (int)db_int(&p, i, 6);
		pr[i].max_party = (int)db_int(&p, i, 7);
		pr[i].needs_predemande = db_int(&p, i, 8) != 0;
		pr[i].offered = db_int(&p, i, 9) != 0;
		pr[i].lock_groups = dup(a, &p, i, 10);
	}
	k->procedures = pr;
	k->nprocedures = p.nrows;

	struct cat_commune *cm = arena_alloc(a, (co.nrows + 1) * sizeof(*cm));
	for (size_t i = 0; i < co.nrows; i++) {
		cm[i].id = db_int(&co, i, 0);
		cm[i].insee = dup(a, &co, i, 1);
		cm[i].name = dup(a, &co, i, 2);
		cm[i].min_notice_hours = (int)db_int(&co, i, 3);
		cm[i].ants_block_on_error = db_int(&co, i, 8) != 0;
		cm[i].horizon_days = (int)db_int(&co, i, 4);
		cm[i].phone = arena_strdup(a, db_val(&co, i, 5));
		cm[i].email = arena_strdup(a, db_val(&co, i, 6));
		cm[i].cancel_limit_hours = (int)db_int(&co, i, 7);
	}
	k->communes = cm;
	k->ncommunes = co.nrows;

	struct cat_site *si = arena_alloc(a, (s.nrows + 1) * sizeof(*si));
	size_t ns = 0;
	for (size_t i = 0; i < s.nrows; i++) {
		long long cid = db_int(&s, i, 1);
		const struct cat_commune *owner = NULL;
		for (size_t j = 0; j < co.nrows && !owner; j++)
			if (cm[j].id == cid)
				owner = &cm[j];
		if (!owner)
			continue;      /* cannot happen: a foreign key */
		struct cat_site *x = &si[ns++];
		x->id = db_int(&s, i, 0);
		x->commune = owner;
		x->name = dup(a, &s, i, 2);
		x->address = dup(a, &s, i, 3);
		x->postcode = dup(a, &s, i, 4);
		x->city = dup(a, &s, i, 5);
		x->access_info = arena_strdup(a, db_val(&s, i, 6));
		x->lat = db_double(&s, i, 7);
		x->lon = db_double(&s, i, 8);
		x->active = db_int(&s, i, 9) != 0;
	}
	k->sites = si;
	k->nsites = ns;

	struct cat_device *dv = arena_alloc(a, (d.nrows + 1) * sizeof(*dv));
	long long *ids = arena_alloc(a, (dp.nrows + 1) * sizeof(*ids));
	size_t nd = 0;
	for (size_t i = 0; i < d.nrows; i++) {
		const struct cat_site *owner = catalog_site(k, db_int(&d, i, 1));
		if (!owner)
			continue;
		struct cat_device *x = &dv[nd++];
		x->id = db_int(&d, i, 0);
		x->site = owner;
		x->active = db_int(&d, i, 2) != 0;
		x->name = dup(a, &d, i, 3);
		x->slot_minutes = (int)db_int(&d, i, 4);
		for (size_t k2 = 0; k2 < oh.nrows; k2++) {
			int wd = (int)db_int(&oh, k2, 1);
			if (db_int(&oh, k2, 0) != x->id || wd < 1 || wd > 7)
				continue;
			x->opens[wd] = (short)db_int(&oh, k2, 2);
			x->closes[wd] = (short)db_int(&oh, k2, 3);
		}
		/* cl is sorted by device too. */
		size_t c0 = 0;
		while (c0 < cl.nrows && db_int(&cl, c0, 0) != x->id)
			c0++;
		size_t c1 = c0;
		while (c1 < cl.nrows && db_int(&cl, c1, 0) == x->id)
			c1++;
		x->nclosures = c1 - c0;
		struct cat_closure *cc = arena_alloc(a, (x->nclosures + 1) * sizeof(*cc));
		for (size_t k2 = c0; k2 < c1; k2++) {
			dt_parse_sql(db_val(&cl, k2, 1), &cc[k2 - c0].from);
			dt_parse_sql(db_val(&cl, k2, 2), &cc[k2 - c0].until);
		}
		x->closures = cc;
		/* dp is sorted by device: its rows for this device follow each other. */
		size_t j = 0;
		while (j < dp.nrows && db_int(&dp, j, 0) != x->id)
			j++;
		x->procs = ids;
		while (j < dp.nrows && db_int(&dp, j, 0) == x->id)
			ids[x->nprocs++] = db_int(&dp, j++, 1);
		qsort(ids, x->nprocs, sizeof(*ids), cmp_ll);
		ids += x->nprocs;
	}
	k->devices = dv;
	k->ndevices = nd;
	arena_free(tmp);
	return c;
}

static const struct catalog *reload(void)
{
	/* Every path that leaves per-request state (checked, retired copies)
	 * comes through here first: from then on the serving loop ends each
	 * request with catalog_end_request() (a worker with its own loop calls
	 * it itself). Registering again is a no-op. */
	serve_on_request_end(catalog_end_request);
	struct copy *c = load();
	if (!c)
		return cur ? &cur->cat : NULL;
	retire(cur);
	cur = c;
	return &cur->cat;
}

const struct catalog *catalog_cached(void)
{
	return cur ? &cur->cat : reload();
}

const struct catalog *catalog_get(void)
{
	if (!cur) {
		checked = true;
		return reload();
	}
	if (checked)
		return &cur->cat;
	struct arena *tmp = arena_new();
	unsigned long long v;
	if (db_version(tmp, &v)) {
		checked = true;
		if (v != cur->cat.version)
			reload();
	}
	arena_free(tmp);
	return &cur->cat;
}

bool catalog_seen(unsigned long long version)
{
	checked = true;
	if (cur && version == cur->cat.version)
		return true;
	reload();
	return false;
}

bool catalog_seen_text(const char *version)
{
	return catalog_seen(version ? strtoull(version, NULL, 10) : 0);
}

void catalog_end_request(void)
{
	for (size_t i = 0; i < nretired; i++) {
		arena_free(retired[i]->arena);
		free(retired[i]);
	}
	nretired = 0;
	checked = false;
}

const struct cat_procedure *catalog_procedure(const struct catalog *c, const char *code)
{
	for (size_t i = 0; c && code && i < c->nprocedures; i++)
		if (strcmp(c->procedures[i].code, code) == 0)
			return &c->procedures[i];
	return NULL;
}

const struct cat_procedure *catalog_procedure_id(const struct catalog *c, long long id)
{
	for (size_t i = 0; c && i < c->nprocedures; i++)
		if (c->procedures[i].id == id)
			return &c->procedures[i];
	return NULL;
}

static int cmp_site_id(const void *key, const void *elem)
{
	long long id = *(const long long *)key, s = ((const struct cat_site *)elem)->id;
	return (id > s) - (id < s);
}

const struct cat_site *catalog_site(const struct catalog *c, long long id)
{
	return c ? bsearch(&id, c->sites, c->nsites, sizeof(*c->sites), cmp_site_id) : NULL;
}

const struct cat_device *catalog_device(const struct catalog *c, long long id)
{
	for (size_t i = 0; c && i < c->ndevices; i++)
		if (c->devices[i].id == id)
			return &c->devices[i];
	return NULL;
}

bool cat_device_offers(const struct cat_device *d, long long procedure_id)
{
	return bsearch(&procedure_id, d->procs, d->nprocs, sizeof(*d->procs), cmp_ll) != NULL;
}
