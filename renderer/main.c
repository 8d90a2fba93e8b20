/* renderer: the government-wide annual report, its tables and charts. The tables below
 * declare every command and option once (core/cli makes the parsing, the checks and --help
 * from them); renderer/commands.c has one function per command. */
#include "core/cli.h"
#include "renderer/commands.h"
#include "renderer/pdfdoc.h"

#include <stdlib.h>
#include <string.h>

enum {
	OPT_DB, OPT_YEAR, OPT_TEMPLATE, OPT_LANG, OPT_OUTPUT, OPT_NARRATIVES, OPT_ORG, OPT_GROUP,
	OPT_METRIC, OPT_BY, OPT_WIDTH, OPT_HEIGHT, OPT_TITLE, OPT_YEARS, OPT_QUIET, OPT_TIMINGS, OPT_JOBS, OPT_AGENCIES,
	OPT_APPENDIX, OPT_PRACTICES,
};

static int parse_int(const char *arg, const char *what, int min, int max, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || v < min || v > max)
		return cli_usage_error("invalid %s '%s' (expected %d to %d)", what, arg, min, max);
	*out = (int)v;
	return 0;
}

static int on_option(void *p, int id, const char *arg)
{
	struct renderer_options *o = p;
	switch (id) {
	case OPT_DB:
		o->db = arg;
		return 0;
	case OPT_YEAR:
		return cli_parse_year(arg, &o->year);
	case OPT_TEMPLATE:
		o->template = arg;
		return 0;
	case OPT_LANG:
		o->lang = arg;
		return 0;
	case OPT_OUTPUT:
		o->output = arg;
		return 0;
	case OPT_NARRATIVES:
		o->narratives = arg;
		return 0;
	case OPT_PRACTICES:
		o->practices = arg;
		return 0;
	case OPT_AGENCIES:
		o->agencies = arg;
		return 0;
	case OPT_APPENDIX:
		o->appendix = arg;
		return 0;
	case OPT_ORG:
		o->org = arg;
		return 0;
	case OPT_GROUP:
		o->group = (enum role_group)cli_value_index(GROUP_CODES, arg);
		o->group_set = true;
		return 0;
	case OPT_METRIC:
		o->metric = (enum template_metric)cli_value_index(RENDERER_METRICS, arg);
		return 0;
	case OPT_BY:
		o->by_items = strcmp(arg, "items") == 0;
		return 0;
	case OPT_WIDTH:
		return parse_int(arg, "width", 100, 10000, &o->width);
	case OPT_HEIGHT:
		return parse_int(arg, "height", 80, 10000, &o->height);
	case OPT_TITLE:
		o->title = arg;
		return 0;
	case OPT_YEARS:
		return parse_int(arg, "number of years", 2, 10, &o->years);
	case OPT_QUIET:
		o->quiet = true;
		return 0;
	case OPT_TIMINGS:
		o->timings = true;
		return 0;
	case OPT_JOBS:
		return parse_int(arg, "number of processes", 1, 64, &o->jobs);
	}
	return -1;
}

#define REQ .flags = CLI_REQUIRED
#define O_NATIONAL {"db", 0, "NATIONAL", "the national store (aggregator compile)", .id = OPT_DB, REQ}

