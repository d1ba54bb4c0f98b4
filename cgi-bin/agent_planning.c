/* agent_planning.c — the planning of an equipped commune: the weekly
 * opening hours and quota grid of each device (time bands × service
 * levels), closures, outages and absences over a period (affected people
 * are told and offered a new time), and the commune's booking settings. */
#include "agent.h"
#include "datetime.h"
#include "db.h"
#include "freegen.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"
#include "page.h"
#include "slotgen.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const weekdays[] = { N_("lundi"), N_("mardi"), N_("mercredi"), N_("jeudi"),
	N_("vendredi"), N_("samedi"), N_("dimanche") };

/* The commune a device belongs to (audit lines go to the record's commune). */
static long long device_commune(struct request *r, long long dev)
{
	struct db_res q;
	db_exec(r->arena, &q, "SELECT si.commune_id FROM devices d JOIN sites si ON si.id = d.site_id WHERE d.id = ?",
		"i", dev);
	return db_int(&q, 0, 0);
}

/* Devices the person may plan: its commune's, or all for the platform. */
static void device_options(struct request *r, tpl_dict *d, const char *section, long long selected)
{
	struct staff *s = me(r);
	struct db_res q;
	db_exec(r->arena, &q, "SELECT d.id, d.name, si.name, c.name FROM devices d JOIN sites si ON si.id = d.site_id"
		" JOIN communes c ON c.id = si.commune_id WHERE d.active = 1 AND (? = 1 OR c.id = ?)"
		" ORDER BY c.name, si.name, d.name", "ii", (long long)(s->role == ROLE_PLATFORM_ADMIN), s->commune_id);
	for (size_t i = 0; i < q.nrows; i++) {
		tpl_dict *o = tpl_section(d, section);
		tpl_set(o, "ID", db_val(&q, i, 0));
		tpl_setf(o, "NAME", "%s — %s (%s)", db_val(&q, i, 1), db_val(&q, i, 2), db_val(&q, i, 3));
		if (db_int(&q, i, 0) == selected)
			tpl_show(o, "SELECTED");
	}
}

int a_planning(struct request *r, char **args)
{
	(void)args;
	tpl_dict *d = agent_page(r, _("Planning"));
	device_options(r, d, "DEVICE", 0);
	if (me(r)->role == ROLE_COMMUNE_ADMIN || me(r)->role == ROLE_PLATFORM_ADMIN)
		tpl_show(d, "CAN_EDIT");
	return page_render(r, d, "agent_planning", 200);
}

#define MAX_RULES 60
#define EMPTY_ROWS 6

struct rule_row {
	int weekday, start, end, slot, cap[3];
	bool del;
};

