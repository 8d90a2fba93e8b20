/* quest: loading and checking questionnaires; the canonical digest. */
#include "core/quest.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/inspection.h"
#include "core/sha256.h"
#include "core/text.h"
#include "core/ydoc.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void text_copy(struct quest_text *t, const char *ja, const char *en)
{
	t->ja = ja ? xstrdup(ja) : NULL;
	t->en = en ? xstrdup(en) : NULL;
}

static void text_release(struct quest_text *t)
{
	free(t->ja);
	free(t->en);
}

void quest_free(struct quest *q)
{
	if (!q)
		return;
	free(q->id);
	text_release(&q->title);
	text_release(&q->standard);
	for (size_t i = 0; i < q->category_count; i++) {
		free(q->categories[i].code);
		text_release(&q->categories[i].name);
		text_release(&q->categories[i].note);
	}
	free(q->categories);
	for (size_t i = 0; i < q->item_count; i++) {
		free(q->items[i].id);
		free(q->items[i].clause);
		text_release(&q->items[i].question);
		text_release(&q->items[i].explanation);
		choice_free(q->items[i].choice);
	}
	free(q->items);
	for (int r = 0; r < ROLE_COUNT; r++)
		free(q->role_items[r]);
	inspection_free(q->inspection);
	if (q->id_index)
		g_hash_table_destroy(q->id_index);
	free(q->source);
	free(q);
}

bool quest_item_id_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-')))
			return false;
	}
	return true;
}

/* Digest field: decimal length, ':', bytes, '\n'. */
static void digest_field(struct sha256 *sum, const char *s)
{
	char head[32];
	size_t n = s ? strlen(s) : 0;
	int k = snprintf(head, sizeof head, "%zu:", n);
	sha256_update(sum, head, (size_t)k);
	sha256_update(sum, s, n);
	sha256_update(sum, "\n", 1);
}

static void digest_number(struct sha256 *sum, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	digest_field(sum, buf);
}

static void compute_digest(struct quest *q)
{
	struct sha256 state, *sum = &state;
	sha256_init(sum);
	digest_field(sum, QUEST_FORMAT);
	digest_field(sum, q->id);
	digest_number(sum, q->fiscal_year);
	digest_field(sum, q->title.ja);
	digest_field(sum, q->title.en);
	digest_field(sum, q->standard.ja);
	digest_field(sum, q->standard.en);
	digest_number(sum, (long long)q->category_count);
	for (size_t i = 0; i < q->category_count; i++) {
		const struct quest_category *c = &q->categories[i];
		digest_field(sum, c->code);
		digest_field(sum, c->name.ja);
		digest_field(sum, c->name.en);
		digest_field(sum, c->note.ja);
		digest_field(sum, c->note.en);
	}
	digest_number(sum, (long long)q->item_count);
	for (size_t i = 0; i < q->item_count; i++) {
		const struct quest_item *it = &q->items[i];
		digest_field(sum, it->id);
		int nroles = 0;
		for (int r = 0; r < ROLE_COUNT; r++)
			nroles += quest_item_has_role(it, (enum role)r);
		digest_number(sum, nroles);
		/* Role order in the file carries no meaning: the canonical form lists roles in
		 * catalogue order. */
		for (int r = 0; r < ROLE_COUNT; r++)
			if (quest_item_has_role(it, (enum role)r))
				digest_field(sum, role_info((enum role)r)->code);
		digest_field(sum, q->categories[it->category].code);
		digest_field(sum, it->clause);
		digest_field(sum, it->question.ja);
		digest_field(sum, it->question.en);
		digest_field(sum, it->explanation.ja);
		digest_field(sum, it->explanation.en);
	}
	/* A questionnaire without inspection keeps the digest it always had. */
	const struct inspection *ins = q->inspection;
	if (ins) {
		digest_field(sum, "inspection");
		digest_field(sum, ins->reference_date);
		digest_number(sum, (long long)ins->kind_count);
		for (size_t k = 0; k < ins->kind_count; k++) {
			digest_field(sum, ins->kinds[k].code);
			digest_field(sum, ins->kinds[k].name.ja);
			digest_field(sum, ins->kinds[k].name.en);
		}
		digest_number(sum, (long long)ins->group_count);
		for (size_t g = 0; g < ins->group_count; g++) {
			digest_field(sum, ins->groups[g].code);
			digest_field(sum, ins->groups[g].name.ja);
			digest_field(sum, ins->groups[g].name.en);
		}
		digest_number(sum, (long long)ins->topic_count);
		for (size_t t = 0; t < ins->topic_count; t++) {
			const struct inspection_topic *tp = &ins->topics[t];
			digest_field(sum, tp->code);
			digest_field(sum, tp->name.ja);
			digest_field(sum, tp->name.en);
			digest_field(sum, tp->reason.ja);
			digest_field(sum, tp->reason.en);
		}
		digest_number(sum, (long long)ins->item_count);
		for (size_t i = 0; i < ins->item_count; i++) {
			const struct inspection_item *it = &ins->items[i];
			digest_field(sum, it->id);
			digest_field(sum, ins->kinds[it->kind].code);
			digest_field(sum, ins->topics[it->topic].code);
			digest_field(sum, it->group >= 0 ? ins->groups[it->group].code : NULL);
			digest_field(sum, it->clause);
			digest_field(sum, it->name.ja);
			digest_field(sum, it->name.en);
			digest_field(sum, it->question.ja);
			digest_field(sum, it->question.en);
			digest_field(sum, it->explanation.ja);
			digest_field(sum, it->explanation.en);
		}
	}
	/* A questionnaire without choice items keeps the digest it always had. */
	if (q->choice_item_count) {
		digest_field(sum, "choices");
		digest_number(sum, (long long)q->choice_item_count);
		for (size_t i = 0; i < q->item_count; i++) {
			const struct choice *c = q->items[i].choice;
			if (!c)
				continue;
			digest_field(sum, q->items[i].id);
			digest_field(sum, c->multiple ? "multiple" : "single");
			digest_number(sum, (long long)c->option_count);
			for (size_t k = 0; k < c->option_count; k++) {
				digest_field(sum, c->options[k].ja);
				digest_field(sum, c->options[k].en);
				digest_field(sum, c->options[k].implemented ? "implemented" : "");
				digest_field(sum, c->options[k].alone ? "alone" : "");
			}
			digest_field(sum, c->cond_item >= 0 ? q->items[c->cond_item].id : NULL);
			digest_number(sum, (long long)c->cond_mask);
		}
	}
	unsigned char digest[SHA256_DIGEST_SIZE];
	sha256_final(sum, digest);
	sha256_hex(digest, q->digest, sizeof q->digest);
}

