/* Unit tests for core/livetally: a sheet's contribution added and taken away against a recount,
 * and random changes of a store's people kept in its counts, compared with a recount. */
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
#include "core/diag.h"
#include "core/livetally.h"
#include "core/tallying.h"
#include "random_change.h"
#include "ratetab_fixture.h"

static void assert_roles_equal(const struct tally_role *a, const struct tally_role *b, size_t items)
{
	assert_int_equal(a->targets, b->targets);
	assert_int_equal(a->submitted, b->submitted);
	assert_int_equal(a->attainment.obligated, b->attainment.obligated);
	for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
		assert_int_equal(a->attainment.at[k], b->attainment.at[k]);
	for (size_t k = 0; k < items; k++) {
		assert_int_equal(a->items[k].implemented, b->items[k].implemented);
		assert_int_equal(a->items[k].not_implemented, b->items[k].not_implemented);
		assert_int_equal(a->items[k].not_applicable, b->items[k].not_applicable);
	}
}

struct sheet {
	char answers[8];
	bool submitted;
};

static void random_sheet(struct sheet *s, size_t n, unsigned *seed)
{
	for (size_t k = 0; k < n; k++)
		s->answers[k] = (char)('0' + rand_r(seed) % 4);
	/* Mostly implemented, so that the attainment thresholds are met now and then. */
	if (rand_r(seed) % 2)
		for (size_t k = 0; k < n; k++)
			s->answers[k] = s->answers[k] == '2' && rand_r(seed) % 4 ? '1' : s->answers[k];
	s->submitted = rand_r(seed) % 4 != 0;
}

/* Sheets added, some taken away and some changed, give the counts of a recount of what is left. */
static void test_sheet_changes_equal_recount(void **state)
{
	(void)state;
	struct quest *q = fixture_quest();
	struct org o = {.code = "x", .name = "x"};
	size_t n = q->role_item_count[ROLE_DIVISION_OFFICER];
	assert_true(n >= 3 && n < 8);
	unsigned seed = 16;
	for (int round = 0; round < 50; round++) {
		struct tally *kept = tally_new(&o, 2012, q), *recount = tally_new(&o, 2012, q);
		struct tally_role *a = tally_role_use(kept, ROLE_DIVISION_OFFICER);
		struct tally_role *b = tally_role_use(recount, ROLE_DIVISION_OFFICER);
		struct sheet sheets[200];
		for (int i = 0; i < 200; i++) {
			random_sheet(&sheets[i], n, &seed);
			assert_int_equal(livetally_sheet(q, ROLE_DIVISION_OFFICER, a, sheets[i].answers, n, sheets[i].submitted, 1), 0);
		}
		for (int i = 0; i < 200; i++) {
			int what = rand_r(&seed) % 3;
			if (what == 0)
				continue;
			assert_int_equal(livetally_sheet(q, ROLE_DIVISION_OFFICER, a, sheets[i].answers, n, sheets[i].submitted, -1), 0);
			if (what == 1) {
				sheets[i].submitted = false;
				sheets[i].answers[0] = 'x';    /* gone: not counted below */
				continue;
			}
			random_sheet(&sheets[i], n, &seed);
			assert_int_equal(livetally_sheet(q, ROLE_DIVISION_OFFICER, a, sheets[i].answers, n, sheets[i].submitted, 1), 0);
		}
		for (int i = 0; i < 200; i++)
			if (sheets[i].answers[0] != 'x')
				assert_int_equal(livetally_sheet(q, ROLE_DIVISION_OFFICER, b, sheets[i].answers, n, sheets[i].submitted, 1), 0);
		assert_roles_equal(a, b, n);
		/* The attainment agrees with the tally's own rule. */
		struct tally_attainment att = {0};
		for (int i = 0; i < 200; i++) {
			if (sheets[i].answers[0] == 'x' || !sheets[i].submitted)
				continue;
			uint64_t impl = 0, obl = 0;
			for (size_t k = 0; k < n; k++) {
				impl += sheets[i].answers[k] == '1';
				obl += sheets[i].answers[k] == '1' || sheets[i].answers[k] == '2';
			}
			tally_attainment_add(&att, impl, obl);
		}
		assert_int_equal(att.obligated, b->attainment.obligated);
		for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
			assert_int_equal(att.at[k], b->attainment.at[k]);
		tally_free(kept);
		tally_free(recount);
	}
	quest_free(q);
}

