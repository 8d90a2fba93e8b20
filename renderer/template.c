/* template: loading and checking report templates. */
#include "renderer/template.h"

#include "core/diag.h"
#include "core/quest.h"
#include "renderer/label.h"
#include "renderer/pdfdoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ vocabularies */

/* One word of a vocabulary: the name a template writes, the enum value it stands for, and
 * whether it describes one organisation (allowed only inside an organizations section). */
struct vocab_word {
	const char *name;
	int value;
	bool org_only;
};

struct vocab {
	const char *what;                 /* "table", "chart", … for messages */
	const struct vocab_word *words;   /* in the order the messages list them */
	size_t count;
};

#define VOCAB(what, words) {what, words, sizeof words / sizeof words[0]}

static const struct vocab_word TABLE_WORDS[] = {
	{"subject_groups", TT_SUBJECT_GROUPS, false}, {"grasp_by_group", TT_GRASP_BY_GROUP, false},
	{"implementation_trend", TT_IMPLEMENTATION_TREND, false}, {"categories", TT_CATEGORIES, false},
	{"grade_criteria", TT_GRADE_CRITERIA, false}, {"grades", TT_GRADES, false},
	{"organization_rates", TT_ORGANIZATION_RATES, false}, {"org_groups", TT_ORG_GROUPS, true},
	{"org_low_items", TT_ORG_LOW_ITEMS, true}, {"inspection_items", TT_INSPECTION_ITEMS, false},
	{"inspection_results", TT_INSPECTION_RESULTS, false}, {"org_inspection", TT_ORG_INSPECTION, true},
	{"practices", TT_PRACTICES, false},
};
static const struct vocab TABLES = VOCAB("table", TABLE_WORDS);

static const struct vocab_word CHART_WORDS[] = {
	{"trend", TC_TREND, false}, {"org_bars", TC_ORG_BARS, false}, {"heatmap", TC_HEATMAP, false},
	{"grade_matrix", TC_GRADE_MATRIX, false}, {"org_items", TC_ORG_ITEMS, true}, {"answers", TC_ANSWERS, false},
};
static const struct vocab CHARTS = VOCAB("chart", CHART_WORDS);

static const struct vocab_word NARRATIVE_WORDS[] = {
	{"ciso_message", TN_CISO_MESSAGE, true}, {"summary", TN_SUMMARY, true}, {"goals", TN_GOALS, true},
	{"self_check", TN_SELF_CHECK, true}, {"systems", TN_SYSTEMS, true}, {"audit", TN_AUDIT, true},
	{"education", TN_EDUCATION, true}, {"other_measures", TN_OTHER_MEASURES, true}, {"incidents", TN_INCIDENTS, true},
	{"adviser_message", TN_ADVISER_MESSAGE, true},
};
static const struct vocab NARRATIVES = VOCAB("narrative field", NARRATIVE_WORDS);

static const struct vocab_word STYLE_WORDS[] = {
	{"body", PDFDOC_BODY, false}, {"plain", PDFDOC_PLAIN, false}, {"note", PDFDOC_NOTE, false},
	{"bullet", PDFDOC_BULLET, false}, {"right", PDFDOC_RIGHT, false}, {"lead", PDFDOC_LEAD, false},
	{"caption", PDFDOC_CAPTION, false},
};
static const struct vocab STYLES = VOCAB("paragraph style", STYLE_WORDS);

static const struct vocab_word METRIC_WORDS[] = {
	{"grasp", TM_GRASP, false}, {"implementation", TM_IMPLEMENTATION, false},
};
static const struct vocab METRICS = VOCAB("metric", METRIC_WORDS);

/* the heat map's axis: items (true) or categories (false) */
static const struct vocab_word AXIS_WORDS[] = {
	{"categories", false, false}, {"items", true, false},
};
static const struct vocab AXES = VOCAB("heat map axis", AXIS_WORDS);

/* The word named s, or NULL. */
static const struct vocab_word *vocab_find(const struct vocab *v, const char *s)
{
	for (size_t i = 0; s && i < v->count; i++)
		if (strcmp(v->words[i].name, s) == 0)
			return &v->words[i];
	return NULL;
}

/* The word for value, or NULL. */
static const struct vocab_word *vocab_word_of(const struct vocab *v, int value)
{
	for (size_t i = 0; i < v->count; i++)
		if (v->words[i].value == value)
			return &v->words[i];
	return NULL;
}

/* The names of a table whose entries (stride bytes each) start with their name, separated by
 * sep and the last one by last ("a, b or c"); free() it. */
static char *vocab_list(const void *table, size_t count, size_t stride, const char *sep,
			const char *last)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < count; i++) {
		const char *name = *(const char *const *)(const void *)((const char *)table + i * stride);
		if (i)
			strbuf_addstr(&sb, i + 1 == count ? last : sep);
		strbuf_addstr(&sb, name);
	}
	return strbuf_detach(&sb);
}

/* Reports "unknown WHAT 'name' (expected a, b or c)" at n. */
static int vocab_unknown(const struct ydoc *doc, const struct ydoc_node *n, const struct vocab *v,
			 const char *name)
{
	char *expected = vocab_list(v->words, v->count, sizeof *v->words, ", ", " or ");
	int rc = ydoc_error(doc, n, "unknown %s '%s' (expected %s)", v->what, diag_excerpt(name), expected);
	free(expected);
	return rc;
}

/* The scalar n names a word of v: *out is its value (left alone on error). Reports a word
 * that describes one organisation outside an organizations section. */
