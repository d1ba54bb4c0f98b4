/* public_complaint.c — the public complaint form (/reclamation): a
 * commune, the person's name and contact, optionally the reference of an
 * appointment, the message; a one-time code sent to the contact confirms
 * it before the complaint is registered (the same limits as a booking's
 * code: 3 sends an hour per contact, 5 tries a code, 30 failed tries in
 * 10 minutes per address); then the page with its reference and the date
 * of the reply at the latest, also sent as the acknowledgement. */
#include "commune.h"
#include "complaint.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "public.h"
#include "ratelimit.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define SENDS_PER_HOUR 3
#define TRIES_PER_WINDOW 30
#define TRIES_WINDOW 600

static const struct field_spec fields[] = {
	{ "commune", F_INT, true, 1, 1000000000 },
	{ "nom", F_TEXT, true, 0, 150 },
	{ "telephone", F_PHONE, false, 0, 0 },
	{ "email", F_EMAIL, false, 0, 0 },
	{ "canal", F_TEXT, false, 0, 10 },
	{ "reference", F_REF, false, 0, 0 },
	{ "message", F_TEXT, true, 0, COMPLAINT_BODY_MAX },
	{ "consentement", F_CHECK, true, 0, 0 },
};

static int render_form(struct request *r, struct form *f, int status, const char *alert)
{
	struct commune_row *c;
	long n = communes_all(r->arena, true, &c);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = page_new(r, _("Faire une réclamation"));
	if (f)
		form_fill(f, d);
	long chosen = f ? form_int(f, "commune", 0) : 0;
	if (!f) {
		long pre = 0;
		if (valid_int(req_arg(r, "commune"), 1, 1000000000, &pre))
			chosen = pre;
	}
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "COMMUNE");
		tpl_set_int(x, "ID", c[i].id);
		tpl_set(x, "NAME", c[i].name);
		if (c[i].id == chosen)
			tpl_show(x, "SELECTED");
	}
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	tpl_show(d, f && str_eq(form_typed(f, "canal"), "sms") ? "CANAL_SMS" : "CANAL_EMAIL");
	return page_render(r, d, "complaint_form", status);
}

int h_complaint_form(struct request *r, char **args)
{
	(void)args;
	return render_form(r, NULL, 200, NULL);
}

int h_complaint_post(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	form_check_all(&f, fields, ARRAY_LEN(fields));
	struct commune_row cr;
	long long commune = form_int(&f, "commune", 0);
	if (commune) {
		int k = commune_get(r->arena, commune, &cr);
		if (k < 0)
			return page_unavailable(r);
		if (k == 0 || !cr.equipped)
			form_fail(&f, "commune", _("Choisissez la mairie concernée dans la liste."));
	}
	const char *phone = form_value(&f, "telephone"), *email = form_value(&f, "email");
	const char *canal = str_eq(form_value(&f, "canal"), "sms") ? "sms" : "email";
	if (str_eq(canal, "sms") && !phone && email)
		canal = "email";
	if (str_eq(canal, "email") && !email && phone)
		canal = "sms";
	if (!phone && !email && !form_error(&f, "telephone") && !form_error(&f, "email"))
		form_fail(&f, "email", _("Indiquez une adresse électronique ou un numéro de portable pour recevoir le code."));
	if (str_eq(canal, "sms") && phone && !phone_is_mobile(phone))
		form_fail(&f, "telephone", _("Ce numéro ne peut pas recevoir de SMS : indiquez un portable, ou une adresse électronique."));
	if (f.nerrors)
		return render_form(r, &f, 422, NULL);
	const char *contact = str_eq(canal, "sms") ? phone : email;
	if (!ratelimit_ok(r->arena, "code_send", contact, 3600, SENDS_PER_HOUR))
		return render_form(r, &f, 429, _("Trop de codes ont été envoyés à ce contact. Réessayez dans une heure."));
	struct complaint_new n = {
		.commune_id = commune, .channel = "web", .booking_ref = form_value(&f, "reference"),
		.name = form_value(&f, "nom"), .email = email, .phone = phone,
		/* The message as typed: its line breaks matter. */
		.body = req_form(r, "message"), .code_channel = canal, .lang = r->lang, .base_url = pub_base_url(),
	};
	struct complaint_view v;
	char code[7];
	if (!complaint_create_public(r->arena, &n, &v, code))
		return page_unavailable(r);
	char mask[64], tok[25];
	log_info("complaint %s: code sent by %s to %s", v.ref, canal, log_mask_contact(contact, mask, sizeof(mask)));
	complaint_token(&v, "code", tok);
	return resp_redirect(r, arena_printf(r->arena, "/reclamation/%s/code?h=%s", v.ref, tok));
}

