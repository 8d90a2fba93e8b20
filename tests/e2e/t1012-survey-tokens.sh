#!/usr/bin/env bash
# survey tokens: re-issuing one person's token leaves everyone else's working; issuing for a
# unit or the year over existing tokens needs --force (or --missing); unknown or excluded people
# are errors that change nothing; the activity log counts tokens but never holds one.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

db=$WORK/m.db
survey_setup "$db"
hashes() { sqlite3 "$db" "SELECT person_id, hex(token_hash) FROM person ORDER BY 1"; }
# login ID TOKEN: line mode accepts the token.
login() {
	printf '%s\n%s\nq\n' "$1" "$2" >"$WORK/in"
	expect_status 0 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
	expect_grep "Welcome: " "$WORK/out"
}
login_refused() {
	printf '%s\n%s\nq\n' "$1" "$2" >"$WORK/in"
	expect_status 2 "$SURVEY" --db "$db" --year 2026 --lang en <"$WORK/in"
	expect_grep "Login failed" "$WORK/out"
}

# Issuing again for the whole year is refused: every token would stop working.
before=$(sqlite3 "$db" .dump | sha256sum)
expect_status 2 "$SURVEY" tokens --db "$db" --year 2026
expect_grep "3 of the 3 people already have a login token; issuing would stop those 3 tokens working (--force replaces them; no one is without one)" "$WORK/err"
expect_equal "" "$(cat "$WORK/out")" "nothing printed"
[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "store changed by a refused tokens"
for p in p001 p002 p004; do login $p "$(token_of $p)"; done

# One person's token re-issued: theirs changes, the others keep working.
hashes >"$WORK/h1"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --person p002
expect_equal 2 "$(wc -l <"$WORK/out")" "lines for one person"
new=$(grep '^p002,' "$WORK/out" | awk -F, '{print $NF}')
[ -n "$new" ] && [ "$new" != "$(token_of p002)" ] || fail "p002 got no new token"
expect_grep "issued 1 token for fiscal year 2026; 1 earlier token replaced and no longer works" "$WORK/err"
hashes >"$WORK/h2"
expect_equal 1 "$(diff "$WORK/h1" "$WORK/h2" | grep -c '^>')" "hashes changed"
login_refused p002 "$(token_of p002)"
login p002 "$new"
login p001 "$(token_of p001)"
login p004 "$(token_of p004)"
sed -i "s/^p002,.*/p002,x,x,$new/" "$WORK/tokens.csv"
# Naming a person twice issues one token.
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --person p004 --person p004
expect_equal 2 "$(wc -l <"$WORK/out")" "one token for a person named twice"
sed -i "s/^p004,.*/p004,x,x,$(grep '^p004,' "$WORK/out" | awk -F, '{print $NF}')/" "$WORK/tokens.csv"

# Unknown and excluded people: errors, and nothing is issued for the others named with them.
hashes >"$WORK/h3"
expect_status 2 "$SURVEY" tokens --db "$db" --year 2026 --person p001 --person p999
expect_grep "person 'p999' is not on the roster of fiscal year 2026; no token is issued" "$WORK/err"
expect_equal "" "$(cat "$WORK/out")" "no tokens printed"
expect_status 2 "$SURVEY" tokens --db "$db" --year 2026 --person p003
expect_grep "person 'p003' has no role to answer in fiscal year 2026 (excluded, or removed from the roster)" "$WORK/err"
hashes >"$WORK/h4"
cmp -s "$WORK/h3" "$WORK/h4" || fail "a refused --person changed a token"
login p001 "$(token_of p001)"
# Options that do not go together.
expect_status 1 "$SURVEY" tokens --db "$db" --year 2026 --person p001 --unit 総務局
expect_status 1 "$SURVEY" tokens --db "$db" --year 2026 --force --missing

# A newcomer: without --force the command refuses and points to --missing, which issues only
# the missing token.
printf 'p005,田中 次郎,総務局/人事課,staff,active\n' >>"$WORK/roster.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
expect_status 2 "$SURVEY" tokens --db "$db" --year 2026 --unit 総務局
expect_grep "2 of the 3 people under 総務局 already have a login token; issuing would stop those 2 tokens working (--force replaces them; --missing issues tokens only to the 1 person without one)" "$WORK/err"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --missing
expect_equal 2 "$(wc -l <"$WORK/out")" "--missing: one token"
expect_grep "p005,田中 次郎,総務局/人事課," "$WORK/out"
t5=$(grep '^p005,' "$WORK/out" | awk -F, '{print $NF}')
login p005 "$t5"
for p in p001 p002 p004; do login $p "$(token_of $p)"; done
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --missing
expect_equal 1 "$(wc -l <"$WORK/out")" "--missing when everyone has one"
expect_grep "warning: no one is waiting for a token in fiscal year 2026" "$WORK/err"

# --force replaces them all and says how many stop working.
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026 --force
expect_grep "issued 4 tokens for fiscal year 2026; 4 earlier tokens replaced and no longer work" "$WORK/err"
cp "$WORK/out" "$WORK/forced.csv"
for p in p001 p002 p004; do login_refused $p "$(token_of $p)"; done
login_refused p005 "$t5"
cp "$WORK/forced.csv" "$WORK/tokens.csv"
for p in p001 p002 p004 p005; do login $p "$(token_of $p)"; done

# The activity log counts every issue and holds no token.
expect_status 0 "$SURVEY" log --db "$db" --year 2026
expect_equal 6 "$(grep -c ' tokens ' "$WORK/out")" "token issues logged"
expect_grep "1 issued for 1 named person: 0 new, 1 replacing earlier tokens" "$WORK/out"
expect_grep "4 issued for the whole year: 0 new, 4 replacing earlier tokens" "$WORK/out"
expect_grep "1 issued for the whole year: 1 new, 0 replacing earlier tokens (--missing)" "$WORK/out"
for t in $(tail -n +2 "$WORK/forced.csv" | awk -F, '{print $NF}') "$new" "$t5"; do
	if sqlite3 "$db" "SELECT * FROM activity" | grep -qF "$t"; then fail "a token in the activity log"; fi
	if sqlite3 "$db" "SELECT * FROM activity" | grep -qF "${t//-/}"; then fail "a token in the activity log"; fi
done
# Output that cannot be written (a full disk) is an error, never a silent success: tokens
# that were stored but not written out are named, with what to do.
got=0
"$SURVEY" tokens --db "$db" --year 2026 --force >/dev/full 2>"$WORK/err" || got=$?
expect_equal 2 "$got" "status of tokens written to a full disk"
expect_grep "could not be written out (No space left on device); they replace earlier tokens, so issue them again with --force" "$WORK/err"
for cmd in status pending log; do
	got=0
	"$SURVEY" $cmd --db "$db" --year 2026 >/dev/full 2>"$WORK/err" || got=$?
	expect_equal 2 "$got" "status of $cmd written to a full disk"
	expect_grep "cannot write standard output: No space left on device" "$WORK/err"
done
echo ok