static int vocab_option(const struct ydoc *doc, const struct ydoc_node *n, const char *key,
			const struct vocab *v, bool org_scope, int *out)
{
	const char *name;
	if (ydoc_check_string(doc, n, key, &name))
		return -1;
	const struct vocab_word *w = vocab_find(v, name);
	if (!w)
		return vocab_unknown(doc, n, v, name);
	*out = w->value;
	if (w->org_only && !org_scope)
		return ydoc_error(doc, n, "%s '%s' describes one organisation: it belongs inside an organizations section",
				  v->what, name);
	return 0;
}

const char *template_table_name(enum template_table k)
{
	const struct vocab_word *w = vocab_word_of(&TABLES, (int)k);
	return w ? w->name : "";
}

const char *template_chart_name(enum template_chart k)
{
	const struct vocab_word *w = vocab_word_of(&CHARTS, (int)k);
	return w ? w->name : "";
}

int template_chart_from_name(const char *name)
{
	const struct vocab_word *w = vocab_find(&CHARTS, name);
	return w ? w->value : -1;
}

static int index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ placeholders */

/* The placeholders: a whole name, or a prefix followed by a group code or a grade letter. */
enum placeholder_form { PF_NAME, PF_GROUP, PF_GRADE };

static const struct {
	const char *name;
	enum placeholder_form form;
	enum template_placeholder id;
	bool org;
	enum role_group group;    /* PF_NAME: the group the value is of */
} PLACEHOLDERS[] = {
	{"year", PF_NAME, TP_YEAR, false, GROUP_ALL},
	{"year_short", PF_NAME, TP_YEAR_SHORT, false, GROUP_ALL},
	{"year_en", PF_NAME, TP_YEAR_EN, false, GROUP_ALL},
	{"prev_year", PF_NAME, TP_PREV_YEAR, false, GROUP_ALL},
	{"prev_year_short", PF_NAME, TP_PREV_YEAR_SHORT, false, GROUP_ALL},
	{"next_year", PF_NAME, TP_NEXT_YEAR, false, GROUP_ALL},
	{"next_year_short", PF_NAME, TP_NEXT_YEAR_SHORT, false, GROUP_ALL},
	{"first_year_short", PF_NAME, TP_FIRST_YEAR_SHORT, false, GROUP_ALL},
	{"org_count", PF_NAME, TP_ORG_COUNT, false, GROUP_ALL},
	{"gov.narrative_count", PF_NAME, TP_NARRATIVE_COUNT, false, GROUP_ALL},
	{"gov.category.lowest", PF_NAME, TP_LOWEST_CATEGORY, false, GROUP_STAFF},
	{"gov.category.lowest_rate", PF_NAME, TP_LOWEST_CATEGORY_RATE, false, GROUP_STAFF},
	{"method.note", PF_NAME, TP_METHOD_NOTE, false, GROUP_ALL},
	{"method.grasp_note", PF_NAME, TP_METHOD_GRASP_NOTE, false, GROUP_ALL},
	{"method.implementation_note", PF_NAME, TP_METHOD_IMPLEMENTATION_NOTE, false, GROUP_ALL},
	{"inspection.reference_date", PF_NAME, TP_INSPECTION, false, GROUP_ALL},
	{"gov.inspection_lowest_item", PF_NAME, TP_INSPECTION, false, GROUP_ALL},
	{"gov.inspection_lowest_item_rate", PF_NAME, TP_INSPECTION, false, GROUP_ALL},
	{"gov.inspection_lowest_item_kind", PF_NAME, TP_INSPECTION, false, GROUP_ALL},
	{"seq.upper", PF_NAME, TP_SEQ_UPPER, false, GROUP_ALL},
	{"seq.kana", PF_NAME, TP_SEQ_KANA, false, GROUP_ALL},
	{"seq.lower", PF_NAME, TP_SEQ_LOWER, false, GROUP_ALL},
	{"gov.grasp.", PF_GROUP, TP_GRASP, false, GROUP_ALL},
	{"gov.implementation.", PF_GROUP, TP_IMPLEMENTATION, false, GROUP_ALL},
	{"gov.grasp_prev.", PF_GROUP, TP_GRASP_PREV, false, GROUP_ALL},
	{"gov.implementation_prev.", PF_GROUP, TP_IMPLEMENTATION_PREV, false, GROUP_ALL},
	{"gov.change.grasp.", PF_GROUP, TP_CHANGE_GRASP, false, GROUP_ALL},
	{"gov.change.implementation.", PF_GROUP, TP_CHANGE_IMPLEMENTATION, false, GROUP_ALL},
	{"gov.attainment100.", PF_GROUP, TP_ATTAINMENT100, false, GROUP_ALL},
	{"gov.attainment95.", PF_GROUP, TP_ATTAINMENT95, false, GROUP_ALL},
	{"gov.attainment90.", PF_GROUP, TP_ATTAINMENT90, false, GROUP_ALL},
	{"grades.grasp.", PF_GRADE, TP_GRADES_GRASP, false, GROUP_ALL},
	{"grades.implementation.", PF_GRADE, TP_GRADES_IMPLEMENTATION, false, GROUP_ALL},
	{"org.name", PF_NAME, TP_ORG_NAME, true, GROUP_ALL},
	{"org.code", PF_NAME, TP_ORG_CODE, true, GROUP_ALL},
	{"org.number", PF_NAME, TP_ORG_NUMBER, true, GROUP_ALL},
	{"org.grasp_grade", PF_NAME, TP_ORG_GRASP_GRADE, true, GROUP_ALL},
	{"org.implementation_grade", PF_NAME, TP_ORG_IMPLEMENTATION_GRADE, true, GROUP_ALL},
	{"org.low_item_count", PF_NAME, TP_ORG_LOW_ITEM_COUNT, true, GROUP_ALL},
	{"org.low_item_shown", PF_NAME, TP_ORG_LOW_ITEM_SHOWN, true, GROUP_ALL},
	{"org.lowest_category", PF_NAME, TP_LOWEST_CATEGORY, true, GROUP_ALL},
	{"org.lowest_category_rate", PF_NAME, TP_LOWEST_CATEGORY_RATE, true, GROUP_ALL},
	{"org.category_finding", PF_NAME, TP_ORG_CATEGORY_FINDING, true, GROUP_ALL},
	{"org.grasp.", PF_GROUP, TP_GRASP, true, GROUP_ALL},
	{"org.implementation.", PF_GROUP, TP_IMPLEMENTATION, true, GROUP_ALL},
	{"org.grasp_prev.", PF_GROUP, TP_GRASP_PREV, true, GROUP_ALL},
	{"org.implementation_prev.", PF_GROUP, TP_IMPLEMENTATION_PREV, true, GROUP_ALL},
	{"org.change.grasp.", PF_GROUP, TP_CHANGE_GRASP, true, GROUP_ALL},
	{"org.change.implementation.", PF_GROUP, TP_CHANGE_IMPLEMENTATION, true, GROUP_ALL},
	{"org.attainment100.", PF_GROUP, TP_ATTAINMENT100, true, GROUP_ALL},
	{"org.attainment95.", PF_GROUP, TP_ATTAINMENT95, true, GROUP_ALL},
	{"org.attainment90.", PF_GROUP, TP_ATTAINMENT90, true, GROUP_ALL},
};

