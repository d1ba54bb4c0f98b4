/* notify.c — creneau-notify, the notification worker. In a loop it frees
 * expired holds, queues the reminders that are due, and delivers the
 * outbox through the transports of the settings (transport.h): SMTP, an
 * HTTP SMS gateway, or "local" (nothing leaves the machine; /outbox shows
 * the messages in development).
 *
 * Several workers may run at once, and any of them may be killed or
 * stopped at any moment. The database bookkeeping is done per batch
 * (notify_batch messages), not per message: one transaction claims the
 * batch, one records what became of it, each statement naming the whole
 * batch (core/outbox.c). How nothing is lost and nothing is sent twice:
 *
 *  1. Claim. One transaction takes a batch of due messages with SELECT ...
 *     FOR UPDATE SKIP LOCKED, marks those past their deadline expired and
 *     the others 'sending' with a lease (claimed_by, claim_until) and
 *     their attempt counted, then commits. Another worker skips the locked
 *     rows and, after the commit, no longer sees them as pending: no
 *     message is handed to two workers.
 *  2. Lease. The worker knows until when its lease holds without asking:
 *     from CLOCK_BOOTTIME read before the claim (the lease starts later in
 *     the database, so this end is never late, and the clock runs on while
 *     the process is stopped). Before each provider call it checks that
 *     the lease covers the call and 2 s more to record its outcome
 *     (notify_send_timeout_s + 2). When it does not, it records what was
 *     decided (step 5), then renews the lease of the batch's remaining
 *     messages with one UPDATE conditional on their still being ours. If
 *     fewer rows were renewed than named, one SELECT tells which are still
 *     ours; the others were taken back after the lease ran out, and this
 *     worker never sends them. With the local transport or a provider that
 *     answers quickly, a batch ends long before its lease: no renewal.
 *  3. Deadline. The claim reads how long each message has left, by the
 *     database's clock; right before the call the worker compares that
 *     with CLOCK_BOOTTIME. Past it, the message is never sent: it is
 *     recorded expired. A reminder is also checked against its booking's
 *     current start (one query each; reminders are few).
 *  4. The provider call carries an idempotency reference derived from the
 *     message's unique idem_key: the SMTP Message-ID, the gateway's {ref}
 *     and Idempotency-Key header.
 *  5. Record. What the providers accepted is recorded 'sent' (each message
 *     with its own answer) with the monthly counters of its communes, and
 *     what expired in step 3 'expired', in one transaction: at the end of
 *     the batch, a second after the oldest outcome at the latest, and
 *     before a renewal. That transaction first locks the accepted messages
 *     and counts only those not yet 'sent', the ones it changes: a message
 *     recorded by two workers (after a lost lease) is counted once. A
 *     refusal is recorded at once, message by message (refusals are
 *     rare): back to 'pending' with a growing back-off
 *     (notify_backoff_base_s x 2^(attempts-1), capped), or 'failed' after
 *     notify_max_attempts or a permanent refusal. On SIGTERM the worker
 *     makes no further call, records what was accepted and gives the rest
 *     back ('pending', their attempt uncounted).
 *
 * A worker that dies between 1 and 5 leaves its messages 'sending'; when
 * the lease runs out (outbox_recover) they become pending again (one never
 * tried keeps the attempt its claim counted). The one window that cannot
 * be closed from our side — the provider accepted, the worker died before
 * step 5 committed — is why step 4 exists: the message is sent again with
 * the same reference, and the provider (as SMTP relays and SMS gateways do
 * with a repeated Message-ID / client reference, and as the test servers
 * of tests/notify/ do) answers "already accepted" without delivering it
 * twice. Recording per batch widens that window from one message to what
 * was accepted in the last second at most. A live worker never loses a
 * message it is sending: when a call starts, the lease covers it and 2 s
 * more, and what was accepted is recorded before the lease gets shorter
 * than that (assuming, as leases do, that the database's clock does not
 * jump forward).
 *
 * Cost, whatever the batch's size: about 3 statements and a commit to
 * claim it, 3 and a commit to record it (one more per 32 messages, or per
 * 8 commune-and-channel counters), with SMTP one query for the communes'
 * Reply-To addresses, plus one statement per reminder, per refusal, and
 * per renewal when a slow provider makes a batch outlast its lease.
 *
 * Usage: creneau-notify                       the daemon (SIGTERM stops it)
 *        creneau-notify queue KIND REF [LINK [REASON]]
 *                                             queue a booking's message by hand
 *                                             (KIND: confirmed, reminder, moved,
 *                                             cancelled, cancelled_commune, noshow) */
