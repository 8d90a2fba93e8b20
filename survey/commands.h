/*
 * commands: the survey's command functions, one per command of the table in survey/main.c
 * (as git's cmd_*). Each opens what it needs, calls the library modules and decides the exit
 * status: 0 success, 1 usage, 2 bad input or failure. core/cli has already checked the
 * options (required ones given, values among those listed) before a command runs.
 */
#ifndef SELFCHECK_SURVEY_COMMANDS_H
#define SELFCHECK_SURVEY_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "survey/activity.h"
#include "survey/collect.h"
#include "survey/csvread.h"

/* How many --person options one command takes. */
#define SURVEY_MAX_PERSONS 1000

/* Options of every command (zeroed, then filled by the option table). */
struct survey_options {
	const char *db;
	int year;
	const char *org;
	const char *name;
	const char *questionnaire;
	const char *unit;
	enum collect_by by;
	bool plain;
	const char *person;                       /* the last --person */
	const char *persons[SURVEY_MAX_PERSONS];  /* every --person, in order */
	size_t person_count;
	const char *lang;
	bool replace, dry_run, force, missing, excel, any_year, changed, systems;
	enum csvread_encoding encoding;
	enum activity_format format;
};

int cmd_questionnaire(void *ctx, int argc, char **argv);
int cmd_init(void *ctx, int argc, char **argv);
int cmd_roster_import(void *ctx, int argc, char **argv);
int cmd_systems_import(void *ctx, int argc, char **argv);
int cmd_systems_answers(void *ctx, int argc, char **argv);
int cmd_tokens(void *ctx, int argc, char **argv);
int cmd_status(void *ctx, int argc, char **argv);
int cmd_pending(void *ctx, int argc, char **argv);
int cmd_show(void *ctx, int argc, char **argv);
int cmd_import(void *ctx, int argc, char **argv);
int cmd_close(void *ctx, int argc, char **argv);
int cmd_reopen(void *ctx, int argc, char **argv);
int cmd_log(void *ctx, int argc, char **argv);
int cmd_validate(void *ctx, int argc, char **argv);

#endif
