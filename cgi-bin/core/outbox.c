/* outbox.c — see outbox.h. */
#include "outbox.h"
#include "otp.h"
#include "validate.h"
#include "booking.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "message.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
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
	/* A landline is kept for the town hall to call, never texted. */
	bool mobile = v->phone && phone_is_mobile(v->phone);
	bool sms = mobile, email = v->email != NULL;
	if (mv->kind == MSG_CODE) {
		sms = mobile && (str_eq(channel_pref, "sms") || !v->email);
		email = !sms && v->email;
	} else if (mv->kind == MSG_SURVEY) {
		/* One invitation, not one per contact. */
		email = !sms && v->email;
	}
	if (!sms && !email)
		return true;
	mv->parts = (sms ? MSG_PART_SMS : 0) | (email ? MSG_PART_EMAIL : 0);
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
		deadline = time(NULL) + OTP_TTL;        /* a code dies with its validity */
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
	case MSG_PICKUP_MOVED:
		idem = arena_printf(a, "%s:%lld:%d", kind, v->id, v->moved_count);
		deadline = v->start;
		break;
	case MSG_CONFIRMED:
	case MSG_PICKUP:
		idem = arena_printf(a, "%s:%lld", kind, v->id);
		deadline = v->start;
		break;
	case MSG_SURVEY:
		idem = arena_printf(a, "%s:%lld", kind, v->id);
		deadline = time(NULL) + 7 * 86400;
		break;
	default:
		idem = arena_printf(a, "%s:%lld", kind, v->id);
	}
	struct outbox_new m = {
		.kind = kind, .lang = mv->lang, .booking_id = v->id, .commune_id = v->commune_id,
		.deadline = deadline,
	};
	bool ok = true;
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
	if (k == MSG_CODE) {
		/* A confirmed booking's code is the one that opens its management. */
		mv.code_to_manage = str_eq(v->status, "confirmed");
		mv.code_minutes = OTP_TTL / 60;
	}
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

bool outbox_survey(struct arena *a, const struct booking_view *v, const char *survey_url, const char *base_url)
{
	struct msg_values mv;
	values_of(a, v, MSG_SURVEY, base_url, &mv);
	mv.survey_url = survey_url;
	return queue(a, v, &mv, NULL);
}

