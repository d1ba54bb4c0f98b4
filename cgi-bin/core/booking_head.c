/* booking_head.c — the booking form's head from one catalog. */
#include "booking_head.h"
#include "booking.h"
#include "catalog.h"
#include "datetime.h"

#include <string.h>

/* Columns of the head's row in each of the two statements. */
enum { H_VERSION, H_DEVICE, H_START, H_FREE, H_INSEE, H_SENDS, H_NCOLS };
static const size_t form_cols[H_NCOLS] = { 0, 1, 2, 3, 0, 0 };
static const size_t post_cols[H_NCOLS] = { 0, 4, 6, 7, BOOKING_RUN_COLS, BOOKING_RUN_COLS + 1 };

/* The head's row; -1 when the slot does not exist or on a failure. */
static long long read_row(struct arena *a, struct booking_head *h, struct db_res *res)
{
	if (!h->with_run)
		return db_exec(a, res, "SELECT (" CATALOG_VERSION_ROW "), s.device_id, s.start_utc,"
			       " s.cap_regular - s.booked_regular FROM slots s WHERE s.id = ?", "i", h->slot_id);
	/* An unknown procedure reads the slot alone (and is refused after). */
	struct procedure_info p;
	long long minutes = h->procedure && place_procedure_cached(h->procedure, h->lang, &p)
			    ? (long long)h->party * p.minutes : 1;
	long long n = db_exec(a, res,
			      BOOKING_RUN_SELECT ", (SELECT rc.insee FROM ref_communes rc WHERE rc.insee = ?),"
			      " (SELECT COUNT(*) FROM rate_events e WHERE e.bucket = 'code_send' AND e.key_hash = ?"
			      "  AND e.at_utc > UTC_TIMESTAMP() - INTERVAL ? SECOND)" BOOKING_RUN_FROM,
			      "ssiii", h->insee, h->rate_key, (long long)h->sends_window, minutes, h->slot_id);
	/* Row 0 is the slot; the others are the rest of the run. */
	return n >= 1 ? 1 : n;
}

/* One try: false when the statement saw a newer catalog. */
static bool head_once(struct arena *a, struct booking_head *h)
{
	struct db_res res;
	h->found = false;
	if (read_row(a, h, &res) != 1)
		return true;
	const size_t *col = h->with_run ? post_cols : form_cols;
	if (!catalog_seen_text(db_val(&res, 0, col[H_VERSION])))
		return false;
	const struct cat_device *dev = catalog_device(catalog_cached(), db_int(&res, 0, col[H_DEVICE]));
	if (!dev || !dev->active || !dev->site->active || !h->procedure ||
	    !place_procedure_cached(h->procedure, h->lang, &h->proc) || !cat_device_offers(dev, h->proc.id))
		return true;
	struct slot_info *s = &h->slot;
	memset(s, 0, sizeof(*s));
	s->slot_id = h->slot_id;
	s->site_id = dev->site->id;
	s->device_id = dev->id;
	dt_parse_sql(db_val(&res, 0, col[H_START]), &s->start);
	s->site_name = dev->site->name;
	s->address = dev->site->address;
	s->postcode = dev->site->postcode;
	s->city = dev->site->city;
	s->commune_name = dev->site->commune->name;
	s->offered = true;
	s->free_regular = (int)db_int(&res, 0, col[H_FREE]);
	if (h->with_run) {
		h->insee_found = db_val(&res, 0, col[H_INSEE]);
		h->sends = db_int(&res, 0, col[H_SENDS]);
		h->run = res;
	}
	h->found = true;
	return true;
}

bool booking_head_read(struct arena *a, struct booking_head *h)
{
	for (int i = 0; i < CATALOG_TRIES; i++)
		if (head_once(a, h))
			return !db_failed();
	return false;
}
