/* waitlist.c — see waitlist.h. */
#include "waitlist.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "message.h"
#include "otp.h"
#include "outbox.h"
#include "ratelimit.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ messages */

/* Queues a waiting-list message: the code by its one channel, the others
 * to every contact (a landline is never texted). b: the offered booking. */
static bool queue_msg(struct arena *a, const struct waitlist_view *v, enum msg_kind kind, const char *code,
                      const struct booking_view *b, long long offer_id, const char *base_url)
{
	bool mobile = v->phone && phone_is_mobile(v->phone);
	bool sms = mobile, email = v->email != NULL;
	if (kind == MSG_WAIT_CODE) {
		sms = mobile && (str_eq(v->channel, "sms") || !v->email);
		email = !sms && v->email;
	}
	if (!sms && !email)
		return true;
	struct msg_values mv;
	memset(&mv, 0, sizeof(mv));
	mv.kind = kind;
	mv.lang = str_eq(v->lang, "en") ? "en" : "fr";
	mv.parts = (sms ? MSG_PART_SMS : 0) | (email ? MSG_PART_EMAIL : 0);
	mv.ref = v->ref;
	mv.code = code;
	mv.procedure = v->procedure_name;
	mv.party = v->party;
	mv.base_url = base_url ? base_url : "";
	mv.leave_url = waitlist_entry_url(a, v, base_url);
	time_t deadline = 0;
	const char *idem;
	if (b) {
		bool en = str_eq(mv.lang, "en");
		mv.ref = b->ref;
		mv.procedure = b->procedure_names[en] ? b->procedure_names[en] : b->procedure_name;
		mv.start = b->start;
		mv.end = b->end;
		for (int i = 0; i < b->npersons && i < MSG_MAX_PERSONS; i++)
			mv.persons[mv.npersons++] = arena_printf(a, "%s %s", b->persons[i].first_names,
								 b->persons[i].last_name);
		mv.site = b->site_name;
		mv.address = b->address;
		mv.postcode = b->postcode;
		mv.city = b->city;
		mv.access_info = b->access_info;
		mv.commune = b->commune_name;
		mv.commune_phone = b->commune_phone;
		mv.commune_email = b->commune_email;
		mv.offer_url = waitlist_offer_url(a, v, offer_id, base_url);
		mv.until = b->hold_expires;
		deadline = b->hold_expires;
		idem = arena_printf(a, "wait_offer:%lld", offer_id);
	} else if (kind == MSG_WAIT_CODE) {
		char nonce[17];
		crypto_random_hex(nonce, 8);
		idem = arena_printf(a, "wait_code:%lld:%s", v->id, nonce);
		deadline = time(NULL) + OTP_TTL;
		mv.leave_url = NULL;        /* not on the list yet */
	} else
		idem = arena_printf(a, "wait_joined:%lld", v->id);
	struct msg_rendered r;
	if (!msg_render(a, &mv, &r))
		return false;
	struct outbox_new m = {
		.kind = msg_kind_name(kind), .lang = mv.lang, .booking_id = b ? b->id : 0,
		.commune_id = b ? b->commune_id : v->commune_id, .deadline = deadline,
	};
	bool ok = true;
	if (sms) {
		m.idem_key = kind == MSG_WAIT_CODE ? idem : arena_printf(a, "%s:sms", idem);
		m.channel = "sms";
		m.recipient = v->phone;
		m.body = r.sms;
		ok = outbox_insert(a, &m);
	}
	if (email) {
		m.idem_key = kind == MSG_WAIT_CODE ? idem : arena_printf(a, "%s:email", idem);
		m.channel = "email";
		m.recipient = v->email;
		m.subject = r.subject;
		m.body = r.text;
		m.body_html = r.html;
		ok = outbox_insert(a, &m) && ok;
	}
	return ok;
}

static bool event(struct arena *a, long long commune_id, const char *kind)
{
	return db_exec(a, NULL, "INSERT INTO waitlist_events (commune_id, kind, at_utc) VALUES (?, ?, UTC_TIMESTAMP())",
		       "is", commune_id, kind) >= 0;
}

/* ---------------------------------------------------------------- links */

