/* agent.h — the staff program (creneau-agent, under /agent/): agents of
 * equipped communes, commune administrators, partner town halls and the
 * platform administrator. The route table with the roles each route needs
 * is in agent.c; handlers live in agent_<part>.c. Every handler that reads
 * or changes a record checks its commune against the signed-in person's
 * (agent_can_*), whatever the URL or the form says. */
#ifndef CRENEAU_AGENT_H
#define CRENEAU_AGENT_H
#include "auth.h"
#include "booking.h"
#include "request.h"
#include "tpl.h"

#define R_AGENT (1u << ROLE_AGENT)
#define R_CADMIN (1u << ROLE_COMMUNE_ADMIN)
#define R_PARTNER (1u << ROLE_PARTNER)
#define R_PADMIN (1u << ROLE_PLATFORM_ADMIN)
#define R_EQUIPPED (R_AGENT | R_CADMIN | R_PADMIN)
#define R_ADMINS (R_CADMIN | R_PADMIN)
#define R_ALL (R_AGENT | R_CADMIN | R_PARTNER | R_PADMIN)
#define R_HELPDESK (1u << ROLE_HELPDESK)
/* Every signed-in person of the communes and the help desk (whose
 * operators see the tickets but no booking page). */
#define R_STAFF (R_ALL | R_HELPDESK)
/* Those who run the help desk: its operators and the platform. */
#define R_HDESK (R_HELPDESK | R_PADMIN)
/* The technical staff: the service status only (and their own account). */
#define R_TECH (1u << ROLE_TECH)
/* Everyone signed in. */
#define R_SIGNED (R_STAFF | R_TECH)

/* The signed-in person (set by the guard before any R_* route). */
static inline struct staff *me(struct request *r) { return r->user; }

/* Scope rules. */
bool agent_can_commune(const struct staff *s, long long commune_id);
bool agent_can_booking(const struct staff *s, const struct booking_view *v);
bool agent_can_device(struct request *r, const struct staff *s, long long device_id);

/* A staff page with the staff header (nav by role). */
tpl_dict *agent_page(struct request *r, const char *title);
int agent_forbidden(struct request *r);
/* The commune a page sets up: one's own, or ?commune= for the platform
 * administrator (0 when it gave none). */
long long agent_scope_commune(struct request *r);
/* The same, but a commune named (?commune=) that is not one's own is
 * refused rather than quietly replaced: -1 then (0 when none). */
long long agent_named_commune(struct request *r);
/* For the platform administrator, who has no commune of its own: a page
 * listing the communes, each linking to path?commune=ID. */
int agent_choose_commune(struct request *r, const char *title, const char *path);
const char *agent_base_url(void);
/* A colleague's account named in a URL that s may act on (own commune,
 * not one's own, the platform administrator's by the platform
 * administrator only): 0, else the page already answered. */
struct staff_account;
int agent_colleague(struct request *r, const char *arg, struct staff_account *acc);

/* agent.c */
int a_login_form(struct request *r, char **args);
int a_login(struct request *r, char **args);
int a_logout(struct request *r, char **args);
int a_reset_request_form(struct request *r, char **args);
int a_reset_request(struct request *r, char **args);
int a_reset_form(struct request *r, char **args);
int a_reset(struct request *r, char **args);
int a_home(struct request *r, char **args);
/* agent_mfa.c */
int a_mfa_code_form(struct request *r, char **args);
int a_mfa_code(struct request *r, char **args);
int a_mfa_enrol_form(struct request *r, char **args);
int a_mfa_enrol(struct request *r, char **args);
int a_mfa_qr(struct request *r, char **args);
int a_security(struct request *r, char **args);
int a_staff_mfa_reset(struct request *r, char **args);
/* Where the sign-in goes on from (the ?suite= page, through the second
 * factor's page when one is awaited). */
const char *agent_mfa_next_url(struct request *r, enum auth_mfa mfa);
/* agent_rights.c */
int a_rights(struct request *r, char **args);
int a_rights_export(struct request *r, char **args);
int a_rights_erase(struct request *r, char **args);
/* agent_agenda.c */
int a_agenda(struct request *r, char **args);
int a_search(struct request *r, char **args);
int a_free_times(struct request *r, char **args);
/* agent_booking.c */
int a_book_form(struct request *r, char **args);
int a_book(struct request *r, char **args);
int a_booking(struct request *r, char **args);
int a_convocation(struct request *r, char **args);
int a_cancel(struct request *r, char **args);
int a_move_form(struct request *r, char **args);
int a_move(struct request *r, char **args);
int a_checkin(struct request *r, char **args);
int a_ants_retry(struct request *r, char **args);
int a_bookings(struct request *r, char **args);
/* agent_urgency.c */
int a_urgencies(struct request *r, char **args);
int a_urgency(struct request *r, char **args);
int a_urgency_grant(struct request *r, char **args);
int a_urgency_refuse(struct request *r, char **args);
/* agent_planning.c */
int a_planning(struct request *r, char **args);
int a_rules_form(struct request *r, char **args);
int a_rules(struct request *r, char **args);
int a_closures(struct request *r, char **args);
int a_closure_preview(struct request *r, char **args);
int a_closure_apply(struct request *r, char **args);
int a_closure_ask(struct request *r, char **args);
int a_settings_form(struct request *r, char **args);
int a_settings(struct request *r, char **args);
/* agent_pickup.c */
int a_pickup_form(struct request *r, char **args);
int a_pickup(struct request *r, char **args);
int a_pickup_delays(struct request *r, char **args);
int a_pickups(struct request *r, char **args);
int a_pickups_move(struct request *r, char **args);
/* On a booking's page: its pickup, or the filing it collects, and the
 * proposal of a pickup when one is due. False on a database error. */
