/*
 * ydoc: YAML documents as a tree of nodes that remember their position, for the toolkit's
 * input files (questionnaires, tally files, history, templates, narratives).
 *
 * Loading accepts one document of plain data: scalars, sequences and mappings. Anchors,
 * aliases, tags and duplicate keys are errors, and so is invalid UTF-8. Control characters
 * are errors wherever they come from (the file's bytes or an escape such as "\0" or "\e"
 * in a double-quoted scalar): a string may hold tab and line breaks only, a key none at all.
 * Every error is reported through diag_at() as FILE:LINE:COL with what was expected; after
 * DIAG_MAX_ERRORS errors of one document the rest are counted, not shown.
 *
 * Limits (docs/limits.md): the work and memory of a load are bounded by the file's size, and
 * exceeding a limit is an error like any other:
 *   YDOC_MAX_FILE_BYTES, YDOC_MAX_SCALAR_BYTES, YDOC_MAX_ENTRIES, YDOC_MAX_NODES and
 *   YDOC_MAX_DEPTH below. Duplicate keys are found in time linear in the number of keys.
 *
 * The checking helpers (ydoc_check_*) report their own errors and return -1, so a loader
 * can check everything and report all problems in one run; they never abort the walk.
 *
 * Ownership: ydoc_load_* returns a document the caller frees with ydoc_free(); nodes and
 * their strings belong to the document and stay valid until then.
 */
#ifndef SELFCHECK_YDOC_H
#define SELFCHECK_YDOC_H

#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define YDOC_MAX_FILE_BYTES (8u << 20)  /* a YAML input file */
#define YDOC_MAX_SCALAR_BYTES 65536     /* one string */
#define YDOC_MAX_ENTRIES 20000          /* entries of one mapping or sequence */
#define YDOC_MAX_NODES 500000           /* nodes of one document */
#define YDOC_MAX_DEPTH 64               /* nesting of mappings and sequences */

enum ydoc_kind { YDOC_SCALAR, YDOC_SEQUENCE, YDOC_MAPPING };

struct ydoc_node;

struct ydoc_pair {
	struct ydoc_node *key;   /* always a scalar */
	struct ydoc_node *value;
};

struct ydoc_node {
	enum ydoc_kind kind;
	int line, col;           /* 1-based position of the node's first character */
	/* scalar */
	char *text;              /* NUL-terminated; never holds a NUL or a control character
				  * other than tab and line feed, so strlen(text) == len */
	size_t len;
	bool plain;              /* unquoted scalar (only plain scalars are numbers/null) */
	/* sequence: items[0..count); mapping: pairs[0..count) in file order */
	size_t count;
	struct ydoc_node **items;
	struct ydoc_pair *pairs;
};

struct ydoc {
	char *file;              /* name used in messages */
	struct ydoc_node *root;  /* NULL for an empty document */
	int end_line;            /* position of the end of the input, for "truncated" errors */
	int *errors;             /* errors reported against the document (owned; see ydoc_error) */
};

/* Reads and parses path. Returns 0 and *out, or -1 after reporting every error found (then
 * *out is NULL). The name in messages is path as given. */
int ydoc_load_file(const char *path, struct ydoc **out);

/* Reads the whole file at path, refusing one larger than YDOC_MAX_FILE_BYTES. Returns 0 with
 * *data (NUL-terminated; free() it) and *len, or -1 after reporting. */
int ydoc_read_file(const char *path, char **data, size_t *len);

/* Parses data[0..len) under the name used in messages. Same contract as ydoc_load_file. */
int ydoc_load_buffer(const char *name, const char *data, size_t len, struct ydoc **out);

/* Frees the document and all its nodes; NULL is allowed. */
void ydoc_free(struct ydoc *doc);

/* Mapping lookup: the value of key, or NULL when map is NULL, not a mapping, or lacks it. */
struct ydoc_node *ydoc_get(const struct ydoc_node *map, const char *key);

/* Human name of a node's kind for messages: "a mapping", "a sequence", "a string"… */
const char *ydoc_kind_name(const struct ydoc_node *node);

/* ---- checking helpers: each reports through diag_at(doc->file, …) and returns -1 ---- */

/* node must be a mapping whose keys are all in allowed (NULL-terminated) and which has every
 * key of required (NULL-terminated; may be NULL). what names the node in messages, e.g.
 * "item". Reports every unknown and missing key. */
int ydoc_check_mapping(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
		       const char *const *required, const char *const *allowed);

/* node must be a sequence (min_count items at least). */
int ydoc_check_sequence(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
			size_t min_count);

/* node must be a non-blank string scalar; *out points into the document. */
int ydoc_check_string(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
		      const char **out);

/* node must be a plain integer scalar in [min, max]. */
int ydoc_check_int(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
		   long long min, long long max, long long *out);
/* ydoc_check_int for a fiscal year: FISCAL_YEAR_MIN..FISCAL_YEAR_MAX (core/era.h). */
int ydoc_check_fiscal_year(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
			   long long *out);

/* node must be a plain scalar: a decimal number with at most one decimal digit in
 * [0, 100]; stored as tenths (97.5 → 975). */
int ydoc_check_percent_tenths(const struct ydoc *doc, const struct ydoc_node *node,
			      const char *what, int *out);

/* node must be a mapping with exactly the non-blank strings "ja" and "en". */
int ydoc_check_text(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
		    const char **ja, const char **en);

/* Reports at node's position (or the document's end when node is NULL). Returns -1.
 * Errors are counted per document: past DIAG_MAX_ERRORS one line says that the rest are not
 * shown, and later ones are only counted. */
int ydoc_error(const struct ydoc *doc, const struct ydoc_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same at an explicit line and column of the document (col 0: no column). */
int ydoc_error_at(const struct ydoc *doc, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Whether s matches [a-z0-9][a-z0-9_]* (extra: also '-' when allow_dash). */
bool ydoc_is_code(const char *s, bool allow_dash);

#endif
