/* livetally: the tally's counts changed with each change of the answers, in its transaction. */
#include "core/livetally.h"
#include "core/choice.h"
#include "core/choicecount.h"
#include "core/diag.h"
#include "core/responses.h"
#include "core/store_choice.h"
#include "core/systally.h"
#include "core/tallying.h"
#include "core/tallyunits.h"
#include "core/text.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

long livetally_sheet(const struct quest *q, enum role role, struct tally_role *tr, const char *answers, size_t len,
		     bool submitted, int sign)
{
	const size_t items = q->role_item_count[role];
	/* sign as an unsigned count: adding it adds or subtracts one, modulo 2^64. */
	const uint64_t d = (uint64_t)(int64_t)sign;
	tr->targets += d;
	tr->attainment.known = true;
	if (!submitted)
		return 0;
	if (len != items)
		return LIVETALLY_BAD_LENGTH;
	tr->submitted += d;
	struct tally_counts *c = tr->items;
	uint64_t implemented = 0, not_implemented = 0;
	_Static_assert(RESPONSE_UNANSWERED == '0' && RESPONSE_IMPLEMENTED == '1' && RESPONSE_NOT_IMPLEMENTED == '2' &&
		       RESPONSE_NOT_APPLICABLE == '3', "answer codes are the digits 0 to 3");
	/* Without a branch per answer: answers in random order would mispredict most of them. */
	for (size_t k = 0; k < items; k++) {
		if (tr->choices && tr->choices[k].options) {
			/* a choice item: its options, and implemented or not when they say (core/choicecount.h) */
			if (choicecount_answer(q, role, tr, k, answers, d, &implemented, &not_implemented))
				return (long)k + 1;
			continue;
		}
		unsigned v = (unsigned)(unsigned char)answers[k] - '0';
		if (v > 3)
			return (long)k + 1;
		uint64_t one = v == 1, two = v == 2, three = v == 3;
		c[k].implemented += d * one;
		c[k].not_implemented += d * two;
		c[k].not_applicable += d * three;
		implemented += one;
		not_implemented += two;
	}
	/* The sheet's attainment: counted over its obligated answers, when it has any. */
	uint64_t obligated = implemented + not_implemented;
	if (obligated == 0)
		return 0;
	tr->attainment.obligated += d;
	for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
		if (rate_counts_at_least_percent(implemented, obligated, TALLY_ATTAINMENT_PERCENT[k]))
			tr->attainment.at[k] += d;
	return 0;
}

void livetally_persons(struct tally_persons *p, uint64_t owed, uint64_t submitted, int sign)
{
	if (owed == 0)
		return;
	const uint64_t d = (uint64_t)(int64_t)sign;
	p->targets += d;
	if (submitted == owed)
		p->submitted_all += d;
}

void livetally_person_release(struct livetally_person *p)
{
	if (!p || !p->owned)
		return;
	free((char *)p->id);
	free((char *)p->unit);
	for (size_t i = 0; i < p->count; i++)
		free((char *)p->targets[i].answers);
	memset(p, 0, sizeof *p);
}

struct livetally {
	struct store *s;
	int fiscal_year;
	const struct quest *quest;
	char *org;
	GHashTable *units;          /* unit → struct tally * of differences, owned */
	struct responses_scan *read;   /* one person's targets */
	sqlite3_stmt *pending_add, *pending_drop;
};

void livetally_free(struct livetally *lt)
{
	if (!lt)
		return;
	free(lt->org);
	if (lt->units)
		g_hash_table_destroy(lt->units);
	responses_close(lt->read);
	sqlite3_finalize(lt->pending_add);
	sqlite3_finalize(lt->pending_drop);
	free(lt);
}

/* The kept counts of the year: the collecting organisation (*org, NULL when none: free it) and
 * whether what they record covering is the store's state now. */
static int kept_state(struct store *s, int fiscal_year, char **org, bool *current)
{
	*org = NULL;
	*current = false;
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found <= 0)
		return found;
	if (!y.org) {
		store_year_release(&y);
		return 0;
	}
	*org = xstrdup(y.org);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT generation, closed_at, units IS NOT NULL FROM tally_source"
			     " WHERE org = ?1 AND fiscal_year = ?2", &st)) {
		store_year_release(&y);
		return -1;
	}
	sqlite3_bind_text(st, 1, y.org, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, fiscal_year);
	int rc = store_step(s, st);
	long long generation = 0;
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL && sqlite3_column_int(st, 2) &&
	    store_answer_generation(s, fiscal_year, &generation, NULL) == 0) {
		const char *closed = (const char *)sqlite3_column_text(st, 1);
		bool same_state = (!closed && !y.closed_at) || (closed && y.closed_at && strcmp(closed, y.closed_at) == 0);
		*current = same_state && sqlite3_column_int64(st, 0) == generation;
	}
	sqlite3_finalize(st);
	store_year_release(&y);
	return result;
}

