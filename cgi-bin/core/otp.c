/* otp.c — see otp.h. */
#include "otp.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"

#include <stdio.h>
#include <time.h>

static void hash(long long booking_id, const char *code, char *out)
{
	char msg[64];
	snprintf(msg, sizeof(msg), "%lld|%s", booking_id, code);
	crypto_hmac_hex("otp", msg, out);
}

bool otp_issue(struct arena *a, long long booking_id, const char *purpose, char *code)
{
	char h[65], exp[20];
	crypto_code6(code);
	hash(booking_id, code, h);
	dt_format_sql(time(NULL) + OTP_TTL, exp);
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
	return db_exec(a, NULL, "INSERT INTO otp_codes (booking_id, purpose, code_hash, expires_utc, created_utc)"
		       " VALUES (?, ?, ?, ?, UTC_TIMESTAMP())", "isss", booking_id, purpose, h, exp) >= 0;
}

enum otp_status otp_verify(struct arena *a, long long booking_id, const char *purpose,
                           const char *code, int *left)
{
	*left = 0;
	if (!db_begin())
		return OTP_ERROR;
	struct db_res r;
	enum otp_status st;
	/* The row lock makes concurrent guesses count one by one. */
	if (db_exec(a, &r, "SELECT id, code_hash, attempts, expires_utc > UTC_TIMESTAMP() FROM otp_codes"
		    " WHERE booking_id = ? AND purpose = ? AND used_utc IS NULL"
		    " ORDER BY id DESC LIMIT 1 FOR UPDATE", "is", booking_id, purpose) < 0) {
		db_rollback();
		return OTP_ERROR;
	}
	if (r.nrows == 0 || !db_int(&r, 0, 3)) {
		db_rollback();
		return OTP_EXPIRED;
	}
	long long id = db_int(&r, 0, 0);
	int attempts = (int)db_int(&r, 0, 2);
	if (attempts >= OTP_MAX_TRIES) {
		db_rollback();
		return OTP_LOCKED;
	}
	char h[65];
	hash(booking_id, code, h);
	if (str_ct_eq(h, db_val(&r, 0, 1))) {
		db_exec(a, NULL, "UPDATE otp_codes SET used_utc = UTC_TIMESTAMP() WHERE id = ?", "i", id);
		st = OTP_OK;
	} else {
		attempts++;
		db_exec(a, NULL, "UPDATE otp_codes SET attempts = ? WHERE id = ?", "ii", (long long)attempts, id);
		*left = OTP_MAX_TRIES - attempts;
		st = *left > 0 ? OTP_WRONG : OTP_LOCKED;
	}
	if (!db_commit())
		return OTP_ERROR;
	return st;
}
