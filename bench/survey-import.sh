#!/usr/bin/env bash
# Benchmark of "survey import": 600,000 respondents × ~40 answers (about 24 million rows,
# 0.5 GB of CSV) generated into a temporary directory, imported with full validation, and
# compared with sqlite3's own ".import" of the same file; then the time to the first screen
# of the questionnaire on the resulting store.
#
#   bench/survey-import.sh [PEOPLE]        (default 600000; run from the repository)
#
# Needs /usr/bin/time, sqlite3, python3. Nothing is left behind (set KEEP=1 to keep the
# directory). Not part of "make test".
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PEOPLE=${1:-600000}
QUEST=${QUEST:-questionnaires/selfcheck-2026.yaml}
make -s "$BUILD/survey" "$BUILD/gen/gen_survey_import" >/dev/null
SURVEY=$PWD/$BUILD/survey
dir=$(mktemp -d "${TMPDIR:-/tmp}/survey-import.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT

echo "== generating $PEOPLE respondents into $dir"
"$BUILD/gen/gen_survey_import" "$QUEST" "$dir" "$PEOPLE"
rows=$(($(wc -l <"$dir/answers.csv") - 1))
echo "answers.csv: $rows rows, $(du -m "$dir/answers.csv" | cut -f1) MB"

db=$dir/store.db
"$SURVEY" init --db "$db" --org bench --name 試験省 --year 2026 --questionnaire "$QUEST" >/dev/null
start=$(date +%s.%N)
"$SURVEY" roster import --db "$db" --year 2026 "$dir/roster.csv" >/dev/null
echo "roster import: $(echo "$(date +%s.%N) - $start" | bc) s"

# measure LABEL CMD...: wall time and peak RSS through /usr/bin/time -v.
measure() {
	local label=$1; shift
	/usr/bin/time -v "$@" >"$dir/time.out" 2>"$dir/time.err" || { cat "$dir/time.err" >&2; exit 1; }
	local wall rss secs
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.err")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.err")
	secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	printf '%-34s %7.2f s  %12.0f rows/s  peak RSS %6d MB\n' "$label" "$secs" "$(echo "$rows / $secs" | bc -l)" \
		$((rss / 1024))
}

echo "== import ($rows answers)"
measure "survey import (first, all new)" "$SURVEY" import --db "$db" --year 2026 "$dir/answers.csv"
cat "$dir/time.out"
# Other answers for the same people: every changed row is rewritten.
mkdir "$dir/other"
"$BUILD/gen/gen_survey_import" "$QUEST" "$dir/other" "$PEOPLE" 2 2>/dev/null
measure "survey import (other answers)" "$SURVEY" import --db "$db" --year 2026 "$dir/other/answers.csv"
rm -rf "$dir/other"
measure "survey import (first file again)" "$SURVEY" import --db "$db" --year 2026 "$dir/answers.csv"
measure "sqlite3 .import (no validation)" sqlite3 "$dir/plain.db" ".mode csv" ".import $dir/answers.csv answers"
rm -f "$dir/plain.db"

# Memory flat in the file's size: half the file for the same roster.
half=$((rows / 2 + 1))
head -n "$half" "$dir/answers.csv" >"$dir/half.csv"
rows=$((half - 1))
measure "survey import (half the file)" "$SURVEY" import --db "$db" --year 2026 "$dir/half.csv"
echo "store: $(du -m "$db" | cut -f1) MB"

echo "== time to first screen on this store"
python3 - "$SURVEY" "$db" <<'PY'
import os, pty, subprocess, sys, time
survey, db = sys.argv[1], sys.argv[2]
def first(args, marker, use_pty):
    best = []
    for _ in range(5):
        t = time.perf_counter()
        if use_pty:
            pid, fd = pty.fork()
            if pid == 0:
                os.environ.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
                os.execv(survey, [survey] + args)
            buf = b""
            while marker not in buf:
                buf += os.read(fd, 65536)
            best.append(time.perf_counter() - t)
            os.write(fd, b"\x1b")
            os.waitpid(pid, 0)
            os.close(fd)
        else:
            p = subprocess.Popen([survey] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            buf = b""
            while marker not in buf:
                buf += os.read(p.stdout.fileno(), 65536)
            best.append(time.perf_counter() - t)
            p.stdin.close()
            p.wait()
    best.sort()
    return best[len(best) // 2] * 1000
args = ["--db", db, "--year", "2026", "--lang", "en"]
print("full screen, login screen drawn:  %.1f ms (median of 5)" % first(args, b"Person ID", True))
print("line mode, first prompt:          %.1f ms (median of 5)" % first(args + ["--plain"], b"Person ID", False))
PY
