/* Unit tests for renderer/chart: every kind draws into PNG, SVG and PDF files of the size
 * asked for, and puts ink where the data says. Set TEST_KEEP_OUTPUT=1 to keep the files
 * (their directory is printed) for a look. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/diag.h"
#include "renderer/chart.h"
#include "renderer/pdfdoc.h"

#include <cairo-pdf.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static const char *const YEARS[] = {"H20年度", "H21年度", "H22年度", "H23年度", "H24年度"};
static const char *const GROUPS[] = {"責任者等", "システム責任者等", "行政事務従事者", "全主体平均"};
static const double TREND[] = {
	97.5, 98.3, 99.5, 99.5, 99.6, 97.2, 98.4, 99.3, 98.6, 97.9,
	94.5, 97.1, 97.6, 95.9, 96.8, 96.9, 98.1, 98.9, 99.0, 98.9,
};

static struct chart_trend trend_data(void)
{
	struct chart_trend c = {
		.frame = {.title = "主体別の実施率の推移", .y_label = "実施率（％）",
			  .note = "H22年度以前は全項目、H23年度以降は重点項目を点検"},
		.year_count = 5, .year_labels = YEARS, .series_count = 4, .series_names = GROUPS,
		.values = TREND, .break_before = 3, .break_label = "点検方法の変更",
	};
	return c;
}

static void draw_trend(cairo_t *cr, double w, double h, const void *d)
{
	chart_draw_trend(cr, w, h, d);
}
static void draw_bars(cairo_t *cr, double w, double h, const void *d)
{
	chart_draw_bars(cr, w, h, d);
}
static void draw_heatmap(cairo_t *cr, double w, double h, const void *d)
{
	chart_draw_heatmap(cr, w, h, d);
}
static void draw_matrix(cairo_t *cr, double w, double h, const void *d)
{
	chart_draw_grade_matrix(cr, w, h, d);
}
static void draw_items(cairo_t *cr, double w, double h, const void *d)
{
	chart_draw_items(cr, w, h, d);
}
static void draw_stacked(cairo_t *cr, double w, double h, const void *d)
{
	chart_draw_stacked(cr, w, h, d);
}

/* Reads a PNG back: its size and whether the pixel at (x, y) is not white. */
static void png_check(const char *path, int want_w, int want_h)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(s), want_w);
	assert_int_equal(cairo_image_surface_get_height(s), want_h);
	/* some ink: count non-white pixels */
	cairo_surface_flush(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	long ink = 0;
	for (int y = 0; y < want_h; y++)
		for (int x = 0; x < want_w; x++) {
			uint32_t px = *(uint32_t *)(data + y * stride + x * 4);
			if ((px & 0xffffff) != 0xffffff)
				ink++;
		}
	assert_true(ink > (long)want_w * want_h / 100);
	cairo_surface_destroy(s);
}

static void svg_check(const char *path, const char *width, const char *height)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char head[512] = {0};
	size_t n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	assert_true(n > 100);
	char want[64];
	snprintf(want, sizeof want, "width=\"%s\"", width);
	assert_non_null(strstr(head, want));
	snprintf(want, sizeof want, "height=\"%s\"", height);
	assert_non_null(strstr(head, want));
}

static void write_all(const char *stem, chart_draw_fn fn, const void *data)
{
	char *png = xasprintf("%s/%s.png", dir, stem);
	char *svg = xasprintf("%s/%s.svg", dir, stem);
	char *pdf = xasprintf("%s/%s.pdf", dir, stem);
	assert_int_equal(chart_write_file(png, CHART_FORMAT_PNG, 800, 500, fn, data), 0);
	png_check(png, 800, 500);
	assert_int_equal(chart_write_file(svg, CHART_FORMAT_SVG, 480, 300, fn, data), 0);
	svg_check(svg, "480pt", "300pt");
	assert_int_equal(chart_write_file(pdf, CHART_FORMAT_PDF, 480, 300, fn, data), 0);
	FILE *f = fopen(pdf, "rb");
	assert_non_null(f);
	char magic[5] = {0};
	assert_int_equal(fread(magic, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(magic, "%PDF");
	free(png);
	free(svg);
	free(pdf);
}

static void test_trend(void **state)
{
	(void)state;
	struct chart_trend c = trend_data();
	write_all("trend", draw_trend, &c);
}

/* The series break: a dashed grey rule and its label between H22 and H23, absent when the
 * chart has no break. */
static void test_trend_break_drawn(void **state)
{
	(void)state;
	struct chart_trend c = trend_data();
	c.frame.title = NULL;
	c.frame.note = NULL;
	c.frame.y_label = NULL;
	long counts[2];
	for (int k = 0; k < 2; k++) {
		if (k)
			c.break_before = -1;
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 500, 300);
		cairo_t *cr = cairo_create(s);
		chart_draw_trend(cr, 500, 300, &c);
		cairo_destroy(cr);
		cairo_surface_flush(s);
		unsigned char *data = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);
		/* count grey ink (r == g == b, darker than the grid) over the whole image: the
		 * series are coloured, the rule and its label grey */
		long grey = 0;
		for (int y = 0; y < 300; y++)
			for (int x = 0; x < 500; x++) {
				uint32_t px = *(uint32_t *)(data + y * stride + x * 4);
				int r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
				if (r == g && g == b && r < 200)
					grey++;
			}
		counts[k] = grey;
		cairo_surface_destroy(s);
	}
	assert_true(counts[0] > counts[1] + 50);
}


