/*
 * appendix: the agencies' survey appendix of the report (資料編F): the table of measures over
 * the survey rounds and a 100% stacked bar chart per choice item, drawn from a store of
 * agencies' tallies (aggregator compile) and its published earlier rounds (history import),
 * laid out as the appendix file (docs/template-format.md, "The agencies' appendix") says.
 *
 * Ownership: appendix_load returns an appendix freed with appendix_free; it keeps its data
 * (questionnaire, tallies, rounds) so that rendering touches no store.
 */
#ifndef SELFCHECK_RENDERER_APPENDIX_H
#define SELFCHECK_RENDERER_APPENDIX_H

#include "renderer/pdfdoc.h"

struct appendix;

/* Reads and checks the appendix file spec (FILE:LINE:COL errors) and the data of fiscal year
 * year from the agencies' store db: every item it names must be a choice item of the year's
 * questionnaire. Returns 0 and *out, or -1 after reporting. */
int appendix_load(const char *spec, const char *db, int year, struct appendix **out);
void appendix_free(struct appendix *a);

/* Lays the appendix out at the end of doc in lang ("ja" or "en"); *tables and *charts count
 * what it added. */
void appendix_emit(const struct appendix *a, struct pdfdoc *doc, const char *lang, int *tables, int *charts);

#endif
