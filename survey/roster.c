/* roster: checking a roster CSV and bringing a year's people and targets in line with it. */
#include "survey/roster.h"
#include "survey/rosterchange.h"
#include "core/diag.h"
#include "core/livetally.h"
#include "core/roles.h"
#include "core/text.h"
#include "survey/collect.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the file ---- */

/* One person as the file lists them. */
struct file_person {
	char *id, *name, *unit;
	unsigned roles;               /* bit per listed role */
	unsigned excluded;            /* of those, listed as excluded */
	long line;                    /* first row */
	long role_line[ROLE_COUNT];   /* row of each listed role */
};

struct roster_file {
	struct file_person *people;
	size_t count, cap;
	size_t targets, excluded;     /* rows, and rows with status excluded */
	GHashTable *by_id;            /* id → index + 1 */
};

const char *const roster_person_id_aliases[] = {"職員番号", "職員ID", "個人ID", NULL};
static const char *const name_aliases[] = {"氏名", "名前", "職員名", NULL};
static const char *const unit_aliases[] = {"所属", "部署", "所属部署", NULL};
static const char *const role_aliases[] = {"役割", NULL};
static const char *const status_aliases[] = {"状況", "状態", NULL};

enum { COL_ID, COL_NAME, COL_UNIT, COL_ROLE, COL_STATUS, COL_COUNT };

static const struct csvread_column columns[COL_COUNT] = {
	{"person_id", roster_person_id_aliases},
	{"name", name_aliases},
	{"unit", unit_aliases},
	{"role", role_aliases},
	{"status", status_aliases},
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

int roster_role_from_text(const char *text)
{
	int role = role_from_code(text);
	if (role >= 0)
		return role;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const char *ja = role_info((enum role)r)->name_ja;
		if (strcmp(text, ja) == 0)
			return r;
		const char *note = strstr(ja, "（");
		if (note && *text && strlen(text) == (size_t)(note - ja) && strncmp(text, ja, (size_t)(note - ja)) == 0)
			return r;
	}
	return -1;
}

/* Status: 0 active, 1 excluded, -1 unknown. */
static int status_from_text(const char *text)
{
	if (strcmp(text, "active") == 0 || strcmp(text, "対象") == 0)
		return 0;
	if (strcmp(text, "excluded") == 0 || strcmp(text, "対象外") == 0)
		return 1;
	return -1;
}

/* The problem with a name or unit, or NULL. */
static const char *text_problem(const char *value)
{
	/* C0, DEL and C1 (U+0080–U+009F): none of them may reach a terminal through pending,
	 * tokens or show. */
	const char *problem = text_line_problem(value);
	if (problem)
		return problem;
	if (g_utf8_strlen(value, -1) > ROSTER_TEXT_MAX)
		return "is longer than " G_STRINGIFY(ROSTER_TEXT_MAX) " characters";
	return NULL;
}

static void roster_file_release(struct roster_file *f)
{
	for (size_t i = 0; i < f->count; i++) {
		free(f->people[i].id);
		free(f->people[i].name);
		free(f->people[i].unit);
	}
	free(f->people);
	if (f->by_id)
		g_hash_table_destroy(f->by_id);
	memset(f, 0, sizeof *f);
}

