/* survey: the terminal questionnaire and the collection commands. */
#include "core/cli.h"
#include "core/diag.h"
#include "survey/validate.h"

static int run_validate(void *ctx, int argc, char **argv)
{
	(void)ctx;
	return validate_files(argc, argv);
}

static const struct cli_command commands[] = {
	{
		.name = "validate",
		.synopsis = "FILE...",
		.summary = "check questionnaire files; report every error as FILE:LINE:COL",
		.run = run_validate,
		.min_operands = 1,
		.max_operands = -1,
	},
	{0},
};

static const struct cli_program program = {
	.name = "survey",
	.summary = "Yearly information-security self-check: the questionnaire and its collection.",
	.version = SELFCHECK_VERSION,
	.commands = commands,
};

int main(int argc, char **argv)
{
	return cli_main(&program, argc, argv);
}
