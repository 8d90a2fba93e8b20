/* survey: the terminal questionnaire and the collection commands. */
#include "core/cli.h"
#include "core/diag.h"
#include "core/store.h"
#include "survey/collect.h"
#include "survey/import.h"
#include "survey/roster.h"
#include "survey/session.h"
#include "survey/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options shared by the commands; each command's table says which it accepts. */
enum option_id {
	OPT_DB = 1,
	OPT_YEAR,
	OPT_ORG,
	OPT_NAME,
	OPT_QUESTIONNAIRE,
	OPT_UNIT,
	OPT_BY,
	OPT_PLAIN,
	OPT_PERSON,
	OPT_LANG,
};

struct options {
	const char *db;
	int year;
	const char *org;
	const char *name;
	const char *questionnaire;
	const char *unit;
	enum collect_by by;
	bool plain;
	const char *person;
	const char *lang;
};

static int on_option(void *ctx, int id, const char *arg)
{
	struct options *o = ctx;
	switch (id) {
	case OPT_DB:
		o->db = arg;
		return 0;
	case OPT_YEAR:
		return cli_parse_year(arg, &o->year);
	case OPT_ORG:
		o->org = arg;
		return 0;
	case OPT_NAME:
		o->name = arg;
		return 0;
	case OPT_QUESTIONNAIRE:
		o->questionnaire = arg;
		return 0;
	case OPT_UNIT:
		o->unit = arg;
		return 0;
	case OPT_BY:
		if (strcmp(arg, "role") == 0)
			o->by = COLLECT_BY_ROLE;
		else if (strcmp(arg, "unit") == 0)
			o->by = COLLECT_BY_UNIT;
		else
			return cli_usage_error("invalid --by '%s' (expected role or unit)", arg);
		return 0;
	case OPT_PLAIN:
		o->plain = true;
		return 0;
	case OPT_PERSON:
		o->person = arg;
		return 0;
	case OPT_LANG:
		if (strcmp(arg, "ja") != 0 && strcmp(arg, "en") != 0)
			return cli_usage_error("invalid --lang '%s' (expected ja or en)", arg);
		o->lang = arg;
		return 0;
	}
	return -1;
}

#define OPTION_DB {"db", 0, "FILE", "the ministry store (SQLite)", OPT_DB}
#define OPTION_YEAR {"year", 0, "N", "fiscal year, e.g. 2026", OPT_YEAR}

/* Checks that --db and --year were given. */
static int need_db_year(const struct options *o)
{
	if (!o->db)
		return cli_usage_error("--db FILE is required");
	if (!o->year)
		return cli_usage_error("--year N is required");
	return 0;
}

/* Opens the store for a command; returns NULL after reporting. */
static struct store *open_store(const struct options *o, enum store_mode mode)
{
	struct store *s;
	return store_open(o->db, mode, &s) ? NULL : s;
}

static int run_validate(void *ctx, int argc, char **argv)
{
	(void)ctx;
	return validate_files(argc, argv);
}

static int run_init(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	if (!o->org || !o->name || !o->questionnaire) {
		cli_usage_error("--org CODE, --name NAME and --questionnaire FILE are required");
		return DIAG_EXIT_USAGE;
	}
	return collect_init(o->db, o->org, o->name, o->year, o->questionnaire) ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_roster_import(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? roster_import(s, o->year, argv[0]) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_tokens(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? collect_tokens(s, o->year, o->unit, stdout) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_status(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct store *s = open_store(o, STORE_READONLY);
	int rc = s ? collect_status(s, o->year, o->by, stdout) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_pending(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct store *s = open_store(o, STORE_READONLY);
	int rc = s ? collect_pending(s, o->year, o->unit, stdout) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_import(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct store *s = open_store(o, STORE_EXISTING);
	struct import_result res;
	int rc = s ? import_answers(s, o->year, argv[0], &res) : -1;
	store_close(s);
	if (rc)
		return DIAG_EXIT_INPUT;
	printf("fiscal year %d: %llu answers imported for %llu people; %llu marked submitted\n", o->year, res.rows,
	       res.people, res.submitted);
	return DIAG_EXIT_OK;
}

static int run_close(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? collect_close(s, o->year) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_questionnaire(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct session_options so = {
		.db = o->db,
		.fiscal_year = o->year,
		.plain = o->plain,
		.person = o->person,
		.lang = o->lang,
	};
	return session_run(&so);
}

static const struct cli_option init_options[] = {
	OPTION_DB,
	{"org", 0, "CODE", "organisation code ([a-z0-9_]+, stable across years)", OPT_ORG},
	{"name", 0, "NAME", "organisation name (Japanese)", OPT_NAME},
	OPTION_YEAR,
	{"questionnaire", 0, "FILE", "the questionnaire the year uses", OPT_QUESTIONNAIRE},
	{0},
};

static const struct cli_option db_year_options[] = {OPTION_DB, OPTION_YEAR, {0}};

static const struct cli_option unit_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"unit", 0, "PREFIX", "only people in this unit and the units below it", OPT_UNIT},
	{0},
};

static const struct cli_option status_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"by", 0, "role|unit", "one line per role or per unit, then the total", OPT_BY},
	{0},
};

static const struct cli_option questionnaire_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"plain", 0, NULL, "line mode: one prompt per line (also when stdin or stdout is not a terminal)",
	 OPT_PLAIN},
	{"person", 0, "ID", "log in as ID with the token from the environment variable SURVEY_TOKEN",
	 OPT_PERSON},
	{"lang", 0, "ja|en", "language of the questionnaire (default: from the locale, Japanese when unset)",
	 OPT_LANG},
	{0},
};

