/* Unit tests for aggregator/compile: all or nothing, and compiling again changes nothing.
 * Runs from the top of the source tree (tests/run-tests.sh does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glob.h>
#include <unistd.h>

#include "aggregator/compile.h"
#include "core/diag.h"
#include "core/text.h"

#define CORPUS "tests/data/bad-tally/"

struct fx {
	char dir[64], db[128], other[160];
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_compile.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/national.db", f->dir);
	snprintf(f->other, sizeof f->other, "%s/bbb.yaml", f->dir);
	/* A second organisation: the good file under another code. */
	FILE *in = fopen(CORPUS "base/good.yaml", "r"), *out = fopen(f->other, "w");
	if (!in || !out)
		return -1;
	char line[512];
	while (fgets(line, sizeof line, in))
		fputs(strcmp(line, "  code: aaa\n") == 0 ? "  code: bbb\n" : line, out);
	fclose(in);
	fclose(out);
	if (store_open(f->db, STORE_CREATE, &f->s))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Every row of every table that compile writes, as one string (free it). */
static char *contents(struct store *s)
{
	static const char *const tables[] = {
		"SELECT code, name, name_en, report_order FROM organization ORDER BY code",
		"SELECT digest, id FROM questionnaire ORDER BY digest",
		"SELECT fiscal_year, questionnaire, org, opened_at FROM fiscal_year ORDER BY fiscal_year",
		"SELECT * FROM tally_role ORDER BY org, role",
		"SELECT * FROM tally_item ORDER BY org, role, item",
		"SELECT * FROM tally_source ORDER BY org",
	};
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		sqlite3_stmt *st;
		assert_int_equal(store_prepare(s, tables[t], &st), 0);
		while (store_step(s, st) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const unsigned char *v = sqlite3_column_text(st, c);
				strbuf_addf(&sb, "%s|", v ? (const char *)v : "NULL");
			}
			strbuf_addch(&sb, '\n');
		}
		sqlite3_finalize(st);
		strbuf_addstr(&sb, "--\n");
	}
	return strbuf_detach(&sb);
}

static void test_compile_twice_is_a_no_op(void **state)
{
	struct fx *f = *state;
	char *files[] = {CORPUS "base/good.yaml", f->other};
	assert_int_equal(compile_files(f->s, 2012, CORPUS "base/questionnaire.yaml", NULL, files, 2, false), 0);
	char *first = contents(f->s);
	assert_non_null(strstr(first, "aaa|2012|staff|100|90|"));
	assert_non_null(strstr(first, "bbb|2012|division_officer|10|8|"));
	/* Again, with and without the questionnaire. */
	assert_int_equal(compile_files(f->s, 2012, CORPUS "base/questionnaire.yaml", NULL, files, 2, false), 0);
	assert_int_equal(compile_files(f->s, 2012, NULL, NULL, files, 1, false), 0);
	char *second = contents(f->s);
	assert_string_equal(first, second);
	free(first);
	free(second);
}

static void test_failing_file_changes_nothing(void **state)
{
	struct fx *f = *state;
	char *good[] = {CORPUS "base/good.yaml"};
	assert_int_equal(compile_files(f->s, 2012, CORPUS "base/questionnaire.yaml", NULL, good, 1, false), 0);
	char *before = contents(f->s);
	static const char *const bad[] = {"02-submitted-exceeds-targets.yaml", "05-item-not-bound-to-role.yaml",
					  "08-fiscal-year-mismatch.yaml", "09-truncated-in-flow-mapping.yaml"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = xasprintf(CORPUS "%s", bad[i]);
		char *batch[] = {f->other, path};
		assert_int_equal(compile_files(f->s, 2012, NULL, NULL, batch, 2, false), -1);
		char *after = contents(f->s);
		assert_string_equal(before, after);
		free(after);
		free(path);
	}
	/* Without a questionnaire, a year never compiled cannot be checked. */
	assert_int_equal(compile_files(f->s, 2013, NULL, NULL, good, 1, false), -1);
	char *after = contents(f->s);
	assert_string_equal(before, after);
	free(after);
	free(before);
}

/* Reads a whole file into a new string. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct strbuf sb;
	strbuf_init(&sb);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

/* Every file of the bad-tally corpus: refused, exactly its expected messages (the corpus
 * is run from its own directory, as the messages name files relative to it), nothing
 * changed. */
static void test_bad_corpus(void **state)
{
	struct fx *f = *state;
	char *good[] = {CORPUS "base/good.yaml"};
	assert_int_equal(compile_files(f->s, 2012, CORPUS "base/questionnaire.yaml", NULL, good, 1, false), 0);
	char *before = contents(f->s);
	char cwd[4096], errpath[192];
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(errpath, sizeof errpath, "%s/stderr", f->dir);
	assert_int_equal(chdir(CORPUS), 0);
	glob_t g;
	assert_int_equal(glob("[0-9]*.yaml", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 20);
	diag_set_program("aggregator");
	for (size_t i = 0; i < g.gl_pathc; i++) {
		/* Messages go to stderr: catch them in a file. */
		fflush(stderr);
		int saved = dup(2);
		FILE *err = fopen(errpath, "w");
		assert_non_null(err);
		dup2(fileno(err), 2);
		int rc = compile_files(f->s, 2012, NULL, NULL, &g.gl_pathv[i], 1, false);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		fclose(err);
		assert_int_equal(rc, -1);
		char *got = slurp(errpath);
		char *expected_path = xasprintf("%.*s.expected", (int)(strlen(g.gl_pathv[i]) - 5), g.gl_pathv[i]);
		char *expected = slurp(expected_path);
		/* The expected files hold the messages without the program prefix. */
		struct strbuf want;
		strbuf_init(&want);
		for (char *line = expected; *line;) {
			char *nl = strchr(line, '\n');
			size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
			strbuf_addstr(&want, "aggregator: ");
			strbuf_add(&want, line, len);
			line += len;
		}
		if (strcmp(want.buf, got) != 0)
			fail_msg("%s: expected\n%s\ngot\n%s", g.gl_pathv[i], want.buf, got);
		strbuf_release(&want);
		free(expected);
		free(expected_path);
		free(got);
		char *after = contents(f->s);
		assert_string_equal(before, after);
		free(after);
	}
	diag_set_program("test_compile");
	globfree(&g);
	assert_int_equal(chdir(cwd), 0);
	free(before);
}

int main(void)
{
	diag_set_program("test_compile");
	diag_set_quiet(1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_compile_twice_is_a_no_op, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failing_file_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_corpus, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
