/* report: a template filled with a year's rates, trend and narratives, laid out as a PDF. */
#include "renderer/report.h"

#include "core/diag.h"
#include "core/era.h"
#include "core/rate.h"
#include "core/text.h"
#include "renderer/chartset.h"
#include "renderer/inspreport.h"
#include "renderer/label.h"
#include "renderer/narrative.h"
#include "renderer/pdfdoc.h"
#include "renderer/practices.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ctx {
	const struct template *t;
	const struct repdata *d;
	const char *lang;
	struct pdfdoc *doc;
	struct narrative **narratives;    /* per organisation in report order, in the report's
					   * language; NULL entries */
	struct narrative **originals;     /* English report: the Japanese originals, whose texts
					   * missing from the translation are marked; else NULL */
	const struct practices *practices; /* NULL: none given */
	int seq[7];                       /* per heading level: numbered headings printed since
					   * the last heading of a higher level */
	int seq_level;                    /* level of the heading being expanded; 0 outside */
	const struct ratetab_org *org;    /* inside an organisations section */
	size_t org_index;
	char value[512];                  /* the last looked-up placeholder value */
	int table_limit;                  /* rows the table being written shows at most; 0: all */
	char *above_done;                 /* the last narrative "above" heading printed */
	struct report_stats stats;
};


static bool en(const struct ctx *c)
{
	return label_is_en(c->lang);
}

static const char *T(const struct ctx *c, const char *ja, const char *e)
{
	return en(c) ? e : ja;
}

static char *rate_text(const struct ctx *c, int tenths, char *buf, size_t size)
{
	return label_rate(tenths, c->lang, false, buf, size);
}

/* ------------------------------------------------------------------ placeholders */

static int lowest_category(const struct ctx *c, const struct ratetab_org *org, enum role_group g,
			   int *tenths)
{
	const struct ratetab *rt = c->d->rates;
	int best = -1;
	*tenths = -1;
	for (size_t k = 0; k < rt->quest->category_count; k++) {
		const struct ratetab_rate *r = ratetab_category(rt, org, g, k);
		if (!r || !r->present || r->tenths < 0)
			continue;
		if (best < 0 || r->tenths < *tenths) {
			best = (int)k;
			*tenths = r->tenths;
		}
	}
	return best;
}

static size_t low_items(const struct ctx *c, const struct ratetab_org *org, size_t *idx)
{
	const struct ratetab *rt = c->d->rates;
	size_t n = 0;
	for (size_t i = 0; i < rt->quest->item_count; i++) {
		const struct ratetab_rate *x = ratetab_item(rt, org, GROUP_ALL, i);
		const struct ratetab_rate *g = ratetab_item(rt, NULL, GROUP_ALL, i);
		if (!x || !g || !x->present || !g->present || x->tenths < 0 || g->tenths < 0)
			continue;
		if (x->tenths < g->tenths && idx)
			idx[n] = i;
		n += x->tenths < g->tenths;
	}
	return n;
}

static const char *fiscal(struct ctx *c, int year, bool short_form)
{
	if (short_form)
		return en(c) ? era_fiscal_year_en(year, c->value, sizeof c->value)
			     : era_fiscal_year_short(year, c->value, sizeof c->value);
	return era_fiscal_year(year, en(c) ? "en" : "ja", c->value, sizeof c->value);
}

/* ---- the previous year */

/* The previous year's point of metric m in group g of the organisation in scope, NULL when
 * not known (a grade published without its rate is not a value to compare). */
static const struct trend_point *org_prev_point(const struct ctx *c, enum template_metric m, int g)
{
	const struct trend_org_year *oy = repdata_org_previous(c->d, c->org_index);
	if (!oy)
		return NULL;
	const struct trend_point *p = m == TM_GRASP ? &oy->grasp[g] : &oy->implementation[g];
	return p->source != TREND_NONE && p->tenths >= 0 ? p : NULL;
}

static bool gov_break_before(const struct trend *t, int year)
{
	for (size_t i = 0; i < t->break_count; i++)
		if (t->breaks[i].fiscal_year == year)
			return true;
	return false;
}

/* The printed values of metric m in group g this year (*cur) and the previous year (*prev),
 * -1 when unknown, of the organisation in scope (org) or the government. True when the two can
 * be compared: both known and no series break between the years. */
static bool compare_prev(const struct ctx *c, bool org, enum template_metric m, int g, int *cur, int *prev)
{
	const struct repdata *d = c->d;
	*cur = *prev = -1;
	bool brk;
	if (org) {
		if (!c->org)
			return false;
		const struct ratetab_group *rg = &c->org->group[g];
		*cur = !rg->present ? -1 : m == TM_GRASP ? rg->grasp_tenths : rg->implementation_tenths;
		const struct trend_point *p = org_prev_point(c, m, g);
		*prev = p ? p->tenths : -1;
		brk = trend_org_break_before(d->org_trends[c->org_index], d->year);
	} else {
		const struct ratetab_group *rg = &d->rates->government[g];
		*cur = m == TM_GRASP ? rg->grasp_tenths : rg->implementation_tenths;
		const struct trend_point *p = m == TM_GRASP ? trend_grasp(d->trend, d->year - 1, (enum role_group)g)
							    : trend_implementation(d->trend, d->year - 1, (enum role_group)g);
		*prev = p && p->source != TREND_NONE ? p->tenths : -1;
		brk = gov_break_before(d->trend, d->year);
	}
	return *cur >= 0 && *prev >= 0 && !brk;
}

static bool narrative_has_text(const struct narrative *nv)
{
	if (!nv)
		return false;
	bool any = nv->ciso.text || nv->adviser.text || nv->summary || nv->goal_count ||
		   nv->incidents_text || nv->incident_count;
	for (int p = 0; p < NARRATIVE_PART_COUNT; p++)
		any = any || nv->parts[p];
	return any;
}

/* Organisations that supplied any text of their own (in the English report, counting the
 * Japanese originals whose translation is missing: their places are marked). */
static size_t narrative_count(const struct ctx *c)
{
	size_t n = 0;
	for (size_t i = 0; c->narratives && i < c->d->rates->org_count; i++)
		n += narrative_has_text(c->narratives[i]) ||
		     (c->originals && narrative_has_text(c->originals[i]));
	return n;
}

static bool practices_listed(const struct ctx *c)
{
	return c->practices && (c->practices->recommended_count || c->practices->other_count);
}

static bool condition_holds(const struct ctx *c, const struct template_condition *k)
{
	int cur, prev;
	bool comparable = compare_prev(c, k->org, k->metric, (int)k->group, &cur, &prev);
	switch (k->kind) {
	case TCOND_NONE: return true;
	case TCOND_PREVIOUS: return comparable;
	case TCOND_UP: return comparable && cur > prev;
	case TCOND_DOWN: return comparable && cur < prev;
	case TCOND_SAME: return comparable && cur == prev;
	case TCOND_GRADE_A:
	case TCOND_GRADE_B:
	case TCOND_GRADE_C:
	case TCOND_GRADE_D: {
		if (k->org && !c->org)
			return false;
		const struct ratetab_group *rg = k->org ? &c->org->group[k->group]
							: &c->d->rates->government[k->group];
		char grade = k->metric == TM_GRASP ? rg->grasp_grade : rg->implementation_grade;
		return (!k->org || rg->present) && grade == 'A' + (int)(k->kind - TCOND_GRADE_A);
	}
	case TCOND_NARRATIVES: return narrative_count(c) > 0;
	case TCOND_PRACTICES: return practices_listed(c);
	case TCOND_INSPECTION: return ratetab_inspection_known(c->d->rates, k->org ? c->org : NULL) && (!k->org || c->org);
	}
	return false;
}

