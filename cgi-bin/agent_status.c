/* agent_status.c — /agent/statut, where the platform's technical staff
 * (role "technique") set the public service status (core/status.h): the
 * state of each component with a comment in French (required), Dutch,
 * German and English, in an incident's phases; the scheduled maintenances;
 * and to which groups the email notice goes. Every change is audited. */
#include "agent.h"
#include "commune.h"
#include "datetime.h"
#include "form.h"
#include "i18n.h"
#include "page.h"
#include "status.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static const char *const incident_phases[] = { "investigating", "identified", "monitoring", "resolved" };
static const char *const groups[] = { "public", "agents", "partenaires", "technique", "commune" };
static const char *const group_labels[] = { N_("Abonnés de la page publique"), N_("Agents et administrations de toutes les communes"),
	N_("Mairies partenaires"), N_("Équipe technique"), N_("Le personnel d'une commune :") };

/* The comment fields, French first (required). */
static const char *const body_fields[STATUS_LANGS] = { "commentaire_fr", "commentaire_nl", "commentaire_de", "commentaire_en" };
static const char *const body_labels[STATUS_LANGS] = { N_("Commentaire en français (obligatoire)"), N_("Commentaire en néerlandais"),
	N_("Commentaire en allemand"), N_("Commentaire en anglais") };

/* The group checkboxes and the commune list of one form (prefix "d" for
 * the declaration, "m" for the maintenance: ids stay unique on the page). */
static void fill_groups(struct request *r, tpl_dict *form, const char *prefix, const struct commune_row *cs, long nc,
                        bool posted_here)
{
	for (size_t i = 0; i < ARRAY_LEN(groups); i++) {
		tpl_dict *g = tpl_section(form, "GROUP");
		tpl_set(g, "ID", arena_printf(r->arena, "%s-groupe-%s", prefix, groups[i]));
		tpl_set(g, "NAME", arena_printf(r->arena, "groupe_%s", groups[i]));
		tpl_set(g, "LABEL", _(group_labels[i]));
		if (posted_here && str_eq(req_form(r, arena_printf(r->arena, "groupe_%s", groups[i])), "1"))
			tpl_show(g, "CHECKED");
		if (str_eq(groups[i], "commune")) {
			tpl_dict *c = tpl_section(g, "COMMUNE_SELECT");
			tpl_set(c, "SELECT_ID", arena_printf(r->arena, "%s-commune", prefix));
			long chosen = 0;
			if (posted_here)
				valid_int(req_form(r, "commune"), 1, 1000000, &chosen);
			for (long k = 0; k < nc; k++) {
				tpl_dict *o = tpl_section(c, "COMMUNE_OPTION");
				tpl_set_int(o, "ID", cs[k].id);
				tpl_set(o, "NAME", cs[k].name);
				if (cs[k].id == chosen)
					tpl_show(o, "SELECTED");
			}
		}
	}
}

static void fill_bodies(struct request *r, tpl_dict *form, const char *prefix, const struct form *f)
{
	for (int l = 0; l < STATUS_LANGS; l++) {
		tpl_dict *b = tpl_section(form, "BODY");
		tpl_set(b, "ID", arena_printf(r->arena, "%s-%s", prefix, body_fields[l]));
		tpl_set(b, "NAME", body_fields[l]);
		tpl_set(b, "LABEL", _(body_labels[l]));
		tpl_set(b, "LANG", status_lang_codes[l]);
		if (f) {
			tpl_set(b, "VALUE", form_typed(f, body_fields[l]));
			const char *e = form_error(f, body_fields[l]);
			if (e)
				tpl_set(tpl_section(b, "ERR"), "MESSAGE", e);
		}
	}
}

