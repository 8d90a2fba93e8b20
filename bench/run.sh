#!/usr/bin/env bash
# Every benchmark in one run, printed as one table: make bench (see bench/run.py for what runs,
# the data shapes and the anchors).
#   BUILD   build directory (default: build)
#   RUNS    runs of each piece of work (default: 3)
#   N       people on the roster (default: 600000); several, comma-separated
#           (N=60000,600000,3400000), or GROWTH=1: the growth benchmark (one table, rows by size)
#   SHAPES  answer shapes to import (default: realistic,shuffled,short,staff10)
#   ONLY    parts to run: import, aggregator, renderer (default: all three)
#   KEEP    directory to generate into and keep (default: a temporary directory, removed)
# Needs /usr/bin/python3 with matplotlib, sqlite3 and pdfinfo (make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/python3 ] || { echo "bench: python3 is not installed (make deps)" >&2; exit 1; }
exec /usr/bin/python3 bench/run.py
