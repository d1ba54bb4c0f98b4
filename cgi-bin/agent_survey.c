/* agent_survey.c — the satisfaction survey for a commune's administrators
 * (/agent/qualite): the free texts of its answers (site and month, never a
 * person) and the actions it publishes per quarter on /qualite. */
#include "agent.h"
#include "commune.h"
#include "form.h"
#include "i18n.h"
#include "page.h"
#include "survey.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define TEXTS_SHOWN 300

static const char *quarter_value(struct request *r, const struct survey_quarter *q)
{
	return arena_printf(r->arena, "%04d-T%d", q->year, q->q);
}

static const char *quarter_name(struct request *r, const struct survey_quarter *q)
{
	static const char *const names[] = { N_("1er trimestre %d"), N_("2e trimestre %d"), N_("3e trimestre %d"),
		N_("4e trimestre %d") };
	return arena_printf(r->arena, gettext(names[q->q - 1]), q->year);
}

/* The quarters offered: this one and the seven before. */
static bool quarter_offered(const char *s, struct survey_quarter *out)
{
	struct survey_quarter now;
	survey_quarter_now(&now);
	if (!survey_quarter_parse(s, out))
		return false;
	int back = (now.year * 4 + now.q) - (out->year * 4 + out->q);
	return back >= 0 && back < 8;
}

/* f, typed, err: the form posted back (typed: the actions' text as sent,
 * err: its message), NULL when showing what is saved. */
static int render(struct request *r, long long commune, const struct survey_quarter *sel, struct form *f,
                  const char *typed, const char *err, int status)
{
	struct commune_row c;
	struct survey_action *act;
	struct survey_text *tx;
	int k = commune_get(r->arena, commune, &c);
	if (k < 0)
		return page_unavailable(r);
	if (k == 0)
		return page_error(r, 404, _("Cette commune n'existe pas."));
	long na = survey_actions_of_commune(r->arena, commune, &act);
	long nt = na >= 0 ? survey_texts(r->arena, commune, TEXTS_SHOWN, &tx) : -1;
	if (na < 0 || nt < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Enquête de satisfaction — %s"), c.name));
	tpl_set_int(d, "COMMUNE_ID", commune);
	tpl_set_int(d, "ACTIONS_MAX", SURVEY_ACTIONS_MAX);
	struct survey_quarter now;
	survey_quarter_now(&now);
	for (int i = 0; i < 8; i++) {
		struct survey_quarter p;
		survey_quarter_back(&now, i, &p);
		tpl_dict *o = tpl_section(d, "QUARTER_OPTION");
		tpl_set(o, "VALUE", quarter_value(r, &p));
		tpl_set(o, "NAME", quarter_name(r, &p));
		if (p.year == sel->year && p.q == sel->q)
			tpl_show(o, "SELECTED");
	}
	const char *current = "";
	for (long i = 0; i < na; i++) {
		struct survey_quarter p = { act[i].year, act[i].q };
		tpl_dict *x = tpl_section(d, "ACTION");
		tpl_set(x, "QUARTER", quarter_name(r, &p));
		tpl_set(x, "UPDATED", act[i].updated);
		tpl_set(x, "BODY", act[i].body);
		if (p.year == sel->year && p.q == sel->q)
			current = act[i].body;
	}
	if (na == 0)
		tpl_show(d, "NO_ACTION");
	tpl_set(d, "V_ACTIONS", typed ? typed : current);
	if (f)
		form_fill(f, d);
	if (err) {
		tpl_show(d, "ERR_ACTIONS");
		tpl_set(d, "E_ACTIONS", err);
		if (!f || !f->nerrors) {    /* else form_fill made the list */
			tpl_dict *e = tpl_section(tpl_section(d, "FORM_ERRORS"), "ERROR");
			tpl_set(e, "FIELD", "actions");
			tpl_set(e, "MESSAGE", err);
		}
	}
	for (long i = 0; i < nt; i++) {
		tpl_dict *x = tpl_section(d, "TEXT");
		tpl_set(x, "MONTH", tx[i].month);
		tpl_set(x, "SITE", tx[i].site_name);
		tpl_set(x, "OVERALL", tx[i].overall == 1 ? _("satisfait") : tx[i].overall == 2 ? _("moyennement satisfait")
											       : _("pas satisfait"));
		tpl_set(x, "BODY", tx[i].text);
	}
	if (nt == 0)
		tpl_show(d, "NO_TEXT");
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	return page_render(r, d, "agent_quality", status);
}

int a_quality(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune)
		return agent_choose_commune(r, _("Enquête de satisfaction"), "/agent/qualite");
	if (!agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct survey_quarter q;
	const char *asked = req_arg(r, "trimestre");
	if (str_empty(asked) || !quarter_offered(asked, &q))
		survey_quarter_now(&q);
	return render(r, commune, &q, NULL, NULL, NULL, 200);
}

int a_quality_post(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune || !agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	static const struct field_spec fs[] = {
		{ "trimestre", F_TEXT, true, 0, 7 },
	};
	struct form f;
	form_init(&f, r);
	form_check_all(&f, fs, ARRAY_LEN(fs));
	struct survey_quarter q;
	if (!form_error(&f, "trimestre") && !quarter_offered(form_value(&f, "trimestre"), &q))
		form_fail(&f, "trimestre", _("Choisissez un trimestre de la liste."));
	/* The text as typed, its lines kept (F_TEXT squashes them), white
	 * space trimmed at both ends. */
	const char *raw = req_form(r, "actions");
	const char *body = "", *err = NULL;
	if (raw) {
		while (*raw == ' ' || *raw == '\t' || *raw == '\r' || *raw == '\n')
			raw++;
		size_t len = strlen(raw);
		while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t' || raw[len - 1] == '\r' || raw[len - 1] == '\n'))
			len--;
		body = arena_strndup(r->arena, raw, len);
		if (!text_valid_utf8(body, len, true))
			err = _("Le texte envoyé contient des caractères non valides.");
		else if (text_utf8_len(body) > SURVEY_ACTIONS_MAX)
			err = arena_printf(r->arena, _("Le texte dépasse %d caractères : raccourcissez-le."), SURVEY_ACTIONS_MAX);
	}
	if (f.nerrors || err) {
		struct survey_quarter now;
		survey_quarter_now(&now);
		return render(r, commune, form_error(&f, "trimestre") ? &now : &q, &f, raw ? raw : "", err, 422);
	}
	if (!survey_action_save(r->arena, me(r)->id, commune, &q, body))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/qualite?ok=1&commune=%lld&trimestre=%s", commune,
					     quarter_value(r, &q)));
}
