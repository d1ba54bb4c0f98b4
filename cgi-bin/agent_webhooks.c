/* agent_webhooks.c — a commune's webhooks (core/webhook.h), for its
 * administrators and the platform administrator: the endpoints with the
 * state of their deliveries, adding one (its secret shown once), turning
 * one off and on, a new secret (shown once), deleting; an endpoint's
 * delivery log, where a failed delivery can be sent again. The commune of
 * every record is checked against the signed-in person's. */
#include "agent.h"
#include "commune.h"
#include "form.h"
#include "i18n.h"
#include "page.h"
#include "validate.h"
#include "webhook.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The form's names of the events (ev_created ...), in webhook_events' order. */
static const char *const event_fields[WEBHOOK_NEVENTS] = {
	"ev_created", "ev_confirmed", "ev_moved", "ev_cancelled", "ev_attendance",
};

static const char *event_label(const char *ev)
{
	if (str_eq(ev, "booking.created"))
		return _("rendez-vous créé (réservé, en attente du code)");
	if (str_eq(ev, "booking.confirmed"))
		return _("rendez-vous confirmé");
	if (str_eq(ev, "booking.moved"))
		return _("rendez-vous déplacé");
	if (str_eq(ev, "booking.cancelled"))
		return _("rendez-vous annulé ou expiré");
	if (str_eq(ev, "booking.attendance"))
		return _("pointage (arrivée, début, fin, absence)");
	return ev;
}

static const char *status_label(const char *st)
{
	if (str_eq(st, "pending"))
		return _("en attente");
	if (str_eq(st, "sending"))
		return _("en cours d'envoi");
	if (str_eq(st, "done"))
		return _("remis");
	if (str_eq(st, "failed"))
		return _("échec");
	return "—";
}

static bool has_event(const char *events, const char *ev)
{
	size_t n = strlen(ev);
	for (const char *p = events; p && *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len == n && strncmp(p, ev, n) == 0)
			return true;
		p = c ? c + 1 : NULL;
	}
	return false;
}

/* The list of a commune's endpoints with the form to add one. f: the
 * form to show again (its errors), NULL for a fresh one; secret: a secret
 * to show once, with the endpoint it belongs to. */
static int render_list(struct request *r, long long commune, struct form *f, int status, const char *notice,
                       const char *secret, const char *secret_url)
{
	struct webhook *w;
	long n = webhook_list(r->arena, commune, &w);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Webhooks"));
	tpl_set_int(d, "COMMUNE_ID", commune);
	if (me(r)->role == ROLE_PLATFORM_ADMIN)
		tpl_set_int(tpl_section(d, "PLATFORM"), "COMMUNE_ID", commune);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (secret) {
		tpl_dict *s = tpl_section(d, "SECRET");
		tpl_set(s, "SECRET", secret);
		tpl_set(s, "URL", secret_url);
	}
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "WEBHOOK");
		tpl_set_int(x, "ID", w[i].id);
		tpl_set(x, "URL", w[i].url);
		tpl_set(x, "DESCRIPTION", *w[i].description ? w[i].description : "—");
		struct sbuf ev;
		sbuf_init(&ev);
		for (int k = 0; k < WEBHOOK_NEVENTS; k++)
			if (has_event(w[i].events, webhook_events[k])) {
				if (ev.len)
					sbuf_adds(&ev, ", ");
				sbuf_adds(&ev, event_label(webhook_events[k]));
			}
		tpl_set(x, "EVENTS", ev.s ? ev.s : "—");
		sbuf_free(&ev);
		tpl_show(x, w[i].active ? "ACTIVE" : "INACTIVE");
		if (!w[i].active && *w[i].disabled_reason)
			tpl_set(tpl_section(x, "REASON"), "REASON", w[i].disabled_reason);
		tpl_set(x, "LAST", *w[i].last_status
			? arena_printf(r->arena, "%s (%s UTC)", status_label(w[i].last_status), w[i].last_at)
			: _("aucune livraison"));
		tpl_set_int(x, "PENDING", w[i].pending);
		tpl_set_int(x, "FAILED", w[i].failed);
	}
	if (n == 0)
		tpl_show(d, "NONE");
	/* The form: the events ticked as sent, or all of them at first. */
	for (int k = 0; k < WEBHOOK_NEVENTS; k++) {
		tpl_dict *x = tpl_section(d, "EVENT");
		tpl_set(x, "FIELD", event_fields[k]);
		tpl_set(x, "CODE", webhook_events[k]);
		tpl_set(x, "LABEL", event_label(webhook_events[k]));
		if (!f || str_eq(req_form(r, event_fields[k]), "1"))
			tpl_show(x, "CHECKED");
	}
	if (f)
		form_fill(f, d);
	if (webhook_loopback_allowed())
		tpl_show(d, "LOOPBACK");
	return page_render(r, d, "agent_webhooks", status);
}

