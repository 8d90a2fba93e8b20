/* Unit tests for renderer/pdfmerge: two tagged PDFs drawn with cairo here are joined and the
 * result is read back on its own terms — the cross-reference table, the page tree, every
 * reference, the structure parent keys and the parent tree, the named destinations, the
 * Document element's children, the page labels — and then updated by pdfaccess, checked by
 * qpdf and read by pdftotext where those are installed; three parts follow on in the same
 * way. Parts that are truncated, have a broken cross-reference table or an object that is
 * not PDF syntax, a later part with bookmarks and a destination named in two parts are
 * refused, leaving the output as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/text.h"
#include "renderer/pdfaccess.h"
#include "renderer/pdfmerge.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int len)
{
	strbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void show(cairo_t *cr, double y, const char *text)
{
	cairo_move_to(cr, 20, y);
	cairo_show_text(cr, text);
}

static void finish(cairo_surface_t *s, cairo_t *cr)
{
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* Part 1: pages labelled Cover, 1, 2; a P, an H1 that is destination h1, a P, a link to h5
 * (in part 2); bookmarks for h1 and h5. */
static void draw_part1(struct strbuf *out)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buffer, out, 200, 200);
	cairo_t *cr = cairo_create(s);
	cairo_pdf_surface_set_page_label(s, "Cover");
	cairo_tag_begin(cr, "Document", "");
	cairo_tag_begin(cr, "P", "");
	show(cr, 20, "Cover (of) the report");
	cairo_tag_end(cr, "P");
	cairo_show_page(cr);
	cairo_pdf_surface_set_page_label(s, "1");
	cairo_tag_begin(cr, "H1", "");
	cairo_tag_begin(cr, CAIRO_TAG_DEST, "name='h1'");
	show(cr, 20, "Heading one");
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	cairo_tag_end(cr, "H1");
	cairo_tag_begin(cr, "P", "");
	show(cr, 40, "First paragraph");
	cairo_tag_end(cr, "P");
	cairo_tag_begin(cr, CAIRO_TAG_LINK, "dest='h5'");
	show(cr, 60, "See heading five");
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	cairo_show_page(cr);
	cairo_pdf_surface_set_page_label(s, "2");
	show(cr, 20, "Page two");
	cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, "One", "dest='h1'", 0);
	cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, "Five", "dest='h5'", 0);
	cairo_tag_end(cr, "Document");
	finish(s, cr);
}

/* Part 2: pages labelled 3 and 4; an H1 that is destination dest, a link to link, a Figure,
 * a P; a bookmark when outline is set. */
static void draw_part2(struct strbuf *out, const char *dest, const char *link, bool outline)
{
	char attr[64];
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buffer, out, 200, 200);
	cairo_t *cr = cairo_create(s);
	cairo_pdf_surface_set_page_label(s, "3");
	cairo_tag_begin(cr, "Document", "");
	cairo_tag_begin(cr, "H1", "");
	snprintf(attr, sizeof attr, "name='%s'", dest);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
	show(cr, 20, "Heading five");
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	cairo_tag_end(cr, "H1");
	snprintf(attr, sizeof attr, "dest='%s'", link);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	show(cr, 60, "Back to heading one");
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	cairo_show_page(cr);
	cairo_pdf_surface_set_page_label(s, "4");
	cairo_tag_begin(cr, "Figure", "");
	cairo_rectangle(cr, 10, 10, 50, 50);
	cairo_fill(cr);
	cairo_tag_end(cr, "Figure");
	cairo_tag_begin(cr, "P", "");
	show(cr, 100, "Closing text");
	cairo_tag_end(cr, "P");
	if (outline)
		cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, "Five", attr, 0);
	cairo_tag_end(cr, "Document");
	finish(s, cr);
}

/* ------------------------------------------------------------------ reading the result */

struct pdf {
	const char *buf;
	size_t len;
	long size;
	long *off;    /* per object, its offset; 0 none */
	long root;
};

/* The object's text up to its stream or endobj, in a new string. */
static char *obj_text(const struct pdf *p, long num)
{
	assert_true(num > 0 && num < p->size && p->off[num] > 0);
	const char *s = p->buf + p->off[num];
	const char *e = s;
	while (e < p->buf + p->len && strncmp(e, "endobj", 6) && strncmp(e, "stream\n", 7))
		e++;
	assert_true(e < p->buf + p->len);
	char *t = malloc((size_t)(e - s) + 1);
	memcpy(t, s, (size_t)(e - s));
	t[e - s] = '\0';
	return t;
}

