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
