/* status.c — see status.h. */
#include "status.h"
#include "ants_coord.h"
#include "audit.h"
#include "config.h"
#include "crypto.h"
#include "datetime.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const comp_codes[SC_COUNT] = { "reservation", "personnel", "sms", "courriel", "ants" };
static const char *const comp_labels[SC_COUNT] = { N_("Réservation en ligne"), N_("Espace du personnel"),
	N_("SMS"), N_("Courriel"), N_("Lien avec l'ANTS") };
static const char *const state_codes[] = { "normal", "degraded", "down" };
static const char *const state_labels[] = { N_("Fonctionne normalement"), N_("Ralenti / perturbé"), N_("Interrompu") };
static const char *const state_api[] = { "operational", "degraded_performance", "major_outage" };
const char *const status_lang_codes[STATUS_LANGS] = { "fr", "nl", "de", "en" };

static const struct { const char *code, *label; bool maint; } phases[] = {
	{ "investigating", N_("Recherche en cours"), false },
	{ "identified", N_("Cause identifiée"), false },
	{ "monitoring", N_("Sous surveillance"), false },
	{ "resolved", N_("Résolu"), false },
	{ "scheduled", N_("Maintenance prévue"), true },
	{ "cancelled", N_("Maintenance annulée"), true },
};

static const struct { const char *code, *label; } reasons[] = {
	{ "db_down", N_("la base de données ne répond pas") },
	{ "sms_backlog", N_("des SMS attendent d'être envoyés depuis plusieurs minutes") },
	{ "email_backlog", N_("des courriels attendent d'être envoyés depuis plusieurs minutes") },
	{ "ants_backlog", N_("des déclarations à l'ANTS attendent depuis plusieurs minutes") },
};

const char *status_comp_code(enum status_comp c) { return (unsigned)c < SC_COUNT ? comp_codes[c] : ""; }
const char *status_comp_label(enum status_comp c) { return (unsigned)c < SC_COUNT ? comp_labels[c] : ""; }

bool status_comp_parse(const char *code, enum status_comp *out)
{
	for (int i = 0; i < SC_COUNT; i++)
		if (str_eq(code, comp_codes[i])) {
			*out = (enum status_comp)i;
			return true;
		}
	return false;
}

const char *status_state_code(enum status_state s) { return state_codes[s]; }
const char *status_state_label(enum status_state s) { return state_labels[s]; }
const char *status_state_api(enum status_state s) { return state_api[s]; }

bool status_state_parse(const char *s, enum status_state *out)
{
	for (int i = 0; i < 3; i++)
		if (str_eq(s, state_codes[i])) {
			*out = (enum status_state)i;
			return true;
		}
	return false;
}

bool status_phase_valid(const char *phase, bool maintenance)
{
	for (size_t i = 0; i < ARRAY_LEN(phases); i++)
		if (str_eq(phase, phases[i].code))
			return phases[i].maint == maintenance;
	return false;
}

const char *status_phase_label(const char *phase)
{
	for (size_t i = 0; i < ARRAY_LEN(phases); i++)
		if (str_eq(phase, phases[i].code))
			return phases[i].label;
	return "";
}

const char *status_reason_label(const char *reason)
{
	for (size_t i = 0; i < ARRAY_LEN(reasons); i++)
		if (str_eq(reason, reasons[i].code))
			return reasons[i].label;
	return N_("contrôle automatique");
}

int status_lang_index(const char *lang)
{
	for (int i = 0; i < STATUS_LANGS; i++)
		if (str_eq(lang, status_lang_codes[i]))
			return i;
	return 0;
}

const char *status_text_in(const char *const texts[STATUS_LANGS], const char *lang, const char **shown_lang)
{
	int i = status_lang_index(lang);
	if (str_empty(texts[i]))
		i = 0;
	if (shown_lang)
		*shown_lang = status_lang_codes[i];
	return texts[i] ? texts[i] : "";
}

const char *status_comment_in(const struct status_comment *c, const char *lang, const char **shown_lang)
{
	const char *t[STATUS_LANGS] = { c->text[0], c->text[1], c->text[2], c->text[3] };
	return status_text_in(t, lang, shown_lang);
}

