/*
 * sysanswer: the systems a responsible officer answers for in the focused inspection — their
 * answers as plain data both front ends work on, and each answer written as it is given.
 *
 * A system's answers are packed over its kind's sheet (core/inspection.h), one code per item
 * as a person's ('0' unanswered, '1' implemented, '2' not implemented, '3' not applicable).
 * A system counts as answered once every item is answered; there is no separate submission.
 * The officer reads and writes only the counted systems the roster names them for: every
 * write checks that the system is still theirs and counted, in its own short transaction.
 *
 * Ownership: the store and the questionnaire are borrowed and must outlive the struct;
 * sysanswer_release frees the rest.
 */
#ifndef SELFCHECK_SURVEY_SYSANSWER_H
#define SELFCHECK_SURVEY_SYSANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/inspection.h"
#include "core/store.h"

/* sysanswer_save refused the answer: the year is closed, or the system is no longer the
 * officer's to answer (the roster changed). Not reported: the front end says so. */
#define SYSANSWER_CLOSED 1
#define SYSANSWER_NOT_YOURS 2

struct sysanswer_system {
	char *id, *name, *unit;
	size_t kind;                  /* index into quest->inspection->kinds */
	char *answers;                /* kind_item_count[kind] codes, NUL-terminated */
	size_t cursor;                /* position on the sheet */
};

struct sysanswer {
	struct store *store;
	int fiscal_year;
	const struct quest *quest;
	char *officer;
	struct sysanswer_system *systems;   /* by kind, then system id */
	size_t count;
};

/* Loads the counted systems officer answers for in fiscal_year (none when the questionnaire has
 * no inspection), each cursor on its first unanswered item. Returns 0 (count may be 0), or -1
 * after reporting; release with sysanswer_release in both cases. */
int sysanswer_load(struct store *s, int fiscal_year, const struct quest *quest, const char *officer,
		   struct sysanswer *out);
void sysanswer_release(struct sysanswer *a);

/* Items on system y's sheet. */
size_t sysanswer_items(const struct sysanswer *a, const struct sysanswer_system *y);
/* The inspection item at position pos of y's sheet. */
const struct inspection_item *sysanswer_item(const struct sysanswer *a, const struct sysanswer_system *y, size_t pos);
/* Answered items of y, and whether all are. */
size_t sysanswer_answered(const struct sysanswer *a, const struct sysanswer_system *y);
bool sysanswer_complete(const struct sysanswer *a, const struct sysanswer_system *y);
/* Position of y's first unanswered item, or its number of items when all are answered. */
size_t sysanswer_first_unanswered(const struct sysanswer *a, const struct sysanswer_system *y);

/* Sets the answer at y's cursor to code ('1'..'3') and writes it now; once every item is
 * answered the system counts. Returns 0, SYSANSWER_CLOSED or SYSANSWER_NOT_YOURS (the answer
 * is then taken back in y), or -1 after reporting. */
int sysanswer_save(struct sysanswer *a, struct sysanswer_system *y, char code);

#endif
