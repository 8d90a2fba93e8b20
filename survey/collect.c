/* collect: init, tokens, status, pending and close for the coordinator. */
#include "survey/collect.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/livetally.h"
#include "core/era.h"
#include "core/quest.h"
#include "core/rate.h"
#include "core/roles.h"
#include "core/text.h"
#include "core/csvwrite.h"
#include "survey/token.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

bool collect_unit_matches(const char *unit, const char *prefix)
{
	if (!prefix || !*prefix)
		return true;
	size_t n = strlen(prefix);
	while (n > 0 && prefix[n - 1] == '/')
		n--;
	return strncmp(unit, prefix, n) == 0 && (unit[n] == '\0' || unit[n] == '/');
}

/* Length of the space (ASCII space or tab, or U+3000) at p, 0 when there is none. */
static size_t unit_space(const char *p)
{
	if (*p == ' ' || *p == '\t')
		return 1;
	return strncmp(p, "\xE3\x80\x80", 3) == 0 ? 3 : 0;
}

char *collect_unit_normalize(const char *unit)
{
	struct strbuf out;
	strbuf_init(&out);
	const char *p = unit ? unit : "";
	while (*p) {
		/* One part: up to the next '/' or '／'. */
		const char *start = p, *end;
		size_t sep = 0;
		for (end = p; *end; end++) {
			if (*end == '/') {
				sep = 1;
				break;
			}
			if (strncmp(end, "\xEF\xBC\x8F", 3) == 0) {
				sep = 3;
				break;
			}
		}
		size_t n;
		while (start < end && (n = unit_space(start)) > 0)
			start += n;
		const char *stop = end;
		for (;;) {
			if (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
				stop--;
			else if (stop - start >= 3 && strncmp(stop - 3, "\xE3\x80\x80", 3) == 0)
				stop -= 3;
			else
				break;
		}
		if (stop > start) {
			if (out.len)
				strbuf_addch(&out, '/');
			strbuf_add(&out, start, (size_t)(stop - start));
		}
		p = end + sep;
	}
	return strbuf_detach(&out);
}

int collect_require_year(struct store *s, int fiscal_year, bool *closed)
{
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found < 0)
		return -1;
	if (!found)
		return diag_error("%s: fiscal year %d is not in the store (create it with 'survey init')", s->path,
				  fiscal_year);
	if (closed)
		*closed = y.closed_at != NULL;
	store_year_release(&y);
	return 0;
}

int collect_require_open(struct store *s, int fiscal_year, const char *what)
{
	bool closed = false;
	if (collect_require_year(s, fiscal_year, &closed))
		return -1;
	if (closed)
		return diag_error("%s: the collection of fiscal year %d is closed; %s (reopen it with 'survey reopen')",
				  s->path, fiscal_year, what);
	return 0;
}

