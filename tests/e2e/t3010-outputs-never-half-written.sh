#!/usr/bin/env bash
# Every output file is written beside its target and renamed into place: when the disk fills
# part-way (simulated with a file size limit) the command exits 2, says so, leaves the old
# file exactly as it was and no temporary file behind. An output path that is a symbolic
# link is refused; the workbook that names non-respondents is readable by its owner only.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

N="$WORK/national.db"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$SRC_DIR"/samples/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$SRC_DIR/samples/history.yaml"
mkdir "$WORK/out.d"
O="$WORK/out.d"

# full CMD...: runs CMD with writes limited to 40 KiB (the outputs below are larger), as on a
# disk that fills part-way; the status must be 2.
full() {
	local got=0
	(ulimit -f 40; trap '' XFSZ; "$@") >"$WORK/out" 2>"$WORK/err" || got=$?
	[ "$got" = 2 ] || { cat "$WORK/err" >&2; fail "expected exit status 2 on a full disk, got $got: $*"; }
}
# unchanged FILE SUM: FILE still has checksum SUM, and its directory no temporary file.
unchanged() {
	[ "$(sha256sum <"$1")" = "$2" ] || fail "$1 changed by a failed write"
	[ -z "$(find "$(dirname "$1")" -name '.*.??????' -print)" ] || fail "a temporary file was left behind"
}

expect_status 0 "$RENDERER" report --db "$N" --year 2012 -q -o "$O/report.pdf"
sum=$(sha256sum <"$O/report.pdf")
full "$RENDERER" report --db "$N" --year 2012 -q -o "$O/report.pdf"
expect_grep "renderer: cannot write '$O/report.pdf': File too large" "$WORK/err"
unchanged "$O/report.pdf" "$sum"
# A first report that fails leaves no file at all.
full "$RENDERER" report --db "$N" --year 2012 -q -o "$O/new.pdf"
[ ! -e "$O/new.pdf" ] || fail "a failed report left a file"

for ext in svg png pdf; do
	expect_status 0 "$RENDERER" chart heatmap --db "$N" --year 2012 -o "$O/chart.$ext"
	sum=$(sha256sum <"$O/chart.$ext")
	full "$RENDERER" chart heatmap --db "$N" --year 2012 -o "$O/chart.$ext"
	expect_grep "cannot write '$O/chart.$ext'" "$WORK/err"
	unchanged "$O/chart.$ext" "$sum"
done

# The workbook of a ministry: 0600 (it names the people who have not answered).
M="$WORK/ministry.db"
expect_status 0 "$SURVEY" init --db "$M" --org demo --name 沿岸整備省 --year 2026 --questionnaire "$SRC_DIR/questionnaires/selfcheck-2026.yaml"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$SRC_DIR/samples/ministry/roster.csv"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
umask 022
expect_status 0 "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$O/book.xlsx"
expect_equal 600 "$(stat -c %a "$O/book.xlsx")" "mode of a workbook with non-respondents"
sum=$(sha256sum <"$O/book.xlsx")
full "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$O/book.xlsx"
expect_grep "cannot write '$O/book.xlsx'" "$WORK/err"
unchanged "$O/book.xlsx" "$sum"

# The tally file: a questionnaire of 600 items makes it larger than the limit.
T="$WORK/big.db"
python3 - "$WORK/big.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("format: selfcheck-questionnaire/1\nid: big\nfiscal_year: 2026\ntitle: {ja: 点検, en: Check}\n"
            "categories: [{code: info, ja: 情報, en: Information}]\nitems:\n")
    for i in range(600):
        f.write("  - {id: S-%03d, roles: [staff], category: info, clause: \"1\", question: {ja: 問, en: Q},"
                " explanation: {ja: 説明, en: E}}\n" % i)
PY
expect_status 0 "$SURVEY" init --db "$T" --org big --name 大省 --year 2026 --questionnaire "$WORK/big.yaml"
printf 'person_id,name,unit,role,status\np001,山田,総務局,staff,active\n' >"$WORK/one.csv"
expect_status 0 "$SURVEY" roster import --db "$T" --year 2026 "$WORK/one.csv"
expect_status 0 "$AGGREGATOR" tally --db "$T" --year 2026
expect_status 0 "$AGGREGATOR" submit --db "$T" --year 2026 -o "$O/tally.yaml"
sum=$(sha256sum <"$O/tally.yaml")
full "$AGGREGATOR" submit --db "$T" --year 2026 -o "$O/tally.yaml"
expect_grep "cannot write '$O/tally.yaml'" "$WORK/err"
unchanged "$O/tally.yaml" "$sum"

# A symbolic link at the output path is refused, and what it points to is not touched.
echo "keep me" >"$WORK/elsewhere.txt"
ln -s "$WORK/elsewhere.txt" "$O/link.pdf"
expect_status 2 "$RENDERER" report --db "$N" --year 2012 -q -o "$O/link.pdf"
expect_grep "refusing to write '$O/link.pdf': it is a symbolic link" "$WORK/err"
expect_status 2 "$RENDERER" chart trend --db "$N" --year 2012 -o "$O/link.pdf"
ln -s "$WORK/elsewhere.txt" "$O/link.xlsx"
expect_status 2 "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$O/link.xlsx"
ln -s "$WORK/elsewhere.txt" "$O/link.yaml"
expect_status 2 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$O/link.yaml"
expect_equal "keep me" "$(cat "$WORK/elsewhere.txt")" "the link's target"
[ -L "$O/link.pdf" ] || fail "the link was replaced"
# A directory is not a file.
mkdir "$O/dir.svg"
expect_status 2 "$RENDERER" chart trend --db "$N" --year 2012 -o "$O/dir.svg"
expect_grep "it is a directory" "$WORK/err"
echo ok