#include "status.h"
#include "ants_coord.h"
#include "booking.h"
#include "catalog.h"
#include "config.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "message.h"
#include "message_mime.h"
#include "outbox.h"
#include "tpl.h"
#include "transport.h"
#include "webhook.h"
#include "survey.h"
#include "waitlist.h"

#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

/* How long a batch that was not full waits for the next one. */
#define GATHER_MS 50

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Seconds a lease must still run after a provider call, to record its
 * outcome. */
#define RECORD_MARGIN_S 2

static struct {
	char id[80];                 /* claimed_by: host:pid:random */
	struct transport tr;
	int batch, lease_s, poll_ms, backoff_base, backoff_max, max_attempts;
	int ants_batch, ants_timeout_s, ants_backoff_base, ants_max_attempts;
	int webhook_batch, webhook_timeout_s, webhook_backoff_base, webhook_max_attempts;
	int waitlist_interval_s, survey_interval_s;
	const char *base_url;
} W;

static long setting(const char *key, long def, long min, long max)
{
	long v = config_int(key, def);
	return v < min ? min : v > max ? max : v;
}

/* An answer fit for a log line: anything that could be an address or a
 * phone number (a word with '@', 6 digits in a row) is masked. */
static void scrub(const char *in, char *out, size_t outsz)
{
	size_t o = 0;
	const char *p = in;
	while (*p && o + 4 < outsz) {
		size_t n = strcspn(p, " <>,;:()[]\"'");
		bool hide = memchr(p, '@', n) != NULL;
		int digits = 0;
		for (size_t i = 0; i < n && !hide; i++) {
			digits = (p[i] >= '0' && p[i] <= '9') ? digits + 1 : 0;
			hide = digits >= 6;
		}
		if (n == 0) {
			out[o++] = *p++;
			continue;
		}
		if (hide) {
			memcpy(out + o, "***", 3);
			o += 3;
		} else {
			size_t k = n < outsz - o - 1 ? n : outsz - o - 1;
			memcpy(out + o, p, k);
			o += k;
		}
		p += n;
	}
	out[o] = '\0';
}

static int backoff_from(int base, int attempts)
{
	long d = base;
	for (int i = 1; i < attempts && d < W.backoff_max; i++)
		d *= 2;
	return (int)(d < W.backoff_max ? d : W.backoff_max);
}

static int backoff(int attempts)
{
	return backoff_from(W.backoff_base, attempts);
}

static enum tr_result send_email(struct arena *a, const struct outbox_msg *m, const char *ref,
                                 char *answer, size_t answersz)
{
	struct mime_mail mail = {
		.from = W.tr.email_from,
		.to = m->recipient,
		/* The commune's own address, so that answers reach the town hall
		 * and not a no-reply box. */
		.reply_to = mime_addr_ok(m->commune_email) ? m->commune_email : NULL,
		.subject = m->subject ? m->subject : "",
		.text = m->body,
		.html = m->body_html ? m->body_html : msg_text_to_html(a, m->body, m->lang),
		.ics = m->ics,
		.ics_name = "rendez-vous.ics",
		.message_id = arena_printf(a, "<%s@%s>", ref, W.tr.from_domain),
		.date = time(NULL),
		.lang = m->lang,
	};
	struct sbuf mime;
	sbuf_init(&mime);
	enum tr_result res;
	if (!mime_build(&mail, &mime)) {
		snprintf(answer, answersz, "not sent: malformed recipient address");
		res = TR_FAIL;
	} else
		res = transport_smtp_send(&W.tr, m->recipient, mime.s, answer, answersz);
	sbuf_free(&mime);
	return res;
}

