/*
 * plain: the line-mode front end, for screen readers, scripts, dumb terminals and SSH
 * sessions without a terminal.
 *
 * One prompt per line on stdout; one line from stdin per prompt: the person id, the token
 * (both skipped with --person), then per item, starting at the first unanswered one:
 *   1 2 3      answer (an empty line keeps the current answer)
 *   b n        previous / next item
 *   ?          the explanation
 *   list       every item with its answer
 *   go N       jump to item N
 *   review     how many are answered and which are not; the submit question when all are
 *   help       the commands
 *   q          quit
 * Every item prompt starts with where the person is ("item 3 of 65"). When every item is
 * answered it asks y (submit), n (stop without submitting) or b (back); list, go N, review
 * and help work there too. Full-width characters typed with an input method count as their
 * ASCII forms (１ is 1, ｇｏ　３ is go 3), commands in either case. End of input is the
 * same as q: nothing answered is lost.
 */
#ifndef SELFCHECK_SURVEY_PLAIN_H
#define SELFCHECK_SURVEY_PLAIN_H

#include "survey/session.h"

/* Runs line mode on stdin/stdout; returns the exit status (2 after a refused login or a
 * failure). */
int plain_run(struct session *s);

#endif
