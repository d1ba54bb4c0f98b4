/* agent_complaints.c — the complaints register of a commune (issue #21
 * §2): the list with its filters (status, overdue), the entry of a
 * complaint received by email, by letter or at the desk, a complaint's
 * page (owner and subject, status, internal notes, the reply by email or
 * as a letter, the history), the printable acknowledgement and reply
 * letters, and the commune's subjects and reply delay (administrators).
 * Agents and administrators of the commune only: partner town halls have
 * no route here, and every handler checks the complaint's commune. */
#include "agent.h"
#include "complaint.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define LIST_MAX 500

static const char *channel_label(const char *c)
{
	if (str_eq(c, "web"))
		return _("formulaire en ligne");
	if (str_eq(c, "email"))
		return _("courriel");
	if (str_eq(c, "courrier"))
		return _("courrier");
	if (str_eq(c, "guichet"))
		return _("accueil (guichet)");
	return c ? c : "";
}

static const char *status_label(const char *s)
{
	if (str_eq(s, "recue"))
		return _("reçue");
	if (str_eq(s, "en_cours"))
		return _("en cours");
	if (str_eq(s, "repondue"))
		return _("répondue");
	if (str_eq(s, "close"))
		return _("close");
	if (str_eq(s, "pending_code"))
		return _("code non saisi");
	return s ? s : "";
}

static const char *date_of(struct request *r, time_t t)
{
	if (!t)
		return "";
	char buf[96];
	i18n_when(t, buf, sizeof(buf));
	return arena_strdup(r->arena, buf);
}

static const char *day_of(struct request *r, time_t t)
{
	if (!t)
		return "";
	char buf[64];
	i18n_date(t, buf, sizeof(buf));
	return arena_strdup(r->arena, buf);
}

/* The complaint of the URL, within the person's communes: 0, else the
 * page already answered (404 unknown, 403 another commune's). */
static int load_scoped(struct request *r, const char *arg, struct complaint_view *v)
{
	char ref[9];
	bool err = false;
	if (!valid_ref(arg, ref, sizeof(ref)) || !complaint_load(r->arena, ref, v, &err) ||
	    str_eq(v->status, "pending_code"))
		return err ? page_unavailable(r) : page_error(r, 404, _("Cette réclamation n'existe pas."));
	if (!agent_can_commune(me(r), v->commune_id))
		return agent_forbidden(r);
	return 0;
}

static void fill_row(struct request *r, tpl_dict *x, const struct complaint_view *v)
{
	tpl_set(x, "REF", v->ref);
	tpl_set(x, "CHANNEL", channel_label(v->channel));
	tpl_set(x, "STATUS", status_label(v->status));
	tpl_set(x, "STATUS_CODE", v->status);
	tpl_set(x, "SUBJECT", v->subject ? v->subject : _("non classée"));
	tpl_set(x, "OWNER", v->owner_name ? v->owner_name : _("personne"));
	tpl_set(x, "NAME", v->purged ? _("(données effacées)") : v->name ? v->name : "");
	tpl_set(x, "RECEIVED", date_of(r, v->received));
	tpl_set(x, "DEADLINE", day_of(r, v->deadline));
	tpl_set(x, "COMMUNE", v->commune_name);
	if (v->overdue)
		tpl_show(x, "OVERDUE");
}

/* ----------------------------------------------------------------- list */

