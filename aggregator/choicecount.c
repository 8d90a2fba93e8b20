/* choicecount: choice items in the tally of a ministry store (aggregator/choicecount.h). */
#include "aggregator/choicecount.h"
#include "core/choice.h"

int choicecount_answer(const struct quest *q, enum role role, struct tally_role *tr, size_t k,
		       const char *answers, uint64_t *implemented, uint64_t *not_implemented)
{
	size_t item = q->role_items[role][k];
	const struct choice *c = q->items[item].choice;
	char code = answers[k];
	if (!choice_code_valid(c, code))
		return -1;
	if (code == '0' || !choice_asked(q, item, role, answers))
		return 0;
	unsigned mask = choice_decode(c, code);
	choice_count_add(&tr->choices[k], mask, c->option_count);
	if (!c->implemented_mask)
		return 0;
	if (mask & c->implemented_mask) {
		tr->items[k].implemented++;
		(*implemented)++;
	} else {
		tr->items[k].not_implemented++;
		(*not_implemented)++;
	}
	return 0;
}

void choicecount_merge(const struct quest *q, enum role role, struct tally_role *into,
		       const struct tally_role *from)
{
	if (!into->choices || !from->choices)
		return;
	for (size_t k = 0; k < q->role_item_count[role]; k++) {
		const struct choice *c = q->items[q->role_items[role][k]].choice;
		if (!c)
			continue;
		into->choices[k].respondents += from->choices[k].respondents;
		for (size_t o = 0; o < c->option_count; o++)
			into->choices[k].options[o] += from->choices[k].options[o];
	}
}
