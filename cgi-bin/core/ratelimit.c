/* ratelimit.c — see ratelimit.h. */
#include "ratelimit.h"
#include "crypto.h"
#include "db.h"

static long long count(struct arena *a, const char *bucket, const char *kh, int window)
{
	struct db_res res;
	if (db_exec(a, &res,
		    "SELECT COUNT(*) FROM rate_events WHERE bucket = ? AND key_hash = ?"
		    " AND at_utc > UTC_TIMESTAMP() - INTERVAL ? SECOND",
		    "ssi", bucket, kh, (long long)window) < 0)
		return -1;
	return db_int(&res, 0, 0);
}

bool ratelimit_ok(struct arena *a, const char *bucket, const char *key, int window, int max)
{
	char kh[65];
	crypto_hmac_hex("rate", key, kh);
	long long n = count(a, bucket, kh, window);
	return n < 0 || n < max;
}

bool ratelimit_hit(struct arena *a, const char *bucket, const char *key, int window, int max)
{
	char kh[65];
	crypto_hmac_hex("rate", key, kh);
	long long n = count(a, bucket, kh, window);
	if (n >= max)
		return false;
	db_exec(a, NULL, "INSERT INTO rate_events (bucket, key_hash, at_utc) VALUES (?, ?, UTC_TIMESTAMP(3))",
		"ss", bucket, kh);
	return true;
}

bool ratelimit_record(struct arena *a, const char *bucket, const char *key)
{
	char kh[65];
	crypto_hmac_hex("rate", key, kh);
	return db_exec(a, NULL, "INSERT INTO rate_events (bucket, key_hash, at_utc) VALUES (?, ?, UTC_TIMESTAMP(3))",
		       "ss", bucket, kh) >= 0;
}

void ratelimit_key(const char *key, char *out)
{
	crypto_hmac_hex("rate", key, out);
}

long long ratelimit_recent(struct arena *a, const char *bucket, const char *key, int window, long long *age_ms)
{
	char kh[65];
	crypto_hmac_hex("rate", key, kh);
	struct db_res res;
	if (db_exec(a, &res,
		    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(MICROSECOND, MAX(at_utc), UTC_TIMESTAMP(3)) DIV 1000, 0)"
		    " FROM rate_events WHERE bucket = ? AND key_hash = ? AND at_utc > UTC_TIMESTAMP() - INTERVAL ? SECOND",
		    "ssi", bucket, kh, (long long)window) < 0)
		return -1;
	*age_ms = db_int(&res, 0, 1);
	return db_int(&res, 0, 0);
}

bool ratelimit_clear(struct arena *a, const char *bucket, const char *key)
{
	char kh[65];
	crypto_hmac_hex("rate", key, kh);
	return db_exec(a, NULL, "DELETE FROM rate_events WHERE bucket = ? AND key_hash = ?", "ss", bucket, kh) >= 0;
}
