/* csvread: chunked RFC 4180 reading with in-place field splitting, CP932 conversion. */
#include "survey/csvread.h"
#include "core/diag.h"
#include "core/text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <iconv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define CSVREAD_CHUNK (4u << 20)
/* CP932 bytes read at a time: a byte becomes at most three bytes of UTF-8, so a chunk's
 * conversion fits in the text buffer. */
#define RAW_CHUNK (1u << 20)

int csvread_open(struct csvread *r, const char *path)
{
	memset(r, 0, sizeof *r);
	r->path = xstrdup(path);
	r->fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
	r->next_line = 1;
	r->limit = -1;
	if (r->fd < 0) {
		r->errors = 1;
		r->failed = true;
		return diag_error("cannot open '%s': %s", path, strerror(errno));
	}
	r->cap = CSVREAD_CHUNK;
	/* Zeroed, with room after the last byte: every field is followed by CSVREAD_SLACK
	 * readable bytes (csvread.h). */
	r->buf = xcalloc(r->cap + CSVREAD_SLACK, 1);
	return 0;
}

const char *const CSVREAD_ENCODING_NAMES[] = {
	"utf-8", "utf8",
	"cp932", "sjis", "shift_jis", "shift-jis", "shiftjis", "windows-31j", "ms932", NULL,
};

int csvread_encoding_from_name(const char *name)
{
	for (size_t i = 0; CSVREAD_ENCODING_NAMES[i]; i++)
		if (strcasecmp(name, CSVREAD_ENCODING_NAMES[i]) == 0)
			return i < CSVREAD_UTF8_NAMES ? CSVREAD_UTF8 : CSVREAD_CP932;
	return -1;
}

