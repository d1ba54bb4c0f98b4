/* commune.h — the member communes and the booking settings each sets:
 * reminder delay, booking horizon, minimum notice, cancellation limit. */
#ifndef CRENEAU_COMMUNE_H
#define CRENEAU_COMMUNE_H
#include <stdbool.h>
#include "util.h"

struct commune_row {
	long long id;
	const char *name, *insee;
	bool equipped;
};
/* Every commune by name (equipped ones only when asked); -1 on error. */
long communes_all(struct arena *a, bool equipped_only, struct commune_row **out);
/* 1 found, 0 none, -1 database error. */
int commune_get(struct arena *a, long long id, struct commune_row *out);

struct commune_settings {
	int reminder_hours, horizon_days, min_notice_hours, cancel_limit_hours;
	bool agents_need_totp;   /* agents and partners sign in with a second factor too */
	bool ants_block_on_error;  /* ANTS does not answer a number's check: refuse the booking */
	/* The waiting list (waitlist.h): offers only for times more than
	 * waitlist_min_hours away, held waitlist_offer_minutes, none sent
	 * from quiet_from_hour to quiet_to_hour (local; equal: never quiet). */
	int waitlist_min_hours, waitlist_offer_minutes, quiet_from_hour, quiet_to_hour;
	/* The satisfaction survey (survey.h): invitations survey_delay_hours
	 * after the end of the appointment, to survey_share % of them. */
	int survey_delay_hours, survey_share;
};
/* 1 found, 0 none, -1 database error. */
int commune_settings_get(struct arena *a, long long id, struct commune_settings *out);
/* Saves them, audited, and opens the days a longer horizon brings on the
 * commune's devices, in one transaction. */
bool commune_settings_save(struct arena *a, long long by, long long id, const struct commune_settings *s);

#endif
