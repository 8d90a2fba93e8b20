/* responses: a year's people, targets and responses, each read once in key order, merged. */
#include "core/responses.h"
#include "core/diag.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

/* The three streams, each one row ahead, and the role of the last code seen (rows of one
 * role come in runs). */
struct responses_scan {
	struct store *s;            /* NULL on a worker thread's connection */
	int fiscal_year;
	enum responses_range range;
	sqlite3_stmt *persons;      /* person_id, unit */
	sqlite3_stmt *targets;      /* person_id, role, excluded */
	sqlite3_stmt *responses;    /* person_id, role, answers, submitted */
	int prc, rrc;               /* of the last step of persons and responses */
	const char *r_id, *r_role;  /* the response row ahead; valid until its next step */
	int last_role;
	bool failed;
	sqlite3 *own;               /* the connection responses_open_file opened, or NULL */
};

static const char OPTION_CODES[RESPONSE_OPTION_COUNT + 1] = {
	RESPONSE_UNANSWERED, RESPONSE_IMPLEMENTED, RESPONSE_NOT_IMPLEMENTED, RESPONSE_NOT_APPLICABLE,
};

char response_of_option(int n)
{
	return n >= 1 && n <= RESPONSE_OPTION_COUNT ? OPTION_CODES[n] : RESPONSE_UNANSWERED;
}

int response_option(char code)
{
	for (int n = 1; n <= RESPONSE_OPTION_COUNT; n++)
		if (OPTION_CODES[n] == code)
			return n;
	return 0;
}

bool response_is_answer(char code)
{
	return response_option(code) != 0;
}

char *response_packed(const char *stored, size_t stored_len, size_t n)
{
	char *packed = xmalloc(n + 1);
	if (stored && stored_len == n)
		memcpy(packed, stored, n);
	else
		memset(packed, RESPONSE_UNANSWERED, n);
	packed[n] = '\0';
	return packed;
}

static const char *const RANGE_SQL[] = {
	[RESPONSES_ALL] = "",
	[RESPONSES_BELOW] = " AND person_id < ?2",
	[RESPONSES_FROM] = " AND person_id >= ?2",
	[RESPONSES_PERSON] = " AND person_id = ?2",
};

static int read_failed(struct responses_scan *sc);

static int step(struct responses_scan *sc, sqlite3_stmt *st)
{
	return sc->s ? store_step(sc->s, st) : sqlite3_step(st);
}

int responses_open(sqlite3 *db, struct store *s, int fiscal_year, enum responses_range range,
		   struct responses_scan **out)
{
	struct responses_scan *sc = xcalloc(1, sizeof *sc);
	*sc = (struct responses_scan){.s = s, .fiscal_year = fiscal_year, .range = range, .last_role = -1};
	const char *r = RANGE_SQL[range];
	char *sql[3] = {
		xasprintf("SELECT person_id, unit FROM person WHERE fiscal_year = ?1%s ORDER BY person_id", r),
		xasprintf("SELECT person_id, role, excluded FROM target WHERE fiscal_year = ?1%s"
			  " ORDER BY person_id, role", r),
		xasprintf("SELECT person_id, role, answers, submitted_at IS NOT NULL FROM response"
			  " WHERE fiscal_year = ?1%s ORDER BY person_id, role", r),
	};
	sqlite3_stmt **st[3] = {&sc->persons, &sc->targets, &sc->responses};
	int rc = SQLITE_OK;
	for (int i = 0; i < 3; i++) {
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(db, sql[i], -1, st[i], NULL);
		free(sql[i]);
	}
	*out = NULL;
	if (rc != SQLITE_OK) {
		if (s)
			store_error(s, "cannot prepare statement");
		responses_close(sc);
		return -1;
	}
	*out = sc;
	return 0;
}

int responses_open_file(const char *path, int fiscal_year, enum responses_range range,
			struct responses_scan **out)
{
	sqlite3 *db = NULL;
	*out = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, STORE_BUSY_LIMIT_MS) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    responses_open(db, NULL, fiscal_year, range, out)) {
		sqlite3_close(db);
		return -1;
	}
	(*out)->own = db;
	return 0;
}

static void response_ahead(struct responses_scan *sc)
{
	sc->rrc = step(sc, sc->responses);
	bool row = sc->rrc == SQLITE_ROW;
	sc->r_id = row ? (const char *)sqlite3_column_text(sc->responses, 0) : NULL;
	sc->r_role = row ? (const char *)sqlite3_column_text(sc->responses, 1) : NULL;
}

