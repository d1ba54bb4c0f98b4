/* closure.h — closures, device outages and agent absences over a period,
 * for one device, one site or a whole commune (a town hall closed on a
 * holiday is one action). Applying one is a single transaction that
 * first takes the free places away (so nobody books in between), then
 * cancels the appointments it covers, each person told with the reason
 * and a link to book again, and records the closure: it happens whole or
 * not at all. Cancelling appointments is a commune administrator's
 * decision: an agent may declare what cancels nothing, and otherwise asks
 * an administrator (closure_ask_admin). */
#ifndef CRENEAU_CLOSURE_H
#define CRENEAU_CLOSURE_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "scope.h"
#include "util.h"

enum closure_target { CLOSE_DEVICE, CLOSE_SITE, CLOSE_COMMUNE };

struct closure_spec {
	enum closure_target target;
	long long id;                  /* the device's, site's or commune's */
	const char *kind;              /* closure, outage, absence */
	const char *reason;            /* told to the people */
	time_t start, end;
};

/* The commune of the spec's target (0: no such target, -1: error). */
long long closure_commune(struct arena *a, const struct closure_spec *c);

struct closure_booking {
	long long id;
	const char *ref, *persons, *device;
	time_t start;
	bool has_contact;
};
/* The appointments (confirmed or held) the closure would cancel, by
 * time; nothing changes. -1 on error. */
long closure_affected(struct arena *a, const struct closure_spec *c, struct closure_booking **out);

enum closure_status { CLOSURE_OK, CLOSURE_NEEDS_ADMIN, CLOSURE_NO_DEVICE, CLOSURE_ERROR };
/* Applies it as the header says. may_cancel false (an agent): when it
 * would cancel appointments nothing changes and CLOSURE_NEEDS_ADMIN
 * comes back with their number in *cancelled. */
enum closure_status closure_apply(struct arena *a, long long by, const struct closure_spec *c, bool may_cancel,
                                  const char *base_url, int *cancelled);
/* Asks the commune's administrators, by email, to apply it. False on a
 * database error or when the commune has no administrator to ask. */
bool closure_ask_admin(struct arena *a, long long by, const char *by_name, const struct closure_spec *c,
                       int affected, const char *lang);

struct closure_row {
	const char *kind, *reason, *device, *site;
	time_t start, end;
};
/* The closures not yet over in the scope's communes, by start. */
long closures_upcoming(struct arena *a, const struct scope *s, struct closure_row **out);

#endif
