/*
 * history: published figures of past years that exist only as rates (docs/history-format.md),
 * and their import into the national store.
 *
 * history_load() reads and checks a history file (format /1 or /2) into plain data without
 * touching any store; history_import() writes it, replacing the rows and the method of the
 * years the file names (and the series breaks and source when the file has those keys) in one
 * transaction, so a failed import changes nothing. Rates are kept exactly as tenths of a
 * percent; a published grade is kept beside its rate, or alone when only the grade was
 * published.
 *
 * Ownership: history_load() returns a history freed with history_free(); every string in it
 * is owned by it.
 */
#ifndef SELFCHECK_AGGREGATOR_HISTORY_H
#define SELFCHECK_AGGREGATOR_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/org.h"
#include "core/roles.h"
#include "core/store.h"

#include "core/rate.h"

#define HISTORY_FORMAT_1 "selfcheck-history/1"
#define HISTORY_FORMAT "selfcheck-history/2"   /* adds method, attainment and grades */

/* The metrics of history rows, in the store's order (attainment at 100, 95 and 90 percent,
 * of items and of persons). */
enum history_metric {
	HISTORY_GRASP,
	HISTORY_IMPLEMENTATION,
	HISTORY_ATTAINMENT_ITEMS_100,
	HISTORY_ATTAINMENT_ITEMS_95,
	HISTORY_ATTAINMENT_ITEMS_90,
	HISTORY_ATTAINMENT_PERSONS_100,
	HISTORY_ATTAINMENT_PERSONS_95,
	HISTORY_ATTAINMENT_PERSONS_90,
	HISTORY_METRIC_COUNT
};

/* One published value: government-wide when org is "". At least one of tenths and grade is
 * known. */
struct history_rate {
	int fiscal_year;
	char *org;
	enum history_metric metric;
	enum role_group group;     /* GROUP_ALL allowed */
	int tenths;                /* -1: only the grade was published */
	char grade;                /* 'A'..'D' as published; 0: none given */
	int line, col;             /* where the value (or the grade) stands in the file */
};

/* A fiscal year the file names, and the method its figures were computed by. */
struct history_year {
	int fiscal_year;
	bool has_method;           /* the year states its method (else the default applies) */
	enum rate_method method;
};

struct history_break {
	int fiscal_year;
	char *note_ja, *note_en;
};

struct history {
	char *file;
	char *source_ja, *source_en;   /* NULL when the file has no source */
	bool has_breaks;               /* the file has the series_breaks key */
	struct history_break *breaks;
	size_t break_count;
	struct org *orgs;              /* the file's organizations list */
	size_t org_count;
	int format;                    /* 1 or 2 */
	struct history_year *years;    /* the fiscal years the file names, in file order */
	size_t year_count;
	struct history_rate *rates;
	size_t rate_count;
	/* published rounds of choice items (aggregator/historychoice.h) */
	struct history_choice *choices;
	size_t choice_count;
};

/* Reads and checks path. Returns 0 and *out, or -1 after reporting every error as
 * FILE:LINE:COL (then *out is NULL). */
int history_load(const char *path, struct history **out);
/* Frees h; NULL is allowed. */
void history_free(struct history *h);

/* Stores h in s in one transaction: the organisations it defines that the store lacks, then
 * the rows and the methods of its years (a year that states no method loses any method stored
 * for it), its series breaks and its source. A rate naming an organisation neither in the
 * store nor in the file is an error (reported at its position) and nothing is written.
 * Returns 0 or -1 after reporting. */
int history_import(struct store *s, const struct history *h);

/* Name of a metric as in the store ("grasp", "implementation", "attainment_items_100", …). */
const char *history_metric_code(enum history_metric m);
/* The metric named code; -1 when unknown. */
int history_metric_from_code(const char *code);
/* The attainment metric of kind items (persons false) or persons at threshold index k
 * (0: 100%, 1: 95%, 2: 90%, as RATETAB_ATTAINMENT_PERCENT). */
enum history_metric history_attainment_metric(bool persons, int k);

#endif
