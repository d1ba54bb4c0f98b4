/* agent_pickup.c — the pickup (retrait) appointment: proposed to the agent
 * once a filing is finished (the first free pickup time at the same site
 * after the commune's processing delay, others, or none), the links
 * between the two bookings on their pages, each commune's delays on its
 * settings page, and the administrators' page that moves every pickup of
 * a day when the titles are late. */
#include "agent.h"
#include "audit.h"
#include "booking_tpl.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"
#include "page.h"
#include "pickup.h"
#include "place.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* How many other times the proposal shows, and how far it looks. */
#define PICKUP_SHOWN 8
#define PICKUP_LOOK_DAYS 90

static int load_filing(struct request *r, const char *arg, struct booking_view *v)
{
	char ref[9];
	if (!valid_ref(arg, ref, sizeof(ref)))
		return page_error(r, 404, _("Ce rendez-vous n'existe pas."));
	if (!booking_load(r->arena, 0, ref, v))
		return db_failed() ? page_unavailable(r) : page_error(r, 404, _("Ce rendez-vous n'existe pas."));
	if (!agent_can_booking(me(r), v))
		return agent_forbidden(r);
	return 0;
}

/* The first day a pickup may be: the filing's end plus the delay, not
 * before today. */
static void first_day(const struct booking_view *v, int days, int *y, int *mo, int *d)
{
	struct tm tm;
	dt_utc_to_local(v->finished ? v->finished : v->start, &tm);
	*y = tm.tm_year + 1900, *mo = tm.tm_mon + 1, *d = tm.tm_mday;
	dt_add_days(y, mo, d, days);
	int ty, tmo, td;
	dt_today_local(&ty, &tmo, &td);
	if (dt_days_between(ty, tmo, td, *y, *mo, *d) < 0)
		*y = ty, *mo = tmo, *d = td;
}

/* Why no pickup can be proposed for v now (NULL when one can), and the
 * delay in *days. *err on a database error. */
static const char *not_due(struct request *r, const struct booking_view *v, int *days, bool *err)
{
	*err = false;
	*days = 0;
	if (str_eq(v->procedure_code, PICKUP_PROCEDURE))
		return _("Ce rendez-vous est lui-même un retrait.");
	if (!str_eq(v->status, "confirmed"))
		return _("Ce rendez-vous n'est plus actif.");
	if (!v->finished)
		return _("Le dépôt n'est pas terminé : notez la fin du rendez-vous avant de proposer le retrait.");
	struct pickup_link l;
	if (!pickup_link_of(r->arena, v->id, &l)) {
		*err = true;
		return NULL;
	}
	if (l.pickup_id)
		return arena_printf(r->arena, _("Ce dépôt a déjà un rendez-vous de retrait (référence %s)."), l.pickup_ref);
	*days = pickup_delay_of(r->arena, v->commune_id, v->procedure_id);
	if (*days < 0) {
		*err = true;
		return NULL;
	}
	if (*days == 0)
		return _("La commune n'a pas fixé de délai de fabrication pour cette démarche (Paramètres) : aucun retrait n'est proposé.");
	return NULL;
}

static int render_pickup(struct request *r, const struct booking_view *v, int days, const char *jour,
                         int status, const char *alert)
{
	int y, mo, d;
	first_day(v, days, &y, &mo, &d);
	int fy = y, fm = mo, fd = d;
	char ymd[11];
	if (jour && *jour) {
		int ty, tmo, td;
		dt_today_local(&ty, &tmo, &td);
		if (!valid_date(jour, ymd, sizeof(ymd)) || !dt_parse_ymd(ymd, &y, &mo, &d) ||
		    dt_days_between(ty, tmo, td, y, mo, d) < 0)
			return page_error(r, 400, _("Saisissez une date valide au format JJ/MM/AAAA, à partir d'aujourd'hui."));
	}
	struct pickup_time *t;
	long n = pickup_free(r->arena, v->site_id, v->party, y, mo, d, PICKUP_LOOK_DAYS, PICKUP_SHOWN + 1, &t);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *x = agent_page(r, arena_printf(r->arena, _("Rendez-vous de retrait pour le dépôt %s"), v->ref));
	booking_fill(r, x, v);
	char label[64], when[100];
	i18n_date_ymd(fy, fm, fd, label, sizeof(label));
	tpl_set(x, "FROM_LABEL", label);
	tpl_setf(x, "DELAY_TEXT", P_("%d jour", "%d jours", (unsigned long)days), days);
	i18n_when(v->finished, when, sizeof(when));
	tpl_set(x, "FINISHED", when);
	tpl_setf(x, "DAY", "%04d-%02d-%02d", y, mo, d);
	if (alert)
		tpl_set(tpl_section(x, "ALERT"), "MESSAGE", alert);
	if (n == 0)
		tpl_show(x, "NONE");
	for (long i = 0; i < n; i++) {
		tpl_dict *s = tpl_section(x, i == 0 ? "FIRST" : "FREE");
		i18n_when(t[i].start, when, sizeof(when));
		tpl_set(s, "WHEN", when);
		tpl_set(s, "DEVICE", t[i].device_name);
		tpl_set_int(s, "SLOT_ID", t[i].slot_id);
	}
	if (n > 1)
		tpl_show(x, "OTHERS");
	return page_render(r, x, "agent_pickup", status);
}

