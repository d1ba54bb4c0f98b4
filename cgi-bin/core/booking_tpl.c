/* booking_tpl.c — see booking_tpl.h. */
#include "booking_tpl.h"
#include "datetime.h"
#include "i18n.h"
#include "page.h"

#include <string.h>

void booking_fill(struct request *r, tpl_dict *d, const struct booking_view *v)
{
	char date[64], hm[32];
	i18n_date(v->start, date, sizeof(date));
	i18n_time(v->start, hm, sizeof(hm));
	tpl_set(d, "REF", v->ref);
	tpl_set(d, "PROCEDURE_NAME", v->procedure_name);
	page_set_party(d, v->party);
	tpl_set(d, "DATE", date);
	tpl_set(d, "TIME", hm);
	tpl_set(d, "SITE_NAME", v->site_name);
	tpl_set(d, "ADDRESS", v->address);
	tpl_set(d, "POSTCODE", v->postcode);
	tpl_set(d, "CITY", v->city);
	tpl_set(d, "ACCESS_INFO", v->access_info);
	tpl_set(d, "COMMUNE_NAME", v->commune_name);
	tpl_set(d, "COMMUNE_PHONE", v->commune_phone);
	tpl_set(d, "COMMUNE_EMAIL", v->commune_email);
	tpl_setf(d, "SITE_LAT", "%.5f", v->lat);
	tpl_setf(d, "SITE_LON", "%.5f", v->lon);
	for (int i = 0; i < v->npersons; i++) {
		tpl_dict *p = tpl_section(d, "PERSON");
		tpl_set(p, "LAST", v->persons[i].last_name);
		tpl_set(p, "FIRST", v->persons[i].first_names);
		int y, m, dd;
		if (dt_parse_ymd(v->persons[i].birth_date, &y, &m, &dd))
			tpl_setf(p, "BIRTH", "%02d/%02d/%04d", dd, m, y);
		if (v->persons[i].predemande)
			tpl_set(tpl_section(p, "PRE"), "NUMBER", v->persons[i].predemande);
	}
	/* Documents: one per line in the catalogue. */
	const char *s = v->documents ? v->documents : "";
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n > 0 && !(n == 1 && s[0] == '\r'))
			tpl_set(tpl_section(d, "DOCUMENT"), "TEXT", arena_strndup(r->arena, s, n));
		s += n + (e ? 1 : 0);
	}
	const char *st = str_eq(v->status, "confirmed") ? "IS_CONFIRMED"
		: str_eq(v->status, "cancelled") ? "IS_CANCELLED"
		: str_eq(v->status, "held") ? "IS_HELD" : "IS_EXPIRED";
	tpl_show(d, st);
}

