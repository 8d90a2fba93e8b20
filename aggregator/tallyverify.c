/* tallyverify: the kept counts against a recount, difference by difference. */
#include "aggregator/tallyverify.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/inspection.h"
#include "core/livetally.h"
#include "core/tallying.h"
#include "core/tallyunits.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

struct verify {
	FILE *out;
	long differences;
};

/* One count that differs: where (a text such as "unit 総務局, role staff, item S-01"), which
 * count, the value kept and the recount's. */
static void differ(struct verify *v, const char *where, const char *what, uint64_t kept, uint64_t recount)
{
	if (kept == recount)
		return;
	char *clean = text_sanitize(where, false);
	fprintf(v->out, "difference: %s: %s kept %llu, recount %llu\n", clean, what, (unsigned long long)kept,
		(unsigned long long)recount);
	free(clean);
	v->differences++;
}

/* a kept, b recounted; choices: whether the tally records choice counts (an organisation's
 * does, a unit's does not). */
static void compare_role(struct verify *v, const char *where, const struct quest *q, enum role r,
			 const struct tally_role *a, const struct tally_role *b, bool choices)
{
	char *at = xasprintf("%s, role %s", where, role_info(r)->code);
	differ(v, at, "present", a->present, b->present);
	if (a->present && b->present) {
		differ(v, at, "targets", a->targets, b->targets);
		differ(v, at, "submitted", a->submitted, b->submitted);
		differ(v, at, "sheets with an obligated answer", a->attainment.obligated, b->attainment.obligated);
		static const char *const names[TALLY_ATTAINMENT_COUNT] = {"sheets at 100%", "sheets at 95%",
									  "sheets at 90%"};
		for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
			differ(v, at, names[k], a->attainment.at[k], b->attainment.at[k]);
		for (size_t k = 0; k < q->role_item_count[r]; k++) {
			char *item = xasprintf("%s, item %s", at, q->items[q->role_items[r][k]].id);
			differ(v, item, "implemented", a->items[k].implemented, b->items[k].implemented);
			differ(v, item, "not implemented", a->items[k].not_implemented, b->items[k].not_implemented);
			differ(v, item, "not applicable", a->items[k].not_applicable, b->items[k].not_applicable);
			const struct choice *c = q->items[q->role_items[r][k]].choice;
			if (c && choices) {
				differ(v, item, "respondents", a->choices[k].respondents, b->choices[k].respondents);
				for (size_t o = 0; o < c->option_count; o++) {
					char *what = xasprintf("option %zu", o + 1);
					differ(v, item, what, a->choices[k].options[o], b->choices[k].options[o]);
					free(what);
				}
			}
			free(item);
		}
	}
	free(at);
}

/* a kept, b recounted (choices as compare_role). */
static void compare_tallies(struct verify *v, const char *where, const struct tally *a, const struct tally *b,
			    bool choices)
{
	differ(v, where, "persons", a->persons.targets, b->persons.targets);
	differ(v, where, "persons who submitted every sheet", a->persons.submitted_all, b->persons.submitted_all);
	for (int r = 0; r < ROLE_COUNT; r++)
		compare_role(v, where, b->quest, (enum role)r, &a->roles[r], &b->roles[r], choices);
	const struct inspection *ins = b->quest->inspection;
	differ(v, where, "focused inspection present", a->inspection.present, b->inspection.present);
	if (!ins || !a->inspection.present || !b->inspection.present)
		return;
	for (size_t k = 0; k < ins->kind_count; k++) {
		char *at = xasprintf("%s, systems of kind %s", where, ins->kinds[k].code);
		differ(v, at, "counted", a->inspection.kind_present[k], b->inspection.kind_present[k]);
		differ(v, at, "systems", a->inspection.systems[k], b->inspection.systems[k]);
		free(at);
	}
	for (size_t i = 0; i < ins->item_count; i++) {
		char *at = xasprintf("%s, inspection item %s", where, ins->items[i].id);
		differ(v, at, "implemented", a->inspection.items[i].implemented, b->inspection.items[i].implemented);
		differ(v, at, "not implemented", a->inspection.items[i].not_implemented,
		       b->inspection.items[i].not_implemented);
		differ(v, at, "not applicable", a->inspection.items[i].not_applicable, b->inspection.items[i].not_applicable);
		free(at);
	}
}

static void compare_units(struct verify *v, struct tally *const *a, size_t na, struct tally *const *b, size_t nb)
{
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		int d = i == na ? 1 : j == nb ? -1 : strcmp(a[i]->org.code, b[j]->org.code);
		char *where = xasprintf("unit %s", d <= 0 ? a[i]->org.code : b[j]->org.code);
		if (d == 0)
			compare_tallies(v, where, a[i++], b[j++], false);
		else if (d < 0)
			differ(v, where, "recorded", 1, 0), i++;
		else
			differ(v, where, "recorded", 0, 1), j++;
		free(where);
	}
}

