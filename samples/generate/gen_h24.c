/*
 * gen_h24: writes the FY2012 sample tally files (samples/h24/<code>.yaml, format
 * selfcheck-tally/2), one per organisation of the report, whose rates reproduce the figures
 * the FY2012 annual report published (tables 2-2 to 2-5 and the ministries' own figures)
 * under the toolkit's method `nisc` (samples/README.md states the definitions).
 *
 * Usage: gen_h24 [-q QUESTIONNAIRE] OUTDIR
 *
 * The item ids, their roles and categories are tables here; they are checked against the
 * questionnaire (default questionnaires/nisc-2012.yaml, read with a plain line scan) before
 * anything is written, and a mismatch is an error (exit 2).
 *
 * Method: headcounts per role are fixed tables; a plan gives each organisation its
 * submission shortfalls, how often each staff category's duties arise there and the rates
 * of its roles and staff categories; counts are derived from the plan, then adjusted one
 * small step at a time by a seeded search until every published figure is met while no
 * group's answers are more than 38% "not applicable". Then the counts are shown to come from
 * real sheets and people: every role's sheets are built one by one (who had which duty,
 * who left which one undone), every person of the roster is placed, and the attainment and
 * person counts are read off them. Finally every figure is recomputed with exact integer
 * arithmetic and the program fails (exit 1, nothing written) if any misses. Everything is
 * deterministic: the only randomness is a fixed-seed xorshift generator.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "samples/generate/gen.h"

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

/* app: per mille of a role's respondents on whom the item's duty usually arises in the
 * period; lo, hi: the range an organisation may have (per mille); diff: relative propensity
 * of "not implemented" among the obligated. */
struct item_def {
	const char *id;
	unsigned roles;
	int cat;
	int app, lo, hi;
	int diff;
};

static const struct item_def items[] = {
	{ "S-01", B(R_STAFF), C_CREATE, 720, 550, 950, 4 },
	{ "S-02", B(R_STAFF), C_CREATE, 680, 500, 950, 5 },
	{ "S-03", B(R_STAFF), C_CREATE, 400, 250, 700, 3 },
	{ "S-18", B(R_STAFF), C_CREATE, 450, 250, 750, 4 },
	{ "S-04", B(R_STAFF), C_USE, 1000, 1000, 1000, 1 },
	{ "S-05", B(R_STAFF), C_USE, 990, 950, 1000, 3 },
	{ "S-06", B(R_STAFF), C_USE, 415, 200, 600, 3 },
	{ "S-19", B(R_STAFF), C_USE, 930, 850, 1000, 3 },
	{ "S-20", B(R_STAFF), C_USE, 300, 120, 550, 3 },
	{ "S-21", B(R_STAFF), C_USE, 980, 950, 1000, 1 },
	{ "S-07", B(R_STAFF), C_TRANSFER, 700, 350, 900, 3 },
	{ "S-08", B(R_STAFF), C_TRANSFER, 250, 100, 450, 3 },
	{ "S-09", B(R_STAFF), C_TRANSFER, 550, 250, 800, 2 },
	{ "S-22", B(R_STAFF), C_TRANSFER, 880, 700, 1000, 2 },
	{ "S-23", B(R_STAFF), C_TRANSFER, 280, 100, 550, 3 },
	{ "S-10", B(R_STAFF), C_PROVIDE, 350, 150, 600, 2 },
	{ "S-11", B(R_STAFF), C_PROVIDE, 550, 250, 800, 4 },
	{ "S-12", B(R_STAFF), C_PROVIDE, 300, 120, 550, 3 },
	{ "S-24", B(R_STAFF), C_PROVIDE, 700, 400, 920, 3 },
	{ "S-25", B(R_STAFF), C_PROVIDE, 300, 120, 550, 2 },
	{ "S-13", B(R_STAFF), C_CRED, 1000, 990, 1000, 1 },
	{ "S-14", B(R_STAFF), C_CRED, 995, 980, 1000, 3 },
	{ "S-26", B(R_STAFF), C_CRED, 750, 500, 950, 2 },
	{ "S-27", B(R_STAFF), C_CRED, 100, 40, 250, 3 },
	{ "S-28", B(R_STAFF), C_CRED, 920, 800, 1000, 3 },
	{ "S-15", B(R_STAFF), C_MALWARE, 950, 800, 1000, 2 },
	{ "S-16", B(R_STAFF), C_MALWARE, 880, 650, 980, 2 },
	{ "S-17", B(R_STAFF), C_MALWARE, 130, 50, 250, 2 },
	{ "S-29", B(R_STAFF), C_MALWARE, 1000, 980, 1000, 1 },
	{ "S-30", B(R_STAFF), C_MALWARE, 990, 960, 1000, 1 },
	{ "O-01", B(R_CISO), C_MGMT, 1000, 1000, 1000, 1 },
	{ "O-02", B(R_CISO), C_MGMT, 1000, 1000, 1000, 2 },
	{ "O-03", B(R_CISO) | B(R_CHIEF), C_MGMT, 1000, 1000, 1000, 1 },
	{ "O-04", B(R_AUDIT), C_MGMT, 1000, 1000, 1000, 1 },
	{ "O-05", B(R_AUDIT), C_MGMT, 950, 800, 1000, 2 },
	{ "O-06", B(R_CHIEF), C_MGMT, 1000, 1000, 1000, 2 },
	{ "O-07", B(R_CHIEF) | B(R_SEC), C_MGMT, 1000, 900, 1000, 2 },
	{ "O-08", B(R_CHIEF), C_MGMT, 1000, 1000, 1000, 1 },
	{ "O-09", B(R_CHIEF) | B(R_SEC), C_MGMT, 600, 300, 900, 2 },
	{ "O-10", B(R_SEC) | B(R_DIV), C_MGMT, 1000, 1000, 1000, 2 },
	{ "O-11", B(R_SEC) | B(R_DIV), C_MGMT, 350, 150, 600, 2 },
	{ "O-12", B(R_DIV), C_MGMT, 980, 950, 1000, 3 },
	{ "O-13", B(R_DIV), C_MGMT, 550, 300, 800, 2 },
	{ "O-14", B(R_DIV), C_MGMT, 650, 400, 850, 3 },
	{ "O-15", B(R_AREA), C_MGMT, 1000, 1000, 1000, 2 },
	{ "O-16", B(R_AREA), C_MGMT, 750, 500, 950, 2 },
	{ "O-17", B(R_CHIEF) | B(R_INC), C_MGMT, 1000, 1000, 1000, 1 },
	{ "O-18", B(R_INC), C_MGMT, 500, 200, 800, 2 },
	{ "O-19", B(R_SEC) | B(R_INC), C_MGMT, 500, 200, 800, 2 },
	{ "Y-01", B(R_SYSO), C_SYSTEMS, 650, 400, 850, 2 },
	{ "Y-02", B(R_SYSO) | B(R_SYSA), C_SYSTEMS, 1000, 1000, 1000, 3 },
	{ "Y-03", B(R_SYSO) | B(R_SYSA), C_SYSTEMS, 1000, 950, 1000, 3 },
	{ "Y-04", B(R_SYSA), C_SYSTEMS, 1000, 950, 1000, 1 },
	{ "Y-05", B(R_SYSO), C_SYSTEMS, 450, 200, 700, 3 },
	{ "Y-06", B(R_SYSO) | B(R_SYSA), C_SYSTEMS, 950, 800, 1000, 3 },
	{ "Y-07", B(R_SYSA), C_SYSTEMS, 1000, 950, 1000, 2 },
	{ "Y-08", B(R_SYSA), C_SYSTEMS, 1000, 950, 1000, 2 },
	{ "Y-09", B(R_SYSO) | B(R_SYSA), C_SYSTEMS, 600, 350, 850, 2 },
	{ "Y-10", B(R_SYSO), C_SYSTEMS, 600, 350, 850, 3 },
	{ "Y-11", B(R_SYSO), C_SYSTEMS, 650, 400, 850, 3 },
};
#define NITEM ((int)(sizeof items / sizeof items[0]))

/* ---- organisations ----------------------------------------------------------------------- */

/* K_PERFECT: grade A, not one "not implemented" anywhere (locked).
 * K_MOFA:    officers and system officers 100%, staff just below 100%.
 * K_NORMAL:  shortfalls anywhere except the CISO and the chief officer. */
enum kind { K_PERFECT, K_MOFA, K_NORMAL };

struct org_def {
	const char *code, *name, *name_en;
	int order;
	long targets[NROLE];          /* ciso audit chief sec div area inc | syso sysa | staff */
	enum kind kind;
	double grasp_def[3];          /* planned share of targets not submitted, % (O, Y, S) */
	double r_off, r_sys;          /* planned rates of the officer and system-officer roles, % */
	double f_cat[NSTAFFCAT];      /* staff: how often each category's duties arise, x usual */
	double r_cat[NSTAFFCAT];      /* staff: planned rate of each category, % */
};

#define USUAL { 1, 1, 1, 1, 1, 1 }
#define FULL { 100, 100, 100, 100, 100, 100 }

/* Staff profiles: an organisation's weak categories are mostly duties that arise for fewer of
 * its staff there (a ministry that moves much information outside, say, has it in routine
 * and gets it right; where it is rare, people get it wrong). */
