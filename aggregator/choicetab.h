/*
 * choicetab: shares of the options of choice items (docs/metrics.md, "Choice items"), from
 * tallies only: per organisation, and pooled over a set of organisations (the government's
 * ALL rows, or one supervising ministry's bodies), and the published rounds of earlier years.
 */
#ifndef SELFCHECK_AGGREGATOR_CHOICETAB_H
#define SELFCHECK_AGGREGATOR_CHOICETAB_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregator/grid.h"
#include "core/choice.h"
#include "core/store.h"
#include "core/tally.h"

/* One item's counts, summed over the roles of one tally or pooled over several. */
struct choicetab_sum {
	uint64_t respondents;
	uint64_t n;                          /* answers: the sum of counts */
	uint64_t counts[CHOICE_MAX_OPTIONS];
	uint64_t implemented, not_implemented;
};

/* Adds t's counts of item (index into its questionnaire's items) to acc. */
void choicetab_add(const struct tally *t, size_t item, struct choicetab_sum *acc);

/* Whether o is selected by kind (NULL: any) and supervisor (NULL: any). */
bool choicetab_selects(const struct org *o, const char *kind, const char *supervisor);

/* The rows of `aggregator rates --by choice`: organization, item, option, count, n, share —
 * per selected organisation, item and option, then the ALL rows pooled over them. */
struct grid *view_rates_by_choice(const struct quest *q, struct tally *const *tallies, size_t count,
				  const char *kind, const char *supervisor);

/* One round of an item: from the tallies of its year when the store has them (pooled over
 * the selected organisations), else from the published history. share[k] -1 where unknown;
 * n -1 when unknown; rate the implementation rate in integer percent (-1 when none). */
struct choicetab_round {
	int fiscal_year;
	bool known;                          /* the round has any value */
	bool from_history;
	long long n;
	int share[CHOICE_MAX_OPTIONS];
	size_t option_count;
	int rate;
};

/* Fills r for item id of fiscal_year: tallies (with q, their questionnaire) when tally_count >
 * 0, else the store's published row. Returns 0, or -1 on a store error. */
int choicetab_round(struct store *s, const struct quest *q, struct tally *const *tallies, size_t tally_count,
		    const char *item, int fiscal_year, struct choicetab_round *r);

#endif
