/* grid: typed table cells shared by the csv, json and aligned-table outputs. */
#include "aggregator/grid.h"
#include "core/diag.h"

#include <stdlib.h>

struct grid *grid_new(const struct grid_column *columns, size_t column_count)
{
	struct grid *g = xcalloc(1, sizeof *g);
	g->columns = columns;
	g->column_count = column_count;
	return g;
}

void grid_free(struct grid *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->row_count * g->column_count; i++)
		free(g->cells[i].text);
	free(g->cells);
	for (size_t i = 0; i < g->owned_count; i++)
		free(g->owned[i]);
	free(g->owned);
	free(g);
}

size_t grid_add_row(struct grid *g)
{
	g->cells = xgrow(g->cells, g->row_count, &g->row_cap, g->column_count * sizeof *g->cells, 32);
	struct grid_cell *row = &g->cells[g->row_count * g->column_count];
	for (size_t c = 0; c < g->column_count; c++)
		row[c] = (struct grid_cell){.tenths = -1, .empty = 1};
	return g->row_count++;
}

static struct grid_cell *at(struct grid *g, size_t row, size_t col)
{
	if (row == (size_t)-1)
		row = g->row_count - 1;
	if (row >= g->row_count || col >= g->column_count)
		DIAG_BUG("grid cell (%zu, %zu) outside %zu x %zu", row, col, g->row_count, g->column_count);
	return &g->cells[row * g->column_count + col];
}

void grid_set_text(struct grid *g, size_t row, size_t col, const char *text)
{
	struct grid_cell *c = at(g, row, col);
	free(c->text);
	c->text = xstrdup(text ? text : "");
	c->empty = 0;
}

void grid_set_count(struct grid *g, size_t row, size_t col, uint64_t count)
{
	struct grid_cell *c = at(g, row, col);
	c->count = count;
	c->empty = 0;
}

void grid_set_rate(struct grid *g, size_t row, size_t col, int tenths)
{
	struct grid_cell *c = at(g, row, col);
	c->tenths = tenths;
	c->empty = tenths < 0;
}

void grid_set_grade(struct grid *g, size_t row, size_t col, char grade)
{
	struct grid_cell *c = at(g, row, col);
	c->grade = grade;
	c->empty = grade == 0;
}

const struct grid_cell *grid_cell(const struct grid *g, size_t row, size_t col)
{
	return &g->cells[row * g->column_count + col];
}

void grid_own(struct grid *g, void *ptr)
{
	g->owned = xrealloc(g->owned, (g->owned_count + 1) * sizeof *g->owned);
	g->owned[g->owned_count++] = ptr;
}
