/* systems: the systems roster of the focused inspection, and their answers from a file. */
#include "survey/systems.h"
#include "survey/rosterchange.h"
#include "core/responses.h"
#include "core/diag.h"
#include "core/livetally.h"
#include "core/inspection.h"
#include "core/text.h"
#include "survey/collect.h"
#include "core/csvwrite.h"
#include "survey/import.h"
#include "survey/roster.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what both commands share ---- */

static const char *const system_id_aliases[] = {"システムID", "システム番号", "管理番号", NULL};

/* The year's questionnaire, which must have an inspection. Returns 0 and *out (quest_free it), or
 * -1 after reporting. */
static int year_inspection(struct store *s, int fiscal_year, struct quest **out)
{
	if (store_year_quest(s, fiscal_year, out) <= 0)
		return -1;
	if (!(*out)->inspection) {
		diag_error("%s: questionnaire %s of fiscal year %d has no focused inspection; it has no systems to "
			   "answer for", s->path, (*out)->id, fiscal_year);
		quest_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* The problem with a system id, or NULL. */
static const char *id_problem(const char *id)
{
	size_t n = strlen(id);
	if (n == 0)
		return "system_id is empty";
	if (n > SYSTEMS_ID_MAX)
		return "system_id is longer than 64 bytes";
	for (const char *p = id; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == ',' || *p == '"')
			return "system_id may hold only printable ASCII without spaces, commas or quotes";
	return NULL;
}

/* ---- the roster of systems: the file ---- */

static const char *const name_aliases[] = {"名称", "システム名", "名前", NULL};
static const char *const kind_aliases[] = {"種別", "対象", NULL};
static const char *const unit_aliases[] = {"所属", "部署", "所属部署", "管理部署", NULL};
static const char *const officer_aliases[] = {"officer_id", "responsible_officer", "責任者", "責任者の職員番号", "担当者",
					      NULL};
static const char *const status_aliases[] = {"状況", "状態", NULL};

enum { COL_ID, COL_NAME, COL_KIND, COL_UNIT, COL_OFFICER, COL_STATUS, COL_COUNT };

static const struct csvread_column columns[COL_COUNT] = {
	{"system_id", system_id_aliases}, {"name", name_aliases},       {"kind", kind_aliases},
	{"unit", unit_aliases},           {"officer", officer_aliases}, {"status", status_aliases},
};

#define SYSTEMS_HEADER "system_id,name,kind,unit,officer,status"

struct file_system {
	char *id, *name, *unit, *officer;
	size_t kind;
	bool excluded;
	long line;
	int kind_col;                 /* field number of the kind, for a later message */
};

struct systems_file {
	struct file_system *systems;
	size_t count, cap, excluded;
	GHashTable *by_id;            /* id → index + 1 */
};

/* A person of the year as the officer column needs them. */
struct officer {
	bool removed;
	bool can_log_in;              /* has a role that is not excluded */
};

static void systems_file_release(struct systems_file *f)
{
	for (size_t i = 0; i < f->count; i++) {
		free(f->systems[i].id);
		free(f->systems[i].name);
		free(f->systems[i].unit);
		free(f->systems[i].officer);
	}
	free(f->systems);
	if (f->by_id)
		g_hash_table_destroy(f->by_id);
	memset(f, 0, sizeof *f);
}

/* The kind a file names by its code or its Japanese (or English) name, or -1. */
static long kind_from_text(const struct inspection *ins, const char *text)
{
	long k = inspection_find_kind(ins, text);
	for (size_t i = 0; k < 0 && i < ins->kind_count; i++)
		if (strcmp(ins->kinds[i].name.ja, text) == 0 || strcmp(ins->kinds[i].name.en, text) == 0)
			k = (long)i;
	return k;
}

static char *kind_list(const struct inspection *ins)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t k = 0; k < ins->kind_count; k++)
		strbuf_addf(&sb, "%s%s (%s)", k ? ", " : "", ins->kinds[k].code, ins->kinds[k].name.ja);
	return strbuf_detach(&sb);
}

struct row_ctx {
	struct csvread *r;
	const size_t *col;
	struct systems_file *file;
	const struct quest *quest;
	GHashTable *people;           /* person id → struct officer */
	int fiscal_year;
};

/* Column number (1-based) of column c in the file. */
static int field_no(const struct row_ctx *x, int c)
{
	return (int)x->col[c] + 1;
}

