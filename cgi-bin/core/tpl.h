/* tpl.h — C interface to ctemplate (C++), implemented in tpl_shim.cc.
 * Every template starts with {{%AUTOESCAPE context="..."}}, so every value
 * set here is escaped for where it lands (HTML text, attribute, URL, JS).
 * Translatable text in templates is written [[Texte en français]]: at load
 * time each template is stored once per language with that text replaced
 * by its translation (escaped for HTML), so rendering costs no gettext.
 * A dictionary tree is owned by its root: free the root with tpl_free(). */
#ifndef CRENEAU_TPL_H
#define CRENEAU_TPL_H
#include <stdbool.h>
#include "util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tpl_dict tpl_dict;

/* Loads every *.tpl of dir into the cache, once per language of langs
 * (NULL-terminated). Returns false (and logs) on any error. */
bool tpl_init(const char *dir, const char *const *langs);

tpl_dict *tpl_new(void);
void tpl_free(tpl_dict *d);
void tpl_set(tpl_dict *d, const char *key, const char *val);   /* NULL -> "" */
void tpl_setf(tpl_dict *d, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tpl_set_int(tpl_dict *d, const char *key, long long v);
/* A value seen by this dictionary, its sections and its includes. */
void tpl_global(tpl_dict *d, const char *key, const char *val);
/* Adds one repetition of {{#name}}...{{/name}}; returns its dictionary
 * (owned by d). */
tpl_dict *tpl_section(tpl_dict *d, const char *name);
/* Shows {{#name}} once with d's own values. */
void tpl_show(tpl_dict *d, const char *name);
/* Fills {{>name}} with template `tpl` in language lang; returns its
 * dictionary (owned by d). Includes do not inherit d's values. */
tpl_dict *tpl_include(tpl_dict *d, const char *name, const char *tpl, const char *lang);

/* Renders template `name` ("home" for templates/home.tpl) in lang. */
bool tpl_expand(const char *name, const char *lang, tpl_dict *d, struct sbuf *out);

#ifdef __cplusplus
}
#endif
#endif
