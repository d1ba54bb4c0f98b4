/* agent_staff.c — staff accounts of a commune (invite, disable) and the
 * audit log, for commune administrators (their commune) and the platform
 * administrator (every commune). */
#include "agent.h"
#include "audit.h"
#include "commune.h"
#include "csv.h"
#include "form.h"
#include "i18n.h"
#include "page.h"
#include "staff.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static int render_staff(struct request *r, struct form *f, int status, const char *notice)
{
	struct staff *s = me(r);
	struct scope sc = scope_of(s);
	struct staff_row *rows;
	struct commune_row *cs = NULL;
	long n = staff_list(r->arena, &sc, &rows);
	long nc = s->role == ROLE_PLATFORM_ADMIN ? communes_all(r->arena, false, &cs) : 0;
	if (n < 0 || nc < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Personnel"));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "STAFF");
		tpl_set_int(x, "ID", rows[i].id);
		tpl_set(x, "NAME", rows[i].name);
		tpl_set(x, "EMAIL", rows[i].email);
		tpl_set(x, "ROLE", rows[i].role);
		tpl_set(x, "COMMUNE", rows[i].commune ? rows[i].commune : "—");
		tpl_set(x, "LAST_LOGIN", rows[i].last_login ? rows[i].last_login : "—");
		if (rows[i].active && rows[i].id != s->id)
			tpl_show(x, "CAN_DISABLE");
		tpl_show(x, rows[i].totp ? "TOTP_ON" : "TOTP_OFF");
		if (rows[i].totp && rows[i].id != s->id)
			tpl_show(x, "CAN_RESET_MFA");
		if (!rows[i].active)
			tpl_show(x, "DISABLED");
	}
	if (s->role == ROLE_PLATFORM_ADMIN) {
		tpl_show(d, "PLATFORM_ROLES");
		tpl_dict *c = tpl_section(d, "PLATFORM");
		for (long i = 0; i < nc; i++) {
			tpl_dict *o = tpl_section(c, "COMMUNE_OPTION");
			tpl_set_int(o, "ID", cs[i].id);
			tpl_setf(o, "NAME", "%s%s", cs[i].name, cs[i].equipped ? "" : _(" (partenaire)"));
		}
	}
	if (f)
		form_fill(f, d);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	return page_render(r, d, "agent_staff", status);
}

int a_staff_list(struct request *r, char **args)
{
	(void)args;
	return render_staff(r, NULL, 200, str_eq(req_arg(r, "mfa"), "1")
		? _("La double authentification a été réinitialisée : la personne l'activera de nouveau à sa prochaine connexion.") : NULL);
}

/* Invites a person: the account exists without a password, and a link to
 * choose one (valid 48 hours) goes out by email. */
int a_staff_invite(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = {
		{ "nom", F_TEXT, true, 0, 120 },
		{ "email", F_EMAIL, true, 0, 0 },
		{ "role", F_TEXT, true, 0, 20 },
		{ "commune", F_INT, false, 1, 1000000 },
	};
	form_check_all(&f, fs, ARRAY_LEN(fs));
	enum role role = auth_role_of(form_value(&f, "role"));
	long long commune = s->role == ROLE_PLATFORM_ADMIN ? form_int(&f, "commune", 0) : s->commune_id;
	struct commune_row c;
	int found = commune ? commune_get(r->arena, commune, &c) : 0;
	if (found < 0)
		return page_unavailable(r);
	bool equipped = found == 1 && c.equipped;
	if (found != 1 && !auth_role_platform(role))
		form_fail(&f, "commune", _("Choisissez la commune de la personne."));
	/* Who may create what: a commune administrator, the agents and
	 * administrators of its own commune; the platform, anything. */
	if (role == ROLE_NONE || (s->role != ROLE_PLATFORM_ADMIN && auth_role_platform(role)))
		form_fail(&f, "role", _("Choisissez un rôle dans la liste."));
	else if (role == ROLE_PARTNER && equipped)
		form_fail(&f, "role", _("Une commune équipée n'a pas de compte « mairie partenaire »."));
	else if (role == ROLE_AGENT && found == 1 && !equipped)
		form_fail(&f, "role", _("Une commune sans appareil a des comptes « mairie partenaire »."));
	if (f.nerrors)
		return render_staff(r, &f, 422, NULL);
	long long id;
	switch (staff_invite(r->arena, s->id, form_value(&f, "nom"), form_value(&f, "email"), role,
			     auth_role_platform(role) ? 0 : commune, r->lang, agent_base_url(), &id)) {
	case STAFF_OK:
		return render_staff(r, NULL, 200, _("Invitation envoyée."));
	case STAFF_DUPLICATE:
		form_fail(&f, "email", _("Un compte existe déjà avec cette adresse."));
		return render_staff(r, &f, 409, NULL);
	default:
		return page_unavailable(r);
	}
}

int agent_colleague(struct request *r, const char *arg, struct staff_account *acc)
{
	struct staff *s = me(r);
	long id;
	int found = valid_int(arg, 1, 1000000000, &id) ? staff_get(r->arena, id, acc) : 0;
	if (found < 0)
		return page_unavailable(r);
	if (found == 0)
		return page_error(r, 404, _("Ce compte n'existe pas."));
	/* Own commune only; nobody touches the platform administrator's
	 * account but the platform administrator; nobody their own. */
	if (!agent_can_commune(s, acc->commune_id) || id == s->id ||
	    (acc->role == ROLE_PLATFORM_ADMIN && s->role != ROLE_PLATFORM_ADMIN))
		return agent_forbidden(r);
	return 0;
}

