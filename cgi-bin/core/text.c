/* text.c — UTF-8 checking, name folding for search keys and validation of
 * the names people type. No locale is consulted: the process locale is
 * switched for translations, and a search key must not depend on it. */
#include "text.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one code point from s[0..len). Returns the length of the
 * sequence, or 0 when the bytes at s do not start a well-formed one
 * (stray continuation byte, overlong form, surrogate, > U+10FFFF, or a
 * sequence cut short by the end of the input). Never reads past len. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (len == 0)
		return 0;
	unsigned char b = s[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	size_t n;
	uint32_t c, min;
	if (b >= 0xC2 && b <= 0xDF) {
		n = 2; c = b & 0x1F; min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 3; c = b & 0x0F; min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4; c = b & 0x07; min = 0x10000;
	} else {
		return 0;    /* continuation byte, C0/C1 (always overlong), F5.. */
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* C0, DEL and C1 controls. */
static bool is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

bool text_valid_utf8(const char *s, size_t len, bool allow_newlines)
{
	if (!s)
		return len == 0;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t c;
		size_t n = utf8_decode(p + i, len - i, &c);
		if (n == 0)
			return false;
		if (is_control(c)
		    && !(allow_newlines && (c == '\t' || c == '\n' || c == '\r')))
			return false;
		i += n;
	}
	return true;
}

size_t text_utf8_len(const char *s)
{
	size_t n = 0;
	if (!s)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

/* ASCII folding of U+00C0..U+017F, indexed by code point - 0xC0. NULL
 * means "not a letter" (× and ÷), which makes it a separator. */
static const char *const fold_latin[0x180 - 0xC0] = {
	/* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* U+00D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* U+00F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* U+0108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* U+0118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* U+0128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* U+0138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* U+0148 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* U+0158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* U+0168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* U+0178 */ "y", "z", "z", "z", "z", "z", "z", "s",
};

/* ASCII folding of a letter, or NULL when it has none. */
static const char *fold_cp(uint32_t c)
{
	if (c >= 0xC0 && c < 0x180)
		return fold_latin[c - 0xC0];
	switch (c) {
	/* Romanian comma-below letters, often typed instead of ş/ţ. */
	case 0x218: case 0x219: return "s";
	case 0x21A: case 0x21B: return "t";
	case 0x1E9E: return "ss";     /* capital sharp s */
	case 0xFB00: return "ff";
	case 0xFB01: return "fi";
	case 0xFB02: return "fl";
	default: return NULL;
	}
}

/* Combining marks: a name typed in decomposed form ("e" + U+0301) must
 * fold like the precomposed one, so the mark vanishes instead of
 * splitting the word. */
static bool is_combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF)
	    || (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF)
	    || (c >= 0xFE20 && c <= 0xFE2F);
}

char *text_fold(const char *s)
{
	if (!s)
		return xstrdup("");
	size_t len = strlen(s);
	/* No code point folds to more than its own byte count, and a
	 * separator is one space for at least one byte: len + 1 is enough. */
	char *out = xmalloc(len + 1);
	size_t o = 0;
	bool pending_sep = false;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t c;
		size_t n = utf8_decode(p + i, len - i, &c);
		const char *f = NULL;
		char one[2] = { 0, 0 };
		if (n == 0) {
			n = 1;          /* invalid byte: a separator */
		} else if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				one[0] = (char)(c - 'A' + 'a');
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				one[0] = (char)c;
			if (one[0])
				f = one;
		} else if (is_combining(c)) {
			i += n;
			continue;
		} else {
			f = fold_cp(c);
		}
		i += n;
		if (!f) {
			pending_sep = true;
			continue;
		}
		if (pending_sep && o > 0)
			out[o++] = ' ';
		pending_sep = false;
		size_t fl = strlen(f);
		memcpy(out + o, f, fl);
		o += fl;
	}
	out[o] = '\0';
	return out;
}

static bool is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f'
	    || c == '\r';
}

