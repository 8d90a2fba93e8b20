/* Unit tests for core/store: creation, pragmas, migrations, tallies, years, transactions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/inspection.h"
#include "core/quest.h"
#include "core/store.h"

static const char *const questionnaire =
	"format: selfcheck-questionnaire/1\n"
	"id: unit\n"
	"fiscal_year: 2024\n"
	"title: {ja: 点検, en: Check}\n"
	"categories:\n"
	"  - {code: info, ja: 情報, en: Information}\n"
	"items:\n"
	"  - {id: S-01, roles: [staff, division_officer], category: info, clause: '1', question: {ja: 一, en: one}, explanation: {ja: 説, en: ex}}\n"
	"  - {id: S-02, roles: [staff], category: info, clause: '2', question: {ja: 二, en: two}, explanation: {ja: 説, en: ex}}\n";

struct fixture {
	char dir[64];
	char path[128];
	struct quest *quest;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_store.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/store.db", f->dir);
	if (quest_load_buffer("unit.yaml", questionnaire, strlen(questionnaire), &f->quest))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	quest_free(f->quest);
	free(f);
	return 0;
}

static long long query_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(s, sql, &st), 0);
	assert_int_equal(store_step(s, st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void creates_private_wal_store(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &s), 0);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(query_int(s, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(query_int(s, "PRAGMA foreign_keys"), 1);
	sqlite3_stmt *stmt;
	assert_int_equal(store_prepare(s, "PRAGMA journal_mode", &stmt), 0);
	assert_int_equal(store_step(s, stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	store_close(s);
	/* reopening does not migrate again */
	assert_int_equal(store_open(f->path, STORE_EXISTING, &s), 0);
	assert_int_equal(query_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'tally_item'"), 1);
	store_close(s);
}

static void missing_and_foreign_files_are_errors(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	assert_int_equal(store_open(f->path, STORE_EXISTING, &s), -1);
	assert_null(s);
	char junk[160];
	snprintf(junk, sizeof junk, "%s/junk.db", f->dir);
	FILE *j = fopen(junk, "w");
	fputs("this is not a database, only some text long enough to look like a header\n", j);
	fclose(j);
	assert_int_equal(store_open(junk, STORE_EXISTING, &s), -1);
	fclose(stderr);
	stderr = saved;
}

static void newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &s), 0);
	assert_int_equal(store_exec(s, "PRAGMA user_version = 99"), 0);
	store_close(s);
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	assert_int_equal(store_open(f->path, STORE_EXISTING, &s), -1);
	fclose(stderr);
	stderr = saved;
}

