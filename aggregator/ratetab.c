/* ratetab: every rate of one fiscal year, computed exactly from tallies. */
#include "aggregator/ratetab.h"
#include "aggregator/ratetab_inspection.h"
#include "core/diag.h"

#include <stdlib.h>
#include <string.h>

const struct ratetab_spec RATETAB_DEFAULT_SPEC = {RATE_METHOD_DEFAULT, RATETAB_UNWEIGHTED, {1000, 800, 600}};

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
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++) {
		g->attainment_tenths[a] = rate_display_tenths(&g->attainment[a], scale);
		g->persons_attainment_tenths[a] = rate_display_tenths(&g->persons_attainment[a], scale);
	}
	const uint64_t counts[3] = {g->answers.implemented, g->answers.not_implemented, g->answers.not_applicable};
	for (int a = 0; a < 3; a++) {
		rate_from_counts(&g->answer_share[a], counts[a], counts[0] + counts[1] + counts[2]);
		g->answer_share_percent[a] = rate_display_percent(&g->answer_share[a]);
	}
}

/* Attainment of kind items from item rates: share of present items at or above each
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

/* Sheets pooled over a set of roles: targets, submitted, answers and the attainment buckets
 * (known only when every role pooled knows them). Start from SHEET_POOL_EMPTY. */
struct sheet_pool {
	bool present, attainment_known;
	uint64_t targets, submitted;
	struct tally_counts answers;
	struct tally_attainment attainment;
};

#define SHEET_POOL_EMPTY {.attainment_known = true}

static void pool_role(struct sheet_pool *p, const struct tally *t, int r)
{
	const struct tally_role *tr = &t->roles[r];
	if (!tr->present)
		return;
	p->targets += tr->targets;
	p->submitted += tr->submitted;
	p->present |= tr->targets > 0;
	for (size_t k = 0; k < t->quest->role_item_count[r]; k++)
		counts_add(&p->answers, &tr->items[k]);
	p->attainment_known &= tr->attainment.known;
	p->attainment.obligated += tr->attainment.obligated;
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
		p->attainment.at[a] += tr->attainment.at[a];
}

/* Counts, grasp, implementation and persons attainment of g from pooled sheets. */
static void group_from_pool(struct ratetab_group *g, const struct sheet_pool *p)
{
	g->present = p->present;
	g->counts_known = true;
	g->targets = p->targets;
	g->submitted = p->submitted;
	g->answers = p->answers;
	rate_from_counts(&g->grasp, p->submitted, p->targets);
	rate_from_counts(&g->implementation, p->answers.implemented, obligated(&p->answers));
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
		rate_from_counts(&g->persons_attainment[a], p->attainment.at[a],
				 p->attainment_known ? p->attainment.obligated : 0);
	g->contributors = 1;
}

static int mean_add(struct rate_mean *m, const struct rate_value *v)
{
	if (rate_mean_add(m, v))
		return diag_error("cannot compute an exact mean of these rates: their common denominator would need more "
				  "than %d bits (too many organisations or roles with large, unrelated counts; docs/limits.md)",
				  32 * (RATE_LIMBS - RATE_HEADROOM));
	return 0;
}

/* Whether role r is one of the 主体 whose rates are averaged into the whole under nisc. */
static bool role_is_subject(int r)
{
	return group_info(role_group_of((enum role)r))->in_report;
}

/* The whole under nisc, from the organisation's (or the government's) role rows: the mean of
 * the subject roles' implementation rates. */
static int nisc_whole_implementation(const struct ratetab_group *roles, struct rate_value *out)
{
	struct rate_mean m;
	rate_mean_init(&m);
	for (int r = 0; r < ROLE_COUNT; r++)
		if (role_is_subject(r) && obligated(&roles[r].answers) > 0 && mean_add(&m, &roles[r].implementation))
			return -1;
	rate_mean_result(&m, out);
	return 0;
}