static long ref_after(const char *text, const char *key)
{
	const char *k = strstr(text, key);
	assert_non_null(k);
	long n = -1, g = -1;
	char r = 0;
	assert_int_equal(sscanf(k + strlen(key), " %ld %ld %c", &n, &g, &r), 3);
	assert_int_equal(g, 0);
	assert_int_equal(r, 'R');
	return n;
}

/* The numbers of "N 0 R" in text from the first '[' after key to its ']', into refs. */
static size_t refs_in_array(const char *text, const char *key, long *refs, size_t max)
{
	const char *k = strstr(text, key);
	assert_non_null(k);
	const char *p = strchr(k, '['), *end = strchr(k, ']');
	assert_true(p && end && p < end);
	size_t n = 0;
	for (p++; p < end;) {
		char *q;
		long v = strtol(p, &q, 10);
		if (q == p) {
			p++;
			continue;
		}
		long g = strtol(q, &q, 10);
		while (*q == ' ')
			q++;
		if (g == 0 && *q == 'R') {
			assert_true(n < max);
			refs[n++] = v;
			p = q + 1;
		} else {
			p = q;
		}
	}
	return n;
}

/* Reads the cross-reference table: each offset must point at "N 0 obj". */
static void read_pdf(struct pdf *p, const char *buf, size_t len)
{
	p->buf = buf;
	p->len = len;
	const char *sx = strstr(buf + len - 40, "startxref\n");
	assert_non_null(sx);
	long xref = strtol(sx + 10, NULL, 10);
	assert_memory_equal(buf + xref, "xref\n0 ", 7);
	char *q;
	p->size = strtol(buf + xref + 7, &q, 10);
	assert_true(p->size > 1);
	p->off = calloc((size_t)p->size, sizeof *p->off);
	q++;
	for (long n = 0; n < p->size; n++, q += 20) {
		if (q[17] == 'f')
			continue;
		assert_int_equal(q[17], 'n');
		p->off[n] = strtol(q, NULL, 10);
		char head[32];
		snprintf(head, sizeof head, "%ld 0 obj\n", n);
		assert_memory_equal(buf + p->off[n], head, strlen(head));
		/* objects start on a line of their own, as pdfaccess finds them */
		assert_int_equal(buf[p->off[n] - 1], '\n');
	}
	assert_memory_equal(q, "trailer\n", 8);
	p->root = ref_after(q, "/Root");
	assert_non_null(strstr(q, "/Info"));
}

/* Every "N 0 R" outside streams names an object that exists. */
static void references_resolve(const struct pdf *p)
{
	size_t refs = 0;
	for (long n = 1; n < p->size; n++) {
		if (!p->off[n])
			continue;
		char *t = obj_text(p, n);
		for (char *r = strstr(t, " 0 R"); r; r = strstr(r + 1, " 0 R")) {
			char *s = r;
			while (s > t && s[-1] >= '0' && s[-1] <= '9')
				s--;
			if (s == r)
				continue;
			long v = strtol(s, NULL, 10);
			assert_true(v > 0 && v < p->size);
			assert_true(p->off[v] > 0);
			refs++;
		}
		free(t);
	}
	assert_true(refs > 50);
}

/* Decodes a literal string "(…)" without escapes at s. */
static void literal(const char *s, char *buf, size_t size)
{
	assert_int_equal(*s, '(');
	const char *e = strchr(s, ')');
	assert_non_null(e);
	snprintf(buf, size, "%.*s", (int)(e - s - 1), s + 1);
}

/* The label of page index i under the number tree text "/Nums [ k << … >> … ]". */
static void page_label(const char *nums, long page, char *buf, size_t size)
{
	const char *best = NULL;
	long best_key = -1;
	for (const char *p = strchr(nums, '[') + 1; (p = strstr(p, "<<"));) {
		const char *k = p;
		while (k[-1] == ' ')
			k--;
		while (k[-1] >= '0' && k[-1] <= '9')
			k--;
		long key = strtol(k, NULL, 10);
		if (key <= page && key > best_key)
			best = p, best_key = key;
		p = strstr(p, ">>") + 2;
	}
	assert_non_null(best);
	char dict[128];
	const char *de = strstr(best, ">>");
	snprintf(dict, sizeof dict, "%.*s", (int)(de - best), best);
	buf[0] = '\0';
	const char *pr = strstr(dict, "/P ");
	if (pr)
		literal(pr + 3, buf, size);
	if (strstr(dict, "/S /D")) {
		const char *st = strstr(dict, "/St ");
		long start = st ? strtol(st + 4, NULL, 10) : 1;
		snprintf(buf + strlen(buf), size - strlen(buf), "%ld", start + page - best_key);
	}
}