static int vreport_at(struct csvread *r, long line, int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static int vreport_at(struct csvread *r, long line, int col, const char *fmt, va_list ap)
{
	r->errors++;
	if (r->quiet || r->errors > DIAG_MAX_ERRORS)
		return -1;
	char *msg = g_strdup_vprintf(fmt, ap);
	if (line > 0)
		diag_at(r->path, (int)line, col, "%s", msg);
	else
		diag_error("%s: %s", r->path, msg);
	g_free(msg);
	return -1;
}

static int vreport(struct csvread *r, long line, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

static int vreport(struct csvread *r, long line, const char *fmt, va_list ap)
{
	return vreport_at(r, line, 0, fmt, ap);
}

int csvread_error_at(struct csvread *r, long line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport_at(r, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int csvread_error(struct csvread *r, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(r, line, fmt, ap);
	va_end(ap);
	return -1;
}

/* Reports an error after which the file cannot be read on; every later call returns -1. */
static int fatal(struct csvread *r, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fatal(struct csvread *r, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(r, line, fmt, ap);
	va_end(ap);
	r->failed = true;
	return -1;
}

void csvread_error_summary(struct csvread *r)
{
	if (r->quiet || r->errors <= DIAG_MAX_ERRORS)
		return;
	diag_error("%s: %ld more errors not shown (%ld in all)", r->path, r->errors - DIAG_MAX_ERRORS,
		   r->errors);
}

/* Builds the CP932 tables once per process (below). */
static void prepare_cp932_tables(void);

int csvread_set_encoding(struct csvread *r, enum csvread_encoding encoding)
{
	r->encoding = encoding;
	if (encoding != CSVREAD_CP932 || r->conv)
		return 0;
	iconv_t cd = iconv_open("UTF-8", "CP932");
	if (cd == (iconv_t)-1)
		return fatal(r, 0, "cannot convert from CP932 on this system: %s", strerror(errno));
	prepare_cp932_tables();
	r->conv = cd;
	r->raw = xmalloc(RAW_CHUNK);
	return 0;
}

int csvread_seek(struct csvread *r, off_t offset)
{
	if (r->fd < 0 || r->end > 0 || r->conv || lseek(r->fd, offset, SEEK_SET) != offset)
		return fatal(r, 0, "cannot seek: %s", strerror(errno));
	r->base = offset;
	r->checked = offset;
	r->started = true;
	return 0;
}

off_t csvread_offset(const struct csvread *r)
{
	return r->base + (off_t)r->pos;
}

int csvread_limit(struct csvread *r, off_t offset)
{
	if (offset < csvread_offset(r) || r->conv)
		return fatal(r, 0, "cannot limit reading before the current record");
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
	if (r->conv)
		iconv_close((iconv_t)r->conv);
	free(r->path);
	free(r->buf);
	free(r->fields);
	free(r->lens);
	free(r->raw);
	free(r->header);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}

static size_t count_newlines(const char *p, size_t n)
{
	size_t count = 0;
	const char *end = p + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		count++;
		p++;
	}
	return count;
}

/* Reads at most want bytes of the file into dst, again when a signal interrupts. Returns bytes
 * read, 0 at the end (or for want 0), -1 after reporting. */
static ssize_t read_some(struct csvread *r, char *dst, size_t want)
{
	for (;;) {
		ssize_t n = want ? read(r->fd, dst, want) : 0;
		if (n >= 0)
			return n;
		if (errno != EINTR)
			return fatal(r, 0, "cannot read: %s", strerror(errno));
	}
}

/* Reads plain bytes after buf[end]. Returns bytes read, 0 at the end, -1 after reporting. */
static long fill_plain(struct csvread *r)
{
	size_t want = r->cap - r->end;
	if (r->limit >= 0 && (off_t)want > r->limit - (r->base + (off_t)r->end))
		want = (size_t)(r->limit - (r->base + (off_t)r->end));
	ssize_t n = read_some(r, r->buf + r->end, want);
	if (n < 0)
		return -1;
	if (n == 0)
		r->eof = true;
	r->end += (size_t)n;
	return n;
}

/* Reads more CP932 bytes into raw. Returns 0, or -1 after reporting. */
static int read_raw(struct csvread *r)
{
	if (r->raw_pos > 0) {
		memmove(r->raw, r->raw + r->raw_pos, r->raw_end - r->raw_pos);
		r->raw_end -= r->raw_pos;
		r->raw_pos = 0;
	}
	ssize_t n = read_some(r, r->raw + r->raw_end, RAW_CHUNK - r->raw_end);
	if (n < 0)
		return -1;
	if (n == 0)
		r->raw_eof = true;
	r->raw_end += (size_t)n;
	return 0;
}

static const char cp932_error[] = "not valid CP932 (Shift_JIS) text, which --encoding cp932 says the file is";

static bool plain_vectors = true;

void csvread_use_vectors(bool on)
{
	plain_vectors = on;
}

/* How many of the n bytes at p, from the first, are below 0x80. */
static size_t ascii_prefix(const char *p, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	if (plain_vectors)
		for (; i + 16 <= n; i += 16) {
			unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)));
			if (high)
				return i + (size_t)__builtin_ctz(high);
		}
#endif
	while (i < n && (unsigned char)p[i] < 0x80)
		i++;
	return i;
}

/*
 * CP932 by table. The C library's converter is called for every character; a national file
 * with a Japanese role name on every line spends most of its import there. The tables hold
 * the converter's own answers, asked once per process for every byte from 0x80 and every
 * two-byte character: packed UTF-8 (its length in the low byte, then its bytes), 0 for what
 * the converter refuses or the tables do not hold. What they do not know goes to the
 * converter, so the text and the errors are the converter's either way.
 */
#define CP932_LEAD 0xFFFFFFFFu
static uint32_t cp932_single[256];     /* from 0x80: a character, CP932_LEAD, or 0 */
static uint32_t cp932_double[1 << 16]; /* lead byte << 8 | second byte */
static bool cp932_tables_ready;
static pthread_once_t cp932_tables_once = PTHREAD_ONCE_INIT;

/* What the converter makes of the n bytes at in: packed UTF-8 when it converts them all into
 * at most three bytes, CP932_LEAD when they end inside a character, else 0. */
static uint32_t ask_converter(iconv_t cd, const char *bytes, size_t n)
{
	char in_buf[2], out_buf[8];
	memcpy(in_buf, bytes, n);
	char *in = in_buf, *out = out_buf;
	size_t in_left = n, out_left = sizeof out_buf;
	iconv(cd, NULL, NULL, NULL, NULL);
	size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
	size_t produced = sizeof out_buf - out_left;
	if (rc == (size_t)-1)
		return errno == EINVAL && produced == 0 ? CP932_LEAD : 0;
	if (in_left || produced == 0 || produced > 3)
		return 0;
	uint32_t packed = (uint32_t)produced;
	for (size_t i = 0; i < produced; i++)
		packed |= (uint32_t)(unsigned char)out_buf[i] << (8 * (i + 1));
	return packed;
}

static void build_cp932_tables(void)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	if (cd == (iconv_t)-1)
		return;
	for (unsigned b = 0x80; b < 256; b++) {
		char c = (char)b;
		cp932_single[b] = ask_converter(cd, &c, 1);
	}
	for (unsigned lead = 0x80; lead < 256; lead++) {
		if (cp932_single[lead] != CP932_LEAD)
			continue;
		for (unsigned second = 0; second < 256; second++) {
			char pair[2] = {(char)lead, (char)second};
			uint32_t packed = ask_converter(cd, pair, 2);
			cp932_double[lead << 8 | second] = packed == CP932_LEAD ? 0 : packed;
		}
	}
	iconv_close(cd);
	cp932_tables_ready = true;
}

static void prepare_cp932_tables(void)
{
	pthread_once(&cp932_tables_once, build_cp932_tables);
}

