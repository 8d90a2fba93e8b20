/*
 * gen_h24: writes the FY2012 sample tally files (samples/h24/<code>.yaml), one per
 * organisation of the report, whose rates reproduce the figures the FY2012 annual report
 * published (tables 2-2 to 2-5 and the ministries' own figures) under the toolkit's
 * default method (docs: design §5).
 *
 * Usage: gen_h24 [-q QUESTIONNAIRE] OUTDIR
 *
 * The item ids, their roles and categories are tables here; they are checked against the
 * questionnaire (default questionnaires/nisc-2012.yaml, read with a plain line scan) before
 * anything is written, and a mismatch is an error.
 *
 * Method: headcounts per role are fixed tables; a plan gives each organisation target
 * rates; counts are derived from the plan, then adjusted one small step at a time by a
 * seeded search until every published figure is met; finally every figure is recomputed
 * with exact integer arithmetic and the program fails (exit 1) if any misses. Everything is
 * deterministic: the only randomness is a fixed-seed xorshift generator.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- roles, groups, categories --------------------------------------------------------- */

enum { R_CISO, R_AUDIT, R_CHIEF, R_SEC, R_DIV, R_AREA, R_INC, R_SYSO, R_SYSA, R_STAFF, NROLE };
enum { G_OFF, G_SYS, G_STAFF, G_ALL, NGRP };
enum { C_CREATE, C_USE, C_TRANSFER, C_PROVIDE, C_CRED, C_MALWARE, C_MGMT, C_SYSTEMS, NCAT };
#define NSTAFFCAT 6

static const char *const role_code[NROLE] = {
	"ciso", "audit_officer", "chief_officer", "security_officer", "division_officer",
	"area_officer", "incident_officer", "system_officer", "system_admin", "staff",
};
static const int role_group[NROLE] = {
	G_OFF, G_OFF, G_OFF, G_OFF, G_OFF, G_OFF, G_OFF, G_SYS, G_SYS, G_STAFF,
};
static const char *const group_code[NGRP] = { "officers", "system_officers", "staff", "all" };
static const char *const cat_code[NCAT] = {
	"info_create", "info_use", "info_transfer", "info_provide", "credentials", "malware",
	"management", "systems",
};

#define B(r) (1u << (r))

/* app: per mille of a role's respondents on whom the item's obligation usually arises;
 * diff: relative propensity of "not implemented" among the obligated. */
struct item_def {
	const char *id;
	unsigned roles;
	int cat;
	int app;
	int diff;
};

static const struct item_def items[] = {
	{ "S-01", B(R_STAFF), C_CREATE, 970, 3 },
	{ "S-02", B(R_STAFF), C_CREATE, 960, 4 },
	{ "S-03", B(R_STAFF), C_CREATE, 550, 3 },
	{ "S-04", B(R_STAFF), C_USE, 990, 1 },
	{ "S-05", B(R_STAFF), C_USE, 950, 2 },
	{ "S-06", B(R_STAFF), C_USE, 200, 3 },
	{ "S-07", B(R_STAFF), C_TRANSFER, 500, 3 },
	{ "S-08", B(R_STAFF), C_TRANSFER, 180, 3 },
	{ "S-09", B(R_STAFF), C_TRANSFER, 450, 2 },
	{ "S-10", B(R_STAFF), C_PROVIDE, 300, 2 },
	{ "S-11", B(R_STAFF), C_PROVIDE, 400, 4 },
	{ "S-12", B(R_STAFF), C_PROVIDE, 250, 3 },
	{ "S-13", B(R_STAFF), C_CRED, 990, 1 },
	{ "S-14", B(R_STAFF), C_CRED, 990, 3 },
	{ "S-15", B(R_STAFF), C_MALWARE, 700, 2 },
	{ "S-16", B(R_STAFF), C_MALWARE, 450, 2 },
	{ "S-17", B(R_STAFF), C_MALWARE, 40, 2 },
	{ "O-01", B(R_CISO), C_MGMT, 1000, 1 },
	{ "O-02", B(R_CISO), C_MGMT, 1000, 2 },
	{ "O-03", B(R_CISO) | B(R_CHIEF), C_MGMT, 1000, 1 },
	{ "O-04", B(R_AUDIT), C_MGMT, 1000, 1 },
	{ "O-05", B(R_AUDIT), C_MGMT, 1000, 2 },
	{ "O-06", B(R_CHIEF), C_MGMT, 1000, 2 },
	{ "O-07", B(R_CHIEF) | B(R_SEC), C_MGMT, 1000, 2 },
	{ "O-08", B(R_CHIEF), C_MGMT, 1000, 1 },
	{ "O-09", B(R_CHIEF) | B(R_SEC), C_MGMT, 500, 2 },
	{ "O-10", B(R_SEC) | B(R_DIV), C_MGMT, 980, 2 },
	{ "O-11", B(R_SEC) | B(R_DIV), C_MGMT, 250, 2 },
	{ "O-12", B(R_DIV), C_MGMT, 980, 3 },
	{ "O-13", B(R_DIV), C_MGMT, 450, 2 },
	{ "O-14", B(R_DIV), C_MGMT, 550, 3 },
	{ "O-15", B(R_AREA), C_MGMT, 1000, 2 },
	{ "O-16", B(R_AREA), C_MGMT, 700, 2 },
	{ "O-17", B(R_CHIEF) | B(R_INC), C_MGMT, 1000, 1 },
	{ "O-18", B(R_INC), C_MGMT, 400, 2 },
	{ "O-19", B(R_SEC) | B(R_INC), C_MGMT, 400, 2 },
	{ "Y-01", B(R_SYSO), C_SYSTEMS, 600, 2 },
	{ "Y-02", B(R_SYSO) | B(R_SYSA), C_SYSTEMS, 1000, 3 },
	{ "Y-03", B(R_SYSO) | B(R_SYSA), C_SYSTEMS, 1000, 3 },
	{ "Y-04", B(R_SYSA), C_SYSTEMS, 1000, 1 },
	{ "Y-05", B(R_SYSO), C_SYSTEMS, 400, 3 },
	{ "Y-06", B(R_SYSO) | B(R_SYSA), C_SYSTEMS, 950, 3 },
	{ "Y-07", B(R_SYSA), C_SYSTEMS, 1000, 2 },
	{ "Y-08", B(R_SYSA), C_SYSTEMS, 1000, 2 },
	{ "Y-09", B(R_SYSO) | B(R_SYSA), C_SYSTEMS, 550, 2 },
	{ "Y-10", B(R_SYSO), C_SYSTEMS, 550, 3 },
	{ "Y-11", B(R_SYSO), C_SYSTEMS, 650, 3 },
};
#define NITEM ((int)(sizeof items / sizeof items[0]))

