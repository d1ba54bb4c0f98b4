/* slots.h — the pure part of the booking engine: cutting weekly opening
 * rules into slots, and finding runs of consecutive free slots. The
 * database part (storing slots, taking places) is in booking.c. */
#ifndef CRENEAU_SLOTS_H
#define CRENEAU_SLOTS_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum level { LEVEL_REGULAR = 0, LEVEL_URGENT = 1, LEVEL_EXTREME = 2 };
#define LEVEL_COUNT 3
/* The stored code of a level ("regular", "urgent", "extreme"), and the
 * level of a code (anything else: regular). */
const char *level_code(enum level l);
enum level level_parse(const char *code);

/* One weekly opening rule of a device (local wall times). */
struct slot_rule {
	int weekday;              /* 1 = Monday .. 7 = Sunday */
	int start_min, end_min;   /* minutes since local midnight, start < end */
	int slot_minutes;         /* > 0 */
	int cap[LEVEL_COUNT];     /* places per slot and service level */
	int valid_from_ymd;       /* yyyymmdd or 0 for none */
	int valid_to_ymd;         /* yyyymmdd or 0 for none (inclusive) */
	bool minors_only;         /* its regular places are the minors' (cap_minors of its slots) */
};

/* A generated slot (UTC instants). */
struct slot {
	time_t start, end;
	int cap[LEVEL_COUNT];
	int cap_minors;           /* regular places reserved for parties of minors */
};

/* Generates the slots of `rules` for the local dates from (y,mo,d)
 * inclusive over `days` days, in chronological order. A slot is emitted
 * only if it fits entirely before the rule's end; a slot whose local start
 * does not exist (spring-forward gap) is skipped; durations are real
 * elapsed minutes, so a slot crossing a change keeps slot_minutes of real
 * time. When two rules produce the same start, capacities are added.
 * Returns a malloc'ed array (caller frees) and its length in *n. */
struct slot *slots_generate(const struct slot_rule *rules, size_t nrules,
                            int y, int mo, int d, int days, size_t *n);

/* How many of the n instants `starts` are the start of none of the ngen
 * slots `gen` (chronological, as slots_generate() makes them): the free
 * slots a new set of rules would take away. */
size_t slots_missing(const struct slot *gen, size_t ngen, const time_t *starts, size_t n);

/* A candidate slot for the consecutive search: its instants and its free
 * places at the wanted level. */
struct free_slot {
	long long id;
	time_t start, end;
	int free;
};

/* Number of consecutive slots needed for `party` people of a procedure of
 * `minutes_per_person` on slots of `slot_minutes`: ceil(party*mpp/slot). */
int slots_needed(int party, int minutes_per_person, int slot_minutes);

/* In `s` (sorted by start, one device), finds the first index i such that
 * s[i..i+k) each have free >= 1 and are back to back (s[j].end ==
 * s[j+1].start). Returns the index or -1. */
long slots_find_run(const struct free_slot *s, size_t n, int k);

#endif
