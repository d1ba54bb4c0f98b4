/* faq.c — see faq.h. */
#include "faq.h"
#include "db.h"

#include <string.h>

#define F_COLS "SELECT f.id, COALESCE(f.ticket_id, 0), f.question, f.answer, f.lang, tp.name, f.status, f.yes_count," \
	" f.no_count FROM faq_entries f LEFT JOIN hd_topics tp ON tp.id = f.topic_id"

static long rows(struct arena *a, const struct db_res *q, struct faq_entry **out)
{
	*out = arena_alloc(a, (q->nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < q->nrows; i++)
		(*out)[i] = (struct faq_entry){ db_int(q, i, 0), db_int(q, i, 1), db_val(q, i, 2), db_val(q, i, 3),
						db_val(q, i, 4), db_val(q, i, 5), db_val(q, i, 6), db_int(q, i, 7),
						db_int(q, i, 8) };
	return (long)q->nrows;
}

/* q matched literally (LIKE's wildcards escaped). */
static char *like_any(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, 2 * n + 3), *p = out;
	*p++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '%';
	*p = '\0';
	return out;
}

long faq_published(struct arena *a, const char *lang, const char *q, struct faq_entry **out)
{
	struct db_res r;
	const char *pat = like_any(a, q ? q : "");
	if (db_exec(a, &r, F_COLS " WHERE f.status = 'published' AND f.lang = ? AND (f.question LIKE ? OR f.answer LIKE ?)"
		    " ORDER BY f.position, f.id", "sss", lang, pat, pat) < 0)
		return -1;
	return rows(a, &r, out);
}

long faq_all(struct arena *a, struct faq_entry **out)
{
	struct db_res r;
	if (db_exec(a, &r, F_COLS " ORDER BY f.status = 'published', f.lang, f.position, f.id", "") < 0)
		return -1;
	return rows(a, &r, out);
}

bool faq_draft(struct arena *a, long long ticket, long long topic, const char *lang, const char *question,
               const char *answer, long long staff_id, long long *id)
{
	if (db_exec(a, NULL, "INSERT INTO faq_entries (question, answer, lang, topic_id, position, status, ticket_id,"
		    " created_by, created_utc) VALUES (?, ?, ?, NULLIF(?, 0), 1000, 'draft', ?, ?, UTC_TIMESTAMP())",
		    "sssiii", question, answer, lang, topic, ticket, staff_id) < 0)
		return false;
	*id = (long long)db_insert_id();
	return true;
}

int faq_publish(struct arena *a, long long id, bool publish)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT id FROM faq_entries WHERE id = ?", "i", id) < 0)
		return -1;
	if (!q.nrows)
		return 0;
	return db_exec(a, NULL, "UPDATE faq_entries SET status = IF(?, 'published', 'draft'),"
		       " published_utc = IF(?, COALESCE(published_utc, UTC_TIMESTAMP()), NULL) WHERE id = ?", "iii",
		       (long long)publish, (long long)publish, id) < 0 ? -1 : 1;
}

int faq_feedback(struct arena *a, long long id, bool yes)
{
	long long n = db_exec(a, NULL, "UPDATE faq_entries SET yes_count = yes_count + ?, no_count = no_count + ?"
			      " WHERE id = ? AND status = 'published'", "iii", (long long)yes, (long long)!yes, id);
	return n < 0 ? -1 : n > 0;
}
