/* screen_question: one item — role, category, clause, question, the choices, progress. */
#include "core/diag.h"
#include "survey/screens.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

void screen_question_init(struct tui *t)
{
	t->explain = false;
}

/* "label  value" on row y. */
static void labelled(const struct tui *t, int y, const char *label, const char *value, enum tui_attr attr)
{
	tui_put(t, y, 2, COLS - 4, label, TUI_DIM);
	int x = 2 + 14;
	tui_put(t, y, x, COLS - x - 2, value, attr);
}

void screen_question_draw(struct tui *t)
{
	const struct session *s = t->session;
	const char *lang = s->lang;
	const struct sheet *sh = &s->resp.sheet;
	tui_frame(t, msg_get(lang, t->explain ? MSG_EXPLANATION_KEYS : MSG_QUESTION_KEYS));
	tui_progress(t, LINES - 2);
	if (sh->count == 0) {
		tui_put(t, 2, 2, COLS - 4, msg_get(lang, MSG_NO_ITEMS), TUI_NORMAL);
		return;
	}
	const struct sheet_entry *e = &sh->entries[sh->cursor];
	const struct quest_item *it = &s->quest->items[e->item];
	int width = COLS - 4, y = 2;
	char clause[160];
	snprintf(clause, sizeof clause, "%s  (%s)", it->clause, it->id);
	labelled(t, y++, msg_get(lang, MSG_ROLE), role_name(e->role, lang), TUI_HEADING);
	const struct quest_category *cat = &s->quest->categories[it->category];
	labelled(t, y++, msg_get(lang, MSG_CATEGORY), quest_text_get(&cat->name, lang), TUI_NORMAL);
	if (cat->note.ja)
		labelled(t, y++, "", quest_text_get(&cat->note, lang), TUI_DIM);
	labelled(t, y++, msg_get(lang, MSG_CLAUSE), clause, TUI_NORMAL);
	y++;
	int bottom = LINES - 4; /* rows above the notice line */
	if (t->explain) {
		tui_put(t, y++, 2, width, msg_get(lang, MSG_EXPLANATION), TUI_HEADING);
		tui_wrap(t, y, 4, width - 2, bottom - y, quest_text_get(&it->explanation, lang), TUI_NORMAL);
		return;
	}
	int choices_h = 4;
	y += tui_wrap(t, y, 2, width, bottom - y - choices_h, quest_text_get(&it->question, lang), TUI_NORMAL);
	y++;
	char current = sheet_get(sh, sh->cursor);
	for (char c = '1'; c <= '3' && y <= bottom; c++, y++) {
		char label[128];
		snprintf(label, sizeof label, "%s %c  %s", c == current ? ">" : " ", c, msg_answer(lang, c));
		tui_put(t, y, 4, width - 2, label, c == current ? TUI_CHOSEN : TUI_NORMAL);
	}
}

void screen_question_key(struct tui *t, int key)
{
	struct sheet *sh = &t->session->resp.sheet;
	switch (key) {
	case TUI_KEY_QUIT:
		tui_quit(t, DIAG_EXIT_OK);
		return;
	case TUI_KEY_EXPLAIN:
		t->explain = !t->explain;
		return;
	case TUI_KEY_REVIEW:
		tui_show(t, SCREEN_REVIEW);
		return;
	case KEY_LEFT:
	case TUI_KEY_BACK:
		t->explain = false;
		sheet_prev(sh);
		return;
	case KEY_RIGHT:
	case TUI_KEY_NEXT:
		t->explain = false;
		if (!sheet_next(sh))
			tui_show(t, SCREEN_REVIEW);
		return;
	case TUI_KEY_IMPLEMENTED:
	case TUI_KEY_NOT_IMPLEMENTED:
	case TUI_KEY_NOT_APPLICABLE:
		break;
	default:
		return;
	}
	if (sh->count == 0)
		return;
	char before = sheet_get(sh, sh->cursor);
	sheet_set(sh, sh->cursor, (char)key);
	int rc = respondent_save(&t->session->resp, sh->cursor);
	if (rc == RESPONDENT_CLOSED) {
		/* Keep the screen true to the store: the answer was not taken. */
		if (before == '0')
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
	t->explain = false;
	if (!sheet_next(sh))
		tui_show(t, SCREEN_REVIEW);
}
