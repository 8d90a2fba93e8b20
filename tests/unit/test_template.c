/* Unit tests for renderer/template: loading, block options, placeholder checking and
 * expansion, folded Japanese text, and the positions errors are reported at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/diag.h"
#include "renderer/pdfdoc.h"
#include "renderer/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct template *load(const char *text)
{
	struct template *t;
	if (template_load_buffer("t.yaml", text, strlen(text), &t))
		return NULL;
	return t;
}

/* Loads text expecting failure; returns what was written to stderr. */
static char *load_error(const char *text)
{
	char path[] = "/tmp/test_template.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	struct template *t;
	int rc = template_load_buffer("t.yaml", text, strlen(text), &t);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(rc, -1);
	assert_null(t);
	FILE *f = fopen(path, "r");
	char *buf = xcalloc(1, 4096);
	size_t n = fread(buf, 1, 4095, f);
	buf[n] = 0;
	fclose(f);
	close(fd);
	unlink(path);
	return buf;
}

#define HEAD "format: selfcheck-template/1\nlang: ja\ntitle: 報告\n"

static void test_blocks_and_options(void **state)
{
	(void)state;
	struct template *t = load(HEAD
		"cover: {title: 年次報告, year: \"{year}\"}\n"
		"organization_notes: {reconstruction: ※発足。}\n"
		"blocks:\n"
		"  - toc: 目次\n"
		"  - page_break\n"
		"  - heading: 第１節\n"
		"    level: 2\n"
		"  - paragraph: 率は{gov.grasp.all}\n"
		"    style: note\n"
		"  - table: implementation_trend\n"
		"    years: 7\n"
		"    notes: ※注\n"
		"  - chart: org_bars\n"
		"    metric: grasp\n"
		"    group: staff\n"
		"    width: 80\n"
		"  - organizations:\n"
		"      blocks:\n"
		"        - heading: \"{org.number} {org.name}\"\n"
		"        - narrative: goals\n"
		"          above: A) 総括\n"
		"        - chart: org_items\n");
	assert_non_null(t);
	assert_string_equal(t->lang, "ja");
	assert_string_equal(t->cover_title, "年次報告");
	assert_int_equal(t->note_count, 1);
	assert_string_equal(t->note_codes[0], "reconstruction");
	assert_int_equal(t->block_count, 7);
	assert_int_equal(t->blocks[0].kind, TB_TOC);
	assert_int_equal(t->blocks[1].kind, TB_PAGE_BREAK);
	assert_int_equal(t->blocks[2].kind, TB_HEADING);
	assert_int_equal(t->blocks[2].level, 2);
	assert_true(t->blocks[2].in_toc);
	assert_int_equal(t->blocks[3].style, PDFDOC_NOTE);
	assert_int_equal(t->blocks[4].table, TT_IMPLEMENTATION_TREND);
	assert_int_equal(t->blocks[4].years, 7);
	assert_int_equal(t->blocks[4].note_count, 1);
	assert_int_equal(t->blocks[5].chart, TC_ORG_BARS);
	assert_int_equal(t->blocks[5].metric, TM_GRASP);
	assert_int_equal(t->blocks[5].group, GROUP_STAFF);
	assert_true(t->blocks[5].width > 0.79 && t->blocks[5].width < 0.81);
	assert_true(t->blocks[5].height == 0);
	const struct template_block *org = &t->blocks[6];
	assert_int_equal(org->kind, TB_ORGANIZATIONS);
	assert_int_equal(org->block_count, 3);
	assert_int_equal(org->blocks[1].narrative, TN_GOALS);
	assert_string_equal(org->blocks[1].above, "A) 総括");
	assert_int_equal(org->blocks[2].chart, TC_ORG_ITEMS);
	template_free(t);
}

static const char *fake_lookup(void *ctx, const char *name)
{
	(void)ctx;
	if (!strcmp(name, "year"))
		return "平成24年度";
	if (!strcmp(name, "gov.grasp.all"))
		return "98.5％";
	return NULL;
}

static void test_expand(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	template_expand("{year}の把握率は{gov.grasp.all}、{{括弧}}", fake_lookup, NULL, &sb);
	assert_string_equal(sb.buf, "平成24年度の把握率は98.5％、{括弧}");
	strbuf_release(&sb);
}

