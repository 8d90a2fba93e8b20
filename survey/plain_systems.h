/*
 * plain_systems: the focused inspection in line mode. After login, an officer responsible for
 * systems gets a numbered list — their own sheet (0) and each of their systems with its
 * progress — and answers a system's items one prompt per line: 1/2/3, b (back), ? (explanation),
 * l (back to the list) or q (quit); an empty line keeps an item's current answer. A system's
 * last item leads back to the list. Every answer is written as it is given.
 */
#ifndef SELFCHECK_SURVEY_PLAIN_SYSTEMS_H
#define SELFCHECK_SURVEY_PLAIN_SYSTEMS_H

#include "survey/session.h"

/* Runs the system list for the logged-in person. Returns 1 to go on with the person's own
 * sheet (at once when they answer for no system), 0 to end the session (q, or the end of
 * input; *status set when the year was closed), -1 after reporting a failure. */
int plain_systems_run(struct session *s, int *status);

#endif
