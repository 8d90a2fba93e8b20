/*
 * store: the SQLite file a ministry collects in and NISC compiles into (docs/store.md).
 *
 * One schema serves both kinds of store: a ministry store holds its organisation, the
 * questionnaires of its years, the roster, the packed answers and its tallies; a national
 * store holds every organisation's tallies and the published history. The schema is
 * documented in docs/store.md; its version is PRAGMA user_version, and opening an older store
 * migrates it forward in one transaction.
 *
 * Every store is opened in WAL mode with foreign keys on; new files are created with mode
 * 0600. Write commands run in one transaction (store_begin/commit), so a failed command
 * changes nothing. A new store is built in a temporary file beside its path and renamed into
 * place complete (at the end of the open, or with STORE_CREATE_ON_COMMIT at the first
 * commit), so a failed command never leaves an empty or partial store behind.
 *
 * Waiting: writers queue in the kernel for an exclusive flock(2) on the store file before they
 * begin (so hundreds of simultaneous respondents take turns instead of polling), at most
 * STORE_BUSY_LIMIT_MS; a statement that still meets SQLite's lock (a program outside the
 * queue) waits with short randomised pauses within the same limit. Past it the command fails
 * with a message saying so (nothing is changed). Read-only use: STORE_READONLY works on a store this process
 * cannot write — a read-only file, directory or mount — by opening it immutable when no
 * write-ahead log is pending, and reading the log through its existing shared-memory file
 * otherwise.
 *
 * Durability (docs/store.md): a writable store is opened with synchronous = FULL, so that a
 * commit returns only once the write-ahead log is on the disk: what a command reports as done
 * survives a power cut. The one exception is store_begin_relaxed(), for the questionnaire's
 * single answers: their commits (synchronous = NORMAL) survive a killed process, and reach the
 * disk at the next full commit or checkpoint.
 *
 * Errors are reported through diag (naming the store file) and returned as -1.
 * Ownership: store_open returns a handle freed by store_close(); functions returning
 * structures say how to free them.
 */
#ifndef SELFCHECK_STORE_H
#define SELFCHECK_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/org.h"
#include "core/quest.h"
#include "core/rate.h"
#include "core/tally.h"

#define STORE_SCHEMA_VERSION 7

/* The longest a statement waits for another program's lock (docs/store.md). */
#define STORE_BUSY_LIMIT_MS 30000

enum store_mode {
	STORE_CREATE,            /* create the file when missing (it appears when the open returns) */
	STORE_CREATE_ON_COMMIT,  /* create when missing; the file appears at the first commit, so a
				  * command that fails before leaves no file at all */
	STORE_EXISTING,          /* the file must exist */
	STORE_READONLY,          /* must exist; no writes */
};

struct store {
	sqlite3 *db;
	char *path;      /* as named, for messages */
	char *file;      /* what SQLite has open: path, or a temporary file while a new store is
			  * not yet in place */
	bool readonly;
	bool unpublished;    /* file is the temporary file of a new store */
	bool opening;        /* within store_open: commits do not publish */
	int depth;       /* store_begin nesting */
	int lock_fd;     /* the file opened once more, for the writers' queue (-1: none) */
	int busy_limit_ms;   /* STORE_BUSY_LIMIT_MS unless set otherwise (tests) */
	long long busy_since_ms; /* when the current wait began */
	bool relaxed;    /* the open transaction commits with synchronous = NORMAL */
	/* PRAGMA synchronous as read back inside the last outermost commit of a writable store
	 * (1 NORMAL, 2 FULL; 0 before the first): what that commit was made with. */
	int commit_synchronous;
	int batch_year;  /* the fiscal year of the open batch write, 0 when none */
	sqlite3_int64 begin_changes;  /* sqlite3_total_changes64 when the outermost transaction began */
	char *batch_triggers;  /* the triggers it holds off, as SQL that makes them again */
	/* Questionnaires parsed for store_quest_shared, by digest; owned, freed by store_close. */
	struct store_quest_cache {
		char digest[65];
		struct quest *quest;
	} *quests;
	size_t quest_count;
};

/* Opens (and creates/migrates as mode allows) the store at path. Returns 0 and *out, or -1
 * after reporting. Close with store_close(). */
