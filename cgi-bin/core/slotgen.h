/* slotgen.h — writes the slots of the opening rules into the database,
 * over each commune's horizon. Existing slots are kept as they are (their
 * bookings untouched); only missing ones are added. */
#ifndef CRENEAU_SLOTGEN_H
#define CRENEAU_SLOTGEN_H
#include "util.h"

/* For one device (or every active device when device_id is 0). Returns the
 * number of slots added, or -1 on a database error. */
long slotgen_run(struct arena *a, long long device_id);

#endif
