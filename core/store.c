/* store: opening, migrating and the shared tables of the SQLite store. */
#include "core/store.h"
#include "core/store_choice.h"
#include "core/diag.h"
#include "core/inspection.h"
#include "core/outfile.h"
#include "core/text.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdarg.h>

#include <glib.h>

/* A trigger that counts, per fiscal year, every change of the data a tally is computed from
 * (submitted answers, targets), so that a tally records which state it covers. */
#define RAISE_GENERATION(year)                                                                     \
	"  INSERT INTO answer_change(fiscal_year, generation, changed_at)"                          \
	"  VALUES (" year ", 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"                             \
	"  ON CONFLICT(fiscal_year) DO UPDATE SET generation = generation + 1,"                     \
	"  changed_at = excluded.changed_at"
#define ANSWER_CHANGE_TRIGGER(name, event, table, row, when)                                      \
	"CREATE TRIGGER answer_change_" name " AFTER " event " ON " table " WHEN " when " BEGIN"     \
	RAISE_GENERATION(row ".fiscal_year") "; END;"

/* Forward migrations: migrations[i] brings user_version i to i + 1. */
static const char *const migrations[] = {
	/* 0 → 1: the initial schema (docs/store.md). */
	"CREATE TABLE organization ("
	"  code TEXT PRIMARY KEY CHECK (code <> ''),"
	"  name TEXT NOT NULL,"
	"  name_en TEXT,"
	"  report_order INTEGER NOT NULL DEFAULT 0,"
	"  note_ja TEXT,"
	"  note_en TEXT"
	");"
	"CREATE TABLE questionnaire ("
	"  digest TEXT PRIMARY KEY,"
	"  id TEXT NOT NULL,"
	"  fiscal_year INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"
	"  stored_at TEXT NOT NULL"
	");"
	"CREATE TABLE fiscal_year ("
	"  fiscal_year INTEGER PRIMARY KEY,"
	"  questionnaire TEXT NOT NULL REFERENCES questionnaire(digest),"
	"  org TEXT REFERENCES organization(code),"
	"  opened_at TEXT NOT NULL,"
	"  closed_at TEXT"
	");"
	"CREATE TABLE person ("
	"  fiscal_year INTEGER NOT NULL REFERENCES fiscal_year(fiscal_year),"
	"  person_id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  token_hash BLOB,"
	"  PRIMARY KEY (fiscal_year, person_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE target ("
	"  fiscal_year INTEGER NOT NULL,"
	"  person_id TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),"
	"  PRIMARY KEY (fiscal_year, person_id, role),"
	"  FOREIGN KEY (fiscal_year, person_id) REFERENCES person(fiscal_year, person_id) ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE TABLE response ("
	"  fiscal_year INTEGER NOT NULL,"
	"  person_id TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  answers TEXT NOT NULL,"
	"  answered INTEGER NOT NULL DEFAULT 0,"
	"  updated_at TEXT NOT NULL,"
	"  submitted_at TEXT,"
	"  PRIMARY KEY (fiscal_year, person_id, role),"
	"  FOREIGN KEY (fiscal_year, person_id, role) REFERENCES target(fiscal_year, person_id, role) ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE TABLE submission ("
	"  fiscal_year INTEGER NOT NULL,"
	"  person_id TEXT NOT NULL,"
	"  submitted_at TEXT NOT NULL,"
	"  answer_count INTEGER NOT NULL,"
	"  answers_digest TEXT NOT NULL,"
	"  FOREIGN KEY (fiscal_year, person_id) REFERENCES person(fiscal_year, person_id) ON DELETE CASCADE"
	");"
	"CREATE INDEX submission_person ON submission(fiscal_year, person_id);"
	"CREATE TABLE tally_role ("
	"  org TEXT NOT NULL REFERENCES organization(code),"
	"  fiscal_year INTEGER NOT NULL,"
	"  role TEXT NOT NULL,"
	"  targets INTEGER NOT NULL CHECK (targets >= 0),"
	"  submitted INTEGER NOT NULL CHECK (submitted >= 0 AND submitted <= targets),"
	"  PRIMARY KEY (org, fiscal_year, role)"
	") WITHOUT ROWID;"
	"CREATE TABLE tally_item ("
	"  org TEXT NOT NULL,"
	"  fiscal_year INTEGER NOT NULL,"
	"  role TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  implemented INTEGER NOT NULL CHECK (implemented >= 0),"
	"  not_implemented INTEGER NOT NULL CHECK (not_implemented >= 0),"
	"  not_applicable INTEGER NOT NULL CHECK (not_applicable >= 0),"
	"  PRIMARY KEY (org, fiscal_year, role, item),"
	"  FOREIGN KEY (org, fiscal_year, role) REFERENCES tally_role(org, fiscal_year, role) ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE TABLE tally_source ("
	"  org TEXT NOT NULL REFERENCES organization(code),"
	"  fiscal_year INTEGER NOT NULL,"
	"  questionnaire TEXT NOT NULL REFERENCES questionnaire(digest),"
	"  stored_at TEXT NOT NULL,"
	"  PRIMARY KEY (org, fiscal_year)"
	");"
	"CREATE TABLE history_rate ("
	"  fiscal_year INTEGER NOT NULL,"
	"  org TEXT NOT NULL DEFAULT '',"
	"  metric TEXT NOT NULL CHECK (metric IN ('grasp', 'implementation')),"
	"  grp TEXT NOT NULL,"
	"  tenths INTEGER NOT NULL CHECK (tenths BETWEEN 0 AND 1000),"
	"  PRIMARY KEY (fiscal_year, org, metric, grp)"
	");"
	"CREATE TABLE series_break ("
	"  fiscal_year INTEGER PRIMARY KEY,"
	"  note_ja TEXT NOT NULL,"
	"  note_en TEXT NOT NULL"
	");"
	"CREATE TABLE history_source ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  source_ja TEXT,"
	"  source_en TEXT"
	");",
	/* 1 → 2: targets per role counted from an index alone (tallying reads no roster row),
	 * and the few excluded targets found without a scan. */
	"CREATE INDEX target_by_role ON target(fiscal_year, role, excluded);"
	"CREATE INDEX target_excluded ON target(fiscal_year) WHERE excluded = 1;",
	/* 2 → 3: people kept after leaving the roster, the activity log, the answers' change
	 * counter that tells a stale tally, the method of a year, and what the nisc method and
	 * tally files of format /2 add (persons counted once, sheets by attainment). History
	 * rows gain attainment metrics and grades (the table is rebuilt for its new CHECK). */
	"ALTER TABLE person ADD COLUMN removed_at TEXT;"
	"CREATE TABLE activity ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  fiscal_year INTEGER,"
	"  program TEXT NOT NULL,"
	"  command TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE TABLE answer_change ("
	"  fiscal_year INTEGER PRIMARY KEY,"
	"  generation INTEGER NOT NULL,"
	"  changed_at TEXT NOT NULL"
	");"
	ANSWER_CHANGE_TRIGGER("response_insert", "INSERT", "response", "NEW", "NEW.submitted_at IS NOT NULL")
	ANSWER_CHANGE_TRIGGER("response_update", "UPDATE", "response", "NEW",
			      "NEW.submitted_at IS NOT NULL OR OLD.submitted_at IS NOT NULL")
	ANSWER_CHANGE_TRIGGER("response_delete", "DELETE", "response", "OLD", "OLD.submitted_at IS NOT NULL")
	ANSWER_CHANGE_TRIGGER("target_insert", "INSERT", "target", "NEW", "1")
	ANSWER_CHANGE_TRIGGER("target_update", "UPDATE", "target", "NEW", "NEW.excluded <> OLD.excluded")
	ANSWER_CHANGE_TRIGGER("target_delete", "DELETE", "target", "OLD", "1")
	"ALTER TABLE fiscal_year ADD COLUMN method TEXT NOT NULL DEFAULT 'nisc'"
	"  CHECK (method IN ('nisc', 'pooled'));"
	"ALTER TABLE tally_role ADD COLUMN att_obligated INTEGER;"
	"ALTER TABLE tally_role ADD COLUMN att_100 INTEGER;"
	"ALTER TABLE tally_role ADD COLUMN att_95 INTEGER;"
	"ALTER TABLE tally_role ADD COLUMN att_90 INTEGER;"
	"CREATE TABLE tally_persons ("
	"  org TEXT NOT NULL REFERENCES organization(code),"
	"  fiscal_year INTEGER NOT NULL,"
	"  targets INTEGER NOT NULL CHECK (targets >= 0),"
	"  submitted_all INTEGER NOT NULL CHECK (submitted_all >= 0 AND submitted_all <= targets),"
	"  PRIMARY KEY (org, fiscal_year)"
	") WITHOUT ROWID;"
	"ALTER TABLE tally_source ADD COLUMN format TEXT;"
	"ALTER TABLE tally_source ADD COLUMN tallied_at TEXT;"
	"ALTER TABLE tally_source ADD COLUMN generation INTEGER;"
	"ALTER TABLE tally_source ADD COLUMN closed_at TEXT;"
	"CREATE TABLE history_rate_v3 ("
	"  fiscal_year INTEGER NOT NULL,"
	"  org TEXT NOT NULL DEFAULT '',"
	"  metric TEXT NOT NULL CHECK (metric IN ('grasp', 'implementation',"
	"    'attainment_items_100', 'attainment_items_95', 'attainment_items_90',"
	"    'attainment_persons_100', 'attainment_persons_95', 'attainment_persons_90')),"
	"  grp TEXT NOT NULL,"
	"  tenths INTEGER CHECK (tenths BETWEEN 0 AND 1000),"
	"  grade TEXT CHECK (grade IN ('A', 'B', 'C', 'D')),"
	"  CHECK (tenths IS NOT NULL OR grade IS NOT NULL),"
	"  PRIMARY KEY (fiscal_year, org, metric, grp)"
	");"
	"INSERT INTO history_rate_v3(fiscal_year, org, metric, grp, tenths)"
	"  SELECT fiscal_year, org, metric, grp, tenths FROM history_rate;"
	"DROP TABLE history_rate;"
	"ALTER TABLE history_rate_v3 RENAME TO history_rate;"
	"CREATE TABLE history_method ("
	"  fiscal_year INTEGER PRIMARY KEY,"
	"  method TEXT NOT NULL CHECK (method IN ('nisc', 'pooled'))"
	");",
	/* 3 → 4: when a respondent last changed a submitted answer (NULL when the answers are
	 * as last submitted), for the receipt and the coordinator. */
	"ALTER TABLE response ADD COLUMN changed_after_submit_at TEXT;",
	/* 4 → 5: the focused inspection — the systems roster, each system's packed answers, and
	 * the tally's systems per kind and counts per inspection item. A change of a system's
	 * counted state raises the answers' change counter like a person's. */
	"CREATE TABLE system ("
	"  fiscal_year INTEGER NOT NULL REFERENCES fiscal_year(fiscal_year),"
	"  system_id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  officer TEXT NOT NULL,"
	"  excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),"
	"  removed_at TEXT,"
	"  PRIMARY KEY (fiscal_year, system_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX system_by_officer ON system(fiscal_year, officer);"
	"CREATE TABLE system_response ("
	"  fiscal_year INTEGER NOT NULL,"
	"  system_id TEXT NOT NULL,"
	"  answers TEXT NOT NULL,"
	"  answered INTEGER NOT NULL DEFAULT 0,"
	"  updated_at TEXT NOT NULL,"
	"  answered_by TEXT,"
	"  submitted_at TEXT,"
	"  PRIMARY KEY (fiscal_year, system_id),"
	"  FOREIGN KEY (fiscal_year, system_id) REFERENCES system(fiscal_year, system_id) ON DELETE CASCADE"
	") WITHOUT ROWID;"
	ANSWER_CHANGE_TRIGGER("system_insert", "INSERT", "system", "NEW", "1")
	ANSWER_CHANGE_TRIGGER("system_update", "UPDATE", "system", "NEW",
			      "NEW.excluded <> OLD.excluded OR NEW.kind <> OLD.kind")
	ANSWER_CHANGE_TRIGGER("system_delete", "DELETE", "system", "OLD", "1")
	ANSWER_CHANGE_TRIGGER("system_response_insert", "INSERT", "system_response", "NEW",
			      "NEW.submitted_at IS NOT NULL")
	ANSWER_CHANGE_TRIGGER("system_response_update", "UPDATE", "system_response", "NEW",
			      "NEW.submitted_at IS NOT NULL OR OLD.submitted_at IS NOT NULL")
	ANSWER_CHANGE_TRIGGER("system_response_delete", "DELETE", "system_response", "OLD",
			      "OLD.submitted_at IS NOT NULL")
	"ALTER TABLE tally_source ADD COLUMN reference_date TEXT;"
	"CREATE TABLE tally_system_kind ("
	"  org TEXT NOT NULL REFERENCES organization(code),"
	"  fiscal_year INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  systems INTEGER NOT NULL CHECK (systems >= 0),"
	"  PRIMARY KEY (org, fiscal_year, kind)"
	") WITHOUT ROWID;"
	"CREATE TABLE tally_inspection_item ("
	"  org TEXT NOT NULL REFERENCES organization(code),"
	"  fiscal_year INTEGER NOT NULL,"
	"  item TEXT NOT NULL,"
	"  implemented INTEGER NOT NULL CHECK (implemented >= 0),"
	"  not_implemented INTEGER NOT NULL CHECK (not_implemented >= 0),"
	"  not_applicable INTEGER NOT NULL CHECK (not_applicable >= 0),"
	"  PRIMARY KEY (org, fiscal_year, item)"
	") WITHOUT ROWID;",
	/* 5 → 6: a person's move to another unit counts as a change of the tally inputs; the
	 * per-unit counts and the targets not submitted, recorded with a ministry's tally. */
	ANSWER_CHANGE_TRIGGER("person_unit", "UPDATE OF unit", "person", "NEW", "NEW.unit <> OLD.unit")
	"ALTER TABLE tally_source ADD COLUMN units INTEGER;"
	"CREATE TABLE tally_unit ("
	"  org TEXT NOT NULL,"
	"  fiscal_year INTEGER NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  targets INTEGER NOT NULL CHECK (targets >= 0),"
	"  submitted_all INTEGER NOT NULL CHECK (submitted_all >= 0 AND submitted_all <= targets),"
	"  PRIMARY KEY (org, fiscal_year, unit)"
	") WITHOUT ROWID;"
	"CREATE TABLE tally_unit_role ("
	"  org TEXT NOT NULL,"
	"  fiscal_year INTEGER NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  targets INTEGER NOT NULL CHECK (targets >= 0),"
	"  submitted INTEGER NOT NULL CHECK (submitted >= 0 AND submitted <= targets),"
	"  att_obligated INTEGER NOT NULL,"
	"  att_100 INTEGER NOT NULL,"
	"  att_95 INTEGER NOT NULL,"
	"  att_90 INTEGER NOT NULL,"
	"  counts TEXT NOT NULL,"
	"  PRIMARY KEY (org, fiscal_year, unit, role),"
	"  FOREIGN KEY (org, fiscal_year, unit) REFERENCES tally_unit(org, fiscal_year, unit) ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE TABLE tally_pending ("
	"  org TEXT NOT NULL,"
	"  fiscal_year INTEGER NOT NULL,"
	"  person_id TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  PRIMARY KEY (org, fiscal_year, person_id, role)"
	") WITHOUT ROWID;",
	/* 6 → 7: choice counts, published rounds of choice items, kinds of organisation. */
	STORE_MIGRATION_CHOICES,
};

