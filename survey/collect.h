/*
 * collect: the coordinator's collection commands over a ministry store — creating a year,
 * issuing login tokens, watching progress, listing who has not submitted, closing.
 *
 * Each command runs in one transaction and reports through diag; data (tokens, status
 * tables, pending lists) goes to the given stream. Units are '/'-separated paths
 * ("総務局/情報システム課"); a unit filter PREFIX matches the unit PREFIX itself and every
 * unit below it.
 */
#ifndef SELFCHECK_SURVEY_COLLECT_H
#define SELFCHECK_SURVEY_COLLECT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/store.h"

/* Whether unit is prefix or lies below it ("A/B" is below "A", "AB" is not). NULL or ""
 * prefix matches everything. */
bool collect_unit_matches(const char *unit, const char *prefix);

/* Writes value as one CSV field (quoted when it holds a comma, quote or line break). */
void collect_csv_field(FILE *out, const char *value);

/* Creates the store when missing (or opens it), records organisation code/name and the
 * questionnaire file, and creates (or re-points) the fiscal year. Returns 0 or -1. */
int collect_init(const char *db, const char *org_code, const char *org_name, int fiscal_year,
		 const char *quest_path);

/* Issues a fresh token to every person of the year with an active role (under unit_prefix
 * when given) and prints person_id,name,unit,token lines to out. Returns 0 or -1. */
int collect_tokens(struct store *s, int fiscal_year, const char *unit_prefix, FILE *out);

enum collect_by { COLLECT_BY_NONE, COLLECT_BY_ROLE, COLLECT_BY_UNIT };

/* Prints targets, submitted, in progress and grasp rate (overall, or per role or unit).
 * Returns 0 or -1. */
int collect_status(struct store *s, int fiscal_year, enum collect_by by, FILE *out);

/* Prints person_id,name,unit,roles of every person with an active role who has not
 * submitted (under unit_prefix when given). Returns 0 or -1. */
int collect_pending(struct store *s, int fiscal_year, const char *unit_prefix, FILE *out);

/* Closes the collection of the year. Returns 0 or -1. */
int collect_close(struct store *s, int fiscal_year);

/* Reports and returns -1 unless the store holds fiscal_year; *closed tells whether the
 * collection is closed. */
int collect_require_year(struct store *s, int fiscal_year, bool *closed);

#endif