int a_complaints(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	const char *st = req_arg(r, "statut");
	if (st && !complaint_status_ok(st) && !str_eq(st, "ouvertes"))
		st = NULL;
	bool overdue = str_eq(req_arg(r, "retard"), "1");
	struct complaint_view *v;
	long n = complaint_list(r->arena, s->commune_id, st ? st : "", overdue, LIST_MAX, &v);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Registre des réclamations"));
	static const char *const filters[] = { "", "ouvertes", "recue", "en_cours", "repondue", "close" };
	for (size_t i = 0; i < ARRAY_LEN(filters); i++) {
		tpl_dict *o = tpl_section(d, "FILTER");
		tpl_set(o, "VALUE", filters[i]);
		tpl_set(o, "LABEL", i == 0 ? _("toutes") : i == 1 ? _("ouvertes (reçues ou en cours)") : status_label(filters[i]));
		if (str_eq(filters[i], st ? st : ""))
			tpl_show(o, "SELECTED");
	}
	if (overdue)
		tpl_show(d, "RETARD_CHECKED");
	if (s->role == ROLE_PLATFORM_ADMIN)
		tpl_show(d, "SHOW_COMMUNE");
	if (s->role == ROLE_PLATFORM_ADMIN || s->role == ROLE_COMMUNE_ADMIN)
		tpl_show(d, "CAN_SUBJECTS");
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "ROW");
		fill_row(r, x, &v[i]);
		if (s->role == ROLE_PLATFORM_ADMIN)
			tpl_set(tpl_section(x, "ROW_COMMUNE"), "COMMUNE", v[i].commune_name);
	}
	tpl_setf(d, "COUNT_TEXT", P_("%ld réclamation", "%ld réclamations", (unsigned long)n), n);
	if (n == 0)
		tpl_show(d, "NONE");
	return page_render(r, d, "agent_complaints", 200);
}

/* ------------------------------------------------------------------ new */

static const struct field_spec new_fields[] = {
	{ "canal", F_TEXT, true, 0, 10 },
	{ "sujet", F_INT, false, 1, 1000000000 },
	{ "reference", F_REF, false, 0, 0 },
	{ "nom", F_TEXT, true, 0, 150 },
	{ "email", F_EMAIL, false, 0, 0 },
	{ "telephone", F_PHONE, false, 0, 0 },
	{ "adresse", F_TEXT, false, 0, 400 },
	{ "message", F_TEXT, true, 0, COMPLAINT_BODY_MAX },
};

static bool fill_subjects(struct request *r, tpl_dict *d, long long commune, long long chosen)
{
	struct complaint_subject *sj;
	long n = complaint_subjects(r->arena, commune, true, &sj);
	if (n < 0)
		return false;
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "SUBJECT_OPT");
		tpl_set_int(x, "ID", sj[i].id);
		tpl_set(x, "LABEL", sj[i].label);
		if (sj[i].id == chosen)
			tpl_show(x, "SELECTED");
	}
	return true;
}

static int render_new(struct request *r, long long commune, struct form *f, int status)
{
	tpl_dict *d = agent_page(r, _("Enregistrer une réclamation"));
	tpl_set_int(d, "COMMUNE_ID", commune);
	if (f)
		form_fill(f, d);
	const char *canal = f ? form_typed(f, "canal") : req_arg(r, "canal");
	static const char *const chans[] = { "email", "courrier", "guichet" };
	for (size_t i = 0; i < ARRAY_LEN(chans); i++) {
		tpl_dict *o = tpl_section(d, "CHANNEL_OPT");
		tpl_set(o, "VALUE", chans[i]);
		tpl_set(o, "LABEL", channel_label(chans[i]));
		if (str_eq(canal, chans[i]) || (!canal && i == 0))
			tpl_show(o, "CHECKED");
	}
	if (!fill_subjects(r, d, commune, f ? form_int(f, "sujet", 0) : 0)) {
		tpl_free(d);
		return page_unavailable(r);
	}
	return page_render(r, d, "agent_complaint_new", status);
}

int a_complaint_new_form(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune)
		return agent_choose_commune(r, _("Enregistrer une réclamation"), "/agent/reclamations/nouvelle");
	return render_new(r, commune, NULL, 200);
}

