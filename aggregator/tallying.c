/* tallying: the roster and the packed answers, each read once, into per-role, per-item counts. */
#include "aggregator/tallying.h"
#include "aggregator/choicecount.h"
#include "core/choice.h"
#include "aggregator/systally.h"
#include "core/diag.h"
#include "core/responses.h"
#include "core/text.h"

#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* What one scan (of the whole year, or of one part of it in a worker thread) counts: the
 * sheets by the unit of their person, and the targets not submitted. */
struct count_ctx {
	struct store *s;            /* NULL in a worker thread, which reports nothing */
	int fiscal_year;
	const struct quest *quest;
	GHashTable *units;          /* unit name (the tally's org.code) → struct tally *, owned */
	struct tallyunits_target *pending;
	size_t pending_count, pending_cap;
};

static void count_ctx_init(struct count_ctx *c, struct store *s, int fiscal_year, const struct quest *quest)
{
	*c = (struct count_ctx){s, fiscal_year, quest, NULL, NULL, 0, 0};
	c->units = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)tally_free);
}

static void free_targets(struct tallyunits_target *p, size_t count)
{
	for (size_t i = 0; p && i < count; i++)
		free(p[i].person_id);
	free(p);
}

static void count_ctx_release(struct count_ctx *c)
{
	if (c->units)
		g_hash_table_destroy(c->units);
	free_targets(c->pending, c->pending_count);
	memset(c, 0, sizeof *c);
}

/* The tally of unit, made on its first sheet. */
static struct tally *unit_tally(struct count_ctx *c, const char *unit)
{
	struct tally *t = g_hash_table_lookup(c->units, unit);
	if (!t) {
		struct org o = {.code = (char *)unit, .name = (char *)unit};
		t = tally_new(&o, c->fiscal_year, c->quest);
		t->persons.known = true;
		g_hash_table_insert(c->units, t->org.code, t);
	}
	return t;
}

static void add_pending(struct count_ctx *c, const char *person, enum role role)
{
	if (c->pending_count == c->pending_cap) {
		c->pending_cap = c->pending_cap ? c->pending_cap * 2 : 256;
		c->pending = xrealloc(c->pending, c->pending_cap * sizeof *c->pending);
	}
	c->pending[c->pending_count++] = (struct tallyunits_target){xstrdup(person), role};
}

static int step(struct count_ctx *c, sqlite3_stmt *st)
{
	return c->s ? store_step(c->s, st) : sqlite3_step(st);
}

/* The sheets of the person being counted: how many they owe and how many they submitted,
 * and the tally of their unit (once they owe a sheet). */
struct person_acc {
	char *id;                   /* owned; NULL before the first person */
	const char *unit;           /* from the person row (valid until the next person) */
	struct tally *t;            /* the unit's tally; NULL until a sheet is owed */
	uint64_t owed, submitted;
};

/* Closes the person being counted into their unit's persons counts. */
static void person_flush(struct person_acc *p)
{
	if (p->id && p->owed > 0) {
		p->t->persons.targets++;
		if (p->submitted == p->owed)
			p->t->persons.submitted_all++;
	}
	p->owed = p->submitted = 0;
	p->t = NULL;
}

/* Starts person id (flushing the previous one) unless it is the one being counted. Returns
 * whether it is a new person. */
static bool person_enter(struct person_acc *p, const char *id)
{
	if (p->id && strcmp(p->id, id) == 0)
		return false;
	person_flush(p);
	free(p->id);
	p->id = xstrdup(id);
	p->unit = NULL;
	return true;
}

static void person_done(struct person_acc *p)
{
	person_flush(p);
	free(p->id);
	p->id = NULL;
}

static int bad_length(struct count_ctx *c, const char *person, enum role role, size_t len)
{
	if (!c->s)
		return -1;
	char *clean = text_sanitize(person, false);
	diag_error("%s: answers of '%s' as %s hold %zu codes; questionnaire %s has %zu items for that role",
		   c->s->path, clean, role_info(role)->code, len, c->quest->id, c->quest->role_item_count[role]);
	free(clean);
	return -1;
}

static int bad_code(struct count_ctx *c, const char *person, enum role role, size_t k)
{
	if (!c->s)
		return -1;
	char *clean = text_sanitize(person, false);
	diag_error("%s: answers of '%s' as %s hold an unknown code at item %zu", c->s->path, clean,
		   role_info(role)->code, k + 1);
	free(clean);
	return -1;
}