int outbox_queue_reminders(struct arena *a, const char *base_url, int max)
{
	/* Every reminder due lies within the longest notice a commune asks
	 * for. Bounded by it, the statement reads those hours of
	 * ix_booking_start; bounded by each commune's own notice only, it
	 * read every future booking each second. */
	struct db_res h, r;
	if (db_exec(a, &h, "SELECT MAX(reminder_hours) FROM communes", "") < 0)
		return -1;
	if (h.nrows != 1 || !db_val(&h, 0, 0))
		return 0;
	if (db_exec(a, &r,
		    "SELECT b.id, b.start_utc FROM bookings b FORCE INDEX (ix_booking_start)"
		    " JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id"
		    " JOIN communes c ON c.id = si.commune_id"
		    " LEFT JOIN booking_reminders br ON br.booking_id = b.id AND br.start_utc = b.start_utc"
		    " WHERE b.status = 'confirmed' AND b.start_utc > UTC_TIMESTAMP()"
		    " AND b.start_utc <= UTC_TIMESTAMP() + INTERVAL ? HOUR"
		    " AND b.start_utc <= UTC_TIMESTAMP() + INTERVAL c.reminder_hours HOUR"
		    " AND br.booking_id IS NULL"
		    " AND (b.contact_phone IS NOT NULL OR b.contact_email IS NOT NULL)"
		    " ORDER BY b.start_utc LIMIT ?", "ii", db_int(&h, 0, 0), (long long)max) < 0)
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

long long outbox_clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Statements about several messages name them in a list of fixed length,
 * so that each is prepared once whatever the number: IDS ids, the last
 * one repeated to fill the list, which always comes last. */
#define IDS 32
#define IDS_8 "?,?,?,?,?,?,?,?"
#define ID_LIST "(" IDS_8 "," IDS_8 "," IDS_8 "," IDS_8 ")"
#define MAX_LEAD 4      /* parameters before the list */

/* Attempts are counted by the claim; a message given back or dropped
 * without a provider call is uncounted. */
#define UNCOUNT " attempts = IF(attempts > 0, attempts - 1, 0)"

/* Runs sql with the parameters fmt/pv, then ids[0..n) (1 <= n <= IDS). */
static long long exec_ids(struct arena *a, struct db_res *res, const char *sql, const char *fmt,
                          const union db_param *pv, const long long *ids, int n)
{
	union db_param p[MAX_LEAD + IDS];
	char f[MAX_LEAD + IDS + 1];
	size_t k = strlen(fmt);
	if (k > MAX_LEAD || n < 1 || n > IDS) {
		log_error("exec_ids: %zu parameters and %d ids", k, n);
		return -1;
	}
	if (k)
		memcpy(p, pv, k * sizeof(*p));
	memcpy(f, fmt, k);
	for (int i = 0; i < IDS; i++) {
		p[k + (size_t)i].i = ids[i < n ? i : n - 1];
		f[k + (size_t)i] = 'i';
	}
	f[k + IDS] = '\0';
	return db_execv(a, res, sql, f, p);
}

/* The same for any number of ids, IDS at a time: the affected rows, -1 on
 * error. */
static long long exec_all_ids(struct arena *a, const char *sql, const char *fmt, const union db_param *pv,
                              const long long *ids, int n)
{
	long long total = 0;
	for (int k = 0; k < n; k += IDS) {
		long long r = exec_ids(a, NULL, sql, fmt, pv, ids + k, n - k < IDS ? n - k : IDS);
		if (r < 0)
			return -1;
		total += r;
	}
	return total;
}

#define ST(s) (1u << (s))

/* The ids of the batch's messages whose state is in mask (ST() bits), in
 * *out (arena). */
static int ids_where(struct arena *a, const struct outbox_batch *b, unsigned mask, long long **out)
{
	int n = 0;
	for (int i = 0; i < b->n; i++)
		if ((mask >> b->m[i].state) & 1u)
			n++;
	*out = arena_alloc(a, (size_t)(n ? n : 1) * sizeof(**out));
	n = 0;
	for (int i = 0; i < b->n; i++)
		if ((mask >> b->m[i].state) & 1u)
			(*out)[n++] = b->m[i].id;
	return n;
}

static struct outbox_msg *find(struct outbox_batch *b, long long id)
{
	for (int i = 0; i < b->n; i++)
		if (b->m[i].id == id)
			return &b->m[i];
	return NULL;
}

int outbox_claim(struct arena *a, const char *worker, int max, int lease_s,
                 struct outbox_batch *b, int *expired)
{
	memset(b, 0, sizeof(*b));
	b->worker = worker;
	b->lease_s = lease_s;
	*expired = 0;
	union db_param lease[] = { { .s = worker }, { .i = lease_s } };
	/* Read before the lease starts in the database: our idea of its end
	 * is never later than the truth, even if this process is stopped. */
	long long t0 = outbox_clock_ms();
	/* READ COMMITTED for this transaction: the locking read then locks
	 * only the rows it takes (no gap locks that would make the booking
	 * transactions, which insert into the outbox, wait). */
	db_exec(a, NULL, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "");
	if (!db_begin())
		return -1;
	struct db_res r;
	/* The deadline comes as milliseconds left by the database's clock,
	 * which also judges the leases: the worker then counts on its own. */
	if (db_exec(a, &r,
		    "SELECT id, idem_key, kind, channel, recipient, subject, body, body_html, ics, booking_id,"
		    " commune_id, lang, attempts, segments,"
		    " TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), deadline_utc) DIV 1000"
		    " FROM outbox WHERE status = 'pending'"
		    " AND (next_try_utc <= UTC_TIMESTAMP() OR deadline_utc <= UTC_TIMESTAMP())"
		    " ORDER BY next_try_utc, id LIMIT ? FOR UPDATE SKIP LOCKED", "i", (long long)max) < 0)
		goto fail;
	size_t rows = r.nrows ? r.nrows : 1;
	b->m = arena_alloc(a, rows * sizeof(*b->m));
	long long *late = arena_alloc(a, rows * sizeof(*late));
	long long *ids = arena_alloc(a, rows * sizeof(*ids));
	int nlate = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		const char *left = db_val(&r, i, 14);
		if (left && strtoll(left, NULL, 10) <= 0) {
			/* Past its deadline a message is worthless (a code after 10
			 * minutes, a reminder once the appointment started): it is
			 * never sent late. */
			late[nlate++] = db_int(&r, i, 0);
			continue;
		}
		struct outbox_msg *x = &b->m[b->n];
		ids[b->n++] = x->id = db_int(&r, i, 0);
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
		x->attempts = (int)db_int(&r, i, 12) + 1;
		x->segments = (int)db_int(&r, i, 13);
		x->deadline_ms = left ? t0 + strtoll(left, NULL, 10) : LLONG_MAX;
		x->state = OUTBOX_HELD;
	}
	if (nlate && exec_all_ids(a, "UPDATE outbox SET status = 'expired',"
				  " provider_answer = 'deadline passed before it could be sent' WHERE id IN " ID_LIST,
				  "", NULL, late, nlate) < 0)
		goto fail;
	if (b->n && exec_all_ids(a, "UPDATE outbox SET status = 'sending', claimed_by = ?,"
				 " claim_until = UTC_TIMESTAMP() + INTERVAL ? SECOND,"
				 " attempts = attempts + 1, last_try_utc = UTC_TIMESTAMP() WHERE id IN " ID_LIST,
				 "si", lease, ids, b->n) < 0)
		goto fail;
	if (!db_commit()) {
		b->n = 0;
		return -1;
	}
	*expired = nlate;
	b->lease_end_ms = t0 + lease_s * 1000LL;
	return b->n;
fail:
	db_rollback();
	b->n = 0;
	return -1;
}

