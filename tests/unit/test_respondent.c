/* Unit tests for survey/respondent, survey/roster and core/responses on a real store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/responses.h"
#include "core/store.h"
#include "survey/collect.h"
#include "survey/import.h"
#include "survey/respondent.h"
#include "survey/roster.h"

static const char *const questionnaire =
	"format: selfcheck-questionnaire/1\n"
	"id: unit\n"
	"fiscal_year: 2026\n"
	"title: {ja: 点検, en: Check}\n"
	"categories:\n"
	"  - {code: info, ja: 情報, en: Information}\n"
	"items:\n"
	"  - {id: S-01, roles: [staff, division_officer], category: info, clause: '1', question: {ja: 一, en: one}, explanation: {ja: 説, en: ex}}\n"
	"  - {id: S-02, roles: [staff], category: info, clause: '2', question: {ja: 二, en: two}, explanation: {ja: 説, en: ex}}\n";

static const char *const roster =
	"person_id,name,unit,role,status\n"
	"a1,甲,局/課,staff,active\n"
	"a1,甲,局/課,division_officer,active\n"
	"b2,乙,局,staff,active\n"
	"c3,丙,局,staff,excluded\n";

struct fixture {
	char dir[64];
	char db[128];
	struct store *store;
	struct quest *quest;
	char token_a1[32], token_b2[32];
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
	snprintf(f->dir, sizeof f->dir, "/tmp/test_respondent.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char qpath[128], rpath[128];
	snprintf(qpath, sizeof qpath, "%s/q.yaml", f->dir);
	snprintf(rpath, sizeof rpath, "%s/roster.csv", f->dir);
	snprintf(f->db, sizeof f->db, "%s/m.db", f->dir);
	write_file(qpath, questionnaire);
	write_file(rpath, roster);
	FILE *devnull = freopen("/dev/null", "w", stdout);
	(void)devnull;
	if (collect_init(f->db, "org", "省", 2026, qpath, false) || store_open(f->db, STORE_EXISTING, &f->store) ||
	    roster_import(f->store, 2026, rpath, &(struct roster_options){0}) || store_year_quest(f->store, 2026, &f->quest) != 1)
		return -1;
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	if (collect_tokens(f->store, 2026, &(struct collect_tokens_options){0}, out))
		return -1;
	fclose(out);
	/* Lines: person_id,name,unit,token */
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *token = strrchr(line, ',') + 1;
		if (strncmp(line, "a1,", 3) == 0)
			snprintf(f->token_a1, sizeof f->token_a1, "%s", token);
		if (strncmp(line, "b2,", 3) == 0)
			snprintf(f->token_b2, sizeof f->token_b2, "%s", token);
	}
	free(buf);
	*state = f;
	return f->token_a1[0] && f->token_b2[0] ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	quest_free(f->quest);
	store_close(f->store);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void test_login(void **state)
{
	struct fixture *f = *state;
	struct respondent r;
	assert_int_equal(respondent_login(f->store, 2026, f->quest, "a1", f->token_b2, &r), 0);
	assert_int_equal(respondent_login(f->store, 2026, f->quest, "zz", f->token_a1, &r), 0);
	assert_int_equal(respondent_login(f->store, 2026, f->quest, "a1", "", &r), 0);
	assert_int_equal(respondent_login(f->store, 2025, f->quest, "a1", f->token_a1, &r), 0);
	assert_int_equal(respondent_login(f->store, 2026, f->quest, "a1", f->token_a1, &r), 1);
	assert_string_equal(r.name, "甲");
	assert_string_equal(r.unit, "局/課");
	assert_int_equal(r.sheet.count, 3); /* division_officer S-01, staff S-01, S-02 */
	assert_int_equal(r.sheet.entries[0].role, ROLE_DIVISION_OFFICER);
	assert_null(r.submitted_at);
	respondent_release(&r);
}