/* Adds one non-excluded target to the tally of the person's unit: its target, and when
 * submitted its sheet (answers and attainment), and to the person being counted; a target
 * not submitted is pending. */
static int count_sheet(struct count_ctx *c, struct person_acc *p, enum role role, const char *person,
		       const char *answers, size_t len, bool submitted)
{
	if (!p->t)
		p->t = unit_tally(c, p->unit);
	struct tally_role *tr = tally_role_use(p->t, role);
	tr->targets++;
	tr->attainment.known = true;
	p->owed++;
	if (!submitted) {
		add_pending(c, person, role);
		return 0;
	}
	size_t n = c->quest->role_item_count[role];
	if (len != n)
		return bad_length(c, person, role, len);
	tr->submitted++;
	p->submitted++;
	struct tally_counts *items = tr->items;
	uint64_t implemented = 0, not_implemented = 0;
	for (size_t k = 0; k < n; k++) {
		if (tr->choices && tr->choices[k].options) {
			/* a choice item (aggregator/choicecount.c) */
			if (choicecount_answer(c->quest, role, tr, k, answers, &implemented, &not_implemented))
				return bad_code(c, person, role, k);
			continue;
		}
		switch (answers[k]) {
		case RESPONSE_IMPLEMENTED: items[k].implemented++; implemented++; break;
		case RESPONSE_NOT_IMPLEMENTED: items[k].not_implemented++; not_implemented++; break;
		case RESPONSE_NOT_APPLICABLE: items[k].not_applicable++; break;
		case RESPONSE_UNANSWERED: break;
		default: return bad_code(c, person, role, k);
		}
	}
	tally_attainment_add(&tr->attainment, implemented, implemented + not_implemented);
	return 0;
}

/* Role of a roster code; the last code seen is tried first, as rows of one role come in runs. */
struct role_cache {
	int last;
};

static int role_lookup(struct role_cache *rc, const char *code)
{
	if (rc->last >= 0 && strcmp(role_info((enum role)rc->last)->code, code) == 0)
		return rc->last;
	int r = role_from_code(code);
	if (r >= 0)
		rc->last = r;
	return r;
}

static int unknown_role(struct count_ctx *c, const char *code)
{
	if (!c->s)
		return -1;
	char *clean = text_sanitize(code, false);
	diag_error("%s: unknown role '%s' in the roster of fiscal year %d", c->s->path, clean, c->fiscal_year);
	free(clean);
	return -1;
}

/* The response stream, one row ahead: its key columns are read once per step. */
struct response_cursor {
	sqlite3_stmt *st;
	int rc;                    /* of the last step */
	const char *id, *role;     /* valid until the next step */
};

static void cursor_step(struct count_ctx *c, struct response_cursor *r)
{
	r->rc = step(c, r->st);
	r->id = r->rc == SQLITE_ROW ? (const char *)sqlite3_column_text(r->st, 0) : NULL;
	r->role = r->rc == SQLITE_ROW ? (const char *)sqlite3_column_text(r->st, 1) : NULL;
}

/* Order of (person, role) keys, as the tables' primary keys sort them (binary). */
static int key_compare(const char *id_a, const char *role_a, const char *id_b, const char *role_b)
{
	int d = strcmp(id_a, id_b);
	return d ? d : strcmp(role_a, role_b);
}

static int missing_person(struct count_ctx *c, const char *id)
{
	if (!c->s)
		return -1;
	char *clean = text_sanitize(id, false);
	diag_error("%s: '%s' holds a target of fiscal year %d but is not in its roster", c->s->path, clean,
		   c->fiscal_year);
	free(clean);
	return -1;
}

/*
 * One merge of three ordered streams of a range of person ids, all in primary-key order: the
 * people (person_id, unit), the targets (person_id, role, excluded) and the submitted
 * responses (person_id, role, answers). Each target meets its person and its response, if
 * any, without a lookup; excluded targets and their answers are skipped; the person being
 * counted closes when the person id changes.
 */
