/* inspection: loading and checking the focused inspection of a questionnaire. */
#include "core/inspection.h"
#include "core/diag.h"
#include "core/era.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void text_set(struct quest_text *t, const char *ja, const char *en)
{
	t->ja = ja ? xstrdup(ja) : NULL;
	t->en = en ? xstrdup(en) : NULL;
}

static void text_clear(struct quest_text *t)
{
	free(t->ja);
	free(t->en);
}

void inspection_free(struct inspection *ins)
{
	if (!ins)
		return;
	for (size_t i = 0; i < ins->kind_count; i++) {
		free(ins->kinds[i].code);
		text_clear(&ins->kinds[i].name);
	}
	for (size_t i = 0; i < ins->group_count; i++) {
		free(ins->groups[i].code);
		text_clear(&ins->groups[i].name);
	}
	for (size_t i = 0; i < ins->topic_count; i++) {
		free(ins->topics[i].code);
		text_clear(&ins->topics[i].name);
		text_clear(&ins->topics[i].reason);
	}
	for (size_t i = 0; i < ins->item_count; i++) {
		struct inspection_item *it = &ins->items[i];
		free(it->id);
		free(it->clause);
		text_clear(&it->name);
		text_clear(&it->question);
		text_clear(&it->explanation);
	}
	if (ins->kind_items)
		for (size_t k = 0; k < ins->kind_count; k++)
			free(ins->kind_items[k]);
	free(ins->kind_items);
	free(ins->kind_item_count);
	free(ins->kinds);
	free(ins->groups);
	free(ins->topics);
	free(ins->items);
	free(ins);
}

long inspection_find_kind(const struct inspection *ins, const char *code)
{
	for (size_t i = 0; ins && code && i < ins->kind_count; i++)
		if (strcmp(ins->kinds[i].code, code) == 0)
			return (long)i;
	return -1;
}

long inspection_find_item(const struct inspection *ins, const char *id)
{
	for (size_t i = 0; ins && id && i < ins->item_count; i++)
		if (strcmp(ins->items[i].id, id) == 0)
			return (long)i;
	return -1;
}

static long find_group(const struct inspection *ins, const char *code)
{
	for (size_t i = 0; i < ins->group_count; i++)
		if (strcmp(ins->groups[i].code, code) == 0)
			return (long)i;
	return -1;
}

static long find_topic(const struct inspection *ins, const char *code)
{
	for (size_t i = 0; i < ins->topic_count; i++)
		if (strcmp(ins->topics[i].code, code) == 0)
			return (long)i;
	return -1;
}

size_t inspection_sheet_position(const struct inspection *ins, size_t item)
{
	size_t kind = ins->items[item].kind;
	for (size_t k = 0; k < ins->kind_item_count[kind]; k++)
		if (ins->kind_items[kind][k] == item)
			return k;
	DIAG_BUG("inspection item %zu is not on its kind's sheet", item);
}