/* ---- organisations ----------------------------------------------------------------------- */

/* How the plan treats an organisation's implementation counts.
 * K_PERFECT: grade A, not one "not implemented" anywhere (locked).
 * K_MOFA:    officers and system officers 100%, staff just below 100%.
 * K_BIG:     a large ministry: staff close to 100%, system officers carry most shortfalls.
 * K_CARRIER: staff shortfalls; few staff obligations arose, so that the officers' and system
 *            officers' answers weigh heavily in the organisation's pooled rate (the only way
 *            the published all-groups average can exceed the staff average, see README).
 */
enum kind { K_PERFECT, K_MOFA, K_BIG, K_CARRIER };

struct org_def {
	const char *code, *name, *name_en;
	int order;
	long targets[NROLE];       /* ciso audit chief sec div area inc | syso sysa | staff */
	enum kind kind;
	double grasp_def[3];       /* planned share of targets not submitted, % (O, Y, S) */
	double r_off, r_sys;       /* planned implementation rates, % */
	double r_cat[NSTAFFCAT];   /* planned staff rates by category, % */
	double staff_share;        /* K_CARRIER: planned share of staff answers among obligated */
};

#define SMALL_CATS { 83.4, 97.2, 87.5, 90.4, 92.5, 94.9 }
#define BIG_CATS { 99.4, 99.95, 99.7, 99.8, 99.9, 99.9 }
#define FULL_CATS { 100, 100, 100, 100, 100, 100 }

static const struct org_def orgs[] = {
	{ "cas", "内閣官房", "Cabinet Secretariat", 1,
	  { 1, 4, 1, 14, 80, 40, 3, 25, 60, 1050 }, K_CARRIER, { 0, 0, 0 }, 99.87, 99.5, SMALL_CATS, 0.30 },
	{ "clb", "内閣法制局", "Cabinet Legislation Bureau", 2,
	  { 1, 2, 1, 4, 12, 8, 1, 2, 4, 77 }, K_CARRIER, { 0, 0, 0 }, 99.87, 100, SMALL_CATS, 0.30 },
	{ "jinji", "人事院", "National Personnel Authority", 3,
	  { 1, 3, 1, 10, 48, 24, 2, 8, 20, 640 }, K_CARRIER, { 0, 0, 0.3 }, 99.87, 100, SMALL_CATS, 0.30 },
	{ "cao", "内閣府", "Cabinet Office", 4,
	  { 1, 5, 1, 20, 160, 60, 4, 40, 110, 2350 }, K_PERFECT, { 0, 0, 0 }, 100, 100, FULL_CATS, 0 },
	{ "kunaicho", "宮内庁", "Imperial Household Agency", 5,
	  { 1, 3, 1, 8, 52, 26, 2, 6, 15, 1010 }, K_CARRIER, { 0, 0, 0 }, 99.87, 100, SMALL_CATS, 0.30 },
	{ "jftc", "公正取引委員会", "Japan Fair Trade Commission", 6,
	  { 1, 3, 1, 8, 50, 14, 2, 6, 18, 820 }, K_CARRIER, { 0, 0, 0 }, 99.87, 100, SMALL_CATS, 0.30 },
	{ "npa", "警察庁", "National Police Agency", 7,
	  { 1, 8, 1, 30, 300, 150, 10, 60, 200, 7800 }, K_PERFECT, { 0, 0, 0 }, 100, 100, FULL_CATS, 0 },
	{ "fsa", "金融庁", "Financial Services Agency", 8,
	  { 1, 4, 1, 12, 92, 22, 3, 20, 50, 1560 }, K_CARRIER, { 0, 0, 0 }, 99.87, 99.5, SMALL_CATS, 0.30 },
	{ "caa", "消費者庁", "Consumer Affairs Agency", 9,
	  { 1, 2, 1, 6, 30, 8, 2, 4, 10, 320 }, K_PERFECT, { 0, 0, 0 }, 100, 100, FULL_CATS, 0 },
	{ "reconstruction", "復興庁", "Reconstruction Agency", 10,
	  { 1, 3, 1, 6, 55, 30, 4, 0, 0, 482 }, K_CARRIER, { 26.5, 0, 20.46 }, 100, 100,
	  { 75, 93, 82, 85, 90, 91 }, 0.30 },
	{ "mic", "総務省", "Ministry of Internal Affairs and Communications", 11,
	  { 1, 6, 1, 25, 250, 120, 8, 70, 180, 4900 }, K_BIG, { 0, 0.4, 0.8 }, 99.2, 94.5, BIG_CATS, 0 },
	{ "moj", "法務省", "Ministry of Justice", 12,
	  { 1, 20, 1, 60, 2500, 1800, 60, 120, 500, 52000 }, K_PERFECT, { 0, 0, 0 }, 100, 100, FULL_CATS, 0 },
	{ "mofa", "外務省", "Ministry of Foreign Affairs", 13,
	  { 1, 8, 1, 30, 350, 230, 5, 60, 400, 5800 }, K_MOFA, { 0, 0, 0 }, 100, 100,
	  { 99.9, 100, 100, 100, 100, 100 }, 0 },
	{ "mof", "財務省", "Ministry of Finance", 14,
	  { 1, 25, 1, 80, 3600, 2000, 80, 150, 800, 71000 }, K_BIG, { 0, 0, 0 }, 99.2, 94.4, BIG_CATS, 0 },
	{ "mext", "文部科学省", "Ministry of Education, Culture, Sports, Science and Technology", 15,
	  { 1, 5, 1, 15, 140, 40, 3, 40, 90, 2150 }, K_BIG, { 0, 0, 0 }, 99.2, 95.6, BIG_CATS, 0 },
	{ "mhlw", "厚生労働省", "Ministry of Health, Labour and Welfare", 16,
	  { 1, 20, 1, 70, 2000, 900, 40, 120, 600, 32000 }, K_BIG, { 0, 0, 0 }, 99.2, 95.0, BIG_CATS, 0 },
	{ "maff", "農林水産省", "Ministry of Agriculture, Forestry and Fisheries", 17,
	  { 1, 15, 1, 50, 1400, 700, 30, 90, 400, 21500 }, K_BIG, { 0, 0.4, 0.6 }, 99.2, 94.3, BIG_CATS, 0 },
	{ "meti", "経済産業省", "Ministry of Economy, Trade and Industry", 18,
	  { 1, 10, 1, 30, 480, 200, 10, 80, 300, 8100 }, K_BIG, { 0.3, 1.0, 3.2 }, 99.2, 94.6, BIG_CATS, 0 },
	{ "mlit", "国土交通省", "Ministry of Land, Infrastructure, Transport and Tourism", 19,
	  { 1, 25, 1, 90, 3800, 2000, 90, 200, 900, 59000 }, K_BIG, { 0, 0, 0 }, 99.2, 94.7, BIG_CATS, 0 },
	{ "env", "環境省", "Ministry of the Environment", 20,
	  { 1, 5, 1, 18, 130, 40, 4, 25, 60, 2000 }, K_CARRIER, { 1.0, 1.2, 3.9 }, 98.0, 95.6,
	  { 80, 97, 90, 92, 95, 96 }, 0.60 },
	{ "mod", "防衛省", "Ministry of Defense", 21,
	  { 1, 40, 1, 150, 12000, 6000, 200, 600, 3000, 268000 }, K_PERFECT, { 0, 0, 0 }, 100, 100, FULL_CATS, 0 },
};
#define NORG ((int)(sizeof orgs / sizeof orgs[0]))

