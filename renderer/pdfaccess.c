/* pdfaccess: the document language and figures' alternative texts as an incremental update. */
#include "renderer/pdfaccess.h"

#include "core/diag.h"
#include "core/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *find_from(const char *hay, size_t len, const char *from, const char *needle)
{
	size_t n = strlen(needle);
	const char *end = hay + len;
	for (const char *p = from; p + n <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, n) == 0)
			return p;
	}
	return NULL;
}

/* The number after key in s[0..end) ("/Size 510" → 510); -1 when absent. */
static long number_after(const char *s, const char *end, const char *key)
{
	const char *p = find_from(s, (size_t)(end - s), s, key);
	if (!p)
		return -1;
	p += strlen(key);
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r'))
		p++;
	long v = 0;
	bool any = false;
	while (p < end && *p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		any = true;
		if (v > 100000000)
			return -1;
	}
	return any ? v : -1;
}

/* The dictionary "<< … >>" at p, up to the "endobj" after it: start and end (one past the
 * final ">>"). */
static int dict_at(const char *pdf, size_t len, const char *p, const char **start, const char **end)
{
	const char *e = find_from(pdf, len, p, "endobj");
	if (!e || strncmp(p, "<<", 2))
		return -1;
	while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
		e--;
	if (e - p < 4 || strncmp(e - 2, ">>", 2))
		return -1;
	*start = p;
	*end = e;
	return 0;
}

/* An object's dictionary "<< … >>" as written by "N 0 obj\n<< … >>\nendobj" (its last
 * version in the file): start and end (one past the final ">>"). */
static int object_dict(const char *pdf, size_t len, long num, const char **start, const char **end)
{
	char head[48];
	snprintf(head, sizeof head, "\n%ld 0 obj\n", num);
	const char *p = text_find_last(pdf, len, head);
	if (!p)
		return -1;
	return dict_at(pdf, len, p + strlen(head), start, end);
}

/* The object number of the "N 0 obj" line just before p; -1 when there is none. */
static long object_number_before(const char *pdf, const char *p)
{
	if (p <= pdf || p[-1] != '\n')
		return -1;
	const char *q = p - 1;
	while (q > pdf && q[-1] != '\n')
		q--;
	long v = 0;
	if (!(*q >= '0' && *q <= '9'))
		return -1;
	while (*q >= '0' && *q <= '9' && v < 100000000)
		v = v * 10 + (*q++ - '0');
	return strncmp(q, " 0 obj\n", 7) == 0 ? v : -1;
}

static const char FIGURE[] = "<< /Type /StructElem\n   /S /Figure\n";

size_t pdfaccess_figure_count(const char *pdf, size_t len)
{
	size_t n = 0;
	for (const char *p = pdf; (p = find_from(pdf, len, p, FIGURE)); p += sizeof FIGURE - 1)
		n++;
	return n;
}

/* A PDF text string: UTF-16BE with its byte order mark, in hex. */
static void add_text_string(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, "<FEFF");
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		uint32_t c = *p;
		int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (n > 1)
			c &= 0xFFu >> (n + 1);
		for (int i = 1; i < n; i++)
			c = p[i] ? (c << 6) | (p[i] & 0x3Fu) : 0xFFFD;
		for (int i = 0; i < n && *p; i++)
			p++;
		if (c >= 0x10000) {
			c -= 0x10000;
			strbuf_addf(sb, "%04X%04X", (unsigned)(0xD800 + (c >> 10)), (unsigned)(0xDC00 + (c & 0x3FF)));
		} else {
			strbuf_addf(sb, "%04X", (unsigned)c);
		}
	}
	strbuf_addch(sb, '>');
}

struct changed {
	long num;
	size_t offset;                    /* in the whole file, original included */
};

int pdfaccess_update(const char *pdf, size_t len, const struct pdfaccess *a, struct strbuf *out,
		     const char **why)
{
	const char *tr = text_find_last(pdf, len, "\ntrailer");
	const char *sx = text_find_last(pdf, len, "\nstartxref");
	if (!tr || !sx || sx < tr) {
		*why = "no classic trailer";
		return -1;
	}
	long size = number_after(tr, sx, "/Size"), root = number_after(tr, sx, "/Root");
	long info = number_after(tr, sx, "/Info"), prev = number_after(sx, pdf + len, "startxref");
	if (size < 1 || root < 1 || prev < 0) {
		*why = "no /Size, /Root or startxref in the trailer";
		return -1;
	}
	size_t figures = pdfaccess_figure_count(pdf, len);
	if (figures != a->figure_count) {
		*why = "the number of Figure structure elements is not the number of figures";
		return -1;
	}
	struct changed *ch = xcalloc(figures + 1, sizeof *ch);
	size_t nch = 0;
	const char *ds, *de;
	if (object_dict(pdf, len, root, &ds, &de)) {
		free(ch);
		*why = "no catalog object";
		return -1;
	}
	/* the update starts on a line of its own */
	size_t base = len;
	if (len && pdf[len - 1] != '\n') {
		strbuf_addch(out, '\n');
		base++;
	}
	size_t start_len = out->len;
	ch[nch].num = root;
	ch[nch++].offset = base + (out->len - start_len);
	strbuf_addf(out, "%ld 0 obj\n", root);
	strbuf_add(out, ds, (size_t)(de - 2 - ds));
	if (a->lang && !find_from(ds, (size_t)(de - ds), ds, "/Lang")) {
		/* a language tag is ASCII letters, digits and hyphens: a literal string */
		strbuf_addstr(out, "   /Lang (");
		for (const char *l = a->lang; *l; l++)
			if ((*l >= 'a' && *l <= 'z') || (*l >= 'A' && *l <= 'Z') || (*l >= '0' && *l <= '9') || *l == '-')
				strbuf_addch(out, *l);
		strbuf_addstr(out, ")\n");
	}
	if (!find_from(ds, (size_t)(de - ds), ds, "/ViewerPreferences"))
		strbuf_addstr(out, "   /ViewerPreferences << /DisplayDocTitle true >>\n");
	strbuf_addstr(out, ">>\nendobj\n");
	size_t k = 0;
	for (const char *p = pdf; k < figures && (p = find_from(pdf, len, p, FIGURE)); p += sizeof FIGURE - 1, k++) {
		long num = object_number_before(pdf, p);
		/* (the object's line is right above p: its dictionary starts there) */
		if (num < 1 || dict_at(pdf, len, p, &ds, &de)) {
			free(ch);
			*why = "a Figure element not written as cairo writes it";
			return -1;
		}
		ch[nch].num = num;
		ch[nch++].offset = base + (out->len - start_len);
		strbuf_addf(out, "%ld 0 obj\n", num);
		strbuf_add(out, ds, (size_t)(de - 2 - ds));
		if (a->figure_alts[k] && *a->figure_alts[k]) {
			strbuf_addstr(out, "   /Alt ");
			add_text_string(out, a->figure_alts[k]);
			strbuf_addch(out, '\n');
		}
		strbuf_addstr(out, ">>\nendobj\n");
	}
	size_t xref = base + (out->len - start_len);
	strbuf_addstr(out, "xref\n0 1\n0000000000 65535 f \n");
	for (size_t i = 0; i < nch; i++)
		strbuf_addf(out, "%ld 1\n%010zu 00000 n \n", ch[i].num, ch[i].offset);
	strbuf_addf(out, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", size, root);
	if (info > 0)
		strbuf_addf(out, "   /Info %ld 0 R\n", info);
	strbuf_addf(out, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", prev, xref);
	free(ch);
	return 0;
}
