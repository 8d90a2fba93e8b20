/*
 * pdfmerge: PDFs that cairo 1.16 wrote, joined into one tagged PDF — the pages of the first
 * part, then the second's, and so on, with one page tree, one structure tree under one
 * Document element, one parent tree, one name tree of destinations and one set of page labels.
 *
 * Each part must be cairo's own output: a classic cross-reference table, a trailer with /Size,
 * /Root and /Info, no object streams and no earlier updates. The first part keeps its object
 * numbers, its header, catalog, Info dictionary and bookmarks; the objects of each later part
 * follow, renumbered after those before them (references in strings and in stream data are
 * left alone). A later part's catalog, Info, page tree root, structure tree root, Document
 * element, parent tree, page labels, name dictionary, destinations and outline root are not
 * copied: their contents go into the first part's. A later part's structure parent keys (its
 * pages' /StructParents, its annotations' /StructParent, its parent tree's keys) follow on
 * from those before it; its page labels' keys count from the first page of the whole. The
 * bookmarks are the first part's alone: a link or bookmark may name a destination in another
 * part, since names are kept. Objects copied keep cairo's layout ("N 0 obj\n<< … >>\nendobj"),
 * so that pdfaccess can update the joined file as it updates cairo's.
 *
 * What it refuses (with a reason): a part that is not as described (truncated, a
 * cross-reference table that does not point at its objects, a syntax it does not know,
 * nesting deeper than 64, a page tree that is not one flat list of pages), a later part with
 * bookmarks, a destination named in two parts, a later part with a structure tree,
 * destinations or page labels when the first part has none, and an entry of a later part's
 * catalog, structure tree root or name dictionary that the join would lose.
 *
 * Ownership: pdfmerge() appends to a strbuf the caller owns and releases; the parts are only
 * read.
 */
#ifndef SELFCHECK_RENDERER_PDFMERGE_H
#define SELFCHECK_RENDERER_PDFMERGE_H

#include <stddef.h>

#include "core/text.h"

/* One complete PDF in memory. */
struct pdfmerge_part {
	const char *pdf;
	size_t len;
};

/* Joins parts[0..count) into one PDF appended to *out: the pages of parts[0], then
 * parts[1]'s, and so on. count == 1 copies the part unchanged. Returns 0; or -1 with *why set
 * to a static English message and *out as it was. */
int pdfmerge(const struct pdfmerge_part *parts, size_t count, struct strbuf *out, const char **why);

#endif
