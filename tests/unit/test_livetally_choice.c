/* Unit tests for core/livetally with choice items: a store whose questionnaire has single and
 * multiple choices, options that stand alone, an item without implemented options and an item
 * asked only under a condition, changed through the write paths themselves (answers and
 * submissions of a respondent, imports, roster imports, close and reopen). After each step
 * the counts kept equal a recount (the comparison 'aggregator tally --verify' makes) and the
 * values worked out by hand; then random changes, each kept and compared with a recount. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregator/tallyverify.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/livetally.h"
#include "core/store.h"
#include "core/text.h"
#include "survey/collect.h"
#include "random_change.h"
#include "survey/import.h"
#include "survey/respondent.h"
#include "survey/roster.h"

/* Staff's sheet: C-01, C-02 (asked when C-01 is option 1), Y-01, C-03. The division
 * officer's: C-01, C-03, C-04 (no option counts as implemented). */
static const char *const questionnaire =
	"format: selfcheck-questionnaire/1\n"
	"id: choice-kept\n"
	"fiscal_year: 2026\n"
	"title: {ja: 選択式, en: Choices}\n"
	"categories:\n"
	"  - {code: p, ja: 方針, en: Policy}\n"
	"items:\n"
	"  - id: C-01\n"
	"    roles: [staff, division_officer]\n"
	"    category: p\n"
	"    clause: '1'\n"
	"    question: {ja: 一, en: one}\n"
	"    explanation: {ja: 説, en: ex}\n"
	"    choice:\n"
	"      options:\n"
	"        - {ja: 定めている, en: Laid down, implemented: true}\n"
	"        - {ja: 作成中, en: Being drafted}\n"
	"        - {ja: 予定なし, en: No plan}\n"
	"  - id: C-02\n"
	"    roles: [staff]\n"
	"    category: p\n"
	"    clause: '2'\n"
	"    question: {ja: 二, en: two}\n"
	"    explanation: {ja: 説, en: ex}\n"
	"    choice:\n"
	"      options:\n"
	"        - {ja: 定期的に, en: On a schedule, implemented: true}\n"
	"        - {ja: 随時, en: As needed, implemented: true}\n"
	"        - {ja: 見直していない, en: Not reviewed}\n"
	"      ask_if: {item: C-01, options: [1]}\n"
	"  - {id: Y-01, roles: [staff], category: p, clause: '3', question: {ja: 三, en: three}, explanation: {ja: 説, en: ex}}\n"
	"  - id: C-03\n"
	"    roles: [staff, division_officer]\n"
	"    category: p\n"
	"    clause: '4'\n"
	"    question: {ja: 四, en: four}\n"
	"    explanation: {ja: 説, en: ex}\n"
	"    choice:\n"
	"      multiple: true\n"
	"      options:\n"
	"        - {ja: メール, en: E-mail, implemented: true}\n"
	"        - {ja: 掲示板, en: Notice board, implemented: true}\n"
	"        - {ja: 研修, en: Training, implemented: true}\n"
	"        - {ja: 伝えていない, en: Not told, alone: true}\n"
	"  - id: C-04\n"
	"    roles: [division_officer]\n"
	"    category: p\n"
	"    clause: '5'\n"
	"    question: {ja: 五, en: five}\n"
	"    explanation: {ja: 説, en: ex}\n"
	"    choice:\n"
	"      multiple: true\n"
	"      options:\n"
	"        - {ja: 甲, en: A}\n"
	"        - {ja: 乙, en: B}\n"
	"        - {ja: なし, en: None, alone: true}\n";

static const char *const roster =
	"person_id,name,unit,role,status\n"
	"a1,甲,局/課,staff,active\n"
	"a1,甲,局/課,division_officer,active\n"
	"b2,乙,局,staff,active\n"
	"c3,丙,局,staff,active\n";