char *text_squash(const char *s)
{
	if (!s)
		return xstrdup("");
	size_t len = strlen(s);
	char *out = xmalloc(len + 1);
	size_t o = 0;
	bool pending = false;
	for (size_t i = 0; i < len; i++) {
		if (is_ascii_space(s[i])) {
			pending = true;
			continue;
		}
		if (pending && o > 0)
			out[o++] = ' ';
		pending = false;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

/* Letters of the scripts a French town hall plausibly sees in names. This
 * is a whitelist on purpose: digits, symbols, emoji and markup must fail. */
static bool is_letter(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return true;
	static const uint32_t ranges[][2] = {
		{ 0x00C0, 0x00D6 }, { 0x00D8, 0x00F6 }, { 0x00F8, 0x024F }, /* Latin */
		{ 0x0250, 0x02AF },                     /* IPA extensions */
		{ 0x0386, 0x0386 }, { 0x0388, 0x03FF }, /* Greek */
		{ 0x0400, 0x0481 }, { 0x048A, 0x052F }, /* Cyrillic */
		{ 0x0531, 0x0556 }, { 0x0561, 0x0587 }, /* Armenian */
		{ 0x05D0, 0x05EA },                     /* Hebrew */
		{ 0x0620, 0x064A }, { 0x066E, 0x066F }, { 0x0671, 0x06D3 },
		{ 0x06D5, 0x06D5 }, { 0x06FA, 0x06FC }, /* Arabic */
		{ 0x0E01, 0x0E30 },                     /* Thai */
		{ 0x10A0, 0x10FF },                     /* Georgian */
		{ 0x1E00, 0x1EFF },                     /* Latin extended additional */
		{ 0x1F00, 0x1FBC }, { 0x1FC2, 0x1FCC }, { 0x1FD0, 0x1FDB },
		{ 0x1FE0, 0x1FEC }, { 0x1FF2, 0x1FFC }, /* Greek extended */
		{ 0x2C60, 0x2C7F }, { 0xA720, 0xA7FF }, /* Latin extended C, D */
		{ 0x3041, 0x3096 }, { 0x30A1, 0x30FA }, /* kana */
		{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, /* CJK */
		{ 0xAC00, 0xD7A3 },                     /* Hangul */
		{ 0xFB00, 0xFB06 },                     /* Latin ligatures */
	};
	for (size_t i = 0; i < ARRAY_LEN(ranges); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return true;
	return false;
}

/* Marks that may follow a letter: decomposed accents, Hebrew points,
 * Arabic harakat. */
static bool is_name_mark(uint32_t c)
{
	return is_combining(c) || (c >= 0x591 && c <= 0x5C7)
	    || (c >= 0x64B && c <= 0x65F) || c == 0x670;
}

bool text_valid_person_name(const char *s, size_t max_chars)
{
	if (!s)
		return false;
	/* Squash first so a pasted tab or newline counts as a space rather
	 * than as a forbidden control character. */
	char *sq = text_squash(s);
	size_t len = strlen(sq);
	bool ok = len > 0 && text_valid_utf8(sq, len, false);
	size_t chars = 0, letters = 0;
	const unsigned char *p = (const unsigned char *)sq;
	size_t i = 0;
	while (ok && i < len) {
		uint32_t c;
		size_t n = utf8_decode(p + i, len - i, &c);
		if (n == 0) {
			ok = false;
			break;
		}
		if (is_letter(c))
			letters++;
		else if (!(c == ' ' || c == '-' || c == '\'' || c == '.'
		           || c == 0x2019 || is_name_mark(c)))
			ok = false;
		chars++;
		i += n;
	}
	ok = ok && letters > 0 && chars >= 1 && chars <= max_chars;
	free(sq);
	return ok;
}

bool text_elides(const char *w)
{
	static const char *const starts[] = { "a", "e", "i", "o", "u", "y", "h", "A", "E", "I", "O", "U", "Y", "H",
		"\xc3\x80", "\xc3\x82", "\xc3\x89", "\xc3\x88", "\xc3\x8a", "\xc3\x8e", "\xc3\x94",
		"\xc3\xa9", "\xc3\xa8", "\xc3\xaa", "\xc3\xa0", "\xc3\xa2", "\xc3\xae", "\xc3\xb4",
		"\xc5\x92", "\xc5\x93" };
	for (size_t i = 0; w && i < ARRAY_LEN(starts); i++)
		if (strncmp(w, starts[i], strlen(starts[i])) == 0)
			return true;
	return false;
}
