/* choice: choice items, their answer codes and counts (core/choice.h). */
#include "core/choice.h"
#include "core/diag.h"
#include "core/quest.h"
#include "core/text.h"
#include "core/ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* '0', then letters, digits other than 0-3 and punctuation that needs no quoting in CSV or
 * YAML; 1 + 26 + 26 + 6 + 14 = 73 codes (a multiple choice needs 63 + CHOICE_MAX_ALONE). */
const char CHOICE_ALPHABET[] = "0ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz456789!#$%&()*+-./:<=>?";

_Static_assert(sizeof CHOICE_ALPHABET - 1 > (1u << CHOICE_MAX_COMBINABLE) - 1 + CHOICE_MAX_ALONE,
	       "enough answer codes for a multiple choice");
_Static_assert(sizeof CHOICE_ALPHABET - 1 > CHOICE_MAX_OPTIONS, "enough answer codes for a single choice");

void choice_free(struct choice *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->option_count; i++) {
		free(c->options[i].ja);
		free(c->options[i].en);
	}
	free(c->options);
	free(c->cond_id);
	free(c);
}

static int load_bool(const struct ydoc *doc, const struct ydoc_node *n, const char *what, bool *out)
{
	if (!n)
		return 0;
	if (n->kind == YDOC_SCALAR && n->plain && (strcmp(n->text, "true") == 0 || strcmp(n->text, "false") == 0)) {
		*out = n->text[0] == 't';
		return 0;
	}
	return ydoc_error(doc, n, "%s: expected true or false", what);
}

/* A list of option numbers of an item with count options, as a bit set. */
static int load_option_list(const struct ydoc *doc, const struct ydoc_node *n, const char *what,
			    size_t count, unsigned *mask)
{
	*mask = 0;
	if (ydoc_check_sequence(doc, n, what, 1))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n->count; i++) {
		long long v;
		if (ydoc_check_int(doc, n->items[i], what, 1, CHOICE_MAX_OPTIONS, &v)) {
			rc = -1;
			continue;
		}
		if (count && (size_t)v > count) {
			rc = ydoc_error(doc, n->items[i], "%s: option %lld does not exist (the item has %zu options)", what, v,
					count);
			continue;
		}
		if (*mask & (1u << (v - 1)))
			rc = ydoc_error(doc, n->items[i], "%s: option %lld is listed twice", what, v);
		*mask |= 1u << (v - 1);
	}
	return rc;
}