/* Seconds of lease a message needs when its provider call starts: the
 * call itself, then the time to record its outcome. */
static int lease_needed(void)
{
	return (int)W.tr.timeout_s + RECORD_MARGIN_S;
}

/* A reminder must still announce its booking's start. */
static bool reminder_right(struct arena *a, struct outbox_msg *m, const char *who)
{
	switch (outbox_check_reminder(a, m, W.id)) {
	case OUTBOX_GO:
		return true;
	case OUTBOX_OBSOLETE:
		log_info("outbox %lld (%s to %s): the appointment changed, not sent", m->id, m->kind, who);
		return false;
	case OUTBOX_SKIP:
		break;
	}
	log_error("outbox %lld: no longer held by this worker, skipped", m->id);
	return false;
}

/* One message of the batch. Returns false when the database failed (the
 * batch stops: what it still holds comes back when the lease runs out). */
static bool deliver(struct arena *a, struct outbox_batch *b, struct outbox_msg *m)
{
	char who[64];
	log_mask_contact(m->recipient, who, sizeof(who));
	if (m->state == OUTBOX_HELD && str_eq(m->kind, "reminder") && !reminder_right(a, m, who))
		return true;
	/* Last, right before the call: the lease, then the deadline. */
	if (!outbox_hold(a, b, lease_needed()))
		return false;
	if (m->state == OUTBOX_LOST) {
		log_error("outbox %lld: no longer held by this worker, skipped", m->id);
		return true;
	}
	if (outbox_past_deadline(m)) {
		outbox_late(b, m);
		log_info("outbox %lld (%s, %s to %s): deadline passed, expired", m->id, m->kind, m->channel, who);
		return true;
	}
	char ref[33], answer[OUTBOX_ANSWER_LEN + 1];
	outbox_provider_ref(m->idem_key, ref);
	bool sms = str_eq(m->channel, "sms");
	const char *tname;
	enum tr_result res;
	if (sms && W.tr.sms_http) {
		tname = "http";
		res = transport_sms_send(&W.tr, m->recipient, m->body, ref, answer, sizeof(answer));
	} else if (!sms && W.tr.email_smtp) {
		tname = "smtp";
		res = send_email(a, m, ref, answer, sizeof(answer));
	} else {
		tname = "local";
		res = TR_OK;
		snprintf(answer, sizeof(answer), "local outbox");
	}
	if (res == TR_OK) {
		/* Recorded with the others of the batch (outbox_record). */
		outbox_accepted(a, b, m, tname, answer);
		log_info("outbox %lld (%s, %s to %s): sent via %s, attempt %d", m->id, m->kind, m->channel, who,
			 tname, m->attempts);
		return true;
	}
	char safe[400];
	scrub(answer, safe, sizeof(safe));
	bool final = res == TR_FAIL || m->attempts >= W.max_attempts;
	int delay = backoff(m->attempts);
	outbox_mark_failed(a, m, W.id, final, delay, tname, answer);
	if (final)
		log_error("outbox %lld (%s, %s to %s): failed for good after %d attempt(s): %s", m->id, m->kind,
			  m->channel, who, m->attempts, safe);
	else
		log_error("outbox %lld (%s, %s to %s): attempt %d failed, retry in %d s: %s", m->id, m->kind,
			  m->channel, who, m->attempts, delay, safe);
	return true;
}

/* Records what the batch decided; a message the provider accepted but
 * that could not be recorded goes again when the lease runs out, with the
 * same reference: the provider drops the repeat. */
static void record(struct arena *a, struct outbox_batch *b)
{
	if (outbox_record(a, b))
		return;
	for (int i = 0; i < b->n; i++)
		if (b->m[i].state == OUTBOX_ACCEPTED)
			log_error("outbox %lld: sent but not recorded (database): will be resent deduplicated",
				  b->m[i].id);
}

