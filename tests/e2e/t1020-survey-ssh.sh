#!/usr/bin/env bash
# The questionnaire served over SSH as docs/deployment.md sets it up: a real sshd on
# 127.0.0.1 with the guide's shared-account block. A person logs in with `ssh -tt` under tmux,
# answers on the full screen (a full-width digit among the keys), submits, and the store holds
# the answers; an unknown terminal type gets line mode; line mode without a terminal answers
# and submits; several sessions answer at once. The login gives no shell, runs no other
# command, transfers no file and forwards nothing.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"
source "$SRC_DIR/tests/e2e/sshd-lib.sh"

why=$(sshd_unavailable)
[ -z "$why" ] || skip "$why"
command -v tmux >/dev/null || fail "tmux is required"

sock=$WORK/tmux.sock
client_pids=()
cleanup() {
	tm kill-server 2>/dev/null || true
	for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null || true; done
	sshd_stop
	rm -rf "$WORK"
}
trap cleanup EXIT

# The store in a directory of its own (handed to the served account), the program where
# that account can run it.
mkdir -p "$WORK/srv" "$WORK/bin"
db=$WORK/srv/m.db
survey_setup "$db"
install -m 0755 "$SURVEY" "$WORK/bin/survey"
# Under the sanitizers the served program reads the leak suppressions: where the account can.
install -m 0644 "$SRC_DIR/tests/lsan.supp" "$WORK/bin/lsan.supp"
export LSAN_OPTIONS="suppressions=$WORK/bin/lsan.supp"
sshd_serve "$WORK/sshd" "$db" 2026 "$WORK/bin/survey" || fail "sshd could not be started"
target=$SSHD_USER@127.0.0.1
# ssh_line ARGS...: the ssh command line for tmux, quoted.
ssh_line() { printf '%q ' ssh "${SSHD_OPTS[@]}" "$@"; }

wait_for() {
	for _ in $(seq 200); do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	screen "$1" >&2
	echo "--- sshd log" >&2
	tail -n 20 "$SSHD_LOG" >&2
	fail "screen of $1 never showed '$2'"
}
keys() { tm send-keys -t "$@"; }

# 1. The full screen over ssh -tt, in Japanese (the client sends no language). A command
# given on the ssh line (a shell) is ignored: the questionnaire runs instead.
tm new-session -d -s s1 -x 80 -y 24 \
	"env TERM=xterm-256color LANG=C.UTF-8 $(ssh_line -tt "$target" /bin/sh -i); echo EXIT=\$?; sleep 60"
wait_for s1 "職員ID"
wait_for s1 "令和8年度 情報セキュリティ対策 自己点検（試験用）"
keys s1 p001 Enter "$(token_of p001)" Enter
wait_for s1 "課室情報セキュリティ責任者"
wait_for s1 "1 / 5"
# A full-width １ typed with the input method answers like 1.
keys s1 '１'
wait_for s1 "2 / 5"
keys s1 2
wait_for s1 "3 / 5"
# The window shrinks: the question stays, with the more line; too small, only the message
# shows and answer keys do nothing; back to full size.
tm resize-window -t s1 -x 40 -y 10
wait_for s1 "続きあり"
wait_for s1 "作成した情報に"
tm resize-window -t s1 -x 30 -y 8
wait_for s1 "画面が小さすぎます"
keys s1 1
sleep 0.5
tm resize-window -t s1 -x 80 -y 24
wait_for s1 "3 / 5"
expect_equal "" "$(sqlite3 "$db" "SELECT substr(answers, 1, 1) FROM response WHERE person_id = 'p001' AND role = 'staff'")" \
	"answer typed while the window was too small"
keys s1 1
wait_for s1 "4 / 5"
# Down, Down, Enter: the highlighted second choice.
keys s1 Down Down Enter
wait_for s1 "5 / 5"
keys s1 3
wait_for s1 "回答の一覧"
keys s1 s
wait_for s1 "この回答を提出しますか。"
keys s1 y
wait_for s1 "提出しました（受付票）"
wait_for s1 "JST"
keys s1 q
wait_for s1 "EXIT=0"
screen s1 | grep -q "SHELL" && fail "a shell ran"
expect_equal "12|123" "$(answers_of "$db" p001 division_officer)|$(answers_of "$db" p001 staff)" "answers over ssh"
expect_equal "1|5" "$(sqlite3 "$db" "SELECT count(*), answer_count FROM submission WHERE person_id = 'p001'")" "submission over ssh"
grep -q "Accepted none for $SSHD_USER\|Accepted publickey for $SSHD_USER" "$SSHD_LOG" || fail "sshd log: $(cat "$SSHD_LOG")"
grep -q "forced-command (config)" "$SSHD_LOG" || fail "sshd did not run the forced command"

