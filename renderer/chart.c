/* chart: the report's charts (cairo + pango), one drawing function per kind. */
#include "renderer/chart.h"
#include "renderer/fontcfg.h"

#include "core/diag.h"
#include "core/outfile.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_FONT FONTCFG_JAPANESE

/* Okabe–Ito palette: distinguishable with every common colour-vision deficiency. */
static const double PALETTE[][3] = {
	{0.000, 0.447, 0.698}, /* blue */
	{0.835, 0.369, 0.000}, /* vermillion */
	{0.000, 0.620, 0.451}, /* bluish green */
	{0.000, 0.000, 0.000}, /* black */
	{0.902, 0.624, 0.000}, /* orange */
	{0.337, 0.706, 0.914}, /* sky blue */
	{0.800, 0.475, 0.655}, /* reddish purple */
	{0.941, 0.894, 0.259}, /* yellow */
};
#define PALETTE_SIZE (sizeof PALETTE / sizeof PALETTE[0])

/* Grade bands A..D: light tints, darkest for the best grade. */
#define BAND_A_SLIVER 0.4   /* percent: the width of band A when only 100% earns it */
static const double BANDS[4][3] = {
	{0.80, 0.90, 0.84}, {0.88, 0.93, 0.97}, {0.99, 0.95, 0.83}, {0.98, 0.88, 0.86},
};

static void (*observer)(void *, const struct chart_text *);
static void *observer_ctx;

enum halign { H_LEFT, H_CENTER, H_RIGHT };
enum valign { V_TOP, V_MIDDLE, V_BOTTOM };

struct text_style {
	const char *font;
	double size;
	bool bold;
	double rgb[3];
};

static const char *font_of(const struct chart_frame *f)
{
	return f->font ? f->font : DEFAULT_FONT;
}

static PangoLayout *layout_new(PangoLayout *layout, const struct text_style *st, const char *s,
			       double max_width, bool wrap, PangoAlignment align)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, st->font);
	pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(layout, s, -1);
	if (max_width > 0) {
		pango_layout_set_width(layout, (int)(max_width * PANGO_SCALE));
		if (wrap)
			pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
		else
			pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_alignment(layout, align);
	return layout;
}

/*
 * The texts of every chart drawn on one surface (a document's pages, a chart's file) are set
 * out in one pango context made for that surface, and each text in one style, width and
 * alignment once: a label measured to lay a chart out, drawn, and repeated in other charts
 * ("0%", "100%", the organisations' names) is shaped a single time. The context and the
 * layouts belong to the surface (its user data) and go with it. Drawing under a scale or a
 * rotation sets text out afresh for that transformation, as pango_cairo_create_layout does.
 */
struct surface_texts {
	PangoContext *pc;
	GHashTable *layouts;     /* key: style, width, alignment and text; value: a layout */
};

static cairo_user_data_key_t texts_key;

static void surface_texts_free(void *p)
{
	struct surface_texts *t = p;
	g_hash_table_destroy(t->layouts);
	g_object_unref(t->pc);
	free(t);
}

/* The shared texts of cr's surface, or NULL when cr's transformation is more than a shift
 * (pango sets text out for the transformation's scale and rotation, never its offset). */
static struct surface_texts *surface_texts(cairo_t *cr)
{
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0)
		return NULL;
	cairo_surface_t *target = cairo_get_target(cr);
	struct surface_texts *t = cairo_surface_get_user_data(target, &texts_key);
	if (t)
		return t;
	t = xcalloc(1, sizeof *t);
	t->pc = pango_cairo_create_context(cr);
	t->layouts = g_hash_table_new_full(g_str_hash, g_str_equal, free, g_object_unref);
	if (cairo_surface_set_user_data(target, &texts_key, t, surface_texts_free) != CAIRO_STATUS_SUCCESS) {
		surface_texts_free(t);
		return NULL;
	}
	return t;
}

/* s set out in style st (max_width > 0: wrapped or ellipsized at that width) and aligned.
 * Returns a new reference; the layout may be shared with other texts drawn on the surface, so
 * it is not to be changed. */
static PangoLayout *make_layout(cairo_t *cr, const struct text_style *st, const char *s,
				double max_width, bool wrap, PangoAlignment align)
{
	struct surface_texts *t = surface_texts(cr);
	if (!t)
		return layout_new(pango_cairo_create_layout(cr), st, s, max_width, wrap, align);
	char *key = xasprintf("%s %a %d %a %d %d %s", st->font, st->size, st->bold, max_width, wrap,
			      (int)align, s);
	PangoLayout *l = g_hash_table_lookup(t->layouts, key);
	if (l) {
		free(key);
		return g_object_ref(l);
	}
	l = layout_new(pango_layout_new(t->pc), st, s, max_width, wrap, align);
	g_hash_table_insert(t->layouts, key, g_object_ref(l));
	return l;
}

static void text_size(cairo_t *cr, const struct text_style *st, const char *s, double *w, double *h)
{
	PangoLayout *layout = make_layout(cr, st, s, 0, false, PANGO_ALIGN_LEFT);
	PangoRectangle r;
	pango_layout_get_extents(layout, NULL, &r);
	*w = (double)r.width / PANGO_SCALE;
	*h = (double)r.height / PANGO_SCALE;
	g_object_unref(layout);
}

static struct text_style fit_wrapped(cairo_t *cr, struct text_style st, const char *s,
				     double max_width, double max_height);

/* One size for a column of labels: the largest at which every one of labels[0..n) fits in
 * max_width × max_height (wrapping between words), so that neighbouring names are set alike
 * and none is smaller than the rest. */
static struct text_style fit_all(cairo_t *cr, struct text_style st, const char *const *labels, size_t n,
				 double max_width, double max_height)
{
	for (size_t i = 0; i < n; i++) {
		if (!labels[i])
			continue;
		struct text_style t = fit_wrapped(cr, st, labels[i], max_width, max_height);
		if (t.size < st.size)
			st.size = t.size;
	}
	return st;
}

/* Width of the widest of labels[0..n) and the height of one label line (fallback when n is
 * 0), both in points. */
static double widest_label(cairo_t *cr, const struct text_style *st, const char *const *labels,
			   size_t n, double fallback, double *line_height)
{
	double maxw = 0;
	*line_height = fallback;
	for (size_t i = 0; i < n; i++) {
		double w, h;
		text_size(cr, st, labels[i], &w, &h);
		maxw = fmax(maxw, w);
		*line_height = h;
	}
	return maxw;
}

/* Draws s anchored at (x, y); max_width > 0 ellipsizes (or wraps when wrap) at that width.
 * angle in radians turns the text around the anchor. Returns the height drawn. */
