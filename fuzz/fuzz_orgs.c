/* fuzz_orgs: any bytes as the organisations list of a history file (the toolkit's one list of
 * organisation records: code, name, name_en, order), behind a fixed head so that every
 * mutation lands in the list. Every organisation read has a valid code and name. */
#include "fuzz/fuzz.h"

#include "aggregator/history.h"
#include "core/text.h"
#include "core/ydoc.h"

static const char head[] = "format: selfcheck-history/1\nyears: [{fiscal_year: 2012}]\norganizations:\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	size_t n = sizeof head - 1;
	uint8_t *doc = malloc(n + size + 1);
	memcpy(doc, head, n);
	memcpy(doc + n, data, size);
	struct history *h;
	if (history_load(fuzz_path(doc, n + size), &h) == 0) {
		for (size_t i = 0; i < h->org_count; i++) {
			const struct org *o = &h->orgs[i];
			FUZZ_CHECK(ydoc_is_code(o->code, false) && strlen(o->code) <= ORG_CODE_MAX);
			FUZZ_CHECK(org_name_problem(o->name) == NULL);
			FUZZ_CHECK(!o->name_en || org_name_problem(o->name_en) == NULL);
		}
		history_free(h);
	}
	free(doc);
	return 0;
}
