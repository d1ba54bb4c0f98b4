/* helpdesk.c — see helpdesk.h. Times are taken once per change from the
 * C clock and bound as parameters, so that the SLA figures computed here
 * (opening-hours seconds) and the stored times agree. */
#include "helpdesk.h"
#include "auth.h"
#include "config.h"
#include "datetime.h"
#include "db.h"
#include "hdclock.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *hd_ref(struct arena *a, long long id)
{
	return arena_printf(a, "HD-%06lld", id);
}

static long long digits_at(const char *p, const char **end)
{
	long long v = 0;
	int n = 0;
	while (isdigit((unsigned char)*p) && n < 12) {
		v = v * 10 + (*p - '0');
		p++, n++;
	}
	*end = p;
	return n ? v : 0;
}

long long hd_ref_in(const char *s)
{
	for (const char *p = s; p && (p = strchr(p, '[')) != NULL; p++) {
		if (strncasecmp(p + 1, "HD-", 3) != 0)
			continue;
		const char *e;
		long long v = digits_at(p + 4, &e);
		if (v > 0 && *e == ']')
			return v;
	}
	return 0;
}

long long hd_ref_parse(const char *s)
{
	if (!s)
		return 0;
	while (*s == ' ')
		s++;
	if (strncasecmp(s, "HD-", 3) == 0)
		s += 3;
	const char *e;
	long long v = digits_at(s, &e);
	while (*e == ' ')
		e++;
	return *e ? 0 : v;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (str_eq(s, *list))
			return true;
	return false;
}

bool hd_channel_ok(const char *c)
{
	static const char *const v[] = { "phone", "email", "desk", "form", NULL };
	return one_of(c, v);
}

bool hd_caller_ok(const char *c)
{
	static const char *const v[] = { "citizen", "agent", "partner", "other", NULL };
	return one_of(c, v);
}

bool hd_state_ok(const char *s)
{
	static const char *const v[] = { "open", "delegated", "waiting", "resolved", "closed", NULL };
	return one_of(s, v);
}

long hd_topics(struct arena *a, struct hd_topic **out)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT id, code, name FROM hd_topics WHERE active = 1 ORDER BY id", "") < 0)
		return -1;
	*out = arena_alloc(a, (q.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < q.nrows; i++)
		(*out)[i] = (struct hd_topic){ db_int(&q, i, 0), db_val(&q, i, 1), db_val(&q, i, 2) };
	return (long)q.nrows;
}

long long hd_topic_by_code(struct arena *a, const char *code)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT id FROM hd_topics WHERE code = ? AND active = 1", "s", code) < 0)
		return -1;
	return q.nrows ? db_int(&q, 0, 0) : 0;
}

int hd_topic_add(struct arena *a, const char *code, const char *name)
{
	if (db_exec(a, NULL, "INSERT INTO hd_topics (code, name) VALUES (?, ?)", "ss", code, name) >= 0)
		return 1;
	return db_errno() == DB_ERR_DUP ? 0 : -1;
}

#define G_COLS "SELECT g.id, COALESCE(g.topic_id, 0), COALESCE(g.commune_id, 0), g.line, g.name, tp.name, c.name," \
	" (SELECT GROUP_CONCAT(s.name ORDER BY s.name SEPARATOR ', ') FROM hd_group_members m JOIN staff s ON s.id = m.staff_id" \
	"  WHERE m.group_id = g.id AND s.active = 1)" \
	" FROM hd_groups g LEFT JOIN hd_topics tp ON tp.id = g.topic_id LEFT JOIN communes c ON c.id = g.commune_id"

static void group_row(const struct db_res *q, size_t i, struct hd_group *g)
{
	g->id = db_int(q, i, 0);
	g->topic_id = db_int(q, i, 1);
	g->commune_id = db_int(q, i, 2);
	g->line = (int)db_int(q, i, 3);
	g->name = db_val(q, i, 4);
	g->topic = db_val(q, i, 5);
	g->commune = db_val(q, i, 6);
	g->members = db_val(q, i, 7);
}

