/* agent_noshow.c — absences on the staff side: the letter to a person who
 * did not come (one, or a day's batch to print), the commune's choice of
 * message, letter or both, and a person's past absences shown on their
 * booking's page. */
#include "agent.h"
#include "audit.h"
#include "booking_tpl.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "noshow.h"
#include "page.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>

/* One LETTER section of the letters' page for v. */
static void fill_letter(struct request *r, tpl_dict *d, const struct booking_view *v, const char *today)
{
	tpl_dict *l = tpl_section(d, "LETTER");
	booking_fill(r, l, v);
	/* TRANSLATORS: a letter's place and date, "Annecy, le 7 décembre 2026". */
	tpl_set(l, "PLACE_DATE", arena_printf(r->arena, _("%s, le %s"), v->city, today));
	tpl_set(l, "MAIRIE", arena_printf(r->arena, text_elides(v->commune_name) ? _("Mairie d'%s") : _("Mairie de %s"),
					  v->commune_name));
	tpl_set(l, "HOME_URL", agent_base_url());
	tpl_set(l, "MANAGE_URL", arena_printf(r->arena, "%s/gerer", agent_base_url()));
}

static const char *today_words(void)
{
	static char out[64];
	int y, mo, d;
	dt_today_local(&y, &mo, &d);
	i18n_date_ymd(y, mo, d, out, sizeof(out));
	return out;
}

int a_noshow_letter(struct request *r, char **args)
{
	char ref[9];
	struct booking_view v;
	if (!valid_ref(args[0], ref, sizeof(ref)))
		return page_error(r, 404, _("Ce rendez-vous n'existe pas."));
	if (!booking_load(r->arena, 0, ref, &v))
		return db_failed() ? page_unavailable(r) : page_error(r, 404, _("Ce rendez-vous n'existe pas."));
	if (!agent_can_booking(me(r), &v))
		return agent_forbidden(r);
	if (!str_eq(v.attendance, "noshow"))
		return page_error(r, 409, _("Ce rendez-vous n'est pas noté absent : il n'y a pas de lettre d'absence."));
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Lettre d'absence — %s"), v.ref));
	tpl_set(d, "BACK", arena_printf(r->arena, "/agent/rdv/%s", v.ref));
	fill_letter(r, d, &v, today_words());
	return page_render(r, d, "agent_noshow_letters", 200);
}

int a_noshow_letters(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_named_commune(r);
	if (commune < 0)
		return agent_forbidden(r);
	if (!commune)
		return agent_choose_commune(r, _("Lettres d'absence"), "/agent/absences");
	int y, mo, d;
	dt_today_local(&y, &mo, &d);
	const char *j = req_arg(r, "jour");
	char ymd[11];
	if (j && *j && !(valid_date(j, ymd, sizeof(ymd)) && dt_parse_ymd(ymd, &y, &mo, &d)))
		return page_error(r, 400, _("Saisissez une date valide au format JJ/MM/AAAA."));
	long long *ids;
	long n = noshow_day(r->arena, commune, y, mo, d, &ids);
	if (n < 0)
		return page_unavailable(r);
	char label[64];
	i18n_date_ymd(y, mo, d, label, sizeof(label));
	tpl_dict *t = agent_page(r, arena_printf(r->arena, _("Lettres d'absence du %s"), label));
	tpl_dict *b = tpl_section(t, "BATCH");
	tpl_setf(b, "DAY", "%04d-%02d-%02d", y, mo, d);
	tpl_set_int(b, "COMMUNE_ID", commune);
	tpl_setf(b, "COUNT_TEXT", P_("%ld lettre à imprimer.", "%ld lettres à imprimer.", n), n);
	const char *today = today_words();
	for (long i = 0; i < n; i++) {
		struct booking_view v;
		if (!booking_load(r->arena, ids[i], NULL, &v)) {
			tpl_free(t);
			return page_unavailable(r);
		}
		fill_letter(r, t, &v, today);
	}
	if (n == 0)
		tpl_show(t, "NONE");
	return page_render(r, t, "agent_noshow_letters", 200);
}

bool agent_noshow_section(struct request *r, tpl_dict *d, const struct booking_view *v)
{
	if (me(r)->role == ROLE_PARTNER)
		return true;
	int counts[MAX_PARTY];
	if (!noshow_history(r->arena, v, counts))
		return false;
	tpl_dict *h = NULL;
	for (int i = 0; i < v->npersons; i++) {
		if (counts[i] == 0)
			continue;
		if (!h)
			h = tpl_section(d, "NOSHOW_HISTORY");
		tpl_dict *p = tpl_section(h, "ABSENT");
		tpl_setf(p, "TEXT", P_("%s %s : absent(e) à %d autre rendez-vous au cours des 12 derniers mois.",
				       "%s %s : absent(e) à %d autres rendez-vous au cours des 12 derniers mois.", counts[i]),
			 v->persons[i].last_name, v->persons[i].first_names, counts[i]);
	}
	if (str_eq(v->attendance, "noshow")) {
		int notice = noshow_notice(r->arena, v->commune_id);
		if (notice < 0)
			return false;
		if (notice & NOSHOW_LETTER)
			tpl_show(d, "NOSHOW_LETTER");
	}
	return true;
}

bool agent_noshow_settings(struct request *r, tpl_dict *d, long long commune, const char *posted)
{
	int notice = posted ? noshow_notice_parse(posted) : noshow_notice(r->arena, commune);
	if (notice < 0)
		return false;
	const char *w = notice ? noshow_notice_word(notice) : posted;
	tpl_dict *s = tpl_section(d, "NOSHOW_NOTICE");
	static const struct { const char *word, *key; } opts[] = {
		{ "message", "NOTICE_MESSAGE" }, { "letter", "NOTICE_LETTER" }, { "both", "NOTICE_BOTH" } };
	for (size_t i = 0; i < ARRAY_LEN(opts); i++)
		if (str_eq(w, opts[i].word))
			tpl_show(s, opts[i].key);
	if (str_eq(req_arg(r, "absences"), "1"))
		tpl_show(s, "NOTICE_SAVED");
	if (posted && !notice)
		tpl_set(tpl_section(s, "NOTICE_ERROR"), "MESSAGE", _("Choisissez comment la personne absente est prévenue."));
	return true;
}

int a_noshow_notice(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_named_commune(r);
	if (commune <= 0)
		return agent_forbidden(r);
	const char *w = req_param(r, "prevenir");
	int bits = noshow_notice_parse(w);
	if (!bits)
		return agent_settings_noshow_page(r, commune, w ? w : "", 422);
	if (!noshow_notice_save(r->arena, me(r)->id, commune, bits))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/parametres?absences=1&commune=%lld#absences", commune));
}
