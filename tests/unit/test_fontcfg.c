/* Unit tests for renderer/fontcfg: narrowed to the renderer's two families, pango sets every
 * text the report uses with the same faces, glyphs and advances as with the machine's whole
 * setup; the narrowed setup holds only those families' faces; a machine without one of them
 * keeps its own setup; releasing gives the machine's setup back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/text.h"
#include "renderer/fontcfg.h"
#include "renderer/pdfdoc.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>

#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *self_path;

/* Texts of the kinds a report sets: headings, figures, marks, both scripts, narrow and wide. */
static const char *const TEXTS[] = {
	"情報セキュリティ対策の実施状況（平成24年度）",
	"実施率 98.5% 把握率 100.0% 評価 A",
	"※ ○ ● △ × — ― ～ ・ 「」『』【】①②③ Ⅰ Ⅱ ㈱ 〒",
	"Implementation rate by ministry and category (Administrative staff, %)",
	"Ministry of Economy, Trade and Industry — 97.9 / 100.0",
	"０１２３４５６７８９ ＡＢＣ ｱｲｳ ゐゑ 髙﨑",
};
static const char *const FAMILY_LISTS[] = {"Noto Sans CJK JP", "DejaVu Sans, Noto Sans CJK JP"};
static const double SIZES[] = {6.5, 8, 9.5, 10, 14, 20};

/* Every run of every text, family list, size and weight, set in a document's text context: each
 * run's face (file and index) and its glyphs with their advances. */
static void set_all(struct strbuf *out)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(NULL, NULL, 595, 842);
	cairo_t *cr = cairo_create(surface);
	PangoContext *pc = pdfdoc_text_context(cr, "ja");
	for (size_t f = 0; f < sizeof FAMILY_LISTS / sizeof *FAMILY_LISTS; f++)
		for (size_t s = 0; s < sizeof SIZES / sizeof *SIZES; s++)
			for (int bold = 0; bold < 2; bold++)
				for (size_t t = 0; t < sizeof TEXTS / sizeof *TEXTS; t++) {
					PangoLayout *l = pango_layout_new(pc);
					PangoFontDescription *fd = pango_font_description_from_string(FAMILY_LISTS[f]);
					pango_font_description_set_absolute_size(fd, SIZES[s] * PANGO_SCALE);
					pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
					pango_layout_set_font_description(l, fd);
					pango_font_description_free(fd);
					pango_layout_set_text(l, TEXTS[t], -1);
					strbuf_addf(out, "%s %.1f %d %zu:", FAMILY_LISTS[f], SIZES[s], bold, t);
					PangoLayoutIter *it = pango_layout_get_iter(l);
					do {
						PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
						if (!run)
							continue;
						FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font));
						FcChar8 *file = NULL;
						int index = -1;
						FcPatternGetString(p, FC_FILE, 0, &file);
						FcPatternGetInteger(p, FC_INDEX, 0, &index);
						strbuf_addf(out, " [%s#%d", file ? (const char *)file : "?", index);
						for (int g = 0; g < run->glyphs->num_glyphs; g++) {
							PangoGlyph glyph = run->glyphs->glyphs[g].glyph;
							/* a character no face has: "?" */
							if (glyph & PANGO_GLYPH_UNKNOWN_FLAG)
								strbuf_addstr(out, " ?");
							strbuf_addf(out, " %u/%d", glyph, run->glyphs->glyphs[g].geometry.width);
						}
						strbuf_addch(out, ']');
					} while (pango_layout_iter_next_run(it));
					pango_layout_iter_free(it);
					strbuf_addch(out, '\n');
					g_object_unref(l);
				}
	g_object_unref(pc);
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
}

/* The first line where a and b differ, for the failure message. */
static void report_difference(const char *a, const char *b)
{
	size_t i = 0, line = 0;
	while (a[i] && a[i] == b[i])
		if (a[i++] == '\n')
			line = i;
	print_error("machine:  %.300s\nnarrowed: %.300s\n", a + line, b + line);
}

