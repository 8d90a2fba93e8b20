/* era: Japanese era names of fiscal years. */
#include "core/era.h"

#include <stdio.h>
#include <string.h>

/* An era is in force on 31 March of year Y when its start is on or before that day. */
static const struct {
	int first_year, first_month, first_day;
	const char *name, *letter;
} eras[] = {
	{2019, 5, 1, "令和", "R"},
	{1989, 1, 8, "平成", "H"},
	{1926, 12, 25, "昭和", "S"},
};

void era_of_fiscal_year(int fiscal_year, const char **name_ja, const char **letter, int *year)
{
	int end_year = fiscal_year + 1; /* the fiscal year ends on 31 March of N+1 */
	for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
		int starts_before_end = eras[i].first_year < end_year ||
			(eras[i].first_year == end_year && eras[i].first_month <= 3);
		/* FY1988 ends under 平成 but has no 平成 year of its own: it stays 昭和63年度. */
		int has_year = fiscal_year >= eras[i].first_year;
		if ((starts_before_end && has_year) || i + 1 == sizeof eras / sizeof eras[0]) {
			*name_ja = eras[i].name;
			*letter = eras[i].letter;
			*year = fiscal_year - eras[i].first_year + 1;
			return;
		}
	}
}

char *era_fiscal_year_ja(int fiscal_year, char *buf, size_t size)
{
	const char *name, *letter;
	int year;
	era_of_fiscal_year(fiscal_year, &name, &letter, &year);
	if (year == 1)
		snprintf(buf, size, "%s元年度", name);
	else
		snprintf(buf, size, "%s%d年度", name, year);
	return buf;
}

char *era_fiscal_year_short(int fiscal_year, char *buf, size_t size)
{
	const char *name, *letter;
	int year;
	era_of_fiscal_year(fiscal_year, &name, &letter, &year);
	snprintf(buf, size, "%s%d", letter, year);
	return buf;
}

char *era_fiscal_year_en(int fiscal_year, char *buf, size_t size)
{
	snprintf(buf, size, "FY%d", fiscal_year);
	return buf;
}

char *era_fiscal_year(int fiscal_year, const char *lang, char *buf, size_t size)
{
	if (lang && strcmp(lang, "en") == 0)
		return era_fiscal_year_en(fiscal_year, buf, size);
	return era_fiscal_year_ja(fiscal_year, buf, size);
}
