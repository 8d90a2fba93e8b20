#!/usr/bin/env bash
# The coordinator's tools: init refuses a questionnaire of another year, show tells everything
# about one person but their token, pending gives each person's progress, reopen undoes close,
# and the activity log lists the commands that changed the store.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"
# Times are shown in local time; the zone is fixed here so that they can be checked.
export TZ=JST-9
# local_of UTC: the stored UTC time as the commands show it.
local_of() { date -d "$1" '+%Y-%m-%d %H:%M:%S JST'; }

# init: the questionnaire is for 2026; --year 2027 is a likely mistake, refused unless
# --any-year; the refused command does not even create the store.
expect_status 2 "$SURVEY" init --db "$WORK/y.db" --org mof --name 財務省 --year 2027 --questionnaire "$MINI"
expect_grep "survey: $MINI: the questionnaire is for fiscal year 2026, not 2027 (check --year, or give --any-year to use it for 2027 all the same)" "$WORK/err"
[ ! -e "$WORK/y.db" ] || fail "a refused init created the store"
expect_status 0 "$SURVEY" init --db "$WORK/y.db" --org mof --name 財務省 --year 2027 --questionnaire "$MINI" --any-year
expect_equal 2027 "$(sqlite3 "$WORK/y.db" "SELECT fiscal_year FROM fiscal_year")" "year created with --any-year"

db=$WORK/m.db
survey_setup "$db"

# p001 answers two division_officer items and one staff item in line mode; p002 submits.
printf '1\n3\n2\nq\n' | SURVEY_TOKEN=$(token_of p001) "$SURVEY" --db "$db" --year 2026 --person p001 --lang en >/dev/null
printf '1\n2\n3\ny\n' | SURVEY_TOKEN=$(token_of p002) "$SURVEY" --db "$db" --year 2026 --person p002 --lang en >/dev/null

# pending: the existing columns first, then each role's progress and the last answer's time.
expect_status 0 "$SURVEY" pending --db "$db" --year 2026
expect_equal "person_id,name,unit,roles,progress,last_answer_at" "$(head -1 "$WORK/out")" "pending header"
grep -Eq '^p001,山田 太郎,総務局/情報システム課,division_officer staff,division_officer 2/2; staff 1/3,20[0-9-]{8}T[0-9:]{8}\+09:00$' "$WORK/out" ||
	fail "pending line of p001: $(cat "$WORK/out")"
expect_grep "p004,鈴木 一郎,主計局/調査課,system_admin,system_admin 0/1," "$WORK/out"
expect_no_grep "p002" "$WORK/out"

# show: roles, progress, answers item by item, submissions; never the token.
expect_status 0 "$SURVEY" show --db "$db" --year 2026 --person p001
out=$WORK/out
expect_grep "name         山田 太郎" "$out"
expect_grep "unit         総務局/情報システム課" "$out"
expect_grep "roster       on the roster" "$out"
expect_grep "login token  issued" "$out"
expect_grep "role division_officer (課室情報セキュリティ責任者): target" "$out"
expect_grep "  answered 2 / 2; not submitted; last answer 20" "$out"
expect_grep "  S-02       1 implemented" "$out"
expect_grep "  O-01       3 not applicable" "$out"
expect_grep "role staff (行政事務従事者): target" "$out"
expect_grep "  answered 1 / 3; not submitted" "$out"
expect_grep "  S-01       2 not implemented" "$out"
expect_grep "  S-03       - unanswered" "$out"
expect_grep "submissions  none" "$out"
expect_no_grep "$(token_of p001)" "$out"
# Division officer comes before staff, as in the questionnaire.
[ "$(grep -n '^role division_officer' "$out" | cut -d: -f1)" -lt "$(grep -n '^role staff' "$out" | cut -d: -f1)" ] ||
	fail "roles out of order"
expect_status 0 "$SURVEY" show --db "$db" --year 2026 --person p002 --person p003
expect_grep "  answered 3 / 3; submitted 20" "$out"
expect_grep "submissions" "$out"
grep -Eq '^  20[0-9-]{8} [0-9:]{8} JST  3 answers  digest [0-9a-f]{16}$' "$out" || fail "submission line: $(cat "$out")"
expect_grep "role staff (行政事務従事者): excluded" "$out"
expect_grep "login token  not issued" "$out"
expect_status 2 "$SURVEY" show --db "$db" --year 2026 --person p999
expect_grep "person 'p999' is not in the store for fiscal year 2026" "$WORK/err"
expect_status 1 "$SURVEY" show --db "$db" --year 2026

