#!/usr/bin/env bash
# Bad input to the focused inspection's collection commands: every file of the bad-systems and
# bad-system-answers corpora is refused with exactly the messages beside it (FILE:LINE:COL, the
# column being the field's number in the row), exit status 2, and the store is left as it was.
# Each file's messages are in its .expected (tests/e2e/lib.sh).
source "$(dirname "$0")/lib.sh"

db=$WORK/m.db
expect_status 0 "$SURVEY" init --db "$db" --org mof --name 財務省 --year 2026 \
	--questionnaire "$SRC_DIR/tests/data/survey-systems.yaml"
cat >"$WORK/roster.csv" <<'CSV'
person_id,name,unit,role,status
p001,山田 太郎,総務局/情報システム課,staff,active
p002,"Smith, Anna",総務局/人事課,staff,active
p003,佐藤 花子,主計局,staff,excluded
p004,鈴木 一郎,主計局/調査課,system_admin,active
CSV
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
cat >"$WORK/systems.csv" <<'CSV'
system_id,name,kind,unit,officer,status
W1,本省ウェブ,web_server,総務局/情報システム課,p004,active
W2,統計サイト,公開ウェブサーバ,総務局/情報システム課,p001,active
D1,本省ドメイン,mail_domain,総務局/情報システム課,p004,active
OLD,旧サイト,web_server,総務局/情報システム課,p002,excluded
CSV
expect_status 0 "$SURVEY" systems import --db "$db" --year 2026 "$WORK/systems.csv"
printf 'system_id,item,answer\nW1,W-01,1\n' >"$WORK/w1.csv"
expect_status 0 "$SURVEY" systems answers --db "$db" --year 2026 "$WORK/w1.csv"

before=$(sqlite3 "$db" .dump | sha256sum)
check_corpus() { # directory command...
	local dir=$1; shift
	local n=0
	cd "$SRC_DIR/tests/data/$dir"
	for f in *.csv; do
		expect_status 2 "$@" "$f"
		expect_corpus_messages "$f"
		[ ! -s "$WORK/out" ] || fail "$f: printed data on stdout"
		if grep -q $'\e' "$WORK/err"; then fail "escape character in the message for $f"; fi
		[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "store changed by $f"
		n=$((n + 1))
	done
	cd "$WORK"
	[ "$n" -ge 10 ] || fail "only $n files in $dir"
}
check_corpus survey-bad-systems "$SURVEY" systems import --db "$db" --year 2026
check_corpus survey-bad-systems "$SURVEY" systems import --db "$db" --year 2026 --dry-run
check_corpus survey-bad-system-answers "$SURVEY" systems answers --db "$db" --year 2026

# A year whose questionnaire has no focused inspection has no systems to import.
expect_status 0 "$SURVEY" init --db "$WORK/plain.db" --org mof --name 財務省 --year 2026 \
	--questionnaire "$SRC_DIR/tests/data/survey-mini.yaml"
expect_status 2 "$SURVEY" systems import --db "$WORK/plain.db" --year 2026 "$WORK/systems.csv"
expect_grep "questionnaire survey-mini of fiscal year 2026 has no focused inspection" "$WORK/err"
# A closed year refuses both.
expect_status 0 "$SURVEY" close --db "$db" --year 2026
before=$(sqlite3 "$db" .dump | sha256sum)
expect_status 2 "$SURVEY" systems import --db "$db" --year 2026 "$WORK/systems.csv"
expect_grep "is closed; its systems can no longer change" "$WORK/err"
expect_status 2 "$SURVEY" systems answers --db "$db" --year 2026 "$WORK/w1.csv"
expect_grep "is closed; answers are no longer accepted" "$WORK/err"
[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "a closed year changed"
echo ok
