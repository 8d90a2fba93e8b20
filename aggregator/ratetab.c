/* ratetab: every rate of one fiscal year, computed exactly from tallies. */
#include "aggregator/ratetab.h"
#include "core/diag.h"

#include <stdlib.h>
#include <string.h>

const unsigned RATETAB_ATTAINMENT_PERCENT[RATETAB_ATTAINMENT_COUNT] = {100, 95, 90};

#define GROUP_SLOTS (GROUP_ALL + 1)

static void counts_add(struct tally_counts *dst, const struct tally_counts *src)
{
	dst->implemented += src->implemented;
	dst->not_implemented += src->not_implemented;
	dst->not_applicable += src->not_applicable;
}

static uint64_t obligated(const struct tally_counts *c)
{
	return c->implemented + c->not_implemented;
}

/* Fills rate, display and grade of r from its counts. */
static void rate_fill_from_counts(struct ratetab_rate *r, const struct grade_scale *scale)
{
	r->present = obligated(&r->answers) > 0;
	rate_from_counts(&r->rate, r->answers.implemented, obligated(&r->answers));
	r->tenths = rate_display_tenths(&r->rate, scale);
	r->grade = rate_grade(&r->rate, scale);
}

static void rate_fill_display(struct ratetab_rate *r, const struct grade_scale *scale)
{
	r->tenths = rate_display_tenths(&r->rate, scale);
	r->grade = rate_grade(&r->rate, scale);
}

static void group_fill_display(struct ratetab_group *g, const struct grade_scale *scale)
{
	g->grasp_tenths = rate_display_tenths(&g->grasp, scale);
	g->grasp_grade = rate_grade(&g->grasp, scale);
	g->implementation_tenths = rate_display_tenths(&g->implementation, scale);
	g->implementation_grade = rate_grade(&g->implementation, scale);
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
		g->attainment_tenths[a] = rate_display_tenths(&g->attainment[a], scale);
}

/* Attainment of a group from its item rates: share of present items at or above each
 * threshold. */
static void attainment_from_items(struct ratetab_group *g, const struct ratetab_rate *items,
				  size_t item_count)
{
	uint64_t considered = 0, reached[RATETAB_ATTAINMENT_COUNT] = {0};
	for (size_t i = 0; i < item_count; i++) {
		if (!items[i].present)
			continue;
		considered++;
		for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
			if (rate_at_least_percent(&items[i].rate, RATETAB_ATTAINMENT_PERCENT[a]))
				reached[a]++;
	}
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
		rate_from_counts(&g->attainment[a], reached[a], considered);
}

static void org_compute(const struct quest *q, const struct tally *t, struct ratetab_org *o,
			const struct grade_scale *scale)
{
	o->tally = t;
	o->category = xcalloc(GROUP_SLOTS * q->category_count + 1, sizeof *o->category);
	o->item = xcalloc(GROUP_SLOTS * q->item_count + 1, sizeof *o->item);
	for (int g = 0; g < GROUP_SLOTS; g++) {
		struct ratetab_group *grp = &o->group[g];
		struct tally_group_sums sums;
		tally_group_sums(t, (enum role_group)g, &sums);
		grp->present = sums.present;
		grp->targets = sums.targets;
		grp->submitted = sums.submitted;
		grp->answers = sums.answers;
		rate_from_counts(&grp->grasp, sums.submitted, sums.targets);
		rate_from_counts(&grp->implementation, sums.answers.implemented, obligated(&sums.answers));
		grp->contributors = 1;

		struct ratetab_rate *items = &o->item[(size_t)g * q->item_count];
		struct ratetab_rate *cats = &o->category[(size_t)g * q->category_count];
		for (int r = 0; r < ROLE_COUNT; r++) {
			const struct tally_role *tr = &t->roles[r];
			if (!tr->present || !role_in_group((enum role)r, (enum role_group)g))
				continue;
			for (size_t k = 0; k < q->role_item_count[r]; k++)
				counts_add(&items[q->role_items[r][k]].answers, &tr->items[k]);
		}
		for (size_t i = 0; i < q->item_count; i++) {
			rate_fill_from_counts(&items[i], scale);
			items[i].contributors = items[i].present ? 1 : 0;
			counts_add(&cats[q->items[i].category].answers, &items[i].answers);
		}
		for (size_t c = 0; c < q->category_count; c++) {
			rate_fill_from_counts(&cats[c], scale);
			cats[c].contributors = cats[c].present ? 1 : 0;
		}
		attainment_from_items(grp, items, q->item_count);
		group_fill_display(grp, scale);
	}
}

static int mean_add(struct rate_mean *m, const struct rate_value *v)
{
	if (rate_mean_add(m, v))
		return diag_error("government-wide mean: the exact sum outgrows its capacity "
				  "(too many organisations)");
	return 0;
}

/* Government-wide implementation rate of one item or category slot: counts summed, rate
 * averaged over the organisations with an obligated answer (or pooled under headcount). */
