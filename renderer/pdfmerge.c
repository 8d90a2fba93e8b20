/* pdfmerge: PDFs that cairo 1.16 wrote, joined into one tagged PDF. */
#include "renderer/pdfmerge.h"

#include "core/diag.h"
#include "core/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Containers nest at most this deep in an object; deeper is refused. */
#define MAX_DEPTH 64
/* Object numbers a part may use. */
#define MAX_OBJECTS 10000000L

/* ------------------------------------------------------------------ tokens */

enum tk {
	TK_END,     /* the end of the text */
	TK_INT,
	TK_REAL,
	TK_NAME,    /* "/Name" */
	TK_STR,     /* "(…)" */
	TK_HEX,     /* "<…>" */
	TK_DOPEN,   /* "<<" */
	TK_DCLOSE,  /* ">>" */
	TK_AOPEN,   /* "[" */
	TK_ACLOSE,  /* "]" */
	TK_WORD,    /* true, false, null, obj, endobj, stream, … */
	TK_REF,     /* "N 0 R", from lexv only; v is N */
};

struct tok {
	enum tk k;
	const char *s, *e;  /* the token's text */
	long v;             /* TK_INT: its value; TK_REF: the object number */
};

struct lx {
	const char *p, *end;
};

/* 1: white space, 2: a delimiter, 0: a regular character. */
static const unsigned char cls[256] = {
	[0] = 1, ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
	['('] = 2, [')'] = 2, ['<'] = 2, ['>'] = 2, ['['] = 2, [']'] = 2,
	['{'] = 2, ['}'] = 2, ['/'] = 2, ['%'] = 2,
};

static bool is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A number's text [p, q): an integer (with its value) or a real; -1 when it is neither. */
static int lex_number(const char *p, const char *q, struct tok *t)
{
	const char *d = p;
	if (d < q && (*d == '+' || *d == '-'))
		d++;
	long v = 0;
	int digits = 0, frac = 0;
	bool dot = false;
	for (; d < q; d++) {
		if (*d >= '0' && *d <= '9') {
			if (dot)
				frac++;
			else if (++digits <= 15)
				v = v * 10 + (*d - '0');
		} else if (*d == '.' && !dot) {
			dot = true;
		} else {
			return -1;
		}
	}
	if (digits + frac == 0)
		return -1;
	if (dot || digits > 15) {
		t->k = TK_REAL;
	} else {
		t->k = TK_INT;
		t->v = *p == '-' ? -v : v;
	}
	return 0;
}

/* The next token of l into t: 0; or -1 when the text is not PDF syntax. Comments are skipped;
 * a literal string's nested parentheses are counted, not recursed into. */
static int lex(struct lx *l, struct tok *t)
{
	const char *p = l->p, *end = l->end;
	for (;;) {
		while (p < end && cls[(unsigned char)*p] == 1)
			p++;
		if (p < end && *p == '%') {
			while (p < end && *p != '\n' && *p != '\r')
				p++;
			continue;
		}
		break;
	}
	t->s = p;
	t->v = 0;
	if (p >= end) {
		t->k = TK_END;
		t->e = l->p = p;
		return 0;
	}
	switch (*p) {
	case '(': {
		long depth = 0;
		for (; p < end; p++) {
			if (*p == '\\') {
				if (++p >= end)
					break;
			} else if (*p == '(') {
				depth++;
			} else if (*p == ')' && --depth == 0) {
				break;
			}
		}
		if (p >= end)
			return -1;
		t->k = TK_STR;
		p++;
		break;
	}
	case '<':
		if (p + 1 < end && p[1] == '<') {
			t->k = TK_DOPEN;
			p += 2;
			break;
		}
		for (p++; p < end && *p != '>'; p++)
			if (!is_hex((unsigned char)*p) && cls[(unsigned char)*p] != 1)
				return -1;
		if (p >= end)
			return -1;
		t->k = TK_HEX;
		p++;
		break;
	case '>':
		if (p + 1 < end && p[1] == '>') {
			t->k = TK_DCLOSE;
			p += 2;
			break;
		}
		return -1;
	case '[':
		t->k = TK_AOPEN;
		p++;
		break;
	case ']':
		t->k = TK_ACLOSE;
		p++;
		break;
	case '/':
		for (p++; p < end && cls[(unsigned char)*p] == 0; p++)
			;
		t->k = TK_NAME;
		break;
	case ')':
	case '{':
	case '}':
		return -1;
	default: {
		const char *q = p;
		while (q < end && cls[(unsigned char)*q] == 0)
			q++;
		char c = *p;
		if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
			if (lex_number(p, q, t))
				return -1;
		} else {
			t->k = TK_WORD;
		}
		p = q;
	}
	}
	t->e = l->p = p;
	return 0;
}

static bool word_is(const struct tok *t, const char *w)
{
	size_t n = strlen(w);
	return t->k == TK_WORD && (size_t)(t->e - t->s) == n && memcmp(t->s, w, n) == 0;
}

static bool name_is(const struct tok *t, const char *name)
{
	size_t n = strlen(name);
	return t->k == TK_NAME && (size_t)(t->e - t->s) == n + 1 && memcmp(t->s + 1, name, n) == 0;
}

/* The next token as a value: "N 0 R" is one TK_REF token. A reference with another
 * generation is refused (cairo writes none). */
static int lexv(struct lx *l, struct tok *t)
{
	if (lex(l, t))
		return -1;
	if (t->k != TK_INT || t->v < 0)
		return 0;
	struct lx save = *l;
	struct tok g, r;
	if (lex(l, &g) == 0 && g.k == TK_INT && lex(l, &r) == 0 && word_is(&r, "R")) {
		if (g.v != 0)
			return -1;
		t->k = TK_REF;
		t->e = r.e;
		return 0;
	}
	*l = save;
	return 0;
}

/* Consumes the rest of the value whose first token is t (containers to their end, at most
 * MAX_DEPTH deep). */
