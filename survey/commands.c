/* commands: what each survey command does, from options to exit status. */
#include "survey/commands.h"
#include "core/cli.h"
#include "core/diag.h"
#include "core/store.h"
#include "survey/collect.h"
#include "survey/import.h"
#include "survey/roster.h"
#include "survey/session.h"
#include "survey/show.h"
#include "survey/systems.h"
#include "survey/validate.h"

#include <stdio.h>
#include <stdlib.h>

/* The --unit argument in its stored spelling (free() it), or NULL. */
static char *unit_arg(const struct survey_options *o)
{
	return o->unit ? collect_unit_normalize(o->unit) : NULL;
}

/* Opens the store for a command; returns NULL after reporting. */
static struct store *open_store(const struct survey_options *o, enum store_mode mode)
{
	struct store *s;
	return store_open(o->db, mode, &s) ? NULL : s;
}

int cmd_validate(void *ctx, int argc, char **argv)
{
	(void)ctx;
	return validate_files(argc, argv);
}

int cmd_init(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
	return collect_init(o->db, o->org, o->name, o->year, o->questionnaire, o->any_year) ? DIAG_EXIT_INPUT
											      : DIAG_EXIT_OK;
}

int cmd_roster_import(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct survey_options *o = ctx;
	struct roster_options ro = {.replace = o->replace, .dry_run = o->dry_run, .encoding = o->encoding};
	struct store *s = open_store(o, o->dry_run ? STORE_READONLY : STORE_EXISTING);
	int rc = s ? roster_import(s, o->year, argv[0], &ro) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_systems_import(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct survey_options *o = ctx;
	struct systems_options so = {.replace = o->replace, .dry_run = o->dry_run, .encoding = o->encoding};
	struct store *s = open_store(o, o->dry_run ? STORE_READONLY : STORE_EXISTING);
	int rc = s ? systems_import(s, o->year, argv[0], &so) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_systems_answers(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct survey_options *o = ctx;
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? systems_import_answers(s, o->year, argv[0], o->encoding) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_tokens(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
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

int cmd_status(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
	char *unit = unit_arg(o);
	struct store *s = open_store(o, STORE_READONLY);
	int rc = s ? collect_status(s, o->year, o->by, unit, stdout) : -1;
	if (rc == 0)
		rc = systems_status(s, o->year, o->by == COLLECT_BY_UNIT, unit, stdout);
	store_close(s);
	free(unit);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_pending(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
	char *unit = unit_arg(o);
	struct store *s = open_store(o, STORE_READONLY);
	int rc = !s ? -1 : o->changed ? collect_changed(s, o->year, unit, o->excel, stdout)
		     : o->systems ? systems_pending(s, o->year, unit, o->excel, stdout)
				      : collect_pending(s, o->year, unit, o->excel, stdout);
	store_close(s);
	free(unit);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_import(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct survey_options *o = ctx;
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

int cmd_close(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? collect_close(s, o->year) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_reopen(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
	struct store *s = open_store(o, STORE_EXISTING);
	int rc = s ? collect_reopen(s, o->year) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_show(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
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

int cmd_log(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
	if (o->excel && o->format != ACTIVITY_CSV) {
		cli_usage_error("--excel goes with --format csv");
		return DIAG_EXIT_USAGE;
	}
	struct store *s = open_store(o, STORE_READONLY);
	int rc = s ? activity_print(s, o->year, o->format, o->excel, stdout) : -1;
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_questionnaire(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct survey_options *o = ctx;
	struct session_options so = {
		.db = o->db,
		.fiscal_year = o->year,
		.plain = o->plain,
		.person = o->person,
		.lang = o->lang,
	};
	return session_run(&so);
}
