#!/usr/bin/env bash
# No output is computed from a tally older than the answers. A ministry store keeps its tally
# current as the answers arrive; a change the counts were not told of (as an earlier version
# of the program would make, here an UPDATE from outside) leaves them stale. Then every output
# that reads the tally (rates in every view, grades, export, submit, the renderer) on a store
# it cannot write refuses with one message that says when the tally was taken and what to
# run, and writes nothing; on a store it can write, the first output recounts and every output
# shows the fresh counts. The workbook and the tally file say when the tally was taken and
# whether the collection was closed.
source "$(dirname "$0")/lib.sh"

Q="$SRC_DIR/questionnaires/selfcheck-2026.yaml"
ROSTER="$SRC_DIR/samples/ministry/roster.csv"
ANSWERS="$SRC_DIR/samples/ministry/answers.csv"
M="$WORK/ministry.db"
RO="$WORK/ro"
mkdir "$RO"
chmod 755 "$WORK"
if [ "$(id -u)" = 0 ]; then   # root may write anywhere: the reader runs as nobody
	reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	reader() { "$@"; }
fi
# read_only: a copy of the store that the reader cannot write, at $RO/m.db.
read_only() {
	chmod 755 "$RO"
	rm -f "$RO"/*
	sqlite3 "$M" ".backup '$RO/m.db'"
	chmod 444 "$RO/m.db"
	chmod 555 "$RO"
}
# outdated: a change of a submitted answer the kept counts are not told of.
outdated() {
	sqlite3 "$M" "UPDATE response SET answers = replace(answers, '2', '1')
		WHERE fiscal_year = 2026 AND person_id = (SELECT min(person_id) FROM response
		WHERE submitted_at IS NOT NULL AND instr(answers, '2') > 0) AND submitted_at IS NOT NULL"
}

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
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
early_all=$(grep '^demo,all,' "$WORK/out")
# The rest of the answers arrive: the kept counts follow them.
expect_status 0 "$SURVEY" import --db "$M" --year 2026 "$WORK/a2.csv"
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
[ "$early_all" != "$(grep '^demo,all,' "$WORK/out")" ] || fail "the kept counts did not follow the import"
tallied=$(sqlite3 "$M" "SELECT tallied_at FROM tally_source WHERE org = 'demo'")

refused() { # what: every output on the read-only copy refuses the same way
	local what=$1
	read_only
	local M="$RO/m.db"
	for args in "rates --format csv" "rates --by role" "rates --by item" "rates --by category" \
		"rates --by unit" "grades"; do
		# shellcheck disable=SC2086
		expect_status 2 reader "$AGGREGATOR" $args --db "$M" --year 2026
		expect_grep "the tally of demo for fiscal year 2026 was taken at $tallied, and the answers or the roster have changed since" "$WORK/err"
		expect_grep "run 'aggregator tally --db $M --year 2026' first" "$WORK/err"
		[ ! -s "$WORK/out" ] || fail "$what: '$args' printed data from a stale tally"
	done
	chmod 777 "$WORK/outdir" 2>/dev/null || { mkdir -p "$WORK/outdir"; chmod 777 "$WORK/outdir"; }
	expect_status 2 reader "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$WORK/outdir/stale.xlsx"
	expect_grep "was taken at $tallied" "$WORK/err"
	[ ! -e "$WORK/outdir/stale.xlsx" ] || fail "$what: a workbook was written from a stale tally"
	expect_status 2 reader "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/outdir/stale.yaml"
	expect_grep "was taken at $tallied" "$WORK/err"
	[ ! -e "$WORK/outdir/stale.yaml" ] || fail "$what: a tally file was written from a stale tally"
	# the template from a copy the reader may read (the source tree may be closed to nobody)
	cp "$SRC_DIR/templates/annual-report.yaml" "$WORK/template.yaml"
	chmod 644 "$WORK/template.yaml"
	expect_status 2 reader "$RENDERER" report --db "$M" --year 2026 --template "$WORK/template.yaml" \
		-o "$WORK/outdir/stale.pdf"
	expect_grep "was taken at $tallied" "$WORK/err"
	[ ! -e "$WORK/outdir/stale.pdf" ] || fail "$what: a report was drawn from a stale tally"
	# The renderer reads, and does not recount, a store it could write: it refuses too.
	expect_status 2 "$RENDERER" report --db "$M" --year 2026 -o "$WORK/outdir/stale.pdf"
}
late_all=$(grep '^demo,all,' "$WORK/out")
outdated
refused "a change the counts were not told of"

# On the writable store the first output recounts: the outputs agree with the answers.
sleep 1   # a later second, so the new tally's time differs
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
[ "$late_all" != "$(grep '^demo,all,' "$WORK/out")" ] || fail "the recount shows the stale numbers"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026 --verify
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --format csv
late_all=$(grep '^demo,all,' "$WORK/out")
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
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026 --verify

# A person moved to another unit changes the unit counts: kept too.
unit=$(sed -n 2p "$WORK/roster2.csv" | cut -d, -f3)
sed "s|^\($person,[^,]*\),$unit,|\1,$unit/移動先,|" "$WORK/roster2.csv" >"$WORK/roster3.csv"
cmp -s "$WORK/roster2.csv" "$WORK/roster3.csv" && fail "the unit change did not happen"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$WORK/roster3.csv"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026 --verify
# A name alone is no change of what the tally covers.
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
sed "s|^\($person\),[^,]*,|\1,改名後の氏名,|" "$WORK/roster3.csv" >"$WORK/roster4.csv"
expect_status 0 "$SURVEY" roster import --db "$M" --year 2026 "$WORK/roster4.csv"
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --by unit
# A tally that records no units (as an earlier version took it) is refused where units are
# needed, and only there, on a store the reader cannot write; one it can write is recounted.
sqlite3 "$M" "UPDATE tally_source SET units = NULL WHERE org = 'demo'"
read_only
chmod 777 "$WORK/outdir"
expect_status 2 reader "$AGGREGATOR" export --db "$RO/m.db" --year 2026 --xlsx "$WORK/outdir/nounits.xlsx"
expect_grep "was taken by an earlier version and records no units; run 'aggregator tally --db $RO/m.db --year 2026' first" "$WORK/err"
[ ! -e "$WORK/outdir/nounits.xlsx" ] || fail "a workbook was written without the unit counts"
expect_status 2 reader "$AGGREGATOR" rates --db "$RO/m.db" --year 2026 --by unit
expect_grep "records no units" "$WORK/err"
expect_status 0 reader "$AGGREGATOR" rates --db "$RO/m.db" --year 2026
expect_status 0 "$AGGREGATOR" rates --db "$M" --year 2026 --by unit
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026 --verify

# Closing the collection: the tally file and the workbook say it was closed, with no tally run.
expect_status 0 "$SURVEY" close --db "$M" --year 2026
expect_status 0 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/closed.yaml"
expect_grep "collection_closed_at: \"" "$WORK/closed.yaml"
expect_status 0 "$AGGREGATOR" export --db "$M" --year 2026 --xlsx "$WORK/closed.xlsx"
unzip -p "$WORK/closed.xlsx" xl/sharedStrings.xml >"$WORK/strings.xml"
expect_grep "締切済み" "$WORK/strings.xml"
# A tally that says the collection was closed after it was reopened (as when an earlier
# version reopened it) is refused on a store the reader cannot write.
expect_status 0 "$SURVEY" reopen --db "$M" --year 2026
sqlite3 "$M" "UPDATE tally_source SET closed_at = '2026-01-01T00:00:00Z' WHERE org = 'demo'"
read_only
expect_status 2 reader "$AGGREGATOR" submit --db "$RO/m.db" --year 2026 -o "$WORK/outdir/reopened.yaml"
expect_grep "was taken while the collection was closed, and it has been reopened since" "$WORK/err"
[ ! -e "$WORK/outdir/reopened.yaml" ] || fail "a tally file claiming a closed collection was written after reopen"
expect_status 0 "$AGGREGATOR" submit --db "$M" --year 2026 -o "$WORK/reopened.yaml"
expect_no_grep "collection_closed_at" "$WORK/reopened.yaml"
# The activity log names the tallies, exports and submissions.
for cmd in tally export submit; do
	[ "$(sqlite3 "$M" "SELECT count(*) FROM activity WHERE program = 'aggregator' AND command = '$cmd'")" -ge 1 ] ||
		fail "no '$cmd' in the activity log"
done
echo "stale tallies refused; fresh ones used everywhere"
