/* commands: what each renderer command does, from options to exit status. */
#include "renderer/commands.h"
#include "core/cli.h"
#include "core/diag.h"
#include "renderer/appendix.h"
#include "renderer/chart.h"
#include "renderer/chartset.h"
#include "renderer/fontcfg.h"
#include "renderer/label.h"
#include "renderer/pdfdoc.h"
#include "renderer/repdata.h"
#include "renderer/report.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The default template: templates/NAME next to the program (a build tree or an install's
 * share directory), else in the installed data directory. */
const char *const RENDERER_METRICS[] = {[TM_IMPLEMENTATION] = "implementation", [TM_GRASP] = "grasp", NULL};
const char *const RENDERER_AXES[] = {"categories", "items", NULL};

static char *default_template_named(const char *name);

static char *default_template(const char *lang)
{
	return default_template_named(label_is_en(lang) ? "annual-report-en.yaml" : "annual-report.yaml");
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

int cmd_report(void *p, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct renderer_options *o = p;
	double begin_wall, begin_cpu;
	pdfdoc_clocks(&begin_wall, &begin_cpu);
#ifdef __GLIBC__
	/* Writing the PDF allocates and frees large blocks again and again: cairo reads the
	 * Japanese face's 16 MB outline table four times (twice to check it, twice to cut the
	 * subsets) and zlib takes a few hundred kilobytes for each page's stream. By default glibc
	 * maps each such block afresh and returns it at once, so every use faults its pages in
	 * again; kept in the heap until the command ends, they are reused (a tenth of the
	 * report's CPU time). */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
	diag_set_quiet(o->quiet);
	/* the PDF's text is set without hinting (pdfdoc), so it is the same with the two families
	 * alone; a PNG chart (cmd_chart) keeps the machine's setup, whose rules hint its text */
	fontcfg_narrow();
	/* the fonts are set up on another thread while the template and the store are read (in
	 * Japanese's face unless --lang says otherwise: the language of a template given by
	 * --template is known only once it is read, and a wrong guess costs only time) */
	pdfdoc_prepare_fonts(o->lang ? o->lang : "ja");
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
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct report_options ro = {.lang = o->lang, .narrative_dir = o->narratives, .practices = o->practices,
				     .appendix = app, .jobs = o->jobs ? o->jobs : cpus > 1 ? 2 : 1};
	struct report_stats st;
	rc = report_render(t, d, &ro, o->output, &st);
	appendix_free(app);
	if (!rc)
		diag_note("wrote %s: %d pages, %d tables, %d charts, %d narratives", o->output,
			  st.pages, st.tables, st.charts, st.narratives);
	if (!rc && o->timings) {
		double end_wall, end_cpu;
		pdfdoc_clocks(&end_wall, &end_cpu);
		const struct pdfdoc_timings *tm = &st.timings;
		/* load: everything before the PDF is written (the template, the stores, the narratives,
		 * the document's blocks); total: the command, start to end */
		double wall[] = {tm->begin_wall - begin_wall, tm->wall[PDFDOC_LAYOUT], tm->wall[PDFDOC_CHARTS],
				 tm->wall[PDFDOC_FONTS], tm->wall[PDFDOC_WRITE], end_wall - begin_wall};
		double cpu[] = {tm->begin_cpu - begin_cpu, tm->cpu[PDFDOC_LAYOUT], tm->cpu[PDFDOC_CHARTS],
				tm->cpu[PDFDOC_FONTS], tm->cpu[PDFDOC_WRITE], end_cpu - begin_cpu + tm->other_cpu};
		/* Asked for: printed whatever -q says. */
		fprintf(stderr, "renderer: timings: load %.4f s (CPU %.4f s), layout %.4f s (CPU %.4f s),"
			" charts %.4f s (CPU %.4f s), fonts %.4f s (CPU %.4f s), write %.4f s (CPU %.4f s);"
			" total %.4f s (CPU %.4f s); layout %.3f ms of CPU per page (%d pages)\n",
			wall[0], cpu[0], wall[1], cpu[1], wall[2], cpu[2], wall[3], cpu[3], wall[4], cpu[4],
			wall[5], cpu[5], st.pages ? tm->cpu[PDFDOC_LAYOUT] * 1000 / st.pages : 0.0, st.pages);
	}
	repdata_free(d);
	template_free(t);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_chart(void *p, int argc, char **argv)
{
	struct renderer_options *o = p;
	(void)argc;
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
	enum role_group group = o->group_set ? o->group
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

int cmd_check(void *p, int argc, char **argv)
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