/* ---- published figures -------------------------------------------------------------------- */

/* Values in tenths of a percent, as printed. */
static const int pub_grasp[NGRP] = { 987, 998, 986, 985 };   /* 表２-２ */
static const int pub_impl[NGRP] = { 996, 979, 968, 989 };    /* 表２-３, FY2012 column */
static const int pub_cat[NSTAFFCAT] = { 929, 987, 950, 961, 971, 979 };  /* 表２-４ */
/* 表２-５: grasp and implementation grade per organisation, report order. */
static const char pub_grade[NORG][2] = {
	{ 'A', 'B' }, { 'A', 'B' }, { 'B', 'B' }, { 'A', 'A' }, { 'A', 'B' }, { 'A', 'B' },
	{ 'A', 'A' }, { 'A', 'B' }, { 'A', 'A' }, { 'C', 'B' }, { 'B', 'B' }, { 'A', 'A' },
	{ 'A', 'B' }, { 'A', 'B' }, { 'A', 'B' }, { 'A', 'B' }, { 'B', 'B' }, { 'B', 'B' },
	{ 'A', 'B' }, { 'B', 'B' }, { 'A', 'A' },
};

/* ---- state --------------------------------------------------------------------------------- */

struct org_state {
	long T[NROLE], U[NROLE];
	long A[NROLE][NITEM];      /* obligated: implemented + not implemented */
	long N[NROLE][NITEM];      /* not implemented */
};

static struct org_state st[NORG];
/* K_CARRIER: the share of staff respondents on whom each item's obligation arose, relative
 * to the item's usual share (items[].app); the search moves it, keeping the items' profile. */
static double staff_scale[NORG];

static int org_index(const char *code)
{
	for (int o = 0; o < NORG; o++)
		if (strcmp(orgs[o].code, code) == 0)
			return o;
	fprintf(stderr, "gen_h24: internal error: no organisation '%s'\n", code);
	exit(1);
}

static int binds(int item, int role) { return (items[item].roles & B(role)) != 0; }

/* ---- deterministic PRNG ------------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static long rng_below(long n) { return n <= 1 ? 0 : (long)(rng_next() % (uint64_t)n); }

/* ---- questionnaire check --------------------------------------------------------------------- */

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static int role_from(const char *s, size_t len)
{
	for (int r = 0; r < NROLE; r++)
		if (strlen(role_code[r]) == len && strncmp(role_code[r], s, len) == 0)
			return r;
	return -1;
}

/* The questionnaire's items must be exactly this table's: same ids in the same order, same
 * roles, same categories. Item keys are recognised by their indentation-independent prefix;
 * the scan relies on the file's plain block style (one key per line, roles as a flow list). */
static int check_questionnaire(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "gen_h24: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	char line[4096];
	int n = -1, errors = 0, lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		chomp(line);
		const char *p = skip_spaces(line);
		if (strncmp(p, "- id:", 5) == 0) {
			n++;
			const char *id = skip_spaces(p + 5);
			if (n >= NITEM || strcmp(id, items[n].id) != 0) {
				fprintf(stderr, "gen_h24: %s:%d: item '%s' is not the table's item %d (%s)\n",
				        path, lineno, id, n + 1, n < NITEM ? items[n].id : "none");
				errors++;
			}
		} else if (strncmp(p, "roles:", 6) == 0 && n >= 0 && n < NITEM) {
			const char *s = strchr(p, '[');
			const char *e = s ? strchr(s, ']') : NULL;
			unsigned mask = 0;
			if (s && e) {
				s++;
				while (s < e) {
					s = skip_spaces(s);
					const char *t = s;
					while (t < e && *t != ',' && *t != ' ')
						t++;
					int r = role_from(s, (size_t)(t - s));
					if (r < 0)
						mask |= 1u << 31;
					else
						mask |= B(r);
					s = t;
					while (s < e && (*s == ',' || *s == ' '))
						s++;
				}
			}
			if (mask != items[n].roles) {
				fprintf(stderr, "gen_h24: %s:%d: roles of %s differ from the table\n", path,
				        lineno, items[n].id);
				errors++;
			}
		} else if (strncmp(p, "category:", 9) == 0 && n >= 0 && n < NITEM) {
			const char *c = skip_spaces(p + 9);
			if (strcmp(c, cat_code[items[n].cat]) != 0) {
				fprintf(stderr, "gen_h24: %s:%d: category of %s is '%s', the table says '%s'\n",
				        path, lineno, items[n].id, c, cat_code[items[n].cat]);
				errors++;
			}
		}
	}
	fclose(f);
	if (n + 1 != NITEM) {
		fprintf(stderr, "gen_h24: %s has %d items, the table %d\n", path, n + 1, NITEM);
		errors++;
	}
	return errors ? -1 : 0;
}

