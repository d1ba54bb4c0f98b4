/* voice_call.c — the menus of a call: documents to bring, booking (the
 * hold confirmed by a code sent by SMS to the caller's mobile), and the
 * caller's own appointment (found by its reference typed on the keypad and
 * the booking's number, opened by a code sent to that number): hear it,
 * cancel it, move it. 0 reaches an agent from everywhere; three wrong or
 * missing answers in a row do too, as a person lost in menus needs one.
 *
 * The core does the work as for the web (booking.h, place.h, otp.h,
 * outbox.h), so capacity, quotas and the duplicate rule are the same. */
#include "voice.h"

#include "booking.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "otp.h"
#include "outbox.h"
#include "place.h"
#include "ratelimit.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRIES 3
#define KEY_WAIT_MS 5000
#define DIGITS_WAIT_MS 7000
#define SENDS_PER_HOUR 3     /* as the web: codes sent to one number */
#define OFFERS 12            /* sites heard at most, 3 at a time */
#define PER_PAGE 3

static const char *base_url(void)
{
	return config_get("public_base_url", "http://127.0.0.1");
}

void voice_release_hold(struct voice_call *c)
{
	if (!c->held_id)
		return;
	db_unit_begin();
	enum book_status st = booking_give_up(c->a, c->held_id);
	if (st != BOOK_OK && st != BOOK_STATE)
		log_error("voice: a hold could not be given up (it expires by itself)");
	c->held_id = 0;
}

static void transfer(struct voice_call *c)
{
	if (c->over)
		return;
	voice_release_hold(c);
	c->key = 0;
	voice_say(c, "transfer");
	/* The dialplan goes on after the AGI with this variable set (see
	 * conf/asterisk/extensions.conf). */
	agi_set_variable(&c->g, "CRENEAU_TRANSFER", c->transfer_to);
	c->transferred = true;
	c->over = true;
	log_info("voice: call transferred to an agent");
}

/* One key among `allowed`: the prompt (prompt(c, ctx)) then a wait. */
typedef void (*prompt_fn)(struct voice_call *c, const void *ctx);
static int ask_key(struct voice_call *c, const char *allowed, prompt_fn prompt, const void *ctx)
{
	for (int t = 0; t < TRIES && !c->over; t++) {
		/* A key pressed during what came before (the welcome, the
		 * documents) answers the first time: callers barge in. */
		if (t > 0)
			c->key = 0;
		prompt(c, ctx);
		if (c->over || c->g.dead) {
			c->over = true;
			return 0;
		}
		int k = c->key;
		if (!k)
			k = agi_wait_digit(&c->g, KEY_WAIT_MS);
		c->key = 0;
		if (k < 0) {
			c->over = true;
			return 0;
		}
		if (k == '0') {
			transfer(c);
			return 0;
		}
		if (k && strchr(allowed, k))
			return k;
		voice_say(c, k ? "invalid" : "no-input");
	}
	transfer(c);
	return 0;
}

static void say_one(struct voice_call *c, const void *ctx)
{
	voice_say(c, ctx);
}

/* Keys typed after a prompt: exactly n of them (n_alt too when not 0),
 * or none followed by # when may_be_empty. "0" alone is the agent.
 * False when the call is over. */
static bool ask_digits(struct voice_call *c, const char *prompt, int n, int n_alt, bool may_be_empty,
                       char *out, size_t outsz)
{
	for (int t = 0; t < TRIES && !c->over; t++) {
		if (c->key == '0') {
			transfer(c);
			return false;
		}
		c->key = 0;
		bool timeout;
		int max = n > n_alt ? n : n_alt;
		if (!agi_get_data(&c->g, voice_file(c, prompt), DIGITS_WAIT_MS, max, out, outsz, &timeout)) {
			c->over = true;
			return false;
		}
		size_t len = strlen(out);
		if (str_eq(out, "0")) {
			transfer(c);
			return false;
		}
		if ((int)len == n || (n_alt && (int)len == n_alt) || (may_be_empty && len == 0 && !timeout))
			return true;
		voice_say(c, len == 0 ? "no-input" : "invalid");
	}
	transfer(c);
	return false;
}

static void unavailable(struct voice_call *c)
{
	c->key = 0;
	voice_say(c, "unavailable");
	c->over = true;
}

/* ------------------------------------------------------------ procedures */

