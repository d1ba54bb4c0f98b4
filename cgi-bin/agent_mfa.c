/* agent_mfa.c — the second factor of staff sign-in: the code after the
 * password, the enrolment of a key (QR code, first code, recovery codes
 * shown once), the account's security page, and an administrator's reset
 * of a colleague's key. The code and enrolment pages serve a session
 * whose password was right but whose second factor is awaited
 * (auth_pending); every other staff page refuses such a session. */
#include "agent.h"
#include "audit.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "mfa.h"
#include "page.h"
#include "qr.h"
#include "staff.h"
#include "totp.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ISSUER "Créneau"

/* Where to go once signed in: a staff page only. */
static const char *next_of(struct request *r)
{
	const char *next = req_param(r, "suite");
	return next && (str_starts(next, "/agent") || str_starts(next, "/stats")) ? next : "/agent/";
}

const char *agent_mfa_next_url(struct request *r, enum auth_mfa mfa)
{
	const char *next = http_url_encode(r->arena, next_of(r));
	switch (mfa) {
	case AUTH_MFA_CODE:
		return arena_printf(r->arena, "/agent/connexion/code?suite=%s", next);
	case AUTH_MFA_ENROL:
		return arena_printf(r->arena, "/agent/securite/activer?suite=%s", next);
	default:
		return next_of(r);
	}
}

/* The session signed in at last: audited as the sign-in. */
static int signed_in(struct request *r, const struct staff *s, const char *next)
{
	if (!auth_mfa_passed(r, s) ||
	    !audit(r->arena, s->id, s->commune_id, "login", "staff", arena_printf(r->arena, "%lld", s->id), NULL))
		return page_unavailable(r);
	return resp_redirect(r, next);
}

static int code_page(struct request *r, struct form *f, int status, const char *alert)
{
	tpl_dict *d = staff_page_new(r, _("Code de vérification"), NULL);
	tpl_set(d, "NEXT", next_of(r));
	if (f)
		form_fill(f, d);
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	return page_render(r, d, "agent_mfa_code", status);
}

int a_mfa_code_form(struct request *r, char **args)
{
	(void)args;
	struct staff s;
	enum auth_mfa mfa;
	if (!auth_pending(r, &s, &mfa) || mfa != AUTH_MFA_CODE)
		return resp_redirect(r, "/agent/connexion");
	return code_page(r, NULL, 200, NULL);
}

int a_mfa_code(struct request *r, char **args)
{
	(void)args;
	struct staff s;
	enum auth_mfa mfa;
	if (!auth_pending(r, &s, &mfa) || mfa != AUTH_MFA_CODE)
		return resp_redirect(r, "/agent/connexion");
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "code", F_TEXT, true, 0, 20 } };
	if (!form_check_all(&f, fs, ARRAY_LEN(fs)))
		return code_page(r, &f, 422, NULL);
	switch (mfa_check(r->arena, s.id, s.commune_id, form_value(&f, "code"))) {
	case MFA_OK:
		return signed_in(r, &s, next_of(r));
	case MFA_BAD:
		form_fail(&f, "code", _("Ce code n'est pas le bon, ou il a déjà servi. Saisissez le code affiché maintenant par votre application, ou un code de secours."));
		return code_page(r, &f, 401, NULL);
	case MFA_THROTTLED:
		return code_page(r, &f, 429, _("Trop de codes erronés. Patientez dix minutes avant de réessayer, ou demandez à un administrateur de réinitialiser votre double authentification."));
	default:
		return page_unavailable(r);
	}
}

/* Enrolment: the pending key's QR code and text, and the form for its
 * first code. */
static int enrol_page(struct request *r, const struct staff *s, bool pending, struct form *f, int status)
{
	char b32[TOTP_B32_MAX];
	if (!mfa_enrol_secret(r->arena, s->id, b32))
		return page_unavailable(r);
	tpl_dict *d = staff_page_new(r, _("Activer la double authentification"), pending ? NULL : s);
	tpl_set(d, "NEXT", next_of(r));
	/* Groups of four, easier to type into an app by hand. */
	struct sbuf g;
	sbuf_init(&g);
	for (size_t i = 0; b32[i]; i++) {
		if (i && i % 4 == 0)
			sbuf_addc(&g, ' ');
		sbuf_addc(&g, b32[i]);
	}
	tpl_set(d, "SECRET", g.s);
	sbuf_free(&g);
	tpl_set(d, "ACCOUNT", s->email);
	if (pending)
		tpl_show(d, "REQUIRED");
	if (f)
		form_fill(f, d);
	return page_render(r, d, "agent_mfa_enrol", status);
}

