/*
 * session: one run of the questionnaire — the context both front ends share (store,
 * questionnaire, language, the logged-in respondent) and the choice between them.
 *
 * The full-screen front end runs when stdin and stdout are terminals and --plain was not
 * given; otherwise line mode runs. Nothing here is global: the session is passed down.
 */
#ifndef SELFCHECK_SURVEY_SESSION_H
#define SELFCHECK_SURVEY_SESSION_H

#include <stdbool.h>

#include "core/quest.h"
#include "core/store.h"
#include "survey/respondent.h"

struct session_options {
	const char *db;
	int fiscal_year;
	bool plain;
	const char *person;   /* --person: log in with SURVEY_TOKEN, skipping the prompts */
	const char *lang;     /* NULL: from the locale */
};

struct session {
	struct store *store;
	int fiscal_year;
	struct quest *quest;
	const char *lang;
	const char *person;     /* from --person, or NULL */
	const char *token;      /* from SURVEY_TOKEN when --person is given, or NULL */
	char *org_name;         /* sanitised, for headings */
	char *title;            /* sanitised questionnaire title in lang */
	bool logged_in;
	struct respondent resp;
};

/* Runs the questionnaire and returns the exit status (0, or 2 after a failure). */
int session_run(const struct session_options *opts);

/* Tries to log in; returns 1, 0 (refused) or -1 (reported). */
int session_login(struct session *s, const char *person, const char *token);

#endif
