/*
 * text: UTF-8 text handling shared by the programs: validation, display width (East Asian
 * wide characters count two columns), neutralising control characters before text from
 * files reaches a terminal, and a growable string buffer.
 *
 * Functions never modify their input; those returning char * return a new string the
 * caller frees with free().
 */
#ifndef SELFCHECK_TEXT_H
#define SELFCHECK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returns the byte offset of the first invalid UTF-8 sequence in s[0..len), or -1 when all
 * of it is valid (overlong forms, surrogates and code points above U+10FFFF are invalid). */
long text_utf8_invalid_at(const char *s, size_t len);

/* Returns the byte offset of the first control character in s[0..len) — NUL and the other C0
 * controls, DEL, and the C1 controls U+0080–U+009F (UTF-8 C2 80 – C2 9F) — that is not one of
 * the ASCII characters in allowed (e.g. "\t\n"; "" allows none), or -1 when there is none.
 * The code point found is stored in *cp when cp is not NULL. */
long text_control_at(const char *s, size_t len, const char *allowed, uint32_t *cp);

/* Decodes one code point at s (valid UTF-8 assumed, NUL ends); stores its byte length in
 * *len (1 for a NUL or an invalid byte, which decodes as U+FFFD). */
uint32_t text_utf8_decode(const char *s, int *len);

/* Display columns of code point c in a terminal: 0 for combining marks and controls,
 * 2 for East Asian wide and fullwidth characters, 1 otherwise. */
int text_codepoint_width(uint32_t c);

/* Display columns of the whole string (valid UTF-8 assumed). */
int text_width(const char *s);

/* Copy of s in which C0/C1 control characters (and DEL) are replaced by U+FFFD, except
 * that keep_newlines keeps '\n' (and turns '\t' into a space). Invalid UTF-8 bytes become
 * U+FFFD too. NULL gives "". Free with free(). */
char *text_sanitize(const char *s, bool keep_newlines);

/* How many bytes of s hold its first max_chars characters (an invalid UTF-8 byte counts as
 * one character, as text_utf8_decode reads it). NULL gives 0. */
size_t text_prefix_bytes(const char *s, size_t max_chars);
/* Copy of s cut after max_chars characters, with "…" marking the cut; otherwise unchanged (it
 * does not sanitise: diag sanitises whatever it prints). NULL gives "". Free with free(). */
char *text_excerpt(const char *s, size_t max_chars);

/* Copy of s without the single ASCII spaces that stand between two wide (East Asian)
 * characters, or after 。 or 、 before anything — what folding a long YAML line leaves inside
 * a Japanese sentence, where no space belongs. Other spaces are kept. NULL gives "". Free with
 * free(). */
char *text_join_wide(const char *s);

/* The ASCII form of a full-width character as an input method types it: U+FF01..U+FF5E
 * (full-width digits, letters and signs such as １ Ａ ｑ ？) become U+0021..U+007E and the
 * ideographic space U+3000 a space; every other code point is returned unchanged. */
uint32_t text_fold_fullwidth(uint32_t c);
/* Copy of s with every full-width character replaced by its ASCII form (as above), so that
 * "ｇｏ　１２" reads as "go 12". NULL gives "". Free with free(). */
char *text_fold_fullwidth_str(const char *s);
/* Whether s consists only of white space (ASCII or U+3000 ideographic space). NULL: true. */
bool text_is_blank(const char *s);
/* What is wrong with s as a one-line text taken from a file (a name, a unit): "is not valid
 * UTF-8", "is empty" (blank), "contains a control character" (C0, DEL or C1, line breaks and
 * tabs included); NULL when nothing is. Callers add their own limit on the length. */
const char *text_line_problem(const char *s);

/*
 * Word-wraps s to lines of at most width columns. Breaks at spaces for Latin text and
 * between any two wide characters for Japanese text, never before closing punctuation
 * such as 、。）」 (kinsoku). Existing '\n' start new lines. Returns the number of lines
 * and an array of new strings in *lines_out; free with text_free_lines().
 */
size_t text_wrap(const char *s, int width, char ***lines_out);
void text_free_lines(char **lines, size_t count);

/* The last occurrence of needle (a C string) in hay[0..len), or NULL. */
const char *text_find_last(const char *hay, size_t len, const char *needle);

/* A growable NUL-terminated string. Invariant: buf is never NULL after strbuf_init and
 * always NUL-terminated; len excludes the NUL. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
/* Appends v in decimal (what "%llu" gives, without printf: counts written by the thousand). */
void strbuf_addu(struct strbuf *sb, unsigned long long v);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);
/* Releases the buffer; the strbuf may be initialised again. */
void strbuf_release(struct strbuf *sb);
/* Hands the string over to the caller (free() it); sb must be initialised again before
 * it is reused. */
char *strbuf_detach(struct strbuf *sb);

/* Timing-safe comparison of two byte strings of equal length n. Returns true if equal. */
bool text_equal_constant_time(const void *a, const void *b, size_t n);

#endif
