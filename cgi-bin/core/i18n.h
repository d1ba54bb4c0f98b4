/* i18n.h — French by default; English, Dutch and German available (the
 * Dutch and German catalogues translate the service status pages and the
 * frame of every page; any msgid they leave empty shows in French, which
 * is gettext's own fallback). Messages go through
 * GNU gettext with French msgids (po/en.po translates them); the process
 * runs in the C.UTF-8 locale and switches language with $LANGUAGE, which
 * needs no generated locale on the machine. Dates are formatted here, the
 * French way by default ("samedi 22 novembre 2026 à 9 h 30"). */
#ifndef CRENEAU_I18N_H
#define CRENEAU_I18N_H
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* A count's words: P_("%d personne", "%d personnes", n). */
#define P_(one, many, n) i18n_plural(one, many, n)

struct request;

/* The languages a page may be asked in, NULL-terminated: fr, en, nl, de
 * (the templates are loaded once per language: tpl_init()). */
extern const char *const i18n_langs[];
/* A language's name in itself ("Nederlands"), "" when not one of them. */
const char *i18n_lang_name(const char *lang);

void i18n_init(const char *localedir);
/* Switches the language of gettext() for this process (one of i18n_langs;
 * anything else is French). */
void i18n_use(const char *lang);
/* Chooses r->lang from ?lang=, then the "lang" cookie, else French;
 * remembers an explicit ?lang= in the cookie, and calls i18n_use(). */
void i18n_pick(struct request *r);
/* The translation of msgid in lang, restoring the current language. */
const char *i18n_in(const char *lang, const char *msgid);
/* ngettext() with French msgids: in French 0 and 1 take the singular
 * ("0 essai", "1 personne"), which gettext's fallback for an untranslated
 * msgid (n == 1) would not; other languages follow their catalogue. */
const char *i18n_plural(const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

/* Local date of a UTC instant: "samedi 22 novembre 2026" / "Saturday 22
 * November 2026". out >= 64 bytes. */
void i18n_date(time_t utc, char *out, size_t outsz);
/* Same for a civil date. */
void i18n_date_ymd(int y, int mo, int d, char *out, size_t outsz);
/* Short day label "sam. 22 nov." / "Sat 22 Nov". */
void i18n_date_short_ymd(int y, int mo, int d, char *out, size_t outsz);
/* Local time "9 h 30" / "9:30 am". */
void i18n_time(time_t utc, char *out, size_t outsz);
/* Both, "date time", as a line of a list shows an instant. */
void i18n_when(time_t utc, char *out, size_t outsz);
const char *i18n_lang(void);

#endif