int a_staff_disable(struct request *r, char **args)
{
	struct staff_account acc;
	int st = agent_colleague(r, args[0], &acc);
	if (st)
		return st;
	if (!staff_disable(r->arena, me(r)->id, acc.id, acc.commune_id))
		return page_unavailable(r);
	return resp_redirect(r, "/agent/personnel");
}

static const struct field_spec audit_fields[] = {
	{ "qui", F_TEXT, false, 0, 100 },
	{ "action", F_TEXT, false, 0, 40 },
	{ "commune", F_INT, false, 0, 1000000 },
	{ "du", F_DATE, false, 0, 0 },
	{ "au", F_DATE, false, 0, 0 },
	{ "sep", F_TEXT, false, 0, 1 },
};

#define AUDIT_PAGE_MAX 300
#define AUDIT_CSV_MAX 100000

/* The journal's filter from the query string; false (and errors on the
 * form) when a field is not valid. */
static bool read_audit_filter(struct request *r, struct form *f, struct audit_filter *flt)
{
	form_init(f, r);
	bool ok = form_check_all(f, audit_fields, ARRAY_LEN(audit_fields));
	memset(flt, 0, sizeof(*flt));
	flt->who = form_value(f, "qui");
	flt->action = form_value(f, "action");
	flt->commune_id = form_int(f, "commune", 0);
	flt->from = form_value(f, "du");
	flt->to = form_value(f, "au");
	if (flt->from && flt->to && strcmp(flt->from, flt->to) > 0) {
		form_fail(f, "au", _("La fin de la période précède son début."));
		ok = false;
	}
	return ok;
}

int a_audit(struct request *r, char **args)
{
	(void)args;
	struct scope sc = scope_of(me(r));
	struct form f;
	struct audit_filter flt;
	bool ok = read_audit_filter(r, &f, &flt);
	struct audit_entry *e = NULL;
	const char **actions;
	struct commune_row *cs = NULL;
	long n = ok ? audit_list(r->arena, &sc, &flt, AUDIT_PAGE_MAX, &e) : 0;
	long na = audit_actions(r->arena, &actions);
	long nc = me(r)->role == ROLE_PLATFORM_ADMIN ? communes_all(r->arena, false, &cs) : 0;
	if (n < 0 || na < 0 || nc < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Journal des actions"));
	form_fill(&f, d);
	for (long i = 0; i < na; i++) {
		tpl_dict *o = tpl_section(d, "ACTION_OPTION");
		tpl_set(o, "NAME", actions[i]);
		if (str_eq(actions[i], flt.action))
			tpl_show(o, "SELECTED");
	}
	if (nc) {
		tpl_dict *p = tpl_section(d, "PLATFORM");
		for (long i = 0; i < nc; i++) {
			tpl_dict *o = tpl_section(p, "COMMUNE_OPTION");
			tpl_set_int(o, "ID", cs[i].id);
			tpl_set(o, "NAME", cs[i].name);
			if (cs[i].id == flt.commune_id)
				tpl_show(o, "SELECTED");
		}
	}
	tpl_set(d, "CSV_URL", arena_printf(r->arena, "/agent/journal.csv?%s", r->query ? r->query : ""));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "ENTRY");
		tpl_set(x, "AT", e[i].at);
		tpl_set(x, "WHO", e[i].who ? e[i].who : "—");
		tpl_set(x, "ACTION", e[i].action);
		tpl_setf(x, "RECORD", "%s %s", e[i].entity, e[i].entity_id ? e[i].entity_id : "");
		tpl_set(x, "DETAILS", e[i].details);
		tpl_set(x, "COMMUNE", e[i].commune ? e[i].commune : "—");
	}
	if (n == 0)
		tpl_show(d, "NONE");
	return page_render(r, d, "agent_audit", ok ? 200 : 400);
}

/* The same lines as CSV; the export itself is a line of the log. */
int a_audit_csv(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	struct scope sc = scope_of(s);
	struct form f;
	struct audit_filter flt;
	if (!read_audit_filter(r, &f, &flt))
		return page_error(r, 400, _("La période ou un filtre n'est pas valable."));
	char sep = str_eq(form_value(&f, "sep"), ";") ? ';' : ',';
	struct audit_entry *e;
	long n = audit_list(r->arena, &sc, &flt, AUDIT_CSV_MAX, &e);
	if (n < 0 || !audit(r->arena, s->id, s->commune_id, "csv_export", "audit_log", NULL,
			    arena_printf(r->arena, "qui=%s action=%s commune=%lld du=%s au=%s lignes=%ld",
					 flt.who ? flt.who : "", flt.action ? flt.action : "", flt.commune_id,
					 flt.from ? flt.from : "", flt.to ? flt.to : "", n)))
		return page_unavailable(r);
	struct sbuf b;
	sbuf_init(&b);
	const char *head[] = { _("date_utc"), _("qui"), _("adresse"), _("action"), _("enregistrement"),
			       _("identifiant"), _("details"), _("commune") };
	csv_line(&b, head, ARRAY_LEN(head), sep);
	for (long i = 0; i < n; i++) {
		const char *row[] = { e[i].at, e[i].who, e[i].email, e[i].action, e[i].entity, e[i].entity_id,
				      e[i].details, e[i].commune };
		csv_line(&b, row, ARRAY_LEN(row), sep);
	}
	resp_header(r, "Content-Disposition", "attachment; filename=\"creneau-journal.csv\"");
	int st = resp_text(r, 200, "text/csv; charset=utf-8", b.s ? b.s : "");
	sbuf_free(&b);
	return st;
}
