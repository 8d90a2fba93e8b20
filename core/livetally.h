/*
 * livetally: a ministry's tally kept current as the answers arrive (docs/store.md, "The kept
 * tally").
 *
 * The counts the tally records (the organisation's rows in tally_role, tally_item,
 * tally_persons, tally_choice, the inspection tables; per unit tally_unit and tally_unit_role; the targets
 * not submitted in tally_pending) are changed by every write path in the same transaction as
 * the change itself, and tally_source.generation then names the store's new answer
 * generation. Counts are current exactly when that generation is the store's (and the
 * collection's close time is the one recorded): a path that does not keep them (an earlier
 * version of the program, a store migrated) leaves them stale, and readers never take stale
 * counts for current — they recount (a writable store) or say what to run.
 *
 * The one function that says what a sheet adds to a tally (livetally_sheet) is also the full
 * recount's (core/tallying.c), so a kept count and a recount cannot disagree on a sheet.
 *
 * A write path that changes people:
 *     struct livetally *lt;
 *     livetally_begin(s, year, quest, &lt);     before its writes, in its transaction;
 *                                              lt NULL: the counts were not current
 *     livetally_read(lt, id, &before); ... writes ...; livetally_read(lt, id, &after);
 *     livetally_change(lt, &before, &after);   as often as needed (NULL: no such person)
 *     livetally_commit(lt);                    before the transaction commits
 * Paths that change the roster or the systems recount instead (livetally_recount,
 * livetally_recount_inspection).
 *
 * Errors are reported through diag and returned as -1. Ownership: a livetally is freed by
 * livetally_commit() or livetally_free(); a person read by livetally_read() owns its strings
 * (livetally_person_release); one built by the caller borrows them.
 */
#ifndef SELFCHECK_LIVETALLY_H
#define SELFCHECK_LIVETALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "core/quest.h"
#include "core/roles.h"
#include "core/store.h"
#include "core/tally.h"
#include "core/tallyunits.h"

/* livetally_sheet's result when the packed answers do not have the sheet's length. */
#define LIVETALLY_BAD_LENGTH (-1)

/* Adds sign (+1 or -1) times one non-excluded target of role to its role's counts tr, over
 * questionnaire q: the target, and when submitted the submitted sheet — each answer in its
 * item's counts (a choice item's in its choice counts: core/choicecount.h) and the sheet in
 * the attainment counts. Counts are unsigned and wrap, so a tally of differences may be
 * summed with others and added to stored counts. Returns 0, LIVETALLY_BAD_LENGTH, or 1 + the
 * sheet position of an answer code that is not one. */
long livetally_sheet(const struct quest *q, enum role role, struct tally_role *tr, const char *answers, size_t len,
		     bool submitted, int sign);

/* The tally of unit in units (unit name → struct tally *, owning both), made on first use for
 * fiscal_year over quest, its persons counts known; a unit's counts in a scan of the year or
 * in a change of it. */
struct tally *livetally_unit(GHashTable *units, const char *unit, int fiscal_year, const struct quest *quest);

/* Adds sign times one person who owes owed sheets and submitted submitted of them to the
 * persons counts (nothing when owed is 0). */
void livetally_persons(struct tally_persons *p, uint64_t owed, uint64_t submitted, int sign);

/* One target of a person as the tally sees it; answers NULL when there is no response row. */
struct livetally_target {
	enum role role;
	bool excluded;
	bool submitted;
	const char *answers;
	size_t len;
};

/* A person as the tally sees them. */
struct livetally_person {
	const char *id;
	const char *unit;
	size_t count;
	struct livetally_target targets[ROLE_COUNT];
	bool owned;               /* read by livetally_read: the strings are the person's */
};
void livetally_person_release(struct livetally_person *p);

struct livetally;

/* Starts keeping the year's counts within the open write transaction, before its writes:
 * *out is the keeper when the counts recorded are current, NULL when they are not (or there
 * are none: the change then leaves them to a recount). quest (the year's) must outlive it.
 * Returns 0 or -1. */
int livetally_begin(struct store *s, int fiscal_year, const struct quest *quest, struct livetally **out);

/* Reads the person with person_id as the store holds them now (within the transaction).
 * Returns 1 and *out (livetally_person_release it), 0 when there is no such person, -1. */
int livetally_read(struct livetally *lt, const char *person_id, struct livetally_person *out);

/* Records that the person went from before to after (either NULL: absent): their counts in
 * their unit's tally, persons counts and pending targets. Pending targets change in the store
 * at once; counts are added up and written by livetally_commit. Returns 0, or -1 (answers
 * that do not fit the questionnaire). */
int livetally_change(struct livetally *lt, const struct livetally_person *before,
		     const struct livetally_person *after);

/* As livetally_change for the counts only: the caller keeps the pending targets itself, one
 * by one (livetally_pending) or as a whole (livetally_pending_replace). */
int livetally_change_counts(struct livetally *lt, const struct livetally_person *before,
			    const struct livetally_person *after);
/* Records in the store that the target (person_id, role) is now pending or not. Returns 0 or -1. */
int livetally_pending(struct livetally *lt, const char *person_id, enum role role, bool pending);
/* Replaces the pending targets recorded with the n given (for a write that changes many of
 * them: a whole import). Returns 0 or -1. */
int livetally_pending_replace(struct livetally *lt, const struct tallyunits_target *pending, size_t n);

/* Writes the changes recorded into the counts, records the store's current generation and
 * close time as what they cover, and frees lt. Returns 0 or -1. */
int livetally_commit(struct livetally *lt);
/* Frees lt without writing (the transaction is to be rolled back); NULL is allowed. */
void livetally_free(struct livetally *lt);

/* Recounts the systems part of the tally (core/systally.h) into the counts recorded, then
 * commits lt as livetally_commit does (for the writes of the systems roster and answers,
 * which touch no person). Returns 0 or -1. */
int livetally_recount_inspection(struct livetally *lt);

/* Recounts the year's tally of its collecting organisation from the answers (core/tallying.h)
 * over the year's questionnaire quest and stores it, units and pending targets included, in
 * the open transaction (or in one of its own). For the rare writes that change the roster, and
 * for readers of a store whose counts are not current. A year without a collecting
 * organisation has nothing to recount. When out is non-NULL it receives the tally (NULL when
 * none was taken; tally_free it; it borrows quest). Returns 0 or -1. */
int livetally_recount(struct store *s, int fiscal_year, const struct quest *quest, struct tally **out);

/* Whether the counts recorded for the year's collecting organisation are current: *current
 * true when they are (or when the year has no collecting organisation: nothing is kept).
 * Returns 0 or -1. */
int livetally_is_current(struct store *s, int fiscal_year, bool *current);

#endif
