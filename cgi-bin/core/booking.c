/* booking.c — see booking.h. */
#include "booking.h"
#include "ants_coord.h"
#include "catalog.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "freegen.h"
#include "log.h"
#include "otp.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The conditional updates, one per service level: a place is taken only
 * while booked < capacity, and given back only while booked > 0. A run's
 * slots are taken by one statement per RUN_CHUNK slots (unused places of
 * the IN list repeat the last id): "affected rows" is then the number of
 * slots taken, and anything short of the chunk means one is full. */
#define RUN_CHUNK 8
#define IN8 " IN (?, ?, ?, ?, ?, ?, ?, ?)"
static const char *const take_sql[LEVEL_COUNT] = {
	"UPDATE slots SET booked_regular = booked_regular + 1 WHERE id" IN8 " AND booked_regular < cap_regular",
	"UPDATE slots SET booked_urgent = booked_urgent + 1 WHERE id" IN8 " AND booked_urgent < cap_urgent",
	"UPDATE slots SET booked_extreme = booked_extreme + 1 WHERE id" IN8 " AND booked_extreme < cap_extreme",
};
/* A regular booking's place of each slot is in the regular pool or, for a
 * party of minors, in the minors' pool (booking_slots.minors): one
 * statement gives back each to its own. */
static const char *const release_sql[LEVEL_COUNT] = {
	"UPDATE slots s JOIN booking_slots bs ON bs.slot_id = s.id"
	" SET s.booked_regular = s.booked_regular - (bs.minors = 0), s.booked_minors = s.booked_minors - (bs.minors = 1)"
	" WHERE bs.booking_id = ? AND IF(bs.minors = 1, s.booked_minors > 0, s.booked_regular > 0)",
	"UPDATE slots s JOIN booking_slots bs ON bs.slot_id = s.id"
	" SET s.booked_urgent = s.booked_urgent - 1 WHERE bs.booking_id = ? AND s.booked_urgent > 0",
	"UPDATE slots s JOIN booking_slots bs ON bs.slot_id = s.id"
	" SET s.booked_extreme = s.booked_extreme - 1 WHERE bs.booking_id = ? AND s.booked_extreme > 0",
};

const char *booking_identity_name(struct arena *a, const struct person *p)
{
	char *ln = text_fold(p->last_name), *fn = text_fold(p->first_names);
	const char *id = arena_printf(a, "N:%s %s|%s", ln, fn, p->birth_date);
	free(ln);
	free(fn);
	return id;
}

/* A run of k slots from first_slot on its device, checked back to back and
 * offered for the procedure. Fills ids[] and the run's instants; the
 * procedure, site and commune come from the worker's catalog (for the
 * booking's view). */
struct run {
	long long device_id, commune_id;
	long long ids[64];
	int k;
	time_t start, end;
	int min_notice_hours, horizon_days;
	const char *lock_groups;
	unsigned seen_full;       /* bit per level: a slot of the run was seen full */
	unsigned first_full;      /* the same for the run's first slot alone */
	bool minors;              /* the party may use the minors' pool (all minors, regular level) */
	bool no_room;             /* the run cannot hold the party at this time */
	const struct cat_procedure *proc;
	const struct cat_device *dev;
};

/* The slots of the first one's device that start within `minutes` of it:
 * version of the catalog, slot, start, end, device, the first slot's
 * length and start, then the free places per level. */
enum { RC_VERSION, RC_ID, RC_START, RC_END, RC_DEVICE, RC_MINUTES, RC_FIRST_START, RC_FREE };

/* ps: the party's people when it may use the minors' places (a regular
 * booking), NULL otherwise. */
