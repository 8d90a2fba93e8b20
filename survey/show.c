/* show: one person's roster entry, answers and submissions. */
#include "survey/show.h"
#include "core/responses.h"
#include "core/choice.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/roles.h"
#include "core/text.h"
#include "survey/collect.h"

#include <stdlib.h>
#include <string.h>

static const char *answer_word(char c)
{
	switch (c) {
	case RESPONSE_IMPLEMENTED:
		return "implemented";
	case RESPONSE_NOT_IMPLEMENTED:
		return "not implemented";
	case RESPONSE_NOT_APPLICABLE:
		return "not applicable";
	default:
		return "unanswered";
	}
}

/* Prints text from the store, cleaned of control characters. */
static void put_clean(FILE *out, const char *label, const char *text)
{
	char *clean = text_sanitize(text, false);
	fprintf(out, "%-12s %s\n", label, clean);
	free(clean);
}

static void print_role(FILE *out, const struct quest *q, sqlite3_stmt *st, bool removed)
{
	const char *code = (const char *)sqlite3_column_text(st, 0);
	bool excluded = sqlite3_column_int(st, 1) != 0;
	const char *answers = (const char *)sqlite3_column_text(st, 2);
	size_t len = (size_t)sqlite3_column_bytes(st, 2);
	const char *updated = (const char *)sqlite3_column_text(st, 3);
	const char *submitted = (const char *)sqlite3_column_text(st, 4);
	const char *changed = (const char *)sqlite3_column_text(st, 5);
	char when[CLOCK_TEXT_SIZE];
	int role = role_from_code(code);
	char *clean = text_sanitize(code, false);
	const char *state = !excluded ? "target" : removed ? "excluded (removed from the roster)" : "excluded";
	if (role < 0) {
		fprintf(out, "role %s: %s (not a role of this program)\n", clean, state);
		free(clean);
		return;
	}
	size_t n = q->role_item_count[role];
	fprintf(out, "role %s (%s): %s\n", clean, role_info((enum role)role)->name_ja, state);
	free(clean);
	bool fits = !answers || len == n;
	size_t answered = 0;
	for (size_t i = 0; answers && fits && i < n; i++)
		answered += answers[i] != RESPONSE_UNANSWERED;
	fprintf(out, "  answered %zu / %zu; %s%s", answered, n, submitted ? "submitted " : "not submitted",
		submitted ? clock_display(submitted, when, sizeof when) : "");
	if (changed)
		fprintf(out, "; changed after submission %s", clock_display(changed, when, sizeof when));
	if (updated)
		fprintf(out, "; last answer %s", clock_display(updated, when, sizeof when));
	fputc('\n', out);
	if (!fits) {
		fprintf(out, "  the stored answers (%zu) do not fit the questionnaire's %zu items\n", len, n);
		return;
	}
	for (size_t k = 0; k < n; k++) {
		char c = answers ? answers[k] : RESPONSE_UNANSWERED;
		const struct quest_item *it = &q->items[q->role_items[role][k]];
		const char *id = it->id;
		if (it->choice && c != RESPONSE_UNANSWERED) {
			/* a choice item: the options picked, "options 1,3" */
			char picked[64];
			unsigned mask = choice_decode(it->choice, c);
			choice_format(mask, picked, sizeof picked);
			fprintf(out, "  %-10s %c %s%s\n", id, c, mask ? "options " : "unknown code", picked);
			continue;
		}
		fprintf(out, "  %-10s %c %s\n", id, c == RESPONSE_UNANSWERED ? '-' : c, answer_word(c));
	}
}

int show_person(struct store *s, int fiscal_year, const char *person_id, FILE *out)
{
	if (collect_require_year(s, fiscal_year, NULL))
		return -1;
	struct quest *q;
	if (store_year_quest(s, fiscal_year, &q) <= 0)
		return -1;
	if (store_begin(s)) {
		quest_free(q);
		return -1;
	}
	sqlite3_stmt *st;
	int result = store_prepare(s, "SELECT name, unit, removed_at, token_hash IS NOT NULL FROM person"
				   " WHERE fiscal_year = ?1 AND person_id = ?2", &st);
	bool removed = false;
	char when[CLOCK_TEXT_SIZE];
	if (!result) {
		sqlite3_bind_int(st, 1, fiscal_year);
		sqlite3_bind_text(st, 2, person_id, -1, SQLITE_STATIC);
		int rc = store_step(s, st);
		if (rc == SQLITE_ROW) {
			const char *removed_at = (const char *)sqlite3_column_text(st, 2);
			removed = removed_at != NULL;
			put_clean(out, "person", person_id);
			put_clean(out, "name", (const char *)sqlite3_column_text(st, 0));
			put_clean(out, "unit", (const char *)sqlite3_column_text(st, 1));
			if (removed)
				fprintf(out, "%-12s removed at %s; kept because of the answers below\n", "roster",
					clock_display(removed_at, when, sizeof when));
			else
				fprintf(out, "%-12s on the roster\n", "roster");
			fprintf(out, "%-12s %s\n", "login token", sqlite3_column_int(st, 3) ? "issued" : "not issued");
		} else if (rc == SQLITE_DONE) {
			result = diag_error("%s: person '%s' is not in the store for fiscal year %d", s->path, person_id,
					    fiscal_year);
		} else {
			result = -1;
		}
		sqlite3_finalize(st);
	}
	if (!result)
		result = store_prepare(s, "SELECT t.role, t.excluded, r.answers, r.updated_at, r.submitted_at,"
				       " r.changed_after_submit_at FROM target t"
				       " LEFT JOIN response r ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id"
				       " AND r.role = t.role WHERE t.fiscal_year = ?1 AND t.person_id = ?2", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, fiscal_year);
		sqlite3_bind_text(st, 2, person_id, -1, SQLITE_STATIC);
		/* Roles in catalogue order (a person has a few targets: one pass per role is cheap). */
		int rc, printed = 0;
		for (int pass = 0; pass <= ROLE_COUNT && !result; pass++) {
			sqlite3_reset(st);
			while ((rc = store_step(s, st)) == SQLITE_ROW) {
				int role = role_from_code((const char *)sqlite3_column_text(st, 0));
				if ((pass < ROLE_COUNT && role == pass) || (pass == ROLE_COUNT && role < 0)) {
					print_role(out, q, st, removed);
					printed++;
				}
			}
			if (rc != SQLITE_DONE)
				result = -1;
		}
		if (!printed && !result)
			fprintf(out, "no roles\n");
		sqlite3_finalize(st);
	}
	if (!result)
		result = store_prepare(s, "SELECT submitted_at, answer_count, answers_digest FROM submission"
				       " WHERE fiscal_year = ?1 AND person_id = ?2 ORDER BY submitted_at, rowid", &st);
	if (!result) {
		sqlite3_bind_int(st, 1, fiscal_year);
		sqlite3_bind_text(st, 2, person_id, -1, SQLITE_STATIC);
		int rc, n = 0;
		while ((rc = store_step(s, st)) == SQLITE_ROW) {
			if (!n++)
				fprintf(out, "submissions\n");
			fprintf(out, "  %s  %lld answers  digest %s\n",
				clock_display((const char *)sqlite3_column_text(st, 0), when, sizeof when),
				sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 2));
		}
		if (rc != SQLITE_DONE)
			result = -1;
		else if (!n)
			fprintf(out, "submissions  none\n");
		sqlite3_finalize(st);
	}
	store_rollback(s);
	quest_free(q);
	return result;
}
