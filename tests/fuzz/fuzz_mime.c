/* fuzz_mime.c — the email path (message_mime.c): a From header parsed
 * into a name and an address without CR or LF, accepted addresses without
 * CR, LF, space or angle brackets; and a whole message built from a
 * subject and bodies of any bytes: CRLF line ends only, no line over 78
 * octets, and a header block the subject cannot add a header to. */
#include "fuzz.h"
#include "message_mime.h"

static void addresses(const char *s)
{
	char name[256], addr[256];
	if (mime_parse_from(s, name, sizeof(name), addr, sizeof(addr)))
		CHECK(!strpbrk(addr, "\r\n") && !strpbrk(name, "\r\n"));
	if (mime_addr_ok(s))
		CHECK(!strpbrk(s, "\r\n<> "));
}

static void message(const char *s)
{
	/* The subject, the text and the HTML: the input cut in three. */
	size_t n = strlen(s), a = n / 3, b = 2 * n / 3;
	char *subject = strndup(s, a), *text = strndup(s + a, b - a), *html = strdup(s + b);
	struct mime_mail m = { "Mairie d'Annecy <rdv@annecy.fr>", "personne@example.org", NULL, subject, text,
			       *html ? html : NULL, NULL, NULL, "<fuzz@creneau>", 1800000000, "fr" };
	struct sbuf out;
	sbuf_init(&out);
	if (mime_build(&m, &out)) {
		const char *p = out.s, *end = out.s + out.len;
		bool in_headers = true;
		int to = 0;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			CHECK(nl && nl > p - 1);
			size_t len = (size_t)(nl - p);
			CHECK(len >= 1 && p[len - 1] == '\r');       /* CRLF, never a bare LF */
			CHECK(len - 1 <= 78);
			CHECK(!memchr(p, '\r', len - 1));            /* nor a bare CR */
			if (in_headers) {
				if (len == 1)
					in_headers = false;
				else if (p[0] != ' ' && p[0] != '\t') {
					/* A header: a name, a colon; never one the subject smuggled in. */
					const char *colon = memchr(p, ':', len);
					CHECK(colon && colon > p);
					for (const char *c = p; c < colon; c++)
						CHECK((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || *c == '-');
					CHECK(strncasecmp(p, "Bcc:", 4) != 0 && strncasecmp(p, "Cc:", 3) != 0);
					to += strncasecmp(p, "To:", 3) == 0;
				}
			}
			p = nl + 1;
		}
		CHECK(to == 1);
	}
	sbuf_free(&out);
	free(subject);
	free(text);
	free(html);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (n < 1 || n > 2000)
		return 0;
	char *s = fuzz_text(data + 1, n - 1);
	if (data[0] & 1)
		message(s);
	else
		addresses(s);
	free(s);
	return 0;
}
