/* agent_booking.c — booking on someone's behalf (phone, counter, partner
 * town hall), an appointment's page with cancel, move and check-in, the
 * convocation to print, and the list of appointments in one's scope. */
#include "agenda.h"
#include "agent.h"
#include "ants_check.h"
#include "ants_coord.h"
#include "audit.h"
#include "checkin.h"
#include "booking_tpl.h"
#include "commune.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "labels.h"
#include "log.h"
#include "outbox.h"
#include "page.h"
#include "people.h"
#include "pickup.h"
#include "place.h"
#include "public.h"
#include "sites.h"
#include "urgency.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

struct abook {
	struct form f;
	struct procedure_info proc;
	struct slot_info slot;
	long party;
	enum level level;
};

static int load_head(struct request *r, struct abook *c)
{
	static const struct field_spec head[] = {
		{ "creneau", F_INT, true, 1, 9000000000000000000L },
		{ "procedure", F_TEXT, true, 0, 20 },
		{ "personnes", F_INT, true, 1, 5 },
		{ "niveau", F_TEXT, false, 0, 10 },
	};
	form_init(&c->f, r);
	if (!form_check_all(&c->f, head, ARRAY_LEN(head)) ||
	    !place_procedure(r->arena, form_value(&c->f, "procedure"), r->lang, &c->proc) ||
	    !place_slot(r->arena, form_int(&c->f, "creneau", 0), c->proc.id, &c->slot) || !c->slot.offered)
		return page_error(r, 400, _("Ce créneau n'existe pas ou ne correspond pas à la démarche choisie."));
	c->party = form_int(&c->f, "personnes", 1);
	if (c->party > c->proc.max_party)
		return page_error(r, 400, _("Le nombre de personnes dépasse ce que permet cette démarche."));
	c->level = level_parse(form_value(&c->f, "niveau"));
	struct staff *s = me(r);
	if (s->role == ROLE_PARTNER)
		c->level = LEVEL_REGULAR;
	else if (!agent_can_device(r, s, c->slot.device_id))
		return agent_forbidden(r);
	return 0;
}

static int render_book(struct request *r, struct abook *c, int status, const char *alert)
{
	char date[64], hm[32];
	i18n_date(c->slot.start, date, sizeof(date));
	i18n_time(c->slot.start, hm, sizeof(hm));
	tpl_dict *d = agent_page(r, _("Prendre un rendez-vous pour une personne"));
	tpl_set_int(d, "SLOT_ID", c->slot.slot_id);
	tpl_set(d, "PROCEDURE", c->proc.code);
	tpl_set(d, "PROCEDURE_NAME", c->proc.name);
	page_set_party(d, c->party);
	tpl_set(d, "LEVEL", level_code(c->level));
	tpl_set(d, "DATE", date);
	tpl_set(d, "TIME", hm);
	tpl_set(d, "SITE_NAME", c->slot.site_name);
	tpl_set(d, "CITY", c->slot.city);
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	form_fill(&c->f, d);
	people_fill(r, d, &c->f, (int)c->party, c->proc.needs_predemande, NULL);

	/* An urgent or extreme booking says why (required). */
	if (c->level != LEVEL_REGULAR) {
		tpl_dict *u = tpl_section(d, "URGENCY");
		const char *want = form_typed(&c->f, "motif_urgence");
		for (int i = 0; i < URGENCY_NREASONS; i++) {
			tpl_dict *o = tpl_section(u, "REASON");
			tpl_set(o, "CODE", urgency_reasons[i]);
			tpl_set(o, "LABEL", urgency_reason_label(urgency_reasons[i]));
			if (str_eq(want, urgency_reasons[i]))
				tpl_show(o, "SELECTED");
		}
	}
	if (me(r)->role == ROLE_PARTNER)
		tpl_show(d, "PARTNER");
	else
		tpl_show(tpl_section(d, "CHANNELS"),
			 str_eq(form_typed(&c->f, "canal"), "counter") ? "CHANNEL_COUNTER" : "CHANNEL_PHONE");
	return page_render(r, d, "agent_book", status);
}

int a_book_form(struct request *r, char **args)
{
	(void)args;
	struct abook c;
	memset(&c, 0, sizeof(c));
	int st = load_head(r, &c);
	return st ? st : render_book(r, &c, 200, NULL);
}

struct staff_ctx {
	struct staff *s;
	const char *urgency, *urgency_detail;   /* urgent or extreme levels: why */
};

