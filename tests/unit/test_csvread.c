/* Unit tests for survey/csvread and the small CSV helpers of collect and import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "survey/collect.h"
#include "survey/csvread.h"
#include "core/csvwrite.h"
#include "survey/import.h"
#include "survey/roster.h"
#include "core/text.h"
#include "csvread_log.h"
#include "xorshift.h"

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
		/* A malformed record is reported and skipped; reading goes on after it. */
		assert_int_equal(csvread_next(&r), CSVREAD_BAD_RECORD);
		assert_int_equal(r.errors, 1);
		assert_int_equal(csvread_next(&r), 0);
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
	struct csvwrite w;
	csvwrite_begin(&w, out, false);
	csvwrite_field(&w, "plain");
	csvwrite_field(&w, "a,b");
	csvwrite_field(&w, "say \"x\"");
	csvwrite_field(&w, "two\nlines");
	csvwrite_end_row(&w);
	fclose(out);
	assert_string_equal(buf, "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\"\n");
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

static void test_bad_record_then_more(void **state)
{
	(void)state;
	const char data[] = "h\n\"x\"y,z\nok,1\n";
	char *path = write_temp(data, sizeof data - 1);
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(csvread_next(&r), CSVREAD_BAD_RECORD);
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(r.line, 3);
	assert_string_equal(r.fields[0], "ok");
	assert_int_equal(csvread_next(&r), 0);
	csvread_close(&r);
	unlink(path);
	free(path);
}

static void test_trim(void **state)
{
	(void)state;
	/* ASCII spaces, tabs and U+3000 around fields, inside and outside quotes. */
	const char data[] = " a ,\t\"b, c\" ,\xE3\x80\x80山田\xE3\x80\x80太郎\xE3\x80\x80, \" d \"\r\n";
	char *path = write_temp(data, sizeof data - 1);
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	r.trim = true;
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(r.nfields, 4);
	assert_string_equal(r.fields[0], "a");
	assert_string_equal(r.fields[1], "b, c");
	assert_string_equal(r.fields[2], "山田\xE3\x80\x80太郎");
	assert_string_equal(r.fields[3], "d");
	assert_int_equal(r.lens[2], strlen("山田\xE3\x80\x80太郎"));
	csvread_close(&r);
	unlink(path);
	free(path);
}

/* "山田,総務局\n" and more in CP932. */
static const char cp932_rows[] = "id,name\r\n"
				 "p1,\x8E\x52\x93\x63\r\n"        /* 山田 */
				 "p2,\x91\x8D\x96\xB1\x8B\xC7\r\n"; /* 総務局 */

static void test_cp932(void **state)
{
	(void)state;
	char *path = write_temp(cp932_rows, sizeof cp932_rows - 1);
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_set_encoding(&r, CSVREAD_CP932), 0);
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(csvread_next(&r), 1);
	assert_string_equal(r.fields[1], "山田");
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(r.line, 3);
	assert_string_equal(r.fields[1], "総務局");
	assert_int_equal(csvread_next(&r), 0);
	csvread_close(&r);
	/* Read as UTF-8, the file is named CP932 once, at its first non-UTF-8 line. */
	assert_int_equal(csvread_open(&r, path), 0);
	r.quiet = true;
	assert_int_equal(csvread_next(&r), -1);
	assert_int_equal(r.errors, 1);
	assert_int_equal(csvread_next(&r), -1);
	assert_int_equal(r.errors, 1);
	csvread_close(&r);
	unlink(path);
	free(path);
	/* A byte CP932 does not have: an error at its line. */
	const char bad[] = "id\n\x8E\x52\n\xFF\n";
	path = write_temp(bad, sizeof bad - 1);
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_set_encoding(&r, CSVREAD_CP932), 0);
	r.quiet = true;
	assert_int_equal(csvread_next(&r), -1);
	assert_int_equal(r.errors, 1);
	csvread_close(&r);
	unlink(path);
	free(path);
	/* A UTF-8 file with a byte-order mark is read as UTF-8 whatever the encoding says. */
	const char bom[] = "\xEF\xBB\xBFid\n山田\n";
	path = write_temp(bom, sizeof bom - 1);
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_set_encoding(&r, CSVREAD_CP932), 0);
	assert_int_equal(csvread_next(&r), 1);
	assert_string_equal(r.fields[0], "id");
	assert_int_equal(csvread_next(&r), 1);
	assert_string_equal(r.fields[0], "山田");
	csvread_close(&r);
	unlink(path);
	free(path);
	assert_int_equal(csvread_encoding_from_name("SJIS"), CSVREAD_CP932);
	assert_int_equal(csvread_encoding_from_name("shift_jis"), CSVREAD_CP932);
	assert_int_equal(csvread_encoding_from_name("UTF-8"), CSVREAD_UTF8);
	assert_int_equal(csvread_encoding_from_name("latin1"), -1);
}

