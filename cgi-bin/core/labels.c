/* labels.c — see labels.h. */
#include "labels.h"
#include "i18n.h"

#include <string.h>

const char *label_of(const char *code)
{
	static const struct { const char *code, *label; } labels[] = {
		{ "web", N_("internet") }, { "phone", N_("téléphone") }, { "counter", N_("guichet") },
		{ "partner", N_("mairie partenaire") }, { "voice", N_("serveur vocal") },
		{ "confirmed", N_("confirmé") }, { "cancelled", N_("annulé") }, { "held", N_("en attente") },
		{ "expired", N_("expiré") }, { "regular", N_("normal") }, { "urgent", N_("urgence") },
		{ "extreme", N_("extrême urgence") }, { "none", N_("attendu") }, { "arrived", N_("arrivé") },
		{ "started", N_("en cours") }, { "finished", N_("terminé") }, { "noshow", N_("absent") },
		{ "person", N_("la personne") }, { "commune", N_("la mairie") },
		{ "email", N_("courriel") }, { "courrier", N_("courrier") }, { "guichet", N_("accueil (guichet)") },
		{ "total", N_("toutes") },
		{ "desk", N_("guichet") }, { "form", N_("formulaire") },
		{ "citizen", N_("citoyen") }, { "agent", N_("agent communal") }, { "other", N_("autre") },
		{ "open", N_("ouvert") }, { "delegated", N_("délégué") }, { "waiting", N_("en attente de l'appelant") },
		{ "resolved", N_("résolu") }, { "closed", N_("clos") }, { "closed_at_once", N_("clos immédiatement") },
		{ "closure", N_("fermeture") }, { "outage", N_("panne de l'appareil") }, { "absence", N_("absence d'agent") },
	};
	for (size_t i = 0; code && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(code, labels[i].code) == 0)
			return gettext(labels[i].label);
	return code;
}
