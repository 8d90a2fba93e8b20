/* export_json: grids as JSON. */
#include "aggregator/export_json.h"
#include "core/diag.h"
#include "core/rate.h"

#include <errno.h>
#include <string.h>

static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

int export_json_write(const struct grid *g, FILE *out, const char *name)
{
	fputs("{\n  \"columns\": [", out);
	for (size_t c = 0; c < g->column_count; c++) {
		if (c)
			fputs(", ", out);
		put_string(out, g->columns[c].code);
	}
	fputs("],\n  \"rows\": [", out);
	char buf[32];
	for (size_t r = 0; r < g->row_count; r++) {
		fputs(r ? ",\n    {" : "\n    {", out);
		for (size_t c = 0; c < g->column_count; c++) {
			const struct grid_cell *cell = grid_cell(g, r, c);
			if (c)
				fputs(", ", out);
			put_string(out, g->columns[c].code);
			fputs(": ", out);
			if (cell->empty) {
				fputs(g->columns[c].kind == GRID_TEXT ? "\"\"" : "null", out);
				continue;
			}
			switch (g->columns[c].kind) {
			case GRID_TEXT: put_string(out, cell->text); break;
			case GRID_COUNT: fprintf(out, "%llu", (unsigned long long)cell->count); break;
			case GRID_RATE: fputs(rate_format_tenths(cell->tenths, RATE_STYLE_PLAIN, buf, sizeof buf), out); break;
			case GRID_GRADE: put_string(out, rate_grade_text(cell->grade, false)); break;
			}
		}
		fputc('}', out);
	}
	fputs(g->row_count ? "\n  ]\n}\n" : "]\n}\n", out);
	if (fflush(out) || ferror(out))
		return diag_error("cannot write '%s': %s", name, strerror(errno));
	return 0;
}