/* Errors reported by the load in progress are counted from error_base. */
static int error_base;
static int errors_so_far(void) { return diag_error_count() - error_base; }
static bool too_many(void) { return errors_so_far() >= DIAG_MAX_ERRORS; }

static int load_categories(const struct ydoc *doc, const struct ydoc_node *node, struct quest *q)
{
	static const char *const required[] = {"code", "ja", "en", NULL};
	static const char *const optional[] = {"note", NULL};
	if (ydoc_check_sequence(doc, node, "categories", 1))
		return -1;
	if (node->count > QUEST_MAX_CATEGORIES)
		return ydoc_error(doc, node, "categories: %zu categories, more than the limit of %d", node->count,
				  QUEST_MAX_CATEGORIES);
	int rc = 0;
	q->categories = xcalloc(node->count, sizeof *q->categories);
	for (size_t i = 0; i < node->count && !too_many(); i++) {
		const struct ydoc_node *c = node->items[i];
		int cat_rc = 0;
		if (ydoc_check_mapping(doc, c, "category", required, optional)) {
			cat_rc = -1;
			if (c->kind != YDOC_MAPPING) {
				rc = -1;
				continue;
			}
		}
		const char *code = NULL, *ja = NULL, *en = NULL, *note_ja = NULL, *note_en = NULL;
		const struct ydoc_node *code_node = ydoc_get(c, "code");
		if (ydoc_check_string(doc, code_node, "category code", &code))
			cat_rc = -1;
		else if (!ydoc_is_code(code, false)) {
			cat_rc = ydoc_error(doc, code_node, "category code '%s': expected lowercase letters, digits and '_'",
					    diag_excerpt(code));
		} else if (quest_find_category(q, code) >= 0) {
			cat_rc = ydoc_error(doc, code_node, "duplicate category code '%s'", code);
		}
		if (ydoc_check_string(doc, ydoc_get(c, "ja"), "category ja", &ja))
			cat_rc = -1;
		if (ydoc_check_string(doc, ydoc_get(c, "en"), "category en", &en))
			cat_rc = -1;
		const struct ydoc_node *note = ydoc_get(c, "note");
		if (note && ydoc_check_text(doc, note, "category note", &note_ja, &note_en))
			cat_rc = -1;
		if (cat_rc)
			rc = -1;
		else {
			struct quest_category *cat = &q->categories[q->category_count++];
			cat->code = xstrdup(code);
			text_copy(&cat->name, ja, en);
			text_copy(&cat->note, note_ja, note_en);
		}
	}
	return rc;
}

