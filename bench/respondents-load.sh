#!/usr/bin/env bash
# Load benchmark of the collection: PEOPLE respondents (default 500) answering at the same
# time, each in its own process and connection, every answer written in its own transaction
# as the line-mode and full-screen front ends write it (bench/respondents_load.c). Prints the
# answers stored and refused and the time per answer, login and submission (p50, p99, max),
# and checks that the store holds every answer (integrity_check ok). A write waits for the
# lock at most STORE_BUSY_LIMIT_MS (30 s), or BUSY_LIMIT_MS when set, and then fails with a
# clear message instead of waiting without end. THINK_MS (default 0) makes each respondent
# pause before each answer (uniformly 0 to twice THINK_MS), as people do; without it all
# processes compete for the processor too, the harshest case.
#
#   bench/respondents-load.sh [PEOPLE]      (run from the repository)
#
# Not part of "make test". Exit status 1 when not every answer was stored.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PEOPLE=${1:-500}
QUEST=${QUEST:-questionnaires/selfcheck-2026.yaml}
make -s "$BUILD/gen/respondents_load" >/dev/null
dir=$(mktemp -d "${TMPDIR:-/tmp}/respondents-load.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT
"$BUILD/gen/respondents_load" "$QUEST" "$dir" "$PEOPLE" "${BUSY_LIMIT_MS:-0}" "${THINK_MS:-0}" | grep -v '^fiscal year\|uses questionnaire'
