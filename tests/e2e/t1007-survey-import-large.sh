#!/usr/bin/env bash
# survey import of a file large enough to be checked in two halves at once: the result equals
# the file, and errors anywhere (a duplicate across the halves, a quoted field spanning the
# middle, a bad row late in the file) are reported at their real line with nothing imported.
source "$(dirname "$0")/lib.sh"
GEN=$BUILD_DIR/gen/gen_survey_import
[ -x "$GEN" ] || fail "missing $GEN (make builds it)"
QUEST=$SRC_DIR/questionnaires/selfcheck-2026.yaml

"$GEN" "$QUEST" "$WORK" 15000 2>/dev/null
size=$(stat -c %s "$WORK/answers.csv")
[ "$size" -gt $((9 * 1024 * 1024)) ] || fail "answers file only $size bytes"
lines=$(wc -l <"$WORK/answers.csv")

db=$WORK/m.db
expect_status 0 "$SURVEY" init --db "$db" --org big --name 大規模省 --year 2026 --questionnaire "$QUEST"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
before=$(sqlite3 "$db" .dump | sha256sum)

# A duplicate: a row of the first half repeated at the end.
{ cat "$WORK/answers.csv"; sed -n 10p "$WORK/answers.csv"; } >"$WORK/dup.csv"
expect_status 2 "$SURVEY" import --db "$db" --year 2026 "$WORK/dup.csv"
expect_grep "dup.csv:$((lines + 1)): duplicate answer for person '$(sed -n 10p "$WORK/answers.csv" | cut -d, -f1)'" "$WORK/err"
expect_equal 1 "$(wc -l <"$WORK/err")" "messages for one duplicate"

# A quoted field holding a line break, starting just before the middle.
mid=$((lines / 2))
awk -v m="$mid" 'NR == m { split($0, f, ","); printf "%s,%s,\"%s\n%s\",%s\n", f[1], f[2], f[3], "X", f[4]; next } { print }' \
	"$WORK/answers.csv" >"$WORK/quoted.csv"
expect_status 2 "$SURVEY" import --db "$db" --year 2026 "$WORK/quoted.csv"
expect_grep "quoted.csv:$mid: unknown item" "$WORK/err"
expect_equal 1 "$(wc -l <"$WORK/err")" "messages for the quoted field"

# A bad answer late in the file.
awk -v n="$((lines - 5))" 'NR == n { sub(/,[123]$/, ",yes") } { print }' "$WORK/answers.csv" >"$WORK/late.csv"
expect_status 2 "$SURVEY" import --db "$db" --year 2026 "$WORK/late.csv"
expect_grep "late.csv:$((lines - 5)): unknown answer 'yes'" "$WORK/err"
[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "store changed by a bad file"

# The good file: every answer lands, per code.
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/answers.csv"
expect_grep "$((lines - 1)) answers imported for 15000 people; 1500 marked submitted" "$WORK/out"
for code in 1 2 3; do
	want=$(tail -n +2 "$WORK/answers.csv" | grep -c ",$code\$")
	got=$(sqlite3 "$db" "SELECT sum(length(answers) - length(replace(answers, '$code', ''))) FROM response")
	expect_equal "$want" "$got" "answers $code"
done
expect_equal "$((lines - 1))" "$(sqlite3 "$db" "SELECT sum(answered) FROM response")" "answered"
# Spot check: the last row of the file is on its person's sheet (staff S-40 or the last item).
last=$(tail -1 "$WORK/answers.csv")
person=${last%%,*}
expect_equal "${last##*,}" "$(sqlite3 "$db" "SELECT substr(answers, answered, 1) FROM response WHERE person_id = '$person'")" "last answer"
# The rows in no particular order, as some offices export them: the sheets come out the same,
# and a duplicate anywhere is still found and reported at its line.
{ head -1 "$WORK/answers.csv"; tail -n +2 "$WORK/answers.csv" | shuf --random-source=<(yes); } >"$WORK/shuffled.csv"
sheets="SELECT group_concat(role || ':' || answers || ':' || (submitted_at IS NOT NULL), ';')
	FROM (SELECT role, answers, submitted_at FROM response ORDER BY person_id, role)"
mixed=$WORK/mixed.db
expect_status 0 "$SURVEY" init --db "$mixed" --org big --name 大規模省 --year 2026 --questionnaire "$QUEST"
expect_status 0 "$SURVEY" roster import --db "$mixed" --year 2026 "$WORK/roster.csv"
{ cat "$WORK/shuffled.csv"; sed -n 10p "$WORK/shuffled.csv"; } >"$WORK/shuffled-dup.csv"
expect_status 2 "$SURVEY" import --db "$mixed" --year 2026 "$WORK/shuffled-dup.csv"
expect_grep "shuffled-dup.csv:$((lines + 1)): duplicate answer for person '$(sed -n 10p "$WORK/shuffled.csv" | cut -d, -f1)'" "$WORK/err"
expect_equal 1 "$(wc -l <"$WORK/err")" "messages for one duplicate in a shuffled file"
expect_status 0 "$SURVEY" import --db "$mixed" --year 2026 "$WORK/shuffled.csv"
expect_equal "$(sqlite3 "$db" "$sheets" | sha256sum)" "$(sqlite3 "$mixed" "$sheets" | sha256sum)" "sheets from the shuffled file"

# The same people under ids longer than eight bytes (found by their whole text, not their
# 8-byte key): the answers come out the same.
sed 's/^P/PERSON-/' "$WORK/roster.csv" >"$WORK/roster-long.csv"
sed 's/^P/PERSON-/' "$WORK/shuffled.csv" >"$WORK/answers-long.csv"
long=$WORK/long.db
expect_status 0 "$SURVEY" init --db "$long" --org big --name 大規模省 --year 2026 --questionnaire "$QUEST"
expect_status 0 "$SURVEY" roster import --db "$long" --year 2026 "$WORK/roster-long.csv"
expect_status 0 "$SURVEY" import --db "$long" --year 2026 "$WORK/answers-long.csv"
expect_equal "$(sqlite3 "$db" "$sheets" | sha256sum)" "$(sqlite3 "$long" "$sheets" | sha256sum)" "sheets under long ids"
echo ok
