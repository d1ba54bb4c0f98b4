/* ical.h — iCalendar (RFC 5545) for the appointment attached to the
 * confirmation email: one VEVENT, times in UTC, text values escaped, lines
 * folded at 75 octets without cutting a UTF-8 character, CRLF line ends.
 * Pure functions, no allocation outside the caller's sbuf. */
#ifndef CRENEAU_ICAL_H
#define CRENEAU_ICAL_H
#include <stdbool.h>
#include <time.h>
#include "util.h"

struct ical_event {
	const char *uid;            /* stable per booking, e.g. "AB12CD34@rdv.example.fr" */
	time_t dtstamp, start, end; /* UTC instants */
	int sequence;               /* bumped by each move, so calendars update the event */
	const char *summary, *location, *description;   /* UTF-8, may hold newlines */
	const char *url;            /* optional */
	double lat, lon;            /* GEO when not both 0 */
	bool has_geo;
};

/* Appends a whole VCALENDAR (METHOD:PUBLISH) holding the event. */
void ical_build(struct sbuf *out, const struct ical_event *e);

/* TEXT value escaping: backslash, ';', ',' and newlines ("\n", CRLF and CR
 * all become the two characters "\n"). */
void ical_escape(struct sbuf *out, const char *text);

/* Appends one content line ("NAME:value", no line end) folded to lines of
 * at most 75 octets (continuations start with one space), then CRLF. */
void ical_line(struct sbuf *out, const char *line);

/* "20261122T083000Z". buf >= 17 bytes. */
void ical_utc(time_t t, char *buf);

#endif