/* ---- summaries (floating point, for the search only) ---------------------------------------- */

struct summary {
	double grasp[NGRP];        /* % ; NAN when the group has no targets */
	double impl[NGRP];
	double cat[NSTAFFCAT];
	long nsum[NGRP];           /* not implemented per group */
	double min_sys_item;       /* lowest pooled system-officer item rate, % */
};

static double pct(long num, long den) { return den > 0 ? 100.0 * (double)num / (double)den : NAN; }

static void summarise(int o, struct summary *s)
{
	const struct org_state *x = &st[o];
	long T[NGRP] = { 0 }, U[NGRP] = { 0 }, A[NGRP] = { 0 }, N[NGRP] = { 0 };
	long cA[NSTAFFCAT] = { 0 }, cN[NSTAFFCAT] = { 0 };
	s->min_sys_item = 100.0;
	for (int r = 0; r < NROLE; r++) {
		int g = role_group[r];
		T[g] += x->T[r];
		U[g] += x->U[r];
		for (int i = 0; i < NITEM; i++) {
			if (!binds(i, r))
				continue;
			A[g] += x->A[r][i];
			N[g] += x->N[r][i];
			if (g == G_STAFF && items[i].cat < NSTAFFCAT) {
				cA[items[i].cat] += x->A[r][i];
				cN[items[i].cat] += x->N[r][i];
			}
		}
	}
	for (int i = 0; i < NITEM; i++) {
		long a = x->A[R_SYSO][i] * binds(i, R_SYSO) + x->A[R_SYSA][i] * binds(i, R_SYSA);
		long n = x->N[R_SYSO][i] * binds(i, R_SYSO) + x->N[R_SYSA][i] * binds(i, R_SYSA);
		if (a > 0 && pct(a - n, a) < s->min_sys_item)
			s->min_sys_item = pct(a - n, a);
	}
	for (int g = 0; g < G_ALL; g++) {
		T[G_ALL] += T[g];
		U[G_ALL] += U[g];
		A[G_ALL] += A[g];
		N[G_ALL] += N[g];
	}
	for (int g = 0; g < NGRP; g++) {
		s->grasp[g] = T[g] > 0 ? pct(U[g], T[g]) : NAN;
		s->impl[g] = T[g] > 0 ? pct(A[g] - N[g], A[g]) : NAN;
		s->nsum[g] = N[g];
	}
	for (int c = 0; c < NSTAFFCAT; c++)
		s->cat[c] = pct(cA[c] - cN[c], cA[c]);
}

static struct summary sum[NORG];

/* Distance of x from [lo, hi). */
static double outside(double x, double lo, double hi)
{
	if (isnan(x))
		return 1000.0;
	if (x < lo)
		return lo - x;
	if (x >= hi)
		return x - hi + 1e-9;
	return 0.0;
}

/* A printed one-decimal value v (tenths) holds the exact values in [v-0.05, v+0.05); the
 * search aims inside a margin so that the exact check is not decided by a hair. */
static double outside_printed(double x, int tenths, double margin)
{
	return outside(x, tenths / 10.0 - 0.05 + margin, tenths / 10.0 + 0.05 - margin);
}

static double mean_over(int metric, int g)
{
	double total = 0;
	int n = 0;
	for (int o = 0; o < NORG; o++) {
		double v = metric == 0 ? sum[o].grasp[g] : metric == 1 ? sum[o].impl[g] : sum[o].cat[g];
		if (metric < 2 && isnan(sum[o].grasp[g]))
			continue;  /* no targets in the group: not in the mean */
		total += v;
		n++;
	}
	return total / n;
}

static double grade_penalty(double x, char grade)
{
	switch (grade) {
	case 'A': return x < 100.0 ? 100.0 - x + 1.0 : 0.0;
	case 'B': return outside(x, 80.0, 100.0 - 1e-9);
	case 'C': return outside(x, 60.0, 80.0);
	default: return outside(x, 0.0, 60.0);
	}
}

#define MEAN_MARGIN 0.004
#define ORG_MARGIN 0.0005

static double penalty_grasp(void)
{
	double p = 0;
	for (int g = 0; g < NGRP; g++)
		p += 10 * outside_printed(mean_over(0, g), pub_grasp[g], MEAN_MARGIN);
	for (int o = 0; o < NORG; o++)
		p += grade_penalty(sum[o].grasp[G_ALL], pub_grade[o][0]);
	p += outside_printed(sum[org_index("reconstruction")].grasp[G_ALL], 785, ORG_MARGIN);
	p += outside_printed(sum[org_index("env")].grasp[G_ALL], 964, ORG_MARGIN);
	p += outside_printed(sum[org_index("meti")].grasp[G_ALL], 970, ORG_MARGIN);
	return p;
}

static double penalty_impl(void)
{
	double p = 0;
	for (int g = 0; g < NGRP; g++)
		p += 10 * outside_printed(mean_over(1, g), pub_impl[g], MEAN_MARGIN);
	for (int c = 0; c < NSTAFFCAT; c++)
		p += 10 * outside_printed(mean_over(2, c), pub_cat[c], MEAN_MARGIN);
	for (int o = 0; o < NORG; o++) {
		p += grade_penalty(sum[o].impl[G_ALL], pub_grade[o][1]);
		if (pub_grade[o][1] == 'B' && sum[o].nsum[G_ALL] == 0)
			p += 1.0;
		/* keep every organisation's groups and categories in a believable range */
		for (int g = 0; g < G_ALL; g++)
			if (!isnan(sum[o].impl[g]))
				p += outside(sum[o].impl[g], 80.0, 1000.0);
		for (int c = 0; c < NSTAFFCAT; c++)
			p += outside(sum[o].cat[c], 60.0, 1000.0);
	}
	int rc = org_index("reconstruction"), env = org_index("env"), mofa = org_index("mofa");
	p += outside_printed(sum[rc].impl[G_STAFF], 866, ORG_MARGIN);
	p += outside_printed(sum[env].impl[G_OFF], 980, ORG_MARGIN);
	p += outside_printed(sum[env].impl[G_SYS], 956, ORG_MARGIN);
	p += outside_printed(sum[env].impl[G_STAFF], 910, ORG_MARGIN);
	p += outside(sum[mofa].impl[G_STAFF], 99.85, 100.0 - 1e-9);
	for (int g = 0; g < G_ALL; g++) {
		p += outside(sum[org_index("mext")].impl[g], 95.0, 1000.0);
		p += outside(sum[org_index("mlit")].impl[g], 90.0 + 1e-6, 1000.0);
		p += outside(sum[org_index("meti")].impl[g], 90.0 + 1e-6, 1000.0);
	}
	p += outside(sum[org_index("mhlw")].min_sys_item, 90.0, 1000.0);
	return p;
}

