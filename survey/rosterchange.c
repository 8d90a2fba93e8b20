/* rosterchange: the order, counts and report of a roster import's changes. */
#include "survey/rosterchange.h"
#include "core/diag.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int rosterchange_kind_rank(enum rosterchange_kind k)
{
	return k == ROSTERCHANGE_RESTORED ? ROSTERCHANGE_UPDATED : (int)k;
}

int rosterchange_order(enum rosterchange_kind kind_a, const char *unit_a, const char *id_a,
		       enum rosterchange_kind kind_b, const char *unit_b, const char *id_b)
{
	int d = rosterchange_kind_rank(kind_a) - rosterchange_kind_rank(kind_b);
	if (d)
		return d;
	d = strcmp(unit_a, unit_b);
	return d ? d : strcmp(id_a, id_b);
}

void rosterchange_print(FILE *out, enum rosterchange_kind kind, const char *id, const char *name, const char *unit,
			const char *detail)
{
	static const char *const kinds[] = {"added", "updated", "restored", "removed", "removed"};
	char *line = xasprintf("%-8s %s %s (%s): %s", kinds[kind], id, name, unit, detail);
	char *clean = text_sanitize(line, false);
	fprintf(out, "%s\n", clean);
	free(clean);
	free(line);
}

char *rosterchange_counts_text(const char *path, bool replace, const struct rosterchange_counts *n, const char *one,
			       const char *many, const char *totals, ...)
{
	va_list ap;
	va_start(ap, totals);
	char *what = xvasprintf(totals, ap);
	va_end(ap);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s: %s: %zu added, %zu updated", path, replace ? " (--replace)" : "", what, n->added,
		    n->updated);
	free(what);
	if (n->restored)
		strbuf_addf(&sb, " (%zu back on the roster)", n->restored);
	strbuf_addf(&sb, ", %zu unchanged, %zu removed (%zu kept with their answers)", n->unchanged,
		    n->deleted + n->kept, n->kept);
	if (n->roles_kept)
		strbuf_addf(&sb, "; %zu dropped %s kept, excluded, with %s answers", n->roles_kept,
			    n->roles_kept == 1 ? "role" : "roles", n->roles_kept == 1 ? "its" : "their");
	if (!replace && n->untouched)
		strbuf_addf(&sb, "; %zu %s not in the file left alone (--replace removes them)", n->untouched,
			    n->untouched == 1 ? one : many);
	return strbuf_detach(&sb);
}

void rosterchange_print_summary(int fiscal_year, bool dry_run, const char *counts)
{
	char *clean = text_sanitize(counts, false);
	printf("fiscal year %d: %s%s\n", fiscal_year, dry_run ? "dry run, nothing written: " : "", clean);
	free(clean);
}
