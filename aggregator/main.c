/* aggregator: rates, grades, exports, tally files, national compile and history. The tables
 * below declare every command and option once (core/cli makes the parsing, the checks and
 * --help from them); aggregator/commands.c has one function per command. */
#include "aggregator/commands.h"
#include "core/cli.h"
#include "core/org.h"

enum {
	OPT_DB = 1, OPT_YEAR, OPT_BY, OPT_FORMAT, OPT_WEIGHTING, OPT_LANG, OPT_THRESHOLDS, OPT_OUTPUT,
	OPT_XLSX, OPT_QUESTIONNAIRE, OPT_FROM, OPT_TO, OPT_METHOD, OPT_ORG, OPT_REPLACE, OPT_VERIFY, OPT_KIND, OPT_SUPERVISOR,
};

#define REQ .flags = CLI_REQUIRED
#define O_DB {"db", 0, "FILE", "the store (SQLite file)", .id = OPT_DB, REQ}
#define O_NATIONAL {"db", 0, "NATIONAL", "the national store (SQLite file)", .id = OPT_DB, REQ}
#define O_YEAR {"year", 0, "N", "fiscal year (April N to March N+1)", .id = OPT_YEAR, REQ}
#define O_THRESHOLDS {"thresholds", 0, "A,B,C", "grade thresholds in percent (default 100,80,60)", .id = OPT_THRESHOLDS}
#define O_WEIGHTING {"weighting", 0, NULL, "government-wide values: the mean over organisations (unweighted, the default) or pooled counts (headcount)", .id = OPT_WEIGHTING, .values = AGG_WEIGHTINGS}
#define O_METHOD {"method", 0, NULL, "how an organisation's rates as a whole are computed: nisc (each subject once, each person once) or pooled (every answer pooled); default: the method recorded for the year", .id = OPT_METHOD, .values = RATE_METHOD_CODES}
#define O_SET_METHOD {"method", 0, NULL, "record the year's method (see 'rates'); without it the year keeps its method, nisc for a new year", .id = OPT_METHOD, .values = RATE_METHOD_CODES}
#define O_LANG {"lang", 0, NULL, "headings of tables (default ja)", .id = OPT_LANG, .values = CLI_LANGUAGES}
#define O_FORMAT {"format", 0, NULL, "how rows are printed (default table)", .id = OPT_FORMAT, .values = AGG_FORMATS}

static const struct cli_option tally_options[] = {
	O_DB, O_YEAR, O_SET_METHOD,
	{"verify", 0, NULL, "recount in memory and compare with the counts the store keeps; print each difference, change nothing (exit status 1 on a difference)", .id = OPT_VERIFY},
	{0},
};
static const struct cli_option rates_options[] = {
	O_DB, O_YEAR,
	{"by", 0, NULL, "what the rows are (default group)", .id = OPT_BY, .values = AGG_BYS},
	{"kind", 0, "KIND", "--by choice: only organisations of this kind", .id = OPT_KIND, .values = ORG_KINDS},
	{"supervisor", 0, "CODE", "--by choice: only the bodies this ministry supervises", .id = OPT_SUPERVISOR},
	O_FORMAT, O_METHOD, O_WEIGHTING, O_LANG, O_THRESHOLDS, {0},
};
static const struct cli_option grades_options[] = {
	O_DB, O_YEAR, {"format", 0, NULL, "how rows are printed (default table)", .id = OPT_FORMAT, .values = CLI_VALUES("table", "csv")},
	O_METHOD, O_WEIGHTING, O_LANG, O_THRESHOLDS, {0},
};
static const struct cli_option export_options[] = {
	O_DB, O_YEAR, {"xlsx", 0, "OUT.xlsx", "the workbook to write", .id = OPT_XLSX, REQ}, O_METHOD, O_THRESHOLDS, {0},
};
static const struct cli_option submit_options[] = {
	O_DB, O_YEAR, {"output", 'o', "TALLY.yaml", "the tally file to write", .id = OPT_OUTPUT, REQ}, {0},
};
static const struct cli_option compile_options[] = {
	O_NATIONAL, O_YEAR,
	{"questionnaire", 0, "FILE", "the year's questionnaire (needed the first time a year is compiled)", .id = OPT_QUESTIONNAIRE},
	O_SET_METHOD,
	{"replace", 0, NULL, "let a file replace a tally its organisation code holds under another name or questionnaire", .id = OPT_REPLACE},
	{0},
};
static const struct cli_option history_options[] = {O_NATIONAL, {0}};
static const struct cli_option trend_options[] = {
	O_NATIONAL, {"from", 0, "Y1", "first fiscal year", .id = OPT_FROM, REQ}, {"to", 0, "Y2", "last fiscal year", .id = OPT_TO, REQ},
	{"org", 0, "CODE", "one organisation against its previous years instead of the government-wide rows", .id = OPT_ORG},
	O_FORMAT, O_METHOD, O_WEIGHTING, O_LANG, O_THRESHOLDS, {0},
};

