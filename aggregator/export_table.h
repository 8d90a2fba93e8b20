/*
 * export_table: a grid as an aligned text table for a terminal, with Japanese or English
 * headings. Columns are padded by display width (wide characters count two); numbers are
 * right-aligned. Japanese output writes rates with ％ and grades as Ａ–Ｄ, English with % and
 * A–D; undefined values print as a dash. Text cells pass through text_sanitize().
 */
#ifndef SELFCHECK_AGGREGATOR_EXPORT_TABLE_H
#define SELFCHECK_AGGREGATOR_EXPORT_TABLE_H

#include <stdio.h>

#include "aggregator/grid.h"

/* Writes g to out in lang ("en" English, anything else Japanese); returns 0, or -1 after
 * reporting a write error on name. */
int export_table_write(const struct grid *g, const char *lang, FILE *out, const char *name);

#endif
