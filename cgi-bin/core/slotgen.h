/* slotgen.h — writes the slots of the opening rules into the database,
 * over each commune's horizon. Existing slots are kept as they are (their
 * bookings untouched); only missing ones are added. */
#ifndef CRENEAU_SLOTGEN_H
#define CRENEAU_SLOTGEN_H
#include "util.h"

/* For one device (or every active device when device_id is 0). Returns the
 * number of slots added, or -1 on a database error. */
long slotgen_run(struct arena *a, long long device_id);
/* The same for one device inside the caller's transaction (the change of
 * rules or settings that calls for it stays whole with it); 0 for an
 * inactive device. */
long slotgen_in_tx(struct arena *a, long long device_id);

#endif