/* Checks one row and adds it to f. Returns 0, or -1 after reporting. */
static int add_system_row(struct systems_file *f, const struct row_ctx *x)
{
	struct csvread *r = x->r;
	const size_t *col = x->col;
	long line = r->line;
	const char *id = r->fields[col[COL_ID]], *name = r->fields[col[COL_NAME]];
	const char *kind_text = r->fields[col[COL_KIND]], *unit_text = r->fields[col[COL_UNIT]];
	const char *officer = r->fields[col[COL_OFFICER]], *status = r->fields[col[COL_STATUS]];
	const struct inspection *ins = x->quest->inspection;
	int result = 0;
	const char *problem;
	if ((problem = id_problem(id)) != NULL)
		return csvread_error_at(r, line, field_no(x, COL_ID), "%s", problem);
	if ((problem = text_line_problem(name)) != NULL)
		result = csvread_error_at(r, line, field_no(x, COL_NAME), "name %s", problem);
	char *unit = NULL;
	if ((problem = text_line_problem(unit_text)) != NULL) {
		result = csvread_error_at(r, line, field_no(x, COL_UNIT), "unit %s", problem);
	} else {
		unit = collect_unit_normalize(unit_text);
		if (!*unit)
			result = csvread_error_at(r, line, field_no(x, COL_UNIT),
						  "unit is empty (expected a path such as 総務局/情報システム課)");
	}
	long kind = kind_from_text(ins, kind_text);
	if (kind < 0) {
		char *known = kind_list(ins);
		result = csvread_error_at(r, line, field_no(x, COL_KIND),
					  "unknown kind of system '%s' (questionnaire %s inspects %s)", kind_text,
					  x->quest->id, known);
		free(known);
	}
	const struct officer *p = g_hash_table_lookup(x->people, officer);
	if ((problem = roster_id_problem(officer)) != NULL)
		result = csvread_error_at(r, line, field_no(x, COL_OFFICER), "officer: %s", problem);
	else if (!p)
		result = csvread_error_at(r, line, field_no(x, COL_OFFICER),
					  "officer '%s' is not on the roster of fiscal year %d (import the person "
					  "roster first, or name someone on it)", officer, x->fiscal_year);
	else if (p->removed)
		result = csvread_error_at(r, line, field_no(x, COL_OFFICER),
					  "officer '%s' was removed from the roster of fiscal year %d; name someone on it",
					  officer, x->fiscal_year);
	else if (!p->can_log_in)
		result = csvread_error_at(r, line, field_no(x, COL_OFFICER),
					  "officer '%s' has no role to answer in fiscal year %d (every role excluded), "
					  "so cannot log in to answer for the system", officer, x->fiscal_year);
	int excluded = strcmp(status, "active") == 0 || strcmp(status, "対象") == 0		? 0
		       : strcmp(status, "excluded") == 0 || strcmp(status, "対象外") == 0 ? 1
												    : -1;
	if (excluded < 0)
		result = csvread_error_at(r, line, field_no(x, COL_STATUS),
					  "unknown status '%s' (expected active or excluded)", status);
	size_t k = (size_t)(uintptr_t)g_hash_table_lookup(f->by_id, id);
	if (k)
		result = csvread_error_at(r, line, field_no(x, COL_ID), "system %s is listed twice (first at line %ld)",
					  id, f->systems[k - 1].line);
	if (result) {
		free(unit);
		return -1;
	}
	f->systems = xgrow(f->systems, f->count, &f->cap, sizeof *f->systems, 64);
	struct file_system *fs = &f->systems[f->count++];
	*fs = (struct file_system){xstrdup(id), xstrdup(name), unit, xstrdup(officer), (size_t)kind, excluded == 1, line,
				   field_no(x, COL_KIND)};
	g_hash_table_insert(f->by_id, fs->id, (void *)(uintptr_t)f->count);
	f->excluded += (size_t)excluded;
	return 0;
}

