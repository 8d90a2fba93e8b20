/*
 * label: how the report writes its values in each language (docs/metrics.md, the reference report's
 * conventions): rates with one decimal and a full-width ％ in Japanese ("98.5％") or "%" in
 * English; grades as full-width Ａ–Ｄ in Japanese, A–D in English; fiscal years as column heads
 * ("H24年度" / "FY2012"). lang is "ja" or "en"; anything but "en" means Japanese.
 *
 * Functions write into the caller's buffer (at least 32 bytes) and return it, or return
 * string constants; nothing is allocated.
 */
#ifndef SELFCHECK_RENDERER_LABEL_H
#define SELFCHECK_RENDERER_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/org.h"
#include "core/roles.h"

/* Whether lang is "en" (NULL and anything else: Japanese). */
bool label_is_en(const char *lang);
/* Whether lang is a language the report is written in: "ja" or "en". */
bool label_lang_known(const char *lang);
/* A rate in tenths (-1: undefined, printed as a dash). ascii forces "%" in Japanese too
 * (表２-３ prints "97.5%"). */
char *label_rate(int tenths, const char *lang, bool ascii, char *buf, size_t size);
/* A grade letter 'A'..'D' (0: a dash). */
const char *label_grade(char grade, const char *lang);
/* A fiscal year as a column head: "H24年度" / "FY2012"; short_form gives "H24" / "FY2012". */
char *label_year(int fiscal_year, const char *lang, bool short_form, char *buf, size_t size);
const char *label_group(enum role_group g, const char *lang);
/* A count with thousands separated by commas ("1,000"), as the report writes counts. */
char *label_count(unsigned long long n, char *buf, size_t size);
const char *label_org(const struct org *o, const char *lang);
/* A whole percent (-1: undefined, a dash): "95％" / "95%", as the focused inspection's rates. */
char *label_percent(int percent, const char *lang, char *buf, size_t size);
/* A date written YYYY-MM-DD in the era in force that day: "平成24年12月1日" (元 for the first
 * year of an era), or "1 December 2012"; the text as given when it is not such a date. */
char *label_date(const char *iso, const char *lang, char *buf, size_t size);

#endif
