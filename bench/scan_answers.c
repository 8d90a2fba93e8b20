/*
 * scan_answers: the bare C anchor of the benchmarks — reads every packed answer row of a
 * store's year through SQLite and counts the answers by code, with nothing else around it.
 *
 *   scan_answers STORE YEAR
 *
 * Prints "ROWS rows, ANSWERS answers: 1 N1, 2 N2, 3 N3, other NO, unanswered N0" (other: a
 * choice item's codes). It is what any tally of the answers must at least do, so the time it
 * takes is the floor the aggregator's and the import's times are set beside.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: scan_answers STORE YEAR\n");
		return 2;
	}
	sqlite3 *db;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "scan_answers: %s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT answers FROM response WHERE fiscal_year = ?1", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "scan_answers: %s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_bind_int(st, 1, atoi(argv[2]));
	unsigned long long count[256] = {0}, rows = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *a = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		for (int i = 0; i < n; i++)
			count[a[i]]++;
		rows++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "scan_answers: %s: reading failed\n", argv[1]);
		return 1;
	}
	unsigned long long other = 0, answers = 0;
	for (int c = 0; c < 256; c++) {
		if (c != '0')
			answers += count[c];
		if (c != '0' && c != '1' && c != '2' && c != '3')
			other += count[c];
	}
	printf("%llu rows, %llu answers: 1 %llu, 2 %llu, 3 %llu, other %llu, unanswered %llu\n", rows, answers,
	       count['1'], count['2'], count['3'], other, count['0']);
	return 0;
}
