#!/usr/bin/env bash
# The full-screen questionnaire driven through tmux: log in, answer, go back, quit, log in
# again and resume, review, submit; the store then holds exactly those answers. Japanese text
# on screen, resizing, and the login failure message.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"
command -v tmux >/dev/null || fail "tmux is required"

db=$WORK/m.db
survey_setup "$db"
t1=$(token_of p001)
sock=$WORK/tmux.sock
trap 'tm kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT

# start NAME ARGS...: runs the questionnaire in a detached 80x24 window.
start() {
	local name=$1; shift
	tm new-session -d -s "$name" -x 80 -y 24 \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color $SURVEY --db $db --year 2026 $*; echo EXIT=\$?; sleep 60"
}
keys() { tm send-keys -t "$@"; }

# A wrong token: one message that does not say which part was wrong.
start s0 --lang en
wait_for s0 "Person ID"
keys s0 p001 Enter AAAA-BBBB-CCCC-DDDD-EEEE Enter
wait_for s0 "Login failed: the person ID or the token is not correct."
keys s0 Escape
wait_for s0 "EXIT=0"

# Session 1 (Japanese): log in, answer 1 then 2, go back, change to 3, quit.
start s1 --lang ja
wait_for s1 "職員ID"
wait_for s1 "令和8年度 情報セキュリティ対策 自己点検（試験用）"
keys s1 p001 Enter "$t1" Enter
wait_for s1 "課室情報セキュリティ責任者"
wait_for s1 "要機密情報を持ち出す際に、許可を得ていますか。"
wait_for s1 "1 / 5"
keys s1 1
wait_for s1 "課室の職員に対して教育を実施しましたか。"
wait_for s1 "2 / 5"
keys s1 2
# Item 3 is the long staff question: wrapped at display width, no line wider than 80.
wait_for s1 "作成した情報に、格付と取扱制限を決めて明示していますか。"
screen s1 | while IFS= read -r line; do
	w=$(printf '%s' "$line" | python3 -c 'import sys,unicodedata as u; print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in sys.stdin.read()))')
	[ "$w" -le 80 ] || fail "line wider than the screen: $line"
done
screen s1 | grep -q "正しく改行されることを確" || fail "long question not wrapped onto a second line"
keys s1 Left
wait_for s1 "2 / 5"
wait_for s1 "> 2  実施していない"
keys s1 3
wait_for s1 "3 / 5"
# The explanation on request.
keys s1 '?'
wait_for s1 "情報を作成したときは、その情報の格付と取扱制限を決め、明示します。"
keys s1 '?'
# Resizing redraws at the new width.
tm resize-window -t s1 -x 60 -y 20
wait_for s1 "3 / 5"
tm resize-window -t s1 -x 80 -y 24
keys s1 q
wait_for s1 "EXIT=0"
wait_for s1 "回答は保存されています。"
expect_equal 13 "$(answers_of "$db" p001 division_officer)" "after session 1"
expect_equal "" "$(answers_of "$db" p001 staff)" "staff after session 1"

# Session 2 (English): resumes at the first unanswered item; answer two, review, jump back
# to the unanswered one, answer it, submit with confirmation.
start s2 --lang en
wait_for s2 "Person ID"
keys s2 p001 Tab "$t1" Enter
wait_for s2 "Do you decide and mark the classification"
wait_for s2 "3 / 5"
keys s2 2 n
wait_for s2 "5 / 5"
keys s2 r
wait_for s2 "Review of your answers"
wait_for s2 "not applicable"
screen s2 | grep -E "S-02 +unanswered" >/dev/null || fail "unanswered item not listed"
keys s2 s
wait_for s2 "Cannot submit yet: items unanswered: 2"
keys s2 Enter
wait_for s2 "Do you obtain permission before taking confidential information out?"
wait_for s2 "4 / 5"
keys s2 1 3
wait_for s2 "Review of your answers"
keys s2 s
wait_for s2 "Submit these answers?"
keys s2 n
keys s2 s
wait_for s2 "Submit these answers?"
keys s2 y
wait_for s2 "Submitted (receipt)"
wait_for s2 "Answers: 5"
digest=$(screen s2 | sed -n 's/.*Digest of the answers: \([0-9a-f]*\).*/\1/p')
[[ $digest =~ ^[0-9a-f]{16}$ ]] || fail "receipt digest '$digest'"
keys s2 q
wait_for s2 "EXIT=0"

# The store holds exactly those answers and one submission with the receipt's digest.
expect_equal 13 "$(answers_of "$db" p001 division_officer)" "division_officer answers"
expect_equal 213 "$(answers_of "$db" p001 staff)" "staff answers"
expect_equal "1|5|$digest" "$(sqlite3 "$db" "SELECT count(*), answer_count, answers_digest FROM submission")" "submission"
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM response WHERE person_id <> 'p001'")" "other people untouched"

# Session 3 (--person): everything answered, so it opens on the review with the submission time.
tm new-session -d -s s3 -x 80 -y 24 \
	"env LANG=C.UTF-8 SURVEY_TOKEN=$t1 NO_COLOR=1 $SURVEY --db $db --year 2026 --person p001 --lang en; echo EXIT=\$?; sleep 60"
wait_for s3 "Review of your answers"
wait_for s3 "Submitted: "
keys s3 q
wait_for s3 "EXIT=0"
echo ok