/* which: 0 nothing posted, 1 the declaration, 2 the maintenance. */
static int render(struct request *r, struct form *f, int which, int code, const char *notice)
{
	struct arena *a = r->arena;
	const struct status_now *s = status_now_fresh(a);
	struct commune_row *cs;
	long nc = communes_all(a, false, &cs);
	if (nc < 0 || s->db_down)
		return page_unavailable(r);
	time_t now = time(NULL);
	tpl_dict *d = agent_page(r, _("État du service"));
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (f && f->nerrors) {
		tpl_dict *fe = tpl_section(d, "FORM_ERRORS");
		for (size_t i = 0; i < f->n; i++)
			if (f->error[i]) {
				tpl_dict *e = tpl_section(fe, "ERROR");
				tpl_set(e, "FIELD", arena_printf(a, "%s-%s", which == 2 ? "m" : "d", f->name[i]));
				tpl_set(e, "MESSAGE", f->error[i]);
			}
	}
	/* The declaration: each component's state, the phase, the comment. */
	tpl_dict *decl = tpl_section(d, "DECLARE");
	for (int c = 0; c < SC_COUNT; c++) {
		bool autom;
		enum status_state e = status_effective(s, (enum status_comp)c, &autom);
		tpl_dict *x = tpl_section(decl, "COMPONENT");
		const char *code_s = status_comp_code((enum status_comp)c);
		tpl_set(x, "CODE", code_s);
		tpl_set(x, "NAME", _(status_comp_label((enum status_comp)c)));
		tpl_set(x, "NOW", _(status_state_label(e)));
		tpl_set(x, "AUTO_NOW", s->has_auto[c] ? _(status_state_label(s->autos[c])) : _(status_state_label(ST_NORMAL)));
		if (autom)
			tpl_set(tpl_section(x, "AUTOMATIC"), "REASON", _(status_reason_label(s->auto_reason[c])));
		/* Selected: what was posted, else the manual state, else automatic. */
		const char *sel = which == 1 ? req_form(r, arena_printf(a, "etat_%s", code_s))
			: s->has_manual[c] ? status_state_code(s->manual[c]) : "auto";
		static const char *const opts[] = { "auto", "normal", "degraded", "down" };
		for (size_t k = 0; k < ARRAY_LEN(opts); k++) {
			tpl_dict *o = tpl_section(x, "OPTION");
			tpl_set(o, "VALUE", opts[k]);
			tpl_set(o, "LABEL", k == 0 ? _("Automatique (contrôles de santé)") : _(status_state_label((enum status_state)(k - 1))));
			if (str_eq(sel, opts[k]))
				tpl_show(o, "SELECTED");
		}
	}
	const char *phase_sel = which == 1 ? req_form(r, "phase") : s->incident ? s->phase : "investigating";
	for (size_t k = 0; k < ARRAY_LEN(incident_phases); k++) {
		tpl_dict *o = tpl_section(decl, "PHASE");
		tpl_set(o, "VALUE", incident_phases[k]);
		tpl_set(o, "LABEL", _(status_phase_label(incident_phases[k])));
		if (str_eq(phase_sel, incident_phases[k]))
			tpl_show(o, "SELECTED");
	}
	if (s->incident) {
		tpl_dict *x = tpl_section(d, "OPEN_INCIDENT");
		tpl_set(x, "PHASE", _(status_phase_label(s->phase)));
		tpl_set(x, "COMMENT", status_comment_in(&s->comment, "fr", NULL));
	}
	fill_bodies(r, decl, "d", which == 1 ? f : NULL);
	fill_groups(r, decl, "d", cs, nc, which == 1);
	/* The maintenance form. */
	tpl_dict *mf = tpl_section(d, "MAINTENANCE");
	for (int c = 0; c < SC_COUNT; c++) {
		tpl_dict *x = tpl_section(mf, "COMPONENT");
		tpl_set(x, "CODE", status_comp_code((enum status_comp)c));
		tpl_set(x, "NAME", _(status_comp_label((enum status_comp)c)));
		if (which == 2 && str_eq(req_form(r, arena_printf(a, "composant_%s", status_comp_code((enum status_comp)c))), "1"))
			tpl_show(x, "CHECKED");
	}
	if (which == 2) {
		static const char *const t[] = { "debut", "debut_heure", "fin", "fin_heure" };
		for (size_t k = 0; k < ARRAY_LEN(t); k++) {
			char key[32];
			snprintf(key, sizeof(key), "V_%s", t[k]);
			for (char *p = key; *p; p++)
				*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
			tpl_set(mf, key, req_form(r, t[k]));
			const char *e = f ? form_error(f, t[k]) : NULL;
			if (e) {
				snprintf(key, sizeof(key), "ERR_%s", t[k]);
				for (char *p = key; *p; p++)
					*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
				tpl_set(tpl_section(mf, key), "MESSAGE", e);
			}
		}
		if (f && form_error(f, "composants"))
			tpl_set(tpl_section(mf, "ERR_COMPOSANTS"), "MESSAGE", form_error(f, "composants"));
	}
	fill_bodies(r, mf, "m", which == 2 ? f : NULL);
	fill_groups(r, mf, "m", cs, nc, which == 2);
	for (int i = 0; i < s->nmaint; i++) {
		const struct status_maint *m = &s->maint[i];
		if (m->ends <= now)
			continue;
		tpl_dict *x = tpl_section(d, "PLANNED");
		char f1[96], f2[96];
		i18n_when(m->starts, f1, sizeof(f1));
		i18n_when(m->ends, f2, sizeof(f2));
		tpl_set_int(x, "ID", m->id);
		tpl_set(x, "FROM", f1);
		tpl_set(x, "TO", f2);
		tpl_set(x, "COMMENT", status_comment_in(&m->comment, "fr", NULL));
	}
	return page_render(r, d, "agent_status", code);
}

