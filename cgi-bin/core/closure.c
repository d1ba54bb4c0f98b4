/* closure.c — see closure.h. */
#include "closure.h"
#include "audit.h"
#include "booking.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "freegen.h"
#include "i18n.h"
#include "labels.h"
#include "log.h"
#include "outbox.h"
#include "sites.h"

#include <stdlib.h>
#include <string.h>

long long closure_commune(struct arena *a, const struct closure_spec *c)
{
	struct device_info d;
	switch (c->target) {
	case CLOSE_DEVICE: {
		int k = device_get(a, c->id, &d);
		return k < 0 ? -1 : k ? d.commune_id : 0;
	}
	case CLOSE_SITE:
		return site_commune(a, c->id);
	default: {
		struct db_res q;
		if (db_exec(a, &q, "SELECT id FROM communes WHERE id = ? AND equipped = 1", "i", c->id) < 0)
			return -1;
		return q.nrows == 1 ? c->id : 0;
	}
	}
}

/* The devices a closure covers: the device itself (active or not, it may
 * hold appointments), or the active devices of the site or commune. */
static long covered(struct arena *a, const struct closure_spec *c, long long **ids)
{
	struct device_info *d = NULL;
	long n;
	if (c->target == CLOSE_DEVICE) {
		*ids = arena_alloc(a, sizeof(**ids));
		(*ids)[0] = c->id;
		return 1;
	}
	n = c->target == CLOSE_SITE ? devices_of_site(a, c->id, &d) : devices_of_commune(a, c->id, &d);
	if (n < 0)
		return -1;
	*ids = arena_alloc(a, ((size_t)n + 1) * sizeof(**ids));
	for (long i = 0; i < n; i++)
		(*ids)[i] = d[i].id;
	return n;
}

static const char *const affected_sql =
	"SELECT b.id, b.ref, b.start_utc, (SELECT GROUP_CONCAT(CONCAT(bp.last_name, ' ', bp.first_names) SEPARATOR ', ')"
	" FROM booking_persons bp WHERE bp.booking_id = b.id), b.contact_phone IS NOT NULL OR b.contact_email IS NOT NULL,"
	" d.name FROM bookings b JOIN devices d ON d.id = b.device_id WHERE b.device_id = ? AND b.status IN ('confirmed', 'held')"
	" AND b.start_utc < ? AND b.end_utc > ? ORDER BY b.start_utc";

/* Inside the closure's transaction the same rows are locked: a change of
 * one of them waits for the closure. */
static const char *const affected_lock_sql =
	"SELECT b.id, b.ref, b.start_utc, NULL, 1, NULL FROM bookings b WHERE b.device_id = ?"
	" AND b.status IN ('confirmed', 'held') AND b.start_utc < ? AND b.end_utc > ? ORDER BY b.start_utc FOR UPDATE";

/* Appends the device's affected bookings to *v (capacity *cap). */
static bool affected_of(struct arena *a, const char *sql, long long dev, const char *from, const char *until,
                        struct closure_booking **v, size_t *n, size_t *cap)
{
	struct db_res q;
	if (db_exec(a, &q, sql, "iss", dev, until, from) < 0)
		return false;
	for (size_t i = 0; i < q.nrows; i++) {
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 16;
			struct closure_booking *nv = arena_alloc(a, nc * sizeof(*nv));
			if (*n)
				memcpy(nv, *v, *n * sizeof(*nv));
			*v = nv;
			*cap = nc;
		}
		struct closure_booking *b = &(*v)[(*n)++];
		b->id = db_int(&q, i, 0);
		b->ref = db_val(&q, i, 1);
		dt_parse_sql(db_val(&q, i, 2), &b->start);
		b->persons = db_val(&q, i, 3);
		b->has_contact = db_int(&q, i, 4) != 0;
		b->device = db_val(&q, i, 5);
	}
	return true;
}

