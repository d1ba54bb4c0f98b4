/* status.h — the public service status (/statut, issue #22 §2): the state
 * of each component of the platform, incidents with their updates over
 * time, scheduled maintenances, and the email notices to groups of users.
 *
 * A component's state is its manual state (set by the technical staff,
 * /agent/statut) when there is one, else its automatic state (set by the
 * notification worker from health checks: status_health_tick()), else
 * normal. The overall state is the worst of them. A maintenance is shown
 * as "maintenance prévue" from its announcement to the end of its window.
 *
 * Each worker keeps a copy of what the pages show (status_now()), read
 * again when status_version.v changed, asked at most once every
 * status_cache_s seconds (2 by default): most pages cost no statement,
 * and a change shows everywhere within that delay. Every change bumps the
 * version in its own transaction. Comments are in French (required) and
 * optionally Dutch, German, English; a reader sees theirs, else French. */
#ifndef CRENEAU_STATUS_H
#define CRENEAU_STATUS_H
#include <stdbool.h>
#include <time.h>
#include "util.h"

enum status_state { ST_NORMAL = 0, ST_DEGRADED = 1, ST_DOWN = 2 };
enum status_comp { SC_RESERVATION, SC_PERSONNEL, SC_SMS, SC_COURRIEL, SC_ANTS, SC_COUNT };

#define STATUS_LANGS 4          /* fr, nl, de, en: the order of every comment array */
#define STATUS_BODY_MAX 500     /* characters of a comment */
#define STATUS_MAX_MAINT 4      /* maintenances announced at once that the pages show */
#define STATUS_HISTORY_DAYS 90

/* "reservation", "personnel", "sms", "courriel", "ants" and their labels
 * (N_(): translate with _()). */
const char *status_comp_code(enum status_comp c);
const char *status_comp_label(enum status_comp c);
bool status_comp_parse(const char *code, enum status_comp *out);
/* "normal", "degraded", "down" (the database's words); labels (N_()):
 * "Fonctionne normalement", "Ralenti / perturbé", "Interrompu". */
const char *status_state_code(enum status_state s);
const char *status_state_label(enum status_state s);
bool status_state_parse(const char *s, enum status_state *out);
/* Statuspage's words: operational, degraded_performance, major_outage. */
const char *status_state_api(enum status_state s);
/* Phases of an incident's update: investigating, identified, monitoring,
 * resolved (and, for a maintenance, scheduled, cancelled); labels N_(). */
bool status_phase_valid(const char *phase, bool maintenance);
const char *status_phase_label(const char *phase);
/* Why an automatic state was set (status_components.auto_reason), N_(). */
const char *status_reason_label(const char *reason);
/* 0 fr, 1 nl, 2 de, 3 en (anything else: 0). */
int status_lang_index(const char *lang);
extern const char *const status_lang_codes[STATUS_LANGS];

struct status_comment { char text[STATUS_LANGS][STATUS_BODY_MAX * 4 + 1]; };
/* The text of texts (fr, nl, de, en) in lang, else in French; *shown_lang
 * (may be NULL) gets the language shown. */
const char *status_text_in(const char *const texts[STATUS_LANGS], const char *lang, const char **shown_lang);
const char *status_comment_in(const struct status_comment *c, const char *lang, const char **shown_lang);

struct status_maint {
	long long id;
	time_t starts, ends;
	unsigned comps;                 /* 1u << enum status_comp */
	struct status_comment comment;
};

/* What every page may show, kept per worker. */
struct status_now {
	long long version;
	bool db_down;                   /* the last read failed: the database is unreachable */
	enum status_state manual[SC_COUNT];
	bool has_manual[SC_COUNT];
	enum status_state autos[SC_COUNT];
	bool has_auto[SC_COUNT];
	char auto_reason[SC_COUNT][41];
	/* The open incident's latest update. */
	bool incident;
	long long incident_id;
	char phase[16];
	time_t incident_at;
	struct status_comment comment;
	int nmaint;
	struct status_maint maint[STATUS_MAX_MAINT];
};

/* The copy of this worker, checked against the database when status_cache_s
 * passed (a failed read marks db_down, and the database failure stands
 * for the request, as any: db.h). Never NULL. */
const struct status_now *status_now(struct arena *a);
/* The same, read now whatever the delay (the status pages themselves). */
const struct status_now *status_now_fresh(struct arena *a);
/* The copy marked "database unreachable" without asking it (the caller
 * saw db_ping() fail): no statement, so the request can still answer. */
