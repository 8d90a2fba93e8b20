#!/usr/bin/env bash
# survey validate: the shipped questionnaires are valid; every file of the bad corpus is
# rejected with exactly its expected messages (FILE:LINE:COL) and exit status 2.
source "$(dirname "$0")/lib.sh"

shopt -s nullglob
questionnaires=("$SRC_DIR"/questionnaires/*.yaml)
[ ${#questionnaires[@]} -gt 0 ] || fail "no questionnaires found"
expect_status 0 "$SURVEY" validate "${questionnaires[@]}"
[ "$(grep -c ': ok, questionnaire ' "$WORK/out")" -eq ${#questionnaires[@]} ] || fail "not every questionnaire reported ok"

corpus="$SRC_DIR/tests/data/bad-questionnaire"
count=0
cd "$corpus"
for f in *.yaml; do
	expect_status 2 "$SURVEY" validate "$f"
	[ ! -s "$WORK/out" ] || fail "$f: printed data on stdout for an invalid file"
	expect_corpus_messages "$f"
	count=$((count + 1))
done
[ "$count" -ge 20 ] || fail "the corpus has only $count files"

# Several files at once: valid ones still reported, status 2 for the batch.
cd "$WORK"
expect_status 2 "$SURVEY" validate "${questionnaires[0]}" "$corpus/06-duplicate-item-id.yaml"
expect_grep ": ok, questionnaire " "$WORK/out"
expect_grep "06-duplicate-item-id.yaml:14:9: duplicate item id 'S-01'" "$WORK/err"

# A missing file is an error too.
expect_status 2 "$SURVEY" validate "$WORK/does-not-exist.yaml"
expect_grep "cannot read" "$WORK/err"
# Messages are single lines of bounded length without control characters, whatever the file
# name or the text they quote.
esc_name=$'\e[2J\xc2\x9bname\a.yaml'
cp "$corpus/02-duplicate-key.yaml" "$WORK/$esc_name"
expect_status 2 "$SURVEY" validate "$WORK/$esc_name"
expect_grep "duplicate key 'fiscal_year'" "$WORK/err"
if LC_ALL=C grep -q $'[\x01-\x1f\x7f]\|\xc2[\x80-\x9f]' "$WORK/err"; then fail "control character in a message"; fi
long=$WORK/$(head -c 3000 /dev/zero | tr '\0' x).yaml
expect_status 2 "$SURVEY" validate "$long"
longest=$(LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m }' "$WORK/err")
[ "$longest" -le 2100 ] || fail "a message line of $longest bytes"
expect_grep "…" "$WORK/err"

echo "validated ${#questionnaires[@]} questionnaires and $count bad files"
