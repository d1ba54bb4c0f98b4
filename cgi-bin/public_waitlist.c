/* public_waitlist.c — the waiting list for those whom no time fits: the
 * form to join it (from the search results or a site's page), the code
 * that confirms it, the entry's page (from which one leaves) and the page
 * of an offer (a freed time held for the person). */
#include "ants_check.h"
#include "booking.h"
#include "booking_tpl.h"
#include "config.h"
#include "datetime.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "people.h"
#include "place.h"
#include "public.h"
#include "ratelimit.h"
#include "validate.h"
#include "waitlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENDS_PER_HOUR 3
#define TRIES_PER_WINDOW 30
#define TRIES_WINDOW 600
/* How far ahead a window may end, and the default one. */
#define WINDOW_MAX_DAYS 365
#define WINDOW_DEFAULT_DAYS 30

static const struct field_spec head_fields[] = {
	{ "procedure", F_TEXT, true, 0, 20 },
	{ "personnes", F_INT, true, 1, 5 },
	{ "insee", F_TEXT, false, 0, 5 },
	{ "lat", F_TEXT, false, 0, 20 },
	{ "lon", F_TEXT, false, 0, 20 },
	{ "site", F_INT, false, 1, 1000000000 },
};

static const struct field_spec join_fields[] = {
	{ "mode", F_TEXT, false, 0, 10 },
	{ "rayon", F_INT, false, 1, 200 },
	{ "du", F_DATE, true, 0, 0 },
	{ "au", F_DATE, true, 0, 0 },
	{ "telephone", F_PHONE, false, 0, 0 },
	{ "email", F_EMAIL, false, 0, 0 },
	{ "canal", F_TEXT, false, 0, 10 },
	{ "consentement", F_CHECK, true, 0, 0 },
};

static const int radii[] = { 5, 10, 20, 30, 50 };

struct join_ctx {
	struct form f;
	struct site_search ss;
	long long origin_site;
	bool located;
	double lat, lon;
	const char *insee;
};

/* The head (procedure, party, where from) and the sites near it: a
 * tampered head is a 400 page, not the form. 0 when good. */
static int load_join(struct request *r, struct join_ctx *c)
{
	form_init(&c->f, r);
	if (!form_check_all(&c->f, head_fields, ARRAY_LEN(head_fields)))
		return page_error(r, 400, _("Cette démarche ou ce lieu n'existe pas. Reprenez votre recherche."));
	c->origin_site = form_int(&c->f, "site", 0);
	c->insee = form_value(&c->f, "insee");
	if (c->origin_site) {
		struct site_info si;
		if (!place_site(r->arena, c->origin_site, &si))
			return page_error(r, 404, _("Ce lieu de rendez-vous n'existe pas."));
		c->located = true;
		c->lat = si.lat;
		c->lon = si.lon;
	} else if (form_value(&c->f, "lat") && form_value(&c->f, "lon")) {
		c->located = valid_latlon(form_value(&c->f, "lat"), form_value(&c->f, "lon"), &c->lat, &c->lon);
	} else if (c->insee) {
		struct commune_match *m;
		if (place_resolve_insee(r->arena, c->insee, &m) == 1) {
			c->located = m[0].located;
			c->lat = m[0].lat;
			c->lon = m[0].lon;
		}
	}
	c->ss = (struct site_search){ .procedure = form_value(&c->f, "procedure"), .lang = r->lang,
				      .party = (int)form_int(&c->f, "personnes", 1), .located = c->located,
				      .lat = c->lat, .lon = c->lon, .max = WAITLIST_MAX_SITES };
	if (!place_search(r->arena, &c->ss))
		return page_unavailable(r);
	if (!c->ss.proc_found || c->ss.party > c->ss.proc.max_party)
		return page_error(r, 400, _("Cette démarche ou ce lieu n'existe pas. Reprenez votre recherche."));
	return 0;
}

static bool site_checked(struct request *r, const struct join_ctx *c, long long id)
{
	if (req_is_post(r))
		return str_eq(req_param(r, arena_printf(r->arena, "site_%lld", id)), "1");
	return id == c->origin_site;
}

