/* webhook.c — see webhook.h: URLs, signatures, the delivery side of the
 * queue and the HTTP call. */
#include "webhook.h"
#include "audit.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "netcheck.h"
#include "transport.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const webhook_events[WEBHOOK_NEVENTS] = {
	"booking.created", "booking.confirmed", "booking.moved", "booking.cancelled", "booking.attendance",
};

/* ------------------------------------------------------------ pure parts */

/* After "http://127.0.0.1" or "http://localhost": a port, a path, or
 * nothing — never more host ("http://localhost.example.org"). */
static bool host_ends(const char *p)
{
	return *p == '\0' || *p == ':' || *p == '/' || *p == '?';
}

bool webhook_url_ok(const char *url, bool allow_loopback_http)
{
	if (!url)
		return false;
	size_t n = strlen(url);
	if (n > 500)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c <= 0x20 || c >= 0x7F || c == '\\')
			return false;
	}
	const char *host;
	if (str_starts(url, "https://"))
		host = url + 8;
	else if (allow_loopback_http && str_starts(url, "http://"))
		host = url + 7;
	else
		return false;
	/* The authority: up to the first '/', '?' or '#'. No credentials in
	 * it (they would be sent, and logged by proxies), and a host. */
	size_t alen = strcspn(host, "/?#");
	if (memchr(host, '@', alen) || alen == 0 || host[0] == ':')
		return false;
	if (host == url + 7)
		return (str_starts(host, "127.0.0.1") && host_ends(host + 9)) ||
		       (str_starts(host, "localhost") && host_ends(host + 9));
	/* A literal internal address is refused at once; a name is checked
	 * once resolved, at each delivery (open_checked). */
	return !webhook_url_internal(url, allow_loopback_http);
}

bool webhook_url_internal(const char *url, bool allow_loopback_http)
{
	/* Loopback is the test receivers', over plain http only. */
	return net_url_host_internal(url, allow_loopback_http && str_starts(url, "http://"));
}

bool webhook_loopback_allowed(void)
{
	return config_int("webhooks_allow_loopback_http", 0) == 1;
}

void webhook_signature(const char *secret, time_t t, const char *body, size_t len, char *out)
{
	char ts[24];
	int tl = snprintf(ts, sizeof(ts), "%lld", (long long)t);
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mlen = 0;
	char hex[65] = "";
	/* "<t>." then the body, one message (OpenSSL's HMAC, streamed). */
	EVP_MAC *m = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *c = m ? EVP_MAC_CTX_new(m) : NULL;
	EVP_MAC_free(m);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	size_t sl = 0;
	if (c && EVP_MAC_init(c, (const unsigned char *)secret, strlen(secret), params) &&
	    EVP_MAC_update(c, (const unsigned char *)ts, (size_t)tl) &&
	    EVP_MAC_update(c, (const unsigned char *)".", 1) &&
	    EVP_MAC_update(c, (const unsigned char *)body, len) &&
	    EVP_MAC_final(c, mac, &sl, sizeof(mac)))
		mlen = (unsigned int)sl;
	EVP_MAC_CTX_free(c);
	if (mlen == 32)
		sodium_bin2hex(hex, sizeof(hex), mac, 32);
	snprintf(out, WEBHOOK_SIG_MAX, "t=%s,v1=%s", ts, hex);
}

enum webhook_call webhook_classify(long code)
{
	if (code >= 200 && code < 300)
		return WEBHOOK_OK;
	if (code == 410)
		return WEBHOOK_GONE;
	if (code == 408 || code == 429)
		return WEBHOOK_RETRY;
	if (code >= 400 && code < 500)
		return WEBHOOK_FAIL;
	return WEBHOOK_RETRY;    /* 0 (no answer), 1xx, 3xx (not followed), 5xx */
}

/* ------------------------------------------------------- delivery side */

#define SEAL_DOMAIN "webhook-seal"