/* "前年度から0.3ポイント上昇" / "前年度と同じ" / "" when there is nothing to compare with. */
static const char *change_text(struct ctx *c, bool org, enum template_metric m, int g)
{
	int cur, prev;
	if (!compare_prev(c, org, m, g, &cur, &prev))
		return "";
	if (cur == prev)
		return T(c, "前年度と同じ", "the same as the previous year");
	int diff = cur > prev ? cur - prev : prev - cur;
	if (en(c))
		snprintf(c->value, sizeof c->value, "%s %d.%d points from the previous year", cur > prev ? "up" : "down",
			 diff / 10, diff % 10);
	else
		snprintf(c->value, sizeof c->value, "前年度から%d.%dポイント%s", diff / 10, diff % 10,
			 cur > prev ? "上昇" : "低下");
	return c->value;
}

/* How the year's rates of an organisation as a whole were computed, in words. */
static const char *method_note(struct ctx *c, bool grasp, bool implementation)
{
	bool pooled = c->d->rates->method == RATE_METHOD_POOLED;
	const char *g = pooled
		? T(c, "府省庁の全主体の把握率は、全ての役割の点検票を合算し、報告の対象となった点検票のうち報告された"
		       "点検票の割合とした（複数の役割を担う職員等は役割ごとに数える）。",
		    "A ministry's grasp rate as a whole pools the sheets of all its roles: the share of the "
		    "sheets due that were submitted (a person with several roles counts once per role).")
		: T(c, "府省庁の全主体の把握率は、職員等を1人1回と数え（複数の役割を担う者も1人）、報告の対象となった"
		       "職員等のうち全ての点検票を報告した者の割合である。",
		    "A ministry's grasp rate as a whole counts each person once, whatever roles they hold: the "
		    "share of the persons due to report who submitted every sheet they owed.");
	const char *i = pooled
		? T(c, "府省庁の全主体の実施率は、全ての役割の回答を合算して算出した（回答の多い役割ほど重く数える）。",
		    "A ministry's implementation rate as a whole pools the answers of all its roles (a role "
		    "with more answers weighs more).")
		: T(c, "府省庁の全主体の実施率は、責任者等、システム責任者等及び行政事務従事者に属する主体（役割）ごとの"
		       "実施率を単純平均した値であり、人数で重み付けしていない。",
		    "A ministry's implementation rate as a whole is the simple mean of the implementation "
		    "rates of its roles in the officers, system officers and staff groups, not weighted by the "
		    "number of people.");
	if (grasp && implementation) {
		snprintf(c->value, sizeof c->value, "%s%s%s", g, en(c) ? " " : "", i);
		return c->value;
	}
	return grasp ? g : i;
}

/* The heading's number among its numbered siblings: A B C / ア イ ウ / a b c. */
static const char *seq_text(struct ctx *c, enum template_placeholder id)
{
	static const char *const kana[] = {"ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ",
					   "サ", "シ", "ス", "セ", "ソ", "タ", "チ", "ツ", "テ", "ト"};
	int n = c->seq_level > 0 ? c->seq[c->seq_level] : 1;
	if (n < 1)
		n = 1;
	if (id == TP_SEQ_KANA)
		snprintf(c->value, sizeof c->value, "%s", n <= 20 ? kana[n - 1] : "?");
	else if (n <= 26)
		snprintf(c->value, sizeof c->value, "%c", (id == TP_SEQ_UPPER ? 'A' : 'a') + n - 1);
	else
		snprintf(c->value, sizeof c->value, "%d", n);
	return c->value;
}

/* The lowest category's name (or rate) of the organisation in scope (org) or the
 * government's of group g; "-" when none has a rate. */
static const char *lowest_category_text(struct ctx *c, bool org, enum role_group g, bool rate)
{
	int tenths;
	int k = lowest_category(c, org ? c->org : NULL, g, &tenths);
	if (k < 0)
		return "-";
	if (rate)
		return rate_text(c, tenths, c->value, sizeof c->value);
	snprintf(c->value, sizeof c->value, "%s", quest_text_get(&c->d->rates->quest->categories[k].name, c->lang));
	return c->value;
}

/* The previous year's rate of metric m in group g, of the organisation in scope (org) or the
 * government. */
static const char *prev_rate_text(struct ctx *c, bool org, enum template_metric m, enum role_group g)
{
	const struct repdata *d = c->d;
	const struct trend_point *pt;
	if (org)
		pt = org_prev_point(c, m, (int)g);
	else
		pt = m == TM_GRASP ? trend_grasp(d->trend, d->year - 1, g) : trend_implementation(d->trend, d->year - 1, g);
	return rate_text(c, pt && pt->source != TREND_NONE ? pt->tenths : -1, c->value, sizeof c->value);
}

/* "点検項目の分類別では「…」が…と最も低かった。": naming "the lowest" category only makes sense
 * when one falls short of 100%. */
static const char *category_finding(struct ctx *c)
{
	int tenths;
	int k = lowest_category(c, c->org, GROUP_ALL, &tenths);
	if (k < 0)
		return "";
	if (tenths >= 1000)
		return T(c, "点検項目のすべての分類で実施率は100％であった。",
			 "Every category of check items was implemented at 100%.");
	char rate[32];
	rate_text(c, tenths, rate, sizeof rate);
	const char *cat = quest_text_get(&c->d->rates->quest->categories[k].name, c->lang);
	if (en(c))
		snprintf(c->value, sizeof c->value, "The lowest category was \"%s\" at %s.", cat, rate);
	else
		snprintf(c->value, sizeof c->value, "点検項目の分類別では「%s」が%sと最も低かった。", cat, rate);
	return c->value;
}

/* How many organisations have grade letter in metric grasp (else implementation). */
static const char *grade_count(struct ctx *c, bool grasp, char letter)
{
	const struct ratetab *rt = c->d->rates;
	unsigned n = 0;
	for (size_t i = 0; i < rt->org_count; i++) {
		const struct ratetab_group *og = &rt->orgs[i].group[GROUP_ALL];
		n += (grasp ? og->grasp_grade : og->implementation_grade) == letter;
	}
	snprintf(c->value, sizeof c->value, "%u", n);
	return c->value;
}

static const char *number_text(struct ctx *c, size_t n)
{
	snprintf(c->value, sizeof c->value, "%zu", n);
	return c->value;
}

/* A placeholder's value (template_lookup_fn); NULL for an organisation's value outside an
 * organisations section and for names that are no placeholder. */
