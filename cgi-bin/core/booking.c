/* booking.c — see booking.h. */
#include "booking.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The conditional updates, one per service level: a place is taken only
 * while booked < capacity, and given back only while booked > 0. */
static const char *const take_sql[LEVEL_COUNT] = {
	"UPDATE slots SET booked_regular = booked_regular + 1 WHERE id = ? AND booked_regular < cap_regular",
	"UPDATE slots SET booked_urgent = booked_urgent + 1 WHERE id = ? AND booked_urgent < cap_urgent",
	"UPDATE slots SET booked_extreme = booked_extreme + 1 WHERE id = ? AND booked_extreme < cap_extreme",
};
static const char *const release_sql[LEVEL_COUNT] = {
	"UPDATE slots s JOIN booking_slots bs ON bs.slot_id = s.id"
	" SET s.booked_regular = s.booked_regular - 1 WHERE bs.booking_id = ? AND s.booked_regular > 0",
	"UPDATE slots s JOIN booking_slots bs ON bs.slot_id = s.id"
	" SET s.booked_urgent = s.booked_urgent - 1 WHERE bs.booking_id = ? AND s.booked_urgent > 0",
	"UPDATE slots s JOIN booking_slots bs ON bs.slot_id = s.id"
	" SET s.booked_extreme = s.booked_extreme - 1 WHERE bs.booking_id = ? AND s.booked_extreme > 0",
};
static const char *const level_names[LEVEL_COUNT] = { "regular", "urgent", "extreme" };

static enum level level_of(const char *s)
{
	for (int i = 0; i < LEVEL_COUNT; i++)
		if (str_eq(s, level_names[i]))
			return (enum level)i;
	return LEVEL_REGULAR;
}

const char *booking_identity_name(struct arena *a, const struct person *p)
{
	char *ln = text_fold(p->last_name), *fn = text_fold(p->first_names);
	const char *id = arena_printf(a, "N:%s %s|%s", ln, fn, p->birth_date);
	free(ln);
	free(fn);
	return id;
}

/* A run of k slots from first_slot on its device, checked back to back and
 * offered for the procedure. Fills ids[] and the run's instants. */
struct run {
	long long device_id, commune_id;
	long long ids[64];
	int k;
	time_t start, end;
	int min_notice_hours, horizon_days;
};

static enum book_status load_run(struct arena *a, long long first_slot, long long procedure_id,
                                 int party, struct run *run)
{
	struct db_res r;
	if (db_exec(a, &r,
		    "SELECT s.device_id, s.start_utc, TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc),"
		    " p.minutes_per_person, c.id, c.min_notice_hours, c.horizon_days, p.max_party"
		    " FROM slots s JOIN devices d ON d.id = s.device_id AND d.active = 1"
		    " JOIN sites si ON si.id = d.site_id AND si.active = 1"
		    " JOIN communes c ON c.id = si.commune_id"
		    " JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?"
		    " JOIN procedures p ON p.id = dp.procedure_id"
		    " WHERE s.id = ?",
		    "ii", procedure_id, first_slot) < 0)
		return BOOK_ERROR;
	if (r.nrows != 1)
		return BOOK_INVALID;
	if (party < 1 || party > db_int(&r, 0, 7))
		return BOOK_INVALID;
	run->device_id = db_int(&r, 0, 0);
	run->commune_id = db_int(&r, 0, 4);
	run->min_notice_hours = (int)db_int(&r, 0, 5);
	run->horizon_days = (int)db_int(&r, 0, 6);
	int k = slots_needed(party, (int)db_int(&r, 0, 3), (int)db_int(&r, 0, 2));
	if (k < 1 || k > (int)ARRAY_LEN(run->ids))
		return BOOK_INVALID;
	struct db_res s;
	if (db_exec(a, &s,
		    "SELECT id, start_utc, end_utc FROM slots WHERE device_id = ? AND start_utc >= ?"
		    " ORDER BY start_utc LIMIT ?",
		    "isi", run->device_id, db_val(&r, 0, 1), (long long)k) < 0)
		return BOOK_ERROR;
	if ((int)s.nrows != k)
		return BOOK_GONE;
	for (int i = 0; i < k; i++) {
		time_t st, en;
		if (!dt_parse_sql(db_val(&s, (size_t)i, 1), &st) || !dt_parse_sql(db_val(&s, (size_t)i, 2), &en))
			return BOOK_ERROR;
		if (i == 0)
			run->start = st;
		else if (st != run->end)
			return BOOK_GONE;      /* not back to back: the run does not fit */
		run->end = en;
		run->ids[i] = db_int(&s, (size_t)i, 0);
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

static enum book_status take_run(struct arena *a, const struct run *run, enum level lv)
{
	for (int i = 0; i < run->k; i++) {
		long long n = db_exec(a, NULL, take_sql[lv], "i", run->ids[i]);
		if (n < 0)
			return db_errno() == DB_ERR_CHECK ? BOOK_GONE : BOOK_ERROR;
		if (n == 0)
			return BOOK_GONE;
	}
	return BOOK_OK;
}

/* Inserts the (group, identity) locks of every person; on a clash reports
 * the booking that holds it. Stale locks (ended appointments) go first. */
static enum book_status lock_people(struct arena *a, long long booking_id, long long procedure_id,
                                    const struct person *ps, int n, time_t ends,
                                    struct booking_result *out)
{
	struct db_res g;
	if (db_exec(a, &g, "SELECT lock_groups FROM procedures WHERE id = ?", "i", procedure_id) < 0 || g.nrows != 1)
		return BOOK_ERROR;
	char ends_sql[20];
	dt_format_sql(ends, ends_sql);
	char *groups = arena_strdup(a, db_val(&g, 0, 0));
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
				db_exec(a, &d, "SELECT b.ref FROM person_locks l JOIN bookings b ON b.id = l.booking_id"
					" WHERE l.lock_group = ? AND l.identity = ?", "ss", grp, ids[j]);
				snprintf(out->dup_ref, sizeof(out->dup_ref), "%s", db_val(&d, 0, 0) ? db_val(&d, 0, 0) : "");
				out->dup_person = i;
				return BOOK_DUPLICATE;
			}
		}
	}
	return BOOK_OK;
}

