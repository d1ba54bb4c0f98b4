/* db.c — see db.h. */
#include "db.h"
#include "config.h"
#include "log.h"

#include <errmsg.h>
#include <mysql.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static MYSQL *conn;
static unsigned last_errno;
static bool in_tx;
static bool unit_failed;     /* see db_failed() */
static bool tx_doomed;       /* a deadlock rolled the open transaction back */

static struct {
	db_hook_fn commit, rollback;
} hooks[DB_MAX_HOOKS];
static size_t nhooks;

void db_hook(db_hook_fn on_commit, db_hook_fn on_rollback)
{
	for (size_t i = 0; i < nhooks; i++)
		if (hooks[i].commit == on_commit && hooks[i].rollback == on_rollback)
			return;
	if (nhooks == DB_MAX_HOOKS) {
		log_error("db_hook: more than %d hooks", DB_MAX_HOOKS);
		abort();
	}
	hooks[nhooks].commit = on_commit;
	hooks[nhooks].rollback = on_rollback;
	nhooks++;
}

static void run_hooks(bool committed)
{
	for (size_t i = 0; i < nhooks; i++) {
		db_hook_fn fn = committed ? hooks[i].commit : hooks[i].rollback;
		if (fn)
			fn();
	}
}

void db_unit_begin(void)
{
	unit_failed = false;
}

bool db_failed(void)
{
	return unit_failed;
}

/* The answers a caller reads, and the errors it may retry, do not fail
 * the unit. */
static bool answer_or_retry(unsigned e)
{
	return e == DB_ERR_DUP || e == DB_ERR_CHECK || e == DB_ERR_DEADLOCK || e == DB_ERR_LOCK_WAIT;
}

/* Records the outcome of a failed statement (last_errno set). */
static void failed_statement(void)
{
	if (in_tx && last_errno == DB_ERR_DEADLOCK)
		tx_doomed = true;
	if (!answer_or_retry(last_errno))
		unit_failed = true;
}

#define STMT_CACHE 256
static struct {
	const char *sql;
	MYSQL_STMT *stmt;
} cache[STMT_CACHE];
static size_t ncache;
static bool keep_prepared = true;

void db_keep_prepared(bool keep)
{
	keep_prepared = keep;
}

static void cache_clear(void)
{
	for (size_t i = 0; i < ncache; i++)
		mysql_stmt_close(cache[i].stmt);
	ncache = 0;
}

/* The settings' prefix of the account to connect as ("" or e.g. "stats_"). */
static const char *account = "";

void db_account(const char *prefix)
{
	account = prefix ? prefix : "";
}

/* The setting key for the account: stats_db_user, else db_user. */
static const char *account_get(const char *key, const char *dflt)
{
	char k[64];
	snprintf(k, sizeof(k), "%s%s", account, key);
	const char *v = *account ? config_get(k, NULL) : NULL;
	return v ? v : config_get(key, dflt);
}

/* What this process saw of the database, for /healthz. */
static struct db_health health;

const struct db_health *db_health(void)
{
	return &health;
}

