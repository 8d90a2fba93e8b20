/* Unit tests for the full-screen questionnaire's key handling, without a terminal: the screens'
 * X_key functions change plain state (and the store), which is checked directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/store.h"
#include "survey/collect.h"
#include "survey/roster.h"
#include "survey/screens.h"

static const char *const questionnaire =
	"format: selfcheck-questionnaire/1\n"
	"id: unit\n"
	"fiscal_year: 2026\n"
	"title: {ja: 点検, en: Check}\n"
	"categories:\n"
	"  - {code: info, ja: 情報, en: Information}\n"
	"items:\n"
	"  - {id: S-01, roles: [staff], category: info, clause: '1', question: {ja: 一, en: one}, explanation: {ja: 説, en: ex}}\n"
	"  - {id: S-02, roles: [staff], category: info, clause: '2', question: {ja: 二, en: two}, explanation: {ja: 説, en: ex}}\n"
	"  - {id: S-03, roles: [staff], category: info, clause: '3', question: {ja: 三, en: three}, explanation: {ja: 説, en: ex}}\n";

struct fixture {
	char dir[64];
	struct session session;
	struct tui tui;
	char token[32];
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_screens.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char qpath[128], rpath[128], db[128];
	snprintf(qpath, sizeof qpath, "%s/q.yaml", f->dir);
	snprintf(rpath, sizeof rpath, "%s/roster.csv", f->dir);
	snprintf(db, sizeof db, "%s/m.db", f->dir);
	write_file(qpath, questionnaire);
	write_file(rpath, "person_id,name,unit,role,status\nx1,甲,局,staff,active\n");
	FILE *devnull = freopen("/dev/null", "w", stdout);
	(void)devnull;
	struct session *s = &f->session;
	s->fiscal_year = 2026;
	s->lang = "en";
	s->title = xstrdup("Check");
	if (collect_init(db, "org", "省", 2026, qpath, false) || store_open(db, STORE_EXISTING, &s->store) ||
	    roster_import(s->store, 2026, rpath, &(struct roster_options){0}) || store_year_quest(s->store, 2026, &s->quest) != 1)
		return -1;
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	if (collect_tokens(s->store, 2026, &(struct collect_tokens_options){0}, out))
		return -1;
	fclose(out);
	snprintf(f->token, sizeof f->token, "%s", strrchr(buf, ',') + 1);
	f->token[strcspn(f->token, "\n")] = '\0';
	free(buf);
	f->tui.session = s;
	f->tui.notice = MSG_COUNT;
	tui_show(&f->tui, SCREEN_LOGIN);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f->session.logged_in)
		respondent_release(&f->session.resp);
	quest_free(f->session.quest);
	store_close(f->session.store);
	free(f->session.title);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void type(struct tui *t, const char *text)
{
	for (const char *p = text; *p; p++) {
		t->notice = MSG_COUNT;
		switch (t->screen) {
		case SCREEN_LOGIN:
			screen_login_key(t, (unsigned char)*p);
			break;
		case SCREEN_QUESTION:
			screen_question_key(t, (unsigned char)*p);
			break;
		case SCREEN_REVIEW:
			screen_review_key(t, (unsigned char)*p);
			break;
		case SCREEN_RECEIPT:
			screen_receipt_key(t, (unsigned char)*p);
			break;
		case SCREEN_SYSTEMS:
			screen_systems_key(t, (unsigned char)*p);
			break;
		case SCREEN_SYSTEM:
			screen_system_key(t, (unsigned char)*p);
			break;
		}
	}
}

static void test_login_fields(void **state)
{
	struct fixture *f = *state;
	struct tui *t = &f->tui;
	type(t, "x2");
	screen_login_key(t, KEY_BACKSPACE);
	type(t, "1\n");
	assert_string_equal(t->person, "x1");
	assert_int_equal(t->field, 1);
	type(t, "WRONG-TOKEN\n");
	assert_int_equal(t->screen, SCREEN_LOGIN);
	assert_int_equal(t->notice, MSG_LOGIN_FAILED);
	assert_string_equal(t->token, ""); /* a refused token is not kept */
	type(t, f->token);
	type(t, "\n");
	assert_int_equal(t->screen, SCREEN_QUESTION);
	assert_true(f->session.logged_in);
	assert_int_equal(f->session.resp.sheet.cursor, 0);
}

