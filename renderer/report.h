/*
 * report: the annual report — a checked template filled with one fiscal year's data and the
 * organisations' own narratives, laid out as a PDF (pdfdoc).
 *
 * Every figure the text quotes comes from the same rate table as the tables and charts, so
 * the prose cannot disagree with them. Narrative files are read and checked before anything
 * is written: a bad one stops the report (FILE:LINE:COL) and no PDF is produced.
 *
 * Ownership: nothing returned needs freeing; the template and the data stay the caller's.
 */
#ifndef SELFCHECK_RENDERER_REPORT_H
#define SELFCHECK_RENDERER_REPORT_H

#include "renderer/appendix.h"
#include "renderer/pdfdoc.h"
#include "renderer/repdata.h"
#include "renderer/template.h"

struct report_options {
	const char *lang;            /* NULL: the template's language */
	const char *narrative_dir;   /* DIR/CODE.yaml (Japanese) and DIR/CODE.en.yaml (English)
				      * per organisation; NULL: none */
	const char *practices;       /* the year's practices file in the report's language; NULL: none */
	const char *created;         /* ISO 8601 creation date; NULL: now (or SOURCE_DATE_EPOCH) */
	const struct appendix *appendix; /* the agencies' survey appendix (renderer/appendix.h), laid
					  * out after the template's blocks; NULL: none */
	int jobs;                    /* processes that lay out and paint (pdfdoc_set_jobs); 0: 1 */
};

struct report_stats {
	int pages;
	int charts;
	int tables;
	int narratives;              /* organisations whose narrative file was used (in the English
				      * report: a translation, or an original whose texts are marked) */
	struct pdfdoc_timings timings;  /* where writing the PDF spent its time */
};

/* Longest trend span any block of t asks for (at least 5 years). */
int report_trend_years(const struct template *t);

/* Writes the report to path. Returns 0 (and *stats when non-NULL), or -1 after reporting. */
int report_render(const struct template *t, const struct repdata *d,
		  const struct report_options *o, const char *path, struct report_stats *stats);

#endif
