/*
 * gen_survey_import: benchmark data for "survey import" — a roster and an answers CSV for
 * many people over a questionnaire, in one of several shapes.
 *
 *   gen_survey_import [--shape SHAPE] QUESTIONNAIRE OUTDIR [PEOPLE [SEED]]
 *
 * Writes OUTDIR/roster.csv (PEOPLE people, default 600000), OUTDIR/answers.csv and
 * OUTDIR/shape.txt, one "key=value" per line describing what was written: people (on the
 * roster), respondents (people with a role to answer), answers (rows of answers.csv),
 * submitting (respondents whose every sheet the file completes) and sheets (active targets).
 *
 * Shapes:
 *   staff10    (default) every person holds the staff role; every tenth answers the whole
 *              staff sheet, the others all but its last nine items; rows in person order.
 *   realistic  everyone is staff and some hold other roles too (about one in six holds two
 *              or more); a few staff roles are excluded; 98.5% of the people answer every
 *              item of every sheet, 1% about half of them, 0.5% nothing; people come in
 *              random order, in the roster and in the answers, and each person's rows
 *              (roles and items) in random order among themselves.
 *   shuffled   the people of realistic, with every answer row of the file in random order.
 *
 * Answers are drawn from a pseudo-random sequence fixed by SEED (default 1), so runs are
 * reproducible and another seed gives the same rows with other answers (staff10) or another
 * file of the same shape.
 */
#include "core/diag.h"
#include "core/quest.h"
#include "core/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum shape { SHAPE_STAFF10, SHAPE_REALISTIC, SHAPE_SHUFFLED };

static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static uint32_t below(uint64_t *state, uint32_t n)
{
	return (uint32_t)((next_random(state) >> 11) % n);
}

static char answer_code(uint64_t *state)
{
	uint64_t r = next_random(state) % 100;
	return r < 85 ? '1' : r < 95 ? '2' : '3';
}

/* What one person of a realistic roster holds and answers. */
struct plan {
	uint16_t roles;      /* held roles */
	uint16_t excluded;   /* of those, excluded (no duty) */
	uint8_t fate;        /* 0 answers everything, 1 about half, 2 nothing */
	uint8_t unit_a, unit_b;
};

/* Extra roles beside staff, with the chance (per mille) that a person holds each. */
static const struct {
	enum role role;
	unsigned per_mille;
} extras[] = {
	{ROLE_DIVISION_OFFICER, 80}, {ROLE_SYSTEM_OFFICER, 30}, {ROLE_SYSTEM_ADMIN, 30},
	{ROLE_SECURITY_OFFICER, 10}, {ROLE_AREA_OFFICER, 10},   {ROLE_INCIDENT_OFFICER, 5},
	{ROLE_SNS_OPERATOR, 5},
};

static void plan_person(uint64_t *st, long p, const struct quest *q, struct plan *out)
{
	memset(out, 0, sizeof *out);
	out->roles = 1u << ROLE_STAFF;
	for (size_t k = 0; k < sizeof extras / sizeof extras[0]; k++)
		if (below(st, 1000) < extras[k].per_mille)
			out->roles |= (uint16_t)(1u << extras[k].role);
	/* The organisation's few top officers. */
	if (p == 1)
		out->roles |= 1u << ROLE_CISO;
	if (p == 2)
		out->roles |= 1u << ROLE_AUDIT_OFFICER;
	if (p == 3)
		out->roles |= 1u << ROLE_CHIEF_OFFICER;
	for (int r = 0; r < ROLE_COUNT; r++)
		if (q->role_item_count[r] == 0)
			out->roles &= (uint16_t)~(1u << r);
	if (below(st, 1000) < 5)
		out->excluded = 1u << ROLE_STAFF;
	unsigned f = below(st, 1000);
	out->fate = f < 985 ? 0 : f < 995 ? 1 : 2;
	out->unit_a = (uint8_t)(p % 30 + 1);
	out->unit_b = (uint8_t)(below(st, 40) + 1);
}

