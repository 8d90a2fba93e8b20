/*
 * roster: the "survey roster import" command — who must answer in a fiscal year.
 *
 * The roster CSV (RFC 4180; UTF-8, or CP932 when asked) has a header naming the columns
 * person_id, name, unit, role and status (in any order, in English or Japanese, see
 * docs/collection-formats.md) and one row per person and role; status is active or excluded
 * (no duty in the period: not a target). Every bad row is reported as FILE:LINE and then
 * nothing is imported.
 *
 * Importing never loses answers:
 *  - people in the file are added, or updated to what the file says (name, unit, roles and
 *    their status); a person marked removed comes back, with their answers and token;
 *  - a role dropped from a person who has answers for it stays as an excluded target (the
 *    answers hang on it); roles without answers are deleted;
 *  - people not in the file are left as they are, unless replace is set: then those without
 *    answers are deleted and those with answers (a response row or a recorded submission)
 *    are kept, marked removed (person.removed_at) with every target excluded.
 * Login tokens are never changed. A dry run reports the same changes and writes nothing.
 * Everything is one transaction, recorded in the activity log.
 */
#ifndef SELFCHECK_SURVEY_ROSTER_H
#define SELFCHECK_SURVEY_ROSTER_H

#include <stdbool.h>

#include "core/store.h"
#include "survey/csvread.h"

/* Longest person id accepted (bytes). */
#define ROSTER_ID_MAX 64
/* Longest name or unit accepted (characters; docs/limits.md). */
#define ROSTER_TEXT_MAX 200

/* Checks that id is a usable person id: 1..ROSTER_ID_MAX bytes of printable ASCII without
 * spaces or commas. Returns a static description of the problem, or NULL when it is fine. */
const char *roster_id_problem(const char *id);

/* The role a file names by its code ("staff") or its Japanese name ("行政事務従事者"; a name
 * ending in a parenthesised note may be given without it). Returns the role, or -1. */
int roster_role_from_text(const char *text);

/* The header names files may use for person_id (shared by the roster and answer files). */
extern const char *const roster_person_id_aliases[];

struct roster_options {
	bool replace;                    /* remove people who are not in the file */
	bool dry_run;                    /* report what would change; write nothing */
	enum csvread_encoding encoding;
};

/* Imports path into the store's fiscal year (a dry run may use a read-only store). Prints
 * the changes to stdout — every one in a dry run, otherwise the people and roles kept
 * because of their answers — and a summary line. Returns 0, or -1 after reporting (the store
 * is unchanged). */
int roster_import(struct store *s, int fiscal_year, const char *path, const struct roster_options *o);

#endif
