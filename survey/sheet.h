/*
 * sheet: one respondent's answers as plain data, the state both front ends (full screen and
 * line mode) work on; nothing here touches the terminal or the store.
 *
 * The person's items form one flat sequence: for each role they hold, in the catalogue order
 * of core/roles.h, the items bound to that role in questionnaire order. Entry i of that
 * sequence is (role, position on the role's sheet). Answers are kept per role as packed strings, one
 * character per sheet position ('0' unanswered, '1' implemented, '2' not implemented, '3'
 * not applicable), exactly as the store holds them.
 *
 * Invariants: cursor < count whenever count > 0; answers[r] is non-NULL, NUL-terminated and
 * quest->role_item_count[r] long for every held role r, NULL for the others. The sheet
 * borrows quest (it must outlive the sheet) and owns everything else; sheet_release frees.
 */
#ifndef SELFCHECK_SURVEY_SHEET_H
#define SELFCHECK_SURVEY_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/quest.h"
#include "core/roles.h"

#define SHEET_DIGEST_SIZE 17 /* 16 hex digits and the NUL */

struct sheet_entry {
	enum role role;
	size_t pos;    /* position on the role's sheet */
	size_t item;   /* index into quest->items */
};

struct sheet {
	const struct quest *quest;
	unsigned roles;                 /* bit (1u << role) per held role */
	char *answers[ROLE_COUNT];
	struct sheet_entry *entries;
	size_t count;
	size_t cursor;
};

/* Sets up an all-unanswered sheet for the roles in the mask, cursor on the first entry. */
void sheet_init(struct sheet *s, const struct quest *quest, unsigned roles);
/* Frees what the sheet owns; the sheet may be initialised again. NULL is allowed. */
void sheet_release(struct sheet *s);

/* Replaces role's packed answers with the stored ones. A stored string of another length
 * (or with other characters) is rejected: returns -1 without reporting. */
int sheet_load_role(struct sheet *s, enum role role, const char *packed, size_t len);

/* Answer code ('0'..'3') of entry index (< count). */
char sheet_get(const struct sheet *s, size_t index);
/* Sets the answer of entry index; code must fit the entry (sheet_code_fits). */
void sheet_set(struct sheet *s, size_t index, char code);

/* Makes entry index (< count) unanswered again (an answer the store refused). */
void sheet_unset(struct sheet *s, size_t index);

/* Number of answered entries. */
size_t sheet_answered(const struct sheet *s);
/* Index of the first unanswered entry, or count when every entry is answered. */
size_t sheet_first_unanswered(const struct sheet *s);
/* Moves the cursor; returns false (cursor unchanged) at either end. */
bool sheet_next(struct sheet *s);
bool sheet_prev(struct sheet *s);
/* Moves the cursor to index (clamped to the last entry). */
void sheet_goto(struct sheet *s, size_t index);

/* Short digest of every role's answers (first 16 hex digits of the SHA-256 of
 * "role:answers\n" per held role in catalogue order), printed on the receipt and kept with
 * the submission. */
void sheet_digest(const struct sheet *s, char out[SHEET_DIGEST_SIZE]);
/* The same digest from packed strings (answers[r] NULL for roles not held, lens[r] long). */
void sheet_digest_packed(const char *const answers[ROLE_COUNT], const size_t lens[ROLE_COUNT],
			 char out[SHEET_DIGEST_SIZE]);

/* Whether c is an answer code '1'..'3'. */
bool sheet_is_answer(char c);

/* Choice items (core/choice.h): the entry's choice, NULL for a yes/no item. */
const struct choice *sheet_choice(const struct sheet *s, size_t index);
/* Whether the entry is asked: always, unless its condition names an earlier answer that does
 * not meet it. sheet_next / sheet_prev skip entries not asked; sheet_first_unanswered
 * ignores them. */
bool sheet_asked(const struct sheet *s, size_t index);
/* Whether code is an answer of the entry: '1'..'3' for a yes/no item, a choice's code for a
 * choice item. */
bool sheet_code_fits(const struct sheet *s, size_t index, char code);
/* The entry's answer as people read it: "implemented", or "1 label, 3 label" for a choice. */
void sheet_answer_text(const struct sheet *s, size_t index, const char *lang, char *buf, size_t size);

#endif
