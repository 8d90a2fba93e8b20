/* activity: printing the activity log. */
#include "survey/activity.h"
#include "core/clock.h"
#include "core/text.h"
#include "core/csvwrite.h"

#include <stdlib.h>

int activity_print(struct store *s, int fiscal_year, enum activity_format format, bool excel, FILE *out)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT at, program, command, fiscal_year, detail FROM activity"
			     " WHERE ?1 = 0 OR fiscal_year = ?1 ORDER BY id", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	struct csvwrite w;
	if (format == ACTIVITY_CSV) {
		csvwrite_begin(&w, out, excel);
		static const char *const head[] = {"at", "program", "command", "fiscal_year", "detail"};
		csvwrite_row(&w, head, 5);
	}
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *f[5];
		for (int i = 0; i < 5; i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			f[i] = t ? t : "";
		}
		char when[CLOCK_TEXT_SIZE];
		if (format == ACTIVITY_CSV) {
			f[0] = clock_iso_local(f[0], when, sizeof when);
			csvwrite_row(&w, f, 5);
			continue;
		}
		char *detail = text_sanitize(f[4], false);
		char *command = text_sanitize(f[2], false);
		fprintf(out, "%-23s  %-10s  %-13s  %-4s  %s\n", clock_display(f[0], when, sizeof when), f[1], command, f[3],
			detail);
		free(detail);
		free(command);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
