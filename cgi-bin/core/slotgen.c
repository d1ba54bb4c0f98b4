/* slotgen.c — see slotgen.h. */
#include "slotgen.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "slots.h"

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

static long run_device(struct arena *a, long long device_id, int horizon)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT weekday, start_time, end_time, slot_minutes, cap_regular, cap_urgent,"
		    " cap_extreme, valid_from, valid_to FROM opening_rules WHERE device_id = ?",
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
	}
	int y, m, d;
	dt_today_local(&y, &m, &d);
	size_t n = 0;
	struct slot *s = slots_generate(rules, r.nrows, y, m, d, horizon + 1, &n);
	free(rules);
	long added = 0;
	if (!db_begin()) {
		free(s);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char st[20], en[20];
		dt_format_sql(s[i].start, st);
		dt_format_sql(s[i].end, en);
		long long k = db_exec(a, NULL, "INSERT IGNORE INTO slots (device_id, start_utc, end_utc,"
				      " cap_regular, cap_urgent, cap_extreme) VALUES (?, ?, ?, ?, ?, ?)",
				      "issiii", device_id, st, en, (long long)s[i].cap[LEVEL_REGULAR],
				      (long long)s[i].cap[LEVEL_URGENT], (long long)s[i].cap[LEVEL_EXTREME]);
		if (k < 0) {
			db_rollback();
			free(s);
			return -1;
		}
		added += k;
	}
	free(s);
	return db_commit() ? added : -1;
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
