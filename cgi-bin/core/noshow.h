/* noshow.h — absences beyond the step itself: whether the commune tells
 * the person by message, by a printed letter, or both; the letters to
 * print; and the marks that show agents a person's repeated absences
 * (noshow_marks, sql/024). */
#ifndef CRENEAU_NOSHOW_H
#define CRENEAU_NOSHOW_H
#include <stdbool.h>
#include "booking.h"
#include "util.h"

/* How a commune tells of an absence: bits. */
#define NOSHOW_MESSAGE 1
#define NOSHOW_LETTER 2

/* Past absences counted on a new booking: the last year's. */
#define NOSHOW_HISTORY_DAYS 365

/* The commune's NOSHOW_* bits; -1 on a database error. */
int noshow_notice(struct arena *a, long long commune_id);
/* Saves them (at least one bit), audited, in one transaction. */
bool noshow_notice_save(struct arena *a, long long by, long long commune_id, int bits);
/* "message", "letter", "both": the stored words of the bits and back
 * (0 for an unknown word). */
const char *noshow_notice_word(int bits);
int noshow_notice_parse(const char *word);

/* Inside the transaction that records the absence or undoes it: one mark
 * per person of v, or none left for the booking. */
bool noshow_mark(struct arena *a, const struct booking_view *v);
bool noshow_unmark(struct arena *a, long long booking_id);

/* For each person of v (counts[0..v->npersons)), the absences of the
 * same person at other bookings in the last NOSHOW_HISTORY_DAYS days.
 * False on a database error. */
bool noshow_history(struct arena *a, const struct booking_view *v, int *counts);

/* The ids of the bookings noted absent on a local day at the commune's
 * sites, by time (array in the arena); -1 on a database error. */
long noshow_day(struct arena *a, long long commune_id, int y, int mo, int d, long long **ids);

#endif
