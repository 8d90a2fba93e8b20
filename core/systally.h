/*
 * systally: the focused inspection's part of a ministry's tally, and its systems for the
 * coordinator's follow-up — read from the systems roster and the systems' packed answers.
 *
 * A system counts when it is on the roster and not excluded; its answers count once every item
 * of its kind is answered (the system is then answered, like a submitted sheet). The tally has
 * the inspection section only when the store has a systems roster for the year (otherwise it
 * says nothing of the organisation's systems); it then counts every kind of the questionnaire,
 * with zero systems where the roster has none of a kind.
 *
 * Ownership: systally_list returns an array freed with systally_free_list.
 */
#ifndef SELFCHECK_SYSTALLY_H
#define SELFCHECK_SYSTALLY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/store.h"
#include "core/tally.h"

/* Adds the inspection counts of fiscal_year to t (whose questionnaire is the year's); nothing
 * when the questionnaire has no inspection or the store no systems roster. The reference date
 * is the questionnaire's. Run inside the tally's transaction. Returns 0, or -1 after reporting. */
int systally_year(struct store *s, int fiscal_year, struct tally *t);

/* One system of the roster as the coordinator follows it up. */
struct systally_system {
	char *system_id, *name, *kind, *unit, *officer, *officer_name;  /* officer_name NULL: not on the roster */
	bool excluded;               /* not counted (excluded or removed) */
	char *answers;               /* packed over the kind's sheet; NULL when never answered */
	bool answered;               /* every item answered: counted */
	char *updated_at;            /* last answer, NULL when none */
};

/* Every system of the year (excluded ones too), by unit, officer and system id. Returns 0 and
 * *out / *count, or -1 after reporting. */
int systally_list(struct store *s, int fiscal_year, struct systally_system **out, size_t *count);
void systally_free_list(struct systally_system *list, size_t count);

#endif
