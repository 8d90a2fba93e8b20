/*
 * screens: the full-screen questionnaire's state and its screens.
 *
 * struct tui is plain data: which screen is up, the login fields, the review cursor, the
 * last receipt, a one-line notice. Each screen is a trio over it: X_init (entering the
 * screen), X_draw (paint it from the state; the only place that draws), X_key (change the
 * state for one key; never draws). The loop in tui.c owns the terminal.
 */
#ifndef SELFCHECK_SURVEY_SCREENS_H
#define SELFCHECK_SURVEY_SCREENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "survey/msg.h"
#include "survey/respondent.h"
#include "survey/session.h"

/* The answer a key gives on a yes/no item (TUI_KEY_IMPLEMENTED → RESPONSE_IMPLEMENTED, …);
 * RESPONSE_UNANSWERED for a key that gives none. */
char screen_key_answer(int key);

/* Keys the screens understand, besides curses' KEY_* codes. */
enum tui_key {
	TUI_KEY_ESCAPE = 27,
	TUI_KEY_ENTER = '\n',
	TUI_KEY_RETURN = '\r',
	TUI_KEY_TAB = '\t',
	TUI_KEY_DELETE = 127,
	TUI_KEY_CTRL_H = 8,
	TUI_KEY_IMPLEMENTED = '1',
	TUI_KEY_NOT_IMPLEMENTED = '2',
	TUI_KEY_NOT_APPLICABLE = '3',
	TUI_KEY_EXPLAIN = '?',
	TUI_KEY_NEXT = 'n',
	TUI_KEY_BACK = 'b',
	TUI_KEY_REVIEW = 'r',
	TUI_KEY_QUIT = 'q',
	TUI_KEY_SUBMIT = 's',
	TUI_KEY_YES = 'y',
	TUI_KEY_NO = 'n',
	TUI_KEY_DOWN_VI = 'j',
	TUI_KEY_UP_VI = 'k',
	/* A character no screen takes (outside ASCII, after full-width forms are folded). */
	TUI_KEY_OTHER = 0x110000,
};

/* The smallest window the screens are drawn in; below it only a message shows. */
#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 10
/* Below this many lines the screens are compact: no blank rows, the notice replaces the
 * progress line. */
#define TUI_ROOMY_LINES 16

enum tui_screen { SCREEN_LOGIN, SCREEN_QUESTION, SCREEN_REVIEW, SCREEN_RECEIPT, SCREEN_SYSTEMS, SCREEN_SYSTEM };

/* The focused inspection's state (survey/screen_systems.c): the officer's systems. */
struct tui_systems;

#define TUI_FIELD_MAX 64

struct tui {
	struct session *session;
	enum tui_screen screen;
	bool quit;
	int status;                 /* exit status once quit */
	bool color;
	/* Notice shown on the status line until the next key, or MSG_COUNT for none. */
	enum msg_id notice;
	size_t notice_number;       /* printed after the notice when nonzero */
	/* login */
	char person[TUI_FIELD_MAX + 1];
	char token[TUI_FIELD_MAX + 1];
	int field;                  /* 0 person id, 1 token */
	bool year_closed;
	/* question */
	bool explain;
	size_t scroll;              /* first line of the question's text shown */
	int option;                 /* highlighted choice 1..3 (a choice item's option), 0 for none */
	unsigned picked;            /* a multiple choice: the options picked, not yet confirmed */
	/* review */
	size_t review_cursor;
	bool confirming;
	/* receipt */
	struct respondent_receipt receipt;
	/* systems (an officer who answers for some), NULL otherwise; owned */
	struct tui_systems *systems;
};

void screen_login_init(struct tui *t);
void screen_login_draw(struct tui *t);
void screen_login_key(struct tui *t, int key);

void screen_question_init(struct tui *t);
void screen_question_draw(struct tui *t);
void screen_question_key(struct tui *t, int key);
/* Stores answer code for the current item and moves on (survey/screen_question.c). */
void screen_question_answer(struct tui *t, char code);
/* A choice item on the question screen (survey/screen_choice.c): whether the current item is
 * one; the rows its options take (3 for a yes/no item); entering it; drawing its options from
 * row top; a key (true when taken). */
bool screen_choice_active(const struct tui *t);
int screen_choice_rows(const struct tui *t);
void screen_choice_enter(struct tui *t);
void screen_choice_draw(struct tui *t, int top);
bool screen_choice_key(struct tui *t, int key);

void screen_review_init(struct tui *t);
void screen_review_draw(struct tui *t);
void screen_review_key(struct tui *t, int key);

void screen_receipt_init(struct tui *t);
void screen_receipt_draw(struct tui *t);
void screen_receipt_key(struct tui *t, int key);

/* The system picker (an officer's own sheet and their systems) and one system's items. */
void screen_systems_init(struct tui *t);
void screen_systems_draw(struct tui *t);
void screen_systems_key(struct tui *t, int key);

void screen_system_init(struct tui *t);
void screen_system_draw(struct tui *t);
void screen_system_key(struct tui *t, int key);

/* After a successful login: the system picker when the person answers for systems, else the
 * questionnaire (tui_enter_questionnaire). */
void tui_after_login(struct tui *t);
/* Frees t->systems; NULL is allowed. */
void tui_systems_free(struct tui *t);

/* Switches to screen s, running its init. */
void tui_show(struct tui *t, enum tui_screen s);
/* After a successful login: the review when everything is answered, else the question at
 * the first unanswered item. */
void tui_enter_questionnaire(struct tui *t);
/* Ends the loop with status. */
void tui_quit(struct tui *t, int status);

/* Drawing helpers (tui.c). Text is sanitised here, so callers may pass file text. */
enum tui_attr { TUI_NORMAL, TUI_BAR, TUI_HEADING, TUI_WARN, TUI_CHOSEN, TUI_DIM };
/* Draws text at (y, x) clipped to width columns; returns the columns used. */
int tui_put(const struct tui *t, int y, int x, int width, const char *text, enum tui_attr attr);
/* Word-wraps text into width columns from row y, at most max_rows rows; returns rows used. */
int tui_wrap(const struct tui *t, int y, int x, int width, int max_rows, const char *text, enum tui_attr attr);
/* Top bar with title (left) and the respondent (right), bottom bar with the longest form of
 * the key bar that fits, and the notice on tui_notice_row(). */
void tui_frame(const struct tui *t, enum msg_keybar keys);
/* The progress line ("[####----] 12 / 38 ...") on row y; on a compact screen a notice takes
 * its place. */
void tui_progress(const struct tui *t, int y);
/* Whether the window is below TUI_MIN_COLS x TUI_MIN_LINES. */
bool tui_too_small(void);
/* Whether the window has fewer than TUI_ROOMY_LINES lines. */
bool tui_compact(void);
/* The row of the notice: above the progress line, or on it when compact. Screens draw
 * above this row. */
int tui_notice_row(void);
/* The key read from the terminal as a screen takes it: curses' KEY_* codes as they are,
 * full-width characters as their ASCII forms (１ is '1'), other characters TUI_KEY_OTHER.
 * is_function says whether wc came as a function key (get_wch's KEY_CODE_YES). */
int tui_key_of(unsigned long wc, bool is_function);
/* Loads the state for the item under the sheet's cursor: highlight its answer, scroll to the
 * top, explanation closed. */
void screen_question_enter_item(struct tui *t);
/* The text printed after leaving the full screen: the receipt just given, or where a
 * submitted person's answers stand. Goes to out. */
void tui_print_summary(const struct tui *t, FILE *out);

#endif
