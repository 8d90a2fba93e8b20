/* views: grids of rates, grades and trends for the text outputs. */
#include "aggregator/views.h"
#include "core/diag.h"
#include "core/era.h"
#include "core/inspection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- by group ---- */

enum {
	G_ORG, G_GROUP, G_TARGETS, G_SUBMITTED, G_GRASP, G_GRASP_GRADE, G_IMPL, G_NOT_IMPL, G_NA,
	G_RATE, G_RATE_GRADE, G_ATT100, G_ATT95, G_ATT90, G_PATT100, G_PATT95, G_PATT90,
};

/* The rate columns after the first two, shared by the group and role views. */
#define RATE_COLUMNS                                                                               \
	{"targets", "対象者数", "Targets", GRID_COUNT},                                            \
	{"submitted", "報告者数", "Submitted", GRID_COUNT},                                        \
	{"grasp_rate", "把握率", "Grasp rate", GRID_RATE},                                         \
	{"grasp_grade", "把握率評価", "Grasp grade", GRID_GRADE},                                  \
	{"implemented", "実施", "Implemented", GRID_COUNT},                                        \
	{"not_implemented", "未実施", "Not implemented", GRID_COUNT},                              \
	{"not_applicable", "該当なし", "Not applicable", GRID_COUNT},                              \
	{"implementation_rate", "実施率", "Implementation rate", GRID_RATE},                       \
	{"implementation_grade", "実施率評価", "Implementation grade", GRID_GRADE},                \
	{"attainment_100", "到達率100%", "Attainment 100%", GRID_RATE},                            \
	{"attainment_95", "到達率95%", "Attainment 95%", GRID_RATE},                               \
	{"attainment_90", "到達率90%", "Attainment 90%", GRID_RATE},                               \
	{"persons_attainment_100", "職員到達率100%", "Persons attainment 100%", GRID_RATE},        \
	{"persons_attainment_95", "職員到達率95%", "Persons attainment 95%", GRID_RATE},           \
	{"persons_attainment_90", "職員到達率90%", "Persons attainment 90%", GRID_RATE}

static const struct grid_column org_group_columns[] = {
	{"organization", "組織", "Organization", GRID_TEXT}, {"group", "主体", "Group", GRID_TEXT}, RATE_COLUMNS,
};
static const struct grid_column unit_group_columns[] = {
	{"unit", "部局等", "Unit", GRID_TEXT}, {"group", "主体", "Group", GRID_TEXT}, RATE_COLUMNS,
};
static const struct grid_column role_columns[] = {
	{"organization", "組織", "Organization", GRID_TEXT}, {"role", "役割", "Role", GRID_TEXT},
	{"group", "主体", "Group", GRID_TEXT}, RATE_COLUMNS,
};

/* The rate cells of one row, from column first on (in the order of RATE_COLUMNS). Counts a
 * tally does not carry stay empty. */
static void rate_cells(struct grid *g, size_t first, const struct ratetab_group *rg)
{
	size_t r = (size_t)-1, d = first - G_TARGETS;
	if (rg->counts_known) {
		grid_set_count(g, r, d + G_TARGETS, rg->targets);
		grid_set_count(g, r, d + G_SUBMITTED, rg->submitted);
	}
	grid_set_rate(g, r, d + G_GRASP, rg->grasp_tenths);
	grid_set_grade(g, r, d + G_GRASP_GRADE, rg->grasp_grade);
	grid_set_count(g, r, d + G_IMPL, rg->answers.implemented);
	grid_set_count(g, r, d + G_NOT_IMPL, rg->answers.not_implemented);
	grid_set_count(g, r, d + G_NA, rg->answers.not_applicable);
	grid_set_rate(g, r, d + G_RATE, rg->implementation_tenths);
	grid_set_grade(g, r, d + G_RATE_GRADE, rg->implementation_grade);
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++) {
		grid_set_rate(g, r, d + G_ATT100 + (size_t)a, rg->attainment_tenths[a]);
		grid_set_rate(g, r, d + G_PATT100 + (size_t)a, rg->persons_attainment_tenths[a]);
	}
}

