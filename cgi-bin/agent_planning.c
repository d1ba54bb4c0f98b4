/* agent_planning.c — the planning of an equipped commune: the weekly
 * opening hours and quota grid of each device (time bands × service
 * levels, optionally for a season), closures, outages and absences of a
 * device, a site or the whole commune (affected people are told and
 * offered a new time), and the commune's booking settings. The work is
 * done by rules.h, closure.h and commune.h; these handlers parse the
 * forms and show the pages. */
#include "agent.h"
#include "closure.h"
#include "commune.h"
#include "datetime.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "page.h"
#include "rules.h"
#include "sites.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const weekdays[] = { N_("lundi"), N_("mardi"), N_("mercredi"), N_("jeudi"),
	N_("vendredi"), N_("samedi"), N_("dimanche") };

/* Devices the person may plan, as options: its commune's, or all for the
 * platform; with_groups adds "the whole site" and "the whole commune"
 * choices (closures). selected is the option's value. */
static bool device_options(struct request *r, tpl_dict *d, const char *selected, bool with_groups)
{
	struct scope sc = scope_of(me(r));
	struct device_info *v;
	long n = devices_in_scope(r->arena, &sc, &v);
	if (n < 0)
		return false;
	for (long i = 0; i < n; i++) {
		bool new_commune = i == 0 || v[i].commune_id != v[i - 1].commune_id;
		bool new_site = new_commune || v[i].site_id != v[i - 1].site_id;
		if (with_groups && new_commune) {
			tpl_dict *o = tpl_section(d, "DEVICE");
			const char *val = arena_printf(r->arena, "commune-%lld", v[i].commune_id);
			tpl_set(o, "ID", val);
			tpl_setf(o, "NAME", _("Toute la commune (%s)"), v[i].commune_name);
			if (str_eq(selected, val))
				tpl_show(o, "SELECTED");
		}
		if (with_groups && new_site) {
			tpl_dict *o = tpl_section(d, "DEVICE");
			const char *val = arena_printf(r->arena, "lieu-%lld", v[i].site_id);
			tpl_set(o, "ID", val);
			tpl_setf(o, "NAME", _("Tout le lieu %s (%s)"), v[i].site_name, v[i].commune_name);
			if (str_eq(selected, val))
				tpl_show(o, "SELECTED");
		}
		tpl_dict *o = tpl_section(d, "DEVICE");
		const char *val = arena_printf(r->arena, "%lld", v[i].id);
		tpl_set(o, "ID", val);
		tpl_setf(o, "NAME", "%s — %s (%s)", v[i].name, v[i].site_name, v[i].commune_name);
		if (str_eq(selected, val))
			tpl_show(o, "SELECTED");
	}
	return true;
}

int a_planning(struct request *r, char **args)
{
	(void)args;
	tpl_dict *d = agent_page(r, _("Planning"));
	if (!device_options(r, d, NULL, false)) {
		tpl_free(d);
		return page_unavailable(r);
	}
	if (me(r)->role == ROLE_COMMUNE_ADMIN || me(r)->role == ROLE_PLATFORM_ADMIN)
		tpl_show(d, "CAN_EDIT");
	return page_render(r, d, "agent_planning", 200);
}

/* ------------------------------------------------------------ the grid */

#define EMPTY_ROWS 6

