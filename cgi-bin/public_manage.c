/* public_manage.c — step 7: the person's own page (signed link), the
 * printable convocation, cancelling, moving, and finding an appointment
 * again with its reference and contact (a new code is sent). */
#include "agenda.h"
#include "booking.h"
#include "booking_tpl.h"
#include "catalog.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "otp.h"
#include "outbox.h"
#include "page.h"
#include "pickup.h"
#include "place.h"
#include "public.h"
#include "ratelimit.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENDS_PER_HOUR 3

/* The booking named by the URL if the manage token (?t=) matches. */
static bool load_managed(struct request *r, const char *ref_arg, struct booking_view *v)
{
	char ref[9];
	return valid_ref(ref_arg, ref, sizeof(ref)) && booking_load(r->arena, 0, ref, v) &&
	       booking_token_ok(v, "manage", req_param(r, "t"));
}

static int bad_link(struct request *r)
{
	return page_error(r, 404, _("Ce lien n'est pas valable. Retrouvez votre rendez-vous avec sa référence depuis « Gérer mon rendez-vous »."));
}

static bool can_change(const struct booking_view *v)
{
	return str_eq(v->status, "confirmed") &&
	       time(NULL) <= v->start - (time_t)v->cancel_limit_hours * 3600;
}

static int render_booking(struct request *r, const struct booking_view *v, int status, const char *alert)
{
	tpl_dict *d = page_new(r, arena_printf(r->arena, _("Votre rendez-vous %s"), v->ref));
	booking_fill(r, d, v);
	tpl_set(d, "TOKEN", req_param(r, "t"));
	if (str_eq(req_arg(r, "confirme"), "1"))
		tpl_show(d, "JUST_CONFIRMED");
	if (str_eq(req_arg(r, "deplace"), "1"))
		tpl_show(d, "JUST_MOVED");
	if (str_eq(req_arg(r, "annule"), "1"))
		tpl_show(d, "JUST_CANCELLED");
	if (can_change(v))
		tpl_show(d, "CAN_CHANGE");
	else if (str_eq(v->status, "confirmed") && v->start > time(NULL)) {
		unsigned long h = (unsigned long)v->cancel_limit_hours;
		tpl_setf(tpl_section(d, "TOO_LATE"), "MESSAGE",
			 P_("Ce rendez-vous ne peut plus être modifié en ligne moins de %lu heure avant l'horaire : contactez la mairie.",
			    "Ce rendez-vous ne peut plus être modifié en ligne moins de %lu heures avant l'horaire : contactez la mairie.", h), h);
	}
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	/* A pickup says so, and when the application was filed. */
	if (str_eq(v->procedure_code, PICKUP_PROCEDURE)) {
		tpl_dict *p = tpl_section(d, "IS_PICKUP");
		struct pickup_link l;
		if (!pickup_link_of(r->arena, v->id, &l)) {
			tpl_free(d);
			return page_unavailable(r);
		}
		if (l.filing_id) {
			char when[100];
			i18n_date(l.filing_start, when, sizeof(when));
			tpl_set(tpl_section(p, "FILED"), "WHEN", when);
		}
	}
	return page_render(r, d, "booking", status);
}

int h_booking(struct request *r, char **args)
{
	struct booking_view v;
	if (!load_managed(r, args[0], &v))
		return bad_link(r);
	return render_booking(r, &v, 200, NULL);
}

int h_convocation(struct request *r, char **args)
{
	struct booking_view v;
	if (!load_managed(r, args[0], &v))
		return bad_link(r);
	if (!str_eq(v.status, "confirmed"))
		return page_error(r, 410, _("Ce rendez-vous n'est plus actif : il n'y a pas de convocation à imprimer."));
	tpl_dict *d = page_new(r, arena_printf(r->arena, _("Convocation %s"), v.ref));
	booking_fill(r, d, &v);
	tpl_set(d, "TOKEN", req_param(r, "t"));
	tpl_set(d, "MANAGE_URL", arena_printf(r->arena, "%s/gerer", pub_base_url()));
	return page_render(r, d, "convocation", 200);
}

struct msg_ctx { const char *kind; };

/* Queues the person's message inside the change's transaction. */
static bool queue_message(void *p, struct arena *a, long long id)
{
	struct msg_ctx *c = p;
	struct booking_view v;
	return booking_load(a, id, NULL, &v) && outbox_booking(a, &v, c->kind, NULL, NULL, pub_base_url());
}