struct proc_menu {
	struct procedure_info *p;
	size_t n;
};

static void say_procedures(struct voice_call *c, const void *ctx)
{
	const struct proc_menu *m = ctx;
	voice_say(c, "choose-procedure");
	for (size_t i = 0; i < m->n; i++) {
		voice_say(c, "for");
		voice_say_text(c, m->p[i].name);
		voice_say(c, "press");
		voice_say_number(c, (int)i + 1);
	}
}

/* The procedure chosen; false when the call is over. */
static bool choose_procedure(struct voice_call *c, struct procedure_info *out)
{
	struct proc_menu m;
	db_unit_begin();
	m.n = place_procedures(c->a, c->lang, &m.p);
	if (db_failed() || m.n == 0) {
		unavailable(c);
		return false;
	}
	if (m.n > 8)
		m.n = 8;        /* keys 1-8; 9 and 0 keep their meaning */
	char allowed[10] = "";
	for (size_t i = 0; i < m.n; i++)
		allowed[i] = (char)('1' + i);
	int k = ask_key(c, allowed, say_procedures, &m);
	if (!k)
		return false;
	*out = m.p[k - '1'];
	out->name = arena_strdup(c->a, out->name);
	out->code = arena_strdup(c->a, out->code);
	out->documents = arena_strdup(c->a, out->documents);
	return true;
}

static void say_documents(struct voice_call *c, const struct procedure_info *p)
{
	voice_say(c, "documents-intro");
	if (p->documents && p->documents[0])
		voice_say_text(c, p->documents);
}

static void documents(struct voice_call *c)
{
	struct procedure_info p;
	if (!choose_procedure(c, &p))
		return;
	c->key = 0;
	say_documents(c, &p);
	if (c->key == '0')
		transfer(c);
	c->key = 0;
}

/* ------------------------------------------------------------- offers */

struct offer {
	long long slot_id, site_id;
	time_t start;
	const char *site_name;
};

/* The earliest free time of each site nearest to the point, nearest
 * first (sites without one left out). -1 on a database error. */
static int find_offers(struct voice_call *c, const char *proc_code, int party, bool located, double lat,
                       double lon, long long skip_slot, struct offer *out)
{
	db_unit_begin();
	struct site_search s;
	memset(&s, 0, sizeof(s));
	s.procedure = proc_code;
	s.lang = c->lang;
	s.party = party;
	s.located = located;
	s.lat = lat;
	s.lon = lon;
	s.max = 40;
	if (!place_search(c->a, &s) || db_failed())
		return -1;
	int n = 0;
	for (size_t i = 0; i < s.nhits && n < OFFERS; i++) {
		if (!s.hits[i].has_free || s.hits[i].earliest_slot == skip_slot)
			continue;
		out[n].slot_id = s.hits[i].earliest_slot;
		out[n].site_id = s.hits[i].site_id;
		out[n].start = s.hits[i].earliest;
		out[n].site_name = arena_strdup(c->a, s.hits[i].name);
		n++;
	}
	return n;
}

struct offer_page {
	const struct offer *o;
	int from, n, total;
};

static void say_offers(struct voice_call *c, const void *ctx)
{
	const struct offer_page *p = ctx;
	for (int i = 0; i < p->n; i++) {
		const struct offer *o = &p->o[p->from + i];
		voice_say(c, "choice");
		voice_say_number(c, i + 1);
		voice_say_when(c, o->start);
		voice_say(c, "at-site");
		voice_say_text(c, o->site_name);
	}
	voice_say(c, p->from + p->n < p->total ? "choose-time" : "choose-time-last");
}

/* One of the offers, heard 3 at a time (9: the next ones, after the last
 * page the first again): its index, -1 when the call is over. */
static int choose_offer(struct voice_call *c, const struct offer *o, int n)
{
	int from = 0;
	for (int pages = 0; pages < 8 && !c->over; pages++) {
		struct offer_page p = { o, from, n - from < PER_PAGE ? n - from : PER_PAGE, n };
		char allowed[8] = "9";
		for (int i = 0; i < p.n; i++)
			allowed[i + 1] = (char)('1' + i);
		int k = ask_key(c, allowed, say_offers, &p);
		if (!k)
			return -1;
		if (k == '9') {
			from = from + PER_PAGE < n ? from + PER_PAGE : 0;
			continue;
		}
		return from + (k - '1');
	}
	if (!c->over)
		transfer(c);
	return -1;
}

