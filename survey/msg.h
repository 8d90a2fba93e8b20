/*
 * msg: the questionnaire's own words in Japanese and English.
 *
 * Messages are plain text, never printf formats (numbers are printed beside them), so a
 * translation cannot break a format. Every returned pointer is a string constant.
 */
#ifndef SELFCHECK_SURVEY_MSG_H
#define SELFCHECK_SURVEY_MSG_H

#include "core/roles.h"

enum msg_id {
	MSG_LOGIN_TITLE,
	MSG_PERSON_ID,
	MSG_TOKEN,
	MSG_LOGIN_KEYS,
	MSG_LOGIN_FAILED,
	MSG_CLOSED,
	MSG_NO_ITEMS,
	MSG_ROLE,
	MSG_CATEGORY,
	MSG_CLAUSE,
	MSG_ANSWER_1,
	MSG_ANSWER_2,
	MSG_ANSWER_3,
	MSG_UNANSWERED,
	MSG_ANSWERED,
	MSG_CURRENT_ANSWER,
	MSG_QUESTION_KEYS,
	MSG_EXPLANATION,
	MSG_EXPLANATION_KEYS,
	MSG_REVIEW_TITLE,
	MSG_REVIEW_KEYS,
	MSG_NOT_COMPLETE,
	MSG_CONFIRM_SUBMIT,
	MSG_CONFIRM_KEYS,
	MSG_RECEIPT_TITLE,
	MSG_SUBMITTED_AT,
	MSG_ANSWER_COUNT,
	MSG_DIGEST,
	MSG_RECEIPT_KEYS,
	MSG_SUBMITTED_BEFORE,
	MSG_RESUBMIT_NOTE,
	MSG_SAVED,
	MSG_LINE_ANSWER_PROMPT,
	MSG_LINE_INVALID,
	MSG_LINE_SUBMIT_PROMPT,
	MSG_LINE_NOT_SUBMITTED,
	MSG_LINE_GOTO_UNANSWERED,
	MSG_WELCOME,
	MSG_SCREEN_TOO_SMALL,
	MSG_COUNT
};

/* The message in lang ("en" English, anything else Japanese). */
const char *msg_get(const char *lang, enum msg_id id);

/* Name of an answer code '1'..'3' (or '0' for unanswered) in lang. */
const char *msg_answer(const char *lang, char code);

/* The language to use: "ja" or "en" from LC_ALL, LC_MESSAGES or LANG (in that order of
 * precedence); Japanese when none says English. */
const char *msg_default_lang(void);

#endif
