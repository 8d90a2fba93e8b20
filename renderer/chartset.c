/* chartset: the report's charts built from a rate table and a trend. */
#include "renderer/chartset.h"

#include "core/diag.h"
#include "core/rate.h"
#include "renderer/chart.h"
#include "renderer/fontcfg.h"
#include "renderer/label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chartset {
	enum template_chart kind;
	const char *lang;
	size_t rows;                  /* rows that need vertical room */
	union {
		struct chart_trend trend;
		struct chart_bars bars;
		struct chart_heatmap heatmap;
		struct chart_grade_matrix matrix;
		struct chart_items items;
		struct chart_stacked stacked;
	} c;
	void **pool;                  /* everything allocated for the chart */
	size_t pool_count, pool_cap;
};

static void *keep(struct chartset *cs, void *p)
{
	cs->pool = xgrow(cs->pool, cs->pool_count, &cs->pool_cap, sizeof *cs->pool, 32);
	cs->pool[cs->pool_count++] = p;
	return p;
}

static const char *str(struct chartset *cs, const char *s)
{
	return keep(cs, xstrdup(s ? s : ""));
}

static double *doubles(struct chartset *cs, size_t n)
{
	double *v = keep(cs, xcalloc(n ? n : 1, sizeof *v));
	for (size_t i = 0; i < n; i++)
		v[i] = NAN;
	return v;
}

static const char **strings(struct chartset *cs, size_t n)
{
	return keep(cs, xcalloc(n ? n : 1, sizeof(char *)));
}

static double pct(int tenths)
{
	return tenths < 0 ? NAN : tenths / 10.0;
}

static const char *rate_label(struct chartset *cs, int tenths, const char *lang)
{
	char buf[32];
	return tenths < 0 ? NULL : str(cs, label_rate(tenths, lang, false, buf, sizeof buf));
}

static const char *T(const char *lang, const char *ja, const char *en)
{
	return label_is_en(lang) ? en : ja;
}

static const char *metric_axis(const char *lang, enum template_metric m)
{
	return m == TM_GRASP ? T(lang, "把握率（％）", "Grasp rate (%)")
			     : T(lang, "実施率（％）", "Implementation rate (%)");
}

/* The k-th group of a chart that shows the subject groups and then their pool. */
#define CHART_GROUP_COUNT (SUBJECT_GROUP_COUNT + 1)
static enum role_group chart_group(size_t k)
{
	return k < SUBJECT_GROUP_COUNT ? SUBJECT_GROUPS[k] : GROUP_ALL;
}

static void build_trend(struct chartset *cs, const struct repdata *d,
			const struct chartset_options *o)
{
	const struct trend *t = d->trend;
	struct chart_trend *c = &cs->c.trend;
	int from = t->from;
	if (o->years > 0 && d->year - o->years + 1 > from)
		from = d->year - o->years + 1;
	size_t years = (size_t)(t->to - from + 1);
	const char **yl = strings(cs, years);
	char buf[32];
	for (size_t y = 0; y < years; y++)
		yl[y] = str(cs, label_year(from + (int)y, o->lang, false, buf, sizeof buf));
	const char **names = strings(cs, 4);
	double *v = doubles(cs, 4 * years);
	const char **vl = strings(cs, 4 * years);
	for (size_t s = 0; s < CHART_GROUP_COUNT; s++) {
		names[s] = label_group(chart_group(s), o->lang);
		for (size_t y = 0; y < years; y++) {
			const struct trend_point *p = o->metric == TM_GRASP
				? trend_grasp(t, from + (int)y, chart_group(s))
				: trend_implementation(t, from + (int)y, chart_group(s));
			if (!p || p->source == TREND_NONE || p->tenths < 0)
				continue;
			v[s * years + y] = pct(p->tenths);
			vl[s * years + y] = rate_label(cs, p->tenths, o->lang);
		}
	}
	c->year_count = years;
	c->year_labels = yl;
	c->series_count = 4;
	c->series_names = names;
	c->values = v;
	c->value_labels = vl;
	c->break_before = -1;
	for (size_t b = 0; b < t->break_count; b++) {
		if (t->breaks[b].fiscal_year > from && t->breaks[b].fiscal_year <= t->to) {
			c->break_before = t->breaks[b].fiscal_year - from;
			c->break_label = T(o->lang, "点検方法の変更", "change of method");
			const char *note = label_is_en(o->lang) ? t->breaks[b].note_en : t->breaks[b].note_ja;
			if (note && !o->bare)
				c->frame.note = str(cs, note);
			break;
		}
	}
	c->frame.title = o->title ? str(cs, o->title)
		: o->metric == TM_GRASP ? T(o->lang, "主体別の把握率の推移", "Grasp rate by subject group over the years")
		: T(o->lang, "主体別の実施率の推移", "Implementation rate by subject group over the years");
	c->frame.y_label = metric_axis(o->lang, o->metric);
	cs->rows = 0;
}

