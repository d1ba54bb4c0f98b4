/* mfa.c — see mfa.h. */
#include "mfa.h"
#include "audit.h"
#include "auth.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "ratelimit.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SEALED_BYTES (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TOTP_KEY_BYTES)
#define SEALED_HEX (2 * SEALED_BYTES + 1)
/* Recovery codes: no letters that read alike (l/1, o/0, i). */
static const char recovery_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

/* TOTP keys are sealed (crypto.h) under their own domain. */
static void seal(const unsigned char *key, char *hex)
{
	crypto_seal("totp-seal", key, TOTP_KEY_BYTES, hex);
}

static bool unseal(const char *hex, unsigned char *key)
{
	return crypto_unseal("totp-seal", hex, key, TOTP_KEY_BYTES);
}

bool mfa_enrol_secret(struct arena *a, long long staff_id, char *b32)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT totp_pending FROM staff WHERE id = ?", "i", staff_id) < 0 || q.nrows != 1)
		return false;
	unsigned char key[TOTP_KEY_BYTES];
	if (!unseal(db_val(&q, 0, 0), key)) {
		char hex[SEALED_HEX];
		randombytes_buf(key, sizeof(key));
		seal(key, hex);
		if (db_exec(a, NULL, "UPDATE staff SET totp_pending = ? WHERE id = ?", "si", hex, staff_id) < 0)
			return false;
	}
	totp_base32(key, sizeof(key), b32, TOTP_B32_MAX);
	sodium_memzero(key, sizeof(key));
	return true;
}

bool mfa_recovery_hash(const char *typed, char *out)
{
	char c[MFA_RECOVERY_LEN];
	size_t n = 0;
	for (const char *p = typed; p && *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char ch = (char)tolower((unsigned char)*p);
		if (n == MFA_RECOVERY_LEN - 1 || !strchr(recovery_alphabet, ch) || !ch)
			return false;
		c[n++] = ch;
	}
	if (n != MFA_RECOVERY_LEN - 1)
		return false;
	c[n] = '\0';
	crypto_hmac_hex("recovery", c, out);
	return true;
}

/* Ten fresh recovery codes in place of the old ones (in the caller's
 * transaction). */
static bool new_recovery_codes(struct arena *a, long long staff_id, char codes[MFA_RECOVERY_CODES][MFA_RECOVERY_LEN + 1])
{
	if (db_exec(a, NULL, "DELETE FROM staff_recovery_codes WHERE staff_id = ?", "i", staff_id) < 0)
		return false;
	for (int i = 0; i < MFA_RECOVERY_CODES; i++) {
		char raw[11], h[65];
		crypto_random_from(raw, 10, recovery_alphabet);
		snprintf(codes[i], MFA_RECOVERY_LEN + 1, "%.5s-%.5s", raw, raw + 5);
		mfa_recovery_hash(codes[i], h);
		if (db_exec(a, NULL, "INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES (?, ?)",
			    "is", staff_id, h) < 0)
			return false;
	}
	return true;
}

enum mfa_result mfa_enrol_confirm(struct arena *a, long long staff_id, long long commune_id, const char *code,
                                  char codes[MFA_RECOVERY_CODES][MFA_RECOVERY_LEN + 1])
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", staff_id);
	if (!ratelimit_hit(a, "mfa_acct", id, 600, 10))
		return MFA_THROTTLED;
	if (!db_begin())
		return MFA_ERROR;
	struct db_res q;
	unsigned char key[TOTP_KEY_BYTES];
	if (db_exec(a, &q, "SELECT totp_pending FROM staff WHERE id = ? FOR UPDATE", "i", staff_id) < 0 ||
	    q.nrows != 1 || !unseal(db_val(&q, 0, 0), key)) {
		bool failed = db_failed();
		db_rollback();
		return failed ? MFA_ERROR : MFA_BAD;
	}
	long long step = totp_match(key, sizeof(key), code, time(NULL), -1);
	sodium_memzero(key, sizeof(key));
	if (step < 0) {
		db_rollback();
		return MFA_BAD;
	}
	bool ok = db_exec(a, NULL, "UPDATE staff SET totp_secret = totp_pending, totp_pending = NULL,"
			  " totp_last_step = ?, totp_enabled_utc = UTC_TIMESTAMP() WHERE id = ?",
			  "ii", step, staff_id) == 1 &&
		  new_recovery_codes(a, staff_id, codes) &&
		  audit(a, staff_id, commune_id, "mfa_enrol", "staff", id, NULL);
	if (ok && db_commit())
		return MFA_OK;
	db_rollback();
	return MFA_ERROR;
}