int livetally_is_current(struct store *s, int fiscal_year, bool *current)
{
	char *org;
	int rc = kept_state(s, fiscal_year, &org, current);
	if (rc == 0 && !org)
		*current = true;
	free(org);
	return rc;
}

int livetally_begin(struct store *s, int fiscal_year, const struct quest *quest, struct livetally **out)
{
	*out = NULL;
	char *org;
	bool current;
	if (kept_state(s, fiscal_year, &org, &current))
		return -1;
	if (!org || !current) {
		free(org);
		return 0;
	}
	struct livetally *lt = xcalloc(1, sizeof *lt);
	*lt = (struct livetally){s, fiscal_year, quest, org, NULL, NULL, NULL, NULL};
	lt->units = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)tally_free);
	*out = lt;
	return 0;
}

int livetally_read(struct livetally *lt, const char *person_id, struct livetally_person *out)
{
	memset(out, 0, sizeof *out);
	if (!lt->read && responses_open(lt->s->db, lt->s, lt->fiscal_year, RESPONSES_PERSON, &lt->read))
		return -1;
	if (responses_start(lt->read, person_id))
		return -1;
	const char *unit;
	int found = responses_person(lt->read, &unit);
	if (found <= 0)
		return found;
	out->owned = true;
	out->id = xstrdup(person_id);
	out->unit = xstrdup(unit);
	struct response_row row;
	int rc;
	while ((rc = responses_next(lt->read, &row)) == 1 && out->count < ROLE_COUNT) {
		struct livetally_target *t = &out->targets[out->count++];
		t->role = row.role;
		t->excluded = row.excluded;
		t->submitted = row.submitted;
		if (row.answers) {
			t->len = row.answers_len;
			t->answers = xstrndup(row.answers, t->len);
		}
	}
	if (rc < 0) {
		livetally_person_release(out);
		return -1;
	}
	return 1;
}

struct tally *livetally_unit(GHashTable *units, const char *unit, int fiscal_year, const struct quest *quest)
{
	struct tally *t = g_hash_table_lookup(units, unit);
	if (!t) {
		struct org o = {.code = (char *)unit, .name = (char *)unit};
		t = tally_new(&o, fiscal_year, quest);
		t->persons.known = true;
		g_hash_table_insert(units, t->org.code, t);
	}
	return t;
}

static int add_person(struct livetally *lt, const struct livetally_person *p, int sign)
{
	struct tally *t = livetally_unit(lt->units, p->unit, lt->fiscal_year, lt->quest);
	uint64_t owed = 0, submitted = 0;
	for (size_t i = 0; i < p->count; i++) {
		const struct livetally_target *g = &p->targets[i];
		if (g->excluded)
			continue;
		owed++;
		submitted += g->submitted;
		long bad = livetally_sheet(lt->quest, g->role, tally_role_use(t, g->role), g->answers, g->len,
					   g->submitted, sign);
		if (bad) {
			return diag_error("%s: answers of '%s' as %s do not fit questionnaire %s", lt->s->path, p->id,
					  role_info(g->role)->code, lt->quest->id);
		}
	}
	livetally_persons(&t->persons, owed, submitted, sign);
	return 0;
}

/* Which roles of p are pending: not excluded and not submitted. */
static unsigned pending_roles(const struct livetally_person *p)
{
	unsigned roles = 0;
	for (size_t i = 0; p && i < p->count; i++)
		if (!p->targets[i].excluded && !p->targets[i].submitted)
			roles |= 1u << p->targets[i].role;
	return roles;
}

