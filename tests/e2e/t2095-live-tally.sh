#!/usr/bin/env bash
# The tally is kept current as the answers arrive: after every kind of change — answers in line
# mode, a submission, a change after submission, an import and a re-import, roster imports
# (with --replace, an exclusion, a move to another unit), the systems roster, an officer's
# answers and a systems answers file, close and reopen — the counts the store keeps cover the
# change (no 'aggregator tally' is ever run before the outputs), 'aggregator tally --verify'
# finds them equal to a recount, and 'aggregator rates' prints what a recount gives. The same
# over a questionnaire with choice items, whose choice counts ('rates --by choice', the tally
# file's choices) are kept as well.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

# check DB WHAT: the counts kept are current and equal to a recount; rates read them as they
# are (they agree with the rates of a copy recounted by 'aggregator tally').
check() {
	local db=$1 what=$2
	local kept now
	kept=$(sqlite3 "$db" "SELECT generation FROM tally_source WHERE fiscal_year = 2026")
	now=$(sqlite3 "$db" "SELECT coalesce((SELECT generation FROM answer_change WHERE fiscal_year = 2026), 0)")
	expect_equal "$now" "$kept" "$what: generation of the counts kept"
	expect_status 0 "$AGGREGATOR" tally --db "$db" --year 2026 --verify
	expect_grep "the counts kept agree with a recount" "$WORK/out"
	expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --format csv --by role
	cp "$WORK/out" "$WORK/kept.csv"
	expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --format csv --by unit
	cp "$WORK/out" "$WORK/kept-units.csv"
	rm -f "$WORK/copy.db"*
	sqlite3 "$db" ".backup '$WORK/copy.db'"
	expect_status 0 "$AGGREGATOR" tally --db "$WORK/copy.db" --year 2026
	expect_status 0 "$AGGREGATOR" rates --db "$WORK/copy.db" --year 2026 --format csv --by role
	cmp -s "$WORK/out" "$WORK/kept.csv" || fail "$what: rates from the kept counts differ from a recount"
	expect_status 0 "$AGGREGATOR" rates --db "$WORK/copy.db" --year 2026 --format csv --by unit
	cmp -s "$WORK/out" "$WORK/kept-units.csv" || fail "$what: unit rates from the kept counts differ from a recount"
	# The rates did not need to write: the generation is still the one the change left.
	expect_equal "$kept" "$(sqlite3 "$db" "SELECT generation FROM tally_source WHERE fiscal_year = 2026")" \
		"$what: the rates recounted"
}
# role_row ROLE: the role's csv row of the last kept rates (organisation mof).
role_row() { grep "^mof,$1," "$WORK/kept.csv" | cut -d, -f1,2,4-; }

db=$WORK/m.db
survey_setup "$db"
check "$db" "roster import"
expect_equal "mof,staff,2,0" "$(role_row staff | cut -d, -f1-4)" "staff after the roster import"

# Line mode: p002 answers one item and quits (nothing counts yet), then submits.
printf 'p002\n%s\n1\nq\n' "$(token_of p002)" | "$SURVEY" --db "$db" --year 2026 --plain --lang en >/dev/null ||
	fail "p002 session 1"
check "$db" "an answer not submitted"
printf 'p002\n%s\n1\n2\ny\n' "$(token_of p002)" | "$SURVEY" --db "$db" --year 2026 --plain --lang en >/dev/null ||
	fail "p002 session 2"
expect_equal 112 "$(answers_of "$db" p002 staff)" "p002 answers"
check "$db" "a submission"
expect_equal "mof,staff,2,1" "$(role_row staff | cut -d, -f1-4)" "staff after p002 submitted"
# p001 answers both sheets and submits, then changes an answer and does not submit again: the
# change counts at once.
printf 'p001\n%s\n1\n1\n1\n1\n1\ny\n' "$(token_of p001)" | "$SURVEY" --db "$db" --year 2026 --plain --lang en \
	>/dev/null || fail "p001 session 1"
check "$db" "a second submission"
before=$(role_row staff)
printf 'p001\n%s\nb\n2\nn\n' "$(token_of p001)" | "$SURVEY" --db "$db" --year 2026 --plain --lang en >/dev/null ||
	fail "p001 session 2"
