/*
 * narrative: an organisation's own text for its section of the report — the CISO's message,
 * the year's summary, next year's goals, its words on each part of its security measures
 * (self-check, information systems, audit, education, other measures), its incidents and the
 * adviser's message — one YAML file per organisation, fiscal year and language (format in
 * docs/template-format.md).
 *
 * A loaded narrative has been checked: the format line, the organisation code, fiscal year and
 * language it names, non-blank texts, no unknown or duplicate keys. Errors are reported as
 * FILE:LINE:COL with what was expected.
 *
 * Ownership: narrative_load_file() returns a narrative freed with narrative_free(); its
 * strings point into the YAML document it keeps.
 */
#ifndef SELFCHECK_RENDERER_NARRATIVE_H
#define SELFCHECK_RENDERER_NARRATIVE_H

#include <stddef.h>

#include "core/ydoc.h"

#define NARRATIVE_FORMAT "selfcheck-narrative/1"

/* A message: an optional title (replacing the template's heading), the text, and an
 * optional signature printed right aligned under it. */
struct narrative_message {
	const char *title;
	const char *text;
	const char *signature;
};

/* One detail of an incident: a run-in label (発生日時, 原因 …) and its text. */
struct narrative_detail {
	const char *label;
	const char *text;
};

/* An incident the organisation made public: its title and its details in file order. */
struct narrative_incident {
	const char *title;
	struct narrative_detail *details;
	size_t detail_count;
};

/* The texts of the parts of section B) 情報セキュリティ対策の実施状況, in report order. */
enum narrative_part {
	NARRATIVE_SELF_CHECK,       /* ア) its own words on the self-check results */
	NARRATIVE_SYSTEMS,          /* イ) information systems */
	NARRATIVE_AUDIT,            /* ウ) audit */
	NARRATIVE_EDUCATION,        /* エ) education and awareness */
	NARRATIVE_OTHER_MEASURES,   /* オ) other measures */
	NARRATIVE_PART_COUNT
};

struct narrative {
	struct ydoc *doc;
	const char *organization;
	int fiscal_year;
	const char *lang;                         /* "ja" (default) or "en" */
	struct narrative_message ciso, adviser;   /* text NULL when absent */
	const char *summary;                      /* NULL when absent */
	const char **goals;                       /* goal_count entries */
	size_t goal_count;
	const char *parts[NARRATIVE_PART_COUNT];  /* NULL when absent */
	/* C) incidents: how the organisation grasps them (text) and those it made public; the
	 * section is absent when both are */
	const char *incidents_text;
	struct narrative_incident *incidents;
	size_t incident_count;
};

/* The key of a part in the file ("self_check", "systems", …). */
const char *narrative_part_key(enum narrative_part p);

/* Loads path and checks it names organization (code), fiscal_year and lang ("ja" or "en"; a
 * file without a lang key is Japanese). Returns 0 and *out, or -1 after reporting every
 * error found. */
int narrative_load_file(const char *path, const char *organization, int fiscal_year,
			const char *lang, struct narrative **out);
void narrative_free(struct narrative *n);

#endif
