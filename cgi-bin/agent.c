/* agent.c — the staff program: route table, sign-in guard, sign-in and
 * sign-out, password reset, and the home page of each role. */
#include "agent.h"
#include "audit.h"
#include "commune.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "ratelimit.h"
#include "server.h"
#include "sites.h"
#include "staff.h"
#include "validate.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct route routes[] = {
	{ "GET",  "/agent/connexion",              a_login_form, 0 },
	{ "POST", "/agent/connexion",              a_login, 0 },
	{ "GET",  "/agent/connexion/code",         a_mfa_code_form, 0 },
	{ "POST", "/agent/connexion/code",         a_mfa_code, 0 },
	{ "GET",  "/agent/securite/activer",       a_mfa_enrol_form, 0 },
	{ "POST", "/agent/securite/activer",       a_mfa_enrol, 0 },
	{ "GET",  "/agent/securite/qr.svg",        a_mfa_qr, 0 },
	{ "GET",  "/agent/securite",               a_security, R_SIGNED },
	{ "POST", "/agent/deconnexion",            a_logout, R_SIGNED },
	{ "GET",  "/agent/mot-de-passe",           a_reset_request_form, 0 },
	{ "POST", "/agent/mot-de-passe",           a_reset_request, 0 },
	{ "GET",  "/agent/mot-de-passe/nouveau",   a_reset_form, 0 },
	{ "POST", "/agent/mot-de-passe/nouveau",   a_reset, 0 },
	{ "GET",  "/agent/",                       a_home, R_SIGNED },
	{ "GET",  "/agent",                        a_home, R_SIGNED },
	{ "GET",  "/agent/agenda/*",               a_agenda, R_EQUIPPED },
	{ "GET",  "/agent/recherche",              a_search, R_ALL },
	{ "GET",  "/agent/creneaux",               a_free_times, R_ALL },
	{ "GET",  "/agent/reserver",               a_book_form, R_ALL },
	{ "POST", "/agent/reserver",               a_book, R_ALL },
	{ "GET",  "/agent/rdv",                    a_bookings, R_ALL },
	{ "GET",  "/agent/rdv/*",                  a_booking, R_ALL },
	{ "GET",  "/agent/rdv/*/convocation",      a_convocation, R_ALL },
	{ "POST", "/agent/rdv/*/annuler",          a_cancel, R_ALL },
	{ "GET",  "/agent/rdv/*/deplacer",         a_move_form, R_ALL },
	{ "POST", "/agent/rdv/*/deplacer",         a_move, R_ALL },
	{ "POST", "/agent/rdv/*/pointage",         a_checkin, R_EQUIPPED },
	{ "POST", "/agent/rdv/*/ants",             a_ants_retry, R_EQUIPPED },
	{ "GET",  "/agent/rdv/*/absence",          a_noshow_letter, R_EQUIPPED },
	{ "GET",  "/agent/absences",               a_noshow_letters, R_EQUIPPED },
	{ "GET",  "/agent/rdv/*/retrait",          a_pickup_form, R_EQUIPPED },
	{ "POST", "/agent/rdv/*/retrait",          a_pickup, R_EQUIPPED },
	{ "GET",  "/agent/retraits",               a_pickups, R_ADMINS },
	{ "POST", "/agent/retraits",               a_pickups_move, R_ADMINS },
	{ "GET",  "/agent/urgences",               a_urgencies, R_EQUIPPED },
	{ "GET",  "/agent/urgences/*",             a_urgency, R_EQUIPPED },
	{ "POST", "/agent/urgences/*/accorder",    a_urgency_grant, R_EQUIPPED },
	{ "POST", "/agent/urgences/*/refuser",     a_urgency_refuse, R_EQUIPPED },
	{ "GET",  "/agent/planning",               a_planning, R_EQUIPPED },
	{ "GET",  "/agent/planning/*",             a_rules_form, R_ADMINS },
	{ "POST", "/agent/planning/*",             a_rules, R_ADMINS },
	{ "GET",  "/agent/fermetures",             a_closures, R_EQUIPPED },
	{ "POST", "/agent/fermetures",             a_closure_preview, R_EQUIPPED },
	{ "POST", "/agent/fermetures/confirmer",   a_closure_apply, R_EQUIPPED },
	{ "POST", "/agent/fermetures/demander",    a_closure_ask, R_EQUIPPED },
	{ "GET",  "/agent/parametres",             a_settings_form, R_ADMINS },
	{ "POST", "/agent/parametres",             a_settings, R_ADMINS },
	{ "POST", "/agent/parametres/retraits",    a_pickup_delays, R_ADMINS },
	{ "POST", "/agent/parametres/absences",    a_noshow_notice, R_ADMINS },
	{ "GET",  "/agent/qualite",                a_quality, R_ADMINS },
	{ "POST", "/agent/qualite",                a_quality_post, R_ADMINS },
	{ "GET",  "/agent/lieux",                  a_places, R_ADMINS },
	{ "POST", "/agent/lieux",                  a_site_create, R_ADMINS },
	{ "POST", "/agent/lieux/*/appareils",      a_device_create, R_ADMINS },
	{ "GET",  "/agent/appareils/*",            a_device_form, R_ADMINS },
	{ "POST", "/agent/appareils/*",            a_device, R_ADMINS },
	{ "GET",  "/agent/demarches",              a_procedures, R_PADMIN },
	{ "POST", "/agent/demarches/*",            a_procedure, R_PADMIN },
	{ "GET",  "/agent/personnel",              a_staff_list, R_ADMINS },
	{ "POST", "/agent/personnel",              a_staff_invite, R_ADMINS },
	{ "POST", "/agent/personnel/*/desactiver", a_staff_disable, R_ADMINS },
	{ "POST", "/agent/personnel/*/mfa",        a_staff_mfa_reset, R_ADMINS },
	{ "GET",  "/agent/journal",                a_audit, R_ADMINS },
	{ "GET",  "/agent/journal.csv",            a_audit_csv, R_ADMINS },
	{ "GET",  "/agent/personne",               a_rights, R_ADMINS },
	{ "GET",  "/agent/personne/export.json",   a_rights_export, R_ADMINS },
	{ "POST", "/agent/personne/effacer",       a_rights_erase, R_ADMINS },
	{ "GET",  "/agent/reclamations",           a_complaints, R_EQUIPPED },
	{ "GET",  "/agent/reclamations/nouvelle",  a_complaint_new_form, R_EQUIPPED },
	{ "POST", "/agent/reclamations/nouvelle",  a_complaint_new, R_EQUIPPED },
	{ "GET",  "/agent/reclamations/sujets",    a_complaint_subjects, R_ADMINS },
	{ "POST", "/agent/reclamations/sujets",    a_complaint_subject_add, R_ADMINS },
	{ "POST", "/agent/reclamations/sujets/*/retirer", a_complaint_subject_retire, R_ADMINS },
	{ "POST", "/agent/reclamations/delai",     a_complaint_delay, R_ADMINS },
	{ "GET",  "/agent/reclamations/*",         a_complaint, R_EQUIPPED },
	{ "POST", "/agent/reclamations/*/statut",  a_complaint_status, R_EQUIPPED },
	{ "POST", "/agent/reclamations/*/attribuer", a_complaint_assign, R_EQUIPPED },
	{ "POST", "/agent/reclamations/*/note",    a_complaint_note, R_EQUIPPED },
	{ "POST", "/agent/reclamations/*/reponse", a_complaint_reply, R_EQUIPPED },
	{ "GET",  "/agent/reclamations/*/accuse",  a_complaint_ack_letter, R_EQUIPPED },
	{ "GET",  "/agent/reclamations/*/lettre",  a_complaint_reply_letter, R_EQUIPPED },
	{ "GET",  "/agent/webhooks",               a_webhooks, R_ADMINS },
	{ "POST", "/agent/webhooks",               a_webhook_create, R_ADMINS },
	{ "GET",  "/agent/webhooks/*",             a_webhook_log, R_ADMINS },
	{ "POST", "/agent/webhooks/*/desactiver",  a_webhook_disable, R_ADMINS },
	{ "POST", "/agent/webhooks/*/activer",     a_webhook_enable, R_ADMINS },
	{ "POST", "/agent/webhooks/*/secret",      a_webhook_rotate, R_ADMINS },
	{ "POST", "/agent/webhooks/*/supprimer",   a_webhook_delete, R_ADMINS },
	{ "POST", "/agent/webhooks/*/renvoyer",    a_webhook_redeliver, R_ADMINS },
	{ "GET",  "/agent/assistance",             a_hd_list, R_STAFF },
	{ "GET",  "/agent/assistance/nouveau",     a_hd_new_form, R_STAFF },
	{ "POST", "/agent/assistance/nouveau",     a_hd_new, R_STAFF },
	{ "GET",  "/agent/assistance/groupes",     a_hd_groups, R_HDESK | R_CADMIN },
	{ "POST", "/agent/assistance/groupes",     a_hd_group_members, R_HDESK | R_CADMIN },
	{ "POST", "/agent/assistance/sujets",      a_hd_topic_add, R_PADMIN },
	{ "GET",  "/agent/assistance/*",           a_hd_ticket, R_STAFF },
	{ "POST", "/agent/assistance/*/note",      a_hd_note, R_STAFF },
	{ "POST", "/agent/assistance/*/etat",      a_hd_state, R_STAFF },
	{ "POST", "/agent/assistance/*/attribuer", a_hd_assign, R_HDESK },
	{ "GET",  "/agent/assistance/*/faq",       a_hd_faq_form, R_HDESK },
	{ "POST", "/agent/assistance/*/faq",       a_hd_faq_draft, R_HDESK },
	{ "GET",  "/agent/faq",                    a_faq_list, R_HDESK },
	{ "POST", "/agent/faq/*",                  a_faq_publish, R_HDESK },
	{ "GET",  "/agent/statut",                 a_status, R_TECH },
	{ "POST", "/agent/statut",                 a_status_declare, R_TECH },
	{ "POST", "/agent/statut/maintenance",     a_status_maint, R_TECH },
	{ "POST", "/agent/statut/maintenance/*/annuler", a_status_maint_cancel, R_TECH },
};

