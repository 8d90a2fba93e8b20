#!/usr/bin/env bash
# The focused inspection in a ministry store: the systems roster (added, updated, a dry run that
# writes nothing, --replace that keeps systems with answers and brings them back), the
# responsible officer answering per system in line mode and full screen (the system picker
# after login, then the system's items), answers imported from a file, status and the
# reminder list of systems, and the way to the tally: counted systems, freshness, the
# workbook's sheets and the tally file compiled nationally.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"
command -v tmux >/dev/null || fail "tmux is required"

db=$WORK/m.db
dump() { sqlite3 "$db" .dump | sha256sum; }
expect_status 0 "$SURVEY" init --db "$db" --org mof --name 財務省 --year 2026 \
	--questionnaire "$SRC_DIR/tests/data/survey-systems.yaml"
cat >"$WORK/roster.csv" <<'CSV'
person_id,name,unit,role,status
p001,山田 太郎,総務局/情報システム課,staff,active
p002,"Smith, Anna",総務局/人事課,staff,active
p004,鈴木 一郎,主計局/調査課,system_admin,active
CSV
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026
cp "$WORK/out" "$WORK/tokens.csv"
cat >"$WORK/systems.csv" <<'CSV'
システムID,名称,種別,所属,責任者,状況
W1,本省ウェブ,web_server,総務局 ／情報システム課,p004,対象
W2,統計サイト,公開ウェブサーバ,総務局/情報システム課,p001,active
D1,本省ドメイン,mail_domain,総務局/情報システム課,p004,active
OLD,旧サイト,web_server,総務局/情報システム課,p002,excluded
CSV

# A dry run lists every change and writes nothing.
before=$(dump)
expect_status 0 "$SURVEY" systems import --db "$db" --year 2026 --dry-run "$WORK/systems.csv"
expect_grep "added    W1 本省ウェブ (総務局/情報システム課): web_server, officer p004" "$WORK/out"
expect_grep "added    OLD 旧サイト (総務局/情報システム課): web_server, officer p002 (excluded)" "$WORK/out"
expect_grep "dry run, nothing written: $WORK/systems.csv: 4 systems, 3 counted, 1 excluded: 4 added" "$WORK/out"
[ "$(dump)" = "$before" ] || fail "a dry run changed the store"
expect_status 0 "$SURVEY" systems import --db "$db" --year 2026 "$WORK/systems.csv"
expect_grep "4 added, 0 updated, 0 unchanged, 0 removed (0 kept with their answers)" "$WORK/out"
expect_equal "W1|web_server|総務局/情報システム課|p004|0" \
	"$(sqlite3 "$db" "SELECT system_id, kind, unit, officer, excluded FROM system WHERE system_id = 'W1'")" "W1"
"$SURVEY" log --db "$db" >"$WORK/log"
expect_grep "systems import" "$WORK/log"
# Importing the same file again changes nothing.
before=$(dump)
expect_status 0 "$SURVEY" systems import --db "$db" --year 2026 "$WORK/systems.csv"
expect_grep "0 added, 0 updated, 4 unchanged" "$WORK/out"

# The officer in line mode: the list of their systems first; a system's items; back to the
# list after its last item; then their own sheet.
printf '3\n1\n2\n?\n1\n0\nq\n' |
	SURVEY_TOKEN=$(token_of p004) "$SURVEY" --db "$db" --year 2026 --person p004 --plain --lang en >"$WORK/line" ||
	fail "line mode failed"