int a_pickup_form(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_filing(r, args[0], &v);
	if (st)
		return st;
	int days;
	bool err;
	const char *why = not_due(r, &v, &days, &err);
	if (err)
		return page_unavailable(r);
	if (why)
		return page_error(r, 409, why);
	return render_pickup(r, &v, days, req_arg(r, "jour"), 200, NULL);
}

struct pickup_ctx {
	struct staff *s;
	long long filing_id;
	bool dup;
};

/* Inside the pickup's transaction: the link to its filing (refused when
 * the filing has one already), the audit line, the convocation. */
static bool after_pickup(void *p, struct arena *a, long long id)
{
	struct pickup_ctx *c = p;
	struct booking_view v;
	return pickup_link(a, id, c->filing_id, &c->dup) && booking_load(a, id, NULL, &v) &&
	       audit(a, c->s->id, v.commune_id, "pickup_book", "booking", v.ref,
		     arena_printf(a, "filing=%lld", c->filing_id)) &&
	       (!(v.phone || v.email) || outbox_booking(a, &v, "pickup", NULL, NULL, agent_base_url()));
}

int a_pickup(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_filing(r, args[0], &v);
	if (st)
		return st;
	int days;
	bool err;
	const char *why = not_due(r, &v, &days, &err);
	if (err)
		return page_unavailable(r);
	if (why)
		return page_error(r, 409, why);
	struct staff *s = me(r);
	if (str_eq(req_form(r, "passer"), "1")) {
		if (!audit(r->arena, s->id, v.commune_id, "pickup_skip", "booking", v.ref, NULL))
			return page_unavailable(r);
		return resp_redirect(r, arena_printf(r->arena, "/agent/rdv/%s?retrait=passe", v.ref));
	}
	long slot;
	struct procedure_info proc;
	struct slot_info si;
	if (!place_procedure(r->arena, PICKUP_PROCEDURE, r->lang, &proc))
		return page_error(r, 409, _("Aucune démarche de retrait n'est proposée sur cette plateforme."));
	if (!valid_int(req_form(r, "creneau"), 1, 2000000000, &slot) ||
	    !place_slot(r->arena, slot, proc.id, &si) || !si.offered || si.site_id != v.site_id)
		return render_pickup(r, &v, days, NULL, 400, _("Choisissez un horaire de retrait dans la liste."));

	struct booking_request q;
	memset(&q, 0, sizeof(q));
	q.first_slot_id = slot;
	q.procedure_id = proc.id;
	q.party = v.party;
	q.level = LEVEL_REGULAR;
	q.channel = "counter";
	/* The same people (their pre-application numbers served the filing),
	 * the same contact and language. */
	for (int i = 0; i < v.npersons && i < MAX_PARTY; i++) {
		q.persons[i] = v.persons[i];
		q.persons[i].predemande = NULL;
		q.persons[i].ants_recheck = false;
	}
	q.phone = v.phone;
	q.email = v.email;
	q.home_insee = v.home_insee;
	q.lang = v.lang;
	q.confirmed = true;
	q.ignore_notice = true;
	q.created_by_staff = s->id;
	struct pickup_ctx ctx = { s, v.id, false };
	q.before_commit = after_pickup;
	q.ctx = &ctx;
	struct booking_result res;
	switch (booking_create(r->arena, &q, &res)) {
	case BOOK_OK:
		log_info("pickup %s booked for filing %s by staff %lld", res.ref, v.ref, s->id);
		return resp_redirect(r, arena_printf(r->arena, "/agent/rdv/%s?nouveau=1", res.ref));
	case BOOK_GONE:
		return render_pickup(r, &v, days, NULL, 409, _("Cet horaire vient d'être pris : choisissez-en un autre."));
	case BOOK_DUPLICATE:
		return render_pickup(r, &v, days, NULL, 409, res.dup_ref[0]
			? arena_printf(r->arena, _("Cette personne a déjà un rendez-vous de retrait (référence %s)."), res.dup_ref)
			: _("La même personne figure deux fois dans la demande."));
	case BOOK_INVALID:
		return render_pickup(r, &v, days, NULL, 400, _("Cet horaire est passé ou hors de la période ouverte."));
	default:
		if (ctx.dup)
			return page_error(r, 409, _("Ce dépôt a déjà un rendez-vous de retrait."));
		return page_unavailable(r);
	}
}

