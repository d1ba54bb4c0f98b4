/* labels.h — the words for the codes stored in the database (channel,
 * status, service level, attendance, who cancelled), in the request's
 * language. One table for every page and every figure: exports keep the
 * codes, pages show these words. */
#ifndef CRENEAU_LABELS_H
#define CRENEAU_LABELS_H

/* The translated word for a stored code; an unknown code (or NULL) comes
 * back as it is. */
const char *label_of(const char *code);

#endif