#define MIGRATION_COUNT (sizeof migrations / sizeof migrations[0])
_Static_assert(MIGRATION_COUNT == STORE_SCHEMA_VERSION, "one migration per schema version");

int store_error(struct store *s, const char *what)
{
	return diag_error("%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

char *store_now(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/* ---- waiting for other programs ----
 *
 * SQLite calls on_busy while another connection holds a lock the statement needs; the pauses
 * are short and randomised (so that hundreds of waiting respondents do not wake together and
 * none waits behind the others for long), and the whole wait is bounded by busy_limit_ms. The
 * few busy results SQLite returns without waiting (a read snapshot overtaken by a writer)
 * are retried under the same bound. */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether a statement that found the store busy may try again: the wait is timed from the
 * first busy result (*since, -1 before it), not before each statement, which would read the
 * clock millions of times in a large import for the few that wait. */
static bool may_retry(const struct store *s, long long *since)
{
	long long now = now_ms();
	if (*since < 0)
		*since = now;
	return now - *since < s->busy_limit_ms;
}

/* A pause of about 2^count * 100 µs, at most about 10 ms, with jitter. */
static void busy_pause(int count)
{
	static unsigned seed;
	if (!seed)
		seed = (unsigned)getpid() ^ (unsigned)now_ms();
	unsigned base = count < 7 ? 100u << count : 6400u;
	usleep(base / 2 + (unsigned)rand_r(&seed) % (base + 1));
}

static int on_busy(void *arg, int count)
{
	struct store *s = arg;
	long long now = now_ms();
	if (count == 0)
		s->busy_since_ms = now;
	if (now - s->busy_since_ms >= s->busy_limit_ms)
		return 0;
	busy_pause(count);
	return 1;
}

void store_set_busy_limit(struct store *s, int ms)
{
	s->busy_limit_ms = ms > 0 ? ms : STORE_BUSY_LIMIT_MS;
}

/* Reports a statement that failed: a lock held past the limit says so plainly. */
static int step_error(struct store *s, int rc, const char *what)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return diag_error("%s: %s: the store stayed busy for %d %s (another program is using it); nothing was "
				  "changed, try again", s->path, what,
				  s->busy_limit_ms % 1000 ? s->busy_limit_ms : s->busy_limit_ms / 1000,
				  s->busy_limit_ms % 1000 ? "ms" : "s");
	if (rc == SQLITE_READONLY)
		return diag_error("%s: %s: the store cannot be written (read-only file, directory or disk)", s->path, what);
	return store_error(s, what);
}

int store_exec(struct store *s, const char *sql)
{
	long long since = -1;
	for (int attempt = 0;; attempt++) {
		int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && may_retry(s, &since)) {
			busy_pause(attempt < 6 ? attempt : 6);
			continue;
		}
		return step_error(s, rc, "cannot run statement");
	}
}

int store_prepare(struct store *s, const char *sql, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return store_error(s, "cannot prepare statement");
	}
	return 0;
}