static int merge_scan(struct count_ctx *c, sqlite3_stmt *persons, sqlite3_stmt *targets, sqlite3_stmt *responses)
{
	struct role_cache cache = {-1};
	struct person_acc person = {0};
	struct response_cursor r = {.st = responses};
	cursor_step(c, &r);
	int trc, prc = step(c, persons), result = 0;
	while (result == 0 && (trc = step(c, targets)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(targets, 0);
		const char *code = (const char *)sqlite3_column_text(targets, 1);
		int role = role_lookup(&cache, code);
		if (role < 0) {
			result = unknown_role(c, code);
			break;
		}
		if (person_enter(&person, id)) {
			int cmp = 1;
			while (prc == SQLITE_ROW && (cmp = strcmp((const char *)sqlite3_column_text(persons, 0), id)) < 0)
				prc = step(c, persons);
			if (prc != SQLITE_ROW || cmp != 0) {
				result = prc == SQLITE_ROW || prc == SQLITE_DONE ? missing_person(c, id) : -1;
				break;
			}
			person.unit = (const char *)sqlite3_column_text(persons, 1);
		}
		int cmp = 1;
		while (r.rc == SQLITE_ROW && (cmp = key_compare(r.id, r.role, id, code)) < 0)
			cursor_step(c, &r);
		bool submitted = r.rc == SQLITE_ROW && cmp == 0;
		if (sqlite3_column_int(targets, 2) != 0)
			continue;
		const char *answers = submitted ? (const char *)sqlite3_column_text(responses, 2) : NULL;
		size_t len = submitted ? (size_t)sqlite3_column_bytes(responses, 2) : 0;
		result = count_sheet(c, &person, (enum role)role, id, answers, len, submitted);
	}
	person_done(&person);
	if (result == 0 && (trc != SQLITE_DONE || (r.rc != SQLITE_ROW && r.rc != SQLITE_DONE) ||
			    (prc != SQLITE_ROW && prc != SQLITE_DONE)))
		result = c->s ? store_error(c->s, "cannot read the answers") : -1;
	return result;
}

#define RANGE_ALL ""
#define RANGE_BELOW " AND person_id < ?2"
#define RANGE_FROM " AND person_id >= ?2"

/* One part of the year — the person ids below `below`, from `from`, or all when both are
 * NULL — scanned on its own connection in a worker thread. */
struct scan_job {
	const char *path;
	int fiscal_year;
	struct count_ctx c;        /* c.s NULL: errors are only flagged */
	const char *from, *below;
	pthread_t thread;
	bool started;
	int result;
};

static const char *job_range(const struct scan_job *job)
{
	return job->from ? RANGE_FROM : job->below ? RANGE_BELOW : RANGE_ALL;
}

/* The three statements of a scan: people, targets, submitted responses. */
struct scan_statements {
	sqlite3_stmt *st[3];
};

static void finalize_statements(struct scan_statements *ss)
{
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(ss->st[i]);
}

static int prepare_statements(sqlite3 *db, const struct scan_job *job, struct scan_statements *ss)
{
	const char *range = job_range(job);
	char *sql[3] = {
		xasprintf("SELECT person_id, unit FROM person WHERE fiscal_year = ?1%s ORDER BY person_id", range),
		xasprintf("SELECT person_id, role, excluded FROM target WHERE fiscal_year = ?1%s"
			  " ORDER BY person_id, role", range),
		xasprintf("SELECT person_id, role, answers FROM response WHERE fiscal_year = ?1"
			  " AND submitted_at IS NOT NULL%s ORDER BY person_id, role", range),
	};
	int rc = SQLITE_OK;
	memset(ss, 0, sizeof *ss);
	for (int i = 0; i < 3; i++) {
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(db, sql[i], -1, &ss->st[i], NULL);
		free(sql[i]);
	}
	if (rc != SQLITE_OK)
		return -1;
	for (int i = 0; i < 3; i++) {
		sqlite3_bind_int(ss->st[i], 1, job->fiscal_year);
		if (job->from || job->below)
			sqlite3_bind_text(ss->st[i], 2, job->from ? job->from : job->below, -1, SQLITE_STATIC);
	}
	return 0;
}

/* A person id between the year's first and last, so that two threads can each scan one part
 * of the year; NULL when there are fewer than two distinct ids. Any split gives the same
 * counts — the middle only balances the work. Free the result. */
static char *target_split(struct store *s, int fiscal_year)
{
	/* Two seeks at the ends of the key range; min() and max() in one query would scan. */
	sqlite3_stmt *first, *last;
	if (store_prepare(s, "SELECT person_id FROM target WHERE fiscal_year = ?1"
			     " ORDER BY person_id LIMIT 1", &first))
		return NULL;
	if (store_prepare(s, "SELECT person_id FROM target WHERE fiscal_year = ?1"
			     " ORDER BY person_id DESC LIMIT 1", &last)) {
		sqlite3_finalize(first);
		return NULL;
	}
	sqlite3_bind_int(first, 1, fiscal_year);
	sqlite3_bind_int(last, 1, fiscal_year);
	char *split = NULL;
	if (store_step(s, first) == SQLITE_ROW && store_step(s, last) == SQLITE_ROW) {
		const unsigned char *lo = sqlite3_column_text(first, 0), *hi = sqlite3_column_text(last, 0);
		size_t i = 0;
		while (lo[i] && lo[i] == hi[i])
			i++;
		if (hi[i] > lo[i]) {
			/* prefix + a character strictly above lo's and not above hi's: lo < split <= hi */
			split = xstrndup((const char *)hi, i + 1);
			split[i] = (char)((lo[i] + hi[i] + 1) / 2);
		}
	}
	sqlite3_finalize(first);
	sqlite3_finalize(last);
	return split;
}

static void *scan_worker(void *arg)
{
	struct scan_job *job = arg;
	sqlite3 *db = NULL;
	struct scan_statements ss = {0};
	job->result = -1;
	if (sqlite3_open_v2(job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    sqlite3_busy_timeout(db, 30000) == SQLITE_OK &&
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
	    prepare_statements(db, job, &ss) == 0)
		job->result = merge_scan(&job->c, ss.st[0], ss.st[1], ss.st[2]);
	finalize_statements(&ss);
	if (db)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return NULL;
}

static void merge_counts(struct tally *into, const struct tally *from)
{
	into->persons.targets += from->persons.targets;
	into->persons.submitted_all += from->persons.submitted_all;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *fr = &from->roles[r];
		if (!fr->present)
			continue;
		struct tally_role *tr = tally_role_use(into, (enum role)r);
		tr->targets += fr->targets;
		tr->submitted += fr->submitted;
		tr->attainment.known |= fr->attainment.known;
		tr->attainment.obligated += fr->attainment.obligated;
		for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
			tr->attainment.at[k] += fr->attainment.at[k];
		for (size_t k = 0; k < into->quest->role_item_count[r]; k++) {
			tr->items[k].implemented += fr->items[k].implemented;
			tr->items[k].not_implemented += fr->items[k].not_implemented;
			tr->items[k].not_applicable += fr->items[k].not_applicable;
		}
		choicecount_merge(into->quest, (enum role)r, tr, fr);
	}
}

/* Scans one part of the year on the caller's connection, adding to c. */
static int scan_part(struct count_ctx *c, const struct scan_job *job)
{
	struct scan_statements ss;
	int result;
	if (prepare_statements(c->s->db, job, &ss))
		result = store_error(c->s, "cannot prepare statement");
	else
		result = merge_scan(c, ss.st[0], ss.st[1], ss.st[2]);
	finalize_statements(&ss);
	return result;
}

/* Adds what the scan of a part counted to the year's: its units' counts, and its pending
 * targets after those of the parts before it. Empties from. */
static void merge_parts(struct count_ctx *into, struct count_ctx *from)
{
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, from->units);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		struct tally *t = g_hash_table_lookup(into->units, key);
		if (t) {
			merge_counts(t, value);
			continue;
		}
		g_hash_table_iter_steal(&it);
		g_hash_table_insert(into->units, ((struct tally *)value)->org.code, value);
	}
	for (size_t i = 0; i < from->pending_count; i++) {
		if (into->pending_count == into->pending_cap) {
			into->pending_cap = into->pending_cap ? into->pending_cap * 2 : 256;
			into->pending = xrealloc(into->pending, into->pending_cap * sizeof *into->pending);
		}
		into->pending[into->pending_count++] = from->pending[i];
	}
	from->pending_count = 0;
}

