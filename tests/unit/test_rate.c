/* Unit tests for core/rate: exact rates, grades, the display rule, unweighted means. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/rate.h"

static int tenths(uint64_t num, uint64_t den)
{
	struct rate_value v;
	rate_from_counts(&v, num, den);
	return rate_display_tenths(&v, NULL);
}

static char grade(uint64_t num, uint64_t den)
{
	struct rate_value v;
	rate_from_counts(&v, num, den);
	return rate_grade(&v, NULL);
}

static const char *shown(uint64_t num, uint64_t den, enum rate_style style, char *buf)
{
	return rate_format_tenths(tenths(num, den), style, buf, 32);
}

static void zero_targets_is_undefined(void **state)
{
	(void)state;
	char buf[32];
	struct rate_value v;
	rate_from_counts(&v, 0, 0);
	assert_false(rate_defined(&v));
	assert_int_equal(rate_display_tenths(&v, NULL), -1);
	assert_int_equal(rate_grade(&v, NULL), 0);
	assert_string_equal(shown(0, 0, RATE_STYLE_PLAIN, buf), "");
	assert_string_equal(shown(0, 0, RATE_STYLE_ASCII, buf), "-");
	assert_string_equal(shown(0, 0, RATE_STYLE_FULLWIDTH, buf), "－");
	assert_string_equal(rate_grade_text(0, true), "－");
}

static void all_not_applicable_is_undefined(void **state)
{
	(void)state;
	/* implemented 0, not implemented 0: the denominator is empty whatever N/A counts. */
	assert_int_equal(tenths(0, 0 + 0), -1);
	assert_int_equal(grade(0, 0), 0);
}

static void exactly_eighty_is_b(void **state)
{
	(void)state;
	char buf[32];
	assert_int_equal(grade(1600, 2000), 'B');
	assert_string_equal(shown(1600, 2000, RATE_STYLE_PLAIN, buf), "80.0");
	assert_int_equal(grade(4, 5), 'B');
	/* one answer fewer falls to C and may not print 80.0 */
	assert_int_equal(grade(1599, 2000), 'C');
}

static void just_below_hundred_prints_below_threshold(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(shown(1999, 2000, RATE_STYLE_PLAIN, buf), "99.9");
	assert_int_equal(grade(1999, 2000), 'B');
	/* 99.96% would round to 100.0 but is not 100% */
	assert_string_equal(shown(9996, 10000, RATE_STYLE_PLAIN, buf), "99.9");
	assert_int_equal(grade(9996, 10000), 'B');
	assert_string_equal(shown(2000, 2000, RATE_STYLE_PLAIN, buf), "100.0");
	assert_int_equal(grade(2000, 2000), 'A');
}

static void clamp_at_sixty_and_eighty(void **state)
{
	(void)state;
	char buf[32];
	/* 1199/2000 = 59.95% */
	assert_string_equal(shown(1199, 2000, RATE_STYLE_PLAIN, buf), "59.9");
	assert_int_equal(grade(1199, 2000), 'D');
	/* 1599/2000 = 79.95% */
	assert_string_equal(shown(1599, 2000, RATE_STYLE_PLAIN, buf), "79.9");
	assert_int_equal(grade(1599, 2000), 'C');
	assert_int_equal(grade(1200, 2000), 'C');
	assert_string_equal(shown(1200, 2000, RATE_STYLE_PLAIN, buf), "60.0");
}

static void half_up_away_from_thresholds(void **state)
{
	(void)state;
	char buf[32];
	/* 1953/2000 = 97.65% → 97.7 */
	assert_string_equal(shown(1953, 2000, RATE_STYLE_PLAIN, buf), "97.7");
	/* 97.64999…: 195299/200000 = 97.6495% → 97.6 */
	assert_string_equal(shown(195299, 200000, RATE_STYLE_PLAIN, buf), "97.6");
	/* 1/3 = 33.333…% → 33.3; 2/3 = 66.666…% → 66.7 */
	assert_string_equal(shown(1, 3, RATE_STYLE_PLAIN, buf), "33.3");
	assert_string_equal(shown(2, 3, RATE_STYLE_PLAIN, buf), "66.7");
	assert_string_equal(shown(0, 5, RATE_STYLE_PLAIN, buf), "0.0");
	/* 0.05% rounds up to 0.1 */
	assert_string_equal(shown(1, 2000, RATE_STYLE_PLAIN, buf), "0.1");
}