static bool group_suffix(const char *s)
{
	int g = group_from_code(s);
	return g >= 0 && g != GROUP_OTHERS;
}

static bool prefixed_group(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(name, prefix, n) == 0 && group_suffix(name + n);
}

/* The focused inspection's placeholders: prefix, whether it names an item (else a kind), and
 * whether it is an organisation's. */
static const struct {
	const char *prefix;
	bool item, org;
} INSPECTION_NAMES[] = {
	{"gov.systems.", false, false}, {"gov.systems_about.", false, false}, {"gov.inspection_lowest.", false, false},
	{"gov.inspection.", true, false}, {"org.systems.", false, true}, {"org.inspection.", true, true},
};

const char *template_inspection_name(const char *name, bool *is_item)
{
	for (size_t i = 0; i < sizeof INSPECTION_NAMES / sizeof INSPECTION_NAMES[0]; i++) {
		size_t n = strlen(INSPECTION_NAMES[i].prefix);
		if (strncmp(name, INSPECTION_NAMES[i].prefix, n) == 0) {
			*is_item = INSPECTION_NAMES[i].item;
			return name + n;
		}
	}
	return NULL;
}

/* Whether a focused-inspection placeholder is well formed (and in scope). */
static bool inspection_placeholder(const char *name, bool org_scope)
{
	bool item;
	const char *rest = template_inspection_name(name, &item);
	if (!rest || (!org_scope && strncmp(name, "org.", 4) == 0))
		return false;
	return item ? quest_item_id_valid(rest) : ydoc_is_code(rest, false);
}

int template_placeholder_parse(const char *name, struct template_placeholder_ref *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sizeof PLACEHOLDERS / sizeof PLACEHOLDERS[0]; i++) {
		const char *p = PLACEHOLDERS[i].name;
		size_t n = strlen(p);
		bool match;
		switch (PLACEHOLDERS[i].form) {
		case PF_NAME:
			match = strcmp(name, p) == 0;
			break;
		case PF_GROUP:
			match = prefixed_group(name, p);
			break;
		case PF_GRADE:
			match = strncmp(name, p, n) == 0 && name[n] >= 'A' && name[n] <= 'D' && !name[n + 1];
			break;
		}
		if (!match)
			continue;
		out->id = PLACEHOLDERS[i].id;
		out->org = PLACEHOLDERS[i].org;
		out->group = PLACEHOLDERS[i].form == PF_GROUP ? (enum role_group)group_from_code(name + n)
							       : PLACEHOLDERS[i].group;
		out->grade = PLACEHOLDERS[i].form == PF_GRADE ? name[n] : 0;
		return 0;
	}
	if (inspection_placeholder(name, true)) {
		out->id = TP_INSPECTION;
		out->org = strncmp(name, "org.", 4) == 0;
		return 0;
	}
	return -1;
}

bool template_placeholder_known(const char *name, bool org_scope)
{
	struct template_placeholder_ref ref;
	return template_placeholder_parse(name, &ref) == 0 && (org_scope || !ref.org);
}

