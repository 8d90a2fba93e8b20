/* historychoice: published rounds of choice items (aggregator/historychoice.h). */
#include "aggregator/historychoice.h"
#include "aggregator/history.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/quest.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

static int load_one(const struct ydoc *doc, const struct ydoc_pair *p, int fiscal_year, struct history *h)
{
	static const char *const req[] = {"shares", NULL};
	static const char *const opt[] = {"n", "rate", NULL};
	char *id = text_excerpt(p->key->text, DIAG_EXCERPT_CHARS);
	char what[160];
	snprintf(what, sizeof what, "choices.%s", id);
	int rc = 0;
	if (!quest_item_id_valid(p->key->text)) {
		rc = ydoc_error(doc, p->key, "choices: item id '%s': expected letters, digits, '_', '.' or '-'", id);
		goto out;
	}
	if (ydoc_check_mapping(doc, p->value, what, req, opt)) {
		rc = -1;
		goto out;
	}
	struct history_choice hc = {.fiscal_year = fiscal_year, .n = -1, .rate = -1};
	const struct ydoc_node *nn = ydoc_get(p->value, "n"), *rn = ydoc_get(p->value, "rate");
	const struct ydoc_node *sn = ydoc_get(p->value, "shares");
	long long v;
	if (nn && !(nn->kind == YDOC_SCALAR && nn->plain && strcmp(nn->text, "null") == 0)) {
		if (ydoc_check_int(doc, nn, "n", 0, 1000000000000LL, &v))
			rc = -1;
		else
			hc.n = v;
	}
	if (rn && !(rn->kind == YDOC_SCALAR && rn->plain && strcmp(rn->text, "null") == 0)) {
		if (ydoc_check_int(doc, rn, "rate", 0, 100, &v))
			rc = -1;
		else
			hc.rate = (int)v;
	}
	if (ydoc_check_sequence(doc, sn, "shares", 2)) {
		rc = -1;
	} else if (sn->count > CHOICE_MAX_OPTIONS) {
		rc = ydoc_error(doc, sn, "%s: shares: %zu shares, more than the %d options an item may have", what,
				sn->count, CHOICE_MAX_OPTIONS);
	} else if (rc == 0) {
		hc.shares = xcalloc(sn->count, sizeof *hc.shares);
		hc.share_count = sn->count;
		for (size_t i = 0; i < sn->count; i++) {
			const struct ydoc_node *x = sn->items[i];
			if (x->kind == YDOC_SCALAR && x->plain && strcmp(x->text, "null") == 0) {
				hc.shares[i] = -1;
			} else if (ydoc_check_int(doc, x, "share (an integer percent)", 0, 100, &v)) {
				rc = -1;
			} else {
				hc.shares[i] = (int)v;
			}
		}
	}
	for (size_t i = 0; rc == 0 && i < h->choice_count; i++)
		if (h->choices[i].fiscal_year == fiscal_year && strcmp(h->choices[i].item, p->key->text) == 0)
			rc = ydoc_error(doc, p->key, "%s: given twice for fiscal year %d", what, fiscal_year);
	if (rc) {
		free(hc.shares);
		goto out;
	}
	hc.item = xstrdup(p->key->text);
	h->choices = xrealloc(h->choices, (h->choice_count + 1) * sizeof *h->choices);
	h->choices[h->choice_count++] = hc;
out:
	free(id);
	return rc;
}

int historychoice_load(const struct ydoc *doc, const struct ydoc_node *node, int fiscal_year, struct history *h)
{
	if (node->kind != YDOC_MAPPING)
		return ydoc_error(doc, node, "choices: expected a mapping of item ids to {n, shares, rate}, found %s",
				  ydoc_kind_name(node));
	int rc = 0;
	for (size_t i = 0; i < node->count; i++)
		if (load_one(doc, &node->pairs[i], fiscal_year, h))
			rc = -1;
	return rc;
}

int historychoice_write(struct store *s, const struct history *h)
{
	for (size_t i = 0; i < h->year_count; i++)
		if (store_delete_history_choices(s, h->years[i].fiscal_year))
			return -1;
	for (size_t i = 0; i < h->choice_count; i++)
		if (store_put_history_choice(s, &h->choices[i]))
			return -1;
	return 0;
}

void historychoice_free(struct history *h)
{
	for (size_t i = 0; i < h->choice_count; i++)
		history_choice_release(&h->choices[i]);
	free(h->choices);
	h->choices = NULL;
	h->choice_count = 0;
}
