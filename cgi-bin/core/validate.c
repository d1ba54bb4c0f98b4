/* validate.c — checks and normalisations of the values people type in the
 * booking forms. Nothing here uses <ctype.h> or strtod: the process locale
 * changes with the visitor's language and must not change what is valid. */
#include "validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char to_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Copies a NUL-terminated string into out when it fits. */
static bool put(char *out, size_t outsz, const char *s, size_t n)
{
	if (!out || outsz <= n)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

bool valid_phone(const char *in, char *out, size_t outsz)
{
	if (!in)
		return false;
	char d[32];
	size_t nd = 0;
	bool plus = false;
	for (const char *p = in; *p; p++) {
		if (*p == ' ' || *p == '.' || *p == '-')
			continue;
		if (*p == '+' && nd == 0 && !plus) {
			plus = true;
			continue;
		}
		if (!is_digit(*p) || nd >= sizeof(d) - 1)
			return false;
		d[nd++] = *p;
	}
	d[nd] = '\0';

	/* Ten digits without '+' are always read as a French national number,
	 * so "00 12 34 56 78" is a typo to refuse, not "+12345678". */
	const char *intl = NULL;     /* digits after the international prefix */
	if (plus)
		intl = d;
	else if (nd != 10 && nd >= 2 && d[0] == '0' && d[1] == '0')
		intl = d + 2;

	char e[20];
	if (!intl) {
		if (nd != 10 || d[0] != '0' || d[1] == '0')
			return false;
		e[0] = '+'; e[1] = '3'; e[2] = '3';
		memcpy(e + 3, d + 1, 9);
		return put(out, outsz, e, 12);
	}

	size_t ni = strlen(intl);
	if (ni >= 2 && intl[0] == '3' && intl[1] == '3') {
		/* French numbers keep the national rule even when written in
		 * international form. "+33 0 6 ..." is a common way of writing
		 * the trunk zero; it is tolerated and dropped. */
		const char *nat = intl + 2;
		size_t nn = ni - 2;
		if (nn == 10 && nat[0] == '0') {
			nat++;
			nn--;
		}
		if (nn != 9 || nat[0] == '0')
			return false;
		e[0] = '+'; e[1] = '3'; e[2] = '3';
		memcpy(e + 3, nat, 9);
		return put(out, outsz, e, 12);
	}
	/* E.164: a country code never starts with 0, at most 15 digits. */
	if (ni < 8 || ni > 15 || intl[0] == '0')
		return false;
	e[0] = '+';
	memcpy(e + 1, intl, ni);
	return put(out, outsz, e, ni + 1);
}

bool phone_is_mobile(const char *e164)
{
	if (!e164 || e164[0] != '+' || !is_digit(e164[1]))
		return false;
	/* The French plan (ARCEP): 06 and 07, but 07 00 is reserved
	 * (machine-to-machine numbers, never a person's phone). */
	if (strncmp(e164, "+33", 3) == 0)
		return e164[3] == '6' || (e164[3] == '7' && e164[4] != '0');
	/* Overseas departments have their own country codes, landlines and
	 * mobiles told apart by the first digits. */
	static const struct { const char *cc, *mobile[3]; } overseas[] = {
		{ "+262", { "692", "693", "639" } },   /* La Réunion, Mayotte */
		{ "+590", { "690", "691", NULL } },    /* Guadeloupe, Saint-Martin, Saint-Barthélemy */
		{ "+594", { "694", NULL, NULL } },     /* Guyane */
		{ "+596", { "696", "697", NULL } },    /* Martinique */
		{ "+508", { "55", NULL, NULL } },      /* Saint-Pierre-et-Miquelon */
	};
	for (size_t i = 0; i < sizeof(overseas) / sizeof(overseas[0]); i++) {
		size_t n = strlen(overseas[i].cc);
		if (strncmp(e164, overseas[i].cc, n) != 0)
			continue;
		for (size_t k = 0; k < 3 && overseas[i].mobile[k]; k++)
			if (strncmp(e164 + n, overseas[i].mobile[k], strlen(overseas[i].mobile[k])) == 0)
				return true;
		return false;
	}
	/* Abroad we cannot tell mobiles from landlines; let the SMS gateway
	 * decide rather than silently never texting foreign numbers. */
	return true;
}

static bool is_local_char(char c)
{
	return is_alpha(c) || is_digit(c)
	    || (c && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

static bool is_label_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '-';
}

bool valid_email(const char *in, char *out, size_t outsz)
{
	if (!in)
		return false;
	size_t len = strlen(in);
	if (len == 0 || len > 254)
		return false;
	const char *at = strchr(in, '@');
	if (!at || strchr(at + 1, '@'))
		return false;

	size_t ll = (size_t)(at - in);
	if (ll < 1 || ll > 64 || in[0] == '.' || in[ll - 1] == '.')
		return false;
	for (size_t i = 0; i < ll; i++) {
		if (in[i] == '.') {
			if (in[i + 1] == '.')
				return false;
		} else if (!is_local_char(in[i])) {
			return false;
		}
	}

	const char *dom = at + 1;
	size_t dl = strlen(dom);
	size_t labels = 0, lab_start = 0;
	for (size_t i = 0; i <= dl; i++) {
		if (i < dl && dom[i] != '.') {
			if (!is_label_char(dom[i]))
				return false;
			continue;
		}
		size_t n = i - lab_start;
		if (n < 1 || n > 63 || dom[lab_start] == '-' || dom[i - 1] == '-')
			return false;
		labels++;
		lab_start = i + 1;
	}
	if (labels < 2)
		return false;

	if (!out || outsz <= len)
		return false;
	memcpy(out, in, ll + 1);
	for (size_t i = 0; i < dl; i++)
		out[ll + 1 + i] = to_lower(dom[i]);
	out[len] = '\0';
	return true;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool real_date(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return false;
	int max = mdays[m - 1] + (m == 2 && is_leap(y));
	return d <= max;
}

/* Reads exactly n digits. */
static bool digits(const char *s, size_t n, int *v)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return true;
}

/* Reads 1 or 2 digits followed by `sep`; advances *s past the separator. */
static bool short_field(const char **s, char sep, int *v)
{
	const char *p = *s;
	size_t n = 0;
	while (is_digit(p[n]) && n < 3)
		n++;
	if (n < 1 || n > 2 || p[n] != sep)
		return false;
	digits(p, n, v);
	*s = p + n + 1;
	return true;
}

static bool parse_date(const char *in, int *y, int *m, int *d)
{
	if (!in)
		return false;
	size_t len = strlen(in);
	if (len == 10 && in[4] == '-' && in[7] == '-') {
		if (!digits(in, 4, y) || !digits(in + 5, 2, m) || !digits(in + 8, 2, d))
			return false;
	} else {
		/* DD/MM/YYYY, as French people write it; a single-digit day or
		 * month ("1/8/2024") is common enough to accept. */
		const char *p = in;
		if (!short_field(&p, '/', d) || !short_field(&p, '/', m))
			return false;
		if (strlen(p) != 4 || !digits(p, 4, y))
			return false;
	}
	return real_date(*y, *m, *d);
}

static bool write_date(int y, int m, int d, char *out, size_t outsz)
{
	char b[11];
	b[0] = (char)('0' + y / 1000);
	b[1] = (char)('0' + y / 100 % 10);
	b[2] = (char)('0' + y / 10 % 10);
	b[3] = (char)('0' + y % 10);
	b[4] = '-';
	b[5] = (char)('0' + m / 10);
	b[6] = (char)('0' + m % 10);
	b[7] = '-';
	b[8] = (char)('0' + d / 10);
	b[9] = (char)('0' + d % 10);
	return put(out, outsz, b, 10);
}

bool valid_date(const char *in, char *out, size_t outsz)
{
	int y, m, d;
	return parse_date(in, &y, &m, &d) && write_date(y, m, d, out, outsz);
}

bool valid_birth_date(const char *in, const char *today_ymd, char *out, size_t outsz)
{
	int y, m, d, ty, tm, td;
	if (!parse_date(in, &y, &m, &d) || !parse_date(today_ymd, &ty, &tm, &td))
		return false;
	long born = (long)y * 10000 + m * 100 + d;
	long today = (long)ty * 10000 + tm * 100 + td;
	/* Same month and day 130 years earlier; compared as numbers so that a
	 * 29 February "today" needs no real date 130 years back. */
	long oldest = (long)(ty - 130) * 10000 + tm * 100 + td;
	if (born > today || born < oldest)
		return false;
	return write_date(y, m, d, out, outsz);
}

/* Keeps letters/digits (upper-cased), drops spaces and hyphens, refuses
 * anything else. Returns the length written, or -1. */
static long compact_alnum(const char *in, char *buf, size_t bufsz)
{
	size_t n = 0;
	if (!in)
		return -1;
	for (const char *p = in; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (!is_alpha(*p) && !is_digit(*p))
			return -1;
		if (n + 1 >= bufsz)
			return -1;
		buf[n++] = to_upper(*p);
	}
	buf[n] = '\0';
	return (long)n;
}

bool valid_predemande(const char *in, char *out, size_t outsz)
{
	char b[16];
	if (compact_alnum(in, b, sizeof(b)) != 10)
		return false;
	return put(out, outsz, b, 10);
}

bool valid_ref(const char *in, char *out, size_t outsz)
{
	char b[16];
	if (compact_alnum(in, b, sizeof(b)) != 8)
		return false;
	for (size_t i = 0; i < 8; i++)
		if (!strchr(REF_ALPHABET, b[i]))
			return false;
	return put(out, outsz, b, 8);
}

bool valid_int(const char *in, long min, long max, long *out)
{
	if (!in)
		return false;
	/* strtol alone would accept leading blanks and '+'. */
	const char *p = in[0] == '-' ? in + 1 : in;
	if (!is_digit(*p))
		return false;
	for (const char *q = p; *q; q++)
		if (!is_digit(*q))
			return false;
	errno = 0;
	char *end;
	long v = strtol(in, &end, 10);
	if (errno == ERANGE || *end != '\0' || v < min || v > max)
		return false;
	if (out)
		*out = v;
	return true;
}

bool valid_code(const char *in, char *out, size_t outsz)
{
	char b[7];
	size_t n = 0;
	if (!in)
		return false;
	for (const char *p = in; *p; p++) {
		if (*p == ' ')
			continue;
		if (!is_digit(*p) || n >= 6)
			return false;
		b[n++] = *p;
	}
	return n == 6 && put(out, outsz, b, 6);
}

/* Strict decimal: [-+]?digits[.digits], up to 3 integer digits. Computed
 * by hand (strtod follows LC_NUMERIC, which may want a comma). Digits past
 * the 15th significant one are ignored: far below a millimetre. */
static bool parse_coord(const char *s, double *v)
{
	if (!s)
		return false;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	long long mant = 0;
	int sig = 0, scale = 0, ip = 0, fp = 0;
	for (; is_digit(*s); s++, ip++) {
		if (ip >= 3)
			return false;
		mant = mant * 10 + (*s - '0');
		sig++;
	}
	if (*s == '.') {
		for (s++; is_digit(*s); s++, fp++) {
			if (sig < 15) {
				mant = mant * 10 + (*s - '0');
				sig++;
				scale++;
			}
		}
		if (fp == 0)
			return false;
	}
	if (ip == 0 || *s != '\0')
		return false;
	/* Both operands are exact, so one division rounds correctly. */
	static const double pow10[16] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
		1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	};
	double x = (double)mant / pow10[scale];
	*v = neg ? -x : x;
	return true;
}

bool valid_latlon(const char *lat, const char *lon, double *la, double *lo)
{
	double a, o;
	if (!parse_coord(lat, &a) || !parse_coord(lon, &o))
		return false;
	if (a < -90.0 || a > 90.0 || o < -180.0 || o > 180.0)
		return false;
	if (la)
		*la = a;
	if (lo)
		*lo = o;
	return true;
}
