/* appendix: the agencies' survey appendix (renderer/appendix.h). */
#include "renderer/appendix.h"
#include "aggregator/choicetab.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/quest.h"
#include "core/store.h"
#include "core/text.h"
#include "core/ydoc.h"
#include "renderer/chart.h"
#include "renderer/fontcfg.h"
#include "renderer/label.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPENDIX_FORMAT "selfcheck-appendix/1"
#define APPENDIX_MAX_ROUNDS 10

struct text2 {
	char *ja, *en;
};

struct app_row {
	char *item;
	struct text2 measure, status;
};

struct app_chart {
	char *item;
	struct text2 title;
	bool has_bracket;
	unsigned bracket_first, bracket_last;  /* 1-based options */
	struct text2 bracket_label;
	struct choicetab_round rounds[APPENDIX_MAX_ROUNDS];
	size_t round_count;
	const struct choice *choice;          /* of the year's questionnaire */
};

struct app_group {
	struct text2 heading, note;
	struct app_chart *charts;
	size_t chart_count;
};

struct appendix {
	struct text2 heading, lead, table_caption, table_note;
	int rounds[APPENDIX_MAX_ROUNDS];
	size_t round_count;
	struct app_row *rows;
	size_t row_count;
	struct choicetab_round row_rounds[64][APPENDIX_MAX_ROUNDS];
	struct app_group *groups;
	size_t group_count;
	struct quest *quest;
	long long population;                 /* bodies with a tally in the year */
};

static void t2_free(struct text2 *t)
{
	free(t->ja);
	free(t->en);
}

static const char *t2(const struct text2 *t, const char *lang)
{
	const char *s = label_is_en(lang) ? t->en : t->ja;
	return s ? s : "";
}

void appendix_free(struct appendix *a)
{
	if (!a)
		return;
	t2_free(&a->heading);
	t2_free(&a->lead);
	t2_free(&a->table_caption);
	t2_free(&a->table_note);
	for (size_t i = 0; i < a->row_count; i++) {
		free(a->rows[i].item);
		t2_free(&a->rows[i].measure);
		t2_free(&a->rows[i].status);
	}
	free(a->rows);
	for (size_t g = 0; g < a->group_count; g++) {
		for (size_t c = 0; c < a->groups[g].chart_count; c++) {
			free(a->groups[g].charts[c].item);
			t2_free(&a->groups[g].charts[c].title);
			t2_free(&a->groups[g].charts[c].bracket_label);
		}
		free(a->groups[g].charts);
		t2_free(&a->groups[g].heading);
		t2_free(&a->groups[g].note);
	}
	free(a->groups);
	quest_free(a->quest);
	free(a);
}

static int text_of(const struct ydoc *doc, const struct ydoc_node *n, const char *what, struct text2 *out)
{
	const char *ja, *en;
	if (ydoc_check_text(doc, n, what, &ja, &en))
		return -1;
	out->ja = xstrdup(ja);
	out->en = xstrdup(en);
	return 0;
}

/* item must be a choice item of the questionnaire. */
static int check_item(const struct ydoc *doc, const struct ydoc_node *n, const struct quest *q, char **out)
{
	const char *id;
	if (ydoc_check_string(doc, n, "item", &id))
		return -1;
	long k = quest_find_item(q, id);
	int rc = 0;
	if (k < 0)
		rc = ydoc_error(doc, n, "item '%s' is not in questionnaire %s", diag_excerpt(id), q->id);
	else if (!q->items[k].choice)
		rc = ydoc_error(doc, n, "item %s is not a choice item of questionnaire %s", diag_excerpt(id), q->id);
	if (rc == 0)
		*out = xstrdup(id);
	return rc;
}

