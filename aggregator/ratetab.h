/*
 * ratetab: the result model between computing and drawing — every rate of one fiscal year
 * for a set of organisations, computed exactly from their tallies (docs/metrics.md). It is the
 * only code that turns counts into rates.
 *
 * For each organisation: per role and per group (GROUP_OFFICERS … GROUP_OTHERS) the targets,
 * submitted, pooled answers, grasp and implementation rates with their grades and display
 * values, attainment of the two kinds at 100/95/90 (`items`: share of items at or above the
 * threshold; `persons`: share of submitted sheets at or above it); the same per category and
 * per item (pooled over the group's roles answering them). The organisation as a whole
 * (GROUP_ALL) follows the method: under RATE_METHOD_NISC its targets and submitted are
 * persons (owing at least one sheet / submitted every sheet), its grasp rate counts persons
 * once, and its implementation rate is the unweighted mean over the roles of the report's
 * subject groups that have an obligated answer; under RATE_METHOD_POOLED every sheet and
 * answer of every role is pooled.
 *
 * Government-wide rows are, by default, the unweighted mean over the organisations that have
 * the value; with RATETAB_HEADCOUNT the organisations' counts are pooled first and the method
 * applied to the pooled counts. Count columns of government rows are sums.
 *
 * Values a tally does not carry (persons and attainment from a tally file of format /1) are
 * undefined, never guessed.
 *
 * The focused inspection's rates (systems, not people) are part of the model too: per
 * organisation and inspection item, and for the government with the systems pooled
 * (ratetab_inspection_item; computed in ratetab_inspection.c).
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

/* Attainment thresholds, in this order (the tally's). */
#define RATETAB_ATTAINMENT_COUNT TALLY_ATTAINMENT_COUNT
#define RATETAB_ATTAINMENT_PERCENT TALLY_ATTAINMENT_PERCENT /* 100, 95, 90 */

/* How the table is computed. */
struct ratetab_spec {
	enum rate_method method;
	enum ratetab_weighting weighting;
	struct grade_scale scale;
};
/* The defaults: method nisc, unweighted, thresholds 100/80/60. */
extern const struct ratetab_spec RATETAB_DEFAULT_SPEC;

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

/* Rates of one role, one group or the whole, of an organisation or the government. */
struct ratetab_group {
	bool present;                   /* has targets */
	bool counts_known;              /* targets and submitted are known (the whole under
					 * nisc: persons, unknown from /1 tally files) */
	uint64_t targets, submitted;
	struct tally_counts answers;
	struct rate_value grasp, implementation;
	int grasp_tenths, implementation_tenths;      /* -1 undefined */
	char grasp_grade, implementation_grade;       /* 0 undefined */
	struct rate_value attainment[RATETAB_ATTAINMENT_COUNT];         /* kind items */
	int attainment_tenths[RATETAB_ATTAINMENT_COUNT];
	struct rate_value persons_attainment[RATETAB_ATTAINMENT_COUNT]; /* kind persons */
	int persons_attainment_tenths[RATETAB_ATTAINMENT_COUNT];
	/* Shares of the answers: implemented, not implemented, not applicable of all answers
	 * (pooled counts, also for government rows), as whole percents half up; -1 undefined. */
	struct rate_value answer_share[3];
	int answer_share_percent[3];
	unsigned contributors;          /* government rows: organisations averaged */
};

/* One inspection item (docs/metrics.md, "Focused inspection") of an organisation, or of the
 * government with the systems of every organisation pooled. */
struct ratetab_inspection_rate {
	bool present;                   /* the item's kind is counted (government: by at least
					 * one organisation) */
	uint64_t systems;               /* systems of the item's kind (sums for the government) */
	struct tally_counts answers;    /* sums for the government */
	struct rate_value rate;         /* implemented / (implemented + not_implemented) */
	int percent;                    /* display: whole percent, half up; -1 undefined */
};

/* The systems of one kind an organisation (or the government) counts. */
struct ratetab_systems {
	bool present;
	uint64_t systems;
	unsigned contributors;          /* government: organisations that count the kind */
};

struct ratetab_org {
	const struct tally *tally;      /* borrowed; tally->org names the organisation */
	/* The focused inspection, NULL when the questionnaire has none: per inspection item and
	 * per kind (quest->inspection->items, ->kinds). */
	struct ratetab_inspection_rate *inspection;
	struct ratetab_systems *systems;
	struct ratetab_group group[GROUP_SLOTS];
	struct ratetab_group role[ROLE_COUNT];
	/* [g * quest->category_count + c] and [g * quest->item_count + i], g <= GROUP_ALL */
	struct ratetab_rate *category;
	struct ratetab_rate *item;
};

struct ratetab {
	const struct quest *quest;
	int fiscal_year;
	enum rate_method method;
	enum ratetab_weighting weighting;
	struct grade_scale scale;
	bool groups_only;               /* no category or item rates (ratetab_build_groups) */
	size_t org_count;
	struct ratetab_org *orgs;       /* in the order of the tallies given (report order) */
	struct ratetab_group government[GROUP_SLOTS];
	struct ratetab_group gov_role[ROLE_COUNT];
	struct ratetab_rate *gov_category; /* same indexing as ratetab_org.category */
	struct ratetab_rate *gov_item;
	struct ratetab_inspection_rate *gov_inspection; /* same indexing as ratetab_org.inspection */
	struct ratetab_systems *gov_systems;
};

/* Computes every rate from tallies[0..count) (all over quest, same fiscal year) as spec says
 * (NULL: RATETAB_DEFAULT_SPEC). Returns 0 and *out, or -1 after reporting (e.g. an exact sum
 * that outgrows its capacity). */
int ratetab_build(const struct quest *quest, struct tally *const *tallies, size_t count,
		  const struct ratetab_spec *spec, struct ratetab **out);

/* As ratetab_build, with only the role and group rows of each organisation and of the
 * government: no category or item rates (ratetab_category and ratetab_item must not be
 * called), and the attainment of kind items stays undefined. For tables of many units that
 * show grasp and implementation only (the workbook's unit sheet). */
int ratetab_build_groups(const struct quest *quest, struct tally *const *tallies, size_t count,
			 const struct ratetab_spec *spec, struct ratetab **out);

/* Frees the table; NULL is allowed. */
void ratetab_free(struct ratetab *t);

/* Accessors: the category / item rate of an organisation (or of the government when org is
 * NULL) within group. */
const struct ratetab_rate *ratetab_category(const struct ratetab *t, const struct ratetab_org *org,
					    enum role_group group, size_t category);
const struct ratetab_rate *ratetab_item(const struct ratetab *t, const struct ratetab_org *org,
					enum role_group group, size_t item);

/* The focused inspection. Government-wide values pool the systems of every organisation (the
 * share of all systems of the kind that carry the measure), whatever the weighting; an
 * organisation's count only when its tally has the inspection section. The rate of an
 * inspection item of an organisation (or of the government when org is NULL), or NULL when the
 * questionnaire has no inspection or item is out of range. */
const struct ratetab_inspection_rate *ratetab_inspection_item(const struct ratetab *t, const struct ratetab_org *org,
							      size_t item);
/* The systems of a kind of an organisation (or of the government when org is NULL); NULL as
 * above. */
const struct ratetab_systems *ratetab_systems_of(const struct ratetab *t, const struct ratetab_org *org, size_t kind);
/* Whether the organisation's tally (any organisation's, when org is NULL) has inspection counts. */
bool ratetab_inspection_known(const struct ratetab *t, const struct ratetab_org *org);

#endif
