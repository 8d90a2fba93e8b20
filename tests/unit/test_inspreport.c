/* Unit tests for renderer/inspreport and the labels it uses: the values a template quotes for
 * the focused inspection (whole-percent rates with the systems pooled, counts of systems and
 * "about" counts, the lowest item, the reference date in the era of the day) and when its
 * tables have rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "renderer/inspreport.h"
#include "renderer/label.h"
#include "ratetab_fixture.h"

static void test_labels(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(label_percent(95, "ja", buf, sizeof buf), "95％");
	assert_string_equal(label_percent(100, "en", buf, sizeof buf), "100%");
	assert_string_equal(label_percent(-1, "ja", buf, sizeof buf), "－");
	assert_string_equal(label_date("2012-12-01", "ja", buf, sizeof buf), "平成24年12月1日");
	assert_string_equal(label_date("2019-04-30", "ja", buf, sizeof buf), "平成31年4月30日");
	assert_string_equal(label_date("2019-05-01", "ja", buf, sizeof buf), "令和元年5月1日");
	assert_string_equal(label_date("2026-12-01", "ja", buf, sizeof buf), "令和8年12月1日");
	assert_string_equal(label_date("2012-12-01", "en", buf, sizeof buf), "1 December 2012");
	assert_string_equal(label_date("soon", "ja", buf, sizeof buf), "soon");
}

static void test_values(void **state)
{
	(void)state;
	struct quest *q = fixture_quest_inspection();
	struct tally *t[3] = {fixture_tally(q, "big", 1), fixture_tally(q, "small", 2), fixture_tally(q, "none", 3)};
	for (int i = 0; i < 3; i++)
		fixture_role(t[i], ROLE_STAFF, 1, 1);
	fixture_systems(t[0], "web_server", 654);
	fixture_system_item(t[0], "W-01", 600, 4, 50);   /* with small: 605 of 614, 98.5% → 99 */
	fixture_system_item(t[0], "W-02", 10, 10, 634);
	fixture_systems(t[0], "mail_domain", 9);
	fixture_system_item(t[0], "D-01", 7, 2, 0);      /* 78% */
	fixture_systems(t[1], "web_server", 10);
	fixture_system_item(t[1], "W-01", 5, 5, 0);
	struct ratetab *rt;
	assert_int_equal(ratetab_build(q, t, 3, NULL, &rt), 0);
	char buf[128];
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "gov.inspection.W-01", buf, sizeof buf), "99％");
	assert_string_equal(inspreport_lookup(rt, &rt->orgs[1], "ja", "org.inspection.W-01", buf, sizeof buf), "50％");
	assert_string_equal(inspreport_lookup(rt, &rt->orgs[2], "en", "org.inspection.W-01", buf, sizeof buf), "-");
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "gov.systems.web_server", buf, sizeof buf), "664");
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "gov.systems_about.web_server", buf, sizeof buf), "660");
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "gov.systems_about.mail_domain", buf, sizeof buf), "9");
	assert_string_equal(inspreport_lookup(rt, &rt->orgs[0], "ja", "org.systems.mail_domain", buf, sizeof buf), "9");
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "gov.inspection_lowest.web_server", buf, sizeof buf), "50％");
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "gov.inspection_lowest_item", buf, sizeof buf), "項目二");
	assert_string_equal(inspreport_lookup(rt, NULL, "en", "gov.inspection_lowest_item_kind", buf, sizeof buf),
			    "Public web servers");
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "gov.inspection_lowest_item_rate", buf, sizeof buf), "50％");
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "inspection.reference_date", buf, sizeof buf),
			    "平成24年12月1日");
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "gov.systems.network", buf, sizeof buf), "－");
	assert_null(inspreport_lookup(rt, NULL, "ja", "gov.grasp.all", buf, sizeof buf));
	/* tables: the organisation without the section has none; the others have rows */
	assert_null(inspreport_org_table(rt, &rt->orgs[2], "ja", "x"));
	struct pdfdoc_table *tb = inspreport_org_table(rt, &rt->orgs[1], "ja", "x");
	assert_non_null(tb);
	pdfdoc_table_free(tb);
	tb = inspreport_results_table(rt, "en", "x");
	assert_non_null(tb);
	pdfdoc_table_free(tb);
	tb = inspreport_items_table(q, "ja", "x");
	assert_non_null(tb);
	pdfdoc_table_free(tb);
	ratetab_free(rt);
	for (int i = 0; i < 3; i++)
		tally_free(t[i]);
	/* a questionnaire without the inspection: no tables, dashes */
	struct quest *plain = fixture_quest();
	struct tally *one = fixture_tally(plain, "one", 1);
	fixture_role(one, ROLE_STAFF, 1, 1);
	assert_int_equal(ratetab_build(plain, &one, 1, NULL, &rt), 0);
	assert_null(inspreport_items_table(plain, "ja", "x"));
	assert_null(inspreport_results_table(rt, "ja", "x"));
	assert_string_equal(inspreport_lookup(rt, NULL, "ja", "inspection.reference_date", buf, sizeof buf), "－");
	ratetab_free(rt);
	tally_free(one);
	quest_free(plain);
	quest_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_values),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	pdfdoc_shutdown();
	return rc;
}
