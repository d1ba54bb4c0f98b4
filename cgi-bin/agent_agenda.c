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
#include "noshow.h"
#include "page.h"
#include "place.h"
#include "sites.h"
#include "validate.h"
#include "waitlist.h"

/* The page's head: the device, the day and the links to the pages around. */
static void fill_head(tpl_dict *t, long dev, const struct device_info *di, const struct agenda_nav *nav,
		      const char *label)
{
	tpl_set_int(t, "DEVICE_ID", dev);
	tpl_set(t, "DEVICE_NAME", di->name);
	tpl_set(t, "SITE_NAME", di->site_name);
	tpl_set(t, "DAY_LABEL", label);
	tpl_setf(t, "DAY", "%04d-%02d-%02d", nav->y, nav->mo, nav->d);
	tpl_setf(t, "PREV", "%04d-%02d-%02d", nav->py, nav->pm, nav->pd);
	tpl_setf(t, "NEXT", "%04d-%02d-%02d", nav->ny, nav->nm, nav->nd);
}

static void fill_week(tpl_dict *t, const struct agenda_nav *nav, const int *offered, const int *booked)
{
	tpl_show(t, "WEEK");
	for (int i = 0; i < AGENDA_WEEK; i++) {
		int y = nav->y, mo = nav->mo, d = nav->d;
		dt_add_days(&y, &mo, &d, i);
		char l[64];
		i18n_date_ymd(y, mo, d, l, sizeof(l));
		tpl_dict *s = tpl_section(t, "WEEKDAY");
		tpl_set(s, "LABEL", l);
		tpl_setf(s, "DAY", "%04d-%02d-%02d", y, mo, d);
		tpl_set_int(s, "OFFERED", offered[i]);
		tpl_set_int(s, "BOOKED", booked[i]);
		tpl_set_int(s, "FREE", offered[i] - booked[i]);
	}
}

/* The template's names of each level's free places and capacity. */
static const struct {
	const char *free, *cap;
} level_keys[LEVEL_COUNT] = {
	[LEVEL_REGULAR] = { "REGULAR_FREE", "REGULAR_CAP" },
	[LEVEL_URGENT] = { "URGENT_FREE", "URGENT_CAP" },
	[LEVEL_EXTREME] = { "EXTREME_FREE", "EXTREME_CAP" },
};

