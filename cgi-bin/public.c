/* public.c — the public portal: citizens search, book, confirm with a
 * code, and manage their appointment. This file holds the route table and
 * start-up; each handler lives in the public_*.c file of its page. */
#include "booking.h"
#include "config.h"

#include <sodium.h>
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "keptdays.h"
#include "log.h"
#include "page.h"
#include "public.h"
#include "server.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct route routes[] = {
	{ "GET",  "/",                     h_home, 0 },
	{ "GET",  "/recherche",            h_search, 0 },
	{ "GET",  "/site/*",               h_site, 0 },
	{ "GET",  "/reserver",             h_book_form, 0 },
	{ "POST", "/reserver",             h_book_post, 0 },
	{ "GET",  "/confirmer/*",          h_confirm_form, 0 },
	{ "POST", "/confirmer/*",          h_confirm_post, 0 },
	{ "POST", "/confirmer/*/renvoyer", h_confirm_resend, 0 },
	{ "POST", "/confirmer/*/abandonner", h_confirm_give_up, 0 },
	{ "GET",  "/rdv/*",                h_booking, 0 },
	{ "GET",  "/rdv/*/convocation",    h_convocation, 0 },
	{ "POST", "/rdv/*/annuler",        h_cancel, 0 },
	{ "GET",  "/rdv/*/deplacer",       h_move_form, 0 },
	{ "POST", "/rdv/*/deplacer",       h_move_post, 0 },
	{ "GET",  "/rdv/*/reprendre",      h_rebook_form, 0 },
	{ "POST", "/rdv/*/reprendre",      h_rebook_post, 0 },
	{ "GET",  "/gerer",                h_manage_find, 0 },
	{ "POST", "/gerer",                h_manage_find_post, 0 },
	{ "GET",  "/gerer/*/code",         h_manage_code, 0 },
	{ "POST", "/gerer/*/code",         h_manage_code_post, 0 },
	{ "GET",  "/liste",                h_waitlist_form, 0 },
	{ "POST", "/liste",                h_waitlist_post, 0 },
	{ "GET",  "/liste/*",              h_waitlist_entry, 0 },
	{ "GET",  "/liste/*/code",         h_waitlist_code, 0 },
	{ "POST", "/liste/*/code",         h_waitlist_code_post, 0 },
	{ "POST", "/liste/*/quitter",      h_waitlist_leave, 0 },
	{ "GET",  "/liste/*/offre/*",      h_waitlist_offer, 0 },
	{ "POST", "/liste/*/offre/*",      h_waitlist_offer_post, 0 },
	{ "GET",  "/avis/merci",           h_survey_thanks, 0 },
	{ "GET",  "/avis/*",               h_survey_form, 0 },
	{ "POST", "/avis/*",               h_survey_post, 0 },
	{ "GET",  "/qualite",              h_quality, 0 },
	{ "GET",  "/reclamation",          h_complaint_form, 0 },
	{ "POST", "/reclamation",          h_complaint_post, 0 },
	{ "GET",  "/reclamation/*",        h_complaint_view, 0 },
	{ "GET",  "/reclamation/*/code",   h_complaint_code, 0 },
	{ "POST", "/reclamation/*/code",   h_complaint_code_post, 0 },
	{ "GET",  "/urgence",              h_urgency_form, 0 },
	{ "POST", "/urgence",              h_urgency_post, 0 },
	{ "GET",  "/urgence/*",            h_urgency_status, 0 },
	{ "GET",  "/urgence/*/code",       h_urgency_code, 0 },
	{ "POST", "/urgence/*/code",       h_urgency_code_post, 0 },
	{ "GET",  "/faq",                  h_faq, 0 },
	{ "POST", "/faq/*/avis",           h_faq_vote, 0 },
	{ "GET",  "/delais",               h_delays, 0 },
	{ "GET",  "/accessibilite",        h_accessibility, 0 },
	{ "GET",  "/donnees-personnelles", h_privacy, 0 },
	{ "GET",  "/outbox",               h_outbox, 0 },
	{ "GET",  "/healthz",              h_healthz, 0 },
	{ "GET",  "/statut",               h_status, 0 },
	{ "GET",  "/statut.json",          h_status_json, 0 },
	{ "GET",  "/statut.atom",          h_status_atom, 0 },
	{ "POST", "/statut/abonnement",    h_status_subscribe, 0 },
	{ "GET",  "/statut/confirmer",     h_status_confirm_form, 0 },
	{ "POST", "/statut/confirmer",     h_status_confirm, 0 },
	{ "GET",  "/statut/desabonner",    h_status_unsub_form, 0 },
	{ "POST", "/statut/desabonner",    h_status_unsub, 0 },
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
	if (sodium_init() < 0)
		return 1;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	err_page = page_error;
	/* Templates are parsed once, before the fork, and shared. */
	if (!tpl_init(config_get("templates_dir", "templates"), i18n_langs))
		return 1;
	/* What one worker reads of a site's days serves them all. */
	keptdays_init();
	char sock[512];
	snprintf(sock, sizeof(sock), "%s/public.sock", config_get("socket_dir", "var/run"));
	return server_run(sock, (int)config_int("public_workers", 4), child_init,
			  routes, ARRAY_LEN(routes));
}
