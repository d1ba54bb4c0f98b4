/* ants_coord.c — see ants_coord.h. */
#include "ants_coord.h"
#include "booking.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "transport.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- settings */

static struct {
	bool loaded, on;
	const char *url;     /* without a trailing slash */
	char *token;         /* never logged */
	void *curl;
} S;

static void load(void)
{
	if (S.loaded)
		return;
	S.loaded = true;
	const char *url = config_get("ants_api_url", "");
	const char *tf = config_get("ants_api_token_file", "");
	if (str_empty(url) || str_empty(tf))
		return;
	if (!str_starts(url, "http://") && !str_starts(url, "https://")) {
		log_error("ants_api_url must start with http:// or https://: ANTS coordination off");
		return;
	}
	S.token = config_read_file(tf);
	if (!S.token || !*S.token || strpbrk(S.token, "\r\n")) {
		log_error("ants_api_token_file cannot be read: ANTS coordination off");
		free(S.token);
		S.token = NULL;
		return;
	}
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	char *u = xmalloc(n + 1);
	memcpy(u, url, n);
	u[n] = '\0';
	S.url = u;
	S.on = true;
}

bool ants_coord_enabled(void)
{
	load();
	return S.on;
}

/* ---------------------------------------------------------- queue side */

/* One INSERT for all the numbers of a booking (one to five people): the
 * statement cache is keyed by the SQL text's address, so one constant per
 * row count. */
#define QCOLS "(idem_key, op, booking_id, commune_id, application_id, meeting_point, meeting_point_id," \
	" appointment_date, management_url, recheck, next_try_utc, created_utc)"
#define QROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define QINS "INSERT IGNORE INTO ants_queue " QCOLS " VALUES " QROW
static const char *const queue_sql[] = {
	QINS, QINS ", " QROW, QINS ", " QROW ", " QROW, QINS ", " QROW ", " QROW ", " QROW,
	QINS ", " QROW ", " QROW ", " QROW ", " QROW,
};
#define QMAX (sizeof(queue_sql) / sizeof(queue_sql[0]))

bool ants_coord_queue(struct arena *a, const struct booking_view *v, const char *op)
{
	if (!ants_coord_enabled())
		return true;
	union db_param pv[QMAX * 10];
	char fmt[QMAX * 10 + 1];
	size_t n = 0;
	const char *manage = NULL, *date = NULL, *site_id = NULL;
	for (int i = 0; i < v->npersons && n < QMAX; i++) {
		const char *num = v->persons[i].predemande;
		if (str_empty(num))
			continue;
		if (!date) {
			char d[20];
			struct tm tm;
			dt_utc_to_local(v->start, &tm);
			strftime(d, sizeof(d), "%Y-%m-%d %H:%M:%S", &tm);
			date = arena_strdup(a, d);
			site_id = arena_printf(a, "%lld", v->site_id);
			manage = "";
			if (str_eq(op, "create")) {
				char tok[65];
				booking_token(v, "manage", tok);
				manage = arena_printf(a, "%s/rdv/%s?t=%s",
						      config_get("public_base_url", "http://127.0.0.1:8080"), v->ref, tok);
			}
		}
		/* moved_count: a move back to an earlier time is a new change. */
		union db_param *p = &pv[n * 10];
		p[0].s = arena_printf(a, "%s:%lld:%d:%s", op, v->id, v->moved_count, num);
		p[1].s = op;
		p[2].i = v->id;
		p[3].i = v->commune_id;
		p[4].s = num;
		p[5].s = v->site_name ? v->site_name : "";
		p[6].s = site_id;
		p[7].s = date;
		p[8].s = manage;
		p[9].i = v->persons[i].ants_recheck;
		memcpy(&fmt[n * 10], "ssiisssssi", 10);
		n++;
	}
	if (n == 0)
		return true;
	fmt[n * 10] = '\0';
	return db_execv(a, NULL, queue_sql[n - 1], fmt, pv) >= 0;
}