static const char *lookup(void *p, const char *name)
{
	struct ctx *c = p;
	const struct repdata *d = c->d;
	const struct ratetab *rt = d->rates;
	int year = d->year;
	char *v = c->value;
	size_t vs = sizeof c->value;
	struct template_placeholder_ref ref;
	if (template_placeholder_parse(name, &ref))
		return NULL;
	if (ref.id == TP_INSPECTION)
		return inspreport_lookup(rt, c->org, c->lang, name, v, vs);
	if (ref.org && !c->org)
		return NULL;
	const struct ratetab_group *rg = ref.org ? &c->org->group[ref.group] : &rt->government[ref.group];
	switch (ref.id) {
	case TP_YEAR: return fiscal(c, year, false);
	case TP_YEAR_SHORT: return fiscal(c, year, true);
	case TP_YEAR_EN: return era_fiscal_year_en(year, v, vs);
	case TP_PREV_YEAR: return fiscal(c, year - 1, false);
	case TP_PREV_YEAR_SHORT: return fiscal(c, year - 1, true);
	case TP_NEXT_YEAR: return fiscal(c, year + 1, false);
	case TP_NEXT_YEAR_SHORT: return fiscal(c, year + 1, true);
	case TP_FIRST_YEAR_SHORT: return fiscal(c, d->trend->from, true);
	case TP_ORG_COUNT: return number_text(c, rt->org_count);
	case TP_NARRATIVE_COUNT: return number_text(c, narrative_count(c));
	case TP_LOWEST_CATEGORY: return lowest_category_text(c, ref.org, ref.group, false);
	case TP_LOWEST_CATEGORY_RATE: return lowest_category_text(c, ref.org, ref.group, true);
	case TP_METHOD_NOTE: return method_note(c, true, true);
	case TP_METHOD_GRASP_NOTE: return method_note(c, true, false);
	case TP_METHOD_IMPLEMENTATION_NOTE: return method_note(c, false, true);
	case TP_INSPECTION: return NULL; /* above */
	case TP_SEQ_UPPER:
	case TP_SEQ_KANA:
	case TP_SEQ_LOWER: return seq_text(c, ref.id);
	case TP_GRASP: return rate_text(c, rg->grasp_tenths, v, vs);
	case TP_IMPLEMENTATION: return rate_text(c, rg->implementation_tenths, v, vs);
	case TP_GRASP_PREV: return prev_rate_text(c, ref.org, TM_GRASP, ref.group);
	case TP_IMPLEMENTATION_PREV: return prev_rate_text(c, ref.org, TM_IMPLEMENTATION, ref.group);
	case TP_CHANGE_GRASP: return change_text(c, ref.org, TM_GRASP, (int)ref.group);
	case TP_CHANGE_IMPLEMENTATION: return change_text(c, ref.org, TM_IMPLEMENTATION, (int)ref.group);
	case TP_ATTAINMENT100: return rate_text(c, rg->attainment_tenths[0], v, vs);
	case TP_ATTAINMENT95: return rate_text(c, rg->attainment_tenths[1], v, vs);
	case TP_ATTAINMENT90: return rate_text(c, rg->attainment_tenths[2], v, vs);
	case TP_GRADES_GRASP: return grade_count(c, true, ref.grade);
	case TP_GRADES_IMPLEMENTATION: return grade_count(c, false, ref.grade);
	case TP_ORG_NAME: return label_org(&c->org->tally->org, c->lang);
	case TP_ORG_CODE: return c->org->tally->org.code;
	case TP_ORG_NUMBER: return number_text(c, c->org_index + 1);
	case TP_ORG_GRASP_GRADE: return label_grade(c->org->group[GROUP_ALL].grasp_grade, c->lang);
	case TP_ORG_IMPLEMENTATION_GRADE: return label_grade(c->org->group[GROUP_ALL].implementation_grade, c->lang);
	case TP_ORG_LOW_ITEM_COUNT: return number_text(c, low_items(c, c->org, NULL));
	case TP_ORG_LOW_ITEM_SHOWN: {
		/* the rows the low items table shows: all of them or its limit */
		size_t n = low_items(c, c->org, NULL);
		if (c->table_limit > 0 && n > (size_t)c->table_limit)
			n = (size_t)c->table_limit;
		return number_text(c, n);
	}
	case TP_ORG_CATEGORY_FINDING: return category_finding(c);
	}
	return NULL;
}

/* The text with its placeholders filled; free() it. NULL gives NULL. */
static char *expand(struct ctx *c, const char *text)
{
	if (!text)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	template_expand(text, lookup, c, &sb);
	return strbuf_detach(&sb);
}

/* expand() for running sentences, which templates fold over several lines: the spaces that
 * folding leaves inside Japanese text are dropped (headings and captions keep theirs). */
static char *expand_sentences(struct ctx *c, const char *text)
{
	char *expanded = expand(c, text);
	if (!expanded)
		return NULL;
	char *joined = text_join_wide(expanded);
	free(expanded);
	return joined;
}

/* ------------------------------------------------------------------ tables */

/* The block's footnotes, attached to the item just added for it. */
static void add_footnotes(struct ctx *c, const struct template_block *b)
{
	for (size_t i = 0; i < b->footnote_count; i++) {
		char *n = expand(c, b->footnotes[i]);
		const char *one[1] = {n};
		pdfdoc_footnotes(c->doc, one, 1);
		free(n);
	}
}

static void add_notes(struct ctx *c, struct pdfdoc_table *tb, const struct template_block *b)
{
	for (size_t i = 0; i < b->note_count; i++) {
		char *n = expand_sentences(c, b->notes[i]);
		pdfdoc_table_note(tb, n);
		free(n);
	}
}

static char *count_text(uint64_t n)
{
	char buf[40];
	return xstrdup(label_count(n, buf, sizeof buf));
}

static struct pdfdoc_table *table_subject_groups(struct ctx *c, const char *caption)
{
	static const double w[4] = {1.6, 3.2, 1.0, 2.4};
	struct pdfdoc_table *tb = pdfdoc_table_new(4, w, caption);
	const char *head[4] = {T(c, "主体", "Subject group"), T(c, "対象となる役割", "Roles"),
			       T(c, "対象職員", "Persons"), T(c, "対象項目", "Items")};
	pdfdoc_table_header(tb, head);
	const struct quest *q = c->d->quest;
	char *standard = xstrdup(quest_text_get(&q->standard, c->lang));
	/* its name only: the first sentence (or clause) of the questionnaire's text */
	for (const char *const *mark = (const char *const[]){"。", ". ", "; ", NULL}; *mark; mark++) {
		char *stop = strstr(standard, *mark);
		if (stop)
			*stop = 0;
	}
	char *items = *standard
		? xasprintf(en(c) ? "The items designated from %s (%zu items)" : "%sのうち指定した点検項目（%zu項目）",
			    standard, q->item_count)
		: xasprintf(en(c) ? "The %zu items of the questionnaire" : "点検票の%zu項目", q->item_count);
	for (int k = 0; k < SUBJECT_GROUP_COUNT; k++) {
		enum role_group g = SUBJECT_GROUPS[k];
		struct strbuf roles;
		strbuf_init(&roles);
		if (g == GROUP_STAFF) {
			strbuf_addstr(&roles, T(c, "左記同様", "Same as the group"));
		} else {
			for (int r = 0; r < ROLE_COUNT; r++) {
				if (role_group_of((enum role)r) != g)
					continue;
				if (roles.len)
					strbuf_addch(&roles, '\n');
				strbuf_addstr(&roles, role_name((enum role)r, en(c) ? "en" : "ja"));
			}
		}
		const char *row[4] = {label_group(g, c->lang), roles.buf,
				      k == 0 ? T(c, "全て対象", "Everyone") : NULL, k == 0 ? items : NULL};
		pdfdoc_table_row(tb, row);
		strbuf_release(&roles);
	}
	free(items);
	free(standard);
	return tb;
}

static struct pdfdoc_table *table_grasp(struct ctx *c, const char *caption)
{
	struct pdfdoc_table *tb = pdfdoc_table_new(4, NULL, caption);
	const char *head[4] = {label_group(GROUP_ALL, c->lang), label_group(GROUP_OFFICERS, c->lang),
			       label_group(GROUP_SYSTEM_OFFICERS, c->lang),
			       label_group(GROUP_STAFF, c->lang)};
	pdfdoc_table_header(tb, head);
	static const enum role_group order[4] = {GROUP_ALL, GROUP_OFFICERS, GROUP_SYSTEM_OFFICERS,
						 GROUP_STAFF};
	char buf[4][32];
	const char *row[4];
	for (int k = 0; k < 4; k++) {
		row[k] = rate_text(c, c->d->rates->government[order[k]].grasp_tenths, buf[k], 32);
		pdfdoc_table_align(tb, (size_t)k, PDFDOC_CENTER);
	}
	pdfdoc_table_row(tb, row);
	return tb;
}