/* One answer row packed: person index (32 bits), role (8), sheet position (16), code (8). */
static uint64_t pack_row(uint32_t person, int role, size_t pos, char code)
{
	return (uint64_t)person << 32 | (uint64_t)role << 24 | (uint64_t)pos << 8 | (uint8_t)code;
}

static void shuffle(uint64_t *a, size_t n, uint64_t *st)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(next_random(st) % i);
		uint64_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

static void put_row(FILE *f, const struct quest *q, uint64_t row)
{
	uint32_t person = (uint32_t)(row >> 32);
	int role = (int)(row >> 24 & 0xff);
	size_t pos = (size_t)(row >> 8 & 0xffff);
	fprintf(f, "P%07u,%s,%s,%c\n", person, role_info((enum role)role)->code,
		q->items[q->role_items[role][pos]].id, (char)(row & 0xff));
}

int main(int argc, char **argv)
{
	diag_set_program("gen_survey_import");
	enum shape shape = SHAPE_STAFF10;
	int arg = 1;
	if (argc > 2 && strcmp(argv[1], "--shape") == 0) {
		const char *name = argv[2];
		if (strcmp(name, "staff10") == 0)
			shape = SHAPE_STAFF10;
		else if (strcmp(name, "realistic") == 0)
			shape = SHAPE_REALISTIC;
		else if (strcmp(name, "shuffled") == 0)
			shape = SHAPE_SHUFFLED;
		else {
			diag_error("unknown shape '%s' (expected staff10, realistic or shuffled)", name);
			return DIAG_EXIT_USAGE;
		}
		arg = 3;
	}
	if (argc - arg < 2 || argc - arg > 4) {
		fprintf(stderr, "usage: gen_survey_import [--shape staff10|realistic|shuffled] QUESTIONNAIRE OUTDIR"
				" [PEOPLE [SEED]]\n");
		return DIAG_EXIT_USAGE;
	}
	const char *quest_path = argv[arg], *dir = argv[arg + 1];
	long people = argc - arg >= 3 ? strtol(argv[arg + 2], NULL, 10) : 600000;
	uint64_t seed = argc - arg >= 4 ? strtoull(argv[arg + 3], NULL, 10) : 1;
	if (people <= 0 || people > 9999999) {
		diag_error("PEOPLE must be between 1 and 9999999");
		return DIAG_EXIT_USAGE;
	}
	struct quest *q;
	if (quest_load_file(quest_path, &q))
		return DIAG_EXIT_INPUT;
	size_t n = q->role_item_count[ROLE_STAFF];
	if (n == 0) {
		diag_error("%s binds no items to staff", quest_path);
		quest_free(q);
		return DIAG_EXIT_INPUT;
	}
	char *path = xasprintf("%s/roster.csv", dir);
	FILE *roster = fopen(path, "w");
	free(path);
	path = xasprintf("%s/answers.csv", dir);
	FILE *answers = fopen(path, "w");
	free(path);
	if (!roster || !answers) {
		diag_error("cannot write into '%s'", dir);
		quest_free(q);
		return DIAG_EXIT_INPUT;
	}
	static char buf1[1 << 20], buf2[1 << 20];
	setvbuf(roster, buf1, _IOFBF, sizeof buf1);
	setvbuf(answers, buf2, _IOFBF, sizeof buf2);
	fputs("person_id,name,unit,role,status\n", roster);
	fputs("person_id,role,item,answer\n", answers);
	uint64_t state = 0x9E3779B97F4A7C15ull * (seed | 1) + seed;
	unsigned long long rows = 0, respondents = 0, submitting = 0, sheets = 0;

	if (shape == SHAPE_STAFF10) {
		for (long p = 1; p <= people; p++) {
			fprintf(roster, "P%07ld,職員%ld,本省/局%ld/課%ld,staff,active\n", p, p, p % 20, p % 200);
			size_t count = p % 10 == 0 || n < 10 ? n : n - 9;
			for (size_t k = 0; k < count; k++) {
				fprintf(answers, "P%07ld,staff,%s,%c\n", p, q->items[q->role_items[ROLE_STAFF][k]].id,
					answer_code(&state));
				rows++;
			}
			respondents++;
			sheets++;
			submitting += count == n;
		}
	} else {
		/* The people, planned in id order from their own sequence (the same people for
		 * realistic and shuffled); then the roster in a random order of the people. */
		uint64_t plan_state = 0x2545F4914F6CDD1Dull * (seed | 1);
		struct plan *plans = xcalloc((size_t)people + 1, sizeof *plans);
		for (long p = 1; p <= people; p++)
			plan_person(&plan_state, p, q, &plans[p]);
		uint64_t *order = xmalloc((size_t)people * sizeof *order);
		for (long p = 0; p < people; p++)
			order[p] = (uint64_t)(p + 1);
		shuffle(order, (size_t)people, &state);
		for (long i = 0; i < people; i++) {
			long p = (long)order[i];
			const struct plan *pl = &plans[p];
			for (int r = 0; r < ROLE_COUNT; r++)
				if (pl->roles & (1u << r))
					fprintf(roster, "P%07ld,職員%ld,本省/局%u/課%u,%s,%s\n", p, p, pl->unit_a, pl->unit_b,
						role_info((enum role)r)->code, pl->excluded & (1u << r) ? "excluded" : "active");
		}
		/* The answers: person by person in another random order, each person's rows mixed. */
		shuffle(order, (size_t)people, &state);
		uint64_t *all = NULL;
		size_t all_len = 0, all_cap = 0;
		uint64_t person_rows[16 * 256];
		for (long i = 0; i < people; i++) {
			long p = (long)order[i];
			const struct plan *pl = &plans[p];
			uint16_t active = pl->roles & (uint16_t)~pl->excluded;
			if (!active)
				continue;
			respondents++;
			size_t k = 0;
			for (int r = 0; r < ROLE_COUNT; r++) {
				if (!(active & (1u << r)))
					continue;
				sheets++;
				size_t items = q->role_item_count[r];
				size_t count = pl->fate == 0 ? items : pl->fate == 1 ? (items + 1) / 2 : 0;
				for (size_t pos = 0; pos < count && k < sizeof person_rows / sizeof person_rows[0]; pos++)
					person_rows[k++] = pack_row((uint32_t)p, r, pos, answer_code(&state));
			}
			submitting += pl->fate == 0;
			rows += k;
			if (shape == SHAPE_SHUFFLED) {
				if (all_len + k > all_cap) {
					all_cap = all_cap ? all_cap * 2 : (size_t)1 << 20;
					all = xrealloc(all, all_cap * sizeof *all);
				}
				memcpy(all + all_len, person_rows, k * sizeof *person_rows);
				all_len += k;
				continue;
			}
			shuffle(person_rows, k, &state);
			for (size_t j = 0; j < k; j++)
				put_row(answers, q, person_rows[j]);
		}
		if (shape == SHAPE_SHUFFLED) {
			shuffle(all, all_len, &state);
			for (size_t j = 0; j < all_len; j++)
				put_row(answers, q, all[j]);
			free(all);
		}
		free(order);
		free(plans);
	}
	int bad = fclose(roster) != 0;
	bad |= fclose(answers) != 0;
	path = xasprintf("%s/shape.txt", dir);
	FILE *f = fopen(path, "w");
	free(path);
	bad |= !f;
	if (f) {
		fprintf(f, "shape=%s\npeople=%ld\nrespondents=%llu\nsheets=%llu\nanswers=%llu\nsubmitting=%llu\n",
			shape == SHAPE_STAFF10 ? "staff10" : shape == SHAPE_REALISTIC ? "realistic" : "shuffled", people,
			respondents, sheets, rows, submitting);
		bad |= fclose(f) != 0;
	}
	fprintf(stderr, "gen_survey_import: %ld people, %llu answers (%zu staff items) in %s\n", people, rows, n, dir);
	quest_free(q);
	return bad ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}
