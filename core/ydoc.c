/* ydoc: libyaml events into a position-keeping node tree, plus schema-check helpers. */
#include "core/ydoc.h"
#include "core/era.h"
#include "core/readfile.h"
#include "core/diag.h"
#include "core/text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

struct builder {
	struct ydoc *doc;
	int errors;
	size_t nodes;
};

/* Every message about a document goes through here, so that one file cannot print more than
 * DIAG_MAX_ERRORS lines. */
static int doc_report(const struct ydoc *doc, int line, int col, const char *msg)
{
	int n = ++*doc->errors;
	if (n <= DIAG_MAX_ERRORS)
		diag_at(doc->file, line, col, "%s", msg);
	else if (n == DIAG_MAX_ERRORS + 1)
		diag_at(doc->file, 0, 0, "more than %d errors; the others are not shown", DIAG_MAX_ERRORS);
	return -1;
}

static struct ydoc_node *node_new(enum ydoc_kind kind, const yaml_mark_t *mark)
{
	struct ydoc_node *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = (int)mark->line + 1;
	n->col = (int)mark->column + 1;
	return n;
}

static void node_free(struct ydoc_node *n)
{
	if (!n)
		return;
	free(n->text);
	for (size_t i = 0; i < n->count; i++) {
		if (n->kind == YDOC_SEQUENCE)
			node_free(n->items[i]);
		else if (n->kind == YDOC_MAPPING) {
			node_free(n->pairs[i].key);
			node_free(n->pairs[i].value);
		}
	}
	free(n->items);
	free(n->pairs);
	free(n);
}

void ydoc_free(struct ydoc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	free(doc->file);
	free(doc->errors);
	free(doc);
}