static int count_rows(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(f->store, sql, &st), 0);
	assert_int_equal(store_step(f->store, st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

struct scan_seen {
	int rows, submitted, excluded;
	char answers[4][8];
};

/* Scans the year through core/responses.h; the excluded targets are counted apart. */
static int scan(struct fixture *f, int fiscal_year, struct scan_seen *seen)
{
	struct responses_scan *sc;
	assert_int_equal(responses_open(f->store->db, f->store, fiscal_year, RESPONSES_ALL, &sc), 0);
	assert_int_equal(responses_start(sc, NULL), 0);
	struct response_row row;
	int rc;
	while ((rc = responses_next(sc, &row)) == 1) {
		if (row.excluded) {
			seen->excluded++;
			continue;
		}
		if (seen->rows < 4)
			snprintf(seen->answers[seen->rows], sizeof seen->answers[0], "%s%s:%.*s", row.person_id,
				 row.role == ROLE_STAFF ? "s" : "d", (int)row.answers_len, row.answers ? row.answers : "");
		seen->rows++;
		seen->submitted += row.submitted;
	}
	responses_close(sc);
	return rc;
}

static void test_save_resume_submit_scan(void **state)
{
	struct fixture *f = *state;
	struct respondent r;
	assert_int_equal(respondent_login(f->store, 2026, f->quest, "a1", f->token_a1, &r), 1);
	sheet_set(&r.sheet, 0, '1');
	assert_int_equal(respondent_save(&r, 0), 0);
	sheet_set(&r.sheet, 2, '3');
	assert_int_equal(respondent_save(&r, 2), 0);
	respondent_release(&r);

	/* Logging in again restores the answers and resumes at the first unanswered item. */
	assert_int_equal(respondent_login(f->store, 2026, f->quest, "a1", f->token_a1, &r), 1);
	assert_int_equal(sheet_get(&r.sheet, 0), '1');
	assert_int_equal(sheet_get(&r.sheet, 1), '0');
	assert_int_equal(sheet_get(&r.sheet, 2), '3');
	assert_int_equal(r.sheet.cursor, 1);
	assert_int_equal(count_rows(f, "SELECT answered FROM response WHERE person_id = 'a1' AND role = 'staff'"), 1);

	/* The scan sees every active target, the excluded one not. */
	struct scan_seen seen = {0};
	assert_int_equal(scan(f, 2026, &seen), 0);
	assert_int_equal(seen.rows, 3);
	assert_int_equal(seen.excluded, 1);
	assert_int_equal(seen.submitted, 0);
	assert_string_equal(seen.answers[0], "a1d:1");
	assert_string_equal(seen.answers[1], "a1s:03");
	assert_string_equal(seen.answers[2], "b2s:");

	sheet_set(&r.sheet, 1, '2');
	assert_int_equal(respondent_save(&r, 1), 0);
	struct respondent_receipt receipt;
	assert_int_equal(respondent_submit(&r, &receipt), 0);
	assert_int_equal(receipt.answers, 3);
	assert_int_equal(strlen(receipt.digest), 16);
	assert_non_null(r.submitted_at);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(scan(f, 2026, &seen), 0);
	assert_int_equal(seen.submitted, 2);
	assert_string_equal(seen.answers[1], "a1s:23");
	assert_int_equal(count_rows(f, "SELECT count(*) FROM submission WHERE person_id = 'a1'"), 1);

	/* A change after the submission is taken and recorded with its time; the same answer
	 * again is no change. A new submission clears it and names the one it replaces. */
	assert_null(r.changed_at);
	sheet_set(&r.sheet, 1, '2');
	assert_int_equal(respondent_save(&r, 1), 0);
	assert_null(r.changed_at);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM response WHERE changed_after_submit_at IS NOT NULL"), 0);
	sheet_set(&r.sheet, 1, '1');
	assert_int_equal(respondent_save(&r, 1), 0);
	assert_non_null(r.changed_at);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM response WHERE person_id = 'a1' AND role = 'staff'"
				   " AND changed_after_submit_at IS NOT NULL AND answers = '13'"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM response WHERE person_id = 'a1' AND role = 'division_officer'"
				   " AND changed_after_submit_at IS NULL"), 1);
	char first[32];
	snprintf(first, sizeof first, "%s", r.submitted_at);
	struct respondent again;
	assert_int_equal(respondent_login(f->store, 2026, f->quest, "a1", f->token_a1, &again), 1);
	assert_non_null(again.changed_at);
	assert_string_equal(again.changed_at, r.changed_at);
	respondent_release(&again);
	assert_int_equal(respondent_submit(&r, &receipt), 0);
	assert_string_equal(receipt.previous_at, first);
	assert_null(r.changed_at);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM response WHERE changed_after_submit_at IS NOT NULL"), 0);
	sheet_set(&r.sheet, 1, '2');
	assert_int_equal(respondent_save(&r, 1), 0);

	/* After closing, saving and submitting are refused and nothing changes. */
	assert_int_equal(collect_close(f->store, 2026), 0);
	assert_int_equal(respondent_year_open(f->store, 2026), 0);
	sheet_set(&r.sheet, 1, '1');
	assert_int_equal(respondent_save(&r, 1), RESPONDENT_CLOSED);
	assert_int_equal(respondent_submit(&r, &receipt), RESPONDENT_CLOSED);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM response WHERE answers = '23'"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM submission"), 2);
	respondent_release(&r);
}