int template_condition_parse(const char *name, struct template_condition *out)
{
	/* in the order of enum template_cond_kind from TCOND_PREVIOUS */
	static const char *const kinds[] = {"previous.", "up.", "down.", "same.", "grade_a.",
					    "grade_b.", "grade_c.", "grade_d.", NULL};
	static const char *const metrics[] = {"implementation.", "grasp.", NULL};
	memset(out, 0, sizeof *out);
	const char *p = name;
	if (strcmp(name, "gov.inspection") == 0 || strcmp(name, "org.inspection") == 0) {
		out->kind = TCOND_INSPECTION;
		out->org = name[0] == 'o';
		return 0;
	}
	if (strcmp(name, "gov.narratives") == 0) {
		out->kind = TCOND_NARRATIVES;
		return 0;
	}
	if (strcmp(name, "gov.practices") == 0) {
		out->kind = TCOND_PRACTICES;
		return 0;
	}
	if (strncmp(p, "org.", 4) == 0)
		out->org = true;
	else if (strncmp(p, "gov.", 4) != 0)
		return -1;
	p += 4;
	for (int k = 0; kinds[k]; k++)
		if (strncmp(p, kinds[k], strlen(kinds[k])) == 0) {
			out->kind = (enum template_cond_kind)(TCOND_PREVIOUS + k);
			p += strlen(kinds[k]);
			break;
		}
	if (out->kind == TCOND_NONE)
		return -1;
	int m = -1;
	for (int k = 0; metrics[k] && m < 0; k++)
		if (strncmp(p, metrics[k], strlen(metrics[k])) == 0) {
			m = k;
			p += strlen(metrics[k]);
		}
	if (m < 0 || !group_suffix(p)) {
		out->kind = TCOND_NONE;
		return -1;
	}
	out->metric = (enum template_metric)m;
	out->group = (enum role_group)group_from_code(p);
	return 0;
}

void template_expand(const char *text, template_lookup_fn lookup, void *ctx, struct strbuf *out)
{
	for (const char *p = text; *p;) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			strbuf_addch(out, p[0]);
			p += 2;
			continue;
		}
		const char *end = p[0] == '{' ? strchr(p, '}') : NULL;
		if (!end) {
			strbuf_addch(out, *p++);
			continue;
		}
		char *name = xstrndup(p + 1, (size_t)(end - p - 1));
		const char *v = lookup(ctx, name);
		strbuf_addstr(out, v ? v : "");
		free(name);
		p = end + 1;
	}
}

/* Column of byte offset off inside a single-line scalar, or the node's own column. */
static int column_in(const struct ydoc_node *n, size_t off)
{
	if (memchr(n->text, '\n', n->len))
		return n->col;
	int col = n->col + (n->plain ? 0 : 1);
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)n->text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* Checks the placeholders of a text scalar; reports each bad one. */
static int check_placeholders(const struct ydoc *doc, const struct ydoc_node *n, bool org_scope)
{
	int rc = 0;
	const char *s = n->text;
	for (const char *p = s; *p;) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			p += 2;
			continue;
		}
		if (*p == '}') {
			rc = diag_at(doc->file, n->line, column_in(n, (size_t)(p - s)),
				     "unmatched '}' (write '}}' for a literal brace)");
			p++;
			continue;
		}
		if (*p != '{') {
			p++;
			continue;
		}
		const char *end = strchr(p, '}');
		const char *nl = strchr(p, '\n');
		if (!end || (nl && nl < end)) {
			rc = diag_at(doc->file, n->line, column_in(n, (size_t)(p - s)),
				     "unterminated placeholder: expected '}' (write '{{' for a literal brace)");
			break;
		}
		char *name = xstrndup(p + 1, (size_t)(end - p - 1));
		if (!template_placeholder_known(name, org_scope)) {
			bool org_only = template_placeholder_known(name, true);
			rc = diag_at(doc->file, n->line, column_in(n, (size_t)(p - s)),
				     org_only ? "placeholder '{%s}' is only available inside an organizations section"
					      : "unknown placeholder '{%s}' (see docs/template-format.md for the names)",
				     diag_excerpt(name));
		}
		free(name);
		p = end + 1;
	}
	return rc;
}

struct loader {
	const struct ydoc *doc;
	const char *source;       /* the file's text, to tell folded block scalars apart */
	size_t source_len;
};

/* Whether the scalar n is written as a folded block scalar ('>' at its position). */
static bool folded(const struct loader *ld, const struct ydoc_node *n)
{
	const char *p = ld->source, *end = ld->source + ld->source_len;
	for (int line = 1; p < end && line < n->line; p++)
		if (*p == '\n')
			line++;
	for (int col = 1; p < end && col < n->col; col++) {
		int len;
		text_utf8_decode(p, &len);
		p += len;
	}
	return p < end && *p == '>';
}

/* Folding a block scalar joins its lines with a space; between two Japanese characters
 * that space is not part of the text ("いるかを 自ら"), so it goes. In place: the text
 * only shrinks. */
static void drop_folded_spaces(struct ydoc_node *n)
{
	char *out = n->text;
	uint32_t prev = 0;
	for (const char *p = n->text; *p;) {
		if (*p == ' ') {
			const char *q = p;
			while (*q == ' ')
				q++;
			int len;
			uint32_t next = *q ? text_utf8_decode(q, &len) : 0;
			if (!(text_codepoint_width(prev) == 2 && next && text_codepoint_width(next) == 2)) {
				memmove(out, p, (size_t)(q - p));
				out += q - p;
			}
			p = q;
			prev = ' ';
			continue;
		}
		int len;
		prev = text_utf8_decode(p, &len);
		memmove(out, p, (size_t)len);
		out += len;
		p += len;
	}
	*out = 0;
	n->len = (size_t)(out - n->text);
}

/* A text option: a non-blank string with valid placeholders. */
static int text_option(const struct loader *ld, const struct ydoc_node *n, const char *what,
		       bool org_scope, const char **out)
{
	const struct ydoc *doc = ld->doc;
	if (ydoc_check_string(doc, n, what, out))
		return -1;
	if (ld->source && folded(ld, n))
		drop_folded_spaces((struct ydoc_node *)n); /* the template owns its document */
	return check_placeholders(doc, n, org_scope);
}

/* ------------------------------------------------------------------ blocks */