static void test_placeholder_names(void **state)
{
	(void)state;
	assert_true(template_placeholder_known("gov.implementation.system_officers", false));
	assert_true(template_placeholder_known("gov.attainment95.staff", false));
	assert_true(template_placeholder_known("grades.implementation.D", false));
	assert_false(template_placeholder_known("grades.implementation.E", false));
	assert_false(template_placeholder_known("gov.grasp.others", false));
	assert_false(template_placeholder_known("org.name", false));
	assert_true(template_placeholder_known("org.name", true));
	assert_true(template_placeholder_known("org.attainment90.all", true));
	assert_false(template_placeholder_known("org.attainment80.all", true));
	assert_true(template_placeholder_known("org.change.implementation.all", true));
	assert_true(template_placeholder_known("org.implementation_prev.staff", true));
	assert_false(template_placeholder_known("org.change.implementation.all", false));
	assert_true(template_placeholder_known("gov.change.grasp.officers", false));
	assert_true(template_placeholder_known("method.note", false));
	assert_false(template_placeholder_known("org.change.attainment90.all", true));
}

/* A name says which value it is, whose, of which group and grade. */
static void test_placeholder_parse(void **state)
{
	(void)state;
	/* the government's lowest category is the staff's, the organisation's of all groups */
	static const struct {
		const char *name;
		enum template_placeholder id;
		bool org;
		enum role_group group;
		char grade;
	} want[] = {
		{"org.grasp_prev.system_officers", TP_GRASP_PREV, true, GROUP_SYSTEM_OFFICERS, 0},
		{"gov.attainment95.staff", TP_ATTAINMENT95, false, GROUP_STAFF, 0},
		{"grades.implementation.C", TP_GRADES_IMPLEMENTATION, false, GROUP_ALL, 'C'},
		{"gov.category.lowest", TP_LOWEST_CATEGORY, false, GROUP_STAFF, 0},
		{"org.lowest_category_rate", TP_LOWEST_CATEGORY_RATE, true, GROUP_ALL, 0},
		{"org.inspection.W-01", TP_INSPECTION, true, GROUP_ALL, 0},
		{"seq.kana", TP_SEQ_KANA, false, GROUP_ALL, 0},
	};
	struct template_placeholder_ref r;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_int_equal(template_placeholder_parse(want[i].name, &r), 0);
		assert_int_equal(r.id, want[i].id);
		assert_int_equal(r.org, want[i].org);
		if (want[i].id != TP_INSPECTION)
			assert_int_equal(r.group, want[i].group);
		assert_int_equal(r.grade, want[i].grade);
	}
	/* the grade is the whole rest of the name */
	assert_int_equal(template_placeholder_parse("grades.grasp.x.A", &r), -1);
	assert_int_equal(template_placeholder_parse("grades.grasp.AB", &r), -1);
	assert_int_equal(template_placeholder_parse("org.grasp.others", &r), -1);
	assert_int_equal(template_placeholder_parse("year.short", &r), -1);
}

static void test_condition_names(void **state)
{
	(void)state;
	struct template_condition c;
	assert_int_equal(template_condition_parse("org.previous.implementation.all", &c), 0);
	assert_true(c.org);
	assert_int_equal(c.kind, TCOND_PREVIOUS);
	assert_int_equal(c.metric, TM_IMPLEMENTATION);
	assert_int_equal(c.group, GROUP_ALL);
	assert_false(c.negate);
	assert_int_equal(template_condition_parse("gov.down.grasp.system_officers", &c), 0);
	assert_false(c.org);
	assert_int_equal(c.kind, TCOND_DOWN);
	assert_int_equal(c.metric, TM_GRASP);
	assert_int_equal(c.group, GROUP_SYSTEM_OFFICERS);
	assert_int_equal(template_condition_parse("org.same.implementation.staff", &c), 0);
	assert_int_equal(c.kind, TCOND_SAME);
	assert_int_equal(template_condition_parse("org.up.implementation.others", &c), -1);
	assert_int_equal(c.kind, TCOND_NONE);
	assert_int_equal(template_condition_parse("org.previous.attainment.all", &c), -1);
	assert_int_equal(template_condition_parse("ministry.previous.grasp.all", &c), -1);
	assert_int_equal(template_condition_parse("org.previous.grasp.all.x", &c), -1);
	assert_int_equal(template_condition_parse("org.better.grasp.all", &c), -1);
	assert_int_equal(template_condition_parse("gov.grade_c.grasp.all", &c), 0);
	assert_int_equal(c.kind, TCOND_GRADE_C);
	assert_int_equal(c.metric, TM_GRASP);
	assert_int_equal(template_condition_parse("org.grade_a.implementation.staff", &c), 0);
	assert_int_equal(c.kind, TCOND_GRADE_A);
	assert_true(c.org);
	assert_int_equal(template_condition_parse("org.grade_e.grasp.all", &c), -1);
	/* a block's condition as loaded */
	static const char yaml[] = "format: selfcheck-template/1\nlang: ja\ntitle: t\nblocks:\n"
				   "  - paragraph: a\n    unless: gov.previous.implementation.staff\n"
				   "  - organizations:\n      blocks:\n"
				   "        - table: org_groups\n          when: org.up.grasp.all\n";
	struct template *t;
	assert_int_equal(template_load_buffer("c.yaml", yaml, strlen(yaml), &t), 0);
	assert_int_equal(t->blocks[0].cond.kind, TCOND_PREVIOUS);
	assert_true(t->blocks[0].cond.negate);
	assert_false(t->blocks[0].cond.org);
	assert_int_equal(t->blocks[1].blocks[0].cond.kind, TCOND_UP);
	assert_true(t->blocks[1].blocks[0].cond.org);
	assert_false(t->blocks[1].blocks[0].cond.negate);
	assert_int_equal(t->blocks[1].cond.kind, TCOND_NONE);
	template_free(t);
}

