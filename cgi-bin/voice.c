/* voice.c — creneau-voice: the voice server. A FastAGI server (Asterisk's
 * AGI over TCP, what Asterisk and Asterisk-based PBXs such as Wazo use to
 * hand a call to a program): the dialplan line
 *     AGI(agi://127.0.0.1:4573/creneau)
 * opens one connection per call. One process per call, forked at accept,
 * at most voice_max_calls at once (further calls wait in the listen queue):
 * a crash costs one call, and a call holds its database connection for its
 * life, as a worker does for a request.
 *
 *   creneau-voice [--port N]       serve (voice_listen, voice_port)
 *   creneau-voice --prompts LANG   print the prompts' texts, "name<TAB>text"
 *                                  (scripts/voice-prompts.sh makes the sounds) */
#include "voice.h"

#include "config.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "tpl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#define MAX_CALLS 1000

static volatile sig_atomic_t stopping;

/* Takes a call's process off the list: 1 when it was there. */
static int forget(pid_t *calls, pid_t p)
{
	for (int i = 0; i < MAX_CALLS; i++)
		if (calls[i] == p) {
			calls[i] = 0;
			return 1;
		}
	return 0;
}

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked accept() or poll() returns, and the call
	 * unwinds (its hold given up) before the process ends. */
	sigaction(sig, &sa, NULL);
}

static int print_prompts(const char *lang)
{
	i18n_use(lang);
	struct arena *a = arena_new();
	size_t n;
	const struct voice_prompt *p = voice_prompts(a, &n);
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\n", p[i].name, p[i].text);
	arena_free(a);
	return 0;
}

static void serve_call(int fd)
{
	set_handler(SIGTERM, on_term);
	set_handler(SIGINT, on_term);
	db_connect();      /* when down, the call hears "unavailable" */
	struct voice_call c;
	memset(&c, 0, sizeof(c));
	c.a = arena_new();
	if (agi_start(&c.g, fd, 10)) {
		c.lang = str_starts(c.g.language, "en") ? "en" : "fr";
		i18n_use(c.lang);
		c.sounds = config_get("voice_sounds_dir", "build/voice");
		c.recorded = config_get("voice_recorded_dir", "");
		c.transfer_to = config_get("voice_transfer_extension", "agents");
		voice_call_run(&c);
		voice_release_hold(&c);
	} else
		log_error("voice: a connection without a valid AGI environment");
	close(fd);
	arena_free(c.a);
	db_close();
#if defined(__SANITIZE_ADDRESS__)
	__lsan_do_leak_check();
#endif
	_exit(0);
}

int main(int argc, char **argv)
{
	long port_arg = -1;
	const char *prompts = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			port_arg = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--prompts") && i + 1 < argc)
			prompts = argv[++i];
		else if (!strcmp(argv[i], "--locale") && i + 1 < argc)
			setenv("CRENEAU_VOICE_LOCALE", argv[++i], 1);
		else {
			fprintf(stderr, "usage: creneau-voice [--port N] | --prompts LANG [--locale DIR]\n");
			return 2;
		}
	}
	if (prompts) {
		/* At build time: no settings, the catalogues of the build. */
		i18n_init(getenv("CRENEAU_VOICE_LOCALE") ? getenv("CRENEAU_VOICE_LOCALE") : "build/locale");
		return print_prompts(prompts);
	}
	if (sodium_init() < 0)
		return 1;
	config_load(NULL);
	dt_init(config_get("timezone", "Europe/Paris"));
	i18n_init(config_get("locale_dir", "build/locale"));
	/* The SMS are rendered from the templates (msg_*.tpl), parsed once
	 * before the calls are forked. */
	static const char *const langs[] = { "fr", "en", NULL };
	if (!tpl_init(config_get("templates_dir", "templates"), langs))
		return 1;
	long port = port_arg >= 0 ? port_arg : config_int("voice_port", 4573);
	const char *host = config_get("voice_listen", "127.0.0.1");
	int max_calls = (int)config_int("voice_max_calls", 60);
	if (max_calls < 1)
		max_calls = 1;

	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		log_error("voice: voice_listen must be an IPv4 address");
		return 1;
	}
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(lfd, 128) != 0) {
		log_error("voice: cannot listen on %s:%ld", host, port);
		return 1;
	}
	set_handler(SIGTERM, on_term);
	set_handler(SIGINT, on_term);
	signal(SIGPIPE, SIG_IGN);
	log_info("voice: listening on %s:%ld, at most %d calls", host, port, max_calls);
	if (max_calls > MAX_CALLS)
		max_calls = MAX_CALLS;
	static pid_t calls[MAX_CALLS];
	int live = 0;
	while (!stopping) {
		pid_t done;
		while (live > 0 && (done = waitpid(-1, NULL, WNOHANG)) > 0)
			live -= forget(calls, done);
		if (live >= max_calls) {
			if ((done = waitpid(-1, NULL, 0)) > 0)
				live -= forget(calls, done);
			continue;
		}
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno != EINTR)
				usleep(100000);
			continue;
		}
		pid_t p = fork();
		if (p == 0) {
			close(lfd);
			serve_call(fd);
		}
		close(fd);
		if (p > 0) {
			for (int i = 0; i < MAX_CALLS; i++)
				if (!calls[i]) {
					calls[i] = p;
					break;
				}
			live++;
		}
		else
			log_error("voice: cannot fork for a call");
	}
	close(lfd);
	/* The calls in progress end with their hold given up. */
	for (int i = 0; i < MAX_CALLS; i++)
		if (calls[i])
			kill(calls[i], SIGTERM);
	while (live > 0 && waitpid(-1, NULL, 0) > 0)
		live--;
	log_info("voice: stopped");
	return 0;
}
