/* public_book.c — steps 4 to 6 of the journey: the people and the contact,
 * the hold while a one-time code goes out, and the confirmation. */
#include "ants_check.h"
#include "booking.h"
#include "booking_head.h"
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
#include "people.h"
#include "place.h"
#include "public.h"
#include "ratelimit.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* At most 3 codes an hour to one contact; at most 30 failed code tries in
 * 10 minutes from one address (each code also dies after 5 wrong tries). */
#define SENDS_PER_HOUR 3
#define TRIES_PER_WINDOW 30
#define TRIES_WINDOW 600
/* Other times offered when the chosen one was just taken. */
#define OTHER_TIMES 6
#define OTHER_DAYS 14

static const struct field_spec head_fields[] = {
	{ "creneau", F_INT, true, 1, 9000000000000000000L },
	{ "procedure", F_TEXT, true, 0, 20 },
	{ "personnes", F_INT, true, 1, 5 },
};

struct book_ctx {
	struct form f;
	struct procedure_info proc;
	struct slot_info slot;
	long party;
	struct commune_match *home_choices;   /* when the home commune is ambiguous */
	size_t nhome_choices;
	struct free_time *others;             /* when the slot was just taken, */
	size_t nothers;
	long long nearest;                    /* the one nearest to it */
	const char *resume_url;               /* the person's own unconfirmed hold */
};

/* Validates the hidden head of the form (slot, procedure, party): a
 * tampered value gets a 400 page, not the form. For the POST, h asks for
 * the rows booking_create() reads the run from, the home commune typed as
 * an INSEE code and the codes already sent to the contact; NULL for the
 * form. 0 when the head is good. */
static int load_head(struct request *r, struct book_ctx *c, struct booking_head *h)
{
	struct booking_head form_head;
	if (!h) {
		memset(&form_head, 0, sizeof(form_head));
		h = &form_head;
	}
	form_init(&c->f, r);
	if (form_check_all(&c->f, head_fields, ARRAY_LEN(head_fields))) {
		h->slot_id = form_int(&c->f, "creneau", 0);
		h->procedure = form_value(&c->f, "procedure");
		h->lang = r->lang;
		h->party = (int)form_int(&c->f, "personnes", 1);
		if (!booking_head_read(r->arena, h))
			return page_unavailable(r);
	}
	if (!h->found)
		return page_error(r, 400, _("Ce créneau n'existe pas ou ne correspond pas à la démarche choisie. Reprenez votre recherche."));
	c->proc = h->proc;
	c->slot = h->slot;
	c->party = h->party;
	if (c->party > c->proc.max_party)
		return page_error(r, 400, _("Le nombre de personnes dépasse ce que permet cette démarche."));
	return 0;
}

