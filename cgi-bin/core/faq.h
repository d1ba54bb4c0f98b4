/* faq.h — the FAQ as data (sql/025 faq_entries): the entries the public
 * page /faq shows (published, in the reader's language), searchable, each
 * with its "did this answer your question?" counts; drafted by the help
 * desk's operators from resolved tickets and published by them. */
#ifndef CRENEAU_FAQ_H
#define CRENEAU_FAQ_H
#include <stdbool.h>
#include "util.h"

#define FAQ_QUESTION_MAX 300
#define FAQ_ANSWER_MAX 5000

struct faq_entry {
	long long id, ticket_id;
	const char *question, *answer, *lang, *topic, *status;
	long long yes, no;
};
/* Published entries in lang whose question or answer holds q (NULL or
 * "": all), in their order. -1 on a database error. */
long faq_published(struct arena *a, const char *lang, const char *q, struct faq_entry **out);
/* Every entry (drafts first), for the operators. */
long faq_all(struct arena *a, struct faq_entry **out);
/* A draft from a ticket; *id. */
bool faq_draft(struct arena *a, long long ticket, long long topic, const char *lang, const char *question,
               const char *answer, long long staff_id, long long *id);
/* Publish (true) or back to draft. 1 done, 0 no such entry, -1 error. */
int faq_publish(struct arena *a, long long id, bool publish);
/* One yes or no on a published entry. 1 counted, 0 no such entry, -1 error. */
int faq_feedback(struct arena *a, long long id, bool yes);

#endif
