/* aggregator: rates, grades, exports, tally files, national compile and history. */
#include "core/cli.h"

static const struct cli_command commands[] = {
	{0},
};

static const struct cli_program program = {
	.name = "aggregator",
	.summary = "Self-check rates, attainment and grades; exports; tally exchange and national compile.",
	.version = SELFCHECK_VERSION,
	.commands = commands,
};

int main(int argc, char **argv)
{
	return cli_main(&program, argc, argv);
}
