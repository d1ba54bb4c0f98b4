/* agent_staff.c — staff accounts of a commune (invite, disable) and the
 * audit log, for commune administrators (their commune) and the platform
 * administrator (every commune). */
#include "agent.h"
#include "audit.h"
#include "commune.h"
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
		if (!rows[i].active)
			tpl_show(x, "DISABLED");
	}
	if (s->role == ROLE_PLATFORM_ADMIN) {
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
	return render_staff(r, NULL, 200, NULL);
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
	if (found != 1 && role != ROLE_PLATFORM_ADMIN)
		form_fail(&f, "commune", _("Choisissez la commune de la personne."));
	/* Who may create what: a commune administrator, the agents and
	 * administrators of its own commune; the platform, anything. */
	if (role == ROLE_NONE || (s->role != ROLE_PLATFORM_ADMIN && role == ROLE_PLATFORM_ADMIN))
		form_fail(&f, "role", _("Choisissez un rôle dans la liste."));
	else if (role == ROLE_PARTNER && equipped)
		form_fail(&f, "role", _("Une commune équipée n'a pas de compte « mairie partenaire »."));
	else if (role == ROLE_AGENT && found == 1 && !equipped)
		form_fail(&f, "role", _("Une commune sans appareil a des comptes « mairie partenaire »."));
	if (f.nerrors)
		return render_staff(r, &f, 422, NULL);
	long long id;
	switch (staff_invite(r->arena, s->id, form_value(&f, "nom"), form_value(&f, "email"), role,
			     role == ROLE_PLATFORM_ADMIN ? 0 : commune, r->lang, agent_base_url(), &id)) {
	case STAFF_OK:
		return render_staff(r, NULL, 200, _("Invitation envoyée."));
	case STAFF_DUPLICATE:
		form_fail(&f, "email", _("Un compte existe déjà avec cette adresse."));
		return render_staff(r, &f, 409, NULL);
	default:
		return page_unavailable(r);
	}
}

int a_staff_disable(struct request *r, char **args)
{
	struct staff *s = me(r);
	long id;
	struct staff_account acc;
	int found = valid_int(args[0], 1, 1000000000, &id) ? staff_get(r->arena, id, &acc) : 0;
	if (found < 0)
		return page_unavailable(r);
	if (found == 0)
		return page_error(r, 404, _("Ce compte n'existe pas."));
	/* Own commune only; nobody disables the platform administrator but
	 * the platform administrator; nobody disables themself. */
	if (!agent_can_commune(s, acc.commune_id) || id == s->id ||
	    (acc.role == ROLE_PLATFORM_ADMIN && s->role != ROLE_PLATFORM_ADMIN))
		return agent_forbidden(r);
	if (!staff_disable(r->arena, s->id, id, acc.commune_id))
		return page_unavailable(r);
	return resp_redirect(r, "/agent/personnel");
}

int a_audit(struct request *r, char **args)
{
	(void)args;
	struct scope sc = scope_of(me(r));
	struct audit_entry *e;
	long n = audit_list(r->arena, &sc, 300, &e);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Journal des actions"));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "ENTRY");
		tpl_set(x, "AT", e[i].at);
		tpl_set(x, "WHO", e[i].who ? e[i].who : "—");
		tpl_set(x, "ACTION", e[i].action);
		tpl_setf(x, "RECORD", "%s %s", e[i].entity, e[i].entity_id ? e[i].entity_id : "");
		tpl_set(x, "DETAILS", e[i].details);
		tpl_set(x, "COMMUNE", e[i].commune ? e[i].commune : "—");
	}
	return page_render(r, d, "agent_audit", 200);
}