int a_complaint_new(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune || !agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	form_check_all(&f, new_fields, ARRAY_LEN(new_fields));
	const char *canal = form_value(&f, "canal");
	if (canal && (!complaint_channel_ok(canal) || str_eq(canal, "web")))
		form_fail(&f, "canal", _("Choisissez comment la réclamation est arrivée."));
	long long subject = form_int(&f, "sujet", 0);
	if (subject) {
		int k = complaint_subject_of(r->arena, commune, subject);
		if (k < 0)
			return page_unavailable(r);
		if (k == 0)
			form_fail(&f, "sujet", _("Choisissez un sujet de la liste."));
	}
	if (str_eq(canal, "email") && !form_value(&f, "email") && !form_error(&f, "email"))
		form_fail(&f, "email", _("Indiquez l'adresse électronique de la personne : l'accusé de réception et la réponse y seront envoyés."));
	if (str_eq(canal, "courrier") && !form_value(&f, "adresse") && !form_error(&f, "adresse"))
		form_fail(&f, "adresse", _("Indiquez l'adresse postale de la personne : l'accusé de réception et la réponse lui seront envoyés par courrier."));
	if (f.nerrors)
		return render_new(r, commune, &f, 422);
	struct complaint_new n = {
		.commune_id = commune, .channel = canal, .subject_id = subject,
		.booking_ref = form_value(&f, "reference"), .name = form_value(&f, "nom"),
		.email = form_value(&f, "email"), .phone = form_value(&f, "telephone"),
		.address = form_value(&f, "adresse") ? req_form(r, "adresse") : NULL,
		.body = req_form(r, "message"), .lang = "fr", .base_url = agent_base_url(),
	};
	struct complaint_view v;
	if (!complaint_create_staff(r->arena, me(r)->id, &n, &v))
		return page_unavailable(r);
	log_info("complaint %s: registered by staff %lld (%s)", v.ref, me(r)->id, canal);
	return resp_redirect(r, arena_printf(r->arena, "/agent/reclamations/%s?nouvelle=1", v.ref));
}

/* ------------------------------------------------------------------ one */

static const char *event_text(struct request *r, const struct complaint_event *e)
{
	if (str_eq(e->kind, "received"))
		return _("Réclamation enregistrée");
	if (str_eq(e->kind, "ack"))
		return str_eq(e->reply_channel, "email") ? _("Accusé de réception envoyé par courriel")
							 : _("Accusé de réception envoyé");
	if (str_eq(e->kind, "status"))
		return arena_printf(r->arena, _("Statut : %s → %s"), status_label(e->from_status), status_label(e->to_status));
	if (str_eq(e->kind, "assigned"))
		return _("Responsable changé");
	if (str_eq(e->kind, "subject"))
		return _("Sujet changé");
	if (str_eq(e->kind, "reply"))
		return str_eq(e->reply_channel, "email") ? _("Réponse envoyée par courriel") : _("Réponse envoyée par courrier");
	if (str_eq(e->kind, "note"))
		return _("Note interne");
	return e->kind;
}

static int render_one(struct request *r, const struct complaint_view *v, struct form *f, int status,
                      const char *notice)
{
	struct complaint_event *ev;
	struct complaint_owner *ow;
	long ne = complaint_history(r->arena, v->id, &ev);
	long no = complaint_owners(r->arena, v->commune_id, &ow);
	const char *reply, *how;
	time_t at;
	if (ne < 0 || no < 0 || !complaint_last_reply(r->arena, v->id, &reply, &at, &how))
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Réclamation %s"), v->ref));
	fill_row(r, d, v);
	if (f)
		form_fill(f, d);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	tpl_set(d, "COMMUNE_NAME", v->commune_name);
	if (v->booking_ref)
		tpl_set(tpl_section(d, "BOOKING"), "BOOKING_REF", v->booking_ref);
	if (v->email)
		tpl_set(tpl_section(d, "HAS_EMAIL"), "EMAIL", v->email);
	if (v->phone)
		tpl_set(tpl_section(d, "HAS_PHONE"), "PHONE", v->phone);
	if (v->address)
		tpl_set(tpl_section(d, "HAS_ADDRESS"), "ADDRESS", v->address);
	tpl_set(d, "BODY", v->body ? v->body : "");
	if (v->answered)
		tpl_set(tpl_section(d, "ANSWERED"), "ANSWERED_AT", date_of(r, v->answered));
	for (long i = 0; i < no; i++) {
		tpl_dict *x = tpl_section(d, "OWNER_OPT");
		tpl_set_int(x, "ID", ow[i].id);
		tpl_set(x, "NAME", ow[i].name);
		if (ow[i].id == v->owner_id)
			tpl_show(x, "SELECTED");
	}
	if (!fill_subjects(r, d, v->commune_id, v->subject_id)) {
		tpl_free(d);
		return page_unavailable(r);
	}
	for (size_t i = 0; i < 4; i++) {
		static const char *const sts[] = { "recue", "en_cours", "repondue", "close" };
		tpl_dict *x = tpl_section(d, "STATUS_OPT");
		tpl_set(x, "VALUE", sts[i]);
		tpl_set(x, "LABEL", status_label(sts[i]));
		if (str_eq(sts[i], v->status))
			tpl_show(x, "SELECTED");
	}
	for (long i = 0; i < ne; i++) {
		tpl_dict *x = tpl_section(d, "EVENT");
		tpl_set(x, "AT", date_of(r, ev[i].at_t));
		tpl_set(x, "WHO", ev[i].who ? ev[i].who : str_eq(v->channel, "web") ? _("la personne (formulaire en ligne)") : _("Créneau"));
		tpl_set(x, "WHAT", event_text(r, &ev[i]));
		if (ev[i].text && (str_eq(ev[i].kind, "note") || str_eq(ev[i].kind, "reply") || str_eq(ev[i].kind, "status")))
			tpl_set(tpl_section(x, "TEXT"), "TEXT", ev[i].text);
	}
	if (!v->purged) {
		tpl_show(d, "CAN_REPLY");
		tpl_show(d, v->email ? "REPLY_EMAIL_OK" : "REPLY_EMAIL_NO");
		bool letter = !v->email || (f && str_eq(form_typed(f, "mode"), "courrier"));
		tpl_show(d, letter ? "MODE_LETTER" : "MODE_EMAIL");
	}
	if (reply)
		tpl_show(d, "HAS_REPLY");
	return page_render(r, d, "agent_complaint", status);
}

