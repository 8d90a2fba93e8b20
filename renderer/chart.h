/*
 * chart: the report's charts, drawn with cairo and pango over plain arrays.
 *
 * One drawing function per chart kind. Each draws into any cairo context (an SVG, PNG or PDF
 * surface, or a region of a report page) inside the rectangle (0,0)-(width,height) in user
 * units, so the same code makes the stand-alone files and the figures of the PDF. The charts
 * know nothing about stores or rate tables: callers hand them numbers (percent as doubles,
 * for positions only — never compared as data), labels already formatted in the report's
 * language, and NaN for a missing value.
 *
 * Style: one font family and sizes, one colour-blind-safe palette (Okabe–Ito), groups also
 * told apart by marker shape, so a chart reads in grey print too.
 *
 * Ownership: every pointer in the input structs is borrowed for the duration of the call.
 * Functions allocate nothing that outlives them.
 */
#ifndef SELFCHECK_RENDERER_CHART_H
#define SELFCHECK_RENDERER_CHART_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/rate.h"

/* Texts common to every chart; NULL fields are left out. */
struct chart_frame {
	const char *title;
	const char *x_label;     /* axis title with unit, e.g. "実施率（％）" */
	const char *y_label;
	const char *note;        /* one line under the plot, e.g. a source or a series break */
	const char *font;        /* family, NULL: "Noto Sans CJK JP" */
};

/* Lines over fiscal years, one series per group; a series break drawn as a dashed rule
 * with its label between break_before - 1 and break_before. */
struct chart_trend {
	struct chart_frame frame;
	size_t year_count;
	const char *const *year_labels;      /* "H20年度" … */
	size_t series_count;
	const char *const *series_names;
	const double *values;                /* [s * year_count + y], percent; NaN: no value */
	const char *const *value_labels;     /* same indexing, printed by the points; may be NULL */
	int break_before;                    /* index into years; -1: no break */
	const char *break_label;
};

/* Horizontal bars, one per organisation, over the grade bands of the grade scale (A from its
 * a, drawn at least a sliver wide when a is 100; B from b, C from c, D below). The value axis starts at 0 when a value (or the reference) is below 50, else
 * at a multiple of 10 below the lowest of them, and then shows a break mark at its start. */
struct chart_bars {
	struct chart_frame frame;
	size_t count;
	const char *const *labels;
	const double *values;                /* percent; NaN: no value */
	const char *const *value_labels;     /* printed at the bar end; may be NULL */
	double reference;                    /* government-wide value drawn as a rule; NaN none */
	const char *reference_label;
	const char *band_labels[4];          /* "Ａ" … "Ｄ"; NULL: no bands */
	const struct grade_scale *scale;     /* where the bands start; NULL: RATE_DEFAULT_SCALE */
	const char *missing_label;           /* printed in place of a missing bar; may be NULL */
};

/* A grid of rates: rows (organisations) × columns (categories or items). */
struct chart_heatmap {
	struct chart_frame frame;
	size_t rows, cols;
	const char *const *row_labels;
	const char *const *col_labels;
	const double *values;                /* [r * cols + c], percent; NaN: no value */
	const char *const *cell_labels;      /* same indexing; may be NULL */
	const char *missing_label;           /* legend text for a missing cell */
};

/* Organisations placed by their two grades: rows grasp A..D, columns implementation A..D. */
struct chart_grade_matrix {
	struct chart_frame frame;
	size_t count;
	const char *const *names;
	const char *grasp;                   /* 'A'..'D' per organisation, 0: none */
	const char *implementation;
	const char *grade_labels[4];
	const char *count_suffix;            /* after a cell's count, e.g. "機関"; may be NULL */
};

/* One organisation's rates per item (or category) as bars, with the government-wide value
 * of each as a marker; bars below that value are highlighted. */
struct chart_items {
	struct chart_frame frame;
	size_t count;
	const char *const *labels;
	const double *values;                /* percent; NaN: no value */
	const double *reference;             /* government-wide, same indexing; may be NULL */
	const char *const *value_labels;     /* may be NULL */
	const char *value_legend;            /* legend texts */
	const char *reference_legend;
	const char *below_legend;
	/* The value axis starts at a multiple of 10 at least 5 below the lowest value shown (0 at
	 * the lowest). With axis_shared, the lowest is axis_low, so that the charts of several
	 * organisations share one scale; without, the lowest of values and reference. */
	bool axis_shared;
	double axis_low;
};

/* 100% stacked bars, one per survey round (or group); each segment labelled with its own
 * rounded value. The legend numbers the options and lists the highest number at the top. */
struct chart_stacked {
	struct chart_frame frame;
	size_t bar_count;
	const char *const *bar_labels;       /* "H23" */
	const char *const *bar_sublabels;    /* "(N=194)"; may be NULL */
	size_t option_count;
	const char *const *option_labels;
	const double *values;                /* [b * option_count + o], percent */
	const char *const *value_labels;     /* same indexing; NULL: integer percent + "%" */
	const char *marker;                  /* above the legend, e.g. "※複数選択可"; may be NULL */
	/* brackets beside the last bar grouping options first..last under a label */
	const struct chart_bracket *brackets;
	size_t bracket_count;
};

struct chart_bracket {
	size_t first, last;                  /* option indices, first <= last */
	const char *label;
};

void chart_draw_trend(cairo_t *cr, double width, double height, const struct chart_trend *c);
void chart_draw_bars(cairo_t *cr, double width, double height, const struct chart_bars *c);
void chart_draw_heatmap(cairo_t *cr, double width, double height, const struct chart_heatmap *c);
void chart_draw_grade_matrix(cairo_t *cr, double width, double height,
			     const struct chart_grade_matrix *c);
void chart_draw_items(cairo_t *cr, double width, double height, const struct chart_items *c);
void chart_draw_stacked(cairo_t *cr, double width, double height, const struct chart_stacked *c);

/* A drawing function with its data, so that files and report pages call any kind alike. */
typedef void (*chart_draw_fn)(cairo_t *cr, double width, double height, const void *data);

enum chart_format { CHART_FORMAT_SVG, CHART_FORMAT_PNG, CHART_FORMAT_PDF };

/* Format from the file name's extension (.svg .png .pdf, any case); -1 when none matches. */
int chart_format_from_path(const char *path);

/* Draws into a new file at path: SVG and PDF sized width × height points, PNG width ×
 * height pixels on a white background. Returns 0, or -1 after reporting through diag. */
int chart_write_file(const char *path, enum chart_format format, double width, double height,
		     chart_draw_fn draw, const void *data);

/* What a chart drew as text: the string, its box in the chart's user units (before any
 * turn) and whether it was cut short with an ellipsis. */
struct chart_text {
	const char *text;
	double x, y, width, height;
	bool ellipsized;
};

/* Calls fn(ctx, t) for every text the charts draw from now on, until called again (NULL
 * stops it), so that a caller can check what a chart shows. t and its text are valid
 * during the call only. One observer for the process; not for use across threads. */
void chart_observe_text(void (*fn)(void *ctx, const struct chart_text *t), void *ctx);

#endif
