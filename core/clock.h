/*
 * clock: the times a person reads, in local time.
 *
 * The store keeps every time in UTC as "2026-12-01T21:45:04Z" (store_now). What a person
 * reads — a receipt, a review screen, `survey show`, the activity log — is shown in the
 * local time zone, and times written to files (CSV) are ISO 8601 with the offset
 * ("2026-12-02T06:45:04+09:00"), so a spreadsheet or a script reads them unambiguously.
 *
 * The local zone is the TZ environment variable when it is set, otherwise the machine's
 * own (/etc/localtime); a machine without a zone of its own (UTC) shows Japan Standard Time
 * to Japanese readers, who are the people the self-check is for.
 *
 * Every function writes into the caller's buffer (CLOCK_TEXT_SIZE bytes are always enough)
 * and returns it; nothing is allocated.
 */
#ifndef SELFCHECK_CLOCK_H
#define SELFCHECK_CLOCK_H

#include <stddef.h>
#include <time.h>

#define CLOCK_TEXT_SIZE 80

/* Chooses the local zone for readers of lang ("ja", "en"; NULL counts as Japanese) by the
 * rule above; may be called again with another language (the last call wins). Changes the
 * process's TZ only when the user did not set it. */
void clock_zone_init(const char *lang);

/* Parses a stored UTC time "YYYY-MM-DDTHH:MM:SSZ". Returns 0 and *out, or -1 (not reported)
 * when text is NULL or not of that form. */
int clock_parse_utc(const char *text, time_t *out);

/* The stored UTC time as ISO 8601 in local time with its offset, "2026-12-02T06:45:04+09:00";
 * text that does not parse is copied unchanged ("" for NULL). */
char *clock_iso_local(const char *utc, char *buf, size_t size);

/* The stored UTC time for reading, "2026-12-02 06:45:04 JST" (the zone's abbreviation, or
 * its offset "+09:00" when the zone has no name); text that does not parse is copied
 * unchanged ("" for NULL). */
char *clock_display(const char *utc, char *buf, size_t size);

#endif
