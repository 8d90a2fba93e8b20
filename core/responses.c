/* responses: one sequential pass over a year's targets and their packed answers. */
#include "core/responses.h"
#include "core/diag.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

int store_scan_responses(struct store *s, int fiscal_year, response_scan_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT t.person_id, t.role, r.answers, r.submitted_at IS NOT NULL"
			     " FROM target t LEFT JOIN response r ON r.fiscal_year = t.fiscal_year"
			     " AND r.person_id = t.person_id AND r.role = t.role"
			     " WHERE t.fiscal_year = ?1 AND t.excluded = 0"
			     " ORDER BY t.person_id, t.role", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	int rc, result = 0;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 1);
		int role = role_from_code(code);
		if (role < 0) {
			char *clean = text_sanitize(code, false);
			result = diag_error("%s: unknown role '%s' in the roster of fiscal year %d", s->path,
					    clean, fiscal_year);
			free(clean);
			break;
		}
		struct response_row row = {
			.person_id = (const char *)sqlite3_column_text(st, 0),
			.role = (enum role)role,
			.answers = (const char *)sqlite3_column_text(st, 2),
			.answers_len = (size_t)sqlite3_column_bytes(st, 2),
			.submitted = sqlite3_column_int(st, 3) != 0,
		};
		if (!row.answers)
			row.answers_len = 0;
		if (fn(ctx, &row)) {
			result = -1;
			break;
		}
	}
	if (result == 0 && rc != SQLITE_DONE)
		result = -1;
	sqlite3_finalize(st);
	return result;
}