char *store_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? xstrdup((const char *)t) : NULL;
}

int store_step(struct store *s, sqlite3_stmt *stmt)
{
	long long since = -1;
	for (int attempt = 0;; attempt++) {
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			return rc;
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && may_retry(s, &since)) {
			sqlite3_reset(stmt);
			busy_pause(attempt < 6 ? attempt : 6);
			continue;
		}
		return step_error(s, rc, "statement failed");
	}
}

/* ---- the writers' queue ----
 *
 * SQLite's locks are polled: under hundreds of waiting writers the polls themselves take the
 * machine and a writer may lose every round for seconds. So writers first wait for an
 * exclusive flock(2) on the store file, held from BEGIN IMMEDIATE to COMMIT or ROLLBACK; the
 * kernel hands it to one waiter at a time. (flock locks are independent of the POSIX locks
 * SQLite takes on the same file.) An alarm interrupts the wait at the busy limit. */

static void on_alarm(int sig)
{
	(void)sig;
}

static int queue_enter(struct store *s)
{
	if (s->lock_fd < 0)
		return 0;
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK)
		return 0; /* no flock here (some network filesystems): SQLite's own waiting decides */
	struct sigaction sa, old_sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm; /* no SA_RESTART: the alarm interrupts flock */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old_sa);
	/* One alarm at the limit (and one a second later should the first come before flock
	 * began to wait); waking waiters more often would send them to the back of the queue. */
	struct itimerval tick = {{1, 0}, {s->busy_limit_ms / 1000, (s->busy_limit_ms % 1000) * 1000}}, old_timer;
	setitimer(ITIMER_REAL, &tick, &old_timer);
	long long start = now_ms();
	int rc;
	while ((rc = flock(s->lock_fd, LOCK_EX)) != 0 && errno == EINTR && now_ms() - start < s->busy_limit_ms)
		;
	int err = rc ? errno : 0;
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
	if (old_timer.it_value.tv_sec || old_timer.it_value.tv_usec)
		setitimer(ITIMER_REAL, &old_timer, NULL);
	if (rc == 0)
		return 0;
	if (err == EINTR)
		return step_error(s, SQLITE_BUSY, "cannot begin a transaction");
	return 0;
}

static void queue_leave(struct store *s)
{
	if (s->lock_fd >= 0) {
		flock(s->lock_fd, LOCK_UN);
		/* Let the waiter the kernel just woke take its turn before this process, running
		 * on, takes the lock again. */
		sched_yield();
	}
}

int store_begin(struct store *s)
{
	if (s->depth++ > 0)
		return 0;
	if (!s->readonly && queue_enter(s)) {
		s->depth = 0;
		return -1;
	}
	if (store_exec(s, s->readonly ? "BEGIN" : "BEGIN IMMEDIATE")) {
		if (!s->readonly)
			queue_leave(s);
		s->depth = 0;
		return -1;
	}
	s->begin_changes = sqlite3_total_changes64(s->db);
	return 0;
}

bool store_wrote(struct store *s)
{
	return s->depth > 0 && sqlite3_total_changes64(s->db) != s->begin_changes;
}

static int publish(struct store *s);
static void batch_forget(struct store *s);

