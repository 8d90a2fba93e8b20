/* xlsx: the coordinator's workbook, written with libxlsxwriter. */
#include "aggregator/xlsx.h"
#include "core/diag.h"
#include "core/readfile.h"
#include "core/inspection.h"
#include "aggregator/choicetab.h"
#include "core/outfile.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zlib.h>

/* The first cell libxlsxwriter refused (a row past the sheet's end, a string longer than a cell
 * holds): the workbook is then not written, rather than written without it. */
static struct {
	lxw_error err;
	char sheet[64];
	lxw_row_t row;
	lxw_col_t col;
} refused;

static void note(lxw_error err, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col)
{
	if (err == LXW_NO_ERROR || refused.err != LXW_NO_ERROR)
		return;
	refused.err = err;
	snprintf(refused.sheet, sizeof refused.sheet, "%s", ws->name);
	refused.row = row;
	refused.col = col;
}

static void cell_string(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	note(worksheet_write_string(ws, row, col, s, f), ws, row, col);
}

static void cell_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f)
{
	note(worksheet_write_number(ws, row, col, v, f), ws, row, col);
}

struct book_formats {
	lxw_format *header, *percent, *count, *grade[4], *title, *whole_percent, *missing;
};

static void make_formats(lxw_workbook *wb, struct book_formats *f)
{
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_bg_color(f->header, 0xD9E1F2);
	format_set_border(f->header, LXW_BORDER_THIN);
	format_set_text_wrap(f->header);
	f->percent = workbook_add_format(wb);
	format_set_num_format(f->percent, "0.0%");
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "#,##0");
	static const uint32_t colours[4] = {0xC6EFCE, 0xFFF2CC, 0xFCE4D6, 0xFFC7CE};
	for (int i = 0; i < 4; i++) {
		f->grade[i] = workbook_add_format(wb);
		format_set_bg_color(f->grade[i], colours[i]);
		format_set_align(f->grade[i], LXW_ALIGN_CENTER);
		format_set_bold(f->grade[i]);
	}
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	f->whole_percent = workbook_add_format(wb);
	format_set_num_format(f->whole_percent, "0%");
	f->missing = workbook_add_format(wb);
	format_set_bg_color(f->missing, 0xFFC7CE);
}

static void put_rate(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int tenths, const struct book_formats *f)
{
	/* The display value, so the cell shows exactly what the text outputs print. */
	if (tenths >= 0)
		cell_number(ws, r, c, tenths / 1000.0, f->percent);
}

static void put_grade(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, char grade, const struct book_formats *f)
{
	if (grade >= 'A' && grade <= 'D') {
		char s[2] = {grade, 0};
		cell_string(ws, r, c, s, f->grade[grade - 'A']);
	}
}

static void put_count(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, uint64_t n, const struct book_formats *f)
{
	cell_number(ws, r, c, (double)n, f->count);
}

static void headers(lxw_worksheet *ws, const char *const *names, lxw_col_t n, lxw_row_t last_row,
		    const struct book_formats *f)
{
	for (lxw_col_t c = 0; c < n; c++)
		cell_string(ws, 0, c, names[c], f->header);
	worksheet_set_row(ws, 0, 30, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, last_row > 0 ? last_row : 1, (lxw_col_t)(n - 1));
	/* Printed for management: landscape A4, all columns on one page width, the header
	 * row repeated on every page. */
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
}

