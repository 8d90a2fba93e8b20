/* cli: subcommand dispatch, getopt_long from option tables, generated --help and synopses. */
#include "core/cli.h"
#include "core/diag.h"
#include "core/era.h"
#include "core/text.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OPT_HELP 0x10000
/* getopt_long returns OPT_BASE + i for the table's option i. */
#define OPT_BASE 0x101

static const char *current_program = "";
static const char *current_command = "";

const char *const CLI_LANGUAGES[] = {"ja", "en", NULL};

int cli_value_index(const char *const *values, const char *value)
{
	for (int i = 0; value && values[i]; i++)
		if (strcmp(values[i], value) == 0)
			return i;
	return -1;
}

int cli_usage_error(const char *fmt, ...)
{
	char *who = xasprintf("%s%s%s", current_program, *current_command ? " " : "", current_command);
	va_list ap;
	va_start(ap, fmt);
	diag_vusage(who, fmt, ap);
	va_end(ap);
	free(who);
	return -1;
}

int cli_parse_year(const char *arg, int *year)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < FISCAL_YEAR_MIN || v > FISCAL_YEAR_MAX)
		return cli_usage_error("invalid fiscal year '%s' (expected a year such as 2024)", arg);
	*year = (int)v;
	return 0;
}

static bool takes_arg(const struct cli_option *o)
{
	return o->arg || o->values;
}

/* The option's argument: "FILE", or its values "table|csv|json". The list of options shows
 * the values whenever there are some; a synopsis shows the placeholder when there is one
 * (--encoding NAME, whose values are many). */
static void add_placeholder(struct strbuf *sb, const struct cli_option *o, bool in_synopsis)
{
	if (!o->values || (in_synopsis && o->arg)) {
		strbuf_addstr(sb, o->arg ? o->arg : "");
		return;
	}
	for (const char *const *v = o->values; *v; v++) {
		if (v != o->values)
			strbuf_addch(sb, '|');
		strbuf_addstr(sb, *v);
	}
}

/* "a", "a or b", "a, b or c": the values an error message says were expected. */
static char *expected_values(const struct cli_option *o)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (const char *const *v = o->values; *v; v++) {
		if (v != o->values)
			strbuf_addstr(&sb, v[1] ? ", " : " or ");
		strbuf_addstr(&sb, *v);
	}
	return strbuf_detach(&sb);
}

/* The option as the synopsis ("-o FILE", "--person ID...") and the "missing" message
 * ("--person ID", without the mark of repetition) name it. */
static void add_usage_form(struct strbuf *sb, const struct cli_option *o, bool mark_repeatable)
{
	if (o->short_name)
		strbuf_addf(sb, "-%c", o->short_name);
	else
		strbuf_addf(sb, "--%s", o->name);
	if (takes_arg(o)) {
		strbuf_addch(sb, ' ');
		add_placeholder(sb, o, true);
	}
	if (mark_repeatable && (o->flags & CLI_REPEATABLE))
		strbuf_addstr(sb, "...");
}

char *cli_synopsis(const struct cli_command *cmd)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (cmd->interleaved && cmd->operands)
		strbuf_addstr(&sb, cmd->operands);
	const struct cli_option *prev = NULL;
	for (const struct cli_option *o = cmd->options; o && o->name; prev = o, o++) {
		/* An option that follows an alternative joins its brackets; an alternative group is
		 * optional as a whole. */
		bool joins = prev && (prev->flags & CLI_OR_NEXT);
		bool bracketed = joins || (o->flags & CLI_OR_NEXT) || !(o->flags & CLI_REQUIRED);
		if (joins) {
			strbuf_addstr(&sb, " | ");
		} else {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			if (bracketed)
				strbuf_addch(&sb, '[');
		}
		add_usage_form(&sb, o, true);
		if (bracketed && !(o->flags & CLI_OR_NEXT))
			strbuf_addch(&sb, ']');
	}
	if (!cmd->interleaved && cmd->operands) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, cmd->operands);
	}
	return strbuf_detach(&sb);
}

static void print_option_line(FILE *out, const char *left, const char *help)
{
	/* A long left column (an option with many values) puts its help on the next line. */
	if (strlen(left) > 28)
		fprintf(out, "  %s\n  %-28s %s\n", left, "", help);
	else
		fprintf(out, "  %-28s %s\n", left, help);
}

static void print_options(FILE *out, const struct cli_option *opts)
{
	for (const struct cli_option *o = opts; o && o->name; o++) {
		struct strbuf left;
		strbuf_init(&left);
		if (o->short_name)
			strbuf_addf(&left, "-%c, --%s", o->short_name, o->name);
		else
			strbuf_addf(&left, "    --%s", o->name);
		if (takes_arg(o)) {
			strbuf_addch(&left, ' ');
			add_placeholder(&left, o, false);
		}
		print_option_line(out, left.buf, o->help);
		strbuf_release(&left);
	}
	print_option_line(out, "-h, --help", "show this help and exit");
}

