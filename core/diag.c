/* diag: error reporting and checked allocation shared by every program. */
#include "core/diag.h"
#include "core/text.h"

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

static void vreport(const char *file, int line, int col, const char *prefix, const char *fmt,
		    va_list ap) __attribute__((format(printf, 5, 0)));

static void vreport(const char *file, int line, int col, const char *prefix, const char *fmt,
		    va_list ap)
{
	run_hook();
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap2);
	else
		msg[0] = '\0';
	va_end(ap2);
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
	strbuf_release(&sb);
	fprintf(output ? output : stderr, "%s: %s\n", program_name, clean);
	free(clean);
}

int diag_at(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, col, NULL, fmt, ap);
	va_end(ap);
	error_count++;
	return -1;
}

int diag_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
	error_count++;
	return -1;
}

void diag_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, 0, "warning: ", fmt, ap);
	va_end(ap);
}

void diag_note(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

void diag_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	run_hook();
	fprintf(stderr, "%s: BUG: %s:%d: ", program_name, file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
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
char *xstrdup(const char *s) { return check(strdup(s)); }
char *xstrndup(const char *s, size_t n) { return check(strndup(s, n)); }

char *xasprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		DIAG_BUG("bad format '%s'", fmt);
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return s;
}
