/* public_survey.c — the satisfaction survey's pages (core/survey.h): the
 * form behind the invitation's signed link (/avis/<ref>?t=…), its thanks,
 * and the published results per site and quarter (/qualite). */
#include "public.h"
#include "booking.h"
#include "datetime.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "stats.h"
#include "survey.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* The questions with three levels (1 best), in the form's order: the
 * field's name and the template's prefix of its checked states. */
static const char *const scored[] = { "satisfaction", "facilite", "clarte", "attente" };

static const struct field_spec survey_fields[] = {
	{ "satisfaction", F_TEXT, true, 0, 1 },
	{ "facilite", F_TEXT, true, 0, 1 },
	{ "clarte", F_TEXT, true, 0, 1 },
	{ "attente", F_TEXT, true, 0, 1 },
	{ "appel", F_TEXT, true, 0, 3 },
	{ "commentaire", F_TEXT, false, 0, SURVEY_TEXT_MAX },
};

static int bad_link(struct request *r)
{
	return page_error(r, 403, _("Ce lien vers le questionnaire n'est pas valable. Utilisez le lien reçu par SMS ou par courriel, sans le modifier."));
}

/* The booking of a survey link, its token checked. 0 when found, else
 * the answer already sent. */
static int load(struct request *r, char **args, struct booking_view *v, enum survey_state *st)
{
	char ref[9];
	if (!valid_ref(args[0], ref, sizeof(ref)) || !booking_load(r->arena, 0, ref, v) ||
	    !survey_token_ok(v, req_param(r, "t")))
		return bad_link(r);
	*st = survey_state_of(r->arena, v->id);
	if (*st == SURVEY_ERROR)
		return page_unavailable(r);
	if (*st == SURVEY_NONE)
		return page_error(r, 404, _("Aucun questionnaire n'est ouvert pour ce rendez-vous."));
	return 0;
}

static int already(struct request *r, int status)
{
	tpl_dict *d = page_new(r, _("Vous avez déjà répondu"));
	return page_render(r, d, "survey_done", status);
}

static int render_form(struct request *r, const struct booking_view *v, struct form *f, int status)
{
	tpl_dict *d = page_new(r, f && f->nerrors ? _("Erreur — Votre avis sur votre rendez-vous")
						   : _("Votre avis sur votre rendez-vous"));
	tpl_set(d, "REF", v->ref);
	tpl_set(d, "TOKEN", req_param(r, "t"));
	tpl_set(d, "SITE", v->site_name);
	tpl_set(d, "PROCEDURE", v->procedure_name);
	char day[96];
	i18n_date(v->start, day, sizeof(day));
	tpl_set(d, "DATE", day);
	tpl_set_int(d, "TEXT_MAX", SURVEY_TEXT_MAX);
	if (f) {
		form_fill(f, d);
		/* The radio buttons chosen, kept (the form_fill values are
		 * for text inputs). */
		for (size_t i = 0; i < ARRAY_LEN(scored); i++) {
			const char *t = form_typed(f, scored[i]);
			if (t && (str_eq(t, "1") || str_eq(t, "2") || str_eq(t, "3"))) {
				char sec[40];
				snprintf(sec, sizeof(sec), "C_%s_%s", scored[i], t);
				for (char *p = sec; *p; p++)
					*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
				tpl_show(d, sec);
			}
		}
		const char *ap = form_typed(f, "appel");
		if (str_eq(ap, "oui"))
			tpl_show(d, "C_APPEL_OUI");
		else if (str_eq(ap, "non"))
			tpl_show(d, "C_APPEL_NON");
	}
	return page_render(r, d, "survey_form", status);
}

int h_survey_form(struct request *r, char **args)
{
	struct booking_view v;
	enum survey_state st;
	int k = load(r, args, &v, &st);
	if (k)
		return k;
	if (st == SURVEY_ANSWERED)
		return already(r, 200);
	return render_form(r, &v, NULL, 200);
}

int h_survey_post(struct request *r, char **args)
{
	struct booking_view v;
	enum survey_state st;
	int k = load(r, args, &v, &st);
	if (k)
		return k;
	if (st == SURVEY_ANSWERED)
		return already(r, 409);
	struct form f;
	form_init(&f, r);
	form_check_all(&f, survey_fields, ARRAY_LEN(survey_fields));
	int score[4] = { 0 };
	for (size_t i = 0; i < ARRAY_LEN(scored); i++) {
		const char *val = form_value(&f, scored[i]);
		if (val && (str_eq(val, "1") || str_eq(val, "2") || str_eq(val, "3")))
			score[i] = val[0] - '0';
		else
			form_fail(&f, scored[i], _("Choisissez l'une des trois réponses."));
	}
	const char *ap = form_value(&f, "appel");
	if (!str_eq(ap, "oui") && !str_eq(ap, "non"))
		form_fail(&f, "appel", _("Répondez par oui ou par non."));
	if (form_error(&f, "commentaire"))
		form_fail(&f, "commentaire", arena_printf(r->arena, _("Votre commentaire dépasse %d caractères : raccourcissez-le."),
							  SURVEY_TEXT_MAX));
	if (f.nerrors)
		return render_form(r, &v, &f, 422);
	struct survey_answer ans = {
		score[0], score[1], score[2], score[3], str_eq(ap, "oui"), form_value(&f, "commentaire"),
	};
	switch (survey_save(r->arena, &v, &ans)) {
	case SURVEY_OPEN:
		log_info("survey answered");      /* nothing that names the booking */
		return resp_redirect(r, "/avis/merci");
	case SURVEY_ANSWERED:
		return already(r, 409);
	case SURVEY_NONE:
		return page_error(r, 404, _("Aucun questionnaire n'est ouvert pour ce rendez-vous."));
	default:
		return page_unavailable(r);
	}
}