expect_equal 112 "$(answers_of "$db" p001 staff)" "p001's changed answer"
check "$db" "a change after submission"
[ "$before" != "$(role_row staff)" ] || fail "the change after submission did not change the staff row"

# An import (p004 complete: submitted), the same file again, then one answer changed.
printf 'person_id,role,item,answer\np004,system_admin,Y-01,implemented\n' >"$WORK/a1.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/a1.csv"
check "$db" "an import"
expect_equal "mof,system_admin,1,1,1,0,0" "$(role_row system_admin | cut -d, -f1-4,7-9)" "system_admin imported"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/a1.csv"
check "$db" "a re-import"
printf 'person_id,role,item,answer\np004,system_admin,Y-01,not_implemented\np002,staff,S-03,1\n' >"$WORK/a2.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/a2.csv"
check "$db" "an import that changes submitted answers"
expect_equal "mof,system_admin,1,1,0,1,0" "$(role_row system_admin | cut -d, -f1-4,7-9)" "system_admin changed"

# Roster imports: p002 dropped with --replace (kept with answers, excluded), p004 excluded,
# p001 moved to another unit, a new person added.
cat >"$WORK/roster2.csv" <<'CSV'
person_id,name,unit,role,status
p001,山田 太郎,総務局/情報システム課,staff,active
p001,山田 太郎,総務局/情報システム課,division_officer,active
p003,佐藤 花子,主計局,staff,excluded
p004,鈴木 一郎,主計局/調査課,system_admin,active
p005,田中 次郎,主計局,staff,active
CSV
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 --replace "$WORK/roster2.csv"
check "$db" "a roster import with --replace"
expect_equal "mof,staff,2,1" "$(role_row staff | cut -d, -f1-4)" "staff without p002, with p005"
sed 's/^\(p004,.*\),active$/\1,excluded/' "$WORK/roster2.csv" >"$WORK/roster3.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster3.csv"
check "$db" "an exclusion"
[ -z "$(role_row system_admin)" ] || fail "the excluded system_admin is still counted"
sed 's|^\(p001,[^,]*\),総務局/情報システム課,|\1,主計局/調査課,|' "$WORK/roster3.csv" >"$WORK/roster4.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster4.csv"
check "$db" "a move to another unit"
expect_grep "主計局/調査課" "$WORK/kept-units.csv"
expect_no_grep "総務局/情報システム課" "$WORK/kept-units.csv"

# Close and reopen: the counts say so at once.
expect_status 0 "$SURVEY" close --db "$db" --year 2026
check "$db" "close"
expect_status 0 "$AGGREGATOR" submit --db "$db" --year 2026 -o "$WORK/closed.yaml"
expect_grep "collection_closed_at: \"" "$WORK/closed.yaml"
expect_status 0 "$SURVEY" reopen --db "$db" --year 2026
check "$db" "reopen"

# A store whose counts are not current (as an earlier version would leave it): a writable one
# is recounted by the first output, a read-only one says what to run.
sqlite3 "$db" "UPDATE answer_change SET generation = generation + 1 WHERE fiscal_year = 2026"
expect_status 1 "$AGGREGATOR" tally --db "$db" --year 2026 --verify
expect_grep "difference: the counts kept cover answer generation" "$WORK/out"
mkdir "$WORK/ro"
cp "$db" "$WORK/ro/m.db"
chmod 755 "$WORK"
chmod 444 "$WORK/ro/m.db"
chmod 555 "$WORK/ro"
if [ "$(id -u)" = 0 ]; then   # root may write anywhere: the reader runs as nobody
	reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	reader() { "$@"; }
