/* public_urgency.c — asking for an urgent appointment online (/urgence):
 * a person whose title expires soon, who travels with proof, who lost
 * the title or has a health reason fills the form, confirms it with a
 * one-time code, and the request waits in the commune's queue
 * (agent_urgency.c); its page says where it stands. */
#include "datetime.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "people.h"
#include "place.h"
#include "public.h"
#include "ratelimit.h"
#include "urgency.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENDS_PER_HOUR 3
#define SUBMITS_PER_HOUR 10
#define TRIES_PER_WINDOW 30
#define TRIES_WINDOW 600
/* How far the date of a dated reason may be (days from today). */
#define DUE_PAST_DAYS 365
#define DUE_AHEAD_DAYS 365

static const struct field_spec fields[] = {
	{ "procedure", F_TEXT, true, 0, 20 },
	{ "site", F_INT, true, 1, 1000000000 },
	{ "motif", F_TEXT, true, 0, 10 },
	{ "echeance", F_DATE, false, 0, 0 },
	{ "explication", F_TEXT, false, 0, 1000 },
	{ "telephone", F_PHONE, false, 0, 0 },
	{ "email", F_EMAIL, false, 0, 0 },
	{ "canal", F_TEXT, false, 0, 10 },
	{ "consentement", F_CHECK, true, 0, 0 },
};

static int render_form(struct request *r, struct form *f, int status, const char *alert)
{
	tpl_dict *d = page_new(r, _("Demander un rendez-vous urgent"));
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	form_fill(f, d);
	struct procedure_info *ps;
	size_t np = place_procedures(r->arena, r->lang, &ps);
	const char *want_proc = form_typed(f, "procedure") ? form_typed(f, "procedure") : req_param(r, "procedure");
	for (size_t i = 0; i < np; i++) {
		tpl_dict *o = tpl_section(d, "PROCEDURE_OPTION");
		tpl_set(o, "CODE", ps[i].code);
		tpl_set(o, "NAME", ps[i].name);
		if (str_eq(want_proc, ps[i].code))
			tpl_show(o, "SELECTED");
	}
	struct urgency_site *ss;
	long ns = urgency_sites(r->arena, &ss);
	if (ns < 0)
		return page_unavailable(r);
	const char *want_site = form_typed(f, "site") ? form_typed(f, "site") : req_param(r, "site");
	long long cur = -1;
	tpl_dict *grp = NULL;
	for (long i = 0; i < ns; i++) {
		if (ss[i].commune_id != cur) {
			grp = tpl_section(d, "COMMUNE_GROUP");
			tpl_set(grp, "COMMUNE", ss[i].commune_name);
			cur = ss[i].commune_id;
		}
		tpl_dict *o = tpl_section(grp, "SITE_OPTION");
		tpl_set_int(o, "ID", ss[i].id);
		tpl_setf(o, "NAME", "%s (%s)", ss[i].name, ss[i].city);
		if (want_site && atoll(want_site) == ss[i].id)
			tpl_show(o, "SELECTED");
	}
	const char *want_reason = form_typed(f, "motif");
	for (int i = 0; i < URGENCY_NREASONS; i++) {
		tpl_dict *o = tpl_section(d, "REASON");
		tpl_set(o, "CODE", urgency_reasons[i]);
		tpl_set(o, "LABEL", urgency_reason_label(urgency_reasons[i]));
		if (str_eq(want_reason, urgency_reasons[i]))
			tpl_show(o, "CHECKED");
	}
	people_fill(r, d, f, 1, false, _("La personne concernée"));
	tpl_show(d, str_eq(form_typed(f, "canal"), "email") ? "CANAL_EMAIL" : "CANAL_SMS");
	return page_render(r, d, "urgency_form", status);
}

int h_urgency_form(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	return render_form(r, &f, 200, NULL);
}

static const char *pick_canal(const char *phone, const char *email, const char *asked)
{
	const char *canal = str_eq(asked, "email") ? "email" : "sms";
	if (str_eq(canal, "sms") && !phone && email)
		canal = "email";
	if (str_eq(canal, "email") && !email && phone)
		canal = "sms";
	return canal;
}

