/* outbox.c — see outbox.h. */
#include "outbox.h"
#include "booking.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "message.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ----------------------------------------------------------- queueing */

/* s cut to at most max characters (outbox.subject is VARCHAR(200): a
 * longer value would fail the insert, and with it the booking's
 * transaction). */
static const char *cap_chars(struct arena *a, const char *s, size_t max)
{
	if (!s)
		return NULL;
	size_t chars = 0;
	for (const char *p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > max)
			return arena_strndup(a, s, (size_t)(p - s));
	}
	return s;
}

bool outbox_insert(struct arena *a, const struct outbox_new *m)
{
	char deadline[20];
	if (m->deadline > 0)
		dt_format_sql(m->deadline, deadline);
	const char *body = m->body ? m->body : "";
	int segments = 0;
	if (str_eq(m->channel, "sms")) {
		int units;
		bool ucs2;
		body = msg_gsm_fold(a, body);
		segments = msg_sms_segments(body, &units, &ucs2);
	}
	long long n = db_exec(a, NULL,
		"INSERT INTO outbox (idem_key, kind, channel, recipient, subject, body, body_html, ics,"
		" segments, booking_id, commune_id, lang, next_try_utc, deadline_utc, created_utc)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?, UTC_TIMESTAMP())",
		"ssssssssiiiss", m->idem_key, m->kind, m->channel, m->recipient, cap_chars(a, m->subject, 200), body,
		m->body_html, m->ics, (long long)segments, m->booking_id, m->commune_id,
		m->lang ? m->lang : "fr", m->deadline > 0 ? deadline : NULL);
	return n >= 0 || db_errno() == DB_ERR_DUP;
}

bool outbox_add(struct arena *a, const char *idem_key, const char *kind, const char *channel,
                const char *recipient, const char *subject, const char *body,
                long long booking_id, long long commune_id, const char *lang, int deadline_s)
{
	struct outbox_new m = {
		.idem_key = idem_key, .kind = kind, .channel = channel, .recipient = recipient,
		.subject = subject, .body = body, .lang = lang, .booking_id = booking_id,
		.commune_id = commune_id, .deadline = deadline_s > 0 ? time(NULL) + deadline_s : 0,
	};
	return outbox_insert(a, &m);
}

/* The values of a booking's messages, in the booking's language (the
 * view was loaded in the language of whoever caused the message). */
static bool values_of(struct arena *a, const struct booking_view *v, enum msg_kind kind,
                      const char *base_url, struct msg_values *mv)
{
	memset(mv, 0, sizeof(*mv));
	mv->kind = kind;
	mv->lang = str_eq(v->lang, "en") ? "en" : "fr";
	bool en = str_eq(mv->lang, "en");
	mv->procedure = v->procedure_name;
	mv->documents = v->documents;
	struct db_res p;
	if (v->procedure_names[0] && v->procedure_names[1]) {
		mv->procedure = v->procedure_names[en];
		mv->documents = v->procedure_documents[en];
	} else if (db_exec(a, &p, "SELECT name_fr, name_en, documents_fr, documents_en FROM procedures WHERE id = ?",
			   "i", v->procedure_id) == 1) {
		mv->procedure = db_val(&p, 0, en ? 1 : 0);
		mv->documents = db_val(&p, 0, en ? 3 : 2);
	}
	mv->ref = v->ref;
	mv->start = v->start;
	mv->end = v->end;
	mv->party = v->party;
	for (int i = 0; i < v->npersons && i < MSG_MAX_PERSONS; i++)
		mv->persons[mv->npersons++] = arena_printf(a, "%s %s", v->persons[i].first_names ? v->persons[i].first_names : "",
							   v->persons[i].last_name ? v->persons[i].last_name : "");
	mv->site = v->site_name;
	mv->address = v->address;
	mv->postcode = v->postcode;
	mv->city = v->city;
	mv->access_info = v->access_info;
	mv->lat = v->lat;
	mv->lon = v->lon;
	mv->commune = v->commune_name;
	mv->commune_phone = v->commune_phone;
	mv->commune_email = v->commune_email;
	mv->base_url = base_url ? base_url : "";
	char tok[65];
	booking_token(v, "manage", tok);
	mv->manage_url = arena_printf(a, "%s/rdv/%s?t=%s", mv->base_url, v->ref, tok);
	mv->rebook_url = arena_printf(a, "%s/?procedure=%s", mv->base_url, v->procedure_code ? v->procedure_code : "");
	mv->sequence = v->moved_count;
	return true;
}

