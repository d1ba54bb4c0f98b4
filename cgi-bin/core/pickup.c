/* pickup.c — see pickup.h. */
#include "pickup.h"
#include "audit.h"
#include "booking.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "place.h"
#include "slots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long pickup_delays(struct arena *a, long long commune_id, const char *lang, struct pickup_delay **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, "SELECT p.id, p.code, IF(? = 'en', p.name_en, p.name_fr), COALESCE(pd.days, 0)"
		    " FROM procedures p LEFT JOIN pickup_delays pd ON pd.procedure_id = p.id AND pd.commune_id = ?"
		    " WHERE p.needs_predemande = 1 ORDER BY p.sort_order, p.id", "si", lang, commune_id) < 0)
		return -1;
	struct pickup_delay *v = arena_alloc(a, (r.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < r.nrows; i++) {
		v[i].procedure_id = db_int(&r, i, 0);
		v[i].code = db_val(&r, i, 1);
		v[i].name = db_val(&r, i, 2);
		v[i].days = (int)db_int(&r, i, 3);
	}
	*out = v;
	return (long)r.nrows;
}

int pickup_delay_of(struct arena *a, long long commune_id, long long procedure_id)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT days FROM pickup_delays WHERE commune_id = ? AND procedure_id = ?", "ii",
		    commune_id, procedure_id) < 0)
		return -1;
	return r.nrows ? (int)db_int(&r, 0, 0) : 0;
}

bool pickup_delays_save(struct arena *a, long long by, long long commune_id, const struct pickup_delay *d, long n)
{
	if (!db_begin())
		return false;
	bool ok = true;
	struct sbuf b;
	sbuf_init(&b);
	for (long i = 0; ok && i < n; i++) {
		/* No delay: the row goes, and no pickup is proposed. */
		ok = (d[i].days > 0
		      ? db_exec(a, NULL, "INSERT INTO pickup_delays (commune_id, procedure_id, days) VALUES (?, ?, ?)"
				" ON DUPLICATE KEY UPDATE days = VALUES(days)", "iii", commune_id, d[i].procedure_id,
				(long long)d[i].days)
		      : db_exec(a, NULL, "DELETE FROM pickup_delays WHERE commune_id = ? AND procedure_id = ?", "ii",
				commune_id, d[i].procedure_id)) >= 0;
		sbuf_printf(&b, "%s%s=%d", i ? " " : "", d[i].code ? d[i].code : "?", d[i].days);
	}
	ok = ok && audit(a, by, commune_id, "pickup_delays", "commune", arena_printf(a, "%lld", commune_id), b.s);
	sbuf_free(&b);
	if (ok && db_commit())
		return true;
	db_rollback();
	return false;
}

/* The free slots of a site's active devices offering the procedure,
 * sorted by device (as booking_device_rows() reads them). */
#define PICKUP_FREE_SQL \
	"SELECT s.id, s.device_id, s.start_utc, s.end_utc, TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc), d.name" \
	" FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1" \
	" JOIN sites si ON si.id = d.site_id AND si.active = 1" \
	" JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?" \
	" WHERE d.site_id = ? AND s.start_utc >= ? AND s.start_utc < ? AND s.start_utc > UTC_TIMESTAMP()" \
	" AND s.booked_regular < s.cap_regular ORDER BY s.device_id, s.start_utc"

static int cmp_start(const void *x, const void *y)
{
	const struct pickup_time *p = x, *q = y;
	return (p->start > q->start) - (p->start < q->start);
}

/* A week at a time: the first free time is usually in the first one. */
#define PICKUP_WINDOW 7

