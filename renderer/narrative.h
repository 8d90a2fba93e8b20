/*
 * narrative: an organisation's own text for its section of the report — the CISO's message,
 * the year's summary, next year's goals and the adviser's message — one YAML file per
 * organisation and fiscal year (format in docs/template-format.md).
 *
 * A loaded narrative has been checked: the format line, the organisation code and fiscal year
 * it names, non-blank texts, no unknown or duplicate keys. Errors are reported as
 * FILE:LINE:COL with what was expected.
 *
 * Ownership: narrative_load_file() returns a narrative freed with narrative_free(); its
 * strings point into the YAML document it keeps.
 */
#ifndef SELFCHECK_RENDERER_NARRATIVE_H
#define SELFCHECK_RENDERER_NARRATIVE_H

#include <stddef.h>

#include "core/ydoc.h"

#define NARRATIVE_FORMAT "selfcheck-narrative/1"

/* A message: an optional title (replacing the template's heading), the text, and an
 * optional signature printed right aligned under it. */
struct narrative_message {
	const char *title;
	const char *text;
	const char *signature;
};

struct narrative {
	struct ydoc *doc;
	const char *organization;
	int fiscal_year;
	struct narrative_message ciso, adviser;   /* text NULL when absent */
	const char *summary;                      /* NULL when absent */
	const char **goals;                       /* goal_count entries */
	size_t goal_count;
};

/* Loads path and checks it names organization (code) and fiscal_year. Returns 0 and *out,
 * or -1 after reporting every error found. */
int narrative_load_file(const char *path, const char *organization, int fiscal_year,
			struct narrative **out);
void narrative_free(struct narrative *n);

#endif