bool db_connect(void)
{
	if (conn) {
		cache_clear();
		mysql_close(conn);
	}
	conn = mysql_init(NULL);
	if (!conn)
		return false;
	const char *pwfile = account_get("db_password_file", NULL);
	char *pw = pwfile ? config_read_file(pwfile) : NULL;
	unsigned timeout = 5;
	mysql_optionsv(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(conn, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	MYSQL *ok = mysql_real_connect(conn, NULL, account_get("db_user", "creneau"), pw,
				       config_get("db_name", "creneau"), 0,
				       config_get("db_socket", NULL), 0);
	free(pw);
	if (!ok) {
		last_errno = mysql_errno(conn);
		log_error("db connect failed: %s", mysql_error(conn));
		mysql_close(conn);
		conn = NULL;
		health.failed_connects++;
		health.last_unreachable = time(NULL);
		return false;
	}
	if (health.connects++)
		health.last_reconnect = time(NULL);
	/* A transaction open on the old connection is gone. */
	if (in_tx)
		run_hooks(false);
	in_tx = false;
	tx_doomed = false;
	return true;
}

void db_close(void)
{
	if (!conn)
		return;
	cache_clear();
	mysql_close(conn);
	conn = NULL;
}

bool db_ping(void)
{
	if (!conn && !db_connect())
		return false;
	if (mysql_ping(conn) == 0)
		return true;
	return db_connect() && mysql_ping(conn) == 0;
}

static MYSQL_STMT *prepare(const char *sql)
{
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].sql == sql)
			return cache[i].stmt;
	MYSQL_STMT *st = mysql_stmt_init(conn);
	if (!st)
		return NULL;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql))) {
		last_errno = mysql_stmt_errno(st);
		log_error("prepare failed (%u): %s", last_errno, mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	if (keep_prepared && ncache < STMT_CACHE) {
		cache[ncache].sql = sql;
		cache[ncache].stmt = st;
		ncache++;
	}
	return st;
}

static bool lost(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST || e == 1927 /* connection killed */;
}

#define MAX_PARAMS 128

/* The bind-type letters of fmt (see db_exec) and what MariaDB is told of
 * each; the buffer is the parameter itself, a string's with its length. */
static const struct bind_type {
	char letter;
	enum enum_field_types type;
	bool is_unsigned;
} bind_types[] = {
	{ 'i', MYSQL_TYPE_LONGLONG, false },
	{ 'u', MYSQL_TYPE_LONGLONG, true },
	{ 'd', MYSQL_TYPE_DOUBLE, false },
	{ 's', MYSQL_TYPE_STRING, false },
};

static const struct bind_type *bind_type_of(char letter)
{
	for (size_t i = 0; i < ARRAY_LEN(bind_types); i++)
		if (bind_types[i].letter == letter)
			return &bind_types[i];
	return NULL;
}

bool db_bind_params(const char *fmt, const union db_param *pv, size_t np, MYSQL_BIND *b,
                    unsigned long *len, char *isnull)
{
	for (size_t i = 0; i < np; i++) {
		const struct bind_type *t = bind_type_of(fmt[i]);
		if (!t) {
			log_error("db_exec: bad format char %c", fmt[i]);
			return false;
		}
		memset(&b[i], 0, sizeof(b[i]));
		isnull[i] = 0;
		b[i].is_null = &isnull[i];
		b[i].buffer_type = t->type;
		b[i].is_unsigned = t->is_unsigned;
		if (t->type != MYSQL_TYPE_STRING) {
			b[i].buffer = (void *)&pv[i];
		} else if (!pv[i].s) {
			isnull[i] = 1;
			b[i].buffer_type = MYSQL_TYPE_NULL;
		} else {
			b[i].buffer = (void *)pv[i].s;
			len[i] = (unsigned long)strlen(pv[i].s);
			b[i].buffer_length = len[i];
			b[i].length = &len[i];
		}
	}
	return true;
}

/* As many parameters as the statement has markers, and no more than are
 * bound; a mistake of the caller's, logged. */
static bool params_fit(MYSQL_STMT *st, size_t np)
{
	if (np == mysql_stmt_param_count(st) && np <= MAX_PARAMS)
		return true;
	log_error("db_exec: %zu params given, %lu expected", np, mysql_stmt_param_count(st));
	return false;
}

/* Every column is fetched as text into a buffer of SMALL_CELL bytes; a
 * value that does not fit is fetched again with its real length. */
#define SMALL_CELL 256UL
struct row_bufs {
	unsigned ncols;
	MYSQL_BIND *bind;
	unsigned long *lens;
	my_bool *nulls, *errs;
	char **bufs;
};

/* Binds the result of st to buffers in a; false (last_errno set) when
 * MariaDB refuses them. */
static bool bind_result(struct arena *a, MYSQL_STMT *st, unsigned ncols, struct row_bufs *rb)
{
	rb->ncols = ncols;
	rb->bind = arena_alloc(a, ncols * sizeof(*rb->bind));
	rb->lens = arena_alloc(a, ncols * sizeof(*rb->lens));
	rb->nulls = arena_alloc(a, ncols * sizeof(*rb->nulls));
	rb->errs = arena_alloc(a, ncols * sizeof(*rb->errs));
	rb->bufs = arena_alloc(a, ncols * sizeof(*rb->bufs));
	for (unsigned c = 0; c < ncols; c++) {
		rb->bufs[c] = arena_alloc(a, SMALL_CELL);
		rb->bind[c].buffer_type = MYSQL_TYPE_STRING;
		rb->bind[c].buffer = rb->bufs[c];
		rb->bind[c].buffer_length = SMALL_CELL;
		rb->bind[c].length = &rb->lens[c];
		rb->bind[c].is_null = &rb->nulls[c];
		rb->bind[c].error = &rb->errs[c];
	}
	if (mysql_stmt_bind_result(st, rb->bind)) {
		last_errno = mysql_stmt_errno(st);
		log_error("bind result: %s", mysql_stmt_error(st));
		return false;
	}
	return true;
}

static bool fits(const struct row_bufs *rb, unsigned c)
{
	return rb->lens[c] < SMALL_CELL;
}

/* Column c of the row just fetched, which did not fit its buffer, into
 * big (its length + 1 bytes), NUL-terminated. */
static void fetch_long(MYSQL_STMT *st, const struct row_bufs *rb, unsigned c, char *big)
{
	MYSQL_BIND one;
	memset(&one, 0, sizeof(one));
	one.buffer_type = MYSQL_TYPE_STRING;
	one.buffer = big;
	one.buffer_length = rb->lens[c] + 1;
	mysql_stmt_fetch_column(st, &one, c, 0);
	big[rb->lens[c]] = '\0';
}

/* The row just fetched, copied into a as cells[0..ncols). */
static void store_row(struct arena *a, MYSQL_STMT *st, const struct row_bufs *rb, char **cells)
{
	for (unsigned c = 0; c < rb->ncols; c++) {
		if (rb->nulls[c]) {
			cells[c] = NULL;
		} else if (fits(rb, c)) {
			cells[c] = arena_strndup(a, rb->bufs[c], rb->lens[c]);
		} else {
			cells[c] = arena_alloc(a, rb->lens[c] + 1);
			fetch_long(st, rb, c, cells[c]);
		}
	}
}

/* The row just fetched, in place for a callback: short values in their
 * buffers, long ones malloc'ed and listed in owned[] for the caller to
 * free (the callback may overwrite row[]). */
static void stream_row(MYSQL_STMT *st, const struct row_bufs *rb, char **row, char **owned)
{
	for (unsigned c = 0; c < rb->ncols; c++) {
		if (rb->nulls[c]) {
			row[c] = NULL;
		} else if (fits(rb, c)) {
			rb->bufs[c][rb->lens[c]] = '\0';
			row[c] = rb->bufs[c];
		} else {
			row[c] = owned[c] = xmalloc(rb->lens[c] + 1);
			fetch_long(st, rb, c, row[c]);
		}
	}
}

static bool fetched(int rc)
{
	return rc == 0 || rc == MYSQL_DATA_TRUNCATED;
}

/* Reads every row into *cells (arena, row-major). Returns the last code
 * of mysql_stmt_fetch (1 on error). */
static int fetch_rows(struct arena *a, MYSQL_STMT *st, const struct row_bufs *rb, char ***cells, size_t *nrows)
{
	size_t cap = 16, ncols = rb->ncols;
	char **v = arena_alloc(a, cap * ncols * sizeof(char *));
	int rc;
	while (fetched(rc = mysql_stmt_fetch(st))) {
		if (*nrows == cap) {
			char **nv = arena_alloc(a, cap * 2 * ncols * sizeof(char *));
			memcpy(nv, v, cap * ncols * sizeof(char *));
			v = nv;
			cap *= 2;
		}
		store_row(a, st, rb, &v[*nrows * ncols]);
		(*nrows)++;
	}
	*cells = v;
	return rc;
}

/* Hands each row to fn as it arrives, until fn says stop; the rest is
 * read anyway (the protocol needs it). Returns as fetch_rows. */
static int stream_rows(MYSQL_STMT *st, const struct row_bufs *rb, db_row_fn fn, void *ctx, size_t *nrows)
{
	char **row = xcalloc(rb->ncols, sizeof(char *));
	char **owned = xcalloc(rb->ncols, sizeof(char *));
	int rc;
	while (fetched(rc = mysql_stmt_fetch(st))) {
		stream_row(st, rb, row, owned);
		bool go_on = fn(ctx, row, rb->ncols);
		for (unsigned c = 0; c < rb->ncols; c++) {
			free(owned[c]);
			owned[c] = NULL;
		}
		(*nrows)++;
		if (!go_on) {
			while (fetched(rc = mysql_stmt_fetch(st)))
				;
			break;
		}
	}
	free(row);
	free(owned);
	return rc;
}

/* The rows of an executed statement, into res or through fn. */
static long long read_rows(struct arena *a, MYSQL_STMT *st, unsigned ncols, struct db_res *res,
                           db_row_fn fn, void *ctx)
{
	struct row_bufs rb;
	if (!bind_result(a, st, ncols, &rb))
		return -1;
	char **cells = NULL;
	size_t nrows = 0;
	int rc = fn ? stream_rows(st, &rb, fn, ctx, &nrows) : fetch_rows(a, st, &rb, &cells, &nrows);
	if (rc == 1) {
		last_errno = mysql_stmt_errno(st);
		log_error("fetch: %s", mysql_stmt_error(st));
	}
	mysql_stmt_free_result(st);
	if (rc == 1)
		return -1;
	if (res) {
		res->nrows = nrows;
		res->ncols = ncols;
		res->cells = cells;
	}
	return (long long)nrows;
}

/* Executes st with its parameters (pb, NULL when none): the affected
 * rows, or the rows read. -1 on error, last_errno set; the answers a
 * caller reads and the retryable errors are not logged. */
static long long execute(struct arena *a, MYSQL_STMT *st, MYSQL_BIND *pb, struct db_res *res,
                         db_row_fn fn, void *ctx)
{
	if ((pb && mysql_stmt_bind_param(st, pb)) || mysql_stmt_execute(st)) {
		last_errno = mysql_stmt_errno(st);
		if (!answer_or_retry(last_errno))
			log_error("db error %u: %s", last_errno, mysql_stmt_error(st));
		return -1;
	}
	unsigned ncols = mysql_stmt_field_count(st);
	if (ncols == 0)
		return (long long)mysql_stmt_affected_rows(st);
	return read_rows(a, st, ncols, res, fn, ctx);
}

static bool is_cached(MYSQL_STMT *st)
{
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].stmt == st)
			return true;
	return false;
}

