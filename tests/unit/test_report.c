/* Unit tests for renderer/report and renderer/repdata on a national store built here through
 * the core API: a FY2024 year (令和6年度) with two organisations, one of them without system
 * officers, and no published history — the report must still lay out, name the year in the
 * current era, print its grades and rates, and mark missing values with a dash. A copy of the
 * store with one organisation's published previous year checks the previous-year column and
 * that sentences comparing with the previous year appear only where there is one to compare
 * with, and never across a series break. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "aggregator/history.h"
#include "core/diag.h"
#include "core/store.h"
#include "core/text.h"
#include "renderer/chartset.h"
#include "renderer/pdfdoc.h"
#include "renderer/repdata.h"
#include "renderer/report.h"
#include "renderer/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char *db;

static const char QUEST[] =
	"format: selfcheck-questionnaire/1\n"
	"id: mini-2024\n"
	"fiscal_year: 2024\n"
	"title: {ja: 令和6年度 自己点検, en: FY2024 self-check}\n"
	"categories:\n"
	"  - {code: info, ja: 情報の取扱い, en: Handling information}\n"
	"  - {code: mgmt, ja: 管理, en: Management}\n"
	"items:\n"
	"  - {id: S-01, roles: [staff], category: info, clause: '1', question: {ja: 格付を明示したか, en: Marked?}, explanation: {ja: 説明, en: Why}}\n"
	"  - {id: S-02, roles: [staff], category: info, clause: '2', question: {ja: 施錠したか, en: Locked?}, explanation: {ja: 説明, en: Why}}\n"
	"  - {id: O-01, roles: [ciso], category: mgmt, clause: '3', question: {ja: 規程を定めたか, en: Rules?}, explanation: {ja: 説明, en: Why}}\n"
	"  - {id: Y-01, roles: [system_officer], category: mgmt, clause: '4', question: {ja: 更新したか, en: Updated?}, explanation: {ja: 説明, en: Why}}\n";

static void counts(struct tally_role *r, uint64_t targets, uint64_t submitted, size_t n,
		   const uint64_t (*c)[3])
{
	r->targets = targets;
	r->submitted = submitted;
	for (size_t i = 0; i < n; i++) {
		r->items[i].implemented = c[i][0];
		r->items[i].not_implemented = c[i][1];
		r->items[i].not_applicable = c[i][2];
	}
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_report.XXXXXX");
	assert_non_null(mkdtemp(dir));
	db = xasprintf("%s/national.db", dir);
	struct quest *q;
	assert_int_equal(quest_load_buffer("mini.yaml", QUEST, strlen(QUEST), &q), 0);
	struct store *s;
	assert_int_equal(store_open(db, STORE_CREATE, &s), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_put_quest(s, q), 0);
	assert_int_equal(store_put_year(s, 2024, q->digest, NULL), 0);

	struct org a = {.code = "alpha", .name = "甲省", .name_en = "Ministry A", .order = 1};
	struct tally *t = tally_new(&a, 2024, q);
	static const uint64_t staff_a[2][3] = {{90, 10, 0}, {100, 0, 0}};
	static const uint64_t ciso[1][3] = {{1, 0, 0}};
	static const uint64_t sys[1][3] = {{3, 1, 0}};
	counts(tally_role_use(t, ROLE_STAFF), 100, 100, 2, staff_a);
	counts(tally_role_use(t, ROLE_CISO), 1, 1, 1, ciso);
	counts(tally_role_use(t, ROLE_SYSTEM_OFFICER), 4, 4, 1, sys);
	/* the CISO and the system officers are among the 100 staff */
	t->persons = (struct tally_persons){true, 100, 100};
	assert_int_equal(store_put_tally(s, t), 0);
	tally_free(t);

	struct org b = {.code = "beta", .name = "乙庁", .name_en = "Agency B", .order = 2,
			.note_ja = "※乙庁は令和6年4月発足。", .note_en = "* Agency B was established in April 2024."};
	t = tally_new(&b, 2024, q);
	static const uint64_t staff_b[2][3] = {{50, 0, 0}, {50, 0, 0}};
	counts(tally_role_use(t, ROLE_STAFF), 60, 50, 2, staff_b);
	counts(tally_role_use(t, ROLE_CISO), 1, 1, 1, ciso);
	t->persons = (struct tally_persons){true, 60, 50};
	assert_int_equal(store_put_tally(s, t), 0);
	tally_free(t);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
	quest_free(q);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	free(db);
	pdfdoc_shutdown();
	return rc;
}

