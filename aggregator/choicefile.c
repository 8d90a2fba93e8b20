/* choicefile: choice counts and kinds of organisation in the tally file. */
#include "aggregator/choicefile.h"
#include "aggregator/tallyfile.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

void choicefile_write_item(FILE *out, const struct tally *t, enum role r, size_t k)
{
	const struct quest *q = t->quest;
	const struct choice *c = q->items[q->role_items[r][k]].choice;
	const struct tally_role *tr = &t->roles[r];
	if (!c || !tr->choices)
		return;
	const struct tally_choice *tc = &tr->choices[k];
	fprintf(out, ", choices: {respondents: %llu, n: %llu, options: [", (unsigned long long)tc->respondents,
		(unsigned long long)choice_n(tc, c->option_count));
	for (size_t o = 0; o < c->option_count; o++)
		fprintf(out, "%s%llu", o ? ", " : "", (unsigned long long)tc->options[o]);
	fputs("]}", out);
}

void choicefile_write_org(FILE *out, const struct org *o)
{
	if (o->kind)
		fprintf(out, "\n  kind: %s", o->kind);
	if (o->supervisor)
		fprintf(out, "\n  supervisor: %s", o->supervisor);
}

int choicefile_load_item(const struct ydoc *doc, const struct ydoc_node *node, struct tally *t, enum role role,
			 size_t item, size_t pos, struct tally_counts *counts, bool derive)
{
	const struct quest *q = t->quest;
	const struct quest_item *it = &q->items[item];
	const char *rcode = role_info(role)->code;
	const struct ydoc_node *cn = ydoc_get(node, "choices");
	if (!it->choice) {
		if (cn)
			return ydoc_error(doc, cn, "role %s, item %s: choices: the item is not a choice item in "
				"questionnaire %s", rcode, it->id, q->id);
		return 0;
	}
	if (!cn)
		return ydoc_error(doc, node, "role %s, item %s: a choice item needs its choices "
			"({respondents, n, options}); docs/tally-format.md", rcode, it->id);
	static const char *const req[] = {"options", NULL};
	static const char *const opt[] = {"respondents", "n", NULL};
	char what[160];
	snprintf(what, sizeof what, "role %s, item %s: choices", rcode, it->id);
	if (ydoc_check_mapping(doc, cn, what, req, opt))
		return -1;
	const struct choice *c = it->choice;
	struct tally_choice *tc = &t->roles[role].choices[pos];
	char label[200];
	const struct ydoc_node *rn = ydoc_get(cn, "respondents");
	snprintf(label, sizeof label, "%s: respondents", what);
	if (rn && tallyfile_check_count(doc, rn, label, &tc->respondents))
		return -1;
	if (!rn && c->multiple)
		return ydoc_error(doc, cn, "%s: a multiple choice needs its respondents (N counts the options picked, "
			"not the respondents)", what);
	const struct ydoc_node *on = ydoc_get(cn, "options");
	snprintf(label, sizeof label, "%s: options", what);
	if (ydoc_check_sequence(doc, on, label, 0))
		return -1;
	if (on->count != c->option_count)
		return ydoc_error(doc, on, "%s: options: %zu counts given; the item has %zu options (one count per "
			"option, in order)", what, on->count, c->option_count);
	int rc = 0;
	for (size_t o = 0; o < on->count; o++) {
		snprintf(label, sizeof label, "%s: option %zu", what, o + 1);
		if (tallyfile_check_count(doc, on->items[o], label, &tc->options[o]))
			rc = -1;
	}
	if (rc)
		return -1;
	const struct ydoc_node *nn = ydoc_get(cn, "n");
	if (nn) {
		uint64_t n;
		snprintf(label, sizeof label, "%s: n", what);
		if (tallyfile_check_count(doc, nn, label, &n))
			return -1;
		uint64_t sum = choice_n(tc, c->option_count);
		if (n != sum)
			return ydoc_error(doc, nn, "%s: n (%llu) is not the sum of the option counts (%llu); N counts "
				"answers", what, (unsigned long long)n, (unsigned long long)sum);
	}
	if (!rn)
		tc->respondents = choice_n(tc, c->option_count); /* a single choice: one option each */
	if (derive && c->implemented_mask) {
		if (c->multiple)
			return ydoc_error(doc, cn, "%s: a multiple choice with options that count as implemented needs "
				"implemented and not_implemented (the respondents who picked any of them cannot be told "
				"from the option counts)", what);
		for (size_t o = 0; o < c->option_count; o++)
			if (c->implemented_mask >> o & 1u)
				counts->implemented += tc->options[o];
		counts->not_implemented = tc->respondents >= counts->implemented ? tc->respondents - counts->implemented : 0;
	}
	char why[240];
	if (choice_counts_problem(c, tc, counts, t->roles[role].submitted, why, sizeof why))
		return ydoc_error(doc, cn, "%s: %s", what, why);
	return 0;
}

int choicefile_load_org(const struct ydoc *doc, const struct ydoc_node *n, struct org *o)
{
	const struct ydoc_node *kn = ydoc_get(n, "kind"), *sn = ydoc_get(n, "supervisor");
	const char *kind = NULL, *sup = NULL;
	int rc = 0;
	if (kn && ydoc_check_string(doc, kn, "organization.kind", &kind) == 0 && !org_kind_valid(kind)) {
		rc = ydoc_error(doc, kn, "organization.kind '%s': expected ministry, agency, national_university or "
			"designated_corporation", diag_excerpt(kind));
	} else if (kn && !kind) {
		rc = -1;
	}
	if (sn && ydoc_check_string(doc, sn, "organization.supervisor", &sup) == 0 &&
	    (!ydoc_is_code(sup, false) || strlen(sup) > ORG_CODE_MAX)) {
		rc = ydoc_error(doc, sn, "organization.supervisor '%s': expected the code of the supervising ministry "
			"([a-z0-9_], at most %d)", diag_excerpt(sup), ORG_CODE_MAX);
	} else if (sn && !sup) {
		rc = -1;
	}
	if (rc)
		return -1;
	if (sup && (!kind || strcmp(kind, "ministry") == 0))
		return ydoc_error(doc, sn, "organization.supervisor: only an organisation of another kind than ministry "
			"(give kind: agency, national_university or designated_corporation) has a supervising ministry");
	if (sup && o->code && strcmp(sup, o->code) == 0)
		return ydoc_error(doc, sn, "organization.supervisor: an organisation cannot supervise itself");
	free(o->kind);
	free(o->supervisor);
	o->kind = kind ? xstrdup(kind) : NULL;
	o->supervisor = sup ? xstrdup(sup) : NULL;
	return 0;
}