/* Inside the booking transaction: the audit line, and the confirmation
 * message when there is a contact. */
static bool after_staff_booking(void *p, struct arena *a, long long id)
{
	struct staff_ctx *c = p;
	struct booking_view v;
	return booking_load(a, id, NULL, &v) &&
	       (!c->urgency || urgency_record(a, id, c->urgency, c->urgency_detail, c->s->id, 0)) &&
	       audit(a, c->s->id, v.commune_id, c->urgency ? "book_urgent" : "book", "booking", v.ref,
		     c->urgency ? arena_printf(a, "%s %s %s", v.channel, v.level, c->urgency) : v.channel) &&
	       (!(v.phone || v.email) || outbox_booking(a, &v, "confirmed", NULL, NULL, agent_base_url()));
}

int a_book(struct request *r, char **args)
{
	(void)args;
	struct abook c;
	memset(&c, 0, sizeof(c));
	int st = load_head(r, &c);
	if (st)
		return st;
	struct staff *s = me(r);
	struct form *f = &c.f;
	struct booking_request q;
	memset(&q, 0, sizeof(q));
	people_check(f, (int)c.party, c.proc.needs_predemande, q.persons);

	static const struct field_spec contact[] = {
		{ "telephone", F_PHONE, false, 0, 0 },
		{ "email", F_EMAIL, false, 0, 0 },
		{ "canal", F_TEXT, false, 0, 10 },
		{ "domicile", F_TEXT, false, 0, 100 },
	};
	form_check_all(f, contact, ARRAY_LEN(contact));
	/* The urgent and extreme levels are for the agents of equipped
	 * communes (load_head keeps partners on the regular one), and say why. */
	const char *urgency = NULL;
	if (c.level != LEVEL_REGULAR) {
		static const struct field_spec urg[] = {
			{ "motif_urgence", F_TEXT, false, 0, 10 },
			{ "detail_urgence", F_TEXT, false, 0, 300 },
		};
		form_check_all(f, urg, ARRAY_LEN(urg));
		urgency = form_value(f, "motif_urgence");
		if (!urgency_reason_valid(urgency)) {
			form_fail(f, "motif_urgence", _("Indiquez le motif de l'urgence."));
			urgency = NULL;
		}
	}
	const char *home = NULL;
	if (form_value(f, "domicile")) {
		struct commune_match *m;
		size_t n = place_resolve(r->arena, form_value(f, "domicile"), 8, &m);
		if (n == 0)
			form_fail(f, "domicile", _("Nous ne trouvons pas cette commune : vérifiez l'orthographe ou saisissez le code postal."));
		else {
			/* The exact name if there is one, else the best match. */
			size_t at = place_pick(m, n, form_value(f, "domicile"));
			home = m[at < n ? at : 0].insee;
		}
	} else if (s->role == ROLE_PARTNER) {
		/* A partner books for its own residents by default. */
		struct commune_row own;
		int k = commune_get(r->arena, s->commune_id, &own);
		if (k < 0)
			return page_unavailable(r);
		home = k ? own.insee : NULL;
	}
	if (f->nerrors)
		return render_book(r, &c, 422, NULL);
	switch (ants_check_people(r->arena, f, q.persons, (int)c.party, c.slot.site_id)) {
	case ANTS_CHECK_OK:
		break;
	case ANTS_CHECK_REFUSED:
		return render_book(r, &c, 422, NULL);
	case ANTS_CHECK_DOWN:
		return render_book(r, &c, 503, ants_down_message());
	}
	q.first_slot_id = c.slot.slot_id;
	q.procedure_id = c.proc.id;
	q.party = (int)c.party;
	q.level = c.level;
	q.channel = s->role == ROLE_PARTNER ? "partner" : str_eq(form_value(f, "canal"), "counter") ? "counter" : "phone";
	q.partner_commune_id = s->role == ROLE_PARTNER ? s->commune_id : 0;
	q.phone = form_value(f, "telephone");
	q.email = form_value(f, "email");
	q.home_insee = home;
	q.lang = r->lang;
	q.confirmed = true;
	q.ignore_notice = true;
	q.created_by_staff = s->id;
	struct staff_ctx ctx = { s, urgency, form_value(f, "detail_urgence") };
	q.before_commit = after_staff_booking;
	q.ctx = &ctx;
	struct booking_result res;
	switch (booking_create(r->arena, &q, &res)) {
	case BOOK_OK:
		log_info("booking %s made by staff %lld", res.ref, s->id);
		return resp_redirect(r, arena_printf(r->arena, "/agent/rdv/%s?nouveau=1", res.ref));
	case BOOK_GONE:
		return render_book(r, &c, 409, _("Ce créneau vient d'être pris ou le quota de ce niveau est atteint. Choisissez un autre horaire."));
	case BOOK_DUPLICATE:
		form_fail(f, arena_printf(r->arena, "nom_%d", res.dup_person + 1), _("Cette personne a déjà un rendez-vous."));
		return render_book(r, &c, 409, res.dup_ref[0]
			? arena_printf(r->arena, _("Cette personne a déjà un rendez-vous pour cette démarche (référence %s). Déplacez-le ou annulez-le plutôt que d'en prendre un second."), res.dup_ref)
			: _("La même personne figure deux fois dans la demande."));
	case BOOK_INVALID:
		return render_book(r, &c, 400, _("Ce créneau est passé ou hors de la période ouverte."));
	default:
		return page_unavailable(r);
	}
}