/* ---- plan --------------------------------------------------------------------------------- */

/* Largest-remainder split of total over weights w[0..n). */
static void split(long total, const double *w, long *out, int n)
{
	double wsum = 0;
	for (int k = 0; k < n; k++)
		wsum += w[k];
	long given = 0;
	double rem[64];
	for (int k = 0; k < n; k++) {
		double share = wsum > 0 ? (double)total * w[k] / wsum : 0;
		out[k] = (long)floor(share);
		rem[k] = share - (double)out[k];
		given += out[k];
	}
	while (given < total) {
		int best = -1;
		for (int k = 0; k < n; k++)
			if (w[k] > 0 && (best < 0 || rem[k] > rem[best]))
				best = k;
		if (best < 0)
			break;
		out[best]++;
		rem[best] = -1;
		given++;
	}
}

static void plan_grasp(int o)
{
	const struct org_def *d = &orgs[o];
	struct org_state *x = &st[o];
	for (int r = 0; r < NROLE; r++)
		x->T[r] = x->U[r] = d->targets[r];
	for (int g = 0; g < 3; g++) {
		if (d->grasp_def[g] <= 0)
			continue;
		double w[NROLE];
		long miss[NROLE], T = 0;
		for (int r = 0; r < NROLE; r++) {
			w[r] = role_group[r] == g ? (double)d->targets[r] : 0;
			T += role_group[r] == g ? d->targets[r] : 0;
		}
		split(lround((double)T * d->grasp_def[g] / 100.0), w, miss, NROLE);
		for (int r = 0; r < NROLE; r++)
			x->U[r] -= miss[r];
	}
}

static void distribute_not_implemented(int o, unsigned role_mask, int cat, double rate)
{
	struct org_state *x = &st[o];
	double w[NROLE * NITEM];
	long out[NROLE * NITEM];
	long A = 0;
	int k = 0;
	for (int r = 0; r < NROLE; r++)
		for (int i = 0; i < NITEM; i++, k++) {
			int in = (role_mask & B(r)) && binds(i, r) && (cat < 0 || items[i].cat == cat);
			w[k] = in ? (double)x->A[r][i] * items[i].diff : 0;
			A += in ? x->A[r][i] : 0;
		}
	long total = lround((double)A * (100.0 - rate) / 100.0);
	/* split() handles at most 64 weights; spread in two passes over (role, item) instead */
	double wsum = 0;
	for (k = 0; k < NROLE * NITEM; k++)
		wsum += w[k];
	if (wsum <= 0 || total <= 0)
		return;
	long given = 0;
	for (k = 0; k < NROLE * NITEM; k++) {
		out[k] = (long)floor((double)total * w[k] / wsum);
		given += out[k];
	}
	for (k = 0; given < total && k < NROLE * NITEM; k++)
		if (w[k] > 0) {
			out[k]++;
			given++;
		}
	k = 0;
	for (int r = 0; r < NROLE; r++)
		for (int i = 0; i < NITEM; i++, k++)
			if (w[k] > 0) {
				long a = x->A[r][i];
				x->N[r][i] = out[k] > a ? a : out[k];
			}
}

/* Staff obligations at scale times each item's usual share; not-implemented counts keep
 * their rate within each item. */
static void set_staff_obligations(int o, double scale)
{
	struct org_state *x = &st[o];
	for (int i = 0; i < NITEM; i++) {
		if (!binds(i, R_STAFF))
			continue;
		long a = lround((double)x->U[R_STAFF] * items[i].app / 1000.0 * scale);
		if (a < 1)
			a = 1;
		if (a > x->U[R_STAFF])
			a = x->U[R_STAFF];
		long old = x->A[R_STAFF][i];
		long n = old > 0 ? lround((double)x->N[R_STAFF][i] * (double)a / (double)old) : 0;
		x->A[R_STAFF][i] = a;
		x->N[R_STAFF][i] = n > a ? a : n;
	}
}

static void plan_impl(int o)
{
	const struct org_def *d = &orgs[o];
	struct org_state *x = &st[o];
	long nonstaff = 0, natural = 0;
	for (int r = 0; r < NROLE; r++)
		for (int i = 0; i < NITEM; i++) {
			x->A[r][i] = x->N[r][i] = 0;
			if (!binds(i, r))
				continue;
			long a = lround((double)x->U[r] * items[i].app / 1000.0);
			if (a == 0 && x->U[r] > 0 && items[i].app >= 500)
				a = 1;
			x->A[r][i] = a;
			if (r == R_STAFF)
				natural += a;
			else
				nonstaff += a;
		}
	if (d->kind == K_CARRIER) {
		/* scale the staff obligations so that staff answers are staff_share of the pool */
		double want = d->staff_share / (1.0 - d->staff_share) * (double)nonstaff;
		staff_scale[o] = natural > 0 ? want / (double)natural : 0;
		set_staff_obligations(o, staff_scale[o]);
	}
	if (d->kind == K_PERFECT)
		return;
	for (int c = 0; c < NSTAFFCAT; c++)
		distribute_not_implemented(o, B(R_STAFF), c, d->r_cat[c]);
	unsigned off = B(R_CISO) | B(R_AUDIT) | B(R_CHIEF) | B(R_SEC) | B(R_DIV) | B(R_AREA) | B(R_INC);
	distribute_not_implemented(o, off, -1, d->r_off);
	distribute_not_implemented(o, B(R_SYSO) | B(R_SYSA), -1, d->r_sys);
}