static void readonly_open_migrates_an_older_store(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	/* a store as version 1 wrote it: the indexes of migration 2 are not there yet */
	assert_int_equal(store_create_at_version(f->path, 1), 0);
	assert_int_equal(store_open(f->path, STORE_READONLY, &s), 0);
	assert_int_equal(query_int(s, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(query_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'target_by_role'"), 1);
	assert_int_equal(query_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'activity'"), 1);
	assert_int_equal(query_int(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('system', 'system_response',"
				   " 'tally_system_kind', 'tally_inspection_item')"), 4);
	store_close(s);
}

static void tally_round_trip_and_replace(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &s), 0);
	struct org o = {.code = "env", .name = "環境省", .name_en = "Ministry of the Environment", .order = 20};
	struct tally *t = tally_new(&o, 2024, f->quest);
	struct tally_role *staff = tally_role_use(t, ROLE_STAFF);
	staff->targets = 100;
	staff->submitted = 98;
	staff->items[0] = (struct tally_counts){90, 5, 3};
	staff->items[1] = (struct tally_counts){97, 1, 0};
	struct tally_role *div = tally_role_use(t, ROLE_DIVISION_OFFICER);
	div->targets = 10;
	div->submitted = 10;
	div->items[0] = (struct tally_counts){10, 0, 0};
	assert_int_equal(tally_check(t, NULL), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_tally(s, t), 0);
	assert_int_equal(store_commit(s), 0);

	struct tally *back;
	assert_int_equal(store_load_tally(s, "env", 2024, f->quest, &back), 1);
	assert_string_equal(back->org.name, "環境省");
	assert_int_equal(back->org.order, 20);
	assert_true(back->roles[ROLE_STAFF].present);
	assert_false(back->roles[ROLE_CISO].present);
	assert_int_equal(back->roles[ROLE_STAFF].items[0].not_implemented, 5);
	assert_int_equal(back->roles[ROLE_STAFF].items[1].implemented, 97);
	assert_int_equal(back->roles[ROLE_DIVISION_OFFICER].submitted, 10);
	struct tally_group_sums sums;
	tally_group_sums(back, GROUP_ALL, &sums);
	assert_int_equal(sums.targets, 110);
	assert_int_equal(sums.answers.implemented, 197);
	tally_group_sums(back, GROUP_OFFICERS, &sums);
	assert_int_equal(sums.targets, 10);
	tally_free(back);

	/* storing again replaces the organisation-year whole */
	tally_free(t);
	t = tally_new(&o, 2024, f->quest);
	staff = tally_role_use(t, ROLE_STAFF);
	staff->targets = 50;
	staff->submitted = 50;
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_tally(s, t), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(query_int(s, "SELECT count(*) FROM tally_role"), 1);
	assert_int_equal(query_int(s, "SELECT count(*) FROM tally_item"), 2);
	assert_int_equal(query_int(s, "SELECT sum(implemented) FROM tally_item"), 0);

	struct tally **all;
	size_t n;
	assert_int_equal(store_load_tallies(s, 2024, f->quest, &all, &n), 0);
	assert_int_equal(n, 1);
	store_free_tallies(all, n);
	assert_int_equal(store_load_tallies(s, 2023, f->quest, &all, &n), 0);
	assert_int_equal(n, 0);
	store_free_tallies(all, n);
	tally_free(t);
	store_close(s);
}

/* The inspection counts go with the tally and are replaced with it; a system's counted state
 * raises the answers' change counter, as a person's does. */
static void inspection_tally_and_system_changes(void **state)
{
	struct fixture *f = *state;
	static const char inspection[] =
		"inspection:\n"
		"  reference_date: 2024-12-01\n"
		"  kinds: [{code: web_server, ja: 公開ウェブサーバ, en: Web servers}, {code: network, ja: ネットワーク等, en: Networks}]\n"
		"  topics: [{code: t, ja: 題, en: Topic, reason: {ja: 理由, en: Reason}}]\n"
		"  items:\n"
		"    - {id: W-01, kind: web_server, topic: t, clause: '7', name: {ja: 一, en: One}, question: {ja: 問, en: Q}, explanation: {ja: 説, en: E}}\n"
		"    - {id: N-01, kind: network, topic: t, clause: '7', name: {ja: 二, en: Two}, question: {ja: 問, en: Q}, explanation: {ja: 説, en: E}}\n";
	char *text = xasprintf("%s%s", questionnaire, inspection);
	struct quest *q;
	assert_int_equal(quest_load_buffer("unit.yaml", text, strlen(text), &q), 0);
	free(text);
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &s), 0);
	struct org o = {.code = "moj", .name = "法務省"};
	struct tally *t = tally_new(&o, 2024, q);
	tally_role_use(t, ROLE_STAFF)->targets = 3;
	struct tally_inspection *ti = tally_inspection_use(t);
	snprintf(ti->reference_date, sizeof ti->reference_date, "2024-12-01");
	ti->kind_present[0] = true;
	ti->systems[0] = 12;
	ti->items[0] = (struct tally_counts){10, 1, 1};
	assert_int_equal(tally_check(t, NULL), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_tally(s, t), 0);
	assert_int_equal(store_commit(s), 0);
	struct tally *back;
	assert_int_equal(store_load_tally(s, "moj", 2024, q, &back), 1);
	assert_true(back->inspection.present);
	assert_string_equal(back->inspection.reference_date, "2024-12-01");
	assert_true(back->inspection.kind_present[0]);
	assert_false(back->inspection.kind_present[1]);
	assert_int_equal(back->inspection.systems[0], 12);
	assert_int_equal(back->inspection.items[0].not_implemented, 1);
	tally_free(back);
	/* the rule: answers above the systems of the item's kind */
	ti->items[0].implemented = 11;
	assert_int_equal(tally_check(t, NULL), -1);
	/* replaced by a tally without the section: nothing of it stays */
	tally_free(t);
	t = tally_new(&o, 2024, q);
	tally_role_use(t, ROLE_STAFF)->targets = 3;
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_tally(s, t), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(query_int(s, "SELECT count(*) FROM tally_system_kind"), 0);
	assert_int_equal(query_int(s, "SELECT count(*) FROM tally_inspection_item"), 0);
	assert_int_equal(store_load_tally(s, "moj", 2024, q, &back), 1);
	assert_false(back->inspection.present);
	tally_free(back);
	tally_free(t);
	/* the change counter: a system added, an unsubmitted answer (no change), a completed one,
	 * a change of kind, an exclusion */
	assert_int_equal(store_put_quest(s, q), 0);
	assert_int_equal(store_put_year(s, 2024, q->digest, "moj"), 0);
	long long g0, g;
	assert_int_equal(store_answer_generation(s, 2024, &g0, NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO system(fiscal_year, system_id, name, kind, unit, officer)"
				     " VALUES (2024, 'W1', 'web', 'web_server', '局', 'p1')"), 0);
	assert_int_equal(store_answer_generation(s, 2024, &g, NULL), 0);
	assert_int_equal(g, g0 + 1);
	assert_int_equal(store_exec(s, "INSERT INTO system_response(fiscal_year, system_id, answers, answered, updated_at)"
				     " VALUES (2024, 'W1', '1', 1, 'x')"), 0);
	assert_int_equal(store_answer_generation(s, 2024, &g, NULL), 0);
	assert_int_equal(g, g0 + 1);
	assert_int_equal(store_exec(s, "UPDATE system_response SET submitted_at = 'x' WHERE system_id = 'W1'"), 0);
	assert_int_equal(store_exec(s, "UPDATE system SET kind = 'network' WHERE system_id = 'W1'"), 0);
	assert_int_equal(store_exec(s, "UPDATE system SET excluded = 1 WHERE system_id = 'W1'"), 0);
	assert_int_equal(store_exec(s, "UPDATE system SET name = 'renamed' WHERE system_id = 'W1'"), 0);
	assert_int_equal(store_answer_generation(s, 2024, &g, NULL), 0);
	assert_int_equal(g, g0 + 4);
	/* deleting a system takes its answers with it */
	assert_int_equal(store_exec(s, "DELETE FROM system WHERE system_id = 'W1'"), 0);
	assert_int_equal(query_int(s, "SELECT count(*) FROM system_response"), 0);
	store_close(s);
	quest_free(q);
}

static void rollback_leaves_store_unchanged(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &s), 0);
	struct org o = {.code = "cas", .name = "内閣官房", .order = 1};
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_org(s, &o), 0);
	store_rollback(s);
	struct org back;
	assert_int_equal(store_get_org(s, "cas", &back), 0);
	store_close(s);
}

