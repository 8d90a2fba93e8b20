/* tallyfile: writing and checking the tally file (docs/tally-format.md). */
#include "aggregator/tallyfile.h"
#include "aggregator/choicefile.h"
#include "core/diag.h"
#include "core/inspection.h"
#include "core/text.h"
#include "core/ydoc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A YAML double-quoted scalar. */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* The inspection section: every kind the tally counts, then every item of those kinds, in
 * questionnaire order. */
static void write_inspection(FILE *out, const struct tally *t)
{
	const struct tally_inspection *ti = &t->inspection;
	const struct inspection *ins = t->quest->inspection;
	if (!ti->present || !ins)
		return;
	fprintf(out, "inspection:\n  reference_date: %s\n  kinds:", ti->reference_date);
	bool any = false;
	for (size_t k = 0; k < ins->kind_count; k++)
		if (ti->kind_present[k]) {
			fprintf(out, "\n    %s: {systems: %llu}", ins->kinds[k].code, (unsigned long long)ti->systems[k]);
			any = true;
		}
	fputs(any ? "\n  items:" : " {}\n  items:", out);
	any = false;
	for (size_t i = 0; i < ins->item_count; i++) {
		if (!ti->kind_present[ins->items[i].kind])
			continue;
		const struct tally_counts *c = &ti->items[i];
		fprintf(out, "\n    %s: {implemented: %llu, not_implemented: %llu, not_applicable: %llu}", ins->items[i].id,
			(unsigned long long)c->implemented, (unsigned long long)c->not_implemented,
			(unsigned long long)c->not_applicable);
		any = true;
	}
	fputs(any ? "\n" : " {}\n", out);
}

int tallyfile_write(FILE *out, const char *name, const struct tally *t)
{
	const struct quest *q = t->quest;
	if (!t->persons.known)
		return diag_error("cannot write '%s': the tally of %s has no persons counts (it came from a %s file)",
				  name, t->org.code, TALLYFILE_FORMAT_V1);
	for (int r = 0; r < ROLE_COUNT; r++)
		if (t->roles[r].present && !t->roles[r].attainment.known)
			return diag_error("cannot write '%s': role %s of the tally of %s has no attainment counts",
					  name, role_info((enum role)r)->code, t->org.code);
	fprintf(out, "format: %s\nfiscal_year: %d\n", TALLYFILE_FORMAT, t->fiscal_year);
	if (t->source.tallied_at) {
		fputs("tallied_at: ", out);
		put_quoted(out, t->source.tallied_at);
		fputc('\n', out);
	}
	if (t->source.closed_at) {
		fputs("collection_closed_at: ", out);
		put_quoted(out, t->source.closed_at);
		fputc('\n', out);
	}
	fprintf(out, "organization:\n  code: %s\n  name: ", t->org.code);
	put_quoted(out, t->org.name ? t->org.name : t->org.code);
	if (t->org.name_en) {
		fputs("\n  name_en: ", out);
		put_quoted(out, t->org.name_en);
	}
	if (t->org.order)
		fprintf(out, "\n  order: %d", t->org.order);
	choicefile_write_org(out, &t->org);
	fprintf(out, "\nquestionnaire: %s\npersons:\n  targets: %llu\n  submitted_all: %llu\nroles:", q->id,
		(unsigned long long)t->persons.targets, (unsigned long long)t->persons.submitted_all);
	bool any = false;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *tr = &t->roles[r];
		if (!tr->present)
			continue;
		any = true;
		const struct tally_attainment *a = &tr->attainment;
		fprintf(out, "\n  %s:\n    targets: %llu\n    submitted: %llu\n"
			"    attainment: {obligated: %llu, at_100: %llu, at_95: %llu, at_90: %llu}\n    items:%s",
			role_info((enum role)r)->code, (unsigned long long)tr->targets,
			(unsigned long long)tr->submitted, (unsigned long long)a->obligated,
			(unsigned long long)a->at[0], (unsigned long long)a->at[1], (unsigned long long)a->at[2],
			q->role_item_count[r] ? "" : " {}");
		for (size_t k = 0; k < q->role_item_count[r]; k++) {
			const struct tally_counts *c = &tr->items[k];
			fprintf(out, "\n      %s: {implemented: %llu, not_implemented: %llu, not_applicable: %llu",
				q->items[q->role_items[r][k]].id, (unsigned long long)c->implemented,
				(unsigned long long)c->not_implemented, (unsigned long long)c->not_applicable);
			choicefile_write_item(out, t, (enum role)r, k);
			fputc('}', out);
		}
	}
	fputs(any ? "\n" : " {}\n", out);
	write_inspection(out, t);
	if (fflush(out) || ferror(out))
		return diag_error("cannot write '%s': %s", name, strerror(errno));
	return 0;
}

