/*
 * tally: the pivot of the data flow (design §2): per organisation × fiscal year × role ×
 * item, the counts implemented / not implemented / not applicable, and per role the targets
 * and the submitted. Everything downstream of the aggregator works on tallies only.
 *
 * Items are indexed by their position on the role's sheet of the questionnaire
 * (quest.role_items[role]); a tally borrows its questionnaire, which must outlive it.
 *
 * Ownership: tally_new() returns a tally freed with tally_free(); the org inside is owned.
 */
#ifndef SELFCHECK_TALLY_H
#define SELFCHECK_TALLY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/org.h"
#include "core/quest.h"
#include "core/roles.h"

struct tally_counts {
	uint64_t implemented;
	uint64_t not_implemented;
	uint64_t not_applicable;
};

struct tally_role {
	bool present;                 /* the organisation has this role (targets may be 0) */
	uint64_t targets;
	uint64_t submitted;
	struct tally_counts *items;   /* quest->role_item_count[role] entries */
};

struct tally {
	struct org org;
	int fiscal_year;
	const struct quest *quest;    /* borrowed */
	struct tally_role roles[ROLE_COUNT];
};

/* An empty tally (no role present) for org (copied) and year over quest. */
struct tally *tally_new(const struct org *org, int fiscal_year, const struct quest *quest);
/* Frees t and its counts; NULL is allowed. */
void tally_free(struct tally *t);

/* Marks role present and returns it (its item counts zeroed on first use). */
struct tally_role *tally_role_use(struct tally *t, enum role role);

/* Whether the counts obey design §6: submitted <= targets, and for every item
 * implemented + not_implemented + not_applicable <= submitted. On a violation reports it
 * (naming role and item) through diag_at(file, 0, 0, …) when file is non-NULL and returns -1. */
int tally_check(const struct tally *t, const char *file);

/* Sums over the roles of group (GROUP_ALL: every role): targets, submitted, and answers. */
struct tally_group_sums {
	uint64_t targets, submitted;
	struct tally_counts answers;
	bool present;                 /* at least one role of the group is present with targets */
};
void tally_group_sums(const struct tally *t, enum role_group group, struct tally_group_sums *out);

#endif
