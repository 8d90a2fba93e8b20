/*
 * tallying: reducing a ministry store's packed answers to tallies (docs/tally-format.md).
 *
 * Per role: targets (non-excluded target rows) and submitted (targets whose person
 * submitted); per role × item: implemented / not implemented / not applicable counted over
 * submitted respondents only. The same answers always give the same tally. The roster and the
 * packed answers are each read in one sequential pass (in two threads when the store is open
 * for writing); there is no SQL per target or per answer.
 *
 * Ownership: the tallies returned borrow quest (which must outlive them); free them with
 * tally_free() / store_free_tallies().
 */
#ifndef SELFCHECK_AGGREGATOR_TALLYING_H
#define SELFCHECK_AGGREGATOR_TALLYING_H

#include <stddef.h>

#include "core/org.h"
#include "core/quest.h"
#include "core/store.h"
#include "core/tally.h"

/* The tally of org for fiscal_year over the year's questionnaire quest. Returns 0 and *out,
 * or -1 after reporting (e.g. packed answers whose length does not fit the questionnaire). */
int tallying_year(struct store *s, int fiscal_year, const struct quest *quest, const struct org *org,
		  struct tally **out);

/* One tally per organisational unit (person.unit) for the year, ordered by unit name; each
 * tally's org.code and org.name are the unit's name. *out is an array of *count tallies (free
 * with store_free_tallies()). Returns 0 or -1 after reporting. */
int tallying_units(struct store *s, int fiscal_year, const struct quest *quest, struct tally ***out,
		   size_t *count);

/* A target who has not submitted (for reminders and the export's list). */
struct tallying_person {
	char *person_id, *name, *unit;
	enum role role;
};

/* Every non-excluded target of the year that has not submitted, by unit then person.
 * *out holds *count entries; free with tallying_free_persons(). Returns 0 or -1. */
int tallying_nonrespondents(struct store *s, int fiscal_year, struct tallying_person **out, size_t *count);
void tallying_free_persons(struct tallying_person *p, size_t count);

#endif