static int render_join(struct request *r, struct join_ctx *c, int status, const char *alert)
{
	tpl_dict *d = page_new(r, _("S'inscrire sur la liste d'attente"));
	tpl_set(d, "PROCEDURE", c->ss.proc.code);
	tpl_set(d, "PROCEDURE_NAME", c->ss.proc.name);
	page_set_party(d, c->ss.party);
	if (c->origin_site)
		tpl_set_int(tpl_section(d, "ORIGIN_SITE"), "SITE", c->origin_site);
	if (c->insee)
		tpl_set(tpl_section(d, "ORIGIN_INSEE"), "INSEE", c->insee);
	else if (c->located && !c->origin_site) {
		tpl_dict *o = tpl_section(d, "ORIGIN_POINT");
		tpl_setf(o, "LAT", "%.5f", c->lat);
		tpl_setf(o, "LON", "%.5f", c->lon);
	}
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	form_fill(&c->f, d);
	/* Defaults of a new form: the window, the mode. */
	int y, m, dd;
	dt_today_local(&y, &m, &dd);
	if (!req_is_post(r)) {
		tpl_setf(d, "V_DU", "%02d/%02d/%04d", dd, m, y);
		int y2 = y, m2 = m, d2 = dd;
		dt_add_days(&y2, &m2, &d2, WINDOW_DEFAULT_DAYS);
		tpl_setf(d, "V_AU", "%02d/%02d/%04d", d2, m2, y2);
	}
	const char *mode = form_typed(&c->f, "mode");
	bool by_radius = c->located && (str_eq(mode, "rayon") || (!mode && !c->origin_site));
	tpl_show(d, by_radius ? "MODE_RAYON" : "MODE_LIEUX");
	if (c->located) {
		tpl_show(d, "CAN_RADIUS");
		long want = form_int(&c->f, "rayon", 20);
		for (size_t i = 0; i < ARRAY_LEN(radii); i++) {
			tpl_dict *o = tpl_section(d, "RADIUS");
			tpl_set_int(o, "KM", radii[i]);
			if (radii[i] == want)
				tpl_show(o, "SELECTED");
		}
	} else
		tpl_show(d, "NO_RADIUS");
	for (size_t i = 0; i < c->ss.nhits; i++) {
		const struct site_hit *h = &c->ss.hits[i];
		tpl_dict *s = tpl_section(d, "SITE");
		tpl_set_int(s, "ID", h->site_id);
		tpl_set(s, "NAME", h->name);
		tpl_set(s, "CITY", h->city);
		if (h->km >= 0)
			tpl_setf(tpl_section(s, "HAS_DISTANCE"), "KM", "%.0f", h->km);
		if (site_checked(r, c, h->site_id))
			tpl_show(s, "CHECKED");
	}
	people_fill(r, d, &c->f, c->ss.party, c->ss.proc.needs_predemande, _("La personne concernée"));
	tpl_show(d, str_eq(form_typed(&c->f, "canal"), "email") ? "CANAL_EMAIL" : "CANAL_SMS");
	return page_render(r, d, "waitlist_join", status);
}

int h_waitlist_form(struct request *r, char **args)
{
	(void)args;
	struct join_ctx c;
	memset(&c, 0, sizeof(c));
	int st = load_join(r, &c);
	return st ? st : render_join(r, &c, 200, NULL);
}

static const char *pick_canal(const char *phone, const char *email, const char *asked)
{
	const char *canal = str_eq(asked, "email") ? "email" : "sms";
	if (str_eq(canal, "sms") && !phone && email)
		canal = "email";
	if (str_eq(canal, "email") && !email && phone)
		canal = "sms";
	return canal;
}

/* The window's checks; the days as YYYY-MM-DD in the form's values. */
static void check_window(struct request *r, struct form *f)
{
	const char *du = form_value(f, "du"), *au = form_value(f, "au");
	int ty, tm, td, y, m, d;
	dt_today_local(&ty, &tm, &td);
	if (du && dt_parse_ymd(du, &y, &m, &d) && dt_days_between(ty, tm, td, y, m, d) < 0)
		form_fail(f, "du", _("La première date ne peut pas être passée."));
	if (au && dt_parse_ymd(au, &y, &m, &d)) {
		if (dt_days_between(ty, tm, td, y, m, d) > WINDOW_MAX_DAYS)
			form_fail(f, "au", arena_printf(r->arena, _("La dernière date doit être dans les %d jours qui viennent."),
							WINDOW_MAX_DAYS));
		else if (du && strcmp(au, du) < 0)
			form_fail(f, "au", _("La dernière date doit suivre la première."));
	}
}

