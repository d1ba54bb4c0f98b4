/* ants.c — see ants.h. */
#include "ants.h"
#include "booking.h"
#include "catalog.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "freegen.h"
#include "json.h"
#include "place.h"
#include "request.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------ reasons */

static const struct {
	const char *name, *setting, *code;
} reasons[ANTS_REASONS] = {
	[ANTS_CNI] = { "CNI", "ants_procedure_cni", "CNI" },
	[ANTS_PASSPORT] = { "PASSPORT", "ants_procedure_passport", "PASSEPORT" },
	[ANTS_CNI_PASSPORT] = { "CNI-PASSPORT", "ants_procedure_cni_passport", "CNI_PASSEPORT" },
};

bool ants_reason_parse(const char *s, enum ants_reason *out)
{
	for (int i = 0; i < ANTS_REASONS; i++)
		if (str_eq(s, reasons[i].name)) {
			*out = (enum ants_reason)i;
			return true;
		}
	return false;
}

const char *ants_reason_procedure(enum ants_reason r)
{
	return config_get(reasons[r].setting, reasons[r].code);
}

/* A site the hub knows: active, with an active device offering a
 * reason's procedure. */
static bool meeting_point(const struct catalog *c, const struct cat_site *s)
{
	if (!s || !s->active)
		return false;
	long long proc[ANTS_REASONS];
	for (int i = 0; i < ANTS_REASONS; i++) {
		const struct cat_procedure *p = catalog_procedure(c, ants_reason_procedure((enum ants_reason)i));
		proc[i] = p ? p->id : 0;
	}
	for (size_t i = 0; i < c->ndevices; i++) {
		const struct cat_device *d = &c->devices[i];
		if (d->site != s || !d->active)
			continue;
		for (int k = 0; k < ANTS_REASONS; k++)
			if (proc[k] && cat_device_offers(d, proc[k]))
				return true;
	}
	return false;
}

/* The local day of the last instant a hub_clock wrote, when its UTC
 * offset holds all day (every day but those of a daylight-saving
 * change): the next instants of that day need no conversion. */
struct hub_clock {
	time_t from, until;       /* the day's midnights; from == until: none */
	int y, mo, d;
};

/* The hub's form of an instant: the local wall clock with a literal Z,
 * "2027-03-29T09:00Z", into out (18 bytes). c may be NULL. */
static void hub_time(struct hub_clock *c, time_t t, char *out)
{
	int v[5];
	if (c && t >= c->from && t < c->until) {
		long s = (long)(t - c->from);
		v[0] = c->y;
		v[1] = c->mo;
		v[2] = c->d;
		v[3] = (int)(s / 3600);
		v[4] = (int)(s / 60 % 60);
	} else {
		struct tm tm;
		dt_utc_to_local(t, &tm);
		v[0] = tm.tm_year + 1900;
		v[1] = tm.tm_mon + 1;
		v[2] = tm.tm_mday;
		v[3] = tm.tm_hour;
		v[4] = tm.tm_min;
		time_t m0, m1;
		if (c) {
			c->from = c->until = 0;
			if (dt_local_to_utc(v[0], v[1], v[2], 0, 0, &m0) && (m1 = dt_next_midnight(m0)) - m0 == 86400 &&
			    t >= m0 && t < m1) {
				c->from = m0;
				c->until = m1;
				c->y = v[0];
				c->mo = v[1];
				c->d = v[2];
			}
		}
	}
	static const char shape[] = "0000-00-00T00:00Z";
	memcpy(out, shape, sizeof(shape));
	/* Each field's last digit's place, and its width. */
	static const int end[5] = { 3, 6, 9, 12, 15 }, width[5] = { 4, 2, 2, 2, 2 };
	for (int f = 0; f < 5; f++) {
		unsigned x = v[f] < 0 ? 0 : (unsigned)v[f];
		for (int k = 0; k < width[f]; k++, x /= 10)
			out[end[f] - k] = (char)('0' + x % 10);
	}
}