static int on_option(void *ctx, int id, const char *arg)
{
	struct agg_options *o = ctx;
	switch (id) {
	case OPT_DB: o->db = arg; return 0;
	case OPT_YEAR: return cli_parse_year(arg, &o->year);
	case OPT_FROM: return cli_parse_year(arg, &o->from);
	case OPT_TO: return cli_parse_year(arg, &o->to);
	case OPT_BY: o->by = (enum agg_by)cli_value_index(AGG_BYS, arg); return 0;
	case OPT_FORMAT: o->format = (enum agg_format)cli_value_index(AGG_FORMATS, arg); return 0;
	case OPT_WEIGHTING: o->weighting = (enum ratetab_weighting)cli_value_index(AGG_WEIGHTINGS, arg); return 0;
	case OPT_METHOD:
		o->has_method = true;
		o->method = (enum rate_method)cli_value_index(RATE_METHOD_CODES, arg);
		return 0;
	case OPT_ORG: o->org = arg; return 0;
	case OPT_KIND: o->kind = arg; return 0;
	case OPT_SUPERVISOR: o->supervisor = arg; return 0;
	case OPT_REPLACE: o->replace = true; return 0;
	case OPT_VERIFY: o->verify = true; return 0;
	case OPT_LANG: o->lang = arg; return 0;
	case OPT_OUTPUT: o->output = arg; return 0;
	case OPT_XLSX: o->xlsx = arg; return 0;
	case OPT_QUESTIONNAIRE: o->questionnaire = arg; return 0;
	case OPT_THRESHOLDS:
		o->has_scale = true;
		if (rate_scale_parse(arg, &o->scale))
			return cli_usage_error("invalid thresholds '%s' (expected three descending percentages such as 100,80,60)", arg);
		return 0;
	}
	return -1;
}

static const struct cli_command commands[] = {
	{.name = "tally", .summary = "recount the year's submitted answers into the tally the store keeps",
	 .options = tally_options, .run = cmd_tally, .max_operands = 0,
	 .details = "A ministry store keeps its tally current as the answers arrive: every answer, submission,\n"
		    "import and roster change updates the counts in its own transaction, so the outputs need no\n"
		    "tally first. 'tally' recounts everything from the answers and rewrites the counts.\n"
		    "--verify recounts in memory and compares: each difference between the counts kept and the\n"
		    "recount is printed, and the exit status is 1 when there is one (0 when they agree)."},
	{.name = "rates", .summary = "grasp and implementation rates, grades and attainment",
	 .options = rates_options, .run = cmd_rates, .max_operands = 0,
	 .details = "Rates print with one decimal (rounded half up, never up to a grade threshold the rate has not\n"
		    "reached); undefined values are empty in csv and null in json. Rows with organisation ALL are\n"
		    "government-wide: the mean over organisations by default, pooled counts with --weighting headcount.\n"
		    "--by unit (ministry stores) rates each bureau or division of the roster; its ALL rows pool\n"
		    "every unit, which gives the ministry's own totals.\n"
		    "--by inspection gives the focused inspection: per organisation and inspection item the systems of\n"
		    "its kind, the three counts and the rate as a whole percent (rounded half up); its ALL rows pool\n"
		    "the systems of every organisation (the share of all systems), whatever --weighting says.\n"
		    "--by choice gives choice items: per organisation, item and option the respondents who picked\n"
		    "the option (count), N (the answers to the item: respondents for a single choice, picks for a\n"
		    "multiple choice) and the share in whole percent (rounded half up); its ALL rows pool the\n"
		    "organisations selected by --kind and --supervisor (all of them by default).\n"
		    "Under method nisc an organisation's 'all' row counts persons: targets are the persons who owe\n"
		    "at least one sheet, submitted those who submitted every sheet, the grasp rate their ratio; its\n"
		    "implementation rate is the mean over its roles of the three subject groups. Values a tally\n"
		    "file of format /1 does not carry are empty. A ministry store's outputs read the tally it keeps\n"
		    "current; should it not be (a store written by an earlier version), they recount it first, or\n"
		    "on a store they cannot write say to run 'aggregator tally'."},
	{.name = "grades", .summary = "the ministry grade table (rates and grades of each organisation as a whole)",
	 .options = grades_options, .run = cmd_grades, .max_operands = 0},
	{.name = "export", .summary = "write a workbook: summary, items, units, non-respondents and a chart",
	 .options = export_options, .run = cmd_export, .max_operands = 0},
	{.name = "submit", .summary = "write the tally file to send to the national centre (counts only)",
	 .options = submit_options, .run = cmd_submit, .max_operands = 0},
	{.name = "compile", .operands = "TALLY.yaml...", .summary = "check tally files and store them in the national store, all or none",
	 .options = compile_options, .run = cmd_compile, .min_operands = 1, .max_operands = -1},
	{.name = "history import", .operands = "HISTORY.yaml", .summary = "load published rates of past years (docs/history-format.md)",
	 .options = history_options, .run = cmd_history_import, .min_operands = 1, .max_operands = 1},
	{.name = "trend", .summary = "government-wide rates by group over the years (or one organisation's), with series breaks",
	 .options = trend_options, .run = cmd_trend, .max_operands = 0,
	 .details = "Each year is computed from the tallies where the store has them (by the method recorded for\n"
		    "the year, or --method), and taken from the published history otherwise. A series break is\n"
		    "marked before a year the history declares one for, and between two years with values that\n"
		    "differ in method; its note follows the table.\n"
		    "With --org CODE, one organisation: per year and group its grasp and implementation rates,\n"
		    "grades and attainment of items and of persons at 100/95/90, from its own tally or its\n"
		    "history rows; the column source says tally, history or none (nothing known), method the\n"
		    "year's method, series_break 'before' after a break. An organisation the store does not\n"
		    "know is an error (exit status 2). --weighting has no effect on one organisation."},
	{0},
};

static const struct cli_program program = {
	.name = "aggregator",
	.summary = "Self-check rates, attainment and grades; exports; tally exchange and national compile.",
	.version = SELFCHECK_VERSION,
	.commands = commands,
	.on_option = on_option,
	.ctx_size = sizeof(struct agg_options),
};

int main(int argc, char **argv)
{
	return cli_main(&program, argc, argv);
}