int store_open(const char *path, enum store_mode mode, struct store **out);
/* Creates a new store file at path with the schema of an older version (1 ..
 * STORE_SCHEMA_VERSION), as an earlier release wrote it: for testing the migrations. */
int store_create_at_version(const char *path, int version);
/* Closes the handle (rolling back an open transaction); NULL is allowed. A new store that was
 * never committed is removed. */
void store_close(struct store *s);

/* Whether this process may write the store at path: the file and the directory that holds its
 * -wal and -shm files (and an existing -shm). Commands that only record what they did use it
 * to open a store they cannot write with STORE_READONLY. */
bool store_can_write(const char *path);

/* Sets how long statements wait for a lock (milliseconds, > 0). */
void store_set_busy_limit(struct store *s, int ms);

/* Starts a write transaction (BEGIN IMMEDIATE, waiting while the store is busy, at most the
 * busy limit). Nested calls only count depth; the outermost commit/rollback decides; the
 * outermost commit of a STORE_CREATE_ON_COMMIT store puts the new file in place. Its commit
 * is durable (synchronous = FULL). */
int store_begin(struct store *s);
/* Starts an outermost write transaction whose commit need not survive a power cut
 * (synchronous = NORMAL, set back to FULL by the commit or rollback): for one answer of the
 * questionnaire, which the submission writes again durably. Calling it inside a transaction
 * is a bug (SQLite cannot change the level there). */
