/* Unit tests for aggregator/tallyfile: writing and reading back the tally file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregator/tallyfile.h"
#include "core/diag.h"
#include "ratetab_fixture.h"

static char path[64];

static void write_text(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct quest *q = fixture_quest();
	struct tally *t = fixture_tally(q, "cas", 1);
	free(t->org.name);
	t->org.name = xstrdup("内閣官房 \"本府\"\\");
	t->org.name_en = xstrdup("Cabinet Secretariat");
	fixture_role(t, ROLE_DIVISION_OFFICER, 310, 308);
	fixture_item(t, ROLE_DIVISION_OFFICER, "O-01", 300, 8, 0);
	fixture_item(t, ROLE_DIVISION_OFFICER, "S-02", 1, 2, 3);
	fixture_role(t, ROLE_STAFF, 1200, 1183);
	fixture_item(t, ROLE_STAFF, "S-01", 1100, 70, 13);
	fixture_role(t, ROLE_SYSTEM_ADMIN, 0, 0);
	/* A /1 tally has no persons and attainment: it cannot be written as /2. */
	FILE *f = fopen(path, "w");
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	assert_int_equal(tallyfile_write(f, path, t), -1);
	fclose(stderr);
	stderr = saved;
	fclose(f);
	t->persons = (struct tally_persons){true, 1250, 1170};
	t->roles[ROLE_DIVISION_OFFICER].attainment = (struct tally_attainment){true, 308, {300, 303, 306}};
	t->roles[ROLE_STAFF].attainment = (struct tally_attainment){true, 1180, {790, 857, 925}};
	t->roles[ROLE_SYSTEM_ADMIN].attainment = (struct tally_attainment){true, 0, {0, 0, 0}};
	t->source.tallied_at = xstrdup("2026-12-02T03:04:05Z");
	t->source.closed_at = xstrdup("2026-12-01T00:00:00Z");
	f = fopen(path, "w");
	assert_int_equal(tallyfile_write(f, path, t), 0);
	fclose(f);
	struct tally *back;
	assert_int_equal(tallyfile_load(path, q, 2012, &back), 0);
	assert_string_equal(back->org.code, "cas");
	assert_string_equal(back->org.name, t->org.name);
	assert_string_equal(back->org.name_en, "Cabinet Secretariat");
	assert_int_equal(back->org.order, 1);
	assert_int_equal(back->source.format, 2);
	assert_true(back->persons.known);
	assert_int_equal(back->persons.targets, 1250);
	assert_int_equal(back->persons.submitted_all, 1170);
	assert_string_equal(back->source.tallied_at, "2026-12-02T03:04:05Z");
	assert_string_equal(back->source.closed_at, "2026-12-01T00:00:00Z");
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(back->roles[r].present, t->roles[r].present);
		if (!t->roles[r].present)
			continue;
		assert_int_equal(back->roles[r].targets, t->roles[r].targets);
		assert_int_equal(back->roles[r].submitted, t->roles[r].submitted);
		assert_memory_equal(&back->roles[r].attainment, &t->roles[r].attainment, sizeof t->roles[r].attainment);
		assert_memory_equal(back->roles[r].items, t->roles[r].items,
				    q->role_item_count[r] * sizeof *t->roles[r].items);
	}
	/* Another year or another questionnaire is refused. */
	struct tally *other;
	assert_int_equal(tallyfile_load(path, q, 2013, &other), -1);
	assert_null(other);
	tally_free(back);
	tally_free(t);
	quest_free(q);
}

static void test_left_out_items_count_zero(void **state)
{
	(void)state;
	struct quest *q = fixture_quest();
	write_text("format: selfcheck-tally/1\nfiscal_year: 2012\n"
		   "organization: {code: env, name: 環境省}\nquestionnaire: test-2012\n"
		   "roles:\n  staff:\n    targets: 5\n    submitted: 4\n    items:\n"
		   "      S-02: {implemented: 3, not_implemented: 1, not_applicable: 0}\n");
	struct tally *t;
	assert_int_equal(tallyfile_load(path, q, 2012, &t), 0);
	assert_int_equal(t->roles[ROLE_STAFF].items[0].implemented, 0);   /* S-01 */
	assert_int_equal(t->roles[ROLE_STAFF].items[1].implemented, 3);   /* S-02 */
	assert_int_equal(t->org.order, 0);
	assert_null(t->org.name_en);
	/* A /1 file: persons and attainment unknown, never guessed. */
	assert_int_equal(t->source.format, 1);
	assert_false(t->persons.known);
	assert_false(t->roles[ROLE_STAFF].attainment.known);
	tally_free(t);
	quest_free(q);
}

