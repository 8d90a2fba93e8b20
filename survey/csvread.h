/*
 * csvread: a streaming RFC 4180 CSV reader for the roster and answer files.
 *
 * Reads the file in fixed-size chunks, so memory stays flat whatever the file's size. Each
 * call to csvread_next() yields one record: its fields are NUL-terminated strings inside
 * the reader's buffer (quotes removed, "" unescaped), valid until the next call. A UTF-8
 * byte-order mark at the start is skipped; records end with LF or CRLF; quoted fields may
 * hold commas, quotes and line breaks; empty lines are skipped.
 *
 * Errors (unreadable file, unterminated quote, text after a closing quote, a record larger
 * than the buffer) are reported as FILE:LINE — unless the reader is quiet — and returned
 * as -1.
 */
#ifndef SELFCHECK_SURVEY_CSVREAD_H
#define SELFCHECK_SURVEY_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct csvread {
	char *path;
	int fd;
	bool quiet;         /* report nothing; errors still return -1 */
	char *buf;
	size_t cap, pos, end;
	off_t base;         /* file offset of buf[0] */
	off_t limit;        /* stop reading at this file offset; -1: at the end of the file */
	bool eof;
	long line;          /* line number where the current record starts (1-based) */
	long next_line;     /* line number of the next record's first line */
	char **fields;
	size_t *lens;
	size_t nfields, fields_cap;
};

/* Opens path ("-" reads standard input). Returns 0, or -1 after reporting; release with
 * csvread_close() in both cases. */
int csvread_open(struct csvread *r, const char *path);
/* Reads the next record into r->fields[0..nfields). Returns 1 for a record, 0 at the end of
 * the file, -1 after reporting an error. */
int csvread_next(struct csvread *r);
/* Reading a range of a regular file, so that two readers can share one file: seek makes a
 * freshly opened reader start at offset (which must be the start of a record; line numbers
 * then count from there), limit makes the reader stop at offset (at or after the data read
 * so far, csvread_offset). Return 0, or -1 after reporting. */
int csvread_seek(struct csvread *r, off_t offset);
int csvread_limit(struct csvread *r, off_t offset);
/* File offset of the first byte not yet returned in a record. */
off_t csvread_offset(const struct csvread *r);

/* Closes the file and frees the buffers; safe on a reader whose open failed. */
void csvread_close(struct csvread *r);

#endif
