/* slotgen.c — see slotgen.h. */
#include "slotgen.h"
#include "datetime.h"
#include "db.h"
#include "freegen.h"
#include "log.h"
#include "slots.h"

#include <time.h>

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static int ymd_int(const char *s)
{
	int y, m, d;
	return s && dt_parse_ymd(s, &y, &m, &d) ? y * 10000 + m * 100 + d : 0;
}

static int minutes(const char *hhmmss)
{
	int h = 0, m = 0;
	if (!hhmmss || sscanf(hhmmss, "%d:%d", &h, &m) != 2)
		return -1;
	return h * 60 + m;
}

/* Inside the caller's transaction. */
static long generate(struct arena *a, long long device_id, int horizon)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT weekday, start_time, end_time, slot_minutes, cap_regular, cap_urgent,"
		    " cap_extreme, valid_from, valid_to, minors_only FROM opening_rules WHERE device_id = ?",
		    "i", device_id) < 0)
		return -1;
	struct slot_rule *rules = xcalloc(r.nrows + 1, sizeof(*rules));
	for (size_t i = 0; i < r.nrows; i++) {
		rules[i].weekday = (int)db_int(&r, i, 0);
		rules[i].start_min = minutes(db_val(&r, i, 1));
		rules[i].end_min = minutes(db_val(&r, i, 2));
		rules[i].slot_minutes = (int)db_int(&r, i, 3);
		rules[i].cap[LEVEL_REGULAR] = (int)db_int(&r, i, 4);
		rules[i].cap[LEVEL_URGENT] = (int)db_int(&r, i, 5);
		rules[i].cap[LEVEL_EXTREME] = (int)db_int(&r, i, 6);
		rules[i].valid_from_ymd = ymd_int(db_val(&r, i, 7));
		rules[i].valid_to_ymd = ymd_int(db_val(&r, i, 8));
		rules[i].minors_only = db_int(&r, i, 9) != 0;
	}
	int y, m, d;
	dt_today_local(&y, &m, &d);
	size_t n = 0;
	struct slot *s = slots_generate(rules, r.nrows, y, m, d, horizon + 1, &n);
	free(rules);
	long added = 0;
	/* A generation number tells the slots these rules produce from the
	 * ones they no longer do. */
	/* Microseconds: two saves of a grid within one second (seconds, as
	 * before, made them share a number) must not take the first run's
	 * slots for the second's. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	unsigned long long gen = ((unsigned long long)now.tv_sec * 1000000ULL + (unsigned long long)now.tv_nsec / 1000ULL)
				 * 1000ULL + (unsigned long long)(device_id % 1000);
	char from[20];
	time_t t0;
	if (!dt_local_to_utc(y, m, d, 0, 0, &t0))
		t0 = time(NULL);
	dt_format_sql(t0, from);
	for (size_t i = 0; i < n; i++) {
		char st[20], en[20];
		dt_format_sql(s[i].start, st);
		dt_format_sql(s[i].end, en);
		/* An existing slot keeps its bookings: its capacity follows the
		 * rules but never drops below what is booked. */
		long long k = db_exec(a, NULL, "INSERT INTO slots (device_id, start_utc, end_utc,"
				      " cap_regular, cap_urgent, cap_extreme, cap_minors, gen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
				      " ON DUPLICATE KEY UPDATE cap_regular = GREATEST(VALUES(cap_regular), booked_regular),"
				      " cap_urgent = GREATEST(VALUES(cap_urgent), booked_urgent),"
				      " cap_extreme = GREATEST(VALUES(cap_extreme), booked_extreme),"
				      " cap_minors = GREATEST(VALUES(cap_minors), booked_minors), gen = VALUES(gen)",
				      "issiiiiu", device_id, st, en, (long long)s[i].cap[LEVEL_REGULAR],
				      (long long)s[i].cap[LEVEL_URGENT], (long long)s[i].cap[LEVEL_EXTREME],
				      (long long)s[i].cap_minors, gen);
		if (k < 0) {
			free(s);
			return -1;
		}
		added += k == 1;    /* 1 = inserted, 2 = updated */
	}
	free(s);
	/* Slots the rules no longer produce, and slots inside a closure,
	 * outage or absence, keep their bookings and offer nothing more.
	 * Free slots the rules dropped and nobody references go away. */
	if (db_exec(a, NULL, "DELETE s FROM slots s LEFT JOIN booking_slots bs ON bs.slot_id = s.id"
		    " WHERE s.device_id = ? AND s.start_utc >= ? AND s.gen <> ? AND bs.slot_id IS NULL"
		    " AND s.booked_regular = 0 AND s.booked_urgent = 0 AND s.booked_extreme = 0 AND s.booked_minors = 0",
		    "isu", device_id, from, gen) < 0 ||
	    db_exec(a, NULL, "UPDATE slots SET cap_regular = booked_regular, cap_urgent = booked_urgent,"
		    " cap_extreme = booked_extreme, cap_minors = booked_minors WHERE device_id = ? AND start_utc >= ? AND gen <> ?",
		    "isu", device_id, from, gen) < 0 ||
	    db_exec(a, NULL, "UPDATE slots s JOIN closures c ON c.device_id = s.device_id"
		    " AND s.start_utc < c.end_utc AND s.end_utc > c.start_utc"
		    " SET s.cap_regular = s.booked_regular, s.cap_urgent = s.booked_urgent,"
		    " s.cap_extreme = s.booked_extreme, s.cap_minors = s.booked_minors WHERE s.device_id = ? AND s.start_utc >= ?",
		    "is", device_id, from) < 0)
		return -1;
	freegen_touch(device_id);
	return added;
}

static long run_device(struct arena *a, long long device_id, int horizon)
{
	if (!db_begin())
		return -1;
	long added = generate(a, device_id, horizon);
	if (added < 0) {
		db_rollback();
		return -1;
	}
	return db_commit() ? added : -1;
}

long slotgen_in_tx(struct arena *a, long long device_id)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT c.horizon_days FROM devices d JOIN sites s ON s.id = d.site_id"
		    " JOIN communes c ON c.id = s.commune_id WHERE d.active = 1 AND d.id = ?", "i", device_id) < 0)
		return -1;
	return r.nrows == 1 ? generate(a, device_id, (int)db_int(&r, 0, 0)) : 0;
}

long slotgen_run(struct arena *a, long long device_id)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT d.id, c.horizon_days FROM devices d JOIN sites s ON s.id = d.site_id"
		    " JOIN communes c ON c.id = s.commune_id WHERE d.active = 1 AND (? = 0 OR d.id = ?)",
		    "ii", device_id, device_id) < 0)
		return -1;
	long total = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		long n = run_device(a, db_int(&r, i, 0), (int)db_int(&r, i, 1));
		if (n < 0)
			return -1;
		total += n;
	}
	return total;
}
