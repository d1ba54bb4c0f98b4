/* place.h — where people are and where they can go: resolving a typed
 * commune or postcode, the member sites nearest to a point with their
 * earliest free time for a procedure and party, and a site's free times. */
#ifndef CRENEAU_PLACE_H
#define CRENEAU_PLACE_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "util.h"

struct commune_match {
	const char *insee, *name, *postcodes, *dept;
	double lat, lon;
	bool located;     /* false when the reference list has no coordinates */
};

/* Up to max candidates for a postcode (5 digits), an INSEE code, or a
 * name (folded prefix match, exact names first). Arena-owned. */
size_t place_resolve(struct arena *a, const char *q, size_t max, struct commune_match **out);
/* The commune of an INSEE code (a choice already made on a list), 0 or 1. */
size_t place_resolve_insee(struct arena *a, const char *insee, struct commune_match **out);
/* True when no device of the site offering the procedure opens on that
 * local day: no opening rule that weekday, or closures, outages and
 * absences over all its hours (the catalog's copy). A day with opening
 * hours and no free place is full, not closed. */
bool place_day_closed(long long site_id, long long procedure_id, int y, int mo, int d);
/* Which of n matches the person meant: the only one, or the only one
 * whose name is what was typed (accents and case aside: "Annecy" is
 * Annecy, not Annecy-le-Vieux). n when it takes a choice. */
size_t place_pick(const struct commune_match *m, size_t n, const char *typed);

struct procedure_info {
	long long id;
	const char *code, *name, *documents;
	int minutes, max_party;
	bool needs_predemande;
};
/* All procedures offered somewhere, in display order, names in lang. */
size_t place_procedures(struct arena *a, const char *lang, struct procedure_info **out);
bool place_procedure(struct arena *a, const char *code, const char *lang, struct procedure_info *out);
/* The same from the worker's copy of the catalog without asking whether
 * it is current: for pages whose statement brings the catalog's version
 * (place_sites, place_site_days) and start again when it changed. */
bool place_procedure_cached(const char *code, const char *lang, struct procedure_info *out);

struct site_hit {
	long long site_id;
	const char *name, *address, *postcode, *city, *commune_name;
	double lat, lon, km;     /* km < 0 when the person's place is unknown */
	bool has_free;
	time_t earliest;
	long long earliest_slot;
};

/* Active sites offering the procedure, nearest first (at most max), each
 * with its earliest free run for party people from the notice on. Without
 * a point (located false) every site is returned, distance unknown.
 * *stale when the catalog changed meanwhile: the caller starts again. */
size_t place_sites(struct arena *a, long long procedure_id, int party, bool located,
                   double lat, double lon, size_t max, struct site_hit **out, bool *stale);

struct site_info {
	long long id, commune_id;
	const char *name, *address, *postcode, *city, *access_info, *commune_name;
	double lat, lon;
	int min_notice_hours, horizon_days;
};
/* An active site, from the worker's copy of the catalog (as
 * place_procedure_cached). */
bool place_site(struct arena *a, long long site_id, struct site_info *out);

struct free_time {
	long long slot_id;
	time_t start;
};
/* Free runs for the party starting on the local date y-mo-d at the site,
 * one per start time, in order. */
size_t place_free_times(struct arena *a, long long site_id, long long procedure_id, int party,
                        int y, int mo, int d, struct free_time **out);
/* Which of the `days` local dates from y-mo-d have at least one free run:
 * has[i] for day i. */
void place_free_days(struct arena *a, long long site_id, long long procedure_id, int party,
                     int y, int mo, int d, int days, bool *has);
/* Both in one statement: the strip of `days` (at most 28) local dates
 * from y-mo-d, and when times is not NULL and jy is not 0 the free runs
 * of the date jy-jm-jd. False when the catalog changed meanwhile: the
 * caller starts again. */
bool place_site_days(struct arena *a, long long site_id, long long procedure_id, int party,
                     int y, int mo, int d, int days, bool *has,
                     int jy, int jm, int jd, struct free_time **times, size_t *ntimes);

