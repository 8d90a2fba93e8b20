/*
 * era: fiscal-year names (docs/metrics.md).
 *
 * Fiscal year N runs from April N to March N+1. In Japanese it is named in the era in force
 * on 31 March of N+1, counted from that era's first calendar year, with 元 for year 1:
 * 1989 → 平成元年度, 2012 → 平成24年度, 2019 → 令和元年度. Short form H24 / R1; English FY2012.
 * FY1988, which ends under 平成 but begins in 昭和 63, stays 昭和63年度; years before use 昭和 (S). Functions write into a caller's buffer and return it.
 */
#ifndef SELFCHECK_ERA_H
#define SELFCHECK_ERA_H

#include <stddef.h>

/* The fiscal years the toolkit accepts wherever a year is given (command lines, files, dates):
 * from the first of 平成 to far enough ahead. */
#define FISCAL_YEAR_MIN 1989
#define FISCAL_YEAR_MAX 2200

/* "平成24年度" (ASCII digits) into buf; returns buf. size >= 32 is always enough. */
char *era_fiscal_year_ja(int fiscal_year, char *buf, size_t size);
/* "H24" / "R6" into buf; returns buf. */
char *era_fiscal_year_short(int fiscal_year, char *buf, size_t size);
/* "FY2012" into buf; returns buf. */
char *era_fiscal_year_en(int fiscal_year, char *buf, size_t size);
/* The fiscal year in the given language ("ja": 平成24年度, else FY2012). */
char *era_fiscal_year(int fiscal_year, const char *lang, char *buf, size_t size);
/* The era's Japanese name and year number for fiscal year N (year 1 = 元). */
void era_of_fiscal_year(int fiscal_year, const char **name_ja, const char **letter, int *year);

#endif