static int load_blocks(struct loader *ld, const struct ydoc_node *seq, bool org_scope,
		       struct template_block **out, size_t *count);

static int opt_int(struct loader *ld, const struct ydoc_node *map, const char *key,
		   long long min, long long max, long long def, long long *out)
{
	const struct ydoc_node *n = ydoc_get(map, key);
	*out = def;
	if (!n)
		return 0;
	return ydoc_check_int(ld->doc, n, key, min, max, out);
}

static int opt_bool(struct loader *ld, const struct ydoc_node *map, const char *key, bool def,
		    bool *out)
{
	const struct ydoc_node *n = ydoc_get(map, key);
	*out = def;
	if (!n)
		return 0;
	if (n->kind == YDOC_SCALAR && n->plain && (!strcmp(n->text, "true") || !strcmp(n->text, "false"))) {
		*out = n->text[0] == 't';
		return 0;
	}
	return ydoc_error(ld->doc, n, "'%s' must be true or false", key);
}

static int opt_group(struct loader *ld, const struct ydoc_node *map, enum role_group def,
		     enum role_group *out)
{
	const struct ydoc_node *n = ydoc_get(map, "group");
	*out = def;
	if (!n)
		return 0;
	const char *s;
	if (ydoc_check_string(ld->doc, n, "group", &s))
		return -1;
	int g = group_from_code(s);
	if (g < 0)
		return ydoc_error(ld->doc, n, "unknown group '%s' (expected officers, system_officers, staff, others or all)", s);
	*out = (enum role_group)g;
	return 0;
}

/* A text or a list of texts under key (absent: none). */
static int opt_texts(struct loader *ld, const struct ydoc_node *map, const char *key,
		     bool org_scope, const char ***out, size_t *count)
{
	const struct ydoc_node *n = ydoc_get(map, key);
	if (!n)
		return 0;
	if (n->kind == YDOC_SCALAR) {
		*out = xcalloc(1, sizeof **out);
		*count = 1;
		return text_option(ld, n, key, org_scope, &(*out)[0]);
	}
	if (ydoc_check_sequence(ld->doc, n, key, 1))
		return -1;
	*out = xcalloc(n->count, sizeof **out);
	*count = n->count;
	int rc = 0;
	for (size_t i = 0; i < n->count; i++)
		if (text_option(ld, n->items[i], key, org_scope, &(*out)[i]))
			rc = -1;
	return rc;
}

/* `when: CONDITION` or `unless: CONDITION` (at most one of them). */
static int opt_condition(struct loader *ld, const struct ydoc_node *map, bool org_scope, struct template_block *b)
{
	const struct ydoc_node *when = ydoc_get(map, "when"), *unless = ydoc_get(map, "unless");
	if (when && unless)
		return ydoc_error(ld->doc, unless, "a block takes 'when' or 'unless', not both");
	const struct ydoc_node *n = when ? when : unless;
	if (!n)
		return 0;
	const char *name;
	if (ydoc_check_string(ld->doc, n, when ? "when" : "unless", &name))
		return -1;
	if (template_condition_parse(name, &b->cond)) {
		int rc = ydoc_error(ld->doc, n, "unknown condition '%s' (expected org. or gov. followed by previous, "
				    "up, down, same, grade_a, grade_b, grade_c or grade_d, a metric grasp or implementation and a group officers, "
				    "system_officers, staff or all, such as org.previous.implementation.all; or "
				    "gov.inspection, org.inspection, gov.narratives, gov.practices)", diag_excerpt(name));
		return rc;
	}
	if (b->cond.org && !org_scope) {
		b->cond.kind = TCOND_NONE;
		return ydoc_error(ld->doc, n, "condition '%s' is only available inside an organizations section", name);
	}
	b->cond.negate = unless != NULL;
	return 0;
}

static int opt_footnotes(struct loader *ld, const struct ydoc_node *map, bool org_scope,
			 struct template_block *b)
{
	return opt_texts(ld, map, "footnotes", org_scope, &b->footnotes, &b->footnote_count);
}

/* The text option key of map into *out when present. */
static int opt_text(struct loader *ld, const struct ydoc_node *map, const char *key, bool org_scope,
		    const char **out)
{
	const struct ydoc_node *n = ydoc_get(map, key);
	return n ? text_option(ld, n, key, org_scope, out) : 0;
}

/* What a block's loader is given: the block's mapping, its first key (which names the kind)
 * and that key's value. */
struct block_args {
	struct loader *ld;
	const struct ydoc_node *n, *key, *val;
	bool org_scope;
};

/* The integer option key of the block (def when absent) into *out. */
static int int_option(const struct block_args *a, const char *key, long long min, long long max,
		      long long def, int *out)
{
	long long v = def;
	int rc = opt_int(a->ld, a->n, key, min, max, def, &v);
	*out = (int)v;
	return rc;
}

static int load_heading(const struct block_args *a, struct template_block *b)
{
	int rc = 0;
	rc |= text_option(a->ld, a->val, "heading", a->org_scope, &b->text);
	rc |= int_option(a, "level", 1, 6, 1, &b->level);
	rc |= opt_bool(a->ld, a->n, "toc", b->level <= 2, &b->in_toc);
	return rc;
}

static int load_paragraph(const struct block_args *a, struct template_block *b)
{
	int rc = 0;
	rc |= text_option(a->ld, a->val, "paragraph", a->org_scope, &b->text);
	b->style = PDFDOC_BODY;
	const struct ydoc_node *st = ydoc_get(a->n, "style");
	int style = PDFDOC_BODY;
	if (st && vocab_option(a->ld->doc, st, "style", &STYLES, a->org_scope, &style))
		rc = -1;
	b->style = (enum pdfdoc_para_style)style;
	return rc;
}

