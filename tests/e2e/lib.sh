# Shared helpers for the end-to-end scripts (sourced). Each script runs in its own temporary
# directory ($WORK), removed at exit; programs are $SURVEY, $AGGREGATOR, $RENDERER.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8   # see tests/run-tests.sh
BUILD_DIR=${BUILD_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../build" && pwd)}
SRC_DIR=${SRC_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
case ${LSAN_OPTIONS:-} in *lsan.supp*) ;; *) export LSAN_OPTIONS="suppressions=$SRC_DIR/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" ;; esac
SURVEY="$BUILD_DIR/survey"
AGGREGATOR="$BUILD_DIR/aggregator"
RENDERER="$BUILD_DIR/renderer"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }

# skip WHY: ends the script as skipped (status 77, "skipped: WHY" last), which
# tests/run-tests.sh reports as skipped, never as passed.
skip() { echo "skipped: $*"; exit 77; }

# expect_status N CMD...: runs CMD, stdout to $WORK/out, stderr to $WORK/err; N must match.
expect_status() {
	local want=$1; shift
	local got=0
	"$@" >"$WORK/out" 2>"$WORK/err" || got=$?
	if [ "$got" != "$want" ]; then
		echo "--- stdout" >&2; head -c 3000 "$WORK/out" >&2
		echo "--- stderr" >&2; head -c 3000 "$WORK/err" >&2
		fail "expected exit status $want, got $got: $*"
	fi
}

# expect_grep PATTERN FILE: FILE must contain a line matching the fixed string PATTERN.
expect_grep() {
	grep -qF -- "$1" "$2" || { echo "--- $2" >&2; head -c 3000 "$2" >&2; fail "'$1' not found in $2"; }
}

# expect_no_grep PATTERN FILE
expect_no_grep() {
	! grep -qF -- "$1" "$2" || fail "'$1' unexpectedly found in $2"
}

# expect_equal WANT GOT [WHAT]
expect_equal() {
	[ "$1" = "$2" ] || fail "${3:-value}: expected '$1', got '$2'"
}