/* ----------------------------------------------------- meeting points */

bool ants_meeting_points(struct sbuf *b)
{
	const struct catalog *c = catalog_get();
	if (!c)
		return false;
	struct json j;
	json_init(&j, b);
	json_array(&j);
	for (size_t i = 0; i < c->nsites; i++) {
		const struct cat_site *s = &c->sites[i];
		if (!meeting_point(c, s))
			continue;
		char id[24];
		snprintf(id, sizeof(id), "%lld", s->id);
		json_object(&j);
		json_key(&j, "id");
		json_string(&j, id);
		json_key(&j, "name");
		json_string(&j, s->name);
		json_key(&j, "longitude");
		json_double(&j, s->lon);
		json_key(&j, "latitude");
		json_double(&j, s->lat);
		json_key(&j, "public_entry_address");
		json_string(&j, s->address ? s->address : "");
		json_key(&j, "zip_code");
		json_string(&j, s->postcode ? s->postcode : "");
		json_key(&j, "city_name");
		json_string(&j, s->city ? s->city : "");
		json_object_end(&j);
	}
	json_array_end(&j);
	return true;
}

/* --------------------------------------------------------- time slots
 *
 * What this worker read of a meeting point's month for a procedure and a
 * party: the runs of the month's days within the booking window as it
 * was (place_site_runs(): not clipped, so the window moving on with the
 * clock only leaves runs out), each with its time as the hub reads it.
 * An entry holds while the catalog and the days' counters are the same,
 * for FREEGEN_TTL seconds at most (changes made outside the programs;
 * a little less for most, so that the months read at once, on a worker's
 * first search, are not all read again by one later search),
 * and while the window's last day is among the days it read. */

#define MONTHS_KEPT 2048
#define MONTHS_PROBE 8
#define RUNS_KEPT 400000     /* runs kept by one worker, about 20 MB */

struct kept_run {
	time_t start, last;
	long long slot_id;
	char when[18];           /* "2027-03-29T09:00Z" */
};

struct kept_month {
	long long site_id, procedure_id;
	int month, party;        /* month: y * 12 + mo - 1 */
	unsigned long long token, catalog;
	time_t at, used;
	int day0, ndays;         /* the days read, from day0 (days since 1970-01-01) */
	int y, mo, d;            /* day0 as a date */
	struct kept_run *runs;   /* malloc'ed, n of them */
	size_t n;
};

static struct kept_month *months;    /* MONTHS_KEPT, at the first request */
static size_t runs_kept;

static void month_drop(struct kept_month *e)
{
	runs_kept -= e->n;
	free(e->runs);
	memset(e, 0, sizeof(*e));
}

/* The entry of the key, or the one to use for it (free, or else the
 * least recently used of its probe). */
static struct kept_month *month_of(long long site_id, long long procedure_id, int month, int party)
{
	if (!months)
		months = xcalloc(MONTHS_KEPT, sizeof(*months));
	uint64_t h = (uint64_t)site_id * 0x9E3779B97F4A7C15u ^ (uint64_t)procedure_id * 0xC2B2AE3D27D4EB4Fu ^
		     (uint64_t)(unsigned)month * 0x165667B19E3779F9u ^ (uint64_t)(unsigned)party;
	size_t base = (size_t)((h >> 16) % MONTHS_KEPT);
	struct kept_month *pick = NULL;
	for (size_t i = 0; i < MONTHS_PROBE; i++) {
		struct kept_month *e = &months[(base + i) % MONTHS_KEPT];
		if (e->site_id == site_id && e->procedure_id == procedure_id && e->month == month && e->party == party)
			return e;
		if (!pick || (pick->site_id && (!e->site_id || e->used < pick->used)))
			pick = e;
	}
	return pick;
}

