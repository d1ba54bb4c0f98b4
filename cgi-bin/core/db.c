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
		return false;
	}
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
	bool cached = false;
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].stmt == st)
			cached = true;

	size_t np = strlen(fmt);
	if (np != mysql_stmt_param_count(st) || np > MAX_PARAMS) {
		log_error("db_exec: %zu params given, %lu expected", np, mysql_stmt_param_count(st));
		last_errno = 0;
		if (!cached)
			mysql_stmt_close(st);
		return -1;
	}
	MYSQL_BIND pb[MAX_PARAMS];
	long long ival[MAX_PARAMS];
	double dval[MAX_PARAMS];
	unsigned long slen[MAX_PARAMS];
	char isnull[MAX_PARAMS];
	memset(pb, 0, sizeof(pb[0]) * (np ? np : 1));
	for (size_t i = 0; i < np; i++) {
		isnull[i] = 0;
		switch (fmt[i]) {
		case 'i':
		case 'u':
			ival[i] = fmt[i] == 'i' ? pv[i].i : (long long)pv[i].u;
			pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
			pb[i].buffer = &ival[i];
			pb[i].is_unsigned = fmt[i] == 'u';
			break;
		case 'd':
			dval[i] = pv[i].d;
			pb[i].buffer_type = MYSQL_TYPE_DOUBLE;
			pb[i].buffer = &dval[i];
			break;
		case 's': {
			const char *s = pv[i].s;
			pb[i].buffer_type = MYSQL_TYPE_STRING;
			if (!s) {
				isnull[i] = 1;
				pb[i].buffer_type = MYSQL_TYPE_NULL;
			} else {
				pb[i].buffer = (void *)s;
				slen[i] = (unsigned long)strlen(s);
				pb[i].buffer_length = slen[i];
				pb[i].length = &slen[i];
			}
			break;
		}
		default:
			log_error("db_exec: bad format char %c", fmt[i]);
			return -1;
		}
		pb[i].is_null = &isnull[i];
	}
	long long ret = -1;
	if ((np && mysql_stmt_bind_param(st, pb)) || mysql_stmt_execute(st)) {
		last_errno = mysql_stmt_errno(st);
		if (last_errno != DB_ERR_DUP && last_errno != DB_ERR_CHECK &&
		    last_errno != DB_ERR_DEADLOCK && last_errno != DB_ERR_LOCK_WAIT)
			log_error("db error %u: %s", last_errno, mysql_stmt_error(st));
		goto out;
	}
	unsigned ncols = mysql_stmt_field_count(st);
	if (ncols == 0) {
		ret = (long long)mysql_stmt_affected_rows(st);
		goto out;
	}
	/* Fetch every column as text into a small buffer; a value that does
	 * not fit is fetched again with its real length. */
	MYSQL_BIND *rb = arena_alloc(a, ncols * sizeof(*rb));
	unsigned long *lens = arena_alloc(a, ncols * sizeof(*lens));
	my_bool *nulls = arena_alloc(a, ncols * sizeof(*nulls));
	my_bool *errs = arena_alloc(a, ncols * sizeof(*errs));
	char **bufs = arena_alloc(a, ncols * sizeof(*bufs));
	const unsigned long small = 256;
	for (unsigned c = 0; c < ncols; c++) {
		bufs[c] = arena_alloc(a, small);
		rb[c].buffer_type = MYSQL_TYPE_STRING;
		rb[c].buffer = bufs[c];
		rb[c].buffer_length = small;
		rb[c].length = &lens[c];
		rb[c].is_null = &nulls[c];
		rb[c].error = &errs[c];
	}
	if (mysql_stmt_bind_result(st, rb)) {
		last_errno = mysql_stmt_errno(st);
		log_error("bind result: %s", mysql_stmt_error(st));
		goto out;
	}
	size_t cap = 16, nrows = 0;
	char **cells = fn ? NULL : arena_alloc(a, cap * ncols * sizeof(char *));
	int rc;
	/* The callback may replace cells: what to free is kept apart. */
	char **row = fn ? xcalloc(ncols, sizeof(char *)) : NULL;
	char **owned = fn ? xcalloc(ncols, sizeof(char *)) : NULL;
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		if (fn) {
			/* Streaming: the row lives only during the call. */
			for (unsigned c = 0; c < ncols; c++) {
				if (nulls[c]) {
					row[c] = NULL;
				} else if (lens[c] < small) {
					bufs[c][lens[c]] = '\0';
					row[c] = bufs[c];
				} else {
					row[c] = owned[c] = xmalloc(lens[c] + 1);
					MYSQL_BIND one;
					memset(&one, 0, sizeof(one));
					one.buffer_type = MYSQL_TYPE_STRING;
					one.buffer = row[c];
					one.buffer_length = lens[c] + 1;
					mysql_stmt_fetch_column(st, &one, c, 0);
					row[c][lens[c]] = '\0';
				}
			}
			bool go_on = fn(ctx, row, ncols);
			for (unsigned c = 0; c < ncols; c++) {
				free(owned[c]);
				owned[c] = NULL;
			}
			nrows++;
			if (!go_on) {
				/* Drain the rest: the protocol needs it read. */
				while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED)
					;
				break;
			}
			continue;
		}
		if (nrows == cap) {
			char **nc = arena_alloc(a, cap * 2 * ncols * sizeof(char *));
			memcpy(nc, cells, cap * ncols * sizeof(char *));
			cells = nc;
			cap *= 2;
		}
		for (unsigned c = 0; c < ncols; c++) {
			char **cell = &cells[nrows * ncols + c];
			if (nulls[c]) {
				*cell = NULL;
			} else if (lens[c] < small) {
				*cell = arena_strndup(a, bufs[c], lens[c]);
			} else {
				char *big = arena_alloc(a, lens[c] + 1);
				MYSQL_BIND one;
				memset(&one, 0, sizeof(one));
				one.buffer_type = MYSQL_TYPE_STRING;
				one.buffer = big;
				one.buffer_length = lens[c] + 1;
				mysql_stmt_fetch_column(st, &one, c, 0);
				big[lens[c]] = '\0';
				*cell = big;
			}
		}
		nrows++;
	}
	free(row);
	free(owned);
	if (rc == 1) {
		last_errno = mysql_stmt_errno(st);
		log_error("fetch: %s", mysql_stmt_error(st));
		mysql_stmt_free_result(st);
		goto out;
	}
	mysql_stmt_free_result(st);
	if (res) {
		res->nrows = nrows;
		res->ncols = ncols;
		res->cells = cells;
	}
	ret = (long long)nrows;
out:
	/* COM_STMT_RESET is a round trip of its own: only after a failure.
	 * A statement whose rows were all read (and freed) is ready for its
	 * next execute as it is (no cursors, no long data here). */
	if (ret < 0)
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
