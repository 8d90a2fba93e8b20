/* export_csv: grids as CSV. */
#include "aggregator/export_csv.h"
#include "core/diag.h"
#include "core/rate.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static void put_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

int export_csv_write(const struct grid *g, FILE *out, const char *name)
{
	for (size_t c = 0; c < g->column_count; c++) {
		if (c)
			fputc(',', out);
		put_field(out, g->columns[c].code);
	}
	fputc('\n', out);
	char buf[32];
	for (size_t r = 0; r < g->row_count; r++) {
		for (size_t c = 0; c < g->column_count; c++) {
			const struct grid_cell *cell = grid_cell(g, r, c);
			if (c)
				fputc(',', out);
			if (cell->empty)
				continue;
			switch (g->columns[c].kind) {
			case GRID_TEXT: put_field(out, cell->text); break;
			case GRID_COUNT: fprintf(out, "%llu", (unsigned long long)cell->count); break;
			case GRID_RATE: fputs(rate_format_tenths(cell->tenths, RATE_STYLE_PLAIN, buf, sizeof buf), out); break;
			case GRID_GRADE: fputs(rate_grade_text(cell->grade, false), out); break;
			}
		}
		fputc('\n', out);
	}
	if (fflush(out) || ferror(out))
		return diag_error("cannot write '%s': %s", name, strerror(errno));
	return 0;
}