int a_complaint(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	const char *notice = NULL;
	if (str_eq(req_arg(r, "nouvelle"), "1"))
		notice = str_eq(v.channel, "courrier")
			? _("Réclamation enregistrée. Imprimez l'accusé de réception et envoyez-le par courrier.")
			: v.email || v.phone ? _("Réclamation enregistrée. L'accusé de réception avec sa référence est envoyé à la personne.")
			: _("Réclamation enregistrée. Remettez l'accusé de réception imprimé à la personne.");
	else if (str_eq(req_arg(r, "fait"), "1"))
		notice = _("Modification enregistrée.");
	else if (str_eq(req_arg(r, "fait"), "courriel"))
		notice = _("Réponse enregistrée et envoyée par courriel.");
	else if (str_eq(req_arg(r, "fait"), "courrier"))
		notice = _("Réponse enregistrée. Imprimez la lettre et envoyez-la.");
	return render_one(r, &v, NULL, 200, notice);
}

static int done(struct request *r, const struct complaint_view *v, const char *what)
{
	return resp_redirect(r, arena_printf(r->arena, "/agent/reclamations/%s?fait=%s", v->ref, what));
}

int a_complaint_status(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "statut", F_TEXT, true, 0, 16 }, { "motif", F_TEXT, false, 0, 1000 } };
	form_check_all(&f, fs, ARRAY_LEN(fs));
	const char *to = form_value(&f, "statut");
	if (to && !complaint_status_ok(to))
		form_fail(&f, "statut", _("Choisissez un statut de la liste."));
	else if (str_eq(to, "repondue") && !v.answered)
		form_fail(&f, "statut", _("Une réclamation devient « répondue » quand sa réponse est enregistrée : écrivez la réponse ci-dessous."));
	else if (str_eq(to, v.status))
		form_fail(&f, "statut", _("La réclamation a déjà ce statut."));
	if (f.nerrors)
		return render_one(r, &v, &f, 422, NULL);
	if (!complaint_set_status(r->arena, me(r)->id, &v, to, form_value(&f, "motif")))
		return page_unavailable(r);
	return done(r, &v, "1");
}