int h_cancel(struct request *r, char **args)
{
	struct booking_view v;
	if (!load_managed(r, args[0], &v))
		return bad_link(r);
	struct msg_ctx mc = { "cancelled" };
	switch (booking_cancel(r->arena, v.id, "person", true, queue_message, &mc)) {
	case BOOK_OK:
		log_info("booking %s cancelled by the person", v.ref);
		return resp_redirect(r, arena_printf(r->arena, "/rdv/%s?t=%s&annule=1", v.ref, req_param(r, "t")));
	case BOOK_STATE:
		return render_booking(r, &v, 409, _("Ce rendez-vous est déjà annulé."));
	case BOOK_TOO_LATE:
		return render_booking(r, &v, 409, _("Il est trop tard pour annuler en ligne : contactez la mairie."));
	default:
		return page_unavailable(r);
	}
}

/* The move page's other places: the sites offering the procedure,
 * nearest to the booking's first, each with its earliest time, the one
 * shown marked. False on a database error. */
static bool other_sites(struct request *r, tpl_dict *t, const struct booking_view *v, long long shown)
{
	struct site_search ss = { .procedure = v->procedure_code, .lang = r->lang, .party = v->party,
				  .located = v->lat != 0 || v->lon != 0, .lat = v->lat, .lon = v->lon, .max = 8 };
	if (!place_search(r->arena, &ss))
		return false;
	for (size_t i = 0; i < ss.nhits; i++) {
		const struct site_hit *h = &ss.hits[i];
		tpl_dict *x = tpl_section(t, "PLACE");
		tpl_set(x, "NAME", h->name);
		tpl_set(x, "CITY", h->city);
		if (h->site_id == shown) {
			tpl_show(x, "SHOWN");
			continue;
		}
		tpl_set(tpl_section(x, "LINK"), "URL", arena_printf(r->arena, "/rdv/%s/deplacer?t=%s&lieu=%lld", v->ref,
								    req_param(r, "t"), h->site_id));
		if (h->has_free) {
			char date[64], hm[32];
			i18n_date(h->earliest, date, sizeof(date));
			i18n_time(h->earliest, hm, sizeof(hm));
			tpl_set(x, "EARLIEST", arena_printf(r->arena, _("premier créneau le %s à %s"), date, hm));
		} else
			tpl_set(x, "EARLIEST", _("aucun créneau libre pour l'instant"));
	}
	if (shown != v->site_id) {
		const struct cat_site *cs = catalog_site(catalog_cached(), shown);
		tpl_set(tpl_section(t, "ELSEWHERE"), "NAME", cs ? cs->name : "");
	}
	return true;
}