static const struct org_def orgs[] = {
	{ "cas", "内閣官房", "Cabinet Secretariat", 1,
	  { 1, 4, 1, 14, 80, 40, 3, 25, 60, 1050 }, K_NORMAL, { 0, 0, 0 }, 99.4, 97.0,
	  { 1.00, 0.98, 0.72, 1.23, 0.99, 1.05 }, { 89.5, 99.9, 93.8, 99.7, 98.6, 98.3 } },
	{ "clb", "内閣法制局", "Cabinet Legislation Bureau", 2,
	  { 1, 2, 1, 4, 12, 8, 1, 2, 4, 77 }, K_NORMAL, { 0, 0, 0 }, 99.6, 97.5,
	  { 1.23, 1.01, 0.52, 1.09, 1.00, 1.10 }, { 92.8, 99.9, 86.7, 96.2, 97.8, 99.2 } },
	{ "jinji", "人事院", "National Personnel Authority", 3,
	  { 1, 3, 1, 10, 48, 24, 2, 8, 20, 640 }, K_NORMAL, { 0, 0, 0.9 }, 99.5, 97.5,
	  { 1.03, 1.01, 0.59, 1.26, 1.00, 1.04 }, { 88.2, 99.9, 88.6, 99.8, 97.9, 99.9 } },
	{ "cao", "内閣府", "Cabinet Office", 4,
	  { 1, 5, 1, 20, 160, 60, 4, 40, 110, 2350 }, K_PERFECT, { 0, 0, 0 }, 100, 100, USUAL, FULL },
	{ "kunaicho", "宮内庁", "Imperial Household Agency", 5,
	  { 1, 3, 1, 8, 52, 26, 2, 6, 15, 1010 }, K_NORMAL, { 0, 0, 0 }, 99.5, 97.0,
	  { 0.89, 1.01, 1.12, 0.79, 1.00, 1.06 }, { 89.7, 98.7, 99.2, 91.6, 97.8, 97.9 } },
	{ "jftc", "公正取引委員会", "Japan Fair Trade Commission", 6,
	  { 1, 3, 1, 8, 50, 14, 2, 6, 18, 820 }, K_NORMAL, { 0, 0, 0 }, 99.6, 97.5,
	  { 0.95, 1.00, 0.79, 1.31, 1.00, 1.05 }, { 88.9, 97.6, 94.4, 98.3, 98.4, 99.6 } },
	{ "npa", "警察庁", "National Police Agency", 7,
	  { 1, 8, 1, 30, 300, 150, 10, 60, 200, 7800 }, K_PERFECT, { 0, 0, 0 }, 100, 100, USUAL, FULL },
	{ "fsa", "金融庁", "Financial Services Agency", 8,
	  { 1, 4, 1, 12, 92, 22, 3, 20, 50, 1560 }, K_NORMAL, { 0, 0, 0 }, 99.5, 97.0,
	  { 1.30, 1.01, 0.50, 1.12, 1.00, 1.00 }, { 97.4, 99.9, 84.1, 98.5, 96.0, 95.1 } },
	{ "caa", "消費者庁", "Consumer Affairs Agency", 9,
	  { 1, 2, 1, 6, 30, 8, 2, 4, 10, 320 }, K_PERFECT, { 0, 0, 0 }, 100, 100, USUAL, FULL },
	{ "reconstruction", "復興庁", "Reconstruction Agency", 10,
	  { 1, 3, 1, 6, 55, 30, 4, 0, 0, 480 }, K_NORMAL, { 26.0, 0, 19.2 }, 100, 100,
	  { 0.81, 1.01, 1.14, 0.95, 1.00, 1.01 }, { 75.1, 91.2, 87.2, 85.6, 89.0, 87.0 } },
	{ "mic", "総務省", "Ministry of Internal Affairs and Communications", 11,
	  { 1, 6, 1, 25, 250, 120, 8, 70, 180, 4900 }, K_NORMAL, { 0, 0.4, 1.1 }, 99.4, 96.5,
	  { 0.90, 1.00, 1.23, 0.67, 1.00, 1.05 }, { 92.3, 98.7, 99.3, 91.5, 95.7, 98.1 } },
	{ "moj", "法務省", "Ministry of Justice", 12,
	  { 1, 20, 1, 60, 2500, 1800, 60, 120, 500, 52000 }, K_PERFECT, { 0, 0, 0 }, 100, 100, USUAL, FULL },
	{ "mofa", "外務省", "Ministry of Foreign Affairs", 13,
	  { 1, 8, 1, 30, 350, 230, 5, 60, 400, 5800 }, K_MOFA, { 0, 0, 0 }, 100, 100,
	  USUAL, { 99.85, 100, 100, 100, 100, 100 } },
	{ "mof", "財務省", "Ministry of Finance", 14,
	  { 1, 25, 1, 80, 3600, 2000, 80, 150, 800, 71000 }, K_NORMAL, { 0, 0, 0 }, 99.5, 97.0,
	  { 1.19, 0.99, 0.54, 1.16, 1.00, 1.02 }, { 95.3, 99.6, 87.3, 99.4, 95.5, 97.9 } },
	{ "mext", "文部科学省", "Ministry of Education, Culture, Sports, Science and Technology", 15,
	  { 1, 5, 1, 15, 140, 40, 3, 40, 90, 2150 }, K_NORMAL, { 0, 0, 0 }, 99.6, 97.5,
	  { 1.02, 1.02, 1.25, 0.67, 1.00, 0.91 }, { 92.9, 99.9, 98.5, 92.6, 95.6, 95.1 } },
	{ "mhlw", "厚生労働省", "Ministry of Health, Labour and Welfare", 16,
	  { 1, 20, 1, 70, 2000, 900, 40, 120, 600, 32000 }, K_NORMAL, { 0, 0, 0 }, 99.4, 96.8,
	  { 0.93, 1.02, 1.27, 0.55, 0.99, 1.06 }, { 91.1, 99.0, 99.9, 90.3, 92.6, 99.4 } },
	{ "maff", "農林水産省", "Ministry of Agriculture, Forestry and Fisheries", 17,
	  { 1, 15, 1, 50, 1400, 700, 30, 90, 400, 21500 }, K_NORMAL, { 0, 0.4, 1.0 }, 99.5, 97.0,
	  { 1.30, 1.01, 0.62, 0.76, 1.00, 1.10 }, { 97.3, 99.9, 90.9, 96.3, 94.7, 95.8 } },
	{ "meti", "経済産業省", "Ministry of Economy, Trade and Industry", 18,
	  { 1, 10, 1, 30, 480, 200, 10, 80, 300, 8100 }, K_NORMAL, { 0.3, 1.3, 2.8 }, 99.6, 97.5,
	  { 0.93, 0.99, 1.13, 0.78, 0.99, 1.05 }, { 87.4, 98.9, 99.4, 90.1, 99.7, 99.9 } },
	{ "mlit", "国土交通省", "Ministry of Land, Infrastructure, Transport and Tourism", 19,
	  { 1, 25, 1, 90, 3800, 2000, 90, 200, 900, 59000 }, K_NORMAL, { 0, 0, 0 }, 99.5, 97.0,
	  { 0.92, 1.01, 0.68, 1.38, 1.00, 1.01 }, { 89.4, 98.9, 91.5, 98.4, 99.3, 97.7 } },
	{ "env", "環境省", "Ministry of the Environment", 20,
	  { 1, 5, 1, 18, 130, 40, 4, 25, 60, 2000 }, K_NORMAL, { 1.0, 1.5, 3.4 }, 98.0, 95.6,
	  { 0.86, 1.01, 1.22, 0.98, 1.00, 1.03 }, { 83.7, 90.8, 94.3, 89.7, 90.5, 95.0 } },
	{ "mod", "防衛省", "Ministry of Defense", 21,
	  { 1, 40, 1, 150, 12000, 6000, 200, 600, 3000, 268000 }, K_PERFECT, { 0, 0, 0 }, 100, 100, USUAL, FULL },
};
#define NORG ((int)(sizeof orgs / sizeof orgs[0]))

/* How an officer role's shortfall compares with the plan's officer rate (per cent of it). */
static const int off_mult[R_INC + 1] = { 0, 160, 0, 160, 90, 90, 160 };

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
/* 復興庁's staff attainment (persons), thresholds 100 / 95 / 90 %. */
static const int pub_rc_att[3] = { 669, 726, 783 };

/* ---- the focused inspection (重点検査) ---------------------------------------------------- */

enum { K_WEB, K_MAIL, K_DOMAIN, K_NET, NKIND };
static const char *const kind_code[NKIND] = { "web_server", "mail_server", "mail_domain", "network" };

/* na: per mille of a kind's systems for which the item usually does not apply (no encrypted
 * service, static pages only, no information whose availability matters, no mail received);
 * rate: the government-wide rate table 2-7 printed (whole percent, systems pooled). */
static const struct { const char *id; int kind, na, rate; } ins_items[] = {
	{ "W-01", K_WEB, 120, 95 }, { "W-02", K_WEB, 120, 96 }, { "W-03", K_WEB, 330, 97 },
	{ "W-04", K_WEB, 580, 91 }, { "W-05", K_WEB, 580, 93 }, { "W-06", K_WEB, 580, 92 },
	{ "W-07", K_WEB, 580, 97 }, { "W-08", K_WEB, 0, 100 }, { "W-09", K_WEB, 0, 100 },
	{ "M-01", K_MAIL, 0, 100 }, { "M-02", K_MAIL, 0, 100 }, { "D-01", K_DOMAIN, 90, 78 },
	{ "N-01", K_NET, 0, 100 }, { "N-02", K_NET, 0, 95 }, { "N-03", K_NET, 0, 99 },
};
#define NINS ((int)(sizeof ins_items / sizeof ins_items[0]))

/* Systems per organisation at the reference date (report order): public web servers, mail
 * servers, mail domains (subdomains included) and networks. About 660 web and 930 mail servers
 * in all, as the report counted; 復興庁 ran no systems of its own. */
static const int ins_systems[][NKIND] = {
	{ 28, 18, 10, 5 }, { 2, 2, 1, 1 },     { 6, 8, 3, 2 },     { 45, 30, 18, 5 },  { 4, 4, 2, 2 },
	{ 5, 6, 2, 2 },    { 22, 60, 8, 7 },   { 12, 10, 4, 3 },   { 6, 4, 3, 1 },     { 0, 0, 0, 0 },
	{ 48, 52, 16, 7 }, { 38, 120, 14, 8 }, { 40, 45, 12, 8 },  { 52, 110, 20, 9 }, { 46, 24, 10, 4 },
	{ 70, 95, 22, 7 }, { 55, 70, 15, 5 },  { 68, 40, 14, 5 },  { 75, 150, 24, 9 }, { 26, 20, 8, 3 },
	{ 14, 60, 6, 9 },
};
static const long pub_web_servers = 660, pub_mail_servers = 930;   /* 約660台, 約930台 */

/* obligated (implemented + not implemented) and not implemented, per organisation and item */
static long ins_A[sizeof ins_systems / sizeof ins_systems[0]][NINS], ins_N[sizeof ins_systems / sizeof ins_systems[0]][NINS];