static enum book_status create_once(struct arena *a, const struct booking_request *q,
                                    struct booking_result *out)
{
	struct run run;
	enum book_status st = load_run(a, q->first_slot_id, q->procedure_id, q->party, &run);
	if (st == BOOK_OK)
		st = check_window(&run, q->ignore_notice);
	if (st != BOOK_OK)
		return st;
	if (!db_begin())
		return BOOK_ERROR;
	st = take_run(a, &run, q->level);
	if (st != BOOK_OK)
		goto fail;

	char start_sql[20], end_sql[20], hold_sql[20];
	dt_format_sql(run.start, start_sql);
	dt_format_sql(run.end, end_sql);
	dt_format_sql(time(NULL) + (time_t)q->hold_minutes * 60, hold_sql);
	crypto_random_hex(out->secret, 16);
	/* A clash of random references is rare; try a few. */
	long long n = -1;
	for (int tries = 0; tries < 5 && n < 0; tries++) {
		crypto_random_from(out->ref, 8, REF_ALPHABET);
		n = db_exec(a, NULL,
			    "INSERT INTO bookings (ref, status, device_id, procedure_id, level, party_size,"
			    " start_utc, end_utc, channel, home_insee, contact_phone, contact_email, lang,"
			    " secret, hold_expires_utc, created_utc)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
			    "ssiisisssssssss",
			    out->ref, q->confirmed ? "confirmed" : "held", run.device_id, q->procedure_id,
			    level_names[q->level], (long long)q->party, start_sql, end_sql, q->channel,
			    q->home_insee, q->phone, q->email, q->lang, out->secret,
			    q->confirmed ? NULL : hold_sql);
		if (n < 0 && db_errno() != DB_ERR_DUP)
			break;
	}
	if (n < 0) {
		st = BOOK_ERROR;
		goto fail;
	}
	out->id = (long long)db_insert_id();
	if (q->confirmed)
		db_exec(a, NULL, "UPDATE bookings SET confirmed_utc = UTC_TIMESTAMP() WHERE id = ?", "i", out->id);
	if (q->partner_commune_id)
		db_exec(a, NULL, "UPDATE bookings SET partner_commune_id = ? WHERE id = ?", "ii",
			q->partner_commune_id, out->id);
	for (int i = 0; i < run.k; i++)
		if (db_exec(a, NULL, "INSERT INTO booking_slots (booking_id, slot_id) VALUES (?, ?)",
			    "ii", out->id, run.ids[i]) < 0) {
			st = BOOK_ERROR;
			goto fail;
		}
	for (int i = 0; i < q->party; i++) {
		const struct person *p = &q->persons[i];
		if (db_exec(a, NULL,
			    "INSERT INTO booking_persons (booking_id, position, last_name, first_names, birth_date, predemande)"
			    " VALUES (?, ?, ?, ?, ?, ?)", "iissss", out->id, (long long)i + 1,
			    p->last_name, p->first_names, p->birth_date, p->predemande) < 0) {
			st = BOOK_ERROR;
			goto fail;
		}
	}
	st = lock_people(a, out->id, q->procedure_id, q->persons, q->party, run.end, out);
	if (st != BOOK_OK)
		goto fail;
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
		st = create_once(a, q, out);
		if (st != BOOK_ERROR || !db_retryable())
			break;
	}
	return st;
}

