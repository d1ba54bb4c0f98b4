/* voice_say.c — what the caller hears: fixed prompts, and the variable
 * parts put together from the building blocks made at build time (the
 * French way: "le mardi premier janvier à 10 heures 30"), or, for the
 * catalog's free texts, spoken once by espeak-ng and kept. */
#include "voice.h"

#include "datetime.h"
#include "log.h"

#include <ctype.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every key interrupts a prompt: the caller may answer (or press 0 for an
 * agent) without listening to the end. */
#define ALL_KEYS "0123456789*#"

const char *voice_file(struct voice_call *c, const char *name)
{
	if (strchr(name, '/'))
		return name;
	/* A recorded file of the same name replaces the synthesised one. */
	if (c->recorded[0]) {
		const char *rec = arena_printf(c->a, "%s/%s/%s", c->recorded, c->lang, name);
		if (access(arena_printf(c->a, "%s.wav", rec), R_OK) == 0)
			return rec;
	}
	return arena_printf(c->a, "%s/%s/%s", c->sounds, c->lang, name);
}

int voice_say(struct voice_call *c, const char *name)
{
	if (c->over || c->g.dead)
		return -1;
	if (c->key)
		return c->key;     /* a key already pressed: skip the rest */
	int r = agi_stream(&c->g, voice_file(c, name), ALL_KEYS);
	if (r < 0)
		return -1;
	c->key = r;
	return r;
}

int voice_say_number(struct voice_call *c, int n)
{
	if (n < 0 || n > 59)
		return voice_say_text(c, arena_printf(c->a, "%d", n));
	return voice_say(c, arena_printf(c->a, "n-%d", n));
}

int voice_say_when(struct voice_call *c, time_t t)
{
	struct tm lt;
	dt_utc_to_local(t, &lt);
	int wd = dt_weekday(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
	voice_say(c, "the");
	voice_say(c, arena_printf(c->a, "day-%d", wd));
	if (lt.tm_mday == 1)
		voice_say(c, "first");
	else
		voice_say_number(c, lt.tm_mday);
	voice_say(c, arena_printf(c->a, "month-%d", lt.tm_mon + 1));
	voice_say(c, "at");
	voice_say_number(c, lt.tm_hour);
	voice_say(c, lt.tm_hour <= 1 ? "hour" : "hours");
	if (lt.tm_min)
		voice_say_number(c, lt.tm_min);
	return c->over ? -1 : c->key;
}

int voice_say_ref(struct voice_call *c, const char *ref)
{
	for (const char *p = ref; *p; p++) {
		if (isdigit((unsigned char)*p))
			voice_say_number(c, *p - '0');
		else if (isalpha((unsigned char)*p))
			voice_say(c, arena_printf(c->a, "l-%c", tolower((unsigned char)*p)));
	}
	return c->over ? -1 : c->key;
}

void voice_ref_keys(const char *ref, char *out)
{
	/* The letters on a telephone keypad (ITU E.161). */
	static const char keys[] = "22233344455566677778889999";
	size_t i = 0;
	for (; ref[i] && i < 8; i++) {
		unsigned char ch = (unsigned char)toupper((unsigned char)ref[i]);
		out[i] = isdigit(ch) ? (char)ch : (ch >= 'A' && ch <= 'Z') ? keys[ch - 'A'] : '?';
	}
	out[i] = '\0';
}

/* Runs argv[0] with its arguments (no shell: the text is an argument),
 * its output thrown away; true when it exited 0. */
static bool run(char *const argv[])
{
	pid_t p = fork();
	if (p < 0)
		return false;
	if (p == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	int st;
	while (waitpid(p, &st, 0) < 0)
		;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int voice_say_text(struct voice_call *c, const char *text)
{
	if (c->over || c->g.dead)
		return -1;
	if (c->key)
		return c->key;
	/* Named by a hash of the language and text: a changed text is a new
	 * file, the same text is spoken once for every call. */
	unsigned char h[12];
	crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text),
			   (const unsigned char *)c->lang, strlen(c->lang));
	char hex[25];
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	const char *dir = arena_printf(c->a, "%s/cache", c->sounds);
	const char *base = arena_printf(c->a, "%s/%s-%s", dir, c->lang, hex);
	const char *wav = arena_printf(c->a, "%s.wav", base);
	if (access(wav, R_OK) != 0) {
		mkdir(dir, 0755);
		/* Lines of the catalog's texts are items: a pause between them. */
		char *spoken = arena_strdup(c->a, text);
		for (char *p = spoken; *p; p++)
			if (*p == '\n')
				*p = ';';
		const char *raw = arena_printf(c->a, "%s.%d.raw.wav", base, (int)getpid());
		const char *tmp = arena_printf(c->a, "%s.%d.wav", base, (int)getpid());
		char *espeak[] = { "espeak-ng", "-v", (char *)c->lang, "-s", "150", "-w", (char *)raw, spoken, NULL };
		char *sox[] = { "sox", (char *)raw, "-r", "8000", "-c", "1", "-b", "16", (char *)tmp, NULL };
		bool ok = run(espeak) && run(sox) && rename(tmp, wav) == 0;
		unlink(raw);
		unlink(tmp);
		if (!ok) {
			log_error("voice: cannot synthesise a text (espeak-ng and sox installed?)");
			return 0;      /* the call goes on without it */
		}
	}
	return voice_say(c, base);
}