struct fx {
	char dir[64], db[128], path[160];
	struct store *s;
	struct quest *q;
	char token_a1[32], token_b2[32];
	FILE *sink;
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* f->path: the file name in the fixture's directory. */
static const char *fx_file(struct fx *f, const char *name)
{
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
	return f->path;
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_livetally_choice.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/m.db", f->dir);
	write_file(fx_file(f, "q.yaml"), questionnaire);
	if (!freopen("/dev/null", "w", stdout))
		return -1;
	if (collect_init(f->db, "org", "省", 2026, fx_file(f, "q.yaml"), false) ||
	    store_open(f->db, STORE_EXISTING, &f->s) || store_year_quest(f->s, 2026, &f->q) != 1)
		return -1;
	f->sink = fopen("/dev/null", "w");
	*state = f;
	return f->sink ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	fclose(f->sink);
	quest_free(f->q);
	store_close(f->s);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void import_roster(struct fx *f, const char *text, bool replace)
{
	write_file(fx_file(f, "roster.csv"), text);
	assert_int_equal(roster_import(f->s, 2026, f->path, &(struct roster_options){.replace = replace}), 0);
}

static void import_answers_text(struct fx *f, const char *text)
{
	write_file(fx_file(f, "answers.csv"), text);
	struct import_result res;
	assert_int_equal(import_answers(f->s, 2026, f->path, CSVREAD_UTF8, &res), 0);
}

static void read_tokens(struct fx *f)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	assert_int_equal(collect_tokens(f->s, 2026, &(struct collect_tokens_options){0}, out), 0);
	fclose(out);
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *token = strrchr(line, ',') + 1;
		if (strncmp(line, "a1,", 3) == 0)
			snprintf(f->token_a1, sizeof f->token_a1, "%s", token);
		if (strncmp(line, "b2,", 3) == 0)
			snprintf(f->token_b2, sizeof f->token_b2, "%s", token);
	}
	free(buf);
	assert_true(f->token_a1[0] && f->token_b2[0]);
}

/* The counts kept are current, and equal a recount. */
static void assert_kept_equal_recount(struct fx *f)
{
	bool current;
	assert_int_equal(livetally_is_current(f->s, 2026, &current), 0);
	assert_true(current);
	assert_int_equal(tallyverify_run(f->s, 2026, f->sink), 0);
}

/* The kept choice counts of item on role's sheet: respondents, then each option's count. */
static void assert_choice(struct fx *f, enum role role, const char *item, uint64_t respondents,
			  const uint64_t *options)
{
	struct tally *t;
	assert_int_equal(store_load_kept_tally(f->s, "org", 2026, f->q, &t), 1);
	long idx = quest_find_item(f->q, item);
	assert_true(idx >= 0);
	long pos = quest_sheet_position(f->q, role, (size_t)idx);
	assert_true(pos >= 0);
	assert_true(t->roles[role].present);
	const struct tally_choice *tc = &t->roles[role].choices[pos];
	const struct choice *c = f->q->items[idx].choice;
	assert_int_equal(tc->respondents, respondents);
	uint64_t n = 0;
	for (size_t o = 0; o < c->option_count; o++) {
		assert_int_equal(tc->options[o], options[o]);
		n += options[o];
	}
	/* N: a single choice's respondents, a multiple choice's answers. */
	assert_int_equal(choice_n(tc, c->option_count), n);
	if (!c->multiple)
		assert_int_equal(n, respondents);
	tally_free(t);
}
#define CHOICE(f, role, item, respondents, ...) assert_choice(f, role, item, respondents, (const uint64_t[]){__VA_ARGS__})

/* The kept implemented and not implemented counts of item on role's sheet. */
static void assert_counts(struct fx *f, enum role role, const char *item, uint64_t implemented,
			  uint64_t not_implemented)
{
	struct tally *t;
	assert_int_equal(store_load_kept_tally(f->s, "org", 2026, f->q, &t), 1);
	long pos = quest_sheet_position(f->q, role, (size_t)quest_find_item(f->q, item));
	assert_true(pos >= 0);
	assert_int_equal(t->roles[role].items[pos].implemented, implemented);
	assert_int_equal(t->roles[role].items[pos].not_implemented, not_implemented);
	assert_int_equal(t->roles[role].items[pos].not_applicable, 0);
	tally_free(t);
}

/* The sheet entry of item on role's sheet. */
static size_t entry(const struct respondent *r, enum role role, const char *item)
{
	long idx = quest_find_item(r->sheet.quest, item);
	for (size_t i = 0; i < r->sheet.count; i++)
		if (r->sheet.entries[i].role == role && (long)r->sheet.entries[i].item == idx)
			return i;
	fail_msg("no entry %s of %s", item, role_info(role)->code);
	return 0;
}

/* Answers item of role with the options of mask (a yes/no item: mask is the code), as the
 * questionnaire writes each answer as it is given. */
