/* choicetab: shares of the options of choice items (aggregator/choicetab.h). */
#include "aggregator/choicetab.h"
#include "aggregator/views.h"
#include "core/diag.h"
#include "core/store_choice.h"

#include <stdio.h>
#include <string.h>

void choicetab_add(const struct tally *t, size_t item, struct choicetab_sum *acc)
{
	const struct quest *q = t->quest;
	const struct choice *c = q->items[item].choice;
	for (int r = 0; c && r < ROLE_COUNT; r++) {
		const struct tally_role *tr = &t->roles[r];
		long pos = quest_sheet_position(q, (enum role)r, item);
		if (!tr->present || !tr->choices || pos < 0)
			continue;
		const struct tally_choice *tc = &tr->choices[pos];
		acc->respondents += tc->respondents;
		for (size_t k = 0; k < c->option_count; k++) {
			acc->counts[k] += tc->options[k];
			acc->n += tc->options[k];
		}
		acc->implemented += tr->items[pos].implemented;
		acc->not_implemented += tr->items[pos].not_implemented;
	}
}

bool choicetab_selects(const struct org *o, const char *kind, const char *supervisor)
{
	if (kind && strcmp(org_kind(o), kind) != 0)
		return false;
	if (supervisor && (!o->supervisor || strcmp(o->supervisor, supervisor) != 0))
		return false;
	return true;
}

static const struct grid_column choice_columns[] = {
	{"organization", "組織", "Organization", GRID_TEXT},
	{"item", "項目", "Item", GRID_TEXT},
	{"option", "選択肢", "Option", GRID_COUNT},
	{"count", "回答数", "Count", GRID_COUNT},
	{"n", "N", "N", GRID_COUNT},
	{"share", "割合（％）", "Share (%)", GRID_COUNT},
};

static void sum_rows(struct grid *g, const char *org, const struct quest_item *it, const struct choicetab_sum *s)
{
	for (size_t k = 0; k < it->choice->option_count; k++) {
		grid_add_row(g);
		grid_set_text(g, (size_t)-1, 0, org);
		grid_set_text(g, (size_t)-1, 1, it->id);
		grid_set_count(g, (size_t)-1, 2, k + 1);
		grid_set_count(g, (size_t)-1, 3, s->counts[k]);
		grid_set_count(g, (size_t)-1, 4, s->n);
		int share = choice_share_percent(s->counts[k], s->n);
		if (share >= 0)
			grid_set_count(g, (size_t)-1, 5, (uint64_t)share);
	}
}

struct grid *view_rates_by_choice(const struct quest *q, struct tally *const *tallies, size_t count,
				  const char *kind, const char *supervisor)
{
	struct grid *g = grid_new(choice_columns, sizeof choice_columns / sizeof choice_columns[0]);
	for (size_t o = 0; o < count; o++) {
		if (!choicetab_selects(&tallies[o]->org, kind, supervisor))
			continue;
		for (size_t i = 0; i < q->item_count; i++) {
			if (!q->items[i].choice)
				continue;
			struct choicetab_sum s = {0};
			choicetab_add(tallies[o], i, &s);
			sum_rows(g, tallies[o]->org.code, &q->items[i], &s);
		}
	}
	for (size_t i = 0; i < q->item_count; i++) {
		if (!q->items[i].choice)
			continue;
		struct choicetab_sum s = {0};
		for (size_t o = 0; o < count; o++)
			if (choicetab_selects(&tallies[o]->org, kind, supervisor))
				choicetab_add(tallies[o], i, &s);
		sum_rows(g, VIEW_GOVERNMENT, &q->items[i], &s);
	}
	return g;
}

int choicetab_round(struct store *s, const struct quest *q, struct tally *const *tallies, size_t tally_count,
		    const char *item, int fiscal_year, struct choicetab_round *r)
{
	memset(r, 0, sizeof *r);
	r->fiscal_year = fiscal_year;
	r->n = -1;
	r->rate = -1;
	for (size_t k = 0; k < CHOICE_MAX_OPTIONS; k++)
		r->share[k] = -1;
	long idx = q ? quest_find_item(q, item) : -1;
	if (tally_count > 0 && idx >= 0 && q->items[idx].choice) {
		struct choicetab_sum sum = {0};
		for (size_t o = 0; o < tally_count; o++)
			choicetab_add(tallies[o], (size_t)idx, &sum);
		const struct choice *c = q->items[idx].choice;
		r->option_count = c->option_count;
		if (sum.n == 0)
			return 0;
		r->known = true;
		r->n = (long long)sum.n;
		for (size_t k = 0; k < c->option_count; k++)
			r->share[k] = choice_share_percent(sum.counts[k], sum.n);
		if (c->implemented_mask && sum.implemented + sum.not_implemented > 0)
			r->rate = choice_share_percent(sum.implemented, sum.implemented + sum.not_implemented);
		return 0;
	}
	struct history_choice h;
	int found = store_get_history_choice(s, fiscal_year, item, &h);
	if (found < 0)
		return -1;
	if (found == 0)
		return 0;
	r->known = true;
	r->from_history = true;
	r->n = h.n;
	r->rate = h.rate;
	r->option_count = h.share_count < CHOICE_MAX_OPTIONS ? h.share_count : CHOICE_MAX_OPTIONS;
	for (size_t k = 0; k < r->option_count; k++)
		r->share[k] = h.shares[k];
	history_choice_release(&h);
	return 0;
}
