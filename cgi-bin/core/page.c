/* page.c — see page.h. */
#include "page.h"
#include "config.h"
#include "i18n.h"
#include "log.h"

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
	const char *other = strcmp(r->lang, "en") == 0 ? "fr" : "en";
	tpl_global(d, "SWITCH_URL", arena_printf(r->arena, "%s?%slang=%s", r->path, q.s, other));
	sbuf_free(&q);
	tpl_global(d, "SWITCH_LANG", other);
	tpl_global(d, "SWITCH_LABEL", strcmp(other, "en") == 0 ? "English" : "Français");
	tpl_dict *h = tpl_include(d, "HEADER", header, r->lang);
	if (config_int("dev_outbox", 0))
		tpl_show(h, "DEV_OUTBOX");
	tpl_include(d, "FOOTER", footer, r->lang);
	if (hdr)
		*hdr = h;
	return d;
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