static void put_packed(char **out, uint32_t packed)
{
	unsigned n = packed & 0xFF;
	for (unsigned i = 0; i < n; i++)
		(*out)[i] = (char)(packed >> (8 * (i + 1)));
	*out += n;
}

/* How cp932_by_table stopped. */
enum table_stop { TABLE_DONE, TABLE_UNKNOWN, TABLE_FULL, TABLE_SHORT };

/* Converts *in_left bytes at *in (a run that starts where a character starts) into *out by the
 * tables, as far as it can: all of them (TABLE_DONE), up to a character the tables do not
 * hold (TABLE_UNKNOWN: the converter's to convert or refuse), up to one there is no room for
 * (TABLE_FULL), or up to a lead byte that is the last byte (TABLE_SHORT). */
static enum table_stop cp932_by_table(char **in, size_t *in_left, char **out, size_t *out_left)
{
	const unsigned char *p = (const unsigned char *)*in, *end = p + *in_left;
	char *o = *out;
	const char *o_end = o + *out_left;
	enum table_stop stop = TABLE_DONE;
	while (p < end) {
		if (*p < 0x80) {
			if (o == o_end) {
				stop = TABLE_FULL;
				break;
			}
			*o++ = (char)*p++;
			continue;
		}
		uint32_t packed = cp932_single[*p];
		size_t width = 1;
		if (packed == CP932_LEAD) {
			if (p + 1 == end) {
				stop = TABLE_SHORT;
				break;
			}
			packed = cp932_double[p[0] << 8 | p[1]];
			width = 2;
		}
		if (!packed) {
			stop = TABLE_UNKNOWN;
			break;
		}
		if ((size_t)(o_end - o) < (packed & 0xFF)) {
			stop = TABLE_FULL;
			break;
		}
		put_packed(&o, packed);
		p += width;
	}
	*in_left -= (size_t)((const char *)p - *in);
	*in = (char *)p;
	*out_left -= (size_t)(o - *out);
	*out = o;
	return stop;
}

/* Converts CP932 bytes into buf[end...]. Returns bytes produced, 0 at the end, -1 after
 * reporting.
 *
 * CP932's single bytes below 0x80 are ASCII, the same bytes in UTF-8, and the second byte of
 * a two-byte character is never an LF. So a run of bytes below 0x80 that starts where a
 * character starts is copied as it is, and from a byte of 0x80 or more up to the next LF (the
 * line's end, where a character starts again) the text is converted by the tables above, and
 * by iconv from a character they do not hold: a file of codes and figures is copied at memory
 * speed. */
static long fill_converted(struct csvread *r)
{
	for (;;) {
		if (r->raw_pos < r->raw_end) {
			char *in = r->raw + r->raw_pos, *out = r->buf + r->end;
			size_t in_left = r->raw_end - r->raw_pos, out_left = r->cap - r->end;
			int err = 0;
			while (in_left > 0 && out_left > 0 && !err) {
				size_t ascii = ascii_prefix(in, in_left < out_left ? in_left : out_left);
				memcpy(out, in, ascii);
				in += ascii, out += ascii;
				in_left -= ascii, out_left -= ascii;
				if (in_left == 0 || out_left == 0)
					break;
				const char *lf = memchr(in, '\n', in_left);
				size_t segment = lf ? (size_t)(lf - in) + 1 : in_left, left = segment;
				enum table_stop stop = cp932_tables_ready ? cp932_by_table(&in, &left, &out, &out_left)
									  : TABLE_UNKNOWN;
				if (stop == TABLE_FULL)
					err = E2BIG;
				else if (stop == TABLE_SHORT)
					err = EINVAL;
				else if (stop == TABLE_UNKNOWN &&
					 iconv((iconv_t)r->conv, &in, &left, &out, &out_left) == (size_t)-1)
					err = errno;
				in_left -= segment - left;
			}
			size_t produced = (size_t)(out - (r->buf + r->end));
			r->conv_newlines += (long)count_newlines(r->buf + r->end, produced);
			r->end += produced;
			r->raw_pos = (size_t)(in - r->raw);
			if (err == EILSEQ)
				return fatal(r, r->conv_newlines + 1, "%s", cp932_error);
			if (produced > 0)
				return (long)produced;
			if (err == E2BIG)
				return fatal(r, r->next_line, "record longer than %u bytes", CSVREAD_CHUNK);
		}
		if (r->raw_eof) {
			if (r->raw_pos < r->raw_end)
				return fatal(r, r->conv_newlines + 1, "%s (the file ends inside a character)", cp932_error);
			r->eof = true;
			return 0;
		}
		if (read_raw(r))
			return -1;
	}
}

/* Whether every byte of the file (or, when it cannot be read again, of what is buffered)
 * decodes as CP932. */
