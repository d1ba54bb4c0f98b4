/* complaint.c — see complaint.h. */
#include "complaint.h"
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

static const char *const channels[] = { "web", "email", "courrier", "guichet" };
static const char *const statuses[] = { "recue", "en_cours", "repondue", "close" };

bool complaint_channel_ok(const char *c)
{
	for (size_t i = 0; i < ARRAY_LEN(channels); i++)
		if (str_eq(c, channels[i]))
			return true;
	return false;
}

bool complaint_status_ok(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(statuses); i++)
		if (str_eq(s, statuses[i]))
			return true;
	return false;
}

/* ------------------------------------------------------------ messages */

/* Queues a complaint's message: the code by its one channel; the
 * acknowledgement by email when there is one, else by SMS to a mobile;
 * the reply by email. Nothing when no contact can take it. */
static bool queue_msg(struct arena *a, const struct complaint_view *v, enum msg_kind kind, const char *code,
                      const char *reply, long long event_id, const char *base_url)
{
	bool mobile = v->phone && phone_is_mobile(v->phone);
	bool sms, email;
	if (kind == MSG_COMPLAINT_CODE) {
		sms = mobile && (str_eq(v->code_channel, "sms") || !v->email);
		email = !sms && v->email;
	} else if (kind == MSG_COMPLAINT_ACK) {
		email = v->email != NULL;
		sms = !email && mobile;
	} else {
		email = v->email != NULL;
		sms = false;
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
	mv.reply = reply;
	mv.site = v->commune_name;
	mv.commune = v->commune_name;
	mv.commune_phone = v->commune_phone;
	mv.commune_email = v->commune_email;
	mv.base_url = base_url ? base_url : "";
	char by[64] = "";
	if (v->deadline) {
		const char *was = i18n_lang();
		i18n_use(mv.lang);
		i18n_date(v->deadline, by, sizeof(by));
		i18n_use(was);
	}
	mv.reply_by = by;
	const char *idem;
	time_t deadline = 0;
	if (kind == MSG_COMPLAINT_CODE) {
		char nonce[17];
		crypto_random_hex(nonce, 8);
		idem = arena_printf(a, "complaint_code:%lld:%s", v->id, nonce);
		deadline = time(NULL) + OTP_TTL;
	} else if (kind == MSG_COMPLAINT_ACK)
		idem = arena_printf(a, "complaint_ack:%lld", v->id);
	else
		idem = arena_printf(a, "complaint_reply:%lld", event_id);
	struct msg_rendered r;
	if (!msg_render(a, &mv, &r))
		return false;
	struct outbox_new m = { .kind = msg_kind_name(kind), .lang = mv.lang, .commune_id = v->commune_id,
				.deadline = deadline };
	bool ok = true;
	if (sms) {
		m.idem_key = arena_printf(a, "%s:sms", idem);
		m.channel = "sms";
		m.recipient = v->phone;
		m.body = r.sms;
		ok = outbox_insert(a, &m);
	}
	if (email) {
		m.idem_key = arena_printf(a, "%s:email", idem);
		m.channel = "email";
		m.recipient = v->email;
		m.subject = r.subject;
		m.body = r.text;
		m.body_html = r.html;
		ok = outbox_insert(a, &m) && ok;
	}
	return ok;
}

static bool event(struct arena *a, long long id, long long by, const char *kind, const char *from,
                  const char *to, const char *how, const char *text)
{
	return db_exec(a, NULL, "INSERT INTO complaint_events (complaint_id, at_utc, staff_id, kind, from_status,"
		       " to_status, reply_channel, text) VALUES (?, UTC_TIMESTAMP(), NULLIF(?, 0), ?, ?, ?, ?, ?)",
		       "iisssss", id, by, kind, from, to, how, text) >= 0;
}

/* ---------------------------------------------------------------- links */

void complaint_token(const struct complaint_view *v, const char *purpose, char *out)
{
	char msg[128], mac[65];
	snprintf(msg, sizeof(msg), "%s|%s|%s", purpose, v->ref, v->secret ? v->secret : "");
	crypto_hmac_hex("complaint", msg, mac);
	snprintf(out, 25, "%.24s", mac);
}

bool complaint_token_ok(const struct complaint_view *v, const char *purpose, const char *tok)
{
	if (!tok || strlen(tok) != 24)
		return false;
	char want[25];
	complaint_token(v, purpose, want);
	return str_ct_eq(want, tok);
}

static void code_hash(const char *ref, const char *code, char *out)
{
	char msg[64];
	snprintf(msg, sizeof(msg), "%s|%s", ref, code);
	crypto_hmac_hex("complaint-code", msg, out);
}

/* --------------------------------------------------------------- create */

/* Inserts the row (the caller's transaction); its id, 0 on error. The
 * deadline is the commune's delay after now when received. */
static long long insert(struct arena *a, const struct complaint_new *n, bool received, const char *ref,
                        const char *code_h)
{
	char secret[33], exp[20];
	crypto_random_hex(secret, 16);
	dt_format_sql(time(NULL) + OTP_TTL, exp);
	if (db_exec(a, NULL, "INSERT INTO complaints (ref, commune_id, channel, subject_id, booking_ref, status, name,"
		    " contact_email, contact_phone, postal_address, body, code_channel, lang, secret, code_hash,"
		    " code_expires_utc, created_utc, received_utc, deadline_utc)"
		    " SELECT ?, c.id, ?, NULLIF(?, 0), ?, IF(?, 'recue', 'pending_code'), ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " IF(?, NULL, ?), UTC_TIMESTAMP(), IF(?, UTC_TIMESTAMP(), NULL),"
		    " IF(?, UTC_TIMESTAMP() + INTERVAL c.complaint_reply_days DAY, NULL) FROM communes c WHERE c.id = ?",
		    "ssisisssssssssisiii", ref, n->channel, n->subject_id, n->booking_ref, (long long)received, n->name,
		    n->email, n->phone, n->address, n->body, n->code_channel, n->lang ? n->lang : "fr", secret, code_h,
		    (long long)received, exp, (long long)received, (long long)received, n->commune_id) != 1)
		return 0;
	return (long long)db_insert_id();
}

bool complaint_create_public(struct arena *a, const struct complaint_new *n, struct complaint_view *out, char *code)
{
	char ref[9], h[65];
	crypto_random_from(ref, 8, REF_ALPHABET);
	crypto_code6(code);
	code_hash(ref, code, h);
	const char *contact = str_eq(n->code_channel, "sms") ? n->phone : n->email;
	bool err = false;
	if (!db_begin())
		return false;
	long long id = insert(a, n, false, ref, h);
	if (!id || !ratelimit_record(a, "code_send", contact ? contact : "") ||
	    !complaint_load_id(a, id, out, &err) || !queue_msg(a, out, MSG_COMPLAINT_CODE, code, NULL, 0, n->base_url) ||
	    !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

bool complaint_create_staff(struct arena *a, long long by, const struct complaint_new *n, struct complaint_view *out)
{
	char ref[9];
	crypto_random_from(ref, 8, REF_ALPHABET);
	bool err = false;
	if (!db_begin())
		return false;
	long long id = insert(a, n, true, ref, NULL);
	if (!id || !complaint_load_id(a, id, out, &err) ||
	    !event(a, id, by, "received", NULL, "recue", NULL, arena_printf(a, "channel=%s", n->channel)))
		goto fail;
	/* A letter's acknowledgement is printed; an email's, a desk's go to
	 * the contact given (when there is one). */
	if (!str_eq(n->channel, "courrier") && (out->email || (out->phone && phone_is_mobile(out->phone)))) {
		if (!queue_msg(a, out, MSG_COMPLAINT_ACK, NULL, NULL, 0, n->base_url) ||
		    !event(a, id, by, "ack", NULL, NULL, out->email ? "email" : NULL, NULL))
			goto fail;
	}
	if (!audit(a, by, n->commune_id, "complaint_create", "complaint", out->ref,
		   arena_printf(a, "channel=%s", n->channel)) || !db_commit())
		goto fail;
	return true;
fail:
	db_rollback();
	return false;
}

/* ----------------------------------------------------------------- load */

#define LOAD_SQL \
	"SELECT c.id, c.ref, c.commune_id, c.channel, c.status, c.booking_ref, c.name, c.contact_email," \
	" c.contact_phone, c.postal_address, c.body, c.code_channel, c.lang, c.secret, COALESCE(c.subject_id, 0)," \
	" s.label, COALESCE(c.owner_id, 0), st.name, co.name, co.phone, co.email, c.created_utc, c.received_utc," \
	" c.deadline_utc, c.answered_utc, c.closed_utc, c.purged_utc IS NOT NULL," \
	" (c.status IN ('recue', 'en_cours') AND c.deadline_utc < UTC_TIMESTAMP())" \
	" FROM complaints c JOIN communes co ON co.id = c.commune_id" \
	" LEFT JOIN complaint_subjects s ON s.id = c.subject_id LEFT JOIN staff st ON st.id = c.owner_id"

static time_t when(const struct db_res *r, size_t i, size_t col)
{
	time_t t = 0;
	if (db_val(r, i, col))
		dt_parse_sql(db_val(r, i, col), &t);
	return t;
}

static void row_of(const struct db_res *r, size_t i, struct complaint_view *v)
{
	memset(v, 0, sizeof(*v));
	v->id = db_int(r, i, 0);
	snprintf(v->ref, sizeof(v->ref), "%s", db_val(r, i, 1));
	v->commune_id = db_int(r, i, 2);
	v->channel = db_val(r, i, 3);
	v->status = db_val(r, i, 4);
	v->booking_ref = db_val(r, i, 5);
	v->name = db_val(r, i, 6);
	v->email = db_val(r, i, 7);
	v->phone = db_val(r, i, 8);
	v->address = db_val(r, i, 9);
	v->body = db_val(r, i, 10);
	v->code_channel = db_val(r, i, 11);
	v->lang = db_val(r, i, 12);
	v->secret = db_val(r, i, 13);
	v->subject_id = db_int(r, i, 14);
	v->subject = db_val(r, i, 15);
	v->owner_id = db_int(r, i, 16);
	v->owner_name = db_val(r, i, 17);
	v->commune_name = db_val(r, i, 18);
	v->commune_phone = db_val(r, i, 19);
	v->commune_email = db_val(r, i, 20);
	v->created = when(r, i, 21);
	v->received = when(r, i, 22);
	v->deadline = when(r, i, 23);
	v->answered = when(r, i, 24);
	v->closed = when(r, i, 25);
	v->purged = db_int(r, i, 26) != 0;
	v->overdue = db_int(r, i, 27) != 0;
}

bool complaint_load(struct arena *a, const char *ref, struct complaint_view *v, bool *err)
{
	struct db_res r;
	*err = false;
	if (db_exec(a, &r, LOAD_SQL " WHERE c.ref = ?", "s", ref) < 0) {
		*err = true;
		return false;
	}
	if (r.nrows != 1)
		return false;
	row_of(&r, 0, v);
	return true;
}

bool complaint_load_id(struct arena *a, long long id, struct complaint_view *v, bool *err)
{
	struct db_res r;
	*err = false;
	if (db_exec(a, &r, LOAD_SQL " WHERE c.id = ?", "i", id) < 0) {
		*err = true;
		return false;
	}
	if (r.nrows != 1)
		return false;
	row_of(&r, 0, v);
	return true;
}

long complaint_list(struct arena *a, long long commune_id, const char *status, bool overdue_only, int max,
                    struct complaint_view **out)
{
	struct db_res r;
	*out = NULL;
	const char *st = status ? status : "";
	if (db_exec(a, &r, LOAD_SQL " WHERE (? = 0 OR c.commune_id = ?) AND c.status <> 'pending_code'"
		    " AND (? = '' OR c.status = ? OR (? = 'ouvertes' AND c.status IN ('recue', 'en_cours')))"
		    " AND (? = 0 OR (c.status IN ('recue', 'en_cours') AND c.deadline_utc < UTC_TIMESTAMP()))"
		    " ORDER BY c.received_utc DESC, c.id DESC LIMIT ?", "iisssii", commune_id, commune_id, st, st, st,
		    (long long)overdue_only, (long long)max) < 0)
		return -1;
	*out = arena_alloc(a, (r.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < r.nrows; i++)
		row_of(&r, i, &(*out)[i]);
	return (long)r.nrows;
}

long complaint_overdue_count(struct arena *a, long long commune_id)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT COUNT(*) FROM complaints WHERE (? = 0 OR commune_id = ?)"
		    " AND status IN ('recue', 'en_cours') AND deadline_utc < UTC_TIMESTAMP()", "ii",
		    commune_id, commune_id) < 0)
		return -1;
	return (long)db_int(&r, 0, 0);
}

long complaint_history(struct arena *a, long long id, struct complaint_event **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, "SELECT e.at_utc, s.name, e.kind, e.from_status, e.to_status, e.reply_channel, e.text"
		    " FROM complaint_events e LEFT JOIN staff s ON s.id = e.staff_id WHERE e.complaint_id = ?"
		    " ORDER BY e.id", "i", id) < 0)
		return -1;
	*out = arena_alloc(a, (r.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < r.nrows; i++) {
		struct complaint_event *e = &(*out)[i];
		e->at = db_val(&r, i, 0);
		e->at_t = when(&r, i, 0);
		e->who = db_val(&r, i, 1);
		e->kind = db_val(&r, i, 2);
		e->from_status = db_val(&r, i, 3);
		e->to_status = db_val(&r, i, 4);
		e->reply_channel = db_val(&r, i, 5);
		e->text = db_val(&r, i, 6);
	}
	return (long)r.nrows;
}

