/* Unit tests for the grid outputs: csv, json and the aligned table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregator/export_csv.h"
#include "aggregator/export_json.h"
#include "aggregator/export_table.h"
#include "aggregator/views.h"
#include "core/diag.h"
#include "ratetab_fixture.h"

static const struct grid_column cols[] = {
	{"name", "名前", "Name", GRID_TEXT},
	{"n", "件数", "Count", GRID_COUNT},
	{"rate", "率", "Rate", GRID_RATE},
	{"grade", "評価", "Grade", GRID_GRADE},
};

static struct grid *sample(void)
{
	struct grid *g = grid_new(cols, 4);
	grid_add_row(g);
	grid_set_text(g, (size_t)-1, 0, "環境省, \"本省\"");
	grid_set_count(g, (size_t)-1, 1, 1234);
	grid_set_rate(g, (size_t)-1, 2, 999);
	grid_set_grade(g, (size_t)-1, 3, 'B');
	grid_add_row(g);
	grid_set_text(g, (size_t)-1, 0, "esc\x1b[31m");
	grid_set_rate(g, (size_t)-1, 2, -1);
	grid_set_grade(g, (size_t)-1, 3, 0);
	return g;
}

/* Runs an output into a memory buffer (free the result). */
static char *capture(int (*fn)(const struct grid *, FILE *, const char *), const struct grid *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(fn(g, f, "memory"), 0);
	fclose(f);
	return buf;
}

static int table_ja(const struct grid *g, FILE *f, const char *name)
{
	return export_table_write(g, "ja", f, name);
}

static int table_en(const struct grid *g, FILE *f, const char *name)
{
	return export_table_write(g, "en", f, name);
}

static void test_csv(void **state)
{
	(void)state;
	struct grid *g = sample();
	char *out = capture(export_csv_write, g);
	assert_string_equal(out, "name,n,rate,grade\n"
				 "\"環境省, \"\"本省\"\"\",1234,99.9,B\n"
				 "esc\xef\xbf\xbd[31m,,,\n");
	free(out);
	grid_free(g);
}

static void test_json(void **state)
{
	(void)state;
	struct grid *g = sample();
	char *out = capture(export_json_write, g);
	assert_non_null(strstr(out, "\"name\": \"環境省, \\\"本省\\\"\", \"n\": 1234, \"rate\": 99.9, \"grade\": \"B\""));
	assert_non_null(strstr(out, "\"name\": \"esc\\u001b[31m\", \"n\": null, \"rate\": null, \"grade\": null"));
	free(out);
	grid_free(g);
}

static void test_table(void **state)
{
	(void)state;
	struct grid *g = sample();
	char *ja = capture(table_ja, g), *en = capture(table_en, g);
	/* Headings by language; Japanese uses ％ and full-width grades; undefined is a dash. */
	assert_non_null(strstr(ja, "名前"));
	assert_non_null(strstr(ja, "99.9％"));
	assert_non_null(strstr(ja, "Ｂ"));
	assert_non_null(strstr(ja, "－"));
	assert_non_null(strstr(en, "Name"));
	assert_non_null(strstr(en, "99.9%"));
	assert_null(strstr(en, "\x1b"));
	/* Columns padded by display width (a wide character counts two), numbers right-aligned. */
	assert_string_equal(en, "Name            Count   Rate  Grade\n"
				"-----------------------------------\n"
				"環境省, \"本省\"   1234  99.9%      B\n"
				"esc\xef\xbf\xbd[31m                   -      -\n");
	free(ja);
	free(en);
	grid_free(g);
}