/* Queues the rendered message of a booking to its contacts. */
static bool queue(struct arena *a, const struct booking_view *v, struct msg_values *mv,
                  const char *channel_pref)
{
	struct msg_rendered r;
	if (!msg_render(a, mv, &r))
		return false;
	const char *kind = msg_kind_name(mv->kind);
	time_t deadline = 0;
	const char *idem;
	char start[20];
	dt_format_sql(v->start, start);
	switch (mv->kind) {
	case MSG_CODE: {
		char nonce[17];
		crypto_random_hex(nonce, 8);
		idem = arena_printf(a, "code:%lld:%s", v->id, nonce);
		deadline = time(NULL) + 10 * 60;        /* a code dies after 10 minutes */
		break;
	}
	case MSG_REMINDER:
		/* The start time is in the key: a move re-arms the reminder. The
		 * deadline is the start itself, which the worker also compares
		 * with the booking's current start before sending. */
		idem = arena_printf(a, "reminder:%lld:%.4s%.2s%.2sT%.2s%.2s", v->id, start, start + 5,
				    start + 8, start + 11, start + 14);
		deadline = v->start;
		break;
	case MSG_MOVED:
		idem = arena_printf(a, "moved:%lld:%d", v->id, v->moved_count);
		deadline = v->start;
		break;
	case MSG_CONFIRMED:
		idem = arena_printf(a, "confirmed:%lld", v->id);
		deadline = v->start;
		break;
	default:
		idem = arena_printf(a, "%s:%lld", kind, v->id);
	}
	struct outbox_new m = {
		.kind = kind, .lang = mv->lang, .booking_id = v->id, .commune_id = v->commune_id,
		.deadline = deadline,
	};
	bool ok = true;
	bool sms = v->phone != NULL, email = v->email != NULL;
	if (mv->kind == MSG_CODE) {
		sms = v->phone && (str_eq(channel_pref, "sms") || !v->email);
		email = !sms && v->email;
	}
	if (sms) {
		m.idem_key = mv->kind == MSG_CODE ? idem : arena_printf(a, "%s:sms", idem);
		m.channel = "sms";
		m.recipient = v->phone;
		m.body = r.sms;
		ok = outbox_insert(a, &m) && ok;
	}
	if (email) {
		m.idem_key = mv->kind == MSG_CODE ? idem : arena_printf(a, "%s:email", idem);
		m.channel = "email";
		m.recipient = v->email;
		m.subject = r.subject;
		m.body = r.text;
		m.body_html = r.html;
		m.ics = r.ics;
		ok = outbox_insert(a, &m) && ok;
	}
	return ok;
}

bool outbox_booking(struct arena *a, const struct booking_view *v, const char *kind,
                    const char *code, const char *channel_pref, const char *base_url)
{
	enum msg_kind k;
	if (!msg_kind_parse(kind, &k)) {
		log_error("outbox_booking: unknown kind %s", kind ? kind : "(null)");
		return false;
	}
	struct msg_values mv;
	values_of(a, v, k, base_url, &mv);
	if (k == MSG_CANCELLED_COMMUNE && !str_empty(code))
		mv.rebook_url = code;          /* the caller's rebooking link */
	else
		mv.code = code;
	return queue(a, v, &mv, channel_pref);
}

bool outbox_cancelled_commune(struct arena *a, const struct booking_view *v, const char *rebook_url,
                              const char *reason, const char *base_url)
{
	struct msg_values mv;
	values_of(a, v, MSG_CANCELLED_COMMUNE, base_url, &mv);
	if (!str_empty(rebook_url))
		mv.rebook_url = rebook_url;
	mv.reason = reason;
	return queue(a, v, &mv, NULL);
}

bool outbox_noshow(struct arena *a, const struct booking_view *v, const char *base_url)
{
	return outbox_booking(a, v, "noshow", NULL, NULL, base_url);
}

