/* agent_places.c — what a commune administrator sets up: its sites, the
 * devices (agendas) of each site and the procedures each device offers;
 * and, for the platform administrator, the procedure catalogue (duration
 * per person, documents to bring, whether a pre-application is asked). */
#include "agent.h"
#include "commune.h"
#include "form.h"
#include "i18n.h"
#include "page.h"
#include "procedures.h"
#include "sites.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static int render_places(struct request *r, long long commune, struct form *f, int status, const char *notice)
{
	struct commune_row c;
	struct site_row *sites;
	int found = commune_get(r->arena, commune, &c);
	long ns = found == 1 ? sites_of_commune(r->arena, commune, &sites) : 0;
	if (found < 0 || ns < 0)
		return page_unavailable(r);
	if (found == 0)
		return page_error(r, 404, _("Cette commune n'existe pas."));
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Lieux et appareils — %s"), c.name));
	tpl_set_int(d, "COMMUNE_ID", commune);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (f)
		form_fill(f, d);
	for (long i = 0; i < ns; i++) {
		const struct site_row *si = &sites[i];
		tpl_dict *x = tpl_section(d, "SITE");
		tpl_set_int(x, "ID", si->id);
		tpl_set(x, "NAME", si->name);
		tpl_setf(x, "ADDRESS", "%s, %s %s", si->address, si->postcode, si->city);
		for (size_t j = 0; j < si->ndevices; j++) {
			tpl_dict *y = tpl_section(x, "DEVICE");
			tpl_set_int(y, "ID", si->devices[j].id);
			tpl_set(y, "NAME", si->devices[j].name);
			tpl_set(y, "PROCEDURES", *si->devices[j].procedures ? si->devices[j].procedures : "—");
			if (!si->devices[j].active)
				tpl_show(y, "INACTIVE");
		}
		tpl_set_int(x, "SITE_ID", si->id);
	}
	return page_render(r, d, "agent_places", status);
}

int a_places(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!commune)
		return agent_choose_commune(r, _("Lieux et appareils"), "/agent/lieux");
	return render_places(r, commune, NULL, 200, NULL);
}

int a_site_create(struct request *r, char **args)
{
	(void)args;
	long long commune = agent_scope_commune(r);
	if (!agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = {
		{ "nom", F_TEXT, true, 0, 160 },
		{ "adresse", F_TEXT, true, 0, 200 },
		{ "code_postal", F_TEXT, true, 0, 5 },
		{ "ville", F_TEXT, true, 0, 120 },
		{ "lat", F_TEXT, true, 0, 20 },
		{ "lon", F_TEXT, true, 0, 20 },
		{ "acces", F_TEXT, false, 0, 500 },
	};
	form_check_all(&f, fs, ARRAY_LEN(fs));
	long pc;
	if (form_value(&f, "code_postal") && (strlen(form_value(&f, "code_postal")) != 5 ||
					      !valid_int(form_value(&f, "code_postal"), 1000, 99999, &pc)))
		form_fail(&f, "code_postal", _("Le code postal compte 5 chiffres."));
	double lat, lon;
	if (form_value(&f, "lat") && form_value(&f, "lon") && !valid_latlon(form_value(&f, "lat"), form_value(&f, "lon"), &lat, &lon))
		form_fail(&f, "lat", _("Saisissez la latitude et la longitude en degrés décimaux, par exemple 45.8992 et 6.1294."));
	if (f.nerrors)
		return render_places(r, commune, &f, 422, NULL);
	struct site_input in = { form_value(&f, "nom"), form_value(&f, "adresse"), form_value(&f, "code_postal"),
				 form_value(&f, "ville"), form_value(&f, "acces"), lat, lon };
	long long id;
	if (!site_create(r->arena, me(r)->id, commune, &in, &id))
		return page_unavailable(r);
	return render_places(r, commune, NULL, 200, _("Lieu ajouté."));
}

int a_device_create(struct request *r, char **args)
{
	long site;
	if (!valid_int(args[0], 1, 1000000000, &site))
		return page_error(r, 404, _("Ce lieu n'existe pas."));
	long long commune = site_commune(r->arena, site);
	if (commune < 0)
		return page_unavailable(r);
	if (commune == 0)
		return page_error(r, 404, _("Ce lieu n'existe pas."));
	if (!agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "nom_appareil", F_TEXT, true, 0, 120 }, { "type", F_TEXT, false, 0, 10 } };
	if (!form_check_all(&f, fs, ARRAY_LEN(fs)))
		return render_places(r, commune, &f, 422, NULL);
	const char *kind = str_eq(form_value(&f, "type"), "planning") ? "planning" : "dr";
	long long id;
	if (!device_create(r->arena, me(r)->id, site, form_value(&f, "nom_appareil"), kind, &id))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/appareils/%lld", id));
}

