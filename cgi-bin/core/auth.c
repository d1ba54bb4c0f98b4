/* auth.c — see auth.h. */
#include "auth.h"
#include "audit.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"
#include "page.h"
#include "ratelimit.h"
#include "text.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* INTERACTIVE is the floor the issue sets; the settings may raise it. */
static unsigned long long opslimit(void)
{
	long v = config_int("pwhash_opslimit", 0);
	return v > (long)crypto_pwhash_OPSLIMIT_INTERACTIVE ? (unsigned long long)v : crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

static size_t memlimit(void)
{
	long v = config_int("pwhash_memlimit", 0);
	return v > (long)crypto_pwhash_MEMLIMIT_INTERACTIVE ? (size_t)v : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

static const char *const role_names[] = { "", "agent", "commune_admin", "partner", "platform_admin", "helpdesk",
	"technique" };

enum role auth_role_of(const char *s)
{
	for (int i = 1; i < (int)ARRAY_LEN(role_names); i++)
		if (str_eq(s, role_names[i]))
			return (enum role)i;
	return ROLE_NONE;
}

const char *auth_role_name(enum role r)
{
	return (int)r >= 0 && (int)r < (int)ARRAY_LEN(role_names) ? role_names[r] : "";
}

bool auth_hash_password(const char *pw, char *out, size_t outsz)
{
	if (outsz < crypto_pwhash_STRBYTES)
		return false;
	return crypto_pwhash_str(out, pw, strlen(pw), opslimit(), memlimit()) == 0;
}

/* The most common passwords of 12 characters or more (shorter ones are
 * refused by length anyway), from the public breach lists, French ones
 * included. */
static const char *const common[] = {
	"123456789012", "1234567890123", "12345678901234", "123456789123", "111111111111",
	"000000000000", "123123123123", "121212121212", "abcdefghijkl", "qwertyuiopas",
	"qwertyuiop12", "qwertyuiop123", "azertyuiop12", "azertyuiop123", "azertyuiopqs",
	"azertyazerty", "password1234", "password12345", "passwordpassword", "motdepasse12",
	"motdepasse123", "motdepasse1234", "motdepassemotdepasse", "iloveyou1234", "jetaime12345",
	"jetaimejetaime", "soleilsoleil", "bonjour12345", "bonjourbonjour", "administrateur",
	"administrator", "adminadmin123", "welcome12345", "letmein12345", "changeme1234",
	"qazwsxedcrfv", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "aaaaaaaaaaaa",
	"987654321098", "098765432109", "football1234", "baseball1234", "sunshine1234",
	"princess1234", "superman1234", "starwars1234", "dragondragon", "monkeymonkey",
	"mairie123456", "mairiemairie", "bienvenue123", "bienvenue1234", "marseille1234",
	"parisparis12", "annecy123456", "hautesavoie74", "passeport1234", "carteidentite",
	"creneau12345", "creneaucreneau", "rendezvous123", "rendezvous1234", "0123456789ab",
	"abc123abc123", "trustno1trustno1", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234",
	"motdepasse!!", "azerty123456", "qwerty123456", "123456azerty", "123456qwerty",
};

const char *auth_password_problem(const char *pw, const char *email)
{
	size_t n = text_valid_utf8(pw, strlen(pw), false) ? text_utf8_len(pw) : 0;
	if (n < PASSWORD_MIN)
		return _("Le mot de passe doit compter au moins 12 caractères.");
	if (n > PASSWORD_MAX)
		return _("Le mot de passe doit compter au plus 128 caractères.");
	char *lower = xstrdup(pw);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	bool bad = false;
	for (size_t i = 0; i < ARRAY_LEN(common) && !bad; i++)
		bad = strcmp(lower, common[i]) == 0;
	/* One repeated character (compared as whole UTF-8 sequences, so
	 * "ééé…" counts), or the account's own address. */
	size_t first = 1;
	while (lower[first] && ((unsigned char)lower[first] & 0xC0) == 0x80)
		first++;
	bool same = true;
	for (size_t i = 0; lower[i] && same; i += first)
		same = strncmp(lower + i, lower, first) == 0;
	if (same)
		bad = true;
	if (email && *email) {
		char whole[256];
		snprintf(whole, sizeof(whole), "%s", email);
		for (char *p = whole; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (strstr(lower, whole))
			bad = true;
		char local[128];
		snprintf(local, sizeof(local), "%s", email);
		char *at = strchr(local, '@');
		if (at)
			*at = '\0';
		for (char *p = local; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (strlen(local) >= 4 && strstr(lower, local) && strlen(lower) - strlen(local) < 6)
			bad = true;
	}
	free(lower);
	return bad ? _("Ce mot de passe est trop courant ou trop facile à deviner : choisissez-en un autre, par exemple une phrase de plusieurs mots.") : NULL;
}

static void sha256_hex(const char *s, char *out)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* The session cookie travels only with the staff programs' pages, not
 * with every public page: one cookie per path. (__Host- would need Path=/,
 * so under https the name is __Secure-.) */
static const char *const cookie_paths[] = { "/agent", "/stats" };

static const char *cookie_name(const struct request *r)
{
	return r->https ? "__Secure-session" : "session";
}

static void set_session_cookie(struct request *r, const char *token, long max_age)
{
	for (size_t i = 0; i < ARRAY_LEN(cookie_paths); i++)
		resp_cookie_at(r, cookie_name(r), token, max_age, cookie_paths[i]);
}

static bool load_staff(struct request *r, long long id, struct staff *s)
{
	struct db_res q;
	if (db_exec(r->arena, &q, "SELECT s.id, s.commune_id, s.role, s.email, s.name, c.name, c.equipped"
		    " FROM staff s LEFT JOIN communes c ON c.id = s.commune_id WHERE s.id = ? AND s.active = 1",
		    "i", id) < 0 || q.nrows != 1)
		return false;
	s->id = db_int(&q, 0, 0);
	s->commune_id = db_int(&q, 0, 1);
	s->role = auth_role_of(db_val(&q, 0, 2));
	s->email = db_val(&q, 0, 3);
	s->name = db_val(&q, 0, 4);
	s->commune_name = db_val(&q, 0, 5) ? db_val(&q, 0, 5) : "";
	s->commune_equipped = db_int(&q, 0, 6) != 0;
	return s->role != ROLE_NONE;
}

static const char *const mfa_names[] = { "done", "code", "enrol" };

static bool start_session(struct request *r, long long staff_id, enum auth_mfa mfa)
{
	char token[65], h[65];
	crypto_random_hex(token, 32);
	sha256_hex(token, h);
	if (db_exec(r->arena, NULL, "INSERT INTO staff_sessions (token_hash, staff_id, created_utc, last_seen_utc, mfa)"
		    " VALUES (?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), ?)", "sis", h, staff_id, mfa_names[mfa]) < 0)
		return false;
	set_session_cookie(r, token, 0);
	return true;
}

/* Sign-in throttling, so that nobody can lock an account out: failures
 * are limited per (account, address) and per address; per account they
 * only slow down: from the 10th failure in an hour, a try must wait 1, 2,
 * 4 … at most 60 seconds after the last failure. */
#define PAIR_MAX 10
#define PAIR_WINDOW 900
#define IP_MAX 30
#define IP_WINDOW 600
#define SLOW_AFTER 10
#define SLOW_WINDOW 3600
#define SLOW_MAX 60

static const char *pair_key(struct request *r, const char *email)
{
	return arena_printf(r->arena, "%s|%s", email, r->remote_addr ? r->remote_addr : "");
}

/* Seconds to wait before the account's next try (0: go on). */
static int slow_down(struct request *r, const char *email, long long *failures)
{
	long long age_ms = 0;
	*failures = ratelimit_recent(r->arena, "login_acct", email, SLOW_WINDOW, &age_ms);
	if (*failures < SLOW_AFTER)
		return 0;
	long long shift = *failures - SLOW_AFTER;
	long long wait = shift >= 6 ? SLOW_MAX : (1LL << shift);
	if (wait > SLOW_MAX)
		wait = SLOW_MAX;
	/* Whole seconds left, rounded up: "wait 1 second" is never 0. */
	long long left_ms = wait * 1000 - age_ms;
	return left_ms > 0 ? (int)((left_ms + 999) / 1000) : 0;
}

/* At the failure that starts the slowing down, the person is told by
 * email (once an hour at most), in case it was not them. */
static void tell_of_failures(struct request *r, long long id, long long commune_id, const char *email)
{
	char hour[24];
	snprintf(hour, sizeof(hour), "%lld", (long long)(time(NULL) / 3600));
	outbox_add(r->arena, arena_printf(r->arena, "login-notice:%lld:%s", id, hour), "login_notice", "email", email,
		   _("Tentatives de connexion à votre compte Créneau"),
		   _("Bonjour,\n\nPlusieurs tentatives de connexion à votre compte Créneau ont échoué au cours de la dernière heure. Les essais suivants sont ralentis.\n\nSi c'était vous, vous pouvez réessayer dans quelques instants ou réinitialiser votre mot de passe. Sinon, prévenez l'administrateur de votre commune : votre mot de passe reste valable et votre compte n'est pas bloqué."),
		   0, commune_id, r->lang, 24 * 3600);
}

enum login_status auth_login(struct request *r, const char *email, const char *pw, struct login_info *info)
{
	memset(info, 0, sizeof(*info));
	char mask[64];
	log_mask_contact(email, mask, sizeof(mask));
	struct db_res q;
	if (db_exec(r->arena, &q, "SELECT s.id, s.password_hash, s.totp_secret IS NOT NULL,"
		    " s.role IN ('commune_admin', 'platform_admin', 'helpdesk', 'technique') OR COALESCE(c.agents_need_totp, 0) = 1,"
		    " COALESCE(s.commune_id, 0)"
		    " FROM staff s LEFT JOIN communes c ON c.id = s.commune_id WHERE s.email = ? AND s.active = 1",
		    "s", email) < 0)
		return LOGIN_ERROR;
	bool known = q.nrows == 1;
	long long id = known ? db_int(&q, 0, 0) : 0, commune = known ? db_int(&q, 0, 4) : 0;
	const char *pair = pair_key(r, email);
	long long failures = 0;
	if (!ratelimit_ok(r->arena, "login_pair", pair, PAIR_WINDOW, PAIR_MAX) ||
	    !ratelimit_ok(r->arena, "login_ip", r->remote_addr, IP_WINDOW, IP_MAX) ||
	    (info->wait_s = slow_down(r, email, &failures)) > 0) {
		log_info("sign-in throttled for %s", mask);
		audit(r->arena, id, commune, "login_throttled", "staff", known ? arena_printf(r->arena, "%lld", id) : NULL,
		      known ? NULL : mask);
		return db_failed() ? LOGIN_ERROR : LOGIN_THROTTLED;
	}
	const char *hash = known ? db_val(&q, 0, 1) : NULL;
	bool ok = hash && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	if (!ok) {
		/* Spend the same effort when the account does not exist, so
		 * timing does not tell which addresses have an account. */
		if (!hash) {
			char dummy[crypto_pwhash_STRBYTES];
			auth_hash_password("not-a-password-at-all", dummy, sizeof(dummy));
		}
		ratelimit_record(r->arena, "login_acct", email);
		ratelimit_record(r->arena, "login_pair", pair);
		ratelimit_record(r->arena, "login_ip", r->remote_addr);
		audit(r->arena, id, commune, "login_failed", "staff", known ? arena_printf(r->arena, "%lld", id) : NULL,
		      known ? NULL : mask);
		if (known && failures + 1 == SLOW_AFTER)
			tell_of_failures(r, id, commune, email);
		log_info("sign-in failed for %s", mask);
		return db_failed() ? LOGIN_ERROR : LOGIN_BAD;
	}
	if (crypto_pwhash_str_needs_rehash(hash, opslimit(), memlimit()) != 0) {
		char nh[crypto_pwhash_STRBYTES];
		if (auth_hash_password(pw, nh, sizeof(nh)))
			db_exec(r->arena, NULL, "UPDATE staff SET password_hash = ? WHERE id = ?", "si", nh, id);
	}
	info->mfa = db_int(&q, 0, 2) ? AUTH_MFA_CODE : db_int(&q, 0, 3) ? AUTH_MFA_ENROL : AUTH_MFA_DONE;
	/* Rotation: any session token this browser had is dropped. */
	auth_logout(r);
	ratelimit_clear(r->arena, "login_acct", email);
	ratelimit_clear(r->arena, "login_pair", pair);
	if (!load_staff(r, id, &info->staff) || !start_session(r, id, info->mfa))
		return LOGIN_ERROR;
	if (info->mfa == AUTH_MFA_DONE)
		db_exec(r->arena, NULL, "UPDATE staff SET last_login_utc = UTC_TIMESTAMP() WHERE id = ?", "i", id);
	log_info("sign-in of staff %lld (%s)%s", id, mask, info->mfa == AUTH_MFA_DONE ? "" : ", second factor awaited");
	return LOGIN_OK;
}

/* The session of the cookie, whatever its second-factor state. */
static bool session_of(struct request *r, struct staff *s, enum auth_mfa *mfa, char *h)
{
	const char *tok = req_cookie(r, cookie_name(r));
	if (!tok || strlen(tok) != 64)
		return false;
	sha256_hex(tok, h);
	struct db_res q;
	if (db_exec(r->arena, &q, "SELECT staff_id, mfa + 0 FROM staff_sessions WHERE token_hash = ?"
		    " AND last_seen_utc > UTC_TIMESTAMP() - INTERVAL ? SECOND"
		    " AND created_utc > UTC_TIMESTAMP() - INTERVAL ? SECOND",
		    "sii", h, (long long)SESSION_IDLE, (long long)SESSION_MAX) < 0 || q.nrows != 1)
		return false;
	/* ENUM + 0 is the value's position, from 1. */
	long long m = db_int(&q, 0, 1) - 1;
	*mfa = m == 1 ? AUTH_MFA_CODE : m == 2 ? AUTH_MFA_ENROL : AUTH_MFA_DONE;
	return load_staff(r, db_int(&q, 0, 0), s);
}

bool auth_current(struct request *r, struct staff *s)
{
	char h[65];
	enum auth_mfa mfa;
	if (!session_of(r, s, &mfa, h) || mfa != AUTH_MFA_DONE)
		return false;
	/* Sliding the idle timeout to the second would cost a durable write
	 * per page: once a minute is precise enough for a 30-minute limit. */
	db_exec(r->arena, NULL, "UPDATE staff_sessions SET last_seen_utc = UTC_TIMESTAMP() WHERE token_hash = ?"
		" AND last_seen_utc < UTC_TIMESTAMP() - INTERVAL 60 SECOND", "s", h);
	return true;
}

bool auth_pending(struct request *r, struct staff *s, enum auth_mfa *mfa)
{
	char h[65];
	return session_of(r, s, mfa, h);
}

bool auth_mfa_passed(struct request *r, const struct staff *s)
{
	/* A new token for the signed-in state (rotation at each step up). */
	auth_logout(r);
	if (!start_session(r, s->id, AUTH_MFA_DONE))
		return false;
	return db_exec(r->arena, NULL, "UPDATE staff SET last_login_utc = UTC_TIMESTAMP() WHERE id = ?", "i", s->id) >= 0;
}

void auth_logout(struct request *r)
{
	const char *tok = req_cookie(r, cookie_name(r));
	if (tok && strlen(tok) == 64) {
		char h[65];
		sha256_hex(tok, h);
		db_exec(r->arena, NULL, "DELETE FROM staff_sessions WHERE token_hash = ?", "s", h);
	}
	set_session_cookie(r, "", -1);
}

void auth_logout_all(struct arena *a, long long staff_id)
{
	db_exec(a, NULL, "DELETE FROM staff_sessions WHERE staff_id = ?", "i", staff_id);
}

bool auth_issue_token(struct arena *a, long long staff_id, int ttl_s, char *out)
{
	char h[65];
	crypto_random_hex(out, 32);
	sha256_hex(out, h);
	return db_exec(a, NULL, "INSERT INTO staff_tokens (token_hash, staff_id, expires_utc)"
		       " VALUES (?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND)", "sii", h, staff_id,
		       (long long)ttl_s) >= 0;
}

long long auth_peek_token(struct arena *a, const char *token)
{
	if (!token || strlen(token) != 64)
		return 0;
	char h[65];
	sha256_hex(token, h);
	struct db_res q;
	if (db_exec(a, &q, "SELECT staff_id FROM staff_tokens WHERE token_hash = ? AND used_utc IS NULL"
		    " AND expires_utc > UTC_TIMESTAMP()", "s", h) < 0 || q.nrows != 1)
		return 0;
	return db_int(&q, 0, 0);
}

long long auth_use_token(struct arena *a, const char *token)
{
	long long id = auth_peek_token(a, token);
	if (!id)
		return 0;
	char h[65];
	sha256_hex(token, h);
	/* The conditional update makes a token single-use under concurrency. */
	if (db_exec(a, NULL, "UPDATE staff_tokens SET used_utc = UTC_TIMESTAMP() WHERE token_hash = ?"
		    " AND used_utc IS NULL", "s", h) != 1)
		return 0;
	return id;
}

bool auth_set_password(struct arena *a, long long staff_id, const char *pw)
{
	char h[crypto_pwhash_STRBYTES];
	if (!auth_hash_password(pw, h, sizeof(h)))
		return false;
	if (db_exec(a, NULL, "UPDATE staff SET password_hash = ? WHERE id = ?", "si", h, staff_id) < 0)
		return false;
	/* A new password clears the account's sign-in failures. */
	struct db_res q;
	if (db_exec(a, &q, "SELECT email FROM staff WHERE id = ?", "i", staff_id) == 1)
		ratelimit_clear(a, "login_acct", db_val(&q, 0, 0));
	auth_logout_all(a, staff_id);
	return !db_failed();
}

tpl_dict *staff_page_new(struct request *r, const char *title, const struct staff *s)
{
	tpl_dict *h;
	tpl_dict *d = page_new_with(r, title, "agent_header", "agent_footer", &h);
	if (!s)
		return d;
	tpl_dict *in = tpl_section(h, "SIGNED_IN");
	tpl_set(in, "STAFF_NAME", s->name);
	tpl_set(in, "STAFF_COMMUNE", s->commune_name);
	tpl_set(in, "STAFF_ROLE", s->role == ROLE_PLATFORM_ADMIN ? _("administration de la plateforme")
		: s->role == ROLE_TECH ? _("équipe technique")
		: s->role == ROLE_COMMUNE_ADMIN ? _("administration communale")
		: s->role == ROLE_PARTNER ? _("mairie partenaire")
		: s->role == ROLE_HELPDESK ? _("centre d'assistance") : _("agent"));
	/* The menu shows what the role may open; the guards enforce it. */
	if (s->role == ROLE_TECH) {
		tpl_show(in, "NAV_TECH");
		return d;
	}
	tpl_show(in, "NAV_STAFF");
	if (s->role != ROLE_HELPDESK)
		tpl_show(in, "NAV_BOOKINGS");
	if (s->role != ROLE_PARTNER && s->role != ROLE_HELPDESK)
		tpl_show(in, "NAV_EQUIPPED");
	if (s->role == ROLE_HELPDESK || s->role == ROLE_PLATFORM_ADMIN)
		tpl_show(in, "NAV_HELPDESK");
	if (s->role == ROLE_COMMUNE_ADMIN || s->role == ROLE_PLATFORM_ADMIN)
		tpl_show(in, "NAV_ADMIN");
	if (s->role == ROLE_PLATFORM_ADMIN)
		tpl_show(in, "NAV_PLATFORM");
	return d;
}
