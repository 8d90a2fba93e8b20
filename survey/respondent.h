/*
 * respondent: one logged-in person's access to the store — login, writing each answer as it
 * is given, submitting. Both front ends drive it over the same sheet.
 *
 * A respondent reads and writes only their own rows: every statement is keyed by the
 * person id established at login. Each answer is written in its own short transaction, so
 * a lost connection or a killed process loses nothing that was answered, and concurrent
 * respondents on one store only wait for each other (the store retries while busy). An
 * answer's commit is not synced to the disk (a power cut may lose the latest answers); the
 * submission's is, before the receipt is shown (docs/store.md, "What survives").
 *
 * Ownership: the store and the questionnaire are borrowed and must outlive the respondent;
 * respondent_release frees the rest.
 */
#ifndef SELFCHECK_SURVEY_RESPONDENT_H
#define SELFCHECK_SURVEY_RESPONDENT_H

#include <stdbool.h>

#include "core/store.h"
#include "survey/sheet.h"

/* respondent_save / respondent_submit refused because the year is closed (not reported:
 * the front end says so in the user's language). */
#define RESPONDENT_CLOSED 1

struct respondent {
	struct store *store;
	int fiscal_year;
	char *person_id;
	char *name;
	char *unit;
	struct sheet sheet;
	char *submitted_at;      /* last submission (UTC, ISO 8601), NULL if never */
	char *changed_at;        /* last change of an answer after that submission (UTC), NULL if none */
};

struct respondent_receipt {
	char submitted_at[32];
	size_t answers;
	char digest[SHEET_DIGEST_SIZE];
	char previous_at[32];    /* the submission this one replaces (UTC), "" for the first */
};

/* Whether the fiscal year is open for answers: 1 open, 0 closed or unknown year (not
 * reported), -1 store error (reported). */
int respondent_year_open(struct store *s, int fiscal_year);

/*
 * Checks person_id and token and loads the person's roles and stored answers into r (cursor
 * on the first unanswered item). Returns 1 logged in; 0 refused — unknown person, wrong
 * token, or no role to answer — without saying which and without reporting; -1 on a store
 * error (reported). Release r with respondent_release() after 1 only.
 */
int respondent_login(struct store *s, int fiscal_year, const struct quest *quest,
		     const char *person_id, const char *token, struct respondent *r);
void respondent_release(struct respondent *r);

/* Writes the sheet's answer at entry index to the store now (a relaxed commit: see above).
 * After a submission the change is taken all the same (until the collection closes) and
 * recorded: the row's changed_after_submit_at and r->changed_at are set to now when the answer
 * differs from the stored one. Returns 0, RESPONDENT_CLOSED, or -1 after reporting. */
int respondent_save(struct respondent *r, size_t index);

/* Submits: every entry must be answered (the caller checks). Marks the person's responses
 * submitted (clearing any change after an earlier submission), records the submission in the
 * history and fills the receipt; on return 0 the submission is on the disk. Returns 0,
 * RESPONDENT_CLOSED, or -1 after reporting. */
int respondent_submit(struct respondent *r, struct respondent_receipt *receipt);

#endif
