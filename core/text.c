/* text: UTF-8 validation, display width, sanitising, wrapping and string buffers. */
#include "core/text.h"
#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long text_utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		/* ASCII eight bytes at a time: the bulk of CSV files. */
		uint64_t word;
		while (i + 8 <= len && (memcpy(&word, s + i, 8), (word & 0x8080808080808080ull) == 0))
			i += 8;
		if (i == len)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/* Three bytes led by E1-EC or EE-EF (kana, kanji, full-width forms): neither overlong
		 * nor a surrogate, so only the continuation bytes are looked at. */
		if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && i + 2 < len &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		int n;
		uint32_t cp, min;
		if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; min = 0x80; }
		else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
		else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; min = 0x10000; }
		else return (long)i;
		if (i + (size_t)n >= len)
			return (long)i;
		for (int k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return (long)i;
		i += (size_t)n + 1;
	}
	return -1;
}

long text_control_at(const char *str, size_t len, const char *allowed, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < len; i++) {
		unsigned c = s[i];
		uint32_t found;
		if (c < 0x20 || c == 0x7F)
			found = c;
		else if (c == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
			found = s[i + 1];
		else
			continue;
		if (found < 0x80 && found != 0 && strchr(allowed, (int)found))
			continue;
		if (cp)
			*cp = found;
		return (long)i;
	}
	return -1;
}

uint32_t text_utf8_decode(const char *str, int *len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	*len = 1;
	if (c < 0x80)
		return c;
	int n;
	uint32_t cp, min;
	if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; min = 0x80; }
	else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
	else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; min = 0x10000; }
	else return 0xFFFD;
	for (int k = 1; k <= n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF are invalid too: one byte of
	 * U+FFFD, as text_utf8_invalid_at says. */
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	*len = n + 1;
	return cp;
}

int text_codepoint_width(uint32_t c)
{
	if (c == 0 || c < 0x20 || (c >= 0x7F && c < 0xA0))
		return 0;
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0x3099 && c <= 0x309A) || (c >= 0xFE00 && c <= 0xFE0F))
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

uint32_t text_fold_fullwidth(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	if (c == 0x3000)
		return ' ';
	return c;
}

char *text_fold_fullwidth_str(const char *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	while (s && *s) {
		int len;
		uint32_t c = text_utf8_decode(s, &len);
		uint32_t f = text_fold_fullwidth(c);
		if (f != c)
			strbuf_addch(&sb, (char)f);
		else
			strbuf_add(&sb, s, (size_t)len);
		s += len;
	}
	return strbuf_detach(&sb);
}

int text_width(const char *s)
{
	int w = 0;
	while (s && *s) {
		int len;
		w += text_codepoint_width(text_utf8_decode(s, &len));
		s += len;
	}
	return w;
}

char *text_sanitize(const char *s, bool keep_newlines)
{
	struct strbuf sb;
	strbuf_init(&sb);
	while (s && *s) {
		int len;
		uint32_t c = text_utf8_decode(s, &len);
		if (c == '\n' && keep_newlines)
			strbuf_addch(&sb, '\n');
		else if (c == '\t' && keep_newlines)
			strbuf_addch(&sb, ' ');
		else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xFFFD)
			strbuf_addstr(&sb, "\xEF\xBF\xBD");
		else
			strbuf_add(&sb, s, (size_t)len);
		s += len;
	}
	return strbuf_detach(&sb);
}

size_t text_prefix_bytes(const char *s, size_t max_chars)
{
	const char *p = s ? s : "";
	for (size_t chars = 0; *p && chars < max_chars; chars++) {
		int len;
		text_utf8_decode(p, &len);
		p += len;
	}
	return s ? (size_t)(p - s) : 0;
}

char *text_excerpt(const char *s, size_t max_chars)
{
	size_t n = text_prefix_bytes(s, max_chars);
	if (!s || !s[n])
		return xstrdup(s ? s : "");
	return xasprintf("%.*s…", (int)n, s);
}

char *text_join_wide(const char *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	uint32_t prev = 0;
	while (s && *s) {
		int len;
		uint32_t c = text_utf8_decode(s, &len);
		if (c == ' ' && s[1] && s[1] != ' ' && text_codepoint_width(prev) == 2) {
			int next_len;
			uint32_t next = text_utf8_decode(s + 1, &next_len);
			/* 。 and 、 carry their own space, whatever follows */
			if (text_codepoint_width(next) == 2 || prev == 0x3002 || prev == 0x3001) {
				s += 1;
				continue;
			}
		}
		strbuf_add(&sb, s, (size_t)len);
		prev = c;
		s += len;
	}
	return strbuf_detach(&sb);
}

