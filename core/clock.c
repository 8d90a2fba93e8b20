/* clock: stored UTC times shown in the local zone. */
#include "core/clock.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether TZ was set by the user before the first clock_zone_init, and whether the last
 * call set it itself. The process has one time zone, so this is process state by nature. */
static bool zone_checked, user_zone, our_zone;

/* Whether the machine's own zone (TZ unset) is UTC, i.e. no zone was configured. */
static bool machine_on_utc(void)
{
	tzset();
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return true;
	return tm.tm_gmtoff == 0 && (!tm.tm_zone || strcmp(tm.tm_zone, "UTC") == 0);
}

void clock_zone_init(const char *lang)
{
	if (!zone_checked) {
		const char *tz = getenv("TZ");
		user_zone = tz != NULL && *tz != '\0';
		zone_checked = true;
	}
	if (user_zone) {
		tzset();
		return;
	}
	if (our_zone) {
		unsetenv("TZ");
		our_zone = false;
	}
	bool japanese = !lang || strcmp(lang, "en") != 0;
	if (japanese && machine_on_utc()) {
		/* A POSIX zone string: needs no time zone database. */
		setenv("TZ", "JST-9", 1);
		our_zone = true;
	}
	tzset();
}

int clock_parse_utc(const char *text, time_t *out)
{
	if (!text)
		return -1;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int n = 0;
	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &n) != 6 || n != 20 || text[n] != '\0')
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

/* The local broken-down time of utc, or false when it does not parse. */
static bool local_of(const char *utc, struct tm *tm)
{
	time_t t;
	return clock_parse_utc(utc, &t) == 0 && localtime_r(&t, tm) != NULL;
}

/* "+09:00" for the offset of tm. */
static void offset_text(const struct tm *tm, char *buf, size_t size)
{
	long off = tm->tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf, size, "%c%02ld:%02ld", sign, off / 3600, off / 60 % 60);
}

static char *copy_unparsed(const char *text, char *buf, size_t size)
{
	snprintf(buf, size, "%s", text ? text : "");
	return buf;
}

char *clock_iso_local(const char *utc, char *buf, size_t size)
{
	struct tm tm;
	if (!local_of(utc, &tm))
		return copy_unparsed(utc, buf, size);
	char date[32], off[40];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	offset_text(&tm, off, sizeof off);
	snprintf(buf, size, "%s%s", date, off);
	return buf;
}

char *clock_display(const char *utc, char *buf, size_t size)
{
	struct tm tm;
	if (!local_of(utc, &tm))
		return copy_unparsed(utc, buf, size);
	char date[32], zone[40];
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
	/* A zone named only by its offset ("+09") reads better as "+09:00". */
	if (tm.tm_zone && (tm.tm_zone[0] >= 'A' && tm.tm_zone[0] <= 'Z'))
		snprintf(zone, sizeof zone, "%s", tm.tm_zone);
	else
		offset_text(&tm, zone, sizeof zone);
	snprintf(buf, size, "%s %s", date, zone);
	return buf;
}
