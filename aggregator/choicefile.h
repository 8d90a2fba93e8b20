/*
 * choicefile: the parts of the tally file (docs/tally-format.md) that carry choice counts and
 * the kind of an organisation; aggregator/tallyfile.c calls these for each item and for the
 * organization block.
 */
#ifndef SELFCHECK_AGGREGATOR_CHOICEFILE_H
#define SELFCHECK_AGGREGATOR_CHOICEFILE_H

#include <stdio.h>

#include "core/tally.h"
#include "core/ydoc.h"

/* Writes ", choices: {respondents: R, n: N, options: [..]}" for a choice item at sheet
 * position k of role r (nothing for a yes/no item). */
void choicefile_write_item(FILE *out, const struct tally *t, enum role r, size_t k);

/* Writes the organization block's kind and supervisor lines, when the org has them. */
void choicefile_write_org(FILE *out, const struct org *o);

/* Reads the `choices` of item node (the item's mapping of counts) at sheet position pos of
 * role into t: required for a choice item, refused for a yes/no item. Returns -1 after
 * reporting FILE:LINE:COL (also when the counts break the rules with counts, the item's three). */
int choicefile_load_item(const struct ydoc *doc, const struct ydoc_node *node, struct tally *t, enum role role,
			 size_t item, size_t pos, const struct tally_counts *counts);

/* Reads the organization block's optional kind and supervisor into o. */
int choicefile_load_org(const struct ydoc *doc, const struct ydoc_node *n, struct org *o);

#endif
