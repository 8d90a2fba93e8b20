/*
 * choicecount: counting choice items (core/choice.h) while a ministry store's answers are
 * tallied (core/livetally.c calls it for each choice item of a submitted sheet, for the
 * recount and for the counts kept as answers arrive).
 */
#ifndef SELFCHECK_CHOICECOUNT_H
#define SELFCHECK_CHOICECOUNT_H

#include <stdint.h>

#include "core/tally.h"

/* Adds d times (d: 1, or -1 as an unsigned count, modulo 2^64) the answer at sheet position k
 * of a submitted sheet (answers: the role's packed answers) to tr: an item not asked (its
 * condition unmet) or unanswered counts nowhere; an answer counts its respondent once and each
 * picked option once, and, when the item has options that count as implemented, the
 * respondent as implemented (any such option picked) or not implemented — also (once, whatever
 * d) in *implemented / *not_implemented, the sheet's obligated answers. Returns -1 for a code
 * that is not an answer of the item. */
int choicecount_answer(const struct quest *q, enum role role, struct tally_role *tr, size_t k,
		       const char *answers, uint64_t d, uint64_t *implemented, uint64_t *not_implemented);

#endif
