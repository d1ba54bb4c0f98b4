/* checkin.h — the desk's check-in of an appointment: arrival, start, the
 * site's named steps, end — each time-stamped once (the first press
 * counts) — or a no-show, which is refused once the person has arrived. */
#ifndef CRENEAU_CHECKIN_H
#define CRENEAU_CHECKIN_H
#include "util.h"

#include <time.h>

enum checkin_status { CHECKIN_OK, CHECKIN_UNKNOWN_STEP, CHECKIN_ARRIVED, CHECKIN_TOO_EARLY, CHECKIN_ERROR };

/* step: "arrived", "started", "finished", "noshow" or "step:<position>"
 * of a named step of site_id. Runs inside the caller's transaction if
 * there is one. *action gets the audit action name. */
enum checkin_status checkin_record(struct arena *a, long long booking_id, long long site_id,
                                   long long staff_id, const char *step, const char **action);


struct booking_view;
/* The whole check-in of a step by staff member `by`, in one transaction:
 * the time stamp, the no-show letter (refused before the appointment's
 * start: CHECKIN_TOO_EARLY) and the audit line. */
enum checkin_status checkin_apply(struct arena *a, long long by, const struct booking_view *v, const char *step,
                                  const char *base_url);

struct checkin_step {
	int position;
	const char *name;
	time_t at;          /* 0 while not done */
};
/* The site's named steps and when this booking passed each. */
long checkin_steps(struct arena *a, long long booking_id, long long site_id, struct checkin_step **out);

#endif