static struct pdfdoc_table *table_trend(struct ctx *c, const struct template_block *b,
					const char *caption)
{
	const struct trend *tr = c->d->trend;
	int to = c->d->year, from = to - b->years + 1;
	if (from < tr->from)
		from = tr->from;
	size_t years = (size_t)(to - from + 1);
	double *w = xcalloc(years + 1, sizeof *w);
	w[0] = 1.8;
	for (size_t y = 0; y < years; y++)
		w[y + 1] = 1;
	struct pdfdoc_table *tb = pdfdoc_table_new(years + 1, w, caption);
	free(w);
	const char **row = xcalloc(years + 1, sizeof *row);
	char (*buf)[32] = xcalloc(years + 1, sizeof *buf);
	row[0] = T(c, "主体", "Subject group");
	for (size_t y = 0; y < years; y++) {
		row[y + 1] = label_year(from + (int)y, c->lang, false, buf[y + 1], 32);
		pdfdoc_table_align(tb, y + 1, PDFDOC_CENTER);
	}
	pdfdoc_table_header(tb, row);
	static const enum role_group order[4] = {GROUP_OFFICERS, GROUP_SYSTEM_OFFICERS, GROUP_STAFF,
						 GROUP_ALL};
	for (int k = 0; k < 4; k++) {
		row[0] = label_group(order[k], c->lang);
		for (size_t y = 0; y < years; y++) {
			const struct trend_point *p = trend_implementation(tr, from + (int)y, order[k]);
			int tenths = p && p->source != TREND_NONE ? p->tenths : -1;
			/* this table writes a half-width % in Japanese too, as the report does */
			row[y + 1] = label_rate(tenths, c->lang, true, buf[y + 1], 32);
		}
		pdfdoc_table_row(tb, row);
	}
	for (size_t i = 0; i < tr->break_count; i++) {
		if (tr->breaks[i].fiscal_year <= from || tr->breaks[i].fiscal_year > to)
			continue;
		const char *note = en(c) ? tr->breaks[i].note_en : tr->breaks[i].note_ja;
		if (!note)
			continue;
		char *n = xasprintf("%s%s", en(c) ? "* " : "※", note);
		pdfdoc_table_note(tb, n);
		free(n);
	}
	free(row);
	free(buf);
	return tb;
}

static struct pdfdoc_table *table_categories(struct ctx *c, const struct template_block *b,
					     const char *caption)
{
	static const double w[2] = {3, 1};
	struct pdfdoc_table *tb = pdfdoc_table_new(2, w, caption);
	const char *head[2] = {T(c, "点検項目", "Category"), T(c, "実施率", "Implementation rate")};
	pdfdoc_table_header(tb, head);
	pdfdoc_table_align(tb, 1, PDFDOC_CENTER);
	const struct quest *q = c->d->quest;
	for (size_t k = 0; k < q->category_count; k++) {
		const struct ratetab_rate *r = ratetab_category(c->d->rates, NULL, b->group, k);
		if (!r || !r->present)
			continue;
		const char *note = quest_text_get(&q->categories[k].note, c->lang);
		char *name = *note ? xasprintf("%s\n%s", quest_text_get(&q->categories[k].name, c->lang), note)
				   : xstrdup(quest_text_get(&q->categories[k].name, c->lang));
		char buf[32];
		const char *row[2] = {name, rate_text(c, r->tenths, buf, sizeof buf)};
		pdfdoc_table_row(tb, row);
		free(name);
	}
	return tb;
}

static void threshold(const struct ctx *c, unsigned tenths, char *buf, size_t size)
{
	if (tenths % 10)
		snprintf(buf, size, "%u.%u%s", tenths / 10, tenths % 10, en(c) ? "%" : "％");
	else
		snprintf(buf, size, "%u%s", tenths / 10, en(c) ? "%" : "％");
}

static struct pdfdoc_table *table_criteria(struct ctx *c)
{
	static const double w[3] = {0.8, 2.2, 5};
	struct pdfdoc_table *tb = pdfdoc_table_new(3, w, NULL);
	const char *head[3] = {T(c, "評価", "Grade"), T(c, "把握率及び実施率", "Grasp and implementation rate"),
			       T(c, "概要", "Meaning")};
	pdfdoc_table_header(tb, head);
	pdfdoc_table_align(tb, 0, PDFDOC_CENTER);
	pdfdoc_table_align(tb, 1, PDFDOC_CENTER);
	const struct grade_scale *s = &c->d->rates->scale;
	char a[16], bb[16], cc[16], range[4][64];
	threshold(c, s->a, a, sizeof a);
	threshold(c, s->b, bb, sizeof bb);
	threshold(c, s->c, cc, sizeof cc);
	snprintf(range[0], 64, "%s", a);
	snprintf(range[1], 64, en(c) ? "%s <= x < %s" : "%s≦x＜%s", bb, a);
	snprintf(range[2], 64, en(c) ? "%s <= x < %s" : "%s≦x＜%s", cc, bb);
	snprintf(range[3], 64, en(c) ? "below %s" : "%s未満", cc);
	static const char *const ja[4] = {
		"実施すべき項目の全てについて、統一基準群に準拠した対策が実施されている。",
		"ほぼ全ての項目について統一基準群に準拠した対策が実施されているが、一部に不十分な項目が見られる。",
		"一部に不十分な項目が見られ、対策の実施に遅れが見られる。",
		"不十分な項目が相当数見られ、対策の実施に大幅な遅れが見られる。",
	};
	static const char *const e[4] = {
		"Every item that must be carried out is carried out as the standards require.",
		"Nearly every item conforms to the standards, but some items fall short.",
		"Some items fall short: the measures are lagging.",
		"A considerable number of items fall short: the measures are seriously lagging.",
	};
	for (int k = 0; k < 4; k++) {
		const char *row[3] = {label_grade((char)('A' + k), c->lang), range[k], en(c) ? e[k] : ja[k]};
		pdfdoc_table_row(tb, row);
	}
	return tb;
}

static const char *org_note(const struct ctx *c, const struct org *o)
{
	for (size_t i = 0; i < c->t->note_count; i++)
		if (!strcmp(c->t->note_codes[i], o->code))
			return c->t->note_texts[i];
	return en(c) ? o->note_en : o->note_ja;
}

static struct pdfdoc_table *table_grades(struct ctx *c, const char *caption)
{
	static const double w[3] = {2, 1, 1};
	struct pdfdoc_table *tb = pdfdoc_table_new(3, w, caption);
	const char *head[3] = {T(c, "府省庁名", "Ministry"), T(c, "把握率の評価", "Grasp grade"),
			       T(c, "実施率の評価", "Implementation grade")};
	pdfdoc_table_header(tb, head);
	pdfdoc_table_align(tb, 1, PDFDOC_CENTER);
	pdfdoc_table_align(tb, 2, PDFDOC_CENTER);
	const struct ratetab *rt = c->d->rates;
	for (size_t i = 0; i < rt->org_count; i++) {
		const struct ratetab_group *g = &rt->orgs[i].group[GROUP_ALL];
		const char *row[3] = {label_org(&rt->orgs[i].tally->org, c->lang),
				      label_grade(g->grasp_grade, c->lang),
				      label_grade(g->implementation_grade, c->lang)};
		pdfdoc_table_row(tb, row);
	}
	for (size_t i = 0; i < rt->org_count; i++) {
		const char *note = org_note(c, &rt->orgs[i].tally->org);
		if (note) {
			char *n = expand(c, note);
			pdfdoc_table_note(tb, n);
			free(n);
		}
	}
	return tb;
}

