/* fuzz_csv.c — the CSV writer (csv.c): every line ends with CRLF, quotes
 * balance, no cell starts a formula, and reading the line back gives the
 * fields (an RFC 4180 reader written here, independent of the writer). */
#include "fuzz.h"
#include "csv.h"

/* Reads the fields of one line back; the number read. */
static size_t read_back(const char *s, size_t len, char sep, char **cells, size_t max)
{
	size_t k = 0, i = 0;
	while (k < max) {
		struct sbuf c;
		sbuf_init(&c);
		sbuf_adds(&c, "");
		if (i < len && s[i] == '"') {
			for (i++; i < len; i++) {
				if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
					sbuf_addc(&c, '"');
					i++;
				} else if (s[i] == '"') {
					i++;
					break;
				} else
					sbuf_addc(&c, s[i]);
			}
		} else
			for (; i < len && s[i] != sep && s[i] != '\r'; i++)
				sbuf_addc(&c, s[i]);
		cells[k++] = sbuf_take(&c);
		if (i >= len || s[i] != sep)
			break;
		i++;
	}
	return k;
}

/* csv.h's number: an optional sign, then digits, dots and commas. */
static int number(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9') && *s != '.' && *s != ',')
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (n < 1 || n > 600)
		return 0;
	char sep = (data[0] & 1) ? ';' : ',';
	char *s = fuzz_text(data + 1, n - 1);
	/* Two cells: the input cut in half. */
	size_t len = strlen(s), h = len / 2;
	char *a = strndup(s, h), *b = strdup(s + h);
	const char *f[] = { a, b };
	struct sbuf line;
	sbuf_init(&line);
	csv_line(&line, f, 2, sep);
	CHECK(line.len >= 2 && line.s[line.len - 2] == '\r' && line.s[line.len - 1] == '\n');
	size_t quotes = 0;
	for (size_t j = 0; j < line.len; j++)
		quotes += line.s[j] == '"';
	CHECK(quotes % 2 == 0);
	char *cells[4] = { 0 };
	size_t k = read_back(line.s, line.len - 2, sep, cells, 4);
	CHECK(k == 2);
	for (size_t i = 0; i < 2; i++) {
		/* A cell that would start a formula got an apostrophe first; a
		 * number for a ';' spreadsheet has a decimal comma. */
		char *want = strdup(f[i]);
		const char *got = cells[i];
		if (sep == ';' && number(want))
			for (char *c = want; *c; c++)
				if (*c == '.')
					*c = ',';
		if (*want && strchr("=+-@", *want) && !number(want)) {
			CHECK(got[0] == '\'');
			got++;
		}
		CHECK(strcmp(got, want) == 0);
		free(want);
	}
	for (size_t i = 0; i < k; i++)
		free(cells[i]);
	sbuf_free(&line);
	free(a);
	free(b);
	free(s);
	return 0;
}