static double text_at(cairo_t *cr, const struct text_style *st, const char *s, double x, double y,
		      enum halign ha, enum valign va, double max_width, bool wrap, double angle)
{
	if (!s || !*s)
		return 0;
	/* the layout measured for the same text and style, if it was */
	PangoAlignment align = max_width > 0 && wrap ? (ha == H_CENTER ? PANGO_ALIGN_CENTER
							: ha == H_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT)
						     : PANGO_ALIGN_LEFT;
	PangoLayout *layout = make_layout(cr, st, s, max_width, wrap, align);
	PangoRectangle r;
	pango_layout_get_extents(layout, NULL, &r);
	double w = (double)r.width / PANGO_SCALE, h = (double)r.height / PANGO_SCALE;
	double ox = (double)r.x / PANGO_SCALE;
	if (max_width > 0 && wrap) {
		w = max_width;
		ox = 0;
	}
	double dx = ha == H_LEFT ? 0 : ha == H_CENTER ? -w / 2 : -w;
	double dy = va == V_TOP ? 0 : va == V_MIDDLE ? -h / 2 : -h;
	if (observer) {
		struct chart_text t = {s, x + dx, y + dy, w, h,
				       pango_layout_is_ellipsized(layout) != 0};
		observer(observer_ctx, &t);
	}
	cairo_save(cr);
	cairo_translate(cr, x, y);
	if (angle != 0)
		cairo_rotate(cr, angle);
	cairo_move_to(cr, dx - ox, dy);
	cairo_set_source_rgb(cr, st->rgb[0], st->rgb[1], st->rgb[2]);
	pango_cairo_show_layout(cr, layout);
	cairo_restore(cr);
	g_object_unref(layout);
	return h;
}


void chart_observe_text(void (*fn)(void *ctx, const struct chart_text *t), void *ctx)
{
	observer = fn;
	observer_ctx = ctx;
}

static struct text_style style(const struct chart_frame *f, double size, bool bold, double grey)
{
	/* a few fixed sizes, the ones the report's pages use too: every distinct size costs its
	 * own set of glyphs loaded from the fonts */
	static const double ladder[] = {6.5, 7, 8, 8.5, 9.5, 11, 12.5, 15};
	double snapped = ladder[0];
	for (size_t i = 0; i < sizeof ladder / sizeof ladder[0]; i++)
		if (fabs(ladder[i] - size) < fabs(snapped - size))
			snapped = ladder[i];
	struct text_style st = {font_of(f), snapped, bold, {grey, grey, grey}};
	return st;
}

/* st at the largest size (down to 4 points) at which s, wrapped at max_width, is no taller
 * than max_height, or than one line at st's size: a text on one line keeps its size. */
static struct text_style fit_wrapped(cairo_t *cr, struct text_style st, const char *s,
				     double max_width, double max_height)
{
	double one_w, one_h;
	text_size(cr, &st, s, &one_w, &one_h);
	max_height = fmax(max_height, one_h);
	while (st.size > 4) {
		PangoLayout *l = make_layout(cr, &st, s, max_width, true, PANGO_ALIGN_LEFT);
		PangoRectangle r;
		pango_layout_get_extents(l, NULL, &r);
		g_object_unref(l);
		if ((double)r.height / PANGO_SCALE <= max_height)
			break;
		st.size -= 0.25;
	}
	return st;
}

/* Scale of text to the chart's size, so a small PNG and a full-width figure both read. */
static double base_size(double width, double height)
{
	double m = fmin(width, height * 1.4);
	double s = m / 42.0;
	return fmax(6.5, fmin(s, 11.0));
}

struct plot {
	double x0, y0, x1, y1;   /* the plotting rectangle */
	double fs;               /* base font size */
	double legend_y;         /* middle of the legend row under the axis title */
};

/* Draws the white background, title, axis titles and note; returns the space left for
 * the plot (before tick labels, which each chart places itself). */
static struct plot frame_draw_legend(cairo_t *cr, double width, double height,
				     const struct chart_frame *f, double left_extra,
				     double bottom_extra, double legend_h)
{
	struct plot p;
	p.fs = base_size(width, height);
	double pad = p.fs * 0.8;
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, width, height);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_fill(cr);
	cairo_restore(cr);

	double top = pad;
	if (f->title && *f->title) {
		struct text_style st = style(f, p.fs * 1.25, true, 0.1);
		top += text_at(cr, &st, f->title, width / 2, top, H_CENTER, V_TOP, width - 2 * pad,
			       true, 0) + pad * 0.6;
	}
	double bottom = height - pad;
	if (f->note && *f->note) {
		struct text_style st = style(f, p.fs * 0.85, false, 0.3);
		PangoLayout *l = make_layout(cr, &st, f->note, width - 2 * pad, true, PANGO_ALIGN_LEFT);
		PangoRectangle r;
		pango_layout_get_extents(l, NULL, &r);
		g_object_unref(l);
		bottom -= (double)r.height / PANGO_SCALE;
		text_at(cr, &st, f->note, pad, bottom, H_LEFT, V_TOP, width - 2 * pad, true, 0);
		bottom -= pad * 0.4;
	}
	p.legend_y = bottom - legend_h / 2;
	bottom -= legend_h;
	double xl_y = -1;
	if (f->x_label && *f->x_label) {
		struct text_style st = style(f, p.fs, false, 0.2);
		double w, h;
		text_size(cr, &st, f->x_label, &w, &h);
		bottom -= h;
		xl_y = bottom;
		bottom -= pad * 0.3;
	}
	double left = pad;
	if (f->y_label && *f->y_label) {
		struct text_style st = style(f, p.fs, false, 0.2);
		double w, h;
		text_size(cr, &st, f->y_label, &w, &h);
		double plot_mid = (top + bottom - bottom_extra) / 2;
		text_at(cr, &st, f->y_label, left, plot_mid, H_CENTER, V_TOP, 0, false, -M_PI / 2);
		left += h + pad * 0.4;
	}
	p.x0 = left + left_extra;
	p.y0 = top;
	p.x1 = width - pad * 1.5;
	p.y1 = bottom - bottom_extra;
	if (p.x1 < p.x0 + 10)
		p.x1 = p.x0 + 10;
	if (p.y1 < p.y0 + 10)
		p.y1 = p.y0 + 10;
	if (xl_y >= 0) {
		struct text_style st = style(f, p.fs, false, 0.2);
		text_at(cr, &st, f->x_label, (p.x0 + p.x1) / 2, xl_y, H_CENTER, V_TOP, 0, false, 0);
	}
	return p;
}

static struct plot frame_draw(cairo_t *cr, double width, double height,
			      const struct chart_frame *f, double left_extra, double bottom_extra)
{
	return frame_draw_legend(cr, width, height, f, left_extra, bottom_extra, 0);
}

