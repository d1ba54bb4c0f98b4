/* survey.h — the satisfaction survey, after the State's "Je donne mon
 * avis": the invitations the notification worker decides (a share of the
 * finished appointments, some hours after their end, once each), the
 * answers (one per booking, from a signed link, stored so that no answer
 * can be matched with its booking or person), the figures the public page
 * /qualite and the statistics show, the free texts a commune's
 * administrators read, and the actions a commune publishes per quarter.
 *
 * Unlinkable by construction: survey_answers holds a random key, the
 * commune, site, procedure, the local month of the appointment and the
 * scores; the booking keeps only survey_invites.answered = 1 (no date). */
#ifndef CRENEAU_SURVEY_H
#define CRENEAU_SURVEY_H
#include <stdbool.h>
#include "util.h"

/* Below this many answers for a site and a quarter, /qualite shows no
 * figure (a handful of answers says little and may point at a person). */
#define SURVEY_MIN_ANSWERS 20
/* The free text's limit (characters). */
#define SURVEY_TEXT_MAX 1000
/* The actions a commune publishes for a quarter (characters). */
#define SURVEY_ACTIONS_MAX 2000
/* Appointments finished longer ago than this are never invited (a commune
 * that starts surveying does not write to last year's people). */
#define SURVEY_MAX_AGE_DAYS 7

/* The worker's round: finished bookings past their commune's
 * survey_delay_hours (and at most SURVEY_MAX_AGE_DAYS old), not decided
 * yet, each get their draw (survey_share %) recorded in survey_invites and,
 * when drawn, the invitation queued (one message: SMS to a mobile, else
 * email) in the same transaction. At most max per call; returns how many
 * were invited, -1 on a database error. Call outside a transaction. */
int survey_round(struct arena *a, const char *base_url, int max);

/* The signed link's token (SURVEY_TOKEN_LEN hex characters, an HMAC
 * under the application secret and the booking's secret) of a booking's
 * survey; out >= SURVEY_TOKEN_LEN + 1. */
#define SURVEY_TOKEN_LEN 32
struct booking_view;
void survey_token(const struct booking_view *v, char *out);
bool survey_token_ok(const struct booking_view *v, const char *tok);

enum survey_state { SURVEY_NONE, SURVEY_OPEN, SURVEY_ANSWERED, SURVEY_ERROR };
/* NONE: not invited (not drawn, or not decided); OPEN: invited, no answer. */
enum survey_state survey_state_of(struct arena *a, long long booking_id);

/* One answer: scores 1 (satisfied) .. 3 (not satisfied). */
struct survey_answer {
	int overall, ease, clarity, waiting;
	bool called;
	const char *text;      /* NULL or empty: none */
};
/* Stores the answer of booking v, once: SURVEY_OPEN when stored,
 * SURVEY_ANSWERED when it already was (nothing changes), SURVEY_NONE when
 * it was never invited, SURVEY_ERROR on a database error. */
enum survey_state survey_save(struct arena *a, const struct booking_view *v, const struct survey_answer *ans);

/* One site's figures over a span of months. */
struct survey_site {
	long long site_id, commune_id;
	const char *site_name, *commune_name;
	long n;                     /* answers */
	long satisfied, middling, unsatisfied, easy, clear, wait_ok, called;
};
/* Every active site of the equipped communes (and any site with answers),
 * by commune then site, with its answers whose month is in
 * [from_month, to_month) (YYYY-MM-01). -1 on error. */
long survey_sites(struct arena *a, const char *from_month, const char *to_month, struct survey_site **out);

/* A quarter: year and 1..4. Its first month and the next quarter's. */
struct survey_quarter { int year, q; };
void survey_quarter_now(struct survey_quarter *out);
/* "2026-T4" -> quarter; false when malformed or out of 2000..2100. */
bool survey_quarter_parse(const char *s, struct survey_quarter *out);
void survey_quarter_months(const struct survey_quarter *q, char from[11], char to[11]);
/* n quarters back (1: the previous one). */
void survey_quarter_back(const struct survey_quarter *q, int n, struct survey_quarter *out);

/* The actions published for a quarter, every commune: commune ids and
 * texts (arena). -1 on error. */
struct survey_action { long long commune_id; int year, q; const char *body, *updated; };
long survey_actions_of_quarter(struct arena *a, const struct survey_quarter *q, struct survey_action **out);
/* A commune's published actions, newest quarter first. -1 on error. */
long survey_actions_of_commune(struct arena *a, long long commune_id, struct survey_action **out);
/* Publishes (or, with an empty body, withdraws) a commune's actions for a
 * quarter, audited, in one transaction. */
bool survey_action_save(struct arena *a, long long by, long long commune_id, const struct survey_quarter *q,
                        const char *body);

/* The free texts of a commune's answers, newest month first (at most
 * max): site and month only, never a person. -1 on error. */
struct survey_text { const char *site_name, *month, *text; int overall; };
long survey_texts(struct arena *a, long long commune_id, int max, struct survey_text **out);

#endif