static const struct cli_command questionnaire_command = {
	.name = "",
	.synopsis = "--db FILE --year N [--plain] [--person ID] [--lang ja|en]",
	.summary = "answer the self-check questionnaire (full screen, or line mode)",
	.options = questionnaire_options,
	.run = run_questionnaire,
	.on_option = on_option,
	.ctx_size = sizeof(struct options),
	.details = "Keys: 1 implemented, 2 not implemented, 3 not applicable, ? explanation, <- -> (b n) move,\n"
		   "r review, q quit. Every answer is stored as it is given; logging in again resumes at the\n"
		   "first unanswered item. Line mode reads one line per prompt: person id, token, then one\n"
		   "answer per item (1 2 3, b back, ? explanation, q quit), then y to submit.",
};

static const struct cli_command commands[] = {
	{
		.name = "init",
		.synopsis = "--db FILE --org CODE --name NAME --year N --questionnaire FILE",
		.summary = "create the ministry store or add a fiscal year, recording its questionnaire",
		.options = init_options,
		.run = run_init,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
	},
	{
		.name = "roster import",
		.synopsis = "--db FILE --year N ROSTER.csv",
		.summary = "replace the year's roster (person_id,name,unit,role,status), keeping answers",
		.options = db_year_options,
		.run = run_roster_import,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.min_operands = 1,
		.max_operands = 1,
		.details = "Every bad row is reported as FILE:LINE and nothing is imported.",
	},
	{
		.name = "tokens",
		.synopsis = "--db FILE --year N [--unit PREFIX]",
		.summary = "issue fresh login tokens; print person_id,name,unit,token",
		.options = unit_options,
		.run = run_tokens,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.details = "Tokens replace earlier ones; only their SHA-256 is stored, so a lost token is\n"
			   "re-issued, never recovered. Treat the output as secret.",
	},
	{
		.name = "status",
		.synopsis = "--db FILE --year N [--by role|unit]",
		.summary = "targets, submitted, in progress and grasp rate",
		.options = status_options,
		.run = run_status,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
	},
	{
		.name = "pending",
		.synopsis = "--db FILE --year N [--unit PREFIX]",
		.summary = "list who has not submitted: person_id,name,unit,roles",
		.options = unit_options,
		.run = run_pending,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
	},
	{
		.name = "import",
		.synopsis = "--db FILE --year N ANSWERS.csv",
		.summary = "load answers collected elsewhere (person_id,role,item,answer); all or nothing",
		.options = db_year_options,
		.run = run_import,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.min_operands = 1,
		.max_operands = 1,
		.details = "answer: implemented, not_implemented, not_applicable, or 1, 2, 3. A person whose\n"
			   "items are then all answered is marked submitted.",
	},
	{
		.name = "close",
		.synopsis = "--db FILE --year N",
		.summary = "end the collection; later answers are refused",
		.options = db_year_options,
		.run = run_close,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
	},
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
	.default_command = &questionnaire_command,
};

int main(int argc, char **argv)
{
	return cli_main(&program, argc, argv);
}
