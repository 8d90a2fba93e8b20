#!/usr/bin/env bash
# Renderer benchmark: the full FY2012 report for the 21 sample organisations (every chart,
# table and page of templates/annual-report.yaml, at least 30 charts and 30 pages), timed as
# a whole process against a matplotlib script drawing the same 30 charts into one PDF
# (bench/renderer-matplotlib.py, Debian's python3-matplotlib), in the same run.
#   BUILD   build directory (default: build)
#   RUNS    timed runs of each (default: 10 for the renderer, 3 for matplotlib)
#   KEEP    directory to work in and keep (default: a temporary directory, removed)
# Times are means of whole runs: with hyperfine when installed (no shell around each run),
# else from the clock around each process. Peak memory comes from /usr/bin/time.
# Targets: the report in at most 0.5 s, and at least 6 times faster than matplotlib.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${RUNS:-10}
MPL_RUNS=${MPL_RUNS:-3}
AGG="$BUILD/aggregator"
REN="$BUILD/renderer"
PY=/usr/bin/python3
[ -x "$AGG" ] && [ -x "$REN" ] || { echo "build first: make" >&2; exit 1; }
$PY -c 'import matplotlib' 2>/dev/null || { echo "python3-matplotlib is not installed (make deps)" >&2; exit 1; }
if [ -n "${KEEP:-}" ]; then
	dir=$KEEP
	mkdir -p "$dir"
else
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
fi

# The national store of FY2012 and the CSV exports the matplotlib script reads.
rm -f "$dir/national.db"
"$AGG" compile --db "$dir/national.db" --year 2012 --questionnaire questionnaires/nisc-2012.yaml samples/h24/*.yaml 2>/dev/null
"$AGG" history import --db "$dir/national.db" samples/history.yaml 2>/dev/null
mkdir -p "$dir/csv"
"$AGG" rates --db "$dir/national.db" --year 2012 --format csv > "$dir/csv/rates.csv"
"$AGG" rates --db "$dir/national.db" --year 2012 --by item --format csv > "$dir/csv/items.csv"
"$AGG" rates --db "$dir/national.db" --year 2012 --by category --format csv > "$dir/csv/categories.csv"
"$AGG" trend --db "$dir/national.db" --from 2008 --to 2012 --format csv > "$dir/csv/trend.csv"
"$AGG" grades --db "$dir/national.db" --year 2012 --format csv > "$dir/csv/grades.csv"

report=("$REN" report --db "$dir/national.db" --year 2012 --narratives tests/data/renderer/narratives -o "$dir/report.pdf")
mpl=("$PY" bench/renderer-matplotlib.py "$dir/csv" "$dir/matplotlib.pdf")

# One untimed run of each: warms the font caches and checks the outputs.
"${report[@]}" -q
"${mpl[@]}" 2>/dev/null
pages=$(pdfinfo "$dir/report.pdf" | awk '/^Pages:/ { print $2 }')
mpl_pages=$(pdfinfo "$dir/matplotlib.pdf" | awk '/^Pages:/ { print $2 }')
charts=$("$REN" report --db "$dir/national.db" --year 2012 -o "$dir/count.pdf" 2>&1 | sed -n 's/.* \([0-9]*\) charts.*/\1/p')
echo "report: $pages pages, $charts charts, $(du -h "$dir/report.pdf" | cut -f1); matplotlib: $mpl_pages charts, $(du -h "$dir/matplotlib.pdf" | cut -f1)"
[ "$pages" -ge 30 ] && [ "$charts" -ge 30 ] || { echo "the report is smaller than the benchmark requires" >&2; exit 1; }

# mean_of N CMD...: mean and minimum wall time in seconds of N runs, and the peak RSS in KB.
mean_of() {
	local n=$1; shift
	local sum=0 min=999 peak=0 t0 t1 t m
	for _ in $(seq "$n"); do
		t0=$(date +%s.%N)
		/usr/bin/time -f '%M' -o "$dir/rss" "$@" >/dev/null 2>&1
		m=$(tail -n 1 "$dir/rss")
		t1=$(date +%s.%N)
		t=$(echo "$t1 - $t0" | bc)
		sum=$(echo "$sum + $t" | bc)
		min=$(echo "if ($t < $min) $t else $min" | bc)
		[ "$m" -gt "$peak" ] 2>/dev/null && peak=$m
	done
	printf '%.3f %.3f %s\n' "$(echo "$sum / $n" | bc -l)" "$min" "$peak"
}

read -r r_mean r_min r_peak < <(mean_of "$RUNS" "${report[@]}" -q)
read -r m_mean m_min m_peak < <(mean_of "$MPL_RUNS" "${mpl[@]}")
# hyperfine, when installed, times without the shell and clock processes around each run:
# its means replace the loop's (the loop still gives the peak memory).
if command -v hyperfine >/dev/null; then
	q() { printf '%q ' "$@"; }
	hyperfine -N --warmup 2 --runs "$RUNS" "$(q "${report[@]}" -q)" --export-json "$dir/r.json" >/dev/null 2>&1 &&
		hyperfine -N --runs "$MPL_RUNS" "$(q "${mpl[@]}")" --export-json "$dir/m.json" >/dev/null 2>&1 &&
		read -r r_mean r_min m_mean m_min < <(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]; m = json.load(open(sys.argv[2]))["results"][0]
print("%.3f %.3f %.3f %.3f" % (r["mean"], r["min"], m["mean"], m["min"]))' "$dir/r.json" "$dir/m.json")
fi
ratio=$(echo "scale=1; $m_mean / $r_mean" | bc)

echo "renderer report (21 organisations, $pages pages, $charts charts): mean ${r_mean} s, min ${r_min} s, peak ${r_peak} KB ($RUNS runs)"
echo "matplotlib, the same charts:                 mean ${m_mean} s, min ${m_min} s, peak ${m_peak} KB ($MPL_RUNS runs)"
echo "renderer is ${ratio}x faster (targets: at most 0.5 s, at least 6x); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
ok=1
[ "$(echo "$r_mean <= 0.5" | bc)" = 1 ] || { echo "MISSED: the report took more than 0.5 s" >&2; ok=0; }
[ "$(echo "$ratio >= 6" | bc)" = 1 ] || { echo "MISSED: less than 6x faster than matplotlib" >&2; ok=0; }
[ "$ok" = 1 ]