int choice_load(const struct ydoc *doc, const struct ydoc_node *node, struct choice **out)
{
	static const char *const required[] = {"options", NULL};
	static const char *const optional[] = {"multiple", "ask_if", NULL};
	*out = NULL;
	if (ydoc_check_mapping(doc, node, "choice", required, optional))
		return -1;
	struct choice *c = xcalloc(1, sizeof *c);
	c->cond_item = -1;
	int rc = load_bool(doc, ydoc_get(node, "multiple"), "choice multiple", &c->multiple);
	const struct ydoc_node *opts = ydoc_get(node, "options");
	if (ydoc_check_sequence(doc, opts, "choice options", 2)) {
		choice_free(c);
		return -1;
	}
	if (opts->count > CHOICE_MAX_OPTIONS) {
		ydoc_error(doc, opts, "choice options: %zu options, more than the limit of %d", opts->count,
			   CHOICE_MAX_OPTIONS);
		choice_free(c);
		return -1;
	}
	c->options = xcalloc(opts->count, sizeof *c->options);
	size_t combinable = 0, alone = 0;
	for (size_t i = 0; i < opts->count; i++) {
		static const char *const oreq[] = {"ja", "en", NULL};
		static const char *const oopt[] = {"implemented", "alone", NULL};
		const struct ydoc_node *o = opts->items[i];
		struct choice_option *co = &c->options[c->option_count++];
		if (ydoc_check_mapping(doc, o, "choice option", oreq, oopt)) {
			rc = -1;
			if (o->kind != YDOC_MAPPING)
				continue;
		}
		const char *ja = NULL, *en = NULL;
		if (ydoc_check_string(doc, ydoc_get(o, "ja"), "choice option ja", &ja) ||
		    ydoc_check_string(doc, ydoc_get(o, "en"), "choice option en", &en))
			rc = -1;
		co->ja = ja ? xstrdup(ja) : NULL;
		co->en = en ? xstrdup(en) : NULL;
		if (load_bool(doc, ydoc_get(o, "implemented"), "choice option implemented", &co->implemented) ||
		    load_bool(doc, ydoc_get(o, "alone"), "choice option alone", &co->alone))
			rc = -1;
		if (co->implemented)
			c->implemented_mask |= 1u << i;
		if (co->alone && !c->multiple)
			rc = ydoc_error(doc, ydoc_get(o, "alone"),
					"choice option alone: only an option of a multiple choice can stand alone");
		if (co->alone)
			alone++;
		else
			combinable++;
	}
	if (c->multiple && combinable > CHOICE_MAX_COMBINABLE)
		rc = ydoc_error(doc, opts, "choice options: a multiple choice has at most %d options that can be picked "
				"together (this one has %zu; mark the others alone: true)", CHOICE_MAX_COMBINABLE, combinable);
	if (c->multiple && alone > CHOICE_MAX_ALONE)
		rc = ydoc_error(doc, opts, "choice options: a multiple choice has at most %d options that stand alone",
				CHOICE_MAX_ALONE);
	const struct ydoc_node *cond = ydoc_get(node, "ask_if");
	if (cond) {
		static const char *const creq[] = {"item", "options", NULL};
		const char *id;
		if (ydoc_check_mapping(doc, cond, "choice ask_if", creq, NULL)) {
			rc = -1;
		} else if (ydoc_check_string(doc, ydoc_get(cond, "item"), "choice ask_if item", &id) ||
			   load_option_list(doc, ydoc_get(cond, "options"), "choice ask_if options", 0, &c->cond_mask)) {
			rc = -1;
		} else {
			c->cond_id = xstrdup(id);
			c->cond_line = ydoc_get(cond, "item")->line;
			c->cond_col = ydoc_get(cond, "item")->col;
		}
	}
	if (rc) {
		choice_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

int choice_resolve(const struct ydoc *doc, struct quest *q)
{
	int rc = 0;
	for (size_t i = 0; i < q->item_count; i++) {
		struct choice *c = q->items[i].choice;
		if (!c || !c->cond_id)
			continue;
		char *id = text_excerpt(c->cond_id, DIAG_EXCERPT_CHARS);
		long k = quest_find_item(q, c->cond_id);
		if (k < 0) {
			rc = ydoc_error_at(doc, c->cond_line, c->cond_col,
					   "choice ask_if: item '%s' is not in this questionnaire", id);
		} else if ((size_t)k >= i) {
			rc = ydoc_error_at(doc, c->cond_line, c->cond_col,
					   "choice ask_if: item %s must come before item %s (a condition looks back)", id,
					   q->items[i].id);
		} else if (!q->items[k].choice) {
			rc = ydoc_error_at(doc, c->cond_line, c->cond_col,
					   "choice ask_if: item %s is not a choice item", id);
		} else if ((q->items[k].roles & q->items[i].roles) != q->items[i].roles) {
			rc = ydoc_error_at(doc, c->cond_line, c->cond_col,
					   "choice ask_if: item %s is not asked of every role item %s is asked of", id,
					   q->items[i].id);
		} else {
			size_t n = q->items[k].choice->option_count;
			if (c->cond_mask >> n)
				rc = ydoc_error_at(doc, c->cond_line, c->cond_col,
						   "choice ask_if: item %s has %zu options; the condition names a higher one",
						   id, n);
			else
				c->cond_item = k;
		}
		free(id);
	}
	return rc;
}

/* Index among the combinable (or the alone) options of option k. */
static unsigned rank_of(const struct choice *c, size_t k, bool alone)
{
	unsigned r = 0;
	for (size_t i = 0; i < k; i++)
		r += c->options[i].alone == alone;
	return r;
}

bool choice_mask_valid(const struct choice *c, unsigned mask, const char **why)
{
	const char *w = NULL;
	if (mask == 0)
		w = "no option picked";
	else if (c->option_count < 32 && (mask >> c->option_count))
		w = "an option that does not exist";
	else if (!c->multiple && (mask & (mask - 1)))
		w = "more than one option of a single choice";
	else if (c->multiple && (mask & (mask - 1))) {
		for (size_t k = 0; k < c->option_count; k++)
			if ((mask >> k & 1u) && c->options[k].alone)
				w = "an option that stands alone, picked with another";
	}
	if (why)
		*why = w;
	return w == NULL;
}

char choice_encode(const struct choice *c, unsigned mask)
{
	if (!choice_mask_valid(c, mask, NULL))
		return 0;
	if (!c->multiple) {
		for (size_t k = 0; k < c->option_count; k++)
			if (mask == 1u << k)
				return CHOICE_ALPHABET[k + 1];
		return 0;
	}
	unsigned v = 0;
	for (size_t k = 0; k < c->option_count; k++) {
		if (!(mask >> k & 1u))
			continue;
		if (c->options[k].alone)
			return CHOICE_ALPHABET[(1u << CHOICE_MAX_COMBINABLE) + rank_of(c, k, true)];
		v |= 1u << rank_of(c, k, false);
	}
	return CHOICE_ALPHABET[v];
}

static int code_value(char code)
{
	if (!code)
		return -1;
	const char *p = strchr(CHOICE_ALPHABET, code);
	return p ? (int)(p - CHOICE_ALPHABET) : -1;
}

unsigned choice_decode(const struct choice *c, char code)
{
	int v = code_value(code);
	if (v <= 0)
		return 0;
	if (!c->multiple)
		return (size_t)v <= c->option_count ? 1u << (v - 1) : 0;
	unsigned mask = 0;
	if (v >= 1 << CHOICE_MAX_COMBINABLE) {
		unsigned want = (unsigned)v - (1u << CHOICE_MAX_COMBINABLE);
		for (size_t k = 0; k < c->option_count; k++)
			if (c->options[k].alone && rank_of(c, k, true) == want)
				return 1u << k;
		return 0;
	}
	unsigned bits = (unsigned)v, seen = 0;
	for (size_t k = 0; k < c->option_count; k++) {
		if (c->options[k].alone)
			continue;
		if (bits >> seen & 1u)
			mask |= 1u << k;
		seen++;
	}
	if (bits >> seen)
		return 0;
	return mask;
}

bool choice_code_valid(const struct choice *c, char code)
{
	return code == '0' || choice_decode(c, code) != 0;
}

bool choice_asked(const struct quest *q, size_t item, enum role role, const char *answers)
{
	const struct choice *c = q->items[item].choice;
	if (!c || c->cond_item < 0)
		return true;
	long pos = quest_sheet_position(q, role, (size_t)c->cond_item);
	if (pos < 0 || !answers)
		return false;
	const struct choice *cc = q->items[c->cond_item].choice;
	if (!choice_asked(q, (size_t)c->cond_item, role, answers))
		return false;
	return (choice_decode(cc, answers[pos]) & c->cond_mask) != 0;
}

unsigned choice_parse(const struct choice *c, const char *text, const char **why)
{
	unsigned mask = 0;
	const char *p = text;
	*why = NULL;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9') {
			*why = *p ? "expected option numbers separated by commas" : "no option given";
			return 0;
		}
		long v = 0;
		while (*p >= '0' && *p <= '9' && v < 1000)
			v = v * 10 + (*p++ - '0');
		if (v < 1 || (size_t)v > c->option_count) {
			*why = "an option that does not exist";
			return 0;
		}
		if (mask & (1u << (v - 1))) {
			*why = "an option given twice";
			return 0;
		}
		mask |= 1u << (v - 1);
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return mask;
		if (*p != ',') {
			*why = "expected option numbers separated by commas";
			return 0;
		}
		p++;
	}
}

void choice_format(unsigned mask, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int k = 0; k < 32 && used + 4 < size; k++)
		if (mask >> k & 1u)
			used += (size_t)snprintf(buf + used, size - used, "%s%d", used ? "," : "", k + 1);
}

uint64_t choice_n(const struct tally_choice *tc, size_t option_count)
{
	uint64_t n = 0;
	for (size_t k = 0; tc->options && k < option_count; k++)
		n += tc->options[k];
	return n;
}

void choice_count_add(struct tally_choice *tc, unsigned mask, size_t option_count)
{
	tc->respondents++;
	for (size_t k = 0; k < option_count; k++)
		if (mask >> k & 1u)
			tc->options[k]++;
}

int choice_share_percent(uint64_t count, uint64_t n)
{
	if (n == 0)
		return -1;
	/* half up: floor((200·count + n) / (2n)), exact in 128 bits */
	unsigned __int128 num = (unsigned __int128)count * 200 + n;
	return (int)(num / ((unsigned __int128)n * 2));
}
