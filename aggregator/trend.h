/*
 * trend: government-wide rates by group over a span of fiscal years (表２-３), taken from
 * the year's tallies where the national store has them and from the published history
 * otherwise, with the series breaks (a change of method between years) that a table or a
 * chart must mark.
 *
 * Ownership: trend_build() returns a trend freed with trend_free(); all strings inside are
 * owned by it.
 */
#ifndef SELFCHECK_AGGREGATOR_TREND_H
#define SELFCHECK_AGGREGATOR_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "aggregator/ratetab.h"
#include "core/rate.h"
#include "core/roles.h"
#include "core/store.h"

enum trend_source { TREND_NONE, TREND_TALLY, TREND_HISTORY };

struct trend_point {
	enum trend_source source;       /* TREND_NONE: no value for that year and group */
	int tenths;                     /* display value in tenths of a percent; -1 undefined */
	char grade;                     /* 'A'..'D', 0 undefined */
};

struct trend_break {
	int fiscal_year;                /* the break lies just before this year */
	char *note_ja;
	char *note_en;
};

struct trend {
	int from, to;                   /* inclusive */
	size_t year_count;              /* to - from + 1 */
	enum rate_method *methods;      /* [y]: the method of year from + y */
	/* [y * (GROUP_ALL + 1) + g] for year from + y and group g (GROUP_ALL = 全主体平均) */
	struct trend_point *implementation;
	struct trend_point *grasp;
	struct trend_break *breaks;     /* breaks inside (from, to], ascending */
	size_t break_count;
	char *source_ja, *source_en;    /* where history figures were published; may be NULL */
};

/* Builds the trend from the national store. Each year with tallies is computed by the method
 * recorded for it (or by spec->method for every year when force_method), with spec's weighting
 * and grade scale; history years carry the method they were published under. Where two
 * consecutive years with values differ in method, a series break is added (beside the breaks
 * the history declares). Returns 0 and *out, or -1 after reporting. */
int trend_build(struct store *s, int from, int to, const struct ratetab_spec *spec, bool force_method,
		struct trend **out);

/* Point for year and group; NULL when year is outside the span. */
const struct trend_point *trend_implementation(const struct trend *t, int year, enum role_group g);
const struct trend_point *trend_grasp(const struct trend *t, int year, enum role_group g);

/* Frees t; NULL is allowed. */
void trend_free(struct trend *t);

#endif
