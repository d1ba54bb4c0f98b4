/* notify.c — creneau-notify, the notification worker. Every couple of
 * seconds it frees expired holds and delivers the outbox. Several workers
 * may run at once: a message is claimed with FOR UPDATE SKIP LOCKED, so no
 * two workers ever take the same one. Transports other than the local
 * outbox (SMTP, SMS gateway) are configured in the settings (issue #4);
 * with "local", a delivered message is simply shown on /outbox. */
#include "booking.h"
#include "config.h"

#include <sodium.h>
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "log.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Delivers up to 50 due messages; returns how many were handled. */
static int deliver_batch(struct arena *a)
{
	if (!db_begin())
		return 0;
	struct db_res r;
	if (db_exec(a, &r, "SELECT id, channel, deadline_utc IS NOT NULL AND deadline_utc < UTC_TIMESTAMP()"
		    " FROM outbox WHERE status = 'pending' AND next_try_utc <= UTC_TIMESTAMP()"
		    " ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED", "") < 0) {
		db_rollback();
		return 0;
	}
	const char *sms = config_get("sms_transport", "local");
	const char *email = config_get("email_transport", "local");
	for (size_t i = 0; i < r.nrows; i++) {
		long long id = db_int(&r, i, 0);
		if (db_int(&r, i, 2)) {
			/* Past its deadline a message is worthless (a code after 10
			 * minutes): never send it late. */
			db_exec(a, NULL, "UPDATE outbox SET status = 'expired' WHERE id = ?", "i", id);
			continue;
		}
		const char *transport = str_eq(db_val(&r, i, 1), "sms") ? sms : email;
		if (str_eq(transport, "local")) {
			db_exec(a, NULL, "UPDATE outbox SET status = 'sent', sent_utc = UTC_TIMESTAMP(),"
				" transport = 'local', attempts = attempts + 1, provider_answer = 'local outbox'"
				" WHERE id = ?", "i", id);
		} else {
			/* Unknown transport: keep it pending and say so, never
			 * pretend it was sent. */
			db_exec(a, NULL, "UPDATE outbox SET attempts = attempts + 1,"
				" next_try_utc = UTC_TIMESTAMP() + INTERVAL 5 MINUTE,"
				" provider_answer = 'transport not available' WHERE id = ?", "i", id);
			log_error("outbox %lld: transport %s is not available", id, transport);
		}
	}
	if (!db_commit())
		return 0;
	return (int)r.nrows;
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	struct arena *a = arena_new();
	log_info("notification worker started");
	time_t last_purge = 0;
	while (!stopping) {
		if (!db_ping()) {
			sleep(2);
			continue;
		}
		db_exec(a, NULL, "INSERT INTO heartbeats (name, at_utc) VALUES ('notify', UTC_TIMESTAMP())"
			" ON DUPLICATE KEY UPDATE at_utc = UTC_TIMESTAMP()", "");
		int expired = booking_expire_holds(a);
		if (expired)
			log_info("%d holds expired", expired);
		int n;
		while ((n = deliver_batch(a)) > 0 && !stopping)
			arena_reset(a);
		if (time(NULL) - last_purge > 3600) {
			db_exec(a, NULL, "DELETE FROM rate_events WHERE at_utc < UTC_TIMESTAMP() - INTERVAL 1 DAY", "");
			last_purge = time(NULL);
		}
		arena_reset(a);
		for (int i = 0; i < 4 && !stopping; i++)
			usleep(500 * 1000);
	}
	arena_free(a);
	db_close();
	log_info("notification worker stopped");
	return 0;
}