void outbox_commune_emails(struct arena *a, struct outbox_batch *b)
{
	long long *ids = arena_alloc(a, (size_t)(b->n ? b->n : 1) * sizeof(*ids));
	int n = 0;
	for (int i = 0; i < b->n; i++) {
		const struct outbox_msg *m = &b->m[i];
		bool seen = !m->commune_id || !str_eq(m->channel, "email");
		for (int j = 0; j < n && !seen; j++)
			seen = ids[j] == m->commune_id;
		if (!seen)
			ids[n++] = m->commune_id;
	}
	for (int k = 0; k < n; k += IDS) {
		struct db_res r;
		if (exec_ids(a, &r, "SELECT id, email FROM communes WHERE id IN " ID_LIST, "", NULL, ids + k,
			     n - k < IDS ? n - k : IDS) < 0)
			return;
		for (size_t row = 0; row < r.nrows; row++)
			for (int i = 0; i < b->n; i++)
				if (b->m[i].commune_id == db_int(&r, row, 0))
					b->m[i].commune_email = db_val(&r, row, 1);
	}
}

bool outbox_past_deadline(const struct outbox_msg *m)
{
	return outbox_clock_ms() >= m->deadline_ms;
}

/* m waits for outbox_record() in state st. */
static void decided(struct outbox_batch *b, struct outbox_msg *m, enum outbox_state st)
{
	m->state = st;
	if (!b->unrecorded_ms)
		b->unrecorded_ms = outbox_clock_ms();
}

void outbox_late(struct outbox_batch *b, struct outbox_msg *m)
{
	decided(b, m, OUTBOX_LATE);
}

void outbox_accepted(struct arena *a, struct outbox_batch *b, struct outbox_msg *m,
                     const char *transport, const char *answer)
{
	m->transport = transport;
	m->answer = arena_strdup(a, answer);
	decided(b, m, OUTBOX_ACCEPTED);
}

bool outbox_record_due(const struct outbox_batch *b)
{
	return b->unrecorded_ms && outbox_clock_ms() - b->unrecorded_ms >= 1000;
}

/* After a renewal that missed some: which are still ours? A HELD message
 * that is not was taken back (our lease ran out while the process was
 * stopped, or the database slow): someone else sends it, never us. Being
 * ours now means being ours at the renewal: a message taken back from us
 * never comes back within the batch. */
