/*
 * activity: the "survey log" command — the store's activity log as a coordinator reads it:
 * one entry per command that changed the store (survey's roster imports, token issues, answer
 * imports, init, close and reopen; the aggregator's own commands), oldest first.
 */
#ifndef SELFCHECK_SURVEY_ACTIVITY_H
#define SELFCHECK_SURVEY_ACTIVITY_H

#include <stdbool.h>
#include <stdio.h>

#include "core/store.h"

enum activity_format { ACTIVITY_TEXT, ACTIVITY_CSV };

/* Prints the entries (of fiscal_year only, when it is not 0): as text, one line per entry
 * "TIME  PROGRAM  COMMAND  FY  DETAIL" with the local time, or as CSV at,program,command,fiscal_year,detail
 * with the time as local ISO 8601 with the offset (excel: for Excel, see csvwrite). Returns 0 or -1 after reporting. */
int activity_print(struct store *s, int fiscal_year, enum activity_format format, bool excel, FILE *out);

#endif