/* Rows of one organisation (or unit) × group, and the government's rows. */
static lxw_row_t group_rows(lxw_worksheet *ws, lxw_row_t row, const char *code, const char *name,
			    const struct ratetab_group *groups, const struct book_formats *f)
{
	for (int g = 0; g < GROUP_SLOTS; g++) {
		const struct ratetab_group *rg = &groups[g];
		if (g != GROUP_ALL && !rg->present)
			continue;
		cell_string(ws, row, 0, code, NULL);
		cell_string(ws, row, 1, name, NULL);
		cell_string(ws, row, 2, group_name((enum role_group)g, "ja"), NULL);
		if (rg->counts_known) {
			put_count(ws, row, 3, rg->targets, f);
			put_count(ws, row, 4, rg->submitted, f);
		}
		put_rate(ws, row, 5, rg->grasp_tenths, f);
		put_grade(ws, row, 6, rg->grasp_grade, f);
		put_count(ws, row, 7, rg->answers.implemented, f);
		put_count(ws, row, 8, rg->answers.not_implemented, f);
		put_count(ws, row, 9, rg->answers.not_applicable, f);
		put_rate(ws, row, 10, rg->implementation_tenths, f);
		put_grade(ws, row, 11, rg->implementation_grade, f);
		for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++) {
			put_rate(ws, row, (lxw_col_t)(12 + a), rg->attainment_tenths[a], f);
			put_rate(ws, row, (lxw_col_t)(15 + a), rg->persons_attainment_tenths[a], f);
		}
		row++;
	}
	return row;
}

static const char *const summary_headers[] = {
	"組織コード", "組織名", "主体", "対象者数", "報告者数", "把握率", "把握率評価", "実施", "未実施",
	"該当なし", "実施率", "実施率評価", "到達率(100%)", "到達率(95%)", "到達率(90%)",
	"職員到達率(100%)", "職員到達率(95%)", "職員到達率(90%)",
};
#define SUMMARY_COLUMNS (sizeof summary_headers / sizeof summary_headers[0])

static void summary_sheet(lxw_workbook *wb, const struct xlsx_book *b, const struct book_formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "概要");
	const struct ratetab *rt = b->rates;
	lxw_row_t row = 1;
	for (size_t o = 0; o < rt->org_count; o++) {
		const struct org *org = &rt->orgs[o].tally->org;
		row = group_rows(ws, row, org->code, org->name ? org->name : org->code, rt->orgs[o].group, f);
	}
	if (rt->org_count > 1) {
		const char *name = rt->weighting == RATETAB_UNWEIGHTED ? "政府全体（府省庁平均）" : "政府全体（人数加重）";
		row = group_rows(ws, row, "ALL", name, rt->government, f);
	}
	headers(ws, summary_headers, SUMMARY_COLUMNS, row - 1, f);
	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 1, 2, 20, NULL);
	worksheet_set_column(ws, 3, (lxw_col_t)(SUMMARY_COLUMNS - 1), 11, NULL);
	if (b->title)
		cell_string(ws, row + 1, 0, b->title, f->title);
	/* What the figures are: the method, and (one ministry) the tally they come from. */
	char *method = xasprintf("算出方法: %s", rt->method == RATE_METHOD_NISC
		? "nisc（全主体は職員を1人1回として把握率を、主体（役割）ごとの実施率の平均として実施率を算出）"
		: "pooled（全主体は全役割の回答を合算して算出）");
	cell_string(ws, row + 2, 0, method, NULL);
	free(method);
	if (rt->org_count == 1) {
		const struct tally_provenance *p = &rt->orgs[0].tally->source;
		char *when = xasprintf("集計時点: %s", p->tallied_at ? p->tallied_at : "不明");
		char *state = p->closed_at ? xasprintf("回収状況: 締切済み（%s）", p->closed_at)
					   : xstrdup("回収状況: 回収中（締切前の集計）");
		cell_string(ws, row + 3, 0, when, NULL);
		cell_string(ws, row + 4, 0, state, NULL);
		free(when);
		free(state);
	}
}

/* The entity the item sheet describes: the one organisation, or the government. */
static const struct ratetab_org *item_entity(const struct ratetab *rt)
{
	return rt->org_count == 1 ? &rt->orgs[0] : NULL;
}

/* Whether a role of group answers item i (otherwise its cells stay blank). */
static bool answered_in_group(const struct quest *q, size_t i, int group)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (quest_item_has_role(&q->items[i], (enum role)r) && role_in_group((enum role)r, (enum role_group)group))
			return true;
	return false;
}