/* Every record of path read with csvread_next in encoding, one line each ("LINE:f1|f2|"), and
 * the reader's end. */
static void log_records(const char *path, enum csvread_encoding encoding, struct strbuf *log)
{
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_set_encoding(&r, encoding), 0);
	r.quiet = true;
	int rc;
	while ((rc = csvread_next(&r)) != 0 && rc != -1) {
		if (rc == CSVREAD_BAD_RECORD) {
			strbuf_addf(log, "bad %ld\n", r.line);
			continue;
		}
		strbuf_addf(log, "%ld:", r.line);
		for (size_t i = 0; i < r.nfields; i++) {
			strbuf_add(log, r.fields[i], r.lens[i]);
			strbuf_addch(log, '|');
		}
		strbuf_addch(log, '\n');
	}
	strbuf_addf(log, "end %d, %ld errors\n", rc, r.errors);
	csvread_close(&r);
}

/* text (UTF-8) in CP932, as iconv converts it. */
static char *to_cp932(const char *text, size_t len, size_t *out_len)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t cap = len + 16;
	char *out = xmalloc(cap), *in = (char *)text, *o = out;
	size_t in_left = len, out_left = cap;
	assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
	iconv_close(cd);
	*out_len = cap - out_left;
	return out;
}

/* Files of codes and Japanese text, lines of a few bytes to several kilobytes, LF and CRLF,
 * over several of the converter's 1 MiB reads: read as CP932 they give the records of the
 * same text in UTF-8, line for line, with the byte-a-time and the vector search for ASCII
 * alike. Among the Japanese: characters whose second byte is an ASCII letter or a backslash
 * (ソ 表 ー), half-width katakana (single bytes of 0xA1 and above), NEC and IBM extensions. */
static void test_cp932_long_files(void **state)
{
	(void)state;
	static const char *const WORDS[] = {
		"P0012345", "staff", "S-12", "1", "2", "3", "", "ソフトウェア表示", "総務省", "山田 太郎",
		"ｱｲｳｴｵ", "ー", "①②", "髙﨑", "\"引用, 付き\"", "x\\y", "能登", "予定表", "十",
	};
	const size_t nwords = sizeof WORDS / sizeof WORDS[0];
	uint64_t seed = 20261202;
	for (int round = 0; round < 4; round++) {
		struct strbuf text;
		strbuf_init(&text);
		strbuf_addstr(&text, "id,role,item,answer\n");
		while (text.len < (size_t)(round + 1) * 900000) {
			size_t fields = 4;
			/* now and then a long line: a field of many words */
			bool long_line = xorshift64(&seed) % 50 == 0;
			for (size_t f = 0; f < fields; f++) {
				if (f)
					strbuf_addch(&text, ',');
				size_t words = long_line && f == 1 ? 200 + xorshift64(&seed) % 800 : 1;
				bool quoted = false;
				for (size_t w = 0; w < words; w++) {
					const char *word = WORDS[xorshift64(&seed) % nwords];
					if (words > 1 && word[0] == '"')
						continue;
					if (round % 2 == 0 && word[0] != '"' && (unsigned char)word[0] >= 0x80 && f == 0)
						word = "P0099999"; /* even rounds: ids are ASCII */
					quoted |= word[0] == '"';
					if (quoted && w > 0)
						break;
					strbuf_addstr(&text, word);
				}
			}
			strbuf_addstr(&text, xorshift64(&seed) % 3 == 0 ? "\r\n" : "\n");
		}
		size_t cp932_len;
		char *cp932 = to_cp932(text.buf, text.len, &cp932_len);
		char *utf8_path = write_temp(text.buf, text.len);
		char *cp932_path = write_temp(cp932, cp932_len);
		struct strbuf want, got_vectors, got_bytes;
		strbuf_init(&want);
		strbuf_init(&got_vectors);
		strbuf_init(&got_bytes);
		log_records(utf8_path, CSVREAD_UTF8, &want);
		log_records(cp932_path, CSVREAD_CP932, &got_vectors);
		csvread_use_vectors(false);
		log_records(cp932_path, CSVREAD_CP932, &got_bytes);
		csvread_use_vectors(true);
		assert_non_null(strstr(want.buf, "ソフトウェア表示"));
		assert_non_null(strstr(want.buf, "end 0, 0 errors"));
		assert_string_equal(got_vectors.buf, want.buf);
		assert_string_equal(got_bytes.buf, want.buf);
		unlink(utf8_path);
		unlink(cp932_path);
		free(utf8_path);
		free(cp932_path);
		free(cp932);
		strbuf_release(&want);
		strbuf_release(&got_vectors);
		strbuf_release(&got_bytes);
		strbuf_release(&text);
	}
}