void waitlist_token(const struct waitlist_view *v, const char *purpose, char *out)
{
	char msg[128], mac[65];
	snprintf(msg, sizeof(msg), "%s|%s|%s", purpose, v->ref, v->secret ? v->secret : "");
	crypto_hmac_hex("waitlist", msg, mac);
	snprintf(out, 25, "%.24s", mac);
}

bool waitlist_token_ok(const struct waitlist_view *v, const char *purpose, const char *tok)
{
	if (!tok || strlen(tok) != 24)
		return false;
	char want[25];
	waitlist_token(v, purpose, want);
	return str_ct_eq(want, tok);
}

const char *waitlist_entry_url(struct arena *a, const struct waitlist_view *v, const char *base_url)
{
	char tok[25];
	waitlist_token(v, "entry", tok);
	return arena_printf(a, "%s/liste/%s?t=%s", base_url ? base_url : "", v->ref, tok);
}

const char *waitlist_offer_url(struct arena *a, const struct waitlist_view *v, long long offer_id,
                               const char *base_url)
{
	char tok[25], purpose[40];
	snprintf(purpose, sizeof(purpose), "offer:%lld", offer_id);
	waitlist_token(v, purpose, tok);
	return arena_printf(a, "%s/liste/%s/offre/%lld?t=%s", base_url ? base_url : "", v->ref, offer_id, tok);
}

/* ----------------------------------------------------------------- join */

static void code_hash(const char *ref, const char *code, char *out)
{
	char msg[64];
	snprintf(msg, sizeof(msg), "%s|%s", ref, code);
	crypto_hmac_hex("waitlist-code", msg, out);
}

enum wait_status waitlist_join(struct arena *a, const struct waitlist_new *n, struct waitlist_view *out,
                               char *code)
{
	const char *contact = str_eq(n->channel, "sms") ? n->phone : n->email;
	char kh[65], ref[9], secret[33], h[65], exp[20];
	ratelimit_key(contact ? contact : "", kh);
	crypto_random_from(ref, 8, REF_ALPHABET);
	crypto_random_hex(secret, 16);
	crypto_code6(code);
	code_hash(ref, code, h);
	dt_format_sql(time(NULL) + OTP_TTL, exp);
	if (!db_begin())
		return WAIT_ERROR;
	struct db_res c, s;
	if (db_exec(a, &c, "SELECT COUNT(*), COALESCE(SUM(procedure_id = ?), 0) FROM waitlist WHERE contact_key = ?"
		    " AND status IN ('active', 'offered')", "is", n->procedure_id, kh) < 0 ||
	    db_exec(a, &s, "SELECT commune_id FROM sites WHERE id = ?", "i", n->site_ids[0]) < 0 || s.nrows != 1)
		goto fail;
	if (db_int(&c, 0, 1) > 0 || db_int(&c, 0, 0) >= WAITLIST_PER_CONTACT) {
		db_rollback();
		return db_int(&c, 0, 1) > 0 ? WAIT_EXISTS : WAIT_TOO_MANY;
	}
	long long commune = db_int(&s, 0, 0);
	if (db_exec(a, NULL, "INSERT INTO waitlist (ref, status, procedure_id, party_size, commune_id, radius_km,"
		    " date_from, date_to, contact_phone, contact_email, channel, contact_key, lang, secret, code_hash,"
		    " code_expires_utc, created_utc) VALUES (?, 'pending_code', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " UTC_TIMESTAMP())", "siiiissssssssss", ref, n->procedure_id, (long long)n->party, commune,
		    (long long)n->radius_km, n->date_from, n->date_to, n->phone, n->email, n->channel, kh,
		    n->lang, secret, h, exp) < 0)
		goto fail;
	long long id = (long long)db_insert_id();
	for (int i = 0; i < n->nsites; i++)
		if (db_exec(a, NULL, "INSERT IGNORE INTO waitlist_sites (waitlist_id, site_id) VALUES (?, ?)", "ii",
			    id, n->site_ids[i]) < 0)
			goto fail;
	for (int i = 0; i < n->party; i++) {
		const struct person *p = &n->persons[i];
		if (db_exec(a, NULL, "INSERT INTO waitlist_persons (waitlist_id, position, last_name, first_names,"
			    " birth_date, predemande) VALUES (?, ?, ?, ?, ?, ?)", "iissss", id, (long long)i + 1,
			    p->last_name, p->first_names, p->birth_date, p->predemande) < 0)
			goto fail;
	}
	if (!ratelimit_record(a, "code_send", contact))
		goto fail;
	bool err = false;
	if (!waitlist_load(a, ref, out, &err) || !queue_msg(a, out, MSG_WAIT_CODE, code, NULL, 0, n->base_url) ||
	    !db_commit())
		goto fail;
	return WAIT_OK;
