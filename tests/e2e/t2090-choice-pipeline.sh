#!/usr/bin/env bash
# Choice items through the pipeline: bad choice input refused with FILE:LINE:COL and exit 2,
# nothing changed (questionnaires, tally files, CSV imports); a fictional round's tallies
# compile to the shares computed here independently (a multiple choice's N counts answers, a
# single choice's counts respondents); kinds and supervising ministries select bodies; the
# agencies' samples reproduce the published FY2012 round and, with the history, the earlier
# rounds, and the report's appendix prints them.
source "$(dirname "$0")/lib.sh"
BAD=$SRC_DIR/tests/data/bad-choice
CHOICE_Q=$SRC_DIR/tests/data/survey-choice.yaml

# -- bad questionnaires: exact messages, exit 2
for f in "$BAD"/q-*.yaml; do
	(cd "$BAD" && expect_status 2 "$SURVEY" validate "$(basename "$f")")
	expect_corpus_messages "$f"
done

# -- bad tally files: exact messages, exit 2, no store created, an existing store unchanged
for f in "$BAD"/t-*.yaml; do
	(cd "$BAD" && expect_status 2 "$AGGREGATOR" compile --db "$WORK/x.db" --year 2026 --questionnaire "$CHOICE_Q" "$(basename "$f")")
	expect_corpus_messages "$f"
	[ ! -e "$WORK/x.db" ] || fail "$(basename "$f"): a store was created"
done

# -- a fictional round: three bodies of two ministries, tally files written here
tally() { # CODE KIND SUPERVISOR RESP C01 C02 C03(4) Y01impl
	local code=$1 kind=$2 sup=$3 r=$4
	read -r a1 a2 a3 <<<"$5"
	read -r b1 b2 b3 <<<"$6"
	read -r c1 c2 c3 c4 <<<"$7"
	local bresp=$((b1 + b2 + b3)) cresp=$8
	local cimpl=$((cresp - c4))
	cat >"$WORK/$code.yaml" <<T
format: selfcheck-tally/2
fiscal_year: 2026
organization: {code: $code, name: "見本 $code", kind: $kind, supervisor: $sup}
questionnaire: choice-mini
persons: {targets: $r, submitted_all: $r}
roles:
  chief_officer:
    targets: $r
    submitted: $r
    attainment: {obligated: $r, at_100: 0, at_95: 0, at_90: 0}
    items:
      C-01: {implemented: $a1, not_implemented: $((a2 + a3)), not_applicable: 0, choices: {respondents: $((a1 + a2 + a3)), options: [$a1, $a2, $a3]}}
      C-02: {implemented: $((b1 + b2)), not_implemented: $b3, not_applicable: 0, choices: {respondents: $bresp, n: $bresp, options: [$b1, $b2, $b3]}}
      Y-01: {implemented: $r, not_implemented: 0, not_applicable: 0}
      C-03: {implemented: $cimpl, not_implemented: $c4, not_applicable: 0, choices: {respondents: $cresp, options: [$c1, $c2, $c3, $c4]}}
T
}
#     code kind                 sup  resp C-01      C-02     C-03 (4 options)  C-03 respondents
tally f01 agency               mext 7   "4 2 1"   "1 2 1"  "5 3 2 1"         7
tally f02 national_university  mext 9   "9 0 0"   "3 5 1"  "6 6 4 0"         9
tally f03 agency               mhlw 4   "1 1 2"   "0 1 0"  "1 1 1 2"         4
expect_status 0 "$AGGREGATOR" compile --db "$WORK/f.db" --year 2026 --questionnaire "$CHOICE_Q" "$WORK"/f0*.yaml
expect_status 0 "$AGGREGATOR" rates --db "$WORK/f.db" --year 2026 --by choice --format csv
cp "$WORK/out" "$WORK/all.csv"
head -1 "$WORK/all.csv" | grep -qx "organization,item,option,count,n,share" || fail "columns: $(head -1 "$WORK/all.csv")"
# independently: ALL pools the counts; N is the sum of the counts; share = round half up
python3 - "$WORK" <<'PY'
import csv, sys, re, glob, os
work = sys.argv[1]
pooled = {}
for f in sorted(glob.glob(os.path.join(work, "f0*.yaml"))):
    for line in open(f):
        m = re.match(r"\s+(C-\d+): .*options: \[([0-9, ]+)\]", line)
        if m:
            counts = [int(x) for x in m.group(2).split(",")]
            acc = pooled.setdefault(m.group(1), [0] * len(counts))
            for i, c in enumerate(counts):
                acc[i] += c