/* The complaint named in the URL, if the token of `purpose` in `param`
 * matches. 0 when loaded, else the page's status. */
static int load(struct request *r, const char *ref_arg, const char *purpose, const char *param,
                struct complaint_view *v)
{
	char ref[9];
	bool err = false;
	if (valid_ref(ref_arg, ref, sizeof(ref)) && complaint_load(r->arena, ref, v, &err) &&
	    complaint_token_ok(v, purpose, req_param(r, param)))
		return 0;
	if (err)
		return page_unavailable(r);
	return page_error(r, 404, _("Ce lien de réclamation n'est pas valable."));
}

static int done_redirect(struct request *r, const struct complaint_view *v)
{
	char tok[25];
	complaint_token(v, "view", tok);
	return resp_redirect(r, arena_printf(r->arena, "/reclamation/%s?t=%s", v->ref, tok));
}

static int render_code(struct request *r, const struct complaint_view *v, struct form *f, int status,
                       const char *alert)
{
	tpl_dict *d = page_new(r, _("Confirmez votre réclamation"));
	char m[64];
	bool by_email = str_eq(v->code_channel, "email");
	tpl_set(d, "REF", v->ref);
	tpl_set(d, "CODE_TOKEN", req_param(r, "h"));
	tpl_set(d, "CONTACT", log_mask_contact(by_email ? v->email : v->phone, m, sizeof(m)));
	tpl_show(d, by_email ? "BY_EMAIL" : "BY_SMS");
	tpl_set(d, "COMMUNE_NAME", v->commune_name);
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (f)
		form_fill(f, d);
	return page_render(r, d, "complaint_code", status);
}

int h_complaint_code(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load(r, args[0], "code", "h", &v);
	if (st)
		return st;
	if (!str_eq(v.status, "pending_code"))
		return done_redirect(r, &v);
	return render_code(r, &v, NULL, 200, NULL);
}

int h_complaint_code_post(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load(r, args[0], "code", "h", &v);
	if (st)
		return st;
	if (!str_eq(v.status, "pending_code"))
		return done_redirect(r, &v);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "code", F_CODE, true, 0, 0 } };
	if (!form_check_all(&f, fs, 1))
		return render_code(r, &v, &f, 422, NULL);
	if (!ratelimit_ok(r->arena, "code_try", r->remote_addr ? r->remote_addr : "", TRIES_WINDOW, TRIES_PER_WINDOW))
		return render_code(r, &v, NULL, 429, _("Trop d'essais depuis cette connexion. Patientez quelques minutes avant de réessayer."));
	int left = 0;
	switch (complaint_confirm_code(r->arena, &v, form_value(&f, "code"), r->remote_addr, pub_base_url(), &left)) {
	case CCODE_OK:
		log_info("complaint %s: registered", v.ref);
		return done_redirect(r, &v);
	case CCODE_WRONG:
		form_fail(&f, "code", arena_printf(r->arena, P_("Ce code n'est pas le bon. Il vous reste %d essai.",
						"Ce code n'est pas le bon. Il vous reste %d essais.", (unsigned long)left), left));
		return render_code(r, &v, &f, 422, NULL);
	case CCODE_LOCKED:
		form_fail(&f, "code", _("Trop d'essais avec ce code : recommencez votre réclamation."));
		return render_code(r, &v, &f, 429, NULL);
	case CCODE_EXPIRED:
		form_fail(&f, "code", _("Ce code a expiré : recommencez votre réclamation."));
		return render_code(r, &v, &f, 422, NULL);
	default:
		return page_unavailable(r);
	}
}

int h_complaint_view(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load(r, args[0], "view", "t", &v);
	if (st)
		return st;
	if (str_eq(v.status, "pending_code"))
		return page_error(r, 404, _("Ce lien de réclamation n'est pas valable."));
	tpl_dict *d = page_new(r, _("Votre réclamation est enregistrée"));
	tpl_set(d, "REF", v.ref);
	tpl_set(d, "COMMUNE_NAME", v.commune_name);
	char by[64] = "";
	if (v.deadline)
		i18n_date(v.deadline, by, sizeof(by));
	tpl_set(d, "REPLY_BY", by);
	if (str_eq(v.status, "repondue") || str_eq(v.status, "close"))
		tpl_show(d, "ANSWERED");
	return page_render(r, d, "complaint_done", 200);
}
