/* pdfdoc: A4 pages with pango text, tables, figures, a table of contents and bookmarks. */
#include "renderer/pdfdoc.h"

#include "core/diag.h"
#include "core/outfile.h"
#include "core/text.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN_X 62.0
#define MARGIN_TOP 72.0
#define MARGIN_BOTTOM 70.0
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define BOTTOM (PAGE_H - MARGIN_BOTTOM)

/* One family in two weights: every face embedded costs its whole CFF table at subsetting
 * time, so a third face (a serif body) would cost about a tenth of the report's time. */
#define SANS "Noto Sans CJK JP"
#define BODY_SIZE 10.0
#define TABLE_SIZE 8.5
#define CELL_PAD 4.0

enum item_kind { IT_COVER, IT_TOC, IT_HEADING, IT_PARAGRAPH, IT_SPACE, IT_BREAK, IT_RUNNING,
		 IT_TABLE, IT_FIGURE };

struct row {
	char **cells;          /* NULL: continues the cell above */
	PangoLayout **lay;     /* set out once, reused by both passes */
	double height;
	double *span;          /* per column: height of the rows a spanning cell covers, else 0 */
};

struct pdfdoc_table {
	size_t cols;
	double *widths;          /* points, summing to TEXT_W */
	enum pdfdoc_align *align;
	bool *vertical;          /* columns whose body cells are set one character per line */
	bool prepared;           /* every row set out and the row spans measured */
	char *caption;
	struct row *head;
	size_t head_count;
	struct row *body;
	size_t body_count;
	char **notes;
	size_t note_count;
	struct item *note_items; /* the notes as paragraphs (texts borrowed from notes) */
};

struct item {
	enum item_kind kind;
	int level;               /* heading level; paragraph style */
	bool in_toc;
	char *text[5];
	double number;           /* space; figure height */
	double fraction;
	struct pdfdoc_table *table;
	chart_draw_fn draw;
	void *data;
	void (*free_data)(void *);
	int page;                /* heading: physical page found by the last pass (1-based) */
	double y;                /* heading: where it was drawn */
	PangoLayout *lay;        /* paragraph: set out once, reused by both passes */
	bool keep;               /* paragraph: stays on the page of what follows it */
	char **notes;            /* footnotes attached to the item (its text or caption) */
	size_t note_count;
	int note_first;          /* number of the first, report-wide */
};

struct pdfdoc {
	char *info[6];
	struct item *items;
	size_t count, cap;
	int pages;
	int next_note;           /* number the next footnote gets */
};

#define FOOT_MAX 32          /* footnotes on one page */

/* State of one layout pass. */
struct pass {
	struct pdfdoc *doc;
	bool draw;
	cairo_surface_t *surface;   /* draw pass only */
	cairo_t *cr;                /* draw pass only */
	PangoContext *pc;
	int page;                   /* physical, 1-based; 0 before the first */
	bool page_open;
	bool page_empty;            /* nothing placed on the open page yet */
	double y;
	const char *header, *footer;  /* running texts for pages started from now */
	int outline_parent[6];        /* last bookmark id per level */
	bool cover_page;
	struct item *next;            /* the item after the one being laid out, or NULL */
	double bottom;                /* end of the text area: above the page's footnotes */
	const struct item *feet[FOOT_MAX];  /* items whose footnotes go at this page's foot */
	size_t foot_count;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct pdfdoc *pdfdoc_new(const struct pdfdoc_info *info)
{
	struct pdfdoc *d = xcalloc(1, sizeof *d);
	d->next_note = 1;
	if (info) {
		d->info[0] = dup_or_null(info->title);
		d->info[1] = dup_or_null(info->subject);
		d->info[2] = dup_or_null(info->author);
		d->info[3] = dup_or_null(info->creator);
		d->info[4] = dup_or_null(info->keywords);
		d->info[5] = dup_or_null(info->created);
	}
	return d;
}

static void row_free(struct row *r, size_t cols)
{
	for (size_t c = 0; c < cols; c++) {
		free(r->cells[c]);
		if (r->lay && r->lay[c])
			g_object_unref(r->lay[c]);
	}
	free(r->lay);
	free(r->span);
	free(r->cells);
}

void pdfdoc_table_free(struct pdfdoc_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->head_count; i++)
		row_free(&t->head[i], t->cols);
	for (size_t i = 0; i < t->body_count; i++)
		row_free(&t->body[i], t->cols);
	for (size_t i = 0; i < t->note_count; i++) {
		free(t->notes[i]);
		if (t->note_items && t->note_items[i].lay)
			g_object_unref(t->note_items[i].lay);
	}
	free(t->notes);
	free(t->note_items);
	free(t->head);
	free(t->body);
	free(t->widths);
	free(t->align);
	free(t->vertical);
	free(t->caption);
	free(t);
}

void pdfdoc_free(struct pdfdoc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++) {
		struct item *it = &d->items[i];
		for (int k = 0; k < 5; k++)
			free(it->text[k]);
		if (it->lay)
			g_object_unref(it->lay);
		for (size_t k = 0; k < it->note_count; k++)
			free(it->notes[k]);
		free(it->notes);
		pdfdoc_table_free(it->table);
		if (it->free_data)
			it->free_data(it->data);
	}
	for (int k = 0; k < 6; k++)
		free(d->info[k]);
	free(d->items);
	free(d);
}