static bool drop_lost(struct arena *a, struct outbox_batch *b, const long long *ids, int n)
{
	union db_param who[] = { { .s = b->worker } };
	for (int k = 0; k < n; k += IDS) {
		int c = n - k < IDS ? n - k : IDS;
		struct db_res r;
		if (exec_ids(a, &r, "SELECT id FROM outbox WHERE status = 'sending' AND claimed_by = ?"
			     " AND id IN " ID_LIST, "s", who, ids + k, c) < 0)
			return false;
		for (int j = 0; j < c; j++) {
			bool ours = false;
			for (size_t row = 0; row < r.nrows && !ours; row++)
				ours = db_int(&r, row, 0) == ids[k + j];
			struct outbox_msg *m = find(b, ids[k + j]);
			if (!ours && m && m->state == OUTBOX_HELD)
				m->state = OUTBOX_LOST;
		}
	}
	return true;
}

bool outbox_hold(struct arena *a, struct outbox_batch *b, int need_s)
{
	if (b->lease_end_ms - outbox_clock_ms() >= need_s * 1000LL)
		return true;
	/* What was decided is recorded first, which frees it from the lease
	 * (if that fails, it is renewed with the rest). */
	outbox_record(a, b);
	long long *ids;
	int n = ids_where(a, b, ST(OUTBOX_HELD) | ST(OUTBOX_ACCEPTED) | ST(OUTBOX_LATE), &ids);
	if (!n)
		return true;
	long long t = outbox_clock_ms();
	/* claim_until always moves (GREATEST), so the affected rows are
	 * exactly the messages still ours. */
	union db_param lease[] = { { .i = b->lease_s }, { .s = b->worker } };
	long long got = exec_all_ids(a,
		"UPDATE outbox SET claim_until = GREATEST(UTC_TIMESTAMP() + INTERVAL ? SECOND,"
		" claim_until + INTERVAL 1 SECOND)"
		" WHERE status = 'sending' AND claimed_by = ? AND id IN " ID_LIST, "is", lease, ids, n);
	if (got < 0)
		return false;
	if (got < n && !drop_lost(a, b, ids, n))
		return false;
	b->lease_end_ms = t + b->lease_s * 1000LL;
	return true;
}

enum outbox_go outbox_check_reminder(struct arena *a, struct outbox_msg *m, const char *worker)
{
	if (!m->booking_id)
		return OUTBOX_GO;
	/* A reminder's deadline is the start it announces: if the booking
	 * moved or is no longer confirmed, it would mislead. */
	struct db_res r;
	if (db_exec(a, &r, "SELECT b.status = 'confirmed' AND b.start_utc = o.deadline_utc"
		    " FROM outbox o JOIN bookings b ON b.id = o.booking_id WHERE o.id = ?", "i", m->id) < 0)
		return OUTBOX_SKIP;
	if (r.nrows != 1 || db_int(&r, 0, 0))
		return OUTBOX_GO;
	long long n = db_exec(a, NULL, "UPDATE outbox SET status = 'expired'," UNCOUNT ","
			      " provider_answer = 'obsolete: the appointment was moved or cancelled'"
			      " WHERE id = ? AND status = 'sending' AND claimed_by = ?", "is", m->id, worker);
	if (n != 1)
		return OUTBOX_SKIP;
	m->state = OUTBOX_DONE;
	return OUTBOX_OBSOLETE;
}

/* ---- recording: what was accepted and what expired, in one transaction */

/* Messages sent, per commune and channel (message_counts). */
struct count {
	long long commune_id, sent, segments;
	bool sms;
};
struct counts {
	struct count *v;
	int n;
};

/* Locks the accepted messages and counts those not 'sent' yet: they are
 * the ones this transaction changes, so each message is counted once
 * even when two workers record it. */
static bool count_new(struct arena *a, const long long *ids, int n, struct counts *c)
{
	struct db_res r;
	if (exec_ids(a, &r, "SELECT commune_id, channel = 'sms', segments FROM outbox"
		     " WHERE status <> 'sent' AND id IN " ID_LIST " FOR UPDATE", "", NULL, ids, n) < 0)
		return false;
	for (size_t row = 0; row < r.nrows; row++) {
		long long commune = db_int(&r, row, 0);
		bool sms = db_int(&r, row, 1) != 0;
		int g = 0;
		while (g < c->n && !(c->v[g].commune_id == commune && c->v[g].sms == sms))
			g++;
		if (g == c->n)
			c->v[c->n++] = (struct count){ .commune_id = commune, .sms = sms };
		c->v[g].sent++;
		c->v[g].segments += sms ? db_int(&r, row, 2) : 0;
	}
	return true;
}

