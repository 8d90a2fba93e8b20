#!/usr/bin/env bash
# The FY2012 report rendered from the sample tallies: its text (read back with pdftotext)
# carries every organisation's two grades on one row of table 2-5, the published
# government-wide rates of tables 2-2 and 2-3 and the staff categories of table 2-4; the
# fonts are embedded CJK fonts; the outline has an entry per organisation; the table of
# contents points at the right pages; narratives appear in their organisation's section.
source "$(dirname "$0")/lib.sh"

P="$SRC_DIR/tests/data/h24-published"
N="$WORK/national.db"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$SRC_DIR"/samples/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$SRC_DIR/samples/history.yaml"

expect_status 0 "$RENDERER" report --db "$N" --year 2012 --narratives "$SRC_DIR/tests/data/renderer/narratives" -o "$WORK/report.pdf"
expect_grep "wrote $WORK/report.pdf" "$WORK/err"
# --timings says where the write went, even with -q; the PDF is the same either way.
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --narratives "$SRC_DIR/tests/data/renderer/narratives" \
	-q --timings -o "$WORK/timed.pdf"
pages=$(pdfinfo "$WORK/timed.pdf" | awk '/^Pages:/ { print $2 }')
T='[0-9.]+ s \(CPU [0-9.]+ s\)'
grep -qE "^renderer: timings: load $T, layout $T, charts $T, fonts $T, write $T; total $T; layout [0-9.]+ ms of CPU per page \($pages pages\)\$" \
	"$WORK/err" || fail "no timings line: $(cat "$WORK/err")"
# the phases (wall clock) add up to no more than the total, and the charts took some time
awk '/^renderer: timings:/ {
	gsub(/[(),;]/, " ")
	for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^[0-9.]+$/ && $(i + 2) == "s") t[$i] = $(i + 1)
	sum = t["load"] + t["layout"] + t["charts"] + t["fonts"] + t["write"]
	exit !(t["charts"] > 0 && t["layout"] > 0 && sum <= t["total"] + 0.0005)
}' "$WORK/err" || fail "the phases do not add up to the total: $(cat "$WORK/err")"
expect_no_grep "wrote" "$WORK/err"
[ "$(pdftotext "$WORK/timed.pdf" - | md5sum)" = "$(pdftotext "$WORK/report.pdf" - | md5sum)" ] ||
	fail "the timed report differs from the report"
pdftotext -layout "$WORK/report.pdf" "$WORK/report.txt"
pdfinfo "$WORK/report.pdf" > "$WORK/info.txt"
pdffonts "$WORK/report.pdf" > "$WORK/fonts.txt"
pdftohtml -q -xml -i -stdout "$WORK/report.pdf" > "$WORK/report.xml"

expect_grep "政府機関における情報セキュリティに係る年次報告（平成24年度）" "$WORK/info.txt"
expect_grep "(A4)" "$WORK/info.txt"
expect_grep "CreationDate:" "$WORK/info.txt"
expect_grep "平成24年度" "$WORK/report.txt"

python3 - "$P" "$WORK" <<'PY'
import csv, os, re, sys
p, w = sys.argv[1], sys.argv[2]
def rows(f): return list(csv.DictReader(open(os.path.join(p, f), encoding='utf-8')))
text = open(os.path.join(w, 'report.txt'), encoding='utf-8').read()
lines = text.split('\n')
FW = {'A': 'Ａ', 'B': 'Ｂ', 'C': 'Ｃ', 'D': 'Ｄ'}

# Table 2-5: each organisation with both grades on its own row, in report order.
start = next(i for i, l in enumerate(lines) if '表 ２-５' in l)
pos = start
for r in rows('table-2-5.csv'):
    pat = re.compile(r'^\s*%s\s+%s\s+%s\s*$' % (re.escape(r['name']), FW[r['grasp_grade']], FW[r['implementation_grade']]))
    found = next((i for i in range(pos, len(lines)) if pat.match(lines[i])), None)
    assert found is not None, ('grade row', r)
    pos = found + 1

# Table 2-2: the four government-wide grasp rates on one row, full-width ％.
t22 = {r['group']: r['grasp_rate'] for r in rows('table-2-2.csv')}
want = r'\s+'.join(re.escape(t22[g] + '％') for g in ('all', 'officers', 'system_officers', 'staff'))
assert re.search(want, text), 'table 2-2 row'
assert '全主体平均の把握率は98.5％' in text.replace(' ', '').replace('\n', ''), 'quoted grasp rate'

# Footnotes: numbered on from 31 through the report, the marker after the caption, the text
# at the foot of the same page.
cap = next(pg for pg in text.split('\f') if '表 ２-２ 主体別の把握率' in pg)
assert re.search(r'表 ２-２ 主体別の把握率 34\s*$', cap, re.M), 'footnote marker on table 2-2'
assert re.search(r'^\s*34 数値は政府機関全体の平均', cap, re.M), 'footnote 34 at the foot of its page'
cap = next(pg for pg in text.split('\f') if '表 ２-１' in pg)
assert re.search(r'表 ２-１ 対策実施状況報告の実施対象 32,33', cap), 'two markers on table 2-1'
assert re.search(r'^\s*33 情報システムセキュリティ管理者には', cap, re.M)

# Table 2-3: each group's five years on its row, half-width %.
names = {'officers': '責任者等', 'system_officers': 'システム責任者等', 'staff': '行政事務従事者', 'all': '全主体平均'}
for r in rows('table-2-3.csv'):
    vals = [r[y] + '%' for y in ('2008', '2009', '2010', '2011', '2012')]
    pat = re.compile(r'^\s*%s\s+%s\s*$' % (names[r['group']], r'\s+'.join(map(re.escape, vals))))
    assert any(pat.match(l) for l in lines), ('table 2-3 row', r)