/* The messages of reading data as CP932 to its end, which must stop at one error. The caller
 * frees them. */
static char *cp932_error_of(const char *data, size_t len)
{
	char *path = write_temp(data, len);
	char *msg = NULL;
	size_t msg_len = 0;
	FILE *msgs = open_memstream(&msg, &msg_len);
	diag_set_output(msgs);
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_set_encoding(&r, CSVREAD_CP932), 0);
	int rc;
	while ((rc = csvread_next(&r)) > 0)
		;
	long errors = r.errors;
	csvread_close(&r);
	diag_set_output(stderr);
	fclose(msgs);
	unlink(path);
	free(path);
	assert_int_equal(rc, -1);
	assert_int_equal(errors, 1);
	return msg;
}

/* Every character CP932 has (each byte from 0x80 and each pair the C library's converter
 * converts), 40 to a field, read as CP932: the records of the converter's UTF-8 text. Then a
 * lead byte before a line's end, and a pair the converter refuses, each an error at its line. */
static void test_cp932_every_character(void **state)
{
	(void)state;
	iconv_t cd = iconv_open("UTF-8", "CP932");
	assert_true(cd != (iconv_t)-1);
	struct strbuf cp932, utf8;
	strbuf_init(&cp932);
	strbuf_init(&utf8);
	strbuf_addstr(&cp932, "id,text\n");
	size_t in_line = 0, characters = 0, line = 2;
	unsigned refused_lead = 0, refused_second = 0;
	strbuf_addf(&cp932, "p%zu,", line);
	for (unsigned code = 0x80; code < 0x10000; code++) {
		char bytes[2] = {(char)(code >> 8), (char)code}, out[8];
		size_t n = code < 0x100 ? 1 : 2;
		const char *at = n == 1 ? bytes + 1 : bytes;
		if (n == 2 && (code >> 8) < 0x80)
			continue;
		char *in = (char *)at, *o = out;
		size_t in_left = n, out_left = sizeof out;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1 || in_left) {
			if (n == 2 && (code & 0xFF) >= 0x40 && (code & 0xFF) != 0x7F && errno == EILSEQ && !refused_lead) {
				/* a pair of valid-looking bytes the converter refuses: kept for below */
				char lone[1] = {(char)(code >> 8)};
				char *li = lone, *lo = out;
				size_t ll = 1, lol = sizeof out;
				iconv(cd, NULL, NULL, NULL, NULL);
				if (iconv(cd, &li, &ll, &lo, &lol) == (size_t)-1 && errno == EINVAL) {
					refused_lead = code >> 8;
					refused_second = code & 0xFF;
				}
			}
			continue;
		}
		/* a character whose UTF-8 is a comma, a quote, a line break or a NUL is not text here */
		if (memchr(out, ',', sizeof out - out_left) || memchr(out, '"', sizeof out - out_left) ||
		    memchr(out, '\n', sizeof out - out_left) || memchr(out, '\r', sizeof out - out_left) ||
		    memchr(out, '\0', sizeof out - out_left))
			continue;
		strbuf_add(&cp932, at, n);
		characters++;
		if (++in_line == 40) {
			line++;
			strbuf_addf(&cp932, "\np%zu,", line);
			in_line = 0;
		}
	}
	strbuf_addch(&cp932, '\n');
	/* more than 10,000 two-byte characters and the 63 half-width katakana */
	assert_true(characters > 10000);
	char *in = cp932.buf, *o;
	size_t in_left = cp932.len, cap = cp932.len * 2 + 16, out_left = cap;
	char *converted = xmalloc(cap);
	o = converted;
	iconv(cd, NULL, NULL, NULL, NULL);
	assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
	char *cp932_path = write_temp(cp932.buf, cp932.len), *utf8_path = write_temp(converted, cap - out_left);
	struct strbuf want, got;
	strbuf_init(&want);
	strbuf_init(&got);
	log_records(utf8_path, CSVREAD_UTF8, &want);
	log_records(cp932_path, CSVREAD_CP932, &got);
	assert_non_null(strstr(want.buf, "end 0, 0 errors"));
	assert_string_equal(got.buf, want.buf);
	unlink(cp932_path);
	unlink(utf8_path);
	free(cp932_path);
	free(utf8_path);
	free(converted);
	strbuf_release(&want);
	strbuf_release(&got);
	/* a lead byte just before a line's end; a refused pair (when the converter has one) */
	for (int bad = 0; bad < 2; bad++) {
		if (bad == 1 && !refused_lead)
			break;
		strbuf_reset(&utf8);
		strbuf_addstr(&utf8, "id,text\np2,\x95\x5C\x83\x5C\np3,ok\n");
		if (bad == 0)
			strbuf_addstr(&utf8, "p4,x\x95\n");
		else
			strbuf_addf(&utf8, "p4,x%c%c\n", (char)refused_lead, (char)refused_second);
		strbuf_addstr(&utf8, "p5,y\n");
		char *msg = cp932_error_of(utf8.buf, utf8.len);
		if (!strstr(msg, ":4: not valid CP932"))
			print_error("case %d: %s\n", bad, msg);
		assert_non_null(strstr(msg, ":4: not valid CP932"));
		free(msg);
	}
	strbuf_release(&cp932);
	strbuf_release(&utf8);
	iconv_close(cd);
}

