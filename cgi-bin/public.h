/* public.h — handlers of the public portal (creneau-public), one file per
 * part of the journey; the route table is in public.c. */
#ifndef CRENEAU_PUBLIC_H
#define CRENEAU_PUBLIC_H
#include "request.h"

/* public_pages.c */
int h_home(struct request *r, char **args);
/* public_faq.c */
int h_faq(struct request *r, char **args);
int h_faq_vote(struct request *r, char **args);
int h_accessibility(struct request *r, char **args);
int h_privacy(struct request *r, char **args);
int h_healthz(struct request *r, char **args);
int h_outbox(struct request *r, char **args);
int h_delays(struct request *r, char **args);
/* public_status.c */
int h_status(struct request *r, char **args);
int h_status_json(struct request *r, char **args);
int h_status_atom(struct request *r, char **args);
int h_status_subscribe(struct request *r, char **args);
int h_status_confirm_form(struct request *r, char **args);
int h_status_confirm(struct request *r, char **args);
int h_status_unsub_form(struct request *r, char **args);
int h_status_unsub(struct request *r, char **args);
/* public_search.c */
int h_search(struct request *r, char **args);
int h_site(struct request *r, char **args);
/* public_book.c */
int h_book_form(struct request *r, char **args);
int h_book_post(struct request *r, char **args);
int h_confirm_form(struct request *r, char **args);
int h_confirm_post(struct request *r, char **args);
int h_confirm_resend(struct request *r, char **args);
int h_confirm_give_up(struct request *r, char **args);
/* public_manage.c */
int h_booking(struct request *r, char **args);
int h_convocation(struct request *r, char **args);
int h_cancel(struct request *r, char **args);
int h_move_form(struct request *r, char **args);
int h_move_post(struct request *r, char **args);
int h_rebook_form(struct request *r, char **args);
int h_rebook_post(struct request *r, char **args);
int h_manage_find(struct request *r, char **args);
int h_manage_find_post(struct request *r, char **args);
int h_manage_code(struct request *r, char **args);
int h_manage_code_post(struct request *r, char **args);
/* public_urgency.c */
int h_urgency_form(struct request *r, char **args);
int h_urgency_post(struct request *r, char **args);
int h_urgency_code(struct request *r, char **args);
int h_urgency_code_post(struct request *r, char **args);
int h_urgency_status(struct request *r, char **args);
/* public_waitlist.c */
int h_waitlist_form(struct request *r, char **args);
int h_waitlist_post(struct request *r, char **args);
int h_waitlist_entry(struct request *r, char **args);
int h_waitlist_code(struct request *r, char **args);
int h_waitlist_code_post(struct request *r, char **args);
int h_waitlist_leave(struct request *r, char **args);
int h_waitlist_offer(struct request *r, char **args);
int h_waitlist_offer_post(struct request *r, char **args);
/* public_survey.c */
int h_survey_form(struct request *r, char **args);
int h_survey_post(struct request *r, char **args);
int h_survey_thanks(struct request *r, char **args);
int h_quality(struct request *r, char **args);
/* public_complaint.c */
int h_complaint_form(struct request *r, char **args);
int h_complaint_post(struct request *r, char **args);
int h_complaint_view(struct request *r, char **args);
int h_complaint_code(struct request *r, char **args);
int h_complaint_code_post(struct request *r, char **args);

/* Shared by the handlers (public.c). */
const char *pub_base_url(void);
/* Fills PROCEDURE_OPTIONS sections (CODE, NAME, SELECTED) for a select. */
struct tpl_dict;
void pub_procedure_options(struct request *r, struct tpl_dict *d, const char *selected);

#endif