/* One execution of sql on the current connection: prepared (or taken
 * from the cache), bound, executed and read, then closed unless cached.
 * Returns as db_exec; what failed is in last_errno (0 for a mistake of
 * the caller's, which no retry mends). */
static long long exec_once(struct arena *a, struct db_res *res, const char *sql,
                           const char *fmt, const union db_param *pv, db_row_fn fn, void *ctx)
{
	if (!conn && !db_connect())
		return -1;
	MYSQL_STMT *st = prepare(sql);
	if (!st) {
		if (!mysql_errno(conn) && !last_errno)
			last_errno = CR_SERVER_LOST;
		return -1;
	}
	bool cached = is_cached(st);
	MYSQL_BIND pb[MAX_PARAMS];
	unsigned long slen[MAX_PARAMS];
	char isnull[MAX_PARAMS];
	size_t np = strlen(fmt);
	long long ret = -1;
	if (!params_fit(st, np) || !db_bind_params(fmt, pv, np, pb, slen, isnull))
		last_errno = 0;   /* nothing was sent */
	else if ((ret = execute(a, st, np ? pb : NULL, res, fn, ctx)) < 0)
		/* COM_STMT_RESET is a round trip of its own: only after a
		 * failure. A statement whose rows were all read (and freed)
		 * is ready for its next execute as it is (no cursors, no long
		 * data here). */
		mysql_stmt_reset(st);
	if (!cached)
		mysql_stmt_close(st);
	return ret;
}

