#!/usr/bin/env bash
# aggregator export: the workbook is read back by LibreOffice (every sheet converted to CSV)
# and shows the same numbers as 'rates': the summary sheet as 'rates --format csv', the unit
# sheet as 'rates --by unit', the item sheet as 'rates --by item'; the non-respondents sheet
# lists targets minus submitted; the chart, frozen header rows and autofilters are there.
source "$(dirname "$0")/lib.sh"
command -v libreoffice >/dev/null || fail "libreoffice is not installed (make deps)"

Q="$SRC_DIR/questionnaires/selfcheck-2026.yaml"
M="$WORK/ministry.db"
expect_status 0 "$SURVEY" init --db "$M" --org demo --name 沿岸整備省 --year 2026 --questionnaire "$Q"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$SRC_DIR/samples/ministry/roster.csv"
expect_status 0 "$SURVEY" import --db "$M" --year 2026 "$SRC_DIR/samples/ministry/answers.csv"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
expect_status 0 "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$WORK/demo.xlsx"
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
cp "$WORK/out" "$WORK/rates.csv"
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --by unit --format csv
cp "$WORK/out" "$WORK/units.csv"
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --by item --format csv
cp "$WORK/out" "$WORK/items.csv"

unzip -l "$WORK/demo.xlsx" >"$WORK/parts"
expect_grep "xl/charts/chart1.xml" "$WORK/parts"
unzip -p "$WORK/demo.xlsx" xl/worksheets/sheet1.xml >"$WORK/sheet1.xml"
expect_grep 'state="frozen"' "$WORK/sheet1.xml"
expect_grep '<autoFilter' "$WORK/sheet1.xml"
unzip -p "$WORK/demo.xlsx" xl/styles.xml >"$WORK/styles.xml"
expect_grep 'formatCode="0.0%"' "$WORK/styles.xml"

# One CSV per sheet, cells as shown (percent formats included).
mkdir "$WORK/csv"
(cd "$WORK/csv" && timeout 180 libreoffice -env:UserInstallation="file://$WORK/lo" --headless \
	--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
	--outdir "$WORK/csv" "$WORK/demo.xlsx" >"$WORK/lo.log" 2>&1) || { cat "$WORK/lo.log" >&2; fail "libreoffice failed"; }
for sheet in 概要 項目別 部局別 未提出者; do
	[ -s "$WORK/csv/demo-$sheet.csv" ] || fail "sheet $sheet was not converted"
done

python3 - "$WORK/csv" "$WORK/rates.csv" "$WORK/units.csv" "$WORK/items.csv" <<'PY'
import csv, sys, os
d = sys.argv[1]
groups = {'責任者等': 'officers', 'システム責任者等': 'system_officers', '行政事務従事者': 'staff',
          'その他の担当者': 'others', '全主体平均': 'all'}
def sheet(name):
    rows = list(csv.reader(open(os.path.join(d, 'demo-%s.csv' % name), encoding='utf-8')))
    return rows[0], [r for r in rows[1:] if any(r)]
def num(s):  # "2,144" -> "2144", "97.4%" -> "97.4"
    return s.replace(',', '').rstrip('%')
def rates(path):
    return list(csv.DictReader(open(path, encoding='utf-8')))

# Summary: the organisation's rows of 'rates' (the ALL rows repeat them for one ministry).
head, rows = sheet('概要')
want = [r for r in rates(sys.argv[2]) if r['organization'] == 'demo']
rows = [r for r in rows if r[0] == 'demo']
assert len(rows) == len(want), (len(rows), len(want))
cols = ['targets', 'submitted', 'grasp_rate', 'grasp_grade', 'implemented', 'not_implemented',
        'not_applicable', 'implementation_rate', 'implementation_grade', 'attainment_100',
        'attainment_95', 'attainment_90', 'persons_attainment_100', 'persons_attainment_95',
        'persons_attainment_90']
for got, w in zip(rows, want):
    assert groups[got[2]] == w['group'], (got, w)
    for i, c in enumerate(cols):
        assert num(got[3 + i]) == w[c], (w['group'], c, got[3 + i], w[c])

# Units: every unit × group row of 'rates --by unit' (without the ALL rows).
head, rows = sheet('部局別')
want = [r for r in rates(sys.argv[3]) if r['unit'] != 'ALL']
assert len(rows) == len(want), (len(rows), len(want))
for got, w in zip(rows, want):
    assert got[0] == w['unit'] and groups[got[1]] == w['group'], (got, w)
    for i, c in enumerate(['targets', 'submitted', 'grasp_rate', 'grasp_grade',
                           'implementation_rate', 'implementation_grade']):
        assert num(got[2 + i]) == w[c], (w['unit'], w['group'], c, got[2 + i], w[c])

# Items: the 'all' group's counts and rate of every item.
head, rows = sheet('項目別')
base = head.index('全主体平均 実施')
want = {r['item']: r for r in rates(sys.argv[4]) if r['organization'] == 'demo' and r['group'] == 'all'}
assert len(rows) == len(want), (len(rows), len(want))
for got in rows:
    w = want[got[0]]
    assert got[1] == w['clause'], got
    for i, c in enumerate(['implemented', 'not_implemented', 'not_applicable', 'implementation_rate']):
        assert num(got[base + i]) == w[c], (got[0], c, got[base + i], w[c])

# Non-respondents: one row per target that has not submitted.
head, rows = sheet('未提出者')
# (sheets, not persons: the 'all' row counts persons under method nisc)
sheets = [r for r in rates(sys.argv[2]) if r['organization'] == 'demo' and r['group'] != 'all']
missing = sum(int(r['targets']) - int(r['submitted']) for r in sheets)
assert len(rows) == missing, (len(rows), missing)
print('workbook matches rates:', len(want), 'items')
PY