static int render_device(struct request *r, long long dev, int status, const char *alert)
{
	struct device_info di;
	struct device_offer *offers;
	long np = device_get(r->arena, dev, &di) == 1 ? device_offers(r->arena, dev, r->lang, &offers) : -1;
	if (np < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Appareil %s"), di.name));
	tpl_set_int(d, "DEVICE_ID", dev);
	tpl_set(d, "V_NOM_APPAREIL", di.name);
	tpl_set(d, "SITE_NAME", di.site_name);
	tpl_set_int(d, "COMMUNE_ID", di.commune_id);
	if (di.active)
		tpl_show(d, "ACTIVE");
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	for (long i = 0; i < np; i++) {
		tpl_dict *x = tpl_section(d, "PROCEDURE");
		tpl_set_int(x, "ID", offers[i].procedure_id);
		tpl_set(x, "NAME", offers[i].name);
		if (offers[i].offered)
			tpl_show(x, "CHECKED");
	}
	return page_render(r, d, "agent_device", status);
}

int a_device_form(struct request *r, char **args)
{
	long dev;
	if (!valid_int(args[0], 1, 1000000000, &dev) || !agent_can_device(r, me(r), dev))
		return agent_forbidden(r);
	return render_device(r, dev, 200, NULL);
}

int a_device(struct request *r, char **args)
{
	long dev;
	if (!valid_int(args[0], 1, 1000000000, &dev) || !agent_can_device(r, me(r), dev))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "nom_appareil", F_TEXT, true, 0, 120 }, { "actif", F_CHECK, false, 0, 0 } };
	if (!form_check_all(&f, fs, ARRAY_LEN(fs)))
		return render_device(r, dev, 422, form_error(&f, "nom_appareil"));
	bool active = form_value(&f, "actif") != NULL;
	/* The procedures ticked, among those that exist. */
	struct device_offer *offers;
	long np = device_offers(r->arena, dev, r->lang, &offers);
	if (np < 0)
		return page_unavailable(r);
	long long *procs = arena_alloc(r->arena, ((size_t)np + 1) * sizeof(*procs));
	size_t n = 0;
	for (long i = 0; i < np; i++)
		if (str_eq(req_form(r, arena_printf(r->arena, "p%lld", offers[i].procedure_id)), "1"))
			procs[n++] = offers[i].procedure_id;
	long long ahead;
	switch (device_update(r->arena, me(r)->id, dev, form_value(&f, "nom_appareil"), active, procs, n, &ahead)) {
	case DEVICE_OK:
		return resp_redirect(r, arena_printf(r->arena, "/agent/appareils/%ld?ok=1", dev));
	case DEVICE_HAS_BOOKINGS:
		return render_device(r, dev, 409, arena_printf(r->arena,
			_("%lld rendez-vous à venir sur cet appareil : déclarez d'abord une panne ou une fermeture pour prévenir les personnes."),
			ahead));
	default:
		return page_unavailable(r);
	}
}

static int render_catalogue(struct request *r, struct form *f, int status, const char *notice)
{
	struct procedure_row *p;
	long np = procedures_all(r->arena, &p);
	if (np < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Démarches proposées"));
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (f)
		form_fill(f, d);
	for (long i = 0; i < np; i++) {
		tpl_dict *x = tpl_section(d, "PROC");
		tpl_set_int(x, "ID", p[i].id);
		tpl_set(x, "CODE", p[i].code);
		tpl_set(x, "NAME_FR", p[i].name_fr);
		tpl_set(x, "NAME_EN", p[i].name_en);
		tpl_set_int(x, "MINUTES", p[i].minutes);
		tpl_set_int(x, "MAX_PARTY", p[i].max_party);
		if (p[i].needs_predemande)
			tpl_show(x, "PRE");
		tpl_set(x, "DOCS_FR", p[i].documents_fr);
		tpl_set(x, "DOCS_EN", p[i].documents_en);
	}
	return page_render(r, d, "agent_procedures", status);
}

int a_procedures(struct request *r, char **args)
{
	(void)args;
	return render_catalogue(r, NULL, 200, NULL);
}

int a_procedure(struct request *r, char **args)
{
	long id;
	if (!valid_int(args[0], 1, 1000000, &id))
		return page_error(r, 404, _("Cette démarche n'existe pas."));
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = {
		{ "nom_fr", F_TEXT, true, 0, 120 },
		{ "nom_en", F_TEXT, true, 0, 120 },
		{ "minutes", F_INT, true, 5, 240 },
		{ "max", F_INT, true, 1, 5 },
		{ "predemande", F_CHECK, false, 0, 0 },
		{ "pieces_fr", F_TEXT, true, 0, 4000 },
		{ "pieces_en", F_TEXT, true, 0, 4000 },
	};
	if (!form_check_all(&f, fs, ARRAY_LEN(fs)))
		return render_catalogue(r, &f, 422, _("La démarche n'a pas été enregistrée : vérifiez les champs."));
	/* Documents are one per line: keep the newlines the squashing took. */
	struct procedure_row row = {
		.id = id, .name_fr = form_value(&f, "nom_fr"), .name_en = form_value(&f, "nom_en"),
		.documents_fr = req_form(r, "pieces_fr"), .documents_en = req_form(r, "pieces_en"),
		.minutes = (int)form_int(&f, "minutes", 15), .max_party = (int)form_int(&f, "max", 1),
		.needs_predemande = form_value(&f, "predemande") != NULL,
	};
	if (!procedure_update(r->arena, me(r)->id, &row))
		return page_unavailable(r);
	return render_catalogue(r, NULL, 200, _("Démarche enregistrée."));
}
