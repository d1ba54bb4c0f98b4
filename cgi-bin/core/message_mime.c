/* message_mime.c — see message_mime.h. */
#include "message_mime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of n bytes without line breaks. */
static void b64_raw(struct sbuf *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		sbuf_addc(out, b64[(v >> 18) & 63]);
		sbuf_addc(out, b64[(v >> 12) & 63]);
		sbuf_addc(out, i + 1 < n ? b64[(v >> 6) & 63] : '=');
		sbuf_addc(out, i + 2 < n ? b64[v & 63] : '=');
	}
}

void mime_base64(struct sbuf *out, const unsigned char *s, size_t n)
{
	/* 57 input bytes make one 76-character line. */
	for (size_t i = 0; i < n; i += 57) {
		b64_raw(out, s + i, n - i < 57 ? n - i : 57);
		sbuf_adds(out, "\r\n");
	}
}

void mime_qp(struct sbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;                   /* the '\n' makes the break */
		if (*p == '\n' || *p == '\r') {
			sbuf_adds(out, "\r\n");
			col = 0;
			continue;
		}
		bool eol = p[1] == '\0' || p[1] == '\n' || p[1] == '\r';
		char tok[4];
		size_t tl;
		if ((*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !eol)) {
			tok[0] = (char)*p;
			tl = 1;
		} else {
			tok[0] = '=';
			tok[1] = hex[*p >> 4];
			tok[2] = hex[*p & 15];
			tl = 3;
		}
		/* A soft break "=" takes one column: keep lines <= 76. If this is
		 * the line's last token it may use column 76 itself. */
		if (col + tl > (eol ? 76u : 75u)) {
			sbuf_adds(out, "=\r\n");
			col = 0;
		}
		sbuf_add(out, tok, tl);
		col += tl;
	}
	if (col)
		sbuf_adds(out, "\r\n");
}

static bool printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
			return false;
	return true;
}

/* Encoded words of at most 39 raw bytes (64 characters), cut on UTF-8
 * character boundaries, separated by folding white space. Callers start
 * the first word at most at column 10 ("Subject: "): 10 + 64 <= 78. */
static void encoded_words(struct sbuf *out, const char *v)
{
	size_t len = strlen(v), pos = 0;
	while (pos < len) {
		size_t n = len - pos < 39 ? len - pos : 39;
		while (n > 0 && pos + n < len && ((unsigned char)v[pos + n] & 0xC0) == 0x80)
			n--;
		if (n == 0)
			n = len - pos < 39 ? len - pos : 39;
		if (pos > 0)
			sbuf_adds(out, "\r\n ");
		sbuf_adds(out, "=?UTF-8?B?");
		b64_raw(out, (const unsigned char *)v + pos, n);
		sbuf_adds(out, "?=");
		pos += n;
	}
}

/* A header value of printable ASCII, folded at spaces before 78 columns.
 * False (out unchanged) when a word is too long to fit on a line: the
 * caller encodes the value instead, as encoded words can be cut anywhere. */
static bool folded_ascii(struct sbuf *out, const char *v, size_t col)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "");
	const char *p = v;
	while (strlen(p) + col > 78) {
		const char *cut = NULL;
		for (const char *q = p + 1; *q && (size_t)(q - p) + col <= 78; q++)
			if (*q == ' ')
				cut = q;
		if (!cut) {
			sbuf_free(&b);
			return false;
		}
		sbuf_add(&b, p, (size_t)(cut - p));
		sbuf_adds(&b, "\r\n");
		p = cut;            /* the space starts the continuation line */
		col = 0;
	}
	sbuf_adds(&b, p);
	sbuf_adds(out, b.s);
	sbuf_free(&b);
	return true;
}