static void group_row(struct grid *g, const char *who, int grp, const struct ratetab_group *rg)
{
	grid_add_row(g);
	grid_set_text(g, (size_t)-1, G_ORG, who);
	grid_set_text(g, (size_t)-1, G_GROUP, group_info((enum role_group)grp)->code);
	rate_cells(g, G_TARGETS, rg);
}

struct grid *view_rates_by_group(const struct ratetab *rt, const char *first, bool gov_rows)
{
	bool unit = first && strcmp(first, "unit") == 0;
	struct grid *g = grid_new(unit ? unit_group_columns : org_group_columns, COUNT_OF(org_group_columns));
	for (size_t o = 0; o < rt->org_count; o++) {
		const struct ratetab_org *org = &rt->orgs[o];
		for (int grp = 0; grp < GROUP_SLOTS; grp++)
			if (grp == GROUP_ALL || org->group[grp].present)
				group_row(g, org->tally->org.code, grp, &org->group[grp]);
	}
	for (int grp = 0; gov_rows && grp < GROUP_SLOTS; grp++)
		if (grp == GROUP_ALL || rt->government[grp].present)
			group_row(g, VIEW_GOVERNMENT, grp, &rt->government[grp]);
	return g;
}

/* ---- by role ---- */

static void role_row(struct grid *g, const char *who, int r, const struct ratetab_group *rg)
{
	grid_add_row(g);
	grid_set_text(g, (size_t)-1, 0, who);
	grid_set_text(g, (size_t)-1, 1, role_info((enum role)r)->code);
	grid_set_text(g, (size_t)-1, 2, group_info(role_group_of((enum role)r))->code);
	rate_cells(g, 3, rg);
}

struct grid *view_rates_by_role(const struct ratetab *rt)
{
	struct grid *g = grid_new(role_columns, COUNT_OF(role_columns));
	for (size_t o = 0; o < rt->org_count; o++)
		for (int r = 0; r < ROLE_COUNT; r++)
			if (rt->orgs[o].role[r].present)
				role_row(g, rt->orgs[o].tally->org.code, r, &rt->orgs[o].role[r]);
	for (int r = 0; r < ROLE_COUNT; r++)
		if (rt->gov_role[r].present)
			role_row(g, VIEW_GOVERNMENT, r, &rt->gov_role[r]);
	return g;
}

/* ---- the focused inspection ---- */

static const struct grid_column inspection_columns[] = {
	{"organization", "組織", "Organization", GRID_TEXT},
	{"kind", "対象", "Kind of system", GRID_TEXT},
	{"item", "検査項目", "Item", GRID_TEXT},
	{"systems", "対象数", "Systems", GRID_COUNT},
	{"implemented", "実施", "Implemented", GRID_COUNT},
	{"not_implemented", "未実施", "Not implemented", GRID_COUNT},
	{"not_applicable", "該当なし", "Not applicable", GRID_COUNT},
	{"rate", "実施率(%)", "Rate (%)", GRID_COUNT},
};

static void inspection_rows(struct grid *g, const struct ratetab *rt, const struct ratetab_org *org, const char *who)
{
	const struct inspection *ins = rt->quest->inspection;
	for (size_t i = 0; i < ins->item_count; i++) {
		const struct ratetab_inspection_rate *r = ratetab_inspection_item(rt, org, i);
		if (!r->present)
			continue;
		grid_add_row(g);
		size_t row = (size_t)-1;
		grid_set_text(g, row, 0, who);
		grid_set_text(g, row, 1, ins->kinds[ins->items[i].kind].code);
		grid_set_text(g, row, 2, ins->items[i].id);
		grid_set_count(g, row, 3, r->systems);
		grid_set_count(g, row, 4, r->answers.implemented);
		grid_set_count(g, row, 5, r->answers.not_implemented);
		grid_set_count(g, row, 6, r->answers.not_applicable);
		if (r->percent >= 0)
			grid_set_count(g, row, 7, (uint64_t)r->percent);
	}
}

