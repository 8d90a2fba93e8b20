/*
 * cli: command lines from declarative tables.
 *
 * A program is a table of subcommands; each subcommand has a table of options. The same
 * tables drive getopt_long and print --help, so usage and behaviour cannot drift apart.
 * Every program and every subcommand answers --help (status 0); programs answer --version.
 * A usage error prints one line and a hint, and returns DIAG_EXIT_USAGE (1).
 */
#ifndef SELFCHECK_CLI_H
#define SELFCHECK_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct cli_option {
	const char *name;      /* long name without "--"; NULL ends the table */
	char short_name;       /* 0 when none */
	const char *arg;       /* argument placeholder ("FILE"), NULL for a flag */
	const char *help;
	int id;                /* passed to the handler */
};

/* Handler for one parsed option; returns 0, or -1 for a usage error it has reported. */
typedef int (*cli_option_fn)(void *ctx, int id, const char *arg);

struct cli_command {
	const char *name;      /* "roster import": words separated by one space; NULL ends */
	const char *synopsis;  /* after the name: "--db FILE --year N ROSTER.csv" */
	const char *summary;   /* one line */
	const struct cli_option *options;
	/* Runs the command; argv[0..argc) are the operands left after the options. */
	int (*run)(void *ctx, int argc, char **argv);
	/* The option handler and the size of a zeroed context passed to both. */
	cli_option_fn on_option;
	size_t ctx_size;
	int min_operands, max_operands; /* max -1: unlimited */
	const char *details;   /* optional paragraph printed after the options */
	bool interleaved;      /* options may also follow the operands ("chart KIND --db F") */
};

struct cli_program {
	const char *name;
	const char *summary;
	const char *version;
	const struct cli_command *commands;
	/* Runs when no command word is given (e.g. the questionnaire itself); may be NULL. */
	const struct cli_command *default_command;
};

/* Parses argv, runs the command and returns the exit status. */
int cli_main(const struct cli_program *prog, int argc, char **argv);

/* Reports a usage error for the command ("PROGRAM COMMAND: message" plus a --help hint);
 * returns -1. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a fiscal year operand (1989–2200); reports a usage error and returns -1 if bad. */
int cli_parse_year(const char *arg, int *year);

#endif
