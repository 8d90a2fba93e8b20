/* history: loading published past rates and storing them in the national store. */
#include "aggregator/history.h"
#include "core/diag.h"
#include "core/text.h"
#include "core/ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *history_metric_code(enum history_metric m)
{
	return m == HISTORY_GRASP ? "grasp" : "implementation";
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void add_rate(struct history *h, int year, const char *org, enum history_metric m,
		     enum role_group g, int tenths, const struct ydoc_node *at)
{
	h->rates = xrealloc(h->rates, (h->rate_count + 1) * sizeof *h->rates);
	h->rates[h->rate_count++] = (struct history_rate){
		.fiscal_year = year, .org = xstrdup(org), .metric = m, .group = g, .tenths = tenths,
		.line = at->line, .col = at->col,
	};
}

/* A mapping metric → {group: rate}. */
static int load_metrics(const struct ydoc *doc, const struct ydoc_node *node, const char *what,
			int year, const char *org, struct history *h)
{
	static const char *const metrics[] = {"grasp", "implementation", NULL};
	if (ydoc_check_mapping(doc, node, what, NULL, metrics))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < node->count; i++) {
		const struct ydoc_node *mk = node->pairs[i].key, *mv = node->pairs[i].value;
		enum history_metric m = strcmp(mk->text, "grasp") == 0 ? HISTORY_GRASP : HISTORY_IMPLEMENTATION;
		if (!mv || mv->kind != YDOC_MAPPING) {
			rc = ydoc_error(doc, mv ? mv : mk, "%s.%s: expected a mapping of group codes to rates, found %s",
					what, mk->text, ydoc_kind_name(mv));
			continue;
		}
		for (size_t j = 0; j < mv->count; j++) {
			const struct ydoc_node *gk = mv->pairs[j].key, *gv = mv->pairs[j].value;
			int g = group_from_code(gk->text);
			if (g < 0) {
				char *clean = text_sanitize(gk->text, false);
				rc = ydoc_error(doc, gk, "unknown group '%s' in %s.%s (expected officers, "
						"system_officers, staff, others or all)", clean, what, mk->text);
				free(clean);
				continue;
			}
			char label[160];
			snprintf(label, sizeof label, "%s.%s.%s", what, mk->text, gk->text);
			int tenths;
			if (ydoc_check_percent_tenths(doc, gv, label, &tenths)) {
				rc = -1;
				continue;
			}
			add_rate(h, year, org, m, (enum role_group)g, tenths, gv);
		}
	}
	return rc;
}

static int load_orgs(const struct ydoc *doc, const struct ydoc_node *list, struct history *h)
{
	static const char *const req[] = {"code", "name", NULL};
	static const char *const opt[] = {"name_en", "order", NULL};
	if (ydoc_check_sequence(doc, list, "organizations", 0))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < list->count; i++) {
		const struct ydoc_node *n = list->items[i];
		const char *code, *name, *name_en = NULL;
		long long order = 0;
		if (ydoc_check_mapping(doc, n, "organization", req, opt)) {
			rc = -1;
			continue;
		}
		int bad = ydoc_check_string(doc, ydoc_get(n, "code"), "organization.code", &code) |
			  ydoc_check_string(doc, ydoc_get(n, "name"), "organization.name", &name);
		if (ydoc_get(n, "name_en"))
			bad |= ydoc_check_string(doc, ydoc_get(n, "name_en"), "organization.name_en", &name_en);
		if (ydoc_get(n, "order"))
			bad |= ydoc_check_int(doc, ydoc_get(n, "order"), "organization.order", 0, 100000, &order);
		if (!bad && !ydoc_is_code(code, false))
			bad = ydoc_error(doc, ydoc_get(n, "code"),
					 "organization.code: expected a code of [a-z0-9_] characters");
		if (bad) {
			rc = -1;
			continue;
		}
		h->orgs = xrealloc(h->orgs, (h->org_count + 1) * sizeof *h->orgs);
		h->orgs[h->org_count++] = (struct org){
			.code = xstrdup(code), .name = xstrdup(name), .name_en = dup_or_null(name_en),
			.order = (int)order,
		};
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
		    ydoc_check_int(doc, ydoc_get(n, "fiscal_year"), "series break fiscal_year", 1989, 2200, &year) ||
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

static int load_year(const struct ydoc *doc, const struct ydoc_node *n, struct history *h)
{
	static const char *const req[] = {"fiscal_year", NULL};
	static const char *const opt[] = {"government", "organizations", NULL};
	long long year;
	if (ydoc_check_mapping(doc, n, "year", req, opt) ||
	    ydoc_check_int(doc, ydoc_get(n, "fiscal_year"), "year fiscal_year", 1989, 2200, &year))
		return -1;
	for (size_t i = 0; i < h->year_count; i++)
		if (h->years[i] == (int)year)
			return ydoc_error(doc, ydoc_get(n, "fiscal_year"),
					  "fiscal year %lld appears twice in the file", year);
	h->years = xrealloc(h->years, (h->year_count + 1) * sizeof *h->years);
	h->years[h->year_count++] = (int)year;
	int rc = 0;
	const struct ydoc_node *gov = ydoc_get(n, "government");
	if (gov && load_metrics(doc, gov, "government", (int)year, "", h))
		rc = -1;
	const struct ydoc_node *orgs = ydoc_get(n, "organizations");
	if (orgs && orgs->kind != YDOC_MAPPING)
		return ydoc_error(doc, orgs, "organizations: expected a mapping of organisation codes, found %s",
				  ydoc_kind_name(orgs));
	for (size_t i = 0; orgs && i < orgs->count; i++) {
		const struct ydoc_node *k = orgs->pairs[i].key;
		if (!ydoc_is_code(k->text, false)) {
			char *clean = text_sanitize(k->text, false);
			rc = ydoc_error(doc, k, "organisation code '%s': expected [a-z0-9_] characters", clean);
			free(clean);
			continue;
		}
		char what[128];
		snprintf(what, sizeof what, "organizations.%s", k->text);
		if (load_metrics(doc, orgs->pairs[i].value, what, (int)year, k->text, h))
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
	if (fmt && ydoc_check_string(doc, fmt, "format", &format) == 0 && strcmp(format, HISTORY_FORMAT) != 0) {
		char *clean = text_sanitize(format, false);
		rc = ydoc_error(doc, fmt, "unknown format '%s' (expected %s)", clean, HISTORY_FORMAT);
		free(clean);
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
			if (load_year(doc, years->items[i], h))
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
	sqlite3_stmt *del = NULL, *ins = NULL;
	if (store_prepare(s, "DELETE FROM history_rate WHERE fiscal_year = ?1", &del) ||
	    store_prepare(s, "INSERT INTO history_rate(fiscal_year, org, metric, grp, tenths)"
			     " VALUES (?1, ?2, ?3, ?4, ?5)", &ins)) {
		sqlite3_finalize(del);
		return -1;
	}
	for (size_t i = 0; i < h->year_count && rc == 0; i++) {
		sqlite3_bind_int(del, 1, h->years[i]);
		rc = step_done(s, del);
	}
	for (size_t i = 0; i < h->rate_count && rc == 0; i++) {
		const struct history_rate *r = &h->rates[i];
		sqlite3_bind_int(ins, 1, r->fiscal_year);
		sqlite3_bind_text(ins, 2, r->org, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, history_metric_code(r->metric), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, group_info(r->group)->code, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 5, r->tenths);
		if (step_done(s, ins))
			rc = diag_at(h->file, r->line, r->col, "cannot store this rate (given twice?)");
	}
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	if (rc)
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