bool ants_coord_queue_id(struct arena *a, long long booking_id, const char *op)
{
	if (!ants_coord_enabled())
		return true;
	struct booking_view v;
	if (!booking_load(a, booking_id, NULL, &v))
		return !db_failed();
	return ants_coord_queue(a, &v, op);
}

/* ------------------------------------------------------ what staff see */

long ants_coord_list(struct arena *a, long long booking_id, struct ants_decl **out)
{
	*out = NULL;
	struct db_res r;
	if (db_exec(a, &r, "SELECT q.op, q.application_id, q.status, q.attempts, q.answer, q.created_utc,"
		    " q.appointment_date, q.recheck, NOT EXISTS (SELECT 1 FROM ants_queue p WHERE p.booking_id = q.booking_id"
		    " AND p.application_id = q.application_id AND p.id > q.id)"
		    " FROM ants_queue q WHERE q.booking_id = ? ORDER BY q.id", "i", booking_id) < 0)
		return -1;
	struct ants_decl *d = arena_alloc(a, (r.nrows + 1) * sizeof(*d));
	for (size_t i = 0; i < r.nrows; i++) {
		d[i].op = db_val(&r, i, 0);
		d[i].application_id = db_val(&r, i, 1);
		d[i].status = db_val(&r, i, 2);
		d[i].attempts = (int)db_int(&r, i, 3);
		d[i].answer = db_val(&r, i, 4);
		d[i].created_utc = db_val(&r, i, 5);
		d[i].appointment_date = db_val(&r, i, 6);
		d[i].recheck = db_int(&r, i, 7) != 0;
		d[i].latest = db_int(&r, i, 8) != 0;
	}
	*out = d;
	return (long)r.nrows;
}

long long ants_coord_retry(struct arena *a, long long booking_id)
{
	/* Only the last change of each number: an older failed create must
	 * not come back after its delete. */
	return db_exec(a, NULL, "UPDATE ants_queue q SET q.status = 'pending', q.attempts = 0,"
		       " q.next_try_utc = UTC_TIMESTAMP() WHERE q.booking_id = ? AND q.status = 'failed'"
		       " AND NOT EXISTS (SELECT 1 FROM ants_queue p WHERE p.booking_id = q.booking_id"
		       " AND p.application_id = q.application_id AND p.id > q.id)", "i", booking_id);
}

/* ------------------------------------------------------- delivery side */

int ants_coord_claim(struct arena *a, const char *worker, int max, int lease_s, struct ants_job **jobs)
{
	*jobs = NULL;
	if (!db_begin())
		return -1;
	struct db_res r;
	/* A row waits for the rows before it of the same booking and number
	 * (a delete never overtakes its create). */
	if (db_exec(a, &r,
		    "SELECT q.id, q.booking_id, q.idem_key, q.op, q.application_id, q.meeting_point,"
		    " q.meeting_point_id, q.appointment_date, q.management_url, q.attempts, q.recheck"
		    " FROM ants_queue q WHERE q.status = 'pending' AND q.next_try_utc <= UTC_TIMESTAMP()"
		    " AND NOT EXISTS (SELECT 1 FROM ants_queue p WHERE p.booking_id = q.booking_id"
		    " AND p.application_id = q.application_id AND p.id < q.id AND p.status IN ('pending', 'sending'))"
		    " ORDER BY q.next_try_utc, q.id LIMIT ? FOR UPDATE SKIP LOCKED", "i", (long long)max) < 0)
		goto fail;
	struct ants_job *j = arena_alloc(a, (r.nrows ? r.nrows : 1) * sizeof(*j));
	for (size_t i = 0; i < r.nrows; i++) {
		j[i].id = db_int(&r, i, 0);
		j[i].booking_id = db_int(&r, i, 1);
		j[i].idem_key = db_val(&r, i, 2);
		j[i].op = db_val(&r, i, 3);
		j[i].application_id = db_val(&r, i, 4);
		j[i].meeting_point = db_val(&r, i, 5);
		j[i].meeting_point_id = db_val(&r, i, 6);
		j[i].appointment_date = db_val(&r, i, 7);
		j[i].management_url = db_val(&r, i, 8);
		j[i].attempts = (int)db_int(&r, i, 9) + 1;
		j[i].recheck = db_int(&r, i, 10) != 0;
		if (db_exec(a, NULL, "UPDATE ants_queue SET status = 'sending', claimed_by = ?, attempts = attempts + 1,"
			    " claim_until = UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE id = ?", "sii", worker,
			    (long long)lease_s, j[i].id) < 0)
			goto fail;
	}
	if (!db_commit())
		return -1;
	*jobs = j;
	return (int)r.nrows;
fail:
	db_rollback();
	return -1;
}

