/*
 * tallyverify: `aggregator tally --verify` — the counts a ministry store keeps current
 * (core/livetally.h) against a recount of every answer, taken in memory in the same read
 * transaction: the organisation's tally (roles, items, attainment, persons, the choice
 * items' respondents and option counts, the focused inspection), each unit's tally (which
 * records no choice counts) and the targets not submitted.
 *
 * Ownership: nothing is returned but counts.
 */
#ifndef SELFCHECK_AGGREGATOR_TALLYVERIFY_H
#define SELFCHECK_AGGREGATOR_TALLYVERIFY_H

#include <stdio.h>

#include "core/store.h"

/* Compares the counts kept for fiscal_year of the store's collecting organisation with a
 * recount and prints each difference to out, one line each, then a summary line. Counts kept
 * that do not cover the store's latest change (or none kept at all) are a difference too.
 * Returns the number of differences (0: they agree), or -1 after reporting an error. */
long tallyverify_run(struct store *s, int fiscal_year, FILE *out);

#endif