int tallyfile_check_count(const struct ydoc *doc, const struct ydoc_node *n, const char *what, uint64_t *out)
{
	long long v;
	if (n && n->kind == YDOC_SCALAR && n->plain && n->text[0] == '-')
		return ydoc_error(doc, n, "%s: expected a non-negative integer, found %s", what, n->text);
	if (ydoc_check_int(doc, n, what, 0, TALLYFILE_MAX_COUNT, &v))
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* The three answer counts of an item: a mapping {implemented, not_implemented,
 * not_applicable} of non-negative integers; what names the item in messages. */
static int load_counts(const struct ydoc *doc, const struct ydoc_node *n, const char *what,
		       struct tally_counts *c, const char *const *optional)
{
	static const char *const req[] = {"implemented", "not_implemented", "not_applicable", NULL};
	if (ydoc_check_mapping(doc, n, what, req, optional))
		return -1;
	char label[200];
	int rc = 0;
	snprintf(label, sizeof label, "%s: implemented", what);
	rc |= tallyfile_check_count(doc, ydoc_get(n, "implemented"), label, &c->implemented);
	snprintf(label, sizeof label, "%s: not_implemented", what);
	rc |= tallyfile_check_count(doc, ydoc_get(n, "not_implemented"), label, &c->not_implemented);
	snprintf(label, sizeof label, "%s: not_applicable", what);
	rc |= tallyfile_check_count(doc, ydoc_get(n, "not_applicable"), label, &c->not_applicable);
	return rc ? -1 : 0;
}

int tallyfile_load_org(const struct ydoc *doc, const struct ydoc_node *n, struct org *o)
{
	static const char *const req[] = {"code", "name", NULL};
	static const char *const opt[] = {"name_en", "order", "kind", "supervisor", NULL};
	if (ydoc_check_mapping(doc, n, "organization", req, opt))
		return -1;
	const char *code, *name, *name_en = NULL;
	long long order = 0;
	int bad = ydoc_check_string(doc, ydoc_get(n, "code"), "organization.code", &code) |
		  ydoc_check_string(doc, ydoc_get(n, "name"), "organization.name", &name);
	if (ydoc_get(n, "name_en"))
		bad |= ydoc_check_string(doc, ydoc_get(n, "name_en"), "organization.name_en", &name_en);
	if (ydoc_get(n, "order"))
		bad |= ydoc_check_int(doc, ydoc_get(n, "order"), "organization.order", 0, 100000, &order);
	if (bad)
		return -1;
	const char *problem = org_name_problem(name);
	if (problem)
		bad = ydoc_error(doc, ydoc_get(n, "name"), "organization.name %s (expected one line of at most %d characters)",
				 problem, ORG_NAME_MAX);
	if (name_en && (problem = org_name_problem(name_en)) != NULL)
		bad = ydoc_error(doc, ydoc_get(n, "name_en"), "organization.name_en %s (expected one line of at most %d characters)",
				 problem, ORG_NAME_MAX);
	if (bad)
		return -1;
	if (!ydoc_is_code(code, false) || strlen(code) > ORG_CODE_MAX) {
		ydoc_error(doc, ydoc_get(n, "code"), "organization.code '%s': expected [a-z0-9_] characters (at most %d)",
			   diag_excerpt(code), ORG_CODE_MAX);
		return -1;
	}
	o->code = xstrdup(code);
	o->name = xstrdup(name);
	o->name_en = name_en ? xstrdup(name_en) : NULL;
	o->order = (int)order;
	return choicefile_load_org(doc, n, o);
}

static int load_item(const struct ydoc *doc, const struct ydoc_pair *p, enum role role,
		     struct tally *t)
{
	const struct quest *q = t->quest;
	const char *rcode = role_info(role)->code;
	char *id = text_excerpt(p->key->text, DIAG_EXCERPT_CHARS);
	int rc = 0;
	long idx = quest_find_item(q, p->key->text);
	long pos = idx < 0 ? -1 : quest_sheet_position(q, role, (size_t)idx);
	if (idx < 0) {
		rc = ydoc_error(doc, p->key, "role %s: unknown item '%s' (not in questionnaire %s)", rcode, id, q->id);
		goto done;
	}
	if (pos < 0) {
		rc = ydoc_error(doc, p->key, "role %s: item %s is not bound to this role in questionnaire %s",
				rcode, id, q->id);
		goto done;
	}
	char what[160];
	snprintf(what, sizeof what, "role %s, item %s", rcode, id);
	struct tally_counts c;
	static const char *const with_choices[] = {"choices", NULL};
	/* a choice item may give its choices alone: the three counts follow from them */
	bool derive = q->items[idx].choice && p->value->kind == YDOC_MAPPING && ydoc_get(p->value, "choices") &&
		      !ydoc_get(p->value, "implemented") && !ydoc_get(p->value, "not_implemented") &&
		      !ydoc_get(p->value, "not_applicable");
	memset(&c, 0, sizeof c);
	if (derive ? ydoc_check_mapping(doc, p->value, what, with_choices, NULL) != 0
		   : load_counts(doc, p->value, what, &c, with_choices) != 0) {
		rc = -1;
		goto done;
	}
	if (choicefile_load_item(doc, p->value, t, role, (size_t)idx, (size_t)pos, &c, derive)) {
		rc = -1;
		goto done;
	}
	struct tally_role *tr = &t->roles[role];
	uint64_t sum = c.implemented + c.not_implemented + c.not_applicable;
	if (sum > tr->submitted) {
		rc = ydoc_error(doc, p->value,
				"role %s, item %s: %llu answers (implemented + not_implemented + not_applicable) "
				"exceed submitted (%llu)", rcode, id, (unsigned long long)sum,
				(unsigned long long)tr->submitted);
		goto done;
	}
	tr->items[pos] = c;
done:
	free(id);
	return rc;
}

static int load_attainment(const struct ydoc *doc, const struct ydoc_node *n, const char *rcode,
			   struct tally_role *tr)
{
	static const char *const req[] = {"obligated", "at_100", "at_95", "at_90", NULL};
	char what[96];
	snprintf(what, sizeof what, "role %s: attainment", rcode);
	if (ydoc_check_mapping(doc, n, what, req, NULL))
		return -1;
	struct tally_attainment *a = &tr->attainment;
	char label[128];
	int rc = 0;
	for (int k = 0; k < 4; k++) {
		snprintf(label, sizeof label, "role %s: attainment.%s", rcode, req[k]);
		rc |= tallyfile_check_count(doc, ydoc_get(n, req[k]), label,
					    k == 0 ? &a->obligated : &a->at[k - 1]);
	}
	if (rc)
		return -1;
	a->known = true;
	for (int k = 0; k + 1 < TALLY_ATTAINMENT_COUNT; k++)
		if (a->at[k] > a->at[k + 1])
			return ydoc_error(doc, ydoc_get(n, req[k + 1]),
					  "role %s: attainment %s (%llu) exceeds %s (%llu); a sheet at %u%% is also at %u%%",
					  rcode, req[k + 1], (unsigned long long)a->at[k], req[k + 2],
					  (unsigned long long)a->at[k + 1], TALLY_ATTAINMENT_PERCENT[k],
					  TALLY_ATTAINMENT_PERCENT[k + 1]);
	if (a->at[TALLY_ATTAINMENT_COUNT - 1] > a->obligated)
		return ydoc_error(doc, ydoc_get(n, "at_90"), "role %s: attainment at_90 (%llu) exceeds obligated (%llu)",
				  rcode, (unsigned long long)a->at[TALLY_ATTAINMENT_COUNT - 1],
				  (unsigned long long)a->obligated);
	if (a->obligated > tr->submitted)
		return ydoc_error(doc, ydoc_get(n, "obligated"),
				  "role %s: attainment obligated (%llu) exceeds submitted (%llu); only submitted sheets "
				  "are counted", rcode, (unsigned long long)a->obligated, (unsigned long long)tr->submitted);
	return 0;
}

static int load_role(const struct ydoc *doc, const struct ydoc_pair *p, struct tally *t, int format)
{
	static const char *const req_v1[] = {"targets", "submitted", "items", NULL};
	static const char *const req_v2[] = {"targets", "submitted", "attainment", "items", NULL};
	const char *const *req = format == 2 ? req_v2 : req_v1;
	int role = role_from_code(p->key->text);
	if (role < 0) {
		ydoc_error(doc, p->key, "unknown role '%s' (expected a role code such as staff or division_officer; "
			   "docs/collection-formats.md lists them)", diag_excerpt(p->key->text));
		return -1;
	}
	const char *rcode = role_info((enum role)role)->code;
	char what[96];
	snprintf(what, sizeof what, "role %s", rcode);
	if (ydoc_check_mapping(doc, p->value, what, req, NULL))
		return -1;
	struct tally_role *tr = tally_role_use(t, (enum role)role);
	char label[128];
	snprintf(label, sizeof label, "role %s: targets", rcode);
	int rc = tallyfile_check_count(doc, ydoc_get(p->value, "targets"), label, &tr->targets);
	snprintf(label, sizeof label, "role %s: submitted", rcode);
	rc |= tallyfile_check_count(doc, ydoc_get(p->value, "submitted"), label, &tr->submitted);
	if (rc)
		return -1;
	if (tr->submitted > tr->targets)
		return ydoc_error(doc, ydoc_get(p->value, "submitted"), "role %s: submitted (%llu) exceeds targets (%llu)",
				  rcode, (unsigned long long)tr->submitted, (unsigned long long)tr->targets);
	if (format == 2 && load_attainment(doc, ydoc_get(p->value, "attainment"), rcode, tr))
		rc = -1;
	const struct ydoc_node *items = ydoc_get(p->value, "items");
	if (items->kind != YDOC_MAPPING && !(items->kind == YDOC_SCALAR && items->plain && items->len == 0))
		return ydoc_error(doc, items, "role %s: items: expected a mapping of item ids to counts, found %s",
				  rcode, ydoc_kind_name(items));
	for (size_t i = 0; items->kind == YDOC_MAPPING && i < items->count; i++)
		if (load_item(doc, &items->pairs[i], (enum role)role, t))
			rc = -1;
	return rc;
}

/* An ISO 8601 UTC time as the toolkit writes it: 2026-12-02T03:04:05Z. */
static bool is_utc_time(const char *s)
{
	static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
	for (size_t i = 0; i < sizeof pattern - 1; i++)
		if (pattern[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pattern[i])
			return false;
	return s[sizeof pattern - 1] == '\0';
}

static int load_time(const struct ydoc *doc, const struct ydoc_node *n, const char *what, char **out)
{
	const char *s;
	if (!n)
		return 0;
	if (ydoc_check_string(doc, n, what, &s))
		return -1;
	if (!is_utc_time(s)) {
		ydoc_error(doc, n, "%s '%s': expected a UTC time such as 2026-12-02T03:04:05Z", what,
			   diag_excerpt(s));
		return -1;
	}
	*out = xstrdup(s);
	return 0;
}

static int load_provenance(const struct ydoc *doc, const struct ydoc_node *root, struct tally *t)
{
	return load_time(doc, ydoc_get(root, "tallied_at"), "tallied_at", &t->source.tallied_at) |
	       load_time(doc, ydoc_get(root, "collection_closed_at"), "collection_closed_at", &t->source.closed_at);
}

/* persons, checked against the roles already loaded. */
static int load_persons(const struct ydoc *doc, const struct ydoc_node *n, struct tally *t)
{
	static const char *const req[] = {"targets", "submitted_all", NULL};
	if (ydoc_check_mapping(doc, n, "persons", req, NULL))
		return -1;
	struct tally_persons *p = &t->persons;
	if (tallyfile_check_count(doc, ydoc_get(n, "targets"), "persons: targets", &p->targets) |
	    tallyfile_check_count(doc, ydoc_get(n, "submitted_all"), "persons: submitted_all", &p->submitted_all))
		return -1;
	p->known = true;
	enum role r = 0;
	uint64_t sum = 0;
	switch (tally_persons_check(t, &r, &sum)) {
	case TALLY_PERSONS_OK:
		break;
	case TALLY_PERSONS_SUBMITTED_OVER_TARGETS:
		return ydoc_error(doc, ydoc_get(n, "submitted_all"), "persons: submitted_all (%llu) exceeds targets (%llu)",
				  (unsigned long long)p->submitted_all, (unsigned long long)p->targets);
	case TALLY_PERSONS_BELOW_ROLE:
		return ydoc_error(doc, ydoc_get(n, "targets"),
				  "persons: targets (%llu) is below the targets of role %s (%llu); a person holds "
				  "each role at most once", (unsigned long long)p->targets, role_info(r)->code,
				  (unsigned long long)t->roles[r].targets);
	case TALLY_PERSONS_OVER_SUM:
		return ydoc_error(doc, ydoc_get(n, "targets"),
				  "persons: targets (%llu) exceeds the sum of the roles' targets (%llu); every person "
				  "counted owes at least one sheet", (unsigned long long)p->targets,
				  (unsigned long long)sum);
	}
	return 0;
}

/* One item of the inspection section, checked against the systems of its kind. */
static int load_inspection_item(const struct ydoc *doc, const struct ydoc_pair *p, struct tally *t)
{
	const struct quest *q = t->quest;
	const struct inspection *ins = q->inspection;
	struct tally_inspection *ti = &t->inspection;
	const char *id = p->key->text;
	int rc = 0;
	long idx = inspection_find_item(ins, p->key->text);
	if (idx < 0) {
		if (quest_find_item(q, p->key->text) >= 0)
			rc = ydoc_error(doc, p->key, "inspection: item %s is asked of persons, not of systems, in "
					"questionnaire %s (its counts belong under roles)", id, q->id);
		else
			rc = ydoc_error(doc, p->key, "inspection: unknown item '%s' (not an inspection item of "
					"questionnaire %s)", id, q->id);
		goto done;
	}
	size_t kind = ins->items[idx].kind;
	const char *kcode = ins->kinds[kind].code;
	if (!ti->kind_present[kind]) {
		rc = ydoc_error(doc, p->key, "inspection: item %s is bound to kind %s, which inspection.kinds does not "
				"count", id, kcode);
		goto done;
	}
	char what[160];
	snprintf(what, sizeof what, "inspection, item %s", id);
	struct tally_counts c;
	if (load_counts(doc, p->value, what, &c, NULL)) {
		rc = -1;
		goto done;
	}
	uint64_t sum = c.implemented + c.not_implemented + c.not_applicable;
	if (sum > ti->systems[kind]) {
		rc = ydoc_error(doc, p->value,
				"inspection, item %s: %llu answers (implemented + not_implemented + not_applicable) "
				"exceed the systems of kind %s (%llu)", id, (unsigned long long)sum, kcode,
				(unsigned long long)ti->systems[kind]);
		goto done;
	}
	ti->items[idx] = c;
done:
	return rc;
}

/* The inspection section: the reference date, the systems per kind, the counts per item. */
static int load_inspection(const struct ydoc *doc, const struct ydoc_node *n, struct tally *t)
{
	static const char *const req[] = {"reference_date", "kinds", "items", NULL};
	const struct quest *q = t->quest;
	const struct inspection *ins = q->inspection;
	if (!ins)
		return ydoc_error(doc, n, "inspection: questionnaire %s has no inspection items; leave the section out",
				  q->id);
	if (ydoc_check_mapping(doc, n, "inspection", req, NULL))
		return -1;
	struct tally_inspection *ti = tally_inspection_use(t);
	int rc = 0;
	const char *date;
	const struct ydoc_node *dn = ydoc_get(n, "reference_date");
	if (ydoc_check_string(doc, dn, "inspection: reference_date", &date)) {
		rc = -1;
	} else if (!inspection_date_valid(date)) {
		rc = ydoc_error(doc, dn, "inspection: reference_date '%s': expected a date written YYYY-MM-DD, such as "
				"2012-12-01", date);
	} else {
		snprintf(ti->reference_date, sizeof ti->reference_date, "%s", date);
	}
	const struct ydoc_node *kinds = ydoc_get(n, "kinds");
	if (kinds->kind != YDOC_MAPPING && !(kinds->kind == YDOC_SCALAR && kinds->plain && kinds->len == 0))
		return ydoc_error(doc, kinds, "inspection: kinds: expected a mapping of kinds of system to "
				  "{systems: N}, found %s", ydoc_kind_name(kinds));
	for (size_t i = 0; kinds->kind == YDOC_MAPPING && i < kinds->count; i++) {
		const struct ydoc_pair *p = &kinds->pairs[i];
		long k = inspection_find_kind(ins, p->key->text);
		if (k < 0) {
			struct strbuf known;
			strbuf_init(&known);
			for (size_t j = 0; j < ins->kind_count; j++)
				strbuf_addf(&known, "%s%s", j ? ", " : "", ins->kinds[j].code);
			rc = ydoc_error(doc, p->key, "inspection: unknown kind of system '%s' (questionnaire %s has %s)",
					p->key->text, q->id, known.buf);
			strbuf_release(&known);
			continue;
		}
		static const char *const kreq[] = {"systems", NULL};
		char what[128], label[160];
		snprintf(what, sizeof what, "inspection, kind %s", ins->kinds[k].code);
		if (ydoc_check_mapping(doc, p->value, what, kreq, NULL)) {
			rc = -1;
			continue;
		}
		snprintf(label, sizeof label, "%s: systems", what);
		if (tallyfile_check_count(doc, ydoc_get(p->value, "systems"), label, &ti->systems[k]))
			rc = -1;
		else
			ti->kind_present[k] = true;
	}
	if (rc)
		return -1;
	const struct ydoc_node *items = ydoc_get(n, "items");
	if (items->kind != YDOC_MAPPING && !(items->kind == YDOC_SCALAR && items->plain && items->len == 0))
		return ydoc_error(doc, items, "inspection: items: expected a mapping of item ids to counts, found %s",
				  ydoc_kind_name(items));
	for (size_t i = 0; items->kind == YDOC_MAPPING && i < items->count; i++)
		if (load_inspection_item(doc, &items->pairs[i], t))
			rc = -1;
	return rc;
}

int tallyfile_load(const char *path, const struct quest *quest, int fiscal_year, struct tally **out)
{
	*out = NULL;
	struct ydoc *doc;
	if (ydoc_load_file(path, &doc))
		return -1;
	static const char *const req_v1[] = {"format", "fiscal_year", "organization", "questionnaire", "roles", NULL};
	static const char *const req_v2[] = {"format", "fiscal_year", "organization", "questionnaire", "persons",
					     "roles", NULL};
	static const char *const opt_v2[] = {"tallied_at", "collection_closed_at", "inspection", NULL};
	const struct ydoc_node *root = doc->root;
	int format = 2;
	struct tally *t = NULL;
	struct org o = {0};
	int rc = 0;
	if (!root) {
		rc = ydoc_error(doc, NULL, "empty file: expected a tally file (format: %s)", TALLYFILE_FORMAT);
		goto done;
	}
	/* The format decides which keys are expected, so it is read first. */
	const char *s;
	const struct ydoc_node *n = root->kind == YDOC_MAPPING ? ydoc_get(root, "format") : NULL;
	if (n && ydoc_check_string(doc, n, "format", &s) == 0) {
		if (strcmp(s, TALLYFILE_FORMAT_V1) == 0) {
			format = 1;
		} else if (strcmp(s, TALLYFILE_FORMAT) != 0) {
			rc = ydoc_error(doc, n, "unknown format '%s' (expected %s, or %s)",
					diag_excerpt(s), TALLYFILE_FORMAT,
					TALLYFILE_FORMAT_V1);
			goto done; /* what else the file should hold depends on its format */
		}
	} else if (n) {
		rc = -1;
	}
	if (ydoc_check_mapping(doc, root, "tally file", format == 2 ? req_v2 : req_v1, format == 2 ? opt_v2 : NULL)) {
		rc = -1;
		if (root->kind != YDOC_MAPPING)
			goto done;
	}
	long long year = 0;
	n = ydoc_get(root, "fiscal_year");
	if (n && ydoc_check_fiscal_year(doc, n, "fiscal_year", &year) == 0 && year != fiscal_year)
		rc = ydoc_error(doc, n, "fiscal year %lld does not match the year being compiled (%d)", year,
				fiscal_year);
	else if (n && year == 0)
		rc = -1;
	n = ydoc_get(root, "questionnaire");
	if (n && ydoc_check_string(doc, n, "questionnaire", &s) == 0 && strcmp(s, quest->id) != 0) {
		rc = ydoc_error(doc, n, "questionnaire '%s' is not the one of fiscal year %d ('%s')",
				diag_excerpt(s),
				fiscal_year, quest->id);
	} else if (n && n->kind != YDOC_SCALAR) {
		rc = -1;
	}
	n = ydoc_get(root, "organization");
	if (n && tallyfile_load_org(doc, n, &o))
		rc = -1;
	n = ydoc_get(root, "roles");
	if (!n || !o.code)
		goto done;
	t = tally_new(&o, fiscal_year, quest);
	t->source.format = format;
	const struct ydoc_node *name_node = ydoc_get(ydoc_get(root, "organization"), "name");
	t->source.name_line = name_node->line;
	t->source.name_col = name_node->col;
	if (format == 2 && load_provenance(doc, root, t))
		rc = -1;
	if (n->kind != YDOC_MAPPING) {
		rc = ydoc_error(doc, n, "roles: expected a mapping of role codes, found %s", ydoc_kind_name(n));
		goto done;
	}
	for (size_t i = 0; i < n->count; i++)
		if (load_role(doc, &n->pairs[i], t, format))
			rc = -1;
	if (rc == 0 && format == 2 && load_persons(doc, ydoc_get(root, "persons"), t))
		rc = -1;
	n = ydoc_get(root, "inspection");
	if (format == 2 && n && load_inspection(doc, n, t))
		rc = -1;
	if (rc == 0 && tally_check(t, path))
		rc = -1;
done:
	ydoc_free(doc);
	org_release(&o);
	if (rc || !t) {
		tally_free(t);
		return -1;
	}
	*out = t;
	return 0;
}