int a_status(struct request *r, char **args)
{
	(void)args;
	const char *done = req_arg(r, "fait");
	return render(r, NULL, 0, 200, str_eq(done, "etat") ? _("L'état du service est enregistré ; les avis sont partis aux groupes choisis.")
		: str_eq(done, "maintenance") ? _("La maintenance est annoncée.")
		: str_eq(done, "annulee") ? _("La maintenance est annulée.") : NULL);
}

/* The comments and the groups, common to both forms. */
static void read_common(struct form *f, const char **body, const char **grp, long long *commune)
{
	struct request *r = f->r;
	static const struct field_spec fs[] = {
		{ "commentaire_fr", F_TEXT, true, 0, STATUS_BODY_MAX },
		{ "commentaire_nl", F_TEXT, false, 0, STATUS_BODY_MAX },
		{ "commentaire_de", F_TEXT, false, 0, STATUS_BODY_MAX },
		{ "commentaire_en", F_TEXT, false, 0, STATUS_BODY_MAX },
		{ "commune", F_INT, false, 1, 1000000 },
	};
	form_check_all(f, fs, ARRAY_LEN(fs));
	for (int l = 0; l < STATUS_LANGS; l++)
		body[l] = form_value(f, body_fields[l]);
	struct sbuf g;
	sbuf_init(&g);
	for (size_t i = 0; i < ARRAY_LEN(groups); i++)
		if (str_eq(req_form(r, arena_printf(r->arena, "groupe_%s", groups[i])), "1"))
			sbuf_printf(&g, "%s%s", g.len ? "," : "", groups[i]);
	*grp = arena_strdup(r->arena, g.s ? g.s : "");
	sbuf_free(&g);
	*commune = form_int(f, "commune", 0);
	if (strstr(*grp, "commune") && *commune <= 0)
		form_fail(f, "commune", _("Choisissez la commune dont le personnel reçoit l'avis."));
}