/* The texts a chart draws, recorded through chart_observe_text. */
struct seen {
	size_t n;
	struct {
		char text[160];
		double x, y, w, h;
		bool ellipsized;
	} t[400];
};

static void record(void *ctx, const struct chart_text *t)
{
	struct seen *s = ctx;
	if (s->n >= sizeof s->t / sizeof s->t[0])
		return;
	snprintf(s->t[s->n].text, sizeof s->t[s->n].text, "%s", t->text);
	s->t[s->n].x = t->x;
	s->t[s->n].y = t->y;
	s->t[s->n].w = t->width;
	s->t[s->n].h = t->height;
	s->t[s->n].ellipsized = t->ellipsized;
	s->n++;
}

/* Draws fn into a PDF of width × height (as on a report page) and records its texts. */
static void draw_seen(chart_draw_fn fn, const void *data, double width, double height,
		      struct seen *seen)
{
	memset(seen, 0, sizeof *seen);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(NULL, NULL, width, height);
	cairo_t *cr = cairo_create(s);
	chart_observe_text(record, seen);
	fn(cr, width, height, data);
	chart_observe_text(NULL, NULL);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* How many times text was drawn whole (not ellipsized) inside the chart. */
static int drawn_whole(const struct seen *s, const char *text, double width, double height)
{
	int n = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->t[i].text, text) != 0)
			continue;
		assert_false(s->t[i].ellipsized);
		assert_true(s->t[i].x >= -0.5 && s->t[i].x + s->t[i].w <= width + 0.5);
		assert_true(s->t[i].y >= -0.5 && s->t[i].y + s->t[i].h <= height + 0.5);
		n++;
	}
	return n;
}

/* No text of the chart is cut short with an ellipsis. */
static void none_ellipsized(const struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->t[i].ellipsized)
			fail_msg("\"%s\" drawn cut short", s->t[i].text);
}

static const char *const ORGS[] = {"内閣官房", "内閣法制局", "人事院", "内閣府", "宮内庁",
				   "公正取引委員会", "警察庁", "金融庁", "消費者庁", "復興庁"};

/* Ten organisations' grasp rates over the grade bands, the lowest 78.5. */
static const double BAR_VALUES[10] = {99.1, 97.5, 88.0, 100, 95, 100, 100, 98.2, 100, 78.5};
static const char *const BAR_LABELS[10] = {"99.1％", "97.5％", "88.0％", "100.0％", "95.0％",
					   "100.0％", "100.0％", "98.2％", "100.0％", "78.5％"};

static struct chart_bars bars_data(void)
{
	struct chart_bars c = {
		.frame = {.title = "府省庁別の把握率", .x_label = "把握率（％）"},
		.count = 10, .labels = ORGS, .values = BAR_VALUES, .value_labels = BAR_LABELS,
		.reference = 98.5, .reference_label = "全主体平均 98.5％",
		.band_labels = {"Ａ", "Ｂ", "Ｃ", "Ｄ"},
	};
	return c;
}

static void test_bars(void **state)
{
	(void)state;
	struct chart_bars c = bars_data();
	write_all("bars", draw_bars, &c);
}

/* Three years of answers to one question with four options; v[b * 4 + o]. */
static const char *const STACKED_BARS[] = {"H23", "H24", "H25"};
static const char *const STACKED_SUBS[] = {"(N=194)", "(N=192)", "(N=191)"};
static const char *const STACKED_OPTIONS[] = {"既に策定している", "現在、策定を進めている段階である",
					      "策定を検討中である", "策定する明確な予定はない"};

