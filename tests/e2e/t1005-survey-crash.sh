#!/usr/bin/env bash
# kill -9 in the middle of a session (line mode and full screen): nothing answered is lost,
# the next login resumes at the first unanswered item, and the store passes integrity_check.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

db=$WORK/m.db
survey_setup "$db"

# wait_sql SQL WANT: polls the store until SQL returns WANT (up to 15 s).
wait_sql() {
	for _ in $(seq 150); do
		[ "$(sqlite3 "$db" "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
	done
	fail "store never showed '$2' for: $1"
}

# Line mode fed through a FIFO that stays open: answer three items, then kill -9.
mkfifo "$WORK/fifo"
SURVEY_TOKEN=$(token_of p001) "$SURVEY" --db "$db" --year 2026 --person p001 --lang en <"$WORK/fifo" >"$WORK/line.out" 2>&1 &
pid=$!
exec 3>"$WORK/fifo"
printf '2\n3\n' >&3
wait_sql "SELECT answers FROM response WHERE person_id = 'p001' AND role = 'division_officer'" 23
printf '1\n' >&3
wait_sql "SELECT answers FROM response WHERE person_id = 'p001' AND role = 'staff'" 100
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
exec 3>&-
expect_equal ok "$(sqlite3 "$db" "PRAGMA integrity_check")" "integrity after kill -9"
expect_equal "23|100" "$(answers_of "$db" p001 division_officer)|$(answers_of "$db" p001 staff)" "answers after kill -9"

# The next login resumes at item 4 of 5.
printf 'q\n' >"$WORK/in"
SURVEY_TOKEN=$(token_of p001) expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p001 --lang en <"$WORK/in"
expect_grep "3 / 5 answered" "$WORK/out"
expect_grep "[4 / 5]" "$WORK/out"
expect_no_grep "[3 / 5]" "$WORK/out"

# Full screen in tmux: answer two items, then kill -9 the program under the pane.
sock=$WORK/tmux.sock
trap 'tm kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
tm new-session -d -s c1 -x 80 -y 24 \
	"exec env LANG=C.UTF-8 SURVEY_TOKEN=$(token_of p002) $SURVEY --db $db --year 2026 --person p002 --lang en"
for _ in $(seq 150); do tm capture-pane -t c1 -p | grep -q "1 / 3" && break; sleep 0.1; done
tm send-keys -t c1 3 1
wait_sql "SELECT answers FROM response WHERE person_id = 'p002'" 310
tui_pid=$(tm list-panes -t c1 -F '#{pane_pid}')
kill -9 "$tui_pid"
sleep 0.2
expect_equal ok "$(sqlite3 "$db" "PRAGMA integrity_check")" "integrity after killing the full screen"
expect_equal 310 "$(answers_of "$db" p002 staff)" "full-screen answers after kill -9"
printf '2\ny\n' >"$WORK/in"
SURVEY_TOKEN=$(token_of p002) expect_status 0 "$SURVEY" --db "$db" --year 2026 --person p002 --lang en <"$WORK/in"
expect_grep "[3 / 3]" "$WORK/out"
expect_grep "Submitted (receipt)" "$WORK/out"
expect_equal 312 "$(answers_of "$db" p002 staff)" "answers after resuming"
echo ok
