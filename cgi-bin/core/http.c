/* http.c — request parsing, routing and response writing. */
#include "http.h"
#include "catalog.h"
#include "csrf.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "text.h"

#include <fcgiapp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int default_err_page(struct request *r, int status, const char *message)
{
	return resp_text(r, status, "text/plain; charset=utf-8", message);
}
int (*err_page)(struct request *r, int status, const char *message) = default_err_page;
int (*route_guard)(struct request *r, unsigned roles);

static const char *lookup(const struct param *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].value;
	return NULL;
}

const char *req_arg(const struct request *r, const char *name)
{
	return lookup(r->args, r->nargs, name);
}

const char *req_form(const struct request *r, const char *name)
{
	return lookup(r->form, r->nform, name);
}

const char *req_cookie(const struct request *r, const char *name)
{
	return lookup(r->cookies, r->ncookies, name);
}

bool req_is_post(const struct request *r)
{
	return strcmp(r->method, "POST") == 0;
}

const char *req_param(const struct request *r, const char *name)
{
	return req_is_post(r) ? req_form(r, name) : req_arg(r, name);
}

void resp_header(struct request *r, const char *name, const char *value)
{
	/* Header injection is impossible by construction: values never carry
	 * CR/LF, but check anyway since some come from input (redirects). */
	if (strpbrk(value, "\r\n") || strpbrk(name, "\r\n:"))
		return;
	sbuf_printf(&r->headers, "%s: %s\r\n", name, value);
}

void resp_cookie(struct request *r, const char *name, const char *value, long max_age)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
			 name, max_age < 0 ? "" : value, r->https ? "; Secure" : "");
	if (max_age != 0 && n > 0 && (size_t)n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - (size_t)n, "; Max-Age=%ld", max_age < 0 ? 0 : max_age);
	resp_header(r, "Set-Cookie", buf);
}

int resp_redirect(struct request *r, const char *path)
{
	/* Only local paths: "//host" or "/\host" would leave the site. */
	if (path[0] != '/' || path[1] == '/' || path[1] == '\\')
		path = "/";
	resp_header(r, "Location", path);
	r->content_type = "text/plain; charset=utf-8";
	sbuf_adds(&r->body, "");
	return 303;
}

int resp_text(struct request *r, int status, const char *type, const char *text)
{
	r->content_type = type;
	r->body.len = 0;
	sbuf_adds(&r->body, text);
	return status;
}

static int hexdig(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

char *http_url_decode(struct arena *a, const char *src, size_t n, bool plus_is_space)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (src[i] == '+' && plus_is_space)
			*o++ = ' ';
		else if (src[i] == '%' && i + 2 < n && (hi = hexdig(src[i + 1])) >= 0 &&
			 (lo = hexdig(src[i + 2])) >= 0 && (hi | lo) != 0) {
			/* %00 stays literal: a NUL would cut the value short. */
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else
			*o++ = src[i];
	}
	*o = '\0';
	return out;
}

char *http_url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = arena_alloc(a, n * 3 + 1), *o = out;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

size_t http_parse_urlencoded(struct arena *a, const char *s, size_t n,
                             struct param **out, bool *bad_utf8, const char **bad_name)
{
	size_t count = 0, cap = 16;
	struct param *p = arena_alloc(a, cap * sizeof(*p));
	size_t i = 0;
	while (i < n && count < HTTP_MAX_PARAMS) {
		size_t j = i;
		while (j < n && s[j] != '&' && s[j] != ';')
			j++;
		if (j > i) {
			const char *eq = memchr(s + i, '=', j - i);
			size_t kl = eq ? (size_t)(eq - (s + i)) : j - i;
			char *k = http_url_decode(a, s + i, kl, true);
			char *v = eq ? http_url_decode(a, eq + 1, (size_t)(s + j - eq - 1), true)
				     : arena_strdup(a, "");
			/* Invalid UTF-8 or control characters (other than newlines in
			 * text areas) never reach a handler: the value is emptied and
			 * the request flagged, so the page can say why. */
			bool good_name = text_valid_utf8(k, strlen(k), false);
			if (!good_name || !text_valid_utf8(v, strlen(v), true)) {
				if (bad_utf8)
					*bad_utf8 = true;
				if (good_name && bad_name && !*bad_name)
					*bad_name = k;
				v = arena_strdup(a, "");
			}
			/* A name no form uses (bad bytes) is dropped whole. */
			if (!good_name) {
				i = j + 1;
				continue;
			}
			if (count == cap) {
				struct param *np = arena_alloc(a, cap * 2 * sizeof(*p));
				memcpy(np, p, cap * sizeof(*p));
				p = np;
				cap *= 2;
			}
			p[count].name = k;
			p[count].value = v;
			count++;
		}
		i = j + 1;
	}
	*out = p;
	return count;
}

