/* ical.c — see ical.h. */
#include "ical.h"

#include <stdio.h>
#include <string.h>

void ical_utc(time_t t, char *buf)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 17, "%Y%m%dT%H%M%SZ", &tm);
}

void ical_escape(struct sbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': sbuf_adds(out, "\\\\"); break;
		case ';': sbuf_adds(out, "\\;"); break;
		case ',': sbuf_adds(out, "\\,"); break;
		case '\r':
			if (s[1] == '\n')
				s++;
			/* fall through */
		case '\n': sbuf_adds(out, "\\n"); break;
		default:
			/* Other control characters are not allowed in TEXT. */
			if ((unsigned char)*s < 0x20 && *s != '\t')
				sbuf_addc(out, ' ');
			else
				sbuf_addc(out, *s);
		}
	}
}

/* RFC 5545 3.1: lines longer than 75 octets are split, the continuation
 * starting with a single space (which counts in its 75). A cut never falls
 * inside a UTF-8 sequence: it moves back to the character's first byte. */
void ical_line(struct sbuf *out, const char *line)
{
	size_t len = strlen(line), pos = 0, room = 75;
	while (len - pos > room) {
		size_t cut = pos + room;
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		sbuf_add(out, line + pos, cut - pos);
		sbuf_adds(out, "\r\n ");
		pos = cut;
		room = 74;
	}
	sbuf_add(out, line + pos, len - pos);
	sbuf_adds(out, "\r\n");
}

static void text_prop(struct sbuf *out, const char *name, const char *value)
{
	struct sbuf l;
	sbuf_init(&l);
	sbuf_adds(&l, name);
	sbuf_addc(&l, ':');
	ical_escape(&l, value);
	ical_line(out, l.s);
	sbuf_free(&l);
}

void ical_build(struct sbuf *out, const struct ical_event *e)
{
	char t[17], buf[160];
	ical_line(out, "BEGIN:VCALENDAR");
	ical_line(out, "VERSION:2.0");
	ical_line(out, "PRODID:-//Creneau//Rendez-vous en mairie//FR");
	ical_line(out, "CALSCALE:GREGORIAN");
	ical_line(out, "METHOD:PUBLISH");
	ical_line(out, "BEGIN:VEVENT");
	/* The UID is a TEXT-like value but is not escaped by clients: keep it
	 * to safe characters (it is built from a reference and a host name). */
	struct sbuf l;
	sbuf_init(&l);
	sbuf_adds(&l, "UID:");
	for (const char *p = e->uid ? e->uid : ""; *p; p++)
		if ((unsigned char)*p > 0x20 && *p != ';' && *p != ',' && *p != '\\' && (unsigned char)*p < 0x7F)
			sbuf_addc(&l, *p);
	ical_line(out, l.s);
	sbuf_free(&l);
	ical_utc(e->dtstamp, t);
	snprintf(buf, sizeof(buf), "DTSTAMP:%s", t);
	ical_line(out, buf);
	ical_utc(e->start, t);
	snprintf(buf, sizeof(buf), "DTSTART:%s", t);
	ical_line(out, buf);
	ical_utc(e->end > e->start ? e->end : e->start, t);
	snprintf(buf, sizeof(buf), "DTEND:%s", t);
	ical_line(out, buf);
	snprintf(buf, sizeof(buf), "SEQUENCE:%d", e->sequence > 0 ? e->sequence : 0);
	ical_line(out, buf);
	ical_line(out, "STATUS:CONFIRMED");
	ical_line(out, "TRANSP:OPAQUE");
	text_prop(out, "SUMMARY", e->summary);
	if (e->location && *e->location)
		text_prop(out, "LOCATION", e->location);
	if (e->has_geo) {
		snprintf(buf, sizeof(buf), "GEO:%.6f;%.6f", e->lat, e->lon);
		ical_line(out, buf);
	}
	if (e->description && *e->description)
		text_prop(out, "DESCRIPTION", e->description);
	if (e->url && *e->url && !strpbrk(e->url, "\r\n")) {
		/* URL is of type URI: not escaped, only folded. */
		sbuf_init(&l);
		sbuf_printf(&l, "URL:%s", e->url);
		ical_line(out, l.s);
		sbuf_free(&l);
	}
	ical_line(out, "END:VEVENT");
	ical_line(out, "END:VCALENDAR");
}