static void build_bars(struct chartset *cs, const struct repdata *d,
		       const struct chartset_options *o)
{
	const struct ratetab *rt = d->rates;
	struct chart_bars *c = &cs->c.bars;
	size_t n = rt->org_count;
	const char **labels = strings(cs, n), **vl = strings(cs, n);
	double *v = doubles(cs, n);
	for (size_t i = 0; i < n; i++) {
		const struct ratetab_group *g = &rt->orgs[i].group[o->group];
		int tenths = o->metric == TM_GRASP ? g->grasp_tenths : g->implementation_tenths;
		labels[i] = str(cs, label_org(&rt->orgs[i].tally->org, o->lang));
		if (!g->present)
			continue;
		v[i] = pct(tenths);
		vl[i] = rate_label(cs, tenths, o->lang);
	}
	const struct ratetab_group *gov = &rt->government[o->group];
	int gt = o->metric == TM_GRASP ? gov->grasp_tenths : gov->implementation_tenths;
	c->count = n;
	c->labels = labels;
	c->values = v;
	c->value_labels = vl;
	c->reference = pct(gt);
	char buf[32];
	if (gt >= 0)
		c->reference_label = keep(cs, xasprintf("%s %s", o->group == GROUP_ALL
							? T(o->lang, "全主体平均", "All-groups average")
							: T(o->lang, "政府機関全体", "Government-wide"),
							label_rate(gt, o->lang, false, buf, sizeof buf)));
	for (int k = 0; k < 4; k++)
		c->band_labels[k] = label_grade((char)('A' + k), o->lang);
	c->scale = &rt->scale;
	c->missing_label = T(o->lang, "－", "-");
	const char *group = label_group(o->group, o->lang);
	c->frame.title = o->title ? str(cs, o->title)
		: keep(cs, label_is_en(o->lang)
		       ? xasprintf("%s by ministry (%s)", o->metric == TM_GRASP ? "Grasp rate" : "Implementation rate", group)
		       : xasprintf("府省庁別の%s（%s）", o->metric == TM_GRASP ? "把握率" : "実施率", group));
	c->frame.x_label = metric_axis(o->lang, o->metric);
	cs->rows = n;
}

/* Columns of a heat map or an item chart: categories or items with a government-wide rate in
 * the group. Returns their count; idx receives their indices. */
static size_t present_columns(const struct repdata *d, enum role_group g, bool items, size_t *idx)
{
	const struct ratetab *rt = d->rates;
	size_t n = items ? rt->quest->item_count : rt->quest->category_count, k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ratetab_rate *r = items ? ratetab_item(rt, NULL, g, i)
						     : ratetab_category(rt, NULL, g, i);
		if (r && r->present)
			idx[k++] = i;
	}
	return k;
}

