/* json.c — see json.h. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at p (1 to 4), or 0 when the
 * bytes there are not one (overlong, surrogate, above U+10FFFF, cut). */
static size_t utf8_seq(const unsigned char *p)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
	}
	return 0;
}

void json_escape(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;     /* start of the bytes copied as they are */
	while (*p) {
		size_t n = utf8_seq(p);
		const char *esc = NULL;
		char u[7];
		if (n == 1) {
			switch (*p) {
			case '"': esc = "\\\""; break;
			case '\\': esc = "\\\\"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			default:
				if (*p < 0x20) {
					memcpy(u, "\\u00", 4);
					u[4] = hex[*p >> 4];
					u[5] = hex[*p & 15];
					u[6] = '\0';
					esc = u;
				}
			}
		} else if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			esc = p[2] == 0xA8 ? "\\u2028" : "\\u2029";
		else if (n == 0)
			esc = "\\ufffd";
		if (!esc) {
			p += n;
			continue;
		}
		sbuf_add(b, (const char *)run, (size_t)(p - run));
		sbuf_adds(b, esc);
		p += n ? n : 1;
		run = p;
	}
	sbuf_add(b, (const char *)run, (size_t)(p - run));
}

void json_init(struct json *j, struct sbuf *b)
{
	memset(j, 0, sizeof(*j));
	j->b = b;
}

/* Before a value: the comma after a previous item of the same level. */
static void before_value(struct json *j)
{
	unsigned char *st = &j->state[j->depth];
	if (*st == 1)
		sbuf_addc(j->b, ',');
	*st = 1;
}

static void value(struct json *j);

static void open_level(struct json *j, char c)
{
	value(j);
	if (j->depth == JSON_MAX_DEPTH)
		abort();
	sbuf_addc(j->b, c);
	j->state[++j->depth] = 0;
}

static void close_level(struct json *j, char c)
{
	if (j->depth == 0)
		abort();
	j->depth--;
	sbuf_addc(j->b, c);
}

void json_object(struct json *j) { open_level(j, '{'); }
void json_object_end(struct json *j) { close_level(j, '}'); }
void json_array(struct json *j) { open_level(j, '['); }
void json_array_end(struct json *j) { close_level(j, ']'); }

void json_key(struct json *j, const char *name)
{
	before_value(j);
	sbuf_addc(j->b, '"');
	json_escape(j->b, name);
	sbuf_adds(j->b, "\":");
	j->state[j->depth] = 2;    /* the value takes no comma */
}

/* The value after a key takes no comma; the next member does. */
static void value(struct json *j)
{
	if (j->state[j->depth] == 2)
		j->state[j->depth] = 1;
	else
		before_value(j);
}

void json_string(struct json *j, const char *s)
{
	value(j);
	if (!s) {
		sbuf_adds(j->b, "null");
		return;
	}
	sbuf_addc(j->b, '"');
	json_escape(j->b, s);
	sbuf_addc(j->b, '"');
}

void json_int(struct json *j, long long v)
{
	value(j);
	sbuf_printf(j->b, "%lld", v);
}

void json_double(struct json *j, double v)
{
	value(j);
	if (!isfinite(v)) {
		sbuf_adds(j->b, "null");
		return;
	}
	/* The shortest of %.15g and %.17g that reads back as v: 45.8992, not
	 * 45.899200000000001. */
	char s[40];
	snprintf(s, sizeof(s), "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, sizeof(s), "%.17g", v);
	sbuf_adds(j->b, s);
}

void json_bool(struct json *j, bool v)
{
	value(j);
	sbuf_adds(j->b, v ? "true" : "false");
}

void json_null(struct json *j)
{
	value(j);
	sbuf_adds(j->b, "null");
}

void json_raw(struct json *j, const char *text, size_t n)
{
	value(j);
	sbuf_add(j->b, text, n);
}
