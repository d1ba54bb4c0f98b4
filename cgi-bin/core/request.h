/* request.h — one HTTP request as a handler sees it, and the response it
 * builds. Everything here has been copied out of libfcgi's environment
 * (which is freed at the next accept) into the request's arena by the
 * serving path (serve.h), the body read with a hard cap. A handler fills
 * the response through resp_* and returns the status. Also the pure
 * parsers of what arrives (percent-encoding, urlencoded bodies, cookies)
 * and the shape of a route table. Nothing here knows CSRF, languages, the
 * catalog or the database: those are the serving path's business. */
#ifndef CRENEAU_REQUEST_H
#define CRENEAU_REQUEST_H
#include <stdbool.h>
#include <stddef.h>
#include "util.h"

#define HTTP_BODY_CAP (64 * 1024)
#define HTTP_MAX_PARAMS 1000   /* a grid of 60 opening bands has 600 fields */
/* Cookies kept from the Cookie header, the first ones; the rest are
 * ignored. We set three (session, CSRF, language); more are other sites'
 * on a shared host, or junk. */
#define HTTP_MAX_COOKIES 8

struct param { char *name, *value; };

struct request {
	struct arena *arena;
	char id[17];                 /* random request id, for logs */
	const char *method;          /* "GET", "POST", ... */
	const char *path;            /* decoded path, e.g. "/rdv/ABCD2345" */
	const char *query;           /* raw query string, "" if none */
	const char *remote_addr;
	bool https;
	bool body_too_large;         /* the body was over HTTP_BODY_CAP: drained */
	bool bad_encoding;           /* some parameter was not valid UTF-8 */
	const char *bad_param;       /* the first such parameter's name */
	struct param *args; size_t nargs;      /* query string */
	struct param *form; size_t nform;      /* urlencoded POST body */
	struct param *cookies; size_t ncookies;
	struct param *in_headers; size_t nin_headers; /* those the program keeps (serve_keep_header) */
	const char *lang;            /* "fr" or "en", chosen by i18n_pick() */
	void *user;                  /* the signed-in person, set by the guard */
	const char *csrf;            /* token to put in forms (see csrf.h) */

	/* response */
	struct FCGX_Stream *out;     /* for streamed responses only */
	bool streamed;               /* headers and body already written */
	int status;
	struct sbuf headers;         /* "Name: value\r\n" lines */
	struct sbuf body;
	const char *content_type;
};

/* Parameter lookups; NULL when absent. First occurrence wins. */
const char *req_arg(const struct request *r, const char *name);
const char *req_form(const struct request *r, const char *name);
const char *req_cookie(const struct request *r, const char *name);
/* A request header the program asked serve.h to keep, by its FastCGI
 * name ("HTTP_X_HUB_RDV_AUTH_TOKEN"); NULL when absent. */
const char *req_header(const struct request *r, const char *cgi_name);
/* req_form for POST, req_arg for GET. */
const char *req_param(const struct request *r, const char *name);
bool req_is_post(const struct request *r);

void resp_header(struct request *r, const char *name, const char *value);
/* Session-style cookie: Path=/, HttpOnly, SameSite=Lax, Secure under
 * https; max_age 0 means a browser-session cookie, < 0 deletes it. */
void resp_cookie(struct request *r, const char *name, const char *value, long max_age);
/* The same cookie sent only with the pages under path. */
void resp_cookie_at(struct request *r, const char *name, const char *value, long max_age, const char *path);
/* 303 See Other to a local path (must start with a single "/"). */
int resp_redirect(struct request *r, const char *path);
/* Plain-text or JSON bodies. */
int resp_text(struct request *r, int status, const char *type, const char *text);

/* Streaming: writes the status and headers now; the body then goes out
 * piece by piece with resp_stream_write(), so a long export never sits in
 * memory. The handler returns the status it passed. */
void resp_stream_begin(struct request *r, int status, const char *content_type, const char *filename);
void resp_stream_write(struct request *r, const char *s, size_t n);

/* Percent-decodes src[0..n) into a new arena string; '+' becomes a space
 * when plus_is_space. Malformed escapes are kept literally. */
char *http_url_decode(struct arena *a, const char *src, size_t n, bool plus_is_space);
/* Percent-encodes for a query-string value. */
char *http_url_encode(struct arena *a, const char *s);

/* The number of non-empty pieces of s[0..n) between '&' or ';', without
 * decoding: more than HTTP_MAX_PARAMS and the form is refused whole. */
size_t http_count_params(const char *s, size_t n);
/* Parses "a=1&b=2" (';' separates too) into at most HTTP_MAX_PARAMS
 * params, names and values decoded, all arena-owned. A value that is not
 * valid UTF-8 or holds control characters (newlines allowed) is emptied
 * and sets *bad_utf8 and, the first time, *bad_name; a name that is not
 * valid drops the pair. Returns the count. */
size_t http_parse_urlencoded(struct arena *a, const char *s, size_t n,
                             struct param **out, bool *bad_utf8, const char **bad_name);

/* Parses a Cookie header ("a=1; b=2"; NULL is no header) into at most
 * HTTP_MAX_COOKIES params, arena-owned. Leading spaces and ';' before a
 * name are skipped; everything else is kept as sent (no decoding, no
 * trimming before '=' or at the end of a value). A piece without '=' or
 * with an empty name is ignored. Returns the count. */
size_t http_parse_cookies(struct arena *a, const char *header, struct param **out);

/* "OK", "Not Found", ... for the Status line; "Status" when unknown. */
const char *http_status_text(int status);

/* A handler: returns the HTTP status of the response it built. */
typedef int (*handler_fn)(struct request *r, char **args);

/* Route table entry: method, path pattern where "*" matches exactly one
 * non-empty segment (passed to the handler in args[]), the handler, and
 * the roles allowed (a bit mask the program's guard understands; 0 = no
 * sign-in needed). Matching and checks are in route.h. */
struct route {
	const char *method;
	const char *pattern;
	handler_fn fn;
	unsigned roles;
};

/* Hook the program sets to render error pages (status + French message);
 * by default a plain-text body. */
extern int (*err_page)(struct request *r, int status, const char *message);

#endif
