/* Unit tests for survey/csvread and the small CSV helpers of collect and import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "survey/collect.h"
#include "survey/csvread.h"
#include "survey/import.h"

static char *write_temp(const char *data, size_t len)
{
	char *path = xstrdup("/tmp/test_csvread.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_fields_quotes_and_lines(void **state)
{
	(void)state;
	const char data[] = "\xEF\xBB\xBF" "a,b,c\r\n"
			    "\"x, y\",\"say \"\"hi\"\"\",\r\n"
			    "\n"
			    "\"multi\nline\",2,3\n"
			    "last,,end";
	char *path = write_temp(data, sizeof data - 1);
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(r.line, 1);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[0], "a");
	assert_string_equal(r.fields[2], "c");
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(r.line, 2);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[0], "x, y");
	assert_string_equal(r.fields[1], "say \"hi\"");
	assert_string_equal(r.fields[2], "");
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(r.line, 4); /* the empty line 3 is skipped */
	assert_string_equal(r.fields[0], "multi\nline");
	assert_int_equal(r.lens[0], 10);
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(r.line, 6);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[1], "");
	assert_string_equal(r.fields[2], "end");
	assert_int_equal(csvread_next(&r), 0);
	csvread_close(&r);
	unlink(path);
	free(path);
}

static void test_errors(void **state)
{
	(void)state;
	const char *bad[] = {"a,b\n\"open,c\n", "a\n\"x\"y,z\n", "a\nb\"c\n"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = write_temp(bad[i], strlen(bad[i]));
		struct csvread r;
		assert_int_equal(csvread_open(&r, path), 0);
		assert_int_equal(csvread_next(&r), 1);
		assert_int_equal(csvread_next(&r), -1);
		csvread_close(&r);
		unlink(path);
		free(path);
	}
	struct csvread r;
	assert_int_equal(csvread_open(&r, "/nonexistent/file.csv"), -1);
	csvread_close(&r);
}

static void test_records_across_chunks(void **state)
{
	(void)state;
	/* More than one 4 MiB chunk, so records straddle the refill boundary. */
	size_t rows = 400000;
	char *data = xmalloc(rows * 32);
	size_t len = 0;
	for (size_t i = 0; i < rows; i++)
		len += (size_t)sprintf(data + len, i % 7 ? "p%zu,staff,S-%02zu,1\n" : "\"p%zu\",staff,\"S-%02zu\",1\n",
				       i, i % 40);
	char *path = write_temp(data, len);
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	size_t n = 0;
	int rc;
	char want[32];
	while ((rc = csvread_next(&r)) == 1) {
		assert_int_equal(r.nfields, 4);
		snprintf(want, sizeof want, "p%zu", n);
		assert_string_equal(r.fields[0], want);
		assert_int_equal(r.line, (long)n + 1);
		n++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, rows);
	csvread_close(&r);
	unlink(path);
	free(path);
	free(data);
}

static void test_two_ranges_cover_the_file(void **state)
{
	(void)state;
	const char data[] = "h1,h2\nr1,a\nr2,b\nr3,c\nr4,d\n";
	char *path = write_temp(data, sizeof data - 1);
	off_t mid = (off_t)(strstr(data, "r3") - data);
	struct csvread a, b;
	assert_int_equal(csvread_open(&a, path), 0);
	assert_int_equal(csvread_open(&b, path), 0);
	assert_int_equal(csvread_next(&a), 1);
	assert_string_equal(a.fields[0], "h1");
	assert_int_equal(csvread_offset(&a), 6);
	/* The first reader already buffered the whole file; the limit cuts it at mid. */
	assert_int_equal(csvread_limit(&a, mid), 0);
	assert_int_equal(csvread_seek(&b, mid), 0);
	assert_int_equal(csvread_next(&a), 1);
	assert_string_equal(a.fields[0], "r1");
	assert_int_equal(csvread_next(&a), 1);
	assert_string_equal(a.fields[0], "r2");
	assert_int_equal(csvread_next(&a), 0);
	assert_int_equal(csvread_next(&b), 1);
	assert_string_equal(b.fields[0], "r3");
	assert_int_equal(b.line, 1); /* lines count from the seek */
	assert_int_equal(csvread_next(&b), 1);
	assert_string_equal(b.fields[1], "d");
	assert_int_equal(csvread_next(&b), 0);
	/* A limit before what was already returned is refused; a quiet reader says nothing. */
	b.quiet = true;
	assert_int_equal(csvread_limit(&b, 0), -1);
	csvread_close(&a);
	csvread_close(&b);
	unlink(path);
	free(path);
}

static void test_unit_prefix(void **state)
{
	(void)state;
	assert_true(collect_unit_matches("総務局/情報システム課", "総務局"));
	assert_true(collect_unit_matches("総務局/情報システム課", "総務局/"));
	assert_true(collect_unit_matches("総務局", "総務局"));
	assert_true(collect_unit_matches("総務局", NULL));
	assert_true(collect_unit_matches("総務局", ""));
	assert_false(collect_unit_matches("総務局長室", "総務局"));
	assert_false(collect_unit_matches("主計局", "総務局"));
}

static void test_csv_field_and_answers(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	collect_csv_field(out, "plain");
	fputc('|', out);
	collect_csv_field(out, "a,b");
	fputc('|', out);
	collect_csv_field(out, "say \"x\"");
	fclose(out);
	assert_string_equal(buf, "plain|\"a,b\"|\"say \"\"x\"\"\"");
	free(buf);
	assert_int_equal(import_answer_code("1"), '1');
	assert_int_equal(import_answer_code("3"), '3');
	assert_int_equal(import_answer_code("implemented"), '1');
	assert_int_equal(import_answer_code("not_implemented"), '2');
	assert_int_equal(import_answer_code("not_applicable"), '3');
	assert_int_equal(import_answer_code("0"), 0);
	assert_int_equal(import_answer_code("4"), 0);
	assert_int_equal(import_answer_code("11"), 0);
	assert_int_equal(import_answer_code(""), 0);
	assert_int_equal(import_answer_code("Implemented"), 0);
}

int main(void)
{
	diag_set_program("test_csvread");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_quotes_and_lines),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_records_across_chunks),
		cmocka_unit_test(test_two_ranges_cover_the_file),
		cmocka_unit_test(test_unit_prefix),
		cmocka_unit_test(test_csv_field_and_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
