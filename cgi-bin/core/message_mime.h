/* message_mime.h — an email as it goes over SMTP (RFC 5322 + MIME): UTF-8
 * everywhere, RFC 2047 encoded words in headers when needed, the text and
 * HTML bodies in quoted-printable as multipart/alternative, and an optional
 * iCalendar attachment in base64 (the whole in multipart/mixed). CRLF line
 * ends; no line longer than 78 octets. Pure functions. */
#ifndef CRENEAU_MESSAGE_MIME_H
#define CRENEAU_MESSAGE_MIME_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "util.h"

struct mime_mail {
	const char *from;        /* "Display name <addr@host>" or "addr@host" */
	const char *to;          /* addr@host */
	const char *reply_to;    /* addr@host or NULL */
	const char *subject;     /* UTF-8, one line */
	const char *text;        /* text/plain body ('\n' or CRLF line ends) */
	const char *html;        /* text/html body, or NULL: text only */
	const char *ics;         /* text/calendar attachment, or NULL */
	const char *ics_name;    /* its file name ("rendez-vous.ics") */
	const char *message_id;  /* "<local@host>" */
	time_t date;
	const char *lang;        /* Content-Language, optional */
};

/* Appends the whole message to out. Returns false (out unchanged) when an
 * address or the Message-ID is malformed or holds CR/LF (no header
 * injection through a stored address). */
bool mime_build(const struct mime_mail *m, struct sbuf *out);

/* Splits "Name <addr>" / "addr". Returns false unless addr looks like
 * local@domain with printable ASCII and no space, <, >, CR or LF. */
bool mime_parse_from(const char *from, char *name, size_t namesz, char *addr, size_t addrsz);
bool mime_addr_ok(const char *addr);

/* Quoted-printable (RFC 2045 6.7): line breaks become CRLF, lines end
 * with a soft break before 76 characters, trailing blanks are encoded. */
void mime_qp(struct sbuf *out, const char *s);

/* Base64 in lines of 76 characters, each ended by CRLF. */
void mime_base64(struct sbuf *out, const unsigned char *s, size_t n);

/* "Name: value" + CRLF; value as RFC 2047 "B" encoded words (UTF-8) when
 * it holds anything but printable ASCII, else as is; folded. */
void mime_header(struct sbuf *out, const char *name, const char *value);

/* RFC 5322 date: "Sat, 21 Nov 2026 08:30:00 +0000". buf >= 40. */
void mime_date(time_t t, char *buf, size_t n);

#endif