bool inspection_date_valid(const char *s)
{
	static const char pattern[] = "dddd-dd-dd";
	if (!s || strlen(s) != sizeof pattern - 1)
		return false;
	for (size_t i = 0; i < sizeof pattern - 1; i++)
		if (pattern[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pattern[i])
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < FISCAL_YEAR_MIN || y > FISCAL_YEAR_MAX || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

/* ---- the lists of named entries: kinds, groups, topics ---- */

/* Checks one {code, ja, en[, reason]} entry; *code points into the document. what names the
 * list in messages ("inspection kind"). exists tells whether a code is taken already. */
static int named_entry(const struct ydoc *doc, const struct ydoc_node *n, const char *what, bool with_reason,
		       long (*exists)(const struct inspection *, const char *), const struct inspection *ins,
		       const char **code, const char **ja, const char **en, const char **rja, const char **ren)
{
	static const char *const plain[] = {"code", "ja", "en", NULL};
	static const char *const reasoned[] = {"code", "ja", "en", "reason", NULL};
	if (ydoc_check_mapping(doc, n, what, with_reason ? reasoned : plain, NULL) && n->kind != YDOC_MAPPING)
		return -1;
	int rc = 0;
	char label[96];
	const struct ydoc_node *code_node = ydoc_get(n, "code");
	snprintf(label, sizeof label, "%s code", what);
	if (code_node && ydoc_check_string(doc, code_node, label, code) == 0) {
		if (!ydoc_is_code(*code, false)) {
			rc = ydoc_error(doc, code_node, "%s code '%s': expected lowercase letters, digits and '_'", what,
					*code);
		} else if (exists(ins, *code) >= 0) {
			rc = ydoc_error(doc, code_node, "duplicate %s code '%s'", what, *code);
		}
	} else {
		rc = -1;
	}
	snprintf(label, sizeof label, "%s ja", what);
	if (ydoc_check_string(doc, ydoc_get(n, "ja"), label, ja))
		rc = -1;
	snprintf(label, sizeof label, "%s en", what);
	if (ydoc_check_string(doc, ydoc_get(n, "en"), label, en))
		rc = -1;
	snprintf(label, sizeof label, "%s reason", what);
	if (with_reason && ydoc_check_text(doc, ydoc_get(n, "reason"), label, rja, ren))
		rc = -1;
	return rc;
}

static int load_kinds(const struct ydoc *doc, const struct ydoc_node *node, struct inspection *ins)
{
	if (ydoc_check_sequence(doc, node, "inspection kinds", 1))
		return -1;
	ins->kinds = xcalloc(node->count, sizeof *ins->kinds);
	int rc = 0;
	for (size_t i = 0; i < node->count; i++) {
		const char *code, *ja, *en;
		if (named_entry(doc, node->items[i], "inspection kind", false, inspection_find_kind, ins, &code, &ja,
				&en, NULL, NULL)) {
			rc = -1;
			continue;
		}
		struct inspection_kind *k = &ins->kinds[ins->kind_count++];
		k->code = xstrdup(code);
		text_set(&k->name, ja, en);
	}
	return rc;
}

static int load_groups(const struct ydoc *doc, const struct ydoc_node *node, struct inspection *ins)
{
	if (ydoc_check_sequence(doc, node, "inspection groups", 1))
		return -1;
	ins->groups = xcalloc(node->count, sizeof *ins->groups);
	int rc = 0;
	for (size_t i = 0; i < node->count; i++) {
		const char *code, *ja, *en;
		if (named_entry(doc, node->items[i], "inspection group", false, find_group, ins, &code, &ja, &en, NULL,
				NULL)) {
			rc = -1;
			continue;
		}
		struct inspection_group *g = &ins->groups[ins->group_count++];
		g->code = xstrdup(code);
		text_set(&g->name, ja, en);
	}
	return rc;
}

static int load_topics(const struct ydoc *doc, const struct ydoc_node *node, struct inspection *ins)
{
	if (ydoc_check_sequence(doc, node, "inspection topics", 1))
		return -1;
	ins->topics = xcalloc(node->count, sizeof *ins->topics);
	int rc = 0;
	for (size_t i = 0; i < node->count; i++) {
		const char *code, *ja, *en, *rja = NULL, *ren = NULL;
		if (named_entry(doc, node->items[i], "inspection topic", true, find_topic, ins, &code, &ja, &en, &rja,
				&ren)) {
			rc = -1;
			continue;
		}
		struct inspection_topic *t = &ins->topics[ins->topic_count++];
		t->code = xstrdup(code);
		text_set(&t->name, ja, en);
		text_set(&t->reason, rja, ren);
	}
	return rc;
}

/* ---- items ---- */

/* The index of the entry a reference names (kind, topic or group), or -1 after reporting. */
static long reference(const struct ydoc *doc, const struct ydoc_node *n, const char *what, const char *list,
		      long (*find)(const struct inspection *, const char *), const struct inspection *ins,
		      bool lists_ok)
{
	const char *code;
	if (ydoc_check_string(doc, n, what, &code))
		return -1;
	long at = find(ins, code);
	if (at < 0 && lists_ok)
		ydoc_error(doc, n, "%s '%s' is not declared under inspection %s", what, code, list);
	return at;
}

static int load_items(const struct ydoc *doc, const struct ydoc_node *node, const struct quest *q,
		      struct inspection *ins, bool lists_ok)
{
	static const char *const required[] = {"id", "kind", "topic", "clause", "name", "question", "explanation",
					       NULL};
	static const char *const optional[] = {"group", NULL};
	if (ydoc_check_sequence(doc, node, "inspection items", 1))
		return -1;
	ins->items = xcalloc(node->count, sizeof *ins->items);
	int rc = 0;
	for (size_t i = 0; i < node->count; i++) {
		const struct ydoc_node *n = node->items[i];
		int item_rc = 0;
		if (ydoc_check_mapping(doc, n, "inspection item", required, optional)) {
			item_rc = -1;
			if (n->kind != YDOC_MAPPING) {
				rc = -1;
				continue;
			}
		}
		const char *id = NULL, *clause = NULL, *nja = NULL, *nen = NULL, *qja = NULL, *qen = NULL;
		const char *eja = NULL, *een = NULL;
		const struct ydoc_node *id_node = ydoc_get(n, "id");
		if (ydoc_check_string(doc, id_node, "inspection item id", &id)) {
			item_rc = -1;
		} else if (!quest_item_id_valid(id)) {
			item_rc = ydoc_error(doc, id_node, "inspection item id '%s': expected letters, digits, '_', '.' or "
					     "'-' (at most 32, starting with a letter or digit)", id);
		} else if (quest_find_item(q, id) >= 0) {
			item_rc = ydoc_error(doc, id_node, "inspection item id '%s' is also the id of an item asked of "
					     "persons (line %d)", id, q->items[quest_find_item(q, id)].line);
		} else if (inspection_find_item(ins, id) >= 0) {
			item_rc = ydoc_error(doc, id_node, "duplicate inspection item id '%s' (first at line %d)", id,
					     ins->items[inspection_find_item(ins, id)].line);
		}
		long kind = -1, topic = -1, group = -1;
		const struct ydoc_node *kn = ydoc_get(n, "kind"), *tn = ydoc_get(n, "topic"), *gn = ydoc_get(n, "group");
		if (kn && (kind = reference(doc, kn, "inspection item kind", "kinds", inspection_find_kind, ins,
					    lists_ok)) < 0)
			item_rc = -1;
		if (tn && (topic = reference(doc, tn, "inspection item topic", "topics", find_topic, ins, lists_ok)) < 0)
			item_rc = -1;
		if (gn && (group = reference(doc, gn, "inspection item group", "groups", find_group, ins, lists_ok)) < 0)
			item_rc = -1;
		/* A missing key was reported with the mapping; only those present are checked here. */
		const struct ydoc_node *cn = ydoc_get(n, "clause"), *nn = ydoc_get(n, "name");
		const struct ydoc_node *qn = ydoc_get(n, "question"), *en = ydoc_get(n, "explanation");
		if (cn && ydoc_check_string(doc, cn, "inspection item clause", &clause))
			item_rc = -1;
		if (nn && ydoc_check_text(doc, nn, "inspection item name", &nja, &nen))
			item_rc = -1;
		if (qn && ydoc_check_text(doc, qn, "inspection item question", &qja, &qen))
			item_rc = -1;
		if (en && ydoc_check_text(doc, en, "inspection item explanation", &eja, &een))
			item_rc = -1;
		if (item_rc) {
			rc = -1;
			continue;
		}
		struct inspection_item *it = &ins->items[ins->item_count++];
		it->id = xstrdup(id);
		it->kind = (size_t)kind;
		it->topic = (size_t)topic;
		it->group = group;
		it->clause = xstrdup(clause);
		it->line = n->line;
		text_set(&it->name, nja, nen);
		text_set(&it->question, qja, qen);
		text_set(&it->explanation, eja, een);
	}
	return rc;
}

/* The reference date must be a date of the questionnaire's fiscal year (April to March). */
static int load_date(const struct ydoc *doc, const struct ydoc_node *n, const struct quest *q,
		     struct inspection *ins)
{
	const char *s;
	if (ydoc_check_string(doc, n, "inspection reference_date", &s))
		return -1;
	if (!inspection_date_valid(s)) {
		ydoc_error(doc, n, "inspection reference_date '%s': expected a date written YYYY-MM-DD, such as "
			   "2012-12-01", s);
		return -1;
	}
	char from[32], to[32];
	snprintf(from, sizeof from, "%04d-04-01", q->fiscal_year);
	snprintf(to, sizeof to, "%04d-03-31", q->fiscal_year + 1);
	if (q->fiscal_year && (strcmp(s, from) < 0 || strcmp(s, to) > 0))
		return ydoc_error(doc, n, "inspection reference_date %s is not in fiscal year %d (%s to %s)", s,
				  q->fiscal_year, from, to);
	snprintf(ins->reference_date, sizeof ins->reference_date, "%s", s);
	return 0;
}

/* Every kind, topic and group must be used by an item: the report could not place it. */
static int check_used(const struct ydoc *doc, const struct ydoc_node *node, struct inspection *ins)
{
	int rc = 0;
	const struct ydoc_node *kinds = ydoc_get(node, "kinds"), *topics = ydoc_get(node, "topics");
	const struct ydoc_node *groups = ydoc_get(node, "groups");
	for (size_t k = 0; k < ins->kind_count; k++)
		if (ins->kind_item_count[k] == 0)
			rc = ydoc_error(doc, kinds->items[k], "inspection kind '%s' has no items", ins->kinds[k].code);
	for (size_t t = 0; t < ins->topic_count; t++) {
		bool used = false;
		for (size_t i = 0; i < ins->item_count && !used; i++)
			used = ins->items[i].topic == t;
		if (!used)
			rc = ydoc_error(doc, topics->items[t], "inspection topic '%s' has no items", ins->topics[t].code);
	}
	for (size_t g = 0; g < ins->group_count; g++) {
		bool used = false;
		for (size_t i = 0; i < ins->item_count && !used; i++)
			used = ins->items[i].group == (long)g;
		if (!used)
			rc = ydoc_error(doc, groups->items[g], "inspection group '%s' has no items", ins->groups[g].code);
	}
	return rc;
}

static void index_kinds(struct inspection *ins)
{
	ins->kind_items = xcalloc(ins->kind_count + 1, sizeof *ins->kind_items);
	ins->kind_item_count = xcalloc(ins->kind_count + 1, sizeof *ins->kind_item_count);
	for (size_t k = 0; k < ins->kind_count; k++) {
		ins->kind_items[k] = xcalloc(ins->item_count + 1, sizeof(size_t));
		for (size_t i = 0; i < ins->item_count; i++)
			if (ins->items[i].kind == k)
				ins->kind_items[k][ins->kind_item_count[k]++] = i;
	}
}

int inspection_load(const struct ydoc *doc, const struct ydoc_node *node, const struct quest *q,
		    struct inspection **out)
{
	static const char *const required[] = {"reference_date", "kinds", "topics", "items", NULL};
	static const char *const optional[] = {"groups", NULL};
	*out = NULL;
	if (ydoc_check_mapping(doc, node, "inspection", required, optional) && node->kind != YDOC_MAPPING)
		return -1;
	int rc = 0;
	struct inspection *ins = xcalloc(1, sizeof *ins);
	const struct ydoc_node *n;
	if ((n = ydoc_get(node, "reference_date")) && load_date(doc, n, q, ins))
		rc = -1;
	bool lists_ok = true;
	if ((n = ydoc_get(node, "kinds")) && load_kinds(doc, n, ins))
		rc = -1, lists_ok = false;
	if ((n = ydoc_get(node, "groups")) && load_groups(doc, n, ins))
		rc = -1, lists_ok = false;
	if ((n = ydoc_get(node, "topics")) && load_topics(doc, n, ins))
		rc = -1, lists_ok = false;
	if ((n = ydoc_get(node, "items")) && load_items(doc, n, q, ins, lists_ok))
		rc = -1;
	if (rc == 0 && (!ydoc_get(node, "reference_date") || !ydoc_get(node, "kinds") || !ydoc_get(node, "topics") ||
			!ydoc_get(node, "items")))
		rc = -1;
	if (rc == 0) {
		index_kinds(ins);
		rc = check_used(doc, node, ins);
	}
	if (rc) {
		inspection_free(ins);
		return -1;
	}
	*out = ins;
	return 0;
}
