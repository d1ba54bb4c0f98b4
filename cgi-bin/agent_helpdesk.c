/* agent_helpdesk.c — the help desk's pages under /agent/assistance and
 * /agent/faq: the tickets (list with overdue flags, a new one with its
 * outcome, one ticket with its history, notes, states, owner or group),
 * the groups (the platform's lines; a commune administrator names the
 * commune's own second line), the topics (the platform administrator's)
 * and the FAQ entries drafted from resolved tickets. Operators and the
 * platform run it; a commune's staff open tickets and follow those they
 * opened, and work on those delegated to a group they belong to. Every
 * handler checks the ticket against the person (hd_can_see/hd_can_work). */
#include "agent.h"
#include "audit.h"
#include "commune.h"
#include "datetime.h"
#include "db.h"
#include "faq.h"
#include "form.h"
#include "helpdesk.h"
#include "i18n.h"
#include "labels.h"
#include "page.h"
#include "staff.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* A multi-line text as typed (form.c squashes newlines away): CRLF to
 * LF, other control characters out, trimmed; NULL when empty or longer
 * than max characters. */
static const char *multiline(struct request *r, const char *name, size_t max)
{
	const char *in = req_form(r, name);
	if (!in)
		return NULL;
	size_t n = strlen(in);
	char *out = arena_alloc(r->arena, n + 1), *p = out;
	for (const char *s = in; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r')
			continue;
		if (c < 0x20 && c != '\n' && c != '\t')
			continue;
		*p++ = (char)c;
	}
	*p = '\0';
	while (p > out && (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t'))
		*--p = '\0';
	while (*out == ' ' || *out == '\n' || *out == '\t')
		out++;
	if (!*out || text_utf8_len(out) > max)
		return NULL;
	return out;
}

static const char *local_time(struct arena *a, time_t t)
{
	if (!t)
		return NULL;
	struct tm lt;
	dt_utc_to_local(t, &lt);
	return arena_printf(a, "%02d/%02d/%04d %02d:%02d", lt.tm_mday, lt.tm_mon + 1, lt.tm_year + 1900, lt.tm_hour,
			    lt.tm_min);
}

static const char *local_sql(struct arena *a, const char *sql)
{
	time_t t;
	return sql && dt_parse_sql(sql, &t) ? local_time(a, t) : sql;
}

static const char *hours(struct arena *a, long long bs)
{
	return arena_printf(a, "%lld h %02lld", bs / 3600, (bs % 3600) / 60);
}

/* The options of a <select>: topics, groups, operators, communes. */
static bool topic_options(struct request *r, tpl_dict *d, long long chosen)
{
	struct hd_topic *t;
	long n = hd_topics(r->arena, &t);
	for (long i = 0; i < n; i++) {
		tpl_dict *o = tpl_section(d, "TOPIC_OPTION");
		tpl_set_int(o, "ID", t[i].id);
		tpl_set(o, "NAME", t[i].name);
		if (t[i].id == chosen)
			tpl_show(o, "SELECTED");
	}
	return n >= 0;
}

static bool group_options(struct request *r, tpl_dict *d, long long chosen)
{
	struct hd_group *g;
	long n = hd_groups(r->arena, -1, &g);
	for (long i = 0; i < n; i++) {
		tpl_dict *o = tpl_section(d, "GROUP_OPTION");
		tpl_set_int(o, "ID", g[i].id);
		tpl_setf(o, "NAME", "%s%s%s", g[i].name, g[i].commune ? " — " : "", g[i].commune ? g[i].commune : "");
		if (g[i].id == chosen)
			tpl_show(o, "SELECTED");
	}
	return n >= 0;
}

/* Help-desk operators and platform administrators (those who own tickets). */
static long operators(struct request *r, struct staff_row **out)
{
	struct scope all = scope_commune(0);
	struct staff_row *rows;
	long n = staff_list(r->arena, &all, &rows);
	if (n < 0)
		return -1;
	*out = arena_alloc(r->arena, (size_t)(n + 1) * sizeof(**out));
	long k = 0;
	for (long i = 0; i < n; i++)
		if (rows[i].active && (str_eq(rows[i].role, "helpdesk") || str_eq(rows[i].role, "platform_admin")))
			(*out)[k++] = rows[i];
	return k;
}

static bool owner_options(struct request *r, tpl_dict *d, long long chosen)
{
	struct staff_row *o;
	long n = operators(r, &o);
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "OWNER_OPTION");
		tpl_set_int(x, "ID", o[i].id);
		tpl_set(x, "NAME", o[i].name);
		if (o[i].id == chosen)
			tpl_show(x, "SELECTED");
	}
	return n >= 0;
}

