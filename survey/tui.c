/* tui: curses setup, the key loop, and the drawing helpers the screens share. */
#include "survey/tui.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/text.h"
#include "survey/screens.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether curses owns the terminal: diag's hook leaves it before any message is printed.
 * A terminal is one per process, so this one flag is process state by nature. */
static bool curses_active;

static void tui_leave(void)
{
	if (curses_active) {
		endwin();
		curses_active = false;
	}
}

static attr_t attr_of(const struct tui *t, enum tui_attr a)
{
	switch (a) {
	case TUI_BAR:
		return A_REVERSE;
	case TUI_HEADING:
		return A_BOLD | (t->color ? COLOR_PAIR(3) : 0);
	case TUI_WARN:
		return A_BOLD | (t->color ? COLOR_PAIR(1) : A_UNDERLINE);
	case TUI_CHOSEN:
		return A_BOLD | (t->color ? COLOR_PAIR(2) : A_REVERSE);
	case TUI_DIM:
		return A_DIM;
	case TUI_NORMAL:
		break;
	}
	return A_NORMAL;
}

bool tui_too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
}

bool tui_compact(void)
{
	return LINES < TUI_ROOMY_LINES;
}

int tui_notice_row(void)
{
	return tui_compact() ? LINES - 2 : LINES - 3;
}

int tui_key_of(unsigned long wc, bool is_function)
{
	if (is_function)
		return (int)wc;
	uint32_t c = text_fold_fullwidth((uint32_t)wc);
	return c < 0x80 ? (int)c : TUI_KEY_OTHER;
}

int tui_put(const struct tui *t, int y, int x, int width, const char *text, enum tui_attr attr)
{
	if (width <= 0 || y < 0 || y >= LINES)
		return 0;
	char *clean = text_sanitize(text, false);
	int used = 0;
	size_t bytes = 0;
	while (clean[bytes]) {
		int len;
		int w = text_codepoint_width(text_utf8_decode(clean + bytes, &len));
		if (used + w > width)
			break;
		used += w;
		bytes += (size_t)len;
	}
	attr_t a = attr_of(t, attr);
	attron(a);
	mvaddnstr(y, x, clean, (int)bytes);
	attroff(a);
	free(clean);
	return used;
}

int tui_wrap(const struct tui *t, int y, int x, int width, int max_rows, const char *text, enum tui_attr attr)
{
	char *clean = text_sanitize(text, true);
	char **lines;
	size_t n = text_wrap(clean, width, &lines);
	int rows = 0;
	for (size_t i = 0; i < n && rows < max_rows; i++, rows++)
		tui_put(t, y + rows, x, width, lines[i], attr);
	text_free_lines(lines, n);
	free(clean);
	return rows;
}

static void fill_row(const struct tui *t, int y, enum tui_attr attr)
{
	attr_t a = attr_of(t, attr);
	attron(a);
	mvhline(y, 0, ' ', COLS);
	attroff(a);
}

void tui_frame(const struct tui *t, enum msg_keybar keys)
{
	const struct session *s = t->session;
	fill_row(t, 0, TUI_BAR);
	struct strbuf left;
	strbuf_init(&left);
	if (s->org_name)
		strbuf_addf(&left, "%s  ", s->org_name);
	strbuf_addstr(&left, s->title);
	int right_w = 0;
	if (s->logged_in) {
		char *who = text_sanitize(s->resp.name, false);
		right_w = text_width(who) + 1;
		if (right_w < COLS / 2)
			tui_put(t, 0, COLS - right_w, right_w, who, TUI_BAR);
		else
			right_w = 0;
		free(who);
	}
	tui_put(t, 0, 1, COLS - right_w - 2, left.buf, TUI_BAR);
	strbuf_release(&left);
	if (t->notice != MSG_COUNT) {
		struct strbuf n;
		strbuf_init(&n);
		strbuf_addstr(&n, msg_get(s->lang, t->notice));
		if (t->notice_number)
			strbuf_addf(&n, ": %zu", t->notice_number);
		int row = tui_notice_row();
		move(row, 0);
		clrtoeol();
		tui_put(t, row, 1, COLS - 2, n.buf, TUI_WARN);
		strbuf_release(&n);
	}
	fill_row(t, LINES - 1, TUI_BAR);
	tui_put(t, LINES - 1, 1, COLS - 2, msg_keybar(s->lang, keys, COLS - 2), TUI_BAR);
}

