/*
 * history: published figures of past years that exist only as rates (docs/history-format.md),
 * and their import into the national store.
 *
 * history_load() reads and checks a history file into plain data without touching any store;
 * history_import() writes it, replacing the rows of the years the file names (and the series
 * breaks and source when the file has those keys) in one transaction, so a failed import
 * changes nothing. Rates are kept exactly as tenths of a percent.
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

#define HISTORY_FORMAT "selfcheck-history/1"

enum history_metric { HISTORY_GRASP, HISTORY_IMPLEMENTATION };

/* One published rate: government-wide when org is "" . */
struct history_rate {
	int fiscal_year;
	char *org;
	enum history_metric metric;
	enum role_group group;     /* GROUP_ALL allowed */
	int tenths;
	int line, col;             /* where the value stands in the file */
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
	int *years;                    /* the fiscal years the file names */
	size_t year_count;
	struct history_rate *rates;
	size_t rate_count;
};

/* Reads and checks path. Returns 0 and *out, or -1 after reporting every error as
 * FILE:LINE:COL (then *out is NULL). */
int history_load(const char *path, struct history **out);
/* Frees h; NULL is allowed. */
void history_free(struct history *h);

/* Stores h in s in one transaction: the organisations it defines that the store lacks, then
 * the rows of its years, its series breaks and its source. A rate naming an organisation
 * neither in the store nor in the file is an error (reported at its position) and nothing is
 * written. Returns 0 or -1 after reporting. */
int history_import(struct store *s, const struct history *h);

/* Name of a metric as in files and the store ("grasp", "implementation"). */
const char *history_metric_code(enum history_metric m);

#endif
