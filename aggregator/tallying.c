/* tallying: the roster and the packed answers, each read once, into per-role, per-item counts. */
#include "aggregator/tallying.h"
#include "aggregator/choicecount.h"
#include "core/choice.h"
#include "aggregator/systally.h"
#include "core/diag.h"
#include "core/responses.h"
#include "core/text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct count_ctx {
	struct store *s;            /* NULL in a worker thread, which reports nothing */
	int fiscal_year;
	const struct quest *quest;
	struct tally *t;
};

static int step(struct count_ctx *c, sqlite3_stmt *st)
{
	return c->s ? store_step(c->s, st) : sqlite3_step(st);
}

/* The sheets of the person being counted: how many they owe and how many they submitted. */
struct person_acc {
	char *id;                   /* owned; NULL before the first person */
	uint64_t owed, submitted;
};

/* Closes the person being counted into t's persons counts. */
static void person_flush(struct person_acc *p, struct tally *t)
{
	if (p->id && p->owed > 0) {
		t->persons.targets++;
		if (p->submitted == p->owed)
			t->persons.submitted_all++;
	}
	p->owed = p->submitted = 0;
}

/* Starts person id (flushing the previous one) unless it is the one being counted. */
static void person_enter(struct person_acc *p, struct tally *t, const char *id)
{
	if (p->id && strcmp(p->id, id) == 0)
		return;
	person_flush(p, t);
	free(p->id);
	p->id = xstrdup(id);
}

