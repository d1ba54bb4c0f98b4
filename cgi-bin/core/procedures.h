/* procedures.h — the procedure catalogue as the platform administrator
 * edits it: duration per person, party limit, whether a pre-application
 * number is asked, the documents to bring in French and English. (What
 * the booking pages read of it is the worker's copy, catalog.h.) */
#ifndef CRENEAU_PROCEDURES_H
#define CRENEAU_PROCEDURES_H
#include <stdbool.h>
#include "util.h"

struct procedure_row {
	long long id;
	const char *code, *name_fr, *name_en, *documents_fr, *documents_en;
	int minutes, max_party;
	bool needs_predemande;
};
/* Every procedure in display order (arena-owned); -1 on error. */
long procedures_all(struct arena *a, struct procedure_row **out);
/* Saves row (its id says which) with its audit line. False on error. */
bool procedure_update(struct arena *a, long long by, const struct procedure_row *row);

#endif
