/* pdfdoc: A4 pages with pango text, tables, figures, a table of contents and bookmarks. */
#include "renderer/pdfdoc.h"

#include "core/diag.h"
#include "core/outfile.h"
#include "core/text.h"
#include "renderer/fontcfg.h"
#include "renderer/label.h"
#include "renderer/pdfaccess.h"
#include "renderer/pdfmerge.h"
#include "renderer/numfmt.h"

#include <cairo-pdf.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define PAGE_W PDFDOC_PAGE_WIDTH
#define PAGE_H 841.89
#define MARGIN_X PDFDOC_MARGIN_X
#define MARGIN_TOP 72.0
#define MARGIN_BOTTOM 70.0
#define TEXT_W PDFDOC_TEXT_WIDTH
#define BOTTOM (PAGE_H - MARGIN_BOTTOM)

/* One family in two weights: every face embedded costs its whole CFF table at subsetting
 * time, so a third face (a serif body) would cost about a tenth of the report's time. */
#define SANS FONTCFG_JAPANESE
/* English text in a Latin face; a Japanese character in it falls back to the CJK face. */
#define LATIN FONTCFG_LATIN_FIRST
#define BODY_SIZE 10.0
#define TABLE_SIZE 8.5
#define CELL_PAD 4.0

enum item_kind { IT_COVER, IT_TOC, IT_HEADING, IT_PARAGRAPH, IT_SPACE, IT_BREAK, IT_RUNNING,
		 IT_TABLE, IT_FIGURE };

struct row {
	char **cells;          /* NULL: continues the cell above */
	PangoLayout **lay;     /* set out once */
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
	int level;               /* heading level 1–6; paragraph style */
	bool in_toc;
	char *text;              /* heading, paragraph, contents heading, caption, running header,
				  * cover title */
	char *alt;               /* figure: its alternative text */
	char *footer;            /* running: the footer */
	char *subtitle, *year, *publisher, *date; /* cover: the lines under the title */
	double number;           /* space; figure height */
	double fraction;
	struct pdfdoc_table *table;
	chart_draw_fn draw;
	void *data;
	void (*free_data)(void *);
	int page;                /* heading: physical page found by the last pass (1-based) */
	double y;                /* heading: where it was drawn */
	PangoLayout *lay;        /* paragraph, heading: its text, set out once */
	PangoLayout *cap;        /* table, figure, caption paragraph: the caption, set out once */
	PangoLayout **feet;      /* the footnotes, set out once (note_count entries) */
	bool keep;               /* paragraph: stays on the page of what follows it */
	char **notes;            /* footnotes attached to the item (its text or caption) */
	size_t note_count;
	int note_first;          /* number of the first, report-wide */
};

struct pdfdoc {
	/* the document information (pdfdoc_info's, copied; NULL: not given) */
	char *title, *subject, *author, *creator, *keywords, *created;
	char *lang;              /* "ja" or "en" */
	struct item *items;
	size_t count, cap;
	int pages;
	int next_note;           /* number the next footnote gets */
	int jobs;                /* processes that lay out and paint (pdfdoc_set_jobs) */
	struct pdfdoc_timings timings;
};

#define FOOT_MAX 32          /* footnotes on one page */
/*
 * What the layout pass leaves for painting: the drawing operations of every page in order,
 * each what one cairo call (or a short fixed sequence) does. Positions are final when an
 * operation is recorded, except for the table of contents, whose page numbers are known only
 * at the end: its entries are painted from the headings' pages then.
 */
enum op_kind {
	OP_SHOW,         /* a layout at (x, y) in grey a */
	OP_SHOW_LINE,    /* line n of a layout, its baseline at (x, y), in grey a */
	OP_RGB,          /* source colour (x, y, a) */
	OP_WIDTH,        /* line width x */
	OP_MOVE, OP_LINE_TO,
	OP_RECT,         /* (x, y, w, h) */
	OP_STROKE, OP_FILL,
	OP_FIGURE,       /* item's drawing in the box (x, y, w, h) */
	OP_OUTLINE,      /* item's bookmark, at its page and y */
	OP_TOC_ENTRY,    /* heading item's entry: title layout at (x, y), height h, size w */
	OP_TAG_BEGIN,    /* a structure element (or a destination) tag opens: tag, attr */
	OP_TAG_END,      /* ... and closes */
	OP_FOLIO,        /* the page's number, set out when the page is painted */
	OP_PAGE_END,
};

struct op {
	enum op_kind kind;
	double x, y, w, h, a;
	PangoLayout *layout;     /* a reference held by the operation */
	int n;
	const struct item *it;
	const char *tag;         /* OP_TAG_*: a static name */
	char *attr;              /* OP_TAG_BEGIN: attributes, owned; NULL: none */
};

/* State of the layout pass. */
struct pass {
	struct pdfdoc *doc;
	PangoContext *pc;
	int page;                   /* physical, 1-based; 0 before the first */
	bool page_open;
	bool page_empty;            /* nothing placed on the open page yet */
	double y;
	const char *header, *footer;  /* running texts for pages started from now */
	PangoLayout *header_lay, *footer_lay;  /* the running texts set out (for their texts) */
	const char *header_of, *footer_of;
	bool cover_page;
	struct item *next;            /* the item after the one being laid out, or NULL */
	double bottom;                /* end of the text area: above the page's footnotes */
	const struct item *feet[FOOT_MAX];  /* items whose footnotes go at this page's foot */
	size_t foot_count;
	struct op *ops;               /* what painting does, in order */
	size_t op_count, op_cap;
	const char *family;           /* the document's text face */
	bool latin;                   /* English: the Latin face, breaks between words only */
	int cover_pages;              /* pages before the numbered ones */
	const char *leaf;             /* the structure element whose text is being set, NULL */
	int depth;                    /* structure elements open inside the document */
	bool in_list;                 /* a list (L) of bullet paragraphs is open */
	bool kept_above;              /* the last thing placed was kept with what follows */
	GHashTable *cells;            /* table cells set out, by text, column width and style */
	/* painting */
	int first_page;               /* physical number of the first page this pass paints */
	bool outlines;                /* whether the bookmarks are added (the first part only) */
	int outline_parent[7];        /* the last bookmark of each level */
};