rows = {(r["organization"], r["item"], r["option"]): r for r in csv.DictReader(open(os.path.join(work, "all.csv")))}
for item, counts in pooled.items():
    n = sum(counts)
    for o, c in enumerate(counts, 1):
        share = (200 * c + n) // (2 * n)
        r = rows[("ALL", item, str(o))]
        got = (int(r["count"]), int(r["n"]), int(r["share"]))
        assert got == (c, n, share), (item, o, got, (c, n, share))
# a multiple choice's N counts answers (more than its 20 respondents), a single choice's respondents
assert int(rows[("ALL", "C-03", "1")]["n"]) == 32, rows[("ALL", "C-03", "1")]
assert int(rows[("ALL", "C-01", "1")]["n"]) == 20
assert int(rows[("ALL", "C-02", "1")]["n"]) == 14
PY
# kinds and supervising ministries select bodies; the ALL rows pool only them
expect_status 0 "$AGGREGATOR" rates --db "$WORK/f.db" --year 2026 --by choice --supervisor mext --format csv
expect_no_grep "f03," "$WORK/out"
expect_grep "ALL,C-01,1,13,16,81" "$WORK/out"
expect_status 0 "$AGGREGATOR" rates --db "$WORK/f.db" --year 2026 --by choice --kind national_university --format csv
expect_grep "ALL,C-03,1,6,16,38" "$WORK/out"
expect_status 1 "$AGGREGATOR" rates --db "$WORK/f.db" --year 2026 --by choice --kind ministryy
expect_status 1 "$AGGREGATOR" rates --db "$WORK/f.db" --year 2026 --by item --supervisor mext
# the tally file round trip keeps kind, supervisor and choices
sqlite3 "$WORK/f.db" "SELECT code, kind, supervisor FROM organization ORDER BY code" >"$WORK/orgs"
expect_grep "f02|national_university|mext" "$WORK/orgs"
# a bad tally compiled into the existing store changes nothing
before=$(sqlite3 "$WORK/f.db" .dump | sha256sum)
(cd "$BAD" && expect_status 2 "$AGGREGATOR" compile --db "$WORK/f.db" --year 2026 t-two-options-single.yaml)
[ "$before" = "$(sqlite3 "$WORK/f.db" .dump | sha256sum)" ] || fail "a refused tally changed the store"

# a single choice may give its choices alone (the three counts and the respondents follow)
cat >"$WORK/lenient.yaml" <<'T'
format: selfcheck-tally/2
fiscal_year: 2026
organization: {code: zz1, name: 見本, kind: designated_corporation, supervisor: mext}
questionnaire: choice-mini
persons: {targets: 5, submitted_all: 5}
roles:
  chief_officer:
    targets: 5
    submitted: 5
    attainment: {obligated: 5, at_100: 0, at_95: 0, at_90: 0}
    items:
      C-01: {choices: {options: [3, 1, 1]}}
      C-03: {implemented: 4, not_implemented: 1, not_applicable: 0, choices: {respondents: 5, options: [3, 2, 1, 1]}}
