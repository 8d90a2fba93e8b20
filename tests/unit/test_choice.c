/* Unit tests for core/choice: answer codes, conditions, parsing and shares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/choice.h"
#include "core/quest.h"

static struct quest *load(void)
{
	struct quest *q;
	assert_int_equal(quest_load_file("tests/data/survey-choice.yaml", &q), 0);
	return q;
}

static void codes_round_trip(void **state)
{
	(void)state;
	struct quest *q = load();
	const struct choice *single = q->items[quest_find_item(q, "C-01")].choice;
	const struct choice *multi = q->items[quest_find_item(q, "C-03")].choice;
	assert_non_null(single);
	assert_non_null(multi);
	assert_true(multi->multiple);
	for (unsigned k = 0; k < 3; k++) {
		char code = choice_encode(single, 1u << k);
		assert_true(code != 0 && code != '0');
		assert_int_equal(choice_decode(single, code), 1u << k);
	}
	/* two options of a single choice, an empty set, an unknown option: no code */
	assert_int_equal(choice_encode(single, 3u), 0);
	assert_int_equal(choice_encode(single, 0u), 0);
	assert_int_equal(choice_encode(single, 8u), 0);
	/* every combination of the three combinable options, and the one that stands alone */
	for (unsigned m = 1; m < 8; m++) {
		char code = choice_encode(multi, m);
		assert_true(code != 0);
		assert_int_equal(choice_decode(multi, code), m);
	}
	assert_int_equal(choice_decode(multi, choice_encode(multi, 8u)), 8u);
	assert_int_equal(choice_encode(multi, 9u), 0); /* "not told" with "e-mail" */
	assert_true(choice_code_valid(multi, '0'));
	assert_false(choice_code_valid(single, 'Z'));
	quest_free(q);
}

static void conditions(void **state)
{
	(void)state;
	struct quest *q = load();
	size_t c02 = (size_t)quest_find_item(q, "C-02");
	const struct choice *c01 = q->items[quest_find_item(q, "C-01")].choice;
	char answers[5] = "0000";
	assert_false(choice_asked(q, c02, ROLE_CHIEF_OFFICER, answers));
	answers[0] = choice_encode(c01, 1u);
	assert_true(choice_asked(q, c02, ROLE_CHIEF_OFFICER, answers));
	answers[0] = choice_encode(c01, 2u);
	assert_false(choice_asked(q, c02, ROLE_CHIEF_OFFICER, answers));
	quest_free(q);
}

static void parsing(void **state)
{
	(void)state;
	struct quest *q = load();
	const struct choice *multi = q->items[quest_find_item(q, "C-03")].choice;
	const char *why;
	assert_int_equal(choice_parse(multi, "1, 3", &why), 5u);
	assert_int_equal(choice_parse(multi, "2", &why), 2u);
	assert_int_equal(choice_parse(multi, "5", &why), 0u);
	assert_string_equal(why, "an option that does not exist");
	assert_int_equal(choice_parse(multi, "1,1", &why), 0u);
	assert_int_equal(choice_parse(multi, "x", &why), 0u);
	char buf[64];
	choice_format(5u, buf, sizeof buf);
	assert_string_equal(buf, "1,3");
	quest_free(q);
}

static void shares(void **state)
{
	(void)state;
	/* whole percent, half up, from the exact counts */
	assert_int_equal(choice_share_percent(182, 191), 95);   /* 95.29 */
	assert_int_equal(choice_share_percent(1, 8), 13);       /* 12.5 */
	assert_int_equal(choice_share_percent(3, 8), 38);       /* 37.5 */
	assert_int_equal(choice_share_percent(0, 5), 0);
	assert_int_equal(choice_share_percent(5, 5), 100);
	assert_int_equal(choice_share_percent(1, 0), -1);
	assert_int_equal(choice_share_percent(1000000000000ULL, 3000000000000ULL), 33);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_round_trip),
		cmocka_unit_test(conditions),
		cmocka_unit_test(parsing),
		cmocka_unit_test(shares),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