static int load_chart(const struct ydoc *doc, const struct ydoc_node *n, const struct quest *q, struct app_chart *c)
{
	static const char *const req[] = {"item", "title", NULL};
	static const char *const opt[] = {"bracket", NULL};
	if (ydoc_check_mapping(doc, n, "chart", req, opt))
		return -1;
	int rc = check_item(doc, ydoc_get(n, "item"), q, &c->item) | text_of(doc, ydoc_get(n, "title"), "chart title", &c->title);
	if (rc)
		return -1;
	c->choice = q->items[quest_find_item(q, c->item)].choice;
	const struct ydoc_node *b = ydoc_get(n, "bracket");
	if (b) {
		static const char *const breq[] = {"options", "label", NULL};
		long long first, last;
		const struct ydoc_node *o = ydoc_get(b, "options");
		if (ydoc_check_mapping(doc, b, "bracket", breq, NULL) || ydoc_check_sequence(doc, o, "bracket options", 2))
			return -1;
		if (o->count != 2 || ydoc_check_int(doc, o->items[0], "bracket options", 1, CHOICE_MAX_OPTIONS, &first) ||
		    ydoc_check_int(doc, o->items[1], "bracket options", 1, CHOICE_MAX_OPTIONS, &last))
			return ydoc_error(doc, o, "bracket options: expected [FIRST, LAST], two option numbers");
		if (first > last || (size_t)last > c->choice->option_count)
			return ydoc_error(doc, o, "bracket options: [%lld, %lld] is not a range of the %zu options of item %s",
					  first, last, c->choice->option_count, c->item);
		if (text_of(doc, ydoc_get(b, "label"), "bracket label", &c->bracket_label))
			return -1;
		c->has_bracket = true;
		c->bracket_first = (unsigned)first;
		c->bracket_last = (unsigned)last;
	}
	return 0;
}

static int load_spec(const struct ydoc *doc, struct appendix *a)
{
	static const char *const req[] = {"format", "heading", "rounds", "table", "groups", NULL};
	static const char *const opt[] = {"lead", NULL};
	const struct ydoc_node *root = doc->root;
	if (!root)
		return ydoc_error(doc, NULL, "empty file: expected an appendix (format: %s)", APPENDIX_FORMAT);
	if (ydoc_check_mapping(doc, root, "appendix", req, opt))
		return -1;
	const char *fmt;
	if (ydoc_check_string(doc, ydoc_get(root, "format"), "format", &fmt))
		return -1;
	if (strcmp(fmt, APPENDIX_FORMAT) != 0)
		return ydoc_error(doc, ydoc_get(root, "format"), "format: expected '%s'", APPENDIX_FORMAT);
	int rc = text_of(doc, ydoc_get(root, "heading"), "heading", &a->heading);
	if (ydoc_get(root, "lead"))
		rc |= text_of(doc, ydoc_get(root, "lead"), "lead", &a->lead);
	const struct ydoc_node *r = ydoc_get(root, "rounds");
	if (ydoc_check_sequence(doc, r, "rounds", 1))
		return -1;
	if (r->count > APPENDIX_MAX_ROUNDS)
		return ydoc_error(doc, r, "rounds: at most %d survey rounds", APPENDIX_MAX_ROUNDS);
	for (size_t i = 0; i < r->count; i++) {
		long long y;
		if (ydoc_check_fiscal_year(doc, r->items[i], "round (a fiscal year)", &y))
			return -1;
		if (i && y <= a->rounds[i - 1])
			return ydoc_error(doc, r->items[i], "rounds: fiscal years must rise");
		a->rounds[a->round_count++] = (int)y;
	}
	const struct ydoc_node *t = ydoc_get(root, "table");
	static const char *const treq[] = {"caption", "rows", NULL};
	static const char *const topt[] = {"note", NULL};
	if (ydoc_check_mapping(doc, t, "table", treq, topt))
		return -1;
	rc |= text_of(doc, ydoc_get(t, "caption"), "table caption", &a->table_caption);
	if (ydoc_get(t, "note"))
		rc |= text_of(doc, ydoc_get(t, "note"), "table note", &a->table_note);
	const struct ydoc_node *rows = ydoc_get(t, "rows");
	if (ydoc_check_sequence(doc, rows, "table rows", 1))
		return -1;
	if (rows->count > 64)
		return ydoc_error(doc, rows, "table rows: at most 64");
	a->rows = xcalloc(rows->count, sizeof *a->rows);
	for (size_t i = 0; i < rows->count; i++) {
		static const char *const rreq[] = {"item", "measure", "status", NULL};
		const struct ydoc_node *n = rows->items[i];
		struct app_row *row = &a->rows[a->row_count++];
		if (ydoc_check_mapping(doc, n, "table row", rreq, NULL) ||
		    check_item(doc, ydoc_get(n, "item"), a->quest, &row->item) ||
		    text_of(doc, ydoc_get(n, "measure"), "measure", &row->measure) ||
		    text_of(doc, ydoc_get(n, "status"), "status", &row->status)) {
			rc = -1;
			continue;
		}
		if (!a->quest->items[quest_find_item(a->quest, row->item)].choice->implemented_mask)
			rc = ydoc_error(doc, ydoc_get(n, "item"), "item %s has no option that counts as implemented, so it "
					"has no rate for the table", row->item);
	}
	const struct ydoc_node *groups = ydoc_get(root, "groups");
	if (ydoc_check_sequence(doc, groups, "groups", 1))
		return -1;
	a->groups = xcalloc(groups->count, sizeof *a->groups);
	for (size_t g = 0; g < groups->count; g++) {
		static const char *const greq[] = {"heading", "charts", NULL};
		static const char *const gopt[] = {"note", NULL};
		const struct ydoc_node *n = groups->items[g];
		struct app_group *grp = &a->groups[a->group_count++];
		if (ydoc_check_mapping(doc, n, "group", greq, gopt) ||
		    text_of(doc, ydoc_get(n, "heading"), "group heading", &grp->heading)) {
			rc = -1;
			continue;
		}
		if (ydoc_get(n, "note") && text_of(doc, ydoc_get(n, "note"), "group note", &grp->note))
			rc = -1;
		const struct ydoc_node *charts = ydoc_get(n, "charts");
		if (ydoc_check_sequence(doc, charts, "charts", 1)) {
			rc = -1;
			continue;
		}
		grp->charts = xcalloc(charts->count, sizeof *grp->charts);
		for (size_t c = 0; c < charts->count; c++)
			if (load_chart(doc, charts->items[c], a->quest, &grp->charts[grp->chart_count++]))
				rc = -1;
	}
	return rc ? -1 : 0;
}

