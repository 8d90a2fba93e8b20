#!/usr/bin/env bash
# roster import on a ministry of 300 people: a partial roster, then the full one, never loses a
# person, an answer or a token; --replace keeps the people who answered (marked removed, not
# counted) and deletes only the others; --dry-run lists the same changes and writes nothing;
# a dropped role with answers is kept, excluded, and comes back with them.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

db=$WORK/m.db
expect_status 0 "$SURVEY" init --db "$db" --org mext --name 架空省 --year 2026 --questionnaire "$MINI"

# The ministry: 3 bureaus of 4 divisions, 25 people each. Everyone is staff (every 40th person
# excluded); the first of each division is also division_officer; some are system_admin.
awk 'BEGIN {
	split("大臣官房 政策局 管理局", bureau, " ")
	split("総務課 人事課 会計課 企画課", division, " ")
	print "person_id,name,unit,role,status"
	for (i = 1; i <= 300; i++) {
		id = sprintf("M%04d", i)
		unit = bureau[int((i - 1) / 100) + 1] "/" division[int(((i - 1) % 100) / 25) + 1]
		row = id ",職員 " i "号," unit
		print row ",staff," (i % 40 == 0 ? "excluded" : "active")
		if ((i - 1) % 25 == 0) print row ",division_officer,active"
		if (i % 25 == 7) print row ",system_admin,active"
	}
}' >"$WORK/full.csv"
awk -F, 'NR == 1 || $3 ~ /^大臣官房\//' "$WORK/full.csv" >"$WORK/partial.csv"
expect_equal 100 "$(cut -d, -f1 "$WORK/partial.csv" | tail -n +2 | sort -u | wc -l)" "people in the partial roster"

expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/full.csv"
expect_grep "300 people, 317 targets, 7 excluded roles: 300 added, 0 updated, 0 unchanged, 0 removed" "$WORK/out"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026
cp "$WORK/out" "$WORK/tokens.csv"
expect_equal 293 "$(tail -n +2 "$WORK/tokens.csv" | wc -l)" "tokens issued"

# Answers: every third person answers the staff sheet whole (submitted when staff is their only
# role), the next one item; two people of other bureaus answer in line mode, one submits.
awk -F, 'NR > 1 && $4 == "staff" && $5 == "active" {
	n = substr($1, 2) + 0
	if (n % 3 == 0) { print $1 ",staff,S-01,1"; print $1 ",staff,S-02,2"; print $1 ",staff,S-03,3" }
	if (n % 3 == 1) print $1 ",staff,S-01,implemented"
}' "$WORK/full.csv" | { echo person_id,role,item,answer; cat; } >"$WORK/answers.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/answers.csv"
tok() { grep "^$1," "$WORK/tokens.csv" | cut -d, -f4; }
printf '2\n3\nq\n' | SURVEY_TOKEN=$(tok M0101) "$SURVEY" --db "$db" --year 2026 --person M0101 --lang en >/dev/null
printf '1\n1\n1\ny\n' | SURVEY_TOKEN=$(tok M0250) "$SURVEY" --db "$db" --year 2026 --person M0250 --lang en >/dev/null
expect_equal 23 "$(answers_of "$db" M0101 division_officer)" "M0101 answered in line mode"
expect_equal 1 "$(sqlite3 "$db" "SELECT count(*) FROM submission WHERE person_id = 'M0250'")" "M0250 submitted"

