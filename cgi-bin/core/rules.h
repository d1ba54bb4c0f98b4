/* rules.h — a device's weekly opening hours and quotas: time bands of a
 * weekday, cut into slots, with places per service level, optionally for
 * a season (valid_from .. valid_to). Saving rules regenerates the device's
 * slots in the same transaction: bookings are kept, free slots the rules
 * no longer produce go away — rules_free_lost() says how many first. */
#ifndef CRENEAU_RULES_H
#define CRENEAU_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include "slots.h"
#include "util.h"

#define RULES_MAX 60

/* The device's rules by weekday and start (arena-owned); -1 on error. */
long rules_of_device(struct arena *a, long long device_id, struct slot_rule **out);
/* The future slots with a free place that `rules` would no longer
 * produce; -1 on error. */
long rules_free_lost(struct arena *a, long long device_id, const struct slot_rule *rules, size_t n);
/* Replaces the rules, regenerates the slots and writes the audit line, in
 * one transaction; *added gets the number of slots added. */
bool rules_save(struct arena *a, long long by, long long device_id, const struct slot_rule *rules, size_t n,
                long *added);

#endif