/* Every round of every item the appendix shows, from the tallies or the published history. */
static int load_rounds(struct appendix *a, struct store *s, int year)
{
	int rc = 0;
	for (size_t r = 0; r < a->round_count && !rc; r++) {
		struct quest *q = NULL;
		struct tally **tallies = NULL;
		size_t n = 0;
		int found = store_year_quest(s, a->rounds[r], &q);
		if (found < 0 || (found == 1 && store_load_tallies(s, a->rounds[r], q, &tallies, &n))) {
			quest_free(q);
			return -1;
		}
		/* a round's tallies must be over questionnaires with the same items; else history */
		const struct quest *use = found == 1 ? q : NULL;
		if (a->rounds[r] == year)
			a->population = (long long)n;
		for (size_t i = 0; i < a->row_count && !rc; i++)
			rc = choicetab_round(s, use, tallies, n, a->rows[i].item, a->rounds[r], &a->row_rounds[i][r]);
		for (size_t g = 0; g < a->group_count && !rc; g++)
			for (size_t c = 0; c < a->groups[g].chart_count && !rc; c++) {
				struct app_chart *ch = &a->groups[g].charts[c];
				rc = choicetab_round(s, use, tallies, n, ch->item, a->rounds[r], &ch->rounds[r]);
				ch->round_count = a->round_count;
			}
		store_free_tallies(tallies, n);
		quest_free(q);
	}
	return rc;
}

int appendix_load(const char *spec, const char *db, int year, struct appendix **out)
{
	*out = NULL;
	struct store *s;
	if (store_open(db, STORE_READONLY, &s))
		return -1;
	struct appendix *a = xcalloc(1, sizeof *a);
	int found = store_year_quest(s, year, &a->quest);
	if (found <= 0) {
		if (found == 0)
			diag_error("%s: fiscal year %d is not in the agencies' store", db, year);
		appendix_free(a);
		store_close(s);
		return -1;
	}
	struct ydoc *doc;
	int rc = ydoc_load_file(spec, &doc);
	if (rc == 0) {
		rc = load_spec(doc, a);
		ydoc_free(doc);
	}
	if (rc == 0) {
		bool has_year = false;
		for (size_t r = 0; r < a->round_count; r++)
			has_year |= a->rounds[r] == year;
		if (!has_year)
			rc = diag_error("%s: the rounds do not include fiscal year %d, the year of the report", spec, year);
	}
	if (rc == 0 && (store_begin(s) || load_rounds(a, s, year)))
		rc = -1;
	if (rc == 0)
		store_commit(s);
	store_close(s);
	if (rc) {
		appendix_free(a);
		return -1;
	}
	*out = a;
	return 0;
}

/* The label of a survey round: the era year of the March that ends its fiscal year ("H25"), or
 * "Mar 2013" in English. */
static char *round_label(int fiscal_year, const char *lang)
{
	int cal = fiscal_year + 1;
	if (label_is_en(lang))
		return xasprintf("Mar %d", cal);
	if (cal >= 2020)
		return xasprintf("R%d", cal - 2018);
	return xasprintf("H%d", cal - 1988);
}

