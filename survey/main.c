/* survey: the terminal questionnaire and the collection commands. */
#include "core/cli.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/store.h"
#include "survey/activity.h"
#include "survey/collect.h"
#include "survey/csvread.h"
#include "survey/import.h"
#include "survey/msg.h"
#include "survey/roster.h"
#include "survey/session.h"
#include "survey/show.h"
#include "survey/systems.h"
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
	OPT_REPLACE,
	OPT_DRY_RUN,
	OPT_ENCODING,
	OPT_FORCE,
	OPT_MISSING,
	OPT_EXCEL,
	OPT_ANY_YEAR,
	OPT_FORMAT,
	OPT_CHANGED,
	OPT_SYSTEMS,
};

/* How many --person options one command takes. */
#define MAX_PERSONS 1000

struct options {
	const char *db;
	int year;
	const char *org;
	const char *name;
	const char *questionnaire;
	const char *unit;
	enum collect_by by;
	bool plain;
	const char *person;              /* the last --person */
	const char *persons[MAX_PERSONS]; /* every --person, in order */
	size_t person_count;
	const char *lang;
	bool replace, dry_run, force, missing, excel, any_year, changed, systems;
	enum csvread_encoding encoding;
	enum activity_format format;
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
		if (o->person_count == MAX_PERSONS)
			return cli_usage_error("more than %d --person options (use --unit, or run the command again)",
					       MAX_PERSONS);
		o->person = arg;
		o->persons[o->person_count++] = arg;
		return 0;
	case OPT_REPLACE:
		o->replace = true;
		return 0;
	case OPT_DRY_RUN:
		o->dry_run = true;
		return 0;
	case OPT_ENCODING: {
		int e = csvread_encoding_from_name(arg);
		if (e < 0)
			return cli_usage_error("invalid --encoding '%s' (expected utf-8, or cp932 for Shift_JIS)", arg);
		o->encoding = (enum csvread_encoding)e;
		return 0;
	}
	case OPT_FORCE:
		o->force = true;
		return 0;
	case OPT_MISSING:
		o->missing = true;
		return 0;
	case OPT_EXCEL:
		o->excel = true;
		return 0;
	case OPT_ANY_YEAR:
		o->any_year = true;
		return 0;
	case OPT_CHANGED:
		o->changed = true;
		return 0;
	case OPT_SYSTEMS:
		o->systems = true;
		return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "text") == 0)
			o->format = ACTIVITY_TEXT;
		else if (strcmp(arg, "csv") == 0)
			o->format = ACTIVITY_CSV;
		else
			return cli_usage_error("invalid --format '%s' (expected text or csv)", arg);
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
#define OPTION_UNIT {"unit", 0, "PREFIX", "only people in this unit and the units below it", OPT_UNIT}
#define OPTION_EXCEL {"excel", 0, NULL, "CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends", OPT_EXCEL}
#define OPTION_ENCODING                                                                                \
	{"encoding", 0, "NAME", "the file's encoding: utf-8 (default) or cp932 (Shift_JIS; also sjis, shift_jis)", \
	 OPT_ENCODING}

/* Checks that --db and --year were given. */
static int need_db_year(const struct options *o)
{
	if (!o->db)
		return cli_usage_error("--db FILE is required");
	if (!o->year)
		return cli_usage_error("--year N is required");
	return 0;
}

/* The --unit argument in its stored spelling (free() it), or NULL. */
static char *unit_arg(const struct options *o)
{
	return o->unit ? collect_unit_normalize(o->unit) : NULL;
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
	return collect_init(o->db, o->org, o->name, o->year, o->questionnaire, o->any_year) ? DIAG_EXIT_INPUT
											      : DIAG_EXIT_OK;
}