static struct pdfdoc_table *table_org_rates(struct ctx *c, const char *caption)
{
	static const double w[6] = {2.0, 1, 1, 1.25, 1.25, 1};
	struct pdfdoc_table *tb = pdfdoc_table_new(6, w, caption);
	char *h[6];
	h[0] = xstrdup(T(c, "府省庁名", "Ministry"));
	/* a ministry's value over all its groups is its whole (全体), not an average */
	const char *whole = T(c, "全体", "all groups");
	h[1] = xasprintf("%s\n(%s)", T(c, "把握率", "Grasp"), whole);
	static const enum role_group order[4] = {GROUP_OFFICERS, GROUP_SYSTEM_OFFICERS, GROUP_STAFF, GROUP_ALL};
	for (int k = 0; k < 4; k++)
		h[k + 2] = xasprintf("%s\n(%s)", T(c, "実施率", "Impl."),
				     order[k] == GROUP_ALL ? whole : label_group(order[k], c->lang));
	pdfdoc_table_header(tb, (const char *const *)h);
	for (int k = 0; k < 6; k++) {
		free(h[k]);
		if (k)
			pdfdoc_table_align(tb, (size_t)k, PDFDOC_RIGHT_ALIGN);
	}
	const struct ratetab *rt = c->d->rates;
	char buf[5][32];
	for (size_t i = 0; i <= rt->org_count; i++) {
		const struct ratetab_group *g = i < rt->org_count ? rt->orgs[i].group : rt->government;
		const char *row[6];
		row[0] = i < rt->org_count ? label_org(&rt->orgs[i].tally->org, c->lang)
					   : label_group(GROUP_ALL, c->lang);
		row[1] = rate_text(c, g[GROUP_ALL].grasp_tenths, buf[0], 32);
		for (int k = 0; k < 4; k++)
			row[k + 2] = rate_text(c, g[order[k]].present ? g[order[k]].implementation_tenths : -1,
					       buf[k + 1], 32);
		pdfdoc_table_row(tb, row);
	}
	return tb;
}

static struct pdfdoc_table *table_org_groups(struct ctx *c, const char *caption)
{
	static const double w[9] = {1.9, 1.1, 1.1, 1, 1, 1, 1, 1, 1};
	struct pdfdoc_table *tb = pdfdoc_table_new(9, w, caption);
	const char *head[9] = {
		T(c, "主体", "Subject group"), T(c, "対象者数", "Targets"), T(c, "報告者数", "Submitted"),
		/* English heads in two short lines: nine columns leave no room for "Implementation"
		 * or "Attainment" (the notes under the table spell them out) */
		T(c, "把握率", "Grasp\nrate"), T(c, "実施率", "Impl.\nrate"), T(c, "前年度", "Previous\nyear"),
		T(c, "到達率\n(100%)", "Attain.\n(100%)"), T(c, "到達率\n(95%)", "Attain.\n(95%)"),
		T(c, "到達率\n(90%)", "Attain.\n(90%)"),
	};
	pdfdoc_table_header(tb, head);
	for (size_t k = 1; k < 9; k++)
		pdfdoc_table_align(tb, k, PDFDOC_RIGHT_ALIGN);
	static const enum role_group order[4] = {GROUP_OFFICERS, GROUP_SYSTEM_OFFICERS, GROUP_STAFF, GROUP_ALL};
	for (int k = 0; k < 4; k++) {
		const struct ratetab_group *g = &c->org->group[order[k]];
		if (!g->present)
			continue;
		/* the previous fiscal year's implementation rate of the group, a dash when unknown */
		const struct trend_point *prev = org_prev_point(c, TM_IMPLEMENTATION, order[k]);
		char buf[6][32];
		char *targets = count_text(g->targets), *submitted = count_text(g->submitted);
		const char *row[9] = {
			order[k] == GROUP_ALL ? T(c, "全体", "All groups") : label_group(order[k], c->lang),
			targets, submitted,
			rate_text(c, g->grasp_tenths, buf[0], 32),
			rate_text(c, g->implementation_tenths, buf[1], 32),
			rate_text(c, prev ? prev->tenths : -1, buf[5], 32),
			rate_text(c, g->attainment_tenths[0], buf[2], 32),
			rate_text(c, g->attainment_tenths[1], buf[3], 32),
			rate_text(c, g->attainment_tenths[2], buf[4], 32),
		};
		pdfdoc_table_row(tb, row);
		free(targets);
		free(submitted);
	}
	return tb;
}

/* Under the organisation's table: a previous-year value is shown even across a series
 * break, and then the break is said (after the template's own notes). */
static void org_groups_break_note(struct ctx *c, struct pdfdoc_table *tb)
{
	bool any_prev = false;
	for (int g = 0; g <= GROUP_ALL; g++)
		any_prev |= c->org->group[g].present && org_prev_point(c, TM_IMPLEMENTATION, g) != NULL;
	const struct trend_org *tr = c->d->org_trends[c->org_index];
	for (size_t i = 0; any_prev && i < tr->break_count; i++) {
		if (tr->breaks[i].fiscal_year != c->d->year)
			continue;
		char *n = xasprintf(en(c) ? "* There is a series break between the previous year and this one: %s"
					  : "※前年度との間で系列が断絶している。%s",
				    en(c) ? tr->breaks[i].note_en : tr->breaks[i].note_ja);
		pdfdoc_table_note(tb, n);
		free(n);
	}
}

static int cmp_tenths_ctx_rates(const struct ctx *c, size_t a, size_t b)
{
	const struct ratetab_rate *x = ratetab_item(c->d->rates, c->org, GROUP_ALL, a);
	const struct ratetab_rate *y = ratetab_item(c->d->rates, c->org, GROUP_ALL, b);
	return x->tenths - y->tenths;
}

static struct pdfdoc_table *table_low_items(struct ctx *c, const struct template_block *b,
					    const char *caption)
{
	size_t *idx = xcalloc(c->d->quest->item_count + 1, sizeof *idx);
	size_t n = low_items(c, c->org, idx);
	if (n == 0) {
		free(idx);
		return NULL;
	}
	/* lowest first (insertion sort: a few dozen items at most) */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cmp_tenths_ctx_rates(c, idx[j - 1], idx[j]) > 0; j--) {
			size_t tmp = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = tmp;
		}
	static const double w[4] = {0.8, 5, 1.1, 1.1};
	struct pdfdoc_table *tb = pdfdoc_table_new(4, w, caption);
	const char *head[4] = {T(c, "項目", "Item"), T(c, "点検項目", "Question"),
			       T(c, "実施率", "Rate"), T(c, "政府機関全体", "Government-wide")};
	pdfdoc_table_header(tb, head);
	pdfdoc_table_align(tb, 2, PDFDOC_RIGHT_ALIGN);
	pdfdoc_table_align(tb, 3, PDFDOC_RIGHT_ALIGN);
	const struct quest *q = c->d->quest;
	for (size_t i = 0; i < n && i < (size_t)b->limit; i++) {
		const struct ratetab_rate *x = ratetab_item(c->d->rates, c->org, GROUP_ALL, idx[i]);
		const struct ratetab_rate *g = ratetab_item(c->d->rates, NULL, GROUP_ALL, idx[i]);
		char b1[32], b2[32];
		const char *row[4] = {q->items[idx[i]].id, quest_text_get(&q->items[idx[i]].question, c->lang),
				      rate_text(c, x->tenths, b1, 32), rate_text(c, g->tenths, b2, 32)};
		pdfdoc_table_row(tb, row);
	}
	free(idx);
	return tb;
}

