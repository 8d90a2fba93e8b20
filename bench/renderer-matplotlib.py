#!/usr/bin/python3
"""The report's charts and tables drawn with matplotlib, the anchor of the renderer's row in
make bench (bench/run.py).

Reads the CSV exports of a national store (aggregator rates / trend / grades) from DIR and
draws what templates/annual-report.yaml draws — the 30 charts (the implementation trend with
its series break, the staff heat map, the answers by group, the grade matrix, five
organisation bar charts over the grade bands and one item chart per organisation) and the
tables (subject groups, grasp by group, the implementation trend, staff categories, grade
criteria, grades, rates per organisation, and per organisation its groups and the items below
the government-wide rate) — into one PDF, one chart or table a page, with the same Japanese
labels and font (Noto Sans CJK JP). The report's running text is not drawn.

usage: renderer-matplotlib.py DIR OUT.pdf [QUESTIONNAIRE.yaml]
  QUESTIONNAIRE gives the questions of the low-item tables (their item ids when it cannot be
  read).
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

plt.rcParams["font.family"] = "Noto Sans CJK JP"
plt.rcParams["pdf.fonttype"] = 42

GROUPS = [("officers", "責任者等"), ("system_officers", "システム責任者等"),
          ("staff", "行政事務従事者"), ("all", "全主体平均")]
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#000000", "#E69F00", "#56B4E9"]
BANDS = [(99.6, 100, "#cce6d6"), (80, 99.6, "#e0edf7"), (60, 80, "#fcf2d4"), (0, 60, "#fae0db")]


def rows(d, name):
    with open(os.path.join(d, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(s):
    return float(s) if s not in ("", None) else float("nan")


def questions(path):
    """Item id -> question (Japanese), or {} when the file cannot be read."""
    try:
        import yaml
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        return {it["id"]: it["question"]["ja"] for it in doc["items"]}
    except Exception:  # noqa: BLE001 - any failure: fall back to the ids
        return {}


def table_page(pdf, caption, header, body, widths=None, font=7):
    """One table on an A4 page, caption above, header row shaded, like the report's."""
    fig = plt.figure(figsize=(8.27, 11.69))
    ax = fig.add_axes([0.08, 0.05, 0.84, 0.88])
    ax.axis("off")
    ax.set_title(caption, fontsize=9.5, fontweight="bold")
    t = ax.table(cellText=body, colLabels=header, colWidths=widths, loc="upper center", cellLoc="center")
    t.auto_set_font_size(False)
    t.set_fontsize(font)
    t.scale(1, 1.6)
    for (r, _), cell in t.get_celld().items():
        if r == 0:
            cell.set_facecolor("#e6ebf2")
            cell.set_text_props(fontweight="bold")
    pdf.savefig(fig)
    plt.close(fig)


def pct(s):
    return "－" if s in ("", None) else "%s％" % s