void tui_progress(const struct tui *t, int y)
{
	if (tui_compact() && t->notice != MSG_COUNT)
		return;
	const struct sheet *sh = &t->session->resp.sheet;
	size_t answered = sheet_answered(sh);
	char counts[96];
	snprintf(counts, sizeof counts, " %zu / %zu  (%s %zu)", sh->count ? sh->cursor + 1 : 0, sh->count,
		 msg_get(t->session->lang, MSG_ANSWERED), answered);
	int bar = COLS - 4 - text_width(counts);
	if (bar > 40)
		bar = 40;
	int x = 1;
	if (bar >= 5) {
		int filled = sh->count ? (int)((size_t)bar * answered / sh->count) : bar;
		mvaddch(y, x++, '[');
		attron(attr_of(t, TUI_CHOSEN));
		for (int i = 0; i < filled; i++)
			mvaddch(y, x++, '#');
		attroff(attr_of(t, TUI_CHOSEN));
		for (int i = filled; i < bar; i++)
			mvaddch(y, x++, '-');
		mvaddch(y, x++, ']');
	}
	tui_put(t, y, x, COLS - x - 1, counts, TUI_NORMAL);
}

void tui_show(struct tui *t, enum tui_screen s)
{
	t->screen = s;
	switch (s) {
	case SCREEN_LOGIN:
		screen_login_init(t);
		break;
	case SCREEN_QUESTION:
		screen_question_init(t);
		break;
	case SCREEN_REVIEW:
		screen_review_init(t);
		break;
	case SCREEN_RECEIPT:
		screen_receipt_init(t);
		break;
	case SCREEN_SYSTEMS:
		screen_systems_init(t);
		break;
	case SCREEN_SYSTEM:
		screen_system_init(t);
		break;
	}
}

void tui_enter_questionnaire(struct tui *t)
{
	struct sheet *sh = &t->session->resp.sheet;
	size_t first = sheet_first_unanswered(sh);
	if (sh->count > 0 && first == sh->count) {
		tui_show(t, SCREEN_REVIEW);
		return;
	}
	sheet_goto(sh, first);
	tui_show(t, SCREEN_QUESTION);
}

void tui_quit(struct tui *t, int status)
{
	t->quit = true;
	t->status = status;
}

/* Below the smallest size: only the message (wrapped to whatever width there is) and the
 * one key that works. */
static void draw_too_small(const struct tui *t)
{
	const char *lang = t->session->lang;
	int width = COLS > 2 ? COLS - 2 : COLS;
	int rows = LINES > 1 ? LINES - 1 : LINES;
	tui_wrap(t, 0, COLS > 2 ? 1 : 0, width, rows, msg_get(lang, MSG_SCREEN_TOO_SMALL), TUI_WARN);
	if (LINES > 1) {
		fill_row(t, LINES - 1, TUI_BAR);
		tui_put(t, LINES - 1, COLS > 2 ? 1 : 0, width, msg_keybar(lang, KEYBAR_TOO_SMALL, width), TUI_BAR);
	}
}

static void draw(struct tui *t)
{
	erase();
	if (tui_too_small()) {
		draw_too_small(t);
	} else {
		switch (t->screen) {
		case SCREEN_LOGIN:
			screen_login_draw(t);
			break;
		case SCREEN_QUESTION:
			screen_question_draw(t);
			break;
		case SCREEN_REVIEW:
			screen_review_draw(t);
			break;
		case SCREEN_RECEIPT:
			screen_receipt_draw(t);
			break;
		case SCREEN_SYSTEMS:
			screen_systems_draw(t);
			break;
		case SCREEN_SYSTEM:
			screen_system_draw(t);
			break;
		}
	}
	refresh();
}

