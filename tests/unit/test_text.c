/* Unit tests for core/text: UTF-8 checks, display width, sanitising, wrapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "core/text.h"

static void utf8_validation(void **state)
{
	(void)state;
	const char *ok = "情報セキュリティ abc";
	assert_int_equal(text_utf8_invalid_at(ok, strlen(ok)), -1);
	assert_int_equal(text_utf8_invalid_at("ab\xff", 3), 2);
	assert_int_equal(text_utf8_invalid_at("\xc0\xaf", 2), 0);       /* overlong */
	assert_int_equal(text_utf8_invalid_at("\xed\xa0\x80", 3), 0);   /* surrogate */
	assert_int_equal(text_utf8_invalid_at("a\xe6\x83", 3), 1);      /* truncated */
	assert_int_equal(text_utf8_invalid_at("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
}

/* Where the first invalid UTF-8 sequence starts, decoded the plain way (RFC 3629: no overlong
 * form, no surrogate, nothing above U+10FFFF), or -1. */
static long reference_invalid_at(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
		if (n == 9 || (n > 0 && i + n >= len))   /* not a lead byte, or cut short */
			return (long)i;
		uint32_t cp = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
		if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return (long)i;
		i += n + 1;
	}
	return -1;
}

/* Every lead byte with interesting following bytes, and random strings rich in three-byte
 * sequences, against the plain decoder. */
static void utf8_validation_agrees(void **state)
{
	(void)state;
	static const unsigned char follow[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xE3, 0xFF};
	const size_t nf = sizeof follow;
	unsigned char buf[16];
	for (unsigned lead = 0x80; lead < 0x100; lead++)
		for (size_t a = 0; a < nf; a++)
			for (size_t b = 0; b < nf; b++)
				for (size_t c = 0; c < nf; c++)
					for (size_t len = 1; len <= 5; len++) {
						buf[0] = 'x';
						buf[1] = (unsigned char)lead;
						buf[2] = follow[a];
						buf[3] = follow[b];
						buf[4] = follow[c];
						assert_int_equal(text_utf8_invalid_at((const char *)buf, len),
								 reference_invalid_at(buf, len));
					}
	static const unsigned char alphabet[] = {'a', ',', 0xE3, 0xE6, 0xED, 0xEF, 0xE0, 0xF0, 0xC2, 0x80, 0x81, 0xA0, 0xBF, 0xC0};
	uint64_t x = 88172645463325252ull;
	for (int round = 0; round < 200000; round++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		size_t len = 1 + x % 16;
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[i] = alphabet[x % sizeof alphabet];
		}
		assert_int_equal(text_utf8_invalid_at((const char *)buf, len), reference_invalid_at(buf, len));
	}
}

static void display_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("情報"), 4);
	assert_int_equal(text_width("ＡＢ"), 4);
	assert_int_equal(text_width("ｱｲ"), 2); /* half-width katakana */
	assert_int_equal(text_width("98.5％"), 6);
}