fi
expect_status 2 reader "$AGGREGATOR" rates --db "$WORK/ro/m.db" --year 2026
expect_grep "run 'aggregator tally --db $WORK/ro/m.db --year 2026' first" "$WORK/err"
chmod 755 "$WORK/ro"
expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --format csv --by role
check "$db" "a recount by the first output"
# An import into a store whose counts are not current recounts them in its transaction.
sqlite3 "$db" "UPDATE answer_change SET generation = generation + 1 WHERE fiscal_year = 2026"
printf 'person_id,role,item,answer\np005,staff,S-01,1\n' >"$WORK/a3.csv"
expect_status 0 "$SURVEY" import --db "$db" --year 2026 "$WORK/a3.csv"
check "$db" "an import recounting counts not current"
# A count changed behind the store's back is found and named.
sqlite3 "$db" "UPDATE tally_item SET implemented = implemented + 1 WHERE role = 'staff' AND item = 'S-01'"
expect_status 1 "$AGGREGATOR" tally --db "$db" --year 2026 --verify
expect_grep "difference: organisation mof, role staff, item S-01: implemented kept" "$WORK/out"
expect_grep "1 difference between the counts kept and a recount" "$WORK/out"
expect_status 0 "$AGGREGATOR" tally --db "$db" --year 2026
check "$db" "a tally"
expect_status 1 "$AGGREGATOR" tally --db "$db" --year 2026 --verify --method pooled

# The focused inspection: the systems roster, an officer's answers, an answers file.
# (The store starts over the mini questionnaire, which a year without answers may replace.)
sdb=$WORK/s.db
expect_status 0 "$SURVEY" init --db "$sdb" --org mof --name 財務省 --year 2026 --questionnaire "$MINI"
expect_status 0 "$AGGREGATOR" tally --db "$sdb" --year 2026 --verify
expect_grep "the counts kept agree with a recount (0 persons" "$WORK/out"
expect_status 0 "$SURVEY" roster import --db "$sdb" --year 2026 "$WORK/roster.csv"
expect_status 0 "$SURVEY" init --db "$sdb" --org mof --name 財務省 --year 2026 \
	--questionnaire "$SRC_DIR/tests/data/survey-systems.yaml"
check "$sdb" "a questionnaire replaced"
expect_status 0 "$SURVEY" tokens --db "$sdb" --year 2026
cp "$WORK/out" "$WORK/tokens.csv"
cat >"$WORK/systems.csv" <<'CSV'
system_id,name,kind,unit,officer,status
W1,本省ウェブ,web_server,総務局/情報システム課,p004,active
W2,統計サイト,web_server,総務局/情報システム課,p001,active
CSV
expect_status 0 "$SURVEY" systems import --db "$sdb" --year 2026 "$WORK/systems.csv"
check "$sdb" "a systems import"
printf '1\n1\n2\nq\n' | SURVEY_TOKEN=$(token_of p004) "$SURVEY" --db "$sdb" --year 2026 --person p004 --plain \
	--lang en >/dev/null || fail "the officer's answers"
check "$sdb" "an officer's answers"
expect_status 0 "$AGGREGATOR" rates --db "$sdb" --year 2026 --by inspection --format csv
expect_grep "mof,web_server,W-01,2,1,0,0,100" "$WORK/out"
printf 'system_id,item,answer\nW2,W-01,not_implemented\nW2,W-02,実施\n' >"$WORK/w2.csv"
expect_status 0 "$SURVEY" systems answers --db "$sdb" --year 2026 "$WORK/w2.csv"
check "$sdb" "a systems answers file"
expect_status 0 "$AGGREGATOR" rates --db "$sdb" --year 2026 --by inspection --format csv
expect_grep "mof,web_server,W-01,2,1,1,0,50" "$WORK/out"
sed '/^W2,/d' "$WORK/systems.csv" >"$WORK/systems2.csv"
expect_status 0 "$SURVEY" systems import --db "$sdb" --year 2026 --replace "$WORK/systems2.csv"
check "$sdb" "a system removed"

# Choice items: a single choice, one asked only after option 1 of the first, a yes/no item and
# a multiple choice whose option 4 stands alone (tests/data/survey-choice.yaml).
# check_choice DB WHAT: as check, and the choice counts read by 'rates --by choice' and written
# in the tally file are those of a recounted copy.
check_choice() {
	local db=$1 what=$2
	check "$db" "$what"
	expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --format csv --by choice
	cp "$WORK/out" "$WORK/kept-choice.csv"
	expect_status 0 "$AGGREGATOR" submit --db "$db" --year 2026 -o "$WORK/kept.yaml"
	expect_status 0 "$AGGREGATOR" rates --db "$WORK/copy.db" --year 2026 --format csv --by choice
	cmp -s "$WORK/out" "$WORK/kept-choice.csv" || fail "$what: choice rates from the kept counts differ from a recount"
	expect_status 0 "$AGGREGATOR" submit --db "$WORK/copy.db" --year 2026 -o "$WORK/copy.yaml"
	diff <(grep "choices:" "$WORK/kept.yaml") <(grep "choices:" "$WORK/copy.yaml") >&2 ||
		fail "$what: the tally file's choices differ from a recount"
}
# choice_row ITEM OPTION: count,n of the option in the last kept choice rates.
choice_row() { grep "^ag1,$1,$2," "$WORK/kept-choice.csv" | cut -d, -f4,5; }