/* ------------------------------------------------------------- booking */

/* The caller's mobile (for the SMS code): the number calling when it is
 * one, else typed. False when the call is over. */
static bool mobile_number(struct voice_call *c, char *out, size_t outsz)
{
	if (c->phone[0] && phone_is_mobile(c->phone)) {
		snprintf(out, outsz, "%s", c->phone);
		return true;
	}
	for (int t = 0; t < TRIES; t++) {
		char typed[16];
		if (!ask_digits(c, "mobile", 10, 0, false, typed, sizeof(typed)))
			return false;
		if (valid_phone(typed, out, outsz) && phone_is_mobile(out))
			return true;
		voice_say(c, "mobile-invalid");
	}
	transfer(c);
	return false;
}

struct code_ctx {
	const struct booking_result *res;
	const char *phone;
	char code[7];
};

/* Inside the booking's transaction: the code and its SMS, as the web. */
static bool queue_code(void *p, struct arena *a, long long booking_id)
{
	struct code_ctx *cc = p;
	return otp_issue_first(a, booking_id, "confirm", cc->code) &&
	       ratelimit_record(a, "code_send", cc->phone) &&
	       outbox_booking(a, &cc->res->view, "code", cc->code, "sms", base_url());
}

/* The typed code confirms the hold (one transaction, as the web's
 * confirmation): OTP_OK when confirmed. */
static enum otp_status confirm_code(struct voice_call *c, struct booking_view *v, const char *code, int *left,
                                    enum book_status *bs_out)
{
	enum otp_status os = OTP_ERROR;
	enum book_status bs = BOOK_ERROR;
	for (int attempt = 0; attempt < 3; attempt++) {
		db_unit_begin();
		if (!db_begin())
			return OTP_ERROR;
		os = OTP_ERROR;
		bs = BOOK_ERROR;
		int done = booking_confirm_with_code(c->a, v, code);
		if (done > 0) {
			os = OTP_OK;
			bs = BOOK_OK;
		} else if (done == 0)
			os = otp_use(c->a, v->id, "confirm", code, left);
		bool ok = os != OTP_ERROR;
		if (os == OTP_OK && bs != BOOK_OK)
			bs = booking_confirm(c->a, v);
		if (os == OTP_OK) {
			if (bs == BOOK_OK) {
				v->status = "confirmed";
				v->hold_expires = 0;
				ok = outbox_booking(c->a, v, "confirmed", NULL, "sms", base_url());
			} else
				ok = bs == BOOK_EXPIRED;
		}
		if (ok && db_commit())
			break;
		db_rollback();
		os = OTP_ERROR;
		if (!db_retryable())
			break;
	}
	*bs_out = bs;
	return os;
}

static void say_ref_twice(struct voice_call *c, const char *ref)
{
	c->key = 0;
	voice_say(c, "your-ref");
	voice_say_ref(c, ref);
	voice_say(c, "ref-again");
	voice_say_ref(c, ref);
}

static void say_party(struct voice_call *c, const void *ctx)
{
	voice_say(c, "party");
	voice_say_number(c, *(const int *)ctx);
}