/* Room for n more runs: the least recently used entries go. */
static void make_room(size_t n)
{
	while (runs_kept + n > RUNS_KEPT && runs_kept > 0) {
		struct kept_month *old = NULL;
		for (size_t i = 0; i < MONTHS_KEPT; i++)
			if (months[i].site_id && months[i].n && (!old || months[i].used < old->used))
				old = &months[i];
		if (!old)
			break;
		month_drop(old);
	}
}

static int day_number(int y, int mo, int d)
{
	return dt_days_between(1970, 1, 1, y, mo, d);
}

static void local_date(time_t t, int *y, int *mo, int *d)
{
	struct tm tm;
	dt_utc_to_local(t, &tm);
	*y = tm.tm_year + 1900;
	*mo = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

static int days_in_month(int y, int mo)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return mo == 2 && leap ? 29 : n[mo - 1];
}

/* The kept month for the days [want0, want1] (day numbers, within the
 * month), read again when it no longer holds. NULL with *status set when
 * the catalog changed or the runs cannot be read; an entry that must not
 * be kept lives in *tmp (the caller frees its runs). */
static const struct kept_month *month_runs(struct arena *a, const struct catalog *c, long long site_id,
                                           long long procedure_id, int party, int month, int want0,
                                           int want1, time_t now, struct kept_month *tmp,
                                           enum ants_status *status)
{
	struct kept_month *e = month_of(site_id, procedure_id, month, party);
	bool same = e->site_id == site_id && e->procedure_id == procedure_id && e->month == month &&
		    e->party == party;
	/* Each month's life between 2/3 of FREEGEN_TTL and all of it. */
	int life = FREEGEN_TTL - (int)(((unsigned long long)site_id * 31u + (unsigned)month * 7u +
					(unsigned)party) % (FREEGEN_TTL / 3));
	if (same && e->token && e->catalog == c->version && now - e->at < life && now - e->at >= -1 &&
	    e->day0 <= want0 && e->day0 + e->ndays - 1 >= want1 &&
	    place_site_days_token(site_id, procedure_id, e->y, e->mo, e->d, e->ndays) == e->token) {
		e->used = now;
		return e;
	}
	if (same)
		month_drop(e);     /* no longer holds, and never will again */
	int y = 1970, mo = 1, d = 1;
	dt_add_days(&y, &mo, &d, want0);
	struct site_run *runs;
	size_t n;
	unsigned long long token;
	if (!place_site_runs(a, site_id, procedure_id, party, y, mo, d, want1 - want0 + 1, &runs, &n, &token)) {
		*status = ANTS_RETRY;
		return NULL;
	}
	if (db_failed()) {
		*status = ANTS_FAILED;
		return NULL;
	}
	struct kept_run *kr = xmalloc((n + 1) * sizeof(*kr));
	struct hub_clock clock = { 0, 0, 0, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		kr[i].start = runs[i].start;
		kr[i].last = runs[i].last;
		kr[i].slot_id = runs[i].slot_id;
		hub_time(&clock, runs[i].start, kr[i].when);
	}
	struct kept_month fresh = {
		.site_id = site_id, .procedure_id = procedure_id, .month = month, .party = party,
		.token = token, .catalog = c->version, .at = now, .used = now,
		.day0 = want0, .ndays = want1 - want0 + 1, .y = y, .mo = mo, .d = d, .runs = kr, .n = n,
	};
	if (!token || n > RUNS_KEPT / 4) {
		*tmp = fresh;
		tmp->token = 0;
		return tmp;
	}
	if (e->site_id)
		month_drop(e);
	make_room(n);
	*e = fresh;
	runs_kept += n;
	return e;
}

/* Decimal digits of v into out (>= 21 bytes), not terminated: the length. */
static size_t put_ull(char *out, unsigned long long v)
{
	char t[24];
	size_t n = 0;
	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = t[n - 1 - i];
	return n;
}

