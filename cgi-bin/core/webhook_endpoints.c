/* webhook_endpoints.c — the staff side of webhook.h: a commune's
 * endpoints and their delivery log. Each change is one transaction with
 * its audit line; the secret is stored sealed and shown once. */
#include "webhook.h"
#include "audit.h"
#include "crypto.h"
#include "db.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SEAL_DOMAIN "webhook-seal"

long webhook_list(struct arena *a, long long commune_id, struct webhook **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT w.id, w.commune_id, w.url, w.description, w.events, w.created_utc, c.name,"
		    " w.disabled_reason, w.active,"
		    " (SELECT d.status FROM webhook_deliveries d WHERE d.webhook_id = w.id ORDER BY d.id DESC LIMIT 1),"
		    " (SELECT d.created_utc FROM webhook_deliveries d WHERE d.webhook_id = w.id ORDER BY d.id DESC LIMIT 1),"
		    " (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status IN ('pending', 'sending')),"
		    " (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'failed')"
		    " FROM webhooks w JOIN communes c ON c.id = w.commune_id"
		    " WHERE (? = 0 OR w.commune_id = ?) ORDER BY w.id", "ii", commune_id, commune_id) < 0)
		return -1;
	struct webhook *w = arena_alloc(a, (q.nrows + 1) * sizeof(*w));
	for (size_t i = 0; i < q.nrows; i++) {
		w[i].id = db_int(&q, i, 0);
		w[i].commune_id = db_int(&q, i, 1);
		w[i].url = db_val(&q, i, 2);
		w[i].description = db_val(&q, i, 3);
		w[i].events = db_val(&q, i, 4);
		w[i].created_utc = db_val(&q, i, 5);
		w[i].commune = db_val(&q, i, 6);
		w[i].disabled_reason = db_val(&q, i, 7);
		w[i].active = db_int(&q, i, 8) == 1;
		w[i].last_status = db_val(&q, i, 9) ? db_val(&q, i, 9) : "";
		w[i].last_at = db_val(&q, i, 10) ? db_val(&q, i, 10) : "";
		w[i].pending = (long)db_int(&q, i, 11);
		w[i].failed = (long)db_int(&q, i, 12);
	}
	*out = w;
	return (long)q.nrows;
}

int webhook_get(struct arena *a, long long id, struct webhook *out)
{
	struct db_res q;
	memset(out, 0, sizeof(*out));
	if (db_exec(a, &q, "SELECT w.id, w.commune_id, w.url, w.description, w.events, w.created_utc, c.name,"
		    " w.disabled_reason, w.active FROM webhooks w JOIN communes c ON c.id = w.commune_id WHERE w.id = ?",
		    "i", id) < 0)
		return -1;
	if (q.nrows != 1)
		return 0;
	out->id = db_int(&q, 0, 0);
	out->commune_id = db_int(&q, 0, 1);
	out->url = db_val(&q, 0, 2);
	out->description = db_val(&q, 0, 3);
	out->events = db_val(&q, 0, 4);
	out->created_utc = db_val(&q, 0, 5);
	out->commune = db_val(&q, 0, 6);
	out->disabled_reason = db_val(&q, 0, 7);
	out->active = db_int(&q, 0, 8) == 1;
	out->last_status = out->last_at = "";
	return 1;
}

/* A new secret: its hex into secret, sealed into sealed. */
static void new_secret(char *secret, char *sealed)
{
	crypto_random_hex(secret, WEBHOOK_SECRET_HEX / 2);
	crypto_seal(SEAL_DOMAIN, (const unsigned char *)secret, WEBHOOK_SECRET_HEX, sealed);
}

#define SEALED_HEX_MAX (2 * (24 + 16 + WEBHOOK_SECRET_HEX) + 1)

bool webhook_create(struct arena *a, long long staff_id, long long commune_id, const char *url,
                    const char *description, const char *events, char *secret, long long *id)
{
	char sealed[SEALED_HEX_MAX];
	new_secret(secret, sealed);
	*id = 0;
	if (!db_begin())
		goto fail;
	if (db_exec(a, NULL, "INSERT INTO webhooks (commune_id, url, secret_sealed, events, description, created_utc,"
		    " created_by) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?)", "issssi", commune_id, url, sealed,
		    events, description ? description : "", staff_id) < 0)
		goto rollback;
	*id = (long long)db_insert_id();
	if (!audit(a, staff_id, commune_id, "webhook_create", "webhook", arena_printf(a, "%lld", *id),
		   arena_printf(a, "%s (%s)", url, events)) || !db_commit())
		goto rollback;
	sodium_memzero(sealed, sizeof(sealed));
	return true;
rollback:
	db_rollback();
fail:
	sodium_memzero(secret, WEBHOOK_SECRET_HEX + 1);
	sodium_memzero(sealed, sizeof(sealed));
	return false;
}