/* "reservation,sms" -> bits; unknown codes are ignored. */
static unsigned comps_parse(const char *list)
{
	unsigned bits = 0;
	if (!list)
		return 0;
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", list);
	char *save = NULL;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		enum status_comp c;
		if (status_comp_parse(t, &c))
			bits |= 1u << c;
	}
	return bits;
}

static const char *comps_list(struct arena *a, unsigned bits)
{
	struct sbuf b;
	sbuf_init(&b);
	for (int i = 0; i < SC_COUNT; i++)
		if (bits & (1u << i))
			sbuf_printf(&b, "%s%s", b.len ? "," : "", comp_codes[i]);
	const char *out = arena_strdup(a, b.s ? b.s : "");
	sbuf_free(&b);
	return out;
}

static time_t sql_time(const char *s)
{
	time_t t = 0;
	if (s)
		dt_parse_sql(s, &t);
	return t;
}

static void copy_text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* ------------------------------------------------------------ the copy */

static struct status_now cur;
static time_t checked_at;

static bool load(struct arena *a, long long version)
{
	struct db_res c, inc, m;
	if (db_exec(a, &c, "SELECT code, manual_state, auto_state, auto_reason FROM status_components", "") < 0)
		return false;
	if (db_exec(a, &inc, "SELECT e.id, u.phase, u.created_utc, u.body_fr, u.body_nl, u.body_de, u.body_en"
		    " FROM status_events e JOIN status_updates u ON u.event_id = e.id"
		    " WHERE e.kind = 'incident' AND e.resolved_utc IS NULL"
		    " ORDER BY u.created_utc DESC, u.id DESC LIMIT 1", "") < 0)
		return false;
	/* Maintenances announced and not over, the nearest first; their
	 * comment is the first update's (the announcement). */
	if (db_exec(a, &m, "SELECT e.id, e.starts_utc, e.ends_utc, e.components, u.body_fr, u.body_nl, u.body_de, u.body_en"
		    " FROM status_events e JOIN status_updates u ON u.id = (SELECT MIN(id) FROM status_updates WHERE event_id = e.id)"
		    " WHERE e.kind = 'maintenance' AND e.cancelled_utc IS NULL AND e.ends_utc > UTC_TIMESTAMP()"
		    " ORDER BY e.starts_utc LIMIT " "4", "") < 0)
		return false;
	struct status_now n;
	memset(&n, 0, sizeof(n));
	n.version = version;
	for (size_t i = 0; i < c.nrows; i++) {
		enum status_comp k;
		if (!status_comp_parse(db_val(&c, i, 0), &k))
			continue;
		n.has_manual[k] = status_state_parse(db_val(&c, i, 1), &n.manual[k]);
		n.has_auto[k] = status_state_parse(db_val(&c, i, 2), &n.autos[k]);
		copy_text(n.auto_reason[k], sizeof(n.auto_reason[k]), db_val(&c, i, 3));
	}
	if (inc.nrows == 1) {
		n.incident = true;
		n.incident_id = db_int(&inc, 0, 0);
		copy_text(n.phase, sizeof(n.phase), db_val(&inc, 0, 1));
		n.incident_at = sql_time(db_val(&inc, 0, 2));
		for (int l = 0; l < STATUS_LANGS; l++)
			copy_text(n.comment.text[l], sizeof(n.comment.text[l]), db_val(&inc, 0, 3 + (size_t)l));
	}
	for (size_t i = 0; i < m.nrows && n.nmaint < STATUS_MAX_MAINT; i++) {
		struct status_maint *x = &n.maint[n.nmaint++];
		x->id = db_int(&m, i, 0);
		x->starts = sql_time(db_val(&m, i, 1));
		x->ends = sql_time(db_val(&m, i, 2));
		x->comps = comps_parse(db_val(&m, i, 3));
		for (int l = 0; l < STATUS_LANGS; l++)
			copy_text(x->comment.text[l], sizeof(x->comment.text[l]), db_val(&m, i, 4 + (size_t)l));
	}
	cur = n;
	return true;
}