static void years_and_questionnaires(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &s), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_quest(s, f->quest), 0);
	assert_int_equal(store_put_quest(s, f->quest), 0); /* idempotent */
	assert_int_equal(store_put_year(s, 2024, f->quest->digest, NULL), 0);
	assert_int_equal(store_commit(s), 0);
	struct quest *q;
	assert_int_equal(store_year_quest(s, 2024, &q), 1);
	assert_string_equal(q->digest, f->quest->digest);
	assert_int_equal(q->item_count, 2);
	quest_free(q);
	assert_int_equal(store_year_quest(s, 2030, &q), 0);
	struct store_year y;
	assert_int_equal(store_get_year(s, 2024, &y), 1);
	assert_null(y.closed_at);
	store_year_release(&y);
	assert_int_equal(store_close_year(s, 2024), 0);
	assert_int_equal(store_get_year(s, 2024, &y), 1);
	assert_non_null(y.closed_at);
	store_year_release(&y);
	store_close(s);
}

static void readonly_refuses_writes(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &s), 0);
	store_close(s);
	assert_int_equal(store_open(f->path, STORE_READONLY, &s), 0);
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	struct org o = {.code = "x", .name = "x"};
	assert_int_equal(store_put_org(s, &o), -1);
	fclose(stderr);
	stderr = saved;
	store_close(s);
}