#define SENT_ROW " UNION ALL SELECT ?, ?, ?"
#define SENT_ROWS_8 SENT_ROW SENT_ROW SENT_ROW SENT_ROW SENT_ROW SENT_ROW SENT_ROW SENT_ROW
#define SENT_ROWS "SELECT ? AS id, ? AS transport, ? AS answer" \
	SENT_ROWS_8 SENT_ROWS_8 SENT_ROWS_8 SENT_ROW SENT_ROW SENT_ROW SENT_ROW SENT_ROW SENT_ROW SENT_ROW

/* 'sent' with each message's own transport and answer: one row per message
 * joined to the outbox (IDS rows, the last repeated; a row matched twice
 * is updated once). Whoever holds it now: the provider said yes, that is
 * the truth (a second worker sending it after a lost lease was
 * deduplicated). */
static bool mark_sent(struct arena *a, struct outbox_batch *b, const long long *ids, int n)
{
	/* Most often every message has the same answer (the local outbox, a
	 * gateway that answers "accepted"): one UPDATE by ids is much cheaper
	 * for MariaDB than joining a derived table of IDS rows. */
	const struct outbox_msg *m0 = find(b, ids[0]);
	bool same = true;
	for (int i = 1; i < n && same; i++) {
		const struct outbox_msg *m = find(b, ids[i]);
		same = str_eq(m->transport, m0->transport) && str_eq(m->answer, m0->answer);
	}
	if (same) {
		union db_param ta[] = { { .s = m0->transport }, { .s = m0->answer } };
		return exec_all_ids(a, "UPDATE outbox SET status = 'sent', sent_utc = UTC_TIMESTAMP(), transport = ?,"
				    " provider_answer = ? WHERE status <> 'sent' AND id IN " ID_LIST,
				    "ss", ta, ids, n) >= 0;
	}
	union db_param p[3 * IDS];
	char f[3 * IDS + 1];
	for (int i = 0; i < IDS; i++) {
		const struct outbox_msg *m = find(b, ids[i < n ? i : n - 1]);
		p[3 * i].i = m->id;
		p[3 * i + 1].s = m->transport;
		p[3 * i + 2].s = m->answer;
		memcpy(f + 3 * i, "iss", 3);
	}
	f[3 * IDS] = '\0';
	return db_execv(a, NULL,
		"UPDATE outbox o JOIN (" SENT_ROWS ") v ON v.id = o.id"
		" SET o.status = 'sent', o.sent_utc = UTC_TIMESTAMP(), o.transport = v.transport,"
		" o.provider_answer = v.answer WHERE o.status <> 'sent'", f, p) >= 0;
}

static int count_order(const void *x, const void *y)
{
	const struct count *p = x, *q = y;
	if (p->commune_id != q->commune_id)
		return p->commune_id < q->commune_id ? -1 : 1;
	return (int)p->sms - (int)q->sms;
}

#define COUNT_ROW "(?, ?, ?, ?, ?)"
#define COUNT_ROWS COUNT_ROW "," COUNT_ROW "," COUNT_ROW "," COUNT_ROW "," \
	COUNT_ROW "," COUNT_ROW "," COUNT_ROW "," COUNT_ROW
#define COUNTS 8

/* The monthly counters, COUNTS groups a statement, in key order (two
 * workers then lock the counter rows in the same order: no deadlock). A
 * list is filled with the last group counting 0. */
