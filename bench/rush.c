/* rush.c — the rush scenario of `make bench`: many people book the last
 * places of the same few days at once, and confirm with their code.
 *
 * Why not wrk: a booking is a conversation (a form, a CSRF cookie and
 * token, a hold, a code sent by message, the confirmation), and the code
 * exists in clear only in the message body in the outbox table: wrk's Lua
 * cannot read a database. This client drives up to N concurrent people
 * with libcurl's multi interface (one event loop, no threads) and reads
 * the codes from the outbox itself: one query for the codes of all the
 * people waiting for one, once someone has waited 20 ms. Nothing in the
 * application is added or relaxed for it.
 *
 * Each person:
 *   1. GET /site/<id>?procedure=P&personnes=N&jour=D     the free times of a
 *                                                         site and day, when
 *                                                         it has none in hand
 *   2. GET /reserver?creneau=<slot>&...                   the form: CSRF
 *                                                         cookie and token
 *   3. POST /reserver (people, e-mail, home commune)      303 -> hold, or
 *                                                         409: taken, next
 *   4. (the code, read from the outbox)
 *   5. POST /confirmer/<ref> (h, code)                    303 -> confirmed
 * With --follow it also GETs the two pages the 303s lead to (the code form
 * and the booking), as a browser would. A 409 (someone else was faster)
 * sends the person to one of the other times the form offers when it
 * comes back, else to another free time of the list it read, else back
 * to step 1. A site and day whose page lists no time for the party is
 * done for that party; a family that finds none books alone. The rush ends when
 * every site and day is full for one person.
 *
 * Each person comes from its own loopback address (127.x.y.z) on its own
 * connection (kept alive for its requests): the application limits code
 * tries per address, and a rush is thousands of different people.
 *
 *   rush --url http://127.0.0.1:PORT --socket S --password-file F
 *        --days 2026-12-01,2026-12-02 [--conns 256] [--procedure PASSEPORT]
 *        [--max-seconds 300] [--seed N] [--follow]
 *
 * Prints one line:
 *   RESULT confirmed=.. secs=.. rate=.. requests=.. rps=.. p50=.. p99=..
 *          max=.. conflicts=.. errors=.. ...
 * (latencies in ms, over every HTTP request; rate = confirmed bookings per
 * second from the first request to the last confirmation). */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <mysql.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#define MAX_DAYS 16