static struct staff current;

const char *agent_base_url(void)
{
	return config_get("public_base_url", "http://127.0.0.1:8080");
}

bool agent_can_commune(const struct staff *s, long long commune_id)
{
	struct scope sc = scope_of(s);
	return scope_has_commune(&sc, commune_id);
}

bool agent_can_booking(const struct staff *s, const struct booking_view *v)
{
	struct scope sc = scope_of(s);
	return scope_has_booking(&sc, v->commune_id, v->partner_commune_id);
}

bool agent_can_device(struct request *r, const struct staff *s, long long device_id)
{
	struct device_info d;
	return device_get(r->arena, device_id, &d) == 1 && agent_can_commune(s, d.commune_id);
}

tpl_dict *agent_page(struct request *r, const char *title)
{
	return staff_page_new(r, title, me(r));
}

long long agent_scope_commune(struct request *r)
{
	struct staff *s = me(r);
	long c = 0;
	if (s->role == ROLE_PLATFORM_ADMIN && valid_int(req_param(r, "commune"), 1, 1000000, &c))
		return c;
	return s->commune_id;
}

long long agent_named_commune(struct request *r)
{
	long c;
	if (valid_int(req_param(r, "commune"), 1, 1000000, &c) && !agent_can_commune(me(r), c))
		return -1;
	long long commune = agent_scope_commune(r);
	if (commune && !agent_can_commune(me(r), commune))
		return -1;
	return commune;
}

