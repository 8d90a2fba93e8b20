/* label: the report's number, grade and year formats per language. */
#include "renderer/label.h"

#include "core/era.h"
#include "core/rate.h"

#include <stdio.h>
#include <string.h>

bool label_is_en(const char *lang)
{
	return lang && strcmp(lang, "en") == 0;
}

bool label_lang_known(const char *lang)
{
	return lang && (strcmp(lang, "ja") == 0 || strcmp(lang, "en") == 0);
}

char *label_rate(int tenths, const char *lang, bool ascii, char *buf, size_t size)
{
	enum rate_style st = label_is_en(lang) || ascii ? RATE_STYLE_ASCII : RATE_STYLE_FULLWIDTH;
	return rate_format_tenths(tenths, st, buf, size);
}

const char *label_grade(char grade, const char *lang)
{
	return rate_grade_text(grade, !label_is_en(lang));
}

char *label_year(int fiscal_year, const char *lang, bool short_form, char *buf, size_t size)
{
	if (label_is_en(lang))
		return era_fiscal_year_en(fiscal_year, buf, size);
	char s[16];
	era_fiscal_year_short(fiscal_year, s, sizeof s);
	snprintf(buf, size, "%s%s", s, short_form ? "" : "年度");
	return buf;
}

const char *label_group(enum role_group g, const char *lang)
{
	return group_name(g, label_is_en(lang) ? "en" : "ja");
}

const char *label_org(const struct org *o, const char *lang)
{
	return org_name(o, label_is_en(lang) ? "en" : "ja");
}

char *label_count(unsigned long long n, char *buf, size_t size)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%llu", n);
	size_t o = 0;
	for (int i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = 0;
	return buf;
}

char *label_percent(int percent, const char *lang, char *buf, size_t size)
{
	return rate_format_percent(percent, label_is_en(lang) ? RATE_STYLE_ASCII : RATE_STYLE_FULLWIDTH, buf, size);
}

char *label_date(const char *iso, const char *lang, char *buf, size_t size)
{
	int y, m, d;
	if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		snprintf(buf, size, "%s", iso ? iso : "");
		return buf;
	}
	if (label_is_en(lang)) {
		static const char *const months[12] = {"January", "February", "March", "April", "May", "June", "July",
							"August", "September", "October", "November", "December"};
		snprintf(buf, size, "%d %s %d", d, months[m - 1], y);
		return buf;
	}
	/* 平成 from 8 January 1989, 令和 from 1 May 2019. */
	int ymd = y * 10000 + m * 100 + d;
	const char *era = ymd >= 20190501 ? "令和" : ymd >= 19890108 ? "平成" : "昭和";
	int n = ymd >= 20190501 ? y - 2018 : ymd >= 19890108 ? y - 1988 : y - 1925;
	char year[16];
	if (n == 1)
		snprintf(year, sizeof year, "元");
	else
		snprintf(year, sizeof year, "%d", n);
	snprintf(buf, size, "%s%s年%d月%d日", era, year, m, d);
	return buf;
}
