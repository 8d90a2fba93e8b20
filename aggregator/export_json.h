/*
 * export_json: a grid as JSON: {"columns": [codes...], "rows": [{code: value, ...}, ...]}.
 * Counts are integers, rates numbers with one decimal (98.5), grades "A"–"D"; undefined
 * values are null. Text is escaped per RFC 8259.
 */
#ifndef SELFCHECK_AGGREGATOR_EXPORT_JSON_H
#define SELFCHECK_AGGREGATOR_EXPORT_JSON_H

#include <stdio.h>

#include "aggregator/grid.h"

/* Writes g to out; returns 0, or -1 after reporting a write error on name. */
int export_json_write(const struct grid *g, FILE *out, const char *name);

#endif