int outbox_queue_reminders(struct arena *a, const char *base_url, int max)
{
	struct db_res r;
	if (db_exec(a, &r,
		    "SELECT b.id, b.start_utc FROM bookings b"
		    " JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id"
		    " JOIN communes c ON c.id = si.commune_id"
		    " LEFT JOIN booking_reminders br ON br.booking_id = b.id AND br.start_utc = b.start_utc"
		    " WHERE b.status = 'confirmed' AND b.start_utc > UTC_TIMESTAMP()"
		    " AND b.start_utc <= UTC_TIMESTAMP() + INTERVAL c.reminder_hours HOUR"
		    " AND br.booking_id IS NULL"
		    " AND (b.contact_phone IS NOT NULL OR b.contact_email IS NOT NULL)"
		    " ORDER BY b.start_utc LIMIT ?", "i", (long long)max) < 0)
		return -1;
	int done = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		long long id = db_int(&r, i, 0);
		const char *start = db_val(&r, i, 1);
		time_t t0;
		if (!dt_parse_sql(start, &t0) || !db_begin())
			continue;
		/* The marker's primary key decides between two workers: the
		 * second waits for the first's commit, then gets a duplicate. */
		if (db_exec(a, NULL, "INSERT INTO booking_reminders (booking_id, start_utc, queued_utc)"
			    " VALUES (?, ?, UTC_TIMESTAMP())", "is", id, start) < 0) {
			db_rollback();
			continue;
		}
		struct booking_view v;
		bool ok = booking_load(a, id, NULL, &v);
		if (ok && str_eq(v.status, "confirmed") && v.start == t0 && v.start > time(NULL))
			ok = outbox_booking(a, &v, "reminder", NULL, NULL, base_url);
		if (ok && db_commit()) {
			done++;
			log_info("reminder queued for booking %s", v.ref);
		} else
			db_rollback();
	}
	return done;
}

/* ----------------------------------------------------------- delivery */

void outbox_provider_ref(const char *idem_key, char *out)
{
	char mac[65];
	crypto_hmac_hex("outbox-ref", idem_key ? idem_key : "", mac);
	snprintf(out, 33, "%.32s", mac);
}

int outbox_claim(struct arena *a, const char *worker, int max, int lease_s,
                 struct outbox_msg **out, int *expired)
{
	*out = NULL;
	*expired = 0;
	/* READ COMMITTED for this transaction: the locking read then locks
	 * only the rows it takes (no gap locks that would make the booking
	 * transactions, which insert into the outbox, wait). */
	db_exec(a, NULL, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "");
	if (!db_begin())
		return -1;
	struct db_res r;
	if (db_exec(a, &r,
		    "SELECT id, idem_key, kind, channel, recipient, subject, body, body_html, ics, booking_id,"
		    " commune_id, lang, attempts, segments,"
		    " deadline_utc IS NOT NULL AND deadline_utc <= UTC_TIMESTAMP()"
		    " FROM outbox WHERE status = 'pending'"
		    " AND (next_try_utc <= UTC_TIMESTAMP() OR deadline_utc <= UTC_TIMESTAMP())"
		    " ORDER BY next_try_utc, id LIMIT ? FOR UPDATE SKIP LOCKED", "i", (long long)max) < 0)
		goto fail;
	struct outbox_msg *m = arena_alloc(a, (r.nrows ? r.nrows : 1) * sizeof(*m));
	int n = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		long long id = db_int(&r, i, 0);
		if (db_int(&r, i, 14)) {
			/* Past its deadline a message is worthless (a code after 10
			 * minutes, a reminder once the appointment started): it is
			 * never sent late. */
			if (db_exec(a, NULL, "UPDATE outbox SET status = 'expired', claim_until = NULL,"
				    " provider_answer = 'deadline passed before it could be sent' WHERE id = ?",
				    "i", id) < 0)
				goto fail;
			(*expired)++;
			continue;
		}
		if (db_exec(a, NULL, "UPDATE outbox SET status = 'sending', claimed_by = ?,"
			    " claim_until = UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE id = ?",
			    "sii", worker, (long long)lease_s, id) < 0)
			goto fail;
		struct outbox_msg *x = &m[n++];
		x->id = id;
		x->idem_key = db_val(&r, i, 1);
		x->kind = db_val(&r, i, 2);
		x->channel = db_val(&r, i, 3);
		x->recipient = db_val(&r, i, 4);
		x->subject = db_val(&r, i, 5);
		x->body = db_val(&r, i, 6);
		x->body_html = db_val(&r, i, 7);
		x->ics = db_val(&r, i, 8);
		x->booking_id = db_int(&r, i, 9);
		x->commune_id = db_int(&r, i, 10);
		x->lang = db_val(&r, i, 11);
		x->attempts = (int)db_int(&r, i, 12);
		x->segments = (int)db_int(&r, i, 13);
	}
	if (!db_commit())
		return -1;
	*out = m;
	return n;
fail:
	db_rollback();
	return -1;
}