# What must never be lost: people, roles, answers, submissions, token hashes.
snapshot() {
	sqlite3 "$db" "SELECT person_id, name, unit, hex(token_hash), removed_at IS NULL FROM person ORDER BY 1" >"$WORK/$1.people"
	sqlite3 "$db" "SELECT person_id, role, excluded FROM target ORDER BY 1, 2" >"$WORK/$1.targets"
	sqlite3 "$db" "SELECT person_id, role, answers, answered, updated_at, submitted_at FROM response ORDER BY 1, 2" >"$WORK/$1.answers"
	sqlite3 "$db" "SELECT person_id, submitted_at, answer_count, answers_digest FROM submission ORDER BY 1, 2" >"$WORK/$1.submissions"
}
same() { # A B: the snapshots A and B are equal
	for t in people targets answers submissions; do
		cmp -s "$WORK/$1.$t" "$WORK/$2.$t" || { diff "$WORK/$1.$t" "$WORK/$2.$t" | head >&2; fail "$t differ between $1 and $2"; }
	done
}
snapshot start
answered_elsewhere=$(sqlite3 "$db" "SELECT count(DISTINCT person_id) FROM response WHERE person_id >= 'M0101'")
expect_equal 130 "$answered_elsewhere" "people of the other bureaus with answers"

# login ID TOKEN: the questionnaire accepts the token (line mode); the welcome line is in $WORK/out.
login() {
	printf '%s\n%s\nq\n' "$1" "$2" >"$WORK/in"
	expect_status 0 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
	expect_grep "Welcome: 職員 $((10#${1#M}))号" "$WORK/out"
}
login_refused() {
	printf '%s\n%s\nq\n' "$1" "$2" >"$WORK/in"
	expect_status 2 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
	expect_grep "Login failed" "$WORK/out"
}

# 1. The partial roster without --replace: the other 200 people are left alone.
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/partial.csv"
expect_grep "100 people, 106 targets, 2 excluded roles: 0 added, 0 updated, 100 unchanged, 0 removed (0 kept with their answers); 200 people not in the file left alone (--replace removes them)" "$WORK/out"
snapshot after-partial
same start after-partial
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/full.csv"
expect_grep "0 added, 0 updated, 300 unchanged, 0 removed" "$WORK/out"
for id in M0001 M0101 M0150 M0250 M0299; do login "$id" "$(tok "$id")"; done