fail:
	db_rollback();
	return WAIT_ERROR;
}

bool waitlist_load(struct arena *a, const char *ref, struct waitlist_view *v, bool *err)
{
	memset(v, 0, sizeof(*v));
	*err = false;
	struct db_res r;
	/* The entry, then one row per site (a join, no GROUP_CONCAT). */
	if (db_exec(a, &r, "SELECT w.id, w.ref, w.status, w.secret, w.lang, w.channel, w.contact_phone, w.contact_email,"
		    " w.procedure_id, p.code, IF(w.lang = 'en', p.name_en, p.name_fr), w.party_size,"
		    " COALESCE(w.radius_km, 0), w.offers_made, w.date_from, w.date_to, w.code_expires_utc,"
		    " w.code_attempts, w.code_hash, w.commune_id, si.name,"
		    " (SELECT MAX(o.id) FROM waitlist_offers o WHERE o.waitlist_id = w.id AND o.status = 'offered')"
		    " FROM waitlist w JOIN procedures p ON p.id = w.procedure_id"
		    " LEFT JOIN waitlist_sites ws ON ws.waitlist_id = w.id LEFT JOIN sites si ON si.id = ws.site_id"
		    " WHERE w.ref = ? ORDER BY si.name", "s", ref) < 0) {
		*err = true;
		return false;
	}
	if (r.nrows == 0)
		return false;
	v->id = db_int(&r, 0, 0);
	snprintf(v->ref, sizeof(v->ref), "%s", db_val(&r, 0, 1));
	v->status = db_val(&r, 0, 2);
	v->secret = db_val(&r, 0, 3);
	v->lang = db_val(&r, 0, 4);
	v->channel = db_val(&r, 0, 5);
	v->phone = db_val(&r, 0, 6);
	v->email = db_val(&r, 0, 7);
	v->procedure_id = db_int(&r, 0, 8);
	v->procedure_code = db_val(&r, 0, 9);
	v->procedure_name = db_val(&r, 0, 10);
	v->party = (int)db_int(&r, 0, 11);
	v->radius_km = (int)db_int(&r, 0, 12);
	v->offers_made = (int)db_int(&r, 0, 13);
	v->date_from = db_val(&r, 0, 14);
	v->date_to = db_val(&r, 0, 15);
	if (db_val(&r, 0, 16))
		dt_parse_sql(db_val(&r, 0, 16), &v->code_expires);
	v->code_attempts = (int)db_int(&r, 0, 17);
	v->code_hash = db_val(&r, 0, 18);
	v->commune_id = db_int(&r, 0, 19);
	v->offer_id = db_int(&r, 0, 21);
	for (size_t i = 0; i < r.nrows && v->nsites < WAITLIST_MAX_SITES; i++)
		if (db_val(&r, i, 20))
			v->site_names[v->nsites++] = db_val(&r, i, 20);
	return true;
}

