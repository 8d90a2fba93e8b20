/* roster: checking a roster CSV and replacing a year's people and targets with it. */
#include "survey/roster.h"
#include "core/diag.h"
#include "core/roles.h"
#include "core/text.h"
#include "survey/csvread.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ERRORS 100

struct roster_row {
	char *person_id, *name, *unit;
	int role;
	int excluded;
	long line;
};

struct person_seen {
	const char *name, *unit;
	long line;
};

const char *roster_id_problem(const char *id)
{
	size_t n = strlen(id);
	if (n == 0)
		return "person_id is empty";
	if (n > ROSTER_ID_MAX)
		return "person_id is longer than 64 bytes";
	for (const char *p = id; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == ',' || *p == '"')
			return "person_id may hold only printable ASCII without spaces, commas or quotes";
	return NULL;
}

static int check_text(const char *path, long line, const char *what, const char *value)
{
	if (text_utf8_invalid_at(value, strlen(value)) >= 0)
		return diag_at(path, (int)line, 0, "%s is not valid UTF-8", what);
	if (text_is_blank(value))
		return diag_at(path, (int)line, 0, "%s is empty", what);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return diag_at(path, (int)line, 0, "%s contains a control character", what);
	return 0;
}

static const char *const header[] = {"person_id", "name", "unit", "role", "status"};