static void build_heatmap(struct chartset *cs, const struct repdata *d,
			  const struct chartset_options *o)
{
	const struct ratetab *rt = d->rates;
	const struct quest *q = rt->quest;
	struct chart_heatmap *c = &cs->c.heatmap;
	size_t *idx = keep(cs, xcalloc(q->item_count + q->category_count + 1, sizeof *idx));
	size_t cols = present_columns(d, o->group, o->by_items, idx);
	size_t rows = rt->org_count;
	const char **rl = strings(cs, rows), **cl = strings(cs, cols), **cells = strings(cs, rows * cols);
	double *v = doubles(cs, rows * cols);
	for (size_t k = 0; k < cols; k++)
		cl[k] = str(cs, o->by_items ? q->items[idx[k]].id
					    : quest_text_get(&q->categories[idx[k]].name, o->lang));
	for (size_t r = 0; r < rows; r++) {
		const struct ratetab_org *org = &rt->orgs[r];
		rl[r] = str(cs, label_org(&org->tally->org, o->lang));
		for (size_t k = 0; k < cols; k++) {
			const struct ratetab_rate *x = o->by_items ? ratetab_item(rt, org, o->group, idx[k])
								   : ratetab_category(rt, org, o->group, idx[k]);
			if (!x || !x->present || x->tenths < 0)
				continue;
			v[r * cols + k] = pct(x->tenths);
			char buf[32];
			cells[r * cols + k] = str(cs, rate_format_tenths(x->tenths, RATE_STYLE_PLAIN, buf, sizeof buf));
		}
	}
	c->rows = rows;
	c->cols = cols;
	c->row_labels = rl;
	c->col_labels = cl;
	c->values = v;
	c->cell_labels = cells;
	c->missing_label = T(o->lang, "該当なし", "Not applicable");
	const char *group = label_group(o->group, o->lang);
	c->frame.title = o->title ? str(cs, o->title)
		: keep(cs, label_is_en(o->lang)
		       ? xasprintf("Implementation rate by ministry and %s (%s, %%)", o->by_items ? "item" : "category", group)
		       : xasprintf("府省庁別・%s別の実施率（%s、％）", o->by_items ? "項目" : "分類", group));
	cs->rows = rows;
}

static void build_matrix(struct chartset *cs, const struct repdata *d,
			 const struct chartset_options *o)
{
	const struct ratetab *rt = d->rates;
	struct chart_grade_matrix *c = &cs->c.matrix;
	size_t n = rt->org_count;
	const char **names = strings(cs, n);
	char *gr = keep(cs, xcalloc(n + 1, 1)), *im = keep(cs, xcalloc(n + 1, 1));
	for (size_t i = 0; i < n; i++) {
		names[i] = str(cs, label_org(&rt->orgs[i].tally->org, o->lang));
		gr[i] = rt->orgs[i].group[GROUP_ALL].grasp_grade;
		im[i] = rt->orgs[i].group[GROUP_ALL].implementation_grade;
	}
	c->count = n;
	c->names = names;
	c->grasp = gr;
	c->implementation = im;
	for (int k = 0; k < 4; k++)
		c->grade_labels[k] = label_grade((char)('A' + k), o->lang);
	c->count_suffix = T(o->lang, "機関", "");
	c->frame.title = o->title ? str(cs, o->title) : T(o->lang, "把握率及び実施率の評価の分布", "Ministries by grasp and implementation grade");
	c->frame.x_label = T(o->lang, "実施率の評価", "Implementation grade");
	c->frame.y_label = T(o->lang, "把握率の評価", "Grasp grade");
	cs->rows = 0;
}

static int build_items(struct chartset *cs, const struct repdata *d,
		       const struct chartset_options *o)
{
	const struct ratetab *rt = d->rates;
	const struct quest *q = rt->quest;
	const struct ratetab_org *org = repdata_org(d, o->org);
	if (!org)
		return diag_error("unknown organisation '%s' in fiscal year %d", o->org ? o->org : "", d->year);
	struct chart_items *c = &cs->c.items;
	size_t *idx = keep(cs, xcalloc(q->item_count + 1, sizeof *idx));
	size_t n = present_columns(d, o->group, true, idx);
	const char **labels = strings(cs, n), **vl = strings(cs, n);
	double *v = doubles(cs, n), *ref = doubles(cs, n);
	for (size_t i = 0; i < n; i++) {
		const struct quest_item *it = &q->items[idx[i]];
		labels[i] = keep(cs, xasprintf("%s %s", it->id,
					       quest_text_get(&q->categories[it->category].name, o->lang)));
		const struct ratetab_rate *x = ratetab_item(rt, org, o->group, idx[i]);
		const struct ratetab_rate *g = ratetab_item(rt, NULL, o->group, idx[i]);
		if (x && x->present && x->tenths >= 0) {
			v[i] = pct(x->tenths);
			vl[i] = rate_label(cs, x->tenths, o->lang);
		}
		if (g && g->present)
			ref[i] = pct(g->tenths);
	}
	/* one scale for every organisation's chart: down to the lowest rate any of them has */
	c->axis_shared = true;
	c->axis_low = 100;
	for (size_t k = 0; k < rt->org_count; k++)
		for (size_t i = 0; i < n; i++) {
			const struct ratetab_rate *x = ratetab_item(rt, &rt->orgs[k], o->group, idx[i]);
			if (x && x->present && x->tenths >= 0)
				c->axis_low = fmin(c->axis_low, pct(x->tenths));
		}
	for (size_t i = 0; i < n; i++)
		if (!isnan(ref[i]))
			c->axis_low = fmin(c->axis_low, ref[i]);
	c->count = n;
	c->labels = labels;
	c->values = v;
	c->reference = ref;
	c->value_labels = vl;
	c->value_legend = T(o->lang, "実施率", "Implementation rate");
	c->below_legend = T(o->lang, "政府機関全体の実施率を下回る項目", "Below the government-wide rate");
	c->reference_legend = T(o->lang, "政府機関全体の実施率", "Government-wide rate");
	const char *name = label_org(&org->tally->org, o->lang);
	const char *group = label_group(o->group, o->lang);
	c->frame.title = o->title ? str(cs, o->title)
		: keep(cs, label_is_en(o->lang)
		       ? xasprintf("%s: implementation rate by item (%s)", name, group)
		       : xasprintf("%s 項目別の実施率（%s）", name, group));
	c->frame.x_label = metric_axis(o->lang, TM_IMPLEMENTATION);
	cs->rows = n;
	return 0;
}