static char *pdftotext(const char *pdf)
{
	char *cmd = xasprintf("pdftotext -layout '%s' -", pdf);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct strbuf sb;
	strbuf_init(&sb);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		strbuf_add(&sb, buf, n);
	assert_int_equal(pclose(p), 0);
	free(cmd);
	return strbuf_detach(&sb);
}

/* Whether some line of text matches all the words in order, separated by blanks only. */
static bool row(const char *text, const char *const *words)
{
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char *l = xstrndup(line, len);
		const char *p = l;
		bool ok = true;
		for (const char *const *w = words; *w && ok; w++) {
			while (*p == ' ')
				p++;
			if (strncmp(p, *w, strlen(*w)))
				ok = false;
			else
				p += strlen(*w);
		}
		while (ok && *p == ' ')
			p++;
		ok = ok && !*p;
		free(l);
		if (ok)
			return true;
		line = eol ? eol + 1 : NULL;
	}
	return false;
}

static const char TEMPLATE[] =
	"format: selfcheck-template/1\n"
	"lang: ja\n"
	"title: 年次報告（{year}）\n"
	"cover: {year: \"{year}\", title: 年次報告}\n"
	"blocks:\n"
	"  - toc: 目次\n"
	"  - heading: 第１節　全体\n"
	"  - paragraph: 全主体平均の把握率は{gov.grasp.all}、前年度の実施率は{gov.implementation_prev.all}。\n"
	"  - table: grasp_by_group\n"
	"    caption: 表 ２-２ 主体別の把握率\n"
	"  - table: implementation_trend\n"
	"    caption: 表 ２-３ 主体別の実施率及びその推移\n"
	"  - table: grades\n"
	"    caption: 表 ２-５ 評価結果\n"
	"  - chart: trend\n"
	"    caption: 図 ２-１ 推移\n"
	"  - organizations:\n"
	"      blocks:\n"
	"        - heading: \"{org.number} {org.name}\"\n"
	"          level: 2\n"
	"        - paragraph: \"{org.name}の実施率は{org.implementation.staff}（評価{org.implementation_grade}）。\"\n"
	"        - table: org_groups\n"
	"        - table: org_low_items\n"
	"        - chart: org_items\n"
	"          caption: 項目別\n";

static void test_report_reiwa(void **state)
{
	(void)state;
	struct template *t;
	assert_int_equal(template_load_buffer("t.yaml", TEMPLATE, strlen(TEMPLATE), &t), 0);
	struct repdata *d;
	assert_int_equal(repdata_load(db, 2024, report_trend_years(t), &d), 0);
	assert_int_equal(d->count, 2);
	char *pdf = xasprintf("%s/r.pdf", dir);
	struct report_stats st;
	struct report_options o = {.created = "2025-06-17T10:00:00"};
	assert_int_equal(report_render(t, d, &o, pdf, &st), 0);
	assert_true(st.pages >= 3);
	assert_int_equal(st.charts, 3);
	char *text = pdftotext(pdf);
	if (getenv("TEST_SHOW"))
		fputs(text, stderr);
	assert_non_null(strstr(text, "令和6年度"));
	assert_non_null(strstr(text, "年次報告（令和6年度）") || strstr(text, "令和6年度"));
	/* grasp counting persons once: alpha 100/100, beta 50/60 = 83.3%; the unweighted mean is
	 * 91.7%; staff alone: (100 + 83.3) / 2 = 91.7% (pooling every sheet would give 91.8%) */
	assert_non_null(strstr(text, "全主体平均の把握率は91.7％"));
	assert_true(row(text, (const char *const[]){"91.7％", "100.0％", "100.0％", "91.7％", NULL}));
	/* no history: the previous year prints a dash */
	assert_non_null(strstr(text, "前年度の実施率は－"));
	assert_true(row(text, (const char *const[]){"甲省", "Ａ", "Ｂ", NULL}));
	assert_true(row(text, (const char *const[]){"乙庁", "Ｂ", "Ａ", NULL}));
	assert_non_null(strstr(text, "※乙庁は令和6年4月発足。"));
	/* the trend table: R2..R6 heads, only the current year has values */
	assert_true(row(text, (const char *const[]){"行政事務従事者", "-", "-", "-", "-", "97.5%", NULL}));
	assert_non_null(strstr(text, "R6年度"));
	/* beta has no system officers: its row is absent, alpha's low item is listed */
	assert_non_null(strstr(text, "甲省の実施率は95.0％（評価Ｂ）。"));
	assert_non_null(strstr(text, "格付を明示したか"));
	free(text);

	/* English labels on the same template */
	o.lang = "en";
	assert_int_equal(report_render(t, d, &o, pdf, &st), 0);
	text = pdftotext(pdf);
	assert_non_null(strstr(text, "FY2024"));
	assert_true(row(text, (const char *const[]){"Ministry A", "A", "B", NULL}));
	assert_null(strstr(text, "％"));
	free(text);
	free(pdf);
	repdata_free(d);
	template_free(t);
}

