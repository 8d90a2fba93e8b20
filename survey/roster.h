/*
 * roster: the "survey roster import" command — who must answer in a fiscal year.
 *
 * The roster CSV (RFC 4180, UTF-8) has the header person_id,name,unit,role,status and one
 * row per person and role; status is active or excluded (design §4). Importing replaces the
 * year's roster in one transaction: people and roles no longer listed are removed with their
 * answers, people who remain keep their answers and login token. Every bad row is reported
 * as FILE:LINE and then nothing is imported.
 */
#ifndef SELFCHECK_SURVEY_ROSTER_H
#define SELFCHECK_SURVEY_ROSTER_H

#include "core/store.h"

/* Longest person id accepted (bytes). */
#define ROSTER_ID_MAX 64

/* Checks that id is a usable person id: 1..ROSTER_ID_MAX bytes of printable ASCII without
 * spaces or commas. Returns a static description of the problem, or NULL when it is fine. */
const char *roster_id_problem(const char *id);

/* Imports path into the store's fiscal year. Returns 0, or -1 after reporting (the store is
 * unchanged). Prints a one-line summary on stdout. */
int roster_import(struct store *s, int fiscal_year, const char *path);

#endif