static void test_same_faces_glyphs_and_advances(void **state)
{
	(void)state;
	struct strbuf machine, narrow;
	strbuf_init(&machine);
	strbuf_init(&narrow);
	set_all(&machine);
	assert_true(fontcfg_narrow());
	set_all(&narrow);
	/* every character has a glyph, and every run a face */
	assert_null(strstr(machine.buf, " 0/"));
	assert_null(strstr(machine.buf, " ?"));
	assert_null(strstr(machine.buf, "[?#"));
	if (strcmp(machine.buf, narrow.buf) != 0)
		report_difference(machine.buf, narrow.buf);
	assert_string_equal(machine.buf, narrow.buf);
	/* the two families' faces were set: both appear */
	assert_non_null(strstr(narrow.buf, "NotoSansCJK"));
	assert_non_null(strstr(narrow.buf, "DejaVuSans"));
	fontcfg_release();
	strbuf_release(&machine);
	strbuf_release(&narrow);
}

static void test_only_the_two_families(void **state)
{
	(void)state;
	PangoFcFontMap *map = PANGO_FC_FONT_MAP(pango_cairo_font_map_get_default());
	assert_true(fontcfg_narrow());
	/* a second call keeps the same setup */
	FcConfig *cfg = pango_fc_font_map_get_config(map);
	assert_non_null(cfg);
	assert_true(fontcfg_narrow());
	assert_ptr_equal(pango_fc_font_map_get_config(map), cfg);
	FcFontSet *set = FcConfigGetFonts(cfg, FcSetSystem);
	assert_non_null(set);
	assert_true(set->nfont >= 2);
	int noto = 0, dejavu = 0;
	for (int i = 0; i < set->nfont; i++) {
		bool ours = false;
		FcChar8 *name;
		for (int j = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, j, &name) == FcResultMatch; j++) {
			noto += strcmp((const char *)name, "Noto Sans CJK JP") == 0;
			dejavu += strcmp((const char *)name, "DejaVu Sans") == 0;
			ours |= strcmp((const char *)name, "Noto Sans CJK JP") == 0 ||
				strcmp((const char *)name, "DejaVu Sans") == 0;
		}
		assert_true(ours);
	}
	/* regular and bold of each at least */
	assert_true(noto >= 2);
	assert_true(dejavu >= 2);
	fontcfg_release();
	assert_null(pango_fc_font_map_get_config(map));
	/* releasing twice is harmless */
	fontcfg_release();
}

/* The child's side of test_family_missing: run with FONTCONFIG_FILE naming a setup without
 * Noto Sans CJK JP; exits 0 when nothing was narrowed and the font map kept the machine's. */
static int missing_family_child(void)
{
	PangoFcFontMap *map = PANGO_FC_FONT_MAP(pango_cairo_font_map_get_default());
	if (fontcfg_narrow())
		return 1;
	if (pango_fc_font_map_get_config(map) != NULL)
		return 2;
	fontcfg_release();
	return 0;
}

static void test_family_missing(void **state)
{
	(void)state;
	/* a setup with DejaVu Sans's directory only */
	FcPattern *p = FcNameParse((const FcChar8 *)"DejaVu Sans");
	FcConfigSubstitute(NULL, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	FcResult r;
	FcPattern *m = FcFontMatch(NULL, p, &r);
	assert_non_null(m);
	FcChar8 *file;
	assert_int_equal(FcPatternGetString(m, FC_FILE, 0, &file), FcResultMatch);
	char *dir = strdup((const char *)file);
	char conf[] = "/tmp/test_fontcfg.XXXXXX";
	int fd = mkstemp(conf);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir></fontconfig>\n", dirname(dir));
	fclose(f);
	free(dir);
	FcPatternDestroy(m);
	FcPatternDestroy(p);
	char env_conf[sizeof conf + 32];
	snprintf(env_conf, sizeof env_conf, "FONTCONFIG_FILE=%s", conf);
	char *envp[] = {env_conf, "TEST_FONTCFG_CHILD=1", "HOME=/nonexistent", NULL};
	char *argv[] = {(char *)self_path, NULL};
	pid_t pid;
	assert_int_equal(posix_spawn(&pid, self_path, NULL, NULL, argv, envp), 0);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(conf);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	self_path = argv[0];
	if (getenv("TEST_FONTCFG_CHILD"))
		return missing_family_child();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_faces_glyphs_and_advances),
		cmocka_unit_test(test_only_the_two_families),
		cmocka_unit_test(test_family_missing),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	pango_cairo_font_map_set_default(NULL);
	return rc;
}