static char *join_lines(const char *s, size_t len);

/* An organisation's name in the report's language by its code (checked to exist). */
static const char *org_name_by_code(const struct ctx *c, const char *code)
{
	const struct ratetab *rt = c->d->rates;
	for (size_t i = 0; i < rt->org_count; i++)
		if (!strcmp(rt->orgs[i].tally->org.code, code))
			return label_org(&rt->orgs[i].tally->org, c->lang);
	return code;
}

/* 表２-８: the other practices worth following and the organisations that carried them out. */
static struct pdfdoc_table *table_practices(struct ctx *c, const char *caption)
{
	const struct practices *p = c->practices;
	if (!p || !p->other_count)
		return NULL;
	static const double widths[2] = {3.0, 1.0};
	struct pdfdoc_table *tb = pdfdoc_table_new(2, widths, caption);
	const char *head[2] = {T(c, "取組概要", "Practice"), T(c, "府省庁名", "Ministry")};
	pdfdoc_table_header(tb, head);
	pdfdoc_table_align(tb, 0, PDFDOC_LEFT);
	pdfdoc_table_align(tb, 1, PDFDOC_LEFT);
	for (size_t i = 0; i < p->other_count; i++) {
		struct strbuf names;
		strbuf_init(&names);
		for (size_t k = 0; k < p->other[i].org_count; k++) {
			if (k)
				strbuf_addstr(&names, en(c) ? ", " : "、");
			strbuf_addstr(&names, org_name_by_code(c, p->other[i].orgs[k].code));
		}
		char *summary = join_lines(p->other[i].summary, strlen(p->other[i].summary));
		const char *row[2] = {summary, names.buf};
		pdfdoc_table_row(tb, row);
		free(summary);
		strbuf_release(&names);
	}
	return tb;
}

static void emit_table(struct ctx *c, const struct template_block *b)
{
	char *caption = expand(c, b->text);
	struct pdfdoc_table *tb = NULL;
	switch (b->table) {
	case TT_SUBJECT_GROUPS:
		tb = table_subject_groups(c, caption);
		break;
	case TT_GRASP_BY_GROUP:
		tb = table_grasp(c, caption);
		break;
	case TT_IMPLEMENTATION_TREND:
		tb = table_trend(c, b, caption);
		break;
	case TT_CATEGORIES:
		tb = table_categories(c, b, caption);
		break;
	case TT_GRADE_CRITERIA:
		tb = table_criteria(c);
		break;
	case TT_GRADES:
		tb = table_grades(c, caption);
		break;
	case TT_ORGANIZATION_RATES:
		tb = table_org_rates(c, caption);
		break;
	case TT_ORG_GROUPS:
		tb = table_org_groups(c, caption);
		break;
	case TT_ORG_LOW_ITEMS:
		tb = table_low_items(c, b, caption);
		break;
	case TT_INSPECTION_ITEMS:
		tb = inspreport_items_table(c->d->quest, c->lang, caption);
		break;
	case TT_INSPECTION_RESULTS:
		tb = inspreport_results_table(c->d->rates, c->lang, caption);
		break;
	case TT_ORG_INSPECTION:
		tb = inspreport_org_table(c->d->rates, c->org, c->lang, caption);
		break;
	case TT_PRACTICES:
		tb = table_practices(c, caption);
		break;
	case TT_COUNT:
		break;
	}
	if (!tb) {
		/* a table without rows: the template's sentence for that, else a plain one */
		char *empty = b->empty ? expand_sentences(c, b->empty)
				       : xstrdup(T(c, "該当する項目はなかった。", "There was no such item."));
		pdfdoc_paragraph(c->doc, empty, PDFDOC_BODY);
		free(empty);
	}
	if (tb && b->lead) {
		c->table_limit = b->table == TT_ORG_LOW_ITEMS ? b->limit : 0;
		char *lead = expand_sentences(c, b->lead);
		c->table_limit = 0;
		pdfdoc_paragraph(c->doc, lead, PDFDOC_BODY);
		pdfdoc_keep_with_next(c->doc);
		free(lead);
	}
	if (tb) {
		add_notes(c, tb, b);
		if (b->table == TT_ORG_GROUPS)
			org_groups_break_note(c, tb);
		pdfdoc_table(c->doc, tb);
		c->stats.tables++;
		/* the criteria are a figure: caption below */
		if (b->table == TT_GRADE_CRITERIA && caption)
			pdfdoc_paragraph(c->doc, caption, PDFDOC_CAPTION);
		add_footnotes(c, b);
	}
	free(caption);
}

/* ------------------------------------------------------------------ charts, narratives */

static int emit_chart(struct ctx *c, const struct template_block *b)
{
	char *title = expand(c, b->title);
	struct chartset_options o = {
		/* a figure with a caption needs no title or note inside it */
		.bare = b->text != NULL,
		.kind = b->chart, .metric = b->metric, .group = b->group,
		.by_items = b->by_items, .org = c->org ? c->org->tally->org.code : NULL,
		.lang = c->lang, .title = title, .years = b->years,
	};
	struct chartset *cs;
	int rc = chartset_build(c->d, &o, &cs);
	free(title);
	if (rc)
		return -1;
	double width = PDFDOC_TEXT_WIDTH * b->width;
	double height = b->height > 0 ? b->height : chartset_natural_height(cs, width);
	if (height > 600)
		height = 600; /* a figure fits on a page with its caption, its heading and a lead */
	char *caption = expand(c, b->text);
	/* the alternative text: the caption (or the chart's own title), then what it shows */
	char *body = chartset_alt_text(cs);
	char *alt = caption ? xasprintf("%s%s%s", caption, en(c) ? ". " : "。", body) : xstrdup(body);
	free(body);
	pdfdoc_figure(c->doc, chartset_draw, cs, chartset_free, b->width, height, caption);
	pdfdoc_figure_alt(c->doc, alt);
	free(alt);
	add_footnotes(c, b);
	for (size_t i = 0; i < b->note_count; i++) {
		char *n = expand(c, b->notes[i]);
		pdfdoc_paragraph(c->doc, n, PDFDOC_NOTE);
		free(n);
	}
	free(caption);
	c->stats.charts++;
	return 0;
}

/* A bullet point with the language's mark; placeholders filled when asked. */
static void bullet(struct ctx *c, const char *text, bool placeholders)
{
	char *body = placeholders ? expand_sentences(c, text) : text_join_wide(text);
	char *s = xasprintf("%s%s", en(c) ? "• " : "・", body);
	pdfdoc_paragraph(c->doc, s, PDFDOC_BULLET);
	free(s);
	free(body);
}

/* One paragraph from the lines of s[0..len): a line break between two Japanese characters
 * disappears, any other becomes a space (a ministry wraps its text as it likes). */
static char *join_lines(const char *s, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb);
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		if (s[i] == '\n') {
			size_t j = i;
			while (j < len && (s[j] == '\n' || s[j] == ' '))
				j++;
			int n;
			uint32_t next = j < len ? text_utf8_decode(s + j, &n) : 0;
			if (next && prev && !(text_codepoint_width(prev) == 2 && text_codepoint_width(next) == 2))
				strbuf_addch(&sb, ' ');
			i = j;
			continue;
		}
		int n;
		prev = text_utf8_decode(s + i, &n);
		strbuf_add(&sb, s + i, (size_t)n);
		i += (size_t)n;
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = 0;
	return strbuf_detach(&sb);
}

