/* Unit tests for aggregator/tallying: raw packed answers to tallies, units, non-respondents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregator/tallying.h"
#include "core/diag.h"
#include "ratetab_fixture.h"

struct fx {
	char dir[64], db[128];
	struct store *s;
	struct quest *q;
	struct org org;
};

static void exec(struct store *s, const char *sql)
{
	assert_int_equal(store_exec(s, sql), 0);
}

/* Sheets: division_officer answers O-01, O-02, S-02; staff S-01, S-02; system_admin Y-01. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_tallying.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/ministry.db", f->dir);
	f->q = fixture_quest();
	f->org = (struct org){.code = "mof", .name = "財務省"};
	if (store_open(f->db, STORE_CREATE, &f->s) || store_begin(f->s) || store_put_org(f->s, &f->org) ||
	    store_put_quest(f->s, f->q) || store_put_year(f->s, 2012, f->q->digest, "mof"))
		return -1;
	exec(f->s,
	     "INSERT INTO person(fiscal_year, person_id, name, unit, token_hash) VALUES (2012, 'p1', '一', '総務局', NULL), (2012, 'p2', '二', '総務局', NULL),"
	     " (2012, 'p3', '三', '主計局', NULL), (2012, 'p4', '四', '主計局', NULL), (2012, 'p5', '五', '主計局', NULL),"
	     " (2012, 'p6', '六', '理財局', NULL);"
	     "INSERT INTO target VALUES (2012, 'p1', 'staff', 0), (2012, 'p1', 'division_officer', 0),"
	     " (2012, 'p2', 'staff', 0), (2012, 'p3', 'staff', 0), (2012, 'p4', 'staff', 1),"
	     " (2012, 'p5', 'staff', 0), (2012, 'p6', 'system_admin', 1);"
	     /* p1 submitted both sheets; p2 submitted; p3 answered part and did not submit; p4 is
	      * excluded but had submitted; p5 never answered; p6's only role is excluded. */
	     "INSERT INTO response(fiscal_year, person_id, role, answers, answered, updated_at, submitted_at) VALUES"
	     " (2012, 'p1', 'staff', '12', 2, 't', 't'),"
	     " (2012, 'p1', 'division_officer', '132', 3, 't', 't'),"
	     " (2012, 'p2', 'staff', '13', 2, 't', 't'),"
	     " (2012, 'p3', 'staff', '20', 1, 't', NULL),"
	     " (2012, 'p4', 'staff', '22', 2, 't', 't'),"
	     " (2012, 'p6', 'system_admin', '1', 1, 't', 't');");
	if (store_commit(f->s))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	quest_free(f->q);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static const struct tally_counts *counts(const struct tally *t, enum role r, const char *id)
{
	long i = quest_find_item(t->quest, id);
	long pos = quest_sheet_position(t->quest, r, (size_t)i);
	assert_true(pos >= 0);
	return &t->roles[r].items[pos];
}

static void test_tally_counts_submitted_only(void **state)
{
	struct fx *f = *state;
	struct tally *t;
	assert_int_equal(tallying_year(f->s, 2012, f->q, &f->org, &t), 0);
	assert_string_equal(t->org.code, "mof");
	const struct tally_role *staff = &t->roles[ROLE_STAFF];
	assert_true(staff->present);
	assert_int_equal(staff->targets, 4);      /* p1, p2, p3, p5; p4 is excluded */
	assert_int_equal(staff->submitted, 2);    /* p1, p2 */
	/* S-01: p1 '1', p2 '1'; p3's '2' is not submitted, p4's '2' is excluded. */
	assert_int_equal(counts(t, ROLE_STAFF, "S-01")->implemented, 2);
	assert_int_equal(counts(t, ROLE_STAFF, "S-01")->not_implemented, 0);
	/* S-02: p1 '2', p2 '3'. */
	assert_int_equal(counts(t, ROLE_STAFF, "S-02")->not_implemented, 1);
	assert_int_equal(counts(t, ROLE_STAFF, "S-02")->not_applicable, 1);
	assert_int_equal(counts(t, ROLE_STAFF, "S-02")->implemented, 0);
	const struct tally_role *div = &t->roles[ROLE_DIVISION_OFFICER];
	assert_int_equal(div->targets, 1);
	assert_int_equal(div->submitted, 1);
	assert_int_equal(counts(t, ROLE_DIVISION_OFFICER, "O-01")->implemented, 1);
	assert_int_equal(counts(t, ROLE_DIVISION_OFFICER, "O-02")->not_applicable, 1);
	assert_int_equal(counts(t, ROLE_DIVISION_OFFICER, "S-02")->not_implemented, 1);
	/* A role whose only target is excluded is not in the tally. */
	assert_false(t->roles[ROLE_SYSTEM_ADMIN].present);
	assert_false(t->roles[ROLE_CISO].present);
	assert_int_equal(tally_check(t, NULL), 0);
	/* The same answers give the same tally. */
	struct tally *again;
	assert_int_equal(tallying_year(f->s, 2012, f->q, &f->org, &again), 0);
	assert_int_equal(again->roles[ROLE_STAFF].submitted, 2);
	assert_memory_equal(again->roles[ROLE_STAFF].items, staff->items, 2 * sizeof *staff->items);
	tally_free(again);
	tally_free(t);
}