int livetally_pending(struct livetally *lt, const char *person, enum role role, bool pending)
{
	sqlite3_stmt **st = pending ? &lt->pending_add : &lt->pending_drop;
	if (!*st) {
		if (store_prepare(lt->s, pending ? "INSERT OR IGNORE INTO tally_pending(org, fiscal_year, person_id, role)"
						   " VALUES (?1, ?2, ?3, ?4)"
						 : "DELETE FROM tally_pending WHERE org = ?1 AND fiscal_year = ?2"
						   " AND person_id = ?3 AND role = ?4", st))
			return -1;
		sqlite3_bind_text(*st, 1, lt->org, -1, SQLITE_STATIC);
		sqlite3_bind_int(*st, 2, lt->fiscal_year);
	}
	sqlite3_bind_text(*st, 3, person, -1, SQLITE_STATIC);
	sqlite3_bind_text(*st, 4, role_info(role)->code, -1, SQLITE_STATIC);
	int rc = store_step(lt->s, *st);
	sqlite3_reset(*st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int livetally_change_counts(struct livetally *lt, const struct livetally_person *before,
			    const struct livetally_person *after)
{
	return (before && add_person(lt, before, -1)) || (after && add_person(lt, after, 1)) ? -1 : 0;
}

int livetally_change(struct livetally *lt, const struct livetally_person *before,
		     const struct livetally_person *after)
{
	if (livetally_change_counts(lt, before, after))
		return -1;
	unsigned was = pending_roles(before), now = pending_roles(after);
	const char *id = after ? after->id : before ? before->id : NULL;
	for (int r = 0; r < ROLE_COUNT && was != now; r++) {
		unsigned bit = 1u << r;
		if ((was & bit) != (now & bit) && livetally_pending(lt, id, (enum role)r, (now & bit) != 0))
			return -1;
	}
	return 0;
}

int livetally_pending_replace(struct livetally *lt, const struct tallyunits_target *pending, size_t n)
{
	/* A table that holds nothing else is emptied whole (SQLite then drops its pages instead of
	 * deleting row by row). */
	sqlite3_stmt *st;
	/* Each test one search of the key's first columns (a comparison of the pair of them
	 * would step through every row of the year to find the end of its range). */
	if (store_prepare(lt->s, "SELECT EXISTS (SELECT 1 FROM tally_pending WHERE org < ?1)"
			  " OR EXISTS (SELECT 1 FROM tally_pending WHERE org > ?1)"
			  " OR EXISTS (SELECT 1 FROM tally_pending WHERE org = ?1 AND fiscal_year < ?2)"
			  " OR EXISTS (SELECT 1 FROM tally_pending WHERE org = ?1 AND fiscal_year > ?2)", &st))
		return -1;
	sqlite3_bind_text(st, 1, lt->org, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, lt->fiscal_year);
	int rc = store_step(lt->s, st);
	bool others = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (store_prepare(lt->s, others ? "DELETE FROM tally_pending WHERE org = ?1 AND fiscal_year = ?2"
					: "DELETE FROM tally_pending", &st))
		return -1;
	if (others) {
		sqlite3_bind_text(st, 1, lt->org, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, lt->fiscal_year);
	}
	rc = store_step(lt->s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (livetally_pending(lt, pending[i].person_id, pending[i].role, true))
			return -1;
	return 0;
}

static int bind_run(struct livetally *lt, sqlite3_stmt *st)
{
	int rc = store_step(lt->s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes the organisation's choice counts of role, which d touched: of a role it had before,
 * only the choice items whose counts changed. */
static int put_choice_counts(struct livetally *lt, const struct tally *t, const struct tally *d, enum role role,
			     bool had)
{
	const struct quest *q = lt->quest;
	const struct tally_role *dr = &d->roles[role];
	if (!q->choice_item_count || !dr->choices)
		return 0;
	size_t n = q->role_item_count[role];
	bool *write = xcalloc(n + 1, sizeof *write);
	bool any = false;
	for (size_t k = 0; k < n; k++) {
		const struct choice *c = q->items[q->role_items[role][k]].choice;
		if (!c)
			continue;
		bool changed = !had || dr->choices[k].respondents;
		for (size_t o = 0; o < c->option_count && !changed; o++)
			changed = dr->choices[k].options[o] != 0;
		write[k] = changed;
		any = any || changed;
	}
	int result = any ? store_put_tally_choices_of_role(lt->s, t, role, write) : 0;
	free(write);
	return result;
}

/* Writes the organisation's counts of the roles d touched (of a role it had before, only the
 * items whose counts changed), and its persons counts. */
static int put_org_counts(struct livetally *lt, const struct tally *t, const struct tally *d, const bool *had)
{
	sqlite3_stmt *role_st = NULL, *item_st = NULL, *drop_st = NULL, *drop_items = NULL, *persons = NULL;
	int result = store_prepare(lt->s, "INSERT INTO tally_role(org, fiscal_year, role, targets, submitted,"
				      " att_obligated, att_100, att_95, att_90) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
				      " ON CONFLICT DO UPDATE SET targets = excluded.targets, submitted = excluded.submitted,"
				      " att_obligated = excluded.att_obligated, att_100 = excluded.att_100,"
				      " att_95 = excluded.att_95, att_90 = excluded.att_90", &role_st) ||
		     store_prepare(lt->s, "INSERT INTO tally_item(org, fiscal_year, role, item, implemented, not_implemented,"
				      " not_applicable) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO UPDATE SET"
				      " implemented = excluded.implemented, not_implemented = excluded.not_implemented,"
				      " not_applicable = excluded.not_applicable", &item_st) ||
		     store_prepare(lt->s, "DELETE FROM tally_item WHERE org = ?1 AND fiscal_year = ?2 AND role = ?3",
				   &drop_items) ||
		     store_prepare(lt->s, "DELETE FROM tally_role WHERE org = ?1 AND fiscal_year = ?2 AND role = ?3",
				   &drop_st) ||
		     store_prepare(lt->s, "INSERT INTO tally_persons(org, fiscal_year, targets, submitted_all)"
				      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET targets = excluded.targets,"
				      " submitted_all = excluded.submitted_all", &persons)
		     ? -1 : 0;
	sqlite3_stmt *all[] = {role_st, item_st, drop_st, drop_items, persons};
	for (size_t i = 0; i < 5 && !result; i++) {
		sqlite3_bind_text(all[i], 1, lt->org, -1, SQLITE_STATIC);
		sqlite3_bind_int(all[i], 2, lt->fiscal_year);
	}
	for (int r = 0; r < ROLE_COUNT && !result; r++) {
		if (!d->roles[r].present)
			continue;
		const char *code = role_info((enum role)r)->code;
		const struct tally_role *tr = &t->roles[r];
		if (!tr->present) {
			sqlite3_bind_text(drop_items, 3, code, -1, SQLITE_STATIC);
			sqlite3_bind_text(drop_st, 3, code, -1, SQLITE_STATIC);
			result = bind_run(lt, drop_items) || bind_run(lt, drop_st) ||
					 store_put_tally_choices_of_role(lt->s, t, (enum role)r, NULL)
				 ? -1 : 0;
			continue;
		}
		sqlite3_bind_text(role_st, 3, code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(role_st, 4, (sqlite3_int64)tr->targets);
		sqlite3_bind_int64(role_st, 5, (sqlite3_int64)tr->submitted);
		sqlite3_bind_int64(role_st, 6, (sqlite3_int64)tr->attainment.obligated);
		for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
			sqlite3_bind_int64(role_st, 7 + k, (sqlite3_int64)tr->attainment.at[k]);
		result = bind_run(lt, role_st);
		sqlite3_bind_text(item_st, 3, code, -1, SQLITE_STATIC);
		for (size_t k = 0; k < lt->quest->role_item_count[r] && !result; k++) {
			const struct tally_counts *c = &tr->items[k], *dc = &d->roles[r].items[k];
			if (had[r] && !dc->implemented && !dc->not_implemented && !dc->not_applicable)
				continue;
			sqlite3_bind_text(item_st, 4, lt->quest->items[lt->quest->role_items[r][k]].id, -1, SQLITE_STATIC);
			sqlite3_bind_int64(item_st, 5, (sqlite3_int64)c->implemented);
			sqlite3_bind_int64(item_st, 6, (sqlite3_int64)c->not_implemented);
			sqlite3_bind_int64(item_st, 7, (sqlite3_int64)c->not_applicable);
			result = bind_run(lt, item_st);
		}
		if (!result)
			result = put_choice_counts(lt, t, d, (enum role)r, had[r]);
	}
	if (!result) {
		sqlite3_bind_int64(persons, 3, (sqlite3_int64)t->persons.targets);
		sqlite3_bind_int64(persons, 4, (sqlite3_int64)t->persons.submitted_all);
		result = bind_run(lt, persons);
	}
	for (size_t i = 0; i < 5; i++)
		sqlite3_finalize(all[i]);
	return result;
}

/* Records that the counts cover the store as it is now. */
static int stamp(struct livetally *lt)
{
	sqlite3_stmt *st;
	char now[32];
	/* Written only when it says something new, so that a write that changes nothing the
	 * tally counts leaves the store as it was. */
	if (store_prepare(lt->s, "WITH now(generation, closed_at, units) AS (SELECT coalesce((SELECT generation"
			  " FROM answer_change WHERE fiscal_year = ?2), 0), (SELECT closed_at FROM fiscal_year"
			  " WHERE fiscal_year = ?2), (SELECT count(*) FROM tally_unit WHERE org = ?1 AND fiscal_year = ?2))"
			  " UPDATE tally_source SET generation = now.generation, closed_at = now.closed_at,"
			  " tallied_at = ?3, units = now.units FROM now WHERE org = ?1 AND fiscal_year = ?2"
			  " AND (tally_source.generation IS NOT now.generation OR tally_source.closed_at IS NOT now.closed_at"
			  " OR tally_source.units IS NOT now.units)", &st))
		return -1;
	sqlite3_bind_text(st, 1, lt->org, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, lt->fiscal_year);
	sqlite3_bind_text(st, 3, store_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	int rc = store_step(lt->s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* bsearch over unit tallies by name (a string key). */
static int unit_key_compare(const void *key, const void *elem)
{
	return strcmp(key, (*(struct tally *const *)elem)->org.code);
}

int livetally_commit(struct livetally *lt)
{
	int result = 0;
	struct org o = {.code = lt->org, .name = lt->org};
	struct tally *sum = tally_new(&o, lt->fiscal_year, lt->quest);
	/* The units touched, as recorded (all of them read at once when many are touched). */
	size_t n = g_hash_table_size(lt->units), all_count = 0;
	struct tally **all = NULL, **units = xcalloc(n + 1, sizeof *units);
	if (n > 8 && tallyunits_load(lt->s, lt->org, lt->fiscal_year, lt->quest, &all, &all_count) < 0)
		result = -1;
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, lt->units);
	for (size_t i = 0; result == 0 && g_hash_table_iter_next(&it, &key, &value); i++) {
		const struct tally *d = value;
		tally_add_counts(sum, d);
		struct tally *u = NULL;
		if (n > 8) {
			struct tally **at = bsearch(d->org.code, all, all_count, sizeof *all, unit_key_compare);
			if (at) {    /* taken; an empty tally of the same name keeps the order */
				u = *at;
				*at = tally_new(&u->org, lt->fiscal_year, lt->quest);
			}
		} else if (tallyunits_load_unit(lt->s, lt->org, lt->fiscal_year, lt->quest, d->org.code, &u) < 0) {
			result = -1;
			break;
		}
		if (!u)
			u = tally_new(&d->org, lt->fiscal_year, lt->quest);
		tally_add_counts(u, d);
		tally_drop_empty_roles(u);
		units[i] = u;
	}
	if (result == 0)
		result = tallyunits_put_units(lt->s, lt->org, lt->fiscal_year, units, n);
	store_free_tallies(units, n);
	store_free_tallies(all, all_count);
	struct tally *t = NULL;
	bool touched = sum->persons.targets || sum->persons.submitted_all;
	for (int r = 0; r < ROLE_COUNT; r++)
		touched = touched || sum->roles[r].present;
	if (result == 0 && touched) {
		int found = store_load_kept_tally(lt->s, lt->org, lt->fiscal_year, lt->quest, &t);
		if (found < 0)
			result = -1;
		else if (!found)
			t = tally_new(&o, lt->fiscal_year, lt->quest);
	}
	if (result == 0 && touched) {
		bool had[ROLE_COUNT];
		for (int r = 0; r < ROLE_COUNT; r++)
			had[r] = t->roles[r].present;
		tally_add_counts(t, sum);
		tally_drop_empty_roles(t);
		result = put_org_counts(lt, t, sum, had);
	}
	if (result == 0)
		result = stamp(lt);
	tally_free(t);
	tally_free(sum);
	livetally_free(lt);
	return result;
}

int livetally_recount_inspection(struct livetally *lt)
{
	struct org o = {.code = lt->org, .name = lt->org};
	struct tally *t = tally_new(&o, lt->fiscal_year, lt->quest);
	int result = systally_year(lt->s, lt->fiscal_year, t) || store_put_tally_inspection(lt->s, t) ? -1 : 0;
	tally_free(t);
	if (result) {
		livetally_free(lt);
		return -1;
	}
	return livetally_commit(lt);
}

int livetally_recount(struct store *s, int fiscal_year, const struct quest *quest, struct tally **out)
{
	if (out)
		*out = NULL;
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found <= 0)
		return found;
	struct org org = {0};
	int result = 0;
	if (y.org) {
		found = store_get_org(s, y.org, &org);
		if (found == 0)
			diag_error("%s: organisation '%s' of fiscal year %d is missing", s->path, y.org, fiscal_year);
		result = found == 1 ? 0 : -1;
	}
	store_year_release(&y);
	if (result || !org.code)
		return result;
	struct tallying_result r = {0};
	if (store_begin(s))
		result = -1;
	else {
		result = tallying_take(s, fiscal_year, quest, &org, &r) || store_put_tally(s, r.tally) ||
				 tallyunits_put(s, org.code, fiscal_year, r.units, r.unit_count, r.pending, r.pending_count)
			 ? -1 : 0;
		if (result == 0)
			result = store_commit(s);
		else
			store_rollback(s);
	}
	if (result == 0 && out) {
		*out = r.tally;
		r.tally = NULL;
	}
	tallying_release(&r);
	org_release(&org);
	return result;
}
