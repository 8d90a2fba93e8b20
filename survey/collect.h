/*
 * collect: the coordinator's collection commands over a ministry store — creating a year,
 * issuing login tokens, watching progress, listing who has not submitted, closing and
 * reopening.
 *
 * Each command runs in one transaction and reports through diag; data (tokens, status
 * tables, pending lists) goes to the given stream. Commands that change the store record
 * themselves in its activity log in the same transaction. Units are '/'-separated paths
 * ("総務局/情報システム課"), normalised by collect_unit_normalize wherever they come from; a
 * unit filter PREFIX matches the unit PREFIX itself and every unit below it.
 */
#ifndef SELFCHECK_SURVEY_COLLECT_H
#define SELFCHECK_SURVEY_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/store.h"

/* Whether unit is prefix or lies below it ("A/B" is below "A", "AB" is not). NULL or ""
 * prefix matches everything. */
bool collect_unit_matches(const char *unit, const char *prefix);

/* The unit path in its one stored spelling: the full-width solidus ／ becomes '/', spaces
 * (ASCII and U+3000) around each part are removed, empty parts (doubled, leading or trailing
 * separators) are dropped. " 総務局 ／／人事課/ " gives "総務局/人事課". Returns a new string
 * (free() it); "" when no part is left. */
char *collect_unit_normalize(const char *unit);


/* Creates the store when missing (or opens it), records organisation code/name and the
 * questionnaire file, and creates (or re-points) the fiscal year. A questionnaire written
 * for another fiscal year is refused unless any_year. Returns 0 or -1. */
int collect_init(const char *db, const char *org_code, const char *org_name, int fiscal_year,
		 const char *quest_path, bool any_year);

/* Who gets a token. Without persons: everyone on the roster with a role to answer (under
 * unit when given). */
struct collect_tokens_options {
	const char *unit;                /* normalised unit prefix, or NULL */
	const char *const *persons;      /* person ids (--person), or NULL: by unit or everyone */
	size_t person_count;
	bool force;                      /* replace tokens people already have */
	bool missing;                    /* only people who have no token yet */
	bool excel;                      /* CSV for Excel (csvwrite) */
};

/*
 * Issues fresh tokens and prints person_id,name,unit,token lines to out (sorted by unit,
 * then person), after the commit. Naming people re-issues exactly theirs; an unknown person
 * or one with no role to answer (excluded, or removed from the roster) is an error and
 * nothing is issued. By unit or for everyone, people who already have a token keep it unless
 * force is set: without force (and without missing) the command refuses, saying how many
 * tokens would stop working. Returns 0 or -1.
 */
int collect_tokens(struct store *s, int fiscal_year, const struct collect_tokens_options *o, FILE *out);

enum collect_by { COLLECT_BY_NONE, COLLECT_BY_ROLE, COLLECT_BY_UNIT };

/* Prints targets, submitted, in progress and grasp rate (overall, or per role or unit, only
 * under unit_prefix when given), how many people left the roster with their answers kept, and
 * how many changed answers after submitting.
 * Returns 0 or -1. */
int collect_status(struct store *s, int fiscal_year, enum collect_by by, const char *unit_prefix, FILE *out);

/* Prints person_id,name,unit,roles,progress,last_answer_at of every person with an active role
 * who has not submitted (under unit_prefix when given); progress is "ROLE ANSWERED/ITEMS"
 * per active role, separated by "; "; last_answer_at is local ISO 8601 with the offset.
 * Returns 0 or -1. */
int collect_pending(struct store *s, int fiscal_year, const char *unit_prefix, bool excel, FILE *out);

/* Prints person_id,name,unit,submitted_at,changed_at of every person who changed an answer
 * after their last submission (under unit_prefix when given); the times are local ISO 8601
 * with the offset. Returns 0 or -1. */
int collect_changed(struct store *s, int fiscal_year, const char *unit_prefix, bool excel, FILE *out);

/* Closes the collection of the year. Returns 0 or -1. */
int collect_close(struct store *s, int fiscal_year);

/* Opens a closed collection again; refused when it is not closed. Returns 0 or -1. */
int collect_reopen(struct store *s, int fiscal_year);

/* Reports and returns -1 unless the store holds fiscal_year; *closed tells whether the
 * collection is closed. */
int collect_require_year(struct store *s, int fiscal_year, bool *closed);

/* Reports and returns -1 unless the year exists and is open; what names what the closed year
 * refuses ("its roster can no longer change"). */
int collect_require_open(struct store *s, int fiscal_year, const char *what);

#endif