static void test_answer_review_submit(void **state)
{
	struct fixture *f = *state;
	struct tui *t = &f->tui;
	type(t, "x1\n");
	type(t, f->token);
	type(t, "\n");
	struct sheet *sh = &f->session.resp.sheet;
	type(t, "2");
	assert_int_equal(sh->cursor, 1);
	type(t, "b3");                  /* back to item 1, change it to 3 */
	assert_int_equal(sheet_get(sh, 0), '3');
	type(t, "?");
	assert_true(t->explain);
	type(t, "?n");                  /* skip item 2 */
	assert_int_equal(sh->cursor, 2);
	type(t, "1");                   /* last item: the review opens */
	assert_int_equal(t->screen, SCREEN_REVIEW);
	type(t, "s");
	assert_int_equal(t->notice, MSG_NOT_COMPLETE);
	assert_int_equal(t->notice_number, 1);
	assert_int_equal(t->review_cursor, 1); /* moved to the unanswered item */
	screen_review_key(t, TUI_KEY_ENTER);
	assert_int_equal(t->screen, SCREEN_QUESTION);
	assert_int_equal(sh->cursor, 1);
	type(t, "2");
	assert_int_equal(t->screen, SCREEN_QUESTION); /* item 3 follows */
	type(t, "r");
	assert_int_equal(t->screen, SCREEN_REVIEW);
	type(t, "s");
	assert_true(t->confirming);
	type(t, "n");
	assert_false(t->confirming);
	type(t, "sy");
	assert_int_equal(t->screen, SCREEN_RECEIPT);
	assert_int_equal(t->receipt.answers, 3);
	assert_string_equal(sh->answers[ROLE_STAFF], "321");
	/* The store holds exactly what the screens showed. */
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(f->session.store, "SELECT answers, submitted_at IS NOT NULL FROM response", &st), 0);
	assert_int_equal(store_step(f->session.store, st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "321");
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	sqlite3_finalize(st);
	type(t, "q");
	assert_true(t->quit);
	assert_int_equal(t->status, 0);
}

static void test_closed_year_refuses_answers(void **state)
{
	struct fixture *f = *state;
	struct tui *t = &f->tui;
	type(t, "x1\n");
	type(t, f->token);
	type(t, "\n");
	assert_int_equal(collect_close(f->session.store, 2026), 0);
	type(t, "1");
	assert_int_equal(t->notice, MSG_CLOSED);
	assert_int_equal(sheet_get(&f->session.resp.sheet, 0), '0'); /* not taken */
	assert_int_equal(f->session.resp.sheet.cursor, 0);
}

static void test_keys_as_typed(void **state)
{
	struct fixture *f = *state;
	struct tui *t = &f->tui;
	LINES = 24; /* the layout the keys scroll through: an ordinary window */
	COLS = 80;
	type(t, "x1\n");
	type(t, f->token);
	type(t, "\n");
	struct sheet *sh = &f->session.resp.sheet;
	/* Enter with nothing highlighted asks for a choice and answers nothing. */
	assert_int_equal(t->option, 0);
	screen_question_key(t, TUI_KEY_ENTER);
	assert_int_equal(t->notice, MSG_CHOOSE_FIRST);
	assert_int_equal(sheet_get(sh, 0), '0');
	/* Down, Down, Enter: the second choice. */
	screen_question_key(t, KEY_DOWN);
	screen_question_key(t, KEY_DOWN);
	assert_int_equal(t->option, 2);
	screen_question_key(t, KEY_ENTER);
	assert_int_equal(sheet_get(sh, 0), '2');
	assert_int_equal(sh->cursor, 1);
	/* Down stops at the third choice; Up goes back. */
	for (int i = 0; i < 5; i++)
		screen_question_key(t, KEY_DOWN);
	assert_int_equal(t->option, 3);
	screen_question_key(t, KEY_UP);
	assert_int_equal(t->option, 2);
	/* A full-width ３ from an input method answers like 3; other characters do nothing. */
	assert_int_equal(tui_key_of(0xFF13, false), '3');
	assert_int_equal(tui_key_of(0xFF51, false), 'q');
	assert_int_equal(tui_key_of(0x3042, false), TUI_KEY_OTHER);
	assert_int_equal(tui_key_of(0x102, false), TUI_KEY_OTHER); /* a character, not KEY_DOWN */
	assert_int_equal(tui_key_of(KEY_DOWN, true), KEY_DOWN);
	screen_question_key(t, tui_key_of(0x3042, false));
	assert_int_equal(sh->cursor, 1);
	screen_question_key(t, tui_key_of(0xFF13, false));
	assert_int_equal(sheet_get(sh, 1), '3');
	assert_int_equal(sh->cursor, 2);
	/* Back on an answered item its answer is highlighted: Enter keeps it. */
	screen_question_key(t, KEY_LEFT);
	assert_int_equal(sh->cursor, 1);
	assert_int_equal(t->option, 3);
	screen_question_key(t, TUI_KEY_RETURN);
	assert_int_equal(sheet_get(sh, 1), '3');
	assert_int_equal(sh->cursor, 2);
	/* A short question at 80 columns does not scroll. */
	screen_question_key(t, KEY_NPAGE);
	assert_int_equal(t->scroll, 0);
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(f->session.store, "SELECT answers FROM response", &st), 0);
	assert_int_equal(store_step(f->session.store, st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "230");
	sqlite3_finalize(st);
}

int main(void)
{
	diag_set_program("test_screens");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_review_submit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_year_refuses_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_as_typed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