static bool is_operator(struct request *r, long long id)
{
	struct staff_row *o;
	long n = operators(r, &o);
	for (long i = 0; i < n; i++)
		if (o[i].id == id)
			return true;
	return false;
}

/* ------------------------------------------------------------ the list */

int a_hd_list(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	struct hd_filter f = { .state = req_arg(r, "etat"), .q = req_arg(r, "q"), .mine = str_eq(req_arg(r, "miens"), "1") };
	long g = 0;
	if (valid_int(req_arg(r, "groupe"), 1, 1000000, &g))
		f.group_id = g;
	if (f.state && !str_eq(f.state, "all") && !hd_state_ok(f.state))
		f.state = "";
	if (f.q && strlen(f.q) > 100)
		f.q = "";
	struct hd_ticket *t;
	long n = hd_list(r->arena, s, &f, 200, &t);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Assistance"));
	if (hd_staff_runs(s)) {
		tpl_dict *x = tpl_section(d, "RUNS");
		tpl_set(x, "Q", f.q);
		static const char *const states[] = { "open", "delegated", "waiting", "resolved", "closed", "all" };
		for (size_t i = 0; i < ARRAY_LEN(states); i++) {
			tpl_dict *o = tpl_section(x, "STATE_OPTION");
			tpl_set(o, "CODE", states[i]);
			tpl_set(o, "NAME", str_eq(states[i], "all") ? _("tous") : label_of(states[i]));
			if (str_eq(f.state, states[i]))
				tpl_show(o, "SELECTED");
		}
		if (f.mine)
			tpl_show(x, "MINE");
		if (!group_options(r, x, f.group_id))
			return page_unavailable(r);
		tpl_show(d, "RUNS_INTRO");
	} else {
		tpl_show(d, "FOLLOWS_INTRO");
	}
	if (n == 0)
		tpl_show(d, "NONE");
	else
		tpl_show(d, "SOME");
	long overdue = 0;
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "TICKET");
		tpl_set_int(x, "ID", t[i].id);
		tpl_set(x, "REF", t[i].ref);
		tpl_set(x, "SUBJECT", t[i].subject);
		tpl_set(x, "STATE", label_of(t[i].state));
		tpl_set(x, "TOPIC", t[i].topic);
		tpl_set(x, "CHANNEL", label_of(t[i].channel));
		tpl_set(x, "CALLER", label_of(t[i].caller_type));
		tpl_set(x, "COMMUNE", t[i].commune ? t[i].commune : "—");
		tpl_set(x, "WHO", t[i].group ? t[i].group : t[i].owner ? t[i].owner : "—");
		tpl_set(x, "CREATED", local_time(r->arena, t[i].created));
		/* A running timer past its delay (a late first answer already
		 * given shows on the ticket's page). */
		bool done = str_eq(t[i].state, "resolved") || str_eq(t[i].state, "closed");
		if (!done && ((t[i].first_answer_bs < 0 && t[i].first_overdue) || t[i].resolution_overdue)) {
			tpl_show(x, "OVERDUE");
			overdue++;
		}
		if (str_eq(t[i].state, "waiting"))
			tpl_show(x, "PAUSED");
	}
	if (overdue)
		tpl_set_int(tpl_section(d, "OVERDUE_COUNT"), "N", overdue);
	return page_render(r, d, "agent_hd_list", 200);
}

/* ------------------------------------------------------- a new ticket */

