#!/usr/bin/env bash
# Aggregator benchmark at national scale: generates 600,000 respondents (21 organisations'
# units, 40 items) into a temporary store, then times 'aggregator tally' plus 'aggregator
# rates' as whole processes (best of RUNS, with peak memory), and the sqlite3 command-line
# GROUP BY over the same answers stored one row per answer, and prints the ratio.
#   BUILD   build directory (default: build)
#   N       respondents (default: 600000)
#   RUNS    timed runs of each (default: 5)
#   KEEP    directory to generate into and keep (default: a temporary directory, removed)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${N:-600000}
RUNS=${RUNS:-5}
AGG="$BUILD/aggregator"
GEN="$BUILD/gen/aggregator-gen"
[ -x "$AGG" ] && [ -x "$GEN" ] || { echo "build first: make all generators" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed (make deps)" >&2; exit 1; }
if [ -n "${KEEP:-}" ]; then
	dir=$KEEP
	mkdir -p "$dir"
else
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
fi

echo "generating $N respondents into $dir ..."
start=$(date +%s.%N)
"$GEN" -n "$N" --answer-rows "$dir"
echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s: store $(du -h "$dir/store.db" | cut -f1), answer rows $(du -h "$dir/answers.db" | cut -f1)"

# Warm the page cache the same way for both sides.
cat "$dir/store.db" "$dir/answers.db" >/dev/null

# best_of CMD...: the shortest wall time of RUNS runs (seconds, from the clock around the
# whole process), the CPU time (user + system) of that run, and the largest peak RSS (KB).
# On a shared machine the wall time depends on the other load; the CPU time much less.
best_of() {
	local best=999999 cpu=0 peak=0 t0 t1 t u s m
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s.%N)
		/usr/bin/time -f "%U %S %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr" || { cat "$dir/stderr" >&2; exit 1; }
		t1=$(date +%s.%N)
		t=$(echo "$t1 - $t0" | bc)
		read -r u s m <"$dir/time"
		if [ "$(echo "$t < $best" | bc)" = 1 ]; then
			best=$t
			cpu=$(echo "$u + $s" | bc)
		fi
		[ "$m" -gt "$peak" ] && peak=$m
	done
	printf '%.3f %.2f %s\n' "$best" "$cpu" "$peak"
}

read -r tally_s tally_cpu tally_kb < <(best_of "$AGG" tally --db "$dir/store.db" --year 2026)
read -r rates_s rates_cpu rates_kb < <(best_of "$AGG" rates --db "$dir/store.db" --year 2026 --format csv)
read -r sql_s sql_cpu sql_kb < <(best_of sqlite3 "$dir/answers.db" \
	"SELECT org, role, item, sum(answer = 1), sum(answer = 2), sum(answer = 3) FROM answer GROUP BY org, role, item")
total=$(printf '%.3f' "$(echo "$tally_s + $rates_s" | bc)")
peak=$(( tally_kb > rates_kb ? tally_kb : rates_kb ))
echo
uptime
printf '%-44s %8s s wall %6s s cpu %5s MB peak\n' "aggregator tally (whole process)" "$tally_s" "$tally_cpu" "$((tally_kb / 1024))"
printf '%-44s %8s s wall %6s s cpu %5s MB peak\n' "aggregator rates (whole process)" "$rates_s" "$rates_cpu" "$((rates_kb / 1024))"
printf '%-44s %8s s wall %6s s cpu %5s MB peak\n' "tally + rates" "$total" "$(printf '%.2f' "$(echo "$tally_cpu + $rates_cpu" | bc)")" "$((peak / 1024))"
printf '%-44s %8s s wall %6s s cpu %5s MB peak\n' "sqlite3 GROUP BY over one row per answer" "$sql_s" "$sql_cpu" "$((sql_kb / 1024))"
echo "ratio: the sqlite3 GROUP BY takes $(echo "scale=1; $sql_s / $total" | bc)x as long as tally + rates"
echo "target: tally + rates <= 0.15 s and <= 50 MB"
