/* ants_coord.c — see ants_coord.h. */
#include "ants_coord.h"
#include "booking.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "transport.h"

#include <curl/curl.h>
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
	" appointment_date, management_url, next_try_utc, created_utc)"
#define QROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
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
	union db_param pv[QMAX * 9];
	char fmt[QMAX * 9 + 1];
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
		union db_param *p = &pv[n * 9];
		p[0].s = arena_printf(a, "%s:%lld:%d:%s", op, v->id, v->moved_count, num);
		p[1].s = op;
		p[2].i = v->id;
		p[3].i = v->commune_id;
		p[4].s = num;
		p[5].s = v->site_name ? v->site_name : "";
		p[6].s = site_id;
		p[7].s = date;
		p[8].s = manage;
		memcpy(&fmt[n * 9], "ssiisssss", 9);
		n++;
	}
	if (n == 0)
		return true;
	fmt[n * 9] = '\0';
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
		    " q.meeting_point_id, q.appointment_date, q.management_url, q.attempts"
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

struct capture { char buf[4096]; size_t len; };

static size_t on_write(char *p, size_t size, size_t n, void *ud)
{
	struct capture *c = ud;
	size_t len = size * n;
	size_t room = sizeof(c->buf) - 1 - c->len;
	size_t take = len < room ? len : room;
	memcpy(c->buf + c->len, p, take);
	c->len += take;
	c->buf[c->len] = '\0';
	return len;
}

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
                 struct capture *cap, char *err, size_t errsz)
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
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
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

enum ants_call ants_coord_send(const struct ants_job *j, long timeout_s, char *answer, size_t answersz)
{
	answer[0] = '\0';
	if (!ants_coord_enabled()) {
		snprintf(answer, answersz, "ANTS coordination off");
		return ANTS_CALL_RETRY;
	}
	bool create = str_eq(j->op, "create");
	const char *p[] = {
		"application_id", j->application_id, "meeting_point", j->meeting_point,
		"meeting_point_id", j->meeting_point_id, "appointment_date", j->appointment_date,
		"management_url", j->management_url,
	};
	struct capture cap;
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

/* A JSON string starting at p (at its opening quote): the unescaped text
 * (arena) and *end after the closing quote; NULL when malformed. Only the
 * escapes ANTS may send matter here; \uXXXX becomes UTF-8. */
static const char *json_str(struct arena *a, const char *p, const char **end)
{
	if (*p != '"')
		return NULL;
	struct sbuf b;
	sbuf_init(&b);
	for (p++; *p && *p != '"'; p++) {
		if (*p != '\\') {
			sbuf_addc(&b, *p);
			continue;
		}
		p++;
		switch (*p) {
		case 'n': sbuf_addc(&b, '\n'); break;
		case 't': sbuf_addc(&b, '\t'); break;
		case 'r': case 'b': case 'f': break;
		case 'u': {
			unsigned cp = 0;
			for (int k = 1; k <= 4; k++) {
				char c = p[k];
				if (!c) { sbuf_free(&b); return NULL; }
				cp = cp * 16 + (unsigned)(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
			}
			p += 4;
			if (cp < 0x80)
				sbuf_addc(&b, (char)cp);
			else if (cp < 0x800) {
				sbuf_addc(&b, (char)(0xC0 | (cp >> 6)));
				sbuf_addc(&b, (char)(0x80 | (cp & 0x3F)));
			} else {
				sbuf_addc(&b, (char)(0xE0 | (cp >> 12)));
				sbuf_addc(&b, (char)(0x80 | ((cp >> 6) & 0x3F)));
				sbuf_addc(&b, (char)(0x80 | (cp & 0x3F)));
			}
			break;
		}
		case '\0': sbuf_free(&b); return NULL;
		default: sbuf_addc(&b, *p);
		}
	}
	if (*p != '"') {
		sbuf_free(&b);
		return NULL;
	}
	*end = p + 1;
	const char *s = arena_strdup(a, b.s ? b.s : "");
	sbuf_free(&b);
	return s;
}

/* The string value of "name" at or after p and before stop (NULL: none). */
static const char *member(struct arena *a, const char *p, const char *stop, const char *name)
{
	char key[64];
	snprintf(key, sizeof(key), "\"%s\"", name);
	const char *k = strstr(p, key);
	if (!k || (stop && k >= stop))
		return NULL;
	k += strlen(key);
	while (*k == ' ' || *k == '\t' || *k == '\n' || *k == '\r' || *k == ':')
		k++;
	const char *end;
	return json_str(a, k, &end);
}

void ants_coord_status(struct arena *a, const char *application_id, long timeout_s, struct ants_app *out)
{
	memset(out, 0, sizeof(*out));
	out->status = ANTS_APP_ERROR;
	if (!ants_coord_enabled())
		return;
	const char *p[] = { "application_ids", application_id };
	struct capture cap;
	char err[200];
	long code = call("GET", "/api/status", p, 2, timeout_s, &cap, err, sizeof(err));
	if (code < 200 || code >= 300) {
		log_error("ANTS status: %s", code ? "HTTP error" : err);
		if (code)
			log_error("ANTS status: HTTP %ld", code);
		return;
	}
	/* {"<id>": {"status": "...", "appointments": [{...}, ...]}}: one id
	 * asked, so the first "status" is its own. ANTS may answer the id in
	 * another case: it is not looked for. */
	const char *st = member(a, cap.buf, NULL, "status");
	if (!st)
		return;
	if (str_eq(st, "validated"))
		out->status = ANTS_APP_VALIDATED;
	else if (str_eq(st, "declared"))
		out->status = ANTS_APP_DECLARED;
	else if (str_eq(st, "consumed"))
		out->status = ANTS_APP_CONSUMED;
	else if (str_eq(st, "expired"))
		out->status = ANTS_APP_EXPIRED;
	else if (str_eq(st, "unknown"))
		out->status = ANTS_APP_UNKNOWN;
	else
		return;
	const char *ap = strstr(cap.buf, "\"appointments\"");
	for (const char *o = ap ? strchr(ap, '{') : NULL; o && out->n < ANTS_MAX_ELSEWHERE; o = strchr(o + 1, '{')) {
		const char *close = strchr(o, '}');
		if (!close)
			break;
		struct ants_elsewhere *w = &out->where[out->n];
		w->meeting_point = member(a, o, close, "meeting_point");
		w->appointment_date = member(a, o, close, "appointment_date");
		w->management_url = member(a, o, close, "management_url");
		if (w->meeting_point || w->appointment_date)
			out->n++;
		o = close;
	}
}
