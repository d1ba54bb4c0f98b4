/* commune.c — see commune.h. */
#include "commune.h"
#include "audit.h"
#include "db.h"
#include "slotgen.h"

static void row_of(const struct db_res *q, size_t i, struct commune_row *c)
{
	c->id = db_int(q, i, 0);
	c->name = db_val(q, i, 1);
	c->insee = db_val(q, i, 2);
	c->equipped = db_int(q, i, 3) != 0;
}

long communes_all(struct arena *a, bool equipped_only, struct commune_row **out)
{
	struct db_res q;
	*out = NULL;
	if (db_exec(a, &q, "SELECT id, name, insee, equipped FROM communes WHERE (? = 0 OR equipped = 1) ORDER BY name",
		    "i", (long long)equipped_only) < 0)
		return -1;
	struct commune_row *v = arena_alloc(a, (q.nrows + 1) * sizeof(*v));
	for (size_t i = 0; i < q.nrows; i++)
		row_of(&q, i, &v[i]);
	*out = v;
	return (long)q.nrows;
}

int commune_get(struct arena *a, long long id, struct commune_row *out)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT id, name, insee, equipped FROM communes WHERE id = ?", "i", id) < 0)
		return -1;
	if (q.nrows != 1)
		return 0;
	row_of(&q, 0, out);
	return 1;
}

int commune_settings_get(struct arena *a, long long id, struct commune_settings *out)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT reminder_hours, horizon_days, min_notice_hours, cancel_limit_hours,"
		    " agents_need_totp, ants_on_error = 'block', waitlist_min_hours, waitlist_offer_minutes,"
		    " quiet_from_hour, quiet_to_hour, survey_delay_hours, survey_share FROM communes WHERE id = ?", "i", id) < 0)
		return -1;
	if (q.nrows != 1)
		return 0;
	out->reminder_hours = (int)db_int(&q, 0, 0);
	out->horizon_days = (int)db_int(&q, 0, 1);
	out->min_notice_hours = (int)db_int(&q, 0, 2);
	out->cancel_limit_hours = (int)db_int(&q, 0, 3);
	out->agents_need_totp = db_int(&q, 0, 4) != 0;
	out->ants_block_on_error = db_int(&q, 0, 5) != 0;
	out->waitlist_min_hours = (int)db_int(&q, 0, 6);
	out->waitlist_offer_minutes = (int)db_int(&q, 0, 7);
	out->quiet_from_hour = (int)db_int(&q, 0, 8);
	out->quiet_to_hour = (int)db_int(&q, 0, 9);
	out->survey_delay_hours = (int)db_int(&q, 0, 10);
	out->survey_share = (int)db_int(&q, 0, 11);
	return 1;
}

bool commune_settings_save(struct arena *a, long long by, long long id, const struct commune_settings *s)
{
	if (!db_begin())
		return false;
	struct db_res devs;
	bool ok = db_exec(a, NULL, "UPDATE communes SET reminder_hours = ?, horizon_days = ?, min_notice_hours = ?,"
			  " cancel_limit_hours = ?, agents_need_totp = ?, ants_on_error = IF(?, 'block', 'accept'),"
			  " waitlist_min_hours = ?, waitlist_offer_minutes = ?, quiet_from_hour = ?, quiet_to_hour = ?,"
			  " survey_delay_hours = ?, survey_share = ? WHERE id = ?",
			  "iiiiiiiiiiiii", (long long)s->reminder_hours,
			  (long long)s->horizon_days, (long long)s->min_notice_hours, (long long)s->cancel_limit_hours,
			  (long long)s->agents_need_totp, (long long)s->ants_block_on_error, (long long)s->waitlist_min_hours,
			  (long long)s->waitlist_offer_minutes, (long long)s->quiet_from_hour, (long long)s->quiet_to_hour,
			  (long long)s->survey_delay_hours, (long long)s->survey_share, id) >= 0 &&
		  audit(a, by, id, "settings_update", "commune", arena_printf(a, "%lld", id),
			arena_printf(a, "reminder=%d horizon=%d notice=%d cancel_limit=%d agents_totp=%d ants_block=%d"
				     " waitlist_delay=%d waitlist_hold=%d quiet=%d-%d survey_delay=%d survey_share=%d",
				     s->reminder_hours, s->horizon_days, s->min_notice_hours, s->cancel_limit_hours,
				     s->agents_need_totp, s->ants_block_on_error, s->waitlist_min_hours,
				     s->waitlist_offer_minutes, s->quiet_from_hour, s->quiet_to_hour, s->survey_delay_hours,
				     s->survey_share)) &&
		  db_exec(a, &devs, "SELECT d.id FROM devices d JOIN sites si ON si.id = d.site_id"
			  " WHERE si.commune_id = ? AND d.active = 1", "i", id) >= 0;
	/* A longer horizon opens more days on the commune's devices. */
	for (size_t i = 0; ok && i < devs.nrows; i++)
		ok = slotgen_in_tx(a, db_int(&devs, i, 0)) >= 0;
	if (ok && db_commit())
		return true;
	db_rollback();
	return false;
}
