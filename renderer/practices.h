/*
 * practices: the year's recommended practices (推奨事例) and the other practices worth
 * following (表２-８, 推奨事例以外の参考となる取組) — one YAML file per fiscal year and language
 * (format in docs/template-format.md), chosen by the national centre rather than counted
 * from the self-check.
 *
 * A loaded file has been checked: the format line, the fiscal year and language it names,
 * non-blank texts, organisation codes of the right form, no unknown or duplicate keys. Whether
 * each code names an organisation of the year is for the report to check
 * (practices_check_orgs). Errors are reported as FILE:LINE:COL with what was expected.
 *
 * Ownership: practices_load_file() returns a set freed with practices_free(); its strings
 * point into the YAML document it keeps.
 */
#ifndef SELFCHECK_RENDERER_PRACTICES_H
#define SELFCHECK_RENDERER_PRACTICES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/ydoc.h"

#define PRACTICES_FORMAT "selfcheck-practices/1"

/* An organisation code as written, with its node for messages. */
struct practice_org {
	const char *code;
	const struct ydoc_node *node;
};

/* A recommended practice: the organisation, a title, what was done, why it was chosen. */
struct practice_recommended {
	struct practice_org org;
	const char *title;
	const char *content;
	const char *reason;
};

/* Another practice worth following: a summary and the organisations that carried it out. */
struct practice_other {
	const char *summary;
	struct practice_org *orgs;
	size_t org_count;
};

struct practices {
	struct ydoc *doc;
	int fiscal_year;
	const char *lang;
	struct practice_recommended *recommended;
	size_t recommended_count;
	struct practice_other *other;
	size_t other_count;
};

/* Loads path and checks it names fiscal_year and lang. Returns 0 and *out, or -1 after
 * reporting every error found. */
int practices_load_file(const char *path, int fiscal_year, const char *lang, struct practices **out);

/* Reports (FILE:LINE:COL) every organisation code of p that known(code, ctx) rejects.
 * Returns 0 when all are known, else -1. */
int practices_check_orgs(const struct practices *p, bool (*known)(const char *code, void *ctx), void *ctx);

void practices_free(struct practices *p);

#endif