# 2. A terminal type the server does not know: line mode, with one line saying so; in
# English, as the client's LANG asks; line-mode commands work through ssh.
tm new-session -d -s s2 -x 80 -y 24 \
	"env TERM=xterm-nosuchterminal LANG=en_US.UTF-8 $(ssh_line -tt -o SendEnv=LANG "$target"); echo EXIT=\$?; sleep 60"
wait_for s2 "this terminal cannot show the full screen; continuing in line mode"
wait_for s2 "(TERM=xterm-nosuchterminal)"
wait_for s2 "Person ID:"
keys s2 p002 Enter
wait_for s2 "Token:"
keys s2 "$(token_of p002)" Enter
wait_for s2 "item 1 of 3"
keys s2 '２' Enter
wait_for s2 "item 2 of 3"
keys s2 'go 3' Enter
wait_for s2 "item 3 of 3"
keys s2 3 Enter
wait_for s2 "item 2 of 3"
keys s2 1 Enter
keys s2 Enter
wait_for s2 "Submit? [y/n/b]"
keys s2 y Enter
wait_for s2 "Submitted (receipt)"
wait_for s2 "EXIT=0"
expect_equal 213 "$(answers_of "$db" p002 staff)" "answers in line mode over ssh"

# 3. No terminal at all (ssh -T, as a script or the benchmark logs in): line mode reads the
# answers from the connection.
printf 'p004\n%s\n3\ny\n' "$(token_of p004)" >"$WORK/in"
timeout 60 ssh -T "${SSHD_OPTS[@]}" "$target" <"$WORK/in" >"$WORK/out" 2>"$WORK/err" || fail "ssh -T: $(cat "$WORK/err")"
expect_grep "提出しました（受付票）" "$WORK/out"
expect_grep "入力または出力が端末ではないため" "$WORK/err"
expect_equal 3 "$(answers_of "$db" p004 system_admin)" "answer over ssh -T"

# 4. No shell, no other command, no file: whatever the client asks for runs the questionnaire,
# which reads nothing but the person id and the token.
for cmd in 'echo SHELL-$((6*7))' 'cat /etc/passwd' "cat $db" '/bin/sh -c id' 'exec /bin/bash -i'; do
	timeout 30 ssh -T "${SSHD_OPTS[@]}" "$target" "$cmd" </dev/null >"$WORK/out" 2>"$WORK/err" || true
	expect_grep "職員ID" "$WORK/out"
	expect_no_grep "SHELL-42" "$WORK/out"
	expect_no_grep "root:" "$WORK/out"
	expect_no_grep "uid=" "$WORK/out"
	expect_no_grep "SQLite format" "$WORK/out"
done
# With a terminal too.
tm new-session -d -s s3 -x 80 -y 24 \
	"env TERM=xterm-256color $(ssh_line -tt "$target" 'echo SHELL-$((6*7)); cat /etc/passwd'); echo EXIT=\$?; sleep 60"
wait_for s3 "職員ID"
keys s3 Escape
wait_for s3 "EXIT="
screen s3 | grep -q "SHELL-42\|root:" && fail "a command ran with a terminal"
# sftp and scp (both the SFTP protocol and the old one) get nothing.
printf 'get /etc/passwd %s/got-sftp\n' "$WORK" >"$WORK/batch"
if timeout 30 sftp -b "$WORK/batch" "${SSHD_OPTS[@]}" "$target" >"$WORK/out" 2>&1; then
	fail "sftp succeeded: $(cat "$WORK/out")"
fi
if timeout 30 scp "${SSHD_OPTS[@]}" "$target:/etc/passwd" "$WORK/got-scp" >"$WORK/out" 2>&1 </dev/null; then
	fail "scp succeeded: $(cat "$WORK/out")"