/* Number of entries of dir other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void new_store_appears_at_commit(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	/* A command that fails before its commit leaves nothing behind. */
	assert_int_equal(store_open(f->path, STORE_CREATE_ON_COMMIT, &s), 0);
	assert_int_not_equal(access(f->path, F_OK), 0);
	assert_int_equal(store_begin(s), 0);
	struct org o = {.code = "x", .name = "x"};
	assert_int_equal(store_put_org(s, &o), 0);
	store_rollback(s);
	store_close(s);
	assert_int_equal(entries(f->dir), 0);
	/* One that commits finds its store in place, complete, private, and still open. */
	assert_int_equal(store_open(f->path, STORE_CREATE_ON_COMMIT, &s), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_org(s, &o), 0);
	assert_int_equal(store_commit(s), 0);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(query_int(s, "SELECT count(*) FROM organization"), 1);
	store_close(s);
	assert_int_equal(entries(f->dir), 1);
	assert_int_equal(store_open(f->path, STORE_READONLY, &s), 0);
	assert_int_equal(query_int(s, "SELECT count(*) FROM organization"), 1);
	store_close(s);
}

static void busy_wait_is_bounded(void **state)
{
	struct fixture *f = *state;
	struct store *holder, *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &holder), 0);
	assert_int_equal(store_open(f->path, STORE_EXISTING, &s), 0);
	assert_int_equal(store_begin(holder), 0);
	store_set_busy_limit(s, 300);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	assert_int_equal(store_begin(s), -1);
	fclose(stderr);
	stderr = saved;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(waited >= 0.25 && waited < 5);
	/* Once the lock is free the same store works. */
	store_rollback(holder);
	assert_int_equal(store_begin(s), 0);
	store_rollback(s);
	store_close(s);
	store_close(holder);
}

/* Every trigger's definition, in name order. Free the result. */
static char *triggers(struct store *s)
{
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(s, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master"
				          " WHERE type = 'trigger' ORDER BY name)", &st), 0);
	assert_int_equal(store_step(s, st), SQLITE_ROW);
	char *text = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return text;
}

static long long generation(struct store *s)
{
	long long g;
	assert_int_equal(store_answer_generation(s, 2024, &g, NULL), 0);
	return g;
}

/* Outside a batch every change of a target, a submitted response or a person's unit raises
 * the year's counter; inside one, nothing does until the batch ends and says it changed
 * something (once), and the triggers are back as they were; a rollback ends the batch with
 * the transaction. */