static struct op *record(struct pass *ps, enum op_kind kind)
{
	ps->ops = xgrow(ps->ops, ps->op_count, &ps->op_cap, sizeof *ps->ops, 1024);
	struct op *o = &ps->ops[ps->op_count++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	return o;
}

static void rec_rgb(struct pass *ps, double r, double g, double b)
{
	struct op *o = record(ps, OP_RGB);
	o->x = r;
	o->y = g;
	o->a = b;
}

static void rec_width(struct pass *ps, double w)
{
	record(ps, OP_WIDTH)->x = w;
}

static void rec_point(struct pass *ps, enum op_kind kind, double x, double y)
{
	struct op *o = record(ps, kind);
	o->x = x;
	o->y = y;
}

static void rec_rect(struct pass *ps, double x, double y, double w, double h)
{
	struct op *o = record(ps, OP_RECT);
	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
}

/* A straight rule from (x0, y0) to (x1, y1) in grey (or colour) with a line width. */
static void rec_rule(struct pass *ps, double r, double g, double b, double width, double x0, double y0, double x1,
		     double y1)
{
	rec_rgb(ps, r, g, b);
	if (width > 0)
		rec_width(ps, width);
	rec_point(ps, OP_MOVE, x0, y0);
	rec_point(ps, OP_LINE_TO, x1, y1);
	record(ps, OP_STROKE);
}

static void rec_layout(struct pass *ps, enum op_kind kind, PangoLayout *l, int n, double x, double y, double grey)
{
	struct op *o = record(ps, kind);
	o->layout = g_object_ref(l);
	o->n = n;
	o->x = x;
	o->y = y;
	o->a = grey;
}

/* Structure tags (Tagged PDF): a structure element opens and closes around what it shows. A
 * leaf — an element whose own content is painted: H1…, P, TD, Figure … — never stays open
 * across a page break, so that running headers and footers drawn on the new page stay
 * outside it (flow_lines closes it and opens a new one). */
static void rec_tag(struct pass *ps, bool begin, const char *tag, char *attr)
{
	struct op *o = record(ps, begin ? OP_TAG_BEGIN : OP_TAG_END);
	o->tag = tag;
	o->attr = attr;
}

static void tag_open(struct pass *ps, const char *tag)
{
	rec_tag(ps, true, tag, NULL);
	ps->depth++;
}

static void tag_close(struct pass *ps, const char *tag)
{
	rec_tag(ps, false, tag, NULL);
	ps->depth--;
}

static void leaf_open(struct pass *ps, const char *tag)
{
	tag_open(ps, tag);
	ps->leaf = tag;
}

static void leaf_close(struct pass *ps)
{
	if (ps->leaf)
		tag_close(ps, ps->leaf);
	ps->leaf = NULL;
}

static const char *const HEADING_TAG[7] = {"H1", "H1", "H2", "H3", "H4", "H5", "H6"};

static void ops_free(struct pass *ps)
{
	for (size_t i = 0; i < ps->op_count; i++) {
		if (ps->ops[i].layout)
			g_object_unref(ps->ops[i].layout);
		free(ps->ops[i].attr);
	}
	free(ps->ops);
	if (ps->header_lay)
		g_object_unref(ps->header_lay);
	if (ps->footer_lay)
		g_object_unref(ps->footer_lay);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct pdfdoc *pdfdoc_new(const struct pdfdoc_info *info)
{
	struct pdfdoc *d = xcalloc(1, sizeof *d);
	d->next_note = 1;
	if (info) {
		d->title = dup_or_null(info->title);
		d->subject = dup_or_null(info->subject);
		d->author = dup_or_null(info->author);
		d->creator = dup_or_null(info->creator);
		d->keywords = dup_or_null(info->keywords);
		d->created = dup_or_null(info->created);
	}
	d->lang = xstrdup(label_is_en(info ? info->lang : NULL) ? "en" : "ja");
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
		char *texts[] = {it->text, it->alt, it->footer, it->subtitle, it->year, it->publisher, it->date};
		for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
			free(texts[k]);
		if (it->lay)
			g_object_unref(it->lay);
		if (it->cap)
			g_object_unref(it->cap);
		for (size_t k = 0; k < it->note_count; k++) {
			free(it->notes[k]);
			if (it->feet && it->feet[k])
				g_object_unref(it->feet[k]);
		}
		free(it->notes);
		free(it->feet);
		pdfdoc_table_free(it->table);
		if (it->free_data)
			it->free_data(it->data);
	}
	free(d->title);
	free(d->subject);
	free(d->author);
	free(d->creator);
	free(d->keywords);
	free(d->created);
	free(d->lang);
	free(d->items);
	free(d);
}

static struct item *add(struct pdfdoc *d, enum item_kind kind)
{
	d->items = xgrow(d->items, d->count, &d->cap, sizeof *d->items, 64);
	struct item *it = &d->items[d->count++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

void pdfdoc_cover(struct pdfdoc *d, const char *title, const char *subtitle, const char *year,
		  const char *publisher, const char *date)
{
	struct item *it = add(d, IT_COVER);
	it->text = dup_or_null(title);
	it->subtitle = dup_or_null(subtitle);
	it->year = dup_or_null(year);
	it->publisher = dup_or_null(publisher);
	it->date = dup_or_null(date);
}

void pdfdoc_toc(struct pdfdoc *d, const char *heading)
{
	add(d, IT_TOC)->text = dup_or_null(heading);
}

void pdfdoc_heading(struct pdfdoc *d, int level, const char *text, bool in_toc)
{
	struct item *it = add(d, IT_HEADING);
	it->level = level < 1 ? 1 : level > 6 ? 6 : level;
	it->in_toc = in_toc && it->level <= 3;
	it->text = xstrdup(text);
}

void pdfdoc_paragraph(struct pdfdoc *d, const char *text, enum pdfdoc_para_style style)
{
	struct item *it = add(d, IT_PARAGRAPH);
	it->level = (int)style;
	it->text = xstrdup(text);
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
	it->text = dup_or_null(header);
	it->footer = dup_or_null(footer);
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
	it->text = dup_or_null(caption);
}

void pdfdoc_figure_alt(struct pdfdoc *d, const char *text)
{
	if (d->count && d->items[d->count - 1].kind == IT_FIGURE) {
		free(d->items[d->count - 1].alt);
		d->items[d->count - 1].alt = dup_or_null(text);
	}
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
		/* Japanese breaks between any two characters; English only between words (a word
		 * too long for its line stands out rather than being broken or hyphenated) */
		pango_layout_set_wrap(l, ps->latin ? PANGO_WRAP_WORD : PANGO_WRAP_WORD_CHAR);
	}
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
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
	rec_layout(ps, OP_SHOW, l, 0, x, y, grey);
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
	PangoAttrList *attrs = pango_layout_get_attributes(l) ? pango_attr_list_copy(pango_layout_get_attributes(l))
							       : pango_attr_list_new();
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
	PangoLayout *l = layout_new(ps, ps->family, FOOT_SIZE, false, s, TEXT_W - 12);
	pango_layout_set_indent(l, -12 * PANGO_SCALE);
	PangoAttrList *attrs = pango_attr_list_copy(pango_layout_get_attributes(l));
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

/* The item's footnotes set out (once). */
static PangoLayout *const *item_feet(struct pass *ps, struct item *it)
{
	if (!it->feet) {
		it->feet = xcalloc(it->note_count, sizeof *it->feet);
		for (size_t i = 0; i < it->note_count; i++)
			it->feet[i] = foot_layout(ps, it->note_first + (int)i, it->notes[i]);
	}
	return it->feet;
}

/* Height the item's footnotes take at the foot of a page (with the rule above the first). */
static double foot_height(struct pass *ps, struct item *it)
{
	if (!it || !it->note_count)
		return 0;
	double h = ps->foot_count ? 0 : 12;
	PangoLayout *const *feet = item_feet(ps, it);
	for (size_t i = 0; i < it->note_count; i++)
		h += layout_height(feet[i]) + 2;
	return h;
}

/* The item has been placed on the page: its footnotes go to this page's foot. */
static void foot_add(struct pass *ps, struct item *it)
{
	if (!it || !it->note_count || ps->foot_count == FOOT_MAX)
		return;
	for (size_t i = 0; i < ps->foot_count; i++)
		if (ps->feet[i] == it)
			return;
	ps->bottom -= foot_height(ps, it);
	ps->feet[ps->foot_count++] = it;
}

static void place_feet(struct pass *ps)
{
	if (!ps->foot_count)
		return;
	double y = ps->bottom + 6;
	rec_rule(ps, 0.3, 0.3, 0.3, 0.5, MARGIN_X, y, MARGIN_X + TEXT_W / 3, y);
	y += 6;
	/* each footnote a Note, where the structure allows one (not inside a table that goes
	 * on to the next page) */
	bool tagged = ps->depth == 0;
	for (size_t k = 0; k < ps->foot_count; k++) {
		const struct item *it = ps->feet[k];
		for (size_t i = 0; i < it->note_count; i++) {
			if (tagged)
				leaf_open(ps, "Note");
			show(ps, it->feet[i], MARGIN_X + 12, y, 0.1);
			if (tagged)
				leaf_close(ps);
			y += layout_height(it->feet[i]) + 2;
		}
	}
}

/* ------------------------------------------------------------------ pages */

/* The running text set out, once for each text it changes to. */
static PangoLayout *running_layout(struct pass *ps, PangoLayout **lay, const char **of, const char *text,
				   double width)
{
	if (!*lay || *of != text) {
		if (*lay)
			g_object_unref(*lay);
		*lay = layout_new(ps, ps->family, 8, false, text, width);
		*of = text;
	}
	return *lay;
}

static void page_decorate(struct pass *ps)
{
	if (ps->cover_page)
		return;
	if (ps->header) {
		PangoLayout *l = running_layout(ps, &ps->header_lay, &ps->header_of, ps->header, TEXT_W);
		show(ps, l, MARGIN_X, 38, 0.35);
		rec_rule(ps, 0.6, 0.6, 0.6, 0.5, MARGIN_X, 52, PAGE_W - MARGIN_X, 52);
	}
	/* the folio is set out when the page is painted: a part of the document laid out in
	 * another process (pdfdoc_write) learns its first page's number only then */
	record(ps, OP_FOLIO);
	if (ps->footer) {
		/* right of the folio, never over it: a long footer wraps onto a second line */
		double room = TEXT_W / 2 - 24;
		PangoLayout *l = running_layout(ps, &ps->footer_lay, &ps->footer_of, ps->footer, room);
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		show(ps, l, PAGE_W - MARGIN_X - room, PAGE_H - 42, 0.35);
	}
}

static void page_close(struct pass *ps)
{
	if (!ps->page_open)
		return;
	place_feet(ps);
	record(ps, OP_PAGE_END);
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

/* Draws text centred across the text width at y as a structure element tag; returns its
 * height. */
static double centred(struct pass *ps, const char *tag, double size, bool bold,
		      const char *text, double y)
{
	if (!text)
		return 0;
	PangoLayout *l = layout_new(ps, ps->family, size, bold, text, TEXT_W);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	leaf_open(ps, tag);
	show(ps, l, MARGIN_X, y, 0.1);
	leaf_close(ps);
	double h = layout_height(l);
	g_object_unref(l);
	return h;
}

static void place_cover(struct pass *ps, const struct item *it)
{
	page_close(ps);
	ps->cover_page = true;
	page_open(ps);
	ps->cover_pages++;
	/* year above the title, a rule, the subtitle; publisher and date at the foot */
	centred(ps, "P", 18, true, it->year, PAGE_H * 0.30);
	double y = PAGE_H * 0.30 + 44;
	y += centred(ps, "H1", 24, true, it->text, y) + 14;
	rec_rule(ps, 0.0, 0.447, 0.698, 1.5, MARGIN_X + 40, y, PAGE_W - MARGIN_X - 40, y);
	centred(ps, "P", 14, false, it->subtitle, y + 14);
	double foot = PAGE_H * 0.80;
	foot += centred(ps, "P", 11, false, it->date, foot) + 8;
	centred(ps, "P", 13, false, it->publisher, foot);
	page_close(ps);
	ps->cover_page = false;
}

static void table_prepare(struct pass *ps, struct pdfdoc_table *t);
static double caption_block(struct pass *ps, const char *caption, struct item *owner, bool draw_now);
static const double HEADING_SIZE[7];

/* Whether paragraph it is a lead-in to the table, figure or heading after it: a sentence of
 * two lines at most right before a table or figure, of one line before a heading, stays on the
 * page of what follows (a lead sentence is never left at the foot of a page). */
static bool lead_in(const struct item *it, const struct item *after)
{
	if (!after || (after->kind != IT_TABLE && after->kind != IT_FIGURE && after->kind != IT_HEADING))
		return false;
	enum pdfdoc_para_style st = (enum pdfdoc_para_style)it->level;
	if (st != PDFDOC_BODY && st != PDFDOC_PLAIN)
		return false;
	/* before a heading only a one-line sentence that leads into the parts below it */
	int most = after->kind == IT_HEADING ? 1 : 2;
	return !it->lay || pango_layout_get_line_count(it->lay) <= most;
}

/* Sets out a paragraph (once). */
static void para_layout(struct pass *ps, struct item *it)
{
	enum pdfdoc_para_style st = (enum pdfdoc_para_style)it->level;
	if (it->lay || st == PDFDOC_CAPTION)
		return;
	double size = st == PDFDOC_NOTE ? 8.5 : BODY_SIZE;
	double indent = st == PDFDOC_NOTE || st == PDFDOC_BULLET ? size : 0;
	PangoLayout *l = layout_new(ps, ps->family, size, st == PDFDOC_LEAD, NULL, TEXT_W - indent);
	set_marked_text(l, it->text, it, size);
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

/* How much of the next item must follow a heading on its page: a table's caption, header and
 * first row, a whole figure, else about three lines of text (and a paragraph kept with what
 * follows it brings that along). */
static double keep_height(struct pass *ps, struct item *next)
{
	double lines = 3 * BODY_SIZE * 1.7;
	if (!next)
		return 0;
	const struct pdfdoc *d = ps->doc;
	struct item *after = next + 1 < d->items + d->count ? next + 1 : NULL;
	if (next->kind == IT_PARAGRAPH)
		para_layout(ps, next);
	/* a lead sentence kept with its table: the heading goes with both */
	if (next->kind == IT_PARAGRAPH && (next->keep || lead_in(next, after)))
		return lines + keep_height(ps, after);
	/* a heading right under a heading: both go with what follows them */
	if (next->kind == IT_HEADING)
		return HEADING_SIZE[next->level] * 1.6 + 13 + keep_height(ps, after);
	/* a running header change or a space is nothing to keep: look past it */
	if ((next->kind == IT_RUNNING || next->kind == IT_SPACE) && after)
		return keep_height(ps, after);
	if (next->kind == IT_FIGURE)
		return fmin(next->number + caption_block(ps, next->text, next, false) + 10,
			    BOTTOM - MARGIN_TOP - 60);
	if (next->kind == IT_TABLE) {
		struct pdfdoc_table *t = next->table;
		table_prepare(ps, t);
		double h = caption_block(ps, t->caption, next, false) + 8;
		for (size_t i = 0; i < t->head_count; i++)
			h += t->head[i].height;
		/* a table that fits on a page moves whole (place_table), so the heading goes with
		 * all of it; a longer one with its first row */
		double whole = h;
		for (size_t i = 0; i < t->body_count; i++)
			whole += t->body[i].height;
		/* (with room left for the heading and a lead sentence above it; a table that
		 * needs nearly the whole page starts under them and breaks: place_table) */
		if (whole <= BOTTOM - MARGIN_TOP - 90)
			h = whole;
		else if (t->body_count)
			h += t->body[0].height;
		return fmax(h, lines);
	}
	return lines;
}

static const double HEADING_SIZE[7] = {0, 15, 12.5, 11, 10.5, 10, 10};

static void place_heading(struct pass *ps, struct item *it)
{
	double size = HEADING_SIZE[it->level];
	PangoLayout *l = layout_new(ps, ps->family, size, true, NULL, TEXT_W);
	set_marked_text(l, it->text, it, size);
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
	/* the heading is a named destination: the contents, the bookmarks and their links
	 * reach it by name (cairo 1.16 loses links to later pages given by page number) */
	leaf_open(ps, HEADING_TAG[it->level]);
	rec_tag(ps, true, CAIRO_TAG_DEST, xasprintf("name='h%zu'", (size_t)(it - ps->doc->items)));
	show(ps, l, MARGIN_X, ps->y, 0.05);
	rec_tag(ps, false, CAIRO_TAG_DEST, NULL);
	leaf_close(ps);
	record(ps, OP_OUTLINE)->it = it;
	ps->y += h;
	if (it->level == 1)
		rec_rule(ps, 0.0, 0.447, 0.698, 1.2, MARGIN_X, ps->y + 2, PAGE_W - MARGIN_X, ps->y + 2);
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
	int n = 0;
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(iter, NULL, &r);
		double top = (double)r.y / PANGO_SCALE, h = (double)r.height / PANGO_SCALE;
		if (first) {
			base_top = top;
			first = false;
		}
		if (origin + (top - base_top) + h > ps->bottom && !ps->page_empty) {
			const char *leaf = ps->leaf;
			leaf_close(ps);
			page_open(ps);
			if (leaf)
				leaf_open(ps, leaf);
			origin = ps->y;
			base_top = top;
		}
		double baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
		rec_layout(ps, OP_SHOW_LINE, l, n++, x + (double)r.x / PANGO_SCALE, origin + baseline - base_top, grey);
		ps->y = origin + (top - base_top) + h;
		placed(ps);
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
}

static double caption_block(struct pass *ps, const char *caption, struct item *owner, bool draw_now);

static void place_paragraph(struct pass *ps, struct item *it)
{
	enum pdfdoc_para_style st = (enum pdfdoc_para_style)it->level;
	if (st == PDFDOC_CAPTION) {
		need(ps, 14 + foot_height(ps, it));
		leaf_open(ps, "Caption");
		caption_block(ps, it->text, it, true);
		leaf_close(ps);
		ps->y += 8;
		return;
	}
	double size = st == PDFDOC_NOTE ? 8.5 : BODY_SIZE;
	double indent = st == PDFDOC_NOTE || st == PDFDOC_BULLET ? size : 0;
	para_layout(ps, it);
	bool keep = it->keep || lead_in(it, ps->next);
	need(ps, (keep ? layout_height(it->lay) + keep_height(ps, ps->next) : size * 2) +
		 foot_height(ps, it));
	foot_add(ps, it);
	/* bullets: consecutive ones make one list (L) of items (LI), each text its body */
	if (st == PDFDOC_BULLET && !ps->in_list) {
		tag_open(ps, "L");
		ps->in_list = true;
	}
	if (st == PDFDOC_BULLET)
		tag_open(ps, "LI");
	leaf_open(ps, st == PDFDOC_BULLET ? "LBody" : "P");
	flow_lines(ps, it->lay, MARGIN_X + indent, 0.05);
	leaf_close(ps);
	if (st == PDFDOC_BULLET) {
		tag_close(ps, "LI");
		const struct item *n = ps->next;
		if (!n || n->kind != IT_PARAGRAPH || n->level != PDFDOC_BULLET) {
			tag_close(ps, "L");
			ps->in_list = false;
		}
	}
	ps->y += st == PDFDOC_NOTE ? 3 : 6;
}

/* A table cell's text set out in the table's size (smaller for a word too wide for its column),
 * aligned. */
static PangoLayout *cell_layout(struct pass *ps, const char *text, double cw, bool header, bool vertical,
				enum pdfdoc_align a)
{
	double size = TABLE_SIZE;
	PangoLayout *l = layout_new(ps, ps->family, size, header, text, cw);
	/* a word wider than its column (English breaks only between words) is set smaller
	 * until it fits, rather than broken or left to run into the next cell */
	while (layout_width(l) > cw + 0.5 && size > 5.5) {
		g_object_unref(l);
		size -= 0.25;
		l = layout_new(ps, ps->family, size, header, text, cw);
	}
	pango_layout_set_line_spacing(l, vertical ? 1.0f : 1.25f);
	pango_layout_set_alignment(l, a == PDFDOC_CENTER ? PANGO_ALIGN_CENTER
				   : a == PDFDOC_RIGHT_ALIGN ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	return l;
}

/* The cell layout for text in this column and style, shared: a text repeated in the tables'
 * cells ("100.0%", "実施") is set out once and drawn wherever it stands. Returns a new
 * reference. */
static PangoLayout *cell_layout_shared(struct pass *ps, const char *text, double cw, bool header,
				       bool vertical, enum pdfdoc_align a)
{
	char *key = xasprintf("%a %d %d %d %s", cw, header, vertical, (int)a, text);
	PangoLayout *l = g_hash_table_lookup(ps->cells, key);
	if (l) {
		free(key);
		return g_object_ref(l);
	}
	l = cell_layout(ps, text, cw, header, vertical, a);
	g_hash_table_insert(ps->cells, key, g_object_ref(l));
	return l;
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
		enum pdfdoc_align a = header || vertical ? PDFDOC_CENTER : t->align[c];
		r->lay[c] = cell_layout_shared(ps, v ? v : r->cells[c], t->widths[c] - 2 * CELL_PAD, header,
					       vertical, a);
		free(v);
		if (!below || below->cells[c])
			h = fmax(h, layout_height(r->lay[c]));
	}
	r->height = fmax(h, TABLE_SIZE * 1.25) + 2 * CELL_PAD;
}

/* Sets out every row once (measured and drawn from the same layouts) and gives each spanning
 * cell room: when its text is taller than the rows it covers, the last of them grows. */
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

/* A row of the table; cell_tag ("TH", "TD") tags each cell in a row (TR), NULL leaves the
 * row out of the structure (a header row repeated on a following page). */
static void place_row(struct pass *ps, const struct pdfdoc_table *t, PangoLayout **cells,
		     const double *spans, double h, bool header, const bool *open_below,
		     const bool *from_above, const char *cell_tag)
{
	double x = MARGIN_X;
	if (header) {
		rec_rgb(ps, 0.90, 0.92, 0.95);
		rec_rect(ps, MARGIN_X, ps->y, TEXT_W, h);
		record(ps, OP_FILL);
	}
	for (size_t c = 0; c < t->cols; c++) {
		if (cells[c]) {
			double ch = layout_height(cells[c]);
			double span = spans && spans[c] > 0 ? spans[c] : h;
			double ty = ps->y + CELL_PAD;
			if (header || t->align[c] != PDFDOC_LEFT || (!header && t->vertical[c]))
				ty = ps->y + (span - ch) / 2;
			if (cell_tag)
				leaf_open(ps, cell_tag);
			show(ps, cells[c], x + CELL_PAD, ty, 0.05);
			if (cell_tag)
				leaf_close(ps);
		}
		x += t->widths[c];
	}
	/* the row's rules as one path */
	x = MARGIN_X;
	for (size_t c = 0; c < t->cols; c++) {
		double w = t->widths[c];
		rec_point(ps, OP_MOVE, x, ps->y);
		rec_point(ps, OP_LINE_TO, x, ps->y + h);
		if (!from_above || !from_above[c] || ps->page_empty) {
			rec_point(ps, OP_MOVE, x, ps->y);
			rec_point(ps, OP_LINE_TO, x + w, ps->y);
		}
		if (!open_below || !open_below[c]) {
			rec_point(ps, OP_MOVE, x, ps->y + h);
			rec_point(ps, OP_LINE_TO, x + w, ps->y + h);
		}
		x += w;
	}
	rec_point(ps, OP_MOVE, MARGIN_X + TEXT_W, ps->y);
	rec_point(ps, OP_LINE_TO, MARGIN_X + TEXT_W, ps->y + h);
	rec_rgb(ps, 0.35, 0.35, 0.35);
	rec_width(ps, 0.6);
	record(ps, OP_STROKE);
	ps->y += h;
	if (cell_tag)
		tag_close(ps, "TR");
}

/* The caption of owner (a table, a figure or a caption paragraph), set out once: its height
 * with the space under it; drawn at y when draw_now. */
static double caption_block(struct pass *ps, const char *caption, struct item *owner, bool draw_now)
{
	if (!caption)
		return 0;
	if (!owner->cap) {
		owner->cap = layout_new(ps, ps->family, 9.5, true, NULL, TEXT_W);
		set_marked_text(owner->cap, caption, owner, 9.5);
		pango_layout_set_alignment(owner->cap, PANGO_ALIGN_CENTER);
	}
	double h = layout_height(owner->cap);
	if (draw_now) {
		show(ps, owner->cap, MARGIN_X, ps->y, 0.05);
		ps->y += h + 4;
		placed(ps);
		foot_add(ps, owner);
	}
	return h + 4;
}

/* The header rows: in the structure the first time (tagged), as a repeat on a following page
 * outside it. */
static void place_head_rows(struct pass *ps, const struct pdfdoc_table *t, bool tagged)
{
	for (size_t i = 0; i < t->head_count; i++) {
		if (tagged)
			tag_open(ps, "TR");
		place_row(ps, t, t->head[i].lay, NULL, t->head[i].height, true, NULL, NULL,
			  tagged ? "TH" : NULL);
		placed(ps);
	}
}

static void place_table(struct pass *ps, struct item *it)
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
	/* a table that fits on one page is not split: it starts a new page when needed —
	 * unless its heading or lead sentence stands just above it (kept with it), which it
	 * then follows, breaking across the page */
	double total = caption + head_total;
	for (size_t i = 0; i < t->body_count && total <= BOTTOM - MARGIN_TOP; i++)
		total += t->body[i].height;
	if (total <= BOTTOM - MARGIN_TOP && !ps->kept_above)
		need(ps, total);
	/* else at least the caption, header and first row stay together */
	need(ps, caption + head_total + first);
	tag_open(ps, "Table");
	if (t->caption) {
		leaf_open(ps, "Caption");
		caption_block(ps, t->caption, it, true);
		leaf_close(ps);
	}
	place_head_rows(ps, t, true);
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
			rec_rule(ps, 0.35, 0.35, 0.35, 0, MARGIN_X, ps->y, MARGIN_X + TEXT_W, ps->y);
			page_open(ps);
			place_head_rows(ps, t, false);
		}
		for (size_t c = 0; c < t->cols; c++) {
			open_below[c] = continued_below(t, i, c);
			from_above[c] = !t->body[i].cells[c];
		}
		tag_open(ps, "TR");
		place_row(ps, t, t->body[i].lay, t->body[i].span, h, false, open_below, from_above, "TD");
		placed(ps);
	}
	tag_close(ps, "Table");
	ps->y += 3;
	if (t->note_count && !t->note_items) {
		t->note_items = xcalloc(t->note_count, sizeof *t->note_items);
		for (size_t n = 0; n < t->note_count; n++) {
			t->note_items[n].kind = IT_PARAGRAPH;
			t->note_items[n].level = PDFDOC_NOTE;
			t->note_items[n].text = t->notes[n];
		}
	}
	for (size_t n = 0; n < t->note_count; n++)
		place_paragraph(ps, &t->note_items[n]);
	ps->y += 8;
	free(open_below);
	free(from_above);
}

static void place_figure(struct pass *ps, struct item *it)
{
	double w = TEXT_W * it->fraction, h = it->number;
	double cap = caption_block(ps, it->text, it, false) + foot_height(ps, it);
	ps->y += 4;
	need(ps, h + cap + 6);
	double x = MARGIN_X + (TEXT_W - w) / 2;
	leaf_open(ps, "Figure");
	struct op *o = record(ps, OP_FIGURE);
	o->it = it;
	o->x = x;
	o->y = ps->y;
	o->w = w;
	o->h = h;
	leaf_close(ps);
	ps->y += h + 4;
	placed(ps);
	if (it->text) {
		leaf_open(ps, "Caption");
		caption_block(ps, it->text, it, true);
		leaf_close(ps);
	}
	ps->y += 8;
}

static void place_toc(struct pass *ps, const struct item *it)
{
	const struct pdfdoc *d = ps->doc;
	need(ps, 40);
	if (it->text) {
		PangoLayout *l = layout_new(ps, ps->family, 15, true, it->text, TEXT_W);
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
		leaf_open(ps, "H1");
		show(ps, l, MARGIN_X, ps->y, 0.05);
		leaf_close(ps);
		ps->y += layout_height(l) + 16;
		placed(ps);
		g_object_unref(l);
	}
	/* The entries' titles are set out here; their page numbers (and the leaders up to them)
	 * are known and drawn only when the pages are painted (paint_toc_entry), each entry (TOCI)
	 * a link. */
	tag_open(ps, "TOC");
	for (size_t i = 0; i < d->count; i++) {
		const struct item *h = &d->items[i];
		if (h->kind != IT_HEADING || !h->in_toc)
			continue;
		double indent = 14 * (h->level - 1);
		double size = h->level == 1 ? 10.5 : 9.5;
		PangoLayout *l = layout_new(ps, ps->family, size, h->level == 1,
					    h->text, TEXT_W - indent - 60);
		double lh = layout_height(l);
		need(ps, lh + 6);
		if (h->level == 1)
			ps->y += 4;
		struct op *o = record(ps, OP_TOC_ENTRY);
		o->it = h;
		o->layout = l;
		o->x = MARGIN_X + indent;
		o->y = ps->y;
		o->h = lh;
		o->w = size;
		ps->y += lh + 5;
		placed(ps);
	}
	tag_close(ps, "TOC");
}

/* Lays items [from, to) of the document out, once: every page, with the page of every
 * heading. A part that begins after a page break starts on a page of its own, as it would in
 * the whole flow; only its page numbers differ (from 1). */
static void lay_out(struct pass *ps, size_t from, size_t to)
{
	struct pdfdoc *d = ps->doc;
	for (size_t i = from; i < to; i++) {
		struct item *it = &d->items[i];
		ps->next = i + 1 < d->count ? &d->items[i + 1] : NULL;
		bool kept = false;   /* what this item leaves for the next: kept with it */
		switch (it->kind) {
		case IT_COVER:
			place_cover(ps, it);
			break;
		case IT_TOC:
			place_toc(ps, it);
			break;
		case IT_HEADING:
			place_heading(ps, it);
			kept = true;
			break;
		case IT_PARAGRAPH:
			place_paragraph(ps, it);
			kept = it->keep || lead_in(it, ps->next);
			break;
		case IT_SPACE:
			if (ps->page_open && !ps->page_empty)
				ps->y += it->number;
			break;
		case IT_BREAK:
			page_close(ps);
			break;
		case IT_RUNNING:
			ps->header = it->text;
			ps->footer = it->footer;
			kept = ps->kept_above;
			break;
		case IT_TABLE:
			place_table(ps, it);
			break;
		case IT_FIGURE:
			place_figure(ps, it);
			break;
		}
		ps->kept_above = kept;
	}
	if (!ps->page)
		page_open(ps);
	page_close(ps);
}

/* The one text context of a document, made for the PDF's cairo context before the layout
 * pass: laying out and painting use the same fonts (and the charts drawn on the pages share
 * them too), so no glyph is loaded twice. */
static PangoContext *context_new(cairo_t *cr, const char *lang, PangoFontMap *map)
{
	/* pango_cairo_create_context(cr) with the font map given: this thread's default one, or
	 * the main thread's for the fonts set up ahead (pdfdoc_prepare_fonts) */
	PangoContext *pc = pango_font_map_create_context(map ? map : pango_cairo_font_map_get_default());
	pango_cairo_update_context(cr, pc);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pc, 72);
	pango_context_set_language(pc, pango_language_from_string(lang));
	return pc;
}

PangoContext *pdfdoc_text_context(cairo_t *cr, const char *lang)
{
	return context_new(cr, lang, NULL);
}

static void creation_date(const struct pdfdoc *d, char *buf, size_t size)
{
	if (d->created) {
		snprintf(buf, size, "%s", d->created);
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

/*
 * cairo 1.16 compresses every stream of a PDF at zlib's default level and has no setting for
 * it. While pdfdoc_write has cairo write, zlib's deflateInit() — which this definition stands
 * in for in the whole program, cairo's calls included — compresses the pages' contents at the
 * fastest level (two to three times as fast as the default; a page's stream a fifth larger)
 * and stores the streams cairo writes when it finishes the file as they are: the font
 * programs and their character maps. The font programs are most of a report's bytes (the
 * Japanese face's outlines, over a megabyte, which deflate shrinks by a tenth) and compressing
 * them took more than half the time spent finishing the file. The content is the same, the
 * file about a tenth larger.
 * Anywhere else deflateInit is zlib's own (deflateInit2 with these defaults).
 */
static enum { ZLIB_DEFAULT, ZLIB_PAGES, ZLIB_FINISHING } deflate_for;

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	if (deflate_for != ZLIB_DEFAULT)
		level = deflate_for == ZLIB_PAGES ? Z_BEST_SPEED : Z_NO_COMPRESSION;
	return deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version, stream_size);
}

/* cairo writes the PDF into memory: pdfdoc_write adds what cairo cannot (pdfaccess) before
 * the file is written. */
static cairo_status_t write_to_buffer(void *closure, const unsigned char *data, unsigned int len)
{
	strbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ painting */

static void paint_outline(const struct pdfdoc *d, cairo_surface_t *surface, const struct item *it,
			  int *outline_parent)
{
	char dest[48];
	snprintf(dest, sizeof dest, "dest='h%zu'", (size_t)(it - d->items));
	int parent = 0;
	for (int lv = it->level - 1; lv >= 1; lv--)
		if (outline_parent[lv]) {
			parent = outline_parent[lv];
			break;
		}
	int id = cairo_pdf_surface_add_outline(surface, parent, it->text, dest,
					       it->level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	outline_parent[it->level] = id;
	for (int lv = it->level + 1; lv <= 6; lv++)
		outline_parent[lv] = 0;
}

/* One entry of the table of contents: its title as laid out, a dotted leader from the end of
 * the title's last line to the heading's page number, the whole a link to the heading. */
static void paint_toc_entry(struct pass *ps, cairo_t *cr, const struct op *o)
{
	const struct item *h = o->it;
	double size = o->w, lh = o->h;
	char num[16];
	snprintf(num, sizeof num, "%d", h->page > ps->cover_pages ? h->page - ps->cover_pages : 0);
	PangoLayout *n = layout_new(ps, ps->family, size, h->level == 1, num, 0);
	double nw = layout_width(n);
	char link[48];
	snprintf(link, sizeof link, "dest='h%zu'", (size_t)(h - ps->doc->items));
	cairo_tag_begin(cr, "TOCI", "");
	cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
	cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
	cairo_move_to(cr, o->x, o->y);
	pango_cairo_show_layout(cr, o->layout);
	PangoRectangle last;
	int lines = pango_layout_get_line_count(o->layout);
	pango_layout_line_get_extents(pango_layout_get_line_readonly(o->layout, lines - 1), NULL, &last);
	double lx = o->x + (double)(last.x + last.width) / PANGO_SCALE + 4;
	double ly = o->y + lh - size * 0.45;
	static const double dots[] = {0.8, 2.6};
	cairo_save(cr);
	cairo_set_dash(cr, dots, 2, 0);
	cairo_set_line_width(cr, 0.8);
	cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
	cairo_move_to(cr, lx, ly);
	cairo_line_to(cr, PAGE_W - MARGIN_X - nw - 4, ly);
	cairo_stroke(cr);
	cairo_restore(cr);
	cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
	cairo_move_to(cr, PAGE_W - MARGIN_X - nw, o->y + lh - layout_height(n));
	pango_cairo_show_layout(cr, n);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	cairo_tag_end(cr, "TOCI");
	g_object_unref(n);
}

/* The label of physical page (1-based) as its folio reads: "3" for a page printed -3-; the
 * cover pages by name. */
static void page_label(const struct pass *ps, int page, char *buf, size_t size)
{
	if (page <= ps->cover_pages)
		snprintf(buf, size, "%s", label_is_en(ps->doc->lang) ? "Cover" : "表紙");
	else
		snprintf(buf, size, "%d", page - ps->cover_pages);
}

/* The page's number, centred under the text. */
static void paint_folio(struct pass *ps, cairo_t *cr, int page)
{
	char num[32];
	snprintf(num, sizeof num, "-%d-", page - ps->cover_pages);
	PangoLayout *l = layout_new(ps, ps->family, 8, false, num, 0);
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_move_to(cr, PAGE_W / 2 - layout_width(l) / 2, PAGE_H - 42);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

/* Paints what the layout pass recorded, page by page from ps->first_page, from the same
 * layouts, inside one Document structure element; adds the time the charts took to
 * charts_wall and charts_cpu. */
static void paint(struct pass *ps, cairo_t *cr, cairo_surface_t *surface, double *charts_wall,
		  double *charts_cpu)
{
	int page = ps->first_page;
	char label[32];
	page_label(ps, page, label, sizeof label);
	cairo_pdf_surface_set_page_label(surface, label);
	cairo_tag_begin(cr, "Document", "");
	for (size_t i = 0; i < ps->op_count; i++) {
		const struct op *o = &ps->ops[i];
		switch (o->kind) {
		case OP_TAG_BEGIN:
			cairo_tag_begin(cr, o->tag, o->attr ? o->attr : "");
			break;
		case OP_TAG_END:
			cairo_tag_end(cr, o->tag);
			break;
		case OP_SHOW:
			cairo_set_source_rgb(cr, o->a, o->a, o->a);
			cairo_move_to(cr, o->x, o->y);
			pango_cairo_show_layout(cr, o->layout);
			break;
		case OP_SHOW_LINE:
			cairo_set_source_rgb(cr, o->a, o->a, o->a);
			cairo_move_to(cr, o->x, o->y);
			pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(o->layout, o->n));
			break;
		case OP_RGB:
			cairo_set_source_rgb(cr, o->x, o->y, o->a);
			break;
		case OP_WIDTH:
			cairo_set_line_width(cr, o->x);
			break;
		case OP_MOVE:
			cairo_move_to(cr, o->x, o->y);
			break;
		case OP_LINE_TO:
			cairo_line_to(cr, o->x, o->y);
			break;
		case OP_RECT:
			cairo_rectangle(cr, o->x, o->y, o->w, o->h);
			break;
		case OP_STROKE:
			cairo_stroke(cr);
			break;
		case OP_FILL:
			cairo_fill(cr);
			break;
		case OP_FIGURE: {
			double w0, c0, w1, c1;
			pdfdoc_clocks(&w0, &c0);
			cairo_save(cr);
			cairo_translate(cr, o->x, o->y);
			cairo_rectangle(cr, 0, 0, o->w, o->h);
			cairo_clip(cr);
			o->it->draw(cr, o->w, o->h, o->it->data);
			cairo_restore(cr);
			pdfdoc_clocks(&w1, &c1);
			*charts_wall += w1 - w0;
			*charts_cpu += c1 - c0;
			break;
		}
		case OP_OUTLINE:
			if (ps->outlines)
				paint_outline(ps->doc, surface, o->it, ps->outline_parent);
			break;
		case OP_FOLIO:
			paint_folio(ps, cr, page);
			break;
		case OP_TOC_ENTRY:
			paint_toc_entry(ps, cr, o);
			break;
		case OP_PAGE_END:
			cairo_show_page(cr);
			if (i + 1 < ps->op_count) {
				page_label(ps, ++page, label, sizeof label);
				cairo_pdf_surface_set_page_label(surface, label);
			}
			break;
		}
	}
	cairo_tag_end(cr, "Document");
}

void pdfdoc_clocks(double *wall, double *cpu)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	*wall = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	*cpu = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ writing */

/* One process's share of the document: items [from, to) laid out and painted onto a cairo PDF
 * surface of its own, written into memory. */
struct part {
	struct pdfdoc *doc;
	size_t from, to;
	struct strbuf pdf;
	cairo_surface_t *surface;
	cairo_t *cr;
	struct pass ps;
	/* the clocks when the part began, was laid out, was painted and was finished */
	double wall[4], cpu[4];
	double charts_wall, charts_cpu;
};

static void part_begin(struct part *p, struct pdfdoc *d, size_t from, size_t to)
{
	memset(p, 0, sizeof *p);
	p->doc = d;
	p->from = from;
	p->to = to;
	pdfdoc_clocks(&p->wall[0], &p->cpu[0]);
	strbuf_init(&p->pdf);
	p->surface = cairo_pdf_surface_create_for_stream(write_to_buffer, &p->pdf, PAGE_W, PAGE_H);
	const struct {
		cairo_pdf_metadata_t key;
		const char *value;
	} meta[] = {
		{CAIRO_PDF_METADATA_TITLE, d->title}, {CAIRO_PDF_METADATA_SUBJECT, d->subject},
		{CAIRO_PDF_METADATA_AUTHOR, d->author}, {CAIRO_PDF_METADATA_CREATOR, d->creator},
		{CAIRO_PDF_METADATA_KEYWORDS, d->keywords},
	};
	for (size_t k = 0; k < sizeof meta / sizeof meta[0]; k++)
		if (meta[k].value)
			cairo_pdf_surface_set_metadata(p->surface, meta[k].key, meta[k].value);
	char date[40];
	creation_date(d, date, sizeof date);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	p->cr = cairo_create(p->surface);
	p->ps = (struct pass){.doc = d, .pc = context_new(p->cr, d->lang, NULL),
			      .family = label_is_en(d->lang) ? LATIN : SANS, .latin = label_is_en(d->lang),
			      .cells = g_hash_table_new_full(g_str_hash, g_str_equal, free, g_object_unref),
			      .first_page = 1, .outlines = from == 0};
	/* a later part starts under the running header and footer in force where it begins */
	for (size_t i = 0; i < from; i++)
		if (d->items[i].kind == IT_RUNNING) {
			p->ps.header = d->items[i].text;
			p->ps.footer = d->items[i].footer;
		}
}

/* One layout pass sets out every text of the part once and records what each page shows;
 * painting then draws the pages from the same layouts. */
static void part_lay_out(struct part *p)
{
	lay_out(&p->ps, p->from, p->to);
	pdfdoc_clocks(&p->wall[1], &p->cpu[1]);
}

static void part_paint(struct part *p)
{
	paint(&p->ps, p->cr, p->surface, &p->charts_wall, &p->charts_cpu);
}

/* Ends the PDF (cairo cuts and embeds the font subsets); returns cairo's status. */
static cairo_status_t part_finish(struct part *p)
{
	pdfdoc_clocks(&p->wall[2], &p->cpu[2]);
	cairo_status_t st = cairo_status(p->cr);
	cairo_destroy(p->cr);
	p->cr = NULL;
	deflate_for = ZLIB_FINISHING;
	cairo_surface_finish(p->surface);
	deflate_for = ZLIB_PAGES;
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	p->surface = NULL;
	pdfdoc_clocks(&p->wall[3], &p->cpu[3]);
	return st;
}

static void part_free(struct part *p)
{
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	ops_free(&p->ps);
	if (p->ps.cells)
		g_hash_table_destroy(p->ps.cells);
	if (p->ps.pc)
		g_object_unref(p->ps.pc);
	strbuf_release(&p->pdf);
}

/*
 * Two processes. A document long enough is cut at a page break near the middle of its work
 * (split_point): a child process forked at the start of pdfdoc_write lays out and paints the
 * pages after the cut while this process does those before it, each onto its own PDF, and
 * pdfmerge joins the two. They are forked before any font is loaded, so each sets up its own
 * fonts, and the child sees the document exactly as it was: both lay their parts out as the
 * whole flow would (a page break starts a fresh page, the running texts in force are known
 * from the items), so the pages are the same as with one process. What crosses between them,
 * over a socket pair:
 *   child → parent: status, its page count, the (part-relative) page of each of its headings;
 *   parent → child: the physical number of the child's first page and the cover pages (for
 *     the folios and page labels);
 *   child → parent: status, its clocks, the length and bytes of its PDF.
 * The first part paints the contents (it comes first) with every heading's page, and every
 * bookmark: bookmarks and contents entries point at headings by name, and the names are
 * joined by pdfmerge.
 */

/* What one item costs to lay out and paint, in about the time of one table cell. */
static size_t item_work(const struct item *it, size_t headings)
{
	switch (it->kind) {
	case IT_TABLE: {
		const struct pdfdoc_table *t = it->table;
		return (t->head_count + t->body_count) * t->cols + 4;
	}
	case IT_PARAGRAPH:
		return 1 + (it->text ? strlen(it->text) / 40 : 0);
	case IT_FIGURE:
		return 60;
	case IT_TOC:
		return 4 * headings;
	case IT_COVER:
		return 10;
	case IT_HEADING:
		return 3;
	default:
		return 0;
	}
}

/* Where the second part begins: the item after a page break (and after the contents) that
 * shares the work most evenly; 0 when the document is too short to be worth a second process
 * or has no such break. */
static size_t split_point(const struct pdfdoc *d)
{
	size_t headings = 0, total = 0, after_toc = 0;
	for (size_t i = 0; i < d->count; i++)
		headings += d->items[i].kind == IT_HEADING;
	for (size_t i = 0; i < d->count; i++) {
		total += item_work(&d->items[i], headings);
		if (d->items[i].kind == IT_TOC)
			after_toc = i + 1;
	}
	/* below about ten pages of tables, forking costs more than it saves */
	if (total < 3000)
		return 0;
	size_t best = 0, best_gap = SIZE_MAX, before = 0;
	for (size_t i = 0; i < d->count; i++) {
		if (i > after_toc && d->items[i - 1].kind == IT_BREAK) {
			size_t gap = 2 * before > total ? 2 * before - total : total - 2 * before;
			if (gap < best_gap) {
				best = i;
				best_gap = gap;
			}
		}
		before += item_work(&d->items[i], headings);
	}
	/* an uneven cut gains too little */
	return best && best_gap <= total / 2 ? best : 0;
}

static int send_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int recv_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n) {
		ssize_t r = recv(fd, p, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* The child's share: never returns. Its messages go to stderr like the parent's; its exit
 * status is 0 only when its PDF was sent whole. */
static _Noreturn void second_part(struct pdfdoc *d, size_t split, int fd)
{
	struct part b;
	/* the tests' way to see the parent do without it (tests/e2e/t3007) */
	const char *fails = getenv("RENDERER_SECOND_PROCESS_FAILS");
	if (fails && strcmp(fails, "layout") == 0)
		_exit(1);
	deflate_for = ZLIB_PAGES;
	numfmt_fast(true);
	part_begin(&b, d, split, d->count);
	part_lay_out(&b);
	int32_t head[2] = {0, b.ps.page};
	int32_t *pages = xcalloc(d->count - split + 1, sizeof *pages);
	size_t n = 0;
	for (size_t i = split; i < d->count; i++)
		if (d->items[i].kind == IT_HEADING)
			pages[n++] = d->items[i].page;
	int32_t count = (int32_t)n, start[2];
	bool exchanged = !send_all(fd, head, sizeof head) && !send_all(fd, &count, sizeof count) &&
			 !send_all(fd, pages, n * sizeof *pages) && !recv_all(fd, start, sizeof start);
	free(pages);
	if (!exchanged)
		_exit(1);
	if (fails && strcmp(fails, "paint") == 0)
		_exit(1);
	b.ps.first_page = start[0];
	b.ps.cover_pages = start[1];
	part_paint(&b);
	cairo_status_t st = part_finish(&b);
	int32_t status = st == CAIRO_STATUS_SUCCESS ? 0 : 1;
	if (status)
		diag_error("cannot paint pages %d–%d: %s", start[0], start[0] + b.ps.page - 1,
			   cairo_status_to_string(st));
	double clocks[] = {b.wall[1] - b.wall[0], b.cpu[1] - b.cpu[0], b.charts_wall, b.charts_cpu,
			   b.wall[3] - b.wall[2], b.cpu[3] - b.cpu[2],
			   b.wall[2] - b.wall[1] - b.charts_wall, b.cpu[2] - b.cpu[1] - b.charts_cpu};
	uint64_t len = status ? 0 : b.pdf.len;
	if (send_all(fd, &status, sizeof status) || send_all(fd, clocks, sizeof clocks) ||
	    send_all(fd, &len, sizeof len) || send_all(fd, b.pdf.buf, (size_t)len))
		_exit(1);
	_exit(status ? 1 : 0);
}

/* The running child's end: its socket, its process. */
struct second {
	pid_t pid;
	int fd;
	int pages;
	double clocks[8];
	struct strbuf pdf;
};

/* Reaps the child; kill: stop it first (the parent failed). Returns 0 when it ended well. */
static int second_wait(struct second *sc, bool kill_it)
{
	if (sc->fd >= 0)
		close(sc->fd);
	sc->fd = -1;
	if (sc->pid <= 0)
		return 0;
	if (kill_it)
		kill(sc->pid, SIGKILL);
	int status;
	pid_t r;
	while ((r = waitpid(sc->pid, &status, 0)) < 0 && errno == EINTR)
		;
	sc->pid = -1;
	return r > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Whether this process runs one thread only (as far as /proc tells). A child forked from a
 * process with more has only the forking one: pango, once it has set any text, keeps a thread
 * of its own that its font map waits on, so a child forked after that could hang. */
static bool single_threaded(void)
{
	DIR *dir = opendir("/proc/self/task");
	if (!dir)
		return false;
	int n = 0;
	for (struct dirent *e; (e = readdir(dir));)
		n += e->d_name[0] != '.';
	closedir(dir);
	return n == 1;
}

/* Forks the child for items [split, count); -1 (nothing started) when that fails or this
 * process cannot fork safely. */
static int second_start(struct second *sc, struct pdfdoc *d, size_t split)
{
	/* pango's font-matching threads end soon after the fonts set up ahead: a while at most */
	for (int i = 0; i < 500 && !single_threaded(); i++)
		usleep(100);
	if (!single_threaded())
		return -1;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		second_part(d, split, sv[1]);
	}
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return -1;
	}
	sc->pid = pid;
	sc->fd = sv[0];
	return 0;
}

/* After the first part is laid out: the child's headings' pages into the items, and the
 * child's first page and the cover pages to it. */
static int second_exchange(struct second *sc, struct pdfdoc *d, size_t split, const struct part *a)
{
	int32_t head[2], count;
	if (recv_all(sc->fd, head, sizeof head) || head[0] || recv_all(sc->fd, &count, sizeof count))
		return -1;
	size_t n = 0;
	for (size_t i = split; i < d->count; i++)
		n += d->items[i].kind == IT_HEADING;
	if (count < 0 || (size_t)count != n)
		return -1;
	for (size_t i = split; i < d->count; i++) {
		int32_t page;
		if (d->items[i].kind != IT_HEADING)
			continue;
		if (recv_all(sc->fd, &page, sizeof page))
			return -1;
		d->items[i].page = a->ps.page + page;
	}
	sc->pages = head[1];
	int32_t start[2] = {a->ps.page + 1, a->ps.cover_pages};
	return send_all(sc->fd, start, sizeof start);
}

/* The child's PDF and clocks, and its end. */
static int second_receive(struct second *sc)
{
	int32_t status;
	uint64_t len;
	if (recv_all(sc->fd, &status, sizeof status) || status ||
	    recv_all(sc->fd, sc->clocks, sizeof sc->clocks) || recv_all(sc->fd, &len, sizeof len) ||
	    len > (uint64_t)1 << 34)
		return -1;
	char chunk[65536];
	while (len) {
		size_t n = len < sizeof chunk ? (size_t)len : sizeof chunk;
		if (recv_all(sc->fd, chunk, n))
			return -1;
		strbuf_add(&sc->pdf, chunk, n);
		len -= n;
	}
	return second_wait(sc, false);
}

/*
 * Fonts set up ahead. Each new face, size and weight pango meets costs a font match that pango
 * runs on threads of its own, which the text then waits for; with two processes painting, the
 * waits are longest. pdfdoc_prepare_fonts sets a sample text in the sizes the documents use
 * (pdfdoc's and the charts') on a thread of ours while the caller loads its data, with the
 * main thread's font map; pdfdoc_write waits for it, and for pango's threads to end, before it
 * forks, so both processes start with the faces open and the matches made.
 */
static struct {
	bool started;
	pthread_t thread;
	PangoFontMap *map;
	const char *family;
} prepared;

/* (size, bold) of the texts both processes set most: tables, body, notes, folios, headings of
 * levels 2-4, chart labels; the cover's and the largest headings' few are left to the first */
static const double PREPARED_SIZES[][2] = {
	{8.5, 0}, {8, 0}, {6.5, 0}, {10, 0}, {9.5, 1}, {9.5, 0}, {8.5, 1}, {10, 1}, {10.5, 1}, {11, 1},
	{7.5, 0}, {7, 0},
};

static void *prepare_fonts(void *arg)
{
	(void)arg;
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(NULL, NULL, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surface);
	struct pass ps = {.pc = context_new(cr, "ja", prepared.map), .family = prepared.family};
	/* 実施率, Latin letters and figures: the CJK face and the document's text face, each
	 * size matched once and the commonest glyphs loaded */
	for (size_t k = 0; k < sizeof PREPARED_SIZES / sizeof PREPARED_SIZES[0]; k++) {
		PangoLayout *l = layout_new(&ps, ps.family, PREPARED_SIZES[k][0], PREPARED_SIZES[k][1] > 0,
					    "\xe5\xae\x9f\xe6\x96\xbd\xe7\x8e\x87 Rate 98.5%", 0);
		layout_width(l);
		g_object_unref(l);
	}
	g_object_unref(ps.pc);
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
	return NULL;
}

void pdfdoc_prepare_fonts(const char *lang)
{
	if (prepared.started)
		return;
	prepared.map = pango_cairo_font_map_get_default();
	prepared.family = label_is_en(lang) ? LATIN : SANS;
	prepared.started = pthread_create(&prepared.thread, NULL, prepare_fonts, NULL) == 0;
}

/* Waits for the fonts set up ahead, if any are being set up. */
static void prepared_join(void)
{
	if (!prepared.started)
		return;
	pthread_join(prepared.thread, NULL);
	prepared.started = false;
}

void pdfdoc_set_jobs(struct pdfdoc *d, int jobs)
{
	d->jobs = jobs;
}

int pdfdoc_write(struct pdfdoc *d, const char *path)
{
	struct outfile out;
	if (outfile_open(&out, path, OUTFILE_PUBLIC))
		return -1;
	struct second sc = {.pid = -1, .fd = -1};
	strbuf_init(&sc.pdf);
	prepared_join();
	size_t split = d->jobs > 1 ? split_point(d) : 0;
	/* no second process to be had: this one does it all */
	if (split && second_start(&sc, d, split))
		split = 0;
	deflate_for = ZLIB_PAGES;
	/* cairo writes each of the PDF's numbers with a call of its own to snprintf */
	numfmt_fast(true);
	struct part a;
	cairo_status_t st = CAIRO_STATUS_SUCCESS;
	struct strbuf joined;
	strbuf_init(&joined);
	const char *failed = NULL, *why = NULL;
	double laid_wall, laid_cpu;
	for (;;) {
		part_begin(&a, d, 0, split ? split : d->count);
		part_lay_out(&a);
		if (split && second_exchange(&sc, d, split, &a))
			failed = "the second process did not lay its pages out";
		pdfdoc_clocks(&laid_wall, &laid_cpu);
		d->pages = a.ps.page + sc.pages;
		if (!failed) {
			part_paint(&a);
			/* the bookmarks of the second part's headings (they point at them by name) */
			for (size_t i = split; split && i < d->count; i++)
				if (d->items[i].kind == IT_HEADING)
					paint_outline(d, a.surface, &d->items[i], a.ps.outline_parent);
			st = part_finish(&a);
		}
		if (split && !failed && second_receive(&sc))
			failed = "the second process did not paint its pages";
		second_wait(&sc, true);
		if (st == CAIRO_STATUS_SUCCESS && split && !failed) {
			struct pdfmerge_part parts[2] = {{a.pdf.buf, a.pdf.len}, {sc.pdf.buf, sc.pdf.len}};
			if (pdfmerge(parts, 2, &joined, &why))
				failed = why;
		}
		if (!failed || st != CAIRO_STATUS_SUCCESS)
			break;
		/* the second process failed (or its PDF could not be joined): this one does it all */
		diag_warning("%s: %s; one process lays out and paints the whole document", path, failed);
		part_free(&a);
		strbuf_reset(&joined);
		strbuf_reset(&sc.pdf);
		sc.pages = 0;
		memset(sc.clocks, 0, sizeof sc.clocks);
		split = 0;
		failed = NULL;
	}
	deflate_for = ZLIB_DEFAULT;
	numfmt_fast(false);
	const struct strbuf *pdf = split ? &joined : &a.pdf;
	int rc = 0;
	if (st != CAIRO_STATUS_SUCCESS)
		rc = diag_error("cannot write '%s': %s", path, cairo_status_to_string(st));
	/* the language and the figures' alternative texts, as an update appended to cairo's PDF */
	size_t figures = 0;
	for (size_t i = 0; i < d->count; i++)
		figures += d->items[i].kind == IT_FIGURE;
	const char **alts = xcalloc(figures + 1, sizeof *alts);
	figures = 0;
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].kind == IT_FIGURE)
			alts[figures++] = d->items[i].alt ? d->items[i].alt : d->items[i].text;
	struct pdfaccess acc = {.lang = d->lang, .figure_alts = alts, .figure_count = figures};
	struct strbuf update;
	strbuf_init(&update);
	if (!rc && pdfaccess_update(pdf->buf, pdf->len, &acc, &update, &why))
		rc = diag_error("cannot complete the tagging of '%s': %s", path, why);
	free(alts);
	if (!rc) {
		outfile_write(&out, pdf->buf, pdf->len);
		outfile_write(&out, update.buf, update.len);
		rc = outfile_commit(&out);
	} else {
		outfile_abort(&out);
	}
	strbuf_release(&update);
	strbuf_release(&joined);
	strbuf_release(&sc.pdf);
	part_free(&a);
	double end_wall, end_cpu;
	pdfdoc_clocks(&end_wall, &end_cpu);
	/* laying out: until both parts were laid out; charts: while the pages were painted;
	 * fonts: cairo finishing the file; writing: painting without the charts, and everything
	 * after the fonts. Wall clock is this process's; CPU both processes'. */
	const double *c = sc.clocks;
	d->timings = (struct pdfdoc_timings){
		.wall = {laid_wall - a.wall[0], a.charts_wall, a.wall[3] - a.wall[2],
			 a.wall[2] - laid_wall - a.charts_wall + end_wall - a.wall[3]},
		.cpu = {laid_cpu - a.cpu[0] + c[1], a.charts_cpu + c[3], a.cpu[3] - a.cpu[2] + c[5],
			a.cpu[2] - laid_cpu - a.charts_cpu + end_cpu - a.cpu[3] + c[7]},
		.other_cpu = c[1] + c[3] + c[5] + c[7],
		.begin_wall = a.wall[0],
		.begin_cpu = a.cpu[0],
	};
	return rc;
}

void pdfdoc_last_timings(const struct pdfdoc *d, struct pdfdoc_timings *out)
{
	*out = d->timings;
}

void pdfdoc_shutdown(void)
{
	/* a command that stopped before writing still waits for the fonts it set up ahead */
	prepared_join();
	fontcfg_release();
	/* Only the default font map is dropped. cairo_debug_reset_static_data() and FcFini() would
	 * free cairo's and fontconfig's caches too, but they assume that no font is alive any more;
	 * pango does not promise that (one process in a few dozen started together failed
	 * cairo's assertion on it), and what they free is reachable, not leaked. */
	pango_cairo_font_map_set_default(NULL);
}
