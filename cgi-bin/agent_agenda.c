/* agent_agenda.c — the agenda of one device (day and week), the quick
 * search by name, reference or phone, and the free times at any service
 * level for booking on someone's behalf. */
#include "agenda.h"
#include "agent.h"
#include "commune.h"
#include "datetime.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "page.h"
#include "place.h"
#include "sites.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* The day asked for (?jour=), today by default; false on a bad date. */
static bool pick_day(struct request *r, int *y, int *mo, int *d)
{
	const char *j = req_arg(r, "jour");
	if (!j || !*j) {
		dt_today_local(y, mo, d);
		return true;
	}
	char ymd[11];
	return valid_date(j, ymd, sizeof(ymd)) && dt_parse_ymd(ymd, y, mo, d);
}

int a_agenda(struct request *r, char **args)
{
	long dev;
	if (!valid_int(args[0], 1, 1000000000, &dev) || !agent_can_device(r, me(r), dev))
		return agent_forbidden(r);
	int y, mo, d;
	if (!pick_day(r, &y, &mo, &d))
		return page_error(r, 400, _("Saisissez une date valide au format JJ/MM/AAAA."));
	struct device_info di;
	if (device_get(r->arena, dev, &di) != 1)
		return page_unavailable(r);
	char label[64];
	i18n_date_ymd(y, mo, d, label, sizeof(label));
	tpl_dict *t = agent_page(r, arena_printf(r->arena, _("Agenda %s — %s"), di.name, label));
	tpl_set_int(t, "DEVICE_ID", dev);
	tpl_set(t, "DEVICE_NAME", di.name);
	tpl_set(t, "SITE_NAME", di.site_name);
	tpl_set(t, "DAY_LABEL", label);
	tpl_setf(t, "DAY", "%04d-%02d-%02d", y, mo, d);
	int py = y, pm = mo, pd = d, ny = y, nm = mo, nd = d;
	bool week = str_eq(req_arg(r, "vue"), "semaine");
	dt_add_days(&py, &pm, &pd, week ? -7 : -1);
	dt_add_days(&ny, &nm, &nd, week ? 7 : 1);
	tpl_setf(t, "PREV", "%04d-%02d-%02d", py, pm, pd);
	tpl_setf(t, "NEXT", "%04d-%02d-%02d", ny, nm, nd);
	if (week) {
		tpl_show(t, "WEEK");
		int offered[7], booked[7];
		agenda_week(r->arena, dev, y, mo, d, 7, offered, booked);
		for (int i = 0; i < 7; i++) {
			int yy = y, mm = mo, dd = d;
			dt_add_days(&yy, &mm, &dd, i);
			char l[64];
			i18n_date_ymd(yy, mm, dd, l, sizeof(l));
			tpl_dict *s = tpl_section(t, "WEEKDAY");
			tpl_set(s, "LABEL", l);
			tpl_setf(s, "DAY", "%04d-%02d-%02d", yy, mm, dd);
			tpl_set_int(s, "OFFERED", offered[i]);
			tpl_set_int(s, "BOOKED", booked[i]);
			tpl_set_int(s, "FREE", offered[i] - booked[i]);
		}
		return page_render(r, t, "agent_agenda", 200);
	}
	tpl_show(t, "DAYVIEW");
	struct agenda_day ag;
	agenda_day(r->arena, dev, y, mo, d, &ag);
	for (size_t i = 0; i < ag.nslots; i++) {
		struct agenda_slot *x = &ag.slots[i];
		char hm[32];
		i18n_time(x->start, hm, sizeof(hm));
		tpl_dict *s = tpl_section(t, "SLOT");
		tpl_set(s, "TIME", hm);
		static const char *keys[] = { "REGULAR", "URGENT", "EXTREME" };
		for (int l = 0; l < LEVEL_COUNT; l++) {
			char k[32];
			snprintf(k, sizeof(k), "%s_FREE", keys[l]);
			tpl_set_int(s, k, x->cap[l] - x->booked[l]);
			snprintf(k, sizeof(k), "%s_CAP", keys[l]);
			tpl_set_int(s, k, x->cap[l]);
		}
		for (size_t j = 0; j < ag.nbookings; j++) {
			struct agenda_booking *b = &ag.bookings[j];
			if (b->start != x->start)
				continue;
			tpl_dict *e = tpl_section(s, "BOOKING");
			tpl_set(e, "REF", b->ref);
			tpl_set(e, "PERSONS", b->persons);
			tpl_set(e, "PROCEDURE", b->procedure);
			tpl_set_int(e, "PARTY", b->party);
			tpl_set(e, "LEVEL", label_of(b->level));
			tpl_set(e, "CHANNEL", label_of(b->channel));
			tpl_set(e, "ATTENDANCE", label_of(b->attendance));
			if (str_eq(b->status, "held"))
				tpl_show(e, "HELD");
		}
	}
	if (ag.nslots == 0)
		tpl_show(t, "CLOSED");
	/* The quota grid by hour, as the Haitian document shows it:
	 * booked / quota for each service level. */
	int hour_cap[24][LEVEL_COUNT] = { { 0 } }, hour_booked[24][LEVEL_COUNT] = { { 0 } };
	bool used[24] = { false };
	for (size_t i = 0; i < ag.nslots; i++) {
		struct tm tm;
		dt_utc_to_local(ag.slots[i].start, &tm);
		used[tm.tm_hour] = true;
		for (int l = 0; l < LEVEL_COUNT; l++) {
			hour_cap[tm.tm_hour][l] += ag.slots[i].cap[l];
			hour_booked[tm.tm_hour][l] += ag.slots[i].booked[l];
		}
	}
	for (int h = 0; h < 24; h++) {
		if (!used[h])
			continue;
		tpl_dict *x = tpl_section(t, "HOUR");
		tpl_setf(x, "HOUR", "%d h", h);
		for (int l = 0; l < LEVEL_COUNT; l++)
			tpl_setf(tpl_section(x, "Q"), "V", "%d / %d", hour_booked[h][l], hour_cap[h][l]);
	}
	return page_render(r, t, "agent_agenda", 200);
}

