/* fuzz_ydoc: any bytes as a YAML document (core/ydoc). A document that loads holds scalars of
 * their true length without control characters, mappings without duplicate keys, and every
 * checking helper can be run on any of its nodes. */
#include "fuzz/fuzz.h"

#include "core/text.h"
#include "core/ydoc.h"

static int compare_keys(const void *a, const void *b)
{
	const struct ydoc_pair *x = a, *y = b;
	return strcmp(x->key->text, y->key->text);
}

static void walk(const struct ydoc *doc, const struct ydoc_node *n, bool is_key)
{
	const char *s;
	long long v;
	int t;
	const char *ja, *en;
	FUZZ_CHECK(n->line >= 1 && n->col >= 1);
	switch (n->kind) {
	case YDOC_SCALAR:
		FUZZ_CHECK(n->text && strlen(n->text) == n->len);
		FUZZ_CHECK(n->len <= YDOC_MAX_SCALAR_BYTES);
		FUZZ_CHECK(text_control_at(n->text, n->len, is_key ? "" : "\t\n", NULL) < 0);
		FUZZ_CHECK(text_utf8_invalid_at(n->text, n->len) < 0);
		ydoc_check_string(doc, n, "value", &s);
		ydoc_check_int(doc, n, "value", -5, 1000000, &v);
		ydoc_check_percent_tenths(doc, n, "value", &t);
		ydoc_is_code(n->text, true);
		break;
	case YDOC_SEQUENCE:
		FUZZ_CHECK(n->count <= YDOC_MAX_ENTRIES);
		ydoc_check_sequence(doc, n, "list", 1);
		for (size_t i = 0; i < n->count; i++)
			walk(doc, n->items[i], false);
		break;
	case YDOC_MAPPING: {
		FUZZ_CHECK(n->count <= YDOC_MAX_ENTRIES);
		static const char *const keys[] = {"format", "ja", "en", NULL};
		ydoc_check_mapping(doc, n, "map", keys, NULL);
		ydoc_check_text(doc, n, "text", &ja, &en);
		struct ydoc_pair *pairs = malloc((n->count + 1) * sizeof *pairs);
		size_t scalars = 0;
		for (size_t i = 0; i < n->count; i++) {
			walk(doc, n->pairs[i].key, true);
			walk(doc, n->pairs[i].value, false);
			if (n->pairs[i].key->kind == YDOC_SCALAR)
				pairs[scalars++] = n->pairs[i];
			FUZZ_CHECK(ydoc_get(n, n->pairs[i].key->text) != NULL || n->pairs[i].key->kind != YDOC_SCALAR);
		}
		qsort(pairs, scalars, sizeof *pairs, compare_keys);
		for (size_t i = 1; i < scalars; i++)
			FUZZ_CHECK(strcmp(pairs[i - 1].key->text, pairs[i].key->text) != 0);
		free(pairs);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	struct ydoc *doc;
	if (ydoc_load_buffer("fuzz.yaml", (const char *)data, size, &doc) == 0) {
		if (doc->root)
			walk(doc, doc->root, false);
		ydoc_error(doc, doc->root, "a message about %s", "the root");
		ydoc_free(doc);
	} else {
		FUZZ_CHECK(doc == NULL);
	}
	return 0;
}