static enum book_status load_run(struct arena *a, long long first_slot, long long procedure_id,
                                 int party, const struct db_res *pre, const struct person *ps, struct run *run)
{
	run->minors = false;
	/* One statement: the slots of the device that start within the
	 * party's time from the first one. With back-to-back slots of equal
	 * length these are exactly the k needed; otherwise (fewer rows) the
	 * next k slots are read as they always were. It brings the catalog's
	 * version: a newer catalog is loaded and the statement made again. */
	struct db_res r;
	const struct catalog *cat = NULL;
	for (int attempt = 0; attempt < 3 && !cat; attempt++) {
		const struct cat_procedure *p = catalog_procedure_id(catalog_cached(), procedure_id);
		if (!p && attempt == 0) {
			catalog_get();          /* perhaps added since */
			p = catalog_procedure_id(catalog_cached(), procedure_id);
		}
		if (!p)
			return BOOK_INVALID;
		if (pre && attempt == 0)
			r = *pre;           /* read by the page with the same statement */
		else if (db_exec(a, &r, BOOKING_RUN_SELECT BOOKING_RUN_FROM,
				 "ii", (long long)party * p->minutes, first_slot) < 0)
			return BOOK_ERROR;
		if (r.nrows < 1)
			return BOOK_INVALID;
		if (catalog_seen_text(db_val(&r, 0, RC_VERSION)))
			cat = catalog_cached();
	}
	if (!cat)
		return BOOK_ERROR;
	run->proc = catalog_procedure_id(cat, procedure_id);
	run->dev = catalog_device(cat, db_int(&r, 0, RC_DEVICE));
	if (!run->proc || !run->dev || !run->dev->active || !run->dev->site->active ||
	    !cat_device_offers(run->dev, procedure_id))
		return BOOK_INVALID;
	if (party < 1 || party > run->proc->max_party)
		return BOOK_INVALID;
	run->device_id = run->dev->id;
	run->commune_id = run->dev->site->commune->id;
	run->min_notice_hours = run->dev->site->commune->min_notice_hours;
	run->horizon_days = run->dev->site->commune->horizon_days;
	run->lock_groups = run->proc->lock_groups;
	int k = slots_needed(party, run->proc->minutes, (int)db_int(&r, 0, RC_MINUTES));
	if (k < 1 || k > (int)ARRAY_LEN(run->ids))
		return BOOK_INVALID;
	time_t first_start;
	if (ps && dt_parse_sql(db_val(&r, 0, RC_START), &first_start))
		run->minors = booking_all_minors(ps, party, first_start);
	struct db_res s = r;
	size_t col = RC_ID;      /* where id, start, end are in s */
	run->seen_full = run->first_full = 0;
	run->no_room = false;
	if ((int)s.nrows < k) {
		if (db_exec(a, &s,
			    "SELECT id, start_utc, end_utc FROM slots WHERE device_id = ? AND start_utc >= ?"
			    " ORDER BY start_utc LIMIT ?",
			    "isi", run->device_id, db_val(&r, 0, RC_FIRST_START), (long long)k) < 0)
			return BOOK_ERROR;
		if ((int)s.nrows != k) {
			run->no_room = true;     /* the day ends before the run */
			return BOOK_GONE;
		}
		col = 0;
	}
	for (int i = 0; i < k; i++) {
		time_t st, en;
		if (!dt_parse_sql(db_val(&s, (size_t)i, col + 1), &st) ||
		    !dt_parse_sql(db_val(&s, (size_t)i, col + 2), &en))
			return BOOK_ERROR;
		if (i == 0)
			run->start = st;
		else if (st != run->end) {
			run->no_room = true;     /* not back to back: the run does not fit */
			return BOOK_GONE;
		}
		run->end = en;
		run->ids[i] = db_int(&s, (size_t)i, col);
		/* A party of minors sees a slot full at the regular level only
		 * when its minors' places are gone too. */
		long long minors_free = col == RC_ID ? db_int(&s, (size_t)i, RC_FREE + LEVEL_COUNT) : 0;
		for (int lv = 0; lv < LEVEL_COUNT && col == RC_ID; lv++)
			if (db_int(&s, (size_t)i, RC_FREE + (size_t)lv) <= 0 &&
			    !(lv == LEVEL_REGULAR && run->minors && minors_free > 0)) {
				run->seen_full |= 1u << lv;
				if (i == 0)
					run->first_full |= 1u << lv;
			}
	}
	run->k = k;
	return BOOK_OK;
}

static enum book_status check_window(const struct run *run, bool ignore_notice)
{
	time_t now = time(NULL);
	if (run->start <= now)
		return BOOK_INVALID;
	if (!ignore_notice && run->start < now + run->min_notice_hours * 3600)
		return BOOK_INVALID;
	if (run->start > now + (time_t)(run->horizon_days + 1) * 86400)
		return BOOK_INVALID;
	return BOOK_OK;
}

/* The ids of chunk [from, from + RUN_CHUNK) of the run, the last one
 * repeated to fill the IN list. */
static void chunk_ids(const struct run *run, int from, long long *ids, int *n)
{
	*n = run->k - from < RUN_CHUNK ? run->k - from : RUN_CHUNK;
	for (int i = 0; i < RUN_CHUNK; i++)
		ids[i] = run->ids[from + (i < *n ? i : *n - 1)];
}

/* A party of minors, slot by slot: a minors' place if one is left, else a
 * regular one; minors[i] says which (for link_run). */
static enum book_status take_run_minors(struct arena *a, const struct run *run, bool *minors)
{
	for (int i = 0; i < run->k; i++) {
		long long n = db_exec(a, NULL, "UPDATE slots SET booked_minors = booked_minors + 1 WHERE id = ?"
				      " AND booked_minors < cap_minors", "i", run->ids[i]);
		if (n == 0)
			n = db_exec(a, NULL, "UPDATE slots SET booked_regular = booked_regular + 1 WHERE id = ?"
				    " AND booked_regular < cap_regular", "i", run->ids[i]);
		else if (n == 1)
			minors[i] = true;
		if (n < 0)
			return db_errno() == DB_ERR_CHECK ? BOOK_GONE : BOOK_ERROR;
		if (n != 1)
			return BOOK_GONE;
	}
	freegen_touch_run(run->device_id, run->start, run->end);
	return BOOK_OK;
}

static enum book_status take_run(struct arena *a, const struct run *run, enum level lv)
{
	for (int from = 0; from < run->k; from += RUN_CHUNK) {
		long long id[RUN_CHUNK];
		int want;
		chunk_ids(run, from, id, &want);
		long long n = db_exec(a, NULL, take_sql[lv], "iiiiiiii",
				      id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7]);
		if (n < 0)
			return db_errno() == DB_ERR_CHECK ? BOOK_GONE : BOOK_ERROR;
		if (n != want)
			return BOOK_GONE;
	}
	freegen_touch_run(run->device_id, run->start, run->end);
	return BOOK_OK;
}

/* The booking's links to the slots of its run (taken, so locked by us).
 * minors: for a party of minors, which slots' places are minors' ones
 * (NULL: none). */
