/* retention.h — personal data kept only as long as allowed, by a daily
 * job (creneau-admin purge) in bounded batches, each its own short
 * transaction, so that it never holds the booking path.
 *
 * A booking past its retention is anonymised, not deleted: its row keeps
 * what the statistics count and loses whatever names a person (persons,
 * contacts, codes, the duplicate rule's locks, the bodies of its
 * messages), so the statistics show the same figures after the purge. */
#ifndef CRENEAU_RETENTION_H
#define CRENEAU_RETENTION_H
#include <stdbool.h>
#include "util.h"

/* Durations from the settings (retention_* keys), with these defaults. */
struct retention {
	int bookings_months;     /* 24: appointments and their persons, after the appointment */
	int bodies_months;       /* 3: the text of messages sent */
	int receipts_months;     /* 6: the record of a message's delivery (and of a webhook's) */
	int audit_months;        /* 12: the audit log */
	int expired_days;        /* 1: one-time codes, rate events, sessions and links after expiry */
	int survey_texts_months; /* 24: the free texts of the survey's answers, after their month */
	int complaints_months;   /* 36: a complaint's personal data, after it was closed */
	int urgency_months;      /* 6: the people of an urgent request, after its decision */
	int helpdesk_months;     /* 24: a help-desk ticket's caller and texts, after its last change once resolved or closed */
};
void retention_settings(struct retention *r);

struct purge_counts {
	long bookings, bodies, receipts, codes, rate_events, sessions, tokens, audit, webhook_deliveries;
	long ants;        /* declarations to ANTS whose numbers were blanked */
	long waitlist;    /* waiting-list entries deleted (ended, or never confirmed) */
	long noshow_marks; /* absences older than a year, no longer shown to agents */
	long survey_texts;  /* free texts of survey answers blanked (the scores stay) */
	long complaints;  /* complaints wiped (closed past retention) or deleted (never confirmed) */
	long complaint_texts;  /* texts of their history wiped */
	long urgency;     /* urgent requests blanked (decided) or deleted (never confirmed) */
	long tickets;     /* help-desk tickets whose caller and texts were blanked (their history with them) */
	long status;      /* service status events and updates past the 90 days of history */
	long status_subscribers; /* status notice subscriptions never confirmed */
};
/* Applies the durations, `batch` rows per transaction. Running it again
 * changes nothing. False on a database error (what was done stays done). */
bool retention_run(struct arena *a, const struct retention *r, int batch, struct purge_counts *out);

/* Anonymises one booking in the caller's transaction (rights.h). */
bool retention_anonymise(struct arena *a, long long booking_id);

#endif
