/* survey: the terminal questionnaire and the collection commands. The tables below declare
 * every command and option once (core/cli makes the parsing, the checks and --help from
 * them); survey/commands.c has one function per command. */
#include "core/cli.h"
#include "core/clock.h"
#include "survey/commands.h"
#include "survey/msg.h"

#include <string.h>

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

static int on_option(void *ctx, int id, const char *arg)
{
	struct survey_options *o = ctx;
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
		o->by = strcmp(arg, "unit") == 0 ? COLLECT_BY_UNIT : COLLECT_BY_ROLE;
		return 0;
	case OPT_PLAIN:
		o->plain = true;
		return 0;
	case OPT_PERSON:
		if (o->person_count == SURVEY_MAX_PERSONS)
			return cli_usage_error("more than %d --person options (use --unit, or run the command again)",
					       SURVEY_MAX_PERSONS);
		o->person = arg;
		o->persons[o->person_count++] = arg;
		return 0;
	case OPT_REPLACE:
		o->replace = true;
		return 0;
	case OPT_DRY_RUN:
		o->dry_run = true;
		return 0;
	case OPT_ENCODING:
		o->encoding = (enum csvread_encoding)csvread_encoding_from_name(arg);
		return 0;
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
		o->format = strcmp(arg, "csv") == 0 ? ACTIVITY_CSV : ACTIVITY_TEXT;
		return 0;
	case OPT_LANG:
		o->lang = arg;
		return 0;
	}
	return -1;
}

#define OPTION_DB {"db", 0, "FILE", "the ministry store (SQLite)", .id = OPT_DB, .flags = CLI_REQUIRED}
#define OPTION_YEAR {"year", 0, "N", "fiscal year, e.g. 2026", .id = OPT_YEAR, .flags = CLI_REQUIRED}
#define OPTION_UNIT {"unit", 0, "PREFIX", "only people in this unit and the units below it", .id = OPT_UNIT}
#define OPTION_EXCEL {"excel", 0, NULL, "CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends", .id = OPT_EXCEL}
#define OPTION_ENCODING                                                                                \
	{"encoding", 0, "NAME", "the file's encoding: UTF-8 (the default) or CP932, Shift_JIS, by any of these names", \
	 .id = OPT_ENCODING, .values = CSVREAD_ENCODING_NAMES, .flags = CLI_ANY_CASE}

static const struct cli_option init_options[] = {
	OPTION_DB,
	{"org", 0, "CODE", "organisation code ([a-z0-9_]+, stable across years)", .id = OPT_ORG, .flags = CLI_REQUIRED},
	{"name", 0, "NAME", "organisation name (Japanese)", .id = OPT_NAME, .flags = CLI_REQUIRED},
	OPTION_YEAR,
	{"questionnaire", 0, "FILE", "the questionnaire the year uses", .id = OPT_QUESTIONNAIRE, .flags = CLI_REQUIRED},
	{"any-year", 0, NULL, "accept a questionnaire written for another fiscal year than --year", .id = OPT_ANY_YEAR},
	{0},
};

static const struct cli_option db_year_options[] = {OPTION_DB, OPTION_YEAR, {0}};

static const struct cli_option roster_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"replace", 0, NULL, "also remove the people the file does not list (those with answers are kept, marked removed)",
	 .id = OPT_REPLACE},
	{"dry-run", 0, NULL, "list what would change, per person, and write nothing", .id = OPT_DRY_RUN},
	OPTION_ENCODING,
	{0},
};

static const struct cli_option import_options[] = {OPTION_DB, OPTION_YEAR, OPTION_ENCODING, {0}};

static const struct cli_option systems_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"replace", 0, NULL, "also remove the systems the file does not list (those with answers are kept, marked removed)",
	 .id = OPT_REPLACE},
	{"dry-run", 0, NULL, "list what would change, per system, and write nothing", .id = OPT_DRY_RUN},
	OPTION_ENCODING,
	{0},
};

static const struct cli_option tokens_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"unit", 0, "PREFIX", "only people in this unit and the units below it", .id = OPT_UNIT, .flags = CLI_OR_NEXT},
	{"person", 0, "ID", "only this person (repeatable): re-issues their token, others keep theirs", .id = OPT_PERSON,
	 .flags = CLI_REPEATABLE},
	{"force", 0, NULL, "replace the tokens people already have (they stop working)", .id = OPT_FORCE, .flags = CLI_OR_NEXT},
	{"missing", 0, NULL, "only people who have no token yet", .id = OPT_MISSING},
	OPTION_EXCEL,
	{0},
};

static const struct cli_option pending_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	OPTION_UNIT,
	{"changed", 0, NULL, "instead, who changed answers after submitting: person_id,name,unit,submitted_at,changed_at",
	 .id = OPT_CHANGED, .flags = CLI_OR_NEXT},
	{"systems", 0, NULL, "the systems of the focused inspection not yet answered in full, with their officers",
	 .id = OPT_SYSTEMS},
	OPTION_EXCEL,
	{0},
};

static const struct cli_option status_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"by", 0, NULL, "one line per role or per unit, then the total", .id = OPT_BY, .values = CLI_VALUES("role", "unit")},
	OPTION_UNIT,
	{0},
};

static const struct cli_option show_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"person", 0, "ID", "the person to show (repeatable)", .id = OPT_PERSON, .flags = CLI_REQUIRED | CLI_REPEATABLE},
	{0},
};

