/* sites.h — what a commune sets up: its sites (addresses where people
 * come), the devices of each site (one agenda each: a capture device or a
 * planning) and the procedures each device offers. Every change is one
 * transaction with its audit line; `by` is the staff member's id. */
#ifndef CRENEAU_SITES_H
#define CRENEAU_SITES_H
#include <stdbool.h>
#include <stddef.h>
#include "scope.h"
#include "util.h"

struct site_input {
	const char *name, *address, *postcode, *city, *access_info;   /* access_info may be NULL */
	double lat, lon;
};
/* Adds a site and marks the commune equipped (partners' searches include
 * it once it has devices). *id gets the new site's id. */
bool site_create(struct arena *a, long long by, long long commune_id, const struct site_input *in, long long *id);
/* The commune of a site: its id, 0 when there is no such site, -1 on a
 * database error. */
long long site_commune(struct arena *a, long long site_id);

struct device_row {
	long long id;
	const char *name, *procedures;   /* procedure codes, "" when none */
	bool active;
};
struct site_row {
	long long id;
	const char *name, *address, *postcode, *city;
	bool active;
	struct device_row *devices;
	size_t ndevices;
};
/* A commune's sites with their devices (arena-owned); -1 on error. */
long sites_of_commune(struct arena *a, long long commune_id, struct site_row **out);

/* kind: "dr" (capture device) or "planning". */
bool device_create(struct arena *a, long long by, long long site_id, const char *name, const char *kind, long long *id);

struct device_info {
	long long id, site_id, commune_id;
	const char *name, *site_name, *commune_name;
	bool active;
};
/* 1 found, 0 no such device, -1 database error. */
int device_get(struct arena *a, long long id, struct device_info *out);
/* The active devices of the scope's communes, by commune, site, name. */
long devices_in_scope(struct arena *a, const struct scope *s, struct device_info **out);
/* The active devices of one site (site_id) or of a whole commune. */
long devices_of_site(struct arena *a, long long site_id, struct device_info **out);
long devices_of_commune(struct arena *a, long long commune_id, struct device_info **out);

struct device_offer {
	long long procedure_id;
	const char *code, *name;
	bool offered;
};
/* Every procedure, and whether the device offers it (names in lang). */
long device_offers(struct arena *a, long long device_id, const char *lang, struct device_offer **out);

enum device_status { DEVICE_OK, DEVICE_HAS_BOOKINGS, DEVICE_ERROR };
/* Renames, (de)activates and sets the procedures offered. Taking a device
 * out of service with appointments ahead would strand people (that is
 * what an outage, which tells them, is for): DEVICE_HAS_BOOKINGS with
 * their number in *ahead, and nothing changes. */
enum device_status device_update(struct arena *a, long long by, long long device_id, const char *name,
                                 bool active, const long long *procedures, size_t nprocedures, long long *ahead);

#endif
