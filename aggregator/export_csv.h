/*
 * export_csv: a grid as RFC 4180 CSV (UTF-8, comma, CRLF-free "\n" line ends): a header of
 * column codes, then one line per row. Rates print with one decimal and no % sign, grades
 * as A–D, undefined values as empty fields. Text is quoted when it holds a comma or a quote;
 * control characters in text (line breaks included) are replaced by U+FFFD.
 */
#ifndef SELFCHECK_AGGREGATOR_EXPORT_CSV_H
#define SELFCHECK_AGGREGATOR_EXPORT_CSV_H

#include <stdio.h>

#include "aggregator/grid.h"

/* Writes g to out; returns 0, or -1 after reporting a write error on name. */
int export_csv_write(const struct grid *g, FILE *out, const char *name);

#endif
