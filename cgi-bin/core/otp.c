/* otp.c — see otp.h. */
#include "otp.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"

#include <stdio.h>
#include <time.h>

void otp_hash(long long booking_id, const char *code, char *out)
{
	char msg[64];
	snprintf(msg, sizeof(msg), "%lld|%s", booking_id, code);
	crypto_hmac_hex("otp", msg, out);
}

static bool insert_code(struct arena *a, long long booking_id, const char *purpose, char *code)
{
	char h[65], exp[20];
	crypto_code6(code);
	otp_hash(booking_id, code, h);
	dt_format_sql(time(NULL) + OTP_TTL, exp);
	return db_exec(a, NULL, "INSERT INTO otp_codes (booking_id, purpose, code_hash, expires_utc, created_utc)"
		       " VALUES (?, ?, ?, ?, UTC_TIMESTAMP())", "isss", booking_id, purpose, h, exp) >= 0;
}

bool otp_issue(struct arena *a, long long booking_id, const char *purpose, char *code)
{
	/* Only a code sent again has an earlier one to retire. A new hold has
	 * none, and the UPDATE's search would lock the gap at the end of
	 * ix_otp_booking where every concurrent hold inserts its first code:
	 * under load they deadlock. A plain read takes no lock. */
	struct db_res old;
	if (db_exec(a, &old, "SELECT 1 FROM otp_codes WHERE booking_id = ? AND purpose = ?"
		    " AND used_utc IS NULL LIMIT 1", "is", booking_id, purpose) < 0)
		return false;
	if (old.nrows && db_exec(a, NULL, "UPDATE otp_codes SET used_utc = UTC_TIMESTAMP() WHERE booking_id = ?"
				 " AND purpose = ? AND used_utc IS NULL", "is", booking_id, purpose) < 0)
		return false;
	return insert_code(a, booking_id, purpose, code);
}

bool otp_issue_first(struct arena *a, long long booking_id, const char *purpose, char *code)
{
	return insert_code(a, booking_id, purpose, code);
}

enum otp_status otp_use(struct arena *a, long long booking_id, const char *purpose,
                        const char *code, int *left)
{
	*left = 0;
	char h[65];
	otp_hash(booking_id, code, h);
	/* The right code, in time, with tries left, and the newest unused
	 * one of the booking: used at once, in one statement. */
	long long n = db_exec(a, NULL, "UPDATE otp_codes o SET o.used_utc = UTC_TIMESTAMP() WHERE" OTP_USABLE,
			      "issiis", booking_id, purpose, h, (long long)OTP_MAX_TRIES, booking_id, purpose);
	if (n < 0)
		return OTP_ERROR;
	if (n == 1)
		return OTP_OK;
	/* Otherwise say why, and count the wrong try. The row lock makes
	 * concurrent guesses count one by one. */
	struct db_res r;
	if (db_exec(a, &r, "SELECT id, code_hash, attempts, expires_utc > UTC_TIMESTAMP() FROM otp_codes"
		    " WHERE booking_id = ? AND purpose = ? AND used_utc IS NULL"
		    " ORDER BY id DESC LIMIT 1 FOR UPDATE", "is", booking_id, purpose) < 0)
		return OTP_ERROR;
	if (r.nrows == 0 || !db_int(&r, 0, 3))
		return OTP_EXPIRED;
	long long id = db_int(&r, 0, 0);
	int attempts = (int)db_int(&r, 0, 2);
	if (attempts >= OTP_MAX_TRIES)
		return OTP_LOCKED;
	if (str_ct_eq(h, db_val(&r, 0, 1))) {
		/* Right after all (it became the newest meanwhile). */
		if (db_exec(a, NULL, "UPDATE otp_codes SET used_utc = UTC_TIMESTAMP() WHERE id = ?", "i", id) < 0)
			return OTP_ERROR;
		return OTP_OK;
	}
	attempts++;
	if (db_exec(a, NULL, "UPDATE otp_codes SET attempts = ? WHERE id = ?", "ii", (long long)attempts, id) < 0)
		return OTP_ERROR;
	*left = OTP_MAX_TRIES - attempts;
	return *left > 0 ? OTP_WRONG : OTP_LOCKED;
}

enum otp_status otp_verify(struct arena *a, long long booking_id, const char *purpose,
                           const char *code, int *left)
{
	*left = 0;
	if (!db_begin())
		return OTP_ERROR;
	enum otp_status st = otp_use(a, booking_id, purpose, code, left);
	if (st == OTP_ERROR) {
		db_rollback();
		return OTP_ERROR;
	}
	if (!db_commit())
		return OTP_ERROR;
	return st;
}