static bool decodes_as_cp932(struct csvread *r)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	if (cd == (iconv_t)-1)
		return false;
	size_t in_cap = 1u << 16;
	char *in = xmalloc(in_cap), *out = xmalloc(in_cap * 3 + 16);
	bool ok = true;
	struct stat st;
	if (r->fd > 0 && fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		off_t at = 0;
		size_t have = 0;
		for (;;) {
			ssize_t n = pread(r->fd, in + have, in_cap - have, at);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				ok = false;
				break;
			}
			at += n;
			have += (size_t)n;
			char *ip = in, *op = out;
			size_t il = have, ol = in_cap * 3 + 16;
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno != EINVAL) {
				ok = false;
				break;
			}
			memmove(in, ip, il);
			have = il;
			if (n == 0) {
				ok = have == 0;
				break;
			}
		}
	} else {
		char *ip = r->buf + r->pos;
		size_t il = r->end - r->pos;
		while (ok && il > 0) {
			char *op = out;
			size_t ol = in_cap * 3 + 16;
			size_t before = il;
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno != E2BIG)
				ok = errno == EINVAL && !r->eof;
			if (il == before)
				break;
		}
	}
	free(in);
	free(out);
	iconv_close(cd);
	return ok;
}

/* Checks that the text read so far is UTF-8 (a character cut by the chunk's end waits for
 * the next chunk). A file that is not, but decodes as CP932, is reported once. Returns 0, or
 * -1 after reporting. */
