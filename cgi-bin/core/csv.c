/* csv.c — see csv.h. */
#include "csv.h"

#include <ctype.h>
#include <string.h>

static int is_number(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.' && *s != ',')
			return 0;
	return 1;
}

void csv_field(struct sbuf *b, const char *s, char sep, int first)
{
	if (!first)
		sbuf_addc(b, sep);
	if (!s)
		return;
	/* With ';' (French spreadsheets) decimals take a comma. */
	if (sep == ';' && is_number(s) && strchr(s, '.')) {
		for (; *s; s++)
			sbuf_addc(b, *s == '.' ? ',' : *s);
		return;
	}
	int guard = strchr("=+-@", s[0]) && s[0] && !is_number(s);
	int quote = guard || strchr(s, sep) || strchr(s, '"') || strchr(s, '\r') || strchr(s, '\n');
	if (!quote) {
		sbuf_adds(b, s);
		return;
	}
	sbuf_addc(b, '"');
	if (guard)
		sbuf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *s);
	}
	sbuf_addc(b, '"');
}

void csv_line(struct sbuf *b, const char *const *fields, size_t n, char sep)
{
	for (size_t i = 0; i < n; i++)
		csv_field(b, fields[i], sep, i == 0);
	sbuf_add(b, "\r\n", 2);
}
