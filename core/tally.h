/*
 * tally: the pivot of the data flow (docs/architecture.md): per organisation × fiscal year × role ×
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

/* Attainment thresholds of the sheets, in this order: 100%, 95%, 90%. */
#define TALLY_ATTAINMENT_COUNT 3
extern const unsigned TALLY_ATTAINMENT_PERCENT[TALLY_ATTAINMENT_COUNT];

/* Submitted sheets of a role by their own implementation rate: `obligated` sheets have at
 * least one obligated answer (implemented or not implemented); at[k] of them reach
 * TALLY_ATTAINMENT_PERCENT[k]. Unknown (known false) in tallies read from format /1 files. */
struct tally_attainment {
	bool known;
	uint64_t obligated;
	uint64_t at[TALLY_ATTAINMENT_COUNT];
};

struct tally_role {
	bool present;                 /* the organisation has this role (targets may be 0) */
	uint64_t targets;
	uint64_t submitted;
	struct tally_attainment attainment;
	struct tally_counts *items;   /* quest->role_item_count[role] entries */
	/* Per sheet position, the counts of a choice item (core/choice.h): options NULL for a
	 * yes/no item; the array itself NULL when the questionnaire has no choice items. */
	struct tally_choice *choices;
};

/* Persons counted once, whatever roles they hold: those who owe at least one sheet, and
 * those who submitted every sheet they owe. Unknown in tallies read from format /1 files. */
struct tally_persons {
	bool known;
	uint64_t targets;
	uint64_t submitted_all;
};

/* Where the counts come from: when they were taken, which state of the collection they cover
 * and whether the collection was closed then. Strings are owned; any may be NULL (unknown). */
struct tally_provenance {
	int format;                   /* tally file format read (1, 2); 0 when tallied here */
	char *tallied_at;             /* ISO 8601 UTC */
	char *closed_at;              /* the collection's close time when tallied; NULL: open */
	long long generation;         /* the ministry store's change counter covered; -1 unknown */
	int name_line, name_col;      /* where a tally file names the organisation; 0 otherwise */
};

/* The focused inspection's counts (docs/tally-format.md, "inspection"): per kind of system the
 * systems counted at the reference date, per inspection item the answers of those systems.
 * Arrays follow quest->inspection (kinds, items), allocated by tally_inspection_use. A tally
 * without the section (present false: the questionnaire has no inspection, or the file or the
 * store said nothing of the organisation's systems) knows nothing of them. */
struct tally_inspection {
	bool present;
	char reference_date[11];      /* YYYY-MM-DD as the counts say */
	bool *kind_present;           /* per kind: the organisation counted this kind */
	uint64_t *systems;            /* per kind */
	struct tally_counts *items;   /* per inspection item (index into quest->inspection->items) */
};

struct tally {
	struct org org;
	int fiscal_year;
	const struct quest *quest;    /* borrowed */
	struct tally_persons persons;
	struct tally_provenance source;
	struct tally_role roles[ROLE_COUNT];
	struct tally_inspection inspection;
};

/* An empty tally (no role present) for org (copied) and year over quest. */
struct tally *tally_new(const struct org *org, int fiscal_year, const struct quest *quest);
/* Frees t and its counts; NULL is allowed. */
void tally_free(struct tally *t);

/* Marks role present and returns it (its item counts zeroed on first use). */
struct tally_role *tally_role_use(struct tally *t, enum role role);

/* Adds from's counts to into's (both over the same questionnaire), modulo 2^64 so that a
 * tally of differences may be added: the persons counts, and for each role present in from
 * (made present in into) its targets, submitted, attainment counts, item counts and choice
 * counts. The known flags of into become known where from's are. */
void tally_add_counts(struct tally *into, const struct tally *from);

/* Takes out of t every role present with no targets (as a recount leaves them out), freeing
 * its counts. */
void tally_drop_empty_roles(struct tally *t);

/* Marks the inspection present (its counts zeroed on first use) and returns it; the
 * questionnaire must have an inspection. */
struct tally_inspection *tally_inspection_use(struct tally *t);

/* The rules of the persons' counts, in the order they are checked: */
enum tally_persons_rule {
	TALLY_PERSONS_OK,
	TALLY_PERSONS_SUBMITTED_OVER_TARGETS,   /* submitted_all > targets */
	TALLY_PERSONS_BELOW_ROLE,               /* targets < the targets of one role */
	TALLY_PERSONS_OVER_SUM,                 /* targets > the sum of the roles' targets */
};

/* The first rule of the persons' counts that t breaks against its present roles
 * (TALLY_PERSONS_OK when none, or when the persons are not known): for BELOW_ROLE *role is the
 * role, for OVER_SUM *sum the sum of the roles' targets. The caller words the message. */
enum tally_persons_rule tally_persons_check(const struct tally *t, enum role *role, uint64_t *sum);

/* Whether the counts obey the tally rules (docs/tally-format.md): submitted <= targets; for
 * every item implemented + not_implemented + not_applicable <= submitted; at_100 <= at_95 <=
 * at_90 <= obligated <= submitted; persons.submitted_all <= persons.targets <= the sum of the
 * roles' targets, and persons.targets >= each role's targets; for every inspection item
 * implemented + not_implemented + not_applicable <= the systems of its kind, which must be
 * counted when the item has any answer. On a violation reports it
 * (naming role and item) through diag_at(file, 0, 0, …) when file is non-NULL and returns -1. */
int tally_check(const struct tally *t, const char *file);

/* The rules of choice counts (docs/tally-format.md, "choices"): respondents <= submitted, each
 * option <= respondents, a single choice's options sum to its respondents, a multiple
 * choice's to at least its respondents, and implemented / not implemented agree with the
 * options that count as implemented. Reported like tally_check (core/choice_tally.c). */
int tally_check_choices(const struct tally *t, const char *file);

/* Adds one submitted sheet's obligated answers (implemented of obligated) to the role's
 * attainment counts (marking them known). */
void tally_attainment_add(struct tally_attainment *a, uint64_t implemented, uint64_t obligated);

/* Sums over the roles of group (GROUP_ALL: every role): targets, submitted, and answers. */
struct tally_group_sums {
	uint64_t targets, submitted;
	struct tally_counts answers;
	bool present;                 /* at least one role of the group is present with targets */
};
void tally_group_sums(const struct tally *t, enum role_group group, struct tally_group_sums *out);

#endif