static struct chart_stacked stacked_data(const double *v)
{
	struct chart_stacked c = {
		.frame = {.title = "情報セキュリティポリシーの策定"},
		.bar_count = 3, .bar_labels = STACKED_BARS, .bar_sublabels = STACKED_SUBS, .option_count = 4,
		.option_labels = STACKED_OPTIONS, .values = v,
	};
	return c;
}

/* A filled rectangle of an SVG: cairo writes each as a path "M x y L x2 y L x2 y2 L x y2 Z". */
struct svg_rect {
	double x, y, w, h;
};

/* The rectangles an SVG file fills with colour fill (as cairo writes it: "rgb(0%,44.7%,69.8%)"),
 * in drawing order; returns their count (at most max). */
static size_t svg_rects(const char *path, const char *fill, struct svg_rect *out, size_t max)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static char text[1 << 20];
	size_t len = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[len] = 0;
	char want[64];
	snprintf(want, sizeof want, "fill:%s;", fill);
	size_t n = 0;
	for (const char *p = strstr(text, want); p && n < max; p = strstr(p + 1, want)) {
		const char *d = strstr(p, " d=\"");
		const char *end = strchr(p, '>');
		assert_non_null(d);
		if (d > end)
			continue;
		double x[4], y[4];
		if (sscanf(d, " d=\"M %lf %lf L %lf %lf L %lf %lf L %lf %lf Z", &x[0], &y[0], &x[1], &y[1],
			   &x[2], &y[2], &x[3], &y[3]) != 8)
			continue; /* not a rectangle */
		if (y[0] != y[1] || x[1] != x[2] || y[2] != y[3] || x[3] != x[0])
			continue;
		out[n++] = (struct svg_rect){x[0], y[0], x[1] - x[0], y[2] - y[0]};
	}
	return n;
}

/* Draws into an SVG of width × height, recording its texts. */
static void svg_seen(const char *stem, chart_draw_fn fn, const void *data, double width, double height,
		     struct seen *seen, char **path)
{
	memset(seen, 0, sizeof *seen);
	*path = xasprintf("%s/%s.svg", dir, stem);
	chart_observe_text(record, seen);
	assert_int_equal(chart_write_file(*path, CHART_FORMAT_SVG, width, height, fn, data), 0);
	chart_observe_text(NULL, NULL);
}

#define BAR_FILL "rgb(0%,44.7%,69.8%)"   /* the first colour of the palette */
#define BAND_B_FILL "rgb(88%,93%,97%)"

/* The SVG shows each organisation's name and value, the title, the axis, the reference and
 * the letters of the bands in view; each bar is as long as its value past the axis start (70
 * here: 10 below the lowest value, 78.5, rounded down), and band B runs from 80 to A's sliver
 * below 100. */
static void test_bars_drawn(void **state)
{
	(void)state;
	struct chart_bars c = bars_data();
	struct seen seen;
	char *svg;
	svg_seen("bars-drawn", draw_bars, &c, 480, 300, &seen, &svg);
	for (int i = 0; i < 10; i++)
		assert_int_equal(drawn_whole(&seen, ORGS[i], 480, 300), 1);
	assert_int_equal(drawn_whole(&seen, "100.0％", 480, 300), 4);
	assert_int_equal(drawn_whole(&seen, "78.5％", 480, 300), 1);
	assert_int_equal(drawn_whole(&seen, "府省庁別の把握率", 480, 300), 1);
	assert_int_equal(drawn_whole(&seen, "把握率（％）", 480, 300), 1);
	assert_int_equal(drawn_whole(&seen, "全主体平均 98.5％", 480, 300), 1);
	assert_int_equal(drawn_whole(&seen, "70", 480, 300), 1);
	assert_int_equal(drawn_whole(&seen, "Ａ", 480, 300), 1);
	assert_int_equal(drawn_whole(&seen, "Ｃ", 480, 300), 1);
	assert_int_equal(drawn_whole(&seen, "Ｄ", 480, 300), 0); /* below the axis start */

	struct svg_rect r[16];
	assert_int_equal(svg_rects(svg, BAR_FILL, r, 16), 10);
	const double *v = BAR_VALUES;
	double per_point = r[0].w / (v[0] - 70);
	assert_true(per_point > 1);
	for (int i = 0; i < 10; i++) {
		assert_float_equal(r[i].x, r[0].x, 0.01);
		assert_float_equal(r[i].w, (v[i] - 70) * per_point, 0.01);
		if (i)
			assert_true(r[i].y > r[i - 1].y);
	}
	struct svg_rect band;
	assert_int_equal(svg_rects(svg, BAND_B_FILL, &band, 1), 1);
	assert_float_equal(band.x, r[0].x + 10 * per_point, 0.01);
	assert_float_equal(band.w, 19.6 * per_point, 0.01);
	free(svg);

	/* another grade scale moves the bands: B from 90 to 95 */
	struct grade_scale scale = {.a = 950, .b = 900, .c = 700};
	c.scale = &scale;
	svg_seen("bars-scale", draw_bars, &c, 480, 300, &seen, &svg);
	assert_int_equal(svg_rects(svg, BAR_FILL, r, 16), 10);
	assert_int_equal(svg_rects(svg, BAND_B_FILL, &band, 1), 1);
	assert_float_equal(band.x, r[0].x + 20 * per_point, 0.01);
	assert_float_equal(band.w, 5 * per_point, 0.01);
	free(svg);
}

