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
