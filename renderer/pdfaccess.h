/*
 * pdfaccess: what a tagged PDF needs that cairo 1.16 cannot write — the document's language
 * (/Lang in the catalog), the viewer showing the document's title, and an alternative text
 * (/Alt) on each Figure structure element — added to a PDF that cairo wrote, as a standard
 * incremental update: the changed objects are appended with a new cross-reference section
 * whose trailer points back (/Prev) to cairo's, so no byte cairo wrote is changed.
 *
 * The PDF must be cairo's own output: a classic cross-reference table and trailer, a catalog,
 * and (for alternative texts) a structure tree whose Figure elements appear in the file in
 * document order, as cairo writes them. Anything else is refused rather than guessed at.
 *
 * Ownership: pdfaccess_update() fills a strbuf the caller owns and releases.
 */
#ifndef SELFCHECK_RENDERER_PDFACCESS_H
#define SELFCHECK_RENDERER_PDFACCESS_H

#include <stddef.h>

#include "core/text.h"

struct pdfaccess {
	const char *lang;                 /* BCP 47 language tag, e.g. "ja", "en"; NULL: none */
	const char *const *figure_alts;   /* one UTF-8 text per Figure element, in order */
	size_t figure_count;
};

/* Appends to out the incremental update of the PDF pdf[0..len) that adds a's language and
 * alternative texts. Returns 0; or -1 with *why set to a static message when the PDF is not
 * as expected (no trailer, no catalog, a different number of Figure elements). */
int pdfaccess_update(const char *pdf, size_t len, const struct pdfaccess *a, struct strbuf *out,
		     const char **why);

/* The Figure structure elements in pdf[0..len), counted as pdfaccess_update finds them. */
size_t pdfaccess_figure_count(const char *pdf, size_t len);

#endif