/* The year's people as officers. */
static int load_people(struct store *s, int fiscal_year, GHashTable **out)
{
	*out = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT person_id, removed_at IS NOT NULL, EXISTS (SELECT 1 FROM target t"
			     " WHERE t.fiscal_year = p.fiscal_year AND t.person_id = p.person_id AND t.excluded = 0)"
			     " FROM person p WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct officer *o = xmalloc(sizeof *o);
		o->removed = sqlite3_column_int(st, 1) != 0;
		o->can_log_in = sqlite3_column_int(st, 2) != 0;
		g_hash_table_insert(*out, xstrdup((const char *)sqlite3_column_text(st, 0)), o);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int system_row(struct csvread *r, const size_t *col, void *ctx)
{
	struct row_ctx *x = ctx;
	x->r = r;
	x->col = col;
	return add_system_row(x->file, x);
}

static const struct csvread_rows system_rows = {
	columns, COL_COUNT, SYSTEMS_HEADER,
	"the file lists no system (expected at least one row after the header)", system_row,
};

/* Reads and checks the whole file. Returns 0, or -1 after reporting every error (f released). */
static int read_systems(const char *path, enum csvread_encoding encoding, const struct quest *q, GHashTable *people,
			int fiscal_year, struct systems_file *f)
{
	memset(f, 0, sizeof *f);
	f->by_id = g_hash_table_new(g_str_hash, g_str_equal);
	struct row_ctx x = {NULL, NULL, f, q, people, fiscal_year};
	if (csvread_rows(path, encoding, &system_rows, &x)) {
		systems_file_release(f);
		return -1;
	}
	return 0;
}

/* ---- the roster of systems: the store ---- */

struct old_system {
	char *id, *name, *kind, *unit, *officer, *removed_at;
	bool excluded, answered, in_file;
};

struct systems_store {
	struct old_system *systems;
	size_t count;
	GHashTable *by_id;            /* id → index + 1 */
};

static void systems_store_release(struct systems_store *st)
{
	for (size_t i = 0; i < st->count; i++) {
		struct old_system *o = &st->systems[i];
		free(o->id);
		free(o->name);
		free(o->kind);
		free(o->unit);
		free(o->officer);
		free(o->removed_at);
	}
	free(st->systems);
	if (st->by_id)
		g_hash_table_destroy(st->by_id);
	memset(st, 0, sizeof *st);
}

static int load_systems(struct store *s, int fiscal_year, struct systems_store *out)
{
	memset(out, 0, sizeof *out);
	out->by_id = g_hash_table_new(g_str_hash, g_str_equal);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT y.system_id, y.name, y.kind, y.unit, y.officer, y.excluded, y.removed_at,"
			     " coalesce(r.answered > 0 OR r.submitted_at IS NOT NULL, 0) FROM system y"
			     " LEFT JOIN system_response r ON r.fiscal_year = y.fiscal_year AND r.system_id = y.system_id"
			     " WHERE y.fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		out->systems = xgrow(out->systems, out->count, &cap, sizeof *out->systems, 64);
		out->systems[out->count++] = (struct old_system){
			store_column_dup(st, 0), store_column_dup(st, 1), store_column_dup(st, 2),
			store_column_dup(st, 3), store_column_dup(st, 4), store_column_dup(st, 6),
			sqlite3_column_int(st, 5) != 0, sqlite3_column_int(st, 7) != 0, false,
		};
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < out->count; i++)
		g_hash_table_insert(out->by_id, out->systems[i].id, (void *)(uintptr_t)(i + 1));
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the roster of systems: what changes ---- */

struct change {
	enum rosterchange_kind kind;
	const struct file_system *fs;  /* NULL for removals */
	const struct old_system *os;   /* NULL for additions */
	bool name, unit, officer, kind_changed, status;
};

static const char *change_id(const struct change *c)
{
	return c->fs ? c->fs->id : c->os->id;
}

static const char *change_unit(const struct change *c)
{
	return c->fs ? c->fs->unit : c->os->unit;
}

static int compare_changes(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	return rosterchange_order(x->kind, change_unit(x), change_id(x), y->kind, change_unit(y), change_id(y));
}

/* Works out every change (sorted by kind, unit and system); refuses a change of kind of a system
 * with answers (reported at the file's kind field). Returns the changes, or NULL after reporting. */
static struct change *diff(const struct systems_file *f, struct systems_store *st, const struct quest *q,
			   const char *path, bool replace, size_t *count, struct rosterchange_counts *n)
{
	const struct inspection *ins = q->inspection;
	memset(n, 0, sizeof *n);
	struct change *changes = xcalloc(f->count + st->count + 1, sizeof *changes);
	size_t k = 0;
	int result = 0;
	for (size_t i = 0; i < f->count; i++) {
		const struct file_system *fs = &f->systems[i];
		size_t at = (size_t)(uintptr_t)g_hash_table_lookup(st->by_id, fs->id);
		if (!at) {
			changes[k++] = (struct change){.kind = ROSTERCHANGE_ADDED, .fs = fs};
			n->added++;
			continue;
		}
		struct old_system *os = &st->systems[at - 1];
		os->in_file = true;
		const char *kcode = ins->kinds[fs->kind].code;
		struct change c = {
			.kind = os->removed_at ? ROSTERCHANGE_RESTORED : ROSTERCHANGE_UPDATED, .fs = fs, .os = os,
			.name = strcmp(fs->name, os->name) != 0, .unit = strcmp(fs->unit, os->unit) != 0,
			.officer = strcmp(fs->officer, os->officer) != 0, .kind_changed = strcmp(kcode, os->kind) != 0,
			.status = fs->excluded != os->excluded,
		};
		if (c.kind_changed && os->answered) {
			result = diag_at(path, (int)fs->line, fs->kind_col,
					 "system %s has answers for kind %s; its kind cannot change to %s (give the new "
					 "system its own id)", fs->id, os->kind, kcode);
			continue;
		}
		if (!(os->removed_at || c.name || c.unit || c.officer || c.kind_changed || c.status)) {
			n->unchanged++;
			continue;
		}
		changes[k++] = c;
		n->updated++;
		n->restored += c.kind == ROSTERCHANGE_RESTORED;
	}
	for (size_t i = 0; i < st->count; i++) {
		const struct old_system *os = &st->systems[i];
		if (os->in_file || os->removed_at)
			continue;
		if (!replace) {
			n->untouched++;
			continue;
		}
		changes[k++] = (struct change){.kind = os->answered ? ROSTERCHANGE_KEPT : ROSTERCHANGE_DELETED, .os = os};
		if (os->answered)
			n->kept++;
		else
			n->deleted++;
	}
	if (result) {
		free(changes);
		return NULL;
	}
	qsort(changes, k, sizeof *changes, compare_changes);
	*count = k;
	return changes;
}

/* ---- the roster of systems: writing ---- */

static int apply(struct store *s, int fiscal_year, const struct quest *q, const struct change *changes, size_t count)
{
	const struct inspection *ins = q->inspection;
	sqlite3_stmt *put, *keep, *del;
	if (store_prepare(s, "INSERT INTO system(fiscal_year, system_id, name, kind, unit, officer, excluded, removed_at)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL) ON CONFLICT(fiscal_year, system_id) DO UPDATE SET"
			     " name = excluded.name, kind = excluded.kind, unit = excluded.unit, officer = excluded.officer,"
			     " excluded = excluded.excluded, removed_at = NULL", &put))
		return -1;
	if (store_prepare(s, "UPDATE system SET excluded = 1, removed_at = ?3 WHERE fiscal_year = ?1 AND system_id = ?2",
			  &keep)) {
		sqlite3_finalize(put);
		return -1;
	}
	if (store_prepare(s, "DELETE FROM system WHERE fiscal_year = ?1 AND system_id = ?2", &del)) {
		sqlite3_finalize(put);
		sqlite3_finalize(keep);
		return -1;
	}
	char now[32];
	store_now(now, sizeof now);
	int rc = 0;
	for (size_t i = 0; i < count && rc == 0; i++) {
		const struct change *c = &changes[i];
		sqlite3_stmt *st = c->kind == ROSTERCHANGE_KEPT ? keep : c->kind == ROSTERCHANGE_DELETED ? del : put;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_int(st, 1, fiscal_year);
		sqlite3_bind_text(st, 2, change_id(c), -1, SQLITE_STATIC);
		if (c->kind == ROSTERCHANGE_KEPT) {
			sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		} else if (c->kind != ROSTERCHANGE_DELETED) {
			sqlite3_bind_text(st, 3, c->fs->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, ins->kinds[c->fs->kind].code, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, c->fs->unit, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, c->fs->officer, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 7, c->fs->excluded);
		}
		rc = store_step(s, st) == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(put);
	sqlite3_finalize(keep);
	sqlite3_finalize(del);
	return rc;
}

/* ---- the roster of systems: reporting ---- */

static void print_change(const struct change *c, const struct quest *q)
{
	const struct inspection *ins = q->inspection;
	const char *name = c->fs ? c->fs->name : c->os->name;
	struct strbuf d;
	strbuf_init(&d);
	switch (c->kind) {
	case ROSTERCHANGE_ADDED:
		strbuf_addf(&d, "%s, officer %s%s", ins->kinds[c->fs->kind].code, c->fs->officer,
			    c->fs->excluded ? " (excluded)" : "");
		break;
	case ROSTERCHANGE_KEPT:
		strbuf_addstr(&d, "has answers: kept, marked removed, no longer counted");
		break;
	case ROSTERCHANGE_DELETED:
		strbuf_addstr(&d, "no answers: deleted");
		break;
	case ROSTERCHANGE_UPDATED:
	case ROSTERCHANGE_RESTORED:
		if (c->kind == ROSTERCHANGE_RESTORED)
			strbuf_addf(&d, "back on the roster (removed at %s)", c->os->removed_at);
		if (c->name)
			strbuf_addf(&d, "%sname %s → %s", d.len ? "; " : "", c->os->name, c->fs->name);
		if (c->unit)
			strbuf_addf(&d, "%sunit %s → %s", d.len ? "; " : "", c->os->unit, c->fs->unit);
		if (c->kind_changed)
			strbuf_addf(&d, "%skind %s → %s", d.len ? "; " : "", c->os->kind, ins->kinds[c->fs->kind].code);
		if (c->officer)
			strbuf_addf(&d, "%sofficer %s → %s", d.len ? "; " : "", c->os->officer, c->fs->officer);
		if (c->status)
			strbuf_addf(&d, "%s%s", d.len ? "; " : "", c->fs->excluded ? "active → excluded" : "excluded → active");
		break;
	}
	rosterchange_print(stdout, c->kind, change_id(c), name, change_unit(c), d.buf);
	strbuf_release(&d);
}

int systems_import(struct store *s, int fiscal_year, const char *path, const struct systems_options *o)
{
	if (collect_require_open(s, fiscal_year, "its systems can no longer change"))
		return -1;
	struct quest *q;
	if (year_inspection(s, fiscal_year, &q))
		return -1;
	GHashTable *people = NULL;
	struct systems_file f = {0};
	struct systems_store st = {0};
	struct change *changes = NULL;
	size_t count = 0;
	struct rosterchange_counts n;
	char *counts = NULL;
	/* One state of the store from the officers' check to the commit. */
	int result = store_begin(s);
	if (!result)
		result = load_people(s, fiscal_year, &people);
	if (!result)
		result = read_systems(path, o->encoding, q, people, fiscal_year, &f);
	if (!result)
		result = load_systems(s, fiscal_year, &st);
	if (!result && !(changes = diff(&f, &st, q, path, o->replace, &count, &n)))
		result = -1;
	if (!result)
		counts = rosterchange_counts_text(path, o->replace, &n, "system", "systems",
						  "%zu systems, %zu counted, %zu excluded", f.count, f.count - f.excluded,
						  f.excluded);
	if (!result && !o->dry_run) {
		struct livetally *lt = NULL;
		result = livetally_begin(s, fiscal_year, q, &lt);
		if (!result)
			result = apply(s, fiscal_year, q, changes, count);
		/* Systems touch no person: their part of the kept tally is recounted (they are few),
		 * or the whole tally when it was not current (core/livetally.h). */
		if (!result)
			result = lt ? livetally_recount_inspection(lt) : livetally_recount(s, fiscal_year, q, NULL);
		else
			livetally_free(lt);
		if (!result)
			result = store_log(s, fiscal_year, "survey", "systems import", "%s", counts);
		if (!result)
			result = store_commit(s);
	}
	store_rollback(s);
	if (!result) {
		for (size_t i = 0; i < count; i++)
			if (o->dry_run || changes[i].kind == ROSTERCHANGE_KEPT)
				print_change(&changes[i], q);
		rosterchange_print_summary(fiscal_year, o->dry_run, counts);
	}
	free(counts);
	free(changes);
	systems_store_release(&st);
	systems_file_release(&f);
	if (people)
		g_hash_table_destroy(people);
	quest_free(q);
	return result;
}

/* ---- answers from a file ---- */

static const char *const item_aliases[] = {"項目ID", "項目", "検査項目ID", "設問ID", NULL};
static const char *const answer_aliases[] = {"回答", NULL};

enum { A_ID, A_ITEM, A_ANSWER, A_COUNT };

static const struct csvread_column answer_columns[A_COUNT] = {
	{"system_id", system_id_aliases}, {"item", item_aliases}, {"answer", answer_aliases},
};

/* A counted system of the roster with its answers, as the import changes them. */
struct answer_system {
	char *id;
	size_t kind;
	char *answers;                /* packed over the kind's sheet */
	char *stored;                 /* as stored (NULL: no row) */
	bool complete_before;
	bool touched;                 /* the file answers for it */
	long *line;                   /* per position: the file line that answered it, 0 none */
};

struct answer_roster {
	struct answer_system *systems;
	size_t count;
	GHashTable *by_id;            /* id → index + 1; excluded and removed systems map to 0 + flag */
	GHashTable *excluded;         /* ids of systems on the roster that take no answers */
};

static void answer_roster_release(struct answer_roster *a)
{
	for (size_t i = 0; i < a->count; i++) {
		free(a->systems[i].id);
		free(a->systems[i].answers);
		free(a->systems[i].stored);
		free(a->systems[i].line);
	}
	free(a->systems);
	if (a->by_id)
		g_hash_table_destroy(a->by_id);
	if (a->excluded)
		g_hash_table_destroy(a->excluded);
	memset(a, 0, sizeof *a);
}

static int load_answer_roster(struct store *s, int fiscal_year, const struct quest *q, struct answer_roster *a)
{
	const struct inspection *ins = q->inspection;
	memset(a, 0, sizeof *a);
	a->by_id = g_hash_table_new(g_str_hash, g_str_equal);
	a->excluded = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT y.system_id, y.kind, y.excluded, r.answers, r.submitted_at IS NOT NULL FROM system y"
			     " LEFT JOIN system_response r ON r.fiscal_year = y.fiscal_year AND r.system_id = y.system_id"
			     " WHERE y.fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	size_t cap = 0;
	int rc, result = 0;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		long kind = inspection_find_kind(ins, (const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_int(st, 2) || kind < 0) {
			g_hash_table_add(a->excluded, xstrdup(id));
			continue;
		}
		a->systems = xgrow(a->systems, a->count, &cap, sizeof *a->systems, 64);
		size_t n = ins->kind_item_count[kind];
		struct answer_system *y = &a->systems[a->count++];
		*y = (struct answer_system){.id = xstrdup(id), .kind = (size_t)kind,
					    .stored = store_column_dup(st, 3),
					    .complete_before = sqlite3_column_int(st, 4) != 0,
					    .line = xcalloc(n + 1, sizeof(long))};
		y->answers = response_packed(y->stored, y->stored ? strlen(y->stored) : 0, n);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		result = -1;
	for (size_t i = 0; i < a->count; i++)
		g_hash_table_insert(a->by_id, a->systems[i].id, (void *)(uintptr_t)(i + 1));
	return result;
}

/* Checks one answer row and records it. Returns 0, or -1 after reporting. */
static int answer_row(struct csvread *r, const size_t *col, const struct quest *q, int fiscal_year,
		      struct answer_roster *a, unsigned long long *rows)
{
	const struct inspection *ins = q->inspection;
	long line = r->line;
	const char *id = r->fields[col[A_ID]], *item = r->fields[col[A_ITEM]], *answer = r->fields[col[A_ANSWER]];
	int cid = (int)col[A_ID] + 1, citem = (int)col[A_ITEM] + 1, cans = (int)col[A_ANSWER] + 1;
	size_t at = (size_t)(uintptr_t)g_hash_table_lookup(a->by_id, id);
	int result = 0;
	if (!at) {
		if (g_hash_table_contains(a->excluded, id))
			return csvread_error_at(r, line, cid, "system %s is excluded (not counted, or removed from the systems "
						"roster); it takes no answers", id);
		return csvread_error_at(r, line, cid, "unknown system '%s' (not on the systems roster of fiscal year %d)",
					id, fiscal_year);
	}
	struct answer_system *y = &a->systems[at - 1];
	long i = inspection_find_item(ins, item);
	if (i < 0 && quest_find_item(q, item) >= 0)
		result = csvread_error_at(r, line, citem, "item %s is asked of persons, not of systems (import it with "
					  "'survey import')", item);
	else if (i < 0)
		result = csvread_error_at(r, line, citem, "unknown item '%s' (not an inspection item of questionnaire %s)",
					  item, q->id);
	else if (ins->items[i].kind != y->kind)
		result = csvread_error_at(r, line, citem, "item %s is for kind %s; system %s is of kind %s", item,
					  ins->kinds[ins->items[i].kind].code, id, ins->kinds[y->kind].code);
	char code = import_answer_code(answer);
	if (!code)
		result = csvread_error_at(r, line, cans, "unknown answer '%s' (expected implemented, not_implemented, "
					  "not_applicable, or 1, 2, 3)", answer);
	if (result)
		return -1;
	size_t pos = inspection_sheet_position(ins, (size_t)i);
	if (y->line[pos])
		return csvread_error_at(r, line, citem, "system %s, item %s is answered twice (first at line %ld)", id,
					item, y->line[pos]);
	y->line[pos] = line;
	y->answers[pos] = code;
	y->touched = true;
	(*rows)++;
	return 0;
}

struct answers_ctx {
	const struct quest *q;
	int fiscal_year;
	struct answer_roster *a;
	unsigned long long *rows;
};

static int answers_row(struct csvread *r, const size_t *col, void *ctx)
{
	struct answers_ctx *x = ctx;
	return answer_row(r, col, x->q, x->fiscal_year, x->a, x->rows);
}

static const struct csvread_rows answers_rows = {
	answer_columns, A_COUNT, "system_id,item,answer", NULL, answers_row,
};

static int read_answers(const char *path, enum csvread_encoding encoding, const struct quest *q, int fiscal_year,
			struct answer_roster *a, unsigned long long *rows)
{
	struct answers_ctx x = {q, fiscal_year, a, rows};
	return csvread_rows(path, encoding, &answers_rows, &x);
}

/* Writes every system whose answers changed or became complete. */
static int write_answers(struct store *s, int fiscal_year, const struct answer_roster *a, size_t *changed,
			 size_t *complete)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "INSERT INTO system_response(fiscal_year, system_id, answers, answered, updated_at,"
			     " answered_by, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6)"
			     " ON CONFLICT(fiscal_year, system_id) DO UPDATE SET answers = excluded.answers,"
			     " answered = excluded.answered, updated_at = excluded.updated_at, answered_by = NULL,"
			     " submitted_at = coalesce(excluded.submitted_at, submitted_at)", &st))
		return -1;
	char now[32];
	store_now(now, sizeof now);
	int rc = 0;
	*changed = *complete = 0;
	for (size_t i = 0; i < a->count && rc == 0; i++) {
		const struct answer_system *y = &a->systems[i];
		if (!y->touched)
			continue;
		size_t n = strlen(y->answers), answered = 0;
		for (size_t k = 0; k < n; k++)
			answered += y->answers[k] != RESPONSE_UNANSWERED;
		bool now_complete = answered == n;
		bool differs = !y->stored || strcmp(y->stored, y->answers) != 0;
		if (!differs && (y->complete_before || !now_complete))
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, fiscal_year);
		sqlite3_bind_text(st, 2, y->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, y->answers, (int)n, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)answered);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		if (now_complete)
			sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 6);
		rc = store_step(s, st) == SQLITE_DONE ? 0 : -1;
		(*changed)++;
		*complete += now_complete;
	}
	sqlite3_finalize(st);
	return rc;
}

