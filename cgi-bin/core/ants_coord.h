/* ants_coord.h — the client of the ANTS coordination (anti-duplicate)
 * API: we tell ANTS which appointments hold which pre-application numbers
 * (POST /api/appointments when a booking is confirmed, DELETE when it is
 * cancelled, both on a move), and ask ANTS where a number stands
 * (GET /api/status). Parameters and answers as RDV Service Public's
 * client (app/lib/ants_api.rb) sends and reads them: query parameters,
 * the token in the header x-rdv-opt-auth-token.
 *
 * Declarations go through a durable queue (table ants_queue, sql/014)
 * written in the booking's own transaction by the booking core
 * (booking.c), and delivered by creneau-notify (notify.c) with the
 * outbox's guarantees: claimed with SKIP LOCKED under a lease, retried
 * with a back-off, marked done only after a 2xx (or "already exists"),
 * each row once by its unique idempotency key. ANTS being down never
 * blocks nor loses a booking.
 *
 * Settings: ants_api_url (e.g. https://api-coordination.rendezvouspasseport.ants.gouv.fr)
 * and ants_api_token_file. Without both the feature is off: nothing is
 * queued, nothing is called. */
#ifndef CRENEAU_ANTS_COORD_H
#define CRENEAU_ANTS_COORD_H
#include <stdbool.h>
#include <stddef.h>
#include "util.h"

struct booking_view;

/* True when ants_api_url and a readable ants_api_token_file are set
 * (read once per process). */
bool ants_coord_enabled(void);

/* ---------------------------------------------------------- queue side */

/* Queues, inside the caller's transaction, one declaration per
 * pre-application number of the booking: op "create" (its current
 * appointment) or "delete" (the same). A no-op when the feature is off,
 * when no person has a number, or when the same change was queued
 * already. False on a database error (the caller rolls back). */
bool ants_coord_queue(struct arena *a, const struct booking_view *v, const char *op);

/* The booking's declarations, by id, loaded and queued (booking_load()
 * first): for the booking core's own hooks. */
bool ants_coord_queue_id(struct arena *a, long long booking_id, const char *op);

/* ------------------------------------------------------ what staff see */

struct ants_decl {
	const char *op, *application_id, *status, *answer, *created_utc, *appointment_date;
	int attempts;
	bool recheck;        /* not checked at booking */
	bool latest;         /* the number's last change */
};
/* The booking's declarations, oldest first (arena); -1 on error. */
long ants_coord_list(struct arena *a, long long booking_id, struct ants_decl **out);
/* Failed declarations that are their number's last change go again at
 * once, their attempts counted from zero. Returns how many, -1 on error. */
long long ants_coord_retry(struct arena *a, long long booking_id);

/* ------------------------------------------------------- delivery side */

struct ants_job {
	long long id, booking_id;
	const char *idem_key, *op, *application_id, *meeting_point, *meeting_point_id,
		*appointment_date, *management_url;
	int attempts;                /* including this one */
	bool recheck;                /* the number was not checked at booking */
};

/* Takes up to max due rows for `worker` (SELECT ... FOR UPDATE SKIP
 * LOCKED, only rows with nothing unsettled before them for the same
 * booking and number), 'sending' with a lease of lease_s seconds and
 * their attempt counted. Returns the number (jobs: arena), -1 on error. */
int ants_coord_claim(struct arena *a, const char *worker, int max, int lease_s, struct ants_job **jobs);
/* Outcomes, each only while `worker` still holds the row. */
bool ants_coord_done(struct arena *a, const struct ants_job *j, const char *worker, const char *answer);
bool ants_coord_failed(struct arena *a, const struct ants_job *j, const char *worker, bool final,
                       int delay_s, const char *answer);
/* Gives back rows not attempted (their attempt uncounted). */
void ants_coord_release(struct arena *a, const struct ants_job *j, const char *worker);
/* Rows whose lease ran out become pending again. Returns how many. */
int ants_coord_recover(struct arena *a);

/* --------------------------------------------------------- HTTP client */

enum ants_call { ANTS_CALL_OK, ANTS_CALL_RETRY, ANTS_CALL_FAIL };

/* One declaration sent (timeout_s seconds at most; twice that for a
 * create with recheck, which asks the number's status first). OK on a 2xx that
 * says success (or a rowcount for a delete), or on "already exists":
 * done. FAIL when ANTS refuses it for good (400, 404, 422 without
 * "already exists"), RETRY otherwise. answer: printable, no token. */
enum ants_call ants_coord_send(const struct ants_job *j, long timeout_s, char *answer, size_t answersz);

/* The answer of GET /api/status for one number. */
enum ants_app_status { ANTS_APP_VALIDATED, ANTS_APP_DECLARED, ANTS_APP_CONSUMED, ANTS_APP_EXPIRED,
	ANTS_APP_UNKNOWN, ANTS_APP_ERROR };
struct ants_elsewhere {
	const char *meeting_point, *appointment_date, *management_url;   /* arena */
};
#define ANTS_MAX_ELSEWHERE 4
struct ants_app {
	enum ants_app_status status;
	int n;                                   /* appointments found */
	struct ants_elsewhere where[ANTS_MAX_ELSEWHERE];
};
/* Asks the status of n numbers (1..ANTS_STATUS_MAX) in one call of at
 * most timeout_s seconds (4 at the booking). False on a timeout, a network
 * error, a non-2xx or an answer that cannot be read: out[i].status is then
 * ANTS_APP_ERROR for the numbers without an answer. */
#define ANTS_STATUS_MAX 5
bool ants_coord_status(struct arena *a, const char *const *ids, int n, long timeout_s, struct ants_app *out);
/* Why a status refuses a booking with that number ("consumed",
 * "expired", "unknown", "declared elsewhere", "no status"), NULL when it
 * may be booked: validated, or declared only with appointments of ours
 * (management URLs under our_base_url). Pure. */
const char *ants_check_refusal(const struct ants_app *st, const char *our_base_url);

#endif
