/* fuzz_csvplain: any bytes as a CSV file, read twice by survey/csvread: once by csvread_next
 * alone, once as the answers import reads it (csvread_plain for the runs of plain records it
 * takes, csvread_next for each record it leaves), with trimming on or off and the vector or
 * the byte-at-a-time classification, as the input's first byte says. Both readings must give
 * the same records, fields, lines and errors. */
#include "fuzz/fuzz.h"

#include "core/text.h"
#include "survey/csvread.h"
#include "tests/unit/csvread_log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	if (size < 1)
		return 0;
	/* the first byte: fields per record (1 to 4), trimming, vectors */
	unsigned how = data[0];
	size_t nfields = 1 + (how & 3);
	bool trim = how & 4, vectors = !(how & 8);
	const char *path = fuzz_path(data + 1, size - 1);
	csvread_use_vectors(vectors);
	struct strbuf why;
	strbuf_init(&why);
	bool agree = csvread_logs_agree(path, trim, nfields, NULL, &why);
	if (!agree)
		fprintf(stderr, "fuzz_csvplain: %s\n", why.buf);
	FUZZ_CHECK(agree);
	strbuf_release(&why);
	return 0;
}
