/* Unit tests for renderer/pdfaccess: the incremental update that gives a cairo PDF its
 * language and its figures' alternative texts. A small tagged PDF is drawn with cairo here; the
 * update must leave cairo's bytes alone, append the catalog with /Lang and each Figure element
 * with its /Alt (UTF-16 hex), a cross-reference section whose offsets point at the new objects
 * and a trailer that points back at cairo's; a PDF whose figures do not match is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/text.h"
#include "renderer/pdfaccess.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int len)
{
	strbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A two-page tagged PDF with figures Figure elements. */
static void tagged_pdf(struct strbuf *out, int figures)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buffer, out, 200, 200);
	cairo_t *cr = cairo_create(s);
	cairo_tag_begin(cr, "Document", "");
	cairo_tag_begin(cr, "H1", "");
	cairo_move_to(cr, 10, 20);
	cairo_show_text(cr, "Heading");
	cairo_tag_end(cr, "H1");
	for (int i = 0; i < figures; i++) {
		cairo_tag_begin(cr, "Figure", "");
		cairo_rectangle(cr, 10, 30 + 40 * i, 50, 30);
		cairo_fill(cr);
		cairo_tag_end(cr, "Figure");
		if (i == 0)
			cairo_show_page(cr);
	}
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* The object at the xref offset of object num in the update's last section. */
static void offset_points_at(const char *file, const char *update, long num)
{
	char key[32];
	snprintf(key, sizeof key, "\n%ld 1\n", num);
	const char *p = strstr(update, key);
	assert_non_null(p);
	size_t off = strtoul(p + strlen(key), NULL, 10);
	char want[32];
	snprintf(want, sizeof want, "%ld 0 obj\n", num);
	assert_memory_equal(file + off, want, strlen(want));
}

static void test_update(void **state)
{
	(void)state;
	struct strbuf pdf, up;
	strbuf_init(&pdf);
	strbuf_init(&up);
	tagged_pdf(&pdf, 2);
	assert_int_equal(pdfaccess_figure_count(pdf.buf, pdf.len), 2);
	const char *alts[2] = {"図 ２-１ 98.5％", "second"};
	struct pdfaccess a = {.lang = "ja", .figure_alts = alts, .figure_count = 2};
	const char *why = NULL;
	assert_int_equal(pdfaccess_update(pdf.buf, pdf.len, &a, &up, &why), 0);
	assert_non_null(strstr(up.buf, "/Lang (ja)"));
	assert_non_null(strstr(up.buf, "/DisplayDocTitle true"));
	/* 図 = U+56F3, ２ = U+FF12, ％ = U+FF05 */
	assert_non_null(strstr(up.buf, "/Alt <FEFF56F30020FF12002DFF11002000390038002E0035FF05>"));
	assert_non_null(strstr(up.buf, "/Alt <FEFF007300650063006F006E0064>"));
	/* the trailer goes back to cairo's cross-reference table */
	const char *sx = strstr(pdf.buf + pdf.len - 40, "startxref\n");
	assert_non_null(sx);
	char prev[40];
	snprintf(prev, sizeof prev, "/Prev %ld\n", strtol(sx + 10, NULL, 10));
	assert_non_null(strstr(up.buf, prev));
	/* each new object where the cross-reference section says it is */
	struct strbuf whole;
	strbuf_init(&whole);
	strbuf_add(&whole, pdf.buf, pdf.len);
	strbuf_add(&whole, up.buf, up.len);
	const char *root = strstr(up.buf, " 0 obj\n");
	long root_num = strtol(up.buf, NULL, 10);
	assert_non_null(root);
	offset_points_at(whole.buf, up.buf, root_num);
	/* the update ends the file */
	assert_non_null(strstr(up.buf + up.len - 8, "%%EOF\n"));
	strbuf_release(&whole);
	strbuf_release(&pdf);
	strbuf_release(&up);
}

static void test_figure_count_mismatch(void **state)
{
	(void)state;
	struct strbuf pdf, up;
	strbuf_init(&pdf);
	strbuf_init(&up);
	tagged_pdf(&pdf, 1);
	const char *alts[2] = {"one", "two"};
	struct pdfaccess a = {.lang = "en", .figure_alts = alts, .figure_count = 2};
	const char *why = NULL;
	assert_int_equal(pdfaccess_update(pdf.buf, pdf.len, &a, &up, &why), -1);
	assert_non_null(why);
	assert_non_null(strstr(why, "Figure"));
	/* not a PDF at all */
	assert_int_equal(pdfaccess_update("hello", 5, &a, &up, &why), -1);
	strbuf_release(&pdf);
	strbuf_release(&up);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_figure_count_mismatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