int a_search(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "q", F_TEXT, false, 0, 100 } };
	form_check_all(&f, fs, 1);
	const char *q = form_value(&f, "q");
	struct agenda_line *l = NULL;
	long n = 0;
	if (q) {
		char ref[9], phone[20];
		struct scope sc = scope_of(me(r));
		n = agenda_search(r->arena, &sc, valid_ref(q, ref, sizeof(ref)) ? ref : NULL,
				  valid_phone(q, phone, sizeof(phone)) ? phone : NULL, q, 50, &l);
		if (n < 0)
			return page_unavailable(r);
	}
	tpl_dict *t = agent_page(r, _("Rechercher un rendez-vous"));
	form_fill(&f, t);
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(t, "RESULT");
		char when[100];
		i18n_when(l[i].start, when, sizeof(when));
		tpl_set(x, "REF", l[i].ref);
		tpl_set(x, "STATUS", label_of(l[i].status));
		tpl_set(x, "WHEN", when);
		tpl_set(x, "PROCEDURE", l[i].procedure);
		tpl_set(x, "COMMUNE", l[i].commune);
		tpl_set(x, "PERSONS", l[i].persons);
	}
	if (q && n == 0)
		tpl_show(t, "NONE");
	return page_render(r, t, "agent_search", 200);
}

