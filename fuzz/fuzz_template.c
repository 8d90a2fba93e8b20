/* fuzz_template: any bytes as a report template (renderer/template). A template that loads
 * expands each of its texts without reading past them. */
#include "fuzz/fuzz.h"

#include "core/text.h"
#include "renderer/template.h"

static const char *lookup(void *ctx, const char *name)
{
	(void)ctx;
	return name[0] ? "42.0％" : NULL;
}

static void expand_all(const struct template_block *blocks, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct template_block *b = &blocks[i];
		struct strbuf out;
		strbuf_init(&out);
		const char *texts[] = {b->text, b->title, b->footer, b->above, b->lead, b->empty};
		for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
			if (texts[k])
				template_expand(texts[k], lookup, NULL, &out);
		for (size_t k = 0; k < b->note_count; k++)
			template_expand(b->notes[k], lookup, NULL, &out);
		for (size_t k = 0; k < b->item_count; k++)
			template_expand(b->items[k], lookup, NULL, &out);
		for (size_t k = 0; k < b->footnote_count; k++)
			template_expand(b->footnotes[k], lookup, NULL, &out);
		strbuf_release(&out);
		expand_all(b->blocks, b->block_count);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	struct template *t;
	if (template_load_buffer("fuzz.yaml", (const char *)data, size, &t) == 0) {
		expand_all(t->blocks, t->block_count);
		template_free(t);
	} else {
		FUZZ_CHECK(t == NULL);
	}
	return 0;
}
