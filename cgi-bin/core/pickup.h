/* pickup.h — the appointment to collect a title (retrait), proposed when
 * the application is filed: each commune's processing delay per procedure
 * (instruction and manufacturing), the first free pickup times at the
 * filing's site after it, the link between the two bookings (one active
 * pickup per filing, a unique key decides), and moving every pickup of a
 * day when the titles are late. */
#ifndef CRENEAU_PICKUP_H
#define CRENEAU_PICKUP_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "util.h"

/* The procedure that books a pickup (sql/demo/010_demo.sql). */
#define PICKUP_PROCEDURE "RETRAIT"
/* Longest processing delay a commune may set, in days. */
#define PICKUP_MAX_DAYS 180

/* A procedure whose titles are collected later, with the commune's delay
 * (0 when the commune set none: no pickup is proposed). */
struct pickup_delay {
	long long procedure_id;
	const char *code, *name;
	int days;
};
/* The procedures that need a pre-application (the titles), names in
 * lang, with commune_id's delays; -1 on error. */
long pickup_delays(struct arena *a, long long commune_id, const char *lang, struct pickup_delay **out);
/* The delay of one procedure: days, 0 when none, -1 on error. */
int pickup_delay_of(struct arena *a, long long commune_id, long long procedure_id);
/* Saves the delays (days 0: none), audited, in one transaction. */
bool pickup_delays_save(struct arena *a, long long by, long long commune_id, const struct pickup_delay *d, long n);

/* A free pickup time at a site. */
struct pickup_time {
	long long slot_id, device_id;
	time_t start;
	const char *device_name;
};
/* Free pickup runs for party people (regular places) at site_id from the
 * local day y-mo-d on, by time, at most max, looking up to `days` days
 * ahead. -1 on error. */
long pickup_free(struct arena *a, long long site_id, int party, int y, int mo, int d, int days, size_t max,
                 struct pickup_time **out);

/* The bookings linked to one: its active pickup (when it is a filing)
 * and the filing it collects (when it is a pickup); ids 0 when none. */
struct pickup_link {
	long long pickup_id, filing_id;
	char pickup_ref[9], filing_ref[9];
	time_t pickup_start, filing_start;
};
bool pickup_link_of(struct arena *a, long long booking_id, struct pickup_link *out);

struct booking_view;
/* Whether a filing is due its pickup proposal: confirmed, finished, of a
 * procedure its commune set a delay for, and with no active pickup yet.
 * The delay in days when so, 0 when not, -1 on error. */
int pickup_due(struct arena *a, const struct booking_view *v);

/* Inside the pickup's booking transaction: links it to its filing. False
 * with *dup set when the filing already has an active pickup. */
bool pickup_link(struct arena *a, long long pickup_id, long long filing_id, bool *dup);

/* A pickup appointment of a day. */
struct pickup_line {
	long long id, site_id;
	char ref[9];
	time_t start;
	const char *site_name, *persons;
	int party;
	bool linked;          /* proposed at filing */
};
/* The confirmed pickups of commune_id's sites on the local day, by site
 * and time; -1 on error. */
long pickup_day(struct arena *a, long long commune_id, int y, int mo, int d, struct pickup_line **out);

/* What moving a day's pickups did to one of them. */
struct pickup_moved {
	struct pickup_line line;
	bool moved;
	time_t new_start;
};
/* Moves each confirmed pickup of commune_id's day from-day to the first
 * free pickup time at its site on or after to-day (in time order, each
 * its own transaction with its message, kind "pickup_moved", and audit
 * line). Those that could not move stay where they were. Returns the
 * number of pickups of the day (out: each one's outcome), -1 when the
 * database failed before anything was done. */
long pickup_move_day(struct arena *a, long long by, long long commune_id, int fy, int fm, int fd,
                     int ty, int tm, int td, const char *base_url, struct pickup_moved **out);

#endif