bool text_is_blank(const char *s)
{
	while (s && *s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			return false;
	}
	return true;
}

const char *text_line_problem(const char *s)
{
	size_t len = strlen(s);
	if (text_utf8_invalid_at(s, len) >= 0)
		return "is not valid UTF-8";
	if (text_is_blank(s))
		return "is empty";
	if (text_control_at(s, len, "", NULL) >= 0)
		return "contains a control character";
	return NULL;
}

/* Characters that must not begin a line (Japanese line-breaking rules). */
static bool no_break_before(uint32_t c)
{
	static const uint32_t list[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF09, 0x300D, 0x300F,
		0x3011, 0x30FC, 0xFF01, 0xFF1F, 0x30FB, 0xFF1A, 0xFF1B, 0x3009, 0x300B, 0x3015,
		0x2019, 0x201D, 0x3063, 0x30C3, 0x3083, 0x3085, 0x3087, 0x30E3, 0x30E5, 0x30E7,
		',', '.', ')', ']', '}', ':', ';', '!', '?', '%', 0xFF05};
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (list[i] == c)
			return true;
	return false;
}

static bool no_break_after(uint32_t c)
{
	return c == 0xFF08 || c == 0x300C || c == 0x300E || c == 0x3010 || c == '(' ||
	       c == '[' || c == 0x3008 || c == 0x300A || c == 0x3014 || c == 0x2018 || c == 0x201C;
}

static void push_line(char ***lines, size_t *count, size_t *cap, const char *start, size_t n)
{
	*lines = xgrow(*lines, *count, cap, sizeof **lines, 8);
	/* Trailing spaces at a wrap point are not part of the line. */
	while (n > 0 && start[n - 1] == ' ')
		n--;
	(*lines)[(*count)++] = xstrndup(start, n);
}

size_t text_wrap(const char *s, int width, char ***lines_out)
{
	char **lines = NULL;
	size_t count = 0, cap = 0;
	if (width < 2)
		width = 2;
	const char *line = s ? s : "";
	for (;;) {
		/* Find how much of the current line fits. */
		const char *p = line, *best_break = NULL;
		int w = 0;
		uint32_t prev = 0;
		bool ended = false;
		while (*p && *p != '\n') {
			int len;
			uint32_t c = text_utf8_decode(p, &len);
			int cw = text_codepoint_width(c);
			/* A break is allowed before p if the line is not empty there. */
			if (p != line) {
				bool wide_pair = text_codepoint_width(prev) == 2 || cw == 2;
				if ((c == ' ' || prev == ' ' || wide_pair) && !no_break_before(c) &&
				    !no_break_after(prev))
					best_break = p;
			}
			if (w + cw > width && p != line)
				break;
			w += cw;
			prev = c;
			p += len;
		}
		if (!*p || *p == '\n') {
			push_line(&lines, &count, &cap, line, (size_t)(p - line));
			if (!*p)
				ended = true;
			else
				line = p + 1;
		} else {
			const char *cut = best_break && best_break > line ? best_break : p;
			push_line(&lines, &count, &cap, line, (size_t)(cut - line));
			line = cut;
			while (*line == ' ')
				line++;
		}
		if (ended)
			break;
	}
	*lines_out = lines;
	return count;
}

void text_free_lines(char **lines, size_t count)
{
	for (size_t i = 0; lines && i < count; i++)
		free(lines[i]);
	free(lines);
}

void strbuf_init(struct strbuf *sb)
{
	sb->cap = 64;
	sb->len = 0;
	sb->buf = xmalloc(sb->cap);
	sb->buf[0] = '\0';
}

static void grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	while (sb->len + extra + 1 > sb->cap)
		sb->cap *= 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s) { strbuf_add(sb, s, strlen(s)); }

void strbuf_addch(struct strbuf *sb, char c) { strbuf_add(sb, &c, 1); }

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap2);
		sb->len += (size_t)n;
	}
	va_end(ap2);
}

void strbuf_addu(struct strbuf *sb, unsigned long long v)
{
	char digits[20];
	size_t n = 0;
	do {
		digits[sizeof digits - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	strbuf_add(sb, digits + sizeof digits - n, n);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s = sb->buf;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

bool text_equal_constant_time(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= x[i] ^ y[i];
	return diff == 0;
}

const char *text_find_last(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	if (n > len)
		return NULL;
	for (size_t i = len - n + 1; i-- > 0;)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}
