/* tally: counts per organisation, year, role and item. */
#include "core/tally.h"
#include "core/diag.h"

#include <stdlib.h>
#include <string.h>

struct tally *tally_new(const struct org *org, int fiscal_year, const struct quest *quest)
{
	struct tally *t = xcalloc(1, sizeof *t);
	org_copy(&t->org, org);
	t->fiscal_year = fiscal_year;
	t->quest = quest;
	return t;
}

void tally_free(struct tally *t)
{
	if (!t)
		return;
	for (int r = 0; r < ROLE_COUNT; r++)
		free(t->roles[r].items);
	org_release(&t->org);
	free(t);
}

struct tally_role *tally_role_use(struct tally *t, enum role role)
{
	struct tally_role *tr = &t->roles[role];
	if (!tr->present) {
		tr->present = true;
		tr->items = xcalloc(t->quest->role_item_count[role] + 1, sizeof *tr->items);
	}
	return tr;
}

int tally_check(const struct tally *t, const char *file)
{
	int rc = 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *tr = &t->roles[r];
		if (!tr->present)
			continue;
		const char *code = role_info((enum role)r)->code;
		if (tr->submitted > tr->targets) {
			if (file)
				diag_at(file, 0, 0, "role %s: submitted (%llu) exceeds targets (%llu)", code,
					(unsigned long long)tr->submitted, (unsigned long long)tr->targets);
			rc = -1;
		}
		for (size_t k = 0; k < t->quest->role_item_count[r]; k++) {
			const struct tally_counts *c = &tr->items[k];
			uint64_t sum = c->implemented + c->not_implemented + c->not_applicable;
			if (sum > tr->submitted) {
				if (file)
					diag_at(file, 0, 0,
						"role %s, item %s: %llu answers exceed submitted (%llu)", code,
						t->quest->items[t->quest->role_items[r][k]].id,
						(unsigned long long)sum, (unsigned long long)tr->submitted);
				rc = -1;
			}
		}
	}
	return rc;
}

void tally_group_sums(const struct tally *t, enum role_group group, struct tally_group_sums *out)
{
	memset(out, 0, sizeof *out);
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *tr = &t->roles[r];
		if (!tr->present || !role_in_group((enum role)r, group))
			continue;
		out->targets += tr->targets;
		out->submitted += tr->submitted;
		if (tr->targets > 0)
			out->present = true;
		for (size_t k = 0; k < t->quest->role_item_count[r]; k++) {
			out->answers.implemented += tr->items[k].implemented;
			out->answers.not_implemented += tr->items[k].not_implemented;
			out->answers.not_applicable += tr->items[k].not_applicable;
		}
	}
}