enum book_status booking_confirm(struct arena *a, long long id)
{
	long long n = db_exec(a, NULL,
			      "UPDATE bookings SET status = 'confirmed', confirmed_utc = UTC_TIMESTAMP(),"
			      " hold_expires_utc = NULL WHERE id = ? AND status = 'held'"
			      " AND hold_expires_utc > UTC_TIMESTAMP()", "i", id);
	if (n < 0)
		return BOOK_ERROR;
	if (n == 1)
		return BOOK_OK;
	struct db_res r;
	db_exec(a, &r, "SELECT status FROM bookings WHERE id = ?", "i", id);
	if (str_eq(db_val(&r, 0, 0), "confirmed"))
		return BOOK_OK;
	return BOOK_EXPIRED;
}

/* Within a transaction: gives back the places and the identities. */
static bool release(struct arena *a, long long id, enum level lv)
{
	/* The booking row keeps its device and times; its slot links go, so
	 * a slot nobody holds can be dropped when the rules change. */
	return db_exec(a, NULL, release_sql[lv], "i", id) >= 0 &&
	       db_exec(a, NULL, "DELETE FROM booking_slots WHERE booking_id = ?", "i", id) >= 0 &&
	       db_exec(a, NULL, "DELETE FROM person_locks WHERE booking_id = ?", "i", id) >= 0;
}