/* Paragraphs separated by blank lines. */
static void emit_prose(struct ctx *c, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *joined = join_lines(p, len);
		/* a space between two Japanese characters (a folded YAML line) is no word space */
		char *para = text_join_wide(joined);
		free(joined);
		if (!text_is_blank(para))
			pdfdoc_paragraph(c->doc, para, PDFDOC_BODY);
		free(para);
		p += len;
		while (*p == '\n')
			p++;
	}
}

/* A heading's text: one that uses {seq.…} is numbered among the numbered headings of its
 * level since the last heading of a higher level (A) B) …, ア) イ) …), so that a part left out
 * leaves no gap. Every heading resets the numbering of the levels below it. own (not
 * expanded) replaces text when non-NULL. */
static char *heading_expand(struct ctx *c, int level, const char *text, const char *own)
{
	if (level < 1)
		level = 1;
	if (level > 6)
		level = 6;
	for (int k = level + 1; k < 7; k++)
		c->seq[k] = 0;
	if (own)
		return xstrdup(own);
	if (strstr(text, "{seq."))
		c->seq[level]++;
	c->seq_level = level;
	char *h = expand(c, text);
	c->seq_level = 0;
	return h;
}

static void heading(struct ctx *c, int level, const char *text, const char *own, bool in_toc)
{
	char *h = heading_expand(c, level, text, own);
	pdfdoc_heading(c->doc, level, h, in_toc);
	free(h);
}

static void heading_text(struct ctx *c, const struct template_block *b, const char *own,
			 const char *ja, const char *e)
{
	if (b->above) {
		/* the heading above this field and its siblings, printed once per section */
		char *above = expand(c, b->above);
		if (!c->above_done || strcmp(c->above_done, above)) {
			heading(c, b->level > 1 ? b->level - 1 : 1, b->above, NULL, false);
			free(c->above_done);
			c->above_done = above;
		} else {
			free(above);
		}
	}
	heading(c, b->level, b->text ? b->text : T(c, ja, e), own, false);
}

/* Whether the narrative has the field's text. */
static bool field_present(const struct narrative *nv, enum template_narrative k)
{
	if (!nv)
		return false;
	switch (k) {
	case TN_CISO_MESSAGE: return nv->ciso.text != NULL;
	case TN_ADVISER_MESSAGE: return nv->adviser.text != NULL;
	case TN_SUMMARY: return nv->summary != NULL;
	case TN_GOALS: return nv->goal_count > 0;
	case TN_INCIDENTS: return nv->incidents_text || nv->incident_count;
	case TN_SELF_CHECK:
	case TN_SYSTEMS:
	case TN_AUDIT:
	case TN_EDUCATION:
	case TN_OTHER_MEASURES: return nv->parts[k - TN_SELF_CHECK] != NULL;
	case TN_COUNT: break;
	}
	return false;
}

/* Each field's heading when the template gives none: Japanese, English. */
static const char *const FIELD_HEADINGS[TN_COUNT][2] = {
	[TN_CISO_MESSAGE] = {"最高情報セキュリティ責任者からのメッセージ",
			     "Message from the Chief Information Security Officer"},
	[TN_SUMMARY] = {"{year}の評価", "Review of {year}"},
	[TN_GOALS] = {"{next_year}の目標", "Goals for {next_year}"},
	[TN_ADVISER_MESSAGE] = {"最高情報セキュリティアドバイザーからのメッセージ",
				"Message from the Chief Information Security Adviser"},
	[TN_SELF_CHECK] = {"省庁対策基準に関する自己点検結果", "Self-check against the ministry's security policy"},
	[TN_SYSTEMS] = {"情報システムごとの状況", "Information systems"},
	[TN_AUDIT] = {"監査の状況", "Audits"},
	[TN_EDUCATION] = {"教育・啓発", "Education and awareness"},
	[TN_OTHER_MEASURES] = {"その他取り組んだ事項", "Other measures"},
	[TN_INCIDENTS] = {"情報セキュリティに関する障害・事故報告", "Information security incidents"},
};

static void emit_field(struct ctx *c, const struct narrative *nv, enum template_narrative k)
{
	const struct narrative_message *m = NULL;
	switch (k) {
	case TN_CISO_MESSAGE: m = &nv->ciso; break;
	case TN_ADVISER_MESSAGE: m = &nv->adviser; break;
	case TN_SUMMARY: emit_prose(c, nv->summary); return;
	case TN_GOALS:
		for (size_t i = 0; i < nv->goal_count; i++)
			bullet(c, nv->goals[i], false);
		return;
	case TN_INCIDENTS:
		if (nv->incidents_text)
			emit_prose(c, nv->incidents_text);
		for (size_t i = 0; i < nv->incident_count; i++) {
			const struct narrative_incident *in = &nv->incidents[i];
			pdfdoc_paragraph(c->doc, in->title, PDFDOC_LEAD);
			pdfdoc_keep_with_next(c->doc);
			for (size_t d = 0; d < in->detail_count; d++) {
				char *lines = join_lines(in->details[d].text, strlen(in->details[d].text));
				char *body = text_join_wide(lines);
				free(lines);
				char *line = xasprintf("%s%s%s", in->details[d].label, en(c) ? ": " : "：", body);
				pdfdoc_paragraph(c->doc, line, PDFDOC_PLAIN);
				free(line);
				free(body);
			}
		}
		return;
	case TN_SELF_CHECK:
	case TN_SYSTEMS:
	case TN_AUDIT:
	case TN_EDUCATION:
	case TN_OTHER_MEASURES: emit_prose(c, nv->parts[k - TN_SELF_CHECK]); return;
	case TN_COUNT: return;
	}
	emit_prose(c, m->text);
	if (m->signature)
		pdfdoc_paragraph(c->doc, m->signature, PDFDOC_RIGHT);
}

/* A narrative field with its heading; in the English report a field whose translation is
 * missing keeps its heading and says so; a field the template pairs with the toolkit's data
 * (or_when) keeps its heading for the data that follows. */
static void emit_narrative(struct ctx *c, const struct template_block *b)
{
	enum template_narrative k = b->narrative;
	const struct narrative *nv = c->narratives[c->org_index];
	const struct narrative *orig = c->originals ? c->originals[c->org_index] : NULL;
	bool have = field_present(nv, k);
	bool untranslated = !have && field_present(orig, k);
	bool data = b->or_cond.kind != TCOND_NONE && condition_holds(c, &b->or_cond);
	if (!have && !untranslated && !data)
		return;
	if (!b->bare) {
		const char *own = !have ? NULL : k == TN_CISO_MESSAGE ? nv->ciso.title
					   : k == TN_ADVISER_MESSAGE ? nv->adviser.title : NULL;
		heading_text(c, b, own, FIELD_HEADINGS[k][0], FIELD_HEADINGS[k][1]);
	}
	if (have)
		emit_field(c, nv, k);
	else if (untranslated)
		pdfdoc_paragraph(c->doc, T(c, "［この部分の文章は翻訳されていない。］",
					   "[Not translated: this part of the ministry's own text is printed "
					   "in the Japanese edition only.]"), PDFDOC_NOTE);
}

/* The recommended practices: per practice a numbered heading with its organisation, then
 * what was done and why it was chosen under run-in heads. */
