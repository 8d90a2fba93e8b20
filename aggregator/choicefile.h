/*
 * choicefile: the parts of the tally file (docs/tally-format.md) that carry choice counts and
 * the kind of an organisation; aggregator/tallyfile.c calls these for each item and for the
 * organization block.
 */
#ifndef SELFCHECK_AGGREGATOR_CHOICEFILE_H
#define SELFCHECK_AGGREGATOR_CHOICEFILE_H

#include <stdbool.h>
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
 * reporting FILE:LINE:COL (also when the counts break the rules with counts, the item's three).
 * With derive (the file gives the choices alone), *counts is computed from them: for a single
 * choice implemented = the respondents of the options that count as implemented and
 * not_implemented the other respondents; a multiple choice with such options cannot be
 * derived and is refused. */
int choicefile_load_item(const struct ydoc *doc, const struct ydoc_node *node, struct tally *t, enum role role,
			 size_t item, size_t pos, struct tally_counts *counts, bool derive);

/* Reads the organization block's optional kind and supervisor into o. */
int choicefile_load_org(const struct ydoc *doc, const struct ydoc_node *n, struct org *o);

#endif
