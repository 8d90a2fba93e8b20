/*
 * import: the "survey import" command — answers collected through other channels (paper,
 * another system) loaded into a ministry store.
 *
 * The CSV (UTF-8, or CP932 when asked) has a header naming the columns person_id, role, item
 * and answer (in any order, in English or Japanese) and one row per answer; answer is
 * implemented, not_implemented, not_applicable, 1, 2, 3, or 実施, 未実施, 該当なし. Every row
 * is checked against the year's roster and questionnaire (unknown person, role not held, item
 * not on the role's sheet, duplicate answer, bad answer) and errors are reported as
 * FILE:LINE; the import is all-or-nothing. Imported answers replace stored ones for the same items; a person whose
 * items are then all answered is marked submitted (and the submission recorded). Rows that
 * would not change — the same answers, already submitted — are not rewritten, so importing
 * a file twice records it once.
 *
 * Memory is proportional to the roster (the year's packed answers are held in memory), not
 * to the file, which is streamed. A large regular file is checked as two halves on two
 * threads; if that trial meets any problem it is discarded and one ordered pass reports
 * the errors, so messages are the same either way.
 */
#ifndef SELFCHECK_SURVEY_IMPORT_H
#define SELFCHECK_SURVEY_IMPORT_H

#include "core/store.h"
#include "survey/csvread.h"

struct import_result {
	unsigned long long rows;       /* answers read */
	unsigned long long people;     /* people whose answers changed (or who became submitted) */
	unsigned long long submitted;  /* of those, people marked submitted */
};

/* Imports path (in the given encoding) into the year, recording the import in the activity
 * log. Returns 0 and fills *res, or -1 after reporting (store unchanged). */
int import_answers(struct store *s, int fiscal_year, const char *path, enum csvread_encoding encoding,
		   struct import_result *res);

/* Answer code '1'..'3' for a CSV answer field (implemented/1/１/実施, not_implemented/2/２/未実施,
 * not_applicable/3/３/該当なし), or 0 when it is not one. */
char import_answer_code(const char *field);

/* The options an import's answer field picks for choice item c: "2", "1,3" (also "1;3", "1 3",
 * full-width digits and commas); 0 with *why (English) when it names an option the item lacks,
 * repeats one, or is not an answer (two options of a single choice). */
struct choice;
unsigned import_choice_mask(const struct choice *c, const char *field, const char **why);

#endif
