#!/usr/bin/env bash
# The manual page renders without warnings and documents every command and option that
# --help lists.
source "$(dirname "$0")/lib.sh"
page=$SRC_DIR/docs/survey.1
command -v man >/dev/null || skip "man is not installed"
MANWIDTH=100 man --warnings -l "$page" >"$WORK/page" 2>"$WORK/warn" || fail "man failed: $(cat "$WORK/warn")"
[ ! -s "$WORK/warn" ] || fail "man warnings: $(cat "$WORK/warn")"
"$SURVEY" --help | sed -n '/^Commands:/,/^$/p' | sed '1d;/^$/d' | cut -c3-20 | sed 's/ *$//' >"$WORK/commands"
[ "$(wc -l <"$WORK/commands")" -ge 8 ] || fail "too few commands in --help"
while read -r cmd; do
	grep -q "survey $cmd" "$WORK/page" || fail "command '$cmd' missing from the manual page"
	# shellcheck disable=SC2086
	"$SURVEY" $cmd --help | grep -o -- '--[a-z]*' | sort -u | while read -r opt; do
		[ "$opt" = --help ] && continue
		grep -q -- "$opt" "$WORK/page" || fail "option $opt of '$cmd' missing from the manual page"
	done
done <"$WORK/commands"
for opt in --plain --person --lang; do
	grep -q -- "$opt" "$WORK/page" || fail "option $opt missing from the manual page"
done
echo ok