int a_complaint_assign(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "responsable", F_INT, false, 1, 1000000000 },
						{ "sujet", F_INT, false, 1, 1000000000 } };
	form_check_all(&f, fs, ARRAY_LEN(fs));
	long long owner = form_int(&f, "responsable", 0), subject = form_int(&f, "sujet", 0);
	struct complaint_owner *ow;
	long no = complaint_owners(r->arena, v.commune_id, &ow);
	if (no < 0)
		return page_unavailable(r);
	bool found = owner == 0;
	for (long i = 0; i < no && !found; i++)
		found = ow[i].id == owner;
	if (!found)
		form_fail(&f, "responsable", _("Choisissez un membre du personnel de la commune."));
	if (subject && subject != v.subject_id) {
		int k = complaint_subject_of(r->arena, v.commune_id, subject);
		if (k < 0)
			return page_unavailable(r);
		if (k == 0)
			form_fail(&f, "sujet", _("Choisissez un sujet de la liste."));
	}
	if (f.nerrors)
		return render_one(r, &v, &f, 422, NULL);
	if (!complaint_assign(r->arena, me(r)->id, &v, owner, subject))
		return page_unavailable(r);
	return done(r, &v, "1");
}

int a_complaint_note(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "note", F_TEXT, true, 0, COMPLAINT_BODY_MAX } };
	if (!form_check_all(&f, fs, 1))
		return render_one(r, &v, &f, 422, NULL);
	if (!complaint_note(r->arena, me(r)->id, &v, req_form(r, "note")))
		return page_unavailable(r);
	return done(r, &v, "1");
}

int a_complaint_reply(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load_scoped(r, args[0], &v);
	if (st)
		return st;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "reponse", F_TEXT, true, 0, COMPLAINT_REPLY_MAX },
						{ "mode", F_TEXT, true, 0, 10 } };
	form_check_all(&f, fs, ARRAY_LEN(fs));
	const char *how = form_value(&f, "mode");
	if (how && !str_eq(how, "email") && !str_eq(how, "courrier"))
		form_fail(&f, "mode", _("Choisissez comment la réponse est envoyée."));
	else if (str_eq(how, "email") && !v.email)
		form_fail(&f, "mode", _("La personne n'a pas donné d'adresse électronique : envoyez la réponse par courrier."));
	if (v.purged)
		return page_error(r, 409, _("Les données de cette réclamation ont été effacées : elle ne peut plus recevoir de réponse."));
	if (f.nerrors)
		return render_one(r, &v, &f, 422, NULL);
	if (!complaint_reply(r->arena, me(r)->id, &v, how, req_form(r, "reponse"), agent_base_url()))
		return page_unavailable(r);
	return done(r, &v, str_eq(how, "email") ? "courriel" : "courrier");
}

/* -------------------------------------------------------------- letters */

/* The printable letter (acknowledgement or reply) with the commune's
 * header, as the convocation is printed. */
static int letter(struct request *r, const struct complaint_view *v, bool ack)
{
	const char *reply = NULL, *how = NULL;
	time_t at = 0;
	if (!ack) {
		if (!complaint_last_reply(r->arena, v->id, &reply, &at, &how))
			return page_unavailable(r);
		if (!reply)
			return page_error(r, 404, _("Cette réclamation n'a pas encore de réponse."));
	}
	tpl_dict *d = agent_page(r, arena_printf(r->arena, ack ? _("Accusé de réception %s") : _("Réponse %s"), v->ref));
	tpl_set(d, "REF", v->ref);
	tpl_set(d, "COMMUNE_NAME", v->commune_name);
	tpl_set(d, "COMMUNE_PHONE", v->commune_phone ? v->commune_phone : "");
	tpl_set(d, "COMMUNE_EMAIL", v->commune_email ? v->commune_email : "");
	tpl_set(d, "NAME", v->name ? v->name : "");
	tpl_set(d, "ADDRESS", v->address ? v->address : "");
	tpl_set(d, "DATE", day_of(r, ack ? v->received : at));
	tpl_set(d, "RECEIVED", day_of(r, v->received));
	tpl_set(d, "REPLY_BY", day_of(r, v->deadline));
	tpl_set(d, "CHANNEL", channel_label(v->channel));
	if (ack)
		tpl_show(d, "ACK");
	else
		tpl_set(tpl_section(d, "REPLY"), "TEXT", reply);
	return page_render(r, d, "agent_complaint_letter", 200);
}