/* Between batches nothing read is in use any more: the arena and the
 * catalog copies replaced meanwhile (booking_load() reads the catalog)
 * are freed. */
static void done(struct arena *a)
{
	arena_reset(a);
	catalog_end_request();
	db_unit_begin();
}

/* The work besides delivery, at most once a second: the heartbeat, the
 * expired holds (their places go back), leases that ran out, the
 * reminders due. Also called between messages: neither a busy outbox
 * (a rush) nor a slow provider delays it by more than one call. */
static void tend(struct arena *a)
{
	static struct timespec last;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last.tv_sec && (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000 < 1000)
		return;
	last = now;
	db_unit_begin();   /* each piece of work stands alone (db.h) */
	db_exec(a, NULL, "INSERT INTO heartbeats (name, at_utc) VALUES ('notify', UTC_TIMESTAMP())"
		" ON DUPLICATE KEY UPDATE at_utc = UTC_TIMESTAMP()", "");
	int expired = booking_expire_holds(a);
	if (expired)
		log_info("%d holds expired", expired);
	int back = outbox_recover(a);
	if (back > 0)
		log_info("%d message(s) taken back from a lease that ran out", back);
	back = ants_coord_recover(a);
	if (back > 0)
		log_info("%d ANTS declaration(s) taken back from a lease that ran out", back);
	back = webhook_recover(a);
	if (back > 0)
		log_info("%d webhook delivery(ies) taken back from a lease that ran out", back);
	outbox_queue_reminders(a, W.base_url, 200);
	/* The automatic part of the public service status: backlogs of SMS,
	 * emails and ANTS declarations (core/status.h). */
	db_unit_begin();
	status_health_tick(a);
}

/* The waiting list's offers (core/waitlist.h): places freed by a
 * cancellation, an expired hold or new opening hours are found by
 * looking, so every cause is covered alike. Between batches only, never
 * while a batch's messages are held (their lease runs). */
static void waitlist_tick(struct arena *a)
{
	static time_t last_wait;
	if (time(NULL) - last_wait >= W.waitlist_interval_s) {
		last_wait = time(NULL);
		db_unit_begin();
		int offers = waitlist_round(a, W.base_url, 20);
		if (offers > 0)
			log_info("%d waiting-list offer(s) made", offers);
	}
}

/* The satisfaction survey's invitations (core/survey.h): the finished
 * appointments past their commune's delay get their draw, and the drawn
 * ones their message, at the same pace and place as the waiting list. */
static void survey_tick(struct arena *a)
{
	static time_t last_survey;
	if (time(NULL) - last_survey >= W.survey_interval_s) {
		last_survey = time(NULL);
		db_unit_begin();
		int n = survey_round(a, W.base_url, 50);
		if (n > 0)
			log_info("%d survey invitation(s) queued", n);
	}
}

/* The declarations to the ANTS coordination API (core/ants_coord.h), the
 * same way: one claim (SKIP LOCKED) with a lease that covers every call
 * of the batch and RECORD_MARGIN_S more, each outcome recorded right
 * after its call and only while the row is still ours. A worker killed
 * after ANTS took a declaration and before it was recorded leaves it
 * 'sending': after the lease it goes again, and ANTS answers that it
 * already exists, which counts as done (a repeated DELETE finds nothing
 * to delete, which is done too). Returns how many rows were handled. */