static int load_bullets(const struct block_args *a, struct template_block *b)
{
	return opt_texts(a->ld, a->n, "bullets", a->org_scope, &b->items, &b->item_count);
}

static int load_table(const struct block_args *a, struct template_block *b)
{
	int rc = 0;
	int table = 0;
	rc |= vocab_option(a->ld->doc, a->val, "table", &TABLES, a->org_scope, &table);
	b->table = (enum template_table)table;
	rc |= opt_text(a->ld, a->n, "caption", a->org_scope, &b->text);
	rc |= opt_text(a->ld, a->n, "lead", a->org_scope, &b->lead);
	rc |= opt_text(a->ld, a->n, "empty", a->org_scope, &b->empty);
	rc |= opt_texts(a->ld, a->n, "notes", a->org_scope, &b->notes, &b->note_count);
	rc |= int_option(a, "years", 2, 10, 5, &b->years);
	rc |= int_option(a, "limit", 1, 1000, 10, &b->limit);
	rc |= opt_group(a->ld, a->n, GROUP_STAFF, &b->group);
	return rc;
}

static int load_chart(const struct block_args *a, struct template_block *b)
{
	const struct ydoc *doc = a->ld->doc;
	int rc = 0;
	long long v;
	int chart = 0;
	rc |= vocab_option(doc, a->val, "chart", &CHARTS, a->org_scope, &chart);
	b->chart = (enum template_chart)chart;
	rc |= opt_text(a->ld, a->n, "caption", a->org_scope, &b->text);
	rc |= opt_text(a->ld, a->n, "title", a->org_scope, &b->title);
	rc |= opt_texts(a->ld, a->n, "notes", a->org_scope, &b->notes, &b->note_count);
	rc |= int_option(a, "years", 2, 10, 5, &b->years);
	rc |= opt_int(a->ld, a->n, "height", 80, 700, 0, &v);
	b->height = (double)v;
	rc |= opt_int(a->ld, a->n, "width", 20, 100, 100, &v);
	b->width = (double)v / 100.0;
	/* one organisation's items and the heat map default to the staff, whose items
	 * every organisation has; the others to all groups */
	bool staff = b->chart == TC_ORG_ITEMS || b->chart == TC_HEATMAP;
	rc |= opt_group(a->ld, a->n, staff ? GROUP_STAFF : GROUP_ALL, &b->group);
	const struct ydoc_node *m = ydoc_get(a->n, "metric");
	int metric = TM_IMPLEMENTATION;
	if (m && vocab_option(doc, m, "metric", &METRICS, a->org_scope, &metric))
		rc = -1;
	b->metric = (enum template_metric)metric;
	const struct ydoc_node *by = ydoc_get(a->n, "by");
	int items = false;
	if (by && vocab_option(doc, by, "by", &AXES, a->org_scope, &items))
		rc = -1;
	b->by_items = items;
	return rc;
}

static int load_page_break(const struct block_args *a, struct template_block *b)
{
	(void)a;
	(void)b;
	return 0;
}

static int load_toc(const struct block_args *a, struct template_block *b)
{
	return text_option(a->ld, a->val, "toc", false, &b->text);
}

static int load_running(const struct block_args *a, struct template_block *b)
{
	static const char *const keys[] = {"header", "footer", NULL};
	if (ydoc_check_mapping(a->ld->doc, a->val, "running", NULL, keys))
		return -1;
	int rc = 0;
	rc |= opt_text(a->ld, a->val, "header", a->org_scope, &b->text);
	rc |= opt_text(a->ld, a->val, "footer", a->org_scope, &b->footer);
	return rc;
}

static int load_space(const struct block_args *a, struct template_block *b)
{
	long long v = 0;
	int rc = ydoc_check_int(a->ld->doc, a->val, "space", 1, 400, &v) ? -1 : 0;
	b->height = (double)v;
	return rc;
}

static int load_narrative(const struct block_args *a, struct template_block *b)
{
	const struct ydoc *doc = a->ld->doc;
	int rc = 0;
	if (!a->org_scope)
		rc = ydoc_error(doc, a->key, "a narrative block belongs inside an organizations section (it shows the organisation's own text)");
	int field = 0;
	/* the scope is reported above, once */
	rc |= vocab_option(doc, a->val, "narrative", &NARRATIVES, true, &field);
	b->narrative = (enum template_narrative)field;
	rc |= opt_text(a->ld, a->n, "heading", a->org_scope, &b->text);
	rc |= opt_text(a->ld, a->n, "above", a->org_scope, &b->above);
	rc |= int_option(a, "level", 1, 6, 3, &b->level);
	rc |= opt_bool(a->ld, a->n, "bare", false, &b->bare);
	const struct ydoc_node *orw = ydoc_get(a->n, "or_when");
	const char *cname;
	if (orw && ydoc_check_string(doc, orw, "or_when", &cname)) {
		rc = -1;
	} else if (orw && (template_condition_parse(cname, &b->or_cond) ||
			   (b->or_cond.org && !a->org_scope))) {
		rc = ydoc_error(doc, orw, "unknown condition '%s' in or_when (expected a condition as in when)", diag_excerpt(cname));
		b->or_cond.kind = TCOND_NONE;
	}
	if (orw && b->bare)
		rc = ydoc_error(doc, orw, "or_when prints the heading, which a bare narrative has not");
	return rc;
}

