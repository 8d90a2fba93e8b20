/*
 * quest: the questionnaire model (docs/questionnaire-format.md) and its loader.
 *
 * A questionnaire is an ordered list of items; each item is bound to one or more roles. For
 * every role, the items bound to it, in file order, form that role's answer sheet: packed
 * answers (store) and tallies index items by their position on that sheet.
 *
 * Ownership: quest_load_* returns a questionnaire the caller frees with quest_free(); every
 * string and array inside belongs to it. The loaded structure is read-only afterwards.
 */
#ifndef SELFCHECK_QUEST_H
#define SELFCHECK_QUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/roles.h"

#define QUEST_FORMAT "selfcheck-questionnaire/1"

struct inspection; /* core/inspection.h */
struct choice;     /* core/choice.h */

/* Limits (docs/limits.md), checked by the loader with FILE:LINE:COL errors; together with
 * those of ydoc they bound what loading a questionnaire (and so every login) costs. */
#define QUEST_MAX_ITEMS 2000
#define QUEST_MAX_CATEGORIES 200

struct quest_text {
	char *ja;  /* NULL only for absent optional texts */
	char *en;
};

struct quest_category {
	char *code;
	struct quest_text name;
	struct quest_text note;     /* optional: both NULL when absent */
};

struct quest_item {
	char *id;
	unsigned roles;             /* bit (1u << role) for each bound role */
	size_t category;            /* index into quest.categories */
	char *clause;
	struct quest_text question;
	struct quest_text explanation;
	int line;                   /* where the item starts in its file */
	long sheet_position[ROLE_COUNT]; /* position on each role's sheet, -1 when not bound */
	struct choice *choice;      /* a choice item's options (core/choice.h); NULL: answered
				     * implemented / not implemented / not applicable */
};

struct quest {
	char *id;
	int fiscal_year;
	struct quest_text title;
	struct quest_text standard; /* optional: both NULL when absent */
	struct quest_category *categories;
	size_t category_count;
	struct quest_item *items;
	size_t item_count;
	/* For each role: indices into items of the items bound to it, in file order. */
	size_t *role_items[ROLE_COUNT];
	size_t role_item_count[ROLE_COUNT];
	/* The focused inspection (items asked per system), NULL when the questionnaire has none;
	 * owned (core/inspection.h). */
	struct inspection *inspection;
	size_t choice_item_count;   /* items with a choice block */
	char digest[65];            /* SHA-256 hex of the canonical content */
	char *source;               /* the file's text as loaded (NUL-terminated) */
	size_t source_len;
	void *id_index;             /* private: item id → index + 1, for quest_find_item */
};

/* Loads and checks a questionnaire file. Returns 0 and *out, or -1 after reporting every
 * error found as FILE:LINE:COL (at most 100), with *out NULL. */
int quest_load_file(const char *path, struct quest **out);

/* The same from text in memory; name is used in messages. */
int quest_load_buffer(const char *name, const char *data, size_t len, struct quest **out);

/* Frees q and everything in it; NULL is allowed. */
void quest_free(struct quest *q);

/* Index of the item with this id, or -1 (constant time). */
long quest_find_item(const struct quest *q, const char *id);

/* Index of the category with this code, or -1. */
long quest_find_category(const struct quest *q, const char *code);

/* Position of item (index into items) on role's sheet, or -1 if the item is not bound to role
 * (constant time). */
long quest_sheet_position(const struct quest *q, enum role role, size_t item);

/* Whether id is a usable item id: letters, digits, '_', '.' or '-', at most 32 bytes, starting
 * with a letter or digit. */
bool quest_item_id_valid(const char *id);

/* Whether the item is bound to role. */
bool quest_item_has_role(const struct quest_item *item, enum role role);

/* The text in lang ("en" gives English, anything else Japanese); "" for an absent text. */
const char *quest_text_get(const struct quest_text *t, const char *lang);

#endif
