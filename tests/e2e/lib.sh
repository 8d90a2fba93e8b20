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

# The bad-input corpora (tests/data/bad-*/, tests/data/survey-bad-*/): each case, a file or a
# directory, has beside it CASE.expected (CASE less its extension) holding exactly the messages
# the program prints for it, one a line, without the "PROGRAM: " that starts each; scripts run
# the case from the corpus directory by its own name, so that messages name it as written there.
# With CORPUS_REGENERATE=1 the helper writes the messages instead (review the diff).

# corpus_expected CASE: the path of CASE's expected messages; fails when there is none.
corpus_expected() {
	local expected=${1%.*}.expected
	[ "${CORPUS_REGENERATE:-}" = 1 ] || [ -f "$expected" ] || fail "$1 has no $expected"
	echo "$expected"
}

# expect_corpus_messages CASE: the messages of the last expect_status ($WORK/err) are exactly
# those of CASE's .expected.
expect_corpus_messages() {
	local expected
	expected=$(corpus_expected "$1")
	sed -E 's/^(survey|aggregator|renderer): //' "$WORK/err" >"$WORK/messages"
	if [ "${CORPUS_REGENERATE:-}" = 1 ]; then
		cp "$WORK/messages" "$expected"
		return
	fi
	diff -u "$expected" "$WORK/messages" >&2 || fail "$1: messages differ from $expected"
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