/* What ministries wrote about their own shortfalls, as items some respondents left undone:
 * 内閣官房 (division heads who did not see that their staff were trained; area officers who
 * had not yet decided their areas' controls; system documents missing; gaps in the records
 * of patching), 国土交通省 (procedures not documented; staff weak on handling by class and
 * on scanning outside media), 財務省 (staff short on system use and information handling). */
static const struct { const char *org; int role; const char *item; } statements[] = {
	{ "cas", R_DIV, "O-10" }, { "cas", R_AREA, "O-15" }, { "cas", R_SYSO, "Y-02" },
	{ "cas", R_SYSA, "Y-03" }, { "mlit", R_SYSA, "Y-02" }, { "mlit", R_STAFF, "S-05" },
	{ "mlit", R_STAFF, "S-15" }, { "mof", R_STAFF, "S-05" }, { "mof", R_STAFF, "S-14" },
};
#define NSTATEMENT ((int)(sizeof statements / sizeof statements[0]))
static int stmt_org[NSTATEMENT], stmt_item[NSTATEMENT];

/* ---- state --------------------------------------------------------------------------------- */

/* attainment of a role's sheets: sheets with an obligated answer, and those reaching 100, 95
 * and 90 per cent */
struct att { long obligated, at[3]; };
static const int att_t[3] = { 100, 95, 90 };

struct org_state {
	long T[NROLE], U[NROLE];
	long extra;                /* non-submitters of an officer or system sheet who did submit
	                            * their staff sheet (each is one more person not complete) */
	long A[NROLE][NITEM];      /* obligated: implemented + not implemented */
	long N[NROLE][NITEM];      /* not implemented */
	struct att att[NROLE];     /* read off the built sheets */
	long submitted_all;        /* read off the placed persons */
};

static struct org_state st[NORG];
static int RC, ENV, METI, MOFA, MEXT, MLIT, MHLW, CAS, CAA, NPA, CAO;
/* The sheets of a role that leave something undone ("weak" sheets): W in all, n1 of them
 * leaving exactly one item undone and n2 exactly two; the other W - n1 - n2 ("heavy" sheets)
 * share the remaining misses evenly, at least two each (three when n2 > 0). */
struct weak { long W, n1, n2; };

/* 復興庁 staff, fixed by the published attainment once submissions are known: the weak sheets,
 * the single-miss ones among them (20 or more duties: at 95% or more) and the two-miss ones
 * (20 to 39 duties: at 90% or more, below 95%) */
static struct weak rc_weak;

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

static uint64_t rng_next(void) { return gen_rng_next(&rng_state); }

static long rng_below(long n) { return n <= 1 ? 0 : (long)(rng_next() % (uint64_t)n); }

static double rng_unit(void) { return (double)(rng_next() >> 11) / 9007199254740992.0; }

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

/* The inspection items that follow (from line lineno of f) must be the table's: ids in order,
 * each with its kind. Returns the number of differences. */
static int check_inspection(FILE *f, const char *path, int lineno)
{
	char line[4096];
	int n = -1, errors = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		chomp(line);
		const char *p = skip_spaces(line);
		if (strncmp(p, "- id:", 5) == 0) {
			n++;
			const char *id = skip_spaces(p + 5);
			if (n >= NINS || strcmp(id, ins_items[n].id) != 0) {
				fprintf(stderr, "gen_h24: %s:%d: inspection item '%s' is not the table's item %d (%s)\n",
				        path, lineno, id, n + 1, n < NINS ? ins_items[n].id : "none");
				errors++;
			}
		} else if (strncmp(p, "kind:", 5) == 0 && n >= 0 && n < NINS &&
		           strcmp(skip_spaces(p + 5), kind_code[ins_items[n].kind]) != 0) {
			fprintf(stderr, "gen_h24: %s:%d: kind of %s differs from the table\n", path, lineno, ins_items[n].id);
			errors++;
		}
	}
	if (n + 1 != NINS) {
		fprintf(stderr, "gen_h24: %s has %d inspection items, the table %d\n", path, n + 1, NINS);
		errors++;
	}
	return errors;
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
		/* The focused inspection's items come last and are asked per system, not per person. */
		if (strncmp(line, "inspection:", 11) == 0) {
			errors += check_inspection(f, path, lineno);
			break;
		}
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

/* ---- weak sheets ------------------------------------------------------------------------------ */

/* The heavy sheets of a layout and the smallest number of misses each must take. */
static long heavy_sheets(const struct weak *w) { return w->W - w->n1 - w->n2; }
static long heavy_min(const struct weak *w) { return w->n2 > 0 ? 3 : 2; }

/* How far M misses are from filling the layout's sheets as it says (0: they do). */
static long layout_gap(const struct weak *w, long M)
{
	long H = heavy_sheets(w), need = w->n1 + 2 * w->n2 + heavy_min(w) * H;
	if (w->n1 < 0 || w->n2 < 0 || H < 0)
		return M + 1;
	if (H == 0)
		return M > need ? M - need : need - M;
	return M < need ? need - M : 0;
}

/* Misses of weak sheet s (0-based) of the layout, for M misses in all: the heavy sheets come
 * first (those taking one more first), then the two-miss sheets, then the single-miss ones;
 * non-increasing in s. */
static long weak_misses(const struct weak *w, long M, long s)
{
	long H = heavy_sheets(w);
	if (s >= H + w->n2)
		return 1;
	if (s >= H)
		return 2;
	long rest = M - w->n1 - 2 * w->n2;
	return rest / H + (s < rest % H);
}

/* The weak sheets of a role (built with these counts by build_role). Staff who miss anything
 * miss four items on average, a third of them just one and a sixth two (the others three or
 * more), and no more than 30% of a role's staff sheets miss anything (where misses are many,
 * those who miss some miss more); officers mostly miss one. At 経済産業省, which published
 * that more than 90% of every group carried out every measure, the misses sit with fewer
 * people. 復興庁's staff follow its published attainment. */
static struct weak weak_sheets(int o, int r)
{
	const struct org_state *x = &st[o];
	struct weak w = { 0, 0, 0 };
	long M = 0, maxN = 0, O = 0;
	for (int i = 0; i < NITEM; i++)
		if (binds(i, r)) {
			M += x->N[r][i];
			if (x->N[r][i] > maxN)
				maxN = x->N[r][i];
			if (x->A[r][i] > O)
				O = x->A[r][i];
		}
	if (o == RC && r == R_STAFF)
		return rc_weak;
	if (M == 0)
		return w;
	double per = r == R_STAFF ? 4.0 : 1.25;
	if (o == METI)
		per = r == R_STAFF ? 5.5 : 2.5;
	long W = (long)ceil((double)M / per);
	if (r == R_STAFF && (double)W > 0.3 * (double)O)
		W = (long)ceil(0.3 * (double)O);
	if (W < maxN)
		W = maxN;
	if (W > O)
		W = O;
	long W1;
	if (M == W)
		W1 = W;
	else {
		W1 = o == METI ? W / 5 : r == R_STAFF ? W / 3 : W / 2;
		if (W1 < 2 * W - M)
			W1 = 2 * W - M;
		if (W1 > W - 1)
			W1 = W - 1;
	}
	w.W = W;
	w.n1 = W1;
	if (r == R_STAFF) {
		/* a sixth of the staff who miss anything miss two items, the others more */
		struct weak t = { W, o == METI ? W / 5 : W / 3, W / 6 };
		if (t.n2 > 0 && layout_gap(&t, M) == 0)
			w = t;
	}
	return w;
}

/* How far the misses N[0..n) are from fitting on the weak sheets of layout w, no sheet
 * missing an item twice (0: they fit, when every item's duty covers the weak sheets). By the
 * Gale-Ryser theorem they fit when, for every k, the k largest demands add up to no more than
 * the misses the items can give k sheets. */
static long spread_deficit(const long *N, int n, const struct weak *w)
{
	long M = 0, worst = 0;
	for (int k = 0; k < n; k++)
		M += N[k];
	if (w->W == 0)
		return M;
	long gap = layout_gap(w, M);
	if (gap > 0)
		return gap;
	long lhs = 0;
	for (long k = 1; k <= w->W; k++) {
		lhs += weak_misses(w, M, k - 1);
		long rhs = 0;
		for (int i = 0; i < n; i++)
			rhs += N[i] < k ? N[i] : k;
		if (lhs - rhs > worst)
			worst = lhs - rhs;
	}
	return worst;
}

/* ---- summaries (floating point, for the search only) ---------------------------------------- */

struct summary {
	double grasp[NGRP];        /* %; all = persons who submitted every sheet; NAN: no targets */
	double role[NROLE];        /* implementation per role, %; NAN: no obligated answer */
	double impl[NGRP];         /* groups pooled; all = mean over roles */
	double cat[NSTAFFCAT];     /* staff categories; NAN: no obligated answer */
	double na[3];              /* share of a group's answers that are "not applicable" */
	long nsum;                 /* not implemented, all roles */
	double min_sys_item;       /* lowest pooled system-officer item rate, % */
	double min_staff_item;     /* lowest staff item rate, % */
	double min_role;           /* lowest officer or system-officer role rate, % */
	double att_penalty;        /* 復興庁 staff and 経済産業省: how far the sheets are from buildable */
};

static double pct(long num, long den) { return den > 0 ? 100.0 * (double)num / (double)den : NAN; }

