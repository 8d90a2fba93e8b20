/*
 * historychoice: published rounds of choice items in the history file (docs/history-format.md,
 * "choices"): per fiscal year and item the published N, each option's share in integer percent
 * and, where a table printed one, the item's implementation rate. aggregator/history.c calls
 * these for a year's `choices` key and when importing.
 */
#ifndef SELFCHECK_AGGREGATOR_HISTORYCHOICE_H
#define SELFCHECK_AGGREGATOR_HISTORYCHOICE_H

#include "core/store.h"
#include "core/store_choice.h"
#include "core/ydoc.h"

struct history;

/* Reads a year's `choices` mapping (item id → {n, shares, rate}) into h. Returns -1 after
 * reporting FILE:LINE:COL. */
int historychoice_load(const struct ydoc *doc, const struct ydoc_node *node, int fiscal_year, struct history *h);

/* Replaces the published rounds of every year h names with h's (inside the import's
 * transaction). */
int historychoice_write(struct store *s, const struct history *h);

/* Frees h's rounds. */
void historychoice_free(struct history *h);

#endif
