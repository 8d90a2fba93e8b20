#!/usr/bin/env bash
# survey init, roster import, tokens, status, pending, close: the coordinator's commands.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

db=$WORK/m.db
survey_setup "$db"

# The store file is private to its owner.
expect_equal 600 "$(stat -c %a "$db")" "store permissions"

# Tokens: one per person with an active role (p003 is excluded), well formed, only hashes stored.
expect_equal "person_id,name,unit,token" "$(head -1 "$WORK/tokens.csv")" "tokens header"
expect_equal 3 "$(tail -n +2 "$WORK/tokens.csv" | wc -l)" "tokens issued"
expect_grep '"Smith, Anna"' "$WORK/tokens.csv"
for p in p001 p002 p004; do
	t=$(token_of $p)
	[[ $t =~ ^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){4}$ ]] || fail "malformed token '$t' for $p"
	h=$(sqlite3 "$db" "SELECT hex(token_hash) FROM person WHERE person_id = '$p'")
	want=$(printf '%s' "${t//-/}" | sha256sum | cut -c1-64 | tr a-f A-F)
	expect_equal "$want" "$h" "stored hash of $p"
	if sqlite3 "$db" .dump | grep -qF "$t"; then fail "token of $p stored in clear"; fi
done
expect_equal "" "$(sqlite3 "$db" "SELECT token_hash FROM person WHERE person_id = 'p003'")" "no token for excluded"

# Tokens for a unit only: its person already has one, so it takes --force to replace it.
old=$(token_of p001)
expect_status 2 "$SURVEY" tokens --db "$db" --year 2026 --unit 総務局/情報システム課
expect_grep "1 of the 1 person under 総務局/情報システム課 already has a login token; issuing would stop that token working" "$WORK/err"
expect_equal "" "$(cat "$WORK/out")" "no tokens printed when refused"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --unit 総務局/情報システム課 --force
expect_grep "issued 1 token for fiscal year 2026; 1 earlier token replaced and no longer works" "$WORK/err"
expect_equal 2 "$(wc -l <"$WORK/out")" "tokens for one unit"
expect_grep "p001,山田 太郎" "$WORK/out"
new=$(grep ^p001, "$WORK/out" | cut -d, -f4)
[ "$new" != "$old" ] || fail "re-issued token equals the old one"
printf '%s\n%s\nq\n' p001 "$old" >"$WORK/in"
expect_status 2 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
expect_grep "Login failed" "$WORK/out"
sed -i "s/^p001,.*/p001,x,x,$new/" "$WORK/tokens.csv"

# status and pending before anyone answered.
expect_status 0 "$SURVEY" status --db "$db" --year 2026
expect_grep "collection open" "$WORK/out"
grep -Eq '^all +4 +0 +0 +0.0%$' "$WORK/out" || fail "status: $(cat "$WORK/out")"
expect_status 0 "$SURVEY" status --db "$db" --year 2026 --by role
grep -Eq '^staff +2 +0 +0 +0.0%$' "$WORK/out" || fail "status by role: $(cat "$WORK/out")"
grep -Eq '^division_officer +1 ' "$WORK/out" || fail "status by role lacks division_officer"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026
expect_equal 4 "$(wc -l <"$WORK/out")" "pending lines"
expect_grep "p001,山田 太郎,総務局/情報システム課,division_officer staff" "$WORK/out"
expect_no_grep "p003" "$WORK/out"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --unit 主計局
expect_equal "person_id,name,unit,roles,progress,last_answer_at
p004,鈴木 一郎,主計局/調査課,system_admin,system_admin 0/1," "$(cat "$WORK/out")" "pending under 主計局"
# A unit prefix matches whole path components only.
expect_status 0 "$SURVEY" pending --db "$db" --year 2026 --unit 主計
expect_equal 1 "$(wc -l <"$WORK/out")" "pending under a partial name"

# p002 answers everything and submits; p001 answers one item.
printf '1\n2\n3\ny\n' | SURVEY_TOKEN=$(token_of p002) "$SURVEY" --db "$db" --year 2026 --person p002 >/dev/null
printf '1\nq\n' | SURVEY_TOKEN=$(token_of p001) "$SURVEY" --db "$db" --year 2026 --person p001 >/dev/null
expect_status 0 "$SURVEY" status --db "$db" --year 2026 --by unit
grep -Eq '^総務局/人事課 +1 +1 +0 +100.0%$' "$WORK/out" || fail "status by unit: $(cat "$WORK/out")"
grep -Eq '^総務局/情報システム課 +2 +0 +1 +0.0%$' "$WORK/out" || fail "status by unit: $(cat "$WORK/out")"
grep -Eq '^all +4 +1 +1 +25.0%$' "$WORK/out" || fail "status total: $(cat "$WORK/out")"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026
expect_no_grep "p002" "$WORK/out"