static const struct status_now *refresh(struct arena *a, bool force)
{
	time_t now = time(NULL);
	long ttl = config_int("status_cache_s", 2);
	if (!force && (cur.version || cur.db_down) && now - checked_at < ttl)
		return &cur;
	checked_at = now;
	struct db_res v;
	if (db_exec(a, &v, "SELECT v FROM status_version WHERE id = 1", "") != 1) {
		/* Unreachable (or not migrated): what was known stays, marked. */
		cur.db_down = true;
		return &cur;
	}
	long long version = db_int(&v, 0, 0);
	/* A maintenance's window ends by the clock, not by a change: read
	 * again when the first one known is over. */
	bool maint_over = cur.nmaint > 0 && cur.maint[0].ends <= now;
	if (version != cur.version || cur.db_down || maint_over) {
		if (!load(a, version))
			cur.db_down = true;
	}
	return &cur;
}

const struct status_now *status_now(struct arena *a) { return refresh(a, false); }
const struct status_now *status_now_fresh(struct arena *a) { return refresh(a, true); }

const struct status_now *status_db_down(void)
{
	cur.db_down = true;
	checked_at = time(NULL);
	return &cur;
}

enum status_state status_effective(const struct status_now *s, enum status_comp c, bool *automatic)
{
	bool autom = false;
	enum status_state st = ST_NORMAL;
	if (s->db_down && (c == SC_RESERVATION || c == SC_PERSONNEL)) {
		st = ST_DOWN;
		autom = true;
	} else if (s->has_manual[c])
		st = s->manual[c];
	else if (s->has_auto[c]) {
		st = s->autos[c];
		autom = st != ST_NORMAL;
	}
	if (automatic)
		*automatic = autom;
	return st;
}

enum status_state status_overall(const struct status_now *s)
{
	enum status_state w = ST_NORMAL;
	for (int c = 0; c < SC_COUNT; c++) {
		enum status_state e = status_effective(s, (enum status_comp)c, NULL);
		if (e > w)
			w = e;
	}
	return w;
}

const struct status_maint *status_maint_of(const struct status_now *s, enum status_comp c, time_t now, bool *ongoing)
{
	for (int i = 0; i < s->nmaint; i++) {
		const struct status_maint *m = &s->maint[i];
		if ((m->comps & (1u << c)) && m->ends > now) {
			if (ongoing)
				*ongoing = m->starts <= now;
			return m;
		}
	}
	return NULL;
}

bool status_banner_due(const struct status_now *s, time_t now)
{
	if (status_overall(s) != ST_NORMAL)
		return true;
	for (int i = 0; i < s->nmaint; i++)
		if (s->maint[i].ends > now)
			return true;
	return false;
}

static bool bump(struct arena *a)
{
	return db_exec(a, NULL, "UPDATE status_version SET v = v + 1 WHERE id = 1", "") >= 0;
}

/* ------------------------------------------------------------ changes */

static const char *body_or_null(const char *s)
{
	return str_empty(s) ? NULL : s;
}

static long long add_update(struct arena *a, long long event_id, const char *phase, const char *const body[STATUS_LANGS],
                            long long staff_id)
{
	if (db_exec(a, NULL, "INSERT INTO status_updates (event_id, phase, body_fr, body_nl, body_de, body_en, staff_id, created_utc)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())", "isssssi", event_id, phase, body[0],
		    body_or_null(body[1]), body_or_null(body[2]), body_or_null(body[3]), staff_id) < 0)
		return 0;
	return (long long)db_insert_id();
}