static struct item *add(struct pdfdoc *d, enum item_kind kind)
{
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->items = xrealloc(d->items, d->cap * sizeof *d->items);
	}
	struct item *it = &d->items[d->count++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

void pdfdoc_cover(struct pdfdoc *d, const char *title, const char *subtitle, const char *year,
		  const char *publisher, const char *date)
{
	struct item *it = add(d, IT_COVER);
	it->text[0] = dup_or_null(title);
	it->text[1] = dup_or_null(subtitle);
	it->text[2] = dup_or_null(year);
	it->text[3] = dup_or_null(publisher);
	it->text[4] = dup_or_null(date);
}

void pdfdoc_toc(struct pdfdoc *d, const char *heading)
{
	add(d, IT_TOC)->text[0] = dup_or_null(heading);
}

void pdfdoc_heading(struct pdfdoc *d, int level, const char *text, bool in_toc)
{
	struct item *it = add(d, IT_HEADING);
	it->level = level < 1 ? 1 : level > 5 ? 5 : level;
	it->in_toc = in_toc && it->level <= 3;
	it->text[0] = xstrdup(text);
}

void pdfdoc_paragraph(struct pdfdoc *d, const char *text, enum pdfdoc_para_style style)
{
	struct item *it = add(d, IT_PARAGRAPH);
	it->level = (int)style;
	it->text[0] = xstrdup(text);
}

void pdfdoc_space(struct pdfdoc *d, double points)
{
	add(d, IT_SPACE)->number = points;
}

void pdfdoc_page_break(struct pdfdoc *d)
{
	add(d, IT_BREAK);
}

void pdfdoc_running(struct pdfdoc *d, const char *header, const char *footer)
{
	struct item *it = add(d, IT_RUNNING);
	it->text[0] = dup_or_null(header);
	it->text[1] = dup_or_null(footer);
}

struct pdfdoc_table *pdfdoc_table_new(size_t cols, const double *widths, const char *caption)
{
	struct pdfdoc_table *t = xcalloc(1, sizeof *t);
	t->cols = cols;
	t->widths = xcalloc(cols, sizeof *t->widths);
	t->align = xcalloc(cols, sizeof *t->align);
	t->vertical = xcalloc(cols, sizeof *t->vertical);
	double sum = 0;
	for (size_t c = 0; c < cols; c++)
		sum += widths ? widths[c] : 1;
	for (size_t c = 0; c < cols; c++)
		t->widths[c] = TEXT_W * (widths ? widths[c] : 1) / sum;
	t->caption = dup_or_null(caption);
	return t;
}

void pdfdoc_table_align(struct pdfdoc_table *t, size_t col, enum pdfdoc_align align)
{
	if (col < t->cols)
		t->align[col] = align;
}

void pdfdoc_table_vertical(struct pdfdoc_table *t, size_t col)
{
	if (col < t->cols)
		t->vertical[col] = true;
}

/* Text set vertically: one character per line (line breaks of the text are dropped). */
static char *vertical_text(const char *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (const char *p = s; *p;) {
		int len;
		text_utf8_decode(p, &len);
		if (*p != '\n') {
			if (sb.len)
				strbuf_addch(&sb, '\n');
			strbuf_add(&sb, p, (size_t)len);
		}
		p += len;
	}
	return strbuf_detach(&sb);
}

static void push_row(struct row **rows, size_t *count, size_t cols, const char *const *cells)
{
	*rows = xrealloc(*rows, (*count + 1) * sizeof **rows);
	struct row *r = &(*rows)[(*count)++];
	memset(r, 0, sizeof *r);
	r->cells = xcalloc(cols, sizeof *r->cells);
	for (size_t c = 0; c < cols; c++)
		r->cells[c] = dup_or_null(cells[c]);
}

void pdfdoc_table_header(struct pdfdoc_table *t, const char *const *cells)
{
	push_row(&t->head, &t->head_count, t->cols, cells);
}

void pdfdoc_table_row(struct pdfdoc_table *t, const char *const *cells)
{
	push_row(&t->body, &t->body_count, t->cols, cells);
}

void pdfdoc_table_note(struct pdfdoc_table *t, const char *text)
{
	t->notes = xrealloc(t->notes, (t->note_count + 1) * sizeof *t->notes);
	t->notes[t->note_count++] = xstrdup(text);
}

void pdfdoc_table(struct pdfdoc *d, struct pdfdoc_table *t)
{
	add(d, IT_TABLE)->table = t;
}

void pdfdoc_figure(struct pdfdoc *d, chart_draw_fn draw, void *data, void (*free_data)(void *),
		   double width_fraction, double height, const char *caption)
{
	struct item *it = add(d, IT_FIGURE);
	it->draw = draw;
	it->data = data;
	it->free_data = free_data;
	it->fraction = width_fraction <= 0 || width_fraction > 1 ? 1 : width_fraction;
	it->number = height;
	it->text[0] = dup_or_null(caption);
}

void pdfdoc_footnotes(struct pdfdoc *d, const char *const *texts, size_t count)
{
	if (!d->count || !count)
		return;
	struct item *it = &d->items[d->count - 1];
	if (it->kind != IT_HEADING && it->kind != IT_PARAGRAPH && it->kind != IT_TABLE &&
	    it->kind != IT_FIGURE)
		return;
	it->notes = xrealloc(it->notes, (it->note_count + count) * sizeof *it->notes);
	if (!it->note_count)
		it->note_first = d->next_note;
	for (size_t i = 0; i < count; i++)
		it->notes[it->note_count++] = xstrdup(texts[i]);
	d->next_note += (int)count;
}

void pdfdoc_keep_with_next(struct pdfdoc *d)
{
	if (d->count && d->items[d->count - 1].kind == IT_PARAGRAPH)
		d->items[d->count - 1].keep = true;
}

void pdfdoc_footnote_start(struct pdfdoc *d, int first)
{
	if (first > 0)
		d->next_note = first;
}

int pdfdoc_page_count(const struct pdfdoc *d)
{
	return d->pages;
}

/* ------------------------------------------------------------------ text */

static PangoLayout *layout_new(struct pass *ps, const char *family, double size, bool bold,
			       const char *text, double width)
{
	PangoLayout *l = pango_layout_new(ps->pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

static double layout_width(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return (double)r.width / PANGO_SCALE;
}

static void show(struct pass *ps, PangoLayout *l, double x, double y, double grey)
{
	if (!ps->draw)
		return;
	cairo_set_source_rgb(ps->cr, grey, grey, grey);
	cairo_move_to(ps->cr, x, y);
	pango_cairo_show_layout(ps->cr, l);
}

/* Sets text with the item's footnote numbers after it, raised and smaller ("表 ２-２ …³⁴"). */
static void set_marked_text(PangoLayout *l, const char *text, const struct item *owner,
			    double size)
{
	if (!owner || !owner->note_count) {
		pango_layout_set_text(l, text ? text : "", -1);
		return;
	}
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, text ? text : "");
	size_t start = sb.len;
	for (size_t i = 0; i < owner->note_count; i++)
		strbuf_addf(&sb, "%s%d", i ? "," : " ", owner->note_first + (int)i);
	pango_layout_set_text(l, sb.buf, (int)sb.len);
	PangoAttrList *attrs = pango_attr_list_new();
	PangoAttribute *a = pango_attr_rise_new((int)(size * 0.4 * PANGO_SCALE));
	a->start_index = (guint)start;
	a->end_index = (guint)sb.len;
	pango_attr_list_insert(attrs, a);
	a = pango_attr_scale_new(0.65);
	a->start_index = (guint)start;
	a->end_index = (guint)sb.len;
	pango_attr_list_insert(attrs, a);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	strbuf_release(&sb);
}

#define FOOT_SIZE 7.5

/* The layout of one footnote: its number raised, then the text, hanging. */
static PangoLayout *foot_layout(struct pass *ps, int number, const char *text)
{
	char *s = xasprintf("%d %s", number, text);
	PangoLayout *l = layout_new(ps, SANS, FOOT_SIZE, false, s, TEXT_W - 12);
	pango_layout_set_indent(l, -12 * PANGO_SCALE);
	PangoAttrList *attrs = pango_attr_list_new();
	size_t digits = strcspn(s, " ");
	PangoAttribute *a = pango_attr_rise_new((int)(FOOT_SIZE * 0.35 * PANGO_SCALE));
	a->end_index = (guint)digits;
	pango_attr_list_insert(attrs, a);
	a = pango_attr_scale_new(0.8);
	a->end_index = (guint)digits;
	pango_attr_list_insert(attrs, a);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	free(s);
	return l;
}

/* Height the item's footnotes take at the foot of a page (with the rule above the first). */
static double foot_height(struct pass *ps, const struct item *it)
{
	if (!it || !it->note_count)
		return 0;
	double h = ps->foot_count ? 0 : 12;
	for (size_t i = 0; i < it->note_count; i++) {
		PangoLayout *l = foot_layout(ps, it->note_first + (int)i, it->notes[i]);
		h += layout_height(l) + 2;
		g_object_unref(l);
	}
	return h;
}

/* The item has been placed on the page: its footnotes go to this page's foot. */
static void foot_add(struct pass *ps, const struct item *it)
{
	if (!it || !it->note_count || ps->foot_count == FOOT_MAX)
		return;
	for (size_t i = 0; i < ps->foot_count; i++)
		if (ps->feet[i] == it)
			return;
	ps->bottom -= foot_height(ps, it);
	ps->feet[ps->foot_count++] = it;
}

static void foot_draw(struct pass *ps)
{
	if (!ps->draw || !ps->foot_count)
		return;
	double y = ps->bottom + 6;
	cairo_set_source_rgb(ps->cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(ps->cr, 0.5);
	cairo_move_to(ps->cr, MARGIN_X, y);
	cairo_line_to(ps->cr, MARGIN_X + TEXT_W / 3, y);
	cairo_stroke(ps->cr);
	y += 6;
	for (size_t k = 0; k < ps->foot_count; k++) {
		const struct item *it = ps->feet[k];
		for (size_t i = 0; i < it->note_count; i++) {
			PangoLayout *l = foot_layout(ps, it->note_first + (int)i, it->notes[i]);
			show(ps, l, MARGIN_X + 12, y, 0.1);
			y += layout_height(l) + 2;
			g_object_unref(l);
		}
	}
}

/* ------------------------------------------------------------------ pages */

static void page_decorate(struct pass *ps)
{
	if (!ps->draw || ps->cover_page)
		return;
	int number = ps->page - 1;
	if (ps->header) {
		PangoLayout *l = layout_new(ps, SANS, 8, false, ps->header, TEXT_W);
		show(ps, l, MARGIN_X, 38, 0.35);
		g_object_unref(l);
		cairo_set_source_rgb(ps->cr, 0.6, 0.6, 0.6);
		cairo_set_line_width(ps->cr, 0.5);
		cairo_move_to(ps->cr, MARGIN_X, 52);
		cairo_line_to(ps->cr, PAGE_W - MARGIN_X, 52);
		cairo_stroke(ps->cr);
	}
	char num[32];
	snprintf(num, sizeof num, "-%d-", number);
	PangoLayout *l = layout_new(ps, SANS, 8, false, num, 0);
	show(ps, l, PAGE_W / 2 - layout_width(l) / 2, PAGE_H - 42, 0.2);
	g_object_unref(l);
	if (ps->footer) {
		l = layout_new(ps, SANS, 8, false, ps->footer, 0);
		show(ps, l, PAGE_W - MARGIN_X - layout_width(l), PAGE_H - 42, 0.35);
		g_object_unref(l);
	}
}

static void page_close(struct pass *ps)
{
	if (!ps->page_open)
		return;
	foot_draw(ps);
	if (ps->draw)
		cairo_show_page(ps->cr);
	ps->page_open = false;
	ps->foot_count = 0;
	ps->bottom = BOTTOM;
}

static void page_open(struct pass *ps)
{
	page_close(ps);
	ps->page++;
	ps->page_open = true;
	ps->page_empty = true;
	ps->y = MARGIN_TOP;
	ps->foot_count = 0;
	ps->bottom = BOTTOM;
	page_decorate(ps);
}

/* Makes sure an open page has h points left (a new page otherwise). */
static void need(struct pass *ps, double h)
{
	if (!ps->page_open) {
		page_open(ps);
		return;
	}
	if (ps->y + h > ps->bottom && !ps->page_empty)
		page_open(ps);
}

static void placed(struct pass *ps)
{
	ps->page_empty = false;
}

/* ------------------------------------------------------------------ blocks */

/* Draws text centred across the text width at y; returns its height. */
static double centred(struct pass *ps, const char *family, double size, bool bold,
		      const char *text, double y)
{
	if (!text)
		return 0;
	PangoLayout *l = layout_new(ps, family, size, bold, text, TEXT_W);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	show(ps, l, MARGIN_X, y, 0.1);
	double h = layout_height(l);
	g_object_unref(l);
	return h;
}

static void draw_cover(struct pass *ps, const struct item *it)
{
	page_close(ps);
	ps->cover_page = true;
	page_open(ps);
	/* year above the title, a rule, the subtitle; publisher and date at the foot */
	centred(ps, SANS, 18, true, it->text[2], PAGE_H * 0.30);
	double y = PAGE_H * 0.30 + 44;
	y += centred(ps, SANS, 24, true, it->text[0], y) + 14;
	if (ps->draw) {
		cairo_set_source_rgb(ps->cr, 0.0, 0.447, 0.698);
		cairo_set_line_width(ps->cr, 1.5);
		cairo_move_to(ps->cr, MARGIN_X + 40, y);
		cairo_line_to(ps->cr, PAGE_W - MARGIN_X - 40, y);
		cairo_stroke(ps->cr);
	}
	centred(ps, SANS, 14, false, it->text[1], y + 14);
	double foot = PAGE_H * 0.80;
	foot += centred(ps, SANS, 11, false, it->text[4], foot) + 8;
	centred(ps, SANS, 13, false, it->text[3], foot);
	page_close(ps);
	ps->cover_page = false;
}

static void table_prepare(struct pass *ps, struct pdfdoc_table *t);
static double caption_block(struct pass *ps, const char *caption, const struct item *owner,
			    bool draw_now);

/* How much of the next item must follow a heading on its page: a table's caption, header and
 * first row, a whole figure, else about three lines of text (and a paragraph kept with what
 * follows it brings that along). */
static double keep_height(struct pass *ps, struct item *next)
{
	double lines = 3 * BODY_SIZE * 1.7;
	if (!next)
		return 0;
	/* a lead sentence kept with its table: the heading goes with both */
	if (next->kind == IT_PARAGRAPH && next->keep) {
		const struct pdfdoc *d = ps->doc;
		return lines + keep_height(ps, next + 1 < d->items + d->count ? next + 1 : NULL);
	}
	if (next->kind == IT_FIGURE)
		return fmin(next->number + caption_block(ps, next->text[0], next, false) + 10,
			    BOTTOM - MARGIN_TOP - 60);
	if (next->kind == IT_TABLE) {
		struct pdfdoc_table *t = next->table;
		table_prepare(ps, t);
		double h = caption_block(ps, t->caption, next, false) + 8;
		for (size_t i = 0; i < t->head_count; i++)
			h += t->head[i].height;
		/* a table that fits on a page moves whole (draw_table), so the heading goes with
		 * all of it; a longer one with its first row */
		double whole = h;
		for (size_t i = 0; i < t->body_count; i++)
			whole += t->body[i].height;
		if (whole <= BOTTOM - MARGIN_TOP)
			h = whole;
		else if (t->body_count)
			h += t->body[0].height;
		return fmax(h, lines);
	}
	return lines;
}

static const double HEADING_SIZE[6] = {0, 15, 12.5, 11, 10.5, 10};

static void draw_heading(struct pass *ps, struct item *it)
{
	double size = HEADING_SIZE[it->level];
	PangoLayout *l = layout_new(ps, SANS, size, true, NULL, TEXT_W);
	set_marked_text(l, it->text[0], it, size);
	double h = layout_height(l);
	double before = it->level == 1 ? 10 : it->level == 2 ? 8 : 5;
	/* keep the heading with at least three lines of what follows */
	if (!ps->page_open || ps->page_empty)
		before = 0;
	need(ps, before + h + 8 + keep_height(ps, ps->next) + foot_height(ps, it));
	if (ps->page_empty)
		before = 0;
	ps->y += before;
	it->page = ps->page;
	it->y = ps->y;
	foot_add(ps, it);
	show(ps, l, MARGIN_X, ps->y, 0.05);
	if (ps->draw) {
		char dest[96];
		snprintf(dest, sizeof dest, "page=%d pos=[%.1f %.1f]", ps->page, MARGIN_X,
			 ps->y > 6 ? ps->y - 6 : 0);
		int parent = 0;
		for (int lv = it->level - 1; lv >= 1; lv--)
			if (ps->outline_parent[lv]) {
				parent = ps->outline_parent[lv];
				break;
			}
		int id = cairo_pdf_surface_add_outline(ps->surface, parent, it->text[0], dest,
						       it->level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
		ps->outline_parent[it->level] = id;
		for (int lv = it->level + 1; lv <= 5; lv++)
			ps->outline_parent[lv] = 0;
	}
	ps->y += h;
	if (it->level == 1 && ps->draw) {
		cairo_set_source_rgb(ps->cr, 0.0, 0.447, 0.698);
		cairo_set_line_width(ps->cr, 1.2);
		cairo_move_to(ps->cr, MARGIN_X, ps->y + 2);
		cairo_line_to(ps->cr, PAGE_W - MARGIN_X, ps->y + 2);
		cairo_stroke(ps->cr);
	}
	ps->y += it->level == 1 ? 10 : 5;
	placed(ps);
	g_object_unref(l);
}

/* Draws layout l line by line from x, breaking across pages between lines. */
static void flow_lines(struct pass *ps, PangoLayout *l, double x, double grey)
{
	PangoLayoutIter *iter = pango_layout_get_iter(l);
	double base_top = 0;  /* layout y of the first line on this page */
	double origin = ps->y;
	bool first = true;
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(iter, NULL, &r);
		double top = (double)r.y / PANGO_SCALE, h = (double)r.height / PANGO_SCALE;
		if (first) {
			base_top = top;
			first = false;
		}
		if (origin + (top - base_top) + h > ps->bottom && !ps->page_empty) {
			page_open(ps);
			origin = ps->y;
			base_top = top;
		}
		double baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
		if (ps->draw) {
			PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
			cairo_set_source_rgb(ps->cr, grey, grey, grey);
			cairo_move_to(ps->cr, x + (double)r.x / PANGO_SCALE,
				      origin + baseline - base_top);
			pango_cairo_show_layout_line(ps->cr, line);
		}
		ps->y = origin + (top - base_top) + h;
		placed(ps);
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
}

static double caption_block(struct pass *ps, const char *caption, const struct item *owner,
			    bool draw_now);

static void draw_paragraph(struct pass *ps, struct item *it)
{
	enum pdfdoc_para_style st = (enum pdfdoc_para_style)it->level;
	if (st == PDFDOC_CAPTION) {
		need(ps, 14 + foot_height(ps, it));
		caption_block(ps, it->text[0], it, true);
		ps->y += 8;
		return;
	}
	double size = st == PDFDOC_NOTE ? 8.5 : BODY_SIZE;
	double indent = st == PDFDOC_NOTE || st == PDFDOC_BULLET ? size : 0;
	if (!it->lay) {
		PangoLayout *l = layout_new(ps, SANS, size, st == PDFDOC_LEAD, NULL, TEXT_W - indent);
		set_marked_text(l, it->text[0], it, size);
		pango_layout_set_line_spacing(l, st == PDFDOC_NOTE ? 1.35f : 1.6f);
		if (st == PDFDOC_BODY)
			pango_layout_set_indent(l, (int)(size * PANGO_SCALE));
		else if (indent > 0)
			pango_layout_set_indent(l, (int)(-indent * PANGO_SCALE));
		if (st == PDFDOC_RIGHT)
			pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		pango_layout_set_justify(l, st == PDFDOC_BODY);
		it->lay = l;
	}
	need(ps, (it->keep ? layout_height(it->lay) + keep_height(ps, ps->next) : size * 2) +
		 foot_height(ps, it));
	foot_add(ps, it);
	flow_lines(ps, it->lay, MARGIN_X + indent, 0.05);
	ps->y += st == PDFDOC_NOTE ? 3 : 6;
}

/* Sets out a row's cells; its height leaves out the cells that span the rows below (their
 * heights are settled by table_prepare). */
static void row_prepare(struct pass *ps, const struct pdfdoc_table *t, struct row *r,
			bool header, const struct row *below)
{
	r->lay = xcalloc(t->cols, sizeof *r->lay);
	r->span = xcalloc(t->cols, sizeof *r->span);
	double h = 0;
	for (size_t c = 0; c < t->cols; c++) {
		if (!r->cells[c])
			continue;
		bool vertical = !header && t->vertical[c];
		char *v = vertical ? vertical_text(r->cells[c]) : NULL;
		r->lay[c] = layout_new(ps, SANS, TABLE_SIZE, header, v ? v : r->cells[c],
				       t->widths[c] - 2 * CELL_PAD);
		free(v);
		pango_layout_set_line_spacing(r->lay[c], vertical ? 1.0f : 1.25f);
		enum pdfdoc_align a = header || vertical ? PDFDOC_CENTER : t->align[c];
		pango_layout_set_alignment(r->lay[c], a == PDFDOC_CENTER ? PANGO_ALIGN_CENTER
					   : a == PDFDOC_RIGHT_ALIGN ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		if (!below || below->cells[c])
			h = fmax(h, layout_height(r->lay[c]));
	}
	r->height = fmax(h, TABLE_SIZE * 1.25) + 2 * CELL_PAD;
}

/* Sets out every row once (both passes use the layouts) and gives each spanning cell room:
 * when its text is taller than the rows it covers, the last of them grows. */
static void table_prepare(struct pass *ps, struct pdfdoc_table *t)
{
	if (t->prepared)
		return;
	t->prepared = true;
	for (size_t i = 0; i < t->head_count; i++)
		row_prepare(ps, t, &t->head[i], true, NULL);
	for (size_t i = 0; i < t->body_count; i++)
		row_prepare(ps, t, &t->body[i], false, i + 1 < t->body_count ? &t->body[i + 1] : NULL);
	for (size_t i = 0; i < t->body_count; i++) {
		for (size_t c = 0; c < t->cols; c++) {
			struct row *r = &t->body[i];
			if (!r->cells[c] || i + 1 >= t->body_count || t->body[i + 1].cells[c])
				continue;
			size_t j = i + 1;
			while (j < t->body_count && !t->body[j].cells[c])
				j++;
			double total = 0;
			for (size_t k = i; k < j; k++)
				total += t->body[k].height;
			double need = layout_height(r->lay[c]) + 2 * CELL_PAD;
			if (need > total) {
				t->body[j - 1].height += need - total;
				total = need;
			}
			r->span[c] = total;
		}
	}
}

/* Whether body row i is continued (row span) by the next row in column c. */
static bool continued_below(const struct pdfdoc_table *t, size_t i, size_t c)
{
	return i + 1 < t->body_count && !t->body[i + 1].cells[c];
}

static void draw_row(struct pass *ps, const struct pdfdoc_table *t, PangoLayout **cells,
		     const double *spans, double h, bool header, const bool *open_below,
		     const bool *from_above)
{
	double x = MARGIN_X;
	if (ps->draw && header) {
		cairo_set_source_rgb(ps->cr, 0.90, 0.92, 0.95);
		cairo_rectangle(ps->cr, MARGIN_X, ps->y, TEXT_W, h);
		cairo_fill(ps->cr);
	}
	for (size_t c = 0; c < t->cols; c++) {
		if (cells[c]) {
			double ch = layout_height(cells[c]);
			double span = spans && spans[c] > 0 ? spans[c] : h;
			double ty = ps->y + CELL_PAD;
			if (header || t->align[c] != PDFDOC_LEFT || (!header && t->vertical[c]))
				ty = ps->y + (span - ch) / 2;
			show(ps, cells[c], x + CELL_PAD, ty, 0.05);
		}
		x += t->widths[c];
	}
	if (ps->draw) {
		/* the row's rules as one path */
		cairo_t *cr = ps->cr;
		x = MARGIN_X;
		for (size_t c = 0; c < t->cols; c++) {
			double w = t->widths[c];
			cairo_move_to(cr, x, ps->y);
			cairo_line_to(cr, x, ps->y + h);
			if (!from_above || !from_above[c] || ps->page_empty) {
				cairo_move_to(cr, x, ps->y);
				cairo_line_to(cr, x + w, ps->y);
			}
			if (!open_below || !open_below[c]) {
				cairo_move_to(cr, x, ps->y + h);
				cairo_line_to(cr, x + w, ps->y + h);
			}
			x += w;
		}
		cairo_move_to(cr, MARGIN_X + TEXT_W, ps->y);
		cairo_line_to(cr, MARGIN_X + TEXT_W, ps->y + h);
		cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
		cairo_set_line_width(cr, 0.6);
		cairo_stroke(cr);
	}
	ps->y += h;
}

static double caption_block(struct pass *ps, const char *caption, const struct item *owner,
			    bool draw_now)
{
	if (!caption)
		return 0;
	PangoLayout *l = layout_new(ps, SANS, 9.5, true, NULL, TEXT_W);
	set_marked_text(l, caption, owner, 9.5);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	double h = layout_height(l);
	if (draw_now) {
		show(ps, l, MARGIN_X, ps->y, 0.05);
		ps->y += h + 4;
		placed(ps);
		foot_add(ps, owner);
	}
	g_object_unref(l);
	return h + 4;
}

static void draw_head_rows(struct pass *ps, const struct pdfdoc_table *t)
{
	for (size_t i = 0; i < t->head_count; i++) {
		draw_row(ps, t, t->head[i].lay, NULL, t->head[i].height, true, NULL, NULL);
		placed(ps);
	}
}

static void draw_table(struct pass *ps, struct item *it)
{
	struct pdfdoc_table *t = it->table;
	table_prepare(ps, t);
	double head_total = 0;
	for (size_t i = 0; i < t->head_count; i++)
		head_total += t->head[i].height;
	bool *open_below = xcalloc(t->cols, sizeof *open_below);
	bool *from_above = xcalloc(t->cols, sizeof *from_above);

	double caption = caption_block(ps, t->caption, it, false) + foot_height(ps, it);
	double first = t->body_count ? t->body[0].height : 0;
	ps->y += 4;
	/* a table that fits on one page is not split: it starts a new page when needed */
	double total = caption + head_total;
	for (size_t i = 0; i < t->body_count && total <= BOTTOM - MARGIN_TOP; i++)
		total += t->body[i].height;
	if (total <= BOTTOM - MARGIN_TOP)
		need(ps, total);
	/* else at least the caption, header and first row stay together */
	need(ps, caption + head_total + first);
	caption_block(ps, t->caption, it, true);
	draw_head_rows(ps, t);
	for (size_t i = 0; i < t->body_count; i++) {
		double h = t->body[i].height;
		/* rows a cell spans stay on one page with it */
		double block = h;
		for (size_t c = 0; c < t->cols; c++)
			block = fmax(block, t->body[i].span[c]);
		if (block > BOTTOM - MARGIN_TOP - head_total)
			block = h;
		if (ps->y + block > ps->bottom) {
			/* close the page's last row, continue with the header on a new page */
			if (ps->draw) {
				cairo_set_source_rgb(ps->cr, 0.35, 0.35, 0.35);
				cairo_move_to(ps->cr, MARGIN_X, ps->y);
				cairo_line_to(ps->cr, MARGIN_X + TEXT_W, ps->y);
				cairo_stroke(ps->cr);
			}
			page_open(ps);
			draw_head_rows(ps, t);
		}
		for (size_t c = 0; c < t->cols; c++) {
			open_below[c] = continued_below(t, i, c);
			from_above[c] = !t->body[i].cells[c];
		}
		draw_row(ps, t, t->body[i].lay, t->body[i].span, h, false, open_below, from_above);
		placed(ps);
	}
	ps->y += 3;
	if (t->note_count && !t->note_items) {
		t->note_items = xcalloc(t->note_count, sizeof *t->note_items);
		for (size_t n = 0; n < t->note_count; n++) {
			t->note_items[n].kind = IT_PARAGRAPH;
			t->note_items[n].level = PDFDOC_NOTE;
			t->note_items[n].text[0] = t->notes[n];
		}
	}
	for (size_t n = 0; n < t->note_count; n++)
		draw_paragraph(ps, &t->note_items[n]);
	ps->y += 8;
	free(open_below);
	free(from_above);
}

static void draw_figure(struct pass *ps, const struct item *it)
{
	double w = TEXT_W * it->fraction, h = it->number;
	double cap = caption_block(ps, it->text[0], it, false) + foot_height(ps, it);
	ps->y += 4;
	need(ps, h + cap + 6);
	double x = MARGIN_X + (TEXT_W - w) / 2;
	if (ps->draw) {
		cairo_save(ps->cr);
		cairo_translate(ps->cr, x, ps->y);
		cairo_rectangle(ps->cr, 0, 0, w, h);
		cairo_clip(ps->cr);
		it->draw(ps->cr, w, h, it->data);
		cairo_restore(ps->cr);
	}
	ps->y += h + 4;
	placed(ps);
	caption_block(ps, it->text[0], it, true);
	ps->y += 8;
}

static void draw_toc(struct pass *ps, const struct item *it)
{
	const struct pdfdoc *d = ps->doc;
	need(ps, 40);
	if (it->text[0]) {
		PangoLayout *l = layout_new(ps, SANS, 15, true, it->text[0], TEXT_W);
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
		show(ps, l, MARGIN_X, ps->y, 0.05);
		ps->y += layout_height(l) + 16;
		placed(ps);
		g_object_unref(l);
	}
	for (size_t i = 0; i < d->count; i++) {
		const struct item *h = &d->items[i];
		if (h->kind != IT_HEADING || !h->in_toc)
			continue;
		double indent = 14 * (h->level - 1);
		double size = h->level == 1 ? 10.5 : 9.5;
		char num[16];
		snprintf(num, sizeof num, "%d", h->page > 1 ? h->page - 1 : 0);
		PangoLayout *n = layout_new(ps, SANS, size, h->level == 1, num, 0);
		double nw = layout_width(n);
		PangoLayout *l = layout_new(ps, SANS, size, h->level == 1,
					    h->text[0], TEXT_W - indent - 60);
		double lh = layout_height(l);
		need(ps, lh + 6);
		if (h->level == 1)
			ps->y += 4;
		if (ps->draw) {
			char link[96];
			snprintf(link, sizeof link, "page=%d pos=[%.1f %.1f]", h->page, MARGIN_X,
				 h->y > 6 ? h->y - 6 : 0);
			cairo_tag_begin(ps->cr, CAIRO_TAG_LINK, link);
		}
		show(ps, l, MARGIN_X + indent, ps->y, 0.05);
		/* dotted leader from the end of the title's last line to the number */
		if (ps->draw) {
			PangoRectangle last;
			int lines = pango_layout_get_line_count(l);
			pango_layout_line_get_extents(pango_layout_get_line_readonly(l, lines - 1),
						      NULL, &last);
			double lx = MARGIN_X + indent + (double)(last.x + last.width) / PANGO_SCALE + 4;
			double ly = ps->y + lh - size * 0.45;
			static const double dots[] = {0.8, 2.6};
			cairo_save(ps->cr);
			cairo_set_dash(ps->cr, dots, 2, 0);
			cairo_set_line_width(ps->cr, 0.8);
			cairo_set_source_rgb(ps->cr, 0.5, 0.5, 0.5);
			cairo_move_to(ps->cr, lx, ly);
			cairo_line_to(ps->cr, PAGE_W - MARGIN_X - nw - 4, ly);
			cairo_stroke(ps->cr);
			cairo_restore(ps->cr);
		}
		show(ps, n, PAGE_W - MARGIN_X - nw, ps->y + lh - layout_height(n), 0.05);
		if (ps->draw)
			cairo_tag_end(ps->cr, CAIRO_TAG_LINK);
		ps->y += lh + 5;
		placed(ps);
		g_object_unref(l);
		g_object_unref(n);
	}
}

static void run_pass(struct pass *ps)
{
	struct pdfdoc *d = ps->doc;
	for (size_t i = 0; i < d->count; i++) {
		struct item *it = &d->items[i];
		ps->next = i + 1 < d->count ? &d->items[i + 1] : NULL;
		switch (it->kind) {
		case IT_COVER:
			draw_cover(ps, it);
			break;
		case IT_TOC:
			draw_toc(ps, it);
			break;
		case IT_HEADING:
			draw_heading(ps, it);
			break;
		case IT_PARAGRAPH:
			draw_paragraph(ps, it);
			break;
		case IT_SPACE:
			if (ps->page_open && !ps->page_empty)
				ps->y += it->number;
			break;
		case IT_BREAK:
			page_close(ps);
			break;
		case IT_RUNNING:
			ps->header = it->text[0];
			ps->footer = it->text[1];
			break;
		case IT_TABLE:
			draw_table(ps, it);
			break;
		case IT_FIGURE:
			draw_figure(ps, it);
			break;
		}
	}
	if (!ps->page)
		page_open(ps);
	page_close(ps);
}

/* The one text context of a document, made for the PDF's cairo context before the first
 * pass: measuring and drawing then use the same fonts (and the charts drawn on the pages
 * share them too), so no glyph is loaded twice and line breaks cannot differ. */
static PangoContext *context_new(cairo_t *cr)
{
	PangoContext *pc = pango_cairo_create_context(cr);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pc, 72);
	pango_context_set_language(pc, pango_language_from_string("ja"));
	return pc;
}

static void creation_date(const struct pdfdoc *d, char *buf, size_t size)
{
	if (d->info[5]) {
		snprintf(buf, size, "%s", d->info[5]);
		return;
	}
	time_t now = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde)
		now = (time_t)strtoll(sde, NULL, 10);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static cairo_status_t write_to_file(void *closure, const unsigned char *data, unsigned int len)
{
	return outfile_write(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int pdfdoc_write(struct pdfdoc *d, const char *path)
{
	struct outfile out;
	if (outfile_open(&out, path, OUTFILE_PUBLIC))
		return -1;
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_to_file, &out, PAGE_W,
								      PAGE_H);
	static const cairo_pdf_metadata_t keys[] = {
		CAIRO_PDF_METADATA_TITLE, CAIRO_PDF_METADATA_SUBJECT, CAIRO_PDF_METADATA_AUTHOR,
		CAIRO_PDF_METADATA_CREATOR, CAIRO_PDF_METADATA_KEYWORDS,
	};
	for (int k = 0; k < 5; k++)
		if (d->info[k])
			cairo_pdf_surface_set_metadata(surface, keys[k], d->info[k]);
	char date[40];
	creation_date(d, date, sizeof date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	cairo_t *cr = cairo_create(surface);
	PangoContext *pc = context_new(cr);

	/* first pass: pages of the headings, nothing drawn */
	struct pass measure = {.doc = d, .pc = pc};
	run_pass(&measure);
	int *pages = xcalloc(d->count + 1, sizeof *pages);
	for (size_t i = 0; i < d->count; i++)
		pages[i] = d->items[i].page;

	struct pass draw = {.doc = d, .pc = pc, .draw = true, .surface = surface, .cr = cr};
	run_pass(&draw);
	d->pages = draw.page;
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].kind == IT_HEADING && d->items[i].page != pages[i])
			diag_warning("heading '%s' moved from page %d to %d between passes",
				     d->items[i].text[0], pages[i], d->items[i].page);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	g_object_unref(pc);
	free(pages);
	/* A failed write of the stream shows as the outfile's error, with its cause. */
	if (st != CAIRO_STATUS_SUCCESS && !out.err) {
		outfile_abort(&out);
		return diag_error("cannot write '%s': %s", path, cairo_status_to_string(st));
	}
	return outfile_commit(&out);
}

void pdfdoc_shutdown(void)
{
	/* Only the default font map is dropped. cairo_debug_reset_static_data() and FcFini() would
	 * free cairo's and fontconfig's caches too, but they assume that no font is alive any more;
	 * pango does not promise that (one process in a few dozen started together failed
	 * cairo's assertion on it), and what they free is reachable, not leaked. */
	pango_cairo_font_map_set_default(NULL);
}
