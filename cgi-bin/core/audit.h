/* audit.h — the audit log: who did what, when, on which record. A line
 * is written inside the transaction of the change it records, so the two
 * stay or go together. */
#ifndef CRENEAU_AUDIT_H
#define CRENEAU_AUDIT_H
#include <stdbool.h>
#include <stddef.h>
#include "scope.h"
#include "util.h"

/* Appends a line (staff_id 0: nobody signed in; commune_id 0: the
 * platform). details may be NULL. False on a database error. */
bool audit(struct arena *a, long long staff_id, long long commune_id, const char *action,
           const char *entity, const char *entity_id, const char *details);

struct audit_entry {
	const char *at, *who, *email, *action, *entity, *entity_id, *details, *commune;  /* NULL when none */
};
/* What the journal shows: every field may be empty (NULL or 0). */
struct audit_filter {
	const char *who;            /* a prefix of the person's name or email */
	const char *action;         /* an action, exactly */
	long long commune_id;       /* within the scope */
	const char *from, *to;      /* UTC days YYYY-MM-DD, inclusive */
};
/* The newest lines of the scope's communes that pass the filter, at most
 * max (arena-owned); -1 on a database error. */
long audit_list(struct arena *a, const struct scope *s, const struct audit_filter *f, int max,
                struct audit_entry **out);
/* The actions the log holds, for the filter's list (arena-owned). */
long audit_actions(struct arena *a, const char ***out);

#endif