int h_move_form(struct request *r, char **args)
{
	struct booking_view v;
	if (!load_managed(r, args[0], &v))
		return bad_link(r);
	if (!can_change(&v))
		return render_booking(r, &v, 409, _("Ce rendez-vous ne peut plus être déplacé en ligne."));
	struct form f;
	form_init(&f, r);
	static const struct field_spec fields[] = { { "jour", F_DATE, false, 0, 0 } };
	form_check_all(&f, fields, 1);
	int y, mo, d;
	dt_today_local(&y, &mo, &d);
	if (form_value(&f, "jour")) {
		int jy, jm, jd;
		dt_parse_ymd(form_value(&f, "jour"), &jy, &jm, &jd);
		if (dt_days_between(y, mo, d, jy, jm, jd) >= 0 && dt_days_between(y, mo, d, jy, jm, jd) <= 90) {
			y = jy; mo = jm; d = jd;
		} else
			form_fail(&f, "jour", _("Choisissez un jour à venir, dans les 90 prochains jours."));
	}
	/* Another site: any active one offering the procedure (the person
	 * may move anywhere on the platform); the booking's own by default. */
	long long site = v.site_id;
	const char *lieu = req_arg(r, "lieu");
	if (lieu && *lieu) {
		char *end;
		long long want = strtoll(lieu, &end, 10);
		const struct cat_site *cs = *end ? NULL : catalog_site(catalog_cached(), want);
		if (cs && cs->active)
			site = want;
		else
			form_fail(&f, "jour", _("Ce lieu n'existe pas ou ne prend plus de rendez-vous : choisissez-en un dans la liste."));
	}
	/* A fortnight of days from the chosen one, then the free times of the
	 * chosen day (the first day with room by default). */
	bool has[14];
	place_free_days(r->arena, site, v.procedure_id, v.party, y, mo, d, 14, has);
	tpl_dict *t = page_new(r, _("Déplacer votre rendez-vous"));
	booking_fill(r, t, &v);
	form_fill(&f, t);
	tpl_set(t, "TOKEN", req_param(r, "t"));
	const char *at = site == v.site_id ? "" : arena_printf(r->arena, "&lieu=%lld", site);
	if (!other_sites(r, t, &v, site))
		return page_unavailable(r);
	int cy = 0, cm = 0, cd = 0;
	for (int i = 0; i < 14; i++) {
		int yy = y, mm = mo, dd = d;
		dt_add_days(&yy, &mm, &dd, i);
		char label[64];
		i18n_date_short_ymd(yy, mm, dd, label, sizeof(label));
		tpl_dict *s = tpl_section(t, "DAY");
		tpl_set(s, "LABEL", label);
		tpl_set(s, "URL", arena_printf(r->arena, "/rdv/%s/deplacer?t=%s%s&jour=%04d-%02d-%02d",
					       v.ref, req_param(r, "t"), at, yy, mm, dd));
		tpl_show(s, has[i] ? "OPEN" : place_day_closed(site, v.procedure_id, yy, mm, dd) ? "CLOSED" : "FULL");
		if (has[i] && !cy) {
			cy = yy; cm = mm; cd = dd;
			tpl_show(s, "CURRENT");
		}
	}
	int ny = y, nm = mo, nd = d;
	dt_add_days(&ny, &nm, &nd, 14);
	tpl_set(t, "NEXT_URL", arena_printf(r->arena, "/rdv/%s/deplacer?t=%s%s&jour=%04d-%02d-%02d",
					    v.ref, req_param(r, "t"), at, ny, nm, nd));
	struct free_time *ft = NULL;
	size_t n = cy ? place_free_times(r->arena, site, v.procedure_id, v.party, cy, cm, cd, &ft) : 0;
	if (cy) {
		char label[64];
		i18n_date_ymd(cy, cm, cd, label, sizeof(label));
		tpl_set(t, "DAY_LABEL", label);
		tpl_show(t, "HAS_DAY");
	} else
		tpl_show(t, "NO_DAY");
	for (size_t i = 0; i < n; i++) {
		char hm[32];
		i18n_time(ft[i].start, hm, sizeof(hm));
		tpl_dict *s = tpl_section(t, "TIME");
		tpl_set(s, "LABEL", hm);
		tpl_set_int(s, "SLOT_ID", ft[i].slot_id);
	}
	return page_render(r, t, "move", f.nerrors ? 400 : 200);
}

