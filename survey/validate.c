/* validate: questionnaire checking for coordinators and CI. */
#include "survey/validate.h"
#include "core/diag.h"
#include "core/inspection.h"
#include "core/quest.h"

#include <stdio.h>

int validate_files(int count, char **files)
{
	int status = DIAG_EXIT_OK;
	for (int i = 0; i < count; i++) {
		struct quest *q;
		if (quest_load_file(files[i], &q)) {
			status = DIAG_EXIT_INPUT;
			continue;
		}
		printf("%s: ok, questionnaire %s (fiscal year %d), %zu items", files[i], q->id, q->fiscal_year,
		       q->item_count);
		if (q->inspection)
			printf(", %zu inspection items for %zu kinds of system (reference date %s)",
			       q->inspection->item_count, q->inspection->kind_count, q->inspection->reference_date);
		printf(", digest %.16s\n", q->digest);
		quest_free(q);
	}
	return status;
}
