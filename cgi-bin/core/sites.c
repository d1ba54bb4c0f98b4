/* sites.c — see sites.h. */
#include "sites.h"
#include "audit.h"
#include "db.h"

#include <string.h>

bool site_create(struct arena *a, long long by, long long commune_id, const struct site_input *in, long long *id)
{
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "INSERT INTO sites (commune_id, name, address, postcode, city, lat, lon, access_info)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "issssdds", commune_id, in->name, in->address,
		    in->postcode, in->city, in->lat, in->lon, in->access_info) < 0)
		goto fail;
	/* Read at once: the next statement's id would be another's. */
	*id = (long long)db_insert_id();
	if (db_exec(a, NULL, "UPDATE communes SET equipped = 1 WHERE id = ?", "i", commune_id) < 0 ||
	    !audit(a, by, commune_id, "site_create", "site", arena_printf(a, "%lld", *id), in->name))
		goto fail;
	return db_commit();
fail:
	db_rollback();
	return false;
}

long long site_commune(struct arena *a, long long site_id)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT commune_id FROM sites WHERE id = ?", "i", site_id) < 0)
		return -1;
	return q.nrows == 1 ? db_int(&q, 0, 0) : 0;
}

long sites_of_commune(struct arena *a, long long commune_id, struct site_row **out)
{
	struct db_res s, dv;
	*out = NULL;
	if (db_exec(a, &s, "SELECT id, name, address, postcode, city, active FROM sites WHERE commune_id = ? ORDER BY name",
		    "i", commune_id) < 0 ||
	    db_exec(a, &dv, "SELECT d.site_id, d.id, d.name, d.active, COALESCE((SELECT GROUP_CONCAT(p.code ORDER BY p.sort_order"
		    " SEPARATOR ', ') FROM device_procedures dp JOIN procedures p ON p.id = dp.procedure_id"
		    " WHERE dp.device_id = d.id), '') FROM devices d JOIN sites si ON si.id = d.site_id"
		    " WHERE si.commune_id = ? ORDER BY d.site_id, d.name", "i", commune_id) < 0)
		return -1;
	struct site_row *rows = arena_alloc(a, (s.nrows + 1) * sizeof(*rows));
	for (size_t i = 0; i < s.nrows; i++) {
		struct site_row *x = &rows[i];
		x->id = db_int(&s, i, 0);
		x->name = db_val(&s, i, 1);
		x->address = db_val(&s, i, 2);
		x->postcode = db_val(&s, i, 3);
		x->city = db_val(&s, i, 4);
		x->active = db_int(&s, i, 5) != 0;
		x->devices = arena_alloc(a, (dv.nrows + 1) * sizeof(*x->devices));
		x->ndevices = 0;
		for (size_t j = 0; j < dv.nrows; j++) {
			if (db_int(&dv, j, 0) != x->id)
				continue;
			struct device_row *d = &x->devices[x->ndevices++];
			d->id = db_int(&dv, j, 1);
			d->name = db_val(&dv, j, 2);
			d->active = db_int(&dv, j, 3) != 0;
			d->procedures = db_val(&dv, j, 4);
		}
	}
	*out = rows;
	return (long)s.nrows;
}

bool device_create(struct arena *a, long long by, long long site_id, const char *name, const char *kind, long long *id)
{
	if (!db_begin())
		return false;
	struct db_res s;
	if (db_exec(a, &s, "SELECT commune_id FROM sites WHERE id = ?", "i", site_id) < 0 || s.nrows != 1 ||
	    db_exec(a, NULL, "INSERT INTO devices (site_id, name, kind) VALUES (?, ?, ?)", "iss", site_id, name, kind) < 0)
		goto fail;
	*id = (long long)db_insert_id();
	if (!audit(a, by, db_int(&s, 0, 0), "device_create", "device", arena_printf(a, "%lld", *id), name))
		goto fail;
	return db_commit();
fail:
	db_rollback();
	return false;
}

#define DEVICE_COLS "SELECT d.id, d.site_id, si.commune_id, d.name, si.name, c.name, d.active" \
	" FROM devices d JOIN sites si ON si.id = d.site_id JOIN communes c ON c.id = si.commune_id"

