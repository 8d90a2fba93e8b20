/* store_choice: choice counts, published rounds and kinds of organisation in the store. */
#include "core/store_choice.h"
#include "core/choice.h"
#include "core/diag.h"
#include "core/text.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int done(struct store *s, sqlite3_stmt *st)
{
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Inserts (or replaces) the choice counts of role at sheet position k of t with st, the
 * statement of put_statement. */
static int put_row(struct store *s, sqlite3_stmt *st, const struct tally *t, enum role role, size_t k,
		   struct strbuf *b)
{
	const struct quest_item *it = &t->quest->items[t->quest->role_items[role][k]];
	const struct tally_choice *tc = &t->roles[role].choices[k];
	strbuf_reset(b);
	for (size_t o = 0; o < it->choice->option_count; o++)
		strbuf_addf(b, "%s%llu", o ? "," : "", (unsigned long long)tc->options[o]);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	sqlite3_bind_text(st, 3, role_info(role)->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, it->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)tc->respondents);
	sqlite3_bind_text(st, 6, b->buf, -1, SQLITE_TRANSIENT);
	return store_step(s, st) == SQLITE_DONE ? 0 : -1;
}

/* Writes the rows of the choice items of role present in t (those where write[k], or all when
 * write is NULL) with st. */
static int put_role(struct store *s, sqlite3_stmt *st, const struct tally *t, enum role role, const bool *write,
		    struct strbuf *b)
{
	const struct quest *q = t->quest;
	const struct tally_role *tr = &t->roles[role];
	if (!tr->present || !tr->choices)
		return 0;
	for (size_t k = 0; k < q->role_item_count[role]; k++)
		if (q->items[q->role_items[role][k]].choice && (!write || write[k]) && put_row(s, st, t, role, k, b))
			return -1;
	return 0;
}

static int put_statement(struct store *s, sqlite3_stmt **st)
{
	return store_prepare(s, "INSERT OR REPLACE INTO tally_choice(org, fiscal_year, role, item, respondents, options)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", st);
}

int store_put_tally_choices(struct store *s, const struct tally *t)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "DELETE FROM tally_choice WHERE org = ?1 AND fiscal_year = ?2", &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	if (done(s, st))
		return -1;
	if (!t->quest->choice_item_count)
		return 0;
	if (put_statement(s, &st))
		return -1;
	int result = 0;
	struct strbuf b;
	strbuf_init(&b);
	for (int r = 0; r < ROLE_COUNT && result == 0; r++)
		result = put_role(s, st, t, (enum role)r, NULL, &b);
	strbuf_release(&b);
	sqlite3_finalize(st);
	return result;
}

int store_put_tally_choices_of_role(struct store *s, const struct tally *t, enum role role, const bool *write)
{
	if (!t->quest->choice_item_count)
		return 0;
	sqlite3_stmt *st;
	if (!t->roles[role].present) {
		if (store_prepare(s, "DELETE FROM tally_choice WHERE org = ?1 AND fiscal_year = ?2 AND role = ?3", &st))
			return -1;
		sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, t->fiscal_year);
		sqlite3_bind_text(st, 3, role_info(role)->code, -1, SQLITE_STATIC);
		return done(s, st);
	}
	if (put_statement(s, &st))
		return -1;
	struct strbuf b;
	strbuf_init(&b);
	int result = put_role(s, st, t, role, write, &b);
	strbuf_release(&b);
	sqlite3_finalize(st);
	return result;
}

/* "3,0,12" into n counts; -1 when the list does not have n numbers. */
static int parse_counts(const char *text, uint64_t *out, size_t n)
{
	const char *p = text;
	for (size_t i = 0; i < n; i++) {
		char *end;
		if (*p < '0' || *p > '9')
			return -1;
		out[i] = strtoull(p, &end, 10);
		p = end;
		if (i + 1 < n && *p++ != ',')
			return -1;
	}
	return *p ? -1 : 0;
}

int store_load_tally_choices(struct store *s, struct tally *t)
{
	const struct quest *q = t->quest;
	if (!q->choice_item_count)
		return 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT role, item, respondents, options FROM tally_choice WHERE org = ?1 AND fiscal_year = ?2",
			  &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	int rc, result = 0;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *rcode = (const char *)sqlite3_column_text(st, 0);
		const char *item = (const char *)sqlite3_column_text(st, 1);
		int role = role_from_code(rcode);
		long idx = role < 0 ? -1 : quest_find_item(q, item);
		long pos = idx < 0 ? -1 : quest_sheet_position(q, (enum role)role, (size_t)idx);
		if (pos < 0 || !q->items[idx].choice || !t->roles[role].present) {
			result = diag_error("%s: choice counts of item '%s' (role %s) of %s are not of questionnaire %s",
					    s->path, item, rcode, t->org.code, q->id);
			break;
		}
		struct tally_choice *tc = &t->roles[role].choices[pos];
		tc->respondents = (uint64_t)sqlite3_column_int64(st, 2);
		if (parse_counts((const char *)sqlite3_column_text(st, 3), tc->options, q->items[idx].choice->option_count)) {
			result = diag_error("%s: choice counts of item '%s' of %s do not fit its %zu options", s->path,
					    item, t->org.code, q->items[idx].choice->option_count);
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return result;
}

int store_delete_history_choices(struct store *s, int fiscal_year)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "DELETE FROM history_choice WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	return done(s, st);
}

int store_put_history_choice(struct store *s, const struct history_choice *h)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "INSERT OR REPLACE INTO history_choice(fiscal_year, item, n, shares, rate)"
			     " VALUES (?1, ?2, ?3, ?4, ?5)", &st))
		return -1;
	struct strbuf b;
	strbuf_init(&b);
	for (size_t i = 0; i < h->share_count; i++) {
		if (h->shares[i] < 0)
			strbuf_addf(&b, "%s", i ? "," : "");
		else
			strbuf_addf(&b, "%s%d", i ? "," : "", h->shares[i]);
	}
	sqlite3_bind_int(st, 1, h->fiscal_year);
	sqlite3_bind_text(st, 2, h->item, -1, SQLITE_TRANSIENT);
	if (h->n >= 0)
		sqlite3_bind_int64(st, 3, h->n);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, b.buf, -1, SQLITE_TRANSIENT);
	if (h->rate >= 0)
		sqlite3_bind_int(st, 5, h->rate);
	else
		sqlite3_bind_null(st, 5);
	strbuf_release(&b);
	return done(s, st);
}

void history_choice_release(struct history_choice *h)
{
	if (!h)
		return;
	free(h->item);
	free(h->shares);
	memset(h, 0, sizeof *h);
}

int store_get_history_choice(struct store *s, int fiscal_year, const char *item, struct history_choice *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT n, shares, rate FROM history_choice WHERE fiscal_year = ?1 AND item = ?2", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	sqlite3_bind_text(st, 2, item, -1, SQLITE_TRANSIENT);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		out->fiscal_year = fiscal_year;
		out->item = xstrdup(item);
		out->n = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
		out->rate = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2);
		const char *p = (const char *)sqlite3_column_text(st, 1);
		size_t cap = 1;
		for (const char *c = p; *c; c++)
			cap += *c == ',';
		out->shares = xcalloc(cap, sizeof *out->shares);
		for (;;) {
			if (*p >= '0' && *p <= '9') {
				char *end;
				out->shares[out->share_count++] = (int)strtol(p, &end, 10);
				p = end;
			} else {
				out->shares[out->share_count++] = -1;
			}
			if (*p != ',')
				break;
			p++;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
