/*
 * grid: a plain table of typed cells between the rate views and the text outputs (csv, json,
 * aligned table). Columns have a code (csv header, json key) and Japanese and English
 * headings; cells are text, counts, rates in tenths of a percent, or grades. Undefined rates
 * and grades are kept as such, and each output shows them its own way (empty, null, dash).
 *
 * Invariant: every row has exactly column_count cells; a new row's cells are empty text.
 * Ownership: grid_new() returns a grid freed with grid_free(); it copies every text given.
 * The column array passed to grid_new() is borrowed and must outlive the grid.
 */
#ifndef SELFCHECK_AGGREGATOR_GRID_H
#define SELFCHECK_AGGREGATOR_GRID_H

#include <stddef.h>
#include <stdint.h>

enum grid_kind { GRID_TEXT, GRID_COUNT, GRID_RATE, GRID_GRADE };

struct grid_column {
	const char *code;
	const char *ja;
	const char *en;
	enum grid_kind kind;
};

struct grid_cell {
	char *text;         /* GRID_TEXT: owned, never NULL once set ("" when empty) */
	uint64_t count;     /* GRID_COUNT */
	int tenths;         /* GRID_RATE: -1 undefined */
	char grade;         /* GRID_GRADE: 0 undefined */
	int empty;          /* no value at all (count cell left blank) */
};

struct grid {
	const struct grid_column *columns;
	size_t column_count;
	struct grid_cell *cells;    /* row_count * column_count */
	size_t row_count, row_cap;
	void **owned;               /* see grid_own() */
	size_t owned_count;
};

struct grid *grid_new(const struct grid_column *columns, size_t column_count);
void grid_free(struct grid *g);

/* Appends a row of empty cells and returns its index. */
size_t grid_add_row(struct grid *g);
/* Setters for the cell at (row, col) of the last row added when row is (size_t)-1. */
void grid_set_text(struct grid *g, size_t row, size_t col, const char *text);
void grid_set_count(struct grid *g, size_t row, size_t col, uint64_t count);
void grid_set_rate(struct grid *g, size_t row, size_t col, int tenths);
void grid_set_grade(struct grid *g, size_t row, size_t col, char grade);
/* Hands ptr (from malloc) to g, which frees it in grid_free(): for column arrays and headings
 * built at run time. */
void grid_own(struct grid *g, void *ptr);
const struct grid_cell *grid_cell(const struct grid *g, size_t row, size_t col);

#endif