static bool add_counts(struct arena *a, struct counts *c)
{
	struct tm tm;
	dt_utc_to_local(time(NULL), &tm);
	char month[32];
	snprintf(month, sizeof(month), "%04d-%02d-01", tm.tm_year + 1900, tm.tm_mon + 1);
	qsort(c->v, (size_t)c->n, sizeof(*c->v), count_order);
	for (int k = 0; k < c->n; k += COUNTS) {
		union db_param p[5 * COUNTS];
		char f[5 * COUNTS + 1];
		for (int i = 0; i < COUNTS; i++) {
			bool pad = k + i >= c->n;
			const struct count *g = &c->v[pad ? c->n - 1 : k + i];
			p[5 * i].i = g->commune_id;
			p[5 * i + 1].s = month;
			p[5 * i + 2].s = g->sms ? "sms" : "email";
			p[5 * i + 3].i = pad ? 0 : g->sent;
			p[5 * i + 4].i = pad ? 0 : g->segments;
			memcpy(f + 5 * i, "issii", 5);
		}
		f[5 * COUNTS] = '\0';
		if (db_execv(a, NULL, "INSERT INTO message_counts (commune_id, month, channel, sent, segments)"
			     " VALUES " COUNT_ROWS " ON DUPLICATE KEY UPDATE sent = sent + VALUES(sent),"
			     " segments = segments + VALUES(segments)", f, p) < 0)
			return false;
	}
	return true;
}

static bool record_once(struct arena *a, struct outbox_batch *b, const long long *late, int nlate,
                        const long long *sent, int nsent)
{
	union db_param who[] = { { .s = b->worker } };
	struct counts c = { .v = arena_alloc(a, (size_t)(nsent ? nsent : 1) * sizeof(*c.v)) };
	if (!db_begin())
		return false;
	if (nlate && exec_all_ids(a, "UPDATE outbox SET status = 'expired'," UNCOUNT ","
				  " provider_answer = 'deadline passed before it could be sent'"
				  " WHERE status = 'sending' AND claimed_by = ? AND id IN " ID_LIST,
				  "s", who, late, nlate) < 0)
		goto fail;
	for (int k = 0; k < nsent; k += IDS) {
		int n = nsent - k < IDS ? nsent - k : IDS;
		if (!count_new(a, sent + k, n, &c) || !mark_sent(a, b, sent + k, n))
			goto fail;
	}
	if (c.n && !add_counts(a, &c))
		goto fail;
	return db_commit();
fail:
	db_rollback();
	return false;
}

bool outbox_record(struct arena *a, struct outbox_batch *b)
{
	long long *late, *sent;
	int nlate = ids_where(a, b, ST(OUTBOX_LATE), &late);
	int nsent = ids_where(a, b, ST(OUTBOX_ACCEPTED), &sent);
	if (!nlate && !nsent)
		return true;
	bool ok = false;
	for (int try = 0; try < 3 && !ok; try++) {
		ok = record_once(a, b, late, nlate, sent, nsent);
		if (!ok && !db_retryable())
			break;
	}
	if (!ok)
		return false;
	for (int i = 0; i < b->n; i++)
		if (b->m[i].state == OUTBOX_LATE || b->m[i].state == OUTBOX_ACCEPTED)
			b->m[i].state = OUTBOX_DONE;
	b->unrecorded_ms = 0;
	return true;
}

bool outbox_mark_failed(struct arena *a, struct outbox_msg *m, const char *worker, bool final,
                        int delay_s, const char *transport, const char *answer)
{
	m->state = OUTBOX_DONE;
	return db_exec(a, NULL,
		"UPDATE outbox SET status = ?, next_try_utc = UTC_TIMESTAMP() + INTERVAL ? SECOND,"
		" transport = ?, provider_answer = ?"
		" WHERE id = ? AND status = 'sending' AND claimed_by = ?",
		"sissis", final ? "failed" : "pending", (long long)delay_s, transport, answer, m->id,
		worker) >= 0;
}

void outbox_release(struct arena *a, struct outbox_batch *b)
{
	long long *ids;
	int n = ids_where(a, b, ST(OUTBOX_HELD), &ids);
	union db_param who[] = { { .s = b->worker } };
	if (n && exec_all_ids(a, "UPDATE outbox SET status = 'pending'," UNCOUNT
			      " WHERE status = 'sending' AND claimed_by = ? AND id IN " ID_LIST,
			      "s", who, ids, n) >= 0)
		for (int i = 0; i < b->n; i++)
			if (b->m[i].state == OUTBOX_HELD)
				b->m[i].state = OUTBOX_DONE;
}

int outbox_recover(struct arena *a)
{
	return (int)db_exec(a, NULL,
		"UPDATE outbox SET status = 'pending',"
		" provider_answer = 'lease expired (worker gone): sent again with the same idempotency key'"
		" WHERE status = 'sending' AND claim_until < UTC_TIMESTAMP()", "");
}
