/* fuzz_roster: any bytes as a roster CSV (survey/roster, survey/csvread), imported as a dry run
 * into a store of fiscal year 2026 over the mini questionnaire: checked row by row, nothing
 * written. An input starting with a NUL byte is read as CP932 (the byte is dropped). */
#include "fuzz/ministry.h"

#include "survey/roster.h"

static struct store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	if (!store)
		store = fuzz_ministry_store(STORE_READONLY);
	struct roster_options o = {.dry_run = true, .encoding = fuzz_encoding(&data, &size)};
	roster_import(store, 2026, fuzz_path(data, size), &o);
	FUZZ_CHECK(store->depth == 0);
	return 0;
}