static bool link_run(struct arena *a, long long booking_id, const struct run *run, const bool *minors)
{
	if (minors) {
		for (int i = 0; i < run->k; i++)
			if (db_exec(a, NULL, "INSERT INTO booking_slots (booking_id, slot_id, minors) VALUES (?, ?, ?)",
				    "iii", booking_id, run->ids[i], (long long)minors[i]) != 1)
				return false;
		return true;
	}
	for (int from = 0; from < run->k; from += RUN_CHUNK) {
		long long id[RUN_CHUNK];
		int want;
		chunk_ids(run, from, id, &want);
		if (db_exec(a, NULL, "INSERT INTO booking_slots (booking_id, slot_id)"
			    " SELECT ?, id FROM slots WHERE id" IN8, "iiiiiiiii", booking_id,
			    id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7]) != want)
			return false;
	}
	return true;
}

/* The locks of one (group, identity) at a time: stale ones (ended
 * appointments) go first; on a clash, reports the booking that holds it. */
static enum book_status lock_people_one_by_one(struct arena *a, long long booking_id, const char *groups,
                                               const struct person *ps, int n, const char *ends_sql,
                                               struct booking_result *out)
{
	for (int i = 0; i < n; i++) {
		const char *ids[2] = { booking_identity_name(a, &ps[i]),
			ps[i].predemande ? arena_printf(a, "P:%s", ps[i].predemande) : NULL };
		char *save = NULL, *copy = arena_strdup(a, groups);
		for (char *grp = strtok_r(copy, ",", &save); grp; grp = strtok_r(NULL, ",", &save)) {
			for (int j = 0; j < 2; j++) {
				if (!ids[j])
					continue;
				if (db_exec(a, NULL, "DELETE FROM person_locks WHERE lock_group = ? AND identity = ?"
					    " AND ends_utc < UTC_TIMESTAMP()", "ss", grp, ids[j]) < 0)
					return BOOK_ERROR;
				if (db_exec(a, NULL, "INSERT INTO person_locks (lock_group, identity, booking_id, ends_utc)"
					    " VALUES (?, ?, ?, ?)", "ssis", grp, ids[j], booking_id, ends_sql) >= 0)
					continue;
				if (db_errno() != DB_ERR_DUP)
					return BOOK_ERROR;
				struct db_res d;
				db_exec(a, &d, "SELECT b.ref, b.status = 'held' FROM person_locks l JOIN bookings b"
					" ON b.id = l.booking_id WHERE l.lock_group = ? AND l.identity = ?", "ss", grp, ids[j]);
				snprintf(out->dup_ref, sizeof(out->dup_ref), "%s", db_val(&d, 0, 0) ? db_val(&d, 0, 0) : "");
				out->dup_held = d.nrows == 1 && db_int(&d, 0, 1) != 0;
				out->dup_person = i;
				return BOOK_DUPLICATE;
			}
		}
	}
	return BOOK_OK;
}

/* Multi-row inserts of person_locks, 1 to LOCK_CHUNK rows of 4 values. */
#define LOCK_CHUNK 8
#define LOCK_INS "INSERT INTO person_locks (lock_group, identity, booking_id, ends_utc) VALUES (?, ?, ?, ?)"
#define LOCK_ROW ", (?, ?, ?, ?)"
static const char *const lock_sql[LOCK_CHUNK] = {
	LOCK_INS,
	LOCK_INS LOCK_ROW,
	LOCK_INS LOCK_ROW LOCK_ROW,
	LOCK_INS LOCK_ROW LOCK_ROW LOCK_ROW,
	LOCK_INS LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW,
	LOCK_INS LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW,
	LOCK_INS LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW,
	LOCK_INS LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW LOCK_ROW,
};
static const char *const lock_fmt[LOCK_CHUNK] = {
	"ssis", "ssisssis", "ssisssisssis", "ssisssisssisssis", "ssisssisssisssisssis",
	"ssisssisssisssisssisssis", "ssisssisssisssisssisssisssis", "ssisssisssisssisssisssisssisssis",
};

/* Inserts the (group, identity) locks of every person; on a clash reports
 * the booking that holds it. The usual case (no lock of these people
 * exists) is one statement; any duplicate, a stale lock of an ended
 * appointment included, takes the careful path one lock at a time. */
static enum book_status lock_people(struct arena *a, long long booking_id, const char *groups,
                                    const struct person *ps, int n, time_t ends,
                                    struct booking_result *out)
{
	if (!groups)
		return BOOK_ERROR;
	char ends_sql[20];
	dt_format_sql(ends, ends_sql);
	const char *grp[2 * MAX_PARTY * 8], *idn[2 * MAX_PARTY * 8];
	int rows = 0;
	bool fits = true;
	for (int i = 0; i < n && fits; i++) {
		const char *ids[2] = { booking_identity_name(a, &ps[i]),
			ps[i].predemande ? arena_printf(a, "P:%s", ps[i].predemande) : NULL };
		char *save = NULL, *copy = arena_strdup(a, groups);
		for (char *g = strtok_r(copy, ",", &save); g && fits; g = strtok_r(NULL, ",", &save))
			for (int j = 0; j < 2; j++) {
				if (!ids[j])
					continue;
				if (rows == (int)ARRAY_LEN(grp)) {
					fits = false;
					break;
				}
				grp[rows] = g;
				idn[rows++] = ids[j];
			}
	}
	if (fits) {
		int done = 0;
		while (done < rows) {
			int c = rows - done < LOCK_CHUNK ? rows - done : LOCK_CHUNK;
			const char *G[LOCK_CHUNK], *I[LOCK_CHUNK];
			for (int i = 0; i < LOCK_CHUNK; i++) {
				G[i] = i < c ? grp[done + i] : NULL;
				I[i] = i < c ? idn[done + i] : NULL;
			}
			long long b = booking_id;
			const char *e = ends_sql;
			if (db_exec(a, NULL, lock_sql[c - 1], lock_fmt[c - 1],
				    G[0], I[0], b, e, G[1], I[1], b, e, G[2], I[2], b, e, G[3], I[3], b, e,
				    G[4], I[4], b, e, G[5], I[5], b, e, G[6], I[6], b, e, G[7], I[7], b, e) < 0)
				break;
			done += c;
		}
		if (done == rows)
			return BOOK_OK;
		if (db_errno() != DB_ERR_DUP)
			return BOOK_ERROR;
		/* Give back what the first chunks took, then lock carefully. */
		if (done && db_exec(a, NULL, "DELETE FROM person_locks WHERE booking_id = ?", "i", booking_id) < 0)
			return BOOK_ERROR;
	}
	return lock_people_one_by_one(a, booking_id, groups, ps, n, ends_sql, out);
}