static void item_sheet(lxw_workbook *wb, const struct xlsx_book *b, const struct book_formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "項目別");
	const struct ratetab *rt = b->rates;
	const struct quest *q = rt->quest;
	const struct ratetab_org *who = item_entity(rt);
	const struct ratetab_group *groups = who ? who->group : rt->government;
	int used[GROUP_SLOTS], nused = 0;
	for (int g = 0; g < GROUP_SLOTS; g++)
		if (g == GROUP_ALL || groups[g].present)
			used[nused++] = g;
	static const char *const fixed[] = {"項目", "条項", "分類"};
	static const char *const per_group[] = {"実施", "未実施", "該当なし", "実施率"};
	lxw_col_t ncols = (lxw_col_t)(3 + 4 * nused);
	char **names = xcalloc(ncols, sizeof *names);
	for (int c = 0; c < 3; c++)
		names[c] = xstrdup(fixed[c]);
	for (int u = 0; u < nused; u++)
		for (int k = 0; k < 4; k++)
			names[3 + 4 * u + k] = xasprintf("%s %s", group_name((enum role_group)used[u], "ja"), per_group[k]);
	for (size_t i = 0; i < q->item_count; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		cell_string(ws, row, 0, q->items[i].id, NULL);
		cell_string(ws, row, 1, q->items[i].clause, NULL);
		cell_string(ws, row, 2, q->categories[q->items[i].category].name.ja, NULL);
		for (int u = 0; u < nused; u++) {
			const struct ratetab_rate *r = ratetab_item(rt, who, (enum role_group)used[u], i);
			lxw_col_t c = (lxw_col_t)(3 + 4 * u);
			if (!answered_in_group(q, i, used[u]))
				continue;
			put_count(ws, row, c, r->answers.implemented, f);
			put_count(ws, row, c + 1, r->answers.not_implemented, f);
			put_count(ws, row, c + 2, r->answers.not_applicable, f);
			put_rate(ws, row, c + 3, r->tenths, f);
		}
	}
	headers(ws, (const char *const *)names, ncols, (lxw_row_t)q->item_count, f);
	worksheet_set_column(ws, 0, 1, 14, NULL);
	worksheet_set_column(ws, 2, 2, 22, NULL);
	worksheet_set_column(ws, 3, (lxw_col_t)(ncols - 1), 11, NULL);
	for (lxw_col_t c = 0; c < ncols; c++)
		free(names[c]);
	free(names);

	/* A native chart of the "all" implementation rate of every item. */
	lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_BAR);
	lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
	lxw_col_t all_rate = (lxw_col_t)(3 + 4 * (nused - 1) + 3);
	chart_series_set_categories(s, "項目別", 1, 0, (lxw_row_t)q->item_count, 0);
	chart_series_set_values(s, "項目別", 1, all_rate, (lxw_row_t)q->item_count, all_rate);
	chart_series_set_name(s, "実施率（全主体）");
	chart_title_set_name(chart, "項目別 実施率");
	chart_axis_set_num_format(chart->x_axis, "0%");
	chart_axis_set_max(chart->x_axis, 1.0);
	chart_axis_set_reverse(chart->y_axis);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 2.5};
	worksheet_insert_chart_opt(ws, 1, (lxw_col_t)(ncols + 1), chart, &opt);
}

static const char *const unit_headers[] = {
	"部局等", "主体", "対象者数", "報告者数", "把握率", "把握率評価", "実施率", "実施率評価",
};

/* Units whose rates are computed at once for the unit sheet: a slice's rate table (about
 * 100 kB a unit) stays in the processor's cache. */
#define UNIT_SLICE 16