/* The booking of the URL, if the signed-in person may see it. */
static int load_scoped(struct request *r, const char *arg, struct booking_view *v)
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

/* Each declaration of the booking's numbers to ANTS, in words, and a
 * retry when the last change of a number failed (agents of the site). */
static bool ants_section(struct request *r, tpl_dict *d, const struct booking_view *v)
{
	struct ants_decl *dl;
	long n = ants_coord_list(r->arena, v->id, &dl);
	if (n < 0)
		return false;
	if (n == 0)
		return true;
	tpl_dict *x = tpl_section(d, "ANTS");
	bool failed = false;
	for (long i = 0; i < n; i++) {
		tpl_dict *row = tpl_section(x, "DECL");
		tpl_set(row, "NUMBER", dl[i].application_id);
		tpl_set(row, "OP", str_eq(dl[i].op, "create") ? _("déclaration") : _("retrait"));
		tpl_set(row, "WHEN", dl[i].appointment_date);
		const char *st = str_eq(dl[i].status, "done") ? _("fait")
			: str_eq(dl[i].status, "failed") ? _("échec")
			: _("en attente");
		tpl_set(row, "STATE", st);
		tpl_set_int(row, "ATTEMPTS", dl[i].attempts);
		if (dl[i].answer && *dl[i].answer && !str_eq(dl[i].status, "done"))
			tpl_set(tpl_section(row, "REASON"), "TEXT", dl[i].answer);
		if (dl[i].recheck)
			tpl_show(row, "RECHECK");
		if (str_eq(dl[i].status, "failed") && dl[i].latest)
			failed = true;
	}
	if (failed && me(r)->role != ROLE_PARTNER)
		tpl_show(x, "CAN_RETRY");
	return true;
}

