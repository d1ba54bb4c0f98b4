/* audit.c — see audit.h. */
#include "audit.h"
#include "agenda.h"
#include "db.h"

#include <string.h>

/* The column holds 500 characters: a longer detail is cut (on a UTF-8
 * boundary) rather than failing the change it records. */
static const char *fit(struct arena *a, const char *s, size_t max)
{
	if (!s || strlen(s) <= max)
		return s;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return arena_strndup(a, s, n);
}

bool audit(struct arena *a, long long staff_id, long long commune_id, const char *action,
           const char *entity, const char *entity_id, const char *details)
{
	return db_exec(a, NULL, "INSERT INTO audit_log (at_utc, staff_id, commune_id, action, entity, entity_id, details)"
		       " VALUES (UTC_TIMESTAMP(), ?, ?, ?, ?, ?, ?)", "iissss",
		       staff_id, commune_id, action, entity, fit(a, entity_id, 40), fit(a, details, 500)) >= 0;
}

long audit_list(struct arena *a, const struct scope *s, const struct audit_filter *f, int max,
                struct audit_entry **out)
{
	struct db_res q;
	*out = NULL;
	/* Each filter is "? IS NULL OR …": one statement, whatever is set. */
	const char *who = f->who && *f->who ? agenda_like_prefix(a, f->who) : NULL;
	const char *action = f->action && *f->action ? f->action : NULL;
	const char *from = f->from && *f->from ? f->from : NULL, *to = f->to && *f->to ? f->to : NULL;
	if (db_exec(a, &q, "SELECT a.at_utc, st.name, a.action, a.entity, a.entity_id, a.details, c.name, st.email"
		    " FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id LEFT JOIN communes c ON c.id = a.commune_id"
		    " WHERE" SCOPE_COMMUNE_SQL("a.commune_id")
		    " AND (? IS NULL OR st.name LIKE ? OR st.email LIKE ?)"
		    " AND (? IS NULL OR a.action = ?)"
		    " AND (? = 0 OR a.commune_id = ?)"
		    " AND (? IS NULL OR a.at_utc >= ?)"
		    " AND (? IS NULL OR a.at_utc < ? + INTERVAL 1 DAY)"
		    " ORDER BY a.id DESC LIMIT ?",
		    SCOPE_COMMUNE_FMT "sssssiissssi", SCOPE_COMMUNE_ARGS(s), who, who, who, action, action,
		    f->commune_id, f->commune_id, from, from, to, to, (long long)max) < 0)
		return -1;
	struct audit_entry *e = arena_alloc(a, (q.nrows + 1) * sizeof(*e));
	for (size_t i = 0; i < q.nrows; i++) {
		e[i].at = db_val(&q, i, 0);
		e[i].who = db_val(&q, i, 1);
		e[i].action = db_val(&q, i, 2);
		e[i].entity = db_val(&q, i, 3);
		e[i].entity_id = db_val(&q, i, 4);
		e[i].details = db_val(&q, i, 5);
		e[i].commune = db_val(&q, i, 6);
		e[i].email = db_val(&q, i, 7);
	}
	*out = e;
	return (long)q.nrows;
}

long audit_actions(struct arena *a, const char ***out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT DISTINCT action FROM audit_log ORDER BY action", "") < 0)
		return -1;
	const char **v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++)
		v[i] = db_val(&q, i, 0);
	*out = v;
	return (long)q.nrows;
}
