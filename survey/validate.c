/* validate: questionnaire checking for coordinators and CI. */
#include "survey/validate.h"
#include "core/diag.h"
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
		printf("%s: ok, questionnaire %s (fiscal year %d), %zu items, digest %.16s\n", files[i],
		       q->id, q->fiscal_year, q->item_count, q->digest);
		quest_free(q);
	}
	return status;
}
