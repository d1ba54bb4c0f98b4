/* mailin.c — creneau-mailin: one RFC 5322 message on standard input (what
 * a mail server's pipe delivery hands it, see README) becomes a help-desk
 * ticket, or a reply added to the ticket whose reference ("[HD-000123]")
 * is in its subject (helpdesk.h: only from that ticket's caller). Parsed
 * by GMime (Debian's libgmime-3.0): multipart, quoted-printable, base64,
 * RFC 2047 encoded words, charsets converted to UTF-8. The text is the
 * first text/plain part not marked as an attachment (else the first
 * text/html one, its tags dropped); attachments are never read nor kept.
 * A message over mailin_max_bytes (1 MiB) is refused before parsing.
 *
 * Exit status as sendmail's sysexits: 0 taken, 65 (EX_DATAERR) refused
 * (too big, not a message, no sender), 75 (EX_TEMPFAIL) the database
 * failed: the mail server keeps the message and tries again. */
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "helpdesk.h"
#include "i18n.h"
#include "log.h"
#include "message_mime.h"
#include "text.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX_OK 0
#define EX_DATAERR 65
#define EX_TEMPFAIL 75

/* The decoded content of a part, as UTF-8 (arena), or NULL. */
static char *part_text(struct arena *a, GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (!w)
		return NULL;
	GMimeStream *mem = g_mime_stream_mem_new();
	GMimeStream *filtered = g_mime_stream_filter_new(mem);
	const char *charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
	GMimeFilter *conv = NULL;
	if (charset && g_ascii_strcasecmp(charset, "utf-8") != 0 && g_ascii_strcasecmp(charset, "us-ascii") != 0) {
		conv = g_mime_filter_charset_new(charset, "UTF-8");
		if (conv)
			g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), conv);
	}
	/* Decodes the transfer encoding (quoted-printable, base64). */
	g_mime_data_wrapper_write_to_stream(w, filtered);
	g_mime_stream_flush(filtered);
	GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	char *out = arena_strndup(a, (const char *)bytes->data, bytes->len);
	if (conv)
		g_object_unref(conv);
	g_object_unref(filtered);
	g_object_unref(mem);
	return out;
}

struct found {
	GMimePart *plain, *html;
};

static void visit(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	(void)parent;
	struct found *f = data;
	if (!GMIME_IS_PART(part) || GMIME_IS_MULTIPART(part))
		return;
	if (g_mime_part_is_attachment(GMIME_PART(part)))
		return;   /* never read: files are not kept */
	GMimeContentType *ct = g_mime_object_get_content_type(part);
	if (!f->plain && g_mime_content_type_is_type(ct, "text", "plain"))
		f->plain = GMIME_PART(part);
	else if (!f->html && g_mime_content_type_is_type(ct, "text", "html"))
		f->html = GMIME_PART(part);
}

/* HTML to text, roughly: tags out, a few entities decoded. Arena. */
static char *strip_tags(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1), *p = out;
	bool in_tag = false;
	for (; *s; s++) {
		if (*s == '<')
			in_tag = true;
		else if (*s == '>')
			in_tag = false;
		else if (!in_tag) {
			static const struct { const char *e; char c; } ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
										  { "&quot;", '"' }, { "&#39;", '\'' }, { "&nbsp;", ' ' } };
			bool done = false;
			for (size_t i = 0; *s == '&' && i < sizeof(ents) / sizeof(ents[0]); i++)
				if (strncmp(s, ents[i].e, strlen(ents[i].e)) == 0) {
					*p++ = ents[i].c;
					s += strlen(ents[i].e) - 1;
					done = true;
					break;
				}
			if (!done)
				*p++ = *s;
		}
	}
	*p = '\0';
	return out;
}

/* Keeps valid UTF-8 only (a wrong charset label must not store bytes the
 * pages cannot show), CRLF to LF, other control characters out, and at
 * most max characters. */
