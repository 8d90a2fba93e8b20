/* tallying: a year's targets, as core/responses yields them, into per-role, per-item counts. */
#include "core/tallying.h"
#include "core/systally.h"
#include "core/diag.h"
#include "core/livetally.h"
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

static void add_pending(struct count_ctx *c, const char *person, enum role role)
{
	c->pending = xgrow(c->pending, c->pending_count, &c->pending_cap, sizeof *c->pending, 256);
	c->pending[c->pending_count++] = (struct tallyunits_target){xstrdup(person), role};
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
	if (p->id && p->owed > 0)
		livetally_persons(&p->t->persons, p->owed, p->submitted, 1);
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
 * submitted its sheet (answers and attainment: core/livetally.h, shared with the counts kept
 * as answers arrive), and to the person being counted; a target not submitted is pending. */
static int count_sheet(struct count_ctx *c, struct person_acc *p, enum role role, const char *person,
		       const char *answers, size_t len, bool submitted)
{
	if (!p->t)
		p->t = livetally_unit(c->units, p->unit, c->fiscal_year, c->quest);
	struct tally_role *tr = tally_role_use(p->t, role);
	p->owed++;
	p->submitted += submitted;
	if (!submitted)
		add_pending(c, person, role);
	long bad = livetally_sheet(c->quest, role, tr, answers, len, submitted, 1);
	if (bad == LIVETALLY_BAD_LENGTH)
		return bad_length(c, person, role, len);
	if (bad > 0)
		return bad_code(c, person, role, (size_t)bad - 1);
	return 0;
}

/*
 * Counts the targets of one scan (core/responses.h), which come in key order: each meets its
 * person's unit and answers without a lookup; excluded targets are skipped; the person being
 * counted closes when the person id changes.
 */
static int count_scan(struct count_ctx *c, struct responses_scan *sc)
{
	struct person_acc person = {0};
	struct response_row row;
	int rc, result = 0;
	while (result == 0 && (rc = responses_next(sc, &row)) == 1) {
		if (person_enter(&person, row.person_id))
			person.unit = row.unit;
		if (!row.excluded)
			result = count_sheet(c, &person, row.role, row.person_id, row.answers, row.answers_len,
					     row.submitted);
	}
	person_done(&person);
	return result || rc < 0 ? -1 : 0;
}

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

static enum responses_range job_range(const struct scan_job *job)
{
	return job->from ? RESPONSES_FROM : job->below ? RESPONSES_BELOW : RESPONSES_ALL;
}

static const char *job_key(const struct scan_job *job)
{
	return job->from ? job->from : job->below;
}

static void *scan_worker(void *arg)
{
	struct scan_job *job = arg;
	struct responses_scan *sc;
	job->result = -1;
	if (responses_open_file(job->path, job->fiscal_year, job_range(job), &sc) == 0) {
		job->result = responses_start(sc, job_key(job)) ? -1 : count_scan(&job->c, sc);
		responses_close(sc);
	}
	return NULL;
}

/* Scans one part of the year on the caller's connection, adding to c. */
static int scan_part(struct count_ctx *c, const struct scan_job *job)
{
	struct responses_scan *sc;
	if (responses_open(c->s->db, c->s, job->fiscal_year, job_range(job), &sc))
		return -1;
	int result = responses_start(sc, job_key(job)) ? -1 : count_scan(c, sc);
	responses_close(sc);
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
			tally_add_counts(t, value);
			continue;
		}
		g_hash_table_iter_steal(&it);
		g_hash_table_insert(into->units, ((struct tally *)value)->org.code, value);
	}
	for (size_t i = 0; i < from->pending_count; i++) {
		into->pending = xgrow(into->pending, into->pending_count, &into->pending_cap, sizeof *into->pending, 256);
		into->pending[into->pending_count++] = from->pending[i];
	}
	from->pending_count = 0;
}

/*
 * Reads instead of a join per target: the year's targets with their units and answers, in
 * key order, from one scan (core/responses.h).
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
		tally_add_counts(t, units[i]);
	/* A role whose only targets are excluded is not part of the tally. */
	tally_drop_empty_roles(t);
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
	/* Other connections see the transaction's state only while it has written nothing. */
	if (!c->s->readonly && c->s->depth > 0 && !store_wrote(c->s) && (split = responses_split(c->s, c->fiscal_year))) {
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