cdb=$WORK/c.db
expect_status 0 "$SURVEY" init --db "$cdb" --org ag1 --name 見本法人 --year 2026 \
	--questionnaire "$SRC_DIR/tests/data/survey-choice.yaml"
cat >"$WORK/croster.csv" <<'CSV'
person_id,name,unit,role,status
k1,甲,本部/総務課,chief_officer,active
k2,乙,本部/総務課,chief_officer,active
k3,丙,支部,chief_officer,active
CSV
expect_status 0 "$SURVEY" roster import --db "$cdb" --year 2026 "$WORK/croster.csv"
check_choice "$cdb" "choice: roster import"
expect_status 0 "$SURVEY" tokens --db "$cdb" --year 2026
cp "$WORK/out" "$WORK/tokens.csv"
# k1 submits in line mode: C-01 option 1, C-02 option 2, Y-01, C-03 options 1 and 3.
printf '1\n2\n1\n1,3\ny\n' | SURVEY_TOKEN=$(token_of k1) "$SURVEY" --db "$cdb" --year 2026 --person k1 --plain \
	--lang en >/dev/null || fail "k1 session"
check_choice "$cdb" "choice: a submission"
expect_equal "1,1|1,1|1,2" "$(choice_row C-02 2)|$(choice_row C-01 1)|$(choice_row C-03 3)" "choice counts after k1"
# k1 changes C-01 to option 2 after submitting: C-02 is no longer asked and counts nowhere.
printf 'go 1\n2\nq\n' | SURVEY_TOKEN=$(token_of k1) "$SURVEY" --db "$cdb" --year 2026 --person k1 --plain \
	--lang en >/dev/null || fail "k1 change"
expect_equal "B" "$(answers_of "$cdb" k1 chief_officer | cut -c1)" "k1's changed C-01"
check_choice "$cdb" "choice: a change that leaves an item not asked"
expect_equal "0,0|1,1" "$(choice_row C-02 2)|$(choice_row C-01 2)" "choice counts after k1's change"
# An import: k2 complete (option 4 alone), k3 in part (not submitted), then the same again.
printf 'person_id,role,item,answer\nk2,chief_officer,C-01,1\nk2,chief_officer,C-02,1\nk2,chief_officer,Y-01,2\nk2,chief_officer,C-03,4\nk3,chief_officer,C-01,3\n' >"$WORK/c1.csv"
expect_status 0 "$SURVEY" import --db "$cdb" --year 2026 "$WORK/c1.csv"
check_choice "$cdb" "choice: an import"
expect_equal "1,3|1,1" "$(choice_row C-03 4)|$(choice_row C-02 1)" "choice counts after the import"
expect_status 0 "$SURVEY" import --db "$cdb" --year 2026 "$WORK/c1.csv"
check_choice "$cdb" "choice: a re-import"
# k1 excluded, k3 moved to another unit.
sed -e 's/^\(k1,.*\),active$/\1,excluded/' -e 's|^k3,丙,支部,|k3,丙,本部/総務課,|' "$WORK/croster.csv" >"$WORK/croster2.csv"
expect_status 0 "$SURVEY" roster import --db "$cdb" --year 2026 "$WORK/croster2.csv"
check_choice "$cdb" "choice: a roster change"
expect_equal "1,1|0,1" "$(choice_row C-03 4)|$(choice_row C-03 1)" "choice counts without k1"
expect_status 0 "$SURVEY" close --db "$cdb" --year 2026
check_choice "$cdb" "choice: close"
expect_status 0 "$SURVEY" reopen --db "$cdb" --year 2026
check_choice "$cdb" "choice: reopen"
echo "the tally kept current through every kind of change"