/* ---- search ------------------------------------------------------------------------------- */

/* May the search change the not-implemented counts of org o, role r? */
static int n_adjustable(int o, int r)
{
	const struct org_def *d = &orgs[o];
	if (d->kind == K_PERFECT)
		return 0;
	if (d->kind == K_MOFA)
		return r == R_STAFF;
	if (strcmp(d->code, "reconstruction") == 0)
		return r == R_STAFF;   /* its officers' rate is published as 100% */
	return 1;
}

static long step_size(long limit)
{
	int bits = (int)rng_below(12);
	long s = 1L << bits;
	if (s > limit)
		s = limit > 0 ? limit : 1;
	return 1 + rng_below(s);
}

static int search_grasp(void)
{
	static const char *const movable[] = { "jinji", "reconstruction", "mic", "maff", "meti", "env" };
	for (int o = 0; o < NORG; o++)
		summarise(o, &sum[o]);
	double cur = penalty_grasp();
	for (long it = 0; it < 400000 && cur > 0; it++) {
		int o = org_index(movable[rng_below(6)]);
		int r = (int)rng_below(NROLE);
		struct org_state *x = &st[o];
		if (x->T[r] == 0)
			continue;
		long d = step_size(x->T[r] / 20 + 1) * (rng_below(2) ? 1 : -1);
		long u = x->U[r] + d;
		if (u < x->T[r] / 2 || u > x->T[r])
			continue;
		long old = x->U[r];
		struct summary keep = sum[o];
		x->U[r] = u;
		summarise(o, &sum[o]);
		double p = penalty_grasp();
		if (p < cur || (p == cur && rng_below(2))) {
			cur = p;
		} else {
			x->U[r] = old;
			sum[o] = keep;
		}
	}
	return cur > 0 ? -1 : 0;
}

static struct org_state best_st[NORG];

static double rng_unit(void) { return (double)(rng_next() >> 11) / 9007199254740992.0; }

/* Simulated annealing over the not-implemented counts (and, for carriers, the staff
 * obligations): a slightly worse state is accepted now and then so that the search can
 * leave a corner where every single step would break another figure. */
static int search_impl(void)
{
	for (int o = 0; o < NORG; o++)
		summarise(o, &sum[o]);
	double cur = penalty_impl(), best = cur;
	const long iterations = 6000000;
	/* the (organisation, role, item) cells the search may touch */
	static int cells[NORG * NROLE * NITEM][3];
	int ncells = 0;
	for (int o = 0; o < NORG; o++)
		for (int r = 0; r < NROLE; r++)
			for (int i = 0; i < NITEM; i++)
				if (binds(i, r) && st[o].U[r] > 0 &&
				    (n_adjustable(o, r) || (orgs[o].kind == K_CARRIER && r == R_STAFF))) {
					cells[ncells][0] = o;
					cells[ncells][1] = r;
					cells[ncells][2] = i;
					ncells++;
				}
	memcpy(best_st, st, sizeof st);
	for (long it = 0; it < iterations && best > 0; it++) {
		double temp = 0.02 * pow(1e-4, (double)it / (double)iterations);
		const int *cell = cells[rng_below(ncells)];
		int o = cell[0], r = cell[1], i = cell[2];
		struct org_state *x = &st[o];
		int carrier_staff = orgs[o].kind == K_CARRIER && r == R_STAFF;
		int move_scale = carrier_staff && rng_below(4) == 0;
		int move_a = !carrier_staff && rng_below(10) == 0;
		if (!move_scale && !move_a && !n_adjustable(o, r))
			continue;
		long oldA = x->A[r][i], oldN = x->N[r][i];
		long saveA[NITEM], saveN[NITEM];
		double old_scale = staff_scale[o];
		if (move_scale) {
			memcpy(saveA, x->A[R_STAFF], sizeof saveA);
			memcpy(saveN, x->N[R_STAFF], sizeof saveN);
			staff_scale[o] *= 1.0 + (rng_unit() - 0.5) * 0.2;
			set_staff_obligations(o, staff_scale[o]);
		} else if (move_a) {
			/* shift answers between obligated and not applicable, keeping the item's rate */
			long d = step_size(x->U[r] / 8 + 1) * (rng_below(2) ? 1 : -1);
			long a = oldA + d;
			if (a < 1 || a > x->U[r])
				continue;
			long n = oldA > 0 ? lround((double)oldN * (double)a / (double)oldA) : 0;
			x->A[r][i] = a;
			x->N[r][i] = n > a ? a : n;
		} else {
			long d = step_size(oldA / 8 + 1) * (rng_below(2) ? 1 : -1);
			long n = oldN + d;
			if (n < 0 || n > oldA)
				continue;
			x->N[r][i] = n;
		}
		struct summary keep = sum[o];
		summarise(o, &sum[o]);
		double p = penalty_impl();
		if (p <= cur || rng_unit() < exp(-(p - cur) / temp)) {
			cur = p;
			if (cur < best) {
				best = cur;
				memcpy(best_st, st, sizeof st);
			}
		} else if (move_scale) {
			staff_scale[o] = old_scale;
			memcpy(x->A[R_STAFF], saveA, sizeof saveA);
			memcpy(x->N[R_STAFF], saveN, sizeof saveN);
			sum[o] = keep;
		} else {
			x->A[r][i] = oldA;
			x->N[r][i] = oldN;
			sum[o] = keep;
		}
	}
	memcpy(st, best_st, sizeof st);
	for (int o = 0; o < NORG; o++)
		summarise(o, &sum[o]);
	return best > 0 ? -1 : 0;
}

/* ---- exact verification -------------------------------------------------------------------- */

typedef unsigned __int128 u128;
#define SCALE_DIGITS 28

static u128 pow10_128(int k)
{
	u128 v = 1;
	while (k-- > 0)
		v *= 10;
	return v;
}

/* Printed value in tenths of a percent of the exact fraction num/den, half up, never
 * showing a grade threshold (100, 80, 60) that the exact value does not reach. */
