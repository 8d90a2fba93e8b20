/*
 * genargs.h: the command line the sample generators share, "NAME [-q QUESTIONNAIRE] OUTDIR".
 */
#ifndef SELFCHECK_GENARGS_H
#define SELFCHECK_GENARGS_H

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

#endif
