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
M="$W/ministry.db" N="$W/national.db"
vg "survey validate" "$S" validate questionnaires/selfcheck-2026.yaml questionnaires/nisc-2012.yaml
vg "survey validate (bad)" bash -c "! $S validate tests/data/bad-questionnaire/25-many-errors.yaml"
vg "survey init" "$S" init --db "$M" --org demo --name 沿岸整備省 --year 2026 --questionnaire questionnaires/selfcheck-2026.yaml
vg "survey roster import" "$S" roster import --db "$M" --year 2026 samples/ministry/roster.csv
vg "survey tokens" "$S" tokens --db "$M" --year 2026 --unit 大臣官房
vg "survey import" "$S" import --db "$M" --year 2026 samples/ministry/answers.csv
vg "survey status" "$S" status --db "$M" --year 2026 --by unit
vg "survey pending" "$S" pending --db "$M" --year 2026
vg "aggregator tally" "$A" tally --db "$M" --year 2026
vg "aggregator rates" "$A" rates --db "$M" --year 2026 --by item --format json
vg "aggregator export" "$A" export --db "$M" --year 2026 --xlsx "$W/m.xlsx"
vg "aggregator submit" "$A" submit --db "$M" --year 2026 -o "$W/t.yaml"
vg "aggregator compile" "$A" compile --db "$N" --year 2012 --questionnaire questionnaires/nisc-2012.yaml samples/h24/*.yaml
vg "aggregator history import" "$A" history import --db "$N" samples/history.yaml
vg "aggregator grades" "$A" grades --db "$N" --year 2012 --format table
vg "aggregator trend" "$A" trend --db "$N" --from 2008 --to 2012 --format csv
vg "renderer chart" "$R" chart trend --db "$N" --year 2012 -o "$W/trend.png"
vg "renderer report" "$R" report --db "$N" --year 2012 -o "$W/report.pdf"
echo "$failures failed"
[ "$failures" -eq 0 ]