/* The SVG of a 100% stacked chart shows its title, bars, their sub-labels and every option
 * numbered in the legend; each bar's segment of the first option is as tall as its share. */
static void test_stacked_drawn(void **state)
{
	(void)state;
	static const double v[12] = {90, 4, 6, 0, 80, 3, 5, 12, 95, 2, 3, 0};
	struct chart_stacked c = stacked_data(v);
	const char *const *bars = STACKED_BARS, *const *subs = STACKED_SUBS, *const *opts = STACKED_OPTIONS;
	struct seen seen;
	char *svg;
	svg_seen("stacked-drawn", draw_stacked, &c, 480, 300, &seen, &svg);
	assert_int_equal(drawn_whole(&seen, "情報セキュリティポリシーの策定", 480, 300), 1);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(drawn_whole(&seen, bars[k], 480, 300), 1);
		assert_int_equal(drawn_whole(&seen, subs[k], 480, 300), 1);
	}
	for (int o = 0; o < 4; o++) {
		char entry[80];
		snprintf(entry, sizeof entry, "%d %s", o + 1, opts[o]); /* numbered in the legend */
		assert_int_equal(drawn_whole(&seen, entry, 480, 300), 1);
	}
	struct svg_rect r[8];
	/* three segments, then the legend's swatch */
	assert_int_equal(svg_rects(svg, BAR_FILL, r, 8), 4);
	double per_point = r[0].h / 90;
	assert_float_equal(r[1].h, 80 * per_point, 0.01);
	assert_float_equal(r[2].h, 95 * per_point, 0.01);
	assert_true(r[1].x > r[0].x && r[2].x > r[1].x);
	free(svg);
}

static void test_heatmap(void **state)
{
	(void)state;
	static const char *const cats[] = {"情報の作成と入手", "情報の利用", "情報の移送",
					   "情報の提供", "主体認証情報管理", "不正プログラムの感染防止対策"};
	double v[60];
	for (int i = 0; i < 60; i++)
		v[i] = i == 7 ? NAN : 85 + (i * 7 % 15);
	struct chart_heatmap c = {
		.frame = {.title = "府省庁別・分類別の実施率"},
		.rows = 10, .cols = 6, .row_labels = ORGS, .col_labels = cats, .values = v,
		.missing_label = "該当なし",
	};
	write_all("heatmap", draw_heatmap, &c);
}

static void test_grade_matrix(void **state)
{
	(void)state;
	struct chart_grade_matrix c = {
		.frame = {.title = "評価の分布", .x_label = "実施率の評価", .y_label = "把握率の評価"},
		.count = 10, .names = ORGS, .grasp = "AABAAAAAAC", .implementation = "BBBABBABAB",
		.grade_labels = {"Ａ", "Ｂ", "Ｃ", "Ｄ"}, .count_suffix = "機関",
	};
	write_all("matrix", draw_matrix, &c);
}