static int new_page(struct request *r, struct form *f, int status)
{
	struct staff *s = me(r);
	tpl_dict *d = agent_page(r, _("Nouveau ticket d'assistance"));
	long long topic = f ? form_int(f, "sujet", 0) : 0;
	if (!topic_options(r, d, topic))
		return page_unavailable(r);
	if (hd_staff_runs(s)) {
		tpl_dict *x = tpl_section(d, "RUNS");
		const char *ch = f ? form_typed(f, "canal") : "phone";
		const char *ct = f ? form_typed(f, "appelant") : "citizen";
		const char *oc = f ? form_typed(f, "issue") : "open";
		static const char *const chs[] = { "phone", "email", "desk", "form" };
		static const char *const cts[] = { "citizen", "agent", "partner", "other" };
		for (size_t i = 0; i < ARRAY_LEN(chs); i++) {
			tpl_dict *o = tpl_section(x, "CHANNEL_OPTION");
			tpl_set(o, "CODE", chs[i]);
			tpl_set(o, "NAME", label_of(chs[i]));
			if (str_eq(ch, chs[i]))
				tpl_show(o, "SELECTED");
		}
		for (size_t i = 0; i < ARRAY_LEN(cts); i++) {
			tpl_dict *o = tpl_section(x, "CALLER_OPTION");
			tpl_set(o, "CODE", cts[i]);
			tpl_set(o, "NAME", label_of(cts[i]));
			if (str_eq(ct, cts[i]))
				tpl_show(o, "SELECTED");
		}
		tpl_show(x, str_eq(oc, "closed_at_once") ? "AT_ONCE_CHECKED" : str_eq(oc, "delegated") ? "DELEGATED_CHECKED"
			 : "OPEN_CHECKED");
		struct commune_row *c;
		long nc = communes_all(r->arena, false, &c);
		long long chosen = f ? form_int(f, "commune", 0) : 0;
		for (long i = 0; i < nc; i++) {
			tpl_dict *o = tpl_section(x, "COMMUNE_OPTION");
			tpl_set_int(o, "ID", c[i].id);
			tpl_set(o, "NAME", c[i].name);
			if (c[i].id == chosen)
				tpl_show(o, "SELECTED");
		}
		if (nc < 0 || !owner_options(r, x, f ? form_int(f, "proprietaire", 0) : s->id) ||
		    !group_options(r, x, f ? form_int(f, "groupe", 0) : 0))
			return page_unavailable(r);
		if (f) {
			tpl_set(x, "V_NOM", form_typed(f, "nom"));
			tpl_set(x, "V_EMAIL", form_typed(f, "email"));
			tpl_set(x, "V_REPONSE", req_form(r, "reponse"));
		}
	}
	if (f) {
		form_fill(f, d);
		tpl_set(d, "V_TEXTE", req_form(r, "texte"));
	}
	return page_render(r, d, "agent_hd_new", status);
}

int a_hd_new_form(struct request *r, char **args)
{
	(void)args;
	return new_page(r, NULL, 200);
}

int a_hd_new(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	bool runs = hd_staff_runs(s);
	struct form f;
	form_init(&f, r);
	static const struct field_spec common[] = {
		{ "sujet", F_INT, true, 1, 1000000 },
		{ "objet", F_TEXT, true, 0, HD_SUBJECT_MAX },
		{ "reference", F_TEXT, false, 0, 12 },
	};
	static const struct field_spec desk[] = {
		{ "canal", F_TEXT, true, 0, 10 },
		{ "appelant", F_TEXT, true, 0, 10 },
		{ "nom", F_TEXT, false, 0, 120 },
		{ "email", F_EMAIL, false, 0, 0 },
		{ "commune", F_INT, false, 1, 1000000 },
		{ "issue", F_TEXT, true, 0, 20 },
		{ "proprietaire", F_INT, false, 1, 1000000000 },
		{ "groupe", F_INT, false, 1, 1000000 },
	};
	form_check_all(&f, common, ARRAY_LEN(common));
	if (runs)
		form_check_all(&f, desk, ARRAY_LEN(desk));
	const char *text = multiline(r, "texte", HD_BODY_MAX);
	if (!text)
		form_fail(&f, "texte", str_empty(req_form(r, "texte")) ? _("Ce champ est obligatoire.") : _("Ce texte est trop long."));
	struct hd_topic *tp;
	long nt = hd_topics(r->arena, &tp);
	if (nt < 0)
		return page_unavailable(r);
	bool topic_ok = false;
	for (long i = 0; i < nt; i++)
		topic_ok = topic_ok || tp[i].id == form_int(&f, "sujet", 0);
	if (form_value(&f, "sujet") && !topic_ok)
		form_fail(&f, "sujet", _("Choisissez un sujet dans la liste."));
	const char *ref = form_value(&f, "reference");
	char refbuf[16];
	if (ref && !valid_ref(ref, refbuf, sizeof(refbuf)))
		form_fail(&f, "reference", _("La référence compte 8 caractères, par exemple K7QM3XPA."));
	struct hd_new n = {
		.topic_id = form_int(&f, "sujet", 0), .subject = form_value(&f, "objet"), .body = text,
		.booking_ref = ref ? refbuf : NULL, .opened_by = s->id,
	};
	if (runs) {
		n.channel = form_value(&f, "canal");
		n.caller_type = form_value(&f, "appelant");
		n.caller_name = form_value(&f, "nom");
		n.caller_email = form_value(&f, "email");
		n.commune_id = form_int(&f, "commune", 0);
		n.outcome = form_value(&f, "issue");
		if (n.channel && !hd_channel_ok(n.channel))
			form_fail(&f, "canal", _("Choisissez un canal dans la liste."));
		if (n.caller_type && !hd_caller_ok(n.caller_type))
			form_fail(&f, "appelant", _("Choisissez un type d'appelant dans la liste."));
		if (n.commune_id) {
			struct commune_row c;
			int found = commune_get(r->arena, n.commune_id, &c);
			if (found < 0)
				return page_unavailable(r);
			if (!found)
				form_fail(&f, "commune", _("Choisissez une commune dans la liste."));
		}
		if (str_eq(n.outcome, "closed_at_once")) {
			n.answer = multiline(r, "reponse", HD_BODY_MAX);
			if (!n.answer)
				form_fail(&f, "reponse", _("Notez la réponse donnée à l'appelant."));
		} else if (str_eq(n.outcome, "open")) {
			n.owner_id = form_int(&f, "proprietaire", s->id);
			if (!is_operator(r, n.owner_id))
				form_fail(&f, "proprietaire", _("Choisissez un opérateur dans la liste."));
		} else if (str_eq(n.outcome, "delegated")) {
			struct hd_group g;
			n.group_id = form_int(&f, "groupe", 0);
			int found = n.group_id ? hd_group_get(r->arena, n.group_id, &g) : 0;
			if (found < 0)
				return page_unavailable(r);
			if (found != 1 || g.line != 2)
				form_fail(&f, "groupe", _("Choisissez le groupe de deuxième ligne."));
		} else if (n.outcome) {
			form_fail(&f, "issue", _("Choisissez l'issue de l'appel."));
		}
	} else {
		/* A commune's staff ask for themselves, by the staff pages. */
		n.channel = "form";
		n.caller_type = s->role == ROLE_PARTNER ? "partner" : "agent";
		n.caller_name = s->name;
		n.caller_email = s->email;
		n.commune_id = s->commune_id;
		n.outcome = "open";
	}
	if (f.nerrors)
		return new_page(r, &f, 422);
	long long id;
	if (!hd_create(r->arena, &n, &id))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/assistance/%lld", id));
}

