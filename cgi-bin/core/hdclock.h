/* hdclock.h — the help desk's clock: its opening hours (8:30 to 16:30 on
 * working days, in the platform's time zone: Europe/Paris), the French
 * public holidays (the eight fixed days, Easter Monday, Ascension, Whit
 * Monday) being closed. The SLA timers of the tickets count only these
 * hours. Pure functions over the process time zone (dt_init). */
#ifndef CRENEAU_HDCLOCK_H
#define CRENEAU_HDCLOCK_H
#include <stdbool.h>
#include <time.h>

#define HD_OPEN_MIN (8 * 60 + 30)    /* local minutes after midnight */
#define HD_CLOSE_MIN (16 * 60 + 30)

/* Easter Sunday of year y (Gregorian, anonymous algorithm). */
void hd_easter(int y, int *mo, int *d);
/* A French public holiday (métropole). */
bool hd_holiday(int y, int mo, int d);
/* Monday to Friday and not a holiday. */
bool hd_working_day(int y, int mo, int d);
/* Seconds of opening hours in [from, to) (UTC instants); 0 when to <= from. */
long long hd_business_seconds(time_t from, time_t to);
/* Whether the help desk is open at t. */
bool hd_open_at(time_t t);

#endif