static void set_rgb(cairo_t *cr, const double rgb[3])
{
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

/* Marker shapes, so series differ without colour. */
static void marker(cairo_t *cr, int shape, double x, double y, double r)
{
	switch (shape % 4) {
	case 0:
		cairo_new_sub_path(cr);
		cairo_arc(cr, x, y, r, 0, 2 * M_PI);
		break;
	case 1:
		cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
		break;
	case 2:
		cairo_move_to(cr, x, y - r * 1.15);
		cairo_line_to(cr, x + r * 1.1, y + r * 0.8);
		cairo_line_to(cr, x - r * 1.1, y + r * 0.8);
		cairo_close_path(cr);
		break;
	default:
		cairo_move_to(cr, x, y - r * 1.25);
		cairo_line_to(cr, x + r * 1.1, y);
		cairo_line_to(cr, x, y + r * 1.25);
		cairo_line_to(cr, x - r * 1.1, y);
		cairo_close_path(cr);
		break;
	}
}

/* A "nice" tick step for a span of percent. */
static double nice_step(double span, int max_ticks)
{
	static const double steps[] = {0.5, 1, 2, 2.5, 5, 10, 20, 25, 50};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (span / steps[i] <= max_ticks)
			return steps[i];
	return 100;
}

/* ------------------------------------------------------------------ trend */

static void draw_trend(cairo_t *cr, double width, double height, const struct chart_trend *c)
{
	const struct chart_frame *f = &c->frame;
	double fs = base_size(width, height);
	struct text_style tick = style(f, fs * 0.9, false, 0.25);

	/* Value range: zoom to the data (rates cluster near 100), rounded to a tick. */
	double lo = 100, hi = 0;
	size_t n = c->year_count * c->series_count;
	for (size_t i = 0; i < n; i++) {
		if (isnan(c->values[i]))
			continue;
		lo = fmin(lo, c->values[i]);
		hi = fmax(hi, c->values[i]);
	}
	if (lo > hi)
		lo = 0, hi = 100;
	double step = nice_step(fmax(100 - lo, 1) * 1.2, 6);
	double ymin = floor((lo - step * 0.5) / step) * step;
	if (ymin < 0)
		ymin = 0;
	double ymax = 100;

	double lw, lh;
	text_size(cr, &tick, "100.0", &lw, &lh);
	double legend_h = lh * 1.6;
	struct plot p = frame_draw_legend(cr, width, height, f, lw + fs * 0.6, lh * 1.6, legend_h);

	double x_of_step = c->year_count > 1 ? (p.x1 - p.x0) / (double)c->year_count : 0;
	double y_scale = (p.y1 - p.y0) / (ymax - ymin);
#define YPOS(v) (p.y1 - ((v) - ymin) * y_scale)
#define XPOS(i) (p.x0 + x_of_step * ((double)(i) + 0.5))

	/* grid and y ticks */
	cairo_set_line_width(cr, 0.5);
	for (double v = ymin; v <= ymax + 1e-9; v += step) {
		cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
		cairo_move_to(cr, p.x0, YPOS(v));
		cairo_line_to(cr, p.x1, YPOS(v));
		cairo_stroke(cr);
		char buf[16];
		snprintf(buf, sizeof buf, step < 1 ? "%.1f" : "%.0f", v);
		text_at(cr, &tick, buf, p.x0 - fs * 0.4, YPOS(v), H_RIGHT, V_MIDDLE, 0, false, 0);
	}
	/* axes */
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, p.x0, p.y0);
	cairo_line_to(cr, p.x0, p.y1);
	cairo_line_to(cr, p.x1, p.y1);
	cairo_stroke(cr);
	if (ymin > 0) {
		/* the axis does not start at zero: mark it with a break sign */
		double y = p.y1 - fs * 0.6;
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, p.x0 - 3, y - 2, 6, 4);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		cairo_move_to(cr, p.x0 - 4, y - 0.5);
		cairo_line_to(cr, p.x0 + 4, y - 3.5);
		cairo_move_to(cr, p.x0 - 4, y + 3.5);
		cairo_line_to(cr, p.x0 + 4, y + 0.5);
		cairo_stroke(cr);
	}
	/* x labels */
	for (size_t y = 0; y < c->year_count; y++)
		text_at(cr, &tick, c->year_labels[y], XPOS(y), p.y1 + fs * 0.3, H_CENTER, V_TOP,
			x_of_step, false, 0);

	/* series break */
	if (c->break_before > 0 && (size_t)c->break_before < c->year_count) {
		double bx = (XPOS(c->break_before - 1) + XPOS(c->break_before)) / 2;
		static const double dash[] = {4, 3};
		cairo_save(cr);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, bx, p.y0);
		cairo_line_to(cr, bx, p.y1);
		cairo_stroke(cr);
		cairo_restore(cr);
		if (c->break_label) {
			struct text_style bs = style(f, fs * 0.8, false, 0.3);
			/* at the foot of the plot, where rates near 100 leave room */
			text_at(cr, &bs, c->break_label, bx + fs * 0.3, p.y1 - fs * 0.3, H_LEFT,
				V_BOTTOM, x_of_step * 0.9, true, 0);
		}
	}

	/* series: lines broken at the series break and at missing values */
	for (size_t s = 0; s < c->series_count; s++) {
		const double *rgb = PALETTE[s % PALETTE_SIZE];
		cairo_set_line_width(cr, 1.6);
		set_rgb(cr, rgb);
		bool open = false;
		for (size_t y = 0; y < c->year_count; y++) {
			double v = c->values[s * c->year_count + y];
			bool cut = c->break_before >= 0 && (size_t)c->break_before == y;
			if (isnan(v) || cut) {
				if (open)
					cairo_stroke(cr);
				open = false;
				if (isnan(v))
					continue;
			}
			if (!open) {
				cairo_move_to(cr, XPOS(y), YPOS(v));
				open = true;
			} else {
				cairo_line_to(cr, XPOS(y), YPOS(v));
			}
		}
		if (open)
			cairo_stroke(cr);
		for (size_t y = 0; y < c->year_count; y++) {
			double v = c->values[s * c->year_count + y];
			if (isnan(v))
				continue;
			set_rgb(cr, rgb);
			marker(cr, (int)s, XPOS(y), YPOS(v), fs * 0.35);
			cairo_fill(cr);
		}
	}
	/* value labels of the last year, right of the points, nudged apart */
	if (c->value_labels && c->year_count > 0) {
		size_t y = c->year_count - 1;
		double placed[16];
		size_t np = 0;
		for (size_t s = 0; s < c->series_count && np < 16; s++) {
			double v = c->values[s * c->year_count + y];
			const char *lab = c->value_labels[s * c->year_count + y];
			if (isnan(v) || !lab)
				continue;
			double ly = YPOS(v);
			for (size_t k = 0; k < np; k++)
				if (fabs(placed[k] - ly) < lh)
					ly = placed[k] + (ly >= placed[k] ? lh : -lh);
			placed[np++] = ly;
			struct text_style vs = style(f, fs * 0.8, false, 0);
			memcpy(vs.rgb, PALETTE[s % PALETTE_SIZE], sizeof vs.rgb);
			text_at(cr, &vs, lab, XPOS(y) + fs * 0.6, ly, H_LEFT, V_MIDDLE, 0, false, 0);
		}
	}

	/* legend: one row under the x labels */
	double lx = p.x0, ly = p.legend_y;
	struct text_style ls = style(f, fs * 0.9, false, 0.15);
	for (size_t s = 0; s < c->series_count; s++) {
		const double *rgb = PALETTE[s % PALETTE_SIZE];
		set_rgb(cr, rgb);
		cairo_set_line_width(cr, 1.6);
		cairo_move_to(cr, lx, ly);
		cairo_line_to(cr, lx + fs * 1.8, ly);
		cairo_stroke(cr);
		marker(cr, (int)s, lx + fs * 0.9, ly, fs * 0.35);
		cairo_fill(cr);
		double w, h;
		text_size(cr, &ls, c->series_names[s], &w, &h);
		text_at(cr, &ls, c->series_names[s], lx + fs * 2.2, ly, H_LEFT, V_MIDDLE, 0, false, 0);
		lx += fs * 3.2 + w;
	}
#undef YPOS
#undef XPOS
}

/* ------------------------------------------------------------------ bars */

/* A break mark (two short slanted strokes) on the value axis at x: the axis does not start
 * at zero. */