static int ants_batch(struct arena *a, int max)
{
	if (!ants_coord_enabled())
		return 0;
	/* A create may first ask the number's status: two calls. */
	int need = 2 * W.ants_timeout_s + RECORD_MARGIN_S;
	int lease = max * need + RECORD_MARGIN_S;
	if (lease < W.lease_s)
		lease = W.lease_s;
	long long lease_end = outbox_clock_ms() + (long long)lease * 1000;
	struct ants_job *j;
	int n = ants_coord_claim(a, W.id, max, lease, &j);
	if (n <= 0)
		return 0;
	int i = 0;
	for (; i < n && !stopping; i++) {
		db_unit_begin();
		if (outbox_clock_ms() + (long long)need * 1000 > lease_end)
			break;
		char answer[OUTBOX_ANSWER_LEN + 1], safe[400];
		enum ants_call res = ants_coord_send(&j[i], W.ants_timeout_s, answer, sizeof(answer));
		scrub(answer, safe, sizeof(safe));
		if (res == ANTS_CALL_OK) {
			if (!ants_coord_done(a, &j[i], W.id, answer))
				log_error("ants %lld: declared but not recorded (database): will be sent again", j[i].id);
			else
				log_info("ants %lld (%s, booking %lld): done, attempt %d", j[i].id, j[i].op, j[i].booking_id,
					 j[i].attempts);
			continue;
		}
		bool final = res == ANTS_CALL_FAIL || j[i].attempts >= W.ants_max_attempts;
		int delay = backoff_from(W.ants_backoff_base, j[i].attempts);
		ants_coord_failed(a, &j[i], W.id, final, delay, answer);
		if (final)
			log_error("ants %lld (%s, booking %lld): failed for good after %d attempt(s): %s", j[i].id, j[i].op,
				  j[i].booking_id, j[i].attempts, safe);
		else
			log_error("ants %lld (%s, booking %lld): attempt %d failed, retry in %d s: %s", j[i].id, j[i].op,
				  j[i].booking_id, j[i].attempts, delay, safe);
	}
	/* Stopping, or the lease too short for one more call: given back. */
	for (; i < n; i++)
		ants_coord_release(a, &j[i], W.id);
	return n;
}

/* The webhooks' deliveries (core/webhook.h), as the ANTS declarations:
 * one claim with a lease covering every call of the batch, each outcome
 * recorded right after its call while the row is still ours. A worker
 * killed after a receiver took a delivery and before it was recorded
 * leaves it 'sending': after the lease it goes again with the same
 * X-Creneau-Delivery id, on which receivers dedupe (at least once).
 * Returns how many rows were handled. */
static int webhook_batch(struct arena *a, int max)
{
	int need = W.webhook_timeout_s + RECORD_MARGIN_S;
	int lease = max * need + RECORD_MARGIN_S;
	if (lease < W.lease_s)
		lease = W.lease_s;
	long long lease_end = outbox_clock_ms() + (long long)lease * 1000;
	struct webhook_job *j;
	int n = webhook_claim(a, W.id, max, lease, &j);
	if (n <= 0)
		return 0;
	int i = 0;
	for (; i < n && !stopping; i++) {
		db_unit_begin();
		if (outbox_clock_ms() + (long long)need * 1000 > lease_end)
			break;
		char answer[OUTBOX_ANSWER_LEN + 1], safe[400];
		long code = 0;
		enum webhook_call res = webhook_send(&j[i], W.webhook_timeout_s, &code, answer, sizeof(answer));
		scrub(answer, safe, sizeof(safe));
		if (res == WEBHOOK_OK) {
			if (!webhook_done(a, &j[i], W.id, code, answer))
				log_error("webhook delivery %lld: delivered but not recorded (database): will be sent again", j[i].id);
			else
				log_info("webhook delivery %lld (%s, booking %lld, endpoint %lld): done, attempt %d", j[i].id,
					 j[i].event, j[i].booking_id, j[i].webhook_id, j[i].attempts);
			continue;
		}
		bool gone = res == WEBHOOK_GONE;
		bool final = gone || res == WEBHOOK_FAIL || j[i].attempts >= W.webhook_max_attempts;
		int delay = backoff_from(W.webhook_backoff_base, j[i].attempts);
		webhook_failed(a, &j[i], W.id, final, gone, delay, code, answer);
		if (gone)
			log_error("webhook delivery %lld: endpoint %lld answered 410 Gone: endpoint turned off", j[i].id,
				  j[i].webhook_id);
		else if (final)
			log_error("webhook delivery %lld (%s, endpoint %lld): failed for good after %d attempt(s): %s", j[i].id,
				  j[i].event, j[i].webhook_id, j[i].attempts, safe);
		else
			log_error("webhook delivery %lld (%s, endpoint %lld): attempt %d failed, retry in %d s: %s", j[i].id,
				  j[i].event, j[i].webhook_id, j[i].attempts, delay, safe);
	}
	/* Stopping, or the lease too short for one more call: given back. */
	for (; i < n; i++)
		webhook_release(a, &j[i], W.id);
	webhook_jobs_wipe(j, n);
	return n;
}