/* Multi-row inserts of booking_persons, 1 to MAX_PARTY rows of 7 values. */
#define BP_INS "INSERT INTO booking_persons (booking_id, position, last_name, first_names, birth_date," \
	" predemande, ants_recheck) VALUES (?, ?, ?, ?, ?, ?, ?)"
#define BP_ROW ", (?, ?, ?, ?, ?, ?, ?)"
static const char *const persons_sql[MAX_PARTY] = {
	BP_INS, BP_INS BP_ROW, BP_INS BP_ROW BP_ROW, BP_INS BP_ROW BP_ROW BP_ROW,
	BP_INS BP_ROW BP_ROW BP_ROW BP_ROW,
};
static const char *const persons_fmt[MAX_PARTY] = {
	"iissssi", "iissssiiissssi", "iissssiiissssiiissssi", "iissssiiissssiiissssiiissssi",
	"iissssiiissssiiissssiiissssiiissssi",
};

static bool insert_persons(struct arena *a, long long id, const struct person *p, int n)
{
	if (n < 1 || n > MAX_PARTY)
		return false;
#define P(i) p[i].last_name, p[i].first_names, p[i].birth_date, p[i].predemande, (long long)p[i].ants_recheck
	return db_exec(a, NULL, persons_sql[n - 1], persons_fmt[n - 1],
		       id, 1LL, P(0), id, 2LL, P(1), id, 3LL, P(2), id, 4LL, P(3), id, 5LL, P(4)) == n;
#undef P
}

/* What a view takes from the catalog: the procedure, the device, its
 * site and commune. */
static void view_place(struct booking_view *v, const struct cat_procedure *p, const struct cat_device *d)
{
	const struct cat_site *si = d->site;
	bool en = str_eq(getenv("LANGUAGE"), "en");
	v->procedure_code = p->code;
	v->procedure_names[0] = p->name_fr;
	v->procedure_names[1] = p->name_en;
	v->procedure_documents[0] = p->documents_fr;
	v->procedure_documents[1] = p->documents_en;
	v->procedure_name = v->procedure_names[en];
	v->documents = v->procedure_documents[en];
	v->site_name = si->name;
	v->address = si->address;
	v->postcode = si->postcode;
	v->city = si->city;
	v->access_info = si->access_info;
	v->commune_name = si->commune->name;
	v->commune_phone = si->commune->phone;
	v->commune_email = si->commune->email;
	v->device_name = d->name;
	v->lat = si->lat;
	v->lon = si->lon;
	v->cancel_limit_hours = si->commune->cancel_limit_hours;
	v->device_id = d->id;
	v->procedure_id = p->id;
	v->site_id = si->id;
	v->commune_id = si->commune->id;
}

/* The view of a booking just inserted, as booking_load() would read it. */
static void fill_view(const struct booking_request *q, const struct run *run,
                      const struct booking_result *out, time_t hold_expires, struct booking_view *v)
{
	memset(v, 0, sizeof(*v));
	v->id = out->id;
	snprintf(v->ref, sizeof(v->ref), "%s", out->ref);
	v->status = q->confirmed ? "confirmed" : "held";
	v->secret = out->secret;
	v->level = level_code(q->level);
	v->channel = q->channel;
	v->lang = q->lang;
	v->party = q->party;
	v->start = run->start;
	v->end = run->end;
	v->hold_expires = q->confirmed ? 0 : hold_expires;
	v->phone = q->phone;
	v->email = q->email;
	v->home_insee = q->home_insee;
	view_place(v, run->proc, run->dev);
	v->partner_commune_id = q->partner_commune_id;
	v->attendance = "none";
	for (int i = 0; i < q->party && i < MAX_PARTY; i++)
		v->persons[v->npersons++] = q->persons[i];
}

bool booking_all_minors(const struct person *p, int n, time_t when)
{
	struct tm lt;
	dt_utc_to_local(when, &lt);
	int at = (lt.tm_year + 1900) * 10000 + (lt.tm_mon + 1) * 100 + lt.tm_mday;
	for (int i = 0; i < n; i++) {
		int by, bm, bd;
		if (!p[i].birth_date || !dt_parse_ymd(p[i].birth_date, &by, &bm, &bd))
			return false;
		/* 18 on the day of the 18th birthday. */
		if (at >= (by + 18) * 10000 + bm * 100 + bd)
			return false;
	}
	return n > 0;
}

