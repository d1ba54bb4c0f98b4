/* voice_agi.c — see voice_agi.h. */
#include "voice_agi.h"

#include "log.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* Asterisk answers each command when it is done (a prompt played, keys
 * read): a minute and a half covers the longest prompt with its wait; a
 * peer silent for longer is gone. */
#define REPLY_TIMEOUT_MS 90000

/* One line without its "\n" (and "\r") into line; false on EOF, error or
 * timeout. */
static bool read_line(struct agi *g, char *line, size_t linesz, int timeout_ms)
{
	for (;;) {
		char *nl = memchr(g->buf, '\n', g->len);
		if (nl) {
			size_t n = (size_t)(nl - g->buf);
			size_t k = n < linesz - 1 ? n : linesz - 1;
			memcpy(line, g->buf, k);
			line[k] = '\0';
			if (k && line[k - 1] == '\r')
				line[k - 1] = '\0';
			memmove(g->buf, nl + 1, g->len - n - 1);
			g->len -= n + 1;
			return true;
		}
		if (g->len == sizeof(g->buf))
			g->len = 0;          /* a line longer than any Asterisk sends: dropped */
		struct pollfd p = { .fd = g->fd, .events = POLLIN };
		int pr = poll(&p, 1, timeout_ms);
		if (pr < 0 && errno == EINTR)
			return false;
		if (pr <= 0)
			return false;
		ssize_t r = read(g->fd, g->buf + g->len, sizeof(g->buf) - g->len);
		if (r <= 0)
			return false;
		g->len += (size_t)r;
	}
}

static void copy_value(char *dst, size_t dstsz, const char *v)
{
	snprintf(dst, dstsz, "%s", v);
}

bool agi_start(struct agi *g, int fd, int timeout_s)
{
	memset(g, 0, sizeof(*g));
	g->fd = fd;
	char line[AGI_LINE];
	int lines = 0;
	while (read_line(g, line, sizeof(line), timeout_s * 1000)) {
		if (!line[0])
			return lines > 0;
		if (++lines > 200)
			return false;
		char *colon = strstr(line, ": ");
		if (!colon || strncmp(line, "agi_", 4) != 0)
			return false;
		*colon = '\0';
		const char *k = line + 4, *v = colon + 2;
		if (!strcmp(k, "request"))
			copy_value(g->request, sizeof(g->request), v);
		else if (!strcmp(k, "callerid"))
			copy_value(g->callerid, sizeof(g->callerid), v);
		else if (!strcmp(k, "language"))
			copy_value(g->language, sizeof(g->language), v);
		else if (!strcmp(k, "uniqueid"))
			copy_value(g->uniqueid, sizeof(g->uniqueid), v);
		else if (!strcmp(k, "network_script"))
			copy_value(g->script, sizeof(g->script), v);
	}
	return false;
}

enum agi_line agi_parse_line(const char *line, struct agi_reply *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->result = -1;
	if (!strcmp(line, "HANGUP"))
		return AGI_HANGUP_LINE;
	if (!strncmp(line, "511", 3))
		return AGI_DEAD;
	if (!strncmp(line, "510", 3))
		return AGI_INVALID;
	if (!strncmp(line, "520", 3))
		return AGI_USAGE;
	if (strncmp(line, "200 result=", 11) != 0)
		return AGI_GARBAGE;
	const char *v = line + 11;
	size_t n = strcspn(v, " ");
	if (n >= sizeof(rep->value))
		n = sizeof(rep->value) - 1;
	memcpy(rep->value, v, n);
	rep->value[n] = '\0';
	/* GET DATA's keys may be empty ("result= (timeout)") and start with
	 * zeros: the text is what counts there, the number elsewhere. */
	char *end;
	long r = strtol(rep->value, &end, 10);
	rep->result = rep->value[0] && *end == '\0' ? (int)r : 0;
	const char *open = strchr(v + n, '(');
	const char *close = open ? strchr(open, ')') : NULL;
	if (open && close) {
		size_t m = (size_t)(close - open - 1);
		if (m >= sizeof(rep->extra))
			m = sizeof(rep->extra) - 1;
		memcpy(rep->extra, open + 1, m);
		rep->extra[m] = '\0';
	}
	return AGI_OK;
}

int agi_cmd(struct agi *g, struct agi_reply *rep, const char *fmt, ...)
{
	struct agi_reply scratch;
	if (!rep)
		rep = &scratch;
	memset(rep, 0, sizeof(*rep));
	rep->result = -1;
	if (g->dead)
		return -1;
	char cmd[AGI_LINE];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(cmd, sizeof(cmd) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(cmd) - 1)
		return -2;
	cmd[n++] = '\n';
	for (int off = 0; off < n;) {
		ssize_t w = send(g->fd, cmd + off, (size_t)(n - off), MSG_NOSIGNAL);
		if (w <= 0) {
			g->dead = true;
			return -1;
		}
		off += (int)w;
	}
	char line[AGI_LINE];
	for (;;) {
		if (!read_line(g, line, sizeof(line), REPLY_TIMEOUT_MS)) {
			g->dead = true;
			return -1;
		}
		switch (agi_parse_line(line, rep)) {
		case AGI_HANGUP_LINE:
			/* The answer to the command still follows (-1 or 511). */
			g->dead = true;
			continue;
		case AGI_OK:
			return rep->result;
		case AGI_DEAD:
			g->dead = true;
			return -1;
		case AGI_INVALID:
			log_error("voice: the PBX refused a command (510)");
			return -2;
		case AGI_USAGE:
			/* "520-..." lines up to "520 End of proper usage." */
			if (line[3] == '-')
				while (read_line(g, line, sizeof(line), REPLY_TIMEOUT_MS) && strncmp(line, "520 ", 4) != 0)
					;
			log_error("voice: the PBX answered a command with its usage (520)");
			return -2;
		case AGI_GARBAGE:
			g->dead = true;
			return -1;
		}
	}
}

int agi_stream(struct agi *g, const char *file, const char *escape)
{
	int r = agi_cmd(g, NULL, "STREAM FILE %s \"%s\"", file, escape);
	return r < 0 ? -1 : r;
}

int agi_wait_digit(struct agi *g, int ms)
{
	int r = agi_cmd(g, NULL, "WAIT FOR DIGIT %d", ms);
	return r < 0 ? -1 : r;
}

bool agi_get_data(struct agi *g, const char *file, int ms, int max, char *out, size_t outsz, bool *timeout)
{
	struct agi_reply rep;
	out[0] = '\0';
	*timeout = false;
	int r = agi_cmd(g, &rep, "GET DATA %s %d %d", file, ms, max);
	if (g->dead || r == -2 || rep.value[0] == '-')
		return false;
	snprintf(out, outsz, "%s", rep.value);
	*timeout = strcmp(rep.extra, "timeout") == 0;
	return true;
}

bool agi_set_variable(struct agi *g, const char *name, const char *value)
{
	return agi_cmd(g, NULL, "SET VARIABLE %s \"%s\"", name, value) == 1;
}

void agi_hangup(struct agi *g)
{
	if (!g->dead)
		agi_cmd(g, NULL, "HANGUP");
}