struct figure {
	struct chart_stacked c;
	char *strings[256];
	size_t nstrings;
	const char *bar_labels[APPENDIX_MAX_ROUNDS], *bar_sublabels[APPENDIX_MAX_ROUNDS];
	const char *option_labels[CHOICE_MAX_OPTIONS];
	double values[APPENDIX_MAX_ROUNDS * CHOICE_MAX_OPTIONS];
	const char *value_labels[APPENDIX_MAX_ROUNDS * CHOICE_MAX_OPTIONS];
	struct chart_bracket bracket;
};

static const char *keep(struct figure *f, char *s)
{
	if (f->nstrings < sizeof f->strings / sizeof f->strings[0])
		f->strings[f->nstrings++] = s;
	return s;
}

static void figure_free(void *p)
{
	struct figure *f = p;
	for (size_t i = 0; i < f->nstrings; i++)
		free(f->strings[i]);
	free(f);
}

static void figure_draw(cairo_t *cr, double width, double height, const void *p)
{
	chart_draw_stacked(cr, width, height, &((const struct figure *)p)->c);
}

static struct figure *build_figure(const struct app_chart *ch, const int *years, const char *lang)
{
	struct figure *f = xcalloc(1, sizeof *f);
	bool en = label_is_en(lang);
	const struct choice *c = ch->choice;
	size_t bars = 0;
	for (size_t r = 0; r < ch->round_count; r++) {
		const struct choicetab_round *rd = &ch->rounds[r];
		if (!rd->known)
			continue;
		f->bar_labels[bars] = keep(f, round_label(years[r], lang));
		f->bar_sublabels[bars] = rd->n >= 0 ? keep(f, xasprintf("(N=%lld)", rd->n)) : "";
		for (size_t o = 0; o < c->option_count; o++) {
			int v = o < rd->option_count ? rd->share[o] : -1;
			f->values[bars * c->option_count + o] = v > 0 ? v : 0;
			f->value_labels[bars * c->option_count + o] = v >= 0 ? keep(f, xasprintf("%d%%", v)) : "－";
		}
		bars++;
	}
	for (size_t o = 0; o < c->option_count; o++)
		f->option_labels[o] = en ? c->options[o].en : c->options[o].ja;
	f->c.frame.title = t2(&ch->title, lang);
	/* English in the Latin face of the English report, as its other charts */
	if (en)
		f->c.frame.font = FONTCFG_LATIN_FIRST;
	f->c.bar_count = bars;
	f->c.bar_labels = f->bar_labels;
	f->c.bar_sublabels = f->bar_sublabels;
	f->c.option_count = c->option_count;
	f->c.option_labels = f->option_labels;
	f->c.values = f->values;
	f->c.value_labels = f->value_labels;
	f->c.marker = c->multiple ? (en ? "* Several answers allowed" : "※複数選択可") : NULL;
	if (ch->has_bracket) {
		f->bracket = (struct chart_bracket){.first = ch->bracket_first - 1, .last = ch->bracket_last - 1,
						    .label = t2(&ch->bracket_label, lang)};
		f->c.brackets = &f->bracket;
		f->c.bracket_count = 1;
	}
	return f;
}

/* The chart's alternative text (a tagged PDF's /Alt): its title, then each bar with its N and
 * every option's share, as the chart prints them. The caller frees it. */
static char *figure_alt(const struct figure *f, bool en)
{
	const struct chart_stacked *c = &f->c;
	struct strbuf sb;
	strbuf_init(&sb);
	if (c->frame.title)
		strbuf_addf(&sb, en ? "%s. " : "%s。", c->frame.title);
	for (size_t b = 0; b < c->bar_count; b++) {
		strbuf_addf(&sb, en ? "%s %s: " : "%s%s：", c->bar_labels[b], c->bar_sublabels ? c->bar_sublabels[b] : "");
		for (size_t o = 0; o < c->option_count; o++) {
			size_t k = b * c->option_count + o;
			char pct[16];
			snprintf(pct, sizeof pct, "%.0f%%", c->values[k]);
			strbuf_addf(&sb, "%s%s %s", o ? (en ? ", " : "、") : "", c->option_labels[o],
				    c->value_labels && c->value_labels[k] ? c->value_labels[k] : pct);
		}
		strbuf_addstr(&sb, en ? ". " : "。");
	}
	if (c->marker)
		strbuf_addstr(&sb, c->marker);
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = 0;
	return strbuf_detach(&sb);
}

