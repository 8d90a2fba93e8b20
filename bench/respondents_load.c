/*
 * respondents_load: many respondents answering at the same time, each in its own process with
 * its own connection to one ministry store, as respondents answering at once in line mode do.
 *
 *   respondents_load QUESTIONNAIRE DIR [PEOPLE [BUSY_LIMIT_MS [THINK_MS]]]
 *
 * Makes DIR/store.db for fiscal year 2026 with PEOPLE staff members (default 500) and their
 * login tokens, then starts PEOPLE processes that wait for one signal, log in, write every
 * answer of their sheet one by one (respondent_save: one transaction each, as the front ends
 * do) and submit. Each answer's time is measured around the write. Prints the number of
 * answers stored and refused, the time per answer (p50, p99, max), per login and per
 * submission, and checks the store afterwards: every answer and every submission there,
 * integrity_check ok. BUSY_LIMIT_MS sets how long a write may wait for the lock (default the
 * store's STORE_BUSY_LIMIT_MS); a write that waits longer fails with the store's message,
 * counted as refused. THINK_MS (default 0) is a pause before each answer, drawn uniformly from
 * 0 to twice it, as a person reading the question takes: without it every process competes
 * for the processor as well as for the store, which measures the machine's scheduling more
 * than the store. Exit status 0 when everything was stored, 1 otherwise.
 */
#include "core/diag.h"
#include "core/quest.h"
#include "core/store.h"
#include "survey/collect.h"
#include "survey/respondent.h"
#include "survey/roster.h"
#include "survey/token.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define YEAR 2026

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* What one respondent's process reports back, then its answer times. */
struct report {
	uint32_t answers, refused, login_us, submit_us;
	int submitted;
};

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3);
		p += n;
		len -= (size_t)n;
	}
}

/* One respondent: log in, answer everything, submit; the report and the times go to out. */
static int respond(const char *db, const char *id, const char *token, int busy_limit_ms, int think_ms, int out)
{
	unsigned seed = (unsigned)getpid();
	struct report rep = {0};
	struct store *s;
	struct quest *q;
	double t0 = now_us();
	if (store_open(db, STORE_EXISTING, &s))
		return 1;
	if (busy_limit_ms > 0)
		store_set_busy_limit(s, busy_limit_ms);
	if (store_year_quest(s, YEAR, &q) != 1)
		return 1;
	struct respondent r;
	if (respondent_login(s, YEAR, q, id, token, &r) != 1)
		return 1;
	rep.login_us = (uint32_t)(now_us() - t0);
	uint32_t *times = calloc(r.sheet.count + 1, sizeof *times);
	for (size_t i = 0; i < r.sheet.count; i++) {
		if (think_ms > 0)
			usleep((useconds_t)(rand_r(&seed) % (2 * think_ms * 1000 + 1)));
		sheet_set(&r.sheet, i, (char)('1' + i % 3));
		double a = now_us();
		int rc = respondent_save(&r, i);
		times[rep.answers + rep.refused] = (uint32_t)(now_us() - a);
		if (rc == 0) {
			rep.answers++;
		} else {
			rep.refused++;
			sheet_unset(&r.sheet, i);
		}
	}
	if (rep.refused == 0) {
		struct respondent_receipt receipt;
		double a = now_us();
		rep.submitted = respondent_submit(&r, &receipt) == 0;
		rep.submit_us = (uint32_t)(now_us() - a);
	}
	write_all(out, &rep, sizeof rep);
	write_all(out, times, (rep.answers + rep.refused) * sizeof *times);
	free(times);
	respondent_release(&r);
	quest_free(q);
	store_close(s);
	return 0;
}

static double pct(const uint32_t *sorted, size_t n, double p)
{
	if (n == 0)
		return 0;
	size_t k = (size_t)(p * (double)(n - 1) + 0.5);
	return sorted[k] / 1000.0;
}