long pickup_free(struct arena *a, long long site_id, int party, int y, int mo, int d, int days, size_t max,
                 struct pickup_time **out)
{
	*out = NULL;
	struct procedure_info proc;
	if (!place_procedure(a, PICKUP_PROCEDURE, "fr", &proc))
		return 0;      /* no pickup procedure on this platform */
	struct pickup_time *res = arena_alloc(a, (max + 1) * sizeof(*res));
	size_t n = 0;
	for (int w = 0; w < days && n < max; w += PICKUP_WINDOW) {
		int y1 = y, m1 = mo, d1 = d, y2 = y, m2 = mo, d2 = d;
		dt_add_days(&y1, &m1, &d1, w);
		dt_add_days(&y2, &m2, &d2, w + PICKUP_WINDOW);
		time_t f, u;
		char from[20], until[20];
		if (!dt_local_to_utc(y1, m1, d1, 0, 0, &f) || !dt_local_to_utc(y2, m2, d2, 0, 0, &u))
			return -1;
		dt_format_sql(f, from);
		dt_format_sql(u, until);
		struct db_res r;
		if (db_exec(a, &r, PICKUP_FREE_SQL, "iiss", proc.id, site_id, from, until) < 0)
			return -1;
		/* This window's runs, each device's in order, then by time. */
		struct pickup_time *win = arena_alloc(a, (r.nrows + 1) * sizeof(*win));
		size_t nw = 0;
		size_t i = 0;
		while (i < r.nrows) {
			size_t j;
			struct free_slot *fs = booking_device_rows(&r, i, &j);
			int k = slots_needed(party, proc.minutes, (int)db_int(&r, i, 4));
			for (size_t t = 0; fs && k > 0 && t + (size_t)k <= j - i; t++) {
				long at = slots_find_run(fs + t, j - i - t, k);
				if (at < 0)
					break;
				t += (size_t)at;
				win[nw].slot_id = fs[t].id;
				win[nw].device_id = db_int(&r, i + t, 1);
				win[nw].start = fs[t].start;
				win[nw].device_name = db_val(&r, i + t, 5);
				nw++;
			}
			free(fs);
			i = j;
		}
		qsort(win, nw, sizeof(*win), cmp_start);
		for (size_t k = 0; k < nw && n < max; k++)
			res[n++] = win[k];
	}
	*out = res;
	return (long)n;
}

bool pickup_link_of(struct arena *a, long long booking_id, struct pickup_link *out)
{
	memset(out, 0, sizeof(*out));
	struct db_res r;
	/* Both directions in one statement: the active pickup of this
	 * booking, and the filing this booking collects. */
	if (db_exec(a, &r, "SELECT 'p', p.id, p.ref, p.start_utc FROM bookings p WHERE p.pickup_active = ?"
		    " UNION ALL SELECT 'f', f.id, f.ref, f.start_utc FROM bookings b JOIN bookings f ON f.id = b.pickup_for"
		    " WHERE b.id = ?", "ii", booking_id, booking_id) < 0)
		return false;
	for (size_t i = 0; i < r.nrows; i++) {
		bool pickup = str_eq(db_val(&r, i, 0), "p");
		time_t t = 0;
		dt_parse_sql(db_val(&r, i, 3), &t);
		if (pickup) {
			out->pickup_id = db_int(&r, i, 1);
			snprintf(out->pickup_ref, sizeof(out->pickup_ref), "%s", db_val(&r, i, 2));
			out->pickup_start = t;
		} else {
			out->filing_id = db_int(&r, i, 1);
			snprintf(out->filing_ref, sizeof(out->filing_ref), "%s", db_val(&r, i, 2));
			out->filing_start = t;
		}
	}
	return true;
}

int pickup_due(struct arena *a, const struct booking_view *v)
{
	if (!str_eq(v->status, "confirmed") || !v->finished || str_eq(v->procedure_code, PICKUP_PROCEDURE))
		return 0;
	int days = pickup_delay_of(a, v->commune_id, v->procedure_id);
	if (days <= 0)
		return days;
	struct pickup_link l;
	if (!pickup_link_of(a, v->id, &l))
		return -1;
	return l.pickup_id ? 0 : days;
}

bool pickup_link(struct arena *a, long long pickup_id, long long filing_id, bool *dup)
{
	*dup = false;
	/* uq_pickup_active (sql/017) refuses a second active pickup. */
	if (db_exec(a, NULL, "UPDATE bookings SET pickup_for = ? WHERE id = ?", "ii", filing_id, pickup_id) >= 0)
		return true;
	*dup = db_errno() == DB_ERR_DUP;
	return false;
}

