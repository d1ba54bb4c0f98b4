/* log.c — see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char reqid[40];

void log_set_request_id(const char *id)
{
	snprintf(reqid, sizeof(reqid), "%s", id ? id : "");
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	char msg[2048];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* Keep one event on one line whatever the message holds. */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "%s %s pid=%d%s%s %s\n", ts, level, (int)getpid(),
		reqid[0] ? " req=" : "", reqid, msg);
	fflush(stderr);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}

const char *log_mask_contact(const char *c, char *out, size_t outsz)
{
	if (!c || !*c) {
		snprintf(out, outsz, "-");
		return out;
	}
	const char *at = strchr(c, '@');
	if (at) {
		snprintf(out, outsz, "%c***%.50s", c[0], at);
		return out;
	}
	size_t n = strlen(c);
	if (n < 6) {
		snprintf(out, outsz, "***");
		return out;
	}
	snprintf(out, outsz, "%.4s******%s", c, c + n - 2);
	return out;
}
