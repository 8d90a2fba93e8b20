/* Unit tests for survey/sheet (the respondent's state), survey/token and survey/msg. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/quest.h"
#include "survey/msg.h"
#include "survey/sheet.h"
#include "survey/token.h"

static const char *const questionnaire =
	"format: selfcheck-questionnaire/1\n"
	"id: unit\n"
	"fiscal_year: 2026\n"
	"title: {ja: 点検, en: Check}\n"
	"categories:\n"
	"  - {code: info, ja: 情報, en: Information}\n"
	"items:\n"
	"  - {id: S-01, roles: [staff, division_officer], category: info, clause: '1', question: {ja: 一, en: one}, explanation: {ja: 説, en: ex}}\n"
	"  - {id: S-02, roles: [staff], category: info, clause: '2', question: {ja: 二, en: two}, explanation: {ja: 説, en: ex}}\n"
	"  - {id: O-01, roles: [division_officer], category: info, clause: '3', question: {ja: 三, en: three}, explanation: {ja: 説, en: ex}}\n";

static struct quest *load(void)
{
	struct quest *q;
	assert_int_equal(quest_load_buffer("unit.yaml", questionnaire, strlen(questionnaire), &q), 0);
	return q;
}

static void test_order_follows_roles_then_items(void **state)
{
	(void)state;
	struct quest *q = load();
	struct sheet s;
	sheet_init(&s, q, (1u << ROLE_STAFF) | (1u << ROLE_DIVISION_OFFICER));
	/* division_officer comes before staff in the role catalogue; items in file order within a role. */
	assert_int_equal(s.count, 4);
	assert_int_equal(s.entries[0].role, ROLE_DIVISION_OFFICER);
	assert_string_equal(q->items[s.entries[0].item].id, "S-01");
	assert_string_equal(q->items[s.entries[1].item].id, "O-01");
	assert_int_equal(s.entries[2].role, ROLE_STAFF);
	assert_string_equal(q->items[s.entries[3].item].id, "S-02");
	assert_int_equal(s.entries[3].pos, 1);
	assert_string_equal(s.answers[ROLE_STAFF], "00");
	assert_null(s.answers[ROLE_CISO]);
	sheet_release(&s);
	quest_free(q);
}

static void test_answers_and_navigation(void **state)
{
	(void)state;
	struct quest *q = load();
	struct sheet s;
	sheet_init(&s, q, (1u << ROLE_STAFF) | (1u << ROLE_DIVISION_OFFICER));
	assert_int_equal(sheet_first_unanswered(&s), 0);
	assert_false(sheet_prev(&s));
	sheet_set(&s, 0, '1');
	sheet_set(&s, 3, '3');
	assert_int_equal(sheet_answered(&s), 2);
	assert_int_equal(sheet_first_unanswered(&s), 1);
	assert_string_equal(s.answers[ROLE_DIVISION_OFFICER], "10");
	assert_string_equal(s.answers[ROLE_STAFF], "03");
	assert_true(sheet_next(&s));
	assert_int_equal(s.cursor, 1);
	sheet_goto(&s, 99);
	assert_int_equal(s.cursor, 3);
	assert_false(sheet_next(&s));
	assert_true(sheet_prev(&s));
	assert_int_equal(s.cursor, 2);
	sheet_set(&s, 1, '2');
	sheet_set(&s, 2, '2');
	assert_int_equal(sheet_first_unanswered(&s), s.count);
	sheet_release(&s);
	quest_free(q);
}

static void test_load_role_checks_shape(void **state)
{
	(void)state;
	struct quest *q = load();
	struct sheet s;
	sheet_init(&s, q, 1u << ROLE_STAFF);
	assert_int_equal(sheet_load_role(&s, ROLE_STAFF, "21", 2), 0);
	assert_int_equal(sheet_get(&s, 0), '2');
	assert_int_equal(sheet_load_role(&s, ROLE_STAFF, "213", 3), -1);
	assert_int_equal(sheet_load_role(&s, ROLE_STAFF, "2x", 2), -1);
	assert_int_equal(sheet_load_role(&s, ROLE_CISO, "", 0), -1);
	assert_string_equal(s.answers[ROLE_STAFF], "21");
	sheet_release(&s);
	quest_free(q);
}

static void test_digest(void **state)
{
	(void)state;
	struct quest *q = load();
	struct sheet a, b;
	sheet_init(&a, q, (1u << ROLE_STAFF) | (1u << ROLE_DIVISION_OFFICER));
	sheet_init(&b, q, (1u << ROLE_STAFF) | (1u << ROLE_DIVISION_OFFICER));
	char da[SHEET_DIGEST_SIZE], db[SHEET_DIGEST_SIZE];
	sheet_set(&a, 0, '1');
	sheet_set(&b, 0, '1');
	sheet_digest(&a, da);
	sheet_digest(&b, db);
	assert_int_equal(strlen(da), 16);
	assert_string_equal(da, db);
	sheet_set(&b, 0, '2');
	sheet_digest(&b, db);
	assert_string_not_equal(da, db);
	/* The packed form gives the same digest (the import uses it). */
	const char *packed[ROLE_COUNT] = {0};
	size_t lens[ROLE_COUNT] = {0};
	packed[ROLE_DIVISION_OFFICER] = "10";
	lens[ROLE_DIVISION_OFFICER] = 2;
	packed[ROLE_STAFF] = "00";
	lens[ROLE_STAFF] = 2;
	sheet_digest_packed(packed, lens, db);
	assert_string_equal(da, db);
	sheet_release(&a);
	sheet_release(&b);
	quest_free(q);
}