static int render_booking(struct request *r, struct booking_view *v, int status, const char *alert)
{
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Rendez-vous %s"), v->ref));
	booking_fill(r, d, v);
	/* Words, not the stored codes. */
	tpl_set(d, "CHANNEL", label_of(v->channel));
	tpl_set(d, "LEVEL", label_of(v->level));
	tpl_set(d, "PHONE", v->phone);
	tpl_set(d, "EMAIL", v->email);
	tpl_set(d, "ATTENDANCE", label_of(v->attendance));
	if (!str_eq(v->level, "regular")) {
		const char *why, *detail, *by;
		time_t at;
		int k = urgency_of_booking(r->arena, v->id, &why, &detail, &by, &at);
		if (k < 0)
			return page_unavailable(r);
		if (k == 1) {
			tpl_dict *u = tpl_section(d, "URGENCY");
			char when[96];
			i18n_when(at, when, sizeof(when));
			tpl_set(u, "REASON", urgency_reason_label(why));
			tpl_set(u, "DETAIL", detail ? detail : "");
			tpl_set(u, "BY", by ? by : "");
			tpl_set(u, "AT", when);
		}
	}
	if (str_eq(req_arg(r, "nouveau"), "1"))
		tpl_show(d, "JUST_BOOKED");
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	bool active = str_eq(v->status, "confirmed");
	if (active && v->start > time(NULL))
		tpl_show(d, "CAN_CHANGE");
	if (active && me(r)->role != ROLE_PARTNER) {
		tpl_dict *c = tpl_section(d, "CHECKIN");
		char hm[32];
		struct { const char *key; time_t t; } st[] = {
			{ "ARRIVED", v->arrived }, { "STARTED", v->started }, { "FINISHED", v->finished } };
		for (size_t i = 0; i < ARRAY_LEN(st); i++)
			if (st[i].t) {
				i18n_time(st[i].t, hm, sizeof(hm));
				tpl_set(tpl_section(c, st[i].key), "AT", hm);
			} else
				tpl_show(c, arena_printf(r->arena, "CAN_%s", st[i].key));
		if (str_eq(v->attendance, "noshow"))
			tpl_show(c, "NOSHOW");
		else if (!v->arrived && v->start <= time(NULL))
			tpl_show(c, "CAN_NOSHOW");
		/* The site's own named steps, each timed. */
		struct checkin_step *steps;
		long ns = checkin_steps(r->arena, v->id, v->site_id, &steps);
		if (ns < 0) {
			tpl_free(d);
			return page_unavailable(r);
		}
		for (long i = 0; i < ns; i++) {
			tpl_dict *x = tpl_section(c, "STEP");
			tpl_set_int(x, "POSITION", steps[i].position);
			tpl_set(x, "NAME", steps[i].name);
			if (steps[i].at) {
				i18n_time(steps[i].at, hm, sizeof(hm));
				tpl_set(tpl_section(x, "DONE"), "AT", hm);
			} else
				tpl_show(x, "PENDING");
		}
	}
	if (!ants_section(r, d, v) || !agent_pickup_section(r, d, v) || !agent_noshow_section(r, d, v)) {
		tpl_free(d);
		return page_unavailable(r);
	}
	return page_render(r, d, "agent_booking", status);
}

int a_booking(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_scoped(r, args[0], &v);
	return st ? st : render_booking(r, &v, 200, NULL);
}

int a_convocation(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Convocation %s"), v.ref));
	booking_fill(r, d, &v);
	tpl_set(d, "MANAGE_URL", arena_printf(r->arena, "%s/gerer", agent_base_url()));
	return page_render(r, d, "agent_convocation", 200);
}

struct change_ctx { struct staff *s; const char *kind; const char *action; };

static bool after_change(void *p, struct arena *a, long long id)
{
	struct change_ctx *c = p;
	struct booking_view v;
	return booking_load(a, id, NULL, &v) && audit(a, c->s->id, v.commune_id, c->action, "booking", v.ref, NULL) &&
	       (!(v.phone || v.email) || outbox_booking(a, &v, c->kind, NULL, NULL, agent_base_url()));
}

int a_cancel(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	struct change_ctx c = { me(r), "cancelled", "cancel" };
	switch (booking_cancel(r->arena, v.id, "commune", false, after_change, &c)) {
	case BOOK_OK:
		return resp_redirect(r, arena_printf(r->arena, "/agent/rdv/%s", v.ref));
	case BOOK_STATE:
		return render_booking(r, &v, 409, _("Ce rendez-vous est déjà annulé."));
	default:
		return page_unavailable(r);
	}
}

int a_move_form(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	if (!str_eq(v.status, "confirmed"))
		return render_booking(r, &v, 409, _("Ce rendez-vous n'est plus actif."));
	int y, mo, d;
	dt_today_local(&y, &mo, &d);
	const char *j = req_arg(r, "jour");
	char ymd[11];
	if (j && *j && !(valid_date(j, ymd, sizeof(ymd)) && dt_parse_ymd(ymd, &y, &mo, &d)))
		return page_error(r, 400, _("Saisissez une date valide au format JJ/MM/AAAA."));
	struct staff_free *fr;
	size_t n = agenda_free(r->arena, v.commune_id, v.procedure_id, v.party, level_parse(v.level), y, mo, d, 200, &fr);
	tpl_dict *t = agent_page(r, arena_printf(r->arena, _("Déplacer le rendez-vous %s"), v.ref));
	booking_fill(r, t, &v);
	char label[64];
	i18n_date_ymd(y, mo, d, label, sizeof(label));
	tpl_set(t, "DAY_LABEL", label);
	tpl_setf(t, "DAY", "%04d-%02d-%02d", y, mo, d);
	for (size_t i = 0; i < n; i++) {
		char hm[32];
		i18n_time(fr[i].start, hm, sizeof(hm));
		tpl_dict *x = tpl_section(t, "FREE");
		tpl_set(x, "TIME", hm);
		tpl_set(x, "SITE", fr[i].site_name);
		tpl_set(x, "DEVICE", fr[i].device_name);
		tpl_set_int(x, "SLOT_ID", fr[i].slot_id);
	}
	if (n == 0)
		tpl_show(t, "NONE");
	return page_render(r, t, "agent_move", 200);
}

