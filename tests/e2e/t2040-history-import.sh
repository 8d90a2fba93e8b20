#!/usr/bin/env bash
# aggregator history import: the sample history loads; a bad file is refused with
# FILE:LINE:COL, status 2 and no change; importing a year again replaces that year only; the
# trend takes history years and marks the series break.
source "$(dirname "$0")/lib.sh"

N="$WORK/national.db"
expect_status 0 "$AGGREGATOR" history import --db "$N" "$SRC_DIR/samples/history.yaml"
sqlite3 "$N" .dump >"$WORK/before.sql"
expect_equal 4 "$(sqlite3 "$N" "SELECT count(DISTINCT fiscal_year) FROM history_rate")" "years"

cat >"$WORK/bad.yaml" <<'YAML'
format: selfcheck-history/1
years:
  - fiscal_year: 2009
    government:
      implementation: {officers: 97.55, staff: 94.5}
      grasp: {everyone: 90}
    organizations:
      nowhere: {grasp: {all: 100}}
YAML
expect_status 2 "$AGGREGATOR" history import --db "$N" "$WORK/bad.yaml"
expect_grep "bad.yaml:5:34: government.implementation.officers: expected a percentage" "$WORK/err"
expect_grep "bad.yaml:6:15: unknown group 'everyone'" "$WORK/err"
sqlite3 "$N" .dump | cmp -s - "$WORK/before.sql" || fail "a bad history file changed the store"

# An organisation the store does not know, at its position.
cat >"$WORK/unknown-org.yaml" <<'YAML'
format: selfcheck-history/1
years:
  - fiscal_year: 2009
    organizations:
      nowhere: {grasp: {all: 100}}
YAML
expect_status 2 "$AGGREGATOR" history import --db "$N" "$WORK/unknown-org.yaml"
expect_grep "unknown-org.yaml:5:30: organisation 'nowhere' is not in the store" "$WORK/err"
sqlite3 "$N" .dump | cmp -s - "$WORK/before.sql" || fail "a refused history file changed the store"
# Refused into a store that does not exist yet: no store is left behind.
mkdir "$WORK/fresh"
expect_status 2 "$AGGREGATOR" history import --db "$WORK/fresh/new.db" "$WORK/unknown-org.yaml"
[ -z "$(ls -A "$WORK/fresh")" ] || fail "a refused history import left files: $(ls -A "$WORK/fresh")"

# The organisations list: names are one line of at most 200 characters, codes short.
python3 - "$WORK" <<'PY'
import sys
head = "format: selfcheck-history/1\nyears: []\norganizations:\n"
with open(sys.argv[1] + "/c1-org.yaml", "w") as f:
    f.write(head + "  - {code: aaa, name: \"試験\\x9b省\"}\n")
with open(sys.argv[1] + "/long-org.yaml", "w") as f:
    f.write(head + "  - {code: bbb, name: %s}\n" % ("省" * 201))
    f.write("  - {code: %s, name: 長い省}\n" % ("c" * 33))
PY
expect_status 2 "$AGGREGATOR" history import --db "$N" "$WORK/c1-org.yaml"
expect_grep "c1-org.yaml:4:23: control character U+009B is not allowed (only tab and line breaks)" "$WORK/err"
expect_status 2 "$AGGREGATOR" history import --db "$N" "$WORK/long-org.yaml"
expect_grep "long-org.yaml:4:23: organization.name is longer than 200 characters (expected one line of at most 200 characters)" "$WORK/err"
expect_grep "long-org.yaml:5:12: organization.code '$(printf 'c%.0s' $(seq 33))': expected [a-z0-9_] characters (at most 32)" "$WORK/err"
sqlite3 "$N" .dump | cmp -s - "$WORK/before.sql" || fail "a refused organisations list changed the store"

