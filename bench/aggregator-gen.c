/*
 * aggregator-gen: generates the national-scale data the aggregator benchmark runs on.
 *
 * Usage: aggregator-gen [-n RESPONDENTS] [--answer-rows] OUTDIR
 *
 * Writes OUTDIR/questionnaire.yaml (40 items: 16 for staff, 16 for officers, 8 for system
 * officers), OUTDIR/store.db: a store for fiscal year 2026 holding RESPONDENTS people
 * (default 600,000) spread over 21 organisations' units, each person one target, about 94%
 * of them submitted, answers packed one code per item as the survey keeps them. With
 * --answer-rows also OUTDIR/answers.db: the same answers as one row per answer
 * (org, role, item, answer), the layout a plain SQL GROUP BY would run on.
 * Deterministic (fixed-seed xorshift).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/quest.h"
#include "core/store.h"
#include "core/text.h"

static uint64_t rng_state = 0x600000a99e9a7e11ull;

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static unsigned rng_below(unsigned n)
{
	return (unsigned)((rng_next() >> 33) % n);
}

static char *questionnaire_text(void)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "format: selfcheck-questionnaire/1\nid: bench-2026\nfiscal_year: 2026\n"
			   "title: {ja: 性能試験, en: Benchmark}\ncategories:\n"
			   "  - {code: info, ja: 情報, en: Information}\n"
			   "  - {code: duty, ja: 職務, en: Duties}\nitems:\n");
	for (int i = 1; i <= 40; i++) {
		const char *roles = i <= 16 ? "[staff]"
				  : i <= 32 ? "[division_officer, security_officer, area_officer]"
					    : "[system_officer, system_admin]";
		strbuf_addf(&sb, "  - {id: B-%02d, roles: %s, category: %s, clause: '%d.%d',"
				 " question: {ja: 問%d, en: Q%d}, explanation: {ja: 説明, en: why}}\n",
			    i, roles, i % 2 ? "info" : "duty", i / 10 + 1, i % 10, i, i);
	}
	return strbuf_detach(&sb);
}

static int run(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "aggregator-gen: %s: %s\n", sql, err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static const char *const orgs[21] = {
	"cas", "clb", "jinji", "cao", "kunaicho", "jftc", "npa", "fsa", "caa", "reconstruction", "mic",
	"moj", "mofa", "mof", "mext", "mhlw", "maff", "meti", "mlit", "env", "mod",
};

int main(int argc, char **argv)
{
	long n = 600000;
	int answer_rows = 0;
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			n = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--answer-rows") == 0)
			answer_rows = 1;
		else
			dir = argv[i];
	}
	if (!dir || n <= 0) {
		fprintf(stderr, "usage: aggregator-gen [-n RESPONDENTS] [--answer-rows] OUTDIR\n");
		return 1;
	}
	diag_set_program("aggregator-gen");
	char *qtext = questionnaire_text();
	char *qpath = xasprintf("%s/questionnaire.yaml", dir);
	FILE *f = fopen(qpath, "w");
	if (!f || fputs(qtext, f) < 0 || fclose(f)) {
		fprintf(stderr, "aggregator-gen: cannot write %s\n", qpath);
		return 2;
	}
	struct quest *q;
	if (quest_load_buffer(qpath, qtext, strlen(qtext), &q))
		return 2;
	char *spath = xasprintf("%s/store.db", dir);
	remove(spath);
	struct store *s;
	if (store_open(spath, STORE_CREATE, &s))
		return 2;
	struct org org = {.code = "bench", .name = "性能試験省"};
	if (store_begin(s) || store_put_org(s, &org) || store_put_quest(s, q) ||
	    store_put_year(s, 2026, q->digest, "bench") || store_commit(s))
		return 2;
	sqlite3 *adb = NULL;
	sqlite3_stmt *ans = NULL;
	if (answer_rows) {
		char *apath = xasprintf("%s/answers.db", dir);
		remove(apath);
		if (sqlite3_open(apath, &adb) != SQLITE_OK ||
		    run(adb, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
			     " CREATE TABLE answer (org TEXT, role TEXT, item TEXT, answer INTEGER); BEGIN") ||
		    sqlite3_prepare_v2(adb, "INSERT INTO answer VALUES (?1, ?2, ?3, ?4)", -1, &ans, NULL) != SQLITE_OK)
			return 2;
		free(apath);
	}
	sqlite3 *db = s->db;
	sqlite3_stmt *person, *target, *response;
	if (run(db, "PRAGMA synchronous = OFF; BEGIN") ||
	    sqlite3_prepare_v2(db, "INSERT INTO person(fiscal_year, person_id, name, unit) VALUES (2026, ?1, ?2, ?3)",
			       -1, &person, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO target(fiscal_year, person_id, role, excluded) VALUES (2026, ?1, ?2, ?3)",
			       -1, &target, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO response(fiscal_year, person_id, role, answers, answered, updated_at,"
				   " submitted_at) VALUES (2026, ?1, ?2, ?3, ?4, '2026-10-01T09:00:00Z', ?5)",
			       -1, &response, NULL) != SQLITE_OK) {
		fprintf(stderr, "aggregator-gen: %s\n", sqlite3_errmsg(db));
		return 2;
	}
	static const enum role officer_roles[] = {ROLE_DIVISION_OFFICER, ROLE_SECURITY_OFFICER, ROLE_AREA_OFFICER};
	for (long p = 0; p < n; p++) {
		char id[32], name[48], unit[64], answers[64];
		snprintf(id, sizeof id, "P%07ld", p);
		snprintf(name, sizeof name, "職員%ld", p);
		const char *o = orgs[p % 21];
		snprintf(unit, sizeof unit, "%s/局%u", o, rng_below(8) + 1);
		unsigned pick = rng_below(100);
		enum role role = pick < 90 ? ROLE_STAFF : pick < 97 ? officer_roles[rng_below(3)]
				 : rng_below(2) ? ROLE_SYSTEM_OFFICER : ROLE_SYSTEM_ADMIN;
		int excluded = rng_below(200) == 0;
		const char *code = role_info(role)->code;
		sqlite3_bind_text(person, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 3, unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(target, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(target, 2, code, -1, SQLITE_STATIC);
		sqlite3_bind_int(target, 3, excluded);
		if (sqlite3_step(person) != SQLITE_DONE || sqlite3_step(target) != SQLITE_DONE) {
			fprintf(stderr, "aggregator-gen: %s\n", sqlite3_errmsg(db));
			return 2;
		}
		sqlite3_reset(person);
		sqlite3_reset(target);
		unsigned started = rng_below(100);
		if (started >= 97)
			continue;                     /* never opened the questionnaire */
		int submitted = started < 94;
		size_t items = q->role_item_count[role];
		for (size_t k = 0; k < items; k++) {
			unsigned a = rng_below(1000);
			answers[k] = a < 20 ? '2' : a < 250 ? '3' : '1';
			if (!submitted && k >= items / 2)
				answers[k] = '0';
		}
		answers[items] = 0;
		sqlite3_bind_text(response, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(response, 2, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(response, 3, answers, (int)items, SQLITE_STATIC);
		sqlite3_bind_int(response, 4, submitted ? (int)items : (int)(items / 2));
		if (submitted)
			sqlite3_bind_text(response, 5, "2026-10-02T09:00:00Z", -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(response, 5);
		if (sqlite3_step(response) != SQLITE_DONE) {
			fprintf(stderr, "aggregator-gen: %s\n", sqlite3_errmsg(db));
			return 2;
		}
		sqlite3_reset(response);
		if (!ans || !submitted || excluded)
			continue;
		for (size_t k = 0; k < items; k++) {
			sqlite3_bind_text(ans, 1, o, -1, SQLITE_STATIC);
			sqlite3_bind_text(ans, 2, code, -1, SQLITE_STATIC);
			sqlite3_bind_text(ans, 3, q->items[q->role_items[role][k]].id, -1, SQLITE_STATIC);
			sqlite3_bind_int(ans, 4, answers[k] - '0');
			sqlite3_step(ans);
			sqlite3_reset(ans);
		}
	}
	sqlite3_finalize(person);
	sqlite3_finalize(target);
	sqlite3_finalize(response);
	if (run(db, "COMMIT"))
		return 2;
	if (adb) {
		sqlite3_finalize(ans);
		if (run(adb, "COMMIT"))
			return 2;
		sqlite3_close(adb);
	}
	store_close(s);
	quest_free(q);
	free(qtext);
	free(qpath);
	free(spath);
	printf("%ld respondents over %zu items in %s\n", n, (size_t)40, dir);
	return 0;
}