static int report_mark(struct builder *b, const yaml_mark_t *mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int report_mark(struct builder *b, const yaml_mark_t *mark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	b->errors++;
	doc_report(b->doc, (int)mark->line + 1, (int)mark->column + 1, msg);
	g_free(msg);
	return -1;
}

static int report_node(struct builder *b, const struct ydoc_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int report_node(struct builder *b, const struct ydoc_node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	b->errors++;
	doc_report(b->doc, n->line, n->col, msg);
	g_free(msg);
	return -1;
}

static int next_event(yaml_parser_t *parser, yaml_event_t *ev, struct builder *b)
{
	if (yaml_parser_parse(parser, ev))
		return 0;
	const char *problem = parser->problem ? parser->problem : "malformed YAML";
	if (parser->context)
		report_mark(b, &parser->problem_mark, "invalid YAML: %s %s", problem, parser->context);
	else
		report_mark(b, &parser->problem_mark, "invalid YAML: %s", problem);
	return -1;
}

/* Parses the node whose first event is ev (consumed by the caller afterwards). */
static struct ydoc_node *parse_node(yaml_parser_t *parser, yaml_event_t *ev, struct builder *b,
				    int depth, bool is_key);

static int reject_decorations(struct builder *b, const yaml_event_t *ev)
{
	const unsigned char *anchor = NULL, *tag = NULL;
	if (ev->type == YAML_SCALAR_EVENT) {
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
	} else if (ev->type == YAML_SEQUENCE_START_EVENT) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else if (ev->type == YAML_MAPPING_START_EVENT) {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	}
	if (anchor)
		return report_mark(b, &ev->start_mark, "anchors are not allowed (plain data expected)");
	if (tag)
		return report_mark(b, &ev->start_mark, "tags are not allowed (plain data expected)");
	return 0;
}

/* A scalar's text as the document keeps it: its true length, and no control character an
 * escape may have produced (a NUL would make the text shorter than its length). Returns the
 * node, or NULL after reporting. */
static struct ydoc_node *scalar_node(struct builder *b, const yaml_event_t *ev, bool is_key)
{
	struct ydoc_node *n = node_new(YDOC_SCALAR, &ev->start_mark);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	size_t len = ev->data.scalar.length;
	if (len > YDOC_MAX_SCALAR_BYTES) {
		report_node(b, n, "string of %zu bytes is longer than the limit of %u bytes", len,
			    (unsigned)YDOC_MAX_SCALAR_BYTES);
		len = 0;
	}
	n->len = len;
	n->text = xmalloc(len + 1);
	memcpy(n->text, ev->data.scalar.value, len);
	n->text[len] = '\0';
	uint32_t c;
	const char *allowed = is_key ? "" : "\t\n";
	long at = text_control_at(n->text, len, allowed, &c);
	if (at >= 0) {
		if (is_key)
			report_node(b, n, "control character U+%04X is not allowed in a key", (unsigned)c);
		else
			report_node(b, n, "control character U+%04X is not allowed (only tab and line breaks)",
				    (unsigned)c);
		/* The document is refused; what is kept of the text is its length's worth, each
		 * control character replaced by U+FFFD, so that no later look finds a NUL. */
		struct strbuf sb;
		strbuf_init(&sb);
		size_t from = 0;
		while (at >= 0) {
			size_t pos = from + (size_t)at;
			strbuf_add(&sb, n->text + from, pos - from);
			strbuf_addstr(&sb, "\xEF\xBF\xBD");
			from = pos + (c >= 0x80 ? 2 : 1);
			at = text_control_at(n->text + from, len - from, allowed, &c);
		}
		strbuf_add(&sb, n->text + from, len - from);
		free(n->text);
		n->len = sb.len;
		n->text = strbuf_detach(&sb);
	}
	return n;
}

/* Keys of one mapping seen so far, for the duplicate check: a linear scan while the mapping
 * is small, a hash table (text → first key node) beyond that. */
#define DUP_SCAN_MAX 8

static const struct ydoc_node *find_key(const struct ydoc_node *map, GHashTable *seen,
					const struct ydoc_node *key)
{
	if (seen)
		return g_hash_table_lookup(seen, key->text);
	for (size_t i = 0; i < map->count; i++) {
		const struct ydoc_node *k = map->pairs[i].key;
		if (k && k->kind == YDOC_SCALAR && k->len == key->len && memcmp(k->text, key->text, key->len) == 0)
			return k;
	}
	return NULL;
}

static GHashTable *remember_key(const struct ydoc_node *map, GHashTable *seen, struct ydoc_node *key)
{
	if (!seen && map->count + 1 > DUP_SCAN_MAX) {
		seen = g_hash_table_new(g_str_hash, g_str_equal);
		for (size_t i = 0; i < map->count; i++) {
			struct ydoc_node *k = map->pairs[i].key;
			if (k->kind == YDOC_SCALAR && !g_hash_table_contains(seen, k->text))
				g_hash_table_insert(seen, k->text, k);
		}
	}
	if (seen && key->kind == YDOC_SCALAR && !g_hash_table_contains(seen, key->text))
		g_hash_table_insert(seen, key->text, key);
	return seen;
}

static struct ydoc_node *parse_node(yaml_parser_t *parser, yaml_event_t *ev, struct builder *b,
				    int depth, bool is_key)
{
	if (depth > YDOC_MAX_DEPTH) {
		report_mark(b, &ev->start_mark, "nesting deeper than %d levels", YDOC_MAX_DEPTH);
		return NULL;
	}
	if (++b->nodes > YDOC_MAX_NODES) {
		report_mark(b, &ev->start_mark, "more than %d values in one document", YDOC_MAX_NODES);
		return NULL;
	}
	if (ev->type == YAML_ALIAS_EVENT) {
		report_mark(b, &ev->start_mark, "aliases are not allowed (plain data expected)");
		return NULL;
	}
	reject_decorations(b, ev);
	if (ev->type == YAML_SCALAR_EVENT)
		return scalar_node(b, ev, is_key);
	bool is_map = ev->type == YAML_MAPPING_START_EVENT;
	if (!is_map && ev->type != YAML_SEQUENCE_START_EVENT) {
		report_mark(b, &ev->start_mark, "unexpected YAML event");
		return NULL;
	}
	struct ydoc_node *n = node_new(is_map ? YDOC_MAPPING : YDOC_SEQUENCE, &ev->start_mark);
	GHashTable *seen = NULL;
	size_t cap = 0;
	for (;;) {
		yaml_event_t child;
		if (next_event(parser, &child, b))
			goto fail;
		if (child.type == YAML_SEQUENCE_END_EVENT || child.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&child);
			if (seen)
				g_hash_table_destroy(seen);
			return n;
		}
		if (n->count == YDOC_MAX_ENTRIES) {
			report_mark(b, &child.start_mark, "more than %d entries in one %s", YDOC_MAX_ENTRIES,
				    is_map ? "mapping" : "sequence");
			yaml_event_delete(&child);
			goto fail;
		}
		struct ydoc_node *key = NULL;
		if (is_map) {
			key = parse_node(parser, &child, b, depth + 1, true);
			yaml_event_delete(&child);
			if (!key || next_event(parser, &child, b)) {
				node_free(key);
				goto fail;
			}
			if (key->kind != YDOC_SCALAR)
				report_node(b, key, "mapping keys must be plain strings");
		}
		struct ydoc_node *value = parse_node(parser, &child, b, depth + 1, false);
		yaml_event_delete(&child);
		if (!value) {
			/* Aliases and structural errors stop the walk: what follows is unreliable. */
			node_free(key);
			goto fail;
		}
		if (is_map)
			n->pairs = xgrow(n->pairs, n->count, &cap, sizeof *n->pairs, 8);
		else
			n->items = xgrow(n->items, n->count, &cap, sizeof *n->items, 8);
		if (is_map) {
			if (key->kind == YDOC_SCALAR) {
				const struct ydoc_node *first = find_key(n, seen, key);
				if (first) {
					report_node(b, key, "duplicate key '%s' (first at line %d)",
						    diag_excerpt(key->text), first->line);
				}
			}
			seen = remember_key(n, seen, key);
			n->pairs[n->count].key = key;
			n->pairs[n->count].value = value;
		} else {
			n->items[n->count] = value;
		}
		n->count++;
	}
fail:
	if (seen)
		g_hash_table_destroy(seen);
	node_free(n);
	return NULL;
}

/* Line and column (1-based, in characters) of byte offset off in data. */
static void position_of(const char *data, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

int ydoc_load_buffer(const char *name, const char *data, size_t len, struct ydoc **out)
{
	*out = NULL;
	struct ydoc *doc = xcalloc(1, sizeof *doc);
	doc->file = xstrdup(name);
	doc->errors = xcalloc(1, sizeof *doc->errors);
	struct builder b = {.doc = doc};
	int line, col;

	long bad = text_utf8_invalid_at(data, len);
	if (bad >= 0) {
		position_of(data, (size_t)bad, &line, &col);
		diag_at(doc->file, line, col, "invalid UTF-8 (byte 0x%02x); the file must be UTF-8",
			(unsigned char)data[bad]);
		ydoc_free(doc);
		return -1;
	}
	if (len > YDOC_MAX_FILE_BYTES) {
		diag_at(doc->file, 0, 0, "the file is larger than %u MiB, the limit for a YAML input",
			(unsigned)(YDOC_MAX_FILE_BYTES >> 20));
		ydoc_free(doc);
		return -1;
	}
	/* YAML forbids control characters in the text; libyaml would report them without a
	 * useful position. */
	uint32_t c;
	long ctrl = text_control_at(data, len, "\t\n\r", &c);
	if (ctrl >= 0) {
		position_of(data, (size_t)ctrl, &line, &col);
		diag_at(doc->file, line, col,
			"control character U+%04X is not allowed (only tab and line breaks)", (unsigned)c);
		ydoc_free(doc);
		return -1;
	}
	position_of(data, len, &line, &col);
	doc->end_line = line;

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		DIAG_BUG("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	yaml_event_t ev;
	int state = 0; /* 0 before document, 1 in document, 2 after */
	for (;;) {
		if (next_event(&parser, &ev, &b))
			break;
		yaml_event_type_t type = ev.type;
		if (type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (type == YAML_DOCUMENT_START_EVENT) {
			if (state == 2) {
				report_mark(&b, &ev.start_mark, "only one YAML document is allowed per file");
				yaml_event_delete(&ev);
				break;
			}
			state = 1;
		} else if (type == YAML_DOCUMENT_END_EVENT) {
			state = 2;
		} else if (type == YAML_SCALAR_EVENT || type == YAML_SEQUENCE_START_EVENT ||
			   type == YAML_MAPPING_START_EVENT || type == YAML_ALIAS_EVENT) {
			doc->root = parse_node(&parser, &ev, &b, 0, false);
			if (!doc->root && b.errors) {
				yaml_event_delete(&ev);
				break;
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (b.errors) {
		ydoc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

int ydoc_read_file(const char *path, char **data, size_t *len)
{
	return readfile(path, YDOC_MAX_FILE_BYTES, "a YAML input", false, data, len);
}

int ydoc_load_file(const char *path, struct ydoc **out)
{
	*out = NULL;
	char *data;
	size_t len;
	if (ydoc_read_file(path, &data, &len))
		return -1;
	int rc = ydoc_load_buffer(path, data, len, out);
	free(data);
	return rc;
}

struct ydoc_node *ydoc_get(const struct ydoc_node *map, const char *key)
{
	if (!map || map->kind != YDOC_MAPPING)
		return NULL;
	for (size_t i = 0; i < map->count; i++) {
		const struct ydoc_node *k = map->pairs[i].key;
		if (k && k->kind == YDOC_SCALAR && strcmp(k->text, key) == 0)
			return map->pairs[i].value;
	}
	return NULL;
}

static bool is_null_scalar(const struct ydoc_node *n)
{
	return n->kind == YDOC_SCALAR && n->plain &&
	       (n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0);
}

const char *ydoc_kind_name(const struct ydoc_node *node)
{
	if (!node)
		return "nothing";
	switch (node->kind) {
	case YDOC_MAPPING: return "a mapping";
	case YDOC_SEQUENCE: return "a sequence";
	case YDOC_SCALAR:
		if (is_null_scalar(node))
			return "an empty value";
		return node->plain ? "a scalar" : "a string";
	}
	return "a node";
}

int ydoc_error(const struct ydoc *doc, const struct ydoc_node *node, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (node)
		doc_report(doc, node->line, node->col, msg);
	else
		doc_report(doc, doc->end_line, 0, msg);
	g_free(msg);
	return -1;
}

int ydoc_error_at(const struct ydoc *doc, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	doc_report(doc, line, col, msg);
	g_free(msg);
	return -1;
}

static bool in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

int ydoc_check_mapping(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
		       const char *const *required, const char *const *allowed)
{
	if (!node || node->kind != YDOC_MAPPING)
		return ydoc_error(doc, node, "%s: expected a mapping, found %s", what,
				  ydoc_kind_name(node));
	int rc = 0;
	for (size_t i = 0; i < node->count; i++) {
		const struct ydoc_node *k = node->pairs[i].key;
		if (!k || k->kind != YDOC_SCALAR)
			continue;
		if (!in_list(allowed, k->text) && !in_list(required, k->text)) {
			struct strbuf expected;
			strbuf_init(&expected);
			for (const char *const *l = required; l && *l; l++)
				strbuf_addf(&expected, "%s%s", expected.len ? ", " : "", *l);
			for (const char *const *l = allowed; l && *l; l++)
				strbuf_addf(&expected, "%s%s", expected.len ? ", " : "", *l);
			ydoc_error(doc, k, "unknown key '%s' in %s (expected one of: %s)",
				   diag_excerpt(k->text), what,
				   expected.buf);
			strbuf_release(&expected);
			rc = -1;
		}
	}
	for (const char *const *l = required; l && *l; l++)
		if (!ydoc_get(node, *l))
			rc = ydoc_error(doc, node, "%s: missing required key '%s'", what, *l);
	return rc;
}

int ydoc_check_sequence(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
			size_t min_count)
{
	if (!node || node->kind != YDOC_SEQUENCE)
		return ydoc_error(doc, node, "%s: expected a sequence, found %s", what,
				  ydoc_kind_name(node));
	if (node->count < min_count)
		return ydoc_error(doc, node, "%s: expected at least %zu entr%s, found %zu", what,
				  min_count, min_count == 1 ? "y" : "ies", node->count);
	return 0;
}

int ydoc_check_string(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
		      const char **out)
{
	if (!node || node->kind != YDOC_SCALAR || is_null_scalar(node))
		return ydoc_error(doc, node, "%s: expected a non-empty string, found %s", what,
				  ydoc_kind_name(node));
	if (text_is_blank(node->text))
		return ydoc_error(doc, node, "%s: expected a non-empty string, found %s", what,
				  node->len ? "only white space" : "an empty string");
	if (out)
		*out = node->text;
	return 0;
}

int ydoc_check_fiscal_year(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
			   long long *out)
{
	return ydoc_check_int(doc, node, what, FISCAL_YEAR_MIN, FISCAL_YEAR_MAX, out);
}

int ydoc_check_int(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
		   long long min, long long max, long long *out)
{
	if (!node || node->kind != YDOC_SCALAR || !node->plain || node->len == 0)
		return ydoc_error(doc, node, "%s: expected an integer, found %s", what,
				  ydoc_kind_name(node));
	const char *s = node->text;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!*s)
		goto bad;
	unsigned long long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			goto bad;
		if (v > (ULLONG_MAX - 9) / 10)
			goto range;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > (unsigned long long)LLONG_MAX)
		goto range;
	long long x = neg ? -(long long)v : (long long)v;
	if (x < min || x > max)
		goto range;
	if (out)
		*out = x;
	return 0;
range:
	return ydoc_error(doc, node, "%s: expected an integer from %lld to %lld, found %s", what, min, max,
			  diag_excerpt(node->text));
bad:
	return ydoc_error(doc, node, "%s: expected an integer, found '%s'", what, diag_excerpt(node->text));
}

int ydoc_check_percent_tenths(const struct ydoc *doc, const struct ydoc_node *node,
			      const char *what, int *out)
{
	if (!node || node->kind != YDOC_SCALAR || !node->plain || node->len == 0)
		return ydoc_error(doc, node, "%s: expected a percentage such as 97.5, found %s", what,
				  ydoc_kind_name(node));
	const char *s = node->text;
	int v = 0, digits = 0;
	while (*s >= '0' && *s <= '9' && digits < 4) {
		v = v * 10 + (*s++ - '0');
		digits++;
	}
	v *= 10;
	if (digits && *s == '.' && s[1] >= '0' && s[1] <= '9') {
		v += s[1] - '0';
		s += 2;
	}
	if (!digits || *s || v > 1000) {
		return ydoc_error(doc, node,
				  "%s: expected a percentage from 0 to 100 with at most one decimal, found '%s'",
				  what, diag_excerpt(node->text));
	}
	*out = v;
	return 0;
}

int ydoc_check_text(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
		    const char **ja, const char **en)
{
	static const char *const keys[] = {"ja", "en", NULL};
	if (ydoc_check_mapping(doc, node, what, keys, NULL))
		return -1;
	char label[256];
	int rc = 0;
	snprintf(label, sizeof label, "%s.ja", what);
	if (ydoc_check_string(doc, ydoc_get(node, "ja"), label, ja))
		rc = -1;
	snprintf(label, sizeof label, "%s.en", what);
	if (ydoc_check_string(doc, ydoc_get(node, "en"), label, en))
		rc = -1;
	return rc;
}

bool ydoc_is_code(const char *s, bool allow_dash)
{
	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      (allow_dash && *s == '-')))
			return false;
	return true;
}
