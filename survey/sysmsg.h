/*
 * sysmsg: the words of the focused inspection's screens and prompts (the system picker and a
 * system's items), in Japanese and English. Like msg: plain text, never printf formats; every
 * returned pointer is a string constant.
 */
#ifndef SELFCHECK_SURVEY_SYSMSG_H
#define SELFCHECK_SURVEY_SYSMSG_H

enum sysmsg_id {
	SYSMSG_PICKER_TITLE,
	SYSMSG_OWN_SHEET,
	SYSMSG_SYSTEMS_HEADING,
	SYSMSG_REFERENCE_DATE,
	SYSMSG_ANSWER_AS_OF,
	SYSMSG_KIND,
	SYSMSG_SYSTEM,
	SYSMSG_GROUP,
	SYSMSG_ITEM,
	SYSMSG_DONE,
	SYSMSG_SYSTEM_DONE,
	SYSMSG_NOT_YOURS,
	SYSMSG_LINE_CHOOSE,
	SYSMSG_LINE_NO_SUCH,
	SYSMSG_LINE_ANSWER,
	SYSMSG_LINE_INVALID,
	SYSMSG_COUNT
};

/* The message in lang ("en" English, anything else Japanese). */
const char *sysmsg_get(const char *lang, enum sysmsg_id id);

#endif
