/* export_csv: grids as CSV. */
#include "aggregator/export_csv.h"
#include "core/diag.h"
#include "core/rate.h"
#include "core/text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Control characters never belong in a name or code; they are replaced so that a file's text
 * cannot act on the terminal the csv is printed to. */
static void put_field(FILE *out, const char *raw)
{
	char *s = text_sanitize(raw, false);
	if (!strpbrk(s, ",\"")) {
		fputs(s, out);
	} else {
		fputc('"', out);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	}
	free(s);
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
