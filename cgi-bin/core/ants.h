/* ants.h — what the national appointment hub of the ANTS (Agence
 * nationale des titres sécurisés, rendezvouspasseport.ants.gouv.fr) reads
 * from us as an editor: our meeting points, their free times for a reason
 * and a number of people, and the coming appointments of pre-application
 * numbers. Each answer is written here as the JSON body the hub reads
 * (field names, types and formats from the hub's own code, the PyPI
 * package hubrdvmairie, and from RDV Service Public's implementation);
 * the HTTP side — the hub's token, the parameters — is cgi-bin/api_ants.c.
 *
 * A meeting point is an active site where an active device offers the
 * procedure of one of the hub's reasons; its id is the site's id, as a
 * string, so renaming a site keeps it. Times are the site's wall clock
 * (Europe/Paris) written with a literal Z ("2027-03-29T09:00Z"): the hub
 * reads them as local times and would shift any offset we sent. */
#ifndef CRENEAU_ANTS_H
#define CRENEAU_ANTS_H
#include <stdbool.h>
#include <stddef.h>
#include "util.h"

/* The hub's reasons ("CNI", "PASSPORT", "CNI-PASSPORT"). Each books one
 * procedure of the catalog, by its code: settings ants_procedure_cni
 * (CNI), ants_procedure_passport (PASSEPORT), ants_procedure_cni_passport
 * (CNI_PASSEPORT: one appointment for both titles, which is what the
 * hub's "CNI-PASSPORT" asks for). */
enum ants_reason { ANTS_CNI, ANTS_PASSPORT, ANTS_CNI_PASSPORT, ANTS_REASONS };
bool ants_reason_parse(const char *s, enum ants_reason *out);
const char *ants_reason_procedure(enum ants_reason r);

/* getManagedMeetingPoints: the JSON array of the meeting points, by id,
 * each {id, name, longitude, latitude, public_entry_address, zip_code,
 * city_name} (the hub's optional website and city_logo: we hold
 * neither). False when the catalog cannot be read. */
bool ants_meeting_points(struct sbuf *b);

/* availableTimeSlots. sites[0..nsites) as asked (repeated ids once,
 * unknown ones left out), local dates first..last inclusive. */
struct ants_slots_query {
	const long long *sites;
	size_t nsites;
	enum ants_reason reason;
	int party;                       /* documents_number, >= 1 */
	int y0, m0, d0, y1, m1, d1;      /* start_date and end_date */
};
enum ants_status { ANTS_OK, ANTS_RETRY, ANTS_FAILED };
/* The JSON object {"<id>": [{"datetime", "callback_url"}, ...]} of each
 * meeting point: the starts, in time order and once each, of the free
 * runs for `party` people of the reason's procedure (party x its minutes,
 * public places only) that may be booked now, within the dates. A
 * callback_url opens our booking form on that time, prefilled:
 * base_url + "/reserver?creneau=<first slot>&procedure=<code>&personnes=<party>".
 * What is read is kept per worker by (meeting point, month, procedure,
 * party) while the free-places counters of the month's days stay the
 * same (place_site_runs(), freegen.h): the hub widens every request to
 * whole months. ANTS_RETRY when the catalog changed meanwhile (start
 * again), ANTS_FAILED when it cannot be read; b holds a partial body
 * then. */
enum ants_status ants_time_slots(struct arena *a, const struct ants_slots_query *q, const char *base_url,
                                 struct sbuf *b);

/* searchApplicationIds. ids[0..n): pre-application numbers, each 10
 * letters or digits (any case); the JSON object {"<id>": [...]} with,
 * for each id once (as given), its confirmed appointments to come:
 * {meeting_point (the site's name), datetime, management_url (the
 * person's own page, as in the messages), cancel_url (the same page at
 * its cancel button)}, [] when none. False on a database error. */
#define ANTS_MAX_APPLICATIONS 100
bool ants_applications(struct arena *a, const char *const *ids, size_t n, const char *base_url, struct sbuf *b);

#endif
