/* Unit tests for clock: stored UTC times read back in the local zone, and the choice of zone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static void parsing(void **state)
{
	(void)state;
	time_t t;
	assert_int_equal(clock_parse_utc("2026-12-01T21:45:04Z", &t), 0);
	assert_int_equal((long long)t, 1796161504LL);
	assert_int_equal(clock_parse_utc("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal((long long)t, 0);
	assert_int_equal(clock_parse_utc(NULL, &t), -1);
	assert_int_equal(clock_parse_utc("", &t), -1);
	assert_int_equal(clock_parse_utc("2026-12-01 21:45:04", &t), -1);
	assert_int_equal(clock_parse_utc("2026-12-01T21:45:04+09:00", &t), -1);
	assert_int_equal(clock_parse_utc("2026-13-01T21:45:04Z", &t), -1);
	assert_int_equal(clock_parse_utc("2026-12-01T21:45:04Zx", &t), -1);
}

static void local_forms(void **state)
{
	(void)state;
	char buf[CLOCK_TEXT_SIZE];
	setenv("TZ", "JST-9", 1);
	tzset();
	/* 21:45 UTC on the 1st is 06:45 on the 2nd in Japan. */
	assert_string_equal(clock_iso_local("2026-12-01T21:45:04Z", buf, sizeof buf), "2026-12-02T06:45:04+09:00");
	assert_string_equal(clock_display("2026-12-01T21:45:04Z", buf, sizeof buf), "2026-12-02 06:45:04 JST");
	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	tzset();
	assert_string_equal(clock_iso_local("2026-12-01T21:45:04Z", buf, sizeof buf), "2026-12-01T16:45:04-05:00");
	assert_string_equal(clock_display("2026-07-01T12:00:00Z", buf, sizeof buf), "2026-07-01 08:00:00 EDT");
	/* A zone without a name shows its offset. */
	setenv("TZ", "<+0530>-5:30", 1);
	tzset();
	assert_string_equal(clock_display("2026-12-01T21:45:04Z", buf, sizeof buf), "2026-12-02 03:15:04 +05:30");
	assert_string_equal(clock_iso_local("2026-12-01T21:45:04Z", buf, sizeof buf), "2026-12-02T03:15:04+05:30");
	/* What does not parse is shown as it is. */
	assert_string_equal(clock_display("yesterday", buf, sizeof buf), "yesterday");
	assert_string_equal(clock_iso_local(NULL, buf, sizeof buf), "");
}

static void zone_choice(void **state)
{
	(void)state;
	char buf[CLOCK_TEXT_SIZE];
	/* A TZ the user set is kept whatever the language (the machine's own zone, and Japan on a
	 * machine on UTC, are checked end to end in t1014, where TZ can be unset). */
	setenv("TZ", "EST5", 1);
	clock_zone_init("ja");
	assert_string_equal(getenv("TZ"), "EST5");
	clock_zone_init("en");
	assert_string_equal(getenv("TZ"), "EST5");
	assert_string_equal(clock_display("2026-12-01T21:45:04Z", buf, sizeof buf), "2026-12-01 16:45:04 EST");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parsing),
		cmocka_unit_test(local_forms),
		cmocka_unit_test(zone_choice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
