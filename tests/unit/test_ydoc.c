/* Unit tests for core/ydoc: scalars keep their true length, control characters from escapes
 * are refused, the duplicate-key check is linear, and the limits give errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/diag.h"
#include "core/text.h"
#include "core/ydoc.h"

static int load(const char *text, struct ydoc **doc)
{
	return ydoc_load_buffer("t.yaml", text, strlen(text), doc);
}

static void scalars_keep_their_length(void **state)
{
	(void)state;
	struct ydoc *doc;
	assert_int_equal(load("a: \"x\\ty\\nz\"\nb: plain text\n", &doc), 0);
	const struct ydoc_node *a = ydoc_get(doc->root, "a"), *b = ydoc_get(doc->root, "b");
	assert_non_null(a);
	assert_int_equal(a->len, 5);
	assert_int_equal(strlen(a->text), a->len);
	assert_string_equal(a->text, "x\ty\nz");
	assert_int_equal(b->len, strlen(b->text));
	ydoc_free(doc);
}

static void control_escapes_are_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"a: \"x\\0y\"\n",          /* NUL: would shorten the text but not its length */
		"a: \"x\\ey\"\n",          /* ESC */
		"a: \"x\\x9by\"\n",        /* C1 CSI */
		"a: \"x\\u0085y\"\n",      /* C1 NEL */
		"a: \"x\\ry\"\n",          /* CR inside a string */
		"\"a\\0\": 1\na: 2\n",      /* NUL in a key: a hidden duplicate */
		"\"a\\tb\": 1\n",           /* tab in a key */
		"[\"ok\", \"\\x7f\"]\n",     /* DEL */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ydoc *doc = (struct ydoc *)1;
		int before = diag_error_count();
		assert_int_equal(load(bad[i], &doc), -1);
		assert_null(doc);
		assert_true(diag_error_count() > before);
	}
}

/* A mapping of n distinct keys, the last one repeating the first when dup. */
static char *many_keys(size_t n, bool dup)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "key%06zu: %zu\n", dup && i == n - 1 ? (size_t)0 : i, i);
	return strbuf_detach(&sb);
}

static double seconds_to_load(size_t n)
{
	char *text = many_keys(n, false);
	double best = 1e9;
	for (int run = 0; run < 3; run++) {
		struct timespec t0, t1;
		/* CPU time of this thread: the test asserts a ratio, which wall-clock time on a
		 * machine busy with other work would not give reliably. */
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		struct ydoc *doc;
		assert_int_equal(load(text, &doc), 0);
		ydoc_free(doc);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
		double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (s < best)
			best = s;
	}
	free(text);
	return best;
}

static void duplicate_keys_in_linear_time(void **state)
{
	(void)state;
	/* The duplicate is found among many keys... */
	char *text = many_keys(YDOC_MAX_ENTRIES, true);
	struct ydoc *doc;
	assert_int_equal(load(text, &doc), -1);
	free(text);
	/* ...and four times the keys cost about four times the time, not sixteen. */
	double small = seconds_to_load(YDOC_MAX_ENTRIES / 4), large = seconds_to_load(YDOC_MAX_ENTRIES);
	print_message("%d keys: %.4f s, %d keys: %.4f s\n", YDOC_MAX_ENTRIES / 4, small, YDOC_MAX_ENTRIES, large);
	assert_true(large < small * 10 + 0.01);
}

static void limits_give_errors(void **state)
{
	(void)state;
	struct ydoc *doc;
	/* entries of one mapping */
	char *text = many_keys(YDOC_MAX_ENTRIES + 1, false);
	assert_int_equal(load(text, &doc), -1);
	free(text);
	/* entries of one sequence */
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addch(&sb, '[');
	for (int i = 0; i <= YDOC_MAX_ENTRIES; i++)
		strbuf_addstr(&sb, "1,");
	strbuf_addstr(&sb, "1]\n");
	assert_int_equal(load(sb.buf, &doc), -1);
	/* one string */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "a: ");
	for (int i = 0; i <= YDOC_MAX_SCALAR_BYTES; i++)
		strbuf_addch(&sb, 'x');
	strbuf_addch(&sb, '\n');
	assert_int_equal(load(sb.buf, &doc), -1);
	/* nesting */
	strbuf_reset(&sb);
	for (int i = 0; i <= YDOC_MAX_DEPTH + 1; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i <= YDOC_MAX_DEPTH + 1; i++)
		strbuf_addch(&sb, ']');
	assert_int_equal(load(sb.buf, &doc), -1);
	/* the file */
	strbuf_reset(&sb);
	while (sb.len <= YDOC_MAX_FILE_BYTES)
		strbuf_addstr(&sb, "# a comment line of a very large file\n");
	strbuf_addstr(&sb, "a: 1\n");
	assert_int_equal(ydoc_load_buffer("big.yaml", sb.buf, sb.len, &doc), -1);
	strbuf_release(&sb);
}

static void errors_are_capped(void **state)
{
	(void)state;
	/* Every duplicate is an error; only DIAG_MAX_ERRORS of them (and one line saying so) are
	 * printed, and the load still fails. */
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < 3 * DIAG_MAX_ERRORS; i++)
		strbuf_addf(&sb, "k: %d\n", i);
	int before = diag_error_count();
	struct ydoc *doc;
	assert_int_equal(load(sb.buf, &doc), -1);
	assert_int_equal(diag_error_count() - before, DIAG_MAX_ERRORS + 1);
	strbuf_release(&sb);
}

int main(void)
{
	diag_set_program("test_ydoc");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scalars_keep_their_length),
		cmocka_unit_test(control_escapes_are_refused),
		cmocka_unit_test(duplicate_keys_in_linear_time),
		cmocka_unit_test(limits_give_errors),
		cmocka_unit_test(errors_are_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