/* "survey", or "survey roster import": the words a command's usage starts with. */
static char *usage_words(const struct cli_program *prog, const struct cli_command *cmd)
{
	return cmd == prog->default_command ? xstrdup(prog->name) : xasprintf("%s %s", prog->name, cmd->name);
}

static void command_help(FILE *out, const struct cli_program *prog, const struct cli_command *cmd)
{
	char *words = usage_words(prog, cmd), *synopsis = cli_synopsis(cmd);
	fprintf(out, "Usage: %s%s%s\n\n%s\n\nOptions:\n", words, *synopsis ? " " : "", synopsis, cmd->summary);
	free(words);
	free(synopsis);
	print_options(out, cmd->options);
	if (cmd->details)
		fprintf(out, "\n%s\n", cmd->details);
}

static void program_help(FILE *out, const struct cli_program *prog)
{
	fprintf(out, "Usage: %s COMMAND [OPTIONS] [ARGS]\n", prog->name);
	if (prog->default_command) {
		char *synopsis = cli_synopsis(prog->default_command);
		fprintf(out, "       %s %s\n", prog->name, synopsis);
		free(synopsis);
	}
	fprintf(out, "\n%s\n\nCommands:\n", prog->summary);
	for (const struct cli_command *c = prog->commands; c->name; c++)
		fprintf(out, "  %-18s %s\n", c->name, c->summary);
	fprintf(out, "\nOptions:\n  %-28s %s\n  %-28s %s\n", "-h, --help", "show this help and exit",
		"    --version", "show the version and exit");
	fprintf(out, "\nRun '%s COMMAND --help' for a command's options. "
		"Exit status: 0 success, 1 usage error, 2 bad input or failure.\n", prog->name);
}

void cli_print_help(FILE *out, const struct cli_program *prog, const struct cli_command *cmd)
{
	if (cmd)
		command_help(out, prog, cmd);
	else
		program_help(out, prog);
}

/* Number of argv words the command name takes (1 or 2) when argv matches it, else 0. */
static int matches(const struct cli_command *c, int argc, char **argv)
{
	const char *space = strchr(c->name, ' ');
	if (!space)
		return argc > 0 && strcmp(argv[0], c->name) == 0 ? 1 : 0;
	size_t n = (size_t)(space - c->name);
	if (argc > 1 && strlen(argv[0]) == n && strncmp(argv[0], c->name, n) == 0 &&
	    strcmp(argv[1], space + 1) == 0)
		return 2;
	return 0;
}

/* The value of o's table that arg names (the table's spelling), or NULL after reporting. */
static const char *check_value(const struct cli_option *o, const char *arg)
{
	for (const char *const *v = o->values; *v; v++)
		if ((o->flags & CLI_ANY_CASE) ? strcasecmp(arg, *v) == 0 : strcmp(arg, *v) == 0)
			return *v;
	char *expected = expected_values(o);
	cli_usage_error("invalid --%s '%s' (expected %s)", o->name, arg, expected);
	free(expected);
	return NULL;
}

/* Reports the first required option of cmd that was not given; returns -1 then, else 0. */
static int check_required(const struct cli_command *cmd, const bool *given)
{
	size_t i = 0;
	for (const struct cli_option *o = cmd->options; o && o->name; o++, i++) {
		if ((o->flags & CLI_REQUIRED) && !given[i]) {
			struct strbuf sb;
			strbuf_init(&sb);
			add_usage_form(&sb, o, false);
			cli_usage_error("missing %s", sb.buf);
			strbuf_release(&sb);
			return -1;
		}
	}
	return 0;
}

/* Parses the options of argv into ctx through the command's handler; returns 0, 1 when
 * --help was printed, or -1 after a usage error. *next is the index of the first operand. */
