/* diag: error reporting and checked allocation shared by every program. */
#include "core/diag.h"
#include "core/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program_name = "selfcheck";
static void (*before_print)(void);
static int error_count;
static int quiet;
static FILE *output;

void diag_set_output(FILE *out) { output = out; }

void diag_set_program(const char *name) { program_name = name ? name : "selfcheck"; }
const char *diag_program(void) { return program_name; }
void diag_set_before_print(void (*hook)(void)) { before_print = hook; }
void diag_set_quiet(int q) { quiet = q; }
int diag_error_count(void) { return error_count; }
void diag_reset_count(void) { error_count = 0; }

static void run_hook(void)
{
	if (before_print) {
		void (*hook)(void) = before_print;
		before_print = NULL;
		hook();
	}
}

static void vreport(const char *who, const char *file, int line, int col, const char *prefix,
		    const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

/* Prints "WHO: [FILE:LINE:COL: ][PREFIX]message" (WHO NULL: the program's name) as one line. */
static void vreport(const char *who, const char *file, int line, int col, const char *prefix,
		    const char *fmt, va_list ap)
{
	run_hook();
	char *msg = xvasprintf(fmt, ap);
	struct strbuf sb;
	strbuf_init(&sb);
	if (file) {
		if (line > 0 && col > 0)
			strbuf_addf(&sb, "%s:%d:%d: ", file, line, col);
		else if (line > 0)
			strbuf_addf(&sb, "%s:%d: ", file, line);
		else
			strbuf_addf(&sb, "%s: ", file);
	}
	if (prefix)
		strbuf_addstr(&sb, prefix);
	strbuf_addstr(&sb, msg);
	free(msg);
	/* Whatever a caller passed, the terminal gets one line of plain text of bounded length. */
	if (sb.len > DIAG_MAX_MESSAGE) {
		size_t cut = DIAG_MAX_MESSAGE;
		while (cut > 0 && ((unsigned char)sb.buf[cut] & 0xC0) == 0x80)
			cut--;
		sb.len = cut;
		sb.buf[cut] = '\0';
		strbuf_addstr(&sb, "…");
	}
	char *clean = text_sanitize(sb.buf, false);
	char *clean_who = text_sanitize(who ? who : program_name, false);
	strbuf_release(&sb);
	fprintf(output ? output : stderr, "%s: %s\n", clean_who, clean);
	free(clean_who);
	free(clean);
}

int diag_at(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, file, line, col, NULL, fmt, ap);
	va_end(ap);
	error_count++;
	return -1;
}

int diag_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
	error_count++;
	return -1;
}

void diag_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, NULL, 0, 0, "warning: ", fmt, ap);
	va_end(ap);
}

void diag_note(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

int diag_vusage(const char *who, const char *fmt, va_list ap)
{
	vreport(who, NULL, 0, 0, NULL, fmt, ap);
	char *clean_who = text_sanitize(who ? who : program_name, false);
	fprintf(output ? output : stderr, "Try '%s --help' for more information.\n", clean_who);
	free(clean_who);
	return -1;
}

static void report_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report_bug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

void diag_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* Always to stderr, whatever diag_set_output said: a broken invariant is never silenced. */
	output = NULL;
	report_bug("BUG: %s:%d: %s", file, line, msg);
	free(msg);
	abort();
}

const char *diag_excerpt(const char *s)
{
	/* at most 4 bytes a character, then "…" and the NUL */
	static _Thread_local char slots[DIAG_EXCERPTS][DIAG_EXCERPT_CHARS * 4 + sizeof "…"];
	static _Thread_local unsigned next;
	char *slot = slots[next++ % DIAG_EXCERPTS];
	size_t n = text_prefix_bytes(s, DIAG_EXCERPT_CHARS);
	memcpy(slot, s ? s : "", n);
	strcpy(slot + n, s && s[n] ? "…" : "");
	return slot;
}

static void *check(void *p)
{
	if (!p) {
		run_hook();
		fprintf(stderr, "%s: out of memory\n", program_name);
		exit(DIAG_EXIT_INPUT);
	}
	return p;
}

void *xmalloc(size_t size) { return check(malloc(size ? size : 1)); }
void *xcalloc(size_t count, size_t size) { return check(calloc(count ? count : 1, size ? size : 1)); }
void *xrealloc(void *ptr, size_t size) { return check(realloc(ptr, size ? size : 1)); }
void *xgrow(void *items, size_t count, size_t *cap, size_t size, size_t first_cap)
{
	if (count < *cap)
		return items;
	size_t grown = *cap ? *cap * 2 : first_cap;
	if (grown < *cap || (size && grown > SIZE_MAX / size))
		return check(NULL);
	*cap = grown;
	return xrealloc(items, grown * size);
}

char *xstrdup(const char *s) { return check(strdup(s)); }
char *xstrndup(const char *s, size_t n) { return check(strndup(s, n)); }

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		DIAG_BUG("bad format '%s'", fmt);
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}