static const char *answer_of(struct arena *a, const char *answer)
{
	char clean[256];
	transport_clean_answer(answer ? answer : "", answer ? strlen(answer) : 0, clean, sizeof(clean));
	return arena_strdup(a, clean);
}

bool ants_coord_done(struct arena *a, const struct ants_job *j, const char *worker, const char *answer)
{
	return db_exec(a, NULL, "UPDATE ants_queue SET status = 'done', done_utc = UTC_TIMESTAMP(), answer = ?,"
		       " claimed_by = '' WHERE id = ? AND status = 'sending' AND claimed_by = ?", "sis",
		       answer_of(a, answer), j->id, worker) >= 0;
}

bool ants_coord_failed(struct arena *a, const struct ants_job *j, const char *worker, bool final,
                       int delay_s, const char *answer)
{
	return db_exec(a, NULL, "UPDATE ants_queue SET status = IF(?, 'failed', 'pending'), answer = ?, claimed_by = '',"
		       " next_try_utc = UTC_TIMESTAMP() + INTERVAL ? SECOND"
		       " WHERE id = ? AND status = 'sending' AND claimed_by = ?", "isiis", (long long)final,
		       answer_of(a, answer), (long long)delay_s, j->id, worker) >= 0;
}

void ants_coord_release(struct arena *a, const struct ants_job *j, const char *worker)
{
	db_exec(a, NULL, "UPDATE ants_queue SET status = 'pending', claimed_by = '', attempts = attempts - 1"
		" WHERE id = ? AND status = 'sending' AND claimed_by = ?", "is", j->id, worker);
}

int ants_coord_recover(struct arena *a)
{
	if (!ants_coord_enabled())
		return 0;
	long long n = db_exec(a, NULL, "UPDATE ants_queue SET status = 'pending', claimed_by = ''"
			      " WHERE status = 'sending' AND claim_until < UTC_TIMESTAMP()", "");
	return n < 0 ? -1 : (int)n;
}

/* --------------------------------------------------------- HTTP client */



static void add_param(struct sbuf *u, CURL *h, const char *name, const char *value, bool *first)
{
	char *e = curl_easy_escape(h, value ? value : "", 0);
	sbuf_printf(u, "%c%s=%s", *first ? '?' : '&', name, e ? e : "");
	curl_free(e);
	*first = false;
}

/* One call: method to base + path + the query. Returns the HTTP code, 0
 * on a network error or timeout (err says which). */
static long call(const char *method, const char *path, const char *const *params, size_t np, long timeout_s,
                 struct tr_capture *cap, char *err, size_t errsz)
{
	err[0] = '\0';
	cap->len = 0;
	cap->buf[0] = '\0';
	if (!S.curl)
		S.curl = curl_easy_init();
	else
		curl_easy_reset(S.curl);
	CURL *h = S.curl;
	if (!h) {
		snprintf(err, errsz, "libcurl: no handle");
		return 0;
	}
	struct sbuf u;
	sbuf_init(&u);
	sbuf_adds(&u, S.url);
	sbuf_adds(&u, path);
	bool first = true;
	for (size_t i = 0; i + 1 < np; i += 2)
		add_param(&u, h, params[i], params[i + 1], &first);
	struct curl_slist *hdrs = NULL;
	char line[600];
	snprintf(line, sizeof(line), "x-rdv-opt-auth-token: %s", S.token);
	hdrs = curl_slist_append(hdrs, line);
	explicit_bzero(line, sizeof(line));
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_setopt(h, CURLOPT_URL, u.s);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "creneau");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, transport_capture);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, cap);
	if (str_eq(method, "POST")) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
	} else if (str_eq(method, "DELETE"))
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
	else
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hdrs);
	sbuf_free(&u);
	if (rc != CURLE_OK) {
		snprintf(err, errsz, "%s", curl_easy_strerror(rc));
		return 0;
	}
	return code;
}

