/* ants_check.c — see ants_check.h. */
#include "ants_check.h"
#include "ants_coord.h"
#include "catalog.h"
#include "config.h"
#include "i18n.h"
#include "log.h"

#include <stdio.h>
#include <string.h>

/* "2027-01-19 10:00:00" (ANTS writes the site's wall clock) as the
 * person reads it: "19/01/2027 à 10:00". */
static const char *when(struct arena *a, const char *d)
{
	int y, mo, da, h, mi;
	if (!d || sscanf(d, "%4d-%2d-%2d%*[ T]%2d:%2d", &y, &mo, &da, &h, &mi) != 5)
		return d ? d : "";
	char date[64];
	i18n_date_ymd(y, mo, da, date, sizeof(date));
	return arena_printf(a, _("%s à %02d:%02d"), date, h, mi);
}

const char *ants_check_message(struct arena *a, const struct ants_app *st, const char *our_base_url)
{
	switch (st->status) {
	case ANTS_APP_VALIDATED:
		return NULL;
	case ANTS_APP_CONSUMED:
		return _("Ce numéro de pré-demande a déjà servi pour un dossier déposé en mairie : faites une nouvelle pré-demande sur ants.gouv.fr.");
	case ANTS_APP_EXPIRED:
		return _("Ce numéro de pré-demande a expiré : faites une nouvelle pré-demande sur ants.gouv.fr.");
	case ANTS_APP_UNKNOWN:
		return _("L'ANTS ne connaît pas ce numéro de pré-demande : vérifiez-le sur le récapitulatif de votre pré-demande.");
	case ANTS_APP_DECLARED:
		break;
	case ANTS_APP_ERROR:
		return _("Ce numéro de pré-demande n'a pas pu être vérifié.");
	}
	/* Only our own appointments: the platform's own rule (one appointment
	 * per person and title) says it better, with the reference. */
	if (!ants_check_refusal(st, our_base_url))
		return NULL;
	if (st->n == 0)
		return _("Ce numéro de pré-demande a déjà un rendez-vous dans une autre mairie : annulez-le d'abord, ou gardez-le.");
	const struct ants_elsewhere *w = &st->where[0];
	const char *msg = arena_printf(a, _("Ce numéro de pré-demande a déjà un rendez-vous : %s, le %s. Annulez-le d'abord si vous voulez en prendre un autre, ou gardez-le."),
				       w->meeting_point ? w->meeting_point : _("une autre mairie"), when(a, w->appointment_date));
	if (w->management_url && *w->management_url)
		msg = arena_printf(a, _("%s Pour le gérer : %s"), msg, w->management_url);
	return msg;
}

const char *ants_down_message(void)
{
	return _("Le service national de vérification des numéros de pré-demande (ANTS) ne répond pas. Réessayez dans quelques minutes : vos informations sont conservées.");
}

enum ants_check ants_check_people(struct arena *a, struct form *f, struct person *ps, int n, long long site_id)
{
	if (!ants_coord_enabled())
		return ANTS_CHECK_OK;
	const char *ids[ANTS_STATUS_MAX];
	int who[ANTS_STATUS_MAX], k = 0;
	for (int i = 0; i < n && k < ANTS_STATUS_MAX; i++)
		if (ps[i].predemande && *ps[i].predemande) {
			who[k] = i;
			ids[k++] = ps[i].predemande;
		}
	if (k == 0)
		return ANTS_CHECK_OK;
	struct ants_app st[ANTS_STATUS_MAX];
	long timeout = config_int("ants_status_timeout_s", 4);
	bool answered = ants_coord_status(a, ids, k, timeout, st);
	const char *base = config_get("public_base_url", "");
	enum ants_check res = ANTS_CHECK_OK;
	bool missing = false;
	for (int j = 0; j < k; j++) {
		if (st[j].status == ANTS_APP_ERROR) {
			missing = true;
			continue;
		}
		const char *m = ants_check_message(a, &st[j], base);
		if (m) {
			form_fail(f, arena_printf(a, "predemande_%d", who[j] + 1), m);
			res = ANTS_CHECK_REFUSED;
		}
	}
	if (res == ANTS_CHECK_REFUSED || (answered && !missing))
		return res;
	const struct cat_site *si = catalog_site(catalog_cached(), site_id);
	bool block = si && si->commune && si->commune->ants_block_on_error;
	log_info("ANTS status unanswered at booking (site %lld): %s", site_id, block ? "refused" : "taken, checked later");
	if (block)
		return ANTS_CHECK_DOWN;
	for (int j = 0; j < k; j++)
		if (st[j].status == ANTS_APP_ERROR)
			ps[who[j]].ants_recheck = true;
	return ANTS_CHECK_OK;
}
