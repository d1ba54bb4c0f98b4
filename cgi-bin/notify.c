/* notify.c — creneau-notify, the notification worker. In a loop it frees
 * expired holds, queues the reminders that are due, and delivers the
 * outbox through the transports of the settings (transport.h): SMTP, an
 * HTTP SMS gateway, or "local" (nothing leaves the machine; /outbox shows
 * the messages in development).
 *
 * Several workers may run at once, and any of them may be killed at any
 * moment. How nothing is lost and nothing is sent twice:
 *
 *  1. Claim. One transaction takes a batch of due messages with SELECT ...
 *     FOR UPDATE SKIP LOCKED and marks them 'sending' with a lease
 *     (claimed_by, claim_until), then commits. Another worker skips the
 *     locked rows and, after the commit, no longer sees them as pending:
 *     no message is handed to two workers.
 *  2. Before each provider call, a committed UPDATE renews the lease and
 *     counts the attempt, only if the message is still ours and before its
 *     deadline (a reminder is also checked against its booking's current
 *     start). Past its deadline a message is marked expired, never sent.
 *  3. The provider call carries an idempotency reference derived from the
 *     message's unique idem_key: the SMTP Message-ID, the gateway's {ref}
 *     and Idempotency-Key header.
 *  4. Only after the provider accepted is the message marked 'sent' (with
 *     its answer and the commune's monthly counter, in one transaction). A
 *     refusal puts it back to 'pending' with a growing back-off
 *     (notify_backoff_base_s x 2^(attempts-1), capped), or 'failed' after
 *     notify_max_attempts or a permanent refusal.
 *
 * A worker that dies between 1 and 4 leaves its messages 'sending'; when
 * the lease runs out (outbox_recover) they become pending again. The one
 * window that cannot be closed from our side — the provider accepted, the
 * worker died before step 4 committed — is why step 3 exists: the message
 * is sent again with the same reference, and the provider (as SMTP relays
 * and SMS gateways do with a repeated Message-ID / client reference, and
 * as the test servers of tests/notify/ do) answers "already accepted"
 * without delivering it twice. The lease is renewed per message for longer
 * than one provider call can last (notify_lease_s > notify_send_timeout_s),
 * so a live worker never loses a message it is sending.
 *
 * Usage: creneau-notify                       the daemon (SIGTERM stops it)
 *        creneau-notify queue KIND REF [LINK [REASON]]
 *                                             queue a booking's message by hand
 *                                             (KIND: confirmed, reminder, moved,
 *                                             cancelled, cancelled_commune, noshow) */
#include "booking.h"
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

#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static struct {
	char id[80];                 /* claimed_by: host:pid:random */
	struct transport tr;
	int batch, lease_s, poll_ms, backoff_base, backoff_max, max_attempts;
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

static int backoff(int attempts)
{
	long d = W.backoff_base;
	for (int i = 1; i < attempts && d < W.backoff_max; i++)
		d *= 2;
	return (int)(d < W.backoff_max ? d : W.backoff_max);
}

/* Reply-To of a commune's emails: its own address, so that answers reach
 * the town hall and not a no-reply box. */
static const char *reply_to(struct arena *a, long long commune_id)
{
	if (!commune_id)
		return NULL;
	struct db_res r;
	if (db_exec(a, &r, "SELECT email FROM communes WHERE id = ?", "i", commune_id) != 1)
		return NULL;
	const char *e = db_val(&r, 0, 0);
	return mime_addr_ok(e) ? e : NULL;
}

