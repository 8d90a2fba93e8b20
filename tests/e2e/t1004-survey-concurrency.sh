#!/usr/bin/env bash
# Many respondents at once on one store: 60 line-mode sessions answer and submit at the same
# time; every answer is present afterwards and no "database is locked" reaches anyone.
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

db=$WORK/m.db
n=60
expect_status 0 "$SURVEY" init --db "$db" --org mof --name 財務省 --year 2026 --questionnaire "$MINI"
{
	echo "person_id,name,unit,role,status"
	for i in $(seq $n); do
		echo "c$i,職員$i,総務局/課$((i % 5)),staff,active"
		echo "c$i,職員$i,総務局/課$((i % 5)),division_officer,active"
	done
} >"$WORK/roster.csv"
expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
expect_status 0 "$SURVEY" tokens --db "$db" --year 2026
cp "$WORK/out" "$WORK/tokens.csv"

# Person i answers the five items with digits derived from i, one line every few ms.
answers_for() { local i=$1; echo "$(( i % 3 + 1 ))$(( (i + 1) % 3 + 1 ))$(( (i / 3) % 3 + 1 ))$(( (i + 2) % 3 + 1 ))$(( (i / 2) % 3 + 1 ))"; }
pids=()
for i in $(seq $n); do
	a=$(answers_for "$i")
	(
		{
			sleep 0.2
			for k in 0 1 2 3 4; do
				echo "${a:$k:1}"
				sleep 0.0$((RANDOM % 5))
			done
			echo y
		} | SURVEY_TOKEN=$(token_of "c$i") "$SURVEY" --db "$db" --year 2026 --person "c$i" --plain --lang en \
			>"$WORK/out.$i" 2>"$WORK/err.$i"
		echo $? >"$WORK/rc.$i"
	) &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

for i in $(seq $n); do
	expect_equal 0 "$(cat "$WORK/rc.$i")" "exit status of respondent $i"
	[ ! -s "$WORK/err.$i" ] || fail "respondent $i saw: $(cat "$WORK/err.$i")"
	expect_grep "Submitted (receipt)" "$WORK/out.$i"
	a=$(answers_for "$i")
	# The sheet order is division_officer (S-02, O-01), then staff (S-01, S-02, S-03).
	expect_equal "${a:0:2}|${a:2:3}" "$(answers_of "$db" "c$i" division_officer)|$(answers_of "$db" "c$i" staff)" "answers of c$i"
done
grep -l "locked" "$WORK"/err.* "$WORK"/out.* 2>/dev/null && fail "a respondent saw a locked database"
expect_equal "$n" "$(sqlite3 "$db" "SELECT count(DISTINCT person_id) FROM submission")" "submissions"
expect_equal "$((n * 2))" "$(sqlite3 "$db" "SELECT count(*) FROM response WHERE submitted_at IS NOT NULL AND answered = length(answers)")" "complete rows"
expect_equal ok "$(sqlite3 "$db" "PRAGMA integrity_check")" "integrity"
expect_status 0 "$SURVEY" status --db "$db" --year 2026
grep -Eq "^all +$((n * 2)) +$((n * 2)) +0 +100.0%$" "$WORK/out" || fail "status: $(cat "$WORK/out")"
# Every submission changed the kept tally in its own transaction, under the same queue: the
# counts equal a recount, and the rates read them without one.
expect_status 0 "$AGGREGATOR" tally --db "$db" --year 2026 --verify
expect_grep "the counts kept agree with a recount ($n persons, $n submitted every sheet" "$WORK/out"
expect_status 0 "$AGGREGATOR" rates --db "$db" --year 2026 --format csv
expect_grep "mof,all,$n,$n,100.0,A" "$WORK/out"
echo ok