enum wait_code waitlist_confirm_code(struct arena *a, const struct waitlist_view *v, const char *code,
                                     const char *remote_addr, const char *base_url, int *left)
{
	*left = 0;
	char h[65];
	code_hash(v->ref, code, h);
	if (!db_begin())
		return WCODE_ERROR;
	struct db_res r;
	if (db_exec(a, &r, "SELECT status, code_hash, code_attempts, code_expires_utc > UTC_TIMESTAMP()"
		    " FROM waitlist WHERE id = ? FOR UPDATE", "i", v->id) < 0 || r.nrows != 1)
		goto fail;
	enum wait_code st;
	if (!str_eq(db_val(&r, 0, 0), "pending_code")) {
		db_rollback();
		return str_eq(db_val(&r, 0, 0), "active") || str_eq(db_val(&r, 0, 0), "offered") ? WCODE_OK : WCODE_EXPIRED;
	}
	int attempts = (int)db_int(&r, 0, 2);
	if (attempts >= OTP_MAX_TRIES) {
		db_rollback();
		return WCODE_LOCKED;
	}
	if (!db_val(&r, 0, 1) || !db_int(&r, 0, 3)) {
		db_rollback();
		return WCODE_EXPIRED;
	}
	if (str_ct_eq(h, db_val(&r, 0, 1))) {
		struct waitlist_view now = *v;
		now.status = "active";
		if (db_exec(a, NULL, "UPDATE waitlist SET status = 'active', activated_utc = UTC_TIMESTAMP(),"
			    " code_hash = NULL WHERE id = ?", "i", v->id) < 0 ||
		    !event(a, v->commune_id, "joined") || !queue_msg(a, &now, MSG_WAIT_JOINED, NULL, NULL, 0, base_url))
			goto fail;
		st = WCODE_OK;
	} else {
		attempts++;
		if (db_exec(a, NULL, "UPDATE waitlist SET code_attempts = ? WHERE id = ?", "ii", (long long)attempts,
			    v->id) < 0 || !ratelimit_record(a, "code_try", remote_addr ? remote_addr : ""))
			goto fail;
		*left = OTP_MAX_TRIES - attempts;
		st = *left > 0 ? WCODE_WRONG : WCODE_LOCKED;
	}
	if (db_commit())
		return st;
fail:
	db_rollback();
	return WCODE_ERROR;
}

/* ---------------------------------------------------------------- leave */

bool waitlist_leave(struct arena *a, const struct waitlist_view *v, bool *ended)
{
	*ended = false;
	if (!db_begin())
		return false;
	struct db_res r, o;
	if (db_exec(a, &r, "SELECT status FROM waitlist WHERE id = ? FOR UPDATE", "i", v->id) < 0 || r.nrows != 1)
		goto fail;
	const char *st = db_val(&r, 0, 0);
	if (str_eq(st, "booked") || str_eq(st, "left") || str_eq(st, "expired")) {
		db_rollback();
		*ended = true;
		return true;
	}
	if (db_exec(a, &o, "SELECT booking_id FROM waitlist_offers WHERE waitlist_id = ? AND status = 'offered'",
		    "i", v->id) < 0 ||
	    db_exec(a, NULL, "UPDATE waitlist_offers SET status = 'expired' WHERE waitlist_id = ? AND status = 'offered'",
		    "i", v->id) < 0 ||
	    db_exec(a, NULL, "UPDATE waitlist SET status = 'left', ended_utc = UTC_TIMESTAMP() WHERE id = ?",
		    "i", v->id) < 0 ||
	    (!str_eq(st, "pending_code") && !event(a, v->commune_id, "left")) || !db_commit())
		goto fail;
	/* The held places go back at once (else when the hold runs out). */
	for (size_t i = 0; i < o.nrows; i++)
		booking_give_up(a, db_int(&o, i, 0));
	return true;
fail:
	db_rollback();
	return false;
}

/* ---------------------------------------------------------------- offers */

int waitlist_offer_get(struct arena *a, const struct waitlist_view *v, long long offer_id,
                       struct waitlist_offer *o)
{
	memset(o, 0, sizeof(*o));
	struct db_res r;
	if (db_exec(a, &r, "SELECT id, booking_id, status, expires_utc FROM waitlist_offers WHERE id = ?"
		    " AND waitlist_id = ?", "ii", offer_id, v->id) < 0)
		return -1;
	if (r.nrows != 1)
		return 0;
	o->id = db_int(&r, 0, 0);
	o->booking_id = db_int(&r, 0, 1);
	o->status = db_val(&r, 0, 2);
	dt_parse_sql(db_val(&r, 0, 3), &o->expires);
	if (!booking_load(a, o->booking_id, NULL, &o->booking))
		return db_failed() ? -1 : 0;
	return 1;
}

