/* fuzz_pdfmerge: any bytes as a PDF joined (renderer/pdfmerge) after a small tagged PDF that
 * cairo draws here, and before another. A refused join leaves the output as it was and says
 * why; a join that succeeds is one whole PDF after what the output held. */
#include "fuzz/fuzz.h"

#include "core/text.h"
#include "renderer/pdfmerge.h"

#include <cairo-pdf.h>
#include <cairo.h>

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int len)
{
	strbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A two-page tagged PDF: a heading that is destination dest, a link to link, page labels
 * from label; a bookmark to dest when outline is set. */
static void draw(struct strbuf *out, const char *dest, const char *link, const char *label, bool outline)
{
	char attr[32];
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buffer, out, 100, 100);
	cairo_t *cr = cairo_create(s);
	cairo_pdf_surface_set_page_label(s, label);
	cairo_tag_begin(cr, "Document", "");
	cairo_tag_begin(cr, "H1", "");
	snprintf(attr, sizeof attr, "name='%s'", dest);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
	cairo_rectangle(cr, 10, 10, 20, 5);
	cairo_fill(cr);
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	cairo_tag_end(cr, "H1");
	snprintf(attr, sizeof attr, "dest='%s'", link);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	cairo_rectangle(cr, 10, 30, 20, 5);
	cairo_fill(cr);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	cairo_show_page(cr);
	cairo_tag_begin(cr, "Figure", "");
	cairo_rectangle(cr, 10, 10, 50, 50);
	cairo_fill(cr);
	cairo_tag_end(cr, "Figure");
	if (outline) {
		snprintf(attr, sizeof attr, "dest='%s'", dest);
		cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, "Heading", attr, 0);
	}
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		abort();
	cairo_surface_destroy(s);
}

/* Joins first and second after "kept" and checks what the output holds. */
static void join(const char *first, size_t first_len, const char *second, size_t second_len)
{
	struct strbuf out;
	strbuf_init(&out);
	strbuf_addstr(&out, "kept");
	struct pdfmerge_part parts[] = {{first, first_len}, {second, second_len}};
	const char *why = NULL;
	if (pdfmerge(parts, 2, &out, &why) == 0) {
		FUZZ_CHECK(out.len > 4 + 5 && memcmp(out.buf, "kept%PDF-", 9) == 0);
		FUZZ_CHECK(memcmp(out.buf + out.len - 6, "%%EOF\n", 6) == 0);
	} else {
		FUZZ_CHECK(why && *why);
		FUZZ_CHECK(out.len == 4 && strcmp(out.buf, "kept") == 0);
	}
	strbuf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	static struct strbuf first, later;
	if (!first.buf) {
		strbuf_init(&first);
		strbuf_init(&later);
		draw(&first, "a1", "s1", "Cover", true);
		draw(&later, "b1", "a1", "7", false);
	}
	join(first.buf, first.len, (const char *)data, size);
	join((const char *)data, size, later.buf, later.len);
	return 0;
}