/*
 * Reads instead of a join per target: the targets and the submitted responses of the year,
 * each in key order, merged (merge_scan). A response always has its target row (foreign key).
 *
 * When the store is open for writing, the caller's transaction holds the write lock, so no
 * other process can commit until the tally is stored: other connections then see exactly the
 * same data, and the year is scanned on them in two worker threads, split at a person id in
 * the middle (a person's rows never straddle the split). A part whose worker failed is
 * scanned again here, to report why.
 */
static int compare_unit_tallies(const void *a, const void *b)
{
	return strcmp((*(struct tally *const *)a)->org.code, (*(struct tally *const *)b)->org.code);
}

/* The year's result from what the scans counted: the units by name, the organisation's
 * tally as their sum, the pending targets. Takes c's units and pending targets. */
static void collect_result(struct count_ctx *c, struct tally *t, struct tallying_result *out)
{
	size_t n = g_hash_table_size(c->units), k = 0;
	struct tally **units = xcalloc(n + 1, sizeof *units);
	GHashTableIter it;
	gpointer key, value;
	g_hash_table_iter_init(&it, c->units);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		units[k++] = value;
		g_hash_table_iter_steal(&it);
	}
	qsort(units, n, sizeof *units, compare_unit_tallies);
	t->persons.known = true;
	for (size_t i = 0; i < n; i++)
		merge_counts(t, units[i]);
	/* A role whose only targets are excluded is not part of the tally. */
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct tally_role *tr = &t->roles[r];
		if (tr->present && tr->targets == 0 && tr->submitted == 0) {
			free(tr->items);
			*tr = (struct tally_role){0};
		}
	}
	*out = (struct tallying_result){t, units, n, c->pending, c->pending_count};
	c->pending = NULL;
	c->pending_count = c->pending_cap = 0;
}

