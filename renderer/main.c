/* renderer: the government-wide annual report, its tables and charts. */
#include "core/cli.h"
#include "core/diag.h"
#include "renderer/chart.h"
#include "renderer/chartset.h"
#include "renderer/pdfdoc.h"
#include "renderer/repdata.h"
#include "renderer/report.h"
#include "renderer/template.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_DB, OPT_YEAR, OPT_TEMPLATE, OPT_LANG, OPT_OUTPUT, OPT_NARRATIVES, OPT_ORG, OPT_GROUP,
	OPT_METRIC, OPT_BY, OPT_WIDTH, OPT_HEIGHT, OPT_TITLE, OPT_YEARS, OPT_QUIET, OPT_TIMINGS, OPT_AGENCIES,
	OPT_APPENDIX, OPT_PRACTICES,
};

struct opts {
	const char *db, *template, *lang, *output, *narratives, *org, *title, *practices;
	const char *agencies, *appendix;   /* report: the agencies' store and appendix file */
	int year, width, height, years;
	int group;          /* -1 unset */
	bool group_set;
	enum template_metric metric;
	bool by_items, quiet, timings;
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
	struct opts *o = p;
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
		if (strcmp(arg, "ja") && strcmp(arg, "en"))
			return cli_usage_error("invalid language '%s' (expected ja or en)", arg);
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
	case OPT_GROUP: {
		int g = group_from_code(arg);
		if (g < 0)
			return cli_usage_error("invalid group '%s' (expected officers, system_officers, staff, others or all)", arg);
		o->group = g;
		o->group_set = true;
		return 0;
	}
	case OPT_METRIC:
		if (!strcmp(arg, "grasp"))
			o->metric = TM_GRASP;
		else if (!strcmp(arg, "implementation"))
			o->metric = TM_IMPLEMENTATION;
		else
			return cli_usage_error("invalid metric '%s' (expected grasp or implementation)", arg);
		return 0;
	case OPT_BY:
		if (!strcmp(arg, "items"))
			o->by_items = true;
		else if (strcmp(arg, "categories"))
			return cli_usage_error("invalid axis '%s' (expected categories or items)", arg);
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
	}
	return -1;
}

static int need_common(const struct opts *o)
{
	if (!o->db)
		return cli_usage_error("missing --db NATIONAL");
	if (!o->year)
		return cli_usage_error("missing --year N");
	if (!o->output)
		return cli_usage_error("missing -o FILE");
	return 0;
}

/* The default template: templates/NAME next to the program (a build tree or an install's
 * share directory), else in the installed data directory. */
static char *default_template_named(const char *name);

static char *default_template(const char *lang)
{
	return default_template_named(lang && !strcmp(lang, "en") ? "annual-report-en.yaml" : "annual-report.yaml");
}

static char *default_template_named(const char *name)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			char *p = xasprintf("%s/../templates/%s", exe, name);
			if (access(p, R_OK) == 0)
				return p;
			free(p);
			p = xasprintf("%s/../share/selfcheck/templates/%s", exe, name);
			if (access(p, R_OK) == 0)
				return p;
			free(p);
		}
	}
	return xasprintf("%s/templates/%s", SELFCHECK_DATADIR, name);
}

