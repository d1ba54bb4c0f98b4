/* json.h — writing JSON text (RFC 8259) into a string buffer: one
 * escaper for every string (the ANTS interface, the SMS gateway's JSON
 * bodies), numbers that read back as the same double, and a writer that
 * puts the commas and colons so a caller only says what comes next.
 *
 * Strings are copied as UTF-8; quotes, backslashes and control characters
 * are escaped, and so are U+2028 and U+2029 (valid JSON, but line ends for
 * JavaScript); a byte that is not part of well-formed UTF-8 becomes
 * U+FFFD, so the output is always valid JSON whatever the input. */
#ifndef CRENEAU_JSON_H
#define CRENEAU_JSON_H
#include <stdbool.h>
#include "util.h"

/* The characters of a JSON string for s, without the quotes (NULL: ""). */
void json_escape(struct sbuf *b, const char *s);

#define JSON_MAX_DEPTH 16

/* A writer appending to b (owned by the caller). Nesting deeper than
 * JSON_MAX_DEPTH aborts: a static shape that deep is a bug. */
struct json {
	struct sbuf *b;
	int depth;
	/* per level: 0 nothing written yet, 1 after an item, 2 after a key */
	unsigned char state[JSON_MAX_DEPTH + 1];
};
void json_init(struct json *j, struct sbuf *b);
void json_object(struct json *j);
void json_object_end(struct json *j);
void json_array(struct json *j);
void json_array_end(struct json *j);
/* A member's name, in an object; its value follows. */
void json_key(struct json *j, const char *name);
/* Values. NULL strings are written null; a number that is not finite
 * too (JSON has no NaN). */
void json_string(struct json *j, const char *s);
void json_int(struct json *j, long long v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* A value already written as JSON text elsewhere (a cached fragment):
 * the writer only puts the comma before it. The caller may append the
 * rest of that same value to j->b before the writer's next call (the
 * hub's time slots are written so, core/ants.c). */
void json_raw(struct json *j, const char *text, size_t n);

#endif
