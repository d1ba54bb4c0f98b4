/* noshow.c — see noshow.h. */
#include "noshow.h"
#include "audit.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"

#include <stdio.h>

int noshow_notice(struct arena *a, long long commune_id)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT noshow_notice FROM communes WHERE id = ?", "i", commune_id) < 0)
		return -1;
	/* A commune gone meanwhile: the message, as before this setting. */
	return q.nrows == 1 ? noshow_notice_parse(db_val(&q, 0, 0)) : NOSHOW_MESSAGE;
}

const char *noshow_notice_word(int bits)
{
	switch (bits) {
	case NOSHOW_LETTER:
		return "letter";
	case NOSHOW_MESSAGE | NOSHOW_LETTER:
		return "both";
	default:
		return "message";
	}
}

int noshow_notice_parse(const char *word)
{
	if (str_eq(word, "message"))
		return NOSHOW_MESSAGE;
	if (str_eq(word, "letter"))
		return NOSHOW_LETTER;
	if (str_eq(word, "both"))
		return NOSHOW_MESSAGE | NOSHOW_LETTER;
	return 0;
}

bool noshow_notice_save(struct arena *a, long long by, long long commune_id, int bits)
{
	const char *w = noshow_notice_word(bits);
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "UPDATE communes SET noshow_notice = ? WHERE id = ?", "si", w, commune_id) >= 0 &&
	    audit(a, by, commune_id, "noshow_notice", "commune", arena_printf(a, "%lld", commune_id), w) &&
	    db_commit())
		return true;
	db_rollback();
	return false;
}

/* The stored form of a person's identity: an HMAC, so the marks name
 * nobody once the bookings are purged. out >= 65 bytes. */
static void identity_hash(struct arena *a, const struct person *p, char *out)
{
	crypto_hmac_hex("noshow", booking_identity_name(a, p), out);
}

bool noshow_mark(struct arena *a, const struct booking_view *v)
{
	for (int i = 0; i < v->npersons; i++) {
		char h[65];
		identity_hash(a, &v->persons[i], h);
		if (db_exec(a, NULL, "INSERT IGNORE INTO noshow_marks (identity_hash, booking_id, at_utc)"
			    " VALUES (?, ?, UTC_TIMESTAMP())", "si", h, v->id) < 0)
			return false;
	}
	return true;
}

bool noshow_unmark(struct arena *a, long long booking_id)
{
	return db_exec(a, NULL, "DELETE FROM noshow_marks WHERE booking_id = ?", "i", booking_id) >= 0;
}

bool noshow_history(struct arena *a, const struct booking_view *v, int *counts)
{
	for (int i = 0; i < v->npersons; i++) {
		char h[65];
		struct db_res q;
		identity_hash(a, &v->persons[i], h);
		if (db_exec(a, &q, "SELECT COUNT(*) FROM noshow_marks WHERE identity_hash = ? AND booking_id <> ?"
			    " AND at_utc > UTC_TIMESTAMP() - INTERVAL ? DAY",
			    "sii", h, v->id, (long long)NOSHOW_HISTORY_DAYS) < 0)
			return false;
		counts[i] = (int)db_int(&q, 0, 0);
	}
	return true;
}

long noshow_day(struct arena *a, long long commune_id, int y, int mo, int d, long long **ids)
{
	*ids = NULL;
	time_t f, u;
	int y2 = y, m2 = mo, d2 = d;
	dt_add_days(&y2, &m2, &d2, 1);
	if (!dt_local_to_utc(y, mo, d, 0, 0, &f) || !dt_local_to_utc(y2, m2, d2, 0, 0, &u))
		return -1;
	char from[20], until[20];
	dt_format_sql(f, from);
	dt_format_sql(u, until);
	struct db_res r;
	if (db_exec(a, &r, "SELECT b.id FROM bookings b JOIN devices d ON d.id = b.device_id"
		    " JOIN sites si ON si.id = d.site_id WHERE si.commune_id = ? AND b.attendance = 'noshow'"
		    " AND b.start_utc >= ? AND b.start_utc < ? ORDER BY b.start_utc, b.id",
		    "iss", commune_id, from, until) < 0)
		return -1;
	long long *v = arena_alloc(a, (r.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < r.nrows; i++)
		v[i] = db_int(&r, i, 0);
	*ids = v;
	return (long)r.nrows;
}