/* The date of a dated reason: required, and not absurdly far. */
static void check_due(struct request *r, struct form *f, const char *reason)
{
	const char *due = form_value(f, "echeance");
	if (!urgency_reason_valid(reason) || form_error(f, "echeance"))
		return;
	if (!urgency_reason_dated(reason))
		return;
	if (!due) {
		form_fail(f, "echeance", str_eq(reason, "travel")
			  ? _("Indiquez la date du voyage.")
			  : _("Indiquez la date d'expiration du titre."));
		return;
	}
	int ty, tm, td, y, m, d;
	dt_today_local(&ty, &tm, &td);
	if (!dt_parse_ymd(due, &y, &m, &d))
		return;
	int days = dt_days_between(ty, tm, td, y, m, d);
	if (str_eq(reason, "travel") && days < 0)
		form_fail(f, "echeance", _("La date du voyage ne peut pas être passée."));
	else if (days < -DUE_PAST_DAYS || days > DUE_AHEAD_DAYS)
		form_fail(f, "echeance", arena_printf(r->arena, _("Indiquez une date dans les %d jours qui viennent ou passés."),
						      DUE_AHEAD_DAYS));
}

int h_urgency_post(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	form_check_all(&f, fields, ARRAY_LEN(fields));
	struct urgency_new n;
	memset(&n, 0, sizeof(n));
	people_check(&f, 1, false, &n.person);
	struct procedure_info proc;
	const char *pc = form_value(&f, "procedure");
	if (pc && !place_procedure(r->arena, pc, r->lang, &proc))
		form_fail(&f, "procedure", _("Choisissez une démarche de la liste."));
	struct site_info si;
	long long site = form_int(&f, "site", 0);
	if (site && !place_site(r->arena, site, &si))
		form_fail(&f, "site", _("Choisissez un lieu de rendez-vous de la liste."));
	const char *reason = form_value(&f, "motif");
	if (reason && !urgency_reason_valid(reason))
		form_fail(&f, "motif", _("Choisissez le motif de l'urgence."));
	check_due(r, &f, reason);
	const char *phone = form_value(&f, "telephone"), *email = form_value(&f, "email");
	const char *canal = pick_canal(phone, email, form_value(&f, "canal"));
	if (!phone && !email && !form_error(&f, "telephone") && !form_error(&f, "email"))
		form_fail(&f, "telephone", _("Indiquez un numéro de portable ou une adresse électronique pour recevoir le code."));
	if (str_eq(canal, "sms") && phone && !phone_is_mobile(phone))
		form_fail(&f, "telephone", _("Ce numéro ne peut pas recevoir de SMS : indiquez un portable, ou choisissez de recevoir le code par courriel."));
	if (f.nerrors)
		return render_form(r, &f, 422, NULL);
	const char *contact = str_eq(canal, "sms") ? phone : email;
	if (!ratelimit_ok(r->arena, "code_send", contact, 3600, SENDS_PER_HOUR))
		return render_form(r, &f, 429, _("Trop de codes ont été envoyés à ce contact. Réessayez dans une heure."));
	if (!ratelimit_hit(r->arena, "urg_submit", r->remote_addr ? r->remote_addr : "", 3600, SUBMITS_PER_HOUR))
		return render_form(r, &f, 429, _("Trop de demandes depuis cette connexion. Réessayez dans une heure."));
	n.site_id = site;
	n.procedure_id = proc.id;
	n.reason = reason;
	n.due_date = urgency_reason_dated(reason) ? form_value(&f, "echeance") : NULL;
	n.explanation = form_value(&f, "explication");
	n.phone = phone;
	n.email = email;
	n.channel = canal;
	n.lang = r->lang;
	n.base_url = pub_base_url();
	struct urgency_view v;
	char code[7];
	if (!urgency_submit(r->arena, &n, &v, code))
		return page_unavailable(r);
	char mask[64], tok[25];
	log_info("urgency request %s: code sent by %s to %s", v.ref, canal, log_mask_contact(contact, mask, sizeof(mask)));
	urgency_token(&v, "code", tok);
	return resp_redirect(r, arena_printf(r->arena, "/urgence/%s/code?h=%s", v.ref, tok));
}

static int load_req(struct request *r, const char *arg, const char *purpose, const char *param,
                    struct urgency_view *v)
{
	char ref[9];
	bool err = false;
	if (valid_ref(arg, ref, sizeof(ref)) && urgency_load(r->arena, 0, ref, v, &err) &&
	    urgency_token_ok(v, purpose, req_param(r, param)))
		return 0;
	if (err)
		return page_unavailable(r);
	return page_error(r, 404, _("Ce lien de demande urgente n'est pas valable."));
}

