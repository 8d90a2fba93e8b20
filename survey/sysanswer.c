/* sysanswer: an officer's systems, their answers, and each answer written as it is given. */
#include "survey/sysanswer.h"
#include "core/responses.h"
#include "core/diag.h"
#include "core/livetally.h"
#include "survey/respondent.h"

#include <stdlib.h>
#include <string.h>

static int by_kind_then_id(const void *a, const void *b)
{
	const struct sysanswer_system *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->id, y->id);
}

int sysanswer_load(struct store *s, int fiscal_year, const struct quest *quest, const char *officer,
		   struct sysanswer *out)
{
	memset(out, 0, sizeof *out);
	out->store = s;
	out->fiscal_year = fiscal_year;
	out->quest = quest;
	out->officer = xstrdup(officer);
	const struct inspection *ins = quest->inspection;
	if (!ins)
		return 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT y.system_id, y.name, y.unit, y.kind, r.answers FROM system y"
			     " LEFT JOIN system_response r ON r.fiscal_year = y.fiscal_year AND r.system_id = y.system_id"
			     " WHERE y.fiscal_year = ?1 AND y.officer = ?2 AND y.excluded = 0", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	sqlite3_bind_text(st, 2, officer, -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		long kind = inspection_find_kind(ins, (const char *)sqlite3_column_text(st, 3));
		if (kind < 0)
			continue;
		out->systems = xgrow(out->systems, out->count, &cap, sizeof *out->systems, 8);
		size_t n = ins->kind_item_count[kind];
		struct sysanswer_system *y = &out->systems[out->count++];
		const char *stored = (const char *)sqlite3_column_text(st, 4);
		size_t stored_len = (size_t)sqlite3_column_bytes(st, 4);
		*y = (struct sysanswer_system){store_column_dup(st, 0), store_column_dup(st, 1), store_column_dup(st, 2),
					       (size_t)kind, response_packed(stored, stored_len, n), 0};
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (out->count)
		qsort(out->systems, out->count, sizeof *out->systems, by_kind_then_id);
	for (size_t i = 0; i < out->count; i++) {
		struct sysanswer_system *y = &out->systems[i];
		size_t first = sysanswer_first_unanswered(out, y);
		y->cursor = first < sysanswer_items(out, y) ? first : 0;
	}
	return 0;
}

void sysanswer_release(struct sysanswer *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->count; i++) {
		free(a->systems[i].id);
		free(a->systems[i].name);
		free(a->systems[i].unit);
		free(a->systems[i].answers);
	}
	free(a->systems);
	free(a->officer);
	memset(a, 0, sizeof *a);
}

size_t sysanswer_items(const struct sysanswer *a, const struct sysanswer_system *y)
{
	return a->quest->inspection->kind_item_count[y->kind];
}

const struct inspection_item *sysanswer_item(const struct sysanswer *a, const struct sysanswer_system *y, size_t pos)
{
	const struct inspection *ins = a->quest->inspection;
	return &ins->items[ins->kind_items[y->kind][pos]];
}

size_t sysanswer_answered(const struct sysanswer *a, const struct sysanswer_system *y)
{
	size_t n = sysanswer_items(a, y), answered = 0;
	for (size_t k = 0; k < n; k++)
		answered += y->answers[k] != RESPONSE_UNANSWERED;
	return answered;
}

bool sysanswer_complete(const struct sysanswer *a, const struct sysanswer_system *y)
{
	return sysanswer_answered(a, y) == sysanswer_items(a, y);
}

size_t sysanswer_first_unanswered(const struct sysanswer *a, const struct sysanswer_system *y)
{
	size_t n = sysanswer_items(a, y), k = 0;
	while (k < n && y->answers[k] != RESPONSE_UNANSWERED)
		k++;
	return k;
}

/* Runs one statement bound by bind() to completion; *changes gets the rows it changed. */
static int step_done(struct store *s, sqlite3_stmt *st, int *changes)
{
	int rc = store_step(s, st);
	if (changes)
		*changes = sqlite3_changes(sqlite3_db_handle(st));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int sysanswer_save(struct sysanswer *a, struct sysanswer_system *y, char code)
{
	const struct inspection *ins = a->quest->inspection;
	size_t n = sysanswer_items(a, y), pos = y->cursor;
	char before = y->answers[pos];
	char now[32];
	store_now(now, sizeof now);
	if (store_begin(a->store))
		return -1;
	int open = respondent_year_open(a->store, a->fiscal_year);
	if (open <= 0) {
		store_rollback(a->store);
		return open < 0 ? -1 : SYSANSWER_CLOSED;
	}
	struct livetally *lt = NULL;
	if (livetally_begin(a->store, a->fiscal_year, a->quest, &lt)) {
		store_rollback(a->store);
		return -1;
	}
	/* Only a counted system of this officer, of the kind whose sheet the answers follow. */
	sqlite3_stmt *st;
	int mine = 0;
	int result = store_prepare(a->store, "SELECT count(*) FROM system WHERE fiscal_year = ?1 AND system_id = ?2"
				   " AND officer = ?3 AND kind = ?4 AND excluded = 0", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, a->fiscal_year);
		sqlite3_bind_text(st, 2, y->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, a->officer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, ins->kinds[y->kind].code, -1, SQLITE_STATIC);
		result = store_step(a->store, st) == SQLITE_ROW ? 0 : -1;
		mine = result ? 0 : sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (!result && !mine) {
		livetally_free(lt);
		store_rollback(a->store);
		return SYSANSWER_NOT_YOURS;
	}
	/* The row starts unanswered; then only this answer's character changes, so two sessions
	 * never undo each other's other answers. */
	char *zeros = response_packed(NULL, 0, n);
	if (!result)
		result = store_prepare(a->store, "INSERT INTO system_response(fiscal_year, system_id, answers, answered,"
				       " updated_at) VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT DO NOTHING", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, a->fiscal_year);
		sqlite3_bind_text(st, 2, y->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, zeros, (int)n, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		result = step_done(a->store, st, NULL);
	}
	if (!result)
		result = store_prepare(a->store, "UPDATE system_response SET answers = substr(answers, 1, ?3) || ?4 ||"
				       " substr(answers, ?3 + 2), updated_at = ?5, answered_by = ?6"
				       " WHERE fiscal_year = ?1 AND system_id = ?2", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, a->fiscal_year);
		sqlite3_bind_text(st, 2, y->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)pos);
		sqlite3_bind_text(st, 4, &code, 1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, a->officer, -1, SQLITE_STATIC);
		result = step_done(a->store, st, NULL);
	}
	/* Answered in full: the system counts from now (and a later change counts as it is made). */
	if (!result)
		result = store_prepare(a->store, "UPDATE system_response SET answered = length(replace(answers, '0', '')),"
				       " submitted_at = CASE WHEN instr(answers, '0') = 0 THEN ?3 ELSE NULL END"
				       " WHERE fiscal_year = ?1 AND system_id = ?2", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, a->fiscal_year);
		sqlite3_bind_text(st, 2, y->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		result = step_done(a->store, st, NULL);
	}
	free(zeros);
	/* The systems' part of the kept tally, recounted when it was current (core/livetally.h);
	 * a tally that was not current is left for a recount. */
	if (!result && lt) {
		result = livetally_recount_inspection(lt);
		lt = NULL;
	}
	livetally_free(lt);
	if (result || store_commit(a->store)) {
		store_rollback(a->store);
		y->answers[pos] = before;
		return -1;
	}
	y->answers[pos] = code;
	return 0;
}
