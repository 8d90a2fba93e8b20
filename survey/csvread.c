/* csvread: chunked RFC 4180 reading with in-place field splitting. */
#include "survey/csvread.h"
#include "core/diag.h"

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CSVREAD_CHUNK (4u << 20)

int csvread_open(struct csvread *r, const char *path)
{
	memset(r, 0, sizeof *r);
	r->path = xstrdup(path);
	r->fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
	r->next_line = 1;
	r->limit = -1;
	if (r->fd < 0)
		return diag_error("cannot open '%s': %s", path, strerror(errno));
	r->cap = CSVREAD_CHUNK;
	r->buf = xmalloc(r->cap + 1);
	return 0;
}

/* Reports an error at line (0: no position) unless the reader is quiet; returns -1. */
static int report(const struct csvread *r, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int report(const struct csvread *r, long line, const char *fmt, ...)
{
	if (r->quiet)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (line > 0)
		diag_at(r->path, (int)line, 0, "%s", msg);
	else
		diag_error("%s: %s", r->path, msg);
	g_free(msg);
	return -1;
}

int csvread_seek(struct csvread *r, off_t offset)
{
	if (r->fd < 0 || r->end > 0 || lseek(r->fd, offset, SEEK_SET) != offset)
		return report(r, 0, "cannot seek: %s", strerror(errno));
	r->base = offset;
	return 0;
}

off_t csvread_offset(const struct csvread *r)
{
	return r->base + (off_t)r->pos;
}

int csvread_limit(struct csvread *r, off_t offset)
{
	if (offset < csvread_offset(r))
		return report(r, 0, "cannot limit reading before the current record");
	r->limit = offset;
	if (r->base + (off_t)r->end >= offset) {
		r->end = (size_t)(offset - r->base);
		r->eof = true;
	}
	return 0;
}

void csvread_close(struct csvread *r)
{
	if (r->fd > 0)
		close(r->fd);
	free(r->path);
	free(r->buf);
	free(r->fields);
	free(r->lens);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}

/* Moves the unread bytes to the front and reads more. Returns bytes read, 0 at end, -1. */
static long refill(struct csvread *r)
{
	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->base += (off_t)r->pos;
		r->pos = 0;
	}
	if (r->end == r->cap)
		return report(r, r->next_line, "record longer than %u bytes", CSVREAD_CHUNK);
	for (;;) {
		size_t want = r->cap - r->end;
		if (r->limit >= 0 && (off_t)want > r->limit - (r->base + (off_t)r->end))
			want = (size_t)(r->limit - (r->base + (off_t)r->end));
		ssize_t n = want ? read(r->fd, r->buf + r->end, want) : 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return report(r, 0, "cannot read: %s", strerror(errno));
		if (n == 0)
			r->eof = true;
		r->end += (size_t)n;
		return n;
	}
}

/* Makes room for more fields (rare: the arrays start with room for 16). */
static void grow_fields(struct csvread *r)
{
	r->fields_cap = r->fields_cap ? r->fields_cap * 2 : 16;
	r->fields = xrealloc(r->fields, r->fields_cap * sizeof *r->fields);
	r->lens = xrealloc(r->lens, r->fields_cap * sizeof *r->lens);
}

static inline void add_field(struct csvread *r, char *start, size_t len)
{
	if (r->nfields == r->fields_cap)
		grow_fields(r);
	start[len] = '\0';
	r->fields[r->nfields] = start;
	r->lens[r->nfields++] = len;
}

/*
 * Finds the end of the record starting at r->pos: sets *stop to the index of its LF (or
 * r->end at the end of the file) and *quoted when it contains a quote. Returns 1 when
 * found, 0 when more data is needed.
 */
static int find_end(struct csvread *r, size_t *stop, bool *quoted, long *lines)
{
	char *p = r->buf + r->pos, *end = r->buf + r->end;
	char *nl = memchr(p, '\n', (size_t)(end - p));
	char *q = memchr(p, '"', (size_t)((nl ? nl : end) - p));
	*lines = 1;
	if (!q) {
		*quoted = false;
		if (!nl && !r->eof)
			return 0;
		*stop = nl ? (size_t)(nl - r->buf) : r->end;
		return 1;
	}
	*quoted = true;
	bool in_quotes = false;
	for (char *c = p; c < end; c++) {
		if (*c == '"')
			in_quotes = !in_quotes;
		else if (*c == '\n') {
			if (!in_quotes) {
				*stop = (size_t)(c - r->buf);
				return 1;
			}
			(*lines)++;
		}
	}
	if (!r->eof)
		return 0;
	*stop = r->end;
	return 1;
}

static int split_plain(struct csvread *r, char *p, char *end)
{
	char *start = p, *comma;
	while ((comma = memchr(start, ',', (size_t)(end - start))) != NULL) {
		add_field(r, start, (size_t)(comma - start));
		start = comma + 1;
	}
	add_field(r, start, (size_t)(end - start));
	return 0;
}

static int split_quoted(struct csvread *r, char *p, char *end)
{
	while (p <= end) {
		char *out = p, *start = p;
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				if (p >= end)
					return report(r, r->line, "unterminated quoted field");
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*out++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*out++ = *p++;
			}
			if (p < end && *p != ',')
				return report(r, r->line,
					      "unexpected text after a closing quote (expected ',' or the end of the record)");
		} else {
			while (p < end && *p != ',') {
				if (*p == '"')
					return report(r, r->line,
						      "quote inside an unquoted field (quote the whole field and double the quote)");
				p++;
			}
			out = p;
		}
		add_field(r, start, (size_t)(out - start));
		p++;
	}
	return 0;
}

int csvread_next(struct csvread *r)
{
	if (r->fd < 0)
		return -1;
	for (;;) {
		if (r->pos == r->end) {
			long n = refill(r);
			if (n < 0)
				return -1;
			if (n == 0 && r->pos == r->end)
				return 0;
		}
		if (r->base == 0 && r->next_line == 1 && r->pos == 0 && r->end >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
			r->pos = 3;
		size_t stop;
		bool quoted;
		long lines;
		if (!find_end(r, &stop, &quoted, &lines)) {
			if (refill(r) < 0)
				return -1;
			continue;
		}
		char *p = r->buf + r->pos, *end = r->buf + stop;
		r->line = r->next_line;
		r->next_line += lines;
		r->pos = stop < r->end ? stop + 1 : stop;
		if (end > p && end[-1] == '\r')
			end--;
		if (end == p)
			continue;
		r->nfields = 0;
		int rc = quoted ? split_quoted(r, p, end) : split_plain(r, p, end);
		return rc ? -1 : 1;
	}
}