int a_status_declare(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	struct status_declare dd;
	memset(&dd, 0, sizeof(dd));
	for (int c = 0; c < SC_COUNT; c++) {
		const char *name = arena_printf(r->arena, "etat_%s", status_comp_code((enum status_comp)c));
		const char *v = req_form(r, name);
		enum status_state st;
		if (str_eq(v, "auto"))
			dd.states[c] = -1;
		else if (status_state_parse(v, &st))
			dd.states[c] = (int)st;
		else {
			dd.states[c] = -1;
			form_fail(&f, name, _("Choisissez un état dans la liste."));
		}
	}
	dd.phase = req_form(r, "phase");
	if (!status_phase_valid(dd.phase, false))
		form_fail(&f, "phase", _("Choisissez une étape dans la liste."));
	read_common(&f, dd.body, &dd.groups, &dd.commune_id);
	if (f.nerrors)
		return render(r, &f, 1, 422, NULL);
	if (!status_declare(r->arena, me(r)->id, &dd, agent_base_url()))
		return page_unavailable(r);
	return resp_redirect(r, "/agent/statut?fait=etat");
}

/* "HH:MM" -> hours and minutes. */
static bool parse_hm(const char *s, int *h, int *m)
{
	return s && strlen(s) == 5 && s[2] == ':' && sscanf(s, "%2d:%2d", h, m) == 2 && *h >= 0 && *h < 24 && *m >= 0 && *m < 60;
}

int a_status_maint(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	struct status_schedule m;
	memset(&m, 0, sizeof(m));
	static const struct field_spec fs[] = {
		{ "debut", F_DATE, true, 0, 0 },
		{ "fin", F_DATE, true, 0, 0 },
	};
	form_check_all(&f, fs, ARRAY_LEN(fs));
	int y, mo, dd, h, mi;
	bool from_ok = false, to_ok = false;
	if (!parse_hm(req_form(r, "debut_heure"), &h, &mi))
		form_fail(&f, "debut_heure", _("Indiquez l'heure au format HH:MM, par exemple 21:30."));
	else if (form_value(&f, "debut") && dt_parse_ymd(form_value(&f, "debut"), &y, &mo, &dd))
		from_ok = dt_local_to_utc(y, mo, dd, h, mi, &m.starts);
	if (!parse_hm(req_form(r, "fin_heure"), &h, &mi))
		form_fail(&f, "fin_heure", _("Indiquez l'heure au format HH:MM, par exemple 23:00."));
	else if (form_value(&f, "fin") && dt_parse_ymd(form_value(&f, "fin"), &y, &mo, &dd))
		to_ok = dt_local_to_utc(y, mo, dd, h, mi, &m.ends);
	if (from_ok && to_ok) {
		if (m.ends <= m.starts)
			form_fail(&f, "fin", _("La fin doit venir après le début."));
		else if (m.ends <= time(NULL))
			form_fail(&f, "fin", _("Cette fenêtre est déjà passée."));
		else if (m.ends - m.starts > 7 * 24 * 3600)
			form_fail(&f, "fin", _("Une maintenance dure au plus 7 jours."));
	}
	for (int c = 0; c < SC_COUNT; c++)
		if (str_eq(req_form(r, arena_printf(r->arena, "composant_%s", status_comp_code((enum status_comp)c))), "1"))
			m.comps |= 1u << c;
	if (!m.comps)
		form_fail(&f, "composants", _("Cochez au moins un service concerné."));
	read_common(&f, m.body, &m.groups, &m.commune_id);
	if (f.nerrors)
		return render(r, &f, 2, 422, NULL);
	if (!status_schedule_maint(r->arena, me(r)->id, &m, agent_base_url()))
		return page_unavailable(r);
	return resp_redirect(r, "/agent/statut?fait=maintenance");
}

int a_status_maint_cancel(struct request *r, char **args)
{
	long id;
	if (!valid_int(args[0], 1, 2000000000, &id))
		return page_error(r, 404, _("Cette maintenance n'existe pas."));
	switch (status_cancel_maint(r->arena, me(r)->id, id, "Maintenance annulée.")) {
	case 1:
		return resp_redirect(r, "/agent/statut?fait=annulee");
	case 0:
		return page_error(r, 404, _("Cette maintenance n'existe pas ou est déjà passée."));
	default:
		return page_unavailable(r);
	}
}
