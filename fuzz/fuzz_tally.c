/* fuzz_tally: any bytes as a tally file (aggregator/tallyfile) for fiscal year 2012 over the
 * questionnaire of the bad-tally corpus. A tally that loads obeys the tally rules, and one of
 * format /2 written out and read back is the same tally. */
#include "fuzz/fuzz.h"

#include "aggregator/tallyfile.h"
#include "core/quest.h"

static struct quest *quest;

static void same_tally(const struct tally *a, const struct tally *b)
{
	FUZZ_CHECK(strcmp(a->org.code, b->org.code) == 0);
	FUZZ_CHECK(strcmp(a->org.name, b->org.name) == 0);
	FUZZ_CHECK(a->persons.targets == b->persons.targets && a->persons.submitted_all == b->persons.submitted_all);
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *x = &a->roles[r], *y = &b->roles[r];
		FUZZ_CHECK(x->present == y->present);
		if (!x->present)
			continue;
		FUZZ_CHECK(x->targets == y->targets && x->submitted == y->submitted);
		FUZZ_CHECK(x->attainment.obligated == y->attainment.obligated);
		for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
			FUZZ_CHECK(x->attainment.at[k] == y->attainment.at[k]);
		for (size_t i = 0; i < quest->role_item_count[r]; i++)
			FUZZ_CHECK(memcmp(&x->items[i], &y->items[i], sizeof x->items[i]) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!quest) {
		fuzz_quiet();
		size_t len;
		char *text = fuzz_source_file("tests/data/bad-tally/base/questionnaire.yaml", &len);
		if (quest_load_buffer("questionnaire.yaml", text, len, &quest))
			abort();
		free(text);
	}
	struct tally *t;
	if (tallyfile_load(fuzz_path(data, size), quest, 2012, &t) != 0) {
		FUZZ_CHECK(t == NULL);
		return 0;
	}
	FUZZ_CHECK(tally_check(t, NULL) == 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int written = tallyfile_write(out, "again.yaml", t);
	fclose(out);
	if (written == 0) {
		struct tally *again;
		FUZZ_CHECK(tallyfile_load(fuzz_slot_path(1, (const uint8_t *)buf, len), quest, 2012, &again) == 0);
		same_tally(t, again);
		tally_free(again);
	} else {
		FUZZ_CHECK(t->source.format == 1);
	}
	free(buf);
	tally_free(t);
	return 0;
}