static void axis_break(cairo_t *cr, double x, double y, double fs)
{
	double d = fs * 0.35;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x + d * 0.4, y - d, d * 1.2, d * 2);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 0.8);
	for (int k = 0; k < 2; k++) {
		double bx = x + d * 0.4 + k * d * 1.2;
		cairo_move_to(cr, bx - d * 0.4, y + d);
		cairo_line_to(cr, bx + d * 0.4, y - d);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_bars(cairo_t *cr, double width, double height, const struct chart_bars *c)
{
	const struct chart_frame *f = &c->frame;
	double fs = base_size(width, height);
	struct text_style lab = style(f, fs * 0.9, false, 0.15);
	double lh;
	double maxw = widest_label(cr, &lab, c->labels, c->count, fs, &lh);
	maxw = fmin(maxw, width * 0.5);
	/* under the tick labels, a row of its own for the reference's label, so that it never
	 * prints over the axis title */
	bool ref_label = !isnan(c->reference) && c->reference_label && *c->reference_label;
	struct plot p = frame_draw(cr, width, height, f, maxw + fs * 0.5,
				   lh * 1.4 + (ref_label ? lh * 1.1 : 0));
	if (c->band_labels[0])
		p.y0 += lh * 1.1; /* room for the band letters above the plot */
	/* the axis starts where the data does: at 0 when anything is below 50 */
	double lo = isnan(c->reference) ? 100 : c->reference;
	for (size_t i = 0; i < c->count; i++)
		if (!isnan(c->values[i]))
			lo = fmin(lo, c->values[i]);
	double xmin = lo < 50 ? 0 : fmax(0, floor((lo - 5) / 10) * 10);
	double x_scale = (p.x1 - p.x0) / (100 - xmin);
#define XPOS(v) (p.x0 + ((v) - xmin) * x_scale)
	double row = c->count ? (p.y1 - p.y0) / (double)c->count : 0;
	/* names too long for the label column wrap; all at the size the longest allows */
	struct text_style names = fit_all(cr, lab, c->labels, c->count, maxw, row);

	/* grade bands behind the bars, each lettered in the middle of its visible part */
	if (c->band_labels[0]) {
		const struct grade_scale *sc = c->scale ? c->scale : &RATE_DEFAULT_SCALE;
		/* A at 100 only (the default) would have no width: it gets the last sliver */
		double a = fmin(sc->a / 10.0, 100 - BAND_A_SLIVER);
		const double from[4] = {a, sc->b / 10.0, sc->c / 10.0, 0}, to[4] = {100, a, sc->b / 10.0, sc->c / 10.0};
		struct text_style bs = style(f, fs * 0.9, true, 0.35);
		for (int b = 0; b < 4; b++) {
			double lo_b = fmax(from[b], xmin);
			if (lo_b >= to[b])
				continue;
			set_rgb(cr, BANDS[b]);
			cairo_rectangle(cr, XPOS(lo_b), p.y0, (to[b] - lo_b) * x_scale, p.y1 - p.y0);
			cairo_fill(cr);
			double mid = b == 0 ? p.x1 : (XPOS(lo_b) + XPOS(to[b])) / 2;
			text_at(cr, &bs, c->band_labels[b], mid, p.y0 - fs * 0.1, H_CENTER, V_BOTTOM,
				0, false, 0);
		}
	}
	/* x grid and ticks */
	struct text_style tick = style(f, fs * 0.85, false, 0.25);
	double step = xmin > 0 ? nice_step(100 - xmin, 6) : 20;
	cairo_set_line_width(cr, 0.5);
	for (double v = xmin; v <= 100 + 1e-9; v += step) {
		cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
		cairo_move_to(cr, XPOS(v), p.y0);
		cairo_line_to(cr, XPOS(v), p.y1);
		cairo_stroke(cr);
		char buf[16];
		snprintf(buf, sizeof buf, "%.0f", v);
		text_at(cr, &tick, buf, XPOS(v), p.y1 + fs * 0.2, H_CENTER, V_TOP, 0, false, 0);
	}
	/* bars */
	struct text_style vs = style(f, fs * 0.75, false, 0.1);
	for (size_t i = 0; i < c->count; i++) {
		double y = p.y0 + row * (double)i;
		/* a name too long for the label column wraps, smaller when it needs more lines */
		struct text_style ls = names;
		text_at(cr, &ls, c->labels[i], p.x0 - fs * 0.4, y + row / 2, H_RIGHT, V_MIDDLE,
			maxw, true, 0);
		double v = c->values[i];
		if (isnan(v)) {
			if (c->missing_label)
				text_at(cr, &vs, c->missing_label, p.x0 + fs * 0.3, y + row / 2, H_LEFT,
					V_MIDDLE, 0, false, 0);
			continue;
		}
		set_rgb(cr, PALETTE[0]);
		cairo_rectangle(cr, p.x0, y + row * 0.18, (v - xmin) * x_scale, row * 0.64);
		cairo_fill(cr);
		if (c->value_labels && c->value_labels[i]) {
			double w, h;
			text_size(cr, &vs, c->value_labels[i], &w, &h);
			/* inside the bar's end in white when there is room, else outside; never
			 * across the reference rule: left of it when the rule crosses the bar's end */
			double end = XPOS(v) - fs * 0.3;
			if (!isnan(c->reference)) {
				double rx = XPOS(c->reference);
				if (rx <= end + fs * 0.2 && rx >= end - w - fs * 0.2)
					end = rx - fs * 0.3;
			}
			if (end - p.x0 > w + fs * 0.7) {
				struct text_style in = vs;
				in.rgb[0] = in.rgb[1] = in.rgb[2] = 1;
				text_at(cr, &in, c->value_labels[i], end, y + row / 2, H_RIGHT,
					V_MIDDLE, 0, false, 0);
			} else {
				text_at(cr, &vs, c->value_labels[i], XPOS(v) + fs * 0.3,
					y + row / 2, H_LEFT, V_MIDDLE, 0, false, 0);
			}
		}
	}
	/* government-wide reference */
	if (!isnan(c->reference)) {
		static const double dash[] = {3, 2};
		double x = XPOS(c->reference);
		cairo_save(cr);
		cairo_set_dash(cr, dash, 2, 0);
		set_rgb(cr, PALETTE[1]);
		cairo_set_line_width(cr, 1.2);
		cairo_move_to(cr, x, p.y0);
		cairo_line_to(cr, x, p.y1);
		cairo_stroke(cr);
		cairo_restore(cr);
		if (c->reference_label) {
			struct text_style rs = style(f, fs * 0.8, false, 0);
			memcpy(rs.rgb, PALETTE[1], sizeof rs.rgb);
			text_at(cr, &rs, c->reference_label, x - fs * 0.3, p.y1 + fs * 0.2 + lh,
				H_RIGHT, V_TOP, 0, false, 0);
		}
	}
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, p.x0, p.y0);
	cairo_line_to(cr, p.x0, p.y1);
	cairo_line_to(cr, p.x1, p.y1);
	cairo_stroke(cr);
	if (xmin > 0)
		axis_break(cr, p.x0, p.y1, fs);
#undef XPOS
}

/* ------------------------------------------------------------------ heat map */

/* Sequential ramp (light yellow → dark blue), readable with colour-vision deficiencies. */
/* Sequential single-hue ramp, pale for a full rate to deep blue for the lowest: readable
 * with colour-vision deficiencies and in grey print. t = 0 is the best value. */
