/* inspreport: the focused inspection's tables and values for the report. */
#include "renderer/inspreport.h"

#include "core/diag.h"
#include "core/inspection.h"
#include "core/text.h"
#include "renderer/label.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool en(const char *lang)
{
	return label_is_en(lang);
}

static const char *T(const char *lang, const char *ja, const char *e)
{
	return en(lang) ? e : ja;
}

/* How a column's cells join the one above: never, when equal, or when equal and the first
 * column (the kind) continues too — a count of one kind's systems never runs into the next. */
enum span { SPAN_NONE, SPAN_EQUAL, SPAN_WITH_KIND };

/* Rows of cells kept until the table is built, so that a cell equal to the one above it can
 * become a row span. */
struct rows {
	size_t cols, count, cap;
	char **cells;                 /* count * cols, owned */
	const enum span *spans;       /* per column */
};

static void rows_add(struct rows *r, const char *const *cells)
{
	if (r->count == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->cells = xrealloc(r->cells, r->cap * r->cols * sizeof *r->cells);
	}
	for (size_t c = 0; c < r->cols; c++)
		r->cells[r->count * r->cols + c] = xstrdup(cells[c] ? cells[c] : "");
	r->count++;
}

/* Hands the rows to t, a cell that joins the one above passed as NULL (a row span); frees the
 * rows. An empty cell never joins. */