static const char *const EN_ORGS[21] = {
	"Cabinet Secretariat", "Cabinet Legislation Bureau", "National Personnel Authority",
	"Cabinet Office", "Imperial Household Agency", "Japan Fair Trade Commission",
	"National Police Agency", "Financial Services Agency", "Consumer Affairs Agency",
	"Reconstruction Agency", "Ministry of Internal Affairs and Communications",
	"Ministry of Justice", "Ministry of Foreign Affairs", "Ministry of Finance",
	"Ministry of Education, Culture, Sports, Science and Technology",
	"Ministry of Health, Labour and Welfare",
	"Ministry of Agriculture, Forestry and Fisheries",
	"Ministry of Economy, Trade and Industry",
	"Ministry of Land, Infrastructure, Transport and Tourism", "Ministry of the Environment",
	"Ministry of Defense",
	};

/* Every name of a crowded cell is drawn whole, in Japanese and in long English names. */
static void test_grade_matrix_names_every_one(void **state)
{
	(void)state;
	struct chart_grade_matrix c = {
		.frame = {.x_label = "実施率の評価", .y_label = "把握率の評価"},
		.count = 10, .names = ORGS, .grasp = "AAAAAAAAAA", .implementation = "BBBBBBBBBB",
		.grade_labels = {"Ａ", "Ｂ", "Ｃ", "Ｄ"}, .count_suffix = "機関",
	};
	struct seen seen;
	draw_seen(draw_matrix, &c, 480, 260, &seen);
	for (size_t i = 0; i < c.count; i++)
		assert_int_equal(drawn_whole(&seen, ORGS[i], 480, 260), 1);

	struct chart_grade_matrix e = {
		.frame = {.x_label = "Implementation grade", .y_label = "Grasp grade",
			  .font = "Noto Sans CJK JP"},
		.count = 21, .names = EN_ORGS, .grasp = "AAAAAAAAAAAAAAAABBBBB",
		.implementation = "BBBBBBBBBBBBBBAAABBBC", .grade_labels = {"A", "B", "C", "D"},
		.count_suffix = " orgs",
	};
	draw_seen(draw_matrix, &e, 480, 260, &seen);
	for (size_t i = 0; i < e.count; i++)
		assert_int_equal(drawn_whole(&seen, EN_ORGS[i], 480, 260), 1);
	none_ellipsized(&seen);
}

static void test_items(void **state)
{
	(void)state;
	static const char *const items[] = {"S-01 格付の明示", "S-02 持ち出し", "S-03 パスワード",
					    "S-04 不正プログラム"};
	double v[4] = {90.5, 100, 97, NAN}, ref[4] = {92.9, 98.7, 97.1, 97.9};
	struct chart_items c = {
		.frame = {.title = "環境省 項目別の実施率", .x_label = "実施率（％）"},
		.count = 4, .labels = items, .values = v, .reference = ref,
		.value_legend = "実施率", .below_legend = "全主体平均未満", .reference_legend = "全主体平均",
	};
	write_all("items", draw_items, &c);
}

/* Whether the boxes of two recorded texts overlap. */
static bool overlap(const struct seen *s, size_t a, size_t b)
{
	return s->t[a].x < s->t[b].x + s->t[b].w && s->t[b].x < s->t[a].x + s->t[a].w &&
	       s->t[a].y < s->t[b].y + s->t[b].h && s->t[b].y < s->t[a].y + s->t[a].h;
}

/* Index of the first text equal to text, failing when there is none. */
static size_t find_text(const struct seen *s, const char *text)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->t[i].text, text))
			return i;
	fail_msg("\"%s\" not drawn", text);
	return 0;
}

/* The English legend is drawn whole at a report's width and at a narrow one (on two rows),
 * no entry over another or over the axis title. */
static void test_items_legend_whole(void **state)
{
	(void)state;
	static const char *const items[] = {"S-01 Marking", "S-02 Taking out", "S-03 Passwords",
					    "S-04 Malware"};
	double v[4] = {90.5, 100, 97, NAN}, ref[4] = {92.9, 98.7, 97.1, 97.9};
	static const char *const legend[] = {"Implementation rate", "Below the government-wide value",
					     "Government-wide value"};
	struct chart_items c = {
		.frame = {.x_label = "Implementation rate (%)"},
		.count = 4, .labels = items, .values = v, .reference = ref,
		.value_legend = legend[0], .below_legend = legend[1], .reference_legend = legend[2],
	};
	static const double widths[] = {471, 240};
	for (size_t w = 0; w < 2; w++) {
		struct seen seen;
		draw_seen(draw_items, &c, widths[w], 300, &seen);
		none_ellipsized(&seen);
		size_t at[4];
		for (size_t k = 0; k < 3; k++) {
			assert_int_equal(drawn_whole(&seen, legend[k], widths[w], 300), 1);
			at[k] = find_text(&seen, legend[k]);
		}
		at[3] = find_text(&seen, c.frame.x_label);
		for (size_t a = 0; a < 4; a++)
			for (size_t b = a + 1; b < 4; b++)
				assert_false(overlap(&seen, at[a], at[b]));
	}
}