static int print_tenths(long num, long den)
{
	u128 n = (u128)num, d = (u128)den;
	int t = (int)((2000 * n + d) / (2 * d));
	if (t >= 1000 && n < d)
		t = 999;
	else if (t == 800 && 5 * n < 4 * d)
		t = 799;
	else if (t == 600 && 5 * n < 3 * d)
		t = 599;
	return t;
}

/* Exact sum of percent values 100·num/den, scaled by 10^SCALE_DIGITS, bracketed [lo, hi]. */
struct bracket { u128 lo, hi; int n; };

static void bracket_add(struct bracket *b, long num, long den)
{
	u128 scaled = (u128)100 * (u128)num * pow10_128(SCALE_DIGITS);
	u128 q = scaled / (u128)den;
	b->lo += q;
	b->hi += q + (scaled % (u128)den != 0);
	b->n++;
}

static int mean_tenths_of(u128 x, int n)
{
	u128 unit = pow10_128(SCALE_DIGITS);
	u128 t = (20 * x + (u128)n * unit) / (2 * (u128)n * unit);
	int v = (int)t;
	if (v >= 1000 && x < (u128)n * 100 * unit)
		v = 999;
	else if (v == 800 && x < (u128)n * 80 * unit)
		v = 799;
	else if (v == 600 && x < (u128)n * 60 * unit)
		v = 599;
	return v;
}

/* Printed unweighted mean, or -1 when the bracket straddles a printing boundary. */
static int mean_tenths(const struct bracket *b)
{
	int a = mean_tenths_of(b->lo, b->n), c = mean_tenths_of(b->hi, b->n);
	return a == c ? a : -1;
}

struct counts { long T, U, A, N; };

static struct counts group_counts(int o, int g, int cat)
{
	struct counts c = { 0, 0, 0, 0 };
	for (int r = 0; r < NROLE; r++) {
		if (g != G_ALL && role_group[r] != g)
			continue;
		c.T += st[o].T[r];
		c.U += st[o].U[r];
		for (int i = 0; i < NITEM; i++)
			if (binds(i, r) && (cat < 0 || items[i].cat == cat)) {
				c.A += st[o].A[r][i];
				c.N += st[o].N[r][i];
			}
	}
	return c;
}

static char grade_of(long num, long den)
{
	if (num == den)
		return 'A';
	if (5 * num >= 4 * den)
		return 'B';
	if (5 * num >= 3 * den)
		return 'C';
	return 'D';
}

static int failures;

static void report(const char *what, int computed, int published)
{
	int ok = computed == published;
	printf("%-46s %6.1f %6.1f  %s\n", what, computed / 10.0, published / 10.0, ok ? "ok" : "MISSED");
	failures += !ok;
}

static void report_cond(const char *what, const char *value, int ok)
{
	printf("%-46s %13s  %s\n", what, value, ok ? "ok" : "MISSED");
	failures += !ok;
}

