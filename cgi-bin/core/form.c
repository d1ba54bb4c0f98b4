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

static size_t max_len(const struct field_spec *s)
{
	return s->max > 0 ? (size_t)s->max : 200;
}

/* The checks of their own a type's steps use (see struct step); each
 * returns the value it leaves, or NULL when in is refused. */
static const char *fits(const struct field_spec *s, const char *in, const char *today, char *out, size_t n)
{
	(void)today, (void)out, (void)n;
	return text_utf8_len(in) <= max_len(s) ? in : NULL;
}

static const char *person_name(const struct field_spec *s, const char *in, const char *today, char *out, size_t n)
{
	(void)today, (void)out, (void)n;
	return text_valid_person_name(in, max_len(s)) ? in : NULL;
}

static const char *born(const struct field_spec *s, const char *in, const char *today, char *out, size_t n)
{
	(void)s;
	return valid_birth_date(in, today, out, n) ? out : NULL;
}

static const char *whole(const struct field_spec *s, const char *in, const char *today, char *out, size_t n)
{
	(void)today;
	long v;
	if (!valid_int(in, s->min, s->max, &v))
		return NULL;
	snprintf(out, n, "%ld", v);
	return out;
}

static const char *ticked(const struct field_spec *s, const char *in, const char *today, char *out, size_t n)
{
	(void)s, (void)today, (void)out, (void)n;
	return strcmp(in, "1") == 0 ? in : NULL;
}

/* One test a value must pass: a normaliser of validate.h (the value it
 * writes to out) or a check of its own, and the message when it fails.
 * No message: a refused value counts as absent (an unticked box). */
struct step {
	bool (*norm)(const char *in, char *out, size_t n);
	const char *(*check)(const struct field_spec *s, const char *in, const char *today, char *out, size_t n);
	const char *refused;   /* msgid */
	bool bounds;           /* refused names the field's min and max */
};

/* Per type, the message of a required field left empty (NULL: "Ce champ
 * est obligatoire.") and its steps, in order: the first that fails gives
 * the message, the last gives the value. */
static const struct type_rule {
	const char *missing;
	struct step steps[2];
} rules[] = {
	[F_TEXT] = { NULL, { { NULL, fits, N_("Ce texte est trop long."), false } } },
	[F_NAME] = { NULL, { { NULL, fits, N_("Ce nom est trop long."), false },
			     { NULL, person_name, N_("Saisissez un nom en lettres (les tirets et apostrophes sont acceptés)."),
			       false } } },
	[F_BIRTH] = { NULL, { { valid_date, NULL, N_("Saisissez une date valide au format JJ/MM/AAAA."), false },
			      { NULL, born, N_("Cette date de naissance n'est pas plausible."), false } } },
	[F_DATE] = { NULL, { { valid_date, NULL, N_("Saisissez une date valide au format JJ/MM/AAAA."), false } } },
	[F_PHONE] = { NULL, { { valid_phone, NULL,
				N_("Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78."), false } } },
	[F_EMAIL] = { NULL, { { valid_email, NULL,
				N_("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."), false } } },
	[F_PREDEMANDE] = { NULL, { { valid_predemande, NULL, N_("Le numéro de pré-demande compte 10 lettres ou chiffres."),
				     false } } },
	[F_INT] = { NULL, { { NULL, whole, N_("Saisissez un nombre entre %ld et %ld."), true } } },
	[F_CODE] = { NULL, { { valid_code, NULL, N_("Le code compte 6 chiffres."), false } } },
	[F_REF] = { NULL, { { valid_ref, NULL, N_("La référence compte 8 caractères, par exemple K7QM3XPA."), false } } },
	[F_CHECK] = { N_("Cette case doit être cochée."), { { NULL, ticked, NULL, false } } },
};
_Static_assert(ARRAY_LEN(rules) == F_CHECK + 1, "a rule for every enum ftype");

static const char *missing(const struct type_rule *t, const struct field_spec *s)
{
	if (!s->required)
		return NULL;
	return t->missing ? gettext(t->missing) : _("Ce champ est obligatoire.");
}

/* The value step st leaves (in buf or sq itself), NULL when it refuses sq. */
static const char *run_step(const struct step *st, const struct field_spec *s, const char *sq, const char *today,
			    char *buf, size_t n)
{
	if (st->norm)
		return st->norm(sq, buf, n) ? buf : NULL;
	return st->check(s, sq, today, buf, n);
}

static const char *refusal(struct arena *a, const struct type_rule *t, const struct step *st, const struct field_spec *s)
{
	if (!st->refused)
		return missing(t, s);
	if (st->bounds)
		return arena_printf(a, gettext(st->refused), s->min, s->max);
	return gettext(st->refused);
}

const char *form_parse(struct arena *a, const struct field_spec *s, const char *sq, const char *today, const char **val)
{
	const struct type_rule *t = &rules[s->type];
	*val = NULL;
	if (!*sq)
		return missing(t, s);
	char buf[300];
	const char *v = NULL;
	for (const struct step *st = t->steps; st < t->steps + ARRAY_LEN(t->steps) && (st->norm || st->check); st++)
		if (!(v = run_step(st, s, sq, today, buf, sizeof(buf))))
			return refusal(a, t, st, s);
	*val = arena_strdup(a, v);
	return NULL;
}

/* Keeps field i's outcome; the first message found for a field is the
 * one shown, and a field with one has no value. */
static const char *record(struct form *f, int i, const char *val, const char *err)
{
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

const char *form_check(struct form *f, const struct field_spec *s)
{
	struct arena *a = f->r->arena;
	int i = slot_of(f, s->name);
	if (i < 0)
		return NULL;
	const char *raw = req_param(f->r, s->name);
	f->typed[i] = arena_strdup(a, raw ? raw : "");
	if (f->r->bad_param && strcmp(f->r->bad_param, s->name) == 0)
		return record(f, i, NULL, _("Le texte envoyé contient des caractères non valides."));
	int y, m, d;
	char today[11];
	dt_today_local(&y, &m, &d);
	snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
	char *sq = raw ? text_squash(raw) : xstrdup("");
	const char *val, *err = form_parse(a, s, sq, today, &val);
	free(sq);
	return record(f, i, val, err);
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
