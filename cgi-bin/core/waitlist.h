/* waitlist.h — the waiting list: people for whom no time fits wait for a
 * procedure, a party, a set of sites and a window of days; when places
 * free up, the notification worker offers them to the entries in the
 * order they joined.
 *
 * One freed run goes to one person at a time: the offer is a real hold
 * (booking_create, status 'held', for the commune's offer minutes) made
 * for the first entry that fits, so nobody else can take it meanwhile and
 * the database still decides capacity. The person confirms from the
 * signed link of the message; when the hold runs out, its places are free
 * again and the next round offers them to the next entry. Limits: at most
 * WAITLIST_MAX_OFFERS offers per entry, one a day, only for times more
 * than the commune's waitlist_min_hours away, never during its quiet
 * hours. */
#ifndef CRENEAU_WAITLIST_H
#define CRENEAU_WAITLIST_H
#include <stdbool.h>
#include <time.h>
#include "booking.h"
#include "util.h"

#define WAITLIST_MAX_OFFERS 3
#define WAITLIST_MAX_SITES 10
/* Live entries (waiting, or with an offer out) one contact may hold. */
#define WAITLIST_PER_CONTACT 3
/* Hours between two offers to one entry. */
#define WAITLIST_OFFER_GAP_HOURS 24

struct waitlist_new {
	long long procedure_id;
	int party;
	struct person persons[MAX_PARTY];
	long long site_ids[WAITLIST_MAX_SITES];
	int nsites;
	int radius_km;                   /* 0: the sites were chosen */
	const char *date_from, *date_to; /* YYYY-MM-DD, local */
	const char *phone, *email;       /* normalised, NULL when absent */
	const char *channel;             /* "sms" or "email": where the code goes */
	const char *lang;
	const char *base_url;
};

enum wait_status {
	WAIT_OK,
	WAIT_EXISTS,     /* the contact already waits for this procedure */
	WAIT_TOO_MANY,   /* the contact holds WAITLIST_PER_CONTACT live entries */
	WAIT_ERROR
};

struct waitlist_view {
	long long id, procedure_id, commune_id;
	char ref[9];
	const char *status, *secret, *lang, *channel;
	const char *phone, *email;
	const char *procedure_code, *procedure_name;
	int party, radius_km, offers_made;
	const char *date_from, *date_to;
	time_t code_expires;
	int code_attempts;
	const char *code_hash;
	const char *site_names[WAITLIST_MAX_SITES];
	int nsites;
	long long offer_id;              /* the offer out (status 'offered'), 0 for none */
};

/* Creates an entry waiting for its code (pending_code) with its sites and
 * people, the code, its message and the contact's send counted, in one
 * transaction. out: the entry as loaded; code: the code in clear (>= 7). */
enum wait_status waitlist_join(struct arena *a, const struct waitlist_new *n, struct waitlist_view *out,
                               char *code);
/* By reference; false when not found (or a database error: *err). */
bool waitlist_load(struct arena *a, const char *ref, struct waitlist_view *v, bool *err);

/* Signed links: "code" (the code page), "entry" (the entry's page, from
 * which one leaves), "offer:<id>" (an offer). 24 hex characters, short
 * enough for an SMS. out >= 25 bytes. */
void waitlist_token(const struct waitlist_view *v, const char *purpose, char *out);
bool waitlist_token_ok(const struct waitlist_view *v, const char *purpose, const char *tok);
/* The absolute links of the messages (arena strings). */
const char *waitlist_entry_url(struct arena *a, const struct waitlist_view *v, const char *base_url);
const char *waitlist_offer_url(struct arena *a, const struct waitlist_view *v, long long offer_id,
                               const char *base_url);

enum wait_code { WCODE_OK, WCODE_WRONG, WCODE_EXPIRED, WCODE_LOCKED, WCODE_ERROR };
/* The typed code of a pending entry, in one transaction: right, the entry
 * becomes active (counted, the "joined" message queued); wrong, the try
 * is counted (*left: tries left) with the address's. */
enum wait_code waitlist_confirm_code(struct arena *a, const struct waitlist_view *v, const char *code,
                                     const char *remote_addr, const char *base_url, int *left);

/* The entry leaves the list (from any state but ended ones); an offer out
 * is given up, its places freed. BOOK_STATE-like false when already ended:
 * *ended. False on a database error. */
bool waitlist_leave(struct arena *a, const struct waitlist_view *v, bool *ended);

/* An offer with its held booking. */
struct waitlist_offer {
	long long id, booking_id;
	const char *status;              /* offered, taken, expired */
	time_t expires;
	struct booking_view booking;
};
/* The entry's offer id; 1 found, 0 not, -1 database error. */
int waitlist_offer_get(struct arena *a, const struct waitlist_view *v, long long offer_id,
                       struct waitlist_offer *o);

enum wait_take { WTAKE_OK, WTAKE_GONE, WTAKE_ERROR };
/* The person confirms an offer: the hold becomes a confirmed booking (its
 * message queued), the offer taken, the entry booked, in one
 * transaction. WTAKE_GONE when the hold ran out (the time went to the
 * next person, or back to the public). */
enum wait_take waitlist_take(struct arena *a, const struct waitlist_view *v, struct waitlist_offer *o,
                             const char *base_url);

/* The worker's job (creneau-notify, every waitlist_interval_s): offers
 * that ran out are closed (the entry waits again, or ends after its last
 * offer), entries whose window passed end, and the waiting entries, in
 * the order they joined, get the earliest free run that fits them (at
 * most max offers a round). One worker at a time (a named lock). Returns
 * the offers made, -1 on a database error. Runs its own transactions. */
int waitlist_round(struct arena *a, const char *base_url, int max);

/* The entries waiting (active or with an offer out) that name a site;
 * -1 on a database error. For the agents' agenda. */
long waitlist_site_count(struct arena *a, long long site_id);

#endif
