/* webhook.h — signed webhooks for other systems (issue #18, section 3).
 * A commune's administrator registers HTTPS endpoints (/agent/webhooks,
 * cgi-bin/agent_webhooks.c); the booking events of the commune reach them
 * as JSON, POSTed with an HMAC-SHA256 signature over a timestamp and the
 * body (README.md, "Webhooks", says how a receiver checks it).
 *
 * The events are queued by MariaDB triggers on bookings (sql/015), in the
 * booking's own transaction, whichever program changes it; creneau-notify
 * delivers them (notify.c, webhook_batch) with the outbox's and the ANTS
 * queue's guarantees: claimed with SKIP LOCKED under a lease, retried with
 * a back-off, recorded only while the worker still holds the row, taken
 * back when a lease runs out. Delivery is at least once: a receiver
 * dedupes on the X-Creneau-Delivery header, the same for every attempt.
 *
 * webhook.c: URLs, signatures, the queue's delivery side and the HTTP
 * call; webhook_endpoints.c: the endpoints and their log (staff side). */
#ifndef CRENEAU_WEBHOOK_H
#define CRENEAU_WEBHOOK_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "util.h"

/* The events, as the payload's "type" and the SET of webhooks.events. */
#define WEBHOOK_NEVENTS 5
extern const char *const webhook_events[WEBHOOK_NEVENTS];

/* The secret shown to the administrator: 32 random bytes in hex. The
 * HMAC is keyed with these 64 characters as they are written. */
#define WEBHOOK_SECRET_HEX 64

/* ------------------------------------------------------------ pure parts */

/* True when url may be an endpoint: https://host[...] (ASCII, no spaces,
 * no user:password@, 500 characters at most), or http://127.0.0.1 or
 * http://localhost (any port and path) when allow_loopback_http. */
bool webhook_url_ok(const char *url, bool allow_loopback_http);
/* The setting webhooks_allow_loopback_http = 1 (dev and test stacks). */
bool webhook_loopback_allowed(void);
/* Whether url names a literal internal address (netcheck.h); loopback
 * passes only over http:// when allow_loopback_http. */
bool webhook_url_internal(const char *url, bool allow_loopback_http);

/* The header value X-Creneau-Signature: "t=<t>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" keyed with secret>" into out (WEBHOOK_SIG_MAX bytes). */
#define WEBHOOK_SIG_MAX 96
void webhook_signature(const char *secret, time_t t, const char *body, size_t len, char *out);

/* What a delivery's HTTP status means. */
enum webhook_call {
	WEBHOOK_OK,      /* 2xx: done */
	WEBHOOK_RETRY,   /* no answer, a timeout, 408, 429, 3xx, 5xx: again later */
	WEBHOOK_FAIL,    /* any other 4xx: failed for good */
	WEBHOOK_GONE,    /* 410: failed, and the endpoint is turned off */
};
enum webhook_call webhook_classify(long http_status);

/* ------------------------------------------------------- delivery side */

struct webhook_job {
	long long id, webhook_id, booking_id, commune_id;
	const char *event, *payload, *url;
	char secret[WEBHOOK_SECRET_HEX + 1];   /* unsealed; wiped by webhook_jobs_wipe */
	bool usable;                           /* endpoint found, secret opened */
	int attempts;                          /* including this one */
};

/* Takes up to max due deliveries for `worker` (SELECT ... FOR UPDATE SKIP
 * LOCKED; only of active endpoints, and only rows with nothing unsettled
 * before them for the same endpoint and booking), 'sending' with a lease
 * of lease_s seconds and their attempt counted, then reads their
 * endpoints. Returns the number (jobs: arena), -1 on error. */
int webhook_claim(struct arena *a, const char *worker, int max, int lease_s, struct webhook_job **jobs);
void webhook_jobs_wipe(struct webhook_job *jobs, int n);
/* Outcomes, each only while `worker` still holds the row. http_status 0
 * when there was no answer. gone: the endpoint is turned off too (410),
 * with an audit line. */
bool webhook_done(struct arena *a, const struct webhook_job *j, const char *worker, long http_status,
                  const char *answer);
bool webhook_failed(struct arena *a, const struct webhook_job *j, const char *worker, bool final, bool gone,
                    int delay_s, long http_status, const char *answer);
/* Gives back a row not attempted (its attempt uncounted). */
void webhook_release(struct arena *a, const struct webhook_job *j, const char *worker);
/* Rows whose lease ran out become pending again. Returns how many. */
int webhook_recover(struct arena *a);

/* One POST (timeout_s seconds at most, no redirect followed, https only
 * unless loopback http is allowed). *http_status: 0 without an answer.
 * answer: printable ASCII, "HTTP <code> <start of the body>" or the error. */
enum webhook_call webhook_send(const struct webhook_job *j, long timeout_s, long *http_status, char *answer,
                               size_t answersz);

/* ---------------------------------------------------------- staff side */

struct webhook {
	long long id, commune_id;
	const char *url, *description, *events, *created_utc, *commune, *disabled_reason;
	bool active;
	/* Of its deliveries: the last one's status and time ('' when none),
	 * how many wait and how many failed. */
	const char *last_status, *last_at;
	long pending, failed;
};

/* The endpoints of a commune (all of them for commune_id 0), oldest first
 * (arena); -1 on a database error. */
long webhook_list(struct arena *a, long long commune_id, struct webhook **out);
/* 1 found, 0 not, -1 error. */
int webhook_get(struct arena *a, long long id, struct webhook *out);

/* Creates an endpoint (events: a comma-separated subset of
 * webhook_events), its secret new into secret (WEBHOOK_SECRET_HEX + 1),
 * with its audit line, in one transaction. */
bool webhook_create(struct arena *a, long long staff_id, long long commune_id, const char *url,
                    const char *description, const char *events, char *secret, long long *id);
bool webhook_set_active(struct arena *a, long long staff_id, const struct webhook *w, bool active);
/* A new secret (the old one stops signing at once). */
bool webhook_rotate(struct arena *a, long long staff_id, const struct webhook *w, char *secret);
/* The endpoint and its log. */
bool webhook_delete(struct arena *a, long long staff_id, const struct webhook *w);

struct webhook_delivery {
	long long id, booking_id;
	const char *created_utc, *event, *ref, *status, *answer, *done_utc;
	int attempts;
	long http_status;
};
/* The endpoint's last max deliveries, newest first (arena); -1 on error. */
long webhook_log(struct arena *a, long long webhook_id, int max, struct webhook_delivery **out);
/* A failed delivery of this endpoint queued again (same id, attempts from
 * zero), audited: 1, 0 when there is no such failed delivery, -1 error. */
int webhook_redeliver(struct arena *a, long long staff_id, const struct webhook *w, long long delivery_id);

#endif
