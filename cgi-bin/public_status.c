/* public_status.c — the public service status (core/status.h): the page
 * /statut in the reader's language (the staff's comments too, French when
 * they wrote none in it), its feeds /statut.atom (Atom 1.0, one entry per
 * update) and /statut.json (the shape of Statuspage's summary.json), and
 * the email notices' subscription: a form on /statut, a confirmation link
 * (double opt-in), and the unsubscribe link of every notice. The links
 * open a page with one button (a POST): a mail scanner that follows links
 * confirms or unsubscribes nobody. */
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "json.h"
#include "page.h"
#include "public.h"
#include "ratelimit.h"
#include "status.h"

#include <stdio.h>
#include <string.h>

/* Newest events the page and the feeds show. */
#define HISTORY_MAX 50

static const char *iso(struct arena *a, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, buf);
}

static const char *when(struct arena *a, time_t t)
{
	char buf[128];
	i18n_when(t, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

/* "Réservation en ligne, SMS" in the page's language. */
static const char *comp_names(struct arena *a, unsigned comps)
{
	struct sbuf b;
	sbuf_init(&b);
	for (int c = 0; c < SC_COUNT; c++)
		if (comps & (1u << c))
			sbuf_printf(&b, "%s%s", b.len ? ", " : "", _(status_comp_label((enum status_comp)c)));
	const char *out = arena_strdup(a, b.s ? b.s : _("toute la plateforme"));
	sbuf_free(&b);
	return out;
}

static const char *event_title(struct arena *a, const struct status_event_row *e)
{
	return arena_printf(a, "%s — %s", e->maintenance ? _("Maintenance") : _("Incident"), comp_names(a, e->comps));
}

static const char *maint_text(struct arena *a, const struct status_maint *m, time_t now)
{
	if (m->starts <= now)
		return arena_printf(a, _("Maintenance en cours jusqu'au %s."), when(a, m->ends));
	return arena_printf(a, _("Maintenance prévue du %s au %s."), when(a, m->starts), when(a, m->ends));
}

static const char *overall_text(const struct status_now *s, time_t now, const char **state)
{
	enum status_state o = status_overall(s);
	*state = status_state_code(o);
	if (o == ST_DOWN)
		return _("Le service est interrompu.");
	if (o == ST_DEGRADED)
		return _("Le service est ralenti ou perturbé.");
	for (int i = 0; i < s->nmaint; i++)
		if (s->maint[i].ends > now) {
			*state = "maintenance";
			return s->maint[i].starts <= now ? _("Le service fonctionne, une maintenance est en cours.")
				: _("Le service fonctionne normalement. Une maintenance est prévue.");
		}
	return _("Le service fonctionne normalement.");
}

static int status_page(struct request *r, const struct status_now *s, struct form *f, int code, bool subscribed,
                       const char *alert)
{
	struct arena *a = r->arena;
	time_t now = time(NULL);
	struct status_event_row *ev = NULL;
	long nev = s->db_down ? 0 : status_history(a, HISTORY_MAX, &ev);
	if (nev < 0)
		return page_unavailable(r);
	tpl_dict *d = page_new(r, _("État du service"));
	const char *state;
	tpl_set(d, "OVERALL_TEXT", overall_text(s, now, &state));
	tpl_set(d, "OVERALL_STATE", state);
	if (s->db_down)
		tpl_show(d, "DB_DOWN");
	for (int c = 0; c < SC_COUNT; c++) {
		bool autom;
		enum status_state e = status_effective(s, (enum status_comp)c, &autom);
		tpl_dict *x = tpl_section(d, "COMPONENT");
		tpl_set(x, "CODE", status_comp_code((enum status_comp)c));
		tpl_set(x, "NAME", _(status_comp_label((enum status_comp)c)));
		tpl_set(x, "STATE", status_state_code(e));
		tpl_set(x, "STATE_TEXT", _(status_state_label(e)));
		if (autom) {
			tpl_dict *y = tpl_section(x, "AUTOMATIC");
			tpl_set(y, "REASON", _(status_reason_label(s->db_down && c <= SC_PERSONNEL ? "db_down" : s->auto_reason[c])));
		} else if (s->has_manual[c] && !s->db_down)
			tpl_show(x, "MANUAL");
		bool ongoing;
		const struct status_maint *m = status_maint_of(s, (enum status_comp)c, now, &ongoing);
		if (m)
			tpl_set(tpl_section(x, "COMP_MAINT"), "MAINT_TEXT", maint_text(a, m, now));
	}
	if (s->incident) {
		tpl_dict *x = tpl_section(d, "INCIDENT");
		const char *lang;
		tpl_set(x, "PHASE", _(status_phase_label(s->phase)));
		tpl_set(x, "AT", when(a, s->incident_at));
		tpl_set(x, "AT_ISO", iso(a, s->incident_at));
		tpl_set(x, "COMMENT", status_comment_in(&s->comment, r->lang, &lang));
		tpl_set(x, "COMMENT_LANG", lang);
	}
	for (int i = 0; i < s->nmaint; i++) {
		const struct status_maint *m = &s->maint[i];
		if (m->ends <= now)
			continue;
		tpl_dict *x = tpl_section(d, "MAINT");
		const char *lang;
		tpl_set_int(x, "ID", m->id);
		tpl_show(x, m->starts <= now ? "ONGOING" : "AHEAD");
		tpl_set(x, "FROM", when(a, m->starts));
		tpl_set(x, "FROM_ISO", iso(a, m->starts));
		tpl_set(x, "TO", when(a, m->ends));
		tpl_set(x, "TO_ISO", iso(a, m->ends));
		tpl_set(x, "COMPONENTS", comp_names(a, m->comps));
		tpl_set(x, "COMMENT", status_comment_in(&m->comment, r->lang, &lang));
		tpl_set(x, "COMMENT_LANG", lang);
	}
	if (nev == 0)
		tpl_show(d, "NO_HISTORY");
	for (long i = 0; i < nev; i++) {
		const struct status_event_row *e = &ev[i];
		tpl_dict *x = tpl_section(d, "EVENT");
		tpl_set_int(x, "ID", e->id);
		tpl_set(x, "TITLE", event_title(a, e));
		if (e->maintenance)
			tpl_set(x, "WHEN", e->cancelled ? _("Maintenance annulée.")
				: arena_printf(a, e->ends <= now ? _("Maintenance du %s au %s.") : _("Maintenance prévue du %s au %s."),
					       when(a, e->starts), when(a, e->ends)));
		else if (e->resolved)
			tpl_set(x, "WHEN", arena_printf(a, _("Du %s au %s."), when(a, e->starts), when(a, e->resolved)));
		else
			tpl_set(x, "WHEN", arena_printf(a, _("Depuis le %s."), when(a, e->starts)));
		for (int k = 0; k < e->nupdates; k++) {
			const struct status_update_row *u = &e->updates[k];
			tpl_dict *y = tpl_section(x, "UPDATE");
			const char *lang;
			tpl_set(y, "PHASE", _(status_phase_label(u->phase)));
			tpl_set(y, "AT", when(a, u->at));
			tpl_set(y, "AT_ISO", iso(a, u->at));
			tpl_set(y, "TEXT", status_text_in(u->body, r->lang, &lang));
			tpl_set(y, "LANG", lang);
		}
	}
	if (f)
		form_fill(f, d);
	if (subscribed)
		tpl_show(d, "SUBSCRIBED");
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	return page_render(r, d, "status", code);
}

int h_status(struct request *r, char **args)
{
	(void)args;
	/* A database that does not answer is what this page must show: it
	 * is not asked then (a failed statement would fail the request). */
	if (!db_ping())
		return status_page(r, status_db_down(), NULL, 200, false, NULL);
	return status_page(r, status_now_fresh(r->arena), NULL, 200, str_eq(req_arg(r, "abonnement"), "1"), NULL);
}

int h_status_subscribe(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "email", F_EMAIL, true, 0, 0 } };
	if (!form_check_all(&f, fs, ARRAY_LEN(fs)))
		return status_page(r, status_now_fresh(r->arena), &f, 422, false, NULL);
	const char *email = form_value(&f, "email");
	/* 3 confirmations an hour per address, 20 per network address. */
	if (!ratelimit_hit(r->arena, "status_sub_ip", r->remote_addr, 3600, 20) ||
	    !ratelimit_hit(r->arena, "status_sub", email, 3600, 3)) {
		form_fail(&f, "email", _("Trop de demandes pour cette adresse : réessayez dans une heure."));
		return status_page(r, status_now_fresh(r->arena), &f, 429, false, NULL);
	}
	if (!status_subscribe(r->arena, email, r->lang, pub_base_url()))
		return page_unavailable(r);
	/* The same answer whether the address was already subscribed or not. */
	return resp_redirect(r, "/statut?abonnement=1#avis");
}

