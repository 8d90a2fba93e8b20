#!/usr/bin/env bash
# Benchmark of "survey roster import" and "survey import" on every data shape, with sqlite3's
# own unchecked .import of the realistic answers as the anchor: the import rows of make bench.
#   bench/survey-import.sh [PEOPLE]        (default 600000; RUNS, SHAPES, KEEP as for bench/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-${N:-600000}} ONLY=import exec bench/run.sh