static int check_utf8(struct csvread *r)
{
	size_t from = r->checked > r->base ? (size_t)(r->checked - r->base) : 0;
	size_t to = r->end;
	if (!r->eof) {
		/* Stop before a last character that may continue in the next chunk. */
		size_t k = to;
		while (k > from && k + 4 > to && ((unsigned char)r->buf[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > from && (unsigned char)r->buf[k - 1] >= 0xC0)
			to = k - 1;
	}
	if (to <= from)
		return 0;
	long bad = text_utf8_invalid_at(r->buf + from, to - from);
	if (bad < 0) {
		r->checked = r->base + (off_t)to;
		return 0;
	}
	size_t at = from + (size_t)bad;
	long line = r->next_line + (long)count_newlines(r->buf + r->pos, at > r->pos ? at - r->pos : 0);
	if (decodes_as_cp932(r))
		return fatal(r, line, "not UTF-8 text: the file looks like CP932 (Shift_JIS); re-run with --encoding cp932");
	r->not_utf8 = true;
	return 0;
}

/* Looks at the first bytes of the file: a UTF-16 file is refused, and a UTF-8 byte-order
 * mark makes a CP932 reader read UTF-8. Returns 0, or -1 after reporting. */
static int sniff(struct csvread *r, const unsigned char *p, size_t n)
{
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return fatal(r, 1, "the file is UTF-16 text (expected UTF-8, or CP932 with --encoding cp932;"
			     " save it as CSV)");
	if (r->conv && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		memcpy(r->buf + r->end, r->raw + r->raw_pos, n);
		r->end += n;
		r->raw_pos = r->raw_end = 0;
		iconv_close((iconv_t)r->conv);
		r->conv = NULL;
		r->encoding = CSVREAD_UTF8;
		r->eof = r->raw_eof;
	}
	return 0;
}

/* Moves the unread text to the front and reads more. Returns bytes read, 0 at end, -1. */
static long refill(struct csvread *r)
{
	if (r->failed)
		return -1;
	if (r->eof)
		return 0;
	r->quote_valid = false;
	r->nul_valid = false;
	r->plain_refused = 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->base += (off_t)r->pos;
		r->pos = 0;
	}
	if (r->end == r->cap)
		return fatal(r, r->next_line, "record longer than %u bytes", CSVREAD_CHUNK);
	long n;
	if (!r->started) {
		r->started = true;
		size_t before = r->end;
		if (r->conv) {
			if (read_raw(r))
				return -1;
			if (sniff(r, (const unsigned char *)r->raw, r->raw_end))
				return -1;
			n = r->conv ? fill_converted(r) : (long)(r->end - before);
		} else {
			n = fill_plain(r);
			if (n >= 0 && sniff(r, (const unsigned char *)r->buf, r->end))
				return -1;
		}
	} else {
		n = r->conv ? fill_converted(r) : fill_plain(r);
	}
	if (n < 0)
		return -1;
	if (!r->conv && !r->not_utf8 && check_utf8(r))
		return -1;
	return n;
}

/* Makes room for more fields (rare: the arrays start with room for 16). */
static void grow_fields(struct csvread *r)
{
	r->fields_cap = r->fields_cap ? r->fields_cap * 2 : 16;
	r->fields = xrealloc(r->fields, r->fields_cap * sizeof *r->fields);
	r->lens = xrealloc(r->lens, r->fields_cap * sizeof *r->lens);
}

/* Length of the space (ASCII space or tab, or U+3000) at p, 0 when there is none. */
static size_t space_at(const char *p, const char *end)
{
	if (p < end && (*p == ' ' || *p == '\t'))
		return 1;
	if (end - p >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* Length of the space ending just before end, 0 when there is none. */
static size_t space_before(const char *start, const char *end)
{
	if (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		return 1;
	if (end - start >= 3 && memcmp(end - 3, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static char *skip_spaces(char *p, char *end)
{
	size_t n;
	while ((n = space_at(p, end)) > 0)
		p += n;
	return p;
}

/* Bytes a field may start (1) or end (2) with when it has a space to trim: an ASCII space
 * or tab, or the first / last byte of U+3000 (E3 80 80). */
static const unsigned char space_edge[256] = {
	[' '] = 3, ['\t'] = 3, [0xE3] = 1, [0x80] = 2,
};

static inline __attribute__((always_inline)) void add_field(struct csvread *r, char *start, size_t len)
{
	if (r->nfields == r->fields_cap)
		grow_fields(r);
	if (r->trim && len &&
	    ((space_edge[(unsigned char)start[0]] & 1) | (space_edge[(unsigned char)start[len - 1]] & 2))) {
		char *end = start + len, *p = skip_spaces(start, end);
		size_t n;
		while ((n = space_before(p, end)) > 0)
			end -= n;
		start = p;
		len = (size_t)(end - p);
	}
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
	/* The next quote of the buffer, looked for once for all the records before it. */
	if (!r->quote_valid || r->quote_at < r->pos || r->quote_at > r->end) {
		char *q = memchr(p, '"', (size_t)(end - p));
		r->quote_at = q ? (size_t)(q - r->buf) : r->end;
		r->quote_valid = true;
	}
	*lines = 1;
	if (r->quote_at >= (size_t)((nl ? nl : end) - r->buf)) {
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

/* The first comma among the 8 bytes at c, or NULL: a whole word at a time (records are short,
 * so this beats a library search per field). */
static inline char *comma_in_word(char *c)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w;
	memcpy(&w, c, 8);
	w ^= 0x2C2C2C2C2C2C2C2Cull;                     /* commas become zero bytes */
	uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
	/* the lowest marked byte is the first zero byte (marks above it may be false) */
	return zero ? c + (__builtin_ctzll(zero) >> 3) : NULL;
#else
	return memchr(c, ',', 8);
#endif
}

static int split_plain(struct csvread *r, char *p, char *end)
{
	char *start = p, *c = p;
	while (end - c >= 8) {
		char *comma = comma_in_word(c);
		if (!comma) {
			c += 8;
			continue;
		}
		add_field(r, start, (size_t)(comma - start));
		start = c = comma + 1;
	}
	/* The last bytes too a word at a time: the buffer is readable CSVREAD_SLACK bytes past
	 * its end, and a comma found past the record's end is not the record's. */
	while (c < end) {
		char *comma = comma_in_word(c);
		if (!comma || comma >= end)
			break;
		add_field(r, start, (size_t)(comma - start));
		start = c = comma + 1;
	}
	add_field(r, start, (size_t)(end - start));
	return 0;
}

static int split_quoted(struct csvread *r, char *p, char *end)
{
	while (p <= end) {
		char *out = p, *start = p;
		char *q = r->trim ? skip_spaces(p, end) : p;
		if (q < end && *q == '"') {
			p = q + 1;
			out = start = q;
			for (;;) {
				if (p >= end)
					return csvread_error(r, r->line, "unterminated quoted field");
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
			if (r->trim)
				p = skip_spaces(p, end);
			if (p < end && *p != ',')
				return csvread_error(r, r->line,
						     "unexpected text after a closing quote (expected ',' or the end of the record)");
		} else {
			while (p < end && *p != ',') {
				if (*p == '"')
					return csvread_error(r, r->line,
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
	if (r->fd < 0 || r->failed)
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
		/* Fields are NUL-terminated strings: a NUL byte in the text would cut a field short
		 * ("p001<NUL>GARBAGE" read as "p001"), so the record is refused. The next NUL of
		 * the buffer is looked for once for all the records before it (the NULs that end
		 * fields are written before the next record starts). */
		if (!r->nul_valid || r->nul_at < (size_t)(p - r->buf) || r->nul_at > r->end) {
			const char *q = memchr(p, '\0', r->end - (size_t)(p - r->buf));
			r->nul_at = q ? (size_t)(q - r->buf) : r->end;
			r->nul_valid = true;
		}
		const char *nul = r->nul_at < stop ? r->buf + r->nul_at : NULL;
		if (nul) {
			csvread_error(r, r->line + (long)count_newlines(p, (size_t)(nul - p)),
				      "NUL byte in the text (a CSV file holds text only)");
			return CSVREAD_BAD_RECORD;
		}
		int rc = quoted ? split_quoted(r, p, end) : split_plain(r, p, end);
		return rc ? CSVREAD_BAD_RECORD : 1;
	}
}

/*
 * Plain records (csvread_plain). The text is looked at 64 bytes at a time, in blocks that
 * start at multiples of 64 of the buffer (which holds CSVREAD_CHUNK bytes, a multiple of 64,
 * so a block never reaches past its allocation): a bit per byte says where the separators
 * are, and a flag per block whether it holds anything the general reader must see. A record
 * that touches a block so flagged is left to csvread_next, as is the rest of that block.
 */
struct plain_block {
	uint64_t sep;   /* bit i: byte i of the block is a comma or LF */
	uint64_t lf;    /* bit i: byte i is LF */
	bool bad;       /* a NUL (a CR is text to both readers but before an LF, where both drop
			 * it) */
	bool quote;     /* a quote: the fields are looked at one by one */
	bool edge;      /* a byte a space to trim starts or ends with: space, tab, E3 or 80 (U+3000) */
};

/* Bit i: byte i of the 64 at b is c. */
static uint64_t bytes_equal(const unsigned char *b, unsigned char c)
{
	uint64_t m = 0;
	for (unsigned i = 0; i < 64; i++)
		m |= (uint64_t)(b[i] == c) << i;
	return m;
}

/* Classifies the block at b, of which only the bytes [from, to) count (the ones before the
 * reader's position may be NULs it wrote; the ones after the text's end are not text). */
static void classify(const unsigned char *b, unsigned from, unsigned to, struct plain_block *out)
{
	/* comma, LF, CR, quote, and every byte below '!' or above '~' (signed: below '!') */
	uint64_t comma = 0, lf = 0, cr = 0, quote = 0, odd = 0;
#if defined(__SSE2__)
	if (plain_vectors) {
		const __m128i c_comma = _mm_set1_epi8(','), c_lf = _mm_set1_epi8('\n'), c_cr = _mm_set1_epi8('\r');
		const __m128i c_quote = _mm_set1_epi8('"'), c_low = _mm_set1_epi8('!');
		for (unsigned k = 0; k < 64; k += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + k));
			comma |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c_comma)) << k;
			lf |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c_lf)) << k;
			cr |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c_cr)) << k;
			quote |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c_quote)) << k;
			odd |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, c_low)) << k;
		}
	} else
#endif
	{
		for (unsigned i = 0; i < 64; i++) {
			uint64_t bit = 1ull << i;
			comma |= b[i] == ',' ? bit : 0;
			lf |= b[i] == '\n' ? bit : 0;
			cr |= b[i] == '\r' ? bit : 0;
			quote |= b[i] == '"' ? bit : 0;
			odd |= b[i] < '!' || b[i] > '~' ? bit : 0;
		}
	}
	uint64_t keep = (to >= 64 ? ~0ull : (1ull << to) - 1) & (from >= 64 ? 0 : ~0ull << from);
	out->sep = (comma | lf) & keep;
	out->lf = lf & keep;
	out->bad = out->edge = false;
	out->quote = (quote & keep) != 0;
	odd &= keep & ~lf & ~cr;
	if (odd) {
		/* which of those bytes they are: a NUL, or one a space to trim starts or ends with
		 * (every block of a file with Japanese text has some) */
		uint64_t nul = 0, edge = 0;
#if defined(__SSE2__)
		if (plain_vectors) {
			const __m128i c_nul = _mm_setzero_si128(), c_space = _mm_set1_epi8(' '), c_tab = _mm_set1_epi8('\t');
			const __m128i c_e3 = _mm_set1_epi8((char)0xE3), c_80 = _mm_set1_epi8((char)0x80);
			for (unsigned k = 0; k < 64; k += 16) {
				__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + k));
				nul |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c_nul)) << k;
				__m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, c_space), _mm_cmpeq_epi8(v, c_tab)),
							 _mm_or_si128(_mm_cmpeq_epi8(v, c_e3), _mm_cmpeq_epi8(v, c_80)));
				edge |= (uint64_t)(unsigned)_mm_movemask_epi8(e) << k;
			}
		} else
