/*
 * gen.h: what the sample generators share: their command line, "NAME [-q QUESTIONNAIRE]
 * OUTDIR", and their deterministic random numbers (xorshift64*, a state per generator).
 */
#ifndef SELFCHECK_GEN_H
#define SELFCHECK_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Reads the command line into *quest (left as it is without -q) and *outdir. Returns 0, or 1
 * after printing the usage line of name. */
static inline int gen_args(int argc, char **argv, const char *name, const char **quest, const char **outdir)
{
	*outdir = NULL;
	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "-q") == 0 && k + 1 < argc)
			*quest = argv[++k];
		else if (argv[k][0] == '-' || *outdir) {
			*outdir = NULL;
			break;
		} else {
			*outdir = argv[k];
		}
	}
	if (*outdir)
		return 0;
	fprintf(stderr, "usage: %s [-q QUESTIONNAIRE] OUTDIR\n", name);
	return 1;
}

/* The next number of the sequence *state (not 0) runs through. */
static inline uint64_t gen_rng_next(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

#endif
