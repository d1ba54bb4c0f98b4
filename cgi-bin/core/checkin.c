/* checkin.c — see checkin.h. */
#include "checkin.h"
#include "db.h"
#include "validate.h"

#include <string.h>

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