static struct device_info *device_rows(struct arena *a, const struct db_res *q)
{
	struct device_info *v = arena_alloc(a, (q->nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q->nrows; i++) {
		v[i].id = db_int(q, i, 0);
		v[i].site_id = db_int(q, i, 1);
		v[i].commune_id = db_int(q, i, 2);
		v[i].name = db_val(q, i, 3);
		v[i].site_name = db_val(q, i, 4);
		v[i].commune_name = db_val(q, i, 5);
		v[i].active = db_int(q, i, 6) != 0;
	}
	return v;
}

int device_get(struct arena *a, long long id, struct device_info *out)
{
	struct db_res q;
	if (db_exec(a, &q, DEVICE_COLS " WHERE d.id = ?", "i", id) < 0)
		return -1;
	if (q.nrows != 1)
		return 0;
	*out = device_rows(a, &q)[0];
	return 1;
}

static long devices_where(struct arena *a, struct db_res *q, long long n, struct device_info **out)
{
	*out = n < 0 ? NULL : device_rows(a, q);
	return n < 0 ? -1 : (long)q->nrows;
}

long devices_in_scope(struct arena *a, const struct scope *s, struct device_info **out)
{
	struct db_res q;
	long long n = db_exec(a, &q, DEVICE_COLS " WHERE d.active = 1 AND" SCOPE_COMMUNE_SQL("c.id")
			      " ORDER BY c.name, si.name, d.name", SCOPE_COMMUNE_FMT, SCOPE_COMMUNE_ARGS(s));
	return devices_where(a, &q, n, out);
}

long devices_of_site(struct arena *a, long long site_id, struct device_info **out)
{
	struct db_res q;
	long long n = db_exec(a, &q, DEVICE_COLS " WHERE d.active = 1 AND si.id = ? ORDER BY d.name", "i", site_id);
	return devices_where(a, &q, n, out);
}

long devices_of_commune(struct arena *a, long long commune_id, struct device_info **out)
{
	struct db_res q;
	long long n = db_exec(a, &q, DEVICE_COLS " WHERE d.active = 1 AND c.id = ? ORDER BY si.name, d.name",
			      "i", commune_id);
	return devices_where(a, &q, n, out);
}

long device_offers(struct arena *a, long long device_id, const char *lang, struct device_offer **out)
{
	struct db_res p;
	*out = NULL;
	if (db_exec(a, &p, "SELECT p.id, p.code, IF(? = 'en', p.name_en, p.name_fr), dp.device_id IS NOT NULL FROM procedures p"
		    " LEFT JOIN device_procedures dp ON dp.procedure_id = p.id AND dp.device_id = ? ORDER BY p.sort_order",
		    "si", lang, device_id) < 0)
		return -1;
	struct device_offer *o = arena_alloc(a, (p.nrows + 1) * sizeof(*o));
	for (size_t i = 0; i < p.nrows; i++) {
		o[i].procedure_id = db_int(&p, i, 0);
		o[i].code = db_val(&p, i, 1);
		o[i].name = db_val(&p, i, 2);
		o[i].offered = db_int(&p, i, 3) != 0;
	}
	*out = o;
	return (long)p.nrows;
}

enum device_status device_update(struct arena *a, long long by, long long device_id, const char *name,
                                 bool active, const long long *procedures, size_t nprocedures, long long *ahead)
{
	*ahead = 0;
	if (!db_begin())
		return DEVICE_ERROR;
	struct db_res c, b;
	/* The device row locked first: the count below stays true until the
	 * commit for whoever changes the device meanwhile. */
	if (db_exec(a, &c, "SELECT si.commune_id FROM devices d JOIN sites si ON si.id = d.site_id WHERE d.id = ?"
		    " FOR UPDATE", "i", device_id) < 0 || c.nrows != 1 ||
	    db_exec(a, &b, "SELECT COUNT(*) FROM bookings WHERE device_id = ? AND status IN ('confirmed', 'held')"
		    " AND start_utc > UTC_TIMESTAMP()", "i", device_id) < 0 || b.nrows != 1)
		goto fail;
	*ahead = db_int(&b, 0, 0);
	if (!active && *ahead > 0) {
		db_rollback();
		return DEVICE_HAS_BOOKINGS;
	}
	if (db_exec(a, NULL, "UPDATE devices SET name = ?, active = ? WHERE id = ?", "sii", name, (long long)active,
		    device_id) < 0 ||
	    db_exec(a, NULL, "DELETE FROM device_procedures WHERE device_id = ?", "i", device_id) < 0)
		goto fail;
	struct sbuf list;
	sbuf_init(&list);
	bool ok = true;
	for (size_t i = 0; i < nprocedures && ok; i++) {
		ok = db_exec(a, NULL, "INSERT INTO device_procedures (device_id, procedure_id) VALUES (?, ?)",
			     "ii", device_id, procedures[i]) >= 0;
		sbuf_printf(&list, "%s%lld", i ? "," : "", procedures[i]);
	}
	ok = ok && audit(a, by, db_int(&c, 0, 0), "device_update", "device", arena_printf(a, "%lld", device_id),
			 arena_printf(a, "%s active=%d procedures=%s", name, active, list.s));
	sbuf_free(&list);
	if (ok && db_commit())
		return DEVICE_OK;
fail:
	db_rollback();
	return DEVICE_ERROR;
}