/* The free runs of the party at a site on the local days from y-mo-d
 * (ndays, at most SITE_RUNS_DAYS): one per start time, the first device's
 * (catalog order) when several have it, in time order, each with its
 * first slot and the start of its last slot. They are not clipped to the
 * booking window, which moves with the clock: the caller keeps those
 * starting in place_site_window()'s [from, until) whose last slot starts
 * before until, as the site page does (days wholly outside it are not
 * read). Days come from the kept days (keptdays.h) or one statement.
 * *token is what place_site_days_token() gives for the same days, taken
 * before anything was read: while it stays the same, so do the runs (0:
 * they must not be kept). Arena-owned. False when the catalog changed
 * meanwhile: the caller starts again. */
#define SITE_RUNS_DAYS 62
struct site_run {
	long long slot_id;
	time_t start, last;
	size_t seq;              /* internal: order met */
};
bool place_site_runs(struct arena *a, long long site_id, long long procedure_id, int party,
                     int y, int mo, int d, int ndays, struct site_run **runs, size_t *nruns,
                     unsigned long long *token);
/* The versions (freegen.h) of those days of the site's devices that
 * offer the procedure, summed; 0 when they cannot be used. From the
 * worker's catalog as it is (the caller checked it this request). */
unsigned long long place_site_days_token(long long site_id, long long procedure_id, int y, int mo, int d,
                                         int ndays);
/* The instants at which the public may book the active site at `now`
 * (its commune's notice and horizon). False for no such site. */
bool place_site_window(long long site_id, time_t now, time_t *from, time_t *until);

/* ------------------------------------------------ the pages' reads
 *
 * A page is made from one catalog: the functions below read what the
 * search and site pages show and, when a statement saw a newer catalog,
 * start again on the new copy (at most CATALOG_TRIES times). They return
 * false when it never settled or the database failed: the page is a 503.
 * (place_page.c) */

/* The search page: the procedure as the copy has it and the sites nearest
 * to the point with their earliest runs. proc_found is false when the
 * procedure no longer exists; no site is read then, nor when the party is
 * above the procedure's maximum. */
struct site_search {
	const char *procedure, *lang;    /* in */
	int party;
	bool located;
	double lat, lon;
	size_t max;
	bool proc_found;                 /* out */
	struct procedure_info proc;
	struct site_hit *hits;
	size_t nhits;
};
bool place_search(struct arena *a, struct site_search *s);

/* The dates of a site's page, pure: the strip starts at debut, else at
 * the chosen day, else today, never before today; the chosen day jour
 * must lie within today .. today + horizon_days, else it is refused
 * (day_refused) and none is chosen. debut and jour are "YYYY-MM-DD"
 * already checked, or NULL. */
struct strip_dates {
	int y, mo, d;        /* first day of the strip */
	int jy, jm, jd;      /* the chosen day; jy is 0 when none */
	int ly, lm, ld;      /* the last day one may choose */
	bool day_refused;
};
void place_strip_dates(int ty, int tm, int td, int horizon_days, const char *debut, const char *jour,
                       struct strip_dates *out);

#define PLACE_STRIP_MAX 28
/* A site's page: the site, the procedure, the strip of `days` days (at
 * most PLACE_STRIP_MAX) and the free runs of the chosen day, or without
 * one of the strip's first open day, which becomes the chosen day.
 * site_found / proc_found are false when they do not exist (nothing else
 * is read); the party is capped at the procedure's maximum. */
struct site_view {
	long long site_id;               /* in */
	const char *procedure, *lang, *debut, *jour;
	int party, days;
	bool site_found, proc_found;     /* out */
	struct site_info site;
	struct procedure_info proc;
	struct strip_dates dates;
	bool has[PLACE_STRIP_MAX];
	struct free_time *times;
	size_t ntimes;
};
bool place_site_view(struct arena *a, struct site_view *v);

struct slot_info {
	long long slot_id, site_id, device_id;
	time_t start;
	const char *site_name, *address, *postcode, *city, *commune_name;
	bool offered;     /* the device offers the procedure */
	int free_regular;
};
/* A slot with its site, for the booking form. */
bool place_slot(struct arena *a, long long slot_id, long long procedure_id, struct slot_info *out);

#endif