static void batch_write_raises_the_counter_once(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_CREATE, &s), 0);
	struct org o = {.code = "env", .name = "環境省"};
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_org(s, &o), 0);
	assert_int_equal(store_put_quest(s, f->quest), 0);
	assert_int_equal(store_put_year(s, 2024, f->quest->digest, "env"), 0);
	assert_int_equal(store_exec(s, "INSERT INTO person(fiscal_year, person_id, name, unit) VALUES"
				       " (2024, 'a', '甲', '局'), (2024, 'b', '乙', '局'), (2024, 'c', '丙', '局')"), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(generation(s), 0);
	assert_int_equal(store_exec(s, "INSERT INTO target(fiscal_year, person_id, role) VALUES (2024, 'a', 'staff')"), 0);
	assert_int_equal(generation(s), 1);
	char *before = triggers(s);

	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_batch_begin(s, 2024), 0);
	assert_int_equal(store_exec(s, "INSERT INTO target(fiscal_year, person_id, role) VALUES"
				       " (2024, 'b', 'staff'), (2024, 'c', 'staff')"), 0);
	assert_int_equal(store_exec(s, "INSERT INTO response(fiscal_year, person_id, role, answers, answered,"
				       " updated_at, submitted_at) VALUES (2024, 'a', 'staff', '11', 2, 'now', 'now'),"
				       " (2024, 'b', 'staff', '12', 2, 'now', 'now')"), 0);
	assert_int_equal(store_exec(s, "UPDATE person SET unit = '課' WHERE person_id = 'c'"), 0);
	assert_int_equal(generation(s), 1);
	assert_int_equal(store_batch_end(s, true), 0);
	assert_int_equal(generation(s), 2);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(generation(s), 2);
	char *after = triggers(s);
	assert_string_equal(after, before);
	free(after);

	/* A batch that says it changed nothing leaves the counter. */
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_batch_begin(s, 2024), 0);
	assert_int_equal(store_batch_end(s, false), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(generation(s), 2);

	/* A rollback ends the batch: the triggers count again. */
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_batch_begin(s, 2024), 0);
	store_rollback(s);
	assert_int_equal(s->batch_year, 0);
	assert_null(s->batch_triggers);
	after = triggers(s);
	assert_string_equal(after, before);
	free(after);
	free(before);
	assert_int_equal(store_exec(s, "UPDATE response SET answers = '22' WHERE person_id = 'b'"), 0);
	assert_int_equal(generation(s), 3);

	/* A person moving to another unit changes what the tally covers; the same unit does not. */
	assert_int_equal(store_exec(s, "UPDATE person SET unit = '課' WHERE person_id = 'a'"), 0);
	assert_int_equal(generation(s), 4);
	assert_int_equal(store_exec(s, "UPDATE person SET unit = '課', name = '甲野' WHERE person_id = 'a'"), 0);
	assert_int_equal(generation(s), 4);
	/* An answer in progress (not submitted) is no change of the tally inputs. */
	assert_int_equal(store_exec(s, "INSERT INTO response(fiscal_year, person_id, role, answers, answered,"
				       " updated_at) VALUES (2024, 'c', 'staff', '10', 1, 'now')"), 0);
	assert_int_equal(generation(s), 4);
	store_close(s);
}

/* A store of version 5 gets the trigger on units and the tables of unit counts, and counts on
 * from where it was. */
static void migration_6_keeps_the_counter(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_create_at_version(f->path, 5), 0);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO answer_change VALUES (2024, 7, '2024-10-01T00:00:00Z')", NULL,
				      NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	struct store *s;
	assert_int_equal(store_open(f->path, STORE_EXISTING, &s), 0);
	/* migrated through 6 and on (7: choice items) */
	assert_int_equal(query_int(s, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(generation(s), 7);
	assert_int_equal(query_int(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('tally_choice', 'history_choice')"), 2);
	assert_int_equal(query_int(s, "SELECT count(*) FROM pragma_table_info('organization') WHERE name IN ('kind', 'supervisor')"), 2);
	assert_int_equal(query_int(s, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), 13);
	assert_int_equal(query_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'answer_change_person_unit'"), 1);
	assert_int_equal(query_int(s, "SELECT count(*) FROM sqlite_master WHERE name IN"
				      " ('tally_unit', 'tally_unit_role', 'tally_pending')"), 3);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(creates_private_wal_store, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_and_foreign_files_are_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(readonly_open_migrates_an_older_store, setup, teardown),
		cmocka_unit_test_setup_teardown(tally_round_trip_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(inspection_tally_and_system_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_leaves_store_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(years_and_questionnaires, setup, teardown),
		cmocka_unit_test_setup_teardown(readonly_refuses_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(new_store_appears_at_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(busy_wait_is_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(batch_write_raises_the_counter_once, setup, teardown),
		cmocka_unit_test_setup_teardown(migration_6_keeps_the_counter, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