void mime_header(struct sbuf *out, const char *name, const char *value)
{
	if (!value)
		value = "";
	/* Never let a value end the header early. */
	char *clean = xstrdup(value);
	for (char *p = clean; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
	sbuf_printf(out, "%s: ", name);
	size_t col = strlen(name) + 2;
	if (!printable_ascii(clean) || strstr(clean, "=?") || !folded_ascii(out, clean, col))
		encoded_words(out, clean);
	sbuf_adds(out, "\r\n");
	free(clean);
}

bool mime_addr_ok(const char *addr)
{
	if (!addr || !*addr || strlen(addr) > 254)
		return false;
	const char *at = strrchr(addr, '@');
	if (!at || at == addr || !at[1] || !strchr(at, '.'))
		return false;
	for (const char *p = addr; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F || strchr("<>()[]\\,;:\"", *p))
			return false;
	return true;
}

bool mime_parse_from(const char *from, char *name, size_t namesz, char *addr, size_t addrsz)
{
	name[0] = addr[0] = '\0';
	if (!from || strpbrk(from, "\r\n"))
		return false;
	const char *lt = strrchr(from, '<');
	if (lt) {
		const char *gt = strchr(lt, '>');
		if (!gt || gt[1] != '\0')
			return false;
		snprintf(addr, addrsz, "%.*s", (int)(gt - lt - 1), lt + 1);
		const char *s = from, *e = lt;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		if (e - s >= 2 && *s == '"' && e[-1] == '"') {
			s++;
			e--;
		}
		snprintf(name, namesz, "%.*s", (int)(e - s), s);
	} else {
		while (*from == ' ')
			from++;
		snprintf(addr, addrsz, "%s", from);
		size_t n = strlen(addr);
		while (n && addr[n - 1] == ' ')
			addr[--n] = '\0';
	}
	return mime_addr_ok(addr);
}

void mime_date(time_t t, char *buf, size_t n)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(buf, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday], tm.tm_mday,
		 mo[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void text_part(struct sbuf *out, const char *type, const char *body)
{
	sbuf_printf(out, "Content-Type: %s; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", type);
	mime_qp(out, body);
}

static void alternative(struct sbuf *out, const struct mime_mail *m, const char *boundary)
{
	sbuf_printf(out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary);
	sbuf_printf(out, "--%s\r\n", boundary);
	text_part(out, "text/plain", m->text ? m->text : "");
	sbuf_printf(out, "--%s\r\n", boundary);
	text_part(out, "text/html", m->html);
	sbuf_printf(out, "--%s--\r\n", boundary);
}

bool mime_build(const struct mime_mail *m, struct sbuf *out)
{
	char name[256], addr[256], date[40];
	if (!mime_parse_from(m->from, name, sizeof(name), addr, sizeof(addr)) || !mime_addr_ok(m->to) ||
	    (m->reply_to && !mime_addr_ok(m->reply_to)) || !m->message_id ||
	    m->message_id[0] != '<' || strpbrk(m->message_id, "\r\n ") || !printable_ascii(m->message_id))
		return false;
	mime_date(m->date, date, sizeof(date));
	sbuf_printf(out, "Date: %s\r\n", date);
	if (name[0]) {
		if (printable_ascii(name) && !strpbrk(name, "\"\\") && !strstr(name, "=?")) {
			sbuf_printf(out, "From: \"%s\" <%s>\r\n", name, addr);
		} else {
			sbuf_adds(out, "From: ");
			encoded_words(out, name);
			sbuf_printf(out, "\r\n <%s>\r\n", addr);
		}
	} else
		sbuf_printf(out, "From: %s\r\n", addr);
	sbuf_printf(out, "To: %s\r\n", m->to);
	if (m->reply_to)
		sbuf_printf(out, "Reply-To: %s\r\n", m->reply_to);
	mime_header(out, "Subject", m->subject);
	sbuf_printf(out, "Message-ID: %s\r\n", m->message_id);
	sbuf_adds(out, "MIME-Version: 1.0\r\n");
	/* RFC 3834: an automatic message; vacation responders stay quiet. */
	sbuf_adds(out, "Auto-Submitted: auto-generated\r\n");
	if (m->lang && printable_ascii(m->lang) && strlen(m->lang) < 10)
		sbuf_printf(out, "Content-Language: %s\r\n", m->lang);
	/* "=_" cannot occur in quoted-printable nor base64 text, so these
	 * boundaries never collide with a body. */
	if (m->ics) {
		const char *fname = m->ics_name && printable_ascii(m->ics_name) && !strpbrk(m->ics_name, "\"\\")
			? m->ics_name : "event.ics";
		sbuf_adds(out, "Content-Type: multipart/mixed; boundary=\"=_creneau_mixed\"\r\n\r\n");
		sbuf_adds(out, "This is a multi-part message in MIME format.\r\n");
		sbuf_adds(out, "--=_creneau_mixed\r\n");
		if (m->html)
			alternative(out, m, "=_creneau_alt");
		else
			text_part(out, "text/plain", m->text ? m->text : "");
		sbuf_adds(out, "--=_creneau_mixed\r\n");
		sbuf_printf(out, "Content-Type: text/calendar; charset=UTF-8; method=PUBLISH; name=\"%s\"\r\n"
			    "Content-Disposition: attachment; filename=\"%s\"\r\n"
			    "Content-Transfer-Encoding: base64\r\n\r\n", fname, fname);
		mime_base64(out, (const unsigned char *)m->ics, strlen(m->ics));
		sbuf_adds(out, "--=_creneau_mixed--\r\n");
	} else if (m->html) {
		alternative(out, m, "=_creneau_alt");
	} else {
		text_part(out, "text/plain", m->text ? m->text : "");
	}
	return true;
}