int h_move_post(struct request *r, char **args)
{
	struct booking_view v;
	if (!load_managed(r, args[0], &v))
		return bad_link(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fields[] = { { "creneau", F_INT, true, 1, 9000000000000000000L } };
	if (!form_check_all(&f, fields, 1))
		return render_booking(r, &v, 400, _("Choisissez un nouvel horaire dans la liste."));
	struct slot_info si;
	/* Any site that offers the procedure: the new time is taken before
	 * the old one is freed, wherever it is. */
	if (!place_slot(r->arena, form_int(&f, "creneau", 0), v.procedure_id, &si) || !si.offered)
		return render_booking(r, &v, 400, _("Cet horaire n'existe pas pour cette démarche. Choisissez un nouvel horaire dans la liste."));
	struct msg_ctx mc = { "moved" };
	switch (booking_move(r->arena, v.id, si.slot_id, true, queue_message, &mc)) {
	case BOOK_OK:
		log_info("booking %s moved by the person", v.ref);
		return resp_redirect(r, arena_printf(r->arena, "/rdv/%s?t=%s&deplace=1", v.ref, req_param(r, "t")));
	case BOOK_GONE:
		return render_booking(r, &v, 409, _("Ce nouvel horaire vient d'être pris : votre rendez-vous n'a pas changé. Choisissez un autre horaire."));
	case BOOK_INVALID:
		return render_booking(r, &v, 400, _("Cet horaire n'est pas ouvert à la réservation en ligne : votre rendez-vous n'a pas changé."));
	case BOOK_STATE:
		return render_booking(r, &v, 409, _("Ce rendez-vous n'est plus actif."));
	case BOOK_TOO_LATE:
		return render_booking(r, &v, 409, _("Il est trop tard pour déplacer ce rendez-vous en ligne : contactez la mairie."));
	default:
		return page_unavailable(r);
	}
}

static const struct field_spec find_fields[] = {
	{ "reference", F_REF, true, 0, 0 },
	{ "contact", F_TEXT, true, 0, 254 },
};

static int render_find(struct request *r, struct form *f, int status)
{
	tpl_dict *d = page_new(r, _("Gérer mon rendez-vous"));
	if (f)
		form_fill(f, d);
	return page_render(r, d, "manage_find", status);
}

int h_manage_find(struct request *r, char **args)
{
	(void)args;
	return render_find(r, NULL, 200);
}

int h_manage_find_post(struct request *r, char **args)
{
	(void)args;
	struct form f;
	form_init(&f, r);
	if (!form_check_all(&f, find_fields, ARRAY_LEN(find_fields)))
		return render_find(r, &f, 422);
	char phone[20], email[255];
	const char *typed = form_value(&f, "contact");
	bool is_phone = valid_phone(typed, phone, sizeof(phone));
	bool is_email = !is_phone && valid_email(typed, email, sizeof(email));
	if (!is_phone && !is_email) {
		form_fail(&f, "contact", _("Saisissez le numéro de portable ou l'adresse électronique donnés lors de la réservation."));
		return render_find(r, &f, 422);
	}
	const char *contact = is_phone ? phone : email;
	if (!ratelimit_ok(r->arena, "code_send", contact, 3600, SENDS_PER_HOUR)) {
		form_fail(&f, "contact", _("Trop de codes ont été envoyés à ce contact. Réessayez dans une heure."));
		return render_find(r, &f, 429);
	}
	/* Whether or not they match, the answer is the same page: nobody can
	 * learn which references exist. A code goes out only on a match. */
	struct booking_view v;
	const char *ref = form_value(&f, "reference");
	if (booking_load(r->arena, 0, ref, &v) && str_eq(v.status, "confirmed") &&
	    ((is_phone && str_eq(v.phone, phone)) || (is_email && v.email && strcasecmp(v.email, email) == 0))) {
		char code[7];
		if (!db_begin())
			return page_unavailable(r);
		if (!otp_issue(r->arena, v.id, "manage", code) ||
		    !outbox_booking(r->arena, &v, "code", code, is_phone ? "sms" : "email", pub_base_url()) ||
		    !db_commit()) {
			db_rollback();
			return page_unavailable(r);
		}
		ratelimit_hit(r->arena, "code_send", contact, 3600, SENDS_PER_HOUR + 1);
	}
	return resp_redirect(r, arena_printf(r->arena, "/gerer/%s/code", ref));
}

static int render_code(struct request *r, const char *ref, struct form *f, int status)
{
	tpl_dict *d = page_new(r, _("Saisissez votre code"));
	tpl_set(d, "REF", ref);
	if (f)
		form_fill(f, d);
	return page_render(r, d, "manage_code", status);
}

int h_manage_code(struct request *r, char **args)
{
	char ref[9];
	if (!valid_ref(args[0], ref, sizeof(ref)))
		return page_error(r, 404, _("Cette référence n'est pas valable."));
	return render_code(r, ref, NULL, 200);
}

int h_manage_code_post(struct request *r, char **args)
{
	char ref[9];
	if (!valid_ref(args[0], ref, sizeof(ref)))
		return page_error(r, 404, _("Cette référence n'est pas valable."));
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "code", F_CODE, true, 0, 0 } };
	if (!form_check_all(&f, fs, 1))
		return render_code(r, ref, &f, 422);
	if (!ratelimit_hit(r->arena, "code_try", r->remote_addr, 600, 30)) {
		form_fail(&f, "code", _("Trop d'essais depuis cette connexion. Patientez quelques minutes avant de réessayer."));
		return render_code(r, ref, &f, 429);
	}
	struct booking_view v;
	int left = 0;
	enum otp_status st = OTP_EXPIRED;
	if (booking_load(r->arena, 0, ref, &v))
		st = otp_verify(r->arena, v.id, "manage", form_value(&f, "code"), &left);
	switch (st) {
	case OTP_OK: {
		char tok[65];
		booking_token(&v, "manage", tok);
		return resp_redirect(r, arena_printf(r->arena, "/rdv/%s?t=%s", v.ref, tok));
	}
	case OTP_WRONG:
		form_fail(&f, "code", arena_printf(r->arena, P_("Ce code n'est pas le bon. Il vous reste %d essai.",
						 "Ce code n'est pas le bon. Il vous reste %d essais.", (unsigned long)left), left));
		return render_code(r, ref, &f, 422);
	case OTP_LOCKED:
		form_fail(&f, "code", _("Trop d'essais avec ce code : demandez un nouveau code."));
		return render_code(r, ref, &f, 429);
	case OTP_ERROR:
		return page_unavailable(r);
	default:
		form_fail(&f, "code", _("Ce code n'est pas valable ou a expiré : vérifiez la référence ou demandez un nouveau code."));
		return render_code(r, ref, &f, 422);
	}
}

/* A cancellation by the commune (closure, outage) sends a link here: the
 * next free times nearby, and one button to take one with the same people
 * and contact. The link's token proves the person got the message. */
