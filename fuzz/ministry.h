/*
 * ministry.h: what the fuzz targets of survey's CSV imports share: the ministry store they
 * import into and the encoding an input asks for.
 */
#ifndef SELFCHECK_FUZZ_MINISTRY_H
#define SELFCHECK_FUZZ_MINISTRY_H

#include "fuzz/fuzz.h"

#include "core/store.h"
#include "survey/collect.h"
#include "survey/csvread.h"

/* A new store of the ministry mof for fiscal year 2026 over the mini questionnaire
 * (tests/data/survey-mini.yaml), in fuzz_tmpdir(), opened with mode; abort when it cannot be
 * made. The target keeps it for every input. */
static inline struct store *fuzz_ministry_store(enum store_mode mode)
{
	char db[128], quest[4096];
	snprintf(db, sizeof db, "%s/ministry.db", fuzz_tmpdir());
	snprintf(quest, sizeof quest, "%s/tests/data/survey-mini.yaml", FUZZ_SRC_DIR);
	struct store *s;
	if (collect_init(db, "mof", "財務省", 2026, quest, false) || store_open(db, mode, &s))
		abort();
	return s;
}

/* The encoding of an input: CP932 when it starts with a NUL byte, which is then dropped; UTF-8
 * otherwise. */
static inline enum csvread_encoding fuzz_encoding(const uint8_t **data, size_t *size)
{
	if (*size == 0 || (*data)[0] != 0)
		return CSVREAD_UTF8;
	(*data)++;
	(*size)--;
	return CSVREAD_CP932;
}

#endif
