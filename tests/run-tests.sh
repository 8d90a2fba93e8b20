#!/usr/bin/env bash
# Runs every unit test binary and every end-to-end script; prints one line per test file and
# a closing "N passed, N failed" line (", N skipped" after it when a test skipped: one that
# exits with status 77 after printing "skipped: WHY" as its last line). Exit status 1 when
# anything failed.
#   BUILD      build directory holding the programs and tests (default: build)
#   FUZZ_BUILD build directory holding the fuzz targets (default: build-fuzz)
#   TESTS      optional glob filter on test names (e.g. TESTS='*rate*')
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
# The tests define their own locale: man pages, LibreOffice's sheet file names and terminal
# widths of Japanese text all need UTF-8, whatever the calling environment has. Tests that
# check the locale's effect set their own variables.
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export BUILD_DIR
BUILD_DIR=$(cd "$BUILD" && pwd)
export SRC_DIR
SRC_DIR=$(pwd)
export FUZZ_BUILD_DIR
FUZZ_BUILD_DIR=$(cd "${FUZZ_BUILD:-build-fuzz}" 2>/dev/null && pwd || echo "$SRC_DIR/build-fuzz")
# Leaks inside the libraries themselves (see the file) are not the project's.
export LSAN_OPTIONS="suppressions=$SRC_DIR/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
filter=${TESTS:-*}
passed=0 failed=0 skipped=0 failed_names=()
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

run_one() { # name, command...
	local name=$1; shift
	# shellcheck disable=SC2053
	[[ $name == $filter ]] || return 0
	local log="$logdir/${name//\//_}.log" start end
	start=$(date +%s)
	local status=0
	"$@" >"$log" 2>&1 </dev/null || status=$?
	if [ "$status" = 0 ]; then
		end=$(date +%s)
		printf 'ok      %-48s %3ss\n' "$name" $((end - start))
		passed=$((passed + 1))
	elif [ "$status" = 77 ] && tail -n 1 "$log" | grep -q '^skipped: '; then
		printf 'skipped %-48s %s\n' "$name" "$(tail -n 1 "$log" | cut -c10-)"
		skipped=$((skipped + 1))
	else
		end=$(date +%s)
		printf 'FAILED  %-48s %3ss\n' "$name" $((end - start))
		sed 's/^/    | /' "$log" | tail -n 60
		failed=$((failed + 1))
		failed_names+=("$name")
	fi
}

for t in "$BUILD_DIR"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "unit/$(basename "$t")" "$t"
done
for t in tests/e2e/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	run_one "e2e/$(basename "$t" .sh)" bash "$t"
done

if [ "$failed" -gt 0 ]; then
	printf 'failed: %s\n' "${failed_names[*]}"
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
