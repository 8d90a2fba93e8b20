/* cli: subcommand dispatch, getopt_long from option tables, generated --help. */
#include "core/cli.h"
#include "core/diag.h"
#include "core/text.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define OPT_HELP 0x10000

static const char *current_program = "";
static const char *current_command = "";

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s%s%s: ", current_program, *current_command ? " " : "", current_command);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fprintf(stderr, "Try '%s%s%s --help' for more information.\n", current_program,
		*current_command ? " " : "", current_command);
	va_end(ap);
	return -1;
}

int cli_parse_year(const char *arg, int *year)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || v < 1989 || v > 2200)
		return cli_usage_error("invalid fiscal year '%s' (expected a year such as 2024)", arg);
	*year = (int)v;
	return 0;
}

static void print_options(FILE *out, const struct cli_option *opts)
{
	for (const struct cli_option *o = opts; o && o->name; o++) {
		char left[96];
		if (o->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", "show this help and exit");
}

static void command_help(FILE *out, const struct cli_program *prog, const struct cli_command *cmd)
{
	bool is_default = cmd == prog->default_command;
	fprintf(out, "Usage: %s%s%s %s\n\n%s\n\nOptions:\n", prog->name, is_default ? "" : " ",
		is_default ? "" : cmd->name, cmd->synopsis ? cmd->synopsis : "", cmd->summary);
	print_options(out, cmd->options);
	if (cmd->details)
		fprintf(out, "\n%s\n", cmd->details);
}

static void program_help(FILE *out, const struct cli_program *prog)
{
	fprintf(out, "Usage: %s COMMAND [OPTIONS] [ARGS]\n", prog->name);
	if (prog->default_command)
		fprintf(out, "       %s %s\n", prog->name, prog->default_command->synopsis);
	fprintf(out, "\n%s\n\nCommands:\n", prog->summary);
	for (const struct cli_command *c = prog->commands; c->name; c++)
		fprintf(out, "  %-18s %s\n", c->name, c->summary);
	fprintf(out, "\nOptions:\n  %-28s %s\n  %-28s %s\n", "-h, --help", "show this help and exit",
		"    --version", "show the version and exit");
	fprintf(out, "\nRun '%s COMMAND --help' for a command's options. "
		"Exit status: 0 success, 1 usage error, 2 bad input or failure.\n", prog->name);
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

static int run_command(const struct cli_program *prog, const struct cli_command *cmd, int argc,
		       char **argv)
{
	size_t nopts = 0;
	for (const struct cli_option *o = cmd->options; o && o->name; o++)
		nopts++;
	struct option *longopts = xcalloc(nopts + 2, sizeof *longopts);
	struct strbuf shortopts;
	strbuf_init(&shortopts);
	strbuf_addstr(&shortopts, cmd->interleaved ? ":h" : "+:h");
	for (size_t i = 0; i < nopts; i++) {
		const struct cli_option *o = &cmd->options[i];
		longopts[i].name = o->name;
		longopts[i].has_arg = o->arg ? required_argument : no_argument;
		longopts[i].val = (int)(i + 1) + 0x100;
		if (o->short_name) {
			strbuf_addch(&shortopts, o->short_name);
			if (o->arg)
				strbuf_addch(&shortopts, ':');
		}
	}
	longopts[nopts].name = "help";
	longopts[nopts].val = OPT_HELP;

	void *ctx = xcalloc(1, cmd->ctx_size ? cmd->ctx_size : 1);
	int status = DIAG_EXIT_OK;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, shortopts.buf, longopts, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			command_help(stdout, prog, cmd);
			goto done;
		}
		if (c == '?' || c == ':') {
			const char *what = optind > 0 && optind <= argc ? argv[optind - 1] : "";
			if (c == ':')
				cli_usage_error("option '%s' needs an argument", what);
			else if (optopt && optopt < 0x100)
				cli_usage_error("unknown option '-%c'", optopt);
			else
				cli_usage_error("unknown option '%s'", what);
			status = DIAG_EXIT_USAGE;
			goto done;
		}
		const struct cli_option *o = NULL;
		if (c > 0x100 && c <= 0x100 + (int)nopts)
			o = &cmd->options[c - 0x101];
		else
			for (size_t i = 0; i < nopts; i++)
				if (cmd->options[i].short_name == c)
					o = &cmd->options[i];
		if (!o || !cmd->on_option || cmd->on_option(ctx, o->id, optarg)) {
			status = DIAG_EXIT_USAGE;
			goto done;
		}
	}
	int operands = argc - optind;
	if (operands < cmd->min_operands) {
		cli_usage_error("missing operand (usage: %s %s %s)", prog->name, cmd->name, cmd->synopsis);
		status = DIAG_EXIT_USAGE;
		goto done;
	}
	if (cmd->max_operands >= 0 && operands > cmd->max_operands) {
		cli_usage_error("unexpected operand '%s'", argv[optind + cmd->max_operands]);
		status = DIAG_EXIT_USAGE;
		goto done;
	}
	status = cmd->run(ctx, operands, argv + optind);
	/* Data goes to standard output: a full disk must not end in success with half of it. */
	errno = 0;
	if ((fflush(stdout) != 0 || ferror(stdout)) && status == DIAG_EXIT_OK) {
		diag_error("cannot write standard output: %s (the output is incomplete)",
			   errno ? strerror(errno) : "write error");
		status = DIAG_EXIT_INPUT;
	}
done:
	free(ctx);
	free(longopts);
	strbuf_release(&shortopts);
	return status;
}

int cli_main(const struct cli_program *prog, int argc, char **argv)
{
	current_program = prog->name;
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