static void book(struct voice_call *c)
{
	struct procedure_info p;
	if (!choose_procedure(c, &p))
		return;
	/* The number of people. */
	int maxp = p.max_party < 1 ? 1 : p.max_party > MAX_PARTY ? MAX_PARTY : p.max_party;
	int party = 1, k_party = 0;
	if (maxp > 1) {
		char allowed[8] = "";
		for (int i = 0; i < maxp; i++)
			allowed[i] = (char)('1' + i);
		k_party = ask_key(c, allowed, say_party, &maxp);
		if (!k_party)
			return;
		party = k_party - '0';
	}
	/* Where: a postcode. */
	struct commune_match *m = NULL;
	size_t nm = 0;
	for (int t = 0; t < TRIES; t++) {
		char pc[8];
		if (!ask_digits(c, "postcode", 5, 0, false, pc, sizeof(pc)))
			return;
		db_unit_begin();
		nm = place_resolve(c->a, pc, 8, &m);
		if (db_failed()) {
			unavailable(c);
			return;
		}
		if (nm)
			break;
		voice_say(c, "postcode-unknown");
	}
	if (!nm) {
		transfer(c);
		return;
	}
	size_t at = 0;
	for (size_t i = 0; i < nm; i++)
		if (m[i].located) {
			at = i;
			break;
		}
	const char *home = arena_strdup(c->a, m[at].insee);
	bool located = m[at].located;
	double lat = m[at].lat, lon = m[at].lon;

	char mobile[20] = "";
	char births[MAX_PARTY][11];
	const char *last[MAX_PARTY], *first[MAX_PARTY];
	long long skip = 0;
	for (int round = 0; round < 5 && !c->over; round++) {
		struct offer o[OFFERS];
		int n = find_offers(c, p.code, party, located, lat, lon, skip, o);
		if (n < 0) {
			unavailable(c);
			return;
		}
		c->key = 0;
		if (n == 0) {
			voice_say(c, "no-time");
			transfer(c);
			return;
		}
		if (round == 0)
			voice_say(c, "searching");
		int i = choose_offer(c, o, n);
		if (i < 0)
			return;
		/* The persons' birth dates, once. */
		struct booking_request q;
		memset(&q, 0, sizeof(q));
		if (!mobile[0]) {
			char today[11];
			int y, mo, d;
			dt_today_local(&y, &mo, &d);
			snprintf(today, sizeof(today), "%04d-%02d-%02d", y, mo, d);
			for (int k = 0; k < party; k++) {
				bool got = false;
				for (int t = 0; t < TRIES && !got; t++) {
					c->key = 0;
					if (party > 1) {
						voice_say(c, "person");
						voice_say_number(c, k + 1);
					}
					char typed[12];
					if (!ask_digits(c, "birth", 8, 0, false, typed, sizeof(typed)))
						return;
					char ddmmyyyy[11];
					snprintf(ddmmyyyy, sizeof(ddmmyyyy), "%.2s/%.2s/%.4s", typed, typed + 2, typed + 4);
					got = valid_birth_date(ddmmyyyy, today, births[k], sizeof(births[k]));
					if (!got)
						voice_say(c, "birth-invalid");
				}
				if (!got) {
					transfer(c);
					return;
				}
			}
			if (!mobile_number(c, mobile, sizeof(mobile)))
				return;
			/* The names are not known: the booking holds the birth
			 * dates and the number; an agent completes the names at
			 * the counter. The number is part of the name kept, so
			 * that the duplicate rule (name and birth date) keys on
			 * number and birth date: the same person booked twice
			 * from this number is refused, and two callers' people
			 * born the same day are not mistaken for each other. */
			for (int k = 0; k < party; k++) {
				/* Data for the town hall's agents, in French
				 * whatever the call's language (not a message). */
				last[k] = "À COMPLÉTER";
				first[k] = arena_printf(c->a, "appel %s", mobile);
			}
		}
		for (int k = 0; k < party; k++) {
			q.persons[k].last_name = last[k];
			q.persons[k].first_names = first[k];
			q.persons[k].birth_date = births[k];
		}
		if (!ratelimit_ok(c->a, "code_send", mobile, 3600, SENDS_PER_HOUR)) {
			voice_say(c, "too-many-codes");
			transfer(c);
			return;
		}
		q.first_slot_id = o[i].slot_id;
		q.procedure_id = p.id;
		q.party = party;
		q.level = LEVEL_REGULAR;
		q.channel = "voice";
		q.phone = mobile;
		q.home_insee = home;
		q.lang = c->lang;
		q.hold_minutes = (int)config_int("hold_minutes", 10);
		struct booking_result res;
		memset(&res, 0, sizeof(res));
		struct code_ctx cc = { &res, mobile, "" };
		q.before_commit = queue_code;
		q.ctx = &cc;
		db_unit_begin();
		enum book_status st = booking_create(c->a, &q, &res);
		if (st == BOOK_GONE || st == BOOK_INVALID) {
			voice_say(c, "taken");
			skip = o[i].slot_id;
			continue;
		}
		if (st == BOOK_DUPLICATE) {
			c->key = 0;
			voice_say(c, "duplicate");
			if (c->key == '0')
				transfer(c);
			return;
		}
		if (st != BOOK_OK) {
			unavailable(c);
			return;
		}
		c->held_id = res.id;
		char mask[64];
		log_info("voice: booking %s held, code sent by sms to %s", res.ref,
			 log_mask_contact(mobile, mask, sizeof(mask)));
		/* The code typed, three tries. */
		struct booking_view v = res.view;
		v.ref[8] = '\0';
		for (int t = 0; t < TRIES && !c->over; t++) {
			char code[8];
			if (!ask_digits(c, t == 0 ? "code-sent" : "code-wrong", 6, 0, false, code, sizeof(code)))
				return;       /* the hold is given up by the caller of run */
			int left = 0;
			enum book_status bs;
			enum otp_status os = confirm_code(c, &v, code, &left, &bs);
			if (os == OTP_OK && bs == BOOK_OK) {
				c->held_id = 0;
				log_info("voice: booking %s confirmed", v.ref);
				c->key = 0;
				voice_say(c, "confirmed");
				voice_say_when(c, v.start);
				voice_say(c, "at-site");
				voice_say_text(c, v.site_name ? v.site_name : "");
				say_ref_twice(c, v.ref);
				voice_say(c, "sms-follows");
				say_documents(c, &p);
				c->key = 0;
				return;
			}
			if (os == OTP_OK || os == OTP_EXPIRED) {
				c->held_id = 0;
				voice_say(c, "code-expired");
				return;
			}
			if (os == OTP_ERROR) {
				unavailable(c);
				return;
			}
			/* OTP_WRONG: the prompt of the next try says so;
			 * OTP_LOCKED: the code is dead, an agent helps. */
			if (os == OTP_LOCKED)
				break;
		}
		if (!c->over)
			transfer(c);
		return;
	}
	if (!c->over)
		transfer(c);
}

