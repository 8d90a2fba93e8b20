/* screen_review: every item with its answer, unanswered ones highlighted; jump or submit. */
#include "core/clock.h"
#include "core/responses.h"
#include "core/diag.h"
#include "survey/screens.h"

#include <curses.h>
#include <stdio.h>

void screen_review_init(struct tui *t)
{
	struct sheet *sh = &t->session->resp.sheet;
	t->review_cursor = sh->cursor;
	t->confirming = false;
}

/* The list has a heading row before each role's first item: display row of entry i. */
static size_t display_row(const struct sheet *sh, size_t i)
{
	size_t headings = 0;
	for (size_t k = 0; k <= i && k < sh->count; k++)
		headings += k == 0 || sh->entries[k].role != sh->entries[k - 1].role;
	return i + headings;
}

void screen_review_draw(struct tui *t)
{
	const struct session *s = t->session;
	const char *lang = s->lang;
	const struct sheet *sh = &s->resp.sheet;
	tui_frame(t, t->confirming ? KEYBAR_CONFIRM : KEYBAR_REVIEW);
	tui_progress(t, LINES - 2);
	bool roomy = !tui_compact();
	int y = roomy ? 2 : 1;
	tui_put(t, y++, 2, COLS - 4, msg_get(lang, MSG_REVIEW_TITLE), TUI_HEADING);
	if (s->resp.submitted_at) {
		char line[192], when[CLOCK_TEXT_SIZE];
		snprintf(line, sizeof line, "%s: %s", msg_get(lang, MSG_SUBMITTED_BEFORE),
			 clock_display(s->resp.submitted_at, when, sizeof when));
		tui_put(t, y++, 2, COLS - 4, line, TUI_DIM);
		if (s->resp.changed_at) {
			snprintf(line, sizeof line, "%s: %s", msg_get(lang, MSG_CHANGED_AFTER_SUBMIT),
				 clock_display(s->resp.changed_at, when, sizeof when));
			tui_put(t, y++, 2, COLS - 4, line, TUI_WARN);
		}
	} else if (roomy) {
		y++;
	}
	int bottom = tui_notice_row();
	int top_row = y, rows = bottom - top_row;
	if (t->confirming) {
		tui_put(t, bottom - 1, 2, COLS - 4, msg_get(lang, MSG_CONFIRM_SUBMIT), TUI_WARN);
		rows--;
	}
	if (rows < 1 || sh->count == 0)
		return;
	/* Scroll so the cursor's row is visible, keeping its heading when possible. */
	size_t cur = display_row(sh, t->review_cursor);
	size_t first = cur >= (size_t)rows ? cur - (size_t)rows + 1 : 0;
	size_t row = 0;
	int answer_w = 16, id_w = 10;
	for (size_t i = 0; i < sh->count && y < top_row + rows; i++) {
		const struct sheet_entry *e = &sh->entries[i];
		if (i == 0 || e->role != sh->entries[i - 1].role) {
			if (row++ >= first)
				tui_put(t, y++, 2, COLS - 4, role_name(e->role, lang), TUI_HEADING);
			if (y >= top_row + rows)
				break;
		}
		if (row++ < first)
			continue;
		const struct quest_item *it = &s->quest->items[e->item];
		char a = sheet_get(sh, i);
		enum tui_attr attr = a == RESPONSE_UNANSWERED ? TUI_WARN : TUI_NORMAL;
		char num[32];
		snprintf(num, sizeof num, "%c%3zu", i == t->review_cursor ? '>' : ' ', i + 1);
		int x = 2;
		x += tui_put(t, y, x, 5, num, i == t->review_cursor ? TUI_BAR : TUI_NORMAL) + 1;
		tui_put(t, y, x, id_w, it->id, TUI_NORMAL);
		x += id_w;
		char text[512];
		if (!sheet_asked(sh, i)) {
			snprintf(text, sizeof text, "%s", msg_get(lang, MSG_NOT_ASKED));
			attr = TUI_DIM;
		} else {
			sheet_answer_text(sh, i, lang, text, sizeof text);
		}
		tui_put(t, y, x, answer_w, text, attr);
		x += answer_w;
		tui_put(t, y, x, COLS - x - 2, quest_text_get(&it->question, lang), TUI_DIM);
		y++;
	}
}

static void submit(struct tui *t)
{
	int rc = respondent_submit(&t->session->resp, &t->receipt);
	t->confirming = false;
	if (rc == RESPONDENT_CLOSED) {
		t->notice = MSG_CLOSED;
		return;
	}
	if (rc) {
		tui_quit(t, DIAG_EXIT_INPUT);
		return;
	}
	tui_show(t, SCREEN_RECEIPT);
}

void screen_review_key(struct tui *t, int key)
{
	struct sheet *sh = &t->session->resp.sheet;
	if (t->confirming) {
		if (key == TUI_KEY_YES)
			submit(t);
		else if (key == TUI_KEY_NO || key == TUI_KEY_ESCAPE)
			t->confirming = false;
		return;
	}
	size_t page = LINES > 10 ? (size_t)LINES - 10 : 1;
	switch (key) {
	case TUI_KEY_QUIT:
		tui_quit(t, DIAG_EXIT_OK);
		break;
	case KEY_UP:
	case TUI_KEY_UP_VI:
		if (t->review_cursor > 0)
			t->review_cursor--;
		break;
	case KEY_DOWN:
	case TUI_KEY_DOWN_VI:
		if (t->review_cursor + 1 < sh->count)
			t->review_cursor++;
		break;
	case KEY_PPAGE:
		t->review_cursor = t->review_cursor > page ? t->review_cursor - page : 0;
		break;
	case KEY_NPAGE:
		t->review_cursor = t->review_cursor + page < sh->count ? t->review_cursor + page
									: (sh->count ? sh->count - 1 : 0);
		break;
	case KEY_HOME:
		t->review_cursor = 0;
		break;
	case KEY_END:
		t->review_cursor = sh->count ? sh->count - 1 : 0;
		break;
	case TUI_KEY_ENTER:
	case TUI_KEY_RETURN:
	case KEY_ENTER:
		if (sh->count) {
			sheet_goto(sh, t->review_cursor);
			tui_show(t, SCREEN_QUESTION);
		}
		break;
	case TUI_KEY_ESCAPE:
	case TUI_KEY_REVIEW:
	case KEY_LEFT:
		sheet_goto(sh, t->review_cursor);
		tui_show(t, SCREEN_QUESTION);
		break;
	case TUI_KEY_SUBMIT: {
		size_t first = sheet_first_unanswered(sh);
		if (sh->count && first < sh->count) {
			t->notice = MSG_NOT_COMPLETE;
			t->notice_number = sh->count - sheet_answered(sh);
			t->review_cursor = first;
		} else if (sh->count) {
			t->confirming = true;
		}
		break;
	}
	}
}