struct grid *view_rates_by_inspection(const struct ratetab *rt)
{
	struct grid *g = grid_new(inspection_columns, COUNT_OF(inspection_columns));
	if (!rt->quest->inspection)
		return g;
	for (size_t o = 0; o < rt->org_count; o++)
		inspection_rows(g, rt, &rt->orgs[o], rt->orgs[o].tally->org.code);
	inspection_rows(g, rt, NULL, VIEW_GOVERNMENT);
	return g;
}

/* ---- by item and category ---- */

static const struct grid_column item_columns[] = {
	{"organization", "組織", "Organization", GRID_TEXT},
	{"group", "主体", "Group", GRID_TEXT},
	{"item", "項目", "Item", GRID_TEXT},
	{"category", "分類", "Category", GRID_TEXT},
	{"clause", "条項", "Clause", GRID_TEXT},
	{"implemented", "実施", "Implemented", GRID_COUNT},
	{"not_implemented", "未実施", "Not implemented", GRID_COUNT},
	{"not_applicable", "該当なし", "Not applicable", GRID_COUNT},
	{"implementation_rate", "実施率", "Implementation rate", GRID_RATE},
	{"implementation_grade", "実施率評価", "Implementation grade", GRID_GRADE},
};

static const struct grid_column category_columns[] = {
	{"organization", "組織", "Organization", GRID_TEXT},
	{"group", "主体", "Group", GRID_TEXT},
	{"category", "分類", "Category", GRID_TEXT},
	{"implemented", "実施", "Implemented", GRID_COUNT},
	{"not_implemented", "未実施", "Not implemented", GRID_COUNT},
	{"not_applicable", "該当なし", "Not applicable", GRID_COUNT},
	{"implementation_rate", "実施率", "Implementation rate", GRID_RATE},
	{"implementation_grade", "実施率評価", "Implementation grade", GRID_GRADE},
};

/* Whether any role of group answers item i. */
static bool item_in_group(const struct quest *q, size_t i, int grp)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (quest_item_has_role(&q->items[i], (enum role)r) && role_in_group((enum role)r, (enum role_group)grp))
			return true;
	return false;
}

static bool category_in_group(const struct quest *q, size_t c, int grp)
{
	for (size_t i = 0; i < q->item_count; i++)
		if (q->items[i].category == c && item_in_group(q, i, grp))
			return true;
	return false;
}

static void counts_cells(struct grid *g, size_t first, const struct ratetab_rate *r)
{
	grid_set_count(g, (size_t)-1, first, r->answers.implemented);
	grid_set_count(g, (size_t)-1, first + 1, r->answers.not_implemented);
	grid_set_count(g, (size_t)-1, first + 2, r->answers.not_applicable);
	grid_set_rate(g, (size_t)-1, first + 3, r->tenths);
	grid_set_grade(g, (size_t)-1, first + 4, r->grade);
}

static void item_rows(struct grid *g, const struct ratetab *rt, const struct ratetab_org *org, int grp)
{
	const struct quest *q = rt->quest;
	const char *who = org ? org->tally->org.code : VIEW_GOVERNMENT;
	for (size_t i = 0; i < q->item_count; i++) {
		if (!item_in_group(q, i, grp))
			continue;
		grid_add_row(g);
		grid_set_text(g, (size_t)-1, 0, who);
		grid_set_text(g, (size_t)-1, 1, group_info((enum role_group)grp)->code);
		grid_set_text(g, (size_t)-1, 2, q->items[i].id);
		grid_set_text(g, (size_t)-1, 3, q->categories[q->items[i].category].code);
		grid_set_text(g, (size_t)-1, 4, q->items[i].clause);
		counts_cells(g, 5, ratetab_item(rt, org, (enum role_group)grp, i));
	}
}

static void category_rows(struct grid *g, const struct ratetab *rt, const struct ratetab_org *org, int grp)
{
	const struct quest *q = rt->quest;
	for (size_t c = 0; c < q->category_count; c++) {
		if (!category_in_group(q, c, grp))
			continue;
		grid_add_row(g);
		grid_set_text(g, (size_t)-1, 0, org ? org->tally->org.code : VIEW_GOVERNMENT);
		grid_set_text(g, (size_t)-1, 1, group_info((enum role_group)grp)->code);
		grid_set_text(g, (size_t)-1, 2, q->categories[c].code);
		counts_cells(g, 3, ratetab_category(rt, org, (enum role_group)grp, c));
	}
}

