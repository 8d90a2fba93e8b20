/*
 * template: report templates (docs/template-format.md) — an ordered list of blocks
 * (headings, paragraphs with placeholders, tables, charts, page breaks, a table of contents,
 * running header changes, narrative fields, and a section repeated for every organisation)
 * loaded from YAML and checked completely before anything is drawn.
 *
 * A loaded template is valid: every block has a known kind and its options are in range,
 * every placeholder names a value that exists in its scope (organisation values only inside
 * an organisations section), tables and charts that describe one organisation appear only
 * there. Every error is reported as FILE:LINE:COL with what was expected; loading reports
 * all errors it finds, not only the first.
 *
 * Ownership: template_load_* returns a template freed with template_free(); its strings point
 * into the YAML document it keeps, valid until then.
 */
#ifndef SELFCHECK_RENDERER_TEMPLATE_H
#define SELFCHECK_RENDERER_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/roles.h"
#include "core/text.h"
#include "core/ydoc.h"
#include "renderer/pdfdoc.h"

#define TEMPLATE_FORMAT "selfcheck-template/1"

enum template_block_kind {
	TB_HEADING,
	TB_PARAGRAPH,
	TB_BULLETS,
	TB_TABLE,
	TB_CHART,
	TB_PAGE_BREAK,
	TB_TOC,
	TB_RUNNING,
	TB_SPACE,
	TB_NARRATIVE,
	TB_ORGANIZATIONS,
	TB_RECOMMENDED_PRACTICES,   /* the year's recommended practices, one heading each */
};

enum template_table {
	TT_SUBJECT_GROUPS,        /* 表２-１ groups and their roles */
	TT_GRASP_BY_GROUP,        /* 表２-２ */
	TT_IMPLEMENTATION_TREND,  /* 表２-３ five years with the series-break note */
	TT_CATEGORIES,            /* 表２-４ a group's category rates */
	TT_GRADE_CRITERIA,        /* 図２-１ the A–D criteria */
	TT_GRADES,                /* 表２-５ organisations' two grades */
	TT_ORGANIZATION_RATES,    /* every organisation's rates by group */
	TT_ORG_GROUPS,            /* one organisation's rates by group (organisation scope) */
	TT_ORG_LOW_ITEMS,         /* its items below the government-wide value (organisation scope) */
	TT_INSPECTION_ITEMS,      /* 表２-６ the focused inspection: kinds, topics and why they were chosen */
	TT_INSPECTION_RESULTS,    /* 表２-７ its items' government-wide rates (whole percent) */
	TT_ORG_INSPECTION,        /* one organisation's inspection rates by kind (organisation scope) */
	TT_PRACTICES,             /* 表２-８ other practices worth following and their organisations */
	TT_COUNT
};

enum template_chart {
	TC_TREND,                 /* government-wide rates by group over the years */
	TC_ORG_BARS,              /* organisations' rates over the grade bands */
	TC_HEATMAP,               /* organisations × categories (or items) */
	TC_GRADE_MATRIX,          /* grasp grade × implementation grade */
	TC_ORG_ITEMS,             /* one organisation's item rates (organisation scope) */
	TC_ANSWERS,               /* 100% stacked answers per group (organisation or government) */
	TC_COUNT
};

enum template_metric { TM_IMPLEMENTATION, TM_GRASP };

/* A block's condition (option `when` or `unless`, docs/template-format.md): whether the year's
 * value of metric in group can be compared with the previous year's — both known and no series
 * break between them (TCOND_PREVIOUS) — and how it moved on the printed values; or whether the
 * year's tallies (the organisation's, with org) carry focused-inspection counts
 * (TCOND_INSPECTION: "gov.inspection", "org.inspection"). */
enum template_cond_kind {
	TCOND_NONE, TCOND_PREVIOUS, TCOND_UP, TCOND_DOWN, TCOND_SAME,
	/* the year's value of metric in group has grade A, B, C or D ("gov.grade_c.grasp.all") */
	TCOND_GRADE_A, TCOND_GRADE_B, TCOND_GRADE_C, TCOND_GRADE_D,
	TCOND_INSPECTION,
	/* "gov.narratives": some organisation has a CISO message or a summary to print */
	TCOND_NARRATIVES,
	/* "gov.practices": the report was given the year's practices and they list some */
	TCOND_PRACTICES
};

struct template_condition {
	enum template_cond_kind kind;   /* TCOND_NONE: the block is always printed */
	bool negate;                    /* `unless`: printed when the condition does not hold */
	bool org;                       /* the organisation's values (else the government's) */
	enum template_metric metric;
	enum role_group group;          /* officers, system_officers, staff or all */
};

enum template_narrative {
	TN_CISO_MESSAGE,
	TN_SUMMARY,
	TN_GOALS,
	TN_ADVISER_MESSAGE,
	/* the parts of B) in the order of enum narrative_part */
	TN_SELF_CHECK,
	TN_SYSTEMS,
	TN_AUDIT,
	TN_EDUCATION,
	TN_OTHER_MEASURES,
	TN_INCIDENTS,
	TN_COUNT
};