int h_waitlist_post(struct request *r, char **args)
{
	(void)args;
	struct join_ctx c;
	memset(&c, 0, sizeof(c));
	int st = load_join(r, &c);
	if (st)
		return st;
	struct form *f = &c.f;
	struct waitlist_new n;
	memset(&n, 0, sizeof(n));
	people_check(f, c.ss.party, c.ss.proc.needs_predemande, n.persons);
	form_check_all(f, join_fields, ARRAY_LEN(join_fields));
	check_window(r, f);
	/* The sites: those ticked, or those within the distance chosen. */
	bool by_radius = str_eq(form_value(f, "mode"), "rayon") && c.located;
	n.radius_km = by_radius ? (int)form_int(f, "rayon", 20) : 0;
	for (size_t i = 0; i < c.ss.nhits && n.nsites < WAITLIST_MAX_SITES; i++) {
		const struct site_hit *h = &c.ss.hits[i];
		if (by_radius ? h->km >= 0 && h->km <= n.radius_km : site_checked(r, &c, h->site_id))
			n.site_ids[n.nsites++] = h->site_id;
	}
	if (n.nsites == 0)
		form_fail(f, by_radius ? "rayon" : "sites", by_radius
			  ? _("Aucun lieu de rendez-vous à cette distance : choisissez une distance plus grande ou cochez des lieux.")
			  : _("Cochez au moins un lieu de rendez-vous."));
	const char *phone = form_value(f, "telephone"), *email = form_value(f, "email");
	const char *canal = pick_canal(phone, email, form_value(f, "canal"));
	if (!phone && !email && !form_error(f, "telephone") && !form_error(f, "email"))
		form_fail(f, "telephone", _("Indiquez un numéro de portable ou une adresse électronique pour recevoir le code."));
	if (str_eq(canal, "sms") && phone && !phone_is_mobile(phone))
		form_fail(f, "telephone", _("Ce numéro ne peut pas recevoir de SMS : indiquez un portable, ou choisissez de recevoir le code par courriel."));
	if (f->nerrors)
		return render_join(r, &c, 422, NULL);
	const char *contact = str_eq(canal, "sms") ? phone : email;
	if (!ratelimit_ok(r->arena, "code_send", contact, 3600, SENDS_PER_HOUR))
		return render_join(r, &c, 429, _("Trop de codes ont été envoyés à ce contact. Réessayez dans une heure."));
	switch (ants_check_people(r->arena, f, n.persons, c.ss.party, n.site_ids[0])) {
	case ANTS_CHECK_OK:
		break;
	case ANTS_CHECK_REFUSED:
		return render_join(r, &c, 422, NULL);
	case ANTS_CHECK_DOWN:
		return render_join(r, &c, 503, ants_down_message());
	}
	n.procedure_id = c.ss.proc.id;
	n.party = c.ss.party;
	n.date_from = form_value(f, "du");
	n.date_to = form_value(f, "au");
	n.phone = phone;
	n.email = email;
	n.channel = canal;
	n.lang = r->lang;
	n.base_url = pub_base_url();
	struct waitlist_view v;
	char code[7];
	switch (waitlist_join(r->arena, &n, &v, code)) {
	case WAIT_OK:
		break;
	case WAIT_EXISTS:
		return render_join(r, &c, 409, _("Vous êtes déjà sur la liste d'attente pour cette démarche. Le lien de nos messages permet de voir votre inscription ou de la quitter."));
	case WAIT_TOO_MANY:
		return render_join(r, &c, 409, arena_printf(r->arena, _("Un même contact peut être inscrit au plus %d fois sur la liste d'attente."),
							   WAITLIST_PER_CONTACT));
	default:
		return page_unavailable(r);
	}
	char mask[64], tok[25];
	log_info("waiting list %s: code sent by %s to %s", v.ref, canal, log_mask_contact(contact, mask, sizeof(mask)));
	waitlist_token(&v, "code", tok);
	return resp_redirect(r, arena_printf(r->arena, "/liste/%s/code?h=%s", v.ref, tok));
}

/* The entry named in the URL, if the token of `purpose` in parameter
 * `param` matches. 0 when loaded, else the page's status. */
static int load_entry(struct request *r, const char *ref_arg, const char *purpose, const char *param,
                      struct waitlist_view *v)
{
	char ref[9];
	bool err = false;
	if (valid_ref(ref_arg, ref, sizeof(ref)) && waitlist_load(r->arena, ref, v, &err) &&
	    waitlist_token_ok(v, purpose, req_param(r, param)))
		return 0;
	if (err)
		return page_unavailable(r);
	return page_error(r, 404, _("Ce lien de la liste d'attente n'est pas valable."));
}

static int render_code(struct request *r, const struct waitlist_view *v, struct form *f, int status,
                       const char *alert)
{
	tpl_dict *d = page_new(r, _("Confirmez votre inscription"));
	char m[64];
	const char *c = str_eq(v->channel, "email") ? v->email : v->phone;
	tpl_set(d, "REF", v->ref);
	tpl_set(d, "CODE_TOKEN", req_param(r, "h"));
	tpl_set(d, "CONTACT", log_mask_contact(c, m, sizeof(m)));
	tpl_show(d, str_eq(v->channel, "email") ? "BY_EMAIL" : "BY_SMS");
	tpl_set(d, "PROCEDURE_NAME", v->procedure_name);
	page_set_party(d, v->party);
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (f)
		form_fill(f, d);
	return page_render(r, d, "waitlist_code", status);
}

