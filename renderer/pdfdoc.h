/*
 * pdfdoc: a paginated A4 document written as PDF with cairo, its text set by pango.
 *
 * A document is an ordered flow of blocks — cover, table of contents, headings, paragraphs,
 * tables, figures, page breaks and changes of the running header/footer — appended by the
 * caller and laid out only by pdfdoc_write(). Writing lays the flow out once, setting out
 * (shaping) each text once and recording what each page shows; the pages are then painted
 * from the same layouts, and the table of contents, laid out before the headings it lists,
 * gets their page numbers when it is painted. Every heading gets a PDF bookmark (outline
 * entry) nested by level; headings of levels 1–3 may also go into the table of contents,
 * with links to their pages.
 *
 * Paragraphs break across pages between lines; tables break between rows and repeat their
 * header rows on every page; a heading is kept with what follows; a figure stays whole with
 * its caption below it; a table's caption is above it. The cover page has no header, footer
 * or number; page numbers count from the page after the cover.
 *
 * Text is UTF-8, set in "Noto Sans CJK JP" (Japanese documents) or "DejaVu Sans" (English
 * ones, broken only between words; a word too wide for a table column is set smaller),
 * regular and bold; the fonts are embedded in the file (subsets), so text stays extractable.
 *
 * The PDF is tagged: one Document element holding headings (H1…H6), paragraphs (P), lists of
 * bullets (L, LI, LBody), tables (Table, TR, TH for header cells, TD) with their captions,
 * figures (Figure, with an alternative text) and captions, footnotes (Note), and the table of
 * contents (TOC, TOCI, each a Link). Headings are named destinations ("h" and the heading's
 * index): the contents' links and the bookmarks point at them by name. Page labels are the
 * printed folios ("3" for a page printed -3-; the cover "表紙" or "Cover"). What cairo 1.16
 * cannot write — the document language, the figures' alternative texts — is appended by
 * pdfaccess as an incremental update. Running headers and footers, page numbers and the
 * header rows a table repeats on a following page are left outside the structure (cairo 1.16
 * cannot mark artifacts).
 *
 * Ownership: pdfdoc_new() returns a document freed with pdfdoc_free(). Every string passed in
 * is copied. A table handed to pdfdoc_table() and a figure's data handed to pdfdoc_figure()
 * belong to the document from then on (the figure's data is released with the free function
 * given, which may be NULL).
 */
#ifndef SELFCHECK_RENDERER_PDFDOC_H
#define SELFCHECK_RENDERER_PDFDOC_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

#include "renderer/chart.h"

struct pdfdoc;
struct pdfdoc_table;

/* Document information; NULL fields are left out. created is an ISO 8601 date-time
 * ("2013-06-17T10:00:00"); NULL takes SOURCE_DATE_EPOCH when set, else the current time. */
struct pdfdoc_info {
	const char *title;
	const char *subject;
	const char *author;
	const char *creator;
	const char *keywords;
	const char *created;
	const char *lang;        /* "ja" (NULL) or "en": the document language, its text face */
};

struct pdfdoc *pdfdoc_new(const struct pdfdoc_info *info);
void pdfdoc_free(struct pdfdoc *d);

/* A cover page: the title large, then the lines under it (each may be NULL). */
void pdfdoc_cover(struct pdfdoc *d, const char *title, const char *subtitle, const char *year,
		  const char *publisher, const char *date);

/* The table of contents, headed by heading. */
void pdfdoc_toc(struct pdfdoc *d, const char *heading);

/* A heading of level 1 (largest) to 6; in_toc puts a level 1–3 heading in the table of
 * contents. Every heading is bookmarked. */
void pdfdoc_heading(struct pdfdoc *d, int level, const char *text, bool in_toc);

enum pdfdoc_para_style {
	PDFDOC_BODY,       /* first line indented by one character */
	PDFDOC_PLAIN,      /* no indent */
	PDFDOC_NOTE,       /* smaller, hanging indent: "※…" notes under tables */
	PDFDOC_BULLET,     /* hanging indent of one character: the text starts with its mark ("・") */
	PDFDOC_RIGHT,      /* right aligned: dates and signatures */
	PDFDOC_LEAD,       /* a run-in sub-heading in bold on its own line */
	PDFDOC_CAPTION,    /* a caption, centred in bold (a figure's caption below it) */
};

/* A paragraph; '\n' inside starts a new line within it. */
void pdfdoc_paragraph(struct pdfdoc *d, const char *text, enum pdfdoc_para_style style);

/* The paragraph just added stays on one page with the start of what follows it (a lead
 * sentence and its table). */
void pdfdoc_keep_with_next(struct pdfdoc *d);

/* Vertical space in points. */
void pdfdoc_space(struct pdfdoc *d, double points);

/* Starts a new page at this point (nothing happens at the top of an empty page). */
void pdfdoc_page_break(struct pdfdoc *d);

/* From the next page on: the running header (top, left) and the footer section text
 * (bottom, right of the page number). NULL clears. */
void pdfdoc_running(struct pdfdoc *d, const char *header, const char *footer);

enum pdfdoc_align { PDFDOC_LEFT, PDFDOC_CENTER, PDFDOC_RIGHT_ALIGN };

