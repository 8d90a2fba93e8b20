/* export_table: grids as aligned text tables. */
#include "aggregator/export_table.h"
#include "core/diag.h"
#include "core/rate.h"
#include "core/text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The displayed text of a cell (a new string). */
static char *cell_text(const struct grid *g, size_t r, size_t c, bool ja)
{
	const struct grid_cell *cell = grid_cell(g, r, c);
	char buf[32];
	switch (g->columns[c].kind) {
	case GRID_TEXT: return text_sanitize(cell->text ? cell->text : "", false);
	case GRID_COUNT:
		if (cell->empty)
			return xstrdup("");
		return xasprintf("%llu", (unsigned long long)cell->count);
	case GRID_RATE:
		return xstrdup(rate_format_tenths(cell->tenths, ja ? RATE_STYLE_FULLWIDTH : RATE_STYLE_ASCII,
						  buf, sizeof buf));
	case GRID_GRADE: return xstrdup(cell->grade ? rate_grade_text(cell->grade, ja) : (ja ? "－" : "-"));
	}
	return xstrdup("");
}

static void pad(FILE *out, int n)
{
	for (; n > 0; n--)
		fputc(' ', out);
}

int export_table_write(const struct grid *g, const char *lang, FILE *out, const char *name)
{
	bool ja = !(lang && strcmp(lang, "en") == 0);
	size_t nc = g->column_count, nr = g->row_count;
	char **texts = xcalloc((nr + 1) * nc + 1, sizeof *texts);
	int *width = xcalloc(nc + 1, sizeof *width);
	for (size_t c = 0; c < nc; c++) {
		texts[c] = xstrdup(ja ? g->columns[c].ja : g->columns[c].en);
		width[c] = text_width(texts[c]);
	}
	for (size_t r = 0; r < nr; r++)
		for (size_t c = 0; c < nc; c++) {
			char *t = cell_text(g, r, c, ja);
			texts[(r + 1) * nc + c] = t;
			if (text_width(t) > width[c])
				width[c] = text_width(t);
		}
	for (size_t r = 0; r <= nr; r++) {
		for (size_t c = 0; c < nc; c++) {
			const char *t = texts[r * nc + c];
			int gap = width[c] - text_width(t);
			bool right = g->columns[c].kind != GRID_TEXT;
			if (c)
				fputs("  ", out);
			if (right)
				pad(out, gap);
			fputs(t, out);
			if (!right && c + 1 < nc)
				pad(out, gap);
		}
		fputc('\n', out);
		if (r == 0) {
			int total = 0;
			for (size_t c = 0; c < nc; c++)
				total += width[c] + (c ? 2 : 0);
			for (int i = 0; i < total; i++)
				fputc('-', out);
			fputc('\n', out);
		}
	}
	for (size_t i = 0; i < (nr + 1) * nc; i++)
		free(texts[i]);
	free(texts);
	free(width);
	if (fflush(out) || ferror(out))
		return diag_error("cannot write '%s': %s", name, strerror(errno));
	return 0;
}