static void test_missing_year_and_org(void **state)
{
	(void)state;
	struct repdata *d;
	assert_int_equal(repdata_load(db, 2023, 5, &d), -1);
	assert_null(d);
	assert_int_equal(repdata_load(db, 2024, 5, &d), 0);
	struct chartset *cs;
	struct chartset_options o = {.kind = TC_ORG_ITEMS, .group = GROUP_STAFF, .org = "gamma", .lang = "ja"};
	assert_int_equal(chartset_build(d, &o, &cs), -1);
	o.org = "beta";
	assert_int_equal(chartset_build(d, &o, &cs), 0);
	assert_true(chartset_natural_height(cs, 400) > 80);
	chartset_free(cs);
	repdata_free(d);
}

static void test_bad_narrative_stops_report(void **state)
{
	(void)state;
	char *nd = xasprintf("%s/narr", dir);
	char *path = xasprintf("%s/alpha.yaml", nd);
	char *mk = xasprintf("mkdir -p '%s'", nd);
	assert_int_equal(system(mk), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("format: selfcheck-narrative/1\norganization: beta\nfiscal_year: 2024\n", f);
	fclose(f);
	struct template *t;
	assert_int_equal(template_load_buffer("t.yaml", TEMPLATE, strlen(TEMPLATE), &t), 0);
	struct repdata *d;
	assert_int_equal(repdata_load(db, 2024, 5, &d), 0);
	char *pdf = xasprintf("%s/n.pdf", dir);
	struct report_options o = {.narrative_dir = nd};
	assert_int_equal(report_render(t, d, &o, pdf, NULL), -1);
	assert_int_equal(access(pdf, F_OK), -1);
	repdata_free(d);
	template_free(t);
	free(pdf);
	free(mk);
	free(path);
	free(nd);
}

/* The text with every run of blanks and line ends made one space (ja: removed), so that a
 * sentence the layout wraps can be found whole. */
static char *flat(const char *text, bool ja)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (const char *p = text; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\f') {
			while (p[1] == ' ' || p[1] == '\n' || p[1] == '\f')
				p++;
			if (!ja)
				strbuf_addch(&sb, ' ');
			continue;
		}
		strbuf_addch(&sb, *p);
	}
	return strbuf_detach(&sb);
}

static const char PREV_TEMPLATE[] =
	"format: selfcheck-template/1\n"
	"lang: ja\n"
	"title: 年次報告（{year}）\n"
	"blocks:\n"
	"  - paragraph: \"注記：{method.note}\"\n"
	"  - organizations:\n"
	"      blocks:\n"
	"        - heading: \"{org.number} {org.name}\"\n"
	"          level: 2\n"
	"        - paragraph: \"{org.name}の実施率（全体）は{org.implementation.all}で、{org.change.implementation.all}となった。\"\n"
	"          when: org.previous.implementation.all\n"
	"        - paragraph: \"{org.name}には比べる前年度の値がない。\"\n"
	"          unless: org.previous.implementation.all\n"
	"        - paragraph: \"{org.name}の行政事務従事者は上昇した（{org.implementation_prev.staff}→{org.implementation.staff}）。\"\n"
	"          when: org.up.implementation.staff\n"
	"        - paragraph: \"{org.name}の行政事務従事者は低下した。\"\n"
	"          when: org.down.implementation.staff\n"
	"        - paragraph: \"{org.name}の把握率は{org.change.grasp.all}（{org.grasp_prev.all}）。\"\n"
	"          when: org.same.grasp.all\n"
	"        - table: org_groups\n";

/* alpha published FY2023 figures; beta none. */
static const char PREV_HISTORY[] =
	"format: selfcheck-history/2\n"
	"years:\n"
	"  - fiscal_year: 2023\n"
	"    method: nisc\n"
	"    organizations:\n"
	"      alpha:\n"
	"        grasp: {all: 100}\n"
	"        implementation: {staff: 94.0, all: 96.0}\n";

