/*
 * choice: choice items (docs/questionnaire-format.md, "Choice items") — questions answered by
 * picking one of several numbered options (single choice) or any of them (multiple choice),
 * as the agencies' survey asks them.
 *
 * A choice item is an ordinary item of the questionnaire (bound to roles, on their sheets)
 * with a `choice` block: its options with ja/en labels, whether several may be picked, which
 * options count as implemented (so that the item also feeds the implementation rate), which
 * options stand alone in a multiple choice ("not done", "under consideration"), and an
 * optional condition: ask the item only when another choice item of the same sheet was
 * answered with one of the named options.
 *
 * An answer is still one character of the packed sheet (docs/store.md): '0' unanswered, else a
 * character of CHOICE_ALPHABET coding the picked options (choice_encode). A single choice
 * codes its option's number; a multiple choice codes the set of picked combinable options as
 * a bit set (at most CHOICE_MAX_COMBINABLE of them) or one option that stands alone.
 *
 * Counting (docs/metrics.md, "Choice items"): per option the number of respondents who picked
 * it; `respondents` the number who answered the item; N the number of answers = the sum of
 * the option counts (for a single choice, the respondents).
 *
 * Ownership: a struct choice belongs to its quest_item and is freed with the questionnaire.
 */
#ifndef SELFCHECK_CHOICE_H
#define SELFCHECK_CHOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/roles.h"

struct quest;
struct quest_item;
struct ydoc;
struct ydoc_node;

#define CHOICE_MAX_OPTIONS 20      /* options of one item */
#define CHOICE_MAX_COMBINABLE 6    /* options of a multiple choice that may be picked together */
#define CHOICE_MAX_ALONE 6         /* options of a multiple choice that stand alone */

struct choice_option {
	char *ja, *en;             /* the option's label */
	bool implemented;          /* picking it counts the item as implemented */
	bool alone;                /* multiple choice: picked only on its own */
};

struct choice {
	bool multiple;             /* several options may be picked */
	size_t option_count;
	struct choice_option *options;
	unsigned implemented_mask; /* bit k: option k + 1 counts as implemented; 0: the item does
				    * not feed the implementation rate */
	/* The condition: ask only when item cond_item (index into quest->items) was answered with
	 * an option in cond_mask; cond_item -1 when the item is always asked. */
	long cond_item;
	unsigned cond_mask;
	/* private to the loader: the condition as written, resolved once every item is known */
	char *cond_id;
	int cond_line, cond_col;
};

/* The codes of answers: CHOICE_ALPHABET[0] is '0' (unanswered); value v >= 1 is coded as
 * CHOICE_ALPHABET[v]. */
extern const char CHOICE_ALPHABET[];

/* Parses an item's `choice` block (node) into *out (allocated). Reports every problem through
 * ydoc_error and returns -1. The condition's item is resolved later (choice_resolve). */
int choice_load(const struct ydoc *doc, const struct ydoc_node *node, struct choice **out);

/* Resolves and checks every choice condition of q once all items are loaded: the named item
 * must exist, be a choice item that comes earlier and shares a role with the item, and the
 * options must be its own. Returns -1 after reporting (FILE:LINE:COL through doc). */
int choice_resolve(const struct ydoc *doc, struct quest *q);

void choice_free(struct choice *c);

/* The option set (bit k = option k + 1) as one answer code; 0 when the set is not a valid
 * answer (empty, unknown options, two options of a single choice, an option that stands alone
 * picked with another). */
char choice_encode(const struct choice *c, unsigned mask);
/* The option set of an answer code; 0 for '0' (unanswered) and for a code that is not a
 * valid answer of this item (check with choice_code_valid). */
unsigned choice_decode(const struct choice *c, char code);
/* Whether code is '0' or a valid answer of this item. */
bool choice_code_valid(const struct choice *c, char code);

/* Whether mask is a valid answer; when not, *why (if non-NULL) says why in English. */
bool choice_mask_valid(const struct choice *c, unsigned mask, const char **why);

/* Whether item (index into q->items) is asked on role's sheet given the role's packed answers
 * (answers[k] for sheet position k): true when it has no condition, or its condition's item
 * is answered with one of the condition's options. */
bool choice_asked(const struct quest *q, size_t item, enum role role, const char *answers);

/* Parses an answer as written in line mode and in imports: option numbers separated by
 * commas (and optional blanks), e.g. "2" or "1, 3". Returns the option set, or 0 with *why set
 * (in English) when the text names an unknown option, repeats one, or is not numbers.
 * Validity as an answer (two options of a single choice) is choice_mask_valid's. */
unsigned choice_parse(const struct choice *c, const char *text, const char **why);

/* Writes the option numbers of mask as "1,3" into buf (size >= 64). */
void choice_format(unsigned mask, char *buf, size_t size);

/* Counts of one choice item in a tally: per option the respondents who picked it; the
 * respondents who answered; N (the number of answers) is their sum, choice_n(). */
struct tally_choice {
	uint64_t respondents;
	uint64_t *options;         /* option_count entries; NULL for a yes/no item */
};

uint64_t choice_n(const struct tally_choice *tc, size_t option_count);

/* What is wrong with the counts of one choice item (docs/tally-format.md, "choices"), written
 * into why (English); 0 when they obey the rules. cnt: the item's three counts; submitted:
 * the role's submitted sheets. */
struct tally_counts;
int choice_counts_problem(const struct choice *c, const struct tally_choice *tc, const struct tally_counts *cnt,
			  uint64_t submitted, char *why, size_t size);

/* Adds one respondent's answer (mask) to the counts. */
void choice_count_add(struct tally_choice *tc, unsigned mask, size_t option_count);

/* An integer percent of count / n rounded half up (as 資料編F prints shares); -1 when n is 0. */
int choice_share_percent(uint64_t count, uint64_t n);

#endif