/* A byte CP932 does not have, far into a file of ASCII lines (copied, not converted): the
 * error names its line. */
static void test_cp932_bad_byte_line(void **state)
{
	(void)state;
	struct strbuf text;
	strbuf_init(&text);
	strbuf_addstr(&text, "id,role,item,answer\n");
	long line = 1;
	while (text.len < 2500000) {
		strbuf_addstr(&text, line % 7 ? "P0012345,staff,S-12,1\r\n" : "P0012345,staff,\x95\x5C,1\n");
		line++;
	}
	strbuf_addstr(&text, "P0012345,staff,S-\xA0,1\n"); /* line + 1 */
	strbuf_addstr(&text, "P0012346,staff,S-13,1\n");
	char *out = cp932_error_of(text.buf, text.len);
	char where[64];
	snprintf(where, sizeof where, ":%ld:", line + 1);
	if (!strstr(out, where))
		print_error("expected line %ld in: %s\n", line + 1, out);
	assert_non_null(strstr(out, where));
	assert_non_null(strstr(out, "not valid CP932"));
	free(out);
	strbuf_release(&text);
}

static void test_not_utf8_nor_cp932(void **state)
{
	(void)state;
	/* 0xFF 0xFE inside a line is neither: the reader goes on and the caller finds the field. */
	const char data[] = "id,name\np,\xFF\xFEx\n";
	char *path = write_temp(data, sizeof data - 1);
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(r.errors, 0);
	csvread_close(&r);
	unlink(path);
	free(path);
	/* UTF-16 is refused at line 1. */
	const char utf16[] = "\xFF\xFEi\0d\0";
	path = write_temp(utf16, sizeof utf16 - 1);
	assert_int_equal(csvread_open(&r, path), 0);
	r.quiet = true;
	assert_int_equal(csvread_next(&r), -1);
	csvread_close(&r);
	unlink(path);
	free(path);
}

