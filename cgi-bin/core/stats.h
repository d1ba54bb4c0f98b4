/* stats.h — the statistics of the platform, computed by SQL over a period
 * and filters. Each figure is a table (stable key, columns, rows) that the
 * statistics pages show as a chart and an accessible table, and export as
 * CSV. Columns keep their order across versions: new ones go at the end. */
#ifndef CRENEAU_STATS_H
#define CRENEAU_STATS_H
#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include <time.h>
#include "util.h"

struct stats_filter {
	long long commune_id, site_id, device_id, procedure_id;   /* 0 = all */
	const char *channel;                                       /* "" = all */
	char from[20], until[20];      /* UTC bounds of the local days */
	char from_day[11], to_day[11]; /* the local days, YYYY-MM-DD, inclusive */
	double sms_price;              /* euros per SMS segment */
};

/* Tables hold stored codes (channel "web", status "cancelled"...) and
 * NULL for "no value": exports keep them as they are, so a spreadsheet
 * built on them survives a change of language; pages show words. */
struct stats_table {
	const char *key;      /* e.g. "par_jour": URL and file name */
	const char *title;    /* translated */
	const char *chart;    /* "bar", "line", "pie" or "" */
	size_t ncols;
	const char **cols;    /* translated headers */
	size_t nrows;
	char **cells;         /* row-major, arena-owned */
};

/* The keys of every table, in display order, NULL-terminated. */
#define STATS_NKEYS 25
extern const char *const stats_keys[];

/* Fills the filter's UTC bounds from its local days; false when a day is
 * malformed or the period is reversed or longer than 3 years. */
bool stats_period(struct stats_filter *f, const char *from_day, const char *to_day);

/* Sets t's key, title, chart and columns (translated), no rows; false
 * for an unknown key. */
bool stats_header(struct arena *a, const char *key, struct stats_table *t);
/* The pure half of the statistics: fills the tables of key's group from
 * r, the rows of the group's query (key is the group's first table, see
 * stats_tables). tabs[i] stands for stats_keys[i], NULL when not wanted,
 * headers set; rows point into r or the arena. False when key is no
 * group's first. */
bool stats_shape(struct arena *a, const char *key, const struct db_res *r, struct stats_table *const *tabs);

/* Computes one table. False on an unknown key or a database error. */
bool stats_table(struct arena *a, const char *key, const struct stats_filter *f, struct stats_table *out);
/* Computes every table, in the order of stats_keys, into out[] (as many
 * as there are keys), sharing the passes over the bookings that several
 * tables can come from; ok[i] is false where out[i] failed (database
 * error). Returns the number of tables. The figures are those of
 * stats_table, key by key. */
size_t stats_tables(struct arena *a, const struct stats_filter *f, struct stats_table *out, bool *ok);

/* The appointments of the period, streamed row by row (constant memory):
 * reference, local start, status, procedure, party, channel, level,
 * commune, site, device, home commune INSEE, partner commune, attendance,
 * created, cancelled by. */
extern const char *const stats_booking_cols[];
#define STATS_BOOKING_NCOLS 15
long long stats_stream_bookings(const struct stats_filter *f, db_row_fn fn, void *ctx);


/* The current delay to the next free time (one person) per active site
 * and procedure offered there; has_free false when nothing is free over
 * the horizon. Names in lang. */
struct delay_row {
	long long site_id, procedure_id;
	const char *site_name, *commune_name, *procedure_name;
	bool has_free;
	time_t earliest;
	double days;
};
size_t stats_current_delays(struct arena *a, const char *lang, bool titles_only, struct delay_row **out);
/* Records today's delays in delay_snapshots (once a day is enough; a
 * second run the same day overwrites). Returns rows written or -1. */
long stats_snapshot_delays(struct arena *a);

/* What the filters offer: the equipped communes (for the platform), the
 * sites and devices of the scope's communes, the procedures; names in
 * lang. False on a database error. */
struct stats_choice { long long id; const char *name; };
struct stats_choices {
	struct stats_choice *communes, *sites, *devices, *procedures;
	size_t ncommunes, nsites, ndevices, nprocedures;
};
struct scope;
bool stats_choices(struct arena *a, const struct scope *s, const char *lang, struct stats_choices *out);

#endif
