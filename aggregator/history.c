/* history: loading published past rates and storing them in the national store. */
#include "aggregator/history.h"
#include "aggregator/choicefile.h"
#include "aggregator/historychoice.h"
#include "aggregator/tallyfile.h"
#include "core/diag.h"
#include "core/text.h"
#include "core/ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const METRIC_CODES[HISTORY_METRIC_COUNT] = {
	"grasp", "implementation", "attainment_items_100", "attainment_items_95", "attainment_items_90",
	"attainment_persons_100", "attainment_persons_95", "attainment_persons_90",
};

/* Threshold keys of attainment mappings, in the order of RATETAB_ATTAINMENT_PERCENT. */
static const char *const THRESHOLDS[3] = {"100", "95", "90"};

const char *history_metric_code(enum history_metric m)
{
	return m < HISTORY_METRIC_COUNT ? METRIC_CODES[m] : "";
}

int history_metric_from_code(const char *code)
{
	for (int m = 0; code && m < HISTORY_METRIC_COUNT; m++)
		if (strcmp(code, METRIC_CODES[m]) == 0)
			return m;
	return -1;
}

enum history_metric history_attainment_metric(bool persons, int k)
{
	return (enum history_metric)((persons ? HISTORY_ATTAINMENT_PERSONS_100 : HISTORY_ATTAINMENT_ITEMS_100) + k);
}

static void add_rate(struct history *h, int year, const char *org, enum history_metric m,
		     enum role_group g, int tenths, char grade, const struct ydoc_node *at)
{
	h->rates = xrealloc(h->rates, (h->rate_count + 1) * sizeof *h->rates);
	h->rates[h->rate_count++] = (struct history_rate){
		.fiscal_year = year, .org = xstrdup(org), .metric = m, .group = g, .tenths = tenths,
		.grade = grade, .line = at->line, .col = at->col,
	};
}

/* Reports a key of format /2 met in a file of format /1. */
static int needs_format_2(const struct ydoc *doc, const struct ydoc_node *key)
{
	return ydoc_error(doc, key, "'%s' needs format %s (the file says %s)", key->text, HISTORY_FORMAT,
			  HISTORY_FORMAT_1);
}

/* Reports every key of node that is in v2_only (the file being of format /1). */
static int reject_v2_keys(const struct ydoc *doc, const struct ydoc_node *node, const char *const *v2_only)
{
	int rc = 0;
	for (size_t i = 0; node && node->kind == YDOC_MAPPING && i < node->count; i++)
		for (const char *const *k = v2_only; *k; k++)
			if (strcmp(node->pairs[i].key->text, *k) == 0)
				rc = needs_format_2(doc, node->pairs[i].key);
	return rc;
}

static char grade_under_default_scale(int tenths)
{
	const struct grade_scale *sc = &RATE_DEFAULT_SCALE;
	return (unsigned)tenths >= sc->a ? 'A' : (unsigned)tenths >= sc->b ? 'B' : (unsigned)tenths >= sc->c ? 'C' : 'D';
}

/* The group a key of WHAT.MK names, or -1 after reporting. */
static int load_group(const struct ydoc *doc, const struct ydoc_node *gk, const char *what,
		      const struct ydoc_node *mk)
{
	int g = group_from_code(gk->text);
	if (g < 0)
		return ydoc_error(doc, gk, "unknown group '%s' in %s.%s (expected officers, system_officers, staff, "
				  "others or all)", diag_excerpt(gk->text), what, mk->text);
	return g;
}

/* {group: rate} of grasp or implementation. */
static int load_group_rates(const struct ydoc *doc, const struct ydoc_node *mk, const struct ydoc_node *mv,
			    const char *what, int year, const char *org, enum history_metric m, struct history *h)
{
	if (!mv || mv->kind != YDOC_MAPPING)
		return ydoc_error(doc, mv ? mv : mk, "%s.%s: expected a mapping of group codes to rates, found %s",
				  what, mk->text, ydoc_kind_name(mv));
	int rc = 0;
	for (size_t j = 0; j < mv->count; j++) {
		const struct ydoc_node *gk = mv->pairs[j].key, *gv = mv->pairs[j].value;
		int g = load_group(doc, gk, what, mk);
		if (g < 0) {
			rc = -1;
			continue;
		}
		char label[160];
		snprintf(label, sizeof label, "%s.%s.%s", what, mk->text, gk->text);
		int tenths;
		if (ydoc_check_percent_tenths(doc, gv, label, &tenths)) {
			rc = -1;
			continue;
		}
		add_rate(h, year, org, m, (enum role_group)g, tenths, 0, gv);
	}
	return rc;
}