/* ------------------------------------------------- the caller's booking */

struct msg_ctx { const char *kind; };

/* Inside a cancel or move transaction: the person's message. */
static bool queue_message(void *p, struct arena *a, long long id)
{
	struct msg_ctx *mc = p;
	struct booking_view v;
	return booking_load(a, id, NULL, &v) && outbox_booking(a, &v, mc->kind, NULL, "sms", base_url());
}

#define FIND_BY_PHONE \
	"SELECT id, ref FROM bookings WHERE contact_phone = ? AND status = 'confirmed'" \
	" AND end_utc > UTC_TIMESTAMP() ORDER BY start_utc"

/* The booking whose reference has these keys and whose number is phone:
 * its id, 0 when none, -1 on a database error. */
static long long find_booking(struct voice_call *c, const char *keys, const char *phone)
{
	struct db_res r;
	db_unit_begin();
	if (db_exec(c->a, &r, FIND_BY_PHONE, "s", phone) < 0)
		return -1;
	for (size_t i = 0; i < r.nrows; i++) {
		char k[9];
		voice_ref_keys(db_val(&r, i, 1), k);
		if (str_eq(k, keys))
			return db_int(&r, i, 0);
	}
	return 0;
}

static void say_appointment(struct voice_call *c, const struct booking_view *v, const char *intro)
{
	voice_say(c, intro);
	voice_say_when(c, v->start);
	voice_say(c, "at-site");
	voice_say_text(c, v->site_name ? v->site_name : "");
}

static void move(struct voice_call *c, struct booking_view *v)
{
	struct offer o[OFFERS];
	/* The booking's other times: its site first, then the nearest. */
	int n = find_offers(c, v->procedure_code, v->party, true, v->lat, v->lon, 0, o);
	if (n < 0) {
		unavailable(c);
		return;
	}
	int k = 0;
	for (int i = 0; i < n; i++)
		if (o[i].start != v->start || o[i].site_id != v->site_id)
			o[k++] = o[i];
	c->key = 0;
	if (k == 0) {
		voice_say(c, "no-time");
		return;
	}
	int i = choose_offer(c, o, k);
	if (i < 0)
		return;
	struct msg_ctx mc = { "moved" };
	db_unit_begin();
	switch (booking_move(c->a, v->id, o[i].slot_id, true, queue_message, &mc)) {
	case BOOK_OK:
		log_info("voice: booking %s moved", v->ref);
		if (!booking_load(c->a, v->id, NULL, v)) {
			unavailable(c);
			return;
		}
		c->key = 0;
		say_appointment(c, v, "moved");
		return;
	case BOOK_GONE:
	case BOOK_INVALID:
		voice_say(c, "taken");
		return;
	case BOOK_TOO_LATE:
		voice_say(c, "too-late");
		return;
	default:
		unavailable(c);
	}
}

