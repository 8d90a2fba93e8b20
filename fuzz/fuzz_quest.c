/* fuzz_quest: any bytes as a questionnaire (core/quest). One that loads has at most
 * QUEST_MAX_ITEMS items, finds each item by its id, and puts every item bound to a role on
 * that role's sheet at the position its index says. */
#include "fuzz/fuzz.h"

#include "core/quest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	struct quest *q;
	if (quest_load_buffer("fuzz.yaml", (const char *)data, size, &q) != 0) {
		FUZZ_CHECK(q == NULL);
		return 0;
	}
	FUZZ_CHECK(q->item_count >= 1 && q->item_count <= QUEST_MAX_ITEMS);
	FUZZ_CHECK(q->category_count <= QUEST_MAX_CATEGORIES);
	FUZZ_CHECK(strlen(q->digest) == 64);
	for (size_t i = 0; i < q->item_count; i++) {
		FUZZ_CHECK(quest_find_item(q, q->items[i].id) == (long)i);
		FUZZ_CHECK(q->items[i].category < q->category_count);
		for (int r = 0; r < ROLE_COUNT; r++) {
			long pos = quest_sheet_position(q, (enum role)r, i);
			FUZZ_CHECK((pos >= 0) == quest_item_has_role(&q->items[i], (enum role)r));
			if (pos >= 0)
				FUZZ_CHECK(q->role_items[r][pos] == i);
		}
	}
	/* Loading its own stored text gives the same questionnaire. */
	struct quest *again;
	FUZZ_CHECK(quest_load_buffer("again.yaml", q->source, q->source_len, &again) == 0);
	FUZZ_CHECK(strcmp(again->digest, q->digest) == 0);
	quest_free(again);
	quest_free(q);
	return 0;
}