/* Claims and delivers one batch; returns how many messages it handled. */
static int deliver_batch(struct arena *a)
{
	struct outbox_batch b;
	int expired = 0;
	int n = outbox_claim(a, W.id, W.batch, W.lease_s, &b, &expired);
	if (n < 0)
		return 0;
	if (expired)
		log_info("%d message(s) expired before they could be sent", expired);
	if (W.tr.email_smtp)
		outbox_commune_emails(a, &b);
	bool db_ok = true;
	for (int i = 0; i < n && db_ok && !stopping; i++) {
		db_unit_begin();
		db_ok = deliver(a, &b, &b.m[i]);
		if (outbox_record_due(&b))
			outbox_record(a, &b);   /* what fails is tried again below */
		tend(a);
	}
	db_unit_begin();
	record(a, &b);
	/* Stopping: what was not attempted goes back to the queue. */
	if (stopping)
		outbox_release(a, &b);
	return n + expired;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int run(void)
{
	char err[200];
	if (!transport_load(&W.tr, err, sizeof(err))) {
		log_error("notification settings: %s", err);
		return 2;
	}
	W.batch = (int)setting("notify_batch", 20, 1, 500);
	W.poll_ms = (int)setting("notify_poll_ms", 2000, 50, 60000);
	W.backoff_base = (int)setting("notify_backoff_base_s", 30, 1, 86400);
	W.backoff_max = (int)setting("notify_backoff_max_s", 3600, 1, 7 * 86400);
	W.max_attempts = (int)setting("notify_max_attempts", 10, 1, 1000);
	/* The lease must outlive one provider call (see the top comment). */
	W.lease_s = (int)setting("notify_lease_s", 120, 2, 86400);
	if (W.lease_s < lease_needed()) {
		log_info("notify_lease_s raised to %d (notify_send_timeout_s + %d)", lease_needed(), RECORD_MARGIN_S);
		W.lease_s = lease_needed();
	}
	W.base_url = config_get("public_base_url", "http://127.0.0.1:8080");
	W.ants_batch = (int)setting("ants_batch", 10, 1, 100);
	W.ants_timeout_s = (int)setting("ants_send_timeout_s", 10, 1, 120);
	W.ants_backoff_base = (int)setting("ants_backoff_base_s", W.backoff_base, 1, 86400);
	W.ants_max_attempts = (int)setting("ants_max_attempts", 50, 1, 1000);
	W.webhook_batch = (int)setting("webhook_batch", 10, 1, 100);
	W.webhook_timeout_s = (int)setting("webhook_send_timeout_s", 10, 1, 120);
	W.webhook_backoff_base = (int)setting("webhook_backoff_base_s", W.backoff_base, 1, 86400);
	W.webhook_max_attempts = (int)setting("webhook_max_attempts", 20, 1, 1000);
	W.waitlist_interval_s = (int)setting("waitlist_interval_s", 5, 1, 3600);
	W.survey_interval_s = (int)setting("survey_interval_s", 5, 1, 3600);
	char host[40] = "", rnd[9];
	gethostname(host, sizeof(host) - 1);
	/* outbox.claimed_by is ASCII (sql/010). */
	for (char *c = host; *c; c++)
		if ((unsigned char)*c < 0x21 || (unsigned char)*c > 0x7E)
			*c = '?';
	crypto_random_hex(rnd, 4);
	snprintf(W.id, sizeof(W.id), "%.40s:%d:%s", host, (int)getpid(), rnd);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct arena *a = arena_new();
	log_info("notification worker %s started (email: %s, sms: %s, ANTS coordination: %s, poll %d ms)", W.id,
		 W.tr.email_smtp ? "smtp" : "local", W.tr.sms_http ? "http" : "local",
		 ants_coord_enabled() ? "on" : "off", W.poll_ms);
	time_t last_purge = 0;
	while (!stopping) {
		if (!db_ping()) {
			sleep_ms(W.poll_ms > 2000 ? W.poll_ms : 2000);
			continue;
		}
		tend(a);
		waitlist_tick(a);
		survey_tick(a);
		done(a);
		/* Deliver while there is something to send. A batch that was not
		 * full waits GATHER_MS for the next to fill (the cost is per
		 * batch). */
		bool busy = false;
		for (;;) {
			int n = deliver_batch(a);
			done(a);
			/* The people's messages (codes above all) come first: while
			 * there are some, the ANTS declarations and the webhooks go
			 * one at a time between their batches, so a slow or silent
			 * ANTS or receiver delays a code by one call at most. */
			int side = n > 0 ? 1 : 0;
			n += ants_batch(a, side ? side : W.ants_batch);
			done(a);
			n += webhook_batch(a, side ? side : W.webhook_batch);
			done(a);
			if (n == 0 || stopping)
				break;
			busy = true;
			tend(a);
			waitlist_tick(a);
			survey_tick(a);
			if (n < W.batch)
				sleep_ms(GATHER_MS);
		}
		if (time(NULL) - last_purge > 3600) {
			db_exec(a, NULL, "DELETE FROM rate_events WHERE at_utc < UTC_TIMESTAMP() - INTERVAL 1 DAY", "");
			last_purge = time(NULL);
		}
		done(a);
		for (int slept = 0; !busy && slept < W.poll_ms && !stopping; slept += 100)
			sleep_ms(W.poll_ms - slept < 100 ? W.poll_ms - slept : 100);
	}
	arena_free(a);
	transport_free(&W.tr);
	db_close();
	log_info("notification worker %s stopped", W.id);
	return 0;
}

/* creneau-notify queue KIND REF [LINK [REASON]] */
static int queue_cmd(int argc, char **argv)
{
	enum msg_kind k;
	if (argc < 4 || !msg_kind_parse(argv[2], &k) || k == MSG_CODE) {
		fprintf(stderr, "usage: creneau-notify queue confirmed|reminder|moved|cancelled|"
			"cancelled_commune|noshow REF [LINK [REASON]]\n");
		return 2;
	}
	struct arena *a = arena_new();
	int rc = 1;
	bool ok;
	struct booking_view v;
	const char *base = config_get("public_base_url", "http://127.0.0.1:8080");
	if (!db_connect() || !booking_load(a, 0, argv[3], &v)) {
		fprintf(stderr, "creneau-notify: booking %s not found\n", argv[3]);
		goto out;
	}
	if (!db_begin())
		goto out;
	ok = k == MSG_CANCELLED_COMMUNE
		? outbox_cancelled_commune(a, &v, argc > 4 ? argv[4] : NULL, argc > 5 ? argv[5] : NULL, base)
		: outbox_booking(a, &v, argv[2], NULL, NULL, base);
	if (k == MSG_REMINDER && ok)
		db_exec(a, NULL, "INSERT IGNORE INTO booking_reminders (booking_id, start_utc, queued_utc)"
			" SELECT id, start_utc, UTC_TIMESTAMP() FROM bookings WHERE id = ?", "i", v.id);
	if (ok && db_commit()) {
		printf("queued %s for %s\n", argv[2], v.ref);
		rc = 0;
	} else {
		db_rollback();
		fprintf(stderr, "creneau-notify: could not queue %s for %s\n", argv[2], v.ref);
	}
out:
	arena_free(a);
	db_close();
	return rc;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return 1;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	if (!tpl_init(config_get("templates_dir", "templates"), i18n_langs))
		return 1;
	if (argc > 1 && str_eq(argv[1], "queue"))
		return queue_cmd(argc, argv);
	if (argc > 1) {
		fprintf(stderr, "usage: creneau-notify [queue KIND REF [LINK [REASON]]]\n");
		return 2;
	}
	return run();
}
