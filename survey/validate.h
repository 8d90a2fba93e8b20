/*
 * validate: the "survey validate" command — checks questionnaire files and reports every
 * error found as FILE:LINE:COL.
 */
#ifndef SELFCHECK_SURVEY_VALIDATE_H
#define SELFCHECK_SURVEY_VALIDATE_H

/* Checks each file; prints "FILE: ok, N items, digest D" per valid file on stdout.
 * Returns 0 when all are valid, DIAG_EXIT_INPUT (2) otherwise. */
int validate_files(int count, char **files);

#endif