static int org_compute(const struct ratetab *rt, const struct tally *t, struct ratetab_org *o)
{
	const struct quest *q = rt->quest;
	const struct grade_scale *scale = &rt->scale;
	o->tally = t;
	if (!rt->groups_only) {
		o->category = xcalloc(GROUP_SLOTS * q->category_count + 1, sizeof *o->category);
		o->item = xcalloc(GROUP_SLOTS * q->item_count + 1, sizeof *o->item);
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct sheet_pool p = SHEET_POOL_EMPTY;
		pool_role(&p, t, r);
		group_from_pool(&o->role[r], &p);
		group_fill_display(&o->role[r], scale);
	}
	for (int g = 0; g < GROUP_SLOTS; g++) {
		struct ratetab_group *grp = &o->group[g];
		struct sheet_pool p = SHEET_POOL_EMPTY;
		for (int r = 0; r < ROLE_COUNT; r++)
			if (role_in_group((enum role)r, (enum role_group)g))
				pool_role(&p, t, r);
		group_from_pool(grp, &p);
		if (g == GROUP_ALL && rt->method == RATE_METHOD_NISC) {
			grp->counts_known = t->persons.known;
			grp->targets = t->persons.known ? t->persons.targets : 0;
			grp->submitted = t->persons.known ? t->persons.submitted_all : 0;
			rate_from_counts(&grp->grasp, grp->submitted, grp->targets);
			if (nisc_whole_implementation(o->role, &grp->implementation))
				return -1;
		}

		if (rt->groups_only) {
			group_fill_display(grp, scale);
			continue;
		}
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

/* The organisations' rows at one place (a role, a group or the whole). */
static const struct ratetab_group *org_row(const struct ratetab *t, size_t o, bool role, int slot)
{
	return role ? &t->orgs[o].role[slot] : &t->orgs[o].group[slot];
}

/* Government-wide row of a role (role true) or a group: counts summed; rates the mean over
 * the organisations with the row (unweighted), or from the pooled counts (headcount). */
static int gov_row(struct ratetab *t, bool role, int slot)
{
	struct ratetab_group *gg = role ? &t->gov_role[slot] : &t->government[slot];
	bool nisc_whole = !role && slot == GROUP_ALL && t->method == RATE_METHOD_NISC;
	struct rate_mean grasp, impl, att[RATETAB_ATTAINMENT_COUNT], patt[RATETAB_ATTAINMENT_COUNT];
	rate_mean_init(&grasp);
	rate_mean_init(&impl);
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++) {
		rate_mean_init(&att[a]);
		rate_mean_init(&patt[a]);
	}
	uint64_t att_obligated = 0, att_at[RATETAB_ATTAINMENT_COUNT] = {0};
	bool att_known = true;
	gg->counts_known = true;
	for (size_t o = 0; o < t->org_count; o++) {
		const struct ratetab_group *og = org_row(t, o, role, slot);
		gg->counts_known &= og->counts_known;
		gg->targets += og->targets;
		gg->submitted += og->submitted;
		counts_add(&gg->answers, &og->answers);
		if (!og->present)
			continue;
		gg->contributors++;
		/* Pooled persons attainment of the row, for headcount weighting. */
		const struct tally *tl = t->orgs[o].tally;
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (!tl->roles[r].present ||
			    !(role ? r == slot : role_in_group((enum role)r, (enum role_group)slot)))
				continue;
			att_known &= tl->roles[r].attainment.known;
			att_obligated += tl->roles[r].attainment.obligated;
			for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
				att_at[a] += tl->roles[r].attainment.at[a];
		}
		if (t->weighting != RATETAB_UNWEIGHTED)
			continue;
		if (mean_add(&grasp, &og->grasp) || mean_add(&impl, &og->implementation))
			return -1;
		for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
			if (mean_add(&att[a], &og->attainment[a]) || mean_add(&patt[a], &og->persons_attainment[a]))
				return -1;
	}
	gg->present = gg->contributors > 0;
	if (t->weighting == RATETAB_UNWEIGHTED) {
		rate_mean_result(&grasp, &gg->grasp);
		rate_mean_result(&impl, &gg->implementation);
		for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++) {
			rate_mean_result(&att[a], &gg->attainment[a]);
			rate_mean_result(&patt[a], &gg->persons_attainment[a]);
		}
	} else {
		rate_from_counts(&gg->grasp, gg->counts_known ? gg->submitted : 0, gg->counts_known ? gg->targets : 0);
		if (nisc_whole) {
			if (nisc_whole_implementation(t->gov_role, &gg->implementation))
				return -1;
		} else {
			rate_from_counts(&gg->implementation, gg->answers.implemented, obligated(&gg->answers));
		}
		if (!role && !t->groups_only)
			attainment_from_items(gg, &t->gov_item[(size_t)slot * t->quest->item_count], t->quest->item_count);
		for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
			rate_from_counts(&gg->persons_attainment[a], att_at[a], att_known ? att_obligated : 0);
	}
	group_fill_display(gg, &t->scale);
	return 0;
}