static double summarise_attainment(int o)
{
	const struct org_state *x = &st[o];
	double p = 0;
	if (o == RC) {
		/* the weak sheets must be able to take every item's misses (three or more each on
		 * the heavy sheets, which then stay below 90%); the last weak sheets, those with one
		 * or two misses, must carry 20 or more duties (one miss in 20 is 95%, two are 90%) */
		const struct weak *w = &rc_weak;
		long Ns[NITEM], big = 0, M = 0, H = heavy_sheets(w);
		int n = 0;
		for (int i = 0; i < NITEM; i++)
			if (binds(i, R_STAFF)) {
				Ns[n++] = x->N[R_STAFF][i];
				M += x->N[R_STAFF][i];
				big += x->A[R_STAFF][i] >= w->W;
			}
		p += (double)spread_deficit(Ns, n, w);
		if (big < 20)
			p += 10.0 * (double)(20 - big);
		/* a heavy sheet's share q of misses keeps it below 90% whatever its duties: 10q > n */
		if (H > 0 && 10 * ((M - w->n1 - 2 * w->n2) / H) <= n)
			p += (double)(n + 1 - 10 * ((M - w->n1 - 2 * w->n2) / H));
	}
	if (o == METI) {
		long W[3] = { 0 }, O[3] = { 0 };
		for (int r = 0; r < NROLE; r++) {
			long obl = 0, Nr[NITEM];
			int n = 0;
			struct weak w = weak_sheets(o, r);
			for (int i = 0; i < NITEM; i++)
				if (binds(i, r)) {
					obl = x->A[r][i] > obl ? x->A[r][i] : obl;
					Nr[n++] = x->N[r][i];
				}
			W[role_group[r]] += w.W;
			O[role_group[r]] += obl;
			p += 0.1 * (double)spread_deficit(Nr, n, &w);
		}
		for (int g = 0; g < 3; g++)
			if (O[g] > 0 && (double)W[g] > 0.085 * (double)O[g])
				p += 10.0 * ((double)W[g] / (double)O[g] - 0.085);
	}
	return p;
}

