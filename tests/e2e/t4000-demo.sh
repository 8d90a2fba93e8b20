#!/usr/bin/env bash
# make demo's pipeline (demo.sh) run into a temporary directory: every step succeeds, the
# outputs exist and are what they claim to be, and the national figures it prints and
# renders are the published FY2012 figures (tests/data/h24-published).
source "$(dirname "$0")/lib.sh"

P="$SRC_DIR/tests/data/h24-published"
OUT="$WORK/demo"
DEMO_OUT="$OUT" BUILD="$BUILD_DIR" "$SRC_DIR/demo.sh" >"$WORK/demo.out" 2>"$WORK/demo.err" ||
	{ tail -n 40 "$WORK/demo.err" >&2; fail "demo.sh failed"; }
for f in ministry.db ministry-rates.csv ministry-pending.csv ministry-pending-systems.csv \
	ministry-inspection.csv ministry.xlsx ministry-tally.yaml national.db national-rates.csv \
	national-inspection.csv report-ja.pdf report-en.pdf; do
	[ -s "$OUT/$f" ] || fail "demo output $f missing or empty"
	expect_grep "$OUT/$f" "$WORK/demo.err"
done

# The ministry's workbook is a real xlsx (a zip with a workbook part); its tally file
# holds counts only and compiles into a fresh national store.
python3 -c 'import sys, zipfile; sys.exit("xl/workbook.xml" not in zipfile.ZipFile(sys.argv[1]).namelist())' \
	"$OUT/ministry.xlsx" || fail "ministry.xlsx is not an xlsx"
expect_no_grep "person_id" "$OUT/ministry-tally.yaml"
head -1 "$OUT/ministry-pending.csv" | grep -q '^person_id,name,unit,roles' || fail "pending list header"
# The ministry's systems: its tally file counts them, and its reminder list names those not
# answered in full with their officers.
expect_grep "inspection:" "$OUT/ministry-tally.yaml"
expect_grep "    web_server: {systems: 6}" "$OUT/ministry-tally.yaml"
head -1 "$OUT/ministry-pending-systems.csv" | grep -q '^system_id,name,kind,unit,officer,officer_name,progress' ||
	fail "systems reminder list header"
expect_equal 3 "$(tail -n +2 "$OUT/ministry-pending-systems.csv" | wc -l)" "systems not answered in full"
expect_status 0 "$AGGREGATOR" compile --db "$WORK/check.db" --year 2026 \
	--questionnaire "$SRC_DIR/questionnaires/selfcheck-2026.yaml" "$OUT/ministry-tally.yaml"
expect_status 0 "$AGGREGATOR" rates --db "$WORK/check.db" --year 2026 --format csv
grep -v '^ALL,' "$WORK/out" >"$WORK/national-view.csv"
diff <(grep -v '^ALL,' "$OUT/ministry-rates.csv") "$WORK/national-view.csv" >/dev/null ||
	fail "the ministry's rates differ once its tally file is compiled nationally"

# Government-wide rows printed by the demo: tables 2-2 and the FY2012 column of 2-3.
tail -n +2 "$P/table-2-2.csv" | while IFS=, read -r group grasp; do
	row=$(grep "^ALL,$group," "$OUT/national-rates.csv") || fail "no ALL row for $group"
	[ "$(echo "$row" | cut -d, -f5)" = "$grasp" ] || fail "grasp $group: want $grasp, row $row"
done
tail -n +2 "$P/table-2-3.csv" | while IFS=, read -r group _ _ _ _ y2012; do
	row=$(grep "^ALL,$group," "$OUT/national-rates.csv") || fail "no ALL row for $group"
	[ "$(echo "$row" | cut -d, -f10)" = "$y2012" ] || fail "implementation $group: want $y2012, row $row"
done

# The national store's rates by group: 復興庁's staff attainment by persons at 100, 95 and 90%
# as it published them (ministry-attainment.csv), and in every organisation compiled, no
# group's answers more than 40% "not applicable".
expect_status 0 "$AGGREGATOR" rates --db "$OUT/national.db" --year 2012 --format csv
python3 - "$P/ministry-attainment.csv" "$WORK/out" "$SRC_DIR/samples/h24" <<'PY' ||
import csv, glob, os, sys
published, rates, tallies = sys.argv[1:4]
problems = []
def check(ok, what):
    if not ok:
        problems.append(what)
rows = list(csv.DictReader(open(rates, encoding='utf-8')))
by = {(r['organization'], r['group']): r for r in rows}
want = {r['threshold']: r['rate'] for r in csv.DictReader(open(published, encoding='utf-8'))
        if (r['name'], r['kind'], r['group']) == ('復興庁', 'persons', 'staff')}
check(sorted(want, key=int) == ['90', '95', '100'], f'published 復興庁 staff thresholds {sorted(want)}')
rc = by.get(('reconstruction', 'staff'), {})
for t, rate in want.items():
    got = rc.get('persons_attainment_' + t)
    check(got == rate, f'reconstruction staff persons_attainment_{t}: {got}, published {rate}')