static void test_header(void **state)
{
	(void)state;
	static const char *const id_aliases[] = {"職員番号", NULL};
	static const struct csvread_column cols[] = {{"person_id", id_aliases}, {"name", NULL}};
	const char data[] = "extra,NAME,職員番号\n"
			    "x,山田,p1\n"
			    "Name,name\n";
	char *path = write_temp(data, sizeof data - 1);
	struct csvread r;
	size_t idx[2];
	assert_int_equal(csvread_open(&r, path), 0);
	r.quiet = true;
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(csvread_header(&r, cols, 2, idx), 0);
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 1);
	assert_string_equal(csvread_header_text(&r), "extra,NAME,職員番号");
	assert_int_equal(r.header_fields, 3);
	assert_int_equal(csvread_next(&r), 1);
	/* Full-width letters match too; a column twice and a missing one are errors. */
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(csvread_header(&r, cols, 2, idx), -1);
	assert_int_equal(r.errors, 1);
	csvread_close(&r);
	unlink(path);
	free(path);
	const char wide[] = "ｐｅｒｓｏｎ＿ｉｄ,name\n";
	path = write_temp(wide, sizeof wide - 1);
	assert_int_equal(csvread_open(&r, path), 0);
	assert_int_equal(csvread_next(&r), 1);
	assert_int_equal(csvread_header(&r, cols, 2, idx), 0);
	assert_int_equal(idx[0], 0);
	csvread_close(&r);
	unlink(path);
	free(path);
}

static void test_error_limit(void **state)
{
	(void)state;
	char *path = write_temp("x\n", 2);
	struct csvread r;
	assert_int_equal(csvread_open(&r, path), 0);
	r.quiet = true;
	for (int i = 0; i < DIAG_MAX_ERRORS + 7; i++)
		assert_int_equal(csvread_error(&r, 1, "bad %d", i), -1);
	assert_int_equal(r.errors, DIAG_MAX_ERRORS + 7);
	csvread_close(&r);
	unlink(path);
	free(path);
}

static void test_unit_normalize(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"総務局/人事課", "総務局/人事課"},
		{" 総務局 ／ 人事課 ", "総務局/人事課"},
		{"総務局//人事課/", "総務局/人事課"},
		{"/総務局\xE3\x80\x80/\xE3\x80\x80人事課", "総務局/人事課"},
		{"大臣官房 総務課", "大臣官房 総務課"},
		{"／", ""},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *n = collect_unit_normalize(cases[i][0]);
		assert_string_equal(n, cases[i][1]);
		free(n);
	}
}

static void test_csvwrite(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	struct csvwrite w;
	csvwrite_begin(&w, out, true);
	static const char *const row[] = {"p1", "=1+1", "a,b", "山田"};
	csvwrite_row(&w, row, 4);
	fclose(out);
	assert_string_equal(buf, "\xEF\xBB\xBFp1,'=1+1,\"a,b\",山田\r\n");
	free(buf);
	out = open_memstream(&buf, &size);
	csvwrite_begin(&w, out, false);
	csvwrite_row(&w, row, 4);
	fclose(out);
	assert_string_equal(buf, "p1,=1+1,\"a,b\",山田\n");
	free(buf);
}

static void test_japanese_names(void **state)
{
	(void)state;
	assert_int_equal(import_answer_code("実施"), '1');
	assert_int_equal(import_answer_code("未実施"), '2');
	assert_int_equal(import_answer_code("該当なし"), '3');
	assert_int_equal(import_answer_code("２"), '2');
	assert_int_equal(roster_role_from_text("staff"), ROLE_STAFF);
	assert_int_equal(roster_role_from_text("行政事務従事者"), ROLE_STAFF);
	assert_int_equal(roster_role_from_text("情報システムセキュリティ管理者"), ROLE_SYSTEM_ADMIN);
	assert_int_equal(roster_role_from_text("情報システムセキュリティ管理者（権限管理を行う者を含む）"), ROLE_SYSTEM_ADMIN);
	assert_int_equal(roster_role_from_text("情報システム"), -1);
	assert_int_equal(roster_role_from_text(""), -1);
}

