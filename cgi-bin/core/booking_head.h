/* booking_head.h — what the booking form's hidden head names (a slot, a
 * procedure, a party) as one catalog sees it. The slot is read by the
 * statement booking_create() then uses (BOOKING_RUN_SELECT), with what
 * the POST needs besides in the same round trip. */
#ifndef CRENEAU_BOOKING_HEAD_H
#define CRENEAU_BOOKING_HEAD_H
#include <stdbool.h>
#include "db.h"
#include "place.h"

struct booking_head {
	long long slot_id;            /* in */
	const char *procedure, *lang;
	int party;
	bool with_run;                /* the POST: the run's rows and the extras */
	const char *insee;            /* a typed INSEE code to look up, or NULL */
	const char *rate_key;         /* HMAC of the contact, or NULL */
	int sends_window;             /* seconds over which codes sent are counted */
	bool found;                   /* out: a slot of an active device offering the procedure */
	struct procedure_info proc;
	struct slot_info slot;        /* site and commune names from the catalog */
	const char *insee_found;      /* the typed INSEE code when that commune exists */
	long long sends;              /* codes sent to the contact within the window */
	struct db_res run;            /* for booking_request.run_rows */
};

/* Reads the head, starting again on a newer catalog (CATALOG_TRIES).
 * False when the catalog never settled or the database failed (a 503);
 * found tells whether the head names a slot that can be booked. */
bool booking_head_read(struct arena *a, struct booking_head *h);

#endif
