/* booking_tpl.h — the values every page about one appointment shows
 * (public page, convocation, staff page): reference, date, place, people,
 * documents to bring, state. */
#ifndef CRENEAU_BOOKING_TPL_H
#define CRENEAU_BOOKING_TPL_H
#include "booking.h"
#include "request.h"
#include "tpl.h"

/* Sets REF, PROCEDURE_NAME, PARTY, DATE, TIME, SITE_NAME, ADDRESS,
 * POSTCODE, CITY, ACCESS_INFO, COMMUNE_*, SITE_LAT/LON, PERSON and
 * DOCUMENT sections, and one of IS_CONFIRMED / IS_CANCELLED / IS_HELD /
 * IS_EXPIRED. */
void booking_fill(struct request *r, tpl_dict *d, const struct booking_view *v);

#endif
