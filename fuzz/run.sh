#!/usr/bin/env bash
# Runs the libFuzzer targets built by 'make fuzz-build', each for SECONDS seconds (default 60),
# from a seed corpus made of the project's own files and bad-input corpora (and fuzz/corpus/)
# with the dictionary of its format. Prints one line per target with the executions it ran and
# the size of its corpus; a target that finds a crash, a sanitizer report, a leak, a timeout
# or a broken invariant keeps the input in $FUZZ_WORK/crashes/TARGET/ and the run exits 1.
#
#   fuzz/run.sh [SECONDS [TARGET...]]
#   FUZZ_BUILD   where the targets are (default build-fuzz; they are FUZZ_BUILD/fuzz/fuzz_*)
#   FUZZ_WORK    where corpora grow between runs, and crashes are kept (default FUZZ_BUILD)
set -u
cd "$(dirname "$0")/.."
SRC=$(pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_WORK=${FUZZ_WORK:-$FUZZ_BUILD}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
shopt -s nullglob

# seeds TARGET: the seed files of a target.
seeds() {
	case $1 in
	fuzz_ydoc) printf '%s\n' questionnaires/*.yaml templates/*.yaml samples/*.yaml samples/h24/*.yaml \
		samples/narratives/*.yaml tests/data/bad-*/*.yaml tests/data/bad-tally/base/*.yaml ;;
	fuzz_quest) printf '%s\n' questionnaires/*.yaml tests/data/survey-mini.yaml \
		tests/data/bad-questionnaire/*.yaml tests/data/bad-tally/base/questionnaire.yaml ;;
	fuzz_tally) printf '%s\n' tests/data/bad-tally/*.yaml tests/data/bad-tally/base/good*.yaml ;;
	fuzz_history | fuzz_orgs) printf '%s\n' samples/history.yaml ;;
	fuzz_template) printf '%s\n' templates/*.yaml tests/data/bad-template/*.yaml ;;
	fuzz_narrative) printf '%s\n' samples/narratives/*.yaml tests/data/renderer/narratives/*.yaml \
		tests/data/bad-narratives/*/*.yaml ;;
	fuzz_roster) printf '%s\n' tests/data/survey-bad-roster/*.csv ;;
	fuzz_answers) printf '%s\n' tests/data/survey-bad-answers/*.csv ;;
	fuzz_csvplain) printf '%s\n' tests/data/survey-bad-answers/*.csv tests/data/survey-bad-roster/*.csv ;;
	fuzz_names) printf '%s\n' tests/data/survey-bad-roster/*.csv ;;
	esac
	printf '%s\n' "fuzz/corpus/${1#fuzz_}"/*
}

# dict TARGET: the dictionary files of a target's format.
dict() {
	case $1 in
	fuzz_ydoc) echo fuzz/dict/yaml.dict ;;
	fuzz_quest) echo fuzz/dict/yaml.dict fuzz/dict/quest.dict ;;
	fuzz_tally) echo fuzz/dict/yaml.dict fuzz/dict/tally.dict ;;
	fuzz_history | fuzz_orgs) echo fuzz/dict/yaml.dict fuzz/dict/history.dict ;;
	fuzz_template) echo fuzz/dict/yaml.dict fuzz/dict/template.dict ;;
	fuzz_narrative) echo fuzz/dict/yaml.dict fuzz/dict/narrative.dict ;;
	fuzz_roster | fuzz_answers | fuzz_names | fuzz_csvplain) echo fuzz/dict/csv.dict ;;
	fuzz_pdfmerge) echo fuzz/dict/pdf.dict ;;
	esac
}

if [ $# -gt 0 ]; then
	targets=("$@")
else
	targets=()
	for t in "$FUZZ_BUILD"/fuzz/fuzz_*; do targets+=("$(basename "$t")"); done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $FUZZ_BUILD/fuzz (run 'make fuzz-build')" >&2; exit 2; }

failed=0
for t in "${targets[@]}"; do
	bin=$FUZZ_BUILD/fuzz/$t
	[ -x "$bin" ] || { echo "fuzz: no target $bin" >&2; exit 2; }
	corpus=$FUZZ_WORK/corpus/$t seeddir=$FUZZ_WORK/seeds/$t crashes=$FUZZ_WORK/crashes/$t
	tmp=$(mktemp -d)
	rm -rf "$seeddir"
	mkdir -p "$corpus" "$seeddir" "$crashes" "$FUZZ_WORK/dict" "$FUZZ_WORK/logs"
	n=0
	while read -r f; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		cp "$f" "$seeddir/$n-$(basename "$f")"
	done < <(seeds "$t")
	if [ "$t" = fuzz_orgs ]; then
		# The organisations list alone: what follows the key in the sample list.
		sed -n '/^organizations:/,$p' samples/organizations.yaml | tail -n +2 >"$seeddir/organizations-list.yaml"
	fi
	# shellcheck disable=SC2046
	cat $(dict "$t") >"$FUZZ_WORK/dict/$t.dict"
	log=$FUZZ_WORK/logs/$t.log
	TMPDIR=$tmp "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-dict="$FUZZ_WORK/dict/$t.dict" -artifact_prefix="$crashes/" -print_final_stats=1 \
		"$corpus" "$seeddir" >"$log" 2>&1
	rc=$?
	rm -rf "$tmp"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	size=$(find "$corpus" -type f | wc -l)
	if [ "$rc" = 0 ]; then
		printf '%-16s %10s executions in %ss, corpus %s inputs\n' "$t" "${execs:-?}" "$seconds" "$size"
	else
		printf '%-16s FAILED (exit %s): input kept in %s\n' "$t" "$rc" "$crashes"
		grep -E 'ERROR|invariant|SUMMARY|Assertion' "$log" | head -n 5 | sed 's/^/    | /'
		failed=$((failed + 1))
	fi
done
[ "$failed" -eq 0 ]
