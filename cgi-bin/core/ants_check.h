/* ants_check.h — the pre-application numbers of a booking checked with
 * ANTS before the places are taken (public form, staff and partner
 * forms), as the coordination API asks of every editor: a number already
 * used for a filed application, expired, unknown, or holding an
 * appointment with another editor is refused with a French message on its
 * field. When ANTS does not answer in time, the site's commune decides
 * (communes.ants_on_error): refuse for now, or take the booking and check
 * the number again before it is declared (person.ants_recheck, which the
 * booking records). Off, and free, when the coordination is not set up. */
#ifndef CRENEAU_ANTS_CHECK_H
#define CRENEAU_ANTS_CHECK_H
#include "booking.h"
#include "form.h"

enum ants_check {
	ANTS_CHECK_OK,        /* go on (ps[].ants_recheck set where needed) */
	ANTS_CHECK_REFUSED,   /* a number is refused: its field has the message */
	ANTS_CHECK_DOWN,      /* ANTS did not answer and the commune refuses */
};

/* What the form says when the commune refuses for want of an answer. */
const char *ants_down_message(void);

/* ps[0..n): the people of the request, with their numbers. site_id: the
 * site booked (its commune's setting). */
enum ants_check ants_check_people(struct arena *a, struct form *f, struct person *ps, int n, long long site_id);

/* The refusal of one status, in French: what the person can do. NULL for
 * a number that may be booked. Pure (for the unit tests). */
struct ants_app;
const char *ants_check_message(struct arena *a, const struct ants_app *st, const char *our_base_url);

#endif