static int render_form(struct request *r, struct book_ctx *c, int status, const char *alert)
{
	char date[64], hm[32];
	i18n_date(c->slot.start, date, sizeof(date));
	i18n_time(c->slot.start, hm, sizeof(hm));
	tpl_dict *d = page_new(r, _("Vos informations"));
	tpl_set_int(d, "SLOT_ID", c->slot.slot_id);
	long hold = config_int("hold_minutes", 10);
	tpl_set(d, "HOLD_TEXT", arena_printf(r->arena, P_("L'horaire est réservé pour vous pendant %ld minute, le temps de saisir le code.",
							  "L'horaire est réservé pour vous pendant %ld minutes, le temps de saisir le code.",
							  (unsigned long)hold), hold));
	tpl_set(d, "PROCEDURE", c->proc.code);
	tpl_set(d, "PROCEDURE_NAME", c->proc.name);
	page_set_party(d, c->party);
	tpl_set(d, "DATE", date);
	tpl_set(d, "TIME", hm);
	tpl_set(d, "SITE_NAME", c->slot.site_name);
	tpl_set(d, "ADDRESS", c->slot.address);
	tpl_set(d, "POSTCODE", c->slot.postcode);
	tpl_set(d, "CITY", c->slot.city);
	tpl_set(d, "BACK_URL", arena_printf(r->arena, "/site/%lld?procedure=%s&personnes=%ld",
					    c->slot.site_id, c->proc.code, c->party));
	if (alert) {
		tpl_dict *al = tpl_section(d, "ALERT");
		tpl_set(al, "MESSAGE", alert);
		if (c->resume_url)
			tpl_set(tpl_section(al, "RESUME"), "URL", c->resume_url);
	}
	form_fill(&c->f, d);
	people_fill(r, d, &c->f, (int)c->party, c->proc.needs_predemande, _("La personne concernée"));

	for (size_t i = 0; i < c->nhome_choices; i++) {
		tpl_dict *h = tpl_section(d, "HOME_CHOICE");
		tpl_set(h, "INSEE", c->home_choices[i].insee);
		tpl_setf(h, "LABEL", "%s (%.5s)", c->home_choices[i].name,
			 *c->home_choices[i].postcodes ? c->home_choices[i].postcodes : c->home_choices[i].dept);
		tpl_set_int(h, "I", (long long)i);
	}
	if (c->nhome_choices)
		tpl_show(d, "HOME_CHOICES");
	const char *canal = form_typed(&c->f, "canal");
	tpl_show(d, str_eq(canal, "email") ? "CANAL_EMAIL" : "CANAL_SMS");

	/* The slot is a choice among other times, or the hidden one chosen. */
	tpl_show(d, c->nothers ? "SLOT_TAKEN" : "SLOT_CHOSEN");
	for (size_t i = 0; i < c->nothers; i++) {
		char od[64], ot[32];
		i18n_date(c->others[i].start, od, sizeof(od));
		i18n_time(c->others[i].start, ot, sizeof(ot));
		tpl_dict *o = tpl_section(d, "OTHER");
		tpl_set_int(o, "SLOT_ID", c->others[i].slot_id);
		tpl_set_int(o, "I", (long long)i);
		tpl_setf(o, "LABEL", "%s %s %s", od, _("à"), ot);
		if (c->others[i].slot_id == c->nearest)
			tpl_show(o, "CHECKED");
	}
	if (c->nothers)
		tpl_show(d, "OTHER_TIMES");
	return page_render(r, d, "book", status);
}

/* The person is held back by a request of their own not yet confirmed
 * (a code was sent): said plainly. The way back to it (enter the code,
 * or give it up) is offered only to the same contact, so that a stranger
 * who knows a name and a birth date cannot end someone else's request. */
static int render_own_hold(struct request *r, struct book_ctx *c, const struct booking_request *q,
                           const char *dup_ref, const char *who)
{
	struct booking_view v;
	if (!booking_load(r->arena, 0, dup_ref, &v))
		return db_failed() ? page_unavailable(r) : render_form(r, c, 409, NULL);
	bool same = (q->phone && v.phone && str_eq(q->phone, v.phone)) ||
		    (q->email && v.email && strcasecmp(q->email, v.email) == 0);
	if (same) {
		char tok[65];
		booking_token(&v, "hold", tok);
		c->resume_url = arena_printf(r->arena, "/confirmer/%s?h=%s&canal=%s", v.ref, tok,
					     q->phone && v.phone && str_eq(q->phone, v.phone) ? "sms" : "email");
	}
	long minutes = v.hold_expires > time(NULL) ? (long)((v.hold_expires - time(NULL) + 59) / 60) : 1;
	return render_form(r, c, 409, arena_printf(r->arena, same
		? P_("Une demande non confirmée est en cours pour %s : saisissez le code qui vous a été envoyé pour la confirmer, ou annulez-la pour en faire une autre. Sans code, elle prend fin dans %ld minute.",
		     "Une demande non confirmée est en cours pour %s : saisissez le code qui vous a été envoyé pour la confirmer, ou annulez-la pour en faire une autre. Sans code, elle prend fin dans %ld minutes.",
		     (unsigned long)minutes)
		: P_("Une demande non confirmée est en cours pour %s : elle attend le code envoyé au contact donné avec elle. Sans code, elle prend fin dans %ld minute ; vous pourrez alors réserver.",
		     "Une demande non confirmée est en cours pour %s : elle attend le code envoyé au contact donné avec elle. Sans code, elle prend fin dans %ld minutes ; vous pourrez alors réserver.",
		     (unsigned long)minutes), who, minutes));
}

