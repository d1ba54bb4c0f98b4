/* transport.c — see transport.h. */
#include "transport.h"
#include "config.h"
#include "json.h"
#include "log.h"
#include "message_mime.h"
#include "util.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------- settings */

static bool fail(char *err, size_t n, const char *msg)
{
	snprintf(err, n, "%s", msg);
	return false;
}

bool transport_load(struct transport *t, char *err, size_t errsz)
{
	memset(t, 0, sizeof(*t));
	const char *email = config_get("email_transport", "local");
	const char *sms = config_get("sms_transport", "local");
	t->timeout_s = config_int("notify_send_timeout_s", 30);
	if (t->timeout_s < 1)
		t->timeout_s = 1;

	if (str_eq(email, "smtp")) {
		t->email_smtp = true;
		t->smtp_url = config_get("smtp_url", "");
		if (!str_starts(t->smtp_url, "smtp://") && !str_starts(t->smtp_url, "smtps://"))
			return fail(err, errsz, "smtp_url must start with smtp:// or smtps://");
		const char *tls = config_get("smtp_tls", "required");
		if (str_eq(tls, "required"))
			t->smtp_tls = TR_TLS_REQUIRED;
		else if (str_eq(tls, "optional"))
			t->smtp_tls = TR_TLS_OPTIONAL;
		else if (str_eq(tls, "none"))
			t->smtp_tls = TR_TLS_NONE;
		else
			return fail(err, errsz, "smtp_tls must be required, optional or none");
		t->smtp_user = config_get("smtp_user", NULL);
		if (str_empty(t->smtp_user))
			t->smtp_user = NULL;
		if (t->smtp_user) {
			const char *pf = config_get("smtp_password_file", "");
			t->smtp_password = config_read_file(pf);
			if (!t->smtp_password)
				return fail(err, errsz, "smtp_user is set but smtp_password_file cannot be read");
		}
		t->smtp_ca_file = config_get("smtp_ca_file", NULL);
		if (str_empty(t->smtp_ca_file))
			t->smtp_ca_file = NULL;
		t->email_from = config_get("email_from", "");
		char name[256];
		if (!mime_parse_from(t->email_from, name, sizeof(name), t->from_addr, sizeof(t->from_addr)))
			return fail(err, errsz, "email_from must be an address (\"Name <addr@host>\" or \"addr@host\")");
		snprintf(t->from_domain, sizeof(t->from_domain), "%s", strrchr(t->from_addr, '@') + 1);
		if (t->smtp_user && t->smtp_tls != TR_TLS_REQUIRED && str_starts(t->smtp_url, "smtp://"))
			log_info("warning: SMTP authentication without required TLS (smtp_tls = %s)", tls);
	} else if (!str_eq(email, "local"))
		return fail(err, errsz, "email_transport must be local or smtp");

	if (str_eq(sms, "http")) {
		t->sms_http = true;
		t->sms_url = config_get("sms_url", "");
		if (!str_starts(t->sms_url, "http://") && !str_starts(t->sms_url, "https://"))
			return fail(err, errsz, "sms_url must start with http:// or https://");
		t->sms_method = config_get("sms_method", "POST");
		if (!str_eq(t->sms_method, "POST") && !str_eq(t->sms_method, "PUT") && !str_eq(t->sms_method, "GET"))
			return fail(err, errsz, "sms_method must be POST, PUT or GET");
		t->sms_content_type = config_get("sms_content_type", "application/json");
		if (strpbrk(t->sms_content_type, "\r\n"))
			return fail(err, errsz, "bad sms_content_type");
		t->sms_body = config_get("sms_body", "{\"to\":\"{to}\",\"text\":\"{text}\",\"ref\":\"{ref}\"}");
		t->sms_from = config_get("sms_from", "");
		t->sms_ca_file = config_get("sms_ca_file", NULL);
		if (str_empty(t->sms_ca_file))
			t->sms_ca_file = NULL;
		const char *auth = config_get("sms_auth", "none");
		if (str_eq(auth, "none"))
			t->sms_auth = TR_AUTH_NONE;
		else if (str_eq(auth, "basic"))
			t->sms_auth = TR_AUTH_BASIC;
		else if (str_eq(auth, "bearer"))
			t->sms_auth = TR_AUTH_BEARER;
		else if (str_starts(auth, "header:") && strlen(auth) > 7 && strlen(auth) < 7 + sizeof(t->sms_auth_header)) {
			t->sms_auth = TR_AUTH_HEADER;
			snprintf(t->sms_auth_header, sizeof(t->sms_auth_header), "%s", auth + 7);
			for (const char *p = t->sms_auth_header; *p; p++)
				if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
					return fail(err, errsz, "sms_auth header name: letters, digits and '-' only");
		} else
			return fail(err, errsz, "sms_auth must be none, basic, bearer or header:<Name>");
		bool need_secret = t->sms_auth != TR_AUTH_NONE || strstr(t->sms_body, "{secret}") ||
			strstr(t->sms_url, "{secret}");
		if (need_secret) {
			t->sms_secret = config_read_file(config_get("sms_credentials_file", ""));
			if (!t->sms_secret)
				return fail(err, errsz, "sms_credentials_file cannot be read");
			if (t->sms_auth == TR_AUTH_BASIC && !strchr(t->sms_secret, ':'))
				return fail(err, errsz, "sms_auth = basic: sms_credentials_file must hold user:password");
			if (strpbrk(t->sms_secret, "\r\n"))
				return fail(err, errsz, "sms_credentials_file must hold one line");
		}
	} else if (!str_eq(sms, "local"))
		return fail(err, errsz, "sms_transport must be local or http");

	if ((t->email_smtp || t->sms_http) && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return fail(err, errsz, "libcurl initialisation failed");
	return true;
}

static void wipe_free(char *s)
{
	if (!s)
		return;
	memset(s, 0, strlen(s));
	free(s);
}

void transport_free(struct transport *t)
{
	if (t->curl_smtp)
		curl_easy_cleanup(t->curl_smtp);
	if (t->curl_sms)
		curl_easy_cleanup(t->curl_sms);
	wipe_free(t->smtp_password);
	wipe_free(t->sms_secret);
	memset(t, 0, sizeof(*t));
}

/* -------------------------------------------------------------- helpers */

void transport_clean_answer(const char *in, size_t inlen, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < inlen && in[i] && o + 1 < outsz; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '\r' || c == '\n' || c == '\t')
			c = ' ';
		out[o++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	if (outsz)
		out[o] = '\0';
}

/* Collected bytes of a response, capped (transport.h). */
size_t transport_capture(char *p, size_t size, size_t n, void *ud)
{
	struct tr_capture *c = ud;
	size_t len = size * n;
	size_t room = sizeof(c->buf) - 1 - c->len;
	size_t take = len < room ? len : room;
	memcpy(c->buf + c->len, p, take);
	c->len += take;
	c->buf[c->len] = '\0';
	return len;
}

/* The SMTP server's replies arrive as CURLINFO_HEADER_IN: keep the last
 * one, the answer to the end of DATA (or the error). Outgoing data, which
 * holds the credentials during AUTH, is never looked at. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *ud)
{
	(void)h;
	struct tr_capture *c = ud;
	if (type != CURLINFO_HEADER_IN || size == 0)
		return 0;
	size_t n = size < sizeof(c->buf) - 1 ? size : sizeof(c->buf) - 1;
	memcpy(c->buf, data, n);
	c->buf[n] = '\0';
	c->len = n;
	return 0;
}

struct upload { const char *p; size_t left; };

static size_t on_read(char *buf, size_t size, size_t n, void *ud)
{
	struct upload *u = ud;
	size_t room = size * n;
	size_t take = u->left < room ? u->left : room;
	memcpy(buf, u->p, take);
	u->p += take;
	u->left -= take;
	return take;
}

static CURL *handle(void **slot)
{
	if (!*slot)
		*slot = curl_easy_init();
	else
		curl_easy_reset(*slot);   /* keeps the connection cache */
	return *slot;
}