static int parse_options(const struct cli_program *prog, const struct cli_command *cmd, void *ctx, int argc,
			 char **argv, int *next)
{
	size_t nopts = 0;
	for (const struct cli_option *o = cmd->options; o && o->name; o++)
		nopts++;
	struct option *longopts = xcalloc(nopts + 2, sizeof *longopts);
	bool *given = xcalloc(nopts + 1, sizeof *given);
	struct strbuf shortopts;
	strbuf_init(&shortopts);
	strbuf_addstr(&shortopts, cmd->interleaved ? ":h" : "+:h");
	for (size_t i = 0; i < nopts; i++) {
		const struct cli_option *o = &cmd->options[i];
		longopts[i].name = o->name;
		longopts[i].has_arg = takes_arg(o) ? required_argument : no_argument;
		longopts[i].val = OPT_BASE + (int)i;
		if (o->short_name) {
			strbuf_addch(&shortopts, o->short_name);
			if (takes_arg(o))
				strbuf_addch(&shortopts, ':');
		}
	}
	longopts[nopts].name = "help";
	longopts[nopts].val = OPT_HELP;

	int rc = 0;
	/* 0, not 1: glibc then starts afresh, ordering included ("+" or permuting), so that a
	 * process may parse more than one command line (the unit tests do). */
	optind = 0;
	opterr = 0;
	int c;
	while (rc == 0 && (c = getopt_long(argc, argv, shortopts.buf, longopts, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			command_help(stdout, prog, cmd);
			rc = 1;
			break;
		}
		if (c == '?' || c == ':') {
			const char *what = optind > 0 && optind <= argc ? argv[optind - 1] : "";
			if (c == ':')
				cli_usage_error("option '%s' needs an argument", what);
			else if (optopt && optopt < 0x100)
				cli_usage_error("unknown option '-%c'", optopt);
			else
				cli_usage_error("unknown option '%s'", what);
			rc = -1;
			break;
		}
		size_t i = nopts;
		if (c >= OPT_BASE && c < OPT_BASE + (int)nopts)
			i = (size_t)(c - OPT_BASE);
		else
			for (size_t k = 0; k < nopts; k++)
				if (cmd->options[k].short_name == c)
					i = k;
		cli_option_fn on_option = cmd->on_option ? cmd->on_option : prog->on_option;
		if (i == nopts || !on_option)
			DIAG_BUG("option %d of '%s' has no handler", c, cmd->name);
		const struct cli_option *o = &cmd->options[i];
		const char *arg = o->values ? check_value(o, optarg) : optarg;
		if (!arg && o->values) {
			rc = -1;
			break;
		}
		given[i] = true;
		if (on_option(ctx, o->id, arg))
			rc = -1;
	}
	*next = optind;
	int operands = argc - optind;
	if (rc == 0 && operands < cmd->min_operands) {
		char *words = usage_words(prog, cmd), *synopsis = cli_synopsis(cmd);
		cli_usage_error("missing operand (usage: %s %s)", words, synopsis);
		free(words);
		free(synopsis);
		rc = -1;
	}
	if (rc == 0 && cmd->max_operands >= 0 && operands > cmd->max_operands) {
		cli_usage_error("unexpected operand '%s'", argv[optind + cmd->max_operands]);
		rc = -1;
	}
	if (rc == 0)
		rc = check_required(cmd, given);
	free(given);
	free(longopts);
	strbuf_release(&shortopts);
	return rc;
}

static int run_command(const struct cli_program *prog, const struct cli_command *cmd, int argc,
		       char **argv)
{
	size_t ctx_size = cmd->ctx_size ? cmd->ctx_size : prog->ctx_size;
	void *ctx = xcalloc(1, ctx_size ? ctx_size : 1);
	int next;
	int rc = parse_options(prog, cmd, ctx, argc, argv, &next);
	int status = rc > 0 ? DIAG_EXIT_OK : rc < 0 ? DIAG_EXIT_USAGE : cmd->run(ctx, argc - next, argv + next);
	/* Data goes to standard output: a full disk must not end in success with half of it. */
	errno = 0;
	if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)) && status == DIAG_EXIT_OK) {
		diag_error("cannot write standard output: %s (the output is incomplete)",
			   errno ? strerror(errno) : "write error");
		status = DIAG_EXIT_INPUT;
	}
	free(ctx);
	return status;
}

int cli_main(const struct cli_program *prog, int argc, char **argv)
{
	current_program = prog->name;
	current_command = "";
	diag_set_program(prog->name);
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", prog->name, prog->version);
		return DIAG_EXIT_OK;
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		program_help(stdout, prog);
		return DIAG_EXIT_OK;
	}
	for (const struct cli_command *c = prog->commands; c->name; c++) {
		int words = matches(c, argc - 1, argv + 1);
		if (words) {
			current_command = c->name;
			/* getopt sees the command name as argv[0]. */
			return run_command(prog, c, argc - words, argv + words);
		}
	}
	if (prog->default_command && (argc < 2 || argv[1][0] == '-'))
		return run_command(prog, prog->default_command, argc, argv);
	if (argc < 2) {
		program_help(stderr, prog);
		return DIAG_EXIT_USAGE;
	}
	cli_usage_error("unknown command '%s'", argv[1]);
	return DIAG_EXIT_USAGE;
}