static void test_sheet_refuses_bad_answers(void **state)
{
	(void)state;
	struct quest *q = fixture_quest();
	struct org o = {.code = "x", .name = "x"};
	struct tally *t = tally_new(&o, 2012, q);
	struct tally_role *tr = tally_role_use(t, ROLE_STAFF);
	assert_int_equal(livetally_sheet(q, ROLE_STAFF, tr, "1", 1, true, 1), LIVETALLY_BAD_LENGTH);
	assert_int_equal(livetally_sheet(q, ROLE_STAFF, tr, "19", 2, true, 1), 2);
	/* A sheet not submitted is a target only, whatever its answers. */
	assert_int_equal(livetally_sheet(q, ROLE_STAFF, tr, "x", 1, false, 1), 0);
	livetally_persons(&t->persons, 2, 2, 1);
	livetally_persons(&t->persons, 1, 0, 1);
	livetally_persons(&t->persons, 0, 0, 1);
	assert_int_equal(t->persons.targets, 2);
	assert_int_equal(t->persons.submitted_all, 1);
	livetally_persons(&t->persons, 2, 2, -1);
	assert_int_equal(t->persons.targets, 1);
	assert_int_equal(t->persons.submitted_all, 0);
	tally_free(t);
	quest_free(q);
}

/* ---- a store changed at random, its counts kept ---- */

struct fx {
	char dir[64], db[128];
	struct store *s;
	struct quest *q;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_livetally.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/ministry.db", f->dir);
	f->q = fixture_quest();
	struct org org = {.code = "mof", .name = "財務省"};
	if (store_open(f->db, STORE_CREATE, &f->s) || store_begin(f->s) || store_put_org(f->s, &org) ||
	    store_put_quest(f->s, f->q) || store_put_year(f->s, 2012, f->q->digest, "mof"))
		return -1;
	for (int i = 0; i < 40; i++) {
		char *sql = xasprintf("INSERT INTO person(fiscal_year, person_id, name, unit) VALUES"
				      " (2012, 'p%02d', 'n', 'u%d');"
				      "INSERT INTO target VALUES (2012, 'p%02d', 'staff', 0);", i, i % 3, i);
		if (store_exec(f->s, sql))
			return -1;
		free(sql);
	}
	if (store_commit(f->s) || livetally_recount(f->s, 2012, f->q, NULL))
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

static const enum role roles[] = {ROLE_STAFF, ROLE_DIVISION_OFFICER, ROLE_SYSTEM_ADMIN};

/* Answers of every code, unanswered too (the questionnaire has no choice items). */
static char random_answer(const struct quest *q, size_t item, unsigned *seed)
{
	(void)q;
	(void)item;
	return (char)('0' + rand_r(seed) % 4);
}

static const struct random_changes changes = {2012, roles, sizeof roles / sizeof roles[0], 6, 4, random_answer};

static void test_random_changes_kept(void **state)
{
	struct fx *f = *state;
	unsigned seed = 7;
	FILE *sink = fopen("/dev/null", "w");
	assert_non_null(sink);
	assert_int_equal(tallyverify_run(f->s, 2012, sink), 0);
	for (int step = 0; step < 300; step++) {
		char id[8];
		snprintf(id, sizeof id, "p%02d", rand_r(&seed) % 40);
		assert_int_equal(store_begin(f->s), 0);
		struct livetally *lt;
		assert_int_equal(livetally_begin(f->s, 2012, f->q, &lt), 0);
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
		if (step % 25 == 24) {
			bool current;
			assert_int_equal(livetally_is_current(f->s, 2012, &current), 0);
			assert_true(current);
			assert_int_equal(tallyverify_run(f->s, 2012, sink), 0);
		}
	}
	/* A change the counts are not told of leaves them stale: no keeper, and --verify says so. */
	assert_int_equal(store_exec(f->s, "UPDATE response SET answers = '33' WHERE role = 'staff' AND submitted_at IS NOT NULL"),
			 0);
	bool current;
	assert_int_equal(livetally_is_current(f->s, 2012, &current), 0);
	assert_false(current);
	assert_int_equal(store_begin(f->s), 0);
	struct livetally *lt;
	assert_int_equal(livetally_begin(f->s, 2012, f->q, &lt), 0);
	assert_null(lt);
	store_rollback(f->s);
	assert_true(tallyverify_run(f->s, 2012, sink) > 0);
	assert_int_equal(livetally_recount(f->s, 2012, f->q, NULL), 0);
	assert_int_equal(tallyverify_run(f->s, 2012, sink), 0);
	fclose(sink);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet_changes_equal_recount),
		cmocka_unit_test(test_sheet_refuses_bad_answers),
		cmocka_unit_test_setup_teardown(test_random_changes_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
