/* respondent: login, per-answer writes and submission for one person. */
#include "survey/respondent.h"
#include "core/responses.h"
#include "core/diag.h"
#include "core/livetally.h"
#include "survey/token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int respondent_year_open(struct store *s, int fiscal_year)
{
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found <= 0)
		return found;
	int open = y.closed_at == NULL;
	store_year_release(&y);
	return open;
}

/* Loads the person's held roles and stored answers into r. Returns 1, 0 (no roles), -1. */
static int load_person(struct respondent *r, const struct quest *quest)
{
	sqlite3_stmt *st;
	unsigned roles = 0;
	if (store_prepare(r->store, "SELECT role FROM target WHERE fiscal_year = ?1 AND person_id = ?2"
			  " AND excluded = 0", &st))
		return -1;
	sqlite3_bind_int(st, 1, r->fiscal_year);
	sqlite3_bind_text(st, 2, r->person_id, -1, SQLITE_STATIC);
	int rc;
	while ((rc = store_step(r->store, st)) == SQLITE_ROW) {
		int role = role_from_code((const char *)sqlite3_column_text(st, 0));
		if (role >= 0)
			roles |= 1u << role;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (!roles)
		return 0;
	sheet_init(&r->sheet, quest, roles);
	if (store_prepare(r->store, "SELECT role, answers, submitted_at, changed_after_submit_at FROM response"
			  " WHERE fiscal_year = ?1 AND person_id = ?2", &st))
		return -1;
	sqlite3_bind_int(st, 1, r->fiscal_year);
	sqlite3_bind_text(st, 2, r->person_id, -1, SQLITE_STATIC);
	int result = 1;
	while ((rc = store_step(r->store, st)) == SQLITE_ROW) {
		int role = role_from_code((const char *)sqlite3_column_text(st, 0));
		if (role < 0 || !(roles & (1u << role)))
			continue;
		const char *packed = (const char *)sqlite3_column_text(st, 1);
		if (sheet_load_role(&r->sheet, (enum role)role, packed ? packed : "",
				    (size_t)sqlite3_column_bytes(st, 1))) {
			result = diag_error("%s: stored answers of one role of this person do not fit the"
					    " questionnaire of fiscal year %d", r->store->path, r->fiscal_year);
			break;
		}
		if (sqlite3_column_type(st, 2) != SQLITE_NULL && !r->submitted_at)
			r->submitted_at = store_column_dup(st, 2);
		/* The latest change after submission over the person's rows (ISO times sort). */
		const char *changed = (const char *)sqlite3_column_text(st, 3);
		if (changed && (!r->changed_at || strcmp(changed, r->changed_at) > 0)) {
			free(r->changed_at);
			r->changed_at = xstrdup(changed);
		}
	}
	sqlite3_finalize(st);
	if (result == 1 && rc != SQLITE_DONE)
		result = -1;
	if (result != 1)
		sheet_release(&r->sheet);
	else
		sheet_goto(&r->sheet, sheet_first_unanswered(&r->sheet));
	return result;
}

int respondent_login(struct store *s, int fiscal_year, const struct quest *quest,
		     const char *person_id, const char *token, struct respondent *r)
{
	memset(r, 0, sizeof *r);
	r->store = s;
	r->fiscal_year = fiscal_year;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT name, unit, token_hash FROM person WHERE fiscal_year = ?1"
			     " AND person_id = ?2", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	sqlite3_bind_text(st, 2, person_id, -1, SQLITE_STATIC);
	int rc = store_step(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return -1;
	}
	/* An unknown person is checked against a dummy hash so that both failures take the
	 * same path. */
	static const unsigned char dummy[TOKEN_HASH_SIZE];
	const void *stored = dummy;
	size_t stored_len = sizeof dummy;
	if (rc == SQLITE_ROW) {
		stored = sqlite3_column_blob(st, 2);
		stored_len = (size_t)sqlite3_column_bytes(st, 2);
	}
	bool ok = token_matches(token, stored, stored_len) && rc == SQLITE_ROW;
	if (ok) {
		r->person_id = xstrdup(person_id);
		r->name = store_column_dup(st, 0);
		r->unit = store_column_dup(st, 1);
	}
	sqlite3_finalize(st);
	if (!ok)
		return 0;
	int loaded = load_person(r, quest);
	if (loaded != 1)
		respondent_release(r);
	return loaded;
}

void respondent_release(struct respondent *r)
{
	if (!r)
		return;
	sheet_release(&r->sheet);
	free(r->person_id);
	free(r->name);
	free(r->unit);
	free(r->submitted_at);
	free(r->changed_at);
	memset(r, 0, sizeof *r);
}

/* Runs one bound statement to completion. */
static int run(struct store *s, sqlite3_stmt *st)
{
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The kept tally (core/livetally.h) around a write of the person's answers: keep_begin, before
 * the write, reads the person as the tally sees them — when the counts are current and the
 * write can change them: any submission (role ROLE_COUNT), or an answer of a submitted sheet
 * of role. Otherwise *lt is NULL and the write changes nothing the tally counts (an answer of
 * a sheet not submitted) or leaves the counts to a recount (they were not current). keep_end,
 * after the write, records the change and writes the counts.
 */
static int keep_begin(struct respondent *r, int role, struct livetally **lt, struct livetally_person *before)
{
	memset(before, 0, sizeof *before);
	if (livetally_begin(r->store, r->fiscal_year, r->sheet.quest, lt))
		return -1;
	if (!*lt)
		return 0;
	int found = livetally_read(*lt, r->person_id, before);
	bool counts = found == 1 && role == ROLE_COUNT;
	for (size_t i = 0; found == 1 && i < before->count; i++)
		counts = counts || (before->targets[i].role == (enum role)role && before->targets[i].submitted &&
				    !before->targets[i].excluded);
	if (found < 0 || !counts) {
		livetally_person_release(before);
		livetally_free(*lt);
		*lt = NULL;
	}
	return found < 0 ? -1 : 0;
}

static int keep_end(struct respondent *r, struct livetally *lt, const struct livetally_person *before)
{
	struct livetally_person after;
	int found = livetally_read(lt, r->person_id, &after);
	int result = found < 0 || livetally_change(lt, before, found ? &after : NULL) ? -1 : 0;
	livetally_person_release(&after);
	if (result) {
		livetally_free(lt);
		return -1;
	}
	return livetally_commit(lt);
}

/* Opens a write of the person's answers: a transaction (relaxed: store_begin_relaxed), refused
 * when the year is closed, and the kept tally's view of the person before it (keep_begin).
 * Returns 0, -1, or RESPONDENT_CLOSED; on anything but 0 nothing is left open. */
static int write_begin(struct respondent *r, bool relaxed, int role, struct livetally **lt,
		       struct livetally_person *before)
{
	if (relaxed ? store_begin_relaxed(r->store) : store_begin(r->store))
		return -1;
	int open = respondent_year_open(r->store, r->fiscal_year);
	if (open <= 0) {
		store_rollback(r->store);
		return open < 0 ? -1 : RESPONDENT_CLOSED;
	}
	if (keep_begin(r, role, lt, before)) {
		store_rollback(r->store);
		return -1;
	}
	return 0;
}

/* Ends it: when the write went well (result 0), the kept tally's change and the commit; else,
 * or when either fails, the rollback. Returns 0 or -1. */
static int write_end(struct respondent *r, int result, struct livetally *lt, struct livetally_person *before)
{
	if (!result && lt)
		result = keep_end(r, lt, before);
	else
		livetally_free(lt);
	livetally_person_release(before);
	if (result || store_commit(r->store)) {
		store_rollback(r->store);
		return -1;
	}
	return 0;
}

int respondent_save(struct respondent *r, size_t index)
{
	const struct sheet_entry *e = &r->sheet.entries[index];
	const char *role = role_info(e->role)->code;
	size_t n = r->sheet.quest->role_item_count[e->role];
	char code = sheet_get(&r->sheet, index);
	char now[32];
	store_now(now, sizeof now);
	/* A change of a submitted sheet counts at once: the kept tally changes with it. */
	struct livetally *lt = NULL;
	struct livetally_person before = {0};
	int begun = write_begin(r, true, e->role, &lt, &before);
	if (begun)
		return begun;
	/* The row is created unanswered on the first answer; then only this one character
	 * changes, so two sessions of one person never overwrite each other's other answers. */
	sqlite3_stmt *st;
	bool changed = false;
	char *zeros = response_packed(NULL, 0, n);
	int result = store_prepare(r->store, "INSERT INTO response(fiscal_year, person_id, role, answers,"
				   " answered, updated_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)"
				   " ON CONFLICT DO NOTHING", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, r->fiscal_year);
		sqlite3_bind_text(st, 2, r->person_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, zeros, (int)n, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		result = run(r->store, st);
	}
	if (!result)
		result = store_prepare(r->store, "UPDATE response SET answers = substr(answers, 1, ?4) || ?5 ||"
				       " substr(answers, ?4 + 2), updated_at = ?6,"
				       " changed_after_submit_at = CASE WHEN submitted_at IS NOT NULL AND"
				       " substr(answers, ?4 + 1, 1) <> ?5 THEN ?6 ELSE changed_after_submit_at END"
				       " WHERE fiscal_year = ?1 AND person_id = ?2 AND role = ?3"
				       " RETURNING changed_after_submit_at = ?6", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, r->fiscal_year);
		sqlite3_bind_text(st, 2, r->person_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)e->pos);
		sqlite3_bind_text(st, 5, &code, 1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
		int rc = store_step(r->store, st);
		if (rc == SQLITE_ROW) {
			changed = sqlite3_column_int(st, 0) == 1;
			rc = store_step(r->store, st);
		}
		sqlite3_finalize(st);
		result = rc == SQLITE_DONE ? 0 : -1;
	}
	if (!result)
		result = store_prepare(r->store, "UPDATE response SET answered ="
				       " length(replace(answers, '0', ''))"
				       " WHERE fiscal_year = ?1 AND person_id = ?2 AND role = ?3", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, r->fiscal_year);
		sqlite3_bind_text(st, 2, r->person_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
		result = run(r->store, st);
	}
	free(zeros);
	if (write_end(r, result, lt, &before))
		return -1;
	if (changed) {
		free(r->changed_at);
		r->changed_at = xstrdup(now);
	}
	return 0;
}

int respondent_submit(struct respondent *r, struct respondent_receipt *receipt)
{
	memset(receipt, 0, sizeof *receipt);
	store_now(receipt->submitted_at, sizeof receipt->submitted_at);
	if (r->submitted_at)
		snprintf(receipt->previous_at, sizeof receipt->previous_at, "%s", r->submitted_at);
	receipt->answers = sheet_answered(&r->sheet);
	sheet_digest(&r->sheet, receipt->digest);
	struct livetally *lt = NULL;
	struct livetally_person before = {0};
	int begun = write_begin(r, false, ROLE_COUNT, &lt, &before);
	if (begun)
		return begun;
	/* Every answer is already stored; write the rows again from the sheet so that the
	 * submission certifies exactly what the respondent saw. */
	sqlite3_stmt *st;
	int result = store_prepare(r->store, "INSERT INTO response(fiscal_year, person_id, role, answers,"
				   " answered, updated_at, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
				   " ON CONFLICT DO UPDATE SET answers = excluded.answers,"
				   " answered = excluded.answered, submitted_at = excluded.submitted_at,"
				   " changed_after_submit_at = NULL", &st);
	for (int role = 0; role < ROLE_COUNT && !result; role++) {
		const char *packed = r->sheet.answers[role];
		if (!packed)
			continue;
		size_t n = strlen(packed), answered = 0;
		for (size_t i = 0; i < n; i++)
			answered += packed[i] != RESPONSE_UNANSWERED;
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, r->fiscal_year);
		sqlite3_bind_text(st, 2, r->person_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, role_info((enum role)role)->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, packed, (int)n, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)answered);
		sqlite3_bind_text(st, 6, receipt->submitted_at, -1, SQLITE_STATIC);
		if (store_step(r->store, st) != SQLITE_DONE)
			result = -1;
	}
	if (st)
		sqlite3_finalize(st);
	if (!result)
		result = store_prepare(r->store, "INSERT INTO submission(fiscal_year, person_id, submitted_at,"
				       " answer_count, answers_digest) VALUES (?1, ?2, ?3, ?4, ?5)", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, r->fiscal_year);
		sqlite3_bind_text(st, 2, r->person_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, receipt->submitted_at, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)receipt->answers);
		sqlite3_bind_text(st, 5, receipt->digest, -1, SQLITE_STATIC);
		result = run(r->store, st);
	}
	if (write_end(r, result, lt, &before))
		return -1;
	free(r->submitted_at);
	r->submitted_at = xstrdup(receipt->submitted_at);
	free(r->changed_at);
	r->changed_at = NULL;
	return 0;
}
