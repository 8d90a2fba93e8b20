/*
 * xlsx: the coordinator's workbook (libxlsxwriter): a summary sheet (rates, grades and
 * attainment by group), an item sheet (item, clause, category, counts and rate by group), a
 * unit sheet (rates per bureau or division), a non-respondents sheet, and a native Excel
 * chart of the item rates; when the questionnaire has a focused inspection, a sheet of its
 * rates (kind, item, systems, counts, whole-percent rate) and, for a ministry, a sheet of its
 * systems with each one's answers for the coordinator's follow-up. Rates are stored as fractions with a percent number format
 * (0.0%), taken from the display value so that the cell shows exactly what `rates` prints;
 * headers are frozen and filtered, grade cells coloured; sheet names and headings are
 * Japanese. The workbook is built from the rate model only; it never touches a store.
 */
#ifndef SELFCHECK_AGGREGATOR_XLSX_H
#define SELFCHECK_AGGREGATOR_XLSX_H

#include <stddef.h>

#include "aggregator/ratetab.h"
#include "aggregator/systally.h"
#include "aggregator/tallying.h"
#include "core/tallyunits.h"

/* What one sheet holds (docs/limits.md): a workbook that would need more rows, or a longer
 * cell, is refused whole (-1 after reporting) rather than written without what does not fit. */
#define XLSX_MAX_ROWS 1048576
#define XLSX_MAX_CELL_CHARS 32767

struct xlsx_book {
	const struct ratetab *rates;              /* organisations (a ministry: one) */
	/* Per unit: the units' tallies (none when not known) and how their rates are computed.
	 * The unit sheet computes them (ratetab_build_groups) a slice of units at a time, so
	 * that a ministry of a thousand units never holds a rate table of them all. */
	struct tally *const *units;
	size_t unit_count;
	const struct ratetab_spec *unit_spec;
	const struct tallyunits_person *nonrespondents;
	size_t nonrespondent_count;
	const char *title;                        /* first line of the summary sheet */
	const struct systally_system *systems;    /* the systems roster with answers; NULL: none */
	size_t system_count;
};

/* Writes the workbook to path (replacing it; through core/outfile, 0600 when it lists
 * non-respondents). Returns 0, or -1 after reporting (a rate that cannot be computed, or the
 * file); then path is as it was. */
int xlsx_write(const char *path, const struct xlsx_book *book);

#endif