T
expect_status 0 "$AGGREGATOR" compile --db "$WORK/len.db" --year 2026 --questionnaire "$CHOICE_Q" "$WORK/lenient.yaml"
expect_status 0 "$AGGREGATOR" rates --db "$WORK/len.db" --year 2026 --by item --format csv
expect_grep "zz1,all,C-01,policy,C1,3,2,0,60.0,C" "$WORK/out"
expect_status 0 "$AGGREGATOR" rates --db "$WORK/len.db" --year 2026 --by choice --kind designated_corporation --format csv
expect_grep "ALL,C-03,1,3,7,43" "$WORK/out"

# -- bad CSV imports: FILE:LINE:COL, exit 2, nothing changed
expect_status 0 "$SURVEY" init --db "$WORK/c.db" --org ag1 --name 見本法人 --year 2026 --questionnaire "$CHOICE_Q"
printf 'person_id,name,unit,role,status\nc01,a,u,chief_officer,active\nc02,b,u,chief_officer,active\n' >"$WORK/r.csv"
expect_status 0 "$SURVEY" roster import --db "$WORK/c.db" --year 2026 "$WORK/r.csv"
before=$(sqlite3 "$WORK/c.db" "SELECT count(*) FROM response")
for f in "$BAD"/i-*.csv; do
	(cd "$BAD" && expect_status 2 "$SURVEY" import --db "$WORK/c.db" --year 2026 "$(basename "$f")")
	expect_corpus_messages "$f"
done
expect_equal "$before" "$(sqlite3 "$WORK/c.db" "SELECT count(*) FROM response")" "responses after refused imports"
# a good import: a multiple choice in quotes, C-02 not asked of c02 (option 2 of C-01)
printf 'person_id,role,item,answer\nc01,chief_officer,C-01,1\nc01,chief_officer,C-02,2\nc01,chief_officer,Y-01,1\nc01,chief_officer,C-03,"1,3"\nc02,chief_officer,C-01,2\nc02,chief_officer,Y-01,2\nc02,chief_officer,C-03,4\n' >"$WORK/a.csv"
expect_status 0 "$SURVEY" import --db "$WORK/c.db" --year 2026 "$WORK/a.csv"
expect_equal 2 "$(sqlite3 "$WORK/c.db" "SELECT count(*) FROM response WHERE submitted_at IS NOT NULL")" "complete people submitted"
expect_status 0 "$AGGREGATOR" tally --db "$WORK/c.db" --year 2026
expect_status 0 "$AGGREGATOR" rates --db "$WORK/c.db" --year 2026 --by choice --format csv
expect_grep "ALL,C-02,2,1,1,100" "$WORK/out"
expect_grep "ALL,C-03,4,1,3,33" "$WORK/out"
# line mode: numbers, commas for a multiple choice, a bad answer explained
expect_status 0 "$SURVEY" tokens --db "$WORK/c.db" --year 2026 --person c01 --force
tok=$(grep '^c01,' "$WORK/out" | awk -F, '{print $NF}')
printf 'c01\n%s\ngo 1\n3,1\n1\n\n\n9\n2,4\n2,3\ny\n' "$tok" >"$WORK/in"
expect_status 0 "$SURVEY" --db "$WORK/c.db" --year 2026 --plain --lang en <"$WORK/in"
expect_grep "Please answer with option numbers (1-3): more than one option of a single choice" "$WORK/out"
expect_grep "Please answer with option numbers (1-4): an option that does not exist" "$WORK/out"
expect_grep "Please answer with option numbers (1-4): an option that stands alone, picked with another" "$WORK/out"
expect_grep "* several answers allowed" "$WORK/out"
expect_grep "Current answer: 1 Laid down" "$WORK/out"
expect_equal "AB1F" "$(sqlite3 "$WORK/c.db" "SELECT answers FROM response WHERE person_id = 'c01'")" "c01 after line mode"

