/* agent_rights.c — a person's rights over their data, for administrators
 * (their commune's appointments; every one for the platform): find the
 * person by reference, name and birth date, or contact; see everything
 * held; export it as JSON; erase it. */
#include "agent.h"
#include "audit.h"
#include "form.h"
#include "i18n.h"
#include "json.h"
#include "labels.h"
#include "page.h"
#include "rights.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static const struct field_spec fields[] = {
	{ "reference", F_REF, false, 0, 0 },
	{ "nom", F_NAME, false, 0, 100 },
	{ "naissance", F_BIRTH, false, 0, 0 },
	{ "telephone", F_PHONE, false, 0, 0 },
	{ "email", F_EMAIL, false, 0, 0 },
};

/* Reads the query; false with errors on the form when it names nobody.
 * *asked is false when the form was opened empty. */
static bool read_query(struct request *r, struct form *f, struct rights_query *q, bool *asked)
{
	form_init(f, r);
	bool ok = form_check_all(f, fields, ARRAY_LEN(fields));
	memset(q, 0, sizeof(*q));
	q->ref = form_value(f, "reference");
	q->last_name = form_value(f, "nom");
	q->birth_date = form_value(f, "naissance");
	q->phone = form_value(f, "telephone");
	q->email = form_value(f, "email");
	*asked = q->ref || q->last_name || q->birth_date || q->phone || q->email || f->nerrors;
	if (ok && *asked && !q->ref && !q->phone && !q->email && (!q->last_name || !q->birth_date)) {
		form_fail(f, q->last_name ? "naissance" : "nom",
			  _("Indiquez la référence, ou le nom avec la date de naissance, ou le téléphone, ou l'adresse électronique."));
		ok = false;
	}
	return ok;
}

static const char *query_string(struct request *r, const struct rights_query *q)
{
	return arena_printf(r->arena, "reference=%s&nom=%s&naissance=%s&telephone=%s&email=%s",
			    http_url_encode(r->arena, q->ref ? q->ref : ""), http_url_encode(r->arena, q->last_name ? q->last_name : ""),
			    http_url_encode(r->arena, q->birth_date ? q->birth_date : ""),
			    http_url_encode(r->arena, q->phone ? q->phone : ""), http_url_encode(r->arena, q->email ? q->email : ""));
}

static void fill_booking(tpl_dict *x, const struct rights_booking *b)
{
	tpl_set(x, "REF", b->ref);
	tpl_set(x, "STATUS", label_of(b->status));
	tpl_set(x, "PROCEDURE", b->procedure);
	tpl_set(x, "SITE", b->site);
	tpl_set(x, "COMMUNE", b->commune);
	tpl_set(x, "START", b->start);
	tpl_set(x, "CHANNEL", label_of(b->channel));
	tpl_set(x, "PHONE", b->phone ? b->phone : "—");
	tpl_set(x, "EMAIL", b->email ? b->email : "—");
	tpl_set(x, "HOME", b->home_insee ? b->home_insee : "—");
	tpl_set(x, "CREATED", b->created);
	if (b->active)
		tpl_show(x, "ACTIVE");
	for (size_t i = 0; i < b->npersons; i++) {
		tpl_dict *p = tpl_section(x, "PERSON");
		tpl_set(p, "LAST", b->persons[i].last_name);
		tpl_set(p, "FIRST", b->persons[i].first_names);
		tpl_set(p, "BIRTH", b->persons[i].birth_date);
		tpl_set(p, "PREDEMANDE", b->persons[i].predemande ? b->persons[i].predemande : "—");
	}
	for (size_t i = 0; i < b->nmessages; i++) {
		tpl_dict *m = tpl_section(x, "MESSAGE");
		tpl_set(m, "AT", b->messages[i].created);
		tpl_set(m, "KIND", b->messages[i].kind);
		tpl_set(m, "CHANNEL", b->messages[i].channel);
		tpl_set(m, "TO", b->messages[i].recipient);
		tpl_set(m, "BODY", b->messages[i].body);
	}
}

static int render(struct request *r, struct form *f, int status, const struct rights_query *q,
		  const struct rights_booking *b, long n, bool asked, const char *notice)
{
	tpl_dict *d = agent_page(r, _("Droits des personnes"));
	form_fill(f, d);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (asked && (b || status == 200)) {
		tpl_dict *res = tpl_section(d, "RESULTS");
		tpl_set_int(res, "COUNT", n);
		bool active = false;
		for (long i = 0; i < n; i++) {
			fill_booking(tpl_section(res, "BOOKING"), &b[i]);
			active = active || b[i].active;
		}
		if (n == 0)
			tpl_show(res, "NONE");
		else {
			const char *qs = query_string(r, q);
			tpl_set(tpl_section(res, "EXPORT"), "URL", arena_printf(r->arena, "/agent/personne/export.json?%s", qs));
			tpl_dict *e = tpl_section(res, active ? "ERASE_BLOCKED" : "ERASE");
			tpl_set(e, "V_REFERENCE", q->ref);
			tpl_set(e, "V_NOM", q->last_name);
			tpl_set(e, "V_NAISSANCE", q->birth_date);
			tpl_set(e, "V_TELEPHONE", q->phone);
			tpl_set(e, "V_EMAIL", q->email);
		}
	}
	return page_render(r, d, "agent_rights", status);
}

