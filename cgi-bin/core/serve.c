/* serve.c — see serve.h. The only file that knows both libfcgi's request
 * and the modules a request passes through (i18n, csrf, db). */
#include "serve.h"
#include "csrf.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "route.h"

#include <fcgiapp.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void (*end_hooks[SERVE_MAX_HOOKS])(void);
static size_t nend_hooks;
static const char *kept_headers[SERVE_MAX_HEADERS];
static size_t nkept_headers;
static bool no_forms;

void serve_keep_header(const char *cgi_name)
{
	for (size_t i = 0; i < nkept_headers; i++)
		if (strcmp(kept_headers[i], cgi_name) == 0)
			return;
	if (nkept_headers == SERVE_MAX_HEADERS) {
		log_error("serve_keep_header: more than %d headers", SERVE_MAX_HEADERS);
		abort();
	}
	kept_headers[nkept_headers++] = cgi_name;
}

void serve_no_forms(void)
{
	no_forms = true;
}

void serve_on_request_end(void (*fn)(void))
{
	for (size_t i = 0; i < nend_hooks; i++)
		if (end_hooks[i] == fn)
			return;
	if (nend_hooks == SERVE_MAX_HOOKS) {
		log_error("serve_on_request_end: more than %d hooks", SERVE_MAX_HOOKS);
		abort();
	}
	end_hooks[nend_hooks++] = fn;
}

/* Matches r->path against routes; on a path match with another method
 * answers 405, on none 404 (through err_page). A POST is refused before
 * its handler when the body was over the cap (413) or its CSRF token is
 * wrong (403); a route with roles goes through route_guard first. */
static int dispatch(struct request *r, const struct route *routes, size_t n)
{
	char *args[ROUTE_MAX_ARGS] = {0};
	bool path_matched = false;
	for (size_t i = 0; i < n; i++) {
		if (!route_match(r->arena, routes[i].pattern, r->path, args, ARRAY_LEN(args)))
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

/* A copy in the request's arena: libfcgi frees envp at the next accept. */
static const char *env_copy(struct request *r, FCGX_ParamArray envp, const char *name)
{
	const char *v = FCGX_GetParam(name, envp);
	return arena_strdup(r->arena, v ? v : "");
}

/* Fills r from the FastCGI environment and body: method, path, query
 * arguments, cookies, and a urlencoded POST body read with a hard cap. */
static void read_request(struct request *r, FCGX_Request *fr)
{
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
	r->ncookies = http_parse_cookies(r->arena, env_copy(r, envp, "HTTP_COOKIE"), &r->cookies);
	if (nkept_headers) {
		r->in_headers = arena_alloc(r->arena, nkept_headers * sizeof(*r->in_headers));
		for (size_t i = 0; i < nkept_headers; i++) {
			const char *v = FCGX_GetParam(kept_headers[i], envp);
			if (!v)
				continue;
			r->in_headers[r->nin_headers].name = arena_strdup(r->arena, kept_headers[i]);
			r->in_headers[r->nin_headers].value = arena_strdup(r->arena, v);
			r->nin_headers++;
		}
	}

	if (!req_is_post(r))
		return;
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
	if (!r->body_too_large && ct && str_starts(ct, "application/x-www-form-urlencoded")) {
		r->nform = http_parse_urlencoded(r->arena, body, (size_t)got, &r->form, &r->bad_encoding, &r->bad_param);
		/* Fields past the cap would be lost without a word: the form is
		 * refused whole instead (413). */
		if (r->nform == HTTP_MAX_PARAMS && http_count_params(body, (size_t)got) > HTTP_MAX_PARAMS)
			r->body_too_large = true;
	}
}

/* Writes the status, headers and (but for HEAD) body r holds. */
static void write_response(const struct request *r, FCGX_Stream *out)
{
	FCGX_FPrintF(out, "Status: %d %s\r\n", r->status, http_status_text(r->status));
	if (r->content_type)
		FCGX_FPrintF(out, "Content-Type: %s\r\n", r->content_type);
	FCGX_FPrintF(out, "Cache-Control: no-store\r\n");
	FCGX_PutStr(r->headers.s, (int)r->headers.len, out);
	FCGX_FPrintF(out, "Content-Length: %lu\r\n\r\n", (unsigned long)r->body.len); /* libfcgi has no %zu */
	if (strcmp(r->method, "HEAD") != 0)
		FCGX_PutStr(r->body.s, (int)r->body.len, out);
}

/* Owns every request's memory; reset, never freed, between requests. */
static struct arena *req_arena;

void serve_request(struct FCGX_Request *fr, const struct route *routes, size_t n)
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

	read_request(r, fr);
	i18n_pick(r);
	if (!no_forms)
		csrf_prepare(r);
	r->out = fr->out;
	r->status = dispatch(r, routes, n);
	/* A transaction left open is a bug of the handler: nothing of it
	 * stays. */
	if (db_in_tx()) {
		log_error("%s %s left a transaction open: rolled back", r->method, r->path);
		db_rollback();
	}
	if (r->streamed) {
		if (db_failed())
			log_error("%s %s: database failure after the response began", r->method, r->path);
	} else {
		/* A failed statement fails the request, whatever the handler
		 * built from it (db.h): the page it made is dropped for the
		 * 503 page. */
		if (db_failed() && r->status < 500) {
			log_error("%s %s: database failure, answered 503 instead of %d", r->method, r->path, r->status);
			r->headers.len = 0;
			if (r->headers.s)
				r->headers.s[0] = '\0';
			r->status = err_page(r, 503, _("Le service est momentanément indisponible. Merci de réessayer dans quelques instants."));
		}
		write_response(r, fr->out);
	}

	if (r->status >= 500)
		log_error("%s %s -> %d", r->method, r->path, r->status);
	sbuf_free(&r->headers);
	sbuf_free(&r->body);
	arena_reset(req_arena);
	for (size_t i = 0; i < nend_hooks; i++)
		end_hooks[i]();
	log_set_request_id("");
}
