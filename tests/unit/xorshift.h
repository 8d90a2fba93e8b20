/* xorshift64 (Marsaglia): the tests' reproducible random numbers, from a seed of their own
 * (any value but 0), shared by test_numfmt and test_sha256. */
#ifndef SELFCHECK_TESTS_XORSHIFT_H
#define SELFCHECK_TESTS_XORSHIFT_H

#include <stdint.h>

/* The next number of the sequence in *state. */
static inline uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

#endif
