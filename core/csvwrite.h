/*
 * csvwrite: every CSV the programs write, the one field writer: RFC 4180 fields (quoted when
 * they hold a comma, a quote or a line break), one record per line. survey writes the files
 * people open (tokens, reminder lists, the activity log), aggregator its --format csv.
 *
 * Plain output is UTF-8 with LF line ends. Excel output (--excel) is what Japanese Excel
 * opens without an import dialog: a UTF-8 byte-order mark first and CRLF line ends; a field
 * that Excel would take for a formula (starting with = + - @, a tab or a carriage return)
 * is written with a leading apostrophe, so a name in a roster can never run as a formula.
 *
 * The writer borrows the stream; nothing is allocated.
 */
#ifndef SELFCHECK_CSVWRITE_H
#define SELFCHECK_CSVWRITE_H

#include <stdbool.h>
#include <stdio.h>

struct csvwrite {
	FILE *out;
	bool excel;
	bool row_started;   /* a field was written on the current record */
};

/* Starts writing to out (the byte-order mark in Excel mode). */
void csvwrite_begin(struct csvwrite *w, FILE *out, bool excel);
/* Writes one field of the current record (quoted when it holds a comma, quote or line
 * break). NULL writes an empty field. */
void csvwrite_field(struct csvwrite *w, const char *value);
/* Writes a field from a printf format. */
void csvwrite_fieldf(struct csvwrite *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends the current record. */
void csvwrite_end_row(struct csvwrite *w);
/* Writes a whole record of n fields. */
void csvwrite_row(struct csvwrite *w, const char *const *fields, size_t n);

#endif