static void sanitising(void **state)
{
	(void)state;
	char *s = text_sanitize("a\x1b[31mb\n\tc", false);
	assert_null(strchr(s, 0x1b));
	assert_null(strchr(s, '\n'));
	assert_string_equal(s, "a\xEF\xBF\xBD[31mb\xEF\xBF\xBD\xEF\xBF\xBD" "c");
	free(s);
	s = text_sanitize("a\nb\tc\x07", true);
	assert_string_equal(s, "a\nb c\xEF\xBF\xBD");
	free(s);
	s = text_sanitize(NULL, false);
	assert_string_equal(s, "");
	free(s);
	/* overlong forms and surrogates are invalid: each byte becomes U+FFFD */
	s = text_sanitize("a\xc1\x81\xed\xa0\x80", false);
	assert_int_equal(text_utf8_invalid_at(s, strlen(s)), -1);
	assert_string_equal(s, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	free(s);
	/* C1 control U+009B (CSI) is neutralised too */
	s = text_sanitize("x\xc2\x9by", false);
	assert_string_equal(s, "x\xEF\xBF\xBDy");
	free(s);
}

static void control_characters(void **state)
{
	(void)state;
	uint32_t c = 0;
	assert_int_equal(text_control_at("abc", 3, "", &c), -1);
	assert_int_equal(text_control_at("a\0b", 3, "\t\n", &c), 1); /* NUL is never allowed */
	assert_int_equal(c, 0);
	assert_int_equal(text_control_at("a\tb\nc", 5, "\t\n", &c), -1);
	assert_int_equal(text_control_at("a\tb", 3, "", &c), 1);
	assert_int_equal(c, '\t');
	assert_int_equal(text_control_at("情報\xc2\x85", 8, "\t\n", &c), 6); /* C1 NEL */
	assert_int_equal(c, 0x85);
	assert_int_equal(text_control_at("\x7f", 1, "\t\n", NULL), 0);
	assert_int_equal(text_control_at("\xc2\xa0", 2, "", NULL), -1);   /* U+00A0 is not one */
}

static void excerpts(void **state)
{
	(void)state;
	char *s = text_excerpt("情報セキュリティ", 4);
	assert_string_equal(s, "情報セキ…");
	free(s);
	/* it only shortens: diag sanitises what it prints */
	s = text_excerpt("abc\x1b", 10);
	assert_string_equal(s, "abc\x1b");
	free(s);
	s = text_excerpt("abcd", 4);
	assert_string_equal(s, "abcd");
	free(s);
	s = text_excerpt(NULL, 4);
	assert_string_equal(s, "");
	free(s);
	/* an invalid byte counts as one character, as sanitising turns it into one U+FFFD */
	s = text_excerpt("\xff\xfe" "abc", 3);
	assert_string_equal(s, "\xff\xfe" "a…");
	free(s);
	assert_int_equal(text_prefix_bytes("情報a", 2), 6);
	assert_int_equal(text_prefix_bytes("情報a", 9), 7);
	assert_int_equal(text_prefix_bytes(NULL, 9), 0);
}

static void line_problems(void **state)
{
	(void)state;
	assert_null(text_line_problem("総務局/情報システム課"));
	assert_string_equal(text_line_problem("a\xff"), "is not valid UTF-8");
	assert_string_equal(text_line_problem(" \xe3\x80\x80"), "is empty");
	assert_string_equal(text_line_problem("a\tb"), "contains a control character");
	assert_string_equal(text_line_problem("x\xc2\x9by"), "contains a control character");   /* C1 */
}

static void wrapping_japanese(void **state)
{
	(void)state;
	char **lines;
	size_t n = text_wrap("情報の格付と取扱制限を明示していますか。", 10, &lines);
	/* every line fits in 10 columns, none starts with 。 */
	for (size_t i = 0; i < n; i++) {
		assert_true(text_width(lines[i]) <= 10);
		assert_true(strncmp(lines[i], "。", 3) != 0);
	}
	assert_true(n >= 4);
	text_free_lines(lines, n);
	/* kinsoku: the full stop stays with the preceding character */
	n = text_wrap("あいうえおかきくけこ。", 10, &lines);
	/* "かきくけこ" fills the second line; 。 may not start the third, so こ moves down */
	assert_int_equal(n, 3);
	assert_string_equal(lines[1], "かきくけ");
	assert_string_equal(lines[2], "こ。");
	text_free_lines(lines, n);
}

static void wrapping_latin(void **state)
{
	(void)state;
	char **lines;
	size_t n = text_wrap("Do you mark the classification of information you create?", 20, &lines);
	for (size_t i = 0; i < n; i++) {
		assert_true(text_width(lines[i]) <= 20);
		assert_true(lines[i][0] != ' ');
	}
	assert_string_equal(lines[0], "Do you mark the");
	text_free_lines(lines, n);
	n = text_wrap("one\ntwo", 20, &lines);
	assert_int_equal(n, 2);
	assert_string_equal(lines[1], "two");
	text_free_lines(lines, n);
}

static void joining_folded_japanese(void **state)
{
	(void)state;
	char *s = text_join_wide("実施率は99.7％ （評価Ｂ）であった。 点検項目の分類別では");
	assert_string_equal(s, "実施率は99.7％（評価Ｂ）であった。点検項目の分類別では");
	free(s);
	s = text_join_wide("割合である。 H20年度から、 2012年");
	assert_string_equal(s, "割合である。H20年度から、2012年");
	free(s);
	/* spaces next to narrow characters, and double spaces, stay */
	s = text_join_wide("grade B (98.5%) 実施率 98.5％ and 情報  提供");
	assert_string_equal(s, "grade B (98.5%) 実施率 98.5％ and 情報  提供");
	free(s);
	s = text_join_wide(NULL);
	assert_string_equal(s, "");
	free(s);
}

static void strbuf_lifecycle(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	char *s = strbuf_detach(&sb);
	assert_null(sb.buf);
	assert_true(strncmp(s, "0,1,2,", 6) == 0);
	free(s);
	strbuf_release(&sb);
	assert_true(text_equal_constant_time("abcd", "abcd", 4));
	assert_false(text_equal_constant_time("abcd", "abce", 4));
}

/* strbuf_addu writes what "%llu" writes: 0, every power of ten and its neighbours, the top. */
static void strbuf_decimal(void **state)
{
	(void)state;
	struct strbuf sb, want;
	strbuf_init(&sb);
	strbuf_init(&want);
	unsigned long long values[64];
	size_t n = 0;
	values[n++] = 0;
	values[n++] = ULLONG_MAX;
	values[n++] = ULLONG_MAX - 1;
	for (unsigned long long p = 1; p <= ULLONG_MAX / 10; p *= 10) {
		values[n++] = p - 1;
		values[n++] = p * 10 - 1 + 1;
	}
	for (size_t k = 0; k < n; k++) {
		strbuf_addu(&sb, values[k]);
		strbuf_addch(&sb, ' ');
		strbuf_addf(&want, "%llu ", values[k]);
	}
	assert_string_equal(sb.buf, want.buf);
	strbuf_release(&sb);
	strbuf_release(&want);
}

static void folding_full_width(void **state)
{
	(void)state;
	/* What an input method types: full-width digits, letters and signs, the ideographic space. */
	assert_int_equal(text_fold_fullwidth(0xFF11), '1');   /* １ */
	assert_int_equal(text_fold_fullwidth(0xFF41), 'a');   /* ａ */
	assert_int_equal(text_fold_fullwidth(0xFF3A), 'Z');   /* Ｚ */
	assert_int_equal(text_fold_fullwidth(0xFF1F), '?');   /* ？ */
	assert_int_equal(text_fold_fullwidth(0xFF01), '!');   /* first of the block */
	assert_int_equal(text_fold_fullwidth(0xFF5E), '~');   /* last of the block */
	assert_int_equal(text_fold_fullwidth(0x3000), ' ');
	/* Everything else stays: half-width katakana, Japanese, ASCII, the block's neighbours. */
	assert_int_equal(text_fold_fullwidth(0xFF61), 0xFF61);
	assert_int_equal(text_fold_fullwidth(0xFF00), 0xFF00);
	assert_int_equal(text_fold_fullwidth(0x3042), 0x3042);
	assert_int_equal(text_fold_fullwidth('x'), 'x');
	char *s = text_fold_fullwidth_str("ｇｏ\xE3\x80\x80１２ 実施 Ｙ");
	assert_string_equal(s, "go 12 実施 Y");
	free(s);
	s = text_fold_fullwidth_str(NULL);
	assert_string_equal(s, "");
	free(s);
	/* An invalid byte is kept as it is (nothing to fold). */
	s = text_fold_fullwidth_str("a\xFF１");
	assert_string_equal(s, "a\xFF" "1");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(utf8_validation_agrees),
		cmocka_unit_test(display_width),
		cmocka_unit_test(sanitising),
		cmocka_unit_test(line_problems),
		cmocka_unit_test(control_characters),
		cmocka_unit_test(excerpts),
		cmocka_unit_test(wrapping_japanese),
		cmocka_unit_test(wrapping_latin),
		cmocka_unit_test(joining_folded_japanese),
		cmocka_unit_test(strbuf_lifecycle),
		cmocka_unit_test(strbuf_decimal),
		cmocka_unit_test(folding_full_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
