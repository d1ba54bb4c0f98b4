/* api_ants.c — the editor API the national appointment hub of the ANTS
 * calls (rendezvouspasseport.ants.gouv.fr): three GETs under /api/ants/.
 * Here are the hub's token and the parameters; the answers are written
 * by core/ants.c.
 *
 * The hub sends the token we gave it in the header x-hub-rdv-auth-token;
 * ours is read from the file the setting ants_hub_token_file names, once
 * at start-up. Without it every call answers 503 (the API is not set up
 * here), never 500; a wrong or missing token is a 401, and after
 * AUTH_FAILS of them in AUTH_WINDOW seconds an address gets 429 whatever
 * it sends, until the window has passed. Lists of ids come as repeated
 * keys without brackets (meeting_point_ids=1&meeting_point_ids=2). */
#include "ants.h"
#include "api.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "log.h"
#include "ratelimit.h"
#include "serve.h"
#include "validate.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define AUTH_FAILS 10
#define AUTH_WINDOW 600
#define AUTH_BUCKET "ants_auth"
#define TOKEN_MIN 32          /* characters of a token we accept to serve */
#define MAX_POINTS 300        /* meeting_point_ids in one call */
#define MAX_RANGE_DAYS 366    /* from start_date to end_date */
#define MAX_DOCUMENTS 99

/* BLAKE2b of the token: compared in constant time whatever the length
 * of what is sent; the token itself is not kept. */
static unsigned char token_hash[crypto_generichash_BYTES];
static bool token_set;

void ants_api_init(void)
{
	serve_keep_header("HTTP_X_HUB_RDV_AUTH_TOKEN");
	const char *file = config_get("ants_hub_token_file", NULL);
	if (str_empty(file)) {
		log_info("ants: ants_hub_token_file is not set: /api/ants/ answers 503");
		return;
	}
	char *tok = config_read_file(file);
	size_t n = tok ? strlen(tok) : 0;
	if (n < TOKEN_MIN)
		log_error("ants: %s is missing, unreadable or shorter than %d characters: /api/ants/ answers 503",
			  file, TOKEN_MIN);
	else {
		crypto_generichash(token_hash, sizeof(token_hash), (const unsigned char *)tok, n, NULL, 0);
		token_set = true;
	}
	if (tok) {
		sodium_memzero(tok, n);
		free(tok);
	}
}

/* 0 when the request carries the hub's token, else the status of the
 * error answered. */
static int authenticate(struct request *r)
{
	if (!token_set)
		return api_error(r, 503, "The ANTS editor API is not configured on this platform");
	if (!ratelimit_ok(r->arena, AUTH_BUCKET, r->remote_addr, AUTH_WINDOW, AUTH_FAILS)) {
		resp_header(r, "Retry-After", "600");
		return api_error(r, 429, "Too many failed authentications, try again later");
	}
	const char *tok = req_header(r, "HTTP_X_HUB_RDV_AUTH_TOKEN");
	if (tok && *tok) {
		unsigned char h[crypto_generichash_BYTES];
		crypto_generichash(h, sizeof(h), (const unsigned char *)tok, strlen(tok), NULL, 0);
		if (sodium_memcmp(h, token_hash, sizeof(h)) == 0)
			return 0;
	}
	ratelimit_record(r->arena, AUTH_BUCKET, r->remote_addr);
	/* Never the token, not even a piece of it. */
	log_info("ants: %s %s: %s token from %s refused", r->method, r->path, tok && *tok ? "wrong" : "no",
		 r->remote_addr);
	return api_error(r, 401, "X-HUB-RDV-AUTH-TOKEN header is missing or invalid");
}

static int answer(struct request *r, struct sbuf *b)
{
	r->content_type = API_JSON;
	/* The body as written (several megabytes for a wide search), not a
	 * copy of it. */
	sbuf_free(&r->body);
	r->body = *b;
	return 200;
}

static const char *base_url(void)
{
	return config_get("public_base_url", "http://127.0.0.1:8080");
}

int h_ants_meeting_points(struct request *r, char **args)
{
	(void)args;
	int st = authenticate(r);
	if (st)
		return st;
	struct sbuf b;
	sbuf_init(&b);
	if (!ants_meeting_points(&b)) {
		sbuf_free(&b);
		return api_error(r, 503, "Service temporarily unavailable, try again in a moment");
	}
	return answer(r, &b);
}