/* Puts the connection back to full syncing after a relaxed transaction. */
static void end_relaxed(struct store *s)
{
	if (!s->relaxed)
		return;
	s->relaxed = false;
	sqlite3_exec(s->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

int store_begin_relaxed(struct store *s)
{
	if (s->depth > 0)
		DIAG_BUG("a relaxed transaction inside another transaction");
	if (!s->readonly) {
		if (store_exec(s, "PRAGMA synchronous = NORMAL"))
			return -1;
		s->relaxed = true;
	}
	if (store_begin(s)) {
		end_relaxed(s);
		return -1;
	}
	return 0;
}

/* PRAGMA synchronous as the connection has it now; 0 when it cannot be read. */
static int synchronous_level(struct store *s)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA synchronous", -1, &st, NULL) != SQLITE_OK)
		return 0;
	int level = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return level;
}

int store_commit(struct store *s)
{
	if (s->depth == 0)
		DIAG_BUG("commit without a transaction");
	if (--s->depth > 0)
		return 0;
	if (s->batch_year)
		DIAG_BUG("commit with the batch write of fiscal year %d still open", s->batch_year);
	/* Read back inside the commit path what the commit is made with (the tests check it). */
	if (!s->readonly)
		s->commit_synchronous = synchronous_level(s);
	int rc = store_exec(s, "COMMIT");
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	queue_leave(s);
	end_relaxed(s);
	if (rc)
		return -1;
	if (s->unpublished && !s->opening)
		return publish(s);
	return 0;
}

void store_rollback(struct store *s)
{
	if (s->depth == 0)
		return;
	s->depth = 0;
	batch_forget(s);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	queue_leave(s);
	end_relaxed(s);
}

/* Runs sql with the year bound to ?1 to completion. */
static int exec_year(struct store *s, const char *sql, int fiscal_year)
{
	sqlite3_stmt *st;
	if (store_prepare(s, sql, &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The triggers a batch write holds off: those that raise answer_change. */
#define BATCH_TRIGGERS "type = 'trigger' AND name LIKE 'answer\\_change\\_%' ESCAPE '\\'"

int store_batch_begin(struct store *s, int fiscal_year)
{
	if (s->depth == 0 || s->batch_year || fiscal_year == 0)
		DIAG_BUG("a batch write outside a transaction or inside another");
	/* Keep each trigger's own definition, to make it again as it was. */
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT name, sql FROM sqlite_master WHERE " BATCH_TRIGGERS " ORDER BY name", &st))
		return -1;
	struct strbuf make, drop;
	strbuf_init(&make);
	strbuf_init(&drop);
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		strbuf_addf(&make, "%s;\n", (const char *)sqlite3_column_text(st, 1));
		strbuf_addf(&drop, "DROP TRIGGER \"%s\";", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	int result = rc == SQLITE_DONE ? store_exec(s, drop.buf) : -1;
	strbuf_release(&drop);
	if (result) {
		strbuf_release(&make);
		return -1;
	}
	s->batch_triggers = strbuf_detach(&make);
	s->batch_year = fiscal_year;
	return 0;
}

/* Forgets an open batch (its transaction is being rolled back, triggers and all). */
static void batch_forget(struct store *s)
{
	free(s->batch_triggers);
	s->batch_triggers = NULL;
	s->batch_year = 0;
}

int store_batch_end(struct store *s, bool changed)
{
	if (!s->batch_year)
		DIAG_BUG("no batch write to end");
	int year = s->batch_year;
	if (store_exec(s, s->batch_triggers) || (changed && exec_year(s, RAISE_GENERATION("?1"), year)))
		return -1;
	batch_forget(s);
	return 0;
}

static int user_version(struct store *s, int *version)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "PRAGMA user_version", &st))
		return -1;
	int rc = store_step(s, st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int migrate(struct store *s)
{
	int version;
	if (user_version(s, &version))
		return -1;
	if (version > (int)MIGRATION_COUNT)
		return diag_error("%s: store schema version %d is newer than this program's (%d); use a newer version",
				  s->path, version, (int)MIGRATION_COUNT);
	if (version == (int)MIGRATION_COUNT)
		return 0;
	if (s->readonly)
		return diag_error("%s: store schema version %d needs migrating, and the file is read-only "
				  "for this user; open it once with a command that writes, as a user who may write it",
				  s->path, version);
	if (store_begin(s))
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (user_version(s, &version)) {
		store_rollback(s);
		return -1;
	}
	for (; version < (int)MIGRATION_COUNT; version++) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
		if (store_exec(s, migrations[version]) || store_exec(s, pragma)) {
			store_rollback(s);
			return -1;
		}
	}
	return store_commit(s);
}

/* ---- opening ---- */

static char *sibling(const char *path, const char *suffix)
{
	return xasprintf("%s%s", path, suffix);
}

/* The directory of path ("." when none). */
bool store_can_write(const char *path)
{
	char *dir = outfile_dir(path), *shm = sibling(path, "-shm");
	bool ok = access(path, W_OK) == 0 && access(dir, W_OK) == 0 && (access(shm, F_OK) != 0 || access(shm, W_OK) == 0);
	free(dir);
	free(shm);
	return ok;
}

/* A URI for path with the given query ("mode=ro", "immutable=1"). */
static char *file_uri(const char *path, const char *query)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			strbuf_addf(&sb, "%%%02X", (unsigned char)*p);
		else
			strbuf_addch(&sb, *p);
	}
	strbuf_addf(&sb, "?%s", query);
	return strbuf_detach(&sb);
}

/* Opens the connection to s->file as s says (readonly or not); how for a store this process
 * cannot write is decided here. Returns 0, or -1 after reporting. */
#define STORE_PAGE_SIZE_TEXT "16384"

static int connect_db(struct store *s)
{
	char *name = xstrdup(s->file);
	int flags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (s->readonly && !store_can_write(s->file)) {
		/* SQLite cannot create the -shm file here. Without a pending write-ahead log the
		 * file alone is the store: read it as immutable. A pending log can be read through
		 * its existing -shm file only. */
		char *wal = sibling(s->file, "-wal"), *shm = sibling(s->file, "-shm");
		struct stat st;
		bool pending = stat(wal, &st) == 0 && st.st_size > 0;
		bool have_shm = access(shm, R_OK) == 0;
		free(wal);
		free(shm);
		if (pending && !have_shm) {
			free(name);
			return diag_error("cannot open store '%s': it holds changes in its -wal file that only a program "
					  "that may write the store can apply (its -shm file is missing); open it once "
					  "where it can be written", s->path);
		}
		free(name);
		name = file_uri(s->file, pending ? "mode=ro" : "immutable=1");
		flags |= SQLITE_OPEN_URI;
	}
	int rc = sqlite3_open_v2(name, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	free(name);
	if (rc != SQLITE_OK)
		return diag_error("cannot open store '%s': %s", s->path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
	sqlite3_busy_handler(s->db, on_busy, s);
	sqlite3_extended_result_codes(s->db, 0);
	/* A file that is not a database fails on the first read. */
	rc = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			return step_error(s, rc, "cannot open store");
		return diag_error("cannot open store '%s': %s", s->path, sqlite3_errmsg(s->db));
	}
	/* A page cache of up to 64 MB (SQLite fills it only as pages are read): a roster or an
	 * answers import of a large ministry writes all over its tables in one transaction,
	 * and with the default 2 MB it would spill pages to the log and read them back again
	 * and again. Commits are synced to the disk (synchronous = FULL). */
	const char *setup = s->readonly ? "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;"
					  " PRAGMA cache_size = -65536;"
					: "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
					  " PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;";
	if (!s->readonly && s->lock_fd < 0)
		s->lock_fd = open(s->file, O_RDONLY | O_CLOEXEC);
	/* A new store is made of 16 KB pages (SQLite's default is 4 KB): an import writes its
	 * rows, the log and the checkpoint a quarter as many pages at a time, and the year's
	 * tables are read with fewer steps. The size takes only before the first table. */
	if (s->unpublished && store_exec(s, "PRAGMA page_size = " STORE_PAGE_SIZE_TEXT))
		return -1;
	return store_exec(s, setup);
}

/* Removes the temporary file of a new store and what SQLite kept beside it. */
static void remove_unpublished(struct store *s)
{
	static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *f = sibling(s->file, suffixes[i]);
		unlink(f);
		free(f);
	}
	unlink(s->file);
}

/* Puts a new store in place: everything written into its file, synced, then linked under its
 * name (refusing to replace a store another program created meanwhile) and reopened there. */
static int publish(struct store *s)
{
	int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc != SQLITE_OK)
		return step_error(s, rc, "cannot complete the new store");
	sqlite3_close_v2(s->db);
	s->db = NULL;
	int fd = open(s->file, O_RDONLY | O_CLOEXEC);
	int err = fd < 0 || fsync(fd) != 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	if (!err && link(s->file, s->path) != 0) {
		err = errno;
		/* Filesystems without hard links: a rename, which would replace a store created
		 * meanwhile, after checking once more that there is none. */
		if ((err == EPERM || err == ENOTSUP || err == EOPNOTSUPP) && access(s->path, F_OK) != 0)
			err = rename(s->file, s->path) == 0 ? 0 : errno;
		else if (err == EEXIST) {
			return diag_error("cannot create store '%s': another program created it meanwhile; nothing was "
					  "written", s->path);
		}
	} else if (!err) {
		unlink(s->file);
	}
	if (err)
		return diag_error("cannot create store '%s': %s; nothing was written", s->path, strerror(err));
	outfile_sync_dir(s->path);
	free(s->file);
	s->file = xstrdup(s->path);
	s->unpublished = false;
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	s->lock_fd = -1;
	return connect_db(s);
}

