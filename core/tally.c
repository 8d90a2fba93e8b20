/* tally: counts per organisation, year, role and item. */
#include "core/tally.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/inspection.h"
#include "core/rate.h"

#include <stdlib.h>
#include <string.h>

const unsigned TALLY_ATTAINMENT_PERCENT[TALLY_ATTAINMENT_COUNT] = {100, 95, 90};

struct tally *tally_new(const struct org *org, int fiscal_year, const struct quest *quest)
{
	struct tally *t = xcalloc(1, sizeof *t);
	org_copy(&t->org, org);
	t->fiscal_year = fiscal_year;
	t->quest = quest;
	t->source.generation = -1;
	return t;
}

static void free_role(const struct quest *q, enum role role, struct tally_role *tr)
{
	free(tr->items);
	for (size_t k = 0; tr->choices && k < q->role_item_count[role]; k++)
		free(tr->choices[k].options);
	free(tr->choices);
	*tr = (struct tally_role){0};
}

void tally_free(struct tally *t)
{
	if (!t)
		return;
	for (int r = 0; r < ROLE_COUNT; r++)
		free_role(t->quest, (enum role)r, &t->roles[r]);
	free(t->inspection.kind_present);
	free(t->inspection.systems);
	free(t->inspection.items);
	org_release(&t->org);
	free(t->source.tallied_at);
	free(t->source.closed_at);
	free(t);
}

struct tally_role *tally_role_use(struct tally *t, enum role role)
{
	struct tally_role *tr = &t->roles[role];
	if (!tr->present) {
		tr->present = true;
		tr->items = xcalloc(t->quest->role_item_count[role] + 1, sizeof *tr->items);
		if (t->quest->choice_item_count) {
			size_t n = t->quest->role_item_count[role];
			tr->choices = xcalloc(n + 1, sizeof *tr->choices);
			for (size_t k = 0; k < n; k++) {
				const struct choice *c = t->quest->items[t->quest->role_items[role][k]].choice;
				if (c)
					tr->choices[k].options = xcalloc(c->option_count, sizeof(uint64_t));
			}
		}
	}
	return tr;
}

void tally_add_counts(struct tally *into, const struct tally *from)
{
	const struct quest *q = into->quest;
	into->persons.known |= from->persons.known;
	into->persons.targets += from->persons.targets;
	into->persons.submitted_all += from->persons.submitted_all;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *fr = &from->roles[r];
		if (!fr->present)
			continue;
		struct tally_role *tr = tally_role_use(into, (enum role)r);
		tr->targets += fr->targets;
		tr->submitted += fr->submitted;
		tr->attainment.known |= fr->attainment.known;
		tr->attainment.obligated += fr->attainment.obligated;
		for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
			tr->attainment.at[k] += fr->attainment.at[k];
		for (size_t k = 0; k < q->role_item_count[r]; k++) {
			tr->items[k].implemented += fr->items[k].implemented;
			tr->items[k].not_implemented += fr->items[k].not_implemented;
			tr->items[k].not_applicable += fr->items[k].not_applicable;
		}
		if (!tr->choices || !fr->choices)
			continue;
		for (size_t k = 0; k < q->role_item_count[r]; k++) {
			const struct choice *c = q->items[q->role_items[r][k]].choice;
			if (!c)
				continue;
			tr->choices[k].respondents += fr->choices[k].respondents;
			for (size_t o = 0; o < c->option_count; o++)
				tr->choices[k].options[o] += fr->choices[k].options[o];
		}
	}
}

void tally_drop_empty_roles(struct tally *t)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (t->roles[r].present && t->roles[r].targets == 0)
			free_role(t->quest, (enum role)r, &t->roles[r]);
}

struct tally_inspection *tally_inspection_use(struct tally *t)
{
	struct tally_inspection *ti = &t->inspection;
	const struct inspection *ins = t->quest->inspection;
	if (!ins)
		DIAG_BUG("inspection counts for questionnaire %s, which has no inspection", t->quest->id);
	if (!ti->present) {
		ti->present = true;
		ti->kind_present = xcalloc(ins->kind_count + 1, sizeof *ti->kind_present);
		ti->systems = xcalloc(ins->kind_count + 1, sizeof *ti->systems);
		ti->items = xcalloc(ins->item_count + 1, sizeof *ti->items);
	}
	return ti;
}