static int run_report(void *p, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct opts *o = p;
	if (need_common(o))
		return DIAG_EXIT_USAGE;
	diag_set_quiet(o->quiet);
	char *path = o->template ? xstrdup(o->template) : default_template(o->lang);
	struct template *t;
	int rc = template_load_file(path, &t);
	free(path);
	if (rc)
		return DIAG_EXIT_INPUT;
	struct repdata *d;
	if (repdata_load(o->db, o->year, report_trend_years(t), &d)) {
		template_free(t);
		return DIAG_EXIT_INPUT;
	}
	struct appendix *app = NULL;
	if (o->appendix && !o->agencies) {
		cli_usage_error("--appendix needs --agencies (the agencies' store)");
		repdata_free(d);
		template_free(t);
		return DIAG_EXIT_USAGE;
	}
	if (o->agencies) {
		char *spec = o->appendix ? xstrdup(o->appendix) : default_template_named("agencies-appendix.yaml");
		rc = appendix_load(spec, o->agencies, o->year, &app);
		free(spec);
		if (rc) {
			repdata_free(d);
			template_free(t);
			return DIAG_EXIT_INPUT;
		}
	}
	struct report_options ro = {.lang = o->lang, .narrative_dir = o->narratives, .practices = o->practices,
				     .appendix = app};
	struct report_stats st;
	rc = report_render(t, d, &ro, o->output, &st);
	appendix_free(app);
	if (!rc)
		diag_note("wrote %s: %d pages, %d tables, %d charts, %d narratives", o->output,
			  st.pages, st.tables, st.charts, st.narratives);
	if (!rc && o->timings) {
		const struct pdfdoc_timings *tm = &st.timings;
		/* Asked for: printed whatever -q says. */
		fprintf(stderr, "renderer: timings: layout %.4f s (CPU %.4f s), painting %.4f s (CPU %.4f s),"
			" finishing %.4f s (CPU %.4f s); layout %.3f ms of CPU per page (%d pages)\n",
			tm->wall[PDFDOC_LAYOUT], tm->cpu[PDFDOC_LAYOUT], tm->wall[PDFDOC_PAINT], tm->cpu[PDFDOC_PAINT],
			tm->wall[PDFDOC_FINISH], tm->cpu[PDFDOC_FINISH],
			st.pages ? tm->cpu[PDFDOC_LAYOUT] * 1000 / st.pages : 0.0, st.pages);
	}
	repdata_free(d);
	template_free(t);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_chart(void *p, int argc, char **argv)
{
	struct opts *o = p;
	(void)argc;
	if (need_common(o))
		return DIAG_EXIT_USAGE;
	int kind = template_chart_from_name(argv[0]);
	if (kind < 0) {
		cli_usage_error("unknown chart kind '%s' (expected trend, org_bars, heatmap, grade_matrix, org_items or answers)", argv[0]);
		return DIAG_EXIT_USAGE;
	}
	if (kind == TC_ORG_ITEMS && !o->org) {
		cli_usage_error("chart org_items needs --org CODE");
		return DIAG_EXIT_USAGE;
	}
	int format = chart_format_from_path(o->output);
	if (format < 0) {
		cli_usage_error("cannot tell the format of '%s' (expected a name ending in .svg, .png or .pdf)", o->output);
		return DIAG_EXIT_USAGE;
	}
	struct repdata *d;
	if (repdata_load(o->db, o->year, o->years ? o->years : 5, &d))
		return DIAG_EXIT_INPUT;
	enum role_group group = o->group_set ? (enum role_group)o->group
				: kind == TC_ORG_ITEMS || kind == TC_HEATMAP ? GROUP_STAFF : GROUP_ALL;
	struct chartset_options co = {
		.kind = (enum template_chart)kind, .metric = o->metric, .group = group,
		.by_items = o->by_items, .org = o->org, .lang = o->lang ? o->lang : "ja",
		.title = o->title, .years = o->years ? o->years : 5,
	};
	struct chartset *cs;
	int rc = chartset_build(d, &co, &cs);
	if (!rc) {
		double w = o->width ? o->width : 640;
		double h = o->height ? o->height : chartset_natural_height(cs, w);
		rc = chart_write_file(o->output, (enum chart_format)format, w, h, chartset_draw, cs);
		chartset_free(cs);
	}
	repdata_free(d);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static int run_check(void *p, int argc, char **argv)
{
	(void)p;
	int bad = 0;
	for (int i = 0; i < argc; i++) {
		struct template *t;
		if (template_load_file(argv[i], &t)) {
			bad++;
			continue;
		}
		template_free(t);
	}
	return bad ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

static const struct cli_option report_options[] = {
	{"db", 0, "NATIONAL", "the national store (aggregator compile)", OPT_DB},
	{"year", 0, "N", "fiscal year of the report, e.g. 2012", OPT_YEAR},
	{"template", 0, "FILE", "report template (default: templates/annual-report.yaml, or -en with --lang en)", OPT_TEMPLATE},
	{"lang", 0, "ja|en", "language of labels and numbers (default: the template's)", OPT_LANG},
	{"narratives", 0, "DIR", "organisations' own texts: DIR/CODE.yaml (Japanese), DIR/CODE.en.yaml (English)", OPT_NARRATIVES},
	{"practices", 0, "FILE", "the year's recommended and other practices (table 2-8), in the report's language", OPT_PRACTICES},
	{"agencies", 0, "STORE", "add the agencies' survey appendix (資料編F) from this store of agencies' tallies", OPT_AGENCIES},
	{"appendix", 0, "FILE", "the appendix's layout (default: templates/agencies-appendix.yaml)", OPT_APPENDIX},
	{"output", 'o', "REPORT.pdf", "where to write the PDF", OPT_OUTPUT},
	{"quiet", 'q', NULL, "do not print the summary line", OPT_QUIET},
	{"timings", 0, NULL, "print where writing the PDF spent its time (layout, painting, finishing)", OPT_TIMINGS},
	{0},
};

static const struct cli_option chart_options[] = {
	{"db", 0, "NATIONAL", "the national store (aggregator compile)", OPT_DB},
	{"year", 0, "N", "fiscal year, e.g. 2012", OPT_YEAR},
	{"org", 0, "CODE", "organisation (org_items; answers of one organisation)", OPT_ORG},
	{"group", 0, "GROUP", "officers, system_officers, staff or all", OPT_GROUP},
	{"metric", 0, "M", "grasp or implementation (trend, org_bars; default implementation)", OPT_METRIC},
	{"by", 0, "AXIS", "heat map columns: categories (default) or items", OPT_BY},
	{"years", 0, "N", "years of the trend (default 5)", OPT_YEARS},
	{"lang", 0, "ja|en", "language of labels (default ja)", OPT_LANG},
	{"title", 0, "TEXT", "replace the chart's title", OPT_TITLE},
	{"width", 0, "N", "width: pixels for PNG, points for SVG/PDF (default 640)", OPT_WIDTH},
	{"height", 0, "N", "height (default: what the chart's rows need)", OPT_HEIGHT},
	{"output", 'o', "FILE", "FILE.svg, FILE.png or FILE.pdf", OPT_OUTPUT},
	{0},
};

static const struct cli_command commands[] = {
	{
		.name = "report",
		.synopsis = "--db NATIONAL --year N [--template FILE] [--lang ja|en] [--narratives DIR] [--practices FILE] [--agencies STORE [--appendix FILE]] -o REPORT.pdf",
		.summary = "write the annual report as a PDF (A4, table of contents, bookmarks, charts)",
		.options = report_options,
		.run = run_report,
		.on_option = on_option,
		.ctx_size = sizeof(struct opts),
		.details = "Errors in the template, a narrative or the practices file are reported as FILE:LINE:COL "
			   "and exit with status 2; no PDF is written then.",
	},
	{
		.name = "chart",
		.synopsis = "KIND --db NATIONAL --year N [--org CODE] [options] -o FILE.svg|FILE.png|FILE.pdf",
		.summary = "draw one chart of the report into an SVG, PNG or PDF file",
		.options = chart_options,
		.run = run_chart,
		.on_option = on_option,
		.ctx_size = sizeof(struct opts),
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
		.synopsis = "TEMPLATE.yaml...",
		.summary = "check report templates; report every error as FILE:LINE:COL",
		.run = run_check,
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
};


int main(int argc, char **argv)
{
	int status = cli_main(&program, argc, argv);
	pdfdoc_shutdown();
	return status;
}