/*
 * csvread_plain against csvread_next: a file read once by csvread_next alone and once as the
 * import reads it (csvread_plain where it takes the records, csvread_next for each one it
 * leaves) gives the same records, fields, lines and errors (csvread_log.h).
 */

/* One field as files have them: mostly plain, now and then what the general reader must see. */
static void random_field(uint64_t *seed, struct strbuf *out)
{
	static const char *const odd[] = {
		"", " lead", "trail ", "\t", "\xE3\x80\x80" "wide", "wide\xE3\x80\x80", "\"q,uoted\"", "\"a\"\"b\"",
		"\xE8\xA1\x8C\xE6\x94\xBF", "\xE3\x82\xB7\xE3\x82\xB9", "mid\rcr", "in ner", "\"x\"y", "nul\x01",
		"\xE8\x80\x80", "\"multi\nline\"", "\"\"", "\"plain\"", "\" lead in\"", "\"trail in \"",
		"\"\xE3\x80\x80wq\"", "\"wq\xE3\x80\x80\"", "\"\t\"", " \"sp\"", "\"sp\" ", "\"cr\r\"", "\"",
		"\"a\"\"\"", "\"\xE8\xA1\x8C\"", "\"\"\"\"",
	};
	uint64_t x = xorshift64(seed);
	if (x % 9 == 0) {
		strbuf_addstr(out, odd[(x >> 8) % (sizeof odd / sizeof odd[0])]);
		return;
	}
	size_t n = 1 + (x >> 16) % 12;
	for (size_t i = 0; i < n; i++)
		strbuf_addch(out, "abcdefghijklmnopqrstuvwxyzP0123456789-_."[(x >> (20 + i)) % 39]);
}

/* A file of rows records of about nfields fields under a header, LF or CRLF ends, some empty
 * lines, some records with one field more or less, a NUL now and then when nul. */
static char *random_file(uint64_t *seed, size_t rows, size_t nfields, bool nul, size_t *len)
{
	struct strbuf b;
	strbuf_init(&b);
	for (size_t i = 0; i < nfields; i++)
		strbuf_addstr(&b, i ? ",h" : "h");
	strbuf_addch(&b, '\n');
	bool crlf = xorshift64(seed) % 2;
	for (size_t row = 0; row < rows; row++) {
		uint64_t x = xorshift64(seed);
		size_t n = x % 40 == 0 ? nfields + 1 : x % 41 == 0 ? nfields - 1 : nfields;
		if (x % 53 == 0)
			n = 0;   /* an empty line */
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addch(&b, ',');
			random_field(seed, &b);
		}
		if (nul && x % 97 == 0)
			strbuf_add(&b, "\0", 1);
		if (x % 61 == 0)
			crlf = !crlf;
		strbuf_addstr(&b, crlf ? "\r\n" : "\n");
	}
	if (xorshift64(seed) % 2 && b.len > 1)
		b.len -= 1 + (b.len > 1 && b.buf[b.len - 2] == '\r');   /* no line end after the last record */
	*len = b.len;
	return strbuf_detach(&b);
}

/* data with each field of its records that holds no quote quoted, as some programs write
 * every field, except now and then. */
static char *quote_fields(const char *data, size_t len, uint64_t *seed, size_t *out_len)
{
	struct strbuf b;
	strbuf_init(&b);
	size_t i = 0;
	while (i < len) {
		size_t n = 0;
		while (i + n < len && data[i + n] != ',' && data[i + n] != '\n' && data[i + n] != '\r')
			n++;
		bool quote = !memchr(data + i, '"', n) && xorshift64(seed) % 13 != 0;
		if (quote)
			strbuf_addch(&b, '"');
		strbuf_add(&b, data + i, n);
		if (quote)
			strbuf_addch(&b, '"');
		i += n;
		if (i < len)
			strbuf_addch(&b, data[i++]);
		if (i < len && data[i - 1] == '\r' && data[i] == '\n')
			strbuf_addch(&b, data[i++]);
	}
	*out_len = b.len;
	return strbuf_detach(&b);
}

