/* screen_systems: after login, the officer's own sheet and the systems they answer for. */
#include "core/diag.h"
#include "core/inspection.h"
#include "survey/syscreen.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

void tui_systems_free(struct tui *t)
{
	if (!t->systems)
		return;
	sysanswer_release(&t->systems->answers);
	free(t->systems);
	t->systems = NULL;
}

void tui_after_login(struct tui *t)
{
	const struct session *s = t->session;
	tui_systems_free(t);
	struct tui_systems *ts = xcalloc(1, sizeof *ts);
	ts->notice = -1;
	if (sysanswer_load(s->store, s->fiscal_year, s->quest, s->resp.person_id, &ts->answers)) {
		sysanswer_release(&ts->answers);
		free(ts);
		tui_quit(t, DIAG_EXIT_INPUT);
		return;
	}
	if (ts->answers.count == 0) {
		sysanswer_release(&ts->answers);
		free(ts);
		tui_enter_questionnaire(t);
		return;
	}
	/* The first system still to answer is chosen; row 0 is the person's own sheet. */
	for (size_t i = 0; i < ts->answers.count && !ts->cursor; i++)
		if (!sysanswer_complete(&ts->answers, &ts->answers.systems[i]))
			ts->cursor = i + 1;
	t->systems = ts;
	tui_show(t, SCREEN_SYSTEMS);
}

void syscreen_notice(const struct tui *t)
{
	if (t->systems && t->systems->notice >= 0)
		tui_put(t, LINES - 3, 1, COLS - 2, sysmsg_get(t->session->lang, (enum sysmsg_id)t->systems->notice), TUI_WARN);
}

void screen_systems_init(struct tui *t)
{
	struct tui_systems *ts = t->systems;
	if (ts->cursor > ts->answers.count)
		ts->cursor = 0;
}

void screen_systems_draw(struct tui *t)
{
	const struct session *s = t->session;
	const char *lang = s->lang;
	struct tui_systems *ts = t->systems;
	const struct sysanswer *a = &ts->answers;
	const struct inspection *ins = s->quest->inspection;
	tui_frame(t, KEYBAR_SYSTEMS);
	syscreen_notice(t);
	int y = 2, width = COLS - 4;
	tui_put(t, y++, 2, width, sysmsg_get(lang, SYSMSG_PICKER_TITLE), TUI_HEADING);
	y++;
	const struct sheet *sh = &s->resp.sheet;
	char line[512];
	snprintf(line, sizeof line, "%s %s  %zu / %zu %s", ts->cursor == 0 ? ">" : " ", sysmsg_get(lang, SYSMSG_OWN_SHEET),
		 sheet_answered(sh), sh->count, msg_get(lang, MSG_ANSWERED));
	tui_put(t, y++, 2, width, line, ts->cursor == 0 ? TUI_CHOSEN : TUI_NORMAL);
	y++;
	snprintf(line, sizeof line, "%s  (%s %s)", sysmsg_get(lang, SYSMSG_SYSTEMS_HEADING),
		 sysmsg_get(lang, SYSMSG_REFERENCE_DATE), ins->reference_date);
	tui_put(t, y++, 2, width, line, TUI_HEADING);
	int top = y, rows = LINES - 4 - top;
	if (rows < 1)
		return;
	/* Scroll so that the chosen system stays in view. */
	size_t chosen = ts->cursor ? ts->cursor - 1 : 0;
	size_t first = chosen >= (size_t)rows ? chosen - (size_t)rows + 1 : 0;
	for (size_t i = first; i < a->count && y < top + rows; i++) {
		const struct sysanswer_system *sy = &a->systems[i];
		bool done = sysanswer_complete(a, sy);
		snprintf(line, sizeof line, "%s %-10s %s  [%s]  %zu / %zu%s%s", ts->cursor == i + 1 ? ">" : " ", sy->id,
			 sy->name, quest_text_get(&ins->kinds[sy->kind].name, lang), sysanswer_answered(a, sy),
			 sysanswer_items(a, sy), done ? "  " : "", done ? sysmsg_get(lang, SYSMSG_DONE) : "");
		tui_put(t, y++, 2, width, line, ts->cursor == i + 1 ? TUI_CHOSEN : done ? TUI_DIM : TUI_NORMAL);
	}
}

void screen_systems_key(struct tui *t, int key)
{
	struct tui_systems *ts = t->systems;
	ts->notice = -1;
	switch (key) {
	case TUI_KEY_QUIT:
	case TUI_KEY_ESCAPE:
		tui_quit(t, DIAG_EXIT_OK);
		return;
	case KEY_UP:
	case TUI_KEY_UP_VI:
		if (ts->cursor > 0)
			ts->cursor--;
		return;
	case KEY_DOWN:
	case TUI_KEY_DOWN_VI:
		if (ts->cursor < ts->answers.count)
			ts->cursor++;
		return;
	case TUI_KEY_ENTER:
	case TUI_KEY_RETURN:
	case KEY_ENTER:
		if (ts->cursor == 0) {
			tui_enter_questionnaire(t);
			return;
		}
		ts->current = ts->cursor - 1;
		tui_show(t, SCREEN_SYSTEM);
		return;
	}
}