static int minutes_of(const char *s)
{
	int h, m;
	char extra;
	if (!s || sscanf(s, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || h * 60 + m > 1440)
		return -1;
	return h * 60 + m;
}

static const char *ymd_text(struct arena *a, int ymd)
{
	return ymd ? arena_printf(a, "%02d/%02d/%04d", ymd % 100, ymd / 100 % 100, ymd / 10000) : "";
}

/* A row of the grid as the form sends it. */
static const char *typed(struct request *r, int i, const char *suffix)
{
	return req_form(r, arena_printf(r->arena, "r%d%s", i, suffix));
}

/* The shape of the page: what it asks the administrator to confirm. */
struct grid_ask {
	long lost;          /* free slots the change would take away, 0: none */
	bool empty;         /* the grid is empty: "close this device" */
};

static int render_rules(struct request *r, long long dev, const struct slot_rule *rules, int n, bool typed_back,
                        const struct grid_ask *ask, struct form *f, int status, const char *alert)
{
	struct device_info di;
	int k = device_get(r->arena, dev, &di);
	if (k < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Horaires et quotas — %s"), k ? di.name : ""));
	tpl_set_int(d, "DEVICE_ID", dev);
	tpl_set(d, "DEVICE_NAME", k ? di.name : "");
	tpl_set(d, "SITE_NAME", k ? di.site_name : "");
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	if (ask && ask->lost > 0) {
		tpl_dict *c = tpl_section(d, "CONFIRM_LOST");
		tpl_set_int(c, "COUNT", ask->lost);
	} else
		tpl_show(d, "SAVE");
	if (ask && ask->empty)
		tpl_show(d, "CONFIRM_EMPTY");
	if (f)
		form_fill(f, d);
	int rows = typed_back ? n : n + EMPTY_ROWS;
	for (int i = 0; i < rows; i++) {
		tpl_dict *x = tpl_section(d, "ROW");
		tpl_set_int(x, "I", i);
		bool real = i < n;
		/* After a refused save, the rows come back as they were typed. */
		const char *typed_wd = typed_back ? typed(r, i, "_jour") : NULL;
		for (int w = 1; w <= 7; w++) {
			tpl_dict *o = tpl_section(x, "WD");
			tpl_set_int(o, "N", w);
			tpl_set(o, "NAME", gettext(weekdays[w - 1]));
			if ((typed_wd && atoi(typed_wd) == w) || (!typed_wd && real && rules[i].weekday == w))
				tpl_show(o, "SELECTED");
		}
		if (typed_wd) {
			static const char *const in[] = { "_debut", "_fin", "_duree", "_normal", "_urgence", "_extreme", "_du", "_au" };
			static const char *const out[] = { "START", "END", "SLOT", "CAP_R", "CAP_U", "CAP_E", "FROM", "UNTIL" };
			for (size_t j = 0; j < ARRAY_LEN(in); j++)
				tpl_set(x, out[j], typed(r, i, in[j]));
			if (str_eq(typed(r, i, "_suppr"), "1"))
				tpl_show(x, "DELETE_CHECKED");
			if (str_eq(typed(r, i, "_mineurs"), "1"))
				tpl_show(x, "MINORS_CHECKED");
		} else if (real) {
			if (rules[i].minors_only)
				tpl_show(x, "MINORS_CHECKED");
			tpl_setf(x, "START", "%02d:%02d", rules[i].start_min / 60, rules[i].start_min % 60);
			tpl_setf(x, "END", "%02d:%02d", rules[i].end_min / 60, rules[i].end_min % 60);
			tpl_set_int(x, "SLOT", rules[i].slot_minutes);
			tpl_set_int(x, "CAP_R", rules[i].cap[LEVEL_REGULAR]);
			tpl_set_int(x, "CAP_U", rules[i].cap[LEVEL_URGENT]);
			tpl_set_int(x, "CAP_E", rules[i].cap[LEVEL_EXTREME]);
			tpl_set(x, "FROM", ymd_text(r->arena, rules[i].valid_from_ymd));
			tpl_set(x, "UNTIL", ymd_text(r->arena, rules[i].valid_to_ymd));
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
	struct slot_rule *rules;
	long n = rules_of_device(r->arena, dev, &rules);
	if (n < 0)
		return page_unavailable(r);
	return render_rules(r, dev, rules, (int)n, false, NULL, NULL, 200, NULL);
}

static int ymd_int(const char *ymd)
{
	int y, m, d;
	return dt_parse_ymd(ymd, &y, &m, &d) ? y * 10000 + m * 100 + d : 0;
}

/* One typed row into *x; false (with the row's error in f) when it is
 * wrong; *skip when it is blank or ticked for deletion. */
static bool read_row(struct request *r, struct form *f, int i, struct slot_rule *x, bool *skip)
{
	const char *name = arena_printf(r->arena, "r%d", i);
	const char *st = typed(r, i, "_debut"), *en = typed(r, i, "_fin");
	memset(x, 0, sizeof(*x));
	/* An added row left blank is not a rule. */
	*skip = str_eq(typed(r, i, "_suppr"), "1") || (str_empty(st) && str_empty(en));
	if (*skip)
		return true;
	long v;
	if (!valid_int(typed(r, i, "_jour"), 1, 7, &v)) {
		form_fail(f, name, _("Choisissez un jour de la semaine."));
		return false;
	}
	x->weekday = (int)v;
	x->start_min = minutes_of(st);
	x->end_min = minutes_of(en);
	if (x->start_min < 0 || x->end_min < 0) {
		form_fail(f, name, _("Saisissez les heures au format HH:MM, par exemple 08:30."));
		return false;
	}
	if (x->end_min <= x->start_min) {
		form_fail(f, name, _("L'heure de fin doit suivre l'heure de début."));
		return false;
	}
	static const char *const k[] = { "_duree", "_normal", "_urgence", "_extreme" };
	static const long lim[][2] = { { 5, 240 }, { 0, 50 }, { 0, 50 }, { 0, 50 } };
	for (int j = 0; j < 4; j++) {
		if (!valid_int(typed(r, i, k[j]), lim[j][0], lim[j][1], &v)) {
			form_fail(f, name, j == 0 ? _("La durée d'un créneau va de 5 à 240 minutes.")
				  : _("Un quota va de 0 à 50 places par créneau."));
			return false;
		}
		if (j == 0)
			x->slot_minutes = (int)v;
		else
			x->cap[j - 1] = (int)v;
	}
	/* A band reserved for minors: its regular places only for a party
	 * whose people are all minors (school holidays are the rush). */
	x->minors_only = str_eq(typed(r, i, "_mineurs"), "1");
	/* The season, when the band holds for part of the year only. */
	const char *du = typed(r, i, "_du"), *au = typed(r, i, "_au");
	char ymd[11];
	if (!str_empty(du)) {
		if (!valid_date(du, ymd, sizeof(ymd))) {
			form_fail(f, name, _("Saisissez une date valide au format JJ/MM/AAAA."));
			return false;
		}
		x->valid_from_ymd = ymd_int(ymd);
	}
	if (!str_empty(au)) {
		if (!valid_date(au, ymd, sizeof(ymd))) {
			form_fail(f, name, _("Saisissez une date valide au format JJ/MM/AAAA."));
			return false;
		}
		x->valid_to_ymd = ymd_int(ymd);
	}
	if (x->valid_from_ymd && x->valid_to_ymd && x->valid_to_ymd < x->valid_from_ymd) {
		form_fail(f, name, _("La fin de la période doit suivre son début."));
		return false;
	}
	return true;
}

/* Bands of one day (and season) must not overlap: a time belongs to one
 * quota. */
static bool overlap(const struct slot_rule *a, const struct slot_rule *b)
{
	if (a->weekday != b->weekday || a->start_min >= b->end_min || b->start_min >= a->end_min)
		return false;
	int af = a->valid_from_ymd, at = a->valid_to_ymd ? a->valid_to_ymd : 99999999;
	int bf = b->valid_from_ymd, bt = b->valid_to_ymd ? b->valid_to_ymd : 99999999;
	return af <= bt && bf <= at;
}

int a_rules(struct request *r, char **args)
{
	long dev;
	if (!valid_int(args[0], 1, 1000000000, &dev) || !agent_can_device(r, me(r), dev))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	struct slot_rule *rows = arena_alloc(r->arena, (RULES_MAX + 1) * sizeof(*rows));
	struct slot_rule *keep = arena_alloc(r->arena, (RULES_MAX + 1) * sizeof(*keep));
	int n = 0, nkeep = 0;
	for (int i = 0; i < RULES_MAX && typed(r, i, "_jour"); i++, n++) {
		bool skip;
		if (!read_row(r, &f, i, &rows[i], &skip) || skip)
			continue;
		for (int j = 0; j < nkeep; j++)
			if (overlap(&keep[j], &rows[i])) {
				form_fail(&f, arena_printf(r->arena, "r%d", i), _("Cette plage chevauche une autre plage du même jour."));
				break;
			}
		keep[nkeep++] = rows[i];
	}
	if (f.nerrors)
		return render_rules(r, dev, rows, n, true, NULL, &f, 422,
				    _("Le planning n'a pas été enregistré : corrigez les lignes signalées."));
	/* An empty grid closes the device: said, and only on purpose. */
	bool close = str_eq(req_form(r, "fermer"), "1");
	struct grid_ask ask = { 0, nkeep == 0 };
	if (nkeep == 0 && !close)
		return render_rules(r, dev, rows, n, true, &ask, &f, 422,
				    _("Le planning n'a pas été enregistré : sans aucune plage, l'appareil n'offre plus aucun créneau. Cochez « Fermer cet appareil » pour le confirmer, ou ajoutez une plage."));
	/* A change that takes free slots away says how many first. */
	ask.lost = rules_free_lost(r->arena, dev, keep, (size_t)nkeep);
	if (ask.lost < 0)
		return page_unavailable(r);
	long confirmed;
	if (ask.lost > 0 && !close &&
	    !(valid_int(req_form(r, "retire"), 0, 100000000, &confirmed) && confirmed == ask.lost))
		return render_rules(r, dev, rows, n, true, &ask, &f, 409,
				    arena_printf(r->arena, P_("Le planning n'a pas été enregistré : ce changement retire %ld créneau libre à venir. Vérifiez la grille puis confirmez.",
							      "Le planning n'a pas été enregistré : ce changement retire %ld créneaux libres à venir. Vérifiez la grille puis confirmez.",
							      (unsigned long)ask.lost), ask.lost));
	long added;
	if (!rules_save(r->arena, me(r)->id, dev, keep, (size_t)nkeep, &added))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/planning/%ld?ok=1", dev));
}

/* ------------------------------------------------------------ closures */

static const struct field_spec closure_fields[] = {
	{ "appareil", F_TEXT, true, 0, 30 },
	{ "type", F_TEXT, true, 0, 10 },
	{ "du", F_DATE, true, 0, 0 },
	{ "de", F_TEXT, false, 0, 5 },
	{ "au", F_DATE, true, 0, 0 },
	{ "a", F_TEXT, false, 0, 5 },
	{ "motif", F_TEXT, true, 0, 200 },
};

/* "12" a device, "lieu-3" a site, "commune-2" a whole commune. */
static bool read_target(const char *v, struct closure_spec *c)
{
	long id;
	if (!v)
		return false;
	if (str_starts(v, "lieu-") && valid_int(v + 5, 1, 1000000000, &id))
		c->target = CLOSE_SITE;
	else if (str_starts(v, "commune-") && valid_int(v + 8, 1, 1000000000, &id))
		c->target = CLOSE_COMMUNE;
	else if (valid_int(v, 1, 1000000000, &id))
		c->target = CLOSE_DEVICE;
	else
		return false;
	c->id = id;
	return true;
}

/* Validates the closure form into c; false with errors in f, *unavailable
 * on a database error. */
static bool read_closure(struct request *r, struct form *f, struct closure_spec *c, bool *unavailable)
{
	*unavailable = false;
	memset(c, 0, sizeof(*c));
	form_check_all(f, closure_fields, ARRAY_LEN(closure_fields));
	const char *kind = form_value(f, "type");
	if (kind && !str_eq(kind, "closure") && !str_eq(kind, "outage") && !str_eq(kind, "absence"))
		form_fail(f, "type", _("Choisissez le type d'indisponibilité."));
	if (form_value(f, "appareil")) {
		long long commune = read_target(form_value(f, "appareil"), c) ? closure_commune(r->arena, c) : 0;
		if (commune < 0) {
			*unavailable = true;
			return false;
		}
		if (commune == 0 || !agent_can_commune(me(r), commune))
			form_fail(f, "appareil", _("Choisissez un appareil, un lieu ou la commune dans la liste."));
		else if (c->target == CLOSE_DEVICE && !agent_can_device(r, me(r), c->id))
			form_fail(f, "appareil", _("Choisissez un appareil de votre commune."));
	}
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
	c->kind = kind;
	c->reason = form_value(f, "motif");
	return true;
}

static void set_when(tpl_dict *d, const char *key, time_t t)
{
	char when[100];
	i18n_when(t, when, sizeof(when));
	tpl_set(d, key, when);
}

static int render_closures(struct request *r, struct form *f, int status)
{
	struct scope sc = scope_of(me(r));
	struct closure_row *cl;
	long n = closures_upcoming(r->arena, &sc, &cl);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Fermetures, pannes et absences"));
	if (!device_options(r, d, f ? form_typed(f, "appareil") : NULL, true)) {
		tpl_free(d);
		return page_unavailable(r);
	}
	if (f)
		form_fill(f, d);
	const char *kind = f ? form_typed(f, "type") : NULL;
	tpl_show(d, str_eq(kind, "outage") ? "KIND_OUTAGE" : str_eq(kind, "absence") ? "KIND_ABSENCE" : "KIND_CLOSURE");
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "CLOSURE");
		tpl_set(x, "KIND", label_of(cl[i].kind));
		set_when(x, "FROM", cl[i].start);
		set_when(x, "TO", cl[i].end);
		tpl_set(x, "REASON", cl[i].reason);
		tpl_setf(x, "DEVICE", "%s — %s", cl[i].device, cl[i].site);
	}
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	if (str_eq(req_arg(r, "demande"), "1"))
		tpl_show(d, "ASKED");
	if (me(r)->role == ROLE_AGENT)
		tpl_show(d, "AGENT_NOTE");
	return page_render(r, d, "agent_closures", status);
}

int a_closures(struct request *r, char **args)
{
	(void)args;
	return render_closures(r, NULL, 200);
}

/* The closure the form describes, or the page that says why not (the
 * form again, 422; or 503). */
static int closure_form(struct request *r, struct form *f, struct closure_spec *c)
{
	bool unavailable;
	form_init(f, r);
	if (read_closure(r, f, c, &unavailable))
		return 0;
	return unavailable ? page_unavailable(r) : render_closures(r, f, 422);
}

static bool may_cancel(const struct staff *s)
{
	return s->role == ROLE_COMMUNE_ADMIN || s->role == ROLE_PLATFORM_ADMIN;
}

/* Step 1: the people the closure would affect, before anything changes. */
int a_closure_preview(struct request *r, char **args)
{
	(void)args;
	struct form f;
	struct closure_spec c;
	int st = closure_form(r, &f, &c);
	if (st)
		return st;
	struct closure_booking *b;
	long n = closure_affected(r->arena, &c, &b);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Confirmer l'indisponibilité"));
	form_fill(&f, d);
	for (size_t i = 0; i < f.n; i++)
		tpl_set(d, arena_printf(r->arena, "H_%s", f.name[i]), f.typed[i]);
	set_when(d, "FROM", c.start);
	set_when(d, "TO", c.end);
	tpl_set(d, "KIND", label_of(c.kind));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "AFFECTED");
		tpl_set(x, "REF", b[i].ref);
		set_when(x, "WHEN", b[i].start);
		tpl_set(x, "PERSONS", b[i].persons);
		tpl_set(x, "DEVICE", b[i].device);
		if (!b[i].has_contact)
			tpl_show(x, "NO_CONTACT");
	}
	tpl_set_int(d, "COUNT", n);
	if (n == 0)
		tpl_show(d, "NOBODY");
	/* Cancelling appointments is the administrators' decision. */
	if (n > 0 && !may_cancel(me(r)))
		tpl_show(d, "ASK_ADMIN");
	else
		tpl_show(d, "CAN_APPLY");
	return page_render(r, d, "agent_closure_confirm", 200);
}

