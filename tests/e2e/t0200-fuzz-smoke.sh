#!/usr/bin/env bash
# Every fuzz target (fuzz/, built by 'make fuzz-build') runs for two seconds from its seed
# corpus without a crash, a sanitizer report, a leak or a broken invariant: the short run
# 'make fuzz FUZZ_SECONDS=N' makes long.
source "$(dirname "$0")/lib.sh"
FUZZ_BUILD_DIR=${FUZZ_BUILD_DIR:-$SRC_DIR/build-fuzz}
ls "$FUZZ_BUILD_DIR"/fuzz/fuzz_* >/dev/null 2>&1 || fail "no fuzz targets in $FUZZ_BUILD_DIR/fuzz (run 'make fuzz-build')"
expected=$(ls "$SRC_DIR"/fuzz/fuzz_*.c | wc -l)
[ "$(ls "$FUZZ_BUILD_DIR"/fuzz/fuzz_* | wc -l)" = "$expected" ] || fail "not every fuzz target is built"
FUZZ_BUILD=$FUZZ_BUILD_DIR FUZZ_WORK=$WORK/fuzz "$SRC_DIR/fuzz/run.sh" 2 >"$WORK/out" 2>&1 || { cat "$WORK/out"; fail "a fuzz target failed"; }
cat "$WORK/out"
[ "$(grep -c ' executions in 2s' "$WORK/out")" = "$expected" ] || fail "not every target ran"
