/* survey.c — see survey.h. */
#include "survey.h"
#include "audit.h"
#include "booking.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "outbox.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* -------------------------------------------------------- invitations */

/* 128 bits of HMAC: the link must fit in one SMS with its words. */
void survey_token(const struct booking_view *v, char *out)
{
	char msg[128], mac[65];
	snprintf(msg, sizeof(msg), "survey|%s|%s", v->ref, v->secret ? v->secret : "");
	crypto_hmac_hex("survey", msg, mac);
	snprintf(out, SURVEY_TOKEN_LEN + 1, "%.*s", SURVEY_TOKEN_LEN, mac);
}

bool survey_token_ok(const struct booking_view *v, const char *tok)
{
	if (!tok || strlen(tok) != SURVEY_TOKEN_LEN)
		return false;
	char want[SURVEY_TOKEN_LEN + 1];
	survey_token(v, want);
	return str_ct_eq(want, tok);
}

int survey_round(struct arena *a, const char *base_url, int max)
{
	/* Bounded by the age first (the index on finished_utc), then each
	 * commune's own delay. A booking decided once is never read again. */
	struct db_res r;
	if (db_exec(a, &r,
		    "SELECT b.id, c.id, c.survey_share FROM bookings b FORCE INDEX (ix_booking_finished)"
		    " JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id"
		    " JOIN communes c ON c.id = si.commune_id"
		    " LEFT JOIN survey_invites sv ON sv.booking_id = b.id"
		    " WHERE b.finished_utc > UTC_TIMESTAMP() - INTERVAL ? DAY"
		    " AND b.finished_utc <= UTC_TIMESTAMP() - INTERVAL c.survey_delay_hours HOUR"
		    " AND b.attendance = 'finished' AND b.status = 'confirmed' AND sv.booking_id IS NULL"
		    " ORDER BY b.finished_utc LIMIT ?", "ii", (long long)SURVEY_MAX_AGE_DAYS, (long long)max) < 0)
		return -1;
	int invited = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		long long id = db_int(&r, i, 0), commune = db_int(&r, i, 1);
		int share = (int)db_int(&r, i, 2);
		struct booking_view v;
		if (!booking_load(a, id, NULL, &v))
			continue;
		/* The draw, recorded with the decision: the same booking is
		 * never drawn twice. Nobody to write to: not surveyed. */
		bool drawn = share > 0 && (int)randombytes_uniform(100) < share && (v.phone || v.email);
		if (!db_begin())
			return -1;
		/* The marker's primary key decides between two workers. */
		if (db_exec(a, NULL, "INSERT INTO survey_invites (booking_id, commune_id, decided_utc, drawn)"
			    " VALUES (?, ?, UTC_TIMESTAMP(), ?)", "iii", id, commune, (long long)drawn) < 0) {
			db_rollback();
			continue;
		}
		bool ok = true;
		if (drawn) {
			char tok[SURVEY_TOKEN_LEN + 1];
			survey_token(&v, tok);
			ok = outbox_survey(a, &v, arena_printf(a, "%s/avis/%s?t=%s", base_url, v.ref, tok), base_url);
		}
		if (ok && db_commit()) {
			if (drawn) {
				invited++;
				log_info("survey invitation queued for booking %s", v.ref);
			}
		} else
			db_rollback();
	}
	return invited;
}

enum survey_state survey_state_of(struct arena *a, long long booking_id)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT drawn, answered FROM survey_invites WHERE booking_id = ?", "i", booking_id) < 0)
		return SURVEY_ERROR;
	if (q.nrows != 1 || !db_int(&q, 0, 0))
		return SURVEY_NONE;
	return db_int(&q, 0, 1) ? SURVEY_ANSWERED : SURVEY_OPEN;
}