/* {group: {threshold: rate}} of attainment of items or of persons. */
static int load_attainment(const struct ydoc *doc, const struct ydoc_node *mk, const struct ydoc_node *mv,
			   const char *what, int year, const char *org, bool persons, struct history *h)
{
	if (!mv || mv->kind != YDOC_MAPPING)
		return ydoc_error(doc, mv ? mv : mk, "%s.%s: expected a mapping of group codes to thresholds, found %s",
				  what, mk->text, ydoc_kind_name(mv));
	int rc = 0;
	for (size_t j = 0; j < mv->count; j++) {
		const struct ydoc_node *gk = mv->pairs[j].key, *gv = mv->pairs[j].value;
		int g = load_group(doc, gk, what, mk);
		if (g < 0) {
			rc = -1;
			continue;
		}
		if (!gv || gv->kind != YDOC_MAPPING) {
			rc = ydoc_error(doc, gv ? gv : gk, "%s.%s.%s: expected a mapping of thresholds (100, 95, 90) "
					"to rates, found %s", what, mk->text, gk->text, ydoc_kind_name(gv));
			continue;
		}
		for (size_t t = 0; t < gv->count; t++) {
			const struct ydoc_node *tk = gv->pairs[t].key, *tv = gv->pairs[t].value;
			int k = -1;
			for (int i = 0; i < 3; i++)
				if (tk->plain && strcmp(tk->text, THRESHOLDS[i]) == 0)
					k = i;
			if (k < 0) {
				rc = ydoc_error(doc, tk, "unknown threshold '%s' in %s.%s.%s (expected 100, 95 or 90)",
						diag_excerpt(tk->text), what, mk->text, gk->text);
				continue;
			}
			char label[192];
			snprintf(label, sizeof label, "%s.%s.%s.%s", what, mk->text, gk->text, tk->text);
			int tenths;
			if (ydoc_check_percent_tenths(doc, tv, label, &tenths)) {
				rc = -1;
				continue;
			}
			add_rate(h, year, org, history_attainment_metric(persons, k), (enum role_group)g, tenths, 0, tv);
		}
	}
	return rc;
}

/* {grasp: A, implementation: B}: the organisation's grades as a whole, kept beside the rates
 * of group all loaded since rates[first]; a grade given beside a rate must be that rate's. */
static int load_grades(const struct ydoc *doc, const struct ydoc_node *node, const char *what, int year,
		       const char *org, size_t first, struct history *h)
{
	static const char *const metrics[] = {"grasp", "implementation", NULL};
	char label[160];
	snprintf(label, sizeof label, "%s.grades", what);
	if (ydoc_check_mapping(doc, node, label, NULL, metrics))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < node->count; i++) {
		const struct ydoc_node *mk = node->pairs[i].key, *mv = node->pairs[i].value;
		enum history_metric m = strcmp(mk->text, "grasp") == 0 ? HISTORY_GRASP : HISTORY_IMPLEMENTATION;
		if (!mv || mv->kind != YDOC_SCALAR || !mv->plain || mv->len != 1 || mv->text[0] < 'A' ||
		    mv->text[0] > 'D') {
			if (mv && mv->kind == YDOC_SCALAR)
				rc = ydoc_error(doc, mv, "%s.%s: expected a grade A, B, C or D, found '%s'", label,
						mk->text, diag_excerpt(mv->text));
			else
				rc = ydoc_error(doc, mv ? mv : mk, "%s.%s: expected a grade A, B, C or D, found %s",
						label, mk->text, ydoc_kind_name(mv));
			continue;
		}
		char grade = mv->text[0];
		struct history_rate *r = NULL;
		for (size_t j = first; j < h->rate_count; j++)
			if (h->rates[j].metric == m && h->rates[j].group == GROUP_ALL)
				r = &h->rates[j];
		if (!r) {
			add_rate(h, year, org, m, GROUP_ALL, -1, grade, mv);
			continue;
		}
		char expected = grade_under_default_scale(r->tenths);
		if (grade != expected) {
			char buf[16];
			rc = ydoc_error(doc, mv, "%s.%s: grade %c does not match the rate %s given for all "
					"(grade %c under the thresholds 100/80/60)", label, mk->text, grade,
					rate_format_tenths(r->tenths, RATE_STYLE_PLAIN, buf, sizeof buf), expected);
			continue;
		}
		r->grade = grade;
	}
	return rc;
}

/* A mapping metric → values: {group: rate} for grasp and implementation, {group: {threshold:
 * rate}} for attainment, and for an organisation {metric: grade}. */
