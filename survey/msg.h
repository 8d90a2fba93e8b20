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
	MSG_EXPLANATION,
	MSG_REVIEW_TITLE,
	MSG_NOT_COMPLETE,
	MSG_CONFIRM_SUBMIT,
	MSG_RECEIPT_TITLE,
	MSG_SUBMITTED_AT,
	MSG_ANSWER_COUNT,
	MSG_DIGEST,
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
	MSG_MORE,
	MSG_CHOOSE_FIRST,
	MSG_TERMINAL_UNUSABLE,
	MSG_NOT_A_TERMINAL,
	MSG_CHANGED_AFTER_SUBMIT,
	MSG_CHANGED_NOTE,
	MSG_PREVIOUS_SUBMISSION,
	MSG_LINE_ITEM,
	MSG_LINE_ITEM_OF,
	MSG_LINE_HELP,
	MSG_LINE_NO_SUCH_ITEM,
	MSG_LINE_UNANSWERED_ITEMS,
	MSG_LINE_ALL_ANSWERED,
	/* choice items (survey/screen_choice.c, plain.c) */
	MSG_CHOICE_SINGLE_HINT,
	MSG_CHOICE_MULTI_HINT,
	MSG_CHOICE_NO_SUCH,
	MSG_CHOICE_PICK_ONE,
	MSG_CHOICE_MULTI_MARK,
	MSG_LINE_CHOICE_PROMPT,
	MSG_LINE_CHOICE_MULTI_PROMPT,
	MSG_LINE_CHOICE_INVALID,
	MSG_NOT_ASKED,
	MSG_COUNT
};

/* The key bars, each in up to three lengths: for 80 columns, for 60 and for 40. */
enum msg_keybar {
	KEYBAR_LOGIN,
	KEYBAR_QUESTION,
	KEYBAR_EXPLANATION,
	KEYBAR_REVIEW,
	KEYBAR_CONFIRM,
	KEYBAR_RECEIPT,
	KEYBAR_TOO_SMALL,
	KEYBAR_SYSTEMS,             /* the focused inspection: the system picker */
	KEYBAR_SYSTEM_ITEM,         /* a system's item */
	KEYBAR_SYSTEM_EXPLANATION,  /* a system's item with its explanation open */
	KEYBAR_CHOICE,              /* a single-choice item */
	KEYBAR_CHOICE_MULTI,        /* a multiple-choice item */
	KEYBAR_COUNT
};

/* The message in lang ("en" English, anything else Japanese). */
const char *msg_get(const char *lang, enum msg_id id);

/* The longest form of key bar bar in lang that fits in width columns, or its shortest form
 * when none fits. */
const char *msg_keybar(const char *lang, enum msg_keybar bar, int width);

/* Name of an answer code '1'..'3' (or '0' for unanswered) in lang. */
const char *msg_answer(const char *lang, char code);

/* The language to use: "ja" or "en" from LC_ALL, LC_MESSAGES or LANG (in that order of
 * precedence); Japanese when none says English. */
const char *msg_default_lang(void);

#endif
