/* sha256: SHA-256 (FIPS 180-4), on the processor's SHA instructions where it has them. */
#include "core/sha256.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* One round of FIPS 180-4 section 6.2.2 on the eight working variables, named in their turn
 * (the variables are not shifted: the next round names them one further). Ch and Maj are
 * written in their shorter equivalent forms. */
#define ROUND(a, b, c, d, e, f, g, h, t)                                                                  \
	do {                                                                                               \
		uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) +         \
			      round_constants[t] + w[t];                                                   \
		uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)));       \
		d += t1;                                                                                   \
		h = t1 + t2;                                                                               \
	} while (0)

/* Portable C: the compression of FIPS 180-4 section 6.2.2 over blocks 64-byte blocks. */
static void compress_portable(uint32_t state[8], const unsigned char *data, size_t blocks)
{
	for (; blocks > 0; blocks--, data += 64) {
		uint32_t w[64];
		for (int t = 0; t < 16; t++)
			w[t] = load_be32(data + 4 * t);
		for (int t = 16; t < 64; t++) {
			uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
			uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
			w[t] = w[t - 16] + s0 + w[t - 7] + s1;
		}
		uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
		uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
		for (int t = 0; t < 64; t += 8) {
			ROUND(a, b, c, d, e, f, g, h, t);
			ROUND(h, a, b, c, d, e, f, g, t + 1);
			ROUND(g, h, a, b, c, d, e, f, t + 2);
			ROUND(f, g, h, a, b, c, d, e, t + 3);
			ROUND(e, f, g, h, a, b, c, d, t + 4);
			ROUND(d, e, f, g, h, a, b, c, t + 5);
			ROUND(c, d, e, f, g, h, a, b, t + 6);
			ROUND(b, c, d, e, f, g, h, a, t + 7);
		}
		state[0] += a;
		state[1] += b;
		state[2] += c;
		state[3] += d;
		state[4] += e;
		state[5] += f;
		state[6] += g;
		state[7] += h;
	}
}
#undef ROUND

#ifdef SHA256_X86
/*
 * The SHA extensions: sha256rnds2 does two rounds on the state held as ABEF and CDGH, and
 * sha256msg1/sha256msg2 extend the message schedule four words at a time:
 *   W[t..t+3] = msg2(msg1(W[t-16..t-13], W[t-12..t-9]) + W[t-7..t-4], W[t-4..t-1]).
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_instructions(uint32_t state[8], const unsigned char *data, size_t blocks)
{
	/* Each 32-bit word of the message is big-endian. */
	const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i cdab = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
	__m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
	__m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
	__m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
	for (; blocks > 0; blocks--, data += 64) {
		__m128i abef_before = abef, cdgh_before = cdgh;
		__m128i w[4];
#pragma GCC unroll 16
		for (int j = 0; j < 16; j++) {
			if (j < 4) {
				w[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * j)), byteswap);
			} else {
				__m128i x = _mm_sha256msg1_epu32(w[j % 4], w[(j + 1) % 4]);
				x = _mm_add_epi32(x, _mm_alignr_epi8(w[(j + 3) % 4], w[(j + 2) % 4], 4));
				w[j % 4] = _mm_sha256msg2_epu32(x, w[(j + 3) % 4]);
			}
			__m128i m = _mm_add_epi32(w[j % 4], _mm_loadu_si128((const __m128i *)&round_constants[4 * j]));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(m, 0x0E));
		}
		abef = _mm_add_epi32(abef, abef_before);
		cdgh = _mm_add_epi32(cdgh, cdgh_before);
	}
	__m128i feba = _mm_shuffle_epi32(abef, 0x1B);
	__m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
	_mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
	_mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

/* Whether the processor has the SHA extensions and the SSSE3 and SSE4.1 the code needs. */
static bool have_instructions(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return false;
	if (__get_cpuid_max(0, NULL) < 7)
		return false;
	__cpuid_count(7, 0, a, b, c, d);
	return (b >> 29) & 1u;
}
#endif

/* 0: not decided yet; 1: portable C; 2: the instructions. */
static int mode;

#ifdef SHA256_X86
static int current_mode(void)
{
	int m = __atomic_load_n(&mode, __ATOMIC_RELAXED);
	if (m == 0) {
		m = have_instructions() ? 2 : 1;
		__atomic_store_n(&mode, m, __ATOMIC_RELAXED);
	}
	return m;
}
#endif

bool sha256_use_instructions(bool wanted)
{
	int m = 1;
#ifdef SHA256_X86
	if (wanted && have_instructions())
		m = 2;
#else
	(void)wanted;
#endif
	__atomic_store_n(&mode, m, __ATOMIC_RELAXED);
	return m == 2;
}

static void compress(uint32_t state[8], const unsigned char *data, size_t blocks)
{
#ifdef SHA256_X86
	if (current_mode() == 2) {
		compress_instructions(state, data, blocks);
		return;
	}
#endif
	compress_portable(state, data, blocks);
}

void sha256_init(struct sha256 *h)
{
	static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(h->state, initial, sizeof initial);
	h->length = 0;
}

void sha256_update(struct sha256 *h, const void *data, size_t len)
{
	if (len == 0)
		return;
	const unsigned char *p = data;
	size_t used = (size_t)(h->length % 64);
	h->length += len;
	if (used > 0) {
		size_t take = 64 - used < len ? 64 - used : len;
		memcpy(h->block + used, p, take);
		p += take;
		len -= take;
		if (used + take < 64)
			return;
		compress(h->state, h->block, 1);
	}
	if (len >= 64) {
		compress(h->state, p, len / 64);
		p += len / 64 * 64;
		len %= 64;
	}
	if (len > 0)
		memcpy(h->block, p, len);
}

void sha256_final(struct sha256 *h, unsigned char out[SHA256_DIGEST_SIZE])
{
	uint64_t bits = h->length * 8;
	size_t used = (size_t)(h->length % 64);
	h->block[used++] = 0x80;
	if (used > 56) {
		memset(h->block + used, 0, 64 - used);
		compress(h->state, h->block, 1);
		used = 0;
	}
	memset(h->block + used, 0, 56 - used);
	for (int k = 0; k < 8; k++)
		h->block[56 + k] = (unsigned char)(bits >> (56 - 8 * k));
	compress(h->state, h->block, 1);
	for (int k = 0; k < 8; k++) {
		out[4 * k] = (unsigned char)(h->state[k] >> 24);
		out[4 * k + 1] = (unsigned char)(h->state[k] >> 16);
		out[4 * k + 2] = (unsigned char)(h->state[k] >> 8);
		out[4 * k + 3] = (unsigned char)h->state[k];
	}
}

void sha256_hex(const unsigned char digest[SHA256_DIGEST_SIZE], char *out, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	if (size == 0)
		return;
	size_t n = size - 1 < 2 * SHA256_DIGEST_SIZE ? size - 1 : 2 * SHA256_DIGEST_SIZE;
	for (size_t k = 0; k < n; k++)
		out[k] = digits[k % 2 ? digest[k / 2] & 15 : digest[k / 2] >> 4];
	out[n] = '\0';
}