# Format /2: every bad value of the keys it adds, each at its position, in one run.
cat >"$WORK/bad2.yaml" <<'YAML'
format: selfcheck-history/2
years:
  - fiscal_year: 2009
    method: weighted
    government:
      grades: {grasp: A}
    organizations:
      mofa:
        grasp: {all: 99.0}
        grades: {grasp: A, implementation: E}
        attainment_items: {staff: {100: 90, 85: 95}}
        attainment_persons: {all: 90, bogus: {100: 1}}
YAML
expect_status 2 "$AGGREGATOR" history import --db "$N" "$WORK/bad2.yaml"
expect_grep "bad2.yaml:4:13: year method: unknown method 'weighted' (expected nisc or pooled)" "$WORK/err"
expect_grep "bad2.yaml:6:7: unknown key 'grades' in government (expected one of: grasp, implementation, attainment_items, attainment_persons)" "$WORK/err"
expect_grep "bad2.yaml:10:25: organizations.mofa.grades.grasp: grade A does not match the rate 99.0 given for all (grade B under the thresholds 100/80/60)" "$WORK/err"
expect_grep "bad2.yaml:10:44: organizations.mofa.grades.implementation: expected a grade A, B, C or D, found 'E'" "$WORK/err"
expect_grep "bad2.yaml:11:45: unknown threshold '85' in organizations.mofa.attainment_items.staff (expected 100, 95 or 90)" "$WORK/err"
expect_grep "bad2.yaml:12:35: organizations.mofa.attainment_persons.all: expected a mapping of thresholds (100, 95, 90) to rates, found a scalar" "$WORK/err"
expect_grep "bad2.yaml:12:39: unknown group 'bogus' in organizations.mofa.attainment_persons (expected officers, system_officers, staff, others or all)" "$WORK/err"
expect_equal 7 "$(grep -c 'bad2.yaml:' "$WORK/err")" "errors reported"
sqlite3 "$N" .dump | cmp -s - "$WORK/before.sql" || fail "a bad history file of format /2 changed the store"

# The keys of /2 in a file that says /1.
cat >"$WORK/old.yaml" <<'YAML'
format: selfcheck-history/1
years:
  - fiscal_year: 2009
    method: nisc
    organizations:
      mofa: {grasp: {all: 100}, grades: {grasp: A}}
YAML
expect_status 2 "$AGGREGATOR" history import --db "$N" "$WORK/old.yaml"
expect_grep "old.yaml:4:5: 'method' needs format selfcheck-history/2 (the file says selfcheck-history/1)" "$WORK/err"
expect_grep "old.yaml:6:33: 'grades' needs format selfcheck-history/2 (the file says selfcheck-history/1)" "$WORK/err"
sqlite3 "$N" .dump | cmp -s - "$WORK/before.sql" || fail "a refused history file of format /1 changed the store"

# The sample states its method: every year nisc.
expect_equal "2008 nisc,2009 nisc,2010 nisc,2011 nisc" \
	"$(sqlite3 "$N" "SELECT group_concat(fiscal_year || ' ' || method, ',') FROM (SELECT * FROM history_method ORDER BY fiscal_year)")" "methods"

cat >"$WORK/fix.yaml" <<'YAML'
format: selfcheck-history/1
years:
  - fiscal_year: 2009
    government:
      implementation: {all: 50.0}
YAML
expect_status 0 "$AGGREGATOR" history import --db "$N" "$WORK/fix.yaml"
expect_status 0 "$AGGREGATOR" trend --db "$N" --from 2008 --to 2011 --format csv
expect_grep "2009,implementation,all,50.0,D,history," "$WORK/out"
expect_grep "2008,implementation,all,96.9,B,history," "$WORK/out"
expect_grep "2011,implementation,staff,95.9,B,history,before" "$WORK/out"
expect_no_grep "2009,implementation,staff" "$WORK/out"
expect_status 1 "$AGGREGATOR" history import "$WORK/fix.yaml"
expect_status 2 "$AGGREGATOR" history import --db "$N" "$WORK/nothing.yaml"