expect_grep "Systems in your charge (focused inspection) (Reference date: 2026-12-01)" "$WORK/line"
expect_grep "  0. Your own self-check sheet  0 / 1 answered" "$WORK/line"
expect_grep "  1. W1 本省ウェブ [Public web servers]  0 / 2 answered" "$WORK/line"
expect_grep "  2. D1 本省ドメイン [Mail domains]  0 / 1 answered" "$WORK/line"
expect_grep "Enter a number from the list." "$WORK/line"
expect_grep "[1 / 2] Public web servers: W1 本省ウェブ | Clause: 7.1.5 (W-01)" "$WORK/line"
expect_grep "[2 / 2] Public web servers: W1 本省ウェブ | Clause: 7.2.3 | Group: Denial-of-service countermeasures (W-02)" "$WORK/line"
expect_grep "Every item of this system is answered" "$WORK/line"
expect_grep "  1. W1 本省ウェブ [Public web servers]  2 / 2 answered" "$WORK/line"
expect_equal "21|1|p004" "$(sqlite3 "$db" "SELECT answers, submitted_at IS NOT NULL, answered_by FROM system_response WHERE system_id = 'W1'")" "W1 answered"
# someone responsible for no system goes straight to their own sheet
printf 'q\n' | SURVEY_TOKEN=$(token_of p002) "$SURVEY" --db "$db" --year 2026 --person p002 --plain --lang en >"$WORK/line2"
expect_no_grep "Systems in your charge" "$WORK/line2"

# Full screen: the picker after login, the first system still to answer chosen; its item.
sock=$WORK/tmux.sock
trap 'tm kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
tm new-session -d -s s1 -x 80 -y 24 \
	"env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color $SURVEY --db $db --year 2026 --lang ja; echo EXIT=\$?; sleep 60"
wait_for s1 "職員ID"
tm send-keys -t s1 p004 Enter "$(token_of p004)" Enter
wait_for s1 "担当する情報システム（重点検査）"
wait_for s1 "> D1"
tm send-keys -t s1 Enter
wait_for s1 "送信ドメイン認証の判定"
wait_for s1 "6.2.2  (D-01)"
tm send-keys -t s1 3
wait_for s1 "このシステムの全項目に回答しました"
tm send-keys -t s1 q
wait_for s1 "EXIT=0"
expect_equal "3|1" "$(sqlite3 "$db" "SELECT answers, submitted_at IS NOT NULL FROM system_response WHERE system_id = 'D1'")" "D1 answered"

# Status and the reminder list: W2 (p001) is not answered.
expect_status 0 "$SURVEY" status --db "$db" --year 2026
expect_grep "systems of the focused inspection (reference date 2026-12-01)" "$WORK/out"
grep -Eq '^web_server +2 +1 +0 +1$' "$WORK/out" || fail "status: web servers"
grep -Eq '^all +3 +2 +0 +1$' "$WORK/out" || fail "status: all systems"
expect_status 0 "$SURVEY" status --db "$db" --year 2026 --by unit
grep -Eq '^総務局/情報システム課 +3 +2 +0 +1$' "$WORK/out" || fail "status by unit"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --systems
expect_equal "system_id,name,kind,unit,officer,officer_name,progress,last_answer_at
W2,統計サイト,web_server,総務局/情報システム課,p001,山田 太郎,0/2," "$(cat "$WORK/out")" "pending systems"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --systems --unit 主計局
expect_equal 1 "$(wc -l <"$WORK/out")" "pending systems under another unit"