int a_free_times(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = {
		{ "procedure", F_TEXT, false, 0, 20 },
		{ "personnes", F_INT, false, 1, 5 },
		{ "niveau", F_TEXT, false, 0, 10 },
		{ "jour", F_DATE, false, 0, 0 },
		{ "commune", F_INT, false, 0, 1000000 },
	};
	form_check_all(&f, fs, ARRAY_LEN(fs));
	const char *code = form_value(&f, "procedure") ? form_value(&f, "procedure") : "CNI";
	struct procedure_info proc;
	if (!place_procedure(r->arena, code, r->lang, &proc)) {
		form_fail(&f, "procedure", _("Choisissez une démarche dans la liste."));
		place_procedure(r->arena, "CNI", r->lang, &proc);
	}
	long party = form_int(&f, "personnes", 1);
	if (party > proc.max_party)
		party = proc.max_party;
	/* Partners book on the public quota; agents may use the reserved ones. */
	enum level level = level_parse(form_value(&f, "niveau"));
	if (s->role == ROLE_PARTNER)
		level = LEVEL_REGULAR;
	int y, mo, d;
	dt_today_local(&y, &mo, &d);
	if (form_value(&f, "jour"))
		dt_parse_ymd(form_value(&f, "jour"), &y, &mo, &d);
	/* Partners and the platform look at every equipped commune, or one. */
	bool wide = s->role == ROLE_PARTNER || s->role == ROLE_PLATFORM_ADMIN;
	long long commune = wide ? form_int(&f, "commune", 0) : s->commune_id;
	struct staff_free *fr;
	size_t n = agenda_free(r->arena, commune, proc.id, (int)party, level, y, mo, d, 5000, &fr);

	tpl_dict *t = agent_page(r, _("Créneaux libres"));
	form_fill(&f, t);
	struct procedure_info *all;
	size_t np = place_procedures(r->arena, r->lang, &all);
	for (size_t i = 0; i < np; i++) {
		tpl_dict *o = tpl_section(t, "PROCEDURE_OPTION");
		tpl_set(o, "CODE", all[i].code);
		tpl_set(o, "NAME", all[i].name);
		if (all[i].id == proc.id)
			tpl_show(o, "SELECTED");
	}
	for (int i = 1; i <= 5; i++) {
		tpl_dict *o = tpl_section(t, "PARTY_OPTION");
		tpl_set_int(o, "N", i);
		if (i == party)
			tpl_show(o, "SELECTED");
	}
	if (s->role != ROLE_PARTNER) {
		tpl_dict *lvl = tpl_section(t, "LEVELS");
		for (int i = 0; i < LEVEL_COUNT; i++) {
			tpl_dict *o = tpl_section(lvl, "LEVEL_OPTION");
			tpl_set(o, "CODE", level_code((enum level)i));
			tpl_set(o, "NAME", label_of(level_code((enum level)i)));
			if (i == (int)level)
				tpl_show(o, "SELECTED");
		}
	}
	if (wide) {
		tpl_dict *w = tpl_section(t, "COMMUNES");
		struct commune_row *cs;
		long nc = communes_all(r->arena, true, &cs);
		for (long i = 0; i < nc; i++) {
			tpl_dict *o = tpl_section(w, "COMMUNE_OPTION");
			tpl_set_int(o, "ID", cs[i].id);
			tpl_set(o, "NAME", cs[i].name);
			if (cs[i].id == commune)
				tpl_show(o, "SELECTED");
		}
	}
	char label[64];
	i18n_date_ymd(y, mo, d, label, sizeof(label));
	tpl_set(t, "DAY_LABEL", label);
	tpl_setf(t, "DAY", "%04d-%02d-%02d", y, mo, d);
	for (size_t i = 0; i < n; i++) {
		char hm[32];
		i18n_time(fr[i].start, hm, sizeof(hm));
		tpl_dict *x = tpl_section(t, "FREE");
		tpl_set(x, "TIME", hm);
		tpl_set(x, "COMMUNE", fr[i].commune_name);
		tpl_set(x, "SITE", fr[i].site_name);
		tpl_set(x, "DEVICE", fr[i].device_name);
		tpl_set(x, "URL", arena_printf(r->arena, "/agent/reserver?creneau=%lld&procedure=%s&personnes=%ld&niveau=%s",
					       fr[i].slot_id, proc.code, party, level_code(level)));
	}
	if (n == 0)
		tpl_show(t, "NONE");
	return page_render(r, t, "agent_free", f.nerrors ? 400 : 200);
}