int systems_import_answers(struct store *s, int fiscal_year, const char *path, enum csvread_encoding encoding)
{
	if (collect_require_open(s, fiscal_year, "answers are no longer accepted"))
		return -1;
	struct quest *q;
	if (year_inspection(s, fiscal_year, &q))
		return -1;
	struct answer_roster a = {0};
	unsigned long long rows = 0;
	size_t changed = 0, complete = 0;
	int result = store_begin(s);
	struct livetally *lt = NULL;
	if (!result)
		result = livetally_begin(s, fiscal_year, q, &lt);
	if (!result)
		result = load_answer_roster(s, fiscal_year, q, &a);
	if (!result)
		result = read_answers(path, encoding, q, fiscal_year, &a, &rows);
	if (!result)
		result = write_answers(s, fiscal_year, &a, &changed, &complete);
	if (!result)
		result = lt ? livetally_recount_inspection(lt) : livetally_recount(s, fiscal_year, q, NULL);
	else
		livetally_free(lt);
	if (!result)
		result = store_log(s, fiscal_year, "survey", "systems answers",
				   "%s: %llu answers for %zu systems changed, %zu of them complete", path, rows, changed,
				   complete);
	if (!result)
		result = store_commit(s);
	store_rollback(s);
	if (!result)
		printf("fiscal year %d: %llu answers imported; %zu systems changed, %zu of them now answered in full\n",
		       fiscal_year, rows, changed, complete);
	answer_roster_release(&a);
	quest_free(q);
	return result;
}

