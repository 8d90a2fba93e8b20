#!/usr/bin/env bash
# The FY2012 sample tallies compiled into a national store, with the published history of
# FY2008-FY2011, reproduce every published figure of tests/data/h24-published: table 2-2
# (grasp by group), 2-3 (the five-year trend, series break before FY2011), 2-4 (staff
# categories), 2-5 (the 42 grades, in report order), 2-7 (the focused inspection's fifteen
# rates, systems pooled) with the server counts, and the ministries' own figures.
source "$(dirname "$0")/lib.sh"

P="$SRC_DIR/tests/data/h24-published"
N="$WORK/national.db"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$SRC_DIR"/samples/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$SRC_DIR/samples/history.yaml"
expect_grep "imported" "$WORK/err"

expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --format csv
cp "$WORK/out" "$WORK/rates.csv"
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --by category --format csv
cp "$WORK/out" "$WORK/categories.csv"
expect_status 0 "$AGGREGATOR" grades --db "$N" --year 2012 --format csv
cp "$WORK/out" "$WORK/grades.csv"
expect_status 0 "$AGGREGATOR" trend --db "$N" --from 2008 --to 2012 --format csv
cp "$WORK/out" "$WORK/trend.csv"

python3 - "$P" "$WORK" <<'PY'
import csv, os, sys
p, w = sys.argv[1], sys.argv[2]
def rows(d, f): return list(csv.DictReader(open(os.path.join(d, f), encoding='utf-8')))
rates = rows(w, 'rates.csv')
gov = {r['group']: r for r in rates if r['organization'] == 'ALL'}
for r in rows(p, 'table-2-2.csv'):
    assert gov[r['group']]['grasp_rate'] == r['grasp_rate'], r
trend = {(r['fiscal_year'], r['metric'], r['group']): r for r in rows(w, 'trend.csv')}
for r in rows(p, 'table-2-3.csv'):
    for y in ('2008', '2009', '2010', '2011', '2012'):
        got = trend[(y, 'implementation', r['group'])]
        assert got['rate'] == r[y], (y, r['group'], got['rate'], r[y])
        assert got['source'] == ('tally' if y == '2012' else 'history'), got
        assert got['series_break'] == ('before' if y == '2011' else ''), got
cats = {r['category']: r for r in rows(w, 'categories.csv') if r['organization'] == 'ALL' and r['group'] == 'staff'}
for r in rows(p, 'table-2-4.csv'):
    assert cats[r['category']]['implementation_rate'] == r['rate'], r
grades = rows(w, 'grades.csv')
published = rows(p, 'table-2-5.csv')
assert [g['name'] for g in grades] == [r['name'] for r in published], 'report order'
for g, r in zip(grades, published):
    assert (g['grasp_grade'], g['implementation_grade']) == (r['grasp_grade'], r['implementation_grade']), (g, r)
code = {g['name']: g['organization'] for g in grades}
mine = {(r['organization'], r['group']): r for r in rates}
for r in rows(p, 'ministry-figures.csv'):
    got = mine[(code[r['name']], r['group'])]
    key = 'grasp_rate' if r['metric'] == 'grasp' else 'implementation_rate'
    assert got[key] == r['rate'], (r, got[key])
print('all published figures reproduced')
PY

# The readable forms: Japanese and English headings, the series break marked.
expect_status 0 "$AGGREGATOR" trend --db "$N" --from 2008 --to 2012
expect_grep "| 平成23年度" "$WORK/out"
expect_grep "平成23年度の前で系列が断絶" "$WORK/out"
expect_status 0 "$AGGREGATOR" trend --db "$N" --from 2008 --to 2012 --lang en
expect_grep "| FY2011" "$WORK/out"
expect_status 0 "$AGGREGATOR" grades --db "$N" --year 2012
expect_grep "復興庁" "$WORK/out"
expect_grep "78.5％" "$WORK/out"
expect_grep "Ｃ" "$WORK/out"
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --lang en
expect_grep "Implementation rate" "$WORK/out"
expect_grep "98.5%" "$WORK/out"

# Table 2-7 and the server counts: the government-wide rows of the focused inspection.
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --by inspection --format csv
python3 - "$P" "$WORK/out" <<'PY'
import csv, os, sys
p, out = sys.argv[1], sys.argv[2]
rows = {(r['organization'], r['item']): r for r in csv.DictReader(open(out, encoding='utf-8'))}
for r in csv.DictReader(open(os.path.join(p, 'table-2-7.csv'), encoding='utf-8')):
    got = rows[('ALL', r['item'])]
    assert got['kind'] == r['kind'] and got['rate'] == r['rate'], (r, got)
for r in csv.DictReader(open(os.path.join(p, 'servers.csv'), encoding='utf-8')):
    n = int(next(g for (o, i), g in rows.items() if o == 'ALL' and g['kind'] == r['kind'])['systems'])
    assert (n + 5) // 10 * 10 == int(r['about']), (r, n)
PY

# json carries the same values; headcount weighting changes the government rows only.
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --format json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["rows"] if x["organization"] == "ALL" and x["group"] == "all"][0]
assert r["grasp_rate"] == 98.5 and r["implementation_grade"] == "B", r
assert d["columns"][0] == "organization"
' "$WORK/out"
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --format csv --weighting headcount
grep -v '^ALL,' "$WORK/out" >"$WORK/hc-orgs"
grep -v '^ALL,' "$WORK/rates.csv" >"$WORK/uw-orgs"
cmp -s "$WORK/hc-orgs" "$WORK/uw-orgs" || fail "weighting changed organisation rows"
grep '^ALL,all,' "$WORK/out" | cut -d, -f5 >"$WORK/hc-grasp"
[ "$(cat "$WORK/hc-grasp")" = "99.9" ] || fail "headcount grasp: expected persons 541882/542557 = 99.9, got $(cat "$WORK/hc-grasp")"

# Grade thresholds from the command line.
expect_status 0 "$AGGREGATOR" grades --db "$N" --year 2012 --format csv --thresholds 100,99,90
expect_grep "env,環境省,96.4,C,97.3,C" "$WORK/out"

# Usage errors.
expect_status 1 "$AGGREGATOR" rates --db "$N"
expect_status 1 "$AGGREGATOR" rates --db "$N" --year 2012 --by nothing
expect_status 1 "$AGGREGATOR" rates --db "$N" --year 2012 --format xml
expect_status 1 "$AGGREGATOR" grades --db "$N" --year 2012 --format json
expect_status 1 "$AGGREGATOR" trend --db "$N" --from 2012 --to 2008
expect_status 1 "$AGGREGATOR" rates --db "$N" --year 2012 --thresholds 80,90,100
expect_status 2 "$AGGREGATOR" rates --db "$N" --year 2019
expect_grep "fiscal year 2019 is not in the store" "$WORK/err"
expect_status 2 "$AGGREGATOR" rates --db "$WORK/missing.db" --year 2012
