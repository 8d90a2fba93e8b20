/* Unit tests for aggregator/history (import of published rates) and aggregator/trend. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregator/history.h"
#include "aggregator/trend.h"
#include "core/diag.h"
#include "core/store.h"
#include "ratetab_fixture.h"

struct fx {
	char dir[64];
	char db[128];
	struct store *s;
	struct quest *q;
};

static const char HISTORY[] =
	"format: selfcheck-history/1\n"
	"source: {ja: 年次報告, en: Annual report}\n"
	"series_breaks:\n"
	"  - fiscal_year: 2011\n"
	"    note: {ja: 比較できない, en: not comparable}\n"
	"organizations:\n"
	"  - {code: mofa, name: 外務省, order: 13}\n"
	"years:\n"
	"  - fiscal_year: 2010\n"
	"    government:\n"
	"      implementation: {officers: 99.5, system_officers: 99.3, staff: 97.6, all: 98.9}\n"
	"      grasp: {all: 100}\n"
	"    organizations:\n"
	"      mofa: {grasp: {all: 100}}\n"
	"  - fiscal_year: 2011\n"
	"    government:\n"
	"      implementation: {officers: 99.5, staff: 79.9, all: 99.0}\n"
	"  - fiscal_year: 2012\n"
	"    government:\n"
	"      implementation: {staff: 12.3}\n";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_trend.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/national.db", f->dir);
	if (store_open(f->db, STORE_CREATE, &f->s))
		return -1;
	f->q = fixture_quest();
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

static int import_text(struct fx *f, const char *name, const char *text)
{
	char path[192];
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	write_file(path, text);
	struct history *h;
	if (history_load(path, &h))
		return -1;
	int rc = history_import(f->s, h);
	history_free(h);
	return rc;
}

static long long count(struct fx *f, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(f->s, sql, &st), 0);
	assert_int_equal(store_step(f->s, st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_history_import(void **state)
{
	struct fx *f = *state;
	assert_int_equal(import_text(f, "h.yaml", HISTORY), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate"), 10);
	assert_int_equal(count(f, "SELECT tenths FROM history_rate WHERE fiscal_year = 2011 AND grp = 'staff'"), 799);
	assert_int_equal(count(f, "SELECT tenths FROM history_rate WHERE fiscal_year = 2010 AND org = 'mofa'"), 1000);
	assert_int_equal(count(f, "SELECT count(*) FROM organization WHERE code = 'mofa'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM series_break"), 1);
	/* Importing one year again replaces that year only. */
	assert_int_equal(import_text(f, "h2.yaml", "format: selfcheck-history/1\nyears:\n"
				     "  - {fiscal_year: 2010, government: {implementation: {all: 50}}}\n"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate WHERE fiscal_year = 2010"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate WHERE fiscal_year = 2011"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM series_break"), 1);
}

static void test_history_errors_change_nothing(void **state)
{
	struct fx *f = *state;
	assert_int_equal(import_text(f, "h.yaml", HISTORY), 0);
	long long before = count(f, "SELECT count(*) FROM history_rate");
	/* An organisation neither stored nor defined. */
	assert_int_equal(import_text(f, "bad1.yaml", "format: selfcheck-history/1\nyears:\n"
				     "  - fiscal_year: 2009\n    organizations:\n      env: {grasp: {all: 99}}\n"), -1);
	/* More than one decimal, an unknown group, an unknown key, a wrong format tag. */
	assert_int_equal(import_text(f, "bad2.yaml", "format: selfcheck-history/1\nyears:\n"
				     "  - {fiscal_year: 2009, government: {implementation: {all: 97.55}}}\n"), -1);
	assert_int_equal(import_text(f, "bad3.yaml", "format: selfcheck-history/1\nyears:\n"
				     "  - {fiscal_year: 2009, government: {implementation: {everyone: 97}}}\n"), -1);
	assert_int_equal(import_text(f, "bad4.yaml", "format: selfcheck-history/1\nyears:\n"
				     "  - {fiscal_year: 2009, colour: red}\n"), -1);
	assert_int_equal(import_text(f, "bad5.yaml", "format: selfcheck-history/3\nyears:\n"
				     "  - {fiscal_year: 2009}\n"), -1);
	assert_int_equal(import_text(f, "bad6.yaml", "format: selfcheck-history/1\nyears:\n"
				     "  - {fiscal_year: 2009, government: {implementation: {all: 101}}}\n"), -1);
	/* Format /2: an unknown method, threshold or grade; a grade that is not its rate's; a
	 * grade of the government; a key of /2 in a file of format /1. */
	static const char *const bad2[] = {
		"  - {fiscal_year: 2009, method: weighted}\n",
		"  - {fiscal_year: 2009, organizations: {mofa: {attainment_items: {staff: {85: 90}}}}}\n",
		"  - {fiscal_year: 2009, organizations: {mofa: {grades: {grasp: E}}}}\n",
		"  - {fiscal_year: 2009, organizations: {mofa: {grasp: {all: 99.0}, grades: {grasp: A}}}}\n",
		"  - {fiscal_year: 2009, government: {grades: {grasp: A}}}\n",
		"  - {fiscal_year: 2009, organizations: {mofa: {attainment_persons: {all: 90}}}}\n",
	};
	for (size_t i = 0; i < sizeof bad2 / sizeof bad2[0]; i++) {
		char *text = xasprintf("format: selfcheck-history/2\nyears:\n%s", bad2[i]);
		assert_int_equal(import_text(f, "bad7.yaml", text), -1);
		free(text);
	}
	assert_int_equal(import_text(f, "bad8.yaml", "format: selfcheck-history/1\nyears:\n"
				     "  - {fiscal_year: 2009, method: nisc}\n"), -1);
	assert_int_equal(import_text(f, "bad9.yaml", "format: selfcheck-history/1\nyears:\n"
				     "  - {fiscal_year: 2009, organizations: {mofa: {grades: {grasp: A}}}}\n"), -1);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate"), before);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate WHERE fiscal_year = 2009"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM history_method"), 0);
}

/* Format /2: the year's method, attainment of both kinds, grades beside their rates or
 * alone; importing the year again without a method forgets the method. */
static void test_history_format_2(void **state)
{
	struct fx *f = *state;
	assert_int_equal(import_text(f, "h.yaml",
				     "format: selfcheck-history/2\n"
				     "organizations: [{code: env, name: 環境省}]\n"
				     "years:\n"
				     "  - fiscal_year: 2011\n"
				     "    method: pooled\n"
				     "    government:\n"
				     "      attainment_items: {staff: {100: 66.9, 95: 72.6, 90: 78.3}}\n"
				     "    organizations:\n"
				     "      env:\n"
				     "        grades: {implementation: B, grasp: A}\n"
				     "        implementation: {all: 99.0, staff: 91.0}\n"
				     "        attainment_persons: {all: {100: 50, 90: 80.5}}\n"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM history_method WHERE fiscal_year = 2011 AND method = 'pooled'"), 1);
	assert_int_equal(count(f, "SELECT tenths FROM history_rate WHERE org = '' AND metric = 'attainment_items_95'"
			       " AND grp = 'staff'"), 726);
	assert_int_equal(count(f, "SELECT tenths FROM history_rate WHERE org = 'env' AND metric = 'attainment_persons_90'"
			       " AND grp = 'all'"), 805);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate WHERE org = 'env' AND metric = 'implementation'"
			       " AND grp = 'all' AND tenths = 990 AND grade = 'B'"), 1);
	/* only the grade of the grasp rate was published */
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate WHERE org = 'env' AND metric = 'grasp'"
			       " AND grp = 'all' AND tenths IS NULL AND grade = 'A'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate WHERE org = 'env' AND grp = 'staff' AND grade IS NULL"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate"), 8);
	assert_int_equal(import_text(f, "h2.yaml", "format: selfcheck-history/2\nyears:\n"
				     "  - {fiscal_year: 2011, government: {implementation: {all: 99.0}}}\n"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM history_method"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM history_rate"), 1);
}

/* Two organisations' FY2012 tallies: staff 90% and 100% implemented (unweighted 95%). */
static void put_tallies(struct fx *f)
{
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_put_quest(f->s, f->q), 0);
	assert_int_equal(store_put_year(f->s, 2012, f->q->digest, NULL), 0);
	struct tally *a = fixture_tally(f->q, "aaa", 1);
	fixture_role(a, ROLE_STAFF, 10, 10);
	fixture_item(a, ROLE_STAFF, "S-01", 9, 1, 0);
	fixture_item(a, ROLE_STAFF, "S-02", 9, 1, 0);
	struct tally *b = fixture_tally(f->q, "bbb", 2);
	fixture_role(b, ROLE_STAFF, 4, 2);
	fixture_item(b, ROLE_STAFF, "S-01", 2, 0, 0);
	fixture_item(b, ROLE_STAFF, "S-02", 2, 0, 0);
	assert_int_equal(store_put_tally(f->s, a), 0);
	assert_int_equal(store_put_tally(f->s, b), 0);
	assert_int_equal(store_commit(f->s), 0);
	tally_free(a);
	tally_free(b);
}

