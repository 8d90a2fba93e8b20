#!/usr/bin/env bash
# aggregator compile: every file of the bad-tally corpus is refused with exactly its expected
# messages (FILE:LINE:COL, the role and item of a broken count) and exit status 2, and leaves
# the national store as it was; a bad file in a batch stores nothing; compiling a file twice
# changes nothing; a new store is not even created for a failing batch.
source "$(dirname "$0")/lib.sh"

corpus="$SRC_DIR/tests/data/bad-tally"
quest="$corpus/base/questionnaire.yaml"
good="$corpus/base/good.yaml"
db="$WORK/national.db"
dump() { sqlite3 "$db" .dump; }

expect_status 0 "$AGGREGATOR" compile --db "$db" --year 2012 --questionnaire "$quest" "$good"
expect_grep "compiled $good: aaa, fiscal year 2012: added" "$WORK/err"
dump >"$WORK/before.sql"
grep -q "INSERT INTO tally_item" "$WORK/before.sql" || fail "nothing was stored"

count=0
cd "$corpus"
for f in [0-9]*.yaml; do
	expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 "$f"
	[ ! -s "$WORK/out" ] || fail "$f: printed data on stdout"
	expect_corpus_messages "$f"
	dump | cmp -s - "$WORK/before.sql" || fail "$f: the national store changed"
	count=$((count + 1))
done
[ "$count" -ge 20 ] || fail "the corpus has only $count files"
cd "$WORK"

# A good file for another organisation together with a bad one: nothing is stored.
sed 's/code: aaa/code: bbb/' "$good" >"$WORK/bbb.yaml"
expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 "$WORK/bbb.yaml" "$corpus/03-answers-exceed-submitted.yaml"
expect_grep "role division_officer, item S-02: 9 answers" "$WORK/err"
dump | cmp -s - "$WORK/before.sql" || fail "a failing batch changed the store"

# Two files for one organisation in a batch.
expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 "$good" "$good"
expect_grep "organisation aaa is also in" "$WORK/err"

# Compiling the same file again is a no-op (the questionnaire may now be left out).
expect_status 0 "$AGGREGATOR" compile --db "$db" --year 2012 "$good"
expect_grep "compiled $good: aaa, fiscal year 2012: replaced the tally stored at 20" "$WORK/err"
dump | cmp -s - "$WORK/before.sql" || fail "compiling the same file twice changed the store"

# A changed file replaces that organisation-year whole and touches nothing else.
expect_status 0 "$AGGREGATOR" compile --db "$db" --year 2012 "$WORK/bbb.yaml"
sed -e '/^  division_officer:/,/S-02:/d' "$good" >"$WORK/aaa-staff-only.yaml"
expect_status 0 "$AGGREGATOR" compile --db "$db" --year 2012 "$WORK/aaa-staff-only.yaml"
expect_equal 0 "$(sqlite3 "$db" "SELECT count(*) FROM tally_role WHERE org = 'aaa' AND role = 'division_officer'")" "aaa's old role"
expect_equal 1 "$(sqlite3 "$db" "SELECT count(*) FROM tally_role WHERE org = 'bbb' AND role = 'division_officer'")" "bbb untouched"

# A file that claims another organisation's code under another name is refused at that name,
# with nothing changed; --replace lets it replace the tally, and says so.
sed 's/^  name: 試験省$/  name: 別省/' "$good" >"$WORK/impostor.yaml"
dump >"$WORK/before-impostor.sql"
expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 "$WORK/impostor.yaml"
expect_grep "impostor.yaml:5:9: organisation aaa already holds fiscal year 2012 under the name '試験省'; this file names it '別省' (give --replace if it is to replace that tally)" "$WORK/err"
dump | cmp -s - "$WORK/before-impostor.sql" || fail "a refused impostor changed the store"
# In a batch, the good files are not stored either.
expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 "$WORK/bbb.yaml" "$WORK/impostor.yaml"
dump | cmp -s - "$WORK/before-impostor.sql" || fail "a batch with an impostor changed the store"
expect_status 0 "$AGGREGATOR" compile --db "$db" --year 2012 --replace "$WORK/impostor.yaml"
expect_grep "compiled $WORK/impostor.yaml: aaa, fiscal year 2012: replaced the tally of '試験省' stored at" "$WORK/err"
expect_grep "now named '別省'" "$WORK/err"
expect_equal 別省 "$(sqlite3 "$db" "SELECT name FROM organization WHERE code = 'aaa'")" "aaa's name"
expect_status 0 "$AGGREGATOR" compile --db "$db" --year 2012 --replace "$WORK/aaa-staff-only.yaml"

# Another questionnaire for a compiled year is refused.
sed 's/^id: test-2012/id: test-2012b/' "$quest" >"$WORK/other-q.yaml"
expect_status 2 "$AGGREGATOR" compile --db "$db" --year 2012 --questionnaire "$WORK/other-q.yaml" "$good"
expect_grep "was compiled against questionnaire test-2012" "$WORK/err"

# A failing first compile does not create the store.
expect_status 2 "$AGGREGATOR" compile --db "$WORK/new.db" --year 2012 --questionnaire "$quest" "$corpus/01-negative-count.yaml"
[ ! -e "$WORK/new.db" ] || fail "a failing compile created the store"
expect_status 2 "$AGGREGATOR" compile --db "$WORK/new.db" --year 2012 "$good"
expect_grep "needs --questionnaire" "$WORK/err"
# Nor does a first compile that fails while writing (here: the disk fills).
mkdir "$WORK/fresh"
got=0
(ulimit -f 16; trap '' XFSZ; "$AGGREGATOR" compile --db "$WORK/fresh/new.db" --year 2012 --questionnaire "$quest" "$good") \
	>"$WORK/out" 2>"$WORK/err" || got=$?
expect_equal 2 "$got" "status of a first compile on a full disk"
[ -z "$(ls -A "$WORK/fresh")" ] || fail "a failed first compile left files: $(ls -A "$WORK/fresh")"
expect_status 1 "$AGGREGATOR" compile --db "$db" "$good"
echo "refused $count bad files"
