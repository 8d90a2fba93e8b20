/*
 * diag: how every program reports problems.
 *
 * Messages go to stderr as "PROGRAM: FILE:LINE:COL: message" (or "PROGRAM: message" when
 * there is no position), lowercase, without a final full stop. Library code reports through
 * these functions and returns -1; only main() and command functions decide to exit.
 *
 * Exit statuses are fixed for the whole toolkit: DIAG_EXIT_OK 0, DIAG_EXIT_USAGE 1 (bad
 * command line), DIAG_EXIT_INPUT 2 (bad input file or data, or a failed operation).
 *
 * Every message is one line of plain text, whatever the caller passed: the reporter itself
 * replaces control characters (C0, DEL, C1, including line breaks and the ESC that starts a
 * terminal escape sequence) and invalid UTF-8 with U+FFFD, and cuts the line after
 * DIAG_MAX_MESSAGE bytes, marking the cut with "…". So callers pass file names and text quoted
 * from files as they are; none can reach the terminal as an escape sequence or flood it. A
 * caller that quotes a text which may be long shortens it with diag_excerpt().
 * Usage errors (diag_vusage, through cli_usage_error) and broken invariants (diag_bug) are
 * sanitised the same way.
 */
#ifndef SELFCHECK_DIAG_H
#define SELFCHECK_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum { DIAG_EXIT_OK = 0, DIAG_EXIT_USAGE = 1, DIAG_EXIT_INPUT = 2 };

/* Longest message line, in bytes, before the cut (docs/limits.md). */
#define DIAG_MAX_MESSAGE 2000

/* Most errors shown about one input file (a YAML document, a questionnaire, a CSV file); past
 * it the rest are counted and one line says so (docs/limits.md). */
#define DIAG_MAX_ERRORS 100

/* Characters of a file's text that a message quotes before the cut (docs/limits.md). */
#define DIAG_EXCERPT_CHARS 80
/* How many diag_excerpt() results stay valid at once. */
#define DIAG_EXCERPTS 4

/* The first DIAG_EXCERPT_CHARS characters of s, with "…" marking a cut, for quoting a text
 * taken from a file: ydoc_error(doc, n, "unknown key '%s'", diag_excerpt(key)). Not
 * sanitised (the message is). The string is diag's own, in storage of the calling thread that
 * the DIAG_EXCERPTS-th call after it reuses: use it in the message at hand, do not free it.
 * NULL gives "". */
const char *diag_excerpt(const char *s);

/* Sets the program name shown before every message (not copied: pass a string literal). */
void diag_set_program(const char *name);
const char *diag_program(void);

/* Where messages go: stderr unless set (NULL restores it). The fuzz targets silence the
 * messages of the inputs they try. */
void diag_set_output(FILE *out);

/* Registers a function run once before the first message is printed (the terminal UI uses
 * it to leave curses mode, so a message never lands in a broken terminal). NULL clears. */
void diag_set_before_print(void (*hook)(void));

/* Reports an error with a position; line/col are 1-based, col 0 prints "FILE:LINE:".
 * file NULL prints no position. Always returns -1 so callers can "return diag_at(...)". */
int diag_at(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Reports an error without a position. Returns -1. */
int diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reports a warning ("PROGRAM: warning: ..."); does not count as an error. */
void diag_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints an informational line to stderr ("PROGRAM: ..."), e.g. progress or where output
 * went; suppressed when diag_set_quiet(1) was called. */
void diag_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_set_quiet(int quiet);

/* Number of errors reported since the start or the last diag_reset_count(). */
int diag_error_count(void);
void diag_reset_count(void);

/* Reports a usage error of a command line: "WHO: message", then "Try 'WHO --help' for more
 * information." (WHO: the program and its command, e.g. "survey roster import"; NULL: the
 * program). Not counted by diag_error_count(). Returns -1. core/cli calls it. */
int diag_vusage(const char *who, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Reports a programming error (an invariant broken) on stderr and aborts. */
_Noreturn void diag_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define DIAG_BUG(...) diag_bug(__FILE__, __LINE__, __VA_ARGS__)

/* Out-of-memory-checked allocation: when the allocator fails, print "PROGRAM: out of memory"
 * and exit with DIAG_EXIT_INPUT (2; exit(), not abort(): no core dump, atexit handlers run),
 * so callers need not test for NULL. Free with free(). */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Room for one more element in an array that grows by doubling: when count has reached *cap,
 * *cap doubles (from 0 to first_cap) and the array is reallocated to *cap elements of size
 * bytes each. Returns the array, moved or not: items = xgrow(items, count, &cap, sizeof
 * *items, 64); items[count++] = x;. A size past SIZE_MAX counts as out of memory. */
void *xgrow(void *items, size_t count, size_t *cap, size_t size, size_t first_cap);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; free() it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