static int run_roster_import(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct roster_options ro = {.replace = o->replace, .dry_run = o->dry_run, .encoding = o->encoding};
	struct store *s = open_store(o, o->dry_run ? STORE_READONLY : STORE_EXISTING);
	int rc = s ? roster_import(s, o->year, argv[0], &ro) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_systems_import(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct systems_options so = {.replace = o->replace, .dry_run = o->dry_run, .encoding = o->encoding};
	struct store *s = open_store(o, o->dry_run ? STORE_READONLY : STORE_EXISTING);
	int rc = s ? systems_import(s, o->year, argv[0], &so) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_systems_answers(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? systems_import_answers(s, o->year, argv[0], o->encoding) : -1;
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
	if (o->person_count && (o->unit || o->missing)) {
		cli_usage_error("--person names the people itself; it cannot be combined with --unit or --missing");
		return DIAG_EXIT_USAGE;
	}
	if (o->force && o->missing) {
		cli_usage_error("--force and --missing contradict each other");
		return DIAG_EXIT_USAGE;
	}
	char *unit = unit_arg(o);
	struct collect_tokens_options to = {
		.unit = unit,
		.persons = o->persons,
		.person_count = o->person_count,
		.force = o->force,
		.missing = o->missing,
		.excel = o->excel,
	};
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? collect_tokens(s, o->year, &to, stdout) : -1;
	store_close(s);
	free(unit);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_status(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	char *unit = unit_arg(o);
	struct store *s = open_store(o, STORE_READONLY);
	int rc = s ? collect_status(s, o->year, o->by, unit, stdout) : -1;
	if (rc == 0)
		rc = systems_status(s, o->year, o->by == COLLECT_BY_UNIT, unit, stdout);
	store_close(s);
	free(unit);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_pending(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	char *unit = unit_arg(o);
	struct store *s = open_store(o, STORE_READONLY);
	int rc = !s ? -1 : o->changed ? collect_changed(s, o->year, unit, o->excel, stdout)
		     : o->systems ? systems_pending(s, o->year, unit, o->excel, stdout)
				      : collect_pending(s, o->year, unit, o->excel, stdout);
	store_close(s);
	free(unit);
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
	int rc = s ? import_answers(s, o->year, argv[0], o->encoding, &res) : -1;
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

static int run_reopen(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? collect_reopen(s, o->year) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_show(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (need_db_year(o))
		return DIAG_EXIT_USAGE;
	if (!o->person_count) {
		cli_usage_error("--person ID is required");
		return DIAG_EXIT_USAGE;
	}
	struct store *s = open_store(o, STORE_READONLY);
	int rc = s ? 0 : -1;
	for (size_t i = 0; s && i < o->person_count; i++) {
		if (i)
			putchar('\n');
		if (show_person(s, o->year, o->persons[i], stdout))
			rc = -1;
	}
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_log(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct options *o = ctx;
	if (!o->db) {
		cli_usage_error("--db FILE is required");
		return DIAG_EXIT_USAGE;
	}
	if (o->excel && o->format != ACTIVITY_CSV) {
		cli_usage_error("--excel goes with --format csv");
		return DIAG_EXIT_USAGE;
	}
	struct store *s = open_store(o, STORE_READONLY);
	int rc = s ? activity_print(s, o->year, o->format, o->excel, stdout) : -1;
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
	{"any-year", 0, NULL, "accept a questionnaire written for another fiscal year than --year", OPT_ANY_YEAR},
	{0},
};

static const struct cli_option db_year_options[] = {OPTION_DB, OPTION_YEAR, {0}};

static const struct cli_option roster_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"replace", 0, NULL, "also remove the people the file does not list (those with answers are kept, marked removed)",
	 OPT_REPLACE},
	{"dry-run", 0, NULL, "list what would change, per person, and write nothing", OPT_DRY_RUN},
	OPTION_ENCODING,
	{0},
};

static const struct cli_option import_options[] = {OPTION_DB, OPTION_YEAR, OPTION_ENCODING, {0}};

static const struct cli_option systems_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"replace", 0, NULL, "also remove the systems the file does not list (those with answers are kept, marked removed)",
	 OPT_REPLACE},
	{"dry-run", 0, NULL, "list what would change, per system, and write nothing", OPT_DRY_RUN},
	OPTION_ENCODING,
	{0},
};

static const struct cli_option tokens_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	OPTION_UNIT,
	{"person", 0, "ID", "only this person (repeatable): re-issues their token, others keep theirs", OPT_PERSON},
	{"force", 0, NULL, "replace the tokens people already have (they stop working)", OPT_FORCE},
	{"missing", 0, NULL, "only people who have no token yet", OPT_MISSING},
	OPTION_EXCEL,
	{0},
};

static const struct cli_option pending_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	OPTION_UNIT,
	{"changed", 0, NULL, "instead, who changed answers after submitting: person_id,name,unit,submitted_at,changed_at",
	 OPT_CHANGED},
	{"systems", 0, NULL, "the systems of the focused inspection not yet answered in full, with their officers",
	 OPT_SYSTEMS},
	OPTION_EXCEL,
	{0},
};

static const struct cli_option status_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"by", 0, "role|unit", "one line per role or per unit, then the total", OPT_BY},
	OPTION_UNIT,
	{0},
};

