/* fontcfg: the faces pango may choose from, narrowed to the renderer's two families. */
#include "renderer/fontcfg.h"

#include "core/diag.h"
#include "core/text.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

static const char *const FAMILIES[] = {FONTCFG_JAPANESE, FONTCFG_LATIN};
#define FAMILY_COUNT (sizeof FAMILIES / sizeof FAMILIES[0])

/* The narrowed setup and the font map it was given to (NULL: nothing narrowed). */
static FcConfig *narrowed;
static PangoFontMap *narrowed_map;

/* Which of FAMILIES face p belongs to (by any of its family names), or -1. */
static int family_of(FcPattern *p)
{
	FcChar8 *name;
	for (int j = 0; FcPatternGetString(p, FC_FAMILY, j, &name) == FcResultMatch; j++)
		for (size_t f = 0; f < FAMILY_COUNT; f++)
			if (strcmp((const char *)name, FAMILIES[f]) == 0)
				return (int)f;
	return -1;
}

/* Whether set has a face of every family. */
static bool covers(const FcFontSet *set)
{
	bool found[FAMILY_COUNT] = {false};
	for (int i = 0; set && i < set->nfont; i++) {
		int f = family_of(set->fonts[i]);
		if (f >= 0)
			found[f] = true;
	}
	for (size_t f = 0; f < FAMILY_COUNT; f++)
		if (!found[f])
			return false;
	return true;
}

/* s as XML character data. */
static void add_escaped(struct strbuf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': strbuf_addstr(b, "&amp;"); break;
		case '<': strbuf_addstr(b, "&lt;"); break;
		case '>': strbuf_addstr(b, "&gt;"); break;
		default: strbuf_addch(b, *s);
		}
}

static void add_element(struct strbuf *b, const char *name, const char *text)
{
	strbuf_addf(b, "<%s>", name);
	add_escaped(b, text);
	strbuf_addf(b, "</%s>\n", name);
}

/* The setup's text: the directories of the families' faces in set, each once; the machine's
 * caches (so that nothing is scanned again); every face rejected but the families'. */
static void describe(FcConfig *machine, const FcFontSet *set, struct strbuf *xml)
{
	strbuf_addstr(xml, "<?xml version=\"1.0\"?>\n<fontconfig>\n");
	struct strbuf dirs;
	strbuf_init(&dirs);
	for (int i = 0; i < set->nfont; i++) {
		FcChar8 *file;
		if (family_of(set->fonts[i]) < 0 || FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
			continue;
		FcChar8 *dir = FcStrDirname(file);
		/* dirs: each directory once, each followed by a NUL */
		bool seen = false;
		for (size_t at = 0; at < dirs.len && !seen; at += strlen(dirs.buf + at) + 1)
			seen = strcmp(dirs.buf + at, (const char *)dir) == 0;
		if (!seen) {
			strbuf_add(&dirs, dir, strlen((const char *)dir) + 1);
			add_element(xml, "dir", (const char *)dir);
		}
		FcStrFree(dir);
	}
	strbuf_release(&dirs);
	FcStrList *caches = FcConfigGetCacheDirs(machine);
	for (FcChar8 *c; caches && (c = FcStrListNext(caches));)
		add_element(xml, "cachedir", (const char *)c);
	if (caches)
		FcStrListDone(caches);
	/* an empty pattern matches every face; acceptfont wins over rejectfont */
	strbuf_addstr(xml, "<selectfont>\n<rejectfont><pattern></pattern></rejectfont>\n<acceptfont>\n");
	for (size_t f = 0; f < FAMILY_COUNT; f++) {
		strbuf_addstr(xml, "<pattern><patelt name=\"family\"><string>");
		add_escaped(xml, FAMILIES[f]);
		strbuf_addstr(xml, "</string></patelt></pattern>\n");
	}
	strbuf_addstr(xml, "</acceptfont>\n</selectfont>\n</fontconfig>\n");
}

bool fontcfg_narrow(void)
{
	if (narrowed)
		return true;
	FcConfig *machine = FcConfigGetCurrent();
	const FcFontSet *set = machine ? FcConfigGetFonts(machine, FcSetSystem) : NULL;
	if (!covers(set))
		return false;
	struct strbuf xml;
	strbuf_init(&xml);
	describe(machine, set, &xml);
	FcConfig *cfg = FcConfigCreate();
	bool ok = cfg && FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml.buf, FcFalse) &&
		  FcConfigBuildFonts(cfg) && covers(FcConfigGetFonts(cfg, FcSetSystem));
	strbuf_release(&xml);
	if (!ok) {
		if (cfg)
			FcConfigDestroy(cfg);
		return false;
	}
	narrowed_map = pango_cairo_font_map_get_default();
	/* the font map takes a reference of its own */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(narrowed_map), cfg);
	narrowed = cfg;
	return true;
}

void fontcfg_release(void)
{
	if (!narrowed)
		return;
	/* pango drops its reference here, not when the font map is finalized */
	if (narrowed_map == pango_cairo_font_map_get_default())
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(narrowed_map), NULL);
	FcConfigDestroy(narrowed);
	narrowed = NULL;
	narrowed_map = NULL;
}