static void styles(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(shown(1970, 2000, RATE_STYLE_FULLWIDTH, buf), "98.5％");
	assert_string_equal(shown(1970, 2000, RATE_STYLE_ASCII, buf), "98.5%");
	assert_string_equal(shown(1900, 2000, RATE_STYLE_FULLWIDTH, buf), "95.0％");
	assert_string_equal(rate_grade_text('A', true), "Ａ");
	assert_string_equal(rate_grade_text('D', false), "D");
}

static void inspection_rates_are_whole_percent(void **state)
{
	(void)state;
	char buf[32];
	struct rate_value v;
	rate_from_counts(&v, 189, 200); /* 94.5 → 95 */
	assert_int_equal(rate_display_percent(&v), 95);
	rate_from_counts(&v, 188, 200); /* 94.0 */
	assert_int_equal(rate_display_percent(&v), 94);
	rate_from_counts(&v, 78, 100);
	assert_string_equal(rate_format_percent(rate_display_percent(&v), RATE_STYLE_FULLWIDTH, buf, sizeof buf), "78％");
	rate_from_counts(&v, 0, 0);
	assert_int_equal(rate_display_percent(&v), -1);
}

static void unweighted_mean_is_exact(void **state)
{
	(void)state;
	struct rate_mean m;
	struct rate_value a, b, c, mean;
	rate_mean_init(&m);
	rate_from_counts(&a, 1, 3);
	rate_from_counts(&b, 2, 3);
	rate_from_counts(&c, 0, 0); /* undefined: ignored */
	assert_int_equal(rate_mean_add(&m, &a), 0);
	assert_int_equal(rate_mean_add(&m, &b), 0);
	assert_int_equal(rate_mean_add(&m, &c), 0);
	assert_int_equal(m.count, 2);
	rate_mean_result(&m, &mean);
	/* (1/3 + 2/3) / 2 = 50% exactly */
	assert_int_equal(rate_compare_tenths(&mean, 500), 0);
	assert_int_equal(rate_display_tenths(&mean, NULL), 500);

	/* 100% and 99.99…%: the mean is below 100 and must not print 100.0 nor grade A */
	rate_mean_init(&m);
	rate_from_counts(&a, 5, 5);
	rate_from_counts(&b, 99999, 100000);
	rate_mean_add(&m, &a);
	rate_mean_add(&m, &b);
	rate_mean_result(&m, &mean);
	assert_int_equal(rate_grade(&mean, NULL), 'B');
	assert_int_equal(rate_display_tenths(&mean, NULL), 999);

	/* No value: undefined */
	rate_mean_init(&m);
	rate_mean_result(&m, &mean);
	assert_false(rate_defined(&mean));
}

static void mean_of_many_large_denominators(void **state)
{
	(void)state;
	/* 40 organisations with large coprime-ish denominators stay exact. */
	struct rate_mean m;
	rate_mean_init(&m);
	for (uint64_t i = 0; i < 40; i++) {
		struct rate_value v;
		uint64_t den = 4000000000ull - i * 7919;
		rate_from_counts(&v, den, den); /* each exactly 100% */
		assert_int_equal(rate_mean_add(&m, &v), 0);
	}
	struct rate_value mean;
	rate_mean_result(&m, &mean);
	assert_int_equal(rate_compare_tenths(&mean, 1000), 0);
	assert_int_equal(rate_grade(&mean, NULL), 'A');
}

static void mean_overflow_is_reported(void **state)
{
	(void)state;
	struct rate_mean m;
	rate_mean_init(&m);
	int failed = 0;
	for (uint64_t i = 0; i < 200 && !failed; i++) {
		struct rate_value v;
		rate_from_counts(&v, 1, (1ull << 62) - 57 - 2 * i);
		failed = rate_mean_add(&m, &v) != 0;
	}
	assert_true(failed);
}

/* A mean filled to its capacity can still be computed with, graded and displayed (these once
 * aborted when the sum came near its capacity); a mean of such means is refused, not wrong. */
