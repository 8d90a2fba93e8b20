/* fuzz_roster: any bytes as a roster CSV (survey/roster, survey/csvread), imported as a dry run
 * into a store of fiscal year 2026 over the mini questionnaire: checked row by row, nothing
 * written. An input starting with a NUL byte is read as CP932 (the byte is dropped). */
#include "fuzz/fuzz.h"

#include "core/store.h"
#include "survey/collect.h"
#include "survey/roster.h"

static struct store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!store) {
		fuzz_quiet();
		char *db = malloc(128), *quest = malloc(4096);
		snprintf(db, 128, "%s/ministry.db", fuzz_tmpdir());
		snprintf(quest, 4096, "%s/tests/data/survey-mini.yaml", FUZZ_SRC_DIR);
		if (collect_init(db, "mof", "財務省", 2026, quest, false) || store_open(db, STORE_READONLY, &store))
			abort();
		free(db);
		free(quest);
	}
	struct roster_options o = {.dry_run = true, .encoding = CSVREAD_UTF8};
	if (size > 0 && data[0] == 0) {
		o.encoding = CSVREAD_CP932;
		data++;
		size--;
	}
	roster_import(store, 2026, fuzz_path(data, size), &o);
	FUZZ_CHECK(store->depth == 0);
	return 0;
}
