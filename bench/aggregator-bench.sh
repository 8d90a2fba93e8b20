#!/usr/bin/env bash
# Benchmark of "aggregator tally", "export" and "rates" on the store the realistic import
# leaves, with sqlite3 doing the same counting and joins as anchors: the aggregator rows of
# make bench (N, RUNS, KEEP as for bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY=aggregator exec bench/run.sh
