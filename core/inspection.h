/*
 * inspection: the focused inspection of a questionnaire (docs/questionnaire-format.md,
 * "Inspection") — checks whose targets are systems, not people.
 *
 * The questionnaire declares the kinds of system it inspects (public web servers, mail
 * servers, mail domains, networks …), the topics that say why items were chosen (each with
 * its reason), optional sub-groups of items, the items, and the reference date at which the
 * systems are counted. Every item belongs to one kind and one topic, and is answered once per
 * system of its kind by the system's responsible officer: implemented, not implemented or not
 * applicable, like a person's item.
 *
 * The items of one kind, in file order, form that kind's sheet: a system's packed answers
 * (one code per position, as a person's) and the tallies index items by their position there
 * (inspection_sheet_position) or by their index in items.
 *
 * Ownership: an inspection belongs to its questionnaire (quest.inspection, freed by
 * quest_free); every string and array inside belongs to it. Read-only once loaded.
 */
#ifndef SELFCHECK_INSPECTION_H
#define SELFCHECK_INSPECTION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/quest.h"
#include "core/ydoc.h"

/* A kind of system: "web_server" 公開ウェブサーバ. */
struct inspection_kind {
	char *code;
	struct quest_text name;
};

/* A sub-group of items within a kind (表２-７ prints it as a vertical label). */
struct inspection_group {
	char *code;
	struct quest_text name;
};

/* What was inspected and why (a row of 表２-６): its text and the reason the items under it
 * were chosen. */
struct inspection_topic {
	char *code;
	struct quest_text name;
	struct quest_text reason;
};

struct inspection_item {
	char *id;
	size_t kind;                /* index into kinds */
	long group;                 /* index into groups, -1 for none */
	size_t topic;               /* index into topics */
	char *clause;
	struct quest_text name;     /* the short name the report's tables print */
	struct quest_text question;
	struct quest_text explanation;
	int line;                   /* where the item starts in its file */
};

struct inspection {
	char reference_date[11];    /* YYYY-MM-DD */
	struct inspection_kind *kinds;
	size_t kind_count;
	struct inspection_group *groups;
	size_t group_count;
	struct inspection_topic *topics;
	size_t topic_count;
	struct inspection_item *items;
	size_t item_count;
	/* For each kind: indices into items of its items, in file order (its sheet). */
	size_t **kind_items;
	size_t *kind_item_count;
};

/* Checks the value of the questionnaire's `inspection` key against q (whose person items are
 * loaded: item ids must be unique across both). Reports every error as FILE:LINE:COL through
 * doc and returns -1 (*out NULL), or returns 0 and *out (freed by inspection_free, normally
 * through quest_free). */
int inspection_load(const struct ydoc *doc, const struct ydoc_node *node, const struct quest *q,
		    struct inspection **out);

/* Frees ins and everything in it; NULL is allowed. */
void inspection_free(struct inspection *ins);

/* Index of the kind with this code, or -1 (also when ins is NULL). */
long inspection_find_kind(const struct inspection *ins, const char *code);
/* Index of the item with this id, or -1 (also when ins is NULL). */
long inspection_find_item(const struct inspection *ins, const char *id);
/* Position of item (index into items) on its kind's sheet. */
size_t inspection_sheet_position(const struct inspection *ins, size_t item);

/* Whether s is a calendar date written YYYY-MM-DD (years FISCAL_YEAR_MIN..FISCAL_YEAR_MAX, core/era.h). */
bool inspection_date_valid(const char *s);

#endif
