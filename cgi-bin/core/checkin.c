/* checkin.c — see checkin.h. */
#include "checkin.h"
#include "audit.h"
#include "booking.h"
#include "datetime.h"
#include "db.h"
#include "noshow.h"
#include "outbox.h"
#include "validate.h"

#include <string.h>
#include <time.h>

enum checkin_status checkin_record(struct arena *a, long long id, long long site_id,
                                   long long staff_id, const char *step, const char **action)
{
	long long n = -1;
	/* Later steps fill the earlier ones left blank: a person who started
	 * had arrived. The state follows the furthest step reached. */
	if (str_eq(step, "arrived")) {
		n = db_exec(a, NULL, "UPDATE bookings SET arrived_utc = COALESCE(arrived_utc, UTC_TIMESTAMP()),"
			    " attendance = IF(attendance IN ('none', 'noshow'), 'arrived', attendance), noshow_utc = NULL"
			    " WHERE id = ?", "i", id);
		*action = "checkin_arrived";
	} else if (str_eq(step, "started")) {
		n = db_exec(a, NULL, "UPDATE bookings SET arrived_utc = COALESCE(arrived_utc, UTC_TIMESTAMP()),"
			    " started_utc = COALESCE(started_utc, UTC_TIMESTAMP()),"
			    " attendance = IF(attendance = 'finished', attendance, 'started'), noshow_utc = NULL"
			    " WHERE id = ?", "i", id);
		*action = "checkin_started";
	} else if (str_eq(step, "finished")) {
		n = db_exec(a, NULL, "UPDATE bookings SET arrived_utc = COALESCE(arrived_utc, UTC_TIMESTAMP()),"
			    " started_utc = COALESCE(started_utc, UTC_TIMESTAMP()),"
			    " finished_utc = COALESCE(finished_utc, UTC_TIMESTAMP()), attendance = 'finished',"
			    " noshow_utc = NULL WHERE id = ?", "i", id);
		*action = "checkin_finished";
	} else if (str_eq(step, "noshow")) {
		n = db_exec(a, NULL, "UPDATE bookings SET attendance = 'noshow', noshow_utc = UTC_TIMESTAMP()"
			    " WHERE id = ? AND arrived_utc IS NULL", "i", id);
		*action = "checkin_noshow";
		if (n == 0)
			return CHECKIN_ARRIVED;
	} else if (step && strncmp(step, "step:", 5) == 0) {
		long pos;
		struct db_res s;
		if (!valid_int(step + 5, 1, 50, &pos))
			return CHECKIN_UNKNOWN_STEP;
		if (db_exec(a, &s, "SELECT name FROM site_steps WHERE site_id = ? AND position = ?",
			    "ii", site_id, (long long)pos) < 0)
			return CHECKIN_ERROR;
		if (s.nrows != 1)
			return CHECKIN_UNKNOWN_STEP;
		n = db_exec(a, NULL, "INSERT IGNORE INTO booking_steps (booking_id, position, name, at_utc, staff_id)"
			    " VALUES (?, ?, ?, UTC_TIMESTAMP(), ?)", "iisi", id, (long long)pos, db_val(&s, 0, 0), staff_id);
		/* A named step implies the person arrived. */
		if (n >= 0)
			n = db_exec(a, NULL, "UPDATE bookings SET arrived_utc = COALESCE(arrived_utc, UTC_TIMESTAMP()),"
				    " attendance = IF(attendance IN ('none', 'noshow'), 'arrived', attendance) WHERE id = ?",
				    "i", id);
		*action = "checkin_step";
	} else
		return CHECKIN_UNKNOWN_STEP;
	return n < 0 ? CHECKIN_ERROR : CHECKIN_OK;
}

enum checkin_status checkin_apply(struct arena *a, long long by, const struct booking_view *v, const char *step,
                                  const char *base_url)
{
	/* Absent is said once the time has come: the letter must not leave
	 * before the appointment. */
	if (str_eq(step, "noshow") && v->arrived)
		return CHECKIN_ARRIVED;
	if (str_eq(step, "noshow") && time(NULL) < v->start)
		return CHECKIN_TOO_EARLY;
	if (!db_begin())
		return CHECKIN_ERROR;
	const char *action = NULL;
	enum checkin_status cs = checkin_record(a, v->id, v->site_id, by, step, &action);
	if (cs == CHECKIN_OK && str_eq(step, "noshow")) {
		/* The no-show message goes out with the change, or neither
		 * does; a commune that writes letters instead prints them
		 * (agent_noshow.c). The mark shows the absence on the
		 * person's next booking. */
		struct booking_view now;
		int notice = noshow_notice(a, v->commune_id);
		if (notice < 0 || !booking_load(a, v->id, NULL, &now) || !noshow_mark(a, &now) ||
		    ((notice & NOSHOW_MESSAGE) && (now.phone || now.email) && !outbox_noshow(a, &now, base_url)))
			cs = CHECKIN_ERROR;
	} else if (cs == CHECKIN_OK && str_eq(v->attendance, "noshow") && !noshow_unmark(a, v->id))
		cs = CHECKIN_ERROR;   /* the person came after all */
	if (cs == CHECKIN_OK && !audit(a, by, v->commune_id, action, "booking", v->ref, step))
		cs = CHECKIN_ERROR;
	if (cs == CHECKIN_OK && db_commit())
		return CHECKIN_OK;
	db_rollback();
	return cs == CHECKIN_OK ? CHECKIN_ERROR : cs;
}

long checkin_steps(struct arena *a, long long booking_id, long long site_id, struct checkin_step **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT ss.position, ss.name, bs.at_utc FROM site_steps ss"
		    " LEFT JOIN booking_steps bs ON bs.booking_id = ? AND bs.position = ss.position"
		    " WHERE ss.site_id = ? ORDER BY ss.position", "ii", booking_id, site_id) < 0)
		return -1;
	struct checkin_step *v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++) {
		v[i].position = (int)db_int(&q, i, 0);
		v[i].name = db_val(&q, i, 1);
		v[i].at = 0;
		if (db_val(&q, i, 2))
			dt_parse_sql(db_val(&q, i, 2), &v[i].at);
	}
	*out = v;
	return (long)q.nrows;
}
