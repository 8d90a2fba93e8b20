/*
 * cli: command lines from declarative tables.
 *
 * A program is a table of subcommands; each subcommand has a table of options. The same
 * tables drive getopt_long, check what an option is given and print --help, synopsis lines
 * included, so usage and behaviour cannot drift apart:
 *   - an option's values (struct cli_option.values), when it has a fixed set, are the only
 *     ones accepted and the ones --help shows ("--format table|csv|json");
 *   - a required option (CLI_REQUIRED) is shown bare in the synopsis and checked by cli itself
 *     ("missing --db FILE"), every other one is shown in brackets;
 *   - the synopsis is made from the table, so it names exactly the options accepted.
 * Every program and every subcommand answers --help (status 0); programs answer --version.
 * A usage error prints one line and a hint, and returns DIAG_EXIT_USAGE (1).
 */
#ifndef SELFCHECK_CLI_H
#define SELFCHECK_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum cli_option_flag {
	CLI_REQUIRED = 1,    /* the command does not run without it: "missing --db FILE" */
	CLI_REPEATABLE = 2,  /* may be given more than once: "--person ID..." in the synopsis */
	CLI_OR_NEXT = 4,     /* an alternative to the next option: "[--unit PREFIX | --person ID...]" */
	CLI_ANY_CASE = 8,    /* values match whatever their case ("UTF-8", "Shift_JIS") */
};

struct cli_option {
	const char *name;      /* long name without "--"; NULL ends the table */
	char short_name;       /* 0 when none */
	const char *arg;       /* argument placeholder ("FILE"); NULL for a flag, and for values
				  shown in the synopsis too (else the synopsis shows arg) */
	const char *help;
	int id;                /* passed to the handler */
	/* The only values accepted, NULL-terminated (CLI_VALUES); shown joined by '|' in place of
	 * a placeholder. NULL: any text, which the handler checks. */
	const char *const *values;
	unsigned flags;        /* enum cli_option_flag */
};

/* A NULL-terminated list of values for struct cli_option.values. */
#define CLI_VALUES(...) ((const char *const[]){__VA_ARGS__, NULL})
/* The position of value in a NULL-terminated list of values, or -1 when it is not there: how a
 * handler turns the value of an option with values into its enum. */
int cli_value_index(const char *const *values, const char *value);
/* The languages of every program's --lang: "ja", "en". */
extern const char *const CLI_LANGUAGES[];

/* Handler for one parsed option; returns 0, or -1 for a usage error it has reported. An
 * option with values is passed only one of them (exactly as the table spells it). */
typedef int (*cli_option_fn)(void *ctx, int id, const char *arg);

struct cli_command {
	const char *name;      /* "roster import": words separated by one space; NULL ends */
	const char *operands;  /* what follows the options in the synopsis: "ROSTER.csv", "FILE..." */
	const char *summary;   /* one line */
	const struct cli_option *options;
	/* Runs the command; argv[0..argc) are the operands left after the options. */
	int (*run)(void *ctx, int argc, char **argv);
	/* The option handler and the size of a zeroed context passed to both; when not set, the
	 * program's. */
	cli_option_fn on_option;
	size_t ctx_size;
	int min_operands, max_operands; /* max -1: unlimited */
	const char *details;   /* optional paragraph printed after the options */
	bool interleaved;      /* options may also follow the operands ("chart KIND --db F"); the
				  synopsis then shows the operands first */
};

struct cli_program {
	const char *name;
	const char *summary;
	const char *version;
	const struct cli_command *commands;
	/* Runs when no command word is given (e.g. the questionnaire itself); may be NULL. */
	const struct cli_command *default_command;
	/* The option handler and the context size of every command that does not set its own:
	 * one struct of options for the whole program. */
	cli_option_fn on_option;
	size_t ctx_size;
};

/* Parses argv, runs the command and returns the exit status. */
int cli_main(const struct cli_program *prog, int argc, char **argv);

/* The synopsis of cmd made from its table, after the command's name: required options bare,
 * the others in brackets, alternatives joined by " | ", then the operands (first when the
 * command is interleaved). Free() it. */
char *cli_synopsis(const struct cli_command *cmd);

/* What `PROGRAM COMMAND --help` prints (cmd NULL: `PROGRAM --help`). */
void cli_print_help(FILE *out, const struct cli_program *prog, const struct cli_command *cmd);

/* Reports a usage error for the command ("PROGRAM COMMAND: message" plus a --help hint,
 * through core/diag, so it is sanitised like every message); returns -1. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a fiscal year argument (FISCAL_YEAR_MIN..FISCAL_YEAR_MAX, core/era.h); reports a
 * usage error and returns -1 if bad. */
int cli_parse_year(const char *arg, int *year);

#endif