struct template_block {
	enum template_block_kind kind;
	int line, col;
	const char *text;         /* heading, paragraph, toc heading, running header, caption of
				   * table/chart, narrative's heading */
	const char *title;        /* chart: its title */
	const char *footer;       /* running: the footer */
	const char *above;        /* narrative: the heading printed once above a run of them */
	const char *lead;         /* table: a paragraph before it, printed when it has rows */
	const char *empty;        /* table: printed instead when it has no rows */
	int level;                /* heading, narrative, recommended practices: heading level 1–6 */
	enum pdfdoc_para_style style; /* paragraph */
	bool in_toc;
	enum template_table table;         /* table block */
	enum template_chart chart;         /* chart block */
	enum template_narrative narrative; /* narrative block */
	enum template_metric metric;
	enum role_group group;
	bool by_items;            /* heat map over items rather than categories */
	int years;                /* trend span */
	int limit;                /* rows of org_low_items */
	double height, width;     /* chart size: points (0: what the rows need), fraction of the text width */
	const char **notes;       /* table/chart notes */
	size_t note_count;
	const char **items;       /* bullets */
	size_t item_count;
	const char **footnotes;   /* heading, paragraph, table, chart: footnotes of its text */
	size_t footnote_count;
	struct template_block *blocks;  /* organisations section */
	size_t block_count;
	struct template_condition cond; /* when the block is printed */
	/* narrative: its heading is printed also when this holds (data of the toolkit follows);
	 * TCOND_NONE: only when the organisation wrote the field */
	struct template_condition or_cond;
	bool bare;                /* narrative: the text without its heading */
};

struct template {
	struct ydoc *doc;
	const char *lang;         /* "ja" or "en" */
	const char *title, *subject, *author;
	const char *cover_title, *cover_subtitle, *cover_year, *cover_publisher, *cover_date;
	struct template_block *blocks;
	size_t block_count;
	/* organisation notes by code (e.g. a founding date), shown under the grade table */
	const char **note_codes, **note_texts;
	size_t note_count;
	int footnote_start;       /* number of the first footnote (default 1) */
};

int template_load_file(const char *path, struct template **out);
int template_load_buffer(const char *name, const char *data, size_t len, struct template **out);
void template_free(struct template *t);

/* Names of the kinds as the template writes them (for messages and the chart command). */
const char *template_table_name(enum template_table k);
const char *template_chart_name(enum template_chart k);
/* Chart kind by name, -1 when unknown. */
int template_chart_from_name(const char *name);

/*
 * Placeholders: "{name}" in a text is replaced by the value lookup gives for name; "{{" and
 * "}}" stand for literal braces. lookup returns a string it owns (valid until the next call)
 * or NULL when the name is unknown — which a checked template never asks for.
 */
typedef const char *(*template_lookup_fn)(void *ctx, const char *name);
void template_expand(const char *text, template_lookup_fn lookup, void *ctx, struct strbuf *out);

/* The values a placeholder can name. Most come in a government's ("gov.grasp.staff") and an
 * organisation's form ("org.grasp.staff"); struct template_placeholder_ref tells which. */
enum template_placeholder {
	TP_YEAR, TP_YEAR_SHORT, TP_YEAR_EN, TP_PREV_YEAR, TP_PREV_YEAR_SHORT, TP_NEXT_YEAR,
	TP_NEXT_YEAR_SHORT, TP_FIRST_YEAR_SHORT,
	TP_ORG_COUNT, TP_NARRATIVE_COUNT,
	TP_LOWEST_CATEGORY, TP_LOWEST_CATEGORY_RATE, /* name and rate of the lowest category */
	TP_METHOD_NOTE, TP_METHOD_GRASP_NOTE, TP_METHOD_IMPLEMENTATION_NOTE,
	TP_INSPECTION,            /* a value of the focused inspection (renderer/inspreport.h) */
	TP_SEQ_UPPER, TP_SEQ_KANA, TP_SEQ_LOWER,
	/* of a group */
	TP_GRASP, TP_IMPLEMENTATION, TP_GRASP_PREV, TP_IMPLEMENTATION_PREV, TP_CHANGE_GRASP,
	TP_CHANGE_IMPLEMENTATION, TP_ATTAINMENT100, TP_ATTAINMENT95, TP_ATTAINMENT90,
	/* of a grade: how many organisations have it */
	TP_GRADES_GRASP, TP_GRADES_IMPLEMENTATION,
	/* only the organisation's */
	TP_ORG_NAME, TP_ORG_CODE, TP_ORG_NUMBER, TP_ORG_GRASP_GRADE, TP_ORG_IMPLEMENTATION_GRADE,
	TP_ORG_LOW_ITEM_COUNT, TP_ORG_LOW_ITEM_SHOWN, TP_ORG_CATEGORY_FINDING,
};

/* What a placeholder's name says: the value, whether it is the organisation's, the group it
 * is of (for the values of a group, and the government's lowest category: the staff's) and
 * the grade letter 'A'..'D' (TP_GRADES_*). */
struct template_placeholder_ref {
	enum template_placeholder id;
	bool org;
	enum role_group group;
	char grade;
};

/* Parses a placeholder's name (without its braces) into *out. Returns 0, or -1 when name is
 * no placeholder. The focused inspection's names give TP_INSPECTION on their form alone
 * (template_inspection_name tells what they name). */
int template_placeholder_parse(const char *name, struct template_placeholder_ref *out);

/* Whether name is a placeholder the report knows; org_scope allows organisation values. */
bool template_placeholder_known(const char *name, bool org_scope);

/* For a focused-inspection placeholder: *is_item tells whether the part after its prefix is an
 * item id (else a kind code) and the returned pointer is that part (inside name); NULL for
 * other placeholders. */
const char *template_inspection_name(const char *name, bool *is_item);

/* Parses a condition name ("org.previous.implementation.all", "gov.up.grasp.staff",
 * "gov.inspection", …) into *out (negate left false). Returns 0, or -1 when the name is not a
 * condition. */
int template_condition_parse(const char *name, struct template_condition *out);

#endif
