/*
 * views: the tables the aggregator prints, as grids built from the rate model (ratetab) and
 * the trend — one function per view. The same grid goes to csv, json or an aligned table, so
 * the three formats cannot disagree.
 *
 * Rows follow the rate table's organisation order (report order); within an organisation the
 * groups officers, system_officers, staff, others (those with targets) and then all; the
 * government-wide rows (organisation "ALL") come last.
 *
 * Ownership: every function returns a new grid (grid_free it) that copies what it needs; the
 * ratetab or trend may be freed afterwards.
 */
#ifndef SELFCHECK_AGGREGATOR_VIEWS_H
#define SELFCHECK_AGGREGATOR_VIEWS_H

#include "aggregator/grid.h"
#include "aggregator/ratetab.h"
#include "aggregator/trend.h"

/* The code used for government-wide rows. */
#define VIEW_GOVERNMENT "ALL"

/* Rates by organisation and group. first is the first column's code ("organization", or
 * "unit" for a ministry's units); gov_rows adds the government-wide rows. */
struct grid *view_rates_by_group(const struct ratetab *rt, const char *first, bool gov_rows);
/* Rates by organisation and role (government rows: mean over organisations with targets in
 * the role, or pooled under headcount weighting). */
struct grid *view_rates_by_role(const struct ratetab *rt);
/* Implementation rates by organisation, group and item / category. */
struct grid *view_rates_by_item(const struct ratetab *rt);
struct grid *view_rates_by_category(const struct ratetab *rt);
/* The focused inspection: per organisation whose tally counts systems, one row per
 * inspection item of each kind it counts (questionnaire order) with the systems of the kind,
 * the three counts and the rate as a whole percent (rounded half up, empty when no system
 * was obliged); then the government's rows ("ALL"), the systems of every organisation pooled.
 * Columns organization, kind, item, systems, implemented, not_implemented, not_applicable,
 * rate. Only the header when the questionnaire has no inspection. */
struct grid *view_rates_by_inspection(const struct ratetab *rt);
/* The ministry grade table: rates and grades of each organisation's "all" group, with the
 * organisation's name in lang. */
struct grid *view_grades(const struct ratetab *rt, const char *lang);
/* The trend as one row per year, group and metric (for csv). */
struct grid *view_trend_long(const struct trend *t);
/* The trend as groups × years (for reading); a year after a series break is headed "| ". */
struct grid *view_trend_wide(const struct trend *t, const char *lang);
/* One organisation's trend: a row per year and group (the groups with a value in some year of
 * the span, and always all) with its rates, grades, attainment of both kinds, the source
 * (tally, history or none when nothing is known), the year's method and whether a series break
 * lies before the year ("before"). lang NULL gives codes (csv, json); "ja" or "en" gives
 * names for reading. */
struct grid *view_trend_org(const struct trend_org *t, const char *lang);

#endif
