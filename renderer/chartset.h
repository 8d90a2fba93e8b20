/*
 * chartset: a chart of the report made from the data — the numbers of a rate table or a
 * trend turned into the plain arrays and labels the drawing functions of chart.h take, in
 * the report's language. The same chart serves the report's figures and the chart command.
 *
 * Ownership: chartset_build() returns a chart freed with chartset_free() (which takes void *
 * so it can be handed to pdfdoc_figure as the figure's data). It copies what it needs: the
 * data may be freed before the chart.
 */
#ifndef SELFCHECK_RENDERER_CHARTSET_H
#define SELFCHECK_RENDERER_CHARTSET_H

#include <cairo.h>
#include <stdbool.h>

#include "renderer/repdata.h"
#include "renderer/template.h"

struct chartset_options {
	enum template_chart kind;
	enum template_metric metric;    /* trend, org_bars */
	enum role_group group;          /* org_bars, heatmap, org_items, answers: GROUP_ALL … */
	bool by_items;                  /* heatmap */
	const char *org;                /* organisation code: org_items (required), answers */
	const char *lang;
	const char *title;              /* NULL: the kind's own title */
	int years;                      /* trend: span ending at the data's year */
	bool bare;                      /* a figure captioned by its document: no title or note */
};

struct chartset;

/* Builds the chart. Returns 0 and *out, or -1 after reporting (an unknown organisation). */
int chartset_build(const struct repdata *d, const struct chartset_options *o,
		   struct chartset **out);
void chartset_free(void *cs);

/* Draws cs (a struct chartset *): a chart_draw_fn. */
void chartset_draw(cairo_t *cr, double width, double height, const void *cs);

/* The chart's message and every value it shows, as a text for readers who cannot see it
 * (a tagged PDF's alternative text), in the chart's language: the government-wide value and
 * the lowest, how many fall below, then each value with its name. The caller frees it. */
char *chartset_alt_text(const struct chartset *cs);

/* A height that gives every row of the chart room at the given width (points). */
double chartset_natural_height(const struct chartset *cs, double width);

#endif