/* The government-wide value's label sits clear of the axis title and the tick labels, wherever
 * the value falls. */
static void test_bars_reference_label_clear(void **state)
{
	(void)state;
	double v[10] = {60, 55, 58, 62, 50, 61, 57, 59, 56, 54};
	static const double refs[] = {57.2, 50.0, 98.0};
	for (size_t r = 0; r < 3; r++) {
		struct chart_bars c = {
			.frame = {.x_label = "Implementation rate (%)"},
			.count = 10, .labels = ORGS, .values = v,
			.reference = refs[r], .reference_label = "Government-wide 57.2%",
		};
		struct seen seen;
		draw_seen(draw_bars, &c, 471, 200, &seen);
		size_t ref = find_text(&seen, c.reference_label);
		assert_false(overlap(&seen, ref, find_text(&seen, c.frame.x_label)));
		size_t ticks = 0;
		for (size_t k = 0; k < seen.n; k++) {
			char *end;
			(void)strtol(seen.t[k].text, &end, 10);
			if (*end || end == seen.t[k].text)
				continue;
			ticks++;
			assert_false(overlap(&seen, ref, k));
		}
		assert_true(ticks >= 4);
		assert_true(seen.t[ref].y + seen.t[ref].h <= 200);
	}
}

/* x of value v on a chart's horizontal axis, read from its tick labels (the integers on the
 * row of the "100" tick). */
static double axis_x(const struct seen *s, double v)
{
	size_t hundred = find_text(s, "100");
	double lo_v = 100, lo_x = 0;
	for (size_t i = 0; i < s->n; i++) {
		char *end;
		long n = strtol(s->t[i].text, &end, 10);
		if (*end || end == s->t[i].text || fabs(s->t[i].y - s->t[hundred].y) > 0.5)
			continue;
		if (n < lo_v) {
			lo_v = (double)n;
			lo_x = s->t[i].x + s->t[i].w / 2;
		}
	}
	assert_true(lo_v < 100);
	double hx = s->t[hundred].x + s->t[hundred].w / 2;
	return lo_x + (v - lo_v) * (hx - lo_x) / (100 - lo_v);
}

/* No value label is crossed by the government-wide rule. */
static void test_bars_labels_clear_of_reference(void **state)
{
	(void)state;
	double v[10] = {100, 100, 99.2, 100, 98.8, 100, 100, 97.0, 100, 96.4};
	const char *vl[10] = {"100.0％", "100.0％", "99.2％", "100.0％", "98.8％",
			      "100.0％", "100.0％", "97.0％", "100.0％", "96.4％"};
	struct chart_bars c = {
		.frame = {.x_label = "実施率（％）"},
		.count = 10, .labels = ORGS, .values = v, .value_labels = vl,
		.reference = 98.5, .reference_label = "全主体平均 98.5％",
		.band_labels = {"Ａ", "Ｂ", "Ｃ", "Ｄ"},
	};
	struct seen seen;
	draw_seen(draw_bars, &c, 471, 260, &seen);
	double rx = axis_x(&seen, 98.5);
	size_t labels = 0;
	for (size_t i = 0; i < seen.n; i++) {
		if (!strstr(seen.t[i].text, "％") || strstr(seen.t[i].text, "全主体") ||
		    !strcmp(seen.t[i].text, c.frame.x_label))
			continue;
		labels++;
		assert_false(seen.t[i].x < rx + 0.5 && rx - 0.5 < seen.t[i].x + seen.t[i].w);
	}
	assert_int_equal(labels, 10);
}

/* Lowest integer tick label on the row of the "100" tick. */
static long lowest_tick(const struct seen *s)
{
	size_t hundred = find_text(s, "100");
	long lo = 100;
	for (size_t i = 0; i < s->n; i++) {
		char *end;
		long n = strtol(s->t[i].text, &end, 10);
		if (!*end && end != s->t[i].text && fabs(s->t[i].y - s->t[hundred].y) <= 0.5)
			lo = n < lo ? n : lo;
	}
	return lo;
}

