/*
 * fontcfg: the faces pango may choose from, narrowed to the two families the renderer sets
 * its text in ("Noto Sans CJK JP" and "DejaVu Sans", renderer/pdfdoc.c and renderer/chart.c).
 *
 * pango matches every new family, size and weight it meets against the machine's whole
 * fontconfig setup: it runs fontconfig's substitution rules (every conf.d file) on the
 * request, then sorts every installed face by how well it fits. A report meets some seventy
 * such requests; with 65 faces installed, the matches took about a tenth of a report's
 * processor time. fontcfg_narrow() gives the thread's default pango font map a fontconfig
 * setup of its own: the directories that hold the two families' faces, the machine's font
 * caches, no substitution rules, and only the faces of the two families accepted. pango then
 * picks the same faces as before (the families are asked for by name), and a glyph neither
 * family has falls back to nothing else: the report is set the same on every machine that has
 * the two families, whatever other fonts it has.
 *
 * When either family is missing, or the narrowed setup cannot be built, nothing changes and
 * pango keeps the machine's setup, with its fallbacks.
 */
#ifndef SELFCHECK_RENDERER_FONTCFG_H
#define SELFCHECK_RENDERER_FONTCFG_H

#include <stdbool.h>

/* The two families, named here for every module that sets text (pdfdoc, chart, chartset,
 * appendix): Japanese documents' and charts' text, and English documents' (Latin first,
 * the Japanese face for any character it lacks). */
#define FONTCFG_JAPANESE "Noto Sans CJK JP"
#define FONTCFG_LATIN "DejaVu Sans"
#define FONTCFG_LATIN_FIRST FONTCFG_LATIN ", " FONTCFG_JAPANESE

/* Narrows the calling thread's default pango font map (pango_cairo_font_map_get_default) as
 * above, once; call it before any text is set. Returns true when the map is narrowed (now or
 * by an earlier call), false when the machine's setup is kept. */
bool fontcfg_narrow(void);

/* Gives the font map back the machine's setup and frees the narrowed one; from the thread that
 * narrowed it, before its default font map is dropped. Nothing when nothing was narrowed. */
void fontcfg_release(void);

#endif