/* A recovery code: used up by a conditional update, so that two sign-ins
 * cannot both spend it. */
static enum mfa_result check_recovery(struct arena *a, long long staff_id, long long commune_id, const char *h)
{
	long long n = db_exec(a, NULL, "UPDATE staff_recovery_codes SET used_utc = UTC_TIMESTAMP()"
			      " WHERE staff_id = ? AND code_hash = ? AND used_utc IS NULL", "is", staff_id, h);
	if (n < 0)
		return MFA_ERROR;
	if (n == 0)
		return MFA_BAD;
	return audit(a, staff_id, commune_id, "mfa_recovery_used", "staff", arena_printf(a, "%lld", staff_id), NULL)
	       ? MFA_OK : MFA_ERROR;
}

static enum mfa_result check_totp(struct arena *a, long long staff_id, const char *code)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT totp_secret, COALESCE(totp_last_step, -1) FROM staff WHERE id = ?",
		    "i", staff_id) < 0 || q.nrows != 1)
		return MFA_ERROR;
	unsigned char key[TOTP_KEY_BYTES];
	if (!unseal(db_val(&q, 0, 0), key))
		return MFA_BAD;
	long long step = totp_match(key, sizeof(key), code, time(NULL), db_int(&q, 0, 1));
	sodium_memzero(key, sizeof(key));
	if (step < 0)
		return MFA_BAD;
	/* The step moves forward only: a code replayed by a second request
	 * in the same instant finds it taken. */
	long long n = db_exec(a, NULL, "UPDATE staff SET totp_last_step = ? WHERE id = ?"
			      " AND (totp_last_step IS NULL OR totp_last_step < ?)", "iii", step, staff_id, step);
	return n < 0 ? MFA_ERROR : n == 1 ? MFA_OK : MFA_BAD;
}

enum mfa_result mfa_check(struct arena *a, long long staff_id, long long commune_id, const char *code)
{
	char id[24], h[65];
	snprintf(id, sizeof(id), "%lld", staff_id);
	if (!ratelimit_ok(a, "mfa_acct", id, 600, 10)) {
		audit(a, staff_id, commune_id, "mfa_throttled", "staff", id, NULL);
		return db_failed() ? MFA_ERROR : MFA_THROTTLED;
	}
	enum mfa_result r = mfa_recovery_hash(code, h) ? check_recovery(a, staff_id, commune_id, h)
						       : check_totp(a, staff_id, code);
	if (r == MFA_BAD) {
		ratelimit_record(a, "mfa_acct", id);
		if (!audit(a, staff_id, commune_id, "mfa_failed", "staff", id, NULL))
			return MFA_ERROR;
		log_info("second factor refused for staff %lld", staff_id);
	}
	return r;
}

int mfa_enabled(struct arena *a, long long staff_id)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT totp_secret IS NOT NULL FROM staff WHERE id = ?", "i", staff_id) < 0)
		return -1;
	return q.nrows == 1 && db_int(&q, 0, 0) ? 1 : 0;
}

int mfa_recovery_left(struct arena *a, long long staff_id)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT COUNT(*) FROM staff_recovery_codes WHERE staff_id = ? AND used_utc IS NULL",
		    "i", staff_id) < 0)
		return -1;
	return (int)db_int(&q, 0, 0);
}

bool mfa_reset(struct arena *a, long long by, long long staff_id, long long commune_id)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", staff_id);
	if (!db_begin())
		return false;
	bool ok = db_exec(a, NULL, "UPDATE staff SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL,"
			  " totp_enabled_utc = NULL WHERE id = ?", "i", staff_id) >= 0 &&
		  db_exec(a, NULL, "DELETE FROM staff_recovery_codes WHERE staff_id = ?", "i", staff_id) >= 0 &&
		  db_exec(a, NULL, "DELETE FROM staff_sessions WHERE staff_id = ?", "i", staff_id) >= 0 &&
		  audit(a, by, commune_id, "mfa_reset", "staff", id, NULL);
	if (ok && db_commit())
		return true;
	db_rollback();
	return false;
}