/* The pending targets kept, in the recount's order (person id, role code). */
static int compare_pending(struct verify *v, struct store *s, const char *org, int fiscal_year,
			   const struct tallyunits_target *b, size_t nb)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT person_id, role FROM tally_pending WHERE org = ?1 AND fiscal_year = ?2"
			     " ORDER BY person_id, role", &st))
		return -1;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, fiscal_year);
	size_t j = 0;
	int rc = store_step(s, st);
	while (rc == SQLITE_ROW || j < nb) {
		const char *id = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
		const char *role = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 1) : NULL;
		int d = !id ? 1 : j == nb ? -1 : strcmp(id, b[j].person_id);
		if (d == 0)
			d = strcmp(role, role_info(b[j].role)->code);
		char *where = d <= 0 ? xasprintf("person %s, role %s", id, role)
				     : xasprintf("person %s, role %s", b[j].person_id, role_info(b[j].role)->code);
		if (d < 0)
			differ(v, where, "not submitted", 1, 0);
		else if (d > 0)
			differ(v, where, "not submitted", 0, 1);
		free(where);
		if (d <= 0)
			rc = store_step(s, st);
		if (d >= 0)
			j++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

long tallyverify_run(struct store *s, int fiscal_year, FILE *out)
{
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found == 0)
		diag_error("%s: fiscal year %d is not in the store", s->path, fiscal_year);
	if (found <= 0)
		return -1;
	struct org org = {0};
	struct quest *q = NULL;
	long result = 0;
	if (!y.org)
		result = diag_error("%s: fiscal year %d has no collecting organisation (a national store?); its tallies"
				    " come from tally files and are not kept here", s->path, fiscal_year);
	else if ((found = store_get_org(s, y.org, &org)) != 1)
		result = found == 0 ? diag_error("%s: organisation '%s' of fiscal year %d is missing", s->path, y.org,
						 fiscal_year) : -1;
	else if (store_year_quest(s, fiscal_year, &q) != 1)
		result = -1;
	store_year_release(&y);
	if (result) {
		org_release(&org);
		return -1;
	}
	struct verify v = {out, 0};
	struct tallying_result r = {0};
	struct tally *kept = NULL, **units = NULL;
	size_t unit_count = 0;
	bool current = false;
	long long generation = 0, kept_generation = -1;
	/* One read transaction: the kept counts and the recount see the same answers. */
	if (store_begin(s) || livetally_is_current(s, fiscal_year, &current) ||
	    store_answer_generation(s, fiscal_year, &generation, NULL) ||
	    store_load_kept_tally(s, org.code, fiscal_year, q, &kept) < 0 ||
	    tallyunits_load(s, org.code, fiscal_year, q, &units, &unit_count) < 0 ||
	    tallying_take(s, fiscal_year, q, &org, &r))
		result = -1;
	/* Counts that are current but count no role (an empty roster) are stored as no row. */
	if (result == 0 && !kept && current)
		kept = tally_new(&org, fiscal_year, q);
	if (result == 0 && !kept) {
		fprintf(out, "difference: the store keeps no tally of %s for fiscal year %d\n", org.code, fiscal_year);
		v.differences++;
	} else if (result == 0) {
		kept_generation = kept->source.generation;
		if (!current) {
			fprintf(out, "difference: the counts kept cover answer generation %lld, the store is at %lld"
				     " (or was closed or reopened since)\n", kept_generation, generation);
			v.differences++;
		}
		char *where = xasprintf("organisation %s", org.code);
		compare_tallies(&v, where, kept, r.tally, true);
		free(where);
		compare_units(&v, units, unit_count, r.units, r.unit_count);
		result = compare_pending(&v, s, org.code, fiscal_year, r.pending, r.pending_count);
	}
	store_rollback(s);
	if (result == 0) {
		struct tally_group_sums sums;
		tally_group_sums(r.tally, GROUP_ALL, &sums);
		if (v.differences)
			fprintf(out, "tally of %s for fiscal year %d: %ld difference%s between the counts kept and a recount\n",
				org.code, fiscal_year, v.differences, v.differences == 1 ? "" : "s");
		else
			fprintf(out, "tally of %s for fiscal year %d: the counts kept agree with a recount (%llu persons,"
				     " %llu submitted every sheet; %llu sheets, %llu submitted; %zu units, %zu not submitted)\n",
				org.code, fiscal_year, (unsigned long long)r.tally->persons.targets,
				(unsigned long long)r.tally->persons.submitted_all, (unsigned long long)sums.targets,
				(unsigned long long)sums.submitted, r.unit_count, r.pending_count);
	}
	tallying_release(&r);
	tally_free(kept);
	store_free_tallies(units, unit_count);
	org_release(&org);
	quest_free(q);
	return result ? -1 : v.differences;
}