static const struct cli_option log_options[] = {
	OPTION_DB,
	{"year", 0, "N", "only entries of this fiscal year", .id = OPT_YEAR},
	{"format", 0, NULL, "text: one line per entry (the default); csv: CSV", .id = OPT_FORMAT, .values = CLI_VALUES("text", "csv")},
	{"excel", 0, NULL, "with --format csv: for Excel (byte-order mark, CRLF line ends)", .id = OPT_EXCEL},
	{0},
};

static const struct cli_option questionnaire_options[] = {
	OPTION_DB,
	OPTION_YEAR,
	{"plain", 0, NULL, "line mode: one prompt per line (also when stdin or stdout is not a terminal)",
	 .id = OPT_PLAIN},
	{"person", 0, "ID", "log in as ID with the token from the environment variable SURVEY_TOKEN",
	 .id = OPT_PERSON},
	{"lang", 0, NULL, "language of the questionnaire (default: from the locale, Japanese when unset)",
	 .id = OPT_LANG, .values = CLI_LANGUAGES},
	{0},
};

static const struct cli_command questionnaire_command = {
	.name = "",
	.summary = "answer the self-check questionnaire (full screen, or line mode)",
	.options = questionnaire_options,
	.run = cmd_questionnaire,
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
		.summary = "create the ministry store or add a fiscal year, recording its questionnaire",
		.options = init_options,
		.run = cmd_init,
		.details = "A questionnaire whose fiscal_year is not --year is refused unless --any-year is given.",
	},
	{
		.name = "roster import",
		.operands = "ROSTER.csv",
		.summary = "add and update the year's people from a roster CSV; no answer is ever lost",
		.options = roster_options,
		.run = cmd_roster_import,
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
		.operands = "SYSTEMS.csv",
		.summary = "add and update the systems of the focused inspection and their responsible officers",
		.options = systems_options,
		.run = cmd_systems_import,
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
		.operands = "ANSWERS.csv",
		.summary = "load answers per system collected elsewhere (system_id,item,answer); all or nothing",
		.options = import_options,
		.run = cmd_systems_answers,
		.min_operands = 1,
		.max_operands = 1,
		.details = "item is an inspection item of the system's kind; answer implemented, not_implemented,\n"
			   "not_applicable, 1, 2, 3 (or 実施, 未実施, 該当なし). A system whose items are then all\n"
			   "answered counts as answered.",
	},
	{
		.name = "tokens",
		.summary = "issue login tokens; print person_id,name,unit,token",
		.options = tokens_options,
		.run = cmd_tokens,
		.details = "Only the SHA-256 of a token is stored, so a lost token is re-issued, never recovered.\n"
			   "--person re-issues exactly the named people's tokens. For a unit or the whole year,\n"
			   "people who already have a token keep it: the command refuses unless --force (replace\n"
			   "them) or --missing (only people without one) is given. Treat the output as secret.",
	},
	{
		.name = "status",
		.summary = "targets, submitted, in progress and grasp rate; the systems answered",
		.options = status_options,
		.run = cmd_status,
	},
	{
		.name = "pending",
		.summary = "list who has not submitted: person_id,name,unit,roles,progress,last_answer_at",
		.options = pending_options,
		.run = cmd_pending,
		.details = "progress gives each role's answered and total items, e.g. \"division_officer 0/6; staff 12/49\".\n"
			   "--changed lists instead the people who changed answers after their last submission\n"
			   "(the changes count; a new submission gives them a new receipt). Times are local ISO 8601.\n"
			   "With --systems, the systems not yet answered in full instead, by unit and officer:\n"
			   "system_id,name,kind,unit,officer,officer_name,progress,last_answer_at.",
	},
	{
		.name = "show",
		.summary = "one person's roles, progress, answers item by item and submissions",
		.options = show_options,
		.run = cmd_show,
	},
	{
		.name = "import",
		.operands = "ANSWERS.csv",
		.summary = "load answers collected elsewhere (person_id,role,item,answer); all or nothing",
		.options = import_options,
		.run = cmd_import,
		.min_operands = 1,
		.max_operands = 1,
		.details = "answer: implemented, not_implemented, not_applicable, 1, 2, 3 (or 実施, 未実施, 該当なし).\n"
			   "A person whose items are then all answered is marked submitted.",
	},
	{
		.name = "close",
		.summary = "end the collection; later answers are refused",
		.options = db_year_options,
		.run = cmd_close,
	},
	{
		.name = "reopen",
		.summary = "undo close: accept answers again",
		.options = db_year_options,
		.run = cmd_reopen,
	},
	{
		.name = "log",
		.summary = "the activity log: time, program, command, fiscal year, detail",
		.options = log_options,
		.run = cmd_log,
	},
	{
		.name = "validate",
		.operands = "FILE...",
		.summary = "check questionnaire files; report every error as FILE:LINE:COL",
		.run = cmd_validate,
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
	.on_option = on_option,
	.ctx_size = sizeof(struct survey_options),
	.default_command = &questionnaire_command,
};

int main(int argc, char **argv)
{
	/* Times are shown in the reader's zone; the questionnaire sets it again for --lang. */
	clock_zone_init(msg_default_lang());
	return cli_main(&program, argc, argv);
}