static void ramp(double t, double rgb[3])
{
	static const double stops[5][3] = {
		{0.969, 0.984, 1.000}, {0.776, 0.859, 0.937}, {0.420, 0.682, 0.839},
		{0.129, 0.443, 0.710}, {0.031, 0.188, 0.420},
	};
	t = fmin(fmax(t, 0), 1);
	double x = t * 4;
	int i = (int)floor(x);
	if (i >= 4)
		i = 3;
	double u = x - i;
	for (int k = 0; k < 3; k++)
		rgb[k] = stops[i][k] * (1 - u) + stops[i + 1][k] * u;
}

static void draw_heatmap(cairo_t *cr, double width, double height, const struct chart_heatmap *c)
{
	const struct chart_frame *f = &c->frame;
	double fs = base_size(width, height);
	struct text_style lab = style(f, fs * 0.85, false, 0.15);
	double lh;
	double maxw = widest_label(cr, &lab, c->row_labels, c->rows, fs, &lh);
	maxw = fmin(maxw, width * 0.5);
	/* column labels are drawn turned, up to a height budget */
	double colh = 0;
	for (size_t k = 0; k < c->cols; k++) {
		double w, h;
		text_size(cr, &lab, c->col_labels[k], &w, &h);
		colh = fmax(colh, w);
	}
	colh = fmin(colh, height * 0.3);
	double legend_h = lh * 2.2;
	struct plot p = frame_draw(cr, width, height, f, maxw + fs * 0.5, legend_h);
	p.y0 += colh + fs * 0.4;
	double cw = c->cols ? (p.x1 - p.x0) / (double)c->cols : 0;
	double rh = c->rows ? (p.y1 - p.y0) / (double)c->rows : 0;

	double lo = 100;
	for (size_t i = 0; i < c->rows * c->cols; i++)
		if (!isnan(c->values[i]))
			lo = fmin(lo, c->values[i]);
	lo = floor(fmin(lo, 95) / 5) * 5;
	if (lo >= 100)
		lo = 95;

	/* heads turned, wrapped within the column (smaller when they need more lines) */
	for (size_t k = 0; k < c->cols; k++) {
		struct text_style hs = fit_wrapped(cr, lab, c->col_labels[k], colh, cw * 0.95);
		text_at(cr, &hs, c->col_labels[k], p.x0 + cw * ((double)k + 0.5), p.y0 - fs * 0.3,
			H_LEFT, V_MIDDLE, colh, true, -M_PI / 2);
	}
	struct text_style cs = style(f, fmin(fs * 0.75, rh * 0.55), false, 0);
	/* a name too long for the label column wraps; all names at the size the longest allows */
	struct text_style rs = fit_all(cr, lab, c->row_labels, c->rows, maxw, rh);
	for (size_t r = 0; r < c->rows; r++) {
		double y = p.y0 + rh * (double)r;
		text_at(cr, &rs, c->row_labels[r], p.x0 - fs * 0.4, y + rh / 2, H_RIGHT, V_MIDDLE,
			maxw, true, 0);
		for (size_t k = 0; k < c->cols; k++) {
			double v = c->values[r * c->cols + k];
			double x = p.x0 + cw * (double)k;
			double rgb[3];
			if (isnan(v)) {
				rgb[0] = rgb[1] = rgb[2] = 0.93;
			} else {
				ramp((100 - v) / (100 - lo), rgb);
			}
			set_rgb(cr, rgb);
			cairo_rectangle(cr, x, y, cw, rh);
			cairo_fill(cr);
			if (c->cell_labels && c->cell_labels[r * c->cols + k] && cw > fs * 2.2) {
				double lum = 0.3 * rgb[0] + 0.59 * rgb[1] + 0.11 * rgb[2];
				struct text_style t = cs;
				t.rgb[0] = t.rgb[1] = t.rgb[2] = lum < 0.5 ? 1 : 0;
				text_at(cr, &t, c->cell_labels[r * c->cols + k], x + cw / 2, y + rh / 2,
					H_CENTER, V_MIDDLE, cw, false, 0);
			}
		}
	}
	cairo_set_source_rgb(cr, 0.78, 0.78, 0.78);
	cairo_set_line_width(cr, 0.5);
	for (size_t r = 0; r <= c->rows; r++) {
		cairo_move_to(cr, p.x0, p.y0 + rh * (double)r);
		cairo_line_to(cr, p.x1, p.y0 + rh * (double)r);
	}
	for (size_t k = 0; k <= c->cols; k++) {
		cairo_move_to(cr, p.x0 + cw * (double)k, p.y0);
		cairo_line_to(cr, p.x0 + cw * (double)k, p.y1);
	}
	cairo_stroke(cr);

	/* colour legend, leaving room on its right for the missing cell's key */
	struct text_style tick = style(f, fs * 0.8, false, 0.25);
	double mw = 0;
	if (c->missing_label) {
		double h;
		text_size(cr, &tick, c->missing_label, &mw, &h);
		mw += fs * 1.5 + lh;
	}
	double ly = p.y1 + lh * 0.6, lx = p.x0;
	double lw = fmax(fmin(p.x1 - p.x0 - mw, fs * 24), fs * 6);
	for (int i = 0; i < 50; i++) {
		double rgb[3];
		ramp(1 - i / 49.0, rgb); /* left: lowest value */
		set_rgb(cr, rgb);
		cairo_rectangle(cr, lx + lw * i / 50.0, ly, lw / 50.0 + 0.3, lh * 0.6);
		cairo_fill(cr);
	}
	char buf[32];
	snprintf(buf, sizeof buf, "%.0f", lo);
	text_at(cr, &tick, buf, lx, ly + lh * 0.65, H_LEFT, V_TOP, 0, false, 0);
	text_at(cr, &tick, "100", lx + lw, ly + lh * 0.65, H_RIGHT, V_TOP, 0, false, 0);
	if (c->missing_label) {
		cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
		cairo_rectangle(cr, lx + lw + fs * 1.5, ly, lh * 0.9, lh * 0.6);
		cairo_fill(cr);
		text_at(cr, &tick, c->missing_label, lx + lw + fs * 1.5 + lh, ly + lh * 0.3, H_LEFT,
			V_MIDDLE, 0, false, 0);
	}
}

/* ------------------------------------------------------------------ grade matrix */

/* Lays out (draw false: only measures) the names of one cell in centred lines that break
 * between names; a name wider than the cell wraps on lines of its own. Returns the height
 * used. */
static double cell_names_at(cairo_t *cr, const struct text_style *ns,
			    const struct chart_grade_matrix *c, char grasp, char implementation,
			    double x, double y, double w, bool draw)
{
	double gap = ns->size * 0.8, line_h = ns->size * 1.45, y0 = y;
	size_t i = 0;
	while (i < c->count) {
		size_t line[64], k = 0;
		double lw = 0;
		for (; i < c->count && k < 64; i++) {
			if (c->grasp[i] != grasp || c->implementation[i] != implementation)
				continue;
			double nw, nh;
			text_size(cr, ns, c->names[i], &nw, &nh);
			if (nw > w) {
				if (k)
					break; /* ends the line; wrapped alone next */
				PangoLayout *l = make_layout(cr, ns, c->names[i], w, true, PANGO_ALIGN_LEFT);
				PangoRectangle r;
				pango_layout_get_extents(l, NULL, &r);
				int lines = pango_layout_get_line_count(l);
				g_object_unref(l);
				if (draw)
					text_at(cr, ns, c->names[i], x + w / 2, y, H_CENTER, V_TOP, w,
						true, 0);
				y += line_h * (lines > 0 ? lines : 1);
				i++;
				goto next_line;
			}
			if (k && lw + gap + nw > w)
				break;
			lw += (k ? gap : 0) + nw;
			line[k++] = i;
		}
		if (!k)
			break;
		if (draw) {
			double lx = x + (w - lw) / 2;
			for (size_t m = 0; m < k; m++) {
				double nw, nh;
				text_size(cr, ns, c->names[line[m]], &nw, &nh);
				text_at(cr, ns, c->names[line[m]], lx, y, H_LEFT, V_TOP, 0, false, 0);
				lx += nw + gap;
			}
		}
		y += line_h;
next_line:;
	}
	return y - y0;
}

