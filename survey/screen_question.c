/*
 * screen_question: one item — role, category, clause, question, the choices, progress.
 *
 * The question has first claim on the screen. Its text (and the explanation below it when
 * open) is one scrolling block; the header above it shrinks from four labelled lines to one
 * line to nothing as the window gets shorter, and when the block still does not fit it
 * scrolls (PageUp/PageDown, Up/Down) with a "more" line saying which way there is more. The
 * three choices always show below it.
 */
#include "core/choice.h"
#include "core/responses.h"
#include "core/diag.h"
#include "core/text.h"
#include "survey/screens.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line of the scrolling block. */
struct text_line {
	char *text;
	int x;
	enum tui_attr attr;
};

/* Where everything goes for the current window and item. */
struct layout {
	struct text_line *lines;
	size_t count;
	int header;         /* 2 labelled lines, 1 one line, 0 none */
	int header_top;
	int text_top;
	int text_rows;      /* rows of the block, the "more" line included */
	bool overflow;      /* the block does not fit: text_rows - 1 lines show, then "more" */
	size_t max_scroll;
	int options_top;
};

static void add_lines(struct layout *l, const char *text, int x, int width, enum tui_attr attr)
{
	char *clean = text_sanitize(text, true);
	char **wrapped;
	size_t n = text_wrap(clean, width, &wrapped);
	l->lines = xrealloc(l->lines, (l->count + n) * sizeof *l->lines);
	for (size_t i = 0; i < n; i++)
		l->lines[l->count++] = (struct text_line){.text = wrapped[i], .x = x, .attr = attr};
	free(wrapped);
	free(clean);
}

static void layout_release(struct layout *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->lines[i].text);
	free(l->lines);
}

/* Rows of the labelled header: role, category, the category's note, clause. */
static int full_header_rows(const struct tui *t, const struct quest_item *it)
{
	return t->session->quest->categories[it->category].note.ja ? 4 : 3;
}

static void layout_build(const struct tui *t, struct layout *l)
{
	memset(l, 0, sizeof *l);
	const struct session *s = t->session;
	const struct sheet *sh = &s->resp.sheet;
	const struct quest_item *it = &s->quest->items[sh->entries[sh->cursor].item];
	int width = COLS - 4;
	add_lines(l, quest_text_get(&it->question, s->lang), 2, width, TUI_NORMAL);
	if (t->explain) {
		add_lines(l, "", 2, width, TUI_NORMAL);
		add_lines(l, msg_get(s->lang, MSG_EXPLANATION), 2, width, TUI_HEADING);
		add_lines(l, quest_text_get(&it->explanation, s->lang), 4, width - 2, TUI_NORMAL);
	}
	int first = 1, end = tui_notice_row();
	int rows = screen_choice_rows(t);
	int avail = end - rows - first; /* rows above the choices */
	int q = (int)l->count, hf = full_header_rows(t, it);
	if (hf + q <= avail) {
		l->header = 2;
	} else if (1 + q <= avail || avail - 1 >= 3) {
		l->header = 1;
	} else {
		l->header = 0;
	}
	int header_rows = l->header == 2 ? hf : l->header;
	int spare = avail - header_rows - q;
	if (spare >= 0) {
		/* Everything fits; blank rows go before the choices, after the header, and below
		 * the title bar, as far as there is room. */
		int gap_options = spare >= 1, gap_header = spare >= 2 && l->header, gap_top = spare >= 3;
		l->header_top = first + gap_top;
		l->text_top = l->header_top + header_rows + gap_header;
		l->text_rows = q;
		l->options_top = l->text_top + q + gap_options;
		return;
	}
	l->header_top = first;
	l->text_top = first + header_rows;
	l->text_rows = avail - header_rows;
	l->overflow = true;
	l->max_scroll = (size_t)(q - (l->text_rows - 1));
	l->options_top = end - rows;
}

/* "label  value" on row y. */
static void labelled(const struct tui *t, int y, const char *label, const char *value, enum tui_attr attr)
{
	tui_put(t, y, 2, COLS - 4, label, TUI_DIM);
	int x = 2 + 14;
	tui_put(t, y, x, COLS - x - 2, value, attr);
}