# reopen: refused while open; after close, answers are refused, after reopen accepted again.
expect_status 2 "$SURVEY" reopen --db "$db" --year 2026
expect_grep "the collection of fiscal year 2026 is not closed; there is nothing to reopen" "$WORK/err"
expect_status 0 "$SURVEY" close --db "$db" --year 2026
closed_at=$(sqlite3 "$db" "SELECT closed_at FROM fiscal_year")
printf '1\n' >"$WORK/in"
SURVEY_TOKEN=$(token_of p004) expect_status 2 "$SURVEY" --db "$db" --year 2026 --person p004 --lang en <"$WORK/in"
expect_grep "closed; answers are no longer accepted" "$WORK/out"
expect_status 2 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
expect_grep "is closed; its roster can no longer change (reopen it with 'survey reopen')" "$WORK/err"
expect_status 0 "$SURVEY" reopen --db "$db" --year 2026
expect_grep "fiscal year 2026: collection reopened (it had been closed at $(local_of "$closed_at")); answers are accepted again" "$WORK/out"
expect_equal "" "$(sqlite3 "$db" "SELECT closed_at FROM fiscal_year")" "closed_at after reopen"
printf '1\ny\n' >"$WORK/in"
SURVEY_TOKEN=$(token_of p004) expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p004 --lang en <"$WORK/in"
expect_grep "Submitted (receipt)" "$WORK/out"
expect_status 0 "$SURVEY" status --db "$db" --year 2026
expect_grep "collection open" "$WORK/out"
expect_status 2 "$SURVEY" reopen --db "$db" --year 2026
expect_status 2 "$SURVEY" reopen --db "$db" --year 2031
expect_grep "fiscal year 2031 is not in the store" "$WORK/err"

# An answers import and a second close, then the log: one line per command that changed the
# store, oldest first, with the time, program, command, year and counts.
printf 'person_id,role,item,answer\np001,staff,S-02,1\np001,staff,S-03,1\n' >"$WORK/a.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/a.csv"
expect_status 0 "$SURVEY" close --db "$db" --year 2026
expect_status 0 "$SURVEY" close --db "$db" --year 2026
expect_grep "was already closed" "$WORK/out"
expect_status 0 "$SURVEY" log --db "$db"
cut -c26- "$WORK/out" | awk '{print $1, $2}' >"$WORK/commands"
expect_equal "survey init
survey roster
survey tokens
survey close
survey reopen
survey import
survey close" "$(cat "$WORK/commands")" "commands in the log"
grep -Eq '^20[0-9-]{8} [0-9:]{8} JST  survey      roster import  2026  .*roster.csv: 4 people, 4 targets, 1 excluded roles: 4 added' "$WORK/out" ||
	fail "roster import line: $(cat "$WORK/out")"
closed_iso=$(date -d "$closed_at" '+%Y-%m-%dT%H:%M:%S+09:00')
expect_grep "collection reopened; it had been closed at $closed_iso" "$WORK/out"
expect_grep "$WORK/a.csv: 2 answers read; changes for 1 person; 1 marked submitted" "$WORK/out"
expect_status 0 "$SURVEY" log --db "$db" --year 2027
expect_equal "" "$(cat "$WORK/out")" "no entries of another year"
expect_status 0 "$SURVEY" log --db "$db" --year 2026 --format csv
expect_equal "at,program,command,fiscal_year,detail" "$(head -1 "$WORK/out")" "log csv header"
expect_equal 8 "$(wc -l <"$WORK/out")" "log csv lines"
expect_grep ",survey,reopen,2026,collection reopened; it had been closed at $closed_iso" "$WORK/out"
grep -Eq '^20[0-9-]{8}T[0-9:]{8}\+09:00,survey,init,2026,' "$WORK/out" || fail "log csv time: $(cat "$WORK/out")"
expect_status 1 "$SURVEY" log --db "$db" --excel
expect_status 1 "$SURVEY" log --db "$db" --format xml
# The log's entries were written in the same transactions as the changes: a refused command
# (a bad roster) leaves no entry.
expect_status 0 "$SURVEY" reopen --db "$db" --year 2026
n=$(sqlite3 "$db" "SELECT count(*) FROM activity")
printf 'person_id,name,unit,role,status\np009,x,y,chief,active\n' >"$WORK/bad.csv"
expect_status 2 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/bad.csv"
expect_equal "$n" "$(sqlite3 "$db" "SELECT count(*) FROM activity")" "entries after a refused import"
echo ok