/* Folding joins lines with a space: dropped between Japanese characters only. */
static void test_folded_japanese(void **state)
{
	(void)state;
	struct template *t = load(HEAD
		"blocks:\n"
		"  - paragraph: >-\n"
		"      対策が職員等によって\n"
		"      実施されている。 Latin words\n"
		"      stay apart.\n"
		"  - heading: 表 ２-１ 実施対象\n");
	assert_non_null(t);
	assert_string_equal(t->blocks[0].text, "対策が職員等によって実施されている。 Latin words stay apart.");
	/* not folded: the space the author wrote stays */
	assert_string_equal(t->blocks[1].text, "表 ２-１ 実施対象");
	template_free(t);
}

static void test_error_positions(void **state)
{
	(void)state;
	char *e = load_error(HEAD "blocks:\n  - paragraph: \"把握率は{gov.grasp.al}\"\n");
	assert_non_null(strstr(e, "t.yaml:5:21: unknown placeholder '{gov.grasp.al}'"));
	free(e);
	e = load_error(HEAD "blocks:\n  - paragraph: 年度{year\n");
	assert_non_null(strstr(e, "t.yaml:5:18: unterminated placeholder"));
	free(e);
	e = load_error(HEAD "blocks:\n  - heading: a}b\n");
	assert_non_null(strstr(e, "t.yaml:5:15: unmatched '}'"));
	free(e);
	/* every error of the file is reported, not only the first */
	e = load_error(HEAD "blocks:\n  - table: nope\n  - chart: pie\n  - heading: x\n    level: 9\n");
	assert_non_null(strstr(e, "t.yaml:5:12: unknown table 'nope'"));
	assert_non_null(strstr(e, "t.yaml:6:12: unknown chart 'pie'"));
	assert_non_null(strstr(e, "t.yaml:8:12: level"));
	free(e);
	e = load_error(HEAD "blocks:\n  - organizations:\n      blocks:\n        - table: org_groups\n  - chart: org_items\n");
	assert_non_null(strstr(e, "t.yaml:8:12: chart 'org_items' describes one organisation"));
	assert_null(strstr(e, "t.yaml:7:"));
	free(e);
}

static void test_chart_names(void **state)
{
	(void)state;
	for (int k = 0; k < TC_COUNT; k++)
		assert_int_equal(template_chart_from_name(template_chart_name((enum template_chart)k)), k);
	assert_int_equal(template_chart_from_name("pie"), -1);
	assert_int_equal(template_chart_from_name(NULL), -1);
}

static void test_shipped_templates(void **state)
{
	(void)state;
	const char *src = getenv("SRC_DIR");
	char *ja = xasprintf("%s/templates/annual-report.yaml", src ? src : ".");
	char *en = xasprintf("%s/templates/annual-report-en.yaml", src ? src : ".");
	struct template *t;
	assert_int_equal(template_load_file(ja, &t), 0);
	assert_string_equal(t->lang, "ja");
	template_free(t);
	assert_int_equal(template_load_file(en, &t), 0);
	assert_string_equal(t->lang, "en");
	template_free(t);
	free(ja);
	free(en);
}

int main(void)
{
	diag_set_program("test_template");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_and_options),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_placeholder_names),
		cmocka_unit_test(test_placeholder_parse),
		cmocka_unit_test(test_condition_names),
		cmocka_unit_test(test_folded_japanese),
		cmocka_unit_test(test_error_positions),
		cmocka_unit_test(test_chart_names),
		cmocka_unit_test(test_shipped_templates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
