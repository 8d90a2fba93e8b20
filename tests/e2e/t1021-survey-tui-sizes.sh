#!/usr/bin/env bash
# The full screen at the sizes people's terminals have, in both languages: the question always
# shows with its three choices (never the choices alone), the header folds and the question
# scrolls with a "more" line when the window is short, below the smallest size only the
# message shows and no answer key works, across resizes; the key bar fits; full-width digits
# and Enter on the highlighted choice answer; terminals that cannot show the full screen get
# line mode with one line saying so.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"
command -v tmux >/dev/null || fail "tmux is required"

db=$WORK/m.db
survey_setup "$db"
sock=$WORK/tmux.sock
trap 'tm kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT

# start NAME W H PERSON LANG [ENV...]: the questionnaire as PERSON in a W x H window.
start() {
	local name=$1 w=$2 h=$3 person=$4 lang=$5; shift 5
	tm new-session -d -s "$name" -x "$w" -y "$h" \
		"env LANG=C.UTF-8 TERM=xterm-256color SURVEY_TOKEN=$(token_of "$person") $* $SURVEY --db $db --year 2026 --person $person --lang $lang; echo EXIT=\$?; sleep 60"
}
keys() { tm send-keys -t "$@"; }
width_of() { python3 -c 'import sys,unicodedata as u; print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in sys.stdin.read().rstrip("\n")))'; }
# no_line_wider NAME W: no screen line is wider than the window.
no_line_wider() {
	screen "$1" | while IFS= read -r line; do
		[ "$(printf '%s' "$line" | width_of)" -le "$2" ] || fail "line wider than $2 columns: $line"
	done
}

# The long staff question S-01 (item 3 of p001) at every size, in both languages: its start,
# the three choices, and its end or the more line.
declare -A start_of=([ja]="作成した情報に" [en]="Do you decide and mark")
declare -A end_of=([ja]="します。" [en]="create?")
declare -A choice1=([ja]="1  実施している" [en]="1  implemented")
declare -A choice3=([ja]="3  該当なし" [en]="3  not applicable")
declare -A quit_key=([ja]="q 中断" [en]="q quit")
for lang in ja en; do
	for size in 80x24 80x16 80x14 60x15 40x12 40x10; do
		w=${size%x*} h=${size#*x} name=q$lang$w$h
		start "$name" "$w" "$h" p001 "$lang"
		wait_for "$name" "1 / 5"
		keys "$name" n n
		wait_for "$name" "3 / 5"
		wait_for "$name" "${start_of[$lang]}"
		wait_for "$name" "${choice1[$lang]}"
		wait_for "$name" "${choice3[$lang]}"
		# The key bar fits: its last key is on screen.
		screen "$name" | tail -n 1 | grep -qF "${quit_key[$lang]}" || fail "$size $lang: key bar cut: $(screen "$name" | tail -n 1)"
		no_line_wider "$name" "$w"
		# Either the whole question shows, or the more line says there is more.
		if ! screen "$name" | grep -qF "${end_of[$lang]}"; then
			screen "$name" | grep -q -- "-- .*PgDn ([0-9]*-[0-9]*/[0-9]*) --" || fail "$size $lang: question cut without a more line"
			# PageDown reads on to the end; PageUp back to the start.
			for _ in 1 2 3 4 5 6; do keys "$name" NPage; done
			wait_for "$name" "${end_of[$lang]}"
			wait_for "$name" "PgUp"
			for _ in 1 2 3 4 5 6; do keys "$name" PPage; done
			wait_for "$name" "${start_of[$lang]}"
		fi
		# The question's start is above the choices, never the choices alone.
		qline=$(screen "$name" | grep -nF "${start_of[$lang]}" | head -1 | cut -d: -f1)
		cline=$(screen "$name" | grep -nF "${choice1[$lang]}" | head -1 | cut -d: -f1)
		[ "$qline" -lt "$cline" ] || fail "$size $lang: question not above the choices"
		keys "$name" q
		wait_for "$name" "EXIT=0"
		tm kill-session -t "$name"
	done
done
expect_equal "" "$(answers_of "$db" p001 staff)" "nothing answered by looking"

# Full screen at 80x24 in both languages, other screens: the review's key bar fits 60 columns.
for lang in ja en; do
	start r$lang 60 15 p001 "$lang"
	wait_for r$lang "1 / 5"
	keys r$lang r
	wait_for r$lang "S-03"
	screen r$lang | tail -n 1 | grep -qF "${quit_key[$lang]}" || fail "review key bar cut in $lang: $(screen r$lang | tail -n 1)"
	keys r$lang q
	wait_for r$lang "EXIT=0"
done

# Across resizes: shrink below the smallest size (only the message; an answer key does
# nothing), grow back (the same item, unanswered), answer with a full-width ２ and with
# Down Down Down Enter (the third choice); Enter with nothing highlighted asks for a choice.
start z 80 24 p001 en
wait_for z "1 / 5"
keys z '２'
wait_for z "2 / 5"
tm resize-window -t z -x 30 -y 8
wait_for z "The window is too small"
wait_for z "--plain"
screen z | grep -q "implemented" && fail "a choice shows on a too-small screen"
keys z 1 3 Enter
sleep 0.5
tm resize-window -t z -x 80 -y 9
wait_for z "The window is too small"
tm resize-window -t z -x 39 -y 24
wait_for z "The window is too small"
keys z 2
sleep 0.5
tm resize-window -t z -x 80 -y 24
wait_for z "2 / 5"
wait_for z "Did you train the staff of your division?"
expect_equal 20 "$(answers_of "$db" p001 division_officer)" "keys on a too-small screen"
keys z Enter
wait_for z "Press 1, 2 or 3, or choose with Up/Down and press Enter"
keys z Down Down Down Enter
wait_for z "3 / 5"
expect_equal 23 "$(answers_of "$db" p001 division_officer)" "Down Down Down Enter"
# Back to the answered item: its answer is highlighted, so Enter keeps it and moves on.
keys z Left
wait_for z "2 / 5"
keys z Enter
wait_for z "3 / 5"
expect_equal 23 "$(answers_of "$db" p001 division_officer)" "Enter on the current answer"
# The explanation opens below the question at a short height; the question stays.
tm resize-window -t z -x 80 -y 14
keys z '?'
wait_for z "Explanation"
wait_for z "Do you decide and mark"
tm resize-window -t z -x 40 -y 10
wait_for z "more"
wait_for z "Do you decide and mark"
keys z q
wait_for z "EXIT=0"

# Terminals that cannot show the full screen: line mode, one line saying so.
for term in dumb xterm-nosuchterminal ""; do
	name=t$(printf '%s' "$term" | tr -dc a-z)x
	if [ -n "$term" ]; then setterm="TERM=$term"; else setterm="-u TERM"; fi
	tm new-session -d -s "$name" -x 80 -y 24 \
		"env $setterm LANG=C.UTF-8 $SURVEY --db $db --year 2026 --lang en; echo EXIT=\$?; sleep 60"
	wait_for "$name" "this terminal cannot show the full screen; continuing in line mode"
	wait_for "$name" "(TERM=${term:-(unset)})"
	wait_for "$name" "Person ID:"
	keys "$name" p002 Enter
	wait_for "$name" "Token:"
	keys "$name" "$(token_of p002)" Enter
	wait_for "$name" "item 1 of 3"
	screen "$name" | grep -qF "$(token_of p002)" && fail "the token was shown"
	keys "$name" q Enter
	wait_for "$name" "EXIT=0"
done
echo ok
