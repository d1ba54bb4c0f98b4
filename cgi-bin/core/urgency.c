/* urgency.c — see urgency.h. */
#include "urgency.h"
#include "audit.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "message.h"
#include "otp.h"
#include "outbox.h"
#include "ratelimit.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

const char *const urgency_reasons[URGENCY_NREASONS] = { "expiring", "travel", "lost", "health" };

const char *urgency_reason_label(const char *code)
{
	if (str_eq(code, "expiring"))
		return _("Titre expirant prochainement");
	if (str_eq(code, "travel"))
		return _("Voyage avec justificatif");
	if (str_eq(code, "lost"))
		return _("Perte ou vol du titre");
	if (str_eq(code, "health"))
		return _("Raison de santé");
	return "";
}

bool urgency_reason_valid(const char *code)
{
	for (int i = 0; i < URGENCY_NREASONS; i++)
		if (str_eq(code, urgency_reasons[i]))
			return true;
	return false;
}

bool urgency_reason_dated(const char *code)
{
	return str_eq(code, "expiring") || str_eq(code, "travel");
}

bool urgency_record(struct arena *a, long long booking_id, const char *reason, const char *detail,
                    long long staff_id, long long request_id)
{
	return db_exec(a, NULL, "INSERT INTO booking_urgency (booking_id, reason, detail, granted_by, granted_utc,"
		       " request_id) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), NULLIF(?, 0))", "issii", booking_id, reason,
		       detail, staff_id, request_id) >= 0;
}

int urgency_of_booking(struct arena *a, long long booking_id, const char **reason, const char **detail,
                       const char **by, time_t *at)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT u.reason, u.detail, COALESCE(s.name, s.email), u.granted_utc FROM booking_urgency u"
		    " LEFT JOIN staff s ON s.id = u.granted_by WHERE u.booking_id = ?", "i", booking_id) < 0)
		return -1;
	if (r.nrows != 1)
		return 0;
	*reason = db_val(&r, 0, 0);
	*detail = db_val(&r, 0, 1);
	*by = db_val(&r, 0, 2);
	*at = 0;
	dt_parse_sql(db_val(&r, 0, 3), at);
	return 1;
}

long urgency_sites(struct arena *a, struct urgency_site **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, "SELECT si.id, si.commune_id, si.name, si.city, c.name FROM sites si"
		    " JOIN communes c ON c.id = si.commune_id WHERE si.active = 1 AND c.equipped = 1"
		    " ORDER BY c.name, si.name", "") < 0)
		return -1;
	struct urgency_site *v = arena_alloc(a, (r.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < r.nrows; i++) {
		v[i].id = db_int(&r, i, 0);
		v[i].commune_id = db_int(&r, i, 1);
		v[i].name = db_val(&r, i, 2);
		v[i].city = db_val(&r, i, 3);
		v[i].commune_name = db_val(&r, i, 4);
	}
	*out = v;
	return (long)r.nrows;
}

/* ------------------------------------------------------------- messages */

/* The code, or the refusal, by the request's channel (the one its code
 * confirmed). */
static bool queue_msg(struct arena *a, const struct urgency_view *v, enum msg_kind kind, const char *code,
                      const char *base_url)
{
	bool sms = str_eq(v->channel, "sms") && v->phone && phone_is_mobile(v->phone);
	bool email = !sms && v->email;
	if (!sms && !email)
		return true;
	struct msg_values mv;
	memset(&mv, 0, sizeof(mv));
	mv.kind = kind;
	mv.lang = str_eq(v->lang, "en") ? "en" : "fr";
	mv.parts = sms ? MSG_PART_SMS : MSG_PART_EMAIL;
	mv.ref = v->ref;
	mv.code = code;
	mv.procedure = v->procedure_name;
	mv.party = 1;
	mv.commune = v->commune_name;
	mv.reason = v->refusal;
	mv.base_url = base_url ? base_url : "";
	struct msg_rendered r;
	if (!msg_render(a, &mv, &r))
		return false;
	const char *idem;
	if (kind == MSG_CODE) {
		char nonce[17];
		crypto_random_hex(nonce, 8);
		idem = arena_printf(a, "urg_code:%lld:%s", v->id, nonce);
	} else
		idem = arena_printf(a, "urg_%s:%lld", msg_kind_name(kind), v->id);
	struct outbox_new m = {
		.idem_key = idem, .kind = msg_kind_name(kind), .lang = mv.lang, .commune_id = v->commune_id,
		.deadline = kind == MSG_CODE ? time(NULL) + OTP_TTL : 0,
		.channel = sms ? "sms" : "email", .recipient = sms ? v->phone : v->email,
	};
	if (sms)
		m.body = r.sms;
	else {
		m.subject = r.subject;
		m.body = r.text;
		m.body_html = r.html;
	}
	return outbox_insert(a, &m);
}