/* Values near 100 get an axis that starts near them, not at 0; one low value brings it back
 * to 0; a missing value prints its mark. */
static void test_bars_axis_from_data(void **state)
{
	(void)state;
	double v[10] = {100, 100, 99.2, 100, 98.8, 100, 100, 97.0, 100, NAN};
	struct chart_bars c = {
		.frame = {.x_label = "実施率（％）"},
		.count = 10, .labels = ORGS, .values = v,
		.reference = 98.5, .reference_label = "全主体平均 98.5％", .missing_label = "－",
	};
	struct seen seen;
	draw_seen(draw_bars, &c, 471, 260, &seen);
	long lo = lowest_tick(&seen);
	assert_true(lo >= 80 && lo <= 97);
	assert_int_equal(drawn_whole(&seen, "－", 471, 260), 1);
	v[3] = 30;
	draw_seen(draw_bars, &c, 471, 260, &seen);
	assert_int_equal(lowest_tick(&seen), 0);
}

/* Charts sharing an axis start at the same place whatever their own values. */
static void test_items_shared_axis(void **state)
{
	(void)state;
	static const char *const items[] = {"S-01 格付の明示", "S-02 持ち出し"};
	double a[2] = {99, 100}, b[2] = {62, 100}, ref[2] = {97, 99};
	struct chart_items c = {
		.frame = {.x_label = "実施率（％）"}, .count = 2, .labels = items, .reference = ref,
		.axis_shared = true, .axis_low = 62,
	};
	struct seen seen;
	c.values = a;
	draw_seen(draw_items, &c, 471, 200, &seen);
	long first = lowest_tick(&seen);
	c.values = b;
	draw_seen(draw_items, &c, 471, 200, &seen);
	assert_int_equal(lowest_tick(&seen), first);
	assert_int_equal(first, 50);
}

/* English names and heads are drawn whole (wrapped, not cut short), and so is the legend. */
static void test_heatmap_english_whole(void **state)
{
	(void)state;
	static const char *const cats[] = {
		"Creating and obtaining information", "Using information", "Transporting and transmitting information",
		"Providing information", "Managing authentication credentials", "Preventing malware infection",
	};
	double v[21 * 6];
	for (int i = 0; i < 21 * 6; i++)
		v[i] = i == 7 ? NAN : 85 + (i * 7 % 15);
	struct chart_heatmap c = {
		.rows = 21, .cols = 6, .row_labels = EN_ORGS, .col_labels = cats, .values = v,
		.missing_label = "Not applicable",
	};
	double h = 170 + 21 * 15;
	struct seen seen;
	draw_seen(draw_heatmap, &c, 471, h, &seen);
	none_ellipsized(&seen);
	for (size_t r = 0; r < 21; r++)
		assert_int_equal(drawn_whole(&seen, EN_ORGS[r], 471, h), 1);
	assert_int_equal(drawn_whole(&seen, "Not applicable", 471, h), 1);
	for (size_t k = 0; k < 6; k++)
		assert_non_null(seen.t[find_text(&seen, cats[k])].text);
}

/* Long English names of the organisation bars are drawn whole. */
static void test_bars_english_names_whole(void **state)
{
	(void)state;
	double v[21];
	for (int i = 0; i < 21; i++)
		v[i] = 90 + i % 10;
	struct chart_bars c = {
		.frame = {.x_label = "Grasp rate (%)"}, .count = 21, .labels = EN_ORGS, .values = v,
		.reference = 95, .reference_label = "Government-wide 95.0%",
		.band_labels = {"A", "B", "C", "D"},
	};
	double h = 76 + 21 * 17;
	struct seen seen;
	draw_seen(draw_bars, &c, 471, h, &seen);
	none_ellipsized(&seen);
	for (size_t i = 0; i < 21; i++)
		assert_int_equal(drawn_whole(&seen, EN_ORGS[i], 471, h), 1);
}

/* Many items with long labels: every label drawn whole. */
static void test_items_long_labels_whole(void **state)
{
	(void)state;
	char buf[40][96];
	const char *labels[40];
	double v[40], ref[40];
	for (int i = 0; i < 40; i++) {
		snprintf(buf[i], sizeof buf[i], "S-%02d Transporting and transmitting classified information %d", i + 1, i);
		labels[i] = buf[i];
		v[i] = 60 + i;
		ref[i] = 95;
	}
	struct chart_items c = {
		.frame = {.x_label = "Implementation rate (%)"}, .count = 40, .labels = labels,
		.values = v, .reference = ref, .value_legend = "Implementation rate",
		.below_legend = "Below the government-wide value", .reference_legend = "Government-wide value",
	};
	double h = 80 + 40 * 14;
	struct seen seen;
	draw_seen(draw_items, &c, 471, h, &seen);
	none_ellipsized(&seen);
	for (int i = 0; i < 40; i++)
		assert_int_equal(drawn_whole(&seen, labels[i], 471, h), 1);
}