static void test_views_follow_the_rate_table(void **state)
{
	(void)state;
	struct quest *q = fixture_quest();
	struct tally *t = fixture_tally(q, "aaa", 1);
	fixture_role(t, ROLE_STAFF, 10, 9);
	fixture_item(t, ROLE_STAFF, "S-01", 8, 1, 0);
	struct ratetab *rt;
	assert_int_equal(ratetab_build(q, &t, 1, &(struct ratetab_spec){RATE_METHOD_POOLED, RATETAB_UNWEIGHTED, RATE_DEFAULT_SCALE}, &rt), 0);
	struct grid *g = view_rates_by_group(rt, "organization", true);
	char *out = capture(export_csv_write, g);
	/* Staff and all for the organisation, then the government rows. */
	assert_string_equal(out,
		"organization,group,targets,submitted,grasp_rate,grasp_grade,implemented,not_implemented,"
		"not_applicable,implementation_rate,implementation_grade,attainment_100,attainment_95,attainment_90,"
		"persons_attainment_100,persons_attainment_95,persons_attainment_90\n"
		"aaa,staff,10,9,90.0,B,8,1,0,88.9,B,0.0,0.0,0.0,,,\n"
		"aaa,all,10,9,90.0,B,8,1,0,88.9,B,0.0,0.0,0.0,,,\n"
		"ALL,staff,10,9,90.0,B,8,1,0,88.9,B,0.0,0.0,0.0,,,\n"
		"ALL,all,10,9,90.0,B,8,1,0,88.9,B,0.0,0.0,0.0,,,\n");
	free(out);
	grid_free(g);
	/* Under nisc, a tally without persons (format /1) has an unknown whole grasp rate and
	 * counts; once they are known, the all row counts persons. */
	struct ratetab *nisc;
	assert_int_equal(ratetab_build(q, &t, 1, NULL, &nisc), 0);
	g = view_rates_by_group(nisc, "organization", true);
	out = capture(export_csv_write, g);
	assert_non_null(strstr(out, "\naaa,all,,,,,8,1,0,88.9,B,0.0,0.0,0.0,,,\n"));
	free(out);
	grid_free(g);
	ratetab_free(nisc);
	t->persons = (struct tally_persons){true, 10, 8};
	t->roles[ROLE_STAFF].attainment = (struct tally_attainment){true, 9, {8, 8, 8}};
	/* Two of the ten staff are also division officers; one of them left that sheet out. */
	fixture_role(t, ROLE_DIVISION_OFFICER, 2, 1);
	fixture_item(t, ROLE_DIVISION_OFFICER, "O-01", 1, 0, 0);
	t->roles[ROLE_DIVISION_OFFICER].attainment = (struct tally_attainment){true, 1, {1, 1, 1}};
	assert_int_equal(ratetab_build(q, &t, 1, NULL, &nisc), 0);
	g = view_rates_by_group(nisc, "organization", true);
	out = capture(export_csv_write, g);
	/* staff 8/9; officers 1/1; whole: persons 8/10, mean of the two roles (8/9 + 1) / 2 = 94.4 */
	assert_non_null(strstr(out, "\naaa,staff,10,9,90.0,B,8,1,0,88.9,B,0.0,0.0,0.0,88.9,88.9,88.9\n"));
	assert_non_null(strstr(out, "\naaa,officers,2,1,50.0,D,1,0,0,100.0,A,100.0,100.0,100.0,100.0,100.0,100.0\n"));
	assert_non_null(strstr(out, "\naaa,all,10,8,80.0,B,9,1,0,94.4,B,50.0,50.0,50.0,90.0,90.0,90.0\n"));
	assert_non_null(strstr(out, "\nALL,all,10,8,80.0,B,9,1,0,94.4,B,50.0,50.0,50.0,90.0,90.0,90.0\n"));
	free(out);
	grid_free(g);
	g = view_rates_by_role(nisc);
	out = capture(export_csv_write, g);
	assert_non_null(strstr(out, "\naaa,division_officer,officers,2,1,50.0,D,1,0,0,100.0,A,,,,100.0,100.0,100.0\n"));
	assert_non_null(strstr(out, "\nALL,staff,staff,10,9,90.0,B,8,1,0,88.9,B,,,,88.9,88.9,88.9\n"));
	free(out);
	grid_free(g);
	ratetab_free(nisc);
	g = view_grades(rt, "en");
	out = capture(export_csv_write, g);
	assert_string_equal(out, "organization,name,grasp_rate,grasp_grade,implementation_rate,implementation_grade\n"
				 "aaa,aaa,90.0,B,88.9,B\n");
	free(out);
	grid_free(g);
	ratetab_free(rt);
	tally_free(t);
	quest_free(q);
}

int main(void)
{
	diag_set_program("test_export");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_views_follow_the_rate_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