static int unit_sheet(lxw_workbook *wb, const struct xlsx_book *b, const struct book_formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "部局別");
	lxw_row_t row = 1;
	int rc = 0;
	for (size_t from = 0; from < b->unit_count && rc == 0; from += UNIT_SLICE) {
		size_t n = b->unit_count - from < UNIT_SLICE ? b->unit_count - from : UNIT_SLICE;
		struct ratetab *rt;
		rc = ratetab_build_groups(b->rates->quest, b->units + from, n, b->unit_spec, &rt);
		for (size_t u = 0; rc == 0 && u < rt->org_count; u++) {
			const struct ratetab_org *o = &rt->orgs[u];
			for (int g = 0; g < GROUP_SLOTS; g++) {
				const struct ratetab_group *rg = &o->group[g];
				if (g != GROUP_ALL && !rg->present)
					continue;
				cell_string(ws, row, 0, o->tally->org.code, NULL);
				cell_string(ws, row, 1, group_name((enum role_group)g, "ja"), NULL);
				put_count(ws, row, 2, rg->targets, f);
				put_count(ws, row, 3, rg->submitted, f);
				put_rate(ws, row, 4, rg->grasp_tenths, f);
				put_grade(ws, row, 5, rg->grasp_grade, f);
				put_rate(ws, row, 6, rg->implementation_tenths, f);
				put_grade(ws, row, 7, rg->implementation_grade, f);
				row++;
			}
		}
		if (rc == 0)
			ratetab_free(rt);
	}
	headers(ws, unit_headers, 8, row - 1, f);
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 7, 12, NULL);
	return rc;
}

static const char *const person_headers[] = {"職員番号", "氏名", "部局等", "役割"};

static void nonrespondent_sheet(lxw_workbook *wb, const struct xlsx_book *b, const struct book_formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "未提出者");
	for (size_t i = 0; i < b->nonrespondent_count; i++) {
		const struct tallyunits_person *p = &b->nonrespondents[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		cell_string(ws, row, 0, p->person_id, NULL);
		cell_string(ws, row, 1, p->name, NULL);
		cell_string(ws, row, 2, p->unit, NULL);
		cell_string(ws, row, 3, role_name(p->role, "ja"), NULL);
	}
	headers(ws, person_headers, 4, (lxw_row_t)b->nonrespondent_count, f);
	worksheet_set_column(ws, 0, 1, 14, NULL);
	worksheet_set_column(ws, 2, 3, 30, NULL);
}

static const char *const inspection_headers[] = {
	"対象", "区分", "検査項目", "項目名", "対象数", "実施", "未実施", "該当なし", "実施率",
};

/* The focused inspection's rates: of the one organisation, or of the government (systems pooled). */
static void inspection_sheet(lxw_workbook *wb, const struct xlsx_book *b, const struct book_formats *f)
{
	const struct ratetab *rt = b->rates;
	const struct inspection *ins = rt->quest->inspection;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "重点検査");
	const struct ratetab_org *who = item_entity(rt);
	lxw_row_t row = 1;
	for (size_t i = 0; i < ins->item_count; i++) {
		const struct ratetab_inspection_rate *r = ratetab_inspection_item(rt, who, i);
		const struct inspection_item *it = &ins->items[i];
		if (!r->present)
			continue;
		cell_string(ws, row, 0, ins->kinds[it->kind].name.ja, NULL);
		if (it->group >= 0)
			cell_string(ws, row, 1, ins->groups[it->group].name.ja, NULL);
		cell_string(ws, row, 2, it->id, NULL);
		cell_string(ws, row, 3, it->name.ja, NULL);
		put_count(ws, row, 4, r->systems, f);
		put_count(ws, row, 5, r->answers.implemented, f);
		put_count(ws, row, 6, r->answers.not_implemented, f);
		put_count(ws, row, 7, r->answers.not_applicable, f);
		/* the whole percent the report prints, rounded half up from the exact counts */
		if (r->percent >= 0)
			cell_number(ws, row, 8, r->percent / 100.0, f->whole_percent);
		row++;
	}
	headers(ws, inspection_headers, 9, row - 1, f);
	worksheet_set_column(ws, 0, 1, 18, NULL);
	worksheet_set_column(ws, 2, 2, 10, NULL);
	worksheet_set_column(ws, 3, 3, 48, NULL);
	worksheet_set_column(ws, 4, 8, 10, NULL);
	char *note = xasprintf("検査基準日: %s。実施率は、実施／（実施＋未実施）を小数点以下四捨五入したもの。%s",
			       ins->reference_date, who ? "" : "政府全体は全府省庁の対象を合算した値。");
	cell_string(ws, row + 1, 0, note, NULL);
	free(note);
}