static void draw_header(const struct tui *t, const struct layout *l, const struct sheet_entry *e)
{
	const struct session *s = t->session;
	const char *lang = s->lang;
	const struct quest_item *it = &s->quest->items[e->item];
	const struct quest_category *cat = &s->quest->categories[it->category];
	char clause[160];
	snprintf(clause, sizeof clause, "%s  (%s)", it->clause, it->id);
	int y = l->header_top;
	if (l->header == 2) {
		labelled(t, y++, msg_get(lang, MSG_ROLE), role_name(e->role, lang), TUI_HEADING);
		labelled(t, y++, msg_get(lang, MSG_CATEGORY), quest_text_get(&cat->name, lang), TUI_NORMAL);
		if (cat->note.ja)
			labelled(t, y++, "", quest_text_get(&cat->note, lang), TUI_DIM);
		labelled(t, y, msg_get(lang, MSG_CLAUSE), clause, TUI_NORMAL);
	} else if (l->header == 1) {
		struct strbuf b;
		strbuf_init(&b);
		strbuf_addf(&b, "%s | %s | %s", role_name(e->role, lang), quest_text_get(&cat->name, lang), clause);
		tui_put(t, y, 2, COLS - 4, b.buf, TUI_HEADING);
		strbuf_release(&b);
	}
}

/* The "more" line: which way there is more, and which lines show. */
static void draw_more(const struct tui *t, const struct layout *l, int y, size_t scroll)
{
	size_t shown = (size_t)(l->text_rows - 1);
	struct strbuf b;
	strbuf_init(&b);
	strbuf_addf(&b, "-- %s:", msg_get(t->session->lang, MSG_MORE));
	if (scroll > 0)
		strbuf_addstr(&b, " PgUp");
	if (scroll < l->max_scroll)
		strbuf_addstr(&b, " PgDn");
	strbuf_addf(&b, " (%zu-%zu/%zu) --", scroll + 1, scroll + shown, l->count);
	tui_put(t, y, 2, COLS - 4, b.buf, TUI_HEADING);
	strbuf_release(&b);
}

void screen_question_init(struct tui *t)
{
	screen_question_enter_item(t);
}

void screen_question_enter_item(struct tui *t)
{
	const struct sheet *sh = &t->session->resp.sheet;
	t->explain = false;
	t->scroll = 0;
	if (screen_choice_active(t)) {
		screen_choice_enter(t);
		return;
	}
	char current = sh->count ? sheet_get(sh, sh->cursor) : RESPONSE_UNANSWERED;
	t->option = response_option(current);
}

void screen_question_draw(struct tui *t)
{
	const struct session *s = t->session;
	const char *lang = s->lang;
	const struct sheet *sh = &s->resp.sheet;
	const struct choice *choice = sh->count ? sheet_choice(sh, sh->cursor) : NULL;
	tui_frame(t, choice ? (choice->multiple ? KEYBAR_CHOICE_MULTI : KEYBAR_CHOICE)
			    : t->explain ? KEYBAR_EXPLANATION : KEYBAR_QUESTION);
	tui_progress(t, LINES - 2);
	if (sh->count == 0) {
		tui_put(t, 2, 2, COLS - 4, msg_get(lang, MSG_NO_ITEMS), TUI_NORMAL);
		return;
	}
	struct layout l;
	layout_build(t, &l);
	if (t->scroll > l.max_scroll)
		t->scroll = l.max_scroll;
	draw_header(t, &l, &sh->entries[sh->cursor]);
	int shown = l.overflow ? l.text_rows - 1 : l.text_rows;
	for (int i = 0; i < shown && t->scroll + (size_t)i < l.count; i++) {
		const struct text_line *line = &l.lines[t->scroll + (size_t)i];
		tui_put(t, l.text_top + i, line->x, COLS - line->x - 2, line->text, line->attr);
	}
	if (l.overflow)
		draw_more(t, &l, l.text_top + shown, t->scroll);
	char current = sheet_get(sh, sh->cursor);
	int y = l.options_top;
	if (choice) {
		screen_choice_draw(t, y);
		layout_release(&l);
		return;
	}
	for (int n = 1; n <= RESPONSE_OPTION_COUNT; n++, y++) {
		char label[128], c = response_of_option(n);
		snprintf(label, sizeof label, "%s %d  %s", c == current ? ">" : " ", n, msg_answer(lang, c));
		bool lit = t->option == n;
		enum tui_attr attr = lit ? TUI_BAR : c == current ? TUI_CHOSEN : TUI_NORMAL;
		int w = tui_put(t, y, 4, COLS - 6, label, attr);
		if (lit && w < COLS - 6) /* the highlight spans the row, so it shows without colour */
			tui_put(t, y, 4 + w, COLS - 6 - w, "  ", TUI_BAR);
	}
	layout_release(&l);
}