#endif
		{
			nul = bytes_equal(b, '\0');
			edge = bytes_equal(b, ' ') | bytes_equal(b, '\t') | bytes_equal(b, 0xE3) | bytes_equal(b, 0x80);
		}
		out->bad = (odd & nul) != 0;
		out->edge = (odd & edge) != 0;
	}
}

/* Classifies the block starting at buf[block], counting from buf[from]. */
static void load_block(const struct csvread *r, size_t block, size_t from, struct plain_block *out)
{
	size_t left = r->end - block;
	classify((const unsigned char *)r->buf + block, (unsigned)(from - block), left < 64 ? (unsigned)left : 64, out);
}

/* Puts back the separators of the k fields of a record csvread_plain cut and then leaves to
 * csvread_next: a comma after each field but the last, which ends with the LF when ended
 * (after a CR when cr), else with a comma (more fields followed, or the text read ended). */
static void restore(char **f, const size_t *len, size_t k, bool ended, bool cr)
{
	for (size_t i = 0; i < k; i++) {
		char *at = f[i] + len[i];
		if (i + 1 < k || !ended) {
			*at = ',';
		} else if (cr) {
			at[0] = '\r';
			at[1] = '\n';
		} else {
			*at = '\n';
		}
	}
}

/* Whether no field of the k starts or ends with a space to trim: neither the field, nor when
 * quoted (quotes_whole) the text between its quotes, which csvread_next trims too. */
