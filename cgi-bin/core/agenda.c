/* agenda.c — see agenda.h. */
#include "agenda.h"
#include "auth.h"
#include "booking.h"
#include "datetime.h"
#include "db.h"
#include "scope.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>

static bool day_bounds(int y, int mo, int d, int days, char *from, char *until)
{
	time_t f, u;
	int y2 = y, m2 = mo, d2 = d;
	dt_add_days(&y2, &m2, &d2, days);
	if (!dt_local_to_utc(y, mo, d, 0, 0, &f) || !dt_local_to_utc(y2, m2, d2, 0, 0, &u))
		return false;
	dt_format_sql(f, from);
	dt_format_sql(u, until);
	return true;
}

bool agenda_nav_parse(const char *jour, const char *vue, int ty, int tm, int td, struct agenda_nav *out)
{
	int y = ty, mo = tm, d = td;
	char ymd[11];
	if (jour && *jour && !(valid_date(jour, ymd, sizeof(ymd)) && dt_parse_ymd(ymd, &y, &mo, &d)))
		return false;
	bool week = str_eq(vue, "semaine");
	int step = week ? AGENDA_WEEK : 1;
	*out = (struct agenda_nav){ .week = week, .y = y, .mo = mo, .d = d,
				    .py = y, .pm = mo, .pd = d, .ny = y, .nm = mo, .nd = d };
	dt_add_days(&out->py, &out->pm, &out->pd, -step);
	dt_add_days(&out->ny, &out->nm, &out->nd, step);
	return true;
}

void agenda_hours(const struct agenda_slot *slots, size_t n, struct agenda_hour hours[24])
{
	memset(hours, 0, 24 * sizeof(*hours));
	for (size_t i = 0; i < n; i++) {
		struct tm tm;
		dt_utc_to_local(slots[i].start, &tm);
		struct agenda_hour *h = &hours[tm.tm_hour];
		h->used = true;
		for (int l = 0; l < LEVEL_COUNT; l++) {
			h->cap[l] += slots[i].cap[l];
			h->booked[l] += slots[i].booked[l];
		}
	}
}

bool agenda_day(struct arena *a, long long device_id, int y, int mo, int d, struct agenda_day *out)
{
	memset(out, 0, sizeof(*out));
	char from[20], until[20];
	if (!day_bounds(y, mo, d, 1, from, until))
		return false;
	struct db_res s;
	if (db_exec(a, &s, "SELECT id, start_utc, end_utc, cap_regular, cap_urgent, cap_extreme,"
		    " booked_regular, booked_urgent, booked_extreme FROM slots"
		    " WHERE device_id = ? AND start_utc >= ? AND start_utc < ? ORDER BY start_utc",
		    "iss", device_id, from, until) < 0)
		return false;
	out->slots = arena_alloc(a, (s.nrows + 1) * sizeof(*out->slots));
	for (size_t i = 0; i < s.nrows; i++) {
		struct agenda_slot *x = &out->slots[i];
		x->id = db_int(&s, i, 0);
		dt_parse_sql(db_val(&s, i, 1), &x->start);
		dt_parse_sql(db_val(&s, i, 2), &x->end);
		for (int l = 0; l < LEVEL_COUNT; l++) {
			x->cap[l] = (int)db_int(&s, i, 3 + (size_t)l);
			x->booked[l] = (int)db_int(&s, i, 6 + (size_t)l);
		}
	}
	out->nslots = s.nrows;
	struct db_res b;
	if (db_exec(a, &b, "SELECT b.id, b.ref, b.status, b.level, b.channel, p.code, b.attendance,"
		    " (SELECT GROUP_CONCAT(CONCAT(bp.last_name, ' ', bp.first_names) ORDER BY bp.position SEPARATOR ', ')"
		    "  FROM booking_persons bp WHERE bp.booking_id = b.id),"
		    " b.contact_phone, b.start_utc, b.end_utc, b.party_size"
		    " FROM bookings b JOIN procedures p ON p.id = b.procedure_id"
		    " WHERE b.device_id = ? AND b.start_utc >= ? AND b.start_utc < ?"
		    " AND b.status IN ('confirmed', 'held') ORDER BY b.start_utc",
		    "iss", device_id, from, until) < 0)
		return false;
	out->bookings = arena_alloc(a, (b.nrows + 1) * sizeof(*out->bookings));
	for (size_t i = 0; i < b.nrows; i++) {
		struct agenda_booking *x = &out->bookings[i];
		x->id = db_int(&b, i, 0);
		x->ref = db_val(&b, i, 1);
		x->status = db_val(&b, i, 2);
		x->level = db_val(&b, i, 3);
		x->channel = db_val(&b, i, 4);
		x->procedure = db_val(&b, i, 5);
		x->attendance = db_val(&b, i, 6);
		x->persons = db_val(&b, i, 7);
		x->phone = db_val(&b, i, 8);
		dt_parse_sql(db_val(&b, i, 9), &x->start);
		dt_parse_sql(db_val(&b, i, 10), &x->end);
		x->party = (int)db_int(&b, i, 11);
	}
	out->nbookings = b.nrows;
	return true;
}

