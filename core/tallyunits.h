/*
 * tallyunits: what a ministry's tally records beside the organisation's counts — one tally
 * per unit (person.unit) and the targets that had not submitted — in the store's tables
 * tally_unit, tally_unit_role and tally_pending (docs/store.md).
 *
 * They are taken by the same scan as the organisation's tally and stored in the same
 * transaction, so they cover exactly the state the tally covers: the store's freshness check
 * (store_load_tally) vouches for them too. Reading them back costs a few rows per unit
 * instead of a pass over the roster, which is what makes the workbook's unit and
 * non-respondent sheets cheap.
 *
 * Errors are reported through diag and returned as -1. Ownership: unit tallies borrow the
 * questionnaire given (free them with store_free_tallies()); pending lists are freed with
 * tallyunits_free_pending().
 */
#ifndef SELFCHECK_TALLYUNITS_H
#define SELFCHECK_TALLYUNITS_H

#include <stddef.h>

#include "core/roles.h"
#include "core/store.h"
#include "core/tally.h"

/* A target that had not submitted when the tally was taken. */
struct tallyunits_target {
	char *person_id;
	enum role role;
};

/* A non-respondent as the workbook lists them: the target with the person's name and unit
 * as the roster has them now. */
struct tallyunits_person {
	char *person_id, *name, *unit;
	enum role role;
};

/* Records the unit tallies (each one's org.code is the unit) and the pending targets with the
 * tally of (org, fiscal_year), replacing what it recorded before, and notes in tally_source
 * how many units there are. Call inside a transaction, after store_put_tally() (which
 * clears them). Returns 0 or -1. */
int tallyunits_put(struct store *s, const char *org, int fiscal_year, struct tally *const *units, size_t unit_count,
		   const struct tallyunits_target *pending, size_t pending_count);

/* Loads the unit tallies recorded with the tally of (org, fiscal_year), by unit name (in
 * binary order); each tally's org.code and org.name are the unit. Returns 1 with *out and
 * *count (possibly 0 units), 0 when that tally recorded none (taken from a tally file or by
 * an earlier version), -1 on error. */
int tallyunits_load(struct store *s, const char *org, int fiscal_year, const struct quest *quest,
		    struct tally ***out, size_t *count);

/* The pending targets of the tally of (org, fiscal_year) with their people's names and
 * units, by unit, person id and role. Returns 0 or -1. */
int tallyunits_pending(struct store *s, const char *org, int fiscal_year, struct tallyunits_person **out,
		       size_t *count);
void tallyunits_free_pending(struct tallyunits_person *p, size_t count);

#endif
