#!/usr/bin/env bash
# No output is computed from a tally older than the answers. A ministry tallies half of its
# answers; more answers arrive; then every output that reads the tally (rates in every view,
# grades, export, submit, the renderer) refuses with one message that says when the tally was
# taken and what to run, and writes nothing. A roster change does the same. After a new
# tally, every output works again and shows the fresh counts; the workbook and the tally
# file say when the tally was taken and whether the collection was closed.
source "$(dirname "$0")/lib.sh"

Q="$SRC_DIR/questionnaires/selfcheck-2026.yaml"
ROSTER="$SRC_DIR/samples/ministry/roster.csv"
ANSWERS="$SRC_DIR/samples/ministry/answers.csv"
M="$WORK/ministry.db"

# The answers of the first half of the people, then those of the rest.
tail -n +2 "$ANSWERS" | cut -d, -f1 | sort -u >"$WORK/people"
half=$(($(wc -l <"$WORK/people") / 2))
head -n "$half" "$WORK/people" >"$WORK/first"
head -1 "$ANSWERS" >"$WORK/a1.csv"
head -1 "$ANSWERS" >"$WORK/a2.csv"
awk -F, 'NR == FNR { first[$1] = 1; next } FNR > 1 { print >> (($1 in first) ? A1 : A2) }' \
	A1="$WORK/a1.csv" A2="$WORK/a2.csv" "$WORK/first" "$ANSWERS"

expect_status 0 "$SURVEY" init --db "$M" --org demo --name 沿岸整備省 --year 2026 --questionnaire "$Q"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$ROSTER"
expect_status 0 "$SURVEY" import --db "$M" --year 2026 "$WORK/a1.csv"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
early_all=$(grep '^demo,all,' "$WORK/out")
tallied=$(sqlite3 "$M" "SELECT tallied_at FROM tally_source WHERE org = 'demo'")

# The rest of the answers arrive after the tally.
expect_status 0 "$SURVEY" import --db "$M" --year 2026 "$WORK/a2.csv"
refused() { # what: every output refuses the same way
	local what=$1
	for args in "rates --format csv" "rates --by role" "rates --by item" "rates --by category" \
		"rates --by unit" "grades"; do
		# shellcheck disable=SC2086
		expect_status 2 "$AGGREGATOR" $args --db "$M" --year 2026
		expect_grep "the tally of demo for fiscal year 2026 was taken at $tallied, and the answers or the roster have changed since" "$WORK/err"
		expect_grep "run 'aggregator tally --db $M --year 2026' first" "$WORK/err"
		[ ! -s "$WORK/out" ] || fail "$what: '$args' printed data from a stale tally"
	done
	expect_status 2 "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$WORK/stale.xlsx"
	expect_grep "was taken at $tallied" "$WORK/err"
	[ ! -e "$WORK/stale.xlsx" ] || fail "$what: a workbook was written from a stale tally"
	expect_status 2 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/stale.yaml"
	expect_grep "was taken at $tallied" "$WORK/err"
	[ ! -e "$WORK/stale.yaml" ] || fail "$what: a tally file was written from a stale tally"
	expect_status 2 "$RENDERER" report --db "$M" --year 2026 -o "$WORK/stale.pdf"
	expect_grep "was taken at $tallied" "$WORK/err"
	[ ! -e "$WORK/stale.pdf" ] || fail "$what: a report was drawn from a stale tally"
}
refused "answers after the tally"

# A new tally covers everything: the outputs agree with it and with each other.
sleep 1   # a later second, so the new tally's time differs
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
late_all=$(grep '^demo,all,' "$WORK/out")
[ "$early_all" != "$late_all" ] || fail "the new tally shows the same numbers as the old one"
persons=$(sqlite3 "$M" "SELECT count(DISTINCT person_id) FROM target WHERE fiscal_year = 2026 AND excluded = 0")
done_all=$(sqlite3 "$M" "SELECT count(*) FROM (SELECT t.person_id FROM target t LEFT JOIN response r
	ON r.fiscal_year = t.fiscal_year AND r.person_id = t.person_id AND r.role = t.role
	WHERE t.fiscal_year = 2026 AND t.excluded = 0 GROUP BY t.person_id
	HAVING count(*) = count(r.submitted_at))")
