#!/usr/bin/env bash
# Choice items on the full screen, at 80x24 and at the smallest size (40x12), in both
# languages: one key per option (a single choice answers and moves on), Space and the numbers
# pick and unpick in a multiple choice with the picks shown as [x], Enter confirms, an option
# that stands alone clears the others, a key that names no option only says which numbers
# there are, Enter with nothing picked says what to do, an item whose condition is unmet is
# skipped, and the answers land in the store.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"
command -v tmux >/dev/null || fail "tmux is required"

db=$WORK/c.db
expect_status 0 "$SURVEY" init --db "$db" --org ag1 --name 見本法人 --year 2026 \
	--questionnaire "$SRC_DIR/tests/data/survey-choice.yaml"
printf 'person_id,name,unit,role,status\n' >"$WORK/roster.csv"
for p in c01 c02 c03 c04; do printf '%s,見本 %s,総務課,chief_officer,active\n' "$p" "$p" >>"$WORK/roster.csv"; done
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026
cp "$WORK/out" "$WORK/tokens.csv"
stored_answers() { sqlite3 "$db" "SELECT answers FROM response WHERE person_id = '$1'"; }

sock=$WORK/tmux.sock
trap 'tm kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
start() {
	local name=$1 w=$2 h=$3 person=$4 lang=$5
	tm new-session -d -s "$name" -x "$w" -y "$h" \
		"env LANG=C.UTF-8 TERM=xterm-256color SURVEY_TOKEN=$(token_of "$person") $SURVEY --db $db --year 2026 --person $person --lang $lang; echo EXIT=\$?; sleep 60"
}
gone() {
	for _ in $(seq 150); do
		screen "$1" | grep -qF -- "$2" || return 0
		sleep 0.1
	done
	screen "$1" >&2
	fail "screen of $1 still shows '$2'"
}
keys() { tm send-keys -t "$@"; }
width_of() { python3 -c 'import sys,unicodedata as u; print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in sys.stdin.read().rstrip("\n")))'; }
no_line_wider() {
	screen "$1" | while IFS= read -r line; do
		[ "$(printf '%s' "$line" | width_of)" -le "$2" ] || fail "line wider than $2 columns: $line"
	done
}

run_person() { # PERSON W H LANG
	local p=$1 w=$2 h=$3 lang=$4 name=s$1
	start "$name" "$w" "$h" "$p" "$lang"
	if [ "$lang" = en ]; then
		wait_for "$name" "Has the body laid down a policy?"
		wait_for "$name" "1  Laid down"
		wait_for "$name" "3  No plan"
		screen "$name" | tail -n 1 | grep -qF "q quit" || fail "$w x $h: key bar cut"
		no_line_wider "$name" "$w"
		# a digit that names no option: a notice, nothing answered, still on the item
		keys "$name" 7
		wait_for "$name" "No such option; press 1 to: 3"
		[ -z "$(stored_answers "$p")" ] || fail "a wrong key answered"
		# Enter with nothing highlighted says what to do
		keys "$name" Enter
		wait_for "$name" "Press the number"
		# one key answers a single choice and moves on: option 1 asks C-02
		keys "$name" 1
		wait_for "$name" "Is the policy reviewed?"
		keys "$name" 2
		wait_for "$name" "Is there an officer in charge?"
		keys "$name" 1
		wait_for "$name" "How are staff told?"
		wait_for "$name" "[ ] 1  E-mail"
		# Enter with nothing picked
		keys "$name" Enter
		wait_for "$name" "Pick at least one"
		# numbers and Space pick and unpick; picks show as [x]
		keys "$name" 1
		wait_for "$name" "[x] 1  E-mail"
		keys "$name" Down Down
		keys "$name" Space
		wait_for "$name" "[x] 3  Training"
		keys "$name" Space
		wait_for "$name" "[ ] 3  Training"
		keys "$name" 2
		wait_for "$name" "[x] 2  Notice board"
		# the option that stands alone clears the others, and they clear it
		keys "$name" 4
		wait_for "$name" "[x] 4  Not told"
		wait_for "$name" "[ ] 1  E-mail"
		keys "$name" 1
		wait_for "$name" "[ ] 4  Not told"
		keys "$name" 3
		wait_for "$name" "[x] 3  Training"
		keys "$name" Enter
		wait_for "$name" "Review of your answers"
		wait_for "$name" "1 E-mail"
	else
		wait_for "$name" "方針を定めていますか。"
		wait_for "$name" "1  定めている"
		screen "$name" | tail -n 1 | grep -qF "q 中断" || fail "$w x $h: key bar cut"
		no_line_wider "$name" "$w"
		# option 2: C-02 is not asked and is skipped
		keys "$name" 2
		wait_for "$name" "責任者を置いていますか。"
		keys "$name" 1
		wait_for "$name" "職員にどう伝えていますか"
		keys "$name" 4
		wait_for "$name" "[x] 4  伝えていない"
		keys "$name" Enter
		wait_for "$name" "回答の一覧"
		wait_for "$name" "対象外"
	fi
	keys "$name" s
	keys "$name" y
	wait_for "$name" "$( [ "$lang" = en ] && echo "Submitted (receipt)" || echo "提出しました")"
	keys "$name" q
	wait_for "$name" "EXIT=0"
	tm kill-session -t "$name"
}

run_person c01 80 24 en
expect_equal "AB1E" "$(stored_answers c01)" "c01's answers (C-01 option 1, C-02 option 2, Y-01 implemented, C-03 options 1 and 3)"
run_person c02 80 24 ja
expect_equal "B01(" "$(stored_answers c02)" "c02's answers (C-01 option 2, C-02 not asked, C-03 option 4 alone)"
run_person c03 40 12 en
expect_equal "AB1E" "$(stored_answers c03)" "c03's answers at 40x12"
run_person c04 40 12 ja
expect_equal "B01(" "$(stored_answers c04)" "c04's answers at 40x12"

# the tally counts them: C-03 has N = 6 answers from 4 respondents
expect_status 0 "$AGGREGATOR" tally --db "$db" --year 2026
expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --by choice --format csv
expect_grep "ALL,C-03,1,2,6,33" "$WORK/out"
expect_grep "ALL,C-03,4,2,6,33" "$WORK/out"
expect_grep "ALL,C-02,2,2,2,100" "$WORK/out"
expect_grep "ALL,C-01,1,2,4,50" "$WORK/out"
echo ok