long long status_declare(struct arena *a, long long staff_id, const struct status_declare *d, const char *base_url)
{
	if (!db_begin())
		return 0;
	long long update_id = 0;
	unsigned affected = 0;
	enum status_state worst = ST_NORMAL;
	struct sbuf details;
	sbuf_init(&details);
	for (int c = 0; c < SC_COUNT; c++) {
		const char *st = d->states[c] < 0 ? NULL : state_codes[d->states[c]];
		if (db_exec(a, NULL, "UPDATE status_components SET manual_state = ?, manual_by = ?, manual_utc = UTC_TIMESTAMP()"
			    " WHERE code = ?", "sis", st, staff_id, comp_codes[c]) < 0)
			goto fail;
		if (d->states[c] > ST_NORMAL) {
			affected |= 1u << c;
			if ((enum status_state)d->states[c] > worst)
				worst = (enum status_state)d->states[c];
		}
		sbuf_printf(&details, "%s%s=%s", c ? " " : "", comp_codes[c], st ? st : "auto");
	}
	struct db_res open;
	if (db_exec(a, &open, "SELECT id, components FROM status_events WHERE kind = 'incident' AND resolved_utc IS NULL"
		    " ORDER BY id DESC LIMIT 1 FOR UPDATE", "") < 0)
		goto fail;
	long long event_id;
	bool resolved = str_eq(d->phase, "resolved");
	if (open.nrows == 1) {
		event_id = db_int(&open, 0, 0);
		affected |= comps_parse(db_val(&open, 0, 1));
		/* The impact is the worst seen (an ENUM compares by its index). */
		if (db_exec(a, NULL, "UPDATE status_events SET components = ?,"
			    " impact = IF(FIELD(?, 'normal', 'degraded', 'down') > impact + 0, ?, impact),"
			    " updated_utc = UTC_TIMESTAMP(), resolved_utc = IF(?, UTC_TIMESTAMP(), NULL) WHERE id = ?", "sssii",
			    comps_list(a, affected), state_codes[worst], state_codes[worst], (long long)resolved, event_id) < 0)
			goto fail;
	} else {
		if (db_exec(a, NULL, "INSERT INTO status_events (kind, components, impact, starts_utc, resolved_utc, created_utc, updated_utc)"
			    " VALUES ('incident', ?, ?, UTC_TIMESTAMP(), IF(?, UTC_TIMESTAMP(), NULL), UTC_TIMESTAMP(), UTC_TIMESTAMP())",
			    "ssi", comps_list(a, affected), state_codes[worst], (long long)resolved) < 0)
			goto fail;
		event_id = (long long)db_insert_id();
	}
	update_id = add_update(a, event_id, d->phase, d->body, staff_id);
	if (!update_id || !bump(a) ||
	    !audit(a, staff_id, 0, "status_declare", "status_update", arena_printf(a, "%lld", update_id),
		   arena_printf(a, "%s %s; groups: %s", d->phase, details.s, d->groups ? d->groups : "-")) ||
	    !status_notify(a, update_id, d->groups, d->commune_id, base_url) || !db_commit())
		goto fail;
	sbuf_free(&details);
	return update_id;
fail:
	sbuf_free(&details);
	db_rollback();
	return 0;
}

long long status_schedule_maint(struct arena *a, long long staff_id, const struct status_schedule *m, const char *base_url)
{
	char from[20], to[20];
	dt_format_sql(m->starts, from);
	dt_format_sql(m->ends, to);
	if (!db_begin())
		return 0;
	if (db_exec(a, NULL, "INSERT INTO status_events (kind, components, impact, starts_utc, ends_utc, created_utc, updated_utc)"
		    " VALUES ('maintenance', ?, 'down', ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", "sss",
		    comps_list(a, m->comps), from, to) < 0)
		goto fail;
	long long event_id = (long long)db_insert_id();
	long long update_id = add_update(a, event_id, "scheduled", m->body, staff_id);
	if (!update_id || !bump(a) ||
	    !audit(a, staff_id, 0, "status_maintenance", "status_event", arena_printf(a, "%lld", event_id),
		   arena_printf(a, "%s..%s UTC %s; groups: %s", from, to, comps_list(a, m->comps), m->groups ? m->groups : "-")) ||
	    !status_notify(a, update_id, m->groups, m->commune_id, base_url) || !db_commit())
		goto fail;
	return event_id;
fail:
	db_rollback();
	return 0;
}