/* Step 2: everything in one transaction (closure.h). */
int a_closure_apply(struct request *r, char **args)
{
	(void)args;
	struct form f;
	struct closure_spec c;
	int st = closure_form(r, &f, &c);
	if (st)
		return st;
	int cancelled = 0;
	switch (closure_apply(r->arena, me(r)->id, &c, may_cancel(me(r)), agent_base_url(), &cancelled)) {
	case CLOSURE_OK:
		return resp_redirect(r, "/agent/fermetures?ok=1");
	case CLOSURE_NEEDS_ADMIN:
		return page_error(r, 403, arena_printf(r->arena,
			P_("Cette indisponibilité annulerait %d rendez-vous : seul un administrateur de la commune peut l'appliquer. Depuis l'aperçu, demandez-le à un administrateur.",
			   "Cette indisponibilité annulerait %d rendez-vous : seul un administrateur de la commune peut l'appliquer. Depuis l'aperçu, demandez-le à un administrateur.",
			   (unsigned long)cancelled), cancelled));
	case CLOSURE_NO_DEVICE:
		form_fail(&f, "appareil", _("Ce lieu ou cette commune n'a aucun appareil en service."));
		return render_closures(r, &f, 422);
	default:
		return page_unavailable(r);
	}
}

/* An agent's closure that would cancel appointments goes to the
 * commune's administrators, by email. */
