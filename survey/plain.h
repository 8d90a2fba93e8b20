/*
 * plain: the line-mode front end, for screen readers, scripts and dumb terminals.
 *
 * One prompt per line on stdout; one answer per line from stdin: the person id, the token
 * (both skipped with --person), then per item 1/2/3, b (back), ? (explanation) or q (quit),
 * in the same order as the full-screen mode, starting at the first unanswered item; an empty
 * line keeps an item's current answer. When every item is answered it asks y (submit),
 * n (stop without submitting) or b (back). End of input is the same as q: nothing answered
 * is lost.
 */
#ifndef SELFCHECK_SURVEY_PLAIN_H
#define SELFCHECK_SURVEY_PLAIN_H

#include "survey/session.h"

/* Runs line mode on stdin/stdout; returns the exit status (2 after a refused login or a
 * failure). */
int plain_run(struct session *s);

#endif
