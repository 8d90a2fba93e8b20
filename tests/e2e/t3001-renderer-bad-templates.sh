#!/usr/bin/env bash
# Every template of the bad-template corpus is refused with status 2 and the error written
# beside it (FILE:LINE:COL: message); the shipped templates pass the same check.
source "$(dirname "$0")/lib.sh"

corpus="$SRC_DIR/tests/data/bad-template"
count=0
cd "$corpus"
for t in *.yaml; do
	expect_status 2 "$RENDERER" check "$t"
	expect_corpus_messages "$t"
	count=$((count + 1))
done
[ "$count" -ge 10 ] || fail "the corpus has only $count templates"

# A report with a bad template writes no PDF.
expect_status 2 "$RENDERER" report --db "$WORK/none.db" --year 2012 --template unknown-block.yaml -o "$WORK/r.pdf"
[ ! -e "$WORK/r.pdf" ] || fail "a PDF was written for a bad template"

expect_status 0 "$RENDERER" check "$SRC_DIR/templates/annual-report.yaml"
