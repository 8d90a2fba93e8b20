/*
 * inspreport: the focused inspection in the report — the tables of what was inspected and why
 * (表２-６), of the government-wide results (表２-７), of one organisation's results, and the
 * values the template's text quotes (rates as whole percents, counts of systems, the reference
 * date), all from the year's questionnaire and rate table (aggregator/ratetab.h).
 *
 * Layout: rows are kinds of system in questionnaire order; a cell equal to the one above it in
 * the same column (a kind, a topic, a reason, a sub-group) continues it as one row span, and
 * sub-groups are set vertically in their own narrow column (in Japanese; English labels wrap in
 * a wider one).
 *
 * Ownership: tables are returned to the caller, who hands them to a document (pdfdoc_table)
 * or frees them (pdfdoc_table_free); strings go into the caller's buffer.
 */
#ifndef SELFCHECK_RENDERER_INSPREPORT_H
#define SELFCHECK_RENDERER_INSPREPORT_H

#include <stddef.h>

#include "aggregator/ratetab.h"
#include "renderer/pdfdoc.h"
#include "renderer/template.h"

/* 表２-６: columns kind, inspected, reason; one row per kind and topic. NULL when the
 * questionnaire has no inspection. */
struct pdfdoc_table *inspreport_items_table(const struct quest *q, const char *lang, const char *caption);

/* 表２-７: columns kind, sub-group (vertical), item, rate; one row per item, the
 * government-wide rate (systems pooled) as a whole percent. NULL when the questionnaire has no
 * inspection. */
struct pdfdoc_table *inspreport_results_table(const struct ratetab *rt, const char *lang, const char *caption);

/* One organisation's results: kind, its systems, sub-group, item, its rate, the government's;
 * the kinds it counts with at least one system. NULL when it has none. */
struct pdfdoc_table *inspreport_org_table(const struct ratetab *rt, const struct ratetab_org *org, const char *lang,
					  const char *caption);

/* The value of a focused-inspection placeholder (docs/template-format.md) for org (NULL: the
 * government), written into buf; NULL when name is not one. A kind or item the questionnaire
 * does not have gives a dash (inspreport_check reports them before anything is drawn). */
const char *inspreport_lookup(const struct ratetab *rt, const struct ratetab_org *org, const char *lang,
			      const char *name, char *buf, size_t size);

/* Checks that every focused-inspection placeholder of t names a kind or item of q, reporting
 * each one that does not at its block's TEMPLATE:LINE:COL. Nothing is checked when q has no
 * inspection (the values are dashes, and the template's conditions leave them out). Returns 0
 * or -1. */
int inspreport_check(const struct template *t, const struct quest *q);

#endif