#define MAX_SITES 512
#define MAX_CAND 128

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("rush: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ histogram */
/* Log-linear buckets of microseconds: 64 sub-buckets per power of two,
 * under 1.6 % error, from 1 us to ~70 s. */
#define HSUB 64
#define HPOW 27
struct hist {
	uint64_t n[HPOW * HSUB];
	uint64_t count;
	double max;
};

static void hist_add(struct hist *h, double secs)
{
	uint64_t us = (uint64_t)(secs * 1e6);
	if (us < 1)
		us = 1;
	int p = 63 - __builtin_clzll(us);
	int b;
	if (p < 6)
		b = (int)us;                       /* exact below 64 us */
	else {
		int sub = (int)((us >> (p - 6)) & (HSUB - 1));
		b = (p - 5) * HSUB + sub;
	}
	if (b >= HPOW * HSUB)
		b = HPOW * HSUB - 1;
	h->n[b]++;
	h->count++;
	if (secs > h->max)
		h->max = secs;
}

static double hist_value(int b)
{
	if (b < HSUB)
		return b / 1e6;
	int p = b / HSUB + 5, sub = b % HSUB;
	return (double)(((uint64_t)1 << p) + ((uint64_t)sub << (p - 6))) / 1e6;
}

static double hist_pct(const struct hist *h, double pct)
{
	if (!h->count)
		return 0;
	uint64_t want = (uint64_t)ceil(pct / 100.0 * (double)h->count), seen = 0;
	for (int b = 0; b < HPOW * HSUB; b++) {
		seen += h->n[b];
		if (seen >= want)
			return hist_value(b);
	}
	return h->max;
}

/* ---------------------------------------------------------------- world */
static const char *base_url = "http://127.0.0.1:8080";
static const char *procedure = "PASSEPORT";
static char days[MAX_DAYS][11];
static int ndays;
static long long sites[MAX_SITES];
static int nsites;
static const char *insees[MAX_SITES];
static int ninsee;
/* full[site][day]: the largest party known to find no time (0 = none). */
static unsigned char full[MAX_SITES][MAX_DAYS];
static unsigned rng_state = 12345;

static unsigned rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void letters(char *out, int n)
{
	static const char *a = "abcdefghijklmnopqrstuvwxyz";
	for (int i = 0; i < n; i++)
		out[i] = a[rnd() % 26];
	out[0] = (char)toupper((unsigned char)out[0]);
	out[n] = '\0';
}

/* ---------------------------------------------------------------- stats */
enum rq { RQ_SITE, RQ_FORM, RQ_POST, RQ_HOLD, RQ_CONFIRM, RQ_DONE, RQ_COUNT };
static const char *rq_name[RQ_COUNT] = { "site", "form", "book", "hold", "confirm", "booking" };
static bool follow = false;         /* --follow: GET the pages the 303s point to */
static uint64_t n_req[RQ_COUNT], n_409[RQ_COUNT], n_err[RQ_COUNT];
static struct hist lat_all, lat_kind[RQ_COUNT];  /* latencies: every request, and by kind */
static uint64_t confirmed, transport_errors, codes_missing, party_fallbacks;
static bool stopped;                /* --max-seconds ran out before the places */
static double t_start, t_last_confirm;
static char first_error[512];

static void note_error(const char *fmt, ...)
{
	if (first_error[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(first_error, sizeof(first_error), fmt, ap);
	va_end(ap);
	for (char *p = first_error; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

/* --------------------------------------------------------------- people */
enum state { P_START, P_SITE, P_FORM, P_POST, P_HOLD, P_WAIT_CODE, P_CONFIRM, P_BOOKING, P_DONE };

struct person {
	CURL *h;
	enum state st;
	bool fresh;                 /* next request opens a new connection */
	int site, day, party;
	long long cand[MAX_CAND];
	int ncand;
	long long slot;
	char addr[32];
	char cookie[40], token[80];
	char ref[12], confirm_path[256], hold[80];
	char code[8];
	char *buf;                  /* response body */
	size_t len, cap;
	char location[512];
	char body[2048];
	double t0;
	struct curl_slist *hdrs;
};

static struct person *people;
static int npeople;
static CURLM *multi;
static uint64_t addr_seq;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct person *x = ud;
	size_t k = sz * n;
	if (x->len + k + 1 > x->cap) {
		x->cap = (x->len + k + 1) * 2;
		x->buf = realloc(x->buf, x->cap);
		if (!x->buf)
			die("out of memory");
	}
	memcpy(x->buf + x->len, p, k);
	x->len += k;
	x->buf[x->len] = '\0';
	return k;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct person *x = ud;
	size_t k = sz * n;
	if (k > 10 && strncasecmp(p, "Location:", 9) == 0) {
		const char *v = p + 9;
		while (*v == ' ')
			v++;
		size_t l = (size_t)(p + k - v);
		while (l && (v[l - 1] == '\r' || v[l - 1] == '\n'))
			l--;
		if (l >= sizeof(x->location))
			l = sizeof(x->location) - 1;
		memcpy(x->location, v, l);
		x->location[l] = '\0';
	} else if (k > 16 && strncasecmp(p, "Set-Cookie: csrf=", 17) == 0) {
		const char *v = p + 17;
		size_t l = strcspn(v, ";\r\n");
		if (l < sizeof(x->cookie)) {
			memcpy(x->cookie, v, l);
			x->cookie[l] = '\0';
		}
	}
	return k;
}

/* A new person in the same client slot: new address, new cookie. */
static void new_person(struct person *x)
{
	uint64_t n = addr_seq++;
	snprintf(x->addr, sizeof(x->addr), "host!127.%u.%u.%u", (unsigned)(10 + (n >> 16) % 200),
		 (unsigned)((n >> 8) & 255), (unsigned)(1 + (n & 255) % 254));
	x->fresh = true;
	x->cookie[0] = x->token[0] = x->ref[0] = x->code[0] = '\0';
	unsigned r = rnd() % 100;
	x->party = r < 85 ? 1 : r < 95 ? 2 : 3;
	x->ncand = 0;
	x->site = x->day = -1;
}

/* A site and day not yet full for the party (random). */
static bool pick_target(struct person *x)
{
	for (;;) {
		int free_n = 0;
		for (int s = 0; s < nsites; s++)
			for (int d = 0; d < ndays; d++)
				if (full[s][d] == 0 || full[s][d] > x->party)
					free_n++;
		if (free_n == 0) {
			if (x->party == 1)
				return false;
			x->party = 1;   /* no room left for the family: one person books */
			party_fallbacks++;
			continue;
		}
		int k = (int)(rnd() % (unsigned)free_n);
		for (int s = 0; s < nsites; s++)
			for (int d = 0; d < ndays; d++)
				if ((full[s][d] == 0 || full[s][d] > x->party) && k-- == 0) {
					x->site = s;
					x->day = d;
					return true;
				}
	}
}

static void start_request(struct person *x, enum state st, const char *path, const char *post)
{
	char url[768];
	snprintf(url, sizeof(url), "%s%s", base_url, path);
	curl_easy_reset(x->h);
	curl_easy_setopt(x->h, CURLOPT_URL, url);
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(x->h, CURLOPT_INTERFACE, x->addr);
	/* Each person's own address goes through libcurl's name cache, which
	 * is walked whole before every request: kept for 60 s, thousands of
	 * addresses made that walk two fifths of the load generator's CPU. */
	curl_easy_setopt(x->h, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	curl_easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(x->h, CURLOPT_FRESH_CONNECT, x->fresh ? 1L : 0L);
	/* The person's last request closes its connection. */
	curl_easy_setopt(x->h, CURLOPT_FORBID_REUSE,
			 st == P_BOOKING || (st == P_CONFIRM && !follow) ? 1L : 0L);
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	curl_slist_free_all(x->hdrs);
	x->hdrs = curl_slist_append(NULL, "Accept-Language: fr");
	curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, x->hdrs);
	if (x->cookie[0]) {
		char c[64];
		snprintf(c, sizeof(c), "csrf=%s", x->cookie);
		curl_easy_setopt(x->h, CURLOPT_COOKIE, c);
	}
	if (post)
		curl_easy_setopt(x->h, CURLOPT_COPYPOSTFIELDS, post);
	x->fresh = false;
	x->len = 0;
	if (x->buf)
		x->buf[0] = '\0';
	x->location[0] = '\0';
	x->st = st;
	x->t0 = now_s();
	curl_multi_add_handle(multi, x->h);
}

static void go_site(struct person *x)
{
	if (!pick_target(x)) {
		x->st = P_DONE;
		return;
	}
	char path[256];
	snprintf(path, sizeof(path), "/site/%lld?procedure=%s&personnes=%d&jour=%s",
		 sites[x->site], procedure, x->party, days[x->day]);
	start_request(x, P_SITE, path, NULL);
}

/* Next candidate time of the list, or the free times page again. */
static void go_next_candidate(struct person *x)
{
	if (x->ncand == 0) {
		go_site(x);
		return;
	}
	int i = (int)(rnd() % (unsigned)x->ncand);
	x->slot = x->cand[i];
	x->cand[i] = x->cand[--x->ncand];
	char path[256];
	snprintf(path, sizeof(path), "/reserver?creneau=%lld&procedure=%s&personnes=%d",
		 x->slot, procedure, x->party);
	start_request(x, P_FORM, path, NULL);
}

static void urlenc_append(char *out, size_t cap, const char *k, const char *v)
{
	size_t n = strlen(out);
	n += (size_t)snprintf(out + n, cap - n, "%s%s=", n ? "&" : "", k);
	for (const unsigned char *p = (const unsigned char *)v; *p && n + 4 < cap; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.')
			out[n++] = (char)*p;
		else
			n += (size_t)snprintf(out + n, cap - n, "%%%02X", *p);
	}
	out[n] = '\0';
}

static void go_post(struct person *x)
{
	char *b = x->body;
	char v[64];
	b[0] = '\0';
	urlenc_append(b, sizeof(x->body), "csrf", x->token);
	snprintf(v, sizeof(v), "%lld", x->slot);
	urlenc_append(b, sizeof(x->body), "creneau", v);
	urlenc_append(b, sizeof(x->body), "procedure", procedure);
	snprintf(v, sizeof(v), "%d", x->party);
	urlenc_append(b, sizeof(x->body), "personnes", v);
	for (int i = 1; i <= x->party; i++) {
		char k[32], name[16];
		snprintf(k, sizeof(k), "nom_%d", i);
		letters(name, 9);
		urlenc_append(b, sizeof(x->body), k, name);
		snprintf(k, sizeof(k), "prenoms_%d", i);
		letters(name, 7);
		urlenc_append(b, sizeof(x->body), k, name);
		snprintf(k, sizeof(k), "naissance_%d", i);
		snprintf(v, sizeof(v), "%02u/%02u/%u", 1 + rnd() % 28, 1 + rnd() % 12, 1950 + rnd() % 55);
		urlenc_append(b, sizeof(x->body), k, v);
		snprintf(k, sizeof(k), "predemande_%d", i);
		static const char *al = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
		for (int j = 0; j < 10; j++)
			v[j] = al[rnd() % 32];
		v[10] = '\0';
		urlenc_append(b, sizeof(x->body), k, v);
	}
	snprintf(v, sizeof(v), "rush.%llx.%x@example.org", (unsigned long long)addr_seq, rnd());
	urlenc_append(b, sizeof(x->body), "email", v);
	urlenc_append(b, sizeof(x->body), "canal", "email");
	const char *home = insees[rnd() % (unsigned)ninsee];
	urlenc_append(b, sizeof(x->body), "domicile", home);
	urlenc_append(b, sizeof(x->body), "domicile_insee", home);
	urlenc_append(b, sizeof(x->body), "consentement", "1");
	start_request(x, P_POST, "/reserver", b);
}

static void go_confirm(struct person *x)
{
	x->body[0] = '\0';
	char path[64];
	urlenc_append(x->body, sizeof(x->body), "csrf", x->token);
	urlenc_append(x->body, sizeof(x->body), "h", x->hold);
	urlenc_append(x->body, sizeof(x->body), "canal", "email");
	urlenc_append(x->body, sizeof(x->body), "code", x->code);
	snprintf(path, sizeof(path), "/confirmer/%s", x->ref);
	start_request(x, P_CONFIRM, path, x->body);
}

/* The value of the hidden csrf input of a form page. */
static bool find_token(const char *html, char *out, size_t cap)
{
	const char *p = html ? strstr(html, "name=\"csrf\" value=\"") : NULL;
	if (!p)
		return false;
	p += strlen("name=\"csrf\" value=\"");
	size_t l = strcspn(p, "\"");
	if (l == 0 || l >= cap)
		return false;
	memcpy(out, p, l);
	out[l] = '\0';
	return true;
}

/* The creneau=<id> of the free-time links of a site page. */
static int find_slots(const char *html, long long *out, int max)
{
	int n = 0;
	const char *p = html;
	while (p && n < max && (p = strstr(p, "/reserver?creneau=")) != NULL) {
		p += strlen("/reserver?creneau=");
		long long v = strtoll(p, NULL, 10);
		if (v > 0)
			out[n++] = v;
	}
	return n;
}

/* The other times a 409 form offers (its radio buttons): the person sends
 * the form again with one of them that is still on the list it read, so
 * on the day of the rush (the form may offer later days). */
static bool take_other(struct person *x)
{
	int pick[MAX_CAND], n = 0;
	const char *p = x->buf;
	while (p && (p = strstr(p, "id=\"creneau_")) != NULL) {
		const char *v = strstr(p, "value=\"");
		if (!v)
			break;
		p = v + 7;
		long long id = strtoll(p, NULL, 10);
		for (int i = 0; i < x->ncand && n < MAX_CAND; i++)
			if (x->cand[i] == id)
				pick[n++] = i;
	}
	if (n == 0 || !find_token(x->buf, x->token, sizeof(x->token)))
		return false;
	int i = pick[rnd() % (unsigned)n];
	x->slot = x->cand[i];
	x->cand[i] = x->cand[--x->ncand];
	go_post(x);
	return true;
}

static void finished(struct person *x, CURLcode rc)
{
	double dt = now_s() - x->t0;
	long status = 0;
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	enum rq kind = x->st == P_SITE ? RQ_SITE : x->st == P_FORM ? RQ_FORM : x->st == P_POST ? RQ_POST
		: x->st == P_HOLD ? RQ_HOLD : x->st == P_CONFIRM ? RQ_CONFIRM : RQ_DONE;
	n_req[kind]++;
	hist_add(&lat_all, dt);
	hist_add(&lat_kind[kind], dt);
	if (rc != CURLE_OK) {
		transport_errors++;
		n_err[kind]++;
		note_error("%s: %s", rq_name[kind], curl_easy_strerror(rc));
		new_person(x);
		go_site(x);
		return;
	}
	switch (x->st) {
	case P_SITE:
		if (status != 200) {
			n_err[kind]++;
			note_error("site page: HTTP %ld", status);
			go_site(x);
			return;
		}
		x->ncand = find_slots(x->buf, x->cand, MAX_CAND);
		if (x->ncand == 0) {
			if (full[x->site][x->day] == 0 || full[x->site][x->day] > x->party)
				full[x->site][x->day] = (unsigned char)x->party;
			go_site(x);
			return;
		}
		go_next_candidate(x);
		return;
	case P_FORM:
		if (status == 409) {
			n_409[kind]++;
			if (!take_other(x))
				go_next_candidate(x);
			return;
		}
		if (status != 200 || !find_token(x->buf, x->token, sizeof(x->token)) || !x->cookie[0]) {
			n_err[kind]++;
			note_error("form: HTTP %ld%s", status, x->cookie[0] ? "" : " (no csrf cookie)");
			go_site(x);
			return;
		}
		go_post(x);
		return;
	case P_POST: {
		if (status == 409) {
			n_409[kind]++;
			if (!take_other(x))
				go_next_candidate(x);
			return;
		}
		const char *l = strstr(x->location, "/confirmer/");
		if (status != 303 || !l) {
			n_err[kind]++;
			note_error("book: HTTP %ld %.200s", status, x->buf ? x->buf : "");
			new_person(x);
			go_site(x);
			return;
		}
		snprintf(x->confirm_path, sizeof(x->confirm_path), "%s", l);
		size_t rl = strcspn(l + 11, "?");
		if (rl >= sizeof(x->ref))
			rl = sizeof(x->ref) - 1;
		memcpy(x->ref, l + 11, rl);
		x->ref[rl] = '\0';
		const char *h = strstr(l, "?h=");
		size_t hl = h ? strcspn(h + 3, "&") : 0;
		if (!h || hl >= sizeof(x->hold)) {
			n_err[kind]++;
			note_error("book: no hold token in %s", x->location);
			new_person(x);
			go_site(x);
			return;
		}
		memcpy(x->hold, h + 3, hl);
		x->hold[hl] = '\0';
		if (follow) {
			start_request(x, P_HOLD, x->confirm_path, NULL);
			return;
		}
		x->st = P_WAIT_CODE;
		x->t0 = now_s();
		return;
	}
	case P_HOLD:
		if (status != 200) {
			n_err[kind]++;
			note_error("hold page: HTTP %ld", status);
		}
		/* The code may already be there: it was written with the hold. */
		x->st = P_WAIT_CODE;
		x->t0 = now_s();
		return;
	case P_CONFIRM:
		if (status != 303 || !strstr(x->location, "/rdv/")) {
			n_err[kind]++;
			note_error("confirm: HTTP %ld %.200s", status, x->buf ? x->buf : "");
		} else {
			confirmed++;
			t_last_confirm = now_s();
			if (follow) {
				start_request(x, P_BOOKING, x->location, NULL);
				return;
			}
		}
		new_person(x);
		go_site(x);
		return;
	case P_BOOKING:
		if (status != 200) {
			n_err[kind]++;
			note_error("booking page: HTTP %ld", status);
		}
		new_person(x);
		go_site(x);
		return;
	default:
		return;
	}
}

/* ---------------------------------------------------------------- codes */
static MYSQL *db;
static int ep = -1;                 /* epoll: the people's sockets and the database's */
static int db_fd = -1;

static void db_open(const char *socket, const char *pwfile)
{
	char pw[256] = "";
	FILE *f = fopen(pwfile, "r");
	if (!f || !fgets(pw, sizeof(pw), f))
		die("cannot read %s", pwfile);
	fclose(f);
	pw[strcspn(pw, "\r\n")] = '\0';
	db = mysql_init(NULL);
	/* The codes query is read without blocking (poll_codes); the other
	 * calls still block. */
	if (!db || mysql_options(db, MYSQL_OPT_NONBLOCK, 0))
		die("database: no non-blocking calls");
	if (!mysql_real_connect(db, NULL, "creneau", pw, "creneau", 0, socket, 0))
		die("database: %s", mysql_error(db));
	mysql_set_character_set(db, "utf8mb4");
	db_fd = (int)mysql_get_socket(db);
}

static MYSQL_RES *query(const char *sql)
{
	if (mysql_query(db, sql))
		die("query failed: %s: %s", mysql_error(db), sql);
	return mysql_store_result(db);
}

/* Reads the codes of the people waiting for one, by their references (one
 * query for all of them). Outbox ids are given at INSERT and become
 * visible at COMMIT, in another order: "ids above the last one seen" would
 * miss codes, so the query names the holds.
 *
 * The query runs through Connector/C's non-blocking calls on the same
 * epoll loop as the people: a blocking query stopped every person for its
 * duration (a tenth of the run), which the latencies then counted. */
enum poll_state { POLL_IDLE, POLL_QUERY, POLL_STORE };
static enum poll_state poll_st = POLL_IDLE;
static int poll_wait;               /* MYSQL_WAIT_* the current step waits for */
static MYSQL_RES *poll_res;

static void read_codes(MYSQL_RES *r)
{
	MYSQL_ROW row;
	while (r && (row = mysql_fetch_row(r))) {
		/* The 6 digits of "... votre code de confirmation est 123456. ..." */
		const char *p = row[1];
		char code[8] = "";
		for (; p && *p; p++)
			if (isdigit((unsigned char)p[0]) && (p == row[1] || !isdigit((unsigned char)p[-1]))) {
				size_t d = strspn(p, "0123456789");
				if (d == 6) {
					memcpy(code, p, 6);
					code[6] = '\0';
					break;
				}
				p += d - 1;
			}
		if (!code[0])
			continue;
		for (int i = 0; i < npeople; i++)
			if (people[i].st == P_WAIT_CODE && strcmp(people[i].ref, row[0]) == 0) {
				memcpy(people[i].code, code, sizeof(code));
				go_confirm(&people[i]);
				break;
			}
	}
	if (r)
		mysql_free_result(r);
}

/* Watches the database socket for what the current step waits for. */
static void poll_watch(int wait)
{
	struct epoll_event ev = { 0 };
	ev.data.fd = db_fd;
	ev.events = (wait & MYSQL_WAIT_READ ? EPOLLIN : 0) | (wait & MYSQL_WAIT_WRITE ? EPOLLOUT : 0)
		  | (wait & MYSQL_WAIT_EXCEPT ? EPOLLPRI : 0);
	if (epoll_ctl(ep, EPOLL_CTL_MOD, db_fd, &ev) < 0 && errno == ENOENT)
		epoll_ctl(ep, EPOLL_CTL_ADD, db_fd, &ev);
	poll_wait = wait;
}

/* Moves the query on; ready: the MYSQL_WAIT_* that happened (0 to start). */
static void poll_step(int ready)
{
	int err = 0;
	for (;;) {
		int wait;
		if (poll_st == POLL_QUERY) {
			wait = ready ? mysql_real_query_cont(&err, db, ready) : 0;
			if (!wait && err)
				die("codes query failed: %s", mysql_error(db));
			if (!wait) {
				poll_st = POLL_STORE;
				wait = mysql_store_result_start(&poll_res, db);
			}
		} else
			wait = mysql_store_result_cont(&poll_res, db, ready);
		if (wait) {
			poll_watch(wait);
			return;
		}
		if (poll_st == POLL_STORE)
			break;
		ready = 0;
	}
	poll_st = POLL_IDLE;
	poll_wait = 0;
	epoll_ctl(ep, EPOLL_CTL_DEL, db_fd, NULL);
	MYSQL_RES *r = poll_res;
	poll_res = NULL;
	read_codes(r);
}

static void poll_codes(void)
{
	static char sql[16384];
	if (poll_st != POLL_IDLE)
		return;
	size_t n = (size_t)snprintf(sql, sizeof(sql),
		"SELECT b.ref, o.body FROM bookings b JOIN outbox o ON o.booking_id = b.id AND o.kind = 'code'"
		" WHERE b.ref IN (");
	int waiting = 0;
	for (int i = 0; i < npeople && n + 16 < sizeof(sql); i++)
		if (people[i].st == P_WAIT_CODE) {
			/* References are 8 characters of [A-Z0-9]: nothing to escape. */
			n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s'%s'", waiting ? "," : "", people[i].ref);
			waiting++;
		}
	if (!waiting)
		return;
	n += (size_t)snprintf(sql + n, sizeof(sql) - n, ")");
	int err = 0;
	poll_st = POLL_QUERY;
	int wait = mysql_real_query_start(&err, db, sql, (unsigned long)n);
	if (wait) {
		poll_watch(wait);
		return;
	}
	if (err)
		die("codes query failed: %s", mysql_error(db));
	poll_step(0);
}

/* ------------------------------------------------------------ event loop */
/* libcurl's socket interface on epoll: the loop's cost follows the
 * sockets that are ready, not the number of people (poll() over 256
 * connections at each wake-up took a fifth of the machine from the
 * stack being measured). */
static long curl_timeout_ms = -1;

static int on_socket(CURL *h, curl_socket_t s, int what, void *userp, void *socketp)
{
	(void)h;
	(void)userp;
	struct epoll_event ev = { 0 };
	ev.data.fd = s;
	if (what == CURL_POLL_REMOVE) {
		epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL);
		curl_multi_assign(multi, s, NULL);
		return 0;
	}
	ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
	if (!socketp) {
		/* Any non-NULL pointer marks the socket as registered. */
		if (epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) < 0 && errno == EEXIST)
			epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev);
		curl_multi_assign(multi, s, &ep);
	} else if (epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev) < 0 && errno == ENOENT)
		epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
	return 0;
}