static void manage(struct voice_call *c)
{
	char keys[12], typed[16], phone[20] = "";
	if (!ask_digits(c, "ref-ask", 8, 0, false, keys, sizeof(keys)))
		return;
	if (!ask_digits(c, "phone-ask", 10, 0, true, typed, sizeof(typed)))
		return;
	if (typed[0])
		valid_phone(typed, phone, sizeof(phone));
	else
		snprintf(phone, sizeof(phone), "%s", c->phone);
	long long id = 0;
	if (phone[0] && phone_is_mobile(phone)) {
		id = find_booking(c, keys, phone);
		if (id < 0) {
			unavailable(c);
			return;
		}
		if (!ratelimit_ok(c->a, "code_send", phone, 3600, SENDS_PER_HOUR)) {
			voice_say(c, "too-many-codes");
			transfer(c);
			return;
		}
	}
	/* As the web: the same words whether or not something matched, so
	 * that nobody learns which references exist; a code goes out only on
	 * a match. */
	struct booking_view v;
	if (id > 0) {
		char code[7];
		db_unit_begin();
		if (!booking_load(c->a, id, NULL, &v) || !db_begin() || !otp_issue(c->a, id, "manage", code) ||
		    !outbox_booking(c->a, &v, "code", code, "sms", base_url()) || !db_commit()) {
			db_rollback();
			unavailable(c);
			return;
		}
		ratelimit_hit(c->a, "code_send", phone, 3600, SENDS_PER_HOUR + 1);
	}
	bool open = false;
	for (int t = 0; t < TRIES && !open; t++) {
		char code[8];
		if (!ask_digits(c, t == 0 ? "manage-code-sent" : "code-wrong", 6, 0, false, code, sizeof(code)))
			return;
		if (id <= 0)
			continue;
		int left = 0;
		db_unit_begin();
		enum otp_status os = otp_verify(c->a, id, "manage", code, &left);
		if (os == OTP_ERROR) {
			unavailable(c);
			return;
		}
		open = os == OTP_OK;
		if (os == OTP_LOCKED || os == OTP_EXPIRED)
			break;
	}
	if (!open) {
		voice_say(c, "manage-not-found");
		transfer(c);
		return;
	}
	log_info("voice: booking %s opened by its caller", v.ref);
	c->key = 0;
	say_appointment(c, &v, "appointment-is");
	for (int rounds = 0; rounds < 10 && !c->over; rounds++) {
		int k = ask_key(c, "1239", say_one, "menu-manage");
		if (k == '1') {
			c->key = 0;
			say_appointment(c, &v, "appointment-is");
			voice_say(c, "documents-intro");
			voice_say_text(c, v.documents ? v.documents : "");
			c->key = 0;
		} else if (k == '2') {
			if (ask_key(c, "19", say_one, "cancel-confirm") != '1')
				continue;
			struct msg_ctx mc = { "cancelled" };
			db_unit_begin();
			switch (booking_cancel(c->a, v.id, "person", true, queue_message, &mc)) {
			case BOOK_OK:
			case BOOK_STATE:
				log_info("voice: booking %s cancelled by the person", v.ref);
				c->key = 0;
				voice_say(c, "cancelled");
				return;
			case BOOK_TOO_LATE:
				voice_say(c, "too-late");
				transfer(c);
				return;
			default:
				unavailable(c);
				return;
			}
		} else if (k == '3') {
			move(c, &v);
		} else
			return;
	}
}

/* ------------------------------------------------------------- the call */

void voice_call_run(struct voice_call *c)
{
	/* The caller's number, when the network gives one. */
	char e164[20];
	if (valid_phone(c->g.callerid, e164, sizeof(e164)))
		snprintf(c->phone, sizeof(c->phone), "%s", e164);
	agi_cmd(&c->g, NULL, "ANSWER");
	c->key = 0;
	voice_say(c, "welcome");
	for (int rounds = 0; rounds < 20 && !c->over && !c->g.dead; rounds++) {
		int k = ask_key(c, "123", say_one, "menu-main");
		c->key = 0;
		if (k == '1')
			documents(c);
		else if (k == '2')
			book(c);
		else if (k == '3')
			manage(c);
		voice_release_hold(c);
	}
	voice_release_hold(c);
	if (!c->over && !c->g.dead) {
		c->key = 0;
		voice_say(c, "goodbye");
	}
	if (!c->transferred)
		agi_hangup(&c->g);
}
