#!/usr/bin/env bash
# Every read command works on a store its user can only read (read-only file and directory,
# as on a read-only mount): the ministry's status, pending, show, log, rates, export and
# submit, the national rates, grades, trend, report and charts. A write-ahead log left by a
# program that was killed is read too; one that cannot be read is refused with a message.
# As root the readers run as nobody (root may write anywhere).
source "$(dirname "$0")/lib.sh"
source "$SRC_DIR/tests/e2e/survey-lib.sh"

M="$WORK/m.db"
survey_setup "$M"
printf 'person_id,role,item,answer\np002,staff,S-01,1\np002,staff,S-02,1\np002,staff,S-03,3\n' >"$WORK/a.csv"
expect_status 0 "$SURVEY" import --db "$M" --year 2026 "$WORK/a.csv"
expect_status 0 "$AGGREGATOR" tally --db "$M" --year 2026
N="$WORK/n.db"
expect_status 0 "$AGGREGATOR" compile --db "$N" --year 2012 --questionnaire "$SRC_DIR/questionnaires/nisc-2012.yaml" "$SRC_DIR"/samples/h24/*.yaml
expect_status 0 "$AGGREGATOR" history import --db "$N" "$SRC_DIR/samples/history.yaml"
# Expected outputs, from the writable stores.
expect_status 0 "$AGGREGATOR" rates --db "$N" --year 2012 --format csv
cp "$WORK/out" "$WORK/rates-n.csv"
expect_status 0 "$SURVEY" status --db "$M" --year 2026
cp "$WORK/out" "$WORK/status-m.txt"

RO="$WORK/ro"
mkdir "$RO" "$WORK/outdir"
cp "$M" "$N" "$RO/"
chmod 755 "$WORK"
chmod 777 "$WORK/outdir"
chmod 444 "$RO"/*.db
chmod 555 "$RO"
if [ "$(id -u)" = 0 ]; then
	reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	reader() { "$@"; }
fi
reader test ! -w "$RO/m.db" || fail "the copy is writable for the reader"

expect_status 0 reader "$SURVEY" status --db "$RO/m.db" --year 2026
cmp -s "$WORK/out" "$WORK/status-m.txt" || fail "status differs on the read-only store"
expect_status 0 reader "$SURVEY" pending --db "$RO/m.db" --year 2026
expect_grep "p001" "$WORK/out"
expect_status 0 reader "$SURVEY" show --db "$RO/m.db" --year 2026 --person p002
expect_status 0 reader "$SURVEY" log --db "$RO/m.db" --year 2026
expect_grep "import" "$WORK/out"
expect_status 0 reader "$AGGREGATOR" rates --db "$RO/m.db" --year 2026 --by unit
expect_status 0 reader "$AGGREGATOR" export --db "$RO/m.db" --year 2026 --xlsx "$WORK/outdir/m.xlsx"
expect_grep "is read-only: the export is not recorded" "$WORK/err"
expect_status 0 reader "$AGGREGATOR" submit --db "$RO/m.db" --year 2026 -o "$WORK/outdir/tally.yaml"
expect_status 0 reader "$AGGREGATOR" rates --db "$RO/n.db" --year 2012 --format csv
cmp -s "$WORK/out" "$WORK/rates-n.csv" || fail "rates differ on the read-only store"
expect_status 0 reader "$AGGREGATOR" grades --db "$RO/n.db" --year 2012
expect_status 0 reader "$AGGREGATOR" trend --db "$RO/n.db" --from 2008 --to 2012
expect_status 0 reader "$RENDERER" chart trend --db "$RO/n.db" --year 2012 -o "$WORK/outdir/trend.svg"
# (the template named: a process whose identity changed may not read /proc/self/exe, which
# the renderer uses to find the templates beside its build)
cp "$SRC_DIR/templates/annual-report.yaml" "$WORK/template.yaml"
chmod 644 "$WORK/template.yaml"
expect_status 0 reader "$RENDERER" report --db "$RO/n.db" --year 2012 -q --template "$WORK/template.yaml" \
	-o "$WORK/outdir/report.pdf"
pdfinfo "$WORK/outdir/report.pdf" >/dev/null || fail "the report is not a PDF"
# Writing commands say plainly that they cannot write, and change nothing.
expect_status 2 reader "$AGGREGATOR" tally --db "$RO/m.db" --year 2026
expect_grep "m.db" "$WORK/err"
[ -z "$(ls -A "$RO" | grep -v '\.db$')" ] || fail "files appeared beside the read-only stores: $(ls -A "$RO")"

# A write-ahead log left behind by a killed writer holds the latest change: it is read.
chmod 755 "$RO"
chmod 644 "$RO"/*.db
python3 - "$RO/m.db" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("INSERT INTO activity(at, fiscal_year, program, command, detail)"
          " VALUES ('2026-12-01T00:00:00Z', 2026, 'test', 'check', 'only in the write-ahead log')")
c.commit()
os._exit(0)  # killed: the change stays in the -wal file
PY
[ -s "$RO/m.db-wal" ] || fail "no write-ahead log was left"
chmod 444 "$RO"/*
chmod 555 "$RO"
expect_status 0 reader "$SURVEY" log --db "$RO/m.db" --year 2026
expect_grep "only in the write-ahead log" "$WORK/out"
# Without its -shm file the log cannot be read in place: a clear refusal, not stale figures.
chmod 755 "$RO"
rm "$RO/m.db-shm"
chmod 555 "$RO"
expect_status 2 reader "$AGGREGATOR" rates --db "$RO/m.db" --year 2026
expect_grep "holds changes in its -wal file" "$WORK/err"
chmod 755 "$RO"
echo ok