static void mean_at_capacity_is_usable(void **state)
{
	(void)state;
	for (int series = 0; series < 2; series++) {
		/* series 0: small rates (the sum's numerator stays small while its denominator
		 * fills every limb); series 1: rates near 100% */
		struct rate_mean m;
		rate_mean_init(&m);
		unsigned added = 0;
		for (uint64_t i = 0; i < 1000; i++) {
			struct rate_value v;
			uint64_t den = 4294967291ull - 2 * i;
			rate_from_counts(&v, series ? den - 1 - i : 1 + i % 7, den);
			if (rate_mean_add(&m, &v) != 0)
				break;
			added++;
		}
		assert_true(added > 50 && added < 1000);
		struct rate_value mean;
		rate_mean_result(&m, &mean);
		assert_true(rate_defined(&mean));
		assert_int_equal(rate_grade(&mean, NULL), series ? 'B' : 'D');
		int tenths = rate_display_tenths(&mean, NULL);
		assert_true(series ? tenths >= 990 && tenths <= 999 : tenths == 0);
		assert_int_equal(rate_display_percent(&mean), series ? 100 : 0);
		assert_true(rate_at_least_percent(&mean, 95) == (series == 1));
		/* Means of such means: refused once they do not fit, never an abort. */
		struct rate_mean outer;
		rate_mean_init(&outer);
		assert_int_equal(rate_mean_add(&outer, &mean), 0);
		assert_int_equal(rate_mean_add(&outer, &mean), -1);
		assert_int_equal(outer.count, 1);
	}
}

/* Rates over one denominator (the same targets, say) keep it: thousands of them fit. */
static void mean_over_a_common_denominator(void **state)
{
	(void)state;
	struct rate_mean m;
	rate_mean_init(&m);
	for (unsigned i = 0; i < 5000; i++) {
		struct rate_value v;
		rate_from_counts(&v, i % 2 ? 900 : 800, 1000);
		assert_int_equal(rate_mean_add(&m, &v), 0);
	}
	struct rate_value mean;
	rate_mean_result(&m, &mean);
	assert_int_equal(rate_display_tenths(&mean, NULL), 850);
	assert_int_equal(rate_grade(&mean, NULL), 'B');
}

static void attainment_thresholds(void **state)
{
	(void)state;
	assert_true(rate_counts_at_least_percent(95, 100, 95));
	assert_false(rate_counts_at_least_percent(94, 100, 95));
	assert_true(rate_counts_at_least_percent(19, 20, 95));
	assert_false(rate_counts_at_least_percent(1899, 2000, 95));
	assert_true(rate_counts_at_least_percent(10, 10, 100));
	assert_false(rate_counts_at_least_percent(9999, 10000, 100));
	struct rate_value v;
	rate_from_counts(&v, 9, 10);
	assert_true(rate_at_least_percent(&v, 90));
	assert_false(rate_at_least_percent(&v, 95));
}

static void configurable_thresholds(void **state)
{
	(void)state;
	struct grade_scale s;
	assert_int_equal(rate_scale_parse("100,90,70", &s), 0);
	assert_int_equal(s.b, 900);
	struct rate_value v;
	rate_from_counts(&v, 85, 100);
	assert_int_equal(rate_grade(&v, &s), 'C');
	assert_int_equal(rate_grade(&v, NULL), 'B');
	/* 89.96% prints 89.9 under a 90% threshold */
	rate_from_counts(&v, 8996, 10000);
	assert_int_equal(rate_display_tenths(&v, &s), 899);
	assert_int_equal(rate_display_tenths(&v, NULL), 900);
	assert_int_equal(rate_scale_parse("99.5,80,60", &s), 0);
	assert_int_equal(s.a, 995);
	assert_int_equal(rate_scale_parse("80,90,60", &s), -1);
	assert_int_equal(rate_scale_parse("100,80", &s), -1);
	assert_int_equal(rate_scale_parse("100,80,60x", &s), -1);
	assert_int_equal(rate_scale_parse("101,80,60", &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zero_targets_is_undefined),
		cmocka_unit_test(all_not_applicable_is_undefined),
		cmocka_unit_test(exactly_eighty_is_b),
		cmocka_unit_test(just_below_hundred_prints_below_threshold),
		cmocka_unit_test(clamp_at_sixty_and_eighty),
		cmocka_unit_test(half_up_away_from_thresholds),
		cmocka_unit_test(styles),
		cmocka_unit_test(inspection_rates_are_whole_percent),
		cmocka_unit_test(unweighted_mean_is_exact),
		cmocka_unit_test(mean_of_many_large_denominators),
		cmocka_unit_test(mean_overflow_is_reported),
		cmocka_unit_test(mean_at_capacity_is_usable),
		cmocka_unit_test(mean_over_a_common_denominator),
		cmocka_unit_test(attainment_thresholds),
		cmocka_unit_test(configurable_thresholds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
