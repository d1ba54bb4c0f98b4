/* keptdays.h — a site page's free slots of one device and local day, kept
 * for every worker of the installation while the day's version
 * (freegen_day_version) stays the same.
 *
 * One worker reads a day from MariaDB and every other worker then finds
 * it here: in a rush on one day, the rest of each site's strip is read
 * once for the public program, not once per worker, and the day being
 * booked is read once per change. The table is shared memory that the
 * program maps before it forks its workers, so a restart starts it
 * empty; each entry is guarded by a sequence number (odd while written),
 * so a reader never takes a half written entry and never waits. A
 * process that did not call keptdays_init() keeps its own table. */
#ifndef CRENEAU_KEPTDAYS_H
#define CRENEAU_KEPTDAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "slots.h"
#include "util.h"

#define KEPTDAYS_ENTRIES 8192
#define KEPTDAYS_SLOTS 56    /* a day with more free slots is read every time */

/* Maps the table shared by the processes forked after it; false (and
 * each process keeps its own) when it cannot be mapped. */
bool keptdays_init(void);
/* The same with `entries` instead of KEPTDAYS_ENTRIES (264 bytes each):
 * creneau-api reads whole months of every site, more days than a site
 * page's strips. Only before the first use. */
bool keptdays_init_sized(size_t entries);
/* The free slots kept for (device, day) read at `version`, if read less
 * than FREEGEN_TTL seconds before `now`: *fs (in a), *n, true. Their
 * starts are rebuilt from the day's local `midnight`. False otherwise,
 * or when the version is 0. */
bool keptdays_get(struct arena *a, long long device_id, int day, unsigned long long version,
                  time_t midnight, time_t now, struct free_slot **fs, size_t *n);
/* Keeps fs[0..n), free slots of (device, day) in time order read at
 * `version` (taken before the statement). Nothing is kept when the
 * version is 0, the day holds too many slots, or another process is
 * writing the same entry at this instant. */
void keptdays_put(long long device_id, int day, unsigned long long version, time_t midnight,
                  const struct free_slot *fs, size_t n, time_t now);

#endif