# Re-importing the roster with --replace keeps the answers of people who remain and drops the
# others, who have no answers; p001's dropped role has an answer, so it stays, excluded.
cat >"$WORK/roster2.csv" <<'CSV'
person_id,name,unit,role,status
p001,山田 太郎,総務局/情報システム課,staff,active
p002,"Smith, Anna",総務局/人事課,staff,active
p005,田中 次郎,総務局/人事課,staff,active
CSV
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --replace "$WORK/roster2.csv"
expect_grep "1 added, 1 updated, 1 unchanged, 2 removed (0 kept with their answers); 1 dropped role kept" "$WORK/out"
expect_grep "updated  p001 山田 太郎 (総務局/情報システム課): roles -division_officer (has answers: kept, excluded)" "$WORK/out"
expect_equal 123 "$(answers_of "$db" p002 staff)" "p002 answers kept"
expect_equal 10 "$(answers_of "$db" p001 division_officer)" "dropped role's answers kept"
expect_equal 1 "$(sqlite3 "$db" "SELECT excluded FROM target WHERE person_id = 'p001' AND role = 'division_officer'")" "dropped role excluded"
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM person WHERE person_id IN ('p003','p004')")" "removed people"
expect_equal 1 "$(sqlite3 "$db" "SELECT count(*) FROM submission WHERE person_id = 'p002'")" "submission kept"
expect_equal 64 "$(sqlite3 "$db" "SELECT length(hex(token_hash)) FROM person WHERE person_id = 'p002'")" "token kept"

# init again with another questionnaire is refused once answers exist; the same one is fine.
expect_status 0 "$SURVEY" init --db "$db" --org mof --name 財務省 --year 2026 --questionnaire "$MINI"
expect_status 2 "$SURVEY" init --db "$db" --org mof --name 財務省 --year 2026 \
	--questionnaire "$SRC_DIR/questionnaires/selfcheck-2026.yaml"
expect_grep "cannot be changed" "$WORK/err"
expect_status 2 "$SURVEY" init --db "$db" --org other --name 他省 --year 2026 --questionnaire "$MINI"
expect_status 2 "$SURVEY" init --db "$db" --org 'Bad Code' --name x --year 2026 --questionnaire "$MINI"
# An init that fails while the store is being made (here: the disk fills) leaves no file.
mkdir "$WORK/fresh"
got=0
(ulimit -f 16; trap '' XFSZ; "$SURVEY" init --db "$WORK/fresh/new.db" --org mof --name 財務省 --year 2026 --questionnaire "$MINI") \
	>"$WORK/out" 2>"$WORK/err" || got=$?
expect_equal 2 "$got" "status of an init on a full disk"
[ -z "$(ls -A "$WORK/fresh")" ] || fail "a failed init left files: $(ls -A "$WORK/fresh")"
# Names are one line of at most 200 characters without control characters (C1 included).
before=$(sqlite3 "$db" .dump | sha256sum)
expect_status 2 "$SURVEY" init --db "$db" --org mof --name "$(printf '財%.0s' $(seq 201))" --year 2026 --questionnaire "$MINI"
expect_grep "invalid organisation name: it is longer than 200 characters" "$WORK/err"
expect_status 2 "$SURVEY" init --db "$db" --org mof --name $'財務\xc2\x9b2J省' --year 2026 --questionnaire "$MINI"
expect_grep "invalid organisation name: it contains a control character" "$WORK/err"
expect_status 2 "$SURVEY" init --db "$db" --org "$(printf 'a%.0s' $(seq 33))" --name x --year 2026 --questionnaire "$MINI"
[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "a refused init changed the store"
expect_status 1 "$SURVEY" init --db "$db" --year 2026

# close: later answers, imports, rosters and tokens are refused with a clear message.
expect_status 0 "$SURVEY" close --db "$db" --year 2026
expect_grep "closed at" "$WORK/out"
printf '1\n' >"$WORK/in"
SURVEY_TOKEN=$(token_of p001) expect_status 2 "$SURVEY" --db "$db" --year 2026 --person p001 --lang en <"$WORK/in"
expect_grep "closed; answers are no longer accepted" "$WORK/out"
printf 'person_id,role,item,answer\np001,staff,S-02,1\n' >"$WORK/a.csv"
expect_status 2 "$SURVEY" import --db "$db" --year 2026 "$WORK/a.csv"
expect_grep "closed" "$WORK/err"
expect_status 2 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster2.csv"
expect_status 2 "$SURVEY" tokens --db "$db" --year 2026
expect_status 0 "$SURVEY" status --db "$db" --year 2026
expect_grep "collection closed" "$WORK/out"

# Unknown year, missing store.
expect_status 2 "$SURVEY" status --db "$db" --year 2027
expect_grep "fiscal year 2027 is not in the store" "$WORK/err"
expect_status 2 "$SURVEY" status --db "$WORK/none.db" --year 2026
[ ! -e "$WORK/none.db" ] || fail "status created a store"
echo ok