/* Scrolls the block by delta lines (clamped); returns whether it moved. */
static bool scroll_by(struct tui *t, long delta)
{
	struct layout l;
	layout_build(t, &l);
	size_t max = l.max_scroll, page = l.overflow ? (size_t)(l.text_rows - 1) : 0;
	layout_release(&l);
	if (delta == LONG_MAX)
		delta = (long)(page > 1 ? page - 1 : 1);
	else if (delta == LONG_MIN)
		delta = -(long)(page > 1 ? page - 1 : 1);
	size_t before = t->scroll > max ? max : t->scroll;
	if (delta < 0)
		t->scroll = before > (size_t)-delta ? before - (size_t)-delta : 0;
	else
		t->scroll = before + (size_t)delta > max ? max : before + (size_t)delta;
	return t->scroll != before;
}

/* Stores answer code for the current item and moves on. */
void screen_question_answer(struct tui *t, char code)
{
	struct sheet *sh = &t->session->resp.sheet;
	char before = sheet_get(sh, sh->cursor);
	sheet_set(sh, sh->cursor, code);
	int rc = respondent_save(&t->session->resp, sh->cursor);
	if (rc == RESPONDENT_CLOSED) {
		/* Keep the screen true to the store: the answer was not taken. */
		if (before == RESPONSE_UNANSWERED)
			sheet_unset(sh, sh->cursor);
		else
			sheet_set(sh, sh->cursor, before);
		t->notice = MSG_CLOSED;
		return;
	}
	if (rc) {
		tui_quit(t, DIAG_EXIT_INPUT);
		return;
	}
	if (!sheet_next(sh))
		tui_show(t, SCREEN_REVIEW);
	else
		screen_question_enter_item(t);
}

char screen_key_answer(int key)
{
	switch (key) {
	case TUI_KEY_IMPLEMENTED:
		return RESPONSE_IMPLEMENTED;
	case TUI_KEY_NOT_IMPLEMENTED:
		return RESPONSE_NOT_IMPLEMENTED;
	case TUI_KEY_NOT_APPLICABLE:
		return RESPONSE_NOT_APPLICABLE;
	}
	return RESPONSE_UNANSWERED;
}

void screen_question_key(struct tui *t, int key)
{
	struct sheet *sh = &t->session->resp.sheet;
	if (screen_choice_key(t, key))
		return;
	switch (key) {
	case TUI_KEY_QUIT:
		tui_quit(t, DIAG_EXIT_OK);
		return;
	case TUI_KEY_REVIEW:
		tui_show(t, SCREEN_REVIEW);
		return;
	case KEY_LEFT:
	case TUI_KEY_BACK:
		if (sheet_prev(sh))
			screen_question_enter_item(t);
		return;
	case KEY_RIGHT:
	case TUI_KEY_NEXT:
		if (!sheet_next(sh))
			tui_show(t, SCREEN_REVIEW);
		else
			screen_question_enter_item(t);
		return;
	}
	if (sh->count == 0)
		return;
	switch (key) {
	case TUI_KEY_EXPLAIN:
		t->explain = !t->explain;
		return;
	case KEY_NPAGE:
	case ' ':
		scroll_by(t, LONG_MAX);
		return;
	case KEY_PPAGE:
		scroll_by(t, LONG_MIN);
		return;
	case KEY_DOWN:
	case TUI_KEY_DOWN_VI:
		/* Down reads on: first the rest of the text, then through the choices. */
		if (!scroll_by(t, 1) && t->option < RESPONSE_OPTION_COUNT)
			t->option++;
		return;
	case KEY_UP:
	case TUI_KEY_UP_VI:
		if (t->option > 0)
			t->option--;
		else
			scroll_by(t, -1);
		return;
	case TUI_KEY_ENTER:
	case TUI_KEY_RETURN:
	case KEY_ENTER:
		if (t->option >= 1 && t->option <= RESPONSE_OPTION_COUNT)
			screen_question_answer(t, response_of_option(t->option));
		else
			t->notice = MSG_CHOOSE_FIRST;
		return;
	case TUI_KEY_IMPLEMENTED:
	case TUI_KEY_NOT_IMPLEMENTED:
	case TUI_KEY_NOT_APPLICABLE:
		screen_question_answer(t, screen_key_answer(key));
		return;
	}
}
