/* screen_receipt: what was submitted — time, number of answers, digest. */
#include "core/diag.h"
#include "survey/screens.h"

#include <curses.h>
#include <stdio.h>

void screen_receipt_init(struct tui *t)
{
	(void)t;
}

void screen_receipt_draw(struct tui *t)
{
	const char *lang = t->session->lang;
	tui_frame(t, msg_get(lang, MSG_RECEIPT_KEYS));
	int y = 2;
	tui_put(t, y++, 2, COLS - 4, msg_get(lang, MSG_RECEIPT_TITLE), TUI_HEADING);
	y++;
	char line[160];
	snprintf(line, sizeof line, "%s: %s", msg_get(lang, MSG_SUBMITTED_AT), t->receipt.submitted_at);
	tui_put(t, y++, 4, COLS - 6, line, TUI_NORMAL);
	snprintf(line, sizeof line, "%s: %zu", msg_get(lang, MSG_ANSWER_COUNT), t->receipt.answers);
	tui_put(t, y++, 4, COLS - 6, line, TUI_NORMAL);
	snprintf(line, sizeof line, "%s: %s", msg_get(lang, MSG_DIGEST), t->receipt.digest);
	tui_put(t, y++, 4, COLS - 6, line, TUI_CHOSEN);
	y++;
	tui_wrap(t, y, 4, COLS - 6, 3, msg_get(lang, MSG_RESUBMIT_NOTE), TUI_NORMAL);
}

void screen_receipt_key(struct tui *t, int key)
{
	switch (key) {
	case TUI_KEY_QUIT:
	case TUI_KEY_ENTER:
	case TUI_KEY_RETURN:
		tui_quit(t, DIAG_EXIT_OK);
		break;
	case TUI_KEY_REVIEW:
		tui_show(t, SCREEN_REVIEW);
		break;
	}
}
