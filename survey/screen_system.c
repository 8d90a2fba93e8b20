/* screen_system: one system's inspection items — kind, system, group, clause, question, choices. */
#include "core/diag.h"
#include "core/responses.h"
#include "core/inspection.h"
#include "survey/syscreen.h"

#include <curses.h>
#include <stdio.h>

/* The key that leaves a system for the picker. */
enum { SYS_KEY_LIST = 'l' };

void screen_system_init(struct tui *t)
{
	struct tui_systems *ts = t->systems;
	struct sysanswer_system *y = &ts->answers.systems[ts->current];
	size_t n = sysanswer_items(&ts->answers, y), first = sysanswer_first_unanswered(&ts->answers, y);
	y->cursor = first < n ? first : 0;
	ts->explain = false;
}

static void labelled(const struct tui *t, int y, const char *label, const char *value, enum tui_attr attr)
{
	tui_put(t, y, 2, COLS - 4, label, TUI_DIM);
	int x = 2 + 14;
	tui_put(t, y, x, COLS - x - 2, value, attr);
}

void screen_system_draw(struct tui *t)
{
	const struct session *s = t->session;
	const char *lang = s->lang;
	struct tui_systems *ts = t->systems;
	const struct sysanswer *a = &ts->answers;
	const struct sysanswer_system *sy = &a->systems[ts->current];
	const struct inspection *ins = s->quest->inspection;
	const struct inspection_item *it = sysanswer_item(a, sy, sy->cursor);
	tui_frame(t, ts->explain ? KEYBAR_SYSTEM_EXPLANATION : KEYBAR_SYSTEM_ITEM);
	syscreen_notice(t);
	char line[512];
	snprintf(line, sizeof line, " %zu / %zu  (%s %zu)", sy->cursor + 1, sysanswer_items(a, sy),
		 msg_get(lang, MSG_ANSWERED), sysanswer_answered(a, sy));
	tui_put(t, LINES - 2, 1, COLS - 2, line, TUI_NORMAL);
	int width = COLS - 4, y = 2;
	labelled(t, y++, sysmsg_get(lang, SYSMSG_KIND), quest_text_get(&ins->kinds[sy->kind].name, lang), TUI_HEADING);
	snprintf(line, sizeof line, "%s %s (%s)", sy->id, sy->name, sy->unit);
	labelled(t, y++, sysmsg_get(lang, SYSMSG_SYSTEM), line, TUI_NORMAL);
	if (it->group >= 0)
		labelled(t, y++, sysmsg_get(lang, SYSMSG_GROUP), quest_text_get(&ins->groups[it->group].name, lang),
			 TUI_NORMAL);
	snprintf(line, sizeof line, "%s  (%s)", it->clause, it->id);
	labelled(t, y++, msg_get(lang, MSG_CLAUSE), line, TUI_NORMAL);
	labelled(t, y++, sysmsg_get(lang, SYSMSG_ITEM), quest_text_get(&it->name, lang), TUI_HEADING);
	y++;
	int bottom = LINES - 4;
	if (ts->explain) {
		tui_put(t, y++, 2, width, msg_get(lang, MSG_EXPLANATION), TUI_HEADING);
		tui_wrap(t, y, 4, width - 2, bottom - y, quest_text_get(&it->explanation, lang), TUI_NORMAL);
		return;
	}
	y += tui_wrap(t, y, 2, width, bottom - y - 4, quest_text_get(&it->question, lang), TUI_NORMAL);
	y++;
	char current = sy->answers[sy->cursor];
	for (int n = 1; n <= RESPONSE_OPTION_COUNT && y <= bottom; n++, y++) {
		char c = response_of_option(n);
		snprintf(line, sizeof line, "%s %d  %s", c == current ? ">" : " ", n, msg_answer(lang, c));
		tui_put(t, y, 4, width - 2, line, c == current ? TUI_CHOSEN : TUI_NORMAL);
	}
}

/* Past the last item: back to the picker when every item is answered, else to the first open one. */
static void after_last(struct tui *t, struct sysanswer_system *sy)
{
	struct tui_systems *ts = t->systems;
	size_t n = sysanswer_items(&ts->answers, sy), open = sysanswer_first_unanswered(&ts->answers, sy);
	if (open < n) {
		sy->cursor = open;
		return;
	}
	ts->notice = SYSMSG_SYSTEM_DONE;
	tui_show(t, SCREEN_SYSTEMS);
}

void screen_system_key(struct tui *t, int key)
{
	struct tui_systems *ts = t->systems;
	struct sysanswer_system *sy = &ts->answers.systems[ts->current];
	size_t n = sysanswer_items(&ts->answers, sy);
	ts->notice = -1;
	switch (key) {
	case TUI_KEY_QUIT:
		tui_quit(t, DIAG_EXIT_OK);
		return;
	case SYS_KEY_LIST:
	case TUI_KEY_ESCAPE:
		tui_show(t, SCREEN_SYSTEMS);
		return;
	case TUI_KEY_EXPLAIN:
		ts->explain = !ts->explain;
		return;
	case KEY_LEFT:
	case TUI_KEY_BACK:
		ts->explain = false;
		if (sy->cursor > 0)
			sy->cursor--;
		return;
	case KEY_RIGHT:
	case TUI_KEY_NEXT:
		ts->explain = false;
		if (sy->cursor + 1 < n)
			sy->cursor++;
		else
			after_last(t, sy);
		return;
	case TUI_KEY_IMPLEMENTED:
	case TUI_KEY_NOT_IMPLEMENTED:
	case TUI_KEY_NOT_APPLICABLE:
		break;
	default:
		return;
	}
	int rc = sysanswer_save(&ts->answers, sy, screen_key_answer(key));
	if (rc == SYSANSWER_CLOSED) {
		t->notice = MSG_CLOSED;
		return;
	}
	if (rc == SYSANSWER_NOT_YOURS) {
		/* The roster changed under us: show the officer's systems as they are now. */
		const struct session *s = t->session;
		sysanswer_release(&ts->answers);
		if (sysanswer_load(s->store, s->fiscal_year, s->quest, s->resp.person_id, &ts->answers)) {
			tui_quit(t, DIAG_EXIT_INPUT);
			return;
		}
		ts->cursor = 0;
		ts->notice = SYSMSG_NOT_YOURS;
		tui_show(t, SCREEN_SYSTEMS);
		return;
	}
	if (rc) {
		tui_quit(t, DIAG_EXIT_INPUT);
		return;
	}
	ts->explain = false;
	if (sy->cursor + 1 < n)
		sy->cursor++;
	else
		after_last(t, sy);
}