/* 0 when the commune exists and is the person's to manage, else the page
 * already answered (the platform administrator names it in the URL). */
static int commune_ok(struct request *r, long long commune)
{
	if (!commune || !agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct commune_row c;
	int found = commune_get(r->arena, commune, &c);
	if (found < 0)
		return page_unavailable(r);
	return found ? 0 : page_error(r, 404, _("Cette commune n'existe pas."));
}

int a_webhooks(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune)
		return agent_choose_commune(r, _("Webhooks"), "/agent/webhooks");
	int st = commune_ok(r, commune);
	return st ? st : render_list(r, commune, NULL, 200, NULL, NULL, NULL);
}

int a_webhook_create(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	int st = commune_ok(r, commune);
	if (st)
		return st;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = {
		{ "url", F_TEXT, true, 0, 500 },
		{ "description", F_TEXT, false, 0, 200 },
		{ "ev_created", F_CHECK, false, 0, 0 },
		{ "ev_confirmed", F_CHECK, false, 0, 0 },
		{ "ev_moved", F_CHECK, false, 0, 0 },
		{ "ev_cancelled", F_CHECK, false, 0, 0 },
		{ "ev_attendance", F_CHECK, false, 0, 0 },
	};
	form_check_all(&f, fs, ARRAY_LEN(fs));
	const char *url = form_value(&f, "url");
	if (url && webhook_url_internal(url, webhook_loopback_allowed()))
		form_fail(&f, "url", _("Cette adresse est celle d'un réseau interne : indiquez l'adresse publique du service qui reçoit les événements."));
	else if (url && !webhook_url_ok(url, webhook_loopback_allowed()))
		form_fail(&f, "url", webhook_loopback_allowed()
			  ? _("L'adresse doit commencer par https:// (ou http://127.0.0.1, http://localhost sur cette installation de test), sans identifiant ni mot de passe.")
			  : _("L'adresse doit commencer par https://, sans identifiant ni mot de passe."));
	struct sbuf ev;
	sbuf_init(&ev);
	for (int k = 0; k < WEBHOOK_NEVENTS; k++)
		if (form_value(&f, event_fields[k])) {
			if (ev.len)
				sbuf_addc(&ev, ',');
			sbuf_adds(&ev, webhook_events[k]);
		}
	if (!ev.len)
		form_fail(&f, "ev_created", _("Choisissez au moins un événement."));
	if (f.nerrors) {
		sbuf_free(&ev);
		return render_list(r, commune, &f, 422, NULL, NULL, NULL);
	}
	char secret[WEBHOOK_SECRET_HEX + 1];
	long long id;
	bool ok = webhook_create(r->arena, me(r)->id, commune, url, form_value(&f, "description"), ev.s, secret, &id);
	sbuf_free(&ev);
	if (!ok)
		return page_unavailable(r);
	st = render_list(r, commune, NULL, 200, _("Webhook ajouté."), secret, url);
	sodium_memzero(secret, sizeof(secret));
	return st;
}

/* The endpoint a URL names, if the signed-in person may act on it: 0 and
 * *w filled, else the page already answered. */
static int endpoint_of(struct request *r, const char *arg, struct webhook *w)
{
	long id;
	int found = valid_int(arg, 1, 2000000000, &id) ? webhook_get(r->arena, id, w) : 0;
	if (found < 0)
		return page_unavailable(r);
	if (found == 0)
		return page_error(r, 404, _("Ce webhook n'existe pas."));
	if (!agent_can_commune(me(r), w->commune_id))
		return agent_forbidden(r);
	return 0;
}