/* The chosen slot was just taken: the free times of the same site nearest
 * to it, that day or else the next open day within two weeks, so that the
 * person picks one without typing the form again. */
static void find_other_times(struct request *r, struct book_ctx *c)
{
	struct tm lt;
	dt_utc_to_local(c->slot.start, &lt);
	int y = lt.tm_year + 1900, mo = lt.tm_mon + 1, d = lt.tm_mday;
	bool has[OTHER_DAYS];
	struct free_time *ft = NULL;
	size_t n = 0;
	if (!place_site_days(r->arena, c->slot.site_id, c->proc.id, (int)c->party, y, mo, d, OTHER_DAYS, has,
			     y, mo, d, &ft, &n))
		return;         /* the catalog changed meanwhile: the list is enough */
	for (int i = 1; n == 0 && i < OTHER_DAYS; i++)
		if (has[i]) {
			int ny = y, nm = mo, nd = d;
			dt_add_days(&ny, &nm, &nd, i);
			n = place_free_times(r->arena, c->slot.site_id, c->proc.id, (int)c->party, ny, nm, nd, &ft);
		}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (ft[i].slot_id != c->slot.slot_id)
			ft[k++] = ft[i];
	/* The times are in order: a window around the taken one, grown one
	 * time at a time on the nearer side (the earlier on a tie). */
	time_t target = c->slot.start;
	size_t lo = 0, hi;
	while (lo < k && ft[lo].start < target)
		lo++;
	hi = lo;
	while (hi - lo < OTHER_TIMES && (lo > 0 || hi < k)) {
		bool left = lo > 0 && (hi == k || difftime(target, ft[lo - 1].start) <= difftime(ft[hi].start, target));
		size_t i = left ? --lo : hi++;
		if (hi - lo == 1)
			c->nearest = ft[i].slot_id;
	}
	c->others = ft + lo;
	c->nothers = hi - lo;
}

/* 409: the slot was just taken; other times of the site are offered in
 * the same form, the values typed kept. */
static int render_taken(struct request *r, struct book_ctx *c)
{
	find_other_times(r, c);
	return render_form(r, c, 409, c->nothers
		? _("Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez un autre horaire ci-dessous : vos informations sont conservées.")
		: _("Ce créneau vient d'être réservé par quelqu'un d'autre. Revenez à la liste pour choisir un autre horaire."));
}

int h_book_form(struct request *r, char **args)
{
	(void)args;
	struct book_ctx c;
	memset(&c, 0, sizeof(c));
	int st = load_head(r, &c, NULL);
	if (st)
		return st;
	if (c.slot.free_regular <= 0 || c.slot.start <= time(NULL))
		return render_taken(r, &c);
	return render_form(r, &c, 200, NULL);
}

struct code_ctx {
	const char *canal;
	const char *contact_key;
	const struct booking_result *res;
	char code[7];
	bool sent;
};

/* Runs inside the booking transaction: the code, its message and the
 * count of codes sent to the contact are stored with the hold, or not at
 * all. */
static bool queue_code(void *p, struct arena *a, long long booking_id)
{
	struct code_ctx *c = p;
	if (!otp_issue_first(a, booking_id, "confirm", c->code) ||
	    !ratelimit_record(a, "code_send", c->contact_key))
		return false;
	c->sent = outbox_booking(a, &c->res->view, "code", c->code, c->canal, pub_base_url());
	return c->sent;
}

static const struct field_spec contact_fields[] = {
	{ "telephone", F_PHONE, false, 0, 0 },
	{ "email", F_EMAIL, false, 0, 0 },
	{ "canal", F_TEXT, false, 0, 10 },
	{ "domicile", F_TEXT, true, 0, 100 },
	{ "domicile_insee", F_TEXT, false, 0, 5 },
	{ "consentement", F_CHECK, true, 0, 0 },
};