static void test_rules(void **state)
{
	(void)state;
	struct quest *q = fixture_quest();
	static const char head[] = "format: selfcheck-tally/1\nfiscal_year: 2012\n"
				   "organization: {code: env, name: 環境省}\nquestionnaire: test-2012\nroles:\n";
	static const char *const bad[] = {
		"  staff: {targets: 5, submitted: 6, items: {}}\n",
		"  staff: {targets: 5, submitted: 4, items: {S-01: {implemented: 3, not_implemented: 1, not_applicable: 1}}}\n",
		"  staff: {targets: 5, submitted: 4, items: {Y-01: {implemented: 1, not_implemented: 0, not_applicable: 0}}}\n",
		"  staff: {targets: -5, submitted: 4, items: {}}\n",
		"  boss: {targets: 5, submitted: 4, items: {}}\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = xasprintf("%s%s", head, bad[i]);
		write_text(text);
		free(text);
		struct tally *t;
		assert_int_equal(tallyfile_load(path, q, 2012, &t), -1);
		assert_null(t);
	}
	quest_free(q);
}

static void test_inspection_round_trip(void **state)
{
	(void)state;
	struct quest *q = fixture_quest_inspection();
	assert_non_null(q);
	struct tally *t = fixture_tally(q, "moj", 12);
	fixture_role(t, ROLE_STAFF, 10, 10);
	t->persons = (struct tally_persons){true, 10, 10};
	t->roles[ROLE_STAFF].attainment = (struct tally_attainment){true, 10, {10, 10, 10}};
	fixture_systems(t, "web_server", 7);
	fixture_system_item(t, "W-01", 6, 1, 0);
	fixture_system_item(t, "W-02", 2, 0, 5);
	FILE *f = fopen(path, "w");
	assert_int_equal(tallyfile_write(f, path, t), 0);
	fclose(f);
	struct tally *back;
	assert_int_equal(tallyfile_load(path, q, 2012, &back), 0);
	const struct tally_inspection *bi = &back->inspection;
	assert_true(bi->present);
	assert_string_equal(bi->reference_date, "2012-12-01");
	/* the kinds the tally counts, and only those */
	assert_true(bi->kind_present[0]);
	assert_false(bi->kind_present[1]);
	assert_int_equal(bi->systems[0], 7);
	assert_memory_equal(bi->items, t->inspection.items, 3 * sizeof *bi->items);
	tally_free(back);
	/* more answers than systems of the item's kind are refused */
	t->inspection.items[1].not_applicable = 6;
	f = fopen(path, "w");
	assert_int_equal(tallyfile_write(f, path, t), 0);
	fclose(f);
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	assert_int_equal(tallyfile_load(path, q, 2012, &back), -1);
	fclose(stderr);
	stderr = saved;
	assert_null(back);
	tally_free(t);
	/* a file without the section knows nothing of the organisation's systems */
	write_text("format: selfcheck-tally/1\nfiscal_year: 2012\n"
		   "organization: {code: env, name: 環境省}\nquestionnaire: test-2012\n"
		   "roles:\n  staff: {targets: 5, submitted: 4, items: {}}\n");
	assert_int_equal(tallyfile_load(path, q, 2012, &back), 0);
	assert_false(back->inspection.present);
	tally_free(back);
	quest_free(q);
}

int main(void)
{
	diag_set_program("test_tallyfile");
	snprintf(path, sizeof path, "/tmp/test_tallyfile.%ld.yaml", (long)getpid());
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_left_out_items_count_zero),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_inspection_round_trip),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	return rc;
}