enum wait_take waitlist_take(struct arena *a, const struct waitlist_view *v, struct waitlist_offer *o,
                             const char *base_url)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		if (!db_begin())
			return WTAKE_ERROR;
		enum book_status bs = booking_confirm(a, &o->booking);
		if (bs == BOOK_EXPIRED) {
			db_rollback();
			return WTAKE_GONE;
		}
		bool ok = bs == BOOK_OK &&
			  db_exec(a, NULL, "UPDATE waitlist_offers SET status = 'taken' WHERE id = ? AND status = 'offered'",
				  "i", o->id) >= 0 &&
			  db_exec(a, NULL, "UPDATE waitlist SET status = 'booked', ended_utc = UTC_TIMESTAMP()"
				  " WHERE id = ? AND status = 'offered'", "i", v->id) >= 0 &&
			  event(a, o->booking.commune_id, "taken");
		if (ok) {
			o->booking.status = "confirmed";
			o->booking.hold_expires = 0;
			ok = outbox_booking(a, &o->booking, "confirmed", NULL, NULL, base_url);
		}
		if (ok && db_commit())
			return WTAKE_OK;
		db_rollback();
		if (!db_retryable())
			break;
	}
	return WTAKE_ERROR;
}

/* The worker's side. */

struct offer_ctx {
	const struct waitlist_view *v;
	const struct booking_result *res;
	long long commune_id;
	const char *base_url;
};

/* Inside the hold's transaction: the offer, the entry's count and the
 * message are stored with the hold, or nothing is. */
static bool offer_hook(void *p, struct arena *a, long long booking_id)
{
	struct offer_ctx *c = p;
	char exp[20];
	dt_format_sql(c->res->view.hold_expires, exp);
	if (db_exec(a, NULL, "INSERT INTO waitlist_offers (waitlist_id, booking_id, commune_id, expires_utc, created_utc)"
		    " VALUES (?, ?, ?, ?, UTC_TIMESTAMP())", "iiis", c->v->id, booking_id, c->commune_id, exp) < 0)
		return false;
	long long offer_id = (long long)db_insert_id();
	return db_exec(a, NULL, "UPDATE waitlist SET status = 'offered', offers_made = offers_made + 1,"
		       " last_offer_utc = UTC_TIMESTAMP() WHERE id = ? AND status = 'active'", "i", c->v->id) == 1 &&
	       event(a, c->commune_id, "offered") &&
	       queue_msg(a, c->v, MSG_WAIT_OFFER, NULL, &c->res->view, offer_id, c->base_url);
}

