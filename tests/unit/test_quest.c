/* Unit tests for core/quest: loading, role sheets, and the canonical digest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/inspection.h"
#include "core/quest.h"
#include "core/text.h"

static const char *const base =
	"format: selfcheck-questionnaire/1\n"
	"id: unit\n"
	"fiscal_year: 2024\n"
	"title: {ja: 点検, en: Check}\n"
	"categories:\n"
	"  - {code: info, ja: 情報, en: Information}\n"
	"  - {code: sys, ja: システム, en: Systems, note: {ja: ※注, en: note}}\n"
	"items:\n"
	"  - id: S-01\n"
	"    roles: [staff, division_officer]\n"
	"    category: info\n"
	"    clause: \"3.1.1(3)(a)\"\n"
	"    question: {ja: 一つ目, en: First}\n"
	"    explanation: {ja: 説明, en: Explanation}\n"
	"  - id: Y-01\n"
	"    roles: [system_admin]\n"
	"    category: sys\n"
	"    clause: \"5.2\"\n"
	"    question: {ja: 二つ目, en: Second}\n"
	"    explanation: {ja: 説明, en: Explanation}\n"
	"  - id: S-02\n"
	"    roles: [staff]\n"
	"    category: info\n"
	"    clause: \"3.1.1(4)\"\n"
	"    question: {ja: 三つ目, en: Third}\n"
	"    explanation: {ja: 説明, en: Explanation}\n";

static struct quest *load(const char *text)
{
	struct quest *q = NULL;
	assert_int_equal(quest_load_buffer("unit.yaml", text, strlen(text), &q), 0);
	assert_non_null(q);
	return q;
}

static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	assert_non_null(at);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = xmalloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

static void loads_model(void **state)
{
	(void)state;
	struct quest *q = load(base);
	assert_string_equal(q->id, "unit");
	assert_int_equal(q->fiscal_year, 2024);
	assert_int_equal(q->item_count, 3);
	assert_int_equal(q->category_count, 2);
	assert_string_equal(q->categories[1].note.ja, "※注");
	assert_null(q->categories[0].note.ja);
	assert_string_equal(quest_text_get(&q->items[0].question, "en"), "First");
	assert_string_equal(quest_text_get(&q->items[0].question, "ja"), "一つ目");
	assert_int_equal(strlen(q->digest), 64);
	quest_free(q);
}

static void role_sheets_follow_file_order(void **state)
{
	(void)state;
	struct quest *q = load(base);
	assert_int_equal(q->role_item_count[ROLE_STAFF], 2);
	assert_int_equal(q->role_items[ROLE_STAFF][0], 0);
	assert_int_equal(q->role_items[ROLE_STAFF][1], 2);
	assert_int_equal(q->role_item_count[ROLE_DIVISION_OFFICER], 1);
	assert_int_equal(q->role_item_count[ROLE_SYSTEM_ADMIN], 1);
	assert_int_equal(q->role_item_count[ROLE_CISO], 0);
	assert_int_equal(quest_sheet_position(q, ROLE_STAFF, 2), 1);
	assert_int_equal(quest_sheet_position(q, ROLE_STAFF, 1), -1);
	assert_int_equal(quest_find_item(q, "Y-01"), 1);
	assert_int_equal(quest_find_item(q, "nope"), -1);
	quest_free(q);
}

static void digest_ignores_presentation(void **state)
{
	(void)state;
	struct quest *a = load(base);
	/* comments, quoting, key order and flow/block style do not change the digest */
	char *t1 = replace(base, "id: unit\n", "# a comment\nid: 'unit'   # trailing\n");
	char *t2 = replace(t1, "    question: {ja: 一つ目, en: First}\n",
			   "    question:\n      en: First\n      ja: 一つ目\n");
	char *t3 = replace(t2, "roles: [staff, division_officer]", "roles: [division_officer, staff]");
	struct quest *b = load(t3);
	assert_string_equal(a->digest, b->digest);
	quest_free(b);
	free(t1);
	free(t2);
	free(t3);
	quest_free(a);
}

static void digest_follows_content(void **state)
{
	(void)state;
	struct quest *a = load(base);
	const char *changes[][2] = {
		{"en: First", "en: First!"},
		{"clause: \"5.2\"", "clause: \"5.3\""},
		{"roles: [system_admin]", "roles: [system_admin, system_officer]"},
		{"id: S-02", "id: S-03"},
		{"category: sys", "category: info"},
		{"note: {ja: ※注, en: note}", "note: {ja: ※注記, en: note}"},
		{"fiscal_year: 2024", "fiscal_year: 2025"},
	};
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		char *t = replace(base, changes[i][0], changes[i][1]);
		struct quest *b = load(t);
		assert_string_not_equal(a->digest, b->digest);
		quest_free(b);
		free(t);
	}
	quest_free(a);
}

static void rejects_and_reports(void **state)
{
	(void)state;
	char *t = replace(base, "roles: [staff]", "roles: [stafff]");
	struct quest *q = (struct quest *)1;
	int before = diag_error_count();
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	int rc = quest_load_buffer("unit.yaml", t, strlen(t), &q);
	fclose(stderr);
	stderr = saved;
	assert_int_equal(rc, -1);
	assert_null(q);
	assert_int_equal(diag_error_count() - before, 1);
	free(t);
}