void appendix_emit(const struct appendix *a, struct pdfdoc *doc, const char *lang, int *tables, int *charts)
{
	bool en = label_is_en(lang);
	pdfdoc_page_break(doc);
	pdfdoc_running(doc, en ? "Appendix F" : "資料編F", en ? "Appendix F" : "資料編F");
	pdfdoc_heading(doc, 1, t2(&a->heading, lang), true);
	if (a->lead.ja) {
		char *lead = xasprintf("%s%s", t2(&a->lead, lang), "");
		pdfdoc_paragraph(doc, lead, PDFDOC_PLAIN);
		free(lead);
	}
	char *pop = en ? xasprintf("Bodies in the latest round: %lld", a->population)
		       : xasprintf("対象機関：独立行政法人及び国立大学法人等（%lld法人）", a->population);
	pdfdoc_paragraph(doc, pop, PDFDOC_PLAIN);
	free(pop);
	/* the table of measures: rates per round, whole percent, half-width % */
	size_t cols = 3 + a->round_count;
	double widths[3 + APPENDIX_MAX_ROUNDS];
	widths[0] = 0.07;
	widths[1] = 0.45 - 0.02 * (double)a->round_count;
	widths[2] = 0.16;
	for (size_t r = 0; r < a->round_count; r++)
		widths[3 + r] = (1.0 - widths[0] - widths[1] - widths[2]) / (double)a->round_count;
	struct pdfdoc_table *tb = pdfdoc_table_new(cols, widths, t2(&a->table_caption, lang));
	const char *head[3 + APPENDIX_MAX_ROUNDS];
	char *owned[3 + APPENDIX_MAX_ROUNDS] = {0};
	head[0] = en ? "No." : "項番";
	head[1] = en ? "Measure" : "対策内容";
	head[2] = en ? "Status" : "状況";
	for (size_t r = 0; r < a->round_count; r++) {
		char *l = round_label(a->rounds[r], lang);
		head[3 + r] = owned[3 + r] = en ? xasprintf("%s (rate)", l) : xasprintf("%s（率）", l);
		free(l);
	}
	pdfdoc_table_header(tb, head);
	for (size_t r = 0; r < a->round_count; r++)
		free(owned[3 + r]);
	for (size_t c = 0; c < cols; c++)
		if (c != 1 && c != 2)
			pdfdoc_table_align(tb, c, PDFDOC_CENTER);
	for (size_t i = 0; i < a->row_count; i++) {
		const char *cells[3 + APPENDIX_MAX_ROUNDS];
		char *mine[3 + APPENDIX_MAX_ROUNDS] = {0};
		cells[0] = mine[0] = xasprintf("%zu", i + 1);
		cells[1] = t2(&a->rows[i].measure, lang);
		cells[2] = t2(&a->rows[i].status, lang);
		for (size_t r = 0; r < a->round_count; r++) {
			int rate = a->row_rounds[i][r].rate;
			cells[3 + r] = mine[3 + r] = rate >= 0 ? xasprintf("%d%%", rate) : xstrdup(en ? "-" : "－");
		}
		pdfdoc_table_row(tb, cells);
		for (size_t c = 0; c < cols; c++)
			free(mine[c]);
	}
	if (a->table_note.ja)
		pdfdoc_table_note(tb, t2(&a->table_note, lang));
	pdfdoc_table(doc, tb);
	(*tables)++;
	for (size_t g = 0; g < a->group_count; g++) {
		const struct app_group *grp = &a->groups[g];
		pdfdoc_paragraph(doc, t2(&grp->heading, lang), PDFDOC_LEAD);
		pdfdoc_keep_with_next(doc);
		for (size_t c = 0; c < grp->chart_count; c++) {
			const struct app_chart *ch = &grp->charts[c];
			struct figure *f = build_figure(ch, a->rounds, lang);
			double height = 150 + 12.0 * (double)ch->choice->option_count;
			char *alt = figure_alt(f, en);
			pdfdoc_figure(doc, figure_draw, f, figure_free, 0.9, height, NULL);
			pdfdoc_figure_alt(doc, alt);
			free(alt);
			(*charts)++;
		}
		if (grp->note.ja)
			pdfdoc_paragraph(doc, t2(&grp->note, lang), PDFDOC_NOTE);
	}
}