# -- the agencies' samples: the published FY2012 round exactly, the earlier rounds from history
A=$WORK/agencies.db
expect_status 0 "$AGGREGATOR" compile --db "$A" --year 2012 --questionnaire "$SRC_DIR/questionnaires/agencies-2012.yaml" "$SRC_DIR"/samples/agencies/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$A" "$SRC_DIR/samples/history-agencies.yaml"
expect_status 0 "$AGGREGATOR" rates --db "$A" --year 2012 --by choice --format csv
grep '^ALL,' "$WORK/out" | awk -F, '{print "2012," $2 "," $3 "," $6 "," $5}' | sort >"$WORK/got"
awk -F, 'NR > 1 && $1 == 2012 {print $1 "," $2 "," $3 "," $4 "," $5}' "$SRC_DIR/tests/data/agencies-published.csv" | sort >"$WORK/want"
diff "$WORK/want" "$WORK/got" >&2 || fail "the FY2012 round differs from the published shares and N"
expect_equal 191 "$(sqlite3 "$A" "SELECT count(*) FROM organization WHERE kind IN ('agency', 'national_university') AND supervisor IS NOT NULL")" "bodies with kind and supervisor"
expect_status 0 "$AGGREGATOR" rates --db "$A" --year 2012 --by choice --supervisor mext --format csv
expect_no_grep "ag001," "$WORK/out"
expect_status 0 "$AGGREGATOR" export --db "$A" --year 2012 --xlsx "$WORK/a.xlsx"
unzip -p "$WORK/a.xlsx" xl/workbook.xml | grep -q '選択式' || fail "the workbook has no choice sheet"

# -- the report's appendix: the table over three rounds and the charts with N, both languages
N=$WORK/national.db
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$SRC_DIR"/samples/h24/*.yaml
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --agencies "$A" -o "$WORK/r.pdf"
pdftotext -layout "$WORK/r.pdf" "$WORK/r.txt"
expect_grep "資料編F" "$WORK/r.txt"
expect_grep "H23（率）" "$WORK/r.txt"
expect_grep "（191法人）" "$WORK/r.txt"
for row in "90% *92% *95%" "81% *89% *92%" "79% *80% *82%" "97% *99% *99%" "88% *90% *92%" "97% *97% *98%" "100% *100% *100%" "92% *94% *96%"; do
	grep -Eq "$row" "$WORK/r.txt" || fail "the table has no row $row"
done
for n in "(N=194)" "(N=192)" "(N=191)" "(N=173)" "(N=176)" "(N=182)" "(N=468)" "(N=472)" "(N=481)" "(N=196)" "(N=110)" "(N=82)"; do
	expect_grep "$n" "$WORK/r.txt"
done
expect_grep "※複数選択可" "$WORK/r.txt"
expect_grep "攻撃を受けた" "$WORK/r.txt"
expect_status 0 "$RENDERER" report --db "$N" --year 2012 --lang en --template "$SRC_DIR/templates/annual-report-en.yaml" --agencies "$A" -o "$WORK/r-en.pdf"
pdftotext -layout "$WORK/r-en.pdf" "$WORK/r-en.txt"
expect_grep "Appendix F" "$WORK/r-en.txt"
expect_grep "Mar 2011" "$WORK/r-en.txt"
expect_grep "* Several answers allowed" "$WORK/r-en.txt"
# an appendix naming an item that is not a choice item is refused with its position
sed 's/item: AG-13/item: AG-99/' "$SRC_DIR/templates/agencies-appendix.yaml" >"$WORK/bad-appendix.yaml"
expect_status 2 "$RENDERER" report --db "$N" --year 2012 --agencies "$A" --appendix "$WORK/bad-appendix.yaml" -o "$WORK/bad.pdf"
expect_grep "bad-appendix.yaml:" "$WORK/err"
expect_grep "item 'AG-99' is not in questionnaire agencies-2012" "$WORK/err"
[ ! -e "$WORK/bad.pdf" ] || fail "a PDF was written for a bad appendix"
