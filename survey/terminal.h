/*
 * terminal: whether the terminal on standard output can show the full-screen questionnaire.
 *
 * It can when its terminfo entry is found and can address the cursor; TERM=dumb, an unknown
 * or missing TERM, or a missing terminfo database cannot, and the questionnaire then runs in
 * line mode. Kept apart from tui.c because <term.h> defines short macro names.
 */
#ifndef SELFCHECK_SURVEY_TERMINAL_H
#define SELFCHECK_SURVEY_TERMINAL_H

#include <stdbool.h>

/* Whether the full screen can be drawn on standard output (a terminal is assumed). */
bool terminal_usable(void);

#endif