static void emit_recommended(struct ctx *c, const struct template_block *b)
{
	const struct practices *p = c->practices;
	for (size_t i = 0; p && i < p->recommended_count; i++) {
		const struct practice_recommended *r = &p->recommended[i];
		char *title = join_lines(r->title, strlen(r->title));
		char *h = en(c) ? xasprintf("%c) %s (%s)", (int)('a' + i % 26), title, org_name_by_code(c, r->org.code))
				: xasprintf("%c) %s（%s）", (int)('a' + i % 26), title, org_name_by_code(c, r->org.code));
		heading(c, b->level, NULL, h, false);
		pdfdoc_paragraph(c->doc, T(c, "内容", "What was done"), PDFDOC_LEAD);
		pdfdoc_keep_with_next(c->doc);
		emit_prose(c, r->content);
		pdfdoc_paragraph(c->doc, T(c, "選定理由", "Why it was chosen"), PDFDOC_LEAD);
		pdfdoc_keep_with_next(c->doc);
		emit_prose(c, r->reason);
		free(h);
		free(title);
	}
}

/* ------------------------------------------------------------------ blocks */

static int emit_blocks(struct ctx *c, const struct template_block *blocks, size_t count);

static int emit_block(struct ctx *c, const struct template_block *b)
{
	char *text = NULL, *footer = NULL;
	int rc = 0;
	if (b->cond.kind != TCOND_NONE && condition_holds(c, &b->cond) == b->cond.negate)
		return 0;
	switch (b->kind) {
	case TB_HEADING:
		heading(c, b->level, b->text, NULL, b->in_toc);
		add_footnotes(c, b);
		break;
	case TB_PARAGRAPH:
		text = expand_sentences(c, b->text);
		pdfdoc_paragraph(c->doc, text, b->style);
		add_footnotes(c, b);
		break;
	case TB_BULLETS:
		for (size_t i = 0; i < b->item_count; i++)
			bullet(c, b->items[i], true);
		break;
	case TB_TABLE:
		emit_table(c, b);
		break;
	case TB_CHART:
		rc = emit_chart(c, b);
		break;
	case TB_PAGE_BREAK:
		pdfdoc_page_break(c->doc);
		break;
	case TB_TOC:
		text = expand(c, b->text);
		pdfdoc_toc(c->doc, text);
		break;
	case TB_RUNNING:
		text = expand(c, b->text);
		footer = expand(c, b->footer);
		pdfdoc_running(c->doc, text, footer);
		break;
	case TB_SPACE:
		pdfdoc_space(c->doc, b->height);
		break;
	case TB_NARRATIVE:
		emit_narrative(c, b);
		break;
	case TB_RECOMMENDED_PRACTICES:
		emit_recommended(c, b);
		break;
	case TB_ORGANIZATIONS:
		for (size_t i = 0; i < c->d->rates->org_count && !rc; i++) {
			c->org = &c->d->rates->orgs[i];
			c->org_index = i;
			free(c->above_done);
			c->above_done = NULL;
			rc = emit_blocks(c, b->blocks, b->block_count);
		}
		c->org = NULL;
		break;
	}
	free(text);
	free(footer);
	return rc;
}

static int emit_blocks(struct ctx *c, const struct template_block *blocks, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (emit_block(c, &blocks[i]))
			return -1;
	return 0;
}

static int max_years(const struct template_block *b, size_t n)
{
	int years = 5;
	for (size_t i = 0; i < n; i++) {
		if ((b[i].kind == TB_TABLE || b[i].kind == TB_CHART) && b[i].years > years)
			years = b[i].years;
		int inner = max_years(b[i].blocks, b[i].block_count);
		if (inner > years)
			years = inner;
	}
	return years;
}

int report_trend_years(const struct template *t)
{
	return max_years(t->blocks, t->block_count);
}

/* DIR/CODE.yaml holds an organisation's text in Japanese, DIR/CODE.en.yaml its English
 * translation. The English report prints the translations and marks what only the Japanese
 * original has. */
static int load_narratives(struct ctx *c, const char *dir)
{
	const struct ratetab *rt = c->d->rates;
	c->narratives = xcalloc(rt->org_count + 1, sizeof *c->narratives);
	if (en(c))
		c->originals = xcalloc(rt->org_count + 1, sizeof *c->originals);
	if (!dir)
		return 0;
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return diag_error("cannot read narrative directory '%s': %s", dir,
				  errno ? strerror(errno) : "not a directory");
	int rc = 0;
	for (size_t i = 0; i < rt->org_count; i++) {
		const char *code = rt->orgs[i].tally->org.code;
		for (int pass = 0; pass < (en(c) ? 2 : 1); pass++) {
			bool translation = en(c) && pass == 0;
			char *path = xasprintf("%s/%s%s.yaml", dir, code, translation ? ".en" : "");
			struct narrative **dst = en(c) && !translation ? &c->originals[i] : &c->narratives[i];
			if (access(path, F_OK) == 0) {
				if (narrative_load_file(path, code, c->d->year, translation ? "en" : "ja", dst))
					rc = -1;
				else if (dst == &c->narratives[i] || !c->narratives[i])
					c->stats.narratives++;
			}
			free(path);
		}
	}
	return rc;
}

static bool org_known(const char *code, void *p)
{
	const struct ratetab *rt = p;
	for (size_t i = 0; i < rt->org_count; i++)
		if (!strcmp(rt->orgs[i].tally->org.code, code))
			return true;
	return false;
}

int report_render(const struct template *t, const struct repdata *d,
		  const struct report_options *o, const char *path, struct report_stats *stats)
{
	struct ctx c = {.t = t, .d = d, .lang = o && o->lang ? o->lang : t->lang};
	int rc = load_narratives(&c, o ? o->narrative_dir : NULL);
	struct practices *practices = NULL;
	if (o && o->practices) {
		if (practices_load_file(o->practices, d->year, en(&c) ? "en" : "ja", &practices) ||
		    practices_check_orgs(practices, org_known, (void *)d->rates))
			rc = -1;
		c.practices = practices;
	}
	/* Placeholders naming kinds of system or inspection items need the year's questionnaire. */
	if (inspreport_check(t, d->quest))
		rc = -1;
	if (!rc) {
		char *title = expand(&c, t->title), *subject = expand(&c, t->subject);
		char *author = expand(&c, t->author);
		char *creator = xasprintf("renderer %s", SELFCHECK_VERSION);
		struct pdfdoc_info info = {.title = title, .subject = subject, .author = author,
					   .creator = creator, .created = o ? o->created : NULL,
					   .lang = en(&c) ? "en" : "ja"};
		c.doc = pdfdoc_new(&info);
		pdfdoc_set_jobs(c.doc, o && o->jobs > 0 ? o->jobs : 1);
		pdfdoc_footnote_start(c.doc, t->footnote_start);
		free(title);
		free(subject);
		free(author);
		free(creator);
		if (t->cover_title) {
			char *ct = expand(&c, t->cover_title), *cs = expand(&c, t->cover_subtitle);
			char *cy = expand(&c, t->cover_year), *cp = expand(&c, t->cover_publisher);
			char *cd = expand(&c, t->cover_date);
			pdfdoc_cover(c.doc, ct, cs, cy, cp, cd);
			free(ct);
			free(cs);
			free(cy);
			free(cp);
			free(cd);
		}
		rc = emit_blocks(&c, t->blocks, t->block_count);
		if (!rc && o && o->appendix)
			appendix_emit(o->appendix, c.doc, c.lang, &c.stats.tables, &c.stats.charts);
		if (!rc)
			rc = pdfdoc_write(c.doc, path);
		c.stats.pages = pdfdoc_page_count(c.doc);
		pdfdoc_last_timings(c.doc, &c.stats.timings);
		pdfdoc_free(c.doc);
	}
	free(c.above_done);
	for (size_t i = 0; i < d->rates->org_count; i++) {
		narrative_free(c.narratives[i]);
		if (c.originals)
			narrative_free(c.originals[i]);
	}
	free(c.narratives);
	free(c.originals);
	practices_free(practices);
	if (!rc && stats)
		*stats = c.stats;
	return rc;
}
