#!/usr/bin/env bash
# renderer chart: every kind draws to PNG and SVG of the requested size (and PDF); usage
# errors exit 1, bad data 2. A bad narrative stops the report with FILE:LINE:COL.
source "$(dirname "$0")/lib.sh"

N="$WORK/national.db"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$SRC_DIR"/samples/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$SRC_DIR/samples/history.yaml"

# PNG width and height from the IHDR chunk; SVG from the root element.
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }
svg_size() { python3 -c 'import re,sys; t=open(sys.argv[1]).read(600); print("%sx%s" % (re.search(r"width=\"([0-9.]+)pt\"", t).group(1), re.search(r"height=\"([0-9.]+)pt\"", t).group(1)))' "$1"; }

for kind in trend org_bars heatmap grade_matrix org_items answers; do
	expect_status 0 "$RENDERER" chart "$kind" --db "$N" --year 2012 --org env --width 700 --height 420 -o "$WORK/$kind.png"
	expect_equal "700x420" "$(png_size "$WORK/$kind.png")" "$kind.png size"
	expect_status 0 "$RENDERER" chart "$kind" --db "$N" --year 2012 --org env --width 500 --height 300 -o "$WORK/$kind.svg"
	expect_equal "500x300" "$(svg_size "$WORK/$kind.svg")" "$kind.svg size"
	expect_status 0 "$RENDERER" chart "$kind" --db "$N" --year 2012 --org env -o "$WORK/$kind.pdf"
	pdfinfo "$WORK/$kind.pdf" > "$WORK/info" || fail "$kind.pdf unreadable"
	expect_grep "Pages:           1" "$WORK/info"
done

# Japanese labels are text in the SVG's PDF twin: the org bars name every organisation.
pdftotext "$WORK/org_bars.pdf" "$WORK/bars.txt"
expect_grep "環境省" "$WORK/bars.txt"
expect_grep "内閣官房" "$WORK/bars.txt"
expect_grep "全主体平均 98.9％" "$WORK/bars.txt"
# The org bars' SVG draws a bar for each organisation with a rate, each as long as its rate
# past the axis start (a multiple of 10): one scale fits every bar.
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --format csv
awk -F, '$1 != "ALL" && $2 == "all" && $10 != "" { print $10 }' "$WORK/out" > "$WORK/rates"
[ "$(wc -l < "$WORK/rates")" -ge 10 ] || fail "too few organisation rates"
python3 - "$WORK/org_bars.svg" "$WORK/rates" <<'PY' || fail "org_bars.svg: bars not as long as the rates"
import re, sys
svg = open(sys.argv[1]).read()
rates = sorted(float(x) for x in open(sys.argv[2]).read().split())
widths = []
for m in re.finditer(r'fill:rgb\(0%,44.7%,69.8%\);[^>]*? d="M ([-0-9.]+) ([-0-9.]+) L ([-0-9.]+) ([-0-9.]+) L', svg):
    widths.append(float(m.group(3)) - float(m.group(1)))
widths.sort()
assert len(widths) == len(rates), (len(widths), len(rates))
hi = len(rates) - 1
per = (widths[hi] - widths[0]) / (rates[hi] - rates[0])
start = rates[0] - widths[0] / per
assert abs(start - round(start / 10) * 10) < 0.05, start
for r, w in zip(rates, widths):
    assert abs(w - (r - round(start / 10) * 10) * per) < 0.05, (r, w)
PY
# The trend marks the series break and labels the years.
pdftotext "$WORK/trend.pdf" "$WORK/trend.txt"
expect_grep "点検方法の変更" "$WORK/trend.txt"
expect_grep "H24年度" "$WORK/trend.txt"
# Its legend names every group.
for g in 責任者等 システム責任者等 行政事務従事者; do
	expect_grep "$g" "$WORK/trend.txt"
done
# English labels on request.
expect_status 0 "$RENDERER" chart org_bars --db "$N" --year 2012 --metric grasp --lang en -o "$WORK/en.pdf"
pdftotext "$WORK/en.pdf" "$WORK/en.txt"
expect_grep "Ministry of the Environment" "$WORK/en.txt"
expect_grep "96.4%" "$WORK/en.txt"
# The default height grows with the rows: each of the 21 organisations gets 10 px at least
# besides the axes, and the items of one organisation get theirs.
expect_status 0 "$RENDERER" chart org_bars --db "$N" --year 2012 -o "$WORK/tall.png"
h=$(png_size "$WORK/tall.png" | cut -dx -f2)
[ "$h" -ge $((21 * 10 + 60)) ] || fail "org_bars default height $h too small for 21 rows"
expect_status 0 "$RENDERER" chart heatmap --db "$N" --year 2012 --by items -o "$WORK/items.png"
h=$(png_size "$WORK/items.png" | cut -dx -f2)
[ "$h" -ge $((21 * 10 + 100)) ] || fail "heatmap default height $h too small for 21 rows"

# Usage errors.
expect_status 1 "$RENDERER" chart pie --db "$N" --year 2012 -o "$WORK/x.png"
expect_grep "unknown chart kind 'pie'" "$WORK/err"
expect_status 1 "$RENDERER" chart trend --db "$N" --year 2012 -o "$WORK/x.gif"
expect_status 1 "$RENDERER" chart org_items --db "$N" --year 2012 -o "$WORK/x.png"
expect_status 1 "$RENDERER" chart trend --db "$N" --year 2012 --width 5 -o "$WORK/x.png"
# Bad data: an unknown organisation, a year not in the store, a missing store.
expect_status 2 "$RENDERER" chart org_items --org nosuch --db "$N" --year 2012 -o "$WORK/x.png"
expect_grep "unknown organisation 'nosuch'" "$WORK/err"
expect_status 2 "$RENDERER" chart trend --db "$N" --year 2015 -o "$WORK/x.png"
expect_grep "fiscal year 2015" "$WORK/err"
expect_status 2 "$RENDERER" chart trend --db "$WORK/none.db" --year 2012 -o "$WORK/x.png"
[ ! -e "$WORK/x.png" ] || fail "a chart was written on failure"

# A bad narrative: FILE:LINE:COL, status 2, no PDF.
expect_status 2 "$RENDERER" report --db "$N" --year 2012 --narratives "$SRC_DIR/tests/data/bad-narratives/goal-empty" -o "$WORK/r.pdf"
expect_grep "env.yaml:7:5:" "$WORK/err"
[ ! -e "$WORK/r.pdf" ] || fail "a PDF was written despite a bad narrative"

# Sixty charts drawn at once all succeed (cairo's static caches are never torn down while a
# font may still be alive: that once failed an assertion in about one run of sixty).
mkdir "$WORK/par"
for i in $(seq 1 60); do
	( "$RENDERER" chart grade_matrix --db "$N" --year 2012 --org env --width 500 --height 300 \
		-o "$WORK/par/$i.svg" 2>"$WORK/par/$i.err"; echo $? >"$WORK/par/$i.rc" ) &
done
wait
for i in $(seq 1 60); do
	[ "$(cat "$WORK/par/$i.rc")" = 0 ] || fail "parallel chart $i: exit $(cat "$WORK/par/$i.rc"): $(cat "$WORK/par/$i.err")"
done