static enum book_status create_once(struct arena *a, const struct booking_request *q,
                                    const struct db_res *pre, struct booking_result *out)
{
	struct run run;
	run.no_room = false;
	enum book_status st = load_run(a, q->first_slot_id, q->procedure_id, q->party, pre,
				       q->level == LEVEL_REGULAR ? q->persons : NULL, &run);
	if (st == BOOK_OK)
		st = check_window(&run, q->ignore_notice);
	/* A slot already seen full: no transaction to try (the conditional
	 * UPDATE stays the judge of the places that look free). */
	if (st == BOOK_OK && (run.seen_full & (1u << q->level))) {
		st = BOOK_GONE;
		/* The time itself is free, a later slot the party needs is not. */
		run.no_room = !(run.first_full & (1u << q->level));
	}
	out->no_room = st == BOOK_GONE && run.no_room;
	if (st != BOOK_OK)
		return st;
	if (!db_begin())
		return BOOK_ERROR;
	bool minors_taken[ARRAY_LEN(run.ids)];
	memset(minors_taken, 0, sizeof(minors_taken));
	st = run.minors ? take_run_minors(a, &run, minors_taken) : take_run(a, &run, q->level);
	if (st != BOOK_OK)
		goto fail;

	char start_sql[20], end_sql[20], hold_sql[20];
	time_t hold_expires = time(NULL) + (time_t)q->hold_minutes * 60;
	dt_format_sql(run.start, start_sql);
	dt_format_sql(run.end, end_sql);
	dt_format_sql(hold_expires, hold_sql);
	crypto_random_hex(out->secret, 16);
	/* A clash of random references is rare; try a few. */
	long long n = -1;
	for (int tries = 0; tries < 5 && n < 0; tries++) {
		crypto_random_from(out->ref, 8, REF_ALPHABET);
		n = db_exec(a, NULL,
			    "INSERT INTO bookings (ref, status, device_id, procedure_id, level, party_size,"
			    " start_utc, end_utc, channel, home_insee, contact_phone, contact_email, lang,"
			    " secret, hold_expires_utc, created_utc, confirmed_utc, partner_commune_id, created_by_staff)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(),"
			    " IF(?, UTC_TIMESTAMP(), NULL), NULLIF(?, 0), NULLIF(?, 0))",
			    "ssiisisssssssssiii",
			    out->ref, q->confirmed ? "confirmed" : "held", run.device_id, q->procedure_id,
			    level_code(q->level), (long long)q->party, start_sql, end_sql, q->channel,
			    q->home_insee, q->phone, q->email, q->lang, out->secret,
			    q->confirmed ? NULL : hold_sql, (long long)q->confirmed, q->partner_commune_id,
			    q->created_by_staff);
		if (n < 0 && db_errno() != DB_ERR_DUP)
			break;
	}
	if (n < 0) {
		st = BOOK_ERROR;
		goto fail;
	}
	out->id = (long long)db_insert_id();
	if (!link_run(a, out->id, &run, run.minors ? minors_taken : NULL) || !insert_persons(a, out->id, q->persons, q->party)) {
		st = BOOK_ERROR;
		goto fail;
	}
	st = lock_people(a, out->id, run.lock_groups, q->persons, q->party, run.end, out);
	if (st != BOOK_OK)
		goto fail;
	dt_parse_sql(hold_sql, &hold_expires);
	fill_view(q, &run, out, hold_expires, &out->view);
	/* A booking confirmed at once (staff, partner) is declared to ANTS
	 * with it; a held one when its code confirms it. */
	if (q->confirmed && !ants_coord_queue(a, &out->view, "create")) {
		st = BOOK_ERROR;
		goto fail;
	}
	if (q->before_commit && !q->before_commit(q->ctx, a, out->id)) {
		st = BOOK_ERROR;
		goto fail;
	}
	if (!db_commit())
		return db_retryable() ? BOOK_GONE : BOOK_ERROR;
	return BOOK_OK;
fail:
	db_rollback();
	return st;
}

enum book_status booking_create(struct arena *a, const struct booking_request *q,
                                struct booking_result *out)
{
	memset(out, 0, sizeof(*out));
	if (q->party < 1 || q->party > MAX_PARTY || q->level < 0 || q->level >= LEVEL_COUNT)
		return BOOK_INVALID;
	/* The same person twice in one party is a duplicate of itself. */
	for (int i = 0; i < q->party; i++)
		for (int j = 0; j < i; j++)
			if (str_eq(booking_identity_name(a, &q->persons[i]), booking_identity_name(a, &q->persons[j])) ||
			    (q->persons[i].predemande && str_eq(q->persons[i].predemande, q->persons[j].predemande))) {
				out->dup_person = i;
				return BOOK_DUPLICATE;
			}
	enum book_status st = BOOK_ERROR;
	/* Deadlocks between concurrent bookings are normal under load: the
	 * database rolled one back, so run it again. */
	for (int attempt = 0; attempt < 4; attempt++) {
		st = create_once(a, q, attempt == 0 ? q->run_rows : NULL, out);
		if (st != BOOK_ERROR || !db_retryable())
			break;
	}
	return st;
}

int booking_confirm_with_code(struct arena *a, const struct booking_view *v, const char *code)
{
	long long id = v->id;
	char h[65];
	otp_hash(id, code, h);
	/* booking_confirm()'s condition on the hold, and otp_use()'s on the
	 * code. The code is not marked used: a confirmation code is good only
	 * while its booking is held, which ends here. (Updating both rows in
	 * one statement made MariaDB build two temporary tables.) */
	long long n = db_exec(a, NULL,
			      "UPDATE bookings b SET b.status = 'confirmed', b.confirmed_utc = UTC_TIMESTAMP(),"
			      " b.hold_expires_utc = NULL WHERE b.id = ? AND b.status = 'held'"
			      " AND b.hold_expires_utc > UTC_TIMESTAMP()"
			      " AND EXISTS (SELECT 1 FROM otp_codes o WHERE" OTP_USABLE ")",
			      "iissiis", id, id, "confirm", h, (long long)OTP_MAX_TRIES, id, "confirm");
	if (n == 1)
		return ants_coord_queue(a, v, "create") ? 1 : -1;
	return n == 0 ? 0 : -1;
}

