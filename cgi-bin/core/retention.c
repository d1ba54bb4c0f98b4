/* retention.c — see retention.h. */
#include "retention.h"
#include "noshow.h"
#include "status.h"
#include "config.h"
#include "db.h"
#include "log.h"

#include <string.h>

static int setting(const char *key, int dflt, int min)
{
	long v = config_int(key, dflt);
	return v < min ? min : (int)v;
}

void retention_settings(struct retention *r)
{
	r->bookings_months = setting("retention_bookings_months", 24, 1);
	r->bodies_months = setting("retention_message_bodies_months", 3, 1);
	r->receipts_months = setting("retention_receipts_months", 6, 1);
	r->audit_months = setting("retention_audit_months", 12, 1);
	r->expired_days = setting("retention_expired_days", 1, 1);
	r->survey_texts_months = setting("retention_survey_texts_months", 24, 1);
	r->complaints_months = setting("retention_complaints_months", 36, 1);
	r->urgency_months = setting("retention_urgency_months", 6, 1);
	r->helpdesk_months = setting("retention_helpdesk_months", 24, 1);
}

/* Past retention, not yet anonymised. */
#define OLD_BOOKING " b.anonymised_utc IS NULL AND b.end_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH"

/* What anonymising the bookings WHERE selects takes away, booking last
 * (the others find the bookings through it). A new random secret makes
 * the old signed links worthless. */
#define WIPE(WHERE) { \
	"DELETE x FROM booking_persons x JOIN bookings b ON b.id = x.booking_id WHERE" WHERE, \
	"DELETE x FROM person_locks x JOIN bookings b ON b.id = x.booking_id WHERE" WHERE, \
	"DELETE x FROM otp_codes x JOIN bookings b ON b.id = x.booking_id WHERE" WHERE, \
	"DELETE x FROM noshow_marks x JOIN bookings b ON b.id = x.booking_id WHERE" WHERE, \
	"UPDATE booking_urgency x JOIN bookings b ON b.id = x.booking_id SET x.detail = NULL WHERE" WHERE, \
	"UPDATE outbox x JOIN bookings b ON b.id = x.booking_id SET x.recipient = '', x.subject = NULL, x.body = ''," \
	" x.provider_answer = '' WHERE" WHERE, \
	"UPDATE bookings b SET b.contact_phone = NULL, b.contact_email = NULL, b.secret = MD5(RANDOM_BYTES(16))," \
	" b.anonymised_utc = UTC_TIMESTAMP() WHERE" WHERE, \
}
static const char *const wipe_old[] = WIPE(OLD_BOOKING " AND b.id <= ?");
static const char *const wipe_one[] = WIPE(" b.id = ? AND b.anonymised_utc IS NULL");

bool retention_anonymise(struct arena *a, long long booking_id)
{
	for (size_t i = 0; i < ARRAY_LEN(wipe_one); i++)
		if (db_exec(a, NULL, wipe_one[i], "i", booking_id) < 0)
			return false;
	return true;
}

/* One batch of bookings, in one transaction: the `batch` oldest ids that
 * qualify, then every statement on "qualifies and id <= the last of
 * them", which is exactly that set. The number anonymised, -1 on error. */
static long bookings_batch(struct arena *a, int months, int batch)
{
	struct db_res q;
	if (!db_begin())
		return -1;
	if (db_exec(a, &q, "SELECT COUNT(*), COALESCE(MAX(t.id), 0) FROM (SELECT b.id FROM bookings b WHERE" OLD_BOOKING
		    " ORDER BY b.id LIMIT ?) t", "ii", (long long)months, (long long)batch) < 0) {
		db_rollback();
		return -1;
	}
	long long n = db_int(&q, 0, 0), last = db_int(&q, 0, 1);
	if (n == 0) {
		db_rollback();
		return 0;
	}
	bool ok = true;
	for (size_t i = 0; ok && i < ARRAY_LEN(wipe_old); i++)
		ok = db_exec(a, NULL, wipe_old[i], "ii", (long long)months, last) >= 0;
	if (ok && db_commit())
		return (long)n;
	db_rollback();
	return -1;
}

/* Repeats a single-table statement ending in "LIMIT ?" (its first
 * parameter the age) until a batch is short. The rows touched, -1. */
