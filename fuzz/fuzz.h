/*
 * fuzz.h: what the libFuzzer targets of fuzz/ share (docs/fuzzing.md).
 *
 * Each target is one file, fuzz/fuzz_NAME.c, defining LLVMFuzzerTestOneInput over one reader
 * of the toolkit. Readers that take a path get one through fuzz_path(); the readers' own
 * messages are silenced (they are the expected outcome of most inputs) unless FUZZ_VERBOSE
 * is set. A target aborts (and libFuzzer keeps the input) when a reader breaks one of the
 * invariants it checks, besides every sanitizer report.
 *
 * FUZZ_SRC_DIR, set by the Makefile, is the source tree: targets read the fixed questionnaire
 * their inputs are checked against from there.
 */
#ifndef SELFCHECK_FUZZ_H
#define SELFCHECK_FUZZ_H

#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/readfile.h"

#ifndef FUZZ_SRC_DIR
#define FUZZ_SRC_DIR "."
#endif

/* Stops the target with a message when an invariant does not hold. */
#define FUZZ_CHECK(cond)                                                                            \
	do {                                                                                        \
		if (!(cond)) {                                                                      \
			fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
			abort();                                                                    \
		}                                                                                   \
	} while (0)

/* Messages of the readers go nowhere, unless FUZZ_VERBOSE is set; stdout (summaries some
 * commands print) too. Only the first call does anything: a target calls it on every input. */
static inline void fuzz_quiet(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	diag_set_program("fuzz");
	if (getenv("FUZZ_VERBOSE"))
		return;
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	diag_set_output(null);
	if (!freopen("/dev/null", "w", stdout))
		abort();
}

/* A path naming a file that holds data[0..size): one memory file per slot (0 or 1) and
 * process, rewritten on every call. */
static inline const char *fuzz_slot_path(int slot, const uint8_t *data, size_t size)
{
	static int fd[2] = {-1, -1};
	static char path[2][64];
	if (fd[slot] < 0) {
		fd[slot] = memfd_create("fuzz-input", 0);
		if (fd[slot] < 0)
			abort();
		snprintf(path[slot], sizeof path[slot], "/proc/self/fd/%d", fd[slot]);
	}
	if (ftruncate(fd[slot], 0) != 0 || pwrite(fd[slot], data, size, 0) != (ssize_t)size)
		abort();
	return path[slot];
}

static inline const char *fuzz_path(const uint8_t *data, size_t size)
{
	return fuzz_slot_path(0, data, size);
}

/* The text of a file of the source tree (NUL-terminated; the caller frees it), or abort. */
static inline char *fuzz_source_file(const char *relative, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", FUZZ_SRC_DIR, relative);
	char *buf;
	size_t n;
	if (readfile(path, 0, NULL, false, &buf, &n))
		abort();
	if (len)
		*len = n;
	return buf;
}

/* A fresh directory for the stores a target works on (left for the system's /tmp cleaning
 * when the fuzzer is killed; removed by the run script otherwise). */
static inline const char *fuzz_tmpdir(void)
{
	static char dir[64];
	if (!dir[0]) {
		const char *base = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/selfcheck-fuzz.XXXXXX", base && strlen(base) < 32 ? base : "/tmp");
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

#endif
