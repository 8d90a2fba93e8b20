/* Unit tests for the focused inspection's screens and their state (survey/sysanswer,
 * screen_systems, screen_system), without a terminal: keys change plain state and the store,
 * which is checked directly. */
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
#include "survey/syscreen.h"
#include "survey/systems.h"

static const char *const questionnaire =
	"format: selfcheck-questionnaire/1\n"
	"id: unit\n"
	"fiscal_year: 2026\n"
	"title: {ja: 点検, en: Check}\n"
	"categories:\n"
	"  - {code: info, ja: 情報, en: Information}\n"
	"items:\n"
	"  - {id: S-01, roles: [staff], category: info, clause: '1', question: {ja: 一, en: one}, explanation: {ja: 説, en: ex}}\n"
	"inspection:\n"
	"  reference_date: 2026-12-01\n"
	"  kinds:\n"
	"    - {code: web_server, ja: 公開ウェブサーバ, en: Web servers}\n"
	"    - {code: mail_domain, ja: ドメイン, en: Mail domains}\n"
	"  groups: [{code: dos, ja: サービス不能攻撃対策, en: DoS}]\n"
	"  topics: [{code: t, ja: 題, en: Topic, reason: {ja: 理由, en: Reason}}]\n"
	"  items:\n"
	"    - {id: W-01, kind: web_server, topic: t, clause: '7.1', name: {ja: 一, en: W one}, question: {ja: 問, en: Q1}, explanation: {ja: 説, en: E}}\n"
	"    - {id: D-01, kind: mail_domain, topic: t, clause: '6.2', name: {ja: 二, en: D one}, question: {ja: 問, en: Q2}, explanation: {ja: 説, en: E}}\n"
	"    - {id: W-02, kind: web_server, topic: t, group: dos, clause: '7.2', name: {ja: 三, en: W two}, question: {ja: 問, en: Q3}, explanation: {ja: 説, en: E}}\n";