/* Who may enrol: a session awaiting enrolment, or a signed-in person
 * without a key yet. */
static bool enrolling(struct request *r, struct staff *s, bool *pending)
{
	enum auth_mfa mfa;
	if (!auth_pending(r, s, &mfa) || mfa == AUTH_MFA_CODE)
		return false;
	*pending = mfa == AUTH_MFA_ENROL;
	return *pending || mfa_enabled(r->arena, s->id) == 0;
}

int a_mfa_enrol_form(struct request *r, char **args)
{
	(void)args;
	struct staff s;
	bool pending;
	if (!enrolling(r, &s, &pending))
		return resp_redirect(r, auth_current(r, &s) ? "/agent/securite" : "/agent/connexion");
	return enrol_page(r, &s, pending, NULL, 200);
}

int a_mfa_enrol(struct request *r, char **args)
{
	(void)args;
	struct staff s;
	bool pending;
	if (!enrolling(r, &s, &pending))
		return resp_redirect(r, auth_current(r, &s) ? "/agent/securite" : "/agent/connexion");
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "code", F_TEXT, true, 0, 20 } };
	if (!form_check_all(&f, fs, ARRAY_LEN(fs)))
		return enrol_page(r, &s, pending, &f, 422);
	char codes[MFA_RECOVERY_CODES][MFA_RECOVERY_LEN + 1];
	switch (mfa_enrol_confirm(r->arena, s.id, s.commune_id, form_value(&f, "code"), codes)) {
	case MFA_OK:
		break;
	case MFA_BAD:
		form_fail(&f, "code", _("Ce code ne correspond pas : vérifiez l'heure de votre téléphone et saisissez le code affiché maintenant."));
		return enrol_page(r, &s, pending, &f, 422);
	case MFA_THROTTLED:
		form_fail(&f, "code", _("Trop de codes erronés. Patientez dix minutes avant de réessayer."));
		return enrol_page(r, &s, pending, &f, 429);
	default:
		return page_unavailable(r);
	}
	/* Enrolled: the session is signed in now (a new token), and the
	 * recovery codes are shown once. */
	if (!auth_mfa_passed(r, &s) ||
	    (pending && !audit(r->arena, s.id, s.commune_id, "login", "staff", arena_printf(r->arena, "%lld", s.id), NULL)))
		return page_unavailable(r);
	log_info("second factor enrolled for staff %lld", s.id);
	tpl_dict *d = staff_page_new(r, _("Vos codes de secours"), &s);
	tpl_set(d, "NEXT", next_of(r));
	for (int i = 0; i < MFA_RECOVERY_CODES; i++)
		tpl_set(tpl_section(d, "RECOVERY"), "CODE", codes[i]);
	resp_header(r, "Cache-Control", "no-store");
	return page_render(r, d, "agent_mfa_codes", 200);
}

int a_mfa_qr(struct request *r, char **args)
{
	(void)args;
	struct staff s;
	bool pending;
	char b32[TOTP_B32_MAX];
	if (!enrolling(r, &s, &pending))
		return page_error(r, 404, _("Aucune activation en cours."));
	if (!mfa_enrol_secret(r->arena, s.id, b32))
		return page_unavailable(r);
	char *uri = totp_uri(ISSUER, s.email, b32);
	struct sbuf svg;
	sbuf_init(&svg);
	bool ok = qr_svg(&svg, uri);
	free(uri);
	int st = ok ? resp_text(r, 200, "image/svg+xml", svg.s) : page_unavailable(r);
	sbuf_free(&svg);
	resp_header(r, "Cache-Control", "no-store");
	return st;
}

int a_security(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	int on = mfa_enabled(r->arena, s->id), left = on == 1 ? mfa_recovery_left(r->arena, s->id) : 0;
	if (on < 0 || left < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Sécurité du compte"));
	if (on)
		tpl_set_int(tpl_section(d, "ENABLED"), "LEFT", left);
	else
		tpl_show(d, "DISABLED");
	return page_render(r, d, "agent_security", 200);
}

int a_staff_mfa_reset(struct request *r, char **args)
{
	struct staff_account acc;
	int st = agent_colleague(r, args[0], &acc);
	if (st)
		return st;
	if (!mfa_reset(r->arena, me(r)->id, acc.id, acc.commune_id))
		return page_unavailable(r);
	return resp_redirect(r, "/agent/personnel?mfa=1");
}