/* The channel of the code: the one asked for, or the only contact given. */
static const char *pick_canal(const char *phone, const char *email, const char *asked)
{
	const char *canal = str_eq(asked, "email") ? "email" : "sms";
	if (str_eq(canal, "sms") && !phone && email)
		canal = "email";
	if (str_eq(canal, "email") && !email && phone)
		canal = "sms";
	return canal;
}

static bool five_digits(const char *s)
{
	if (!s || strlen(s) != 5)
		return false;
	for (int i = 0; i < 5; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int h_book_post(struct request *r, char **args)
{
	(void)args;
	struct book_ctx c;
	memset(&c, 0, sizeof(c));
	/* The contact and the home commune are read ahead (on a scratch form,
	 * so that the errors keep their order) for the head's statement. */
	struct form pre;
	form_init(&pre, r);
	form_check_all(&pre, contact_fields, ARRAY_LEN(contact_fields));
	const char *pre_phone = form_value(&pre, "telephone"), *pre_email = form_value(&pre, "email");
	const char *pre_key = str_eq(pick_canal(pre_phone, pre_email, form_value(&pre, "canal")), "sms") ? pre_phone : pre_email;
	char kh[65];
	struct booking_head x;
	memset(&x, 0, sizeof(x));
	x.with_run = true;
	x.sends_window = 3600;
	if (pre_key) {
		ratelimit_key(pre_key, kh);
		x.rate_key = kh;
	}
	const char *pre_insee = form_value(&pre, "domicile_insee");
	if (form_value(&pre, "domicile") && five_digits(pre_insee))
		x.insee = pre_insee;
	int st = load_head(r, &c, &x);
	if (st)
		return st;
	struct form *f = &c.f;
	struct booking_request q;
	memset(&q, 0, sizeof(q));
	people_check(f, (int)c.party, c.proc.needs_predemande, q.persons);

	form_check_all(f, contact_fields, ARRAY_LEN(contact_fields));
	/* Say what the box accepts, not only that it must be ticked. */
	if (form_error(f, "consentement"))
		form_fail(f, "consentement", _("Cochez la case pour accepter que la mairie utilise ces informations (noms, dates de naissance, contact) pour gérer ce rendez-vous, et pour rien d'autre. Sans cet accord, appelez la mairie : un agent prend le rendez-vous pour vous."));
	const char *phone = form_value(f, "telephone"), *email = form_value(f, "email");
	const char *canal = pick_canal(phone, email, form_value(f, "canal"));
	if (!phone && !email && !form_error(f, "telephone") && !form_error(f, "email"))
		form_fail(f, "telephone", _("Indiquez un numéro de portable ou une adresse électronique pour recevoir le code."));
	if (str_eq(canal, "sms") && phone && !phone_is_mobile(phone))
		form_fail(f, "telephone", _("Ce numéro ne peut pas recevoir de SMS : indiquez un portable, ou choisissez de recevoir le code par courriel."));

	/* The home commune: one match, or the one picked among several. A
	 * picked INSEE code that exists is that commune (the head read it). */
	const char *home = NULL;
	if (form_value(f, "domicile")) {
		struct commune_match *m;
		const char *q_insee = form_value(f, "domicile_insee");
		if (q_insee && x.insee_found && str_eq(q_insee, x.insee_found))
			home = q_insee;
		else {
			size_t n = q_insee ? place_resolve_insee(r->arena, q_insee, &m)
					   : place_resolve(r->arena, form_value(f, "domicile"), 8, &m);
			size_t at = q_insee ? n : place_pick(m, n, form_value(f, "domicile"));
			if (n == 1 || (q_insee && n > 0 && str_eq(m[0].insee, q_insee)))
				home = m[0].insee;
			else if (at < n)
				home = m[at].insee;
			else if (n == 0)
				form_fail(f, "domicile", _("Nous ne trouvons pas cette commune : vérifiez l'orthographe ou saisissez le code postal."));
			else {
				/* Several communes share the name or postcode: offer them. */
				form_fail(f, "domicile", _("Plusieurs communes correspondent : choisissez la vôtre dans la liste."));
				c.home_choices = m;
				c.nhome_choices = n;
			}
		}
	}
	if (f->nerrors)
		return render_form(r, &c, 422, NULL);

	const char *contact_key = str_eq(canal, "sms") ? phone : email;
	if (x.sends >= SENDS_PER_HOUR)
		return render_form(r, &c, 429, _("Trop de codes ont été envoyés à ce contact. Réessayez dans une heure."));
	/* Last, as it may wait for ANTS: the numbers checked nationally. */
	switch (ants_check_people(r->arena, f, q.persons, (int)c.party, c.slot.site_id)) {
	case ANTS_CHECK_OK:
		break;
	case ANTS_CHECK_REFUSED:
		return render_form(r, &c, 422, NULL);
	case ANTS_CHECK_DOWN:
		return render_form(r, &c, 503, ants_down_message());
	}

	q.first_slot_id = c.slot.slot_id;
	q.procedure_id = c.proc.id;
	q.party = (int)c.party;
	q.level = LEVEL_REGULAR;
	q.channel = "web";
	q.phone = phone;
	q.email = email;
	q.home_insee = home;
	q.lang = r->lang;
	q.hold_minutes = (int)config_int("hold_minutes", 10);
	struct booking_result res;
	struct code_ctx cc = { canal, contact_key, &res, "", false };
	q.before_commit = queue_code;
	q.ctx = &cc;
	q.run_rows = &x.run;
	switch (booking_create(r->arena, &q, &res)) {
	case BOOK_OK:
		break;
	case BOOK_GONE:
		if (res.no_room && c.party > 1) {
			find_other_times(r, &c);
			return render_form(r, &c, 409, arena_printf(r->arena,
				_("Il n'y a pas assez de place pour %ld personnes à cet horaire. Choisissez un autre horaire ci-dessous : vos informations sont conservées."),
				c.party));
		}
		return render_taken(r, &c);
	case BOOK_DUPLICATE: {
		const char *who = q.persons[res.dup_person].first_names;
		if (res.dup_held)
			return render_own_hold(r, &c, &q, res.dup_ref, who);
		form_fail(f, arena_printf(r->arena, "nom_%d", res.dup_person + 1),
			  _("Cette personne a déjà un rendez-vous."));
		return render_form(r, &c, 409, arena_printf(r->arena,
			_("%s a déjà un rendez-vous pour cette démarche dans une commune de la plateforme. Une seule demande par personne est possible : pour changer d'horaire ou de lieu, déplacez ou annulez d'abord le rendez-vous existant depuis « Gérer mon rendez-vous » (la référence figure dans le message de confirmation)."),
			who));
	}
	case BOOK_INVALID:
		return render_form(r, &c, 400, _("Ce créneau n'est pas ouvert à la réservation en ligne (trop proche ou trop lointain). Choisissez un autre horaire."));
	default:
		return page_unavailable(r);
	}
	char mask[64];
	log_info("booking %s held, code sent by %s to %s", res.ref, canal, log_mask_contact(contact_key, mask, sizeof(mask)));
	char tok[65];
	booking_token(&res.view, "hold", tok);
	return resp_redirect(r, arena_printf(r->arena, "/confirmer/%s?h=%s&canal=%s", res.ref, tok, canal));
}

/* The held booking named in the URL, if the hold token matches. */
static bool load_held(struct request *r, const char *ref_arg, struct booking_view *v)
{
	char ref[9];
	return valid_ref(ref_arg, ref, sizeof(ref)) && booking_load(r->arena, 0, ref, v) &&
	       booking_token_ok(v, "hold", req_param(r, "h"));
}

static const char *masked_contact(struct request *r, const struct booking_view *v, const char *canal)
{
	char m[64];
	const char *c = (str_eq(canal, "email") && v->email) || !v->phone ? v->email : v->phone;
	return arena_strdup(r->arena, log_mask_contact(c, m, sizeof(m)));
}

static int render_confirm(struct request *r, const struct booking_view *v, struct form *f,
                          int status, const char *alert)
{
	const char *canal = str_eq(req_param(r, "canal"), "email") ? "email" : "sms";
	tpl_dict *d = page_new(r, _("Confirmez votre rendez-vous"));
	booking_fill(r, d, v);
	tpl_set(d, "HOLD_TOKEN", req_param(r, "h"));
	tpl_set(d, "CANAL", canal);
	tpl_set(d, "CONTACT", masked_contact(r, v, canal));
	tpl_show(d, str_eq(canal, "email") ? "BY_EMAIL" : "BY_SMS");
	long left = (long)(v->hold_expires - time(NULL)) / 60;
	if (left < 1)
		left = 1;
	tpl_setf(d, "MINUTES_LEFT_TEXT", P_("L'horaire reste réservé pendant encore %ld minute.",
					     "L'horaire reste réservé pendant encore %ld minutes.", (unsigned long)left), left);
	if (str_eq(req_arg(r, "renvoye"), "1"))
		tpl_show(d, "RESENT");
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (f)
		form_fill(f, d);
	return page_render(r, d, "confirm", status);
}

static int expired_page(struct request *r)
{
	return page_error(r, 410, _("Le délai de confirmation est dépassé : le créneau a été libéré. Vous pouvez reprendre votre réservation depuis l'accueil."));
}

int h_confirm_form(struct request *r, char **args)
{
	struct booking_view v;
	if (!load_held(r, args[0], &v))
		return page_error(r, 404, _("Ce lien de confirmation n'est pas valable."));
	if (str_eq(v.status, "confirmed")) {
		char tok[65];
		booking_token(&v, "manage", tok);
		return resp_redirect(r, arena_printf(r->arena, "/rdv/%s?t=%s", v.ref, tok));
	}
	if (!str_eq(v.status, "held") || v.hold_expires <= time(NULL))
		return expired_page(r);
	return render_confirm(r, &v, NULL, 200, NULL);
}

int h_confirm_post(struct request *r, char **args)
{
	/* The booking and the failed tries of the address in one statement. */
	struct booking_view v;
	char ref[9], kh[65];
	long long tries = -1;
	ratelimit_key(r->remote_addr ? r->remote_addr : "", kh);
	if (!valid_ref(args[0], ref, sizeof(ref)) ||
	    !booking_load_counting(r->arena, ref, &v, "code_try", kh, TRIES_WINDOW, &tries) ||
	    !booking_token_ok(&v, "hold", req_param(r, "h")))
		return page_error(r, 404, _("Ce lien de confirmation n'est pas valable."));
	if (str_eq(v.status, "confirmed")) {
		char tok[65];
		booking_token(&v, "manage", tok);
		return resp_redirect(r, arena_printf(r->arena, "/rdv/%s?t=%s", v.ref, tok));
	}
	if (!str_eq(v.status, "held") || v.hold_expires <= time(NULL))
		return expired_page(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "code", F_CODE, true, 0, 0 } };
	if (!form_check_all(&f, fs, 1))
		return render_confirm(r, &v, &f, 422, NULL);
	if (tries >= TRIES_PER_WINDOW)     /* -1, unknown, lets through */
		return render_confirm(r, &v, NULL, 429, _("Trop d'essais depuis cette connexion. Patientez quelques minutes avant de réessayer."));
	/* One transaction: the code used (or the wrong try counted, for the
	 * code and for the address), the booking confirmed and its message
	 * queued. Only failed tries count against the address: a right code
	 * teaches a guesser nothing, and a town hall's desk confirming many
	 * bookings from one address must not be stopped. */
	enum otp_status os = OTP_ERROR;
	enum book_status bs = BOOK_ERROR;
	int left = 0;
	for (int attempt = 0; attempt < 3; attempt++) {
		if (!db_begin())
			return page_unavailable(r);
		os = OTP_ERROR;
		bs = BOOK_ERROR;
		/* Usually the right code of a live hold: one statement. */
		int done = booking_confirm_with_code(r->arena, &v, form_value(&f, "code"));
		if (done > 0) {
			os = OTP_OK;
			bs = BOOK_OK;
		} else if (done == 0)
			os = otp_use(r->arena, v.id, "confirm", form_value(&f, "code"), &left);
		bool ok = os != OTP_ERROR;
		if (ok && os != OTP_OK)
			ok = ratelimit_record(r->arena, "code_try", r->remote_addr);
		if (os == OTP_OK && bs != BOOK_OK)
			bs = booking_confirm(r->arena, &v);
		if (os == OTP_OK) {
			if (bs == BOOK_OK) {
				v.status = "confirmed";
				v.hold_expires = 0;
				ok = outbox_booking(r->arena, &v, "confirmed", NULL, NULL, pub_base_url());
			} else
				ok = bs == BOOK_EXPIRED;   /* the code is used all the same */
		}
		if (ok && db_commit())
			break;
		db_rollback();
		os = OTP_ERROR;
		if (!db_retryable())
			break;
	}
	switch (os) {
	case OTP_OK:
		break;
	case OTP_WRONG:
		form_fail(&f, "code", arena_printf(r->arena, P_("Ce code n'est pas le bon. Il vous reste %d essai.",
						 "Ce code n'est pas le bon. Il vous reste %d essais.", (unsigned long)left), left));
		return render_confirm(r, &v, &f, 422, NULL);
	case OTP_LOCKED:
		form_fail(&f, "code", _("Trop d'essais avec ce code : demandez un nouveau code."));
		return render_confirm(r, &v, &f, 429, NULL);
	case OTP_EXPIRED:
		form_fail(&f, "code", _("Ce code a expiré ou a déjà servi : demandez un nouveau code."));
		return render_confirm(r, &v, &f, 422, NULL);
	default:
		return page_unavailable(r);
	}
	if (bs != BOOK_OK)
		return bs == BOOK_EXPIRED ? expired_page(r) : page_unavailable(r);
	log_info("booking %s confirmed", v.ref);
	char tok[65];
	booking_token(&v, "manage", tok);
	return resp_redirect(r, arena_printf(r->arena, "/rdv/%s?t=%s&confirme=1", v.ref, tok));
}

/* "Annuler cette demande": the hold is given up, its places freed. */
int h_confirm_give_up(struct request *r, char **args)
{
	struct booking_view v;
	if (!load_held(r, args[0], &v))
		return page_error(r, 404, _("Ce lien de confirmation n'est pas valable."));
	switch (booking_give_up(r->arena, v.id)) {
	case BOOK_OK:
		break;
	case BOOK_STATE:
		return expired_page(r);
	default:
		return page_unavailable(r);
	}
	tpl_dict *d = page_new(r, _("Demande annulée"));
	return page_render(r, d, "given_up", 200);
}

int h_confirm_resend(struct request *r, char **args)
{
	struct booking_view v;
	if (!load_held(r, args[0], &v))
		return page_error(r, 404, _("Ce lien de confirmation n'est pas valable."));
	if (!str_eq(v.status, "held") || v.hold_expires <= time(NULL))
		return expired_page(r);
	const char *canal = str_eq(req_param(r, "canal"), "email") && v.email ? "email" : (v.phone ? "sms" : "email");
	const char *contact = str_eq(canal, "sms") ? v.phone : v.email;
	if (!ratelimit_hit(r->arena, "code_send", contact, 3600, SENDS_PER_HOUR))
		return render_confirm(r, &v, NULL, 429, _("Trop de codes ont été envoyés à ce contact. Réessayez dans une heure."));
	char code[7];
	if (!db_begin())
		return page_unavailable(r);
	if (!otp_issue(r->arena, v.id, "confirm", code) || !booking_extend_hold(r->arena, v.id, OTP_TTL) ||
	    !outbox_booking(r->arena, &v, "code", code, canal, pub_base_url()) || !db_commit()) {
		db_rollback();
		return page_unavailable(r);
	}
	return resp_redirect(r, arena_printf(r->arena, "/confirmer/%s?h=%s&canal=%s&renvoye=1",
					     v.ref, req_param(r, "h"), canal));
}
