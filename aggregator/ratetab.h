/*
 * ratetab: the result model between computing and drawing — every rate of one fiscal year
 * for a set of organisations, computed exactly from their tallies (design §5).
 *
 * For each organisation and each group (GROUP_OFFICERS … GROUP_OTHERS, and GROUP_ALL pooling
 * all its roles): targets, submitted, pooled answers, grasp and implementation rates, their
 * grades and display values, and attainment at 100/95/90. The same per category and per item
 * (pooled over the group's roles answering them). Government-wide rows are, by default, the
 * unweighted mean over the organisations that have targets in the group (for items and
 * categories: that have at least one obligated answer); with RATETAB_HEADCOUNT they pool all
 * organisations' counts. Count columns of government rows are sums.
 *
 * The outputs (csv, json, xlsx, the tally file, the PDF) read this model only; none of them
 * touches SQLite.
 *
 * Ownership: ratetab_build() returns a table freed with ratetab_free(). It borrows the
 * questionnaire and the tallies, which must outlive it.
 */
#ifndef SELFCHECK_AGGREGATOR_RATETAB_H
#define SELFCHECK_AGGREGATOR_RATETAB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/quest.h"
#include "core/rate.h"
#include "core/roles.h"
#include "core/tally.h"

enum ratetab_weighting { RATETAB_UNWEIGHTED, RATETAB_HEADCOUNT };

/* Attainment thresholds, in this order. */
#define RATETAB_ATTAINMENT_COUNT 3
extern const unsigned RATETAB_ATTAINMENT_PERCENT[RATETAB_ATTAINMENT_COUNT]; /* 100, 95, 90 */

/* One implementation rate with its counts (an item or a category within a group). */
struct ratetab_rate {
	bool present;                   /* at least one obligated answer (or, for government
					 * rows, at least one organisation contributing) */
	struct tally_counts answers;    /* pooled counts (sums for government rows) */
	struct rate_value rate;         /* implementation rate */
	int tenths;                     /* display value, -1 undefined */
	char grade;                     /* 'A'..'D', 0 undefined */
	unsigned contributors;          /* government rows: organisations averaged */
};

/* One organisation (or the government) × group. */
struct ratetab_group {
	bool present;                   /* has targets in the group */
	uint64_t targets, submitted;
	struct tally_counts answers;
	struct rate_value grasp, implementation;
	int grasp_tenths, implementation_tenths;      /* -1 undefined */
	char grasp_grade, implementation_grade;       /* 0 undefined */
	struct rate_value attainment[RATETAB_ATTAINMENT_COUNT];
	int attainment_tenths[RATETAB_ATTAINMENT_COUNT];
	unsigned contributors;          /* government rows: organisations averaged */
};

struct ratetab_org {
	const struct tally *tally;      /* borrowed; tally->org names the organisation */
	struct ratetab_group group[GROUP_ALL + 1];
	/* [g * quest->category_count + c] and [g * quest->item_count + i], g <= GROUP_ALL */
	struct ratetab_rate *category;
	struct ratetab_rate *item;
};

struct ratetab {
	const struct quest *quest;
	int fiscal_year;
	enum ratetab_weighting weighting;
	struct grade_scale scale;
	size_t org_count;
	struct ratetab_org *orgs;       /* in the order of the tallies given (report order) */
	struct ratetab_group government[GROUP_ALL + 1];
	struct ratetab_rate *gov_category; /* same indexing as ratetab_org.category */
	struct ratetab_rate *gov_item;
};

/* Computes every rate from tallies[0..count) (all over quest, same fiscal year). scale NULL
 * means the default thresholds. Returns 0 and *out, or -1 after reporting (e.g. an exact sum
 * that outgrows its capacity). */
int ratetab_build(const struct quest *quest, struct tally *const *tallies, size_t count,
		  enum ratetab_weighting weighting, const struct grade_scale *scale,
		  struct ratetab **out);

/* Frees the table; NULL is allowed. */
void ratetab_free(struct ratetab *t);

/* Accessors: the category / item rate of an organisation (or of the government when org is
 * NULL) within group. */
const struct ratetab_rate *ratetab_category(const struct ratetab *t, const struct ratetab_org *org,
					    enum role_group group, size_t category);
const struct ratetab_rate *ratetab_item(const struct ratetab *t, const struct ratetab_org *org,
					enum role_group group, size_t item);

#endif