/* The focused inspection appended to base. */
static const char *const inspection_part =
	"inspection:\n"
	"  reference_date: 2024-12-01\n"
	"  kinds:\n"
	"    - {code: web_server, ja: 公開ウェブサーバ, en: Web servers}\n"
	"    - {code: network, ja: ネットワーク等, en: Networks}\n"
	"  groups:\n"
	"    - {code: egress, ja: 出口対策状況, en: Egress}\n"
	"  topics:\n"
	"    - {code: tls, ja: 暗号, en: TLS, reason: {ja: 理由, en: Reason}}\n"
	"    - {code: exit, ja: 出口, en: Exit, reason: {ja: 理由, en: Reason}}\n"
	"  items:\n"
	"    - {id: W-01, kind: web_server, topic: tls, clause: '7.1.5', name: {ja: 一, en: One},\n"
	"       question: {ja: 問, en: Q}, explanation: {ja: 説, en: E}}\n"
	"    - {id: N-01, kind: network, topic: exit, group: egress, clause: '7.2.4', name: {ja: 二, en: Two},\n"
	"       question: {ja: 問, en: Q}, explanation: {ja: 説, en: E}}\n"
	"    - {id: W-02, kind: web_server, topic: tls, clause: '7.1.5', name: {ja: 三, en: Three},\n"
	"       question: {ja: 問, en: Q}, explanation: {ja: 説, en: E}}\n";

static void inspection_kinds_have_sheets(void **state)
{
	(void)state;
	struct quest *plain = load(base);
	assert_null(plain->inspection);
	char *text = xasprintf("%s%s", base, inspection_part);
	struct quest *q = load(text);
	const struct inspection *ins = q->inspection;
	assert_non_null(ins);
	assert_string_equal(ins->reference_date, "2024-12-01");
	assert_int_equal(ins->kind_count, 2);
	assert_int_equal(ins->item_count, 3);
	/* the person items are untouched; each kind's sheet keeps file order */
	assert_int_equal(q->item_count, 3);
	assert_int_equal(ins->kind_item_count[0], 2);
	assert_int_equal(ins->kind_items[0][1], 2);
	assert_int_equal(inspection_sheet_position(ins, 2), 1);
	assert_int_equal(inspection_find_kind(ins, "network"), 1);
	assert_int_equal(inspection_find_item(ins, "N-01"), 1);
	assert_int_equal(ins->items[1].group, 0);
	assert_int_equal(ins->items[0].group, -1);
	assert_string_equal(quest_text_get(&ins->topics[0].reason, "en"), "Reason");
	/* the inspection is part of the content: it changes the digest, and so does each change in it */
	assert_string_not_equal(plain->digest, q->digest);
	char *t = replace(text, "name: {ja: 三, en: Three}", "name: {ja: 参, en: Three}");
	struct quest *b = load(t);
	assert_string_not_equal(q->digest, b->digest);
	quest_free(b);
	free(t);
	char *t1 = replace(text, "group: egress, ", "");
	t = replace(t1, "  groups:\n    - {code: egress, ja: 出口対策状況, en: Egress}\n", "");
	free(t1);
	b = load(t);
	assert_string_not_equal(q->digest, b->digest);
	assert_int_equal(b->inspection->items[1].group, -1);
	quest_free(b);
	free(t);
	free(text);
	quest_free(q);
	quest_free(plain);
}

static void inspection_dates(void **state)
{
	(void)state;
	assert_true(inspection_date_valid("2012-12-01"));
	assert_true(inspection_date_valid("2024-02-29"));
	assert_false(inspection_date_valid("2023-02-29"));
	assert_false(inspection_date_valid("2100-02-29"));
	assert_false(inspection_date_valid("2012-13-01"));
	assert_false(inspection_date_valid("2012-1-01"));
	assert_false(inspection_date_valid("1900-01-01"));
	assert_false(inspection_date_valid(NULL));
}

/* A questionnaire of n items, each bound to staff. */
static char *with_items(size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "format: selfcheck-questionnaire/1\nid: big\nfiscal_year: 2024\n"
			   "title: {ja: 点検, en: Check}\ncategories: [{code: info, ja: 情報, en: Information}]\nitems:\n");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "  - {id: S-%05zu, roles: [staff], category: info, clause: \"1\", question: {ja: 問, en: Q},"
			    " explanation: {ja: 説明, en: E}}\n", i);
	return strbuf_detach(&sb);
}

static void items_are_bounded_and_indexed(void **state)
{
	(void)state;
	char *text = with_items(QUEST_MAX_ITEMS);
	struct quest *q = load(text);
	free(text);
	assert_int_equal(q->item_count, QUEST_MAX_ITEMS);
	assert_int_equal(quest_find_item(q, "S-01999"), 1999);
	assert_int_equal(quest_find_item(q, "S-02000"), -1);
	assert_int_equal(quest_sheet_position(q, ROLE_STAFF, 1999), 1999);
	assert_int_equal(quest_sheet_position(q, ROLE_SYSTEM_ADMIN, 1999), -1);
	quest_free(q);
	text = with_items(QUEST_MAX_ITEMS + 1);
	int before = diag_error_count();
	assert_int_equal(quest_load_buffer("big.yaml", text, strlen(text), &q), -1);
	assert_int_equal(diag_error_count() - before, 1);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_model),
		cmocka_unit_test(role_sheets_follow_file_order),
		cmocka_unit_test(digest_ignores_presentation),
		cmocka_unit_test(digest_follows_content),
		cmocka_unit_test(rejects_and_reports),
		cmocka_unit_test(inspection_kinds_have_sheets),
		cmocka_unit_test(inspection_dates),
		cmocka_unit_test(items_are_bounded_and_indexed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