/* A failed unit or a doomed transaction runs nothing more. */
static bool refused(void)
{
	if (unit_failed) {
		last_errno = DB_ERR_FAILED;
		return true;
	}
	if (in_tx && tx_doomed) {
		last_errno = DB_ERR_DOOMED;
		return true;
	}
	return false;
}

/* The variadic arguments as an array, by fmt; false on a bad fmt. */
static bool params_of(const char *fmt, va_list ap, union db_param *pv)
{
	size_t np = strlen(fmt);
	if (np > MAX_PARAMS) {
		log_error("db_exec: %zu params, at most %d", np, MAX_PARAMS);
		return false;
	}
	for (size_t i = 0; i < np; i++) {
		switch (fmt[i]) {
		case 'i': pv[i].i = va_arg(ap, long long); break;
		case 'u': pv[i].u = va_arg(ap, unsigned long long); break;
		case 'd': pv[i].d = va_arg(ap, double); break;
		case 's': pv[i].s = va_arg(ap, const char *); break;
		default:
			log_error("db_exec: bad format char %c", fmt[i]);
			return false;
		}
	}
	return true;
}

long long db_execv(struct arena *a, struct db_res *res, const char *sql, const char *fmt,
                   const union db_param *pv)
{
	if (res)
		memset(res, 0, sizeof(*res));
	if (refused())
		return -1;
	last_errno = 0;
	long long r = exec_once(a, res, sql, fmt, pv, NULL, NULL);
	if (r < 0 && !in_tx && (lost(last_errno) || !conn)) {
		log_info("db connection lost, reconnecting");
		if (db_connect())
			r = exec_once(a, res, sql, fmt, pv, NULL, NULL);
	}
	if (r < 0)
		failed_statement();
	return r;
}