static struct grid *per_slot(const struct ratetab *rt, const struct grid_column *cols, size_t ncols,
			     void (*rows)(struct grid *, const struct ratetab *, const struct ratetab_org *, int))
{
	struct grid *g = grid_new(cols, ncols);
	for (size_t o = 0; o < rt->org_count; o++)
		for (int grp = 0; grp < GROUP_SLOTS; grp++)
			if (grp == GROUP_ALL || rt->orgs[o].group[grp].present)
				rows(g, rt, &rt->orgs[o], grp);
	for (int grp = 0; grp < GROUP_SLOTS; grp++)
		if (rt->government[grp].present)
			rows(g, rt, NULL, grp);
	return g;
}

struct grid *view_rates_by_item(const struct ratetab *rt)
{
	return per_slot(rt, item_columns, COUNT_OF(item_columns), item_rows);
}

struct grid *view_rates_by_category(const struct ratetab *rt)
{
	return per_slot(rt, category_columns, COUNT_OF(category_columns), category_rows);
}

/* ---- grades ---- */

static const struct grid_column grade_columns[] = {
	{"organization", "組織", "Organization", GRID_TEXT},
	{"name", "府省庁名", "Name", GRID_TEXT},
	{"grasp_rate", "把握率", "Grasp rate", GRID_RATE},
	{"grasp_grade", "把握率評価", "Grasp grade", GRID_GRADE},
	{"implementation_rate", "実施率", "Implementation rate", GRID_RATE},
	{"implementation_grade", "実施率評価", "Implementation grade", GRID_GRADE},
};

struct grid *view_grades(const struct ratetab *rt, const char *lang)
{
	struct grid *g = grid_new(grade_columns, COUNT_OF(grade_columns));
	for (size_t o = 0; o < rt->org_count; o++) {
		const struct ratetab_org *org = &rt->orgs[o];
		const struct ratetab_group *all = &org->group[GROUP_ALL];
		grid_add_row(g);
		grid_set_text(g, (size_t)-1, 0, org->tally->org.code);
		grid_set_text(g, (size_t)-1, 1, org_name(&org->tally->org, lang));
		grid_set_rate(g, (size_t)-1, 2, all->grasp_tenths);
		grid_set_grade(g, (size_t)-1, 3, all->grasp_grade);
		grid_set_rate(g, (size_t)-1, 4, all->implementation_tenths);
		grid_set_grade(g, (size_t)-1, 5, all->implementation_grade);
	}
	return g;
}

/* ---- trend ---- */

static const struct grid_column trend_long_columns[] = {
	{"fiscal_year", "年度", "Fiscal year", GRID_TEXT},
	{"metric", "指標", "Metric", GRID_TEXT},
	{"group", "主体", "Group", GRID_TEXT},
	{"rate", "率", "Rate", GRID_RATE},
	{"grade", "評価", "Grade", GRID_GRADE},
	{"source", "出典", "Source", GRID_TEXT},
	{"series_break", "系列の断絶", "Series break", GRID_TEXT},
};

static bool break_before(const struct trend *t, int year)
{
	for (size_t i = 0; i < t->break_count; i++)
		if (t->breaks[i].fiscal_year == year)
			return true;
	return false;
}

static const char *source_code(enum trend_source s)
{
	return s == TREND_TALLY ? "tally" : s == TREND_HISTORY ? "history" : "";
}

