/* renderer: the government-wide annual report, its tables and charts. */
#include "core/cli.h"

static const struct cli_command commands[] = {
	{0},
};

static const struct cli_program program = {
	.name = "renderer",
	.summary = "The government-wide annual self-check report as a PDF, with its tables and charts.",
	.version = SELFCHECK_VERSION,
	.commands = commands,
};

int main(int argc, char **argv)
{
	return cli_main(&program, argc, argv);
}
