/* A small questionnaire and tally builders shared by the aggregator's unit tests. */
#ifndef SELFCHECK_TESTS_RATETAB_FIXTURE_H
#define SELFCHECK_TESTS_RATETAB_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregator/ratetab.h"
#include "core/diag.h"
#include "core/inspection.h"
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

/* FIXTURE_QUEST with a focused inspection: kinds web_server (W-01, W-02) and mail_domain (D-01). */
static const char FIXTURE_INSPECTION[] =
	"inspection:\n"
	"  reference_date: 2012-12-01\n"
	"  kinds:\n"
	"    - {code: web_server, ja: 公開ウェブサーバ, en: Public web servers}\n"
	"    - {code: mail_domain, ja: ドメイン, en: Mail domains}\n"
	"  groups:\n"
	"    - {code: dos, ja: サービス不能攻撃対策, en: Denial of service}\n"
	"  topics:\n"
	"    - {code: web, ja: 公開ウェブサーバの対策, en: Web servers, reason: {ja: 理由一, en: Reason one}}\n"
	"    - {code: mail, ja: 送信ドメイン認証, en: Sender authentication, reason: {ja: 理由二, en: Reason two}}\n"
	"  items:\n"
	"    - {id: W-01, kind: web_server, topic: web, clause: '7.1', name: {ja: 項目一, en: Item one},\n"
	"       question: {ja: 問6, en: Q6}, explanation: {ja: 説明, en: Why}}\n"
	"    - {id: W-02, kind: web_server, topic: web, group: dos, clause: '7.2', name: {ja: 項目二, en: Item two},\n"
	"       question: {ja: 問7, en: Q7}, explanation: {ja: 説明, en: Why}}\n"
	"    - {id: D-01, kind: mail_domain, topic: mail, clause: '6.2', name: {ja: 項目三, en: Item three},\n"
	"       question: {ja: 問8, en: Q8}, explanation: {ja: 説明, en: Why}}\n";

static inline struct quest *fixture_quest_inspection(void)
{
	size_t n = strlen(FIXTURE_QUEST) + strlen(FIXTURE_INSPECTION);
	char *text = xmalloc(n + 1);
	memcpy(text, FIXTURE_QUEST, strlen(FIXTURE_QUEST));
	memcpy(text + strlen(FIXTURE_QUEST), FIXTURE_INSPECTION, strlen(FIXTURE_INSPECTION) + 1);
	struct quest *q = NULL;
	int rc = quest_load_buffer("fixture.yaml", text, n, &q);
	free(text);
	return rc ? NULL : q;
}

/* Counts one kind of system (systems) and the answers of inspection item id. */
static inline void fixture_systems(struct tally *t, const char *kind, uint64_t systems)
{
	struct tally_inspection *ti = tally_inspection_use(t);
	long k = inspection_find_kind(t->quest->inspection, kind);
	if (k < 0)
		abort();
	snprintf(ti->reference_date, sizeof ti->reference_date, "2012-12-01");
	ti->kind_present[k] = true;
	ti->systems[k] = systems;
}

static inline void fixture_system_item(struct tally *t, const char *id, uint64_t impl, uint64_t not_impl, uint64_t na)
{
	long i = inspection_find_item(t->quest->inspection, id);
	if (i < 0 || !t->inspection.present)
		abort();
	t->inspection.items[i] = (struct tally_counts){impl, not_impl, na};
}

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
