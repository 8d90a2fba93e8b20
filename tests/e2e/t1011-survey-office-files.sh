#!/usr/bin/env bash
# Files as Japanese offices write them: Shift_JIS (CP932) with and without --encoding, UTF-8
# with a byte-order mark and CRLF, Japanese column names in any order, Japanese role, status
# and answer words, spaces around fields, unit paths spelled several ways, and CSV for Excel.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

db=$WORK/m.db
expect_status 0 "$SURVEY" init --db "$db" --org mof --name 財務省 --year 2026 --questionnaire "$MINI"

# A roster in CP932, as Excel saves "CSV (comma delimited)" on Japanese Windows.
cat >"$WORK/roster-utf8.csv" <<'CSV'
職員番号,氏名,所属,役割,状況
k001,山田 太郎,総務局/人事課,行政事務従事者,対象
k001,山田 太郎,総務局/人事課,課室情報セキュリティ責任者,対象
k002,髙橋 ～ ①,総務局/会計課,staff,active
k003,佐藤 花子,主計局,staff,対象外
CSV
iconv -f UTF-8 -t CP932 "$WORK/roster-utf8.csv" >"$WORK/roster-sjis.csv"
cmp -s "$WORK/roster-utf8.csv" "$WORK/roster-sjis.csv" && fail "the CP932 fixture equals the UTF-8 one"
before=$(sqlite3 "$db" .dump | sha256sum)