static int entry_redirect(struct request *r, const struct waitlist_view *v, const char *extra)
{
	char tok[25];
	waitlist_token(v, "entry", tok);
	return resp_redirect(r, arena_printf(r->arena, "/liste/%s?t=%s%s", v->ref, tok, extra));
}

int h_waitlist_code(struct request *r, char **args)
{
	struct waitlist_view v;
	int st = load_entry(r, args[0], "code", "h", &v);
	if (st)
		return st;
	if (!str_eq(v.status, "pending_code"))
		return entry_redirect(r, &v, "");
	return render_code(r, &v, NULL, 200, NULL);
}

int h_waitlist_code_post(struct request *r, char **args)
{
	struct waitlist_view v;
	int st = load_entry(r, args[0], "code", "h", &v);
	if (st)
		return st;
	if (!str_eq(v.status, "pending_code"))
		return entry_redirect(r, &v, "");
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "code", F_CODE, true, 0, 0 } };
	if (!form_check_all(&f, fs, 1))
		return render_code(r, &v, &f, 422, NULL);
	if (!ratelimit_ok(r->arena, "code_try", r->remote_addr ? r->remote_addr : "", TRIES_WINDOW, TRIES_PER_WINDOW))
		return render_code(r, &v, NULL, 429, _("Trop d'essais depuis cette connexion. Patientez quelques minutes avant de réessayer."));
	int left = 0;
	switch (waitlist_confirm_code(r->arena, &v, form_value(&f, "code"), r->remote_addr, pub_base_url(), &left)) {
	case WCODE_OK:
		log_info("waiting list %s: joined", v.ref);
		return entry_redirect(r, &v, "&inscrit=1");
	case WCODE_WRONG:
		form_fail(&f, "code", arena_printf(r->arena, P_("Ce code n'est pas le bon. Il vous reste %d essai.",
						"Ce code n'est pas le bon. Il vous reste %d essais.", (unsigned long)left), left));
		return render_code(r, &v, &f, 422, NULL);
	case WCODE_LOCKED:
		form_fail(&f, "code", _("Trop d'essais avec ce code : recommencez l'inscription."));
		return render_code(r, &v, &f, 429, NULL);
	case WCODE_EXPIRED:
		form_fail(&f, "code", _("Ce code a expiré : recommencez l'inscription."));
		return render_code(r, &v, &f, 422, NULL);
	default:
		return page_unavailable(r);
	}
}

static void fill_entry(tpl_dict *d, const struct waitlist_view *v)
{
	tpl_set(d, "ENTRY_REF", v->ref);
	tpl_set(d, "PROCEDURE_NAME", v->procedure_name);
	page_set_party(d, v->party);
	int y, m, dd;
	char from[64], to[64];
	if (dt_parse_ymd(v->date_from, &y, &m, &dd))
		i18n_date_ymd(y, m, dd, from, sizeof(from));
	else
		snprintf(from, sizeof(from), "%s", v->date_from);
	if (dt_parse_ymd(v->date_to, &y, &m, &dd))
		i18n_date_ymd(y, m, dd, to, sizeof(to));
	else
		snprintf(to, sizeof(to), "%s", v->date_to);
	tpl_set(d, "FROM", from);
	tpl_set(d, "TO", to);
	for (int i = 0; i < v->nsites; i++)
		tpl_set(tpl_section(d, "SITE"), "NAME", v->site_names[i]);
	if (v->radius_km)
		tpl_setf(d, "RADIUS_TEXT", _("tous les lieux à moins de %d km"), v->radius_km);
	char tok[25];
	waitlist_token(v, "entry", tok);
	tpl_set(d, "ENTRY_TOKEN", tok);
}

