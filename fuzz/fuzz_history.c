/* fuzz_history: any bytes as a history file (aggregator/history): it loads or is refused with
 * messages, never anything else. */
#include "fuzz/fuzz.h"

#include "aggregator/history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	struct history *h;
	if (history_load(fuzz_path(data, size), &h) == 0) {
		for (size_t i = 0; i < h->rate_count; i++)
			FUZZ_CHECK(h->rates[i].tenths <= 1000);
		history_free(h);
	} else {
		FUZZ_CHECK(h == NULL);
	}
	return 0;
}