# Without --encoding: one message saying what the file is and how to re-run; nothing changes.
expect_status 2 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster-sjis.csv"
expect_equal 1 "$(wc -l <"$WORK/err")" "messages for a CP932 file read as UTF-8"
expect_grep "survey: $WORK/roster-sjis.csv:1: not UTF-8 text: the file looks like CP932 (Shift_JIS); re-run with --encoding cp932" "$WORK/err"
[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "store changed by a refused file"

# With it (and its other names): the names arrive as UTF-8, including 髙, ～ and ①.
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --encoding cp932 "$WORK/roster-sjis.csv"
expect_grep "3 people, 3 targets, 1 excluded roles: 3 added" "$WORK/out"
expect_equal "髙橋 ～ ①" "$(sqlite3 "$db" "SELECT name FROM person WHERE person_id = 'k002'")" "name from CP932"
expect_equal "division_officer staff" "$(sqlite3 "$db" "SELECT group_concat(role, ' ') FROM (SELECT role FROM target WHERE person_id = 'k001' ORDER BY role)")" "Japanese role names"
expect_equal 1 "$(sqlite3 "$db" "SELECT excluded FROM target WHERE person_id = 'k003'")" "対象外 is excluded"
for name in sjis SHIFT_JIS shift-jis; do
	expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --encoding "$name" "$WORK/roster-sjis.csv"
	expect_grep "0 added, 0 updated, 3 unchanged" "$WORK/out"
done
expect_status 1 "$SURVEY" roster import --db "$db" --year 2026 --encoding latin1 "$WORK/roster-sjis.csv"
expect_grep "invalid --encoding 'latin1'" "$WORK/err"
# Standard input works the same.
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --encoding cp932 - <"$WORK/roster-sjis.csv"
expect_grep "3 unchanged" "$WORK/out"

# A CP932 file with an error names the line of the original file (after a quoted line break).
printf '職員番号,氏名,所属,役割,状況\r\n"k004","鈴木\r\n次郎",総務局/人事課,staff,対象\r\nk005,田中,総務局,係長,対象\r\n' |
	iconv -f UTF-8 -t CP932 >"$WORK/bad-sjis.csv"
expect_status 2 "$SURVEY" roster import --db "$db" --year 2026 --encoding cp932 "$WORK/bad-sjis.csv"
expect_grep "bad-sjis.csv:4: unknown role '係長'" "$WORK/err"
expect_grep "bad-sjis.csv:2: name contains a control character" "$WORK/err"

# UTF-8 with a byte-order mark and CRLF; columns in another order with an extra one; spaces
# (ASCII and U+3000) around fields; one unit spelled four ways.
printf '\xef\xbb\xbf所属,備考,氏名,職員番号,状況,役割\r\n' >"$WORK/bom.csv"
printf ' 総務局 ／ 人事課 ,,　山田 太郎　, k001 ,対象,staff\r\n' >>"$WORK/bom.csv"
printf '総務局/人事課/,,山田 太郎,k001,active,division_officer\r\n' >>"$WORK/bom.csv"
printf '総務局／人事課,異動予定,伊藤 三郎,k006,active,staff\r\n' >>"$WORK/bom.csv"
printf '総務局//人事課 ,,渡辺 四郎,k007,active,staff\r\n' >>"$WORK/bom.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/bom.csv"
expect_grep "3 people, 4 targets, 0 excluded roles: 2 added, 0 updated, 1 unchanged" "$WORK/out"
expect_equal "総務局/人事課|3" "$(sqlite3 "$db" "SELECT unit, count(*) FROM person WHERE unit LIKE '総務局%人事課%' GROUP BY unit")" "one unit"
expect_equal "山田 太郎" "$(sqlite3 "$db" "SELECT name FROM person WHERE person_id = 'k001'")" "trimmed name"
expect_status 0 "$SURVEY" status --db "$db" --year 2026 --by unit
expect_equal 1 "$(grep -c '^総務局/人事課 ' "$WORK/out")" "status lines of the unit"
grep -Eq '^総務局/人事課 +4 ' "$WORK/out" || fail "status by unit: $(cat "$WORK/out")"
# --unit arguments are read the same way.
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --unit ' 総務局 ／人事課／'
expect_equal "k001 k006 k007" "$(tail -n +2 "$WORK/out" | cut -d, -f1 | sort | tr '\n' ' ' | sed 's/ $//')" "pending under the unit"
expect_status 0 "$SURVEY" status --db "$db" --year 2026 --unit '総務局／人事課'
grep -Eq '^all +4 +0 ' "$WORK/out" || fail "status --unit: $(cat "$WORK/out")"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --unit '総務局 / 人事課'
expect_equal 4 "$(wc -l <"$WORK/out")" "tokens under the unit"
cp "$WORK/out" "$WORK/tokens.csv"

# Answers in CP932 with Japanese column names and answer words.
printf '職員番号,役割,項目ID,回答\r\nk001,staff,S-01,実施\r\nk001,行政事務従事者,S-02,未実施\r\nk001,staff,S-03,該当なし\r\nk006,staff,S-01,１\r\n' |
	iconv -f UTF-8 -t CP932 >"$WORK/answers-sjis.csv"
expect_status 2 "$SURVEY" import --db "$db" --year 2026 "$WORK/answers-sjis.csv"
expect_equal 1 "$(wc -l <"$WORK/err")" "messages for CP932 answers read as UTF-8"
expect_grep "answers-sjis.csv:1: not UTF-8 text: the file looks like CP932 (Shift_JIS); re-run with --encoding cp932" "$WORK/err"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 --encoding cp932 "$WORK/answers-sjis.csv"
expect_grep "4 answers imported for 2 people" "$WORK/out"
expect_equal 123 "$(answers_of "$db" k001 staff)" "k001 staff from CP932"
expect_equal 100 "$(answers_of "$db" k006 staff)" "full-width digit"
# The same with a BOM, CRLF, columns reordered and spaces around the fields.
printf '\xef\xbb\xbf回答 , 項目ID,職員番号,役割\r\n 2 ,S-02, k006 ,staff\r\n' >"$WORK/answers-bom.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/answers-bom.csv"
expect_equal 120 "$(answers_of "$db" k006 staff)" "answer from a BOM file"

# CSV for Excel: a byte-order mark, CRLF line ends; the plain CSV has neither.
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --excel
expect_equal "efbbbf" "$(head -c 3 "$WORK/out" | od -An -tx1 | tr -d ' \n')" "byte-order mark"
expect_equal "$(wc -l <"$WORK/out")" "$(grep -c $'\r$' "$WORK/out")" "CRLF on every line"
expect_grep "k006,伊藤 三郎,総務局/人事課,staff,staff 2/3," "$WORK/out"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026
expect_equal "person_id" "$(head -c 9 "$WORK/out")" "no byte-order mark without --excel"
expect_equal 0 "$(grep -c $'\r' "$WORK/out")" "no CR without --excel"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --person k007 --excel
expect_equal "efbbbf" "$(head -c 3 "$WORK/out" | od -An -tx1 | tr -d ' \n')" "tokens: byte-order mark"
expect_equal 2 "$(grep -c $'\r$' "$WORK/out")" "tokens: CRLF"
expect_status 0 "$SURVEY" log --db "$db" --format csv --excel
expect_equal "efbbbf" "$(head -c 3 "$WORK/out" | od -An -tx1 | tr -d ' \n')" "log: byte-order mark"
expect_grep $'at,program,command,fiscal_year,detail\r' "$WORK/out"
# A name that Excel would run as a formula is written after an apostrophe.
printf 'person_id,name,unit,role,status\nk008,"=HYPERLINK(""x"")",総務局,staff,active\n' >"$WORK/formula.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/formula.csv"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --unit 総務局 --excel
expect_grep "k008,\"'=HYPERLINK(\"\"x\"\")\",総務局," "$WORK/out"
echo ok