/* ----------------------------------------------------------------- SMTP */

enum tr_result transport_smtp_send(struct transport *t, const char *to, const char *mime,
                                   char *answer, size_t answersz)
{
	answer[0] = '\0';
	if (!mime_addr_ok(to)) {
		snprintf(answer, answersz, "invalid recipient address");
		return TR_FAIL;
	}
	CURL *h = handle(&t->curl_smtp);
	if (!h) {
		snprintf(answer, answersz, "libcurl: no handle");
		return TR_RETRY;
	}
	char from[300], rcpt[300];
	snprintf(from, sizeof(from), "<%s>", t->from_addr);
	snprintf(rcpt, sizeof(rcpt), "<%s>", to);
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	struct upload up = { mime, strlen(mime) };
	struct tr_capture cap = { .len = 0 };
	cap.buf[0] = '\0';

	curl_easy_setopt(h, CURLOPT_URL, t->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, t->timeout_s < 10 ? t->timeout_s : 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, t->timeout_s);
	if (str_starts(t->smtp_url, "smtp://"))
		curl_easy_setopt(h, CURLOPT_USE_SSL, t->smtp_tls == TR_TLS_REQUIRED ? (long)CURLUSESSL_ALL
				 : t->smtp_tls == TR_TLS_OPTIONAL ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_NONE);
	if (t->smtp_ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, t->smtp_ca_file);
	if (t->smtp_user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, t->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, t->smtp_password);
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &cap);

	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpts);
	char reply[300];
	transport_clean_answer(cap.buf, cap.len, reply, sizeof(reply));
	if (rc == CURLE_OK) {
		snprintf(answer, answersz, "%s", reply[0] ? reply : "250 accepted");
		return TR_OK;
	}
	snprintf(answer, answersz, "%s%s%s", curl_easy_strerror(rc), reply[0] ? ": " : "", reply);
	/* RFC 5321: 550-554 are permanent answers about this message or
	 * mailbox. Everything else (4xx, connection, TLS, authentication, a
	 * timeout) may be someone else's passing problem: retry. */
	if (code >= 550 && code <= 554)
		return TR_FAIL;
	return TR_RETRY;
}

