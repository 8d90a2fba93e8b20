/* choicecount: choice items in the tally of a ministry store (core/choicecount.h). */
#include "core/choicecount.h"
#include "core/choice.h"

int choicecount_answer(const struct quest *q, enum role role, struct tally_role *tr, size_t k,
		       const char *answers, uint64_t d, uint64_t *implemented, uint64_t *not_implemented)
{
	size_t item = q->role_items[role][k];
	const struct choice *c = q->items[item].choice;
	char code = answers[k];
	if (!choice_code_valid(c, code))
		return -1;
	if (code == '0' || !choice_asked(q, item, role, answers))
		return 0;
	unsigned mask = choice_decode(c, code);
	struct tally_choice *tc = &tr->choices[k];
	tc->respondents += d;
	for (size_t o = 0; o < c->option_count; o++)
		if (mask >> o & 1u)
			tc->options[o] += d;
	if (!c->implemented_mask)
		return 0;
	if (mask & c->implemented_mask) {
		tr->items[k].implemented += d;
		(*implemented)++;
	} else {
		tr->items[k].not_implemented += d;
		(*not_implemented)++;
	}
	return 0;
}
