#!/usr/bin/env bash
# The documented limits (docs/limits.md) end in a clear message and exit status 2, quickly and
# with the store unchanged: a year of more than 80 organisations; a government-wide mean whose
# exact denominator outgrows its capacity (many organisations with large, unrelated counts);
# a YAML file over 8 MiB; a mapping of more than 20000 keys; tens of thousands of duplicate
# keys (found in linear time, at most 100 lines of messages).
source "$(dirname "$0")/lib.sh"

corpus="$SRC_DIR/tests/data/bad-tally"
quest="$corpus/base/questionnaire.yaml"

# gen DIR N BIG: N tally files of distinct organisations; BIG=1 gives counts near 10^12.
gen() {
	python3 - "$@" <<'PY'
import os, random, sys
out, n, big = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
random.seed(12)
os.makedirs(out, exist_ok=True)
for k in range(n):
    T = random.randint(9 * 10**11, 10**12 - 1) if big else 100
    S = T - random.randint(1, 10**6) if big else 90
    D = random.randint(9 * 10**8, 10**9 - 1) if big else 10
    DS = D - random.randint(1, 1000) if big else 8
    def item(sub):
        a = random.randint(1, sub // 3); b = random.randint(1, sub // 3)
        return a, b, sub - a - b
    it = lambda c: "{implemented: %d, not_implemented: %d, not_applicable: %d}" % c
    with open(os.path.join(out, "org%03d.yaml" % k), "w") as f:
        f.write(f"""format: selfcheck-tally/2
fiscal_year: 2012
organization: {{code: org{k:03d}, name: 試験省{k}, order: {k + 1}}}
questionnaire: test-2012
persons: {{targets: {T}, submitted_all: {S - DS}}}
roles:
  division_officer:
    targets: {D}
    submitted: {DS}
    attainment: {{obligated: {DS}, at_100: 1, at_95: 2, at_90: 3}}
    items: {{O-01: {it(item(DS))}, O-02: {it(item(DS))}, S-02: {it(item(DS))}}}
  staff:
    targets: {T}
    submitted: {S}
    attainment: {{obligated: {S}, at_100: 1, at_95: 2, at_90: 3}}
    items: {{S-01: {it(item(S))}, S-02: {it(item(S))}}}
""")
PY
}

# More than 80 organisations in a year: refused, and a new store is not even created.
gen "$WORK/many" 81 0
expect_status 2 "$AGGREGATOR" compile --db "$WORK/many.db" --year 2012 --questionnaire "$quest" "$WORK"/many/*.yaml
expect_grep "fiscal year 2012 would hold 81 organisations, more than the limit of 80" "$WORK/err"
[ ! -e "$WORK/many.db" ] || fail "a refused compile created the store"
rm "$WORK/many/org080.yaml"
expect_status 0 "$AGGREGATOR" compile --db "$WORK/many.db" --year 2012 --questionnaire "$quest" "$WORK"/many/*.yaml
expect_status 0 "$AGGREGATOR" grades --db "$WORK/many.db" --year 2012

# 67 organisations with large, unrelated counts: the exact mean does not fit; every command
# that needs it says so (no abort), and the report writes nothing.
gen "$WORK/big" 67 1
N="$WORK/big.db"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$quest" "$WORK"/big/*.yaml
for cmd in rates grades; do
	expect_status 2 "$AGGREGATOR" $cmd --db "$N" --year 2012
	expect_grep "cannot compute an exact mean of these rates: their common denominator would need more than" "$WORK/err"
done
expect_status 2 "$RENDERER" report --db "$N" --year 2012 -o "$WORK/big.pdf"
expect_grep "cannot compute an exact mean" "$WORK/err"
[ ! -e "$WORK/big.pdf" ] || fail "a report was written"
# Pooled counts (headcount weighting) need no such mean.
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --weighting headcount

# A YAML file over 8 MiB is refused before it is parsed.
db="$WORK/national.db"
expect_status 0 "$AGGREGATOR" compile --db "$db" --year 2012 --questionnaire "$quest" "$corpus/base/good.yaml"
{ cat "$corpus/base/good.yaml"; python3 -c 'import sys; sys.stdout.write(("# " + "x" * 1000 + "\n") * 9000)'; } >"$WORK/huge.yaml"
expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 "$WORK/huge.yaml"
expect_grep "huge.yaml: the file is larger than 8 MiB, the limit for a YAML input" "$WORK/err"

# More than 20000 keys in one mapping.
python3 - "$WORK/wide.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("format: selfcheck-tally/2\nfiscal_year: 2012\nroles:\n  staff:\n    items:\n")
    for i in range(20001):
        f.write("      X-%05d: {implemented: 1, not_implemented: 0, not_applicable: 0}\n" % i)
PY
expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 "$WORK/wide.yaml"
expect_grep "more than 20000 entries in one mapping" "$WORK/err"

# 19999 copies of one key: found in linear time, at most 100 messages and one line saying so.
python3 - "$WORK/dups.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("format: selfcheck-tally/2\nfiscal_year: 2012\nroles:\n  staff:\n    items:\n")
    for i in range(19999):
        f.write("      S-01: {implemented: 1, not_implemented: 0, not_applicable: 0}\n")
PY
start=$(date +%s%N)
expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 "$WORK/dups.yaml"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$elapsed_ms" -lt 5000 ] || fail "19999 duplicate keys took $elapsed_ms ms"
[ "$(wc -l <"$WORK/err")" -le 102 ] || fail "$(wc -l <"$WORK/err") lines of messages"
expect_grep "more than 100 errors; the others are not shown" "$WORK/err"
echo ok