int webhook_claim(struct arena *a, const char *worker, int max, int lease_s, struct webhook_job **jobs)
{
	*jobs = NULL;
	if (!db_begin())
		return -1;
	struct db_res r;
	/* The endpoint's row is read in a subquery, not joined: a join would
	 * lock it, and two workers could not share an endpoint's queue. */
	if (db_exec(a, &r,
		    "SELECT d.id, d.webhook_id, d.booking_id, d.event, d.payload, d.attempts"
		    " FROM webhook_deliveries d WHERE d.status = 'pending' AND d.next_try_utc <= UTC_TIMESTAMP()"
		    " AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.active = 1)"
		    " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.webhook_id = d.webhook_id"
		    " AND p.booking_id = d.booking_id AND p.id < d.id AND p.status IN ('pending', 'sending'))"
		    " ORDER BY d.next_try_utc, d.id LIMIT ? FOR UPDATE SKIP LOCKED", "i", (long long)max) < 0)
		goto fail;
	struct webhook_job *j = arena_alloc(a, (r.nrows ? r.nrows : 1) * sizeof(*j));
	memset(j, 0, (r.nrows ? r.nrows : 1) * sizeof(*j));
	for (size_t i = 0; i < r.nrows; i++) {
		j[i].id = db_int(&r, i, 0);
		j[i].webhook_id = db_int(&r, i, 1);
		j[i].booking_id = db_int(&r, i, 2);
		j[i].event = db_val(&r, i, 3);
		j[i].payload = db_val(&r, i, 4);
		j[i].attempts = (int)db_int(&r, i, 5) + 1;
		if (db_exec(a, NULL, "UPDATE webhook_deliveries SET status = 'sending', claimed_by = ?, attempts = attempts + 1,"
			    " claim_until = UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE id = ?", "sii", worker,
			    (long long)lease_s, j[i].id) < 0)
			goto fail;
	}
	if (!db_commit())
		return -1;
	/* The endpoints, once each per batch (a batch is often one endpoint's). */
	for (size_t i = 0; i < r.nrows; i++) {
		size_t k = 0;
		while (k < i && j[k].webhook_id != j[i].webhook_id)
			k++;
		if (k < i) {
			j[i].url = j[k].url;
			j[i].commune_id = j[k].commune_id;
			memcpy(j[i].secret, j[k].secret, sizeof(j[i].secret));
			j[i].usable = j[k].usable;
			continue;
		}
		struct db_res w;
		if (db_exec(a, &w, "SELECT url, secret_sealed, commune_id FROM webhooks WHERE id = ?", "i",
			    j[i].webhook_id) < 0) {
			webhook_jobs_wipe(j, (int)r.nrows);
			return -1;
		}
		if (w.nrows != 1)
			continue;        /* deleted since: its deliveries went with it */
		j[i].url = db_val(&w, 0, 0);
		j[i].commune_id = db_int(&w, 0, 2);
		j[i].usable = crypto_unseal(SEAL_DOMAIN, db_val(&w, 0, 1), (unsigned char *)j[i].secret,
					    WEBHOOK_SECRET_HEX);
		j[i].secret[WEBHOOK_SECRET_HEX] = '\0';
		if (!j[i].usable)
			log_error("webhook %lld: its secret cannot be opened (application secret changed?)", j[i].webhook_id);
	}
	*jobs = j;
	return (int)r.nrows;
fail:
	db_rollback();
	return -1;
}

void webhook_jobs_wipe(struct webhook_job *jobs, int n)
{
	for (int i = 0; jobs && i < n; i++)
		sodium_memzero(jobs[i].secret, sizeof(jobs[i].secret));
}

static const char *answer_of(struct arena *a, const char *answer)
{
	char clean[256];
	transport_clean_answer(answer ? answer : "", answer ? strlen(answer) : 0, clean, sizeof(clean));
	return arena_strdup(a, clean);
}

bool webhook_done(struct arena *a, const struct webhook_job *j, const char *worker, long http_status,
                  const char *answer)
{
	return db_exec(a, NULL, "UPDATE webhook_deliveries SET status = 'done', done_utc = UTC_TIMESTAMP(), http_status = ?,"
		       " answer = ?, claimed_by = '' WHERE id = ? AND status = 'sending' AND claimed_by = ?", "isis",
		       (long long)http_status, answer_of(a, answer), j->id, worker) >= 0;
}

bool webhook_failed(struct arena *a, const struct webhook_job *j, const char *worker, bool final, bool gone,
                    int delay_s, long http_status, const char *answer)
{
	if (!db_begin())
		return false;
	long long n = db_exec(a, NULL, "UPDATE webhook_deliveries SET status = IF(?, 'failed', 'pending'), http_status = ?,"
			      " answer = ?, claimed_by = '', next_try_utc = UTC_TIMESTAMP() + INTERVAL ? SECOND,"
			      " done_utc = IF(?, UTC_TIMESTAMP(), done_utc)"
			      " WHERE id = ? AND status = 'sending' AND claimed_by = ?", "iisiiis", (long long)final,
			      (long long)http_status, answer_of(a, answer), (long long)delay_s, (long long)final, j->id, worker);
	bool ok = n >= 0;
	/* 410 Gone: the receiver says the endpoint is no more. It is turned
	 * off (an administrator may turn it on again); its other deliveries
	 * wait meanwhile. */
	if (ok && n == 1 && gone) {
		long long off = db_exec(a, NULL, "UPDATE webhooks SET active = 0, disabled_reason = 'HTTP 410 Gone'"
					" WHERE id = ? AND active = 1", "i", j->webhook_id);
		ok = off >= 0 && (off == 0 || audit(a, 0, j->commune_id, "webhook_gone", "webhook",
						    arena_printf(a, "%lld", j->webhook_id), j->url));
	}
	if (ok && db_commit())
		return true;
	db_rollback();
	return false;
}