bool webhook_set_active(struct arena *a, long long staff_id, const struct webhook *w, bool active)
{
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "UPDATE webhooks SET active = ?, disabled_reason = '' WHERE id = ?", "ii",
		    (long long)active, w->id) >= 0 &&
	    audit(a, staff_id, w->commune_id, active ? "webhook_enable" : "webhook_disable", "webhook",
		  arena_printf(a, "%lld", w->id), w->url) && db_commit())
		return true;
	db_rollback();
	return false;
}

bool webhook_rotate(struct arena *a, long long staff_id, const struct webhook *w, char *secret)
{
	char sealed[SEALED_HEX_MAX];
	new_secret(secret, sealed);
	bool ok = db_begin() &&
		  db_exec(a, NULL, "UPDATE webhooks SET secret_sealed = ? WHERE id = ?", "si", sealed, w->id) >= 0 &&
		  audit(a, staff_id, w->commune_id, "webhook_rotate", "webhook", arena_printf(a, "%lld", w->id), w->url) &&
		  db_commit();
	if (!ok) {
		db_rollback();
		sodium_memzero(secret, WEBHOOK_SECRET_HEX + 1);
	}
	sodium_memzero(sealed, sizeof(sealed));
	return ok;
}

bool webhook_delete(struct arena *a, long long staff_id, const struct webhook *w)
{
	if (!db_begin())
		return false;
	/* Its deliveries go with it (ON DELETE CASCADE). */
	if (db_exec(a, NULL, "DELETE FROM webhooks WHERE id = ?", "i", w->id) >= 0 &&
	    audit(a, staff_id, w->commune_id, "webhook_delete", "webhook", arena_printf(a, "%lld", w->id), w->url) &&
	    db_commit())
		return true;
	db_rollback();
	return false;
}

long webhook_log(struct arena *a, long long webhook_id, int max, struct webhook_delivery **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT d.id, d.booking_id, d.created_utc, d.event,"
		    " JSON_UNQUOTE(JSON_EXTRACT(d.payload, '$.data.reference')), d.status, d.answer, d.done_utc,"
		    " d.attempts, d.http_status FROM webhook_deliveries d WHERE d.webhook_id = ?"
		    " ORDER BY d.id DESC LIMIT ?", "ii", webhook_id, (long long)max) < 0)
		return -1;
	struct webhook_delivery *d = arena_alloc(a, (q.nrows + 1) * sizeof(*d));
	for (size_t i = 0; i < q.nrows; i++) {
		d[i].id = db_int(&q, i, 0);
		d[i].booking_id = db_int(&q, i, 1);
		d[i].created_utc = db_val(&q, i, 2);
		d[i].event = db_val(&q, i, 3);
		d[i].ref = db_val(&q, i, 4) ? db_val(&q, i, 4) : "";
		d[i].status = db_val(&q, i, 5);
		d[i].answer = db_val(&q, i, 6);
		d[i].done_utc = db_val(&q, i, 7);
		d[i].attempts = (int)db_int(&q, i, 8);
		d[i].http_status = (long)db_int(&q, i, 9);
	}
	*out = d;
	return (long)q.nrows;
}

int webhook_redeliver(struct arena *a, long long staff_id, const struct webhook *w, long long delivery_id)
{
	if (!db_begin())
		return -1;
	long long n = db_exec(a, NULL, "UPDATE webhook_deliveries SET status = 'pending', attempts = 0,"
			      " next_try_utc = UTC_TIMESTAMP(), claimed_by = '' WHERE id = ? AND webhook_id = ?"
			      " AND status = 'failed'", "ii", delivery_id, w->id);
	if (n < 0)
		goto fail;
	if (n == 0) {
		db_rollback();
		return 0;
	}
	if (!audit(a, staff_id, w->commune_id, "webhook_redeliver", "webhook_delivery",
		   arena_printf(a, "%lld", delivery_id), w->url) || !db_commit())
		goto fail;
	return 1;
fail:
	db_rollback();
	return -1;
}