/* Checks one row and adds it to f. Returns 0, or -1 after reporting through r. */
static int add_row(struct roster_file *f, struct csvread *r, const size_t *col)
{
	long line = r->line;
	const char *id = r->fields[col[COL_ID]], *name = r->fields[col[COL_NAME]];
	const char *role_text = r->fields[col[COL_ROLE]], *status = r->fields[col[COL_STATUS]];
	const char *problem = roster_id_problem(id);
	if (problem)
		return csvread_error(r, line, "%s", problem);
	if ((problem = text_problem(name)) != NULL)
		return csvread_error(r, line, "name %s", problem);
	if ((problem = text_problem(r->fields[col[COL_UNIT]])) != NULL)
		return csvread_error(r, line, "unit %s", problem);
	char *unit = collect_unit_normalize(r->fields[col[COL_UNIT]]);
	if (!*unit) {
		free(unit);
		return csvread_error(r, line, "unit is empty (expected a path such as 総務局/人事課)");
	}
	int role = roster_role_from_text(role_text);
	int excluded = status_from_text(status);
	int result = 0;
	if (role < 0)
		result = csvread_error(r, line, "unknown role '%s' (expected a role code such as staff or division_officer,"
				       " or its Japanese name)", role_text);
	else if (excluded < 0)
		result = csvread_error(r, line, "unknown status '%s' (expected active or excluded)", status);
	if (result) {
		free(unit);
		return -1;
	}
	size_t k = (size_t)(uintptr_t)g_hash_table_lookup(f->by_id, id);
	struct file_person *p = k ? &f->people[k - 1] : NULL;
	if (p && (p->roles & (1u << role))) {
		result = csvread_error(r, line, "person %s is listed with role %s twice (first at line %ld)", id,
				       role_info((enum role)role)->code, p->role_line[role]);
	} else if (p && (strcmp(p->name, name) != 0 || strcmp(p->unit, unit) != 0)) {
		result = csvread_error(r, line, "person %s has another name or unit than at line %ld", id, p->line);
	} else if (!p) {
		f->people = xgrow(f->people, f->count, &f->cap, sizeof *f->people, 256);
		p = &f->people[f->count++];
		memset(p, 0, sizeof *p);
		p->id = xstrdup(id);
		p->name = xstrdup(name);
		p->unit = unit;
		unit = NULL;
		p->line = line;
		g_hash_table_insert(f->by_id, p->id, (void *)(uintptr_t)f->count);
	}
	free(unit);
	if (result)
		return -1;
	p->roles |= 1u << role;
	p->role_line[role] = line;
	if (excluded)
		p->excluded |= 1u << role;
	f->targets++;
	f->excluded += (size_t)excluded;
	return 0;
}

static int roster_row(struct csvread *r, const size_t *col, void *f)
{
	return add_row(f, r, col);
}

static const struct csvread_rows roster_rows = {
	columns, COL_COUNT, "person_id,name,unit,role,status",
	"the roster lists nobody (expected at least one row after the header)", roster_row,
};

/* Reads and checks the whole file. Returns 0, or -1 after reporting every error (f is then
 * released). */
static int read_roster(const char *path, enum csvread_encoding encoding, struct roster_file *f)
{
	memset(f, 0, sizeof *f);
	f->by_id = g_hash_table_new(g_str_hash, g_str_equal);
	if (csvread_rows(path, encoding, &roster_rows, f)) {
		roster_file_release(f);
		return -1;
	}
	return 0;
}

/* ---- the store ---- */

/* One person of the year as the store holds them. */
struct old_person {
	char *id, *name, *unit, *removed_at;
	unsigned roles;               /* bit per target */
	unsigned excluded;            /* of those, excluded */
	unsigned answered;            /* of those, with answers (a response with an answer, or submitted) */
	bool other_answers;           /* a submission, or a response under a role this program does not know */
	bool token;
	bool in_file;
};

struct roster_store {
	struct old_person *people;
	size_t count;
	GHashTable *by_id;            /* id → index + 1 */
};

static bool has_answers(const struct old_person *p)
{
	return p->answered || p->other_answers;
}

static void roster_store_release(struct roster_store *st)
{
	for (size_t i = 0; i < st->count; i++) {
		free(st->people[i].id);
		free(st->people[i].name);
		free(st->people[i].unit);
		free(st->people[i].removed_at);
	}
	free(st->people);
	if (st->by_id)
		g_hash_table_destroy(st->by_id);
	memset(st, 0, sizeof *st);
}