static const struct cli_option report_options[] = {
	O_NATIONAL,
	{"year", 0, "N", "fiscal year of the report, e.g. 2012", .id = OPT_YEAR, REQ},
	{"template", 0, "FILE", "report template (default: templates/annual-report.yaml, or -en with --lang en)", .id = OPT_TEMPLATE},
	{"lang", 0, NULL, "language of labels and numbers (default: the template's)", .id = OPT_LANG, .values = CLI_LANGUAGES},
	{"narratives", 0, "DIR", "organisations' own texts: DIR/CODE.yaml (Japanese), DIR/CODE.en.yaml (English)", .id = OPT_NARRATIVES},
	{"practices", 0, "FILE", "the year's recommended and other practices (table 2-8), in the report's language", .id = OPT_PRACTICES},
	{"agencies", 0, "STORE", "add the agencies' survey appendix (資料編F) from this store of agencies' tallies", .id = OPT_AGENCIES},
	{"appendix", 0, "FILE", "with --agencies: the appendix's layout (default: templates/agencies-appendix.yaml)", .id = OPT_APPENDIX},
	{"output", 'o', "REPORT.pdf", "where to write the PDF", .id = OPT_OUTPUT, REQ},
	{"quiet", 'q', NULL, "do not print the summary line", .id = OPT_QUIET},
	{"timings", 0, NULL, "print where the report spent its time (load, layout, charts, fonts, write, total)", .id = OPT_TIMINGS},
	{"jobs", 'j', "N", "processes that lay out and paint the pages (default: 2 on a machine with two processors or more, else 1; more than 2 works as 2)", .id = OPT_JOBS},
	{0},
};

static const struct cli_option chart_options[] = {
	O_NATIONAL,
	{"year", 0, "N", "fiscal year, e.g. 2012", .id = OPT_YEAR, REQ},
	{"org", 0, "CODE", "organisation (org_items; answers of one organisation)", .id = OPT_ORG},
	{"group", 0, NULL, "the group drawn (default staff for heatmap and org_items, all otherwise)", .id = OPT_GROUP, .values = GROUP_CODES},
	{"metric", 0, NULL, "the rate drawn by trend and org_bars (default implementation)", .id = OPT_METRIC, .values = RENDERER_METRICS},
	{"by", 0, NULL, "heat map columns (default categories)", .id = OPT_BY, .values = RENDERER_AXES},
	{"years", 0, "N", "years of the trend (default 5)", .id = OPT_YEARS},
	{"lang", 0, NULL, "language of labels (default ja)", .id = OPT_LANG, .values = CLI_LANGUAGES},
	{"title", 0, "TEXT", "replace the chart's title", .id = OPT_TITLE},
	{"width", 0, "N", "width: pixels for PNG, points for SVG/PDF (default 640)", .id = OPT_WIDTH},
	{"height", 0, "N", "height (default: what the chart's rows need)", .id = OPT_HEIGHT},
	{"output", 'o', "FILE", "FILE.svg, FILE.png or FILE.pdf", .id = OPT_OUTPUT, REQ},
	{0},
};

static const struct cli_command commands[] = {
	{
		.name = "report",
		.summary = "write the annual report as a PDF (A4, table of contents, bookmarks, charts)",
		.options = report_options,
		.run = cmd_report,
		.details = "Errors in the template, a narrative or the practices file are reported as FILE:LINE:COL "
			   "and exit with status 2; no PDF is written then.",
	},
	{
		.name = "chart",
		.operands = "KIND",
		.summary = "draw one chart of the report into an SVG, PNG or PDF file",
		.options = chart_options,
		.run = cmd_chart,
		.min_operands = 1,
		.max_operands = 1,
		.interleaved = true,
		.details = "KIND is one of: trend (government-wide rates by group over the years, series\n"
			   "break marked), org_bars (organisations' rates over the A-D bands), heatmap\n"
			   "(organisations x categories or items), grade_matrix (grasp grade x\n"
			   "implementation grade), org_items (one organisation's item rates against the\n"
			   "government-wide values), answers (100% stacked answers per group).",
	},
	{
		.name = "check",
		.operands = "TEMPLATE.yaml...",
		.summary = "check report templates; report every error as FILE:LINE:COL",
		.run = cmd_check,
		.min_operands = 1,
		.max_operands = -1,
	},
	{0},
};

static const struct cli_program program = {
	.name = "renderer",
	.summary = "The government-wide annual self-check report as a PDF, with its tables and charts.",
	.version = SELFCHECK_VERSION,
	.commands = commands,
	.on_option = on_option,
	.ctx_size = sizeof(struct renderer_options),
};

int main(int argc, char **argv)
{
	int status = cli_main(&program, argc, argv);
	pdfdoc_shutdown();
	return status;
}