static int load_roles(const struct ydoc *doc, const struct ydoc_node *node, unsigned *roles)
{
	if (ydoc_check_sequence(doc, node, "item roles", 0))
		return -1;
	if (node->count == 0)
		return ydoc_error(doc, node, "item roles: an item must be bound to at least one role");
	int rc = 0;
	*roles = 0;
	for (size_t i = 0; i < node->count; i++) {
		const struct ydoc_node *r = node->items[i];
		const char *code;
		if (ydoc_check_string(doc, r, "role", &code)) {
			rc = -1;
			continue;
		}
		int role = role_from_code(code);
		if (role < 0) {
			rc = ydoc_error(doc, r, "unknown role code '%s' (expected one of the codes of the role catalogue, e.g. staff, division_officer, system_admin)",
					diag_excerpt(code));
		} else if (*roles & (1u << role)) {
			rc = ydoc_error(doc, r, "role '%s' is listed twice", code);
		} else {
			*roles |= 1u << role;
		}
	}
	return rc;
}

static int load_items(const struct ydoc *doc, const struct ydoc_node *node, struct quest *q,
		      int categories_ok)
{
	static const char *const required[] = {"id", "roles", "category", "clause", "question",
					       "explanation", NULL};
	static const char *const optional[] = {"choice", NULL};
	if (ydoc_check_sequence(doc, node, "items", 1))
		return -1;
	if (node->count > QUEST_MAX_ITEMS)
		return ydoc_error(doc, node, "items: %zu items, more than the limit of %d", node->count, QUEST_MAX_ITEMS);
	int rc = 0;
	q->items = xcalloc(node->count, sizeof *q->items);
	for (size_t i = 0; i < node->count && !too_many(); i++) {
		const struct ydoc_node *n = node->items[i];
		int item_rc = 0;
		if (ydoc_check_mapping(doc, n, "item", required, optional)) {
			item_rc = rc = -1;
			if (n->kind != YDOC_MAPPING)
				continue;
		}
		const char *id = NULL, *category = NULL, *clause = NULL;
		const char *qja = NULL, *qen = NULL, *eja = NULL, *een = NULL;
		unsigned roles = 0;
		const struct ydoc_node *id_node = ydoc_get(n, "id");
		if (ydoc_check_string(doc, id_node, "item id", &id))
			item_rc = -1;
		else if (!quest_item_id_valid(id)) {
			item_rc = ydoc_error(doc, id_node, "item id '%s': expected letters, digits, '_', '.' or '-' (at most 32, starting with a letter or digit)",
					     diag_excerpt(id));
		} else if (quest_find_item(q, id) >= 0) {
			long first = quest_find_item(q, id);
			item_rc = ydoc_error(doc, id_node, "duplicate item id '%s' (first at line %d)", id,
					     q->items[first].line);
		}
		if (load_roles(doc, ydoc_get(n, "roles"), &roles))
			item_rc = -1;
		const struct ydoc_node *cat_node = ydoc_get(n, "category");
		long cat = -1;
		if (ydoc_check_string(doc, cat_node, "item category", &category))
			item_rc = -1;
		else if ((cat = quest_find_category(q, category)) < 0 && categories_ok) {
			item_rc = ydoc_error(doc, cat_node, "item category '%s' is not declared under categories",
					     diag_excerpt(category));
		}
		if (ydoc_check_string(doc, ydoc_get(n, "clause"), "item clause", &clause))
			item_rc = -1;
		if (ydoc_check_text(doc, ydoc_get(n, "question"), "item question", &qja, &qen))
			item_rc = -1;
		if (ydoc_check_text(doc, ydoc_get(n, "explanation"), "item explanation", &eja, &een))
			item_rc = -1;
		struct choice *choice = NULL;
		const struct ydoc_node *choice_node = ydoc_get(n, "choice");
		if (choice_node && choice_load(doc, choice_node, &choice))
			item_rc = -1;
		if (item_rc || cat < 0) {
			choice_free(choice);
			rc = -1;
			continue;
		}
		struct quest_item *it = &q->items[q->item_count++];
		it->id = xstrdup(id);
		it->roles = roles;
		it->category = (size_t)cat;
		it->clause = xstrdup(clause);
		it->line = n->line;
		text_copy(&it->question, qja, qen);
		text_copy(&it->explanation, eja, een);
		it->choice = choice;
		q->choice_item_count += choice != NULL;
		g_hash_table_insert(q->id_index, it->id, (gpointer)(uintptr_t)q->item_count);
	}
	return rc;
}

static void index_roles(struct quest *q)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		q->role_items[r] = xcalloc(q->item_count, sizeof(size_t));
		for (size_t i = 0; i < q->item_count; i++) {
			q->items[i].sheet_position[r] = -1;
			if (quest_item_has_role(&q->items[i], (enum role)r)) {
				q->items[i].sheet_position[r] = (long)q->role_item_count[r];
				q->role_items[r][q->role_item_count[r]++] = i;
			}
		}
	}
}