/* ------------------------------------------------------- one ticket */

/* The ticket of the URL that the person may see: 0 with *t, else the
 * page already answered (404, 403). */
static int ticket_of(struct request *r, const char *arg, struct hd_ticket *t, bool work)
{
	long long id = hd_ref_parse(arg);
	int found = id ? hd_get(r->arena, id, t) : 0;
	if (found < 0)
		return page_unavailable(r);
	if (!found)
		return page_error(r, 404, _("Ce ticket n'existe pas."));
	if (!(work ? hd_can_work(r->arena, me(r), t) : hd_can_see(r->arena, me(r), t)))
		return agent_forbidden(r);
	return 0;
}

static const char *event_text(struct request *r, const struct hd_event *e)
{
	if (str_eq(e->kind, "created"))
		return arena_printf(r->arena, _("Ticket ouvert (%s)"), label_of(e->detail));
	if (str_eq(e->kind, "state")) {
		const char *gt = e->detail ? strchr(e->detail, '>') : NULL;
		if (gt)
			return arena_printf(r->arena, _("État : %s → %s"), label_of(arena_strndup(r->arena, e->detail,
				(size_t)(gt - e->detail))), label_of(gt + 1));
	}
	if (str_eq(e->kind, "delegate"))
		return arena_printf(r->arena, _("Délégué au groupe %s"), e->target ? e->target : "?");
	if (str_eq(e->kind, "assign"))
		return e->target ? arena_printf(r->arena, _("Attribué à %s"), e->target) : _("Sans propriétaire");
	if (str_eq(e->kind, "incoming"))
		return _("Message de l'appelant");
	if (str_eq(e->kind, "note"))
		return e->internal ? _("Note interne") : _("Réponse envoyée à l'appelant");
	return e->kind;
}