int agent_choose_commune(struct request *r, const char *title, const char *path)
{
	struct commune_row *c;
	long n = communes_all(r->arena, false, &c);
	tpl_dict *d = agent_page(r, title);
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "COMMUNE");
		tpl_set(x, "URL", arena_printf(r->arena, "%s?commune=%lld", path, c[i].id));
		tpl_setf(x, "NAME", "%s%s", c[i].name, c[i].equipped ? "" : _(" (partenaire)"));
	}
	return page_render(r, d, "agent_choose_commune", 200);
}

int agent_forbidden(struct request *r)
{
	return page_error(r, 403, _("Vous n'avez pas accès à cette page ou à cet enregistrement."));
}

static int guard(struct request *r, unsigned roles)
{
	if (!auth_current(r, &current)) {
		/* Not signed in: to the sign-in page, back here afterwards (a
		 * GET only: a POST's data would be lost anyway). */
		const char *next = strcmp(r->method, "GET") == 0 ? r->path : "/agent/";
		return resp_redirect(r, arena_printf(r->arena, "/agent/connexion?suite=%s",
						     http_url_encode(r->arena, next)));
	}
	r->user = &current;
	if (!(roles & (1u << current.role)))
		return agent_forbidden(r);
	return 0;
}

static int login_page(struct request *r, struct form *f, int status, const char *alert)
{
	tpl_dict *d = agent_page(r, _("Connexion du personnel"));
	if (f)
		form_fill(f, d);
	const char *next = req_param(r, "suite");
	tpl_set(d, "NEXT", next && (str_starts(next, "/agent") || str_starts(next, "/stats")) ? next : "/agent/");
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (str_eq(req_arg(r, "fin"), "1"))
		tpl_show(d, "SIGNED_OUT");
	return page_render(r, d, "agent_login", status);
}

