/*
 * show: the "survey show" command — everything the store holds about one person of a year,
 * for a coordinator answering their questions: name, unit, whether they are on the roster
 * or were removed from it, whether a login token was issued (never the token), each role
 * with its state, the number answered of the role's items and the submission time, the
 * answers item by item, and every recorded submission.
 */
#ifndef SELFCHECK_SURVEY_SHOW_H
#define SELFCHECK_SURVEY_SHOW_H

#include <stdio.h>

#include "core/store.h"

/* Prints the person to out. Returns 0, or -1 after reporting (unknown year or person). */
int show_person(struct store *s, int fiscal_year, const char *person_id, FILE *out);

#endif