static int load_metrics(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
			int year, const char *org, int format, struct history *h)
{
	static const char *const gov_keys[] = {"grasp", "implementation", "attainment_items",
					       "attainment_persons", NULL};
	static const char *const org_keys[] = {"grasp", "implementation", "attainment_items",
					       "attainment_persons", "grades", NULL};
	static const char *const v2_only[] = {"attainment_items", "attainment_persons", "grades", NULL};
	if (ydoc_check_mapping(doc, node, what, NULL, org[0] ? org_keys : gov_keys))
		return -1;
	int rc = 0;
	if (format == 1 && reject_v2_keys(doc, node, v2_only))
		return -1;
	size_t first = h->rate_count;
	for (size_t i = 0; i < node->count; i++) {
		const struct ydoc_node *mk = node->pairs[i].key, *mv = node->pairs[i].value;
		if (strcmp(mk->text, "grasp") == 0 || strcmp(mk->text, "implementation") == 0) {
			enum history_metric m = mk->text[0] == 'g' ? HISTORY_GRASP : HISTORY_IMPLEMENTATION;
			if (load_group_rates(doc, mk, mv, what, year, org, m, h))
				rc = -1;
		} else if (strncmp(mk->text, "attainment_", 11) == 0) {
			if (load_attainment(doc, mk, mv, what, year, org, strcmp(mk->text, "attainment_persons") == 0, h))
				rc = -1;
		}
	}
	/* grades last: they join the rates of the whole, wherever the keys stand */
	const struct ydoc_node *grades = ydoc_get(node, "grades");
	if (grades && load_grades(doc, grades, what, year, org, first, h))
		rc = -1;
	return rc;
}

static int load_orgs(const struct ydoc *doc, const struct ydoc_node *list, struct history *h)
{
	if (ydoc_check_sequence(doc, list, "organizations", 0))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < list->count; i++) {
		/* An organisation as a tally file's organization block gives it. */
		struct org o = {0};
		if (tallyfile_load_org(doc, list->items[i], &o)) {
			org_release(&o);
			rc = -1;
			continue;
		}
		h->orgs = xrealloc(h->orgs, (h->org_count + 1) * sizeof *h->orgs);
		h->orgs[h->org_count++] = o;
	}
	return rc;
}

static int load_breaks(const struct ydoc *doc, const struct ydoc_node *list, struct history *h)
{
	static const char *const req[] = {"fiscal_year", "note", NULL};
	h->has_breaks = true;
	if (ydoc_check_sequence(doc, list, "series_breaks", 0))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < list->count; i++) {
		const struct ydoc_node *n = list->items[i];
		long long year;
		const char *ja, *en;
		if (ydoc_check_mapping(doc, n, "series break", req, NULL) ||
		    ydoc_check_fiscal_year(doc, ydoc_get(n, "fiscal_year"), "series break fiscal_year", &year) ||
		    ydoc_check_text(doc, ydoc_get(n, "note"), "series break note", &ja, &en)) {
			rc = -1;
			continue;
		}
		h->breaks = xrealloc(h->breaks, (h->break_count + 1) * sizeof *h->breaks);
		h->breaks[h->break_count++] = (struct history_break){
			.fiscal_year = (int)year, .note_ja = xstrdup(ja), .note_en = xstrdup(en)};
	}
	return rc;
}

