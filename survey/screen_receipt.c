/* screen_receipt: what was submitted — time, number of answers, digest. */
#include "core/clock.h"
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
	const struct respondent_receipt *r = &t->receipt;
	tui_frame(t, KEYBAR_RECEIPT);
	bool roomy = !tui_compact();
	int y = roomy ? 2 : 1, bottom = tui_notice_row();
	tui_put(t, y++, 2, COLS - 4, msg_get(lang, MSG_RECEIPT_TITLE), TUI_HEADING);
	y += roomy;
	char line[160], when[CLOCK_TEXT_SIZE];
	snprintf(line, sizeof line, "%s: %s", msg_get(lang, MSG_SUBMITTED_AT),
		 clock_display(r->submitted_at, when, sizeof when));
	tui_put(t, y++, 4, COLS - 6, line, TUI_NORMAL);
	if (r->previous_at[0]) {
		snprintf(line, sizeof line, "%s: %s", msg_get(lang, MSG_PREVIOUS_SUBMISSION),
			 clock_display(r->previous_at, when, sizeof when));
		tui_put(t, y++, 4, COLS - 6, line, TUI_DIM);
	}
	snprintf(line, sizeof line, "%s: %zu", msg_get(lang, MSG_ANSWER_COUNT), r->answers);
	tui_put(t, y++, 4, COLS - 6, line, TUI_NORMAL);
	snprintf(line, sizeof line, "%s: %s", msg_get(lang, MSG_DIGEST), r->digest);
	tui_put(t, y++, 4, COLS - 6, line, TUI_CHOSEN);
	y += roomy;
	if (y < bottom)
		tui_wrap(t, y, 4, COLS - 6, bottom - y, msg_get(lang, MSG_RESUBMIT_NOTE), TUI_NORMAL);
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
