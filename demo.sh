#!/usr/bin/env bash
# The whole pipeline on the samples, as `make demo` runs it:
#   1. the questionnaires are checked;
#   2. a ministry (沿岸整備省, samples/ministry) collects FY2026: store, roster, answers, the
#      systems of the focused inspection and their officers' answers, then its coordinator
#      tallies, exports the workbook and writes the tally file;
#   3. the national centre compiles the 21 FY2012 tally files (samples/h24) and the
#      published history, the agencies' survey (191 bodies' tallies in samples/agencies and
#      the published earlier rounds), and renders the FY2012 annual report in Japanese and
#      English with the agencies' appendix (資料編F).
# Outputs go to $DEMO_OUT (default demo-output/); the script prints where each one is.
set -euo pipefail
cd "$(dirname "$0")"
BUILD=${BUILD:-build}
OUT=${DEMO_OUT:-demo-output}
SURVEY="$BUILD/survey"
AGGREGATOR="$BUILD/aggregator"
RENDERER="$BUILD/renderer"

step() { printf '\n== %s\n' "$*" >&2; }

rm -rf "$OUT"
mkdir -p "$OUT"

step "checking the questionnaires"
"$SURVEY" validate questionnaires/*.yaml

step "ministry: collecting FY2026 for 沿岸整備省"
MINISTRY="$OUT/ministry.db"
"$SURVEY" init --db "$MINISTRY" --org demo --name 沿岸整備省 --year 2026 \
	--questionnaire questionnaires/selfcheck-2026.yaml
"$SURVEY" roster import --db "$MINISTRY" --year 2026 samples/ministry/roster.csv
"$SURVEY" import --db "$MINISTRY" --year 2026 samples/ministry/answers.csv
"$SURVEY" systems import --db "$MINISTRY" --year 2026 samples/ministry/systems.csv
"$SURVEY" systems answers --db "$MINISTRY" --year 2026 samples/ministry/system-answers.csv
"$SURVEY" status --db "$MINISTRY" --year 2026 --by role
"$SURVEY" pending --db "$MINISTRY" --year 2026 >"$OUT/ministry-pending.csv"
"$SURVEY" pending --db "$MINISTRY" --year 2026 --systems >"$OUT/ministry-pending-systems.csv"

step "ministry: tally, rates, workbook and tally file"
"$AGGREGATOR" tally --db "$MINISTRY" --year 2026
"$AGGREGATOR" rates --db "$MINISTRY" --year 2026 --format table
"$AGGREGATOR" rates --db "$MINISTRY" --year 2026 --format csv >"$OUT/ministry-rates.csv"
"$AGGREGATOR" rates --db "$MINISTRY" --year 2026 --by inspection --format csv >"$OUT/ministry-inspection.csv"
"$AGGREGATOR" export --db "$MINISTRY" --year 2026 --xlsx "$OUT/ministry.xlsx"
"$AGGREGATOR" submit --db "$MINISTRY" --year 2026 -o "$OUT/ministry-tally.yaml"

step "national: compiling FY2012 and the published history"
NATIONAL="$OUT/national.db"
"$AGGREGATOR" compile --db "$NATIONAL" --year 2012 --questionnaire questionnaires/nisc-2012.yaml \
	samples/h24/*.yaml
"$AGGREGATOR" history import --db "$NATIONAL" samples/history.yaml
"$AGGREGATOR" grades --db "$NATIONAL" --year 2012 --format table
"$AGGREGATOR" rates --db "$NATIONAL" --year 2012 --format csv >"$OUT/national-rates.csv"
"$AGGREGATOR" rates --db "$NATIONAL" --year 2012 --by inspection --format csv >"$OUT/national-inspection.csv"
"$AGGREGATOR" trend --db "$NATIONAL" --from 2008 --to 2012 --format table

step "national: the agencies' survey (資料編F): 191 bodies' FY2012 tallies and the published earlier rounds"
AGENCIES="$OUT/agencies.db"
"$SURVEY" validate questionnaires/agencies-2012.yaml
"$AGGREGATOR" compile --db "$AGENCIES" --year 2012 --questionnaire questionnaires/agencies-2012.yaml \
	samples/agencies/*.yaml 2>/dev/null
"$AGGREGATOR" history import --db "$AGENCIES" samples/history-agencies.yaml
"$AGGREGATOR" rates --db "$AGENCIES" --year 2012 --by choice --format csv >"$OUT/agencies-choices.csv"
"$AGGREGATOR" rates --db "$AGENCIES" --year 2012 --by choice --supervisor mhlw --format csv \
	>"$OUT/agencies-choices-mhlw.csv"
"$AGGREGATOR" export --db "$AGENCIES" --year 2012 --xlsx "$OUT/agencies.xlsx"

step "national: the FY2012 annual report"
"$RENDERER" report --db "$NATIONAL" --year 2012 --lang ja --narratives samples/narratives \
	--practices samples/practices/h24.yaml --agencies "$AGENCIES" -o "$OUT/report-ja.pdf"
"$RENDERER" report --db "$NATIONAL" --year 2012 --lang en --narratives samples/narratives \
	--practices samples/practices/h24.en.yaml --template templates/annual-report-en.yaml \
	--agencies "$AGENCIES" -o "$OUT/report-en.pdf"

step "outputs"
cat >&2 <<EOT
  ministry store           $MINISTRY
  ministry rates (csv)     $OUT/ministry-rates.csv
  reminder list (csv)      $OUT/ministry-pending.csv
  systems not answered     $OUT/ministry-pending-systems.csv
  ministry inspection      $OUT/ministry-inspection.csv
  coordinator workbook     $OUT/ministry.xlsx
  tally file for NISC      $OUT/ministry-tally.yaml
  national store           $NATIONAL
  national rates (csv)     $OUT/national-rates.csv
  national inspection      $OUT/national-inspection.csv
  agencies' store          $AGENCIES
  agencies' shares (csv)   $OUT/agencies-choices.csv (and -mhlw: one ministry's bodies)
  agencies' workbook       $OUT/agencies.xlsx
  annual report (ja)       $OUT/report-ja.pdf (資料編F at the end)
  annual report (en)       $OUT/report-en.pdf
EOT
