/* procedures.c — see procedures.h. */
#include "procedures.h"
#include "audit.h"
#include "db.h"

long procedures_all(struct arena *a, struct procedure_row **out)
{
	struct db_res p;
	*out = NULL;
	if (db_exec(a, &p, "SELECT id, code, name_fr, name_en, minutes_per_person, max_party, needs_predemande,"
		    " documents_fr, documents_en FROM procedures ORDER BY sort_order", "") < 0)
		return -1;
	struct procedure_row *v = arena_alloc(a, (p.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < p.nrows; i++) {
		v[i].id = db_int(&p, i, 0);
		v[i].code = db_val(&p, i, 1);
		v[i].name_fr = db_val(&p, i, 2);
		v[i].name_en = db_val(&p, i, 3);
		v[i].minutes = (int)db_int(&p, i, 4);
		v[i].max_party = (int)db_int(&p, i, 5);
		v[i].needs_predemande = db_int(&p, i, 6) != 0;
		v[i].documents_fr = db_val(&p, i, 7);
		v[i].documents_en = db_val(&p, i, 8);
	}
	*out = v;
	return (long)p.nrows;
}

bool procedure_update(struct arena *a, long long by, const struct procedure_row *x)
{
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "UPDATE procedures SET name_fr = ?, name_en = ?, minutes_per_person = ?,"
		    " max_party = ?, needs_predemande = ?, documents_fr = ?, documents_en = ? WHERE id = ?",
		    "ssiiissi", x->name_fr, x->name_en, (long long)x->minutes, (long long)x->max_party,
		    (long long)x->needs_predemande, x->documents_fr, x->documents_en, x->id) < 0 ||
	    !audit(a, by, 0, "procedure_update", "procedure", arena_printf(a, "%lld", x->id),
		   arena_printf(a, "%d min, max %d", x->minutes, x->max_party))) {
		db_rollback();
		return false;
	}
	return db_commit();
}