/* ---------------------------------------------------------- SMS gateway */

enum tr_escape transport_escape_for(const char *ct)
{
	if (!ct)
		return TR_ESC_NONE;
	char low[128];
	size_t i;
	for (i = 0; ct[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)((ct[i] >= 'A' && ct[i] <= 'Z') ? ct[i] + 32 : ct[i]);
	low[i] = '\0';
	if (strstr(low, "json"))
		return TR_ESC_JSON;
	if (strstr(low, "x-www-form-urlencoded"))
		return TR_ESC_URL;
	if (strstr(low, "xml"))
		return TR_ESC_XML;
	return TR_ESC_NONE;
}

static void escape_into(struct sbuf *b, const char *v, enum tr_escape esc)
{
	static const char hex[] = "0123456789ABCDEF";
	if (esc == TR_ESC_JSON) {
		json_escape(b, v);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p; p++) {
		switch (esc) {
		case TR_ESC_URL:
			if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
				sbuf_addc(b, (char)*p);
			} else {
				sbuf_addc(b, '%');
				sbuf_addc(b, hex[*p >> 4]);
				sbuf_addc(b, hex[*p & 15]);
			}
			break;
		case TR_ESC_XML:
			if (*p == '&')
				sbuf_adds(b, "&amp;");
			else if (*p == '<')
				sbuf_adds(b, "&lt;");
			else if (*p == '>')
				sbuf_adds(b, "&gt;");
			else if (*p == '"')
				sbuf_adds(b, "&quot;");
			else if (*p == '\'')
				sbuf_adds(b, "&apos;");
			else
				sbuf_addc(b, (char)*p);
			break;
		default:
			sbuf_addc(b, (char)*p);
		}
	}
}