orgs = sorted(os.path.basename(f)[:-len('.yaml')] for f in glob.glob(os.path.join(tallies, '*.yaml')))
check(sorted({r['organization'] for r in rows} - {'ALL'}) == orgs, 'organisations in the rates')
for o in orgs:
    for g in ('officers', 'system_officers', 'staff'):
        r = by.get((o, g))
        if r is None:
            check(g == 'system_officers', f'{o}: no {g} row')
            continue
        im, ni, na = (int(r[k]) for k in ('implemented', 'not_implemented', 'not_applicable'))
        check(im + ni + na > 0 and 5 * na <= 2 * (im + ni + na),
              f'{o} {g}: {na} of {im + ni + na} answers not applicable')
if problems:
    sys.exit('\n'.join(problems))
PY
	fail "national rates: 復興庁's staff attainment or the not-applicable bound"

# The Japanese report: every organisation with its two grades on one row of table 2-5, the
# government-wide rates of tables 2-2 and 2-3, the category rates of table 2-4.
pdftotext -layout "$OUT/report-ja.pdf" "$WORK/report.txt"
tail -n +2 "$P/table-2-5.csv" | while IFS=, read -r _ name grasp impl; do
	fw() { case $1 in A) echo Ａ ;; B) echo Ｂ ;; C) echo Ｃ ;; D) echo Ｄ ;; esac; }
	grep -Eq "^ *$name +$(fw "$grasp") +$(fw "$impl") *$" "$WORK/report.txt" ||
		fail "report: no table 2-5 row '$name $(fw "$grasp") $(fw "$impl")'"
done
tail -n +2 "$P/table-2-2.csv" | while IFS=, read -r _ grasp; do expect_grep "$grasp％" "$WORK/report.txt"; done
tail -n +2 "$P/table-2-3.csv" | while IFS=, read -r _ a b c d e; do
	grep -Eq "$a% +$b% +$c% +$d% +$e%" "$WORK/report.txt" || fail "report: no trend row $a $b $c $d $e"
done
tail -n +2 "$P/table-2-4.csv" | while IFS=, read -r _ name rate; do
	# a category with a note under its name spans two lines; the rate is centred beside them
	grep -A2 -E "^ *$name" "$WORK/report.txt" | grep -q " $rate％" || fail "report: no table 2-4 row $name $rate"