static int build_answers(struct chartset *cs, const struct repdata *d,
			 const struct chartset_options *o)
{
	const struct ratetab *rt = d->rates;
	const struct ratetab_org *org = NULL;
	if (o->org && !(org = repdata_org(d, o->org)))
		return diag_error("unknown organisation '%s' in fiscal year %d", o->org, d->year);
	struct chart_stacked *c = &cs->c.stacked;
	const char **bl = strings(cs, 4), **sub = strings(cs, 4), **opts = strings(cs, 3);
	const char **vl = strings(cs, 12);
	double *v = doubles(cs, 12);
	size_t bars = 0;
	for (size_t k = 0; k < CHART_GROUP_COUNT; k++) {
		const struct ratetab_group *g = org ? &org->group[chart_group(k)]
						    : &rt->government[chart_group(k)];
		uint64_t counts[3] = {g->answers.implemented, g->answers.not_implemented,
				      g->answers.not_applicable};
		uint64_t total = counts[0] + counts[1] + counts[2];
		if (!total)
			continue;
		/* the last bar pools the answers of every group: a total, not the all-groups average */
		bl[bars] = chart_group(k) == GROUP_ALL ? T(o->lang, "全主体（合算）", "All groups (pooled)")
							 : label_group(chart_group(k), o->lang);
		char nbuf[40];
		sub[bars] = keep(cs, xasprintf("(N=%s)", label_count(total, nbuf, sizeof nbuf)));
		for (int a = 0; a < 3; a++) {
			v[bars * 3 + (size_t)a] = rate_approx(&g->answer_share[a]);
			char buf[32];
			vl[bars * 3 + (size_t)a] = str(cs, rate_format_percent(g->answer_share_percent[a], RATE_STYLE_ASCII,
										buf, sizeof buf));
		}
		bars++;
	}
	opts[0] = T(o->lang, "実施", "Implemented");
	opts[1] = T(o->lang, "未実施", "Not implemented");
	opts[2] = T(o->lang, "該当なし", "Not applicable");
	c->bar_count = bars;
	c->bar_labels = bl;
	c->bar_sublabels = sub;
	c->option_count = 3;
	c->option_labels = opts;
	c->values = v;
	c->value_labels = vl;
	const char *who = org ? label_org(&org->tally->org, o->lang) : T(o->lang, "政府機関全体", "Government-wide");
	c->frame.title = o->title ? str(cs, o->title)
		: keep(cs, label_is_en(o->lang) ? xasprintf("%s: answers by subject group", who)
						: xasprintf("%s 主体別の回答の内訳", who));
	cs->rows = 0;
	return 0;
}

static struct chart_frame *chartset_frame(struct chartset *cs)
{
	switch (cs->kind) {
	case TC_TREND:
		return &cs->c.trend.frame;
	case TC_ORG_BARS:
		return &cs->c.bars.frame;
	case TC_HEATMAP:
		return &cs->c.heatmap.frame;
	case TC_GRADE_MATRIX:
		return &cs->c.matrix.frame;
	case TC_ORG_ITEMS:
		return &cs->c.items.frame;
	default:
		return &cs->c.stacked.frame;
	}
}

