/* catalog.h — what rarely changes, kept in each worker: the procedures,
 * the member communes' booking windows, the sites and their devices with
 * the procedures each offers.
 *
 * Every change to those tables bumps catalog_version.v (triggers of
 * sql/008_catalog.sql, so SQL typed by hand counts too). A worker reloads
 * its copy when it sees another version: catalog_get() asks once per
 * request; the public search and free-times pages instead bring the
 * version along with their one statement (CATALOG_VERSION_ROW) and start
 * again when it changed, so they answer from an exact catalog without a
 * round trip of its own.
 *
 * The catalog and its strings stay valid until the end of the request in
 * which a newer version replaced it (catalog_end_request(), which the first
 * load registers as an end-of-request hook of serve.h). */
#ifndef CRENEAU_CATALOG_H
#define CRENEAU_CATALOG_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct cat_procedure {
	long long id;
	const char *code, *name_fr, *name_en, *documents_fr, *documents_en;
	const char *lock_groups;
	int minutes, max_party;
	bool needs_predemande;
	bool offered;            /* by an active device */
};

struct cat_commune {
	long long id;
	const char *insee, *name, *phone, *email;
	int min_notice_hours, horizon_days, cancel_limit_hours;
	/* ANTS does not answer the check of a pre-application number: refuse
	 * the booking (true) or take it and check again before declaring. */
	bool ants_block_on_error;
};

struct cat_site {
	long long id;
	const struct cat_commune *commune;
	const char *name, *address, *postcode, *city, *access_info;
	double lat, lon;
	bool active;
};

/* A closure, outage or absence of a device, [from, until) in UTC. */
struct cat_closure { time_t from, until; };

struct cat_device {
	long long id;
	const struct cat_site *site;
	const char *name;
	bool active;
	int slot_minutes;        /* of all its opening rules; 0 when they differ */
	/* Per weekday (1 = Monday .. 7), minutes after local midnight: the
	 * earliest opening and the latest closing of its rules (seasons
	 * aside); closes 0: no rule that day. */
	short opens[8], closes[8];
	size_t nclosures;
	const struct cat_closure *closures;   /* to come, by start */
	size_t nprocs;
	const long long *procs;  /* procedure ids, ascending */
};

struct catalog {
	unsigned long long version;
	size_t nprocedures, ncommunes, nsites, ndevices;
	const struct cat_procedure *procedures;   /* display order */
	const struct cat_commune *communes;       /* by id */
	const struct cat_site *sites;             /* by id */
	const struct cat_device *devices;         /* by site, then id */
};

/* How many times a page's reads start again on a newer copy before the
 * page gives up (503): the catalog changes a few times a day. */
#define CATALOG_TRIES 3

/* The first row of a UNION ALL that brings the version along: one column
 * holding it, the others NULL (append ", NULL" as needed). */
#define CATALOG_VERSION_ROW "SELECT v FROM catalog_version"

/* Checked against the database once per request; NULL when the database
 * cannot be read and no copy exists. */
const struct catalog *catalog_get(void);
/* The copy as it is (loaded if there is none), without a statement. */
const struct catalog *catalog_cached(void);
/* Reports the version a statement saw. False when it differs from the
 * copy's: the copy is reloaded and the caller starts again. */
bool catalog_seen(unsigned long long version);
/* The same for the version as a statement returns it (CATALOG_VERSION_ROW's
 * column, as text). */
bool catalog_seen_text(const char *version);
/* Called after each request: frees the copies replaced during it and
 * makes the next catalog_get() ask again. The FastCGI programs run it as
 * an end-of-request hook (serve_on_request_end); creneau-notify calls it
 * after each round of its own loop. */
void catalog_end_request(void);

const struct cat_procedure *catalog_procedure(const struct catalog *c, const char *code);
const struct cat_procedure *catalog_procedure_id(const struct catalog *c, long long id);
const struct cat_site *catalog_site(const struct catalog *c, long long id);
const struct cat_device *catalog_device(const struct catalog *c, long long id);
bool cat_device_offers(const struct cat_device *d, long long procedure_id);

#endif
