#!/usr/bin/env bash
# Every program answers --help and --version; every subcommand answers --help; usage errors
# exit with status 1 and say what to try; data goes to stdout and messages to stderr.
source "$(dirname "$0")/lib.sh"

for prog in "$SURVEY" "$AGGREGATOR" "$RENDERER"; do
	name=$(basename "$prog")
	expect_status 0 "$prog" --version
	grep -Eq "^$name [0-9]+\.[0-9]+\.[0-9]+$" "$WORK/out" || fail "$name --version printed '$(cat "$WORK/out")'"
	expect_status 0 "$prog" --help
	expect_grep "Usage: $name" "$WORK/out"
	[ ! -s "$WORK/err" ] || fail "$name --help wrote to stderr"
	expect_status 1 "$prog" no-such-command
	expect_grep "unknown command 'no-such-command'" "$WORK/err"
	expect_grep "Try '$name --help'" "$WORK/err"
	[ ! -s "$WORK/out" ] || fail "$name wrote a usage error to stdout"

	# Each command listed by --help answers --help itself.
	"$prog" --help | sed -n '/^Commands:/,/^$/p' | sed '1d;/^$/d' |
		awk '{ if ($2 ~ /^[a-z]+$/ && $1 !~ /^-/) print $1 " " $2; else print $1 }' >"$WORK/commands"
	while read -r cmd; do
		# shellcheck disable=SC2086
		if ! "$prog" $cmd --help >"$WORK/out" 2>"$WORK/err"; then
			# a two-word guess may be a one-word command followed by its summary
			first=${cmd%% *}
			"$prog" "$first" --help >"$WORK/out" 2>"$WORK/err" || fail "$name $cmd --help failed"
		fi
		expect_grep "Usage: $name" "$WORK/out"
	done <"$WORK/commands"
done

# An unknown option is a usage error naming the option.
expect_status 1 "$SURVEY" validate --no-such-option x.yaml
expect_grep "unknown option '--no-such-option'" "$WORK/err"