static int load_doc(const struct ydoc *doc, struct quest *q)
{
	static const char *const required[] = {"format", "id", "fiscal_year", "title",
					       "categories", "items", NULL};
	static const char *const optional[] = {"standard", "inspection", NULL};
	const struct ydoc_node *root = doc->root;
	if (!root)
		return ydoc_error(doc, NULL, "empty file: expected a questionnaire mapping with keys format, id, fiscal_year, title, categories, items");
	if (ydoc_check_mapping(doc, root, "questionnaire", required, optional) && root->kind != YDOC_MAPPING)
		return -1;
	int rc = errors_so_far() ? -1 : 0;
	const char *format = NULL, *id = NULL, *tja = NULL, *ten = NULL, *sja = NULL, *sen = NULL;
	const struct ydoc_node *fmt_node = ydoc_get(root, "format");
	if (fmt_node && ydoc_check_string(doc, fmt_node, "format", &format) == 0 &&
	    strcmp(format, QUEST_FORMAT) != 0) {
		rc = ydoc_error(doc, fmt_node, "format: expected '%s', found '%s'", QUEST_FORMAT,
				diag_excerpt(format));
	} else if (fmt_node && !format) {
		rc = -1;
	}
	const struct ydoc_node *id_node = ydoc_get(root, "id");
	if (id_node) {
		if (ydoc_check_string(doc, id_node, "id", &id))
			rc = -1;
		else if (!ydoc_is_code(id, true) || strlen(id) > 64) {
			rc = ydoc_error(doc, id_node, "id '%s': expected lowercase letters, digits, '_' and '-' (at most 64)",
					diag_excerpt(id));
		} else {
			q->id = xstrdup(id);
		}
	}
	long long fy = 0;
	const struct ydoc_node *fy_node = ydoc_get(root, "fiscal_year");
	if (fy_node && ydoc_check_fiscal_year(doc, fy_node, "fiscal_year", &fy))
		rc = -1;
	q->fiscal_year = (int)fy;
	const struct ydoc_node *title = ydoc_get(root, "title");
	if (title && ydoc_check_text(doc, title, "title", &tja, &ten))
		rc = -1;
	text_copy(&q->title, tja, ten);
	const struct ydoc_node *standard = ydoc_get(root, "standard");
	if (standard && ydoc_check_text(doc, standard, "standard", &sja, &sen))
		rc = -1;
	text_copy(&q->standard, sja, sen);
	int categories_ok = 1;
	const struct ydoc_node *cats = ydoc_get(root, "categories");
	if (cats && load_categories(doc, cats, q)) {
		rc = -1;
		categories_ok = 0;
	}
	const struct ydoc_node *items = ydoc_get(root, "items");
	if (items && load_items(doc, items, q, categories_ok))
		rc = -1;
	else if (items && choice_resolve(doc, q))
		rc = -1;
	/* After the items: an inspection item's id may not be a person item's. */
	const struct ydoc_node *inspection = ydoc_get(root, "inspection");
	if (inspection && inspection_load(doc, inspection, q, &q->inspection))
		rc = -1;
	return rc;
}

int quest_load_buffer(const char *name, const char *data, size_t len, struct quest **out)
{
	*out = NULL;
	struct ydoc *doc;
	if (ydoc_load_buffer(name, data, len, &doc))
		return -1;
	struct quest *q = xcalloc(1, sizeof *q);
	q->id_index = g_hash_table_new(g_str_hash, g_str_equal);
	error_base = diag_error_count();
	int rc = load_doc(doc, q);
	int found = errors_so_far();
	ydoc_free(doc);
	if (rc || found) {
		if (found >= DIAG_MAX_ERRORS)
			diag_note("%s: too many errors, stopped after %d", name, DIAG_MAX_ERRORS);
		quest_free(q);
		return -1;
	}
	q->source = xstrndup(data, len);
	q->source_len = len;
	index_roles(q);
	compute_digest(q);
	*out = q;
	return 0;
}

int quest_load_file(const char *path, struct quest **out)
{
	*out = NULL;
	char *data;
	size_t len;
	if (ydoc_read_file(path, &data, &len))
		return -1;
	int rc = quest_load_buffer(path, data, len, out);
	free(data);
	return rc;
}

long quest_find_item(const struct quest *q, const char *id)
{
	return (long)(uintptr_t)g_hash_table_lookup(q->id_index, id) - 1;
}

long quest_find_category(const struct quest *q, const char *code)
{
	for (size_t i = 0; i < q->category_count; i++)
		if (strcmp(q->categories[i].code, code) == 0)
			return (long)i;
	return -1;
}

long quest_sheet_position(const struct quest *q, enum role role, size_t item)
{
	return q->items[item].sheet_position[role];
}

bool quest_item_has_role(const struct quest_item *item, enum role role)
{
	return (item->roles >> role) & 1u;
}

const char *quest_text_get(const struct quest_text *t, const char *lang)
{
	const char *s = (lang && strcmp(lang, "en") == 0) ? t->en : t->ja;
	return s ? s : "";
}
