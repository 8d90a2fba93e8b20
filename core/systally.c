/* systally: counting systems and their answers for the tally; listing them. */
#include "core/systally.h"
#include "core/diag.h"
#include "core/inspection.h"
#include "core/responses.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int systally_year(struct store *s, int fiscal_year, struct tally *t)
{
	const struct inspection *ins = t->quest->inspection;
	if (!ins)
		return 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT y.system_id, y.kind, y.excluded, r.answers, r.submitted_at IS NOT NULL FROM system y"
			     " LEFT JOIN system_response r ON r.fiscal_year = y.fiscal_year AND r.system_id = y.system_id"
			     " WHERE y.fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	int rc, result = 0;
	struct tally_inspection *ti = NULL;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (!ti) {
			ti = tally_inspection_use(t);
			snprintf(ti->reference_date, sizeof ti->reference_date, "%s", ins->reference_date);
			for (size_t k = 0; k < ins->kind_count; k++)
				ti->kind_present[k] = true;
		}
		if (sqlite3_column_int(st, 2))
			continue;
		const char *id = (const char *)sqlite3_column_text(st, 0);
		long kind = inspection_find_kind(ins, (const char *)sqlite3_column_text(st, 1));
		if (kind < 0) {
			result = diag_error("%s: system %s is of kind '%s', which questionnaire %s does not inspect", s->path,
					    id, (const char *)sqlite3_column_text(st, 1), t->quest->id);
			break;
		}
		ti->systems[kind]++;
		if (!sqlite3_column_int(st, 4))
			continue;
		const char *answers = (const char *)sqlite3_column_text(st, 3);
		size_t n = ins->kind_item_count[kind];
		if (!answers || (size_t)sqlite3_column_bytes(st, 3) != n) {
			result = diag_error("%s: the answers of system %s do not fit the %zu items of kind %s", s->path, id, n,
					    ins->kinds[kind].code);
			break;
		}
		for (size_t k = 0; k < n; k++) {
			struct tally_counts *c = &ti->items[ins->kind_items[kind][k]];
			switch (answers[k]) {
			case RESPONSE_IMPLEMENTED: c->implemented++; break;
			case RESPONSE_NOT_IMPLEMENTED: c->not_implemented++; break;
			case RESPONSE_NOT_APPLICABLE: c->not_applicable++; break;
			default:
				result = diag_error("%s: the answers of system %s hold an unknown code at item %zu", s->path,
						    id, k + 1);
			}
		}
		if (result)
			break;
	}
	sqlite3_finalize(st);
	return result || rc != SQLITE_DONE ? -1 : 0;
}

int systally_list(struct store *s, int fiscal_year, struct systally_system **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT y.system_id, y.name, y.kind, y.unit, y.officer, p.name,"
			     " y.excluded OR y.removed_at IS NOT NULL, r.answers, r.submitted_at IS NOT NULL, r.updated_at"
			     " FROM system y LEFT JOIN person p ON p.fiscal_year = y.fiscal_year AND p.person_id = y.officer"
			     " AND p.removed_at IS NULL"
			     " LEFT JOIN system_response r ON r.fiscal_year = y.fiscal_year AND r.system_id = y.system_id"
			     " WHERE y.fiscal_year = ?1 ORDER BY y.unit, y.officer, y.system_id", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		*out = xgrow(*out, *count, &cap, sizeof **out, 64);
		(*out)[(*count)++] = (struct systally_system){
			store_column_dup(st, 0), store_column_dup(st, 1), store_column_dup(st, 2),
			store_column_dup(st, 3), store_column_dup(st, 4), store_column_dup(st, 5),
			sqlite3_column_int(st, 6) != 0, store_column_dup(st, 7), sqlite3_column_int(st, 8) != 0,
			store_column_dup(st, 9),
		};
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		systally_free_list(*out, *count);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

void systally_free_list(struct systally_system *list, size_t count)
{
	for (size_t i = 0; list && i < count; i++) {
		struct systally_system *y = &list[i];
		free(y->system_id);
		free(y->name);
		free(y->kind);
		free(y->unit);
		free(y->officer);
		free(y->officer_name);
		free(y->answers);
		free(y->updated_at);
	}
	free(list);
}