bool agent_pickup_section(struct request *r, tpl_dict *d, const struct booking_view *v)
{
	struct pickup_link l;
	if (!pickup_link_of(r->arena, v->id, &l))
		return false;
	char when[100];
	if (l.pickup_id) {
		tpl_dict *x = tpl_section(d, "PICKUP_OF");
		i18n_when(l.pickup_start, when, sizeof(when));
		tpl_set(x, "PREF", l.pickup_ref);
		tpl_set(x, "WHEN", when);
	}
	if (l.filing_id) {
		tpl_dict *x = tpl_section(d, "FILING_OF");
		i18n_when(l.filing_start, when, sizeof(when));
		tpl_set(x, "FREF", l.filing_ref);
		tpl_set(x, "WHEN", when);
	}
	if (me(r)->role != ROLE_PARTNER && !l.pickup_id) {
		int due = pickup_due(r->arena, v);
		if (due < 0)
			return false;
		if (due > 0)
			tpl_show(d, str_eq(req_arg(r, "retrait"), "passe") ? "PICKUP_SKIPPED" : "PICKUP_DUE");
	}
	return true;
}

/* --------------------------------------------------- the commune's delays */

/* The delays' fields: delai_<procedure id>, 1 to PICKUP_MAX_DAYS days or
 * empty (none). */
static const char *delay_field(struct arena *a, long long procedure_id)
{
	return arena_printf(a, "delai_%lld", procedure_id);
}

bool agent_pickup_settings(struct request *r, tpl_dict *d, long long commune, struct form *df)
{
	struct pickup_delay *pd;
	long n = pickup_delays(r->arena, commune, r->lang, &pd);
	if (n < 0)
		return false;
	if (n == 0)
		return true;
	tpl_dict *x = tpl_section(d, "DELAYS");
	tpl_set_int(x, "COMMUNE_ID", commune);
	tpl_set_int(x, "MAX", PICKUP_MAX_DAYS);
	if (str_eq(req_arg(r, "retraits"), "1"))
		tpl_show(x, "DELAYS_SAVED");
	for (long i = 0; i < n; i++) {
		tpl_dict *row = tpl_section(x, "DELAY");
		const char *name = delay_field(r->arena, pd[i].procedure_id);
		tpl_set(row, "FIELD", name);
		tpl_set(row, "NAME", pd[i].name);
		if (df) {
			tpl_set(row, "VALUE", form_typed(df, name));
			const char *e = form_error(df, name);
			if (e) {
				tpl_set(tpl_section(row, "ERR"), "MESSAGE", e);
				tpl_dict *s = tpl_section(x, "DELAY_ERROR");
				tpl_set(s, "FIELD", name);
				tpl_setf(s, "MESSAGE", "%s : %s", pd[i].name, e);
			}
		} else if (pd[i].days > 0)
			tpl_set_int(row, "VALUE", pd[i].days);
	}
	if (df && df->nerrors)
		tpl_show(x, "DELAY_ERRORS");
	return true;
}

int a_pickup_delays(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_named_commune(r);
	if (commune <= 0)
		return agent_forbidden(r);
	struct pickup_delay *pd;
	long n = pickup_delays(r->arena, commune, r->lang, &pd);
	if (n < 0)
		return page_unavailable(r);
	struct form f;
	form_init(&f, r);
	for (long i = 0; i < n; i++) {
		struct field_spec spec = { delay_field(r->arena, pd[i].procedure_id), F_INT, false, 1, PICKUP_MAX_DAYS };
		form_check(&f, &spec);
		pd[i].days = (int)form_int(&f, spec.name, 0);
	}
	if (f.nerrors)
		return agent_settings_page(r, commune, &f, 422);
	if (!pickup_delays_save(r->arena, me(r)->id, commune, pd, n))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/parametres?retraits=1&commune=%lld#retraits", commune));
}

/* ------------------------------------------------- a day's pickups moved */

