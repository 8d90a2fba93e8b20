/*
 * systems: the roster of systems a ministry's focused inspection covers (public web servers,
 * mail servers, mail domains, networks …) — "survey systems import" — and the loading of
 * their answers from other channels — "survey systems answers".
 *
 * The systems CSV (RFC 4180; UTF-8, or CP932 when asked) has a header naming the columns
 * system_id, name, kind, unit, officer and status (any order, in English or Japanese, see
 * docs/collection-formats.md) and one row per system: kind is a kind of the year's
 * questionnaire (its code or Japanese name), officer the person id of the responsible officer,
 * who must be on the person roster with a role to answer (to log in), status active or
 * excluded (not counted: retired before the reference date, say).
 *
 * The import has the person roster's safety: systems in the file are added or updated to what
 * it says; systems not in it are left alone unless replace is set, and then deleted only when
 * they have no answers — those with answers are kept, excluded and marked removed, and come
 * back with their answers when a later file lists them again. The kind of a system with
 * answers cannot change (its answers belong to that kind's items). A dry run reports the same
 * changes and writes nothing.
 *
 * The answers CSV has the columns system_id, item and answer: every row must name a counted
 * system of the roster and an inspection item of the system's kind, once. Imported answers
 * replace stored ones; a system whose items are then all answered counts as answered.
 *
 * Every bad row is reported as FILE:LINE:COL (COL the number of the field in the row) and then
 * nothing is imported; each command is one transaction, recorded in the activity log.
 *
 * For the coordinator, the systems' progress beside the status table and the systems not yet
 * answered, with their officers, as a reminder list.
 */
#ifndef SELFCHECK_SURVEY_SYSTEMS_H
#define SELFCHECK_SURVEY_SYSTEMS_H

#include <stdbool.h>
#include <stdio.h>

#include "core/store.h"
#include "survey/csvread.h"

/* Longest system id accepted (bytes). */
#define SYSTEMS_ID_MAX 64

struct systems_options {
	bool replace;                    /* remove the systems the file does not list */
	bool dry_run;                    /* report what would change; write nothing */
	enum csvread_encoding encoding;
};

/* Imports the systems roster at path into the store's fiscal year (a dry run may use a
 * read-only store). Prints the changes to stdout — every one in a dry run, otherwise the
 * systems kept because of their answers — and a summary line. Returns 0, or -1 after
 * reporting (the store unchanged). */
int systems_import(struct store *s, int fiscal_year, const char *path, const struct systems_options *o);

/* Prints the year's systems after the status table: systems, answered in full, in progress and
 * not started, per kind (or per unit when by_unit), then the total — of the counted systems
 * under unit_prefix (NULL: all). Prints nothing when the year has no systems roster. Returns 0
 * or -1 after reporting. */
int systems_status(struct store *s, int fiscal_year, bool by_unit, const char *unit_prefix, FILE *out);

/* Prints system_id,name,kind,unit,officer,officer_name,progress,last_answer_at of every counted
 * system not yet answered in full (under unit_prefix when given), by unit, officer and system;
 * progress is "ANSWERED/ITEMS"; officer_name is empty when the officer is no longer on the
 * roster. Returns 0 or -1 after reporting. */
int systems_pending(struct store *s, int fiscal_year, const char *unit_prefix, bool excel, FILE *out);

/* Imports the answers CSV at path. Prints a summary line. Returns 0, or -1 after reporting
 * (the store unchanged). */
int systems_import_answers(struct store *s, int fiscal_year, const char *path, enum csvread_encoding encoding);

#endif
