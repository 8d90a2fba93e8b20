/*
 * org: an organisation (ministry) as files and stores know it.
 * Strings are owned by the struct; org_release() frees them (the struct itself is the
 * caller's). A code matches [a-z0-9_]+ and is stable across years.
 */
#ifndef SELFCHECK_ORG_H
#define SELFCHECK_ORG_H

/* Longest organisation name (Japanese or English), in characters, and most organisations
 * one fiscal year of a national store holds (docs/limits.md). */
#define ORG_NAME_MAX 200
#define ORG_CODE_MAX 32      /* bytes of a code */
#define ORG_MAX_PER_YEAR 80
/* most organisations of other kinds (agencies, national universities, …) of one year */
#define ORG_MAX_BODIES_PER_YEAR 1000

struct org {
	char *code;
	char *name;      /* Japanese name */
	char *name_en;   /* NULL when unknown */
	int order;       /* position in the report's tables; 0 when unset (sorted last) */
	char *note_ja;   /* optional per-organisation note (e.g. founding date); NULL if none */
	char *note_en;
	/* What kind of body it is (org_kind_*: "ministry", "agency", "national_university",
	 * "designated_corporation"), and for a body other than a ministry the code of its
	 * supervising ministry (所管府省庁); NULL when not said (a ministry, for the kind). */
	char *kind;
	char *supervisor;
};

/* The kinds of organisation, in the order reports list them, and a NULL after them (so that
 * the list serves as the values of an option too). */
#define ORG_KIND_COUNT 4
extern const char *const ORG_KINDS[ORG_KIND_COUNT + 1];
/* Whether code is one of ORG_KINDS. */
int org_kind_valid(const char *code);
/* The kind of o: its own, or "ministry" when it says none. */
const char *org_kind(const struct org *o);
/* The kind's name in lang ("en" English, else Japanese); the code itself when unknown. */
const char *org_kind_name(const char *code, const char *lang);

/* What is wrong with name as an organisation name: "is not valid UTF-8", "is empty",
 * "contains a control character", "is longer than 200 characters"; NULL when it is fine. */
const char *org_name_problem(const char *name);

/* Frees the strings of o and zeroes it; NULL is allowed. */
void org_release(struct org *o);
/* Deep copy of src into dst. */
void org_copy(struct org *dst, const struct org *src);
/* Report order: by order (unset last), then code. For qsort over struct org. */
int org_compare_report_order(const void *a, const void *b);
/* Name in lang ("en" gives name_en, falling back to name). */
const char *org_name(const struct org *o, const char *lang);

#endif
