/* serve.h — the per-request serving path of a FastCGI worker (server.c
 * calls it once per accepted request): copy the environment into a
 * struct request, read the capped body, pick the language, prepare CSRF,
 * start a unit of work, dispatch through the route table, turn a failed
 * unit into a 503, write the response, then run the end-of-request hooks.
 * Modules that keep per-request state (the catalog) register a hook here
 * rather than this file knowing them. */
#ifndef CRENEAU_SERVE_H
#define CRENEAU_SERVE_H
#include <stddef.h>
#include "request.h"

struct FCGX_Request;
/* Serves one accepted request with the program's route table. Everything
 * allocated for it lives in a per-worker arena reset at its end. */
void serve_request(struct FCGX_Request *fr, const struct route *routes, size_t n);

/* End-of-request hooks, run after every request served here, once the
 * response is written and the request's arena reset, in the order they
 * were registered. At most SERVE_MAX_HOOKS (more aborts: a static table is
 * a bug to fix, not a condition to handle); registering the same fn twice
 * is harmless. Only serve_request() runs them: a program with its own loop
 * (creneau-notify) calls what it needs itself. */
#define SERVE_MAX_HOOKS 8
void serve_on_request_end(void (*fn)(void));

/* Request headers are not copied unless a program asks for them by
 * their FastCGI name ("HTTP_X_HUB_RDV_AUTH_TOKEN"), before server_run();
 * a handler then reads them with req_header(). At most
 * SERVE_MAX_HEADERS (more aborts, as for the hooks). */
#define SERVE_MAX_HEADERS 8
void serve_keep_header(const char *cgi_name);

/* The program serves no HTML form (creneau-api): its responses set no
 * CSRF cookie. A POST to it is still refused without a valid token. */
void serve_no_forms(void);

#endif