static bool quiet_now(int from, int to, int hour)
{
	if (from == to)
		return false;
	return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

/* UTC instant of local midnight starting the day ymd, plus days. */
static bool day_start(const char *ymd, int plus, char *out)
{
	int y, m, d;
	time_t t;
	if (!dt_parse_ymd(ymd, &y, &m, &d))
		return false;
	dt_add_days(&y, &m, &d, plus);
	if (!dt_local_to_utc(y, m, d, 0, 0, &t))
		return false;
	dt_format_sql(t, out);
	return true;
}

/* The earliest free run that fits the entry at a site whose commune is
 * not in its quiet hours: its first slot (0 for none), the commune and
 * its offer minutes. */
static long long find_run(struct arena *a, const struct waitlist_view *v, int minutes_pp, long long *commune,
                          int *offer_minutes)
{
	char from[20], until[20];
	if (!day_start(v->date_from, 0, from) || !day_start(v->date_to, 1, until))
		return 0;
	struct db_res r;
	if (db_exec(a, &r, "SELECT s.id, s.device_id, s.start_utc, s.end_utc, si.commune_id,"
		    " TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc), c.quiet_from_hour, c.quiet_to_hour,"
		    " c.waitlist_offer_minutes"
		    " FROM waitlist_sites ws JOIN sites si ON si.id = ws.site_id AND si.active = 1"
		    " JOIN communes c ON c.id = si.commune_id"
		    " JOIN devices d ON d.site_id = si.id AND d.active = 1"
		    " JOIN device_procedures dp ON dp.device_id = d.id AND dp.procedure_id = ?"
		    " JOIN slots s ON s.device_id = d.id"
		    " WHERE ws.waitlist_id = ? AND s.start_utc >= ? AND s.start_utc < ?"
		    " AND s.start_utc > UTC_TIMESTAMP() + INTERVAL GREATEST(c.waitlist_min_hours, c.min_notice_hours) HOUR"
		    " AND s.start_utc < UTC_TIMESTAMP() + INTERVAL c.horizon_days DAY"
		    " AND s.cap_regular > s.booked_regular ORDER BY s.device_id, s.start_utc LIMIT 5000",
		    "iiss", v->procedure_id, v->id, from, until) < 0)
		return -1;
	struct tm lt;
	dt_utc_to_local(time(NULL), &lt);
	long long best = 0;
	time_t best_start = 0;
	for (size_t i = 0; i < r.nrows;) {
		size_t next, first = i;
		struct free_slot *fs = booking_device_rows(&r, i, &next);
		int k = slots_needed(v->party, minutes_pp, (int)db_int(&r, first, 5));
		long at = quiet_now((int)db_int(&r, first, 6), (int)db_int(&r, first, 7), lt.tm_hour)
			  ? -1 : slots_find_run(fs, next - first, k);
		if (at >= 0 && (!best || fs[at].start < best_start)) {
			best = fs[at].id;
			best_start = fs[at].start;
			*commune = db_int(&r, first + (size_t)at, 4);
			*offer_minutes = (int)db_int(&r, first + (size_t)at, 8);
		}
		free(fs);
		i = next;
	}
	return best;
}

/* An entry's offer: a hold on the run for its people. */
static enum book_status make_offer(struct arena *a, const struct waitlist_view *v, long long first_slot,
                                   long long commune, int minutes, const char *base_url)
{
	struct db_res p;
	if (db_exec(a, &p, "SELECT last_name, first_names, birth_date, predemande FROM waitlist_persons"
		    " WHERE waitlist_id = ? ORDER BY position", "i", v->id) < 0 || p.nrows != (size_t)v->party)
		return BOOK_ERROR;
	struct booking_request q;
	memset(&q, 0, sizeof(q));
	for (int i = 0; i < v->party; i++) {
		q.persons[i].last_name = db_val(&p, (size_t)i, 0);
		q.persons[i].first_names = db_val(&p, (size_t)i, 1);
		q.persons[i].birth_date = db_val(&p, (size_t)i, 2);
		q.persons[i].predemande = db_val(&p, (size_t)i, 3);
		/* Checked with ANTS when joining, perhaps weeks ago: again
		 * before the number is declared. */
		q.persons[i].ants_recheck = q.persons[i].predemande != NULL;
	}
	q.first_slot_id = first_slot;
	q.procedure_id = v->procedure_id;
	q.party = v->party;
	q.level = LEVEL_REGULAR;
	q.channel = "web";
	q.phone = v->phone;
	q.email = v->email;
	q.lang = v->lang;
	q.hold_minutes = minutes > 0 ? minutes : 30;
	struct booking_result res;
	struct offer_ctx c = { v, &res, commune, base_url };
	q.before_commit = offer_hook;
	q.ctx = &c;
	enum book_status st = booking_create(a, &q, &res);
	if (st == BOOK_OK)
		log_info("waiting list %s: offer held as booking %s", v->ref, res.ref);
	return st;
}

/* Offers whose hold ended unconfirmed: the entry waits again, or ends
 * after its last offer or its window. */
static void close_offers(struct arena *a, const char *today)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT o.id, o.waitlist_id, w.commune_id, w.offers_made >= ? OR w.date_to < ?"
		    " FROM waitlist_offers o JOIN bookings b ON b.id = o.booking_id JOIN waitlist w ON w.id = o.waitlist_id"
		    " WHERE o.status = 'offered' AND b.status IN ('expired', 'cancelled') LIMIT 500",
		    "is", (long long)WAITLIST_MAX_OFFERS, today) < 0)
		return;
	for (size_t i = 0; i < r.nrows; i++) {
		bool ends = db_int(&r, i, 3) != 0;
		if (!db_begin())
			return;
		long long n = db_exec(a, NULL, "UPDATE waitlist_offers SET status = 'expired' WHERE id = ? AND status = 'offered'",
				      "i", db_int(&r, i, 0));
		bool ok = n >= 0;
		if (n == 1)
			ok = db_exec(a, NULL, "UPDATE waitlist SET status = IF(?, 'expired', 'active'),"
				     " ended_utc = IF(?, UTC_TIMESTAMP(), NULL) WHERE id = ? AND status = 'offered'",
				     "iii", (long long)ends, (long long)ends, db_int(&r, i, 1)) >= 0 &&
			     (!ends || event(a, db_int(&r, i, 2), "expired"));
		if (!ok || !db_commit())
			db_rollback();
	}
}