static int check_inspection(const struct tally *t, const char *file)
{
	const struct tally_inspection *ti = &t->inspection;
	const struct inspection *ins = t->quest->inspection;
	if (!ti->present)
		return 0;
	int rc = 0;
	for (size_t i = 0; i < ins->item_count; i++) {
		const struct tally_counts *c = &ti->items[i];
		uint64_t sum = c->implemented + c->not_implemented + c->not_applicable;
		size_t k = ins->items[i].kind;
		if (sum > ti->systems[k]) {
			if (file)
				diag_at(file, 0, 0, "inspection, item %s: %llu answers exceed the systems of kind %s (%llu)",
					ins->items[i].id, (unsigned long long)sum, ins->kinds[k].code,
					(unsigned long long)ti->systems[k]);
			rc = -1;
		}
	}
	return rc;
}

void tally_attainment_add(struct tally_attainment *a, uint64_t implemented, uint64_t obligated)
{
	a->known = true;
	if (obligated == 0)
		return;
	a->obligated++;
	for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
		if (rate_counts_at_least_percent(implemented, obligated, TALLY_ATTAINMENT_PERCENT[k]))
			a->at[k]++;
}

static int check_attainment(const struct tally_role *tr, const char *code, const char *file)
{
	const struct tally_attainment *a = &tr->attainment;
	if (!a->known)
		return 0;
	static const char *const names[TALLY_ATTAINMENT_COUNT] = {"at_100", "at_95", "at_90"};
	for (int k = 0; k + 1 < TALLY_ATTAINMENT_COUNT; k++)
		if (a->at[k] > a->at[k + 1]) {
			if (file)
				diag_at(file, 0, 0, "role %s: attainment %s (%llu) exceeds %s (%llu)", code, names[k],
					(unsigned long long)a->at[k], names[k + 1], (unsigned long long)a->at[k + 1]);
			return -1;
		}
	if (a->at[TALLY_ATTAINMENT_COUNT - 1] > a->obligated) {
		if (file)
			diag_at(file, 0, 0, "role %s: attainment %s (%llu) exceeds obligated (%llu)", code,
				names[TALLY_ATTAINMENT_COUNT - 1], (unsigned long long)a->at[TALLY_ATTAINMENT_COUNT - 1],
				(unsigned long long)a->obligated);
		return -1;
	}
	if (a->obligated > tr->submitted) {
		if (file)
			diag_at(file, 0, 0, "role %s: attainment obligated (%llu) exceeds submitted (%llu)", code,
				(unsigned long long)a->obligated, (unsigned long long)tr->submitted);
		return -1;
	}
	return 0;
}

enum tally_persons_rule tally_persons_check(const struct tally *t, enum role *role, uint64_t *sum)
{
	const struct tally_persons *p = &t->persons;
	if (!p->known)
		return TALLY_PERSONS_OK;
	if (p->submitted_all > p->targets)
		return TALLY_PERSONS_SUBMITTED_OVER_TARGETS;
	*sum = 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *tr = &t->roles[r];
		if (!tr->present)
			continue;
		*sum += tr->targets;
		if (tr->targets > p->targets) {
			*role = (enum role)r;
			return TALLY_PERSONS_BELOW_ROLE;
		}
	}
	return p->targets > *sum ? TALLY_PERSONS_OVER_SUM : TALLY_PERSONS_OK;
}

static int check_persons(const struct tally *t, const char *file)
{
	const struct tally_persons *p = &t->persons;
	enum role r = 0;
	uint64_t sum = 0;
	enum tally_persons_rule rule = tally_persons_check(t, &r, &sum);
	if (rule == TALLY_PERSONS_OK)
		return 0;
	if (!file)
		return -1;
	if (rule == TALLY_PERSONS_SUBMITTED_OVER_TARGETS)
		return diag_at(file, 0, 0, "persons: submitted_all (%llu) exceeds targets (%llu)",
			       (unsigned long long)p->submitted_all, (unsigned long long)p->targets);
	if (rule == TALLY_PERSONS_BELOW_ROLE)
		return diag_at(file, 0, 0, "persons: targets (%llu) is below the targets of role %s (%llu); "
			       "each person holds a role at most once", (unsigned long long)p->targets,
			       role_info(r)->code, (unsigned long long)t->roles[r].targets);
	return diag_at(file, 0, 0, "persons: targets (%llu) exceeds the sum of the roles' targets (%llu)",
		       (unsigned long long)p->targets, (unsigned long long)sum);
}

int tally_check(const struct tally *t, const char *file)
{
	int rc = check_persons(t, file);
	if (check_inspection(t, file) || tally_check_choices(t, file))
		rc = -1;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *tr = &t->roles[r];
		if (!tr->present)
			continue;
		const char *code = role_info((enum role)r)->code;
		if (check_attainment(tr, code, file))
			rc = -1;
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