static int render_pickups(struct request *r, long long commune, int y, int mo, int d, struct form *f,
                          const struct pickup_moved *done, long ndone, int status)
{
	struct pickup_line *l;
	long n = pickup_day(r->arena, commune, y, mo, d, &l);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *x = agent_page(r, _("Rendez-vous de retrait des titres"));
	char label[64], hm[32], when[100];
	i18n_date_ymd(y, mo, d, label, sizeof(label));
	tpl_set(x, "DAY_LABEL", label);
	tpl_setf(x, "DAY", "%04d-%02d-%02d", y, mo, d);
	tpl_setf(x, "DAY_FR", "%02d/%02d/%04d", d, mo, y);
	tpl_set_int(x, "COMMUNE_ID", commune);
	for (long i = 0; i < n; i++) {
		tpl_dict *row = tpl_section(x, "ROW");
		i18n_time(l[i].start, hm, sizeof(hm));
		tpl_set(row, "TIME", hm);
		tpl_set(row, "SITE", l[i].site_name);
		tpl_set(row, "PERSONS", l[i].persons);
		tpl_set(row, "REF", l[i].ref);
		tpl_set(row, "LINKED", l[i].linked ? _("oui") : _("non"));
	}
	if (n == 0)
		tpl_show(x, "NONE");
	else
		tpl_show(x, "CAN_MOVE");
	if (f)
		form_fill(f, x);
	if (done) {
		tpl_dict *res = tpl_section(x, "RESULT");
		long moved = 0;
		for (long i = 0; i < ndone; i++)
			moved += done[i].moved;
		tpl_setf(res, "MOVED_TEXT", P_("%ld retrait déplacé, la personne prévenue.",
					       "%ld retraits déplacés, chaque personne prévenue.", (unsigned long)moved), moved);
		for (long i = 0; i < ndone; i++) {
			tpl_dict *row = tpl_section(res, done[i].moved ? "MOVED" : "STUCK");
			tpl_set(row, "REF", done[i].line.ref);
			tpl_set(row, "PERSONS", done[i].line.persons);
			if (done[i].moved) {
				i18n_when(done[i].new_start, when, sizeof(when));
				tpl_set(row, "WHEN", when);
			}
		}
		if (moved < ndone)
			tpl_show(res, "HAS_STUCK");
	}
	return page_render(r, x, "agent_pickups", status);
}

int a_pickups(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_named_commune(r);
	if (commune < 0)
		return agent_forbidden(r);
	if (!commune)
		return agent_choose_commune(r, _("Rendez-vous de retrait des titres"), "/agent/retraits");
	int y, mo, d;
	dt_today_local(&y, &mo, &d);
	const char *j = req_arg(r, "jour");
	char ymd[11];
	if (j && *j && !(valid_date(j, ymd, sizeof(ymd)) && dt_parse_ymd(ymd, &y, &mo, &d)))
		return page_error(r, 400, _("Saisissez une date valide au format JJ/MM/AAAA."));
	return render_pickups(r, commune, y, mo, d, NULL, NULL, 0, 200);
}

int a_pickups_move(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_named_commune(r);
	if (commune <= 0)
		return agent_forbidden(r);
	static const struct field_spec fs[] = {
		{ "du", F_DATE, true, 0, 0 },
		{ "au", F_DATE, true, 0, 0 },
	};
	struct form f;
	form_init(&f, r);
	form_check_all(&f, fs, ARRAY_LEN(fs));
	int y, mo, d, y2 = 0, m2 = 0, d2 = 0, ty, tmo, td;
	dt_today_local(&ty, &tmo, &td);
	y = ty, mo = tmo, d = td;
	if (form_value(&f, "du"))
		dt_parse_ymd(form_value(&f, "du"), &y, &mo, &d);
	if (form_value(&f, "au")) {
		dt_parse_ymd(form_value(&f, "au"), &y2, &m2, &d2);
		if (dt_days_between(y, mo, d, y2, m2, d2) <= 0)
			form_fail(&f, "au", _("La nouvelle date doit suivre le jour des retraits."));
		else if (dt_days_between(ty, tmo, td, y2, m2, d2) < 0)
			form_fail(&f, "au", _("La nouvelle date ne peut pas être passée."));
	}
	if (f.nerrors)
		return render_pickups(r, commune, y, mo, d, &f, NULL, 0, 422);
	struct pickup_moved *done;
	long n = pickup_move_day(r->arena, me(r)->id, commune, y, mo, d, y2, m2, d2, agent_base_url(), &done);
	if (n < 0)
		return page_unavailable(r);
	if (n == 0) {
		form_fail(&f, "du", _("Aucun rendez-vous de retrait ce jour-là : rien à décaler."));
		return render_pickups(r, commune, y, mo, d, &f, NULL, 0, 422);
	}
	return render_pickups(r, commune, y, mo, d, NULL, done, n, 200);
}
