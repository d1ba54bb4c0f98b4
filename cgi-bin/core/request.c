/* request.c — see request.h: parameter lookups, the response builders,
 * and the parsers of URL-encoded input and cookies. All memory comes from
 * the request's arena (or the caller's) and goes with it. */
#include "request.h"
#include "text.h"

#include <fcgiapp.h>
#include <stdio.h>
#include <string.h>

static int default_err_page(struct request *r, int status, const char *message)
{
	return resp_text(r, status, "text/plain; charset=utf-8", message);
}
int (*err_page)(struct request *r, int status, const char *message) = default_err_page;

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

const char *req_header(const struct request *r, const char *cgi_name)
{
	return lookup(r->in_headers, r->nin_headers, cgi_name);
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
	resp_cookie_at(r, name, value, max_age, "/");
}

void resp_cookie_at(struct request *r, const char *name, const char *value, long max_age, const char *path)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "%s=%s; Path=%s; HttpOnly; SameSite=Lax%s",
			 name, max_age < 0 ? "" : value, path, r->https ? "; Secure" : "");
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

size_t http_count_params(const char *s, size_t n)
{
	size_t count = 0, len = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '&' || s[i] == ';') {
			count += len > 0;
			len = 0;
		} else
			len++;
	}
	return count;
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
			 * the request flagged, so the page can say why. A raw NUL
			 * byte counts: the C string would end there, and a value cut
			 * short must not pass for the whole. */
			bool nul_name = memchr(s + i, '\0', kl) != NULL;
			bool nul_value = eq && memchr(eq + 1, '\0', (size_t)(s + j - eq - 1)) != NULL;
			bool good_name = !nul_name && text_valid_utf8(k, strlen(k), false);
			if (!good_name || nul_value || !text_valid_utf8(v, strlen(v), true)) {
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

size_t http_parse_cookies(struct arena *a, const char *h, struct param **out)
{
	size_t count = 0, cap = HTTP_MAX_COOKIES;
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

const char *http_status_text(int s)
{
	switch (s) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
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
		     status, http_status_text(status), content_type);
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
