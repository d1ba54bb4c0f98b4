/* public_pages.c — the home page, the information pages, /healthz and the
 * local outbox page used when no SMS/email provider is configured. */
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "place.h"
#include "public.h"
#include "retention.h"
#include "stats.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

void pub_procedure_options(struct request *r, tpl_dict *d, const char *selected)
{
	struct procedure_info *p;
	size_t n = place_procedures(r->arena, r->lang, &p);
	for (size_t i = 0; i < n; i++) {
		tpl_dict *o = tpl_section(d, "PROCEDURE_OPTION");
		tpl_set(o, "CODE", p[i].code);
		tpl_set(o, "NAME", p[i].name);
		if (str_eq(selected, p[i].code))
			tpl_show(o, "SELECTED");
	}
}

int h_home(struct request *r, char **args)
{
	(void)args;
	tpl_dict *d = page_new(r, _("Prendre rendez-vous en mairie"));
	pub_procedure_options(r, d, req_arg(r, "procedure"));
	for (int i = 1; i <= 5; i++) {
		tpl_dict *o = tpl_section(d, "PARTY_OPTION");
		tpl_set_int(o, "N", i);
		if (i == 1)
			tpl_show(o, "SELECTED");
	}
	return page_render(r, d, "home", 200);
}

int h_accessibility(struct request *r, char **args)
{
	(void)args;
	return page_render(r, page_new(r, _("Accessibilité")), "accessibility", 200);
}

int h_privacy(struct request *r, char **args)
{
	(void)args;
	/* The durations the purge applies, from the same settings. */
	struct retention ret;
	retention_settings(&ret);
	tpl_dict *d = page_new(r, _("Données personnelles"));
	tpl_set(d, "BOOKINGS", arena_printf(r->arena,
		P_("Rendez-vous, personnes et contacts : %d mois après la date du rendez-vous.",
		   "Rendez-vous, personnes et contacts : %d mois après la date du rendez-vous.", (unsigned long)ret.bookings_months),
		ret.bookings_months));
	tpl_set(d, "BODIES", arena_printf(r->arena,
		P_("Texte des messages envoyés (code, convocation, rappel) : %d mois.",
		   "Texte des messages envoyés (code, convocation, rappel) : %d mois.", (unsigned long)ret.bodies_months),
		ret.bodies_months));
	tpl_set(d, "RECEIPTS", arena_printf(r->arena,
		P_("Trace de leur envoi : %d mois.", "Trace de leur envoi : %d mois.", (unsigned long)ret.receipts_months),
		ret.receipts_months));
	tpl_set(d, "WAITLIST", arena_printf(r->arena,
		P_("Inscriptions sur la liste d'attente (personnes et contact) : %d mois après leur fin.",
		   "Inscriptions sur la liste d'attente (personnes et contact) : %d mois après leur fin.",
		   (unsigned long)ret.receipts_months), ret.receipts_months));
	tpl_set(d, "CODES", arena_printf(r->arena,
		P_("Codes à usage unique et traces de sécurité : %d jour après leur expiration.",
		   "Codes à usage unique et traces de sécurité : %d jours après leur expiration.", (unsigned long)ret.expired_days),
		ret.expired_days));
	return page_render(r, d, "privacy", 200);
}

