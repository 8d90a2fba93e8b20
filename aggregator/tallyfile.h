/*
 * tallyfile: the tally file a ministry sends to the national centre (docs/tally-format.md):
 * one organisation and one fiscal year, counts only, no person.
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
#include "core/ydoc.h"

/* The format written; TALLYFILE_FORMAT_V1 files are still read (persons and attainment then
 * unknown). */
#define TALLYFILE_FORMAT "selfcheck-tally/2"
#define TALLYFILE_FORMAT_V1 "selfcheck-tally/1"

/* Largest count a tally file may hold. */
#define TALLYFILE_MAX_COUNT 1000000000000LL

/* A count of a tally file at node n: a non-negative integer up to TALLYFILE_MAX_COUNT into
 * *out (a negative one is reported as "WHAT: expected a non-negative integer, found -N").
 * Returns 0, or -1 after reporting. */
int tallyfile_check_count(const struct ydoc *doc, const struct ydoc_node *n, const char *what, uint64_t *out);

/* Writes t as a tally file of format /2 to out (UTF-8 YAML): when the tally was taken and the
 * collection's close time (from t->source, when known), the persons, and every present role
 * with its attainment and every item of its sheet. Persons or attainment that t does not know
 * (a tally read from a /1 file) are an error: such a tally cannot be sent on as /2. Returns 0, or -1 after reporting a write error (name is used in the
 * message). */
int tallyfile_write(FILE *out, const char *name, const struct tally *t);

/* Reads path (format /1 or /2) and checks it against quest (its id must be the file's
 * questionnaire) and fiscal_year (the file's must equal it). t->source.format records the
 * format read. Items of a role's sheet that the file leaves out
 * count zero. Returns 0 and *out, or -1 after reporting every error found (*out NULL). */
int tallyfile_load(const char *path, const struct quest *quest, int fiscal_year, struct tally **out);

/* Reads an organisation record, {code, name, name_en?, order?, kind?, supervisor?}: a tally
 * file's organization block, and each of a history file's organizations (the one parser of
 * both). Fills *o (zeroed by the caller; org_release() it, also on failure). Returns 0, or -1
 * after reporting FILE:LINE:COL. */
int tallyfile_load_org(const struct ydoc *doc, const struct ydoc_node *n, struct org *o);

#endif