static int ticket_page(struct request *r, const struct hd_ticket *t, struct form *f, int status, const char *notice)
{
	struct staff *s = me(r);
	bool work = hd_can_work(r->arena, s, t), runs = hd_staff_runs(s);
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Ticket %s"), t->ref));
	tpl_set(d, "REF", t->ref);
	tpl_set_int(d, "ID", t->id);
	tpl_set(d, "SUBJECT", t->subject);
	tpl_set(d, "BODY", t->body);
	tpl_set(d, "STATE", label_of(t->state));
	tpl_set(d, "OUTCOME", label_of(t->outcome));
	tpl_set(d, "TOPIC", t->topic);
	tpl_set(d, "CHANNEL", label_of(t->channel));
	tpl_set(d, "CALLER_TYPE", label_of(t->caller_type));
	tpl_set(d, "CALLER_NAME", t->caller_name ? t->caller_name : "—");
	tpl_set(d, "CALLER_EMAIL", t->caller_email ? t->caller_email : "—");
	tpl_set(d, "COMMUNE", t->commune ? t->commune : "—");
	tpl_set(d, "BOOKING_REF", t->booking_ref ? t->booking_ref : "—");
	tpl_set(d, "OWNER", t->owner ? t->owner : "—");
	tpl_set(d, "GROUP", t->group ? t->group : "—");
	tpl_set(d, "OPENER", t->opener ? t->opener : "—");
	tpl_set(d, "CREATED", local_time(r->arena, t->created));
	tpl_set(d, "ELAPSED", hours(r->arena, t->elapsed_bs));
	tpl_set(d, "FIRST_ANSWER", t->first_answer_bs >= 0 ? hours(r->arena, t->first_answer_bs) : _("pas encore"));
	tpl_set(d, "RESOLUTION", t->resolution_bs >= 0 ? hours(r->arena, t->resolution_bs) : _("pas encore"));
	tpl_set(d, "PAUSED", hours(r->arena, t->paused_bs));
	if (str_eq(t->state, "waiting"))
		tpl_show(d, "CLOCK_PAUSED");
	bool done = str_eq(t->state, "resolved") || str_eq(t->state, "closed");
	if (t->first_overdue && (t->first_answer_bs >= 0 || !done))
		tpl_show(d, "FIRST_OVERDUE");
	if (t->resolution_overdue)
		tpl_show(d, "RESOLUTION_OVERDUE");
	struct hd_event *e;
	long n = hd_events(r->arena, t->id, &e);
	if (n < 0)
		return page_unavailable(r);
	for (long i = 0; i < n; i++) {
		/* The opener follows the exchange, not the staff's notes. */
		if (!work && str_eq(e[i].kind, "note") && e[i].internal)
			continue;
		tpl_dict *x = tpl_section(d, "EVENT");
		tpl_set(x, "AT", local_sql(r->arena, e[i].at));
		tpl_set(x, "WHO", e[i].who ? e[i].who : str_eq(e[i].kind, "incoming") ? _("l'appelant") : _("la messagerie"));
		tpl_set(x, "WHAT", event_text(r, &e[i]));
		if (e[i].body)
			tpl_set(tpl_section(x, "BODY"), "TEXT", e[i].body);
	}
	if (work) {
		tpl_dict *w = tpl_section(d, "WORK");
		if (t->caller_email)
			tpl_show(w, "CAN_SEND");
		static const char *const states[] = { "open", "waiting", "resolved", "closed" };
		for (size_t i = 0; i < ARRAY_LEN(states); i++)
			if (!str_eq(t->state, states[i])) {
				tpl_dict *o = tpl_section(w, "STATE_BUTTON");
				tpl_set(o, "CODE", states[i]);
				tpl_set(o, "NAME", str_eq(states[i], "open") ? _("Rouvrir") : str_eq(states[i], "waiting")
					? _("En attente de l'appelant") : str_eq(states[i], "resolved") ? _("Résolu") : _("Clore"));
			}
	} else {
		tpl_show(d, "REPLY");
	}
	if (runs) {
		tpl_dict *x = tpl_section(d, "ASSIGN");
		if (!owner_options(r, x, t->owner_id) || !group_options(r, x, t->group_id))
			return page_unavailable(r);
		if (done)
			tpl_show(d, "CAN_FAQ");
	}
	if (f) {
		form_fill(f, d);
		tpl_set(d, "V_TEXTE", req_form(r, "texte"));
	}
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	return page_render(r, d, "agent_hd_ticket", status);
}

int a_hd_ticket(struct request *r, char **args)
{
	struct hd_ticket t;
	int st = ticket_of(r, args[0], &t, false);
	return st ? st : ticket_page(r, &t, NULL, 200, NULL);
}

int a_hd_note(struct request *r, char **args)
{
	struct hd_ticket t;
	int st = ticket_of(r, args[0], &t, false);
	if (st)
		return st;
	bool work = hd_can_work(r->arena, me(r), &t);
	bool send = work && str_eq(req_form(r, "envoyer"), "1");
	struct form f;
	form_init(&f, r);
	const char *text = multiline(r, "texte", HD_BODY_MAX);
	if (!text)
		form_fail(&f, "texte", str_empty(req_form(r, "texte")) ? _("Ce champ est obligatoire.") : _("Ce texte est trop long."));
	else if (send && !t.caller_email)
		form_fail(&f, "texte", _("Cet appelant n'a pas d'adresse électronique : notez la réponse en note interne."));
	if (f.nerrors)
		return ticket_page(r, &t, &f, 422, NULL);
	if (!hd_note(r->arena, &t, me(r)->id, text, !send, !work))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/assistance/%lld", t.id));
}

