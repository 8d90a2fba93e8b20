/* choice_tally: the rules of a tally's choice counts (core/tally.h, tally_check_choices). */
#include "core/choice.h"
#include "core/diag.h"
#include "core/tally.h"

#include <stdarg.h>
#include <stdio.h>

int choice_counts_problem(const struct choice *c, const struct tally_choice *tc, const struct tally_counts *cnt,
			  uint64_t submitted, char *why, size_t size)
{
	unsigned long long resp = tc->respondents, n = choice_n(tc, c->option_count);
	why[0] = '\0';
	if (resp > submitted) {
		snprintf(why, size, "%llu respondents exceed submitted (%llu)", resp, (unsigned long long)submitted);
	} else if (!c->multiple && n != resp) {
		snprintf(why, size, "the options of a single choice sum to %llu, not to its %llu respondents", n, resp);
	} else if (c->multiple && n < resp) {
		snprintf(why, size, "the options of a multiple choice sum to %llu, fewer than its %llu respondents", n,
			 resp);
	} else {
		uint64_t impl_sum = 0, impl_max = 0;
		for (size_t o = 0; o < c->option_count; o++) {
			if (tc->options[o] > resp) {
				snprintf(why, size, "option %zu (%llu) exceeds the respondents (%llu)", o + 1,
					 (unsigned long long)tc->options[o], resp);
				return -1;
			}
			if (c->implemented_mask >> o & 1u) {
				impl_sum += tc->options[o];
				if (tc->options[o] > impl_max)
					impl_max = tc->options[o];
			}
		}
		if (!c->implemented_mask && (cnt->implemented || cnt->not_implemented)) {
			snprintf(why, size, "no option counts as implemented, so implemented and not_implemented must be 0");
		} else if (c->implemented_mask && cnt->implemented + cnt->not_implemented != resp) {
			snprintf(why, size, "implemented + not_implemented (%llu) must equal the respondents (%llu)",
				 (unsigned long long)(cnt->implemented + cnt->not_implemented), resp);
		} else if (c->implemented_mask && !c->multiple && cnt->implemented != impl_sum) {
			snprintf(why, size, "implemented (%llu) must equal the respondents of the options that count as "
				 "implemented (%llu)", (unsigned long long)cnt->implemented, (unsigned long long)impl_sum);
		} else if (c->implemented_mask && c->multiple &&
			   (cnt->implemented < impl_max || cnt->implemented > impl_sum)) {
			snprintf(why, size, "implemented (%llu) must lie between the largest (%llu) and the sum (%llu) of "
				 "the options that count as implemented", (unsigned long long)cnt->implemented,
				 (unsigned long long)impl_max, (unsigned long long)impl_sum);
		}
	}
	return why[0] ? -1 : 0;
}

static int check_item(const struct tally_role *tr, const struct quest *q, enum role role, size_t k,
		      const char *file)
{
	const struct quest_item *it = &q->items[q->role_items[role][k]];
	char why[240];
	if (choice_counts_problem(it->choice, &tr->choices[k], &tr->items[k], tr->submitted, why, sizeof why) == 0)
		return 0;
	if (file)
		diag_at(file, 0, 0, "role %s, item %s: choices: %s", role_info(role)->code, it->id, why);
	return -1;
}

int tally_check_choices(const struct tally *t, const char *file)
{
	const struct quest *q = t->quest;
	if (!q->choice_item_count)
		return 0;
	int rc = 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *tr = &t->roles[r];
		if (!tr->present || !tr->choices)
			continue;
		for (size_t k = 0; k < q->role_item_count[r]; k++)
			if (q->items[q->role_items[r][k]].choice && check_item(tr, q, (enum role)r, k, file))
				rc = -1;
	}
	return rc;
}