static int load_year(const struct ydoc *doc, const struct ydoc_node *n, int format, struct history *h)
{
	static const char *const req[] = {"fiscal_year", NULL};
	static const char *const opt[] = {"method", "government", "organizations", "choices", NULL};
	static const char *const v2_only[] = {"method", NULL};
	long long year;
	if (ydoc_check_mapping(doc, n, "year", req, opt) ||
	    ydoc_check_fiscal_year(doc, ydoc_get(n, "fiscal_year"), "year fiscal_year", &year))
		return -1;
	for (size_t i = 0; i < h->year_count; i++)
		if (h->years[i].fiscal_year == (int)year)
			return ydoc_error(doc, ydoc_get(n, "fiscal_year"),
					  "fiscal year %lld appears twice in the file", year);
	int rc = 0;
	struct history_year hy = {.fiscal_year = (int)year, .method = RATE_METHOD_DEFAULT};
	const struct ydoc_node *method = ydoc_get(n, "method");
	if (format == 1 && reject_v2_keys(doc, n, v2_only)) {
		rc = -1;
	} else if (method) {
		const char *code;
		if (ydoc_check_string(doc, method, "year method", &code)) {
			rc = -1;
		} else if (rate_method_from_code(code, &hy.method)) {
			rc = ydoc_error(doc, method, "year method: unknown method '%s' (expected nisc or pooled)",
					diag_excerpt(code));
		} else {
			hy.has_method = true;
		}
	}
	h->years = xrealloc(h->years, (h->year_count + 1) * sizeof *h->years);
	h->years[h->year_count++] = hy;
	const struct ydoc_node *gov = ydoc_get(n, "government");
	if (gov && load_metrics(doc, gov, "government", (int)year, "", format, h))
		rc = -1;
	const struct ydoc_node *choices = ydoc_get(n, "choices");
	if (choices && historychoice_load(doc, choices, (int)year, h))
		rc = -1;
	const struct ydoc_node *orgs = ydoc_get(n, "organizations");
	if (orgs && orgs->kind != YDOC_MAPPING)
		return ydoc_error(doc, orgs, "organizations: expected a mapping of organisation codes, found %s",
				  ydoc_kind_name(orgs));
	for (size_t i = 0; orgs && i < orgs->count; i++) {
		const struct ydoc_node *k = orgs->pairs[i].key;
		if (!ydoc_is_code(k->text, false)) {
			rc = ydoc_error(doc, k, "organisation code '%s': expected [a-z0-9_] characters",
					diag_excerpt(k->text));
			continue;
		}
		char what[128];
		snprintf(what, sizeof what, "organizations.%s", k->text);
		if (load_metrics(doc, orgs->pairs[i].value, what, (int)year, k->text, format, h))
			rc = -1;
	}
	return rc;
}

int history_load(const char *path, struct history **out)
{
	*out = NULL;
	struct ydoc *doc;
	if (ydoc_load_file(path, &doc))
		return -1;
	static const char *const req[] = {"format", "years", NULL};
	static const char *const opt[] = {"source", "series_breaks", "organizations", NULL};
	struct history *h = xcalloc(1, sizeof *h);
	h->file = xstrdup(path);
	int rc = 0;
	const char *format;
	if (!doc->root) {
		rc = ydoc_error(doc, NULL, "empty file: expected a history document (format: %s)", HISTORY_FORMAT);
		goto done;
	}
	if (ydoc_check_mapping(doc, doc->root, "history", req, opt)) {
		rc = -1;
		if (doc->root->kind != YDOC_MAPPING)
			goto done;
	}
	const struct ydoc_node *fmt = ydoc_get(doc->root, "format");
	h->format = 2;
	if (fmt && ydoc_check_string(doc, fmt, "format", &format) == 0) {
		if (strcmp(format, HISTORY_FORMAT_1) == 0) {
			h->format = 1;
		} else if (strcmp(format, HISTORY_FORMAT) != 0) {
			rc = ydoc_error(doc, fmt, "unknown format '%s' (expected %s or %s)",
					diag_excerpt(format), HISTORY_FORMAT,
					HISTORY_FORMAT_1);
		}
	}
	const struct ydoc_node *src = ydoc_get(doc->root, "source");
	if (src) {
		const char *ja, *en;
		if (ydoc_check_text(doc, src, "source", &ja, &en) == 0) {
			h->source_ja = xstrdup(ja);
			h->source_en = xstrdup(en);
		} else {
			rc = -1;
		}
	}
	const struct ydoc_node *breaks = ydoc_get(doc->root, "series_breaks");
	if (breaks && load_breaks(doc, breaks, h))
		rc = -1;
	const struct ydoc_node *orgs = ydoc_get(doc->root, "organizations");
	if (orgs && load_orgs(doc, orgs, h))
		rc = -1;
	const struct ydoc_node *years = ydoc_get(doc->root, "years");
	if (years && ydoc_check_sequence(doc, years, "years", 1) == 0) {
		for (size_t i = 0; i < years->count; i++)
			if (load_year(doc, years->items[i], h->format, h))
				rc = -1;
	} else if (years) {
		rc = -1;
	}
done:
	ydoc_free(doc);
	if (rc) {
		history_free(h);
		return -1;
	}
	*out = h;
	return 0;
}

void history_free(struct history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->break_count; i++) {
		free(h->breaks[i].note_ja);
		free(h->breaks[i].note_en);
	}
	for (size_t i = 0; i < h->org_count; i++)
		org_release(&h->orgs[i]);
	for (size_t i = 0; i < h->rate_count; i++)
		free(h->rates[i].org);
	free(h->breaks);
	free(h->orgs);
	free(h->years);
	free(h->rates);
	historychoice_free(h);
	free(h->source_ja);
	free(h->source_en);
	free(h->file);
	free(h);
}