int a_hd_state(struct request *r, char **args)
{
	struct hd_ticket t;
	int st = ticket_of(r, args[0], &t, true);
	if (st)
		return st;
	const char *to = req_form(r, "etat");
	if (!(str_eq(to, "open") || str_eq(to, "waiting") || str_eq(to, "resolved") || str_eq(to, "closed")))
		return ticket_page(r, &t, NULL, 422, _("Choisissez un état dans la liste."));
	if (!hd_set_state(r->arena, &t, me(r)->id, str_eq(to, "open") && t.group_id ? "delegated" : to))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/agent/assistance/%lld", t.id));
}

int a_hd_assign(struct request *r, char **args)
{
	struct hd_ticket t;
	int st = ticket_of(r, args[0], &t, true);
	if (st)
		return st;
	long v;
	if (valid_int(req_form(r, "groupe"), 1, 1000000, &v)) {
		struct hd_group g;
		int found = hd_group_get(r->arena, v, &g);
		if (found < 0)
			return page_unavailable(r);
		if (found != 1 || g.line != 2)
			return ticket_page(r, &t, NULL, 422, _("Choisissez le groupe de deuxième ligne."));
		if (!hd_delegate(r->arena, &t, me(r)->id, v))
			return page_unavailable(r);
	} else if (valid_int(req_form(r, "proprietaire"), 1, 1000000000, &v)) {
		if (!is_operator(r, v))
			return ticket_page(r, &t, NULL, 422, _("Choisissez un opérateur dans la liste."));
		if (!hd_assign(r->arena, &t, me(r)->id, v))
			return page_unavailable(r);
	} else {
		return ticket_page(r, &t, NULL, 422, _("Choisissez un opérateur ou un groupe."));
	}
	return resp_redirect(r, arena_printf(r->arena, "/agent/assistance/%lld", t.id));
}

/* ------------------------------------------------------- groups, topics */

static int groups_page(struct request *r, int status, const char *notice, const char *alert)
{
	struct staff *s = me(r);
	bool cadmin = s->role == ROLE_COMMUNE_ADMIN;
	struct hd_group *g;
	long n = hd_groups(r->arena, cadmin ? s->commune_id : -1, &g);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("Groupes du centre d'assistance"));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "GROUP");
		tpl_set(x, "NAME", g[i].name);
		tpl_set(x, "LINE", g[i].line == 1 ? _("première ligne") : _("deuxième ligne"));
		tpl_set(x, "TOPIC", g[i].topic ? g[i].topic : "—");
		tpl_set(x, "COMMUNE", g[i].commune ? g[i].commune : _("la plateforme"));
		tpl_set(x, "MEMBERS", g[i].members ? g[i].members : "—");
	}
	/* Whom the form offers: the commune's staff for its administrator,
	 * the operators for the platform's groups. */
	struct staff_row *people;
	long np;
	if (cadmin) {
		struct scope sc = scope_commune(s->commune_id);
		np = staff_list(r->arena, &sc, &people);
	} else {
		np = operators(r, &people);
	}
	if (np < 0)
		return page_unavailable(r);
	tpl_dict *f = tpl_section(d, cadmin ? "COMMUNE_FORM" : "PLATFORM_FORM");
	if (!cadmin) {
		for (long i = 0; i < n; i++)
			if (!g[i].commune_id) {
				tpl_dict *o = tpl_section(f, "GROUP_OPTION");
				tpl_set_int(o, "ID", g[i].id);
				tpl_set(o, "NAME", g[i].name);
			}
	} else if (!topic_options(r, f, 0)) {
		return page_unavailable(r);
	}
	for (long i = 0; i < np; i++)
		if (people[i].active) {
			tpl_dict *o = tpl_section(f, "PERSON");
			tpl_set_int(o, "ID", people[i].id);
			tpl_set(o, "NAME", people[i].name);
		}
	if (s->role == ROLE_PLATFORM_ADMIN) {
		tpl_dict *t = tpl_section(d, "TOPICS");
		struct hd_topic *tp;
		long nt = hd_topics(r->arena, &tp);
		if (nt < 0)
			return page_unavailable(r);
		for (long i = 0; i < nt; i++) {
			tpl_dict *x = tpl_section(t, "TOPIC");
			tpl_set(x, "CODE", tp[i].code);
			tpl_set(x, "NAME", tp[i].name);
		}
	}
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	return page_render(r, d, "agent_hd_groups", status);
}

int a_hd_groups(struct request *r, char **args)
{
	(void)args;
	return groups_page(r, 200, str_eq(req_arg(r, "ok"), "1") ? _("Groupe enregistré.") : NULL, NULL);
}