int store_open(const char *path, enum store_mode mode, struct store **out)
{
	*out = NULL;
	/* SQLite's memory statistics take one process-wide mutex on every allocation, which
	 * serialises connections scanning in parallel threads; nothing here reads them. The
	 * setting only takes before SQLite initialises, i.e. at the first open. */
	static bool configured;
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = true;
	}
	struct stat st;
	bool exists = stat(path, &st) == 0;
	bool create = mode == STORE_CREATE || mode == STORE_CREATE_ON_COMMIT;
	if (!exists && !create)
		return diag_error("cannot open store '%s': no such file (create it with 'survey init')", path);
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->readonly = mode == STORE_READONLY;
	s->busy_limit_ms = STORE_BUSY_LIMIT_MS;
	s->lock_fd = -1;
	if (exists) {
		s->file = xstrdup(path);
	} else {
		/* A new store is built beside its name, readable by the owner only (SQLite's -wal
		 * and -shm files copy the permissions), and appears there complete. */
		int fd = outfile_temp_beside(path, &s->file);
		if (fd < 0) {
			diag_error("cannot create store '%s': %s", path, strerror(errno));
			free(s->path);
			free(s);
			return -1;
		}
		close(fd);
		s->unpublished = true;
	}
	s->opening = true;
	if (connect_db(s)) {
		store_close(s);
		return -1;
	}
	if (s->readonly) {
		/* A store written by an older version is migrated once through a writable
		 * connection (when the file may be written), then read as asked. */
		int version;
		if (user_version(s, &version) == 0 && version < (int)MIGRATION_COUNT && store_can_write(path)) {
			store_close(s);
			struct store *w;
			if (store_open(path, STORE_EXISTING, &w))
				return -1;
			store_close(w);
			return store_open(path, STORE_READONLY, out);
		}
	}
	if (migrate(s)) {
		store_close(s);
		return -1;
	}
	s->opening = false;
	if (s->unpublished && mode == STORE_CREATE && publish(s)) {
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

int store_create_at_version(const char *path, int version)
{
	if (version < 1 || version > (int)MIGRATION_COUNT)
		DIAG_BUG("no schema version %d", version);
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return diag_error("cannot create store '%s'", path);
	}
	int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (int v = 0; rc == SQLITE_OK && v < version; v++)
		rc = sqlite3_exec(db, migrations[v], NULL, NULL, NULL);
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d; COMMIT", version);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, pragma, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		diag_error("cannot create store '%s': %s", path, sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->db) {
		store_rollback(s);
		sqlite3_close_v2(s->db);
	}
	if (s->unpublished)
		remove_unpublished(s);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	for (size_t i = 0; i < s->quest_count; i++)
		quest_free(s->quests[i].quest);
	free(s->quests);
	free(s->file);
	free(s->path);
	free(s);
}

/* ---- the activity log ---- */

int store_log(struct store *s, int fiscal_year, const char *program, const char *command,
	      const char *detail_fmt, ...)
{
	va_list ap;
	va_start(ap, detail_fmt);
	char *detail = g_strdup_vprintf(detail_fmt, ap);
	va_end(ap);
	sqlite3_stmt *st;
	char now[32];
	int rc = -1;
	if (store_prepare(s, "INSERT INTO activity(at, fiscal_year, program, command, detail)"
			     " VALUES (?1, ?2, ?3, ?4, ?5)", &st) == 0) {
		sqlite3_bind_text(st, 1, store_now(now, sizeof now), -1, SQLITE_TRANSIENT);
		if (fiscal_year)
			sqlite3_bind_int(st, 2, fiscal_year);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_text(st, 3, program, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, command, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, detail, -1, SQLITE_TRANSIENT);
		rc = store_step(s, st) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
	}
	g_free(detail);
	return rc;
}

/* ---- what a tally covers ---- */

int store_answer_generation(struct store *s, int fiscal_year, long long *generation, char **changed_at)
{
	*generation = 0;
	if (changed_at)
		*changed_at = NULL;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT generation, changed_at FROM answer_change WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*generation = sqlite3_column_int64(st, 0);
		if (changed_at)
			*changed_at = store_column_dup(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* ---- organisations ---- */

static void bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

int store_put_org(struct store *s, const struct org *o)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "INSERT INTO organization(code, name, name_en, report_order, note_ja, note_en, kind,"
			     " supervisor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(code) DO UPDATE SET"
			     " name = excluded.name, name_en = excluded.name_en,"
			     " report_order = excluded.report_order,"
			     " note_ja = coalesce(excluded.note_ja, note_ja),"
			     " note_en = coalesce(excluded.note_en, note_en),"
			     " kind = coalesce(excluded.kind, kind),"
			     " supervisor = coalesce(excluded.supervisor, supervisor)", &st))
		return -1;
	bind_text_or_null(st, 1, o->code);
	bind_text_or_null(st, 2, o->name);
	bind_text_or_null(st, 3, o->name_en);
	sqlite3_bind_int(st, 4, o->order);
	bind_text_or_null(st, 5, o->note_ja);
	bind_text_or_null(st, 6, o->note_en);
	bind_text_or_null(st, 7, o->kind);
	bind_text_or_null(st, 8, o->supervisor);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void read_org(sqlite3_stmt *st, struct org *o)
{
	o->code = store_column_dup(st, 0);
	o->name = store_column_dup(st, 1);
	o->name_en = store_column_dup(st, 2);
	o->order = sqlite3_column_int(st, 3);
	o->note_ja = store_column_dup(st, 4);
	o->note_en = store_column_dup(st, 5);
	o->kind = store_column_dup(st, 6);
	o->supervisor = store_column_dup(st, 7);
}

#define ORG_COLUMNS "code, name, name_en, report_order, note_ja, note_en, kind, supervisor"