/* A slot's row: its places per level and the bookings that start with it. */
static void fill_slot(tpl_dict *t, const struct agenda_slot *x, const struct agenda_day *ag)
{
	char hm[32];
	i18n_time(x->start, hm, sizeof(hm));
	tpl_dict *s = tpl_section(t, "SLOT");
	tpl_set(s, "TIME", hm);
	for (int l = 0; l < LEVEL_COUNT; l++) {
		tpl_set_int(s, level_keys[l].free, x->cap[l] - x->booked[l]);
		tpl_set_int(s, level_keys[l].cap, x->cap[l]);
	}
	for (size_t j = 0; j < ag->nbookings; j++) {
		const struct agenda_booking *b = &ag->bookings[j];
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

static void fill_day(tpl_dict *t, const struct agenda_day *ag)
{
	tpl_show(t, "DAYVIEW");
	for (size_t i = 0; i < ag->nslots; i++)
		fill_slot(t, &ag->slots[i], ag);
	if (ag->nslots == 0)
		tpl_show(t, "CLOSED");
	/* The quota grid by hour, as the Haitian document shows it:
	 * booked / quota for each service level. */
	struct agenda_hour hours[24];
	agenda_hours(ag->slots, ag->nslots, hours);
	for (int h = 0; h < 24; h++) {
		if (!hours[h].used)
			continue;
		tpl_dict *x = tpl_section(t, "HOUR");
		tpl_setf(x, "HOUR", "%d h", h);
		for (int l = 0; l < LEVEL_COUNT; l++)
			tpl_setf(tpl_section(x, "Q"), "V", "%d / %d", hours[h].booked[l], hours[h].cap[l]);
	}
}

int a_agenda(struct request *r, char **args)
{
	long dev;
	if (!valid_int(args[0], 1, 1000000000, &dev) || !agent_can_device(r, me(r), dev))
		return agent_forbidden(r);
	int ty, tm, td;
	dt_today_local(&ty, &tm, &td);
	struct agenda_nav nav;
	if (!agenda_nav_parse(req_arg(r, "jour"), req_arg(r, "vue"), ty, tm, td, &nav))
		return page_error(r, 400, _("Saisissez une date valide au format JJ/MM/AAAA."));
	struct device_info di;
	if (device_get(r->arena, dev, &di) != 1)
		return page_unavailable(r);
	char label[64];
	i18n_date_ymd(nav.y, nav.mo, nav.d, label, sizeof(label));
	tpl_dict *t = agent_page(r, arena_printf(r->arena, _("Agenda %s — %s"), di.name, label));
	fill_head(t, dev, &di, &nav, label);
	long waiting = waitlist_site_count(r->arena, di.site_id);
	tpl_setf(t, "WAITLIST_TEXT", P_("Liste d'attente de ce lieu : %ld personne ou famille en attente.",
					"Liste d'attente de ce lieu : %ld personnes ou familles en attente.",
					(unsigned long)(waiting > 0 ? waiting : 0)), waiting > 0 ? waiting : 0);
	/* A failed statement turns the page into a 503 (serve.c), so what
	 * these reads return is shown as it is. */
	if (nav.week) {
		int offered[AGENDA_WEEK], booked[AGENDA_WEEK];
		agenda_week(r->arena, dev, nav.y, nav.mo, nav.d, AGENDA_WEEK, offered, booked);
		fill_week(t, &nav, offered, booked);
	} else {
		struct agenda_day ag;
		agenda_day(r->arena, dev, nav.y, nav.mo, nav.d, &ag);
		fill_day(t, &ag);
		/* The day's absence letters, when the commune writes them. */
		int notice = noshow_notice(r->arena, di.commune_id);
		if (notice > 0 && (notice & NOSHOW_LETTER))
			tpl_set_int(tpl_section(t, "NOSHOW_LETTERS"), "COMMUNE_ID", di.commune_id);
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

static const struct field_spec free_fields[] = {
	{ "procedure", F_TEXT, false, 0, 20 },
	{ "personnes", F_INT, false, 1, 5 },
	{ "niveau", F_TEXT, false, 0, 10 },
	{ "jour", F_DATE, false, 0, 0 },
	{ "commune", F_INT, false, 0, 1000000 },
	{ "mineurs", F_TEXT, false, 0, 1 },
};

/* The procedure asked for, CNI when none; an unknown one is refused on the
 * form and CNI shown instead. */
static void pick_procedure(struct request *r, struct form *f, struct procedure_info *proc)
{
	const char *code = form_value(f, "procedure") ? form_value(f, "procedure") : "CNI";
	if (!place_procedure(r->arena, code, r->lang, proc)) {
		form_fail(f, "procedure", _("Choisissez une démarche dans la liste."));
		place_procedure(r->arena, "CNI", r->lang, proc);
	}
}

/* The form's choices, each with the one searched for selected. */
static void fill_choices(tpl_dict *t, const struct free_query *q, long long procedure_id,
			 const struct procedure_info *all, size_t np, const struct commune_row *cs, long nc)
{
	for (size_t i = 0; i < np; i++) {
		tpl_dict *o = tpl_section(t, "PROCEDURE_OPTION");
		tpl_set(o, "CODE", all[i].code);
		tpl_set(o, "NAME", all[i].name);
		if (all[i].id == procedure_id)
			tpl_show(o, "SELECTED");
	}
	for (int i = 1; i <= 5; i++) {
		tpl_dict *o = tpl_section(t, "PARTY_OPTION");
		tpl_set_int(o, "N", i);
		if (i == q->party)
			tpl_show(o, "SELECTED");
	}
	if (q->level_choice) {
		tpl_dict *lvl = tpl_section(t, "LEVELS");
		for (int i = 0; i < LEVEL_COUNT; i++) {
			tpl_dict *o = tpl_section(lvl, "LEVEL_OPTION");
			tpl_set(o, "CODE", level_code((enum level)i));
			tpl_set(o, "NAME", label_of(level_code((enum level)i)));
			if (i == (int)q->level)
				tpl_show(o, "SELECTED");
		}
	}
	if (q->wide) {
		tpl_dict *w = tpl_section(t, "COMMUNES");
		for (long i = 0; i < nc; i++) {
			tpl_dict *o = tpl_section(w, "COMMUNE_OPTION");
			tpl_set_int(o, "ID", cs[i].id);
			tpl_set(o, "NAME", cs[i].name);
			if (cs[i].id == q->commune)
				tpl_show(o, "SELECTED");
		}
	}
}

/* The free times of the day, each linking to the booking form. */
static void fill_free(struct request *r, tpl_dict *t, const struct free_query *q, const char *procedure,
		      const struct staff_free *fr, size_t n)
{
	char label[64];
	i18n_date_ymd(q->y, q->mo, q->d, label, sizeof(label));
	tpl_set(t, "DAY_LABEL", label);
	tpl_setf(t, "DAY", "%04d-%02d-%02d", q->y, q->mo, q->d);
	for (size_t i = 0; i < n; i++) {
		char hm[32];
		i18n_time(fr[i].start, hm, sizeof(hm));
		tpl_dict *x = tpl_section(t, "FREE");
		tpl_set(x, "TIME", hm);
		tpl_set(x, "COMMUNE", fr[i].commune_name);
		tpl_set(x, "SITE", fr[i].site_name);
		tpl_set(x, "DEVICE", fr[i].device_name);
		tpl_set(x, "URL", arena_printf(r->arena, "/agent/reserver?creneau=%lld&procedure=%s&personnes=%ld&niveau=%s",
					       fr[i].slot_id, procedure, q->party, level_code(q->level)));
	}
	if (n == 0)
		tpl_show(t, "NONE");
}

int a_free_times(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	form_check_all(&f, free_fields, ARRAY_LEN(free_fields));
	struct procedure_info proc;
	pick_procedure(r, &f, &proc);
	int ty, tm, td;
	dt_today_local(&ty, &tm, &td);
	struct free_query q;
	agenda_free_query(me(r), proc.max_party, form_int(&f, "personnes", 1), form_value(&f, "niveau"),
			  form_value(&f, "jour"), form_int(&f, "commune", 0), ty, tm, td, &q);

	struct staff_free *fr;
	/* A party of minors also sees the places of the bands reserved for
	 * them (the booking checks the birth dates). */
	bool minors = str_eq(form_value(&f, "mineurs"), "1") && q.level == LEVEL_REGULAR;
	size_t n = agenda_free_minors(r->arena, q.commune, proc.id, (int)q.party, q.level, minors, q.y, q.mo, q.d,
				      5000, &fr);
	struct procedure_info *all;
	size_t np = place_procedures(r->arena, r->lang, &all);
	struct commune_row *cs = NULL;
	long nc = q.wide ? communes_all(r->arena, true, &cs) : 0;

	tpl_dict *t = agent_page(r, _("Créneaux libres"));
	form_fill(&f, t);
	if (minors)
		tpl_show(t, "MINORS_CHECKED");
	fill_choices(t, &q, proc.id, all, np, cs, nc);
	fill_free(r, t, &q, proc.code, fr, n);
	return page_render(r, t, "agent_free", f.nerrors ? 400 : 200);
}
