/*
 * screen_choice: a choice item on the question screen (core/choice.h). The options are listed
 * numbered below the question; one key per option: in a single choice the number answers and
 * moves on, in a multiple choice the number (or Space on the highlighted option) picks or
 * unpicks it, shown as [x], and Enter confirms. Options that stand alone ("none") clear the
 * others when picked, and the others clear them. A key that names no option only says which
 * numbers there are; nothing is ever left half done: moving away from a changed multiple
 * choice keeps the picks when they are an answer.
 */
#include "core/choice.h"
#include "core/text.h"
#include "survey/screens.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static const struct choice *current_choice(const struct tui *t)
{
	const struct sheet *sh = &t->session->resp.sheet;
	return sh->count ? sheet_choice(sh, sh->cursor) : NULL;
}

bool screen_choice_active(const struct tui *t)
{
	return current_choice(t) != NULL;
}

int screen_choice_rows(const struct tui *t)
{
	const struct choice *c = current_choice(t);
	return c ? (int)c->option_count + 1 : 3;
}

void screen_choice_enter(struct tui *t)
{
	const struct sheet *sh = &t->session->resp.sheet;
	const struct choice *c = current_choice(t);
	unsigned mask = choice_decode(c, sheet_get(sh, sh->cursor));
	t->picked = mask;
	t->option = 0;
	for (size_t k = 0; k < c->option_count; k++)
		if (mask >> k & 1u) {
			t->option = (int)k + 1;
			break;
		}
}

void screen_choice_draw(struct tui *t, int top)
{
	const struct session *s = t->session;
	const struct sheet *sh = &s->resp.sheet;
	const struct choice *c = current_choice(t);
	bool en = s->lang && strcmp(s->lang, "en") == 0;
	unsigned saved = choice_decode(c, sheet_get(sh, sh->cursor));
	int y = top;
	tui_put(t, y++, 4, COLS - 6, msg_get(s->lang, c->multiple ? MSG_CHOICE_MULTI_HINT : MSG_CHOICE_SINGLE_HINT),
		TUI_DIM);
	for (size_t k = 0; k < c->option_count; k++, y++) {
		char head[64];
		bool on = c->multiple ? (t->picked >> k & 1u) : (saved >> k & 1u);
		char key[24];
		snprintf(key, sizeof key, "%zu", k + 1);
		if (c->multiple)
			snprintf(head, sizeof head, "%s [%s] %s  ", on ? ">" : " ", on ? "x" : " ", key);
		else
			snprintf(head, sizeof head, "%s %s  ", on ? ">" : " ", key);
		struct strbuf b;
		strbuf_init(&b);
		strbuf_addstr(&b, head);
		strbuf_addstr(&b, en ? c->options[k].en : c->options[k].ja);
		bool lit = t->option == (int)k + 1;
		enum tui_attr attr = lit ? TUI_BAR : on ? TUI_CHOSEN : TUI_NORMAL;
		int w = tui_put(t, y, 4, COLS - 6, b.buf, attr);
		if (lit && w < COLS - 6)
			tui_put(t, y, 4 + w, COLS - 6 - w, "  ", TUI_BAR);
		strbuf_release(&b);
	}
}

/* Picks or unpicks option k (0-based) of a multiple choice. */
static void toggle(struct tui *t, const struct choice *c, size_t k)
{
	unsigned bit = 1u << k;
	if (t->picked & bit) {
		t->picked &= ~bit;
		return;
	}
	if (c->options[k].alone) {
		t->picked = bit;
		return;
	}
	for (size_t i = 0; i < c->option_count; i++)
		if (c->options[i].alone)
			t->picked &= ~(1u << i);
	t->picked |= bit;
}

/* The option a key names (1-based), 0 when the key is a digit naming none, -1 when it is
 * not a digit. Options beyond 9 are reached with the arrows. */
static int option_of_key(const struct choice *c, int key)
{
	if (key < '0' || key > '9')
		return -1;
	int k = key - '0';
	return k >= 1 && (size_t)k <= c->option_count ? k : 0;
}

bool screen_choice_key(struct tui *t, int key)
{
	struct sheet *sh = &t->session->resp.sheet;
	const struct choice *c = current_choice(t);
	if (!c)
		return false;
	unsigned saved = choice_decode(c, sheet_get(sh, sh->cursor));
	int k = option_of_key(c, key);
	if (k == 0) {
		t->notice = MSG_CHOICE_NO_SUCH;
		t->notice_number = c->option_count;
		return true;
	}
	if (k > 0) {
		t->option = k;
		if (!c->multiple) {
			screen_question_answer(t, choice_encode(c, 1u << (k - 1)));
			return true;
		}
		toggle(t, c, (size_t)k - 1);
		return true;
	}
	switch (key) {
	case ' ':
		if (!c->multiple || t->option < 1)
			return false; /* Space scrolls */
		toggle(t, c, (size_t)t->option - 1);
		return true;
	case KEY_DOWN:
	case TUI_KEY_DOWN_VI:
		if ((size_t)t->option < c->option_count)
			t->option++;
		return true;
	case KEY_UP:
	case TUI_KEY_UP_VI:
		if (t->option > 0)
			t->option--;
		return true;
	case TUI_KEY_ENTER:
	case TUI_KEY_RETURN:
	case KEY_ENTER:
		if (!c->multiple) {
			if (t->option >= 1)
				screen_question_answer(t, choice_encode(c, 1u << (t->option - 1)));
			else
				t->notice = MSG_CHOICE_SINGLE_HINT;
			return true;
		}
		if (t->picked == 0) {
			t->notice = MSG_CHOICE_PICK_ONE;
			return true;
		}
		screen_question_answer(t, choice_encode(c, t->picked));
		return true;
	case KEY_RIGHT:
	case TUI_KEY_NEXT:
		/* moving on keeps changed picks that form an answer */
		if (c->multiple && t->picked && t->picked != saved && choice_mask_valid(c, t->picked, NULL)) {
			screen_question_answer(t, choice_encode(c, t->picked));
			return true;
		}
		return false;
	}
	return false;
}
