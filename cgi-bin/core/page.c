/* page.c — see page.h. */
#include "page.h"
#include "config.h"
#include "i18n.h"
#include "log.h"
#include "status.h"

#include <string.h>

tpl_dict *page_new(struct request *r, const char *title)
{
	return page_new_with(r, title, "header", "footer", NULL);
}

tpl_dict *page_new_with(struct request *r, const char *title, const char *header, const char *footer,
                        tpl_dict **hdr)
{
	tpl_dict *d = tpl_new();
	tpl_global(d, "LANG", r->lang);
	tpl_global(d, "PAGE_TITLE", title);
	tpl_global(d, "CSRF", r->csrf);
	/* The language switch keeps the page and its query, minus any lang=. */
	struct sbuf q;
	sbuf_init(&q);
	for (size_t i = 0; i < r->nargs; i++) {
		if (strcmp(r->args[i].name, "lang") == 0)
			continue;
		sbuf_printf(&q, "%s=%s&", http_url_encode(r->arena, r->args[i].name),
			    http_url_encode(r->arena, r->args[i].value));
	}
	tpl_dict *h = tpl_include(d, "HEADER", header, r->lang);
	/* Every other language, each named in itself. */
	for (int i = 0; i18n_langs[i]; i++) {
		if (strcmp(i18n_langs[i], r->lang) == 0)
			continue;
		tpl_dict *o = tpl_section(h, "LANG_OPTION");
		tpl_set(o, "URL", arena_printf(r->arena, "%s?%slang=%s", r->path, q.s ? q.s : "", i18n_langs[i]));
		tpl_set(o, "CODE", i18n_langs[i]);
		tpl_set(o, "LABEL", i18n_lang_name(i18n_langs[i]));
	}
	sbuf_free(&q);
	if (config_int("dev_outbox", 0))
		tpl_show(h, "DEV_OUTBOX");
	page_status_banner(r, h);
	tpl_include(d, "FOOTER", footer, r->lang);
	if (hdr)
		*hdr = h;
	return d;
}

void page_status_banner(struct request *r, tpl_dict *h)
{
	const struct status_now *s = status_now(r->arena);
	time_t now = time(NULL);
	if (!status_banner_due(s, now))
		return;
	tpl_dict *b = tpl_section(h, "STATUS_BANNER");
	enum status_state overall = status_overall(s);
	struct sbuf t;
	sbuf_init(&t);
	/* The components that are not normal, then the maintenances. */
	for (int c = 0; c < SC_COUNT; c++) {
		enum status_state e = status_effective(s, (enum status_comp)c, NULL);
		if (e != ST_NORMAL)
			sbuf_printf(&t, "%s%s : %s", t.len ? " ; " : "", _(status_comp_label((enum status_comp)c)),
				    _(status_state_label(e)));
	}
	for (int i = 0; i < s->nmaint; i++) {
		const struct status_maint *m = &s->maint[i];
		if (m->ends <= now)
			continue;
		char f[96], u[96];
		i18n_when(m->starts, f, sizeof(f));
		i18n_when(m->ends, u, sizeof(u));
		sbuf_printf(&t, "%s", t.len ? " ; " : "");
		if (m->starts <= now)
			sbuf_printf(&t, _("maintenance en cours jusqu'au %s"), u);
		else
			sbuf_printf(&t, _("maintenance prévue du %s au %s"), f, u);
	}
	tpl_set(b, "STATE", overall == ST_NORMAL ? "maintenance" : status_state_code(overall));
	tpl_set(b, "TEXT", t.s ? t.s : "");
	sbuf_free(&t);
}

int page_render(struct request *r, tpl_dict *d, const char *tpl, int status)
{
	r->body.len = 0;
	bool ok = tpl_expand(tpl, r->lang, d, &r->body);
	tpl_free(d);
	if (!ok)
		return resp_text(r, 503, "text/plain; charset=utf-8",
				 _("Le service est momentanément indisponible. Merci de réessayer dans quelques instants."));
	r->content_type = "text/html; charset=utf-8";
	return status;
}

int page_unavailable(struct request *r)
{
	return page_error(r, 503, _("Le service est momentanément indisponible. Merci de réessayer dans quelques instants."));
}

int page_error(struct request *r, int status, const char *message)
{
	const char *title = status == 404 ? _("Page introuvable")
		: status >= 500 ? _("Service momentanément indisponible")
		: _("Demande impossible");
	tpl_dict *d = page_new(r, title);
	tpl_set(d, "MESSAGE", message);
	tpl_set_int(d, "STATUS", status);
	return page_render(r, d, "error", status);
}

void page_set_party(tpl_dict *d, long party)
{
	tpl_set_int(d, "PARTY", party);
	tpl_setf(d, "PARTY_TEXT", P_("%ld personne", "%ld personnes", (unsigned long)party), party);
}
