/* hdclock.c — see hdclock.h. */
#include "hdclock.h"
#include "datetime.h"

void hd_easter(int y, int *mo, int *d)
{
	int a = y % 19, b = y / 100, c = y % 100, dd = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - dd - g + 15) % 30;
	int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	*mo = (h + l - 7 * m + 114) / 31;
	*d = (h + l - 7 * m + 114) % 31 + 1;
}

bool hd_holiday(int y, int mo, int d)
{
	static const int fixed[][2] = { { 1, 1 }, { 5, 1 }, { 5, 8 }, { 7, 14 }, { 8, 15 }, { 11, 1 }, { 11, 11 }, { 12, 25 } };
	for (unsigned i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (fixed[i][0] == mo && fixed[i][1] == d)
			return true;
	int em, ed;
	hd_easter(y, &em, &ed);
	/* Easter Monday (+1), Ascension (+39), Whit Monday (+50). */
	static const int after[] = { 1, 39, 50 };
	for (unsigned i = 0; i < sizeof(after) / sizeof(after[0]); i++) {
		int yy = y, mm = em, dd = ed;
		dt_add_days(&yy, &mm, &dd, after[i]);
		if (mm == mo && dd == d)
			return true;
	}
	return false;
}

bool hd_working_day(int y, int mo, int d)
{
	return dt_weekday(y, mo, d) <= 5 && !hd_holiday(y, mo, d);
}

long long hd_business_seconds(time_t from, time_t to)
{
	if (to <= from)
		return 0;
	struct tm lt;
	dt_utc_to_local(from, &lt);
	int y = lt.tm_year + 1900, mo = lt.tm_mon + 1, d = lt.tm_mday;
	long long total = 0;
	/* One local day at a time (its window converted on its own, so a
	 * daylight-saving change moves nothing); at most ~3 years of days. */
	for (int guard = 0; guard < 3 * 366 + 2; guard++) {
		time_t open, close;
		if (!dt_local_to_utc(y, mo, d, HD_OPEN_MIN / 60, HD_OPEN_MIN % 60, &open))
			break;
		if (open >= to)
			break;
		if (hd_working_day(y, mo, d) && dt_local_to_utc(y, mo, d, HD_CLOSE_MIN / 60, HD_CLOSE_MIN % 60, &close)) {
			time_t a = open > from ? open : from, b = close < to ? close : to;
			if (b > a)
				total += (long long)(b - a);
		}
		dt_add_days(&y, &mo, &d, 1);
	}
	return total;
}

bool hd_open_at(time_t t)
{
	return hd_business_seconds(t, t + 1) == 1;
}