static bool has_ci(const char *hay, const char *needle)
{
	return strcasestr(hay, needle) != NULL;
}

const char *ants_check_refusal(const struct ants_app *st, const char *our_base_url)
{
	switch (st->status) {
	case ANTS_APP_VALIDATED: return NULL;
	case ANTS_APP_CONSUMED: return "consumed";
	case ANTS_APP_EXPIRED: return "expired";
	case ANTS_APP_UNKNOWN: return "unknown";
	case ANTS_APP_ERROR: return "no status";
	case ANTS_APP_DECLARED: break;
	}
	if (st->n == 0)
		return "declared elsewhere";
	size_t n = our_base_url ? strlen(our_base_url) : 0;
	for (int i = 0; i < st->n; i++) {
		const char *u = st->where[i].management_url;
		if (n == 0 || !u || strncmp(u, our_base_url, n) != 0)
			return "declared elsewhere";
	}
	return NULL;       /* only with us: ours, or a repeat */
}

enum ants_call ants_coord_send(const struct ants_job *j, long timeout_s, char *answer, size_t answersz)
{
	answer[0] = '\0';
	if (!ants_coord_enabled()) {
		snprintf(answer, answersz, "ANTS coordination off");
		return ANTS_CALL_RETRY;
	}
	bool create = str_eq(j->op, "create");
	/* Not checked at booking (ANTS did not answer then): checked now, so
	 * that a number used meanwhile is not declared. */
	if (create && j->recheck) {
		struct arena *a = arena_new();
		struct ants_app st;
		const char *id = j->application_id;
		bool ok = ants_coord_status(a, &id, 1, timeout_s, &st);
		const char *why = ok ? ants_check_refusal(&st, config_get("public_base_url", "")) : NULL;
		arena_free(a);
		if (!ok) {
			snprintf(answer, answersz, "status check: no answer");
			return ANTS_CALL_RETRY;
		}
		if (why) {
			snprintf(answer, answersz, "status check: %s", why);
			return ANTS_CALL_FAIL;
		}
	}
	const char *p[] = {
		"application_id", j->application_id, "meeting_point", j->meeting_point,
		"meeting_point_id", j->meeting_point_id, "appointment_date", j->appointment_date,
		"management_url", j->management_url,
	};
	struct tr_capture cap;
	char err[200], reply[300];
	long code = call(create ? "POST" : "DELETE", "/api/appointments", p, create ? 10 : 8, timeout_s, &cap,
			 err, sizeof(err));
	if (code == 0) {
		snprintf(answer, answersz, "%s", err);
		return ANTS_CALL_RETRY;
	}
	transport_clean_answer(cap.buf, cap.len, reply, sizeof(reply));
	snprintf(answer, answersz, "HTTP %ld %s", code, reply);
	/* A repeat after a lost lease: ANTS has it already. */
	if (create && has_ci(cap.buf, "already exists"))
		return ANTS_CALL_OK;
	if (code >= 200 && code < 300) {
		if (create ? (strstr(cap.buf, "\"success\"") && strstr(cap.buf, "true")) : strstr(cap.buf, "\"rowcount\"") != NULL)
			return ANTS_CALL_OK;
		return ANTS_CALL_RETRY;    /* a 2xx we cannot read: not sure it was taken */
	}
	if (code == 400 || code == 404 || code == 422)
		return ANTS_CALL_FAIL;
	return ANTS_CALL_RETRY;       /* 401/403 (settings), 429, 5xx */
}