static const char *list_url(struct request *r, const struct webhook *w)
{
	return me(r)->role == ROLE_PLATFORM_ADMIN
		? arena_printf(r->arena, "/agent/webhooks?commune=%lld", w->commune_id) : "/agent/webhooks";
}

int a_webhook_log(struct request *r, char **args)
{
	struct webhook w;
	int st = endpoint_of(r, args[0], &w);
	if (st)
		return st;
	struct webhook_delivery *dl;
	long n = webhook_log(r->arena, w.id, 100, &dl);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Livraisons du webhook %s"), w.url));
	tpl_set_int(d, "ID", w.id);
	tpl_set(d, "URL", w.url);
	tpl_set(d, "COMMUNE", w.commune);
	tpl_set(d, "LIST_URL", list_url(r, &w));
	tpl_show(d, w.active ? "ACTIVE" : "INACTIVE");
	if (str_eq(req_arg(r, "renvoi"), "1"))
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", _("La livraison repart : elle sera envoyée dans quelques secondes."));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "DELIVERY");
		tpl_set_int(x, "ID", dl[i].id);
		tpl_set(x, "AT", dl[i].created_utc);
		tpl_set(x, "EVENT", dl[i].event);
		tpl_set(x, "REF", *dl[i].ref ? dl[i].ref : "—");
		tpl_set(x, "STATUS", status_label(dl[i].status));
		tpl_set(x, "STATUS_CODE", dl[i].status);
		tpl_set_int(x, "ATTEMPTS", dl[i].attempts);
		tpl_set(x, "HTTP", dl[i].http_status ? arena_printf(r->arena, "%ld", dl[i].http_status) : "—");
		tpl_set(x, "ANSWER", *dl[i].answer ? dl[i].answer : "—");
		if (str_eq(dl[i].status, "failed")) {
			tpl_dict *y = tpl_section(x, "REDELIVER");
			tpl_set_int(y, "ID", dl[i].id);
			tpl_set_int(y, "WEBHOOK_ID", w.id);
		}
	}
	if (n == 0)
		tpl_show(d, "NONE");
	return page_render(r, d, "agent_webhook_log", 200);
}

static int set_active(struct request *r, char **args, bool on)
{
	struct webhook w;
	int st = endpoint_of(r, args[0], &w);
	if (st)
		return st;
	if (!webhook_set_active(r->arena, me(r)->id, &w, on))
		return page_unavailable(r);
	return resp_redirect(r, list_url(r, &w));
}

int a_webhook_disable(struct request *r, char **args)
{
	return set_active(r, args, false);
}

int a_webhook_enable(struct request *r, char **args)
{
	return set_active(r, args, true);
}

int a_webhook_rotate(struct request *r, char **args)
{
	struct webhook w;
	int st = endpoint_of(r, args[0], &w);
	if (st)
		return st;
	char secret[WEBHOOK_SECRET_HEX + 1];
	if (!webhook_rotate(r->arena, me(r)->id, &w, secret))
		return page_unavailable(r);
	st = render_list(r, w.commune_id, NULL, 200,
			 _("Nouveau secret créé : l'ancien ne signe plus les livraisons."), secret, w.url);
	sodium_memzero(secret, sizeof(secret));
	return st;
}

int a_webhook_delete(struct request *r, char **args)
{
	struct webhook w;
	int st = endpoint_of(r, args[0], &w);
	if (st)
		return st;
	if (!webhook_delete(r->arena, me(r)->id, &w))
		return page_unavailable(r);
	return resp_redirect(r, list_url(r, &w));
}

int a_webhook_redeliver(struct request *r, char **args)
{
	struct webhook w;
	int st = endpoint_of(r, args[0], &w);
	if (st)
		return st;
	long id;
	if (!valid_int(req_form(r, "livraison"), 1, 2000000000000L, &id))
		return page_error(r, 422, _("Cette livraison n'existe pas ou n'a pas échoué."));
	switch (webhook_redeliver(r->arena, me(r)->id, &w, id)) {
	case 1:
		return resp_redirect(r, arena_printf(r->arena, "/agent/webhooks/%lld?renvoi=1", w.id));
	case 0:
		return page_error(r, 422, _("Cette livraison n'existe pas ou n'a pas échoué."));
	default:
		return page_unavailable(r);
	}
}
