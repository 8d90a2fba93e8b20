/* narrative: loading an organisation's own texts for its report section. */
#include "renderer/narrative.h"

#include "core/diag.h"
#include "core/text.h"
#include "renderer/label.h"

#include <stdlib.h>
#include <string.h>

static int load_message(const struct ydoc *doc, const struct ydoc_node *n, const char *what,
			struct narrative_message *m)
{
	if (n->kind == YDOC_SCALAR)
		return ydoc_check_string(doc, n, what, &m->text);
	static const char *const required[] = {"text", NULL};
	static const char *const allowed[] = {"title", "signature", NULL};
	if (ydoc_check_mapping(doc, n, what, required, allowed))
		return -1;
	int rc = 0;
	if (ydoc_check_string(doc, ydoc_get(n, "text"), "text", &m->text))
		rc = -1;
	const struct ydoc_node *t = ydoc_get(n, "title"), *s = ydoc_get(n, "signature");
	if (t && ydoc_check_string(doc, t, "title", &m->title))
		rc = -1;
	if (s && ydoc_check_string(doc, s, "signature", &m->signature))
		rc = -1;
	return rc;
}

static const char *const PART_KEYS[NARRATIVE_PART_COUNT] = {
	"self_check", "systems", "audit", "education", "other_measures",
};

const char *narrative_part_key(enum narrative_part p)
{
	return p < NARRATIVE_PART_COUNT ? PART_KEYS[p] : "";
}

/* incidents: a text, or a mapping with text and/or cases (title and details). */
static int load_incidents(const struct ydoc *doc, const struct ydoc_node *n, struct narrative *nv)
{
	if (n->kind == YDOC_SCALAR)
		return ydoc_check_string(doc, n, "incidents", &nv->incidents_text);
	static const char *const allowed[] = {"text", "cases", NULL};
	if (ydoc_check_mapping(doc, n, "incidents", NULL, allowed))
		return -1;
	const struct ydoc_node *t = ydoc_get(n, "text"), *cases = ydoc_get(n, "cases");
	if (!t && !cases)
		return ydoc_error(doc, n, "incidents needs text, cases or both");
	int rc = 0;
	if (t && ydoc_check_string(doc, t, "text", &nv->incidents_text))
		rc = -1;
	if (!cases)
		return rc;
	if (ydoc_check_sequence(doc, cases, "cases", 1))
		return -1;
	nv->incidents = xcalloc(cases->count, sizeof *nv->incidents);
	nv->incident_count = cases->count;
	for (size_t i = 0; i < cases->count; i++) {
		const struct ydoc_node *c = cases->items[i];
		struct narrative_incident *in = &nv->incidents[i];
		static const char *const keys[] = {"title", "details", NULL};
		if (ydoc_check_mapping(doc, c, "case", keys, NULL)) {
			rc = -1;
			continue;
		}
		if (ydoc_check_string(doc, ydoc_get(c, "title"), "title", &in->title))
			rc = -1;
		const struct ydoc_node *d = ydoc_get(c, "details");
		if (ydoc_check_sequence(doc, d, "details", 1)) {
			rc = -1;
			continue;
		}
		in->details = xcalloc(d->count, sizeof *in->details);
		in->detail_count = d->count;
		for (size_t k = 0; k < d->count; k++) {
			static const char *const dk[] = {"label", "text", NULL};
			if (ydoc_check_mapping(doc, d->items[k], "detail", dk, NULL)) {
				rc = -1;
				continue;
			}
			if (ydoc_check_string(doc, ydoc_get(d->items[k], "label"), "label", &in->details[k].label) ||
			    ydoc_check_string(doc, ydoc_get(d->items[k], "text"), "text", &in->details[k].text))
				rc = -1;
		}
	}
	return rc;
}