static bool trimmed(char *const *f, const size_t *len, size_t k, bool quoted)
{
	for (size_t i = 0; i < k; i++) {
		char *t = f[i], *end = t + len[i];
		if (space_at(t, end) || space_before(t, end))
			return false;
		if (quoted && len[i] && t[0] == '"' && (space_at(t + 1, end - 1) || space_before(t + 1, end - 1)))
			return false;
	}
	return true;
}

/* Whether each of the k fields either holds no quote or is one quoted run that holds none
 * ("text", ""): the fields csvread_next reads as their text between the quotes. A quote
 * anywhere else (a doubled one, one inside an unquoted field, text after a closing quote, a
 * comma or a line break inside quotes, which leaves a field with one quote) is csvread_next's
 * to read or report. A one-field record is always csvread_next's. */
static bool quotes_whole(char *const *f, const size_t *len, size_t k)
{
	if (k == 1)
		return false;
	for (size_t i = 0; i < k; i++) {
		const char *t = f[i];
		size_t n = len[i];
		if (n && t[0] == '"') {
			if (n < 2 || t[n - 1] != '"' || memchr(t + 1, '"', n - 2))
				return false;
		} else if (memchr(t, '"', n)) {
			return false;
		}
	}
	return true;
}

/* The quoted fields of the k (quotes_whole) cut to their text: the closing quote becomes the
 * text's NUL. */
static void unquote(char **f, size_t *len, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (len[i] && f[i][0] == '"') {
			f[i][len[i] - 1] = '\0';
			f[i]++;
			len[i] -= 2;
		}
}

size_t csvread_plain(struct csvread *r, size_t nfields, char **fields, size_t *lens, size_t max, long *first_line)
{
	*first_line = r->next_line;
	/* the first record (where a byte-order mark may be) is always csvread_next's */
	if (r->fd < 0 || r->failed || !nfields || !max || r->pos >= r->end || r->pos < r->plain_refused ||
	    (r->base == 0 && r->pos == 0))
		return 0;
	/* locals: the stores into fields and lens could otherwise be stores into *r */
	char *const buf = r->buf;
	const size_t end = r->end;
	struct plain_block pb;
	size_t at = r->pos, block = at & ~(size_t)63, count = 0;
	long line = r->next_line;
	load_block(r, block, at, &pb);
	uint64_t m = pb.sep;        /* the block's separators not yet passed */
	bool bad = pb.bad, edge = pb.edge, quoted = pb.quote;
	while (count < max) {
		char **f = fields + count * nfields;
		size_t *len = lens + count * nfields;
		size_t start = at, k = 0;
		bool ended = false;
		/* Each field is cut where it ends (restored when the record is left to csvread_next):
		 * with its separator, after it the LF, and a CR before the LF. */
		while (!ended && k < nfields) {
			while (!m) {
				block += 64;
				if (block >= end) {
					/* the record goes on past the text read: csvread_next reads on */
					r->plain_refused = start + 1;
					restore(f, len, k, false, false);
					goto out;
				}
				load_block(r, block, block, &pb);
				bad |= pb.bad;
				edge |= pb.edge;
				quoted |= pb.quote;
				m = pb.sep;
			}
			unsigned bit = (unsigned)__builtin_ctzll(m);
			m &= m - 1;
			size_t sep = block + bit;
			ended = (pb.lf >> bit) & 1;
			f[k] = buf + at;
			len[k] = sep - at;
			buf[sep] = '\0';
			k++;
			at = sep + 1;
		}
		bool cr = ended && len[k - 1] && f[k - 1][len[k - 1] - 1] == '\r';
		if (cr) {
			len[k - 1]--;
			f[k - 1][len[k - 1]] = '\0';
		}
		/* too many fields (a comma after the last), too few, an empty line, a flagged block */
		if (bad || !ended || k != nfields || (k == 1 && len[0] == 0)) {
			restore(f, len, k, ended, cr);
			r->plain_refused = bad ? (block + 64 < end ? block + 64 : end) : start + 1;
			goto out;
		}
		if ((quoted && !quotes_whole(f, len, k)) || (edge && r->trim && !trimmed(f, len, k, quoted))) {
			restore(f, len, k, ended, cr);
			r->plain_refused = start + 1;
			goto out;
		}
		if (quoted)
			unquote(f, len, k);
		r->pos = at;
		line++;
		count++;
		/* the next record's flags: those of the block it starts in */
		bad = pb.bad;
		edge = pb.edge;
		quoted = pb.quote;
	}
out:
	if (count) {
		r->line = line - 1;
		r->next_line = line;
	}
	return count;
}