static int link_page(struct request *r, const char *title, const char *section, tpl_dict **out)
{
	tpl_dict *d = page_new(r, title);
	tpl_dict *x = tpl_section(d, section);
	if (out)
		*out = x;
	return page_render(r, d, "status_link", 200);
}

static int gone(struct request *r)
{
	return page_error(r, 410, _("Ce lien n'est plus valable : il a expiré ou a déjà servi. Abonnez-vous de nouveau depuis la page de l'état du service."));
}

int h_status_confirm_form(struct request *r, char **args)
{
	(void)args;
	const char *t = req_arg(r, "t");
	int ok = status_confirm(r->arena, t, false);
	if (ok < 0)
		return page_unavailable(r);
	if (ok == 0)
		return gone(r);
	tpl_dict *d = page_new(r, _("Confirmer l'abonnement aux avis"));
	tpl_set(tpl_section(d, "CONFIRM_FORM"), "TOKEN", t);
	return page_render(r, d, "status_link", 200);
}

int h_status_confirm(struct request *r, char **args)
{
	(void)args;
	int ok = status_confirm(r->arena, req_form(r, "t"), true);
	if (ok < 0)
		return page_unavailable(r);
	if (ok == 0)
		return gone(r);
	return link_page(r, _("Abonnement confirmé"), "CONFIRMED", NULL);
}

