/*
 * token: respondents' login tokens.
 *
 * A token is 20 symbols from a 31-letter alphabet without look-alike characters (no 0/O,
 * 1/I/L), drawn from the operating system's random source: about 99 bits of entropy, printed
 * in groups of four ("K7QF-9XMD-2PHA-WVNC-H3RT"). Only its SHA-256 is stored; a token of that
 * strength needs no slow password hash. Typed tokens are compared after normalising: case
 * is ignored, and hyphens and spaces are skipped.
 */
#ifndef SELFCHECK_SURVEY_TOKEN_H
#define SELFCHECK_SURVEY_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_SYMBOLS 20
#define TOKEN_TEXT_SIZE (TOKEN_SYMBOLS + TOKEN_SYMBOLS / 4) /* with hyphens and the NUL */
#define TOKEN_HASH_SIZE 32

/* A source of random bytes, refilled from getrandom() in large blocks. */
struct token_random {
	unsigned char pool[4096];
	size_t left;
};

/* Writes a fresh token ("XXXX-XXXX-XXXX-XXXX-XXXX") into out (TOKEN_TEXT_SIZE bytes).
 * Returns 0, or -1 after reporting when the random source fails. */
int token_generate(struct token_random *rnd, char out[TOKEN_TEXT_SIZE]);

/* SHA-256 of the normalised token into hash. Returns 0, or -1 when text is not a well-formed
 * token (wrong length or a character outside the alphabet): nothing is reported, since a
 * login must not tell which part was wrong. */
int token_hash(const char *text, unsigned char hash[TOKEN_HASH_SIZE]);

/* Whether the typed text hashes to stored (stored_len bytes), compared in constant time. */
bool token_matches(const char *text, const void *stored, size_t stored_len);

#endif
