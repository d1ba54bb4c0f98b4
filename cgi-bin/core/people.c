/* people.c — see people.h. */
#include "people.h"
#include "i18n.h"

#include <stdio.h>

void people_check(struct form *f, int party, bool needs_predemande, struct person *persons)
{
	struct arena *a = f->r->arena;
	for (int i = 1; i <= party; i++) {
		struct field_spec ps[] = {
			{ arena_printf(a, "nom_%d", i), F_NAME, true, 0, 100 },
			{ arena_printf(a, "prenoms_%d", i), F_NAME, true, 0, 150 },
			{ arena_printf(a, "naissance_%d", i), F_BIRTH, true, 0, 0 },
			{ arena_printf(a, "predemande_%d", i), F_PREDEMANDE, false, 0, 0 },
		};
		form_check_all(f, ps, needs_predemande ? 4 : 3);
		persons[i - 1].last_name = form_value(f, ps[0].name);
		persons[i - 1].first_names = form_value(f, ps[1].name);
		persons[i - 1].birth_date = form_value(f, ps[2].name);
		persons[i - 1].predemande = needs_predemande ? form_value(f, ps[3].name) : NULL;
	}
}

void people_fill(struct request *r, tpl_dict *d, const struct form *f, int party,
                 bool needs_predemande, const char *single_legend)
{
	static const char *const fields[] = { "nom", "prenoms", "naissance", "predemande" };
	static const char *const keys[] = { "LAST", "FIRST", "BIRTH", "PRE" };
	for (int i = 1; i <= party; i++) {
		tpl_dict *p = tpl_section(d, "PERSON");
		tpl_set_int(p, "N", i);
		tpl_set(p, "LEGEND", party > 1 || !single_legend ? arena_printf(r->arena, _("Personne %d"), i) : single_legend);
		for (size_t k = 0; k < ARRAY_LEN(fields); k++) {
			const char *name = arena_printf(r->arena, "%s_%d", fields[k], i);
			char key[32];
			tpl_set(p, keys[k], form_typed(f, name));
			if (form_error(f, name)) {
				snprintf(key, sizeof(key), "E_%s", keys[k]);
				tpl_set(p, key, form_error(f, name));
				snprintf(key, sizeof(key), "ERR_%s", keys[k]);
				tpl_show(p, key);
			}
		}
		if (needs_predemande)
			tpl_show(p, "NEEDS_PREDEMANDE");
	}
}