static int round_locked(struct arena *a, const char *base_url, int max)
{
	int y, m, d;
	dt_today_local(&y, &m, &d);
	char today[11];
	snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
	close_offers(a, today);
	/* Windows that passed. */
	if (db_begin()) {
		bool ok = db_exec(a, NULL, "INSERT INTO waitlist_events (commune_id, kind, at_utc) SELECT commune_id,"
				  " 'expired', UTC_TIMESTAMP() FROM waitlist WHERE status = 'active' AND date_to < ?",
				  "s", today) >= 0 &&
			  db_exec(a, NULL, "UPDATE waitlist SET status = 'expired', ended_utc = UTC_TIMESTAMP()"
				  " WHERE status = 'active' AND date_to < ?", "s", today) >= 0;
		if (!ok || !db_commit())
			db_rollback();
	}
	/* The waiting entries in the order they joined. */
	struct db_res c;
	if (db_exec(a, &c, "SELECT w.ref, p.minutes_per_person FROM waitlist w JOIN procedures p ON p.id = w.procedure_id"
		    " WHERE w.status = 'active' AND w.offers_made < ?"
		    " AND (w.last_offer_utc IS NULL OR w.last_offer_utc <= UTC_TIMESTAMP() - INTERVAL ? HOUR)"
		    " ORDER BY w.id LIMIT 200", "ii", (long long)WAITLIST_MAX_OFFERS,
		    (long long)WAITLIST_OFFER_GAP_HOURS) < 0)
		return -1;
	int made = 0;
	for (size_t i = 0; i < c.nrows && made < max; i++) {
		struct waitlist_view v;
		bool err;
		if (!waitlist_load(a, db_val(&c, i, 0), &v, &err) || !str_eq(v.status, "active"))
			continue;
		long long commune = 0;
		int minutes = 30;
		long long first = find_run(a, &v, (int)db_int(&c, i, 1), &commune, &minutes);
		if (first < 0)
			return made;
		if (first == 0)
			continue;
		switch (make_offer(a, &v, first, commune, minutes, base_url)) {
		case BOOK_OK:
			made++;
			break;
		case BOOK_DUPLICATE:
			/* A person of the entry has an appointment meanwhile: the
			 * list has nothing more to offer them. */
			if (db_begin() &&
			    db_exec(a, NULL, "UPDATE waitlist SET status = 'expired', ended_utc = UTC_TIMESTAMP()"
				    " WHERE id = ? AND status = 'active'", "i", v.id) >= 0 &&
			    event(a, v.commune_id, "expired") && db_commit())
				log_info("waiting list %s ended: a person already has an appointment", v.ref);
			else
				db_rollback();
			break;
		default:
			break;          /* taken meanwhile, or refused: the next round sees */
		}
	}
	return made;
}

int waitlist_round(struct arena *a, const char *base_url, int max)
{
	struct db_res l;
	if (db_exec(a, &l, "SELECT GET_LOCK('creneau_waitlist', 0)", "") < 0)
		return -1;
	if (db_int(&l, 0, 0) != 1)
		return 0;       /* another worker is at it */
	int made = round_locked(a, base_url, max);
	db_exec(a, NULL, "SELECT RELEASE_LOCK('creneau_waitlist')", "");
	return made;
}

long waitlist_site_count(struct arena *a, long long site_id)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT COUNT(*) FROM waitlist_sites ws JOIN waitlist w ON w.id = ws.waitlist_id"
		    " WHERE ws.site_id = ? AND w.status IN ('active', 'offered')", "i", site_id) < 0)
		return -1;
	return (long)db_int(&r, 0, 0);
}