/* A table of cols columns with relative widths (NULL: equal). caption goes above it. */
struct pdfdoc_table *pdfdoc_table_new(size_t cols, const double *widths, const char *caption);
/* Frees a table not handed to a document; NULL is allowed. */
void pdfdoc_table_free(struct pdfdoc_table *t);
/* Alignment of a column's body cells (header cells are centred). */
void pdfdoc_table_align(struct pdfdoc_table *t, size_t col, enum pdfdoc_align align);
/* Sets a column's body cells vertically, one character under the other (a narrow column of
 * group labels); with row spans (NULL cells) a label can run down several rows. */
void pdfdoc_table_vertical(struct pdfdoc_table *t, size_t col);
/* Appends a header row (repeated on each page the table spans) or a body row: cols cells;
 * a NULL cell continues the cell above it (a row span: no rule between them). */
void pdfdoc_table_header(struct pdfdoc_table *t, const char *const *cells);
void pdfdoc_table_row(struct pdfdoc_table *t, const char *const *cells);
/* A note printed right under the table ("※…"); may be called several times. */
void pdfdoc_table_note(struct pdfdoc_table *t, const char *text);
void pdfdoc_table(struct pdfdoc *d, struct pdfdoc_table *t);

/* The page (A4) is PDFDOC_PAGE_WIDTH points wide; its text runs PDFDOC_TEXT_WIDTH points
 * between the side margins. */
#define PDFDOC_PAGE_WIDTH 595.276
#define PDFDOC_MARGIN_X 62.0
#define PDFDOC_TEXT_WIDTH (PDFDOC_PAGE_WIDTH - 2 * PDFDOC_MARGIN_X)

/* A figure drawn by draw(data) in a box width_fraction of the text width wide and height
 * points high, centred, with caption below it. */
void pdfdoc_figure(struct pdfdoc *d, chart_draw_fn draw, void *data, void (*free_data)(void *),
		   double width_fraction, double height, const char *caption);

/* The alternative text of the figure just added (what it shows, for readers who cannot see
 * it); a figure without one gets its caption. */
void pdfdoc_figure_alt(struct pdfdoc *d, const char *text);

/* Footnotes for the item just added (a heading, a paragraph, a table or a figure): numbered
 * on through the whole document, their numbers raised after the item's text (a table's or
 * figure's caption), their texts at the foot of the page on which the item starts. */
void pdfdoc_footnotes(struct pdfdoc *d, const char *const *texts, size_t count);
/* Number of the next footnote (a document that continues an earlier part's numbering). */
void pdfdoc_footnote_start(struct pdfdoc *d, int first);

/* Processes that lay out and paint the document in pdfdoc_write: 1 (the default) or more. With
 * 2 or more, a document long enough is cut at a page break near the middle of its work; a
 * child process forked for the purpose lays out and paints the pages after the cut, and the
 * two PDFs are joined into one (pdfmerge). The file is the same document either way: the same
 * pages, text, structure, links, bookmarks and page labels (the fonts are embedded once per
 * part). When no process can be forked, this one does it all. */
void pdfdoc_set_jobs(struct pdfdoc *d, int jobs);

/* Starts setting up the fonts of a document in language lang ("ja" or "en") on a thread of
 * its own, so that it is done while the caller loads its data: the text face is opened and
 * matched in the sizes documents and charts use, with the calling thread's font map.
 * pdfdoc_write waits for it. Call it from the thread that calls pdfdoc_write, before any other
 * pango or cairo call; calling it again does nothing until a pdfdoc_write has waited. */
void pdfdoc_prepare_fonts(const char *lang);

/* The text context a document's text is set in, for cr (a PDF surface's): no hinting, metrics
 * unhinted, 72 units an inch, language lang ("ja" or "en"), on the calling thread's default
 * font map. The caller owns it (g_object_unref). */
PangoContext *pdfdoc_text_context(cairo_t *cr, const char *lang);

/* Lays out and writes the PDF to path. Returns 0, or -1 after reporting through diag. */
int pdfdoc_write(struct pdfdoc *d, const char *path);

/* Pages of the last pdfdoc_write (the cover included), 0 before. */
int pdfdoc_page_count(const struct pdfdoc *d);

/* Where the last pdfdoc_write spent its time, in seconds of wall clock (this process's) and
 * of CPU (this process's and, with two processes, the second's too; other_cpu is the
 * second's): laying out (setting every text and placing it on its page, until both parts are
 * laid out), drawing the charts (the figures' draw functions, while the pages are painted),
 * the fonts (cairo finishing the file: the font subsets cut from the faces and embedded), and
 * writing (painting the pages from the layouts, joining the parts, the accessibility update,
 * the file written and synced); begin_* are the clocks when the write began
 * (pdfdoc_clocks). All 0 before. */
enum { PDFDOC_LAYOUT, PDFDOC_CHARTS, PDFDOC_FONTS, PDFDOC_WRITE, PDFDOC_PHASES };
struct pdfdoc_timings {
	double wall[PDFDOC_PHASES];
	double cpu[PDFDOC_PHASES];
	double other_cpu;
	double begin_wall, begin_cpu;
};
/* The clocks now, in seconds: the monotonic wall clock and the process's CPU time. */
void pdfdoc_clocks(double *wall, double *cpu);
void pdfdoc_last_timings(const struct pdfdoc *d, struct pdfdoc_timings *out);

/* Releases pango's default font map at program exit; cairo's and fontconfig's caches stay
 * reachable until the process ends (see pdfdoc.c for why they are not torn down). No pango
 * or cairo call may follow. */
void pdfdoc_shutdown(void);

#endif
