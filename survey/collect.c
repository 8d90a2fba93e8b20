/* collect: init, tokens, status, pending and close for the coordinator. */
#include "survey/collect.h"
#include "core/diag.h"
#include "core/era.h"
#include "core/quest.h"
#include "core/rate.h"
#include "core/roles.h"
#include "core/text.h"
#include "survey/token.h"

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

void collect_csv_field(FILE *out, const char *value)
{
	if (!strpbrk(value, ",\"\r\n")) {
		fputs(value, out);
		return;
	}
	fputc('"', out);
	for (const char *p = value; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
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

static bool valid_org_code(const char *code)
{
	if (!*code)
		return false;
	for (const char *p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

int collect_init(const char *db, const char *org_code, const char *org_name, int fiscal_year,
		 const char *quest_path)
{
	if (!valid_org_code(org_code))
		return diag_error("invalid organisation code '%s' (expected lowercase letters, digits and _)", org_code);
	if (text_utf8_invalid_at(org_name, strlen(org_name)) >= 0 || text_is_blank(org_name))
		return diag_error("invalid organisation name (expected non-empty UTF-8 text)");
	struct quest *q;
	if (quest_load_file(quest_path, &q))
		return -1;
	struct store *s;
	if (store_open(db, STORE_CREATE, &s)) {
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
	if (!result && (result = store_put_org(s, &o)) == 0 && (result = store_put_quest(s, q)) == 0 &&
	    (result = store_put_year(s, fiscal_year, q->digest, org_code)) == 0)
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

int collect_tokens(struct store *s, int fiscal_year, const char *unit_prefix, FILE *out)
{
	bool closed = false;
	if (collect_require_year(s, fiscal_year, &closed))
		return -1;
	if (closed)
		return diag_error("%s: the collection of fiscal year %d is closed; no tokens are issued", s->path,
				  fiscal_year);
	if (store_begin(s))
		return -1;
	sqlite3_stmt *sel, *upd;
	if (store_prepare(s, "SELECT person_id, name, unit FROM person p WHERE fiscal_year = ?1 AND EXISTS"
			     " (SELECT 1 FROM target t WHERE t.fiscal_year = p.fiscal_year"
			     " AND t.person_id = p.person_id AND t.excluded = 0) ORDER BY unit, person_id", &sel)) {
		store_rollback(s);
		return -1;
	}
	if (store_prepare(s, "UPDATE person SET token_hash = ?3 WHERE fiscal_year = ?1 AND person_id = ?2", &upd)) {
		sqlite3_finalize(sel);
		store_rollback(s);
		return -1;
	}
	sqlite3_bind_int(sel, 1, fiscal_year);
	struct token_random rnd = {.left = 0};
	struct strbuf lines;
	strbuf_init(&lines);
	int rc, result = 0;
	size_t issued = 0;
	while ((rc = store_step(s, sel)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(sel, 0);
		const char *name = (const char *)sqlite3_column_text(sel, 1);
		const char *unit = (const char *)sqlite3_column_text(sel, 2);
		if (!collect_unit_matches(unit, unit_prefix))
			continue;
		char token[TOKEN_TEXT_SIZE];
		unsigned char hash[TOKEN_HASH_SIZE];
		if (token_generate(&rnd, token) || token_hash(token, hash)) {
			result = -1;
			break;
		}
		sqlite3_reset(upd);
		sqlite3_bind_int(upd, 1, fiscal_year);
		sqlite3_bind_text(upd, 2, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(upd, 3, hash, sizeof hash, SQLITE_TRANSIENT);
		if (store_step(s, upd) != SQLITE_DONE) {
			result = -1;
			break;
		}
		/* Tokens are printed only after the commit, so none is shown that was not stored. */
		strbuf_addstr(&lines, id);
		strbuf_addch(&lines, '\0');
		strbuf_addstr(&lines, name);
		strbuf_addch(&lines, '\0');
		strbuf_addstr(&lines, unit);
		strbuf_addch(&lines, '\0');
		strbuf_addstr(&lines, token);
		strbuf_addch(&lines, '\0');
		issued++;
	}
	if (!result && rc != SQLITE_DONE)
		result = -1;
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	memset(&rnd, 0, sizeof rnd);
	if (!result)
		result = store_commit(s);
	if (result) {
		store_rollback(s);
	} else {
		fputs("person_id,name,unit,token\n", out);
		const char *p = lines.buf;
		for (size_t i = 0; i < issued; i++) {
			for (int f = 0; f < 4; f++) {
				if (f)
					fputc(',', out);
				collect_csv_field(out, p);
				p += strlen(p) + 1;
			}
			fputc('\n', out);
		}
		diag_note("issued %zu tokens for fiscal year %d", issued, fiscal_year);
	}
	memset(lines.buf, 0, lines.len);
	strbuf_release(&lines);
	return result;
}

struct status_row {
	char *key;
	unsigned long long targets, submitted, in_progress;
};

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

int collect_status(struct store *s, int fiscal_year, enum collect_by by, FILE *out)
{
	bool closed = false;
	if (collect_require_year(s, fiscal_year, &closed))
		return -1;
	const char *key = by == COLLECT_BY_ROLE ? "t.role" : by == COLLECT_BY_UNIT ? "p.unit" : "'all'";
	char *sql = xasprintf("SELECT %s, count(*), count(r.submitted_at),"
			      " count(CASE WHEN r.submitted_at IS NULL AND r.answered > 0 THEN 1 END)"
			      " FROM target t JOIN person p ON p.fiscal_year = t.fiscal_year AND p.person_id = t.person_id"
			      " LEFT JOIN response r ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id"
			      " AND r.role = t.role WHERE t.fiscal_year = ?1 AND t.excluded = 0 GROUP BY 1", key);
	sqlite3_stmt *st;
	int result = store_begin(s) ? -1 : store_prepare(s, sql, &st);
	free(sql);
	if (result) {
		store_rollback(s);
		return -1;
	}
	sqlite3_bind_int(st, 1, fiscal_year);
	struct status_row rows[ROLE_COUNT];
	memset(rows, 0, sizeof rows);
	struct status_row total = {0};
	char era[64];
	fprintf(out, "fiscal year %d (%s): collection %s\n", fiscal_year,
		era_fiscal_year_en(fiscal_year, era, sizeof era), closed ? "closed" : "open");
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
	store_rollback(s);
	if (rc != SQLITE_DONE)
		return -1;
	if (by == COLLECT_BY_ROLE)
		for (int role = 0; role < ROLE_COUNT; role++)
			if (rows[role].targets)
				print_status_row(out, role_info((enum role)role)->code, &rows[role]);
	print_status_row(out, "all", &total);
	return 0;
}

int collect_pending(struct store *s, int fiscal_year, const char *unit_prefix, FILE *out)
{
	if (collect_require_year(s, fiscal_year, NULL))
		return -1;
	sqlite3_stmt *st;
	if (store_begin(s))
		return -1;
	if (store_prepare(s, "SELECT p.person_id, p.name, p.unit, t.role FROM target t JOIN person p"
			     " ON p.fiscal_year = t.fiscal_year AND p.person_id = t.person_id"
			     " LEFT JOIN response r ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id"
			     " AND r.role = t.role WHERE t.fiscal_year = ?1 AND t.excluded = 0"
			     " AND r.submitted_at IS NULL ORDER BY p.unit, p.person_id", &st)) {
		store_rollback(s);
		return -1;
	}
	sqlite3_bind_int(st, 1, fiscal_year);
	fputs("person_id,name,unit,roles\n", out);
	char *current = NULL;
	unsigned roles = 0;
	char *name = NULL, *unit = NULL;
	int rc;
	for (;;) {
		rc = store_step(s, st);
		const char *id = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
		if (current && (!id || strcmp(id, current) != 0)) {
			collect_csv_field(out, current);
			fputc(',', out);
			collect_csv_field(out, name);
			fputc(',', out);
			collect_csv_field(out, unit);
			fputc(',', out);
			/* Roles in the order of design §4, separated by spaces. */
			bool first = true;
			for (int role = 0; role < ROLE_COUNT; role++)
				if (roles & (1u << role)) {
					fprintf(out, "%s%s", first ? "" : " ", role_info((enum role)role)->code);
					first = false;
				}
			fputc('\n', out);
			free(current);
			free(name);
			free(unit);
			current = name = unit = NULL;
			roles = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		const char *u = (const char *)sqlite3_column_text(st, 2);
		if (!collect_unit_matches(u, unit_prefix))
			continue;
		if (!current) {
			current = xstrdup(id);
			name = xstrdup((const char *)sqlite3_column_text(st, 1));
			unit = xstrdup(u);
		}
		int role = role_from_code((const char *)sqlite3_column_text(st, 3));
		if (role >= 0)
			roles |= 1u << role;
	}
	sqlite3_finalize(st);
	store_rollback(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int collect_close(struct store *s, int fiscal_year)
{
	bool closed = false;
	if (collect_require_year(s, fiscal_year, &closed))
		return -1;
	if (store_begin(s))
		return -1;
	if (store_close_year(s, fiscal_year) || store_commit(s)) {
		store_rollback(s);
		return -1;
	}
	struct store_year y;
	if (store_get_year(s, fiscal_year, &y) > 0) {
		printf("fiscal year %d: collection %s at %s; later answers are refused\n", fiscal_year,
		       closed ? "was already closed" : "closed", y.closed_at ? y.closed_at : "");
		store_year_release(&y);
	}
	return 0;
}