static char *clean(struct arena *a, const char *s, size_t max, bool newlines)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1), *p = out;
	size_t chars = 0;
	for (const unsigned char *q = (const unsigned char *)s; *q && chars < max;) {
		size_t len = *q < 0x80 ? 1 : (*q >> 5) == 6 ? 2 : (*q >> 4) == 14 ? 3 : (*q >> 3) == 30 ? 4 : 0;
		if (len == 0 || !text_valid_utf8((const char *)q, strnlen((const char *)q, len) == len ? len : 0, false) ||
		    strnlen((const char *)q, len) < len) {
			q++;
			continue;
		}
		if (len == 1 && (*q < 0x20 || *q == 0x7f)) {
			if (newlines && *q == '\n')
				*p++ = '\n', chars++;
			else if (*q == '\t' || (!newlines && *q == '\n'))
				*p++ = ' ', chars++;
			q++;
			continue;
		}
		memcpy(p, q, len);
		p += len, q += len, chars++;
	}
	*p = '\0';
	/* trim */
	while (p > out && (p[-1] == ' ' || p[-1] == '\n'))
		*--p = '\0';
	while (*out == ' ' || *out == '\n')
		out++;
	return out;
}

int main(void)
{
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	long cap = config_int("mailin_max_bytes", 1024 * 1024);
	/* Read at most cap + 1 bytes: more is refused without parsing. */
	size_t n = 0, size = 65536;
	char *buf = xmalloc(size);
	for (;;) {
		if (n == size) {
			size *= 2;
			buf = xrealloc(buf, size);
		}
		size_t got = fread(buf + n, 1, size - n, stdin);
		n += got;
		if (got == 0 || n > (size_t)cap)
			break;
	}
	if (n > (size_t)cap) {
		fprintf(stderr, "creneau-mailin: message refused: larger than %ld bytes\n", cap);
		log_info("mailin: message refused, over %ld bytes", cap);
		free(buf);
		return EX_DATAERR;
	}
	g_mime_init();
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(buf, n);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(stream);
	free(buf);
	if (!msg) {
		fprintf(stderr, "creneau-mailin: not an RFC 5322 message\n");
		g_mime_shutdown();
		return EX_DATAERR;
	}
	struct arena *a = arena_new();
	int rc = EX_DATAERR;
	InternetAddressList *from = g_mime_message_get_from(msg);
	InternetAddress *ia = from && internet_address_list_length(from) > 0 ? internet_address_list_get_address(from, 0) : NULL;
	const char *addr = ia && INTERNET_ADDRESS_IS_MAILBOX(ia) ? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)) : NULL;
	const char *name = ia ? internet_address_get_name(ia) : NULL;
	if (!addr || !mime_addr_ok(addr) || strlen(addr) > 254) {
		fprintf(stderr, "creneau-mailin: no usable sender address\n");
		goto done;
	}
	/* The subject with its encoded words decoded (GMime does it). */
	const char *subject = g_mime_message_get_subject(msg);
	struct found f = { NULL, NULL };
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	if (body && GMIME_IS_MULTIPART(body))
		g_mime_multipart_foreach(GMIME_MULTIPART(body), visit, &f);
	else if (body)
		visit(NULL, body, &f);
	const char *text = f.plain ? part_text(a, f.plain) : f.html ? strip_tags(a, part_text(a, f.html)) : NULL;
	char *lower = arena_strdup(a, addr);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *clean_subject = clean(a, subject ? subject : "", HD_SUBJECT_MAX, false);
	const char *clean_text = clean(a, text ? text : "", HD_BODY_MAX, true);
	if (!*clean_text)
		clean_text = _("(message sans texte)");
	if (!db_connect()) {
		rc = EX_TEMPFAIL;
		goto done;
	}
	db_unit_begin();
	long long id;
	bool appended;
	char mask[64];
	log_mask_contact(lower, mask, sizeof(mask));
	if (!hd_mail_in(a, lower, name ? clean(a, name, 120, false) : NULL, clean_subject, clean_text, &id, &appended)) {
		log_error("mailin: message from %s not stored (database)", mask);
		rc = EX_TEMPFAIL;
		goto done;
	}
	log_info("mailin: message from %s %s HD-%06lld", mask, appended ? "added to" : "opened", id);
	printf("%s HD-%06lld\n", appended ? "added to" : "opened", id);
	rc = EX_OK;
done:
	g_object_unref(msg);
	arena_free(a);
	g_mime_shutdown();
	return rc;
}