static void test_trend_mixes_sources(void **state)
{
	struct fx *f = *state;
	assert_int_equal(import_text(f, "h.yaml", HISTORY), 0);
	put_tallies(f);
	struct trend *t;
	/* Every year by its own method: nisc for the compiled year and the published ones. */
	assert_int_equal(trend_build(f->s, 2009, 2012, NULL, false, &t), 0);
	assert_int_equal(t->year_count, 4);
	/* 2009: nothing known. */
	assert_int_equal(trend_implementation(t, 2009, GROUP_ALL)->source, TREND_NONE);
	assert_int_equal(trend_implementation(t, 2009, GROUP_ALL)->tenths, -1);
	/* 2010 and 2011 from history, graded from the published value. */
	const struct trend_point *p = trend_implementation(t, 2010, GROUP_SYSTEM_OFFICERS);
	assert_int_equal(p->source, TREND_HISTORY);
	assert_int_equal(p->tenths, 993);
	assert_int_equal(p->grade, 'B');
	assert_int_equal(trend_grasp(t, 2010, GROUP_ALL)->grade, 'A');
	assert_int_equal(trend_implementation(t, 2011, GROUP_STAFF)->tenths, 799);
	assert_int_equal(trend_implementation(t, 2011, GROUP_STAFF)->grade, 'C');
	assert_int_equal(trend_implementation(t, 2011, GROUP_SYSTEM_OFFICERS)->source, TREND_NONE);
	/* 2012 has tallies: they take precedence over the history row (12.3). */
	p = trend_implementation(t, 2012, GROUP_STAFF);
	assert_int_equal(p->source, TREND_TALLY);
	assert_int_equal(p->tenths, 950);
	assert_int_equal(trend_grasp(t, 2012, GROUP_STAFF)->tenths, 750);   /* (100 + 50) / 2 */
	assert_int_equal(trend_implementation(t, 2012, GROUP_OFFICERS)->source, TREND_NONE);
	/* The break before 2011 lies inside the span. */
	assert_int_equal(t->break_count, 1);
	assert_int_equal(t->breaks[0].fiscal_year, 2011);
	assert_string_equal(t->breaks[0].note_en, "not comparable");
	assert_string_equal(t->source_en, "Annual report");
	assert_null(trend_implementation(t, 2013, GROUP_STAFF));
	assert_null(trend_grasp(t, 2008, GROUP_STAFF));
	trend_free(t);
	/* The compiled year computed by another method than the published years: a break. */
	assert_int_equal(trend_build(f->s, 2009, 2012, &(struct ratetab_spec){RATE_METHOD_POOLED, RATETAB_UNWEIGHTED, RATE_DEFAULT_SCALE}, true, &t), 0);
	assert_int_equal(t->break_count, 2);
	assert_int_equal(t->breaks[1].fiscal_year, 2012);
	assert_string_equal(t->breaks[1].note_en, "The method changed (mean over subjects (NISC method) to all answers pooled).");
	trend_free(t);
	/* Headcount weighting pools the counts: 18 of 20 + 4 of 4 = 22/24. */
	assert_int_equal(trend_build(f->s, 2012, 2012, &(struct ratetab_spec){RATE_METHOD_POOLED, RATETAB_HEADCOUNT, RATE_DEFAULT_SCALE}, true, &t), 0);
	assert_int_equal(trend_implementation(t, 2012, GROUP_STAFF)->tenths, 917);
	assert_int_equal(t->break_count, 0);
	trend_free(t);
	trend_free(NULL);
}

