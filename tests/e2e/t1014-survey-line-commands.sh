#!/usr/bin/env bash
# Line mode for screen-reader users: every prompt says where the person is; list, go N,
# review and help; full-width input from an input method; a change after submission is taken,
# recorded with its time, said on leaving and shown to the coordinator; times in local time.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"
export TZ=JST-9

db=$WORK/m.db
survey_setup "$db"
t1=$(token_of p001)
run_p001() { SURVEY_TOKEN=$t1 expect_status "$1" "$SURVEY" --db "$db" --year 2026 --person p001 --plain --lang "$2" <"$WORK/in"; }
out=$WORK/out

# Prompts, help, list, go, review; full-width digits and commands (ｇｏ　４ is go 4).
printf 'help\n１\nlist\nｇｏ　４\n3\nreview\ngo 9\nGO 2\n\nq\n' >"$WORK/in"
run_p001 0 en
expect_grep "item 1 of 5 — answer [1 implemented" "$out"
expect_grep "item 2 of 5 — answer" "$out"
expect_grep "Commands:" "$out"
expect_grep "  go N      go to item N (for example: go 3)" "$out"
# list: roles as headings, every item with its number, answer and question; > marks the current.
expect_grep "Role: Division information security officer" "$out"
expect_grep "  1. S-02: implemented — Do you obtain permission before taking confidential informa…" "$out"
expect_grep "> 2. O-01: unanswered — Did you train the staff of your division?" "$out"
expect_grep "Role: Administrative staff" "$out"
expect_grep "  3. S-01: unanswered — Do you decide and mark the classification and handling rest…" "$out"
expect_grep "item 4 of 5 — answer" "$out"
expect_grep "Review of your answers: answered 2 / 5" "$out"
expect_grep "Unanswered items: 2 3 5" "$out"
expect_grep "There is no such item; give a number from 1 to 5." "$out"
expect_equal 10 "$(answers_of "$db" p001 division_officer)" "division_officer after go and full-width"
expect_equal 030 "$(answers_of "$db" p001 staff)" "staff after go 4"
# After GO 2 and an empty line (item 2 is unanswered: refused), q saves.
expect_grep "Please answer 1, 2 or 3 (help lists the other commands)." "$out"
expect_grep "Your answers are saved." "$out"
# Every prompt of an item says where the person is (piped input: one prompt per line).
[ "$(grep -c -- "— answer \[" "$out")" -ge 9 ] || fail "too few prompts: $(cat "$out")"
! grep -- "— answer \[" "$out" | grep -qv "^item [1-5] of 5 — answer \[" || fail "a prompt without its position: $(cat "$out")"

# Japanese: the same position in the prompt.
printf 'q\n' >"$WORK/in"
run_p001 0 ja
expect_grep "項目 2 / 5 — 回答 [1 実施" "$out"

# Finish and submit (review at the end asks to submit); the receipt is in local time.
printf '2\n1\n\n1\nreview\ny\n' >"$WORK/in"
run_p001 0 en
expect_grep "Every item is answered." "$out"
expect_grep "Submitted (receipt)" "$out"
first=$(sqlite3 "$db" "SELECT submitted_at FROM submission WHERE person_id = 'p001'")
expect_grep "Submitted at: $(date -d "$first" '+%Y-%m-%d %H:%M:%S') JST" "$out"
expect_equal "" "$(sqlite3 "$db" "SELECT group_concat(changed_after_submit_at) FROM response WHERE person_id = 'p001'")" \
	"no change after submission yet"

# A change after submission: taken at once, recorded with its time, said when it happens and
# on leaving; the submission time stays.
sleep 1
printf 'b\n3\nn\n' >"$WORK/in"
run_p001 0 en
expect_equal 12 "$(answers_of "$db" p001 division_officer)" "division_officer before the change"
expect_equal 133 "$(answers_of "$db" p001 staff)" "staff after the change"
changed=$(sqlite3 "$db" "SELECT changed_after_submit_at FROM response WHERE person_id = 'p001' AND role = 'staff'")
[[ $changed =~ ^20[0-9-]{8}T[0-9:]{8}Z$ ]] || fail "changed_after_submit_at '$changed'"
expect_equal "" "$(sqlite3 "$db" "SELECT changed_after_submit_at FROM response WHERE person_id = 'p001' AND role = 'division_officer'")" \
	"the unchanged role"
expect_equal "$first" "$(sqlite3 "$db" "SELECT DISTINCT submitted_at FROM response WHERE person_id = 'p001'")" "submission time kept"
local_changed="$(date -d "$changed" '+%Y-%m-%d %H:%M:%S') JST"
expect_grep "Changed after submission at: $local_changed. Changes after submission count until the collection closes." "$out"
expect_grep "Not submitted. Your answers are saved." "$out"
# Answering the same again is no change: the time stays.
printf 'b\n3\nq\n' >"$WORK/in"
run_p001 0 en
expect_grep "Changed after submission at: $local_changed" "$out"
expect_equal "$changed" "$(sqlite3 "$db" "SELECT changed_after_submit_at FROM response WHERE person_id = 'p001' AND role = 'staff'")" \
	"same answer again"
# The change counts: the tally input changed (the answer_change counter moved).
# The coordinator sees it.
expect_status 0 "$SURVEY" show --db "$db" --year 2026 --person p001
expect_grep "  answered 3 / 3; submitted $(date -d "$first" '+%Y-%m-%d %H:%M:%S') JST; changed after submission $local_changed" "$out"
expect_status 0 "$SURVEY" status --db "$db" --year 2026
expect_grep "1 person changed answers after submitting" "$out"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --changed
expect_equal "person_id,name,unit,submitted_at,changed_at
p001,山田 太郎,総務局/情報システム課,$(date -d "$first" '+%Y-%m-%dT%H:%M:%S+09:00'),$(date -d "$changed" '+%Y-%m-%dT%H:%M:%S+09:00')" \
	"$(cat "$out")" "pending --changed"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --changed --unit 主計局
expect_equal 1 "$(wc -l <"$out")" "pending --changed under another unit"
# Submitting again clears it; the receipt names the submission it replaces.
printf 'y\n' >"$WORK/in"
run_p001 0 en
expect_grep "Replaces the submission of: $(date -d "$first" '+%Y-%m-%d %H:%M:%S') JST" "$out"
expect_equal "" "$(sqlite3 "$db" "SELECT group_concat(changed_after_submit_at) FROM response WHERE person_id = 'p001'")" \
	"cleared by the new submission"
expect_status 0 "$SURVEY" status --db "$db" --year 2026
expect_no_grep "changed answers after submitting" "$out"
# An import that submits the sheet again clears a later change as well.
sleep 1
printf 'b\n1\nn\n' >"$WORK/in"
run_p001 0 en
[ -n "$(sqlite3 "$db" "SELECT changed_after_submit_at FROM response WHERE person_id = 'p001' AND role = 'staff'")" ] ||
	fail "no change recorded before the import"
printf 'person_id,role,item,answer\np001,staff,S-01,1\np001,staff,S-02,1\np001,staff,S-03,2\n' >"$WORK/again.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/again.csv"
expect_equal 112 "$(answers_of "$db" p001 staff)" "staff as imported"
expect_equal "" "$(sqlite3 "$db" "SELECT group_concat(changed_after_submit_at) FROM response WHERE person_id = 'p001'")" \
	"cleared by the import's submission"

# Local time: TZ when set; otherwise the machine's, and Japan for Japanese readers on a
# machine left on UTC.
printf 'q\n' >"$WORK/in"
TZ=EST5 run_p001 0 en
expect_grep "Submitted at: " "$out"
grep -q "Submitted at: 20[0-9-]* [0-9:]* EST$" "$out" || fail "TZ not followed: $(cat "$out")"
if [ "$(env -u TZ date +%Z)" = UTC ]; then
	(unset TZ; run_p001 0 ja)
	grep -q "^提出日時: 20[0-9-]* [0-9:]* JST$" "$out" || fail "Japanese on a UTC machine: $(cat "$out")"
	(unset TZ; run_p001 0 en)
	grep -q "^Submitted at: 20[0-9-]* [0-9:]* UTC$" "$out" || fail "English on a UTC machine: $(cat "$out")"
else
	echo "note: this machine is not on UTC; the default-zone case was not checked"
fi

# Not a terminal, no --plain: line mode with one line on stderr saying why.
printf 'q\n' >"$WORK/in"
SURVEY_TOKEN=$t1 expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p001 --lang en <"$WORK/in"
expect_equal "survey: input or output is not a terminal; continuing in line mode (--plain)" "$(cat "$WORK/err")" "stderr"
SURVEY_TOKEN=$t1 expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p001 --lang en --plain <"$WORK/in"
expect_equal "" "$(cat "$WORK/err")" "stderr with --plain"
echo ok
