/* agent_staff.c — staff accounts of a commune (invite, disable) and the
 * audit log, for commune administrators (their commune) and the platform
 * administrator (every commune). */
#include "agent.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"
#include "page.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static int render_staff(struct request *r, struct form *f, int status, const char *notice)
{
	struct staff *s = me(r);
	struct db_res q;
	db_exec(r->arena, &q, "SELECT st.id, st.name, st.email, st.role, st.active, c.name, st.last_login_utc"
		" FROM staff st LEFT JOIN communes c ON c.id = st.commune_id"
		" WHERE (? = 1 OR st.commune_id = ?) ORDER BY c.name, st.name",
		"ii", (long long)(s->role == ROLE_PLATFORM_ADMIN), s->commune_id);
	tpl_dict *d = agent_page(r, _("Personnel"));
	for (size_t i = 0; i < q.nrows; i++) {
		tpl_dict *x = tpl_section(d, "STAFF");
		tpl_set(x, "ID", db_val(&q, i, 0));
		tpl_set(x, "NAME", db_val(&q, i, 1));
		tpl_set(x, "EMAIL", db_val(&q, i, 2));
		tpl_set(x, "ROLE", db_val(&q, i, 3));
		tpl_set(x, "COMMUNE", db_val(&q, i, 5) ? db_val(&q, i, 5) : "—");
		tpl_set(x, "LAST_LOGIN", db_val(&q, i, 6) ? db_val(&q, i, 6) : "—");
		if (db_int(&q, i, 4) && db_int(&q, i, 0) != s->id)
			tpl_show(x, "CAN_DISABLE");
		if (!db_int(&q, i, 4))
			tpl_show(x, "DISABLED");
	}
	if (s->role == ROLE_PLATFORM_ADMIN) {
		tpl_dict *c = tpl_section(d, "PLATFORM");
		struct db_res cs;
		db_exec(r->arena, &cs, "SELECT id, name, equipped FROM communes ORDER BY name", "");
		for (size_t i = 0; i < cs.nrows; i++) {
			tpl_dict *o = tpl_section(c, "COMMUNE_OPTION");
			tpl_set(o, "ID", db_val(&cs, i, 0));
			tpl_setf(o, "NAME", "%s%s", db_val(&cs, i, 1), db_int(&cs, i, 2) ? "" : _(" (partenaire)"));
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
 * choose one (valid 30 minutes... extended to 48 hours for an invitation)
 * goes out by email. */
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
	struct db_res c;
	bool equipped = false;
	if (commune && db_exec(r->arena, &c, "SELECT equipped FROM communes WHERE id = ?", "i", commune) >= 0 && c.nrows == 1)
		equipped = db_int(&c, 0, 0) != 0;
	else if (role != ROLE_PLATFORM_ADMIN)
		form_fail(&f, "commune", _("Choisissez la commune de la personne."));
	/* Who may create what: a commune administrator, the agents and
	 * administrators of its own commune; the platform, anything. */
	if (role == ROLE_NONE || (s->role != ROLE_PLATFORM_ADMIN && role == ROLE_PLATFORM_ADMIN))
		form_fail(&f, "role", _("Choisissez un rôle dans la liste."));
	else if (role == ROLE_PARTNER && equipped)
		form_fail(&f, "role", _("Une commune équipée n'a pas de compte « mairie partenaire »."));
	else if ((role == ROLE_AGENT || role == ROLE_COMMUNE_ADMIN) && commune && !equipped && role != ROLE_COMMUNE_ADMIN)
		form_fail(&f, "role", _("Une commune sans appareil a des comptes « mairie partenaire »."));
	if (f.nerrors)
		return render_staff(r, &f, 422, NULL);
	if (!db_begin())
		return page_unavailable(r);
	long long n = db_exec(r->arena, NULL, "INSERT INTO staff (email, name, role, commune_id, created_utc)"
			      " VALUES (?, ?, ?, ?, UTC_TIMESTAMP())", "ssss", form_value(&f, "email"),
			      form_value(&f, "nom"), auth_role_name(role),
			      role == ROLE_PLATFORM_ADMIN ? NULL : arena_printf(r->arena, "%lld", commune));
	if (n < 0) {
		db_rollback();
		if (db_errno() == DB_ERR_DUP) {
			form_fail(&f, "email", _("Un compte existe déjà avec cette adresse."));
			return render_staff(r, &f, 409, NULL);
		}
		return page_unavailable(r);
	}
	long long id = (long long)db_insert_id();
	char tok[65], nonce[17];
	crypto_random_hex(nonce, 8);
	bool ok = auth_issue_token(r, id, 48 * 3600, tok) &&
		outbox_add(r->arena, arena_printf(r->arena, "invite:%lld:%s", id, nonce), "invite", "email",
			   form_value(&f, "email"), _("Votre accès à Créneau"),
			   arena_printf(r->arena, _("Bonjour,\n\nUn compte Créneau a été ouvert pour vous. Choisissez votre mot de passe dans les 48 heures avec ce lien :\n%s/agent/mot-de-passe/nouveau?t=%s\n"),
					agent_base_url(), tok),
			   0, commune, r->lang, 48 * 3600);
	if (!ok || !db_commit()) {
		db_rollback();
		return page_unavailable(r);
	}
	audit(r, s, commune, "staff_invite", "staff", arena_printf(r->arena, "%lld", id), auth_role_name(role));
	return render_staff(r, NULL, 200, _("Invitation envoyée."));
}

int a_staff_disable(struct request *r, char **args)
{
	struct staff *s = me(r);
	long id;
	struct db_res q;
	if (!valid_int(args[0], 1, 1000000000, &id) ||
	    db_exec(r->arena, &q, "SELECT commune_id, role FROM staff WHERE id = ?", "i", (long long)id) < 0 || q.nrows != 1)
		return page_error(r, 404, _("Ce compte n'existe pas."));
	/* Own commune only; nobody disables the platform administrator but
	 * the platform administrator; nobody disables themself. */
	if (!agent_can_commune(s, db_int(&q, 0, 0)) || id == s->id ||
	    (str_eq(db_val(&q, 0, 1), "platform_admin") && s->role != ROLE_PLATFORM_ADMIN))
		return agent_forbidden(r);
	if (db_exec(r->arena, NULL, "UPDATE staff SET active = 0 WHERE id = ?", "i", (long long)id) < 0)
		return page_unavailable(r);
	auth_logout_all(r, id);
	audit(r, s, db_int(&q, 0, 0), "staff_disable", "staff", arena_printf(r->arena, "%ld", id), NULL);
	return resp_redirect(r, "/agent/personnel");
}

int a_audit(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	struct db_res q;
	db_exec(r->arena, &q, "SELECT a.at_utc, st.name, a.action, a.entity, a.entity_id, a.details, c.name"
		" FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id LEFT JOIN communes c ON c.id = a.commune_id"
		" WHERE (? = 1 OR a.commune_id = ?) ORDER BY a.id DESC LIMIT 300",
		"ii", (long long)(s->role == ROLE_PLATFORM_ADMIN), s->commune_id);
	tpl_dict *d = agent_page(r, _("Journal des actions"));
	for (size_t i = 0; i < q.nrows; i++) {
		tpl_dict *x = tpl_section(d, "ENTRY");
		tpl_set(x, "AT", db_val(&q, i, 0));
		tpl_set(x, "WHO", db_val(&q, i, 1) ? db_val(&q, i, 1) : "—");
		tpl_set(x, "ACTION", db_val(&q, i, 2));
		tpl_setf(x, "RECORD", "%s %s", db_val(&q, i, 3), db_val(&q, i, 4) ? db_val(&q, i, 4) : "");
		tpl_set(x, "DETAILS", db_val(&q, i, 5));
		tpl_set(x, "COMMUNE", db_val(&q, i, 6) ? db_val(&q, i, 6) : "—");
	}
	return page_render(r, d, "agent_audit", 200);
}
