/* Unit tests for core/sha256: the published test vectors, and glib's SHA-256 as the reference
 * on every length from 0 to 300 bytes given in random pieces, through both compressions (the
 * processor's SHA instructions when it has them, and portable C). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/sha256.h"
#include "xorshift.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0x243F6A8885A308D3ULL;
static uint64_t next_random(void)
{
	return xorshift64(&state);
}

static void hex_of(const void *data, size_t len, char out[65])
{
	struct sha256 h;
	unsigned char digest[SHA256_DIGEST_SIZE];
	sha256_init(&h);
	sha256_update(&h, data, len);
	sha256_final(&h, digest);
	sha256_hex(digest, out, 65);
}

/* FIPS 180-4's examples and the NIST vectors of one, two and a million blocks. */
static void check_vectors(void)
{
	char hex[65];
	hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* Nothing given, as NULL (a field left empty), between other pieces. */
	struct sha256 empty;
	unsigned char none[SHA256_DIGEST_SIZE];
	sha256_init(&empty);
	sha256_update(&empty, "a", 1);
	sha256_update(&empty, NULL, 0);
	sha256_update(&empty, "bc", 2);
	sha256_final(&empty, none);
	sha256_hex(none, hex, sizeof hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	hex_of(two, strlen(two), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
			   "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	hex_of(four, strlen(four), hex);
	assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	/* A million 'a' given 1000 bytes at a time. */
	char a[1000];
	memset(a, 'a', sizeof a);
	struct sha256 h;
	unsigned char digest[SHA256_DIGEST_SIZE];
	sha256_init(&h);
	for (int k = 0; k < 1000; k++)
		sha256_update(&h, a, sizeof a);
	sha256_final(&h, digest);
	sha256_hex(digest, hex, sizeof hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every length 0..300, each given in random pieces, against GChecksum. */
static void check_against_glib(void)
{
	unsigned char data[300];
	for (int round = 0; round < 20; round++) {
		for (size_t len = 0; len <= sizeof data; len++) {
			for (size_t k = 0; k < len; k++)
				data[k] = (unsigned char)next_random();
			struct sha256 h;
			sha256_init(&h);
			for (size_t at = 0; at < len;) {
				size_t piece = (size_t)(next_random() % 130);
				if (piece > len - at)
					piece = len - at;
				sha256_update(&h, data + at, piece);
				at += piece;
			}
			unsigned char digest[SHA256_DIGEST_SIZE];
			sha256_final(&h, digest);
			GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
			g_checksum_update(sum, data, (gssize)len);
			guint8 want[SHA256_DIGEST_SIZE];
			gsize want_len = sizeof want;
			g_checksum_get_digest(sum, want, &want_len);
			char hex[17];
			sha256_hex(digest, hex, sizeof hex);
			char want_hex[17];
			snprintf(want_hex, sizeof want_hex, "%.16s", g_checksum_get_string(sum));
			g_checksum_free(sum);
			assert_int_equal(want_len, SHA256_DIGEST_SIZE);
			assert_memory_equal(digest, want, SHA256_DIGEST_SIZE);
			assert_string_equal(hex, want_hex);
		}
	}
}

static void test_portable(void **unused)
{
	(void)unused;
	assert_false(sha256_use_instructions(false));
	check_vectors();
	check_against_glib();
}

static void test_instructions(void **unused)
{
	(void)unused;
	if (!sha256_use_instructions(true)) {
		/* Under valgrind, or on a processor without them: the portable path is all there is. */
		print_message("sha256: this processor has no SHA instructions; the portable C is checked alone\n");
		return;
	}
	check_vectors();
	check_against_glib();
}

static void test_hex_lengths(void **unused)
{
	(void)unused;
	unsigned char digest[SHA256_DIGEST_SIZE];
	for (int k = 0; k < SHA256_DIGEST_SIZE; k++)
		digest[k] = (unsigned char)(k * 17 + 1);
	char out[65];
	sha256_hex(digest, out, 1);
	assert_string_equal(out, "");
	sha256_hex(digest, out, 4);
	assert_string_equal(out, "011");
	sha256_hex(digest, out, 65);
	assert_int_equal(strlen(out), 64);
	assert_string_equal(out + 60, "ff10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portable),
		cmocka_unit_test(test_instructions),
		cmocka_unit_test(test_hex_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
