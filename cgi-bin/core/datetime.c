/* datetime.c — conversions between the platform's wall-clock time and the
 * UTC instants stored in the database. Civil-date arithmetic is done on
 * day numbers (no time zone involved); anything that depends on the zone
 * goes through mktime/localtime_r so tzdata decides about DST. The only
 * global state is the process TZ, set once by dt_init(). */
#include "datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dt_init(const char *zone)
{
	setenv("TZ", zone && *zone ? zone : "Europe/Paris", 1);
	tzset();
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return mdays[m - 1] + (m == 2 && is_leap(y));
}

static bool real_date(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1
	    && d <= month_days(y, m);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm: exact for any year, no loops, no time zone). */
static long long days_from_civil(int y, int m, int d)
{
	long long yy = (long long)y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

bool dt_local_to_utc(int y, int mo, int d, int h, int mi, time_t *out)
{
	if (!real_date(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59)
		return false;
	/* mktime normalises a nonexistent wall time instead of failing, and
	 * picks either side of a repeated hour. So try each DST assumption,
	 * keep those that convert back to the very wall time asked for, and
	 * take the earliest: none survive in a spring-forward gap, and in a
	 * fall-back hour the summer-time (first) one wins. */
	static const int isdst_try[] = { 1, 0, -1 };
	bool found = false;
	time_t best = 0;
	for (size_t i = 0; i < sizeof(isdst_try) / sizeof(isdst_try[0]); i++) {
		struct tm tm = { 0 };
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_isdst = isdst_try[i];
		/* Seconds are 0, so a genuine result is never -1. */
		time_t t = mktime(&tm);
		struct tm back;
		if (t == (time_t)-1 || !localtime_r(&t, &back))
			continue;
		if (back.tm_year != y - 1900 || back.tm_mon != mo - 1
		    || back.tm_mday != d || back.tm_hour != h || back.tm_min != mi)
			continue;
		if (!found || t < best)
			best = t;
		found = true;
	}
	if (found && out)
		*out = best;
	return found;
}

time_t dt_next_midnight(time_t midnight)
{
	/* A day later in real time is 00:00, 01:00 after a short day or
	 * 23:00 (the day before) after a long one. */
	time_t t = midnight + 86400;
	struct tm tm;
	dt_utc_to_local(t, &tm);
	long into = tm.tm_hour * 3600L + tm.tm_min * 60L + tm.tm_sec;
	return tm.tm_hour < 12 ? t - into : t + (86400 - into);
}

void dt_utc_to_local(time_t t, struct tm *out)
{
	if (!localtime_r(&t, out))
		memset(out, 0, sizeof(*out));
}

/* Reads exactly n digits. */
static bool digits(const char *s, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return true;
}

bool dt_parse_ymd(const char *s, int *y, int *mo, int *d)
{
	int yy, mm, dd;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &yy) || !digits(s + 5, 2, &mm) || !digits(s + 8, 2, &dd))
		return false;
	if (!real_date(yy, mm, dd))
		return false;
	*y = yy;
	*mo = mm;
	*d = dd;
	return true;
}

bool dt_parse_sql(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec;
	if (!s || strlen(s) != 19 || s[10] != ' ' || s[13] != ':' || s[16] != ':')
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!dt_parse_ymd(date, &y, &mo, &d))
		return false;
	if (!digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec))
		return false;
	if (h > 23 || mi > 59 || sec > 59)
		return false;
	/* UTC text: pure arithmetic, so the process TZ plays no part. */
	long long t = days_from_civil(y, mo, d) * 86400LL + h * 3600 + mi * 60 + sec;
	if (out)
		*out = (time_t)t;
	return true;
}

void dt_format_sql(time_t t, char *buf)
{
	long long secs = (long long)t;
	long long days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	int y, mo, d;
	civil_from_days(days, &y, &mo, &d);
	/* MariaDB's DATETIME range; clamping keeps the text 19 characters. */
	if (y < 0 || y > 9999) {
		memcpy(buf, y < 0 ? "0000-01-01 00:00:00" : "9999-12-31 23:59:59", 20);
		return;
	}
	int h = (int)(rem / 3600), mi = (int)(rem / 60 % 60), s = (int)(rem % 60);
	snprintf(buf, 20, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
}

int dt_weekday(int y, int mo, int d)
{
	/* 1970-01-01 was a Thursday (4). */
	long long w = (days_from_civil(y, mo, d) % 7 + 7 + 3) % 7;
	return (int)w + 1;
}

void dt_add_days(int *y, int *mo, int *d, int days)
{
	civil_from_days(days_from_civil(*y, *mo, *d) + days, y, mo, d);
}

int dt_days_between(int y1, int m1, int d1, int y2, int m2, int d2)
{
	return (int)(days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1));
}

void dt_today_local(int *y, int *mo, int *d)
{
	time_t now = time(NULL);
	struct tm tm;
	dt_utc_to_local(now, &tm);
	*y = tm.tm_year + 1900;
	*mo = tm.tm_mon + 1;
	*d = tm.tm_mday;
}