int a_complaint_ack_letter(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load_scoped(r, args[0], &v);
	return st ? st : letter(r, &v, true);
}

int a_complaint_reply_letter(struct request *r, char **args)
{
	struct complaint_view v;
	int st = load_scoped(r, args[0], &v);
	return st ? st : letter(r, &v, false);
}

/* ------------------------------------------------------------- subjects */

static int render_subjects(struct request *r, long long commune, struct form *f, int status, const char *notice)
{
	struct complaint_subject *sj;
	long n = complaint_subjects(r->arena, commune, false, &sj);
	int days = complaint_reply_days(r->arena, commune);
	if (n < 0 || days < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Sujets des réclamations et délai de réponse"));
	tpl_set_int(d, "COMMUNE_ID", commune);
	tpl_set_int(d, "V_DELAI", days);
	if (f)
		form_fill(f, d);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, sj[i].active ? "SUBJECT" : "RETIRED");
		tpl_set_int(x, "ID", sj[i].id);
		tpl_set(x, "LABEL", sj[i].label);
	}
	if (n == 0)
		tpl_show(d, "NO_SUBJECT");
	return page_render(r, d, "agent_complaint_subjects", status);
}

int a_complaint_subjects(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune)
		return agent_choose_commune(r, _("Sujets des réclamations et délai de réponse"), "/agent/reclamations/sujets");
	if (!agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	const char *fait = req_arg(r, "fait");
	return render_subjects(r, commune, NULL, 200, fait ? _("Modification enregistrée.") : NULL);
}

static int subjects_done(struct request *r, long long commune)
{
	return resp_redirect(r, arena_printf(r->arena, "/agent/reclamations/sujets?commune=%lld&fait=1", commune));
}

int a_complaint_subject_add(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune || !agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "libelle", F_TEXT, true, 0, 100 } };
	if (!form_check_all(&f, fs, 1))
		return render_subjects(r, commune, &f, 422, NULL);
	switch (complaint_subject_add(r->arena, me(r)->id, commune, form_value(&f, "libelle"))) {
	case SUBJECT_OK:
		return subjects_done(r, commune);
	case SUBJECT_EXISTS:
		form_fail(&f, "libelle", _("Ce sujet existe déjà."));
		return render_subjects(r, commune, &f, 409, NULL);
	default:
		return page_unavailable(r);
	}
}

int a_complaint_subject_retire(struct request *r, char **args)
{
	long long commune = agent_scope_commune(r);
	long id;
	if (!commune || !agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	if (!valid_int(args[0], 1, 1000000000, &id))
		return page_error(r, 404, _("Ce sujet n'existe pas."));
	int k = complaint_subject_of(r->arena, commune, id);
	if (k < 0)
		return page_unavailable(r);
	if (k == 0)
		return page_error(r, 404, _("Ce sujet n'existe pas."));
	if (!complaint_subject_retire(r->arena, me(r)->id, commune, id))
		return page_unavailable(r);
	return subjects_done(r, commune);
}

int a_complaint_delay(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune || !agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "delai", F_INT, true, 1, 90 } };
	if (!form_check_all(&f, fs, 1))
		return render_subjects(r, commune, &f, 422, NULL);
	if (!complaint_set_reply_days(r->arena, me(r)->id, commune, (int)form_int(&f, "delai", 15)))
		return page_unavailable(r);
	return subjects_done(r, commune);
}

/* ------------------------------------------------------------ the home */

bool agent_complaints_home(struct request *r, tpl_dict *d)
{
	struct staff *s = me(r);
	if (s->role == ROLE_PARTNER)
		return true;
	long n = complaint_overdue_count(r->arena, s->commune_id);
	if (n < 0)
		return false;
	tpl_dict *x = tpl_section(d, n > 0 ? "OVERDUE" : "NO_OVERDUE");
	tpl_set_int(x, "OVERDUE_COUNT", n);
	tpl_setf(x, "OVERDUE_TEXT", P_("%ld réclamation a dépassé son délai de réponse",
				       "%ld réclamations ont dépassé leur délai de réponse", (unsigned long)n), n);
	return true;
}
