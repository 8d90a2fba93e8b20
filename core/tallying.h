/*
 * tallying: reducing a ministry store's packed answers to tallies (docs/tally-format.md).
 *
 * Per role: targets (non-excluded target rows) and submitted (targets whose person
 * submitted); per role × item: implemented / not implemented / not applicable counted over
 * submitted respondents only. The same answers always give the same tally. The year's targets
 * come with their units and answers from one scan (core/responses.h; in two threads when the
 * store is open for writing); there is no SQL per target or per answer.
 * The same pass counts each unit and lists the targets not submitted, which the tally
 * records beside its counts (core/tallyunits.h) for the workbook and the rates by unit.
 *
 * Ownership: the tallies returned borrow quest (which must outlive them); free them with
 * tally_free() / store_free_tallies().
 */
#ifndef SELFCHECK_TALLYING_H
#define SELFCHECK_TALLYING_H

#include <stddef.h>

#include "core/org.h"
#include "core/quest.h"
#include "core/store.h"
#include "core/tally.h"
#include "core/tallyunits.h"

/* What one scan of a ministry's year gives: the organisation's tally, one tally per unit
 * (person.unit) and the targets not submitted. */
struct tallying_result {
	struct tally *tally;                   /* the organisation's, with its provenance */
	struct tally **units;                  /* by unit name (binary order); org.code and
						* org.name are the unit */
	size_t unit_count;
	struct tallyunits_target *pending;     /* non-excluded targets not submitted, by person
						* id and role */
	size_t pending_count;
};

/* Tallies org's year over the year's questionnaire quest: one scan of its targets in key
 * order (core/responses.h; in two threads when the store is open for writing). Every count of the organisation is the sum of its units'.
 * Returns 0 and *out (free with tallying_release()), or -1 after reporting (e.g. packed
 * answers whose length does not fit the questionnaire). */
int tallying_take(struct store *s, int fiscal_year, const struct quest *quest, const struct org *org,
		  struct tallying_result *out);
void tallying_release(struct tallying_result *r);

/* The tally of org for fiscal_year over the year's questionnaire quest alone (as
 * tallying_take). Returns 0 and *out, or -1 after reporting. */
int tallying_year(struct store *s, int fiscal_year, const struct quest *quest, const struct org *org,
		  struct tally **out);

#endif
