/* One random change of one person as the kept-tally tests make them: SQL run on the store
 * (so that the counts are changed through the tally's own reading of the person, not through
 * a write path under test), shared by test_livetally and test_livetally_choice. */
#ifndef SELFCHECK_TESTS_RANDOM_CHANGE_H
#define SELFCHECK_TESTS_RANDOM_CHANGE_H

#include <stdbool.h>
#include <stdlib.h>

#include "core/diag.h"
#include "core/quest.h"
#include "core/roles.h"

struct random_changes {
	int fiscal_year;
	const enum role *roles;      /* the roles a change picks from */
	size_t role_count;
	int kinds;                   /* kinds drawn from: 0 a move to another unit, 1 a role added
				      * or excluded, 2 a role deleted, 3 answers in progress, any
				      * other answers submitted */
	int units;                   /* units u0 .. u(units - 1) */
	/* a random answer code for item (an index into q->items) */
	char (*code)(const struct quest *q, size_t item, unsigned *seed);
};

/* The SQL of one random change of person id. Free with free(). */
static inline char *random_change(const struct random_changes *rc, const struct quest *q, unsigned *seed,
				  const char *id)
{
	enum role r = rc->roles[(size_t)rand_r(seed) % rc->role_count];
	const char *code = role_info(r)->code;
	int year = rc->fiscal_year;
	int what = rand_r(seed) % rc->kinds;
	if (what == 0)
		return xasprintf("UPDATE person SET unit = 'u%d' WHERE fiscal_year = %d AND person_id = '%s'",
				 rand_r(seed) % rc->units, year, id);
	if (what == 1)
		return xasprintf("INSERT INTO target VALUES (%d, '%s', '%s', %d) ON CONFLICT DO UPDATE SET"
				 " excluded = excluded.excluded", year, id, code, rand_r(seed) % 4 == 0);
	if (what == 2)
		return xasprintf("DELETE FROM response WHERE fiscal_year = %d AND person_id = '%s' AND role = '%s';"
				 "DELETE FROM target WHERE fiscal_year = %d AND person_id = '%s' AND role = '%s'",
				 year, id, code, year, id, code);
	char answers[8] = {0};
	size_t n = q->role_item_count[r];
	for (size_t k = 0; k < n && k < sizeof answers - 1; k++)
		answers[k] = rc->code(q, q->role_items[r][k], seed);
	bool submitted = what != 3;
	return xasprintf("INSERT INTO target VALUES (%d, '%s', '%s', 0) ON CONFLICT DO NOTHING;"
			 "INSERT INTO response(fiscal_year, person_id, role, answers, answered, updated_at, submitted_at)"
			 " VALUES (%d, '%s', '%s', '%s', 0, 't', %s) ON CONFLICT DO UPDATE SET answers = excluded.answers,"
			 " submitted_at = excluded.submitted_at", year, id, code, year, id, code, answers,
			 submitted ? "'t'" : "NULL");
}

#endif
