/*
 * commands: the renderer's command functions, one per command of the table in
 * renderer/main.c (as git's cmd_*). Each loads what it needs, calls the library modules and
 * decides the exit status: 0 success, 1 usage, 2 bad input or failure. core/cli has already
 * checked the options (required ones given, values among those listed) before a command runs.
 */
#ifndef SELFCHECK_RENDERER_COMMANDS_H
#define SELFCHECK_RENDERER_COMMANDS_H

#include <stdbool.h>

#include "core/roles.h"
#include "renderer/template.h"

/* The values of chart --metric, by enum template_metric, and of chart --by (categories,
 * items), NULL-terminated. */
extern const char *const RENDERER_METRICS[];
extern const char *const RENDERER_AXES[];

/* Options of every command (zeroed, then filled by the option table). */
struct renderer_options {
	const char *db, *template, *lang, *output, *narratives, *org, *title, *practices;
	const char *agencies, *appendix;   /* report: the agencies' store and appendix file */
	int year, width, height, years;
	int jobs;                          /* report: 0 means as many as the processors, at most 2 */
	enum role_group group;
	bool group_set;
	enum template_metric metric;
	bool by_items, quiet, timings;
};

int cmd_report(void *ctx, int argc, char **argv);
int cmd_chart(void *ctx, int argc, char **argv);
int cmd_check(void *ctx, int argc, char **argv);

#endif