static void answer(struct respondent *r, enum role role, const char *item, unsigned mask)
{
	size_t i = entry(r, role, item);
	const struct choice *c = sheet_choice(&r->sheet, i);
	char code = c ? choice_encode(c, mask) : (char)mask;
	assert_true(code != 0);
	sheet_set(&r->sheet, i, code);
	assert_int_equal(respondent_save(r, i), 0);
}

static void submit(struct respondent *r)
{
	struct respondent_receipt receipt;
	assert_int_equal(respondent_submit(r, &receipt), 0);
}

#define O(k) (1u << ((k) - 1))

static void test_write_paths_kept(void **state)
{
	struct fx *f = *state;
	/* A store whose questionnaire has choice items keeps its counts: the writes find a keeper. */
	assert_int_equal(store_begin(f->s), 0);
	struct livetally *lt;
	assert_int_equal(livetally_begin(f->s, 2026, f->q, &lt), 0);
	assert_non_null(lt);
	livetally_free(lt);
	store_rollback(f->s);

	import_roster(f, roster, false);
	read_tokens(f);
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-01", 0, 0, 0, 0);
	CHOICE(f, ROLE_DIVISION_OFFICER, "C-04", 0, 0, 0, 0);

	/* An answer of a sheet not submitted counts nowhere. */
	struct respondent a1, b2;
	assert_int_equal(respondent_login(f->s, 2026, f->q, "a1", f->token_a1, &a1), 1);
	answer(&a1, ROLE_DIVISION_OFFICER, "C-01", O(1));
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_DIVISION_OFFICER, "C-01", 0, 0, 0, 0);

	/* a1 submits: C-02 not asked (C-01 is option 2), a multiple choice's "none" alone, an item
	 * without implemented options. */
	answer(&a1, ROLE_DIVISION_OFFICER, "C-03", O(1) | O(2));
	answer(&a1, ROLE_DIVISION_OFFICER, "C-04", O(3));
	answer(&a1, ROLE_STAFF, "C-01", O(2));
	answer(&a1, ROLE_STAFF, "Y-01", '1');
	answer(&a1, ROLE_STAFF, "C-03", O(4));
	submit(&a1);
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_DIVISION_OFFICER, "C-01", 1, 1, 0, 0);
	CHOICE(f, ROLE_DIVISION_OFFICER, "C-03", 1, 1, 1, 0, 0);      /* N 2 of 1 respondent */
	CHOICE(f, ROLE_DIVISION_OFFICER, "C-04", 1, 0, 0, 1);
	CHOICE(f, ROLE_STAFF, "C-01", 1, 0, 1, 0);
	CHOICE(f, ROLE_STAFF, "C-02", 0, 0, 0, 0);
	CHOICE(f, ROLE_STAFF, "C-03", 1, 0, 0, 0, 1);
	assert_counts(f, ROLE_DIVISION_OFFICER, "C-03", 1, 0);
	assert_counts(f, ROLE_DIVISION_OFFICER, "C-04", 0, 0);
	assert_counts(f, ROLE_STAFF, "C-01", 0, 1);
	assert_counts(f, ROLE_STAFF, "C-03", 0, 1);

	/* b2 submits with C-02 asked. */
	assert_int_equal(respondent_login(f->s, 2026, f->q, "b2", f->token_b2, &b2), 1);
	answer(&b2, ROLE_STAFF, "C-01", O(1));
	answer(&b2, ROLE_STAFF, "C-02", O(2));
	answer(&b2, ROLE_STAFF, "Y-01", '2');
	answer(&b2, ROLE_STAFF, "C-03", O(1) | O(3));
	submit(&b2);
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-01", 2, 1, 1, 0);
	CHOICE(f, ROLE_STAFF, "C-02", 1, 0, 1, 0);
	CHOICE(f, ROLE_STAFF, "C-03", 2, 1, 0, 1, 1);                 /* N 3 of 2 respondents */
	assert_counts(f, ROLE_STAFF, "C-02", 1, 0);
	assert_counts(f, ROLE_STAFF, "C-03", 1, 1);

	/* Changes after submission count at once: a1's condition met (C-02 still unanswered:
	 * nowhere), then answered. */
	answer(&a1, ROLE_STAFF, "C-01", O(1));
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-01", 2, 2, 0, 0);
	CHOICE(f, ROLE_STAFF, "C-02", 1, 0, 1, 0);
	answer(&a1, ROLE_STAFF, "C-02", O(1));
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-02", 2, 1, 1, 0);
	/* b2's condition no longer met: its answer of C-02 counts nowhere, though it is stored. */
	answer(&b2, ROLE_STAFF, "C-01", O(3));
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-01", 2, 1, 0, 1);
	CHOICE(f, ROLE_STAFF, "C-02", 1, 1, 0, 0);
	assert_counts(f, ROLE_STAFF, "C-01", 1, 1);
	assert_counts(f, ROLE_STAFF, "C-02", 1, 0);
	respondent_release(&a1);
	respondent_release(&b2);

	/* An import: c3 complete (submitted), a1's submitted C-04 changed. */
	static const char *const answers = "person_id,role,item,answer\n"
					   "c3,staff,C-01,1\nc3,staff,C-02,1\nc3,staff,Y-01,1\nc3,staff,C-03,\"1,2,3\"\n"
					   "a1,division_officer,C-04,\"1,2\"\n";
	import_answers_text(f, answers);
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-01", 3, 2, 0, 1);
	CHOICE(f, ROLE_STAFF, "C-02", 2, 2, 0, 0);
	CHOICE(f, ROLE_STAFF, "C-03", 3, 2, 1, 2, 1);
	CHOICE(f, ROLE_DIVISION_OFFICER, "C-04", 1, 1, 1, 0);
	assert_counts(f, ROLE_STAFF, "C-03", 2, 1);
	/* The same file again changes nothing. */
	import_answers_text(f, answers);
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-03", 3, 2, 1, 2, 1);

	/* A roster change: b2 excluded. */
	import_roster(f, "person_id,name,unit,role,status\n"
			 "a1,甲,局/課,staff,active\na1,甲,局/課,division_officer,active\n"
			 "b2,乙,局,staff,excluded\nc3,丙,局,staff,active\n", false);
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-01", 2, 2, 0, 0);
	CHOICE(f, ROLE_STAFF, "C-02", 2, 2, 0, 0);
	CHOICE(f, ROLE_STAFF, "C-03", 2, 1, 1, 1, 1);

	/* Close and reopen: the counts stay current. */
	assert_int_equal(collect_close(f->s, 2026), 0);
	assert_kept_equal_recount(f);
	assert_int_equal(collect_reopen(f->s, 2026), 0);
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-03", 2, 1, 1, 1, 1);

	/* The division officer's only target removed (a1 kept with answers, excluded): the role
	 * and its choice counts go. */
	import_roster(f, "person_id,name,unit,role,status\nc3,丙,局,staff,active\n", true);
	assert_kept_equal_recount(f);
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(f->s, "SELECT count(*) FROM tally_choice WHERE role = 'division_officer'", &st), 0);
	assert_int_equal(store_step(f->s, st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	CHOICE(f, ROLE_STAFF, "C-03", 1, 1, 1, 1, 0);
}

/* A choice count changed behind the store's back is a difference. */
static void test_verify_finds_choice_difference(void **state)
{
	struct fx *f = *state;
	import_roster(f, roster, false);
	import_answers_text(f, "person_id,role,item,answer\n"
			       "b2,staff,C-01,2\nb2,staff,Y-01,1\nb2,staff,C-03,\"2,3\"\n");
	assert_kept_equal_recount(f);
	CHOICE(f, ROLE_STAFF, "C-03", 1, 0, 1, 1, 0);
	assert_int_equal(store_exec(f->s, "UPDATE tally_choice SET options = '0,1,0,0' WHERE role = 'staff'"
				       " AND item = 'C-03'"), 0);
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	assert_int_equal(tallyverify_run(f->s, 2026, out), 1);
	fclose(out);
	assert_non_null(strstr(buf, "difference: organisation org, role staff, item C-03: option 3 kept 0, recount 1\n"));
	free(buf);
	assert_int_equal(store_exec(f->s, "UPDATE tally_choice SET respondents = 2 WHERE role = 'staff' AND item = 'C-01'"), 0);
	assert_int_equal(tallyverify_run(f->s, 2026, f->sink), 2);
}

/* ---- random changes ---- */

static const enum role roles[] = {ROLE_STAFF, ROLE_DIVISION_OFFICER};

/* A random answer code of item (index into q->items): unanswered now and then; a choice's
 * option, an option set or an option that stands alone; a yes/no code. */
static char random_code(const struct quest *q, size_t item, unsigned *seed)
{
	const struct choice *c = q->items[item].choice;
	if (rand_r(seed) % 6 == 0)
		return '0';
	if (!c)
		return (char)('1' + rand_r(seed) % 3);
	for (;;) {
		unsigned mask = c->multiple ? (unsigned)rand_r(seed) % (1u << c->option_count)
					    : 1u << (rand_r(seed) % c->option_count);
		char code = choice_encode(c, mask);
		if (code)
			return code;
	}
}

/* One random change of one person through the kept tally (as a respondent's write): a role's
 * answers (submitted or not), a role added, excluded or deleted, a move to another unit. */
static const struct random_changes changes = {2026, roles, sizeof roles / sizeof roles[0], 7, 3, random_code};

/* An import of random answers (option numbers) for a few targets counted now. */
static void random_import(struct fx *f, unsigned *seed)
{
	struct strbuf b;
	strbuf_init(&b);
	strbuf_addstr(&b, "person_id,role,item,answer\n");
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(f->s, "SELECT person_id, role FROM target WHERE fiscal_year = 2026"
					     " AND NOT excluded ORDER BY person_id, role LIMIT 6 OFFSET ?1", &st), 0);
	sqlite3_bind_int(st, 1, rand_r(seed) % 20);
	while (store_step(f->s, st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		enum role r = (enum role)role_from_code(code);
		for (size_t k = 0; k < f->q->role_item_count[r]; k++) {
			const struct quest_item *it = &f->q->items[f->q->role_items[r][k]];
			/* C-02 is left to the respondents: an answer while not asked is refused. */
			if (it->choice && it->choice->cond_item >= 0)
				continue;
			char c = random_code(f->q, f->q->role_items[r][k], seed);
			if (c == '0')
				continue;
			char text[64];
			if (it->choice)
				choice_format(choice_decode(it->choice, c), text, sizeof text);
			else
				snprintf(text, sizeof text, "%c", c);
			strbuf_addf(&b, "%s,%s,%s,\"%s\"\n", id, code, it->id, text);
		}
	}
	sqlite3_finalize(st);
	import_answers_text(f, b.buf);
	strbuf_release(&b);
}

/* A roster import: 24 people in random units, some staff excluded. */
static void random_roster(struct fx *f, unsigned *seed)
{
	struct strbuf b;
	strbuf_init(&b);
	strbuf_addstr(&b, "person_id,name,unit,role,status\n");
	for (int i = 0; i < 24; i++) {
		const char *status = rand_r(seed) % 5 == 0 ? "excluded" : "active";
		int unit = rand_r(seed) % 3;
		strbuf_addf(&b, "p%02d,n,u%d,staff,%s\n", i, unit, status);
		if (i % 3 == 0)
			strbuf_addf(&b, "p%02d,n,u%d,division_officer,active\n", i, unit);
	}
	import_roster(f, b.buf, false);
	strbuf_release(&b);
}

static void test_random_changes_kept(void **state)
{
	struct fx *f = *state;
	unsigned seed = 2026;
	random_roster(f, &seed);
	assert_kept_equal_recount(f);
	for (int step = 0; step < 240; step++) {
		if (step % 30 == 29) {
			random_roster(f, &seed);
			assert_kept_equal_recount(f);
		}
		if (step % 10 == 9) {
			random_import(f, &seed);
			assert_kept_equal_recount(f);
			continue;
		}
		char id[8];
		snprintf(id, sizeof id, "p%02d", rand_r(&seed) % 24);
		assert_int_equal(store_begin(f->s), 0);
		struct livetally *lt;
		assert_int_equal(livetally_begin(f->s, 2026, f->q, &lt), 0);
		assert_non_null(lt);
		struct livetally_person before, after;
		assert_int_equal(livetally_read(lt, id, &before), 1);
		char *sql = random_change(&changes, f->q, &seed, id);
		assert_int_equal(store_exec(f->s, sql), 0);
		free(sql);
		assert_int_equal(livetally_read(lt, id, &after), 1);
		assert_int_equal(livetally_change(lt, &before, &after), 0);
		livetally_person_release(&before);
		livetally_person_release(&after);
		assert_int_equal(livetally_commit(lt), 0);
		assert_int_equal(store_commit(f->s), 0);
		assert_kept_equal_recount(f);
	}
	/* Something was counted: the random answers reached the choice counts. */
	struct tally *t;
	assert_int_equal(store_load_kept_tally(f->s, "org", 2026, f->q, &t), 1);
	assert_true(t->roles[ROLE_STAFF].present);
	assert_true(t->roles[ROLE_STAFF].choices[0].respondents > 0);
	tally_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_paths_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_choice_difference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_changes_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
