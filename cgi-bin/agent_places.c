/* agent_places.c — what a commune administrator sets up: its sites, the
 * devices (agendas) of each site and the procedures each device offers;
 * and, for the platform administrator, the procedure catalogue (duration
 * per person, documents to bring, whether a pre-application is asked). */
#include "agent.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "page.h"
#include "slotgen.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static int render_places(struct request *r, long long commune, struct form *f, int status, const char *notice)
{
	struct db_res c;
	if (db_exec(r->arena, &c, "SELECT name, equipped FROM communes WHERE id = ?", "i", commune) < 0 || c.nrows != 1)
		return page_error(r, 404, _("Cette commune n'existe pas."));
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Lieux et appareils — %s"), db_val(&c, 0, 0)));
	tpl_set_int(d, "COMMUNE_ID", commune);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (f)
		form_fill(f, d);
	struct db_res s;
	db_exec(r->arena, &s, "SELECT id, name, address, postcode, city, active FROM sites WHERE commune_id = ? ORDER BY name",
		"i", commune);
	for (size_t i = 0; i < s.nrows; i++) {
		tpl_dict *x = tpl_section(d, "SITE");
		tpl_set(x, "ID", db_val(&s, i, 0));
		tpl_set(x, "NAME", db_val(&s, i, 1));
		tpl_setf(x, "ADDRESS", "%s, %s %s", db_val(&s, i, 2), db_val(&s, i, 3), db_val(&s, i, 4));
		struct db_res dv;
		db_exec(r->arena, &dv, "SELECT d.id, d.name, d.active, (SELECT GROUP_CONCAT(p.code ORDER BY p.sort_order SEPARATOR ', ')"
			" FROM device_procedures dp JOIN procedures p ON p.id = dp.procedure_id WHERE dp.device_id = d.id)"
			" FROM devices d WHERE d.site_id = ? ORDER BY d.name", "i", db_int(&s, i, 0));
		for (size_t j = 0; j < dv.nrows; j++) {
			tpl_dict *y = tpl_section(x, "DEVICE");
			tpl_set(y, "ID", db_val(&dv, j, 0));
			tpl_set(y, "NAME", db_val(&dv, j, 1));
			tpl_set(y, "PROCEDURES", db_val(&dv, j, 3) ? db_val(&dv, j, 3) : "—");
			if (!db_int(&dv, j, 2))
				tpl_show(y, "INACTIVE");
		}
		tpl_set(x, "SITE_ID", db_val(&s, i, 0));
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
	if (db_exec(r->arena, NULL, "INSERT INTO sites (commune_id, name, address, postcode, city, lat, lon, access_info)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "isssssds", commune, form_value(&f, "nom"), form_value(&f, "adresse"),
		    form_value(&f, "code_postal"), form_value(&f, "ville"), lat, lon, form_value(&f, "acces")) < 0)
		return page_unavailable(r);
	/* A site makes the commune equipped once it has a device; say so now
	 * so partners' searches include it when devices come. */
	db_exec(r->arena, NULL, "UPDATE communes SET equipped = 1 WHERE id = ?", "i", commune);
	audit(r, me(r), commune, "site_create", "site", arena_printf(r->arena, "%llu", db_insert_id()), form_value(&f, "nom"));
	return render_places(r, commune, NULL, 200, _("Lieu ajouté."));
}

int a_device_create(struct request *r, char **args)
{
	long site;
	struct db_res s;
	if (!valid_int(args[0], 1, 1000000000, &site) ||
	    db_exec(r->arena, &s, "SELECT commune_id FROM sites WHERE id = ?", "i", (long long)site) < 0 || s.nrows != 1)
		return page_error(r, 404, _("Ce lieu n'existe pas."));
	long long commune = db_int(&s, 0, 0);
	if (!agent_can_commune(me(r), commune))
		return agent_forbidden(r);
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = { { "nom_appareil", F_TEXT, true, 0, 120 }, { "type", F_TEXT, false, 0, 10 } };
	if (!form_check_all(&f, fs, ARRAY_LEN(fs)))
		return render_places(r, commune, &f, 422, NULL);
	const char *kind = str_eq(form_value(&f, "type"), "planning") ? "planning" : "dr";
	if (db_exec(r->arena, NULL, "INSERT INTO devices (site_id, name, kind) VALUES (?, ?, ?)", "iss",
		    (long long)site, form_value(&f, "nom_appareil"), kind) < 0)
		return page_unavailable(r);
	long long id = (long long)db_insert_id();
	audit(r, me(r), commune, "device_create", "device", arena_printf(r->arena, "%lld", id), form_value(&f, "nom_appareil"));
	return resp_redirect(r, arena_printf(r->arena, "/agent/appareils/%lld", id));
}

static int render_device(struct request *r, long long dev, int status, const char *alert)
{
	struct db_res q;
	db_exec(r->arena, &q, "SELECT d.name, d.active, si.name, si.commune_id FROM devices d JOIN sites si ON si.id = d.site_id"
		" WHERE d.id = ?", "i", dev);
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Appareil %s"), db_val(&q, 0, 0)));
	tpl_set_int(d, "DEVICE_ID", dev);
	tpl_set(d, "V_NOM_APPAREIL", db_val(&q, 0, 0));
	tpl_set(d, "SITE_NAME", db_val(&q, 0, 2));
	tpl_set_int(d, "COMMUNE_ID", db_int(&q, 0, 3));
	if (db_int(&q, 0, 1))
		tpl_show(d, "ACTIVE");
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	if (str_eq(req_arg(r, "ok"), "1"))
		tpl_show(d, "SAVED");
	struct db_res p;
	db_exec(r->arena, &p, "SELECT p.id, IF(? = 'en', p.name_en, p.name_fr), dp.device_id IS NOT NULL FROM procedures p"
		" LEFT JOIN device_procedures dp ON dp.procedure_id = p.id AND dp.device_id = ? ORDER BY p.sort_order",
		"si", r->lang, dev);
	for (size_t i = 0; i < p.nrows; i++) {
		tpl_dict *x = tpl_section(d, "PROCEDURE");
		tpl_set(x, "ID", db_val(&p, i, 0));
		tpl_set(x, "NAME", db_val(&p, i, 1));
		if (db_int(&p, i, 2))
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
	/* Taking a device out of service with appointments ahead would strand
	 * people: that is what an outage (which tells them) is for. */
	struct db_res b;
	db_exec(r->arena, &b, "SELECT COUNT(*) FROM bookings WHERE device_id = ? AND status = 'confirmed'"
		" AND start_utc > UTC_TIMESTAMP()", "i", (long long)dev);
	if (!active && db_int(&b, 0, 0) > 0)
		return render_device(r, dev, 409, arena_printf(r->arena,
			_("%lld rendez-vous à venir sur cet appareil : déclarez d'abord une panne ou une fermeture pour prévenir les personnes."),
			db_int(&b, 0, 0)));
	if (!db_begin())
		return page_unavailable(r);
	bool ok = db_exec(r->arena, NULL, "UPDATE devices SET name = ?, active = ? WHERE id = ?", "sii",
			  form_value(&f, "nom_appareil"), (long long)active, (long long)dev) >= 0 &&
		  db_exec(r->arena, NULL, "DELETE FROM device_procedures WHERE device_id = ?", "i", (long long)dev) >= 0;
	struct db_res p;
	db_exec(r->arena, &p, "SELECT id, code FROM procedures", "");
	struct sbuf list;
	sbuf_init(&list);
	for (size_t i = 0; i < p.nrows && ok; i++)
		if (str_eq(req_form(r, arena_printf(r->arena, "p%s", db_val(&p, i, 0))), "1")) {
			ok = db_exec(r->arena, NULL, "INSERT INTO device_procedures (device_id, procedure_id) VALUES (?, ?)",
				     "ii", (long long)dev, db_int(&p, i, 0)) >= 0;
			sbuf_printf(&list, "%s ", db_val(&p, i, 1));
		}
	if (!ok || !db_commit()) {
		db_rollback();
		sbuf_free(&list);
		return page_unavailable(r);
	}
	struct db_res dc;
	db_exec(r->arena, &dc, "SELECT si.commune_id FROM devices d JOIN sites si ON si.id = d.site_id WHERE d.id = ?",
		"i", (long long)dev);
	audit(r, me(r), db_int(&dc, 0, 0), "device_update", "device", arena_printf(r->arena, "%ld", dev),
	      arena_printf(r->arena, "%s active=%d procedures=%s", form_value(&f, "nom_appareil"), active, list.s));
	sbuf_free(&list);
	return resp_redirect(r, arena_printf(r->arena, "/agent/appareils/%ld?ok=1", dev));
}

static int render_catalogue(struct request *r, struct form *f, int status, const char *notice)
{
	tpl_dict *d = agent_page(r, _("Démarches proposées"));
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (f)
		form_fill(f, d);
	struct db_res p;
	db_exec(r->arena, &p, "SELECT id, code, name_fr, name_en, minutes_per_person, max_party, needs_predemande,"
		" documents_fr, documents_en FROM procedures ORDER BY sort_order", "");
	for (size_t i = 0; i < p.nrows; i++) {
		tpl_dict *x = tpl_section(d, "PROC");
		tpl_set(x, "ID", db_val(&p, i, 0));
		tpl_set(x, "CODE", db_val(&p, i, 1));
		tpl_set(x, "NAME_FR", db_val(&p, i, 2));
		tpl_set(x, "NAME_EN", db_val(&p, i, 3));
		tpl_set(x, "MINUTES", db_val(&p, i, 4));
		tpl_set(x, "MAX_PARTY", db_val(&p, i, 5));
		if (db_int(&p, i, 6))
			tpl_show(x, "PRE");
		tpl_set(x, "DOCS_FR", db_val(&p, i, 7));
		tpl_set(x, "DOCS_EN", db_val(&p, i, 8));
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
	const char *docs_fr = req_form(r, "pieces_fr"), *docs_en = req_form(r, "pieces_en");
	long long n = db_exec(r->arena, NULL, "UPDATE procedures SET name_fr = ?, name_en = ?, minutes_per_person = ?,"
			      " max_party = ?, needs_predemande = ?, documents_fr = ?, documents_en = ? WHERE id = ?",
			      "ssiiissi", form_value(&f, "nom_fr"), form_value(&f, "nom_en"),
			      (long long)form_int(&f, "minutes", 15), (long long)form_int(&f, "max", 1),
			      (long long)(form_value(&f, "predemande") != NULL), docs_fr, docs_en, (long long)id);
	if (n < 0)
		return page_unavailable(r);
	audit(r, me(r), 0, "procedure_update", "procedure", arena_printf(r->arena, "%ld", id),
	      arena_printf(r->arena, "%ld min, max %ld", form_int(&f, "minutes", 0), form_int(&f, "max", 0)));
	return render_catalogue(r, NULL, 200, _("Démarche enregistrée."));
}
