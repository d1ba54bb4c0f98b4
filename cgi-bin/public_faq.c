/* public_faq.c — /faq: the published entries of the FAQ (core/faq.h) in
 * the reader's language, filtered by ?q=, each with the question "did
 * this answer your question?" (a POST with the CSRF token, limited per
 * address: one answer per entry a day, 30 an hour). */
#include "public.h"
#include "faq.h"
#include "i18n.h"
#include "page.h"
#include "ratelimit.h"
#include "validate.h"

#include <string.h>

static int faq_page(struct request *r, int status, long long thanked, const char *alert)
{
	const char *q = req_arg(r, "q");
	if (q && strlen(q) > 200)
		q = NULL;
	struct faq_entry *e;
	long n = faq_published(r->arena, r->lang, q, &e);
	if (n < 0)
		return page_unavailable(r);
	tpl_dict *d = page_new(r, _("Questions fréquentes"));
	tpl_set(d, "Q", q);
	if (!str_empty(q)) {
		tpl_dict *s = tpl_section(d, "SEARCHED");
		tpl_set(s, "Q", q);
		tpl_set_int(s, "N", n);
	}
	if (n == 0)
		tpl_show(d, "NONE");
	for (long i = 0; i < n; i++) {
		tpl_dict *x = tpl_section(d, "ENTRY");
		tpl_set_int(x, "ID", e[i].id);
		tpl_set(x, "QUESTION", e[i].question);
		tpl_set(x, "ANSWER", e[i].answer);
		tpl_set_int(x, "YES", e[i].yes);
		tpl_set_int(x, "NO", e[i].no);
		if (thanked == e[i].id)
			tpl_show(x, "THANKS");
		else
			tpl_show(x, "ASK");
	}
	if (alert)
		tpl_set(tpl_section(d, "ALERT"), "MESSAGE", alert);
	return page_render(r, d, "faq", status);
}

int h_faq(struct request *r, char **args)
{
	(void)args;
	long merci = 0;
	valid_int(req_arg(r, "merci"), 1, 100000000, &merci);
	return faq_page(r, 200, merci, NULL);
}

int h_faq_vote(struct request *r, char **args)
{
	long id;
	const char *v = req_form(r, "avis");
	if (!valid_int(args[0], 1, 100000000, &id) || !(str_eq(v, "oui") || str_eq(v, "non")))
		return page_error(r, 400, _("Choisissez « oui » ou « non »."));
	const char *addr = r->remote_addr ? r->remote_addr : "";
	if (!ratelimit_ok(r->arena, "faq_vote", arena_printf(r->arena, "%s:%ld", addr, id), 86400, 1) ||
	    !ratelimit_ok(r->arena, "faq_votes", addr, 3600, 30))
		return faq_page(r, 429, 0, _("Votre avis sur cette réponse est déjà compté. Merci !"));
	switch (faq_feedback(r->arena, id, str_eq(v, "oui"))) {
	case 1:
		break;
	case 0:
		return page_error(r, 404, _("Cette question n'existe pas ou n'est plus publiée."));
	default:
		return page_unavailable(r);
	}
	if (!ratelimit_record(r->arena, "faq_vote", arena_printf(r->arena, "%s:%ld", addr, id)) ||
	    !ratelimit_record(r->arena, "faq_votes", addr))
		return page_unavailable(r);
	return resp_redirect(r, arena_printf(r->arena, "/faq?merci=%ld#faq-%ld", id, id));
}