static void test_stacked(void **state)
{
	(void)state;
	static const double v[12] = {90, 4, 6, 1, 92, 3, 5, 0, 95, 2, 3, 0};
	struct chart_stacked c = stacked_data(v);
	write_all("stacked", draw_stacked, &c);
}

/* A single bar with a bracket over options 1-2 and the multi-select marker: the bracket adds
 * ink right of the bar that the plain chart does not have. */
static void test_stacked_bracket(void **state)
{
	(void)state;
	static const char *const bars[] = {"H25"};
	static const char *const subs[] = {"(N=191)"};
	static const char *const opts[] = {"直近1年に受けた", "それ以前に受けた", "受けていない", "分からない"};
	double v[4] = {34, 24, 38, 5};
	static const struct chart_bracket br[] = {{0, 1, "サイバー攻撃を受けた"}};
	struct chart_stacked c = {
		.frame = {.title = "サイバー攻撃の認知"}, .bar_count = 1, .bar_labels = bars,
		.bar_sublabels = subs, .option_count = 4, .option_labels = opts, .values = v,
	};
	long ink[2];
	for (int k = 0; k < 2; k++) {
		if (k) {
			c.brackets = br;
			c.bracket_count = 1;
			c.marker = "※複数選択可";
		}
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, 400);
		cairo_t *cr = cairo_create(s);
		chart_draw_stacked(cr, 600, 400, &c);
		cairo_destroy(cr);
		cairo_surface_flush(s);
		unsigned char *data = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);
		ink[k] = 0;
		for (int y = 0; y < 400; y++)
			for (int x = 0; x < 600; x++)
				ink[k] += (*(uint32_t *)(data + y * stride + x * 4) & 0xffffff) != 0xffffff;
		cairo_surface_destroy(s);
	}
	assert_true(ink[1] > ink[0] + 200);
	c.brackets = br;
	c.bracket_count = 1;
	write_all("stacked-bracket", draw_stacked, &c);
}

static void test_format_from_path(void **state)
{
	(void)state;
	assert_int_equal(chart_format_from_path("a/b.SVG"), CHART_FORMAT_SVG);
	assert_int_equal(chart_format_from_path("x.png"), CHART_FORMAT_PNG);
	assert_int_equal(chart_format_from_path("x.pdf"), CHART_FORMAT_PDF);
	assert_int_equal(chart_format_from_path("x.jpeg"), -1);
	assert_int_equal(chart_format_from_path("noext"), -1);
}

static void test_write_failure_reported(void **state)
{
	(void)state;
	struct chart_trend c = trend_data();
	assert_int_equal(chart_write_file("/nonexistent-dir/x.png", CHART_FORMAT_PNG, 100, 100,
					  draw_trend, &c), -1);
}


int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/test_chart.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	diag_set_program("test_chart");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_trend_break_drawn),
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_bars_drawn),
		cmocka_unit_test(test_bars_reference_label_clear),
		cmocka_unit_test(test_bars_labels_clear_of_reference),
		cmocka_unit_test(test_bars_axis_from_data),
		cmocka_unit_test(test_bars_english_names_whole),
		cmocka_unit_test(test_items_shared_axis),
		cmocka_unit_test(test_items_long_labels_whole),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_heatmap_english_whole),
		cmocka_unit_test(test_grade_matrix),
		cmocka_unit_test(test_grade_matrix_names_every_one),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_items_legend_whole),
		cmocka_unit_test(test_stacked),
		cmocka_unit_test(test_stacked_drawn),
		cmocka_unit_test(test_stacked_bracket),
		cmocka_unit_test(test_format_from_path),
		cmocka_unit_test(test_write_failure_reported),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (getenv("TEST_KEEP_OUTPUT")) {
		fprintf(stderr, "charts kept in %s\n", dir);
	} else {
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			rc = 1;
		free(cmd);
	}
	pdfdoc_shutdown();
	return rc;
}