static int load_rebook(struct request *r, const char *ref_arg, struct booking_view *v)
{
	char ref[9];
	if (!valid_ref(ref_arg, ref, sizeof(ref)) || !booking_load(r->arena, 0, ref, v) ||
	    !booking_token_ok(v, "rebook", req_param(r, "t")))
		return bad_link(r);
	return 0;
}

int h_rebook_form(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_rebook(r, args[0], &v);
	if (st)
		return st;
	tpl_dict *d = page_new(r, _("Reprendre un rendez-vous"));
	booking_fill(r, d, &v);
	tpl_set(d, "TOKEN", req_param(r, "t"));
	/* The next free times in the same commune, over the next weeks, from
	 * the commune's minimum notice on (the engine refuses earlier ones). */
	struct db_res c;
	db_exec(r->arena, &c, "SELECT min_notice_hours FROM communes WHERE id = ?", "i", v.commune_id);
	time_t first = time(NULL) + (time_t)db_int(&c, 0, 0) * 3600;
	int y, mo, dd;
	dt_today_local(&y, &mo, &dd);
	struct staff_free pick[12];
	size_t shown = 0;
	for (int i = 0; i < 60 && shown < 12; i++) {
		int yy = y, mm = mo, d2 = dd;
		dt_add_days(&yy, &mm, &d2, i);
		struct staff_free *fr;
		size_t n = agenda_free(r->arena, v.commune_id, v.procedure_id, v.party, LEVEL_REGULAR, yy, mm, d2, 12, &fr);
		for (size_t k = 0; k < n && shown < 12; k++)
			if (fr[k].start >= first)
				pick[shown++] = fr[k];
	}
	for (size_t k = 0; k < shown; k++) {
		char date[64], hm[32];
		i18n_date(pick[k].start, date, sizeof(date));
		i18n_time(pick[k].start, hm, sizeof(hm));
		/* Two lines alike (same time, same site) are told apart by their
		 * device. */
		bool twin = false;
		for (size_t j = 0; j < shown; j++)
			twin |= j != k && pick[j].start == pick[k].start && pick[j].site_id == pick[k].site_id;
		tpl_dict *x = tpl_section(d, "FREE");
		if (twin)
			tpl_setf(x, "LABEL", "%s %s %s — %s (%s)", date, _("à"), hm, pick[k].site_name, pick[k].device_name);
		else
			tpl_setf(x, "LABEL", "%s %s %s — %s", date, _("à"), hm, pick[k].site_name);
		tpl_set_int(x, "SLOT_ID", pick[k].slot_id);
	}
	if (!shown)
		tpl_show(d, "NONE");
	return page_render(r, d, "rebook", 200);
}

int h_rebook_post(struct request *r, char **args)
{
	struct booking_view v;
	int st = load_rebook(r, args[0], &v);
	if (st)
		return st;
	long slot;
	if (!valid_int(req_form(r, "creneau"), 1, 2000000000, &slot))
		return page_error(r, 400, _("Choisissez un nouvel horaire dans la liste."));
	struct booking_request q;
	memset(&q, 0, sizeof(q));
	q.first_slot_id = slot;
	q.procedure_id = v.procedure_id;
	q.party = v.party;
	q.level = LEVEL_REGULAR;
	q.channel = "web";
	for (int i = 0; i < v.npersons && i < MAX_PARTY; i++)
		q.persons[i] = v.persons[i];
	q.phone = v.phone;
	q.email = v.email;
	q.home_insee = v.home_insee;
	q.lang = r->lang;
	q.confirmed = true;     /* the link came to the person's own contact */
	struct msg_ctx mc = { "confirmed" };
	q.before_commit = queue_message;
	q.ctx = &mc;
	struct booking_result res;
	switch (booking_create(r->arena, &q, &res)) {
	case BOOK_OK: {
		char tok[65];
		booking_token(&res.view, "manage", tok);
		return resp_redirect(r, arena_printf(r->arena, "/rdv/%s?t=%s&confirme=1", res.view.ref, tok));
	}
	case BOOK_GONE:
		return page_error(r, 409, _("Ce nouvel horaire vient d'être pris. Revenez à la page précédente pour en choisir un autre."));
	case BOOK_DUPLICATE:
		return page_error(r, 409, _("Un nouveau rendez-vous a déjà été pris pour cette démarche. Retrouvez-le depuis « Gérer mon rendez-vous »."));
	case BOOK_INVALID:
		return page_error(r, 400, _("Cet horaire n'est pas ouvert à la réservation. Choisissez-en un autre."));
	default:
		return page_unavailable(r);
	}
}
