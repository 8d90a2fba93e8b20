/* fuzz_names: any bytes as the names, units, codes and ids the toolkit takes from files and
 * command lines (core/text, core/org, survey/roster, survey/collect): sanitising never lets
 * a control character through, excerpts are short prefixes, wrapping keeps every character, and the
 * checks agree with each other. */
#include "fuzz/fuzz.h"

#include "core/diag.h"
#include "core/org.h"
#include "core/text.h"
#include "core/ydoc.h"
#include "survey/collect.h"
#include "survey/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	size_t len = strlen(s);
	char *clean = text_sanitize(s, false);
	FUZZ_CHECK(text_control_at(clean, strlen(clean), "", NULL) < 0);
	FUZZ_CHECK(text_utf8_invalid_at(clean, strlen(clean)) < 0);
	char *lines = text_sanitize(s, true);
	FUZZ_CHECK(text_control_at(lines, strlen(lines), "\n", NULL) < 0);
	char *ex = text_excerpt(s, 20);
	size_t head = text_prefix_bytes(s, 20);
	FUZZ_CHECK(head <= 20 * 4 && strncmp(ex, s, head) == 0);
	FUZZ_CHECK(strcmp(ex + head, s[head] ? "…" : "") == 0);
	char *long_ex = text_excerpt(s, DIAG_EXCERPT_CHARS);
	FUZZ_CHECK(strcmp(diag_excerpt(s), long_ex) == 0);
	free(long_ex);
	if (text_utf8_invalid_at(s, len) < 0) {
		text_width(s);
		char *joined = text_join_wide(s);
		free(joined);
		char **wrapped;
		size_t n = text_wrap(clean, 10, &wrapped);
		FUZZ_CHECK(n >= 1);
		text_free_lines(wrapped, n);
	}
	const char *problem = org_name_problem(s);
	if (!problem)
		FUZZ_CHECK(text_control_at(s, len, "", NULL) < 0 && !text_is_blank(s));
	if (!roster_id_problem(s))
		FUZZ_CHECK(len >= 1 && len <= ROSTER_ID_MAX && !strchr(s, ','));
	char *unit = collect_unit_normalize(s);
	FUZZ_CHECK(strlen(unit) <= len);
	FUZZ_CHECK(collect_unit_matches(unit, unit));
	free(unit);
	if (ydoc_is_code(s, true))
		FUZZ_CHECK(text_control_at(s, len, "", NULL) < 0);
	free(ex);
	free(lines);
	free(clean);
	free(s);
	return 0;
}