int h_status_unsub_form(struct request *r, char **args)
{
	(void)args;
	const char *who = req_arg(r, "a"), *mac = req_arg(r, "m");
	if (status_unsubscribe(r->arena, who, mac, false) != 1)
		return page_error(r, 404, _("Ce lien de désabonnement n'est pas valable : copiez-le en entier depuis le courriel."));
	tpl_dict *d = page_new(r, _("Se désabonner des avis"));
	tpl_dict *x = tpl_section(d, "UNSUB_FORM");
	tpl_set(x, "WHO", who);
	tpl_set(x, "MAC", mac);
	return page_render(r, d, "status_link", 200);
}

int h_status_unsub(struct request *r, char **args)
{
	(void)args;
	int ok = status_unsubscribe(r->arena, req_form(r, "a"), req_form(r, "m"), true);
	if (ok < 0)
		return page_unavailable(r);
	if (ok == 0)
		return page_error(r, 404, _("Ce lien de désabonnement n'est pas valable : copiez-le en entier depuis le courriel."));
	return link_page(r, _("Désabonnement"), "UNSUBSCRIBED", NULL);
}

/* ------------------------------------------------------------ feeds */

static const char *indicator(enum status_state o, bool maint)
{
	return o == ST_DOWN ? "critical" : o == ST_DEGRADED ? "minor" : maint ? "maintenance" : "none";
}

static void json_updates(struct json *j, struct request *r, const struct status_event_row *e)
{
	json_key(j, "incident_updates");
	json_array(j);
	for (int k = 0; k < e->nupdates; k++) {
		const struct status_update_row *u = &e->updates[k];
		json_object(j);
		json_key(j, "id");
		json_int(j, u->id);
		json_key(j, "status");
		json_string(j, u->phase);
		json_key(j, "body");
		json_string(j, status_text_in(u->body, r->lang, NULL));
		json_key(j, "created_at");
		json_string(j, iso(r->arena, u->at));
		json_object_end(j);
	}
	json_array_end(j);
}

