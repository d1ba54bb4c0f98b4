/* rights.h — the rights of the people over their data (RGPD articles 15
 * and 17), for administrators: find one person's appointments, export
 * everything the platform holds of them, and erase it (the appointments
 * anonymised as the retention does, audited without the erased values). */
#ifndef CRENEAU_RIGHTS_H
#define CRENEAU_RIGHTS_H
#include <stdbool.h>
#include "scope.h"
#include "util.h"

/* How the person is found: a reference, a name and birth date, or a
 * contact (normalised phone or email). Exactly one way is used, the
 * first given. */
struct rights_query {
	const char *ref, *last_name, *birth_date, *phone, *email;
};

struct rights_person {
	const char *last_name, *first_names, *birth_date, *predemande;
};
struct rights_message {
	const char *created, *kind, *channel, *recipient, *subject, *body, *status;
};
struct rights_booking {
	long long id;
	const char *ref, *status, *procedure, *site, *commune, *start, *end, *channel, *level;
	const char *phone, *email, *home_insee, *created, *attendance;
	bool active;           /* held or confirmed, not yet over */
	size_t npersons, nmessages;
	struct rights_person *persons;
	struct rights_message *messages;
};

/* The appointments of the scope's communes the query finds, newest first
 * (at most 200), with their persons and messages; -1 on a database
 * error. Anonymised appointments are left out: nothing of the person is
 * in them any more. */
long rights_find(struct arena *a, const struct scope *s, const struct rights_query *q, struct rights_booking **out);

/* Anonymises these appointments (none may be active: an appointment to
 * come is cancelled first), in one transaction with one audit line that
 * names the bookings, not the person. */
bool rights_erase(struct arena *a, long long by, long long commune_id, const struct rights_booking *b, size_t n);

#endif