/* One organisation's history: FY2010 published, FY2011 under the pooled method, FY2012 also
 * published but compiled too (the tally wins). */
static const char ORG_HISTORY[] =
	"format: selfcheck-history/2\n"
	"years:\n"
	"  - fiscal_year: 2010\n"
	"    method: nisc\n"
	"    organizations:\n"
	"      aaa:\n"
	"        implementation: {staff: 80.0, all: 85.0}\n"
	"        attainment_items: {staff: {100: 50}}\n"
	"        attainment_persons: {all: {90: 75.5}}\n"
	"        grades: {grasp: B, implementation: B}\n"
	"  - fiscal_year: 2011\n"
	"    method: pooled\n"
	"    organizations:\n"
	"      aaa: {grasp: {all: 99.9}}\n"
	"  - fiscal_year: 2012\n"
	"    organizations:\n"
	"      aaa: {implementation: {staff: 12.3}}\n";

static void test_trend_org(void **state)
{
	struct fx *f = *state;
	assert_int_equal(import_text(f, "h.yaml", HISTORY), 0);
	put_tallies(f);
	assert_int_equal(import_text(f, "org.yaml", ORG_HISTORY), 0);
	struct trend_org *t;
	assert_int_equal(trend_org_build(f->s, "aaa", 2008, 2012, NULL, false, &t), 0);
	assert_string_equal(t->org.code, "aaa");
	assert_int_equal(t->year_count, 5);
	/* 2008, 2009: nothing known (2009 is not even in the store) */
	for (int year = 2008; year <= 2009; year++) {
		const struct trend_org_year *oy = trend_org_year(t, year);
		assert_int_equal(oy->source, TREND_NONE);
		for (int g = 0; g <= GROUP_ALL; g++) {
			assert_int_equal(oy->implementation[g].source, TREND_NONE);
			assert_int_equal(oy->implementation[g].tenths, -1);
			assert_int_equal(oy->grasp[g].source, TREND_NONE);
		}
	}
	/* 2010 from history: rates graded from the published value, a grade published alone */
	const struct trend_org_year *oy = trend_org_year(t, 2010);
	assert_int_equal(oy->source, TREND_HISTORY);
	assert_int_equal(oy->method, RATE_METHOD_NISC);
	assert_int_equal(oy->implementation[GROUP_STAFF].tenths, 800);
	assert_int_equal(oy->implementation[GROUP_STAFF].grade, 'B');
	assert_int_equal(oy->implementation[GROUP_ALL].tenths, 850);
	assert_int_equal(oy->grasp[GROUP_ALL].source, TREND_HISTORY);
	assert_int_equal(oy->grasp[GROUP_ALL].tenths, -1);
	assert_int_equal(oy->grasp[GROUP_ALL].grade, 'B');
	assert_int_equal(oy->attainment_items[GROUP_STAFF][0].tenths, 500);
	assert_int_equal(oy->attainment_items[GROUP_STAFF][0].grade, 0);
	assert_int_equal(oy->attainment_items[GROUP_STAFF][1].source, TREND_NONE);
	assert_int_equal(oy->attainment_persons[GROUP_ALL][2].tenths, 755);
	assert_int_equal(oy->implementation[GROUP_OFFICERS].source, TREND_NONE);
	/* 2011: the pooled year */
	oy = trend_org_year(t, 2011);
	assert_int_equal(oy->source, TREND_HISTORY);
	assert_int_equal(oy->method, RATE_METHOD_POOLED);
	assert_int_equal(oy->grasp[GROUP_ALL].tenths, 999);
	assert_int_equal(oy->grasp[GROUP_ALL].grade, 'B');
	/* 2012 from the tally through the rate model, not the history row (12.3): staff 18 of 20
	 * implemented, 10 of 10 submitted; both items at 90% (attainment 0 / 0 / 100); the whole
	 * under nisc is the staff role's rate; persons are unknown in this tally */
	oy = trend_org_year(t, 2012);
	assert_int_equal(oy->source, TREND_TALLY);
	assert_int_equal(oy->method, RATE_METHOD_NISC);
	assert_int_equal(oy->implementation[GROUP_STAFF].tenths, 900);
	assert_int_equal(oy->implementation[GROUP_STAFF].grade, 'B');
	assert_int_equal(oy->implementation[GROUP_STAFF].source, TREND_TALLY);
	assert_int_equal(oy->grasp[GROUP_STAFF].tenths, 1000);
	assert_int_equal(oy->grasp[GROUP_STAFF].grade, 'A');
	assert_int_equal(oy->implementation[GROUP_ALL].tenths, 900);
	assert_int_equal(oy->grasp[GROUP_ALL].source, TREND_NONE);
	assert_int_equal(oy->attainment_items[GROUP_STAFF][0].tenths, 0);
	assert_int_equal(oy->attainment_items[GROUP_STAFF][1].tenths, 0);
	assert_int_equal(oy->attainment_items[GROUP_STAFF][2].tenths, 1000);
	assert_int_equal(oy->attainment_persons[GROUP_STAFF][0].source, TREND_NONE);
	assert_int_equal(oy->implementation[GROUP_OFFICERS].source, TREND_NONE);
	/* the declared break before 2011 carries the change of method too; another before 2012 */
	assert_int_equal(t->break_count, 2);
	assert_int_equal(t->breaks[0].fiscal_year, 2011);
	assert_string_equal(t->breaks[0].note_en, "not comparable The method changed (mean over subjects "
			    "(NISC method) to all answers pooled).");
	assert_int_equal(t->breaks[1].fiscal_year, 2012);
	assert_string_equal(t->breaks[1].note_en, "The method changed (all answers pooled to mean over "
			    "subjects (NISC method)).");
	assert_true(trend_org_break_before(t, 2012));
	assert_false(trend_org_break_before(t, 2010));
	assert_null(trend_org_year(t, 2013));
	assert_null(trend_org_year(t, 2007));
	trend_org_free(t);

	/* The compiled year by the method recorded for it: pooled, like 2011 — no break between
	 * them; the grasp of the whole then pools sheets (10 of 10). */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_set_year_method(f->s, 2012, RATE_METHOD_POOLED), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(trend_org_build(f->s, "aaa", 2011, 2012, NULL, false, &t), 0);
	assert_int_equal(t->break_count, 0);
	assert_int_equal(trend_org_year(t, 2012)->method, RATE_METHOD_POOLED);
	assert_int_equal(trend_org_year(t, 2012)->grasp[GROUP_ALL].tenths, 1000);
	trend_org_free(t);
	/* --method forces the compiled years only: nisc for 2012 against the pooled 2011 */
	struct ratetab_spec nisc = {RATE_METHOD_NISC, RATETAB_UNWEIGHTED, RATE_DEFAULT_SCALE};
	assert_int_equal(trend_org_build(f->s, "aaa", 2011, 2012, &nisc, true, &t), 0);
	assert_int_equal(t->break_count, 1);
	assert_int_equal(t->breaks[0].fiscal_year, 2012);
	assert_int_equal(trend_org_year(t, 2011)->method, RATE_METHOD_POOLED);
	trend_org_free(t);

	/* An organisation with a tally and no history: the years before it are none, no break. */
	assert_int_equal(trend_org_build(f->s, "bbb", 2012, 2012, NULL, false, &t), 0);
	assert_int_equal(trend_org_year(t, 2012)->implementation[GROUP_STAFF].tenths, 1000);
	trend_org_free(t);
	assert_int_equal(trend_org_build(f->s, "bbb", 2009, 2011, NULL, false, &t), 0);
	for (int year = 2009; year <= 2011; year++)
		assert_int_equal(trend_org_year(t, year)->source, TREND_NONE);
	assert_int_equal(t->break_count, 1); /* the declared one */
	trend_org_free(t);

	/* An organisation the store does not know, and a bad span. */
	t = (struct trend_org *)1;
	assert_int_equal(trend_org_build(f->s, "zzz", 2011, 2012, NULL, false, &t), -1);
	assert_null(t);
	assert_int_equal(trend_org_build(f->s, "aaa", 2012, 2011, NULL, false, &t), -1);
	assert_null(t);
	trend_org_free(NULL);
}

static void test_trend_bad_span(void **state)
{
	struct fx *f = *state;
	struct trend *t;
	assert_int_equal(trend_build(f->s, 2012, 2010, &(struct ratetab_spec){RATE_METHOD_POOLED, RATETAB_UNWEIGHTED, RATE_DEFAULT_SCALE}, true, &t), -1);
	assert_null(t);
}

int main(void)
{
	diag_set_program("test_trend");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_history_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_errors_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_format_2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend_mixes_sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend_org, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend_bad_span, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
