/* practices: loading the year's recommended and other practices for the report. */
#include "renderer/practices.h"

#include "core/diag.h"
#include "renderer/label.h"

#include <stdlib.h>
#include <string.h>

static int load_org(const struct ydoc *doc, const struct ydoc_node *n, struct practice_org *o)
{
	o->node = n;
	if (ydoc_check_string(doc, n, "organization", &o->code))
		return -1;
	if (!ydoc_is_code(o->code, false))
		return ydoc_error(doc, n, "organisation code '%s' must match [a-z0-9_]+", o->code);
	return 0;
}

static int load_recommended(const struct ydoc *doc, const struct ydoc_node *n, struct practice_recommended *r)
{
	static const char *const keys[] = {"organization", "title", "content", "reason", NULL};
	if (ydoc_check_mapping(doc, n, "recommended practice", keys, NULL))
		return -1;
	int rc = load_org(doc, ydoc_get(n, "organization"), &r->org);
	if (ydoc_check_string(doc, ydoc_get(n, "title"), "title", &r->title))
		rc = -1;
	if (ydoc_check_string(doc, ydoc_get(n, "content"), "content", &r->content))
		rc = -1;
	if (ydoc_check_string(doc, ydoc_get(n, "reason"), "reason", &r->reason))
		rc = -1;
	return rc;
}

static int load_other(const struct ydoc *doc, const struct ydoc_node *n, struct practice_other *o)
{
	static const char *const keys[] = {"summary", "organizations", NULL};
	if (ydoc_check_mapping(doc, n, "practice", keys, NULL))
		return -1;
	int rc = 0;
	if (ydoc_check_string(doc, ydoc_get(n, "summary"), "summary", &o->summary))
		rc = -1;
	const struct ydoc_node *orgs = ydoc_get(n, "organizations");
	if (ydoc_check_sequence(doc, orgs, "organizations", 1))
		return -1;
	o->orgs = xcalloc(orgs->count, sizeof *o->orgs);
	o->org_count = orgs->count;
	for (size_t i = 0; i < orgs->count; i++) {
		if (load_org(doc, orgs->items[i], &o->orgs[i]))
			rc = -1;
		for (size_t k = 0; k < i && o->orgs[i].code; k++)
			if (o->orgs[k].code && !strcmp(o->orgs[k].code, o->orgs[i].code))
				rc = ydoc_error(doc, orgs->items[i], "organisation '%s' is listed twice", o->orgs[i].code);
	}
	return rc;
}

static int check(struct practices *p, int fiscal_year, const char *lang)
{
	const struct ydoc *doc = p->doc;
	const struct ydoc_node *root = doc->root;
	if (!root)
		return ydoc_error(doc, NULL, "empty practices file: expected a mapping with format, fiscal_year and lang");
	static const char *const required[] = {"format", "fiscal_year", "lang", NULL};
	static const char *const allowed[] = {"recommended", "other", NULL};
	if (ydoc_check_mapping(doc, root, "practices", required, allowed))
		return -1;
	int rc = 0;
	const char *format;
	const struct ydoc_node *fn = ydoc_get(root, "format");
	if (ydoc_check_string(doc, fn, "format", &format))
		rc = -1;
	else if (strcmp(format, PRACTICES_FORMAT))
		rc = ydoc_error(doc, fn, "unknown format '%s' (expected %s)", format, PRACTICES_FORMAT);
	long long year;
	const struct ydoc_node *yn = ydoc_get(root, "fiscal_year");
	if (ydoc_check_fiscal_year(doc, yn, "fiscal_year", &year))
		rc = -1;
	else if (year != fiscal_year)
		rc = ydoc_error(doc, yn, "practices are for fiscal year %lld, expected %d", year, fiscal_year);
	p->fiscal_year = (int)year;
	const struct ydoc_node *ln = ydoc_get(root, "lang");
	if (ydoc_check_string(doc, ln, "lang", &p->lang))
		rc = -1;
	else if (!label_lang_known(p->lang))
		rc = ydoc_error(doc, ln, "unknown language '%s' (expected ja or en)", p->lang);
	else if (strcmp(p->lang, lang))
		rc = ydoc_error(doc, ln, "practices are in language '%s', expected '%s'", p->lang, lang);
	const struct ydoc_node *n = ydoc_get(root, "recommended");
	if (n) {
		if (ydoc_check_sequence(doc, n, "recommended", 1)) {
			rc = -1;
		} else {
			p->recommended = xcalloc(n->count, sizeof *p->recommended);
			p->recommended_count = n->count;
			for (size_t i = 0; i < n->count; i++)
				if (load_recommended(doc, n->items[i], &p->recommended[i]))
					rc = -1;
		}
	}
	if ((n = ydoc_get(root, "other"))) {
		if (ydoc_check_sequence(doc, n, "other", 1)) {
			rc = -1;
		} else {
			p->other = xcalloc(n->count, sizeof *p->other);
			p->other_count = n->count;
			for (size_t i = 0; i < n->count; i++)
				if (load_other(doc, n->items[i], &p->other[i]))
					rc = -1;
		}
	}
	return rc;
}

int practices_load_file(const char *path, int fiscal_year, const char *lang, struct practices **out)
{
	*out = NULL;
	struct ydoc *doc;
	if (ydoc_load_file(path, &doc))
		return -1;
	struct practices *p = xcalloc(1, sizeof *p);
	p->doc = doc;
	if (check(p, fiscal_year, lang)) {
		practices_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

static int check_org(const struct practices *p, const struct practice_org *o,
		     bool (*known)(const char *, void *), void *ctx)
{
	if (known(o->code, ctx))
		return 0;
	return ydoc_error(p->doc, o->node, "no organisation '%s' in the year's tallies", o->code);
}

int practices_check_orgs(const struct practices *p, bool (*known)(const char *code, void *ctx), void *ctx)
{
	int rc = 0;
	for (size_t i = 0; i < p->recommended_count; i++)
		if (check_org(p, &p->recommended[i].org, known, ctx))
			rc = -1;
	for (size_t i = 0; i < p->other_count; i++)
		for (size_t k = 0; k < p->other[i].org_count; k++)
			if (check_org(p, &p->other[i].orgs[k], known, ctx))
				rc = -1;
	return rc;
}

void practices_free(struct practices *p)
{
	if (!p)
		return;
	free(p->recommended);
	for (size_t i = 0; i < p->other_count; i++)
		free(p->other[i].orgs);
	free(p->other);
	ydoc_free(p->doc);
	free(p);
}