static char *render_text(const struct template *t, const char *store, const char *lang)
{
	struct repdata *d;
	assert_int_equal(repdata_load(store, 2024, report_trend_years(t), &d), 0);
	char *pdf = xasprintf("%s/prev.pdf", dir);
	struct report_options o = {.created = "2025-06-17T10:00:00", .lang = lang};
	assert_int_equal(report_render(t, d, &o, pdf, NULL), 0);
	char *text = pdftotext(pdf);
	if (getenv("TEST_SHOW"))
		fputs(text, stderr);
	repdata_free(d);
	free(pdf);
	return text;
}

static void test_previous_year(void **state)
{
	(void)state;
	/* a copy of the store with alpha's published FY2023 */
	char *copy = xasprintf("%s/prev.db", dir);
	char *cmd = xasprintf("cp '%s' '%s'", db, copy);
	assert_int_equal(system(cmd), 0);
	char *hist = xasprintf("%s/prev-history.yaml", dir);
	FILE *f = fopen(hist, "w");
	assert_non_null(f);
	fputs(PREV_HISTORY, f);
	fclose(f);
	struct history *h;
	assert_int_equal(history_load(hist, &h), 0);
	struct store *s;
	assert_int_equal(store_open(copy, STORE_EXISTING, &s), 0);
	assert_int_equal(history_import(s, h), 0);
	store_close(s);
	history_free(h);

	struct template *t;
	assert_int_equal(template_load_buffer("prev.yaml", PREV_TEMPLATE, strlen(PREV_TEMPLATE), &t), 0);
	char *text = render_text(t, copy, NULL);
	char *ft = flat(text, true);
	/* the column: alpha's staff 94.0 and whole 96.0 of FY2023, a dash where nothing is known
	 * (alpha's officers, every group of beta) */
	assert_true(row(text, (const char *const[]){"主体", "対象者数", "報告者数", "把握率", "実施率", "前年度", NULL}));
	assert_true(row(text, (const char *const[]){"行政事務従事者", "100", "100", "100.0％", "95.0％", "94.0％", "50.0％", "50.0％", "100.0％", NULL}));
	assert_true(row(text, (const char *const[]){"責任者等", "1", "1", "100.0％", "100.0％", "－", "100.0％", "100.0％", "100.0％", NULL}));
	assert_true(row(text, (const char *const[]){"行政事務従事者", "60", "50", "83.3％", "100.0％", "－", "100.0％", "100.0％", "100.0％", NULL}));
	/* the whole of alpha: the mean of its roles staff 95.0, ciso 100, system officers 75.0;
	 * two of its four items at 100%, three at 90% or more */
	assert_true(row(text, (const char *const[]){"全体", "100", "100", "100.0％", "90.0％", "96.0％", "50.0％", "50.0％", "75.0％", NULL}));
	/* sentences: a comparison only where there is a previous value, in the right direction */
	assert_non_null(strstr(ft, "甲省の実施率（全体）は90.0％で、前年度から6.0ポイント低下となった。"));
	assert_non_null(strstr(ft, "甲省の行政事務従事者は上昇した（94.0％→95.0％）。"));
	assert_null(strstr(ft, "甲省の行政事務従事者は低下した"));
	assert_non_null(strstr(ft, "甲省の把握率は前年度と同じ（100.0％）。"));
	assert_null(strstr(ft, "甲省には比べる前年度の値がない"));
	assert_non_null(strstr(ft, "乙庁には比べる前年度の値がない。"));
	assert_null(strstr(ft, "乙庁の実施率（全体）"));
	assert_null(strstr(ft, "乙庁の行政事務従事者"));
	assert_null(strstr(ft, "乙庁の把握率は"));
	assert_null(strstr(ft, "系列が断絶"));
	/* the method in words */
	assert_non_null(strstr(ft, "注記：府省庁の全主体の把握率は、職員等を1人1回と数え"));
	assert_non_null(strstr(ft, "主体（役割）ごとの実施率を単純平均した値であり、人数で重み付けしていない。"));
	free(ft);
	free(text);

	/* English words for the same */
	text = render_text(t, copy, "en");
	ft = flat(text, false);
	assert_non_null(strstr(ft, "Ministry Aの実施率（全体）は90.0%で、down 6.0 points from the previous year"));
	assert_non_null(strstr(ft, "Ministry Aの把握率はthe same as the previous year（100.0%）。"));
	assert_true(row(text, (const char *const[]){"Administrative staff", "100", "100", "100.0%", "95.0%", "94.0%", "50.0%", "50.0%", "100.0%", NULL}));
	assert_non_null(strstr(ft, "A ministry's implementation rate as a whole is the simple mean"));
	free(ft);
	free(text);

	/* The year computed by another method than the previous one: a series break. The values
	 * are still shown, the break is said under the table, and no sentence compares. */
	assert_int_equal(store_open(copy, STORE_EXISTING, &s), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_set_year_method(s, 2024, RATE_METHOD_POOLED), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
	text = render_text(t, copy, NULL);
	ft = flat(text, true);
	assert_true(row(text, (const char *const[]){"行政事務従事者", "100", "100", "100.0％", "95.0％", "94.0％", "50.0％", "50.0％", "100.0％", NULL}));
	assert_non_null(strstr(ft, "※前年度との間で系列が断絶している。算出方法が変わった（主体ごとの平均（NISC方式）→全回答の合算）。"));
	assert_null(strstr(ft, "前年度から"));
	assert_null(strstr(ft, "上昇した"));
	assert_null(strstr(ft, "前年度と同じ"));
	assert_non_null(strstr(ft, "甲省には比べる前年度の値がない。"));
	assert_non_null(strstr(ft, "注記：府省庁の全主体の把握率は、全ての役割の点検票を合算し"));
	assert_non_null(strstr(ft, "全ての役割の回答を合算して算出した"));
	free(ft);
	free(text);
	template_free(t);
	free(hist);
	free(cmd);
	free(copy);
}

/* One sentence per grade: only the one for the value's grade is printed; the sentence about
 * the organisations' texts only when there are some. */
static const char GRADE_TEMPLATE[] =
	"format: selfcheck-template/1\n"
	"lang: ja\n"
	"title: 年次報告（{year}）\n"
	"blocks:\n"
	"  - paragraph: 把握率Ａの文。\n"
	"    when: gov.grade_a.grasp.all\n"
	"  - paragraph: 把握率Ｂの文。\n"
	"    when: gov.grade_b.grasp.all\n"
	"  - paragraph: 把握率Ｃの文。\n"
	"    when: gov.grade_c.grasp.all\n"
	"  - paragraph: 把握率がＤでない文。\n"
	"    unless: gov.grade_d.grasp.all\n"
	"  - paragraph: \"{gov.narrative_count}府省庁の文章を示す。\"\n"
	"    when: gov.narratives\n"
	"  - paragraph: 文章の提出はない。\n"
	"    unless: gov.narratives\n"
	"  - organizations:\n"
	"      blocks:\n"
	"        - paragraph: \"{org.name}の把握率はＡ。\"\n"
	"          when: org.grade_a.grasp.all\n"
	"        - paragraph: \"{org.name}の把握率はＢ。\"\n"
	"          when: org.grade_b.grasp.all\n"
	"        - paragraph: \"{org.name}の実施率はＡ。\"\n"
	"          when: org.grade_a.implementation.all\n";

static void test_grade_conditions(void **state)
{
	(void)state;
	struct template *t;
	assert_int_equal(template_load_buffer("grade.yaml", GRADE_TEMPLATE, strlen(GRADE_TEMPLATE), &t), 0);
	char *text = render_text(t, db, NULL);
	char *ft = flat(text, true);
	/* government-wide grasp 91.7%: grade B; alpha 100% (A), beta 83.3% (B); alpha's
	 * implementation 95.0% is B, beta's 100% A */
	assert_null(strstr(ft, "把握率Ａの文"));
	assert_non_null(strstr(ft, "把握率Ｂの文。"));
	assert_null(strstr(ft, "把握率Ｃの文"));
	assert_non_null(strstr(ft, "把握率がＤでない文。"));
	assert_non_null(strstr(ft, "甲省の把握率はＡ。"));
	assert_null(strstr(ft, "甲省の把握率はＢ"));
	assert_non_null(strstr(ft, "乙庁の把握率はＢ。"));
	assert_null(strstr(ft, "甲省の実施率はＡ"));
	/* no narrative directory: the introduction promises no texts */
	assert_non_null(strstr(ft, "文章の提出はない。"));
	assert_null(strstr(ft, "府省庁の文章を示す"));
	free(ft);
	free(text);
	template_free(t);
}

int main(void)
{
	diag_set_program("test_report");
	diag_set_quiet(1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_reiwa),
		cmocka_unit_test(test_missing_year_and_org),
		cmocka_unit_test(test_bad_narrative_stops_report),
		cmocka_unit_test(test_previous_year),
		cmocka_unit_test(test_grade_conditions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