/* The systems of the roster with each answer, for following up those not yet answered. */
static void systems_sheet(lxw_workbook *wb, const struct xlsx_book *b, const struct book_formats *f)
{
	const struct inspection *ins = b->rates->quest->inspection;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "情報システム");
	static const char *const fixed[] = {"システムID", "名称", "種別", "所属", "責任者", "責任者氏名", "状況",
					    "回答状況", "最終回答日時"};
	lxw_col_t nfixed = 9, ncols = (lxw_col_t)(nfixed + ins->item_count);
	const char **names = xcalloc(ncols, sizeof *names);
	for (lxw_col_t c = 0; c < nfixed; c++)
		names[c] = fixed[c];
	for (size_t i = 0; i < ins->item_count; i++)
		names[nfixed + i] = ins->items[i].id;
	for (size_t k = 0; k < b->system_count; k++) {
		const struct systally_system *y = &b->systems[k];
		lxw_row_t row = (lxw_row_t)(k + 1);
		long kind = inspection_find_kind(ins, y->kind);
		cell_string(ws, row, 0, y->system_id, NULL);
		cell_string(ws, row, 1, y->name, NULL);
		cell_string(ws, row, 2, kind >= 0 ? ins->kinds[kind].name.ja : y->kind, NULL);
		cell_string(ws, row, 3, y->unit, NULL);
		cell_string(ws, row, 4, y->officer, NULL);
		if (y->officer_name)
			cell_string(ws, row, 5, y->officer_name, NULL);
		else
			cell_string(ws, row, 5, "（名簿にない）", f->missing);
		cell_string(ws, row, 6, y->excluded ? "対象外" : "対象", NULL);
		size_t answered = 0, n = kind >= 0 ? ins->kind_item_count[kind] : 0;
		for (size_t p = 0; y->answers && p < n && p < strlen(y->answers); p++)
			answered += y->answers[p] != '0';
		const char *state = y->answered ? "回答済" : answered ? "回答中" : "未回答";
		cell_string(ws, row, 7, state, !y->answered && !y->excluded ? f->missing : NULL);
		if (y->updated_at)
			cell_string(ws, row, 8, y->updated_at, NULL);
		for (size_t p = 0; p < n; p++) {
			char code = y->answers && p < strlen(y->answers) ? y->answers[p] : '0';
			static const char *const words[] = {"未回答", "実施", "未実施", "該当なし"};
			int w = code >= '0' && code <= '3' ? code - '0' : 0;
			cell_string(ws, row, (lxw_col_t)(nfixed + ins->kind_items[kind][p]), words[w],
					       w == 0 || w == 2 ? f->missing : NULL);
		}
	}
	headers(ws, names, ncols, (lxw_row_t)b->system_count, f);
	worksheet_set_column(ws, 0, 0, 12, NULL);
	worksheet_set_column(ws, 1, 3, 20, NULL);
	worksheet_set_column(ws, 4, 8, 12, NULL);
	worksheet_set_column(ws, nfixed, (lxw_col_t)(ncols - 1), 9, NULL);
	free(names);
}

/* ---- checking what libxlsxwriter wrote ----
 *
 * libxlsxwriter builds each part of the package in a temporary file and does not check those
 * writes: on a full disk it can produce a well-formed zip whose XML parts are cut short. So the
 * package is read back: every part must inflate to its recorded size and CRC, and every XML
 * part must end with the end tag of its root element. */

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

/* Whether the XML text ends with the end of its root element. */
static bool xml_complete(const unsigned char *x, size_t n)
{
	size_t i = 0;
	for (;;) {
		while (i < n && x[i] != '<')
			i++;
		if (i + 1 >= n)
			return false;
		if (x[i + 1] != '?' && x[i + 1] != '!')
			break;
		i++;
	}
	size_t name = i + 1, end = name;
	while (end < n && x[end] != '>' && x[end] != '/' && x[end] != ' ' && x[end] != '\t' && x[end] != '\r' &&
	       x[end] != '\n')
		end++;
	size_t len = end - name;
	while (n > 0 && (x[n - 1] == '\n' || x[n - 1] == '\r' || x[n - 1] == ' ' || x[n - 1] == '\t'))
		n--;
	if (len == 0 || n < len + 3)
		return false;
	/* <root .../> alone */
	if (n >= 2 && x[n - 2] == '/' && x[n - 1] == '>' && memchr(x + end, '>', n - end) == x + n - 1)
		return true;
	return x[n - 1] == '>' && x[n - len - 3] == '<' && x[n - len - 2] == '/' &&
	       memcmp(x + n - len - 1, x + name, len) == 0;
}

