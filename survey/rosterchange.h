/*
 * rosterchange: how the imports of a roster — the people (survey/roster) and the systems
 * (survey/systems) — order and tell what they change: the kinds of change and their order,
 * the counts, one line per change and the summary line.
 */
#ifndef SELFCHECK_ROSTERCHANGE_H
#define SELFCHECK_ROSTERCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum rosterchange_kind {
	ROSTERCHANGE_ADDED,
	ROSTERCHANGE_UPDATED,
	ROSTERCHANGE_RESTORED,  /* marked removed, back in the file */
	ROSTERCHANGE_KEPT,      /* not in the file, has answers: marked removed */
	ROSTERCHANGE_DELETED,   /* not in the file, no answers */
};

/* What an import found, entry by entry of the file and of the store. */
struct rosterchange_counts {
	size_t added, updated, restored, unchanged, deleted, kept, untouched;
	size_t roles_kept;      /* the people's roster: dropped roles kept, excluded, for their answers */
};

/* Where a kind of change comes in the order (a restored entry with the updated ones). */
int rosterchange_kind_rank(enum rosterchange_kind kind);

/* The order of the changes: by kind (a restored entry with the updated ones), then unit, then
 * id. Negative, 0 or positive, as strcmp. */
int rosterchange_order(enum rosterchange_kind kind_a, const char *unit_a, const char *id_a,
		       enum rosterchange_kind kind_b, const char *unit_b, const char *id_b);

/* Prints "KIND ID NAME (UNIT): DETAIL" to out as one line, sanitised. */
void rosterchange_print(FILE *out, enum rosterchange_kind kind, const char *id, const char *name, const char *unit,
			const char *detail);

/* The counts as the summary line and the activity log give them: "PATH[ (--replace)]: TOTALS:
 * N added, N updated[ (N back on the roster)], N unchanged, N removed (N kept with their
 * answers)", then the dropped roles kept when there are any, then, without replace, the
 * entries not in the file left alone (ONE or MANY of them); TOTALS is printf of totals and
 * what follows it. Free it. */
char *rosterchange_counts_text(const char *path, bool replace, const struct rosterchange_counts *n, const char *one,
			       const char *many, const char *totals, ...) __attribute__((format(printf, 6, 7)));

/* Prints "fiscal year N: [dry run, nothing written: ]COUNTS" to stdout, sanitised. */
void rosterchange_print_summary(int fiscal_year, bool dry_run, const char *counts);

#endif
