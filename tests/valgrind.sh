#!/usr/bin/env bash
# Runs the programs' normal runs on the samples under valgrind (memcheck) and fails on any
# memory error or definite/indirect leak. Not part of `make test` (it takes minutes); run it
# with `make valgrind`. Reachable memory held by fontconfig/pango caches is not a leak.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
S="$BUILD/survey" A="$BUILD/aggregator" R="$BUILD/renderer"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
failures=0
vg() { # label, command...
	local label=$1; shift
	if valgrind -q --suppressions=tests/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 "$@" >"$W/out" 2>"$W/vg.log"; then
		echo "clean   $label"
	else
		echo "FAILED  $label"; tail -n 40 "$W/vg.log"; failures=$((failures + 1))
	fi
}
# vg_refused LABEL CMD...: a run that must fail with exit status 2 (bad input), cleanly
# (status $want when set: 1 for a difference found by tally --verify).
vg_refused() {
	local label=$1 rc=0 want=${want:-2}; shift
	valgrind -q --suppressions=tests/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 "$@" >"$W/out" 2>"$W/vg.log" || rc=$?
	if [ "$rc" = "$want" ]; then
		echo "clean   $label (refused)"
	else
		echo "FAILED  $label (exit $rc)"; tail -n 40 "$W/vg.log"; failures=$((failures + 1))
	fi
}
M="$W/ministry.db" N="$W/national.db"
vg "survey validate" "$S" validate questionnaires/selfcheck-2026.yaml questionnaires/nisc-2012.yaml
vg_refused "survey validate (bad)" "$S" validate tests/data/bad-questionnaire/25-many-errors.yaml
vg "survey init" "$S" init --db "$M" --org demo --name 沿岸整備省 --year 2026 --questionnaire questionnaires/selfcheck-2026.yaml
vg "survey roster import" "$S" roster import --db "$M" --year 2026 samples/ministry/roster.csv
vg "survey tokens" "$S" tokens --db "$M" --year 2026 --unit 大臣官房
vg "survey import" "$S" import --db "$M" --year 2026 samples/ministry/answers.csv
vg "survey systems import" "$S" systems import --db "$M" --year 2026 samples/ministry/systems.csv
vg "survey systems answers" "$S" systems answers --db "$M" --year 2026 samples/ministry/system-answers.csv
vg_refused "survey systems import (bad)" "$S" systems import --db "$M" --year 2026 \
	tests/data/survey-bad-systems/officer-not-on-roster.csv
vg "survey pending --systems" "$S" pending --db "$M" --year 2026 --systems
vg "survey status" "$S" status --db "$M" --year 2026 --by unit
vg "survey pending" "$S" pending --db "$M" --year 2026 --excel
person=$(sed -n 2p samples/ministry/roster.csv | cut -d, -f1)
vg "survey show" "$S" show --db "$M" --year 2026 --person "$person"
vg "survey tokens --person" "$S" tokens --db "$M" --year 2026 --person "$person"
head -30 samples/ministry/roster.csv | iconv -f UTF-8 -t CP932 >"$W/part-cp932.csv"
vg "survey roster import --dry-run --replace" "$S" roster import --db "$M" --year 2026 --replace --dry-run \
	--encoding cp932 "$W/part-cp932.csv"
vg_refused "survey roster import (cp932 without --encoding)" "$S" roster import --db "$M" --year 2026 "$W/part-cp932.csv"
vg "aggregator tally" "$A" tally --db "$M" --year 2026
vg "aggregator rates" "$A" rates --db "$M" --year 2026 --by item --format json
vg "aggregator export" "$A" export --db "$M" --year 2026 --xlsx "$W/m.xlsx"
vg "aggregator submit" "$A" submit --db "$M" --year 2026 -o "$W/t.yaml"
vg "aggregator rates --method pooled --by role" "$A" rates --db "$M" --year 2026 --method pooled --by role
vg "survey close" "$S" close --db "$M" --year 2026
vg "aggregator rates (after close: the kept tally says so)" "$A" rates --db "$M" --year 2026
vg "aggregator tally --verify" "$A" tally --db "$M" --year 2026 --verify
sqlite3 "$M" "UPDATE answer_change SET generation = generation + 1 WHERE fiscal_year = 2026"
want=1 vg_refused "aggregator tally --verify (counts not current)" "$A" tally --db "$M" --year 2026 --verify
vg "aggregator rates (recounting counts not current)" "$A" rates --db "$M" --year 2026
vg "survey reopen" "$S" reopen --db "$M" --year 2026
vg "survey log" "$S" log --db "$M" --format csv
vg "aggregator compile" "$A" compile --db "$N" --year 2012 --questionnaire questionnaires/nisc-2012.yaml samples/h24/*.yaml
vg "aggregator history import" "$A" history import --db "$N" samples/history.yaml
vg "aggregator grades" "$A" grades --db "$N" --year 2012 --format table
vg "aggregator rates --by inspection" "$A" rates --db "$N" --year 2012 --by inspection --format csv
vg_refused "aggregator compile (inspection: more answers than systems)" "$A" compile --db "$W/bad.db" --year 2012 \
	--questionnaire tests/data/bad-tally/base/questionnaire.yaml tests/data/bad-tally/41-inspection-answers-exceed-systems.yaml
vg "aggregator trend" "$A" trend --db "$N" --from 2008 --to 2012 --format csv
vg "aggregator trend --org" "$A" trend --db "$N" --org cao --from 2010 --to 2012 --format table
vg "renderer chart" "$R" chart trend --db "$N" --year 2012 -o "$W/trend.png"
sed 's/^  name: 環境省$/  name: 別省/' samples/h24/env.yaml >"$W/impostor.yaml"
vg_refused "aggregator compile (a code held under another name)" "$A" compile --db "$N" --year 2012 "$W/impostor.yaml"
ln -s "$W/trend.png" "$W/link.svg"
vg_refused "renderer chart (output through a symlink)" "$R" chart trend --db "$N" --year 2012 -o "$W/link.svg"
vg "renderer report" "$R" report --db "$N" --year 2012 -o "$W/report.pdf"
vg "renderer report --lang en (narratives, practices)" "$R" report --db "$N" --year 2012 --lang en \
	--narratives samples/narratives --practices samples/practices/h24.en.yaml -o "$W/report-en.pdf"
echo "$failures failed"
[ "$failures" -eq 0 ]