static int inflate_part(const unsigned char *data, size_t csize, unsigned method, unsigned char *out, size_t usize)
{
	if (method == 0)
		return csize == usize ? (memcpy(out, data, usize), 0) : -1;
	if (method != 8)
		return -1;
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)csize;
	z.next_out = out;
	z.avail_out = (uInt)usize;
	int rc = inflate(&z, Z_FINISH);
	size_t got = z.total_out;
	inflateEnd(&z);
	return rc == Z_STREAM_END && got == usize ? 0 : -1;
}

/* Returns 0 when the package at path is whole, -1 otherwise (nothing reported). */
static int verify_package(const char *path)
{
	char *buf;
	size_t size;
	if (readfile(path, 0, NULL, true, &buf, &size))
		return -1;
	const unsigned char *z = (const unsigned char *)buf;
	/* The end of central directory record: the last 22 bytes (libxlsxwriter writes no comment). */
	if (size < 22 || le32(z + size - 22) != 0x06054b50) {
		free(buf);
		return -1;
	}
	const unsigned char *eocd = z + size - 22;
	size_t entries = le16(eocd + 10), cd_size = le32(eocd + 12), cd_off = le32(eocd + 16);
	int rc = cd_off + cd_size <= size - 22 && entries > 0 ? 0 : -1;
	size_t at = cd_off;
	for (size_t e = 0; rc == 0 && e < entries; e++) {
		if (at + 46 > cd_off + cd_size || le32(z + at) != 0x02014b50) {
			rc = -1;
			break;
		}
		const unsigned char *c = z + at;
		unsigned method = le16(c + 10);
		uint32_t crc = le32(c + 16);
		size_t csize = le32(c + 20), usize = le32(c + 24);
		size_t nlen = le16(c + 28), xlen = le16(c + 30), clen = le16(c + 32), loc = le32(c + 42);
		const unsigned char *name = c + 46;
		at += 46 + nlen + xlen + clen;
		if (loc + 30 > size || le32(z + loc) != 0x04034b50) {
			rc = -1;
			break;
		}
		size_t data = loc + 30 + le16(z + loc + 26) + le16(z + loc + 28);
		if (data + csize > size) {
			rc = -1;
			break;
		}
		unsigned char *out = xmalloc(usize + 1);
		if (inflate_part(z + data, csize, method, out, usize) ||
		    crc32(0L, out, (uInt)usize) != crc)
			rc = -1;
		bool is_xml = (nlen >= 4 && memcmp(name + nlen - 4, ".xml", 4) == 0) ||
			      (nlen >= 5 && memcmp(name + nlen - 5, ".rels", 5) == 0);
		if (rc == 0 && is_xml && !xml_complete(out, usize))
			rc = -1;
		free(out);
	}
	free(buf);
	return rc;
}

static const char *const choice_headers[] = {
	"組織", "項目", "選択肢番号", "選択肢", "回答数", "N", "割合",
};

/* Choice items (aggregator/choicetab.h): per organisation, item and option the count, N and
 * the whole-percent share, then the organisations pooled (ALL). */
