/*
 * gen_survey_import: benchmark data for "survey import" — a roster and an answers CSV for
 * many staff members over a questionnaire.
 *
 *   gen_survey_import QUESTIONNAIRE OUTDIR [PEOPLE [SEED]]
 *
 * Writes OUTDIR/roster.csv (PEOPLE staff members, default 600000, in 200 units) and
 * OUTDIR/answers.csv: every tenth person answers all of the staff sheet, the others all
 * but the last nine items (about 40 answers each on a 49-item sheet). Answers are drawn
 * from a pseudo-random sequence fixed by SEED (default 1), so runs are reproducible and
 * another seed gives the same rows with other answers.
 */
#include "core/diag.h"
#include "core/quest.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

int main(int argc, char **argv)
{
	diag_set_program("gen_survey_import");
	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: gen_survey_import QUESTIONNAIRE OUTDIR [PEOPLE [SEED]]\n");
		return DIAG_EXIT_USAGE;
	}
	long people = argc >= 4 ? strtol(argv[3], NULL, 10) : 600000;
	uint64_t seed = argc >= 5 ? strtoull(argv[4], NULL, 10) : 1;
	struct quest *q;
	if (quest_load_file(argv[1], &q))
		return DIAG_EXIT_INPUT;
	size_t n = q->role_item_count[ROLE_STAFF];
	if (n == 0) {
		diag_error("%s binds no items to staff", argv[1]);
		quest_free(q);
		return DIAG_EXIT_INPUT;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/roster.csv", argv[2]);
	FILE *roster = fopen(path, "w");
	snprintf(path, sizeof path, "%s/answers.csv", argv[2]);
	FILE *answers = fopen(path, "w");
	if (!roster || !answers) {
		diag_error("cannot write into '%s'", argv[2]);
		quest_free(q);
		return DIAG_EXIT_INPUT;
	}
	static char buf1[1 << 20], buf2[1 << 20];
	setvbuf(roster, buf1, _IOFBF, sizeof buf1);
	setvbuf(answers, buf2, _IOFBF, sizeof buf2);
	fputs("person_id,name,unit,role,status\n", roster);
	fputs("person_id,role,item,answer\n", answers);
	uint64_t state = 0x9E3779B97F4A7C15ull * (seed | 1) + seed;
	unsigned long long rows = 0;
	for (long p = 1; p <= people; p++) {
		fprintf(roster, "P%07ld,職員%ld,本省/局%ld/課%ld,staff,active\n", p, p, p % 20, p % 200);
		size_t count = p % 10 == 0 || n < 10 ? n : n - 9;
		for (size_t k = 0; k < count; k++) {
			uint64_t r = next_random(&state) % 100;
			char a = r < 85 ? '1' : r < 95 ? '2' : '3';
			fprintf(answers, "P%07ld,staff,%s,%c\n", p, q->items[q->role_items[ROLE_STAFF][k]].id, a);
			rows++;
		}
	}
	int bad = fclose(roster) != 0;
	bad |= fclose(answers) != 0;
	fprintf(stderr, "gen_survey_import: %ld people, %llu answers (%zu staff items) in %s\n", people, rows, n,
		argv[2]);
	quest_free(q);
	return bad ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}