# The tally counts the counted systems and the answered ones; an answer after it counts at once.
expect_status 0 "$AGGREGATOR" tally --db "$db" --year 2026
expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --by inspection --format csv
expect_grep "mof,web_server,W-01,2,0,1,0,0" "$WORK/out"
expect_grep "mof,web_server,W-02,2,1,0,0,100" "$WORK/out"
expect_grep "mof,mail_domain,D-01,1,0,0,1," "$WORK/out"
printf 'system_id,item,answer\nW2,W-01,implemented\nW2,W-02,実施\n' >"$WORK/w2.csv"
expect_status 0 "$SURVEY" systems answers --db "$db" --year 2026 "$WORK/w2.csv"
expect_grep "2 answers imported; 1 systems changed, 1 of them now answered in full" "$WORK/out"
expect_status 0 "$AGGREGATOR" tally --db "$db" --year 2026 --verify
expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --by inspection --format csv
expect_grep "mof,web_server,W-01,2,1,1,0,50" "$WORK/out"
expect_grep "ALL,web_server,W-02,2,2,0,0,100" "$WORK/out"
# The workbook has the inspection's rates and the systems with their answers.
expect_status 0 "$AGGREGATOR" export --db "$db" --year 2026 --xlsx "$WORK/m.xlsx"
unzip -p "$WORK/m.xlsx" xl/workbook.xml >"$WORK/book.xml"
expect_grep 'name="重点検査"' "$WORK/book.xml"
expect_grep 'name="情報システム"' "$WORK/book.xml"
unzip -p "$WORK/m.xlsx" xl/sharedStrings.xml >"$WORK/strings.xml"
expect_grep "統計サイト" "$WORK/strings.xml"
# The tally file carries the section, and compiles into a national store with the same rates.
expect_status 0 "$AGGREGATOR" submit --db "$db" --year 2026 -o "$WORK/t.yaml"
expect_grep "inspection:" "$WORK/t.yaml"
expect_grep "    web_server: {systems: 2}" "$WORK/t.yaml"
expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --by inspection --format csv
cp "$WORK/out" "$WORK/ministry.csv"
expect_status 0 "$AGGREGATOR" compile --db "$WORK/n.db" --year 2026 \
	--questionnaire "$SRC_DIR/tests/data/survey-systems.yaml" "$WORK/t.yaml"
expect_status 0 "$AGGREGATOR" rates --db "$WORK/n.db" --year 2026 --by inspection --format csv
cmp -s "$WORK/out" "$WORK/ministry.csv" || fail "the national rates differ from the ministry's"

# --replace: W2 and D1 have answers and are kept (excluded, marked removed); a new system without
# answers that leaves the file is deleted; a later full file brings the kept ones back.
printf 'system_id,name,kind,unit,officer,status\nW1,本省ウェブ,web_server,総務局/情報システム課,p004,active\nN1,新LAN,web_server,総務局,p001,active\n' >"$WORK/part.csv"
expect_status 0 "$SURVEY" systems import --db "$db" --year 2026 "$WORK/part.csv"
expect_grep "1 added, 0 updated, 1 unchanged, 0 removed (0 kept with their answers); 3 systems not in the file left alone" "$WORK/out"
head -2 "$WORK/part.csv" >"$WORK/w1only.csv"
expect_status 0 "$SURVEY" systems import --db "$db" --year 2026 --replace "$WORK/w1only.csv"
expect_grep "removed  D1 本省ドメイン (総務局/情報システム課): has answers: kept, marked removed, no longer counted" "$WORK/out"
expect_grep "4 removed (2 kept with their answers)" "$WORK/out"
expect_equal "D1|1|1
W1|0|0
W2|1|1" "$(sqlite3 "$db" "SELECT system_id, excluded, removed_at IS NOT NULL FROM system ORDER BY system_id")" "after --replace"
expect_equal 3 "$(sqlite3 "$db" "SELECT count(*) FROM system_response")" "answers kept"
expect_status 0 "$SURVEY" systems import --db "$db" --year 2026 "$WORK/systems.csv"
expect_grep "1 added, 2 updated (2 back on the roster), 1 unchanged" "$WORK/out"
expect_equal "3|1" "$(sqlite3 "$db" "SELECT answers, submitted_at IS NOT NULL FROM system_response WHERE system_id = 'D1'")" "D1 back with its answers"
# The kind of a system without answers may change; a new officer answers for it from then on.
printf 'system_id,name,kind,unit,officer,status\nOLD,旧サイト,mail_domain,総務局/情報システム課,p001,active\n' >"$WORK/old.csv"
expect_status 0 "$SURVEY" systems import --db "$db" --year 2026 --dry-run "$WORK/old.csv"
expect_grep "updated  OLD 旧サイト (総務局/情報システム課): kind web_server → mail_domain; officer p002 → p001; excluded → active" "$WORK/out"
echo ok