static void dispatch_key(struct tui *t, int key)
{
	t->notice = MSG_COUNT;
	t->notice_number = 0;
	if (tui_too_small()) {
		/* Nothing can be answered on a screen that cannot show the question; quitting
		 * (every answer is stored) is all there is. */
		if (key == TUI_KEY_QUIT || key == TUI_KEY_ESCAPE)
			tui_quit(t, DIAG_EXIT_OK);
		return;
	}
	switch (t->screen) {
	case SCREEN_LOGIN:
		screen_login_key(t, key);
		break;
	case SCREEN_QUESTION:
		screen_question_key(t, key);
		break;
	case SCREEN_REVIEW:
		screen_review_key(t, key);
		break;
	case SCREEN_RECEIPT:
		screen_receipt_key(t, key);
		break;
	case SCREEN_SYSTEMS:
		screen_systems_key(t, key);
		break;
	case SCREEN_SYSTEM:
		screen_system_key(t, key);
		break;
	}
}

void tui_print_summary(const struct tui *t, FILE *out)
{
	const struct session *s = t->session;
	const char *lang = s->lang;
	char when[CLOCK_TEXT_SIZE];
	if (t->screen == SCREEN_RECEIPT) {
		const struct respondent_receipt *r = &t->receipt;
		fprintf(out, "%s\n%s: %s\n", msg_get(lang, MSG_RECEIPT_TITLE), msg_get(lang, MSG_SUBMITTED_AT),
			clock_display(r->submitted_at, when, sizeof when));
		if (r->previous_at[0])
			fprintf(out, "%s: %s\n", msg_get(lang, MSG_PREVIOUS_SUBMISSION),
				clock_display(r->previous_at, when, sizeof when));
		fprintf(out, "%s: %zu\n%s: %s\n", msg_get(lang, MSG_ANSWER_COUNT), r->answers, msg_get(lang, MSG_DIGEST),
			r->digest);
		return;
	}
	if (s->resp.submitted_at) {
		fprintf(out, "%s: %s\n", msg_get(lang, MSG_SUBMITTED_AT),
			clock_display(s->resp.submitted_at, when, sizeof when));
		if (s->resp.changed_at)
			fprintf(out, "%s: %s\n%s\n", msg_get(lang, MSG_CHANGED_AFTER_SUBMIT),
				clock_display(s->resp.changed_at, when, sizeof when), msg_get(lang, MSG_CHANGED_NOTE));
	}
	fprintf(out, "%s\n", msg_get(lang, MSG_SAVED));
}

int tui_run(struct session *s)
{
	struct tui t;
	memset(&t, 0, sizeof t);
	t.session = s;
	t.notice = MSG_COUNT;
	int open = respondent_year_open(s->store, s->fiscal_year);
	if (open < 0)
		return DIAG_EXIT_INPUT;
	t.year_closed = open == 0;
	if (s->person && !t.year_closed) {
		int rc = session_login(s, s->person, s->token);
		if (rc < 0)
			return DIAG_EXIT_INPUT;
		if (rc == 0) {
			printf("%s\n", msg_get(s->lang, MSG_LOGIN_FAILED));
			return DIAG_EXIT_INPUT;
		}
	}
	/* newterm, unlike initscr, returns NULL instead of exiting when the terminal is unknown
	 * (the caller has checked it; this is the last guard). */
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return diag_error("cannot initialise the terminal; use --plain"), DIAG_EXIT_INPUT;
	set_term(screen);
	curses_active = true;
	diag_set_before_print(tui_leave);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (has_colors() && !getenv("NO_COLOR")) {
		t.color = true;
		start_color();
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_CYAN, -1);
	}
	if (s->logged_in)
		tui_after_login(&t);
	else
		tui_show(&t, SCREEN_LOGIN);
	int errors = 0;
	while (!t.quit) {
		draw(&t);
		wint_t wc;
		int kind = get_wch(&wc);
		/* A blocking read fails only when the terminal is gone; every answer is stored. */
		if (kind == ERR) {
			if (++errors > 10)
				tui_quit(&t, DIAG_EXIT_OK);
			continue;
		}
		errors = 0;
		if (kind == KEY_CODE_YES && wc == KEY_RESIZE)
			continue; /* the next draw uses the new size */
		dispatch_key(&t, tui_key_of((unsigned long)wc, kind == KEY_CODE_YES));
	}
	tui_leave();
	diag_set_before_print(NULL);
	tui_systems_free(&t);
	delscreen(screen);
	if (t.status != DIAG_EXIT_OK || !s->logged_in)
		return t.status;
	tui_print_summary(&t, stdout);
	return t.status;
}