int status_cancel_maint(struct arena *a, long long staff_id, long long id, const char *body_fr)
{
	if (!db_begin())
		return -1;
	long long n = db_exec(a, NULL, "UPDATE status_events SET cancelled_utc = UTC_TIMESTAMP(), updated_utc = UTC_TIMESTAMP()"
			      " WHERE id = ? AND kind = 'maintenance' AND cancelled_utc IS NULL AND ends_utc > UTC_TIMESTAMP()",
			      "i", id);
	if (n < 0)
		goto fail;
	if (n == 0) {
		db_rollback();
		return 0;
	}
	const char *body[STATUS_LANGS] = { body_fr, NULL, NULL, NULL };
	if (!add_update(a, id, "cancelled", body, staff_id) || !bump(a) ||
	    !audit(a, staff_id, 0, "status_maintenance_cancel", "status_event", arena_printf(a, "%lld", id), NULL) ||
	    !db_commit())
		goto fail;
	return 1;
fail:
	db_rollback();
	return -1;
}

long status_history(struct arena *a, int max, struct status_event_row **out)
{
	struct db_res e, u;
	*out = NULL;
	if (db_exec(a, &e, "SELECT id, kind, components, impact, starts_utc, ends_utc, resolved_utc, cancelled_utc, updated_utc"
		    " FROM status_events WHERE updated_utc > UTC_TIMESTAMP() - INTERVAL ? DAY"
		    " ORDER BY updated_utc DESC, id DESC LIMIT ?", "ii", (long long)STATUS_HISTORY_DAYS, (long long)max) < 0)
		return -1;
	if (e.nrows == 0)
		return 0;
	/* Their updates in one statement: those of the events of the window. */
	if (db_exec(a, &u, "SELECT u.event_id, u.id, u.phase, u.created_utc, u.body_fr, u.body_nl, u.body_de, u.body_en"
		    " FROM status_updates u JOIN status_events e ON e.id = u.event_id"
		    " WHERE e.updated_utc > UTC_TIMESTAMP() - INTERVAL ? DAY ORDER BY u.created_utc DESC, u.id DESC",
		    "i", (long long)STATUS_HISTORY_DAYS) < 0)
		return -1;
	struct status_event_row *rows = arena_alloc(a, e.nrows * sizeof(*rows));
	for (size_t i = 0; i < e.nrows; i++) {
		struct status_event_row *x = &rows[i];
		x->id = db_int(&e, i, 0);
		x->maintenance = str_eq(db_val(&e, i, 1), "maintenance");
		x->comps = comps_parse(db_val(&e, i, 2));
		status_state_parse(db_val(&e, i, 3), &x->impact);
		x->starts = sql_time(db_val(&e, i, 4));
		x->ends = sql_time(db_val(&e, i, 5));
		x->resolved = sql_time(db_val(&e, i, 6));
		x->cancelled = sql_time(db_val(&e, i, 7));
		x->updated = sql_time(db_val(&e, i, 8));
		for (size_t j = 0; j < u.nrows; j++)
			if (db_int(&u, j, 0) == x->id)
				x->nupdates++;
		x->updates = arena_alloc(a, (size_t)(x->nupdates ? x->nupdates : 1) * sizeof(*x->updates));
		int k = 0;
		for (size_t j = 0; j < u.nrows; j++) {
			if (db_int(&u, j, 0) != x->id)
				continue;
			struct status_update_row *y = &x->updates[k++];
			y->id = db_int(&u, j, 1);
			y->phase = db_val(&u, j, 2);
			y->at = sql_time(db_val(&u, j, 3));
			for (int l = 0; l < STATUS_LANGS; l++)
				y->body[l] = db_val(&u, j, 4 + (size_t)l);
		}
	}
	*out = rows;
	return (long)e.nrows;
}

/* ------------------------------------------------------------ notices */

static const char *const group_names[] = { "public", "agents", "partenaires", "technique", "commune" };