void webhook_release(struct arena *a, const struct webhook_job *j, const char *worker)
{
	db_exec(a, NULL, "UPDATE webhook_deliveries SET status = 'pending', claimed_by = '', attempts = attempts - 1"
		" WHERE id = ? AND status = 'sending' AND claimed_by = ?", "is", j->id, worker);
}

int webhook_recover(struct arena *a)
{
	long long n = db_exec(a, NULL, "UPDATE webhook_deliveries SET status = 'pending', claimed_by = ''"
			      " WHERE status = 'sending' AND claim_until < UTC_TIMESTAMP()", "");
	return n < 0 ? -1 : (int)n;
}

/* --------------------------------------------------------- HTTP client */



static CURL *handle;

/* libcurl asks for each socket it connects, with the address resolved:
 * checked here, after the name was resolved and at the very connect, so
 * a name that resolves (or is re-pointed) to an internal address is
 * refused as a literal one is. */
struct egress { bool allow_loopback, refused; char addr[64]; };

static curl_socket_t open_checked(void *p, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct egress *e = p;
	(void)purpose;
	if (net_addr_internal(&a->addr, e->allow_loopback)) {
		e->refused = true;
		const void *in = a->family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)(void *)&a->addr)->sin6_addr
						       : (const void *)&((struct sockaddr_in *)(void *)&a->addr)->sin_addr;
		if ((a->family != AF_INET && a->family != AF_INET6) || !inet_ntop(a->family, in, e->addr, sizeof(e->addr)))
			snprintf(e->addr, sizeof(e->addr), "?");
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

enum webhook_call webhook_send(const struct webhook_job *j, long timeout_s, long *http_status, char *answer,
                               size_t answersz)
{
	*http_status = 0;
	answer[0] = '\0';
	bool loopback = webhook_loopback_allowed();
	if (!j->usable || !j->url) {
		snprintf(answer, answersz, "%s", j->url ? "secret unreadable" : "endpoint gone");
		return WEBHOOK_RETRY;
	}
	/* Checked again at each call: a setting may have changed since the
	 * endpoint was registered. */
	if (webhook_url_internal(j->url, loopback)) {
		snprintf(answer, answersz, "address refused: the URL names an internal network");
		return WEBHOOK_FAIL;
	}
	if (!webhook_url_ok(j->url, loopback)) {
		snprintf(answer, answersz, "URL refused (https only)");
		return WEBHOOK_FAIL;
	}
	if (!handle)
		handle = curl_easy_init();
	else
		curl_easy_reset(handle);
	if (!handle) {
		snprintf(answer, answersz, "libcurl: no handle");
		return WEBHOOK_RETRY;
	}
	size_t len = strlen(j->payload);
	char sig[WEBHOOK_SIG_MAX], line[WEBHOOK_SIG_MAX + 40];
	webhook_signature(j->secret, time(NULL), j->payload, len, sig);
	struct curl_slist *hdrs = NULL;
	hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	snprintf(line, sizeof(line), "X-Creneau-Event: %s", j->event);
	hdrs = curl_slist_append(hdrs, line);
	snprintf(line, sizeof(line), "X-Creneau-Delivery: %lld", j->id);
	hdrs = curl_slist_append(hdrs, line);
	snprintf(line, sizeof(line), "X-Creneau-Signature: %s", sig);
	hdrs = curl_slist_append(hdrs, line);
	hdrs = curl_slist_append(hdrs, "Expect:");
	struct tr_capture cap = { .len = 0 };
	cap.buf[0] = '\0';
	CURL *h = handle;
	curl_easy_setopt(h, CURLOPT_URL, j->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, loopback ? "http,https" : "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "creneau-webhooks");
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, j->payload);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, transport_capture);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &cap);
	struct egress eg = { .allow_loopback = loopback && str_starts(j->url, "http://") };
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_checked);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &eg);
	/* No proxy from the environment: the check is on the address reached. */
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hdrs);
	sodium_memzero(sig, sizeof(sig));
	if (eg.refused) {
		/* Permanent: an administrator must change the address. */
		snprintf(answer, answersz, "address refused: %s is on an internal network", eg.addr);
		return WEBHOOK_FAIL;
	}
	if (rc != CURLE_OK) {
		snprintf(answer, answersz, "%s", curl_easy_strerror(rc));
		return WEBHOOK_RETRY;
	}
	*http_status = code;
	char reply[200];
	transport_clean_answer(cap.buf, cap.len, reply, sizeof(reply));
	snprintf(answer, answersz, "HTTP %ld %s", code, reply);
	return webhook_classify(code);
}
