/* db.h — MariaDB through Connector/C, prepared statements only. Each
 * process holds one connection and a cache of prepared statements keyed by
 * the SQL text's address (the SQL is always a string literal), so a hot
 * query is prepared once per worker. Results are copied as text into the
 * caller's arena: handlers never see MYSQL_BIND. */
#ifndef CRENEAU_DB_H
#define CRENEAU_DB_H
#include <stdbool.h>
#include <time.h>
#include <stddef.h>
#include "util.h"

/* Rows as NUL-terminated strings (NULL for SQL NULL), row-major. */
struct db_res {
	size_t nrows, ncols;
	char **cells;
};

/* Connects with the settings (db_socket, db_name, db_user,
 * db_password_file), sets utf8mb4 and the session time zone to UTC. */
/* Connects as the account of the settings prefixed by prefix when they
 * name one (stats_db_user, stats_db_password_file for "stats_": the
 * statistics program's read-only account), else as db_user. */
void db_account(const char *prefix);
/* What this process saw of the database since it started: connections
 * made (the first and each reconnection), failed attempts and when. */
struct db_health {
	unsigned long connects, failed_connects;
	time_t last_unreachable, last_reconnect;   /* 0: never */
};
const struct db_health *db_health(void);
bool db_connect(void);
void db_close(void);
/* Whether statements are kept prepared for their next execution (the
 * default). The statistics turn it off: MariaDB 10.11 plans their grouped
 * derived tables worse from the second execution of a prepared statement
 * (a year of a commune: 0.13 s a page when prepared afresh, 0.3 s when
 * executed again), and a prepare costs them little. */
void db_keep_prepared(bool keep);
/* True when the server answers (for /healthz). */
bool db_ping(void);

/* Executes sql with parameters described by fmt, one char per "?":
 *   'i' long long, 'u' unsigned long long, 'd' double,
 *   's' const char * (NULL binds SQL NULL).
 * When res is not NULL the rows are fetched into it (arena-owned).
 * Returns the number of affected rows (or of rows fetched), -1 on error.
 * On a lost connection outside a transaction it reconnects and retries
 * once. */
long long db_exec(struct arena *a, struct db_res *res, const char *sql, const char *fmt, ...);
/* The same with the parameters in an array, for statements built with a
 * number of them known at run time. */
union db_param {
	long long i;
	unsigned long long u;
	double d;
	const char *s;
};
long long db_execv(struct arena *a, struct db_res *res, const char *sql, const char *fmt,
                   const union db_param *pv);

/* How db_execv binds np parameters (fmt and pv as its own) into b[0..np):
 * each buffer points into pv, or to the string and its length in len[i];
 * a NULL string binds SQL NULL (isnull[i] = 1). pv, len and isnull must
 * outlive the execution. False, logged, on a letter other than i u d s.
 * Pure; the only place MYSQL_BIND shows, for the unit tests. */
struct st_mysql_bind;
bool db_bind_params(const char *fmt, const union db_param *pv, size_t np, struct st_mysql_bind *b,
                    unsigned long *len, char *isnull);

/* Runs a SELECT without buffering its result: fn is called for each row
 * as it arrives (cells valid during the call only; NULL for SQL NULL; fn
 * may overwrite entries of the array with pointers of its own).
 * Memory stays flat whatever the number of rows. fn returns false to
 * stop early. Returns the number of rows seen, -1 on error. */
typedef bool (*db_row_fn)(void *ctx, char **cells, size_t ncols);
long long db_stream(db_row_fn fn, void *ctx, const char *sql, const char *fmt, ...);

const char *db_val(const struct db_res *r, size_t row, size_t col);   /* NULL-safe */
long long db_int(const struct db_res *r, size_t row, size_t col);     /* NULL -> 0 */
double db_double(const struct db_res *r, size_t row, size_t col);
unsigned long long db_insert_id(void);
/* MariaDB error number of the last failure (e.g. 1062 duplicate key,
 * 1213 deadlock, 4025 CHECK constraint; DB_ERR_FAILED when the unit had
 * already failed, DB_ERR_DOOMED when the transaction was). */
unsigned db_errno(void);

bool db_begin(void);
bool db_commit(void);
void db_rollback(void);
bool db_in_tx(void);
/* True for errors after which the whole transaction may be retried. */
bool db_retryable(void);

/* A failed statement is not an empty result. Any failure other than the
 * answers a caller reads (duplicate key, CHECK constraint: "taken",
 * "full") and the retryable ones (deadlock, lock wait: the transaction
 * is doomed, see below) fails the whole unit of work: every later
 * statement of it returns -1 without running, db_begin() refuses and
 * db_commit() rolls back, so no destructive path runs on a read that
 * failed. The serving loop starts a unit per request (db_unit_begin())
 * and answers 503 when db_failed() says so, whatever the handler built;
 * the notification worker starts one per round. A deadlock inside a
 * transaction dooms that transaction only (MariaDB rolled it back):
 * its later statements fail and its commit is refused, and the caller
 * may start it again. */
void db_unit_begin(void);
bool db_failed(void);

/* After-commit and after-rollback hooks, as Fossil's db_commit_hook: a
 * module that keeps something derived from the database (the free-places
 * counters) registers once and is told when a transaction ended either
 * way (also when a lost connection took an open one). At most
 * DB_MAX_HOOKS; registering the same pair twice is harmless. */
#define DB_MAX_HOOKS 8
typedef void (*db_hook_fn)(void);
void db_hook(db_hook_fn on_commit, db_hook_fn on_rollback);

#define DB_ERR_DUP 1062
#define DB_ERR_CHECK 4025
#define DB_ERR_DEADLOCK 1213
#define DB_ERR_LOCK_WAIT 1205
#define DB_ERR_FAILED 100001
#define DB_ERR_DOOMED 100002

#endif