int a_move(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	long slot;
	struct slot_info si;
	if (!valid_int(req_form(r, "creneau"), 1, 2000000000, &slot) ||
	    !place_slot(r->arena, slot, v.procedure_id, &si))
		return render_booking(r, &v, 400, _("Choisissez un nouvel horaire dans la liste."));
	/* Moving stays within the booking's commune, whoever asks. */
	long long commune = site_commune(r->arena, si.site_id);
	if (commune < 0)
		return page_unavailable(r);
	if (commune != v.commune_id)
		return render_booking(r, &v, 400, _("Choisissez un nouvel horaire dans la liste."));
	struct change_ctx cc = { me(r), "moved", "move" };
	switch (booking_move(r->arena, v.id, slot, false, after_change, &cc)) {
	case BOOK_OK:
		return resp_redirect(r, arena_printf(r->arena, "/agent/rdv/%s", v.ref));
	case BOOK_GONE:
		return render_booking(r, &v, 409, _("Ce nouvel horaire vient d'être pris : le rendez-vous n'a pas changé."));
	case BOOK_STATE:
		return render_booking(r, &v, 409, _("Ce rendez-vous n'est plus actif."));
	case BOOK_INVALID:
		return render_booking(r, &v, 400, _("Cet horaire est passé : le rendez-vous n'a pas changé."));
	default:
		return page_unavailable(r);
	}
}

int a_checkin(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	if (!str_eq(v.status, "confirmed"))
		return render_booking(r, &v, 409, _("Ce rendez-vous n'est plus actif."));
	const char *step = req_form(r, "etape");
	switch (checkin_apply(r->arena, me(r)->id, &v, step, agent_base_url())) {
	case CHECKIN_OK:
		/* A filing just finished: on to its pickup's proposal. */
		if (str_eq(step, "finished") && booking_load(r->arena, v.id, NULL, &v) && pickup_due(r->arena, &v) > 0)
			return resp_redirect(r, arena_printf(r->arena, "/agent/rdv/%s/retrait", v.ref));
		return resp_redirect(r, arena_printf(r->arena, "/agent/rdv/%s", v.ref));
	case CHECKIN_ARRIVED:
		return render_booking(r, &v, 409, _("Cette personne est arrivée : elle ne peut pas être notée absente."));
	case CHECKIN_TOO_EARLY:
		return render_booking(r, &v, 409, _("Le rendez-vous n'a pas encore commencé : une absence se note à partir de son heure."));
	case CHECKIN_UNKNOWN_STEP:
		return render_booking(r, &v, 400, _("Choisissez une étape du pointage."));
	default:
		return page_unavailable(r);
	}
}

int a_bookings(struct request *r, char **args)
{
	(void)args;
	struct scope sc = scope_of(me(r));
	struct agenda_line *l;
	long n = agenda_upcoming(r->arena, &sc, 200, &l);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *t = agent_page(r, _("Rendez-vous à venir"));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(t, "ROW");
		char when[100];
		i18n_when(l[i].start, when, sizeof(when));
		tpl_set(x, "REF", l[i].ref);
		tpl_set(x, "WHEN", when);
		tpl_set(x, "PROCEDURE", l[i].procedure);
		tpl_set(x, "COMMUNE", l[i].commune);
		tpl_set(x, "SITE", l[i].site);
		tpl_set(x, "PERSONS", l[i].persons);
	}
	if (n == 0)
		tpl_show(t, "NONE");
	return page_render(r, t, "agent_bookings", 200);
}

/* The failed declarations of a booking's numbers go to ANTS again. */
int a_ants_retry(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	if (me(r)->role == ROLE_PARTNER)
		return agent_forbidden(r);
	long long n = -1;
	if (db_begin()) {
		n = ants_coord_retry(r->arena, v.id);
		if (n < 0 || !audit(r->arena, me(r)->id, v.commune_id, "ants_retry", "booking", v.ref,
				    arena_printf(r->arena, "%lld", n)) || !db_commit()) {
			db_rollback();
			n = -1;
		}
	}
	if (n < 0)
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/rdv/%s?ants=1", v.ref));
}