/* A year without targets yields none; a target of a role unknown to the catalogue stops the
 * scan with an error; one person's scan yields only theirs. */
static void test_scan_ends(void **state)
{
	struct fixture *f = *state;
	struct scan_seen seen = {0};
	assert_int_equal(scan(f, 2030, &seen), 0);
	assert_int_equal(seen.rows + seen.excluded, 0);

	struct responses_scan *sc;
	struct response_row row;
	assert_int_equal(responses_open(f->store->db, f->store, 2026, RESPONSES_PERSON, &sc), 0);
	assert_int_equal(responses_start(sc, "b2"), 0);
	assert_int_equal(responses_next(sc, &row), 1);
	assert_string_equal(row.person_id, "b2");
	assert_int_equal(responses_next(sc, &row), 0);
	responses_close(sc);

	assert_int_equal(sqlite3_exec(f->store->db, "UPDATE target SET role = 'nobody' WHERE person_id = 'b2'",
				      NULL, NULL, NULL), SQLITE_OK);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(scan(f, 2026, &seen), -1);
}

/* The level of syncing the connection has now. */
static int synchronous_now(struct fixture *f)
{
	return count_rows(f, "PRAGMA synchronous");
}

#define SYNC_NORMAL 1
#define SYNC_FULL 2

/* Every command's commit and the submission are made with synchronous = FULL (on the disk
 * before the command reports), a single answer's with NORMAL; the level is read back inside
 * each commit (store.commit_synchronous), and the connection is back at FULL after it. */
static void test_commit_durability(void **state)
{
	struct fixture *f = *state;
	char path[160];
	assert_int_equal(synchronous_now(f), SYNC_FULL);

	snprintf(path, sizeof path, "%s/roster.csv", f->dir);
	f->store->commit_synchronous = 0;
	assert_int_equal(roster_import(f->store, 2026, path, &(struct roster_options){0}), 0);
	assert_int_equal(f->store->commit_synchronous, SYNC_FULL);

	const char *who[] = {"b2"};
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	f->store->commit_synchronous = 0;
	assert_int_equal(collect_tokens(f->store, 2026, &(struct collect_tokens_options){.persons = who, .person_count = 1},
					out), 0);
	fclose(out);
	free(buf);
	assert_int_equal(f->store->commit_synchronous, SYNC_FULL);

	struct respondent r;
	assert_int_equal(respondent_login(f->store, 2026, f->quest, "a1", f->token_a1, &r), 1);
	for (size_t i = 0; i < r.sheet.count; i++) {
		sheet_set(&r.sheet, i, '1');
		f->store->commit_synchronous = 0;
		assert_int_equal(respondent_save(&r, i), 0);
		assert_int_equal(f->store->commit_synchronous, SYNC_NORMAL);
		assert_int_equal(synchronous_now(f), SYNC_FULL);
	}
	struct respondent_receipt receipt;
	f->store->commit_synchronous = 0;
	assert_int_equal(respondent_submit(&r, &receipt), 0);
	assert_int_equal(f->store->commit_synchronous, SYNC_FULL);

	snprintf(path, sizeof path, "%s/answers.csv", f->dir);
	write_file(path, "person_id,role,item,answer\nb2,staff,S-01,1\nb2,staff,S-02,2\n");
	struct import_result res;
	f->store->commit_synchronous = 0;
	assert_int_equal(import_answers(f->store, 2026, path, CSVREAD_UTF8, &res), 0);
	assert_int_equal(res.submitted, 1);
	assert_int_equal(f->store->commit_synchronous, SYNC_FULL);

	FILE *devnull = freopen("/dev/null", "w", stdout);
	(void)devnull;
	f->store->commit_synchronous = 0;
	assert_int_equal(collect_close(f->store, 2026), 0);
	assert_int_equal(f->store->commit_synchronous, SYNC_FULL);
	/* A refused answer rolls back, and the connection is back at FULL all the same. */
	assert_int_equal(respondent_save(&r, 0), RESPONDENT_CLOSED);
	assert_int_equal(synchronous_now(f), SYNC_FULL);
	f->store->commit_synchronous = 0;
	assert_int_equal(collect_reopen(f->store, 2026), 0);
	assert_int_equal(f->store->commit_synchronous, SYNC_FULL);
	respondent_release(&r);
}

