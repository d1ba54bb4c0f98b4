/* agent_agenda.c — the agenda of one device (day and week), the quick
 * search by name, reference or phone, and the free times at any service
 * level for booking on someone's behalf. */
#include "agenda.h"
#include "agent.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "page.h"
#include "place.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static const char *level_label(const char *l)
{
	return str_eq(l, "urgent") ? _("urgence") : str_eq(l, "extreme") ? _("extrême urgence") : _("normal");
}

static const char *channel_label(const char *c)
{
	return str_eq(c, "phone") ? _("téléphone") : str_eq(c, "counter") ? _("guichet")
		: str_eq(c, "partner") ? _("mairie partenaire") : str_eq(c, "voice") ? _("serveur vocal") : _("internet");
}

static const char *attendance_label(const char *a)
{
	return str_eq(a, "arrived") ? _("arrivé") : str_eq(a, "started") ? _("en cours")
		: str_eq(a, "finished") ? _("terminé") : str_eq(a, "noshow") ? _("absent") : _("attendu");
}

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
	struct db_res q;
	db_exec(r->arena, &q, "SELECT d.name, si.name FROM devices d JOIN sites si ON si.id = d.site_id WHERE d.id = ?",
		"i", (long long)dev);
	char label[64];
	i18n_date_ymd(y, mo, d, label, sizeof(label));
	tpl_dict *t = agent_page(r, arena_printf(r->arena, _("Agenda %s — %s"), db_val(&q, 0, 0), label));
	tpl_set_int(t, "DEVICE_ID", dev);
	tpl_set(t, "DEVICE_NAME", db_val(&q, 0, 0));
	tpl_set(t, "SITE_NAME", db_val(&q, 0, 1));
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
			tpl_set(e, "LEVEL", level_label(b->level));
			tpl_set(e, "CHANNEL", channel_label(b->channel));
			tpl_set(e, "ATTENDANCE", attendance_label(b->attendance));
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
	struct staff *s = me(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "q", F_TEXT, false, 0, 100 } };
	form_check_all(&f, fs, 1);
	tpl_dict *t = agent_page(r, _("Rechercher un rendez-vous"));
	form_fill(&f, t);
	const char *q = form_value(&f, "q");
	if (q) {
		char ref[9], phone[20];
		const char *by_ref = valid_ref(q, ref, sizeof(ref)) ? ref : "";
		const char *by_phone = valid_phone(q, phone, sizeof(phone)) ? phone : "";
		/* Scope in SQL: own commune's devices, or own partner bookings. */
		long long all = s->role == ROLE_PLATFORM_ADMIN;
		long long partner = s->role == ROLE_PARTNER;
		struct db_res res;
		db_exec(r->arena, &res,
			"SELECT DISTINCT b.ref, b.status, b.start_utc, p.code, c.name,"
			" (SELECT GROUP_CONCAT(CONCAT(bp2.last_name, ' ', bp2.first_names) SEPARATOR ', ')"
			"  FROM booking_persons bp2 WHERE bp2.booking_id = b.id)"
			" FROM bookings b JOIN procedures p ON p.id = b.procedure_id"
			" JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id"
			" JOIN communes c ON c.id = si.commune_id"
			" LEFT JOIN booking_persons bp ON bp.booking_id = b.id"
			" WHERE b.status IN ('confirmed', 'held', 'cancelled')"
			" AND (? = 1 OR (? = 1 AND b.partner_commune_id = ?) OR (? = 0 AND c.id = ?))"
			" AND (b.ref = ? OR b.contact_phone = ? OR bp.last_name LIKE CONCAT(?, '%'))"
			" ORDER BY b.start_utc DESC LIMIT 50",
			"iiiiisss", all, partner, s->commune_id, partner, s->commune_id, by_ref, by_phone, q);
		for (size_t i = 0; i < res.nrows; i++) {
			tpl_dict *x = tpl_section(t, "RESULT");
			time_t st;
			char date[64], hm[32];
			dt_parse_sql(db_val(&res, i, 2), &st);
			i18n_date(st, date, sizeof(date));
			i18n_time(st, hm, sizeof(hm));
			tpl_set(x, "REF", db_val(&res, i, 0));
			tpl_set(x, "STATUS", db_val(&res, i, 1));
			tpl_setf(x, "WHEN", "%s %s", date, hm);
			tpl_set(x, "PROCEDURE", db_val(&res, i, 3));
			tpl_set(x, "COMMUNE", db_val(&res, i, 4));
			tpl_set(x, "PERSONS", db_val(&res, i, 5));
		}
		if (res.nrows == 0)
			tpl_show(t, "NONE");
	}
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
	const char *lv = form_value(&f, "niveau");
	enum level level = str_eq(lv, "urgent") ? LEVEL_URGENT : str_eq(lv, "extreme") ? LEVEL_EXTREME : LEVEL_REGULAR;
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
		static const char *codes[] = { "regular", "urgent", "extreme" };
		for (int i = 0; i < LEVEL_COUNT; i++) {
			tpl_dict *o = tpl_section(lvl, "LEVEL_OPTION");
			tpl_set(o, "CODE", codes[i]);
			tpl_set(o, "NAME", level_label(codes[i]));
			if (i == (int)level)
				tpl_show(o, "SELECTED");
		}
	}
	if (wide) {
		tpl_dict *w = tpl_section(t, "COMMUNES");
		struct db_res cs;
		db_exec(r->arena, &cs, "SELECT id, name FROM communes WHERE equipped = 1 ORDER BY name", "");
		for (size_t i = 0; i < cs.nrows; i++) {
			tpl_dict *o = tpl_section(w, "COMMUNE_OPTION");
			tpl_set(o, "ID", db_val(&cs, i, 0));
			tpl_set(o, "NAME", db_val(&cs, i, 1));
			if (db_int(&cs, i, 0) == commune)
				tpl_show(o, "SELECTED");
		}
	}
	char label[64];
	i18n_date_ymd(y, mo, d, label, sizeof(label));
	tpl_set(t, "DAY_LABEL", label);
	tpl_setf(t, "DAY", "%04d-%02d-%02d", y, mo, d);
	static const char *codes[] = { "regular", "urgent", "extreme" };
	for (size_t i = 0; i < n; i++) {
		char hm[32];
		i18n_time(fr[i].start, hm, sizeof(hm));
		tpl_dict *x = tpl_section(t, "FREE");
		tpl_set(x, "TIME", hm);
		tpl_set(x, "COMMUNE", fr[i].commune_name);
		tpl_set(x, "SITE", fr[i].site_name);
		tpl_set(x, "DEVICE", fr[i].device_name);
		tpl_set(x, "URL", arena_printf(r->arena, "/agent/reserver?creneau=%lld&procedure=%s&personnes=%ld&niveau=%s",
					       fr[i].slot_id, proc.code, party, codes[level]));
	}
	if (n == 0)
		tpl_show(t, "NONE");
	return page_render(r, t, "agent_free", f.nerrors ? 400 : 200);
}