int chartset_build(const struct repdata *d, const struct chartset_options *o,
		   struct chartset **out)
{
	struct chartset *cs = xcalloc(1, sizeof *cs);
	cs->kind = o->kind;
	cs->lang = label_is_en(o->lang) ? "en" : "ja";
	int rc = 0;
	switch (o->kind) {
	case TC_TREND:
		build_trend(cs, d, o);
		break;
	case TC_ORG_BARS:
		build_bars(cs, d, o);
		break;
	case TC_HEATMAP:
		build_heatmap(cs, d, o);
		break;
	case TC_GRADE_MATRIX:
		build_matrix(cs, d, o);
		break;
	case TC_ORG_ITEMS:
		rc = build_items(cs, d, o);
		break;
	case TC_ANSWERS:
		rc = build_answers(cs, d, o);
		break;
	default:
		rc = diag_error("unknown chart kind");
		break;
	}
	if (rc) {
		chartset_free(cs);
		*out = NULL;
		return -1;
	}
	if (o->bare && !o->title)
		chartset_frame(cs)->title = NULL;
	/* English in the Latin face of the English report (a Japanese character falls back to
	 * the CJK face) */
	if (label_is_en(o->lang))
		chartset_frame(cs)->font = FONTCFG_LATIN_FIRST;
	*out = cs;
	return 0;
}

void chartset_free(void *p)
{
	struct chartset *cs = p;
	if (!cs)
		return;
	for (size_t i = 0; i < cs->pool_count; i++)
		free(cs->pool[i]);
	free(cs->pool);
	free(cs);
}

void chartset_draw(cairo_t *cr, double width, double height, const void *p)
{
	const struct chartset *cs = p;
	switch (cs->kind) {
	case TC_TREND:
		chart_draw_trend(cr, width, height, &cs->c.trend);
		break;
	case TC_ORG_BARS:
		chart_draw_bars(cr, width, height, &cs->c.bars);
		break;
	case TC_HEATMAP:
		chart_draw_heatmap(cr, width, height, &cs->c.heatmap);
		break;
	case TC_GRADE_MATRIX:
		chart_draw_grade_matrix(cr, width, height, &cs->c.matrix);
		break;
	case TC_ORG_ITEMS:
		chart_draw_items(cr, width, height, &cs->c.items);
		break;
	case TC_ANSWERS:
	default:
		chart_draw_stacked(cr, width, height, &cs->c.stacked);
		break;
	}
}

double chartset_natural_height(const struct chartset *cs, double width)
{
	double rows = (double)cs->rows;
	switch (cs->kind) {
	case TC_ORG_BARS: {
		/* room for a long name on two lines */
		size_t longest = 0;
		for (size_t i = 0; i < cs->c.bars.count; i++)
			longest = strlen(cs->c.bars.labels[i]) > longest ? strlen(cs->c.bars.labels[i]) : longest;
		return 76 + rows * (longest > 40 ? 22 : 11);
	}
	case TC_HEATMAP: {
		/* room for a long name on two lines */
		size_t longest = 0;
		for (size_t i = 0; i < cs->c.heatmap.rows; i++)
			longest = strlen(cs->c.heatmap.row_labels[i]) > longest ? strlen(cs->c.heatmap.row_labels[i]) : longest;
		return 170 + rows * (longest > 40 ? 22 : 15);
	}
	case TC_ORG_ITEMS:
		return 80 + rows * 14;
	case TC_GRADE_MATRIX: {
		/* the fullest cell's names at a readable size (about 4.2 points a Latin letter and
		 * 2.4 a byte of a Japanese one, lines of 10.5 points, under a count line), in each
		 * of the four rows */
		const struct chart_grade_matrix *m = &cs->c.matrix;
		double cell_w = (width - 70) / 4, rows_h = 0;
		for (char g = 'A'; g <= 'D'; g++) {
			double most = 0;
			for (char k = 'A'; k <= 'D'; k++) {
				/* a name over half the cell's width takes lines of its own */
				double lines = 0;
				for (size_t i = 0; i < m->count; i++) {
					if (m->grasp[i] != g || m->implementation[i] != k)
						continue;
					double points = 6;
					for (const unsigned char *u = (const unsigned char *)m->names[i]; *u; u++)
						points += *u < 0x80 ? 4.2 : 2.4;
					double cw = fmax(cell_w, 20);
					lines += points > cw / 2 ? ceil(points / cw) : points / cw;
				}
				most = fmax(most, ceil(lines));
			}
			/* each row as tall as its fullest cell (chart.c shares out the rows so) */
			rows_h += 26 + most * 10.5;
		}
		return fmin(fmax(fmin(width * 0.55, 300), rows_h + 70), 600);
	}
	default:
		return fmin(width * 0.55, 300);
	}
}