int a_closure_ask(struct request *r, char **args)
{
	(void)args;
	struct form f;
	struct closure_spec c;
	int st = closure_form(r, &f, &c);
	if (st)
		return st;
	struct closure_booking *b;
	long n = closure_affected(r->arena, &c, &b);
	if (n < 0 || !closure_ask_admin(r->arena, me(r)->id, me(r)->name, &c, (int)n, r->lang))
		return page_unavailable(r);
	return resp_redirect(r, "/agent/fermetures?demande=1");
}

/* ------------------------------------------------------------ settings */

static const struct field_spec settings_fields[] = {
	{ "rappel", F_INT, true, 1, 240 },
	{ "horizon", F_INT, true, 7, 365 },
	{ "delai_min", F_INT, true, 0, 168 },
	{ "limite_annulation", F_INT, true, 0, 168 },
	{ "agents_totp", F_TEXT, false, 0, 3 },
	{ "ants_bloquer", F_TEXT, false, 0, 3 },
	{ "attente_delai", F_INT, false, 0, 720 },
	{ "attente_garde", F_INT, false, 5, 240 },
	{ "calme_debut", F_INT, false, 0, 23 },
	{ "calme_fin", F_INT, false, 0, 23 },
	{ "avis_delai", F_INT, false, 0, 168 },
	{ "avis_part", F_INT, false, 0, 100 },
};

