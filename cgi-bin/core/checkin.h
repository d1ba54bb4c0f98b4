/* checkin.h — the desk's check-in of an appointment: arrival, start, the
 * site's named steps, end — each time-stamped once (the first press
 * counts) — or a no-show, which is refused once the person has arrived. */
#ifndef CRENEAU_CHECKIN_H
#define CRENEAU_CHECKIN_H
#include "util.h"

enum checkin_status { CHECKIN_OK, CHECKIN_UNKNOWN_STEP, CHECKIN_ARRIVED, CHECKIN_ERROR };

/* step: "arrived", "started", "finished", "noshow" or "step:<position>"
 * of a named step of site_id. Runs inside the caller's transaction if
 * there is one. *action gets the audit action name. */
enum checkin_status checkin_record(struct arena *a, long long booking_id, long long site_id,
                                   long long staff_id, const char *step, const char **action);

#endif