/* The names of one cell, every one of them: at size when they fit above bottom, else at the
 * largest smaller size that fits (never dropping a name). */
static void cell_names(cairo_t *cr, const struct chart_frame *f, const struct chart_grade_matrix *c,
		       char grasp, char implementation, double x, double y, double w, double bottom,
		       double size)
{
	struct text_style ns = style(f, size, false, 0.1);
	while (ns.size > 3.0 &&
	       cell_names_at(cr, &ns, c, grasp, implementation, x, y, w, false) > bottom - y)
		ns.size -= 0.25;
	cell_names_at(cr, &ns, c, grasp, implementation, x, y, w, true);
}

static void draw_grade_matrix(cairo_t *cr, double width, double height,
			     const struct chart_grade_matrix *c)
{
	const struct chart_frame *f = &c->frame;
	double fs = base_size(width, height);
	struct text_style head = style(f, fs * 1.1, true, 0.15);
	double gw, gh;
	text_size(cr, &head, "Ｄ", &gw, &gh);
	struct plot p = frame_draw(cr, width, height, f, gw + fs, gh + fs * 0.4);
	/* the x title goes above the grid (implementation), so the grid starts lower */
	double cw = (p.x1 - p.x0) / 4;
	/* Each row of grades is as tall as its fullest cell needs at the names' own size (rows
	 * with few names give their room to a crowded one); what is left is shared evenly. When
	 * the names need more than the grid has, the rows keep their shares of it and the names
	 * of a crowded cell get smaller (cell_names). */
	double names_size = fs * 0.66, row_h[4], total = p.y1 - p.y0, sum = 0;
	struct text_style count_style = style(f, fs * 1.2, true, 0.05);
	double count_w, count_h;
	text_size(cr, &count_style, "0", &count_w, &count_h);
	struct text_style ns = style(f, names_size, false, 0.1);
	for (int r = 0; r < 4; r++) {
		double most = 0;
		for (int k = 0; k < 4; k++)
			most = fmax(most, cell_names_at(cr, &ns, c, 'A' + r, 'A' + k, 0, 0, cw - fs * 0.6, false));
		row_h[r] = fs * 0.3 + count_h + (most > 0 ? fs * 0.5 + most : 0) + fs * 0.5;
		sum += row_h[r];
	}
	for (int r = 0; r < 4; r++)
		row_h[r] = sum <= total ? row_h[r] + (total - sum) / 4 : row_h[r] * total / sum;
	double row_y[5];
	row_y[0] = p.y0;
	for (int r = 0; r < 4; r++)
		row_y[r + 1] = row_y[r] + row_h[r];
	for (int r = 0; r < 4; r++) {
		double ch = row_h[r];
		for (int k = 0; k < 4; k++) {
			double x = p.x0 + cw * k, y = row_y[r];
			int worst = r > k ? r : k;
			set_rgb(cr, BANDS[worst]);
			cairo_rectangle(cr, x, y, cw, ch);
			cairo_fill(cr);
			unsigned n = 0;
			for (size_t i = 0; i < c->count; i++)
				n += c->grasp[i] == 'A' + r && c->implementation[i] == 'A' + k;
			char count[64];
			snprintf(count, sizeof count, "%u%s", n, c->count_suffix ? c->count_suffix : "");
			struct text_style cs = style(f, fs * 1.2, true, n ? 0.05 : 0.6);
			double used = text_at(cr, &cs, count, x + cw / 2, y + fs * 0.3, H_CENTER, V_TOP,
					      0, false, 0);
			if (n)
				cell_names(cr, f, c, 'A' + r, 'A' + k, x + fs * 0.3, y + used + fs * 0.5,
					   cw - fs * 0.6, y + ch - fs * 0.3, names_size);
		}
		text_at(cr, &head, c->grade_labels[r], p.x0 - fs * 0.5, row_y[r] + ch / 2, H_RIGHT,
			V_MIDDLE, 0, false, 0);
	}
	for (int k = 0; k < 4; k++)
		text_at(cr, &head, c->grade_labels[k], p.x0 + cw * (k + 0.5), p.y1 + fs * 0.3,
			H_CENTER, V_TOP, 0, false, 0);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_width(cr, 2);
	for (int i = 1; i < 4; i++) {
		cairo_move_to(cr, p.x0 + cw * i, p.y0);
		cairo_line_to(cr, p.x0 + cw * i, p.y1);
		cairo_move_to(cr, p.x0, row_y[i]);
		cairo_line_to(cr, p.x1, row_y[i]);
	}
	cairo_stroke(cr);
}

/* ------------------------------------------------------------------ items */

