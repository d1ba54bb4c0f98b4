/* outbox.c — see outbox.h. */
#include "outbox.h"
#include "booking.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool outbox_add(struct arena *a, const char *idem_key, const char *kind, const char *channel,
                const char *recipient, const char *subject, const char *body,
                long long booking_id, long long commune_id, const char *lang, int deadline_s)
{
	char deadline[20];
	if (deadline_s > 0)
		dt_format_sql(time(NULL) + deadline_s, deadline);
	long long n = db_exec(a, NULL,
		"INSERT INTO outbox (idem_key, kind, channel, recipient, subject, body, booking_id,"
		" commune_id, lang, next_try_utc, deadline_utc, created_utc)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?, UTC_TIMESTAMP())",
		"ssssssiiss", idem_key, kind, channel, recipient, subject, body, booking_id,
		commune_id, lang, deadline_s > 0 ? deadline : NULL);
	return n >= 0 || db_errno() == DB_ERR_DUP;
}

/* Short date for SMS: "12/12/2026 à 9 h 30". */
static void when_short(time_t t, char *out, size_t n)
{
	struct tm tm;
	char hm[32];
	dt_utc_to_local(t, &tm);
	i18n_time(t, hm, sizeof(hm));
	snprintf(out, n, _("%02d/%02d/%04d à %s"), tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, hm);
}

bool outbox_booking(struct arena *a, const struct booking_view *v, const char *kind,
                    const char *code, const char *channel_pref, const char *base_url)
{
	char saved[3];
	snprintf(saved, sizeof(saved), "%s", i18n_lang());
	i18n_use(v->lang ? v->lang : "fr");
	bool ok = true;
	char when[96], date[64], hm[32], tok[65];
	when_short(v->start, when, sizeof(when));
	i18n_date(v->start, date, sizeof(date));
	i18n_time(v->start, hm, sizeof(hm));
	booking_token(v, "manage", tok);
	const char *link = arena_printf(a, "%s/rdv/%s?t=%s", base_url, v->ref, tok);
	char nonce[17];
	crypto_random_hex(nonce, 8);

	if (str_eq(kind, "code")) {
		const char *body = arena_printf(a, _("Créneau : votre code de confirmation est %s. Il expire dans 10 minutes. Ne le communiquez à personne."), code);
		bool sms = v->phone && (str_eq(channel_pref, "sms") || !v->email);
		const char *idem = arena_printf(a, "code:%lld:%s", v->id, nonce);
		ok = outbox_add(a, idem, "code", sms ? "sms" : "email", sms ? v->phone : v->email,
				sms ? NULL : _("Votre code de confirmation"), body, v->id, v->commune_id,
				v->lang, 10 * 60);
		goto out;
	}

	const char *sms = NULL, *subject = NULL, *intro = NULL;
	const char *idem = NULL;
	if (str_eq(kind, "confirmed")) {
		sms = arena_printf(a, _("RDV %s confirmé le %s, %s. Réf. %s. Pièces à apporter, annuler ou déplacer : %s/gerer"),
				   v->procedure_code, when, v->commune_name, v->ref, base_url);
		subject = arena_printf(a, _("Rendez-vous confirmé : %s le %s"), v->procedure_name, date);
		intro = _("Votre rendez-vous est confirmé.");
		idem = arena_printf(a, "confirmed:%lld", v->id);
	} else if (str_eq(kind, "cancelled")) {
		sms = arena_printf(a, _("Votre RDV %s du %s (réf. %s) est annulé. Nouveau RDV : %s"),
				   v->procedure_code, when, v->ref, base_url);
		subject = arena_printf(a, _("Rendez-vous annulé : %s le %s"), v->procedure_name, date);
		intro = _("Votre rendez-vous est annulé.");
		idem = arena_printf(a, "cancelled:%lld", v->id);
	} else if (str_eq(kind, "moved")) {
		sms = arena_printf(a, _("Votre RDV %s (réf. %s) est déplacé au %s, %s."),
				   v->procedure_code, v->ref, when, v->commune_name);
		subject = arena_printf(a, _("Rendez-vous déplacé : %s le %s"), v->procedure_name, date);
		intro = _("Votre rendez-vous a été déplacé. Voici le nouvel horaire.");
		idem = arena_printf(a, "moved:%lld:%d", v->id, v->moved_count);
	} else
		goto out;

	if (v->phone)
		ok = outbox_add(a, arena_printf(a, "%s:sms", idem), kind, "sms", v->phone, NULL, sms,
				v->id, v->commune_id, v->lang, 0) && ok;
	if (v->email) {
		struct sbuf b;
		sbuf_init(&b);
		sbuf_printf(&b, "%s\n\n", intro);
		sbuf_printf(&b, _("Référence : %s\n"), v->ref);
		sbuf_printf(&b, _("Démarche : %s (%d personne(s))\n"), v->procedure_name, v->party);
		sbuf_printf(&b, _("Date : %s à %s\n"), date, hm);
		sbuf_printf(&b, _("Lieu : %s, %s, %s %s\n"), v->site_name, v->address, v->postcode, v->city);
		if (!str_eq(kind, "cancelled")) {
			sbuf_printf(&b, "\n%s\n%s\n", _("Pièces à apporter :"), v->documents ? v->documents : "");
			sbuf_printf(&b, "\n%s\n%s\n", _("Voir, imprimer la convocation, annuler ou déplacer :"), link);
		} else
			sbuf_printf(&b, "\n%s\n%s/\n", _("Pour prendre un nouveau rendez-vous :"), base_url);
		ok = outbox_add(a, arena_printf(a, "%s:email", idem), kind, "email", v->email, subject, b.s,
				v->id, v->commune_id, v->lang, 0) && ok;
		sbuf_free(&b);
	}
out:
	i18n_use(saved);
	return ok;
}
