/*
 * gen_ministry: writes the sample roster and answers of one fictional ministry for fiscal
 * year 2026 (samples/ministry/roster.csv, samples/ministry/answers.csv), answering the
 * questionnaire selfcheck-2026.
 *
 * Usage: gen_ministry [-q QUESTIONNAIRE] OUTDIR
 *
 * The ministry (code demo, 沿岸整備省 / Ministry of Coastal Development) has a minister's
 * secretariat, three policy bureaus and regional offices, about 2,200 people. Everyone is
 * staff; heads of division also hold division_officer (and some area_officer), directors-
 * general security_officer, and so on, so several people answer two or three sheets. A few
 * people are on long leave (excluded), some never answer, some stop part-way. Items and
 * their roles come from the questionnaire through the core loader, so the answers always
 * match it. Deterministic: a fixed-seed generator, no clock, no environment.
 *
 * The ministry's systems for the focused inspection (samples/ministry/systems.csv) are its
 * public web servers, mail servers, mail domains and networks, each with a system officer or
 * a regional administrator as its responsible officer; their answers
 * (samples/ministry/system-answers.csv) leave a few systems unanswered or half done, for the
 * coordinator's reminders. Written after the people, so that their files do not move.
 *
 * CSV as RFC 4180 (CRLF line ends, UTF-8). One bureau's answers are written with the
 * numeric codes 1/2/3, as some ministries' survey tools export them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "samples/generate/gen.h"
#include "core/inspection.h"
#include "core/quest.h"
#include "core/roles.h"

static uint64_t rng_state = 0x2026d00dcafef00dull;

static uint64_t rng_next(void) { return gen_rng_next(&rng_state); }

static unsigned rng_below(unsigned n) { return n <= 1 ? 0 : (unsigned)(rng_next() % n); }

/* per mille */
static int chance(unsigned permille) { return rng_below(1000) < permille; }

struct unit_def {
	const char *bureau;
	const char *division;
	int people;
};

/* 2,180 people: the secretariat and three bureaus at headquarters, then regional offices. */
static const struct unit_def units[] = {
	{ "大臣官房", "総務課", 60 },       { "大臣官房", "人事課", 55 },
	{ "大臣官房", "会計課", 70 },       { "大臣官房", "広報室", 25 },
	{ "大臣官房", "情報システム課", 45 }, { "政策局", "政策課", 60 },
	{ "政策局", "企画課", 50 },         { "政策局", "調査統計課", 65 },
	{ "港湾局", "港湾計画課", 70 },     { "港湾局", "港湾整備課", 85 },
	{ "港湾局", "港湾安全課", 60 },     { "海岸局", "海岸保全課", 75 },
	{ "海岸局", "防災課", 70 },         { "海岸局", "環境調整課", 45 },
	{ "北部地方整備局", "総務部", 120 }, { "北部地方整備局", "港湾空港部", 180 },
	{ "北部地方整備局", "沿岸事務所", 210 }, { "中部地方整備局", "総務部", 110 },
	{ "中部地方整備局", "港湾空港部", 170 }, { "中部地方整備局", "沿岸事務所", 200 },
	{ "南部地方整備局", "総務部", 100 }, { "南部地方整備局", "港湾空港部", 160 },
	{ "南部地方整備局", "沿岸事務所", 100 },
};
#define NUNIT ((int)(sizeof units / sizeof units[0]))

static const char *const family[] = {
	"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
	"吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水",
	"山崎", "森", "池田", "橋本", "阿部", "石川", "山下", "中島", "石井", "小川",
};
static const char *const given[] = {
	"健太", "翔", "大輔", "拓也", "直樹", "誠", "浩二", "亮", "隆", "修",
	"美咲", "陽子", "恵", "直美", "由美", "愛", "彩", "真由美", "智子", "花子",
	"一郎", "和也", "悠", "蓮", "結衣", "葵", "優子", "雅人", "聡", "晴美",
};

#define MAX_ROLES 4

struct person {
	char id[16];
	char name[64];
	char unit[128];
	int roles[MAX_ROLES];
	int nroles;
	int excluded;     /* long leave: not a target in any role */
	int bureau_index;
};

static struct person *people;
static int npeople;

static void add_role(struct person *p, int role)
{
	for (int k = 0; k < p->nroles; k++)
		if (p->roles[k] == role)
			return;
	if (p->nroles < MAX_ROLES)
		p->roles[p->nroles++] = role;
}