static void draw_items(cairo_t *cr, double width, double height, const struct chart_items *c)
{
	const struct chart_frame *f = &c->frame;
	double fs = base_size(width, height);
	/* Many items in a short chart: the labels shrink with the rows (about four fifths of the
	 * height is rows), so neighbouring labels never overlap. */
	double row_guess = c->count ? height * 0.8 / (double)c->count : height;
	struct text_style lab = style(f, fmin(fs * 0.85, row_guess * 0.72), false, 0.15);
	double lh;
	double maxw = widest_label(cr, &lab, c->labels, c->count, fs, &lh);
	maxw = fmin(maxw, width * 0.4);
	/* the legend's entries flow left to right from the left margin, onto more rows when
	 * they do not fit in one */
	struct text_style ls = style(f, fs * 0.85, false, 0.15);
	const char *texts[3] = {c->value_legend, c->below_legend, c->reference_legend};
	double legend_left = fs * 0.8, legend_right = width - fs * 0.8;
	double entry_x[3] = {0}, entry_row[3] = {0}, row_h = 0;
	int legend_rows = 0;
	{
		double lx = legend_left;
		for (int k = 0; k < 3; k++) {
			if (!texts[k])
				continue;
			double w, h;
			text_size(cr, &ls, texts[k], &w, &h);
			row_h = fmax(row_h, h);
			double ew = fs * 1.6 + w;
			if (legend_rows == 0) {
				legend_rows = 1;
			} else if (lx + ew > legend_right) {
				legend_rows++;
				lx = legend_left;
			}
			entry_x[k] = lx;
			entry_row[k] = legend_rows - 1;
			lx += ew + fs * 1.2;
		}
	}
	double legend_h = legend_rows ? row_h * (1.2 * legend_rows + 0.3) : 0;
	struct plot p = frame_draw_legend(cr, width, height, f, maxw + fs * 0.5, lh * 1.4, legend_h);
	/* zoom on the range the data uses: from a multiple of 10 below the lowest value */
	double lo = 100;
	for (size_t i = 0; i < c->count; i++) {
		if (!isnan(c->values[i]))
			lo = fmin(lo, c->values[i]);
		if (c->reference && !isnan(c->reference[i]))
			lo = fmin(lo, c->reference[i]);
	}
	if (c->axis_shared)
		lo = c->axis_low;
	double xmin = fmax(0, floor((lo - 5) / 10) * 10);
	if (c->value_labels) {
		/* room right of a full bar for its value label */
		double w, h;
		struct text_style vt = style(f, fs * 0.7, false, 0.1);
		text_size(cr, &vt, "100.0％", &w, &h);
		p.x1 -= w + fs * 0.4;
	}
	double x_scale = (p.x1 - p.x0) / (100 - xmin);
	double row = c->count ? (p.y1 - p.y0) / (double)c->count : 0;
	struct text_style tick = style(f, fs * 0.85, false, 0.25);
	double step = nice_step(100 - xmin, 6);
	cairo_set_line_width(cr, 0.5);
	for (double v = xmin; v <= 100 + 1e-9; v += step) {
		double x = p.x0 + (v - xmin) * x_scale;
		cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
		cairo_move_to(cr, x, p.y0);
		cairo_line_to(cr, x, p.y1);
		cairo_stroke(cr);
		char buf[16];
		snprintf(buf, sizeof buf, "%.0f", v);
		text_at(cr, &tick, buf, x, p.y1 + fs * 0.2, H_CENTER, V_TOP, 0, false, 0);
	}
	struct text_style vs = style(f, fmin(fs * 0.7, row * 0.7), false, 0.1);
	for (size_t i = 0; i < c->count; i++) {
		double y = p.y0 + row * (double)i;
		/* a label too long for the label column wraps, smaller when it needs more lines */
		struct text_style its = fit_wrapped(cr, lab, c->labels[i], maxw, row);
		text_at(cr, &its, c->labels[i], p.x0 - fs * 0.4, y + row / 2, H_RIGHT, V_MIDDLE,
			maxw, true, 0);
		double v = c->values[i];
		double ref = c->reference ? c->reference[i] : NAN;
		if (!isnan(v)) {
			bool below = !isnan(ref) && v < ref;
			set_rgb(cr, below ? PALETTE[1] : PALETTE[0]);
			cairo_rectangle(cr, p.x0, y + row * 0.2, (v - xmin) * x_scale, row * 0.6);
			cairo_fill(cr);
			/* the value right of its bar, and of the government-wide marker when that
			 * stands beyond the bar, so that the marker never crosses the figure */
			double end = !isnan(ref) && ref > v ? ref : v;
			if (c->value_labels && c->value_labels[i] && row > fs * 0.6)
				text_at(cr, &vs, c->value_labels[i],
					p.x0 + (end - xmin) * x_scale + fs * 0.3, y + row / 2, H_LEFT,
					V_MIDDLE, 0, false, 0);
		}
		if (!isnan(ref)) {
			double x = p.x0 + (ref - xmin) * x_scale;
			cairo_set_source_rgb(cr, 0, 0, 0);
			cairo_set_line_width(cr, 1.2);
			cairo_move_to(cr, x, y + row * 0.08);
			cairo_line_to(cr, x, y + row * 0.92);
			cairo_stroke(cr);
		}
	}
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, p.x0, p.y0);
	cairo_line_to(cr, p.x0, p.y1);
	cairo_line_to(cr, p.x1, p.y1);
	cairo_stroke(cr);
	if (xmin > 0)
		axis_break(cr, p.x0, p.y1, fs);
	/* legend */
	double top_y = p.legend_y - legend_h / 2 + row_h * 0.75;
	for (int k = 0; k < 3; k++) {
		if (!texts[k])
			continue;
		double lx = entry_x[k], ly = top_y + entry_row[k] * row_h * 1.2;
		if (k < 2) {
			set_rgb(cr, PALETTE[k]);
			cairo_rectangle(cr, lx, ly - fs * 0.35, fs * 1.2, fs * 0.7);
			cairo_fill(cr);
		} else {
			cairo_set_source_rgb(cr, 0, 0, 0);
			cairo_set_line_width(cr, 1.2);
			cairo_move_to(cr, lx + fs * 0.6, ly - fs * 0.5);
			cairo_line_to(cr, lx + fs * 0.6, ly + fs * 0.5);
			cairo_stroke(cr);
		}
		text_at(cr, &ls, texts[k], lx + fs * 1.6, ly, H_LEFT, V_MIDDLE, 0, false, 0);
	}
}

/* ------------------------------------------------------------------ stacked */