static bool valid_org_code(const char *code)
{
	if (!*code || strlen(code) > ORG_CODE_MAX)
		return false;
	for (const char *p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

int collect_init(const char *db, const char *org_code, const char *org_name, int fiscal_year,
		 const char *quest_path, bool any_year)
{
	if (!valid_org_code(org_code))
		return diag_error("invalid organisation code '%s' (expected at most %d lowercase letters, digits and _)",
				  org_code, ORG_CODE_MAX);
	const char *problem = org_name_problem(org_name);
	if (problem)
		return diag_error("invalid organisation name: it %s (expected one line of UTF-8 text of at most %d characters)",
				  problem, ORG_NAME_MAX);
	struct quest *q;
	if (quest_load_file(quest_path, &q))
		return -1;
	if (q->fiscal_year != fiscal_year && !any_year) {
		diag_error("%s: the questionnaire is for fiscal year %d, not %d (check --year, or give --any-year to"
			   " use it for %d all the same)", quest_path, q->fiscal_year, fiscal_year, fiscal_year);
		quest_free(q);
		return -1;
	}
	struct store *s;
	if (store_open(db, STORE_CREATE_ON_COMMIT, &s)) {
		quest_free(q);
		return -1;
	}
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	int result = found < 0 ? -1 : 0;
	if (found > 0 && y.org && strcmp(y.org, org_code) != 0)
		result = diag_error("%s: fiscal year %d is collected by organisation '%s', not '%s'", db, fiscal_year,
				    y.org, org_code);
	if (found > 0)
		store_year_release(&y);
	struct org o = {.code = (char *)org_code, .name = (char *)org_name};
	struct org old;
	int have_org = result ? 0 : store_get_org(s, org_code, &old);
	if (have_org < 0)
		result = -1;
	if (have_org > 0) {
		o.name_en = old.name_en;
		o.order = old.order;
	}
	if (!result)
		result = store_begin(s);
	bool current = true;
	/* The year's tally is kept from the start (over its questionnaire: counted again when
	 * the questionnaire of a year without answers is replaced). */
	if (!result && (result = store_put_org(s, &o)) == 0 && (result = store_put_quest(s, q)) == 0 &&
	    (result = store_put_year(s, fiscal_year, q->digest, org_code)) == 0 &&
	    (result = livetally_is_current(s, fiscal_year, &current)) == 0 &&
	    (current || (result = livetally_recount(s, fiscal_year, q, NULL)) == 0) &&
	    (result = store_log(s, fiscal_year, "survey", "init",
				"organisation %s, questionnaire %s (%zu items, digest %.16s)", org_code, q->id,
				q->item_count, q->digest)) == 0)
		result = store_commit(s);
	if (result)
		store_rollback(s);
	else
		printf("%s: fiscal year %d of %s uses questionnaire %s (%zu items, digest %.16s)\n", db, fiscal_year,
		       org_code, q->id, q->item_count, q->digest);
	if (have_org > 0)
		org_release(&old);
	store_close(s);
	quest_free(q);
	return result;
}

/* One person of the year as the tokens command sees them. */
struct token_person {
	char *id, *name, *unit;
	bool has_token;
	bool eligible;   /* on the roster with a role to answer */
	bool chosen;
};

static void free_token_people(struct token_person *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].id);
		free(p[i].name);
		free(p[i].unit);
	}
	free(p);
}

/* Loads everyone of the year, sorted by unit then person. Returns 0 or -1. */
static int load_token_people(struct store *s, int fiscal_year, struct token_person **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT person_id, name, unit, token_hash IS NOT NULL, removed_at IS NULL AND EXISTS"
			     " (SELECT 1 FROM target t WHERE t.fiscal_year = p.fiscal_year"
			     " AND t.person_id = p.person_id AND t.excluded = 0)"
			     " FROM person p WHERE fiscal_year = ?1 ORDER BY unit, person_id", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		*out = xgrow(*out, *count, &cap, sizeof **out, 256);
		(*out)[(*count)++] = (struct token_person){
			.id = xstrdup((const char *)sqlite3_column_text(st, 0)),
			.name = xstrdup((const char *)sqlite3_column_text(st, 1)),
			.unit = xstrdup((const char *)sqlite3_column_text(st, 2)),
			.has_token = sqlite3_column_int(st, 3) != 0,
			.eligible = sqlite3_column_int(st, 4) != 0,
		};
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Marks the named people chosen; reports every unknown or ineligible one. Returns 0 or -1. */
static int choose_named(struct store *s, int fiscal_year, struct token_person *people, size_t count,
			const char *const *ids, size_t nids)
{
	GHashTable *by_id = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < count; i++)
		g_hash_table_insert(by_id, people[i].id, &people[i]);
	int result = 0;
	for (size_t k = 0; k < nids; k++) {
		struct token_person *p = g_hash_table_lookup(by_id, ids[k]);
		if (!p)
			result = diag_error("%s: person '%s' is not on the roster of fiscal year %d; no token is issued",
					    s->path, ids[k], fiscal_year);
		else if (!p->eligible)
			result = diag_error("%s: person '%s' has no role to answer in fiscal year %d (excluded, or removed"
					    " from the roster); no token is issued", s->path, ids[k], fiscal_year);
		else
			p->chosen = true;
	}
	g_hash_table_destroy(by_id);
	return result;
}

/* Writes a fresh token for each chosen person; the tokens are appended to lines as
 * id NUL name NUL unit NUL token NUL. Returns 0 or -1. */