static bool lock_booking(struct arena *a, long long id, struct db_res *r)
{
	return db_exec(a, r, "SELECT b.status, b.level, b.start_utc, c.cancel_limit_hours,"
		       " b.procedure_id, b.party_size"
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

enum book_status booking_cancel(struct arena *a, long long id, const char *by, bool enforce_limit,
                                booking_hook hook, void *ctx)
{
	for (int attempt = 0; attempt < 4; attempt++) {
		if (!db_begin())
			return BOOK_ERROR;
		struct db_res r;
		enum book_status st = BOOK_OK;
		if (!lock_booking(a, id, &r))
			st = db_errno() ? BOOK_ERROR : BOOK_INVALID;
		else if (!str_eq(db_val(&r, 0, 0), "confirmed") && !str_eq(db_val(&r, 0, 0), "held"))
			st = BOOK_STATE;
		else if (enforce_limit && too_late(&r))
			st = BOOK_TOO_LATE;
		else if (!release(a, id, level_of(db_val(&r, 0, 1))) ||
			 db_exec(a, NULL, "UPDATE bookings SET status = 'cancelled', cancelled_utc = UTC_TIMESTAMP(),"
				 " cancelled_by = ?, hold_expires_utc = NULL WHERE id = ?", "si", by, id) < 0 ||
			 (hook && !hook(ctx, a, id)))
			st = BOOK_ERROR;
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
	enum level lv = level_of(db_val(&r, 0, 1));
	st = load_run(a, new_first, db_int(&r, 0, 4), (int)db_int(&r, 0, 5), &run);
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
	if (db_exec(a, NULL, release_sql[lv], "i", id) < 0 ||
	    db_exec(a, NULL, "DELETE FROM booking_slots WHERE booking_id = ?", "i", id) < 0) {
		st = BOOK_ERROR;
		goto fail;
	}
	for (int i = 0; i < run.k; i++)
		if (db_exec(a, NULL, "INSERT INTO booking_slots (booking_id, slot_id) VALUES (?, ?)",
			    "ii", id, run.ids[i]) < 0) {
			st = BOOK_ERROR;
			goto fail;
		}
	if (db_exec(a, NULL, "UPDATE bookings SET device_id = ?, start_utc = ?, end_utc = ?,"
		    " moved_count = moved_count + 1 WHERE id = ?", "issi", run.device_id, start_sql, end_sql, id) < 0 ||
	    db_exec(a, NULL, "UPDATE person_locks SET ends_utc = ? WHERE booking_id = ?", "si", end_sql, id) < 0 ||
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

int booking_expire_holds(struct arena *a)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT id FROM bookings WHERE status = 'held' AND hold_expires_utc <= UTC_TIMESTAMP()"
		    " LIMIT 500", "") < 0)
		return 0;
	int done = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		long long id = db_int(&r, i, 0);
		if (!db_begin())
			break;
		struct db_res b;
		/* Re-check under the row lock: it may have been confirmed since. */
		if (db_exec(a, &b, "SELECT level FROM bookings WHERE id = ? AND status = 'held'"
			    " AND hold_expires_utc <= UTC_TIMESTAMP() FOR UPDATE", "i", id) >= 0 && b.nrows == 1 &&
		    release(a, id, level_of(db_val(&b, 0, 0))) &&
		    db_exec(a, NULL, "UPDATE bookings SET status = 'expired', hold_expires_utc = NULL WHERE id = ?",
			    "i", id) >= 0) {
			if (db_commit())
				done++;
		} else
			db_rollback();
	}
	return done;
}

bool booking_load(struct arena *a, long long id, const char *ref, struct booking_view *v)
{
	memset(v, 0, sizeof(*v));
	struct db_res r;
	long long n = db_exec(a, &r,
		"SELECT b.id, b.ref, b.status, b.secret, b.level, b.channel, b.lang, b.party_size,"
		" b.moved_count, b.start_utc, b.end_utc, b.hold_expires_utc, b.contact_phone,"
		" b.contact_email, b.home_insee, p.code, p.name_fr, p.name_en, p.documents_fr, p.documents_en,"
		" si.name, si.address, si.postcode, si.city, si.access_info, c.name, c.phone, c.email,"
		" d.name, si.lat, si.lon, c.cancel_limit_hours, b.device_id, b.procedure_id, si.id, c.id,"
		" b.partner_commune_id, b.attendance, b.arrived_utc, b.started_utc, b.finished_utc"
		" FROM bookings b JOIN procedures p ON p.id = b.procedure_id"
		" JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id"
		" JOIN communes c ON c.id = si.commune_id"
		" WHERE (b.id = ? OR b.ref = ?)",
		"is", id, ref ? ref : "");
	if (n != 1)
		return false;
	bool en = str_eq(getenv("LANGUAGE"), "en");
	v->id = db_int(&r, 0, 0);
	snprintf(v->ref, sizeof(v->ref), "%s", db_val(&r, 0, 1));
	v->status = db_val(&r, 0, 2);
	v->secret = db_val(&r, 0, 3);
	v->level = db_val(&r, 0, 4);
	v->channel = db_val(&r, 0, 5);
	v->lang = db_val(&r, 0, 6);
	v->party = (int)db_int(&r, 0, 7);
	v->moved_count = (int)db_int(&r, 0, 8);
	dt_parse_sql(db_val(&r, 0, 9), &v->start);
	dt_parse_sql(db_val(&r, 0, 10), &v->end);
	if (db_val(&r, 0, 11))
		dt_parse_sql(db_val(&r, 0, 11), &v->hold_expires);
	v->phone = db_val(&r, 0, 12);
	v->email = db_val(&r, 0, 13);
	v->home_insee = db_val(&r, 0, 14);
	v->procedure_code = db_val(&r, 0, 15);
	v->procedure_name = db_val(&r, 0, en ? 17 : 16);
	v->documents = db_val(&r, 0, en ? 19 : 18);
	v->site_name = db_val(&r, 0, 20);
	v->address = db_val(&r, 0, 21);
	v->postcode = db_val(&r, 0, 22);
	v->city = db_val(&r, 0, 23);
	v->access_info = db_val(&r, 0, 24);
	v->commune_name = db_val(&r, 0, 25);
	v->commune_phone = db_val(&r, 0, 26);
	v->commune_email = db_val(&r, 0, 27);
	v->device_name = db_val(&r, 0, 28);
	v->lat = db_double(&r, 0, 29);
	v->lon = db_double(&r, 0, 30);
	v->cancel_limit_hours = (int)db_int(&r, 0, 31);
	v->device_id = db_int(&r, 0, 32);
	v->procedure_id = db_int(&r, 0, 33);
	v->site_id = db_int(&r, 0, 34);
	v->commune_id = db_int(&r, 0, 35);
	v->partner_commune_id = db_int(&r, 0, 36);
	v->attendance = db_val(&r, 0, 37);
	if (db_val(&r, 0, 38))
		dt_parse_sql(db_val(&r, 0, 38), &v->arrived);
	if (db_val(&r, 0, 39))
		dt_parse_sql(db_val(&r, 0, 39), &v->started);
	if (db_val(&r, 0, 40))
		dt_parse_sql(db_val(&r, 0, 40), &v->finished);
	struct db_res p;
	db_exec(a, &p, "SELECT last_name, first_names, birth_date, predemande FROM booking_persons"
		" WHERE booking_id = ? ORDER BY position", "i", v->id);
	for (size_t i = 0; i < p.nrows && i < MAX_PARTY; i++) {
		v->persons[i].last_name = db_val(&p, i, 0);
		v->persons[i].first_names = db_val(&p, i, 1);
		v->persons[i].birth_date = db_val(&p, i, 2);
		v->persons[i].predemande = db_val(&p, i, 3);
		v->npersons++;
	}
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
