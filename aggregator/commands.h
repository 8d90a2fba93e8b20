/*
 * commands: the aggregator's command functions, one per command of the table in
 * aggregator/main.c (as git's cmd_*). Each opens what it needs, calls the library modules and
 * decides the exit status: 0 success, 1 usage (options that do not go together), 2 bad input
 * or failure. core/cli has already checked the options (required ones given, values among
 * those listed) before a command runs. Messages go to stderr, data to stdout.
 */
#ifndef SELFCHECK_AGGREGATOR_COMMANDS_H
#define SELFCHECK_AGGREGATOR_COMMANDS_H

#include <stdbool.h>

#include "aggregator/ratetab.h"
#include "core/rate.h"

/* The values of --format (by enum agg_format) and --by (by enum agg_by), NULL-terminated. */
enum agg_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };
extern const char *const AGG_FORMATS[];
enum agg_by { BY_GROUP, BY_ROLE, BY_ITEM, BY_CATEGORY, BY_UNIT, BY_INSPECTION, BY_CHOICE };
extern const char *const AGG_BYS[];
/* The values of --weighting, by enum ratetab_weighting. */
extern const char *const AGG_WEIGHTINGS[];

/* Options of every command (zeroed, then filled by the option table): the defaults are the
 * zero values (table, group, unweighted, no method given). */
struct agg_options {
	const char *db, *lang, *output, *xlsx, *questionnaire, *org;
	const char *kind, *supervisor; /* rates --by choice: which organisations */
	enum agg_format format;
	enum agg_by by;
	enum ratetab_weighting weighting;
	enum rate_method method;
	int year, from, to;
	bool has_method, has_scale, replace, verify;
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