static enum tr_result send_email(struct arena *a, const struct outbox_msg *m, const char *ref,
                                 char *answer, size_t answersz)
{
	struct mime_mail mail = {
		.from = W.tr.email_from,
		.to = m->recipient,
		.reply_to = reply_to(a, m->commune_id),
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

/* One message, claimed by this worker. */
static void deliver(struct arena *a, const struct outbox_msg *m)
{
	char who[64];
	log_mask_contact(m->recipient, who, sizeof(who));
	switch (outbox_begin_attempt(a, m, W.id, W.lease_s)) {
	case OUTBOX_GO:
		break;
	case OUTBOX_EXPIRED:
		log_info("outbox %lld (%s, %s to %s): deadline passed, expired", m->id, m->kind, m->channel, who);
		return;
	case OUTBOX_OBSOLETE:
		log_info("outbox %lld (%s to %s): the appointment changed, not sent", m->id, m->kind, who);
		return;
	case OUTBOX_LOST:
		log_error("outbox %lld: no longer held by this worker, skipped", m->id);
		return;
	}
	char ref[33], answer[400];
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
	int attempts = m->attempts + 1;
	char safe[400];
	scrub(answer, safe, sizeof(safe));
	if (res == TR_OK) {
		if (outbox_mark_sent(a, m, tname, answer))
			log_info("outbox %lld (%s, %s to %s): sent via %s, attempt %d", m->id, m->kind, m->channel,
				 who, tname, attempts);
		else
			/* The lease runs out and the message goes again with the
			 * same reference: the provider drops the repeat. */
			log_error("outbox %lld: sent but not recorded (database): will be resent deduplicated", m->id);
		return;
	}
	bool final = res == TR_FAIL || attempts >= W.max_attempts;
	int delay = backoff(attempts);
	outbox_mark_failed(a, m, W.id, final, delay, tname, answer);
	if (final)
		log_error("outbox %lld (%s, %s to %s): failed for good after %d attempt(s): %s", m->id, m->kind,
			  m->channel, who, attempts, safe);
	else
		log_error("outbox %lld (%s, %s to %s): attempt %d failed, retry in %d s: %s", m->id, m->kind,
			  m->channel, who, attempts, delay, safe);
}

/* Claims and delivers one batch; returns how many messages it handled. */
static int deliver_batch(struct arena *a)
{
	struct outbox_msg *m;
	int expired = 0;
	int n = outbox_claim(a, W.id, W.batch, W.lease_s, &m, &expired);
	if (n < 0)
		return 0;
	if (expired)
		log_info("%d message(s) expired before they could be sent", expired);
	for (int i = 0; i < n; i++) {
		if (stopping) {
			outbox_release(a, &m[i], W.id);
			continue;
		}
		deliver(a, &m[i]);
	}
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
	if (W.lease_s < W.tr.timeout_s + 2) {
		log_info("notify_lease_s raised to %ld (notify_send_timeout_s + 2)", W.tr.timeout_s + 2);
		W.lease_s = (int)W.tr.timeout_s + 2;
	}
	W.base_url = config_get("public_base_url", "http://127.0.0.1:8080");
	char host[40] = "", rnd[9];
	gethostname(host, sizeof(host) - 1);
	crypto_random_hex(rnd, 4);
	snprintf(W.id, sizeof(W.id), "%.40s:%d:%s", host, (int)getpid(), rnd);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct arena *a = arena_new();
	log_info("notification worker %s started (email: %s, sms: %s, poll %d ms)", W.id,
		 W.tr.email_smtp ? "smtp" : "local", W.tr.sms_http ? "http" : "local", W.poll_ms);
	time_t last_purge = 0;
	while (!stopping) {
		if (!db_ping()) {
			sleep_ms(W.poll_ms > 2000 ? W.poll_ms : 2000);
			continue;
		}
		db_exec(a, NULL, "INSERT INTO heartbeats (name, at_utc) VALUES ('notify', UTC_TIMESTAMP())"
			" ON DUPLICATE KEY UPDATE at_utc = UTC_TIMESTAMP()", "");
		int expired = booking_expire_holds(a);
		if (expired)
			log_info("%d holds expired", expired);
		int back = outbox_recover(a);
		if (back > 0)
			log_info("%d message(s) taken back from a lease that ran out", back);
		outbox_queue_reminders(a, W.base_url, 200);
		arena_reset(a);
		while (!stopping && deliver_batch(a) > 0)
			arena_reset(a);
		if (time(NULL) - last_purge > 3600) {
			db_exec(a, NULL, "DELETE FROM rate_events WHERE at_utc < UTC_TIMESTAMP() - INTERVAL 1 DAY", "");
			last_purge = time(NULL);
		}
		arena_reset(a);
		for (int slept = 0; slept < W.poll_ms && !stopping; slept += 100)
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
	static const char *const langs[] = { "fr", "en", NULL };
	if (!tpl_init(config_get("templates_dir", "templates"), langs))
		return 1;
	if (argc > 1 && str_eq(argv[1], "queue"))
		return queue_cmd(argc, argv);
	if (argc > 1) {
		fprintf(stderr, "usage: creneau-notify [queue KIND REF [LINK [REASON]]]\n");
		return 2;
	}
	return run();
}
