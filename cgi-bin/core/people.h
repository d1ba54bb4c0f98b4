/* people.h — the "who is coming" part of a booking form, shared by the
 * public and staff forms: for each person i (1..party) the fields nom_i,
 * prenoms_i, naissance_i and predemande_i (when the procedure asks). */
#ifndef CRENEAU_PEOPLE_H
#define CRENEAU_PEOPLE_H
#include <stdbool.h>
#include "booking.h"
#include "form.h"
#include "tpl.h"

/* Validates the people's fields into persons[0..party) (values owned by
 * the request arena; invalid ones NULL with an error in f). */
void people_check(struct form *f, int party, bool needs_predemande, struct person *persons);

/* One PERSON section per person with N, LEGEND, LAST, FIRST, BIRTH, PRE,
 * E_x/ERR_x for errors, and NEEDS_PREDEMANDE. single_legend is used when
 * there is one person (NULL: "Personne 1" anyway). */
void people_fill(struct request *r, tpl_dict *d, const struct form *f, int party,
                 bool needs_predemande, const char *single_legend);

#endif
