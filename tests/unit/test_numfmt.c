/* Unit tests for renderer/numfmt: with the fast path on, snprintf and __snprintf_chk must give
 * exactly what the C library's vsnprintf gives — the same text, the same length, the same
 * truncation — for every double (random bit patterns, coordinates, ties at every precision,
 * subnormals, the edges of what is done here) and every int or long, and leave every other
 * format to the C library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "renderer/numfmt.h"
#include "xorshift.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...);

/* the truncation test cuts output on purpose */
#pragma GCC diagnostic ignored "-Wformat-truncation"

/* The C library's own text. */
static int reference(char *s, size_t n, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int len = vsnprintf(s, n, format, ap);
	va_end(ap);
	return len;
}

static uint64_t state = 0x9E3779B97F4A7C15ULL;
static uint64_t next_random(void)
{
	return xorshift64(&state);
}

static double random_double_bits(void)
{
	uint64_t b = next_random();
	double d;
	memcpy(&d, &b, sizeof d);
	return d;
}

static long checked;

#define SAME(fmt, ...)                                                                          \
	do {                                                                                    \
		char want[512], got[512], got_chk[512];                                         \
		int lw = reference(want, sizeof want, fmt, __VA_ARGS__);                        \
		int lg = snprintf(got, sizeof got, fmt, __VA_ARGS__);                           \
		int lc = __snprintf_chk(got_chk, sizeof got_chk, 1, sizeof got_chk, fmt, __VA_ARGS__); \
		if (lw != lg || strcmp(want, got) || lw != lc || strcmp(want, got_chk))         \
			fail_msg("format \"%s\": the C library gives \"%s\" (%d), numfmt \"%s\" (%d) and \"%s\" (%d)", \
				 fmt, want, lw, got, lg, got_chk, lc);                           \
		checked++;                                                                      \
	} while (0)

static void every_fixed_format(double d)
{
	SAME("%f", d);
	SAME("%.3f", d);
	SAME("%.18f", d);
	SAME("%.0f", d);
	SAME("%.1f", d);
	SAME("%.9f", d);
	int p = (int)(next_random() % 19);
	SAME("%.*f", p, d);
}

static void test_random_bit_patterns(void **state_)
{
	(void)state_;
	numfmt_fast(true);
	for (int i = 0; i < 100000; i++)
		every_fixed_format(random_double_bits());
	numfmt_fast(false);
}

static void test_coordinates_and_small_values(void **state_)
{
	(void)state_;
	numfmt_fast(true);
	static const double scale[] = {1e-12, 1e-7, 1e-4, 0.1, 1, 100, 1000, 1e4, 1e6, 1e12, 1e18};
	for (int i = 0; i < 150000; i++) {
		double unit = (double)(next_random() >> 11) / 9007199254740992.0; /* [0, 1) */
		double d = (unit - 0.5) * 2 * scale[i % 11];
		every_fixed_format(d);
	}
	numfmt_fast(false);
}

/* Exact ties at each precision: k + 0.5 units of the last place, where that is a double. */
static void test_ties_round_to_even(void **state_)
{
	(void)state_;
	numfmt_fast(true);
	for (int k = -2000; k <= 2000; k++) {
		for (int j = 1; j <= 20; j++) {
			double d = ldexp((double)(2 * k + 1), -j); /* (2k+1)/2^j: a tie at some precision */
			every_fixed_format(d);
			every_fixed_format(-d);
		}
	}
	static const double edges[] = {0.0, -0.0, 0.5, 1.5, 2.5, -0.5, 0.125, 0.375, 1e-300, -1e-300,
				       DBL_MIN, -DBL_MIN, DBL_TRUE_MIN, 5e-324, DBL_MAX, -DBL_MAX,
				       18446744073709549568.0, 18446744073709551616.0, 9007199254740993.0,
				       INFINITY, -INFINITY, NAN, 0.1, 0.2, 0.3, 595.276, 841.89, 0.05,
				       0.999999999, 0.9999995, 0.0000005, 1e-6, 123456789.123456789};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		every_fixed_format(edges[i]);
	numfmt_fast(false);
}

static void test_integers(void **state_)
{
	(void)state_;
	numfmt_fast(true);
	static const long edges[] = {0, 1, -1, 9, 10, -10, INT_MAX, INT_MIN, LONG_MAX, LONG_MIN, 1000000007};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		SAME("%ld", edges[i]);
		SAME("%lu", (unsigned long)edges[i]);
		SAME("%d", (int)edges[i]);
		SAME("%u", (unsigned)edges[i]);
	}
	for (int i = 0; i < 100000; i++) {
		uint64_t r = next_random();
		SAME("%d", (int)r);
		SAME("%ld", (long)r);
		SAME("%u", (unsigned)(r >> 7));
		SAME("%lu", (unsigned long)r >> (r & 63));
	}
	numfmt_fast(false);
}

/* Short buffers: the same truncated text and the same full length. */
static void test_truncation(void **state_)
{
	(void)state_;
	numfmt_fast(true);
	for (size_t n = 0; n < 12; n++) {
		char want[16] = "xxxxxxxxxxxxxxx", got[16] = "xxxxxxxxxxxxxxx";
		int lw = reference(want, n, "%f", -1234.5678);
		int lg = snprintf(got, n, "%f", -1234.5678);
		assert_int_equal(lw, lg);
		assert_memory_equal(want, got, sizeof want);
		lw = reference(want, n, "%d", -123456789);
		lg = snprintf(got, n, "%d", -123456789);
		assert_int_equal(lw, lg);
		assert_memory_equal(want, got, sizeof want);
	}
	numfmt_fast(false);
}

/* Formats the fast path does not take, and every format while it is off, are the C
 * library's; so is "%.*f" with a precision out of range. */
static void test_other_formats_untouched(void **state_)
{
	(void)state_;
	for (int on = 0; on < 2; on++) {
		numfmt_fast(on);
		SAME("%5.2f", 3.14159);
		SAME("x%d", 42);
		SAME("%e", 12345.678);
		SAME("%g", 0.0001);
		SAME("%s-%d", "a", 7);
		SAME("%.*f", -1, 2.5);
		SAME("%.*f", 25, 1.0 / 3);
		SAME("%.19f", 1.0 / 3);
		SAME("%.f", 2.5);
		SAME("%f", 1e300);
		SAME("%%%d", 5);
		SAME("%x", 255);
	}
	numfmt_fast(false);
	SAME("%f", 595.276);
	SAME("%d", -7);
}

static void test_enough_checked(void **state_)
{
	(void)state_;
	assert_true(checked > 3000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_bit_patterns),
		cmocka_unit_test(test_coordinates_and_small_values),
		cmocka_unit_test(test_ties_round_to_even),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_other_formats_untouched),
		cmocka_unit_test(test_enough_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