static int skip_value(struct lx *l, const struct tok *t)
{
	if (t->k == TK_END || t->k == TK_DCLOSE || t->k == TK_ACLOSE)
		return -1;
	if (t->k != TK_DOPEN && t->k != TK_AOPEN)
		return 0;
	uint64_t isdict = t->k == TK_DOPEN;
	int depth = 1;
	struct tok u;
	while (depth > 0) {
		if (lex(l, &u))
			return -1;
		switch (u.k) {
		case TK_END:
			return -1;
		case TK_DOPEN:
		case TK_AOPEN:
			if (depth >= MAX_DEPTH)
				return -1;
			isdict = (isdict & ~(UINT64_C(1) << depth)) | ((uint64_t)(u.k == TK_DOPEN) << depth);
			depth++;
			break;
		case TK_DCLOSE:
		case TK_ACLOSE:
			if (((isdict >> (depth - 1)) & 1) != (u.k == TK_DCLOSE))
				return -1;
			depth--;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* One entry of a dictionary: its key (without the slash) and its value. */
struct entry {
	const char *ks, *ke;
	struct tok v;        /* the value's first token */
	const char *vs, *ve; /* the value's text */
};

/* After "<<": the next entry into e: 1; 0 at ">>"; -1 when the text is not a dictionary. */
static int dict_next(struct lx *l, struct entry *e)
{
	struct tok k;
	if (lex(l, &k))
		return -1;
	if (k.k == TK_DCLOSE)
		return 0;
	if (k.k != TK_NAME)
		return -1;
	e->ks = k.s + 1;
	e->ke = k.e;
	if (lexv(l, &e->v) || skip_value(l, &e->v))
		return -1;
	e->vs = e->v.s;
	e->ve = l->p;
	return 1;
}

static bool key_is(const struct entry *e, const char *name)
{
	size_t n = strlen(name);
	return (size_t)(e->ke - e->ks) == n && memcmp(e->ks, name, n) == 0;
}

/* ------------------------------------------------------------------ parts */

struct part {
	const char *pdf;
	size_t len;
	size_t header;        /* the bytes before the first object */
	size_t xref;          /* where the cross-reference table starts */
	long size;            /* the trailer's /Size */
	size_t *off, *end;    /* per object number, its text [off, end); end 0: no such object */
	long *order;          /* the objects in the order of the file */
	long count;           /* objects in order */
	long root, info;
	long pages, stroot, doc, ptree, labels, names, dests, outlines;
	long npages;
	long *map;            /* a later part's object numbers in the result: 0 none, -1 left out */
	long key_off;         /* what its structure parent keys are offset by */
	long key_count;       /* one past its largest structure parent key */
	const char *next_key_s, *next_key_e;  /* the first part's /ParentTreeNextKey value */
	const char *doc_k_s, *doc_k_e;        /* the first part's Document /K value */
};

/* A value of a part's: a page, an entry of the Document's /K, of the parent tree or of the
 * page labels (key), a destination (name). */
struct item {
	size_t part;
	long key;                 /* a page's object number; a number tree's key */
	const char *s, *e;        /* the value's text */
	/* page labels: the style (/S, a name), /St, and whether there is a /P or another key */
	const char *style_s, *style_e;
	long start;
	bool prefix, other;
	/* destinations: the name's text as written and decoded */
	const char *ks, *ke;
	const char *name;
	size_t name_len;
	char *owned;
};

struct list {
	struct item *v;
	size_t n, cap;
};

static struct item *list_add(struct list *l)
{
	l->v = xgrow(l->v, l->n, &l->cap, sizeof *l->v, 64);
	struct item *it = &l->v[l->n++];
	memset(it, 0, sizeof *it);
	return it;
}

struct merge {
	struct part *pt;
	size_t count;
	struct list kids, doc_k, ptree, labels, dests;
	const char **why;
};

#define FAIL(msg)                \
	do {                     \
		*m->why = (msg); \
		return -1;       \
	} while (0)

/* Lexes "N 0 obj" at the start of object num's text; l is left after it. */
static int object_head(const struct part *pt, long num, struct lx *l, struct tok *obj)
{
	struct tok n, g;
	l->p = pt->pdf + pt->off[num];
	l->end = pt->pdf + pt->end[num];
	if (lex(l, &n) || n.k != TK_INT || n.v != num || lex(l, &g) || g.k != TK_INT || g.v != 0 ||
	    lex(l, obj) || !word_is(obj, "obj"))
		return -1;
	return 0;
}

static bool object_exists(const struct part *pt, long num)
{
	return num > 0 && num < pt->size && pt->end[num] != 0;
}

/* Object num's dictionary, l left after its "<<". */
static int open_dict(const struct part *pt, long num, struct lx *l)
{
	struct tok t;
	if (!object_exists(pt, num) || object_head(pt, num, l, &t) || lex(l, &t) || t.k != TK_DOPEN)
		return -1;
	return 0;
}

struct xentry {
	long num;
	size_t off;
};

static int cmp_xentry(const void *a, const void *b)
{
	size_t x = ((const struct xentry *)a)->off, y = ((const struct xentry *)b)->off;
	return x < y ? -1 : x > y;
}

/* The cross-reference table and trailer: the objects' texts, /Size, /Root and /Info. */
static int load_xref(struct merge *m, struct part *pt)
{
	const char *d = pt->pdf;
	size_t len = pt->len;
	if (len < 16 || memcmp(d, "%PDF-", 5))
		FAIL("a part is not a PDF");
	size_t tail = len > 1024 ? len - 1024 : 0;
	const char *sx = text_find_last(d + tail, len - tail, "startxref");
	if (!sx)
		FAIL("a part has no startxref: it is truncated");
	struct lx l = {sx + 9, d + len};
	struct tok t;
	if (lex(&l, &t) || t.k != TK_INT || t.v <= 0 || (size_t)t.v >= (size_t)(sx - d))
		FAIL("a part's startxref is not the offset of a cross-reference table");
	pt->xref = (size_t)t.v;
	const char *p = l.p, *end = d + len;
	while (p < end && cls[(unsigned char)*p] == 1)
		p++;
	if (end - p < 5 || memcmp(p, "%%EOF", 5))
		FAIL("a part does not end with %%EOF: it is truncated");

	p = d + pt->xref;
	end = sx;
	if (end - p < 5 || memcmp(p, "xref", 4) || cls[(unsigned char)p[4]] != 1)
		FAIL("a part's cross-reference table is not where startxref says");
	p += 4;
	struct xentry *xe = NULL;
	size_t nx = 0, cap = 0;
	for (;;) {
		while (p < end && cls[(unsigned char)*p] == 1)
			p++;
		if (p >= end || *p < '0' || *p > '9')
			break;
		l = (struct lx){p, end};
		struct tok first, n;
		if (lex(&l, &first) || first.k != TK_INT || lex(&l, &n) || n.k != TK_INT || first.v < 0 ||
		    n.v < 0 || first.v > MAX_OBJECTS || n.v > MAX_OBJECTS - first.v)
			goto bad;
		p = l.p;
		while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
			p++;
		if ((size_t)(end - p) / 20 < (size_t)n.v)
			goto bad;
		for (long i = 0; i < n.v; i++, p += 20) {
			for (int k = 0; k < 10; k++)
				if (p[k] < '0' || p[k] > '9' || (k < 5 && (p[11 + k] < '0' || p[11 + k] > '9')))
					goto bad;
			if (p[10] != ' ' || p[16] != ' ' || (p[17] != 'n' && p[17] != 'f') ||
			    cls[(unsigned char)p[18]] != 1 || cls[(unsigned char)p[19]] != 1)
				goto bad;
			if (p[17] == 'f')
				continue;
			if (memcmp(p + 11, "00000", 5))
				goto bad;
			size_t off = 0;
			for (int k = 0; k < 10; k++)
				off = off * 10 + (size_t)(p[k] - '0');
			xe = xgrow(xe, nx, &cap, sizeof *xe, 256);
			xe[nx++] = (struct xentry){first.v + i, off};
		}
	}
	if (end - p < 7 || memcmp(p, "trailer", 7)) {
	bad:
		free(xe);
		FAIL("a part's cross-reference table is broken");
	}
	l = (struct lx){p + 7, end};
	struct entry e;
	int r;
	if (lex(&l, &t) || t.k != TK_DOPEN)
		goto bad;
	while ((r = dict_next(&l, &e)) > 0) {
		if (key_is(&e, "Size") && e.v.k == TK_INT)
			pt->size = e.v.v;
		else if (key_is(&e, "Root") && e.v.k == TK_REF)
			pt->root = e.v.v;
		else if (key_is(&e, "Info") && e.v.k == TK_REF)
			pt->info = e.v.v;
		else if (key_is(&e, "Prev") || key_is(&e, "Encrypt") || key_is(&e, "XRefStm")) {
			free(xe);
			FAIL("a part has been updated or encrypted after cairo wrote it");
		}
	}
	if (r < 0 || pt->size < 1 || pt->size > MAX_OBJECTS || pt->root < 1) {
		free(xe);
		FAIL("a part's trailer has no /Size or /Root");
	}
	pt->off = xcalloc((size_t)pt->size, sizeof *pt->off);
	pt->end = xcalloc((size_t)pt->size, sizeof *pt->end);
	pt->order = xcalloc(nx + 1, sizeof *pt->order);
	qsort(xe, nx, sizeof *xe, cmp_xentry);
	for (size_t i = 0; i < nx; i++) {
		if (xe[i].num < 1 || xe[i].num >= pt->size || pt->end[xe[i].num] || xe[i].off >= pt->xref)
			goto bad;
		pt->off[xe[i].num] = xe[i].off;
		pt->end[xe[i].num] = 1;
		pt->order[pt->count++] = xe[i].num;
	}
	free(xe);
	if (pt->count == 0 || pt->off[pt->order[0]] < 9)
		FAIL("a part has no objects");
	pt->header = pt->off[pt->order[0]];
	for (long i = 0; i < pt->count; i++) {
		long num = pt->order[i];
		size_t stop = i + 1 < pt->count ? pt->off[pt->order[i + 1]] : pt->xref;
		if (stop <= pt->off[num])
			FAIL("a part's cross-reference table is broken");
		pt->end[num] = stop;
		struct tok obj;
		if (object_head(pt, num, &l, &obj))
			FAIL("a part's cross-reference table does not point at its objects");
		const char *q = d + stop;
		while (q > obj.e && cls[(unsigned char)q[-1]] == 1)
			q--;
		if (q - obj.e < 6 || memcmp(q - 6, "endobj", 6))
			FAIL("a part's cross-reference table does not point at its objects");
	}
	return 0;
}

/* A reference value: its object number, which must exist. */
static int ref_value(struct merge *m, const struct part *pt, const struct entry *e, long *num)
{
	if (e->v.k != TK_REF || !object_exists(pt, e->v.v))
		FAIL("a part refers to an object it does not have");
	*num = e->v.v;
	return 0;
}

static int load_catalog(struct merge *m, struct part *pt, bool first)
{
	struct lx l;
	struct entry e;
	int r;
	bool type = false;
	if (open_dict(pt, pt->root, &l))
		FAIL("a part has no catalog");
	while ((r = dict_next(&l, &e)) > 0) {
		long *ref = key_is(&e, "Pages") ? &pt->pages
			    : key_is(&e, "StructTreeRoot") ? &pt->stroot
			    : key_is(&e, "Outlines") ? &pt->outlines
			    : key_is(&e, "PageLabels") ? &pt->labels
			    : key_is(&e, "Names") ? &pt->names : NULL;
		if (ref) {
			if (ref_value(m, pt, &e, ref))
				return -1;
		} else if (key_is(&e, "Type")) {
			type = name_is(&e.v, "Catalog");
		} else if (!key_is(&e, "MarkInfo") && !first) {
			FAIL("a later part's catalog has an entry the join does not know");
		}
	}
	if (r < 0 || !type)
		FAIL("a part's catalog is not a catalog");
	if (!pt->pages)
		FAIL("a part has no page tree");
	return 0;
}

/* Structure parent keys count up to the largest a part uses. */
static void note_key(struct part *pt, long key)
{
	if (key >= 0 && key + 1 > pt->key_count)
		pt->key_count = key + 1;
}

/* The structure parent keys of a page's annotations (the array of /Annots in e). */
static int annot_keys(struct merge *m, struct part *pt, const struct entry *e)
{
	struct lx l = {e->v.e, e->ve}, al;
	struct tok t;
	struct entry ae;
	int r;
	while (lexv(&l, &t) == 0 && t.k == TK_REF) {
		if (open_dict(pt, t.v, &al))
			FAIL("a part's annotation is not a dictionary");
		while ((r = dict_next(&al, &ae)) > 0)
			if (key_is(&ae, "StructParent") && ae.v.k == TK_INT)
				note_key(pt, ae.v.v);
		if (r < 0)
			FAIL("a part's annotation is not a dictionary");
	}
	return 0;
}

static int load_pages(struct merge *m, struct part *pt, size_t index)
{
	struct lx l;
	struct entry e;
	int r;
	bool type = false;
	long count = -1;
	const char *kids = NULL, *kids_end = NULL;
	if (open_dict(pt, pt->pages, &l))
		FAIL("a part's page tree is not a dictionary");
	while ((r = dict_next(&l, &e)) > 0) {
		if (key_is(&e, "Type"))
			type = name_is(&e.v, "Pages");
		else if (key_is(&e, "Count") && e.v.k == TK_INT)
			count = e.v.v;
		else if (key_is(&e, "Kids") && e.v.k == TK_AOPEN)
			kids = e.v.e, kids_end = e.ve;
		else
			FAIL("a part's page tree has an entry the join does not know");
	}
	if (r < 0 || !type || !kids)
		FAIL("a part's page tree is not a flat list of pages");
	l = (struct lx){kids, kids_end};
	struct tok t;
	while (lexv(&l, &t) == 0 && t.k == TK_REF) {
		struct lx pl;
		bool page = false;
		if (open_dict(pt, t.v, &pl))
			FAIL("a part's page tree is not a flat list of pages");
		while ((r = dict_next(&pl, &e)) > 0) {
			if (key_is(&e, "Type"))
				page = name_is(&e.v, "Page");
			else if (key_is(&e, "StructParents") && e.v.k == TK_INT)
				note_key(pt, e.v.v);
			else if (key_is(&e, "Annots") && e.v.k == TK_AOPEN && annot_keys(m, pt, &e))
				return -1;
		}
		if (r < 0 || !page)
			FAIL("a part's page tree is not a flat list of pages");
		struct item *it = list_add(&m->kids);
		it->part = index;
		it->key = t.v;
		pt->npages++;
	}
	if (t.k != TK_ACLOSE || pt->npages != count)
		FAIL("a part's page tree is not a flat list of pages");
	return 0;
}

/* The structure tree root, the Document element's /K and the parent tree. */
static int load_structure(struct merge *m, struct part *pt, size_t index)
{
	struct lx l;
	struct entry e;
	int r;
	long k = 0;
	if (open_dict(pt, pt->stroot, &l))
		FAIL("a part's structure tree root is not a dictionary");
	while ((r = dict_next(&l, &e)) > 0) {
		if (key_is(&e, "ParentTree")) {
			if (ref_value(m, pt, &e, &pt->ptree))
				return -1;
		} else if (key_is(&e, "K")) {
			struct lx kl = {e.vs, e.ve};
			struct tok t, u = {0};
			if (e.v.k == TK_REF)
				k = e.v.v;
			else if (lex(&kl, &t) || t.k != TK_AOPEN || lexv(&kl, &t) || t.k != TK_REF ||
				 lex(&kl, &u) || u.k != TK_ACLOSE)
				FAIL("a part's structure tree has more than one element at its top");
			else
				k = t.v;
		} else if (key_is(&e, "ParentTreeNextKey") && e.v.k == TK_INT) {
			pt->next_key_s = e.vs;
			pt->next_key_e = e.ve;
		} else if (!key_is(&e, "Type") && index > 0) {
			FAIL("a later part's structure tree root has an entry the join does not know");
		}
	}
	if (r < 0 || !object_exists(pt, k) || !pt->ptree)
		FAIL("a part's structure tree has no Document element or no parent tree");
	pt->doc = k;
	/* the Document element's children */
	if (open_dict(pt, pt->doc, &l))
		FAIL("a part's Document element is not a dictionary");
	while ((r = dict_next(&l, &e)) > 0) {
		if (!key_is(&e, "K"))
			continue;
		if (index == 0) {
			pt->doc_k_s = e.vs;
			pt->doc_k_e = e.ve;
			continue;
		}
		struct lx kl = {e.vs, e.ve};
		struct tok t;
		bool array = e.v.k == TK_AOPEN;
		if (array)
			lex(&kl, &t);
		for (;;) {
			if (lexv(&kl, &t))
				FAIL("a part's Document element is not as cairo writes it");
			if (t.k == TK_END || (array && t.k == TK_ACLOSE))
				break;
			if (t.k != TK_REF && t.k != TK_DOPEN)
				FAIL("a later part's Document element holds marked content of its own");
			struct item *it = list_add(&m->doc_k);
			it->part = index;
			it->s = t.s;
			if (skip_value(&kl, &t))
				FAIL("a part's Document element is not as cairo writes it");
			it->e = kl.p;
			if (!array)
				break;
		}
	}
	if (r < 0 || (index == 0 && !pt->doc_k_s))
		FAIL("a part's Document element is not as cairo writes it");
	/* the parent tree: one flat /Nums */
	if (open_dict(pt, pt->ptree, &l))
		FAIL("a part's parent tree is not a dictionary");
	bool nums = false;
	while ((r = dict_next(&l, &e)) > 0) {
		if (key_is(&e, "Kids"))
			FAIL("a part's parent tree is not one flat list");
		if (!key_is(&e, "Nums") || e.v.k != TK_AOPEN)
			continue;
		nums = true;
		struct lx nl = {e.v.e, e.ve};
		struct tok key, v;
		long last = -1;
		while (lex(&nl, &key) == 0 && key.k == TK_INT) {
			if (key.v <= last || lexv(&nl, &v) || (v.k != TK_REF && v.k != TK_AOPEN))
				FAIL("a part's parent tree is not in the order of its keys");
			last = key.v;
			struct item *it = list_add(&m->ptree);
			it->part = index;
			it->key = key.v;
			it->s = v.s;
			if (skip_value(&nl, &v))
				FAIL("a part's parent tree is not as cairo writes it");
			it->e = nl.p;
		}
		if (key.k != TK_ACLOSE)
			FAIL("a part's parent tree is not as cairo writes it");
		note_key(pt, last);
	}
	if (r < 0 || !nums)
		FAIL("a part's parent tree is not as cairo writes it");
	return 0;
}

static int load_labels(struct merge *m, struct part *pt, size_t index)
{
	struct lx l;
	struct entry e;
	int r;
	if (open_dict(pt, pt->labels, &l))
		FAIL("a part's page labels are not a dictionary");
	while ((r = dict_next(&l, &e)) > 0) {
		if (key_is(&e, "Kids"))
			FAIL("a part's page labels are not one flat list");
		if (!key_is(&e, "Nums") || e.v.k != TK_AOPEN)
			continue;
		struct lx nl = {e.v.e, e.ve};
		struct tok key, v;
		long last = -1;
		while (lex(&nl, &key) == 0 && key.k == TK_INT) {
			if (key.v <= last || key.v >= pt->npages || lex(&nl, &v) || v.k != TK_DOPEN)
				FAIL("a part's page labels are not as cairo writes them");
			last = key.v;
			struct item *it = list_add(&m->labels);
			it->part = index;
			it->key = key.v;
			it->s = v.s;
			it->start = 1;
			struct entry le;
			int lr;
			while ((lr = dict_next(&nl, &le)) > 0) {
				if (key_is(&le, "S") && le.v.k == TK_NAME)
					it->style_s = le.vs, it->style_e = le.ve;
				else if (key_is(&le, "St") && le.v.k == TK_INT)
					it->start = le.v.v;
				else if (key_is(&le, "P"))
					it->prefix = true;
				else if (!key_is(&le, "Type"))
					it->other = true;
			}
			if (lr < 0)
				FAIL("a part's page labels are not as cairo writes them");
			it->e = nl.p;
		}
		if (key.k != TK_ACLOSE)
			FAIL("a part's page labels are not as cairo writes them");
	}
	if (r < 0)
		FAIL("a part's page labels are not as cairo writes them");
	return 0;
}

/* A destination's name as bytes: a literal string's escapes undone, a hex string decoded. */
static void dest_name(struct item *it)
{
	const char *s = it->ks + 1, *e = it->ke - 1;
	if (*it->ks == '(' && !memchr(s, '\\', (size_t)(e - s)) && !memchr(s, '\r', (size_t)(e - s))) {
		it->name = s;
		it->name_len = (size_t)(e - s);
		return;
	}
	char *b = xmalloc((size_t)(e - s) + 1);
	size_t n = 0;
	if (*it->ks == '<') {
		int half = -1;
		for (; s < e; s++) {
			if (!is_hex((unsigned char)*s))
				continue;
			int v = *s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10;
			if (half < 0) {
				half = v;
			} else {
				b[n++] = (char)(half * 16 + v);
				half = -1;
			}
		}
		if (half >= 0)
			b[n++] = (char)(half * 16);
	} else {
		for (; s < e; s++) {
			char c = *s;
			if (c == '\r') {
				if (s + 1 < e && s[1] == '\n')
					s++;
				c = '\n';
			} else if (c == '\\' && s + 1 < e) {
				c = *++s;
				if (c >= '0' && c <= '7') {
					int v = c - '0';
					for (int k = 0; k < 2 && s + 1 < e && s[1] >= '0' && s[1] <= '7'; k++)
						v = v * 8 + (*++s - '0');
					c = (char)v;
				} else if (c == '\r' || c == '\n') {
					if (c == '\r' && s + 1 < e && s[1] == '\n')
						s++;
					continue;
				} else {
					const char *from = "nrtbf", *to = "\n\r\t\b\f";
					const char *f = strchr(from, c);
					if (f && c)
						c = to[f - from];
				}
			}
			b[n++] = c;
		}
	}
	it->name = it->owned = b;
	it->name_len = n;
}

static int load_dests(struct merge *m, struct part *pt, size_t index)
{
	struct lx l;
	struct entry e;
	int r;
	if (open_dict(pt, pt->names, &l))
		FAIL("a part's name dictionary is not a dictionary");
	while ((r = dict_next(&l, &e)) > 0) {
		if (key_is(&e, "Dests")) {
			if (ref_value(m, pt, &e, &pt->dests))
				return -1;
		} else if (index > 0) {
			FAIL("a later part's name dictionary has names other than destinations");
		}
	}
	if (r < 0)
		FAIL("a part's name dictionary is not a dictionary");
	if (!pt->dests)
		return 0;
	if (open_dict(pt, pt->dests, &l))
		FAIL("a part's destinations are not a dictionary");
	while ((r = dict_next(&l, &e)) > 0) {
		if (key_is(&e, "Kids"))
			FAIL("a part's destinations are not one flat list");
		if (!key_is(&e, "Names") || e.v.k != TK_AOPEN)
			continue;
		struct lx nl = {e.v.e, e.ve};
		struct tok key, v;
		while (lex(&nl, &key) == 0 && (key.k == TK_STR || key.k == TK_HEX)) {
			if (lexv(&nl, &v) || skip_value(&nl, &v))
				FAIL("a part's destinations are not as cairo writes them");
			struct item *it = list_add(&m->dests);
			it->part = index;
			it->ks = key.s;
			it->ke = key.e;
			it->s = v.s;
			it->e = nl.p;
			dest_name(it);
		}
		if (key.k != TK_ACLOSE)
			FAIL("a part's destinations are not as cairo writes them");
	}
	if (r < 0)
		FAIL("a part's destinations are not as cairo writes them");
	return 0;
}

/* A later part's outline root: it must hold no bookmarks. */
static int check_outlines(struct merge *m, struct part *pt)
{
	struct lx l;
	struct entry e;
	int r;
	if (open_dict(pt, pt->outlines, &l))
		FAIL("a part's outline root is not a dictionary");
	while ((r = dict_next(&l, &e)) > 0)
		if (key_is(&e, "First") || key_is(&e, "Last") || (key_is(&e, "Count") && !(e.v.k == TK_INT && e.v.v == 0)))
			FAIL("a later part has bookmarks: only the first part may have them");
	if (r < 0)
		FAIL("a part's outline root is not a dictionary");
	return 0;
}

static int load_part(struct merge *m, size_t index)
{
	struct part *pt = &m->pt[index];
	struct part *first = &m->pt[0];
	if (load_xref(m, pt) || load_catalog(m, pt, index == 0) || load_pages(m, pt, index))
		return -1;
	if (pt->info && !object_exists(pt, pt->info))
		FAIL("a part refers to an object it does not have");
	if (index > 0) {
		if ((pt->stroot && !first->stroot) || (pt->labels && !first->labels))
			FAIL("a later part has a structure tree or page labels and the first part has none");
		if (pt->outlines && check_outlines(m, pt))
			return -1;
	}
	if (pt->stroot && load_structure(m, pt, index))
		return -1;
	if (pt->labels && load_labels(m, pt, index))
		return -1;
	if (pt->names && load_dests(m, pt, index))
		return -1;
	if (index > 0 && pt->dests && !first->dests)
		FAIL("a later part has named destinations and the first part has none");
	return 0;
}

/* ------------------------------------------------------------------ writing */

static void put_long(struct strbuf *out, long v)
{
	char b[24];
	int n = sizeof b;
	bool neg = v < 0;
	unsigned long u = neg ? 0UL - (unsigned long)v : (unsigned long)v;
	do
		b[--n] = (char)('0' + u % 10);
	while ((u /= 10) && n > 1);
	if (neg)
		b[--n] = '-';
	strbuf_add(out, b + n, sizeof b - (size_t)n);
}

/* Copying a later part's text with its references renumbered. */
struct rw {
	struct merge *m;
	const struct part *pt;
	struct strbuf *out;
	const char *copied;   /* the text up to here is in out */
	bool top;             /* an object's own value: its structure parent keys are offset */
	long key_max;         /* the largest structure parent key seen, -1 none */
	struct tok length;    /* the object's /Length value */
};

static int put_ref(struct rw *w, const struct tok *t)
{
	long n = t->v, to = n < w->pt->size ? w->pt->map[n] : 0;
	struct merge *m = w->m;
	if (to == 0)
		FAIL("a part refers to an object it does not have");
	if (to < 0)
		FAIL("a later part refers to its catalog, outlines or a tree the join rebuilds");
	strbuf_add(w->out, w->copied, (size_t)(t->s - w->copied));
	put_long(w->out, to);
	strbuf_add(w->out, " 0 R", 4);
	w->copied = t->e;
	return 0;
}

static bool span_is(const char *s, const char *e, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(e - s) == n && memcmp(s, w, n) == 0;
}

/* Copies the value whose first token t has been read from l, renumbering its references; in
 * an object's own dictionary (w->top) the /StructParent(s) values are offset and /Length is
 * noted. */
static int rewrite_value(struct rw *w, struct lx *l, struct tok t)
{
	struct merge *m = w->m;
	uint64_t isdict = 0;
	int depth = 0;
	bool want_key = false;
	const char *key = NULL, *key_end = NULL;
	for (;;) {
		if (depth > 0 && ((isdict >> (depth - 1)) & 1) && want_key) {
			if (t.k == TK_DCLOSE) {
				depth--;
				goto done;
			}
			if (t.k != TK_NAME)
				FAIL("a part has a dictionary the join cannot read");
			if (depth == 1)
				key = t.s + 1, key_end = t.e;
			want_key = false;
			goto next;
		}
		switch (t.k) {
		case TK_DOPEN:
		case TK_AOPEN:
			if (depth >= MAX_DEPTH)
				FAIL("a part nests dictionaries and arrays too deeply");
			isdict = (isdict & ~(UINT64_C(1) << depth)) | ((uint64_t)(t.k == TK_DOPEN) << depth);
			depth++;
			want_key = t.k == TK_DOPEN;
			goto next;
		case TK_ACLOSE:
			if (depth == 0 || ((isdict >> (depth - 1)) & 1))
				FAIL("a part has an array the join cannot read");
			depth--;
			goto done;
		case TK_DCLOSE:
		case TK_END:
			FAIL("a part has an object the join cannot read");
		case TK_REF:
			if (put_ref(w, &t))
				return -1;
			break;
		case TK_INT:
			if (w->top && depth == 1 && key &&
			    (span_is(key, key_end, "StructParents") || span_is(key, key_end, "StructParent"))) {
				if (t.v < 0)
					FAIL("a part has a negative structure parent key");
				if (t.v > w->key_max)
					w->key_max = t.v;
				strbuf_add(w->out, w->copied, (size_t)(t.s - w->copied));
				put_long(w->out, t.v + w->pt->key_off);
				w->copied = t.e;
			}
			break;
		case TK_WORD:
			if (!word_is(&t, "true") && !word_is(&t, "false") && !word_is(&t, "null"))
				FAIL("a part has a word the join does not know in an object");
			break;
		default:
			break;
		}
		if (w->top && depth == 1 && key && span_is(key, key_end, "Length"))
			w->length = t;
	done:
		if (depth == 0)
			return 0;
		if ((isdict >> (depth - 1)) & 1)
			want_key = true;
	next:
		if (lexv(l, &t))
			FAIL("a part has an object the join cannot read");
	}
}

/* Copies the value text [s, e) of a later part with its references renumbered. */
static int rewrite_range(struct merge *m, size_t index, const char *s, const char *e, struct strbuf *out)
{
	struct rw w = {.m = m, .pt = &m->pt[index], .out = out, .copied = s, .key_max = -1};
	struct lx l = {s, e};
	struct tok t;
	if (lexv(&l, &t))
		FAIL("a part has an object the join cannot read");
	if (rewrite_value(&w, &l, t))
		return -1;
	strbuf_add(out, w.copied, (size_t)(e - w.copied));
	return 0;
}

/* A stream's length: a direct integer or an object holding one. */
static long stream_length(const struct part *pt, const struct tok *t)
{
	if (t->k == TK_INT)
		return t->v;
	if (t->k != TK_REF || !object_exists(pt, t->v))
		return -1;
	struct lx l;
	struct tok obj, n, end;
	if (object_head(pt, t->v, &l, &obj) || lex(&l, &n) || n.k != TK_INT || lex(&l, &end) || !word_is(&end, "endobj"))
		return -1;
	return n.v;
}

/* Copies object num of a later part as object to, renumbering the references outside its
 * strings and stream data; its stream (if any) is checked against its /Length. */
static int copy_object(struct merge *m, size_t index, long num, long to, struct strbuf *out)
{
	struct part *pt = &m->pt[index];
	struct rw w = {.m = m, .pt = pt, .out = out, .top = true, .key_max = -1};
	struct lx l;
	struct tok obj, t;
	const char *end = pt->pdf + pt->end[num];
	if (object_head(pt, num, &l, &obj))
		FAIL("a part's cross-reference table does not point at its objects");
	put_long(out, to);
	strbuf_add(out, " 0 obj", 6);
	w.copied = obj.e;
	if (lexv(&l, &t))
		FAIL("a part has an object the join cannot read");
	if (rewrite_value(&w, &l, t))
		return -1;
	if (lex(&l, &t))
		FAIL("a part has an object the join cannot read");
	if (word_is(&t, "stream")) {
		const char *p = t.e;
		if (p < end && *p == '\r')
			p++;
		if (p >= end || *p != '\n')
			FAIL("a part has a stream the join cannot read");
		p++;
		long n = stream_length(pt, &w.length);
		if (n < 0 || n > end - p)
			FAIL("a part has a stream whose length is wrong");
		p += n;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		if (end - p < 9 || memcmp(p, "endstream", 9))
			FAIL("a part has a stream whose length is wrong");
	} else if (!word_is(&t, "endobj")) {
		FAIL("a part has an object the join cannot read");
	}
	strbuf_add(out, w.copied, (size_t)(end - w.copied));
	if (w.key_max + 1 > pt->key_count)
		pt->key_count = w.key_max + 1;
	return 0;
}

/* Whether object num of a part is one the join rebuilds or leaves out. */
static bool rebuilt(const struct part *pt, bool first, long num)
{
	if (first)
		return num == pt->pages || num == pt->doc || num == pt->ptree || num == pt->labels ||
		       num == pt->dests || (num == pt->stroot && pt->next_key_s);
	return num == pt->root || num == pt->info || num == pt->pages || num == pt->stroot ||
	       num == pt->doc || num == pt->ptree || num == pt->labels || num == pt->names ||
	       num == pt->dests || num == pt->outlines;
}

static int cmp_dest(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = memcmp(x->name, y->name, n);
	if (c)
		return c;
	return x->name_len < y->name_len ? -1 : x->name_len > y->name_len;
}

/* Object num of the first part with the value [vs, ve) replaced by what replace wrote. */
static void put_replaced(const struct part *pt, long num, const char *vs, const char *ve,
			 const struct strbuf *replace, struct strbuf *out)
{
	const char *s = pt->pdf + pt->off[num], *e = pt->pdf + pt->end[num];
	strbuf_add(out, s, (size_t)(vs - s));
	strbuf_add(out, replace->buf, replace->len);
	strbuf_add(out, ve, (size_t)(e - ve));
}

/* The objects the join rebuilds, in the first part's numbers: the page tree, the Document
 * element, the parent tree, the structure tree root (when it has /ParentTreeNextKey), the
 * page labels and the destinations; each one's offset into offsets. */
static int write_merged(struct merge *m, struct strbuf *out, size_t base, size_t *offsets)
{
	struct part *p0 = &m->pt[0];
	struct strbuf tmp;
	strbuf_init(&tmp);
	/* the page tree */
	offsets[p0->pages] = out->len - base;
	put_long(out, p0->pages);
	strbuf_addstr(out, " 0 obj\n<< /Type /Pages\n   /Kids [ ");
	for (size_t i = 0; i < m->kids.n; i++) {
		const struct item *it = &m->kids.v[i];
		put_long(out, it->part ? m->pt[it->part].map[it->key] : it->key);
		strbuf_add(out, " 0 R ", 5);
	}
	strbuf_addstr(out, "]\n   /Count ");
	put_long(out, (long)m->kids.n);
	strbuf_addstr(out, "\n>>\nendobj\n");
	if (p0->stroot) {
		/* the Document element: its children, then the later parts' */
		const char *ks = p0->doc_k_s, *ke = p0->doc_k_e;
		strbuf_add(&tmp, "[ ", 2);
		if (*ks == '[') {
			ks++, ke--;
			while (ks < ke && cls[(unsigned char)*ks] == 1)
				ks++;
			while (ke > ks && cls[(unsigned char)ke[-1]] == 1)
				ke--;
		}
		strbuf_add(&tmp, ks, (size_t)(ke - ks));
		for (size_t i = 0; i < m->doc_k.n; i++) {
			const struct item *it = &m->doc_k.v[i];
			strbuf_addch(&tmp, ' ');
			if (rewrite_range(m, it->part, it->s, it->e, &tmp))
				goto fail;
		}
		strbuf_add(&tmp, " ]", 2);
		offsets[p0->doc] = out->len - base;
		put_replaced(p0, p0->doc, p0->doc_k_s, p0->doc_k_e, &tmp, out);
		/* the parent tree */
		offsets[p0->ptree] = out->len - base;
		put_long(out, p0->ptree);
		strbuf_addstr(out, " 0 obj\n<< /Nums [\n");
		for (size_t i = 0; i < m->ptree.n; i++) {
			const struct item *it = &m->ptree.v[i];
			strbuf_add(out, "   ", 3);
			put_long(out, it->key + m->pt[it->part].key_off);
			strbuf_addch(out, ' ');
			if (it->part == 0)
				strbuf_add(out, it->s, (size_t)(it->e - it->s));
			else if (rewrite_range(m, it->part, it->s, it->e, out))
				goto fail;
			strbuf_addch(out, '\n');
		}
		strbuf_addstr(out, "  ]\n>>\nendobj\n");
		if (p0->next_key_s) {
			const struct part *last = &m->pt[m->count - 1];
			strbuf_reset(&tmp);
			put_long(&tmp, last->key_off + last->key_count);
			offsets[p0->stroot] = out->len - base;
			put_replaced(p0, p0->stroot, p0->next_key_s, p0->next_key_e, &tmp, out);
		}
	}
	if (p0->labels) {
		offsets[p0->labels] = out->len - base;
		put_long(out, p0->labels);
		strbuf_addstr(out, " 0 obj\n<< /Nums [\n");
		const struct item *prev = NULL;
		long prev_key = 0;
		for (size_t i = 0; i < m->labels.n; i++) {
			const struct item *it = &m->labels.v[i];
			long key = it->key;
			for (size_t k = 0; k < it->part; k++)
				key += m->pt[k].npages;
			/* an entry that only continues the range before it is left out */
			if (prev && !it->prefix && !it->other && !prev->prefix && !prev->other && it->style_s &&
			    prev->style_s && it->style_e - it->style_s == prev->style_e - prev->style_s &&
			    !memcmp(it->style_s, prev->style_s, (size_t)(it->style_e - it->style_s)) &&
			    it->start == prev->start + (key - prev_key))
				continue;
			strbuf_add(out, "   ", 3);
			put_long(out, key);
			strbuf_addch(out, ' ');
			if (it->part == 0)
				strbuf_add(out, it->s, (size_t)(it->e - it->s));
			else if (rewrite_range(m, it->part, it->s, it->e, out))
				goto fail;
			strbuf_addch(out, '\n');
			prev = it;
			prev_key = key;
		}
		strbuf_addstr(out, "  ]\n>>\nendobj\n");
	}
	if (p0->dests) {
		offsets[p0->dests] = out->len - base;
		put_long(out, p0->dests);
		strbuf_addstr(out, " 0 obj\n<< /Names [\n");
		for (size_t i = 0; i < m->dests.n; i++) {
			const struct item *it = &m->dests.v[i];
			strbuf_add(out, "   ", 3);
			strbuf_add(out, it->ks, (size_t)(it->ke - it->ks));
			strbuf_addch(out, ' ');
			if (it->part == 0)
				strbuf_add(out, it->s, (size_t)(it->e - it->s));
			else if (rewrite_range(m, it->part, it->s, it->e, out))
				goto fail;
			strbuf_addch(out, '\n');
		}
		strbuf_addstr(out, "  ]\n>>\nendobj\n");
	}
	strbuf_release(&tmp);
	return 0;
fail:
	strbuf_release(&tmp);
	return -1;
}

/* A cross-reference entry: an object at offset off, or (off 0) no object. */
static void put_xref_entry(struct strbuf *out, size_t off)
{
	if (!off) {
		strbuf_add(out, "0000000000 65535 f \n", 20);
		return;
	}
	char b[20];
	for (int k = 9; k >= 0; k--, off /= 10)
		b[k] = (char)('0' + off % 10);
	memcpy(b + 10, " 00000 n \n", 10);
	strbuf_add(out, b, 20);
}

static int join(struct merge *m, struct strbuf *out, size_t base)
{
	struct part *p0 = &m->pt[0];
	for (size_t i = 0; i < m->count; i++)
		if (load_part(m, i))
			return -1;
	/* one name tree of destinations, in cairo's order; a name once */
	qsort(m->dests.v, m->dests.n, sizeof *m->dests.v, cmp_dest);
	for (size_t i = 1; i < m->dests.n; i++)
		if (cmp_dest(&m->dests.v[i - 1], &m->dests.v[i]) == 0)
			FAIL("a destination is named in two parts");
	/* the later parts' objects numbered after the first's */
	long next = p0->size;
	for (size_t i = 1; i < m->count; i++) {
		struct part *pt = &m->pt[i];
		pt->map = xcalloc((size_t)pt->size, sizeof *pt->map);
		for (long k = 0; k < pt->count; k++) {
			long num = pt->order[k];
			if (num == pt->pages)
				pt->map[num] = p0->pages;
			else if (num == pt->stroot)
				pt->map[num] = p0->stroot;
			else if (num == pt->doc)
				pt->map[num] = p0->doc;
			else if (rebuilt(pt, false, num))
				pt->map[num] = -1;
		}
		for (long num = 1; num < pt->size; num++)
			if (pt->end[num] && !pt->map[num]) {
				if (next >= MAX_OBJECTS)
					FAIL("the joined PDF would have too many objects");
				pt->map[num] = next++;
			}
	}
	size_t *offsets = xcalloc((size_t)next, sizeof *offsets);
	strbuf_add(out, p0->pdf, p0->header);
	for (long k = 0; k < p0->count; k++) {
		long num = p0->order[k];
		if (rebuilt(p0, true, num))
			continue;
		offsets[num] = out->len - base;
		strbuf_add(out, p0->pdf + p0->off[num], p0->end[num] - p0->off[num]);
	}
	for (size_t i = 1; i < m->count; i++) {
		struct part *pt = &m->pt[i];
		const struct part *prev = &m->pt[i - 1];
		pt->key_off = prev->key_off + prev->key_count;
		for (long k = 0; k < pt->count; k++) {
			long num = pt->order[k];
			if (rebuilt(pt, false, num))
				continue;
			offsets[pt->map[num]] = out->len - base;
			if (copy_object(m, i, num, pt->map[num], out)) {
				free(offsets);
				return -1;
			}
		}
	}
	if (write_merged(m, out, base, offsets)) {
		free(offsets);
		return -1;
	}
	size_t xref = out->len - base;
	strbuf_addstr(out, "xref\n0 ");
	put_long(out, next);
	strbuf_addstr(out, "\n0000000000 65535 f \n");
	for (long num = 1; num < next; num++)
		put_xref_entry(out, offsets[num]);
	free(offsets);
	strbuf_addstr(out, "trailer\n<< /Size ");
	put_long(out, next);
	strbuf_addstr(out, "\n   /Root ");
	put_long(out, p0->root);
	strbuf_addstr(out, " 0 R\n");
	if (p0->info) {
		strbuf_addstr(out, "   /Info ");
		put_long(out, p0->info);
		strbuf_addstr(out, " 0 R\n");
	}
	strbuf_addstr(out, ">>\nstartxref\n");
	put_long(out, (long)xref);
	strbuf_addstr(out, "\n%%EOF\n");
	return 0;
}

static void list_release(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].owned);
	free(l->v);
}

int pdfmerge(const struct pdfmerge_part *parts, size_t count, struct strbuf *out, const char **why)
{
	if (count == 0) {
		*why = "no PDF to join";
		return -1;
	}
	if (count == 1) {
		strbuf_add(out, parts[0].pdf, parts[0].len);
		return 0;
	}
	size_t base = out->len;
	struct merge m = {.count = count, .why = why};
	m.pt = xcalloc(count, sizeof *m.pt);
	for (size_t i = 0; i < count; i++) {
		m.pt[i].pdf = parts[i].pdf;
		m.pt[i].len = parts[i].len;
	}
	int rc = join(&m, out, base);
	if (rc) {
		out->len = base;
		out->buf[base] = '\0';
	}
	for (size_t i = 0; i < count; i++) {
		free(m.pt[i].off);
		free(m.pt[i].end);
		free(m.pt[i].order);
		free(m.pt[i].map);
	}
	free(m.pt);
	list_release(&m.kids);
	list_release(&m.doc_k);
	list_release(&m.ptree);
	list_release(&m.labels);
	list_release(&m.dests);
	return rc;
}
