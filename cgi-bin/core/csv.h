/* csv.h — RFC 4180 CSV: fields quoted when they hold the separator, a
 * quote, CR or LF; quotes doubled; lines end with CRLF. The separator is
 * ',' or ';' (French spreadsheets, where a decimal number is then
 * written with a comma: 54.5 -> 54,5). A text cell starting with = + - @ gets
 * a leading apostrophe so a spreadsheet never runs it as a formula. */
#ifndef CRENEAU_CSV_H
#define CRENEAU_CSV_H
#include <stddef.h>
#include "util.h"

/* Appends one field (NULL = empty) to b, preceded by the separator when
 * not first in its line. */
void csv_field(struct sbuf *b, const char *s, char sep, int first);
/* Appends a whole line of n fields and its CRLF. */
void csv_line(struct sbuf *b, const char *const *fields, size_t n, char sep);

#endif
