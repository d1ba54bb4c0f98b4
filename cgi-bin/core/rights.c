/* rights.c — see rights.h. */
#include "rights.h"
#include "audit.h"
#include "db.h"
#include "retention.h"

#include <string.h>

#define MAX_FOUND 200

/* The bookings of the scope the query names; each way is one "? IS NULL
 * OR …" so that one statement serves them all. */
static const char find_sql[] =
	"SELECT DISTINCT b.id, b.ref, b.status, p.code, si.name, c.name, b.start_utc, b.end_utc, b.channel, b.level,"
	" b.contact_phone, b.contact_email, b.home_insee, b.created_utc, b.attendance,"
	" b.status IN ('held', 'confirmed') AND b.end_utc > UTC_TIMESTAMP()"
	" FROM bookings b JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id"
	" JOIN communes c ON c.id = si.commune_id JOIN procedures p ON p.id = b.procedure_id"
	" LEFT JOIN booking_persons bp ON bp.booking_id = b.id"
	" WHERE b.anonymised_utc IS NULL AND" SCOPE_BOOKING_SQL("si.commune_id", "b.partner_commune_id")
	" AND ((? IS NOT NULL AND b.ref = ?)"
	"  OR (? IS NULL AND ? IS NOT NULL AND bp.last_name = ? AND bp.birth_date = ?)"
	"  OR (? IS NULL AND ? IS NULL AND ? IS NOT NULL AND b.contact_phone = ?)"
	"  OR (? IS NULL AND ? IS NULL AND ? IS NULL AND ? IS NOT NULL AND b.contact_email = ?))"
	" ORDER BY b.start_utc DESC LIMIT ?";

static void read_persons(struct arena *a, struct rights_booking *b)
{
	struct db_res q;
	b->npersons = 0;
	b->persons = NULL;
	if (db_exec(a, &q, "SELECT last_name, first_names, birth_date, predemande FROM booking_persons"
		    " WHERE booking_id = ? ORDER BY position", "i", b->id) < 0)
		return;
	b->persons = arena_alloc(a, (q.nrows + 1) * sizeof(*b->persons));
	for (size_t i = 0; i < q.nrows; i++)
		b->persons[i] = (struct rights_person){ db_val(&q, i, 0), db_val(&q, i, 1), db_val(&q, i, 2), db_val(&q, i, 3) };
	b->npersons = q.nrows;
}

static void read_messages(struct arena *a, struct rights_booking *b)
{
	struct db_res q;
	b->nmessages = 0;
	b->messages = NULL;
	if (db_exec(a, &q, "SELECT created_utc, kind, channel, recipient, subject, body, status FROM outbox"
		    " WHERE booking_id = ? ORDER BY id", "i", b->id) < 0)
		return;
	b->messages = arena_alloc(a, (q.nrows + 1) * sizeof(*b->messages));
	for (size_t i = 0; i < q.nrows; i++)
		b->messages[i] = (struct rights_message){ db_val(&q, i, 0), db_val(&q, i, 1), db_val(&q, i, 2),
							  db_val(&q, i, 3), db_val(&q, i, 4), db_val(&q, i, 5),
							  db_val(&q, i, 6) };
	b->nmessages = q.nrows;
}

long rights_find(struct arena *a, const struct scope *s, const struct rights_query *rq, struct rights_booking **out)
{
	*out = NULL;
	const char *ref = rq->ref && *rq->ref ? rq->ref : NULL;
	const char *name = rq->last_name && *rq->last_name && rq->birth_date && *rq->birth_date ? rq->last_name : NULL;
	const char *birth = name ? rq->birth_date : NULL;
	const char *phone = rq->phone && *rq->phone ? rq->phone : NULL;
	const char *email = rq->email && *rq->email ? rq->email : NULL;
	struct db_res q;
	if (db_exec(a, &q, find_sql, SCOPE_BOOKING_FMT "ss" "ssss" "ssss" "sssss" "i", SCOPE_BOOKING_ARGS(s),
		    ref, ref, ref, name, name, birth, ref, name, phone, phone, ref, name, phone, email, email,
		    (long long)MAX_FOUND) < 0)
		return -1;
	struct rights_booking *v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++) {
		struct rights_booking *b = &v[i];
		b->id = db_int(&q, i, 0);
		b->ref = db_val(&q, i, 1);
		b->status = db_val(&q, i, 2);
		b->procedure = db_val(&q, i, 3);
		b->site = db_val(&q, i, 4);
		b->commune = db_val(&q, i, 5);
		b->start = db_val(&q, i, 6);
		b->end = db_val(&q, i, 7);
		b->channel = db_val(&q, i, 8);
		b->level = db_val(&q, i, 9);
		b->phone = db_val(&q, i, 10);
		b->email = db_val(&q, i, 11);
		b->home_insee = db_val(&q, i, 12);
		b->created = db_val(&q, i, 13);
		b->attendance = db_val(&q, i, 14);
		b->active = db_int(&q, i, 15) != 0;
		read_persons(a, b);
		read_messages(a, b);
	}
	*out = v;
	return db_failed() ? -1 : (long)q.nrows;
}

bool rights_erase(struct arena *a, long long by, long long commune_id, const struct rights_booking *b, size_t n)
{
	if (!db_begin())
		return false;
	struct sbuf ids;
	sbuf_init(&ids);
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		ok = !b[i].active && retention_anonymise(a, b[i].id);
		sbuf_printf(&ids, "%s%lld", i ? "," : "", b[i].id);
	}
	/* The line names the bookings, never what was erased. */
	ok = ok && audit(a, by, commune_id, "person_erase", "bookings", NULL,
			 arena_printf(a, "count=%zu ids=%s", n, ids.s ? ids.s : ""));
	sbuf_free(&ids);
	if (ok && db_commit())
		return true;
	db_rollback();
	return false;
}
