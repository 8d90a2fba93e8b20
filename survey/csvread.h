/*
 * csvread: a streaming RFC 4180 CSV reader for the roster and answer files.
 *
 * Reads the file in fixed-size chunks, so memory stays flat whatever the file's size. Each
 * call to csvread_next() yields one record: its fields are NUL-terminated strings inside
 * the reader's buffer (quotes removed, "" unescaped), valid until the next call, each
 * followed by at least CSVREAD_SLACK readable bytes of the buffer (so that a short field may
 * be read a word at a time; the bytes after its NUL say nothing). A UTF-8
 * byte-order mark at the start is skipped; records end with LF or CRLF; quoted fields may
 * hold commas, quotes and line breaks; empty lines are skipped.
 *
 * Encodings: files are UTF-8 unless csvread_set_encoding() says CP932 (Shift_JIS as Windows
 * writes it), in which case the bytes pass through iconv before they are split; line numbers
 * are those of the original file either way. A file starting with the UTF-8 byte-order mark
 * is read as UTF-8 whatever was set. A UTF-8 reader that meets bytes which are not UTF-8
 * checks whether the whole file decodes as CP932; if it does, it reports that once (with how
 * to re-run) and stops, instead of every row failing on its own. A UTF-16 file is refused
 * at line 1.
 *
 * With trim set, ASCII spaces and tabs and the ideographic space U+3000 around each field
 * (inside or outside its quotes) are removed.
 *
 * Errors (unreadable file, bad encoding, unterminated quote, text after a closing quote, a
 * NUL byte, a record larger than the buffer) and the callers' own row errors (csvread_error) are counted
 * in the reader; the first DIAG_MAX_ERRORS are reported as FILE:LINE unless the reader is
 * quiet, the rest only counted, and csvread_error_summary() says how many were not shown.
 */
#ifndef SELFCHECK_SURVEY_CSVREAD_H
#define SELFCHECK_SURVEY_CSVREAD_H

#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How many errors of one file are reported; further ones are counted, not shown. */

/* Readable bytes the buffer holds after the end of any field. */
#define CSVREAD_SLACK 16

/* csvread_next: a malformed record was reported; the next call reads the record after it. */
#define CSVREAD_BAD_RECORD (-2)

enum csvread_encoding {
	CSVREAD_UTF8,
	CSVREAD_CP932,
};

struct csvread {
	char *path;
	int fd;
	bool quiet;         /* report nothing; errors still count and return -1 */
	bool trim;          /* trim spaces (ASCII and U+3000) around fields */
	enum csvread_encoding encoding;
	char *buf;
	size_t cap, pos, end;
	size_t quote_at;    /* index in buf of the next '"' at or after where it was looked for
			     * (end: none before end); valid while quote_valid */
	bool quote_valid;
	size_t nul_at;      /* the same for the next NUL byte, valid while nul_valid */
	bool nul_valid;
	size_t plain_refused; /* csvread_plain takes no record that starts before this index of
			       * buf: one it left to csvread_next, and the rest of its block
			       * when that block was flagged (0 after each refill) */
	off_t base;         /* offset of buf[0] in the (converted) text */
	off_t limit;        /* stop reading at this file offset; -1: at the end of the file */
	bool eof;
	bool failed;        /* a fatal error was reported: reading stops */
	bool started;       /* the first bytes have been read and looked at */
	long line;          /* line number where the current record starts (1-based) */
	long next_line;     /* line number of the next record's first line */
	char **fields;
	size_t *lens;
	size_t nfields, fields_cap;
	long errors;        /* errors counted so far (reported or not) */
	char *header;       /* the header as read, for messages (csvread_header) */
	size_t header_fields; /* its number of fields */
	/* UTF-8 checking of a UTF-8 reader */
	off_t checked;      /* text before this offset is known to be valid UTF-8 */
	bool not_utf8;      /* invalid UTF-8 met in a file that is not CP932 either: no more checks */
	/* CP932 conversion */
	void *conv;         /* iconv_t, or NULL when reading UTF-8 */
	char *raw;
	size_t raw_pos, raw_end;
	bool raw_eof;
	long conv_newlines; /* line breaks produced by the conversion so far */
};

/* Opens path ("-" reads standard input). Returns 0, or -1 after reporting; release with
 * csvread_close() in both cases. */
int csvread_open(struct csvread *r, const char *path);

/* Every name of an encoding the command line accepts, case ignored, NULL-terminated: the first
 * CSVREAD_UTF8_NAMES name UTF-8 (utf-8, utf8), the others CP932 (cp932, sjis, shift_jis,
 * shift-jis, shiftjis, windows-31j, ms932). --encoding takes its values from here. */
extern const char *const CSVREAD_ENCODING_NAMES[];
#define CSVREAD_UTF8_NAMES 2
/* The encoding for one of those names. Returns the encoding, or -1 for an unknown name. */
int csvread_encoding_from_name(const char *name);

/* Sets how the file is encoded; call before the first csvread_next. Returns 0, or -1 after
 * reporting when the system cannot convert from it. */