/* A header name as compared: NFKC, ASCII lower case. NULL when not UTF-8. */
static char *header_key(const char *name)
{
	gchar *norm = g_utf8_normalize(name, -1, G_NORMALIZE_NFKC);
	if (!norm)
		return NULL;
	gchar *down = g_ascii_strdown(norm, -1);
	g_free(norm);
	char *key = xstrdup(down);
	g_free(down);
	return key;
}

static bool name_matches(const char *key, const char *name)
{
	char *k = header_key(name);
	bool same = k && strcmp(k, key) == 0;
	free(k);
	return same;
}

int csvread_header(struct csvread *r, const struct csvread_column *cols, size_t ncols, size_t *index)
{
	for (size_t i = 0; i < ncols; i++)
		index[i] = SIZE_MAX;
	struct strbuf problems, expected;
	strbuf_init(&problems);
	strbuf_init(&expected);
	for (size_t i = 0; i < ncols; i++)
		strbuf_addf(&expected, "%s%s", i ? "," : "", cols[i].name);
	for (size_t f = 0; f < r->nfields; f++) {
		char *key = header_key(r->fields[f]);
		if (!key)
			continue;
		for (size_t i = 0; i < ncols; i++) {
			bool match = name_matches(key, cols[i].name);
			for (const char *const *a = cols[i].aliases; !match && a && *a; a++)
				match = name_matches(key, *a);
			if (!match)
				continue;
			if (index[i] != SIZE_MAX)
				strbuf_addf(&problems, "%scolumn %s given twice ('%s' and '%s')", problems.len ? "; " : "",
					    cols[i].name, r->fields[index[i]], r->fields[f]);
			else
				index[i] = f;
			break;
		}
		free(key);
	}
	bool first = true;
	for (size_t i = 0; i < ncols; i++)
		if (index[i] == SIZE_MAX) {
			const char *sep = !first ? ", " : problems.len ? "; missing: " : "missing: ";
			strbuf_addf(&problems, "%s%s", sep, cols[i].name);
			first = false;
		}
	int rc = 0;
	if (problems.len)
		rc = csvread_error(r, r->line, "expected the header %s (%s)", expected.buf, problems.buf);
	else {
		struct strbuf h;
		strbuf_init(&h);
		for (size_t f = 0; f < r->nfields; f++)
			strbuf_addf(&h, "%s%s", f ? "," : "", r->fields[f]);
		free(r->header);
		r->header = strbuf_detach(&h);
		r->header_fields = r->nfields;
	}
	strbuf_release(&problems);
	strbuf_release(&expected);
	return rc;
}

const char *csvread_header_text(const struct csvread *r)
{
	return r->header ? r->header : "";
}

int csvread_rows(const char *path, enum csvread_encoding encoding, const struct csvread_rows *how, void *ctx)
{
	struct csvread r;
	if (csvread_open(&r, path) || csvread_set_encoding(&r, encoding)) {
		csvread_close(&r);
		return -1;
	}
	r.trim = true;
	size_t *col = xcalloc(how->ncols, sizeof *col);
	long rows = 0;
	int rc = csvread_next(&r);
	if (rc == 0)
		csvread_error(&r, 1, "empty file (expected the header %s)", how->header);
	else if (rc == 1 && csvread_header(&r, how->cols, how->ncols, col))
		rc = 0;
	else if (rc == CSVREAD_BAD_RECORD)
		rc = 0;
	while (rc > 0 && (rc = csvread_next(&r)) != 0) {
		if (rc == CSVREAD_BAD_RECORD) {
			rc = 1;
			continue;
		}
		if (rc < 0)
			break;
		if (r.nfields != r.header_fields) {
			csvread_error(&r, r.line, "expected %zu fields (%s), found %zu", r.header_fields,
				      csvread_header_text(&r), r.nfields);
		} else {
			how->row(&r, col, ctx);
			rows++;
		}
	}
	if (!r.errors && !rows && how->no_rows)
		csvread_error(&r, 2, "%s", how->no_rows);
	int errors = r.errors > 0;
	csvread_error_summary(&r);
	csvread_close(&r);
	free(col);
	return errors ? -1 : 0;
}