/* ----------------------------------------------------------------- code */

enum complaint_code complaint_confirm_code(struct arena *a, const struct complaint_view *v, const char *code,
                                           const char *remote_addr, const char *base_url, int *left)
{
	*left = 0;
	char h[65];
	code_hash(v->ref, code, h);
	if (!db_begin())
		return CCODE_ERROR;
	struct db_res r;
	if (db_exec(a, &r, "SELECT status, code_hash, code_attempts, code_expires_utc > UTC_TIMESTAMP()"
		    " FROM complaints WHERE id = ? FOR UPDATE", "i", v->id) < 0 || r.nrows != 1)
		goto fail;
	if (!str_eq(db_val(&r, 0, 0), "pending_code")) {
		db_rollback();
		return CCODE_OK;
	}
	int attempts = (int)db_int(&r, 0, 2);
	if (attempts >= OTP_MAX_TRIES) {
		db_rollback();
		return CCODE_LOCKED;
	}
	if (!db_val(&r, 0, 1) || !db_int(&r, 0, 3)) {
		db_rollback();
		return CCODE_EXPIRED;
	}
	enum complaint_code st;
	if (str_ct_eq(h, db_val(&r, 0, 1))) {
		struct complaint_view now;
		bool err;
		if (db_exec(a, NULL, "UPDATE complaints c JOIN communes co ON co.id = c.commune_id SET c.status = 'recue',"
			    " c.received_utc = UTC_TIMESTAMP(), c.code_hash = NULL,"
			    " c.deadline_utc = UTC_TIMESTAMP() + INTERVAL co.complaint_reply_days DAY WHERE c.id = ?",
			    "i", v->id) < 0 ||
		    !complaint_load_id(a, v->id, &now, &err) ||
		    !event(a, v->id, 0, "received", NULL, "recue", NULL, "channel=web") ||
		    !queue_msg(a, &now, MSG_COMPLAINT_ACK, NULL, NULL, 0, base_url) ||
		    !event(a, v->id, 0, "ack", NULL, NULL, now.email ? "email" : NULL, NULL))
			goto fail;
		st = CCODE_OK;
	} else {
		attempts++;
		if (db_exec(a, NULL, "UPDATE complaints SET code_attempts = ? WHERE id = ?", "ii", (long long)attempts,
			    v->id) < 0 || !ratelimit_record(a, "code_try", remote_addr ? remote_addr : ""))
			goto fail;
		*left = OTP_MAX_TRIES - attempts;
		st = *left > 0 ? CCODE_WRONG : CCODE_LOCKED;
	}
	if (db_commit())
		return st;
fail:
	db_rollback();
	return CCODE_ERROR;
}