enum survey_state survey_save(struct arena *a, const struct booking_view *v, const struct survey_answer *ans)
{
	struct tm t;
	dt_utc_to_local(v->start, &t);
	char month[24], id[33];
	snprintf(month, sizeof(month), "%04d-%02d-01", (t.tm_year + 1900) % 10000, (t.tm_mon + 1) % 100);
	crypto_random_hex(id, 16);
	if (!db_begin())
		return SURVEY_ERROR;
	/* The marker first: of two answers sent at once, one finds it
	 * already set and stores nothing. */
	long long n = db_exec(a, NULL, "UPDATE survey_invites SET answered = 1"
			      " WHERE booking_id = ? AND drawn = 1 AND answered = 0", "i", v->id);
	if (n < 0) {
		db_rollback();
		return SURVEY_ERROR;
	}
	if (n == 0) {
		db_rollback();
		return survey_state_of(a, v->id) == SURVEY_ANSWERED ? SURVEY_ANSWERED : SURVEY_NONE;
	}
	const char *text = ans->text && *ans->text ? ans->text : NULL;
	if (db_exec(a, NULL, "INSERT INTO survey_answers (id, commune_id, site_id, procedure_id, month, overall, ease,"
		    " clarity, waiting, called, free_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "siiisiiiiis", id,
		    v->commune_id, v->site_id, v->procedure_id, month, (long long)ans->overall, (long long)ans->ease,
		    (long long)ans->clarity, (long long)ans->waiting, (long long)ans->called, text) < 0 ||
	    !db_commit()) {
		db_rollback();
		return SURVEY_ERROR;
	}
	return SURVEY_OPEN;
}

/* ------------------------------------------------------------ figures */

long survey_sites(struct arena *a, const char *from_month, const char *to_month, struct survey_site **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q,
		    "SELECT si.id, c.id, si.name, c.name, COUNT(sa.id), COALESCE(SUM(sa.overall = 1), 0),"
		    " COALESCE(SUM(sa.overall = 2), 0), COALESCE(SUM(sa.overall = 3), 0), COALESCE(SUM(sa.ease = 1), 0),"
		    " COALESCE(SUM(sa.clarity = 1), 0), COALESCE(SUM(sa.waiting = 1), 0), COALESCE(SUM(sa.called), 0)"
		    " FROM sites si JOIN communes c ON c.id = si.commune_id"
		    " LEFT JOIN survey_answers sa ON sa.site_id = si.id AND sa.month >= ? AND sa.month < ?"
		    " WHERE c.equipped = 1 GROUP BY si.id, c.id, si.name, c.name, si.active"
		    " HAVING si.active = 1 OR COUNT(sa.id) > 0 ORDER BY c.name, c.id, si.name",
		    "ss", from_month, to_month) < 0)
		return -1;
	struct survey_site *v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++) {
		v[i].site_id = db_int(&q, i, 0);
		v[i].commune_id = db_int(&q, i, 1);
		v[i].site_name = db_val(&q, i, 2);
		v[i].commune_name = db_val(&q, i, 3);
		v[i].n = (long)db_int(&q, i, 4);
		v[i].satisfied = (long)db_int(&q, i, 5);
		v[i].middling = (long)db_int(&q, i, 6);
		v[i].unsatisfied = (long)db_int(&q, i, 7);
		v[i].easy = (long)db_int(&q, i, 8);
		v[i].clear = (long)db_int(&q, i, 9);
		v[i].wait_ok = (long)db_int(&q, i, 10);
		v[i].called = (long)db_int(&q, i, 11);
	}
	*out = v;
	return (long)q.nrows;
}

/* ----------------------------------------------------------- quarters */

void survey_quarter_now(struct survey_quarter *out)
{
	int y, m, d;
	dt_today_local(&y, &m, &d);
	out->year = y;
	out->q = (m - 1) / 3 + 1;
}

bool survey_quarter_parse(const char *s, struct survey_quarter *out)
{
	if (!s || strlen(s) != 7 || s[4] != '-' || s[5] != 'T' || s[6] < '1' || s[6] > '4')
		return false;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		y = y * 10 + (s[i] - '0');
	}
	if (y < 2000 || y > 2100)
		return false;
	out->year = y;
	out->q = s[6] - '0';
	return true;
}