int store_get_org(struct store *s, const char *code, struct org *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT " ORG_COLUMNS " FROM organization WHERE code = ?1", &st))
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		read_org(st, out);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_list_orgs(struct store *s, struct org **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT " ORG_COLUMNS " FROM organization", &st))
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		*out = xgrow(*out, *count, &cap, sizeof **out, 32);
		read_org(st, &(*out)[(*count)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_free_orgs(*out, *count);
		*out = NULL;
		*count = 0;
		return -1;
	}
	if (*count)
		qsort(*out, *count, sizeof **out, org_compare_report_order);
	return 0;
}

void store_free_orgs(struct org *orgs, size_t count)
{
	for (size_t i = 0; i < count; i++)
		org_release(&orgs[i]);
	free(orgs);
}

/* ---- questionnaires and years ---- */

int store_put_quest(struct store *s, const struct quest *q)
{
	sqlite3_stmt *st;
	char now[32];
	if (store_prepare(s, "INSERT INTO questionnaire(digest, id, fiscal_year, source, stored_at)"
			     " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(digest) DO NOTHING", &st))
		return -1;
	sqlite3_bind_text(st, 1, q->digest, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, q->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, q->fiscal_year);
	sqlite3_bind_text(st, 4, q->source, (int)q->source_len, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, store_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_load_quest(struct store *s, const char *digest, struct quest **out)
{
	*out = NULL;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT id, source FROM questionnaire WHERE digest = ?1", &st))
		return -1;
	sqlite3_bind_text(st, 1, digest, -1, SQLITE_TRANSIENT);
	int rc = store_step(s, st);
	int result = rc == SQLITE_DONE ? 0 : -1;
	if (rc == SQLITE_ROW) {
		char *name = xasprintf("%s:questionnaire %s", s->path,
				       (const char *)sqlite3_column_text(st, 0));
		const char *src = (const char *)sqlite3_column_text(st, 1);
		int len = sqlite3_column_bytes(st, 1);
		result = quest_load_buffer(name, src ? src : "", (size_t)len, out) ? -1 : 1;
		if (result == 1 && strcmp((*out)->digest, digest) != 0) {
			diag_error("%s: stored questionnaire %s does not match its digest", s->path, name);
			quest_free(*out);
			*out = NULL;
			result = -1;
		}
		free(name);
	}
	sqlite3_finalize(st);
	return result;
}

void store_year_release(struct store_year *y)
{
	free(y->org);
	free(y->opened_at);
	free(y->closed_at);
	memset(y, 0, sizeof *y);
}

int store_get_year(struct store *s, int fiscal_year, struct store_year *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT questionnaire, org, opened_at, closed_at FROM fiscal_year"
			     " WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		out->fiscal_year = fiscal_year;
		snprintf(out->digest, sizeof out->digest, "%s", (const char *)sqlite3_column_text(st, 0));
		out->org = store_column_dup(st, 1);
		out->opened_at = store_column_dup(st, 2);
		out->closed_at = store_column_dup(st, 3);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The count a query gives for ?1 fiscal_year and ?2 text (when non-NULL). */
static int count_rows_of(struct store *s, const char *sql, int fiscal_year, const char *text, long long *n)
{
	sqlite3_stmt *st;
	if (store_prepare(s, sql, &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	if (text)
		sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	int rc = store_step(s, st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int count_rows(struct store *s, const char *sql, int fiscal_year, long long *n)
{
	return count_rows_of(s, sql, fiscal_year, NULL, n);
}

/* Deletes every row of the tally of (org, fiscal_year). */
static int drop_kept_tally(struct store *s, const char *org, int fiscal_year)
{
	static const char *const tables[] = {"tally_item", "tally_role", "tally_persons", "tally_unit_role", "tally_unit",
					     "tally_pending", "tally_system_kind", "tally_inspection_item", "tally_source"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char *sql = xasprintf("DELETE FROM %s WHERE org = ?2 AND fiscal_year = ?1", tables[i]);
		sqlite3_stmt *st;
		int rc = store_prepare(s, sql, &st);
		free(sql);
		if (rc)
			return -1;
		sqlite3_bind_int(st, 1, fiscal_year);
		sqlite3_bind_text(st, 2, org, -1, SQLITE_TRANSIENT);
		rc = store_step(s, st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

int store_put_year(struct store *s, int fiscal_year, const char *digest, const char *org)
{
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found < 0)
		return -1;
	if (found && strcmp(y.digest, digest) == 0) {
		store_year_release(&y);
		return 0;
	}
	if (found) {
		long long answers = 0, tallies = 0;
		/* A ministry's own tally is kept from its answers (core/livetally.h): without answers it
		 * holds nothing of its own, and goes with the questionnaire it was counted over. */
		if (count_rows(s, "SELECT (SELECT count(*) FROM response WHERE fiscal_year = ?1) +"
			       " (SELECT count(*) FROM system_response WHERE fiscal_year = ?1)", fiscal_year, &answers) ||
		    count_rows_of(s, y.org ? "SELECT count(*) FROM tally_role WHERE fiscal_year = ?1 AND org <> ?2"
					   : "SELECT count(*) FROM tally_role WHERE fiscal_year = ?1", fiscal_year, y.org, &tallies) ||
		    (!answers && !tallies && y.org && drop_kept_tally(s, y.org, fiscal_year))) {
			store_year_release(&y);
			return -1;
		}
		store_year_release(&y);
		if (answers || tallies)
			return diag_error("%s: fiscal year %d already uses another questionnaire and holds %s; "
					  "its questionnaire cannot be changed",
					  s->path, fiscal_year, answers ? "answers" : "tallies");
	}
	sqlite3_stmt *st;
	char now[32];
	if (store_prepare(s, "INSERT INTO fiscal_year(fiscal_year, questionnaire, org, opened_at)"
			     " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(fiscal_year) DO UPDATE SET"
			     " questionnaire = excluded.questionnaire, org = excluded.org", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	sqlite3_bind_text(st, 2, digest, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 3, org);
	sqlite3_bind_text(st, 4, store_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The questionnaire of fiscal_year, a copy of the caller's (own) or the one the store shares
 * (shared, when own is NULL), as store_year_quest and store_year_quest_shared say. */
static int year_quest(struct store *s, int fiscal_year, struct quest **own, const struct quest **shared)
{
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found <= 0)
		return found;
	int rc = own ? store_load_quest(s, y.digest, own) : store_quest_shared(s, y.digest, shared);
	store_year_release(&y);
	if (rc == 0)
		return diag_error("%s: questionnaire of fiscal year %d is missing", s->path, fiscal_year);
	return rc;
}

int store_year_quest(struct store *s, int fiscal_year, struct quest **out)
{
	*out = NULL;
	return year_quest(s, fiscal_year, out, NULL);
}

int store_quest_shared(struct store *s, const char *digest, const struct quest **out)
{
	*out = NULL;
	for (size_t i = 0; i < s->quest_count; i++)
		if (strcmp(s->quests[i].digest, digest) == 0) {
			*out = s->quests[i].quest;
			return 1;
		}
	struct quest *q;
	int rc = store_load_quest(s, digest, &q);
	if (rc != 1)
		return rc;
	s->quests = xrealloc(s->quests, (s->quest_count + 1) * sizeof *s->quests);
	struct store_quest_cache *c = &s->quests[s->quest_count++];
	snprintf(c->digest, sizeof c->digest, "%s", digest);
	c->quest = q;
	*out = q;
	return 1;
}

int store_year_quest_shared(struct store *s, int fiscal_year, const struct quest **out)
{
	*out = NULL;
	return year_quest(s, fiscal_year, NULL, out);
}

int store_close_year(struct store *s, int fiscal_year)
{
	sqlite3_stmt *st;
	char now[32];
	if (store_prepare(s, "UPDATE fiscal_year SET closed_at = coalesce(closed_at, ?2)"
			     " WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	sqlite3_bind_text(st, 2, store_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return diag_error("%s: fiscal year %d is not in the store", s->path, fiscal_year);
	return 0;
}

int store_year_method(struct store *s, int fiscal_year, enum rate_method *out)
{
	*out = RATE_METHOD_DEFAULT;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT method FROM fiscal_year WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW && rate_method_from_code((const char *)sqlite3_column_text(st, 0), out))
		rc = diag_error("%s: fiscal year %d has an unknown method '%s'", s->path, fiscal_year,
				(const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_set_year_method(struct store *s, int fiscal_year, enum rate_method m)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "UPDATE fiscal_year SET method = ?2 WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	sqlite3_bind_text(st, 2, rate_method_code(m), -1, SQLITE_STATIC);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return diag_error("%s: fiscal year %d is not in the store", s->path, fiscal_year);
	return 0;
}

/* ---- tallies ---- */

/* Runs a statement over (org, fiscal_year) of t to completion. */
static int run_for_org(struct store *s, const struct tally *t, const char *sql)
{
	sqlite3_stmt *st;
	if (store_prepare(s, sql, &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Replaces the inspection rows of t's organisation-year with t's (none when it has none). */
static int put_inspection(struct store *s, const struct tally *t)
{
	if (run_for_org(s, t, "DELETE FROM tally_system_kind WHERE org = ?1 AND fiscal_year = ?2") ||
	    run_for_org(s, t, "DELETE FROM tally_inspection_item WHERE org = ?1 AND fiscal_year = ?2"))
		return -1;
	const struct tally_inspection *ti = &t->inspection;
	const struct inspection *ins = t->quest->inspection;
	if (!ti->present || !ins)
		return 0;
	sqlite3_stmt *kind_st, *item_st;
	if (store_prepare(s, "INSERT INTO tally_system_kind(org, fiscal_year, kind, systems) VALUES (?1, ?2, ?3, ?4)",
			  &kind_st))
		return -1;
	if (store_prepare(s, "INSERT INTO tally_inspection_item(org, fiscal_year, item, implemented, not_implemented,"
			     " not_applicable) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &item_st)) {
		sqlite3_finalize(kind_st);
		return -1;
	}
	int result = 0;
	for (size_t k = 0; k < ins->kind_count && result == 0; k++) {
		if (!ti->kind_present[k])
			continue;
		sqlite3_reset(kind_st);
		sqlite3_bind_text(kind_st, 1, t->org.code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(kind_st, 2, t->fiscal_year);
		sqlite3_bind_text(kind_st, 3, ins->kinds[k].code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(kind_st, 4, (sqlite3_int64)ti->systems[k]);
		if (store_step(s, kind_st) != SQLITE_DONE)
			result = -1;
	}
	for (size_t i = 0; i < ins->item_count && result == 0; i++) {
		if (!ti->kind_present[ins->items[i].kind])
			continue;
		const struct tally_counts *c = &ti->items[i];
		sqlite3_reset(item_st);
		sqlite3_bind_text(item_st, 1, t->org.code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(item_st, 2, t->fiscal_year);
		sqlite3_bind_text(item_st, 3, ins->items[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(item_st, 4, (sqlite3_int64)c->implemented);
		sqlite3_bind_int64(item_st, 5, (sqlite3_int64)c->not_implemented);
		sqlite3_bind_int64(item_st, 6, (sqlite3_int64)c->not_applicable);
		if (store_step(s, item_st) != SQLITE_DONE)
			result = -1;
	}
	sqlite3_finalize(kind_st);
	sqlite3_finalize(item_st);
	return result;
}

/* The inspection counts of a tally whose source says it has them (reference date given). */
static int load_inspection(struct store *s, struct tally *t, const char *reference_date)
{
	const struct inspection *ins = t->quest->inspection;
	if (!reference_date)
		return 0;
	if (!ins)
		return diag_error("%s: the tally of %s for fiscal year %d has inspection counts, and questionnaire %s "
				  "has no inspection", s->path, t->org.code, t->fiscal_year, t->quest->id);
	struct tally_inspection *ti = tally_inspection_use(t);
	snprintf(ti->reference_date, sizeof ti->reference_date, "%s", reference_date);
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT kind, systems FROM tally_system_kind WHERE org = ?1 AND fiscal_year = ?2", &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	int rc, result = 0;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		long k = inspection_find_kind(ins, (const char *)sqlite3_column_text(st, 0));
		if (k < 0) {
			result = diag_error("%s: kind '%s' in the tally of %s is not in questionnaire %s", s->path,
					    (const char *)sqlite3_column_text(st, 0), t->org.code, t->quest->id);
			break;
		}
		ti->kind_present[k] = true;
		ti->systems[k] = (uint64_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (result || rc != SQLITE_DONE)
		return -1;
	if (store_prepare(s, "SELECT item, implemented, not_implemented, not_applicable FROM tally_inspection_item"
			     " WHERE org = ?1 AND fiscal_year = ?2", &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		long i = inspection_find_item(ins, (const char *)sqlite3_column_text(st, 0));
		if (i < 0) {
			result = diag_error("%s: inspection item '%s' in the tally of %s is not in questionnaire %s", s->path,
					    (const char *)sqlite3_column_text(st, 0), t->org.code, t->quest->id);
			break;
		}
		ti->items[i].implemented = (uint64_t)sqlite3_column_int64(st, 1);
		ti->items[i].not_implemented = (uint64_t)sqlite3_column_int64(st, 2);
		ti->items[i].not_applicable = (uint64_t)sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	return result || rc != SQLITE_DONE ? -1 : 0;
}

int store_put_tally(struct store *s, const struct tally *t)
{
	if (store_put_org(s, &t->org) || store_put_quest(s, t->quest))
		return -1;
	sqlite3_stmt *del, *role_st, *item_st, *src_st;
	if (store_prepare(s, "DELETE FROM tally_role WHERE org = ?1 AND fiscal_year = ?2", &del))
		return -1;
	sqlite3_bind_text(del, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(del, 2, t->fiscal_year);
	int rc = store_step(s, del);
	sqlite3_finalize(del);
	if (rc != SQLITE_DONE)
		return -1;
	/* What a tally records beside its counts goes with it (core/tallyunits.h); its items
	 * too, without counting on the foreign key's cascade (an import writes with the
	 * connection's foreign keys off). */
	static const char *const clear[] = {
		"DELETE FROM tally_item WHERE org = ?1 AND fiscal_year = ?2",
		"DELETE FROM tally_persons WHERE org = ?1 AND fiscal_year = ?2",
		"DELETE FROM tally_unit_role WHERE org = ?1 AND fiscal_year = ?2",
		"DELETE FROM tally_unit WHERE org = ?1 AND fiscal_year = ?2",
		"DELETE FROM tally_pending WHERE org = ?1 AND fiscal_year = ?2",
	};
	for (size_t i = 0; i < sizeof clear / sizeof clear[0]; i++) {
		if (store_prepare(s, clear[i], &del))
			return -1;
		sqlite3_bind_text(del, 1, t->org.code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(del, 2, t->fiscal_year);
		rc = store_step(s, del);
		sqlite3_finalize(del);
		if (rc != SQLITE_DONE)
			return -1;
	}
	if (t->persons.known) {
		sqlite3_stmt *p;
		if (store_prepare(s, "INSERT INTO tally_persons(org, fiscal_year, targets, submitted_all)"
				     " VALUES (?1, ?2, ?3, ?4)", &p))
			return -1;
		sqlite3_bind_text(p, 1, t->org.code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(p, 2, t->fiscal_year);
		sqlite3_bind_int64(p, 3, (sqlite3_int64)t->persons.targets);
		sqlite3_bind_int64(p, 4, (sqlite3_int64)t->persons.submitted_all);
		rc = store_step(s, p);
		sqlite3_finalize(p);
		if (rc != SQLITE_DONE)
			return -1;
	}
	if (store_prepare(s, "INSERT INTO tally_role(org, fiscal_year, role, targets, submitted,"
			     " att_obligated, att_100, att_95, att_90)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &role_st))
		return -1;
	if (store_prepare(s, "INSERT INTO tally_item(org, fiscal_year, role, item, implemented,"
			     " not_implemented, not_applicable) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &item_st)) {
		sqlite3_finalize(role_st);
		return -1;
	}
	int result = 0;
	for (int r = 0; r < ROLE_COUNT && result == 0; r++) {
		const struct tally_role *tr = &t->roles[r];
		if (!tr->present)
			continue;
		const char *code = role_info((enum role)r)->code;
		sqlite3_reset(role_st);
		sqlite3_bind_text(role_st, 1, t->org.code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(role_st, 2, t->fiscal_year);
		sqlite3_bind_text(role_st, 3, code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(role_st, 4, (sqlite3_int64)tr->targets);
		sqlite3_bind_int64(role_st, 5, (sqlite3_int64)tr->submitted);
		for (int k = 0; k <= TALLY_ATTAINMENT_COUNT; k++) {
			if (!tr->attainment.known)
				sqlite3_bind_null(role_st, 6 + k);
			else
				sqlite3_bind_int64(role_st, 6 + k, (sqlite3_int64)(k == 0 ? tr->attainment.obligated
										: tr->attainment.at[k - 1]));
		}
		if (store_step(s, role_st) != SQLITE_DONE) {
			result = -1;
			break;
		}
		for (size_t k = 0; k < t->quest->role_item_count[r]; k++) {
			const struct tally_counts *c = &tr->items[k];
			sqlite3_reset(item_st);
			sqlite3_bind_text(item_st, 1, t->org.code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(item_st, 2, t->fiscal_year);
			sqlite3_bind_text(item_st, 3, code, -1, SQLITE_STATIC);
			sqlite3_bind_text(item_st, 4, t->quest->items[t->quest->role_items[r][k]].id, -1,
					  SQLITE_STATIC);
			sqlite3_bind_int64(item_st, 5, (sqlite3_int64)c->implemented);
			sqlite3_bind_int64(item_st, 6, (sqlite3_int64)c->not_implemented);
			sqlite3_bind_int64(item_st, 7, (sqlite3_int64)c->not_applicable);
			if (store_step(s, item_st) != SQLITE_DONE) {
				result = -1;
				break;
			}
		}
	}
	sqlite3_finalize(role_st);
	sqlite3_finalize(item_st);
	if (result)
		return -1;
	if (put_inspection(s, t) || store_put_tally_choices(s, t))
		return -1;
	char now[32];
	if (store_prepare(s, "INSERT INTO tally_source(org, fiscal_year, questionnaire, stored_at, format,"
			     " tallied_at, generation, closed_at, reference_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
			     " ON CONFLICT(org, fiscal_year) DO UPDATE SET questionnaire = excluded.questionnaire,"
			     " format = excluded.format, units = NULL,"
			     " tallied_at = excluded.tallied_at, generation = excluded.generation,"
			     " closed_at = excluded.closed_at, reference_date = excluded.reference_date", &src_st))
		return -1;
	sqlite3_bind_text(src_st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(src_st, 2, t->fiscal_year);
	sqlite3_bind_text(src_st, 3, t->quest->digest, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(src_st, 4, store_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	if (t->source.format)
		sqlite3_bind_int(src_st, 5, t->source.format);
	else
		sqlite3_bind_null(src_st, 5);
	bind_text_or_null(src_st, 6, t->source.tallied_at);
	if (t->source.generation >= 0)
		sqlite3_bind_int64(src_st, 7, t->source.generation);
	else
		sqlite3_bind_null(src_st, 7);
	bind_text_or_null(src_st, 8, t->source.closed_at);
	bind_text_or_null(src_st, 9, t->inspection.present ? t->inspection.reference_date : NULL);
	rc = store_step(s, src_st);
	sqlite3_finalize(src_st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The persons counts and the provenance of a tally whose roles are loaded. */
static int load_tally_extras(struct store *s, struct tally *t)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT targets, submitted_all FROM tally_persons WHERE org = ?1 AND fiscal_year = ?2",
			  &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		t->persons.known = true;
		t->persons.targets = (uint64_t)sqlite3_column_int64(st, 0);
		t->persons.submitted_all = (uint64_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (store_prepare(s, "SELECT format, tallied_at, generation, closed_at, reference_date FROM tally_source"
			     " WHERE org = ?1 AND fiscal_year = ?2", &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	rc = store_step(s, st);
	char *reference_date = NULL;
	if (rc == SQLITE_ROW) {
		t->source.format = sqlite3_column_int(st, 0);
		t->source.tallied_at = store_column_dup(st, 1);
		t->source.generation = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
		t->source.closed_at = store_column_dup(st, 3);
		reference_date = store_column_dup(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(reference_date);
		return -1;
	}
	int result = load_inspection(s, t, reference_date);
	free(reference_date);
	if (result == 0)
		result = store_load_tally_choices(s, t);
	return result;
}

/* In a ministry store, the collecting organisation's tally must cover the latest change. */
static int check_current(struct store *s, const struct tally *t)
{
	struct store_year y;
	int found = store_get_year(s, t->fiscal_year, &y);
	if (found <= 0)
		return found;
	bool collected_here = y.org && strcmp(y.org, t->org.code) == 0;
	/* A close or a reopen after the tally: the tally says the collection was in another
	 * state than it is. */
	bool same_state = (!y.closed_at && !t->source.closed_at) ||
			  (y.closed_at && t->source.closed_at && strcmp(y.closed_at, t->source.closed_at) == 0);
	store_year_release(&y);
	if (!collected_here)
		return 0;
	if (!same_state)
		return diag_error("%s: the tally of %s for fiscal year %d was taken while the collection was %s, "
				  "and it has been %s since; run 'aggregator tally --db %s --year %d' first",
				  s->path, t->org.code, t->fiscal_year, t->source.closed_at ? "closed" : "open",
				  t->source.closed_at ? "reopened" : "closed", s->path, t->fiscal_year);
	long long generation;
	char *changed_at;
	if (store_answer_generation(s, t->fiscal_year, &generation, &changed_at))
		return -1;
	int rc = 0;
	if (t->source.generation != generation) {
		char *taken = t->source.tallied_at ? xasprintf("was taken at %s", t->source.tallied_at)
						   : xstrdup("does not say what it covers");
		char *when = changed_at ? xasprintf(" (last change at %s)", changed_at) : xstrdup("");
		rc = diag_error("%s: the tally of %s for fiscal year %d %s, and the answers or the roster have "
				"changed since%s; run 'aggregator tally --db %s --year %d' first",
				s->path, t->org.code, t->fiscal_year, taken, when, s->path, t->fiscal_year);
		free(taken);
		free(when);
	}
	free(changed_at);
	return rc;
}

int store_put_tally_inspection(struct store *s, const struct tally *t)
{
	if (put_inspection(s, t))
		return -1;
	sqlite3_stmt *st;
	if (store_prepare(s, "UPDATE tally_source SET reference_date = ?3 WHERE org = ?1 AND fiscal_year = ?2", &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	bind_text_or_null(st, 3, t->inspection.present ? t->inspection.reference_date : NULL);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int load_tally(struct store *s, const char *code, int fiscal_year, const struct quest *quest, bool check,
		      struct tally **out);

int store_load_tally(struct store *s, const char *code, int fiscal_year, const struct quest *quest,
		     struct tally **out)
{
	return load_tally(s, code, fiscal_year, quest, true, out);
}

int store_load_kept_tally(struct store *s, const char *code, int fiscal_year, const struct quest *quest,
			  struct tally **out)
{
	return load_tally(s, code, fiscal_year, quest, false, out);
}

static int load_tally(struct store *s, const char *code, int fiscal_year, const struct quest *quest, bool check,
		      struct tally **out)
{
	*out = NULL;
	struct org o;
	int found = store_get_org(s, code, &o);
	if (found <= 0)
		return found;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT r.role, r.targets, r.submitted, i.item, i.implemented,"
			     " i.not_implemented, i.not_applicable, r.att_obligated, r.att_100, r.att_95,"
			     " r.att_90 FROM tally_role r"
			     " LEFT JOIN tally_item i ON i.org = r.org AND i.fiscal_year = r.fiscal_year"
			     " AND i.role = r.role WHERE r.org = ?1 AND r.fiscal_year = ?2", &st)) {
		org_release(&o);
		return -1;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, fiscal_year);
	struct tally *t = tally_new(&o, fiscal_year, quest);
	org_release(&o);
	int rc, rows = 0, result = 1;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		rows++;
		int role = role_from_code((const char *)sqlite3_column_text(st, 0));
		if (role < 0) {
			result = diag_error("%s: unknown role '%s' in the tally of %s", s->path,
					    (const char *)sqlite3_column_text(st, 0), code);
			break;
		}
		struct tally_role *tr = tally_role_use(t, (enum role)role);
		tr->targets = (uint64_t)sqlite3_column_int64(st, 1);
		tr->submitted = (uint64_t)sqlite3_column_int64(st, 2);
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			tr->attainment.known = true;
			tr->attainment.obligated = (uint64_t)sqlite3_column_int64(st, 7);
			for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
				tr->attainment.at[k] = (uint64_t)sqlite3_column_int64(st, 8 + k);
		}
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			continue;
		const char *item = (const char *)sqlite3_column_text(st, 3);
		long idx = quest_find_item(quest, item);
		long pos = idx < 0 ? -1 : quest_sheet_position(quest, (enum role)role, (size_t)idx);
		if (pos < 0) {
			result = diag_error("%s: item '%s' of role %s in the tally of %s is not in questionnaire %s",
					    s->path, item, role_info((enum role)role)->code, code, quest->id);
			break;
		}
		tr->items[pos].implemented = (uint64_t)sqlite3_column_int64(st, 4);
		tr->items[pos].not_implemented = (uint64_t)sqlite3_column_int64(st, 5);
		tr->items[pos].not_applicable = (uint64_t)sqlite3_column_int64(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		result = -1;
	if (result != 1 || rows == 0) {
		tally_free(t);
		return result == 1 ? 0 : -1;
	}
	if (load_tally_extras(s, t) || (check && check_current(s, t))) {
		tally_free(t);
		return -1;
	}
	*out = t;
	return 1;
}

int store_load_tallies(struct store *s, int fiscal_year, const struct quest *quest,
		       struct tally ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct org *orgs;
	size_t norgs;
	if (store_list_orgs(s, &orgs, &norgs))
		return -1;
	struct tally **list = xcalloc(norgs + 1, sizeof *list);
	size_t n = 0;
	int result = 0;
	for (size_t i = 0; i < norgs; i++) {
		struct tally *t;
		int rc = store_load_tally(s, orgs[i].code, fiscal_year, quest, &t);
		if (rc < 0) {
			result = -1;
			break;
		}
		if (rc == 1)
			list[n++] = t;
	}
	store_free_orgs(orgs, norgs);
	if (result) {
		store_free_tallies(list, n);
		return -1;
	}
	*out = list;
	*count = n;
	return 0;
}

void store_free_tallies(struct tally **tallies, size_t count)
{
	for (size_t i = 0; tallies && i < count; i++)
		tally_free(tallies[i]);
	free(tallies);
}