static bool group_in(const char *groups, const char *g)
{
	if (!groups)
		return false;
	size_t n = strlen(g);
	for (const char *p = groups; (p = strstr(p, g)); p += n)
		if ((p == groups || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

bool status_groups_valid(const char *groups)
{
	if (str_empty(groups))
		return true;
	char buf[128];
	if (strlen(groups) >= sizeof(buf))
		return false;
	snprintf(buf, sizeof(buf), "%s", groups);
	char *save = NULL;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		bool ok = false;
		for (size_t i = 0; i < ARRAY_LEN(group_names); i++)
			ok = ok || str_eq(t, group_names[i]);
		if (!ok)
			return false;
	}
	return true;
}

const char *status_unsubscribe_url(struct arena *a, const char *base_url, const char *who)
{
	char mac[65];
	crypto_hmac_hex("status-unsubscribe", who, mac);
	return arena_printf(a, "%s/statut/desabonner?a=%s&m=%.32s", base_url, who, mac);
}

/* The text of a notice in lang: the states, the comment, the window of a
 * maintenance, the page's address and the unsubscribe link. */
static void notice_text(struct arena *a, const char *lang, const char *phase, const char *const body[STATUS_LANGS],
                        time_t m_from, time_t m_to, const char *base_url, const char *unsub,
                        const char **subject, const char **text)
{
	/* Dates and _() in the notice's language, the caller's restored. */
	char saved[3];
	snprintf(saved, sizeof(saved), "%s", i18n_lang());
	i18n_use(lang);
	const struct status_now *s = &cur;
	enum status_state overall = status_overall(s);
	struct sbuf b;
	sbuf_init(&b);
	bool maint = m_to != 0;
	*subject = maint ? arena_printf(a, "%s — Créneau", _("Maintenance prévue"))
		: arena_printf(a, "%s : %s — Créneau", _("État du service"), _(state_labels[overall]));
	sbuf_printf(&b, "%s\n\n", *subject);
	if (maint) {
		char f[96], t[96];
		i18n_when(m_from, f, sizeof(f));
		i18n_when(m_to, t, sizeof(t));
		sbuf_printf(&b, _("Maintenance prévue du %s au %s."), f, t);
		sbuf_adds(&b, "\n\n");
	} else {
		for (int c = 0; c < SC_COUNT; c++)
			sbuf_printf(&b, "- %s : %s\n", _(comp_labels[c]),
				    _(state_labels[status_effective(s, (enum status_comp)c, NULL)]));
		sbuf_printf(&b, "\n%s\n", _(status_phase_label(phase)));
	}
	sbuf_printf(&b, "%s\n\n", status_text_in(body, lang, NULL));
	sbuf_printf(&b, "%s : %s/statut\n", _("L'état du service"), base_url);
	sbuf_printf(&b, "%s : %s\n", _("Ne plus recevoir ces avis"), unsub);
	*text = arena_strdup(a, b.s);
	sbuf_free(&b);
	i18n_use(saved);
}

bool status_notify(struct arena *a, long long update_id, const char *groups, long long commune_id,
                   const char *base_url)
{
	if (str_empty(groups))
		return true;
	struct db_res u, p, st;
	if (db_exec(a, &u, "SELECT u.phase, u.body_fr, u.body_nl, u.body_de, u.body_en, e.kind, e.starts_utc, e.ends_utc"
		    " FROM status_updates u JOIN status_events e ON e.id = u.event_id WHERE u.id = ?", "i", update_id) != 1)
		return false;
	/* The states as they are after this change (inside its transaction). */
	if (!load(a, cur.version))
		return false;
	const char *body[STATUS_LANGS] = { db_val(&u, 0, 1), db_val(&u, 0, 2), db_val(&u, 0, 3), db_val(&u, 0, 4) };
	bool maint = str_eq(db_val(&u, 0, 5), "maintenance");
	time_t from = maint ? sql_time(db_val(&u, 0, 6)) : 0, to = maint ? sql_time(db_val(&u, 0, 7)) : 0;
	long long np = 0, ns = 0;
	if (group_in(groups, "public") &&
	    (np = db_exec(a, &p, "SELECT id, email, lang FROM status_subscribers WHERE grp = 'public' AND confirmed_utc IS NOT NULL", "")) < 0)
		return false;
	if ((group_in(groups, "agents") || group_in(groups, "partenaires") || group_in(groups, "technique") ||
	     (group_in(groups, "commune") && commune_id > 0)) &&
	    (ns = db_exec(a, &st, "SELECT s.id, s.email FROM staff s WHERE s.active = 1"
			  " AND NOT EXISTS (SELECT 1 FROM status_optouts o WHERE o.staff_id = s.id)"
			  " AND ((? AND s.role IN ('agent', 'commune_admin')) OR (? AND s.role = 'partner')"
			  " OR (? AND s.role = 'technique') OR (s.commune_id = ?))", "iiii",
			  (long long)group_in(groups, "agents"), (long long)group_in(groups, "partenaires"),
			  (long long)group_in(groups, "technique"),
			  group_in(groups, "commune") && commune_id > 0 ? commune_id : -1LL)) < 0)
		return false;
	for (long long i = 0; i < np + ns; i++) {
		bool sub = i < np;
		const struct db_res *r = sub ? &p : &st;
		size_t row = (size_t)(sub ? i : i - np);
		const char *email = db_val(r, row, 1);
		const char *lang = sub ? db_val(r, row, 2) : "fr";
		const char *who = arena_printf(a, "%c%s", sub ? 's' : 'p', db_val(r, row, 0));
		const char *subject, *text;
		notice_text(a, lang, db_val(&u, 0, 0), body, from, to, base_url, status_unsubscribe_url(a, base_url, who),
			    &subject, &text);
		/* One message per address and update, whichever groups name it. */
		char h[65];
		crypto_hmac_hex("status-notice", email, h);
		if (!outbox_add(a, arena_printf(a, "status:%lld:%.24s", update_id, h), "status_notice", "email", email,
				subject, text, 0, 0, lang, 24 * 3600))
			return false;
	}
	log_info("status notice %lld queued for %lld address(es)", update_id, np + ns);
	return true;
}

bool status_subscribe(struct arena *a, const char *email, const char *lang, const char *base_url)
{
	char token[65], h[65];
	crypto_random_hex(token, 32);
	crypto_hmac_hex("status-subscribe", token, h);
	struct db_res q;
	if (db_exec(a, &q, "SELECT confirmed_utc IS NOT NULL FROM status_subscribers WHERE email = ? AND grp = 'public'", "s",
		    email) < 0)
		return false;
	if (q.nrows == 1 && db_int(&q, 0, 0))
		return true;
	if (!db_begin())
		return false;
	if (db_exec(a, NULL, "INSERT INTO status_subscribers (email, grp, lang, token_hash, created_utc)"
		    " VALUES (?, 'public', ?, ?, UTC_TIMESTAMP())"
		    " ON DUPLICATE KEY UPDATE token_hash = VALUES(token_hash), lang = VALUES(lang), created_utc = UTC_TIMESTAMP()",
		    "sss", email, status_lang_codes[status_lang_index(lang)], h) < 0)
		goto fail;
	const char *l = status_lang_codes[status_lang_index(lang)];
	const char *link = arena_printf(a, "%s/statut/confirmer?t=%s", base_url, token);
	const char *subject = i18n_in(l, N_("Confirmez votre abonnement aux avis de Créneau"));
	const char *intro = arena_strdup(a, i18n_in(l, N_("Vous avez demandé à recevoir par courriel les avis sur l'état du service Créneau (pannes, maintenances prévues). Pour confirmer, ouvrez ce lien dans les 24 heures :")));
	const char *outro = arena_strdup(a, i18n_in(l, N_("Si vous n'avez rien demandé, ignorez ce message : vous ne recevrez rien.")));
	const char *text = arena_printf(a, "%s\n\n%s\n\n%s\n", intro, link, outro);
	char nonce[17];
	crypto_random_hex(nonce, 8);
	if (!outbox_add(a, arena_printf(a, "status-confirm:%.24s:%s", h, nonce), "status_confirm", "email", email,
			arena_strdup(a, subject), text, 0, 0, l, 24 * 3600) || !db_commit())
		goto fail;
	return true;
fail:
	db_rollback();
	return false;
}

int status_confirm(struct arena *a, const char *token, bool apply)
{
	if (str_empty(token) || strlen(token) != 64)
		return 0;
	char h[65];
	crypto_hmac_hex("status-subscribe", token, h);
	struct db_res q;
	long long n = db_exec(a, &q, "SELECT id FROM status_subscribers WHERE token_hash = ?"
			      " AND (confirmed_utc IS NOT NULL OR created_utc > UTC_TIMESTAMP() - INTERVAL 1 DAY)", "s", h);
	if (n < 0)
		return -1;
	if (n == 0)
		return 0;
	if (!apply)
		return 1;
	if (db_exec(a, NULL, "UPDATE status_subscribers SET confirmed_utc = COALESCE(confirmed_utc, UTC_TIMESTAMP())"
		    " WHERE id = ?", "i", db_int(&q, 0, 0)) < 0)
		return -1;
	return 1;
}

int status_unsubscribe(struct arena *a, const char *who, const char *mac, bool apply)
{
	if (str_empty(who) || str_empty(mac) || strlen(who) > 21 || (who[0] != 's' && who[0] != 'p'))
		return 0;
	char *end;
	long long id = strtoll(who + 1, &end, 10);
	if (*end || id <= 0)
		return 0;
	char want[65];
	crypto_hmac_hex("status-unsubscribe", who, want);
	want[32] = '\0';
	if (!str_ct_eq(want, mac))
		return 0;
	if (!apply)
		return 1;
	long long n = who[0] == 's'
		? db_exec(a, NULL, "DELETE FROM status_subscribers WHERE id = ?", "i", id)
		: db_exec(a, NULL, "INSERT IGNORE INTO status_optouts (staff_id, created_utc) VALUES (?, UTC_TIMESTAMP())", "i", id);
	return n < 0 ? -1 : 1;
}

/* ------------------------------------------------------------ health */

/* Sets a component's automatic state (NULL clears it) when it changed. */
static bool set_auto(struct arena *a, enum status_comp c, const char *state, const char *reason)
{
	long long n = db_exec(a, NULL, "UPDATE status_components SET auto_state = ?, auto_reason = ?, auto_utc = UTC_TIMESTAMP()"
			      " WHERE code = ? AND NOT (auto_state <=> ?)", "ssss", state, reason, comp_codes[c], state);
	if (n > 0) {
		log_info("status: %s automatically %s (%s)", comp_codes[c], state ? state : "cleared", reason ? reason : "healthy");
		bump(a);
	}
	return n >= 0;
}

void status_health_tick(struct arena *a)
{
	static time_t last;
	time_t now = time(NULL);
	if (now - last < config_int("status_check_interval_s", 5))
		return;
	last = now;
	long minutes = config_int("status_backlog_minutes", 10);
	struct db_res q;
	/* Messages not sent yet that were queued long ago: the provider fails
	 * or is slow (retries wait with growing delays). */
	if (db_exec(a, &q, "SELECT"
		    " (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending') AND channel = 'sms'"
		    "  AND created_utc < UTC_TIMESTAMP() - INTERVAL ? MINUTE),"
		    " (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending') AND channel = 'email'"
		    "  AND created_utc < UTC_TIMESTAMP() - INTERVAL ? MINUTE),"
		    " (SELECT COUNT(*) FROM ants_queue WHERE status IN ('pending', 'sending')"
		    "  AND created_utc < UTC_TIMESTAMP() - INTERVAL ? MINUTE)", "iii",
		    (long long)minutes, (long long)minutes, (long long)minutes) != 1)
		return;
	set_auto(a, SC_SMS, db_int(&q, 0, 0) ? "degraded" : NULL, db_int(&q, 0, 0) ? "sms_backlog" : NULL);
	set_auto(a, SC_COURRIEL, db_int(&q, 0, 1) ? "degraded" : NULL, db_int(&q, 0, 1) ? "email_backlog" : NULL);
	/* Without the coordination nothing sends the declarations: no link to
	 * be slow (ants_coord.h). */
	bool ants = ants_coord_enabled() && db_int(&q, 0, 2) > 0;
	set_auto(a, SC_ANTS, ants ? "degraded" : NULL, ants ? "ants_backlog" : NULL);
}
