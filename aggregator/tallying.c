/* tallying: the roster and the packed answers, each read once, into per-role, per-item counts. */
#include "aggregator/tallying.h"
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

/* Adds one target (and its answers, when submitted) to t. */
static int count_target(struct count_ctx *c, struct tally *t, enum role role, const char *person,
			const char *answers, size_t len, bool submitted)
{
	struct tally_role *tr = tally_role_use(t, role);
	tr->targets++;
	if (!submitted)
		return 0;
	tr->submitted++;
	size_t n = c->quest->role_item_count[role];
	if (len != n) {
		char *clean = text_sanitize(person, false);
		diag_error("%s: answers of '%s' as %s hold %zu codes; questionnaire %s has %zu items for that role",
			   c->s->path, clean, role_info(role)->code, len, c->quest->id, n);
		free(clean);
		return -1;
	}
	struct tally_counts *items = tr->items;
	for (size_t k = 0; k < n; k++) {
		switch (answers[k]) {
		case RESPONSE_IMPLEMENTED: items[k].implemented++; break;
		case RESPONSE_NOT_IMPLEMENTED: items[k].not_implemented++; break;
		case RESPONSE_NOT_APPLICABLE: items[k].not_applicable++; break;
		case RESPONSE_UNANSWERED: break;
		default: {
			char *clean = text_sanitize(person, false);
			diag_error("%s: answers of '%s' as %s hold an unknown code at item %zu", c->s->path, clean,
				   role_info(role)->code, k + 1);
			free(clean);
			return -1;
		}
		}
	}
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
	char *clean = text_sanitize(code, false);
	diag_error("%s: unknown role '%s' in the roster of fiscal year %d", c->s->path, clean, c->fiscal_year);
	free(clean);
	return -1;
}

/* Adds (sign 1) or removes (sign -1) the submitted answers that the bound statement st yields
 * (columns: role, answers, person_id); the caller finalizes st. */