static void test_token_shape_and_hash(void **state)
{
	(void)state;
	struct token_random rnd = {.left = 0};
	char t1[TOKEN_TEXT_SIZE], t2[TOKEN_TEXT_SIZE];
	assert_int_equal(token_generate(&rnd, t1), 0);
	assert_int_equal(token_generate(&rnd, t2), 0);
	assert_int_equal(strlen(t1), 24);
	assert_string_not_equal(t1, t2);
	for (int i = 0; i < 24; i++) {
		if (i % 5 == 4) {
			assert_int_equal(t1[i], '-');
			continue;
		}
		assert_non_null(strchr("ABCDEFGHJKMNPQRSTUVWXYZ23456789", t1[i]));
	}
	unsigned char h1[TOKEN_HASH_SIZE], h2[TOKEN_HASH_SIZE];
	assert_int_equal(token_hash(t1, h1), 0);
	/* Case, hyphens and spaces do not matter. */
	char typed[64];
	size_t n = 0;
	for (const char *p = t1; *p; p++)
		if (*p != '-') {
			typed[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
			if (n % 6 == 5)
				typed[n++] = ' ';
		}
	typed[n] = '\0';
	assert_int_equal(token_hash(typed, h2), 0);
	assert_memory_equal(h1, h2, TOKEN_HASH_SIZE);
	assert_true(token_matches(typed, h1, sizeof h1));
	assert_false(token_matches(t2, h1, sizeof h1));
	assert_false(token_matches(t1, h1, sizeof h1 - 1));
	assert_false(token_matches(t1, NULL, 0));
	/* Malformed: too short, too long, ambiguous letters. */
	assert_int_equal(token_hash("ABCD", h2), -1);
	assert_int_equal(token_hash("AAAA-AAAA-AAAA-AAAA-AAAA-A", h2), -1);
	assert_int_equal(token_hash("OAAA-AAAA-AAAA-AAAA-AAAA", h2), -1);
	assert_int_equal(token_hash("1AAA-AAAA-AAAA-AAAA-AAAA", h2), -1);
	assert_false(token_matches("", h1, sizeof h1));
}

static void test_token_symbols_are_spread(void **state)
{
	(void)state;
	/* 31 symbols, 20 per token: over 400 tokens every symbol must appear, and none
	 * should dominate (a broken sampler would show it). */
	struct token_random rnd = {.left = 0};
	int counts[128] = {0};
	for (int i = 0; i < 400; i++) {
		char t[TOKEN_TEXT_SIZE];
		assert_int_equal(token_generate(&rnd, t), 0);
		for (const char *p = t; *p; p++)
			if (*p != '-')
				counts[(unsigned char)*p]++;
	}
	for (const char *c = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; *c; c++) {
		assert_true(counts[(unsigned char)*c] > 100);
		assert_true(counts[(unsigned char)*c] < 420);
	}
	assert_int_equal(counts['O'] + counts['0'] + counts['1'] + counts['I'] + counts['L'], 0);
}

static void test_messages(void **state)
{
	(void)state;
	for (int id = 0; id < MSG_COUNT; id++) {
		assert_non_null(msg_get("ja", (enum msg_id)id));
		assert_non_null(msg_get("en", (enum msg_id)id));
		assert_true(strlen(msg_get("en", (enum msg_id)id)) > 0);
		/* Messages are never formats. */
		assert_null(strchr(msg_get("ja", (enum msg_id)id), '%'));
		assert_null(strchr(msg_get("en", (enum msg_id)id), '%'));
	}
	assert_string_equal(msg_answer("en", '2'), "not implemented");
	assert_string_equal(msg_answer("ja", '3'), "該当なし");
	assert_string_equal(msg_answer("xx", '0'), "未回答");
	setenv("LC_ALL", "", 1);
	setenv("LC_MESSAGES", "", 1);
	unsetenv("LANG");
	assert_string_equal(msg_default_lang(), "ja");
	setenv("LANG", "en_GB.UTF-8", 1);
	assert_string_equal(msg_default_lang(), "en");
	setenv("LC_ALL", "ja_JP.UTF-8", 1);
	assert_string_equal(msg_default_lang(), "ja");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_follows_roles_then_items),
		cmocka_unit_test(test_answers_and_navigation),
		cmocka_unit_test(test_load_role_checks_shape),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_token_shape_and_hash),
		cmocka_unit_test(test_token_symbols_are_spread),
		cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