done
expect_grep "平成24年度" "$WORK/report.txt"
# the section introduction promises the ministries' own texts only for the ministries
# that sent some (a Japanese narrative file each)
texts=$(ls "$SRC_DIR"/samples/narratives/*.yaml | grep -vc '\.en\.yaml$')
tr -d ' \n' <"$WORK/report.txt" | grep -q "の提出があった${texts}府省庁について" ||
	fail "report: the section introduction does not count the $texts ministries' texts"
# Each ministry's lead says how many items fell below the average and how many the table
# lists, and the table lists exactly that many (at most its limit of 8).
awk '
	/下回った点検項目は[0-9]+項目であり/ {
		if (lead) bad = bad "\n" lead " (" rows " rows)"
		t = $0; sub(/^.*下回った点検項目は/, "", t); n = t + 0
		if ($0 !~ /から[0-9]+項目を以下に示/) { bad = bad "\n" $0; lead = ""; next }
		t = $0; sub(/^.*低いものから/, "", t); k = t + 0
		if (k != (n < 8 ? n : 8)) bad = bad "\n" $0
		lead = $0; rows = 0; next
	}
	lead && /^[A-Z]-[0-9]+ / { rows++ }
	lead && /情報システムごとの状況/ { if (rows != k) bad = bad "\n" lead " (" rows " rows)"; lead = "" }
	END { if (bad != "") { print bad; exit 1 } }
' "$WORK/report.txt" || fail "report: a low-items lead does not match its table"
[ "$(grep -c "下回った点検項目は[0-9]*項目であり" "$WORK/report.txt")" -ge 15 ] ||
	fail "report: the ministries' low-items leads"
# The focused inspection: tables 2-6 and 2-7 under the published numbers, each item of 2-7 on its
# row with the published rate, the rounding note, the server counts of the findings, and every
# ministry's section with its systems; the A-D criteria are figure 2-1, as published.
expect_grep "表 ２-６ 検査内容" "$WORK/report.txt"
expect_grep "表 ２-７ 検査結果" "$WORK/report.txt"
table6=$(awk '/表 ２-６ 検査内容/,/表 ２-７ 検査結果/' "$WORK/report.txt")
for want in 公開ウェブサーバ 電子メールサーバ ドメイン ネットワーク等 "・SSLバージョン２の無効化" \
	"・SQLインジェクションの確認状況" "OS及びサーバアプリケーションのセキュリティ" "標的型攻撃に対する出口対策状況"; do
	grep -qF -- "$want" <<<"$table6" || fail "report: table 2-6 lacks '$want'"
done
expect_grep "図 ２-１ 対策実施状況報告の ABCD 評価" "$WORK/report.txt"
expect_no_grep "図 ２-１０" "$WORK/report.txt"
python3 - "$P/table-2-7.csv" "$WORK/report.txt" <<'PY' || fail "report: table 2-7"
import csv, sys
text = open(sys.argv[2], encoding='utf-8').read()
page = next(pg for pg in text.split('\f') if '表 ２-７ 検査結果' in pg)
table = page[page.index('表 ２-７ 検査結果'):page.index('※小数点以下四捨五入')]
lines = table.split('\n')
problems = []
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
    # a long name wraps: its rate is on one of the lines its first part starts
    head = r['name'][:14]
    found = [i for i, l in enumerate(lines) if head in l]
    if not found:
        problems.append('no row for ' + r['name'])
        continue
    window = ' '.join(lines[found[0]:found[0] + 3])
    if (' ' + r['rate'] + '％') not in window:
        problems.append('%s: %s％ not beside it' % (r['name'], r['rate']))
if problems:
    sys.exit('\n'.join(problems))
PY
tr -d ' \n' <"$WORK/report.txt" | grep -q "公開ウェブサーバは約660台、電子メールサーバは約930台" || fail "report: server counts"
[ "$(grep -c "重点検査の結果は以下のとおりである" "$WORK/report.txt")" -ge 20 ] || fail "report: ministries' inspection results"
expect_grep "復興庁からは重点検査の対象となるシステムの報告がなかった。" "$WORK/report.txt"
pdffonts "$OUT/report-ja.pdf" | grep -q "CJK" || fail "no CJK font embedded"
# Both demo reports, the appendix included, are sound tagged PDFs with nothing printed over
# anything else and no heading left at a page's foot (tests/e2e/pdfcheck.py).
python3 "$SRC_DIR/tests/e2e/pdfcheck.py" "$OUT/report-ja.pdf" ja >"$WORK/check.txt" || fail "report-ja.pdf: $(cat "$WORK/check.txt")"
python3 "$SRC_DIR/tests/e2e/pdfcheck.py" "$OUT/report-en.pdf" en >"$WORK/check.txt" || fail "report-en.pdf: $(cat "$WORK/check.txt")"
# nothing cut short with an ellipsis, in the charts and legends either
for r in report-ja report-en; do
	! pdftotext "$OUT/$r.pdf" - | grep -q "…" || fail "$r.pdf: a text is cut short with an ellipsis"
done

# The English report carries the same grades in A–D and FY names.
pdftotext -layout "$OUT/report-en.pdf" "$WORK/report-en.txt"
expect_grep "FY2012" "$WORK/report-en.txt"
# one English term for 該当なし, in the heat map's key as in the tables
expect_no_grep "no answers" "$WORK/report-en.txt"
expect_grep "98.5%" "$WORK/report-en.txt"
# An organisation at 100% in every category has no "lowest" category.
tr -s ' \n' '  ' <"$WORK/report-en.txt" >"$WORK/report-en.flat"
expect_grep "Every category of check items was implemented at 100%" "$WORK/report-en.flat"
! grep -q "The lowest category was \"[^\"]*\" at 100.0%" "$WORK/report-en.flat" ||
	fail "a category at 100.0% is called the lowest"
# The ministries' own texts appear in both reports, marked as invented examples.
expect_grep "最高情報セキュリティ責任者からのメッセージ" "$WORK/report.txt"
expect_grep "格付・取扱制限の明示に関する研修を全職員に行う" "$WORK/report.txt"
expect_grep "架空の署名" "$WORK/report.txt"
expect_grep "Train every member of staff in marking classification" "$WORK/report-en.flat"
expect_grep "fictional signature" "$WORK/report-en.flat"

# The agencies' survey (資料編F): the demo's shares and N of the FY2012 round are the published
# ones, and the report's appendix prints the three rounds' table rates and every chart's N.
for f in agencies.db agencies-choices.csv agencies.xlsx; do
	[ -s "$OUT/$f" ] || fail "demo output $f missing or empty"
done
grep '^ALL,' "$OUT/agencies-choices.csv" | awk -F, '{print "2012," $2 "," $3 "," $6 "," $5}' | sort >"$WORK/ag-got"
awk -F, 'NR > 1 && $1 == 2012 {print $1 "," $2 "," $3 "," $4 "," $5}' "$SRC_DIR/tests/data/agencies-published.csv" |
	sort >"$WORK/ag-want"
diff "$WORK/ag-want" "$WORK/ag-got" >&2 || fail "agencies: the FY2012 round differs from the published shares and N"
expect_grep "資料編F" "$WORK/report.txt"
for row in "90% *92% *95%" "81% *89% *92%" "79% *80% *82%" "97% *99% *99%" "88% *90% *92%" "97% *97% *98%" \
	"100% *100% *100%" "92% *94% *96%"; do
	grep -Eq "$row" "$WORK/report.txt" || fail "appendix: no table row $row"
done
# every published N of every round appears under a bar
awk -F, 'NR > 1 {print $5}' "$SRC_DIR/tests/data/agencies-published.csv" | sort -u | while read -r n; do
	expect_grep "(N=$n)" "$WORK/report.txt"
done
expect_grep "Appendix F" "$WORK/report-en.txt"