static void json_comps(struct json *j, unsigned comps)
{
	json_key(j, "components");
	json_array(j);
	for (int c = 0; c < SC_COUNT; c++)
		if (comps & (1u << c))
			json_string(j, status_comp_code((enum status_comp)c));
	json_array_end(j);
}

int h_status_json(struct request *r, char **args)
{
	(void)args;
	struct arena *a = r->arena;
	time_t now = time(NULL);
	bool up = db_ping();
	const struct status_now *s = up ? status_now_fresh(a) : status_db_down();
	struct status_event_row *ev = NULL;
	long nev = up && !s->db_down ? status_history(a, HISTORY_MAX, &ev) : 0;
	if (nev < 0)
		return resp_text(r, 503, "application/json", "{\"error\":\"unavailable\"}");
	bool maint_now = false;
	for (int i = 0; i < s->nmaint; i++)
		maint_now = maint_now || (s->maint[i].starts <= now && s->maint[i].ends > now);
	enum status_state o = status_overall(s);
	const char *state;
	struct sbuf b;
	sbuf_init(&b);
	struct json j;
	json_init(&j, &b);
	json_object(&j);
	json_key(&j, "page");
	json_object(&j);
	json_key(&j, "id");
	json_string(&j, "creneau");
	json_key(&j, "name");
	json_string(&j, "Créneau");
	json_key(&j, "url");
	json_string(&j, arena_printf(a, "%s/statut", pub_base_url()));
	json_key(&j, "time_zone");
	json_string(&j, config_get("timezone", "Europe/Paris"));
	json_key(&j, "updated_at");
	json_string(&j, iso(a, nev > 0 ? ev[0].updated : now));
	json_object_end(&j);
	json_key(&j, "status");
	json_object(&j);
	json_key(&j, "indicator");
	json_string(&j, indicator(o, maint_now));
	json_key(&j, "description");
	json_string(&j, overall_text(s, now, &state));
	json_object_end(&j);
	json_key(&j, "components");
	json_array(&j);
	for (int c = 0; c < SC_COUNT; c++) {
		bool autom, ongoing = false;
		enum status_state e = status_effective(s, (enum status_comp)c, &autom);
		status_maint_of(s, (enum status_comp)c, now, &ongoing);
		json_object(&j);
		json_key(&j, "id");
		json_string(&j, status_comp_code((enum status_comp)c));
		json_key(&j, "name");
		json_string(&j, _(status_comp_label((enum status_comp)c)));
		json_key(&j, "status");
		json_string(&j, e == ST_NORMAL && ongoing ? "under_maintenance" : status_state_api(e));
		json_key(&j, "automatic");
		json_bool(&j, autom);
		json_key(&j, "manual");
		json_bool(&j, s->has_manual[c] && !s->db_down);
		json_key(&j, "position");
		json_int(&j, c + 1);
		json_object_end(&j);
	}
	json_array_end(&j);
	/* As Statuspage: the incidents not resolved, the maintenances not over. */
	json_key(&j, "incidents");
	json_array(&j);
	for (long i = 0; i < nev; i++) {
		const struct status_event_row *e = &ev[i];
		if (e->maintenance || e->resolved)
			continue;
		json_object(&j);
		json_key(&j, "id");
		json_int(&j, e->id);
		json_key(&j, "name");
		json_string(&j, event_title(a, e));
		json_key(&j, "status");
		json_string(&j, e->nupdates ? e->updates[0].phase : "investigating");
		json_key(&j, "impact");
		json_string(&j, e->impact == ST_DOWN ? "critical" : e->impact == ST_DEGRADED ? "minor" : "none");
		json_key(&j, "created_at");
		json_string(&j, iso(a, e->starts));
		json_key(&j, "updated_at");
		json_string(&j, iso(a, e->updated));
		json_key(&j, "resolved_at");
		json_null(&j);
		json_key(&j, "shortlink");
		json_string(&j, arena_printf(a, "%s/statut#evenement-%lld", pub_base_url(), e->id));
		json_comps(&j, e->comps);
		json_updates(&j, r, e);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, "scheduled_maintenances");
	json_array(&j);
	for (long i = 0; i < nev; i++) {
		const struct status_event_row *e = &ev[i];
		if (!e->maintenance || e->cancelled || e->ends <= now)
			continue;
		json_object(&j);
		json_key(&j, "id");
		json_int(&j, e->id);
		json_key(&j, "name");
		json_string(&j, event_title(a, e));
		json_key(&j, "status");
		json_string(&j, e->starts <= now ? "in_progress" : "scheduled");
		json_key(&j, "impact");
		json_string(&j, "maintenance");
		json_key(&j, "scheduled_for");
		json_string(&j, iso(a, e->starts));
		json_key(&j, "scheduled_until");
		json_string(&j, iso(a, e->ends));
		json_key(&j, "updated_at");
		json_string(&j, iso(a, e->updated));
		json_comps(&j, e->comps);
		json_updates(&j, r, e);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	resp_header(r, "Cache-Control", "no-cache");
	int st = resp_text(r, 200, "application/json", b.s);
	sbuf_free(&b);
	return st;
}

int h_status_atom(struct request *r, char **args)
{
	(void)args;
	struct arena *a = r->arena;
	struct status_event_row *ev = NULL;
	long nev = status_history(a, HISTORY_MAX, &ev);
	if (nev < 0)
		return page_unavailable(r);
	tpl_dict *d = tpl_new();
	const char *base = pub_base_url();
	tpl_set(d, "BASE", base);
	tpl_set(d, "LANG", r->lang);
	time_t newest = 0;
	/* One entry per update, newest first (the events come newest first,
	 * each with its updates newest first: sorted again across events). */
	int total = 0;
	for (long i = 0; i < nev; i++)
		total += ev[i].nupdates;
	const struct status_update_row **u = arena_alloc(a, (size_t)(total ? total : 1) * sizeof(*u));
	const struct status_event_row **ue = arena_alloc(a, (size_t)(total ? total : 1) * sizeof(*ue));
	int n = 0;
	for (long i = 0; i < nev; i++)
		for (int k = 0; k < ev[i].nupdates; k++) {
			int at = n++;
			while (at > 0 && (u[at - 1]->at < ev[i].updates[k].at ||
					  (u[at - 1]->at == ev[i].updates[k].at && u[at - 1]->id < ev[i].updates[k].id))) {
				u[at] = u[at - 1];
				ue[at] = ue[at - 1];
				at--;
			}
			u[at] = &ev[i].updates[k];
			ue[at] = &ev[i];
		}
	for (int i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "ENTRY");
		const char *lang;
		tpl_set_int(x, "ID", u[i]->id);
		tpl_set_int(x, "EVENT", ue[i]->id);
		tpl_set(x, "TITLE", arena_printf(a, "%s — %s", _(status_phase_label(u[i]->phase)), event_title(a, ue[i])));
		tpl_set(x, "UPDATED", iso(a, u[i]->at));
		tpl_set(x, "TEXT", status_text_in(u[i]->body, r->lang, &lang));
		tpl_set(x, "TEXT_LANG", lang);
		if (u[i]->at > newest)
			newest = u[i]->at;
	}
	/* A feed without entries was last updated when the status page
	 * began: a fixed instant, so that readers see no change. */
	tpl_set(d, "UPDATED", iso(a, newest ? newest : 1796083200));
	r->body.len = 0;
	struct sbuf out;
	sbuf_init(&out);
	bool ok = tpl_expand("status_atom", r->lang, d, &out);
	tpl_free(d);
	if (!ok) {
		sbuf_free(&out);
		return page_unavailable(r);
	}
	/* The XML declaration must open the document. */
	const char *p = out.s ? out.s : "";
	while (*p == '\n' || *p == ' ')
		p++;
	int st = resp_text(r, 200, "application/atom+xml; charset=utf-8", p);
	sbuf_free(&out);
	return st;
}
