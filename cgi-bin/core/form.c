/* form.c — see form.h. */
#include "form.h"
#include "datetime.h"
#include "i18n.h"
#include "text.h"
#include "validate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void form_init(struct form *f, struct request *r)
{
	memset(f, 0, sizeof(*f));
	f->r = r;
}

static int slot_of(struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return (int)i;
	if (f->n == FORM_MAX)
		return -1;
	f->name[f->n] = arena_strdup(f->r->arena, name);
	return (int)f->n++;
}

void form_fail(struct form *f, const char *name, const char *message)
{
	int i = slot_of(f, name);
	if (i < 0)
		return;
	if (!f->error[i])
		f->nerrors++;
	f->error[i] = message;
	f->value[i] = NULL;
}

const char *form_check(struct form *f, const struct field_spec *s)
{
	struct arena *a = f->r->arena;
	int i = slot_of(f, s->name);
	if (i < 0)
		return NULL;
	const char *raw = req_param(f->r, s->name);
	char *sq = raw ? text_squash(raw) : xstrdup("");
	f->typed[i] = arena_strdup(a, raw ? raw : "");
	char buf[300];
	const char *val = NULL, *err = NULL;
	size_t maxlen = s->max > 0 ? (size_t)s->max : 200;

	if (f->r->bad_param && strcmp(f->r->bad_param, s->name) == 0) {
		err = _("Le texte envoyé contient des caractères non valides.");
		goto done;
	}
	if (!*sq) {
		if (s->required)
			err = s->type == F_CHECK ? _("Cette case doit être cochée.") : _("Ce champ est obligatoire.");
		goto done;
	}
	switch (s->type) {
	case F_TEXT:
		if (text_utf8_len(sq) > maxlen)
			err = _("Ce texte est trop long.");
		else
			val = arena_strdup(a, sq);
		break;
	case F_NAME:
		if (text_utf8_len(sq) > maxlen)
			err = _("Ce nom est trop long.");
		else if (!text_valid_person_name(sq, maxlen))
			err = _("Saisissez un nom en lettres (les tirets et apostrophes sont acceptés).");
		else
			val = arena_strdup(a, sq);
		break;
	case F_BIRTH: {
		int y, m, d;
		char today[11];
		dt_today_local(&y, &m, &d);
		snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
		if (!valid_date(sq, buf, sizeof(buf)))
			err = _("Saisissez une date valide au format JJ/MM/AAAA.");
		else if (!valid_birth_date(sq, today, buf, sizeof(buf)))
			err = _("Cette date de naissance n'est pas plausible.");
		else
			val = arena_strdup(a, buf);
		break;
	}
	case F_DATE:
		if (!valid_date(sq, buf, sizeof(buf)))
			err = _("Saisissez une date valide au format JJ/MM/AAAA.");
		else
			val = arena_strdup(a, buf);
		break;
	case F_PHONE:
		if (!valid_phone(sq, buf, sizeof(buf)))
			err = _("Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.");
		else
			val = arena_strdup(a, buf);
		break;
	case F_EMAIL:
		if (!valid_email(sq, buf, sizeof(buf)))
			err = _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.");
		else
			val = arena_strdup(a, buf);
		break;
	case F_PREDEMANDE:
		if (!valid_predemande(sq, buf, sizeof(buf)))
			err = _("Le numéro de pré-demande compte 10 lettres ou chiffres.");
		else
			val = arena_strdup(a, buf);
		break;
	case F_INT: {
		long n;
		if (!valid_int(sq, s->min, s->max, &n))
			err = arena_printf(a, _("Saisissez un nombre entre %ld et %ld."), s->min, s->max);
		else
			val = arena_printf(a, "%ld", n);
		break;
	}
	case F_CODE:
		if (!valid_code(sq, buf, sizeof(buf)))
			err = _("Le code compte 6 chiffres.");
		else
			val = arena_strdup(a, buf);
		break;
	case F_REF:
		if (!valid_ref(sq, buf, sizeof(buf)))
			err = _("La référence compte 8 caractères, par exemple K7QM3XPA.");
		else
			val = arena_strdup(a, buf);
		break;
	case F_CHECK:
		if (strcmp(sq, "1") == 0)
			val = "1";
		else if (s->required)
			err = _("Cette case doit être cochée.");
		break;
	}
done:
	free(sq);
	/* The first error found for a field is the one shown. */
	if (err || f->error[i]) {
		if (!f->error[i]) {
			f->nerrors++;
			f->error[i] = err;
		}
		val = NULL;
	}
	f->value[i] = val;
	return val;
}

bool form_check_all(struct form *f, const struct field_spec *specs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		form_check(f, &specs[i]);
	return f->nerrors == 0;
}

static int find(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return (int)i;
	return -1;
}

const char *form_value(const struct form *f, const char *name)
{
	int i = find(f, name);
	return i < 0 ? NULL : f->value[i];
}

const char *form_typed(const struct form *f, const char *name)
{
	int i = find(f, name);
	return i < 0 ? NULL : f->typed[i];
}

const char *form_error(const struct form *f, const char *name)
{
	int i = find(f, name);
	return i < 0 ? NULL : f->error[i];
}

long form_int(const struct form *f, const char *name, long def)
{
	const char *v = form_value(f, name);
	return v ? strtol(v, NULL, 10) : def;
}

void form_fill(const struct form *f, tpl_dict *d)
{
	char key[80];
	tpl_dict *list = NULL;
	for (size_t i = 0; i < f->n; i++) {
		char up[64];
		size_t j = 0;
		for (; f->name[i][j] && j < sizeof(up) - 1; j++)
			up[j] = (char)toupper((unsigned char)f->name[i][j]);
		up[j] = '\0';
		snprintf(key, sizeof(key), "V_%s", up);
		tpl_set(d, key, f->typed[i]);
		if (f->error[i]) {
			snprintf(key, sizeof(key), "E_%s", up);
			tpl_set(d, key, f->error[i]);
			snprintf(key, sizeof(key), "ERR_%s", up);
			tpl_show(d, key);
			if (!list)
				list = tpl_section(d, "FORM_ERRORS");
			tpl_dict *e = tpl_section(list, "ERROR");
			tpl_set(e, "MESSAGE", f->error[i]);
			tpl_set(e, "FIELD", f->name[i]);
		}
	}
}
