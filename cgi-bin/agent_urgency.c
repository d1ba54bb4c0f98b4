/* agent_urgency.c — the commune's queue of urgent requests made online
 * (/agent/urgences): each request's page with the free times on the
 * urgent level, "Accorder ce créneau" (a real booking for the person) or
 * "Refuser" with a reason. Only the agents of the request's commune (and
 * the platform administrator) see or decide it. */
#include "agenda.h"
#include "agent.h"
#include "datetime.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "place.h"
#include "sites.h"
#include "urgency.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define QUEUE_MAX 200
#define FREE_MAX 40

static const char *status_label(const char *s)
{
	if (str_eq(s, "waiting"))
		return _("En attente");
	if (str_eq(s, "granted"))
		return _("Accordée");
	if (str_eq(s, "refused"))
		return _("Refusée");
	return _("Non confirmée");
}

int a_urgencies(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune)
		return agent_choose_commune(r, _("Demandes urgentes"), "/agent/urgences");
	if (!agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct urgency_view *v;
	long n = urgency_queue(r->arena, commune, QUEUE_MAX, &v);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Demandes urgentes"));
	long waiting = 0;
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "ROW");
		char when[96];
		i18n_when(v[i].submitted ? v[i].submitted : v[i].created, when, sizeof(when));
		tpl_set(x, "REF", v[i].ref);
		tpl_set(x, "WHEN", when);
		tpl_setf(x, "PERSON", "%s %s", v[i].last_name ? v[i].last_name : "", v[i].first_names ? v[i].first_names : "");
		tpl_set(x, "PROCEDURE", v[i].procedure_name);
		tpl_set(x, "SITE", v[i].site_name);
		tpl_set(x, "REASON", urgency_reason_label(v[i].reason));
		tpl_set(x, "DUE", v[i].due_date ? v[i].due_date : "");
		tpl_set(x, "STATUS", status_label(v[i].status));
		waiting += str_eq(v[i].status, "waiting");
	}
	tpl_setf(d, "WAITING_TEXT", P_("%ld demande en attente.", "%ld demandes en attente.", (unsigned long)waiting),
		 waiting);
	if (n == 0)
		tpl_show(d, "NONE");
	if (str_eq(req_arg(r, "fait"), "accordee"))
		tpl_show(d, "DONE_GRANTED");
	else if (str_eq(req_arg(r, "fait"), "refusee"))
		tpl_show(d, "DONE_REFUSED");
	return page_render(r, d, "agent_urgencies", 200);
}

/* The request of the URL, if the signed-in person may see it (else the
 * page already answered: 404 for an unknown one, 403 for another
 * commune's). */
static int load_scoped(struct request *r, const char *arg, struct urgency_view *v)
{
	char ref[9];
	bool err = false;
	if (!valid_ref(arg, ref, sizeof(ref)) || !urgency_load(r->arena, 0, ref, v, &err) ||
	    str_eq(v->status, "pending_code")) {
		if (err)
			return page_unavailable(r);
		return page_error(r, 404, _("Cette demande n'existe pas."));
	}
	if (!agent_can_commune(me(r), v->commune_id))
		return agent_forbidden(r);
	return 0;
}