/* ---- progress ---- */

int systems_status(struct store *s, int fiscal_year, bool by_unit, const char *unit_prefix, FILE *out)
{
	struct quest *q;
	if (store_year_quest(s, fiscal_year, &q) <= 0)
		return -1;
	const struct inspection *ins = q->inspection;
	sqlite3_stmt *st;
	if (!ins || store_begin(s) ||
	    store_prepare(s, "SELECT y.kind, y.unit, r.submitted_at IS NOT NULL, coalesce(r.answered, 0) FROM system y"
			     " LEFT JOIN system_response r ON r.fiscal_year = y.fiscal_year AND r.system_id = y.system_id"
			     " WHERE y.fiscal_year = ?1 AND y.excluded = 0 ORDER BY y.unit", &st)) {
		store_rollback(s);
		int rc = ins ? -1 : 0;
		quest_free(q);
		return rc;
	}
	sqlite3_bind_int(st, 1, fiscal_year);
	/* rows: per kind, or per unit in unit order; [0..3] systems, answered, in progress, not started */
	size_t nrows = ins->kind_count, cap = nrows + 1;
	unsigned long long (*n)[4] = xcalloc(cap, sizeof *n);
	char **units = xcalloc(cap, sizeof *units);
	unsigned long long total[4] = {0};
	size_t units_used = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *unit = (const char *)sqlite3_column_text(st, 1);
		if (!collect_unit_matches(unit, unit_prefix))
			continue;
		long kind = inspection_find_kind(ins, (const char *)sqlite3_column_text(st, 0));
		size_t row;
		if (by_unit) {
			if (!units_used || strcmp(units[units_used - 1], unit) != 0) {
				if (units_used == cap) {
					n = xrealloc(n, 2 * cap * sizeof *n);
					units = xrealloc(units, 2 * cap * sizeof *units);
					memset(n + cap, 0, cap * sizeof *n);
					cap *= 2;
				}
				units[units_used++] = xstrdup(unit);
			}
			row = units_used - 1;
		} else if (kind >= 0) {
			row = (size_t)kind;
		} else {
			continue;
		}
		bool answered = sqlite3_column_int(st, 2) != 0;
		long long given = sqlite3_column_int64(st, 3);
		int state = answered ? 1 : given > 0 ? 2 : 3;
		n[row][0]++;
		n[row][state]++;
		total[0]++;
		total[state]++;
	}
	sqlite3_finalize(st);
	long long roster = 0;
	if (rc == SQLITE_DONE && store_prepare(s, "SELECT count(*) FROM system WHERE fiscal_year = ?1", &st) == 0) {
		sqlite3_bind_int(st, 1, fiscal_year);
		rc = store_step(s, st) == SQLITE_ROW ? SQLITE_DONE : SQLITE_ERROR;
		roster = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	store_rollback(s);
	if (rc == SQLITE_DONE && roster > 0) {
		fprintf(out, "\nsystems of the focused inspection (reference date %s)\n", ins->reference_date);
		fprintf(out, "%-24s %9s %10s %12s %11s\n", by_unit ? "unit" : "kind", "systems", "answered", "in_progress",
			"not_started");
		nrows = by_unit ? units_used : ins->kind_count;
		for (size_t r = 0; r < nrows; r++) {
			if (!by_unit && n[r][0] == 0)
				continue;
			char *key = text_sanitize(by_unit ? units[r] : ins->kinds[r].code, false);
			int pad = 24 - text_width(key);
			fprintf(out, "%s%*s %9llu %10llu %12llu %11llu\n", key, pad > 0 ? pad : 0, "", n[r][0], n[r][1],
				n[r][2], n[r][3]);
			free(key);
		}
		fprintf(out, "%-24s %9llu %10llu %12llu %11llu\n", "all", total[0], total[1], total[2], total[3]);
	}
	for (size_t u = 0; u < units_used; u++)
		free(units[u]);
	free(units);
	free(n);
	quest_free(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

int systems_pending(struct store *s, int fiscal_year, const char *unit_prefix, bool excel, FILE *out)
{
	struct quest *q;
	if (collect_require_year(s, fiscal_year, NULL) || year_inspection(s, fiscal_year, &q))
		return -1;
	const struct inspection *ins = q->inspection;
	sqlite3_stmt *st;
	if (store_begin(s) ||
	    store_prepare(s, "SELECT y.system_id, y.name, y.kind, y.unit, y.officer, p.name, coalesce(r.answered, 0),"
			     " r.updated_at FROM system y"
			     " LEFT JOIN person p ON p.fiscal_year = y.fiscal_year AND p.person_id = y.officer"
			     " AND p.removed_at IS NULL"
			     " LEFT JOIN system_response r ON r.fiscal_year = y.fiscal_year AND r.system_id = y.system_id"
			     " WHERE y.fiscal_year = ?1 AND y.excluded = 0 AND r.submitted_at IS NULL"
			     " ORDER BY y.unit, y.officer, y.system_id", &st)) {
		store_rollback(s);
		quest_free(q);
		return -1;
	}
	sqlite3_bind_int(st, 1, fiscal_year);
	struct csvwrite w;
	csvwrite_begin(&w, out, excel);
	static const char *const head[] = {"system_id", "name", "kind", "unit", "officer", "officer_name", "progress",
					   "last_answer_at"};
	csvwrite_row(&w, head, 8);
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *unit = (const char *)sqlite3_column_text(st, 3);
		if (!collect_unit_matches(unit, unit_prefix))
			continue;
		long kind = inspection_find_kind(ins, (const char *)sqlite3_column_text(st, 2));
		for (int c = 0; c < 6; c++)
			csvwrite_field(&w, (const char *)sqlite3_column_text(st, c));
		csvwrite_fieldf(&w, "%lld/%zu", sqlite3_column_int64(st, 6), kind >= 0 ? ins->kind_item_count[kind] : 0);
		csvwrite_field(&w, (const char *)sqlite3_column_text(st, 7));
		csvwrite_end_row(&w);
	}
	sqlite3_finalize(st);
	store_rollback(s);
	fflush(out);
	quest_free(q);
	return rc == SQLITE_DONE ? 0 : -1;
}