static int step_done(struct store *s, sqlite3_stmt *st)
{
	int rc = store_step(s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int write_all(struct store *s, const struct history *h)
{
	for (size_t i = 0; i < h->org_count; i++) {
		struct org existing;
		int found = store_get_org(s, h->orgs[i].code, &existing);
		if (found < 0)
			return -1;
		org_release(&existing);
		if (!found && store_put_org(s, &h->orgs[i]))
			return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < h->rate_count; i++) {
		const struct history_rate *r = &h->rates[i];
		if (!r->org[0])
			continue;
		struct org o;
		int found = store_get_org(s, r->org, &o);
		if (found < 0)
			return -1;
		org_release(&o);
		if (!found)
			rc = diag_at(h->file, r->line, r->col,
				     "organisation '%s' is not in the store; define it in the file's organizations list",
				     r->org);
	}
	if (rc)
		return -1;
	sqlite3_stmt *del = NULL, *del_method = NULL, *ins = NULL, *ins_method = NULL;
	if (store_prepare(s, "DELETE FROM history_rate WHERE fiscal_year = ?1", &del) ||
	    store_prepare(s, "DELETE FROM history_method WHERE fiscal_year = ?1", &del_method) ||
	    store_prepare(s, "INSERT INTO history_method(fiscal_year, method) VALUES (?1, ?2)", &ins_method) ||
	    store_prepare(s, "INSERT INTO history_rate(fiscal_year, org, metric, grp, tenths, grade)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &ins)) {
		sqlite3_finalize(del);
		sqlite3_finalize(del_method);
		sqlite3_finalize(ins_method);
		return -1;
	}
	for (size_t i = 0; i < h->year_count && rc == 0; i++) {
		const struct history_year *y = &h->years[i];
		sqlite3_bind_int(del, 1, y->fiscal_year);
		sqlite3_bind_int(del_method, 1, y->fiscal_year);
		rc = step_done(s, del) || step_done(s, del_method) ? -1 : 0;
		if (rc == 0 && y->has_method) {
			sqlite3_bind_int(ins_method, 1, y->fiscal_year);
			sqlite3_bind_text(ins_method, 2, rate_method_code(y->method), -1, SQLITE_STATIC);
			rc = step_done(s, ins_method);
		}
	}
	for (size_t i = 0; i < h->rate_count && rc == 0; i++) {
		const struct history_rate *r = &h->rates[i];
		char grade[2] = {r->grade, 0};
		sqlite3_bind_int(ins, 1, r->fiscal_year);
		sqlite3_bind_text(ins, 2, r->org, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, history_metric_code(r->metric), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, group_info(r->group)->code, -1, SQLITE_STATIC);
		if (r->tenths >= 0)
			sqlite3_bind_int(ins, 5, r->tenths);
		else
			sqlite3_bind_null(ins, 5);
		if (r->grade)
			sqlite3_bind_text(ins, 6, grade, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(ins, 6);
		if (step_done(s, ins))
			rc = diag_at(h->file, r->line, r->col, "cannot store this rate (given twice?)");
	}
	sqlite3_finalize(del);
	sqlite3_finalize(del_method);
	sqlite3_finalize(ins_method);
	sqlite3_finalize(ins);
	if (rc || historychoice_write(s, h))
		return -1;
	if (h->has_breaks) {
		if (store_exec(s, "DELETE FROM series_break") ||
		    store_prepare(s, "INSERT INTO series_break(fiscal_year, note_ja, note_en) VALUES (?1, ?2, ?3)", &ins))
			return -1;
		for (size_t i = 0; i < h->break_count && rc == 0; i++) {
			sqlite3_bind_int(ins, 1, h->breaks[i].fiscal_year);
			sqlite3_bind_text(ins, 2, h->breaks[i].note_ja, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, h->breaks[i].note_en, -1, SQLITE_STATIC);
			rc = step_done(s, ins);
		}
		sqlite3_finalize(ins);
		if (rc)
			return -1;
	}
	if (h->source_ja) {
		if (store_prepare(s, "INSERT INTO history_source(id, source_ja, source_en) VALUES (1, ?1, ?2)"
				     " ON CONFLICT(id) DO UPDATE SET source_ja = excluded.source_ja,"
				     " source_en = excluded.source_en", &ins))
			return -1;
		sqlite3_bind_text(ins, 1, h->source_ja, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, h->source_en, -1, SQLITE_STATIC);
		rc = step_done(s, ins);
		sqlite3_finalize(ins);
	}
	return rc;
}

int history_import(struct store *s, const struct history *h)
{
	if (store_begin(s))
		return -1;
	if (write_all(s, h)) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s);
}