static int check(struct narrative *nv, const char *organization, int fiscal_year, const char *lang)
{
	const struct ydoc *doc = nv->doc;
	const struct ydoc_node *root = doc->root;
	if (!root)
		return ydoc_error(doc, NULL, "empty narrative: expected a mapping with format, organization and fiscal_year");
	static const char *const required[] = {"format", "organization", "fiscal_year", NULL};
	static const char *const allowed[] = {"lang", "ciso_message", "summary", "goals", "self_check", "systems",
					      "audit", "education", "other_measures", "incidents",
					      "adviser_message", NULL};
	if (ydoc_check_mapping(doc, root, "narrative", required, allowed))
		return -1;
	int rc = 0;
	const char *format;
	const struct ydoc_node *fn = ydoc_get(root, "format");
	if (ydoc_check_string(doc, fn, "format", &format))
		rc = -1;
	else if (strcmp(format, NARRATIVE_FORMAT))
		rc = ydoc_error(doc, fn, "unknown format '%s' (expected %s)", format, NARRATIVE_FORMAT);
	const struct ydoc_node *on = ydoc_get(root, "organization");
	if (ydoc_check_string(doc, on, "organization", &nv->organization))
		rc = -1;
	else if (strcmp(nv->organization, organization))
		rc = ydoc_error(doc, on, "narrative is for organisation '%s', expected '%s'",
				nv->organization, organization);
	long long year;
	const struct ydoc_node *yn = ydoc_get(root, "fiscal_year");
	if (ydoc_check_fiscal_year(doc, yn, "fiscal_year", &year))
		rc = -1;
	else if (year != fiscal_year)
		rc = ydoc_error(doc, yn, "narrative is for fiscal year %lld, expected %d", year, fiscal_year);
	nv->fiscal_year = (int)year;
	nv->lang = "ja";
	const struct ydoc_node *ln = ydoc_get(root, "lang");
	if (ln && ydoc_check_string(doc, ln, "lang", &nv->lang))
		rc = -1;
	else if (!label_lang_known(nv->lang))
		rc = ydoc_error(doc, ln, "unknown language '%s' (expected ja or en)", nv->lang);
	else if (strcmp(nv->lang, lang))
		rc = ydoc_error(doc, ln ? ln : root, "narrative is in language '%s', expected '%s'%s",
				nv->lang, lang, ln ? "" : " (a file without lang is Japanese)");
	const struct ydoc_node *n;
	if ((n = ydoc_get(root, "ciso_message")) && load_message(doc, n, "ciso_message", &nv->ciso))
		rc = -1;
	if ((n = ydoc_get(root, "adviser_message")) &&
	    load_message(doc, n, "adviser_message", &nv->adviser))
		rc = -1;
	if ((n = ydoc_get(root, "summary")) && ydoc_check_string(doc, n, "summary", &nv->summary))
		rc = -1;
	for (int p = 0; p < NARRATIVE_PART_COUNT; p++)
		if ((n = ydoc_get(root, PART_KEYS[p])) && ydoc_check_string(doc, n, PART_KEYS[p], &nv->parts[p]))
			rc = -1;
	if ((n = ydoc_get(root, "incidents")) && load_incidents(doc, n, nv))
		rc = -1;
	if ((n = ydoc_get(root, "goals"))) {
		if (n->kind == YDOC_SCALAR) {
			nv->goals = xcalloc(1, sizeof *nv->goals);
			nv->goal_count = 1;
			if (ydoc_check_string(doc, n, "goals", &nv->goals[0]))
				rc = -1;
		} else if (ydoc_check_sequence(doc, n, "goals", 1)) {
			rc = -1;
		} else {
			nv->goals = xcalloc(n->count, sizeof *nv->goals);
			nv->goal_count = n->count;
			for (size_t i = 0; i < n->count; i++)
				if (ydoc_check_string(doc, n->items[i], "goal", &nv->goals[i]))
					rc = -1;
		}
	}
	return rc;
}

int narrative_load_file(const char *path, const char *organization, int fiscal_year,
			const char *lang, struct narrative **out)
{
	*out = NULL;
	struct ydoc *doc;
	if (ydoc_load_file(path, &doc))
		return -1;
	struct narrative *nv = xcalloc(1, sizeof *nv);
	nv->doc = doc;
	if (check(nv, organization, fiscal_year, lang)) {
		narrative_free(nv);
		return -1;
	}
	*out = nv;
	return 0;
}

void narrative_free(struct narrative *n)
{
	if (!n)
		return;
	free(n->goals);
	for (size_t i = 0; i < n->incident_count; i++)
		free(n->incidents[i].details);
	free(n->incidents);
	ydoc_free(n->doc);
	free(n);
}