expect_equal "$persons,$done_all" "$(echo "$late_all" | cut -d, -f3,4)" "persons in the fresh tally"
expect_status 0 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/fresh.yaml"
expect_grep "submitted_all: $done_all" "$WORK/fresh.yaml"
tallied=$(sqlite3 "$M" "SELECT tallied_at FROM tally_source WHERE org = 'demo'")
expect_grep "tallied_at: \"$tallied\"" "$WORK/fresh.yaml"
expect_no_grep "collection_closed_at" "$WORK/fresh.yaml"
expect_status 0 "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$WORK/fresh.xlsx"
unzip -p "$WORK/fresh.xlsx" xl/sharedStrings.xml >"$WORK/strings.xml"
expect_grep "集計時点: $tallied" "$WORK/strings.xml"
expect_grep "回収中" "$WORK/strings.xml"

# A roster change (one person excluded) makes the tally stale again.
person=$(sed -n 2p "$ROSTER" | cut -d, -f1)
sed "s/^\($person,.*\),active\r\?\$/\1,excluded\r/" "$ROSTER" >"$WORK/roster2.csv"
cmp -s "$ROSTER" "$WORK/roster2.csv" && fail "the roster change did not happen"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$WORK/roster2.csv"
refused "a roster change after the tally"

# A person moved to another unit changes the unit counts the tally recorded: stale again.
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
tallied=$(sqlite3 "$M" "SELECT tallied_at FROM tally_source WHERE org = 'demo'")
unit=$(sed -n 2p "$WORK/roster2.csv" | cut -d, -f3)
sed "s|^\($person,[^,]*\),$unit,|\1,$unit/移動先,|" "$WORK/roster2.csv" >"$WORK/roster3.csv"
cmp -s "$WORK/roster2.csv" "$WORK/roster3.csv" && fail "the unit change did not happen"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$WORK/roster3.csv"
refused "a move to another unit after the tally"
# A name alone is no change of what the tally covers.
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
sed "s|^\($person\),[^,]*,|\1,改名後の氏名,|" "$WORK/roster3.csv" >"$WORK/roster4.csv"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$WORK/roster4.csv"
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --by unit
# A tally that records no units (as an earlier version took it) is refused where units are
# needed, and only there.
sqlite3 "$M" "UPDATE tally_source SET units = NULL WHERE org = 'demo'"
expect_status 2 "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$WORK/nounits.xlsx"
expect_grep "was taken by an earlier version and records no units; run 'aggregator tally --db $M --year 2026' first" "$WORK/err"
[ ! -e "$WORK/nounits.xlsx" ] || fail "a workbook was written without the unit counts"
expect_status 2 "$AGGREGATOR" rates --db "$M" --year 2026 --by unit
expect_grep "records no units" "$WORK/err"
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026

# Closing the collection and tallying: the tally file and the workbook say it was closed.
expect_status 0 "$SURVEY" close --db "$M" --year 2026
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
expect_status 0 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/closed.yaml"
expect_grep "collection_closed_at: \"" "$WORK/closed.yaml"
expect_status 0 "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$WORK/closed.xlsx"
unzip -p "$WORK/closed.xlsx" xl/sharedStrings.xml >"$WORK/strings.xml"
expect_grep "締切済み" "$WORK/strings.xml"
# Reopening after that tally makes it stale: it says the collection was closed.
expect_status 0 "$SURVEY" reopen --db "$M" --year 2026
expect_status 2 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/reopened.yaml"
expect_grep "was taken while the collection was closed, and it has been reopened since" "$WORK/err"
[ ! -e "$WORK/reopened.yaml" ] || fail "a tally file claiming a closed collection was written after reopen"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
expect_status 0 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/reopened.yaml"
expect_no_grep "collection_closed_at" "$WORK/reopened.yaml"
# The activity log names the tallies, exports and submissions.
for cmd in tally export submit; do
	[ "$(sqlite3 "$M" "SELECT count(*) FROM activity WHERE program = 'aggregator' AND command = '$cmd'")" -ge 1 ] ||
		fail "no '$cmd' in the activity log"
done
echo "stale tallies refused; fresh ones used everywhere"