static long in_batches(struct arena *a, const char *sql, long long age, int batch)
{
	long total = 0;
	for (;;) {
		long long n = db_exec(a, NULL, sql, "ii", age, (long long)batch);
		if (n < 0)
			return -1;
		total += (long)n;
		if (n < batch)
			return total;
	}
}

bool retention_run(struct arena *a, const struct retention *r, int batch, struct purge_counts *out)
{
	memset(out, 0, sizeof(*out));
	if (batch < 1)
		batch = 500;
	for (;;) {
		long n = bookings_batch(a, r->bookings_months, batch);
		if (n < 0)
			return false;
		out->bookings += n;
		if (n < batch)
			break;
	}
	/* Each one statement per batch, autocommitted: short locks on old
	 * rows only. */
	struct { long *count; const char *sql; long long age; } steps[] = {
		{ &out->bodies, "UPDATE outbox SET body = '', subject = NULL WHERE status <> 'pending' AND body <> ''"
				" AND created_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?", r->bodies_months },
		{ &out->receipts, "DELETE FROM outbox WHERE status <> 'pending'"
				  " AND created_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?", r->receipts_months },
		{ &out->codes, "DELETE FROM otp_codes WHERE expires_utc < UTC_TIMESTAMP() - INTERVAL ? DAY"
			       " ORDER BY id LIMIT ?", r->expired_days },
		{ &out->rate_events, "DELETE FROM rate_events WHERE at_utc < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT ?",
		  r->expired_days },
		{ &out->sessions, "DELETE FROM staff_sessions WHERE created_utc < UTC_TIMESTAMP() - INTERVAL 12 HOUR"
				  " - INTERVAL ? DAY LIMIT ?", r->expired_days },
		{ &out->tokens, "DELETE FROM staff_tokens WHERE expires_utc < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT ?",
		  r->expired_days },
		/* A settled declaration keeps its counts for the statistics, not
		 * the number nor the signed link (as long as a message's trace). */
		{ &out->ants, "UPDATE ants_queue SET application_id = '', management_url = ''"
			      " WHERE status IN ('done', 'failed') AND application_id <> ''"
			      " AND created_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?", r->receipts_months },
		{ &out->webhook_deliveries, "DELETE FROM webhook_deliveries WHERE status IN ('done', 'failed')"
					    " AND created_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?",
		  r->receipts_months },
		/* The waiting list: an ended entry (its people, sites, offers
		 * with it) as long as a message's trace; one never confirmed
		 * as an expired code. Its events (no one named) stay. */
		{ &out->waitlist, "DELETE FROM waitlist WHERE status IN ('booked', 'left', 'expired')"
				  " AND ended_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?", r->receipts_months },
		{ &out->waitlist, "DELETE FROM waitlist WHERE status = 'pending_code'"
				  " AND created_utc < UTC_TIMESTAMP() - INTERVAL ? DAY ORDER BY id LIMIT ?", r->expired_days },
		/* An absence counts on the next bookings for a year (noshow.h). */
		{ &out->noshow_marks, "DELETE FROM noshow_marks WHERE at_utc < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT ?",
		  NOSHOW_HISTORY_DAYS },
		/* A survey answer's free text (the only part a person may have
		 * written their name in); its scores name nobody and stay. */
		{ &out->survey_texts, "UPDATE survey_answers SET free_text = NULL WHERE free_text IS NOT NULL"
				      " AND month < UTC_TIMESTAMP() - INTERVAL ? MONTH LIMIT ?", r->survey_texts_months },
		/* A complaint: the person's data (name, contacts, address, text)
		 * and the texts of its history, past its retention after it was
		 * closed; the row stays for the statistics. One never confirmed
		 * goes as an expired code. */
		{ &out->complaints, "UPDATE complaints SET name = NULL, contact_email = NULL, contact_phone = NULL,"
				    " postal_address = NULL, body = NULL, booking_ref = NULL, purged_utc = UTC_TIMESTAMP()"
				    " WHERE status = 'close' AND purged_utc IS NULL"
				    " AND closed_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?", r->complaints_months },
		{ &out->complaint_texts, "UPDATE complaint_events SET text = NULL WHERE ? >= 0 AND text IS NOT NULL"
					 " AND complaint_id IN (SELECT id FROM complaints WHERE purged_utc IS NOT NULL)"
					 " ORDER BY id LIMIT ?", 0 },
		{ &out->complaints, "DELETE FROM complaints WHERE status = 'pending_code'"
				    " AND created_utc < UTC_TIMESTAMP() - INTERVAL ? DAY ORDER BY id LIMIT ?", r->expired_days },
		/* Urgent requests: a decided one keeps its row for the
		 * statistics (status, dates, commune, procedure, reason) and
		 * loses whoever it names; one never confirmed goes as an
		 * expired code. */
		{ &out->urgency, "UPDATE urgency_requests SET last_name = NULL, first_names = NULL, birth_date = NULL,"
				 " contact_phone = NULL, contact_email = NULL, explanation = NULL, refusal = NULL, due_date = NULL,"
				 " code_hash = NULL, purged = 1 WHERE status IN ('granted', 'refused') AND purged = 0"
				 " AND decided_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?", r->urgency_months },
		{ &out->urgency, "DELETE FROM urgency_requests WHERE status = 'pending_code'"
				 " AND created_utc < UTC_TIMESTAMP() - INTERVAL ? DAY ORDER BY id LIMIT ?", r->expired_days },
		/* A help-desk ticket settled long ago keeps what the statistics
		 * count (channel, caller type, topic, outcome, delays), not who
		 * called nor what was said: its history's texts first (they are
		 * found through the ticket), then the ticket. */
		{ &out->tickets, "UPDATE hd_events SET body = NULL WHERE body IS NOT NULL AND ticket_id IN"
				 " (SELECT t.id FROM hd_tickets t WHERE t.state IN ('resolved', 'closed')"
				 " AND t.updated_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH) ORDER BY id LIMIT ?", r->helpdesk_months },
		{ &out->tickets, "UPDATE hd_tickets SET caller_name = NULL, caller_email = NULL, booking_ref = NULL, subject = '—',"
				 " body = '' WHERE body <> '' AND state IN ('resolved', 'closed')"
				 " AND updated_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?", r->helpdesk_months },
		/* The service status's public history lasts 90 days (status.h);
		 * an unconfirmed subscription, as an expired code. */
		{ &out->status, "DELETE FROM status_events WHERE updated_utc < UTC_TIMESTAMP() - INTERVAL ? DAY"
				" AND (resolved_utc IS NOT NULL OR cancelled_utc IS NOT NULL OR ends_utc < UTC_TIMESTAMP())"
				" ORDER BY id LIMIT ?", STATUS_HISTORY_DAYS },
		{ &out->status, "DELETE FROM status_updates WHERE created_utc < UTC_TIMESTAMP() - INTERVAL ? DAY"
				" AND event_id NOT IN (SELECT id FROM status_events) ORDER BY id LIMIT ?", STATUS_HISTORY_DAYS },
		{ &out->status_subscribers, "DELETE FROM status_subscribers WHERE confirmed_utc IS NULL"
					    " AND created_utc < UTC_TIMESTAMP() - INTERVAL ? DAY ORDER BY id LIMIT ?", r->expired_days },
		{ &out->audit, "DELETE FROM audit_log WHERE at_utc < UTC_TIMESTAMP() - INTERVAL ? MONTH ORDER BY id LIMIT ?",
		  r->audit_months },
	};
	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		long n = in_batches(a, steps[i].sql, steps[i].age, batch);
		if (n < 0)
			return false;
		*steps[i].count += n;
	}
	log_info("purge: %ld bookings anonymised, %ld message bodies, %ld receipts, %ld codes, %ld rate events,"
		 " %ld sessions, %ld links, %ld audit lines, %ld webhook deliveries, %ld ANTS declarations,"
		 " %ld waiting-list entries, %ld absence marks, %ld survey texts, %ld complaints, %ld urgent requests,"
		 " %ld help-desk texts, %ld status events and updates, %ld unconfirmed status subscriptions", out->bookings,
		 out->bodies, out->receipts, out->codes, out->rate_events, out->sessions, out->tokens, out->audit,
		 out->webhook_deliveries, out->ants, out->waitlist, out->noshow_marks, out->survey_texts, out->complaints,
		 out->urgency, out->tickets, out->status, out->status_subscribers);
	return true;
}