static int load_organizations(const struct block_args *a, struct template_block *b)
{
	const struct ydoc *doc = a->ld->doc;
	if (a->org_scope)
		return ydoc_error(doc, a->key, "organizations sections cannot be nested");
	static const char *const keys[] = {"blocks", NULL};
	if (ydoc_check_mapping(doc, a->val, "organizations", keys, keys))
		return -1;
	return load_blocks(a->ld, ydoc_get(a->val, "blocks"), true, &b->blocks, &b->block_count);
}

static int load_recommended_practices(const struct block_args *a, struct template_block *b)
{
	const struct ydoc *doc = a->ld->doc;
	int rc = 0;
	if (!a->val->plain || strcmp(a->val->text ? a->val->text : "", "true"))
		rc = ydoc_error(doc, a->val, "recommended_practices takes true");
	if (a->org_scope)
		rc = ydoc_error(doc, a->key, "recommended_practices belongs outside an organizations section");
	rc |= int_option(a, "level", 1, 6, 5, &b->level);
	return rc;
}

/* The block kinds: the key that names each, the keys its mapping allows (in the order
 * messages list them; a kind that allows `when` takes a condition), and its loader. */
static const struct block_kind {
	const char *name;
	enum template_block_kind kind;
	const char *const *keys;
	int (*load)(const struct block_args *a, struct template_block *b);
} BLOCK_KINDS[] = {
	{"heading", TB_HEADING, (const char *const[]){"heading", "level", "toc", "footnotes", "when", "unless", NULL},
	 load_heading},
	{"paragraph", TB_PARAGRAPH, (const char *const[]){"paragraph", "style", "footnotes", "when", "unless", NULL},
	 load_paragraph},
	{"bullets", TB_BULLETS, (const char *const[]){"bullets", "when", "unless", NULL}, load_bullets},
	{"table", TB_TABLE, (const char *const[]){"table", "caption", "notes", "footnotes", "years", "group", "limit",
						    "lead", "empty", "when", "unless", NULL},
	 load_table},
	{"chart", TB_CHART, (const char *const[]){"chart", "caption", "title", "notes", "footnotes", "years", "group",
						    "metric", "by", "height", "width", "when", "unless", NULL},
	 load_chart},
	{"page_break", TB_PAGE_BREAK, (const char *const[]){"page_break", NULL}, load_page_break},
	{"toc", TB_TOC, (const char *const[]){"toc", NULL}, load_toc},
	{"running", TB_RUNNING, (const char *const[]){"running", NULL}, load_running},
	{"space", TB_SPACE, (const char *const[]){"space", "when", "unless", NULL}, load_space},
	{"narrative", TB_NARRATIVE, (const char *const[]){"narrative", "heading", "level", "above", "bare", "or_when",
							    "when", "unless", NULL},
	 load_narrative},
	{"organizations", TB_ORGANIZATIONS, (const char *const[]){"organizations", NULL}, load_organizations},
	{"recommended_practices", TB_RECOMMENDED_PRACTICES,
	 (const char *const[]){"recommended_practices", "level", "when", "unless", NULL}, load_recommended_practices},
};
#define BLOCK_KIND_COUNT (sizeof BLOCK_KINDS / sizeof BLOCK_KINDS[0])

static const struct block_kind *block_kind_named(const char *name)
{
	for (size_t i = 0; name && i < BLOCK_KIND_COUNT; i++)
		if (strcmp(BLOCK_KINDS[i].name, name) == 0)
			return &BLOCK_KINDS[i];
	return NULL;
}

/* Reports that n is not a block, naming the kinds ("one of a, b, c"). */
static int not_a_block(const struct ydoc *doc, const struct ydoc_node *n)
{
	char *kinds = vocab_list(BLOCK_KINDS, BLOCK_KIND_COUNT,
				 sizeof BLOCK_KINDS[0], ", ", ", ");
	int rc = ydoc_error(doc, n, "expected a block: a mapping whose first key is one of %s", kinds);
	free(kinds);
	return rc;
}

static int load_block(struct loader *ld, const struct ydoc_node *n, bool org_scope,
		      struct template_block *b)
{
	const struct ydoc *doc = ld->doc;
	b->line = n->line;
	b->col = n->col;
	if (n->kind == YDOC_SCALAR) {
		/* bare words for the blocks without options */
		if (n->plain && strcmp(n->text, "page_break") == 0) {
			b->kind = TB_PAGE_BREAK;
			return 0;
		}
		return not_a_block(doc, n);
	}
	if (n->kind != YDOC_MAPPING || n->count == 0)
		return not_a_block(doc, n);
	struct block_args a = {.ld = ld, .n = n, .key = n->pairs[0].key, .val = n->pairs[0].value,
			       .org_scope = org_scope};
	const struct block_kind *k = block_kind_named(a.key->text);
	if (!k) {
		char *kinds = vocab_list(BLOCK_KINDS, BLOCK_KIND_COUNT,
					 sizeof BLOCK_KINDS[0], ", ", " or ");
		int rc = ydoc_error(doc, a.key, "unknown block kind '%s' (expected %s)", diag_excerpt(a.key->text), kinds);
		free(kinds);
		return rc;
	}
	b->kind = k->kind;
	int rc = 0;
	char what[64];
	snprintf(what, sizeof what, "%s block", k->name);
	if (ydoc_check_mapping(doc, n, what, NULL, k->keys))
		rc = -1;
	if (k->load(&a, b))
		rc = -1;
	if (opt_footnotes(ld, n, org_scope, b))
		rc = -1;
	if (index_of(k->keys, 100, "when") >= 0 && opt_condition(ld, n, org_scope, b))
		rc = -1;
	return rc;
}