int h_survey_thanks(struct request *r, char **args)
{
	(void)args;
	tpl_dict *d = page_new(r, _("Merci pour votre avis"));
	return page_render(r, d, "survey_thanks", 200);
}

/* ------------------------------------------------------------ /qualite */

static void set_pct(struct request *r, tpl_dict *x, const char *name, long part, long whole)
{
	tpl_set(x, name, arena_printf(r->arena, "%.0f %%", whole > 0 ? 100.0 * (double)part / (double)whole : 0.0));
}

static const char *quarter_name(struct request *r, const struct survey_quarter *q)
{
	static const char *const names[] = { N_("1er trimestre %d"), N_("2e trimestre %d"), N_("3e trimestre %d"),
		N_("4e trimestre %d") };
	return arena_printf(r->arena, gettext(names[q->q - 1]), q->year);
}

int h_quality(struct request *r, char **args)
{
	(void)args;
	struct survey_quarter now, q;
	survey_quarter_now(&now);
	q = now;
	const char *asked = req_arg(r, "trimestre");
	bool bad = false;
	if (!str_empty(asked)) {
		struct survey_quarter p;
		/* Only the quarters the list offers: no future, two years back. */
		bool ok = survey_quarter_parse(asked, &p);
		int back = ok ? (now.year * 4 + now.q) - (p.year * 4 + p.q) : -1;
		if (ok && back >= 0 && back < 8)
			q = p;
		else
			bad = true;
	}
	char from[11], to[11];
	survey_quarter_months(&q, from, to);
	struct survey_site *s;
	struct survey_action *act;
	long n = survey_sites(r->arena, from, to, &s);
	long na = n >= 0 ? survey_actions_of_quarter(r->arena, &q, &act) : -1;
	if (n < 0 || na < 0)
		return page_unavailable(r);
	/* The delays now, as /delais shows them: per site, the nearest of
	 * its title procedures. */
	struct delay_row *dl;
	size_t nd = stats_current_delays(r->arena, r->lang, true, &dl);

	tpl_dict *d = page_new(r, _("Qualité de l'accueil : résultats de l'enquête de satisfaction"));
	tpl_set(d, "QUARTER", quarter_name(r, &q));
	tpl_set_int(d, "MIN", SURVEY_MIN_ANSWERS);
	if (bad) {
		tpl_show(d, "ERR_TRIMESTRE");
		tpl_set(d, "E_TRIMESTRE", _("Choisissez un trimestre de la liste."));
	}
	for (int i = 0; i < 8; i++) {
		struct survey_quarter p;
		survey_quarter_back(&now, i, &p);
		tpl_dict *o = tpl_section(d, "QUARTER_OPTION");
		tpl_set(o, "VALUE", arena_printf(r->arena, "%04d-T%d", p.year, p.q));
		tpl_set(o, "NAME", quarter_name(r, &p));
		if (p.year == q.year && p.q == q.q)
			tpl_show(o, "SELECTED");
	}
	tpl_dict *commune = NULL;
	long long cur = 0;
	for (long i = 0; i < n; i++) {
		if (!commune || s[i].commune_id != cur) {
			cur = s[i].commune_id;
			commune = tpl_section(d, "COMMUNE");
			tpl_set(commune, "NAME", s[i].commune_name);
			tpl_set_int(commune, "ID", cur);
			const char *body = NULL;
			for (long k = 0; k < na; k++)
				if (act[k].commune_id == cur)
					body = act[k].body;
			if (body) {
				tpl_dict *ac = tpl_section(commune, "ACTIONS");
				/* One paragraph per line of what the commune wrote. */
				for (const char *p = body; *p;) {
					const char *e = strchr(p, '\n');
					size_t len = e ? (size_t)(e - p) : strlen(p);
					while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
						len--;
					if (len)
						tpl_set(tpl_section(ac, "LINE"), "TEXT", arena_strndup(r->arena, p, len));
					p += e ? (size_t)(e - p) + 1 : strlen(p);
				}
			} else
				tpl_show(commune, "NO_ACTIONS");
		}
		tpl_dict *x = tpl_section(commune, "SITE");
		tpl_set(x, "NAME", s[i].site_name);
		tpl_set_int(x, "N", s[i].n);
		if (s[i].n >= SURVEY_MIN_ANSWERS) {
			tpl_dict *f = tpl_section(x, "FIGURES");
			set_pct(r, f, "SATISFIED", s[i].satisfied, s[i].n);
			set_pct(r, f, "EASY", s[i].easy, s[i].n);
			set_pct(r, f, "CLEAR", s[i].clear, s[i].n);
			set_pct(r, f, "WAIT_OK", s[i].wait_ok, s[i].n);
			set_pct(r, f, "CALLED", s[i].called, s[i].n);
		} else
			tpl_show(x, "TOO_FEW");
		int best = -1;
		bool any = false;
		for (size_t k = 0; k < nd; k++) {
			if (dl[k].site_id != s[i].site_id)
				continue;
			any = true;
			if (!dl[k].has_free)
				continue;
			struct tm e;
			int ty, tm_, td;
			dt_utc_to_local(dl[k].earliest, &e);
			dt_today_local(&ty, &tm_, &td);
			int days = dt_days_between(ty, tm_, td, e.tm_year + 1900, e.tm_mon + 1, e.tm_mday);
			if (best < 0 || days < best)
				best = days;
		}
		if (best >= 0)
			tpl_set(x, "DELAY", arena_printf(r->arena, P_("%d jour", "%d jours", (unsigned long)best), best));
		else
			tpl_set(x, "DELAY", any ? _("aucun créneau libre") : "—");
	}
	return page_render(r, d, "quality", bad ? 400 : 200);
}