static int by_start(const void *x, const void *y)
{
	const struct closure_booking *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

long closure_affected(struct arena *a, const struct closure_spec *c, struct closure_booking **out)
{
	long long *ids;
	long nd = covered(a, c, &ids);
	*out = NULL;
	if (nd < 0)
		return -1;
	char from[20], until[20];
	dt_format_sql(c->start, from);
	dt_format_sql(c->end, until);
	size_t n = 0, cap = 0;
	for (long i = 0; i < nd; i++)
		if (!affected_of(a, affected_sql, ids[i], from, until, out, &n, &cap))
			return -1;
	if (n > 1)
		qsort(*out, n, sizeof(**out), by_start);
	return (long)n;
}

struct tell_ctx {
	long long by;
	const char *reason, *base_url;
};

/* Inside each cancellation: the audit line, and the person's message
 * with the reason and a link that offers the next free times in one
 * step. */
static bool tell_and_offer(void *p, struct arena *a, long long id)
{
	struct tell_ctx *t = p;
	struct booking_view v;
	if (!booking_load(a, id, NULL, &v) || !audit(a, t->by, v.commune_id, "cancel_closure", "booking", v.ref, NULL))
		return false;
	if (!v.phone && !v.email)
		return true;
	char tok[65];
	booking_token(&v, "rebook", tok);
	const char *link = arena_printf(a, "%s/rdv/%s/reprendre?t=%s", t->base_url, v.ref, tok);
	return outbox_cancelled_commune(a, &v, link, t->reason, t->base_url);
}

/* Leaves no free place in the device's slots over the period (what is
 * booked stays booked). */
static bool cap_slots(struct arena *a, long long dev, const char *from, const char *until)
{
	freegen_touch(dev);
	return db_exec(a, NULL, "UPDATE slots SET cap_regular = booked_regular, cap_urgent = booked_urgent,"
		       " cap_extreme = booked_extreme, cap_minors = booked_minors WHERE device_id = ? AND start_utc < ? AND end_utc > ?",
		       "iss", dev, until, from) >= 0;
}

static enum closure_status apply_once(struct arena *a, long long by, const struct closure_spec *c, bool may_cancel,
                                      const char *base_url, int *cancelled)
{
	*cancelled = 0;
	if (!db_begin())
		return CLOSURE_ERROR;
	long long *ids;
	long nd = covered(a, c, &ids);
	long long commune = closure_commune(a, c);
	enum closure_status st = CLOSURE_ERROR;
	if (nd < 0 || commune < 0)
		goto fail;
	if (nd == 0 || commune == 0) {
		st = CLOSURE_NO_DEVICE;
		goto fail;
	}
	char from[20], until[20];
	dt_format_sql(c->start, from);
	dt_format_sql(c->end, until);
	/* 1. The places first: the slot rows stay locked to the commit, so
	 * no booking lands in the period meanwhile. */
	for (long i = 0; i < nd; i++)
		if (!cap_slots(a, ids[i], from, until))
			goto fail;
	/* 2. The appointments it covers. */
	struct closure_booking *b = NULL;
	size_t n = 0, cap = 0;
	for (long i = 0; i < nd; i++)
		if (!affected_of(a, affected_lock_sql, ids[i], from, until, &b, &n, &cap))
			goto fail;
	if (n > 0 && !may_cancel) {
		*cancelled = (int)n;
		st = CLOSURE_NEEDS_ADMIN;
		goto fail;
	}
	struct tell_ctx t = { by, c->reason, base_url };
	for (size_t i = 0; i < n; i++) {
		enum book_status bs = booking_cancel_in_tx(a, b[i].id, "commune", tell_and_offer, &t);
		if (bs == BOOK_OK)
			(*cancelled)++;
		else if (bs != BOOK_STATE)
			goto fail;
	}
	/* 3. The record, and the places the cancellations gave back taken
	 * away again. */
	for (long i = 0; i < nd; i++)
		if (db_exec(a, NULL, "INSERT INTO closures (device_id, kind, start_utc, end_utc, reason, created_by, created_utc)"
			    " VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())", "issssi", ids[i], c->kind, from, until,
			    c->reason, by) < 0 ||
		    !cap_slots(a, ids[i], from, until) ||
		    !audit(a, by, commune, "closure", "device", arena_printf(a, "%lld", ids[i]),
			   arena_printf(a, "%s %s..%s, %d cancelled%s", c->kind, from, until, *cancelled,
					c->target == CLOSE_SITE ? " (site)" : c->target == CLOSE_COMMUNE ? " (commune)" : "")))
			goto fail;
	if (db_commit())
		return CLOSURE_OK;
	return CLOSURE_ERROR;
fail:
	db_rollback();
	return st;
}

enum closure_status closure_apply(struct arena *a, long long by, const struct closure_spec *c, bool may_cancel,
                                  const char *base_url, int *cancelled)
{
	enum closure_status st = CLOSURE_ERROR;
	for (int attempt = 0; attempt < 3; attempt++) {
		st = apply_once(a, by, c, may_cancel, base_url, cancelled);
		if (st != CLOSURE_ERROR || !db_retryable())
			break;
	}
	if (st == CLOSURE_OK)
		log_info("closure (%s) of %lld: %d appointments cancelled", c->kind, c->id, *cancelled);
	return st;
}

bool closure_ask_admin(struct arena *a, long long by, const char *by_name, const struct closure_spec *c,
                       int affected, const char *lang)
{
	long long commune = closure_commune(a, c);
	struct db_res q;
	if (commune <= 0 ||
	    db_exec(a, &q, "SELECT id, email FROM staff WHERE commune_id = ? AND role = 'commune_admin' AND active = 1",
		    "i", commune) < 0)
		return false;
	if (q.nrows == 0)
		return false;
	char a1[64], h1[32], a2[64], h2[32], nonce[17];
	i18n_date(c->start, a1, sizeof(a1));
	i18n_time(c->start, h1, sizeof(h1));
	i18n_date(c->end, a2, sizeof(a2));
	i18n_time(c->end, h2, sizeof(h2));
	crypto_random_hex(nonce, 8);
	const char *body = arena_printf(a, _("Bonjour,\n\n%s demande l'application d'une indisponibilité (%s) du %s %s au %s %s, motif : %s.\n"
					      "Elle annulerait %d rendez-vous : seul un administrateur de la commune peut l'appliquer,"
					      " depuis la page « Fermetures » de l'espace du personnel.\n"),
					by_name, label_of(c->kind), a1, h1, a2, h2, c->reason, affected);
	if (!db_begin())
		return false;
	bool ok = audit(a, by, commune, "closure_request", "commune", arena_printf(a, "%lld", commune),
			arena_printf(a, "%s, %d appointments", c->kind, affected));
	for (size_t i = 0; ok && i < q.nrows; i++)
		ok = outbox_add(a, arena_printf(a, "closure-request:%s:%s", db_val(&q, i, 0), nonce), "closure_request",
				"email", db_val(&q, i, 1), _("Demande d'indisponibilité à appliquer"), body, 0, commune,
				lang, 7 * 86400);
	if (ok && db_commit())
		return true;
	db_rollback();
	return false;
}

long closures_upcoming(struct arena *a, const struct scope *s, struct closure_row **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT cl.kind, cl.start_utc, cl.end_utc, cl.reason, d.name, si.name FROM closures cl"
		    " JOIN devices d ON d.id = cl.device_id JOIN sites si ON si.id = d.site_id"
		    " WHERE cl.end_utc > UTC_TIMESTAMP() AND" SCOPE_COMMUNE_SQL("si.commune_id")
		    " ORDER BY cl.start_utc LIMIT 200", SCOPE_COMMUNE_FMT, SCOPE_COMMUNE_ARGS(s)) < 0)
		return -1;
	struct closure_row *v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++) {
		v[i].kind = db_val(&q, i, 0);
		dt_parse_sql(db_val(&q, i, 1), &v[i].start);
		dt_parse_sql(db_val(&q, i, 2), &v[i].end);
		v[i].reason = db_val(&q, i, 3);
		v[i].device = db_val(&q, i, 4);
		v[i].site = db_val(&q, i, 5);
	}
	*out = v;
	return (long)q.nrows;
}
