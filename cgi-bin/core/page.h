/* page.h — the frame shared by every HTML page: header and footer
 * includes, language switch, CSRF token, and the error page. */
#ifndef CRENEAU_PAGE_H
#define CRENEAU_PAGE_H
#include "request.h"
#include "tpl.h"

/* New root dictionary for a page titled `title` (already translated). */
tpl_dict *page_new(struct request *r, const char *title);
/* Same with another header/footer pair (the staff pages); *hdr gets the
 * header's dictionary (owned by the root) to show its sections. */
tpl_dict *page_new_with(struct request *r, const char *title, const char *header, const char *footer,
                        tpl_dict **hdr);
/* The banner of the service status (core/status.h) in a header's
 * dictionary h, when the state is not normal or a maintenance is
 * announced: section STATUS_BANNER with STATE and TEXT. */
void page_status_banner(struct request *r, tpl_dict *h);
/* Expands templates/<tpl>.tpl into the response, frees d, returns status
 * (503 when the template fails). */
int page_render(struct request *r, tpl_dict *d, const char *tpl, int status);
/* The error page with a French (or English) message. */
int page_error(struct request *r, int status, const char *message);
/* 503, "try again in a moment": what a database failure shows. */
int page_unavailable(struct request *r);
/* {{PARTY}}, the number (for links and fields), and {{PARTY_TEXT}}, its
 * words ("1 personne", "3 personnes"). */
void page_set_party(tpl_dict *d, long party);

#endif
