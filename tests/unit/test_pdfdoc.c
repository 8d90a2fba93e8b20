/* Unit tests for renderer/pdfdoc: pagination, repeated table headers, the table of contents
 * with page numbers, bookmarks, metadata and embedded fonts, read back with poppler's tools
 * (pdftotext, pdfinfo, pdffonts, pdftohtml). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/diag.h"
#include "core/text.h"
#include "renderer/pdfdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

/* Output of a shell command (freed here), as a new string. */
static char *run(char *cmd)
{
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

/* Whether pdfinfo's output has the line "KEY   VALUE". */
static bool field_is(const char *info, const char *key, const char *value)
{
	const char *p = strstr(info, key);
	if (!p)
		return false;
	p += strlen(key);
	while (*p == ' ')
		p++;
	return strncmp(p, value, strlen(value)) == 0 && p[strlen(value)] == '\n';
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void box(cairo_t *cr, double w, double h, const void *data)
{
	(void)data;
	cairo_set_source_rgb(cr, 0, 0.45, 0.7);
	cairo_rectangle(cr, 0, 0, w, h);
	cairo_fill(cr);
}

static const char *LONG_JA =
	"各府省庁は、統一基準群に規定された遵守事項について、その主体が対策を実施しているかを"
	"統計的に把握するため、自らの役割に応じた対策の実施状況を点検し、その結果を取りまとめて"
	"内閣官房情報セキュリティセンターに報告した。内閣官房情報セキュリティセンターはこれを分析し、"
	"政府機関全体の評価を行った。";

static char *build(const char *name, int *pages)
{
	struct pdfdoc_info info = {.title = "試験文書", .subject = "ページ分割の確認",
				   .author = "内閣官房", .created = "2013-06-17T10:00:00"};
	struct pdfdoc *d = pdfdoc_new(&info);
	pdfdoc_footnote_start(d, 7);
	pdfdoc_cover(d, "年次報告", "副題", "平成24年度", "発行者", "平成25年6月");
	pdfdoc_toc(d, "目次");
	pdfdoc_page_break(d);
	pdfdoc_running(d, "第２編 試験", "第１節");
	pdfdoc_heading(d, 1, "第１節 政府機関全体", true);
	for (int i = 0; i < 12; i++)
		pdfdoc_paragraph(d, LONG_JA, PDFDOC_BODY);
	pdfdoc_heading(d, 2, "1 表の確認", true);
	static const double w[3] = {3, 1, 1};
	struct pdfdoc_table *t = pdfdoc_table_new(3, w, "表 ２-５ 評価結果");
	const char *head[3] = {"府省庁名", "把握率の評価", "実施率の評価"};
	pdfdoc_table_header(t, head);
	pdfdoc_table_align(t, 1, PDFDOC_CENTER);
	for (int i = 0; i < 90; i++) {
		char org[32];
		snprintf(org, sizeof org, "機関%02d", i + 1);
		const char *row[3] = {org, "Ａ", i % 3 ? "Ｂ" : NULL};
		pdfdoc_table_row(t, row);
	}
	pdfdoc_table_note(t, "※復興庁は、平成24年2月発足。");
	pdfdoc_table(d, t);
	const char *feet[2] = {"脚注その一。", "脚注その二。"};
	pdfdoc_footnotes(d, feet, 2);
	pdfdoc_figure(d, box, NULL, NULL, 0.8, 200, "図 ２-１ 試験の図");
	/* row spans and a vertical label (表２-７'s layout) */
	static const double w7[4] = {1.4, 0.5, 4, 1};
	struct pdfdoc_table *t7 = pdfdoc_table_new(4, w7, "表 ２-７ 検査結果");
	const char *h7[4] = {"対象", "", "検査項目", "実施率"};
	pdfdoc_table_header(t7, h7);
	pdfdoc_table_vertical(t7, 1);
	pdfdoc_table_align(t7, 3, PDFDOC_RIGHT_ALIGN);
	const char *r1[4] = {"公開ウェブサーバ", "サービス不能攻撃対策", "大量パケット送信型の攻撃への対策", "95％"};
	const char *r2[4] = {NULL, NULL, "回線の冗長化", "100％"};
	const char *r3[4] = {NULL, NULL, "監視体制", "97％"};
	const char *r4[4] = {NULL, "", "SSLバージョン２の無効化", "100％"};
	pdfdoc_table_row(t7, r1);
	pdfdoc_table_row(t7, r2);
	pdfdoc_table_row(t7, r3);
	pdfdoc_table_row(t7, r4);
	pdfdoc_table(d, t7);
	pdfdoc_page_break(d);
	pdfdoc_running(d, "第２編 試験", "第２節 1.内閣官房");
	pdfdoc_heading(d, 1, "第２節 各府省庁", true);
	pdfdoc_heading(d, 2, "1 内閣官房", true);
	pdfdoc_heading(d, 3, "A) 総括", false);
	const char *last[1] = {"最後の脚注。"};
	pdfdoc_footnotes(d, last, 1);
	pdfdoc_paragraph(d, "平成25年6月17日", PDFDOC_RIGHT);
	char *path = xasprintf("%s/%s", dir, name);
	struct pdfdoc_timings tm;
	pdfdoc_last_timings(d, &tm);
	assert_true(tm.wall[PDFDOC_LAYOUT] == 0 && tm.cpu[PDFDOC_WRITE] == 0 && tm.begin_wall == 0);
	double before_wall, before_cpu;
	pdfdoc_clocks(&before_wall, &before_cpu);
	assert_int_equal(pdfdoc_write(d, path), 0);
	double after_wall, after_cpu;
	pdfdoc_clocks(&after_wall, &after_cpu);
	*pages = pdfdoc_page_count(d);
	/* The write says where its time went: laying out, the chart (the figure), the fonts,
	 * writing; all within the time the call took. */
	pdfdoc_last_timings(d, &tm);
	double sum = 0;
	for (int k = 0; k < PDFDOC_PHASES; k++) {
		assert_true(tm.wall[k] > 0 && tm.cpu[k] >= 0);
		sum += tm.wall[k];
	}
	assert_true(tm.begin_wall >= before_wall && sum <= after_wall - before_wall + 1e-6);
	assert_true(tm.begin_cpu >= before_cpu && tm.begin_cpu <= after_cpu);
	pdfdoc_free(d);
	return path;
}

static void test_pages_and_text(void **state)
{
	(void)state;
	int pages;
	char *path = build("doc.pdf", &pages);
	assert_true(pages >= 5);
	char *info = run(xasprintf("pdfinfo '%s'", path));
	const char *p = strstr(info, "Pages:");
	assert_non_null(p);
	assert_int_equal(atoi(p + 6), pages);
	assert_true(field_is(info, "Title:", "試験文書"));
	assert_true(field_is(info, "Subject:", "ページ分割の確認"));
	assert_true(field_is(info, "Author:", "内閣官房"));
	assert_true(field_is(info, "CreationDate:", "Mon Jun 17 10:00:00 2013 UTC"));
	assert_true(field_is(info, "Page size:", "595.276 x 841.89 pts (A4)"));

	char *text = run(xasprintf("pdftotext -layout '%s' -", path));
	assert_non_null(strstr(text, "平成24年度"));
	assert_non_null(strstr(text, "機関90"));
	assert_non_null(strstr(text, "※復興庁は、平成24年2月発足。"));
	/* the table spans pages: its header row is printed on each of them */
	size_t heads = count_of(text, "把握率の評価");
	assert_true(heads >= 2);
	/* the spanned rows keep their own texts on their own lines */
	assert_non_null(strstr(text, "回線の冗長化"));
	assert_non_null(strstr(text, "SSLバージョン２の無効化"));
	free(text);
	/* the vertical label: one character per line, top to bottom */
	text = run(xasprintf("pdftotext '%s' -", path));
	assert_non_null(strstr(text, "サ\nー\nビ\nス"));
	/* footnotes: numbered through the document, texts at the foot of their item's page */
	const char *page = strstr(text, "表 ２-５ 評価結果 7,8");
	assert_non_null(page);
	const char *ff = strchr(page, '\f');
	const char *f1 = strstr(page, "7 脚注その一。");
	assert_non_null(f1);
	assert_true(!ff || f1 < ff);
	assert_non_null(strstr(text, "A) 総括 9"));
	assert_non_null(strstr(text, "9 最後の脚注。"));
	/* the running footer and page numbers */
	assert_non_null(strstr(text, "-1-"));
	assert_non_null(strstr(text, "第２節 1.内閣官房"));
	free(text);
	free(info);

	char *fonts = run(xasprintf("pdffonts '%s'", path));
	assert_non_null(strstr(fonts, "NotoSansCJKjp-Regular"));
	assert_non_null(strstr(fonts, "NotoSansCJKjp-Bold"));
	/* every font embedded: the "emb" column reads yes on each font line */
	assert_null(strstr(fonts, " no  "));
	free(fonts);
	free(path);
}

/* The table of contents gives each heading the page it is printed on. */
static void test_toc_page_numbers(void **state)
{
	(void)state;
	int pages;
	char *path = build("toc.pdf", &pages);
	/* the last heading starts the last page; page numbers count from after the cover */
	char *text = run(xasprintf("pdftotext -layout -f %d -l %d '%s' -", pages, pages, path));
	assert_non_null(strstr(text, "1 内閣官房"));
	free(text);
	char *toc = run(xasprintf("pdftotext -layout -f 2 -l 2 '%s' -", path));
	char want[64];
	snprintf(want, sizeof want, "%d", pages - 1);
	const char *line = strstr(toc, "1 内閣官房");
	assert_non_null(line);
	const char *eol = strchr(line, '\n');
	char *row = xstrndup(line, eol ? (size_t)(eol - line) : strlen(line));
	size_t len = strlen(row), wl = strlen(want);
	assert_true(len > wl);
	assert_string_equal(row + len - wl, want);
	free(row);
	free(toc);
	free(path);
}

/* Bookmarks: one per heading, nested by level (pdftohtml -xml lists the outline). */
static void test_outline(void **state)
{
	(void)state;
	int pages;
	char *path = build("outline.pdf", &pages);
	char *xml = run(xasprintf("pdftohtml -q -xml -i -stdout '%s'", path));
	assert_non_null(strstr(xml, "<outline>"));
	assert_non_null(strstr(xml, ">第１節 政府機関全体</item>"));
	assert_non_null(strstr(xml, ">1 表の確認</item>"));
	assert_non_null(strstr(xml, ">A) 総括</item>"));
	/* nesting: 1 内閣官房 sits in an inner outline under 第２節 */
	const char *sec = strstr(xml, ">第２節 各府省庁</item>");
	assert_non_null(sec);
	const char *inner = strstr(sec, "<outline>");
	assert_non_null(inner);
	assert_non_null(strstr(inner, ">1 内閣官房</item>"));
	free(xml);
	free(path);
}

static void test_write_failure(void **state)
{
	(void)state;
	struct pdfdoc *d = pdfdoc_new(NULL);
	pdfdoc_paragraph(d, "x", PDFDOC_PLAIN);
	assert_int_equal(pdfdoc_write(d, "/nonexistent-dir/x.pdf"), -1);
	pdfdoc_free(d);
}


int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/test_pdfdoc.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	diag_set_program("test_pdfdoc");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_and_text),
		cmocka_unit_test(test_toc_page_numbers),
		cmocka_unit_test(test_outline),
		cmocka_unit_test(test_write_failure),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (getenv("TEST_KEEP_OUTPUT")) {
		fprintf(stderr, "documents kept in %s\n", dir);
	} else {
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			rc = 1;
		free(cmd);
	}
	pdfdoc_shutdown();
	return rc;
}
