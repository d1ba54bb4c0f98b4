/* booking.h — the booking engine on the database: holding places,
 * confirming, cancelling, moving, expiring holds, and the rule that one
 * person holds at most one active appointment per title. Every operation
 * is one transaction in which the database decides: places are taken by
 * a conditional UPDATE (booked < capacity) and identities by a unique key,
 * so no number of simultaneous requests can overbook a slot. */
#ifndef CRENEAU_BOOKING_H
#define CRENEAU_BOOKING_H
#include <stdbool.h>
#include <time.h>
#include "slots.h"
#include "util.h"

#define MAX_PARTY 5

struct person {
	const char *last_name, *first_names;
	const char *birth_date;          /* YYYY-MM-DD */
	const char *predemande;          /* 10 chars or NULL */
	bool ants_recheck;               /* ANTS did not answer at booking: check before declaring */
};

struct booking_request {
	long long first_slot_id;
	long long procedure_id;
	int party;
	enum level level;
	const char *channel;             /* web, phone, counter, partner */
	struct person persons[MAX_PARTY];
	const char *phone, *email;       /* normalised, NULL when absent */
	const char *home_insee;
	const char *lang;
	long long partner_commune_id;    /* 0 when none */
	long long created_by_staff;      /* the staff member booking for someone, 0 for none */
	bool confirmed;                  /* staff bookings need no code */
	int hold_minutes;
	bool ignore_notice;              /* staff may book inside the notice */
	/* Called inside the transaction, after the places are taken and before
	 * the commit, to queue messages atomically with the booking (the
	 * result's view is filled by then). Returning false rolls everything
	 * back (BOOK_ERROR). */
	bool (*before_commit)(void *ctx, struct arena *a, long long booking_id);
	void *ctx;
	/* The run's rows when the page read them already (BOOKING_RUN_SELECT,
	 * columns of its own, BOOKING_RUN_FROM), used by the first try: a
	 * statement less. NULL: booking_create() reads them. */
	const struct db_res *run_rows;
};

/* How booking_create() reads a run: the catalog's version, then the slots
 * of the first one's device that start within the party's minutes of it
 * (parameters of BOOKING_RUN_FROM: minutes, first slot id), each with its
 * start, end, the device, the first slot's length and start and the free
 * places per level. Row 0 is the first slot. A page may add columns after
 * the BOOKING_RUN_COLS (with catalog.h for CATALOG_VERSION_ROW). */
#define BOOKING_RUN_SELECT \
	"SELECT (" CATALOG_VERSION_ROW "), s2.id, s2.start_utc, s2.end_utc, s.device_id," \
	" TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc), s.start_utc," \
	" s2.cap_regular - s2.booked_regular, s2.cap_urgent - s2.booked_urgent," \
	" s2.cap_extreme - s2.booked_extreme, s2.cap_minors - s2.booked_minors"
#define BOOKING_RUN_COLS 11
#define BOOKING_RUN_FROM \
	" FROM slots s JOIN slots s2 ON s2.device_id = s.device_id AND s2.start_utc >= s.start_utc" \
	" AND s2.start_utc < s.start_utc + INTERVAL ? MINUTE WHERE s.id = ? ORDER BY s2.start_utc"

enum book_status {
	BOOK_OK = 0,
	BOOK_GONE,        /* a slot of the run is no longer free */
	BOOK_DUPLICATE,   /* a person already holds an appointment */
	BOOK_INVALID,     /* slot unknown, not offered, in the past, too far */
	BOOK_EXPIRED,     /* the hold ran out before confirmation */
	BOOK_STATE,       /* not in a state that allows this (e.g. cancelled) */
	BOOK_TOO_LATE,    /* past the commune's cancel/move limit */
	BOOK_ERROR        /* database failure */
};

/* Everything a page or a message shows about a booking. */
struct booking_view {
	long long id, device_id, procedure_id, site_id, commune_id;
	long long partner_commune_id;    /* 0 when not booked by a partner */
	const char *attendance;          /* none, arrived, started, finished, noshow */
	time_t arrived, started, finished;
	char ref[9];
	const char *status, *secret, *level, *channel, *lang;
	int party, moved_count;
	time_t start, end, hold_expires;
	const char *phone, *email, *home_insee;
	const char *procedure_code, *procedure_name, *documents;
	/* The procedure's name and documents in French [0] and English [1]
	 * (messages are written in the booking's language, whoever causes
	 * them); NULL when not loaded. */
	const char *procedure_names[2], *procedure_documents[2];
	const char *site_name, *address, *postcode, *city, *access_info;
	const char *commune_name, *commune_phone, *commune_email;
	const char *device_name;
	double lat, lon;
	int cancel_limit_hours;
	int npersons;
	struct person persons[MAX_PARTY];
};