static int on_timer(CURLM *m, long timeout_ms, void *userp)
{
	(void)m;
	(void)userp;
	curl_timeout_ms = timeout_ms;
	return 0;
}

/* Waits up to max_ms for sockets or curl's timer and lets curl act. */
static void wait_events(int max_ms)
{
	struct epoll_event ev[64];
	int running, t = max_ms;
	if (curl_timeout_ms >= 0 && curl_timeout_ms < t)
		t = (int)curl_timeout_ms;
	int n = epoll_wait(ep, ev, 64, t);
	if (n <= 0) {
		curl_timeout_ms = -1;
		curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (ev[i].data.fd == db_fd) {
			int ready = (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR) ? MYSQL_WAIT_READ : 0)
				  | (ev[i].events & EPOLLOUT ? MYSQL_WAIT_WRITE : 0)
				  | (ev[i].events & EPOLLPRI ? MYSQL_WAIT_EXCEPT : 0);
			if (poll_st != POLL_IDLE && (ready & poll_wait))
				poll_step(ready & poll_wait);
			continue;
		}
		int flags = (ev[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
			    (ev[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
			    (ev[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
		curl_multi_socket_action(multi, ev[i].data.fd, flags, &running);
	}
	if (curl_timeout_ms == 0) {
		curl_timeout_ms = -1;
		curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
	}
}

/* ----------------------------------------------------------------- main */
static void load_world(void)
{
	MYSQL_RES *r = query("SELECT s.id FROM sites s WHERE s.active = 1 AND EXISTS (SELECT 1 FROM devices d"
			     " JOIN device_procedures dp ON dp.device_id = d.id JOIN procedures p ON p.id = dp.procedure_id"
			     " WHERE d.site_id = s.id AND d.active = 1 AND p.code = 'PASSEPORT') ORDER BY s.id");
	MYSQL_ROW row;
	while ((row = mysql_fetch_row(r)) && nsites < MAX_SITES)
		sites[nsites++] = strtoll(row[0], NULL, 10);
	mysql_free_result(r);
	r = query("SELECT insee FROM communes ORDER BY id");
	while ((row = mysql_fetch_row(r)) && ninsee < MAX_SITES)
		insees[ninsee++] = strdup(row[0]);
	mysql_free_result(r);
	if (!nsites || !ninsee)
		die("no site or commune in the database");
}

int main(int argc, char **argv)
{
	const char *socket = NULL, *pwfile = NULL, *daylist = NULL;
	int conns = 256;
	double max_secs = 300;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--url") && v) base_url = argv[++i];
		else if (!strcmp(argv[i], "--socket") && v) socket = argv[++i];
		else if (!strcmp(argv[i], "--password-file") && v) pwfile = argv[++i];
		else if (!strcmp(argv[i], "--days") && v) daylist = argv[++i];
		else if (!strcmp(argv[i], "--conns") && v) conns = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--procedure") && v) procedure = argv[++i];
		else if (!strcmp(argv[i], "--max-seconds") && v) max_secs = atof(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && v) rng_state = (unsigned)strtoul(argv[++i], NULL, 10) | 1;
		else if (!strcmp(argv[i], "--follow")) follow = true;
		else die("unknown argument %s (see the head of bench/rush.c)", argv[i]);
	}
	if (!socket || !pwfile || !daylist || conns < 1)
		die("--socket, --password-file and --days are required");
	for (const char *p = daylist; *p && ndays < MAX_DAYS;) {
		size_t l = strcspn(p, ",");
		if (l != 10)
			die("bad day list %s (YYYY-MM-DD,...)", daylist);
		memcpy(days[ndays], p, 10);
		days[ndays++][10] = '\0';
		p += l + (p[l] == ',');
	}
	db_open(socket, pwfile);
	load_world();

	curl_global_init(CURL_GLOBAL_DEFAULT);
	multi = curl_multi_init();
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)conns * 2);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("epoll_create1: %s", strerror(errno));
	curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
	npeople = conns;
	people = calloc((size_t)npeople, sizeof(*people));
	if (!people)
		die("out of memory");
	t_start = now_s();
	/* People arrive over the first second, in random order: started at the
	 * same instant, they would go through the pages in step (every site
	 * page, then every form, then every hold...) for the whole run, and
	 * each request would wait behind a queue of one kind only. */
	for (int i = 0; i < npeople; i++) {
		people[i].h = curl_easy_init();
		new_person(&people[i]);
		people[i].st = P_START;
		people[i].t0 = t_start + (double)(rnd() % 1000) / 1000.0;
	}
	for (;;) {
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			struct person *x;
			CURL *h = m->easy_handle;
			CURLcode rc = m->data.result;
			curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&x);
			curl_multi_remove_handle(multi, h);
			finished(x, rc);
		}
		/* Codes are read in batches: when someone has waited 20 ms (an
		 * SMS takes longer) or 64 people wait. Reading them one by one
		 * would load the database more than the people do. */
		int waiting = 0, active = 0, starting = 0;
		double t = now_s(), oldest = t;
		for (int i = 0; i < npeople; i++) {
			if (people[i].st == P_START) {
				if (people[i].t0 <= t)
					go_site(&people[i]);
				else
					starting++;
			}
			if (people[i].st == P_WAIT_CODE) {
				waiting++;
				if (people[i].t0 < oldest)
					oldest = people[i].t0;
			}
			active += people[i].st != P_DONE;
		}
		if (waiting && (t - oldest >= 0.020 || waiting >= 64)) {
			poll_codes();
			/* A code that never comes (a failed hold) must not block the end. */
			for (int i = 0; i < npeople; i++)
				if (people[i].st == P_WAIT_CODE && t - people[i].t0 > 10) {
					codes_missing++;
					note_error("no code in the outbox for %s after 10 s", people[i].ref);
					new_person(&people[i]);
					go_site(&people[i]);
				}
		}
		if (!active)
			break;
		if (t - t_start > max_secs) {
			note_error("stopped after %.0f s with places left", max_secs);
			stopped = true;
			break;
		}
		wait_events(waiting || starting ? 5 : 50);
	}
	double end = t_last_confirm > 0 ? t_last_confirm : now_s();
	double secs = end - t_start;
	/* Errors: every answer but the expected ones (200, 303, and 409 "no
	 * more places"), transport failures included, and lost codes. */
	uint64_t total = 0, c409 = 0, errs = codes_missing;
	for (int k = 0; k < RQ_COUNT; k++) {
		total += n_req[k];
		c409 += n_409[k];
		errs += n_err[k];
	}
	printf("RESULT confirmed=%llu secs=%.2f rate=%.1f requests=%llu rps=%.1f p50=%.2f p99=%.2f max=%.2f"
	       " conflicts=%llu errors=%llu transport=%llu codes_missing=%llu fallbacks=%llu complete=%d",
	       (unsigned long long)confirmed, secs, secs > 0 ? confirmed / secs : 0,
	       (unsigned long long)total, secs > 0 ? total / secs : 0, hist_pct(&lat_all, 50) * 1e3,
	       hist_pct(&lat_all, 99) * 1e3, lat_all.max * 1e3, (unsigned long long)c409, (unsigned long long)errs,
	       (unsigned long long)transport_errors, (unsigned long long)codes_missing,
	       (unsigned long long)party_fallbacks, stopped ? 0 : 1);
	for (int k = 0; k < RQ_COUNT; k++)
		printf(" %s=%llu/%llu/%llu", rq_name[k], (unsigned long long)n_req[k],
		       (unsigned long long)n_409[k], (unsigned long long)n_err[k]);
	printf("\n");
	/* Which pages make the tail: p50 and p99 (ms) of each kind. */
	printf("LATENCY");
	for (int k = 0; k < RQ_COUNT; k++)
		if (lat_kind[k].count)
			printf(" %s=%.1f/%.1f", rq_name[k], hist_pct(&lat_kind[k], 50) * 1e3,
			       hist_pct(&lat_kind[k], 99) * 1e3);
	printf("\n");
	if (first_error[0])
		printf("FIRST_ERROR %s\n", first_error);
	for (int i = 0; i < npeople; i++) {
		curl_easy_cleanup(people[i].h);
		curl_slist_free_all(people[i].hdrs);
		free(people[i].buf);
	}
	curl_multi_cleanup(multi);
	curl_global_cleanup();
	mysql_close(db);
	return 0;
}