enum book_status booking_confirm(struct arena *a, const struct booking_view *v)
{
	long long id = v->id;
	long long n = db_exec(a, NULL,
			      "UPDATE bookings SET status = 'confirmed', confirmed_utc = UTC_TIMESTAMP(),"
			      " hold_expires_utc = NULL WHERE id = ? AND status = 'held'"
			      " AND hold_expires_utc > UTC_TIMESTAMP()", "i", id);
	if (n < 0)
		return BOOK_ERROR;
	if (n == 1)
		return ants_coord_queue(a, v, "create") ? BOOK_OK : BOOK_ERROR;
	struct db_res r;
	db_exec(a, &r, "SELECT status FROM bookings WHERE id = ?", "i", id);
	if (str_eq(db_val(&r, 0, 0), "confirmed"))
		return BOOK_OK;
	return BOOK_EXPIRED;
}

/* The device and times of a booking row's columns dev, dev + 1, dev + 2
 * (device_id, start_utc, end_utc): its free places are about to change. */
static void touch_booked(const struct db_res *r, size_t dev)
{
	time_t start, end;
	if (dt_parse_sql(db_val(r, 0, dev + 1), &start) && dt_parse_sql(db_val(r, 0, dev + 2), &end))
		freegen_touch_run(db_int(r, 0, dev), start, end);
	else
		freegen_touch(db_int(r, 0, dev));
}

/* Within a transaction: gives back the places and the identities of the
 * booking whose row r holds its device and times from column dev on. */
static bool release(struct arena *a, long long id, enum level lv, const struct db_res *r, size_t dev)
{
	touch_booked(r, dev);
	/* The booking row keeps its device and times; its slot links go, so
	 * a slot nobody holds can be dropped when the rules change. */
	return db_exec(a, NULL, release_sql[lv], "i", id) >= 0 &&
	       db_exec(a, NULL, "DELETE FROM booking_slots WHERE booking_id = ?", "i", id) >= 0 &&
	       db_exec(a, NULL, "DELETE FROM person_locks WHERE booking_id = ?", "i", id) >= 0;
}

static bool lock_booking(struct arena *a, long long id, struct db_res *r)
{
	return db_exec(a, r, "SELECT b.status, b.level, b.start_utc, c.cancel_limit_hours,"
		       " b.procedure_id, b.party_size, b.device_id, b.start_utc, b.end_utc"
		       " FROM bookings b JOIN devices d ON d.id = b.device_id"
		       " JOIN sites s ON s.id = d.site_id JOIN communes c ON c.id = s.commune_id"
		       " WHERE b.id = ? FOR UPDATE", "i", id) >= 0 && r->nrows == 1;
}

static bool too_late(const struct db_res *r)
{
	time_t start;
	if (!dt_parse_sql(db_val(r, 0, 2), &start))
		return true;
	return time(NULL) > start - db_int(r, 0, 3) * 3600;
}

static enum book_status cancel_locked(struct arena *a, long long id, const char *by, bool enforce_limit,
                                      booking_hook hook, void *ctx)
{
	struct db_res r;
	if (!lock_booking(a, id, &r))
		return db_errno() ? BOOK_ERROR : BOOK_INVALID;
	if (!str_eq(db_val(&r, 0, 0), "confirmed") && !str_eq(db_val(&r, 0, 0), "held"))
		return BOOK_STATE;
	if (enforce_limit && too_late(&r))
		return BOOK_TOO_LATE;
	if (!release(a, id, level_parse(db_val(&r, 0, 1)), &r, 6) ||
	    db_exec(a, NULL, "UPDATE bookings SET status = 'cancelled', cancelled_utc = UTC_TIMESTAMP(),"
		    " cancelled_by = ?, hold_expires_utc = NULL WHERE id = ?", "si", by, id) < 0 ||
	    (str_eq(db_val(&r, 0, 0), "confirmed") && !ants_coord_queue_id(a, id, "delete")) ||
	    (hook && !hook(ctx, a, id)))
		return BOOK_ERROR;
	return BOOK_OK;
}

enum book_status booking_cancel_in_tx(struct arena *a, long long id, const char *by, booking_hook hook, void *ctx)
{
	return cancel_locked(a, id, by, false, hook, ctx);
}

enum book_status booking_cancel(struct arena *a, long long id, const char *by, bool enforce_limit,
                                booking_hook hook, void *ctx)
{
	for (int attempt = 0; attempt < 4; attempt++) {
		if (!db_begin())
			return BOOK_ERROR;
		enum book_status st = cancel_locked(a, id, by, enforce_limit, hook, ctx);
		if (st == BOOK_OK && db_commit())
			return BOOK_OK;
		db_rollback();
		if (st != BOOK_ERROR || !db_retryable())
			return st;
	}
	return BOOK_ERROR;
}