struct grid *view_trend_long(const struct trend *t)
{
	struct grid *g = grid_new(trend_long_columns, COUNT_OF(trend_long_columns));
	for (int year = t->from; year <= t->to; year++) {
		char ybuf[16];
		snprintf(ybuf, sizeof ybuf, "%d", year);
		for (int m = 0; m < 2; m++)
			for (int grp = 0; grp < GROUP_SLOTS; grp++) {
				const struct trend_point *p = m == 0 ? trend_implementation(t, year, (enum role_group)grp)
								     : trend_grasp(t, year, (enum role_group)grp);
				if (p->source == TREND_NONE)
					continue;
				grid_add_row(g);
				grid_set_text(g, (size_t)-1, 0, ybuf);
				grid_set_text(g, (size_t)-1, 1, m == 0 ? "implementation" : "grasp");
				grid_set_text(g, (size_t)-1, 2, group_info((enum role_group)grp)->code);
				grid_set_rate(g, (size_t)-1, 3, p->tenths);
				grid_set_grade(g, (size_t)-1, 4, p->grade);
				grid_set_text(g, (size_t)-1, 5, source_code(p->source));
				grid_set_text(g, (size_t)-1, 6, break_before(t, year) ? "before" : "");
			}
	}
	return g;
}

struct grid *view_trend_wide(const struct trend *t, const char *lang)
{
	bool en = lang && strcmp(lang, "en") == 0;
	size_t ncols = 2 + t->year_count;
	struct grid_column *cols = xcalloc(ncols, sizeof *cols);
	cols[0] = (struct grid_column){"metric", "指標", "Metric", GRID_TEXT};
	cols[1] = (struct grid_column){"group", "主体", "Group", GRID_TEXT};
	struct grid *g = grid_new(cols, ncols);
	grid_own(g, cols);
	for (size_t y = 0; y < t->year_count; y++) {
		int year = t->from + (int)y;
		char ja[40], fy[40];
		era_fiscal_year_ja(year, ja, sizeof ja);
		era_fiscal_year_en(year, fy, sizeof fy);
		const char *mark = break_before(t, year) ? "| " : "";
		char *hja = xasprintf("%s%s", mark, ja), *hen = xasprintf("%s%s", mark, fy);
		char *code = xasprintf("%d", year);
		grid_own(g, hja);
		grid_own(g, hen);
		grid_own(g, code);
		cols[2 + y] = (struct grid_column){code, hja, hen, GRID_RATE};
	}
	for (int m = 0; m < 2; m++)
		for (int grp = 0; grp < GROUP_SLOTS; grp++) {
			bool any = false;
			for (int year = t->from; year <= t->to; year++) {
				const struct trend_point *p = m == 0 ? trend_implementation(t, year, (enum role_group)grp)
								     : trend_grasp(t, year, (enum role_group)grp);
				any |= p->source != TREND_NONE;
			}
			if (!any)
				continue;
			grid_add_row(g);
			grid_set_text(g, (size_t)-1, 0, m == 0 ? (en ? "implementation" : "実施率") : (en ? "grasp" : "把握率"));
			grid_set_text(g, (size_t)-1, 1, group_name((enum role_group)grp, en ? "en" : "ja"));
			for (size_t y = 0; y < t->year_count; y++) {
				int year = t->from + (int)y;
				const struct trend_point *p = m == 0 ? trend_implementation(t, year, (enum role_group)grp)
								     : trend_grasp(t, year, (enum role_group)grp);
				grid_set_rate(g, (size_t)-1, 2 + y, p->tenths);
			}
		}
	return g;
}

/* ---- one organisation's trend ---- */

static const struct grid_column trend_org_columns[] = {
	{"fiscal_year", "年度", "Fiscal year", GRID_TEXT},
	{"organization", "組織", "Organization", GRID_TEXT},
	{"group", "主体", "Group", GRID_TEXT},
	{"grasp_rate", "把握率", "Grasp rate", GRID_RATE},
	{"grasp_grade", "把握率評価", "Grasp grade", GRID_GRADE},
	{"implementation_rate", "実施率", "Implementation rate", GRID_RATE},
	{"implementation_grade", "実施率評価", "Implementation grade", GRID_GRADE},
	{"attainment_100", "到達率100%", "Attainment 100%", GRID_RATE},
	{"attainment_95", "到達率95%", "Attainment 95%", GRID_RATE},
	{"attainment_90", "到達率90%", "Attainment 90%", GRID_RATE},
	{"persons_attainment_100", "職員到達率100%", "Persons attainment 100%", GRID_RATE},
	{"persons_attainment_95", "職員到達率95%", "Persons attainment 95%", GRID_RATE},
	{"persons_attainment_90", "職員到達率90%", "Persons attainment 90%", GRID_RATE},
	{"source", "出典", "Source", GRID_TEXT},
	{"method", "算出方法", "Method", GRID_TEXT},
	{"series_break", "系列の断絶", "Series break", GRID_TEXT},
};

