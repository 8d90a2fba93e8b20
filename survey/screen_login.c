/* screen_login: person id and token, then into the questionnaire. */
#include "core/era.h"
#include "core/diag.h"
#include "survey/screens.h"

#include <curses.h>
#include <string.h>

void screen_login_init(struct tui *t)
{
	memset(t->token, 0, sizeof t->token);
	t->field = t->person[0] ? 1 : 0;
	if (t->year_closed)
		t->notice = MSG_CLOSED;
}

void screen_login_draw(struct tui *t)
{
	const char *lang = t->session->lang;
	tui_frame(t, KEYBAR_LOGIN);
	/* A compact window drops the blank rows and the year, and keeps one line of the title. */
	bool roomy = !tui_compact();
	char era[64];
	int y = roomy ? 2 : 1;
	if (roomy)
		tui_put(t, y++, 2, COLS - 4, era_fiscal_year(t->session->fiscal_year, lang, era, sizeof era), TUI_NORMAL);
	y += tui_wrap(t, y, 2, COLS - 4, roomy ? 3 : 1, t->session->title, TUI_HEADING);
	y += roomy;
	tui_put(t, y++, 2, COLS - 4, msg_get(lang, MSG_LOGIN_TITLE), TUI_HEADING);
	y += roomy;
	const char *labels[2] = {msg_get(lang, MSG_PERSON_ID), msg_get(lang, MSG_TOKEN)};
	char masked[TUI_FIELD_MAX + 1];
	size_t n = strlen(t->token);
	memset(masked, '*', n);
	masked[n] = '\0';
	const char *values[2] = {t->person, masked};
	int label_w = 14;
	for (int i = 0; i < 2; i++) {
		tui_put(t, y, 4, label_w, labels[i], TUI_NORMAL);
		int x = 4 + label_w + 1;
		tui_put(t, y, x, COLS - x - 2, values[i], i == t->field ? TUI_CHOSEN : TUI_NORMAL);
		if (i == t->field)
			tui_put(t, y, x + (int)strlen(values[i]), 1, "_", TUI_CHOSEN);
		y += roomy ? 2 : 1;
	}
	if (t->year_closed)
		tui_wrap(t, y, 4, COLS - 8, tui_notice_row() - y, msg_get(lang, MSG_CLOSED), TUI_WARN);
}

static void try_login(struct tui *t)
{
	if (t->year_closed) {
		t->notice = MSG_CLOSED;
		return;
	}
	int rc = session_login(t->session, t->person, t->token);
	memset(t->token, 0, sizeof t->token);
	if (rc < 0) {
		tui_quit(t, DIAG_EXIT_INPUT);
		return;
	}
	if (rc == 0) {
		t->notice = MSG_LOGIN_FAILED;
		t->field = 1;
		return;
	}
	tui_after_login(t);
}

void screen_login_key(struct tui *t, int key)
{
	char *value = t->field == 0 ? t->person : t->token;
	size_t len = strlen(value);
	switch (key) {
	case TUI_KEY_ESCAPE:
		tui_quit(t, DIAG_EXIT_OK);
		return;
	case TUI_KEY_TAB:
	case KEY_DOWN:
	case KEY_UP:
		t->field = !t->field;
		return;
	case TUI_KEY_ENTER:
	case TUI_KEY_RETURN:
	case KEY_ENTER:
		if (t->field == 0)
			t->field = 1;
		else
			try_login(t);
		return;
	case KEY_BACKSPACE:
	case TUI_KEY_DELETE:
	case TUI_KEY_CTRL_H:
		if (len > 0)
			value[len - 1] = '\0';
		return;
	}
	/* Person ids and tokens are printable ASCII. */
	if (key > ' ' && key < 0x7f && len < TUI_FIELD_MAX) {
		value[len] = (char)key;
		value[len + 1] = '\0';
	}
}
