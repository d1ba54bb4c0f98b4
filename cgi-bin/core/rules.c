/* rules.c — see rules.h. */
#include "rules.h"
#include "audit.h"
#include "datetime.h"
#include "db.h"
#include "slotgen.h"

#include <stdio.h>
#include <stdlib.h>

static int ymd_of(const char *s)
{
	int y, m, d;
	return s && dt_parse_ymd(s, &y, &m, &d) ? y * 10000 + m * 100 + d : 0;
}

static int minutes_of(const char *hhmm)
{
	int h, m;
	return hhmm && sscanf(hhmm, "%d:%d", &h, &m) == 2 ? h * 60 + m : -1;
}

static const char *sql_date(struct arena *a, int ymd)
{
	return ymd ? arena_printf(a, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100, ymd % 100) : NULL;
}

long rules_of_device(struct arena *a, long long device_id, struct slot_rule **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT weekday, TIME_FORMAT(start_time, '%H:%i'), TIME_FORMAT(end_time, '%H:%i'),"
		    " slot_minutes, cap_regular, cap_urgent, cap_extreme, valid_from, valid_to, minors_only FROM opening_rules"
		    " WHERE device_id = ? ORDER BY weekday, start_time", "i", device_id) < 0)
		return -1;
	struct slot_rule *v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++) {
		v[i].weekday = (int)db_int(&q, i, 0);
		v[i].start_min = minutes_of(db_val(&q, i, 1));
		v[i].end_min = minutes_of(db_val(&q, i, 2));
		v[i].slot_minutes = (int)db_int(&q, i, 3);
		for (int l = 0; l < LEVEL_COUNT; l++)
			v[i].cap[l] = (int)db_int(&q, i, 4 + (size_t)l);
		v[i].valid_from_ymd = ymd_of(db_val(&q, i, 7));
		v[i].valid_to_ymd = ymd_of(db_val(&q, i, 8));
		v[i].minors_only = db_int(&q, i, 9) != 0;
	}
	*out = v;
	return (long)q.nrows;
}

long rules_free_lost(struct arena *a, long long device_id, const struct slot_rule *rules, size_t n)
{
	struct db_res h, f;
	if (db_exec(a, &h, "SELECT c.horizon_days FROM devices d JOIN sites s ON s.id = d.site_id"
		    " JOIN communes c ON c.id = s.commune_id WHERE d.id = ?", "i", device_id) < 0 || h.nrows != 1 ||
	    db_exec(a, &f, "SELECT start_utc FROM slots WHERE device_id = ? AND start_utc > UTC_TIMESTAMP()"
		    " AND (cap_regular > booked_regular OR cap_urgent > booked_urgent OR cap_extreme > booked_extreme"
		    " OR cap_minors > booked_minors)",
		    "i", device_id) < 0)
		return -1;
	int y, m, d;
	dt_today_local(&y, &m, &d);
	size_t ngen = 0;
	struct slot *gen = slots_generate(rules, n, y, m, d, (int)db_int(&h, 0, 0) + 1, &ngen);
	time_t *starts = arena_alloc(a, (f.nrows + 1) * sizeof(*starts));
	size_t ns = 0;
	for (size_t i = 0; i < f.nrows; i++)
		if (dt_parse_sql(db_val(&f, i, 0), &starts[ns]))
			ns++;
	long lost = (long)slots_missing(gen, ngen, starts, ns);
	free(gen);
	return lost;
}

bool rules_save(struct arena *a, long long by, long long device_id, const struct slot_rule *rules, size_t n,
                long *added)
{
	*added = 0;
	if (!db_begin())
		return false;
	struct db_res c;
	bool ok = db_exec(a, &c, "SELECT si.commune_id FROM devices d JOIN sites si ON si.id = d.site_id"
			  " WHERE d.id = ? FOR UPDATE", "i", device_id) >= 0 && c.nrows == 1 &&
		  db_exec(a, NULL, "DELETE FROM opening_rules WHERE device_id = ?", "i", device_id) >= 0;
	for (size_t i = 0; i < n && ok; i++) {
		const struct slot_rule *x = &rules[i];
		ok = db_exec(a, NULL, "INSERT INTO opening_rules (device_id, weekday, start_time, end_time, slot_minutes,"
			     " cap_regular, cap_urgent, cap_extreme, valid_from, valid_to, minors_only)"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     "iissiiiissi", device_id, (long long)x->weekday,
			     arena_printf(a, "%02d:%02d:00", x->start_min / 60, x->start_min % 60),
			     arena_printf(a, "%02d:%02d:00", x->end_min / 60, x->end_min % 60),
			     (long long)x->slot_minutes, (long long)x->cap[LEVEL_REGULAR], (long long)x->cap[LEVEL_URGENT],
			     (long long)x->cap[LEVEL_EXTREME], sql_date(a, x->valid_from_ymd),
			     sql_date(a, x->valid_to_ymd), (long long)x->minors_only) >= 0;
	}
	/* Future free slots follow the new rules; booked ones stay. */
	long k = ok ? slotgen_in_tx(a, device_id) : -1;
	ok = k >= 0 && audit(a, by, db_int(&c, 0, 0), "rules_update", "device", arena_printf(a, "%lld", device_id),
			     arena_printf(a, "%zu bands, %ld slots added", n, k));
	if (ok && db_commit()) {
		*added = k;
		return true;
	}
	db_rollback();
	return false;
}