static int render_one(struct request *r, const struct urgency_view *v, struct form *f, int status,
                      const char *alert)
{
	tpl_dict *d = agent_page(r, _("Demande urgente"));
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (f)
		form_fill(f, d);
	char when[96];
	i18n_when(v->submitted ? v->submitted : v->created, when, sizeof(when));
	tpl_set(d, "REF", v->ref);
	tpl_set(d, "WHEN", when);
	tpl_set(d, "LAST", v->last_name);
	tpl_set(d, "FIRST", v->first_names);
	tpl_set(d, "BIRTH", v->birth_date);
	tpl_set(d, "PHONE", v->phone ? v->phone : "—");
	tpl_set(d, "EMAIL", v->email ? v->email : "—");
	tpl_set(d, "PROCEDURE", v->procedure_name);
	tpl_set(d, "SITE", v->site_name);
	tpl_set(d, "COMMUNE", v->commune_name);
	tpl_set(d, "REASON", urgency_reason_label(v->reason));
	tpl_set(d, "STATUS", status_label(v->status));
	if (v->due_date)
		tpl_set(tpl_section(d, "HAS_DUE"), "DUE", v->due_date);
	if (v->explanation)
		tpl_set(tpl_section(d, "HAS_EXPLANATION"), "EXPLANATION", v->explanation);
	if (str_eq(v->status, "granted")) {
		tpl_dict *g = tpl_section(d, "GRANTED");
		tpl_set(g, "BOOKING_REF", v->booking_ref ? v->booking_ref : "");
		tpl_set(g, "BY", v->decided_by_name ? v->decided_by_name : "");
	} else if (str_eq(v->status, "refused")) {
		tpl_dict *g = tpl_section(d, "REFUSED");
		tpl_set(g, "REFUSAL", v->refusal ? v->refusal : "");
		tpl_set(g, "BY", v->decided_by_name ? v->decided_by_name : "");
	}
	if (!str_eq(v->status, "waiting"))
		return page_render(r, d, "agent_urgency", status);

	/* The free times of the urgent level, the request's site first, on
	 * the day asked (today by default). */
	tpl_dict *w = tpl_section(d, "WAITING");
	int y, m, dd;
	dt_today_local(&y, &m, &dd);
	const char *jour = req_param(r, "jour");
	char ymd[11];
	if (jour && valid_date(jour, ymd, sizeof(ymd)))
		dt_parse_ymd(ymd, &y, &m, &dd);
	tpl_setf(w, "DAY", "%02d/%02d/%04d", dd, m, y);
	char label[64];
	i18n_date_ymd(y, m, dd, label, sizeof(label));
	tpl_set(w, "DAY_LABEL", label);
	struct staff_free *fr;
	size_t n = agenda_free(r->arena, v->commune_id, v->procedure_id, 1, LEVEL_URGENT, y, m, dd, 500, &fr);
	size_t shown = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n && shown < FREE_MAX; i++) {
			if ((fr[i].site_id == v->site_id) != (pass == 0))
				continue;
			tpl_dict *x = tpl_section(w, "FREE");
			char hm[32];
			i18n_time(fr[i].start, hm, sizeof(hm));
			tpl_set_int(x, "SLOT", fr[i].slot_id);
			tpl_setf(x, "LABEL", "%s — %s (%s)", hm, fr[i].site_name, fr[i].device_name);
			if (shown == 0)
				tpl_show(x, "CHECKED");
			shown++;
		}
	if (shown == 0)
		tpl_show(w, "NO_FREE");
	else
		tpl_show(w, "CAN_GRANT");
	return page_render(r, d, "agent_urgency", status);
}

int a_urgency(struct request *r, char **args)
{
	struct urgency_view v;
	int st = load_scoped(r, args[0], &v);
	return st ? st : render_one(r, &v, NULL, 200, NULL);
}

int a_urgency_grant(struct request *r, char **args)
{
	struct urgency_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "creneau", F_INT, true, 1, 9000000000000000000L } };
	if (!form_check_all(&f, fs, 1))
		return render_one(r, &v, &f, 422, _("Choisissez un horaire."));
	/* The time must be one of this commune's: an agent grants at its own
	 * sites only, whatever the form says. */
	struct slot_info si;
	struct device_info dv;
	if (!place_slot(r->arena, form_int(&f, "creneau", 0), v.procedure_id, &si) || !si.offered ||
	    device_get(r->arena, si.device_id, &dv) != 1 || dv.commune_id != v.commune_id) {
		form_fail(&f, "creneau", _("Cet horaire n'est pas un horaire de la commune pour cette démarche."));
		return render_one(r, &v, &f, 422, NULL);
	}
	char ref[9];
	switch (urgency_grant(r->arena, &v, si.slot_id, me(r)->id, agent_base_url(), ref)) {
	case UDEC_OK:
		log_info("urgency request %s granted: booking %s by staff %lld", v.ref, ref, me(r)->id);
		return resp_redirect(r, "/agent/urgences?fait=accordee");
	case UDEC_STATE:
		return render_one(r, &v, NULL, 409, _("Cette demande a déjà été traitée."));
	case UDEC_GONE:
		return render_one(r, &v, NULL, 409, _("Cet horaire vient d'être pris ou le quota d'urgence est atteint. Choisissez un autre horaire."));
	case UDEC_DUPLICATE:
		return render_one(r, &v, NULL, 409, arena_printf(r->arena, _("Cette personne a déjà un rendez-vous pour cette démarche (référence %s). Déplacez-le plutôt que d'en prendre un second."), ref));
	case UDEC_INVALID:
		return render_one(r, &v, NULL, 400, _("Cet horaire est passé ou hors de la période ouverte."));
	default:
		return page_unavailable(r);
	}
}

int a_urgency_refuse(struct request *r, char **args)
{
	struct urgency_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "motif", F_TEXT, true, 0, 500 } };
	if (!form_check_all(&f, fs, 1))
		return render_one(r, &v, &f, 422, NULL);
	switch (urgency_refuse(r->arena, &v, form_value(&f, "motif"), me(r)->id, agent_base_url())) {
	case UDEC_OK:
		log_info("urgency request %s refused by staff %lld", v.ref, me(r)->id);
		return resp_redirect(r, "/agent/urgences?fait=refusee");
	case UDEC_STATE:
		return render_one(r, &v, NULL, 409, _("Cette demande a déjà été traitée."));
	default:
		return page_unavailable(r);
	}
}