/* ------------------------------------------------------------------ alternative text */

static void sep(struct strbuf *sb, bool en, bool *first)
{
	if (!*first)
		strbuf_addstr(sb, en ? ", " : "、");
	*first = false;
}

static const char *or_dash(const char *s, bool en)
{
	return s && *s ? s : en ? "-" : "－";
}

static void alt_trend(const struct chart_trend *c, bool en, struct strbuf *sb)
{
	size_t last = c->year_count ? c->year_count - 1 : 0;
	if (c->year_count) {
		strbuf_addf(sb, en ? "%s: " : "%s：", c->year_labels[last]);
		bool first = true;
		for (size_t s = 0; s < c->series_count; s++) {
			sep(sb, en, &first);
			strbuf_addf(sb, "%s %s", c->series_names[s], or_dash(c->value_labels[s * c->year_count + last], en));
		}
		strbuf_addstr(sb, en ? ". " : "。");
	}
	if (c->break_before > 0 && (size_t)c->break_before < c->year_count)
		strbuf_addf(sb, en ? "The series breaks before %s (change of method). " : "%sの前で点検方法が変わり、系列が途切れる。",
			    c->year_labels[c->break_before]);
	strbuf_addstr(sb, en ? "Values by year: " : "年度別の値：");
	for (size_t s = 0; s < c->series_count; s++) {
		strbuf_addf(sb, en ? "%s: " : "%s（", c->series_names[s]);
		bool first = true;
		for (size_t y = 0; y < c->year_count; y++) {
			sep(sb, en, &first);
			strbuf_addf(sb, "%s %s", c->year_labels[y], or_dash(c->value_labels[s * c->year_count + y], en));
		}
		strbuf_addstr(sb, en ? (s + 1 < c->series_count ? "; " : ".") : "）");
	}
	if (!en)
		strbuf_addstr(sb, "。");
}

static void alt_bars(const struct chart_bars *c, bool en, struct strbuf *sb)
{
	size_t lowest = c->count, below = 0, missing = 0;
	for (size_t i = 0; i < c->count; i++) {
		if (isnan(c->values[i])) {
			missing++;
			continue;
		}
		if (lowest == c->count || c->values[i] < c->values[lowest])
			lowest = i;
		below += !isnan(c->reference) && c->values[i] < c->reference;
	}
	if (c->reference_label)
		strbuf_addf(sb, en ? "%s. " : "%s。", c->reference_label);
	if (lowest < c->count)
		strbuf_addf(sb, en ? "Lowest: %s at %s. " : "最も低いのは%sの%s。", c->labels[lowest],
			    or_dash(c->value_labels[lowest], en));
	if (!isnan(c->reference))
		strbuf_addf(sb, en ? "%zu of %zu ministries are below it. " : "%zu府省庁のうち%zu府省庁がこれを下回る。",
			    en ? below : c->count, en ? c->count : below);
	if (missing)
		strbuf_addf(sb, en ? "%zu without a value. " : "値のないもの%zu。", missing);
	strbuf_addstr(sb, en ? "Values: " : "各府省庁の値：");
	bool first = true;
	for (size_t i = 0; i < c->count; i++) {
		sep(sb, en, &first);
		strbuf_addf(sb, "%s %s", c->labels[i], or_dash(c->value_labels[i], en));
	}
	strbuf_addstr(sb, en ? "." : "。");
}