static void person_done(struct person_acc *p, struct tally *t)
{
	person_flush(p, t);
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

/* Adds one non-excluded target to t: its target, and when submitted its sheet (answers and
 * attainment), and to the person being counted. */
static int count_sheet(struct count_ctx *c, struct tally *t, struct person_acc *p, enum role role,
		       const char *person, const char *answers, size_t len, bool submitted)
{
	struct tally_role *tr = tally_role_use(t, role);
	tr->targets++;
	tr->attainment.known = true;
	p->owed++;
	if (!submitted)
		return 0;
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

/*
 * One merge of two ordered streams: the targets (person_id, role, excluded) and the submitted
 * responses (person_id, role, answers) of a range of person ids, both in primary-key order.
 * Each target meets its response, if any, without a lookup; excluded targets and their answers
 * are skipped; the person being counted closes when the person id changes.
 */
static int merge_scan(struct count_ctx *c, sqlite3_stmt *targets, sqlite3_stmt *responses)
{
	struct role_cache cache = {-1};
	struct person_acc person = {0};
	struct response_cursor r = {.st = responses};
	cursor_step(c, &r);
	int trc, result = 0;
	while (result == 0 && (trc = step(c, targets)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(targets, 0);
		const char *code = (const char *)sqlite3_column_text(targets, 1);
		int role = role_lookup(&cache, code);
		if (role < 0) {
			result = unknown_role(c, code);
			break;
		}
		person_enter(&person, c->t, id);
		int cmp = 1;
		while (r.rc == SQLITE_ROW && (cmp = key_compare(r.id, r.role, id, code)) < 0)
			cursor_step(c, &r);
		bool submitted = r.rc == SQLITE_ROW && cmp == 0;
		if (sqlite3_column_int(targets, 2) != 0) {
			tally_role_use(c->t, (enum role)role);
			continue;
		}
		const char *answers = submitted ? (const char *)sqlite3_column_text(responses, 2) : NULL;
		size_t len = submitted ? (size_t)sqlite3_column_bytes(responses, 2) : 0;
		result = count_sheet(c, c->t, &person, (enum role)role, id, answers, len, submitted);
	}
	person_done(&person, c->t);
	if (result == 0 && (trc != SQLITE_DONE || (r.rc != SQLITE_ROW && r.rc != SQLITE_DONE)))
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

static int prepare_pair(sqlite3 *db, const struct scan_job *job, sqlite3_stmt **targets, sqlite3_stmt **responses)
{
	char *tsql = xasprintf("SELECT person_id, role, excluded FROM target WHERE fiscal_year = ?1%s"
			       " ORDER BY person_id, role", job_range(job));
	char *rsql = xasprintf("SELECT person_id, role, answers FROM response WHERE fiscal_year = ?1"
			       " AND submitted_at IS NOT NULL%s ORDER BY person_id, role", job_range(job));
	int rc = sqlite3_prepare_v2(db, tsql, -1, targets, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, rsql, -1, responses, NULL);
	free(tsql);
	free(rsql);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_stmt *both[2] = {*targets, *responses};
	for (int i = 0; i < 2; i++) {
		sqlite3_bind_int(both[i], 1, job->c.fiscal_year);
		if (job->from || job->below)
			sqlite3_bind_text(both[i], 2, job->from ? job->from : job->below, -1, SQLITE_STATIC);
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
	sqlite3_stmt *targets = NULL, *responses = NULL;
	job->result = -1;
	if (sqlite3_open_v2(job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    sqlite3_busy_timeout(db, 30000) == SQLITE_OK &&
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
	    prepare_pair(db, job, &targets, &responses) == 0)
		job->result = merge_scan(&job->c, targets, responses);
	sqlite3_finalize(targets);
	sqlite3_finalize(responses);
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

/* Scans one part of the year on the caller's connection, adding to c->t. */
static int scan_part(struct count_ctx *c, const struct scan_job *job)
{
	sqlite3_stmt *targets = NULL, *responses = NULL;
	int result;
	if (prepare_pair(c->s->db, job, &targets, &responses))
		result = store_error(c->s, "cannot prepare statement");
	else
		result = merge_scan(c, targets, responses);
	sqlite3_finalize(targets);
	sqlite3_finalize(responses);
	return result;
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
static int scan_year(struct count_ctx *c)
{
	struct scan_job jobs[2];
	size_t njobs = 0;
	char *split = NULL;
	memset(jobs, 0, sizeof jobs);
	c->t->persons.known = true;
	if (!c->s->readonly && c->s->depth > 0 && (split = target_split(c->s, c->fiscal_year))) {
		njobs = 2;
		jobs[0].below = split;
		jobs[1].from = split;
		for (size_t i = 0; i < njobs; i++) {
			jobs[i].path = c->s->path;
			jobs[i].c = (struct count_ctx){NULL, c->fiscal_year, c->quest,
						       tally_new(&c->t->org, c->fiscal_year, c->quest)};
			jobs[i].started = pthread_create(&jobs[i].thread, NULL, scan_worker, &jobs[i]) == 0;
		}
	}
	int result = 0;
	for (size_t i = 0; i < njobs; i++) {
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
		if (result == 0 && jobs[i].started && jobs[i].result == 0) {
			merge_counts(c->t, jobs[i].c.t);
		} else if (result == 0) {
			result = scan_part(c, &jobs[i]);
			if (result == 0 && jobs[i].started)
				result = diag_error("%s: the answers could not be read on a second connection",
						    c->s->path);
		}
		tally_free(jobs[i].c.t);
	}
	if (result == 0 && njobs == 0) {
		struct scan_job all = {.c = {NULL, c->fiscal_year, c->quest, NULL}};
		result = scan_part(c, &all);
	}
	free(split);
	if (result)
		return -1;
	/* A role whose only targets are excluded is not part of the tally. */
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct tally_role *tr = &c->t->roles[r];
		if (tr->present && tr->targets == 0 && tr->submitted == 0) {
			free(tr->items);
			*tr = (struct tally_role){0};
		}
	}
	return 0;
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

int tallying_year(struct store *s, int fiscal_year, const struct quest *quest, const struct org *org,
		  struct tally **out)
{
	*out = NULL;
	struct count_ctx c = {s, fiscal_year, quest, tally_new(org, fiscal_year, quest)};
	if (store_begin(s)) {
		tally_free(c.t);
		return -1;
	}
	int rc = scan_year(&c);
	if (rc == 0)
		rc = systally_year(s, fiscal_year, c.t);
	if (rc == 0)
		rc = stamp_provenance(s, fiscal_year, c.t);
	if (rc == 0)
		rc = store_commit(s);
	else
		store_rollback(s);
	if (rc) {
		tally_free(c.t);
		return -1;
	}
	*out = c.t;
	return 0;
}

int tallying_units(struct store *s, int fiscal_year, const struct quest *quest, struct tally ***out,
		   size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT p.unit, t.role, r.answers, r.submitted_at IS NOT NULL, t.person_id"
			     " FROM target t JOIN person p ON p.fiscal_year = t.fiscal_year"
			     " AND p.person_id = t.person_id LEFT JOIN response r ON r.fiscal_year = t.fiscal_year"
			     " AND r.person_id = t.person_id AND r.role = t.role"
			     " WHERE t.fiscal_year = ?1 AND t.excluded = 0 ORDER BY p.unit, t.person_id", &st))
		return -1;
	struct person_acc person = {0};
	sqlite3_bind_int(st, 1, fiscal_year);
	struct count_ctx c = {s, fiscal_year, quest, NULL};
	struct tally **list = NULL;
	size_t n = 0, cap = 0;
	int rc, result = 0;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *unit = (const char *)sqlite3_column_text(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		int role = role_from_code(code);
		if (role < 0) {
			char *clean = text_sanitize(code, false);
			result = diag_error("%s: unknown role '%s' in the roster of fiscal year %d", s->path, clean,
					    fiscal_year);
			free(clean);
			break;
		}
		if (n == 0 || strcmp(list[n - 1]->org.code, unit) != 0) {
			if (n)
				person_done(&person, list[n - 1]);
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				list = xrealloc(list, cap * sizeof *list);
			}
			struct org o = {.code = (char *)unit, .name = (char *)unit};
			list[n++] = tally_new(&o, fiscal_year, quest);
			list[n - 1]->persons.known = true;
		}
		const char *answers = (const char *)sqlite3_column_text(st, 2);
		size_t len = answers ? (size_t)sqlite3_column_bytes(st, 2) : 0;
		const char *id = (const char *)sqlite3_column_text(st, 4);
		person_enter(&person, list[n - 1], id);
		if (count_sheet(&c, list[n - 1], &person, (enum role)role, id, answers, len,
				sqlite3_column_int(st, 3) != 0)) {
			result = -1;
			break;
		}
	}
	if (n)
		person_done(&person, list[n - 1]);
	free(person.id);
	sqlite3_finalize(st);
	if (result == 0 && rc != SQLITE_DONE)
		result = -1;
	if (result) {
		store_free_tallies(list, n);
		return -1;
	}
	*out = list;
	*count = n;
	return 0;
}

int tallying_nonrespondents(struct store *s, int fiscal_year, struct tallying_person **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT t.person_id, p.name, p.unit, t.role FROM target t"
			     " JOIN person p ON p.fiscal_year = t.fiscal_year AND p.person_id = t.person_id"
			     " LEFT JOIN response r ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id"
			     " AND r.role = t.role WHERE t.fiscal_year = ?1 AND t.excluded = 0"
			     " AND r.submitted_at IS NULL ORDER BY p.unit, t.person_id, t.role", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	struct tallying_person *list = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		int role = role_from_code((const char *)sqlite3_column_text(st, 3));
		if (role < 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			list = xrealloc(list, cap * sizeof *list);
		}
		list[n++] = (struct tallying_person){
			xstrdup((const char *)sqlite3_column_text(st, 0)), xstrdup((const char *)sqlite3_column_text(st, 1)),
			xstrdup((const char *)sqlite3_column_text(st, 2)), (enum role)role};
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		tallying_free_persons(list, n);
		return -1;
	}
	*out = list;
	*count = n;
	return 0;
}

void tallying_free_persons(struct tallying_person *p, size_t count)
{
	for (size_t i = 0; p && i < count; i++) {
		free(p[i].person_id);
		free(p[i].name);
		free(p[i].unit);
	}
	free(p);
}