# 2. The partial roster with --replace, as a dry run: every change listed, nothing written.
before=$(sqlite3 "$db" .dump | sha256sum)
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --replace --dry-run "$WORK/partial.csv"
[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "--dry-run changed the store"
cp "$WORK/out" "$WORK/dry"
expect_grep "dry run, nothing written: $WORK/partial.csv (--replace): 100 people, 106 targets, 2 excluded roles: 0 added, 0 updated, 100 unchanged, 200 removed ($answered_elsewhere kept with their answers)" "$WORK/dry"
expect_equal "$answered_elsewhere" "$(grep -c '^removed  .*: has answers: kept, marked removed' "$WORK/dry")" "dry run: people kept"
expect_equal $((200 - answered_elsewhere)) "$(grep -c '^removed  .*: no answers: deleted' "$WORK/dry")" "dry run: people deleted"
expect_grep "removed  M0101 職員 101号 (政策局/総務課): has answers: kept, marked removed" "$WORK/dry"
expect_grep "removed  M0104 職員 104号 (政策局/総務課): no answers: deleted, with their login token" "$WORK/dry"
expect_grep "removed  M0120 職員 120号 (政策局/総務課): no answers: deleted" "$WORK/dry"
expect_no_grep "removed  M0120 職員 120号 (政策局/総務課): no answers: deleted, with" "$WORK/dry"
# Those who lose their token: the deleted people who had one (the wholly excluded had none).
lost_tokens=$(grep -c 'no answers: deleted, with their login token' "$WORK/dry")
expect_equal 65 "$lost_tokens" "tokens of deleted people"

# 3. The same for real: the same summary; those with answers are kept, marked removed, with
# every target excluded; the others are deleted.
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --replace "$WORK/partial.csv"
expect_equal "$(tail -1 "$WORK/dry" | sed 's/dry run, nothing written: //')" "$(tail -1 "$WORK/out")" "summary of the real import"
expect_equal "$answered_elsewhere" "$(grep -c '^removed  .*: has answers: kept' "$WORK/out")" "people listed as kept"
expect_equal "$((100 + answered_elsewhere))" "$(sqlite3 "$db" "SELECT count(*) FROM person")" "people in the store"
expect_equal "$answered_elsewhere" "$(sqlite3 "$db" "SELECT count(*) FROM person WHERE removed_at IS NOT NULL")" "people marked removed"
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM target t JOIN person p USING (fiscal_year, person_id) WHERE p.removed_at IS NOT NULL AND t.excluded = 0")" "targets of removed people"
sqlite3 "$db" "SELECT person_id, role, answers, answered, updated_at, submitted_at FROM response ORDER BY 1, 2" >"$WORK/replaced.answers"
cmp -s "$WORK/start.answers" "$WORK/replaced.answers" || fail "answers changed by --replace"
# They no longer count, cannot log in and get no token; nor are they pending.
expect_status 0 "$SURVEY" status --db "$db" --year 2026
grep -Eq '^all +106 ' "$WORK/out" || fail "status after --replace: $(cat "$WORK/out")"
expect_grep "$answered_elsewhere people removed from the roster with answers kept (not counted above)" "$WORK/out"
expect_status 0 "$SURVEY" pending --db "$db" --year 2026
expect_no_grep "M0101" "$WORK/out"
login_refused M0101 "$(tok M0101)"
expect_status 2 "$SURVEY" tokens --db "$db" --year 2026 --person M0101
expect_grep "person 'M0101' has no role to answer in fiscal year 2026 (excluded, or removed from the roster)" "$WORK/err"
expect_status 0 "$SURVEY" show --db "$db" --year 2026 --person M0101
expect_grep "removed at " "$WORK/out"
expect_grep "role division_officer (課室情報セキュリティ責任者): excluded (removed from the roster)" "$WORK/out"

# 4. The full roster again: everyone is back; those kept come back with their answers,
# submissions and tokens; those deleted come back without a token.
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/full.csv"
expect_grep "300 people, 317 targets, 7 excluded roles: $((200 - answered_elsewhere)) added, $answered_elsewhere updated ($answered_elsewhere back on the roster), 100 unchanged, 0 removed" "$WORK/out"
snapshot restored
for t in targets answers submissions; do
	cmp -s "$WORK/start.$t" "$WORK/restored.$t" || fail "$t not restored"
done
# Token hashes: equal for everyone who answered; the deleted people have none yet.
join -t'|' "$WORK/start.people" "$WORK/restored.people" | awk -F'|' '$4 != $8 { print $1 }' >"$WORK/lost"
expect_equal "$lost_tokens" "$(wc -l <"$WORK/lost")" "people who lost their token"
while read -r id; do
	expect_equal "" "$(sqlite3 "$db" "SELECT count(*) FROM response WHERE person_id = '$id'" | grep -v '^0$')" "$id has no answers"
done <"$WORK/lost"
for id in M0003 M0101 M0150 M0250 M0297; do login "$id" "$(tok "$id")"; done
login M0101 "$(tok M0101)"
expect_grep "2 / 5 answered" "$WORK/out"
# Issuing tokens now would replace the others' tokens: refused; --missing fills the gap only.
expect_status 2 "$SURVEY" tokens --db "$db" --year 2026
expect_grep "$((293 - lost_tokens)) of the 293 people already have a login token" "$WORK/err"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --missing
expect_equal "$lost_tokens" "$(tail -n +2 "$WORK/out" | wc -l)" "tokens for the people without one"
for id in M0001 M0101 M0250; do login "$id" "$(tok "$id")"; done
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM person p WHERE token_hash IS NULL AND EXISTS (SELECT 1 FROM target t WHERE t.person_id = p.person_id AND t.excluded = 0)")" "people without a token"

# 5. A role dropped from a person with answers for it stays, excluded; listing it again brings
# it back with the answers. A role without answers is deleted.
grep -v '^M0101,.*,division_officer,' "$WORK/full.csv" | grep -v '^M0126,.*,division_officer,' >"$WORK/fewer-roles.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/fewer-roles.csv"
expect_grep "updated  M0101 職員 101号 (政策局/総務課): roles -division_officer (has answers: kept, excluded)" "$WORK/out"
expect_grep "0 added, 2 updated, 298 unchanged, 0 removed (0 kept with their answers); 1 dropped role kept, excluded, with its answers" "$WORK/out"
expect_equal "1|23" "$(sqlite3 "$db" "SELECT t.excluded, r.answers FROM target t JOIN response r USING (fiscal_year, person_id, role) WHERE person_id = 'M0101' AND role = 'division_officer'")" "dropped role with answers"
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM target WHERE person_id = 'M0126' AND role = 'division_officer'")" "dropped role without answers"
# The same file again changes nothing.
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/fewer-roles.csv"
expect_grep "0 added, 0 updated, 300 unchanged" "$WORK/out"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/full.csv"
expect_grep "0 added, 2 updated, 298 unchanged" "$WORK/out"
expect_equal "0|23" "$(sqlite3 "$db" "SELECT t.excluded, r.answers FROM target t JOIN response r USING (fiscal_year, person_id, role) WHERE person_id = 'M0101' AND role = 'division_officer'")" "role back with its answers"

# 6. Name and unit changes are applied; status changes too; the dry run says what changes.
sed -e 's/^M0002,職員 2号,大臣官房\/総務課,/M0002,職員 二号,大臣官房\/人事課,/' -e 's/^M0003,\(.*\),staff,active$/M0003,\1,staff,excluded/' \
	"$WORK/full.csv" >"$WORK/moved.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --dry-run "$WORK/moved.csv"
expect_grep "updated  M0002 職員 二号 (大臣官房/人事課): name 職員 2号 → 職員 二号; unit 大臣官房/総務課 → 大臣官房/人事課" "$WORK/out"
expect_grep "updated  M0003 職員 3号 (大臣官房/総務課): staff active → excluded" "$WORK/out"
expect_equal 3 "$(wc -l <"$WORK/out")" "dry-run lines"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/moved.csv"
expect_equal "職員 二号|大臣官房/人事課" "$(sqlite3 "$db" "SELECT name, unit FROM person WHERE person_id = 'M0002'")" "M0002 moved"
expect_equal "1|123" "$(sqlite3 "$db" "SELECT t.excluded, r.answers FROM target t JOIN response r USING (fiscal_year, person_id, role) WHERE person_id = 'M0003'")" "M0003 excluded, answers kept"

# 7. The listing is in the order of ids byte by byte (as strcmp): ids that share their first
# eight bytes, ids that are prefixes of others, lower and upper case.
{
	echo "person_id,name,unit,role,status"
	for id in EMPLOYEE-10 EMPLOYEE-2 BA EMPLOYEE EMPLOYEE-1 EMPLOYE employee~1 AB employee1 EMPLOYEE-1A A B9 EMPLOYEE-01 ZA AZ; do
		echo "$id,名 $id,大臣官房/順序課,staff,active"
	done
} >"$WORK/order.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --dry-run "$WORK/order.csv"
awk '$1 == "added" { print $2 }' "$WORK/out" >"$WORK/listed"
tail -n +2 "$WORK/order.csv" | cut -d, -f1 | LC_ALL=C sort >"$WORK/sorted"
expect_equal 15 "$(wc -l <"$WORK/listed")" "people listed"
cmp -s "$WORK/listed" "$WORK/sorted" || fail "listing not in byte order of ids: $(tr '\n' ' ' <"$WORK/listed")"

# Every import is in the activity log, with its counts and file; dry runs write nothing there.
expect_status 0 "$SURVEY" log --db "$db" --year 2026
expect_equal 9 "$(grep -c ' roster import ' "$WORK/out")" "roster imports logged"
expect_no_grep "dry run" "$WORK/out"
expect_grep "$WORK/partial.csv (--replace): 100 people" "$WORK/out"
echo ok