static void choice_sheet(lxw_workbook *wb, const struct xlsx_book *b, const struct book_formats *f)
{
	const struct ratetab *rt = b->rates;
	const struct quest *q = rt->quest;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "選択式");
	lxw_row_t row = 1;
	for (size_t o = 0; o <= rt->org_count; o++) {
		for (size_t i = 0; i < q->item_count; i++) {
			const struct choice *c = q->items[i].choice;
			if (!c)
				continue;
			struct choicetab_sum sum = {0};
			if (o < rt->org_count)
				choicetab_add(rt->orgs[o].tally, i, &sum);
			else
				for (size_t k = 0; k < rt->org_count; k++)
					choicetab_add(rt->orgs[k].tally, i, &sum);
			for (size_t k = 0; k < c->option_count; k++, row++) {
				cell_string(ws, row, 0, o < rt->org_count ? rt->orgs[o].tally->org.code : "ALL", NULL);
				cell_string(ws, row, 1, q->items[i].id, NULL);
				put_count(ws, row, 2, k + 1, f);
				cell_string(ws, row, 3, c->options[k].ja, NULL);
				put_count(ws, row, 4, sum.counts[k], f);
				put_count(ws, row, 5, sum.n, f);
				int share = choice_share_percent(sum.counts[k], sum.n);
				if (share >= 0)
					cell_number(ws, row, 6, share / 100.0, f->whole_percent);
			}
		}
		if (rt->org_count == 1)
			break; /* a ministry's own store: its rows are the whole */
	}
	headers(ws, choice_headers, 7, row - 1, f);
	worksheet_set_column(ws, 0, 1, 12, NULL);
	worksheet_set_column(ws, 3, 3, 48, NULL);
	cell_string(ws, row + 1, 0, "割合は、回答数／N を小数点以下四捨五入したもの。N は回答の数（複数選択可の項目では選ばれた選択肢の延べ数）。", NULL);
}

int xlsx_write(const char *path, const struct xlsx_book *b)
{
	if (b->nonrespondent_count >= XLSX_MAX_ROWS)
		return diag_error("cannot write '%s': %zu non-respondent sheets need more rows than the %d of an xlsx sheet",
				  path, b->nonrespondent_count, XLSX_MAX_ROWS);
	/* The workbook lists non-respondents by name: readable by its owner only. */
	struct outfile out;
	if (outfile_open(&out, path, b->nonrespondent_count ? OUTFILE_PERSONAL : OUTFILE_PUBLIC))
		return -1;
	lxw_workbook *wb = workbook_new(outfile_temp_path(&out));
	if (!wb) {
		outfile_abort(&out);
		return diag_error("cannot create '%s'", path);
	}
	lxw_doc_properties props = {.title = (char *)(b->title ? b->title : ""), .subject = "自己点検"};
	workbook_set_properties(wb, &props);
	struct book_formats f;
	memset(&refused, 0, sizeof refused);
	make_formats(wb, &f);
	summary_sheet(wb, b, &f);
	item_sheet(wb, b, &f);
	if (unit_sheet(wb, b, &f)) {
		/* Nothing is kept of a workbook that misses a sheet. */
		workbook_close(wb);
		outfile_abort(&out);
		return -1;
	}
	nonrespondent_sheet(wb, b, &f);
	if (b->rates->quest->inspection && ratetab_inspection_known(b->rates, NULL))
		inspection_sheet(wb, b, &f);
	if (b->rates->quest->inspection && b->system_count)
		systems_sheet(wb, b, &f);
	if (b->rates->quest->choice_item_count)
		choice_sheet(wb, b, &f);
	lxw_error err = workbook_close(wb);
	if (err == LXW_NO_ERROR && refused.err != LXW_NO_ERROR) {
		outfile_abort(&out);
		return diag_error("cannot write '%s': sheet %s, row %lu, column %u does not fit an xlsx sheet, which holds "
				  "%d rows and %d characters per cell (%s); nothing was written", path, refused.sheet,
				  (unsigned long)refused.row + 1, (unsigned)refused.col + 1, XLSX_MAX_ROWS, XLSX_MAX_CELL_CHARS,
				  lxw_strerror(refused.err));
	}
	if (err == LXW_NO_ERROR && verify_package(outfile_temp_path(&out))) {
		outfile_abort(&out);
		return diag_error("cannot write '%s': the workbook came out incomplete (is the disk full?); nothing was "
				  "written, a file of that name is left as it was", path);
	}
	if (err != LXW_NO_ERROR) {
		outfile_abort(&out);
		return diag_error("cannot write '%s': %s (nothing was written; a file of that name is left as it was)",
				  path, lxw_strerror(err));
	}
	return outfile_commit(&out);
}