assert 'H20年度' in text and 'H24年度' in text
assert '平成23年度からは' in text, 'series-break note'

# Table 2-4: each category with its rate in its row (a category with a ※ sub-line has the
# rate centred across its two lines).
start = next(i for i, l in enumerate(lines) if '表 ２-４' in l)
for r in rows('table-2-4.csv'):
    i = next(i for i in range(start, len(lines)) if re.match(r'^\s*%s(\s|$)' % re.escape(r['name']), lines[i]))
    row = ' '.join(lines[i - 1:i + 3])
    assert re.search(r'(^|\s)%s(\s|$)' % re.escape(r['rate'] + '％'), row), ('table 2-4 row', r, row)

# Outline: an entry per organisation, under the section heading.
xml = open(os.path.join(w, 'report.xml'), encoding='utf-8').read()
items = re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)
titles = [t for _, t in items]
for r in rows('table-2-5.csv'):
    assert '%s %s' % (r['order'], r['name']) in titles, ('outline', r['name'])
assert any(t.startswith('第１節') for t in titles)

# Table of contents: "20 環境省 .... N" and page N (printed numbers start after the cover)
# begins the section.
toc = next(l for l in lines if re.match(r'^\s*20 環境省\s+\d+\s*$', l))
printed = int(toc.split()[-1])
pages = text.split('\f')
assert '20 環境省' in pages[printed], ('toc page', printed)
assert '-%d-' % printed in pages[printed]
# Outline entry for 環境省 points at the same physical page.
page = next(int(pg) for pg, t in items if t == '20 環境省')
assert page == printed + 1, (page, printed)

# The narrative of 環境省 sits in its section, above the figures.
env = ''.join(pages[printed:printed + 4])
i_msg = env.find('最高情報セキュリティ責任者からのメッセージ')
i_fig = env.find('環境省 主体別の把握率')
assert 0 <= i_msg < i_fig, (i_msg, i_fig)
assert '平成25年度の目標' in env
assert '格付・取扱制限の明示に関する研修' in env
# An organisation without a narrative has no message heading.
cas = pages[int(next(l for l in lines if re.match(r'^\s*1 内閣官房\s+\d+\s*$', l)).split()[-1])]
assert '最高情報セキュリティ責任者からのメッセージ' not in cas

# Size: at least 30 pages (21 organisations' sections and the government-wide part).
assert len(pages) - 1 >= 30, len(pages)
PY

# Embedded CJK fonts: Noto Sans CJK JP regular and bold, every font embedded.
expect_grep "NotoSansCJKjp-Regular" "$WORK/fonts.txt"
expect_grep "NotoSansCJKjp-Bold" "$WORK/fonts.txt"
awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' "$WORK/fonts.txt" || fail "a font is not embedded"

# The English edition: ASCII grades and percent signs.
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --lang en -o "$WORK/en.pdf"
pdftotext -layout "$WORK/en.pdf" "$WORK/en.txt"
grep -qE '^ *Ministry of the Environment +B +B *$' "$WORK/en.txt" || fail "English grade row"
grep -qE '98\.5% +98\.7% +99\.8% +98\.6%' "$WORK/en.txt" || fail "English table 2-2"
expect_grep "FY2012" "$WORK/en.txt"
expect_no_grep "％" "$WORK/en.txt"

# The focused inspection's placeholders must name a kind or an item of the year's questionnaire:
# a wrong one is reported at its block (TEMPLATE:LINE:COL) and no PDF is written; a year whose
# tallies count no system leaves the section out.
cat >"$WORK/insp.yaml" <<'YAML'
format: selfcheck-template/1
lang: ja
title: 年次報告
blocks:
  - paragraph: 公開ウェブサーバは約{gov.systems_about.web_server}台であった。
  - paragraph: 実施率は{gov.inspection.W-01}、{gov.inspection_lowest.web_srv}であった。
  - organizations:
      blocks:
        - paragraph: "{org.name}は{org.inspection.W-99}"
YAML
expect_status 2 "$RENDERER" report --db "$N" --year 2012 --template "$WORK/insp.yaml" -o "$WORK/insp.pdf"
expect_equal "renderer: $WORK/insp.yaml:6:5: placeholder '{gov.inspection_lowest.web_srv}': questionnaire nisc-2012 has no kind of system 'web_srv'
renderer: $WORK/insp.yaml:9:11: placeholder '{org.inspection.W-99}': questionnaire nisc-2012 has no inspection item 'W-99'" \
	"$(cat "$WORK/err")" "inspection placeholders"
[ ! -e "$WORK/insp.pdf" ] || fail "a PDF was written"
sed -i '6,$d' "$WORK/insp.yaml"
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --template "$WORK/insp.yaml" -o "$WORK/insp.pdf"
pdftotext "$WORK/insp.pdf" - | tr -d ' \n' | grep -q "公開ウェブサーバは約660台であった。" || fail "server count placeholder"
# the same report over tallies without inspection counts: no section, no table 2-6 or 2-7
mkdir "$WORK/plain"
for f in "$SRC_DIR"/samples/h24/*.yaml; do sed '/^inspection:/,$d' "$f" >"$WORK/plain/$(basename "$f")"; done
expect_status 0 "$AGGREGATOR" compile --db "$WORK/plain.db" --year 2012 \
	--questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$WORK"/plain/*.yaml
expect_status 0 "$RENDERER" report --db "$WORK/plain.db" --year 2012 -o "$WORK/plain.pdf"
pdftotext -layout "$WORK/plain.pdf" "$WORK/plain.txt"
expect_no_grep "重点検査" "$WORK/plain.txt"
expect_no_grep "表 ２-７" "$WORK/plain.txt"
