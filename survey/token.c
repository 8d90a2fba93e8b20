/* token: generation, normalisation and hashing of login tokens. */
#include "survey/token.h"
#include "core/diag.h"
#include "core/sha256.h"
#include "core/text.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
#define ALPHABET_SIZE (sizeof alphabet - 1)

static int next_byte(struct token_random *rnd, unsigned char *out)
{
	if (rnd->left == 0) {
		size_t got = 0;
		while (got < sizeof rnd->pool) {
			ssize_t n = getrandom(rnd->pool + got, sizeof rnd->pool - got, 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return diag_error("cannot read the system's random source: %s", strerror(errno));
			got += (size_t)n;
		}
		rnd->left = sizeof rnd->pool;
	}
	*out = rnd->pool[--rnd->left];
	rnd->pool[rnd->left] = 0;
	return 0;
}

int token_generate(struct token_random *rnd, char out[TOKEN_TEXT_SIZE])
{
	size_t o = 0;
	for (int i = 0; i < TOKEN_SYMBOLS; i++) {
		unsigned char b = 0;
		/* Rejection sampling keeps every symbol equally likely. */
		do {
			if (next_byte(rnd, &b))
				return -1;
		} while (b >= 256 / ALPHABET_SIZE * ALPHABET_SIZE);
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = alphabet[b % ALPHABET_SIZE];
	}
	out[o] = '\0';
	return 0;
}

int token_hash(const char *text, unsigned char hash[TOKEN_HASH_SIZE])
{
	char norm[TOKEN_SYMBOLS];
	size_t n = 0;
	for (const char *p = text; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!strchr(alphabet, c) || n == TOKEN_SYMBOLS)
			return -1;
		norm[n++] = c;
	}
	if (n != TOKEN_SYMBOLS)
		return -1;
	_Static_assert(TOKEN_HASH_SIZE == SHA256_DIGEST_SIZE, "a token's hash is its SHA-256");
	struct sha256 sum;
	sha256_init(&sum);
	sha256_update(&sum, norm, n);
	sha256_final(&sum, hash);
	return 0;
}

bool token_matches(const char *text, const void *stored, size_t stored_len)
{
	unsigned char hash[TOKEN_HASH_SIZE];
	bool well_formed = token_hash(text, hash) == 0;
	if (!well_formed)
		memset(hash, 0, sizeof hash);
	bool same = stored && stored_len == TOKEN_HASH_SIZE &&
		    text_equal_constant_time(hash, stored, TOKEN_HASH_SIZE);
	return well_formed && same;
}