/* A required YYYY-MM-DD argument; false (with the answer) when missing
 * or malformed. */
static bool date_arg(struct request *r, const char *name, int *y, int *mo, int *d, int *status)
{
	const char *v = req_arg(r, name);
	if (!v || !dt_parse_ymd(v, y, mo, d)) {
		*status = api_error(r, 400, arena_printf(r->arena, "%s must be a date (YYYY-MM-DD)", name));
		return false;
	}
	return true;
}

int h_ants_time_slots(struct request *r, char **args)
{
	(void)args;
	int st = authenticate(r);
	if (st)
		return st;
	struct ants_slots_query q;
	memset(&q, 0, sizeof(q));
	long long *ids = arena_alloc(r->arena, (r->nargs + 1) * sizeof(*ids));
	size_t asked = 0;
	for (size_t i = 0; i < r->nargs; i++) {
		if (strcmp(r->args[i].name, "meeting_point_ids") != 0)
			continue;
		long v;
		asked++;
		/* Not one of our ids: unknown, left out of the answer. */
		if (valid_int(r->args[i].value, 1, 2147483647L, &v))
			ids[q.nsites++] = v;
	}
	if (!asked)
		return api_error(r, 400, "meeting_point_ids is required");
	if (asked > MAX_POINTS)
		return api_error(r, 400, arena_printf(r->arena, "at most %d meeting_point_ids in one call", MAX_POINTS));
	q.sites = ids;
	if (!ants_reason_parse(req_arg(r, "reason"), &q.reason))
		return api_error(r, 400, "Invalid reason param");
	if (!date_arg(r, "start_date", &q.y0, &q.m0, &q.d0, &st) || !date_arg(r, "end_date", &q.y1, &q.m1, &q.d1, &st))
		return st;
	int span = dt_days_between(q.y0, q.m0, q.d0, q.y1, q.m1, q.d1);
	if (span < 0)
		return api_error(r, 400, "start_date is after end_date");
	if (span >= MAX_RANGE_DAYS)
		return api_error(r, 400, arena_printf(r->arena, "at most %d days from start_date to end_date",
						      MAX_RANGE_DAYS));
	long party = 1;
	const char *dn = req_arg(r, "documents_number");
	if (dn && !valid_int(dn, 1, MAX_DOCUMENTS, &party))
		return api_error(r, 400, arena_printf(r->arena, "documents_number must be a number from 1 to %d",
						      MAX_DOCUMENTS));
	q.party = (int)party;

	/* Made again, at most three times, when the catalog changes while it
	 * is being written (catalog.h). */
	for (int tries = 0; tries < 3; tries++) {
		struct sbuf b;
		sbuf_init(&b);
		enum ants_status s = ants_time_slots(r->arena, &q, base_url(), &b);
		if (s == ANTS_OK)
			return answer(r, &b);
		sbuf_free(&b);
		if (s == ANTS_FAILED)
			break;
	}
	return api_error(r, 503, "Service temporarily unavailable, try again in a moment");
}

/* ^[a-zA-Z0-9]{10}$, the form of a pre-application number. */
static bool application_id(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9')))
			return false;
	return n == 10;
}

int h_ants_applications(struct request *r, char **args)
{
	(void)args;
	int st = authenticate(r);
	if (st)
		return st;
	const char **ids = arena_alloc(r->arena, (r->nargs + 1) * sizeof(*ids));
	size_t n = 0, asked = 0;
	for (size_t i = 0; i < r->nargs; i++) {
		if (strcmp(r->args[i].name, "application_ids") != 0)
			continue;
		asked++;
		/* Anything else cannot be ours: left out, as RDV Service
		 * Public does, so the hub always gets its answer. */
		if (application_id(r->args[i].value))
			ids[n++] = r->args[i].value;
	}
	if (asked > ANTS_MAX_APPLICATIONS)
		return api_error(r, 400, arena_printf(r->arena, "at most %d application_ids in one call",
						      ANTS_MAX_APPLICATIONS));
	struct sbuf b;
	sbuf_init(&b);
	if (!ants_applications(r->arena, ids, n, base_url(), &b)) {
		sbuf_free(&b);
		return api_error(r, 503, "Service temporarily unavailable, try again in a moment");
	}
	return answer(r, &b);
}