char *transport_expand(const char *tpl, enum tr_escape esc, const struct tr_vars *v)
{
	static const char *const names[] = { "to", "text", "ref", "from", "secret" };
	const char *vals[] = { v->to, v->text, v->ref, v->from, v->secret };
	struct sbuf b;
	sbuf_init(&b);
	for (const char *p = tpl ? tpl : ""; *p;) {
		bool done = false;
		if (*p == '{') {
			for (size_t i = 0; i < ARRAY_LEN(names); i++) {
				size_t n = strlen(names[i]);
				if (strncmp(p + 1, names[i], n) == 0 && p[1 + n] == '}') {
					escape_into(&b, vals[i], esc);
					p += n + 2;
					done = true;
					break;
				}
			}
		}
		if (!done)
			sbuf_addc(&b, *p++);
	}
	return sbuf_take(&b);
}

enum tr_result transport_sms_send(struct transport *t, const char *to, const char *text,
                                  const char *ref, char *answer, size_t answersz)
{
	answer[0] = '\0';
	CURL *h = handle(&t->curl_sms);
	if (!h) {
		snprintf(answer, answersz, "libcurl: no handle");
		return TR_RETRY;
	}
	struct tr_vars vars = { to, text, ref, t->sms_from, t->sms_secret };
	char *url = transport_expand(t->sms_url, TR_ESC_URL, &vars);
	char *body = str_eq(t->sms_method, "GET") ? NULL
		: transport_expand(t->sms_body, transport_escape_for(t->sms_content_type), &vars);
	struct curl_slist *hdrs = NULL;
	char line[600];
	if (body) {
		snprintf(line, sizeof(line), "Content-Type: %s", t->sms_content_type);
		hdrs = curl_slist_append(hdrs, line);
	}
	/* The reference again as a header: HTTP APIs that deduplicate
	 * requests commonly read it there. */
	snprintf(line, sizeof(line), "Idempotency-Key: %s", ref);
	hdrs = curl_slist_append(hdrs, line);
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (t->sms_auth == TR_AUTH_BEARER) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", t->sms_secret);
		hdrs = curl_slist_append(hdrs, line);
	} else if (t->sms_auth == TR_AUTH_HEADER) {
		snprintf(line, sizeof(line), "%s: %s", t->sms_auth_header, t->sms_secret);
		hdrs = curl_slist_append(hdrs, line);
	}
	struct tr_capture cap = { .len = 0 };
	cap.buf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, t->timeout_s < 10 ? t->timeout_s : 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, t->timeout_s);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "creneau-notify");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, transport_capture);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &cap);
	if (t->sms_ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, t->sms_ca_file);
	if (t->sms_auth == TR_AUTH_BASIC) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERPWD, t->sms_secret);
	}
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		if (str_eq(t->sms_method, "PUT"))
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
	} else
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);

	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hdrs);
	/* The URL and body may hold the secret: wipe them. */
	memset(url, 0, strlen(url));
	free(url);
	if (body) {
		memset(body, 0, strlen(body));
		free(body);
	}
	char reply[300];
	transport_clean_answer(cap.buf, cap.len, reply, sizeof(reply));
	if (rc != CURLE_OK) {
		snprintf(answer, answersz, "%s", curl_easy_strerror(rc));
		return TR_RETRY;
	}
	snprintf(answer, answersz, "HTTP %ld %s", code, reply);
	if ((code >= 200 && code < 300) || code == 409)
		return TR_OK;
	/* A request the gateway declares wrong for this message (bad number,
	 * text refused) will not get better. Authentication (401/403), a
	 * wrong URL (404), limits (429) and server errors may: retry, so that
	 * fixing the settings delivers the queue. */
	if (code == 400 || code == 410 || code == 413 || code == 422)
		return TR_FAIL;
	return TR_RETRY;
}