def tables(pdf, d, rates, items, cats, trend, grades, names, orgs, gov, by_org, qtext):
    """The report's tables, in its order: the government-wide ones, then each organisation's."""
    table_page(pdf, "表 ２-１ 対策実施状況報告の実施対象", ["主体", "対象となる役割", "対象職員", "対象項目"],
               [["責任者等", "最高情報セキュリティ責任者\n情報セキュリティ監査責任者\n統括情報セキュリティ責任者"
                 "\n情報セキュリティ責任者\n課室情報セキュリティ責任者\n区域情報セキュリティ責任者", "全て対象",
                 "統一基準のうち指定した点検項目"],
                ["システム責任者等", "情報システムセキュリティ責任者\n情報システムセキュリティ管理者", "", ""],
                ["行政事務従事者", "左記同様", "", ""]], [0.2, 0.4, 0.12, 0.28])
    table_page(pdf, "表 ２-２ 主体別の把握率", [lab for _, lab in reversed(GROUPS)],
               [[pct(gov[g]["grasp_rate"]) for g, _ in reversed(GROUPS)]])
    years = sorted({int(r["fiscal_year"]) for r in trend})
    table_page(pdf, "表 ２-３ 主体別の実施率及びその推移", ["主体"] + ["H%d年度" % (y - 1988) for y in years],
               [[lab] + [pct(next((r["rate"] for r in trend if int(r["fiscal_year"]) == y and r["metric"] ==
                                   "implementation" and r["group"] == g), "")) for y in years] for g, lab in GROUPS])
    staff_cats = [r for r in cats if r["organization"] == "ALL" and r["group"] == "staff"]
    table_page(pdf, "表 ２-４ 行政事務従事者の主な実施率", ["点検項目", "実施率"],
               [[r["category"], pct(r["implementation_rate"])] for r in staff_cats])
    table_page(pdf, "図 ２-４ 対策実施状況報告の ABCD 評価", ["評価", "把握率及び実施率", "評価の考え方"],
               [["Ａ", "100％", "十分に実施されている"], ["Ｂ", "80％以上100％未満", "概ね実施されている"],
                ["Ｃ", "60％以上80％未満", "一部実施されていない"], ["Ｄ", "60％未満", "実施されていない"]])
    table_page(pdf, "表 ２-５ 把握率及び実施率の評価結果（府省庁別）", ["府省庁名", "把握率の評価", "実施率の評価"],
               [[g["name"], g["grasp_grade"], g["implementation_grade"]] for g in grades])
    table_page(pdf, "表 ２-６ 府省庁別の把握率及び実施率",
               ["府省庁名", "把握率\n(全主体平均)"] + ["実施率\n(%s)" % lab for _, lab in GROUPS],
               [[names[o], pct(by_org.get((o, "all"), {}).get("grasp_rate"))] +
                [pct(by_org.get((o, g), {}).get("implementation_rate")) for g, _ in GROUPS] for o in orgs] +
               [["全主体平均", pct(gov["all"]["grasp_rate"])] + [pct(gov[g]["implementation_rate"]) for g, _ in GROUPS]])
    gov_items = {r["item"]: num(r["implementation_rate"]) for r in items
                 if r["organization"] == "ALL" and r["group"] == "all"}
    for o in orgs:
        table_page(pdf, "%s 主体別の把握率・実施率・到達率" % names[o],
                   ["主体", "対象者数", "報告者数", "把握率", "実施率", "前年度", "到達率\n(100%)", "到達率\n(95%)",
                    "到達率\n(90%)"],
                   [[lab, "{:,}".format(int(r["targets"])) if r["targets"] else "", "{:,}".format(int(r["submitted"]))
                     if r["submitted"] else "", pct(r["grasp_rate"]), pct(r["implementation_rate"]), "－",
                     pct(r["attainment_100"]), pct(r["attainment_95"]), pct(r["attainment_90"])]
                    for g, lab in GROUPS for r in [by_org.get((o, g))] if r])
        low = sorted(((num(r["implementation_rate"]), r["item"]) for r in items
                      if r["organization"] == o and r["group"] == "all" and r["implementation_rate"] and
                      num(r["implementation_rate"]) < gov_items.get(r["item"], 0)))
        if low:
            table_page(pdf, "%s 全主体平均を下回った点検項目" % names[o], ["項目", "点検項目", "実施率", "全主体平均"],
                       [[i, "\n".join(qtext.get(i, i)[k:k + 40] for k in range(0, len(qtext.get(i, i)), 40)),
                         "%.1f％" % v, "%.1f％" % gov_items[i]] for v, i in low[:8]], [0.1, 0.62, 0.14, 0.14])


