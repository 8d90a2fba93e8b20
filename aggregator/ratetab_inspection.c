/* ratetab_inspection: the focused inspection's rates, from the tallies' system counts. */
#include "aggregator/ratetab_inspection.h"
#include "core/diag.h"
#include "core/inspection.h"

#include <stdlib.h>

static void fill_rate(struct ratetab_inspection_rate *r)
{
	rate_from_counts(&r->rate, r->answers.implemented, r->answers.implemented + r->answers.not_implemented);
	r->percent = rate_display_percent(&r->rate);
}

static void org_inspection(const struct inspection *ins, struct ratetab_org *o)
{
	const struct tally_inspection *ti = &o->tally->inspection;
	o->inspection = xcalloc(ins->item_count + 1, sizeof *o->inspection);
	o->systems = xcalloc(ins->kind_count + 1, sizeof *o->systems);
	for (size_t k = 0; ti->present && k < ins->kind_count; k++)
		o->systems[k] = (struct ratetab_systems){ti->kind_present[k], ti->systems[k], ti->kind_present[k]};
	for (size_t i = 0; i < ins->item_count; i++) {
		struct ratetab_inspection_rate *r = &o->inspection[i];
		size_t k = ins->items[i].kind;
		if (ti->present && ti->kind_present[k]) {
			r->present = true;
			r->systems = ti->systems[k];
			r->answers = ti->items[i];
		}
		fill_rate(r);
	}
}

void ratetab_inspection_build(struct ratetab *t)
{
	const struct inspection *ins = t->quest->inspection;
	if (!ins)
		return;
	for (size_t o = 0; o < t->org_count; o++)
		org_inspection(ins, &t->orgs[o]);
	t->gov_inspection = xcalloc(ins->item_count + 1, sizeof *t->gov_inspection);
	t->gov_systems = xcalloc(ins->kind_count + 1, sizeof *t->gov_systems);
	for (size_t k = 0; k < ins->kind_count; k++) {
		struct ratetab_systems *g = &t->gov_systems[k];
		for (size_t o = 0; o < t->org_count; o++) {
			const struct ratetab_systems *x = &t->orgs[o].systems[k];
			if (!x->present)
				continue;
			g->present = true;
			g->systems += x->systems;
			g->contributors++;
		}
	}
	/* Systems, not organisations: the government's rate is that of all systems together. */
	for (size_t i = 0; i < ins->item_count; i++) {
		struct ratetab_inspection_rate *g = &t->gov_inspection[i];
		for (size_t o = 0; o < t->org_count; o++) {
			const struct ratetab_inspection_rate *x = &t->orgs[o].inspection[i];
			if (!x->present)
				continue;
			g->present = true;
			g->systems += x->systems;
			g->answers.implemented += x->answers.implemented;
			g->answers.not_implemented += x->answers.not_implemented;
			g->answers.not_applicable += x->answers.not_applicable;
		}
		fill_rate(g);
	}
}

void ratetab_inspection_release(struct ratetab *t)
{
	for (size_t o = 0; t->orgs && o < t->org_count; o++) {
		free(t->orgs[o].inspection);
		free(t->orgs[o].systems);
	}
	free(t->gov_inspection);
	free(t->gov_systems);
}

const struct ratetab_inspection_rate *ratetab_inspection_item(const struct ratetab *t, const struct ratetab_org *org,
							      size_t item)
{
	const struct inspection *ins = t->quest->inspection;
	if (!ins || item >= ins->item_count)
		return NULL;
	return org ? &org->inspection[item] : &t->gov_inspection[item];
}

const struct ratetab_systems *ratetab_systems_of(const struct ratetab *t, const struct ratetab_org *org, size_t kind)
{
	const struct inspection *ins = t->quest->inspection;
	if (!ins || kind >= ins->kind_count)
		return NULL;
	return org ? &org->systems[kind] : &t->gov_systems[kind];
}

bool ratetab_inspection_known(const struct ratetab *t, const struct ratetab_org *org)
{
	if (!t->quest->inspection)
		return false;
	if (org)
		return org->tally->inspection.present;
	for (size_t o = 0; o < t->org_count; o++)
		if (t->orgs[o].tally->inspection.present)
			return true;
	return false;
}