void agenda_week(struct arena *a, long long device_id, int y, int mo, int d, int days,
                 int *offered, int *booked)
{
	for (int i = 0; i < days; i++) {
		int yy = y, mm = mo, dd = d;
		dt_add_days(&yy, &mm, &dd, i);
		char from[20], until[20];
		offered[i] = booked[i] = 0;
		struct db_res r;
		if (!day_bounds(yy, mm, dd, 1, from, until) ||
		    db_exec(a, &r, "SELECT COALESCE(SUM(cap_regular + cap_urgent + cap_extreme), 0),"
			    " COALESCE(SUM(booked_regular + booked_urgent + booked_extreme), 0) FROM slots"
			    " WHERE device_id = ? AND start_utc >= ? AND start_utc < ?",
			    "iss", device_id, from, until) < 0)
			continue;
		offered[i] = (int)db_int(&r, 0, 0);
		booked[i] = (int)db_int(&r, 0, 1);
	}
}

#define FREE_SQL(booked, cap) FREE_SQL_WHERE("s." booked " < s." cap)
#define FREE_SQL_WHERE(cond) \
	"SELECT s.id, s.device_id, s.start_utc, s.end_utc, TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc)," \
	" d.name, si.name, c.name, si.id FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1" \
	" JOIN sites si ON si.id = d.site_id AND si.active = 1 JOIN communes c ON c.id = si.commune_id" \
	" JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?" \
	" WHERE" SCOPE_COMMUNE_SQL("c.id") " AND s.start_utc >= ? AND s.start_utc < ? AND s.start_utc > UTC_TIMESTAMP()" \
	" AND (" cond ") ORDER BY s.device_id, s.start_utc"
static const char *const free_sql[LEVEL_COUNT] = {
	FREE_SQL("booked_regular", "cap_regular"),
	FREE_SQL("booked_urgent", "cap_urgent"),
	FREE_SQL("booked_extreme", "cap_extreme"),
};
/* A party of minors: a regular place or one of the minors' places. */
static const char free_minors_sql[] =
	FREE_SQL_WHERE("s.booked_regular < s.cap_regular OR s.booked_minors < s.cap_minors");