static int load_blocks(struct loader *ld, const struct ydoc_node *seq, bool org_scope,
		       struct template_block **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (ydoc_check_sequence(ld->doc, seq, "blocks", 1))
		return -1;
	*out = xcalloc(seq->count, sizeof **out);
	*count = seq->count;
	int rc = 0;
	for (size_t i = 0; i < seq->count; i++)
		if (load_block(ld, seq->items[i], org_scope, &(*out)[i]))
			rc = -1;
	return rc;
}

static void blocks_free(struct template_block *b, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(b[i].notes);
		free(b[i].items);
		free(b[i].footnotes);
		blocks_free(b[i].blocks, b[i].block_count);
	}
	free(b);
}

void template_free(struct template *t)
{
	if (!t)
		return;
	blocks_free(t->blocks, t->block_count);
	free(t->note_codes);
	free(t->note_texts);
	ydoc_free(t->doc);
	free(t);
}

static int check_template(struct template *t, const char *source, size_t len)
{
	const struct ydoc *doc = t->doc;
	const struct ydoc_node *root = doc->root;
	struct loader ld = {.doc = doc, .source = source, .source_len = len};
	if (!root)
		return ydoc_error(doc, NULL, "empty template: expected a mapping with format, lang, title and blocks");
	static const char *const required[] = {"format", "lang", "title", "blocks", NULL};
	static const char *const allowed[] = {"format", "lang", "title", "subject", "author", "cover",
					      "organization_notes", "footnote_start", "blocks", NULL};
	if (ydoc_check_mapping(doc, root, "template", required, allowed))
		return -1;
	int rc = 0;
	const char *format;
	if (ydoc_check_string(doc, ydoc_get(root, "format"), "format", &format))
		rc = -1;
	else if (strcmp(format, TEMPLATE_FORMAT))
		rc = ydoc_error(doc, ydoc_get(root, "format"), "unknown format '%s' (expected %s)", format, TEMPLATE_FORMAT);
	const struct ydoc_node *lang = ydoc_get(root, "lang");
	if (ydoc_check_string(doc, lang, "lang", &t->lang))
		rc = -1;
	else if (!label_lang_known(t->lang))
		rc = ydoc_error(doc, lang, "unknown language '%s' (expected ja or en)", t->lang);
	struct { const char *key; const char **dst; } meta[] = {
		{"title", &t->title}, {"subject", &t->subject}, {"author", &t->author},
	};
	for (size_t i = 0; i < 3; i++) {
		const struct ydoc_node *n = ydoc_get(root, meta[i].key);
		if (n && text_option(&ld, n, meta[i].key, false, meta[i].dst))
			rc = -1;
	}
	const struct ydoc_node *cover = ydoc_get(root, "cover");
	if (cover) {
		static const char *const keys[] = {"title", "subtitle", "year", "publisher", "date", NULL};
		const char **dst[] = {&t->cover_title, &t->cover_subtitle, &t->cover_year,
				      &t->cover_publisher, &t->cover_date};
		if (ydoc_check_mapping(doc, cover, "cover", NULL, keys)) {
			rc = -1;
		} else {
			for (size_t i = 0; keys[i]; i++) {
				const struct ydoc_node *n = ydoc_get(cover, keys[i]);
				if (n && text_option(&ld, n, keys[i], false, dst[i]))
					rc = -1;
			}
		}
	}
	const struct ydoc_node *fs = ydoc_get(root, "footnote_start");
	long long first = 1;
	if (fs && ydoc_check_int(doc, fs, "footnote_start", 1, 9999, &first))
		rc = -1;
	t->footnote_start = (int)first;
	const struct ydoc_node *notes = ydoc_get(root, "organization_notes");
	if (notes) {
		if (notes->kind != YDOC_MAPPING) {
			rc = ydoc_error(doc, notes, "organization_notes must be a mapping from organisation code to note text");
		} else {
			t->note_codes = xcalloc(notes->count + 1, sizeof *t->note_codes);
			t->note_texts = xcalloc(notes->count + 1, sizeof *t->note_texts);
			for (size_t i = 0; i < notes->count; i++) {
				const struct ydoc_node *k = notes->pairs[i].key;
				if (!ydoc_is_code(k->text, false))
					rc = ydoc_error(doc, k, "organisation code '%s' must match [a-z0-9_]+", k->text);
				t->note_codes[t->note_count] = k->text;
				if (text_option(&ld, notes->pairs[i].value, "note", false,
						&t->note_texts[t->note_count]))
					rc = -1;
				t->note_count++;
			}
		}
	}
	if (load_blocks(&ld, ydoc_get(root, "blocks"), false, &t->blocks, &t->block_count))
		rc = -1;
	return rc;
}

static int finish_load(struct ydoc *doc, const char *source, size_t len, struct template **out)
{
	struct template *t = xcalloc(1, sizeof *t);
	t->doc = doc;
	if (check_template(t, source, len)) {
		template_free(t);
		*out = NULL;
		return -1;
	}
	*out = t;
	return 0;
}

int template_load_file(const char *path, struct template **out)
{
	*out = NULL;
	char *data;
	size_t len;
	if (ydoc_read_file(path, &data, &len))
		return -1;
	int rc = template_load_buffer(path, data, len, out);
	free(data);
	return rc;
}

int template_load_buffer(const char *name, const char *data, size_t len, struct template **out)
{
	struct ydoc *doc;
	*out = NULL;
	if (ydoc_load_buffer(name, data, len, &doc))
		return -1;
	return finish_load(doc, data, len, out);
}
