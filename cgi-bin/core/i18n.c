/* i18n.c — see i18n.h. */
#include "i18n.h"
#include "datetime.h"
#include "request.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bumping this glibc counter makes gettext drop its cache after a change of
 * $LANGUAGE (as the gettext manual says). */
extern int _nl_msg_cat_cntr;

static char current[3] = "fr";

const char *const i18n_langs[] = { "fr", "en", "nl", "de", NULL };
static const char *const lang_names[] = { "Français", "English", "Nederlands", "Deutsch" };

static bool supported(const char *l)
{
	for (int i = 0; i18n_langs[i]; i++)
		if (l && strcmp(l, i18n_langs[i]) == 0)
			return true;
	return false;
}

const char *i18n_lang_name(const char *lang)
{
	for (int i = 0; i18n_langs[i]; i++)
		if (lang && strcmp(lang, i18n_langs[i]) == 0)
			return lang_names[i];
	return "";
}

void i18n_init(const char *localedir)
{
	setlocale(LC_ALL, "C.UTF-8");
	bindtextdomain("creneau", localedir);
	bind_textdomain_codeset("creneau", "UTF-8");
	textdomain("creneau");
	i18n_use("fr");
}

void i18n_use(const char *lang)
{
	if (!supported(lang))
		lang = "fr";
	if (strcmp(current, lang) == 0 && getenv("LANGUAGE"))
		return;
	snprintf(current, sizeof(current), "%s", lang);
	setenv("LANGUAGE", lang, 1);
	++_nl_msg_cat_cntr;
}

const char *i18n_lang(void)
{
	return current;
}

const char *i18n_in(const char *lang, const char *msgid)
{
	char saved[3];
	snprintf(saved, sizeof(saved), "%s", current);
	i18n_use(lang);
	const char *t = gettext(msgid);
	i18n_use(saved);
	return t;
}

const char *i18n_plural(const char *one, const char *many, unsigned long n)
{
	if (strcmp(current, "fr") == 0)
		return n > 1 ? many : one;
	return ngettext(one, many, n);
}

void i18n_pick(struct request *r)
{
	const char *q = req_arg(r, "lang");
	const char *lang = NULL;
	if (supported(q)) {
		lang = q;
		resp_cookie(r, "lang", q, 365L * 24 * 3600);
	} else if (supported(req_cookie(r, "lang")))
		lang = req_cookie(r, "lang");
	else
		/* French by default, whatever the browser says: English is a
		 * choice made with the language link. */
		lang = "fr";
	r->lang = lang;
	i18n_use(lang);
}

static const char *days[] = { N_("lundi"), N_("mardi"), N_("mercredi"), N_("jeudi"),
	N_("vendredi"), N_("samedi"), N_("dimanche") };
static const char *days_short[] = { N_("lun."), N_("mar."), N_("mer."), N_("jeu."),
	N_("ven."), N_("sam."), N_("dim.") };
static const char *months[] = { N_("janvier"), N_("février"), N_("mars"), N_("avril"),
	N_("mai"), N_("juin"), N_("juillet"), N_("août"), N_("septembre"), N_("octobre"),
	N_("novembre"), N_("décembre") };
static const char *months_short[] = { N_("janv."), N_("févr."), N_("mars"), N_("avr."),
	N_("mai"), N_("juin"), N_("juil."), N_("août"), N_("sept."), N_("oct."),
	N_("nov."), N_("déc.") };

void i18n_date_ymd(int y, int mo, int d, char *out, size_t outsz)
{
	int wd = dt_weekday(y, mo, d);
	if (mo < 1 || mo > 12 || wd < 1) {
		snprintf(out, outsz, "%04d-%02d-%02d", y, mo, d);
		return;
	}
	if (strcmp(current, "en") == 0 || strcmp(current, "nl") == 0)
		snprintf(out, outsz, "%s %d %s %d", gettext(days[wd - 1]), d, gettext(months[mo - 1]), y);
	else if (strcmp(current, "de") == 0)
		snprintf(out, outsz, "%s, %d. %s %d", gettext(days[wd - 1]), d, gettext(months[mo - 1]), y);
	else
		snprintf(out, outsz, "%s %d%s %s %d", days[wd - 1], d, d == 1 ? "er" : "", months[mo - 1], y);
}

void i18n_date_short_ymd(int y, int mo, int d, char *out, size_t outsz)
{
	int wd = dt_weekday(y, mo, d);
	if (mo < 1 || mo > 12 || wd < 1) {
		snprintf(out, outsz, "%02d/%02d", d, mo);
		return;
	}
	if (strcmp(current, "fr") != 0) {
		/* "mars", "juin"… are the same word long and short in French, so
		 * one msgid cannot carry both English forms: abbreviate the long
		 * English name instead ("March" -> "Mar"). */
		snprintf(out, outsz, "%s %d %.3s", gettext(days_short[wd - 1]), d, gettext(months[mo - 1]));
		return;
	}
	snprintf(out, outsz, "%s %d %s", days_short[wd - 1], d, months_short[mo - 1]);
}

void i18n_date(time_t utc, char *out, size_t outsz)
{
	struct tm tm;
	dt_utc_to_local(utc, &tm);
	i18n_date_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out, outsz);
}

void i18n_time(time_t utc, char *out, size_t outsz)
{
	struct tm tm;
	dt_utc_to_local(utc, &tm);
	if (strcmp(current, "en") == 0)
		snprintf(out, outsz, "%d:%02d %s", tm.tm_hour % 12 ? tm.tm_hour % 12 : 12,
			 tm.tm_min, tm.tm_hour < 12 ? "am" : "pm");
	else if (strcmp(current, "nl") == 0 || strcmp(current, "de") == 0)
		snprintf(out, outsz, "%d:%02d", tm.tm_hour, tm.tm_min);
	else
		snprintf(out, outsz, "%d h %02d", tm.tm_hour, tm.tm_min);
}

void i18n_when(time_t utc, char *out, size_t outsz)
{
	char day[64], hm[32];
	i18n_date(utc, day, sizeof(day));
	i18n_time(utc, hm, sizeof(hm));
	snprintf(out, outsz, "%s %s", day, hm);
}