static bool org_group_known(const struct trend_org_year *oy, int grp)
{
	if (oy->grasp[grp].source != TREND_NONE || oy->implementation[grp].source != TREND_NONE)
		return true;
	for (int k = 0; k < RATETAB_ATTAINMENT_COUNT; k++)
		if (oy->attainment_items[grp][k].source != TREND_NONE ||
		    oy->attainment_persons[grp][k].source != TREND_NONE)
			return true;
	return false;
}

static const char *org_source_text(enum trend_source s, const char *lang)
{
	static const char *const code[] = {"none", "tally", "history"};
	static const char *const ja[] = {"なし", "集計", "公表値"};
	static const char *const en[] = {"none", "tally", "published"};
	return !lang ? code[s] : strcmp(lang, "en") == 0 ? en[s] : ja[s];
}

static const char *org_method_text(enum rate_method m, const char *lang)
{
	if (!lang)
		return rate_method_code(m);
	if (strcmp(lang, "en") == 0)
		return m == RATE_METHOD_POOLED ? "pooled" : "NISC";
	return m == RATE_METHOD_POOLED ? "合算" : "NISC方式";
}

struct grid *view_trend_org(const struct trend_org *t, const char *lang)
{
	struct grid *g = grid_new(trend_org_columns, COUNT_OF(trend_org_columns));
	bool listed[GROUP_SLOTS] = {[GROUP_ALL] = true};
	for (size_t y = 0; y < t->year_count; y++)
		for (int grp = 0; grp < GROUP_SLOTS; grp++)
			listed[grp] |= org_group_known(&t->years[y], grp);
	for (size_t y = 0; y < t->year_count; y++) {
		const struct trend_org_year *oy = &t->years[y];
		int year = t->from + (int)y;
		char ybuf[16];
		snprintf(ybuf, sizeof ybuf, "%d", year);
		bool brk = trend_org_break_before(t, year);
		for (int grp = 0; grp < GROUP_SLOTS; grp++) {
			if (!listed[grp])
				continue;
			bool known = org_group_known(oy, grp);
			size_t r = grid_add_row(g);
			grid_set_text(g, r, 0, ybuf);
			grid_set_text(g, r, 1, t->org.code);
			/* the organisation as a whole is not a mean of organisations: 全体 / All */
			const char *gname = !lang ? group_info((enum role_group)grp)->code
					    : grp != GROUP_ALL ? group_name((enum role_group)grp, lang)
					    : strcmp(lang, "en") == 0 ? "All" : "全体";
			grid_set_text(g, r, 2, gname);
			grid_set_rate(g, r, 3, oy->grasp[grp].tenths);
			grid_set_grade(g, r, 4, oy->grasp[grp].grade);
			grid_set_rate(g, r, 5, oy->implementation[grp].tenths);
			grid_set_grade(g, r, 6, oy->implementation[grp].grade);
			for (int k = 0; k < RATETAB_ATTAINMENT_COUNT; k++) {
				grid_set_rate(g, r, 7 + (size_t)k, oy->attainment_items[grp][k].tenths);
				grid_set_rate(g, r, 10 + (size_t)k, oy->attainment_persons[grp][k].tenths);
			}
			grid_set_text(g, r, 13, org_source_text(known ? oy->source : TREND_NONE, lang));
			grid_set_text(g, r, 14, known ? org_method_text(oy->method, lang) : "");
			grid_set_text(g, r, 15, !brk ? "" : !lang ? "before" : strcmp(lang, "en") == 0 ? "before" : "断絶あり");
		}
	}
	return g;
}