/* f: the main form posted back; df: the delays' form; noshow: the absence
 * notice posted back (each NULL when not). */
static int render_settings(struct request *r, long long commune, struct form *f, struct form *df,
                           const char *noshow, int status)
{
	struct commune_row c;
	struct commune_settings s;
	int k = commune_get(r->arena, commune, &c);
	if (k == 1)
		k = commune_settings_get(r->arena, commune, &s);
	if (k < 0)
		return page_unavailable(r);
	if (k == 0)
		return page_error(r, 404, _("Cette commune n'existe pas."));
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Paramètres — %s"), c.name));
	tpl_set_int(d, "COMMUNE_ID", commune);
	tpl_set_int(d, "V_RAPPEL", s.reminder_hours);
	tpl_set_int(d, "V_HORIZON", s.horizon_days);
	tpl_set_int(d, "V_DELAI_MIN", s.min_notice_hours);
	tpl_set_int(d, "V_LIMITE_ANNULATION", s.cancel_limit_hours);
	tpl_set_int(d, "V_ATTENTE_DELAI", s.waitlist_min_hours);
	tpl_set_int(d, "V_ATTENTE_GARDE", s.waitlist_offer_minutes);
	tpl_set_int(d, "V_CALME_DEBUT", s.quiet_from_hour);
	tpl_set_int(d, "V_CALME_FIN", s.quiet_to_hour);
	tpl_set_int(d, "V_AVIS_DELAI", s.survey_delay_hours);
	tpl_set_int(d, "V_AVIS_PART", s.survey_share);
	if (f ? form_value(f, "agents_totp") != NULL : s.agents_need_totp)
		tpl_show(d, "AGENTS_TOTP");
	if (f ? form_value(f, "ants_bloquer") != NULL : s.ants_block_on_error)
		tpl_show(d, "ANTS_BLOCK");
	if (f)
		form_fill(f, d);
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	if (!agent_pickup_settings(r, d, commune, df) || !agent_noshow_settings(r, d, commune, noshow)) {
		tpl_free(d);
		return page_unavailable(r);
	}
	return page_render(r, d, "agent_settings", status);
}

