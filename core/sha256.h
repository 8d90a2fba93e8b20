/*
 * sha256: the SHA-256 digest (FIPS 180-4), computed in place with no allocation.
 *
 * The programs digest small texts in great numbers (one answer sheet per person when a
 * ministry's answers are imported), so the compression runs on the processor's SHA
 * instructions where it has them (x86-64's SHA extensions, checked once at run time) and
 * in portable C elsewhere; both give the same digest.
 *
 *   struct sha256 h;
 *   sha256_init(&h);
 *   sha256_update(&h, data, len);      (any number of times, any lengths)
 *   sha256_final(&h, digest);          (32 bytes; h is then spent: init it again to reuse)
 *
 * Nothing here allocates; the caller owns every buffer.
 */
#ifndef SELFCHECK_SHA256_H
#define SELFCHECK_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

struct sha256 {
	uint32_t state[8];
	uint64_t length;             /* bytes given so far */
	unsigned char block[64];     /* the partial block (length % 64 bytes of it) */
};

/* Starts a digest. */
void sha256_init(struct sha256 *h);

/* Adds len bytes of data (data may be NULL when len is 0). */
void sha256_update(struct sha256 *h, const void *data, size_t len);

/* Pads, finishes and stores the 32-byte digest in out. */
void sha256_final(struct sha256 *h, unsigned char out[SHA256_DIGEST_SIZE]);

/* The first size - 1 hexadecimal digits (lower case) of a digest, NUL-terminated, in out;
 * size is at most 65. */
void sha256_hex(const unsigned char digest[SHA256_DIGEST_SIZE], char *out, size_t size);

/*
 * Which compression sha256_update and sha256_final use: true for the processor's SHA
 * instructions, false for portable C. sha256_use_instructions(false) forces portable C;
 * (true) goes back to the instructions only if the processor has them. Returns whether the
 * instructions are used after the call. For the tests, which compare the two; not safe to
 * call while another thread digests.
 */
bool sha256_use_instructions(bool wanted);

#endif
