/* fuzz_csvplain: any bytes as a CSV file, read twice by survey/csvread: once by csvread_next
 * alone, once as the answers import reads it (csvread_plain for the runs of plain records it
 * takes, csvread_next for each record it leaves), with trimming on or off and the vector or
 * the byte-at-a-time classification, as the input's first byte says. Both readings must give
 * the same records, fields, lines and errors. */
#include "fuzz/fuzz.h"

#include "core/text.h"
#include "survey/csvread.h"

/* The records of the file at path as text: per record its line and fields, or "bad LINE". */
static void read_log(const char *path, bool trim, bool use_plain, size_t nfields, struct strbuf *log)
{
	struct csvread r;
	if (csvread_open(&r, path))
		abort();
	r.quiet = true;
	r.trim = trim;
	char *f[8 * 4];
	size_t len[8 * 4];
	for (;;) {
		if (use_plain) {
			/* two calls before the fields are read: they must stay valid together */
			long first, line;
			size_t got = csvread_plain(&r, nfields, f, len, 3, &first);
			if (got)
				got += csvread_plain(&r, nfields, f + got * nfields, len + got * nfields, 8 - got, &line);
			for (size_t k = 0; k < got; k++) {
				strbuf_addf(log, "%ld:%zu:", first + (long)k, nfields);
				for (size_t i = 0; i < nfields; i++) {
					FUZZ_CHECK(strlen(f[k * nfields + i]) == len[k * nfields + i]);
					strbuf_add(log, f[k * nfields + i], len[k * nfields + i]);
					strbuf_addch(log, '|');
				}
				strbuf_addch(log, '\n');
			}
			if (got)
				continue;
		}
		int rc = csvread_next(&r);
		if (rc == 0 || rc == -1) {
			strbuf_addf(log, "end %d, %ld errors\n", rc, r.errors);
			break;
		}
		if (rc == CSVREAD_BAD_RECORD) {
			strbuf_addf(log, "bad %ld\n", r.line);
			continue;
		}
		strbuf_addf(log, "%ld:%zu:", r.line, r.nfields);
		for (size_t i = 0; i < r.nfields; i++) {
			strbuf_add(log, r.fields[i], r.lens[i]);
			strbuf_addch(log, '|');
		}
		strbuf_addch(log, '\n');
	}
	csvread_close(&r);
}

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
	struct strbuf a, b;
	strbuf_init(&a);
	strbuf_init(&b);
	read_log(path, trim, false, nfields, &a);
	read_log(path, trim, true, nfields, &b);
	FUZZ_CHECK(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0);
	strbuf_release(&a);
	strbuf_release(&b);
	return 0;
}