/* -------------------------------------------------------- staff changes */

bool complaint_set_status(struct arena *a, long long by, const struct complaint_view *v, const char *status,
                          const char *note)
{
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "UPDATE complaints SET status = ?,"
		    " closed_utc = IF(? = 'close', COALESCE(closed_utc, UTC_TIMESTAMP()), NULL),"
		    " answered_utc = IF(? IN ('repondue', 'close'), answered_utc, NULL) WHERE id = ?",
		    "sssi", status, status, status, v->id) < 0 ||
	    !event(a, v->id, by, "status", v->status, status, NULL, note) ||
	    !audit(a, by, v->commune_id, "complaint_status", "complaint", v->ref,
		   arena_printf(a, "%s->%s", v->status, status)) || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

bool complaint_assign(struct arena *a, long long by, const struct complaint_view *v, long long owner_id,
                      long long subject_id)
{
	if (!db_begin())
		return false;
	bool ok = db_exec(a, NULL, "UPDATE complaints SET owner_id = NULLIF(?, 0), subject_id = NULLIF(?, 0) WHERE id = ?",
			  "iii", owner_id, subject_id, v->id) >= 0;
	if (ok && owner_id != v->owner_id)
		ok = event(a, v->id, by, "assigned", NULL, NULL, NULL, arena_printf(a, "%lld", owner_id));
	if (ok && subject_id != v->subject_id)
		ok = event(a, v->id, by, "subject", NULL, NULL, NULL, arena_printf(a, "%lld", subject_id));
	/* Taken in hand: a received complaint is being dealt with. */
	if (ok && owner_id && str_eq(v->status, "recue"))
		ok = db_exec(a, NULL, "UPDATE complaints SET status = 'en_cours' WHERE id = ?", "i", v->id) >= 0 &&
		     event(a, v->id, by, "status", "recue", "en_cours", NULL, NULL);
	if (!ok || !audit(a, by, v->commune_id, "complaint_assign", "complaint", v->ref,
			  arena_printf(a, "owner=%lld subject=%lld", owner_id, subject_id)) || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

bool complaint_note(struct arena *a, long long by, const struct complaint_view *v, const char *text)
{
	if (!db_begin())
		return false;
	if (!event(a, v->id, by, "note", NULL, NULL, NULL, text) ||
	    !audit(a, by, v->commune_id, "complaint_note", "complaint", v->ref, NULL) || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

bool complaint_reply(struct arena *a, long long by, const struct complaint_view *v, const char *how,
                     const char *text, const char *base_url)
{
	if (!db_begin())
		return false;
	if (!event(a, v->id, by, "reply", v->status, "repondue", how, text))
		goto fail;
	long long eid = (long long)db_insert_id();
	if (db_exec(a, NULL, "UPDATE complaints SET status = 'repondue', answered_utc = UTC_TIMESTAMP(),"
		    " closed_utc = NULL WHERE id = ?", "i", v->id) < 0)
		goto fail;
	if (str_eq(how, "email") && !queue_msg(a, v, MSG_COMPLAINT_REPLY, NULL, text, eid, base_url))
		goto fail;
	if (!audit(a, by, v->commune_id, "complaint_reply", "complaint", v->ref, arena_printf(a, "by=%s", how)) ||
	    !db_commit())
		goto fail;
	return true;
fail:
	db_rollback();
	return false;
}

bool complaint_last_reply(struct arena *a, long long id, const char **text, time_t *at, const char **how)
{
	struct db_res r;
	*text = NULL;
	*how = NULL;
	*at = 0;
	if (db_exec(a, &r, "SELECT text, at_utc, reply_channel FROM complaint_events WHERE complaint_id = ?"
		    " AND kind = 'reply' ORDER BY id DESC LIMIT 1", "i", id) < 0)
		return false;
	if (r.nrows) {
		*text = db_val(&r, 0, 0);
		*at = when(&r, 0, 1);
		*how = db_val(&r, 0, 2);
	}
	return true;
}

/* -------------------------------------------------------------- subjects */

long complaint_subjects(struct arena *a, long long commune_id, bool active_only, struct complaint_subject **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, "SELECT id, label, active FROM complaint_subjects WHERE commune_id = ? AND (? = 0 OR active = 1)"
		    " ORDER BY active DESC, label", "ii", commune_id, (long long)active_only) < 0)
		return -1;
	*out = arena_alloc(a, (r.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_int(&r, i, 0);
		(*out)[i].label = db_val(&r, i, 1);
		(*out)[i].active = db_int(&r, i, 2) != 0;
	}
	return (long)r.nrows;
}

int complaint_subject_of(struct arena *a, long long commune_id, long long subject_id)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT 1 FROM complaint_subjects WHERE id = ? AND commune_id = ? AND active = 1", "ii",
		    subject_id, commune_id) < 0)
		return -1;
	return r.nrows ? 1 : 0;
}