fi
if timeout 30 scp -O "${SSHD_OPTS[@]}" "$target:/etc/passwd" "$WORK/got-scp-old" >"$WORK/out" 2>&1 </dev/null; then
	fail "scp -O succeeded: $(cat "$WORK/out")"
fi
for f in got-sftp got-scp got-scp-old; do
	[ ! -s "$WORK/$f" ] || fail "a file was transferred: $f"
done

# 5. No forwarding. Remote forwarding is refused at once; a local forward opens on the client
# side only, and a connection through it reaches nothing (here: the sshd's own banner).
status=0
timeout 30 ssh -N -o ExitOnForwardFailure=yes -R "127.0.0.1:$(sshd_free_port):127.0.0.1:$SSHD_PORT" \
	"${SSHD_OPTS[@]}" "$target" </dev/null >"$WORK/out" 2>&1 || status=$?
[ "$status" = 255 ] || fail "remote forwarding was not refused (exit status $status): $(cat "$WORK/out")"
expect_grep "remote port forwarding failed" "$WORK/out"
lport=$(sshd_free_port)
ssh -N -L "127.0.0.1:$lport:127.0.0.1:$SSHD_PORT" "${SSHD_OPTS[@]}" "$target" </dev/null >"$WORK/fwd.out" 2>&1 &
client_pids+=($!)
python3 - "$lport" >"$WORK/banner" <<'PY' || fail "local forward check failed to run"
import socket, sys, time
port = int(sys.argv[1])
for _ in range(100):          # the client starts listening a moment after it logs in
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        break
    except OSError:
        time.sleep(0.1)
else:
    print("no-listener")
    sys.exit(0)
s.settimeout(3)
try:
    data = s.recv(64)
except OSError:
    data = b""
print(repr(data))
PY
grep -q "SSH-2.0" "$WORK/banner" && fail "a local forward reached the ssh server: $(cat "$WORK/banner")"
grep -q "refused local port forward\|but the request was denied" "$SSHD_LOG" ||
	[ "$(cat "$WORK/banner")" = no-listener ] || fail "sshd did not refuse the forward: $(tail -n 5 "$SSHD_LOG")"
kill "${client_pids[-1]}" 2>/dev/null || true

# 6. Several people at once over SSH, each answering and submitting in line mode: nothing is
# lost and nobody sees a lock error. (The 200-session load is bench/survey-ssh.sh.)
n=8
{
	echo "person_id,name,unit,role,status"
	for i in $(seq $n); do echo "m$i,職員$i,総務局/課$((i % 3)),staff,active"; done
} >"$WORK/more.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/more.csv"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --missing
cp "$WORK/out" "$WORK/more-tokens.csv"
chown -R "$SSHD_USER" "$WORK/srv" 2>/dev/null || true
pids=()
for i in $(seq $n); do
	tok=$(grep "^m$i," "$WORK/more-tokens.csv" | awk -F, '{print $NF}')
	a=$((i % 3 + 1))$(((i + 1) % 3 + 1))$(((i + 2) % 3 + 1))
	(
		{
			printf 'm%s\n%s\n' "$i" "$tok"
			for k in 0 1 2; do
				sleep 0.1
				echo "${a:$k:1}"
			done
			echo y
		} | timeout 120 ssh -T "${SSHD_OPTS[@]}" "$target" >"$WORK/m.out.$i" 2>"$WORK/m.err.$i"
		echo $? >"$WORK/m.rc.$i"
	) &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
for i in $(seq $n); do
	expect_equal 0 "$(cat "$WORK/m.rc.$i")" "ssh session $i"
	a=$((i % 3 + 1))$(((i + 1) % 3 + 1))$(((i + 2) % 3 + 1))
	expect_equal "$a" "$(answers_of "$db" "m$i" staff)" "answers of session $i"
done
grep -l "locked" "$WORK"/m.err.* "$WORK"/m.out.* 2>/dev/null && fail "a session saw a locked database"
expect_equal "$((n + 3))" "$(sqlite3 "$db" "SELECT count(DISTINCT person_id) FROM submission")" "people who submitted"
expect_equal ok "$(sqlite3 "$db" "PRAGMA integrity_check")" "integrity"
echo ok