/* ---------------------------------------------------------------- links */

void urgency_token(const struct urgency_view *v, const char *purpose, char *out)
{
	char msg[128], mac[65];
	/* The request's creation time keys its links (its reference is
	 * random): a reference reused after a purge gets other links. */
	snprintf(msg, sizeof(msg), "%s|%s|%lld|%lld", purpose, v->ref, v->id, (long long)v->created);
	crypto_hmac_hex("urgency", msg, mac);
	snprintf(out, 25, "%.24s", mac);
}

bool urgency_token_ok(const struct urgency_view *v, const char *purpose, const char *tok)
{
	if (!tok || strlen(tok) != 24)
		return false;
	char want[25];
	urgency_token(v, purpose, want);
	return str_ct_eq(want, tok);
}

/* --------------------------------------------------------------- submit */

static void code_hash(const char *ref, const char *code, char *out)
{
	char msg[64];
	snprintf(msg, sizeof(msg), "%s|%s", ref, code);
	crypto_hmac_hex("urgency-code", msg, out);
}

bool urgency_submit(struct arena *a, const struct urgency_new *n, struct urgency_view *out, char *code)
{
	const char *contact = str_eq(n->channel, "sms") ? n->phone : n->email;
	char ref[9], h[65], exp[20];
	crypto_random_from(ref, 8, REF_ALPHABET);
	crypto_code6(code);
	code_hash(ref, code, h);
	dt_format_sql(time(NULL) + OTP_TTL, exp);
	if (!db_begin())
		return false;
	struct db_res s;
	bool err = false;
	if (db_exec(a, &s, "SELECT commune_id FROM sites WHERE id = ?", "i", n->site_id) < 0 || s.nrows != 1 ||
	    db_exec(a, NULL, "INSERT INTO urgency_requests (ref, status, commune_id, site_id, procedure_id, reason,"
		    " due_date, explanation, last_name, first_names, birth_date, contact_phone, contact_email, channel,"
		    " lang, code_hash, code_expires_utc, created_utc) VALUES (?, 'pending_code', ?, ?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())", "siiissssssssssss", ref, db_int(&s, 0, 0), n->site_id,
		    n->procedure_id, n->reason, n->due_date, n->explanation, n->person.last_name,
		    n->person.first_names, n->person.birth_date, n->phone, n->email, n->channel, n->lang, h, exp) < 0 ||
	    !ratelimit_record(a, "code_send", contact ? contact : "") ||
	    !urgency_load(a, 0, ref, out, &err) || !queue_msg(a, out, MSG_CODE, code, n->base_url) || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

#define VIEW_COLS \
	"SELECT u.id, u.ref, u.status, u.commune_id, COALESCE(u.site_id, 0), u.procedure_id, COALESCE(u.booking_id, 0)," \
	" u.reason, u.due_date, u.explanation, u.refusal, u.last_name, u.first_names, u.birth_date, u.contact_phone," \
	" u.contact_email, u.channel, u.lang, p.code, IF(u.lang = 'en', p.name_en, p.name_fr), si.name, c.name," \
	" COALESCE(st.name, st.email), b.ref, u.created_utc, u.submitted_utc, u.decided_utc, u.code_hash," \
	" u.code_attempts, u.code_expires_utc > UTC_TIMESTAMP(), COALESCE(u.decided_by, 0)" \
	" FROM urgency_requests u JOIN procedures p ON p.id = u.procedure_id JOIN communes c ON c.id = u.commune_id" \
	" LEFT JOIN sites si ON si.id = u.site_id LEFT JOIN staff st ON st.id = u.decided_by" \
	" LEFT JOIN bookings b ON b.id = u.booking_id"

static void view_of(const struct db_res *r, size_t i, struct urgency_view *v)
{
	memset(v, 0, sizeof(*v));
	v->id = db_int(r, i, 0);
	snprintf(v->ref, sizeof(v->ref), "%s", db_val(r, i, 1));
	v->status = db_val(r, i, 2);
	v->commune_id = db_int(r, i, 3);
	v->site_id = db_int(r, i, 4);
	v->procedure_id = db_int(r, i, 5);
	v->booking_id = db_int(r, i, 6);
	v->reason = db_val(r, i, 7);
	v->due_date = db_val(r, i, 8);
	v->explanation = db_val(r, i, 9);
	v->refusal = db_val(r, i, 10);
	v->last_name = db_val(r, i, 11);
	v->first_names = db_val(r, i, 12);
	v->birth_date = db_val(r, i, 13);
	v->phone = db_val(r, i, 14);
	v->email = db_val(r, i, 15);
	v->channel = db_val(r, i, 16);
	v->lang = db_val(r, i, 17);
	v->procedure_code = db_val(r, i, 18);
	v->procedure_name = db_val(r, i, 19);
	v->site_name = db_val(r, i, 20);
	v->commune_name = db_val(r, i, 21);
	v->decided_by_name = db_val(r, i, 22);
	v->booking_ref = db_val(r, i, 23);
	dt_parse_sql(db_val(r, i, 24), &v->created);
	if (db_val(r, i, 25))
		dt_parse_sql(db_val(r, i, 25), &v->submitted);
	if (db_val(r, i, 26))
		dt_parse_sql(db_val(r, i, 26), &v->decided);
	v->code_hash = db_val(r, i, 27);
	v->code_attempts = (int)db_int(r, i, 28);
	v->code_live = db_int(r, i, 29) != 0;
	v->decided_by = db_int(r, i, 30);
}

bool urgency_load(struct arena *a, long long id, const char *ref, struct urgency_view *v, bool *err)
{
	struct db_res r;
	*err = false;
	long long k = id ? db_exec(a, &r, VIEW_COLS " WHERE u.id = ?", "i", id)
			 : db_exec(a, &r, VIEW_COLS " WHERE u.ref = ?", "s", ref ? ref : "");
	if (k < 0) {
		*err = true;
		return false;
	}
	if (r.nrows != 1)
		return false;
	view_of(&r, 0, v);
	return true;
}

enum urg_code urgency_confirm_code(struct arena *a, const struct urgency_view *v, const char *code,
                                   const char *remote_addr, int *left)
{
	*left = 0;
	char h[65];
	code_hash(v->ref, code, h);
	if (!db_begin())
		return UCODE_ERROR;
	struct db_res r;
	if (db_exec(a, &r, "SELECT status, code_hash, code_attempts, code_expires_utc > UTC_TIMESTAMP()"
		    " FROM urgency_requests WHERE id = ? FOR UPDATE", "i", v->id) < 0 || r.nrows != 1)
		goto fail;
	if (!str_eq(db_val(&r, 0, 0), "pending_code")) {
		db_rollback();
		return UCODE_OK;
	}
	int attempts = (int)db_int(&r, 0, 2);
	if (attempts >= OTP_MAX_TRIES) {
		db_rollback();
		return UCODE_LOCKED;
	}
	if (!db_val(&r, 0, 1) || !db_int(&r, 0, 3)) {
		db_rollback();
		return UCODE_EXPIRED;
	}
	enum urg_code st;
	if (str_ct_eq(h, db_val(&r, 0, 1))) {
		if (db_exec(a, NULL, "UPDATE urgency_requests SET status = 'waiting', submitted_utc = UTC_TIMESTAMP(),"
			    " code_hash = NULL WHERE id = ?", "i", v->id) < 0)
			goto fail;
		st = UCODE_OK;
	} else {
		attempts++;
		if (db_exec(a, NULL, "UPDATE urgency_requests SET code_attempts = ? WHERE id = ?", "ii",
			    (long long)attempts, v->id) < 0 ||
		    !ratelimit_record(a, "code_try", remote_addr ? remote_addr : ""))
			goto fail;
		*left = OTP_MAX_TRIES - attempts;
		st = *left > 0 ? UCODE_WRONG : UCODE_LOCKED;
	}
	if (db_commit())
		return st;
fail:
	db_rollback();
	return UCODE_ERROR;
}

long urgency_queue(struct arena *a, long long commune_id, int max, struct urgency_view **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, VIEW_COLS " WHERE u.commune_id = ? AND u.status <> 'pending_code' AND u.purged = 0"
		    " ORDER BY u.status <> 'waiting', IF(u.status = 'waiting', u.submitted_utc, NULL),"
		    " u.decided_utc DESC LIMIT ?", "ii", commune_id, (long long)max) < 0)
		return -1;
	struct urgency_view *v = arena_alloc(a, (r.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < r.nrows; i++)
		view_of(&r, i, &v[i]);
	*out = v;
	return (long)r.nrows;
}

/* --------------------------------------------------------------- decide */

struct grant_ctx {
	const struct urgency_view *v;
	long long staff_id;
	const char *base_url;
	bool state;              /* the request was no longer waiting */
};

/* Inside the booking's transaction: the request granted while it still
 * waits (its row lock orders two agents), the urgency recorded, the
 * convocation queued, the audit line. */
static bool grant_hook(void *p, struct arena *a, long long booking_id)
{
	struct grant_ctx *c = p;
	long long n = db_exec(a, NULL, "UPDATE urgency_requests SET status = 'granted', decided_utc = UTC_TIMESTAMP(),"
			      " decided_by = ?, booking_id = ? WHERE id = ? AND status = 'waiting'", "iii",
			      c->staff_id, booking_id, c->v->id);
	if (n != 1) {
		c->state = n == 0;
		return false;
	}
	struct booking_view b;
	const char *detail = c->v->due_date ? arena_printf(a, "%s %s", c->v->ref, c->v->due_date) : c->v->ref;
	return urgency_record(a, booking_id, c->v->reason, detail, c->staff_id, c->v->id) &&
	       booking_load(a, booking_id, NULL, &b) &&
	       outbox_booking(a, &b, "confirmed", NULL, NULL, c->base_url) &&
	       audit(a, c->staff_id, c->v->commune_id, "urgency_grant", "urgency", c->v->ref, b.ref);
}

enum urg_decide urgency_grant(struct arena *a, const struct urgency_view *v, long long slot_id,
                              long long staff_id, const char *base_url, char *ref)
{
	ref[0] = '\0';
	if (!str_eq(v->status, "waiting"))
		return UDEC_STATE;
	struct booking_request q;
	memset(&q, 0, sizeof(q));
	q.first_slot_id = slot_id;
	q.procedure_id = v->procedure_id;
	q.party = 1;
	q.level = LEVEL_URGENT;
	q.channel = "phone";
	q.persons[0].last_name = v->last_name;
	q.persons[0].first_names = v->first_names;
	q.persons[0].birth_date = v->birth_date;
	q.phone = v->phone;
	q.email = v->email;
	q.lang = v->lang;
	q.confirmed = true;
	q.ignore_notice = true;
	q.created_by_staff = staff_id;
	struct grant_ctx c = { v, staff_id, base_url, false };
	q.before_commit = grant_hook;
	q.ctx = &c;
	struct booking_result res;
	switch (booking_create(a, &q, &res)) {
	case BOOK_OK:
		snprintf(ref, 9, "%s", res.ref);
		return UDEC_OK;
	case BOOK_GONE:
		return UDEC_GONE;
	case BOOK_DUPLICATE:
		snprintf(ref, 9, "%s", res.dup_ref);
		return UDEC_DUPLICATE;
	case BOOK_INVALID:
		return UDEC_INVALID;
	default:
		return c.state ? UDEC_STATE : UDEC_ERROR;
	}
}

enum urg_decide urgency_refuse(struct arena *a, const struct urgency_view *v, const char *reason,
                               long long staff_id, const char *base_url)
{
	if (!db_begin())
		return UDEC_ERROR;
	long long n = db_exec(a, NULL, "UPDATE urgency_requests SET status = 'refused', decided_utc = UTC_TIMESTAMP(),"
			      " decided_by = ?, refusal = ? WHERE id = ? AND status = 'waiting'", "isi", staff_id, reason,
			      v->id);
	if (n == 0) {
		db_rollback();
		return UDEC_STATE;
	}
	struct urgency_view now = *v;
	now.status = "refused";
	now.refusal = reason;
	if (n < 0 || !queue_msg(a, &now, MSG_URG_REFUSED, NULL, base_url) ||
	    !audit(a, staff_id, v->commune_id, "urgency_refuse", "urgency", v->ref, NULL) || !db_commit()) {
		db_rollback();
		return UDEC_ERROR;
	}
	return UDEC_OK;
}