static int cmp_start(const void *x, const void *y)
{
	const struct staff_free *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

size_t agenda_free(struct arena *a, long long commune_id, long long procedure_id, int party,
                   enum level level, int y, int mo, int d, size_t max, struct staff_free **out)
{
	return agenda_free_minors(a, commune_id, procedure_id, party, level, false, y, mo, d, max, out);
}

size_t agenda_free_minors(struct arena *a, long long commune_id, long long procedure_id, int party,
                          enum level level, bool minors, int y, int mo, int d, size_t max,
                          struct staff_free **out)
{
	*out = NULL;
	char from[20], until[20];
	struct db_res m, r;
	struct scope sc = scope_commune(commune_id);
	if (level < 0 || level >= LEVEL_COUNT || !day_bounds(y, mo, d, 1, from, until) ||
	    db_exec(a, &m, "SELECT minutes_per_person FROM procedures WHERE id = ?", "i", procedure_id) < 0 ||
	    m.nrows != 1 ||
	    db_exec(a, &r, minors && level == LEVEL_REGULAR ? free_minors_sql : free_sql[level],
		    "i" SCOPE_COMMUNE_FMT "ss", procedure_id, SCOPE_COMMUNE_ARGS(&sc),
		    from, until) < 0)
		return 0;
	int mpp = (int)db_int(&m, 0, 0);
	struct staff_free *res = arena_alloc(a, (r.nrows + 1) * sizeof(*res));
	size_t n = 0;
	size_t i = 0;
	while (i < r.nrows) {
		size_t j;
		struct free_slot *fs = booking_device_rows(&r, i, &j);
		int k = slots_needed(party, mpp, (int)db_int(&r, i, 4));
		for (size_t t = 0; k > 0 && t + (size_t)k <= j - i; t++) {
			long at = slots_find_run(fs + t, j - i - t, k);
			if (at < 0)
				break;
			t += (size_t)at;
			size_t row = i + t;
			res[n].slot_id = fs[t].id;
			res[n].device_id = db_int(&r, row, 1);
			res[n].site_id = db_int(&r, row, 8);
			res[n].start = fs[t].start;
			res[n].device_name = db_val(&r, row, 5);
			res[n].site_name = db_val(&r, row, 6);
			res[n].commune_name = db_val(&r, row, 7);
			n++;
		}
		free(fs);
		i = j;
	}
	qsort(res, n, sizeof(*res), cmp_start);
	*out = res;
	return n < max ? n : max;
}

void agenda_free_query(const struct staff *who, int max_party, long party, const char *level,
                       const char *jour, long commune, int ty, int tm, int td, struct free_query *out)
{
	out->party = party > max_party ? max_party : party;
	out->level_choice = who->role != ROLE_PARTNER;
	out->level = out->level_choice ? level_parse(level) : LEVEL_REGULAR;
	out->y = ty;
	out->mo = tm;
	out->d = td;
	if (jour)
		dt_parse_ymd(jour, &out->y, &out->mo, &out->d);
	out->wide = who->role == ROLE_PARTNER || who->role == ROLE_PLATFORM_ADMIN;
	out->commune = out->wide ? commune : who->commune_id;
}

/* The people of a booking, "NAME First names, ..." */
#define PERSONS_SQL "(SELECT GROUP_CONCAT(CONCAT(bp.last_name, ' ', bp.first_names) SEPARATOR ', ')" \
	" FROM booking_persons bp WHERE bp.booking_id = b.id)"
#define LIST_FROM " FROM bookings b JOIN procedures p ON p.id = b.procedure_id JOIN devices d ON d.id = b.device_id" \
	" JOIN sites si ON si.id = d.site_id JOIN communes c ON c.id = si.commune_id"

static struct agenda_line *lines_of(struct arena *a, const struct db_res *q)
{
	struct agenda_line *v = arena_alloc(a, (q->nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q->nrows; i++) {
		v[i].ref = db_val(q, i, 0);
		v[i].status = db_val(q, i, 1);
		dt_parse_sql(db_val(q, i, 2), &v[i].start);
		v[i].procedure = db_val(q, i, 3);
		v[i].commune = db_val(q, i, 4);
		v[i].site = db_val(q, i, 5);
		v[i].persons = db_val(q, i, 6);
	}
	return v;
}

long agenda_upcoming(struct arena *a, const struct scope *s, int max, struct agenda_line **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT b.ref, b.status, b.start_utc, p.code, c.name, si.name, " PERSONS_SQL LIST_FROM
		    " WHERE b.status = 'confirmed' AND b.end_utc > UTC_TIMESTAMP() AND"
		    SCOPE_BOOKING_SQL("c.id", "b.partner_commune_id") " ORDER BY b.start_utc LIMIT ?",
		    SCOPE_BOOKING_FMT "i", SCOPE_BOOKING_ARGS(s), (long long)max) < 0)
		return -1;
	*out = lines_of(a, &q);
	return (long)q.nrows;
}

char *agenda_like_prefix(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *o = arena_alloc(a, 2 * n + 2), *p = o;
	for (; *s; s++) {
		/* LIKE's wildcards and its escape character, taken literally. */
		if (*s == '%' || *s == '_' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '%';
	*p = '\0';
	return o;
}

long agenda_search(struct arena *a, const struct scope *s, const char *ref, const char *phone, const char *name,
                   int max, struct agenda_line **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT b.ref, b.status, b.start_utc, p.code, c.name, si.name, " PERSONS_SQL LIST_FROM
		    " WHERE b.status IN ('confirmed', 'held', 'cancelled') AND"
		    SCOPE_BOOKING_SQL("c.id", "b.partner_commune_id")
		    " AND (b.ref = ? OR b.contact_phone = ? OR EXISTS (SELECT 1 FROM booking_persons bp3"
		    "  WHERE bp3.booking_id = b.id AND bp3.last_name LIKE ?))"
		    " ORDER BY b.start_utc DESC LIMIT ?",
		    SCOPE_BOOKING_FMT "sssi", SCOPE_BOOKING_ARGS(s), ref ? ref : "", phone ? phone : "",
		    agenda_like_prefix(a, name), (long long)max) < 0)
		return -1;
	*out = lines_of(a, &q);
	return (long)q.nrows;
}