int a_rights(struct request *r, char **args)
{
	(void)args;
	struct form f;
	struct rights_query q;
	bool asked;
	if (!read_query(r, &f, &q, &asked))
		return render(r, &f, 400, &q, NULL, 0, asked, NULL);
	struct rights_booking *b = NULL;
	long n = 0;
	if (asked) {
		struct scope sc = scope_of(me(r));
		if ((n = rights_find(r->arena, &sc, &q, &b)) < 0)
			return page_unavailable(r);
	}
	const char *notice = NULL;
	long done;
	if (valid_int(req_arg(r, "efface"), 0, 1000000, &done))
		notice = arena_printf(r->arena, P_("Données effacées : %ld rendez-vous anonymisé.",
						   "Données effacées : %ld rendez-vous anonymisés.", (unsigned long)done), done);
	return render(r, &f, 200, &q, b, n, asked, notice);
}

static void json_booking(struct json *j, const struct rights_booking *b)
{
	json_object(j);
	json_key(j, "reference"); json_string(j, b->ref);
	json_key(j, "statut"); json_string(j, b->status);
	json_key(j, "demarche"); json_string(j, b->procedure);
	json_key(j, "lieu"); json_string(j, b->site);
	json_key(j, "commune"); json_string(j, b->commune);
	json_key(j, "debut_utc"); json_string(j, b->start);
	json_key(j, "fin_utc"); json_string(j, b->end);
	json_key(j, "canal"); json_string(j, b->channel);
	json_key(j, "niveau"); json_string(j, b->level);
	json_key(j, "presence"); json_string(j, b->attendance);
	json_key(j, "telephone"); json_string(j, b->phone);
	json_key(j, "email"); json_string(j, b->email);
	json_key(j, "commune_residence_insee"); json_string(j, b->home_insee);
	json_key(j, "cree_utc"); json_string(j, b->created);
	json_key(j, "personnes");
	json_array(j);
	for (size_t i = 0; i < b->npersons; i++) {
		json_object(j);
		json_key(j, "nom"); json_string(j, b->persons[i].last_name);
		json_key(j, "prenoms"); json_string(j, b->persons[i].first_names);
		json_key(j, "date_naissance"); json_string(j, b->persons[i].birth_date);
		json_key(j, "numero_predemande"); json_string(j, b->persons[i].predemande);
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "messages");
	json_array(j);
	for (size_t i = 0; i < b->nmessages; i++) {
		const struct rights_message *m = &b->messages[i];
		json_object(j);
		json_key(j, "cree_utc"); json_string(j, m->created);
		json_key(j, "type"); json_string(j, m->kind);
		json_key(j, "canal"); json_string(j, m->channel);
		json_key(j, "destinataire"); json_string(j, m->recipient);
		json_key(j, "objet"); json_string(j, m->subject);
		json_key(j, "texte"); json_string(j, m->body);
		json_key(j, "etat"); json_string(j, m->status);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

int a_rights_export(struct request *r, char **args)
{
	(void)args;
	struct form f;
	struct rights_query q;
	bool asked;
	if (!read_query(r, &f, &q, &asked) || !asked)
		return page_error(r, 400, _("Indiquez la référence, ou le nom avec la date de naissance, ou le téléphone, ou l'adresse électronique."));
	struct scope sc = scope_of(me(r));
	struct rights_booking *b;
	long n = rights_find(r->arena, &sc, &q, &b);
	if (n < 0 || !audit(r->arena, me(r)->id, me(r)->commune_id, "person_export", "bookings", NULL,
			    arena_printf(r->arena, "count=%ld", n)))
		return page_unavailable(r);
	struct sbuf out;
	sbuf_init(&out);
	struct json j;
	json_init(&j, &out);
	json_object(&j);
	json_key(&j, "rendez_vous");
	json_array(&j);
	for (long i = 0; i < n; i++)
		json_booking(&j, &b[i]);
	json_array_end(&j);
	json_object_end(&j);
	resp_header(r, "Content-Disposition", "attachment; filename=\"creneau-donnees-personne.json\"");
	resp_header(r, "Cache-Control", "no-store");
	int st = resp_text(r, 200, "application/json; charset=utf-8", out.s);
	sbuf_free(&out);
	return st;
}

int a_rights_erase(struct request *r, char **args)
{
	(void)args;
	struct form f;
	struct rights_query q;
	bool asked;
	if (!read_query(r, &f, &q, &asked) || !asked)
		return render(r, &f, 400, &q, NULL, 0, asked, NULL);
	struct scope sc = scope_of(me(r));
	struct rights_booking *b;
	long n = rights_find(r->arena, &sc, &q, &b);
	if (n < 0)
		return page_unavailable(r);
	if (!str_eq(req_form(r, "confirmer"), "1")) {
		form_fail(&f, "confirmer", _("Cochez la case pour confirmer l'effacement : il ne peut pas être annulé."));
		return render(r, &f, 422, &q, b, n, true, NULL);
	}
	for (long i = 0; i < n; i++)
		if (b[i].active)
			return render(r, &f, 409, &q, b, n, true,
				      _("Un rendez-vous est encore à venir : annulez-le d'abord, puis effacez les données."));
	if (!rights_erase(r->arena, me(r)->id, me(r)->commune_id, b, (size_t)n))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/personne?efface=%ld", n));
}