static enum book_status move_once(struct arena *a, long long id, long long new_first, bool enforce_limit,
                                  booking_hook hook, void *ctx)
{
	if (!db_begin())
		return BOOK_ERROR;
	struct db_res r;
	enum book_status st = BOOK_OK;
	struct run run;
	if (!lock_booking(a, id, &r)) {
		st = db_errno() ? BOOK_ERROR : BOOK_INVALID;
		goto fail;
	}
	if (!str_eq(db_val(&r, 0, 0), "confirmed")) {
		st = BOOK_STATE;
		goto fail;
	}
	if (enforce_limit && too_late(&r)) {
		st = BOOK_TOO_LATE;
		goto fail;
	}
	enum level lv = level_parse(db_val(&r, 0, 1));
	st = load_run(a, new_first, db_int(&r, 0, 4), (int)db_int(&r, 0, 5), NULL, NULL, &run);
	if (st == BOOK_OK)
		st = check_window(&run, !enforce_limit);
	/* New places first: if they are gone, the old appointment stays. */
	if (st == BOOK_OK)
		st = take_run(a, &run, lv);
	if (st != BOOK_OK)
		goto fail;
	char start_sql[20], end_sql[20];
	dt_format_sql(run.start, start_sql);
	dt_format_sql(run.end, end_sql);
	touch_booked(&r, 6);
	/* ANTS: the old appointment withdrawn, the new one declared (below). */
	if (!ants_coord_queue_id(a, id, "delete") ||
	    db_exec(a, NULL, release_sql[lv], "i", id) < 0 ||
	    db_exec(a, NULL, "DELETE FROM booking_slots WHERE booking_id = ?", "i", id) < 0) {
		st = BOOK_ERROR;
		goto fail;
	}
	if (!link_run(a, id, &run, NULL)) {
		st = BOOK_ERROR;
		goto fail;
	}
	if (db_exec(a, NULL, "UPDATE bookings SET device_id = ?, start_utc = ?, end_utc = ?,"
		    " moved_count = moved_count + 1 WHERE id = ?", "issi", run.device_id, start_sql, end_sql, id) < 0 ||
	    db_exec(a, NULL, "UPDATE person_locks SET ends_utc = ? WHERE booking_id = ?", "si", end_sql, id) < 0 ||
	    !ants_coord_queue_id(a, id, "create") ||
	    (hook && !hook(ctx, a, id))) {
		st = BOOK_ERROR;
		goto fail;
	}
	if (!db_commit())
		return BOOK_ERROR;
	return BOOK_OK;
fail:
	db_rollback();
	return st;
}

enum book_status booking_move(struct arena *a, long long id, long long new_first, bool enforce_limit,
                              booking_hook hook, void *ctx)
{
	enum book_status st = BOOK_ERROR;
	for (int attempt = 0; attempt < 4; attempt++) {
		st = move_once(a, id, new_first, enforce_limit, hook, ctx);
		if (st != BOOK_ERROR || !db_retryable())
			break;
	}
	return st;
}

struct free_slot *booking_device_rows(const struct db_res *r, size_t i, size_t *next)
{
	size_t j = i;
	while (j < r->nrows && db_int(r, j, 1) == db_int(r, i, 1))
		j++;
	struct free_slot *fs = xcalloc(j - i, sizeof(*fs));
	for (size_t t = i; t < j; t++) {
		fs[t - i].id = db_int(r, t, 0);
		dt_parse_sql(db_val(r, t, 2), &fs[t - i].start);
		dt_parse_sql(db_val(r, t, 3), &fs[t - i].end);
		fs[t - i].free = 1;
	}
	*next = j;
	return fs;
}

/* Ends a hold under its row lock (in the caller's transaction): its places
 * and identities freed, the booking expired. due_only: only a hold whose
 * time ran out (it may have been confirmed since it was listed). */
static enum book_status expire_locked(struct arena *a, long long id, bool due_only)
{
	struct db_res b;
	if (db_exec(a, &b, "SELECT level, device_id, start_utc, end_utc FROM bookings WHERE id = ?"
		    " AND status = 'held' AND (? = 0 OR hold_expires_utc <= UTC_TIMESTAMP()) FOR UPDATE",
		    "ii", id, (long long)due_only) < 0)
		return BOOK_ERROR;
	if (b.nrows != 1)
		return BOOK_STATE;
	if (!release(a, id, level_parse(db_val(&b, 0, 0)), &b, 1) ||
	    db_exec(a, NULL, "UPDATE bookings SET status = 'expired', hold_expires_utc = NULL WHERE id = ?", "i", id) < 0)
		return BOOK_ERROR;
	return BOOK_OK;
}

int booking_expire_holds(struct arena *a)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT id FROM bookings WHERE status = 'held' AND hold_expires_utc <= UTC_TIMESTAMP()"
		    " LIMIT 500", "") < 0)
		return 0;
	int done = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		if (!db_begin())
			break;
		if (expire_locked(a, db_int(&r, i, 0), true) == BOOK_OK && db_commit())
			done++;
		else
			db_rollback();
	}
	return done;
}

bool booking_extend_hold(struct arena *a, long long id, int seconds)
{
	return db_exec(a, NULL, "UPDATE bookings SET hold_expires_utc = GREATEST(hold_expires_utc,"
		       " UTC_TIMESTAMP() + INTERVAL ? SECOND) WHERE id = ? AND status = 'held'",
		       "ii", (long long)seconds, id) >= 0;
}

enum book_status booking_give_up(struct arena *a, long long id)
{
	if (!db_begin())
		return BOOK_ERROR;
	enum book_status st = expire_locked(a, id, false);
	if (st == BOOK_OK && db_commit())
		return BOOK_OK;
	db_rollback();
	return st == BOOK_OK ? BOOK_ERROR : st;
}