int store_begin_relaxed(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* Whether the open transaction has inserted, updated or deleted a row: other connections
 * then see another state than this one. */
bool store_wrote(struct store *s);

/* Runs SQL without results. */
int store_exec(struct store *s, const char *sql);
/* Prepares a statement (finalize with sqlite3_finalize). Returns 0, or -1 after reporting. */
int store_prepare(struct store *s, const char *sql, sqlite3_stmt **out);
/* Steps a statement, retrying while busy (at most the busy limit); returns the sqlite code
 * (SQLITE_ROW/DONE) or -1 after reporting an error. */
int store_step(struct store *s, sqlite3_stmt *stmt);
/* A copy of the text in column col of the current row (free it), or NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *st, int col);
/* Reports the connection's last error as "STORE: what: message"; returns -1. */
int store_error(struct store *s, const char *what);

/* Current UTC time as ISO 8601 "2026-11-23T03:33:09Z" into buf (>= 21 bytes). */
char *store_now(char *buf, size_t size);

/* ---- the activity log ---- */

/* Records one command in the store's activity log: the time (UTC), the fiscal year (0: none),
 * the program and command ("survey", "roster import") and a one-line detail formatted like
 * printf (counts, file names; never a token). Call inside the command's transaction so that
 * the entry is written exactly when the command's changes are. */
int store_log(struct store *s, int fiscal_year, const char *program, const char *command,
	      const char *detail_fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---- what a tally covers ---- */

/* The change counter of the year's tally inputs (submitted answers, targets and the units
 * of people): raised by triggers in the same transaction as every such change (once for a
 * batch write). *generation is 0 and *changed_at NULL before the first change. *changed_at
 * (may be NULL to skip) is owned by the caller. Returns 0 or -1 after reporting. */
int store_answer_generation(struct store *s, int fiscal_year, long long *generation, char **changed_at);

/* Starts a batch write of the year's tally inputs inside the open transaction: until
 * store_batch_end, the triggers that raise the change counter are held off (dropped, inside
 * the transaction, and made again from their own definitions at the end), so that many rows
 * are written without running a trigger each. Every write of the batch must be of that year.
 * The batch must end before the transaction commits (committing with a batch open is a bug);
 * a rollback ends it, triggers restored with everything else. Statements prepared before
 * the batch begins or ends are prepared again by SQLite (the schema changed). Returns 0 or
 * -1 after reporting. */
int store_batch_begin(struct store *s, int fiscal_year);
/* Ends the batch write. changed tells whether it inserted, updated or deleted a row the
 * triggers watch (a target, a submitted response, a person's unit): then the year's counter
 * is raised once, as the triggers would have raised it. Returns 0 or -1 after reporting. */
int store_batch_end(struct store *s, bool changed);

/* ---- organisations ---- */

/* Inserts or updates o (by code). */
int store_put_org(struct store *s, const struct org *o);
/* Loads the organisation with code into *out (org_release it). Returns 1 found, 0 not found,
 * -1 error. */
int store_get_org(struct store *s, const char *code, struct org *out);
/* All organisations in report order; free with store_free_orgs(). */
int store_list_orgs(struct store *s, struct org **out, size_t *count);
void store_free_orgs(struct org *orgs, size_t count);

/* ---- questionnaires and years ---- */

/* Records q (text and digest) if not already stored. */
int store_put_quest(struct store *s, const struct quest *q);
/* Loads the stored questionnaire with this digest. Returns 1 and *out (quest_free it), 0 when
 * absent, -1 on error. */
int store_load_quest(struct store *s, const char *digest, struct quest **out);

/* The fiscal year's record: the questionnaire it uses, and in a ministry store the
 * collecting organisation and the open/closed times. */
struct store_year {
	int fiscal_year;
	char digest[65];
	char *org;         /* NULL in a national store */
	char *opened_at;
	char *closed_at;   /* NULL while open */
};
void store_year_release(struct store_year *y);

/* Creates the year (questionnaire digest must be stored) or, if it exists with the same
 * questionnaire, leaves it. A different questionnaire for an existing year is an error unless
 * the year has no answers and no tallies (then it is replaced). */
int store_put_year(struct store *s, int fiscal_year, const char *digest, const char *org);
/* Returns 1 and *out, 0 when the year is unknown, -1 on error. */
int store_get_year(struct store *s, int fiscal_year, struct store_year *out);
/* Loads the year's questionnaire. Returns 1/0/-1 as above. */
int store_year_quest(struct store *s, int fiscal_year, struct quest **out);
/* The questionnaire stored under digest, parsed once per store handle however often it is
 * asked for (a report reads the year's questionnaire for every organisation's trend): owned
 * by s, valid until store_close — do not free it. Returns 1, 0 when none is stored under
 * digest, -1 after reporting. */
int store_quest_shared(struct store *s, const char *digest, const struct quest **out);
/* The questionnaire of fiscal_year, as store_quest_shared. Returns 1, 0 when the year is not in
 * the store, -1 after reporting. */
int store_year_quest_shared(struct store *s, int fiscal_year, const struct quest **out);
/* Marks the year closed now. */
int store_close_year(struct store *s, int fiscal_year);
/* The method the year's rates are computed by (RATE_METHOD_DEFAULT until one is set; also for
 * a year the store lacks). Returns 0 or -1 after reporting. */
int store_year_method(struct store *s, int fiscal_year, enum rate_method *out);
/* Records the year's method; the year must exist. */
int store_set_year_method(struct store *s, int fiscal_year, enum rate_method m);

/* ---- tallies ---- */

/* Replaces the tally of (t->org.code, t->fiscal_year) whole: registers/updates the
 * organisation, deletes the old rows (the unit tallies and pending targets recorded with it
 * too: core/tallyunits.h), writes the new. Call inside a transaction. */
int store_put_tally(struct store *s, const struct tally *t);
/* Loads one organisation's tally for the year over quest (which must be the year's
 * questionnaire). Returns 1 and *out (tally_free it), 0 when absent, -1 on error.
 * In a ministry store, the tally of the collecting organisation must cover the collection as
 * it is now: a tally taken before the latest change of submitted answers or targets, before
 * the collection was closed or reopened, or by a version that did not record what it covered,
 * is refused with a message that says when it
 * was taken and what to run, so that no output is ever computed from a stale tally. */
int store_load_tally(struct store *s, const char *org, int fiscal_year, const struct quest *quest,
		     struct tally **out);
/* Loads the tally as store_load_tally does, without checking that it is current: for keeping
 * the counts current (core/livetally.h) and comparing them with a recount. */
int store_load_kept_tally(struct store *s, const char *org, int fiscal_year, const struct quest *quest,
			  struct tally **out);
/* Replaces the focused-inspection counts of the tally of (t->org.code, t->fiscal_year) and its
 * reference date with t's (none when t has no inspection section). Call inside a transaction. */
int store_put_tally_inspection(struct store *s, const struct tally *t);
/* Loads every tally of the year in report order. *out is an array of *count tallies; free
 * with store_free_tallies(). */
int store_load_tallies(struct store *s, int fiscal_year, const struct quest *quest,
		       struct tally ***out, size_t *count);
void store_free_tallies(struct tally **tallies, size_t count);

#endif