int a_hd_group_members(struct request *r, char **args)
{
	(void)args;
	struct staff *s = me(r);
	bool cadmin = s->role == ROLE_COMMUNE_ADMIN;
	/* The members posted (membre=ID, repeated), each checked: one's own
	 * commune's active staff, or the operators. */
	struct staff_row *people;
	long np;
	if (cadmin) {
		struct scope sc = scope_commune(s->commune_id);
		np = staff_list(r->arena, &sc, &people);
	} else {
		np = operators(r, &people);
	}
	if (np < 0)
		return page_unavailable(r);
	long long *ids = arena_alloc(r->arena, (r->nform + 1) * sizeof(*ids));
	int k = 0;
	for (size_t i = 0; i < r->nform; i++) {
		long v;
		if (!str_eq(r->form[i].name, "membre"))
			continue;
		bool ok = valid_int(r->form[i].value, 1, 1000000000, &v);
		bool known = false;
		for (long j = 0; ok && j < np; j++)
			known = known || (people[j].id == v && people[j].active);
		if (!known)
			return groups_page(r, 422, NULL, _("Choisissez les membres dans la liste."));
		ids[k++] = v;
	}
	long long group;
	long v;
	if (cadmin) {
		struct hd_topic *tp;
		long nt = hd_topics(r->arena, &tp);
		if (nt < 0)
			return page_unavailable(r);
		const char *tname = NULL;
		if (valid_int(req_form(r, "sujet"), 1, 1000000, &v))
			for (long i = 0; i < nt; i++)
				if (tp[i].id == v)
					tname = tp[i].name;
		if (!tname)
			return groups_page(r, 422, NULL, _("Choisissez un sujet dans la liste."));
		if (!db_begin())
			return page_unavailable(r);
		group = hd_commune_group(r->arena, s->commune_id, v,
					 arena_printf(r->arena, _("Deuxième ligne — %s — %s"), tname, s->commune_name));
	} else {
		struct hd_group g;
		int found = valid_int(req_form(r, "groupe"), 1, 1000000, &v) ? hd_group_get(r->arena, v, &g) : 0;
		if (found < 0)
			return page_unavailable(r);
		if (found != 1 || g.commune_id)
			return groups_page(r, 422, NULL, _("Choisissez un groupe de la plateforme."));
		if (!db_begin())
			return page_unavailable(r);
		group = v;
	}
	bool ok = group && hd_group_set_members(r->arena, group, ids, k) &&
		  audit(r->arena, s->id, s->commune_id, "helpdesk_group", "hd_group", arena_printf(r->arena, "%lld", group),
			arena_printf(r->arena, "%d", k)) && db_commit();
	if (!ok) {
		db_rollback();
		return page_unavailable(r);
	}
	return resp_redirect(r, "/agent/assistance/groupes?ok=1");
}

int a_hd_topic_add(struct request *r, char **args)
{
	(void)args;
	const char *code = req_form(r, "code"), *name = req_form(r, "nom");
	bool code_ok = code && *code && strlen(code) <= 30 && strspn(code, "abcdefghijklmnopqrstuvwxyz_0123456789") == strlen(code);
	if (!code_ok || str_empty(name) || text_utf8_len(name) > 120 || !text_valid_utf8(name, strlen(name), false))
		return groups_page(r, 422, NULL, _("Le sujet demande un code (lettres minuscules, chiffres, _) et un nom."));
	if (!db_begin())
		return page_unavailable(r);
	int n = hd_topic_add(r->arena, code, name);
	if (n == 0) {
		db_rollback();
		return groups_page(r, 409, NULL, _("Un sujet porte déjà ce code."));
	}
	if (n < 0 || !audit(r->arena, me(r)->id, 0, "helpdesk_topic", "hd_topic", code, name) || !db_commit()) {
		db_rollback();
		return page_unavailable(r);
	}
	return resp_redirect(r, "/agent/assistance/groupes?ok=1");
}

/* ------------------------------------------------------------- FAQ */

static int faq_form_page(struct request *r, const struct hd_ticket *t, struct form *f, int status)
{
	tpl_dict *d = agent_page(r, arena_printf(r->arena, _("Entrée de FAQ depuis le ticket %s"), t->ref));
	tpl_set(d, "REF", t->ref);
	tpl_set_int(d, "ID", t->id);
	if (!topic_options(r, d, f ? form_int(f, "sujet", t->topic_id) : t->topic_id))
		return page_unavailable(r);
	const char *lang = f ? form_typed(f, "langue") : "fr";
	tpl_show(d, str_eq(lang, "en") ? "EN_SELECTED" : "FR_SELECTED");
	if (f) {
		form_fill(f, d);
		tpl_set(d, "V_REPONSE", req_form(r, "reponse"));
	} else {
		tpl_set(d, "V_QUESTION", t->subject);
		/* The answer sent last, as a start. */
		struct hd_event *e;
		long n = hd_events(r->arena, t->id, &e);
		if (n < 0)
			return page_unavailable(r);
		const char *answer = NULL;
		for (long i = 0; i < n; i++)
			if (str_eq(e[i].kind, "note") && e[i].body)
				answer = e[i].body;
		tpl_set(d, "V_REPONSE", answer);
	}
	return page_render(r, d, "agent_hd_faq", status);
}