static int bureau_of(const char *bureau)
{
	static const char *seen[NUNIT];
	static int nseen;
	for (int k = 0; k < nseen; k++)
		if (strcmp(seen[k], bureau) == 0)
			return k;
	seen[nseen] = bureau;
	return nseen++;
}

static void build_people(void)
{
	int total = 0;
	for (int u = 0; u < NUNIT; u++)
		total += units[u].people;
	people = calloc((size_t)total, sizeof *people);
	if (!people) {
		fprintf(stderr, "gen_ministry: out of memory\n");
		exit(2);
	}
	const char *last_bureau = "";
	for (int u = 0; u < NUNIT; u++) {
		int first_of_bureau = strcmp(units[u].bureau, last_bureau) != 0;
		last_bureau = units[u].bureau;
		int regional = strstr(units[u].bureau, "地方") != NULL;
		for (int k = 0; k < units[u].people; k++) {
			struct person *p = &people[npeople];
			snprintf(p->id, sizeof p->id, "D%05d", npeople + 1);
			snprintf(p->name, sizeof p->name, "%s %s",
			         family[rng_below(sizeof family / sizeof family[0])],
			         given[rng_below(sizeof given / sizeof given[0])]);
			snprintf(p->unit, sizeof p->unit, "%s/%s", units[u].bureau, units[u].division);
			p->bureau_index = bureau_of(units[u].bureau);
			add_role(p, ROLE_STAFF);
			if (k == 0) {
				/* head of division; regional offices also name him or her for the area */
				add_role(p, ROLE_DIVISION_OFFICER);
				if (regional || chance(400))
					add_role(p, ROLE_AREA_OFFICER);
			}
			if (k == 1 && first_of_bureau)
				add_role(p, ROLE_SECURITY_OFFICER);   /* the bureau's director-general */
			if (strcmp(units[u].division, "総務課") == 0 && strcmp(units[u].bureau, "大臣官房") == 0) {
				if (k == 2)
					add_role(p, ROLE_CISO);
				if (k == 3)
					add_role(p, ROLE_CHIEF_OFFICER);
				if (k >= 4 && k < 8)
					add_role(p, ROLE_AUDIT_OFFICER);
			}
			if (strcmp(units[u].division, "情報システム課") == 0) {
				if (k == 0)
					add_role(p, ROLE_INCIDENT_OFFICER);
				if (k >= 2 && k < 10)
					add_role(p, ROLE_SYSTEM_OFFICER);
				if (k >= 10 && k < 30)
					add_role(p, ROLE_SYSTEM_ADMIN);
			}
			if (regional && strcmp(units[u].division, "総務部") == 0 && k >= 2 && k < 6)
				add_role(p, ROLE_SYSTEM_ADMIN);
			if (strcmp(units[u].division, "広報室") == 0 && k >= 1 && k < 5)
				add_role(p, ROLE_SNS_OPERATOR);
			p->excluded = chance(15);
			npeople++;
		}
	}
}

/* CSV field: quoted only when it holds a comma, quote or line break (RFC 4180). */
static void put_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		fprintf(stderr, "gen_ministry: cannot create '%s': %s\n", path, strerror(errno));
	return f;
}