def main():
    d, out = sys.argv[1], sys.argv[2]
    qtext = questions(sys.argv[3]) if len(sys.argv) > 3 else {}
    rates = rows(d, "rates.csv")
    items = rows(d, "items.csv")
    cats = rows(d, "categories.csv")
    trend = rows(d, "trend.csv")
    grades = rows(d, "grades.csv")
    names = {g["organization"]: g["name"] for g in grades}
    orgs = [g["organization"] for g in grades]
    gov = {(r["group"]): r for r in rates if r["organization"] == "ALL"}
    by_org = {(r["organization"], r["group"]): r for r in rates}

    with PdfPages(out) as pdf:
        # 1. trend with the series break
        fig, ax = plt.subplots(figsize=(6.5, 3.5))
        years = sorted({int(r["fiscal_year"]) for r in trend})
        for k, (g, label) in enumerate(GROUPS):
            ys = [num(next((r["rate"] for r in trend if int(r["fiscal_year"]) == y and
                            r["metric"] == "implementation" and r["group"] == g), "")) for y in years]
            ax.plot(range(len(years)), ys, marker="osd^"[k % 4], color=PALETTE[k], label=label)
        brk = [i for i, y in enumerate(years) if any(int(r["fiscal_year"]) == y and r["series_break"] for r in trend)]
        for i in brk:
            ax.axvline(i - 0.5, linestyle="--", color="#555555")
            ax.text(i - 0.45, ax.get_ylim()[0], "点検方法の変更", fontsize=8)
        ax.set_xticks(range(len(years)), ["H%d年度" % (y - 1988) for y in years])
        ax.set_ylabel("実施率（％）")
        ax.set_title("主体別の実施率の推移")
        ax.legend(loc="lower center", ncol=4, fontsize=8, bbox_to_anchor=(0.5, -0.3))
        fig.tight_layout()
        pdf.savefig(fig)
        plt.close(fig)

        # 2. heat map organisations x staff categories
        staff_cats = [c for c in dict.fromkeys(r["category"] for r in cats if r["group"] == "staff" and r["organization"] != "ALL")]
        grid = [[num(next((r["implementation_rate"] for r in cats if r["organization"] == o and
                           r["group"] == "staff" and r["category"] == c), "")) for c in staff_cats] for o in orgs]
        fig, ax = plt.subplots(figsize=(6.5, 6.5))
        im = ax.imshow(grid, cmap="Blues_r", aspect="auto", vmin=75, vmax=100)
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                ax.text(j, i, "%.1f" % v, ha="center", va="center", fontsize=6,
                        color="white" if v < 85 else "black")
        ax.set_yticks(range(len(orgs)), [names[o] for o in orgs], fontsize=7)
        ax.set_xticks(range(len(staff_cats)), staff_cats, rotation=90, fontsize=7)
        fig.colorbar(im, orientation="horizontal", fraction=0.04)
        ax.set_title("府省庁別・分類別の実施率（行政事務従事者、％）")
        fig.tight_layout()
        pdf.savefig(fig)
        plt.close(fig)

        # 3. answers by group, 100% stacked
        fig, ax = plt.subplots(figsize=(6.5, 3.2))
        bottoms = [0.0] * 4
        labels = [lab for _, lab in GROUPS]
        for k, (key, name) in enumerate([("implemented", "実施"), ("not_implemented", "未実施"),
                                         ("not_applicable", "該当なし")]):
            vals = []
            for g, _ in GROUPS:
                r = gov[g]
                tot = int(r["implemented"]) + int(r["not_implemented"]) + int(r["not_applicable"])
                vals.append(100.0 * int(r[key]) / tot if tot else 0)
            ax.bar(labels, vals, bottom=bottoms, color=PALETTE[k], label="%d %s" % (k + 1, name))
            for i, v in enumerate(vals):
                ax.text(i, bottoms[i] + v / 2, "%d%%" % round(v), ha="center", fontsize=7)
            bottoms = [b + v for b, v in zip(bottoms, vals)]
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1, 0.5))
        ax.set_title("政府機関全体 主体別の回答の内訳")
        fig.tight_layout()
        pdf.savefig(fig)
        plt.close(fig)

        # 4. grade matrix
        fig, ax = plt.subplots(figsize=(6.5, 4))
        for r_i, gr in enumerate("ABCD"):
            for c_i, gi in enumerate("ABCD"):
                ax.add_patch(plt.Rectangle((c_i, 3 - r_i), 1, 1, color=BANDS[max(r_i, c_i)][2]))
                ns = [names[g["organization"]] for g in grades if g["grasp_grade"] == gr and g["implementation_grade"] == gi]
                ax.text(c_i + 0.5, 3 - r_i + 0.8, "%d機関" % len(ns), ha="center", fontsize=9)
                ax.text(c_i + 0.5, 3 - r_i + 0.4, "\n".join("　".join(ns[i:i + 4]) for i in range(0, len(ns), 4)),
                        ha="center", fontsize=5)
        ax.set_xlim(0, 4)
        ax.set_ylim(0, 4)
        ax.set_xticks([0.5, 1.5, 2.5, 3.5], list("ＡＢＣＤ"))
        ax.set_yticks([3.5, 2.5, 1.5, 0.5], list("ＡＢＣＤ"))
        ax.set_xlabel("実施率の評価")
        ax.set_ylabel("把握率の評価")
        ax.set_title("把握率及び実施率の評価の分布")
        pdf.savefig(fig)
        plt.close(fig)

        # 5-9. organisations' rates over the grade bands
        for metric, group, title in [("grasp_rate", "all", "府省庁別の把握率"),
                                     ("implementation_rate", "all", "府省庁別の実施率（全主体）"),
                                     ("implementation_rate", "staff", "府省庁別の実施率（行政事務従事者）"),
                                     ("implementation_rate", "officers", "府省庁別の実施率（責任者等）"),
                                     ("implementation_rate", "system_officers", "府省庁別の実施率（システム責任者等）")]:
            fig, ax = plt.subplots(figsize=(6.5, 4.5))
            for lo, hi, col in BANDS:
                ax.axvspan(lo, hi, color=col)
            vals = [num(by_org.get((o, group), {}).get(metric, "")) for o in orgs]
            ax.barh(range(len(orgs)), vals, color=PALETTE[0])
            for i, v in enumerate(vals):
                ax.text(v, i, "%.1f％" % v, va="center", ha="right", fontsize=6, color="white")
            ax.axvline(num(gov[group][metric]), color=PALETTE[1], linestyle="--")
            ax.set_yticks(range(len(orgs)), [names[o] for o in orgs], fontsize=7)
            ax.invert_yaxis()
            ax.set_xlim(0, 100)
            ax.set_xlabel("実施率（％）")
            ax.set_title(title)
            fig.tight_layout()
            pdf.savefig(fig)
            plt.close(fig)

        # 10-30. each organisation's staff item rates against the government-wide values
        gov_items = {r["item"]: num(r["implementation_rate"]) for r in items
                     if r["organization"] == "ALL" and r["group"] == "staff"}
        ids = sorted(gov_items)
        for o in orgs:
            mine = {r["item"]: (num(r["implementation_rate"]), r["category"]) for r in items
                    if r["organization"] == o and r["group"] == "staff"}
            vals = [mine.get(i, (float("nan"), ""))[0] for i in ids]
            fig, ax = plt.subplots(figsize=(6.5, 3.8))
            colors = [PALETTE[1] if v < gov_items[i] else PALETTE[0] for v, i in zip(vals, ids)]
            ax.barh(range(len(ids)), vals, color=colors)
            ax.scatter([gov_items[i] for i in ids], range(len(ids)), marker="|", color="black", s=80)
            for k, v in enumerate(vals):
                ax.text(v, k, " %.1f％" % v, va="center", fontsize=6)
            ax.set_yticks(range(len(ids)), ["%s %s" % (i, mine.get(i, (0, ""))[1]) for i in ids], fontsize=6)
            ax.invert_yaxis()
            ax.set_xlim(60, 100)
            ax.set_xlabel("実施率（％）")
            ax.set_title("%s 項目別の実施率（行政事務従事者）" % names[o])
            fig.tight_layout()
            pdf.savefig(fig)
            plt.close(fig)

        tables(pdf, d, rates, items, cats, trend, grades, names, orgs, gov, by_org, qtext)


if __name__ == "__main__":
    main()