enum ants_status ants_time_slots(struct arena *a, const struct ants_slots_query *q, const char *base_url,
                                 struct sbuf *b)
{
	const struct catalog *c = catalog_get();
	if (!c)
		return ANTS_FAILED;
	const struct cat_procedure *proc = catalog_procedure(c, ants_reason_procedure(q->reason));
	time_t now = time(NULL), first, after;
	int ny = q->y1, nm = q->m1, nd = q->d1;
	dt_add_days(&ny, &nm, &nd, 1);
	if (!dt_local_to_utc(q->y0, q->m0, q->d0, 0, 0, &first) || !dt_local_to_utc(ny, nm, nd, 0, 0, &after))
		return ANTS_FAILED;

	/* The pieces every callback_url shares, escaped once. */
	struct sbuf mid, tail;
	sbuf_init(&mid);
	sbuf_init(&tail);
	sbuf_adds(&mid, "\",\"callback_url\":\"");
	json_escape(&mid, base_url);
	sbuf_adds(&mid, "/reserver?creneau=");
	sbuf_adds(&tail, "&procedure=");
	json_escape(&tail, proc ? http_url_encode(a, proc->code) : "");
	sbuf_printf(&tail, "&personnes=%d\"}", q->party);

	/* Room for an answer like the last one: the hub asks the same
	 * searches again and again. */
	static size_t last_len;
	sbuf_reserve(b, last_len + last_len / 8);
	enum ants_status status = ANTS_OK;
	struct json j;
	json_init(&j, b);
	json_object(&j);
	for (size_t i = 0; i < q->nsites && status == ANTS_OK; i++) {
		long long site_id = q->sites[i];
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = q->sites[k] == site_id;
		if (seen || !meeting_point(c, catalog_site(c, site_id)))
			continue;
		char key[24];
		snprintf(key, sizeof(key), "%lld", site_id);
		json_key(&j, key);
		json_array(&j);
		time_t wf, wu;
		if (proc && q->party <= proc->max_party && place_site_window(site_id, now, &wf, &wu)) {
			time_t lo = first > wf ? first : wf, hi = after < wu ? after : wu;
			int wy0, wm0, wd0, wy1, wm1, wd1, ly = 0, lm = 1, ld, hy = 0, hm = 0, hd;
			local_date(wf, &wy0, &wm0, &wd0);
			local_date(wu - 1, &wy1, &wm1, &wd1);
			int w0 = day_number(wy0, wm0, wd0), w1 = day_number(wy1, wm1, wd1);
			if (lo < hi) {
				local_date(lo, &ly, &lm, &ld);
				local_date(hi - 1, &hy, &hm, &hd);
			}
			/* Month by month, from the first date asked to the last
			 * (none when nothing of them may be booked). */
			for (int m = ly * 12 + lm - 1; m <= hy * 12 + hm - 1; m++) {
				int my = m / 12, mm = m % 12 + 1;
				int m0 = day_number(my, mm, 1), m1 = m0 + days_in_month(my, mm) - 1;
				int want0 = m0 > w0 ? m0 : w0, want1 = m1 < w1 ? m1 : w1;
				if (want0 > want1)
					continue;
				struct kept_month tmp = { 0 };
				const struct kept_month *e = month_runs(a, c, site_id, proc->id, q->party, m, want0,
									want1, now, &tmp, &status);
				if (!e)
					break;
				/* The month's times written straight into the body,
				 * its room made once: this loop is most of a kept
				 * answer's cost. */
				size_t item = 1 + 13 + 17 + mid.len + 20 + tail.len;
				sbuf_reserve(b, e->n * item);
				for (size_t r = 0; r < e->n; r++) {
					const struct kept_run *x = &e->runs[r];
					if (x->start < lo || x->start >= hi || x->last >= wu)
						continue;
					json_raw(&j, "{\"datetime\":\"", 13);
					char *p = b->s + b->len;
					memcpy(p, x->when, 17);
					p += 17;
					memcpy(p, mid.s, mid.len);
					p += mid.len;
					p += put_ull(p, (unsigned long long)x->slot_id);
					memcpy(p, tail.s, tail.len);
					p += tail.len;
					*p = '\0';
					b->len = (size_t)(p - b->s);
				}
				free(tmp.runs);
			}
		}
		json_array_end(&j);
	}
	json_object_end(&j);
	sbuf_free(&mid);
	sbuf_free(&tail);
	if (status == ANTS_OK)
		last_len = b->len;
	return status;
}