static void draw_stacked(cairo_t *cr, double width, double height, const struct chart_stacked *c)
{
	const struct chart_frame *f = &c->frame;
	double fs = base_size(width, height);
	struct text_style ls = style(f, fs * 0.85, false, 0.15);
	/* legend at the right: numbered options, highest number on top */
	double legw = 0, lh = fs;
	char **numbered = xcalloc(c->option_count + 1, sizeof *numbered);
	for (size_t o = 0; o < c->option_count; o++) {
		numbered[o] = xasprintf("%zu %s", o + 1, c->option_labels[o]);
		double w, h;
		text_size(cr, &ls, numbered[o], &w, &h);
		legw = fmax(legw, w);
		lh = h;
	}
	legw = fmin(legw + fs * 1.6, width * 0.45);
	struct text_style tick = style(f, fs * 0.85, false, 0.25);
	double sub = c->bar_sublabels ? lh * 1.1 : 0;
	struct plot p = frame_draw(cr, width, height, f, fs * 2.2, lh * 1.3 + sub);
	p.x1 -= legw + fs;
	if (p.x1 < p.x0 + fs * 4)
		p.x1 = p.x0 + fs * 4;
	double y_scale = (p.y1 - p.y0) / 100.0;
	cairo_set_line_width(cr, 0.5);
	for (int v = 0; v <= 100; v += 20) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d%%", v);
		text_at(cr, &tick, buf, p.x0 - fs * 0.3, p.y1 - v * y_scale, H_RIGHT, V_MIDDLE, 0,
			false, 0);
	}
	double slot = c->bar_count ? (p.x1 - p.x0) / (double)c->bar_count : 0;
	double bw = fmin(slot * 0.55, fs * 6);
	struct text_style vs = style(f, fs * 0.75, false, 0);
	for (size_t b = 0; b < c->bar_count; b++) {
		double cx = p.x0 + slot * ((double)b + 0.5);
		double acc = 0;
		/* the labels of thin segments, set beside the bar once the bar is drawn */
		char side_text[64][32];
		double side_mid[64];
		size_t sides = 0;
		for (size_t o = 0; o < c->option_count; o++) {
			double v = c->values[b * c->option_count + o];
			if (isnan(v))
				continue;
			double y1 = p.y1 - acc * y_scale, y0 = p.y1 - fmin(acc + v, 100) * y_scale;
			const double *rgb = PALETTE[o % PALETTE_SIZE];
			set_rgb(cr, rgb);
			cairo_rectangle(cr, cx - bw / 2, y0, bw, y1 - y0);
			cairo_fill_preserve(cr);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_set_line_width(cr, 0.6);
			cairo_stroke(cr);
			char buf[32];
			const char *label = c->value_labels ? c->value_labels[b * c->option_count + o]
							    : NULL;
			if (!label) {
				snprintf(buf, sizeof buf, "%.0f%%", v);
				label = buf;
			}
			double lum = 0.3 * rgb[0] + 0.59 * rgb[1] + 0.11 * rgb[2];
			struct text_style t = vs;
			t.rgb[0] = t.rgb[1] = t.rgb[2] = lum < 0.45 ? 1 : 0;
			if (y1 - y0 >= lh * 0.8) {
				text_at(cr, &t, label, cx, (y0 + y1) / 2, H_CENTER, V_MIDDLE, 0, false, 0);
			} else if (sides < 64) {
				/* a thin (even 0%) segment is still labelled, beside the bar */
				snprintf(side_text[sides], sizeof side_text[sides], "%s", label);
				side_mid[sides++] = (y0 + y1) / 2;
			}
			acc += v;
		}
		/* Beside the bar, neighbouring thin segments' labels are spread apart (bottom up, a
		 * line apart; the group moved down when it would rise above the plot into its title), each joined
		 * to its segment by a short rule when it had to move: no label over another. */
		double line = lh * 0.95, side_y[64];
		for (size_t k = 0; k < sides; k++)
			side_y[k] = k && side_y[k - 1] - side_mid[k] < line ? side_y[k - 1] - line : side_mid[k];
		if (sides && side_y[sides - 1] < p.y0 + lh * 0.5) {
			double down = p.y0 + lh * 0.5 - side_y[sides - 1];
			for (size_t k = 0; k < sides; k++)
				side_y[k] += down;
			for (size_t k = 1; k < sides; k++)   /* keep the spacing after the move */
				if (side_y[k - 1] - side_y[k] < line)
					side_y[k] = side_y[k - 1] - line;
		}
		struct text_style st = vs;
		st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.1;
		for (size_t k = 0; k < sides; k++) {
			double lx = cx + bw / 2 + fs * 0.2;
			if (fabs(side_y[k] - side_mid[k]) > 0.5) {
				lx += fs * 0.5;
				cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
				cairo_set_line_width(cr, 0.4);
				cairo_move_to(cr, cx + bw / 2, side_mid[k]);
				cairo_line_to(cr, lx - fs * 0.1, side_y[k]);
				cairo_stroke(cr);
			}
			text_at(cr, &st, side_text[k], lx, side_y[k], H_LEFT, V_MIDDLE, 0, false, 0);
		}
		text_at(cr, &tick, c->bar_labels[b], cx, p.y1 + fs * 0.2, H_CENTER, V_TOP, slot,
			false, 0);
		if (c->bar_sublabels && c->bar_sublabels[b])
			text_at(cr, &tick, c->bar_sublabels[b], cx, p.y1 + fs * 0.2 + lh, H_CENTER,
				V_TOP, slot, false, 0);
	}
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, p.x0, p.y0);
	cairo_line_to(cr, p.x0, p.y1);
	cairo_line_to(cr, p.x1, p.y1);
	cairo_stroke(cr);
	/* brackets beside the last bar, spanning the segments of their options */
	if (c->bracket_count && c->bar_count) {
		size_t b = c->bar_count - 1;
		double cx = p.x0 + slot * ((double)b + 0.5), bx = cx + bw / 2 + fs * 1.8;
		struct text_style bs = style(f, fs * 0.75, false, 0.15);
		for (size_t k = 0; k < c->bracket_count; k++) {
			const struct chart_bracket *br = &c->brackets[k];
			double lo = 0, hi = 0;
			for (size_t o = 0; o < c->option_count && o <= br->last; o++) {
				double v = c->values[b * c->option_count + o];
				if (isnan(v))
					continue;
				if (o < br->first)
					lo += v;
				hi += v;
			}
			double y0 = p.y1 - fmin(hi, 100) * y_scale, y1 = p.y1 - fmin(lo, 100) * y_scale;
			cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
			cairo_set_line_width(cr, 0.8);
			cairo_move_to(cr, bx - fs * 0.4, y0 + 1);
			cairo_line_to(cr, bx, y0 + 1);
			cairo_line_to(cr, bx, y1 - 1);
			cairo_line_to(cr, bx - fs * 0.4, y1 - 1);
			cairo_stroke(cr);
			text_at(cr, &bs, br->label, bx + fs * 0.3, (y0 + y1) / 2, H_LEFT, V_MIDDLE,
				p.x1 + fs - bx, true, 0);
		}
	}
	double lx = p.x1 + fs * 1.2, ly = p.y0;
	if (c->marker) {
		struct text_style ms = style(f, fs * 0.8, false, 0.2);
		ly += text_at(cr, &ms, c->marker, lx, ly, H_LEFT, V_TOP, legw, true, 0) + lh * 0.3;
	}
	/* an entry too long for the legend's width wraps onto more lines (never cut short) */
	for (size_t k = c->option_count; k-- > 0;) {
		set_rgb(cr, PALETTE[k % PALETTE_SIZE]);
		cairo_rectangle(cr, lx, ly + lh * 0.2, fs * 0.9, lh * 0.6);
		cairo_fill(cr);
		double used = text_at(cr, &ls, numbered[k], lx + fs * 1.3, ly, H_LEFT, V_TOP, legw - fs * 1.3,
				      true, 0);
		ly += fmax(used, lh) + lh * 0.25;
	}
	for (size_t o = 0; o < c->option_count; o++)
		free(numbered[o]);
	free(numbered);
}

/* ------------------------------------------------------------------ files */

/* ------------------------------------------------------------------ entry points */

#define CHART_ENTRY(kind, type)                                                                    \
	void chart_draw_##kind(cairo_t *cr, double width, double height, const struct type *c)    \
	{                                                                                          \
		draw_##kind(cr, width, height, c);                                                 \
	}

CHART_ENTRY(trend, chart_trend)
CHART_ENTRY(bars, chart_bars)
CHART_ENTRY(heatmap, chart_heatmap)
CHART_ENTRY(grade_matrix, chart_grade_matrix)
CHART_ENTRY(items, chart_items)
CHART_ENTRY(stacked, chart_stacked)

int chart_format_from_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot)
		return -1;
	if (strcasecmp(dot, ".svg") == 0)
		return CHART_FORMAT_SVG;
	if (strcasecmp(dot, ".png") == 0)
		return CHART_FORMAT_PNG;
	if (strcasecmp(dot, ".pdf") == 0)
		return CHART_FORMAT_PDF;
	return -1;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	return outfile_write(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int chart_write_file(const char *path, enum chart_format format, double width, double height,
		     chart_draw_fn draw, const void *data)
{
	struct outfile out;
	if (outfile_open(&out, path, OUTFILE_PUBLIC))
		return -1;
	cairo_surface_t *surface;
	switch (format) {
	case CHART_FORMAT_SVG:
		surface = cairo_svg_surface_create_for_stream(write_out, &out, width, height);
		break;
	case CHART_FORMAT_PDF:
		surface = cairo_pdf_surface_create_for_stream(write_out, &out, width, height);
		break;
	default:
		surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(width),
						     (int)lround(height));
		break;
	}
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		diag_error("cannot create '%s': %s", path, cairo_status_to_string(cairo_surface_status(surface)));
		cairo_surface_destroy(surface);
		outfile_abort(&out);
		return -1;
	}
	cairo_t *cr = cairo_create(surface);
	draw(cr, width, height, data);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS && format == CHART_FORMAT_PNG)
		st = cairo_surface_write_to_png_stream(surface, write_out, &out);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	/* A failed write of the stream shows as the outfile's error, with its cause. */
	if (st != CAIRO_STATUS_SUCCESS && !out.err) {
		outfile_abort(&out);
		return diag_error("cannot write '%s': %s", path, cairo_status_to_string(st));
	}
	return outfile_commit(&out);
}