static bool socket_answers(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return false;
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	bool ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

int h_healthz(struct request *r, char **args)
{
	(void)args;
	struct sbuf b;
	sbuf_init(&b);
	bool ok = true;
	if (!db_ping()) {
		sbuf_adds(&b, "database: down\n");
		ok = false;
	} else {
		sbuf_adds(&b, "database: ok\n");
		/* What happened meanwhile: when the server last started (a
		 * crash and its recovery show here), and this worker's
		 * reconnections. */
		struct db_res up;
		if (db_exec(r->arena, &up, "SELECT CAST(UTC_TIMESTAMP() - INTERVAL VARIABLE_VALUE SECOND AS DATETIME)"
			    " FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME'", "") == 1)
			sbuf_printf(&b, "database started: %s UTC\n", db_val(&up, 0, 0));
		const struct db_health *dh = db_health();
		char when[32] = "never", back[32] = "never";
		if (dh->last_unreachable)
			{ struct tm t; strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&dh->last_unreachable, &t)); }
		if (dh->last_reconnect)
			{ struct tm t; strftime(back, sizeof(back), "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&dh->last_reconnect, &t)); }
		sbuf_printf(&b, "this worker: %lu reconnections (last %s), %lu failed attempts (last %s)\n",
			    dh->connects ? dh->connects - 1 : 0, back, dh->failed_connects, when);
		struct db_res h;
		long long n = db_exec(r->arena, &h, "SELECT COUNT(*) FROM heartbeats WHERE name = 'notify'"
				      " AND at_utc > UTC_TIMESTAMP() - INTERVAL 60 SECOND", "");
		if (n < 0 || db_int(&h, 0, 0) == 0) {
			sbuf_adds(&b, "notify worker: down\n");
			ok = false;
		} else
			sbuf_adds(&b, "notify worker: ok\n");
	}
	sbuf_adds(&b, "public workers: ok\n");
	/* The staff program answers on its own socket: a connect proves a
	 * worker pool is listening behind it. */
	static const char *const progs[] = { "agent", "stats", "api" };
	for (size_t i = 0; i < ARRAY_LEN(progs); i++) {
		bool up = socket_answers(arena_printf(r->arena, "%s/%s.sock", config_get("socket_dir", "var/run"), progs[i]));
		sbuf_printf(&b, "%s workers: %s\n", progs[i], up ? "ok" : "down");
		ok = ok && up;
	}
	int st = resp_text(r, ok ? 200 : 503, "text/plain; charset=utf-8", b.s);
	sbuf_free(&b);
	return st;
}

int h_outbox(struct request *r, char **args)
{
	(void)args;
	if (!config_int("dev_outbox", 0))
		return page_error(r, 404, _("Cette page n'existe pas."));
	tpl_dict *d = page_new(r, _("Messages envoyés (boîte d'envoi locale)"));
	struct db_res m;
	db_exec(r->arena, &m, "SELECT id, created_utc, channel, recipient, subject, body, status, kind"
		" FROM outbox ORDER BY id DESC LIMIT 100", "");
	for (size_t i = 0; i < m.nrows; i++) {
		tpl_dict *s = tpl_section(d, "MESSAGE");
		tpl_set(s, "ID", db_val(&m, i, 0));
		tpl_set(s, "CREATED", db_val(&m, i, 1));
		tpl_set(s, "CHANNEL", db_val(&m, i, 2));
		tpl_set(s, "RECIPIENT", db_val(&m, i, 3));
		tpl_set(s, "SUBJECT", db_val(&m, i, 4));
		tpl_set(s, "BODY", db_val(&m, i, 5));
		tpl_set(s, "STATUS", db_val(&m, i, 6));
		tpl_set(s, "KIND", db_val(&m, i, 7));
	}
	if (m.nrows == 0)
		tpl_show(d, "EMPTY");
	return page_render(r, d, "outbox", 200);
}

/* Published delays (the prefecture's quality plan asks for them): for each
 * site and title procedure, the next free time now, computed live so it
 * follows the bookings. */
int h_delays(struct request *r, char **args)
{
	(void)args;
	struct delay_row *d;
	size_t n = stats_current_delays(r->arena, r->lang, true, &d);
	tpl_dict *t = page_new(r, _("Délais de rendez-vous"));
	for (size_t i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(t, "ROW");
		tpl_set(x, "SITE", d[i].site_name);
		tpl_set(x, "COMMUNE", d[i].commune_name);
		tpl_set(x, "PROCEDURE", d[i].procedure_name);
		if (d[i].has_free) {
			char when[100];
			i18n_when(d[i].earliest, when, sizeof(when));
			tpl_set(x, "NEXT", when);
			/* Whole calendar days from today to that date: what a
			 * person means by "in 3 days". */
			struct tm e;
			int ty, tm_, td;
			dt_utc_to_local(d[i].earliest, &e);
			dt_today_local(&ty, &tm_, &td);
			tpl_set_int(x, "DAYS", dt_days_between(ty, tm_, td, e.tm_year + 1900, e.tm_mon + 1, e.tm_mday));
		} else {
			tpl_set(x, "NEXT", _("aucun créneau libre"));
			tpl_set(x, "DAYS", "—");
		}
	}
	return page_render(r, t, "delays", 200);
}