static int verify(void)
{
	char what[128], val[64];
	failures = 0;
	/* consistency of the counts */
	for (int o = 0; o < NORG; o++)
		for (int r = 0; r < NROLE; r++) {
			if (st[o].U[r] < 0 || st[o].U[r] > st[o].T[r])
				failures++;
			for (int i = 0; i < NITEM; i++)
				if (binds(i, r) && (st[o].N[r][i] < 0 || st[o].N[r][i] > st[o].A[r][i] ||
				                    st[o].A[r][i] > st[o].U[r]))
					failures++;
		}
	report_cond("counts consistent (N<=A<=submitted<=targets)", failures ? "no" : "yes", !failures);

	printf("%-46s %6s %6s\n", "figure", "comp.", "publ.");
	for (int g = 0; g < NGRP; g++) {
		struct bracket b = { 0, 0, 0 };
		for (int o = 0; o < NORG; o++) {
			struct counts c = group_counts(o, g, -1);
			if (c.T > 0)
				bracket_add(&b, c.U, c.T);
		}
		snprintf(what, sizeof what, "2-2 grasp %s (mean of %d)", group_code[g], b.n);
		report(what, mean_tenths(&b), pub_grasp[g]);
	}
	for (int g = 0; g < NGRP; g++) {
		struct bracket b = { 0, 0, 0 };
		for (int o = 0; o < NORG; o++) {
			struct counts c = group_counts(o, g, -1);
			if (c.T > 0)
				bracket_add(&b, c.A - c.N, c.A);
		}
		snprintf(what, sizeof what, "2-3 implementation %s (mean of %d)", group_code[g], b.n);
		report(what, mean_tenths(&b), pub_impl[g]);
	}
	for (int k = 0; k < NSTAFFCAT; k++) {
		struct bracket b = { 0, 0, 0 };
		for (int o = 0; o < NORG; o++) {
			struct counts c = group_counts(o, G_STAFF, k);
			bracket_add(&b, c.A - c.N, c.A);
		}
		snprintf(what, sizeof what, "2-4 staff %s", cat_code[k]);
		report(what, mean_tenths(&b), pub_cat[k]);
	}
	for (int o = 0; o < NORG; o++) {
		struct counts c = group_counts(o, G_ALL, -1);
		char gg = grade_of(c.U, c.T), gi = grade_of(c.A - c.N, c.A);
		snprintf(what, sizeof what, "2-5 %s grades (grasp %.1f, impl %.1f)", orgs[o].code,
		         print_tenths(c.U, c.T) / 10.0, print_tenths(c.A - c.N, c.A) / 10.0);
		snprintf(val, sizeof val, "%c%c vs %c%c", gg, gi, pub_grade[o][0], pub_grade[o][1]);
		report_cond(what, val, gg == pub_grade[o][0] && gi == pub_grade[o][1]);
	}
	struct { const char *org; int grasp; int g; int tenths; } pubs[] = {
		{ "reconstruction", 1, G_ALL, 785 }, { "reconstruction", 0, G_OFF, 1000 },
		{ "reconstruction", 0, G_STAFF, 866 },
		{ "env", 1, G_ALL, 964 }, { "env", 0, G_OFF, 980 }, { "env", 0, G_SYS, 956 },
		{ "env", 0, G_STAFF, 910 }, { "meti", 1, G_ALL, 970 },
		{ "cao", 1, G_ALL, 1000 }, { "cao", 0, G_OFF, 1000 }, { "cao", 0, G_SYS, 1000 },
		{ "cao", 0, G_STAFF, 1000 },
		{ "mofa", 1, G_ALL, 1000 }, { "mofa", 0, G_OFF, 1000 }, { "mofa", 0, G_SYS, 1000 },
		{ "caa", 0, G_ALL, 1000 }, { "npa", 1, G_ALL, 1000 }, { "npa", 0, G_ALL, 1000 },
		{ "mext", 1, G_ALL, 1000 }, { "mlit", 1, G_OFF, 1000 }, { "mlit", 1, G_SYS, 1000 },
		{ "mlit", 1, G_STAFF, 1000 },
	};
	for (size_t k = 0; k < sizeof pubs / sizeof pubs[0]; k++) {
		int o = org_index(pubs[k].org);
		struct counts c = group_counts(o, pubs[k].g, -1);
		snprintf(what, sizeof what, "%s %s %s", pubs[k].org, pubs[k].grasp ? "grasp" : "implementation",
		         group_code[pubs[k].g]);
		report(what, pubs[k].grasp ? print_tenths(c.U, c.T) : print_tenths(c.A - c.N, c.A),
		       pubs[k].tenths);
	}
	{
		int o = org_index("mofa");
		struct counts c = group_counts(o, G_STAFF, -1);
		snprintf(val, sizeof val, "%.1f", print_tenths(c.A - c.N, c.A) / 10.0);
		report_cond("mofa implementation staff just below 100", val, c.N > 0 && 1000 * (c.A - c.N) >= 995 * c.A);
	}
	static const char *const high[] = { "mext", "mlit", "meti" };
	for (int k = 0; k < 3; k++) {
		int o = org_index(high[k]);
		for (int g = 0; g < G_ALL; g++) {
			struct counts c = group_counts(o, g, -1);
			int ok = k == 0 ? 100 * (c.A - c.N) >= 95 * c.A : 100 * (c.A - c.N) > 90 * c.A;
			snprintf(what, sizeof what, "%s implementation %s %s", high[k], group_code[g], k == 0 ? ">= 95" : "> 90");
			snprintf(val, sizeof val, "%.1f", print_tenths(c.A - c.N, c.A) / 10.0);
			report_cond(what, val, ok);
		}
	}
	{
		/* attainment: items with an obligated answer whose pooled rate reaches the threshold */
		int o = org_index("mhlw"), reach = 0, counted = 0;
		for (int i = 0; i < NITEM; i++) {
			long a = 0, n = 0;
			for (int r = R_SYSO; r <= R_SYSA; r++)
				if (binds(i, r)) {
					a += st[o].A[r][i];
					n += st[o].N[r][i];
				}
			if (a == 0)
				continue;
			counted++;
			reach += 100 * (a - n) >= 90 * a;
		}
		snprintf(val, sizeof val, "%d/%d", reach, counted);
		report_cond("mhlw system officers attainment(90%) = 100%", val, reach == counted);
		o = org_index("caa");
		reach = counted = 0;
		for (int r = 0; r < NROLE; r++)
			for (int i = 0; i < NITEM; i++)
				if (binds(i, r) && st[o].A[r][i] > 0) {
					counted++;
					reach += st[o].N[r][i] == 0;
				}
		snprintf(val, sizeof val, "%d/%d", reach, counted);
		report_cond("caa attainment(100%) = 100%", val, reach == counted);
	}
	printf("%d figure(s) missed\n", failures);
	return failures ? -1 : 0;
}

/* ---- output ------------------------------------------------------------------------------- */

static int write_org(const char *dir, int o)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.yaml", dir, orgs[o].code);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen_h24: cannot create '%s': %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "# Sample tally: generated by samples/generate/gen_h24.c; do not edit by hand.\n");
	fprintf(f, "format: selfcheck-tally/1\nfiscal_year: 2012\norganization:\n");
	fprintf(f, "  code: %s\n  name: %s\n  name_en: \"%s\"\n  order: %d\n", orgs[o].code,
	        orgs[o].name, orgs[o].name_en, orgs[o].order);
	fprintf(f, "questionnaire: nisc-2012\nroles:\n");
	for (int r = 0; r < NROLE; r++) {
		if (st[o].T[r] == 0)
			continue;
		fprintf(f, "  %s:\n    targets: %ld\n    submitted: %ld\n    items:\n", role_code[r],
		        st[o].T[r], st[o].U[r]);
		for (int i = 0; i < NITEM; i++) {
			if (!binds(i, r))
				continue;
			long a = st[o].A[r][i], n = st[o].N[r][i];
			fprintf(f, "      %s: {implemented: %ld, not_implemented: %ld, not_applicable: %ld}\n",
			        items[i].id, a - n, n, st[o].U[r] - a);
		}
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "gen_h24: cannot write '%s': %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *quest = "questionnaires/nisc-2012.yaml";
	const char *outdir = NULL;
	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "-q") == 0 && k + 1 < argc)
			quest = argv[++k];
		else if (argv[k][0] == '-' || outdir) {
			fprintf(stderr, "usage: gen_h24 [-q QUESTIONNAIRE] OUTDIR\n");
			return 1;
		} else
			outdir = argv[k];
	}
	if (!outdir) {
		fprintf(stderr, "usage: gen_h24 [-q QUESTIONNAIRE] OUTDIR\n");
		return 1;
	}
	if (check_questionnaire(quest) != 0)
		return 2;

	for (int o = 0; o < NORG; o++)
		plan_grasp(o);
	if (search_grasp() != 0)
		fprintf(stderr, "gen_h24: the grasp search did not meet every target\n");
	for (int o = 0; o < NORG; o++)
		plan_impl(o);
	if (search_impl() != 0)
		fprintf(stderr, "gen_h24: the implementation search did not meet every target\n");
	if (verify() != 0) {
		fprintf(stderr, "gen_h24: published figures not reproduced; nothing written\n");
		return 1;
	}
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen_h24: cannot create '%s': %s\n", outdir, strerror(errno));
		return 2;
	}
	for (int o = 0; o < NORG; o++)
		if (write_org(outdir, o) != 0)
			return 2;
	return 0;
}