#define PERSONS_OF "(SELECT GROUP_CONCAT(CONCAT(bp.last_name, ' ', bp.first_names) ORDER BY bp.position SEPARATOR ', ')" \
	" FROM booking_persons bp WHERE bp.booking_id = b.id)"

long pickup_day(struct arena *a, long long commune_id, int y, int mo, int d, struct pickup_line **out)
{
	*out = NULL;
	time_t f, u;
	int y2 = y, m2 = mo, d2 = d;
	dt_add_days(&y2, &m2, &d2, 1);
	if (!dt_local_to_utc(y, mo, d, 0, 0, &f) || !dt_local_to_utc(y2, m2, d2, 0, 0, &u))
		return -1;
	char from[20], until[20];
	dt_format_sql(f, from);
	dt_format_sql(u, until);
	struct db_res r;
	if (db_exec(a, &r, "SELECT b.id, b.ref, b.start_utc, si.id, si.name, " PERSONS_OF ", b.party_size,"
		    " b.pickup_for IS NOT NULL FROM bookings b JOIN procedures p ON p.id = b.procedure_id AND p.code = ?"
		    " JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id"
		    " WHERE si.commune_id = ? AND b.status = 'confirmed' AND b.start_utc >= ? AND b.start_utc < ?"
		    " ORDER BY b.start_utc, b.id", "siss", PICKUP_PROCEDURE, commune_id, from, until) < 0)
		return -1;
	struct pickup_line *v = arena_alloc(a, (r.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < r.nrows; i++) {
		v[i].id = db_int(&r, i, 0);
		snprintf(v[i].ref, sizeof(v[i].ref), "%s", db_val(&r, i, 1));
		dt_parse_sql(db_val(&r, i, 2), &v[i].start);
		v[i].site_id = db_int(&r, i, 3);
		v[i].site_name = db_val(&r, i, 4);
		v[i].persons = db_val(&r, i, 5);
		v[i].party = (int)db_int(&r, i, 6);
		v[i].linked = db_int(&r, i, 7) != 0;
	}
	*out = v;
	return (long)r.nrows;
}

struct move_ctx {
	long long by;
	const char *base_url;
	const char *from_day;
};

/* Inside each move's transaction: the person is told the title is late,
 * and the audit line. */
static bool after_move(void *p, struct arena *a, long long id)
{
	struct move_ctx *c = p;
	struct booking_view v;
	return booking_load(a, id, NULL, &v) &&
	       audit(a, c->by, v.commune_id, "pickup_move", "booking", v.ref, c->from_day) &&
	       (!(v.phone || v.email) || outbox_booking(a, &v, "pickup_moved", NULL, NULL, c->base_url));
}

/* How far after the new day a late pickup may land. */
#define PICKUP_MOVE_DAYS 60

long pickup_move_day(struct arena *a, long long by, long long commune_id, int fy, int fm, int fd,
                     int ty, int tm, int td, const char *base_url, struct pickup_moved **out)
{
	*out = NULL;
	struct pickup_line *l;
	long n = pickup_day(a, commune_id, fy, fm, fd, &l);
	if (n < 0)
		return -1;
	struct pickup_moved *res = arena_alloc(a, ((size_t)n + 1) * sizeof(*res));
	struct move_ctx ctx = { by, base_url, arena_printf(a, "%04d-%02d-%02d", fy, fm, fd) };
	for (long i = 0; i < n; i++) {
		res[i].line = l[i];
		res[i].moved = false;
		/* In time order, each to the first free time left: a time
		 * someone else took meanwhile is given up for the next. */
		for (int tries = 0; tries < 3 && !res[i].moved; tries++) {
			struct pickup_time *t;
			long k = pickup_free(a, l[i].site_id, l[i].party, ty, tm, td, PICKUP_MOVE_DAYS, 1, &t);
			if (k <= 0)
				break;
			enum book_status st = booking_move(a, l[i].id, t[0].slot_id, false, after_move, &ctx);
			if (st == BOOK_OK) {
				res[i].moved = true;
				res[i].new_start = t[0].start;
			} else if (st != BOOK_GONE)
				break;
		}
		if (!res[i].moved)
			log_info("pickup %s could not be moved", l[i].ref);
	}
	*out = res;
	return n;
}