static int minutes_of(const char *s)
{
	int h, m;
	char extra;
	if (!s || sscanf(s, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || h * 60 + m > 1440)
		return -1;
	return h * 60 + m;
}

static int render_rules(struct request *r, long long dev, struct rule_row *rows, int n,
                        struct form *f, int status, const char *alert)
{
	struct db_res q;
	db_exec(r->arena, &q, "SELECT d.name, si.name FROM devices d JOIN sites si ON si.id = d.site_id WHERE d.id = ?",
		"i", dev);
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Horaires et quotas — %s"), db_val(&q, 0, 0)));
	tpl_set_int(d, "DEVICE_ID", dev);
	tpl_set(d, "DEVICE_NAME", db_val(&q, 0, 0));
	tpl_set(d, "SITE_NAME", db_val(&q, 0, 1));
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	if (f)
		form_fill(f, d);
	for (int i = 0; i < n + EMPTY_ROWS; i++) {
		tpl_dict *x = tpl_section(d, "ROW");
		tpl_set_int(x, "I", i);
		bool real = i < n;
		/* After a refused save, the rows come back as they were typed. */
		const char *typed_wd = f ? req_form(r, arena_printf(r->arena, "r%d_jour", i)) : NULL;
		for (int w = 1; w <= 7; w++) {
			tpl_dict *o = tpl_section(x, "WD");
			tpl_set_int(o, "N", w);
			tpl_set(o, "NAME", gettext(weekdays[w - 1]));
			if ((typed_wd && atoi(typed_wd) == w) || (!typed_wd && real && rows[i].weekday == w))
				tpl_show(o, "SELECTED");
		}
		if (f && typed_wd) {
			static const char *const in[] = { "_debut", "_fin", "_duree", "_normal", "_urgence", "_extreme" };
			static const char *const out[] = { "START", "END", "SLOT", "CAP_R", "CAP_U", "CAP_E" };
			for (size_t k = 0; k < ARRAY_LEN(in); k++)
				tpl_set(x, out[k], req_form(r, arena_printf(r->arena, "r%d%s", i, in[k])));
			if (str_eq(req_form(r, arena_printf(r->arena, "r%d_suppr", i)), "1"))
				tpl_show(x, "DELETE_CHECKED");
		} else if (real) {
			tpl_setf(x, "START", "%02d:%02d", rows[i].start / 60, rows[i].start % 60);
			tpl_setf(x, "END", "%02d:%02d", rows[i].end / 60, rows[i].end % 60);
			tpl_set_int(x, "SLOT", rows[i].slot);
			tpl_set_int(x, "CAP_R", rows[i].cap[0]);
			tpl_set_int(x, "CAP_U", rows[i].cap[1]);
			tpl_set_int(x, "CAP_E", rows[i].cap[2]);
		} else {
			tpl_set(x, "SLOT", "15");
			tpl_set(x, "CAP_R", "1");
			tpl_set(x, "CAP_U", "0");
			tpl_set(x, "CAP_E", "0");
			tpl_show(x, "NEW");
		}
		if (f) {
			const char *e = form_error(f, arena_printf(r->arena, "r%d", i));
			if (e)
				tpl_set(tpl_section(x, "ROW_ERROR"), "MESSAGE", e);
		}
	}
	return page_render(r, d, "agent_rules", status);
}

int a_rules_form(struct request *r, char **args)
{
	long dev;
	if (!valid_int(args[0], 1, 1000000000, &dev) || !agent_can_device(r, me(r), dev))
		return agent_forbidden(r);
	struct db_res q;
	db_exec(r->arena, &q, "SELECT weekday, TIME_FORMAT(start_time, '%H:%i'), TIME_FORMAT(end_time, '%H:%i'),"
		" slot_minutes, cap_regular, cap_urgent, cap_extreme FROM opening_rules WHERE device_id = ?"
		" ORDER BY weekday, start_time", "i", (long long)dev);
	struct rule_row *rows = arena_alloc(r->arena, (q.nrows + 1) * sizeof(*rows));
	for (size_t i = 0; i < q.nrows; i++) {
		rows[i].weekday = (int)db_int(&q, i, 0);
		rows[i].start = minutes_of(db_val(&q, i, 1));
		rows[i].end = minutes_of(db_val(&q, i, 2));
		rows[i].slot = (int)db_int(&q, i, 3);
		for (int l = 0; l < 3; l++)
			rows[i].cap[l] = (int)db_int(&q, i, 4 + (size_t)l);
	}
	return render_rules(r, dev, rows, (int)q.nrows, NULL, 200, NULL);
}

int a_rules(struct request *r, char **args)
{
	long dev;
	if (!valid_int(args[0], 1, 1000000000, &dev) || !agent_can_device(r, me(r), dev))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	struct rule_row *rows = arena_alloc(r->arena, (MAX_RULES + 1) * sizeof(*rows));
	struct rule_row *keep = arena_alloc(r->arena, (MAX_RULES + 1) * sizeof(*keep));
	int n = 0, nkeep = 0;
	for (int i = 0; i < MAX_RULES; i++) {
		const char *wd = req_form(r, arena_printf(r->arena, "r%d_jour", i));
		if (!wd)
			break;
		const char *st = req_form(r, arena_printf(r->arena, "r%d_debut", i));
		const char *en = req_form(r, arena_printf(r->arena, "r%d_fin", i));
		struct rule_row *x = &rows[n++];
		memset(x, 0, sizeof(*x));
		x->del = str_eq(req_form(r, arena_printf(r->arena, "r%d_suppr", i)), "1");
		/* An added row left blank is not a rule. */
		if (str_empty(st) && str_empty(en)) {
			x->del = true;
			continue;
		}
		long v;
		const char *name = arena_printf(r->arena, "r%d", i);
		if (!valid_int(wd, 1, 7, &v)) {
			form_fail(&f, name, _("Choisissez un jour de la semaine."));
			continue;
		}
		x->weekday = (int)v;
		x->start = minutes_of(st);
		x->end = minutes_of(en);
		if (x->start < 0 || x->end < 0) {
			form_fail(&f, name, _("Saisissez les heures au format HH:MM, par exemple 08:30."));
			continue;
		}
		if (x->end <= x->start) {
			form_fail(&f, name, _("L'heure de fin doit suivre l'heure de début."));
			continue;
		}
		const char *k[] = { "_duree", "_normal", "_urgence", "_extreme" };
		long lim[][2] = { { 5, 240 }, { 0, 50 }, { 0, 50 }, { 0, 50 } };
		bool bad = false;
		for (int j = 0; j < 4 && !bad; j++) {
			if (!valid_int(req_form(r, arena_printf(r->arena, "r%d%s", i, k[j])), lim[j][0], lim[j][1], &v)) {
				form_fail(&f, name, j == 0 ? _("La durée d'un créneau va de 5 à 240 minutes.")
					  : _("Un quota va de 0 à 50 places par créneau."));
				bad = true;
			} else if (j == 0)
				x->slot = (int)v;
			else
				x->cap[j - 1] = (int)v;
		}
	}
	/* Bands of one day must not overlap: a time belongs to one quota. */
	for (int i = 0; i < n; i++) {
		if (rows[i].del || rows[i].weekday == 0)
			continue;
		for (int j = 0; j < i; j++)
			if (!rows[j].del && rows[j].weekday == rows[i].weekday &&
			    rows[i].start < rows[j].end && rows[j].start < rows[i].end)
				form_fail(&f, arena_printf(r->arena, "r%d", i),
					  _("Cette plage chevauche une autre plage du même jour."));
		keep[nkeep++] = rows[i];
	}
	if (f.nerrors)
		return render_rules(r, dev, rows, n, &f, 422, _("Le planning n'a pas été enregistré : corrigez les lignes signalées."));
	if (!db_begin())
		return page_unavailable(r);
	bool ok = db_exec(r->arena, NULL, "DELETE FROM opening_rules WHERE device_id = ?", "i", (long long)dev) >= 0;
	for (int i = 0; i < nkeep && ok; i++) {
		struct rule_row *x = &keep[i];
		ok = db_exec(r->arena, NULL, "INSERT INTO opening_rules (device_id, weekday, start_time, end_time,"
			     " slot_minutes, cap_regular, cap_urgent, cap_extreme) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			     "iissiiii", (long long)dev, (long long)x->weekday,
			     arena_printf(r->arena, "%02d:%02d:00", x->start / 60, x->start % 60),
			     arena_printf(r->arena, "%02d:%02d:00", x->end / 60, x->end % 60),
			     (long long)x->slot, (long long)x->cap[0], (long long)x->cap[1], (long long)x->cap[2]) >= 0;
	}
	if (!ok || !db_commit()) {
		db_rollback();
		return page_unavailable(r);
	}
	/* Future free slots follow the new rules; booked ones stay. */
	long added = slotgen_run(r->arena, dev);
	audit(r, me(r), device_commune(r, dev), "rules_update", "device", arena_printf(r->arena, "%ld", dev),
	      arena_printf(r->arena, "%d bands, %ld slots added", nkeep, added));
	return resp_redirect(r, arena_printf(r->arena, "/agent/planning/%ld?ok=1", dev));
}

static const struct field_spec closure_fields[] = {
	{ "appareil", F_INT, true, 1, 1000000000 },
	{ "type", F_TEXT, true, 0, 10 },
	{ "du", F_DATE, true, 0, 0 },
	{ "de", F_TEXT, false, 0, 5 },
	{ "au", F_DATE, true, 0, 0 },
	{ "a", F_TEXT, false, 0, 5 },
	{ "motif", F_TEXT, true, 0, 200 },
};

struct closure {
	long long device;
	const char *kind, *reason;
	time_t start, end;
	char start_sql[20], end_sql[20];
};

/* Validates the closure form into c; false with errors in f. */
static bool read_closure(struct request *r, struct form *f, struct closure *c)
{
	form_check_all(f, closure_fields, ARRAY_LEN(closure_fields));
	const char *kind = form_value(f, "type");
	if (kind && !str_eq(kind, "closure") && !str_eq(kind, "outage") && !str_eq(kind, "absence"))
		form_fail(f, "type", _("Choisissez le type d'indisponibilité."));
	if (form_value(f, "appareil") && !agent_can_device(r, me(r), form_int(f, "appareil", 0)))
		form_fail(f, "appareil", _("Choisissez un appareil de votre commune."));
	int y1, m1, d1, y2, m2, d2;
	int from = form_value(f, "de") ? minutes_of(form_value(f, "de")) : 0;
	int to = form_value(f, "a") ? minutes_of(form_value(f, "a")) : 24 * 60;
	if (from < 0)
		form_fail(f, "de", _("Saisissez les heures au format HH:MM, par exemple 08:30."));
	if (to < 0)
		form_fail(f, "a", _("Saisissez les heures au format HH:MM, par exemple 08:30."));
	if (f->nerrors)
		return false;
	dt_parse_ymd(form_value(f, "du"), &y1, &m1, &d1);
	dt_parse_ymd(form_value(f, "au"), &y2, &m2, &d2);
	if (to == 24 * 60) {
		dt_add_days(&y2, &m2, &d2, 1);
		to = 0;
	}
	if (!dt_local_to_utc(y1, m1, d1, from / 60, from % 60, &c->start) ||
	    !dt_local_to_utc(y2, m2, d2, to / 60, to % 60, &c->end) || c->end <= c->start) {
		form_fail(f, "au", _("La fin doit suivre le début."));
		return false;
	}
	c->device = form_int(f, "appareil", 0);
	c->kind = kind;
	c->reason = form_value(f, "motif");
	dt_format_sql(c->start, c->start_sql);
	dt_format_sql(c->end, c->end_sql);
	return true;
}

static void closure_list(struct request *r, tpl_dict *d)
{
	struct staff *s = me(r);
	struct db_res q;
	db_exec(r->arena, &q, "SELECT cl.kind, cl.start_utc, cl.end_utc, cl.reason, d.name, si.name FROM closures cl"
		" JOIN devices d ON d.id = cl.device_id JOIN sites si ON si.id = d.site_id"
		" WHERE cl.end_utc > UTC_TIMESTAMP() AND (? = 1 OR si.commune_id = ?) ORDER BY cl.start_utc LIMIT 100",
		"ii", (long long)(s->role == ROLE_PLATFORM_ADMIN), s->commune_id);
	for (size_t i = 0; i < q.nrows; i++) {
		tpl_dict *x = tpl_section(d, "CLOSURE");
		time_t a, b;
		char da[64], ha[32], db_[64], hb[32];
		dt_parse_sql(db_val(&q, i, 1), &a);
		dt_parse_sql(db_val(&q, i, 2), &b);
		i18n_date(a, da, sizeof(da));
		i18n_time(a, ha, sizeof(ha));
		i18n_date(b, db_, sizeof(db_));
		i18n_time(b, hb, sizeof(hb));
		tpl_set(x, "KIND", str_eq(db_val(&q, i, 0), "closure") ? _("fermeture")
			: str_eq(db_val(&q, i, 0), "outage") ? _("panne de l'appareil") : _("absence d'agent"));
		tpl_setf(x, "FROM", "%s %s", da, ha);
		tpl_setf(x, "TO", "%s %s", db_, hb);
		tpl_set(x, "REASON", db_val(&q, i, 3));
		tpl_setf(x, "DEVICE", "%s — %s", db_val(&q, i, 4), db_val(&q, i, 5));
	}
}

static int render_closures(struct request *r, struct form *f, int status)
{
	tpl_dict *d = agent_page(r, _("Fermetures, pannes et absences"));
	device_options(r, d, "DEVICE", f ? form_int(f, "appareil", 0) : 0);
	if (f)
		form_fill(f, d);
	const char *kind = f ? form_typed(f, "type") : NULL;
	tpl_show(d, str_eq(kind, "outage") ? "KIND_OUTAGE" : str_eq(kind, "absence") ? "KIND_ABSENCE" : "KIND_CLOSURE");
	closure_list(r, d);
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	return page_render(r, d, "agent_closures", status);
}

int a_closures(struct request *r, char **args)
{
	(void)args;
	return render_closures(r, NULL, 200);
}

static const char *const affected_sql =
	"SELECT b.id, b.ref, b.start_utc, (SELECT GROUP_CONCAT(CONCAT(bp.last_name, ' ', bp.first_names) SEPARATOR ', ')"
	" FROM booking_persons bp WHERE bp.booking_id = b.id), b.contact_phone IS NOT NULL OR b.contact_email IS NOT NULL"
	" FROM bookings b WHERE b.device_id = ? AND b.status IN ('confirmed', 'held')"
	" AND b.start_utc < ? AND b.end_utc > ? ORDER BY b.start_utc";

/* Step 1: the people the closure would affect, before anything changes. */
int a_closure_preview(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	struct closure c;
	if (!read_closure(r, &f, &c))
		return render_closures(r, &f, 422);
	struct db_res q;
	db_exec(r->arena, &q, affected_sql, "iss", c.device, c.end_sql, c.start_sql);
	tpl_dict *d = agent_page(r, _("Confirmer l'indisponibilité"));
	form_fill(&f, d);
	for (size_t i = 0; i < f.n; i++)
		tpl_set(d, arena_printf(r->arena, "H_%s", f.name[i]), f.typed[i]);
	char a[64], ha[32], b[64], hb[32];
	i18n_date(c.start, a, sizeof(a));
	i18n_time(c.start, ha, sizeof(ha));
	i18n_date(c.end, b, sizeof(b));
	i18n_time(c.end, hb, sizeof(hb));
	tpl_setf(d, "FROM", "%s %s", a, ha);
	tpl_setf(d, "TO", "%s %s", b, hb);
	for (size_t i = 0; i < q.nrows; i++) {
		tpl_dict *x = tpl_section(d, "AFFECTED");
		time_t st;
		char date[64], hm[32];
		dt_parse_sql(db_val(&q, i, 2), &st);
		i18n_date(st, date, sizeof(date));
		i18n_time(st, hm, sizeof(hm));
		tpl_set(x, "REF", db_val(&q, i, 1));
		tpl_setf(x, "WHEN", "%s %s", date, hm);
		tpl_set(x, "PERSONS", db_val(&q, i, 3));
		if (!db_int(&q, i, 4))
			tpl_show(x, "NO_CONTACT");
	}
	tpl_set_int(d, "COUNT", (long long)q.nrows);
	if (q.nrows == 0)
		tpl_show(d, "NOBODY");
	return page_render(r, d, "agent_closure_confirm", 200);
}

struct cancel_ctx { struct staff *s; };

/* Inside each cancellation: the person's message with a link that offers
 * the next free times in one step. */
static bool tell_and_offer(void *p, struct arena *a, long long id)
{
	struct cancel_ctx *c = p;
	struct booking_view v;
	if (!booking_load(a, id, NULL, &v))
		return false;
	if (db_exec(a, NULL, "INSERT INTO audit_log (at_utc, staff_id, commune_id, action, entity, entity_id, details)"
		    " VALUES (UTC_TIMESTAMP(), ?, ?, 'cancel_closure', 'booking', ?, NULL)", "iis",
		    c->s->id, v.commune_id, v.ref) < 0)
		return false;
	if (!v.phone && !v.email)
		return true;
	char tok[65];
	booking_token(&v, "rebook", tok);
	const char *link = arena_printf(a, "%s/rdv/%s/reprendre?t=%s", agent_base_url(), v.ref, tok);
	return outbox_booking(a, &v, "cancelled_commune", link, NULL, agent_base_url());
}

/* Step 2: cancel the affected appointments (each told, with its rebooking
 * link), record the closure and take the capacity away. */
int a_closure_apply(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	struct closure c;
	if (!read_closure(r, &f, &c))
		return render_closures(r, &f, 422);
	struct db_res q;
	if (db_exec(r->arena, &q, affected_sql, "iss", c.device, c.end_sql, c.start_sql) < 0)
		return page_unavailable(r);
	struct cancel_ctx cc = { me(r) };
	int cancelled = 0;
	for (size_t i = 0; i < q.nrows; i++)
		if (booking_cancel(r->arena, db_int(&q, i, 0), "commune", false, tell_and_offer, &cc) == BOOK_OK)
			cancelled++;
	if (!db_begin())
		return page_unavailable(r);
	if (db_exec(r->arena, NULL, "INSERT INTO closures (device_id, kind, start_utc, end_utc, reason, created_by, created_utc)"
		    " VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())", "issssi", c.device, c.kind, c.start_sql, c.end_sql,
		    c.reason, me(r)->id) < 0 ||
	    db_exec(r->arena, NULL, "UPDATE slots SET cap_regular = booked_regular, cap_urgent = booked_urgent,"
		    " cap_extreme = booked_extreme WHERE device_id = ? AND start_utc < ? AND end_utc > ?",
		    "iss", c.device, c.end_sql, c.start_sql) < 0) {
		db_rollback();
		return page_unavailable(r);
	}
	freegen_touch(c.device);
	if (!db_commit())
		return page_unavailable(r);
	audit(r, me(r), device_commune(r, c.device), "closure", "device", arena_printf(r->arena, "%lld", c.device),
	      arena_printf(r->arena, "%s %s..%s, %d cancelled", c.kind, c.start_sql, c.end_sql, cancelled));
	log_info("closure on device %lld: %d appointments cancelled", c.device, cancelled);
	return resp_redirect(r, "/agent/fermetures?ok=1");
}

static const struct field_spec settings_fields[] = {
	{ "rappel", F_INT, true, 1, 240 },
	{ "horizon", F_INT, true, 7, 365 },
	{ "delai_min", F_INT, true, 0, 168 },
	{ "limite_annulation", F_INT, true, 0, 168 },
};

static int render_settings(struct request *r, long long commune, struct form *f, int status)
{
	struct db_res q;
	db_exec(r->arena, &q, "SELECT name, reminder_hours, horizon_days, min_notice_hours, cancel_limit_hours"
		" FROM communes WHERE id = ?", "i", commune);
	if (q.nrows != 1)
		return page_error(r, 404, _("Cette commune n'existe pas."));
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Paramètres — %s"), db_val(&q, 0, 0)));
	tpl_set_int(d, "COMMUNE_ID", commune);
	tpl_set(d, "V_RAPPEL", db_val(&q, 0, 1));
	tpl_set(d, "V_HORIZON", db_val(&q, 0, 2));
	tpl_set(d, "V_DELAI_MIN", db_val(&q, 0, 3));
	tpl_set(d, "V_LIMITE_ANNULATION", db_val(&q, 0, 4));
	if (f)
		form_fill(f, d);
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	return page_render(r, d, "agent_settings", status);
}

int a_settings_form(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune)
		return agent_choose_commune(r, _("Paramètres"), "/agent/parametres");
	return render_settings(r, commune, NULL, 200);
}