static bool have(const char *program)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", program);
	return system(cmd) == 0;
}

static void write_file(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The structure parent keys of pages and annotations: want of them, unique, each a key of
 * the parent tree and the parent tree no other. */
static void struct_parent_keys(const struct pdf *p, const char *catalog, size_t want)
{
	long keys[32];
	size_t nkeys = 0;
	for (long n = 1; n < p->size; n++) {
		char *t = obj_text(p, n);
		const char *k = strstr(t, "/StructParents ");
		if (!k)
			k = strstr(t, "/StructParent ");
		if (k) {
			assert_true(nkeys < 32);
			keys[nkeys++] = strtol(strchr(k, ' ') + 1, NULL, 10);
		}
		free(t);
	}
	assert_int_equal(nkeys, want);
	for (size_t i = 0; i < nkeys; i++)
		for (size_t j = i + 1; j < nkeys; j++)
			assert_int_not_equal(keys[i], keys[j]);
	long stroot = ref_after(catalog, "/StructTreeRoot");
	char *root = obj_text(p, stroot);
	char *ptree = obj_text(p, ref_after(root, "/ParentTree"));
	const char *nums = strstr(ptree, "/Nums [");
	assert_non_null(nums);
	size_t ntree = 0;
	for (const char *q = nums + 7;;) {
		char *e;
		long key = strtol(q, &e, 10);
		if (e == q)
			break;
		bool found = false;
		for (size_t i = 0; i < nkeys; i++)
			found |= keys[i] == key;
		assert_true(found);
		ntree++;
		q = strstr(e, " 0 R") + 4;
	}
	assert_int_equal(ntree, nkeys);
	assert_non_null(strstr(ptree, "]\n"));
	free(ptree);
	free(root);
}

static void test_join(void **state)
{
	(void)state;
	struct strbuf a, b, out;
	strbuf_init(&a);
	strbuf_init(&b);
	strbuf_init(&out);
	draw_part1(&a);
	draw_part2(&b, "h5", "h1", false);
	struct pdfmerge_part parts[] = {{a.buf, a.len}, {b.buf, b.len}};
	const char *why = NULL;
	assert_int_equal(pdfmerge(parts, 2, &out, &why), 0);
	/* the first part's header, then its objects as cairo wrote them */
	size_t header = (size_t)(strstr(a.buf, " 0 obj\n") - a.buf);
	while (header > 0 && a.buf[header - 1] != '\n')
		header--;
	assert_memory_equal(out.buf, a.buf, header);

	struct pdf p;
	read_pdf(&p, out.buf, out.len);
	references_resolve(&p);
	char *catalog = obj_text(&p, p.root);
	assert_non_null(strstr(catalog, "/Type /Catalog"));
	long pages_root = ref_after(catalog, "/Pages");

	/* five pages, each a Page whose parent is the root */
	char *pages = obj_text(&p, pages_root);
	assert_non_null(strstr(pages, "/Type /Pages"));
	assert_non_null(strstr(pages, "/Count 5\n"));
	long kids[8];
	assert_int_equal(refs_in_array(pages, "/Kids", kids, 8), 5);
	char want_parent[32];
	snprintf(want_parent, sizeof want_parent, "/Parent %ld 0 R", pages_root);
	for (int i = 0; i < 5; i++) {
		char *page = obj_text(&p, kids[i]);
		assert_non_null(strstr(page, "/Type /Page"));
		assert_null(strstr(page, "/Type /Pages"));
		assert_non_null(strstr(page, want_parent));
		free(page);
	}

	/* structure parent keys: pages 1, 2, 4, 5 have marked content; the two links */
	struct_parent_keys(&p, catalog, 6);
	char *root = obj_text(&p, ref_after(catalog, "/StructTreeRoot"));

	/* the Document element holds both parts' children, whose parent it is */
	long doc_refs[4];
	assert_int_equal(refs_in_array(root, "/K", doc_refs, 4), 1);
	char *doc = obj_text(&p, doc_refs[0]);
	assert_non_null(strstr(doc, "/S /Document"));
	long children[16];
	size_t nchildren = refs_in_array(doc, "/K", children, 16);
	assert_int_equal(nchildren, 8);
	char want_p[32];
	snprintf(want_p, sizeof want_p, "/P %ld 0 R", doc_refs[0]);
	const char *tags[] = {"/S /P\n", "/S /H1\n", "/S /P\n", "/S /Link\n", "/S /H1\n", "/S /Link\n",
			      "/S /Figure\n", "/S /P\n"};
	for (size_t i = 0; i < nchildren; i++) {
		char *t = obj_text(&p, children[i]);
		assert_non_null(strstr(t, want_p));
		assert_non_null(strstr(t, tags[i]));
		free(t);
	}

	/* both destinations, in order of their names, at their pages */
	char *names = obj_text(&p, ref_after(catalog, "/Names"));
	char *dests = obj_text(&p, ref_after(names, "/Dests"));
	const char *h1 = strstr(dests, "(h1) ["), *h5 = strstr(dests, "(h5) [");
	assert_true(h1 && h5 && h1 < h5);
	assert_int_equal(strtol(h1 + 6, NULL, 10), kids[1]);
	assert_int_equal(strtol(h5 + 6, NULL, 10), kids[3]);

	/* page labels Cover, 1, 2, 3, 4 */
	char *labels = obj_text(&p, ref_after(catalog, "/PageLabels"));
	const char *want_labels[] = {"Cover", "1", "2", "3", "4"};
	for (long i = 0; i < 5; i++) {
		char label[32];
		page_label(labels, i, label, sizeof label);
		assert_string_equal(label, want_labels[i]);
	}

	/* pdfaccess completes the tagging of the joined PDF */
	assert_int_equal(pdfaccess_figure_count(out.buf, out.len), 1);
	const char *alts[] = {"A black square"};
	struct pdfaccess acc = {.lang = "en", .figure_alts = alts, .figure_count = 1};
	struct strbuf update;
	strbuf_init(&update);
	assert_int_equal(pdfaccess_update(out.buf, out.len, &acc, &update, &why), 0);

	/* qpdf finds nothing wrong; the text of both parts is there, in order */
	char path[] = "/tmp/test_pdfmerge_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct strbuf whole;
	strbuf_init(&whole);
	strbuf_add(&whole, out.buf, out.len);
	strbuf_add(&whole, update.buf, update.len);
	write_file(path, whole.buf, whole.len);
	char cmd[256];
	if (have("qpdf")) {
		snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
		assert_int_equal(system(cmd), 0);
	}
	if (have("pdftotext")) {
		snprintf(cmd, sizeof cmd, "pdftotext %s -", path);
		FILE *f = popen(cmd, "r");
		assert_non_null(f);
		char text[4096];
		size_t n = fread(text, 1, sizeof text - 1, f);
		text[n] = '\0';
		assert_int_equal(pclose(f), 0);
		const char *one = strstr(text, "Heading one"), *five = strstr(text, "Heading five");
		assert_true(one && five && one < five);
		assert_non_null(strstr(text, "Closing text"));
	}
	unlink(path);

	strbuf_release(&whole);
	strbuf_release(&update);
	free(labels);
	free(dests);
	free(names);
	free(doc);
	free(root);
	free(pages);
	free(catalog);
	free(p.off);
	strbuf_release(&out);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Three parts: keys, page labels and destinations follow on across both boundaries. */
static void test_three_parts(void **state)
{
	(void)state;
	struct strbuf a, b, c, out;
	strbuf_init(&a);
	strbuf_init(&b);
	strbuf_init(&c);
	strbuf_init(&out);
	draw_part1(&a);
	draw_part2(&b, "h5", "h1", false);
	draw_part2(&c, "h0", "h5", false);
	struct pdfmerge_part parts[] = {{a.buf, a.len}, {b.buf, b.len}, {c.buf, c.len}};
	const char *why = NULL;
	assert_int_equal(pdfmerge(parts, 3, &out, &why), 0);
	struct pdf p;
	read_pdf(&p, out.buf, out.len);
	references_resolve(&p);
	char *catalog = obj_text(&p, p.root);
	char *pages = obj_text(&p, ref_after(catalog, "/Pages"));
	assert_non_null(strstr(pages, "/Count 7\n"));
	long kids[8];
	assert_int_equal(refs_in_array(pages, "/Kids", kids, 8), 7);
	struct_parent_keys(&p, catalog, 9);
	char *root = obj_text(&p, ref_after(catalog, "/StructTreeRoot"));
	long doc_ref;
	assert_int_equal(refs_in_array(root, "/K", &doc_ref, 1), 1);
	char *doc = obj_text(&p, doc_ref);
	long children[16];
	assert_int_equal(refs_in_array(doc, "/K", children, 16), 12);
	/* the third part's labels start again at 3: that range is kept */
	char *labels = obj_text(&p, ref_after(catalog, "/PageLabels"));
	const char *want_labels[] = {"Cover", "1", "2", "3", "4", "3", "4"};
	for (long i = 0; i < 7; i++) {
		char label[32];
		page_label(labels, i, label, sizeof label);
		assert_string_equal(label, want_labels[i]);
	}
	char *names = obj_text(&p, ref_after(catalog, "/Names"));
	char *dests = obj_text(&p, ref_after(names, "/Dests"));
	const char *h0 = strstr(dests, "(h0) ["), *h1 = strstr(dests, "(h1) ["), *h5 = strstr(dests, "(h5) [");
	assert_true(h0 && h1 && h5 && h0 < h1 && h1 < h5);
	assert_int_equal(strtol(h0 + 6, NULL, 10), kids[5]);
	free(dests);
	free(names);
	free(labels);
	free(doc);
	free(root);
	free(pages);
	free(catalog);
	free(p.off);
	strbuf_release(&out);
	strbuf_release(&c);
	strbuf_release(&b);
	strbuf_release(&a);
}

/* One part is copied as it is. */
static void test_one_part(void **state)
{
	(void)state;
	struct strbuf a, out;
	strbuf_init(&a);
	strbuf_init(&out);
	draw_part1(&a);
	struct pdfmerge_part parts[] = {{a.buf, a.len}};
	const char *why = NULL;
	assert_int_equal(pdfmerge(parts, 1, &out, &why), 0);
	assert_int_equal(out.len, a.len);
	assert_memory_equal(out.buf, a.buf, a.len);
	strbuf_release(&out);
	strbuf_release(&a);
}

/* The join of a and b fails with a reason that contains what, and out keeps "kept". */
static void refused(const struct strbuf *a, const char *b, size_t blen, const char *what)
{
	struct strbuf out;
	strbuf_init(&out);
	strbuf_addstr(&out, "kept");
	struct pdfmerge_part parts[] = {{a->buf, a->len}, {b, blen}};
	const char *why = NULL;
	assert_int_equal(pdfmerge(parts, 2, &out, &why), -1);
	assert_non_null(why);
	if (!strstr(why, what))
		fail_msg("'%s' does not say '%s'", why, what);
	assert_int_equal(out.len, 4);
	assert_string_equal(out.buf, "kept");
	strbuf_release(&out);
}

static void test_refusals(void **state)
{
	(void)state;
	struct strbuf a, b;
	strbuf_init(&a);
	strbuf_init(&b);
	draw_part1(&a);
	draw_part2(&b, "h5", "h1", false);
	/* truncated */
	refused(&a, b.buf, b.len / 2, "truncated");
	refused(&a, b.buf, b.len - 3, "truncated");
	/* a cross-reference entry one byte off */
	struct strbuf bad;
	strbuf_init(&bad);
	strbuf_add(&bad, b.buf, b.len);
	const char *sx = strstr(bad.buf + bad.len - 40, "startxref\n");
	assert_non_null(sx);
	char *x = strstr(bad.buf + strtol(sx + 10, NULL, 10), "0000000000 65535 f \n");
	assert_non_null(x);
	x[20 + 9] = x[20 + 9] == '9' ? '0' : (char)(x[20 + 9] + 1);
	refused(&a, bad.buf, bad.len, "cross-reference table");
	/* an object that is not PDF syntax */
	strbuf_reset(&bad);
	strbuf_add(&bad, b.buf, b.len);
	x = NULL;
	for (size_t i = 0; !x && i + 34 < bad.len; i++)
		if (memcmp(bad.buf + i, "<< /Type /StructElem\n   /S /Figure", 34) == 0)
			x = bad.buf + i;
	assert_non_null(x);
	x[1] = (char)0xbc;
	refused(&a, bad.buf, bad.len, "cannot read");
	strbuf_release(&bad);
	/* a later part with bookmarks */
	strbuf_reset(&b);
	draw_part2(&b, "h5", "h1", true);
	refused(&a, b.buf, b.len, "bookmarks");
	/* a destination named in both parts */
	strbuf_reset(&b);
	draw_part2(&b, "h1", "h1", false);
	refused(&a, b.buf, b.len, "named in two parts");
	/* not a PDF */
	refused(&a, "hello", 5, "not a PDF");
	strbuf_release(&a);
	strbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_three_parts),
		cmocka_unit_test(test_one_part),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