/* Reads and checks the whole file. Returns 0 with the rows, or -1 after reporting. */
static int read_roster(const char *path, struct roster_row **rows_out, size_t *count_out)
{
	struct csvread r;
	struct roster_row *rows = NULL;
	size_t count = 0, cap = 0;
	int errors = 0;
	GHashTable *people = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *targets = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	if (csvread_open(&r, path)) {
		csvread_close(&r);
		g_hash_table_destroy(people);
		g_hash_table_destroy(targets);
		return -1;
	}
	int rc = csvread_next(&r);
	if (rc == 0) {
		diag_at(path, 1, 0, "empty file (expected the header person_id,name,unit,role,status)");
		errors++;
	} else if (rc > 0) {
		bool ok = r.nfields == 5;
		for (size_t i = 0; ok && i < 5; i++)
			ok = strcmp(r.fields[i], header[i]) == 0;
		if (!ok) {
			diag_at(path, (int)r.line, 0, "expected the header person_id,name,unit,role,status");
			errors++;
			rc = 0;
		}
	}
	while (rc > 0 && errors < MAX_ERRORS && (rc = csvread_next(&r)) > 0) {
		long line = r.line;
		if (r.nfields != 5) {
			diag_at(path, (int)line, 0, "expected 5 fields (person_id,name,unit,role,status), found %zu",
				r.nfields);
			errors++;
			continue;
		}
		const char *id = r.fields[0], *name = r.fields[1], *unit = r.fields[2];
		const char *role = r.fields[3], *status = r.fields[4];
		const char *problem = roster_id_problem(id);
		if (problem) {
			diag_at(path, (int)line, 0, "%s", problem);
			errors++;
			continue;
		}
		if (check_text(path, line, "name", name) || check_text(path, line, "unit", unit)) {
			errors++;
			continue;
		}
		int code = role_from_code(role);
		if (code < 0) {
			char *clean = text_sanitize(role, false);
			diag_at(path, (int)line, 0, "unknown role '%s' (expected a role code such as staff or division_officer)",
				clean);
			free(clean);
			errors++;
			continue;
		}
		int excluded = strcmp(status, "excluded") == 0 ? 1 : strcmp(status, "active") == 0 ? 0 : -1;
		if (excluded < 0) {
			char *clean = text_sanitize(status, false);
			diag_at(path, (int)line, 0, "unknown status '%s' (expected active or excluded)", clean);
			free(clean);
			errors++;
			continue;
		}
		char *key = xasprintf("%s,%s", id, role);
		long first = (long)(intptr_t)g_hash_table_lookup(targets, key);
		if (first) {
			diag_at(path, (int)line, 0, "person %s is listed with role %s twice (first at line %ld)", id,
				role, first);
			free(key);
			errors++;
			continue;
		}
		g_hash_table_insert(targets, key, (void *)(intptr_t)line);
		if (count == cap) {
			cap = cap ? cap * 2 : 256;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		struct roster_row *row = &rows[count++];
		*row = (struct roster_row){xstrdup(id), xstrdup(name), xstrdup(unit), code, excluded, line};
		struct person_seen *seen = g_hash_table_lookup(people, row->person_id);
		if (!seen) {
			seen = xmalloc(sizeof *seen);
			*seen = (struct person_seen){row->name, row->unit, line};
			g_hash_table_insert(people, row->person_id, seen);
		} else if (strcmp(seen->name, name) != 0 || strcmp(seen->unit, unit) != 0) {
			diag_at(path, (int)line, 0, "person %s has another name or unit than at line %ld", id, seen->line);
			errors++;
		}
	}
	if (rc < 0)
		errors++;
	if (errors >= MAX_ERRORS)
		diag_error("%s: too many errors; stopped", path);
	GHashTableIter it;
	void *k, *v;
	g_hash_table_iter_init(&it, people);
	while (g_hash_table_iter_next(&it, &k, &v))
		free(v);
	g_hash_table_destroy(people);
	g_hash_table_destroy(targets);
	csvread_close(&r);
	if (errors == 0 && count == 0) {
		diag_at(path, 2, 0, "the roster lists nobody (expected at least one row after the header)");
		errors++;
	}
	if (errors) {
		for (size_t i = 0; i < count; i++) {
			free(rows[i].person_id);
			free(rows[i].name);
			free(rows[i].unit);
		}
		free(rows);
		return -1;
	}
	*rows_out = rows;
	*count_out = count;
	return 0;
}

static int apply(struct store *s, int fiscal_year, const struct roster_row *rows, size_t count,
		 long long *removed)
{
	if (store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS new_roster (person_id TEXT NOT NULL,"
		       " name TEXT NOT NULL, unit TEXT NOT NULL, role TEXT NOT NULL, excluded INTEGER NOT NULL,"
		       " PRIMARY KEY (person_id, role)) WITHOUT ROWID; DELETE FROM new_roster;"))
		return -1;
	sqlite3_stmt *st;
	if (store_prepare(s, "INSERT INTO new_roster VALUES (?1, ?2, ?3, ?4, ?5)", &st))
		return -1;
	for (size_t i = 0; i < count; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, rows[i].person_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, rows[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, rows[i].unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, role_info((enum role)rows[i].role)->code, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, rows[i].excluded);
		if (store_step(s, st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	static const char *const steps[] = {
		"DELETE FROM person WHERE fiscal_year = ?1 AND person_id NOT IN"
		" (SELECT person_id FROM new_roster)",
		"INSERT INTO person(fiscal_year, person_id, name, unit)"
		" SELECT ?1, person_id, name, unit FROM new_roster WHERE true GROUP BY person_id"
		" ON CONFLICT(fiscal_year, person_id) DO UPDATE SET name = excluded.name, unit = excluded.unit",
		"DELETE FROM target WHERE fiscal_year = ?1 AND NOT EXISTS (SELECT 1 FROM new_roster n"
		" WHERE n.person_id = target.person_id AND n.role = target.role)",
		"INSERT INTO target(fiscal_year, person_id, role, excluded)"
		" SELECT ?1, person_id, role, excluded FROM new_roster WHERE true"
		" ON CONFLICT(fiscal_year, person_id, role) DO UPDATE SET excluded = excluded.excluded",
		"DELETE FROM new_roster",
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (store_prepare(s, steps[i], &st))
			return -1;
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_int(st, 1, fiscal_year);
		int rc = store_step(s, st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return -1;
		if (i == 0)
			*removed = sqlite3_changes(s->db);
	}
	return 0;
}

int roster_import(struct store *s, int fiscal_year, const char *path)
{
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found < 0)
		return -1;
	if (!found)
		return diag_error("%s: fiscal year %d is not in the store (create it with 'survey init')", s->path,
				  fiscal_year);
	bool closed = y.closed_at != NULL;
	store_year_release(&y);
	if (closed)
		return diag_error("%s: the collection of fiscal year %d is closed; its roster can no longer change",
				  s->path, fiscal_year);
	struct roster_row *rows;
	size_t count;
	if (read_roster(path, &rows, &count))
		return -1;
	long long removed = 0;
	int result = store_begin(s);
	if (!result && (result = apply(s, fiscal_year, rows, count, &removed)) == 0)
		result = store_commit(s);
	if (result)
		store_rollback(s);
	size_t excluded = 0;
	for (size_t i = 0; i < count; i++)
		excluded += rows[i].excluded != 0;
	if (!result)
		printf("fiscal year %d: roster of %zu rows imported (%zu targets, %zu excluded); %lld people removed\n",
		       fiscal_year, count, count - excluded, excluded, removed);
	for (size_t i = 0; i < count; i++) {
		free(rows[i].person_id);
		free(rows[i].name);
		free(rows[i].unit);
	}
	free(rows);
	return result;
}
