/* agenda.h — what the staff see of a device's day: its slots with places
 * per service level, the bookings in them, and free runs at any level. */
#ifndef CRENEAU_AGENDA_H
#define CRENEAU_AGENDA_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "slots.h"
#include "util.h"

struct agenda_slot {
	long long id;
	time_t start, end;
	int cap[LEVEL_COUNT], booked[LEVEL_COUNT];
};

struct agenda_booking {
	long long id;
	const char *ref, *status, *level, *channel, *procedure, *attendance, *persons, *phone;
	time_t start, end;
	int party;
};

struct agenda_day {
	struct agenda_slot *slots; size_t nslots;
	struct agenda_booking *bookings; size_t nbookings;
};

/* The days of an agenda's week view. */
#define AGENDA_WEEK 7

/* The day and view of a device's agenda, pure: jour is ?jour= as typed
 * (JJ/MM/AAAA or AAAA-MM-JJ; NULL or empty for today, ty-tm-td), vue is
 * ?vue= ("semaine" for the AGENDA_WEEK days from that day, anything else
 * for the day alone); the previous and next pages are a day or a week
 * away. False when jour is not a real date. */
struct agenda_nav {
	bool week;
	int y, mo, d;
	int py, pm, pd;    /* previous */
	int ny, nm, nd;    /* next */
};
bool agenda_nav_parse(const char *jour, const char *vue, int ty, int tm, int td, struct agenda_nav *out);

/* The quota grid of a day by local hour: for each hour with a slot, the
 * places of its slots per level, summed. Pure but for the process time
 * zone; on a fall-back day both 02:00 hours fall in the same row. */
struct agenda_hour {
	bool used;
	int cap[LEVEL_COUNT], booked[LEVEL_COUNT];
};
void agenda_hours(const struct agenda_slot *slots, size_t n, struct agenda_hour hours[24]);

/* One local day of a device. */
bool agenda_day(struct arena *a, long long device_id, int y, int mo, int d, struct agenda_day *out);

/* Counts for each of `days` local days from y-mo-d: places offered and
 * booked (all levels). */
void agenda_week(struct arena *a, long long device_id, int y, int mo, int d, int days,
                 int *offered, int *booked);

struct staff_free {
	long long slot_id, device_id, site_id;
	time_t start;
	const char *device_name, *site_name, *commune_name;
};
/* Free runs for party people at `level` on the local day, on active
 * devices offering the procedure, in commune_id's sites (0 = every
 * equipped commune), at most max, ordered by time. */
size_t agenda_free(struct arena *a, long long commune_id, long long procedure_id, int party,
                   enum level level, int y, int mo, int d, size_t max, struct staff_free **out);
/* The same, for a party of minors when `minors` (regular level only): the
 * places of the bands reserved for minors count too. */
size_t agenda_free_minors(struct arena *a, long long commune_id, long long procedure_id, int party,
                          enum level level, bool minors, int y, int mo, int d, size_t max,
                          struct staff_free **out);

struct staff;
/* What the free-times page searches for `who`, pure. From its checked
 * form: party (1 when not given), the level's code, jour ("YYYY-MM-DD" or
 * NULL for today, ty-tm-td) and commune (0 when not given). */
struct free_query {
	long party;           /* capped at the procedure's max_party */
	bool level_choice;    /* partners book on the public quota only */
	enum level level;
	int y, mo, d;
	bool wide;            /* partners and the platform: any equipped commune */
	long long commune;    /* wide: the one chosen, 0 for all; else one's own */
};
void agenda_free_query(const struct staff *who, int max_party, long party, const char *level,
                       const char *jour, long commune, int ty, int tm, int td, struct free_query *out);


struct scope;
/* A line of a list of appointments. */
struct agenda_line {
	const char *ref, *status, *procedure, *commune, *site, *persons;
	time_t start;
};
/* The confirmed appointments to come that the scope sees, by time. */
long agenda_upcoming(struct arena *a, const struct scope *s, int max, struct agenda_line **out);
/* The scope's appointments by reference, phone (normalised) or the start
 * of a last name (matched literally: "%" and "_" are no wildcards),
 * newest first. ref and phone may be NULL. -1 on error. */
long agenda_search(struct arena *a, const struct scope *s, const char *ref, const char *phone, const char *name,
                   int max, struct agenda_line **out);
/* name with LIKE's special characters escaped, and "%" appended. */
char *agenda_like_prefix(struct arena *a, const char *name);

#endif