static int scan_year(struct count_ctx *c)
{
	struct scan_job jobs[2];
	size_t njobs = 0;
	char *split = NULL;
	memset(jobs, 0, sizeof jobs);
	if (!c->s->readonly && c->s->depth > 0 && (split = target_split(c->s, c->fiscal_year))) {
		njobs = 2;
		jobs[0].below = split;
		jobs[1].from = split;
		for (size_t i = 0; i < njobs; i++) {
			jobs[i].path = c->s->path;
			jobs[i].fiscal_year = c->fiscal_year;
			count_ctx_init(&jobs[i].c, NULL, c->fiscal_year, c->quest);
			jobs[i].started = pthread_create(&jobs[i].thread, NULL, scan_worker, &jobs[i]) == 0;
		}
	}
	int result = 0;
	for (size_t i = 0; i < njobs; i++) {
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
		if (result == 0 && jobs[i].started && jobs[i].result == 0) {
			merge_parts(c, &jobs[i].c);
		} else if (result == 0) {
			result = scan_part(c, &jobs[i]);
			if (result == 0 && jobs[i].started)
				result = diag_error("%s: the answers could not be read on a second connection",
						    c->s->path);
		}
		count_ctx_release(&jobs[i].c);
	}
	if (result == 0 && njobs == 0) {
		struct scan_job all = {.fiscal_year = c->fiscal_year};
		result = scan_part(c, &all);
	}
	free(split);
	return result ? -1 : 0;
}

/* What the tally covers: the collection's change counter and close time, and now. */
static int stamp_provenance(struct store *s, int fiscal_year, struct tally *t)
{
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found < 0)
		return -1;
	if (found) {
		t->source.closed_at = y.closed_at ? xstrdup(y.closed_at) : NULL;
		store_year_release(&y);
	}
	char now[32];
	t->source.tallied_at = xstrdup(store_now(now, sizeof now));
	return store_answer_generation(s, fiscal_year, &t->source.generation, NULL);
}

int tallying_take(struct store *s, int fiscal_year, const struct quest *quest, const struct org *org,
		  struct tallying_result *out)
{
	memset(out, 0, sizeof *out);
	struct count_ctx c;
	count_ctx_init(&c, s, fiscal_year, quest);
	if (store_begin(s)) {
		count_ctx_release(&c);
		return -1;
	}
	int rc = scan_year(&c);
	if (rc == 0) {
		collect_result(&c, tally_new(org, fiscal_year, quest), out);
		rc = systally_year(s, fiscal_year, out->tally);
	}
	if (rc == 0)
		rc = stamp_provenance(s, fiscal_year, out->tally);
	if (rc == 0)
		rc = store_commit(s);
	else
		store_rollback(s);
	count_ctx_release(&c);
	if (rc) {
		tallying_release(out);
		return -1;
	}
	return 0;
}

void tallying_release(struct tallying_result *r)
{
	tally_free(r->tally);
	store_free_tallies(r->units, r->unit_count);
	free_targets(r->pending, r->pending_count);
	memset(r, 0, sizeof *r);
}

int tallying_year(struct store *s, int fiscal_year, const struct quest *quest, const struct org *org,
		  struct tally **out)
{
	*out = NULL;
	struct tallying_result r;
	if (tallying_take(s, fiscal_year, quest, org, &r))
		return -1;
	*out = r.tally;
	r.tally = NULL;
	tallying_release(&r);
	return 0;
}
