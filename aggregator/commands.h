/*
 * commands: the aggregator's command functions. Each opens what it needs, calls the library
 * modules and decides the exit status: 0 success, 1 usage (missing option, bad value),
 * 2 bad input or failure. Messages go to stderr, data to stdout.
 */
#ifndef SELFCHECK_AGGREGATOR_COMMANDS_H
#define SELFCHECK_AGGREGATOR_COMMANDS_H

#include <stdbool.h>

#include "core/rate.h"

/* Options of every command (zeroed, then filled by the option table). */
struct agg_options {
	const char *db, *by, *format, *weighting, *method, *lang, *output, *xlsx, *questionnaire, *org;
	const char *kind, *supervisor; /* rates --by choice: which organisations */
	int year, from, to;
	bool has_year, has_from, has_to, has_scale, replace;
	struct grade_scale scale;
};

int cmd_tally(void *ctx, int argc, char **argv);
int cmd_rates(void *ctx, int argc, char **argv);
int cmd_grades(void *ctx, int argc, char **argv);
int cmd_export(void *ctx, int argc, char **argv);
int cmd_submit(void *ctx, int argc, char **argv);
int cmd_compile(void *ctx, int argc, char **argv);
int cmd_history_import(void *ctx, int argc, char **argv);
int cmd_trend(void *ctx, int argc, char **argv);

#endif