/* ------------------------------------------------------- applications */

#define APP_BATCH 16
#define Q4 "?, ?, ?, ?"

bool ants_applications(struct arena *a, const char *const *ids, size_t n, const char *base_url, struct sbuf *b)
{
	const struct catalog *c = catalog_get();
	if (!c)
		return false;
	if (n > ANTS_MAX_APPLICATIONS)
		n = ANTS_MAX_APPLICATIONS;
	/* Each id once, matched as stored (upper case). */
	char (*up)[11] = arena_alloc(a, (n + 1) * sizeof(*up));
	const char **key = arena_alloc(a, (n + 1) * sizeof(*key));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		char u[11];
		size_t k;
		for (k = 0; k < 10 && ids[i][k]; k++)
			u[k] = (ids[i][k] >= 'a' && ids[i][k] <= 'z') ? (char)(ids[i][k] - 32) : ids[i][k];
		u[k] = '\0';
		bool seen = false;
		for (size_t x = 0; x < m && !seen; x++)
			seen = strcmp(up[x], u) == 0;
		if (seen)
			continue;
		memcpy(up[m], u, sizeof(u));
		key[m++] = ids[i];
	}
	struct db_res *res = arena_alloc(a, (m / APP_BATCH + 1) * sizeof(*res));
	size_t nres = 0;
	for (size_t at = 0; at < m; at += APP_BATCH) {
		const char *p[APP_BATCH];
		for (size_t i = 0; i < APP_BATCH; i++)
			p[i] = at + i < m ? up[at + i] : NULL;
		if (db_exec(a, &res[nres++], "SELECT bp.predemande, b.ref, b.secret, b.start_utc, b.device_id"
			    " FROM booking_persons bp JOIN bookings b ON b.id = bp.booking_id"
			    " WHERE bp.predemande IN (" Q4 ", " Q4 ", " Q4 ", " Q4 ")"
			    " AND b.status = 'confirmed' AND b.start_utc > UTC_TIMESTAMP()"
			    " ORDER BY b.start_utc, b.id",
			    "ssssssssssssssss", p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
			    p[11], p[12], p[13], p[14], p[15]) < 0)
			return false;
	}
	struct json j;
	json_init(&j, b);
	json_object(&j);
	for (size_t i = 0; i < m; i++) {
		json_key(&j, key[i]);
		json_array(&j);
		const struct db_res *r = &res[i / APP_BATCH];
		for (size_t row = 0; row < r->nrows; row++) {
			if (!str_eq(db_val(r, row, 0), up[i]))
				continue;
			struct booking_view v;
			memset(&v, 0, sizeof(v));
			snprintf(v.ref, sizeof(v.ref), "%s", db_val(r, row, 1));
			v.secret = db_val(r, row, 2);
			time_t start;
			if (!dt_parse_sql(db_val(r, row, 3), &start))
				continue;
			const struct cat_device *d = catalog_device(c, db_int(r, row, 4));
			char tok[65], when[18];
			booking_token(&v, "manage", tok);
			hub_time(NULL, start, when);
			const char *manage = arena_printf(a, "%s/rdv/%s?t=%s", base_url, v.ref, tok);
			json_object(&j);
			json_key(&j, "meeting_point");
			json_string(&j, d ? d->site->name : "");
			json_key(&j, "datetime");
			json_string(&j, when);
			json_key(&j, "management_url");
			json_string(&j, manage);
			json_key(&j, "cancel_url");
			json_string(&j, arena_printf(a, "%s#annuler", manage));
			json_object_end(&j);
		}
		json_array_end(&j);
	}
	json_object_end(&j);
	return true;
}