enum subject_add complaint_subject_add(struct arena *a, long long by, long long commune_id, const char *label)
{
	if (!db_begin())
		return SUBJECT_ERROR;
	struct db_res r;
	if (db_exec(a, &r, "SELECT id, active FROM complaint_subjects WHERE commune_id = ? AND label = ? FOR UPDATE",
		    "is", commune_id, label) < 0)
		goto fail;
	if (r.nrows && db_int(&r, 0, 1)) {
		db_rollback();
		return SUBJECT_EXISTS;
	}
	if (r.nrows ? db_exec(a, NULL, "UPDATE complaint_subjects SET active = 1 WHERE id = ?", "i", db_int(&r, 0, 0)) < 0
		    : db_exec(a, NULL, "INSERT INTO complaint_subjects (commune_id, label) VALUES (?, ?)", "is",
			      commune_id, label) < 0)
		goto fail;
	if (!audit(a, by, commune_id, "complaint_subject_add", "complaint_subject", label, NULL) || !db_commit())
		goto fail;
	return SUBJECT_OK;
fail:
	db_rollback();
	return SUBJECT_ERROR;
}

bool complaint_subject_retire(struct arena *a, long long by, long long commune_id, long long subject_id)
{
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "UPDATE complaint_subjects SET active = 0 WHERE id = ? AND commune_id = ?", "ii",
		    subject_id, commune_id) < 0 ||
	    !audit(a, by, commune_id, "complaint_subject_retire", "complaint_subject",
		   arena_printf(a, "%lld", subject_id), NULL) || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

long complaint_owners(struct arena *a, long long commune_id, struct complaint_owner **out)
{
	struct db_res r;
	*out = NULL;
	if (db_exec(a, &r, "SELECT id, name FROM staff WHERE commune_id = ? AND active = 1"
		    " AND role IN ('agent', 'commune_admin') ORDER BY name", "i", commune_id) < 0)
		return -1;
	*out = arena_alloc(a, (r.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_int(&r, i, 0);
		(*out)[i].name = db_val(&r, i, 1);
	}
	return (long)r.nrows;
}

int complaint_reply_days(struct arena *a, long long commune_id)
{
	struct db_res r;
	if (db_exec(a, &r, "SELECT complaint_reply_days FROM communes WHERE id = ?", "i", commune_id) < 0 || !r.nrows)
		return -1;
	return (int)db_int(&r, 0, 0);
}

bool complaint_set_reply_days(struct arena *a, long long by, long long commune_id, int days)
{
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "UPDATE communes SET complaint_reply_days = ? WHERE id = ?", "ii", (long long)days,
		    commune_id) < 0 ||
	    !audit(a, by, commune_id, "complaint_reply_days", "commune", arena_printf(a, "%lld", commune_id),
		   arena_printf(a, "days=%d", days)) || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}