void survey_quarter_months(const struct survey_quarter *q, char from[11], char to[11])
{
	unsigned y = (unsigned)q->year % 10000u, m = (unsigned)((q->q - 1) & 3) * 3 + 1;
	snprintf(from, 11, "%04u-%02u-01", y, m);
	if (m == 10)
		snprintf(to, 11, "%04u-01-01", (y + 1) % 10000u);
	else
		snprintf(to, 11, "%04u-%02u-01", y, m + 3);
}

void survey_quarter_back(const struct survey_quarter *q, int n, struct survey_quarter *out)
{
	int k = q->year * 4 + (q->q - 1) - n;
	out->year = k / 4;
	out->q = k % 4 + 1;
}

/* ------------------------------------------------------------ actions */

static long actions_of(struct arena *a, const struct db_res *q, struct survey_action **out)
{
	struct survey_action *v = arena_alloc(a, (q->nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q->nrows; i++) {
		v[i].commune_id = db_int(q, i, 0);
		v[i].year = (int)db_int(q, i, 1);
		v[i].q = (int)db_int(q, i, 2);
		v[i].body = db_val(q, i, 3);
		v[i].updated = db_val(q, i, 4);
	}
	*out = v;
	return (long)q->nrows;
}

long survey_actions_of_quarter(struct arena *a, const struct survey_quarter *qq, struct survey_action **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT commune_id, year, quarter, body, DATE_FORMAT(updated_utc, '%Y-%m-%d')"
		    " FROM survey_actions WHERE year = ? AND quarter = ?", "ii", (long long)qq->year, (long long)qq->q) < 0)
		return -1;
	return actions_of(a, &q, out);
}

long survey_actions_of_commune(struct arena *a, long long commune_id, struct survey_action **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT commune_id, year, quarter, body, DATE_FORMAT(updated_utc, '%Y-%m-%d')"
		    " FROM survey_actions WHERE commune_id = ? ORDER BY year DESC, quarter DESC LIMIT 40",
		    "i", commune_id) < 0)
		return -1;
	return actions_of(a, &q, out);
}

bool survey_action_save(struct arena *a, long long by, long long commune_id, const struct survey_quarter *q,
                        const char *body)
{
	if (!db_begin())
		return false;
	bool empty = !body || !*body;
	const char *quarter = arena_printf(a, "%04d-T%d", q->year, q->q);
	bool ok = (empty ? db_exec(a, NULL, "DELETE FROM survey_actions WHERE commune_id = ? AND year = ? AND quarter = ?",
				   "iii", commune_id, (long long)q->year, (long long)q->q)
			 : db_exec(a, NULL, "INSERT INTO survey_actions (commune_id, year, quarter, body, updated_utc, staff_id)"
				   " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), ?) ON DUPLICATE KEY UPDATE body = VALUES(body),"
				   " updated_utc = VALUES(updated_utc), staff_id = VALUES(staff_id)",
				   "iiisi", commune_id, (long long)q->year, (long long)q->q, body, by)) >= 0 &&
		  audit(a, by, commune_id, empty ? "survey_actions_withdrawn" : "survey_actions_published", "commune",
			arena_printf(a, "%lld", commune_id), quarter);
	if (ok && db_commit())
		return true;
	db_rollback();
	return false;
}

/* --------------------------------------------------------- free texts */

long survey_texts(struct arena *a, long long commune_id, int max, struct survey_text **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT si.name, DATE_FORMAT(sa.month, '%Y-%m'), sa.free_text, sa.overall"
		    " FROM survey_answers sa JOIN sites si ON si.id = sa.site_id"
		    " WHERE sa.commune_id = ? AND sa.free_text IS NOT NULL"
		    " ORDER BY sa.month DESC, si.name, sa.id LIMIT ?", "ii", commune_id, (long long)max) < 0)
		return -1;
	struct survey_text *v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++) {
		v[i].site_name = db_val(&q, i, 0);
		v[i].month = db_val(&q, i, 1);
		v[i].text = db_val(&q, i, 2);
		v[i].overall = (int)db_int(&q, i, 3);
	}
	*out = v;
	return (long)q.nrows;
}
