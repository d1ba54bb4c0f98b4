/* server.c — see server.h. */
#include "server.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif
#include "log.h"
#include "route.h"
#include "serve.h"

#include <errno.h>
#include <stdbool.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 64

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* In a worker, libfcgi's accept loop retries on EINTR unless told that a
 * shutdown is pending. */
static void on_term_child(int sig)
{
	(void)sig;
	stopping = 1;
	FCGX_ShutdownPending();
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked accept() must return so the loop can end. */
	sigaction(sig, &sa, NULL);
}

/* _exit() skips LeakSanitizer's check at exit: a worker of the sanitizer
 * build asks for it before leaving (what the caches still hold is
 * reachable, so only real leaks are reported). */
static void leak_check(void)
{
#if defined(__SANITIZE_ADDRESS__)
	__lsan_do_leak_check();
#endif
}

static void child_loop(int fd, bool unix_socket, child_init_fn init, const struct route *routes, size_t n)
{
	set_handler(SIGTERM, on_term_child);
	set_handler(SIGINT, on_term_child);
	signal(SIGPIPE, SIG_IGN);
	if (init && !init()) {
		log_error("worker init failed");
		_exit(3);
	}
	FCGX_Request req;
	if (FCGX_InitRequest(&req, fd, 0) != 0)
		_exit(3);
	while (!stopping) {
		if (FCGX_Accept_r(&req) < 0) {
			if (stopping)
				break;
			continue;
		}
		serve_request(&req, routes, n);
		/* nginx reaches the workers over a Unix socket, where close()
		 * loses nothing already written: detached, libfcgi closes at
		 * once instead of shutting down and waiting for nginx to hang
		 * up (a sleep, a wake-up and three system calls per page). */
		if (unix_socket)
			FCGX_Detach(&req);
		FCGX_Finish_r(&req);
	}
	leak_check();
	_exit(0);
}

int server_run(const char *socket_path, int workers, child_init_fn init,
               const struct route *routes, size_t nroutes)
{
	/* A route that names roles with no guard would open to anyone: refuse
	 * to start rather than serve it. */
	if (!routes_check(routes, nroutes, route_guard != NULL))
		return 1;
	if (workers < 1)
		workers = 1;
	if (workers > MAX_WORKERS)
		workers = MAX_WORKERS;
	if (FCGX_Init() != 0) {
		log_error("FCGX_Init failed");
		return 1;
	}
	unlink(socket_path);
	int fd = FCGX_OpenSocket(socket_path, 512);
	if (fd < 0) {
		log_error("cannot listen on %s", socket_path);
		return 1;
	}
	/* nginx may run under another user: the socket's directory is the
	 * access control, the socket itself is open to it. */
	chmod(socket_path, 0666);

	set_handler(SIGTERM, on_term);
	set_handler(SIGINT, on_term);
	signal(SIGPIPE, SIG_IGN);

	pid_t pids[MAX_WORKERS] = {0};
	time_t started[MAX_WORKERS] = {0};
	log_info("listening on %s with %d workers", socket_path, workers);
	while (!stopping) {
		for (int i = 0; i < workers && !stopping; i++) {
			if (pids[i] > 0)
				continue;
			/* A worker that dies within a second of starting is
			 * throttled, so a broken setup does not fork-bomb. */
			if (started[i] && time(NULL) - started[i] < 1)
				sleep(1);
			pid_t p = fork();
			if (p == 0)
				child_loop(fd, socket_path[0] == '/', init, routes, nroutes);
			if (p > 0) {
				pids[i] = p;
				started[i] = time(NULL);
			}
		}
		int status;
		pid_t dead = waitpid(-1, &status, 0);
		if (dead < 0) {
			if (errno == EINTR)
				continue;
			sleep(1);
			continue;
		}
		for (int i = 0; i < workers; i++)
			if (pids[i] == dead) {
				pids[i] = 0;
				if (!stopping)
					log_error("worker %d exited (status %d), replacing it", (int)dead, status);
			}
	}
	for (int i = 0; i < workers; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (int i = 0; i < workers; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	unlink(socket_path);
	log_info("stopped");
	return 0;
}