static int build(const struct quest *quest, struct tally *const *tallies, size_t count,
		 const struct ratetab_spec *spec, bool groups_only, struct ratetab **out)
{
	*out = NULL;
	if (!spec)
		spec = &RATETAB_DEFAULT_SPEC;
	struct ratetab *t = xcalloc(1, sizeof *t);
	t->quest = quest;
	t->method = spec->method;
	t->weighting = spec->weighting;
	t->scale = spec->scale;
	t->groups_only = groups_only;
	t->fiscal_year = count ? tallies[0]->fiscal_year : quest->fiscal_year;
	t->org_count = count;
	t->orgs = xcalloc(count + 1, sizeof *t->orgs);
	for (size_t o = 0; o < count; o++) {
		if (tallies[o]->quest != quest || tallies[o]->fiscal_year != t->fiscal_year)
			DIAG_BUG("ratetab over tallies of different questionnaires or years");
		if (org_compute(t, tallies[o], &t->orgs[o]))
			goto fail;
	}
	if (!t->groups_only) {
		t->gov_category = xcalloc(GROUP_SLOTS * quest->category_count + 1, sizeof *t->gov_category);
		t->gov_item = xcalloc(GROUP_SLOTS * quest->item_count + 1, sizeof *t->gov_item);
		for (size_t s = 0; s < GROUP_SLOTS * quest->item_count; s++)
			if (gov_rate(t, s, false))
				goto fail;
		for (size_t s = 0; s < GROUP_SLOTS * quest->category_count; s++)
			if (gov_rate(t, s, true))
				goto fail;
	}
	/* Roles first: the whole under nisc with headcount weighting averages them. */
	for (int r = 0; r < ROLE_COUNT; r++)
		if (gov_row(t, true, r))
			goto fail;
	for (int g = 0; g < GROUP_SLOTS; g++)
		if (gov_row(t, false, g))
			goto fail;
	ratetab_inspection_build(t);
	*out = t;
	return 0;
fail:
	ratetab_free(t);
	return -1;
}

int ratetab_build(const struct quest *quest, struct tally *const *tallies, size_t count,
		  const struct ratetab_spec *spec, struct ratetab **out)
{
	return build(quest, tallies, count, spec, false, out);
}

int ratetab_build_groups(const struct quest *quest, struct tally *const *tallies, size_t count,
			 const struct ratetab_spec *spec, struct ratetab **out)
{
	return build(quest, tallies, count, spec, true, out);
}

void ratetab_free(struct ratetab *t)
{
	if (!t)
		return;
	ratetab_inspection_release(t);
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
	if (t->groups_only)
		DIAG_BUG("category rates of a table of groups only");
	if ((int)group > GROUP_ALL || category >= t->quest->category_count)
		return NULL;
	size_t slot = (size_t)group * t->quest->category_count + category;
	return org ? &org->category[slot] : &t->gov_category[slot];
}

const struct ratetab_rate *ratetab_item(const struct ratetab *t, const struct ratetab_org *org,
					enum role_group group, size_t item)
{
	if (t->groups_only)
		DIAG_BUG("item rates of a table of groups only");
	if ((int)group > GROUP_ALL || item >= t->quest->item_count)
		return NULL;
	size_t slot = (size_t)group * t->quest->item_count + item;
	return org ? &org->item[slot] : &t->gov_item[slot];
}
