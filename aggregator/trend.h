/*
 * trend: rates by group over a span of fiscal years, taken from the year's tallies where the
 * national store has them and from the published history otherwise, with the series breaks
 * (declared in the history, or a change of method between years) that a table or a chart
 * must mark — government-wide (表２-３, trend_build) or for one organisation against its
 * previous years (trend_org_build).
 *
 * Ownership: trend_build() returns a trend freed with trend_free(), trend_org_build() one
 * freed with trend_org_free(); all strings inside are owned by them.
 */
#ifndef SELFCHECK_AGGREGATOR_TREND_H
#define SELFCHECK_AGGREGATOR_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "aggregator/ratetab.h"
#include "core/org.h"
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
	/* [y * GROUP_SLOTS + g] for year from + y and group g (GROUP_ALL = 全主体平均) */
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

/* ---- one organisation against its previous years ---- */

/* One organisation's values in one fiscal year. A point's source is TREND_NONE when the
 * value is not known; a history point may carry a published grade without a rate. */
struct trend_org_year {
	enum trend_source source;       /* TREND_TALLY: the year's tally through the rate model;
					 * TREND_HISTORY: published rows; TREND_NONE: nothing known */
	enum rate_method method;        /* how the year's figures were computed */
	/* [g] for group g (GROUP_ALL: the organisation as a whole) */
	struct trend_point grasp[GROUP_SLOTS];
	struct trend_point implementation[GROUP_SLOTS];
	/* [g][k], thresholds as RATETAB_ATTAINMENT_PERCENT (100, 95, 90); no grades */
	struct trend_point attainment_items[GROUP_SLOTS][RATETAB_ATTAINMENT_COUNT];
	struct trend_point attainment_persons[GROUP_SLOTS][RATETAB_ATTAINMENT_COUNT];
};

struct trend_org {
	struct org org;                 /* code and names, as the store has them */
	int from, to;                   /* inclusive */
	size_t year_count;
	struct trend_org_year *years;   /* [y]: year from + y */
	struct trend_break *breaks;     /* breaks inside (from, to], ascending */
	size_t break_count;
	char *source_ja, *source_en;    /* where history figures were published; may be NULL */
};

/* Builds the trend of organisation code from the store. A year in which the store holds the
 * organisation's tally is computed from it by ratetab_build() with the year's recorded method
 * (spec->method for every such year when force_method) and spec's grade scale; any other year
 * takes the organisation's history rows, graded from their published one-decimal values (a
 * published grade stands where only the grade is known), and carries the method recorded for
 * it. A year with neither is TREND_NONE. The breaks are those the history declares inside the
 * span plus one wherever two consecutive years with values differ in method. An organisation
 * the store does not know is an error. Returns 0 and *out, or -1 after reporting. */
int trend_org_build(struct store *s, const char *code, int from, int to, const struct ratetab_spec *spec,
		    bool force_method, struct trend_org **out);

/* The values of year; NULL when year is outside the span. */
const struct trend_org_year *trend_org_year(const struct trend_org *t, int year);

/* Whether a series break lies just before year (between year - 1 and year). */
bool trend_org_break_before(const struct trend_org *t, int year);

/* Frees t; NULL is allowed. */
void trend_org_free(struct trend_org *t);

#endif