/* The booking's columns (after the catalog's version), then one row per
 * person (its position and identity: columns 23 to 28). A join and not a
 * GROUP_CONCAT of the people: MariaDB builds a temporary table for every
 * GROUP_CONCAT, on every load of a booking. The procedure, site and
 * commune come from the catalog. */
#define LOAD_SELECT \
	"SELECT (" CATALOG_VERSION_ROW "), b.id, b.ref, b.status, b.secret, b.level, b.channel, b.lang," \
	" b.party_size, b.moved_count, b.start_utc, b.end_utc, b.hold_expires_utc, b.contact_phone," \
	" b.contact_email, b.home_insee, b.device_id, b.procedure_id, b.partner_commune_id, b.attendance," \
	" b.arrived_utc, b.started_utc, b.finished_utc," \
	" bp.position, bp.last_name, bp.first_names, bp.birth_date, bp.predemande, bp.ants_recheck"
#define LOAD_FROM " FROM bookings b LEFT JOIN booking_persons bp ON bp.booking_id = b.id"
#define LOAD_COLS LOAD_SELECT LOAD_FROM
/* The 30th column of booking_load_counting(): a rate limit's events. */
#define LOAD_COUNT_COLS LOAD_SELECT ", (SELECT COUNT(*) FROM rate_events e WHERE e.bucket = ?" \
	" AND e.key_hash = ? AND e.at_utc > UTC_TIMESTAMP() - INTERVAL ? SECOND)" LOAD_FROM

static time_t time_or_zero(const struct db_res *r, size_t col)
{
	time_t t = 0;
	if (db_val(r, 0, col))
		dt_parse_sql(db_val(r, 0, col), &t);
	return t;
}

/* The view of a booking from its rows (LOAD_COLS). */
static bool view_of_row(const struct db_res *r, struct booking_view *v)
{
	/* A newer catalog is loaded; the row itself stays right. */
	catalog_seen_text(db_val(r, 0, 0));
	const struct catalog *cat = catalog_cached();
	const struct cat_procedure *p = catalog_procedure_id(cat, db_int(r, 0, 17));
	const struct cat_device *d = catalog_device(cat, db_int(r, 0, 16));
	if (!p || !d) {
		log_error("booking %lld: procedure or device missing from the catalog", db_int(r, 0, 1));
		return false;
	}
	v->id = db_int(r, 0, 1);
	snprintf(v->ref, sizeof(v->ref), "%s", db_val(r, 0, 2));
	v->status = db_val(r, 0, 3);
	v->secret = db_val(r, 0, 4);
	v->level = db_val(r, 0, 5);
	v->channel = db_val(r, 0, 6);
	v->lang = db_val(r, 0, 7);
	v->party = (int)db_int(r, 0, 8);
	v->moved_count = (int)db_int(r, 0, 9);
	v->start = time_or_zero(r, 10);
	v->end = time_or_zero(r, 11);
	v->hold_expires = time_or_zero(r, 12);
	v->phone = db_val(r, 0, 13);
	v->email = db_val(r, 0, 14);
	v->home_insee = db_val(r, 0, 15);
	view_place(v, p, d);
	v->partner_commune_id = db_int(r, 0, 18);
	v->attendance = db_val(r, 0, 19);
	v->arrived = time_or_zero(r, 20);
	v->started = time_or_zero(r, 21);
	v->finished = time_or_zero(r, 22);
	/* Positions run from 1 to the party's size. */
	for (size_t i = 0; i < r->nrows; i++) {
		long long pos = db_int(r, i, 23);
		if (pos < 1 || pos > MAX_PARTY)
			continue;
		struct person *pp = &v->persons[pos - 1];
		pp->last_name = db_val(r, i, 24);
		pp->first_names = db_val(r, i, 25);
		pp->birth_date = db_val(r, i, 26);
		pp->predemande = db_val(r, i, 27);
		pp->ants_recheck = db_int(r, i, 28) != 0;
		if (pos > v->npersons)
			v->npersons = (int)pos;
	}
	return true;
}

bool booking_load(struct arena *a, long long id, const char *ref, struct booking_view *v)
{
	memset(v, 0, sizeof(*v));
	struct db_res r;
	/* By id or by reference: two statements, each on its own index. */
	long long n = ref ? db_exec(a, &r, LOAD_COLS " WHERE b.ref = ?", "s", ref)
			  : db_exec(a, &r, LOAD_COLS " WHERE b.id = ?", "i", id);
	return n >= 1 && view_of_row(&r, v);
}

bool booking_load_counting(struct arena *a, const char *ref, struct booking_view *v,
                           const char *bucket, const char *key_hash, int window, long long *events)
{
	memset(v, 0, sizeof(*v));
	*events = -1;
	struct db_res r;
	if (db_exec(a, &r, LOAD_COUNT_COLS " WHERE b.ref = ?", "ssis", bucket, key_hash,
		    (long long)window, ref) < 1 || !view_of_row(&r, v))
		return false;
	*events = db_int(&r, 0, 29);
	return true;
}

void booking_token(const struct booking_view *v, const char *purpose, char *out)
{
	char msg[128];
	snprintf(msg, sizeof(msg), "%s|%s|%s", purpose, v->ref, v->secret ? v->secret : "");
	crypto_hmac_hex("link", msg, out);
}

bool booking_token_ok(const struct booking_view *v, const char *purpose, const char *tok)
{
	if (!tok || strlen(tok) != 64)
		return false;
	char want[65];
	booking_token(v, purpose, want);
	return str_ct_eq(want, tok);
}
