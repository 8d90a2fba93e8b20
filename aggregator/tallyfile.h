/*
 * tallyfile: the tally file a ministry sends to the national centre (design §6,
 * docs/tally-format.md): one organisation and one fiscal year, counts only, no person.
 *
 * tallyfile_write() writes a tally; tallyfile_load() reads one back and checks it against
 * the questionnaire and the fiscal year the caller expects. Neither touches a store.
 * Every problem found is reported as FILE:LINE:COL with what was expected; a count that
 * breaks a rule names the role and the item.
 *
 * Ownership: tallyfile_load() returns a tally (tally_free it) that borrows quest.
 */
#ifndef SELFCHECK_AGGREGATOR_TALLYFILE_H
#define SELFCHECK_AGGREGATOR_TALLYFILE_H

#include <stdio.h>

#include "core/quest.h"
#include "core/tally.h"

#define TALLYFILE_FORMAT "selfcheck-tally/1"

/* Largest count a tally file may hold. */
#define TALLYFILE_MAX_COUNT 1000000000000LL

/* Writes t as a tally file to out (UTF-8 YAML). Every present role is written with every
 * item of its sheet. Returns 0, or -1 after reporting a write error (name is used in the
 * message). */
int tallyfile_write(FILE *out, const char *name, const struct tally *t);

/* Reads path and checks it against quest (its id must be the file's questionnaire) and
 * fiscal_year (the file's must equal it). Items of a role's sheet that the file leaves out
 * count zero. Returns 0 and *out, or -1 after reporting every error found (*out NULL). */
int tallyfile_load(const char *path, const struct quest *quest, int fiscal_year, struct tally **out);

#endif