static void rows_emit(struct rows *r, struct pdfdoc_table *t)
{
	const char **row = xcalloc(r->cols, sizeof *row);
	for (size_t i = 0; i < r->count; i++) {
		for (size_t c = 0; c < r->cols; c++) {
			const char *cell = r->cells[i * r->cols + c];
			bool same = i > 0 && r->spans[c] != SPAN_NONE && *cell &&
				    strcmp(cell, r->cells[(i - 1) * r->cols + c]) == 0;
			if (same && r->spans[c] == SPAN_WITH_KIND)
				same = strcmp(r->cells[i * r->cols], r->cells[(i - 1) * r->cols]) == 0;
			row[c] = same ? NULL : cell;
		}
		pdfdoc_table_row(t, row);
	}
	free(row);
	for (size_t i = 0; i < r->count * r->cols; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

struct pdfdoc_table *inspreport_items_table(const struct quest *q, const char *lang, const char *caption)
{
	const struct inspection *ins = q->inspection;
	if (!ins)
		return NULL;
	static const double w[3] = {1.5, 3.4, 2.8};
	struct pdfdoc_table *t = pdfdoc_table_new(3, w, caption);
	const char *head[3] = {T(lang, "対象", "Target"), T(lang, "検査項目", "Inspected"),
			       T(lang, "検査項目とした理由", "Why it was chosen")};
	pdfdoc_table_header(t, head);
	/* a topic (and its reason) may cover two kinds: the updates of web and mail servers */
	static const enum span spans[3] = {SPAN_EQUAL, SPAN_EQUAL, SPAN_EQUAL};
	struct rows r = {.cols = 3, .spans = spans};
	/* one row per kind and each topic its items fall under, in the order the items come */
	for (size_t k = 0; k < ins->kind_count; k++) {
		for (size_t p = 0; p < ins->kind_item_count[k]; p++) {
			size_t topic = ins->items[ins->kind_items[k][p]].topic;
			bool seen = false;
			for (size_t e = 0; e < p && !seen; e++)
				seen = ins->items[ins->kind_items[k][e]].topic == topic;
			if (seen)
				continue;
			const struct inspection_topic *tp = &ins->topics[topic];
			const char *cells[3] = {quest_text_get(&ins->kinds[k].name, lang), quest_text_get(&tp->name, lang),
						quest_text_get(&tp->reason, lang)};
			rows_add(&r, cells);
		}
	}
	rows_emit(&r, t);
	return t;
}

/* The label of an item's sub-group, or "". */
static const char *group_label(const struct inspection *ins, const struct inspection_item *it, const char *lang)
{
	return it->group >= 0 ? quest_text_get(&ins->groups[it->group].name, lang) : "";
}

struct pdfdoc_table *inspreport_results_table(const struct ratetab *rt, const char *lang, const char *caption)
{
	const struct inspection *ins = rt->quest->inspection;
	if (!ins)
		return NULL;
	/* Japanese sub-groups run down a narrow column; English words would not, so they wrap in a
	 * wider one */
	static const double w_ja[4] = {1.4, 0.45, 4.4, 0.9}, w_en[4] = {1.4, 1.5, 3.9, 0.8};
	struct pdfdoc_table *t = pdfdoc_table_new(4, en(lang) ? w_en : w_ja, caption);
	const char *head[4] = {T(lang, "対象", "Target"), "", T(lang, "検査項目", "Item"),
			       T(lang, "実施率", "Rate")};
	pdfdoc_table_header(t, head);
	if (!en(lang))
		pdfdoc_table_vertical(t, 1);
	pdfdoc_table_align(t, 3, PDFDOC_RIGHT_ALIGN);
	static const enum span spans[4] = {SPAN_EQUAL, SPAN_WITH_KIND, SPAN_NONE, SPAN_NONE};
	struct rows r = {.cols = 4, .spans = spans};
	for (size_t k = 0; k < ins->kind_count; k++)
		for (size_t p = 0; p < ins->kind_item_count[k]; p++) {
			size_t i = ins->kind_items[k][p];
			const struct inspection_item *it = &ins->items[i];
			char rate[32];
			label_percent(ratetab_inspection_item(rt, NULL, i)->percent, lang, rate, sizeof rate);
			const char *cells[4] = {quest_text_get(&ins->kinds[k].name, lang), group_label(ins, it, lang),
						quest_text_get(&it->name, lang), rate};
			rows_add(&r, cells);
		}
	rows_emit(&r, t);
	return t;
}

struct pdfdoc_table *inspreport_org_table(const struct ratetab *rt, const struct ratetab_org *org, const char *lang,
					  const char *caption)
{
	const struct inspection *ins = rt->quest->inspection;
	if (!ins || !org || !ratetab_inspection_known(rt, org))
		return NULL;
	static const enum span spans[6] = {SPAN_EQUAL, SPAN_WITH_KIND, SPAN_WITH_KIND, SPAN_NONE, SPAN_NONE, SPAN_NONE};
	struct rows r = {.cols = 6, .spans = spans};
	for (size_t k = 0; k < ins->kind_count; k++) {
		const struct ratetab_systems *sys = ratetab_systems_of(rt, org, k);
		if (!sys->present || sys->systems == 0)
			continue;
		char count[32];
		label_count(sys->systems, count, sizeof count);
		for (size_t p = 0; p < ins->kind_item_count[k]; p++) {
			size_t i = ins->kind_items[k][p];
			const struct inspection_item *it = &ins->items[i];
			char mine[32], gov[32];
			label_percent(ratetab_inspection_item(rt, org, i)->percent, lang, mine, sizeof mine);
			label_percent(ratetab_inspection_item(rt, NULL, i)->percent, lang, gov, sizeof gov);
			const char *cells[6] = {quest_text_get(&ins->kinds[k].name, lang), count, group_label(ins, it, lang),
						quest_text_get(&it->name, lang), mine, gov};
			rows_add(&r, cells);
		}
	}
	if (r.count == 0)
		return NULL;
	static const double w_ja[6] = {1.6, 0.7, 0.45, 3.6, 0.8, 0.85}, w_en[6] = {1.2, 0.8, 1.5, 2.6, 0.7, 1.2};
	struct pdfdoc_table *t = pdfdoc_table_new(6, en(lang) ? w_en : w_ja, caption);
	const char *head[6] = {T(lang, "対象", "Target"), T(lang, "対象数", "Systems"), "", T(lang, "検査項目", "Item"),
			       T(lang, "実施率", "Rate"), T(lang, "政府機関全体", "Government-wide")};
	pdfdoc_table_header(t, head);
	if (!en(lang))
		pdfdoc_table_vertical(t, 2);
	pdfdoc_table_align(t, 1, PDFDOC_RIGHT_ALIGN);
	pdfdoc_table_align(t, 4, PDFDOC_RIGHT_ALIGN);
	pdfdoc_table_align(t, 5, PDFDOC_RIGHT_ALIGN);
	rows_emit(&r, t);
	return t;
}

/* A count rounded half up to two significant digits ("about 660"): 658 → 660, 1,234 → 1,200;
 * below 100 as it is. */
static unsigned long long about(unsigned long long n)
{
	unsigned long long unit = 1;
	while (n / unit >= 100)
		unit *= 10;
	return unit == 1 ? n : (n + unit / 2) / unit * unit;
}

const char *inspreport_lookup(const struct ratetab *rt, const struct ratetab_org *org, const char *lang,
			      const char *name, char *buf, size_t size)
{
	const struct inspection *ins = rt->quest->inspection;
	if (strcmp(name, "inspection.reference_date") == 0) {
		if (!ins)
			return T(lang, "－", "-");
		return label_date(ins->reference_date, lang, buf, size);
	}
	if (strncmp(name, "gov.inspection_lowest_item", 26) == 0) {
		/* the item with the lowest government-wide rate (the first of equals) */
		long lowest = -1;
		for (size_t i = 0; ins && i < ins->item_count; i++) {
			int v = ratetab_inspection_item(rt, NULL, i)->percent;
			if (v >= 0 && (lowest < 0 || v < ratetab_inspection_item(rt, NULL, (size_t)lowest)->percent))
				lowest = (long)i;
		}
		if (lowest < 0)
			return T(lang, "－", "-");
		const struct inspection_item *it = &ins->items[lowest];
		if (strcmp(name, "gov.inspection_lowest_item_rate") == 0)
			return label_percent(ratetab_inspection_item(rt, NULL, (size_t)lowest)->percent, lang, buf, size);
		const struct quest_text *text = strcmp(name, "gov.inspection_lowest_item_kind") == 0
			? &ins->kinds[it->kind].name : &it->name;
		snprintf(buf, size, "%s", quest_text_get(text, lang));
		return buf;
	}
	bool is_item;
	const char *code = template_inspection_name(name, &is_item);
	if (!code)
		return NULL;
	const char *dash = T(lang, "－", "-");
	bool org_value = strncmp(name, "org.", 4) == 0;
	if (org_value && !org)
		return dash;
	const struct ratetab_org *who = org_value ? org : NULL;
	if (is_item) {
		long i = inspection_find_item(ins, code);
		if (i < 0)
			return dash;
		return label_percent(ratetab_inspection_item(rt, who, (size_t)i)->percent, lang, buf, size);
	}
	long k = inspection_find_kind(ins, code);
	if (k < 0)
		return dash;
	if (strncmp(name, "gov.inspection_lowest.", 22) == 0) {
		int lowest = -1;
		for (size_t p = 0; p < ins->kind_item_count[k]; p++) {
			int v = ratetab_inspection_item(rt, NULL, ins->kind_items[k][p])->percent;
			if (v >= 0 && (lowest < 0 || v < lowest))
				lowest = v;
		}
		return label_percent(lowest, lang, buf, size);
	}
	const struct ratetab_systems *sys = ratetab_systems_of(rt, who, (size_t)k);
	if (!sys->present)
		return dash;
	bool approx = strncmp(name, "gov.systems_about.", 18) == 0;
	return label_count(approx ? about(sys->systems) : sys->systems, buf, size);
}

/* Reports the focused-inspection placeholders of text that q does not have. */
static int check_text(const char *file, const struct template_block *b, const char *text, const struct quest *q)
{
	int rc = 0;
	for (const char *p = text ? strchr(text, '{') : NULL; p; p = strchr(p + 1, '{')) {
		if (p[1] == '{') {
			p++;
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end)
			break;
		char *name = xstrndup(p + 1, (size_t)(end - p - 1));
		bool is_item;
		const char *code = template_inspection_name(name, &is_item);
		if (code && (is_item ? inspection_find_item(q->inspection, code) : inspection_find_kind(q->inspection, code)) < 0)
			rc = diag_at(file, b->line, b->col, "placeholder '{%s}': questionnaire %s has no %s '%s'", name, q->id,
				     is_item ? "inspection item" : "kind of system", code);
		free(name);
	}
	return rc;
}

static int check_blocks(const char *file, const struct template_block *blocks, size_t count, const struct quest *q)
{
	int rc = 0;
	for (size_t i = 0; i < count; i++) {
		const struct template_block *b = &blocks[i];
		const char *texts[6] = {b->text, b->title, b->footer, b->above, b->lead, b->empty};
		for (int k = 0; k < 6; k++)
			rc |= check_text(file, b, texts[k], q);
		for (size_t k = 0; k < b->note_count; k++)
			rc |= check_text(file, b, b->notes[k], q);
		for (size_t k = 0; k < b->item_count; k++)
			rc |= check_text(file, b, b->items[k], q);
		for (size_t k = 0; k < b->footnote_count; k++)
			rc |= check_text(file, b, b->footnotes[k], q);
		rc |= check_blocks(file, b->blocks, b->block_count, q);
	}
	return rc ? -1 : 0;
}

int inspreport_check(const struct template *t, const struct quest *q)
{
	if (!q->inspection)
		return 0;
	return check_blocks(t->doc->file, t->blocks, t->block_count, q);
}