int responses_start(struct responses_scan *sc, const char *key)
{
	sqlite3_stmt *all[3] = {sc->persons, sc->targets, sc->responses};
	for (int i = 0; i < 3; i++) {
		sqlite3_reset(all[i]);
		sqlite3_bind_int(all[i], 1, sc->fiscal_year);
		if (sc->range != RESPONSES_ALL)
			sqlite3_bind_text(all[i], 2, key, -1, SQLITE_TRANSIENT);
	}
	sc->failed = false;
	sc->prc = step(sc, sc->persons);
	response_ahead(sc);
	return 0;
}

int responses_person(struct responses_scan *sc, const char **unit)
{
	if (sc->prc != SQLITE_ROW)
		return sc->prc == SQLITE_DONE ? 0 : read_failed(sc);
	*unit = (const char *)sqlite3_column_text(sc->persons, 1);
	return 1;
}

void responses_close(struct responses_scan *sc)
{
	if (!sc)
		return;
	sqlite3_stmt *all[3] = {sc->persons, sc->targets, sc->responses};
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(all[i]);
	if (sc->own) {
		sqlite3_exec(sc->own, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(sc->own);
	}
	free(sc);
}

static int role_lookup(struct responses_scan *sc, const char *code)
{
	if (sc->last_role >= 0 && strcmp(role_info((enum role)sc->last_role)->code, code) == 0)
		return sc->last_role;
	int r = role_from_code(code);
	if (r >= 0)
		sc->last_role = r;
	return r;
}

/* The two problems of a roster a scan finds (a role code unknown to the catalogue, a target
 * whose person is not in the roster) over what, reported when the scan has a store; -1. */
static int roster_problem(struct responses_scan *sc, bool unknown_role, const char *what)
{
	sc->failed = true;
	if (!sc->s)
		return -1;
	if (unknown_role)
		diag_error("%s: unknown role '%s' in the roster of fiscal year %d", sc->s->path, what,
			   sc->fiscal_year);
	else
		diag_error("%s: '%s' holds a target of fiscal year %d but is not in its roster", sc->s->path,
			   what, sc->fiscal_year);
	return -1;
}

static int read_failed(struct responses_scan *sc)
{
	sc->failed = true;
	return sc->s ? store_error(sc->s, "cannot read the answers") : -1;
}

/* Order of (person, role) keys, as the tables' primary keys sort them (binary). */
static int key_compare(const char *id_a, const char *role_a, const char *id_b, const char *role_b)
{
	int d = strcmp(id_a, id_b);
	return d ? d : strcmp(role_a, role_b);
}

int responses_next(struct responses_scan *sc, struct response_row *row)
{
	if (sc->failed)
		return -1;
	int trc = step(sc, sc->targets);
	if (trc != SQLITE_ROW) {
		bool ok = trc == SQLITE_DONE && (sc->rrc == SQLITE_ROW || sc->rrc == SQLITE_DONE) &&
			  (sc->prc == SQLITE_ROW || sc->prc == SQLITE_DONE);
		return ok ? 0 : read_failed(sc);
	}
	const char *id = (const char *)sqlite3_column_text(sc->targets, 0);
	const char *code = (const char *)sqlite3_column_text(sc->targets, 1);
	int role = role_lookup(sc, code);
	if (role < 0)
		return roster_problem(sc, true, code);
	int cmp = 1;
	while (sc->prc == SQLITE_ROW && (cmp = strcmp((const char *)sqlite3_column_text(sc->persons, 0), id)) < 0)
		sc->prc = step(sc, sc->persons);
	if (sc->prc != SQLITE_ROW || cmp != 0) {
		if (sc->prc != SQLITE_ROW && sc->prc != SQLITE_DONE)
			return read_failed(sc);
		return roster_problem(sc, false, id);
	}
	cmp = 1;
	while (sc->rrc == SQLITE_ROW && (cmp = key_compare(sc->r_id, sc->r_role, id, code)) < 0)
		response_ahead(sc);
	bool answered = sc->rrc == SQLITE_ROW && cmp == 0;
	*row = (struct response_row){
		.person_id = id,
		.role = (enum role)role,
		.unit = (const char *)sqlite3_column_text(sc->persons, 1),
		.excluded = sqlite3_column_int(sc->targets, 2) != 0,
		.submitted = answered && sqlite3_column_int(sc->responses, 3) != 0,
		.answers = answered ? (const char *)sqlite3_column_text(sc->responses, 2) : NULL,
		.answers_len = answered ? (size_t)sqlite3_column_bytes(sc->responses, 2) : 0,
	};
	return 1;
}

char *responses_split(struct store *s, int fiscal_year)
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