static int add_answers(struct count_ctx *c, sqlite3_stmt *st, int sign)
{
	struct role_cache cache = {-1};
	const struct quest *q = c->quest;
	int rc, result = 0;
	while ((rc = step(c, st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int role = role_lookup(&cache, code);
		if (role < 0) {
			result = c->s ? unknown_role(c, code) : -1;
			break;
		}
		const char *answers = (const char *)sqlite3_column_text(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		struct tally_role *tr = tally_role_use(c->t, (enum role)role);
		size_t n = q->role_item_count[role];
		if (len != n && !c->s) {
			result = -1;
			break;
		}
		if (len != n) {
			char *clean = text_sanitize((const char *)sqlite3_column_text(st, 2), false);
			result = diag_error("%s: answers of '%s' as %s hold %zu codes; questionnaire %s has %zu items "
					    "for that role", c->s->path, clean, code, len, q->id, n);
			free(clean);
			break;
		}
		tr->submitted += (uint64_t)sign;
		struct tally_counts *items = tr->items;
		for (size_t k = 0; k < n; k++) {
			switch (answers[k]) {
			case RESPONSE_IMPLEMENTED: items[k].implemented += (uint64_t)sign; break;
			case RESPONSE_NOT_IMPLEMENTED: items[k].not_implemented += (uint64_t)sign; break;
			case RESPONSE_NOT_APPLICABLE: items[k].not_applicable += (uint64_t)sign; break;
			case RESPONSE_UNANSWERED: break;
			default: {
				if (!c->s) {
					result = -1;
					goto done;
				}
				char *clean = text_sanitize((const char *)sqlite3_column_text(st, 2), false);
				result = diag_error("%s: answers of '%s' as %s hold an unknown code at item %zu",
						    c->s->path, clean, code, k + 1);
				free(clean);
				goto done;
			}
			}
		}
	}
done:
	if (result == 0 && rc != SQLITE_DONE)
		result = -1;
	return result;
}

/* Takes back the answers of one excluded target, if it submitted any. */
static int remove_excluded(struct count_ctx *c, sqlite3_stmt *one, const char *person, const char *code)
{
	sqlite3_reset(one);
	sqlite3_bind_int(one, 1, c->fiscal_year);
	sqlite3_bind_text(one, 2, person, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(one, 3, code, -1, SQLITE_TRANSIENT);
	return add_answers(c, one, -1);
}

#define RESPONSE_SCAN "SELECT role, answers, person_id FROM response WHERE fiscal_year = ?1 AND submitted_at IS NOT NULL"

#define RESPONSE_SCAN_BELOW RESPONSE_SCAN " AND person_id < ?2"
#define RESPONSE_SCAN_FROM RESPONSE_SCAN " AND person_id >= ?2"

/* One part of the response scan — the person ids below `below`, from `from`, or all when
 * both are NULL — run on its own connection in a worker thread. */
struct response_job {
	const char *path;
	struct count_ctx c;        /* c.s NULL: errors are only flagged */
	const char *from, *below;
	pthread_t thread;
	bool started;
	int result;
};

static const char *response_sql(const struct response_job *job)
{
	return job->from ? RESPONSE_SCAN_FROM : job->below ? RESPONSE_SCAN_BELOW : RESPONSE_SCAN;
}

static void bind_range(sqlite3_stmt *st, const struct response_job *job)
{
	sqlite3_bind_int(st, 1, job->c.fiscal_year);
	if (job->from || job->below)
		sqlite3_bind_text(st, 2, job->from ? job->from : job->below, -1, SQLITE_STATIC);
}

/* A person id between the year's first and last, so that two threads can each scan one part
 * of the responses; NULL when there are fewer than two distinct ids. Any split gives the same
 * counts — the middle only balances the work. Free the result. */
static char *response_split(struct store *s, int fiscal_year)
{
	/* Two seeks at the ends of the key range; min() and max() in one query would scan. */
	sqlite3_stmt *first, *last;
	if (store_prepare(s, "SELECT person_id FROM response WHERE fiscal_year = ?1"
			     " ORDER BY person_id LIMIT 1", &first))
		return NULL;
	if (store_prepare(s, "SELECT person_id FROM response WHERE fiscal_year = ?1"
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

static void *response_worker(void *arg)
{
	struct response_job *job = arg;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	job->result = -1;
	if (sqlite3_open_v2(job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    sqlite3_busy_timeout(db, 30000) == SQLITE_OK &&
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, response_sql(job), -1, &st, NULL) == SQLITE_OK) {
		bind_range(st, job);
		job->result = add_answers(&job->c, st, 1);
	}
	sqlite3_finalize(st);
	if (db)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return NULL;
}

static void merge_counts(struct tally *into, const struct tally *from)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *fr = &from->roles[r];
		if (!fr->present)
			continue;
		struct tally_role *tr = tally_role_use(into, (enum role)r);
		tr->submitted += fr->submitted;
		for (size_t k = 0; k < into->quest->role_item_count[r]; k++) {
			tr->items[k].implemented += fr->items[k].implemented;
			tr->items[k].not_implemented += fr->items[k].not_implemented;
			tr->items[k].not_applicable += fr->items[k].not_applicable;
		}
	}
}

/* Scans one part of the responses on the caller's connection, adding to c->t. */
static int scan_part(struct count_ctx *c, const struct response_job *job)
{
	sqlite3_stmt *st;
	if (store_prepare(c->s, response_sql(job), &st))
		return -1;
	bind_range(st, job);
	int result = add_answers(c, st, 1);
	sqlite3_finalize(st);
	return result;
}

/* The roster: targets per role from the index target_by_role alone, and the few excluded
 * targets (partial index target_excluded), whose answers, if submitted, are taken back. */
static int count_roster(struct count_ctx *c)
{
	sqlite3_stmt *st = NULL, *excluded = NULL, *one = NULL;
	int rc = 0, result = 0;
	if (store_prepare(c->s, "SELECT role, count(*) FROM target INDEXED BY target_by_role"
			     " WHERE fiscal_year = ?1 AND excluded = 0 GROUP BY role", &st) ||
	    store_prepare(c->s, "SELECT role, person_id FROM target INDEXED BY target_excluded"
			     " WHERE fiscal_year = ?1 AND excluded = 1", &excluded) ||
	    store_prepare(c->s, "SELECT role, answers, person_id FROM response WHERE fiscal_year = ?1"
			     " AND person_id = ?2 AND role = ?3 AND submitted_at IS NOT NULL", &one)) {
		sqlite3_finalize(st);
		sqlite3_finalize(excluded);
		return -1;
	}
	sqlite3_bind_int(st, 1, c->fiscal_year);
	sqlite3_bind_int(excluded, 1, c->fiscal_year);
	struct role_cache cache = {-1};
	while (result == 0 && (rc = store_step(c->s, st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int role = role_lookup(&cache, code);
		if (role < 0) {
			result = unknown_role(c, code);
			break;
		}
		tally_role_use(c->t, (enum role)role)->targets = (uint64_t)sqlite3_column_int64(st, 1);
	}
	if (result == 0 && rc != SQLITE_DONE)
		result = -1;
	while (result == 0 && (rc = store_step(c->s, excluded)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(excluded, 0);
		int role = role_lookup(&cache, code);
		if (role < 0) {
			result = unknown_role(c, code);
			break;
		}
		tally_role_use(c->t, (enum role)role);
		result = remove_excluded(c, one, (const char *)sqlite3_column_text(excluded, 1), code);
	}
	if (result == 0 && rc != SQLITE_DONE)
		result = -1;
	sqlite3_finalize(st);
	sqlite3_finalize(excluded);
	sqlite3_finalize(one);
	return result;
}

/*
 * Reads instead of a join per target: the roster, counted per role inside SQLite from an index,
 * and every submitted response (the counts). A response always has its target row (foreign
 * key), so the result is the join's: excluded targets' answers are counted by the response
 * scan and taken back out.
 *
 * When the store is open for writing, the caller's transaction holds the write lock, so no
 * other process can commit until the tally is stored: other connections then see exactly the
 * same data, and the responses are scanned on them in two worker threads — split at a person
 * id in the middle — while this thread counts the roster. A part whose worker failed is
 * scanned again here, to report why.
 */
static int scan_year(struct count_ctx *c)
{
	struct response_job jobs[2];
	size_t njobs = 0;
	char *split = NULL;
	memset(jobs, 0, sizeof jobs);
	if (!c->s->readonly && c->s->depth > 0) {
		split = response_split(c->s, c->fiscal_year);
		njobs = split ? 2 : 1;
		if (split) {
			jobs[0].below = split;
			jobs[1].from = split;
		}
		for (size_t i = 0; i < njobs; i++) {
			jobs[i].path = c->s->path;
			jobs[i].c = (struct count_ctx){NULL, c->fiscal_year, c->quest,
						       tally_new(&c->t->org, c->fiscal_year, c->quest)};
			jobs[i].started = pthread_create(&jobs[i].thread, NULL, response_worker, &jobs[i]) == 0;
		}
	}
	int result = count_roster(c);
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
		struct response_job all = {.c = {NULL, c->fiscal_year, c->quest, NULL}};
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
			     " WHERE t.fiscal_year = ?1 AND t.excluded = 0 ORDER BY p.unit", &st))
		return -1;
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
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				list = xrealloc(list, cap * sizeof *list);
			}
			struct org o = {.code = (char *)unit, .name = (char *)unit};
			list[n++] = tally_new(&o, fiscal_year, quest);
		}
		const char *answers = (const char *)sqlite3_column_text(st, 2);
		size_t len = answers ? (size_t)sqlite3_column_bytes(st, 2) : 0;
		if (count_target(&c, list[n - 1], (enum role)role, (const char *)sqlite3_column_text(st, 4),
				 answers, len, sqlite3_column_int(st, 3) != 0)) {
			result = -1;
			break;
		}
	}
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
