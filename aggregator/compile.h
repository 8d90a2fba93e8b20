/*
 * compile: bringing ministries' tally files into the national store (docs/tally-format.md).
 *
 * Every file is checked (tallyfile_load) before anything is written; then, in one
 * transaction, the questionnaire and the fiscal year are recorded and each organisation's
 * tally for the year is replaced whole. So either every file is stored or none, and compiling
 * the same files again leaves the store as it was.
 *
 * The questionnaire comes from quest_path when given (and is recorded the first time), from
 * the store's record of the year otherwise.
 *
 * One organisation cannot take another's place by accident: a file for a code that already
 * holds the year under another name, or over another questionnaire, is refused (at the
 * file's organisation name) unless replace is set. Each file compiled is noted as "added" or
 * "replaced the tally stored at …" (and the old name when it changes). A year holds at most
 * ORG_MAX_PER_YEAR organisations.
 */
#ifndef SELFCHECK_AGGREGATOR_COMPILE_H
#define SELFCHECK_AGGREGATOR_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/store.h"

/* Compiles files[0..count) for fiscal_year into s; when method is non-NULL it becomes the
 * year's method (otherwise the year keeps its own, nisc for a new year); replace allows a file
 * to replace a tally of its code stored under another name or questionnaire. Returns 0, or -1
 * after reporting every problem found (the store is then unchanged). */
int compile_files(struct store *s, int fiscal_year, const char *quest_path, const enum rate_method *method,
		  char *const *files, size_t count, bool replace);

/* Checks files[0..count) against the questionnaire file quest_path and fiscal_year without any
 * store. Returns 0, or -1 after reporting every problem found. */
int compile_check_files(int fiscal_year, const char *quest_path, char *const *files, size_t count);

#endif
