/* public.c — the public portal: citizens search, book, confirm with a
 * code, and manage their appointment. This file holds the route table and
 * start-up; each handler lives in the public_*.c file of its page. */
#include "booking.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "public.h"
#include "server.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct route routes[] = {
	{ "GET",  "/",                     h_home },
	{ "GET",  "/recherche",            h_search },
	{ "GET",  "/site/*",               h_site },
	{ "GET",  "/reserver",             h_book_form },
	{ "POST", "/reserver",             h_book_post },
	{ "GET",  "/confirmer/*",          h_confirm_form },
	{ "POST", "/confirmer/*",          h_confirm_post },
	{ "POST", "/confirmer/*/renvoyer", h_confirm_resend },
	{ "GET",  "/rdv/*",                h_booking },
	{ "GET",  "/rdv/*/convocation",    h_convocation },
	{ "POST", "/rdv/*/annuler",        h_cancel },
	{ "GET",  "/rdv/*/deplacer",       h_move_form },
	{ "POST", "/rdv/*/deplacer",       h_move_post },
	{ "GET",  "/gerer",                h_manage_find },
	{ "POST", "/gerer",                h_manage_find_post },
	{ "GET",  "/gerer/*/code",         h_manage_code },
	{ "POST", "/gerer/*/code",         h_manage_code_post },
	{ "GET",  "/faq",                  h_faq },
	{ "GET",  "/accessibilite",        h_accessibility },
	{ "GET",  "/donnees-personnelles", h_privacy },
	{ "GET",  "/outbox",               h_outbox },
	{ "GET",  "/healthz",              h_healthz },
};

const char *pub_base_url(void)
{
	return config_get("public_base_url", "http://127.0.0.1:8080");
}

static bool child_init(void)
{
	/* A missing database is not fatal: /healthz says so and pages answer
	 * 503 until it is back. */
	db_connect();
	return true;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	err_page = page_error;
	/* Templates are parsed once, before the fork, and shared. */
	static const char *const langs[] = { "fr", "en", NULL };
	if (!tpl_init(config_get("templates_dir", "templates"), langs))
		return 1;
	char sock[512];
	snprintf(sock, sizeof(sock), "%s/public.sock", config_get("socket_dir", "var/run"));
	return server_run(sock, (int)config_int("public_workers", 4), child_init,
			  routes, ARRAY_LEN(routes));
}
