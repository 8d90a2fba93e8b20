#!/usr/bin/env bash
# Benchmark of "renderer report" for the 21 sample organisations of FY2012, with matplotlib
# drawing the same charts and tables as the anchor: the renderer rows of make bench (RUNS,
# KEEP as for bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY=renderer exec bench/run.sh