enum outbox_go outbox_begin_attempt(struct arena *a, const struct outbox_msg *m, const char *worker,
                                    int lease_s)
{
	long long n = db_exec(a, NULL,
		"UPDATE outbox SET status = 'expired', claim_until = NULL,"
		" provider_answer = 'deadline passed before it could be sent'"
		" WHERE id = ? AND status = 'sending' AND claimed_by = ? AND deadline_utc <= UTC_TIMESTAMP()",
		"is", m->id, worker);
	if (n < 0)
		return OUTBOX_LOST;
	if (n == 1)
		return OUTBOX_EXPIRED;
	if (str_eq(m->kind, "reminder") && m->booking_id) {
		/* A reminder's deadline is the start it announces: if the
		 * booking moved or is no longer confirmed, it would mislead. */
		struct db_res r;
		if (db_exec(a, &r, "SELECT b.status = 'confirmed' AND b.start_utc = o.deadline_utc"
			    " FROM outbox o JOIN bookings b ON b.id = o.booking_id WHERE o.id = ?", "i", m->id) < 0)
			return OUTBOX_LOST;
		if (r.nrows == 1 && !db_int(&r, 0, 0)) {
			n = db_exec(a, NULL, "UPDATE outbox SET status = 'expired', claim_until = NULL,"
				    " provider_answer = 'obsolete: the appointment was moved or cancelled'"
				    " WHERE id = ? AND status = 'sending' AND claimed_by = ?", "is", m->id, worker);
			return n == 1 ? OUTBOX_OBSOLETE : OUTBOX_LOST;
		}
	}
	/* attempts always changes, so "affected rows" is 1 exactly when the
	 * message is still ours. */
	n = db_exec(a, NULL,
		"UPDATE outbox SET attempts = attempts + 1, last_try_utc = UTC_TIMESTAMP(),"
		" claim_until = UTC_TIMESTAMP() + INTERVAL ? SECOND"
		" WHERE id = ? AND status = 'sending' AND claimed_by = ?",
		"iis", (long long)lease_s, m->id, worker);
	return n == 1 ? OUTBOX_GO : OUTBOX_LOST;
}

bool outbox_mark_sent(struct arena *a, const struct outbox_msg *m, const char *transport,
                      const char *answer)
{
	if (!db_begin())
		return false;
	/* Whoever holds it now: the provider said yes, that is the truth (a
	 * second worker sending it after a lost lease was deduplicated). */
	long long n = db_exec(a, NULL,
		"UPDATE outbox SET status = 'sent', sent_utc = UTC_TIMESTAMP(), transport = ?,"
		" provider_answer = ?, claim_until = NULL WHERE id = ? AND status <> 'sent'",
		"ssi", transport, answer, m->id);
	if (n < 0)
		goto fail;
	if (n == 1) {
		struct tm tm;
		dt_utc_to_local(time(NULL), &tm);
		char month[32];
		snprintf(month, sizeof(month), "%04d-%02d-01", tm.tm_year + 1900, tm.tm_mon + 1);
		bool sms = str_eq(m->channel, "sms");
		if (db_exec(a, NULL, "INSERT INTO message_counts (commune_id, month, channel, sent, segments)"
			    " VALUES (?, ?, ?, 1, ?) ON DUPLICATE KEY UPDATE sent = sent + 1,"
			    " segments = segments + VALUES(segments)", "issi", m->commune_id, month,
			    sms ? "sms" : "email", (long long)(sms ? m->segments : 0)) < 0)
			goto fail;
	}
	if (!db_commit())
		return false;
	return true;
fail:
	db_rollback();
	return false;
}

bool outbox_mark_failed(struct arena *a, const struct outbox_msg *m, const char *worker, bool final,
                        int delay_s, const char *transport, const char *answer)
{
	return db_exec(a, NULL,
		"UPDATE outbox SET status = ?, next_try_utc = UTC_TIMESTAMP() + INTERVAL ? SECOND,"
		" transport = ?, provider_answer = ?, claim_until = NULL"
		" WHERE id = ? AND status = 'sending' AND claimed_by = ?",
		"sissis", final ? "failed" : "pending", (long long)delay_s, transport, answer, m->id,
		worker) >= 0;
}

void outbox_release(struct arena *a, const struct outbox_msg *m, const char *worker)
{
	db_exec(a, NULL, "UPDATE outbox SET status = 'pending', claim_until = NULL"
		" WHERE id = ? AND status = 'sending' AND claimed_by = ?", "is", m->id, worker);
}

int outbox_recover(struct arena *a)
{
	return (int)db_exec(a, NULL,
		"UPDATE outbox SET status = 'pending', claim_until = NULL,"
		" provider_answer = 'lease expired (worker gone): sent again with the same idempotency key'"
		" WHERE status = 'sending' AND claim_until < UTC_TIMESTAMP()", "");
}