int csvread_set_encoding(struct csvread *r, enum csvread_encoding encoding);

/* Reads the next record into r->fields[0..nfields). Returns 1 for a record, 0 at the end of
 * the file, CSVREAD_BAD_RECORD after reporting a malformed record (reading may go on), -1
 * after reporting an error that ends reading. */
int csvread_next(struct csvread *r);

/*
 * Reads ahead, up to max records, the records that need none of csvread_next's general work:
 * each lies whole in the text already read, ends with LF or CRLF, has exactly nfields fields
 * (two or more when any is quoted), holds no NUL, and each of its fields either holds no quote
 * or is quoted whole ("text") with no quote inside (so no comma or line break either); with
 * trim, no field, nor a quoted field's text, starts or ends with a space to trim. A quoted
 * field is given as its text. It stops before the first record that is not such (an empty
 * line, a NUL near it, a doubled quote or a quote elsewhere, another number of fields, a record
 * the buffer's end cuts, the last record of a file without its LF) and leaves it to
 * csvread_next, which reads
 * it and what follows as it always does: the records read either way are the same. Record
 * k's field i is fields[k * nfields + i], NUL-terminated, lens[k * nfields + i] bytes long,
 * followed by CSVREAD_SLACK readable bytes, and starts on line *first_line + k. This call
 * does not move the buffer: the fields of several calls stay valid together until the next
 * call of csvread_next. Returns how many records it read (0: call csvread_next).
 */
size_t csvread_plain(struct csvread *r, size_t nfields, char **fields, size_t *lens, size_t max, long *first_line);

/* Whether csvread_plain looks at the text 16 bytes at a time with the processor's vector
 * instructions (where it has them: x86-64) or a byte at a time; the same records either
 * way. On by default; for tests. */
void csvread_use_vectors(bool on);

/* Reports a problem of the current file at line (0: no position), counting it in r->errors;
 * past DIAG_MAX_ERRORS (or when quiet) it is only counted. The message is cleaned of
 * control characters as a whole, so it may quote the file's text. Returns -1. */
int csvread_error(struct csvread *r, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The same with a column: reported as FILE:LINE:COL, col being the number of the field in the
 * record (1 for the first; 0 prints no column). */
int csvread_error_at(struct csvread *r, long line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* When more errors were counted than reported, reports "FILE: N more errors not shown (M in
 * all)". Nothing when quiet. */
void csvread_error_summary(struct csvread *r);

/* A column a header must have: its name and the other names it may be written as. */
struct csvread_column {
	const char *name;             /* "person_id" */
	const char *const *aliases;   /* NULL-terminated list, or NULL */
};

/*
 * Matches the record just read as the header against the columns: index[i] becomes the field
 * holding column i. Names compare after NFKC normalisation (full-width letters and digits
 * become ASCII) and ignoring ASCII case; other fields are ignored. A missing column or one
 * given twice is reported at the header's line as "expected the header NAME,NAME,...
 * (...)". Returns 0, or -1 after reporting.
 */
int csvread_header(struct csvread *r, const struct csvread_column *cols, size_t ncols, size_t *index);

/* The header record as it was read, fields joined by commas ("person_id,name,..."), for
 * messages; valid until the reader is closed. csvread_header must have succeeded. */
const char *csvread_header_text(const struct csvread *r);

/* A whole file of rows under a header, as the roster and systems imports read it. */
struct csvread_rows {
	const struct csvread_column *cols;
	size_t ncols;
	const char *header;       /* the header as messages name it, "person_id,name,..." */
	const char *no_rows;      /* the message for a file without rows after its header; NULL: allowed */
	/* Checks and takes one row with the header's number of fields, field col[i] holding column
	 * i; reports its own problems through csvread_error (whatever it returns). */
	int (*row)(struct csvread *r, const size_t *col, void *ctx);
};

/*
 * Opens path in encoding with fields trimmed and reads it through: the header (a file without
 * one is reported as "empty file (expected the header HEADER)"), then every row, handed to
 * how->row when it has the header's number of fields and reported as "expected N fields (...)"
 * when not; a file with no row and no error gets how->no_rows at line 2. Every error is
 * reported or counted, then csvread_error_summary. Returns 0, or -1 when there was any error.
 */
int csvread_rows(const char *path, enum csvread_encoding encoding, const struct csvread_rows *how, void *ctx);

/* Reading a range of a regular UTF-8 file, so that two readers can share one file: seek makes
 * a freshly opened reader start at offset (which must be the start of a record; line numbers
 * then count from there), limit makes the reader stop at offset (at or after the data read
 * so far, csvread_offset). Return 0, or -1 after reporting. */
int csvread_seek(struct csvread *r, off_t offset);
int csvread_limit(struct csvread *r, off_t offset);
/* File offset of the first byte not yet returned in a record. */
off_t csvread_offset(const struct csvread *r);

/* Closes the file and frees the buffers; safe on a reader whose open failed. */
void csvread_close(struct csvread *r);

#endif