struct fixture {
	char dir[64];
	char systems[128];
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
	snprintf(f->dir, sizeof f->dir, "/tmp/test_syscreens.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char qpath[128], rpath[128], db[128];
	snprintf(qpath, sizeof qpath, "%s/q.yaml", f->dir);
	snprintf(rpath, sizeof rpath, "%s/roster.csv", f->dir);
	snprintf(f->systems, sizeof f->systems, "%s/systems.csv", f->dir);
	snprintf(db, sizeof db, "%s/m.db", f->dir);
	write_file(qpath, questionnaire);
	write_file(rpath, "person_id,name,unit,role,status\nx1,甲,局,staff,active\nx2,乙,局,staff,active\n");
	write_file(f->systems, "system_id,name,kind,unit,officer,status\n"
			       "WEB2,第二,web_server,局,x1,active\nDOM,ドメイン,mail_domain,局,x1,active\n"
			       "WEB1,第一,公開ウェブサーバ,局,x1,active\nOLD,旧,web_server,局,x1,excluded\n"
			       "OTHER,他,web_server,局,x2,active\n");
	FILE *devnull = freopen("/dev/null", "w", stdout);
	(void)devnull;
	struct session *s = &f->session;
	s->fiscal_year = 2026;
	s->lang = "en";
	s->title = xstrdup("Check");
	if (collect_init(db, "org", "省", 2026, qpath, false) || store_open(db, STORE_EXISTING, &s->store) ||
	    roster_import(s->store, 2026, rpath, &(struct roster_options){0}) ||
	    systems_import(s->store, 2026, f->systems, &(struct systems_options){0}) ||
	    store_year_quest(s->store, 2026, &s->quest) != 1)
		return -1;
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	if (collect_tokens(s->store, 2026, &(struct collect_tokens_options){.persons = (const char *[]){"x1"},
									    .person_count = 1}, out))
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
	tui_systems_free(&f->tui);
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

static void press(struct tui *t, int key)
{
	t->notice = MSG_COUNT;
	switch (t->screen) {
	case SCREEN_LOGIN: screen_login_key(t, key); break;
	case SCREEN_QUESTION: screen_question_key(t, key); break;
	case SCREEN_REVIEW: screen_review_key(t, key); break;
	case SCREEN_RECEIPT: screen_receipt_key(t, key); break;
	case SCREEN_SYSTEMS: screen_systems_key(t, key); break;
	case SCREEN_SYSTEM: screen_system_key(t, key); break;
	}
}

static void type(struct tui *t, const char *text)
{
	for (const char *p = text; *p; p++)
		press(t, (unsigned char)*p);
}

static void login(struct fixture *f)
{
	type(&f->tui, "x1\n");
	type(&f->tui, f->token);
	type(&f->tui, "\n");
}

static const char *stored(struct fixture *f, const char *system, int *complete)
{
	static char answers[32];
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(f->session.store, "SELECT answers, submitted_at IS NOT NULL, answered_by"
			 " FROM system_response WHERE system_id = ?1", &st), 0);
	sqlite3_bind_text(st, 1, system, -1, SQLITE_STATIC);
	answers[0] = '\0';
	*complete = -1;
	if (store_step(f->session.store, st) == SQLITE_ROW) {
		snprintf(answers, sizeof answers, "%s", (const char *)sqlite3_column_text(st, 0));
		*complete = sqlite3_column_int(st, 1);
		assert_string_equal((const char *)sqlite3_column_text(st, 2), "x1");
	}
	sqlite3_finalize(st);
	return answers;
}

/* After login the officer picks among their own sheet and their counted systems (by kind, then
 * id; not the excluded one nor another officer's); the first system to answer is chosen. */
static void test_picker_lists_the_officers_systems(void **state)
{
	struct fixture *f = *state;
	struct tui *t = &f->tui;
	login(f);
	assert_int_equal(t->screen, SCREEN_SYSTEMS);
	const struct sysanswer *a = &t->systems->answers;
	assert_int_equal(a->count, 3);
	assert_string_equal(a->systems[0].id, "WEB1");
	assert_string_equal(a->systems[1].id, "WEB2");
	assert_string_equal(a->systems[2].id, "DOM");
	assert_int_equal(sysanswer_items(a, &a->systems[0]), 2);
	assert_string_equal(sysanswer_item(a, &a->systems[0], 1)->id, "W-02");
	assert_int_equal(t->systems->cursor, 1);
	/* row 0 is the person's own sheet */
	screen_systems_key(t, KEY_UP);
	screen_systems_key(t, KEY_UP);
	assert_int_equal(t->systems->cursor, 0);
	press(t, TUI_KEY_ENTER);
	assert_int_equal(t->screen, SCREEN_QUESTION);
}

/* Answers are stored one by one, by this officer; the last one makes the system count and
 * leads back to the picker. */
static void test_answering_a_system(void **state)
{
	struct fixture *f = *state;
	struct tui *t = &f->tui;
	login(f);
	press(t, TUI_KEY_ENTER);             /* WEB1 */
	assert_int_equal(t->screen, SCREEN_SYSTEM);
	struct sysanswer_system *y = &t->systems->answers.systems[0];
	assert_int_equal(y->cursor, 0);
	type(t, "2");
	int complete;
	assert_string_equal(stored(f, "WEB1", &complete), "20");
	assert_int_equal(complete, 0);
	assert_int_equal(y->cursor, 1);
	type(t, "?");
	assert_true(t->systems->explain);
	type(t, "?b3");                      /* back: change W-01 to not applicable */
	assert_string_equal(stored(f, "WEB1", &complete), "30");
	type(t, "1");
	assert_string_equal(stored(f, "WEB1", &complete), "31");
	assert_int_equal(complete, 1);
	assert_int_equal(t->screen, SCREEN_SYSTEMS);
	assert_int_equal(t->systems->notice, SYSMSG_SYSTEM_DONE);
	/* a later visit starts at the first item again; l goes back to the list */
	press(t, TUI_KEY_ENTER);
	assert_int_equal(t->screen, SCREEN_SYSTEM);
	assert_int_equal(y->cursor, 0);
	type(t, "l");
	assert_int_equal(t->screen, SCREEN_SYSTEMS);
	type(t, "q");
	assert_true(t->quit);
}

/* The roster changes under the officer: the answer is refused, the list reloaded. A closed year
 * refuses answers too, and the screen keeps what the store holds. */
static void test_refusals(void **state)
{
	struct fixture *f = *state;
	struct tui *t = &f->tui;
	login(f);
	screen_systems_key(t, KEY_DOWN);     /* WEB2 */
	press(t, TUI_KEY_ENTER);
	assert_string_equal(t->systems->answers.systems[t->systems->current].id, "WEB2");
	assert_int_equal(store_exec(f->session.store, "UPDATE system SET officer = 'x2' WHERE system_id = 'WEB2'"), 0);
	type(t, "1");
	assert_int_equal(t->screen, SCREEN_SYSTEMS);
	assert_int_equal(t->systems->notice, SYSMSG_NOT_YOURS);
	assert_int_equal(t->systems->answers.count, 2);
	int complete;
	assert_string_equal(stored(f, "WEB2", &complete), "");
	press(t, TUI_KEY_ENTER);             /* the first system again after the reload: WEB1 */
	assert_int_equal(collect_close(f->session.store, 2026), 0);
	type(t, "1");
	assert_int_equal(t->notice, MSG_CLOSED);
	assert_int_equal(t->systems->answers.systems[0].answers[0], '0');
	assert_int_equal(t->systems->answers.systems[0].cursor, 0);
}

int main(void)
{
	diag_set_program("test_syscreens");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_picker_lists_the_officers_systems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answering_a_system, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