static int gov_rate(struct ratetab *t, size_t slot, bool category)
{
	struct ratetab_rate *gr = category ? &t->gov_category[slot] : &t->gov_item[slot];
	struct rate_mean m;
	rate_mean_init(&m);
	memset(gr, 0, sizeof *gr);
	for (size_t o = 0; o < t->org_count; o++) {
		const struct ratetab_rate *r =
			category ? &t->orgs[o].category[slot] : &t->orgs[o].item[slot];
		counts_add(&gr->answers, &r->answers);
		if (!r->present)
			continue;
		gr->contributors++;
		if (t->weighting == RATETAB_UNWEIGHTED && mean_add(&m, &r->rate))
			return -1;
	}
	gr->present = gr->contributors > 0;
	if (t->weighting == RATETAB_UNWEIGHTED)
		rate_mean_result(&m, &gr->rate);
	else
		rate_from_counts(&gr->rate, gr->answers.implemented, obligated(&gr->answers));
	rate_fill_display(gr, &t->scale);
	return 0;
}

static int gov_group(struct ratetab *t, int g)
{
	const struct quest *q = t->quest;
	struct ratetab_group *gg = &t->government[g];
	struct rate_mean grasp, impl, att[RATETAB_ATTAINMENT_COUNT];
	rate_mean_init(&grasp);
	rate_mean_init(&impl);
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
		rate_mean_init(&att[a]);
	for (size_t o = 0; o < t->org_count; o++) {
		const struct ratetab_group *og = &t->orgs[o].group[g];
		gg->targets += og->targets;
		gg->submitted += og->submitted;
		counts_add(&gg->answers, &og->answers);
		if (!og->present)
			continue;
		gg->contributors++;
		if (t->weighting != RATETAB_UNWEIGHTED)
			continue;
		if (mean_add(&grasp, &og->grasp) || mean_add(&impl, &og->implementation))
			return -1;
		for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
			if (mean_add(&att[a], &og->attainment[a]))
				return -1;
	}
	gg->present = gg->contributors > 0;
	if (t->weighting == RATETAB_UNWEIGHTED) {
		rate_mean_result(&grasp, &gg->grasp);
		rate_mean_result(&impl, &gg->implementation);
		for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
			rate_mean_result(&att[a], &gg->attainment[a]);
	} else {
		rate_from_counts(&gg->grasp, gg->submitted, gg->targets);
		rate_from_counts(&gg->implementation, gg->answers.implemented, obligated(&gg->answers));
		attainment_from_items(gg, &t->gov_item[(size_t)g * q->item_count], q->item_count);
	}
	group_fill_display(gg, &t->scale);
	return 0;
}

int ratetab_build(const struct quest *quest, struct tally *const *tallies, size_t count,
		  enum ratetab_weighting weighting, const struct grade_scale *scale,
		  struct ratetab **out)
{
	*out = NULL;
	struct ratetab *t = xcalloc(1, sizeof *t);
	t->quest = quest;
	t->weighting = weighting;
	t->scale = scale ? *scale : RATE_DEFAULT_SCALE;
	t->fiscal_year = count ? tallies[0]->fiscal_year : quest->fiscal_year;
	t->org_count = count;
	t->orgs = xcalloc(count + 1, sizeof *t->orgs);
	for (size_t o = 0; o < count; o++) {
		if (tallies[o]->quest != quest || tallies[o]->fiscal_year != t->fiscal_year)
			DIAG_BUG("ratetab over tallies of different questionnaires or years");
		org_compute(quest, tallies[o], &t->orgs[o], &t->scale);
	}
	t->gov_category = xcalloc(GROUP_SLOTS * quest->category_count + 1, sizeof *t->gov_category);
	t->gov_item = xcalloc(GROUP_SLOTS * quest->item_count + 1, sizeof *t->gov_item);
	for (size_t s = 0; s < GROUP_SLOTS * quest->item_count; s++)
		if (gov_rate(t, s, false))
			goto fail;
	for (size_t s = 0; s < GROUP_SLOTS * quest->category_count; s++)
		if (gov_rate(t, s, true))
			goto fail;
	for (int g = 0; g < GROUP_SLOTS; g++)
		if (gov_group(t, g))
			goto fail;
	*out = t;
	return 0;
fail:
	ratetab_free(t);
	return -1;
}

void ratetab_free(struct ratetab *t)
{
	if (!t)
		return;
	for (size_t o = 0; o < t->org_count; o++) {
		free(t->orgs[o].category);
		free(t->orgs[o].item);
	}
	free(t->orgs);
	free(t->gov_category);
	free(t->gov_item);
	free(t);
}

const struct ratetab_rate *ratetab_category(const struct ratetab *t, const struct ratetab_org *org,
					    enum role_group group, size_t category)
{
	if ((int)group > GROUP_ALL || category >= t->quest->category_count)
		return NULL;
	size_t slot = (size_t)group * t->quest->category_count + category;
	return org ? &org->category[slot] : &t->gov_category[slot];
}

const struct ratetab_rate *ratetab_item(const struct ratetab *t, const struct ratetab_org *org,
					enum role_group group, size_t item)
{
	if ((int)group > GROUP_ALL || item >= t->quest->item_count)
		return NULL;
	size_t slot = (size_t)group * t->quest->item_count + item;
	return org ? &org->item[slot] : &t->gov_item[slot];
}