static const struct cli_option show_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"person", 0, "ID", "the person to show (repeatable)", OPT_PERSON},
	{0},
};

static const struct cli_option log_options[] = {
	OPTION_DB,
	{"year", 0, "N", "only entries of this fiscal year", OPT_YEAR},
	{"format", 0, "text|csv", "one line per entry (default), or CSV", OPT_FORMAT},
	{"excel", 0, NULL, "with --format csv: for Excel (byte-order mark, CRLF line ends)", OPT_EXCEL},
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
	.details = "Keys: 1 implemented, 2 not implemented, 3 not applicable (or Up/Down and Enter), ? explanation,\n"
		   "<- -> (b n) move, PgUp PgDn scroll, r review, q quit. Every answer is stored as it is given;\n"
		   "logging in again resumes at the first unanswered item. Line mode (--plain; also when the\n"
		   "terminal cannot show the full screen) reads one line per prompt: person id, token, then per\n"
		   "item 1 2 3, b back, n next, ? explanation, list, go N, review, help, q quit; then y to submit.\n"
		   "Full-width digits and letters count as their ASCII forms.",
};

static const struct cli_command commands[] = {
	{
		.name = "init",
		.synopsis = "--db FILE --org CODE --name NAME --year N --questionnaire FILE [--any-year]",
		.summary = "create the ministry store or add a fiscal year, recording its questionnaire",
		.options = init_options,
		.run = run_init,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.details = "A questionnaire whose fiscal_year is not --year is refused unless --any-year is given.",
	},
	{
		.name = "roster import",
		.synopsis = "--db FILE --year N [--replace] [--dry-run] [--encoding NAME] ROSTER.csv",
		.summary = "add and update the year's people from a roster CSV; no answer is ever lost",
		.options = roster_options,
		.run = run_roster_import,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.min_operands = 1,
		.max_operands = 1,
		.details = "People in the file are added or updated as the file says; people absent from it are left\n"
			   "alone unless --replace is given. A person or role with answers is never deleted: it is\n"
			   "kept as an excluded target (a person marked removed) and comes back with its answers and\n"
			   "token when a later file lists it again. Every bad row is reported as FILE:LINE and\n"
			   "nothing is imported. Headers may be given in Japanese (職員番号,氏名,所属,役割,状況).",
	},
	{
		.name = "systems import",
		.synopsis = "--db FILE --year N [--replace] [--dry-run] [--encoding NAME] SYSTEMS.csv",
		.summary = "add and update the systems of the focused inspection and their responsible officers",
		.options = systems_options,
		.run = run_systems_import,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.min_operands = 1,
		.max_operands = 1,
		.details = "Columns system_id,name,kind,unit,officer,status (or システムID,名称,種別,所属,責任者,状況): kind is\n"
			   "a kind of system of the year's questionnaire, officer the person id of the officer who answers\n"
			   "for it (on the person roster, with a role to answer). Systems absent from the file are left\n"
			   "alone unless --replace is given; a system with answers is never deleted (it is kept, excluded,\n"
			   "marked removed) and its kind cannot change. Every bad row is reported as FILE:LINE:COL and\n"
			   "nothing is imported.",
	},
	{
		.name = "systems answers",
		.synopsis = "--db FILE --year N [--encoding NAME] ANSWERS.csv",
		.summary = "load answers per system collected elsewhere (system_id,item,answer); all or nothing",
		.options = import_options,
		.run = run_systems_answers,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.min_operands = 1,
		.max_operands = 1,
		.details = "item is an inspection item of the system's kind; answer implemented, not_implemented,\n"
			   "not_applicable, 1, 2, 3 (or 実施, 未実施, 該当なし). A system whose items are then all\n"
			   "answered counts as answered.",
	},
	{
		.name = "tokens",
		.synopsis = "--db FILE --year N [--unit PREFIX | --person ID...] [--force | --missing] [--excel]",
		.summary = "issue login tokens; print person_id,name,unit,token",
		.options = tokens_options,
		.run = run_tokens,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.details = "Only the SHA-256 of a token is stored, so a lost token is re-issued, never recovered.\n"
			   "--person re-issues exactly the named people's tokens. For a unit or the whole year,\n"
			   "people who already have a token keep it: the command refuses unless --force (replace\n"
			   "them) or --missing (only people without one) is given. Treat the output as secret.",
	},
	{
		.name = "status",
		.synopsis = "--db FILE --year N [--by role|unit] [--unit PREFIX]",
		.summary = "targets, submitted, in progress and grasp rate; the systems answered",
		.options = status_options,
		.run = run_status,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
	},
	{
		.name = "pending",
		.synopsis = "--db FILE --year N [--unit PREFIX] [--changed | --systems] [--excel]",
		.summary = "list who has not submitted: person_id,name,unit,roles,progress,last_answer_at",
		.options = pending_options,
		.run = run_pending,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.details = "progress gives each role's answered and total items, e.g. \"division_officer 0/6; staff 12/49\".\n"
			   "--changed lists instead the people who changed answers after their last submission\n"
			   "(the changes count; a new submission gives them a new receipt). Times are local ISO 8601.\n"
			   "With --systems, the systems not yet answered in full instead, by unit and officer:\n"
			   "system_id,name,kind,unit,officer,officer_name,progress,last_answer_at.",
	},
	{
		.name = "show",
		.synopsis = "--db FILE --year N --person ID...",
		.summary = "one person's roles, progress, answers item by item and submissions",
		.options = show_options,
		.run = run_show,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
	},
	{
		.name = "import",
		.synopsis = "--db FILE --year N [--encoding NAME] ANSWERS.csv",
		.summary = "load answers collected elsewhere (person_id,role,item,answer); all or nothing",
		.options = import_options,
		.run = run_import,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
		.min_operands = 1,
		.max_operands = 1,
		.details = "answer: implemented, not_implemented, not_applicable, 1, 2, 3 (or 実施, 未実施, 該当なし).\n"
			   "A person whose items are then all answered is marked submitted.",
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
		.name = "reopen",
		.synopsis = "--db FILE --year N",
		.summary = "undo close: accept answers again",
		.options = db_year_options,
		.run = run_reopen,
		.on_option = on_option,
		.ctx_size = sizeof(struct options),
	},
	{
		.name = "log",
		.synopsis = "--db FILE [--year N] [--format text|csv] [--excel]",
		.summary = "the activity log: time, program, command, fiscal year, detail",
		.options = log_options,
		.run = run_log,
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
	/* Times are shown in the reader's zone; the questionnaire sets it again for --lang. */
	clock_zone_init(msg_default_lang());
	return cli_main(&program, argc, argv);
}