/* ---------------------------------------------------- status, read back */

/* A string member of o, copied (NULL when absent or not a string). */
static const char *jstr(struct arena *a, struct json_object *o, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return arena_strdup(a, json_object_get_string(v));
}

static enum ants_app_status status_of(const char *st)
{
	static const struct { const char *name; enum ants_app_status st; } names[] = {
		{ "validated", ANTS_APP_VALIDATED }, { "declared", ANTS_APP_DECLARED },
		{ "consumed", ANTS_APP_CONSUMED }, { "expired", ANTS_APP_EXPIRED },
		{ "unknown", ANTS_APP_UNKNOWN },
	};
	for (size_t i = 0; st && i < ARRAY_LEN(names); i++)
		if (str_eq(st, names[i].name))
			return names[i].st;
	return ANTS_APP_ERROR;
}

/* The member of the answer for id: ANTS may write it in another case. */
static struct json_object *answer_for(struct json_object *root, const char *id)
{
	json_object_object_foreach(root, k, v)
		if (strcasecmp(k, id) == 0 && json_object_is_type(v, json_type_object))
			return v;
	return NULL;
}

bool ants_coord_status(struct arena *a, const char *const *ids, int n, long timeout_s, struct ants_app *out)
{
	for (int i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].status = ANTS_APP_ERROR;
	}
	if (!ants_coord_enabled() || n < 1 || n > ANTS_STATUS_MAX)
		return false;
	const char *p[2 * ANTS_STATUS_MAX];
	for (int i = 0; i < n; i++) {
		p[2 * i] = "application_ids";
		p[2 * i + 1] = ids[i];
	}
	struct tr_capture cap;
	char err[200];
	long code = call("GET", "/api/status", p, (size_t)(2 * n), timeout_s, &cap, err, sizeof(err));
	if (code < 200 || code >= 300) {
		if (code)
			log_error("ANTS status: HTTP %ld", code);
		else
			log_error("ANTS status: %s", err);
		return false;
	}
	/* {"<id>": {"status": "...", "appointments": [{management_url,
	 * meeting_point, appointment_date}, ...]}, ...} */
	struct json_tokener *tk = json_tokener_new();
	struct json_object *root = tk ? json_tokener_parse_ex(tk, cap.buf, (int)cap.len) : NULL;
	if (tk)
		json_tokener_free(tk);
	if (!root || !json_object_is_type(root, json_type_object)) {
		log_error("ANTS status: an answer that is not a JSON object");
		json_object_put(root);
		return false;
	}
	bool all = true;
	for (int i = 0; i < n; i++) {
		struct json_object *one = answer_for(root, ids[i]), *aps;
		const char *st = one ? jstr(a, one, "status") : NULL;
		out[i].status = status_of(st);
		if (out[i].status == ANTS_APP_ERROR) {
			all = false;
			continue;
		}
		if (!json_object_object_get_ex(one, "appointments", &aps) || !json_object_is_type(aps, json_type_array))
			continue;
		size_t len = json_object_array_length(aps);
		for (size_t k = 0; k < len && out[i].n < ANTS_MAX_ELSEWHERE; k++) {
			struct json_object *ap = json_object_array_get_idx(aps, k);
			if (!json_object_is_type(ap, json_type_object))
				continue;
			struct ants_elsewhere *w = &out[i].where[out[i].n];
			w->meeting_point = jstr(a, ap, "meeting_point");
			w->appointment_date = jstr(a, ap, "appointment_date");
			w->management_url = jstr(a, ap, "management_url");
			if (w->meeting_point || w->appointment_date)
				out[i].n++;
		}
	}
	json_object_put(root);
	if (!all)
		log_error("ANTS status: an answer without a status for every number");
	return all;
}
