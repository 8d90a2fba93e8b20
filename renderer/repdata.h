/*
 * repdata: what a report or a chart is drawn from — one fiscal year of a national store:
 * its questionnaire, every organisation's tally in report order, the rate table computed
 * from them (aggregator/ratetab.h), the government-wide trend over the years before it and
 * each organisation's trend over the previous year and this one (aggregator/trend.h).
 * Nothing downstream of this module touches SQLite.
 *
 * Ownership: repdata_load() returns data freed with repdata_free(); the rate table and the
 * trends borrow the questionnaire and the tallies or own their data, all owned here. The
 * questionnaire is the store's parsed copy (store_year_quest_shared), which the trends read
 * too: the store stays open, read-only, until repdata_free.
 */
#ifndef SELFCHECK_RENDERER_REPDATA_H
#define SELFCHECK_RENDERER_REPDATA_H

#include <stddef.h>

#include "aggregator/ratetab.h"
#include "aggregator/trend.h"
#include "core/quest.h"
#include "core/store.h"
#include "core/tally.h"

struct repdata {
	int year;
	struct store *store;          /* open until repdata_free: owns quest */
	const struct quest *quest;
	struct tally **tallies;       /* report order */
	size_t count;
	struct ratetab *rates;
	struct trend *trend;          /* year - trend_years + 1 … year */
	struct trend_org **org_trends;  /* [i] for rates->orgs[i]: year - 1 … year */
};

/* Opens the national store at db read-only and loads fiscal year `year` with a trend of
 * trend_years years (at least 1). Returns 0 and *out, or -1 after reporting (a missing store,
 * a year without tallies, …). */
int repdata_load(const char *db, int year, int trend_years, struct repdata **out);
void repdata_free(struct repdata *d);

/* The organisation with code, or NULL. */
const struct ratetab_org *repdata_org(const struct repdata *d, const char *code);

/* The previous year of organisation i (index into rates->orgs), or NULL when the store knows
 * nothing of it. */
const struct trend_org_year *repdata_org_previous(const struct repdata *d, size_t i);

#endif
