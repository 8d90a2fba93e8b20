/* A small questionnaire and tally builders shared by the aggregator's unit tests. */
#ifndef SELFCHECK_TESTS_RATETAB_FIXTURE_H
#define SELFCHECK_TESTS_RATETAB_FIXTURE_H

#include <string.h>

#include "aggregator/ratetab.h"
#include "core/quest.h"
#include "core/tally.h"

/* A computing spec: method, weighting and thresholds (NULL: the default ones). */
static inline struct ratetab_spec fixture_spec(enum rate_method m, enum ratetab_weighting w,
					       const struct grade_scale *scale)
{
	struct ratetab_spec spec = {m, w, scale ? *scale : RATE_DEFAULT_SCALE};
	return spec;
}

/* Items: O-01 (ciso, division_officer; cat a), O-02 (division_officer; cat b),
 * S-01 (staff; cat a), S-02 (division_officer, staff; cat b), Y-01 (system_admin; cat b). */
static const char FIXTURE_QUEST[] =
	"format: selfcheck-questionnaire/1\n"
	"id: test-2012\n"
	"fiscal_year: 2012\n"
	"title: {ja: 試験, en: Test}\n"
	"categories:\n"
	"  - {code: a, ja: 分類A, en: Category A}\n"
	"  - {code: b, ja: 分類B, en: Category B}\n"
	"items:\n"
	"  - id: O-01\n"
	"    roles: [ciso, division_officer]\n"
	"    category: a\n"
	"    clause: \"1.1\"\n"
	"    question: {ja: 問1, en: Q1}\n"
	"    explanation: {ja: 説明, en: Why}\n"
	"  - id: O-02\n"
	"    roles: [division_officer]\n"
	"    category: b\n"
	"    clause: \"1.2\"\n"
	"    question: {ja: 問2, en: Q2}\n"
	"    explanation: {ja: 説明, en: Why}\n"
	"  - id: S-01\n"
	"    roles: [staff]\n"
	"    category: a\n"
	"    clause: \"2.1\"\n"
	"    question: {ja: 問3, en: Q3}\n"
	"    explanation: {ja: 説明, en: Why}\n"
	"  - id: S-02\n"
	"    roles: [division_officer, staff]\n"
	"    category: b\n"
	"    clause: \"2.2\"\n"
	"    question: {ja: 問4, en: Q4}\n"
	"    explanation: {ja: 説明, en: Why}\n"
	"  - id: Y-01\n"
	"    roles: [system_admin]\n"
	"    category: b\n"
	"    clause: \"3.1\"\n"
	"    question: {ja: 問5, en: Q5}\n"
	"    explanation: {ja: 説明, en: Why}\n";

static inline struct quest *fixture_quest(void)
{
	struct quest *q = NULL;
	if (quest_load_buffer("fixture.yaml", FIXTURE_QUEST, strlen(FIXTURE_QUEST), &q))
		return NULL;
	return q;
}

static inline struct tally *fixture_tally(const struct quest *q, const char *code, int order)
{
	struct org o = {.code = (char *)code, .name = (char *)code, .order = order};
	return tally_new(&o, 2012, q);
}

/* Sets role's targets/submitted and the counts of item id on its sheet. */
static inline void fixture_role(struct tally *t, enum role role, uint64_t targets, uint64_t submitted)
{
	struct tally_role *tr = tally_role_use(t, role);
	tr->targets = targets;
	tr->submitted = submitted;
}

static inline void fixture_item(struct tally *t, enum role role, const char *id, uint64_t impl,
				uint64_t not_impl, uint64_t na)
{
	struct tally_role *tr = tally_role_use(t, role);
	long idx = quest_find_item(t->quest, id);
	long pos = idx < 0 ? -1 : quest_sheet_position(t->quest, role, (size_t)idx);
	if (pos < 0)
		abort();
	tr->items[pos] = (struct tally_counts){impl, not_impl, na};
}

#endif