static int write_tokens(struct store *s, int fiscal_year, const struct token_person *people, size_t count,
			struct strbuf *lines)
{
	sqlite3_stmt *upd;
	if (store_prepare(s, "UPDATE person SET token_hash = ?3 WHERE fiscal_year = ?1 AND person_id = ?2", &upd))
		return -1;
	struct token_random rnd = {.left = 0};
	int result = 0;
	for (size_t i = 0; i < count && !result; i++) {
		if (!people[i].chosen)
			continue;
		char token[TOKEN_TEXT_SIZE];
		unsigned char hash[TOKEN_HASH_SIZE];
		if (token_generate(&rnd, token) || token_hash(token, hash)) {
			result = -1;
			break;
		}
		sqlite3_reset(upd);
		sqlite3_bind_int(upd, 1, fiscal_year);
		sqlite3_bind_text(upd, 2, people[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_blob(upd, 3, hash, sizeof hash, SQLITE_TRANSIENT);
		if (store_step(s, upd) != SQLITE_DONE)
			result = -1;
		const char *f[4] = {people[i].id, people[i].name, people[i].unit, token};
		for (int k = 0; k < 4; k++) {
			strbuf_addstr(lines, f[k]);
			strbuf_addch(lines, '\0');
		}
		memset(token, 0, sizeof token);
	}
	sqlite3_finalize(upd);
	memset(&rnd, 0, sizeof rnd);
	return result;
}

int collect_tokens(struct store *s, int fiscal_year, const struct collect_tokens_options *o, FILE *out)
{
	if (collect_require_open(s, fiscal_year, "no tokens are issued"))
		return -1;
	if (store_begin(s))
		return -1;
	struct token_person *people;
	size_t count;
	int result = load_token_people(s, fiscal_year, &people, &count);
	size_t chosen = 0, with_token = 0;
	if (!result && o->person_count) {
		result = choose_named(s, fiscal_year, people, count, o->persons, o->person_count);
	} else if (!result) {
		for (size_t i = 0; i < count; i++)
			people[i].chosen = people[i].eligible && collect_unit_matches(people[i].unit, o->unit);
	}
	for (size_t i = 0; i < count; i++)
		if (people[i].chosen) {
			chosen++;
			with_token += people[i].has_token;
		}
	const char *scope = o->unit && *o->unit ? o->unit : NULL;
	if (!result && !o->person_count && with_token && o->missing) {
		for (size_t i = 0; i < count; i++)
			people[i].chosen = people[i].chosen && !people[i].has_token;
		chosen -= with_token;
		with_token = 0;
	} else if (!result && !o->person_count && with_token && !o->force) {
		size_t without = chosen - with_token;
		char *lost = with_token == 1 ? xstrdup("that token") : xasprintf("those %zu tokens", with_token);
		char *rest = without ? xasprintf("--missing issues tokens only to the %zu %s without one", without,
						 without == 1 ? "person" : "people")
				     : xstrdup("no one is without one");
		result = diag_error("%s: %zu of the %zu %s%s%s already %s a login token; issuing would stop %s working"
				    " (--force replaces them; %s)", s->path, with_token, chosen,
				    chosen == 1 ? "person" : "people", scope ? " under " : "", scope ? scope : "",
				    with_token == 1 ? "has" : "have", lost, rest);
		free(lost);
		free(rest);
	}
	if (!result && !chosen && !o->person_count)
		diag_warning("no one%s%s is waiting for a token in fiscal year %d", scope ? " under " : "",
			     scope ? scope : "", fiscal_year);
	struct strbuf lines;
	strbuf_init(&lines);
	if (!result)
		result = write_tokens(s, fiscal_year, people, count, &lines);
	if (!result) {
		/* the activity log keeps the unit as messages show it */
		char *clean_scope = scope ? text_sanitize(scope, false) : NULL;
		char *whom = o->person_count ? xasprintf("for %zu named %s", chosen,
							  chosen == 1 ? "person" : "people")
				: scope ? xasprintf("under %s", clean_scope) : xstrdup("for the whole year");
		result = store_log(s, fiscal_year, "survey", "tokens",
				   "%zu issued %s: %zu new, %zu replacing earlier tokens%s", chosen, whom,
				   chosen - with_token, with_token, o->missing ? " (--missing)" : "");
		free(whom);
		free(clean_scope);
	}
	if (!result)
		result = store_commit(s);
	if (result) {
		store_rollback(s);
	} else {
		/* Tokens are printed only after the commit, so none is shown that was not stored. */
		struct csvwrite w;
		csvwrite_begin(&w, out, o->excel);
		static const char *const head[] = {"person_id", "name", "unit", "token"};
		csvwrite_row(&w, head, 4);
		const char *p = lines.buf;
		for (size_t i = 0; i < chosen; i++) {
			const char *f[4];
			for (int k = 0; k < 4; k++) {
				f[k] = p;
				p += strlen(p) + 1;
			}
			csvwrite_row(&w, f, 4);
		}
		errno = 0;
		if (fflush(out) != 0 || ferror(out)) {
			/* Stored but not delivered: say so, so that nobody waits for tokens that are lost. */
			result = diag_error("%s: %zu %s issued for fiscal year %d could not be written out (%s); they replace "
					    "earlier tokens, so issue them again with --force", s->path, chosen,
					    chosen == 1 ? "token" : "tokens", fiscal_year, errno ? strerror(errno) : "write error");
		} else if (with_token)
			diag_note("issued %zu %s for fiscal year %d; %zu earlier %s replaced and no longer %s", chosen,
				  chosen == 1 ? "token" : "tokens", fiscal_year, with_token,
				  with_token == 1 ? "token" : "tokens", with_token == 1 ? "works" : "work");
		else
			diag_note("issued %zu %s for fiscal year %d", chosen, chosen == 1 ? "token" : "tokens", fiscal_year);
	}
	if (lines.len)
		memset(lines.buf, 0, lines.len);
	strbuf_release(&lines);
	free_token_people(people, count);
	return result;
}

struct status_row {
	char *key;
	unsigned long long targets, submitted, in_progress;
};

/* The count sql (?1 the year, ?2 the unit or NULL for all) gives into *n. Returns SQLITE_DONE,
 * or SQLITE_ERROR after reporting. */
static int count_under(struct store *s, const char *sql, int fiscal_year, const char *unit, long long *n)
{
	sqlite3_stmt *st;
	if (store_prepare(s, sql, &st))
		return SQLITE_ERROR;
	sqlite3_bind_int(st, 1, fiscal_year);
	if (unit)
		sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
	int rc = store_step(s, st) == SQLITE_ROW ? SQLITE_DONE : SQLITE_ERROR;
	*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

static void print_status_row(FILE *out, const char *key, const struct status_row *r)
{
	struct rate_value v;
	rate_from_counts(&v, r->submitted, r->targets);
	char rate[32];
	rate_format_tenths(rate_display_tenths(&v, NULL), RATE_STYLE_ASCII, rate, sizeof rate);
	int pad = 24 - text_width(key);
	fprintf(out, "%s%*s %9llu %10llu %12llu %11s\n", key, pad > 0 ? pad : 0, "", r->targets, r->submitted,
		r->in_progress, rate);
}

/* The SQL condition "unit ?N is under the prefix ?N, or ?N is NULL". */
#define UNIT_UNDER(col, param)                                                                        \
	"(" param " IS NULL OR " col " = " param " OR substr(" col ", 1, length(" param ") + 1) = " param " || '/')"

int collect_status(struct store *s, int fiscal_year, enum collect_by by, const char *unit_prefix, FILE *out)
{
	bool closed = false;
	if (collect_require_year(s, fiscal_year, &closed))
		return -1;
	const char *key = by == COLLECT_BY_ROLE ? "t.role" : by == COLLECT_BY_UNIT ? "p.unit" : "'all'";
	char *sql = xasprintf("SELECT %s, count(*), count(r.submitted_at),"
			      " count(CASE WHEN r.submitted_at IS NULL AND r.answered > 0 THEN 1 END)"
			      " FROM target t JOIN person p ON p.fiscal_year = t.fiscal_year AND p.person_id = t.person_id"
			      " LEFT JOIN response r ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id"
			      " AND r.role = t.role WHERE t.fiscal_year = ?1 AND t.excluded = 0"
			      " AND " UNIT_UNDER("p.unit", "?2") " GROUP BY 1", key);
	sqlite3_stmt *st;
	int result = store_begin(s) ? -1 : store_prepare(s, sql, &st);
	free(sql);
	if (result) {
		store_rollback(s);
		return -1;
	}
	const char *unit = unit_prefix && *unit_prefix ? unit_prefix : NULL;
	sqlite3_bind_int(st, 1, fiscal_year);
	if (unit)
		sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
	struct status_row rows[ROLE_COUNT];
	memset(rows, 0, sizeof rows);
	struct status_row total = {0};
	char era[64];
	char *clean_unit = unit ? text_sanitize(unit, false) : NULL;
	fprintf(out, "fiscal year %d (%s): collection %s%s%s\n", fiscal_year,
		era_fiscal_year_en(fiscal_year, era, sizeof era), closed ? "closed" : "open",
		unit ? "; unit " : "", unit ? clean_unit : "");
	free(clean_unit);
	const char *heading = by == COLLECT_BY_ROLE ? "role" : by == COLLECT_BY_UNIT ? "unit" : "";
	fprintf(out, "%-24s %9s %10s %12s %11s\n", heading, "targets", "submitted", "in_progress", "grasp_rate");
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct status_row r = {
			.targets = (unsigned long long)sqlite3_column_int64(st, 1),
			.submitted = (unsigned long long)sqlite3_column_int64(st, 2),
			.in_progress = (unsigned long long)sqlite3_column_int64(st, 3),
		};
		const char *k = (const char *)sqlite3_column_text(st, 0);
		total.targets += r.targets;
		total.submitted += r.submitted;
		total.in_progress += r.in_progress;
		if (by == COLLECT_BY_ROLE) {
			int role = role_from_code(k);
			if (role >= 0)
				rows[role] = r;
		} else if (by == COLLECT_BY_UNIT) {
			char *clean = text_sanitize(k, false);
			print_status_row(out, clean, &r);
			free(clean);
		}
	}
	sqlite3_finalize(st);
	long long removed = 0, changed = 0;
	if (rc == SQLITE_DONE)
		rc = count_under(s, "SELECT count(*) FROM person p WHERE fiscal_year = ?1"
				 " AND removed_at IS NOT NULL AND " UNIT_UNDER("p.unit", "?2"), fiscal_year, unit, &removed);
	if (rc == SQLITE_DONE)
		rc = count_under(s, "SELECT count(DISTINCT r.person_id) FROM response r JOIN person p"
				 " ON p.fiscal_year = r.fiscal_year AND p.person_id = r.person_id"
				 " WHERE r.fiscal_year = ?1 AND r.changed_after_submit_at IS NOT NULL"
				 " AND " UNIT_UNDER("p.unit", "?2"), fiscal_year, unit, &changed);
	store_rollback(s);
	if (rc != SQLITE_DONE)
		return -1;
	if (by == COLLECT_BY_ROLE)
		for (int role = 0; role < ROLE_COUNT; role++)
			if (rows[role].targets)
				print_status_row(out, role_info((enum role)role)->code, &rows[role]);
	print_status_row(out, "all", &total);
	if (removed)
		fprintf(out, "%lld %s removed from the roster with answers kept (not counted above)\n", removed,
			removed == 1 ? "person" : "people");
	if (changed)
		fprintf(out, "%lld %s changed answers after submitting (the changes count; 'survey pending --changed'"
			" lists them)\n", changed, changed == 1 ? "person" : "people");
	return 0;
}

int collect_changed(struct store *s, int fiscal_year, const char *unit_prefix, bool excel, FILE *out)
{
	if (collect_require_year(s, fiscal_year, NULL))
		return -1;
	sqlite3_stmt *st;
	if (store_begin(s))
		return -1;
	if (store_prepare(s, "SELECT p.person_id, p.name, p.unit, max(r.submitted_at), max(r.changed_after_submit_at)"
			     " FROM response r JOIN person p ON p.fiscal_year = r.fiscal_year AND p.person_id = r.person_id"
			     " WHERE r.fiscal_year = ?1 AND r.changed_after_submit_at IS NOT NULL"
			     " GROUP BY p.person_id ORDER BY p.unit, p.person_id", &st)) {
		store_rollback(s);
		return -1;
	}
	sqlite3_bind_int(st, 1, fiscal_year);
	struct csvwrite w;
	csvwrite_begin(&w, out, excel);
	static const char *const head[] = {"person_id", "name", "unit", "submitted_at", "changed_at"};
	csvwrite_row(&w, head, 5);
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *unit = (const char *)sqlite3_column_text(st, 2);
		if (!collect_unit_matches(unit, unit_prefix))
			continue;
		char submitted[CLOCK_TEXT_SIZE], changed[CLOCK_TEXT_SIZE];
		const char *f[5] = {(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1), unit,
				    clock_iso_local((const char *)sqlite3_column_text(st, 3), submitted, sizeof submitted),
				    clock_iso_local((const char *)sqlite3_column_text(st, 4), changed, sizeof changed)};
		csvwrite_row(&w, f, 5);
	}
	sqlite3_finalize(st);
	store_rollback(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* What pending gathers about one person. */
struct pending_person {
	char *id, *name, *unit, *last;
	unsigned held, unsubmitted;
	long long answered[ROLE_COUNT];
};

static void pending_print(struct csvwrite *w, const struct pending_person *p, const struct quest *q)
{
	csvwrite_field(w, p->id);
	csvwrite_field(w, p->name);
	csvwrite_field(w, p->unit);
	struct strbuf roles, progress;
	strbuf_init(&roles);
	strbuf_init(&progress);
	/* Roles in catalogue order, separated by spaces. */
	for (int role = 0; role < ROLE_COUNT; role++) {
		if (p->unsubmitted & (1u << role))
			strbuf_addf(&roles, "%s%s", roles.len ? " " : "", role_info((enum role)role)->code);
		if (p->held & (1u << role))
			strbuf_addf(&progress, "%s%s %lld/%zu", progress.len ? "; " : "", role_info((enum role)role)->code,
				    p->answered[role], q->role_item_count[role]);
	}
	csvwrite_field(w, roles.buf);
	csvwrite_field(w, progress.buf);
	char when[CLOCK_TEXT_SIZE];
	csvwrite_field(w, clock_iso_local(p->last, when, sizeof when));
	csvwrite_end_row(w);
	strbuf_release(&roles);
	strbuf_release(&progress);
}

static void pending_clear(struct pending_person *p)
{
	free(p->id);
	free(p->name);
	free(p->unit);
	free(p->last);
	memset(p, 0, sizeof *p);
}

int collect_pending(struct store *s, int fiscal_year, const char *unit_prefix, bool excel, FILE *out)
{
	if (collect_require_year(s, fiscal_year, NULL))
		return -1;
	struct quest *q;
	if (store_year_quest(s, fiscal_year, &q) <= 0)
		return -1;
	sqlite3_stmt *st;
	if (store_begin(s)) {
		quest_free(q);
		return -1;
	}
	if (store_prepare(s, "SELECT p.person_id, p.name, p.unit, t.role, r.submitted_at IS NOT NULL,"
			     " coalesce(r.answered, 0), r.updated_at FROM target t JOIN person p"
			     " ON p.fiscal_year = t.fiscal_year AND p.person_id = t.person_id"
			     " LEFT JOIN response r ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id"
			     " AND r.role = t.role WHERE t.fiscal_year = ?1 AND t.excluded = 0 AND p.removed_at IS NULL"
			     " ORDER BY p.unit, p.person_id", &st)) {
		store_rollback(s);
		quest_free(q);
		return -1;
	}
	sqlite3_bind_int(st, 1, fiscal_year);
	struct csvwrite w;
	csvwrite_begin(&w, out, excel);
	static const char *const head[] = {"person_id", "name", "unit", "roles", "progress", "last_answer_at"};
	csvwrite_row(&w, head, 6);
	struct pending_person cur;
	memset(&cur, 0, sizeof cur);
	int rc;
	for (;;) {
		rc = store_step(s, st);
		const char *id = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
		if (cur.id && (!id || strcmp(id, cur.id) != 0)) {
			if (cur.unsubmitted)
				pending_print(&w, &cur, q);
			pending_clear(&cur);
		}
		if (rc != SQLITE_ROW)
			break;
		const char *u = (const char *)sqlite3_column_text(st, 2);
		if (!collect_unit_matches(u, unit_prefix))
			continue;
		if (!cur.id) {
			cur.id = xstrdup(id);
			cur.name = xstrdup((const char *)sqlite3_column_text(st, 1));
			cur.unit = xstrdup(u);
		}
		int role = role_from_code((const char *)sqlite3_column_text(st, 3));
		if (role < 0)
			continue;
		cur.held |= 1u << role;
		if (!sqlite3_column_int(st, 4))
			cur.unsubmitted |= 1u << role;
		cur.answered[role] = sqlite3_column_int64(st, 5);
		const char *updated = (const char *)sqlite3_column_text(st, 6);
		if (updated && (!cur.last || strcmp(updated, cur.last) > 0)) {
			free(cur.last);
			cur.last = xstrdup(updated);
		}
	}
	pending_clear(&cur);
	sqlite3_finalize(st);
	store_rollback(s);
	quest_free(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Closing or reopening changes what a tally says of the collection: the kept tally, when it
 * was current, records the new state in the same transaction (keep_state_begin before the
 * change, keep_state_end after it). */
static int keep_state_begin(struct store *s, int fiscal_year, struct quest **q, struct livetally **lt)
{
	*q = NULL;
	*lt = NULL;
	int found = store_year_quest(s, fiscal_year, q);
	if (found <= 0)
		return found;
	return livetally_begin(s, fiscal_year, *q, lt);
}

static int keep_state_end(struct quest *q, struct livetally *lt, int result)
{
	if (result == 0 && lt)
		result = livetally_commit(lt);
	else
		livetally_free(lt);
	quest_free(q);
	return result;
}

int collect_close(struct store *s, int fiscal_year)
{
	if (store_begin(s))
		return -1;
	bool closed = false;
	struct store_year y;
	struct quest *q = NULL;
	struct livetally *lt = NULL;
	int result = collect_require_year(s, fiscal_year, &closed);
	if (!result)
		result = keep_state_begin(s, fiscal_year, &q, &lt);
	if (!result && !closed)
		result = store_close_year(s, fiscal_year);
	result = keep_state_end(q, lt, result);
	if (!result && !closed)
		result = store_log(s, fiscal_year, "survey", "close", "collection closed");
	if (!result && store_get_year(s, fiscal_year, &y) <= 0)
		result = -1;
	if (!result && store_commit(s)) {
		store_year_release(&y);
		result = -1;
	}
	if (result) {
		store_rollback(s);
		return -1;
	}
	char when[CLOCK_TEXT_SIZE];
	printf("fiscal year %d: collection %s at %s; later answers are refused\n", fiscal_year,
	       closed ? "was already closed" : "closed", clock_display(y.closed_at, when, sizeof when));
	store_year_release(&y);
	return 0;
}

int collect_reopen(struct store *s, int fiscal_year)
{
	if (store_begin(s))
		return -1;
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	int result = found < 0 ? -1 : 0;
	if (found == 0)
		result = diag_error("%s: fiscal year %d is not in the store (create it with 'survey init')", s->path,
				    fiscal_year);
	else if (found > 0 && !y.closed_at)
		result = diag_error("%s: the collection of fiscal year %d is not closed; there is nothing to reopen",
				    s->path, fiscal_year);
	struct quest *q = NULL;
	struct livetally *lt = NULL;
	if (!result)
		result = keep_state_begin(s, fiscal_year, &q, &lt);
	sqlite3_stmt *st;
	if (!result && (result = store_prepare(s, "UPDATE fiscal_year SET closed_at = NULL WHERE fiscal_year = ?1",
					       &st)) == 0) {
		sqlite3_bind_int(st, 1, fiscal_year);
		result = store_step(s, st) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
	}
	result = keep_state_end(q, lt, result);
	char when[CLOCK_TEXT_SIZE];
	if (!result)
		result = store_log(s, fiscal_year, "survey", "reopen", "collection reopened; it had been closed at %s",
				   clock_iso_local(y.closed_at, when, sizeof when));
	if (!result)
		result = store_commit(s);
	if (result)
		store_rollback(s);
	else
		printf("fiscal year %d: collection reopened (it had been closed at %s); answers are accepted again\n",
		       fiscal_year, clock_display(y.closed_at, when, sizeof when));
	if (found > 0)
		store_year_release(&y);
	return result;
}