int a_login_form(struct request *r, char **args)
{
	(void)args;
	return login_page(r, NULL, 200, NULL);
}

int a_login(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = {
		{ "email", F_EMAIL, true, 0, 0 },
		{ "mot_de_passe", F_TEXT, true, 0, 200 },
	};
	if (!form_check_all(&f, fs, ARRAY_LEN(fs)))
		return login_page(r, &f, 422, NULL);
	/* The password as typed: F_TEXT squashes spaces, which matter here. */
	const char *pw = req_form(r, "mot_de_passe");
	struct login_info li;
	switch (auth_login(r, form_value(&f, "email"), pw, &li)) {
	case LOGIN_OK:
		if (li.mfa != AUTH_MFA_DONE)
			return resp_redirect(r, agent_mfa_next_url(r, li.mfa));
		r->user = &li.staff;
		if (!audit(r->arena, li.staff.id, li.staff.commune_id, "login", "staff",
			   arena_printf(r->arena, "%lld", li.staff.id), NULL))
			return page_unavailable(r);
		return resp_redirect(r, agent_mfa_next_url(r, AUTH_MFA_DONE));
	case LOGIN_BAD:
		return login_page(r, &f, 401, _("Adresse électronique ou mot de passe incorrect."));
	case LOGIN_THROTTLED:
		if (li.wait_s > 0)
			return login_page(r, &f, 429, arena_printf(r->arena,
				P_("Plusieurs essais ont échoué sur ce compte : patientez %d seconde avant de réessayer, ou réinitialisez votre mot de passe.",
				   "Plusieurs essais ont échoué sur ce compte : patientez %d secondes avant de réessayer, ou réinitialisez votre mot de passe.",
				   (unsigned long)li.wait_s), li.wait_s));
		return login_page(r, &f, 429, _("Trop de tentatives de connexion. Patientez avant de réessayer, ou réinitialisez votre mot de passe."));
	default:
		return page_unavailable(r);
	}
}

int a_logout(struct request *r, char **args)
{
	(void)args;
	auth_logout(r);
	if (!audit(r->arena, me(r)->id, me(r)->commune_id, "logout", "staff", arena_printf(r->arena, "%lld", me(r)->id), NULL))
		return page_unavailable(r);
	return resp_redirect(r, "/agent/connexion?fin=1");
}

static int reset_request_page(struct request *r, struct form *f, int status, bool sent)
{
	tpl_dict *d = agent_page(r, _("Mot de passe oublié"));
	if (f)
		form_fill(f, d);
	if (sent)
		tpl_show(d, "SENT");
	return page_render(r, d, "agent_reset_request", status);
}

int a_reset_request_form(struct request *r, char **args)
{
	(void)args;
	return reset_request_page(r, NULL, 200, false);
}