int h_waitlist_entry(struct request *r, char **args)
{
	struct waitlist_view v;
	int st = load_entry(r, args[0], "entry", "t", &v);
	if (st)
		return st;
	tpl_dict *d = page_new(r, _("Votre inscription sur la liste d'attente"));
	fill_entry(d, &v);
	if (str_eq(req_arg(r, "inscrit"), "1") && str_eq(v.status, "active"))
		tpl_show(d, "JOINED");
	bool live = str_eq(v.status, "active") || str_eq(v.status, "offered") || str_eq(v.status, "pending_code");
	tpl_show(d, live ? "LIVE" : "ENDED");
	if (str_eq(v.status, "left"))
		tpl_show(d, "LEFT");
	else if (str_eq(v.status, "booked"))
		tpl_show(d, "BOOKED");
	else if (str_eq(v.status, "expired"))
		tpl_show(d, "EXPIRED");
	if (v.offer_id)
		tpl_set(tpl_section(d, "OFFER"), "OFFER_URL", waitlist_offer_url(r->arena, &v, v.offer_id, ""));
	tpl_setf(d, "OFFERS_TEXT", P_("Propositions reçues : %d sur %d.", "Propositions reçues : %d sur %d.",
				      (unsigned long)v.offers_made), v.offers_made, WAITLIST_MAX_OFFERS);
	return page_render(r, d, "waitlist_entry", 200);
}

int h_waitlist_leave(struct request *r, char **args)
{
	struct waitlist_view v;
	int st = load_entry(r, args[0], "entry", "t", &v);
	if (st)
		return st;
	bool ended;
	if (!waitlist_leave(r->arena, &v, &ended))
		return page_unavailable(r);
	if (!ended)
		log_info("waiting list %s: left", v.ref);
	return entry_redirect(r, &v, "");
}

/* The offer's id in the URL and its token. */
static int load_offer(struct request *r, char **args, struct waitlist_view *v, struct waitlist_offer *o)
{
	long id;
	if (!valid_int(args[1], 1, 9000000000000000000L, &id))
		return page_error(r, 404, _("Ce lien de la liste d'attente n'est pas valable."));
	int st = load_entry(r, args[0], arena_printf(r->arena, "offer:%ld", id), "t", v);
	if (st)
		return st;
	int k = waitlist_offer_get(r->arena, v, id, o);
	if (k < 0)
		return page_unavailable(r);
	if (k == 0)
		return page_error(r, 404, _("Ce lien de la liste d'attente n'est pas valable."));
	return 0;
}

/* The time went to someone else, or its hold ran out: said only to the
 * person who clicked, with the way back to the entry. */
static int offer_gone(struct request *r, const struct waitlist_view *v)
{
	tpl_dict *d = page_new(r, _("Ce créneau n'est plus disponible"));
	fill_entry(d, v);
	bool last = v->offers_made >= WAITLIST_MAX_OFFERS || str_eq(v->status, "expired");
	tpl_show(d, last ? "LAST" : "STAYS");
	return page_render(r, d, "waitlist_gone", 410);
}

static int manage_redirect(struct request *r, const struct booking_view *b, const char *extra)
{
	char tok[65];
	booking_token(b, "manage", tok);
	return resp_redirect(r, arena_printf(r->arena, "/rdv/%s?t=%s%s", b->ref, tok, extra));
}

static bool offer_live(const struct waitlist_offer *o)
{
	return str_eq(o->status, "offered") && str_eq(o->booking.status, "held") && o->booking.hold_expires > time(NULL);
}

int h_waitlist_offer(struct request *r, char **args)
{
	struct waitlist_view v;
	struct waitlist_offer o;
	int st = load_offer(r, args, &v, &o);
	if (st)
		return st;
	if (str_eq(o.status, "taken"))
		return manage_redirect(r, &o.booking, "");
	if (!offer_live(&o))
		return offer_gone(r, &v);
	tpl_dict *d = page_new(r, _("Un rendez-vous s'est libéré pour vous"));
	booking_fill(r, d, &o.booking);
	fill_entry(d, &v);
	char until[32];
	i18n_time(o.booking.hold_expires, until, sizeof(until));
	tpl_set(d, "UNTIL", until);
	tpl_set(d, "OFFER_TOKEN", req_param(r, "t"));
	tpl_set_int(d, "OFFER_ID", o.id);
	return page_render(r, d, "waitlist_offer", 200);
}

int h_waitlist_offer_post(struct request *r, char **args)
{
	struct waitlist_view v;
	struct waitlist_offer o;
	int st = load_offer(r, args, &v, &o);
	if (st)
		return st;
	if (str_eq(o.status, "taken"))
		return manage_redirect(r, &o.booking, "");
	if (!offer_live(&o))
		return offer_gone(r, &v);
	switch (waitlist_take(r->arena, &v, &o, pub_base_url())) {
	case WTAKE_OK:
		log_info("waiting list %s: offer taken, booking %s confirmed", v.ref, o.booking.ref);
		return manage_redirect(r, &o.booking, "&confirme=1");
	case WTAKE_GONE:
		return offer_gone(r, &v);
	default:
		return page_unavailable(r);
	}
}