static int render_code(struct request *r, const struct urgency_view *v, struct form *f, int status,
                       const char *alert)
{
	tpl_dict *d = page_new(r, _("Confirmez votre demande urgente"));
	char m[64];
	const char *c = str_eq(v->channel, "email") ? v->email : v->phone;
	tpl_set(d, "REF", v->ref);
	tpl_set(d, "CODE_TOKEN", req_param(r, "h"));
	tpl_set(d, "CONTACT", log_mask_contact(c, m, sizeof(m)));
	tpl_show(d, str_eq(v->channel, "email") ? "BY_EMAIL" : "BY_SMS");
	tpl_set(d, "PROCEDURE_NAME", v->procedure_name);
	tpl_set(d, "SITE_NAME", v->site_name);
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (f)
		form_fill(f, d);
	return page_render(r, d, "urgency_code", status);
}

static int status_redirect(struct request *r, const struct urgency_view *v, const char *extra)
{
	char tok[25];
	urgency_token(v, "status", tok);
	return resp_redirect(r, arena_printf(r->arena, "/urgence/%s?t=%s%s", v->ref, tok, extra));
}

int h_urgency_code(struct request *r, char **args)
{
	struct urgency_view v;
	int st = load_req(r, args[0], "code", "h", &v);
	if (st)
		return st;
	if (!str_eq(v.status, "pending_code"))
		return status_redirect(r, &v, "");
	return render_code(r, &v, NULL, 200, NULL);
}

int h_urgency_code_post(struct request *r, char **args)
{
	struct urgency_view v;
	int st = load_req(r, args[0], "code", "h", &v);
	if (st)
		return st;
	if (!str_eq(v.status, "pending_code"))
		return status_redirect(r, &v, "");
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "code", F_CODE, true, 0, 0 } };
	if (!form_check_all(&f, fs, 1))
		return render_code(r, &v, &f, 422, NULL);
	if (!ratelimit_ok(r->arena, "code_try", r->remote_addr ? r->remote_addr : "", TRIES_WINDOW, TRIES_PER_WINDOW))
		return render_code(r, &v, NULL, 429, _("Trop d'essais depuis cette connexion. Patientez quelques minutes avant de réessayer."));
	int left = 0;
	switch (urgency_confirm_code(r->arena, &v, form_value(&f, "code"), r->remote_addr, &left)) {
	case UCODE_OK:
		log_info("urgency request %s: sent to the commune", v.ref);
		return status_redirect(r, &v, "&envoyee=1");
	case UCODE_WRONG:
		form_fail(&f, "code", arena_printf(r->arena, P_("Ce code n'est pas le bon. Il vous reste %d essai.",
						"Ce code n'est pas le bon. Il vous reste %d essais.", (unsigned long)left), left));
		return render_code(r, &v, &f, 422, NULL);
	case UCODE_LOCKED:
		form_fail(&f, "code", _("Trop d'essais avec ce code : refaites la demande."));
		return render_code(r, &v, &f, 429, NULL);
	case UCODE_EXPIRED:
		form_fail(&f, "code", _("Ce code a expiré : refaites la demande."));
		return render_code(r, &v, &f, 422, NULL);
	default:
		return page_unavailable(r);
	}
}

int h_urgency_status(struct request *r, char **args)
{
	struct urgency_view v;
	int st = load_req(r, args[0], "status", "t", &v);
	if (st)
		return st;
	tpl_dict *d = page_new(r, _("Votre demande de rendez-vous urgent"));
	tpl_set(d, "REF", v.ref);
	tpl_set(d, "PROCEDURE_NAME", v.procedure_name);
	tpl_set(d, "SITE_NAME", v.site_name);
	tpl_set(d, "COMMUNE_NAME", v.commune_name);
	tpl_set(d, "REASON", urgency_reason_label(v.reason));
	if (str_eq(req_arg(r, "envoyee"), "1") && str_eq(v.status, "waiting"))
		tpl_show(d, "SENT");
	if (str_eq(v.status, "waiting"))
		tpl_show(d, "WAITING");
	else if (str_eq(v.status, "granted"))
		tpl_show(d, "GRANTED");
	else if (str_eq(v.status, "refused"))
		tpl_set(tpl_section(d, "REFUSED"), "REFUSAL", v.refusal ? v.refusal : "");
	else
		tpl_show(d, "PENDING");
	return page_render(r, d, "urgency_status", 200);
}