int a_settings(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	if (!form_check_all(&f, settings_fields, ARRAY_LEN(settings_fields)))
		return render_settings(r, commune, &f, 422);
	if (db_exec(r->arena, NULL, "UPDATE communes SET reminder_hours = ?, horizon_days = ?, min_notice_hours = ?,"
		    " cancel_limit_hours = ? WHERE id = ?", "iiiii", (long long)form_int(&f, "rappel", 48),
		    (long long)form_int(&f, "horizon", 90), (long long)form_int(&f, "delai_min", 2),
		    (long long)form_int(&f, "limite_annulation", 0), commune) < 0)
		return page_unavailable(r);
	audit(r, me(r), commune, "settings_update", "commune", arena_printf(r->arena, "%lld", commune),
	      arena_printf(r->arena, "reminder=%ld horizon=%ld notice=%ld cancel_limit=%ld",
			   form_int(&f, "rappel", 0), form_int(&f, "horizon", 0), form_int(&f, "delai_min", 0),
			   form_int(&f, "limite_annulation", 0)));
	/* A longer horizon opens more days on the commune's devices. */
	struct db_res devs;
	db_exec(r->arena, &devs, "SELECT d.id FROM devices d JOIN sites si ON si.id = d.site_id"
		" WHERE si.commune_id = ? AND d.active = 1", "i", commune);
	for (size_t i = 0; i < devs.nrows; i++)
		slotgen_run(r->arena, db_int(&devs, i, 0));
	return resp_redirect(r, arena_printf(r->arena, "/agent/parametres?ok=1&commune=%lld", commune));
}