/* Loads the year's people, targets and which targets have answers. Returns 0 or -1. */
static int load_store(struct store *s, int fiscal_year, struct roster_store *out)
{
	memset(out, 0, sizeof *out);
	out->by_id = g_hash_table_new(g_str_hash, g_str_equal);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT person_id, name, unit, removed_at, token_hash IS NOT NULL,"
			     " EXISTS (SELECT 1 FROM submission b WHERE b.fiscal_year = p.fiscal_year"
			     " AND b.person_id = p.person_id) FROM person p WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		out->people = xgrow(out->people, out->count, &cap, sizeof *out->people, 256);
		struct old_person *p = &out->people[out->count++];
		*p = (struct old_person){
			.id = store_column_dup(st, 0),
			.name = store_column_dup(st, 1),
			.unit = store_column_dup(st, 2),
			.removed_at = store_column_dup(st, 3),
			.token = sqlite3_column_int(st, 4) != 0,
			.other_answers = sqlite3_column_int(st, 5) != 0,
		};
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	for (size_t i = 0; i < out->count; i++)
		g_hash_table_insert(out->by_id, out->people[i].id, (void *)(uintptr_t)(i + 1));
	/* A response row counts when it holds an answer or a submission: the empty rows an
	 * import writes for a person's other roles hold nothing to keep. */
	if (store_prepare(s, "SELECT t.person_id, t.role, t.excluded, r.answered > 0 OR r.submitted_at IS NOT NULL"
			     " FROM target t"
			     " LEFT JOIN response r ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id"
			     " AND r.role = t.role WHERE t.fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		size_t k = (size_t)(uintptr_t)g_hash_table_lookup(out->by_id, sqlite3_column_text(st, 0));
		if (!k)
			continue;
		struct old_person *p = &out->people[k - 1];
		int role = role_from_code((const char *)sqlite3_column_text(st, 1));
		bool answered = sqlite3_column_int(st, 3) != 0;
		if (role < 0) {
			/* Left alone; its answers keep the person. */
			p->other_answers = p->other_answers || answered;
			continue;
		}
		p->roles |= 1u << role;
		if (sqlite3_column_int(st, 2))
			p->excluded |= 1u << role;
		if (answered)
			p->answered |= 1u << role;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- what changes ---- */

struct change {
	enum rosterchange_kind kind;
	const struct file_person *fp;   /* NULL for removals */
	const struct old_person *op;    /* NULL for additions */
	bool name, unit;
	unsigned added;                 /* roles added */
	unsigned dropped;               /* roles deleted (no answers) */
	unsigned dropped_kept;          /* roles dropped but kept, excluded, for their answers */
	unsigned to_active, to_excluded;
	size_t unit_rank;               /* the unit's place among the changes' units (rank_units) */
	uint64_t id_key;                /* the id's first 8 bytes as a number (id_sort_key) */
};

/* The first 8 bytes of an id (NUL-padded) as a big-endian number: ids with different keys
 * compare as their keys do, in strcmp's order; ids with the same key are compared in full.
 * A sort then seldom follows the pointer to an id. */
static uint64_t id_sort_key(const char *id)
{
	uint64_t key = 0;
	size_t i = 0;
	for (; i < 8 && id[i]; i++)
		key = key << 8 | (unsigned char)id[i];
	return i ? key << (8 * (8 - i)) : 0;
}

/* Compares a person of the file with their stored state; returns whether anything changes. */
static bool compare_person(const struct file_person *fp, const struct old_person *op, struct change *c)
{
	memset(c, 0, sizeof *c);
	c->fp = fp;
	c->op = op;
	c->kind = op->removed_at ? ROSTERCHANGE_RESTORED : ROSTERCHANGE_UPDATED;
	c->name = strcmp(fp->name, op->name) != 0;
	c->unit = strcmp(fp->unit, op->unit) != 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		unsigned bit = 1u << r;
		bool in_new = fp->roles & bit, in_old = op->roles & bit;
		if (in_new && !in_old) {
			c->added |= bit;
		} else if (in_new && in_old) {
			bool new_ex = fp->excluded & bit, old_ex = op->excluded & bit;
			if (new_ex && !old_ex)
				c->to_excluded |= bit;
			else if (!new_ex && old_ex)
				c->to_active |= bit;
		} else if (in_old) {
			/* A dropped role with answers stays as an excluded target; once excluded it
			 * is no change. */
			if (!(op->answered & bit))
				c->dropped |= bit;
			else if (!(op->excluded & bit))
				c->dropped_kept |= bit;
		}
	}
	return op->removed_at || c->name || c->unit || c->added || c->dropped || c->dropped_kept || c->to_active ||
	       c->to_excluded;
}

static const char *change_unit(const struct change *c)
{
	return c->fp ? c->fp->unit : c->op->unit;
}

static const char *change_id(const struct change *c)
{
	return c->fp ? c->fp->id : c->op->id;
}

/* rosterchange_order, with each unit compared by its rank: the same order, without comparing
 * units that share long paths once per comparison of the sort. */
static int compare_changes(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int d = rosterchange_kind_rank(x->kind) - rosterchange_kind_rank(y->kind);
	if (d)
		return d;
	if (x->unit_rank != y->unit_rank)
		return x->unit_rank < y->unit_rank ? -1 : 1;
	if (x->id_key != y->id_key)
		return x->id_key < y->id_key ? -1 : 1;
	return strcmp(change_id(x), change_id(y));
}

static int compare_texts(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sets each change's unit_rank: the place of its unit among the distinct units, in strcmp
 * order. */
static void rank_units(struct change *changes, size_t n)
{
	GHashTable *rank = g_hash_table_new(g_str_hash, g_str_equal);
	const char **units = xmalloc((n + 1) * sizeof *units);
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const char *unit = change_unit(&changes[i]);
		if (!g_hash_table_contains(rank, unit)) {
			g_hash_table_insert(rank, (gpointer)unit, NULL);
			units[count++] = unit;
		}
	}
	qsort(units, count, sizeof *units, compare_texts);
	for (size_t k = 0; k < count; k++)
		g_hash_table_insert(rank, (gpointer)units[k], (gpointer)(uintptr_t)k);
	for (size_t i = 0; i < n; i++)
		changes[i].unit_rank = (size_t)(uintptr_t)g_hash_table_lookup(rank, change_unit(&changes[i]));
	free(units);
	g_hash_table_destroy(rank);
}

/* Works out every change; the array is sorted by kind, unit and person. */
static struct change *diff(const struct roster_file *f, struct roster_store *st, bool replace, size_t *count,
			   struct rosterchange_counts *n)
{
	memset(n, 0, sizeof *n);
	struct change *changes = xcalloc(f->count + st->count + 1, sizeof *changes);
	size_t k = 0;
	for (size_t i = 0; i < f->count; i++) {
		const struct file_person *fp = &f->people[i];
		size_t at = (size_t)(uintptr_t)g_hash_table_lookup(st->by_id, fp->id);
		if (!at) {
			changes[k++] = (struct change){.kind = ROSTERCHANGE_ADDED, .fp = fp, .added = fp->roles};
			n->added++;
			continue;
		}
		struct old_person *op = &st->people[at - 1];
		op->in_file = true;
		if (!compare_person(fp, op, &changes[k])) {
			n->unchanged++;
			continue;
		}
		n->updated++;
		n->restored += changes[k].kind == ROSTERCHANGE_RESTORED;
		for (unsigned m = changes[k].dropped_kept; m; m &= m - 1)
			n->roles_kept++;
		k++;
	}
	for (size_t i = 0; i < st->count; i++) {
		const struct old_person *op = &st->people[i];
		if (op->in_file || op->removed_at)
			continue;
		if (!replace) {
			n->untouched++;
			continue;
		}
		bool keep = has_answers(op);
		changes[k++] = (struct change){.kind = keep ? ROSTERCHANGE_KEPT : ROSTERCHANGE_DELETED, .op = op};
		if (keep)
			n->kept++;
		else
			n->deleted++;
	}
	rank_units(changes, k);
	for (size_t i = 0; i < k; i++)
		changes[i].id_key = id_sort_key(change_id(&changes[i]));
	qsort(changes, k, sizeof *changes, compare_changes);
	*count = k;
	return changes;
}

/* ---- writing ---- */

enum {
	ST_INSERT_PERSON,
	ST_UPDATE_PERSON,
	ST_PUT_TARGET,
	ST_DELETE_TARGET,
	ST_EXCLUDE_TARGET,
	ST_REMOVE_PERSON,
	ST_EXCLUDE_ALL,
	ST_DELETE_PERSON,
	ST_COUNT
};

static const char *const statements[ST_COUNT] = {
	[ST_INSERT_PERSON] = "INSERT INTO person(fiscal_year, person_id, name, unit) VALUES (?1, ?2, ?3, ?4)",
	[ST_UPDATE_PERSON] = "UPDATE person SET name = ?3, unit = ?4, removed_at = NULL"
			     " WHERE fiscal_year = ?1 AND person_id = ?2",
	[ST_PUT_TARGET] = "INSERT INTO target(fiscal_year, person_id, role, excluded) VALUES (?1, ?2, ?3, ?4)"
			  " ON CONFLICT(fiscal_year, person_id, role) DO UPDATE SET excluded = excluded.excluded",
	[ST_DELETE_TARGET] = "DELETE FROM target WHERE fiscal_year = ?1 AND person_id = ?2 AND role = ?3",
	[ST_EXCLUDE_TARGET] = "UPDATE target SET excluded = 1 WHERE fiscal_year = ?1 AND person_id = ?2 AND role = ?3",
	[ST_REMOVE_PERSON] = "UPDATE person SET removed_at = ?3 WHERE fiscal_year = ?1 AND person_id = ?2",
	[ST_EXCLUDE_ALL] = "UPDATE target SET excluded = 1 WHERE fiscal_year = ?1 AND person_id = ?2 AND excluded = 0",
	[ST_DELETE_PERSON] = "DELETE FROM person WHERE fiscal_year = ?1 AND person_id = ?2",
};

struct writer {
	struct store *s;
	int fiscal_year;
	sqlite3_stmt *st[ST_COUNT];
	char now[32];
};

/* Runs statement k for person id with the optional text ?3, ?4 (NULL: unbound) and int ?4. */
static int run(struct writer *w, int k, const char *id, const char *t3, const char *t4, int i4)
{
	sqlite3_stmt *st = w->st[k];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_int(st, 1, w->fiscal_year);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	if (t3)
		sqlite3_bind_text(st, 3, t3, -1, SQLITE_STATIC);
	if (t4)
		sqlite3_bind_text(st, 4, t4, -1, SQLITE_STATIC);
	else if (sqlite3_bind_parameter_count(st) >= 4)
		sqlite3_bind_int(st, 4, i4);
	return store_step(w->s, st) == SQLITE_DONE ? 0 : -1;
}

static const char *code(int role)
{
	return role_info((enum role)role)->code;
}

static int apply_change(struct writer *w, const struct change *c)
{
	const char *id = change_id(c);
	int rc = 0;
	switch (c->kind) {
	case ROSTERCHANGE_ADDED:
		rc = run(w, ST_INSERT_PERSON, id, c->fp->name, c->fp->unit, 0);
		break;
	case ROSTERCHANGE_UPDATED:
	case ROSTERCHANGE_RESTORED:
		if (c->name || c->unit || c->kind == ROSTERCHANGE_RESTORED)
			rc = run(w, ST_UPDATE_PERSON, id, c->fp->name, c->fp->unit, 0);
		break;
	case ROSTERCHANGE_KEPT:
		if (run(w, ST_REMOVE_PERSON, id, w->now, NULL, 0) || run(w, ST_EXCLUDE_ALL, id, NULL, NULL, 0))
			return -1;
		return 0;
	case ROSTERCHANGE_DELETED:
		return run(w, ST_DELETE_PERSON, id, NULL, NULL, 0);
	}
	for (int r = 0; r < ROLE_COUNT && !rc; r++) {
		unsigned bit = 1u << r;
		if ((c->added | c->to_active | c->to_excluded) & bit)
			rc = run(w, ST_PUT_TARGET, id, code(r), NULL, (c->fp->excluded & bit) != 0);
		else if (c->dropped & bit)
			rc = run(w, ST_DELETE_TARGET, id, code(r), NULL, 0);
		else if (c->dropped_kept & bit)
			rc = run(w, ST_EXCLUDE_TARGET, id, code(r), NULL, 0);
	}
	return rc;
}

/* Whether the change writes a row the tally reads: a target, its exclusion, a unit. */
static bool changes_tally_inputs(const struct change *c)
{
	switch (c->kind) {
	case ROSTERCHANGE_ADDED:
		return c->added != 0;
	case ROSTERCHANGE_KEPT:
		return (c->op->roles & ~c->op->excluded) != 0;
	case ROSTERCHANGE_DELETED:
		return c->op->roles != 0;
	case ROSTERCHANGE_UPDATED:
	case ROSTERCHANGE_RESTORED:
		break;
	}
	return c->unit || c->added || c->dropped || c->dropped_kept || c->to_active || c->to_excluded;
}

/* A change in the order of ids, with its key beside it so that a sort reads only the array. */
struct by_id {
	uint64_t key;
	const struct change *change;
};

static int compare_change_ids(const void *a, const void *b)
{
	const struct by_id *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(change_id(x->change), change_id(y->change));
}

/* Writes the changes as one batch: the change counter of the year is raised once, when any
 * of them touches what a tally reads, rather than by a trigger per row. They are written in
 * the order of person ids, the order of the tables' keys, so that a large roster fills its
 * pages one after the other. */
static int apply(struct store *s, int fiscal_year, const struct change *changes, size_t count)
{
	struct writer w = {.s = s, .fiscal_year = fiscal_year};
	store_now(w.now, sizeof w.now);
	struct by_id *order = xmalloc((count + 1) * sizeof *order);
	for (size_t i = 0; i < count; i++)
		order[i] = (struct by_id){changes[i].id_key, &changes[i]};
	qsort(order, count, sizeof *order, compare_change_ids);
	bool changed = false;
	/* The statements are prepared inside the batch, which changes the schema. */
	int rc = store_batch_begin(s, fiscal_year);
	for (int k = 0; k < ST_COUNT && !rc; k++)
		rc = store_prepare(s, statements[k], &w.st[k]);
	for (size_t i = 0; i < count && !rc; i++) {
		/* The changes lie in the order of the listing, and their people in the file's: what
		 * the next ones read is fetched ahead, in three steps, so that the misses overlap. */
		if (i + 12 < count)
			__builtin_prefetch(order[i + 12].change);
		if (i + 8 < count) {
			const struct change *c = order[i + 8].change;
			__builtin_prefetch(c->fp ? (const void *)c->fp : (const void *)c->op);
		}
		if (i + 4 < count) {
			const struct change *c = order[i + 4].change;
			__builtin_prefetch(change_id(c));
			__builtin_prefetch(c->fp ? c->fp->name : c->op->name);
			__builtin_prefetch(change_unit(c));
		}
		changed = changed || changes_tally_inputs(order[i].change);
		rc = apply_change(&w, order[i].change);
	}
	free(order);
	if (!rc)
		rc = store_batch_end(s, changed);
	for (int k = 0; k < ST_COUNT; k++)
		sqlite3_finalize(w.st[k]);
	return rc;
}

/* ---- reporting ---- */

/* Appends the roles of the mask (catalogue order), each after sign, to a list in sb. */
static void add_roles(struct strbuf *sb, unsigned roles, const char *sign, unsigned excluded)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (roles & (1u << r))
			strbuf_addf(sb, "%s%s%s%s", sb->len ? ", " : "", sign, code(r),
				    excluded & (1u << r) ? " (excluded)" : "");
}

/* One line describing the change of one person. */
static void print_change(FILE *out, const struct change *c)
{
	const char *name = c->fp ? c->fp->name : c->op->name;
	struct strbuf d;
	strbuf_init(&d);
	switch (c->kind) {
	case ROSTERCHANGE_ADDED:
		add_roles(&d, c->fp->roles, "", c->fp->excluded);
		break;
	case ROSTERCHANGE_KEPT:
		strbuf_addstr(&d, "has answers: kept, marked removed, no longer a target");
		break;
	case ROSTERCHANGE_DELETED:
		strbuf_addstr(&d, c->op->token ? "no answers: deleted, with their login token" : "no answers: deleted");
		break;
	case ROSTERCHANGE_UPDATED:
	case ROSTERCHANGE_RESTORED: {
		struct strbuf parts;
		strbuf_init(&parts);
		if (c->kind == ROSTERCHANGE_RESTORED)
			strbuf_addf(&parts, "back on the roster (removed at %s)", c->op->removed_at);
		if (c->name)
			strbuf_addf(&parts, "%sname %s → %s", parts.len ? "; " : "", c->op->name, c->fp->name);
		if (c->unit)
			strbuf_addf(&parts, "%sunit %s → %s", parts.len ? "; " : "", c->op->unit, c->fp->unit);
		if (c->added || c->dropped || c->dropped_kept) {
			struct strbuf roles;
			strbuf_init(&roles);
			add_roles(&roles, c->added, "+", c->fp->excluded);
			add_roles(&roles, c->dropped, "-", 0);
			for (int r = 0; r < ROLE_COUNT; r++)
				if (c->dropped_kept & (1u << r))
					strbuf_addf(&roles, "%s-%s (has answers: kept, excluded)", roles.len ? ", " : "",
						    code(r));
			strbuf_addf(&parts, "%sroles %s", parts.len ? "; " : "", roles.buf);
			strbuf_release(&roles);
		}
		for (int r = 0; r < ROLE_COUNT; r++) {
			unsigned bit = 1u << r;
			if ((c->to_active | c->to_excluded) & bit)
				strbuf_addf(&parts, "%s%s %s", parts.len ? "; " : "", code(r),
					    c->to_active & bit ? "excluded → active" : "active → excluded");
		}
		strbuf_addstr(&d, parts.buf);
		strbuf_release(&parts);
		break;
	}
	}
	rosterchange_print(out, c->kind, change_id(c), name, change_unit(c), d.buf);
	strbuf_release(&d);
}

/* The kept tally recounted over the year's questionnaire — unless it was current before the
 * import (was_current) and the import changed nothing it counts (the answers' generation is
 * still `generation`). */
static int recount(struct store *s, int fiscal_year, bool was_current, long long generation)
{
	long long now;
	if (store_answer_generation(s, fiscal_year, &now, NULL))
		return -1;
	if (was_current && now == generation)
		return 0;
	struct quest *q;
	if (store_year_quest(s, fiscal_year, &q) != 1)
		return -1;
	int rc = livetally_recount(s, fiscal_year, q, NULL);
	quest_free(q);
	return rc;
}

int roster_import(struct store *s, int fiscal_year, const char *path, const struct roster_options *o)
{
	if (collect_require_open(s, fiscal_year, "its roster can no longer change"))
		return -1;
	struct roster_file f;
	if (read_roster(path, o->encoding, &f))
		return -1;
	struct roster_store st;
	struct change *changes = NULL;
	size_t count = 0;
	struct rosterchange_counts n;
	char *counts = NULL;
	int result = store_begin(s);
	if (!result)
		result = load_store(s, fiscal_year, &st);
	else
		memset(&st, 0, sizeof st);
	if (!result) {
		changes = diff(&f, &st, o->replace, &count, &n);
		counts = rosterchange_counts_text(path, o->replace, &n, "person", "people",
						  "%zu people, %zu targets, %zu excluded roles", f.count,
						  f.targets - f.excluded, f.excluded);
	}
	if (!result && !o->dry_run) {
		bool was_current = false;
		long long generation = 0;
		result = livetally_is_current(s, fiscal_year, &was_current) ||
				 store_answer_generation(s, fiscal_year, &generation, NULL)
			 ? -1 : 0;
		if (!result)
			result = apply(s, fiscal_year, changes, count);
		/* A roster import is rare and may change anything the tally counts: the kept tally
		 * is recounted in its transaction (core/livetally.h). */
		if (!result)
			result = recount(s, fiscal_year, was_current, generation);
		if (!result)
			result = store_log(s, fiscal_year, "survey", "roster import", "%s", counts);
		if (!result)
			result = store_commit(s);
	}
	store_rollback(s);
	if (!result) {
		for (size_t i = 0; i < count; i++)
			if (o->dry_run || changes[i].kind == ROSTERCHANGE_KEPT || changes[i].dropped_kept)
				print_change(stdout, &changes[i]);
		rosterchange_print_summary(fiscal_year, o->dry_run, counts);
	}
	free(counts);
	free(changes);
	roster_store_release(&st);
	roster_file_release(&f);
	return result;
}
