/* export_csv: grids as CSV. */
#include "aggregator/export_csv.h"
#include "core/csvwrite.h"
#include "core/diag.h"
#include "core/rate.h"
#include "core/text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Control characters never belong in a name or code; they are replaced so that a file's text
 * cannot act on the terminal the csv is printed to. */
static void text_field(struct csvwrite *w, const char *raw)
{
	char *s = text_sanitize(raw, false);
	csvwrite_field(w, s);
	free(s);
}

int export_csv_write(const struct grid *g, FILE *out, const char *name)
{
	struct csvwrite w;
	csvwrite_begin(&w, out, false);
	for (size_t c = 0; c < g->column_count; c++)
		text_field(&w, g->columns[c].code);
	csvwrite_end_row(&w);
	char buf[32];
	for (size_t r = 0; r < g->row_count; r++) {
		for (size_t c = 0; c < g->column_count; c++) {
			const struct grid_cell *cell = grid_cell(g, r, c);
			if (cell->empty) {
				csvwrite_field(&w, NULL);
				continue;
			}
			switch (g->columns[c].kind) {
			case GRID_TEXT: text_field(&w, cell->text); break;
			case GRID_COUNT: csvwrite_fieldf(&w, "%llu", (unsigned long long)cell->count); break;
			case GRID_RATE: csvwrite_field(&w, rate_format_tenths(cell->tenths, RATE_STYLE_PLAIN, buf, sizeof buf)); break;
			case GRID_GRADE: csvwrite_field(&w, rate_grade_text(cell->grade, false)); break;
			}
		}
		csvwrite_end_row(&w);
	}
	if (fflush(out) || ferror(out))
		return diag_error("cannot write '%s': %s", name, strerror(errno));
	return 0;
}