static int done_ticket(struct request *r, const char *arg, struct hd_ticket *t)
{
	int st = ticket_of(r, arg, t, true);
	if (st)
		return st;
	if (!str_eq(t->state, "resolved") && !str_eq(t->state, "closed"))
		return page_error(r, 409, _("Une entrée de FAQ se rédige depuis un ticket résolu ou clos."));
	return 0;
}

int a_hd_faq_form(struct request *r, char **args)
{
	struct hd_ticket t;
	int st = done_ticket(r, args[0], &t);
	return st ? st : faq_form_page(r, &t, NULL, 200);
}

int a_hd_faq_draft(struct request *r, char **args)
{
	struct hd_ticket t;
	int st = done_ticket(r, args[0], &t);
	if (st)
		return st;
	struct form f;
	form_init(&f, r);
	static const struct field_spec fs[] = {
		{ "question", F_TEXT, true, 0, FAQ_QUESTION_MAX },
		{ "langue", F_TEXT, true, 0, 2 },
		{ "sujet", F_INT, false, 1, 1000000 },
	};
	form_check_all(&f, fs, ARRAY_LEN(fs));
	const char *lang = form_value(&f, "langue");
	if (lang && !str_eq(lang, "fr") && !str_eq(lang, "en"))
		form_fail(&f, "langue", _("Choisissez le français ou l'anglais."));
	const char *answer = multiline(r, "reponse", FAQ_ANSWER_MAX);
	if (!answer)
		form_fail(&f, "reponse", str_empty(req_form(r, "reponse")) ? _("Ce champ est obligatoire.") : _("Ce texte est trop long."));
	if (f.nerrors)
		return faq_form_page(r, &t, &f, 422);
	long long id;
	if (!db_begin())
		return page_unavailable(r);
	if (!faq_draft(r->arena, t.id, form_int(&f, "sujet", 0), lang, form_value(&f, "question"), answer, me(r)->id, &id) ||
	    !audit(r->arena, me(r)->id, 0, "faq_draft", "faq", arena_printf(r->arena, "%lld", id), t.ref) || !db_commit()) {
		db_rollback();
		return page_unavailable(r);
	}
	return resp_redirect(r, "/agent/faq?brouillon=1");
}

int a_faq_list(struct request *r, char **args)
{
	(void)args;
	struct faq_entry *e;
	long n = faq_all(r->arena, &e);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = agent_page(r, _("FAQ publique"));
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "ENTRY");
		tpl_set_int(x, "ID", e[i].id);
		tpl_set(x, "QUESTION", e[i].question);
		tpl_set(x, "ANSWER", e[i].answer);
		tpl_set(x, "LANG", e[i].lang);
		tpl_set(x, "TOPIC", e[i].topic ? e[i].topic : "—");
		tpl_set_int(x, "YES", e[i].yes);
		tpl_set_int(x, "NO", e[i].no);
		if (e[i].ticket_id)
			tpl_set(tpl_section(x, "FROM_TICKET"), "REF", hd_ref(r->arena, e[i].ticket_id));
		tpl_show(x, str_eq(e[i].status, "published") ? "PUBLISHED" : "DRAFT");
	}
	if (str_eq(req_arg(r, "brouillon"), "1"))
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", _("Brouillon enregistré : publiez-le pour qu'il paraisse sur la page publique."));
	return page_render(r, d, "agent_faq", 200);
}

int a_faq_publish(struct request *r, char **args)
{
	long id;
	const char *act = req_form(r, "action");
	if (!valid_int(args[0], 1, 100000000, &id) || !(str_eq(act, "publier") || str_eq(act, "retirer")))
		return page_error(r, 400, _("Choisissez de publier ou de retirer l'entrée."));
	if (!db_begin())
		return page_unavailable(r);
	int st = faq_publish(r->arena, id, str_eq(act, "publier"));
	if (st == 0) {
		db_rollback();
		return page_error(r, 404, _("Cette entrée de FAQ n'existe pas."));
	}
	if (st < 0 || !audit(r->arena, me(r)->id, 0, str_eq(act, "publier") ? "faq_publish" : "faq_unpublish", "faq",
			     arena_printf(r->arena, "%ld", id), NULL) || !db_commit()) {
		db_rollback();
		return page_unavailable(r);
	}
	return resp_redirect(r, "/agent/faq");
}
