/* csvread_log.h: a CSV file as csvread reads it, written out as text, so that two ways of
 * reading one file can be compared (test_csvread and fuzz/fuzz_csvplain). */
#ifndef SELFCHECK_TESTS_CSVREAD_LOG_H
#define SELFCHECK_TESTS_CSVREAD_LOG_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/text.h"
#include "survey/csvread.h"

/* The plain records taken before their fields are looked at (over up to three calls). */
#define CSVREAD_LOG_RUN 16

/*
 * Reads the file at path (fields trimmed when trim) and appends to log, per record, its line
 * and fields ("LINE:N:f1|f2|...|"), "bad LINE" for a malformed one, and at the end the
 * reader's last result and error count. With use_plain it reads as the answers import does:
 * up to three calls of csvread_plain while they take records (their fields must stay valid
 * together), csvread_next when they take none; *plain counts the records they took (NULL:
 * not counted). Returns false when the file cannot be opened, or when the plain records
 * break a promise of csvread_plain: a field whose length is not its strlen, lines that do not
 * follow one another.
 */
static inline bool csvread_log(const char *path, bool trim, bool use_plain, size_t nfields, struct strbuf *log,
			       size_t *plain)
{
	struct csvread r;
	if (csvread_open(&r, path)) {
		csvread_close(&r);
		return false;
	}
	r.quiet = true;
	r.trim = trim;
	char **f = xmalloc(CSVREAD_LOG_RUN * nfields * sizeof *f);
	size_t *len = xmalloc(CSVREAD_LOG_RUN * nfields * sizeof *len);
	bool kept = true;
	if (plain)
		*plain = 0;
	for (;;) {
		size_t all = 0;
		long first = 0, line;
		for (int call = 0; use_plain && call < 3 && all < CSVREAD_LOG_RUN; call++) {
			size_t got = csvread_plain(&r, nfields, f + all * nfields, len + all * nfields,
						   call ? CSVREAD_LOG_RUN - all : 7, &line);
			if (!got)
				break;
			if (!all)
				first = line;
			kept = kept && line == first + (long)all;
			all += got;
		}
		for (size_t k = 0; k < all; k++) {
			strbuf_addf(log, "%ld:%zu:", first + (long)k, nfields);
			for (size_t i = 0; i < nfields; i++) {
				kept = kept && strlen(f[k * nfields + i]) == len[k * nfields + i];
				strbuf_add(log, f[k * nfields + i], len[k * nfields + i]);
				strbuf_addch(log, '|');
			}
			strbuf_addch(log, '\n');
		}
		if (plain)
			*plain += all;
		if (all)
			continue;
		int rc = csvread_next(&r);
		if (rc == 0 || rc == -1) {
			strbuf_addf(log, "end %d, %ld errors\n", rc, r.errors);
			break;
		}
		if (rc == CSVREAD_BAD_RECORD) {
			strbuf_addf(log, "bad %ld\n", r.line);
			continue;
		}
		strbuf_addf(log, "%ld:%zu:", r.line, r.nfields);
		for (size_t i = 0; i < r.nfields; i++) {
			strbuf_add(log, r.fields[i], r.lens[i]);
			strbuf_addch(log, '|');
		}
		strbuf_addch(log, '\n');
	}
	free(f);
	free(len);
	csvread_close(&r);
	return kept;
}

/*
 * Reads the file at path both ways (csvread_log without and with use_plain). Returns true when
 * the two logs are the same and the plain records kept their promises; else appends to why
 * what went wrong: the broken promise, or the first line where the logs part, as each has it.
 * *plain: as csvread_log (NULL: not counted).
 */
static inline bool csvread_logs_agree(const char *path, bool trim, size_t nfields, size_t *plain, struct strbuf *why)
{
	struct strbuf a, b;
	strbuf_init(&a);
	strbuf_init(&b);
	bool agree = false;
	if (!csvread_log(path, trim, false, nfields, &a, NULL) || !csvread_log(path, trim, true, nfields, &b, plain)) {
		strbuf_addstr(why, "cannot open the file, or a plain record broke a promise of csvread_plain");
	} else if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0) {
		size_t i = 0;
		while (i < a.len && i < b.len && a.buf[i] == b.buf[i])
			i++;
		while (i > 0 && a.buf[i - 1] != '\n')
			i--;
		strbuf_addf(why, "the logs part at: %.80s / %.80s", a.buf + i, b.buf + i);
	} else {
		agree = true;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return agree;
}

#endif