bool agent_pickup_section(struct request *r, tpl_dict *d, const struct booking_view *v);
/* On the settings page: the commune's processing delays (df: the delays'
 * form posted back, NULL to show the saved ones). */
struct form;
bool agent_pickup_settings(struct request *r, tpl_dict *d, long long commune, struct form *df);
/* The settings page of a commune, with the delays' form df posted back. */
int agent_settings_page(struct request *r, long long commune, struct form *df, int status);
/* agent_noshow.c */
int a_noshow_letter(struct request *r, char **args);
int a_noshow_letters(struct request *r, char **args);
int a_noshow_notice(struct request *r, char **args);
/* On a booking's page: the persons' absences at other bookings in the last
 * year, and the letter's link when the commune writes letters. */
bool agent_noshow_section(struct request *r, tpl_dict *d, const struct booking_view *v);
/* On the settings page: message, letter or both (posted: the value posted
 * back, NULL to show the saved one). */
bool agent_noshow_settings(struct request *r, tpl_dict *d, long long commune, const char *posted);
int agent_settings_noshow_page(struct request *r, long long commune, const char *posted, int status);
/* agent_places.c */
int a_places(struct request *r, char **args);
int a_site_create(struct request *r, char **args);
int a_device_create(struct request *r, char **args);
int a_device_form(struct request *r, char **args);
int a_device(struct request *r, char **args);
int a_procedures(struct request *r, char **args);
int a_procedure(struct request *r, char **args);
/* agent_staff.c */
int a_staff_list(struct request *r, char **args);
int a_staff_invite(struct request *r, char **args);
int a_staff_disable(struct request *r, char **args);
int a_audit(struct request *r, char **args);
int a_audit_csv(struct request *r, char **args);
/* agent_survey.c */
int a_quality(struct request *r, char **args);
int a_quality_post(struct request *r, char **args);
/* agent_complaints.c */
int a_complaints(struct request *r, char **args);
int a_complaint_new_form(struct request *r, char **args);
int a_complaint_new(struct request *r, char **args);
int a_complaint(struct request *r, char **args);
int a_complaint_status(struct request *r, char **args);
int a_complaint_assign(struct request *r, char **args);
int a_complaint_note(struct request *r, char **args);
int a_complaint_reply(struct request *r, char **args);
int a_complaint_ack_letter(struct request *r, char **args);
int a_complaint_reply_letter(struct request *r, char **args);
int a_complaint_subjects(struct request *r, char **args);
int a_complaint_subject_add(struct request *r, char **args);
int a_complaint_subject_retire(struct request *r, char **args);
int a_complaint_delay(struct request *r, char **args);
/* On the agents' home: the complaints past their reply deadline (a count
 * with the link to them). False on a database error. */
bool agent_complaints_home(struct request *r, tpl_dict *d);
/* agent_webhooks.c */
int a_webhooks(struct request *r, char **args);
int a_webhook_create(struct request *r, char **args);
int a_webhook_log(struct request *r, char **args);
int a_webhook_disable(struct request *r, char **args);
int a_webhook_enable(struct request *r, char **args);
int a_webhook_rotate(struct request *r, char **args);
int a_webhook_delete(struct request *r, char **args);
int a_webhook_redeliver(struct request *r, char **args);
/* agent_helpdesk.c */
int a_hd_list(struct request *r, char **args);
int a_hd_new_form(struct request *r, char **args);
int a_hd_new(struct request *r, char **args);
int a_hd_ticket(struct request *r, char **args);
int a_hd_note(struct request *r, char **args);
int a_hd_state(struct request *r, char **args);
int a_hd_assign(struct request *r, char **args);
int a_hd_groups(struct request *r, char **args);
int a_hd_group_members(struct request *r, char **args);
int a_hd_topic_add(struct request *r, char **args);
int a_hd_faq_form(struct request *r, char **args);
int a_hd_faq_draft(struct request *r, char **args);
int a_faq_list(struct request *r, char **args);
int a_faq_publish(struct request *r, char **args);
/* agent_status.c: the public service status, set by the technical staff */
int a_status(struct request *r, char **args);
int a_status_declare(struct request *r, char **args);
int a_status_maint(struct request *r, char **args);
int a_status_maint_cancel(struct request *r, char **args);

#endif
