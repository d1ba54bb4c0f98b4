/* form.h — validating a submitted form at the boundary. A handler declares
 * its fields (name, type, required, bounds); form_check() runs each
 * validator, keeps the typed value (to show the form again) and a French
 * message per failed field. Handlers only read values that passed. */
#ifndef CRENEAU_FORM_H
#define CRENEAU_FORM_H
#include <stdbool.h>
#include "request.h"
#include "tpl.h"

enum ftype {
	F_TEXT,        /* free text, 1..max code points, no control chars */
	F_NAME,        /* a person's name (text_valid_person_name) */
	F_BIRTH,       /* birth date -> YYYY-MM-DD */
	F_DATE,        /* any date -> YYYY-MM-DD */
	F_PHONE,       /* -> E.164 */
	F_EMAIL,       /* -> lower-cased domain */
	F_PREDEMANDE,  /* -> 10 upper-case alphanumerics */
	F_INT,         /* whole number in [min, max] */
	F_CODE,        /* six digits */
	F_REF,         /* booking reference */
	F_CHECK,       /* checkbox: present and "1" */
};

struct field_spec {
	const char *name;
	enum ftype type;
	bool required;
	long min, max;      /* F_INT bounds; F_TEXT/F_NAME max length (0 = 200) */
};

#define FORM_MAX 64
struct form {
	struct request *r;
	size_t n;
	const char *name[FORM_MAX];
	const char *typed[FORM_MAX];    /* as typed (to refill the form) */
	const char *value[FORM_MAX];    /* normalised, NULL when absent or invalid */
	const char *error[FORM_MAX];    /* message or NULL */
	int nerrors;
};

void form_init(struct form *f, struct request *r);
/* Validates one field from the request (POST body or query string).
 * Returns the normalised value, or NULL (absent or invalid). */
const char *form_check(struct form *f, const struct field_spec *spec);
/* The pure part of form_check: the checks of one value sq (squashed, ""
 * when absent) against spec. Returns NULL with the normalised value in
 * *val (arena-owned), or with *val NULL when an optional field is empty
 * or an optional box unticked; else the translated message, *val NULL.
 * today (YYYY-MM-DD, local) bounds birth dates. */
const char *form_parse(struct arena *a, const struct field_spec *s, const char *sq, const char *today, const char **val);
/* Checks a list of fields. Returns true when all passed. */
bool form_check_all(struct form *f, const struct field_spec *specs, size_t n);
/* Records an error found by the handler itself (e.g. a cross-field rule). */
void form_fail(struct form *f, const char *name, const char *message);
const char *form_value(const struct form *f, const char *name);
const char *form_typed(const struct form *f, const char *name);
const char *form_error(const struct form *f, const char *name);
long form_int(const struct form *f, const char *name, long def);
/* Sets V_<name> (typed value) and E_<name> (message, and shows section
 * ERR_<name>) in d for each field; names are upper-cased. Also shows
 * FORM_ERRORS with one ERROR item per message when there are errors. */
void form_fill(const struct form *f, tpl_dict *d);

#endif