long long db_exec(struct arena *a, struct db_res *res, const char *sql, const char *fmt, ...)
{
	union db_param pv[MAX_PARAMS];
	va_list ap;
	va_start(ap, fmt);
	bool ok = params_of(fmt, ap, pv);
	va_end(ap);
	if (!ok) {
		if (res)
			memset(res, 0, sizeof(*res));
		unit_failed = true;
		return -1;
	}
	return db_execv(a, res, sql, fmt, pv);
}

long long db_stream(db_row_fn fn, void *ctx, const char *sql, const char *fmt, ...)
{
	if (refused())
		return -1;
	last_errno = 0;
	union db_param pv[MAX_PARAMS];
	va_list ap;
	va_start(ap, fmt);
	bool ok = params_of(fmt, ap, pv);
	va_end(ap);
	if (!ok) {
		unit_failed = true;
		return -1;
	}
	/* The per-column buffers are small and live in a throw-away arena. */
	struct arena *a = arena_new();
	long long r = exec_once(a, NULL, sql, fmt, pv, fn, ctx);
	arena_free(a);
	if (r < 0)
		failed_statement();
	return r;
}

const char *db_val(const struct db_res *r, size_t row, size_t col)
{
	if (!r || row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->cells[row * r->ncols + col];
}

long long db_int(const struct db_res *r, size_t row, size_t col)
{
	const char *v = db_val(r, row, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

double db_double(const struct db_res *r, size_t row, size_t col)
{
	const char *v = db_val(r, row, col);
	return v ? strtod(v, NULL) : 0.0;
}

unsigned long long db_insert_id(void)
{
	return conn ? mysql_insert_id(conn) : 0;
}

unsigned db_errno(void)
{
	return last_errno;
}

bool db_begin(void)
{
	if (unit_failed) {
		last_errno = DB_ERR_FAILED;
		return false;
	}
	if (in_tx) {
		log_error("db_begin: a transaction is already open");
		last_errno = DB_ERR_FAILED;
		unit_failed = true;
		return false;
	}
	if (!conn && !db_connect())
		goto fail;
	if (mysql_query(conn, "START TRANSACTION")) {
		last_errno = mysql_errno(conn);
		if (lost(last_errno) && db_connect() && !mysql_query(conn, "START TRANSACTION"))
			goto ok;
		goto fail;
	}
ok:
	in_tx = true;
	tx_doomed = false;
	return true;
fail:
	if (!last_errno)
		last_errno = CR_SERVER_LOST;
	unit_failed = true;
	return false;
}

bool db_commit(void)
{
	if (!in_tx)
		return !unit_failed;
	if (unit_failed || tx_doomed) {
		/* Something in it failed: nothing of it may stay. */
		unsigned e = last_errno;
		db_rollback();
		last_errno = e ? e : DB_ERR_FAILED;
		return false;
	}
	in_tx = false;
	bool ok = mysql_commit(conn) == 0;
	if (!ok) {
		last_errno = mysql_errno(conn);
		log_error("commit failed: %s", mysql_error(conn));
		if (!answer_or_retry(last_errno))
			unit_failed = true;
	}
	/* Even after a failed COMMIT (the connection may have gone with the
	 * commit done): telling readers too much is harmless. */
	run_hooks(true);
	return ok;
}

void db_rollback(void)
{
	if (!in_tx)
		return;
	in_tx = false;
	tx_doomed = false;
	run_hooks(false);
	if (conn)
		mysql_rollback(conn);
}

bool db_in_tx(void)
{
	return in_tx;
}

bool db_retryable(void)
{
	return last_errno == DB_ERR_DEADLOCK || last_errno == DB_ERR_LOCK_WAIT;
}
