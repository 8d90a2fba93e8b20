/* fuzz_narrative: any bytes as an organisation's narrative (renderer/narrative) for env in
 * fiscal year 2012. One that loads has texts of their true length. */
#include "fuzz/fuzz.h"

#include "renderer/narrative.h"

static void text_ok(const char *s)
{
	if (s)
		FUZZ_CHECK(strlen(s) <= 65536);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	struct narrative *n;
	if (narrative_load_file(fuzz_path(data, size), "env", 2012, "ja", &n) == 0) {
		text_ok(n->summary);
		text_ok(n->ciso.text);
		text_ok(n->ciso.title);
		text_ok(n->ciso.signature);
		text_ok(n->adviser.text);
		for (size_t i = 0; i < n->goal_count; i++)
			text_ok(n->goals[i]);
		narrative_free(n);
	} else {
		FUZZ_CHECK(n == NULL);
	}
	return 0;
}
