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

	/* The units and the pending targets too, in the same order. */
	struct tallying_result a, b;
	assert_int_equal(tallying_take(f->s, 2012, f->q, &f->org, &a), 0);
	assert_int_equal(store_open(f->db, STORE_READONLY, &ro), 0);
	assert_int_equal(tallying_take(ro, 2012, f->q, &f->org, &b), 0);
	store_close(ro);
	assert_int_equal(a.unit_count, b.unit_count);
	for (size_t i = 0; i < a.unit_count; i++) {
		assert_string_equal(a.units[i]->org.code, b.units[i]->org.code);
		assert_int_equal(a.units[i]->persons.targets, b.units[i]->persons.targets);
		assert_int_equal(a.units[i]->roles[ROLE_STAFF].submitted, b.units[i]->roles[ROLE_STAFF].submitted);
	}
	assert_int_equal(a.pending_count, 5);     /* p3, p5 and the 3 of 12 not submitted */
	assert_int_equal(a.pending_count, b.pending_count);
	for (size_t i = 0; i < a.pending_count; i++)
		assert_string_equal(a.pending[i].person_id, b.pending[i].person_id);
	tallying_release(&a);
	tallying_release(&b);
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

/* The units and the pending targets come from the same scan as the tally. */
static void test_units_and_pending(void **state)
{
	struct fx *f = *state;
	struct tallying_result r;
	assert_int_equal(tallying_take(f->s, 2012, f->q, &f->org, &r), 0);
	assert_int_equal(r.unit_count, 2);      /* 理財局 has only an excluded target */
	struct tally **units = r.units;
	assert_string_equal(units[0]->org.code, "主計局");
	assert_int_equal(units[0]->roles[ROLE_STAFF].targets, 2);
	assert_int_equal(units[0]->roles[ROLE_STAFF].submitted, 0);
	assert_int_equal(units[0]->persons.targets, 2);
	assert_int_equal(units[0]->persons.submitted_all, 0);
	assert_string_equal(units[1]->org.code, "総務局");
	assert_int_equal(units[1]->roles[ROLE_STAFF].targets, 2);
	assert_int_equal(units[1]->roles[ROLE_STAFF].submitted, 2);
	assert_int_equal(units[1]->roles[ROLE_DIVISION_OFFICER].submitted, 1);
	assert_int_equal(units[1]->persons.submitted_all, 2);
	assert_false(units[0]->roles[ROLE_SYSTEM_ADMIN].present);
	/* The organisation is the sum of its units. */
	assert_int_equal(r.tally->persons.targets, 4);
	assert_int_equal(r.tally->persons.submitted_all, 2);
	assert_int_equal(r.tally->roles[ROLE_STAFF].targets, 4);
	assert_int_equal(counts(r.tally, ROLE_STAFF, "S-01")->implemented,
			 counts(units[0], ROLE_STAFF, "S-01")->implemented + counts(units[1], ROLE_STAFF, "S-01")->implemented);
	/* Pending: p3 (answered part) and p5 (never answered); not the excluded p4 or p6. */
	assert_int_equal(r.pending_count, 2);
	assert_string_equal(r.pending[0].person_id, "p3");
	assert_string_equal(r.pending[1].person_id, "p5");
	assert_int_equal(r.pending[1].role, ROLE_STAFF);
	tallying_release(&r);
}

/* What the tally records per unit is stored with it and read back as it was counted; the
 * pending targets come back with their people's names and units, by unit. */
static void test_units_round_trip(void **state)
{
	struct fx *f = *state;
	struct tallying_result r;
	assert_int_equal(tallying_take(f->s, 2012, f->q, &f->org, &r), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_put_tally(f->s, r.tally), 0);
	struct tally **units;
	size_t n;
	/* A tally stored without them records no units. */
	assert_int_equal(tallyunits_load(f->s, "mof", 2012, f->q, &units, &n), 0);
	assert_int_equal(tallyunits_put(f->s, "mof", 2012, r.units, r.unit_count, r.pending, r.pending_count), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(tallyunits_load(f->s, "mof", 2012, f->q, &units, &n), 1);
	assert_int_equal(n, r.unit_count);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(units[i]->org.code, r.units[i]->org.code);
		assert_int_equal(units[i]->persons.targets, r.units[i]->persons.targets);
		assert_int_equal(units[i]->persons.submitted_all, r.units[i]->persons.submitted_all);
		for (int role = 0; role < ROLE_COUNT; role++) {
			const struct tally_role *a = &units[i]->roles[role], *b = &r.units[i]->roles[role];
			assert_int_equal(a->present, b->present);
			if (!a->present)
				continue;
			assert_int_equal(a->targets, b->targets);
			assert_int_equal(a->submitted, b->submitted);
			assert_memory_equal(&a->attainment, &b->attainment, sizeof a->attainment);
			assert_memory_equal(a->items, b->items, f->q->role_item_count[role] * sizeof *a->items);
		}
	}
	store_free_tallies(units, n);
	struct tallyunits_person *p;
	assert_int_equal(tallyunits_pending(f->s, "mof", 2012, &p, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].person_id, "p3");
	assert_string_equal(p[0].name, "三");
	assert_string_equal(p[1].person_id, "p5");
	assert_string_equal(p[1].unit, "主計局");
	assert_int_equal(p[1].role, ROLE_STAFF);
	tallyunits_free_pending(p, n);
	tallyunits_free_pending(NULL, 0);
	/* Counts that do not fit the role's sheet are an error, not a guess. */
	static const char *const bad[] = {"1,0", "1,0,0 x", "1,,0 0,0,0", "1,0,0 0,0,0 0,0,0", "-1,0,0 0,0,0"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char sql[160];
		snprintf(sql, sizeof sql, "UPDATE tally_unit_role SET counts = '%s' WHERE role = 'staff'", bad[i]);
		exec(f->s, sql);
		FILE *saved = stderr;
		stderr = fopen("/dev/null", "w");
		assert_int_equal(tallyunits_load(f->s, "mof", 2012, f->q, &units, &n), -1);
		fclose(stderr);
		stderr = saved;
	}
	/* Storing the tally again clears what was recorded with it. */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_put_tally(f->s, r.tally), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(tallyunits_load(f->s, "mof", 2012, f->q, &units, &n), 0);
	assert_int_equal(tallyunits_pending(f->s, "mof", 2012, &p, &n), 0);
	assert_int_equal(n, 0);
	tallyunits_free_pending(p, n);
	tallying_release(&r);
}

int main(void)
{
	diag_set_program("test_tallying");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tally_counts_submitted_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_scan_equals_single_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_answers_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_and_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_round_trip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