static int close_out(FILE *f, const char *name)
{
	if (fclose(f) != 0) {
		fprintf(stderr, "gen_ministry: cannot write '%s': %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_roster(const char *dir)
{
	FILE *f = open_out(dir, "roster.csv");
	if (!f)
		return -1;
	fputs("person_id,name,unit,role,status\r\n", f);
	for (int k = 0; k < npeople; k++) {
		const struct person *p = &people[k];
		for (int r = 0; r < p->nroles; r++) {
			put_field(f, p->id);
			fputc(',', f);
			put_field(f, p->name);
			fputc(',', f);
			put_field(f, p->unit);
			fprintf(f, ",%s,%s\r\n", role_info((enum role)p->roles[r])->code,
			        p->excluded ? "excluded" : "active");
		}
	}
	return close_out(f, "roster.csv");
}

/* Chance (per mille) that an answer is "not applicable", from how situational the item is:
 * items whose question starts from an occasion ("…とき") often did not arise. */
static unsigned na_chance(const struct quest_item *it)
{
	const char *q = it->question.ja;
	if (strstr(q, "とき") || strstr(q, "場合"))
		return 350;
	return 30;
}

static int write_answers(const char *dir, const struct quest *q)
{
	FILE *f = open_out(dir, "answers.csv");
	if (!f)
		return -1;
	static const char *const word[] = { "implemented", "not_implemented", "not_applicable" };
	static const char *const digit[] = { "1", "2", "3" };
	fputs("person_id,role,item,answer\r\n", f);
	for (int k = 0; k < npeople; k++) {
		const struct person *p = &people[k];
		if (p->excluded)
			continue;
		/* a person's diligence: most carry out nearly everything, a few are careless */
		unsigned miss = chance(100) ? 120 : 15;
		int numeric = p->bureau_index == 2;
		for (int r = 0; r < p->nroles; r++) {
			enum role role = (enum role)p->roles[r];
			size_t n = q->role_item_count[role];
			if (n == 0 || chance(40))
				continue;                  /* never answered this sheet */
			size_t stop = n;
			if (chance(25))
				stop = rng_below((unsigned)n); /* stopped part-way */
			for (size_t s = 0; s < stop; s++) {
				const struct quest_item *it = &q->items[q->role_items[role][s]];
				int a = chance(na_chance(it)) ? 2 : chance(miss) ? 1 : 0;
				put_field(f, p->id);
				fprintf(f, ",%s,", role_info(role)->code);
				put_field(f, it->id);
				fprintf(f, ",%s\r\n", numeric ? digit[a] : word[a]);
			}
		}
	}
	return close_out(f, "answers.csv");
}

/* ---- the focused inspection's systems ---- */

struct system_def {
	const char *id, *name, *kind, *unit;
	int regional;          /* 0 headquarters, 1-3 the northern, central, southern bureau */
	int excluded;          /* retired before the reference date */
	int answered;          /* per mille of its items answered (1000: all) */
};

static const struct system_def systems[] = {
	{ "WEB-HQ", "本省公開ウェブサイト", "web_server", "大臣官房/情報システム課", 0, 0, 1000 },
	{ "WEB-BOSAI", "沿岸防災情報サイト", "web_server", "大臣官房/情報システム課", 0, 0, 1000 },
	{ "WEB-STAT", "港湾統計公開サイト", "web_server", "大臣官房/情報システム課", 0, 0, 600 },
	{ "WEB-OLD", "旧広報サイト", "web_server", "大臣官房/情報システム課", 0, 1, 0 },
	{ "WEB-N", "北部地方整備局ウェブサイト", "web_server", "北部地方整備局/総務部", 1, 0, 1000 },
	{ "WEB-C", "中部地方整備局ウェブサイト", "web_server", "中部地方整備局/総務部", 2, 0, 1000 },
	{ "WEB-S", "南部地方整備局ウェブサイト", "web_server", "南部地方整備局/総務部", 3, 0, 0 },
	{ "MAIL-HQ", "本省メールサーバ", "mail_server", "大臣官房/情報システム課", 0, 0, 1000 },
	{ "MAIL-N", "北部地方整備局メールサーバ", "mail_server", "北部地方整備局/総務部", 1, 0, 1000 },
	{ "MAIL-C", "中部地方整備局メールサーバ", "mail_server", "中部地方整備局/総務部", 2, 0, 1000 },
	{ "MAIL-S", "南部地方整備局メールサーバ", "mail_server", "南部地方整備局/総務部", 3, 0, 1000 },
	{ "DOM-HQ", "本省ドメイン", "mail_domain", "大臣官房/情報システム課", 0, 0, 1000 },
	{ "DOM-BOSAI", "防災情報サブドメイン", "mail_domain", "大臣官房/情報システム課", 0, 0, 1000 },
	{ "DOM-N", "北部地方整備局サブドメイン", "mail_domain", "北部地方整備局/総務部", 1, 0, 1000 },
	{ "DOM-C", "中部地方整備局サブドメイン", "mail_domain", "中部地方整備局/総務部", 2, 0, 1000 },
	{ "DOM-S", "南部地方整備局サブドメイン", "mail_domain", "南部地方整備局/総務部", 3, 0, 500 },
	{ "NET-HQ", "本省LAN", "network", "大臣官房/情報システム課", 0, 0, 1000 },
	{ "NET-N", "北部地方整備局LAN", "network", "北部地方整備局/総務部", 1, 0, 1000 },
	{ "NET-C", "中部地方整備局LAN", "network", "中部地方整備局/総務部", 2, 0, 1000 },
	{ "NET-S", "南部地方整備局LAN", "network", "南部地方整備局/総務部", 3, 0, 1000 },
};
#define NSYSTEM ((int)(sizeof systems / sizeof systems[0]))

/* The responsible officer of a system: at headquarters a system officer of the information
 * systems division, in a regional bureau one of its general affairs department's system
 * administrators, taken in turn; never someone on leave. */
static const char *officer_of(const struct system_def *y, int turn)
{
	static const char *const regions[] = { NULL, "北部地方整備局/総務部", "中部地方整備局/総務部",
	                                       "南部地方整備局/総務部" };
	int role = y->regional ? ROLE_SYSTEM_ADMIN : ROLE_SYSTEM_OFFICER;
	const char *unit = y->regional ? regions[y->regional] : "大臣官房/情報システム課";
	int found = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < npeople; k++) {
			const struct person *p = &people[k];
			int holds = 0;
			for (int r = 0; r < p->nroles; r++)
				holds |= p->roles[r] == role;
			if (!holds || p->excluded || strcmp(p->unit, unit) != 0)
				continue;
			if (found++ == turn)
				return p->id;
			if (pass == 1)
				return p->id;
		}
	return NULL;
}

static int write_systems(const char *dir, const struct quest *q)
{
	FILE *f = open_out(dir, "systems.csv");
	if (!f)
		return -1;
	fputs("system_id,name,kind,unit,officer,status\r\n", f);
	int turn[4] = { 0 };
	for (int k = 0; k < NSYSTEM; k++) {
		const struct system_def *y = &systems[k];
		const char *officer = officer_of(y, turn[y->regional]++);
		if (!officer || inspection_find_kind(q->inspection, y->kind) < 0) {
			fprintf(stderr, "gen_ministry: no officer or no kind for system %s\n", y->id);
			fclose(f);
			return -1;
		}
		fprintf(f, "%s,", y->id);
		put_field(f, y->name);
		fprintf(f, ",%s,", y->kind);
		put_field(f, y->unit);
		fprintf(f, ",%s,%s\r\n", officer, y->excluded ? "excluded" : "active");
	}
	return close_out(f, "systems.csv");
}

/* Chance (per mille) that an item does not apply to a system: the items that name a condition
 * in their explanation ("…は「該当なし」") often do not. */
static unsigned system_na_chance(const struct inspection_item *it)
{
	return strstr(it->explanation.ja, "「該当なし」") ? 400 : 0;
}

static int write_system_answers(const char *dir, const struct quest *q)
{
	const struct inspection *ins = q->inspection;
	FILE *f = open_out(dir, "system-answers.csv");
	if (!f)
		return -1;
	static const char *const word[] = { "implemented", "not_implemented", "not_applicable" };
	fputs("system_id,item,answer\r\n", f);
	for (int k = 0; k < NSYSTEM; k++) {
		const struct system_def *y = &systems[k];
		long kind = inspection_find_kind(ins, y->kind);
		if (y->excluded || kind < 0)
			continue;
		size_t n = ins->kind_item_count[kind];
		size_t stop = (size_t)((n * (unsigned)y->answered + 999) / 1000);
		if (y->answered < 1000 && stop >= n)
			stop = n - 1;
		for (size_t p = 0; p < stop; p++) {
			const struct inspection_item *it = &ins->items[ins->kind_items[kind][p]];
			int a = chance(system_na_chance(it)) ? 2 : chance(120) ? 1 : 0;
			fprintf(f, "%s,%s,%s\r\n", y->id, it->id, word[a]);
		}
	}
	return close_out(f, "system-answers.csv");
}

int main(int argc, char **argv)
{
	const char *path = "questionnaires/selfcheck-2026.yaml";
	const char *outdir;
	if (gen_args(argc, argv, "gen_ministry", &path, &outdir))
		return 1;
	struct quest *q = NULL;
	if (quest_load_file(path, &q) != 0)
		return 2;
	if (q->fiscal_year != 2026) {
		fprintf(stderr, "gen_ministry: '%s' is for fiscal year %d, expected 2026\n", path, q->fiscal_year);
		quest_free(q);
		return 2;
	}
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen_ministry: cannot create '%s': %s\n", outdir, strerror(errno));
		quest_free(q);
		return 2;
	}
	build_people();
	int rc = write_roster(outdir) == 0 && write_answers(outdir, q) == 0 ? 0 : 2;
	if (rc == 0 && q->inspection && (write_systems(outdir, q) || write_system_answers(outdir, q)))
		rc = 2;
	free(people);
	quest_free(q);
	return rc;
}
