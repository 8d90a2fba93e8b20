#!/usr/bin/env bash
# Many respondents at once on one store: 60 line-mode sessions answer and submit at the same
# time; every answer is present afterwards and no "database is locked" reaches anyone. Then 40
# at once over a questionnaire with choice items (a single choice, one asked only after its
# first option, a multiple choice with an option that stands alone): the choice counts kept
# equal a recount and the counts worked out here.
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

# -- choice items: person i answers C-01 with option i % 3 + 1, C-02 (asked only after option
# 1) with (i / 3) % 3 + 1, Y-01 with (i + 1) % 3 + 1 and the multiple choice C-03 with one of
# eight option sets, the last of them option 4 alone.
cdb=$WORK/c.db
m=40
sets=("1" "2" "3" "1,2" "1,3" "2,3" "1,2,3" "4")
expect_status 0 "$SURVEY" init --db "$cdb" --org ag1 --name 見本法人 --year 2026 \
	--questionnaire "$SRC_DIR/tests/data/survey-choice.yaml"
{
	echo "person_id,name,unit,role,status"
	for i in $(seq $m); do echo "k$i,法人$i,本部/課$((i % 4)),chief_officer,active"; done
} >"$WORK/croster.csv"
expect_status 0 "$SURVEY" roster import --db "$cdb" --year 2026 "$WORK/croster.csv"
expect_status 0 "$SURVEY" tokens --db "$cdb" --year 2026
cp "$WORK/out" "$WORK/tokens.csv"
pids=()
for i in $(seq $m); do
	(
		{
			sleep 0.2
			echo $((i % 3 + 1))
			[ $((i % 3)) != 0 ] || echo $(((i / 3) % 3 + 1))
			sleep 0.0$((RANDOM % 5))
			echo $(((i + 1) % 3 + 1))
			echo "${sets[$((i % 8))]}"
			echo y
		} | SURVEY_TOKEN=$(token_of "k$i") "$SURVEY" --db "$cdb" --year 2026 --person "k$i" --plain --lang en \
			>"$WORK/cout.$i" 2>"$WORK/cerr.$i"
		echo $? >"$WORK/crc.$i"
	) &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
for i in $(seq $m); do
	expect_equal 0 "$(cat "$WORK/crc.$i")" "exit status of choice respondent $i"
	[ ! -s "$WORK/cerr.$i" ] || fail "choice respondent $i saw: $(cat "$WORK/cerr.$i")"
	expect_grep "Submitted (receipt)" "$WORK/cout.$i"
done
expect_equal "$m" "$(sqlite3 "$cdb" "SELECT count(*) FROM response WHERE submitted_at IS NOT NULL")" "choice submissions"
expect_status 0 "$AGGREGATOR" tally --db "$cdb" --year 2026 --verify
expect_grep "the counts kept agree with a recount ($m persons, $m submitted every sheet" "$WORK/out"
# The counts as worked out here: option counts and N (a single choice's respondents, a
# multiple choice's answers) per item.
declare -A want
for i in $(seq $m); do
	c1=$((i % 3 + 1))
	want[C-01,$c1]=$((${want[C-01,$c1]:-0} + 1))
	if [ "$c1" = 1 ]; then
		c2=$(((i / 3) % 3 + 1))
		want[C-02,$c2]=$((${want[C-02,$c2]:-0} + 1))
	fi
	for o in ${sets[$((i % 8))]//,/ }; do want[C-03,$o]=$((${want[C-03,$o]:-0} + 1)); done
done
generation=$(sqlite3 "$cdb" "SELECT generation FROM tally_source")
expect_status 0 "$AGGREGATOR" rates --db "$cdb" --year 2026 --by choice --format csv
for item in C-01:3 C-02:3 C-03:4; do
	id=${item%:*} n=0
	for o in $(seq "${item#*:}"); do n=$((n + ${want[$id,$o]:-0})); done
	for o in $(seq "${item#*:}"); do
		c=${want[$id,$o]:-0}
		line="ALL,$id,$o,$c,$n,$(((200 * c + n) / (2 * n)))"
		grep -qxF "$line" "$WORK/out" || fail "no line $line in: $(cat "$WORK/out")"
	done
done
# Five answered option 4 alone; N counts the 65 options picked by the 40 respondents.
grep -qxF "ALL,C-03,4,5,65,8" "$WORK/out" || fail "C-03 option 4: $(grep '^ALL,C-03,4,' "$WORK/out")"
# The rates read the counts kept: nothing was recounted.
expect_equal "$generation" "$(sqlite3 "$cdb" "SELECT generation FROM tally_source")" "generation after the rates"
expect_equal "$generation" "$(sqlite3 "$cdb" "SELECT generation FROM answer_change")" "generation of the answers"
echo ok
