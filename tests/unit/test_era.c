/* Unit tests for core/era: fiscal-year names across era boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/era.h"

static void check(int year, const char *ja, const char *short_form)
{
	char buf[64];
	assert_string_equal(era_fiscal_year_ja(year, buf, sizeof buf), ja);
	assert_string_equal(era_fiscal_year_short(year, buf, sizeof buf), short_form);
}

static void published_examples(void **state)
{
	(void)state;
	check(1989, "平成元年度", "H1");
	check(2012, "平成24年度", "H24");
	check(2019, "令和元年度", "R1");
	check(2024, "令和6年度", "R6");
}

static void boundaries(void **state)
{
	(void)state;
	/* FY2018 ends on 31 March 2019, still 平成 */
	check(2018, "平成30年度", "H30");
	check(2020, "令和2年度", "R2");
	/* FY1988 ends under 平成 but has no 平成 year: it keeps its 昭和 name */
	check(1988, "昭和63年度", "S63");
	check(1990, "平成2年度", "H2");
	check(2008, "平成20年度", "H20");
}

static void english(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(era_fiscal_year_en(2012, buf, sizeof buf), "FY2012");
	assert_string_equal(era_fiscal_year(2012, "en", buf, sizeof buf), "FY2012");
	assert_string_equal(era_fiscal_year(2012, "ja", buf, sizeof buf), "平成24年度");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(published_examples),
		cmocka_unit_test(boundaries),
		cmocka_unit_test(english),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
