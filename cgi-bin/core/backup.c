/* backup.c — see backup.h. */
#include "backup.h"
#include "config.h"
#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A private options file for the client tools: [client] with the
 * account, its password and the socket. path >= 64 bytes. */
static bool options_file(char *path, size_t n)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(path, n, "%s/creneau-db-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);          /* mode 0600 */
	if (fd < 0)
		return false;
	const char *pwfile = config_get("db_password_file", NULL);
	char *pw = pwfile ? config_read_file(pwfile) : NULL;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		free(pw);
		unlink(path);
		return false;
	}
	fprintf(f, "[client]\nuser=%s\n", config_get("db_user", "creneau"));
	if (pw)
		fprintf(f, "password=%s\n", pw);
	if (config_get("db_socket", NULL))
		fprintf(f, "socket=%s\n", config_get("db_socket", NULL));
	free(pw);
	bool ok = fflush(f) == 0 && fsync(fd) == 0;
	fclose(f);
	if (!ok)
		unlink(path);
	return ok;
}

/* Starts argv with stdin from in_fd and stdout to out_fd (-1: inherited). */
static pid_t spawn(char *const argv[], int in_fd, int out_fd)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (in_fd >= 0 && dup2(in_fd, 0) < 0)
			_exit(127);
		if (out_fd >= 0 && dup2(out_fd, 1) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static pid_t start(char *const argv[], int out_fd)
{
	return spawn(argv, -1, out_fd);
}

/* True when the child exited with 0. */
static bool finish(pid_t pid)
{
	int st;
	if (pid <= 0)
		return false;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static bool run(char *const argv[], int in_fd, int out_fd)
{
	return finish(spawn(argv, in_fd, out_fd));
}

/* Copies the dump from in to out without the DEFINER of triggers and
 * routines: the migrations create them as the administrator, and a dump
 * that names that account could only be restored by it. The restored
 * objects then belong to the account that loads them. */
static bool copy_without_definers(FILE *in, FILE *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool ok = true;
	while (ok && (n = getline(&line, &cap, in)) >= 0) {
		/* DEFINER=`user`@`host` (and the space after it) goes. */
		char *p = line, *d;
		while (ok && (d = strstr(p, "DEFINER=`")) != NULL) {
			char *at = strstr(d + 9, "`@`");
			char *end = at ? strchr(at + 3, '`') : NULL;
			if (!end)
				break;
			end++;
			if (*end == ' ')
				end++;
			ok = fwrite(p, 1, (size_t)(d - p), out) == (size_t)(d - p);
			p = end;
		}
		size_t rest = (size_t)(line + n - p);
		ok = ok && fwrite(p, 1, rest, out) == rest;
	}
	free(line);
	return ok && !ferror(in);
}

static int cmp_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* A backup's name: creneau-<16 characters of time>.sql. */
static bool is_backup(const char *name)
{
	size_t n = strlen(name);
	return n == strlen("creneau-YYYYMMDDTHHMMSSZ.sql") && strncmp(name, "creneau-", 8) == 0 &&
	       strcmp(name + n - 4, ".sql") == 0;
}

int backup_list(const char *dir, char **names, int max)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0, cap = 64;
	char **all = malloc((size_t)cap * sizeof(*all));
	struct dirent *e;
	while (all && (e = readdir(d))) {
		if (!is_backup(e->d_name))
			continue;
		if (n == cap) {
			char **more = realloc(all, (size_t)(cap *= 2) * sizeof(*all));
			if (!more)
				break;
			all = more;
		}
		all[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (!all)
		return -1;
	/* The names hold the UTC time in order: newest first by name. */
	qsort(all, (size_t)n, sizeof(*all), cmp_desc);
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (k < max)
			names[k++] = all[i];
		else
			free(all[i]);
	}
	free(all);
	return k;
}

/* Removes the backups beyond the `keep` newest. */
static void rotate(const char *dir, int keep)
{
	char *names[1024];
	int n = backup_list(dir, names, 1024);
	for (int i = 0; i < n; i++) {
		if (i >= keep) {
			char p[4096];
			snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
			if (unlink(p) == 0)
				log_info("backup %s removed (more than %d kept)", names[i], keep);
		}
		free(names[i]);
	}
}

bool backup_run(const char *dir, int keep, char *out, size_t outsz)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return false;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	char part[4096], opts[256];
	snprintf(out, outsz, "%s/creneau-%s.sql", dir, stamp);
	snprintf(part, sizeof(part), "%s.part", out);
	if (!options_file(opts, sizeof(opts)))
		return false;
	int fd = open(part, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int p[2] = { -1, -1 };
	bool ok = fd >= 0 && pipe(p) == 0;
	if (ok) {
		char defaults[300];
		snprintf(defaults, sizeof(defaults), "--defaults-extra-file=%s", opts);
		char *argv[] = { "mariadb-dump", defaults, "--single-transaction", "--quick", "--no-tablespaces", "--routines",
				 "--triggers", "--hex-blob", "--default-character-set=utf8mb4",
				 (char *)config_get("db_name", "creneau"), NULL };
		pid_t pid = start(argv, p[1]);
		close(p[1]);
		FILE *in = fdopen(p[0], "r"), *dump = fdopen(fd, "w");
		ok = pid > 0 && in && dump && copy_without_definers(in, dump);
		if (in)
			fclose(in);
		else
			close(p[0]);
		ok = finish(pid) && ok;
		ok = dump && fflush(dump) == 0 && fsync(fd) == 0 && ok;
		if (dump)
			ok = fclose(dump) == 0 && ok;
		else
			close(fd);
	} else if (fd >= 0)
		close(fd);
	unlink(opts);
	/* Only a complete dump gets the final name. */
	if (ok && rename(part, out) == 0) {
		rotate(dir, keep < 1 ? 1 : keep);
		return true;
	}
	unlink(part);
	return false;
}

bool backup_restore(const char *file)
{
	int fd = open(file, O_RDONLY);
	if (fd < 0)
		return false;
	char opts[256];
	if (!options_file(opts, sizeof(opts))) {
		close(fd);
		return false;
	}
	char defaults[300];
	snprintf(defaults, sizeof(defaults), "--defaults-extra-file=%s", opts);
	char *argv[] = { "mariadb", defaults, "--default-character-set=utf8mb4",
			 (char *)config_get("db_name", "creneau"), NULL };
	bool ok = run(argv, fd, -1);
	close(fd);
	unlink(opts);
	return ok;
}