struct booking_result {
	long long id;
	char ref[9];
	char secret[33];
	char dup_ref[9];      /* for BOOK_DUPLICATE: the existing booking */
	int dup_person;       /* which person (0-based) */
	bool dup_held;        /* the existing booking is a hold not yet confirmed */
	/* For BOOK_GONE: the time is there but not the room for the whole
	 * party (the day ends, a gap, or a later slot is full), rather than
	 * taken by someone else. */
	bool no_room;
	/* The new booking as booking_load() would show it, filled before
	 * before_commit is called (so the hook needs no reload). */
	struct booking_view view;
};

enum book_status booking_create(struct arena *a, const struct booking_request *q,
                                struct booking_result *out);
/* Whether every one of the n people is under 18 at `when` (birth dates
 * YYYY-MM-DD): such a party may take the minors' places of a slot
 * (a band marked minors_only), and only such a party. */
bool booking_all_minors(const struct person *p, int n, time_t when);
/* held -> confirmed, if the hold has not expired. v: the booking as
 * loaded (its numbers are declared to ANTS from it, without a read). */
enum book_status booking_confirm(struct arena *a, const struct booking_view *v);
/* The usual confirmation in one statement, inside the caller's
 * transaction: the right code (the newest unused "confirm" code, in time,
 * with tries left) is used and the live hold confirmed. 1 when done, 0
 * when anything else is the case (nothing changed: otp_use() and
 * booking_confirm() then tell which), -1 on a database error. */
int booking_confirm_with_code(struct arena *a, const struct booking_view *v, const char *code);
/* Called inside a cancel or move transaction before its commit (to queue
 * the message with the change); false rolls back. May be NULL. */
typedef bool (*booking_hook)(void *ctx, struct arena *a, long long booking_id);

/* The person gives up a hold before confirming it: its places and
 * identities are free at once (the booking expires, as an unconfirmed
 * hold does). BOOK_STATE when it is no longer held. */
enum book_status booking_give_up(struct arena *a, long long id);
/* A held booking lasts at least `seconds` more (in the caller's
 * transaction): a code sent again keeps its hold for its own life. */
bool booking_extend_hold(struct arena *a, long long id, int seconds);
/* Frees the places and the identities; by is "person" or "commune". */
enum book_status booking_cancel(struct arena *a, long long id, const char *by, bool enforce_limit,
                                booking_hook hook, void *ctx);
/* The same inside the caller's transaction (no retry, no limit): a
 * closure cancels its appointments in its own transaction. */
enum book_status booking_cancel_in_tx(struct arena *a, long long id, const char *by, booking_hook hook, void *ctx);
/* Takes the run starting at new_first_slot (same procedure and party),
 * then frees the old one, in one transaction. */
enum book_status booking_move(struct arena *a, long long id, long long new_first_slot, bool enforce_limit,
                              booking_hook hook, void *ctx);
/* Expires holds whose time ran out; returns how many. */
int booking_expire_holds(struct arena *a);

/* The rows of one device, from row i of a result whose first columns are
 * the slot's id, its device, start and end, sorted by device: as free
 * slots (calloc'ed, the caller frees), *next set to the row after them. */
struct db_res;
struct free_slot *booking_device_rows(const struct db_res *r, size_t i, size_t *next);

/* Loads by id or by reference (id 0). Returns false when not found. */
bool booking_load(struct arena *a, long long id, const char *ref, struct booking_view *v);
/* booking_load() by reference, with the number of a rate limit's events
 * (rate_events: bucket, key_hash, the last `window` seconds) read by the
 * same statement, for a page that checks both: a round trip less. */
bool booking_load_counting(struct arena *a, const char *ref, struct booking_view *v,
                           const char *bucket, const char *key_hash, int window, long long *events);

/* Signed tokens for links: hold (confirmation page) and manage (the
 * person's own page). Bound to the booking's random secret, so they die
 * with it. out >= 65 bytes. */
void booking_token(const struct booking_view *v, const char *purpose, char *out);
bool booking_token_ok(const struct booking_view *v, const char *purpose, const char *tok);

/* Identity keys of a person for the duplicate rule (arena strings). */
const char *booking_identity_name(struct arena *a, const struct person *p);

#endif