const struct status_now *status_db_down(void);
/* The state shown for a component: manual, else automatic, else normal;
 * the database unreachable makes booking and staff pages down. *automatic
 * (may be NULL) says whether it comes from the health checks. */
enum status_state status_effective(const struct status_now *s, enum status_comp c, bool *automatic);
enum status_state status_overall(const struct status_now *s);
/* A maintenance announced and not over that concerns c (NULL: none);
 * *ongoing when now is inside its window. */
const struct status_maint *status_maint_of(const struct status_now *s, enum status_comp c, time_t now, bool *ongoing);
/* True when the banner shows: a component not normal, or a maintenance
 * announced and not over. */
bool status_banner_due(const struct status_now *s, time_t now);

/* ------------------------------------------------------------ changes */

/* What the technical staff declares (POST /agent/statut). states[c]: -1
 * clears the manual state (back to automatic), else an enum status_state.
 * The update goes to the open incident, or opens one; 'resolved' closes
 * it. groups: see status_notify(). Audited. Returns the update's id, 0 on
 * a database error (nothing changed). */
struct status_declare {
	int states[SC_COUNT];
	const char *phase;
	const char *body[STATUS_LANGS];          /* fr required; NULL or "" for none */
	const char *groups;                      /* "public,agents,..." or NULL */
	long long commune_id;                    /* the "commune" group's commune, 0 none */
};
long long status_declare(struct arena *a, long long staff_id, const struct status_declare *d, const char *base_url);

/* A scheduled maintenance over [starts, ends) on comps. */
struct status_schedule {
	time_t starts, ends;
	unsigned comps;
	const char *body[STATUS_LANGS];
	const char *groups;
	long long commune_id;
};
long long status_schedule_maint(struct arena *a, long long staff_id, const struct status_schedule *m, const char *base_url);
/* Cancels a maintenance not over yet (an update 'cancelled'). 1 done, 0
 * unknown or over, -1 database error. */
int status_cancel_maint(struct arena *a, long long staff_id, long long id, const char *body_fr);

/* The history: events updated in the last 90 days, newest first, each
 * with its updates newest first (arena). */
struct status_update_row {
	long long id;
	const char *phase;
	time_t at;
	const char *body[STATUS_LANGS];          /* NULL when none */
};
struct status_event_row {
	long long id;
	bool maintenance;
	unsigned comps;
	enum status_state impact;
	time_t starts, ends, resolved, cancelled, updated;
	int nupdates;
	struct status_update_row *updates;
};
long status_history(struct arena *a, int max, struct status_event_row **out);

/* ------------------------------------------------------------ notices */

/* Groups a notice goes to: "public" (the confirmed subscribers of /statut),
 * "agents" (agents and administrators of every commune), "partenaires"
 * (partner town halls), "technique" (the technical staff), "commune" (the
 * staff of commune_id). Staff who followed an unsubscribe link are left
 * out. Queues one email per address (outbox, kind "status_notice"), each
 * with its signed unsubscribe link; idem keys on the update's id. */
bool status_notify(struct arena *a, long long update_id, const char *groups, long long commune_id,
                   const char *base_url);
/* The list of groups a form may name, for validation. */
bool status_groups_valid(const char *groups);

/* POST /statut/abonnement: records (or renews) an unconfirmed subscription
 * and queues the confirmation email (kind "status_confirm") with its link;
 * an address already confirmed gets nothing (the page says the same). */
bool status_subscribe(struct arena *a, const char *email, const char *lang, const char *base_url);
/* The confirmation link's token: 1 confirmed (or already), 0 unknown or
 * expired (a day), -1 database error. */
int status_confirm(struct arena *a, const char *token, bool apply);
/* The unsubscribe link of a notice: who = "s<id>" (a subscriber) or
 * "p<id>" (a staff member), mac its HMAC. 1 done, 0 bad link, -1 error. */
int status_unsubscribe(struct arena *a, const char *who, const char *mac, bool apply);
/* The link itself (arena). */
const char *status_unsubscribe_url(struct arena *a, const char *base_url, const char *who);

/* ------------------------------------------------------------ health */

/* The notification worker's checks, at most every status_check_interval_s
 * (5 s): SMS or emails waiting longer than status_backlog_minutes (10)
 * make "sms" / "courriel" degraded; declarations to ANTS waiting as long
 * make "ants" degraded; each cleared when the backlog is gone. Changes
 * only what changed (and then bumps the version). */
void status_health_tick(struct arena *a);

#endif