int a_reset_request(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "email", F_EMAIL, true, 0, 0 } };
	if (!form_check_all(&f, fs, 1))
		return reset_request_page(r, &f, 422, false);
	const char *email = form_value(&f, "email");
	/* Same answer whether the account exists or not. */
	if (ratelimit_hit(r->arena, "reset", email, 3600, 5) &&
	    !staff_send_reset(r->arena, email, r->lang, agent_base_url()))
		return page_unavailable(r);
	return reset_request_page(r, NULL, 200, true);
}

static int reset_page(struct request *r, struct form *f, int status, const char *alert)
{
	tpl_dict *d = agent_page(r, _("Nouveau mot de passe"));
	tpl_set(d, "TOKEN", req_param(r, "t"));
	if (f)
		form_fill(f, d);
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	return page_render(r, d, "agent_reset", status);
}

int a_reset_form(struct request *r, char **args)
{
	(void)args;
	if (!auth_peek_token(r->arena, req_arg(r, "t")))
		return page_error(r, 410, _("Ce lien n'est plus valable : il a expiré ou a déjà servi. Demandez-en un nouveau."));
	return reset_page(r, NULL, 200, NULL);
}

int a_reset(struct request *r, char **args)
{
	(void)args;
	long long id = auth_peek_token(r->arena, req_form(r, "t"));
	if (!id)
		return page_error(r, 410, _("Ce lien n'est plus valable : il a expiré ou a déjà servi. Demandez-en un nouveau."));
	struct form f;
	form_init(&f, r);
	const char *pw = req_form(r, "mot_de_passe");
	const char *pw2 = req_form(r, "confirmation");
	struct staff_account acc;
	if (staff_get(r->arena, id, &acc) != 1)
		return page_unavailable(r);
	const char *problem = pw ? auth_password_problem(pw, acc.email) : _("Ce champ est obligatoire.");
	if (problem)
		form_fail(&f, "mot_de_passe", problem);
	else if (!str_eq(pw, pw2))
		form_fail(&f, "confirmation", _("Les deux mots de passe ne sont pas identiques."));
	if (f.nerrors)
		return reset_page(r, &f, 422, NULL);
	switch (staff_reset_password(r->arena, req_form(r, "t"), pw)) {
	case STAFF_OK:
		return resp_redirect(r, "/agent/connexion?nouveau=1");
	case STAFF_GONE:
		return page_error(r, 410, _("Ce lien n'est plus valable : il a expiré ou a déjà servi. Demandez-en un nouveau."));
	default:
		return page_unavailable(r);
	}
}

int a_home(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	if (s->role == ROLE_PARTNER)
		return resp_redirect(r, "/agent/creneaux");
	if (s->role == ROLE_HELPDESK)
		return resp_redirect(r, "/agent/assistance");
	if (s->role == ROLE_TECH)
		return resp_redirect(r, "/agent/statut");
	struct scope sc = scope_of(s);
	struct device_info *dv;
	long n = devices_in_scope(r->arena, &sc, &dv);
	tpl_dict *d = agent_page(r, _("Accueil du personnel"));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "DEVICE");
		tpl_set_int(x, "ID", dv[i].id);
		tpl_set(x, "NAME", dv[i].name);
		tpl_set(x, "SITE", dv[i].site_name);
		tpl_set(x, "COMMUNE", dv[i].commune_name);
	}
	if (!agent_complaints_home(r, d)) {
		tpl_free(d);
		return page_unavailable(r);
	}
	return page_render(r, d, "agent_home", 200);
}

static bool child_init(void)
{
	db_connect();
	return true;
}

int main(void)
{
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	if (sodium_init() < 0)
		return 1;
	err_page = page_error;
	route_guard = guard;
	if (!tpl_init(config_get("templates_dir", "templates"), i18n_langs))
		return 1;
	char sock[512];
	snprintf(sock, sizeof(sock), "%s/agent.sock", config_get("socket_dir", "var/run"));
	return server_run(sock, (int)config_int("agent_workers", 2), child_init, routes, ARRAY_LEN(routes));
}
