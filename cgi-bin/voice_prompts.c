/* voice_prompts.c — the text of every fixed prompt of the voice server.
 * `creneau-voice --prompts LANG` prints them ("name<TAB>text" lines) for
 * scripts/voice-prompts.sh, which makes the sound files at build time. */
#include "voice.h"

#include "i18n.h"

#include <stdio.h>

static const struct voice_prompt fixed[] = {
	{ "welcome", N_("Bienvenue sur le service de rendez-vous des mairies pour les cartes d'identité et les passeports. À tout moment, tapez zéro pour parler à un agent.") },
	{ "menu-main", N_("Pour connaître les pièces à fournir, tapez 1. Pour prendre un rendez-vous, tapez 2. Pour écouter, annuler ou déplacer un rendez-vous, tapez 3. Pour parler à un agent, tapez 0.") },
	{ "choose-procedure", N_("Choisissez la démarche.") },
	{ "for", N_("Pour") },
	{ "press", N_("tapez") },
	{ "documents-intro", N_("Voici les pièces à fournir.") },
	{ "party", N_("Combien de personnes viennent pour cette démarche ? Tapez un chiffre, de 1 à") },
	{ "postcode", N_("Tapez le code postal de votre commune, en cinq chiffres.") },
	{ "postcode-unknown", N_("Nous ne connaissons pas ce code postal.") },
	{ "searching", N_("Voici les premiers horaires libres, dans les mairies les plus proches.") },
	{ "choice", N_("Choix") },
	{ "at-site", N_("à la mairie de") },
	{ "choose-time", N_("Pour choisir un horaire, tapez son numéro. Pour d'autres horaires, tapez 9.") },
	{ "choose-time-last", N_("Pour choisir un horaire, tapez son numéro. Pour réécouter depuis le début, tapez 9.") },
	{ "no-time", N_("Aucun horaire n'est libre pour cette démarche en ce moment.") },
	{ "person", N_("Personne") },
	{ "birth", N_("Tapez la date de naissance : le jour en deux chiffres, le mois en deux chiffres, puis l'année en quatre chiffres.") },
	{ "birth-invalid", N_("Cette date de naissance n'est pas valable.") },
	{ "mobile", N_("Pour recevoir le code de confirmation par SMS, tapez votre numéro de portable, en dix chiffres.") },
	{ "mobile-invalid", N_("Ce numéro n'est pas un numéro de portable.") },
	{ "taken", N_("Cet horaire vient d'être pris par quelqu'un d'autre.") },
	{ "duplicate", N_("Une des personnes a déjà un rendez-vous pour cette démarche. Une seule demande par personne est possible : pour la changer, tapez 3 au menu principal.") },
	{ "too-many-codes", N_("Trop de codes ont été envoyés à ce numéro. Réessayez dans une heure, ou parlez à un agent.") },
	{ "code-sent", N_("Un code à six chiffres vient de vous être envoyé par SMS. Tapez-le maintenant.") },
	{ "code-wrong", N_("Ce code n'est pas le bon.") },
	{ "code-expired", N_("Le délai est dépassé : l'horaire a été libéré.") },
	{ "confirmed", N_("Votre rendez-vous est confirmé. Il a lieu") },
	{ "your-ref", N_("Votre référence est :") },
	{ "ref-again", N_("Je répète votre référence :") },
	{ "sms-follows", N_("Vous allez recevoir un SMS avec votre rendez-vous. Un agent de la mairie complètera les noms avec vous à votre arrivée.") },
	{ "ref-ask", N_("Tapez la référence de votre rendez-vous, huit caractères : pour une lettre, la touche du clavier qui porte cette lettre, pour un chiffre, ce chiffre.") },
	{ "phone-ask", N_("Tapez le numéro de portable donné lors de la réservation, suivi de la touche dièse. Si c'est le numéro d'où vous appelez, tapez seulement dièse.") },
	{ "manage-code-sent", N_("Si un rendez-vous correspond, un code à six chiffres vient d'être envoyé par SMS à ce numéro. Tapez-le maintenant.") },
	{ "manage-not-found", N_("Nous ne trouvons pas de rendez-vous avec ces informations.") },
	{ "appointment-is", N_("Votre rendez-vous a lieu") },
	{ "menu-manage", N_("Pour réécouter votre rendez-vous et les pièces à fournir, tapez 1. Pour l'annuler, tapez 2. Pour le déplacer, tapez 3. Pour revenir au menu principal, tapez 9.") },
	{ "cancel-confirm", N_("Pour confirmer l'annulation, tapez 1. Pour ne rien changer, tapez 9.") },
	{ "cancelled", N_("Votre rendez-vous est annulé. Vous allez recevoir un SMS.") },
	{ "too-late", N_("Il est trop tard pour annuler ou déplacer ce rendez-vous par téléphone : parlez à un agent.") },
	{ "moved", N_("Votre rendez-vous est déplacé. Il a lieu maintenant") },
	{ "invalid", N_("Ce choix n'est pas valable.") },
	{ "no-input", N_("Je n'ai rien entendu.") },
	{ "transfer", N_("Je vous mets en relation avec un agent. Merci de patienter.") },
	{ "unavailable", N_("Le service est momentanément indisponible. Merci de rappeler dans quelques instants.") },
	{ "goodbye", N_("Merci de votre appel. Au revoir.") },
	/* The building blocks of the variable parts. */
	{ "the", N_("le") },
	{ "at", N_("à") },
	{ "hours", N_("heures") },
	{ "hour", N_("heure") },
	{ "first", N_("premier") },
	{ "day-1", N_("lundi") }, { "day-2", N_("mardi") }, { "day-3", N_("mercredi") }, { "day-4", N_("jeudi") },
	{ "day-5", N_("vendredi") }, { "day-6", N_("samedi") }, { "day-7", N_("dimanche") },
	{ "month-1", N_("janvier") }, { "month-2", N_("février") }, { "month-3", N_("mars") }, { "month-4", N_("avril") },
	{ "month-5", N_("mai") }, { "month-6", N_("juin") }, { "month-7", N_("juillet") }, { "month-8", N_("août") },
	{ "month-9", N_("septembre") }, { "month-10", N_("octobre") }, { "month-11", N_("novembre") },
	{ "month-12", N_("décembre") },
};

const struct voice_prompt *voice_prompts(struct arena *a, size_t *n)
{
	/* Numbers 0-59 (hours, minutes, days, choices) and the letters are
	 * said by espeak-ng from the figure or the letter itself. */
	size_t nfixed = ARRAY_LEN(fixed), total = nfixed + 60 + 26;
	struct voice_prompt *p = arena_alloc(a, total * sizeof(*p));
	for (size_t i = 0; i < nfixed; i++) {
		p[i].name = fixed[i].name;
		p[i].text = _(fixed[i].text);
	}
	for (int i = 0; i < 60; i++) {
		p[nfixed + (size_t)i].name = arena_printf(a, "n-%d", i);
		p[nfixed + (size_t)i].text = arena_printf(a, "%d", i);
	}
	for (int i = 0; i < 26; i++) {
		p[nfixed + 60 + (size_t)i].name = arena_printf(a, "l-%c", 'a' + i);
		p[nfixed + 60 + (size_t)i].text = arena_printf(a, "%c", 'A' + i);
	}
	*n = total;
	return p;
}