/* The response scan is split between two threads at a person id between the first and the
 * last; whatever the ids look like, the tally must equal the one read on a single read-only
 * connection (no threads). */
static void test_split_scan_equals_single_scan(void **state)
{
	struct fx *f = *state;
	static const char *const ids[] = {"A", "A!", "AB", "AB0", "Zz", "p0", "zz", "\xc3\xa9t\xc3\xa9",
					  "\xe8\x81\xb7\xe5\x93\xa1", "~", "0", "00"};
	static const char *const answers[] = {"11", "12", "13", "21", "22", "23", "31", "32", "33", "10",
					      "11", "12"};
	assert_int_equal(store_begin(f->s), 0);
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		char sql[640];
		snprintf(sql, sizeof sql,
			 "INSERT INTO person(fiscal_year, person_id, name, unit, token_hash) VALUES (2012, '%s', 'x', '総務局', NULL);"
			 "INSERT INTO target VALUES (2012, '%s', 'staff', 0);"
			 "INSERT INTO response(fiscal_year, person_id, role, answers, answered, updated_at, submitted_at) VALUES (2012, '%s', 'staff', '%s', 2, 't', %s);",
			 ids[i], ids[i], ids[i], answers[i], i % 4 == 3 ? "NULL" : "'t'");
		exec(f->s, sql);
	}
	assert_int_equal(store_commit(f->s), 0);

	struct tally *threaded, *single;
	assert_int_equal(tallying_year(f->s, 2012, f->q, &f->org, &threaded), 0);
	struct store *ro;
	assert_int_equal(store_open(f->db, STORE_READONLY, &ro), 0);
	assert_int_equal(tallying_year(ro, 2012, f->q, &f->org, &single), 0);
	store_close(ro);
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(threaded->roles[r].present, single->roles[r].present);
		if (!single->roles[r].present)
			continue;
		assert_int_equal(threaded->roles[r].targets, single->roles[r].targets);
		assert_int_equal(threaded->roles[r].submitted, single->roles[r].submitted);
		assert_memory_equal(threaded->roles[r].items, single->roles[r].items,
				    f->q->role_item_count[r] * sizeof *single->roles[r].items);
	}
	/* 4 staff targets of the fixture + 12 here; submitted: 2 + the 9 of 12 marked so */
	assert_int_equal(single->roles[ROLE_STAFF].targets, 16);
	assert_int_equal(single->roles[ROLE_STAFF].submitted, 11);
	tally_free(threaded);
	tally_free(single);
}

static void test_bad_answers_are_reported(void **state)
{
	struct fx *f = *state;
	struct tally *t;
	exec(f->s, "UPDATE response SET answers = '123' WHERE person_id = 'p2'");
	assert_int_equal(tallying_year(f->s, 2012, f->q, &f->org, &t), -1);
	assert_null(t);
	exec(f->s, "UPDATE response SET answers = '1x' WHERE person_id = 'p2'");
	assert_int_equal(tallying_year(f->s, 2012, f->q, &f->org, &t), -1);
	exec(f->s, "UPDATE response SET answers = '11' WHERE person_id = 'p2';"
		   "INSERT INTO target VALUES (2012, 'p2', 'chief', 0)");
	assert_int_equal(tallying_year(f->s, 2012, f->q, &f->org, &t), -1);
}

static void test_units(void **state)
{
	struct fx *f = *state;
	struct tally **units;
	size_t n;
	assert_int_equal(tallying_units(f->s, 2012, f->q, &units, &n), 0);
	assert_int_equal(n, 2);      /* 理財局 has only an excluded target */
	assert_string_equal(units[0]->org.code, "主計局");
	assert_int_equal(units[0]->roles[ROLE_STAFF].targets, 2);
	assert_int_equal(units[0]->roles[ROLE_STAFF].submitted, 0);
	assert_string_equal(units[1]->org.code, "総務局");
	assert_int_equal(units[1]->roles[ROLE_STAFF].targets, 2);
	assert_int_equal(units[1]->roles[ROLE_STAFF].submitted, 2);
	assert_int_equal(units[1]->roles[ROLE_DIVISION_OFFICER].submitted, 1);
	store_free_tallies(units, n);
}

static void test_nonrespondents(void **state)
{
	struct fx *f = *state;
	struct tallying_person *p;
	size_t n;
	assert_int_equal(tallying_nonrespondents(f->s, 2012, &p, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].person_id, "p3");
	assert_string_equal(p[1].person_id, "p5");
	assert_string_equal(p[1].unit, "主計局");
	assert_int_equal(p[1].role, ROLE_STAFF);
	tallying_free_persons(p, n);
	tallying_free_persons(NULL, 0);
}

int main(void)
{
	diag_set_program("test_tallying");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tally_counts_submitted_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_scan_equals_single_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_answers_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nonrespondents, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