static void compare_plain_and_next(const char *data, size_t len, size_t nfields, bool trim, size_t *plain)
{
	char *path = write_temp(data, len);
	for (int vectors = 0; vectors < 2; vectors++) {
		csvread_use_vectors(vectors);
		struct strbuf why;
		strbuf_init(&why);
		if (!csvread_logs_agree(path, trim, nfields, plain, &why))
			fail_msg("csvread_plain (vectors %d): %s", vectors, why.buf);
		strbuf_release(&why);
	}
	csvread_use_vectors(true);
	unlink(path);
	free(path);
}

static void test_plain_reads_what_next_reads(void **state)
{
	(void)state;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	size_t plain_total = 0;
	for (int round = 0; round < 300; round++) {
		size_t nfields = 1 + xorshift64(&seed) % 5, len, plain;
		char *data = random_file(&seed, 20 + xorshift64(&seed) % 400, nfields, round % 3 == 0, &len);
		compare_plain_and_next(data, len, nfields, round % 2 == 0, &plain);
		plain_total += plain;
		free(data);
	}
	/* it does take records: a good share are plain (29,764 of some 66,000 with this seed) */
	assert_true(plain_total > 300 * 80);
}

/* The same with the fields quoted, as some programs write every field. */
static void test_plain_reads_quoted_fields(void **state)
{
	(void)state;
	uint64_t seed = 0xD1B54A32D192ED03ull;
	size_t plain_total = 0, records = 0;
	for (int round = 0; round < 300; round++) {
		size_t nfields = 1 + xorshift64(&seed) % 5, len, quoted_len, plain;
		size_t rows = 20 + xorshift64(&seed) % 400;
		char *data = random_file(&seed, rows, nfields, round % 3 == 0, &len);
		char *quoted = quote_fields(data, len, &seed, &quoted_len);
		compare_plain_and_next(quoted, quoted_len, nfields, round % 2 == 0, &plain);
		plain_total += plain;
		records += nfields > 1 ? rows : 0;
		free(quoted);
		free(data);
	}
	/* quoted records are taken too (one-field records are always csvread_next's) */
	assert_true(plain_total > records / 3);
}

static void test_plain_across_chunks(void **state)
{
	(void)state;
	/* More than two 4 MiB chunks of answers as the import reads them, with now and then a
	 * record csvread_next must read: records cross the refills either way. */
	uint64_t seed = 42;
	struct strbuf b;
	strbuf_init(&b);
	strbuf_addstr(&b, "person_id,role,item,answer\r\n");
	size_t rows = 450000;
	for (size_t i = 0; i < rows; i++) {
		uint64_t x = xorshift64(&seed);
		strbuf_addf(&b, x % 5000 == 0 ? "\"P%07zu\",staff,S-%02u,%u%s" : "P%07zu,staff,S-%02u,%u%s", i,
			    (unsigned)(x >> 8) % 50, 1 + (unsigned)(x >> 16) % 3, x % 3 ? "\r\n" : "\n");
	}
	size_t plain;
	compare_plain_and_next(b.buf, b.len, 4, true, &plain);
	assert_true(plain > rows - rows / 100);
	/* every field quoted, as some programs write them */
	size_t quoted_len;
	char *quoted = quote_fields(b.buf, b.len, &seed, &quoted_len);
	compare_plain_and_next(quoted, quoted_len, 4, true, &plain);
	assert_true(plain > rows / 2);
	free(quoted);
	strbuf_release(&b);
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
		cmocka_unit_test(test_bad_record_then_more),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_cp932),
		cmocka_unit_test(test_cp932_long_files),
		cmocka_unit_test(test_cp932_bad_byte_line),
		cmocka_unit_test(test_cp932_every_character),
		cmocka_unit_test(test_not_utf8_nor_cp932),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_error_limit),
		cmocka_unit_test(test_unit_normalize),
		cmocka_unit_test(test_csvwrite),
		cmocka_unit_test(test_japanese_names),
		cmocka_unit_test(test_plain_reads_what_next_reads),
		cmocka_unit_test(test_plain_reads_quoted_fields),
		cmocka_unit_test(test_plain_across_chunks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
