/*
 * responses: reading a ministry store's collected answers for tallying.
 *
 * A target is one person in one role (docs/metrics.md) that is not excluded. Each target may have a
 * response row holding its packed answers: one character per item on the role's sheet of the
 * year's questionnaire, '0' unanswered, '1' implemented, '2' not implemented, '3' not
 * applicable (RESPONSE_* below). A target that never answered has no response row.
 *
 * The scan visits every target of a fiscal year once, in (person_id, role) order, in one
 * sequential pass, so that tallying hundreds of thousands of respondents costs one read.
 */
#ifndef SELFCHECK_RESPONSES_H
#define SELFCHECK_RESPONSES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/roles.h"
#include "core/store.h"

enum {
	RESPONSE_UNANSWERED = '0',
	RESPONSE_IMPLEMENTED = '1',
	RESPONSE_NOT_IMPLEMENTED = '2',
	RESPONSE_NOT_APPLICABLE = '3',
};

/* One target as the scan sees it. The pointers are valid only during the callback. */
struct response_row {
	const char *person_id;
	enum role role;
	/* Packed answers: answers_len characters, NUL-terminated; NULL with answers_len 0 when
	 * the target has no response yet. */
	const char *answers;
	size_t answers_len;
	bool submitted;     /* the person submitted (counted as submitted, docs/metrics.md) */
};

/* Called once per target; return 0 to continue, -1 to stop the scan (the scan then
 * returns -1; report the reason before returning). */
typedef int (*response_scan_fn)(void *ctx, const struct response_row *row);

/* Visits every non-excluded target of fiscal_year in the store. A role code unknown to the
 * catalogue is reported as an error. Returns 0 when every row was visited, -1 on error or
 * when fn stopped the scan. Run inside a read transaction (store_begin) for a consistent
 * snapshot if other processes may be writing. */
int store_scan_responses(struct store *s, int fiscal_year, response_scan_fn fn, void *ctx);

#endif
