/*
 * tui: the full-screen front end (ncursesw).
 *
 * One state value says which screen is up; every screen is a trio screen_X_init/draw/key
 * over struct tui (survey/screens.h). The loop here reads keys, handles KEY_RESIZE once by
 * redrawing, and dispatches. Every exit path, including an error message from deeper code,
 * leaves curses first (diag's before-print hook).
 */
#ifndef SELFCHECK_SURVEY_TUI_H
#define SELFCHECK_SURVEY_TUI_H

#include "survey/session.h"

/* Runs the full-screen questionnaire; returns the exit status. */
int tui_run(struct session *s);

#endif