static long long generation_now(struct fixture *f)
{
	long long g;
	assert_int_equal(store_answer_generation(f->store, 2026, &g, NULL), 0);
	return g;
}

/* Imports one answers file; returns how much it raised the change counter of the year. */
static long long import_raises(struct fixture *f, const char *csv)
{
	char path[160];
	snprintf(path, sizeof path, "%s/answers.csv", f->dir);
	write_file(path, csv);
	long long before = generation_now(f);
	struct import_result res;
	assert_int_equal(import_answers(f->store, 2026, path, CSVREAD_UTF8, &res), 0);
	return generation_now(f) - before;
}

/* An import is one change of the tally inputs however many rows it writes, and none when it
 * submits nothing and touches no submitted row. */
static void test_import_raises_counter_once(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(import_raises(f, "person_id,role,item,answer\nb2,staff,S-01,1\n"), 0);
	assert_int_equal(import_raises(f, "person_id,role,item,answer\nb2,staff,S-02,2\na1,staff,S-01,1\n"
				       "a1,staff,S-02,1\na1,division_officer,S-01,3\n"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM response WHERE submitted_at IS NOT NULL"), 3);
	/* The same file again changes nothing. */
	assert_int_equal(import_raises(f, "person_id,role,item,answer\nb2,staff,S-02,2\na1,staff,S-01,1\n"
				       "a1,staff,S-02,1\na1,division_officer,S-01,3\n"), 0);
	/* A submitted answer changed is a change. */
	assert_int_equal(import_raises(f, "person_id,role,item,answer\nb2,staff,S-02,1\n"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM submission"), 3);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), 13);
	assert_int_equal(count_rows(f, "PRAGMA foreign_keys"), 1);
}

/* Imports a roster; returns how much it raised the change counter of the year. */
static long long roster_raises(struct fixture *f, const char *csv)
{
	char path[160];
	snprintf(path, sizeof path, "%s/roster2.csv", f->dir);
	write_file(path, csv);
	long long before = generation_now(f);
	assert_int_equal(roster_import(f->store, 2026, path, &(struct roster_options){0}), 0);
	return generation_now(f) - before;
}

/* A roster import is one change when it touches targets or units, none for names only. */
static void test_roster_import_raises_counter_once(void **state)
{
	struct fixture *f = *state;
	FILE *devnull = freopen("/dev/null", "w", stdout);
	(void)devnull;
	assert_int_equal(roster_raises(f, roster), 0);
	assert_int_equal(roster_raises(f, "person_id,name,unit,role,status\n"
				       "a1,甲野,局/課,staff,active\na1,甲野,局/課,division_officer,active\n"), 0);
	assert_int_equal(roster_raises(f, "person_id,name,unit,role,status\n"
				       "a1,甲野,局/室,staff,active\na1,甲野,局/室,division_officer,active\n"), 1);
	assert_int_equal(roster_raises(f, "person_id,name,unit,role,status\n"
				       "d4,丁,局,staff,active\ne5,戊,局,staff,active\nc3,丙,局,staff,active\n"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM target WHERE excluded = 0"), 6);
}

static void test_roster_id_rules(void **state)
{
	(void)state;
	assert_null(roster_id_problem("p-001_A.b"));
	assert_non_null(roster_id_problem(""));
	assert_non_null(roster_id_problem("a b"));
	assert_non_null(roster_id_problem("a,b"));
	assert_non_null(roster_id_problem("職員"));
	char long_id[80];
	memset(long_id, 'x', 65);
	long_id[65] = '\0';
	assert_non_null(roster_id_problem(long_id));
	long_id[64] = '\0';
	assert_null(roster_id_problem(long_id));
}

int main(void)
{
	diag_set_program("test_respondent");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_resume_submit_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_durability, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_raises_counter_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roster_import_raises_counter_once, setup, teardown),
		cmocka_unit_test(test_roster_id_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