static size_t parse_cookies(struct arena *a, const char *h, struct param **out)
{
	size_t count = 0, cap = 8;
	struct param *p = arena_alloc(a, cap * sizeof(*p));
	while (h && *h && count < cap) {
		while (*h == ' ' || *h == ';')
			h++;
		const char *end = strchr(h, ';');
		size_t len = end ? (size_t)(end - h) : strlen(h);
		const char *eq = memchr(h, '=', len);
		if (eq && eq > h) {
			p[count].name = arena_strndup(a, h, (size_t)(eq - h));
			p[count].value = arena_strndup(a, eq + 1, len - (size_t)(eq - h) - 1);
			count++;
		}
		h += len;
	}
	*out = p;
	return count;
}

/* Splits the path into segments and compares with a pattern. */
static bool match(struct arena *a, const char *pattern, const char *path, char **args, size_t maxargs)
{
	size_t na = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '*') {
			const char *e = strchr(s, '/');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			if (len == 0 || na >= maxargs)
				return false;
			args[na++] = arena_strndup(a, s, len);
			s += len;
			p++;
		} else if (*p == *s) {
			p++;
			s++;
		} else
			return false;
	}
	return *p == '\0' && *s == '\0';
}

int http_dispatch(struct request *r, const struct route *routes, size_t n)
{
	char *args[8] = {0};
	bool path_matched = false;
	for (size_t i = 0; i < n; i++) {
		if (!match(r->arena, routes[i].pattern, r->path, args, ARRAY_LEN(args)))
			continue;
		path_matched = true;
		bool head = strcmp(r->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0;
		if (strcmp(routes[i].method, r->method) != 0 && !head)
			continue;
		if (routes[i].roles && route_guard) {
			int st = route_guard(r, routes[i].roles);
			if (st)
				return st;
		}
		if (req_is_post(r)) {
			if (r->body_too_large)
				return err_page(r, 413, _("Le formulaire envoyé est trop volumineux."));
			if (!csrf_check(r))
				return err_page(r, 403, _("Votre session a expiré ou le formulaire n'est plus valable : rechargez la page puis recommencez."));
		}
		return routes[i].fn(r, args);
	}
	if (path_matched) {
		resp_header(r, "Allow", "GET, POST");
		return err_page(r, 405, _("Cette action n'est pas possible sur cette page."));
	}
	return err_page(r, 404, _("Cette page n'existe pas."));
}

static const char *env_copy(struct request *r, FCGX_ParamArray envp, const char *name)
{
	const char *v = FCGX_GetParam(name, envp);
	return arena_strdup(r->arena, v ? v : "");
}

static const char *status_text(int s)
{
	switch (s) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

void resp_stream_begin(struct request *r, int status, const char *content_type, const char *filename)
{
	FCGX_FPrintF(r->out, "Status: %d %s\r\nContent-Type: %s\r\nCache-Control: no-store\r\n",
		     status, status_text(status), content_type);
	if (filename)
		FCGX_FPrintF(r->out, "Content-Disposition: attachment; filename=\"%s\"\r\n", filename);
	FCGX_PutStr(r->headers.s, (int)r->headers.len, r->out);
	FCGX_PutStr("\r\n", 2, r->out);
	r->streamed = true;
}

void resp_stream_write(struct request *r, const char *s, size_t n)
{
	FCGX_PutStr(s, (int)n, r->out);
}

static struct arena *req_arena;

void http_serve(struct FCGX_Request *fr, const struct route *routes, size_t n)
{
	if (!req_arena)
		req_arena = arena_new();
	struct request req;
	memset(&req, 0, sizeof(req));
	struct request *r = &req;
	r->arena = req_arena;
	sbuf_init(&r->headers);
	sbuf_init(&r->body);
	db_unit_begin();

	unsigned char rid[8];
	randombytes_buf(rid, sizeof(rid));
	sodium_bin2hex(r->id, sizeof(r->id), rid, sizeof(rid));
	log_set_request_id(r->id);

	FCGX_ParamArray envp = fr->envp;
	r->method = env_copy(r, envp, "REQUEST_METHOD");
	const char *uri = env_copy(r, envp, "DOCUMENT_URI");
	if (!*uri) {
		/* Fall back on REQUEST_URI without its query string. */
		const char *ru = env_copy(r, envp, "REQUEST_URI");
		const char *q = strchr(ru, '?');
		uri = http_url_decode(r->arena, ru, q ? (size_t)(q - ru) : strlen(ru), false);
	}
	r->path = uri;
	r->query = env_copy(r, envp, "QUERY_STRING");
	r->remote_addr = env_copy(r, envp, "REMOTE_ADDR");
	r->https = strcmp(env_copy(r, envp, "HTTPS"), "on") == 0;
	r->nargs = http_parse_urlencoded(r->arena, r->query, strlen(r->query), &r->args, &r->bad_encoding, &r->bad_param);
	r->ncookies = parse_cookies(r->arena, env_copy(r, envp, "HTTP_COOKIE"), &r->cookies);

	if (req_is_post(r)) {
		/* Cap before reading: never trust CONTENT_LENGTH, read at most the
		 * cap, then drain whatever is left so the connection stays sane. */
		const char *cl = FCGX_GetParam("CONTENT_LENGTH", envp);
		long want = cl ? strtol(cl, NULL, 10) : 0;
		if (want < 0)
			want = 0;
		char *body = arena_alloc(r->arena, HTTP_BODY_CAP + 1);
		int got = FCGX_GetStr(body, HTTP_BODY_CAP, fr->in);
		if (got < 0)
			got = 0;
		body[got] = '\0';
		if (want > HTTP_BODY_CAP || got == HTTP_BODY_CAP) {
			char drain[4096];
			while (FCGX_GetStr(drain, sizeof(drain), fr->in) > 0)
				;
			r->body_too_large = true;
		}
		const char *ct = FCGX_GetParam("CONTENT_TYPE", envp);
		if (!r->body_too_large && ct && str_starts(ct, "application/x-www-form-urlencoded"))
			r->nform = http_parse_urlencoded(r->arena, body, (size_t)got, &r->form, &r->bad_encoding, &r->bad_param);
	}

	i18n_pick(r);
	csrf_prepare(r);
	r->out = fr->out;
	r->status = http_dispatch(r, routes, n);
	/* A transaction left open is a bug of the handler: nothing of it
	 * stays. */
	if (db_in_tx()) {
		log_error("%s %s left a transaction open: rolled back", r->method, r->path);
		db_rollback();
	}
	if (r->streamed) {
		if (db_failed())
			log_error("%s %s: database failure after the response began", r->method, r->path);
		goto done;
	}
	/* A failed statement fails the request, whatever the handler built
	 * from it (db.h): the page it made is dropped for the 503 page. */
	if (db_failed() && r->status < 500) {
		log_error("%s %s: database failure, answered 503 instead of %d", r->method, r->path, r->status);
		r->headers.len = 0;
		if (r->headers.s)
			r->headers.s[0] = '\0';
		r->status = err_page(r, 503, _("Le service est momentanément indisponible. Merci de réessayer dans quelques instants."));
	}

	FCGX_FPrintF(fr->out, "Status: %d %s\r\n", r->status, status_text(r->status));
	if (r->content_type)
		FCGX_FPrintF(fr->out, "Content-Type: %s\r\n", r->content_type);
	FCGX_FPrintF(fr->out, "Cache-Control: no-store\r\n");
	FCGX_PutStr(r->headers.s, (int)r->headers.len, fr->out);
	FCGX_FPrintF(fr->out, "Content-Length: %lu\r\n\r\n", (unsigned long)r->body.len); /* libfcgi has no %zu */
	if (strcmp(r->method, "HEAD") != 0)
		FCGX_PutStr(r->body.s, (int)r->body.len, fr->out);

done:
	if (r->status >= 500)
		log_error("%s %s -> %d", r->method, r->path, r->status);
	sbuf_free(&r->headers);
	sbuf_free(&r->body);
	arena_reset(req_arena);
	catalog_end_request();
	log_set_request_id("");
}