int main(int argc, char **argv)
{
	diag_set_program("respondents_load");
	if (argc < 3) {
		fprintf(stderr, "usage: respondents_load QUESTIONNAIRE DIR [PEOPLE [BUSY_LIMIT_MS [THINK_MS]]]\n");
		return 2;
	}
	const char *quest_path = argv[1], *dir = argv[2];
	int people = argc > 3 ? atoi(argv[3]) : 500;
	int busy_limit_ms = argc > 4 ? atoi(argv[4]) : 0;
	int think_ms = argc > 5 ? atoi(argv[5]) : 0;
	if (people < 1 || people > 100000)
		return 2;
	char *db = xasprintf("%s/store.db", dir), *roster = xasprintf("%s/roster.csv", dir);
	FILE *f = fopen(roster, "w");
	if (!f)
		return 2;
	fprintf(f, "person_id,name,unit,role,status\n");
	for (int i = 0; i < people; i++)
		fprintf(f, "p%05d,職員 %d,負荷局/第%d課,staff,active\n", i, i, i % 20);
	if (fclose(f))
		return 2;
	fflush(stdout);
	if (collect_init(db, "bench", "負荷試験省", YEAR, quest_path, true))
		return 2;
	struct store *s;
	struct roster_options ro = {.encoding = CSVREAD_UTF8};
	if (store_open(db, STORE_EXISTING, &s) || roster_import(s, YEAR, roster, &ro))
		return 2;
	/* Tokens: drawn here and stored hashed, as 'survey tokens' does. */
	char (*tokens)[TOKEN_TEXT_SIZE] = xcalloc((size_t)people, sizeof *tokens);
	sqlite3_stmt *st;
	struct token_random rnd = {.left = 0};
	if (store_begin(s) || store_prepare(s, "UPDATE person SET token_hash = ?2 WHERE fiscal_year = 2026 AND person_id = ?1", &st))
		return 2;
	for (int i = 0; i < people; i++) {
		unsigned char hash[TOKEN_HASH_SIZE];
		char id[16];
		snprintf(id, sizeof id, "p%05d", i);
		if (token_generate(&rnd, tokens[i]) || token_hash(tokens[i], hash))
			return 2;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_TRANSIENT);
		if (store_step(s, st) != SQLITE_DONE)
			return 2;
	}
	sqlite3_finalize(st);
	if (store_commit(s))
		return 2;
	store_close(s);
	fflush(stdout);

	/* Every respondent waits on the gate until all are started. */
	int gate[2];
	if (pipe(gate))
		return 2;
	int (*results)[2] = xcalloc((size_t)people, sizeof *results);
	pid_t *pids = xcalloc((size_t)people, sizeof *pids);
	for (int i = 0; i < people; i++) {
		if (pipe(results[i]))
			return 2;
		pids[i] = fork();
		if (pids[i] < 0)
			return 2;
		if (pids[i] == 0) {
			close(gate[1]);
			close(results[i][0]);
			char c;
			while (read(gate[0], &c, 1) < 0 && errno == EINTR)
				;
			char id[16];
			snprintf(id, sizeof id, "p%05d", i);
			_exit(respond(db, id, tokens[i], busy_limit_ms, think_ms, results[i][1]));
		}
		close(results[i][1]);
	}
	close(gate[0]);
	double start = now_us();
	close(gate[1]);

	size_t cap = 1024, n = 0, logins = 0;
	uint32_t *times = xmalloc(cap * sizeof *times), *login = xcalloc((size_t)people, sizeof *login);
	uint32_t *submit = xcalloc((size_t)people, sizeof *submit);
	unsigned long long stored = 0, refused = 0, submitted = 0, lost = 0;
	for (int i = 0; i < people; i++) {
		struct report rep;
		FILE *in = fdopen(results[i][0], "rb");
		if (!in || fread(&rep, sizeof rep, 1, in) != 1) {
			lost++;
			if (in)
				fclose(in);
			continue;
		}
		size_t k = rep.answers + rep.refused;
		while (n + k > cap) {
			cap *= 2;
			times = xrealloc(times, cap * sizeof *times);
		}
		if (fread(times + n, sizeof *times, k, in) != k)
			lost++;
		fclose(in);
		n += k;
		stored += rep.answers;
		refused += rep.refused;
		submitted += (unsigned)rep.submitted;
		login[logins] = rep.login_us;
		submit[logins++] = rep.submit_us;
	}
	int failed_processes = 0;
	for (int i = 0; i < people; i++) {
		int status;
		waitpid(pids[i], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed_processes++;
	}
	double wall = (now_us() - start) / 1e6;
	qsort(times, n, sizeof *times, compare_u32);
	qsort(login, logins, sizeof *login, compare_u32);
	qsort(submit, logins, sizeof *submit, compare_u32);

	/* What the store holds now. */
	long long in_store = -1, submitted_in_store = -1;
	char integrity[64] = "?";
	if (store_open(db, STORE_READONLY, &s) == 0) {
		if (store_prepare(s, "SELECT coalesce(sum(answered), 0), count(submitted_at) FROM response"
				     " WHERE fiscal_year = 2026", &st) == 0 && store_step(s, st) == SQLITE_ROW) {
			in_store = sqlite3_column_int64(st, 0);
			submitted_in_store = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
		if (store_prepare(s, "PRAGMA integrity_check", &st) == 0 && store_step(s, st) == SQLITE_ROW)
			snprintf(integrity, sizeof integrity, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		store_close(s);
	}
	printf("%d respondents at once, %zu answers each, %d ms to think on average: %.1f s in all\n", people,
	       logins ? n / logins : 0, think_ms, wall);
	printf("answers: %llu stored, %llu refused (waited past the limit); %llu respondents submitted; "
	       "%d processes failed\n", stored, refused, submitted, failed_processes + (int)lost);
	printf("time per answer: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(times, n, 0.5), pct(times, n, 0.99),
	       n ? times[n - 1] / 1000.0 : 0);
	printf("time per login:  p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(login, logins, 0.5),
	       pct(login, logins, 0.99), logins ? login[logins - 1] / 1000.0 : 0);
	printf("time to submit:  p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(submit, logins, 0.5),
	       pct(submit, logins, 0.99), logins ? submit[logins - 1] / 1000.0 : 0);
	printf("store: %lld answers, %lld submitted sheets, integrity_check %s\n", in_store, submitted_in_store, integrity);
	bool ok = refused == 0 && lost == 0 && failed_processes == 0 && (long long)stored == in_store &&
		  submitted_in_store == people && strcmp(integrity, "ok") == 0;
	printf("%s\n", ok ? "every answer stored" : "NOT every answer was stored");
	return ok ? 0 : 1;
}