int agent_settings_page(struct request *r, long long commune, struct form *df, int status)
{
	return render_settings(r, commune, NULL, df, NULL, status);
}

int agent_settings_noshow_page(struct request *r, long long commune, const char *posted, int status)
{
	return render_settings(r, commune, NULL, NULL, posted, status);
}

int a_settings_form(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune)
		return agent_choose_commune(r, _("Paramètres"), "/agent/parametres");
	return render_settings(r, commune, NULL, NULL, NULL, 200);
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
		return render_settings(r, commune, &f, NULL, NULL, 422);
	/* The waiting list's fields came later: a form without them keeps
	 * the commune's values. */
	struct commune_settings cur;
	if (commune_settings_get(r->arena, commune, &cur) != 1)
		return page_unavailable(r);
	struct commune_settings s = {
		(int)form_int(&f, "rappel", 48), (int)form_int(&f, "horizon", 90),
		(int)form_int(&f, "delai_min", 2), (int)form_int(&f, "limite_annulation", 0),
		form_value(&f, "agents_totp") != NULL, form_value(&f, "ants_bloquer") != NULL,
		(int)form_int(&f, "attente_delai", cur.waitlist_min_hours),
		(int)form_int(&f, "attente_garde", cur.waitlist_offer_minutes),
		(int)form_int(&f, "calme_debut", cur.quiet_from_hour), (int)form_int(&f, "calme_fin", cur.quiet_to_hour),
		(int)form_int(&f, "avis_delai", cur.survey_delay_hours), (int)form_int(&f, "avis_part", cur.survey_share),
	};
	if (!commune_settings_save(r->arena, me(r)->id, commune, &s))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/parametres?ok=1&commune=%lld", commune));
}