long hd_groups(struct arena *a, long long commune, struct hd_group **out)
{
	struct db_res q;
	if (db_exec(a, &q, G_COLS " WHERE ? < 0 OR g.commune_id IS NULL OR g.commune_id = ?"
		    " ORDER BY g.commune_id IS NOT NULL, c.name, g.line, g.topic_id", "ii", commune, commune) < 0)
		return -1;
	*out = arena_alloc(a, (q.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < q.nrows; i++)
		group_row(&q, i, &(*out)[i]);
	return (long)q.nrows;
}

int hd_group_get(struct arena *a, long long id, struct hd_group *out)
{
	struct db_res q;
	if (db_exec(a, &q, G_COLS " WHERE g.id = ?", "i", id) < 0)
		return -1;
	if (!q.nrows)
		return 0;
	group_row(&q, 0, out);
	return 1;
}

long long hd_commune_group(struct arena *a, long long commune, long long topic, const char *name)
{
	struct db_res q;
	if (db_exec(a, NULL, "INSERT IGNORE INTO hd_groups (line, topic_id, commune_id, name) VALUES (2, ?, ?, ?)",
		    "iis", topic, commune, name) < 0 ||
	    db_exec(a, &q, "SELECT id FROM hd_groups WHERE line = 2 AND topic_id = ? AND commune_id = ?", "ii",
		    topic, commune) < 0 || !q.nrows)
		return 0;
	return db_int(&q, 0, 0);
}

bool hd_group_set_members(struct arena *a, long long group, const long long *staff, int n)
{
	if (db_exec(a, NULL, "DELETE FROM hd_group_members WHERE group_id = ?", "i", group) < 0)
		return false;
	for (int i = 0; i < n; i++)
		if (db_exec(a, NULL, "INSERT IGNORE INTO hd_group_members (group_id, staff_id) VALUES (?, ?)", "ii",
			    group, staff[i]) < 0)
			return false;
	return true;
}

bool hd_is_member(struct arena *a, long long group, long long staff_id)
{
	struct db_res q;
	return group > 0 && db_exec(a, &q, "SELECT 1 FROM hd_group_members WHERE group_id = ? AND staff_id = ?", "ii",
				    group, staff_id) == 1;
}

static long long now_sql(char *buf)
{
	time_t t = time(NULL);
	dt_format_sql(t, buf);
	return (long long)t;
}

static bool event(struct arena *a, long long ticket, long long staff_id, const char *kind, bool internal,
		  const char *body, const char *detail, const char *at)
{
	return db_exec(a, NULL, "INSERT INTO hd_events (ticket_id, at_utc, staff_id, kind, internal, body, detail)"
		       " VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?)", "isisiss", ticket, at, staff_id, kind,
		       (long long)internal, body, detail) >= 0;
}

bool hd_create(struct arena *a, const struct hd_new *n, long long *id)
{
	char at[20];
	now_sql(at);
	bool at_once = str_eq(n->outcome, "closed_at_once");
	bool delegated = str_eq(n->outcome, "delegated");
	const char *state = at_once ? "closed" : delegated ? "delegated" : "open";
	if (!db_begin())
		return false;
	bool ok = db_exec(a, NULL,
		"INSERT INTO hd_tickets (channel, caller_type, caller_name, caller_email, topic_id, commune_id, booking_ref,"
		" subject, body, outcome, state, owner_id, group_id, opened_by, created_utc, updated_utc,"
		" first_answer_utc, first_answer_bs, resolved_utc, resolution_bs, closed_utc)"
		" VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?, ?,"
		" IF(?, ?, NULL), IF(?, 0, NULL), IF(?, ?, NULL), IF(?, 0, NULL), IF(?, ?, NULL))",
		"ssssiisssssiiissisiisiis", n->channel, n->caller_type, n->caller_name, n->caller_email, n->topic_id,
		n->commune_id, n->booking_ref, n->subject, n->body, n->outcome, state,
		delegated ? 0 : n->owner_id, delegated ? n->group_id : 0, n->opened_by, at, at,
		(long long)at_once, at, (long long)at_once, (long long)at_once, at, (long long)at_once,
		(long long)at_once, at) >= 0;
	*id = ok ? (long long)db_insert_id() : 0;
	ok = ok && event(a, *id, n->opened_by, "created", true, NULL, n->outcome, at);
	if (ok && at_once && !str_empty(n->answer))
		ok = event(a, *id, n->opened_by, "note", true, n->answer, NULL, at);
	if (ok && delegated)
		ok = event(a, *id, n->opened_by, "delegate", true, NULL, arena_printf(a, "%lld", n->group_id), at);
	if (ok && !delegated && n->owner_id)
		ok = event(a, *id, n->opened_by, "assign", true, NULL, arena_printf(a, "%lld", n->owner_id), at);
	if (!ok || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

#define T_SELECT "SELECT t.id, t.topic_id, COALESCE(t.commune_id, 0), COALESCE(t.owner_id, 0), COALESCE(t.group_id, 0)," \
	" COALESCE(t.opened_by, 0), COALESCE(g.commune_id, 0), t.channel, t.caller_type, t.caller_name, t.caller_email," \
	" t.subject, t.body, t.booking_ref, t.outcome, t.state, tp.name, c.name, o.name, g.name, op.name, t.created_utc," \
	" t.first_answer_utc, t.resolved_utc, t.waiting_since_utc, COALESCE(t.first_answer_bs, -1)," \
	" COALESCE(t.resolution_bs, -1), t.paused_bs" \
	" FROM hd_tickets t JOIN hd_topics tp ON tp.id = t.topic_id LEFT JOIN communes c ON c.id = t.commune_id" \
	" LEFT JOIN staff o ON o.id = t.owner_id LEFT JOIN hd_groups g ON g.id = t.group_id" \
	" LEFT JOIN staff op ON op.id = t.opened_by"

static time_t sql_time(const char *s)
{
	time_t t = 0;
	if (s && !dt_parse_sql(s, &t))
		t = 0;
	return t;
}

static long sla_minutes(const char *key, long def)
{
	long v = config_int(key, def);
	return v < 1 ? def : v;
}

/* The SLA figures at `now`: opening-hours seconds since creation, less
 * the closed pauses and the open one. */
static void sla(struct hd_ticket *t, time_t now)
{
	long long bs = hd_business_seconds(t->created, now) - t->paused_bs;
	if (t->waiting_since)
		bs -= hd_business_seconds(t->waiting_since, now);
	t->elapsed_bs = bs < 0 ? 0 : bs;
	long long first = sla_minutes("helpdesk_sla_first_minutes", 240) * 60;
	long long res = sla_minutes("helpdesk_sla_resolution_minutes", 960) * 60;
	bool done = str_eq(t->state, "resolved") || str_eq(t->state, "closed");
	t->first_overdue = t->first_answer_bs >= 0 ? t->first_answer_bs > first : t->elapsed_bs > first;
	t->resolution_overdue = done ? t->resolution_bs > res : t->elapsed_bs > res;
}

static void ticket_row(struct arena *a, const struct db_res *q, size_t i, struct hd_ticket *t, time_t now)
{
	memset(t, 0, sizeof(*t));
	t->id = db_int(q, i, 0);
	t->ref = hd_ref(a, t->id);
	t->topic_id = db_int(q, i, 1);
	t->commune_id = db_int(q, i, 2);
	t->owner_id = db_int(q, i, 3);
	t->group_id = db_int(q, i, 4);
	t->opened_by = db_int(q, i, 5);
	t->group_commune = db_int(q, i, 6);
	t->channel = db_val(q, i, 7);
	t->caller_type = db_val(q, i, 8);
	t->caller_name = db_val(q, i, 9);
	t->caller_email = db_val(q, i, 10);
	t->subject = db_val(q, i, 11);
	t->body = db_val(q, i, 12);
	t->booking_ref = db_val(q, i, 13);
	t->outcome = db_val(q, i, 14);
	t->state = db_val(q, i, 15);
	t->topic = db_val(q, i, 16);
	t->commune = db_val(q, i, 17);
	t->owner = db_val(q, i, 18);
	t->group = db_val(q, i, 19);
	t->opener = db_val(q, i, 20);
	t->created = sql_time(db_val(q, i, 21));
	t->first_answer = sql_time(db_val(q, i, 22));
	t->resolved = sql_time(db_val(q, i, 23));
	t->waiting_since = sql_time(db_val(q, i, 24));
	t->first_answer_bs = db_int(q, i, 25);
	t->resolution_bs = db_int(q, i, 26);
	t->paused_bs = db_int(q, i, 27);
	sla(t, now);
}

int hd_get(struct arena *a, long long id, struct hd_ticket *out)
{
	struct db_res q;
	if (db_exec(a, &q, T_SELECT " WHERE t.id = ?", "i", id) < 0)
		return -1;
	if (!q.nrows)
		return 0;
	ticket_row(a, &q, 0, out, time(NULL));
	return 1;
}

long hd_events(struct arena *a, long long ticket, struct hd_event **out)
{
	struct db_res q;
	if (db_exec(a, &q, "SELECT e.at_utc, s.name, e.kind, e.body, e.detail, e.internal, COALESCE(o.name, g.name)"
		    " FROM hd_events e LEFT JOIN staff s ON s.id = e.staff_id"
		    " LEFT JOIN staff o ON e.kind = 'assign' AND o.id = e.detail"
		    " LEFT JOIN hd_groups g ON e.kind = 'delegate' AND g.id = e.detail"
		    " WHERE e.ticket_id = ? ORDER BY e.id", "i", ticket) < 0)
		return -1;
	*out = arena_alloc(a, (q.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < q.nrows; i++)
		(*out)[i] = (struct hd_event){ db_val(&q, i, 0), db_val(&q, i, 1), db_val(&q, i, 2), db_val(&q, i, 3),
					       db_val(&q, i, 4), db_val(&q, i, 6), db_int(&q, i, 5) != 0 };
	return (long)q.nrows;
}

bool hd_staff_runs(const struct staff *s)
{
	return s->role == ROLE_HELPDESK || s->role == ROLE_PLATFORM_ADMIN;
}

bool hd_can_work(struct arena *a, const struct staff *s, const struct hd_ticket *t)
{
	return hd_staff_runs(s) || hd_is_member(a, t->group_id, s->id);
}

bool hd_can_see(struct arena *a, const struct staff *s, const struct hd_ticket *t)
{
	return hd_staff_runs(s) || (t->opened_by && t->opened_by == s->id) || hd_is_member(a, t->group_id, s->id);
}

/* The state change itself, inside the caller's transaction: the clock
 * paused or resumed, the resolution recorded (or undone by a reopening). */
static bool change_state(struct arena *a, const struct hd_ticket *t, long long staff_id, const char *to,
			 const char *at, time_t now)
{
	if (str_eq(t->state, to))
		return true;
	long long paused = t->paused_bs;
	if (t->waiting_since)
		paused += hd_business_seconds(t->waiting_since, now);
	long long elapsed = hd_business_seconds(t->created, now) - paused;
	if (elapsed < 0)
		elapsed = 0;
	bool waiting = str_eq(to, "waiting");
	bool done = str_eq(to, "resolved") || str_eq(to, "closed");
	bool reopen = str_eq(to, "open") || str_eq(to, "delegated");
	if (db_exec(a, NULL,
		    "UPDATE hd_tickets SET state = ?, updated_utc = ?, paused_bs = ?, waiting_since_utc = IF(?, ?, NULL),"
		    " first_answer_utc = IF(? AND first_answer_utc IS NULL, ?, first_answer_utc),"
		    " first_answer_bs = IF(? AND first_answer_bs IS NULL, ?, first_answer_bs),"
		    " resolved_utc = IF(?, NULL, IF(? AND resolved_utc IS NULL, ?, resolved_utc)),"
		    " resolution_bs = IF(?, NULL, IF(? AND resolution_bs IS NULL, ?, resolution_bs)),"
		    " closed_utc = IF(? = 'closed', ?, IF(?, NULL, closed_utc)) WHERE id = ?",
		    "ssiisisiiiisiiissii", to, at, paused, (long long)waiting, at, (long long)done, at, (long long)done,
		    elapsed, (long long)reopen, (long long)done, at, (long long)reopen, (long long)done, elapsed, to, at,
		    (long long)reopen, t->id) < 0)
		return false;
	return event(a, t->id, staff_id, "state", true, NULL, arena_printf(a, "%s>%s", t->state, to), at);
}

static bool queue_reply(struct arena *a, const struct hd_ticket *t, long long event_id, const char *body)
{
	const char *subject = arena_printf(a, "[%s] %s", t->ref, t->subject);
	const char *text = arena_printf(a, "%s\n\n-- \n%s\n%s\n", body,
		_("Centre d'assistance de la plateforme Créneau"),
		arena_printf(a, _("Pour répondre, gardez la référence [%s] dans l'objet du message."), t->ref));
	return outbox_add(a, arena_printf(a, "helpdesk:%lld", event_id), "helpdesk", "email", t->caller_email,
			  subject, text, 0, t->commune_id, "fr", 0);
}

bool hd_note(struct arena *a, const struct hd_ticket *t, long long staff_id, const char *body, bool internal,
             bool from_caller)
{
	char at[20];
	time_t now = (time_t)now_sql(at);
	if (!db_begin())
		return false;
	bool ok = event(a, t->id, staff_id, from_caller ? "incoming" : "note", from_caller ? false : internal, body,
			NULL, at);
	long long ev = ok ? (long long)db_insert_id() : 0;
	if (ok && from_caller) {
		const char *st = t->state;
		if (str_eq(st, "waiting") || str_eq(st, "resolved") || str_eq(st, "closed"))
			ok = change_state(a, t, staff_id, t->group_id ? "delegated" : "open", at, now);
	} else if (ok && !internal) {
		long long paused = t->paused_bs + (t->waiting_since ? hd_business_seconds(t->waiting_since, now) : 0);
		long long bs = hd_business_seconds(t->created, now) - paused;
		ok = queue_reply(a, t, ev, body) &&
		     db_exec(a, NULL, "UPDATE hd_tickets SET updated_utc = ?, first_answer_utc = COALESCE(first_answer_utc, ?),"
			     " first_answer_bs = COALESCE(first_answer_bs, ?) WHERE id = ?", "ssii", at, at,
			     bs < 0 ? 0 : bs, t->id) >= 0;
	} else if (ok) {
		ok = db_exec(a, NULL, "UPDATE hd_tickets SET updated_utc = ? WHERE id = ?", "si", at, t->id) >= 0;
	}
	if (!ok || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

bool hd_set_state(struct arena *a, const struct hd_ticket *t, long long staff_id, const char *state)
{
	char at[20];
	time_t now = (time_t)now_sql(at);
	if (!db_begin())
		return false;
	if (!change_state(a, t, staff_id, state, at, now) || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

bool hd_assign(struct arena *a, const struct hd_ticket *t, long long staff_id, long long owner_id)
{
	char at[20];
	time_t now = (time_t)now_sql(at);
	if (!db_begin())
		return false;
	bool ok = db_exec(a, NULL, "UPDATE hd_tickets SET owner_id = NULLIF(?, 0), group_id = NULL, updated_utc = ?"
			  " WHERE id = ?", "isi", owner_id, at, t->id) >= 0 &&
		  event(a, t->id, staff_id, "assign", true, NULL, arena_printf(a, "%lld", owner_id), at);
	/* Taken back from a group: open again. */
	if (ok && str_eq(t->state, "delegated")) {
		struct hd_ticket u = *t;
		u.group_id = 0;
		ok = change_state(a, &u, staff_id, "open", at, now);
	}
	if (!ok || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

bool hd_delegate(struct arena *a, const struct hd_ticket *t, long long staff_id, long long group_id)
{
	char at[20];
	time_t now = (time_t)now_sql(at);
	if (!db_begin())
		return false;
	bool ok = db_exec(a, NULL, "UPDATE hd_tickets SET group_id = ?, owner_id = NULL, updated_utc = ? WHERE id = ?",
			  "isi", group_id, at, t->id) >= 0 &&
		  event(a, t->id, staff_id, "delegate", true, NULL, arena_printf(a, "%lld", group_id), at) &&
		  change_state(a, t, staff_id, "delegated", at, now);
	if (!ok || !db_commit()) {
		db_rollback();
		return false;
	}
	return true;
}

/* A LIKE pattern that matches s literally anywhere. */
static char *like_any(struct arena *a, const char *s)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addc(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			sbuf_addc(&b, '\\');
		sbuf_addc(&b, *s);
	}
	sbuf_addc(&b, '%');
	char *out = arena_strdup(a, b.s);
	sbuf_free(&b);
	return out;
}

long hd_list(struct arena *a, const struct staff *s, const struct hd_filter *f, int max, struct hd_ticket **out)
{
	const char *state = f->state ? f->state : "";
	const char *q = f->q ? f->q : "";
	struct db_res r;
	if (db_exec(a, &r, T_SELECT
		    " WHERE (? = 1 OR t.opened_by = ? OR t.group_id IN (SELECT m.group_id FROM hd_group_members m WHERE m.staff_id = ?))"
		    " AND ((? = '' AND t.state IN ('open', 'delegated', 'waiting')) OR ? = 'all' OR t.state = ?)"
		    " AND (? = 0 OR t.group_id = ?) AND (? = 0 OR t.owner_id = ?)"
		    " AND (? = '' OR t.id = ? OR t.subject LIKE ? OR t.caller_name LIKE ? OR t.caller_email = ?)"
		    " ORDER BY t.id DESC LIMIT ?",
		    "iiisssiiiisisssi", (long long)hd_staff_runs(s), s->id, s->id, state, state, state, f->group_id,
		    f->group_id, (long long)(f->mine ? s->id : 0), (long long)(f->mine ? s->id : 0), q, hd_ref_parse(q),
		    like_any(a, q), like_any(a, q), q, (long long)max) < 0)
		return -1;
	*out = arena_alloc(a, (r.nrows + 1) * sizeof(**out));
	time_t now = time(NULL);
	for (size_t i = 0; i < r.nrows; i++)
		ticket_row(a, &r, i, &(*out)[i], now);
	return (long)r.nrows;
}

bool hd_mail_in(struct arena *a, const char *from_addr, const char *from_name, const char *subject,
                const char *text, long long *id, bool *appended)
{
	*appended = false;
	*id = 0;
	long long ref = hd_ref_in(subject);
	if (ref > 0) {
		struct hd_ticket t;
		int found = hd_get(a, ref, &t);
		if (found < 0)
			return false;
		/* Only its caller's address adds to a ticket: anyone else who
		 * quotes a reference opens a ticket of their own. */
		if (found == 1 && t.caller_email && strcasecmp(t.caller_email, from_addr) == 0) {
			*id = t.id;
			*appended = true;
			return hd_note(a, &t, 0, text, false, true);
		}
	}
	/* A known staff address: a commune's agent (or partner town hall). */
	struct db_res st;
	if (db_exec(a, &st, "SELECT id, COALESCE(commune_id, 0), role FROM staff WHERE email = ? AND active = 1", "s",
		    from_addr) < 0)
		return false;
	long long topic = hd_topic_by_code(a, config_get("helpdesk_mail_topic", "autre"));
	if (topic == 0)
		topic = hd_topic_by_code(a, "autre");
	if (topic <= 0) {
		struct db_res q;
		if (db_exec(a, &q, "SELECT MIN(id) FROM hd_topics", "") < 0 || !db_val(&q, 0, 0))
			return false;
		topic = db_int(&q, 0, 0);
	}
	struct hd_new n = {
		.channel = "email", .caller_type = "citizen", .caller_name = from_name, .caller_email = from_addr,
		.subject = str_empty(subject) ? _("(sans objet)") : subject, .body = text, .topic_id = topic,
		.outcome = "open",
	};
	if (st.nrows) {
		n.caller_type = str_eq(db_val(&st, 0, 2), "partner") ? "partner" : "agent";
		n.commune_id = db_int(&st, 0, 1);
	}
	return hd_create(a, &n, id);
}