static void alt_heatmap(const struct chart_heatmap *c, bool en, struct strbuf *sb)
{
	size_t low = SIZE_MAX;
	for (size_t i = 0; i < c->rows * c->cols; i++)
		if (!isnan(c->values[i]) && (low == SIZE_MAX || c->values[i] < c->values[low]))
			low = i;
	if (low != SIZE_MAX)
		strbuf_addf(sb, en ? "Lowest: %s, %s at %s%%. " : "最も低いのは%sの「%s」で%s％。",
			    c->row_labels[low / c->cols], c->col_labels[low % c->cols], c->cell_labels[low]);
	strbuf_addstr(sb, en ? "Values (%): " : "値（％）：");
	for (size_t r = 0; r < c->rows; r++) {
		strbuf_addf(sb, en ? "%s: " : "%s（", c->row_labels[r]);
		bool first = true;
		for (size_t k = 0; k < c->cols; k++) {
			sep(sb, en, &first);
			const char *v = c->cell_labels[r * c->cols + k];
			strbuf_addf(sb, "%s %s", c->col_labels[k], v ? v : c->missing_label ? c->missing_label : "-");
		}
		strbuf_addstr(sb, en ? (r + 1 < c->rows ? "; " : ".") : "）");
	}
	if (!en)
		strbuf_addstr(sb, "。");
}

static void alt_matrix(const struct chart_grade_matrix *c, bool en, struct strbuf *sb)
{
	for (char g = 'A'; g <= 'D'; g++)
		for (char k = 'A'; k <= 'D'; k++) {
			size_t n = 0;
			for (size_t i = 0; i < c->count; i++)
				n += c->grasp[i] == g && c->implementation[i] == k;
			if (!n)
				continue;
			strbuf_addf(sb, en ? "Grasp %s, implementation %s: %zu (" : "把握率%s・実施率%s：%zu府省庁（",
				    c->grade_labels[g - 'A'], c->grade_labels[k - 'A'], n);
			bool first = true;
			for (size_t i = 0; i < c->count; i++)
				if (c->grasp[i] == g && c->implementation[i] == k) {
					sep(sb, en, &first);
					strbuf_addstr(sb, c->names[i]);
				}
			strbuf_addstr(sb, en ? "). " : "）。");
		}
}

static void alt_items(const struct chart_items *c, bool en, struct strbuf *sb)
{
	size_t below = 0;
	for (size_t i = 0; i < c->count; i++)
		below += c->reference && !isnan(c->values[i]) && !isnan(c->reference[i]) && c->values[i] < c->reference[i];
	strbuf_addf(sb, en ? "%zu of %zu items are below the government-wide rate. Values: "
			   : "%zu項目のうち%zu項目が政府機関全体の実施率を下回る。各項目の値：",
		    en ? below : c->count, en ? c->count : below);
	bool first = true;
	for (size_t i = 0; i < c->count; i++) {
		sep(sb, en, &first);
		strbuf_addf(sb, "%s %s", c->labels[i], or_dash(c->value_labels[i], en));
		if (c->reference && !isnan(c->reference[i]))
			strbuf_addf(sb, en ? " (government-wide %.1f%%)" : "（政府機関全体 %.1f％）", c->reference[i]);
	}
	strbuf_addstr(sb, en ? "." : "。");
}

static void alt_stacked(const struct chart_stacked *c, bool en, struct strbuf *sb)
{
	for (size_t b = 0; b < c->bar_count; b++) {
		strbuf_addf(sb, en ? "%s %s: " : "%s%s：", c->bar_labels[b], c->bar_sublabels ? c->bar_sublabels[b] : "");
		bool first = true;
		for (size_t o = 0; o < c->option_count; o++) {
			sep(sb, en, &first);
			strbuf_addf(sb, "%s %s", c->option_labels[o], c->value_labels[b * c->option_count + o]);
		}
		strbuf_addstr(sb, en ? ". " : "。");
	}
}

char *chartset_alt_text(const struct chartset *cs)
{
	bool en = label_is_en(cs->lang);
	struct strbuf sb;
	strbuf_init(&sb);
	switch (cs->kind) {
	case TC_TREND:
		alt_trend(&cs->c.trend, en, &sb);
		break;
	case TC_ORG_BARS:
		alt_bars(&cs->c.bars, en, &sb);
		break;
	case TC_HEATMAP:
		alt_heatmap(&cs->c.heatmap, en, &sb);
		break;
	case TC_GRADE_MATRIX:
		alt_matrix(&cs->c.matrix, en, &sb);
		break;
	case TC_ORG_ITEMS:
		alt_items(&cs->c.items, en, &sb);
		break;
	case TC_ANSWERS:
	default:
		alt_stacked(&cs->c.stacked, en, &sb);
		break;
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = 0;
	return strbuf_detach(&sb);
}
