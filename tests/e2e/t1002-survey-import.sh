#!/usr/bin/env bash
# survey import and survey roster import: valid files, and the bad-input corpora (each bad file
# is reported at its line with the expected message, and the store is left unchanged).
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

db=$WORK/m.db
survey_setup "$db"

# A valid import with a BOM, CRLF line ends, quoted fields and both answer spellings.
printf '\xef\xbb\xbfperson_id,role,item,answer\r\n' >"$WORK/a.csv"
printf 'p001,staff,S-01,implemented\r\np001,staff,"S-02",not_implemented\r\n' >>"$WORK/a.csv"
printf 'p001,staff,S-03,not_applicable\r\np001,division_officer,O-01,1\r\n' >>"$WORK/a.csv"
printf 'p001,division_officer,S-02,2\r\np002,staff,S-03,3\r\n' >>"$WORK/a.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/a.csv"
expect_grep "6 answers imported for 2 people; 1 marked submitted" "$WORK/out"
expect_equal 123 "$(answers_of "$db" p001 staff)" "p001 staff"
expect_equal 21 "$(answers_of "$db" p001 division_officer)" "p001 division_officer"
expect_equal 003 "$(answers_of "$db" p002 staff)" "p002 staff"
expect_equal "1|1" "$(sqlite3 "$db" "SELECT count(*), min(answer_count = 5) FROM submission WHERE person_id = 'p001'")" "p001 submission"
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM response WHERE person_id = 'p002' AND submitted_at IS NOT NULL")" "p002 not submitted"
expect_equal 1 "$(sqlite3 "$db" "SELECT answered FROM response WHERE person_id = 'p002'")" "p002 answered count"

# The receipt digest of an import equals the one the questionnaire computes for the same answers.
expect_status 0 "$SURVEY" status --db "$db" --year 2026
grep -Eq '^all +4 +2 +1 +50.0%$' "$WORK/out" || fail "status after import: $(cat "$WORK/out")"

# A later import changes stored answers; p002 completes and is marked submitted.
printf 'person_id,role,item,answer\np002,staff,S-01,2\np002,staff,S-02,2\np002,staff,S-03,1\n' >"$WORK/b.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/b.csv"
expect_equal 221 "$(answers_of "$db" p002 staff)" "p002 staff after the second import"
expect_equal 1 "$(sqlite3 "$db" "SELECT count(*) FROM submission WHERE person_id = 'p002'")" "p002 submission"
# The same file again changes nothing and records no second submission.
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/b.csv"
expect_grep "3 answers imported for 0 people; 0 marked submitted" "$WORK/out"
expect_equal 1 "$(sqlite3 "$db" "SELECT count(*) FROM submission WHERE person_id = 'p002'")" "p002 submissions after a repeat"
# The answers are the respondent's: logging in shows them as answered.
printf 'n\n' | SURVEY_TOKEN=$(token_of p002) "$SURVEY" --db "$db" --year 2026 --person p002 --lang en >"$WORK/line"
expect_grep "3 / 3 answered" "$WORK/line"
expect_grep "All items are answered. Submit?" "$WORK/line"

# A person whose role codes sort differently from the catalogue order (staff < system_admin
# as text, system_admin first in the role catalogue): each answer lands on the right sheet, and the
# submission digest equals the one the questionnaire itself computes for the same answers.
printf 'p004,鈴木 一郎,主計局/調査課,staff,active\n' >>"$WORK/roster.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
printf 'person_id,role,item,answer\np004,staff,S-03,3\np004,system_admin,Y-01,2\np004,staff,S-01,1\np004,staff,S-02,1\n' >"$WORK/d.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/d.csv"
expect_equal "2|113" "$(answers_of "$db" p004 system_admin)|$(answers_of "$db" p004 staff)" "p004 answers"
imported=$(sqlite3 "$db" "SELECT answers_digest FROM submission WHERE person_id = 'p004'")
printf 'y\n' | SURVEY_TOKEN=$(token_of p004) "$SURVEY" --db "$db" --year 2026 --person p004 --lang en >"$WORK/line"
expect_grep "Digest of the answers: $imported" "$WORK/line"

# Bad files: the message names FILE:LINE; nothing changes. Each bad file has beside it its
# .expected messages (tests/e2e/lib.sh), the first 100 when there are more, then the count of
# the others, and optionally a .args file of options the command is run with (e.g. --encoding
# cp932).
before=$(sqlite3 "$db" .dump | sha256sum)
check_corpus() { # kind command...
	local kind=$1; shift
	local n=0
	cd "$SRC_DIR/tests/data/survey-bad-$kind"
	for f in *.csv; do
		local args=()
		[ ! -f "${f%.csv}.args" ] || read -r -a args <"${f%.csv}.args"
		expect_status 2 "$@" "${args[@]}" "$f"
		expect_corpus_messages "$f"
		# No terminal escape may reach the message.
		if grep -q $'\e' "$WORK/err"; then fail "escape character in the message for $f"; fi
		[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "store changed by $f"
		n=$((n + 1))
	done
	cd "$WORK"
	[ "$n" -ge 10 ] || fail "only $n $kind corpus files"
}
check_corpus answers "$SURVEY" import --db "$db" --year 2026
check_corpus roster "$SURVEY" roster import --db "$db" --year 2026

# Several errors in one file are all reported.
printf 'person_id,role,item,answer\np9,staff,S-01,1\np002,staff,S-01,x\np002,staff,O-01,1\n' >"$WORK/c.csv"
expect_status 2 "$SURVEY" import --db "$db" --year 2026 "$WORK/c.csv"
expect_equal 3 "$(grep -c "c.csv:[234]:" "$WORK/err")" "errors reported"

# Missing file.
expect_status 2 "$SURVEY" import --db "$db" --year 2026 "$WORK/none.csv"
expect_grep "cannot open" "$WORK/err"
[ "$(sqlite3 "$db" .dump | sha256sum)" = "$before" ] || fail "store changed"
echo ok