static void summarise(int o, struct summary *s)
{
	const struct org_state *x = &st[o];
	long T[NGRP] = { 0 }, U[NGRP] = { 0 }, A[NGRP] = { 0 }, N[NGRP] = { 0 };
	long cA[NSTAFFCAT] = { 0 }, cN[NSTAFFCAT] = { 0 };
	long answers[3] = { 0 }, na[3] = { 0 };
	double rsum = 0;
	int rn = 0;
	s->min_sys_item = s->min_staff_item = s->min_role = 100.0;
	s->nsum = 0;
	for (int r = 0; r < NROLE; r++) {
		int g = role_group[r];
		long ra = 0, rN = 0;
		T[g] += x->T[r];
		U[g] += x->U[r];
		for (int i = 0; i < NITEM; i++) {
			if (!binds(i, r))
				continue;
			ra += x->A[r][i];
			rN += x->N[r][i];
			answers[g] += x->U[r];
			na[g] += x->U[r] - x->A[r][i];
			if (g == G_STAFF) {
				cA[items[i].cat] += x->A[r][i];
				cN[items[i].cat] += x->N[r][i];
				if (x->A[r][i] > 0 && pct(x->A[r][i] - x->N[r][i], x->A[r][i]) < s->min_staff_item)
					s->min_staff_item = pct(x->A[r][i] - x->N[r][i], x->A[r][i]);
			}
		}
		A[g] += ra;
		N[g] += rN;
		s->role[r] = pct(ra - rN, ra);
		if (ra > 0) {
			rsum += s->role[r];
			rn++;
			if (r != R_STAFF && s->role[r] < s->min_role)
				s->min_role = s->role[r];
		}
	}
	for (int i = 0; i < NITEM; i++) {
		long a = x->A[R_SYSO][i] * binds(i, R_SYSO) + x->A[R_SYSA][i] * binds(i, R_SYSA);
		long n = x->N[R_SYSO][i] * binds(i, R_SYSO) + x->N[R_SYSA][i] * binds(i, R_SYSA);
		if (a > 0 && pct(a - n, a) < s->min_sys_item)
			s->min_sys_item = pct(a - n, a);
	}
	for (int g = 0; g < G_ALL; g++) {
		s->grasp[g] = T[g] > 0 ? pct(U[g], T[g]) : NAN;
		s->impl[g] = A[g] > 0 ? pct(A[g] - N[g], A[g]) : NAN;
		s->na[g] = answers[g] > 0 ? (double)na[g] / (double)answers[g] : 0;
		s->nsum += N[g];
	}
	long P = x->T[R_STAFF], F = (x->T[R_STAFF] - x->U[R_STAFF]) + x->extra;
	s->grasp[G_ALL] = pct(P - F, P);
	s->impl[G_ALL] = rn > 0 ? rsum / rn : NAN;
	for (int c = 0; c < NSTAFFCAT; c++)
		s->cat[c] = pct(cA[c] - cN[c], cA[c]);
	s->att_penalty = (o == RC || o == METI) ? summarise_attainment(o) : 0;
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

enum { M_GRASP, M_IMPL, M_CAT };

/* Unweighted mean over the organisations that have the value. */
static double mean_over(int metric, int g)
{
	double total = 0;
	int n = 0;
	for (int o = 0; o < NORG; o++) {
		double v = metric == M_GRASP ? sum[o].grasp[g] : metric == M_IMPL ? sum[o].impl[g] : sum[o].cat[g];
		if (isnan(v))
			continue;
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
#define NA_CAP 0.38    /* the search's bound on a group's not-applicable share (the check: 40%) */

static double penalty_grasp(void)
{
	double p = 0;
	for (int g = 0; g < NGRP; g++)
		p += 10 * outside_printed(mean_over(M_GRASP, g), pub_grasp[g], MEAN_MARGIN);
	for (int o = 0; o < NORG; o++)
		p += grade_penalty(sum[o].grasp[G_ALL], pub_grade[o][0]);
	p += outside_printed(sum[RC].grasp[G_ALL], 785, ORG_MARGIN);
	p += outside_printed(sum[ENV].grasp[G_ALL], 964, ORG_MARGIN);
	p += outside_printed(sum[METI].grasp[G_ALL], 970, ORG_MARGIN);
	return p;
}

static double penalty_impl(void)
{
	double p = 0;
	for (int g = 0; g < NGRP; g++)
		p += 10 * outside_printed(mean_over(M_IMPL, g), pub_impl[g], MEAN_MARGIN);
	for (int c = 0; c < NSTAFFCAT; c++)
		p += 10 * outside_printed(mean_over(M_CAT, c), pub_cat[c], MEAN_MARGIN);
	for (int o = 0; o < NORG; o++) {
		const struct summary *s = &sum[o];
		p += grade_penalty(s->impl[G_ALL], pub_grade[o][1]);
		if (pub_grade[o][1] == 'B' && s->nsum == 0)
			p += 1.0;
		if (orgs[o].kind == K_PERFECT)
			continue;
		/* keep every role, category and item in a believable range */
		p += outside(s->min_role, 90.0, 1000.0);
		p += outside(s->min_staff_item, 60.0, 1000.0);
		for (int c = 0; c < NSTAFFCAT; c++)
			p += outside(s->cat[c], o == RC ? 70.0 : 80.0, 1000.0);
		p += s->att_penalty;
	}
	p += outside_printed(sum[RC].impl[G_STAFF], 866, ORG_MARGIN);
	p += outside_printed(sum[ENV].impl[G_OFF], 980, ORG_MARGIN);
	p += outside_printed(sum[ENV].impl[G_SYS], 956, ORG_MARGIN);
	p += outside_printed(sum[ENV].impl[G_STAFF], 910, ORG_MARGIN);
	p += outside(sum[MOFA].impl[G_STAFF], 99.86, 100.0 - 1e-9);
	for (int g = 0; g < G_ALL; g++) {
		p += outside(sum[MEXT].impl[g], 95.01, 1000.0);
		p += outside(sum[METI].impl[g], 90.01, 1000.0);
	}
	p += outside(sum[MLIT].min_role, 90.01, 1000.0) + outside(sum[MLIT].impl[G_STAFF], 90.01, 1000.0);
	for (int k = 0; k < NSTATEMENT; k++)
		if (st[stmt_org[k]].N[statements[k].role][stmt_item[k]] == 0)
			p += 1.0;
	p += outside(sum[MHLW].min_sys_item, 90.01, 1000.0);
	/* the report says where 内閣官房's, 国土交通省's and 環境省's staff fell short most:
	 * classification and marking (info_create) */
	static const int *const lowest_create[] = { &CAS, &MLIT, &ENV };
	for (int k = 0; k < 3; k++) {
		const struct summary *s = &sum[*lowest_create[k]];
		for (int c = 1; c < NSTAFFCAT; c++)
			if (s->cat[c] < s->cat[C_CREATE] + 0.3)
				p += s->cat[C_CREATE] + 0.3 - s->cat[c];
	}
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
	double rem[NROLE * NITEM];
	for (int k = 0; k < n; k++) {
		double share = wsum > 0 ? (double)total * w[k] / wsum : 0;
		out[k] = (long)floor(share);
		rem[k] = share - (double)out[k];
		given += out[k];
	}
	while (given < total) {
		int best = -1;
		for (int k = 0; k < n; k++)
			if (w[k] > 0 && rem[k] >= 0 && (best < 0 || rem[k] > rem[best]))
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
	long nonstaff_missing = 0;
	for (int r = 0; r < NROLE; r++)
		x->T[r] = x->U[r] = d->targets[r];
	for (int g = 0; g < 3; g++) {
		if (d->grasp_def[g] <= 0)
			continue;
		double w[NROLE];
		long miss[NROLE], T = 0;
		for (int r = 0; r < NROLE; r++) {
			/* the CISO and the chief officer submit */
			w[r] = role_group[r] == g && r != R_CISO && r != R_CHIEF ? (double)d->targets[r] : 0;
			T += role_group[r] == g ? d->targets[r] : 0;
		}
		split(lround((double)T * d->grasp_def[g] / 100.0), w, miss, NROLE);
		for (int r = 0; r < NROLE; r++) {
			x->U[r] -= miss[r];
			if (r != R_STAFF)
				nonstaff_missing += miss[r];
		}
	}
	/* to begin with, three in five of the people who left a role's sheet unsubmitted left
	 * their staff sheet too */
	x->extra = (nonstaff_missing * 2) / 5;
}

/* Lowest and highest obligated count of item i for role r at organisation o. */
static long a_low(int o, int r, int i) { return (long)floor((double)st[o].U[r] * items[i].lo / 1000.0); }
static long a_high(int o, int r, int i)
{
	long h = (long)ceil((double)st[o].U[r] * items[i].hi / 1000.0);
	return h > st[o].U[r] ? st[o].U[r] : h;
}

/* Spread `total` not-implemented answers over the cells (role in mask, item in cat or any)
 * by obligated count times difficulty. */
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
	split(total, w, out, NROLE * NITEM);
	k = 0;
	for (int r = 0; r < NROLE; r++)
		for (int i = 0; i < NITEM; i++, k++)
			if (w[k] > 0)
				x->N[r][i] = out[k] > x->A[r][i] ? x->A[r][i] : out[k];
}

static void plan_impl(int o)
{
	const struct org_def *d = &orgs[o];
	struct org_state *x = &st[o];
	for (int r = 0; r < NROLE; r++)
		for (int i = 0; i < NITEM; i++) {
			x->A[r][i] = x->N[r][i] = 0;
			if (!binds(i, r) || x->U[r] == 0)
				continue;
			double app = items[i].app * (0.93 + 0.14 * rng_unit());
			if (r == R_STAFF)
				app *= d->f_cat[items[i].cat];
			if (app < items[i].lo)
				app = items[i].lo;
			if (app > items[i].hi)
				app = items[i].hi;
			long a = lround((double)x->U[r] * app / 1000.0);
			if (a < a_low(o, r, i))
				a = a_low(o, r, i);
			if (a > a_high(o, r, i))
				a = a_high(o, r, i);
			if (a == 0 && items[i].app >= 500)
				a = 1;
			x->A[r][i] = a;
		}
	if (d->kind == K_PERFECT)
		return;
	for (int c = 0; c < NSTAFFCAT; c++)
		distribute_not_implemented(o, B(R_STAFF), c, d->r_cat[c]);
	if (d->kind == K_MOFA || o == RC)
		return;
	for (int r = 0; r <= R_INC; r++)
		if (off_mult[r] > 0)
			distribute_not_implemented(o, B(r), -1, 100.0 - (100.0 - d->r_off) * off_mult[r] / 100.0);
	distribute_not_implemented(o, B(R_SYSO), -1, 100.0 - (100.0 - d->r_sys) * 1.3);
	distribute_not_implemented(o, B(R_SYSA), -1, 100.0 - (100.0 - d->r_sys) * 0.9);
}

/* ---- search ------------------------------------------------------------------------------- */

/* May the search change the not-implemented counts of org o, role r? */
static int n_adjustable(int o, int r)
{
	const struct org_def *d = &orgs[o];
	if (d->kind == K_PERFECT)
		return 0;
	if (d->kind == K_MOFA || o == RC)
		return r == R_STAFF;   /* their officers (and 外務省's system officers) are at 100% */
	return r != R_CISO && r != R_CHIEF;
}

static long step_size(long limit)
{
	int bits = (int)rng_below(12);
	long s = 1L << bits;
	if (s > limit)
		s = limit > 0 ? limit : 1;
	return 1 + rng_below(s);
}

/* The persons who fail to submit every sheet: staff non-submitters plus `extra`; extra lies
 * between the non-staff non-submitters that staff non-submitters cannot cover and all of
 * them, and the staff non-submitters not holding another role must fit among the people who
 * hold no other role. */
static int extra_ok(int o, long extra)
{
	const struct org_state *x = &st[o];
	long nS = x->T[R_STAFF] - x->U[R_STAFF], n = 0, T = 0;
	for (int r = 0; r < R_STAFF; r++) {
		n += x->T[r] - x->U[r];
		T += x->T[r];
	}
	long ov = n - extra;
	return extra >= 0 && ov >= 0 && ov <= nS && nS - ov <= x->T[R_STAFF] - T;
}

static int search_grasp(void)
{
	static const char *const movable[] = { "jinji", "reconstruction", "mic", "maff", "meti", "env" };
	for (int o = 0; o < NORG; o++)
		summarise(o, &sum[o]);
	double cur = penalty_grasp();
	for (long it = 0; it < 400000 && cur > 0; it++) {
		int o = org_index(movable[rng_below(6)]);
		int r = (int)rng_below(NROLE + 1);
		struct org_state *x = &st[o];
		struct summary keep = sum[o];
		long old_u = 0, old_extra = x->extra;
		if (r == NROLE) {
			long e = x->extra + (rng_below(2) ? 1 : -1) * step_size(3);
			if (!extra_ok(o, e))
				continue;
			x->extra = e;
		} else {
			/* the CISO and the chief officer submit */
			if (x->T[r] == 0 || orgs[o].grasp_def[role_group[r]] <= 0 || r == R_CISO || r == R_CHIEF)
				continue;
			long d = step_size(x->T[r] / 20 + 1) * (rng_below(2) ? 1 : -1);
			long u = x->U[r] + d;
			if (2 * u < x->T[r] || u > x->T[r])
				continue;
			old_u = x->U[r];
			x->U[r] = u;
			if (!extra_ok(o, x->extra)) {
				x->U[r] = old_u;
				continue;
			}
		}
		summarise(o, &sum[o]);
		double p = penalty_grasp();
		if (p < cur || (p == cur && rng_below(2))) {
			cur = p;
		} else {
			if (r == NROLE)
				x->extra = old_extra;
			else
				x->U[r] = old_u;
			sum[o] = keep;
		}
	}
	return cur > 0 ? -1 : 0;
}

static int na_within(int o)
{
	for (int g = 0; g < 3; g++)
		if (sum[o].na[g] > NA_CAP)
			return 0;
	return 1;
}

static struct org_state best_st[NORG];

/* Simulated annealing over the not-implemented counts and the obligated counts (how often a
 * duty arose, within each item's range): a slightly worse state is accepted now and then so
 * that the search can leave a corner where every single step would break another figure. */
static int search_impl(void)
{
	for (int o = 0; o < NORG; o++)
		summarise(o, &sum[o]);
	double cur = penalty_impl(), best = cur;
	const long iterations = 8000000;
	static int cells[NORG * NROLE * NITEM][3];
	int ncells = 0;
	for (int o = 0; o < NORG; o++)
		for (int r = 0; r < NROLE; r++)
			for (int i = 0; i < NITEM; i++)
				if (binds(i, r) && st[o].U[r] > 0 && orgs[o].kind != K_PERFECT) {
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
		int kind = (int)rng_below(10);  /* 0-1: one obligated count, 2: a staff category, else N */
		long saveA[NITEM], saveN[NITEM];
		memcpy(saveA, x->A[r], sizeof saveA);
		memcpy(saveN, x->N[r], sizeof saveN);
		if (kind <= 1) {
			/* shift answers between obligated and not applicable, keeping the item's rate */
			long oldA = x->A[r][i], oldN = x->N[r][i];
			long d = step_size(x->U[r] / 16 + 1) * (rng_below(2) ? 1 : -1);
			long a = oldA + d;
			if (a < a_low(o, r, i) || a > a_high(o, r, i) || a < 1)
				continue;
			long n = oldA > 0 ? lround((double)oldN * (double)a / (double)oldA) : 0;
			x->A[r][i] = a;
			x->N[r][i] = n > a ? a : n;
		} else if (kind == 2) {
			if (r != R_STAFF)
				continue;
			/* a staff category's duties arise a little more or less often */
			double f = 1.0 + (rng_unit() - 0.5) * 0.06;
			int changed = 0;
			for (int k = 0; k < NITEM; k++) {
				if (!binds(k, r) || items[k].cat != items[i].cat)
					continue;
				long oldA = x->A[r][k];
				long a = lround((double)oldA * f);
				if (a < a_low(o, r, k))
					a = a_low(o, r, k);
				if (a > a_high(o, r, k))
					a = a_high(o, r, k);
				if (a < 1)
					a = 1;
				long n = oldA > 0 ? lround((double)x->N[r][k] * (double)a / (double)oldA) : 0;
				changed |= a != oldA;
				x->A[r][k] = a;
				x->N[r][k] = n > a ? a : n;
			}
			if (!changed)
				continue;
		} else {
			if (!n_adjustable(o, r))
				continue;
			long oldA = x->A[r][i], oldN = x->N[r][i];
			long d = step_size(oldA / 8 + 1) * (rng_below(2) ? 1 : -1);
			long n = oldN + d;
			if (n < 0 || n > oldA)
				continue;
			x->N[r][i] = n;
		}
		if (!n_adjustable(o, r))
			for (int k = 0; k < NITEM; k++)
				if (x->N[r][k] != 0 && saveN[k] == 0)
					x->N[r][k] = 0;   /* a locked role stays at 100% */
		struct summary keep = sum[o];
		summarise(o, &sum[o]);
		double p = na_within(o) ? penalty_impl() : INFINITY;
		if (p <= cur || rng_unit() < exp(-(p - cur) / temp)) {
			cur = p;
			if (cur < best) {
				best = cur;
				memcpy(best_st, st, sizeof st);
			}
		} else {
			memcpy(x->A[r], saveA, sizeof saveA);
			memcpy(x->N[r], saveN, sizeof saveN);
			sum[o] = keep;
		}
	}
	memcpy(st, best_st, sizeof st);
	for (int o = 0; o < NORG; o++)
		summarise(o, &sum[o]);
	return best > 0 ? -1 : 0;
}

/* ---- sheets and persons -------------------------------------------------------------------- */

/* Builds the submitted sheets of one role, answer by answer, from its item counts and the
 * layout w of its weak sheets:
 *   - sheet s (0-based) has the duty of item i when s < A[i]: those with the most duties
 *     come first, and the number of sheets with any duty is the largest A[i];
 *   - the first W - n1 - n2 sheets miss two or more items (three or more when n2 > 0; the
 *     misses shared out evenly), the next n2 miss two, the next n1 miss one; every other
 *     sheet misses nothing;
 *   - each item, fewest duties first, puts its N[i] misses on the sheets that have its duty
 *     and still have the most misses to take.
 * The counts of the built sheets are then checked against the tally's: each item's duties
 * and misses, and each weak sheet's misses. The attainment is read off the built sheets.
 * Returns 0, or -1 when the sheets cannot be built this way. */
static const long *cmp_rem;

static int by_remaining(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	if (cmp_rem[x] != cmp_rem[y])
		return cmp_rem[x] > cmp_rem[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int build_role(int o, int r, const struct weak *w, struct att *out)
{
	const struct org_state *x = &st[o];
	int ids[NITEM], n = 0;
	long O = 0, M = 0;
	for (int i = 0; i < NITEM; i++)
		if (binds(i, r)) {
			ids[n++] = i;
			O = x->A[r][i] > O ? x->A[r][i] : O;
			M += x->N[r][i];
		}
	memset(out, 0, sizeof *out);
	long W = w->W;
	if (O > x->U[r] || W > O || (M > 0 && W == 0) || layout_gap(w, M) != 0)
		return -1;
	unsigned char *miss = calloc((size_t)(W > 0 ? W : 1) * (size_t)n, 1);
	long *rem = calloc((size_t)(W > 0 ? W : 1), sizeof *rem);
	long *cand = calloc((size_t)(W > 0 ? W : 1), sizeof *cand);
	if (!miss || !rem || !cand) {
		fprintf(stderr, "gen_h24: out of memory\n");
		exit(2);
	}
	int rc = 0;
	for (long s = 0; s < W; s++)
		rem[s] = weak_misses(w, M, s);
	/* items with the fewest duties first */
	int order[NITEM];
	for (int k = 0; k < n; k++)
		order[k] = k;
	for (int k = 1; k < n; k++)
		for (int j = k; j > 0 && x->A[r][ids[order[j]]] < x->A[r][ids[order[j - 1]]]; j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (int k = 0; k < n && rc == 0; k++) {
		int col = order[k], i = ids[col];
		long need = x->N[r][i], range = x->A[r][i] < W ? x->A[r][i] : W, nc = 0;
		if (need == 0)
			continue;
		for (long s = 0; s < range; s++)
			if (rem[s] > 0)
				cand[nc++] = s;
		if (nc < need) {
			rc = -1;
			break;
		}
		cmp_rem = rem;
		qsort(cand, (size_t)nc, sizeof *cand, by_remaining);
		for (long c = 0; c < need; c++) {
			miss[cand[c] * n + col] = 1;
			rem[cand[c]]--;
		}
	}
	/* check the built sheets against the counts */
	for (long s = 0; s < W && rc == 0; s++) {
		long m = 0;
		for (int k = 0; k < n; k++)
			m += miss[s * n + k];
		if (rem[s] != 0 || m == 0 || m != weak_misses(w, M, s))
			rc = -1;
	}
	for (int k = 0; k < n && rc == 0; k++) {
		long m = 0;
		for (long s = 0; s < W; s++)
			if (miss[s * n + k]) {
				m++;
				if (s >= x->A[r][ids[k]])
					rc = -1;   /* a miss where the item was not applicable */
			}
		if (m != x->N[r][ids[k]])
			rc = -1;
	}
	if (rc == 0) {
		/* attainment: every sheet with a duty; its rate over its duties against 100/95/90 */
		long *duties = calloc((size_t)(O > 0 ? O : 1), sizeof *duties);
		if (!duties) {
			fprintf(stderr, "gen_h24: out of memory\n");
			exit(2);
		}
		for (int k = 0; k < n; k++)
			for (long s = 0; s < x->A[r][ids[k]]; s++)
				duties[s]++;
		for (long s = 0; s < O; s++) {
			long k = duties[s], m = 0;
			if (k == 0)
				continue;
			if (s < W)
				for (int c = 0; c < n; c++)
					m += miss[s * n + c];
			out->obligated++;
			for (int t = 0; t < 3; t++)
				out->at[t] += 100 * (k - m) >= att_t[t] * k;
		}
		free(duties);
	}
	free(miss);
	free(rem);
	free(cand);
	return rc;
}

/* Places the people of an organisation: everyone holds the staff role; each officer and
 * system-officer target is a different person among them; the non-submitters of each role
 * are that many of its holders; `extra` of the non-staff non-submitters did submit their
 * staff sheet, the others did not, and the remaining staff non-submitters hold no other role.
 * Counts the people who submitted every sheet they owe. Returns -1 if the placing fails. */
static long place_persons(int o)
{
	const struct org_state *x = &st[o];
	long P = x->T[R_STAFF], nS = P - x->U[R_STAFF], held = 0, n = 0;
	for (int r = 0; r < R_STAFF; r++) {
		held += x->T[r];
		n += x->T[r] - x->U[r];
	}
	long ov = n - x->extra;
	if (!extra_ok(o, x->extra) || held > P)
		return -1;
	unsigned char *missing = calloc((size_t)(P > 0 ? P : 1), 1);   /* bit 0: a role sheet, bit 1: staff */
	if (!missing) {
		fprintf(stderr, "gen_h24: out of memory\n");
		exit(2);
	}
	long base = 0, listed = 0;
	for (int r = 0; r < R_STAFF; r++) {
		for (long k = 0; k < x->T[r] - x->U[r]; k++) {
			missing[base + k] |= 1;
			if (listed++ < ov)
				missing[base + k] |= 2;
		}
		base += x->T[r];
	}
	for (long k = 0; k < nS - ov; k++)
		missing[held + k] |= 2;
	long staff_missing = 0, incomplete = 0;
	for (long p = 0; p < P; p++) {
		staff_missing += (missing[p] & 2) != 0;
		incomplete += missing[p] != 0;
	}
	free(missing);
	if (staff_missing != nS)
		return -1;
	return P - incomplete;
}

/* Builds every organisation's sheets and people; fills att[] and submitted_all. */
static int build_all(void)
{
	int errors = 0;
	for (int o = 0; o < NORG; o++) {
		struct org_state *x = &st[o];
		for (int r = 0; r < NROLE; r++) {
			if (x->T[r] == 0)
				continue;
			struct weak w = weak_sheets(o, r);
			int rc = build_role(o, r, &w, &x->att[r]);
			/* a role with room to spare may spread its misses over more sheets */
			while (rc != 0 && !(o == RC && r == R_STAFF) && w.W < x->U[r]) {
				w.W++;
				w.n1 = w.n1 + 1 < w.W ? w.n1 + 1 : w.W - 1;
				rc = build_role(o, r, &w, &x->att[r]);
			}
			if (rc != 0) {
				fprintf(stderr, "gen_h24: %s %s: the sheets cannot be built\n", orgs[o].code,
				        role_code[r]);
				errors++;
			}
		}
		x->submitted_all = place_persons(o);
		if (x->submitted_all < 0) {
			fprintf(stderr, "gen_h24: %s: the persons cannot be placed\n", orgs[o].code);
			errors++;
		}
	}
	return errors ? -1 : 0;
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

/* An exact sum of percent values, scaled by 10^SCALE_DIGITS and bracketed [lo, hi]: the true
 * sum lies within, and a printed value counts only when both ends print the same. */
struct bracket { u128 lo, hi; int n; };

static void bracket_add(struct bracket *b, long num, long den)
{
	u128 scaled = (u128)100 * (u128)num * pow10_128(SCALE_DIGITS);
	u128 q = scaled / (u128)den;
	b->lo += q;
	b->hi += q + (scaled % (u128)den != 0);
	b->n++;
}

/* Adds the mean of the values of `in` as one value. */
static void bracket_add_mean(struct bracket *b, const struct bracket *in)
{
	b->lo += in->lo / (u128)in->n;
	b->hi += in->hi / (u128)in->n + (in->hi % (u128)in->n != 0);
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

static struct counts role_counts(int o, int r, int cat)
{
	struct counts c = { st[o].T[r], st[o].U[r], 0, 0 };
	for (int i = 0; i < NITEM; i++)
		if (binds(i, r) && (cat < 0 || items[i].cat == cat)) {
			c.A += st[o].A[r][i];
			c.N += st[o].N[r][i];
		}
	return c;
}

static struct counts group_counts(int o, int g, int cat)
{
	struct counts c = { 0, 0, 0, 0 };
	for (int r = 0; r < NROLE; r++) {
		if (role_group[r] != g)
			continue;
		struct counts k = role_counts(o, r, cat);
		c.T += k.T;
		c.U += k.U;
		c.A += k.A;
		c.N += k.N;
	}
	return c;
}

/* An organisation's whole implementation rate: the mean of its roles' rates (roles with an
 * obligated answer), bracketed. perfect: every such role at 100%. */
static struct bracket org_all_impl(int o, int *perfect)
{
	struct bracket b = { 0, 0, 0 };
	*perfect = 1;
	for (int r = 0; r < NROLE; r++) {
		struct counts c = role_counts(o, r, -1);
		if (c.A == 0)
			continue;
		bracket_add(&b, c.A - c.N, c.A);
		*perfect &= c.N == 0;
	}
	return b;
}

/* Grade of an exact fraction; of a bracketed mean ('?' when the bracket straddles a bound). */
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

static char grade_of_mean(const struct bracket *b, int perfect)
{
	if (perfect)
		return 'A';
	u128 unit = pow10_128(SCALE_DIGITS) * (u128)b->n;
	char lo = b->lo >= 80 * unit ? 'B' : b->lo >= 60 * unit ? 'C' : 'D';
	char hi = b->hi >= 80 * unit ? 'B' : b->hi >= 60 * unit ? 'C' : 'D';
	return lo == hi ? lo : '?';
}

static int failures;

static void report(const char *what, int computed, int published)
{
	int ok = computed == published;
	printf("%-52s %6.1f %6.1f  %s\n", what, computed / 10.0, published / 10.0, ok ? "ok" : "MISSED");
	failures += !ok;
}

static void report_cond(const char *what, const char *value, int ok)
{
	printf("%-52s %13s  %s\n", what, value, ok ? "ok" : "MISSED");
	failures += !ok;
}

/* The tally/2 count rules, the not-applicable bound, and the sheets' and persons' counts. */
static void verify_counts(void)
{
	char what[128], val[64];
	int bad = 0;
	double worst[3] = { 0, 0, 0 };
	for (int o = 0; o < NORG; o++) {
		const struct org_state *x = &st[o];
		long sumT = 0, maxT = 0, answers[3] = { 0 }, na[3] = { 0 };
		for (int r = 0; r < NROLE; r++) {
			const struct att *a = &x->att[r];
			sumT += x->T[r];
			maxT = x->T[r] > maxT ? x->T[r] : maxT;
			if (x->U[r] < 0 || x->U[r] > x->T[r])
				bad++;
			if (x->T[r] > 0 && !(a->at[0] <= a->at[1] && a->at[1] <= a->at[2] &&
			                     a->at[2] <= a->obligated && a->obligated <= x->U[r] && a->at[0] >= 0))
				bad++;
			for (int i = 0; i < NITEM; i++) {
				if (!binds(i, r))
					continue;
				if (x->N[r][i] < 0 || x->N[r][i] > x->A[r][i] || x->A[r][i] > x->U[r])
					bad++;
				answers[role_group[r]] += x->U[r];
				na[role_group[r]] += x->U[r] - x->A[r][i];
			}
		}
		if (!(x->submitted_all >= 0 && x->submitted_all <= x->T[R_STAFF] && x->T[R_STAFF] <= sumT &&
		      x->T[R_STAFF] >= maxT && x->submitted_all <= x->U[R_STAFF]))
			bad++;
		for (int g = 0; g < 3; g++) {
			if (5 * na[g] > 2 * answers[g])
				bad++;
			if (answers[g] > 0 && (double)na[g] / (double)answers[g] > worst[g])
				worst[g] = (double)na[g] / (double)answers[g];
		}
	}
	report_cond("counts follow the selfcheck-tally/2 rules", bad ? "no" : "yes", !bad);
	for (int g = 0; g < 3; g++) {
		snprintf(what, sizeof what, "largest not-applicable share, %s", group_code[g]);
		snprintf(val, sizeof val, "%.1f%%", 100.0 * worst[g]);
		report_cond(what, val, worst[g] <= 0.40);
	}
}

static void verify_inspection(void);

static int verify(void)
{
	char what[128], val[64];
	failures = 0;
	verify_counts();

	printf("%-52s %6s %6s\n", "figure", "comp.", "publ.");
	for (int g = 0; g < NGRP; g++) {
		struct bracket b = { 0, 0, 0 };
		for (int o = 0; o < NORG; o++) {
			if (g == G_ALL) {
				bracket_add(&b, st[o].submitted_all, st[o].T[R_STAFF]);
				continue;
			}
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
			if (g == G_ALL) {
				int perfect;
				struct bracket m = org_all_impl(o, &perfect);
				if (m.n > 0)
					bracket_add_mean(&b, &m);
				continue;
			}
			struct counts c = group_counts(o, g, -1);
			if (c.A > 0)
				bracket_add(&b, c.A - c.N, c.A);
		}
		snprintf(what, sizeof what, "2-3 implementation %s (mean of %d)", group_code[g], b.n);
		report(what, mean_tenths(&b), pub_impl[g]);
	}
	for (int k = 0; k < NSTAFFCAT; k++) {
		struct bracket b = { 0, 0, 0 };
		for (int o = 0; o < NORG; o++) {
			struct counts c = group_counts(o, G_STAFF, k);
			if (c.A > 0)
				bracket_add(&b, c.A - c.N, c.A);
		}
		snprintf(what, sizeof what, "2-4 staff %s (mean of %d)", cat_code[k], b.n);
		report(what, mean_tenths(&b), pub_cat[k]);
	}
	for (int o = 0; o < NORG; o++) {
		int perfect;
		struct bracket m = org_all_impl(o, &perfect);
		char gg = grade_of(st[o].submitted_all, st[o].T[R_STAFF]), gi = grade_of_mean(&m, perfect);
		int it = mean_tenths(&m);
		snprintf(what, sizeof what, "2-5 %s grades (grasp %.1f, impl %.1f)", orgs[o].code,
		         print_tenths(st[o].submitted_all, st[o].T[R_STAFF]) / 10.0, it / 10.0);
		snprintf(val, sizeof val, "%c%c vs %c%c", gg, gi, pub_grade[o][0], pub_grade[o][1]);
		report_cond(what, val, gg == pub_grade[o][0] && gi == pub_grade[o][1]);
	}

	/* the ministries' own figures (G_ALL grasp: persons; G_ALL implementation: mean of roles) */
	struct { const int *org; int grasp; int g; int tenths; } pubs[] = {
		{ &RC, 1, G_ALL, 785 }, { &RC, 0, G_OFF, 1000 }, { &RC, 0, G_STAFF, 866 },
		{ &ENV, 1, G_ALL, 964 }, { &ENV, 0, G_OFF, 980 }, { &ENV, 0, G_SYS, 956 },
		{ &ENV, 0, G_STAFF, 910 }, { &METI, 1, G_ALL, 970 },
		{ &CAO, 1, G_ALL, 1000 }, { &CAO, 0, G_OFF, 1000 }, { &CAO, 0, G_SYS, 1000 },
		{ &CAO, 0, G_STAFF, 1000 },
		{ &MOFA, 1, G_ALL, 1000 }, { &MOFA, 0, G_OFF, 1000 }, { &MOFA, 0, G_SYS, 1000 },
		{ &CAA, 0, G_ALL, 1000 }, { &NPA, 1, G_ALL, 1000 }, { &NPA, 0, G_ALL, 1000 },
		{ &MEXT, 1, G_ALL, 1000 },
	};
	for (size_t k = 0; k < sizeof pubs / sizeof pubs[0]; k++) {
		int o = *pubs[k].org, v;
		if (pubs[k].g == G_ALL) {
			int perfect;
			struct bracket m = org_all_impl(o, &perfect);
			v = pubs[k].grasp ? print_tenths(st[o].submitted_all, st[o].T[R_STAFF]) : mean_tenths(&m);
		} else {
			struct counts c = group_counts(o, pubs[k].g, -1);
			v = pubs[k].grasp ? print_tenths(c.U, c.T) : print_tenths(c.A - c.N, c.A);
		}
		snprintf(what, sizeof what, "%s %s %s", orgs[o].code, pubs[k].grasp ? "grasp" : "implementation",
		         group_code[pubs[k].g]);
		report(what, v, pubs[k].tenths);
	}
	{
		struct counts c = group_counts(MOFA, G_STAFF, -1);
		snprintf(val, sizeof val, "%.1f", print_tenths(c.A - c.N, c.A) / 10.0);
		report_cond("mofa implementation staff just below 100", val, c.N > 0 && 10000 * (c.A - c.N) >= 9985 * c.A);
	}
	for (int g = 0; g < G_ALL; g++) {
		struct counts c = group_counts(MEXT, g, -1);
		snprintf(what, sizeof what, "mext implementation %s >= 95", group_code[g]);
		snprintf(val, sizeof val, "%.1f", print_tenths(c.A - c.N, c.A) / 10.0);
		report_cond(what, val, 100 * (c.A - c.N) >= 95 * c.A);
	}
	for (int r = 0; r < NROLE; r++) {
		struct counts c = role_counts(MLIT, r, -1);
		snprintf(what, sizeof what, "mlit %s grasp 100, implementation > 90", role_code[r]);
		snprintf(val, sizeof val, "%.1f %.1f", print_tenths(c.U, c.T) / 10.0, print_tenths(c.A - c.N, c.A) / 10.0);
		report_cond(what, val, c.U == c.T && 100 * (c.A - c.N) > 90 * c.A);
	}
	/* 経済産業省: each group above 90%, also counted its own way (people who carried out
	 * every measure of their sheet) */
	for (int g = 0; g < G_ALL; g++) {
		struct counts c = group_counts(METI, g, -1);
		long obl = 0, full = 0;
		for (int r = 0; r < NROLE; r++)
			if (role_group[r] == g) {
				obl += st[METI].att[r].obligated;
				full += st[METI].att[r].at[0];
			}
		snprintf(what, sizeof what, "meti %s implementation, all-measures share > 90", group_code[g]);
		snprintf(val, sizeof val, "%.1f %.1f", print_tenths(c.A - c.N, c.A) / 10.0, print_tenths(full, obl) / 10.0);
		report_cond(what, val, 100 * (c.A - c.N) > 90 * c.A && 100 * full > 90 * obl);
	}
	{
		/* 厚生労働省: attainment by items, system officers: every item at 90% or more */
		int reach = 0, counted = 0;
		for (int i = 0; i < NITEM; i++) {
			long a = 0, n = 0;
			for (int r = R_SYSO; r <= R_SYSA; r++)
				if (binds(i, r)) {
					a += st[MHLW].A[r][i];
					n += st[MHLW].N[r][i];
				}
			if (a == 0)
				continue;
			counted++;
			reach += 100 * (a - n) >= 90 * a;
		}
		snprintf(val, sizeof val, "%d/%d", reach, counted);
		report_cond("mhlw system officers attainment by items (90%) = 100%", val, reach == counted);
	}
	/* 消費者庁 and 警察庁: everyone carried out every measure of their role */
	static const int *const full_orgs[] = { &CAA, &NPA };
	for (int k = 0; k < 2; k++) {
		int o = *full_orgs[k];
		long obl = 0, full = 0;
		for (int r = 0; r < NROLE; r++) {
			obl += st[o].att[r].obligated;
			full += st[o].att[r].at[0];
		}
		snprintf(what, sizeof what, "%s attainment (persons, 100%%) = 100%%", orgs[o].code);
		snprintf(val, sizeof val, "%ld/%ld", full, obl);
		report_cond(what, val, full == obl && obl > 0);
	}
	{
		const struct att *a = &st[RC].att[R_STAFF];
		for (int t = 0; t < 3; t++) {
			snprintf(what, sizeof what, "reconstruction staff attainment (persons, %d%%)", att_t[t]);
			report(what, print_tenths(a->at[t], a->obligated), pub_rc_att[t]);
		}
	}
	/* statements in the ministries' sections */
	{
		int ok = 1;
		for (int k = 0; k < 3; k++) {
			static const int *const lc[] = { &CAS, &MLIT, &ENV };
			int o = *lc[k];
			struct counts cr = group_counts(o, G_STAFF, C_CREATE);
			for (int c = 1; c < NSTAFFCAT; c++) {
				struct counts cc = group_counts(o, G_STAFF, c);
				/* (cr.A-cr.N)/cr.A < (cc.A-cc.N)/cc.A */
				ok &= (cr.A - cr.N) * cc.A < (cc.A - cc.N) * cr.A;
			}
		}
		report_cond("cas, mlit, env staff: info_create the lowest category", ok ? "yes" : "no", ok);
		ok = 1;
		for (int k = 0; k < NSTATEMENT; k++)
			ok &= st[stmt_org[k]].N[statements[k].role][stmt_item[k]] > 0;
		report_cond("cas, mlit, mof: the shortfalls they named", ok ? "yes" : "no", ok);
	}
	verify_inspection();
	printf("%d figure(s) missed\n", failures);
	return failures ? -1 : 0;
}

/* ---- the focused inspection's counts ------------------------------------------------------- */

/* Its own generator, so the self-check's counts stay what they were. */
static uint64_t ins_state = 0x2012120100000001ull;

static double ins_unit(void) { return (double)(gen_rng_next(&ins_state) >> 11) / 9007199254740992.0; }

/* Whether num/den prints as percent, rounded half up: 100 num / den in [percent - 1/2, percent + 1/2). */
static int prints_percent(long num, long den, int percent)
{
	return den > 0 && 200 * num >= (2 * percent - 1) * den && 200 * num < (2 * percent + 1) * den;
}

/*
 * Every organisation's systems of a kind are obliged to an item but for its usual share of
 * exceptions (varied by up to a fifth either way). The not-implemented systems the published
 * rate leaves over all systems pooled are spread over the organisations that are not locked at
 * 100%, in proportion to their obliged systems and how far their system officers fall short,
 * never more than an organisation has.
 */
static int plan_inspection(void)
{
	for (int i = 0; i < NINS; i++) {
		int k = ins_items[i].kind;
		long A = 0;
		for (int o = 0; o < NORG; o++) {
			long n = ins_systems[o][k];
			long na = lround((double)n * ins_items[i].na / 1000.0 * (0.8 + 0.4 * ins_unit()));
			ins_A[o][i] = n - (na > n ? n : na);
			ins_N[o][i] = 0;
			A += ins_A[o][i];
		}
		long N = lround((double)A * (100 - ins_items[i].rate) / 100.0);
		while (N > 0 && !prints_percent(A - N, A, ins_items[i].rate))
			N += 200 * (A - N) >= (2 * ins_items[i].rate + 1) * A ? 1 : -1;
		if (!prints_percent(A - N, A, ins_items[i].rate)) {
			fprintf(stderr, "gen_h24: inspection item %s cannot print %d%% over %ld systems\n", ins_items[i].id,
			        ins_items[i].rate, A);
			return -1;
		}
		double w[sizeof ins_systems / sizeof ins_systems[0]], total = 0;
		for (int o = 0; o < NORG; o++) {
			w[o] = orgs[o].kind == K_PERFECT ? 0 : ins_A[o][i] * (101.0 - orgs[o].r_sys) * (0.5 + ins_unit());
			total += w[o];
		}
		/* largest remainder, then whatever a full organisation could not take goes to the next */
		long given = 0;
		for (int o = 0; o < NORG && total > 0; o++) {
			ins_N[o][i] = (long)floor(N * w[o] / total);
			if (ins_N[o][i] > ins_A[o][i])
				ins_N[o][i] = ins_A[o][i];
			given += ins_N[o][i];
		}
		for (int pass = 0; given < N && pass < 1000; pass++)
			for (int o = 0; o < NORG && given < N; o++)
				if (w[o] > 0 && ins_N[o][i] < ins_A[o][i] && ins_unit() < w[o] / total * NORG) {
					ins_N[o][i]++;
					given++;
				}
		if (given != N) {
			fprintf(stderr, "gen_h24: inspection item %s: %ld of %ld not-implemented systems placed\n",
			        ins_items[i].id, given, N);
			return -1;
		}
	}
	return 0;
}

/* Table 2-7's fifteen rates over the systems pooled, the server counts, and the rules. */
static void verify_inspection(void)
{
	char what[128], val[64];
	long servers[NKIND] = { 0 };
	int ok = 1;
	for (int o = 0; o < NORG; o++)
		for (int k = 0; k < NKIND; k++)
			servers[k] += ins_systems[o][k];
	for (int i = 0; i < NINS; i++) {
		long A = 0, N = 0;
		for (int o = 0; o < NORG; o++) {
			A += ins_A[o][i];
			N += ins_N[o][i];
			ok &= ins_N[o][i] <= ins_A[o][i] && ins_A[o][i] <= ins_systems[o][ins_items[i].kind];
			ok &= orgs[o].kind != K_PERFECT || ins_N[o][i] == 0;
		}
		int printed = -1;
		for (int p = 0; p <= 100 && printed < 0; p++)
			if (prints_percent(A - N, A, p))
				printed = p;
		snprintf(what, sizeof what, "2-7 %s %s (%ld of %ld systems)", kind_code[ins_items[i].kind], ins_items[i].id,
		         A - N, A);
		snprintf(val, sizeof val, "%d%% vs %d%%", printed, ins_items[i].rate);
		report_cond(what, val, printed == ins_items[i].rate);
	}
	report_cond("inspection counts within the systems, none missed where locked at 100%", ok ? "yes" : "no", ok);
	/* "about": two significant digits, rounded half up */
	snprintf(val, sizeof val, "%ld, %ld", servers[K_WEB], servers[K_MAIL]);
	report_cond("servers: about 660 public web, about 930 mail", val,
	            (servers[K_WEB] + 5) / 10 * 10 == pub_web_servers && (servers[K_MAIL] + 5) / 10 * 10 == pub_mail_servers);
}

static void write_inspection(FILE *f, int o)
{
	fprintf(f, "inspection:\n  reference_date: 2012-12-01\n  kinds:\n");
	for (int k = 0; k < NKIND; k++)
		fprintf(f, "    %s: {systems: %d}\n", kind_code[k], ins_systems[o][k]);
	fprintf(f, "  items:\n");
	for (int i = 0; i < NINS; i++)
		fprintf(f, "    %s: {implemented: %ld, not_implemented: %ld, not_applicable: %ld}\n", ins_items[i].id,
		        ins_A[o][i] - ins_N[o][i], ins_N[o][i], ins_systems[o][ins_items[i].kind] - ins_A[o][i]);
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
	const struct org_state *x = &st[o];
	fprintf(f, "# Sample tally: generated by samples/generate/gen_h24.c; do not edit by hand.\n");
	fprintf(f, "format: selfcheck-tally/2\nfiscal_year: 2012\norganization:\n");
	fprintf(f, "  code: %s\n  name: %s\n  name_en: \"%s\"\n  order: %d\n", orgs[o].code,
	        orgs[o].name, orgs[o].name_en, orgs[o].order);
	fprintf(f, "questionnaire: nisc-2012\n");
	fprintf(f, "persons:\n  targets: %ld\n  submitted_all: %ld\n", x->T[R_STAFF], x->submitted_all);
	fprintf(f, "roles:\n");
	for (int r = 0; r < NROLE; r++) {
		if (x->T[r] == 0)
			continue;
		const struct att *a = &x->att[r];
		fprintf(f, "  %s:\n    targets: %ld\n    submitted: %ld\n", role_code[r], x->T[r], x->U[r]);
		fprintf(f, "    attainment: {obligated: %ld, at_100: %ld, at_95: %ld, at_90: %ld}\n",
		        a->obligated, a->at[0], a->at[1], a->at[2]);
		fprintf(f, "    items:\n");
		for (int i = 0; i < NITEM; i++) {
			if (!binds(i, r))
				continue;
			long am = x->A[r][i], n = x->N[r][i];
			fprintf(f, "      %s: {implemented: %ld, not_implemented: %ld, not_applicable: %ld}\n",
			        items[i].id, am - n, n, x->U[r] - am);
		}
	}
	write_inspection(f, o);
	if (fclose(f) != 0) {
		fprintf(stderr, "gen_h24: cannot write '%s': %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* 復興庁's weak staff sheets from its published attainment: the counts of sheets at 100%, at
 * 95% or more and at 90% or more whose shares print 66.9, 72.6 and 78.3. Every submitted
 * staff sheet has a duty (S-04 concerns everyone). */
static int plan_rc_attainment(void)
{
	long O = st[RC].U[R_STAFF], at[3] = { -1, -1, -1 };
	for (long k = 0; k <= O; k++)
		for (int t = 0; t < 3; t++)
			if (at[t] < 0 && print_tenths(k, O) == pub_rc_att[t])
				at[t] = k;
	if (at[0] < 0 || at[1] < 0 || at[2] < 0) {
		fprintf(stderr, "gen_h24: 復興庁's attainment cannot print with %ld staff sheets\n", O);
		return -1;
	}
	rc_weak.W = O - at[0];
	rc_weak.n1 = at[1] - at[0];
	rc_weak.n2 = at[2] - at[1];
	return 0;
}

int main(int argc, char **argv)
{
	const char *quest = "questionnaires/nisc-2012.yaml";
	const char *outdir;
	if (gen_args(argc, argv, "gen_h24", &quest, &outdir))
		return 1;
	if (check_questionnaire(quest) != 0)
		return 2;
	RC = org_index("reconstruction");
	ENV = org_index("env");
	METI = org_index("meti");
	MOFA = org_index("mofa");
	MEXT = org_index("mext");
	MLIT = org_index("mlit");
	MHLW = org_index("mhlw");
	CAS = org_index("cas");
	CAA = org_index("caa");
	NPA = org_index("npa");
	CAO = org_index("cao");
	for (int k = 0; k < NSTATEMENT; k++) {
		stmt_org[k] = org_index(statements[k].org);
		stmt_item[k] = -1;
		for (int i = 0; i < NITEM; i++)
			if (strcmp(items[i].id, statements[k].item) == 0 && binds(i, statements[k].role))
				stmt_item[k] = i;
		if (stmt_item[k] < 0) {
			fprintf(stderr, "gen_h24: internal error: %s is not an item of %s\n", statements[k].item,
			        role_code[statements[k].role]);
			return 2;
		}
	}

	for (int o = 0; o < NORG; o++)
		plan_grasp(o);
	if (search_grasp() != 0)
		fprintf(stderr, "gen_h24: the grasp search did not meet every target\n");
	if (plan_rc_attainment() != 0)
		return 1;
	for (int o = 0; o < NORG; o++)
		plan_impl(o);
	if (search_impl() != 0)
		fprintf(stderr, "gen_h24: the implementation search did not meet every target\n");
	int built = build_all();
	if (plan_inspection() != 0)
		return 1;
	if (verify() != 0 || built != 0) {
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
