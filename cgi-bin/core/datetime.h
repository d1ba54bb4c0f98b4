/* datetime.h — wall-clock time in the platform's time zone (Europe/Paris by
 * default) versus UTC as stored in the database. The process time zone is
 * set once by dt_init(); every conversion goes through mktime/localtime_r so
 * daylight-saving changes are handled by the system's tzdata. */
#ifndef CRENEAU_DATETIME_H
#define CRENEAU_DATETIME_H
#include <stdbool.h>
#include <time.h>

/* Sets TZ for the process (e.g. "Europe/Paris") and calls tzset(). */
void dt_init(const char *tzname);

/* Local civil date/time -> UTC instant. Returns false when that wall time
 * does not exist (skipped by a spring-forward change). For an ambiguous
 * time (repeated by a fall-back change) the first occurrence (summer
 * time) is returned. */
bool dt_local_to_utc(int y, int mo, int d, int h, int mi, time_t *out);

/* The local midnight that follows the local midnight `midnight`: 24
 * hours later, 23 or 25 across a daylight-saving change. One conversion,
 * where dt_local_to_utc() makes several. */
time_t dt_next_midnight(time_t midnight);

/* UTC instant -> local broken-down time. */
void dt_utc_to_local(time_t t, struct tm *out);

/* "YYYY-MM-DD HH:MM:SS" (UTC, as MariaDB DATETIME text) <-> time_t.
 * dt_parse_sql returns false on malformed text. buf >= 20 bytes. */
bool dt_parse_sql(const char *s, time_t *out);
void dt_format_sql(time_t t, char *buf);

/* Calendar helpers on civil dates (no time zone). */
bool dt_parse_ymd(const char *s, int *y, int *mo, int *d);   /* strict YYYY-MM-DD */
int  dt_weekday(int y, int mo, int d);                       /* 1 = Monday .. 7 = Sunday */
void dt_add_days(int *y, int *mo, int *d, int days);         /* may be negative */
int  dt_days_between(int y1, int m1, int d1, int y2, int m2, int d2); /* date2 - date1 */
void dt_today_local(int *y, int *mo, int *d);                /* today in the platform zone */

#endif
