/* api.c — creneau-api, the platform's machine interfaces: JSON over
 * HTTPS, each authenticated by its own means (no cookie, no form). Today
 * the editor API the ANTS appointment hub calls, /api/ants/ (api_ants.c).
 * This file holds the route table, the JSON error answer and start-up. */
#include "api.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "json.h"
#include "keptdays.h"
#include "serve.h"
#include "server.h"

#include <sodium.h>
#include <stdio.h>

static const struct route routes[] = {
	{ "GET", "/api/ants/getManagedMeetingPoints", h_ants_meeting_points, 0 },
	{ "GET", "/api/ants/availableTimeSlots",      h_ants_time_slots, 0 },
	{ "GET", "/api/ants/searchApplicationIds",    h_ants_applications, 0 },
};

int api_error(struct request *r, int status, const char *message)
{
	struct sbuf b;
	sbuf_init(&b);
	struct json j;
	json_init(&j, &b);
	json_object(&j);
	json_key(&j, "error");
	json_object(&j);
	json_key(&j, "code");
	json_int(&j, status);
	json_key(&j, "message");
	json_string(&j, message);
	json_object_end(&j);
	json_object_end(&j);
	sbuf_addc(&b, '\0');
	resp_text(r, status, API_JSON, b.s);
	sbuf_free(&b);
	return status;
}

/* The serving path's own errors (no route, a database failure) as JSON:
 * its French message is for people, ours are English constants. */
static int api_err_page(struct request *r, int status, const char *message)
{
	switch (status) {
	case 404: message = "Unknown endpoint"; break;
	case 405: message = "Method not allowed"; break;
	case 403: message = "Forbidden"; break;
	case 413: message = "Request too large"; break;
	case 503: message = "Service temporarily unavailable, try again in a moment"; break;
	default: if (status >= 500) message = "Internal error"; break;
	}
	return api_error(r, status, message);
}

static bool child_init(void)
{
	/* A missing database is not fatal: the answers are 503 until it is
	 * back. */
	db_connect();
	return true;
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	err_page = api_err_page;
	serve_no_forms();
	ants_api_init();
	/* What one worker reads of a site's days serves the others: the
	 * days of every site's months (100 devices x 150 days fit). */
	keptdays_init_sized((size_t)config_int("api_kept_days", 32768));
	char sock[512];
	snprintf(sock, sizeof(sock), "%s/api.sock", config_get("socket_dir", "var/run"));
	return server_run(sock, (int)config_int("api_workers", 2), child_init, routes, ARRAY_LEN(routes));
}
